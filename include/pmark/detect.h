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

/**
 * pmark_detect_bytes:
 * @data: the file's bytes
 * @len: their length
 * @name: (nullable): the file's name, only to compare its extension with the
 *    content
 * @out: (out caller-allocates): the type found; clear it with
 *    pmark_file_type_clear()
 * @error: where to put an error, or %NULL
 *
 * Decides what a file really is from its content: libmagic, confirmed from
 * inside for zips (OOXML, OpenDocument), OLE2 files and messages.
 * Thread-safe: each thread gets its own libmagic handle.
 *
 * Returns: %TRUE when @out is filled (its `format` is %NULL when no reader
 *    takes the type)
 */
gboolean pmark_detect_bytes (const guint8 *data, gsize len, const char *name,
                             PmarkFileType *out, GError **error);
/**
 * pmark_file_type_clear:
 * @type: a type filled by pmark_detect_bytes()
 *
 * Frees the strings of @type and zeroes it.
 */
void pmark_file_type_clear (PmarkFileType *type);
/**
 * pmark_file_type_copy:
 * @dst: (out caller-allocates): the copy; its strings are not freed first
 * @src: the type to copy
 *
 * Copies a file type, duplicating its strings.
 */
void pmark_file_type_copy (PmarkFileType *dst, const PmarkFileType *src);

G_END_DECLS
