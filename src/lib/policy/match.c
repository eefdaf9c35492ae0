/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Compiling and running matches: keyword lists and regular expressions
 * (PCRE2 with JIT), validators, and context words near a match. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "policy-private.h"

static pcre2_code *
compile (const char *pattern, guint32 flags, GError **error)
{
  int errcode;
  PCRE2_SIZE erroff;
  pcre2_code *re = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C | flags,
                                  &errcode, &erroff, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message (errcode, msg, sizeof msg);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                 "invalid regular expression at offset %zu: %s",
                 (size_t) erroff, (const char *) msg);
    return NULL;
  }
  /* Without JIT (some architectures) the interpreter gives the same
   * answers, only slower. */
  pcre2_jit_compile (re, PCRE2_JIT_COMPLETE);
  return re;
}

gboolean
policy_match_compile (PolicyMatch *m, const char *filename, GError **error)
{
  if (m->kind == MATCH_KEYWORDS)
    m->phrases = phrase_set_new (m->keywords);
  if (m->kind == MATCH_REGEX) {
    /* A validator's own pattern always has a digit near its start, so it
     * is only tried around digits (see regex_scan). */
    m->digit_anchored = !m->regex;
    m->re = compile (m->regex ? m->regex : m->validator->default_regex,
                     m->digit_anchored ? PCRE2_USE_OFFSET_LIMIT : 0, error);
    if (!m->re)
      return FALSE;
  }
  if (m->context->len)
    m->context_phrases = phrase_set_new (m->context);
  if (m->context_regex) {
    GError *local = NULL;
    m->context_re = compile (m->context_regex, 0, &local);
    if (!m->context_re) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY, "context-regex: %s",
                   local->message);
      g_error_free (local);
      return FALSE;
    }
  }
  return TRUE;
}

void
policy_match_free (PolicyMatch *m)
{
  g_free (m->name);
  if (m->keywords)
    g_ptr_array_unref (m->keywords);
  g_free (m->regex);
  g_ptr_array_unref (m->context);
  g_free (m->context_regex);
  if (m->any_of)
    g_ptr_array_unref (m->any_of);
  if (m->members)
    g_array_unref (m->members);
  phrase_set_free (m->phrases);
  phrase_set_free (m->context_phrases);
  pcre2_code_free (m->re);
  pcre2_code_free (m->context_re);
  g_free (m->identifiers);
  g_free (m->case_context);
  if (m->id_members)
    g_array_unref (m->id_members);
  g_free (m);
}

static void
example_free (gpointer p)
{
  MatchExample *e = p;
  g_free (e->where);
  g_free (e->evidence);
  g_free (e);
}

void
match_hits_init (MatchHits *hits)
{
  hits->distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          NULL);
  hits->examples = g_ptr_array_new_with_free_func (example_free);
}

void
match_hits_clear (MatchHits *hits)
{
  g_clear_pointer (&hits->distinct, g_hash_table_unref);
  g_clear_pointer (&hits->examples, g_ptr_array_unref);
  if (hits->spans) {
    for (guint i = 0; i < hits->spans->len; i++)
      g_free (g_array_index (hits->spans, MatchSpan, i).canon);
    g_clear_pointer (&hits->spans, g_array_unref);
  }
  g_clear_pointer (&hits->people, g_ptr_array_unref);
  g_clear_pointer (&hits->secrets, g_ptr_array_unref);
}

/* Steps `n` characters back from `pos`, or to the start. */
static gsize
back_chars (const char *text, gsize pos, guint n)
{
  while (pos > 0 && n > 0) {
    pos--;
    while (pos > 0 && ((guchar) text[pos] & 0xC0) == 0x80)
      pos--;
    n--;
  }
  return pos;
}

static gsize
forward_chars (const char *text, gsize len, gsize pos, guint n)
{
  while (pos < len && n > 0) {
    pos++;
    while (pos < len && ((guchar) text[pos] & 0xC0) == 0x80)
      pos++;
    n--;
  }
  return pos;
}

/* Whether the line at p has a gap of three spaces or a tab between
 * words: a row of a table set out with spaces */
static gboolean
spaced_columns (const char *p, gsize n)
{
  gboolean word = FALSE;
  for (gsize k = 0; k < n && p[k] != '\n'; k++) {
    if (p[k] == '\t' && word)
      return TRUE;
    if (p[k] == ' ' && k + 2 < n && p[k + 1] == ' ' && p[k + 2] == ' ' && word)
      return TRUE;
    word |= p[k] != ' ' && p[k] != '\t';
  }
  return FALSE;
}

/* The context in a header above the match, within its block (no blank
 * line between):
 * - a table set out with spaces: the context in its column's header, on a
 *   line above at the same place ("Passenger   UPN ...", a rule of
 *   dashes, then "Passenger 3 of 6  R208201925114"), within six lines;
 * - a list's header line ("Patient DOB NHS number Notes") over rows that
 *   wrap, or whose columns were lost (an HTML or PDF table read as running
 *   lines), within forty: a line of words with no figures (a line of
 *   values is a row, not the header). */
static gboolean
context_in_header (const PolicyMatch *m, const char *text, gsize len, gsize s, gsize e)
{
  gsize ls = s;
  while (ls > 0 && text[ls - 1] != '\n')
    ls--;
  gsize col = s - ls;
  gsize end = ls;
  /* a table set out with spaces: its rows have gaps of three spaces */
  gboolean spaced = spaced_columns (text + ls, len - ls);
  for (int up = 0; up < 40 && end > 0; up++) {
    gsize ple = end - 1; /* the newline ending the line above */
    gsize pls = ple;
    while (pls > 0 && text[pls - 1] != '\n')
      pls--;
    end = pls;
    gboolean blank = TRUE, rule = TRUE, figures = FALSE;
    for (gsize k = pls; k < ple; k++) {
      blank &= text[k] == ' ' || text[k] == '\t' || text[k] == '\r';
      rule &= strchr ("-=|+_ \t\r", text[k]) != NULL;
      figures |= g_ascii_isdigit (text[k]) != 0;
    }
    if (blank)
      return FALSE;
    if (rule)
      continue;
    if (!figures && phrase_set_any (m->context_phrases, text, len, pls, ple))
      return TRUE;
    if (!spaced || up >= 6)
      continue;
    gsize from = pls + (col > 2 ? col - 2 : 0);
    gsize to = MIN (ple, pls + col + (e - s) + 2);
    /* the column's header: words, no figures where the value stands */
    gboolean col_figures = FALSE;
    for (gsize k = from; k < to && k < ple; k++)
      col_figures |= g_ascii_isdigit (text[k]) != 0;
    if (from < to && from < ple && !col_figures && spaced_columns (text + pls, ple - pls)
        && phrase_set_any (m->context_phrases, text, len, from, to))
      return TRUE;
  }
  return FALSE;
}

/* The context the match asks for, within the window either side of it:
 * one of its context phrases if it has any, and its context regex if it
 * has one. The match itself is not its own context. */
static gboolean
context_near (const PolicyMatch *m, const char *text, gsize len, gsize s,
              gsize e, pcre2_match_data *md)
{
  gsize ws = back_chars (text, s, m->context_window);
  gsize we = forward_chars (text, len, e, m->context_window);
  if (m->context_phrases
      && !phrase_set_any (m->context_phrases, text, len, ws, s)
      && !phrase_set_any (m->context_phrases, text, len, e, we)
      && !context_in_header (m, text, len, s, e))
    return FALSE;
  if (!m->context_re)
    return TRUE;
  if (s > ws && pcre2_match (m->context_re, (PCRE2_SPTR) (text + ws), s - ws,
                             0, PCRE2_NO_UTF_CHECK, md, NULL) >= 0)
    return TRUE;
  return we > e && pcre2_match (m->context_re, (PCRE2_SPTR) (text + e), we - e,
                                0, PCRE2_NO_UTF_CHECK, md, NULL) >= 0;
}

/* Case-folded with whitespace collapsed: how keyword hits are told apart. */
static char *
fold_text (const char *s, gsize n)
{
  g_autofree char *folded = g_utf8_casefold (s, (gssize) n);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  for (const char *p = folded; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (g_unichar_isspace (c) || c == 0xA0 || c == 0x2007 || c == 0x202F) {
      space = out->len > 0;
      continue;
    }
    if (space)
      g_string_append_c (out, ' ');
    space = FALSE;
    g_string_append_unichar (out, c);
  }
  return g_string_free (out, FALSE);
}

typedef struct {
  gsize pos;   /* offset whose line is `line` */
  guint line;
} LineCursor;

static guint
line_at (const char *text, LineCursor *cur, gsize pos)
{
  while (cur->pos < pos) {
    const char *nl = memchr (text + cur->pos, '\n', pos - cur->pos);
    if (!nl) {
      cur->pos = pos;
      break;
    }
    cur->line++;
    cur->pos = (gsize) (nl - text) + 1;
  }
  return cur->line;
}

static char *
describe_where (const PmarkTextPart *part, guint line)
{
  if (part->lines && part->where)
    return g_strdup_printf ("%s, line %u", part->where, line);
  if (part->lines)
    return g_strdup_printf ("line %u", line);
  return g_strdup (part->where ? part->where : "text");
}

/* State of one scan of one text part. */
typedef struct {
  const PolicyMatch *m;
  const PmarkTextPart *part;
  MatchHits *hits;
  LineCursor cur;
  pcre2_match_data *cmd;   /* for the context regex */
  const PmarkDocument *doc;
  guint steps;             /* searches made, for the budget checks */
  guint part_index;
  gboolean folded;         /* the part is case-folded (keywords beyond ASCII) */
  gboolean read_as;        /* the hit is a term as OCR misread it */
  GArray *exact;           /* gsize start/end pairs of the hits as
                            * written, when terms are then read tolerantly */
} Scan;

/* A candidate at text[s, e) whose value is text[cs, ce): counts if it has
 * its context, once per distinct canonical value. */
static void
record (Scan *sc, gsize s, gsize e, gsize cs, gsize ce, char *canon)
{
  const char *text = sc->part->text;
  if ((sc->m->context_phrases || sc->m->context_re)
      && !context_near (sc->m, text, sc->part->len, s, e, sc->cmd)) {
    g_free (canon);
    return;
  }
  /* every place, for a people match to tell whose it is */
  if (sc->m->keep_spans) {
    if (!sc->hits->spans)
      sc->hits->spans = g_array_new (FALSE, FALSE, sizeof (MatchSpan));
    if (sc->hits->spans->len < 1000000) {
      MatchSpan sp = { sc->part_index, s, e, g_strdup (canon) };
      g_array_append_val (sc->hits->spans, sp);
    }
  }
  /* the lines a case term is on, for a people match to tell whose case
   * a list's row is */
  if (sc->m->keep_lines && !sc->m->keep_spans) {
    if (!sc->hits->spans)
      sc->hits->spans = g_array_new (FALSE, FALSE, sizeof (MatchSpan));
    GArray *sp = sc->hits->spans;
    const MatchSpan *last = sp->len ? &g_array_index (sp, MatchSpan, sp->len - 1) : NULL;
    if (sp->len < 4000000
        && (!last || last->part != sc->part_index || s < last->start
            || memchr (text + last->start, '\n', s - last->start))) {
      MatchSpan at = { sc->part_index, s, e, NULL };
      g_array_append_val (sp, at);
    }
  }
  if (g_hash_table_contains (sc->hits->distinct, canon)) {
    g_free (canon);
    return;
  }
  g_hash_table_add (sc->hits->distinct, canon);
  if (sc->hits->examples->len < PMARK_REASON_MAX_EXAMPLES) {
    MatchExample *ex = g_new0 (MatchExample, 1);
    ex->where = describe_where (sc->part, line_at (text, &sc->cur, cs));
    ex->evidence = sc->m->sensitive ? pmark_mask (text + cs, ce - cs)
                                    : fold_text (text + cs, ce - cs);
    if (sc->read_as) {
      char *said = g_strdup_printf ("%s (read as \"%s\")", canon, ex->evidence);
      g_free (ex->evidence);
      ex->evidence = said;
    }
    g_ptr_array_add (sc->hits->examples, ex);
  }
}

/* A keyword written in capitals in the policy (an acronym: MASH, DASH,
 * DA) whose letters in lower case are a word too ("sausage and mash", "a
 * dash of colour") or too short to tell ("da Silva") matches text in
 * capitals only; "rcpc" and "nfa" in a hurried note still count. */
static gboolean
acronym (const char *s)
{
  guint letters = 0;
  for (const char *p = s; *p; p++) {
    if (g_ascii_islower (*p))
      return FALSE;
    letters += g_ascii_isupper (*p) != 0;
  }
  if (letters < 2)
    return FALSE;
  if (letters == 2 && strlen (s) == 2)
    return TRUE;
  g_autofree char *lower = g_ascii_strdown (s, -1);
  return recognise_is_word (lower);
}

static gboolean
all_capitals (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (g_ascii_islower (s[i]))
      return FALSE;
  return TRUE;
}

/* Two capitals that are a surname's particle before a capitalised word:
 * "DA SILVA", "DA Costa" in a list of names, not domestic abuse */
static gboolean
name_particle (const char *text, gsize len, gsize start, gsize end)
{
  return recognise_is_particle (text + start, end - start) && end + 1 < len
         && text[end] == ' ' && g_ascii_isupper (text[end + 1]);
}

static gboolean
keyword_hit (gpointer user_data, guint phrase, gsize start, gsize end)
{
  Scan *sc = user_data;
  if (!sc->folded && phrase < sc->m->keywords->len
      && acronym (g_ptr_array_index (sc->m->keywords, phrase))
      && (!all_capitals (sc->part->text + start, end - start)
          || name_particle (sc->part->text, sc->part->len, start, end)))
    return TRUE;
  if (sc->exact) {
    g_array_append_val (sc->exact, start);
    g_array_append_val (sc->exact, end);
  }
  record (sc, start, end, start, end,
          g_strdup (phrase_set_get (sc->m->phrases, phrase)));
  return TRUE;
}

/* ---- terms as OCR misreads them ------------------------------------------ */

/* A term this long (letters and digits) is also found, on OCR parts,
 * across a lost or added space and with one letter wrong, missing or
 * extra: "ALADO referral" (the article run into it), "bruis ing",
 * "strategy discusion". Shorter ones match as written only. */
#define TOLERANT_MIN 6

/* The text's words (runs of ASCII letters and digits), lower-cased and
 * run together, with where each word starts and ends in both. */
typedef struct {
  GString *joined;
  GArray *words; /* Word */
} Joined;

typedef struct {
  gsize at, end;   /* in joined */
  gsize start, stop; /* in the text */
} Word;

static void
join_words (const char *text, gsize len, Joined *j)
{
  j->joined = g_string_sized_new (len);
  j->words = g_array_new (FALSE, FALSE, sizeof (Word));
  for (gsize i = 0; i < len;) {
    if (!g_ascii_isalnum (text[i])) {
      i++;
      continue;
    }
    Word w = { .at = j->joined->len, .start = i };
    for (; i < len && g_ascii_isalnum (text[i]); i++)
      g_string_append_c (j->joined, g_ascii_tolower (text[i]));
    w.end = j->joined->len;
    w.stop = i;
    g_array_append_val (j->words, w);
  }
}

/* Whether a and b differ by at most one letter changed, missing or extra */
static gboolean
within_one (const char *a, gsize na, const char *b, gsize nb)
{
  if (na > nb + 1 || nb > na + 1)
    return FALSE;
  gsize i = 0;
  while (i < na && i < nb && a[i] == b[i])
    i++;
  if (na == nb)
    return i == na || !memcmp (a + i + 1, b + i + 1, na - i - 1);
  if (na > nb)
    return !memcmp (a + i + 1, b + i, na - i - 1);
  return !memcmp (a + i, b + i + 1, nb - i - 1);
}

/* The term's letters and digits, lower-cased and run together, and how
 * many words it has; NULL when it is not all ASCII or too short. */
static char *
joined_term (const char *term, guint *words)
{
  GString *s = g_string_new (NULL);
  *words = 0;
  gboolean in = FALSE;
  for (const char *p = term; *p; p++) {
    if ((guchar) *p >= 0x80) {
      g_string_free (s, TRUE);
      return NULL;
    }
    gboolean alnum = g_ascii_isalnum (*p);
    if (alnum)
      g_string_append_c (s, g_ascii_tolower (*p));
    *words += alnum && !in;
    in = alnum;
  }
  if (s->len < TOLERANT_MIN) {
    g_string_free (s, TRUE);
    return NULL;
  }
  return g_string_free (s, FALSE);
}

/* Whether the words [w0, w1] are all words of the language (a real
 * word one letter from a term is another word: "polite", not "police";
 * "setting", not "sexting"); a letter alone counts as one ("s lapsed" is
 * no "slapped") */
static gboolean
all_real_words (const char *text, const Joined *j, guint w0, guint w1)
{
  for (guint k = w0; k <= w1; k++) {
    const Word *w = &g_array_index (j->words, Word, k);
    if (w->stop - w->start == 1)
      continue;
    g_autofree char *word = g_ascii_strdown (text + w->start, (gssize) (w->stop - w->start));
    if (!recognise_is_word (word))
      return FALSE;
  }
  return TRUE;
}

/* The keywords on an OCR part as OCR misreads them: each run of whole
 * words whose letters, run together, are the term's or one letter from
 * it, and that the scan as written did not find. Each is a hit whose
 * evidence says how it was read. */
static void
tolerant_scan (Scan *sc)
{
  const PmarkTextPart *part = sc->part;
  const char *text = part->text;
  Joined j;
  join_words (text, part->len, &j);
  for (guint t = 0; t < sc->m->keywords->len; t++) {
    const char *kw = g_ptr_array_index (sc->m->keywords, t);
    guint words = 0;
    g_autofree char *term = acronym (kw) ? NULL : joined_term (kw, &words);
    if (!term)
      continue;
    gsize n = strlen (term);
    for (guint w0 = 0; w0 < j.words->len; w0++) {
      const Word *first = &g_array_index (j.words, Word, w0);
      /* the term's first letter, or its second when the first is lost */
      if (j.joined->str[first->at] != term[0] && j.joined->str[first->at] != term[1]
          && (first->end - first->at < 2 || j.joined->str[first->at + 1] != term[0]))
        continue;
      for (guint w1 = w0; w1 < j.words->len && w1 < w0 + words + 1; w1++) {
        const Word *last = &g_array_index (j.words, Word, w1);
        gsize span = last->end - first->at;
        if (span > n + 1)
          break;
        if (span + 1 < n)
          continue;
        const char *cand = j.joined->str + first->at;
        if (!within_one (cand, span, term, n))
          continue;
        /* as written: the scan found it (one space between words) */
        gsize s = first->start, e = last->stop;
        g_autofree char *as_read = fold_text (text + s, e - s);
        g_strdelimit (as_read, "-", ' ');
        if (!strcmp (phrase_set_get (sc->m->phrases, t), as_read))
          continue;
        /* words a term as written covers ("Section 47 enquiry" is no
         * misread "s47 enquiry") */
        gboolean covered = FALSE;
        for (guint k = 0; k + 1 < sc->exact->len && !covered; k += 2)
          covered = g_array_index (sc->exact, gsize, k) < e
                    && s < g_array_index (sc->exact, gsize, k + 1);
        if (covered)
          continue;
        /* a letter read otherwise: unless what was read is real words */
        if ((span != n || memcmp (cand, term, n)) && all_real_words (text, &j, w0, w1))
          continue;
        sc->read_as = TRUE;
        record (sc, s, e, s, e, g_strdup (phrase_set_get (sc->m->phrases, t)));
        sc->read_as = FALSE;
      }
    }
  }
  g_string_free (j.joined, TRUE);
  g_array_unref (j.words);
}

/* Runs of ASCII digits, found eight bytes at a time. */
#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

static inline gboolean
word_has_digit (guint64 x)
{
  /* a byte b with 0x2F < b < 0x3A (Bit Twiddling Hacks' hasbetween, whose
   * bounds are exclusive) */
  guint64 lo7 = x & (ONES * 127);
  return ((ONES * (127 + 0x3A) - lo7) & ~x & (lo7 + ONES * (127 - 0x2F))
          & HIGHS) != 0;
}

static GArray *
find_digit_runs (const char *text, gsize len)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize i = 0;
  while (i < len) {
    while (i + 8 <= len) {
      guint64 w;
      memcpy (&w, text + i, 8);
      if (word_has_digit (w))
        break;
      i += 8;
    }
    while (i < len && !g_ascii_isdigit (text[i]))
      i++;
    if (i >= len)
      break;
    gsize start = i;
    while (i < len && g_ascii_isdigit (text[i]))
      i++;
    g_array_append_val (runs, start);
    g_array_append_val (runs, i);
  }
  return runs;
}

static void
view_part_free (gpointer p)
{
  PmarkTextPart *part = p;
  if (!part)
    return;
  g_free (part->where);
  g_bytes_unref (part->bytes);
  g_free (part);
}

/* A copy of `part` holding `text` (owned), lines and place as the part's */
static PmarkTextPart *
view_part (const PmarkTextPart *part, char *text, gsize len)
{
  PmarkTextPart *v = g_new0 (PmarkTextPart, 1);
  v->where = g_strdup (part->where);
  v->bytes = g_bytes_new_take (text, len);
  v->text = g_bytes_get_data (v->bytes, NULL);
  v->len = len;
  v->lines = part->lines;
  return v;
}

/* Only text beyond ASCII reads differently case-folded. */
static gboolean
has_non_ascii (const char *text, gsize len)
{
  for (const guchar *p = (const guchar *) text, *end = p + len; p < end; p++)
    if (*p >= 0x80)
      return TRUE;
  return FALSE;
}

/* Whether NFKC changes `c` (it has a compatibility decomposition: full-
 * width forms, ligatures, no-break and other spaces, ellipsis...) or it is
 * dropped (soft hyphen, zero-width characters). Letters with accents only
 * decompose canonically and compose back: unchanged. */
static gboolean
char_changes (gunichar c)
{
  if (c == 0x00AD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF)
    return TRUE;
  gunichar canon[G_UNICHAR_MAX_DECOMPOSITION_LENGTH], compat[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n1 = g_unichar_fully_decompose (c, FALSE, canon, G_N_ELEMENTS (canon));
  gsize n2 = g_unichar_fully_decompose (c, TRUE, compat, G_N_ELEMENTS (compat));
  return n1 != n2 || memcmp (canon, compat, n1 * sizeof (gunichar)) != 0;
}

/* Whether normalising changes any character of the span (valid UTF-8) */
static gboolean
span_changes (const char *s, gsize n)
{
  gunichar last = 0;
  gboolean changes = FALSE;
  for (const char *p = s, *end = s + n; p < end;) {
    if ((guchar) *p < 0x80) {
      p++;
      continue;
    }
    gunichar c = g_utf8_get_char (p);
    if (c != last) {
      last = c;
      changes = char_changes (c);
    }
    if (changes)
      return TRUE;
    p = g_utf8_next_char (p);
  }
  return FALSE;
}

/* NFKC, then without soft hyphens and zero-width characters; NULL when
 * that changes nothing or the text is not plain UTF-8 (NULs) */
static char *
normalised (const char *text, gsize len, gsize *out_len)
{
  if (!len || memchr (text, '\0', len) || !span_changes (text, len))
    return NULL;
  GString *s = g_string_sized_new (len + len / 16);
  /* in pieces: GLib's composition moves the rest of its buffer for every
   * character it composes, quadratic on a long text. A piece ends after a
   * line, or before an ASCII byte (which never composes with what comes
   * before it), so the pieces normalise as the whole would. */
  for (gsize at = 0; at < len;) {
    gsize end = MIN (len, at + 16384);
    if (end < len) {
      const char *nl = memchr (text + at, '\n', end - at);
      if (nl) {
        end = (gsize) (nl - text) + 1;
      } else {
        gsize cut = end;
        while (cut > at && (guchar) text[cut] >= 0x80)
          cut--;
        if (cut > at)
          end = cut;
        else /* no ASCII at all: at a character boundary */
          while (end < len && ((guchar) text[end] & 0xC0) == 0x80)
            end++;
      }
    }
    if (!span_changes (text + at, end - at)) {
      /* most lines need nothing: copied as they are */
      g_string_append_len (s, text + at, (gssize) (end - at));
      at = end;
      continue;
    }
    g_autofree char *nfkc = g_utf8_normalize (text + at, (gssize) (end - at),
                                              G_NORMALIZE_ALL_COMPOSE);
    at = end;
    if (!nfkc)
      continue;
    for (const char *p = nfkc; *p;) {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      if (c != 0x00AD && c != 0x200B && c != 0x200C && c != 0x200D && c != 0x2060
          && c != 0xFEFF)
        g_string_append_len (s, p, next - p);
      p = next;
    }
  }
  if (s->len == len && !memcmp (s->str, text, len)) {
    g_string_free (s, TRUE);
    return NULL;
  }
  *out_len = s->len;
  return g_string_free (s, FALSE);
}

void
scan_cache_init (ScanCache *cache, const PmarkDocument *doc)
{
  cache->doc = doc;
  cache->tolerant = FALSE;
  cache->digit_runs = g_new0 (GArray *, doc->parts->len + 1);
  cache->view = g_ptr_array_new ();
  cache->owned = g_ptr_array_new_with_free_func (view_part_free);
  cache->folded = g_ptr_array_new_with_free_func (view_part_free);
  g_ptr_array_set_size (cache->folded, doc->parts->len);
  for (guint i = 0; i < doc->parts->len; i++) {
    const PmarkTextPart *p = g_ptr_array_index (doc->parts, i);
    gsize n = 0;
    char *text = normalised (p->text, p->len, &n);
    if (text) {
      PmarkTextPart *v = view_part (p, text, n);
      g_ptr_array_add (cache->owned, v);
      g_ptr_array_add (cache->view, v);
    } else {
      g_ptr_array_add (cache->view, (gpointer) p);
    }
  }
}

void
scan_cache_clear (ScanCache *cache)
{
  for (guint i = 0; cache->digit_runs && i < cache->doc->parts->len; i++)
    if (cache->digit_runs[i])
      g_array_unref (cache->digit_runs[i]);
  g_clear_pointer (&cache->digit_runs, g_free);
  g_clear_pointer (&cache->view, g_ptr_array_unref);
  g_clear_pointer (&cache->owned, g_ptr_array_unref);
  g_clear_pointer (&cache->folded, g_ptr_array_unref);
}

/* the part as keywords beyond ASCII are matched: case-folded */
static const PmarkTextPart *
folded_part (ScanCache *cache, guint part)
{
  const PmarkTextPart *p = g_ptr_array_index (cache->view, part);
  if (!has_non_ascii (p->text, p->len) || memchr (p->text, '\0', p->len))
    return p;
  if (!g_ptr_array_index (cache->folded, part)) {
    char *f = g_utf8_casefold (p->text, (gssize) p->len);
    cache->folded->pdata[part] = view_part (p, f, strlen (f));
  }
  return g_ptr_array_index (cache->folded, part);
}

static GArray *
digit_runs (ScanCache *cache, guint part)
{
  if (!cache->digit_runs[part]) {
    const PmarkTextPart *p = g_ptr_array_index (cache->view, part);
    cache->digit_runs[part] = find_digit_runs (p->text, p->len);
  }
  return cache->digit_runs[part];
}

/* One search from `off` for a match starting at or before `limit` (the
 * offset limit, when the pattern allows one). Returns 1 on a match, 0 on
 * none, -1 on error. */
static int
regex_next (Scan *sc, pcre2_match_data *md, pcre2_match_context *mc,
            gsize off, gsize *next, GError **error)
{
  const char *text = sc->part->text;
  gsize len = sc->part->len;
  const PolicyMatch *m = sc->m;
  /* scanning counts against the document's time and memory budgets */
  if ((++sc->steps & 0xFFF) == 0 && !pmark_document_check_budget (sc->doc, error))
    return -1;
  int rc = pcre2_match (m->re, (PCRE2_SPTR) text, len, off, PCRE2_NO_UTF_CHECK,
                        md, mc);
  if (rc == PCRE2_ERROR_NOMATCH)
    return 0;
  if (rc < 0) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message (rc, msg, sizeof msg);
    /* match and depth limits: hostile text against a costly pattern */
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "match '%s' gave up: %s", m->name, (const char *) msg);
    return -1;
  }
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer (md);
  gsize s = ov[0], e = ov[1], cs = s, ce = e;
  if (rc > 1 && ov[2] != PCRE2_UNSET)
    cs = ov[2], ce = ov[3];
  *next = e > s ? e : (s >= len ? len + 1 : forward_chars (text, len, s, 1));
  if (ce > cs) {
    char canon[PMARK_CANON_MAX];
    if (!m->validator)
      record (sc, s, e, cs, ce, fold_text (text + cs, ce - cs));
    else if (m->validator->validate (text + cs, ce - cs, canon))
      record (sc, s, e, cs, ce, g_strdup (canon));
  }
  return 1;
}

/* A validator's pattern can only match where a digit lies within
 * digit_lead characters of the start; so only the stretches before and
 * over each run of digits are searched, with PCRE2's offset limit keeping
 * match starts inside them. The subject is still the whole text, so word
 * boundaries and lookbehinds see what a full scan would, and the matches
 * found are the same. */
static gboolean
regex_scan_digits (Scan *sc, GArray *runs, pcre2_match_data *md,
                   GError **error)
{
  const char *text = sc->part->text;
  pcre2_match_context *mc = pcre2_match_context_create (NULL);
  gsize off = 0;
  int rc = 0;
  for (guint r = 0; r + 1 < runs->len && rc >= 0; r += 2) {
    gsize d = g_array_index (runs, gsize, r);
    gsize end = g_array_index (runs, gsize, r + 1);
    gsize ws = MAX (off, back_chars (text, d, sc->m->validator->digit_lead));
    while (ws < end) {
      pcre2_set_offset_limit (mc, end - 1);
      rc = regex_next (sc, md, mc, ws, &off, error);
      if (rc <= 0)
        break;
      ws = off;
    }
  }
  pcre2_match_context_free (mc);
  return rc >= 0;
}

static gboolean
regex_scan (Scan *sc, pcre2_match_data *md, GError **error)
{
  gsize off = 0, len = sc->part->len;
  while (off <= len) {
    int rc = regex_next (sc, md, NULL, off, &off, error);
    if (rc <= 0)
      return rc == 0;
  }
  return TRUE;
}

gboolean
policy_match_scan (const PolicyMatch *m, ScanCache *cache, MatchHits *hits,
                   GError **error)
{
  const PmarkDocument *doc = cache->doc;
  pcre2_match_data *md = m->re
    ? pcre2_match_data_create_from_pattern (m->re, NULL) : NULL;
  Scan sc = { .m = m, .hits = hits, .doc = doc };
  sc.cmd = m->context_re
    ? pcre2_match_data_create_from_pattern (m->context_re, NULL) : NULL;
  gboolean ok = TRUE;
  gboolean fold = m->kind == MATCH_KEYWORDS && phrase_set_needs_casefold (m->phrases);

  for (guint i = 0; ok && i < doc->parts->len; i++) {
    if (!(ok = pmark_document_check_budget (doc, error)))
      break;
    sc.part = g_ptr_array_index (cache->view, i);
    sc.part_index = i;
    sc.cur = (LineCursor){ 0, 1 };
    if (fold)
      sc.part = folded_part (cache, i);
    sc.folded = fold;
    if (m->kind == MATCH_KEYWORDS) {
      /* OCR's own part (its digit-corrected copy changes no letter) */
      const PmarkTextPart *p = g_ptr_array_index (doc->parts, i);
      gboolean tolerant = cache->tolerant && p->confidence && !fold && p->where
                          && g_str_has_suffix (p->where, "(OCR)");
      sc.exact = tolerant ? g_array_new (FALSE, FALSE, sizeof (gsize)) : NULL;
      phrase_set_scan (m->phrases, sc.part->text, sc.part->len, 0,
                       sc.part->len, keyword_hit, &sc);
      if (tolerant)
        tolerant_scan (&sc);
      g_clear_pointer (&sc.exact, g_array_unref);
    }
    else if (m->digit_anchored)
      ok = regex_scan_digits (&sc, digit_runs (cache, i), md, error);
    else
      ok = regex_scan (&sc, md, error);
  }
  if (md)
    pcre2_match_data_free (md);
  if (sc.cmd)
    pcre2_match_data_free (sc.cmd);
  return ok;
}

/* Every span of `text` that has the shape of an identifier the policy
 * treats as sensitive (its pattern, checksum or not), masked. */
char *
pmark_policy_mask (const PmarkPolicy *policy, const char *text)
{
  if (!text)
    return NULL;
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  gsize len = strlen (valid);
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (gsize));
  pcre2_match_data *md = NULL;
  for (guint i = 0; i < policy->matches->len; i++) {
    const PolicyMatch *m = g_ptr_array_index (policy->matches, i);
    if (m->kind != MATCH_REGEX || !m->sensitive || !m->re)
      continue;
    if (!md)
      md = pcre2_match_data_create (16, NULL);
    gsize off = 0;
    while (off < len) {
      int rc = pcre2_match (m->re, (PCRE2_SPTR) valid, len, off, 0, md, NULL);
      if (rc < 0)
        break;
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer (md);
      gsize s = ov[0], e = ov[1];
      if (e <= s) {
        off = s + 1;
        while (off < len && (valid[off] & 0xC0) == 0x80)
          off++;
        continue;
      }
      g_array_append_val (spans, s);
      g_array_append_val (spans, e);
      off = e;
    }
  }
  if (md)
    pcre2_match_data_free (md);
  if (!spans->len)
    return g_steal_pointer (&valid);
  /* masked in text order, overlapping spans joined */
  GString *out = g_string_sized_new (len);
  gsize at = 0;
  while (TRUE) {
    gsize best = G_MAXSIZE, best_end = 0;
    for (guint k = 0; k + 1 < spans->len; k += 2) {
      gsize s = g_array_index (spans, gsize, k), e = g_array_index (spans, gsize, k + 1);
      if (e > at && MAX (s, at) < best)
        best = MAX (s, at), best_end = e;
    }
    if (best == G_MAXSIZE)
      break;
    for (gboolean grew = TRUE; grew;) {
      grew = FALSE;
      for (guint k = 0; k + 1 < spans->len; k += 2) {
        gsize s = g_array_index (spans, gsize, k), e = g_array_index (spans, gsize, k + 1);
        if (s <= best_end && e > best_end)
          best_end = e, grew = TRUE;
      }
    }
    g_string_append_len (out, valid + at, (gssize) (best - at));
    g_autofree char *m = pmark_mask (valid + best, best_end - best);
    g_string_append (out, m);
    at = best_end;
  }
  g_string_append (out, valid + at);
  return g_string_free (out, FALSE);
}
