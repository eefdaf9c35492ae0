/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "textdecode.h"

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes. */
static const guint16 cp1252_high[32] = {
  0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static gunichar
clean (gunichar c)
{
  if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
    return ' ';
  return c;
}

static gboolean
check_budget (GString *out, const PmarkBudget *budget, GError **error)
{
  if (out->len > budget->max_text_bytes) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "text larger than the max-text-bytes budget (%" G_GUINT64_FORMAT
                 " bytes)",
                 budget->max_text_bytes);
    return FALSE;
  }
  return TRUE;
}

static GBytes *
finish (GString *out, const PmarkBudget *budget, GError **error)
{
  if (!check_budget (out, budget, error)) {
    g_string_free (out, TRUE);
    return NULL;
  }
  gsize len = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), len);
}

static void
utf16_append (GString *out, const guint8 *p, gsize len, gboolean big_endian,
              gboolean keep_controls)
{
  gsize i = 0;
  while (i + 1 < len) {
    gunichar u = big_endian ? (gunichar) (p[i] << 8 | p[i + 1])
                            : (gunichar) (p[i + 1] << 8 | p[i]);
    i += 2;
    if (u >= 0xD800 && u < 0xDC00 && i + 1 < len) {
      gunichar lo = big_endian ? (gunichar) (p[i] << 8 | p[i + 1])
                               : (gunichar) (p[i + 1] << 8 | p[i]);
      if (lo >= 0xDC00 && lo < 0xE000) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      } else {
        u = 0xFFFD;
      }
    } else if (u >= 0xD800 && u < 0xE000) {
      u = 0xFFFD;
    }
    pmark_string_append_char (out, keep_controls || u >= 0x80 ? u : clean (u));
  }
}

static GBytes *
decode_utf16 (const guint8 *p, gsize len, gboolean big_endian,
              const PmarkBudget *budget, GError **error)
{
  GString *out = g_string_sized_new (len + 1);
  utf16_append (out, p, len, big_endian, FALSE);
  return finish (out, budget, error);
}

void
pmark_utf16le_append (GString *out, const guint8 *p, gsize n)
{
  utf16_append (out, p, n * 2, FALSE, TRUE);
}

gunichar
pmark_cp1252_char (guint8 b)
{
  if (b < 0x80 || b >= 0xA0)
    return b;
  gunichar u = cp1252_high[b - 0x80];
  return u ? u : 0xFFFD;
}

void
pmark_codepage_append (GString *out, const guint8 *p, gsize n, guint codepage)
{
  gboolean ascii = TRUE;
  for (gsize i = 0; i < n && ascii; i++)
    ascii = p[i] < 0x80;
  if (ascii) {
    g_string_append_len (out, (const char *) p, (gssize) n);
    return;
  }
  if (codepage && codepage != 1252 && codepage != 28591) {
    g_autofree char *cs = codepage == 65001 ? g_strdup ("UTF-8")
                          : codepage == 10000 ? g_strdup ("MACINTOSH")
                          : codepage == 20127 ? g_strdup ("ASCII")
                          : g_strdup_printf ("CP%u", codepage);
    gsize written = 0;
    g_autofree char *u = g_convert_with_fallback ((const char *) p, (gssize) n,
                                                  "UTF-8", cs, "?", NULL,
                                                  &written, NULL);
    if (u) {
      g_string_append_len (out, u, (gssize) written);
      return;
    }
  }
  for (gsize i = 0; i < n; i++) {
    pmark_string_append_char (out, pmark_cp1252_char (p[i]));
  }
}

static GBytes *
decode_cp1252 (const guint8 *p, gsize len, const PmarkBudget *budget,
               GError **error)
{
  GString *out = g_string_sized_new (len + len / 8 + 1);
  for (gsize i = 0; i < len; i++) {
    guint8 b = p[i];
    if (b < 0x80)
      g_string_append_c (out, (char) clean (b));
    else
      pmark_string_append_char (out, pmark_cp1252_char (b));
    if (G_UNLIKELY ((i & 0xFFFFF) == 0) && !check_budget (out, budget, error)) {
      g_string_free (out, TRUE);
      return NULL;
    }
  }
  return finish (out, budget, error);
}

/* g_utf8_validate_len() stops at a NUL; NULs are fine in pmark's text. */
gboolean
pmark_utf8_valid (const char *data, gsize len)
{
  const char *p = data, *end = p + len;
  while (p < end) {
    const char *stop;
    if (g_utf8_validate_len (p, (gsize) (end - p), &stop))
      return TRUE;
    if (*stop != '\0')
      return FALSE;
    p = stop + 1;
  }
  return TRUE;
}

GBytes *
pmark_text_decode (GBytes *input, const PmarkBudget *budget, GError **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (input, &len);
  gsize skip = 0;

  /* empty: its data may be NULL, which takes no offset (fuzzing found) */
  if (!len)
    return g_bytes_new_static ("", 0);
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    return decode_utf16 (data + 2, len - 2, FALSE, budget, error);
  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    return decode_utf16 (data + 2, len - 2, TRUE, budget, error);
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    skip = 3;
  if (pmark_utf8_valid ((const char *) data + skip, len - skip))
    return g_bytes_new_from_bytes (input, skip, len - skip);
  return decode_cp1252 (data + skip, len - skip, budget, error);
}
