/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What Word, Excel and PowerPoint stamping share: package relationships,
 * content types, XML fragments, the signature check, and the metadata
 * marking (docProps/custom.xml: pmark's property and, when the policy maps
 * the level to a Microsoft label, MSIP_Label_* and LabelInfo.xml). */
#include "config.h"

#include <string.h>

#include <libxml/parser.h>

#include "ooxml-stamp.h"

#define PKG_RELS_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define CUSTOM_NS "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
#define VT_NS "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
#define FMTID "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

gboolean
ooxml_check_signed (ZipEdit *ze, const PmarkStampJob *job, GError **error)
{
  g_autoptr (GPtrArray) sigs = zip_edit_list (ze, "_xmlsignatures/");
  return !sigs->len || stamp_refuse_signed (job, "an XML signature in the package", error);
}

xmlDoc *
ooxml_read_xml (ZipEdit *ze, const char *part, GError **error)
{
  g_autoptr (GBytes) b = zip_edit_read (ze, part, error);
  return b ? xml_parse_dom (b, part, error) : NULL;
}

void
ooxml_put_xml (ZipEdit *ze, const char *part, xmlDoc *doc)
{
  zip_edit_put (ze, part, stamp_xml_serialize (doc));
}

xmlDoc *
ooxml_rels_load (ZipEdit *ze, const char *rels_part, GError **error)
{
  if (zip_edit_has (ze, rels_part))
    return ooxml_read_xml (ze, rels_part, error);
  xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *root = xmlNewDocNode (doc, NULL, (const xmlChar *) "Relationships", NULL);
  xmlSetNs (root, xmlNewNs (root, (const xmlChar *) PKG_RELS_NS, NULL));
  xmlDocSetRootElement (doc, root);
  return doc;
}

/* target (as written) of the first relationship with `id`, or whose
 * type ends with `type_suffix` */
const char *
ooxml_rels_find (xmlDoc *rels, const char *id, const char *type_suffix)
{
  for (xmlNode *c = xmlDocGetRootElement (rels)->children; c; c = c->next) {
    if (!xml_is (c, "Relationship"))
      continue;
    g_autofree char *rid = (char *) xmlGetProp (c, (const xmlChar *) "Id");
    g_autofree char *type = (char *) xmlGetProp (c, (const xmlChar *) "Type");
    g_autofree char *mode = (char *) xmlGetProp (c, (const xmlChar *) "TargetMode");
    if (mode && !strcmp (mode, "External"))
      continue;
    if ((id && rid && !strcmp (rid, id))
        || (type_suffix && type && g_str_has_suffix (type, type_suffix))) {
      xmlChar *t = xmlGetProp (c, (const xmlChar *) "Target");
      /* kept alive by the document: return the attribute's own value */
      xmlAttr *a = xmlHasProp (c, (const xmlChar *) "Target");
      xmlFree (t);
      return a && a->children ? (const char *) a->children->content : NULL;
    }
  }
  return NULL;
}

char *
ooxml_rels_add (xmlDoc *rels, const char *type, const char *target)
{
  xmlNode *root = xmlDocGetRootElement (rels);
  char *id = NULL;
  for (guint n = 1; !id; n++) {
    char *try = g_strdup_printf ("rIdPmark%u", n);
    gboolean taken = FALSE;
    for (xmlNode *c = root->children; c && !taken; c = c->next) {
      g_autofree char *rid = xml_is (c, "Relationship")
        ? (char *) xmlGetProp (c, (const xmlChar *) "Id") : NULL;
      taken = rid && !strcmp (rid, try);
    }
    if (taken)
      g_free (try);
    else
      id = try;
  }
  xmlNode *r = xmlNewChild (root, root->ns, (const xmlChar *) "Relationship", NULL);
  xmlSetProp (r, (const xmlChar *) "Id", (const xmlChar *) id);
  xmlSetProp (r, (const xmlChar *) "Type", (const xmlChar *) type);
  xmlSetProp (r, (const xmlChar *) "Target", (const xmlChar *) target);
  return id;
}

gboolean
ooxml_content_type (ZipEdit *ze, const char *part, const char *ctype, GError **error)
{
  g_autoptr (xmlDoc) ct = ooxml_read_xml (ze, "[Content_Types].xml", error);
  if (!ct)
    return FALSE;
  xmlNode *root = xmlDocGetRootElement (ct);
  g_autofree char *name = g_strdup_printf ("/%s", part);
  for (xmlNode *c = root->children; c; c = c->next) {
    g_autofree char *pn = xml_is (c, "Override")
      ? (char *) xmlGetProp (c, (const xmlChar *) "PartName") : NULL;
    if (pn && !g_ascii_strcasecmp (pn, name))
      return TRUE;
  }
  xmlNode *o = xmlNewChild (root, root->ns, (const xmlChar *) "Override", NULL);
  xmlSetProp (o, (const xmlChar *) "PartName", (const xmlChar *) name);
  xmlSetProp (o, (const xmlChar *) "ContentType", (const xmlChar *) ctype);
  ooxml_put_xml (ze, "[Content_Types].xml", ct);
  return TRUE;
}

gboolean
ooxml_main_part_of (ZipEdit *ze, char **main, GError **error)
{
  g_autoptr (xmlDoc) rels = ooxml_rels_load (ze, "_rels/.rels", error);
  if (!rels)
    return FALSE;
  const char *t = ooxml_rels_find (rels, NULL, "/officeDocument");
  if (!t) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "the package names no main document part");
    return FALSE;
  }
  *main = opc_resolve ("", t);
  return TRUE;
}

xmlNode *
xml_fragment (xmlNode *context, const char *xml)
{
  xmlNode *list = NULL;
  if (xmlParseInNodeContext (context, xml, (int) strlen (xml), XML_PARSE_NONET, &list)
      != XML_ERR_OK || !list) {
    /* pmark's own fragments always parse; should one not (a bug), an empty
     * node stands in: the marking is then missing, and the read-back check
     * of the stamped file refuses it (not-stampable), writing nothing */
    if (list)
      xmlFreeNodeList (list);
    return xmlNewDocText (context->doc, (const xmlChar *) "");
  }
  return list;
}

char *
xml_escape (const char *s)
{
  return g_markup_escape_text (s, -1);
}

/* ---- docProps/custom.xml ----------------------------------------------- */

static gboolean
is_pmark_property (xmlNode *n)
{
  if (!xml_is (n, "property"))
    return FALSE;
  g_autofree char *name = (char *) xmlGetProp (n, (const xmlChar *) "name");
  return name && (!g_ascii_strcasecmp (name, PMARK_STAMP_PROPERTY)
                  || !g_ascii_strcasecmp (name, PMARK_SIGNATURE_PROPERTY)
                  || g_str_has_prefix (name, "MSIP_Label_"));
}

static void
add_property (xmlNode *root, const char *name, const char *value)
{
  g_autofree char *n = xml_escape (name), *v = xml_escape (value);
  g_autofree char *xml = g_strdup_printf (
    "<property xmlns=\"" CUSTOM_NS "\" xmlns:vt=\"" VT_NS "\" fmtid=\"" FMTID "\" "
    "pid=\"0\" name=\"%s\"><vt:lpwstr>%s</vt:lpwstr></property>", n, v);
  xmlAddChild (root, xml_fragment (root, xml));
}

gboolean
ooxml_stamp_properties (ZipEdit *ze, const PmarkStampJob *job, GError **error)
{
  g_autoptr (xmlDoc) rels = ooxml_rels_load (ze, "_rels/.rels", error);
  if (!rels)
    return FALSE;
  const char *t = ooxml_rels_find (rels, NULL, "/custom-properties");
  g_autofree char *part = t ? opc_resolve ("", t) : g_strdup ("docProps/custom.xml");
  g_autoptr (xmlDoc) doc = NULL;
  if (t && zip_edit_has (ze, part)) {
    doc = ooxml_read_xml (ze, part, error);
    if (!doc)
      return FALSE;
  } else {
    static const char empty[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<Properties xmlns=\"" CUSTOM_NS "\" xmlns:vt=\"" VT_NS "\"/>";
    g_autoptr (GBytes) b = g_bytes_new_static (empty, sizeof empty - 1);
    doc = xml_parse_dom (b, part, error);
    if (!t) {
      g_free (ooxml_rels_add (rels, REL "/custom-properties", part));
      ooxml_put_xml (ze, "_rels/.rels", rels);
    }
    if (!ooxml_content_type (ze, part, "application/vnd.openxmlformats-officedocument."
                                        "custom-properties+xml", error))
      return FALSE;
  }
  xmlNode *root = xmlDocGetRootElement (doc);
  xml_remove_all (root, is_pmark_property);
  add_property (root, PMARK_STAMP_PROPERTY, job->marking);
  if (job->signature)
    add_property (root, PMARK_SIGNATURE_PROPERTY, job->signature);
  if (job->label_id) {
    static const char *const keys[] = { "Enabled", "SetDate", "Method", "Name",
                                        "ActionId", "ContentBits" };
    g_autofree char *action = g_uuid_string_random ();
    const char *vals[] = { "true", job->set_date, "Standard", job->label_name,
                           action, "0" };
    for (gsize i = 0; i < G_N_ELEMENTS (keys); i++) {
      g_autofree char *name = g_strdup_printf ("MSIP_Label_%s_%s", job->label_id, keys[i]);
      add_property (root, name, vals[i]);
    }
  }
  /* pids are unique, from 2 */
  int pid = 2;
  for (xmlNode *c = root->children; c; c = c->next)
    if (xml_is (c, "property")) {
      g_autofree char *v = g_strdup_printf ("%d", pid++);
      xmlSetProp (c, (const xmlChar *) "pid", (const xmlChar *) v);
    }
  ooxml_put_xml (ze, part, doc);

  if (job->label_id) {
    static const char label_part[] = "docMetadata/LabelInfo.xml";
    g_autofree char *xml = g_strdup_printf (
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<clbl:labelList xmlns:clbl=\"http://schemas.microsoft.com/office/2020/mipLabelMetadata\">"
      "<clbl:label id=\"{%s}\" enabled=\"1\" method=\"Standard\" removed=\"0\"/>"
      "</clbl:labelList>", job->label_id);
    gsize xml_len = strlen (xml); /* before the pointer is taken */
    zip_edit_put (ze, label_part, g_bytes_new_take (g_steal_pointer (&xml), xml_len));
    g_autoptr (xmlDoc) rels2 = ooxml_rels_load (ze, "_rels/.rels", error);
    if (!rels2)
      return FALSE;
    if (!ooxml_rels_find (rels2, NULL, "/classificationlabels")) {
      g_free (ooxml_rels_add (
        rels2, "http://schemas.microsoft.com/office/2020/02/relationships/classificationlabels",
        label_part));
      ooxml_put_xml (ze, "_rels/.rels", rels2);
    }
    if (!ooxml_content_type (ze, label_part, "application/vnd.ms-office.classificationlabels+xml",
                             error))
      return FALSE;
  }
  return TRUE;
}

gboolean
ooxml_package_open (OoxmlPackage *pkg, const PmarkStampJob *job, gboolean tree,
                    GError **error)
{
  memset (pkg, 0, sizeof *pkg);
  pkg->ze = zip_edit_new (job, error);
  if (!pkg->ze || !ooxml_check_signed (pkg->ze, job, error)
      || !ooxml_main_part_of (pkg->ze, &pkg->main, error))
    return FALSE;
  pkg->rels_part = opc_rels_path (pkg->main);
  pkg->rels = ooxml_rels_load (pkg->ze, pkg->rels_part, error);
  if (!pkg->rels)
    return FALSE;
  pkg->doc = tree ? ooxml_read_xml (pkg->ze, pkg->main, error) : NULL;
  return !tree || pkg->doc != NULL;
}

gboolean
ooxml_package_write (OoxmlPackage *pkg, const PmarkStampJob *job, GError **error)
{
  return ooxml_stamp_properties (pkg->ze, job, error) && zip_edit_write (pkg->ze, error);
}

void
ooxml_package_clear (OoxmlPackage *pkg)
{
  g_clear_pointer (&pkg->ze, zip_edit_free);
  g_clear_pointer (&pkg->main, g_free);
  g_clear_pointer (&pkg->rels_part, g_free);
  g_clear_pointer (&pkg->rels, xmlFreeDoc);
  g_clear_pointer (&pkg->doc, xmlFreeDoc);
}
