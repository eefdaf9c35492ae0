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

/* Stamping, served by the layer above that stamps (stamp/sandbox.c,
 * which registers its handler when libpmark is loaded): the stamped file
 * of `input`, whose type and name `doc` carries, with the caller's
 * `params`; or NULL with the writer's error. */
typedef GBytes *(*WorkerStampFunc) (PmarkDocument *doc, GBytes *input,
                                    const PmarkReadOptions *read, GBytes *params,
                                    GError **error);
void worker_set_stamp_handler (WorkerStampFunc func);

/* The stamp handler in a worker process: the stamped file, or NULL with
 * the writer's error, reader-crashed or reader-timeout ("the FORMAT
 * writer ..."). */
GBytes *worker_stamp (PmarkDocument *doc, GBytes *input, const PmarkReadOptions *read,
                      GBytes *params, GError **error);

/* A reader that gives up waiting on a step still running in a thread of
 * its own (a PDF page whose drawing does not end) calls this: the worker
 * process ends once it has answered, and the thread with it. Only in a
 * worker (pmark_in_worker): reading in the caller's own process, the
 * reader waits for the step instead. */
void pmark_worker_retire_after_answer (void);
/* Whether this process is a worker (reading for another process) */
gboolean pmark_in_worker (void);

#ifdef PMARK_FAULT_INJECTION
/* Test builds only: a marker in `input` (any document, nested ones too)
 * makes its reader crash, hang, grow, break the protocol or try what the
 * sandbox forbids (tests/cli/test_sandbox.py). */
void worker_inject_faults (GBytes *input, PmarkDocument *doc);
/* The same for a step after reading: the signed-marking check's reading
 * ("SIGNATURE"), drawing a PDF's first page ("RENDER") or stamping
 * ("STAMP"). */
void worker_inject_step_faults (GBytes *input, const char *step);
#endif

G_END_DECLS
