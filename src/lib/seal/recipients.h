/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* One file per recipient type (x25519.c, scrypt.c); this is what they
 * share. Unwrapping returns 1 with the file key, 0 when the stanza is not
 * for this identity, -1 with an error when the stanza is malformed. */
#pragma once

#include <pmark/seal.h>

#include "format.h"

G_BEGIN_DECLS

typedef enum { AGE_KIND_X25519, AGE_KIND_SCRYPT } AgeKind;

struct _PmarkAgeRecipient {
  AgeKind kind;
  guint8 public_key[32];    /* X25519 */
  char *passphrase;         /* scrypt, guarded memory */
  gsize passphrase_len;
  int log_n;
};

struct _PmarkAgeIdentity {
  AgeKind kind;
  guint8 *secret_key;       /* X25519, guarded memory */
  char *passphrase;         /* scrypt, guarded memory */
  gsize passphrase_len;
  int max_log_n;
};

#define AGE_X25519_TYPE "X25519"
#define AGE_SCRYPT_TYPE "scrypt"
#define AGE_RECIPIENT_HRP "age"
#define AGE_IDENTITY_HRP "AGE-SECRET-KEY-"

AgeStanza *age_x25519_wrap (const PmarkAgeRecipient *r,
                            const guint8 file_key[AGE_FILE_KEY_LEN]);
int age_x25519_unwrap (const PmarkAgeIdentity *id, const AgeStanza *s,
                       guint8 file_key[AGE_FILE_KEY_LEN], GError **error);

/* NULL (set) when scrypt cannot run (memory) */
AgeStanza *age_scrypt_wrap (const PmarkAgeRecipient *r,
                            const guint8 file_key[AGE_FILE_KEY_LEN], GError **error);
int age_scrypt_unwrap (const PmarkAgeIdentity *id, const AgeStanza *s,
                       guint8 file_key[AGE_FILE_KEY_LEN], GError **error);

/* Both wrap the file key the same way: ChaCha20-Poly1305, zero nonce. */
AgeStanza *age_wrap_file_key (const char *type, const char *const *args,
                              const guint8 key[AGE_KEY_LEN],
                              const guint8 file_key[AGE_FILE_KEY_LEN]);
/* 1, 0 (the tag does not verify: not this identity) or -1 (the body is
 * not a wrapped 16-byte key) */
int age_unwrap_file_key (const AgeStanza *s, const guint8 key[AGE_KEY_LEN],
                         guint8 file_key[AGE_FILE_KEY_LEN], GError **error);

char *age_secure_strdup (const char *s, gsize len);

G_END_DECLS
