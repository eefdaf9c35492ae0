/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* XML that is no known document format: data exports, mostly. Each
 * element's text is a line "Element Name: text", the name split into words
 * (NHSNumber -> NHS Number, date_of_birth -> date of birth), so that a
 * field's name is the context of its value as a column header is in a
 * table. (Attribute values are not read yet.) Parsed by the
 * hardened reader of zipxml.c (no DTD, no entities, depth budget). */
#include "config.h"

#include <string.h>

#include "format.h"
#include "zipxml.h"

static guint
xml_sniff (const PmarkSniffInfo *info)
{
  return !strcmp (info->mime, "text/xml") || !strcmp (info->mime, "application/xml")
           ? PMARK_SNIFF_TYPE : 0;
}

/* "NHSNumber" -> "NHS Number", "date_of_birth" -> "date of birth" */
static void
append_name (GString *out, const char *name)
{
  for (const char *p = name; *p; p++) {
    char c = *p;
    if (c == '_' || c == '-' || c == '.') {
      g_string_append_c (out, ' ');
      continue;
    }
    if (p > name && g_ascii_isupper (c)
        && (g_ascii_islower (p[-1])
            || (g_ascii_isupper (p[-1]) && g_ascii_islower (p[1]))))
      g_string_append_c (out, ' ');
    g_string_append_c (out, c);
  }
}

static gboolean
blank (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static gboolean
xml_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  g_autoptr (XmlReader) x = xml_reader_new (input, "XML", doc, budget);
  GString *out = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    int type = xml_type (x);
    if (type == XML_READER_TYPE_ELEMENT) {
      if (!xml_empty (x))
        g_ptr_array_add (names, g_strdup (xml_local (x)));
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (names->len)
        g_ptr_array_set_size (names, names->len - 1);
    } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA)
               && !blank (xml_value (x))) {
      if (names->len) {
        append_name (out, g_ptr_array_index (names, names->len - 1));
        g_string_append (out, ": ");
      }
      g_autofree char *v = g_strstrip (g_strdup (xml_value (x)));
      g_string_append (out, v);
      g_string_append_c (out, '\n');
    }
    if (out->len > budget->max_text_bytes) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                   "extracted text exceeds the max-text-bytes budget");
      rc = -1;
      break;
    }
  }
  if (rc < 0) {
    g_string_free (out, TRUE);
    return FALSE;
  }
  pmark_document_add_edge_lines (doc, out->str, out->len, NULL);
  gsize len = out->len;
  return pmark_document_add_text (doc, budget, NULL, g_string_free (out, FALSE), len,
                                  TRUE, error);
}

const PmarkFormat pmark_format_xml = {
  .name = "xml",
  .description = "XML data (element and attribute names as context)",
  .sniff = xml_sniff,
  .extract = xml_extract,
};
