/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PowerPoint: a text box across the top and another across the bottom of
 * every slide, named pmark-marking-top and pmark-marking-bottom, by which
 * a later marking replaces them. */
#include "config.h"

#include <string.h>

#include "ooxml-stamp.h"

#define P_NS "http://schemas.openxmlformats.org/presentationml/2006/main"
#define A_NS "http://schemas.openxmlformats.org/drawingml/2006/main"
#define PT_EMU 12700

static gboolean
is_marking_shape (xmlNode *n)
{
  if (!xml_is (n, "sp"))
    return FALSE;
  xmlNode *nv = xml_child (xml_child (n, "nvSpPr"), "cNvPr");
  g_autofree char *name = nv ? (char *) xmlGetProp (nv, (const xmlChar *) "name") : NULL;
  return name && (!strcmp (name, PMARK_STAMP_TOP) || !strcmp (name, PMARK_STAMP_BOTTOM));
}

static void
max_id (xmlNode *n, guint64 *max)
{
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (xml_is (c, "cNvPr")) {
      g_autofree char *id = (char *) xmlGetProp (c, (const xmlChar *) "id");
      guint64 v = id ? g_ascii_strtoull (id, NULL, 10) : 0;
      *max = MAX (*max, v);
    }
    max_id (c, max);
  }
}

static char *
shape (const PmarkStampJob *job, guint64 id, const char *name, gint64 y, gint64 cx,
       gint64 cy, gboolean bottom)
{
  static const char *const algn[] = { "ctr", "l", "r" };
  GString *paras = g_string_new (NULL);
  for (guint i = 0; job->lines[i]; i++) {
    g_autofree char *t = xml_escape (job->lines[i]);
    g_string_append_printf (paras,
      "<a:p><a:pPr algn=\"%s\"/><a:r><a:rPr lang=\"en-GB\" sz=\"%u\" b=\"%d\">"
      "<a:solidFill><a:srgbClr val=\"%s\"/></a:solidFill></a:rPr><a:t>%s</a:t></a:r></a:p>",
      algn[job->style->align], job->style->font_size * 100, job->style->bold ? 1 : 0,
      job->colour ? job->colour + 1 : "000000", t);
  }
  /* the text the printable margin in from the slide's edges */
  gint64 inset = (gint64) job->style->margin * PT_EMU;
  char *xml = g_strdup_printf (
    "<p:sp xmlns:p=\"" P_NS "\" xmlns:a=\"" A_NS "\"><p:nvSpPr>"
    "<p:cNvPr id=\"%" G_GUINT64_FORMAT "\" name=\"%s\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/>"
    "</p:nvSpPr><p:spPr><a:xfrm><a:off x=\"0\" y=\"%" G_GINT64_FORMAT "\"/>"
    "<a:ext cx=\"%" G_GINT64_FORMAT "\" cy=\"%" G_GINT64_FORMAT "\"/></a:xfrm>"
    "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>"
    "<p:txBody><a:bodyPr wrap=\"square\" lIns=\"%" G_GINT64_FORMAT "\" tIns=\"%" G_GINT64_FORMAT
    "\" rIns=\"%" G_GINT64_FORMAT "\" bIns=\"%" G_GINT64_FORMAT "\" anchor=\"%s\"/>"
    "<a:lstStyle/>%s</p:txBody></p:sp>",
    id, name, y, cx, cy, inset, bottom ? 0 : inset, inset, bottom ? inset : 0,
    bottom ? "b" : "t", paras->str);
  g_string_free (paras, TRUE);
  return xml;
}

gboolean
pmark_stamp_pptx (const PmarkStampJob *job, GError **error)
{
  g_auto (OoxmlPackage) pkg = { 0 };
  if (!ooxml_package_open (&pkg, job, TRUE, error))
    return FALSE;
  ZipEdit *ze = pkg.ze;
  const char *main = pkg.main;
  xmlDoc *rels = pkg.rels, *pres = pkg.doc;
  xmlNode *root = xmlDocGetRootElement (pres);
  gint64 cx = 9144000, cy = 6858000; /* 10 x 7.5 in, PowerPoint's default */
  xmlNode *sz = xml_child (root, "sldSz");
  if (sz) {
    g_autofree char *x = (char *) xmlGetProp (sz, (const xmlChar *) "cx");
    g_autofree char *y = (char *) xmlGetProp (sz, (const xmlChar *) "cy");
    if (x && y) {
      cx = g_ascii_strtoll (x, NULL, 10);
      cy = g_ascii_strtoll (y, NULL, 10);
    }
  }
  guint nlines = g_strv_length ((char **) job->lines);
  /* lines of 1.2 times the font size, and the margin */
  gint64 h = (gint64) job->style->font_size * 6 * PT_EMU / 5 * nlines
             + (gint64) job->style->margin * PT_EMU;
  xmlNode *list = xml_child (root, "sldIdLst");
  guint n = 0;
  for (xmlNode *s = list ? list->children : NULL; s; s = s->next) {
    if (!xml_is (s, "sldId"))
      continue;
    g_autofree char *id = (char *) xmlGetNsProp (s, (const xmlChar *) "id",
                                                 (const xmlChar *) R_NS);
    const char *t = id ? ooxml_rels_find (rels, id, NULL) : NULL;
    g_autofree char *part = t ? opc_resolve (main, t) : NULL;
    if (!part || !zip_edit_has (ze, part))
      continue;
    g_autoptr (xmlDoc) slide = ooxml_read_xml (ze, part, error);
    if (!slide)
      return FALSE;
    xmlNode *tree = xml_child (xml_child (xmlDocGetRootElement (slide), "cSld"), "spTree");
    if (!tree)
      continue;
    xml_remove_all (tree, is_marking_shape);
    guint64 max = 0;
    max_id (tree, &max);
    g_autofree char *top = shape (job, max + 1, PMARK_STAMP_TOP, 0, cx, h, FALSE);
    g_autofree char *bottom = shape (job, max + 2, PMARK_STAMP_BOTTOM, cy - h, cx, h, TRUE);
    xmlAddChild (tree, xml_fragment (tree, top));
    xmlAddChild (tree, xml_fragment (tree, bottom));
    ooxml_put_xml (ze, part, slide);
    n++;
  }
  if (!n) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED, "the presentation has no slides");
    return FALSE;
  }
  return ooxml_package_write (&pkg, job, error);
}
