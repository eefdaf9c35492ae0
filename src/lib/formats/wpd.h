/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* WordPerfect through libwpd (librevenge's plain-text generator): the
 * module "wpd-reader" (wpd-reader.cc, C++), loaded by the process that
 * reads a WordPerfect document; wpd.c is its entry in the table of
 * formats. The module calls nothing in libpmark. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  PMARK_WPD_READ,       /* *text set */
  PMARK_WPD_ENCRYPTED,  /* password-protected */
  PMARK_WPD_UNREADABLE, /* *why says so */
} PmarkWpdStatus;

typedef struct {
  /* The document's text in UTF-8 (g_free), a paragraph a line. */
  PmarkWpdStatus (*text) (const guint8 *data, gsize len, char **text, char **why);
} PmarkWpdReader;

extern const PmarkWpdReader pmark_wpd_reader;

G_END_DECLS
