/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Buffered reading of an age file from a GInputStream, through the ASCII
 * armor when the input is armored (armor.c), and writing through it. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _AgeReader AgeReader;

/* Looks at the start of `in` (up to 1 KiB of leading whitespace, then
 * "-----BEGIN AGE ENCRYPTED FILE-----") to decide whether it is armored. */
AgeReader *age_reader_new (GInputStream *in, GError **error);
void age_reader_free (AgeReader *r);
gboolean age_reader_armored (const AgeReader *r);
/* Reads up to `n` bytes, short only at the end; 0 at the end, -1 on error. */
gssize age_reader_read (AgeReader *r, guint8 *buf, gsize n, GError **error);
/* One line with its '\n' (or what is left at the end, without one);
 * NULL with no error at the end; error when longer than `max`. */
GString *age_reader_line (AgeReader *r, gsize max, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgeReader, age_reader_free)

typedef struct _AgeWriter AgeWriter;

AgeWriter *age_writer_new (GOutputStream *out, gboolean armor);
gboolean age_writer_write (AgeWriter *w, const guint8 *buf, gsize n,
                           GError **error);
/* Flushes (the armor's last line and footer); does not close `out`. */
gboolean age_writer_finish (AgeWriter *w, GError **error);
void age_writer_free (AgeWriter *w);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgeWriter, age_writer_free)

/* The raw input under the reader: a buffer over the stream. */
typedef struct {
  GInputStream *in;
  guint8 *buf;
  gsize cap, pos, len;
  gboolean eof;
} AgeRaw;

/* Makes at least `want` bytes available (fewer only at the end). */
gboolean age_raw_fill (AgeRaw *raw, gsize want, GError **error);
GString *age_raw_line (AgeRaw *raw, gsize max, GError **error);

G_END_DECLS
