/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* Decodes bytes of unknown encoding to UTF-8: a UTF-8 or UTF-16 byte order
 * mark decides; otherwise valid UTF-8 (NULs allowed) is taken as it is,
 * without a copy, and anything else as Windows-1252. Fails only on the
 * text budget. */
GBytes *pmark_text_decode (GBytes *input, const PmarkBudget *budget,
                           GError **error);

/* Appends `n` UTF-16LE code units (unaligned) as UTF-8, controls kept;
 * an unpaired surrogate becomes U+FFFD. */
void pmark_utf16le_append (GString *out, const guint8 *p, gsize n);

/* Appends one character as UTF-8: g_string_append_unichar() without its
 * insert machinery, for the readers' per-character loops. */
static inline void
pmark_string_append_char (GString *out, gunichar c)
{
  if (c < 0x80) {
    g_string_append_c (out, (char) c);
  } else {
    char buf[6];
    g_string_append_len (out, buf, g_unichar_to_utf8 (c, buf));
  }
}

/* A Windows-1252 byte as a character (U+FFFD for the undefined five). */
gunichar pmark_cp1252_char (guint8 b);

/* Appends `n` bytes of a Windows code page (1252 when 0) as UTF-8;
 * controls kept. A code page iconv does not know is read as 1252. */
void pmark_codepage_append (GString *out, const guint8 *p, gsize n,
                            guint codepage);

/* Whether `len` bytes are UTF-8, NULs allowed (pmark's text may hold
 * them; g_utf8_validate_len stops at one). */
gboolean pmark_utf8_valid (const char *data, gsize len);

G_END_DECLS
