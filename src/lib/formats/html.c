/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* HTML: the text a reader sees, from libxml2's HTML parser (which
 * recovers from broken markup as browsers do). Scripts, styles and
 * comments are left out; block elements end a line. Mail bodies in HTML
 * are read through pmark_html_text() too. */
#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>

#include "format.h"
#include "zipxml.h"
#include "core/document-private.h"
#include "core/textdecode.h"

static const char *const skipped[] = { "script", "style", "head", "template",
                                       "noscript", NULL };
static const char *const blocks[] = {
  "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
  "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr", "title", "section",
  "article", "header", "footer", "address", "center", "body", NULL
};

static void
line_end (GString *out)
{
  if (out->len && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
}

typedef struct {
  GString *out;
  PmarkTableBuilder *tb;  /* NULL: tables not kept apart */
  GPtrArray *tables;
} Html;

static void
walk (Html *h, xmlNode *node, guint depth)
{
  GString *out = h->out;
  for (xmlNode *n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      const char *t = (const char *) n->content;
      /* runs of white space read as one space, as a browser shows them */
      for (; t && *t; t++) {
        /* a no-break space (&nbsp;) reads as a space */
        gboolean nbsp = (guchar) t[0] == 0xc2 && (guchar) t[1] == 0xa0;
        if (nbsp || g_ascii_isspace (*t)) {
          t += nbsp;
          if (out->len && !g_ascii_isspace (out->str[out->len - 1]))
            g_string_append_c (out, ' ');
          if (pmark_table_active (h->tb))
            pmark_table_text (h->tb, " ", 1);
        } else {
          g_string_append_c (out, *t);
          if (pmark_table_active (h->tb))
            pmark_table_text (h->tb, t, 1);
        }
      }
      continue;
    }
    if (n->type != XML_ELEMENT_NODE)
      continue;
    const char *name = (const char *) n->name;
    /* the head is no text but for its title, which a browser shows */
    if (!strcmp (name, "head")) {
      for (xmlNode *t = n->children; t; t = t->next)
        if (t->type == XML_ELEMENT_NODE && !strcmp ((const char *) t->name, "title")) {
          line_end (out);
          walk (h, t->children, depth + 1);
          line_end (out);
        }
      continue;
    }
    if (g_strv_contains (skipped, name))
      continue;
    gboolean block = g_strv_contains (blocks, name);
    if (block)
      line_end (out);
    gboolean table = h->tb && !strcmp (name, "table");
    if (table)
      pmark_table_begin (h->tb);
    else if (h->tb && !strcmp (name, "tr"))
      pmark_table_row (h->tb);
    if (!strcmp (name, "td") || !strcmp (name, "th")) {
      g_string_append_c (out, '\t');
      g_autofree char *span = (char *) xmlGetProp (n, (const xmlChar *) "colspan");
      guint64 cols = 1;
      if (span)
        g_ascii_string_to_unsigned (g_strstrip (span), 10, 1, 64, &cols, NULL);
      for (guint64 k = 0; h->tb && k < cols; k++)
        pmark_table_cell (h->tb);
    }
    if (depth < 512)
      walk (h, n->children, depth + 1);
    if (block) {
      line_end (out);
      if (h->tb)
        pmark_table_break (h->tb);
    }
    if (table) {
      GString *tsv = pmark_table_end (h->tb);
      if (tsv)
        g_ptr_array_add (h->tables, tsv);
    }
  }
}

char *
pmark_html_text (const char *html, gsize len, gsize *out_len, GPtrArray *tables)
{
  zipxml_init ();
  GString *out = g_string_new (NULL);
  Html h = { .out = out, .tables = tables,
             .tb = tables ? pmark_table_builder_new () : NULL };
  if (len > G_MAXINT)
    len = G_MAXINT;
  htmlDocPtr d = htmlReadMemory (html, (int) len, NULL, "UTF-8",
                                 HTML_PARSE_RECOVER | HTML_PARSE_NOERROR
                                   | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                                   | HTML_PARSE_NOIMPLIED);
  if (d) {
    walk (&h, xmlDocGetRootElement (d) ? d->children : NULL, 0);
    xmlFreeDoc (d);
  }
  pmark_table_builder_free (h.tb);
  line_end (out);
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

static guint
html_sniff (const PmarkSniffInfo *info)
{
  return strcmp (info->mime, "text/html") == 0 ? PMARK_SNIFF_TYPE : 0;
}

static gboolean
html_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
              GError **error)
{
  /* the same charset rules as plain text (BOM, UTF-8, Windows-1252) */
  g_autoptr (GBytes) utf8 = pmark_text_decode (input, budget, error);
  if (!utf8)
    return FALSE;
  gsize len, n;
  const char *html = g_bytes_get_data (utf8, &len);
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (pmark_table_tsv_free);
  char *text = pmark_html_text (html, len, &n, tables);
  if (!pmark_document_add_text (doc, budget, NULL, text, n, TRUE, error)
      || !pmark_document_add_tables (doc, budget, NULL, tables, error))
    return FALSE;
  const PmarkTextPart *part = g_ptr_array_index (doc->parts, doc->parts->len - 1);
  pmark_document_add_edge_lines (doc, part->text, part->len, NULL);
  return pmark_document_check_budget (doc, error);
}

const PmarkFormat pmark_format_html = {
  .name = "html",
  .description = "HTML (the visible text)",
  .sniff = html_sniff,
  .extract = html_extract,
};
