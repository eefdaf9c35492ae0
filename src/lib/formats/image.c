/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Image files (PNG, JPEG, TIFF incl. multi-page fax TIFF, GIF, BMP, WebP,
 * PNM, JPEG 2000) through Leptonica, in the OCR engine module (ocr/): each page is read by OCR, or left
 * unread with the reason. An image is never "no text": a scanned referral
 * photographed on a phone is an image. Images too small to hold a line of
 * text (icons, logos) have nothing to read. */
#include "config.h"

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
  return pmark_ocr_read_image (doc, budget, input, error);
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
