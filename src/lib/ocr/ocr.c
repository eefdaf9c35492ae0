/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCR for readers (ocr.h): loading the engine module (engine.h) when
 * first needed, and what a page's recognition means for the document:
 * budgets (pages, time), parts with per-line confidence, the digit
 * corrections, and what was not read and why. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "core/module.h"
#include "engine.h"
#include "ocr.h"

/* ---- the engine module -------------------------------------------------- */

static const PmarkOcrEngine *engine_loaded; /* once loaded, never unloaded */

/* The engine, or NULL with why in *missing (to free). */
static const PmarkOcrEngine *
engine_get (char **missing)
{
  const PmarkOcrEngine *engine = g_atomic_pointer_get (&engine_loaded);
  if (engine) {
    *missing = NULL;
    return engine;
  }
  g_autoptr (GError) e = NULL;
  engine = PMARK_MODULE_GET ("ocr", pmark_ocr_engine, &e);
  if (engine)
    g_atomic_pointer_set (&engine_loaded, engine);
  *missing = engine ? NULL : g_strdup_printf ("no OCR engine: %s", e->message);
  return engine;
}

void
pmark_ocr_release_thread (void)
{
  const PmarkOcrEngine *e = g_atomic_pointer_get (&engine_loaded);
  if (e)
    e->release_thread ();
}

void
pmark_ocr_add_unread (PmarkDocument *doc, const char *where, const char *what)
{
  g_ptr_array_add (doc->unread, g_strdup_printf ("%s: %s", where, what));
}

/* ---- pages -------------------------------------------------------------- */

/* A scanned blank page (specks, a punched hole's shadow) is under this. */
#define BLANK_INK 0.0005
/* Ink differs from the paper by at least this much (0-255): a scanner's
 * noise on blank paper stays well inside it, pale grey text does not */
#define BLANK_CONTRAST 48

/* Whether a page of these greys is blank. Ink is what clearly differs
 * from the page's own paper, not what is darker than a fixed grey: a scan
 * made pale (text mid-grey on white) has no black at all, and was taken
 * for a blank page and called clean; a dark picture (white on black) has
 * its paper dark and its content light. */
static gboolean
blank (const guint64 hist[256])
{
  guint64 pixels = 0;
  for (int v = 0; v < 256; v++)
    pixels += hist[v];
  if (!pixels)
    return TRUE;
  /* the paper: the grey half the page is at least as bright as */
  int paper = 255;
  for (guint64 seen = hist[255]; paper > 0 && seen < (pixels + 1) / 2;)
    seen += hist[--paper];
  guint64 ink = 0;
  for (int v = 0; v < 256; v++)
    if (ABS (v - paper) >= BLANK_CONTRAST)
      ink += hist[v];
  return (double) ink < BLANK_INK * (double) pixels;
}

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

/* Under this share of what looks like characters on it in the lines
 * read (engine.h, recognise), a page was read in part: a shadow or dark
 * area OCR could not see through, text too faint to find */
#define MIN_COVERED 0.8

/* One recognition of an image */
typedef struct {
  GString *text;
  GArray *conf;    /* float, a line's confidence */
  int mean;
  double covered;  /* ink in the lines read, 0-1; -1 unknown */
  gsize letters;
} Reading;

static void
reading_clear (Reading *r)
{
  if (r->text)
    g_string_free (r->text, TRUE);
  if (r->conf)
    g_array_unref (r->conf);
  memset (r, 0, sizeof *r);
}

static PmarkOcrStatus
read_pix (const PmarkOcrEngine *engine, struct Pix *pix, int ppi, const char *languages,
          gint64 ms, Reading *r, char **no_engine)
{
  g_autofree char *missing = NULL;
  r->text = g_string_new (NULL);
  r->conf = g_array_new (FALSE, FALSE, sizeof (float));
  PmarkOcrStatus st = engine->recognise (pix, ppi, languages, ms, r->text, r->conf, &r->mean,
                                         &r->covered, &missing);
  for (gsize i = 0; i < r->text->len; i++)
    r->letters += g_ascii_isalnum (r->text->str[i]) ? 1 : 0;
  if (no_engine)
    *no_engine = g_steal_pointer (&missing);
  return st;
}

static gboolean
reading_poor (const Reading *r, const PmarkOcrOptions *o)
{
  return r->letters < 3 || r->mean < (int) o->min_confidence
         || (r->covered >= 0 && r->covered < MIN_COVERED);
}

/* The mean and the lowest confidence of the lines that read as words (a
 * word of three letters or more, letters half the line); FALSE when none
 * does. What OCR makes of a drawing around the words ("SNe", "—™==—"
 * from a logo's swirl) or of a form's blanks ("______") is no text it
 * failed to read. */
static gboolean
wordy_lines (const GString *text, const GArray *conf, int *mean, float *lowest)
{
  double sum = 0;
  *lowest = 100;
  guint n = 0, line = 0;
  for (const char *p = text->str; *p && line < conf->len; line++) {
    const char *end = strchr (p, '\n');
    if (!end)
      end = p + strlen (p);
    guint letters = 0, chars = 0, run = 0;
    gboolean word = FALSE;
    for (const char *c = p; c < end; c++) {
      if (*c == ' ')
        continue;
      chars++;
      run = g_ascii_isalpha (*c) ? run + 1 : 0;
      letters += g_ascii_isalpha (*c) ? 1 : 0;
      word = word || run >= 3;
    }
    if (word && 2 * letters >= chars) {
      float c = g_array_index (conf, float, line);
      sum += c;
      *lowest = MIN (*lowest, c);
      n++;
    }
    p = *end ? end + 1 : end;
  }
  *mean = n ? (int) (sum / n) : -1;
  return n > 0;
}

/* What a failure to read an image means */
typedef enum {
  NEED_NONE,    /* read otherwise too (a PDF page's text layer): nothing */
  NEED_PAGE,    /* a page: unread, even when no text is found on it */
  NEED_PICTURE, /* a picture in a document: unread, but one with no text
                 * at all is a photograph or a drawing */
} Need;

/* An image with content (not blank: its caller knows): recognised, or
 * unread with why. */
static gboolean
add_pix (PmarkDocument *doc, const PmarkBudget *budget, const PmarkOcrEngine *engine,
         struct Pix *pix, int ppi, const char *where, Need need, GError **error)
{
  gboolean required = need != NEED_NONE;
  PmarkReadContext *ctx = doc->read;
  const PmarkOcrOptions *o = pmark_read_ocr (doc);
  if (engine->pix_pixels (pix) > PMARK_OCR_MAX_PIXELS) {
    if (required)
      pmark_ocr_add_unread (doc, where, "image too large to recognise");
    return TRUE;
  }
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

  /* The page's time: its own budget, and never past the document's */
  gint64 ms = (gint64) o->page_seconds * 1000;
  if (ctx->deadline) {
    gint64 left = (ctx->deadline - g_get_monotonic_time ()) / 1000;
    ms = MIN (ms, MAX (left, 1));
  }
  const char *langs = o->languages ? o->languages : "eng";
  g_autofree char *no_engine = NULL;
  gint64 started = g_get_monotonic_time ();
  Reading first = { 0 }, second = { 0 };
  PmarkOcrStatus st = read_pix (engine, pix, ppi, langs, ms, &first, &no_engine);
  if (st == PMARK_OCR_NO_ENGINE) {
    if (required)
      pmark_ocr_add_unread (doc, where, no_engine);
    reading_clear (&first);
    return TRUE;
  }
  /* Read poorly, in part or not at all: once more from the image
   * normalised (its background flattened, binarised by local contrast),
   * which a dim, shadowed or low-contrast scan reads better; a good
   * reading wins, else the one with more text (it counts for what it
   * shows, and the page stays unread) */
  gboolean normalised = FALSE;
  /* (a picture in which OCR found nothing is a photograph: normalised,
   * its texture reads as letters) */
  gboolean retry = need != NEED_PICTURE || first.letters >= 3;
  if (st == PMARK_OCR_RECOGNISED && retry && reading_poor (&first, o)) {
    g_debug ("%s: first reading poor: mean %d, %" G_GSIZE_FORMAT " letters, %.0f%% of the "
             "characters in lines read", where, first.mean, first.letters, first.covered * 100);
    struct Pix *norm = engine->normalise (pix);
    gint64 spent = (g_get_monotonic_time () - started) / 1000;
    if (norm && spent < ms
        && read_pix (engine, norm, ppi, langs, ms - spent, &second, NULL) == PMARK_OCR_RECOGNISED
        && second.letters >= 3
        && (!reading_poor (&second, o) || second.letters > first.letters)) {
      Reading t = first;
      first = second;
      second = t;
      normalised = TRUE;
    }
    if (norm)
      engine->pix_free (norm);
    reading_clear (&second);
  }
  GString *text = first.text;
  GArray *conf = first.conf;
  int mean = first.mean;
  g_debug ("%s: OCR mean %d, %" G_GSIZE_FORMAT " letters, %.0f%% of the characters in lines "
           "read%s",
           where, mean, first.letters, first.covered * 100, normalised ? " (normalised)" : "");

  gboolean ok = TRUE;
  g_autofree char *why = NULL;
  gsize letters = 0, words = 0, run = 0;
  for (gsize i = 0; i <= text->len; i++) {
    gboolean alnum = i < text->len && g_ascii_isalnum (text->str[i]);
    letters += alnum ? 1 : 0;
    run = alnum ? run + 1 : 0;
    words += run == 3 ? 1 : 0;
  }
  int words_mean;
  float words_lowest;
  gboolean wordy = wordy_lines (text, conf, &words_mean, &words_lowest);
  if (st == PMARK_OCR_OVER_TIME)
    why = g_strdup_printf ("OCR stopped: over the page-seconds budget (%u s)",
                           o->page_seconds);
  else if (words < 2 && need == NEED_PICTURE)
    ; /* a photograph or a drawing (specks read as "€ pa ¢"): no text */
  else if (letters < 3)
    why = g_strdup ("image with content but no text OCR could read");
  else if (need == NEED_PICTURE && wordy && words_mean >= (int) o->min_confidence
           && mean < (int) o->min_confidence)
    ; /* its words read well; the rest is the drawing around them */
  else if (mean < (int) o->min_confidence)
    why = g_strdup_printf ("OCR read it poorly (confidence %d%%, the policy "
                           "asks %u%%)", mean, o->min_confidence);
  else if (first.covered >= 0 && first.covered < MIN_COVERED)
    why = g_strdup_printf ("OCR read only part of it (%.0f%% of what is on it lies in the "
                           "lines it read: a shadow, a dark or faded part?)",
                           first.covered * 100);
  else if (normalised && wordy && words_lowest < (float) o->min_confidence)
    /* a page read poorly or in part, then read again normalised: a line
     * of words it still could not make out may be the one that mattered
     * (a name read as "mld, Riley Sample") */
    why = g_strdup_printf ("OCR read it only in part (after normalising it, a line at "
                           "%.0f%% confidence)", words_lowest);
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
  /* blank or not, told here: a blank page needs no engine */
  guint64 hist[256] = { 0 };
  for (int y = 0; y < height; y++) {
    const guint8 *row = grey + (gsize) y * (gsize) stride;
    for (int x = 0; x < width; x++)
      hist[row[x]]++;
  }
  if (width <= 0 || height <= 0 || blank (hist))
    return TRUE;
  const PmarkOcrOptions *o = pmark_read_ocr (doc);
  if (!o || o->mode == PMARK_OCR_OFF) {
    if (required)
      pmark_ocr_add_unread (doc, where, "image only, no text layer (OCR is off)");
    return TRUE;
  }
  g_autofree char *missing = NULL;
  const PmarkOcrEngine *engine = engine_get (&missing);
  if (!engine) {
    if (required)
      pmark_ocr_add_unread (doc, where, missing);
    return TRUE;
  }
  struct Pix *pix = engine->from_grey (grey, width, height, stride, ppi);
  if (!pix) {
    if (required)
      pmark_ocr_add_unread (doc, where, "image too large to recognise");
    return TRUE;
  }
  gboolean ok = add_pix (doc, budget, engine, pix, ppi, where,
                         required ? NEED_PAGE : NEED_NONE, error);
  engine->pix_free (pix);
  return ok;
}

/* ---- pictures inside documents ------------------------------------------ */

/* Under `embedded = always`, a picture this small still holds a word. */
#define PICTURE_MIN_PIXELS_ALWAYS 4000

guint64
pmark_ocr_picture_min_pixels (const PmarkDocument *doc)
{
  const PmarkOcrOptions *o = pmark_read_ocr (doc);
  if (!o)
    return 0;
  return o->embedded == PMARK_OCR_ALWAYS ? PICTURE_MIN_PIXELS_ALWAYS : o->embedded_min_pixels;
}

/* The engine for a picture with these bytes, or NULL when there is
 * nothing to do: the picture was met before in the document's tree (it
 * is read once: a logo on every slide, a photo pasted twice), or there is
 * no engine (the picture is then unread, with why). */
static const PmarkOcrEngine *
picture_engine (PmarkDocument *doc, const guint8 *data, gsize len, const char *where)
{
  PmarkReadContext *top = doc->read->top;
  if (!top->pictures)
    top->pictures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char *digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  if (g_hash_table_contains (top->pictures, digest)) {
    g_free (digest);
    return NULL;
  }
  g_hash_table_add (top->pictures, digest);
  g_autofree char *missing = NULL;
  const PmarkOcrEngine *engine = engine_get (&missing);
  if (!engine)
    pmark_ocr_add_unread (doc, where, missing);
  return engine;
}

const char *
pmark_ocr_pictures_off (const PmarkDocument *doc)
{
  const PmarkOcrOptions *o = pmark_read_ocr (doc);
  if (!o)
    return NULL;
  if (o->mode == PMARK_OCR_OFF)
    return "picture not recognised (OCR is off)";
  if (o->embedded == PMARK_OCR_OFF)
    return "picture not recognised (the policy's [ocr] embedded is off)";
  return NULL;
}

static gboolean
picture_pix (PmarkDocument *doc, const PmarkBudget *budget, const PmarkOcrEngine *engine,
             struct Pix *pix, int ppi, const char *where, GError **error)
{
  guint64 hist[256];
  if (engine->histogram (pix, hist) && blank (hist))
    return TRUE;
  const char *off = pmark_ocr_pictures_off (doc);
  if (off) {
    pmark_ocr_add_unread (doc, where, off);
    return TRUE;
  }
  return add_pix (doc, budget, engine, pix, ppi, where, NEED_PICTURE, error);
}

/* A PNG's, GIF's or JPEG's size from its header, without the engine (a
 * document whose only pictures are logos loads no Tesseract); FALSE when
 * it cannot be told so. */
static gboolean
picture_size (const guint8 *d, gsize n, guint64 *w, guint64 *h)
{
  if (n >= 24 && !memcmp (d, "\x89PNG\r\n\x1a\n", 8) && !memcmp (d + 12, "IHDR", 4)) {
    *w = (guint64) d[16] << 24 | (guint64) d[17] << 16 | (guint64) d[18] << 8 | d[19];
    *h = (guint64) d[20] << 24 | (guint64) d[21] << 16 | (guint64) d[22] << 8 | d[23];
    return TRUE;
  }
  if (n >= 10 && (!memcmp (d, "GIF87a", 6) || !memcmp (d, "GIF89a", 6))) {
    *w = (guint64) d[6] | (guint64) d[7] << 8;
    *h = (guint64) d[8] | (guint64) d[9] << 8;
    return TRUE;
  }
  if (n >= 4 && d[0] == 0xFF && d[1] == 0xD8) {
    /* the first start-of-frame marker (C0-CF but C4, C8, CC) */
    for (gsize i = 2; i + 9 < n;) {
      if (d[i] != 0xFF) {
        i++;
        continue;
      }
      guint8 m = d[i + 1];
      if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
        *h = (guint64) d[i + 5] << 8 | d[i + 6];
        *w = (guint64) d[i + 7] << 8 | d[i + 8];
        return TRUE;
      }
      if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) || m == 0xFF) {
        i += m == 0xFF ? 1 : 2;
        continue;
      }
      i += 2 + ((gsize) d[i + 2] << 8 | d[i + 3]);
    }
  }
  return FALSE;
}

gboolean
pmark_ocr_read_picture (PmarkDocument *doc, const PmarkBudget *budget, GBytes *data,
                        const char *where, GError **error)
{
  if (!doc->read)
    return TRUE;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  /* too small to hold text, told from its header alone */
  guint64 pw, ph;
  if (picture_size (bytes, len, &pw, &ph) && pw * ph < pmark_ocr_picture_min_pixels (doc))
    return TRUE;
  const PmarkOcrEngine *engine = len ? picture_engine (doc, bytes, len, where) : NULL;
  if (!engine)
    return TRUE;
  int w = 0, h = 0;
  gboolean paged = FALSE;
  if (!engine->image_info (bytes, len, &w, &h, &paged)) {
    pmark_ocr_add_unread (doc, where, "picture that does not decode (damaged, or of a kind "
                                      "Leptonica does not read)");
    return TRUE;
  }
  if ((guint64) w * (guint64) h < pmark_ocr_picture_min_pixels (doc))
    return TRUE;
  for (int n = 0; n < 10000; n++) {
    if (!pmark_document_check_budget (doc, error))
      return FALSE;
    int ppi = 0;
    gboolean damaged = FALSE;
    struct Pix *pix = engine->image_page (bytes, len, paged, n, &ppi, &damaged);
    g_autofree char *w_page = paged ? g_strdup_printf ("%s, page %d", where, n + 1)
                                    : g_strdup (where);
    if (!pix) {
      if (n == 0)
        pmark_ocr_add_unread (doc, where, "picture that does not decode (its data is damaged)");
      break;
    }
    gboolean ok = picture_pix (doc, budget, engine, pix, ppi, w_page, error);
    engine->pix_free (pix);
    if (!ok)
      return FALSE;
    if (damaged)
      pmark_ocr_add_unread (doc, w_page, "picture damaged: its data does not decode whole, "
                                         "so part of it was not seen");
    if (!paged)
      break;
  }
  return TRUE;
}

gboolean
pmark_ocr_add_picture_grey (PmarkDocument *doc, const PmarkBudget *budget,
                            const guint8 *grey, int width, int height, int stride, int ppi,
                            const char *where, GError **error)
{
  if (!doc->read || width <= 0 || height <= 0)
    return TRUE;
  const PmarkOcrEngine *engine = picture_engine (doc, grey, (gsize) stride * (gsize) height,
                                                 where);
  if (!engine)
    return TRUE;
  struct Pix *pix = engine->from_grey (grey, width, height, stride, ppi);
  if (!pix) {
    pmark_ocr_add_unread (doc, where, "picture too large to recognise");
    return TRUE;
  }
  gboolean ok = picture_pix (doc, budget, engine, pix, ppi, where, error);
  engine->pix_free (pix);
  return ok;
}

gboolean
pmark_ocr_read_image (PmarkDocument *doc, const PmarkBudget *budget, GBytes *input,
                      GError **error)
{
  g_autofree char *missing = NULL;
  const PmarkOcrEngine *engine = engine_get (&missing);
  if (!engine) {
    /* no decoder without the engine's Leptonica: not read, and said */
    pmark_document_set_not_inspected (doc, missing);
    return TRUE;
  }
  gsize len;
  const guint8 *data = g_bytes_get_data (input, &len);
  int w = 0, h = 0;
  gboolean paged = FALSE;
  if (!engine->image_info (data, len, &w, &h, &paged)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a readable image (its header is damaged, or Leptonica "
                 "has no reader for this kind)");
    return FALSE;
  }
  /* (the first page's size: a TIFF's other pages are judged each by its
   * own, so that a small first page hides none of them) */
  if (!paged && (guint64) w * (guint64) h < PMARK_OCR_MIN_PIXELS)
    return TRUE;
  if (!paged && (guint64) w * (guint64) h > PMARK_OCR_MAX_PIXELS) {
    pmark_document_set_not_inspected (doc, "image too large to recognise");
    return TRUE;
  }
  guint pages = 0;
  for (int n = 0; n <= 10000; n++) {
    if (!pmark_document_check_budget (doc, error))
      return FALSE;
    int ppi = 0;
    gboolean damaged = FALSE;
    struct Pix *pix = engine->image_page (data, len, paged, n, &ppi, &damaged);
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
    g_autofree char *where = paged ? g_strdup_printf ("page %d", n + 1) : g_strdup ("image");
    if (paged && engine->pix_pixels (pix) < PMARK_OCR_MIN_PIXELS) {
      engine->pix_free (pix);
      continue;
    }
    guint64 hist[256];
    gboolean ok = (engine->histogram (pix, hist) && blank (hist))
                  || add_pix (doc, budget, engine, pix, ppi, where, NEED_PAGE, error);
    engine->pix_free (pix);
    if (!ok)
      return FALSE;
    if (damaged)
      pmark_ocr_add_unread (doc, where, "image damaged: its data does not decode whole, so "
                                        "part of it was not seen");
    if (!paged)
      break;
  }
  /* one page, and it was not read: the whole file was not */
  if (pages == 1 && doc->unread->len == 1 && !doc->parts->len) {
    g_autofree char *why = g_ptr_array_steal_index (doc->unread, 0);
    pmark_document_set_not_inspected (doc, why);
  }
  return TRUE;
}
