/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Plain text: the marking as the first and the last line(s). An earlier
 * marking by pmark, recognised by the same lines at the top and bottom,
 * is replaced. Text in UTF-8 or an ASCII-compatible encoding only: the
 * marking is ASCII; UTF-16 text is refused rather than mixed. */
#include "config.h"

#include <string.h>

#include "stamp.h"

/* `text` without pmark's earlier lines, if both ends carry them */
static gboolean
strip_earlier (const char **text, gsize *len, const char *const *lines, guint n)
{
  /* the earlier marking may be another level: any line that the job's
   * lines could have been is unknowable, so pmark's block is recognised
   * by its shape: n lines at the top equal to the n lines at the bottom */
  const char *p = *text, *end = *text + *len;
  const char *top_end = p;
  for (guint i = 0; i < n; i++) {
    const char *nl = memchr (top_end, '\n', end - top_end);
    if (!nl)
      return FALSE;
    top_end = nl + 1;
  }
  gsize block = top_end - p;
  if (*len < 2 * block || memcmp (p, end - block, block))
    return FALSE;
  /* and every line of the block looks like a marking: capitals */
  for (const char *c = p; c < top_end; c++)
    if (g_ascii_islower (*c))
      return FALSE;
  *text = top_end;
  *len -= 2 * block;
  (void) lines;
  return TRUE;
}

gboolean
pmark_stamp_text (const PmarkStampJob *job, GError **error)
{
  gsize len;
  const char *text = g_bytes_get_data (job->input, &len);
  if (!text)
    text = ""; /* an empty file: no NULL into memchr and memmem */
  if ((len >= 2 && ((guchar) text[0] == 0xff || (guchar) text[0] == 0xfe))
      || memchr (text, '\0', len)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "pmark stamps text in UTF-8 or an ASCII-compatible encoding, "
                 "not UTF-16");
    return FALSE;
  }
  guint n = g_strv_length ((char **) job->lines);
  gboolean bom = len >= 3 && !memcmp (text, "\xef\xbb\xbf", 3);
  if (bom) {
    text += 3;
    len -= 3;
  }
  const char *eol = memmem (text, len, "\r\n", 2) ? "\r\n" : "\n";
  g_autoptr (GString) block = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (block, "%s%s", job->lines[i], eol);
  strip_earlier (&text, &len, job->lines, n);
  /* written in turn: the text is not copied */
  gboolean end_line = len && text[len - 1] != '\n';
  return (!bom || stamp_write_bytes (job, "\xef\xbb\xbf", 3, error))
         && stamp_write_bytes (job, block->str, block->len, error)
         && stamp_write_bytes (job, text, len, error)
         && (!end_line || stamp_write_bytes (job, eol, strlen (eol), error))
         && stamp_write_bytes (job, block->str, block->len, error);
}
