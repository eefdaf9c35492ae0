/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Family relationships: "her son Zayn", "mum's partner Oliver", "Mother:
 * Kelly Smith", "Tyler (brother)", "maternal grandmother", "step-dad".
 * The word says which side the person named beside it is on: a son,
 * daughter or brother is a child; a mother, partner or uncle an adult.
 * A carer or guardian is no relationship by the word alone (a foster
 * carer, a children's guardian): a "Carer:" field says so (people.c). */
#include "config.h"

#include <string.h>

#include "recognise-private.h"

typedef struct {
  const char *word;
  RelKind kind;
} Relation;

static const Relation relations[] = {
  { "son", REL_CHILD }, { "daughter", REL_CHILD }, { "stepson", REL_CHILD },
  { "stepdaughter", REL_CHILD }, { "step-son", REL_CHILD },
  { "step-daughter", REL_CHILD }, { "grandson", REL_CHILD },
  { "granddaughter", REL_CHILD }, { "grandchild", REL_CHILD },
  { "grandchildren", REL_CHILD }, { "nephew", REL_CHILD }, { "niece", REL_CHILD },
  { "baby", REL_CHILD }, { "brother", REL_CHILD }, { "sister", REL_CHILD },
  { "half-brother", REL_CHILD }, { "half-sister", REL_CHILD },
  { "stepbrother", REL_CHILD }, { "stepsister", REL_CHILD },
  { "step-brother", REL_CHILD }, { "step-sister", REL_CHILD },
  { "sibling", REL_CHILD }, { "siblings", REL_CHILD }, { "twin", REL_CHILD },
  { "twins", REL_CHILD }, { "sons", REL_CHILD }, { "daughters", REL_CHILD },
  { "brothers", REL_CHILD }, { "sisters", REL_CHILD }, { "bro", REL_CHILD },
  { "sis", REL_CHILD }, { "newborn", REL_CHILD }, { "unborn", REL_CHILD },
  { "mother", REL_ADULT }, { "mum", REL_ADULT }, { "mummy", REL_ADULT },
  { "mom", REL_ADULT }, { "mam", REL_ADULT }, { "mammy", REL_ADULT },
  { "father", REL_ADULT }, { "dad", REL_ADULT }, { "daddy", REL_ADULT },
  { "stepmother", REL_ADULT }, { "stepmum", REL_ADULT }, { "step-mum", REL_ADULT },
  { "step-mother", REL_ADULT }, { "stepfather", REL_ADULT },
  { "stepdad", REL_ADULT }, { "step-dad", REL_ADULT }, { "step-father", REL_ADULT },
  { "parent", REL_ADULT }, { "parents", REL_ADULT }, { "grandmother", REL_ADULT },
  { "grandma", REL_ADULT }, { "nan", REL_ADULT }, { "nana", REL_ADULT },
  { "nanna", REL_ADULT }, { "gran", REL_ADULT }, { "granny", REL_ADULT },
  { "nanny", REL_ADULT }, { "grandfather", REL_ADULT }, { "grandad", REL_ADULT },
  { "granddad", REL_ADULT }, { "grandpa", REL_ADULT }, { "grandparent", REL_ADULT },
  { "grandparents", REL_ADULT }, { "great-grandmother", REL_ADULT },
  { "great-grandfather", REL_ADULT }, { "aunt", REL_ADULT },
  { "auntie", REL_ADULT }, { "aunty", REL_ADULT }, { "uncle", REL_ADULT },
  { "cousin", REL_ADULT }, { "partner", REL_ADULT }, { "ex-partner", REL_ADULT },
  { "boyfriend", REL_ADULT }, { "girlfriend", REL_ADULT }, { "husband", REL_ADULT },
  { "wife", REL_ADULT }, { "ex-husband", REL_ADULT }, { "ex-wife", REL_ADULT },
  { "ex-boyfriend", REL_ADULT }, { "ex-girlfriend", REL_ADULT },
  { "fiance", REL_ADULT }, { "fiancee", REL_ADULT }, { "spouse", REL_ADULT },
  { "godmother", REL_ADULT },
  { "godfather", REL_ADULT }, { "mother-in-law", REL_ADULT },
  { "father-in-law", REL_ADULT }, { "brother-in-law", REL_ADULT },
  { "sister-in-law", REL_ADULT },
};

/* Words before a relationship that make it one: "birth mother", "half
 * brother", "maternal grandmother", "step mum", "kinship carer" */
static const char *const qualifiers[] = {
  "birth", "biological", "half", "step", "maternal", "paternal", "foster",
  "kinship", "special", "adoptive", "great", "older", "younger", "elder",
  "big", "little", "baby", "twin", "ex", "new", "current", "former", NULL,
};

static RelKind
relation_word (const RecogniseConfig *cfg, const Window *w, guint i)
{
  if (i >= w->n || !(w->t[i].flags & TOK_ALPHA) || (w->t[i].flags & TOK_DIGIT))
    return REL_NONE;
  char buf[32];
  if (!tok_lower (w, i, buf, sizeof buf))
    return REL_NONE;
  for (gsize k = 0; k < G_N_ELEMENTS (relations); k++)
    if (strcmp (buf, relations[k].word) == 0)
      return relations[k].kind;
  if (cfg->relation_words && g_hash_table_contains (cfg->relation_words, buf))
    return REL_ADULT;
  return REL_NONE;
}

guint
relation_match (const RecogniseConfig *cfg, const Window *w, guint i, RelKind *kind)
{
  if (i >= w->n)
    return 0;
  RelKind k = relation_word (cfg, w, i);
  guint j = i;
  /* "half brother", "maternal grandmother": the qualifier and the word */
  if (k == REL_NONE && tok_in (w, i, qualifiers) >= 0 && tok_same_line (w, i, i + 1)) {
    k = relation_word (cfg, w, i + 1);
    j = i + 1;
  }
  if (k == REL_NONE)
    return 0;
  /* "mum's partner", "dad's girlfriend": the second is the relation */
  if ((w->t[j].flags & TOK_POSSESSIVE) && tok_same_line (w, j, j + 1)) {
    RelKind k2 = relation_word (cfg, w, j + 1);
    if (k2 != REL_NONE) {
      k = k2;
      j++;
    }
  }
  *kind = k;
  return j + 1 - i;
}
