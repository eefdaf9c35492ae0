/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tables in text: CSV and TSV files, and spreadsheet sheets as readers
 * write them (cells by tabs, rows by lines). A column header is the
 * context of the cells under it. */
#include "config.h"

#include <string.h>

#include "format.h"

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

/* Headers are names: at least two, each with a letter (empty cells
 * between them allowed: a sheet row ends in a tab). */
static gboolean
header_names (GPtrArray *head)
{
  guint names = 0;
  for (guint i = 0; i < head->len; i++) {
    const char *f = g_ptr_array_index (head, i);
    if (!*f)
      continue;
    if (!has_letter (f))
      return FALSE;
    names++;
  }
  return names >= 2;
}

/* A header row (one of the first few non-empty lines: a title may stand
 * above it), then rows with as many fields: the delimiter, or 0. */
#define TABLE_SAMPLE 50
#define TABLE_HEADER_TRIES 5
static char
table_delimiter (GArray *lines, char hint, guint *header)
{
  static const char delims[] = { ',', '\t', ';', '|' };
  guint tried = 0;
  for (guint h = 0; h < lines->len && tried < TABLE_HEADER_TRIES; h++) {
    const Line *hl = &g_array_index (lines, Line, h);
    if (!hl->n || (hl->n == 1 && hl->s[0] == '\r'))
      continue;
    tried++;
    for (gsize d = 0; d < G_N_ELEMENTS (delims); d++) {
      if (hint && delims[d] != hint)
        continue;
      g_autoptr (GPtrArray) head = split_fields (hl->s, hl->n, delims[d]);
      if (!header_names (head))
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
 * beside each value and reasons say "column C (NHS number), line 7".
 * The lines of a column part are the lines of `text`. */
gboolean
pmark_document_add_columns (PmarkDocument *doc, const PmarkBudget *budget,
                            const char *prefix, const char *text, gsize len,
                            char delim_hint, GError **error)
{
  g_autoptr (GArray) lines = lines_of (text, len);
  guint h = 0;
  char delim = table_delimiter (lines, delim_hint, &h);
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
    g_autofree char *where = g_strdup_printf ("%s%scolumn %s (%s)",
                                              prefix ? prefix : "",
                                              prefix ? ", " : "", letter, name);
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


/* A sheet header or footer as printed: &L &C &R start sections (new
 * lines), && is an ampersand, &"font" &12 and the field codes (&P page,
 * &D date, &A sheet, &B bold...) print nothing that is a marking. */
char *
pmark_sheet_header_text (const char *s)
{
  GString *out = g_string_new (NULL);
  for (const char *p = s; *p; p++) {
    if (*p != '&') {
      g_string_append_c (out, *p);
      continue;
    }
    p++;
    if (!*p)
      break;
    if (*p == '&') {
      g_string_append_c (out, '&');
    } else if (*p == 'L' || *p == 'C' || *p == 'R') {
      if (out->len && out->str[out->len - 1] != '\n')
        g_string_append_c (out, '\n');
    } else if (*p == '"') {
      const char *q = strchr (p + 1, '"');
      if (!q)
        break;
      p = q;
    } else if (g_ascii_isdigit (*p)) {
      while (g_ascii_isdigit (p[1]))
        p++;
    }
    /* other codes (&P page, &D date, &A sheet, &B bold...) print nothing
     * that is a marking */
  }
  return g_string_free (out, FALSE);
}
