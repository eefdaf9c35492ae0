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

/* Headers are names: at least two, each with a letter and short (a
 * column's name, not a sentence: prose with commas is no table), empty
 * cells between them allowed (a sheet row ends in a tab). */
#define TABLE_HEADER_MAX 64
static gboolean
header_names (GPtrArray *head)
{
  guint names = 0;
  for (guint i = 0; i < head->len; i++) {
    const char *f = g_ptr_array_index (head, i);
    if (!*f)
      continue;
    if (!has_letter (f) || strlen (f) > TABLE_HEADER_MAX)
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
      guint rows = 0, same = 0, repeats = 0;
      for (guint i = h + 1; i < lines->len && rows < TABLE_SAMPLE; i++) {
        const Line *l = &g_array_index (lines, Line, i);
        if (!l->n || (l->n == 1 && l->s[0] == '\r'))
          continue;
        rows++;
        g_autoptr (GPtrArray) f = split_fields (l->s, l->n, delims[d]);
        same += f->len == head->len ? 1 : 0;
        /* rows that say what the header says are more of the same text */
        repeats += l->n == hl->n && !memcmp (l->s, hl->s, l->n) ? 1 : 0;
      }
      if (rows >= 2 && same * 10 >= rows * 9 && repeats * 2 < rows) {
        *header = h;
        return delims[d];
      }
    }
  }
  return 0;
}

/* A column header is the context of every cell under it ("NHS number"
 * above sixty numbers): each column becomes a part of its own, one line
 * per line of the file, "HEADER: value (FIRST HEADER: row's first cell)",
 * so that matches see the headers beside each value (a date of birth
 * beside the name its row is about) and reasons say "column C (NHS
 * number), line 7".
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
    /* the row's header (its first cell, when it is words: a name) is the
     * context of every cell in the row, as the column's header is */
    const char *row_head = f->len && has_letter (g_ptr_array_index (f, 0))
                             && *(char *) g_ptr_array_index (head, 0)
                             ? g_ptr_array_index (f, 0) : NULL;
    for (guint c = 0; c < head->len; c++) {
      const char *v = c < f->len ? g_ptr_array_index (f, c) : "";
      if (*v)
        g_string_append_printf (cols[c], "%s: %s",
                                (char *) g_ptr_array_index (head, c), v);
      if (*v && c > 0 && row_head)
        g_string_append_printf (cols[c], " (%s: %s)",
                                (char *) g_ptr_array_index (head, 0), row_head);
      g_string_append_c (cols[c], '\n');
    }
  }
  gboolean ok = TRUE;
  for (guint c = 0; c < head->len; c++) {
    const char *name = g_ptr_array_index (head, c);
    g_autofree char *letter = pmark_column_letters (c);
    g_autofree char *where = g_strdup_printf ("%s%scolumn %s (%s)",
                                              prefix ? prefix : "",
                                              prefix ? ", " : "", letter, name);
    gsize n = cols[c]->len;
    char *t = g_string_free (cols[c], FALSE);
    if (ok && *name) {
      ok = pmark_document_add_text (doc, budget, where, t, n, TRUE, error);
      if (ok) {
        PmarkTextPart *part = g_ptr_array_index (doc->parts, doc->parts->len - 1);
        part->column = TRUE;
      }
    } else {
      g_free (t);
    }
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
    } else if (*p == 'K') {
      /* a colour: &Krrggbb, or a theme colour &KttSnnn / &KttPnnn */
      int k = 0;
      while (k < 6 && p[1] && (g_ascii_isxdigit (p[1]) || ((p[1] == 'S' || p[1] == 'P') && k == 2))) {
        p++;
        k++;
      }
    }
    /* other codes (&P page, &D date, &A sheet, &B bold...) print nothing
     * that is a marking */
  }
  return g_string_free (out, FALSE);
}

gboolean
pmark_sheet_format_is_date (guint id, const char *code)
{
  /* built-in formats: 14-17 and 22 are dates (22 with a time), 27-36 and
   * 50-58 the East Asian dates; 18-21 and 45-47 are times only */
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36)
      || (id >= 50 && id <= 58))
    return TRUE;
  if (!code)
    return FALSE;
  /* a custom code is a date when it shows a day or a year outside its
   * quoted text, [colours] and \-escaped characters */
  for (const char *p = code; *p; p++) {
    if (*p == '"') {
      const char *q = strchr (p + 1, '"');
      if (!q)
        break;
      p = q;
    } else if (*p == '[') {
      const char *q = strchr (p + 1, ']');
      if (!q)
        break;
      p = q;
    } else if (*p == '\\' || *p == '_' || *p == '*') {
      if (!p[1])
        break;
      p++;
    } else if (*p == 'd' || *p == 'D' || *p == 'y' || *p == 'Y') {
      return TRUE;
    }
  }
  return FALSE;
}

char *
pmark_sheet_date_text (double serial, gboolean date1904)
{
  if (!(serial >= 1 && serial < 2958466))
    return NULL;
  guint days = (guint) serial;
  if (!date1904 && days == 60)
    return g_strdup ("29/02/1900"); /* Lotus 1-2-3's leap day, kept by Excel */
  g_autoptr (GDate) d = date1904 ? g_date_new_dmy (1, 1, 1904)
                        : days < 60 ? g_date_new_dmy (31, 12, 1899)
                                    : g_date_new_dmy (30, 12, 1899);
  g_date_add_days (d, days);
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (d), g_date_get_month (d),
                          g_date_get_year (d));
}

void
pmark_sheet_pad_rows (GString *text)
{
  guint width = 0, fields = 1;
  for (gsize i = 0; i < text->len; i++) {
    if (text->str[i] == '\t') {
      fields++;
    } else if (text->str[i] == '\n') {
      width = MAX (width, fields);
      fields = 1;
    }
  }
  width = MIN (width, 1024);
  GString *out = g_string_sized_new (text->len + 64);
  fields = 1;
  for (gsize i = 0; i < text->len; i++) {
    char c = text->str[i];
    if (c == '\n') {
      for (; fields < width; fields++)
        g_string_append_c (out, '\t');
      fields = 1;
    } else if (c == '\t') {
      fields++;
    }
    g_string_append_c (out, c);
  }
  g_string_truncate (text, 0);
  g_string_append_len (text, out->str, (gssize) out->len);
  g_string_free (out, TRUE);
}

gboolean
pmark_document_add_string (PmarkDocument *doc, const PmarkBudget *budget,
                           const char *where, GString *text, gboolean edges,
                           GError **error)
{
  gboolean blank = TRUE;
  for (gsize i = 0; i < text->len && blank; i++)
    blank = g_ascii_isspace (text->str[i]);
  if (blank) {
    g_string_free (text, TRUE);
    return TRUE;
  }
  if (edges)
    pmark_document_add_edge_lines (doc, text->str, text->len, where);
  gsize len = text->len;
  return pmark_document_add_text (doc, budget, where, g_string_free (text, FALSE),
                                  len, TRUE, error);
}

/* ---- tables in documents (Word, PowerPoint, OpenDocument, HTML) ----------
 * Built as the reader walks the table: rows by lines, cells by tabs, a
 * cell's paragraphs joined by spaces; a table inside a cell is that cell's
 * text. */
struct _PmarkTableBuilder {
  guint depth;       /* tables open */
  gboolean in_cell;
  gboolean row_has_cell;
  GString *tsv;      /* the outermost table's, while open */
};

PmarkTableBuilder *
pmark_table_builder_new (void)
{
  return g_new0 (PmarkTableBuilder, 1);
}

void
pmark_table_builder_free (PmarkTableBuilder *tb)
{
  if (!tb)
    return;
  if (tb->tsv)
    g_string_free (tb->tsv, TRUE);
  g_free (tb);
}

gboolean
pmark_table_active (const PmarkTableBuilder *tb)
{
  return tb && tb->depth > 0;
}

void
pmark_table_begin (PmarkTableBuilder *tb)
{
  if (tb->depth++ == 0) {
    tb->tsv = g_string_new (NULL);
    tb->in_cell = tb->row_has_cell = FALSE;
  } else {
    pmark_table_text (tb, " ", 1);
  }
}

void
pmark_table_row (PmarkTableBuilder *tb)
{
  if (tb->depth != 1)
    return;
  if (tb->tsv->len && tb->tsv->str[tb->tsv->len - 1] != '\n')
    g_string_append_c (tb->tsv, '\n');
  tb->row_has_cell = tb->in_cell = FALSE;
}

void
pmark_table_cell (PmarkTableBuilder *tb)
{
  if (tb->depth != 1)
    return;
  if (tb->row_has_cell)
    g_string_append_c (tb->tsv, '\t');
  tb->row_has_cell = tb->in_cell = TRUE;
}

void
pmark_table_text (PmarkTableBuilder *tb, const char *s, gsize n)
{
  if (!tb->depth || !tb->in_cell)
    return;
  for (gsize i = 0; i < n; i++) {
    char c = s[i];
    /* a cell's own tabs and line breaks would split it */
    if (c == '\t' || c == '\n' || c == '\r')
      c = ' ';
    if (c == ' ' && (!tb->tsv->len || tb->tsv->str[tb->tsv->len - 1] == ' '
                     || tb->tsv->str[tb->tsv->len - 1] == '\t'))
      continue;
    g_string_append_c (tb->tsv, c);
  }
}

void
pmark_table_break (PmarkTableBuilder *tb)
{
  pmark_table_text (tb, " ", 1);
}

GString *
pmark_table_end (PmarkTableBuilder *tb)
{
  if (!tb->depth)
    return NULL;
  if (--tb->depth > 0)
    return NULL;
  GString *tsv = g_steal_pointer (&tb->tsv);
  g_string_append_c (tsv, '\n');
  pmark_sheet_pad_rows (tsv);
  return tsv;
}

void
pmark_table_tsv_free (gpointer tsv)
{
  g_string_free (tsv, TRUE);
}

gboolean
pmark_document_add_tables (PmarkDocument *doc, const PmarkBudget *budget,
                           const char *where, GPtrArray *tables, GError **error)
{
  for (guint i = 0; tables && i < tables->len; i++) {
    const GString *tsv = g_ptr_array_index (tables, i);
    g_autofree char *prefix = g_strdup_printf ("%s%stable %u", where ? where : "",
                                               where ? ", " : "", i + 1);
    if (!pmark_document_add_columns (doc, budget, prefix, tsv->str, tsv->len, '\t', error))
      return FALSE;
  }
  return TRUE;
}
