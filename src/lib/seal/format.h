/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The age v1 header: version line, recipient stanzas, MAC. */
#pragma once

#include <glib.h>

#include "io.h"
#include "primitives.h"

G_BEGIN_DECLS

#define AGE_INTRO "age-encryption.org/v1\n"
#define AGE_STANZA_COLUMNS 64

typedef struct {
  char *type;
  char **args;      /* after the type; NULL-terminated */
  guint n_args;
  guint8 *body;
  gsize body_len;
} AgeStanza;

typedef struct {
  GPtrArray *stanzas;     /* AgeStanza* */
  guint8 mac[AGE_MAC_LEN];
  GByteArray *mac_input;  /* the header as read, up to and with "---" */
} AgeHeader;

AgeStanza *age_stanza_new (const char *type, const char *const *args,
                           const guint8 *body, gsize body_len);
void age_stanza_free (AgeStanza *s);

/* Reads the header; errors are PMARK_ERROR_AGE_HEADER. */
AgeHeader *age_header_read (AgeReader *r, GError **error);
void age_header_free (AgeHeader *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgeHeader, age_header_free)

/* HMAC-SHA256 under HKDF(file key, "header") */
void age_header_mac (const guint8 file_key[AGE_FILE_KEY_LEN],
                     const guint8 *data, gsize len, guint8 out[AGE_MAC_LEN]);
gboolean age_header_verify (const AgeHeader *h,
                            const guint8 file_key[AGE_FILE_KEY_LEN]);
/* The whole header, MAC line included. */
GString *age_header_encode (GPtrArray *stanzas,
                            const guint8 file_key[AGE_FILE_KEY_LEN]);

G_END_DECLS
