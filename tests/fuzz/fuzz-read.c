/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer: one format reader on arbitrary bytes, in process (the worker
 * runs the same code). PMARK_FUZZ_FORMAT names the reader ("pdf", "docx",
 * ...); "detect" runs detection and then whatever reader it chooses,
 * containers and nested documents included. For the formats pmark signs,
 * what the signed-marking check reads of the same bytes (the token,
 * marking property and canonical content: qpdf for a PDF) is read too. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <pmark/pmark.h>

#include "core/document-private.h"
#include "formats/format.h"
#include "formats/signature.h"

static const char *format;
static PmarkReadOptions options;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  format = g_getenv ("PMARK_FUZZ_FORMAT");
  if (!format) {
    g_printerr ("set PMARK_FUZZ_FORMAT (a format name, or detect)\n");
    exit (2);
  }
  pmark_init (NULL);
  pmark_read_options_init (&options);
  /* small budgets: a slow input is a finding only when it is slow
   * within them */
  options.budget.max_seconds = 5;
  options.budget.max_text_bytes = 8u << 20;
  options.budget.max_total_inflated = 64u << 20;
  options.budget.max_entry_inflated = 32u << 20;
  options.budget.max_memory_bytes = 0;
  options.ocr.mode = PMARK_OCR_OFF;
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GBytes *input = g_bytes_new (data, size);
  GError *error = NULL;
  if (!strcmp (format, "detect")) {
    PmarkDocument *doc = pmark_document_load_bytes (input, "fuzz.bin", &options, &error);
    if (doc)
      pmark_document_free (doc);
  } else {
    PmarkDocument *doc = pmark_document_new ("fuzz");
    doc->type.format = g_strdup (format);
    doc->type.mime = g_strdup ("application/octet-stream");
    pmark_document_extract (doc, input, &options, &error);
    if (signature_kind (doc, input) != SIGNATURE_KIND_NONE) {
      static const char *const lines[] = { "OFFICIAL-SENSITIVE", NULL };
      signature_gather_here (doc, input, NULL, TRUE);
      g_free (signature_digest (doc, lines, NULL));
    }
    pmark_document_free (doc);
  }
  g_clear_error (&error);
  g_bytes_unref (input);
  return 0;
}
