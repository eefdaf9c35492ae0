/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer: the recognisers (recognise/) and the rest of classification
 * over any text, as the London policy runs them: the input is a document's
 * text, whole and as a table's column view (the two ways readers give
 * text). */
#include "config.h"

#include <pmark/pmark.h>

#include "core/document-private.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static PmarkPolicy *policy;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_setenv ("PMARK_LOCAL_POLICY", "", TRUE);
  pmark_init (NULL);
  GError *error = NULL;
  policy = pmark_policy_load ("london-lscb", &error);
  if (!policy)
    g_error ("london-lscb: %s", error->message);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  PmarkDocument *doc = pmark_document_new ("fuzz.txt");
  PmarkBudget budget;
  pmark_budget_init (&budget);
  GError *error = NULL;
  if (pmark_document_add_text (doc, &budget, NULL, g_strndup ((const char *) data, size),
                               size, TRUE, &error)
      && pmark_document_add_text (doc, &budget, "column A (Name)",
                                  g_strndup ((const char *) data, size), size, TRUE, &error)) {
    PmarkTextPart *col = g_ptr_array_index (doc->parts, 1);
    col->column = TRUE;
    PmarkResult *r = pmark_classify_document (policy, doc);
    char *line = pmark_result_to_line (r);
    g_free (line);
    pmark_result_free (r);
  }
  g_clear_error (&error);
  pmark_document_free (doc);
  return 0;
}
