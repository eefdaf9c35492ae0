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

static char *
finish (GString *out, gsize *out_len)
{
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

static char *
decode_utf16 (const guint8 *p, gsize len, gboolean big_endian,
              const PmarkBudget *budget, gsize *out_len, GError **error)
{
  GString *out = g_string_sized_new (len + 1);
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
    g_string_append_unichar (out, clean (u));
  }
  if (!check_budget (out, budget, error)) {
    g_string_free (out, TRUE);
    return NULL;
  }
  return finish (out, out_len);
}

static char *
decode_utf8 (const guint8 *p, gsize len, const PmarkBudget *budget,
             gsize *out_len, GError **error)
{
  GString *out = g_string_sized_new (len + 1);
  g_string_append_len (out, (const char *) p, (gssize) len);
  for (gsize i = 0; i < out->len; i++)
    if ((guchar) out->str[i] < 0x20)
      out->str[i] = (char) clean ((guchar) out->str[i]);
  if (!check_budget (out, budget, error)) {
    g_string_free (out, TRUE);
    return NULL;
  }
  return finish (out, out_len);
}

static char *
decode_cp1252 (const guint8 *p, gsize len, const PmarkBudget *budget,
               gsize *out_len, GError **error)
{
  GString *out = g_string_sized_new (len + len / 8 + 1);
  for (gsize i = 0; i < len; i++) {
    guint8 b = p[i];
    if (b < 0x80) {
      g_string_append_c (out, (char) clean (b));
    } else if (b < 0xA0) {
      gunichar u = cp1252_high[b - 0x80];
      g_string_append_unichar (out, u ? u : 0xFFFD);
    } else {
      g_string_append_unichar (out, b);
    }
  }
  if (!check_budget (out, budget, error)) {
    g_string_free (out, TRUE);
    return NULL;
  }
  return finish (out, out_len);
}

char *
pmark_text_decode (const guint8 *data, gsize len, const PmarkBudget *budget,
                   gsize *out_len, GError **error)
{
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
    data += 3, len -= 3;
    if (g_utf8_validate_len ((const char *) data, len, NULL))
      return decode_utf8 (data, len, budget, out_len, error);
    return decode_cp1252 (data, len, budget, out_len, error);
  }
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    return decode_utf16 (data + 2, len - 2, FALSE, budget, out_len, error);
  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    return decode_utf16 (data + 2, len - 2, TRUE, budget, out_len, error);

  /* g_utf8_validate_len() refuses embedded NULs; treat them as controls. */
  const guint8 *nul = memchr (data, 0, len);
  if (!nul) {
    if (g_utf8_validate_len ((const char *) data, len, NULL))
      return decode_utf8 (data, len, budget, out_len, error);
  } else {
    g_autofree guint8 *copy = g_memdup2 (data, len);
    for (gsize i = 0; i < len; i++)
      if (!copy[i])
        copy[i] = ' ';
    if (g_utf8_validate_len ((const char *) copy, len, NULL))
      return decode_utf8 (copy, len, budget, out_len, error);
  }
  return decode_cp1252 (data, len, budget, out_len, error);
}
