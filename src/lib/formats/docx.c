/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Word (docx, docm, dotx, dotm): body with tables and text boxes, headers,
 * footers, footnotes, endnotes and comments. */
#include "config.h"

#include <string.h>

#include "ooxml.h"

static const char *const text_elems[] = { "t", "delText", NULL };
static const char *const tab_elems[] = { "tab", NULL };
static const char *const break_elems[] = { "br", "cr", NULL };
static const char *const block_elems[] = { "p", NULL };
/* mc:Fallback repeats its mc:Choice (text boxes twice); field codes are
 * instructions, not text. */
static const char *const skip_elems[] = { "Fallback", "instrText", NULL };

static const XmlTextRules word_rules = {
  .text = text_elems, .tabs = tab_elems, .breaks = break_elems,
  .blocks = block_elems, .skip = skip_elems,
  .table = "tbl", .row = "tr", .cell = "tc",
};

static guint
docx_sniff (const PmarkSniffInfo *info)
{
  return ooxml_sniff (info, "word") ? PMARK_SNIFF_TYPE : 0;
}

/* The parts a document's relationships name, by type, in the order
 * given, with where each is reported. */
static const struct {
  const char *type_suffix;
  const char *where;
  gboolean marking_place; /* headers and footers carry the marking */
} word_parts[] = {
  { "/header", "header", TRUE },
  { "/footer", "footer", TRUE },
  { "/footnotes", "footnotes", FALSE },
  { "/endnotes", "endnotes", FALSE },
  { "/comments", "comments", FALSE },
};

static gboolean
each_part (ZipDoc *zd, gboolean markings, GError **error)
{
  g_autofree char *main = ooxml_main_part (zd, error);
  if (!main)
    return FALSE;
  if (markings)
    pmark_document_add_part_edges (zipdoc_document (zd), "body");
  else if (!ooxml_add_part (zd, main, "body", &word_rules, FALSE, error))
    return FALSE;
  g_autoptr (GPtrArray) rels = opc_rels (zd, main, error);
  if (!rels)
    return FALSE;
  for (gsize k = 0; k < G_N_ELEMENTS (word_parts); k++) {
    guint n = 0;
    for (guint i = 0; i < rels->len; i++) {
      const OpcRel *r = g_ptr_array_index (rels, i);
      if (!r->type || !g_str_has_suffix (r->type, word_parts[k].type_suffix)
          || !zipdoc_has (zd, r->target))
        continue;
      n++;
      if (markings && !word_parts[k].marking_place)
        continue;
      g_autofree char *where = g_strdup_printf ("%s %u", word_parts[k].where, n);
      /* a header or footer is all edge: every line may be the marking */
      if (!ooxml_add_part (zd, r->target, word_parts[k].marking_place && markings
                                            ? word_parts[k].where : where,
                           &word_rules, markings, error))
        return FALSE;
    }
  }
  return TRUE;
}

static gboolean
docx_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
              GError **error)
{
  g_autoptr (ZipDoc) zd = zipdoc_open (input, doc, budget, error);
  return zd && each_part (zd, FALSE, error) && ooxml_read_properties (zd, error)
         && zipdoc_read_pictures (zd, error) && zipdoc_read_rest (zd, error);
}

static gboolean
docx_read_marking (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
                   GError **error)
{
  g_autoptr (ZipDoc) zd = zipdoc_open (input, doc, budget, error);
  return zd && each_part (zd, TRUE, error) && ooxml_read_labels (zd, error);
}

const PmarkFormat pmark_format_docx = {
  .name = "docx",
  .description = "Word document (docx, docm, dotx, dotm)",
  .sniff = docx_sniff,
  .extract = docx_extract,
  .read_marking = docx_read_marking,
};
