/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Identifier validators: a pattern finds candidates, these decide. Each
 * checks the structure and the check digit where the identifier has one,
 * because a pattern alone matches any number of the right shape. */
#include "config.h"

#include <string.h>

#include <pmark/pmark.h>

/* Copies the letters and digits of `text` into `out`, upper-cased, and
 * fails on anything but ASCII alphanumerics, spaces and hyphens. */
static gboolean
compact (const char *text, gsize len, char *out, gsize max, gsize *out_len)
{
  gsize n = 0;
  for (gsize i = 0; i < len; i++) {
    char c = text[i];
    if (c == ' ' || c == '-' || c == '\t')
      continue;
    if (!g_ascii_isalnum (c) || n + 1 >= max)
      return FALSE;
    out[n++] = g_ascii_toupper (c);
  }
  out[n] = '\0';
  *out_len = n;
  return TRUE;
}

static gboolean
all_digits (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* The NHS/CHI modulus 11 check: weights 10..2 on the first nine digits;
 * check = 11 - (sum mod 11), 11 becomes 0 and 10 is never issued. */
static gboolean
mod11_ok (const char *d)
{
  int sum = 0;
  for (int i = 0; i < 9; i++)
    sum += (d[i] - '0') * (10 - i);
  int check = 11 - (sum % 11);
  if (check == 11)
    check = 0;
  if (check == 10)
    return FALSE;
  return check == d[9] - '0';
}

static gboolean
all_same (const char *d, gsize n)
{
  for (gsize i = 1; i < n; i++)
    if (d[i] != d[0])
      return FALSE;
  return TRUE;
}

gboolean
pmark_validate_nhs_number (const char *text, gsize len, char *canon)
{
  char d[PMARK_CANON_MAX];
  gsize n;
  /* "1111111111" passes mod 11 but is no one's number. */
  if (!compact (text, len, d, sizeof d, &n) || n != 10 || !all_digits (d, n)
      || all_same (d, n) || !mod11_ok (d))
    return FALSE;
  memcpy (canon, d, n + 1);
  return TRUE;
}

static gboolean
leap_year (int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static gboolean
valid_dmy (int day, int month, int year)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (month < 1 || month > 12 || day < 1)
    return FALSE;
  int max = days[month - 1] + (month == 2 && leap_year (year) ? 1 : 0);
  return day <= max;
}

gboolean
pmark_validate_chi_number (const char *text, gsize len, char *canon)
{
  char d[PMARK_CANON_MAX];
  gsize n;
  if (!compact (text, len, d, sizeof d, &n) || n != 10 || !all_digits (d, n))
    return FALSE;
  int day = (d[0] - '0') * 10 + (d[1] - '0');
  int month = (d[2] - '0') * 10 + (d[3] - '0');
  int yy = (d[4] - '0') * 10 + (d[5] - '0');
  /* The century is not in the number: 29 February is valid whenever either
   * century makes it a leap year (yy = 00 is 2000, a leap year). */
  if (!valid_dmy (day, month, 2000 + yy) || !mod11_ok (d))
    return FALSE;
  memcpy (canon, d, n + 1);
  return TRUE;
}

gboolean
pmark_validate_ni_number (const char *text, gsize len, char *canon)
{
  static const char *const never_issued[] = { "BG", "GB", "KN", "NK",
                                              "NT", "TN", "ZZ" };
  char d[PMARK_CANON_MAX];
  gsize n;
  if (!compact (text, len, d, sizeof d, &n) || n != 9)
    return FALSE;
  if (!g_ascii_isalpha (d[0]) || !g_ascii_isalpha (d[1])
      || !all_digits (d + 2, 6) || d[8] < 'A' || d[8] > 'D')
    return FALSE;
  if (strchr ("DFIQUV", d[0]) || strchr ("DFIOQUV", d[1]))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (never_issued); i++)
    if (d[0] == never_issued[i][0] && d[1] == never_issued[i][1])
      return FALSE;
  memcpy (canon, d, n + 1);
  return TRUE;
}

static const char upn_alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789";

static int
upn_index (char c)
{
  const char *p = strchr (upn_alphabet, c);
  return c && p ? (int) (p - upn_alphabet) : -1;
}

gboolean
pmark_validate_upn (const char *text, gsize len, char *canon)
{
  char d[PMARK_CANON_MAX];
  gsize n;
  int sum = 0;
  if (!compact (text, len, d, sizeof d, &n) || n != 13)
    return FALSE;
  /* A check letter, eleven digits, then a digit or (temporary UPNs) a
   * letter. */
  if (!g_ascii_isalpha (d[0]) || !all_digits (d + 1, 11))
    return FALSE;
  for (int k = 2; k <= 13; k++) {
    int idx = upn_index (d[k - 1]);
    if (idx < 0)
      return FALSE;
    sum += k * idx;
  }
  if (upn_alphabet[sum % 23] != d[0])
    return FALSE;
  memcpy (canon, d, n + 1);
  return TRUE;
}

gboolean
pmark_validate_uk_postcode (const char *text, gsize len, char *canon)
{
  char d[PMARK_CANON_MAX];
  gsize n;
  if (!compact (text, len, d, sizeof d, &n) || n < 5 || n > 7)
    return FALSE;
  if (strcmp (d, "GIR0AA") == 0)
    goto ok;
  /* Inward code: a digit and two letters, never C I K M O V. */
  const char *in = d + n - 3;
  if (!g_ascii_isdigit (in[0]) || !g_ascii_isalpha (in[1])
      || !g_ascii_isalpha (in[2]) || strchr ("CIKMOV", in[1])
      || strchr ("CIKMOV", in[2]))
    return FALSE;
  /* Outward code: A9, A99, A9A, AA9, AA99 or AA9A, with the letters each
   * position allows. */
  gsize on = n - 3;
  const char *o = d;
  if (!g_ascii_isalpha (o[0]) || strchr ("QVX", o[0]))
    return FALSE;
  if (g_ascii_isdigit (o[1])) {
    if (on == 2)
      goto ok;
    if (on == 3 && (g_ascii_isdigit (o[2]) || strchr ("ABCDEFGHJKPSTUW", o[2])))
      goto ok;
    return FALSE;
  }
  if (strchr ("IJZ", o[1]) || !g_ascii_isalpha (o[1]) || on < 3
      || !g_ascii_isdigit (o[2]))
    return FALSE;
  if (on == 3)
    goto ok;
  if (on == 4 && (g_ascii_isdigit (o[3]) || strchr ("ABEHMNPRVWXY", o[3])))
    goto ok;
  return FALSE;
ok:
  memcpy (canon, d, n - 3);
  canon[n - 3] = ' ';
  memcpy (canon + n - 2, d + n - 3, 4);
  return TRUE;
}

static const char *const month_names[] = { "jan", "feb", "mar", "apr",
                                           "may", "jun", "jul", "aug",
                                           "sep", "oct", "nov", "dec" };

static int
parse_month_name (const char *s, gsize len)
{
  if (len < 3)
    return 0;
  for (int m = 0; m < 12; m++)
    if (g_ascii_strncasecmp (s, month_names[m], 3) == 0)
      return m + 1;
  return 0;
}

/* Reads an unsigned decimal of 1..4 digits at *p. */
static int
read_num (const char **p, const char *end, int max_digits)
{
  int v = 0, n = 0;
  while (*p < end && g_ascii_isdigit (**p) && n < max_digits) {
    v = v * 10 + (**p - '0');
    (*p)++;
    n++;
  }
  return n ? v : -1;
}

/* Dates as people write them: 3/4/2012, 03-04-12, 03.04.2012,
 * 3 April 2012, 3rd Apr 2012. Canonical form YYYY-MM-DD (two-digit years
 * keep two digits). */
gboolean
pmark_validate_date (const char *text, gsize len, char *canon)
{
  const char *p = text, *end = text + len;
  int day, month, year, ydigits;

  day = read_num (&p, end, 2);
  if (day < 0)
    return FALSE;
  if (p < end && (*p == '/' || *p == '-' || *p == '.')) {
    char sep = *p++;
    month = read_num (&p, end, 2);
    if (month < 0 || p >= end || *p != sep)
      return FALSE;
    p++;
  } else {
    /* ordinal suffix, then a month name */
    if (end - p >= 2 && g_ascii_isalpha (p[0]) && g_ascii_isalpha (p[1])
        && (end - p == 2 || !g_ascii_isalpha (p[2])))
      p += 2;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
      p++;
    const char *m = p;
    while (p < end && g_ascii_isalpha (*p))
      p++;
    month = parse_month_name (m, (gsize) (p - m));
    if (!month)
      return FALSE;
    while (p < end && (*p == ' ' || *p == ',' || *p == '.' || *p == '\t'
                       || *p == '\n' || *p == '\r'))
      p++;
  }
  const char *ys = p;
  year = read_num (&p, end, 4);
  ydigits = (int) (p - ys);
  if (year < 0 || p != end || (ydigits != 2 && ydigits != 4))
    return FALSE;
  if (ydigits == 4 && (year < 1900 || year > 2099))
    return FALSE;
  if (!valid_dmy (day, month, ydigits == 4 ? year : 2000 + year))
    return FALSE;
  if (ydigits == 4)
    g_snprintf (canon, PMARK_CANON_MAX, "%04d-%02d-%02d", year, month, day);
  else
    g_snprintf (canon, PMARK_CANON_MAX, "%02d-%02d-%02d", year, month, day);
  return TRUE;
}

static const PmarkValidator validators[] = {
  { .name = "nhs-number",
    .description = "NHS number: 10 digits, modulus 11 check digit",
    .default_regex = "(?<![\\d-])\\d{3}[ -]?\\d{3}[ -]?\\d{4}(?![\\d-])",
    .validate = pmark_validate_nhs_number,
    .digit_lead = 0 },
  { .name = "chi-number",
    .description = "Scottish CHI number: DDMMYY date, modulus 11 check digit",
    .default_regex = "(?<![\\d-])\\d{6}[ -]?\\d{4}(?![\\d-])",
    .validate = pmark_validate_chi_number,
    .digit_lead = 0 },
  { .name = "ni-number",
    .description = "National Insurance number: two letters, six digits, "
                   "suffix A-D; never-issued prefixes refused",
    .default_regex = "\\b[A-Z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b",
    .validate = pmark_validate_ni_number,
    .digit_lead = 3 },
  { .name = "upn",
    .description = "Unique Pupil Number: 13 characters, modulus 23 check "
                   "letter",
    .default_regex = "\\b[A-Z]\\d{11}[0-9A-Z]\\b",
    .validate = pmark_validate_upn,
    .digit_lead = 1 },
  { .name = "uk-postcode",
    .description = "UK postcode, including GIR 0AA",
    .default_regex = "\\b(?:GIR ?0AA|[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2})\\b",
    .validate = pmark_validate_uk_postcode,
    .digit_lead = 4 },
  { .name = "date",
    .description = "A calendar date (d/m/y, d-m-y, d.m.y or d Month y)",
    .default_regex = "\\b\\d{1,2}(?:[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})"
                     "|(?:st|nd|rd|th)?\\s+(?i:jan|feb|mar|apr|may|jun|jul|"
                     "aug|sep|oct|nov|dec)[a-z]*\\.?,?\\s+\\d{4})\\b",
    .validate = pmark_validate_date,
    .digit_lead = 0 },
};

static const PmarkValidator *const validator_table[] = {
  &validators[0], &validators[1], &validators[2],
  &validators[3], &validators[4], &validators[5], NULL,
};

const PmarkValidator *const *
pmark_validators (void)
{
  return validator_table;
}

const PmarkValidator *
pmark_validator_lookup (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (validators); i++)
    if (g_strcmp0 (validators[i].name, name) == 0)
      return &validators[i];
  return NULL;
}
