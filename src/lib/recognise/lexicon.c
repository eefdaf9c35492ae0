/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The recognisers' words in one table: every word list of this folder
 * (street kinds, job titles, relationships, field labels...) with the
 * class it gives a word, looked up once per token (tok_lex) instead of
 * list by list. Each list stays in the file of its recogniser, which
 * lists them in its NAME_lexicon[]. */
#include "config.h"

#include <string.h>

#include "recognise-private.h"

#define LEX_KNOWN (G_GUINT64_CONSTANT (1) << 63)

static const LexList *const *
all_lists (void)
{
  static const LexList *const lists[] = {
    addresses_lexicon, relationships_lexicon, roles_lexicon, schools_lexicon,
    people_lexicon, tokens_lexicon, dates_lexicon, ages_lexicon, NULL,
  };
  return lists;
}

/* An open-addressing table of the lower-case words, hashed as tokens
 * are read (FNV-1a over the bytes lower-cased), so that a token is looked
 * up without copying it. */
typedef struct {
  guint32 mask;
  guint32 *slot;       /* index + 1 into the words, 0 empty */
  const char **word;
  guint8 *len;
  guint64 *bits;
} Lexicon;

static inline guint32
fnv_lower (const char *s, gsize n)
{
  guint32 h = 0x811C9DC5u;
  for (gsize i = 0; i < n; i++) {
    h ^= (guchar) g_ascii_tolower (s[i]);
    h *= 0x01000193u;
  }
  return h;
}

static const Lexicon *
lexicon (void)
{
  static Lexicon lx;
  static gsize done;
  if (g_once_init_enter (&done)) {
    /* the words, each with the classes of every list that has it */
    GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
    for (const LexList *const *l = all_lists (); *l; l++)
      for (const LexList *list = *l; list->words; list++)
        for (const char *const *word = list->words; *word; word++) {
          guint64 *bits = g_hash_table_lookup (t, *word);
          if (!bits) {
            bits = g_new0 (guint64, 1);
            g_hash_table_insert (t, (gpointer) *word, bits);
          }
          *bits |= G_GUINT64_CONSTANT (1) << list->cls;
        }
    guint n = g_hash_table_size (t), size = 1;
    while (size < 4 * n)
      size *= 2;
    lx.mask = size - 1;
    lx.slot = g_new0 (guint32, size);
    lx.word = g_new (const char *, n);
    lx.len = g_new (guint8, n);
    lx.bits = g_new (guint64, n);
    GHashTableIter it;
    gpointer key, value;
    guint k = 0;
    g_hash_table_iter_init (&it, t);
    while (g_hash_table_iter_next (&it, &key, &value)) {
      lx.word[k] = key;
      lx.len[k] = (guint8) MIN (strlen (key), 255);
      lx.bits[k] = *(guint64 *) value;
      guint32 h = fnv_lower (key, lx.len[k]) & lx.mask;
      while (lx.slot[h])
        h = (h + 1) & lx.mask;
      lx.slot[h] = ++k;
    }
    g_hash_table_unref (t);
    g_once_init_leave (&done, 1);
  }
  return &lx;
}

static guint64
lookup (const Lexicon *lx, const char *s, gsize n)
{
  for (guint32 h = fnv_lower (s, n) & lx->mask;; h = (h + 1) & lx->mask) {
    guint32 k = lx->slot[h];
    if (!k)
      return 0;
    k--;
    if (lx->len[k] == n && g_ascii_strncasecmp (lx->word[k], s, n) == 0)
      return lx->bits[k];
  }
}

gboolean
tok_lex (const Window *w, guint i, LexClass cls)
{
  if (i >= w->n)
    return FALSE;
  guint64 bits = w->lex[i];
  if (!(bits & LEX_KNOWN)) {
    bits = LEX_KNOWN;
    gsize n = tok_len (w, i);
    if ((w->t[i].flags & TOK_ALPHA) && !(w->t[i].flags & TOK_NON_ASCII) && n < 48) {
      const Lexicon *lx = lexicon ();
      const char *s = tok_text (w, i);
      bits |= lookup (lx, s, n);
      /* a possessive: its stem too ("mum's" is a "mum") */
      if (w->t[i].flags & TOK_POSSESSIVE)
        bits |= lookup (lx, s, n - (s[n - 2] == '\'' ? 2 : 4));
      /* "Jul-Sep", "Mon-Fri": a range of months or days is one */
      const char *h = memchr (s, '-', n);
      if (h && h > s && h < s + n - 1) {
        guint64 cal = G_GUINT64_CONSTANT (1) << LEX_CALENDAR;
        if (lookup (lx, s, (gsize) (h - s)) & lookup (lx, h + 1, (gsize) (s + n - h - 1)) & cal)
          bits |= cal;
      }
    }
    w->lex[i] = bits;
  }
  return (bits & (G_GUINT64_CONSTANT (1) << cls)) != 0;
}
