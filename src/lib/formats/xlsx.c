/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Excel (xlsx, xlsm, xltx, xltm): sheet names, then every sheet's cells in
 * sheet order, shared and inline strings, cached formula results; the
 * sheets' page headers and footers for markings. */
#include "config.h"

#include <string.h>

#include "ooxml.h"

static guint
xlsx_sniff (const PmarkSniffInfo *info)
{
  return ooxml_sniff (info, "spreadsheet") ? PMARK_SNIFF_TYPE : 0;
}

/* sharedStrings.xml: each <si> is one string, the text of its <t>s
 * (phonetic runs, <rPh>, left out). */
static GPtrArray *
shared_strings (ZipDoc *zd, const char *part, GError **error)
{
  g_autoptr (GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  if (!part)
    return g_steal_pointer (&strings);
  g_autoptr (GBytes) xml = zipdoc_read (zd, part, error);
  if (!xml)
    return NULL;
  g_autoptr (XmlReader) x = xml_reader_new (xml, part, zipdoc_document (zd),
                                            zipdoc_budget (zd));
  g_autoptr (GString) cur = NULL;
  gboolean in_t = FALSE, in_rph = FALSE;
  guint64 total = 0;
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    if (xml_is_start (x, "si")) {
      if (xml_empty (x))
        g_ptr_array_add (strings, g_strdup (""));
      else
        cur = g_string_new (NULL);
    } else if (xml_is_end (x, "si") && cur) {
      total += cur->len;
      g_ptr_array_add (strings, g_string_free (g_steal_pointer (&cur), FALSE));
    } else if (xml_is_start (x, "rPh") && !xml_empty (x)) {
      in_rph = TRUE;
    } else if (xml_is_end (x, "rPh")) {
      in_rph = FALSE;
    } else if (xml_is_start (x, "t") && !xml_empty (x)) {
      in_t = TRUE;
    } else if (xml_is_end (x, "t")) {
      in_t = FALSE;
    } else if (cur && in_t && !in_rph
               && (xml_type (x) == XML_READER_TYPE_TEXT
                   || xml_type (x) == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
      g_string_append (cur, xml_value (x));
    }
    if (total > zipdoc_budget (zd)->max_text_bytes) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                   "shared strings exceed the max-text-bytes budget");
      return NULL;
    }
  }
  return rc == 0 ? g_steal_pointer (&strings) : NULL;
}

/* What the cells' styles say about their numbers: which cell formats
 * (cellXfs, by index) show a date, and the workbook's date system. */
typedef struct {
  GArray *date_xf;   /* gboolean per cellXfs entry */
  gboolean date1904;
} Styles;

static void
styles_clear (Styles *st)
{
  g_clear_pointer (&st->date_xf, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Styles, styles_clear)

/* styles.xml: <numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>,
 * then <cellXfs><xf numFmtId="14"/>... A damaged styles part costs the
 * dates their format, not the workbook. */
static void
read_styles (ZipDoc *zd, const char *part, Styles *st)
{
  st->date_xf = g_array_new (FALSE, FALSE, sizeof (gboolean));
  if (!part || !zipdoc_has (zd, part))
    return;
  GError *err = NULL;
  g_autoptr (GBytes) xml = zipdoc_read (zd, part, &err);
  if (!xml) {
    g_clear_error (&err);
    return;
  }
  g_autoptr (XmlReader) x = xml_reader_new (xml, part, zipdoc_document (zd),
                                            zipdoc_budget (zd));
  g_autoptr (GHashTable) custom = g_hash_table_new (NULL, NULL);
  gboolean in_xfs = FALSE;
  while (xml_next (x, &err) == 1) {
    if (xml_is_start (x, "numFmt")) {
      g_autofree char *id = xml_attr (x, "numFmtId");
      g_autofree char *code = xml_attr (x, "formatCode");
      if (id && pmark_sheet_format_is_date (0, code))
        g_hash_table_add (custom, GUINT_TO_POINTER ((guint) g_ascii_strtoull (id, NULL, 10)));
    } else if (xml_is_start (x, "cellXfs")) {
      in_xfs = !xml_empty (x);
    } else if (xml_is_end (x, "cellXfs")) {
      in_xfs = FALSE;
    } else if (in_xfs && xml_is_start (x, "xf")) {
      g_autofree char *id = xml_attr (x, "numFmtId");
      guint fmt = id ? (guint) g_ascii_strtoull (id, NULL, 10) : 0;
      gboolean date = pmark_sheet_format_is_date (fmt, NULL)
                      || g_hash_table_contains (custom, GUINT_TO_POINTER (fmt));
      g_array_append_val (st->date_xf, date);
    }
  }
  g_clear_error (&err);
}

/* "BC12" -> 54 (columns from 0); -1 when there is no column. */
static int
ref_column (const char *ref)
{
  int col = 0, n = 0;
  for (; ref && g_ascii_isalpha (*ref) && n < 4; ref++, n++)
    col = col * 26 + (g_ascii_toupper (*ref) - 'A' + 1);
  return n ? col - 1 : -1;
}

/* One sheet: a line per row, cells separated by tabs, a text part of its
 * own. Page headers and footers, and the sheet's first and last lines,
 * are marking candidates. */
static gboolean
read_sheet (ZipDoc *zd, const char *part, const char *sheet_name,
            GPtrArray *strings, const Styles *styles, GError **error)
{
  PmarkDocument *doc = zipdoc_document (zd);
  const PmarkBudget *budget = zipdoc_budget (zd);
  g_autoptr (XmlReader) x = xml_reader_open_part (zd, part, error);
  if (!x)
    return FALSE;
  g_autofree char *where = g_strdup_printf ("sheet \"%s\"", sheet_name);
  GString *out = g_string_new (NULL);
  g_autofree char *cell_type = NULL;
  gboolean in_value = FALSE, in_inline = FALSE, in_hf = FALSE, row_has = FALSE;
  int cell_col = -1, cell_style = -1, cur = -1;
  GString *cell = g_string_new (NULL);
  g_autofree char *hf_where = g_strdup_printf ("%s, page header/footer", where);
  g_autoptr (GString) hf = g_string_new (NULL);
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    int type = xml_type (x);
    const char *local = xml_local (x);
    if (type == XML_READER_TYPE_ELEMENT) {
      if (!strcmp (local, "row")) {
        row_has = FALSE;
        cur = -1;
      } else if (!strcmp (local, "c")) {
        g_free (cell_type);
        cell_type = xml_attr (x, "t");
        g_autofree char *ref = xml_attr (x, "r");
        g_autofree char *style = xml_attr (x, "s");
        cell_col = ref_column (ref);
        cell_style = style ? (int) MIN (g_ascii_strtoull (style, NULL, 10), G_MAXINT) : -1;
        g_string_truncate (cell, 0);
      } else if (!strcmp (local, "v") && !xml_empty (x)) {
        in_value = TRUE;
      } else if (!strcmp (local, "is") && !xml_empty (x)) {
        in_inline = TRUE;
      } else if (g_str_has_suffix (local, "Header") || g_str_has_suffix (local, "Footer")) {
        in_hf = !xml_empty (x);
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (!strcmp (local, "v")) {
        in_value = FALSE;
      } else if (!strcmp (local, "is")) {
        in_inline = FALSE;
      } else if (!strcmp (local, "c")) {
        const char *text = cell->str;
        g_autofree char *date = NULL;
        if (cell_type && !strcmp (cell_type, "s")) {
          guint64 idx;
          text = g_ascii_string_to_unsigned (cell->str, 10, 0, G_MAXUINT, &idx, NULL)
                     && idx < strings->len
                   ? g_ptr_array_index (strings, idx)
                   : "";
        } else if ((!cell_type || !strcmp (cell_type, "n")) && cell_style >= 0
                   && (guint) cell_style < styles->date_xf->len
                   && g_array_index (styles->date_xf, gboolean, cell_style)) {
          /* a date (of birth, say) as the sheet shows it */
          date = pmark_sheet_date_text (g_ascii_strtod (cell->str, NULL),
                                        styles->date1904);
          if (date)
            text = date;
        }
        if (*text) {
          /* each cell in its column: empty ones keep their place (up to
           * 1024 columns), so that a column header heads its column */
          int col = cell_col >= 0 ? MIN (cell_col, 1023) : cur + 1;
          if (col <= cur)
            col = cur + 1;
          for (int t = cur < 0 ? 0 : cur; t < col; t++)
            g_string_append_c (out, '\t');
          cur = col;
          g_string_append (out, text);
          row_has = TRUE;
        }
      } else if (!strcmp (local, "row")) {
        if (row_has)
          g_string_append_c (out, '\n');
      } else if (g_str_has_suffix (local, "Header") || g_str_has_suffix (local, "Footer")) {
        in_hf = FALSE;
      }
    } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
      if (in_value || in_inline)
        g_string_append (cell, xml_value (x));
      else if (in_hf) {
        g_autofree char *plain = pmark_sheet_header_text (xml_value (x));
        pmark_document_add_edge_lines (doc, plain, strlen (plain), hf_where);
        g_string_append_printf (hf, "%s\n", plain);
      }
    }
    if (out->len > budget->max_text_bytes) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                   "extracted text exceeds the max-text-bytes budget "
                   "(%" G_GUINT64_FORMAT " bytes)", budget->max_text_bytes);
      rc = -1;
      break;
    }
  }
  g_string_free (cell, TRUE);
  if (rc < 0) {
    g_string_free (out, TRUE);
    return FALSE;
  }
  pmark_sheet_pad_rows (out);
  pmark_document_add_edge_lines (doc, out->str, out->len, where);
  gsize len = out->len;
  if (!pmark_document_add_columns (doc, budget, where, out->str, len, '\t',
                                   error)) {
    g_string_free (out, TRUE);
    return FALSE;
  }
  if (!pmark_document_add_text (doc, budget, where, g_string_free (out, FALSE),
                                len, TRUE, error))
    return FALSE;
  len = hf->len;
  return !len || pmark_document_add_text (doc, budget, hf_where,
                                          g_string_free (g_steal_pointer (&hf), FALSE),
                                          len, TRUE, error);
}

static gboolean
each_sheet (ZipDoc *zd, GError **error)
{
  PmarkDocument *doc = zipdoc_document (zd);
  g_autofree char *wb = ooxml_main_part (zd, error);
  if (!wb)
    return FALSE;
  g_autoptr (GPtrArray) rels = opc_rels (zd, wb, error);
  if (!rels)
    return FALSE;
  const char *ss = opc_rel_of_type (rels, "/sharedStrings");
  g_autoptr (GPtrArray) strings = shared_strings (zd, ss && zipdoc_has (zd, ss) ? ss : NULL,
                                                  error);
  if (!strings)
    return FALSE;
  const char *styles_part = opc_rel_of_type (rels, "/styles");
  g_auto (Styles) styles = { 0 };
  read_styles (zd, styles_part, &styles);
  /* workbook.xml: <sheet name="Data" r:id="rId1"/> in tab order;
   * <workbookPr date1904="1"/> */
  g_autoptr (GBytes) xml = zipdoc_read (zd, wb, error);
  if (!xml)
    return FALSE;
  g_autoptr (XmlReader) x = xml_reader_new (xml, wb, doc, zipdoc_budget (zd));
  GString *names = g_string_new (NULL);
  g_autoptr (GPtrArray) sheets = g_ptr_array_new_with_free_func (g_free);
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    if (xml_is_start (x, "workbookPr")) {
      g_autofree char *d1904 = xml_attr (x, "date1904");
      styles.date1904 = d1904 && (!strcmp (d1904, "1") || !strcmp (d1904, "true"));
    }
    if (!xml_is_start (x, "sheet"))
      continue;
    g_autofree char *name = xml_attr (x, "name");
    g_autofree char *id = xml_rel_id (x);
    const char *target = opc_rel_target (rels, id);
    if (!name || !target || !zipdoc_has (zd, target))
      continue;
    g_string_append_printf (names, "%s\n", name);
    g_ptr_array_add (sheets, g_steal_pointer (&name));
    g_ptr_array_add (sheets, g_strdup (target));
  }
  if (rc < 0) {
    g_string_free (names, TRUE);
    return FALSE;
  }
  if (names->len) {
    gsize len = names->len;
    if (!pmark_document_add_text (doc, zipdoc_budget (zd), "sheet names",
                                  g_string_free (names, FALSE), len, TRUE, error))
      return FALSE;
  } else {
    g_string_free (names, TRUE);
  }
  for (guint i = 0; i + 1 < sheets->len; i += 2)
    if (!read_sheet (zd, g_ptr_array_index (sheets, i + 1),
                     g_ptr_array_index (sheets, i), strings, &styles, error))
      return FALSE;
  return TRUE;
}

static gboolean
xlsx_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
              GError **error)
{
  g_autoptr (ZipDoc) zd = zipdoc_open (input, doc, budget, error);
  return zd && each_sheet (zd, error) && ooxml_read_properties (zd, error)
         && ooxml_read_labels (zd, error) && zipdoc_read_pictures (zd, error)
         && zipdoc_read_rest (zd, error);
}

const PmarkFormat pmark_format_xlsx = {
  .name = "xlsx",
  .description = "Excel workbook (xlsx, xlsm, xltx, xltm)",
  .sniff = xlsx_sniff,
  .extract = xlsx_extract,
};
