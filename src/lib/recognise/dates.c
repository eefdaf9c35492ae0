/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Dates, for dates of birth written any way: 3/5/19, 03.05.2019,
 * 14-09-2017, 24-May-2012, 3rd May 2019, 3 May, 2019, May 3rd 2019.
 * Which of them is a birth date (a label, or a plausible date beside a
 * name) is decided with people.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recognise-private.h"

static const char *const months[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
  "nov", "dec", NULL,
};

int
dates_this_year (void)
{
  static gsize year;
  if (g_once_init_enter (&year)) {
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    g_once_init_leave (&year, (gsize) g_date_time_get_year (now));
  }
  return (int) year;
}

/* A month's name (or its first three letters, "Sept") at token i: 1..12 */
static int
month_at (const Window *w, guint i)
{
  if (i >= w->n || !(w->t[i].flags & TOK_ALPHA) || (w->t[i].flags & TOK_DIGIT))
    return 0;
  gsize n = tok_len (w, i);
  const char *s = tok_text (w, i);
  if (n < 3 || n > 9 || !tok_lex (w, i, LEX_MONTH))
    return 0;
  static const char *const full[] = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
  };
  for (int m = 0; months[m]; m++) {
    if (g_ascii_strncasecmp (s, months[m], 3) != 0)
      continue;
    if (n == 3 || (n == 4 && m == 8 && g_ascii_tolower (s[3]) == 't')
        || (n == strlen (full[m]) && g_ascii_strncasecmp (s, full[m], n) == 0))
      return m + 1;
  }
  return 0;
}

static int
full_year (int y, int digits)
{
  if (digits == 4)
    return y;
  /* two digits: the nearest century that puts the date in the past */
  int now = dates_this_year ();
  int c = now - now % 100;
  return c + y <= now ? c + y : c - 100 + y;
}

static gboolean
valid_day (int d, int m, int y)
{
  static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
    return FALSE;
  if (m == 2 && d == 29)
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return TRUE;
}

/* "3rd", "21st", "3": a day of the month */
static int
day_at (const Window *w, guint i)
{
  if (i >= w->n || !(w->t[i].flags & TOK_DIGIT))
    return -1;
  const char *s = tok_text (w, i);
  gsize n = tok_len (w, i), k = 0;
  int d = 0;
  while (k < n && k < 2 && g_ascii_isdigit (s[k]))
    d = d * 10 + (s[k++] - '0');
  if (k == 0)
    return -1;
  if (k == n)
    return d;
  if (n - k == 2 && (g_ascii_strncasecmp (s + k, "st", 2) == 0
                     || g_ascii_strncasecmp (s + k, "nd", 2) == 0
                     || g_ascii_strncasecmp (s + k, "rd", 2) == 0
                     || g_ascii_strncasecmp (s + k, "th", 2) == 0))
    return d;
  return -1;
}

static int
year_at (const Window *w, guint i, gboolean two_ok)
{
  if (i >= w->n)
    return -1;
  gsize n = tok_len (w, i);
  int y = tok_number (w, i, 4);
  if (y < 0)
    return -1;
  if (n == 4 && y >= 1900 && y <= 2099)
    return y;
  if (n == 2 && two_ok)
    return full_year (y, 2);
  return -1;
}

/* d-m-y in one token: 14-09-2017, 24-May-2012, 3-5-19 */
static gboolean
joined_date (const Window *w, guint i, int *year)
{
  const char *s = tok_text (w, i);
  gsize n = tok_len (w, i);
  if (n < 5 || n > 12)
    return FALSE;
  char buf[16];
  memcpy (buf, s, n);
  buf[n] = '\0';
  char **f = g_strsplit (buf, "-", 4);
  gboolean ok = FALSE;
  if (g_strv_length (f) == 3) {
    int d = atoi (f[0]), y = -1, m = 0;
    gsize yl = strlen (f[2]);
    gboolean digits = TRUE;
    for (const char *p = f[2]; *p; p++)
      digits &= g_ascii_isdigit (*p);
    if (digits && (yl == 2 || yl == 4))
      y = full_year (atoi (f[2]), (int) yl);
    if (f[1][0] && g_ascii_isdigit (f[1][0]) && strlen (f[1]) <= 2)
      m = atoi (f[1]);
    else
      for (int k = 0; months[k]; k++)
        if (strlen (f[1]) >= 3 && g_ascii_strncasecmp (f[1], months[k], 3) == 0)
          m = k + 1;
    ok = strlen (f[0]) <= 2 && g_ascii_isdigit (f[0][0]) && y > 0
         && valid_day (d, m, y);
    if (ok)
      *year = y;
  }
  g_strfreev (f);
  return ok;
}

guint
date_match (const Window *w, guint i, int *year)
{
  if (i >= w->n)
    return 0;
  guint16 f = w->t[i].flags;
  if ((f & TOK_DIGIT) && strchr ("0123456789", w->text[w->t[i].start])
      && memchr (tok_text (w, i), '-', tok_len (w, i))) {
    if (joined_date (w, i, year))
      return 1;
    return 0;
  }
  int d = day_at (w, i);
  if (d >= 0 && d <= 31) {
    /* d/m/y, d.m.y */
    if (i + 4 < w->n && (tok_punct (w, i + 1, '/') || tok_punct (w, i + 1, '.'))
        && !(w->t[i + 1].flags & TOK_SPACE_BEFORE)) {
      char sep = w->text[w->t[i + 1].start];
      int m = tok_number (w, i + 2, 2);
      int y = year_at (w, i + 4, TRUE);
      if (m > 0 && tok_punct (w, i + 3, sep) && y > 0
          && !(w->t[i + 3].flags & TOK_SPACE_BEFORE)
          && !(w->t[i + 4].flags & TOK_SPACE_BEFORE) && valid_day (d, m, y)
          && tok_len (w, i) <= 2) {
        *year = y;
        return 5;
      }
      return 0;
    }
    /* 3rd May 2019, 3 May, 2019, 3rd of May 2019 */
    guint j = i + 1;
    if (tok_is (w, j, "of"))
      j++;
    int m = month_at (w, j);
    if (m) {
      j++;
      if (tok_punct (w, j, '.'))
        j++;
      if (tok_punct (w, j, ','))
        j++;
      int y = year_at (w, j, FALSE);
      if (y > 0 && valid_day (d, m, y)) {
        *year = y;
        return j + 1 - i;
      }
    }
    return 0;
  }
  /* May 3rd 2019, May 3, 2019 */
  int m = month_at (w, i);
  if (m) {
    guint j = i + 1;
    if (tok_punct (w, j, '.'))
      j++;
    int dd = day_at (w, j);
    if (dd <= 0)
      return 0;
    j++;
    if (tok_punct (w, j, ','))
      j++;
    int y = year_at (w, j, FALSE);
    if (y > 0 && valid_day (dd, m, y)) {
      *year = y;
      return j + 1 - i;
    }
  }
  return 0;
}

/* Labels that say a date is a birth date. */
guint
dob_label_at (const RecogniseConfig *cfg, const Window *w, guint i)
{
  if (i >= w->n)
    return 0;
  /* DOB, D.O.B., d.o.b, DoB */
  if (tok_is (w, i, "dob") || tok_is (w, i, "born") || tok_is (w, i, "bday")
      || config_has_word (cfg->dob_labels, w, i))
    return 1;
  if (tok_is (w, i, "d") && tok_punct (w, i + 1, '.') && tok_is (w, i + 2, "o")
      && tok_punct (w, i + 3, '.') && tok_is (w, i + 4, "b"))
    return tok_punct (w, i + 5, '.') ? 6 : 5;
  /* date of birth, birth date, DOB: */
  if (tok_is (w, i, "date") && tok_is (w, i + 1, "of") && tok_is (w, i + 2, "birth"))
    return 3;
  if (tok_is (w, i, "birth") && (tok_is (w, i + 1, "date") || tok_is (w, i + 1, "day")))
    return 2;
  if (tok_is (w, i, "birthday"))
    return 1;
  /* "b." before a date */
  if (tok_is (w, i, "b") && tok_punct (w, i + 1, '.') && (w->t[i].flags & TOK_SPACE_BEFORE))
    return 2;
  return 0;
}

/* Every way a month is written, for the lexicon (month_at reads which) */
static const char *const month_words[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct",
  "nov", "dec", "january", "february", "march", "april", "june", "july",
  "august", "september", "october", "november", "december", NULL,
};

/* Words of a birth date's label */
static const char *const dob_words[] = {
  "dob", "born", "bday", "d", "date", "birth", "birthday", "b", NULL,
};

const LexList dates_lexicon[] = {
  { month_words, LEX_MONTH }, { month_words, LEX_TRIGGER }, { dob_words, LEX_TRIGGER },
  { NULL, 0 },
};
