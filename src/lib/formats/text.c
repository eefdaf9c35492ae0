/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Plain text: UTF-8, UTF-16 with a byte order mark, or Windows-1252. */
#include "config.h"

#include <string.h>

#include "format.h"
#include "core/textdecode.h"

/* Text types with structure of their own get their own extractor; reading
 * their markup as prose would be guessing. */
static const char *const not_plain[] = { "text/html", "text/xml", "text/rtf",
                                         NULL };

static gboolean
text_sniff (const PmarkSniffInfo *info)
{
  if (strcmp (info->mime, "application/x-empty") == 0)
    return TRUE;
  if (!g_str_has_prefix (info->mime, "text/"))
    return FALSE;
  return !g_strv_contains (not_plain, info->mime);
}

/* ---- delimited tables (CSV, TSV) ------------------------------------ */

/* The fields of one line: quoted fields ("a, b" and "" for a quote) are
 * unquoted; a quote left open runs to the end of the line. */
static GPtrArray *
split_fields (const char *s, gsize n, char delim)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GString *f = g_string_new (NULL);
  gboolean quoted = FALSE;
  for (gsize i = 0; i < n; i++) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < n && s[i + 1] == '"')
        g_string_append_c (f, '"'), i++;
      else if (c == '"')
        quoted = FALSE;
      else
        g_string_append_c (f, c);
    } else if (c == '"' && !f->len) {
      quoted = TRUE;
    } else if (c == delim) {
      g_ptr_array_add (out, g_strstrip (g_string_free (f, FALSE)));
      f = g_string_new (NULL);
    } else if (c != '\r') {
      g_string_append_c (f, c);
    }
  }
  g_ptr_array_add (out, g_strstrip (g_string_free (f, FALSE)));
  return out;
}

typedef struct {
  const char *s;
  gsize n;
} Line;

static GArray *
lines_of (const char *text, gsize len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    Line l = { p, (gsize) ((nl ? nl : end) - p) };
    g_array_append_val (lines, l);
    p = nl ? nl + 1 : end;
  }
  return lines;
}

static gboolean
has_letter (const char *s)
{
  for (; *s; s++)
    if (g_ascii_isalpha (*s))
      return TRUE;
  return FALSE;
}

/* A header row, then rows with as many fields: the delimiter, or 0. */
#define TABLE_SAMPLE 50
static char
table_delimiter (GArray *lines, guint *header)
{
  static const char delims[] = { ',', '\t', ';', '|' };
  guint h = 0;
  while (h < lines->len && !g_array_index (lines, Line, h).n)
    h++;
  if (h >= lines->len)
    return 0;
  const Line *hl = &g_array_index (lines, Line, h);
  for (gsize d = 0; d < G_N_ELEMENTS (delims); d++) {
    g_autoptr (GPtrArray) head = split_fields (hl->s, hl->n, delims[d]);
    if (head->len < 2)
      continue;
    /* headers are names: each has a letter, none is a number */
    gboolean names = TRUE;
    for (guint i = 0; i < head->len && names; i++)
      names = has_letter (g_ptr_array_index (head, i));
    if (!names)
      continue;
    guint rows = 0, same = 0;
    for (guint i = h + 1; i < lines->len && rows < TABLE_SAMPLE; i++) {
      const Line *l = &g_array_index (lines, Line, i);
      if (!l->n || (l->n == 1 && l->s[0] == '\r'))
        continue;
      rows++;
      g_autoptr (GPtrArray) f = split_fields (l->s, l->n, delims[d]);
      same += f->len == head->len ? 1 : 0;
    }
    if (rows >= 2 && same * 10 >= rows * 9) {
      *header = h;
      return delims[d];
    }
  }
  return 0;
}

static char *
column_name (guint c)
{
  GString *s = g_string_new (NULL);
  for (c++; c; c = (c - 1) / 26)
    g_string_prepend_c (s, (char) ('A' + (c - 1) % 26));
  return g_string_free (s, FALSE);
}

/* A column header is the context of every cell under it ("NHS number"
 * above sixty numbers): each column becomes a part of its own, one line
 * per line of the file, "HEADER: value", so that matches see the header
 * beside each value and reasons say "column C (NHS number), line 7". */
static gboolean
add_columns (PmarkDocument *doc, const PmarkBudget *budget, const char *text,
             gsize len, GError **error)
{
  g_autoptr (GArray) lines = lines_of (text, len);
  guint h = 0;
  char delim = table_delimiter (lines, &h);
  if (!delim)
    return TRUE;
  const Line *hl = &g_array_index (lines, Line, h);
  g_autoptr (GPtrArray) head = split_fields (hl->s, hl->n, delim);
  GString **cols = g_new0 (GString *, head->len);
  for (guint c = 0; c < head->len; c++) {
    cols[c] = g_string_new (NULL);
    for (guint i = 0; i < h; i++)
      g_string_append_c (cols[c], '\n');
    g_string_append_printf (cols[c], "%s\n", (char *) g_ptr_array_index (head, c));
  }
  for (guint i = h + 1; i < lines->len; i++) {
    const Line *l = &g_array_index (lines, Line, i);
    g_autoptr (GPtrArray) f = split_fields (l->s, l->n, delim);
    for (guint c = 0; c < head->len; c++) {
      const char *v = c < f->len ? g_ptr_array_index (f, c) : "";
      if (*v)
        g_string_append_printf (cols[c], "%s: %s",
                                (char *) g_ptr_array_index (head, c), v);
      g_string_append_c (cols[c], '\n');
    }
  }
  gboolean ok = TRUE;
  for (guint c = 0; c < head->len; c++) {
    const char *name = g_ptr_array_index (head, c);
    g_autofree char *letter = column_name (c);
    g_autofree char *where = *name ? g_strdup_printf ("column %s (%s)", letter, name)
                                   : g_strdup_printf ("column %s", letter);
    gsize n = cols[c]->len;
    char *t = g_string_free (cols[c], FALSE);
    if (ok && *name)
      ok = pmark_document_add_text (doc, budget, where, t, n, TRUE, error);
    else
      g_free (t);
  }
  g_free (cols);
  return ok;
}

static gboolean
text_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
              GError **error)
{
  GBytes *text = pmark_text_decode (input, budget, error);
  if (!text || !pmark_document_add_text_bytes (doc, budget, NULL, text, TRUE,
                                               error))
    return FALSE;
  gsize len;
  const char *data = g_bytes_get_data (text, &len);
  return add_columns (doc, budget, data, len, error);
}

static gboolean
text_read_marking (PmarkDocument *doc, GBytes *input,
                   const PmarkBudget *budget, GError **error)
{
  /* the file itself, not the column views of it */
  const PmarkTextPart *part = doc->parts->len ? g_ptr_array_index (doc->parts, 0)
                                              : NULL;
  if (part)
    pmark_document_add_edge_lines (doc, part->text, part->len, part->where);
  return TRUE;
}

const PmarkFormat pmark_format_text = {
  .name = "text",
  .description = "Plain text (UTF-8, UTF-16 with BOM, Windows-1252)",
  .sniff = text_sniff,
  .extract = text_extract,
  .read_marking = text_read_marking,
  .stamp = pmark_stamp_text,
};
