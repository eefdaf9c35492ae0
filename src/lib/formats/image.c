/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Image files (PNG, JPEG, TIFF incl. multi-page fax TIFF, GIF, BMP, WebP,
 * PNM, JPEG 2000) through Leptonica: each page is read by OCR, or left
 * unread with the reason. An image is never "no text": a scanned referral
 * photographed on a phone is an image. Images too small to hold a line of
 * text (icons, logos) have nothing to read. */
#include "config.h"

#include <leptonica/allheaders.h>
#include <string.h>

#include "core/document-private.h"
#include "format.h"
#include "ocr/ocr.h"

static const char *const image_types[] = {
  "image/png",  "image/jpeg", "image/tiff", "image/gif",
  "image/bmp",  "image/x-ms-bmp", "image/webp", "image/jp2",
  "image/x-portable-bitmap", "image/x-portable-greymap",
  "image/x-portable-pixmap", "image/x-portable-anymap", NULL,
};

static guint
image_sniff (const PmarkSniffInfo *info)
{
  return g_strv_contains (image_types, info->mime) ? PMARK_SNIFF_TYPE : 0;
}

static gboolean
image_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
               GError **error)
{
  gsize len;
  const l_uint8 *data = g_bytes_get_data (input, &len);
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem (data, len, &format, &w, &h, &bps, &spp, &cmap) != 0
      || w <= 0 || h <= 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a readable image (its header is damaged, or Leptonica "
                 "has no reader for this kind)");
    return FALSE;
  }
  if ((guint64) w * (guint64) h < PMARK_OCR_MIN_PIXELS)
    return TRUE;
  if ((guint64) w * (guint64) h > PMARK_OCR_MAX_PIXELS) {
    pmark_document_set_not_inspected (doc, "image too large to recognise");
    return TRUE;
  }
  gboolean tiff = format == IFF_TIFF || format == IFF_TIFF_G3
                  || format == IFF_TIFF_G4 || format == IFF_TIFF_PACKBITS
                  || format == IFF_TIFF_LZW || format == IFF_TIFF_ZIP
                  || format == IFF_TIFF_RLE || format == IFF_TIFF_JPEG;
  guint pages = 0;
  for (l_int32 n = 0;; n++) {
    if (!pmark_document_check_budget (doc, error))
      return FALSE;
    PIX *pix = tiff ? pixReadMemTiff (data, len, n)
                    : n == 0 ? pixReadMem (data, len) : NULL;
    if (!pix) {
      if (n == 0) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                     "not a readable image (its data is damaged)");
        return FALSE;
      }
      break;
    }
    pages++;
    /* a single image is one page; a (multi-page) TIFF names its pages */
    g_autofree char *where = tiff ? g_strdup_printf ("page %d", n + 1)
                                  : g_strdup ("image");
    l_int32 xres = pixGetXRes (pix);
    gboolean ok = pmark_ocr_add_page (doc, budget, pix, xres, where, TRUE,
                                      error);
    pixDestroy (&pix);
    if (!ok)
      return FALSE;
    if (!tiff || pages > 10000)
      break;
  }
  /* one page, and it was not read: the whole file was not */
  if (pages == 1 && doc->unread->len == 1 && !doc->parts->len) {
    g_autofree char *why = g_ptr_array_steal_index (doc->unread, 0);
    pmark_document_set_not_inspected (doc, why);
  }
  return TRUE;
}

static gboolean
image_read_marking (PmarkDocument *doc, GBytes *input,
                    const PmarkBudget *budget, GError **error)
{
  (void) input, (void) budget, (void) error;
  /* markings at the top and bottom of each page, as read by OCR */
  pmark_document_add_part_edges (doc, "");
  return TRUE;
}

const PmarkFormat pmark_format_image = {
  .name = "image",
  .description = "image (OCR with Tesseract)",
  .sniff = image_sniff,
  .extract = image_extract,
  .read_marking = image_read_marking,
};
