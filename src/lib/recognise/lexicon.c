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
    people_lexicon, tokens_lexicon, NULL,
  };
  return lists;
}

static GHashTable *
lexicon (void)
{
  static GHashTable *table;
  if (g_once_init_enter (&table)) {
    GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    for (const LexList *const *l = all_lists (); *l; l++)
      for (const LexList *list = *l; list->words; list++)
        for (const char *const *word = list->words; *word; word++) {
          guint64 *bits = g_hash_table_lookup (t, *word);
          if (!bits) {
            bits = g_new0 (guint64, 1);
            g_hash_table_insert (t, g_strdup (*word), bits);
          }
          *bits |= G_GUINT64_CONSTANT (1) << list->cls;
        }
    g_once_init_leave (&table, t);
  }
  return table;
}

static guint64
lookup (GHashTable *t, const char *key)
{
  const guint64 *bits = g_hash_table_lookup (t, key);
  return bits ? *bits : 0;
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
    char buf[48];
    if ((w->t[i].flags & TOK_ALPHA) && !(w->t[i].flags & TOK_NON_ASCII) && n < sizeof buf) {
      GHashTable *t = lexicon ();
      const char *s = tok_text (w, i);
      for (gsize k = 0; k < n; k++)
        buf[k] = g_ascii_tolower (s[k]);
      buf[n] = '\0';
      bits |= lookup (t, buf);
      /* a possessive: its stem too ("mum's" is a "mum") */
      if ((w->t[i].flags & TOK_POSSESSIVE) && tok_lower (w, i, buf, sizeof buf))
        bits |= lookup (t, buf);
    }
    w->lex[i] = bits;
  }
  return (bits & (G_GUINT64_CONSTANT (1) << cls)) != 0;
}
