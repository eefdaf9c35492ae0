/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Aho-Corasick over a normalising view of the text: ASCII letters folded to
 * lower case and every run of separators read as one space. The automaton
 * is a dense DFA over byte classes (the bytes the phrases use, plus one
 * class for everything else), so each byte costs one table lookup. */
#include "config.h"

#include <string.h>

#include "phrases.h"

#define NO_STATE G_MAXUINT32
/* In `delta`, a transition is the target's row offset (state * nclasses),
 * with this bit set when the target has an output. */
#define ACCEPT 0x80000000u

struct _PhraseSet {
  guint16 byte_class[256];
  guint nclasses;
  guint nstates;
  guint space_class;
  guint lead_class;    /* first byte of a possible multi-byte separator */
  guint16 lead_real[2]; /* the phrase classes of 0xC2 and 0xE2 themselves */
  guint32 *next;       /* nstates * nclasses, plain state numbers */
  guint32 *delta;      /* the same transitions, as row offsets | ACCEPT */
  gint32 *out;         /* phrase ending exactly here, or -1 */
  guint32 *out_link;   /* next state on the suffix chain with an output */
  GPtrArray *phrases;  /* normalised, char* */
};

/* Length of the separator at p (0 if none): ASCII white space, '-', and the
 * UTF-8 no-break spaces (U+00A0, U+2007, U+202F) and hyphens (U+2010,
 * U+2011). */
static inline gsize
separator_at (const guchar *p, const guchar *end)
{
  guchar c = *p;
  if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
      || c == '\v' || c == '-')
    return 1;
  if (c == 0xC2 && p + 1 < end && p[1] == 0xA0)
    return 2;
  if (c == 0xE2 && p + 2 < end && p[1] == 0x80
      && (p[2] == 0x87 || p[2] == 0xAF || p[2] == 0x90 || p[2] == 0x91))
    return 3;
  return 0;
}

/* Length of the separator ending just before p (0 if none). */
static gsize
separator_before (const guchar *p, const guchar *begin)
{
  if (p > begin && separator_at (p - 1, p) == 1)
    return 1;
  if (p - begin >= 2 && separator_at (p - 2, p) == 2)
    return 2;
  if (p - begin >= 3 && separator_at (p - 3, p) == 3)
    return 3;
  return 0;
}

static char *
normalise (const char *given)
{
  /* beyond ASCII, folded as the text will be (ASCII is folded below) */
  g_autofree char *phrase = NULL;
  for (const guchar *c = (const guchar *) given; *c && !phrase; c++)
    if (*c >= 0x80)
      phrase = g_utf8_casefold (given, -1);
  if (!phrase)
    phrase = g_strdup (given);
  GString *s = g_string_new (NULL);
  const guchar *p = (const guchar *) phrase, *end = p + strlen (phrase);
  while (p < end) {
    gsize n = separator_at (p, end);
    if (n) {
      if (s->len && s->str[s->len - 1] != ' ')
        g_string_append_c (s, ' ');
      p += n;
      continue;
    }
    g_string_append_c (s, (char) g_ascii_tolower (*p));
    p++;
  }
  if (s->len && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

gboolean
phrase_set_needs_casefold (const PhraseSet *set)
{
  for (guint i = 0; i < set->phrases->len; i++)
    for (const guchar *c = g_ptr_array_index (set->phrases, i); *c; c++)
      if (*c >= 0x80)
        return TRUE;
  return FALSE;
}

const char *
phrase_set_get (const PhraseSet *set, guint phrase)
{
  return g_ptr_array_index (set->phrases, phrase);
}

PhraseSet *
phrase_set_new (GPtrArray *phrases)
{
  PhraseSet *set = g_new0 (PhraseSet, 1);
  set->phrases = g_ptr_array_new_with_free_func (g_free);

  /* byte classes: one per distinct byte the phrases use */
  gsize total = 1;
  set->nclasses = 1;
  for (guint i = 0; i < phrases->len; i++) {
    char *norm = normalise (g_ptr_array_index (phrases, i));
    for (const guchar *p = (const guchar *) norm; *p; p++)
      if (!set->byte_class[*p])
        set->byte_class[*p] = (guint16) set->nclasses++;
    total += strlen (norm);
    g_ptr_array_add (set->phrases, norm);
  }
  if (!set->byte_class[' '])
    set->byte_class[' '] = (guint16) set->nclasses++;
  set->space_class = set->byte_class[' '];
  for (int c = 'A'; c <= 'Z'; c++)
    set->byte_class[c] = set->byte_class[c + 32];
  for (const char *sep = " \n\r\t\f\v-"; *sep; sep++)
    set->byte_class[(guchar) *sep] = (guint16) set->space_class;
  /* Lead bytes of the multi-byte separators take the slow path. Phrases
   * are normalised, so they never contain those separators, but they may
   * contain other characters with the same lead byte. */
  set->lead_class = set->nclasses++;

  /* trie */
  guint nc = set->nclasses;
  set->next = g_new (guint32, total * nc);
  memset (set->next, 0xFF, total * nc * sizeof (guint32));
  set->out = g_new (gint32, total);
  set->out_link = g_new (guint32, total);
  for (gsize i = 0; i < total; i++)
    set->out[i] = -1, set->out_link[i] = NO_STATE;
  set->nstates = 1;
  for (guint i = 0; i < set->phrases->len; i++) {
    const guchar *p = g_ptr_array_index (set->phrases, i);
    guint32 s = 0;
    if (!*p)  /* nothing but separators: matches nothing */
      continue;
    for (; *p; p++) {
      guint32 *t = &set->next[s * nc + set->byte_class[*p]];
      if (*t == NO_STATE)
        *t = set->nstates++;
      s = *t;
    }
    if (set->out[s] < 0)  /* the same phrase twice: keep the first */
      set->out[s] = (gint32) i;
  }

  /* breadth-first: failure links folded into a complete DFA */
  guint32 *fail = g_new0 (guint32, set->nstates);
  guint32 *queue = g_new (guint32, set->nstates);
  gsize head = 0, tail = 0;
  for (guint c = 0; c < nc; c++) {
    guint32 *t = &set->next[c];
    if (*t == NO_STATE)
      *t = 0;
    else
      fail[*t] = 0, queue[tail++] = *t;
  }
  while (head < tail) {
    guint32 s = queue[head++];
    set->out_link[s] = set->out[fail[s]] >= 0 ? fail[s] : set->out_link[fail[s]];
    for (guint c = 0; c < nc; c++) {
      guint32 *t = &set->next[s * nc + c];
      if (*t == NO_STATE) {
        *t = set->next[fail[s] * nc + c];
      } else {
        fail[*t] = set->next[fail[s] * nc + c];
        queue[tail++] = *t;
      }
    }
  }
  g_free (fail);
  g_free (queue);

  /* A run of separators reads as one space: a state entered by a space
   * stays put on another. Phrases hold single spaces only, so this is the
   * collapsed stream exactly. */
  gboolean *after_space = g_new0 (gboolean, set->nstates);
  for (guint32 st = 0; st < set->nstates; st++)
    after_space[set->next[st * nc + set->space_class]] = TRUE;
  for (guint32 st = 0; st < set->nstates; st++)
    if (after_space[st])
      set->next[st * nc + set->space_class] = st;
  g_free (after_space);

  /* Only now, with the automaton built on the phrases' own classes, do
   * the lead bytes get the class that sends the scan to its slow path. */
  set->lead_real[0] = set->byte_class[0xC2];
  set->lead_real[1] = set->byte_class[0xE2];
  set->byte_class[0xC2] = set->byte_class[0xE2] = (guint16) set->lead_class;

  set->delta = g_new (guint32, (gsize) set->nstates * nc);
  for (gsize i = 0; i < (gsize) set->nstates * nc; i++) {
    guint32 t = set->next[i];
    gboolean accept = set->out[t] >= 0 || set->out_link[t] != NO_STATE;
    set->delta[i] = t * nc | (accept ? ACCEPT : 0);
  }
  return set;
}

void
phrase_set_free (PhraseSet *set)
{
  if (!set)
    return;
  g_free (set->next);
  g_free (set->delta);
  g_free (set->out);
  g_free (set->out_link);
  g_ptr_array_unref (set->phrases);
  g_free (set);
}

static gboolean
word_char_at (const char *text, gsize len, gsize pos)
{
  if (pos >= len)
    return FALSE;
  guchar c = (guchar) text[pos];
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '_';
  gunichar u = g_utf8_get_char_validated (text + pos, (gssize) (len - pos));
  return u < 0x110000 && g_unichar_isalnum (u);
}

static gboolean
word_char_before (const char *text, gsize pos)
{
  if (pos == 0)
    return FALSE;
  const char *prev = g_utf8_find_prev_char (text, text + pos);
  if (!prev)
    return FALSE;
  guchar c = (guchar) *prev;
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '_';
  return g_unichar_isalnum (g_utf8_get_char (prev));
}

/* Where a phrase that ends at `end` in the text started: walk back over
 * the normalised phrase, a space taking a whole run of separators. */
static gsize
phrase_start (const char *text, gsize from, gsize end, const char *norm)
{
  const guchar *begin = (const guchar *) text + from;
  const guchar *p = (const guchar *) text + end;
  for (gsize k = strlen (norm); k > 0; k--) {
    if (norm[k - 1] == ' ') {
      gsize n;
      while ((n = separator_before (p, begin)))
        p -= n;
    } else {
      p--;
    }
  }
  return (gsize) (p - (const guchar *) text);
}

static gboolean
report (const PhraseSet *set, guint32 state, const char *text, gsize len,
        gsize from, gsize e, PhraseHitFunc func, gpointer user_data)
{
  for (guint32 o = set->out[state] >= 0 ? state : set->out_link[state];
       o != NO_STATE; o = set->out_link[o]) {
    guint id = (guint) set->out[o];
    const char *norm = g_ptr_array_index (set->phrases, id);
    gsize nlen = strlen (norm);
    gsize st = phrase_start (text, from, e, norm);
    /* word boundaries where the phrase itself starts or ends in a word */
    if (g_ascii_isalnum (norm[0]) && word_char_before (text, st))
      continue;
    if (g_ascii_isalnum (norm[nlen - 1]) && word_char_at (text, len, e))
      continue;
    /* The chain runs longest first: "initial child protection
     * conference" is not also a "child protection conference". */
    return func (user_data, id, st, e);
  }
  return TRUE;
}

void
phrase_set_scan (const PhraseSet *set, const char *text, gsize len,
                 gsize from, gsize to, PhraseHitFunc func, gpointer user_data)
{
  const guchar *p = (const guchar *) text + from;
  const guchar *end = (const guchar *) text + to;
  const guint16 *cls = set->byte_class;
  const guint32 *delta = set->delta;
  const guint nc = set->nclasses;
  const guint lead = set->lead_class;
  guint32 row = 0;

  while (p < end) {
    guint c = cls[*p];
    if (G_UNLIKELY (c == lead)) {
      /* no-break spaces and Unicode hyphens are separators too; any
       * other character with this lead byte is no phrase's */
      gsize n = separator_at (p, end);
      c = n ? set->space_class : set->lead_real[*p == 0xE2];
      p += n ? n : 1;
    } else {
      p++;
    }
    guint32 v = delta[row + c];
    row = v & ~ACCEPT;
    if (G_UNLIKELY (v & ACCEPT)
        && !report (set, row / nc, text, len, from,
                    (gsize) (p - (const guchar *) text), func, user_data))
      return;
  }
}

static gboolean
stop_at_first (gpointer user_data, guint phrase, gsize start, gsize end)
{
  *(gboolean *) user_data = TRUE;
  return FALSE;
}

gboolean
phrase_set_any (const PhraseSet *set, const char *text, gsize len, gsize from,
                gsize to)
{
  gboolean found = FALSE;
  phrase_set_scan (set, text, len, from, to, stop_at_first, &found);
  return found;
}
