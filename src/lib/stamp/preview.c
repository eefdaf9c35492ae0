/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The first page of a document as a picture (pmark-serve(1)): poppler
 * renders PDFs; office documents go through the PDF LibreOffice makes. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "core/document-private.h"
#include "core/file.h"
#include <pmark/detect.h>
#include <pmark/preview.h>
#include "stamp.h"

/* the kinds of document LibreOffice lays out as pages; by the file's
 * extension, which LibreOffice goes by */
static const char *const office_extensions[] = {
  "docx", "docm", "xlsx", "xlsm", "pptx", "pptm", "odt", "ods", "odp",
  "fodt", "fods", "fodp", "doc", "xls", "ppt", "rtf", NULL
};

static cairo_status_t
png_write (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
render_page (PopplerPage *page, const char *name, guint max_width, GError **error)
{
  double w, h;
  poppler_page_get_size (page, &w, &h);
  if (w < 1 || h < 1 || w > 14400 || h > 14400) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "%s: the first page is %.0f x %.0f points, too odd to show", name, w, h);
    return NULL;
  }
  double scale = MIN ((double) max_width / w, 2.0);
  int pw = MAX (1, (int) ceil (w * scale)), ph = MAX (1, (int) ceil (h * scale));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  GByteArray *png = g_byte_array_new ();
  cairo_status_t st = cairo_surface_write_to_png_stream (surface, png_write, png);
  cairo_surface_destroy (surface);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_byte_array_unref (png);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: cannot draw the page: %s", name,
                 cairo_status_to_string (st));
    return NULL;
  }
  return g_byte_array_free_to_bytes (png);
}

static GBytes *
render_pdf (GBytes *pdf, const char *name, const char *password, guint max_width,
            GError **error)
{
  GError *e = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, password, &e);
  if (!doc) {
    gboolean locked = g_error_matches (e, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
    g_set_error (error, PMARK_ERROR, locked ? PMARK_ERROR_ENCRYPTED : PMARK_ERROR_MALFORMED,
                 "%s: %s", name, locked ? "the PDF is encrypted: give its password"
                                        : e->message);
    g_error_free (e);
    return NULL;
  }
  GBytes *png = NULL;
  PopplerPage *page = poppler_document_get_n_pages (doc) > 0
                        ? poppler_document_get_page (doc, 0) : NULL;
  if (page) {
    png = render_page (page, name, max_width, error);
    g_object_unref (page);
  } else {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED, "%s: the PDF has no pages", name);
  }
  g_object_unref (doc);
  return png;
}

GBytes *
pmark_preview_png (const char *path, const PmarkReadOptions *read, guint max_width,
                   GError **error)
{
  PmarkReadOptions defaults;
  if (!read) {
    pmark_read_options_init (&defaults);
    read = &defaults;
  }
  g_autoptr (GBytes) data = pmark_file_read (path, &read->budget, error);
  if (!data)
    return NULL;
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);
  PmarkFileType type = { 0 };
  if (!pmark_detect_bytes (p, len, path, &type, error))
    return NULL;
  g_autofree char *name = g_path_get_basename (path);
  GBytes *png = NULL;
  if (type.format && !strcmp (type.format, "pdf")) {
    png = render_pdf (data, name, read->password, max_width ? max_width : 800, error);
  } else if (type.format && type.extension
             && g_strv_contains (office_extensions, type.extension)
             && !type.extension_mismatch) {
    g_autoptr (GBytes) pdf = pmark_convert_to_pdf (data, type.extension, &read->budget, error);
    if (pdf)
      png = render_pdf (pdf, name, NULL, max_width ? max_width : 800, error);
  } else {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: pmark draws no pages of %s files", name,
                 type.format ? type.format : type.mime ? type.mime : "such");
  }
  pmark_file_type_clear (&type);
  return png;
}
