/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The type pmark gives age-encrypted files (binary or armored). */
#define PMARK_AGE_MIME "application/x-age-encrypted"

/* What a file really is, decided from its content. */
typedef struct {
  char *mime;            /* confirmed MIME type */
  char *magic_mime;      /* what libmagic said, before any confirmation
                          * (for zips and %PDF- files, which decide alone,
                          * the signature's type: libmagic is not asked) */
  char *format;          /* pmark format name, NULL when unsupported */
  char *extension;       /* lower-cased file name extension, or NULL */
  char *extension_type;  /* the type that extension implies, or NULL */
  gboolean extension_mismatch; /* extension implies a different type */
} PmarkFileType;

/* Detect from bytes; `name` (may be NULL) is only used to compare the
 * extension with the content. Thread-safe: each thread gets its own
 * libmagic handle. */
gboolean pmark_detect_bytes (const guint8 *data, gsize len, const char *name,
                             PmarkFileType *out, GError **error);
void pmark_file_type_clear (PmarkFileType *type);
/* Copies `src` into `dst` (whose strings are not freed first). */
void pmark_file_type_copy (PmarkFileType *dst, const PmarkFileType *src);

G_END_DECLS
