/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCR: Tesseract (its C API) over Leptonica images. Readers that hold
 * pixels (image files, PDF pages without a text layer) hand each page to
 * pmark_ocr_add_page(); it adds the recognised text as a part of the
 * document, or says in the document's `unread` list why the page was not
 * read. What OCR could not read is never taken for an empty page. */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

struct Pix;

/* Fewer pixels than this cannot hold a line of text at any useful size
 * (icons, logos, spacer images): there is nothing to read. */
#define PMARK_OCR_MIN_PIXELS 40000
/* More than this (A3 at 400 dpi) is not rendered or recognised: a
 * bigger PDF page is rendered at a lower resolution to fit. */
#define PMARK_OCR_MAX_PIXELS (G_GUINT64_CONSTANT (36) * 1000 * 1000)

/* Reads the text of one page image into `doc` as the part
 * "WHERE (OCR)" with per-line confidence; or, when the page has content
 * but the engine could not read it well enough (no text found, mean
 * confidence under min-confidence, the page-seconds budget spent, the
 * max-pages budget spent, the engine or its language data missing),
 * adds "WHERE: why" to doc->unread. A blank page adds nothing. With
 * OCR off, a page with content is unread. `ppi` is the image's
 * resolution, 0 when unknown. `required` is FALSE when the page was read
 * otherwise too (a PDF page with a text layer under `ocr = always`): then
 * a failure leaves nothing unread. FALSE only when the document's own
 * budget (text, deadline) is spent. */
gboolean pmark_ocr_add_page (PmarkDocument *doc, const PmarkBudget *budget,
                             struct Pix *pix, int ppi, const char *where,
                             gboolean required, GError **error);

/* The same for an 8-bit grey buffer (one byte a pixel, `stride` bytes a
 * row). */
gboolean pmark_ocr_add_grey (PmarkDocument *doc, const PmarkBudget *budget,
                             const guint8 *grey, int width, int height,
                             int stride, int ppi, const char *where,
                             gboolean required, GError **error);

/* The page is not read because OCR is off: "WHERE: image only, no text
 * layer (OCR is off)". */
void pmark_ocr_add_unread (PmarkDocument *doc, const char *where,
                           const char *what);

/* The share (0-1) of dark pixels: a scanned blank page has almost none. */
double pmark_ocr_ink (struct Pix *pix);

/* Frees this thread's OCR engine (threads free theirs when they end; the
 * main thread, which never does, calls this). */
void pmark_ocr_release_thread (void);

G_END_DECLS
