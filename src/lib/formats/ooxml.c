/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <pmark/sign.h>

#include "ooxml.h"

const char *const pmark_marking_property_names[] = {
  "pmark-marking", "ProtectiveMarking", "Protective Marking",
  "Classification", "SecurityClassification", "Security Classification",
  NULL,
};

gboolean
pmark_is_marking_property (const char *name)
{
  for (const char *const *n = pmark_marking_property_names; *n; n++)
    if (g_ascii_strcasecmp (*n, name) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ooxml_sniff (const PmarkSniffInfo *info, const char *kind)
{
  static const struct {
    const char *kind, *prefix;
  } types[] = {
    { "word", "application/vnd.openxmlformats-officedocument.wordprocessingml." },
    { "word", "application/vnd.ms-word." },
    { "spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml." },
    { "spreadsheet", "application/vnd.ms-excel.sheet.macroEnabled" },
    { "spreadsheet", "application/vnd.ms-excel.template.macroEnabled" },
    { "presentation", "application/vnd.openxmlformats-officedocument.presentationml." },
    { "presentation", "application/vnd.ms-powerpoint.presentation.macroEnabled" },
    { "presentation", "application/vnd.ms-powerpoint.template.macroEnabled" },
    { "presentation", "application/vnd.ms-powerpoint.slideshow.macroEnabled" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (!strcmp (types[i].kind, kind)
        && g_str_has_prefix (info->mime, types[i].prefix))
      return TRUE;
  return FALSE;
}

char *
ooxml_main_part (ZipDoc *zd, GError **error)
{
  g_autoptr (GPtrArray) rels = opc_rels (zd, "", error);
  if (!rels)
    return NULL;
  const char *main = opc_rel_of_type (rels, "/officeDocument");
  if (!main || !zipdoc_has (zd, main)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "the package names no main document part");
    return NULL;
  }
  return g_strdup (main);
}

gboolean
ooxml_add_part (ZipDoc *zd, const char *part, const char *where,
                const XmlTextRules *rules, gboolean edges_only, GError **error)
{
  PmarkDocument *doc = zipdoc_document (zd);
  const PmarkBudget *budget = zipdoc_budget (zd);
  g_autoptr (XmlReader) x = xml_reader_open_part (zd, part, error);
  if (!x)
    return FALSE;
  GString *out = g_string_new (NULL);
  g_autoptr (GPtrArray) tables = edges_only ? NULL
    : g_ptr_array_new_with_free_func (pmark_table_tsv_free);
  if (!xml_text (x, rules, out, tables, error)) {
    g_string_free (out, TRUE);
    return FALSE;
  }
  if (edges_only) {
    pmark_document_add_edge_lines (doc, out->str, out->len, where);
    g_string_free (out, TRUE);
    return TRUE;
  }
  gsize len = out->len;
  return pmark_document_add_text (doc, budget, where, g_string_free (out, FALSE),
                                  len, TRUE, error)
         && pmark_document_add_tables (doc, budget, where, tables, error);
}

/* docProps/core.xml: title, subject, keywords, description and category
 * are text a person wrote; subject, keywords and category sometimes hold
 * the marking itself. */
gboolean
ooxml_read_properties (ZipDoc *zd, GError **error)
{
  static const char *const fields[] = { "title", "subject", "keywords",
                                        "description", "category", NULL };
  if (!zipdoc_has (zd, "docProps/core.xml"))
    return TRUE;
  PmarkDocument *doc = zipdoc_document (zd);
  g_autoptr (GBytes) xml = zipdoc_read (zd, "docProps/core.xml", error);
  if (!xml)
    return FALSE;
  g_autoptr (XmlReader) x = xml_reader_new (xml, "docProps/core.xml", doc,
                                            zipdoc_budget (zd));
  GString *out = g_string_new (NULL);
  const char *field = NULL;
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    int type = xml_type (x);
    if (type == XML_READER_TYPE_ELEMENT && xml_depth (x) == 1) {
      field = NULL;
      for (const char *const *f = fields; *f; f++)
        if (!strcmp (xml_local (x), *f))
          field = *f;
    } else if (type == XML_READER_TYPE_END_ELEMENT && xml_depth (x) == 1) {
      field = NULL;
    } else if (field && type == XML_READER_TYPE_TEXT) {
      g_string_append_printf (out, "%s\n", xml_value (x));
      if (strcmp (field, "title") && strcmp (field, "description"))
        pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_METADATA,
                                    xml_value (x), "docProps/core.xml");
    }
  }
  if (rc < 0 || !out->len) {
    g_string_free (out, TRUE);
    return rc == 0;
  }
  gsize len = out->len;
  return pmark_document_add_text (doc, zipdoc_budget (zd), "document properties",
                                  g_string_free (out, FALSE), len, TRUE, error);
}

/* MSIP_Label_<guid>_Enabled = true names a label id; a property named as
 * in pmark_marking_property_names holds a marking. */
static gboolean
read_custom (ZipDoc *zd, GError **error)
{
  PmarkDocument *doc = zipdoc_document (zd);
  g_autoptr (GBytes) xml = zipdoc_read (zd, "docProps/custom.xml", error);
  if (!xml)
    return FALSE;
  g_autoptr (XmlReader) x = xml_reader_new (xml, "docProps/custom.xml", doc,
                                            zipdoc_budget (zd));
  g_autofree char *name = NULL;
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    if (xml_is_start (x, "property")) {
      g_free (name);
      name = xml_attr (x, "name");
    } else if (xml_type (x) == XML_READER_TYPE_TEXT && name) {
      const char *value = xml_value (x);
      if (g_str_has_prefix (name, "MSIP_Label_")
          && g_str_has_suffix (name, "_Enabled")
          && !g_ascii_strcasecmp (value, "true")) {
        g_autofree char *id = g_strndup (name + strlen ("MSIP_Label_"),
                                         strlen (name) - strlen ("MSIP_Label_")
                                           - strlen ("_Enabled"));
        pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_LABEL, id,
                                    "docProps/custom.xml");
      } else if (!g_ascii_strcasecmp (name, PMARK_SIGNATURE_PROPERTY)) {
        char *joined = g_strconcat (doc->signature ? doc->signature : "", value, NULL);
        g_free (doc->signature);
        doc->signature = joined;
      } else if (pmark_is_marking_property (name)) {
        pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_METADATA, value,
                                    "docProps/custom.xml");
      }
    }
  }
  return rc == 0;
}

/* docMetadata/LabelInfo.xml: <clbl:label id="{guid}" enabled="1" .../> */
static gboolean
read_label_info (ZipDoc *zd, GError **error)
{
  PmarkDocument *doc = zipdoc_document (zd);
  g_autoptr (GBytes) xml = zipdoc_read (zd, "docMetadata/LabelInfo.xml", error);
  if (!xml)
    return FALSE;
  g_autoptr (XmlReader) x = xml_reader_new (xml, "docMetadata/LabelInfo.xml",
                                            doc, zipdoc_budget (zd));
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    if (!xml_is_start (x, "label"))
      continue;
    g_autofree char *id = xml_attr (x, "id");
    g_autofree char *enabled = xml_attr (x, "enabled");
    if (id && (!enabled || !strcmp (enabled, "1") || !strcmp (enabled, "true")))
      pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_LABEL, id,
                                  "docMetadata/LabelInfo.xml");
  }
  return rc == 0;
}

gboolean
ooxml_read_labels (ZipDoc *zd, GError **error)
{
  if (zipdoc_has (zd, "docProps/custom.xml") && !read_custom (zd, error))
    return FALSE;
  if (zipdoc_has (zd, "docMetadata/LabelInfo.xml") && !read_label_info (zd, error))
    return FALSE;
  return TRUE;
}
