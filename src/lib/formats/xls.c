/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Excel 97-2003 (.xls, BIFF8) and Excel 5.0/95 (BIFF5) workbooks: the
 * record stream of [MS-XLS]; Excel 2.x, 3.0 and 4.0 worksheets and 4.0
 * workbooks (BIFF2-4: the same kind of record stream, bare, not in a
 * compound file, with a few records of their own). Cells (shared strings, labels, numbers,
 * cached formula results), sheet names, headers and footers, and the
 * text of comments and text boxes (TXO). Each sheet is a part whose lines
 * are its rows, cells split by tabs in their columns, so that a column
 * header is the context of the cells under it (table.c). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/document-private.h"
#include "core/textdecode.h"
#include "ole.h"

enum {
  R_FORMULA = 0x0006, R_EOF = 0x000A, R_HEADER = 0x0014, R_FOOTER = 0x0015,
  R_FILEPASS = 0x002F, R_CONTINUE = 0x003C, R_CODEPAGE = 0x0042,
  R_BOUNDSHEET = 0x0085, R_MULRK = 0x00BD, R_RSTRING = 0x00D6, R_SST = 0x00FC,
  R_LABELSST = 0x00FD, R_TXO = 0x01B6, R_NUMBER = 0x0203, R_LABEL = 0x0204,
  R_BOOLERR = 0x0205, R_STRING = 0x0207, R_RK = 0x027E, R_BOF = 0x0809,
  R_SERIESTEXT = 0x100D, R_XF = 0x00E0, R_FORMAT = 0x041E, R_FORMAT5 = 0x001E,
  R_DATEMODE = 0x0022,
  /* BIFF2-4's own */
  R2_INTEGER = 0x0002, R2_NUMBER = 0x0003, R2_LABEL = 0x0004, R2_BOOLERR = 0x0005,
  R2_STRING = 0x0007, R2_BOF = 0x0009, R3_BOF = 0x0209, R4_BOF = 0x0409,
  R3_FORMULA = 0x0206, R4_FORMULA = 0x0406, R4_BUNDLESHEET = 0x008F,
};

/* BIFF2 cells carry three bytes of attributes where later ones carry a
 * format index: their value starts a byte later */
#define BIFF2_VALUE 7

#define XLS_MAX_COLS 256 /* BIFF8's last column is IV */

typedef struct {
  guint32 row, col;
  char *text;
} Cell;

typedef struct {
  guint32 offset; /* of the sheet's BOF in the stream */
  char *name;
} Sheet;

typedef struct {
  const guint8 *s;
  gsize len;
  gboolean biff8;
  guint biff;       /* 2, 3 or 4 for a bare BIFF2-4 stream, else 0 */
  guint codepage;
  GPtrArray *sst;   /* char* */
  GArray *sheets;   /* Sheet */
  GArray *cells;    /* Cell, of the sheet being read */
  GString *hf;      /* its headers and footers */
  GString *notes;   /* its comments and text boxes */
  GArray *xf;       /* guint16: each cell format's number format */
  GHashTable *date_formats; /* custom number formats that show dates */
  gboolean date1904;
  gint pending;     /* a formula cell waiting for its STRING record, or -1 */
} Xls;

/* The BIFF version of a bare Excel 2.x-4.0 record stream (its first
 * record a BOF of a worksheet, chart, macro sheet or 4.0 workbook), or 0 */
static guint
bare_biff (const guint8 *d, gsize n)
{
  if (n < 8 || d[0] != 0x09 || (d[1] != 0x00 && d[1] != 0x02 && d[1] != 0x04))
    return 0;
  guint16 len = ole_u16 (d, n, 2), dt = ole_u16 (d, n, 6);
  if (len < 4 || len > 16
      || (dt != 0x0010 && dt != 0x0020 && dt != 0x0040 && dt != 0x0100))
    return 0;
  return d[1] == 0x00 ? 2 : d[1] == 0x02 ? 3 : 4;
}

static guint
xls_sniff (const PmarkSniffInfo *info)
{
  if (bare_biff (info->data, info->len))
    return PMARK_SNIFF_CONTENT;
  return ole_sniff (info) == OLE_KIND_EXCEL ? PMARK_SNIFF_CONTENT : 0;
}

/* ---- strings, which may run on into CONTINUE records ---- */

typedef struct {
  const Xls *x;
  gsize rec;  /* offset of the current record's header */
  gsize pos;  /* read position in the stream */
  gsize end;  /* end of the current record's data */
} Cursor;

static gboolean
cursor_next_record (Cursor *c)
{
  gsize at = c->end;
  if (ole_u16 (c->x->s, c->x->len, at) != R_CONTINUE || at + 4 > c->x->len)
    return FALSE;
  c->rec = at;
  c->pos = at + 4;
  c->end = MIN (c->pos + ole_u16 (c->x->s, c->x->len, at + 2), c->x->len);
  return TRUE;
}

static gboolean
cursor_skip (Cursor *c, gsize n)
{
  while (n) {
    if (c->pos == c->end && !cursor_next_record (c))
      return FALSE;
    gsize k = MIN (n, c->end - c->pos);
    c->pos += k;
    n -= k;
  }
  return TRUE;
}

static gboolean
cursor_bytes (Cursor *c, guint8 *out, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    if (c->pos == c->end && !cursor_next_record (c))
      return FALSE;
    out[i] = c->x->s[c->pos++];
  }
  return TRUE;
}

/* `cch` characters, 8-bit or UTF-16 as `flags` says; at a record
 * boundary the characters go on after a new flags byte. */
static gboolean
cursor_chars (Cursor *c, gsize cch, guint8 flags, GString *out)
{
  while (cch) {
    if (c->pos == c->end) {
      if (!cursor_next_record (c) || c->pos >= c->end)
        return FALSE;
      flags = c->x->s[c->pos++];
    }
    gsize width = flags & 1 ? 2 : 1;
    gsize n = MIN (cch, (c->end - c->pos) / width);
    if (!n)
      return FALSE;
    if (width == 2)
      pmark_utf16le_append (out, c->x->s + c->pos, n);
    else
      pmark_codepage_append (out, c->x->s + c->pos, n, c->x->biff8 ? 1252 : c->x->codepage);
    c->pos += n * width;
    cch -= n;
  }
  return TRUE;
}

/* XLUnicodeRichExtendedString (SST) */
static char *
cursor_rich_string (Cursor *c)
{
  guint8 b[4];
  if (!cursor_bytes (c, b, 3))
    return NULL;
  gsize cch = (gsize) (b[0] | b[1] << 8);
  guint8 flags = b[2];
  guint32 runs = 0, ext = 0;
  if (flags & 0x08) {
    if (!cursor_bytes (c, b, 2))
      return NULL;
    runs = (guint32) (b[0] | b[1] << 8);
  }
  if (flags & 0x04) {
    if (!cursor_bytes (c, b, 4))
      return NULL;
    ext = ole_u32 (b, 4, 0);
  }
  GString *s = g_string_new (NULL);
  if (!cursor_chars (c, cch, flags, s) || !cursor_skip (c, (gsize) runs * 4 + ext)) {
    /* what was read of the last string is kept */
    if (!s->len) {
      g_string_free (s, TRUE);
      return NULL;
    }
  }
  return g_string_free (s, FALSE);
}

/* A string inside one record at `at`: BIFF8 XLUnicodeString (16-bit
 * count, flags) or, with `short_count`, ShortXLUnicodeString; BIFF5 a
 * count and bytes in the workbook's code page. */
static char *
record_string (const Xls *x, const guint8 *d, gsize len, gsize at,
               gboolean short_count)
{
  gsize cch = short_count ? (at < len ? d[at] : 0) : ole_u16 (d, len, at);
  at += short_count ? 1 : 2;
  GString *s = g_string_new (NULL);
  if (x->biff8) {
    guint8 flags = at < len ? d[at] : 0;
    at++;
    if (flags & 0x08)
      at += 2;
    if (flags & 0x04)
      at += 4;
    gsize width = flags & 1 ? 2 : 1;
    if (at < len)
      cch = MIN (cch, (len - at) / width);
    else
      cch = 0;
    if (width == 2)
      pmark_utf16le_append (s, d + at, cch);
    else
      pmark_codepage_append (s, d + at, cch, 1252);
  } else if (at < len) {
    pmark_codepage_append (s, d + at, MIN (cch, len - at), x->codepage);
  }
  return g_string_free (s, FALSE);
}

/* ---- cells ---- */

static void
add_cell (Xls *x, guint32 row, guint32 col, char *text)
{
  if (col >= XLS_MAX_COLS || !text || !*text) {
    g_free (text);
    return;
  }
  /* a cell's text is one field: tabs and line breaks inside become spaces */
  for (char *p = text; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';
  Cell cell = { row, col, text };
  g_array_append_val (x->cells, cell);
}

static char *
number_text (double v)
{
  if (!isfinite (v))
    return NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  /* whole numbers as Excel shows them: 9434765870, not 9.43e+09 */
  if (v == floor (v) && fabs (v) < 1e15)
    return g_strdup_printf ("%.0f", v);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", v));
}

/* A number as its cell shows it: dates as dates (a date of birth is one),
 * anything else as the value. */
static char *
cell_number (const Xls *x, guint ixfe, double v)
{
  if (ixfe < x->xf->len) {
    guint fmt = g_array_index (x->xf, guint16, ixfe);
    if (pmark_sheet_format_is_date (fmt, NULL)
        || g_hash_table_contains (x->date_formats, GUINT_TO_POINTER (fmt))) {
      char *d = pmark_sheet_date_text (v, x->date1904);
      if (d)
        return d;
    }
  }
  return number_text (v);
}

static double
rk_value (guint32 rk)
{
  double v;
  if (rk & 2) {
    v = (double) ((gint32) rk >> 2);
  } else {
    guint64 bits = (guint64) (rk & 0xFFFFFFFC) << 32;
    memcpy (&v, &bits, sizeof v);
  }
  return rk & 1 ? v / 100 : v;
}

static double
ieee (const guint8 *d, gsize len, gsize at)
{
  guint64 bits = (guint64) ole_u32 (d, len, at) | (guint64) ole_u32 (d, len, at + 4) << 32;
  double v;
  memcpy (&v, &bits, sizeof v);
  return v;
}

static int
cell_cmp (gconstpointer a, gconstpointer b)
{
  const Cell *x = a, *y = b;
  if (x->row != y->row)
    return x->row < y->row ? -1 : 1;
  return x->col < y->col ? -1 : x->col > y->col;
}

/* Rows as lines, cells in their columns (empty fields keep the place). */
static gboolean
flush_sheet (Xls *x, PmarkDocument *doc, const PmarkBudget *budget,
             const char *name, GError **error)
{
  g_autofree char *where = g_strdup_printf ("sheet \"%s\"", name);
  g_array_sort (x->cells, cell_cmp);
  guint32 width = 0;
  for (guint i = 0; i < x->cells->len; i++)
    width = MAX (width, g_array_index (x->cells, Cell, i).col + 1);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < x->cells->len;) {
    guint32 row = g_array_index (x->cells, Cell, i).row, col = 0;
    for (; i < x->cells->len && g_array_index (x->cells, Cell, i).row == row; i++) {
      Cell *c = &g_array_index (x->cells, Cell, i);
      for (; col < c->col; col++)
        g_string_append_c (out, '\t');
      if (col == c->col) /* a second record for a cell: the last wins */
        g_string_append (out, c->text);
    }
    for (; col + 1 < width; col++)
      g_string_append_c (out, '\t');
    g_string_append_c (out, '\n');
    if (out->len > budget->max_text_bytes)
      break;
  }
  for (guint i = 0; i < x->cells->len; i++)
    g_free (g_array_index (x->cells, Cell, i).text);
  g_array_set_size (x->cells, 0);
  x->pending = -1;
  gboolean ok = TRUE;
  if (out->len) {
    pmark_document_add_edge_lines (doc, out->str, out->len, where);
    ok = pmark_document_add_columns (doc, budget, where, out->str, out->len, '\t',
                                     error);
    gsize len = out->len;
    ok = ok && pmark_document_add_text (doc, budget, where, g_string_free (out, FALSE),
                                        len, TRUE, error);
  } else {
    g_string_free (out, TRUE);
  }
  if (ok && x->hf->len) {
    g_autofree char *w = g_strdup_printf ("%s, page header/footer", where);
    pmark_document_add_edge_lines (doc, x->hf->str, x->hf->len, w);
    gsize len = x->hf->len;
    ok = pmark_document_add_text (doc, budget, w, g_string_free (x->hf, FALSE), len,
                                  TRUE, error);
    x->hf = g_string_new (NULL);
  }
  if (ok && x->notes->len) {
    g_autofree char *w = g_strdup_printf ("%s, comments, text boxes and charts", where);
    gsize len = x->notes->len;
    ok = pmark_document_add_text (doc, budget, w, g_string_free (x->notes, FALSE),
                                  len, TRUE, error);
    x->notes = g_string_new (NULL);
  }
  g_string_truncate (x->hf, 0);
  g_string_truncate (x->notes, 0);
  return ok;
}

static void
read_sst (Xls *x, gsize rec, gsize len)
{
  Cursor c = { x, rec, rec + 4 + 8, MIN (rec + 4 + len, x->len) };
  guint32 unique = ole_u32 (x->s, x->len, rec + 8);
  for (guint32 i = 0; i < unique && c.pos <= c.end; i++) {
    char *s = cursor_rich_string (&c);
    if (!s)
      break;
    g_ptr_array_add (x->sst, s);
  }
}

/* TXO: the text follows in the next CONTINUE (flags byte, characters). */
static void
read_txo (Xls *x, const guint8 *d, gsize len, gsize next)
{
  gsize cch = ole_u16 (d, len, 10);
  if (!cch || ole_u16 (x->s, x->len, next) != R_CONTINUE)
    return;
  Cursor c = { x, next, next + 4, next + 4 };
  if (!cursor_next_record (&c) || c.pos >= c.end)
    return;
  guint8 flags = x->s[c.pos++];
  GString *s = g_string_new (NULL);
  cursor_chars (&c, cch, flags, s);
  g_string_append_c (s, '\n');
  g_string_append (x->notes, s->str);
  g_string_free (s, TRUE);
}

static const char *
sheet_name (Xls *x, gsize bof, guint index)
{
  for (guint i = 0; i < x->sheets->len; i++)
    if (g_array_index (x->sheets, Sheet, i).offset == bof)
      return g_array_index (x->sheets, Sheet, i).name;
  return index < x->sheets->len ? g_array_index (x->sheets, Sheet, index).name : NULL;
}

static gboolean
walk (Xls *x, PmarkDocument *doc, const PmarkBudget *budget, GError **error)
{
  gboolean in_sheet = FALSE, globals = FALSE;
  guint sheet_index = 0;
  gsize sheet_bof = 0;
  GString *names = g_string_new (NULL);
  gboolean ok = TRUE;
  for (gsize at = 0; ok && at + 4 <= x->len;) {
    guint16 type = ole_u16 (x->s, x->len, at);
    gsize len = ole_u16 (x->s, x->len, at + 2);
    const guint8 *d = x->s + at + 4;
    gsize next = at + 4 + len;
    if (next > x->len) {
      /* slack after the last substream ends is no content */
      if (!in_sheet && !globals && x->sheets->len && sheet_index >= x->sheets->len)
        break;
      g_ptr_array_add (doc->unread,
                       g_strdup_printf ("the Workbook stream from byte %" G_GSIZE_FORMAT
                                        " (a record runs past its end: the file is "
                                        "truncated or damaged)", at));
      break;
    }
    /* BIFF3-4's versions of records BIFF5 keeps */
    if (x->biff && (type == R2_BOF || type == R3_BOF || type == R4_BOF))
      type = R_BOF;
    else if (x->biff && (type == R3_FORMULA || type == R4_FORMULA))
      type = R_FORMULA;
    switch (type) {
    case R_BOF: {
      guint16 vers = ole_u16 (d, len, 0), dt = ole_u16 (d, len, 2);
      if (x->biff && dt == 0x0100) {
        globals = TRUE; /* a 4.0 workbook: its sheets follow, each with a BOF */
      } else if (dt == 0x0005) {
        globals = TRUE;
        x->biff8 = vers == 0x0600;
      } else if (dt != 0x0006 && !in_sheet) {
        /* a worksheet, chart, macro or dialog sheet (a chart's BOF inside
         * a sheet is part of that sheet) */
        in_sheet = TRUE;
        sheet_bof = at;
      }
      break;
    }
    case R_EOF:
      if (in_sheet) {
        const char *name = sheet_name (x, sheet_bof, sheet_index);
        g_autofree char *fallback = g_strdup_printf ("%u", sheet_index + 1);
        ok = flush_sheet (x, doc, budget, name ? name : fallback, error);
        sheet_index++;
        in_sheet = FALSE;
      }
      globals = FALSE;
      break;
    case R_FILEPASS:
      if (!in_sheet) {
        g_string_free (names, TRUE);
        pmark_document_set_encrypted (doc, "password-protected Excel workbook "
                                               "(FILEPASS)");
        return TRUE;
      }
      break;
    case R_CODEPAGE: {
      guint16 cp = ole_u16 (d, len, 0);
      x->codepage = cp == 1200 || cp == 0x8000 ? 1252 : cp;
      break;
    }
    case R4_BUNDLESHEET:
    case R_BOUNDSHEET: {
      /* a 4.0 workbook's BUNDLESHEET: its name after 4 + 2 bytes as well */
      if (type == R4_BUNDLESHEET && !x->biff)
        break;
      Sheet s = { ole_u32 (d, len, 0), record_string (x, d, len, 6, TRUE) };
      g_string_append_printf (names, "%s\n", s.name);
      g_array_append_val (x->sheets, s);
      break;
    }
    case R_SST:
      if (globals && !x->sst->len)
        read_sst (x, at, len);
      break;
    case R_LABELSST: {
      guint32 i = ole_u32 (d, len, 6);
      if (i < x->sst->len)
        add_cell (x, ole_u16 (d, len, 0), ole_u16 (d, len, 2),
                  g_strdup (g_ptr_array_index (x->sst, i)));
      break;
    }
    case R_LABEL:
    case R_RSTRING:
      add_cell (x, ole_u16 (d, len, 0), ole_u16 (d, len, 2),
                record_string (x, d, len, 6, FALSE));
      break;
    case R_NUMBER:
      add_cell (x, ole_u16 (d, len, 0), ole_u16 (d, len, 2),
                cell_number (x, ole_u16 (d, len, 4), ieee (d, len, 6)));
      break;
    case R_RK:
      add_cell (x, ole_u16 (d, len, 0), ole_u16 (d, len, 2),
                cell_number (x, ole_u16 (d, len, 4), rk_value (ole_u32 (d, len, 6))));
      break;
    case R_MULRK: {
      guint32 row = ole_u16 (d, len, 0), col = ole_u16 (d, len, 2);
      for (gsize k = 4; k + 6 + 2 <= len; k += 6, col++)
        add_cell (x, row, col, cell_number (x, ole_u16 (d, len, k),
                                            rk_value (ole_u32 (d, len, k + 2))));
      break;
    }
    case R_XF:
      if (globals) {
        guint16 fmt = ole_u16 (d, len, 2);
        g_array_append_val (x->xf, fmt);
      }
      break;
    case R_FORMAT:
    case R_FORMAT5:
      if (globals) {
        g_autofree char *code = x->biff8 ? record_string (x, d, len, 2, FALSE)
                                         : record_string (x, d, len, 2, TRUE);
        if (pmark_sheet_format_is_date (0, code))
          g_hash_table_add (x->date_formats, GUINT_TO_POINTER ((guint) ole_u16 (d, len, 0)));
      }
      break;
    case R_DATEMODE:
      x->date1904 = ole_u16 (d, len, 0) == 1;
      break;
    case R_BOOLERR:
      if (len >= 8 && !d[7])
        add_cell (x, ole_u16 (d, len, 0), ole_u16 (d, len, 2),
                  g_strdup (d[6] ? "TRUE" : "FALSE"));
      break;
    case R_FORMULA: {
      guint32 row = ole_u16 (d, len, 0), col = ole_u16 (d, len, 2);
      /* the result: after the format index, a byte later in BIFF2 */
      gsize v = x->biff == 2 ? BIFF2_VALUE : 6;
      x->pending = -1;
      if (ole_u16 (d, len, v + 6) != 0xFFFF) {
        add_cell (x, row, col, cell_number (x, x->biff == 2 ? 0 : ole_u16 (d, len, 4),
                                            ieee (d, len, v)));
      } else if (len > v && d[v] == 0) {
        /* a string result: in the STRING record that follows */
        add_cell (x, row, col, g_strdup (" "));
        if (x->cells->len)
          x->pending = (gint) x->cells->len - 1;
      }
      break;
    }
    case R_STRING:
      if (x->pending >= 0 && (guint) x->pending < x->cells->len) {
        Cell *c = &g_array_index (x->cells, Cell, x->pending);
        g_free (c->text);
        c->text = record_string (x, d, len, 0, FALSE);
        for (char *p = c->text; *p; p++)
          if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
      }
      x->pending = -1;
      break;
    /* BIFF2: row, column, three bytes of attributes, the value */
    case R2_INTEGER:
      if (x->biff == 2)
        add_cell (x, ole_u16 (d, len, 0), ole_u16 (d, len, 2),
                  number_text (ole_u16 (d, len, BIFF2_VALUE)));
      break;
    case R2_NUMBER:
      if (x->biff == 2)
        add_cell (x, ole_u16 (d, len, 0), ole_u16 (d, len, 2),
                  cell_number (x, 0, ieee (d, len, BIFF2_VALUE)));
      break;
    case R2_LABEL:
      if (x->biff == 2)
        add_cell (x, ole_u16 (d, len, 0), ole_u16 (d, len, 2),
                  record_string (x, d, len, BIFF2_VALUE, TRUE));
      break;
    case R2_BOOLERR:
      if (x->biff == 2 && len >= 9 && !d[8])
        add_cell (x, ole_u16 (d, len, 0), ole_u16 (d, len, 2),
                  g_strdup (d[7] ? "TRUE" : "FALSE"));
      break;
    case R2_STRING:
      if (x->biff == 2 && x->pending >= 0 && (guint) x->pending < x->cells->len) {
        Cell *c = &g_array_index (x->cells, Cell, x->pending);
        g_free (c->text);
        c->text = record_string (x, d, len, 0, TRUE);
      }
      x->pending = -1;
      break;
    case R_HEADER:
    case R_FOOTER:
      if (in_sheet && len) {
        g_autofree char *raw = record_string (x, d, len, 0, !x->biff8);
        g_autofree char *plain = pmark_sheet_header_text (raw);
        g_string_append_printf (x->hf, "%s\n", plain);
      }
      break;
    case R_TXO:
      if (in_sheet)
        read_txo (x, d, len, next);
      break;
    case R_SERIESTEXT: /* a chart's titles and labels */
      if (in_sheet && len > 3) {
        g_autofree char *t = record_string (x, d, len, 2, TRUE);
        g_string_append_printf (x->notes, "%s\n", t);
      }
      break;
    default:
      break;
    }
    /* between a formula and its STRING: shared and array formulas only */
    if (type != R_FORMULA && type != R_STRING && type != R2_STRING && type != R_CONTINUE
        && type != 0x04BC && type != 0x0221 && type != 0x0236)
      x->pending = -1;
    at = next;
    if (ok && (at & 0xFFF) < 8)
      ok = pmark_document_check_budget (doc, error);
  }
  /* a sheet cut off before its EOF still counts */
  if (ok && in_sheet) {
    const char *name = sheet_name (x, sheet_bof, sheet_index);
    ok = flush_sheet (x, doc, budget, name ? name : "last", error);
  }
  /* sheets the workbook lists but whose records were never reached */
  if (ok && sheet_index < x->sheets->len && doc->unread->len == 0)
    for (guint i = sheet_index; i < x->sheets->len; i++)
      g_ptr_array_add (doc->unread,
                       g_strdup_printf ("sheet \"%s\": not found in the Workbook stream",
                                        g_array_index (x->sheets, Sheet, i).name));
  gsize n = names->len;
  if (ok && n)
    return pmark_document_add_text (doc, budget, "sheet names",
                                    g_string_free (names, FALSE), n, TRUE, error);
  g_string_free (names, TRUE);
  return ok;
}

static gboolean
xls_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  gsize n;
  const guint8 *raw = g_bytes_get_data (input, &n);
  Xls x = { 0 };
  g_autoptr (GsfInfile) root = NULL;
  g_autoptr (GBytes) wb = NULL;
  /* Excel 2.x-4.0 saved a bare BIFF2-4 record stream, not a compound file */
  x.biff = bare_biff (raw, n);
  if (x.biff) {
    wb = g_bytes_ref (input);
  } else {
    root = ole_open (input, error);
    if (!root)
      return FALSE;
    static const char *const main_stream[] = { "Workbook", "Book", NULL };
    wb = ole_main_stream (root, main_stream, "Excel workbook", budget, error);
    if (!wb)
      return FALSE;
  }
  x.s = g_bytes_get_data (wb, &x.len);
  if (!x.biff && (x.len < 8 || ole_u16 (x.s, x.len, 0) != R_BOF)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "Excel workbook of a version before Excel 5.0 (no BIFF5/8 "
                 "record stream): use pmark mark --convert");
    return FALSE;
  }
  x.codepage = 1252;
  x.pending = -1;
  x.sst = g_ptr_array_new_with_free_func (g_free);
  x.sheets = g_array_new (FALSE, FALSE, sizeof (Sheet));
  x.cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  x.hf = g_string_new (NULL);
  x.notes = g_string_new (NULL);
  x.xf = g_array_new (FALSE, FALSE, sizeof (guint16));
  x.date_formats = g_hash_table_new (NULL, NULL);
  gboolean ok = walk (&x, doc, budget, error);
  g_array_free (x.xf, TRUE);
  g_hash_table_destroy (x.date_formats);
  for (guint i = 0; i < x.cells->len; i++)
    g_free (g_array_index (x.cells, Cell, i).text);
  for (guint i = 0; i < x.sheets->len; i++)
    g_free (g_array_index (x.sheets, Sheet, i).name);
  g_array_free (x.cells, TRUE);
  g_array_free (x.sheets, TRUE);
  g_ptr_array_free (x.sst, TRUE);
  g_string_free (x.hf, TRUE);
  g_string_free (x.notes, TRUE);
  if (!ok || !doc->inspected || !root)
    return ok;
  return ole_read_properties (doc, root, budget, error)
         && ole_add_objects (doc, root, budget, error);
}

const PmarkFormat pmark_format_xls = {
  .name = "xls",
  .description = "Excel 2.x-2003 worksheet or workbook (xls, xlt, xlw)",
  .sniff = xls_sniff,
  .extract = xls_extract,
  .content_mime = "application/vnd.ms-excel",
};
