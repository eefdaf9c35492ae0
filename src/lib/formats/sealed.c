/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* age-encrypted files (pmark's sealed output, or anyone's): the content is
 * not inspected; the marking pmark carries outside the encryption, in its
 * header stanza, is the file's existing marking. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "format.h"

static guint
sealed_sniff (const PmarkSniffInfo *info)
{
  return !strcmp (info->mime, PMARK_AGE_MIME) ? PMARK_SNIFF_TYPE : 0;
}

static gboolean
sealed_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
                GError **error)
{
  g_autofree char *marking = NULL;
  GError *e = NULL;
  g_autofree char *signature = NULL;
  if (!pmark_age_peek_signed (input, &marking, &signature, &e)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a readable age file: %s", e->message);
    g_error_free (e);
    return FALSE;
  }
  pmark_document_set_encrypted (doc, "sealed: age-encrypted content");
  if (marking)
    pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_METADATA, marking,
                                "age header (pmark-marking stanza)");
  g_free (doc->signature);
  doc->signature = g_steal_pointer (&signature);
  return TRUE;
}

const PmarkFormat pmark_format_sealed = {
  .name = "sealed",
  .description = "age-encrypted file (content not inspected; pmark's outside marking read)",
  .sniff = sealed_sniff,
  .extract = sealed_extract,
};
