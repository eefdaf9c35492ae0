/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* age's ASCII armor (C2SP age, "ASCII armor"): a PEM-like block of strict,
 * padded base64 in lines of 64 columns, the last one shorter or full, LF or
 * CRLF line ends, whitespace tolerated only around the whole block. */
#include "config.h"

#include <string.h>

#include <pmark/error.h>
#include <sodium.h>

#include "armor.h"

static gboolean
armor_error (GError **error, const char *what)
{
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_ARMOR, "invalid armor: %s", what);
  return FALSE;
}

static gboolean
is_space (guint8 c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* leading whitespace: how much, or -1 when there is too much */
static gssize
leading_space (AgeRaw *raw, GError **error)
{
  if (!age_raw_fill (raw, AGE_ARMOR_MAX_WHITESPACE + sizeof AGE_ARMOR_BEGIN, error))
    return -2;
  gsize i = 0;
  while (raw->pos + i < raw->len && is_space (raw->buf[raw->pos + i]))
    i++;
  return i > AGE_ARMOR_MAX_WHITESPACE ? -1 : (gssize) i;
}

gboolean
age_armor_detect (AgeRaw *raw, GError **error)
{
  gssize ws = leading_space (raw, error);
  if (ws == -2)
    return FALSE;
  if (ws < 0)
    return FALSE;
  /* a binary age file starts with its version line; text with a dashed
   * line near its start means armor, and the armor's rules judge it */
  const guint8 *p = raw->buf + raw->pos + ws;
  gsize avail = raw->len - raw->pos - ws;
  if (avail >= 19 && !memcmp (p, "age-encryption.org/", 19))
    return FALSE;
  return memmem (p, avail, "-----", 5) != NULL;
}

/* a line without its LF or CRLF; FALSE at the end of input */
static char *
next_line (AgeRaw *raw, GError **error, gboolean *ok)
{
  *ok = TRUE;
  /* a line is 64 columns and CRLF; anything much longer is wrong anyway */
  GError *e = NULL;
  GString *l = age_raw_line (raw, 4 * AGE_ARMOR_COLUMNS, &e);
  if (e) {
    *ok = FALSE;
    if (e->code == PMARK_ERROR_IO)
      g_propagate_error (error, e);
    else {
      armor_error (error, "a line far longer than 64 columns");
      g_error_free (e);
    }
    return NULL;
  }
  if (!l)
    return NULL;
  if (l->len && l->str[l->len - 1] == '\n') {
    g_string_truncate (l, l->len - 1);
    if (l->len && l->str[l->len - 1] == '\r')
      g_string_truncate (l, l->len - 1);
  }
  return g_string_free (l, FALSE);
}

gboolean
age_armor_begin (AgeRaw *raw, GError **error)
{
  gssize ws = leading_space (raw, error);
  if (ws == -2)
    return FALSE;
  if (ws < 0)
    return armor_error (error, "too much leading whitespace");
  raw->pos += ws;
  gboolean ok;
  g_autofree char *line = next_line (raw, error, &ok);
  if (!ok)
    return FALSE;
  if (!line || strcmp (line, AGE_ARMOR_BEGIN))
    return armor_error (error, "the first line is not " AGE_ARMOR_BEGIN);
  return TRUE;
}

static gboolean
trailing (AgeRaw *raw, GError **error)
{
  if (!age_raw_fill (raw, AGE_ARMOR_MAX_WHITESPACE + 1, error))
    return FALSE;
  gsize n = raw->len - raw->pos;
  for (gsize i = 0; i < n; i++)
    if (!is_space (raw->buf[raw->pos + i]))
      return armor_error (error, "data after the end line");
  if (n > AGE_ARMOR_MAX_WHITESPACE)
    return armor_error (error, "too much whitespace after the end line");
  raw->pos = raw->len;
  return TRUE;
}

static gboolean
decode_line (const char *line, gsize len, guint8 *out, gsize *n)
{
  const char *end = NULL;
  size_t got = 0;
  /* strict: padding required where due, no characters outside the
   * alphabet, no non-zero trailing bits */
  if (len % 4
      || sodium_base642bin (out, AGE_ARMOR_LINE_BYTES, line, len, NULL, &got, &end,
                            sodium_base64_VARIANT_ORIGINAL) != 0
      || end != line + len)
    return FALSE;
  *n = got;
  return TRUE;
}

gboolean
age_armor_next (AgeRaw *raw, guint8 out[AGE_ARMOR_LINE_BYTES], gsize *n,
                gboolean *done, GError **error)
{
  gboolean ok;
  *n = 0;
  *done = FALSE;
  g_autofree char *line = next_line (raw, error, &ok);
  if (!ok)
    return FALSE;
  if (!line)
    return armor_error (error, "no end line");
  if (!strcmp (line, AGE_ARMOR_END)) {
    *done = TRUE;
    return trailing (raw, error);
  }
  gsize len = strlen (line);
  if (!len)
    return armor_error (error, "an empty line");
  if (len > AGE_ARMOR_COLUMNS)
    return armor_error (error, "a line longer than 64 columns");
  if (!decode_line (line, len, out, n))
    return armor_error (error, "not canonical base64");
  if (len < AGE_ARMOR_COLUMNS) {
    /* a short line is the last: the end line must follow */
    g_autofree char *end = next_line (raw, error, &ok);
    if (!ok)
      return FALSE;
    if (!end || strcmp (end, AGE_ARMOR_END))
      return armor_error (error, "a short line that is not the last");
    *done = TRUE;
    return trailing (raw, error);
  }
  return TRUE;
}

void
age_armor_encode_line (GString *out, const guint8 *data, gsize n)
{
  char line[AGE_ARMOR_COLUMNS + 1];
  g_assert (n <= AGE_ARMOR_LINE_BYTES);
  sodium_bin2base64 (line, sizeof line, data, n, sodium_base64_VARIANT_ORIGINAL);
  g_string_append (out, line);
  g_string_append_c (out, '\n');
}
