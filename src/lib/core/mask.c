/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <pmark/pmark.h>

char *
pmark_mask (const char *text, gsize len)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) len);
  GString *out = g_string_sized_new (len + 4);
  guint total = 0, keep_head, keep_tail, seen = 0;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      total++;

  /* Long identifiers keep 3 + 2 (enough to tell two apart in a report);
   * short values keep less so that most of them is always hidden. */
  if (total >= 8)
    keep_head = 3, keep_tail = 2;
  else if (total >= 5)
    keep_head = 1, keep_tail = 1;
  else
    keep_head = 0, keep_tail = 0;

  for (const char *p = valid; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (g_unichar_isalnum (c)) {
      if (seen < keep_head || seen >= total - keep_tail)
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, '*');
      seen++;
    } else if (g_unichar_isspace (c)) {
      g_string_append_c (out, ' ');
    } else {
      g_string_append_unichar (out, c);
    }
  }
  return g_string_free (out, FALSE);
}

char *
pmark_mask_name (const char *text, gsize len)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) len);
  GString *out = g_string_sized_new (len + 4);
  gboolean start = TRUE;
  for (const char *p = valid; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (g_unichar_isalpha (c) || g_unichar_ismark (c)) {
      if (start)
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, '*');
      start = FALSE;
    } else if (g_unichar_isdigit (c)) {
      g_string_append_c (out, '*');
      start = FALSE;
    } else {
      g_string_append_c (out, g_unichar_isspace (c) ? ' ' : c < 0x80 ? (char) c : '*');
      start = TRUE;
    }
  }
  return g_string_free (out, FALSE);
}
