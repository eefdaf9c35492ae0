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
#define STYLE_NAME "pmark_marking"
#define FIRST_PAGE_STYLE "pmark_first_page"

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
    g_string_append_printf (s, "<text:p xmlns:text=\"" TEXT_NS "\" text:style-name=\""
                            STYLE_NAME "\">%s%s</text:p>",
                            bookmark ? "<text:bookmark text:name=\"" PMARK_STAMP_ID "\"/>" : "",
                            t);
  }
  return g_string_free (s, FALSE);
}

static gboolean
is_marking_style (xmlNode *n)
{
  if (!xml_is (n, "style"))
    return FALSE;
  g_autofree char *name = (char *) xmlGetNsProp (n, (const xmlChar *) "name",
                                                 (const xmlChar *) STYLE_NS);
  return name && !strcmp (name, STYLE_NAME);
}

/* The marking's paragraph style, among the automatic styles of the part
 * (styles.xml for master pages, content.xml for presentation frames):
 * the look every format shares (the level's colour, the policy's size,
 * weight and alignment). */
static void
add_marking_style (xmlNode *root, const PmarkStampJob *job)
{
  xmlNode *autos = xml_child (root, "automatic-styles");
  if (!autos) {
    autos = xml_fragment (root, "<office:automatic-styles xmlns:office=\"" OFFICE_NS "\"/>");
    /* after the font declarations and common styles, before the masters
     * and the body */
    xmlNode *before = NULL;
    for (xmlNode *c = root->children; c && !before; c = c->next)
      if (xml_is (c, "master-styles") || xml_is (c, "body"))
        before = c;
    if (before)
      xmlAddPrevSibling (before, autos);
    else
      xmlAddChild (root, autos);
  }
  xml_remove_all (autos, is_marking_style);
  static const char *const align[] = { "center", "left", "right" };
  const char *weight = job->style->bold ? "bold" : "normal";
  g_autofree char *xml = g_strdup_printf (
    "<style:style xmlns:style=\"" STYLE_NS "\" xmlns:fo=\"" FO_NS "\" style:name=\"" STYLE_NAME
    "\" style:family=\"paragraph\"><style:paragraph-properties fo:text-align=\"%s\" "
    "fo:margin-top=\"0cm\" fo:margin-bottom=\"0cm\"/><style:text-properties fo:color=\"%s\" "
    "fo:font-size=\"%upt\" fo:font-weight=\"%s\" style:font-size-asian=\"%upt\" "
    "style:font-weight-asian=\"%s\" style:font-size-complex=\"%upt\" "
    "style:font-weight-complex=\"%s\"/></style:style>",
    align[job->style->align], job->colour ? job->colour : "#000000", job->style->font_size,
    weight, job->style->font_size, weight, job->style->font_size, weight);
  xmlAddChild (autos, xml_fragment (autos, xml));
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

static xmlNode *
find_named (xmlNode *parent, const char *local, const char *name)
{
  for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next) {
    if (!xml_is (c, local))
      continue;
    g_autofree char *n = (char *) xmlGetNsProp (c, (const xmlChar *) "name",
                                                (const xmlChar *) STYLE_NS);
    if (!g_strcmp0 (n, name))
      return c;
  }
  return NULL;
}

/* A master page's header and footer show only where its page layout
 * turns them on (header-style and footer-style with properties): a page
 * without a layout gets pmark's, a layout without them gets them. */
static void
ensure_header_layout (xmlNode *styles, xmlNode *mp)
{
  xmlNode *autos = xml_child (styles, "automatic-styles");
  g_autofree char *name = (char *) xmlGetNsProp (mp, (const xmlChar *) "page-layout-name",
                                                 (const xmlChar *) STYLE_NS);
  xmlNode *layout = name ? find_named (autos, "page-layout", name) : NULL;
  if (!layout && name)
    layout = find_named (xml_child (styles, "styles"), "page-layout", name);
  if (!layout) {
    layout = find_named (autos, "page-layout", STYLE_NAME "_layout");
    if (!layout) {
      layout = xml_fragment (autos, "<style:page-layout xmlns:style=\"" STYLE_NS "\" "
                                    "style:name=\"" STYLE_NAME "_layout\"/>");
      xmlAddChild (autos, layout);
    }
    xmlSetNsProp (mp, xml_ns (mp, STYLE_NS), (const xmlChar *) "page-layout-name",
                  (const xmlChar *) STYLE_NAME "_layout");
  }
  for (int k = 0; k < 2; k++) {
    const char *local = k == 0 ? "header-style" : "footer-style";
    xmlNode *hs = xml_child (layout, local);
    if (!hs) {
      g_autofree char *xml = g_strdup_printf ("<style:%s xmlns:style=\"" STYLE_NS "\"/>", local);
      hs = xml_fragment (layout, xml);
      xmlAddChild (layout, hs);
    }
    if (!xml_child (hs, "header-footer-properties"))
      xmlAddChild (hs, xml_fragment (hs,
        k == 0 ? "<style:header-footer-properties xmlns:style=\"" STYLE_NS "\" xmlns:fo=\"" FO_NS
                 "\" fo:min-height=\"0.6cm\" fo:margin-bottom=\"0.25cm\"/>"
               : "<style:header-footer-properties xmlns:style=\"" STYLE_NS "\" xmlns:fo=\"" FO_NS
                 "\" fo:min-height=\"0.6cm\" fo:margin-top=\"0.25cm\"/>"));
  }
}

/* the marking into a header or footer (its centre region, if it has regions) */
static void
stamp_hf (xmlNode *hf, const PmarkStampJob *job, gboolean header, gboolean sheet)
{
  xmlUnsetNsProp (hf, xml_ns (hf, STYLE_NS), (const xmlChar *) "display");
  xml_remove_all (hf, is_marking_paragraph);
  xmlNode *target = hf;
  /* a spreadsheet's header shows its regions only (Calc ignores
   * paragraphs outside them) */
  if (sheet || xml_child (hf, "region-left") || xml_child (hf, "region-center")
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
stamp_master_pages (xmlNode *styles, xmlNode *master_styles, const PmarkStampJob *job,
                    gboolean sheet)
{
  for (xmlNode *mp = master_styles->children; mp; mp = mp->next) {
    if (!xml_is (mp, "master-page"))
      continue;
    ensure_header_layout (styles, mp);
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
      stamp_hf (n, job, hf == 0, sheet);
      /* left (even) and first-page variants carry it too */
      for (xmlNode *c = mp->children; c; c = c->next)
        if (c != n && c->type == XML_ELEMENT_NODE
            && g_str_has_prefix ((const char *) c->name, name))
          stamp_hf (c, job, hf == 0, sheet);
    }
  }
}

/* A master page named `name`, added when missing (with the page layout
 * of the first master page there is). */
static void
ensure_master_page (xmlNode *ms, const char *name)
{
  xmlNode *first = NULL;
  for (xmlNode *mp = ms->children; mp; mp = mp->next) {
    if (!xml_is (mp, "master-page"))
      continue;
    g_autofree char *n = (char *) xmlGetNsProp (mp, (const xmlChar *) "name",
                                                (const xmlChar *) STYLE_NS);
    if (!g_strcmp0 (n, name))
      return;
    first = first ? first : mp;
  }
  g_autofree char *layout = first ? (char *) xmlGetNsProp (first, (const xmlChar *) "page-layout-name",
                                                           (const xmlChar *) STYLE_NS) : NULL;
  g_autofree char *esc = layout ? xml_escape (layout) : NULL;
  g_autofree char *xml = g_strdup_printf (
    "<style:master-page xmlns:style=\"" STYLE_NS "\" style:name=\"%s\"%s%s%s/>", name,
    esc ? " style:page-layout-name=\"" : "", esc ? esc : "", esc ? "\"" : "");
  xmlAddChild (ms, xml_fragment (ms, xml));
}

/* Whether any style under `root` (two levels down: office:styles or
 * office:automatic-styles, then style:style) names a master page. */
static gboolean
names_master_page (xmlNode *root)
{
  for (xmlNode *group = root ? root->children : NULL; group; group = group->next) {
    if (!xml_is (group, "styles") && !xml_is (group, "automatic-styles"))
      continue;
    for (xmlNode *st = group->children; st; st = st->next) {
      if (!xml_is (st, "style"))
        continue;
      g_autofree char *mp = (char *) xmlGetNsProp (st, (const xmlChar *) "master-page-name",
                                                   (const xmlChar *) STYLE_NS);
      if (mp && *mp)
        return TRUE;
    }
  }
  return FALSE;
}

/* A text document whose styles name no master page shows its pages in
 * whatever page style the consumer defaults to: LibreOffice's is
 * "Standard", others' need not be. Its first paragraph (when the text
 * begins with one) gets a style of its own naming `name`: a copy of its
 * automatic style, or a child of its common style. */
static void
reference_first_page (xmlNode *content, xmlNode *styles, const char *name)
{
  xmlNode *body = xml_child (content, "body");
  xmlNode *text = body ? xml_child (body, "text") : NULL;
  if (!text || names_master_page (content) || (styles != content && names_master_page (styles)))
    return;
  static const char *const blocks[] = { "p", "h", "list", "table", "section",
                                        "table-of-content", "illustration-index", NULL };
  xmlNode *first = NULL;
  for (xmlNode *c = text->children; c && !first; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_strv_contains (blocks, (const char *) c->name))
      first = c;
  if (!first || (!xml_is (first, "p") && !xml_is (first, "h")))
    return;
  xmlNode *autos = xml_child (content, "automatic-styles");
  if (!autos) {
    autos = xml_fragment (content, "<office:automatic-styles xmlns:office=\"" OFFICE_NS "\"/>");
    xmlAddPrevSibling (body, autos);
  }
  g_autofree char *old = (char *) xmlGetNsProp (first, (const xmlChar *) "style-name",
                                                (const xmlChar *) TEXT_NS);
  xmlNode *own = old ? find_named (autos, "style", old) : NULL;
  xmlNode *st;
  if (own) {
    st = xmlCopyNode (own, 1);
    xmlAddChild (autos, st);
  } else {
    g_autofree char *esc = old ? xml_escape (old) : NULL;
    g_autofree char *xml = g_strdup_printf (
      "<style:style xmlns:style=\"" STYLE_NS "\" style:family=\"paragraph\"%s%s%s/>",
      esc ? " style:parent-style-name=\"" : "", esc ? esc : "", esc ? "\"" : "");
    st = xml_fragment (autos, xml);
    xmlAddChild (autos, st);
  }
  xmlNs *sns = xml_ns (st, STYLE_NS);
  xmlSetNsProp (st, sns, (const xmlChar *) "name", (const xmlChar *) FIRST_PAGE_STYLE);
  xmlSetNsProp (st, sns, (const xmlChar *) "master-page-name", (const xmlChar *) name);
  xmlSetNsProp (first, xml_ns (first, TEXT_NS), (const xmlChar *) "style-name",
                (const xmlChar *) FIRST_PAGE_STYLE);
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
  /* points in the page's units; a line 1.5 times the font size */
  double pt = !strcmp (hu, "in") ? 1 / 72.0 : !strcmp (hu, "mm") ? 25.4 / 72
              : !strcmp (hu, "pt") ? 1 : 2.54 / 72;
  double lh = job->style->font_size * 1.5 * pt, margin = job->style->margin * pt;
  g_autofree char *paras = paragraphs (job, FALSE);
  for (xmlNode *pg = presentation->children; pg; pg = pg->next) {
    if (!xml_is (pg, "page"))
      continue;
    xml_remove_all (pg, is_marking_frame);
    for (int edge = 0; edge < 2; edge++) {
      char y[G_ASCII_DTOSTR_BUF_SIZE], width[G_ASCII_DTOSTR_BUF_SIZE],
           height[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (y, sizeof y, "%.3f", edge == 0 ? margin : h - lh * n - margin);
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
  return name && (!g_ascii_strcasecmp (name, PMARK_STAMP_PROPERTY)
                  || !g_ascii_strcasecmp (name, PMARK_SIGNATURE_PROPERTY));
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
  if (job->signature) {
    g_autofree char *sx = g_strdup_printf (
      "<meta:user-defined xmlns:meta=\"" META_NS "\" meta:name=\"" PMARK_SIGNATURE_PROPERTY
      "\">%s</meta:user-defined>", job->signature);
    xmlAddChild (meta, xml_fragment (meta, sx));
  }
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
    add_marking_style (content, job);
    stamp_pages (pres, styles ? find (styles, "page-layout-properties", 4) : NULL, job);
  } else if (styles) {
    xmlNode *ms = xml_child (styles, "master-styles");
    if (!ms) {
      ms = xml_fragment (styles, "<office:master-styles xmlns:office=\"" OFFICE_NS "\"/>");
      xmlNode *before = xml_child (styles, "body");
      if (before)
        xmlAddPrevSibling (before, ms);
      else
        xmlAddChild (styles, ms);
    }
    /* the page style a consumer applies where the document names none is
     * the application's default, by its default name ("Standard" in text
     * documents, "Default" in spreadsheets): a document without one (as
     * scripts write them, or with master pages only under other names)
     * gets it, or the marking is on pages nothing shows */
    gboolean sheet = body && xml_child (body, "spreadsheet");
    ensure_master_page (ms, sheet ? "Default" : "Standard");
    if (content && !sheet)
      reference_first_page (content, styles, "Standard");
    add_marking_style (styles, job);
    stamp_master_pages (styles, ms, job, sheet);
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
    g_autoptr (xmlDoc) doc = xml_parse_dom (job->input, job->doc->name, error);
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
