/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A compact binary framing: numbers in the host's byte order, strings
 * and blobs with their length before them. The worker protocol's
 * requests and answers are built with it (formats/worker.c), and the
 * layers that send work of their own to a worker frame their part of the
 * request with it too (stamp/sandbox.c). Both ends are the same build of
 * libpmark on the same machine. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void frame_put_u32 (GByteArray *b, guint32 v);
void frame_put_u64 (GByteArray *b, guint64 v);
/* NULL is sent as such, told apart from "" */
void frame_put_str (GByteArray *b, const char *s);
void frame_put_blob (GByteArray *b, const void *p, gsize n);

/* Reading a frame: every get past the end, or of a malformed value, sets
 * `bad` and returns 0 or NULL; check `bad` (and that p reached end) once
 * at the end. */
typedef struct {
  GBytes *all;
  const guint8 *base, *p, *end;
  gboolean bad;
} FrameCursor;

/* A cursor over `all` (not referenced: it must outlive the cursor). */
void frame_cursor_init (FrameCursor *c, GBytes *all);
/* `n` bytes in place, or FALSE (and bad) when fewer are left. */
gboolean frame_take (FrameCursor *c, gsize n, const guint8 **out);
guint32 frame_get_u32 (FrameCursor *c);
guint64 frame_get_u64 (FrameCursor *c);
/* A new string, or NULL (sent as NULL, or bad: one with a NUL inside is
 * bad, frame_put_str never sends one). */
char *frame_get_str (FrameCursor *c);
/* A slice of the frame, not a copy, or NULL. */
GBytes *frame_get_blob (FrameCursor *c);
/* TRUE when everything was read and nothing was bad. */
gboolean frame_cursor_done (const FrameCursor *c);

G_END_DECLS
