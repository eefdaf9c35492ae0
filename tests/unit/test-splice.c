/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Editing a few elements of a big XML part without its tree
 * (stamp/xmlsplice.c): only the elements taken change, byte for byte
 * the rest is kept; markup that only looks like an element (in a
 * comment, CDATA, an attribute value) is not taken; namespaces are
 * resolved, not matched by prefix; broken markup is refused. */
#include <string.h>

#include "stamp/stamp.h"

#define W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static XmlSpliceKind
sections (const char *ns, const char *local, guint depth, gpointer data)
{
  if (g_strcmp0 (ns, W))
    return XML_SPLICE_NONE;
  if (!strcmp (local, "sectPr"))
    return XML_SPLICE_TAKE;
  return depth == 1 && !strcmp (local, "body") ? XML_SPLICE_END_OF : XML_SPLICE_NONE;
}

static char *
joined (GPtrArray *pieces)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < pieces->len; i++) {
    gsize len;
    const char *d = g_bytes_get_data (g_ptr_array_index (pieces, i), &len);
    g_string_append_len (s, d, (gssize) len);
  }
  g_ptr_array_unref (pieces);
  return g_string_free (s, FALSE);
}

static XmlSplice *
splice (const char *xml, GError **error)
{
  g_autoptr (GBytes) b = g_bytes_new (xml, strlen (xml));
  return xml_splice_new (b, "test.xml", sections, NULL, error);
}

/* every taken element gets an attribute */
static char *
edit_all (XmlSplice *s)
{
  for (guint i = 0; i < xml_splice_n_taken (s); i++)
    xmlSetProp (xml_splice_taken (s, i), (const xmlChar *) "edited", (const xmlChar *) "1");
  return joined (xml_splice_finish (s));
}

static void
test_only_taken_elements_change (void)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<doc:document xmlns:doc=\"" W "\" xmlns:other=\"urn:other\">"
    "<!-- <doc:sectPr/> in a comment -->"
    "<doc:body><doc:p a=\"x > y\"><doc:t><![CDATA[<doc:sectPr/>]]></doc:t></doc:p>"
    "<other:sectPr/>"                                  /* another namespace */
    "<doc:p><doc:pPr><doc:sectPr><doc:pgSz/><doc:sectPrChange><doc:sectPr/>"
    "</doc:sectPrChange></doc:sectPr></doc:pPr></doc:p>"
    "<doc:sectPr xmlns:doc=\"" W "\"/>"
    "</doc:body></doc:document>";
  GError *error = NULL;
  g_autoptr (XmlSplice) s = splice (xml, &error);
  g_assert_no_error (error);
  /* the outer section of the paragraph and the body's; not the one inside
   * a change record, a comment, CDATA or another namespace */
  g_assert_cmpuint (xml_splice_n_taken (s), ==, 2);
  g_assert_cmpstr ((const char *) xml_splice_taken (s, 0)->children->name, ==, "pgSz");
  g_autofree char *out = edit_all (s);
  g_autofree char *want = g_strdup (xml);
  /* the same text with the two attributes added, nothing else */
  g_assert_nonnull (strstr (out, "<doc:sectPr edited=\"1\"><doc:pgSz/>"));
  g_assert_nonnull (strstr (out, "edited=\"1\"/></doc:body>"));
  g_assert_nonnull (strstr (out, "<!-- <doc:sectPr/> in a comment -->"));
  g_assert_nonnull (strstr (out, "<doc:t><![CDATA[<doc:sectPr/>]]></doc:t>"));
  g_assert_nonnull (strstr (out, "<doc:p a=\"x > y\">"));
  g_assert_cmpuint (strlen (out), ==, strlen (xml) + 2 * strlen (" edited=\"1\""));
  g_assert_true (g_str_has_prefix (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                        "<doc:document xmlns:doc="));
}

static void
test_insert_at_end_of_body (void)
{
  const char *xml = "<w:document xmlns:w=\"" W "\"><w:body><w:p/></w:body></w:document>";
  GError *error = NULL;
  g_autoptr (XmlSplice) s = splice (xml, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (xml_splice_n_taken (s), ==, 0);
  xmlNode *n = xml_splice_insert (s, "<w:sectPr xmlns:w=\"" W "\"/>", &error);
  g_assert_no_error (error);
  g_assert_nonnull (n);
  g_autofree char *out = joined (xml_splice_finish (s));
  g_assert_cmpstr (out, ==, "<w:document xmlns:w=\"" W "\"><w:body><w:p/>"
                            "<w:sectPr xmlns:w=\"" W "\"/></w:body></w:document>");
}

static void
test_default_namespace_and_utf16 (void)
{
  const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
                    "<document xmlns=\"" W "\"><body><sectPr/></body></document>";
  /* the same document in UTF-16 with a byte order mark */
  gsize n = 0;
  g_autofree char *u16 = g_convert (xml, -1, "UTF-16LE", "UTF-8", NULL, &n, NULL);
  g_autofree guint8 *bom = g_malloc (n + 2);
  bom[0] = 0xFF;
  bom[1] = 0xFE;
  memcpy (bom + 2, u16, n);
  g_autoptr (GBytes) b = g_bytes_new (bom, n + 2);
  GError *error = NULL;
  g_autoptr (XmlSplice) s = xml_splice_new (b, "u16.xml", sections, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (xml_splice_n_taken (s), ==, 1);
  g_autofree char *out = edit_all (s);
  g_assert_nonnull (strstr (out, "encoding=\"UTF-8\""));
  g_assert_nonnull (strstr (out, "<sectPr edited=\"1\"/>"));
}

static void
test_broken_markup_is_refused (void)
{
  static const char *const bad[] = {
    "<w:document xmlns:w=\"" W "\"><w:body><w:sectPr>",         /* left open */
    "<w:document xmlns:w=\"" W "\"><w:body></w:body></w:document></x>",
    "<w:document xmlns:w=\"" W "\"><w:body a=\"unclosed></w:body></w:document>",
    "<!DOCTYPE d [<!ENTITY e \"x\">]><d/>",
    "<a/><b/>",
    "",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    GError *error = NULL;
    XmlSplice *s = splice (bad[i], &error);
    g_assert_null (s);
    g_assert_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "test.xml"));
    g_clear_error (&error);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/splice/only-taken-elements-change", test_only_taken_elements_change);
  g_test_add_func ("/splice/insert-at-end-of-body", test_insert_at_end_of_body);
  g_test_add_func ("/splice/default-namespace-and-utf16", test_default_namespace_and_utf16);
  g_test_add_func ("/splice/broken-markup-is-refused", test_broken_markup_is_refused);
  return g_test_run ();
}
