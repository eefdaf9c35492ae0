/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The words of a window of text, as every recogniser in this folder reads
 * them: each token a run of letters and digits (with apostrophes and
 * hyphens inside words: O'Brien, Fitzgerald-Jones, step-dad), or one mark
 * of punctuation; spaces and line breaks only separate them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

enum {
  TOK_ALPHA = 1 << 0,       /* has a letter */
  TOK_DIGIT = 1 << 1,       /* has a digit */
  TOK_PUNCT = 1 << 2,       /* one mark of punctuation */
  TOK_CAP = 1 << 3,         /* begins with a capital letter */
  TOK_UPPER = 1 << 4,       /* every letter a capital (and more than one) */
  TOK_LINE_START = 1 << 5,  /* first on its line */
  TOK_BLANK_BEFORE = 1 << 6,/* a blank line (or the window's start) before */
  TOK_SPACE_BEFORE = 1 << 7,/* white space before it */
  TOK_CELL_START = 1 << 8,  /* after a tab or a gap of three spaces, or
                             * first on its line */
  TOK_POSSESSIVE = 1 << 9,  /* ends in 's (the stem is len - 2) */
  TOK_NON_ASCII = 1 << 10,
  TOK_LEADER = 1 << 11,     /* a row of four dots or more leading a form's
                             * label to its value ("Child ...... Ayo"):
                             * read as a colon */
};

typedef struct {
  gsize start, end;         /* bytes of the part's text */
  guint line;               /* the part's line, from 1 */
  guint16 flags;
  guint16 sentence;         /* counts sentence ends in the window (mod 2^16) */
} Tok;

typedef struct {
  const char *text;         /* the whole part */
  gsize len;
  Tok *t;
  guint64 *lex;             /* per token: its LexClass bits, once looked up
                             * (LEX_KNOWN set) */
  guint64 *names;           /* per token: its NameInfo as the name table
                             * gives it, once looked up (bit 63: looked up;
                             * bit 62: found) */
  guint n, alloc;
} Window;

/* The classes of words the recognisers know (lexicon.c): each recogniser's
 * word lists, looked up once per token in one table. */
typedef enum {
  LEX_STREET, LEX_PLACE, LEX_INSTITUTION, LEX_VENUE, LEX_PLACE_NAME,
  LEX_PLACE_PREFIX, LEX_FLAT, LEX_SCHOOL_HEAD, LEX_REL_CHILD, LEX_REL_ADULT,
  LEX_REL_QUALIFIER, LEX_TITLE_PRIVATE, LEX_TITLE_PROF, LEX_TITLE_PUBLIC,
  LEX_ROLE, LEX_AGENCY, LEX_MODIFIER, LEX_CLOSING, LEX_STAFF_LABEL,
  LEX_FAMILY_LABEL, LEX_SUBJECT_LABEL, LEX_CHILD_LABEL, LEX_ANON_ROLE,
  LEX_PARTICLE, LEX_STOP, LEX_CALENDAR, LEX_GREETING, LEX_LIST_LABEL,
  LEX_ROTA, LEX_ABBREV, LEX_MONTH, LEX_NUMBER, LEX_TRIGGER, LEX_BUILDING,
  LEX_FICTION, LEX_SETTING,
  LEX_COUNT
} LexClass;

/* A recogniser's word list: lower case, NULL-terminated */
typedef struct {
  const char *const *words;
  LexClass cls;
} LexList;

/* Whether the token (its stem for a possessive) is a word of the class */
gboolean tok_lex (const Window *w, guint i, LexClass cls);

void window_init (Window *w);
void window_clear (Window *w);
/* Tokenises text[from, to), whose first line is the part's `line`. */
void window_fill (Window *w, const char *text, gsize len, gsize from, gsize to,
                  guint line);

static inline gsize
tok_len (const Window *w, guint i)
{
  return w->t[i].end - w->t[i].start;
}
static inline const char *
tok_text (const Window *w, guint i)
{
  return w->text + w->t[i].start;
}
static inline gboolean
tok_has (const Window *w, guint i, guint16 flag)
{
  return i < w->n && (w->t[i].flags & flag) != 0;
}
/* the token is this punctuation mark */
static inline gboolean
tok_punct (const Window *w, guint i, char c)
{
  return i < w->n && (w->t[i].flags & TOK_PUNCT)
         && (w->text[w->t[i].start] == c || (c == ':' && (w->t[i].flags & TOK_LEADER)));
}
/* same line as token j */
static inline gboolean
tok_same_line (const Window *w, guint i, guint j)
{
  return i < w->n && j < w->n && w->t[i].line == w->t[j].line;
}
/* The token is `word` (ASCII, any case; a possessive's stem counts). */
gboolean tok_is_n (const Window *w, guint i, const char *word, gsize wl);
#define tok_is(w, i, word) tok_is_n ((w), (i), ("" word), sizeof (word) - 1) /* a literal only */
/* Which of a NULL-terminated list the token is (index), or -1. */
int tok_in (const Window *w, guint i, const char *const *words);
/* A whole number of 1..`max_digits` digits, or -1. */
int tok_number (const Window *w, guint i, guint max_digits);
/* Whether the token ends a sentence: . ! ? (not after a title or an
 * initial) */
gboolean tok_ends_sentence (const Window *w, guint i);
/* Lower-cased ASCII copy of the token (its stem for a possessive) into
 * buf, or FALSE when it does not fit or is not ASCII. */
gboolean tok_lower (const Window *w, guint i, char *buf, gsize size);

G_END_DECLS
