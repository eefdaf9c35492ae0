/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OpenDocument: text documents and spreadsheets get the marking in the
 * header and footer of every master page (a spreadsheet's centre region);
 * presentations a frame across the top and bottom of every page. meta.xml
 * gets the pmark-marking user-defined property. Zipped and flat files go
 * through the same functions: they work on the elements, wherever they
 * live. pmark's paragraphs carry a bookmark named _pmark_marking, its
 * frames the names pmark-marking-top and -bottom. */
#include "config.h"

#include <string.h>

#include "ooxml-stamp.h"

#define OFFICE_NS "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define STYLE_NS "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define DRAW_NS "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define SVG_NS "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define FO_NS "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define META_NS "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

static gboolean
is_marking_paragraph (xmlNode *n)
{
  if (!xml_is (n, "p"))
    return FALSE;
  for (xmlNode *c = n->children; c; c = c->next) {
    if (!xml_is (c, "bookmark"))
      continue;
    g_autofree char *name = (char *) xmlGetNsProp (c, (const xmlChar *) "name",
                                                   (const xmlChar *) TEXT_NS);
    if (name && !strcmp (name, PMARK_STAMP_ID))
      return TRUE;
  }
  return FALSE;
}

static gboolean
is_marking_frame (xmlNode *n)
{
  if (!xml_is (n, "frame"))
    return FALSE;
  g_autofree char *name = (char *) xmlGetNsProp (n, (const xmlChar *) "name",
                                                 (const xmlChar *) DRAW_NS);
  return name && (!strcmp (name, PMARK_STAMP_TOP) || !strcmp (name, PMARK_STAMP_BOTTOM));
}

static char *
paragraphs (const PmarkStampJob *job, gboolean bookmark)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; job->lines[i]; i++) {
    g_autofree char *t = xml_escape (job->lines[i]);
    g_string_append_printf (s, "<text:p xmlns:text=\"" TEXT_NS "\">%s%s</text:p>",
                            bookmark ? "<text:bookmark text:name=\"" PMARK_STAMP_ID "\"/>" : "",
                            t);
  }
  return g_string_free (s, FALSE);
}

static xmlNode *
find (xmlNode *n, const char *local, int depth)
{
  for (xmlNode *c = n->children; c && depth > 0; c = c->next) {
    if (xml_is (c, local))
      return c;
    xmlNode *f = c->type == XML_ELEMENT_NODE ? find (c, local, depth - 1) : NULL;
    if (f)
      return f;
  }
  return NULL;
}

/* the marking into a header or footer (its centre region, if it has regions) */
static void
stamp_hf (xmlNode *hf, const PmarkStampJob *job, gboolean header)
{
  xmlUnsetNsProp (hf, xml_ns (hf, STYLE_NS), (const xmlChar *) "display");
  xml_remove_all (hf, is_marking_paragraph);
  xmlNode *target = hf;
  if (xml_child (hf, "region-left") || xml_child (hf, "region-center")
      || xml_child (hf, "region-right")) {
    target = xml_child (hf, "region-center");
    if (!target) {
      target = xml_new_like (hf, STYLE_NS, "region-center");
      xmlNode *right = xml_child (hf, "region-right");
      if (right)
        xmlAddPrevSibling (right, target);
      else
        xmlAddChild (hf, target);
    }
  }
  g_autofree char *xml = paragraphs (job, TRUE);
  xmlNode *list = xml_fragment (target, xml);
  if (header && target->children)
    xml_insert_list_before (target->children, list);
  else
    xmlAddChildList (target, list);
}

static void
stamp_master_pages (xmlNode *master_styles, const PmarkStampJob *job)
{
  for (xmlNode *mp = master_styles->children; mp; mp = mp->next) {
    if (!xml_is (mp, "master-page"))
      continue;
    for (int hf = 0; hf < 2; hf++) {
      const char *name = hf == 0 ? "header" : "footer";
      xmlNode *n = xml_child (mp, name);
      if (!n) {
        n = xml_new_like (mp, STYLE_NS, name);
        /* header before footer, both before the page's drawings */
        xmlNode *first = mp->children;
        if (hf == 1 && xml_child (mp, "header"))
          xmlAddNextSibling (xml_child (mp, "header"), n);
        else if (first)
          xmlAddPrevSibling (first, n);
        else
          xmlAddChild (mp, n);
      }
      stamp_hf (n, job, hf == 0);
      /* left (even) and first-page variants carry it too */
      for (xmlNode *c = mp->children; c; c = c->next)
        if (c != n && c->type == XML_ELEMENT_NODE
            && g_str_has_prefix ((const char *) c->name, name))
          stamp_hf (c, job, hf == 0);
    }
  }
}

/* "28cm" -> 28, and the unit */
static double
length (const char *v, char unit[4])
{
  char *end = NULL;
  double d = v ? g_ascii_strtod (v, &end) : 0;
  g_strlcpy (unit, end && *end ? end : "cm", 4);
  return d;
}

static void
stamp_pages (xmlNode *presentation, xmlNode *page_props, const PmarkStampJob *job)
{
  char wu[4], hu[4];
  g_autofree char *wv = page_props ? (char *) xmlGetNsProp (page_props, (const xmlChar *) "page-width",
                                                            (const xmlChar *) FO_NS) : NULL;
  g_autofree char *hv = page_props ? (char *) xmlGetNsProp (page_props, (const xmlChar *) "page-height",
                                                            (const xmlChar *) FO_NS) : NULL;
  double w = wv ? length (wv, wu) : 28, h = hv ? length (hv, hu) : 15.75;
  if (!wv)
    strcpy (wu, "cm");
  if (!hv)
    strcpy (hu, "cm");
  guint n = g_strv_length ((char **) job->lines);
  /* a line of 12 pt text is about 0.6 cm */
  double lh = !strcmp (hu, "in") ? 0.25 : !strcmp (hu, "mm") ? 6 : !strcmp (hu, "pt") ? 17 : 0.6;
  g_autofree char *paras = paragraphs (job, FALSE);
  for (xmlNode *pg = presentation->children; pg; pg = pg->next) {
    if (!xml_is (pg, "page"))
      continue;
    xml_remove_all (pg, is_marking_frame);
    for (int edge = 0; edge < 2; edge++) {
      char y[G_ASCII_DTOSTR_BUF_SIZE], width[G_ASCII_DTOSTR_BUF_SIZE],
           height[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (y, sizeof y, "%.3f", edge == 0 ? 0 : h - lh * n);
      g_ascii_formatd (width, sizeof width, "%.3f", w);
      g_ascii_formatd (height, sizeof height, "%.3f", lh * n);
      g_autofree char *xml = g_strdup_printf (
        "<draw:frame xmlns:draw=\"" DRAW_NS "\" xmlns:svg=\"" SVG_NS "\" "
        "draw:name=\"%s\" svg:x=\"0%s\" svg:y=\"%s%s\" svg:width=\"%s%s\" "
        "svg:height=\"%s%s\"><draw:text-box>%s</draw:text-box></draw:frame>",
        edge == 0 ? PMARK_STAMP_TOP : PMARK_STAMP_BOTTOM, wu, y, hu, width, wu, height, hu,
        paras);
      xmlAddChild (pg, xml_fragment (pg, xml));
    }
  }
}

static gboolean
is_pmark_property (xmlNode *n)
{
  if (!xml_is (n, "user-defined"))
    return FALSE;
  g_autofree char *name = (char *) xmlGetNsProp (n, (const xmlChar *) "name",
                                                 (const xmlChar *) META_NS);
  return name && !g_ascii_strcasecmp (name, PMARK_STAMP_PROPERTY);
}

static void
stamp_meta (xmlNode *meta, const PmarkStampJob *job)
{
  xml_remove_all (meta, is_pmark_property);
  g_autofree char *v = xml_escape (job->marking);
  g_autofree char *xml = g_strdup_printf (
    "<meta:user-defined xmlns:meta=\"" META_NS "\" meta:name=\"" PMARK_STAMP_PROPERTY
    "\">%s</meta:user-defined>", v);
  xmlAddChild (meta, xml_fragment (meta, xml));
}

/* Everything pmark changes in one document tree (a zipped part or the flat
 * file); `styles` is where the master pages and page layouts are. */
static gboolean
stamp_tree (xmlNode *content, xmlNode *styles, xmlNode *meta_root,
            const PmarkStampJob *job, GError **error)
{
  xmlNode *body = content ? xml_child (content, "body") : NULL;
  xmlNode *pres = body ? xml_child (body, "presentation") : NULL;
  if (pres) {
    stamp_pages (pres, styles ? find (styles, "page-layout-properties", 4) : NULL, job);
  } else if (styles) {
    xmlNode *ms = xml_child (styles, "master-styles");
    if (!ms) {
      /* none: the application's default page style, by its default name
       * ("Standard" in text documents, "Default" in spreadsheets) */
      gboolean sheet = body && xml_child (body, "spreadsheet");
      g_autofree char *xml = g_strdup_printf (
        "<office:master-styles xmlns:office=\"" OFFICE_NS "\" xmlns:style=\"" STYLE_NS "\">"
        "<style:master-page style:name=\"%s\"/></office:master-styles>",
        sheet ? "Default" : "Standard");
      ms = xml_fragment (styles, xml);
      xmlNode *before = xml_child (styles, "body");
      if (before)
        xmlAddPrevSibling (before, ms);
      else
        xmlAddChild (styles, ms);
    }
    stamp_master_pages (ms, job);
  }
  xmlNode *meta = meta_root ? xml_child (meta_root, "meta") : NULL;
  if (meta)
    stamp_meta (meta, job);
  return TRUE;
}

gboolean
pmark_stamp_odf (const PmarkStampJob *job, GError **error)
{
  if (g_str_has_suffix (job->doc->type.mime, "-flat-xml")) {
    g_autoptr (xmlDoc) doc = stamp_xml_parse (job->input, job->doc->name, error);
    if (!doc)
      return FALSE;
    xmlNode *root = xmlDocGetRootElement (doc);
    if (xml_child (root, "document-signatures") && !stamp_refuse_signed (job, "a document signature", error))
      return FALSE;
    if (!stamp_tree (root, root, root, job, error))
      return FALSE;
    g_autoptr (GBytes) out = stamp_xml_serialize (doc);
    gsize len;
    const void *d = g_bytes_get_data (out, &len);
    return stamp_write_bytes (job, d, len, error);
  }
  g_autoptr (ZipEdit) ze = zip_edit_new (job, error);
  if (!ze)
    return FALSE;
  if (zip_edit_has (ze, "META-INF/documentsignatures.xml")
      && !stamp_refuse_signed (job, "META-INF/documentsignatures.xml", error))
    return FALSE;
  g_autoptr (xmlDoc) content = ooxml_read_xml (ze, "content.xml", error);
  g_autoptr (xmlDoc) styles = content ? ooxml_read_xml (ze, "styles.xml", error) : NULL;
  if (!styles)
    return FALSE;
  g_autoptr (xmlDoc) meta = NULL;
  if (zip_edit_has (ze, "meta.xml") && !(meta = ooxml_read_xml (ze, "meta.xml", error)))
    return FALSE;
  if (!stamp_tree (xmlDocGetRootElement (content), xmlDocGetRootElement (styles),
                   meta ? xmlDocGetRootElement (meta) : NULL, job, error))
    return FALSE;
  ooxml_put_xml (ze, "content.xml", content);
  ooxml_put_xml (ze, "styles.xml", styles);
  if (meta)
    ooxml_put_xml (ze, "meta.xml", meta);
  return zip_edit_write (ze, error);
}
