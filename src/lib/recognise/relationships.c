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

/* The person so called is a child: a son, a daughter, a brother */
static const char *const child_side[] = {
  "son", "daughter", "stepson", "stepdaughter", "step-son", "step-daughter",
  "grandson", "granddaughter", "grandchild", "grandchildren", "nephew",
  "niece", "baby", "brother", "sister", "half-brother", "half-sister",
  "stepbrother", "stepsister", "step-brother", "step-sister", "sibling",
  "siblings", "twin", "twins", "sons", "daughters", "brothers", "sisters",
  "bro", "sis", "newborn", "unborn", NULL,
};

/* The person so called is an adult: a parent, a partner, an uncle */
static const char *const adult_side[] = {
  "mother", "mum", "mummy", "mom", "mam", "mammy", "father", "dad", "daddy",
  "stepmother", "stepmum", "step-mum", "step-mother", "stepfather",
  "stepdad", "step-dad", "step-father", "parent", "parents", "grandmother",
  "grandma", "nan", "nana", "nanna", "gran", "granny", "nanny",
  "grandfather", "grandad", "granddad", "grandpa", "grandparent",
  "grandparents", "great-grandmother", "great-grandfather", "aunt", "auntie",
  "aunty", "uncle", "cousin", "partner", "ex-partner", "boyfriend",
  "girlfriend", "husband", "wife", "ex-husband", "ex-wife", "ex-boyfriend",
  "ex-girlfriend", "fiance", "fiancee", "spouse", "godmother", "godfather",
  "mother-in-law", "father-in-law", "brother-in-law", "sister-in-law", NULL,
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
  if (tok_lex (w, i, LEX_REL_CHILD))
    return REL_CHILD;
  if (tok_lex (w, i, LEX_REL_ADULT) || config_has_word (cfg->relation_words, w, i))
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
  if (k == REL_NONE && tok_lex (w, i, LEX_REL_QUALIFIER) && tok_same_line (w, i, i + 1)) {
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

const LexList relationships_lexicon[] = {
  { child_side, LEX_REL_CHILD }, { adult_side, LEX_REL_ADULT },
  { qualifiers, LEX_REL_QUALIFIER }, { child_side, LEX_TRIGGER },
  { adult_side, LEX_TRIGGER }, { qualifiers, LEX_TRIGGER }, { NULL, 0 },
};
