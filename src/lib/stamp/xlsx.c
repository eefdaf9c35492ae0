/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Excel: the marking in the centre section of every worksheet's page
 * header and footer (first-page and even-page ones too when the sheet has
 * them); the left and right sections are kept. */
#include "config.h"

#include <string.h>

#include "ooxml-stamp.h"

#define SML_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

/* elements that follow headerFooter in a worksheet (CT_Worksheet order) */
static const char *const after_hf[] = {
  "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
  "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF",
  "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
  NULL,
};

/* "&L...&C...&R..." with the section the policy aligns the marking to
 * (the centre by default) replaced by it: bold or not, in the level's
 * colour and the policy's size */
static char *
with_marking (const char *old, const PmarkStampJob *job)
{
  GString *sec[3] = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };
  int cur = 1;
  for (const char *p = old ? old : ""; *p; p++) {
    if (*p == '&' && p[1]) {
      if (p[1] == 'L' || p[1] == 'C' || p[1] == 'R') {
        cur = p[1] == 'L' ? 0 : p[1] == 'C' ? 1 : 2;
        p++;
        continue;
      }
      g_string_append_c (sec[cur], *p++);
    }
    g_string_append_c (sec[cur], *p);
  }
  GString *centre = g_string_new (job->style->bold ? "&\"-,Bold\"" : "&\"-,Regular\"");
  g_string_append_printf (centre, "&K%s&%u", job->colour ? job->colour + 1 : "000000",
                          job->style->font_size);
  for (guint i = 0; job->lines[i]; i++) {
    if (i)
      g_string_append_c (centre, '\n');
    for (const char *c = job->lines[i]; *c; c++) {
      if (*c == '&')
        g_string_append_c (centre, '&');
      g_string_append_c (centre, *c);
    }
  }
  int at = job->style->align == STAMP_ALIGN_LEFT ? 0 : job->style->align == STAMP_ALIGN_RIGHT ? 2 : 1;
  g_string_assign (sec[at], centre->str);
  GString *out = g_string_new (NULL);
  for (int i = 0; i < 3; i++)
    if (sec[i]->len)
      g_string_append_printf (out, "&%c%s", "LCR"[i], sec[i]->str);
  for (int i = 0; i < 3; i++)
    g_string_free (sec[i], TRUE);
  g_string_free (centre, TRUE);
  return g_string_free (out, FALSE);
}

static void
set_section (xmlNode *hf, const char *name, const PmarkStampJob *job)
{
  static const char *const order[] = { "oddHeader", "oddFooter", "evenHeader",
                                       "evenFooter", "firstHeader", "firstFooter" };
  xmlNode *n = xml_child (hf, name);
  g_autofree char *old = n ? (char *) xmlNodeGetContent (n) : NULL;
  g_autofree char *value = with_marking (old, job);
  if (!n) {
    n = xmlNewDocNode (hf->doc, hf->ns, (const xmlChar *) name, NULL);
    /* in schema order */
    int rank = 0;
    while (strcmp (order[rank], name))
      rank++;
    xmlNode *before = NULL;
    for (xmlNode *c = hf->children; c && !before; c = c->next)
      for (int k = rank + 1; k < 6 && !before; k++)
        if (xml_is (c, order[k]))
          before = c;
    if (before)
      xmlAddPrevSibling (before, n);
    else
      xmlAddChild (hf, n);
  }
  xmlNodeSetContent (n, NULL);
  xmlNodeAddContent (n, (const xmlChar *) value);
}

static gboolean
flag (xmlNode *n, const char *attr)
{
  g_autofree char *v = (char *) xmlGetProp (n, (const xmlChar *) attr);
  return v && (!strcmp (v, "1") || !strcmp (v, "true"));
}

/* a worksheet's headerFooter, or where one goes: before the first element
 * that follows it in schema order, else at the end */
static XmlSpliceKind
header_footer (const char *ns, const char *local, guint depth, gpointer data)
{
  if (depth == 0)
    return XML_SPLICE_END_OF;
  if (depth != 1 || g_strcmp0 (ns, SML_NS))
    return XML_SPLICE_NONE;
  if (!strcmp (local, "headerFooter") || !strcmp (local, "pageMargins"))
    return XML_SPLICE_TAKE;
  return g_strv_contains (after_hf, local) ? XML_SPLICE_BEFORE : XML_SPLICE_NONE;
}

/* the header and footer at least the policy's printable margin from the
 * paper's edge (inches) */
static void
keep_in_margin (xmlNode *margins, const PmarkStampJob *job)
{
  double want = job->style->margin / 72.0;
  for (int k = 0; k < 2; k++) {
    const char *key = k == 0 ? "header" : "footer";
    g_autofree char *v = (char *) xmlGetProp (margins, (const xmlChar *) key);
    if (v && g_ascii_strtod (v, NULL) < want - 1e-6) {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (buf, sizeof buf, "%.3f", want);
      xmlSetProp (margins, (const xmlChar *) key, (const xmlChar *) buf);
    }
  }
}

/* a sheet of bulk data can be huge: its headerFooter is edited without a
 * tree of the sheet */
static gboolean
stamp_sheet (ZipEdit *ze, const PmarkStampJob *job, const char *part, GError **error)
{
  g_autoptr (XmlSplice) sheet = NULL;
  {
    g_autoptr (GBytes) xml = zip_edit_read (ze, part, error);
    sheet = xml ? xml_splice_new (xml, part, header_footer, NULL, error) : NULL;
  }
  if (!sheet)
    return FALSE;
  xmlNode *hf = NULL;
  for (guint i = 0; i < xml_splice_n_taken (sheet); i++) {
    xmlNode *t = xml_splice_taken (sheet, i);
    if (xml_is (t, "pageMargins"))
      keep_in_margin (t, job);
    else if (!hf)
      hf = t;
  }
  if (!hf)
    hf = xml_splice_insert (sheet, "<x:headerFooter xmlns:x=\"" SML_NS "\"/>", error);
  if (!hf)
    return FALSE;
  set_section (hf, "oddHeader", job);
  set_section (hf, "oddFooter", job);
  if (flag (hf, "differentOddEven")) {
    set_section (hf, "evenHeader", job);
    set_section (hf, "evenFooter", job);
  }
  if (flag (hf, "differentFirst")) {
    set_section (hf, "firstHeader", job);
    set_section (hf, "firstFooter", job);
  }
  zip_edit_put_pieces (ze, part, xml_splice_finish (sheet));
  return TRUE;
}

gboolean
pmark_stamp_xlsx (const PmarkStampJob *job, GError **error)
{
  g_auto (OoxmlPackage) pkg = { 0 };
  if (!ooxml_package_open (&pkg, job, TRUE, error))
    return FALSE;
  ZipEdit *ze = pkg.ze;
  const char *main = pkg.main;
  xmlDoc *rels = pkg.rels, *wb = pkg.doc;
  xmlNode *sheets = xml_child (xmlDocGetRootElement (wb), "sheets");
  guint n = 0;
  for (xmlNode *s = sheets ? sheets->children : NULL; s; s = s->next) {
    if (!xml_is (s, "sheet"))
      continue;
    g_autofree char *id = (char *) xmlGetNsProp (s, (const xmlChar *) "id",
                                                 (const xmlChar *) R_NS);
    const char *t = id ? ooxml_rels_find (rels, id, NULL) : NULL;
    g_autofree char *part = t ? opc_resolve (main, t) : NULL;
    /* worksheets only: chart sheets have no cells to mark this way */
    if (!part || !zip_edit_has (ze, part) || !strstr (part, "worksheets/"))
      continue;
    if (!stamp_sheet (ze, job, part, error))
      return FALSE;
    n++;
  }
  if (!n) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED, "the workbook has no worksheets");
    return FALSE;
  }
  return ooxml_package_write (&pkg, job, error);
}
