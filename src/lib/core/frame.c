/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "frame.h"

#define NULL_STRING 0xffffffffu

void
frame_put_u32 (GByteArray *b, guint32 v)
{
  g_byte_array_append (b, (const guint8 *) &v, 4);
}

void
frame_put_u64 (GByteArray *b, guint64 v)
{
  g_byte_array_append (b, (const guint8 *) &v, 8);
}

void
frame_put_str (GByteArray *b, const char *s)
{
  if (!s) {
    frame_put_u32 (b, NULL_STRING);
    return;
  }
  gsize n = strlen (s);
  frame_put_u32 (b, (guint32) n);
  g_byte_array_append (b, (const guint8 *) s, (guint) n);
}

void
frame_put_blob (GByteArray *b, const void *p, gsize n)
{
  frame_put_u64 (b, n);
  g_byte_array_append (b, p, (guint) n);
}

void
frame_cursor_init (FrameCursor *c, GBytes *all)
{
  gsize n;
  memset (c, 0, sizeof *c);
  c->all = all;
  c->base = c->p = g_bytes_get_data (all, &n);
  c->end = c->base + n;
}

gboolean
frame_take (FrameCursor *c, gsize n, const guint8 **out)
{
  if (c->bad || (gsize) (c->end - c->p) < n) {
    c->bad = TRUE;
    return FALSE;
  }
  *out = c->p;
  c->p += n;
  return TRUE;
}

guint32
frame_get_u32 (FrameCursor *c)
{
  const guint8 *p;
  guint32 v = 0;
  if (frame_take (c, 4, &p))
    memcpy (&v, p, 4);
  return v;
}

guint64
frame_get_u64 (FrameCursor *c)
{
  const guint8 *p;
  guint64 v = 0;
  if (frame_take (c, 8, &p))
    memcpy (&v, p, 8);
  return v;
}

char *
frame_get_str (FrameCursor *c)
{
  guint32 n = frame_get_u32 (c);
  const guint8 *p;
  if (n == NULL_STRING || !frame_take (c, n, &p))
    return NULL;
  if (memchr (p, 0, n)) {
    c->bad = TRUE;
    return NULL;
  }
  return g_strndup ((const char *) p, n);
}

GBytes *
frame_get_blob (FrameCursor *c)
{
  guint64 n = frame_get_u64 (c);
  const guint8 *p;
  if (n > G_MAXSIZE || !frame_take (c, (gsize) n, &p))
    return NULL;
  return g_bytes_new_from_bytes (c->all, (gsize) (p - c->base), (gsize) n);
}

gboolean
frame_cursor_done (const FrameCursor *c)
{
  return !c->bad && c->p == c->end;
}
