/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A set of phrases found in one pass (Aho-Corasick). Matching is
 * case-insensitive for ASCII letters; between words any run of white space
 * (line breaks and no-break spaces included) or hyphens matches, so
 * "section 47" finds "Section\n47" and "child protection plan" finds
 * "child-protection plan". Phrases match at word boundaries; where
 * several end at the same place, only the longest is reported. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PhraseSet PhraseSet;

/* Called for each match; return FALSE to stop the scan. */
typedef gboolean (*PhraseHitFunc) (gpointer user_data, guint phrase,
                                   gsize start, gsize end);

PhraseSet *phrase_set_new (GPtrArray *phrases);
void phrase_set_free (PhraseSet *set);
/* The phrase as normalised (lower case, single spaces). */
const char *phrase_set_get (const PhraseSet *set, guint phrase);
/* Whether a phrase has letters beyond ASCII: the text must then be
 * case-folded (g_utf8_casefold) before it is scanned. */
gboolean phrase_set_needs_casefold (const PhraseSet *set);
/* Scans text[from, to); matches lie wholly inside it, but word
 * boundaries are judged against the whole text[0, len). */
void phrase_set_scan (const PhraseSet *set, const char *text, gsize len,
                      gsize from, gsize to, PhraseHitFunc func,
                      gpointer user_data);
gboolean phrase_set_any (const PhraseSet *set, const char *text, gsize len,
                         gsize from, gsize to);

G_END_DECLS
