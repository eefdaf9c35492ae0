/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer: one format reader on arbitrary bytes, in process (the worker
 * runs the same code). PMARK_FUZZ_FORMAT names the reader ("pdf", "docx",
 * ...); "detect" runs detection and then whatever reader it chooses,
 * containers and nested documents included. For the formats pmark signs,
 * what the signed-marking check reads of the same bytes (the token,
 * marking property and canonical content: qpdf for a PDF) is read too.
 * A document of a format pmark stamps that read whole is stamped, as
 * pmark mark would (the writers parse it again: qpdf, libzip, libxml2),
 * into memory, without the PDF shrink's page rendering (poppler draws in
 * the reader's harness already; it would cost most of each run). A PDF
 * read whole also has its first page drawn, as pmark-serve(1)'s preview
 * does, small. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <pmark/pmark.h>

#include "core/document-private.h"
#include "formats/format.h"
#include "formats/signature.h"
#include "stamp/stamp.h"

static const char *format;
static PmarkReadOptions options;

/* Stamps `doc` (read from `input`) with a fixed marking, as mark.c would. */
static void
stamp (PmarkDocument *doc, GBytes *input)
{
  PmarkStampFunc writer = pmark_writer_for (doc->type.format);
  if (!writer || !doc->inspected)
    return;
  static const char *const lines[] = { "OFFICIAL-SENSITIVE", "HANDLE WITH CARE", NULL };
  static const PolicyStamp style = { .margin = 20, .font_size = 10, .bold = TRUE };
  GByteArray *out = g_byte_array_new ();
  PmarkStampJob job = {
    .input = input, .doc = doc, .budget = &options.budget, .out = out, .lines = lines,
    .marking = lines[0], .colour = "#c00000", .label_name = "OFFICIAL-SENSITIVE",
    .label_id = "00000000-0000-4000-8000-000000000022",
    .set_date = "2026-12-04T00:00:00Z", .force = TRUE, .style = &style,
    .signature = "pmark-fuzz-token",
  };
  GError *error = NULL;
  writer (&job, &error);
  g_clear_error (&error);
  g_byte_array_unref (out);
}

/* A PDF's first page drawn as pmark-serve(1)'s preview draws it, small. */
static void
render (GBytes *input)
{
  GError *error = NULL;
  GBytes *png = pdf_first_page_png_here (input, "fuzz", NULL, 48, &error);
  if (png)
    g_bytes_unref (png);
  g_clear_error (&error);
}

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
    /* the ODF reader takes a flat XML file by its type, as detection
     * gives it: anything but a zip is one (the signed-marking check's
     * test, so that both read the same input the same way) */
    gboolean flat = signature_kind (doc, input) == SIGNATURE_KIND_ODF_FLAT;
    doc->type.mime = g_strdup (flat ? "application/vnd.oasis.opendocument.text-flat-xml"
                                    : "application/octet-stream");
    if (pmark_document_extract (doc, input, &options, &error)) {
      stamp (doc, input);
      if (!strcmp (format, "pdf") && doc->inspected)
        render (input);
    }
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
