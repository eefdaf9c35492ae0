/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Word: the marking in the header and the footer of every section. A
 * section's existing headers and footers keep their content (the marking
 * goes first in a header, last in a footer); a section without a default
 * one (or without a first-page one, when it has a distinct first page)
 * gets a new part. pmark's paragraphs carry a bookmark named
 * _pmark_marking, by which a later marking replaces them. */
#include "config.h"

#include <string.h>

#include "ooxml-stamp.h"

#define HDR_CT "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
#define FTR_CT "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"

static gboolean
is_marking_paragraph (xmlNode *n)
{
  if (!xml_is (n, "p"))
    return FALSE;
  for (xmlNode *c = n->children; c; c = c->next) {
    if (!xml_is (c, "bookmarkStart"))
      continue;
    g_autofree char *name = (char *) xmlGetNsProp (c, (const xmlChar *) "name",
                                                   (const xmlChar *) W_NS);
    if (name && !strcmp (name, PMARK_STAMP_ID))
      return TRUE;
  }
  return FALSE;
}

/* the body's sections: sectPr elements (one per section break, the last
 * the body's own); a body with none gets one at its end */
static XmlSpliceKind
sections (const char *ns, const char *local, guint depth, gpointer data)
{
  if (g_strcmp0 (ns, W_NS))
    return XML_SPLICE_NONE;
  if (!strcmp (local, "sectPr"))
    return XML_SPLICE_TAKE;
  return depth == 1 && !strcmp (local, "body") ? XML_SPLICE_END_OF : XML_SPLICE_NONE;
}

/* the marking paragraphs, with bookmark ids unlikely to meet Word's own */
static char *
marking_paragraphs (const PmarkStampJob *job)
{
  static const char *const jc[] = { "center", "left", "right" };
  GString *s = g_string_new (NULL);
  for (guint i = 0; job->lines[i]; i++) {
    g_autofree char *t = xml_escape (job->lines[i]);
    g_string_append_printf (s,
      "<w:p xmlns:w=\"" W_NS "\"><w:pPr><w:jc w:val=\"%s\"/></w:pPr>"
      "<w:bookmarkStart w:id=\"%u\" w:name=\"" PMARK_STAMP_ID "\"/>"
      "<w:r><w:rPr>%s<w:color w:val=\"%s\"/><w:sz w:val=\"%u\"/><w:szCs w:val=\"%u\"/>"
      "</w:rPr><w:t xml:space=\"preserve\">%s</w:t></w:r>"
      "<w:bookmarkEnd w:id=\"%u\"/></w:p>",
      jc[job->style->align], 2147480000u + i, job->style->bold ? "<w:b/>" : "",
      job->colour ? job->colour + 1 : "000000", job->style->font_size * 2,
      job->style->font_size * 2, t, 2147480000u + i);
  }
  return g_string_free (s, FALSE);
}

static gboolean
stamp_part (ZipEdit *ze, const PmarkStampJob *job, const char *part, gboolean header,
            GError **error)
{
  g_autoptr (xmlDoc) doc = ooxml_read_xml (ze, part, error);
  if (!doc)
    return FALSE;
  xmlNode *root = xmlDocGetRootElement (doc);
  xml_remove_all (root, is_marking_paragraph);
  g_autofree char *xml = marking_paragraphs (job);
  xmlNode *list = xml_fragment (root, xml);
  if (header && root->children)
    xml_insert_list_before (root->children, list);
  else
    xmlAddChildList (root, list);
  ooxml_put_xml (ze, part, doc);
  return TRUE;
}

/* The header and footer at least the policy's printable margin from the
 * paper's edge (in twips; Word's default when unset is 720, half an inch). */
static void
keep_in_margin (xmlNode *sect, const PmarkStampJob *job)
{
  xmlNode *mar = xml_child (sect, "pgMar");
  if (!mar)
    return;
  guint want = job->style->margin * 20;
  for (int k = 0; k < 2; k++) {
    const char *key = k == 0 ? "header" : "footer";
    g_autofree char *v = (char *) xmlGetNsProp (mar, (const xmlChar *) key,
                                                (const xmlChar *) W_NS);
    if (v && g_ascii_strtoll (v, NULL, 10) < (gint64) want) {
      char buf[16];
      g_snprintf (buf, sizeof buf, "%u", want);
      xmlSetNsProp (mar, xml_ns (mar, W_NS), (const xmlChar *) key, (const xmlChar *) buf);
    }
  }
}

gboolean
pmark_stamp_docx (const PmarkStampJob *job, GError **error)
{
  g_auto (OoxmlPackage) pkg = { 0 };
  /* the body can be huge: its sections are edited without a tree of it */
  if (!ooxml_package_open (&pkg, job, FALSE, error))
    return FALSE;
  ZipEdit *ze = pkg.ze;
  const char *main = pkg.main;
  xmlDoc *rels = pkg.rels;
  g_autoptr (XmlSplice) body = NULL;
  {
    g_autoptr (GBytes) xml = zip_edit_read (ze, main, error);
    body = xml ? xml_splice_new (xml, main, sections, NULL, error) : NULL;
  }
  if (!body)
    return FALSE;
  if (!xml_splice_n_taken (body)
      && !xml_splice_insert (body, "<w:sectPr xmlns:w=\"" W_NS "\"/>", error)) {
    g_prefix_error (error, "%s has no body: ", main);
    return FALSE;
  }
  g_autoptr (GHashTable) stamped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint created = 0;
  for (guint s = 0; s < xml_splice_n_taken (body); s++) {
    xmlNode *sect = xml_splice_taken (body, s);
    gboolean title_pg = xml_child (sect, "titlePg") != NULL;
    keep_in_margin (sect, job);
    for (int hf = 0; hf < 2; hf++) {
      const char *ref_name = hf == 0 ? "headerReference" : "footerReference";
      gboolean have_default = FALSE, have_first = FALSE;
      for (xmlNode *c = sect->children; c; c = c->next) {
        if (!xml_is (c, ref_name))
          continue;
        g_autofree char *type = (char *) xmlGetNsProp (c, (const xmlChar *) "type",
                                                       (const xmlChar *) W_NS);
        g_autofree char *id = (char *) xmlGetNsProp (c, (const xmlChar *) "id",
                                                     (const xmlChar *) R_NS);
        have_default |= !type || !strcmp (type, "default");
        have_first |= type && !strcmp (type, "first");
        const char *t = id ? ooxml_rels_find (rels, id, NULL) : NULL;
        g_autofree char *part = t ? opc_resolve (main, t) : NULL;
        if (!part || !zip_edit_has (ze, part) || g_hash_table_contains (stamped, part))
          continue;
        if (!stamp_part (ze, job, part, hf == 0, error))
          return FALSE;
        g_hash_table_add (stamped, g_steal_pointer (&part));
      }
      const char *want[2] = { have_default ? NULL : "default",
                              title_pg && !have_first ? "first" : NULL };
      for (int k = 0; k < 2; k++) {
        if (!want[k])
          continue;
        g_autofree char *name = g_strdup_printf ("pmark-%s%u.xml", hf == 0 ? "header" : "footer",
                                                 ++created);
        g_autofree char *part = opc_resolve (main, name);
        g_autofree char *paras = marking_paragraphs (job);
        g_autofree char *xml = g_strdup_printf (
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<w:%s xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\">%s</w:%s>",
          hf == 0 ? "hdr" : "ftr", paras, hf == 0 ? "hdr" : "ftr");
        gsize xml_len = strlen (xml); /* before the pointer is taken */
        zip_edit_put (ze, part, g_bytes_new_take (g_steal_pointer (&xml), xml_len));
        if (!ooxml_content_type (ze, part, hf == 0 ? HDR_CT : FTR_CT, error))
          return FALSE;
        g_autofree char *id = ooxml_rels_add (rels, hf == 0 ? R_NS "/header" : R_NS "/footer",
                                              name);
        g_autofree char *ref = g_strdup_printf (
          "<w:%s xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\" w:type=\"%s\" r:id=\"%s\"/>",
          ref_name, want[k], id);
        xmlNode *node = xml_fragment (sect, ref);
        if (sect->children)
          xmlAddPrevSibling (sect->children, node);
        else
          xmlAddChild (sect, node);
        g_hash_table_add (stamped, g_steal_pointer (&part));
      }
    }
  }
  zip_edit_put_pieces (ze, main, xml_splice_finish (body));
  g_clear_pointer (&body, xml_splice_free);
  ooxml_put_xml (ze, pkg.rels_part, rels);
  return ooxml_package_write (&pkg, job, error);
}
