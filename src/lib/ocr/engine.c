/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The OCR engine module, libpmark-ocr.so (engine.h): libtesseract's C API,
 * one engine per thread (an engine is not thread-safe and takes a tenth
 * of a second to start, so it is kept), with automatic orientation (page
 * segmentation with OSD: scans rotated by 90, 180 or 270 degrees) and
 * Leptonica's deskew; Leptonica's image readers. */
#include "config.h"

#include <leptonica/allheaders.h>
#include <string.h>
#include <tesseract/capi.h>
#if HAVE_GOMP
#include <omp.h>
#endif

#include <gmodule.h>

#include "core/module.h"
#include "engine.h"

typedef struct {
  TessBaseAPI *api;
  char *languages; /* what it was started with */
  gboolean failed; /* could not start: not retried for the same languages */
} Engine;

static void
engine_free (gpointer p)
{
  Engine *e = p;
  if (!e)
    return;
  if (e->api)
    TessBaseAPIDelete (e->api);
  g_free (e->languages);
  g_free (e);
}

static GPrivate engine_key = G_PRIVATE_INIT (engine_free);

static void
release_thread (void)
{
  g_private_replace (&engine_key, NULL);
}

static void
quiet_once (void)
{
  static gsize done;
  if (g_once_init_enter (&done)) {
    /* Leptonica reports every unreadable image on stderr by itself; pmark
     * reports them in its own words. */
    setMsgSeverity (L_SEVERITY_NONE);
#if HAVE_GOMP
    /* Tesseract's OpenMP threads: on this project's 2-core machine one
     * page took 2.0x as long with them as without, and audit -j2 scaled
     * 1.29x instead of 1.84x (bench/ocr.sh). pmark runs pages in its own
     * threads and processes; no active parallel level keeps each
     * recognition on the thread that asked for it. OMP_THREAD_LIMIT
     * cannot do it from here: libgomp reads it when it is loaded. */
    omp_set_max_active_levels (0);
#endif
    g_once_init_leave (&done, 1);
  }
}

static TessBaseAPI *
engine_get (const char *languages, char **error)
{
  quiet_once ();
  Engine *e = g_private_get (&engine_key);
  if (e && !g_strcmp0 (e->languages, languages)) {
    if (e->failed)
      goto fail;
    return e->api;
  }
  e = g_new0 (Engine, 1);
  e->languages = g_strdup (languages);
  g_private_replace (&engine_key, e);
  e->api = TessBaseAPICreate ();
  /* "debug_file" keeps the engine's chatter ("Estimating resolution")
   * off stderr; it must be set before Init to cover Init's own. */
  TessBaseAPISetVariable (e->api, "debug_file", "/dev/null");
  if (TessBaseAPIInit3 (e->api, NULL, languages) != 0) {
    e->failed = TRUE;
    goto fail;
  }
  TessBaseAPISetVariable (e->api, "debug_file", "/dev/null");
  TessBaseAPISetPageSegMode (e->api, PSM_AUTO_OSD);
  return e->api;
fail:
  *error = g_strdup_printf ("the OCR engine has no language data for '%s' (Debian: "
                            "tesseract-ocr-eng and tesseract-ocr-osd)", languages);
  return NULL;
}

static gboolean
image_info (const guint8 *data, gsize len, int *width, int *height, gboolean *paged)
{
  quiet_once ();
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem (data, len, &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0
      || h <= 0)
    return FALSE;
  *width = w;
  *height = h;
  *paged = format == IFF_TIFF || format == IFF_TIFF_G3 || format == IFF_TIFF_G4
           || format == IFF_TIFF_PACKBITS || format == IFF_TIFF_LZW || format == IFF_TIFF_ZIP
           || format == IFF_TIFF_RLE || format == IFF_TIFF_JPEG;
  return TRUE;
}

static struct Pix *
image_page (const guint8 *data, gsize len, gboolean paged, int n, int *ppi, gboolean *damaged)
{
  PIX *pix = NULL;
  l_int32 format = IFF_UNKNOWN;
  *damaged = FALSE;
  if (paged) {
    pix = pixReadMemTiff (data, len, n);
  } else if (n == 0 && len >= 12 && findFileFormatBuffer (data, &format) == 0 && format == IFF_JFIF_JPEG) {
    /* libjpeg's warnings (premature end, corrupt data, a second SOI) are
     * counted, not printed: the image it gives is then only partly the
     * picture */
    l_int32 warnings = 0;
    pix = pixReadMemJpeg (data, len, 0, 1, &warnings, 0);
    *damaged = warnings > 0;
  } else if (n == 0) {
    pix = pixReadMem (data, len);
  }
  *ppi = pix ? pixGetXRes (pix) : 0;
  return pix;
}

static struct Pix *
from_grey (const guint8 *grey, int width, int height, int stride, int ppi)
{
  PIX *pix = pixCreate (width, height, 8);
  if (!pix)
    return NULL;
  l_uint32 *data = pixGetData (pix);
  l_int32 wpl = pixGetWpl (pix);
  for (int y = 0; y < height; y++) {
    l_uint32 *line = data + (gsize) y * (gsize) wpl;
    const guint8 *src = grey + (gsize) y * (gsize) stride;
    for (int x = 0; x < width; x++)
      SET_DATA_BYTE (line, x, src[x]);
  }
  pixSetResolution (pix, ppi, ppi);
  return pix;
}

static void
pix_free (struct Pix *pix)
{
  pixDestroy (&pix);
}

static guint64
pix_pixels (struct Pix *pix)
{
  return (guint64) pixGetWidth (pix) * (guint64) pixGetHeight (pix);
}

static gboolean
histogram (struct Pix *pix, guint64 hist[256])
{
  PIX *grey = pixConvertTo8 (pix, FALSE);
  if (!grey)
    return FALSE;
  l_int32 w = pixGetWidth (grey), h = pixGetHeight (grey);
  l_int32 wpl = pixGetWpl (grey);
  l_uint32 *data = pixGetData (grey);
  memset (hist, 0, 256 * sizeof *hist);
  for (l_int32 y = 0; y < h; y++) {
    l_uint32 *line = data + (gsize) y * (gsize) wpl;
    for (l_int32 x = 0; x < w; x++)
      hist[GET_DATA_BYTE (line, x)]++;
  }
  pixDestroy (&grey);
  return TRUE;
}

/* An 8-bit grey image binarised as a reader's eye does: its background
 * flattened (a shadow, a fold, uneven light), then each pixel judged
 * against its neighbourhood (Sauvola), so that text in a dark or pale
 * part is ink and the shadow itself is not; NULL when it cannot be. */
static PIX *
local_ink (PIX *grey)
{
  PIX *flat = pixBackgroundNormSimple (grey, NULL, NULL);
  PIX *bin = NULL;
  if (flat && pixSauvolaBinarizeTiled (flat, 25, 0.35f, 1, 1, NULL, &bin) != 0)
    bin = NULL;
  pixDestroy (&flat);
  return bin;
}

static struct Pix *
normalise (struct Pix *pix)
{
  PIX *grey = pixConvertTo8 (pix, FALSE);
  PIX *bin = grey ? local_ink (grey) : NULL;
  pixDestroy (&grey);
  if (bin)
    pixSetResolution (bin, pixGetXRes (pix), pixGetYRes (pix));
  return bin;
}

/* Text and per-line confidence of what the engine recognised; each
 * line's box set in `mask` (1 bit a pixel, the image's size) when given. */
static void
collect_lines (TessBaseAPI *api, GString *text, GArray *conf, PIX *mask)
{
  TessResultIterator *it = TessBaseAPIGetIterator (api);
  if (!it)
    return;
  TessPageIterator *pit = TessResultIteratorGetPageIterator (it);
  do {
    char *line = TessResultIteratorGetUTF8Text (it, RIL_TEXTLINE);
    if (!line)
      continue;
    g_strstrip (line);
    if (*line) {
      float c = TessResultIteratorConfidence (it, RIL_TEXTLINE);
      g_string_append (text, line);
      g_string_append_c (text, '\n');
      g_array_append_val (conf, c);
      int l, t, r, b;
      if (mask && TessPageIteratorBoundingBox (pit, RIL_TEXTLINE, &l, &t, &r, &b))
        pixRasterop (mask, l - 2, t - 2, r - l + 4, b - t + 4, PIX_SET, NULL, 0, 0);
    }
    TessDeleteText (line);
  } while (TessPageIteratorNext (pit, RIL_TEXTLINE));
  TessResultIteratorDelete (it);
}

static int
cmp_int (gconstpointer a, gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* The share of what looks like characters on `grey` (components of its
 * ink as local_ink sees it, of about the height of those in the lines
 * read) that lies in the lines read (`mask`): a shadow, a dark or faded
 * part OCR could not read through leaves characters outside them, while
 * rules, borders, pictures and specks are not characters. -1 when it
 * cannot be told (too few characters read to know their size). */
static double
coverage (PIX *grey, PIX *mask)
{
  if (pixGetDepth (grey) != 8)
    return -1;
  /* at half the size when the page is large (a character at 300 dpi is
   * still 15 pixels high): a quarter of the work */
  int k = pixGetWidth (grey) > 2000 ? 2 : 1;
  PIX *small = k == 2 ? pixScaleAreaMap2 (grey) : pixClone (grey);
  PIX *ink = small ? local_ink (small) : NULL;
  BOXA *boxes = ink ? pixConnCompBB (ink, 8) : NULL;
  pixDestroy (&ink);
  pixDestroy (&small);
  if (!boxes)
    return -1;
  l_int32 n = boxaGetCount (boxes);
  GArray *heights = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *in = g_array_new (FALSE, FALSE, sizeof (gboolean));
  for (l_int32 i = 0; i < n; i++) {
    l_int32 x, y, w, h;
    l_uint32 v = 0;
    boxaGetBoxGeometry (boxes, i, &x, &y, &w, &h);
    pixGetPixel (mask, (l_uint32) (k * (x + w / 2)), (l_uint32) (k * (y + h / 2)), &v);
    gboolean inside = v != 0;
    g_array_append_val (in, inside);
    if (inside && h > 2)
      g_array_append_val (heights, h);
  }
  double share = -1;
  if (heights->len >= 10) {
    g_array_sort (heights, cmp_int);
    int m = g_array_index (heights, int, heights->len / 2);
    guint inside = 0, all = 0;
    for (l_int32 i = 0; i < n; i++) {
      l_int32 x, y, w, h;
      boxaGetBoxGeometry (boxes, i, &x, &y, &w, &h);
      if (2 * h < m || h > 2 * m || w > 3 * m)
        continue; /* not of a character's size */
      all++;
      inside += g_array_index (in, gboolean, i) ? 1 : 0;
    }
    share = all ? (double) inside / all : 1;
  }
  g_array_unref (heights);
  g_array_unref (in);
  boxaDestroy (&boxes);
  return share;
}

static PmarkOcrStatus
recognise (struct Pix *pix, int ppi, const char *languages, gint64 ms, GString *text,
           GArray *conf, int *mean, double *covered, char **error)
{
  TessBaseAPI *api = engine_get (languages, error);
  if (!api)
    return PMARK_OCR_NO_ENGINE;
  /* Grey, deskewed (a no-op when the skew is under a tenth of a degree) */
  PIX *grey = pixConvertTo8 (pix, FALSE);
  PIX *straight = grey ? pixDeskew (grey, 0) : NULL;
  PIX *use = straight ? straight : grey ? grey : pix;
  TessBaseAPISetImage2 (api, use);
  if (ppi >= 70 && ppi <= 2400)
    TessBaseAPISetSourceResolution (api, ppi);
  ETEXT_DESC *monitor = TessMonitorCreate ();
  TessMonitorSetDeadlineMSecs (monitor, (int) MIN (ms, G_MAXINT));
  gint64 start = g_get_monotonic_time ();
  int rc = TessBaseAPIRecognize (api, monitor);
  gint64 took = (g_get_monotonic_time () - start) / 1000;
  TessMonitorDelete (monitor);
  PmarkOcrStatus status = PMARK_OCR_OVER_TIME;
  *mean = 0;
  *covered = -1;
  if (rc == 0 && took < ms) {
    PIX *mask = pixCreate (pixGetWidth (use), pixGetHeight (use), 1);
    collect_lines (api, text, conf, mask);
    *mean = TessBaseAPIMeanTextConf (api);
    if (mask)
      *covered = coverage (use, mask);
    pixDestroy (&mask);
    status = PMARK_OCR_RECOGNISED;
  }
  TessBaseAPIClear (api);
  pixDestroy (&straight);
  pixDestroy (&grey);
  return status;
}

PMARK_MODULE_DEFINE_VERSION;

G_MODULE_EXPORT const PmarkOcrEngine pmark_ocr_engine = {
  .image_info = image_info,
  .image_page = image_page,
  .from_grey = from_grey,
  .pix_free = pix_free,
  .pix_pixels = pix_pixels,
  .histogram = histogram,
  .normalise = normalise,
  .recognise = recognise,
  .release_thread = release_thread,
};
