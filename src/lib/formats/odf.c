/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OpenDocument (odt, ods, odp, odg and their templates), zipped or flat
 * XML (fodt, fods, fodp): the body by sheet or page, the master pages'
 * headers and footers, and meta.xml's properties. One walker reads all
 * of them, so a flat file (everything in one XML) and a zipped one
 * (content.xml, styles.xml, meta.xml) give the same parts. */
#include "config.h"

#include <pmark/sign.h>

#include <string.h>

#include "core/document-private.h"
#include "ocr/ocr.h"
#include "ooxml.h"

static guint
odf_sniff (const PmarkSniffInfo *info)
{
  return g_str_has_prefix (info->mime, "application/vnd.oasis.opendocument.") ? PMARK_SNIFF_TYPE
                                                                              : 0;
}

typedef enum { DEST_NONE, DEST_BODY, DEST_HEADER, DEST_FOOTER, DEST_META } Dest;

typedef struct {
  PmarkDocument *doc;
  const PmarkBudget *budget;
  GString *body, *header, *footer, *meta;
  char *body_where;
  guint pages;
  int spreadsheet_depth;    /* depth of office:spreadsheet, or -1 */
  char *meta_name;          /* meta:user-defined being read */
  PmarkTableBuilder *tb;    /* tables of a text or a presentation */
  GPtrArray *tables;        /* their TSV, for the part being read */
} Walk;

static gboolean
flush_body (Walk *w, GError **error)
{
  if (!w->body->len)
    return TRUE;
  /* the top and bottom of each page, sheet or slide may be its marking */
  pmark_document_add_edge_lines (w->doc, w->body->str, w->body->len,
                                 w->body_where);
  gsize len = w->body->len;
  /* a sheet's column headers are the context of their cells */
  if (g_str_has_prefix (w->body_where, "sheet ")
      && !pmark_document_add_columns (w->doc, w->budget, w->body_where,
                                      w->body->str, len, '\t', error))
    return FALSE;
  char *text = g_string_free (w->body, FALSE);
  w->body = g_string_new (NULL);
  gboolean ok = pmark_document_add_text (w->doc, w->budget, w->body_where, text, len,
                                         TRUE, error)
                && pmark_document_add_tables (w->doc, w->budget, w->body_where, w->tables,
                                              error);
  g_ptr_array_set_size (w->tables, 0);
  return ok;
}

/* number-columns-repeated / -spanned: how many columns a cell takes */
static guint
cell_columns (XmlReader *x)
{
  guint64 n = 1, s = 1;
  g_autofree char *rep = xml_attr (x, "number-columns-repeated");
  g_autofree char *span = xml_attr (x, "number-columns-spanned");
  if (rep)
    g_ascii_string_to_unsigned (rep, 10, 1, G_MAXUINT, &n, NULL);
  if (span)
    g_ascii_string_to_unsigned (span, 10, 1, G_MAXUINT, &s, NULL);
  /* trailing empty cells repeated to the sheet's edge: a few suffice */
  return (guint) MIN (n * s, 64);
}

static void
set_body_where (Walk *w, char *where)
{
  g_free (w->body_where);
  w->body_where = where;
}

static GString *
dest_string (Walk *w, Dest d)
{
  switch (d) {
  case DEST_BODY: return w->body;
  case DEST_HEADER: return w->header;
  case DEST_FOOTER: return w->footer;
  case DEST_META: return w->meta;
  case DEST_NONE: break;
  }
  return NULL;
}

static gboolean
is_any (const char *local, const char *const *names)
{
  return g_strv_contains (names, local);
}

static gboolean
walk_xml (Walk *w, XmlReader *x, const char *name, GError **error)
{
  static const char *const blocks[] = { "p", "h", NULL };
  static const char *const skipped[] = { "binary-data", "settings", "scripts",
                                         "font-face-decls", "automatic-styles",
                                         NULL };
  static const char *const meta_fields[] = { "title", "subject", "keyword",
                                             "description", "user-defined",
                                             NULL };
  /* the destination of each open element, so that leaving it restores
   * the one before */
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (Dest));
  Dest dest = DEST_NONE;
  int skip_depth = -1, in_cell = 0, rc;
  w->spreadsheet_depth = -1;
  /* a flat file's picture: base64 in office:binary-data, to OCR */
  g_autoptr (GString) picture = NULL;
  guint pictures = 0;

  while ((rc = xml_next (x, error)) == 1) {
    int type = xml_type (x), depth = xml_depth (x);
    const char *local = xml_local (x);
    if (skip_depth >= 0) {
      if (picture && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA))
        g_string_append (picture, xml_value (x));
      if (type == XML_READER_TYPE_END_ELEMENT && depth == skip_depth) {
        skip_depth = -1;
        if (picture) {
          gsize n = 0;
          guint8 *bin = picture->len ? g_base64_decode (picture->str, &n) : NULL;
          g_autoptr (GBytes) b = g_bytes_new_take (bin, n);
          g_autofree char *where = g_strdup_printf ("picture %u", ++pictures);
          g_string_free (g_steal_pointer (&picture), TRUE);
          if (!pmark_ocr_read_picture (w->doc, w->budget, b, where, error))
            return FALSE;
        }
      }
      continue;
    }
    if (type == XML_READER_TYPE_ELEMENT) {
      gboolean empty = xml_empty (x);
      if (is_any (local, skipped)) {
        if (!empty)
          skip_depth = depth;
        if (!empty && !strcmp (local, "binary-data"))
          picture = g_string_new (NULL);
        continue;
      }
      Dest next = dest;
      if (!strcmp (local, "body"))
        next = DEST_BODY;
      else if (!strcmp (local, "meta") && depth <= 1)
        next = DEST_META;
      else if (g_str_has_prefix (local, "header") && dest != DEST_BODY)
        next = DEST_HEADER;
      else if (g_str_has_prefix (local, "footer") && dest != DEST_BODY)
        next = DEST_FOOTER;
      else if (dest == DEST_META && depth >= 2 && !is_any (local, meta_fields))
        next = DEST_NONE;
      if (dest == DEST_BODY && !strcmp (local, "spreadsheet"))
        w->spreadsheet_depth = depth;
      /* each sheet and each page is its own part */
      if (dest == DEST_BODY && ((!strcmp (local, "table") && depth == w->spreadsheet_depth + 1
                                 && w->spreadsheet_depth >= 0)
                                || !strcmp (local, "page"))) {
        if (!flush_body (w, error))
          return FALSE;
        g_autofree char *n = xml_attr (x, "name");
        if (!strcmp (local, "page"))
          set_body_where (w, g_strdup_printf ("slide %u", ++w->pages));
        else
          set_body_where (w, g_strdup_printf ("sheet \"%s\"", n ? n : "?"));
      }
      /* a table in a text or a presentation (a sheet is a table itself) */
      if (dest == DEST_BODY && w->spreadsheet_depth < 0) {
        if (!strcmp (local, "table") && !empty)
          pmark_table_begin (w->tb);
        else if (!strcmp (local, "table-row"))
          pmark_table_row (w->tb);
        else if (!strcmp (local, "table-cell") || !strcmp (local, "covered-table-cell"))
          for (guint k = cell_columns (x); k > 0; k--)
            pmark_table_cell (w->tb);
      }
      if (dest == DEST_META && !strcmp (local, "user-defined")) {
        g_free (w->meta_name);
        w->meta_name = xml_attr (x, "name");
      }
      GString *s = dest_string (w, next);
      if (s) {
        if (!strcmp (local, "tab"))
          g_string_append_c (s, '\t');
        else if (!strcmp (local, "line-break"))
          g_string_append_c (s, '\n');
        else if (!strcmp (local, "s")) {
          g_autofree char *c = xml_attr (x, "c");
          guint64 n = 1;
          if (c)
            g_ascii_string_to_unsigned (c, 10, 1, 1000, &n, NULL);
          for (guint64 i = 0; i < n; i++)
            g_string_append_c (s, ' ');
        }
      }
      if (!empty) {
        g_array_append_val (stack, dest);
        dest = next;
        if (!strcmp (local, "table-cell"))
          in_cell++;
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      GString *s = dest_string (w, dest);
      if (dest == DEST_META && !strcmp (local, "user-defined"))
        g_clear_pointer (&w->meta_name, g_free);
      /* a table reads a row a line, its cells separated by tabs */
      if (!strcmp (local, "table-cell") && in_cell > 0)
        in_cell--;
      if (s && !strcmp (local, "table-cell"))
        g_string_append_c (s, '\t');
      else if (s && in_cell > 0 && is_any (local, blocks))
        g_string_append_c (s, ' ');
      else if (s && (is_any (local, blocks) || !strcmp (local, "table-row")
                     || (dest == DEST_META && depth >= 2))
               && s->len && s->str[s->len - 1] != '\n')
        g_string_append_c (s, '\n');
      if (dest == DEST_BODY && is_any (local, blocks))
        pmark_table_break (w->tb);
      if (dest == DEST_BODY && !strcmp (local, "table") && pmark_table_active (w->tb)) {
        GString *tsv = pmark_table_end (w->tb);
        if (tsv)
          g_ptr_array_add (w->tables, tsv);
      }
      if (stack->len) {
        dest = g_array_index (stack, Dest, stack->len - 1);
        g_array_set_size (stack, stack->len - 1);
      }
    } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
               || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
      /* pmark's signature is not text of the document */
      gboolean sig = dest == DEST_META && w->meta_name
        && !g_ascii_strcasecmp (w->meta_name, PMARK_SIGNATURE_PROPERTY);
      GString *s = sig ? NULL : dest_string (w, dest);
      if (sig) {
        char *joined = g_strconcat (w->doc->signature ? w->doc->signature : "",
                                    xml_value (x), NULL);
        g_free (w->doc->signature);
        w->doc->signature = joined;
      }
      if (s)
        g_string_append (s, xml_value (x));
      if (dest == DEST_BODY && pmark_table_active (w->tb))
        pmark_table_text (w->tb, xml_value (x), strlen (xml_value (x)));
      if (dest == DEST_META && w->meta_name
          && pmark_is_marking_property (w->meta_name))
        pmark_document_add_marking (w->doc, PMARK_MARKING_SOURCE_METADATA,
                                    xml_value (x), name);
      if (s && s->len > w->budget->max_text_bytes) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                     "extracted text exceeds the max-text-bytes budget "
                     "(%" G_GUINT64_FORMAT " bytes)", w->budget->max_text_bytes);
        return FALSE;
      }
    }
  }
  return rc == 0;
}

static gboolean
finish (Walk *w, GError **error)
{
  if (!flush_body (w, error))
    return FALSE;
  struct {
    GString *s;
    const char *where;
  } rest[] = { { w->header, "header" }, { w->footer, "footer" },
               { w->meta, "document properties" } };
  for (gsize i = 0; i < G_N_ELEMENTS (rest); i++) {
    if (!rest[i].s->len)
      continue;
    /* a header or footer is all edge */
    if (i < 2)
      pmark_document_add_edge_lines (w->doc, rest[i].s->str, rest[i].s->len,
                                     rest[i].where);
    gsize len = rest[i].s->len;
    char *text = g_string_free (rest[i].s, FALSE);
    rest[i].s = NULL;
    if (i == 0) w->header = NULL;
    if (i == 1) w->footer = NULL;
    if (i == 2) w->meta = NULL;
    if (!pmark_document_add_text (w->doc, w->budget, rest[i].where, text, len,
                                  TRUE, error))
      return FALSE;
  }
  return TRUE;
}

/* One pass gives both the text and the marking candidates. */
static gboolean
odf_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  Walk w = { .doc = doc, .budget = budget,
             .body = g_string_new (NULL), .header = g_string_new (NULL),
             .footer = g_string_new (NULL), .meta = g_string_new (NULL),
             .body_where = g_strdup ("body"), .tb = pmark_table_builder_new (),
             .tables = g_ptr_array_new_with_free_func (pmark_table_tsv_free) };
  gboolean ok;
  gboolean flat = g_str_has_suffix (doc->type.mime, "-flat-xml");
  g_autoptr (ZipDoc) zd = NULL;
  if (flat) {
    g_autoptr (XmlReader) x = xml_reader_new (input, "flat XML", doc, budget);
    ok = walk_xml (&w, x, "flat XML", error);
  } else {
    zd = zipdoc_open (input, doc, budget, error);
    ok = zd != NULL;
    /* meta and styles first, then the body, as a flat file orders them */
    static const char *const parts[] = { "meta.xml", "styles.xml", "content.xml" };
    for (gsize i = 0; ok && i < G_N_ELEMENTS (parts); i++) {
      if (!zipdoc_has (zd, parts[i]))
        continue;
      g_autoptr (XmlReader) x = xml_reader_open_part (zd, parts[i], error);
      ok = x && walk_xml (&w, x, parts[i], error);
    }
  }
  ok = ok && finish (&w, error)
       && (!zd || (zipdoc_read_pictures (zd, error) && zipdoc_read_rest (zd, error)));
  if (w.body) g_string_free (w.body, TRUE);
  if (w.header) g_string_free (w.header, TRUE);
  if (w.footer) g_string_free (w.footer, TRUE);
  if (w.meta) g_string_free (w.meta, TRUE);
  g_free (w.body_where);
  g_free (w.meta_name);
  pmark_table_builder_free (w.tb);
  g_ptr_array_unref (w.tables);
  return ok;
}

const PmarkFormat pmark_format_odf = {
  .name = "odf",
  .description = "OpenDocument (odt, ods, odp, odg, templates, flat XML)",
  .sniff = odf_sniff,
  .extract = odf_extract,
};
