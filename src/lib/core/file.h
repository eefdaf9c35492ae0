/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* pmark_file_read() is declared in <pmark/document.h>. */

/* The first `max` bytes of a regular file and its size; NULL when it is
 * not one (or cannot be opened: the whole read reports why). */
GBytes *pmark_file_read_head (const char *path, gsize max, guint64 *size);

G_END_DECLS
