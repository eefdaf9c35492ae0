/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PDF stamping with qpdf's C API (poppler cannot write page content).
 * Every page gets two new content streams around its own, which are left
 * untouched: "q" (and, where the page's content reaches into the marking's
 * bands, a matrix scaling it about the page centre just enough to clear
 * them) before them, and after them "Q" and the marking drawn with real
 * text in Helvetica at the top and bottom of the page as displayed (the
 * crop box, turned by /Rotate), the policy's margin in from the edge. Both
 * new streams begin with "% pmark-stamp", by which a later marking finds
 * and replaces them. The content's extent is measured by rendering the
 * bands with poppler, without pmark's earlier streams. The Info
 * dictionary gets /PmarkMarking, the XMP packet pmark:Marking; a signed
 * marking's token goes into both (/PmarkSignature, pmark:Signature).
 * The module "pdf-writer" (core/module.h): qpdf, poppler and cairo are
 * loaded by the processes that write a PDF (the signed-marking check has
 * its own module, formats/pdf-signature.c; drawing a first page is the
 * reader's, formats/pdf-render.c); pdf-loader.c is what the rest of
 * libpmark calls. */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <qpdf/qpdf-c.h>
#include <string.h>

#include "core/document-private.h"
#include "core/module.h"
#include "formats/pdf-qpdf.h"
#include "stamp.h"

#define FONT_NAME "/PmarkStampFont"
#define LINE_GAP 1.2      /* of the font size */
#define ASCENT 0.75       /* capitals' height, of the font size */
#define DESCENT 0.22
#define BAND_PAD 2.0      /* pt between the marking's band and content */
#define MIN_SCALE 0.5     /* content is never shrunk below this */
#define SHRINK_KEY "/PmarkShrink" /* [k cx cy]: the page's content and
                                   * annotations were scaled so */
#define XMP_NS "urn:pmark:marking:1.0"

/* Helvetica-Bold advance widths (1/1000 em) for ASCII 32..126, from the
 * standard 14 fonts' metrics: enough to centre a marking. */
static const short helvetica_bold[95] = {
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
  611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
};

/* Helvetica's, the same way */
static const short helvetica[95] = {
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
};

/* width at 1 pt */
static double
text_width (const char *latin1, gboolean bold)
{
  const short *widths = bold ? helvetica_bold : helvetica;
  double w = 0;
  for (const guchar *p = (const guchar *) latin1; *p; p++)
    w += (*p >= 32 && *p < 127) ? widths[*p - 32] : 556;
  return w / 1000.0;
}

/* Where the marking goes on a page w x h (as displayed): its size, the
 * margin (smaller on a page too small for it), and the height of the band
 * at each edge that content must keep out of. */
typedef struct {
  double size, margin, gap, band;
} Layout;

static Layout
layout_for (const PmarkStampJob *job, char **latin1, guint n, double w, double h)
{
  Layout L;
  L.margin = MIN ((double) job->style->margin, MIN (w, h) * 0.1);
  L.size = job->style->font_size;
  double widest = 0;
  for (guint i = 0; i < n; i++)
    widest = MAX (widest, text_width (latin1[i], job->style->bold));
  /* every line fits across, and both blocks fit in half the page */
  if (widest > 0)
    L.size = MIN (L.size, (w - 2 * L.margin) * 0.98 / widest);
  L.size = MIN (L.size, (h * 0.25 - L.margin) / (n * LINE_GAP));
  L.size = MAX (L.size, 1.0);
  L.gap = L.size * LINE_GAP;
  L.band = L.margin + (n - 1) * L.gap + (ASCENT + DESCENT) * L.size + BAND_PAD;
  return L;
}

/* a PDF literal string in WinAnsi: ( ) \ escaped, the rest as octal */
static void
append_pdf_string (GString *s, const char *latin1)
{
  g_string_append_c (s, '(');
  for (const guchar *p = (const guchar *) latin1; *p; p++) {
    if (*p == '(' || *p == ')' || *p == '\\')
      g_string_append_printf (s, "\\%c", *p);
    else if (*p < 32 || *p > 126)
      g_string_append_printf (s, "\\%03o", *p);
    else
      g_string_append_c (s, *p);
  }
  g_string_append_c (s, ')');
}

static double
num (qpdf_data q, qpdf_oh arr, int i)
{
  qpdf_oh o = qpdf_oh_get_array_item (q, arr, i);
  return qpdf_oh_is_number (q, o) ? qpdf_oh_get_numeric_value (q, o) : 0;
}

/* the visible box, and the matrix from the page as displayed (origin at
 * its bottom left) to user space */
static void
page_frame (qpdf_data q, qpdf_oh page, double m[6], double *w, double *h)
{
  qpdf_oh box = qpdf_oh_get_key (q, page, "/CropBox");
  if (!qpdf_oh_is_array (q, box) || qpdf_oh_get_array_n_items (q, box) != 4)
    box = qpdf_oh_get_key (q, page, "/MediaBox");
  double llx = 0, lly = 0, urx = 612, ury = 792;
  if (qpdf_oh_is_array (q, box) && qpdf_oh_get_array_n_items (q, box) == 4) {
    double a = num (q, box, 0), b = num (q, box, 1), c = num (q, box, 2), d = num (q, box, 3);
    llx = MIN (a, c); urx = MAX (a, c); lly = MIN (b, d); ury = MAX (b, d);
  }
  qpdf_oh rot = qpdf_oh_get_key (q, page, "/Rotate");
  int r = qpdf_oh_is_integer (q, rot) ? qpdf_oh_get_int_value_as_int (q, rot) : 0;
  r = ((r % 360) + 360) % 360;
  double W = urx - llx, H = ury - lly;
  switch (r) {
  case 90:
    m[0] = 0; m[1] = 1; m[2] = -1; m[3] = 0; m[4] = urx; m[5] = lly;
    *w = H; *h = W;
    break;
  case 180:
    m[0] = -1; m[1] = 0; m[2] = 0; m[3] = -1; m[4] = urx; m[5] = ury;
    *w = W; *h = H;
    break;
  case 270:
    m[0] = 0; m[1] = -1; m[2] = 1; m[3] = 0; m[4] = llx; m[5] = ury;
    *w = H; *h = W;
    break;
  default:
    m[0] = 1; m[1] = 0; m[2] = 0; m[3] = 1; m[4] = llx; m[5] = lly;
    *w = W; *h = H;
  }
}

static void
colour_rgb (const char *hex, double rgb[3])
{
  rgb[0] = rgb[1] = rgb[2] = 0;
  if (!hex || strlen (hex) != 7 || hex[0] != '#')
    return;
  for (int i = 0; i < 3; i++) {
    char part[3] = { hex[1 + 2 * i], hex[2 + 2 * i], 0 };
    rgb[i] = g_ascii_strtoull (part, NULL, 16) / 255.0;
  }
}

static GString *
stamp_content (const PmarkStampJob *job, char **latin1, guint n, double m[6],
               double w, double h)
{
  double rgb[3];
  colour_rgb (job->colour, rgb);
  Layout L = layout_for (job, latin1, n, w, h);
  GString *s = g_string_new (PDF_STAMP_TAG "\nQ\nq\n");
  g_string_append_printf (s, "%.4f %.4f %.4f %.4f %.4f %.4f cm\n", m[0], m[1], m[2],
                          m[3], m[4], m[5]);
  g_string_append_printf (s, "BT\n" FONT_NAME " %.3f Tf\n%.3f %.3f %.3f rg\n",
                          L.size, rgb[0], rgb[1], rgb[2]);
  for (int edge = 0; edge < 2; edge++) {
    for (guint i = 0; i < n; i++) {
      /* top: first line highest; bottom: last line lowest; the text's
       * nearest edge the margin in */
      double y = edge == 0 ? h - L.margin - ASCENT * L.size - i * L.gap
                           : L.margin + DESCENT * L.size + (n - 1 - i) * L.gap;
      double tw = L.size * text_width (latin1[i], job->style->bold);
      double x = job->style->align == STAMP_ALIGN_LEFT ? L.margin
                 : job->style->align == STAMP_ALIGN_RIGHT ? w - L.margin - tw
                 : (w - tw) / 2;
      g_string_append_printf (s, "1 0 0 1 %.3f %.3f Tm ", MAX (0.0, x), y);
      append_pdf_string (s, latin1[i]);
      g_string_append (s, " Tj\n");
    }
  }
  g_string_append (s, "ET\nQ\n");
  return s;
}

static qpdf_oh
new_stream (qpdf_data q, const char *data, gsize len)
{
  qpdf_oh s = qpdf_oh_new_stream (q);
  qpdf_oh_replace_stream_data (q, s, (const unsigned char *) data, len,
                               qpdf_oh_new_null (q), qpdf_oh_new_null (q));
  return s;
}

/* Every annotation's rectangle scaled by k about (cx, cy), as the
 * content is: its appearance is drawn into the rectangle. */
static void
scale_annotations (qpdf_data q, qpdf_oh page, double k, double cx, double cy)
{
  qpdf_oh annots = qpdf_oh_get_key (q, page, "/Annots");
  int n = qpdf_oh_is_array (q, annots) ? qpdf_oh_get_array_n_items (q, annots) : 0;
  for (int i = 0; i < n; i++) {
    qpdf_oh a = qpdf_oh_get_array_item (q, annots, i);
    qpdf_oh rect = qpdf_oh_is_dictionary (q, a) ? qpdf_oh_get_key (q, a, "/Rect") : 0;
    if (!rect || !qpdf_oh_is_array (q, rect) || qpdf_oh_get_array_n_items (q, rect) != 4)
      continue;
    qpdf_oh r = qpdf_oh_new_array (q);
    for (int j = 0; j < 4; j++) {
      double c = j % 2 == 0 ? cx : cy;
      qpdf_oh_append_item (q, r, qpdf_oh_new_real_from_double (q, c + k * (num (q, rect, j) - c), 4));
    }
    qpdf_oh_replace_key (q, a, "/Rect", r);
  }
}

/* The page's contents as an array without pmark's earlier streams; TRUE
 * when there were any. */
static gboolean
strip_page (qpdf_data q, qpdf_oh page)
{
  qpdf_oh contents = qpdf_oh_get_key (q, page, "/Contents");
  qpdf_oh arr = qpdf_oh_new_array (q);
  gboolean stripped = FALSE;
  if (qpdf_oh_is_array (q, contents)) {
    int k = qpdf_oh_get_array_n_items (q, contents);
    for (int i = 0; i < k; i++) {
      qpdf_oh item = qpdf_oh_get_array_item (q, contents, i);
      if (pdf_is_pmark_stream (q, item))
        stripped = TRUE;
      else
        qpdf_oh_append_item (q, arr, item);
    }
  } else if (qpdf_oh_is_stream (q, contents)) {
    if (pdf_is_pmark_stream (q, contents))
      stripped = TRUE;
    else
      qpdf_oh_append_item (q, arr, contents);
  }
  qpdf_oh_replace_key (q, page, "/Contents", arr);
  /* annotations moved with an earlier shrink go back */
  qpdf_oh shrink = qpdf_oh_get_key (q, page, SHRINK_KEY);
  if (qpdf_oh_is_array (q, shrink) && qpdf_oh_get_array_n_items (q, shrink) == 3) {
    double k = num (q, shrink, 0), cx = num (q, shrink, 1), cy = num (q, shrink, 2);
    if (k > 0)
      scale_annotations (q, page, 1 / k, cx, cy);
    qpdf_oh_remove_key (q, page, SHRINK_KEY);
    stripped = TRUE;
  }
  return stripped;
}

/* How far a rendered strip's ink reaches: the first (from_top) or last
 * row holding a pixel that is not white, or -1. */
static int
ink_row (cairo_surface_t *surface, gboolean from_top)
{
  const guint8 *px = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int pw = cairo_image_surface_get_width (surface), ph = cairo_image_surface_get_height (surface);
  for (int k = 0; k < ph; k++) {
    int y = from_top ? k : ph - 1 - k;
    const guint32 *row = (const guint32 *) (px + (gsize) y * (gsize) stride);
    for (int x = 0; x < pw; x++) {
      guint32 v = row[x];
      if (((v >> 16) & 0xff) < 240 || ((v >> 8) & 0xff) < 240 || (v & 0xff) < 240)
        return y;
    }
  }
  return -1;
}

/* How far the page's visible annotations reach from its centre, up or
 * down, on the page as displayed (their rectangles; they are not
 * rendered: poppler 22.12 loops on some hostile form trees). */
static double
annotation_reach (qpdf_data q, qpdf_oh page, const double m[6], double h)
{
  qpdf_oh annots = qpdf_oh_get_key (q, page, "/Annots");
  int n = qpdf_oh_is_array (q, annots) ? qpdf_oh_get_array_n_items (q, annots) : 0;
  double reach = 0;
  for (int i = 0; i < n; i++) {
    qpdf_oh a = qpdf_oh_get_array_item (q, annots, i);
    if (!qpdf_oh_is_dictionary (q, a))
      continue;
    qpdf_oh f = qpdf_oh_get_key (q, a, "/F");
    int flags = qpdf_oh_is_integer (q, f) ? qpdf_oh_get_int_value_as_int (q, f) : 0;
    qpdf_oh sub = qpdf_oh_get_key (q, a, "/Subtype");
    g_autofree char *type = qpdf_oh_is_name (q, sub) ? g_strdup (qpdf_oh_get_name (q, sub)) : NULL;
    qpdf_oh rect = qpdf_oh_get_key (q, a, "/Rect");
    /* hidden (2) or not viewed (32), and popups (shown only when opened) */
    if ((flags & (2 | 32)) || !g_strcmp0 (type, "/Popup") || !qpdf_oh_is_array (q, rect)
        || qpdf_oh_get_array_n_items (q, rect) != 4)
      continue;
    for (int c = 0; c < 4; c++) {
      double ux = num (q, rect, c < 2 ? 0 : 2), uy = num (q, rect, c % 2 ? 1 : 3);
      /* user space to the displayed page: m's rotation transposed */
      double y = m[2] * (ux - m[4]) + m[3] * (uy - m[5]);
      reach = MAX (reach, fabs (CLAMP (y, 0, h) - h / 2));
    }
  }
  return reach;
}

/* The scale that keeps the page's content out of both bands (1: it is
 * already clear). Only the bands are rendered, at 72 dpi. */
static double
content_scale (PopplerPage *page, double w, double h, double band, double reach)
{
  double room = h / 2 - band; /* from the centre to a band */
  if (room <= 0 || band <= 0)
    return 1;
  int pw = (int) ceil (w), ph = (int) ceil (band);
  if (pw < 1 || ph < 1 || pw > 20000)
    return 1;
  /* reach: the content's furthest distance from the centre (the
   * annotations' to begin with) */
  for (int edge = 0; edge < 2; edge++) {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
    if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS) {
      cairo_surface_destroy (surface);
      return 1;
    }
    cairo_t *cr = cairo_create (surface);
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    if (edge == 1)
      cairo_translate (cr, 0, -(h - ph));
    poppler_page_render (page, cr);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    /* the ink nearest the page edge: the top strip's first row, the
     * bottom strip's last */
    int row = ink_row (surface, edge == 0);
    cairo_surface_destroy (surface);
    if (row >= 0)
      reach = MAX (reach, edge == 0 ? h / 2 - row : h / 2 - (ph - 1 - row));
  }
  if (reach <= room)
    return 1;
  return MAX (MIN_SCALE, room / reach);
}

static void
stamp_page (qpdf_data q, qpdf_oh page, qpdf_oh font, const PmarkStampJob *job,
            char **latin1, guint n, PopplerPage *rendered)
{
  /* the font, in the page's own resources */
  qpdf_oh res = qpdf_oh_get_key (q, page, "/Resources");
  if (!qpdf_oh_is_dictionary (q, res)) {
    res = qpdf_oh_new_dictionary (q);
    qpdf_oh_replace_key (q, page, "/Resources", res);
  }
  qpdf_oh fonts = qpdf_oh_get_key (q, res, "/Font");
  if (!qpdf_oh_is_dictionary (q, fonts)) {
    fonts = qpdf_oh_new_dictionary (q);
    qpdf_oh_replace_key (q, res, "/Font", fonts);
  }
  qpdf_oh_replace_key (q, fonts, FONT_NAME, font);

  qpdf_oh arr = qpdf_oh_get_key (q, page, "/Contents"); /* strip_page's */
  double m[6], w, h;
  page_frame (q, page, m, &w, &h);
  g_autoptr (GString) open = g_string_new (PDF_STAMP_TAG "\nq\n");
  if (rendered) {
    Layout L = layout_for (job, latin1, n, w, h);
    double k = content_scale (rendered, w, h, L.band, annotation_reach (q, page, m, h));
    if (k < 1) {
      /* about the centre of the visible box, in user space (a uniform
       * scale commutes with the page's rotation); clipped to the box, so
       * that what lay outside the page does not come into view */
      double x0 = m[4], y0 = m[5], x1 = m[0] * w + m[2] * h + m[4],
             y1 = m[1] * w + m[3] * h + m[5];
      double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
      g_string_append_printf (open, "%.5f 0 0 %.5f %.4f %.4f cm\n", k, k, cx * (1 - k),
                              cy * (1 - k));
      g_string_append_printf (open, "%.4f %.4f %.4f %.4f re W n\n", MIN (x0, x1), MIN (y0, y1),
                              fabs (x1 - x0), fabs (y1 - y0));
      scale_annotations (q, page, k, cx, cy);
      qpdf_oh shrink = qpdf_oh_new_array (q);
      qpdf_oh_append_item (q, shrink, qpdf_oh_new_real_from_double (q, k, 6));
      qpdf_oh_append_item (q, shrink, qpdf_oh_new_real_from_double (q, cx, 4));
      qpdf_oh_append_item (q, shrink, qpdf_oh_new_real_from_double (q, cy, 4));
      qpdf_oh_replace_key (q, page, SHRINK_KEY, shrink);
    }
  }
  g_autoptr (GString) draw = stamp_content (job, latin1, n, m, w, h);
  qpdf_oh_insert_item (q, arr, 0, new_stream (q, open->str, open->len));
  qpdf_oh_append_item (q, arr, new_stream (q, draw->str, draw->len));
}

/* XMP: pmark's description replaced or added; a new packet when none */
static char *
xmp_with_marking (const char *old, gsize len, const char *marking, const char *signature)
{
  g_autofree char *esc = g_markup_escape_text (marking, -1);
  g_autofree char *sig = signature
    ? g_strdup_printf ("<pmark:Signature>%s</pmark:Signature>", signature) : g_strdup ("");
  g_autofree char *desc = g_strdup_printf (
    "<rdf:Description rdf:about=\"\" xmlns:pmark=\"" XMP_NS "\">"
    "<pmark:Marking>%s</pmark:Marking>%s</rdf:Description>", esc, sig);
  if (old && len) {
    g_autofree char *text = g_strndup (old, len);
    g_autoptr (GRegex) re = g_regex_new ("<rdf:Description[^>]*xmlns:pmark=\"" XMP_NS
                                         "\"[^>]*>.*?</rdf:Description>",
                                         G_REGEX_DOTALL, 0, NULL);
    g_autofree char *clean = g_regex_replace_literal (re, text, -1, 0, "", 0, NULL);
    char *end = clean ? strstr (clean, "</rdf:RDF>") : NULL;
    if (end)
      return g_strdup_printf ("%.*s%s%s", (int) (end - clean), clean, desc, end);
  }
  return g_strdup_printf (
    "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">%s</rdf:RDF>"
    "</x:xmpmeta>\n<?xpacket end=\"w\"?>", desc);
}

static void
stamp_metadata (qpdf_data q, const PmarkStampJob *job)
{
  qpdf_oh trailer = qpdf_get_trailer (q);
  qpdf_oh info = qpdf_oh_get_key (q, trailer, "/Info");
  if (!qpdf_oh_is_dictionary (q, info)) {
    info = qpdf_make_indirect_object (q, qpdf_oh_new_dictionary (q));
    qpdf_oh_replace_key (q, trailer, "/Info", info);
  }
  qpdf_oh_replace_key (q, info, PDF_MARKING_KEY, qpdf_oh_new_unicode_string (q, job->marking));
  if (job->signature)
    qpdf_oh_replace_key (q, info, PDF_SIGNATURE_KEY, qpdf_oh_new_unicode_string (q, job->signature));
  else
    qpdf_oh_remove_key (q, info, PDF_SIGNATURE_KEY);

  qpdf_oh root = qpdf_get_root (q);
  qpdf_oh meta = qpdf_oh_get_key (q, root, "/Metadata");
  unsigned char *old = NULL;
  size_t old_len = 0;
  if (qpdf_oh_is_stream (q, meta)
      && (qpdf_oh_get_stream_data (q, meta, qpdf_dl_generalized, NULL, &old, &old_len)
          & QPDF_ERRORS)) {
    free (old);
    old = NULL;
  }
  g_autofree char *xmp = xmp_with_marking ((const char *) old, old ? old_len : 0, job->marking,
                                          job->signature);
  free (old);
  qpdf_oh s = new_stream (q, xmp, strlen (xmp));
  qpdf_oh d = qpdf_oh_get_dict (q, s);
  qpdf_oh_replace_key (q, d, "/Type", qpdf_oh_new_name (q, "/Metadata"));
  qpdf_oh_replace_key (q, d, "/Subtype", qpdf_oh_new_name (q, "/XML"));
  qpdf_oh_replace_key (q, root, "/Metadata", s);
}

static gboolean
is_signed (qpdf_data q, GBytes *input)
{
  qpdf_oh form = qpdf_oh_get_key (q, qpdf_get_root (q), "/AcroForm");
  qpdf_oh flags = qpdf_oh_get_key (q, form, "/SigFlags");
  if (qpdf_oh_is_integer (q, flags) && (qpdf_oh_get_int_value_as_int (q, flags) & 1))
    return TRUE;
  /* a signature dictionary's byte range, wherever it is written */
  gsize len;
  const char *data = g_bytes_get_data (input, &len);
  return memmem (data, len, "/ByteRange", 10) != NULL;
}

/* The document as poppler renders it, without pmark's earlier marking
 * and without annotations or forms (measured from their rectangles
 * instead): the input itself when it has none of them, else qpdf's copy
 * without them. */
static PopplerDocument *
open_rendered (qpdf_data q, const PmarkStampJob *job, int pages, gboolean stripped,
               GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  qpdf_oh root = qpdf_get_root (q);
  gboolean forms = qpdf_oh_has_key (q, root, "/AcroForm");
  for (int i = 0; i < pages && !forms; i++)
    forms = qpdf_oh_has_key (q, qpdf_get_page_n (q, i), "/Annots");
  if (stripped || forms) {
    /* taken out for the copy, put back after */
    g_autofree qpdf_oh *annots = g_new0 (qpdf_oh, pages);
    qpdf_oh acroform = qpdf_oh_get_key (q, root, "/AcroForm");
    gboolean had_form = qpdf_oh_has_key (q, root, "/AcroForm");
    for (int i = 0; i < pages; i++) {
      qpdf_oh pg = qpdf_get_page_n (q, i);
      if (qpdf_oh_has_key (q, pg, "/Annots")) {
        annots[i] = qpdf_oh_get_key (q, pg, "/Annots");
        qpdf_oh_remove_key (q, pg, "/Annots");
      }
    }
    qpdf_oh_remove_key (q, root, "/AcroForm");
    qpdf_init_write_memory (q);
    qpdf_write (q);
    for (int i = 0; i < pages; i++)
      if (annots[i])
        qpdf_oh_replace_key (q, qpdf_get_page_n (q, i), "/Annots", annots[i]);
    if (had_form)
      qpdf_oh_replace_key (q, root, "/AcroForm", acroform);
    if (pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf could not rewrite it"))
      return NULL;
    bytes = g_bytes_new (qpdf_get_buffer (q), qpdf_get_buffer_length (q));
  } else {
    bytes = g_bytes_ref (job->input);
  }
  GError *perr = NULL;
  /* the stream constructor: poppler-glib 22.12's from_bytes crashes on a
   * wrong password */
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  PopplerDocument *pd = poppler_document_new_from_stream (in, (goffset) g_bytes_get_size (bytes),
                                                          job->password, NULL, &perr);
  if (!pd) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "poppler cannot render it to measure its pages (%s); "
                 "--no-shrink marks it without measuring", perr->message);
    g_error_free (perr);
  }
  return pd;
}

static gboolean
pdf_stamp (const PmarkStampJob *job, GError **error)
{
  qpdf_data q = qpdf_init ();
  qpdf_silence_errors (q);
  qpdf_set_suppress_warnings (q, QPDF_TRUE);
  gsize len;
  const char *data = g_bytes_get_data (job->input, &len);
  gboolean ok = FALSE;
  PopplerDocument *rendered = NULL;
  guint n = 0;
  char **latin1 = g_new0 (char *, g_strv_length ((char **) job->lines) + 1);
  for (const char *const *l = job->lines; *l; l++)
    latin1[n++] = g_convert_with_fallback (*l, -1, "WINDOWS-1252", "UTF-8", "?",
                                           NULL, NULL, NULL);
  qpdf_read_memory (q, job->doc->name, data, len, job->password);
  if (pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf cannot read it"))
    goto out;
  if (is_signed (q, job->input) && !stamp_refuse_signed (job, "a PDF signature", error))
    goto out;
  qpdf_push_inherited_attributes_to_page (q);
  int pages = qpdf_get_num_pages (q);
  if (pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf cannot read its pages"))
    goto out;
  if (pages <= 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED, "the PDF has no pages");
    goto out;
  }
  qpdf_oh font = qpdf_oh_new_dictionary (q);
  qpdf_oh_replace_key (q, font, "/Type", qpdf_oh_new_name (q, "/Font"));
  qpdf_oh_replace_key (q, font, "/Subtype", qpdf_oh_new_name (q, "/Type1"));
  qpdf_oh_replace_key (q, font, "/BaseFont",
                       qpdf_oh_new_name (q, job->style->bold ? "/Helvetica-Bold"
                                                             : "/Helvetica"));
  qpdf_oh_replace_key (q, font, "/Encoding", qpdf_oh_new_name (q, "/WinAnsiEncoding"));
  font = qpdf_make_indirect_object (q, font);
  gboolean stripped = FALSE;
  for (int i = 0; i < pages; i++)
    stripped |= strip_page (q, qpdf_get_page_n (q, i));
  if (job->shrink && !(rendered = open_rendered (q, job, pages, stripped, error)))
    goto out;
  for (int i = 0; i < pages; i++) {
    if (!pmark_document_check_budget (job->doc, error))
      goto out;
    PopplerPage *page = rendered && i < poppler_document_get_n_pages (rendered)
      ? poppler_document_get_page (rendered, i) : NULL;
    stamp_page (q, qpdf_get_page_n (q, i), font, job, latin1, n, page);
    g_clear_object (&page);
  }
  stamp_metadata (q, job);
  if (pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf could not stamp it"))
    goto out;
  qpdf_init_write_memory (q);
  if (pdf_qpdf_failed (q, error, PMARK_ERROR_IO, "qpdf cannot write the output"))
    goto out;
  qpdf_write (q);
  if (pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf could not write it"))
    goto out;
  ok = stamp_write_bytes (job, qpdf_get_buffer (q), qpdf_get_buffer_length (q), error);
out:
  g_clear_object (&rendered);
  g_strfreev (latin1);
  qpdf_cleanup (&q);
  return ok;
}

PMARK_MODULE_DEFINE_VERSION;

G_MODULE_EXPORT const PmarkPdfWriter pmark_pdf_writer = {
  .stamp = pdf_stamp,
};
