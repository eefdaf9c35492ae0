/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* WordPerfect 5.x-X9 documents (wpd, wp, wp5, wp6, and those saved as
 * .doc): the table's entry. The reader is the module "wpd-reader"
 * (wpd.h); a reader that cannot be loaded leaves the document not
 * inspected, with why: never clean. */
#include "config.h"

#include <string.h>

#include "core/module.h"
#include "format.h"
#include "wpd.h"

/* WordPerfect 5.0 and later start with their "WPC" signature; a file
 * named .doc that carries it is WordPerfect, whatever its name says. */
static guint
wpd_sniff (const PmarkSniffInfo *info)
{
  if (info->len >= 10 && !memcmp (info->data, "\xffWPC", 4) && info->data[8] == 1)
    return PMARK_SNIFF_CONTENT;
  return !strcmp (info->mime, "application/vnd.wordperfect") ? PMARK_SNIFF_TYPE : 0;
}

static gboolean
wpd_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget, GError **error)
{
  g_autoptr (GError) e = NULL;
  const PmarkWpdReader *r = PMARK_MODULE_GET ("wpd-reader", pmark_wpd_reader, &e);
  if (!r) {
    g_autofree char *why = g_strdup_printf ("no WordPerfect reader: %s", e->message);
    pmark_document_set_not_inspected (doc, why);
    return TRUE;
  }
  gsize len;
  const guint8 *data = g_bytes_get_data (input, &len);
  char *text = NULL;
  g_autofree char *why = NULL;
  switch (r->text (data, len, &text, &why)) {
  case PMARK_WPD_ENCRYPTED:
    pmark_document_set_encrypted (doc, "password-protected WordPerfect document");
    return TRUE;
  case PMARK_WPD_UNREADABLE:
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a readable WordPerfect document: %s", why);
    return FALSE;
  case PMARK_WPD_READ:
    break;
  }
  gsize n = strlen (text);
  return pmark_document_add_text (doc, budget, "body", text, n, TRUE, error);
}

const PmarkFormat pmark_format_wpd = {
  .name = "wpd",
  .description = "WordPerfect document (wpd, wp, wp5, wp6)",
  .sniff = wpd_sniff,
  .extract = wpd_extract,
  .content_mime = "application/vnd.wordperfect",
};
