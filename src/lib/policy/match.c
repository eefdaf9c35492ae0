/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Compiling and running matches: keyword lists and regular expressions
 * (PCRE2 with JIT), validators, and context words near a match. */
#include "config.h"

#include <string.h>

#include "policy-private.h"

/* Between the words of a phrase: whitespace as documents have it (line
 * breaks and no-break spaces included, so "Section\n47" and
 * "Section\u00a047" match "section 47"), or a hyphen, so that
 * "child-protection plan" matches "child protection plan" and back. */
#define WS "(?:[\\s\\x{a0}\\x{2007}\\x{202f}]+|[\\s\\x{a0}]*[-\\x{2010}\\x{2011}][\\s\\x{a0}]*)"

static void
append_escaped (GString *re, const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    char c = s[i];
    if (c == '-') {
      g_string_append (re, WS);
      continue;
    }
    if (strchr ("\\^$.|?*+()[]{}/#", c))
      g_string_append_c (re, '\\');
    g_string_append_c (re, c);
  }
}

static gboolean
word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static gint
longer_first (gconstpointer a, gconstpointer b)
{
  gsize na = strlen (*(char *const *) a), nb = strlen (*(char *const *) b);
  return na < nb ? 1 : na > nb ? -1 : 0;
}

/* One alternation for a phrase list, longest phrase first so that the
 * evidence is the longest phrase that matched. */
static char *
phrases_to_regex (GPtrArray *phrases)
{
  /* g_ptr_array_copy() would keep the free function: borrow instead */
  g_autoptr (GPtrArray) sorted = g_ptr_array_sized_new (phrases->len);
  for (guint i = 0; i < phrases->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (phrases, i));
  g_ptr_array_sort (sorted, longer_first);
  GString *re = g_string_new ("(?i:");
  for (guint i = 0; i < sorted->len; i++) {
    const char *ph = g_ptr_array_index (sorted, i);
    g_auto (GStrv) words = g_strsplit_set (ph, " \t\n", -1);
    if (i)
      g_string_append_c (re, '|');
    gsize n = strlen (ph);
    if (n && word_char (ph[0]))
      g_string_append (re, "\\b");
    gboolean first = TRUE;
    for (char **w = words; *w; w++) {
      if (!**w)
        continue;
      if (!first)
        g_string_append (re, WS);
      append_escaped (re, *w, strlen (*w));
      first = FALSE;
    }
    if (n && word_char (ph[n - 1]))
      g_string_append (re, "\\b");
  }
  g_string_append_c (re, ')');
  return g_string_free (re, FALSE);
}

static pcre2_code *
compile (const char *pattern, GError **error)
{
  int errcode;
  PCRE2_SIZE erroff;
  pcre2_code *re = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C,
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
  if (m->kind == MATCH_ANY_OF)
    return TRUE;

  g_autofree char *pattern = NULL;
  if (m->kind == MATCH_KEYWORDS)
    pattern = phrases_to_regex (m->keywords);
  else
    pattern = g_strdup (m->regex ? m->regex : m->validator->default_regex);
  if (!pattern) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                 "a validator-only match needs a validator");
    return FALSE;
  }
  m->re = compile (pattern, error);
  if (!m->re)
    return FALSE;

  if (m->context->len || m->context_regex) {
    GString *ctx = g_string_new (NULL);
    if (m->context->len) {
      g_autofree char *kw = phrases_to_regex (m->context);
      g_string_append (ctx, kw);
    }
    if (m->context_regex)
      g_string_append_printf (ctx, "%s(?:%s)", ctx->len ? "|" : "",
                              m->context_regex);
    GError *local = NULL;
    m->context_re = compile (ctx->str, &local);
    g_string_free (ctx, TRUE);
    if (!m->context_re) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY, "context: %s",
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
  pcre2_code_free (m->re);
  pcre2_code_free (m->context_re);
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

static gboolean
context_near (const PolicyMatch *m, const char *text, gsize len, gsize s,
              gsize e, pcre2_match_data *md)
{
  gsize ws = back_chars (text, s, m->context_window);
  gsize we = forward_chars (text, len, e, m->context_window);
  /* before and after separately: the match itself is not its own
   * context */
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

gboolean
policy_match_scan (const PolicyMatch *m, const PmarkDocument *doc,
                   MatchHits *hits, GError **error)
{
  pcre2_match_data *md = pcre2_match_data_create_from_pattern (m->re, NULL);
  pcre2_match_data *cmd = m->context_re
    ? pcre2_match_data_create_from_pattern (m->context_re, NULL)
    : NULL;
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < doc->parts->len; i++) {
    const PmarkTextPart *part = g_ptr_array_index (doc->parts, i);
    const char *text = part->text;
    gsize len = part->len, off = 0;
    LineCursor cur = { 0, 1 };

    while (off <= len) {
      int rc = pcre2_match (m->re, (PCRE2_SPTR) text, len, off,
                            PCRE2_NO_UTF_CHECK, md, NULL);
      if (rc == PCRE2_ERROR_NOMATCH)
        break;
      if (rc < 0) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message (rc, msg, sizeof msg);
        /* match and depth limits: hostile text against a costly pattern */
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                     "match '%s' gave up: %s", m->name, (const char *) msg);
        ok = FALSE;
        break;
      }
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer (md);
      gsize s = ov[0], e = ov[1], cs = s, ce = e;
      if (rc > 1 && ov[2] != PCRE2_UNSET)
        cs = ov[2], ce = ov[3];
      off = e > s ? e : forward_chars (text, len, s, 1);
      if (e == s && s >= len)
        off = len + 1;
      if (ce == cs)
        continue;

      char canon_buf[PMARK_CANON_MAX];
      g_autofree char *canon = NULL;
      if (m->validator) {
        if (!m->validator->validate (text + cs, ce - cs, canon_buf))
          continue;
        canon = g_strdup (canon_buf);
      } else {
        canon = fold_text (text + cs, ce - cs);
      }
      if (m->context_re && !context_near (m, text, len, s, e, cmd))
        continue;
      if (g_hash_table_contains (hits->distinct, canon))
        continue;
      g_hash_table_add (hits->distinct, g_steal_pointer (&canon));
      if (hits->examples->len < PMARK_REASON_MAX_EXAMPLES) {
        MatchExample *ex = g_new0 (MatchExample, 1);
        ex->where = describe_where (part, line_at (text, &cur, cs));
        ex->evidence = m->sensitive ? pmark_mask (text + cs, ce - cs)
                                    : fold_text (text + cs, ce - cs);
        g_ptr_array_add (hits->examples, ex);
      }
    }
  }
  pcre2_match_data_free (md);
  if (cmd)
    pcre2_match_data_free (cmd);
  return ok;
}
