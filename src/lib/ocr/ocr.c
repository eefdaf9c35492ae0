/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCR through libtesseract's C API, one engine per thread (an engine is
 * not thread-safe and takes a tenth of a second to start, so it is kept),
 * with automatic orientation (page segmentation with OSD: scans rotated by
 * 90, 180 or 270 degrees) and Leptonica's deskew. */
#include "config.h"

#include <leptonica/allheaders.h>
#include <string.h>
#include <tesseract/capi.h>
#if HAVE_GOMP
#include <omp.h>
#endif

#include "core/document-private.h"
#include "ocr.h"

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

void
pmark_ocr_release_thread (void)
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
engine_get (const char *languages, GError **error)
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
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
               "the OCR engine has no language data for '%s' (Debian: "
               "tesseract-ocr-eng and tesseract-ocr-osd)", languages);
  return NULL;
}

void
pmark_ocr_add_unread (PmarkDocument *doc, const char *where, const char *what)
{
  g_ptr_array_add (doc->unread, g_strdup_printf ("%s: %s", where, what));
}

double
pmark_ocr_ink (struct Pix *pix)
{
  PIX *grey = pixConvertTo8 (pix, FALSE);
  if (!grey)
    return 1.0; /* cannot tell: assume there is something to read */
  l_int32 w = pixGetWidth (grey), h = pixGetHeight (grey);
  l_int32 wpl = pixGetWpl (grey);
  l_uint32 *data = pixGetData (grey);
  guint64 dark = 0;
  for (l_int32 y = 0; y < h; y++) {
    l_uint32 *line = data + (gsize) y * (gsize) wpl;
    for (l_int32 x = 0; x < w; x++)
      if (GET_DATA_BYTE (line, x) < 128)
        dark++;
  }
  pixDestroy (&grey);
  return w && h ? (double) dark / ((double) w * (double) h) : 0.0;
}

/* A scanned blank page (specks, a punched hole's shadow) is under this. */
#define BLANK_INK 0.0005

/* The second chance for identifiers: letters OCR confuses with digits
 * (O o Q D -> 0, I l | -> 1, Z -> 2, S -> 5, G b -> 6, B -> 8, g -> 9)
 * become those digits in a token made only of digits and such letters
 * that is mostly digits or stands beside a token of digits ("999 OOO
 * 0018"), and after the first character of a token that is mostly digits
 * (a UPN's or NI number's prefix letter stays). The original text is
 * kept as well, so a wrong guess costs nothing. NULL when nothing
 * changes. */
static const char confusable[] = "OoQDIl|ZSGbBg";
static const char confused_with[] = "0000111256689";

typedef struct {
  gsize start, len, digits;
  gboolean only; /* digits and confusable letters only */
} Token;

static gboolean
separator (char c)
{
  return g_ascii_isspace (c) || c == ',' || c == ':' || c == ';' || c == '('
         || c == ')' || c == '-' || c == '/' || c == '.';
}

static char *
digit_confusions (const char *text, gsize len)
{
  g_autoptr (GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  for (gsize i = 0; i < len;) {
    if (separator (text[i])) {
      i++;
      continue;
    }
    Token t = { .start = i, .only = TRUE };
    for (; i < len && !separator (text[i]); i++) {
      if (g_ascii_isdigit (text[i]))
        t.digits++;
      else if (!memchr (confusable, text[i], sizeof confusable - 1))
        t.only = FALSE;
    }
    t.len = i - t.start;
    g_array_append_val (tokens, t);
  }
  char *out = NULL;
  for (guint k = 0; k < tokens->len; k++) {
    const Token *t = &g_array_index (tokens, Token, k);
    if (t->digits == t->len)
      continue;
    const Token *prev = k ? t - 1 : NULL;
    const Token *next = k + 1 < tokens->len ? t + 1 : NULL;
    gboolean beside = (prev && prev->digits == prev->len)
                      || (next && next->digits == next->len);
    gsize from;
    if (t->only && (t->digits * 2 >= t->len || beside))
      from = 0;
    else if (t->len >= 2 && t->digits * 2 >= t->len)
      from = 1;
    else
      continue;
    for (gsize c = t->start + from; c < t->start + t->len; c++) {
      const char *hit = memchr (confusable, text[c], sizeof confusable - 1);
      if (!hit)
        continue;
      if (!out)
        out = g_memdup2 (text, len + 1);
      out[c] = confused_with[hit - confusable];
    }
  }
  return out;
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

gboolean
pmark_ocr_add_page (PmarkDocument *doc, const PmarkBudget *budget,
                    struct Pix *pix, int ppi, const char *where,
                    gboolean required, GError **error)
{
  PmarkReadContext *ctx = doc->read;
  const PmarkOcrOptions *o = pmark_read_ocr (doc);
  guint64 pixels = (guint64) pixGetWidth (pix) * (guint64) pixGetHeight (pix);
  if (pixels > PMARK_OCR_MAX_PIXELS) {
    if (required)
      pmark_ocr_add_unread (doc, where, "image too large to recognise");
    return TRUE;
  }
  if (pmark_ocr_ink (pix) < BLANK_INK)
    return TRUE; /* blank */
  if (!o || o->mode == PMARK_OCR_OFF) {
    if (required)
      pmark_ocr_add_unread (doc, where,
                            "image only, no text layer (OCR is off)");
    return TRUE;
  }
  if (ctx->top->ocr_pages >= o->max_pages) {
    if (!required)
      return TRUE;
    g_autofree char *why = g_strdup_printf ("not recognised: over the OCR "
                                            "max-pages budget (%u)",
                                            o->max_pages);
    pmark_ocr_add_unread (doc, where, why);
    return TRUE;
  }
  ctx->top->ocr_pages++;

  GError *local = NULL;
  TessBaseAPI *api = engine_get (o->languages ? o->languages : "eng", &local);
  if (!api) {
    if (required)
      pmark_ocr_add_unread (doc, where, local->message);
    g_error_free (local);
    return TRUE;
  }

  /* Grey, deskewed (a no-op when the skew is under a tenth of a degree) */
  PIX *grey = pixConvertTo8 (pix, FALSE);
  PIX *straight = grey ? pixDeskew (grey, 0) : NULL;
  PIX *use = straight ? straight : grey ? grey : pix;
  TessBaseAPISetImage2 (api, use);
  if (ppi >= 70 && ppi <= 2400)
    TessBaseAPISetSourceResolution (api, ppi);

  /* The page's time: its own budget, and never past the document's */
  gint64 ms = (gint64) o->page_seconds * 1000;
  if (ctx->deadline) {
    gint64 left = (ctx->deadline - g_get_monotonic_time ()) / 1000;
    ms = MIN (ms, MAX (left, 1));
  }
  ETEXT_DESC *monitor = TessMonitorCreate ();
  TessMonitorSetDeadlineMSecs (monitor, (int) MIN (ms, G_MAXINT));
  gint64 start = g_get_monotonic_time ();
  int rc = TessBaseAPIRecognize (api, monitor);
  gint64 took = (g_get_monotonic_time () - start) / 1000;
  TessMonitorDelete (monitor);

  GString *text = g_string_new (NULL);
  GArray *conf = g_array_new (FALSE, FALSE, sizeof (float));
  int mean = 0;
  if (rc == 0 && took < ms) {
    collect_lines (api, text, conf);
    mean = TessBaseAPIMeanTextConf (api);
  }
  TessBaseAPIClear (api);
  pixDestroy (&straight);
  pixDestroy (&grey);

  gboolean ok = TRUE;
  g_autofree char *why = NULL;
  gsize letters = 0;
  for (gsize i = 0; i < text->len; i++)
    letters += g_ascii_isalnum (text->str[i]) ? 1 : 0;
  if (rc != 0 || took >= ms)
    why = g_strdup_printf ("OCR stopped: over the page-seconds budget (%u s)",
                           o->page_seconds);
  else if (letters < 3)
    why = g_strdup ("image with content but no text OCR could read");
  else if (mean < (int) o->min_confidence)
    why = g_strdup_printf ("OCR read it poorly (confidence %d%%, the policy "
                           "asks %u%%)", mean, o->min_confidence);
  if (!why && !pmark_document_check_budget (doc, error))
    ok = FALSE;
  /* Poorly read text still counts for what it shows: a misread page can
   * only raise the level (through what was read) and is reviewed. */
  if (ok && text->len) {
    g_autofree char *part_where = g_strdup_printf ("%s (OCR)", where);
    g_autofree char *corrected = o->no_correction
                                   ? NULL
                                   : digit_confusions (text->str, text->len);
    gsize len = text->len;
    GArray *conf2 = corrected ? g_array_copy (conf) : NULL;
    ok = pmark_document_add_text (doc, budget, part_where,
                                  g_string_free (text, FALSE), len, TRUE,
                                  error);
    text = NULL;
    if (ok) {
      PmarkTextPart *p = g_ptr_array_index (doc->parts, doc->parts->len - 1);
      p->confidence = g_steal_pointer (&conf);
    }
    if (ok && corrected) {
      g_autofree char *cw = g_strdup_printf ("%s (OCR-corrected)", where);
      ok = pmark_document_add_text (doc, budget, cw, g_steal_pointer (&corrected),
                                    len, TRUE, error);
      if (ok) {
        PmarkTextPart *p = g_ptr_array_index (doc->parts, doc->parts->len - 1);
        p->confidence = g_steal_pointer (&conf2);
      }
    }
    if (conf2)
      g_array_unref (conf2);
  }
  if (text)
    g_string_free (text, TRUE);
  if (conf)
    g_array_unref (conf);
  if (why && required)
    pmark_ocr_add_unread (doc, where, why);
  return ok;
}

gboolean
pmark_ocr_add_grey (PmarkDocument *doc, const PmarkBudget *budget,
                    const guint8 *grey, int width, int height, int stride,
                    int ppi, const char *where, gboolean required,
                    GError **error)
{
  PIX *pix = pixCreate (width, height, 8);
  if (!pix) {
    pmark_ocr_add_unread (doc, where, "image too large to recognise");
    return TRUE;
  }
  l_uint32 *data = pixGetData (pix);
  l_int32 wpl = pixGetWpl (pix);
  for (int y = 0; y < height; y++) {
    l_uint32 *line = data + (gsize) y * (gsize) wpl;
    const guint8 *src = grey + (gsize) y * (gsize) stride;
    for (int x = 0; x < width; x++)
      SET_DATA_BYTE (line, x, src[x]);
  }
  pixSetResolution (pix, ppi, ppi);
  gboolean ok = pmark_ocr_add_page (doc, budget, pix, ppi, where, required,
                                    error);
  pixDestroy (&pix);
  return ok;
}
