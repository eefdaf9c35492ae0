/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/document.h>

G_BEGIN_DECLS

/* Reads `input` into `doc` in a worker process (worker.c); the errors
 * are the reader's, or reader-crashed / reader-timeout. */
gboolean worker_extract (PmarkDocument *doc, GBytes *input, const PmarkReadOptions *options,
                         GError **error);

/* Reads `input` into `doc` in this process (extract.c): what a worker
 * does with a request, and pmark_document_extract() without the sandbox. */
gboolean extract_here (PmarkDocument *doc, GBytes *input, const PmarkReadOptions *options,
                       GError **error);

/* signature_gather_here() on `input` in a worker process (worker.c);
 * FALSE with reader-crashed or reader-timeout. */
gboolean worker_gather_signature (PmarkDocument *doc, GBytes *input,
                                  const PmarkReadOptions *read, gboolean content,
                                  GError **error);

/* pdf_first_page_png_here() in a worker process (worker.c). */
GBytes *worker_render_first_page (GBytes *pdf, const char *name, const PmarkReadOptions *read,
                                  guint max_width, GError **error);

#ifdef PMARK_FAULT_INJECTION
/* Test builds only: a marker in `input` (any document, nested ones too)
 * makes its reader crash, hang, grow, break the protocol or try what the
 * sandbox forbids (tests/cli/test_sandbox.py). */
void worker_inject_faults (GBytes *input, PmarkDocument *doc);
/* The same for a step after reading: the signed-marking check's reading
 * ("SIGNATURE") or drawing a PDF's first page ("RENDER"). */
void worker_inject_step_faults (GBytes *input, const char *step);
#endif

G_END_DECLS
