/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <pmark/mask.h>

char *
pmark_printable (const char *s, gboolean controls)
{
  if (!s)
    return NULL;
  gsize n = strlen (s);
  const char *end;
  gboolean valid = g_utf8_validate (s, (gssize) n, &end);
  gboolean clean = valid;
  for (const char *p = s; clean && controls && *p; p++)
    clean = !((guchar) *p < 0x20 || (guchar) *p == 0x7f);
  if (clean)
    return NULL;
  GString *out = g_string_sized_new (n + 16);
  const char *p = s, *stop = s + n;
  while (p < stop) {
    gunichar c = g_utf8_get_char_validated (p, stop - p);
    if (c == (gunichar) -1 || c == (gunichar) -2) {
      g_string_append_printf (out, "\\x%02X", (guchar) *p);
      p++;
      continue;
    }
    const char *next = g_utf8_next_char (p);
    if (controls && (c < 0x20 || c == 0x7f)) {
      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else
        g_string_append_printf (out, "\\x%02X", (guint) c);
    } else {
      g_string_append_len (out, p, next - p);
    }
    p = next;
  }
  return g_string_free (out, FALSE);
}
