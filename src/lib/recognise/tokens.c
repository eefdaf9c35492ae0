/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tokens for the recognisers (tokens.h). */
#include "config.h"

#include <string.h>

#include "tokens.h"

void
window_init (Window *w)
{
  memset (w, 0, sizeof *w);
}

void
window_clear (Window *w)
{
  g_free (w->t);
  g_free (w->lex);
  g_free (w->names);
  memset (w, 0, sizeof *w);
}

static void
push (Window *w, const Tok *t)
{
  if (w->n == w->alloc) {
    w->alloc = w->alloc ? w->alloc * 2 : 1024;
    w->t = g_renew (Tok, w->t, w->alloc);
    w->lex = g_renew (guint64, w->lex, w->alloc);
    w->names = g_renew (guint64, w->names, w->alloc);
  }
  w->lex[w->n] = 0;
  w->names[w->n] = 0;
  w->t[w->n++] = *t;
}

/* One character at p: its length, whether a letter, digit or capital. */
static inline gsize
char_at (const char *p, const char *end, gboolean *alpha, gboolean *digit,
         gboolean *upper, gboolean *space)
{
  guchar c = (guchar) *p;
  if (c < 0x80) {
    *alpha = g_ascii_isalpha (c);
    *digit = g_ascii_isdigit (c);
    *upper = g_ascii_isupper (c);
    *space = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    return 1;
  }
  gunichar u = g_utf8_get_char_validated (p, end - p);
  if (u == (gunichar) -1 || u == (gunichar) -2) {
    *alpha = *digit = *upper = *space = FALSE;
    return 1;
  }
  *alpha = g_unichar_isalpha (u) || g_unichar_ismark (u);
  *digit = FALSE;
  *upper = g_unichar_isupper (u) || g_unichar_istitle (u);
  *space = g_unichar_isspace (u) || u == 0xA0 || u == 0x2007 || u == 0x202F;
  return (gsize) (g_utf8_next_char (p) - p);
}

/* An apostrophe (' or U+2019) at p: its length, else 0 */
static inline gsize
apostrophe (const char *p, const char *end)
{
  if (*p == '\'')
    return 1;
  if (end - p >= 3 && (guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80
      && (guchar) p[2] == 0x99)
    return 3;
  return 0;
}

void
window_fill (Window *w, const char *text, gsize len, gsize from, gsize to,
             guint line)
{
  w->text = text;
  w->len = len;
  w->n = 0;
  const char *p = text + from, *end = text + to;
  gboolean line_start = TRUE, blank = TRUE, space = FALSE, cell = TRUE;
  guint nl_run = 0, spaces = 0;
  guint16 sentence = 0;
  guint line_first = 0; /* the first token of the line being read */
  while (p < end) {
    gboolean alpha, digit, upper, sp;
    gsize cl = char_at (p, end, &alpha, &digit, &upper, &sp);
    if (sp) {
      if (*p == '\n') {
        line++;
        line_start = TRUE;
        cell = TRUE;
        if (++nl_run >= 2)
          blank = TRUE;
      } else if (*p == '\t') {
        cell = TRUE;
      } else if (*p == ' ' && ++spaces >= 3) {
        cell = TRUE; /* a column's gap in a table set out with spaces */
      }
      space = TRUE;
      p += cl;
      continue;
    }
    Tok t = { .start = (gsize) (p - text), .line = line };
    if (line_start)
      t.flags |= TOK_LINE_START;
    if (blank) {
      t.flags |= TOK_BLANK_BEFORE;
      if (w->n)
        sentence++;
    } else if (line_start && w->n && w->t[w->n - 1].sentence == sentence) {
      /* a line after a short one (a heading) or a field ("Taken by: Amy
       * Test") starts a sentence: only prose carries one on */
      gboolean field = FALSE;
      for (guint k = line_first; k < w->n && k < line_first + 6 && !field; k++)
        field = (w->t[k].flags & TOK_PUNCT)
                && (text[w->t[k].start] == ':' || (w->t[k].flags & TOK_LEADER));
      /* and so does an item of a list ("- Educare (3 yrs refresh)"):
       * what the line above it said of someone is not said of the item */
      gboolean bullet = *p == '-' || *p == '*' || (end - p >= 3 && (guchar) p[0] == 0xE2
                                                    && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xA2);
      if (field || bullet || w->t[w->n - 1].end - w->t[line_first].start < 40)
        sentence++;
    }
    if (line_start)
      line_first = w->n;
    if (space)
      t.flags |= TOK_SPACE_BEFORE;
    if (cell)
      t.flags |= TOK_CELL_START;
    line_start = blank = space = cell = FALSE;
    nl_run = spaces = 0;
    if (alpha || digit) {
      gboolean first = TRUE, all_upper = TRUE;
      guint letters = 0;
      for (;;) {
        if (alpha) {
          t.flags |= TOK_ALPHA;
          letters++;
          if (first && upper)
            t.flags |= TOK_CAP;
          if (!upper)
            all_upper = FALSE;
        } else if (digit) {
          t.flags |= TOK_DIGIT;
        }
        if (cl > 1)
          t.flags |= TOK_NON_ASCII;
        first = FALSE;
        p += cl;
        if (p >= end)
          break;
        cl = char_at (p, end, &alpha, &digit, &upper, &sp);
        if (alpha || digit)
          continue;
        /* an apostrophe or hyphen joins two runs of letters or digits */
        gsize jl = apostrophe (p, end);
        if (!jl && *p == '-')
          jl = 1;
        if (!jl || p + jl >= end)
          break;
        gboolean a2, d2, u2, s2;
        gsize nl2 = char_at (p + jl, end, &a2, &d2, &u2, &s2);
        (void) nl2;
        if (!(a2 || d2))
          break;
        if (jl && *p != '-') {
          /* mum's, Jayden's: a possessive, not a joined name (O'Brien:
           * a capital follows) */
          const char *q = p + jl;
          if ((*q == 's' || *q == 'S')
              && (q + 1 >= end || !g_ascii_isalnum (q[1]))) {
            t.flags |= TOK_POSSESSIVE;
          }
        }
        p += jl;
        cl = char_at (p, end, &alpha, &digit, &upper, &sp);
      }
      if (all_upper && letters > 1)
        t.flags |= TOK_UPPER;
      t.end = (gsize) (p - text);
    } else {
      t.flags |= TOK_PUNCT;
      /* a form's dotted leader: one mark, a colon's */
      if (*p == '.' && end - p >= 4 && p[1] == '.' && p[2] == '.' && p[3] == '.') {
        t.flags |= TOK_LEADER;
        while (p < end && *p == '.')
          p++;
      } else {
        p += cl;
      }
      t.end = (gsize) (p - text);
    }
    t.sentence = sentence;
    push (w, &t);
    if (tok_ends_sentence (w, w->n - 1))
      sentence++;
  }
}

gboolean
tok_lower (const Window *w, guint i, char *buf, gsize size)
{
  gsize n = tok_len (w, i);
  if (w->t[i].flags & TOK_POSSESSIVE)
    n -= (w->text[w->t[i].end - 2] == '\'') ? 2 : 4;
  if (n + 1 > size || (w->t[i].flags & TOK_NON_ASCII))
    return FALSE;
  const char *s = tok_text (w, i);
  for (gsize k = 0; k < n; k++)
    buf[k] = g_ascii_tolower (s[k]);
  buf[n] = '\0';
  return TRUE;
}

gboolean
tok_is_n (const Window *w, guint i, const char *word, gsize wl)
{
  if (i >= w->n)
    return FALSE;
  gsize n = tok_len (w, i);
  const char *s = tok_text (w, i);
  if (n == wl)
    return g_ascii_strncasecmp (s, word, n) == 0;
  if ((w->t[i].flags & TOK_POSSESSIVE) && n > wl
      && g_ascii_strncasecmp (s, word, wl) == 0)
    return (n == wl + 2 && s[wl] == '\'') || (n == wl + 4 && (guchar) s[wl] == 0xE2);
  return FALSE;
}

int
tok_in (const Window *w, guint i, const char *const *words)
{
  if (i >= w->n || !(w->t[i].flags & TOK_ALPHA))
    return -1;
  for (int k = 0; words[k]; k++)
    if (tok_is_n (w, i, words[k], strlen (words[k])))
      return k;
  return -1;
}

int
tok_number (const Window *w, guint i, guint max_digits)
{
  if (i >= w->n || (w->t[i].flags & (TOK_ALPHA | TOK_PUNCT)))
    return -1;
  gsize n = tok_len (w, i);
  if (n == 0 || n > max_digits)
    return -1;
  int v = 0;
  const char *s = tok_text (w, i);
  for (gsize k = 0; k < n; k++) {
    if (!g_ascii_isdigit (s[k]))
      return -1;
    v = v * 10 + (s[k] - '0');
  }
  return v;
}

const char *const tokens_abbreviations[] = {
  "mr", "mrs", "ms", "dr", "st", "prof", "no", "rev", "revd", "sgt", "cllr",
  "insp", "det", "approx", "eg", "ie", "etc", "vs", "tel", "ref", NULL,
};

gboolean
tok_ends_sentence (const Window *w, guint i)
{
  if (i >= w->n || !(w->t[i].flags & TOK_PUNCT))
    return FALSE;
  char c = w->text[w->t[i].start];
  if (w->t[i].flags & TOK_LEADER)
    return FALSE;
  if (c == '!' || c == '?')
    return TRUE;
  if (c != '.' || i == 0)
    return c == '.';
  guint b = i - 1;
  if (w->t[i].flags & TOK_SPACE_BEFORE)
    return TRUE;
  /* "Mr." and "J." (an initial) end no sentence */
  if (tok_lex (w, b, LEX_ABBREV))
    return FALSE;
  if (tok_len (w, b) == 1 && (w->t[b].flags & TOK_CAP))
    return FALSE;
  return TRUE;
}

const LexList tokens_lexicon[] = {
  { tokens_abbreviations, LEX_ABBREV }, { NULL, 0 },
};
