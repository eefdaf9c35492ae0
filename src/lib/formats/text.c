/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Plain text: UTF-8, UTF-16 with a byte order mark, or Windows-1252. */
#include "config.h"

#include <string.h>

#include "format.h"
#include "core/textdecode.h"

/* Any text: the family. Text types with structure of their own (HTML,
 * XML, RTF) are claimed by their readers with more confidence; reading
 * their markup as prose would be guessing. */
static guint
text_sniff (const PmarkSniffInfo *info)
{
  if (strcmp (info->mime, "application/x-empty") == 0)
    return PMARK_SNIFF_TYPE;
  return g_str_has_prefix (info->mime, "text/") ? PMARK_SNIFF_FAMILY : 0;
}

static gboolean
text_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
              GError **error)
{
  GBytes *text = pmark_text_decode (input, budget, error);
  if (!text || !pmark_document_add_text_bytes (doc, budget, NULL, text, TRUE,
                                               error))
    return FALSE;
  gsize len;
  const char *data = g_bytes_get_data (text, &len);
  return pmark_document_add_columns (doc, budget, NULL, data, len, 0, error);
}

static gboolean
text_read_marking (PmarkDocument *doc, GBytes *input,
                   const PmarkBudget *budget, GError **error)
{
  /* the file itself, not the column views of it */
  const PmarkTextPart *part = doc->parts->len ? g_ptr_array_index (doc->parts, 0)
                                              : NULL;
  if (part)
    pmark_document_add_edge_lines (doc, part->text, part->len, part->where);
  return TRUE;
}

const PmarkFormat pmark_format_text = {
  .name = "text",
  .description = "Plain text (UTF-8, UTF-16 with BOM, Windows-1252)",
  .sniff = text_sniff,
  .extract = text_extract,
  .read_marking = text_read_marking,
};
