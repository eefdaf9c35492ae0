/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Schools, classes and year groups: "Year 3", "Yr 11", "Y9", "Year R",
 * "Reception", "Nursery", "Class 4B", "Sixth Form", and schools by name
 * ("Elm Road Primary School", "St Anne's C of E Primary", "Oakfield
 * Academy"). */
#include "config.h"

#include <string.h>

#include "recognise-private.h"

/* Words that end (or are) a school's name */
static const char *const school_heads[] = {
  "school", "primary", "academy", "college", "nursery", "infants",
  "juniors", "junior", "infant", "preschool", "pre-school", "grammar",
  "high", "secondary", "pru", "montessori", "rc", NULL,
};

/* "Y9", "Yr11", "P4": one token */
static gboolean
joined_year (const Window *w, guint i)
{
  const char *s = tok_text (w, i);
  gsize n = tok_len (w, i);
  gsize k = 0;
  if (n >= 2 && (s[0] == 'Y' || s[0] == 'y'))
    k = 1;
  if (n >= 3 && k == 1 && (s[1] == 'r' || s[1] == 'R'))
    k = 2;
  if (!k || n - k < 1 || n - k > 2)
    return FALSE;
  int v = 0;
  for (gsize j = k; j < n; j++) {
    if (!g_ascii_isdigit (s[j]))
      return FALSE;
    v = v * 10 + (s[j] - '0');
  }
  return v >= 1 && v <= 13 && (s[0] == 'Y' || k == 2);
}

/* A class's name after "Class": "4B", "3", "Oak", "Robins" */
static gboolean
class_name (const Window *w, guint i)
{
  if (i >= w->n || (w->t[i].flags & TOK_PUNCT))
    return FALSE;
  if (w->t[i].flags & TOK_DIGIT)
    return tok_len (w, i) <= 3;
  return (w->t[i].flags & TOK_CAP) != 0;
}

/* A form or class code: a year's number and the form's letters, "3B",
 * "10HB", "7K2", "6R" (not "10AM", "4G", "2ND") */
static gboolean
form_code (const Window *w, guint i)
{
  static const char *const not_forms[] = {
    "am", "pm", "kb", "mb", "gb", "tb", "kg", "cm", "mm", "ml", "mg", "hz", "km", "mph",
    "st", "nd", "rd", "th", "d", "g", "k", "x", "v", "w", "c", "f", "l", "m2", NULL,
  };
  if ((w->t[i].flags & (TOK_DIGIT | TOK_ALPHA)) != (TOK_DIGIT | TOK_ALPHA))
    return FALSE;
  const char *s = tok_text (w, i);
  gsize n = tok_len (w, i), k = 0;
  int year = 0;
  while (k < n && k < 2 && g_ascii_isdigit (s[k]))
    year = year * 10 + (s[k++] - '0');
  if (year < 1 || year > 13)
    return FALSE;
  gsize letters = 0;
  while (k < n && g_ascii_isupper (s[k]))
    k++, letters++;
  if (letters < 1 || letters > 3)
    return FALSE;
  if (k < n && g_ascii_isdigit (s[k]) && k + 1 == n)
    k++;
  if (k != n)
    return FALSE;
  char low[8];
  gsize from = year >= 10 ? 2 : 1;
  if (n - from >= sizeof low)
    return FALSE;
  for (gsize j = from; j < n; j++)
    low[j - from] = g_ascii_tolower (s[j]);
  low[n - from] = '\0';
  for (guint j = 0; not_forms[j]; j++)
    if (!strcmp (low, not_forms[j]))
      return FALSE;
  return TRUE;
}

guint
school_match (const RecogniseConfig *cfg, const Window *w, guint i)
{
  if (i >= w->n || (w->t[i].flags & TOK_PUNCT))
    return 0;
  /* a labelled field: "Class: 2M", "Form: 10HB", "Tutor group: 7K" */
  if (tok_is (w, i, "class") || tok_is (w, i, "form") || tok_is (w, i, "group")) {
    guint c = i + 1;
    if (c + 1 < w->n && tok_punct (w, c, ':') && tok_same_line (w, i, c + 1)
        && (form_code (w, c + 1) || joined_year (w, c + 1)))
      return c + 2 - i;
  }
  if (form_code (w, i))
    return 1;
  /* Year 3, Yr 11, Year R, year 9, Year Two */
  if (tok_is (w, i, "year") || tok_is (w, i, "yr") || tok_is (w, i, "yrs")) {
    int v = tok_number (w, i + 1, 2);
    if (tok_same_line (w, i, i + 1)
        && ((v >= 1 && v <= 13) || tok_is (w, i + 1, "r")
            || (age_number_word (w, i + 1) >= 1 && age_number_word (w, i + 1) <= 13)))
      return 2;
    return 0;
  }
  /* "Mrs Khan's class", "Mr Obi's form" */
  if ((w->t[i].flags & TOK_CAP) && tok_lex (w, i, LEX_TITLE_PRIVATE) && i + 2 < w->n
      && tok_same_line (w, i, i + 2) && (w->t[i + 1].flags & (TOK_POSSESSIVE | TOK_CAP))
         == (TOK_POSSESSIVE | TOK_CAP)
      && (tok_is (w, i + 2, "class") || tok_is (w, i + 2, "form") || tok_is (w, i + 2, "group")))
    return 3;
  /* "in Juniper class", "in Robins Class": a class by its name */
  if ((w->t[i].flags & TOK_CAP) && i > 0 && i + 1 < w->n && tok_is (w, i - 1, "in")
      && tok_same_line (w, i - 1, i + 1) && tok_is (w, i + 1, "class")
      && !(w->t[i].flags & TOK_DIGIT))
    return 2;
  /* "reception class", "nursery class"; "at nursery", "goes to preschool" */
  gboolean setting = tok_lex (w, i, LEX_SETTING);
  if (setting && (tok_is (w, i, "reception") || tok_is (w, i, "nursery"))
      && tok_is (w, i + 1, "class") && tok_same_line (w, i, i + 1))
    return 2;
  if (setting && !tok_is (w, i, "reception") && i > 0 && tok_same_line (w, i - 1, i)
      && (tok_is (w, i - 1, "at") || tok_is (w, i - 1, "to") || tok_is (w, i - 1, "attends")
          || tok_is (w, i - 1, "attend") || tok_is (w, i - 1, "attending")
          || tok_is (w, i - 1, "from")))
    return 1;
  if ((w->t[i].flags & TOK_CAP) && (w->t[i].flags & TOK_DIGIT) && joined_year (w, i))
    return 1;
  /* Scotland's classes: P1-P7 in primary, S1-S6 in secondary */
  if (tok_len (w, i) == 2 && (w->text[w->t[i].start] == 'P' || w->text[w->t[i].start] == 'S')) {
    char d = w->text[w->t[i].start + 1];
    if (d >= '1' && d <= (w->text[w->t[i].start] == 'P' ? '7' : '6'))
      return 1;
  }
  /* Reception, Nursery (a class, written with its capital) */
  if ((w->t[i].flags & TOK_CAP)
      && (tok_is (w, i, "reception") || tok_is (w, i, "nursery")))
    return 1;
  if (tok_is (w, i, "sixth") && tok_is (w, i + 1, "form"))
    return 2;
  if (tok_is (w, i, "class") && class_name (w, i + 1) && tok_same_line (w, i, i + 1)
      && (w->t[i + 1].flags & (TOK_DIGIT | TOK_CAP)) && !role_word (cfg, w, i + 1))
    return 2;
  if (config_has_word (cfg->school_words, w, i))
    return 1;
  /* Wales's schools, named first: "Ysgol Pen-y-Garth", "Ysgol Gymraeg
   * Aberystwyth" */
  if (tok_is (w, i, "ysgol") && i + 1 < w->n && tok_same_line (w, i, i + 1)
      && (w->t[i + 1].flags & TOK_CAP)) {
    guint j = i + 1;
    while (j < w->n && j < i + 4 && tok_same_line (w, i, j) && (w->t[j].flags & TOK_CAP))
      j++;
    return j - i;
  }
  /* A school's name: capitalised words ending in a school word, or
   * "St Anne's C of E Primary" (lower-case "of" allowed) */
  if (!(w->t[i].flags & TOK_CAP))
    return 0;
  guint j = i, last_head = 0;
  for (guint k = 0; k < 7 && j < w->n && tok_same_line (w, i, j); k++, j++) {
    if (j > i && (w->t[j].flags & TOK_CELL_START))
      break; /* the next cell of a table */
    gboolean cap = (w->t[j].flags & TOK_CAP) != 0;
    if (tok_is (w, j, "of") || tok_is (w, j, "and") || tok_punct (w, j, '&'))
      continue;
    if (!cap && !(w->t[j].flags & TOK_DIGIT))
      break;
    if (tok_lex (w, j, LEX_SCHOOL_HEAD) || config_has_word (cfg->school_words, w, j)) {
      /* "High" needs "School" after it */
      if (tok_is (w, j, "high") || tok_is (w, j, "secondary") || tok_is (w, j, "grammar")
          || tok_is (w, j, "junior") || tok_is (w, j, "infant"))
        continue;
      last_head = j + 1;
    }
  }
  /* at least one word before the school word: "Primary" alone is no name;
   * the Virtual School is the council's team for children in care, no
   * school a child is on the roll of */
  if (last_head == i + 2 && tok_is (w, i, "virtual"))
    return 0;
  return last_head > i + 1 ? last_head - i : 0;
}

/* Words that start a year group or class in lower case */
static const char *const school_starts[] = {
  "year", "yr", "yrs", "class", "sixth", NULL,
};

/* Settings named by their kind, in lower case ("at nursery") */
static const char *const settings[] = {
  "reception", "nursery", "preschool", "pre-school", "playgroup", "creche",
  "college", NULL,
};

const LexList schools_lexicon[] = {
  { school_heads, LEX_SCHOOL_HEAD }, { school_starts, LEX_TRIGGER },
  { settings, LEX_SETTING }, { settings, LEX_TRIGGER }, { NULL, 0 },
};
