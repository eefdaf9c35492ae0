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

/* Text and per-line confidence of what the engine recognised. */
static void
collect_lines (TessBaseAPI *api, GString *text, GArray *conf)
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
    }
    TessDeleteText (line);
  } while (TessPageIteratorNext (pit, RIL_TEXTLINE));
  TessResultIteratorDelete (it);
}

static PmarkOcrStatus
recognise (struct Pix *pix, int ppi, const char *languages, gint64 ms, GString *text,
           GArray *conf, int *mean, char **error)
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
  if (rc == 0 && took < ms) {
    collect_lines (api, text, conf);
    *mean = TessBaseAPIMeanTextConf (api);
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
  .recognise = recognise,
  .release_thread = release_thread,
};
