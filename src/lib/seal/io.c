/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <pmark/error.h>

#include "armor.h"

#define RAW_CHUNK (64 * 1024)

gboolean
age_raw_fill (AgeRaw *raw, gsize want, GError **error)
{
  while (!raw->eof && raw->len - raw->pos < want) {
    if (raw->pos) {
      memmove (raw->buf, raw->buf + raw->pos, raw->len - raw->pos);
      raw->len -= raw->pos;
      raw->pos = 0;
    }
    if (raw->cap - raw->len < RAW_CHUNK || raw->cap < want) {
      raw->cap = MAX (raw->cap * 2, MAX (want, raw->len + RAW_CHUNK));
      raw->buf = g_realloc (raw->buf, raw->cap);
    }
    GError *e = NULL;
    gssize got = g_input_stream_read (raw->in, raw->buf + raw->len,
                                      raw->cap - raw->len, NULL, &e);
    if (got < 0) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "read failed: %s", e->message);
      g_error_free (e);
      return FALSE;
    }
    if (got == 0)
      raw->eof = TRUE;
    raw->len += got;
  }
  return TRUE;
}

GString *
age_raw_line (AgeRaw *raw, gsize max, GError **error)
{
  gsize scanned = 0;
  for (;;) {
    const guint8 *start = raw->buf + raw->pos;
    gsize avail = raw->len - raw->pos;
    const guint8 *nl = avail > scanned ? memchr (start + scanned, '\n', avail - scanned) : NULL;
    if (nl || raw->eof || avail > max) {
      gsize n = nl ? (gsize) (nl - start) + 1 : avail;
      if (n > max) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER,
                     "a line longer than %" G_GSIZE_FORMAT " bytes", max);
        return NULL;
      }
      if (n == 0)
        return NULL;
      GString *s = g_string_new_len ((const char *) start, n);
      raw->pos += n;
      return s;
    }
    scanned = avail;
    if (!age_raw_fill (raw, avail + 1, error))
      return NULL;
  }
}

struct _AgeReader {
  AgeRaw raw;
  gboolean armored, armor_done;
  guint8 armor_buf[AGE_ARMOR_LINE_BYTES];
  gsize armor_pos, armor_len;
};

AgeReader *
age_reader_new (GInputStream *in, GError **error)
{
  AgeReader *r = g_new0 (AgeReader, 1);
  r->raw.in = g_object_ref (in);
  GError *e = NULL;
  r->armored = age_armor_detect (&r->raw, &e);
  if (e || (r->armored && !age_armor_begin (&r->raw, &e))) {
    g_propagate_error (error, e);
    age_reader_free (r);
    return NULL;
  }
  return r;
}

void
age_reader_free (AgeReader *r)
{
  if (!r)
    return;
  g_object_unref (r->raw.in);
  g_free (r->raw.buf);
  g_free (r);
}

gboolean
age_reader_armored (const AgeReader *r)
{
  return r->armored;
}

/* the next armored line's bytes */
static gboolean
armor_refill (AgeReader *r, GError **error)
{
  while (r->armor_pos == r->armor_len && !r->armor_done) {
    r->armor_pos = 0;
    if (!age_armor_next (&r->raw, r->armor_buf, &r->armor_len, &r->armor_done, error))
      return FALSE;
  }
  return TRUE;
}

gssize
age_reader_read (AgeReader *r, guint8 *buf, gsize n, GError **error)
{
  gsize done = 0;
  if (!r->armored) {
    while (done < n) {
      AgeRaw *raw = &r->raw;
      if (raw->pos == raw->len) {
        if (raw->eof)
          break;
        /* large reads go straight to the caller's buffer */
        if (n - done >= RAW_CHUNK) {
          GError *e = NULL;
          gssize got = g_input_stream_read (raw->in, buf + done, n - done, NULL, &e);
          if (got < 0) {
            g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "read failed: %s", e->message);
            g_error_free (e);
            return -1;
          }
          if (got == 0)
            raw->eof = TRUE;
          done += got;
          continue;
        }
        if (!age_raw_fill (raw, 1, error))
          return -1;
        continue;
      }
      gsize k = MIN (n - done, raw->len - raw->pos);
      memcpy (buf + done, raw->buf + raw->pos, k);
      raw->pos += k;
      done += k;
    }
    return done;
  }
  while (done < n) {
    if (!armor_refill (r, error))
      return -1;
    if (r->armor_pos == r->armor_len)
      break;
    gsize k = MIN (n - done, r->armor_len - r->armor_pos);
    memcpy (buf + done, r->armor_buf + r->armor_pos, k);
    r->armor_pos += k;
    done += k;
  }
  return done;
}

GString *
age_reader_line (AgeReader *r, gsize max, GError **error)
{
  if (!r->armored)
    return age_raw_line (&r->raw, max, error);
  GString *s = g_string_new (NULL);
  for (;;) {
    if (!armor_refill (r, error)) {
      g_string_free (s, TRUE);
      return NULL;
    }
    if (r->armor_pos == r->armor_len)
      break;
    guint8 c = r->armor_buf[r->armor_pos++];
    g_string_append_c (s, c);
    if (c == '\n')
      break;
    if (s->len > max) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER,
                   "a line longer than %" G_GSIZE_FORMAT " bytes", max);
      g_string_free (s, TRUE);
      return NULL;
    }
  }
  if (!s->len) {
    g_string_free (s, TRUE);
    return NULL;
  }
  return s;
}

/* ---- writing ----------------------------------------------------------- */

struct _AgeWriter {
  GOutputStream *out;
  gboolean armor;
  guint8 pending[AGE_ARMOR_LINE_BYTES];
  gsize npending;
  GString *lines;
};

AgeWriter *
age_writer_new (GOutputStream *out, gboolean armor)
{
  AgeWriter *w = g_new0 (AgeWriter, 1);
  w->out = g_object_ref (out);
  w->armor = armor;
  w->lines = g_string_new (armor ? AGE_ARMOR_BEGIN "\n" : NULL);
  return w;
}

static gboolean
put (AgeWriter *w, const void *buf, gsize n, GError **error)
{
  GError *e = NULL;
  if (!g_output_stream_write_all (w->out, buf, n, NULL, NULL, &e)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "write failed: %s", e->message);
    g_error_free (e);
    return FALSE;
  }
  return TRUE;
}

gboolean
age_writer_write (AgeWriter *w, const guint8 *buf, gsize n, GError **error)
{
  if (!w->armor)
    return put (w, buf, n, error);
  while (n) {
    gsize k = MIN (n, AGE_ARMOR_LINE_BYTES - w->npending);
    memcpy (w->pending + w->npending, buf, k);
    w->npending += k;
    buf += k;
    n -= k;
    if (w->npending == AGE_ARMOR_LINE_BYTES) {
      age_armor_encode_line (w->lines, w->pending, w->npending);
      w->npending = 0;
    }
    if (w->lines->len >= 64 * 1024) {
      if (!put (w, w->lines->str, w->lines->len, error))
        return FALSE;
      g_string_truncate (w->lines, 0);
    }
  }
  return TRUE;
}

gboolean
age_writer_finish (AgeWriter *w, GError **error)
{
  if (!w->armor)
    return TRUE;
  if (w->npending)
    age_armor_encode_line (w->lines, w->pending, w->npending);
  w->npending = 0;
  g_string_append (w->lines, AGE_ARMOR_END "\n");
  gboolean ok = put (w, w->lines->str, w->lines->len, error);
  g_string_truncate (w->lines, 0);
  return ok;
}

void
age_writer_free (AgeWriter *w)
{
  if (!w)
    return;
  g_object_unref (w->out);
  g_string_free (w->lines, TRUE);
  g_free (w);
}
