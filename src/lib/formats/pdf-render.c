/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A PDF's first page as a PNG, drawn by poppler with cairo (the preview
 * of pmark-serve(1): stamp/preview.c). Part of the module "pdf-reader"
 * (core/module.h), beside the reader; pdf-loader.c calls it, in a worker
 * when the sandbox is on, so that a PDF that crashes poppler's drawing
 * costs its preview, not the server. */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <poppler.h>

#include <pmark/error.h>

#include "core/module.h"
#include "format.h"

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
render_first_page (GBytes *pdf, const char *name, const char *password, guint max_width,
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


G_MODULE_EXPORT const PmarkPdfRender pmark_pdf_render = {
  .first_page = render_first_page,
};
