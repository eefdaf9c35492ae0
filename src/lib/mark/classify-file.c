/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Classifying a file or bytes: detect, read (formats/), classify
 * (policy/), and check the signed marking the document carries
 * (stamp/signature.c). The workflow above the modules it joins. */
#include "config.h"

#include <pmark/pmark.h>

#include "core/document-private.h"
#include "formats/format.h"
#include "stamp/stamp.h"

/* Classifies `*bytes`; when `own` and nothing after reading needs them
 * (no signed marking to check), lets them go before classifying: a worker
 * read the document, whose text is then the only copy held (a 100 MB
 * text file held twice peaked at 241 MB) */
static PmarkResult *
classify_bytes (PmarkPolicy *policy, GBytes **bytes, gboolean own, const char *name,
                const PmarkReadOptions *options)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (*bytes, &len);
  g_autoptr (PmarkDocument) doc = pmark_document_new (name);
  GError *error = NULL;
  PmarkReadOptions read;
  pmark_policy_read_options (policy, options, &read);

  if (!pmark_detect_bytes (data, len, name, &doc->type, &error)
      || !pmark_document_extract (doc, *bytes, &read, &error))
    return pmark_result_new_error (policy, doc->name, &doc->type, error);
  if (own && !doc->signature)
    g_clear_pointer (bytes, g_bytes_unref);
  PmarkResult *r = pmark_classify_document (policy, doc);
  /* a signed marking is checked with what the reader's process gathered
   * (a worker's, under the policy's budget); a document that cannot be
   * read for its digest, or whose reader failed, says so */
  if (doc->signature && !r->error) {
    r->signature = stamp_signature_check (doc, *bytes, pmark_policy_trusted_keys (policy),
                                          &read, &error);
    if (!r->signature) {
      r->signature = g_new0 (PmarkSignatureCheck, 1);
      r->signature->state = PMARK_SIGNATURE_INVALID;
      r->signature->reason = g_strdup_printf ("the signature could not be checked: %s",
                                              error->message);
      g_clear_error (&error);
    }
  }
  return r;
}

PmarkResult *
pmark_classify_bytes (PmarkPolicy *policy, GBytes *bytes, const char *name,
                      const PmarkReadOptions *options)
{
  return classify_bytes (policy, &bytes, FALSE, name, options);
}

PmarkResult *
pmark_classify_file (PmarkPolicy *policy, const char *path,
                     const PmarkReadOptions *options)
{
  GError *error = NULL;
  PmarkFileType type = { 0 };
  if (!pmark_file_probe (path, &type, &error)) {
    PmarkResult *r = pmark_result_new_error (policy, path, &type, error);
    pmark_file_type_clear (&type);
    return r;
  }
  PmarkReadOptions read;
  pmark_policy_read_options (policy, options, &read);
  g_autoptr (GBytes) bytes = pmark_file_read (path, &read.budget, &error);
  if (!bytes)
    return pmark_result_new_error (policy, path, NULL, error);
  return classify_bytes (policy, &bytes, TRUE, path, options);
}

