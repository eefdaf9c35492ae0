/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The OCR engine module's interface. Tesseract and Leptonica (with their
 * image codecs, libarchive, libcurl, libgomp) are a fifth of what a cold
 * pmark process spends loading libraries (bench/RESULTS.md, "Cold
 * start"), and most files need no OCR; so they live in a module,
 * libpmark-ocr.so (engine.c), that ocr.c loads (core/module.h) the first time a page or
 * an image is to be recognised. The module calls nothing in libpmark: it
 * turns pixels into lines of text, and ocr.c does the rest (budgets,
 * pages counted, parts, what was not read). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

struct Pix; /* Leptonica's image, opaque outside the module */

typedef enum {
  PMARK_OCR_RECOGNISED, /* text and confidences filled (maybe empty) */
  PMARK_OCR_OVER_TIME,  /* stopped at the deadline */
  PMARK_OCR_NO_ENGINE,  /* no language data: *error says so */
} PmarkOcrStatus;

typedef struct {
  /* An image file's size, and whether its pages are numbered (TIFF);
   * FALSE when its header cannot be read. */
  gboolean (*image_info) (const guint8 *data, gsize len, int *width, int *height,
                          gboolean *paged);
  /* Page `n` of an image file (0 of a single image) and its resolution
   * (0 unknown); NULL past the last page or when it cannot be decoded.
   * *damaged is set when the decoder warned (a truncated or corrupt JPEG
   * stream gives an image of which only a part is the picture). */
  struct Pix *(*image_page) (const guint8 *data, gsize len, gboolean paged, int n, int *ppi,
                             gboolean *damaged);
  /* An 8-bit grey page, copied. */
  struct Pix *(*from_grey) (const guint8 *grey, int width, int height, int stride, int ppi);
  void (*pix_free) (struct Pix *pix);
  guint64 (*pix_pixels) (struct Pix *pix);
  /* The image normalised for a second reading: grey, its background
   * flattened (Leptonica's background normalisation), binarised by local
   * contrast (Sauvola); NULL when it cannot be. */
  struct Pix *(*normalise) (struct Pix *pix);
  /* How many pixels there are of each grey (0 black .. 255 white); FALSE
   * when it cannot be told. */
  gboolean (*histogram) (struct Pix *pix, guint64 hist[256]);
  /* Recognises `pix` (deskewed, orientation found) with the languages'
   * data, stopping after `ms`: lines to `text` ('\n' after each), each
   * line's confidence (0-100) to `conf` (float), the page's mean to
   * `mean`, and to `covered` the share (0-1) of the ink of the engine's
   * own binarisation that lies in the lines read (-1 unknown): a shadow
   * or a dark part it could not read through is ink outside them. One
   * engine per thread, kept for the next page. */
  PmarkOcrStatus (*recognise) (struct Pix *pix, int ppi, const char *languages, gint64 ms,
                               GString *text, GArray *conf, int *mean, double *covered,
                               char **error);
  /* Frees this thread's engine. */
  void (*release_thread) (void);
} PmarkOcrEngine;

/* The module's table (core/module.h: module "ocr"; a module of another
 * pmark version is refused, and the OCR engine counts as absent). */
extern const PmarkOcrEngine pmark_ocr_engine;

G_END_DECLS
