/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Ages as practitioners write them: "aged 7", "age 7", "7yo", "7 y/o",
 * "7 years old", "7-year-old", "14 months", "7 weeks", "3 days old",
 * "(9)" beside a name is people.c's (a bare number means an age only
 * there). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recognise-private.h"

typedef struct {
  const char *word;
  int per_year;      /* units in a year; 1 for years */
} Unit;

/* Numbers in words, as ages are written */
static const char *const numbers[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
  "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
  "sixteen", "seventeen", "eighteen", "nineteen", NULL,
};

static const Unit units[] = {
  { "years", 1 }, { "year", 1 }, { "yrs", 1 }, { "yr", 1 }, { "yo", 1 },
  { "y", 1 }, { "months", 12 }, { "month", 12 }, { "mths", 12 },
  { "mth", 12 }, { "mos", 12 }, { "mo", 12 }, { "m", 12 }, { "weeks", 52 },
  { "week", 52 }, { "wks", 52 }, { "wk", 52 }, { "w", 52 }, { "days", 365 },
  { "day", 365 }, { "d", 365 },
};

/* The unit `s` (n bytes) names, or NULL */
static const Unit *
unit_of (const char *s, gsize n)
{
  if (n > 6)
    return NULL;
  for (gsize k = 0; k < G_N_ELEMENTS (units); k++)
    if (strlen (units[k].word) == n && g_ascii_strncasecmp (s, units[k].word, n) == 0)
      return &units[k];
  return NULL;
}

/* "7yo", "7yrs", "9m", "7-year-old", "3-month-old", "15-yr-old": one
 * token of digits and a unit; *strict when it says "old" or "yo" (an
 * age whatever stands beside it) */
static gboolean
joined_age (const Window *w, guint i, int *value, const Unit **unit,
            gboolean *strict)
{
  const char *s = tok_text (w, i);
  gsize n = tok_len (w, i), k = 0;
  while (k < n && g_ascii_isdigit (s[k]))
    k++;
  if (k == 0 || k > 3 || k == n)
    return FALSE;
  int v = atoi (s);
  gsize rest = k;
  if (s[rest] == '-')
    rest++;
  gsize ue = rest;
  while (ue < n && g_ascii_isalpha (s[ue]))
    ue++;
  const Unit *u = unit_of (s + rest, ue - rest);
  if (!u)
    return FALSE;
  *strict = g_ascii_strncasecmp (s + rest, "yo", 2) == 0 && ue - rest == 2;
  if (ue < n) {
    /* -old */
    if (n - ue != 4 || g_ascii_strncasecmp (s + ue, "-old", 4) != 0)
      return FALSE;
    *strict = TRUE;
  }
  /* "7m" and "3d" alone say too little: only with "old" after */
  *value = v;
  *unit = u;
  return TRUE;
}

int
age_number_word (const Window *w, guint i)
{
  return tok_lex (w, i, LEX_NUMBER) ? tok_in (w, i, numbers) : -1;
}

guint
age_match (const Window *w, guint i, gboolean loose, int *years)
{
  if (i >= w->n)
    return 0;
  int v;
  const Unit *u;
  gboolean strict = FALSE;
  guint j = i;
  gboolean prefixed = FALSE;
  /* aged 7 / age 7 / age: 7 */
  if (tok_is (w, i, "aged") || tok_is (w, i, "age")) {
    j = i + 1;
    if (tok_punct (w, j, ':'))
      j++;
    prefixed = TRUE;
  }
  if (j >= w->n || !tok_same_line (w, i, j))
    return 0;
  /* "aged nine", "nine years old" */
  int word = age_number_word (w, j);
  if (word >= 0) {
    guint k = j + 1;
    const Unit *wu = NULL;
    if (k < w->n && tok_same_line (w, j, k) && (w->t[k].flags & TOK_ALPHA))
      wu = unit_of (tok_text (w, k), tok_len (w, k));
    if (wu && strlen (wu->word) > 1)
      k++;
    else
      wu = NULL;
    gboolean old = tok_is (w, k, "old") && tok_same_line (w, j, k);
    if (!prefixed && !(wu && old) && !(loose && wu))
      return 0;
    *years = word / (wu ? wu->per_year : 1);
    return (old ? k + 1 : k) - i;
  }
  /* "aged 8-9", "aged 8 - 9": a range */
  if (prefixed && !(w->t[j].flags & TOK_ALPHA) && memchr (tok_text (w, j), '-', tok_len (w, j))) {
    int lo = atoi (tok_text (w, j));
    if (lo >= 0 && lo < 120) {
      *years = lo;
      return j + 1 - i;
    }
  }
  if ((w->t[j].flags & TOK_ALPHA) && (w->t[j].flags & TOK_DIGIT)) {
    if (!joined_age (w, j, &v, &u, &strict))
      return 0;
    j++;
  } else {
    v = tok_number (w, j, 3);
    if (v < 0)
      return 0;
    j++;
    u = NULL;
    /* a unit word after the number: "7 years", "14 months", "7 y/o" */
    if (j < w->n && (w->t[j].flags & TOK_ALPHA) && tok_same_line (w, i, j)) {
      if (tok_is (w, j, "y") && tok_punct (w, j + 1, '/') && tok_is (w, j + 2, "o")) {
        u = &units[0];
        strict = TRUE;
        j += 3;
      } else {
        u = unit_of (tok_text (w, j), tok_len (w, j));
        if (u && strlen (u->word) == 1 && !prefixed)
          u = NULL; /* "7 m" is no age */
        if (u)
          j++;
      }
    }
    if (!u && !prefixed)
      return 0;
    if (!u)
      u = &units[0];
  }
  /* "old" makes any of them an age */
  if (tok_is (w, j, "old") && tok_same_line (w, i, j)) {
    strict = TRUE;
    j++;
  }
  if (!prefixed && !strict && !loose)
    return 0;
  /* a person's age: under 120 years */
  int y = v / u->per_year;
  if (y > 119)
    return 0;
  *years = y;
  return j - i;
}

/* Words that can start an age, for annotate's quick test (the number
 * words; "aged", "age") */
static const char *const age_words[] = { "aged", "age", NULL };

const LexList ages_lexicon[] = {
  { numbers, LEX_NUMBER }, { numbers, LEX_TRIGGER }, { age_words, LEX_TRIGGER },
  { NULL, 0 },
};
