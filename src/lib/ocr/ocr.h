/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCR: Tesseract (its C API) over Leptonica images, in the engine module
 * (engine.h) loaded the first time something is to be recognised. Readers
 * that hold pixels (image files, PDF pages without a text layer) hand
 * each page here; the recognised text becomes a part of the document, or
 * the document's `unread` list says why the page was not read. What OCR
 * could not read, or could not try (no engine), is never taken for an
 * empty page. */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* Fewer pixels than this cannot hold a line of text at any useful size
 * (icons, logos, spacer images): there is nothing to read. */
#define PMARK_OCR_MIN_PIXELS 40000
/* More than this (A3 at 400 dpi) is not rendered or recognised: a
 * bigger PDF page is rendered at a lower resolution to fit. */
#define PMARK_OCR_MAX_PIXELS (G_GUINT64_CONSTANT (36) * 1000 * 1000)

/* Reads the text of an 8-bit grey page (one byte a pixel, `stride`
 * bytes a row) into `doc` as the part "WHERE (OCR)" with per-line
 * confidence; or, when the page has content but could not be read well
 * enough (no text found, mean confidence under min-confidence, read only
 * in part: characters left outside the lines read; the page-seconds
 * budget spent, the max-pages budget spent, the engine or its language
 * data missing), adds "WHERE: why" to doc->unread. A page read poorly or
 * in part is read again from its normalised image first. A blank
 * page adds nothing (told without the engine). With OCR off, a page with
 * content is unread. `ppi` is the resolution, 0 when unknown. `required`
 * is FALSE when the page was read otherwise too (a PDF page with a text
 * layer under `ocr = always`): then a failure leaves nothing unread.
 * FALSE only when the document's own budget (text, deadline) is spent. */
gboolean pmark_ocr_add_grey (PmarkDocument *doc, const PmarkBudget *budget,
                             const guint8 *grey, int width, int height,
                             int stride, int ppi, const char *where,
                             gboolean required, GError **error);

/* An image file (PNG, JPEG, TIFF with its pages, ...), each page as
 * above ("image", or "page N" of a TIFF). An image too small to hold text
 * adds nothing; one whose only page was not read leaves the document not
 * inspected, with why. PMARK_ERROR_MALFORMED when it cannot be decoded. */
gboolean pmark_ocr_read_image (PmarkDocument *doc, const PmarkBudget *budget,
                               GBytes *input, GError **error);

/* A picture inside a document (media of a docx, pptx, xlsx or ODF
 * package, an image on a PDF page that has text), encoded (PNG, JPEG,
 * TIFF, GIF, BMP...) or as grey pixels: recognised as the part "WHERE
 * (OCR)" when it is at least pmark_ocr_picture_min_pixels (the policy's
 * [ocr] embedded and embedded-min-pixels) and not blank; read once in a
 * document's tree however often it appears. A picture in which OCR finds
 * no text is a photograph or a drawing and leaves nothing unread; one
 * read poorly, over a budget, damaged, that does not decode, or not
 * recognised (OCR or embedded off, no engine) is unread with why. FALSE
 * only when the document's own budget is spent. */
gboolean pmark_ocr_read_picture (PmarkDocument *doc, const PmarkBudget *budget, GBytes *data,
                                 const char *where, GError **error);
gboolean pmark_ocr_add_picture_grey (PmarkDocument *doc, const PmarkBudget *budget,
                                     const guint8 *grey, int width, int height, int stride,
                                     int ppi, const char *where, GError **error);
/* Why pictures are not recognised at all in this extraction (OCR off, or
 * the policy's [ocr] embedded off), or NULL when they are. */
const char *pmark_ocr_pictures_off (const PmarkDocument *doc);
/* The fewest pixels of a picture that is read (0 outside extraction). */
guint64 pmark_ocr_picture_min_pixels (const PmarkDocument *doc);

/* "WHERE: what" in doc->unread. */
void pmark_ocr_add_unread (PmarkDocument *doc, const char *where,
                           const char *what);

/* Frees this thread's OCR engine, if the engine was ever loaded (threads
 * free theirs when they end; the main thread, which never does, calls
 * this). */
void pmark_ocr_release_thread (void);

G_END_DECLS
