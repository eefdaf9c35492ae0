/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PDF through poppler-glib: each page's text in reading order, the Info
 * dictionary and XMP metadata, Microsoft Purview label ids, and marking
 * words at the top and bottom of each page. A PDF that needs a user
 * password is "not inspected" unless one is given. */
#include "config.h"

#include <poppler.h>
#include <string.h>

#include "core/document-private.h"
#include "format.h"

/* poppler-glib 22 declares no autoptr cleanups of its own */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static gboolean
pdf_sniff (const PmarkSniffInfo *info)
{
  return !strcmp (info->mime, "application/pdf");
}

static PopplerDocument *
open_pdf (PmarkDocument *doc, GBytes *input, GError **error)
{
  GError *perr = NULL;
  PopplerDocument *pd;
  if (!doc->password) {
    pd = poppler_document_new_from_bytes (input, NULL, &perr);
  } else {
    /* poppler-glib 22.12's from_bytes crashes on a wrong password (its
     * retry with the UTF-8 password reuses a freed stream); the stream
     * constructor does not. */
    g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (input);
    pd = poppler_document_new_from_stream (in, (goffset) g_bytes_get_size (input),
                                           doc->password, NULL, &perr);
  }
  if (pd)
    return pd;
  if (g_error_matches (perr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED)) {
    if (doc->password)
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_ENCRYPTED,
                   "the password does not open this encrypted PDF");
    else
      pmark_document_set_not_inspected (doc, "encrypted PDF: needs a user "
                                             "password");
  } else {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a readable PDF: %s", perr ? perr->message : "unknown error");
  }
  g_clear_error (&perr);
  return NULL;
}

static gboolean
pdf_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  g_autoptr (PopplerDocument) pd = open_pdf (doc, input, error);
  if (!pd)
    return !doc->inspected && !(error && *error);
  int n = poppler_document_get_n_pages (pd);
  for (int i = 0; i < n; i++) {
    if (!pmark_document_check_time (doc, error))
      return FALSE;
    g_autoptr (PopplerPage) page = poppler_document_get_page (pd, i);
    if (!page)
      continue;
    char *text = poppler_page_get_text (page);
    if (!text || !*text) {
      g_free (text);
      continue;
    }
    g_autofree char *where = g_strdup_printf ("page %d", i + 1);
    gsize len = strlen (text);
    if (!g_utf8_validate_len (text, len, NULL)) {
      char *valid = g_utf8_make_valid (text, (gssize) len);
      g_free (text);
      text = valid;
      len = strlen (text);
    }
    if (!pmark_document_add_text (doc, budget, where, text, len, TRUE, error))
      return FALSE;
  }
  GString *props = g_string_new (NULL);
  char *fields[] = { poppler_document_get_title (pd),
                     poppler_document_get_subject (pd),
                     poppler_document_get_keywords (pd) };
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++) {
    if (fields[i] && *fields[i])
      g_string_append_printf (props, "%s\n", fields[i]);
    g_free (fields[i]);
  }
  if (!props->len) {
    g_string_free (props, TRUE);
    return TRUE;
  }
  gsize len = props->len;
  return pmark_document_add_text (doc, budget, "document properties",
                                  g_string_free (props, FALSE), len, TRUE,
                                  error);
}

/* MSIP_Label_<guid>_Enabled set to true, wherever it is written: the Info
 * dictionary (raw bytes: poppler-glib has no accessor for custom keys) or
 * the XMP packet. */
static void
scan_labels (PmarkDocument *doc, const char *data, gsize len, const char *where)
{
  static const char key[] = "MSIP_Label_";
  const char *p = data, *end = data + len;
  while ((p = memmem (p, (gsize) (end - p), key, sizeof key - 1))) {
    p += sizeof key - 1;
    if (end - p < 36 + 8 || memcmp (p + 36, "_Enabled", 8) != 0)
      continue;
    /* the value follows within a few characters: (true), >true< */
    const char *v = p + 44;
    gsize room = MIN ((gsize) (end - v), 16);
    if (!memmem (v, room, "true", 4))
      continue;
    g_autofree char *id = g_strndup (p, 36);
    pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_LABEL, id, where);
  }
}

static gboolean
pdf_read_marking (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
                  GError **error)
{
  /* words at the top and bottom of every page */
  pmark_document_add_part_edges (doc, "page ");
  gsize len;
  const char *data = g_bytes_get_data (input, &len);
  scan_labels (doc, data, len, "PDF Info");
  if (!doc->inspected)
    return TRUE;
  g_autoptr (PopplerDocument) pd = open_pdf (doc, input, error);
  if (!pd)
    return FALSE;
  g_autofree char *xmp = poppler_document_get_metadata (pd);
  if (xmp)
    scan_labels (doc, xmp, strlen (xmp), "PDF XMP");
  char *fields[] = { poppler_document_get_subject (pd),
                     poppler_document_get_keywords (pd) };
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++) {
    if (fields[i] && *fields[i])
      pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_METADATA, fields[i],
                                  "PDF Info");
    g_free (fields[i]);
  }
  return TRUE;
}

const PmarkFormat pmark_format_pdf = {
  .name = "pdf",
  .description = "PDF (poppler)",
  .sniff = pdf_sniff,
  .extract = pdf_extract,
  .read_marking = pdf_read_marking,
  .stamp = pmark_stamp_pdf,
};
