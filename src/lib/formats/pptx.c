/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PowerPoint (pptx, pptm, potx, potm, ppsx, ppsm): slides in presentation
 * order, each with its notes and comments. */
#include "config.h"

#include <string.h>

#include "ooxml.h"

/* a:t in slides and notes, p:text in (legacy) comments */
static const char *const text_elems[] = { "t", "text", NULL };
static const char *const break_elems[] = { "br", NULL };
static const char *const block_elems[] = { "p", "cm", NULL };
static const char *const skip_elems[] = { "Fallback", NULL };

static const XmlTextRules slide_rules = {
  .text = text_elems, .breaks = break_elems, .blocks = block_elems,
  .skip = skip_elems, .table = "tbl", .row = "tr", .cell = "tc",
};

static guint
pptx_sniff (const PmarkSniffInfo *info)
{
  return ooxml_sniff (info, "presentation") ? PMARK_SNIFF_TYPE : 0;
}

static gboolean
each_slide (ZipDoc *zd, GError **error)
{
  PmarkDocument *doc = zipdoc_document (zd);
  g_autofree char *pres = ooxml_main_part (zd, error);
  if (!pres)
    return FALSE;
  g_autoptr (GPtrArray) rels = opc_rels (zd, pres, error);
  if (!rels)
    return FALSE;
  g_autoptr (GBytes) xml = zipdoc_read (zd, pres, error);
  if (!xml)
    return FALSE;
  /* presentation.xml: <p:sldIdLst><p:sldId r:id="rId2"/>... in show order */
  g_autoptr (GPtrArray) slides = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (XmlReader) x = xml_reader_new (xml, pres, doc, zipdoc_budget (zd));
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    if (!xml_is_start (x, "sldId"))
      continue;
    g_autofree char *id = xml_rel_id (x);
    const char *target = opc_rel_target (rels, id);
    if (target && zipdoc_has (zd, target))
      g_ptr_array_add (slides, g_strdup (target));
  }
  if (rc < 0)
    return FALSE;

  for (guint i = 0; i < slides->len; i++) {
    const char *slide = g_ptr_array_index (slides, i);
    g_autofree char *where = g_strdup_printf ("slide %u", i + 1);
    if (!ooxml_add_part (zd, slide, where, &slide_rules, FALSE, error))
      return FALSE;
    g_autoptr (GPtrArray) srels = opc_rels (zd, slide, error);
    if (!srels)
      return FALSE;
    for (guint k = 0; k < srels->len; k++) {
      const OpcRel *r = g_ptr_array_index (srels, k);
      const char *what = NULL;
      if (r->type && g_str_has_suffix (r->type, "/notesSlide"))
        what = "notes";
      else if (r->type && g_str_has_suffix (r->type, "/comments"))
        what = "comments";
      if (!what || !zipdoc_has (zd, r->target))
        continue;
      g_autofree char *sub = g_strdup_printf ("%s %s", where, what);
      if (!ooxml_add_part (zd, r->target, sub, &slide_rules, FALSE, error))
        return FALSE;
    }
  }
  return TRUE;
}

static gboolean
pptx_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
              GError **error)
{
  g_autoptr (ZipDoc) zd = zipdoc_open (input, doc, budget, error);
  return zd && each_slide (zd, error) && ooxml_read_properties (zd, error)
         && zipdoc_read_pictures (zd, error) && zipdoc_read_rest (zd, error);
}

static gboolean
pptx_read_marking (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
                   GError **error)
{
  g_autoptr (ZipDoc) zd = zipdoc_open (input, doc, budget, error);
  if (!zd)
    return FALSE;
  /* the top and bottom of each slide (its notes are not the slide) */
  guint n = doc->parts->len;
  for (guint i = 0; i < n; i++) {
    const PmarkTextPart *p = g_ptr_array_index (doc->parts, i);
    if (p->where && g_str_has_prefix (p->where, "slide ")
        && !strchr (p->where + 6, ' '))
      pmark_document_add_edge_lines (doc, p->text, p->len, p->where);
  }
  return ooxml_read_labels (zd, error);
}

const PmarkFormat pmark_format_pptx = {
  .name = "pptx",
  .description = "PowerPoint presentation (pptx, pptm, potx, potm, ppsx, ppsm)",
  .sniff = pptx_sniff,
  .extract = pptx_extract,
  .read_marking = pptx_read_marking,
};
