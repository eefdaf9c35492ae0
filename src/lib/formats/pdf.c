/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PDF through poppler-glib: each page's text in reading order, the Info
 * dictionary and XMP metadata, Microsoft Purview label ids, and marking
 * words at the top and bottom of each page. A PDF that needs a user
 * password is "not inspected" unless one is given. A page without a text
 * layer (a scan) is rendered and read by OCR, or left unread.
 * The module "pdf-reader" (core/module.h): poppler and cairo are loaded by
 * the process that reads a PDF; pdf-loader.c is its entry in the table. */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <gio/gio.h>
#include <string.h>

#include "core/document-private.h"
#include "core/module.h"
#include "format.h"
#include "signature.h"
#include "worker.h"
#include "ocr/ocr.h"

/* poppler-glib 22 declares no autoptr cleanups of its own */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* poppler-glib builds its GlobalParams (unicode maps, font tables) when
 * the first document opens and destroys them when the last one is freed:
 * a reader that holds one document at a time (a worker, a one-file
 * command) paid for that on every PDF, twice (reading, then the
 * marking). One small document held for the process keeps them. */
static PopplerDocument *held_document; /* never freed: it is what keeps them */

static void
hold_global_params (void)
{
  static gsize once;
  if (!g_once_init_enter (&once))
    return;
  static const char tiny[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                             "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                             "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 1 1]>>endobj\n"
                             "trailer<</Root 1 0 R/Size 4>>\n%%EOF\n";
  g_autoptr (GBytes) b = g_bytes_new_static (tiny, sizeof tiny - 1);
  held_document = poppler_document_new_from_bytes (b, NULL, NULL);
  g_once_init_leave (&once, 1);
}

static PopplerDocument *
open_pdf (PmarkDocument *doc, GBytes *input, GError **error)
{
  GError *perr = NULL;
  PopplerDocument *pd;
  hold_global_params ();
  const char *password = pmark_read_password (doc);
  if (!password) {
    pd = poppler_document_new_from_bytes (input, NULL, &perr);
  } else {
    /* poppler-glib 22.12's from_bytes crashes on a wrong password (its
     * retry with the UTF-8 password reuses a freed stream); the stream
     * constructor does not. */
    g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (input);
    pd = poppler_document_new_from_stream (in, (goffset) g_bytes_get_size (input),
                                           password, NULL, &perr);
  }
  if (pd)
    return pd;
  if (g_error_matches (perr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED)) {
    if (password)
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_ENCRYPTED,
                   "the password does not open this encrypted PDF");
    else
      pmark_document_set_encrypted (doc, "encrypted PDF: needs a user "
                                             "password");
  } else {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a readable PDF: %s", perr ? perr->message : "unknown error");
  }
  g_clear_error (&perr);
  return NULL;
}

/* Fewer visible characters than this is no text layer (a scan with a
 * page number, a stray mark). */
#define SCAN_MAX_CHARS 32
/* A page mostly covered by images with only this much text is a scan
 * with a typed header or a few form labels. */
#define SCAN_MAX_CHARS_UNDER_IMAGES 200
/* Resolution for telling a blank page from one with content, OCR off. */
#define INK_DPI 50

static gsize
visible_chars (const char *text)
{
  gsize n = 0;
  for (const char *p = text; p && *p; p++)
    n += (*p & 0xc0) != 0x80 && !g_ascii_isspace (*p) ? 1 : 0;
  return n;
}

/* The share of the page covered by images (overlaps counted twice). */
static double
image_share (PopplerPage *page)
{
  double w, h, area = 0;
  poppler_page_get_size (page, &w, &h);
  GList *maps = poppler_page_get_image_mapping (page);
  for (GList *l = maps; l; l = l->next) {
    const PopplerImageMapping *m = l->data;
    area += fabs ((m->area.x2 - m->area.x1) * (m->area.y2 - m->area.y1));
  }
  poppler_page_free_image_mapping (maps);
  return w > 0 && h > 0 ? area / (w * h) : 0;
}

/* Drawing a page, with a deadline. Poppler's drawing cannot be stopped
 * (poppler-glib has no cancel), and a page of a few bytes can take
 * minutes (a shading whose function is evaluated per pixel, patterns
 * within patterns). In a worker the page is drawn in a thread of its own:
 * one not done within half of [ocr] page-seconds is left running, the
 * page and every page after it are unread (poppler is touched no more:
 * the thread may hold its locks), and the worker ends once it has
 * answered (pmark_worker_retire_after_answer). Reading in the caller's
 * process, the drawing is waited for (the document's budget still ends
 * it). */
typedef struct {
  PopplerPage *page; /* a reference of the thread's own */
  cairo_t *cr;
  GMutex lock;
  GCond cond;
  gboolean done;
  gboolean hang;     /* fault injection: the drawing never ends */
} Drawing;

/* Set once a drawing was left running: poppler is not to be touched
 * again in this process */
static gboolean drawing_abandoned;
#define DRAWING_LEFT "drawing it took longer than half of [ocr] page-seconds"
#ifdef PMARK_FAULT_INJECTION
static gboolean drawing_hangs; /* PMARK-FAULT-DRAW-HANG in the document */
#endif

static gpointer
draw_thread (gpointer data)
{
  Drawing *d = data;
  while (d->hang)
    g_usleep (G_USEC_PER_SEC);
  poppler_page_render (d->page, d->cr);
  g_mutex_lock (&d->lock);
  d->done = TRUE;
  g_cond_signal (&d->cond);
  g_mutex_unlock (&d->lock);
  return NULL;
}

static void
drawing_free (Drawing *d)
{
  g_object_unref (d->page);
  g_mutex_clear (&d->lock);
  g_cond_clear (&d->cond);
  g_free (d);
}

/* Draws `page` on `cr`; FALSE when the drawing was left running (then
 * `cr`, its surface and the page belong to the thread) */
static gboolean
draw_page (PmarkDocument *doc, PopplerPage *page, cairo_t *cr)
{
  gboolean hang = FALSE;
#ifdef PMARK_FAULT_INJECTION
  hang = drawing_hangs;
#endif
  if (!pmark_in_worker ()) {
    /* in the caller's process: drawn here, whatever it takes */
    if (!hang)
      poppler_page_render (page, cr);
    return TRUE;
  }
  const PmarkOcrOptions *o = pmark_read_ocr (doc);
  guint seconds = o && o->page_seconds ? MAX (1u, o->page_seconds / 2) : 30;
  Drawing *d = g_new0 (Drawing, 1);
  d->page = g_object_ref (page);
  d->cr = cr;
  d->hang = hang;
  g_mutex_init (&d->lock);
  g_cond_init (&d->cond);
  GThread *t = g_thread_try_new ("pmark-draw", draw_thread, d, NULL);
  if (!t) {
    /* no thread to be had: drawn here */
    if (!hang)
      poppler_page_render (page, cr);
    drawing_free (d);
    return TRUE;
  }
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  g_mutex_lock (&d->lock);
  while (!d->done && g_cond_wait_until (&d->cond, &d->lock, end))
    ;
  gboolean done = d->done;
  g_mutex_unlock (&d->lock);
  if (!done) {
    /* d, the page and the drawing stay the thread's */
    drawing_abandoned = TRUE;
    pmark_worker_retire_after_answer ();
    g_thread_unref (t);
    return FALSE;
  }
  g_thread_join (t);
  drawing_free (d);
  return TRUE;
}

/* The rectangle (x, y, w, h, in points from the top left) of the page
 * drawn on white at `*dpi` (lowered to keep it within the OCR pixel
 * budget) as grey pixels, one byte each, `*pw` a row; NULL when it cannot
 * be drawn (too large), is empty (*pw 0) or its drawing was left running
 * (*pw -1, draw_page). */
static guint8 *
render_grey (PmarkDocument *doc, PopplerPage *page, double x, double y, double w, double h,
             double *dpi, int *pw, int *ph)
{
  double pixels = (w * *dpi / 72) * (h * *dpi / 72);
  if (pixels > (double) PMARK_OCR_MAX_PIXELS)
    *dpi *= sqrt ((double) PMARK_OCR_MAX_PIXELS / pixels);
  *pw = (int) ceil (w * *dpi / 72), *ph = (int) ceil (h * *dpi / 72);
  if (*pw < 1 || *ph < 1) {
    *pw = 0;
    return NULL;
  }
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, *pw, *ph);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy (surface);
    return NULL;
  }
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, *dpi / 72, *dpi / 72);
  cairo_translate (cr, -x, -y);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  if (!draw_page (doc, page, cr)) {
    *pw = -1;
    return NULL;
  }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  const guint8 *px = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *grey = g_malloc ((gsize) *pw * (gsize) *ph);
  for (int r = 0; r < *ph; r++) {
    const guint32 *row = (const guint32 *) (px + (gsize) r * (gsize) stride);
    guint8 *out = grey + (gsize) r * (gsize) *pw;
    for (int c = 0; c < *pw; c++) {
      guint32 v = row[c];
      out[c] = (guint8) ((((v >> 16) & 0xff) * 299 + ((v >> 8) & 0xff) * 587
                          + (v & 0xff) * 114) / 1000);
    }
  }
  cairo_surface_destroy (surface);
  return grey;
}

/* Renders the page on white and hands its grey pixels to OCR (which also
 * tells a blank page from one with content). */
static gboolean
ocr_page (PmarkDocument *doc, const PmarkBudget *budget, PopplerPage *page,
          const char *where, gboolean required, GError **error)
{
  const PmarkOcrOptions *o = pmark_read_ocr (doc);
  double w, h;
  poppler_page_get_size (page, &w, &h);
  double dpi = o && o->mode != PMARK_OCR_OFF ? o->dpi : INK_DPI;
  int pw, ph;
  g_autofree guint8 *grey = render_grey (doc, page, 0, 0, w, h, &dpi, &pw, &ph);
  if (!grey) {
    if (pw < 0)
      pmark_ocr_add_unread (doc, where, DRAWING_LEFT);
    else if (pw)
      pmark_ocr_add_unread (doc, where, "page too large to render");
    return TRUE;
  }
  return pmark_ocr_add_grey (doc, budget, grey, pw, ph, pw, (int) lround (dpi), where,
                             required, error);
}

/* The pictures on a page that has text (a photo of a handwritten note in
 * a typed report, a scanned letter under a typed heading, a screenshot):
 * each image's area that is at least a picture's size at the OCR
 * resolution is drawn and read as the picture "page N, image K" (ocr.h:
 * its text a part, or unread with why). *read is set when one was. */
static gboolean
page_pictures (PmarkDocument *doc, const PmarkBudget *budget, PopplerPage *page,
               const char *where, gboolean *read, GError **error)
{
  const PmarkOcrOptions *o = pmark_read_ocr (doc);
  guint64 min = pmark_ocr_picture_min_pixels (doc);
  if (!o || !min)
    return TRUE;
  double pw_pt, ph_pt;
  poppler_page_get_size (page, &pw_pt, &ph_pt);
  GList *maps = poppler_page_get_image_mapping (page);
  gboolean ok = TRUE;
  int k = 0;
  for (GList *l = maps; l && ok; l = l->next) {
    const PopplerImageMapping *m = l->data;
    k++;
    double x1 = CLAMP (MIN (m->area.x1, m->area.x2), 0, pw_pt);
    double x2 = CLAMP (MAX (m->area.x1, m->area.x2), 0, pw_pt);
    double y1 = CLAMP (MIN (m->area.y1, m->area.y2), 0, ph_pt);
    double y2 = CLAMP (MAX (m->area.y1, m->area.y2), 0, ph_pt);
    double at_dpi = ((x2 - x1) * o->dpi / 72) * ((y2 - y1) * o->dpi / 72);
    if (at_dpi < (double) min)
      continue;
    g_autofree char *pic = g_strdup_printf ("%s, image %d", where, k);
    /* not to be read: said so without drawing it (decoding a large
     * JPEG 2000 picture to see whether it is blank took seconds) */
    const char *off = pmark_ocr_pictures_off (doc);
    if (off) {
      pmark_ocr_add_unread (doc, pic, off);
      continue;
    }
    double dpi = o->dpi;
    int w, h;
    g_autofree guint8 *grey = render_grey (doc, page, x1, y1, x2 - x1, y2 - y1, &dpi, &w,
                                           &h);
    if (!grey && w < 0) {
      pmark_ocr_add_unread (doc, pic, DRAWING_LEFT);
      break;
    }
    if (!grey) {
      if (w)
        pmark_ocr_add_unread (doc, pic, "picture too large to render");
      continue;
    }
    *read = TRUE;
    ok = pmark_ocr_add_picture_grey (doc, budget, grey, w, h, w, (int) lround (dpi), pic,
                                     error)
         && pmark_document_check_budget (doc, error);
  }
  poppler_page_free_image_mapping (maps);
  return ok;
}

/* A scanned page OCR could not read as drawn: once more from its JPEG
 * images as they are stored (qpdf gives the stream, Leptonica decodes
 * it), which is what a page whose image says it is grey while its JPEG is
 * in colour needs: poppler draws it as three interleaved ghosts of the
 * text. When they read, the page is read. */
static gboolean
scan_images (PmarkDocument *doc, const PmarkBudget *budget, GBytes *input, int index,
             const char *where, GError **error)
{
  const PmarkOcrOptions *o = pmark_read_ocr (doc);
  if (!o || o->mode == PMARK_OCR_OFF)
    return TRUE;
  g_autoptr (GError) e = NULL;
  const PmarkPdfSignature *pdf = PMARK_MODULE_GET ("pdf-signature", pmark_pdf_signature, &e);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) jpegs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (!pdf || !pdf->page_jpegs (input, doc->name, pmark_read_password (doc), index, names,
                                jpegs, &e) || !jpegs->len)
    return TRUE;
  guint parts = doc->parts->len, unread = doc->unread->len;
  for (guint k = 0; k < jpegs->len; k++) {
    g_autofree char *pic = g_strdup_printf ("%s, image %s", where,
                                            (char *) g_ptr_array_index (names, k));
    if (!pmark_ocr_read_picture (doc, budget, g_ptr_array_index (jpegs, k), pic, error))
      return FALSE;
  }
  /* read, and nothing of it unread: the page's "not read" goes */
  if (doc->parts->len > parts && doc->unread->len == unread)
    g_ptr_array_remove_index (doc->unread, unread - 1);
  return TRUE;
}

/* Pages whose images were drawn for OCR: an image stream that does not
 * decode (a damaged JPEG: poppler draws nothing, or part, and says
 * nothing) was not seen, so the page is unread. qpdf decodes each image
 * (pdf-signature.c, the module that reads with qpdf). */
static void
check_images (PmarkDocument *doc, GBytes *input, GArray *pages)
{
  if (!pages->len)
    return;
  g_autoptr (GError) e = NULL;
  const PmarkPdfSignature *pdf = PMARK_MODULE_GET ("pdf-signature", pmark_pdf_signature, &e);
  g_autoptr (GPtrArray) damaged = g_ptr_array_new_with_free_func (g_free);
  if (!pdf || !pdf->damaged_images (input, doc->name, pmark_read_password (doc),
                                    (const int *) (gpointer) pages->data, pages->len, damaged,
                                    &e)) {
    g_debug ("%s: images not checked: %s", doc->name, e ? e->message : "?");
    return;
  }
  for (guint i = 0; i < damaged->len; i++)
    g_ptr_array_add (doc->unread, g_strdup (g_ptr_array_index (damaged, i)));
}

/* The page's text with a blank line where its lines leave a paragraph's
 * gap (poppler's text has none: a heading, a list's end and a letter's
 * blocks run into each other), or NULL to keep it as it is */
static char *
with_paragraph_gaps (PopplerPage *page, const char *text)
{
  PopplerRectangle *r = NULL;
  guint n = 0;
  if (!poppler_page_get_text_layout (page, &r, &n) || !r)
    return NULL;
  glong chars = g_utf8_strlen (text, -1);
  if (chars <= 0 || (guint) chars != n) {
    g_free (r);
    return NULL;
  }
  /* each line's top and bottom, from its characters that are not blank */
  GArray *top = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *bottom = g_array_new (FALSE, FALSE, sizeof (double));
  double t = G_MAXDOUBLE, b = -G_MAXDOUBLE;
  guint k = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p), k++) {
    if (*p == '\n') {
      g_array_append_val (top, t);
      g_array_append_val (bottom, b);
      t = G_MAXDOUBLE, b = -G_MAXDOUBLE;
      continue;
    }
    if (*p == ' ' || *p == '\t' || *p == '\r')
      continue;
    t = MIN (t, MIN (r[k].y1, r[k].y2));
    b = MAX (b, MAX (r[k].y1, r[k].y2));
  }
  g_array_append_val (top, t);
  g_array_append_val (bottom, b);
  g_free (r);
  GString *out = g_string_sized_new (strlen (text) + 64);
  guint line = 0;
  for (const char *p = text; *p; p++) {
    g_string_append_c (out, *p);
    if (*p != '\n')
      continue;
    double t0 = g_array_index (top, double, line), b0 = g_array_index (bottom, double, line);
    line++;
    if (line >= top->len)
      continue;
    double t1 = g_array_index (top, double, line);
    /* a gap of most of a line's height between one line and the next */
    if (b0 > t0 && t1 < G_MAXDOUBLE && t1 - b0 > 0.8 * (b0 - t0))
      g_string_append_c (out, '\n');
  }
  g_array_unref (top);
  g_array_unref (bottom);
  return g_string_free (out, FALSE);
}

/* A PDF string at p (literal "(...)" or hex "<...>"), decoded; its end in
 * *end. UTF-16 (a byte-order mark) made UTF-8; NULL when there is none */
static char *
pdf_string_at (const char *p, const char *limit, const char **end)
{
  GByteArray *b = g_byte_array_new ();
  if (p < limit && *p == '(') {
    int depth = 1;
    for (p++; p < limit && depth; p++) {
      guint8 c = (guint8) *p;
      if (c == '\\' && p + 1 < limit) {
        p++;
        switch (*p) {
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        default:
          if (*p >= '0' && *p <= '7') {
            int v = 0, k = 0;
            for (; k < 3 && p < limit && *p >= '0' && *p <= '7'; k++, p++)
              v = v * 8 + (*p - '0');
            p--;
            c = (guint8) v;
          } else {
            c = (guint8) *p;
          }
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        break;
      }
      g_byte_array_append (b, &c, 1);
    }
  } else if (p + 1 < limit && *p == '<' && p[1] != '<') {
    int hi = -1;
    for (p++; p < limit && *p != '>'; p++) {
      int v = g_ascii_xdigit_value (*p);
      if (v < 0)
        continue;
      if (hi < 0) {
        hi = v;
      } else {
        guint8 c = (guint8) (hi << 4 | v);
        g_byte_array_append (b, &c, 1);
        hi = -1;
      }
    }
  } else {
    g_byte_array_unref (b);
    return NULL;
  }
  *end = p;
  char *out;
  if (!b->len)
    out = g_strdup ("");
  else if (b->len >= 2 && b->data[0] == 0xFE && b->data[1] == 0xFF)
    out = g_convert ((const char *) b->data + 2, b->len - 2, "UTF-8", "UTF-16BE", NULL, NULL, NULL);
  else
    out = g_convert ((const char *) b->data, b->len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  g_byte_array_unref (b);
  return out;
}

/* A form's values and its annotations' texts, read from the file's bytes
 * where they stand in the clear ("/V (...)", "/Contents (...)"): poppler
 * loops on some hostile form trees when it maps a page's fields or
 * annotations, so a file with a form is read this way. Values inside
 * compressed object streams cannot be seen so; they are listed unread. */
/* The strings after "/V", "/Contents" and "/RV" in [raw, limit), a line
 * each, appended to `out` (up to `cap` bytes) */
static void
scan_form_strings (const char *raw, const char *limit, GString *out, gsize cap)
{
  static const char *const keys[] = { "/V", "/Contents", "/RV", NULL };
  for (guint k = 0; keys[k]; k++) {
    gsize kl = strlen (keys[k]);
    for (const char *p = raw; p < limit && (p = memmem (p, (gsize) (limit - p), keys[k], kl));) {
      const char *q = p + kl;
      p = q;
      if (q < limit && g_ascii_isalnum (*q))
        continue; /* "/Version", "/ContentsX" */
      while (q < limit && (*q == ' ' || *q == '\r' || *q == '\n' || *q == '\t'))
        q++;
      const char *e = NULL;
      g_autofree char *v = pdf_string_at (q, limit, &e);
      if (v && *v) {
        g_string_append (out, v);
        g_string_append_c (out, '\n');
        p = e;
      }
      if (out->len > cap)
        return;
    }
  }
}

/* The objects of the file's compressed object streams (/ObjStm with
 * /FlateDecode), inflated within `cap` bytes; FALSE when one cannot be
 * (another filter, damaged, too big) */
static gboolean
object_streams (const char *raw, gsize len, GString *out, gsize cap)
{
  gboolean all = TRUE;
  const char *limit = raw + len;
  for (const char *p = raw; p < limit && (p = memmem (p, (gsize) (limit - p), "/ObjStm", 7));) {
    p += 7;
    const char *st = memmem (p, (gsize) (limit - p), "stream", 6);
    const char *dict_end = memmem (p, (gsize) (limit - p), ">>", 2);
    if (!st || !dict_end || st < dict_end) {
      all = FALSE;
      continue;
    }
    /* (the stream's dictionary, around /ObjStm: its /Filter) */
    const char *from = (gsize) (p - raw) > 200 ? p - 200 : raw;
    gboolean flate = memmem (from, (gsize) (st - from), "/FlateDecode", 12) != NULL;
    const char *data = st + 6;
    if (data < limit && *data == '\r')
      data++;
    if (data < limit && *data == '\n')
      data++;
    const char *end = memmem (data, (gsize) (limit - data), "endstream", 9);
    gboolean filtered = memmem (from, (gsize) (st - from), "/Filter", 7) != NULL;
    if (end && !filtered) {
      /* stored as it is (a file written by qpdf --qdf) */
      g_string_append_len (out, data, end - data);
      p = end;
      continue;
    }
    if (!end || !flate) {
      all = FALSE;
      continue;
    }
    g_autoptr (GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
    const guint8 *in = (const guint8 *) data;
    gsize left = (gsize) (end - data);
    guint8 buf[65536];
    for (;;) {
      gsize r = 0, w = 0;
      GConverterResult cr = g_converter_convert (G_CONVERTER (z), in, left, buf, sizeof buf,
                                                 G_CONVERTER_INPUT_AT_END, &r, &w, NULL);
      g_string_append_len (out, (const char *) buf, (gssize) w);
      in += r;
      left -= r;
      if (cr == G_CONVERTER_ERROR || out->len > cap) {
        all = FALSE;
        break;
      }
      if (cr == G_CONVERTER_FINISHED || (!r && !w))
        break;
    }
    p = end;
  }
  return all;
}

/* A form's values and its annotations' texts, read from the file's bytes
 * ("/V (...)", "/Contents (...)"), and from its compressed object streams:
 * poppler loops on some hostile form trees when it maps a page's fields or
 * annotations, so a file with a form is read this way. An object stream
 * that cannot be inflated is listed unread. */
static gboolean
form_values (PmarkDocument *doc, const PmarkBudget *budget, GBytes *input, GError **error)
{
  gsize len;
  const char *raw = g_bytes_get_data (input, &len);
  GString *out = g_string_new (NULL);
  scan_form_strings (raw, raw + len, out, budget->max_text_bytes);
  if (memmem (raw, len, "/ObjStm", 7)) {
    GString *objs = g_string_new (NULL);
    if (!object_streams (raw, len, objs, budget->max_text_bytes))
      pmark_ocr_add_unread (doc, "form fields and annotations",
                            "a compressed object stream that may hold the form's values "
                            "could not be read");
    scan_form_strings (objs->str, objs->str + objs->len, out, budget->max_text_bytes);
    g_string_free (objs, TRUE);
  }
  gsize ol = out->len;
  if (!ol) {
    g_string_free (out, TRUE);
    return TRUE;
  }
  return pmark_document_add_text (doc, budget, "form fields and annotations",
                                  g_string_free (out, FALSE), ol, TRUE, error);
}

/* What a page's annotations say (a sticky note's text, a comment, a free
 * text box): text the page's content stream does not carry. (A file with
 * a form is read by form_values instead.) */
static gboolean
page_annotations (PmarkDocument *doc, const PmarkBudget *budget, PopplerPage *page,
                  int index, GError **error)
{
  GString *notes = g_string_new (NULL);
  GList *annots = poppler_page_get_annot_mapping (page);
  for (GList *l = annots; l; l = l->next) {
    PopplerAnnotMapping *m = l->data;
    if (!m->annot || poppler_annot_get_annot_type (m->annot) == POPPLER_ANNOT_WIDGET
        || poppler_annot_get_annot_type (m->annot) == POPPLER_ANNOT_LINK)
      continue;
    g_autofree char *c = poppler_annot_get_contents (m->annot);
    if (c && *c)
      g_string_append_printf (notes, "%s\n", c);
  }
  poppler_page_free_annot_mapping (annots);
  gsize nl = notes->len;
  if (!nl) {
    g_string_free (notes, TRUE);
    return TRUE;
  }
  g_autofree char *where = g_strdup_printf ("page %d annotations", index + 1);
  return pmark_document_add_text (doc, budget, where, g_string_free (notes, FALSE), nl, TRUE,
                                  error);
}

static gboolean
save_to_array (const gchar *buf, gsize count, gpointer data, GError **error)
{
  g_byte_array_append (data, (const guint8 *) buf, (guint) count);
  return TRUE;
}

/* Files attached to the document (/EmbeddedFiles, or a file attachment's
 * annotation): each a document of its own */
static gboolean
attachments (PmarkDocument *doc, const PmarkBudget *budget, PopplerDocument *pd,
             GError **error)
{
  if (!poppler_document_has_attachments (pd))
    return TRUE;
  GList *list = poppler_document_get_attachments (pd);
  gboolean ok = TRUE;
  guint n = 0;
  for (GList *l = list; l && ok; l = l->next) {
    PopplerAttachment *a = l->data;
    n++;
    const char *name = a->name && *a->name ? a->name : NULL;
    g_autofree char *where = name ? g_strdup_printf ("attached file %s", name)
                                  : g_strdup_printf ("attached file %u", n);
    g_autoptr (GByteArray) bytes = g_byte_array_new ();
    if (!poppler_attachment_save_to_callback (a, save_to_array, bytes, NULL)) {
      pmark_ocr_add_unread (doc, where, "poppler cannot read it");
      continue;
    }
    g_autoptr (GBytes) b = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
    ok = pmark_document_add_nested (doc, budget, b, name ? name : where, where, error);
  }
  g_list_free_full (list, g_object_unref);
  return ok;
}

static void read_metadata (PmarkDocument *doc, GBytes *input, PopplerDocument *pd);

static gboolean
pdf_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  if (drawing_abandoned) {
    pmark_ocr_add_unread (doc, "document", "an earlier PDF's page is still being drawn in "
                                           "this reader");
    return TRUE;
  }
#ifdef PMARK_FAULT_INJECTION
  {
    gsize len;
    const char *p = g_bytes_get_data (input, &len);
    drawing_hangs = len && memmem (p, len, "PMARK-FAULT-DRAW-HANG", 21) != NULL;
  }
#endif
  g_autoptr (PopplerDocument) pd = open_pdf (doc, input, error);
  if (!pd)
    return !doc->inspected && !(error && *error);
  int n = poppler_document_get_n_pages (pd);
  /* a page tree whose /Count is 0, -1 or wrong: poppler counts no page,
   * while the page is there (qpdf reads it) */
  if (n <= 0)
    pmark_ocr_add_unread (doc, "pages", "poppler finds none (the page tree's count may be "
                                        "wrong): what they hold was not read");
  g_autoptr (GArray) drawn_pages = g_array_new (FALSE, FALSE, sizeof (int));
  /* Finding a page's images costs poppler a second pass over its content
   * (a third of a text PDF's reading time); a file with no image XObject
   * has none to find. (An image XObject is a stream, whose dictionary is
   * never inside an object stream: "/Image" is in the clear.) */
  gsize raw_len;
  const char *raw = g_bytes_get_data (input, &raw_len);
  gboolean has_images = memmem (raw, raw_len, "/Image", 6) != NULL;
  /* a form: its values and annotations read from the bytes (form_values) */
  gboolean form = memmem (raw, raw_len, "/AcroForm", 9) != NULL;
  for (int i = 0; i < n; i++) {
    if (!pmark_document_check_budget (doc, error))
      return FALSE;
    g_autoptr (PopplerPage) page = poppler_document_get_page (pd, i);
    if (!page) {
      g_autofree char *w = g_strdup_printf ("page %d", i + 1);
      pmark_ocr_add_unread (doc, w, "poppler cannot open it (a damaged page tree?)");
      continue;
    }
    char *text = poppler_page_get_text (page);
    g_autofree char *where = g_strdup_printf ("page %d", i + 1);
    /* A scan: a page carrying images with next to no text, or mostly
     * covered by images with little text. A page with neither text nor
     * images is not rendered: rendering draws annotations, and poppler
     * 22.12 loops on some hostile form trees there (qpdf's
     * shared-unnamed-field.pdf); such a page could only hold text drawn
     * as outlines (ocr = always renders every page). */
    gsize chars = visible_chars (text);
    double share = chars < SCAN_MAX_CHARS_UNDER_IMAGES ? image_share (page) : 0;
    gboolean scan = (chars < SCAN_MAX_CHARS && share > 0) || share >= 0.5;
    gboolean always = pmark_read_ocr (doc) && pmark_read_ocr (doc)->mode == PMARK_OCR_ALWAYS;
    gboolean drawn = scan;
    guint unread_before = doc->unread->len;
    if ((scan || always) && !ocr_page (doc, budget, page, where, scan, error)) {
      g_free (text);
      return FALSE;
    }
    if (scan && doc->unread->len == unread_before + 1 && !drawing_abandoned
        && !scan_images (doc, budget, input, i, where, error)) {
      g_free (text);
      return FALSE;
    }
    /* a page read from its text layer: its pictures, read as pictures */
    if (!scan && !always && chars && has_images
        && !page_pictures (doc, budget, page, where, &drawn, error)) {
      g_free (text);
      return FALSE;
    }
    if (drawing_abandoned) {
      /* poppler is not touched again: this page's text as it came, the
       * pages after it unread */
      if (i + 1 < n) {
        g_autofree char *rest = g_strdup_printf ("pages %d to %d", i + 2, n);
        pmark_ocr_add_unread (doc, rest, "not read: a page before them could not be drawn "
                                         "in time");
      }
      gboolean ok = !text || !*text
                    || pmark_document_add_text (doc, budget, where, text, strlen (text), TRUE,
                                                error);
      g_free (text);
      return ok;
    }
    if (drawn) {
      int index = i;
      g_array_append_val (drawn_pages, index);
    }
    if (!form && !page_annotations (doc, budget, page, i, error)) {
      g_free (text);
      return FALSE;
    }
    if (!text || !*text) {
      g_free (text);
      continue;
    }
    gsize len = strlen (text);
    if (!g_utf8_validate_len (text, len, NULL)) {
      char *valid = g_utf8_make_valid (text, (gssize) len);
      g_free (text);
      text = valid;
      len = strlen (text);
    } else {
      char *gapped = with_paragraph_gaps (page, text);
      if (gapped) {
        g_free (text);
        text = gapped;
        len = strlen (text);
      }
    }
    if (!pmark_document_add_text (doc, budget, where, text, len, TRUE, error))
      return FALSE;
  }
  /* (with OCR off, what was drawn is unread already) */
  if (pmark_read_ocr (doc) && pmark_read_ocr (doc)->mode != PMARK_OCR_OFF)
    check_images (doc, input, drawn_pages);
  if (form && !form_values (doc, budget, input, error))
    return FALSE;
  if (!attachments (doc, budget, pd, error))
    return FALSE;
  read_metadata (doc, input, pd);
  GString *props = g_string_new (NULL);
  char *fields[] = { poppler_document_get_title (pd),
                     poppler_document_get_subject (pd),
                     poppler_document_get_keywords (pd) };
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++) {
    if (fields[i] && *fields[i])
      g_string_append_printf (props, "%s\n", fields[i]);
    g_free (fields[i]);
  }
  if (!props->len) {
    g_string_free (props, TRUE);
    return TRUE;
  }
  gsize len = props->len;
  return pmark_document_add_text (doc, budget, "document properties",
                                  g_string_free (props, FALSE), len, TRUE,
                                  error);
}

/* MSIP_Label_<guid>_Enabled set to true, wherever it is written: the Info
 * dictionary (raw bytes: poppler-glib has no accessor for custom keys) or
 * the XMP packet. */
static void
scan_labels (PmarkDocument *doc, const char *data, gsize len, const char *where)
{
  static const char key[] = "MSIP_Label_";
  const char *p = data, *end = data + len;
  while ((p = memmem (p, (gsize) (end - p), key, sizeof key - 1))) {
    p += sizeof key - 1;
    if (end - p < 36 + 8 || memcmp (p + 36, "_Enabled", 8) != 0)
      continue;
    /* the value follows within a few characters: (true), >true< */
    const char *v = p + 44;
    gsize room = MIN ((gsize) (end - v), 16);
    if (!memmem (v, room, "true", 4))
      continue;
    g_autofree char *id = g_strndup (p, 36);
    pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_LABEL, id, where);
  }
}

/* The token in Info's /PmarkSignature when the XMP lacks it (a tool that
 * rewrote the XMP kept the Info dictionary), so that classify checks it
 * as verify does. poppler-glib gives no custom Info key; qpdf reads it,
 * where it can be: in the file as written, or in an object stream. A
 * file qpdf cannot read has no token here (poppler read it; verify
 * says what qpdf makes of it). */
static char *
info_signature (PmarkDocument *doc, GBytes *input, const char *data, gsize len)
{
  if (!memmem (data, len, PDF_SIGNATURE_KEY, strlen (PDF_SIGNATURE_KEY))
      && !memmem (data, len, "/ObjStm", 7))
    return NULL;
  g_autoptr (GError) error = NULL;
  const PmarkPdfSignature *pdf = PMARK_MODULE_GET ("pdf-signature", pmark_pdf_signature,
                                                   &error);
  char *token = NULL;
  /* the key alone: the check reads the content when it compares */
  if (!pdf || !pdf->data (input, doc->name, pmark_read_password (doc), FALSE, NULL, &token,
                          NULL, &error))
    g_debug ("%s: Info not read for a signature: %s", doc->name, error->message);
  return token;
}

/* What pdf_read_marking() reads through poppler, read by pdf_extract()
 * while it has the document open (poppler parsed every PDF twice when
 * the marking's reading opened it again) */
static void
read_metadata (PmarkDocument *doc, GBytes *input, PopplerDocument *pd)
{
  gsize len;
  const char *data = g_bytes_get_data (input, &len);
  g_autofree char *xmp = poppler_document_get_metadata (pd);
  if (xmp)
    scan_labels (doc, xmp, strlen (xmp), "PDF XMP");
  /* pmark's signed marking (pmark-verify(1)) */
  const char *sig = xmp ? strstr (xmp, "<pmark:Signature>") : NULL;
  const char *sig_end = sig ? strstr (sig, "</pmark:Signature>") : NULL;
  if (sig_end) {
    sig += strlen ("<pmark:Signature>");
    g_free (doc->signature);
    doc->signature = g_strndup (sig, (gsize) (sig_end - sig));
  } else {
    doc->signature = info_signature (doc, input, data, len);
  }
  char *fields[] = { poppler_document_get_subject (pd),
                     poppler_document_get_keywords (pd) };
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++) {
    if (fields[i] && *fields[i])
      pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_METADATA, fields[i],
                                  "PDF Info");
    g_free (fields[i]);
  }
}

static gboolean
pdf_read_marking (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
                  GError **error)
{
  /* words at the top and bottom of every page */
  pmark_document_add_part_edges (doc, "page ");
  gsize len;
  const char *data = g_bytes_get_data (input, &len);
  scan_labels (doc, data, len, "PDF Info");
  /* the rest (XMP, the Info's subject and keywords, pmark's signed
   * marking) was read with the pages (read_metadata), from the document
   * poppler had open then */
  return TRUE;
}

PMARK_MODULE_DEFINE_VERSION;

G_MODULE_EXPORT const PmarkFormat pmark_pdf_reader = {
  .name = "pdf",
  .description = "PDF (poppler)",
  .extract = pdf_extract,
  .read_marking = pdf_read_marking,
};
