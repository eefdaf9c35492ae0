/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the recognisers of this folder share: their settings, the name
 * table, and each recogniser's entry, over a window of tokens. */
#pragma once

#include "recognise.h"
#include "tokens.h"

G_BEGIN_DECLS

struct _RecogniseConfig {
  gboolean enabled[RECOGNISER_COUNT];
  GHashTable *forenames;     /* person-names: forenames = (folded) */
  GHashTable *not_names;     /* person-names: not-names = (folded) */
  GHashTable *street_words;  /* addresses: street-words = (lower case) */
  GHashTable *dob_labels;    /* dates-of-birth: labels = (lower case) */
  GHashTable *school_words;  /* schools: words = */
  GHashTable *relation_words;/* relationships: words = */
  GHashTable *job_titles;    /* professional-roles: job-titles = */
  GHashTable *work_domains;  /* professional-roles: work-domains = */
  GHashTable *public_titles; /* professional-roles: public-titles = */
};

/* ---- names.c ---------------------------------------------------------- */

enum {
  NAME_FORENAME = 1,
  NAME_SURNAME = 2,
  NAME_WORD = 4,     /* an everyday English word too (Will, Rose, Young) */
};

typedef struct {
  guint8 flags;
  guint8 forename_band, surname_band; /* 1..255: log of how common */
  guint8 word_band;                   /* 1..3: 3 among the commonest words */
} NameInfo;

/* Folds a name as the table's keys are: accents dropped, lower case,
 * curly apostrophes straight. Returns the length, 0 if it does not fit. */
gsize name_fold (const char *s, gsize len, char *out, gsize size);
gboolean names_lookup_folded (const char *key, gsize n, NameInfo *info);
/* The word as a name, with the policy's additions and exclusions. */
gboolean names_lookup (const RecogniseConfig *cfg, const char *s, gsize len,
                       NameInfo *info);
guint names_table_entries (void);
/* names_lookup of token i, looked up once per window */
gboolean tok_names (const RecogniseConfig *cfg, const Window *w, guint i, NameInfo *info);

/* A set of lower-case words from the policy holds the token (its stem for a
 * possessive). */
gboolean config_has_word (GHashTable *set, const Window *w, guint i);

/* ---- addresses.c ------------------------------------------------------ */

/* A valid UK postcode at token i ("CR0 2AB": two tokens, "CR02AB": one):
 * the number of tokens, else 0. */
guint address_postcode (const Window *w, guint i);
/* A street address starting at token i ("14 Elm Road", "Flat 2, 9 Mill
 * Lane", "14a Elm Road, Croydon CR0 2AB"): the number of tokens, the
 * town and postcode after it included, else 0. */
guint address_street (const RecogniseConfig *cfg, const Window *w, guint i);
/* A word that names a kind of street (Road, Close, Crescent...) */
gboolean address_street_word (const RecogniseConfig *cfg, const Window *w, guint i);
/* A word that names a place or an organisation rather than a person
 * (School, Hospital, Council, Centre, Road...). */
gboolean address_place_word (const RecogniseConfig *cfg, const Window *w, guint i);
/* A word only an institution's name has (School, Council, Team, Ltd): never
 * a surname, unlike Hall, Wood or Ward */
gboolean address_institution_word (const Window *w, guint i);
/* A nation, region, county, city or London borough ("Croydon") */
gboolean address_place_name (const Window *w, guint i);
/* "North", "East", "Greater", "Royal": a place's name follows */
gboolean address_place_prefix (const Window *w, guint i);
/* A word of a venue's name (an institution's, or Hall, House, Church...) */
gboolean address_venue_word (const Window *w, guint i);
/* An ordinal written with digits ("2nd", "6th") */
gboolean address_ordinal (const Window *w, guint i);
/* The number of a floor, a suite or a level in a building: an ordinal
 * ("6th & 7th Floor"), "Suite 4", "Level 2", "Unit 3" */
gboolean address_floor_number (const Window *w, guint i);

/* ---- ages.c ----------------------------------------------------------- */

/* An age at token i ("aged 7", "7yo", "7 years old", "14 months",
 * "7-year-old"; `loose` also "7 weeks", "14 months" with no "old", which
 * are ages only beside a name): the number of tokens, else 0; *years
 * the age in whole years (0 under one). */
guint age_match (const Window *w, guint i, gboolean loose, int *years);
/* A number written as a word, "zero" to "nineteen": its value, else -1 */
int age_number_word (const Window *w, guint i);

/* ---- dates.c ---------------------------------------------------------- */

/* A calendar date at token i (3/5/19, 03.05.2019, 24-May-2012, 3rd May
 * 2019, May 3, 2019): the number of tokens, else 0; *year its year (two
 * digits read as the nearest past century). */
guint date_match (const Window *w, guint i, int *year);
/* A label that says the date beside it is a birth date ("DOB", "D.O.B.",
 * "date of birth", "born", "b."), ending at token i (inclusive) or
 * starting there: the number of tokens, else 0. */
guint dob_label_at (const RecogniseConfig *cfg, const Window *w, guint i);
/* The current year (once per process) */
int dates_this_year (void);

/* ---- schools.c -------------------------------------------------------- */

/* A school, class or year group at token i ("Year 3", "Y9", "Yr 11",
 * "Reception", "Class 4B", "Elm Road Primary School"): tokens, else 0. */
guint school_match (const RecogniseConfig *cfg, const Window *w, guint i);

/* ---- relationships.c -------------------------------------------------- */

typedef enum {
  REL_NONE,
  REL_CHILD,   /* the person so called is a child: son, daughter, baby,
                * brother, sister... */
  REL_ADULT,   /* a parent, carer, partner or other adult relative */
} RelKind;

/* A family relationship at token i ("mum", "mum's partner", "step-dad",
 * "maternal grandmother", "half brother"): the number of tokens, else 0. */
guint relation_match (const RecogniseConfig *cfg, const Window *w, guint i,
                      RelKind *kind);

/* ---- roles.c ---------------------------------------------------------- */

typedef enum {
  TITLE_NONE,
  TITLE_PRIVATE,      /* Mr, Mrs, Ms, Miss, Mx, Master */
  TITLE_PROFESSIONAL, /* Dr, PC, DC, DS, Sgt, Prof... */
  TITLE_PUBLIC,       /* Cllr, Councillor, MP, Lord, Baroness... */
} TitleKind;

/* A title at token i (with its full stop): the number of tokens, else 0. */
guint role_title (const RecogniseConfig *cfg, const Window *w, guint i,
                  TitleKind *kind);
/* A job title or role at token i ("Social Worker", "PE Lead", "DSL",
 * "class teacher", "Head of Year 9", "training coordinator"), or an
 * agency ("Luton CSC", "Met Police"): the number of tokens, else 0. */
guint role_match (const RecogniseConfig *cfg, const Window *w, guint i);
/* One word that is a job, a role or an agency (the head of a title) */
gboolean role_word (const RecogniseConfig *cfg, const Window *w, guint i);
/* An e-mail address at token i: its tokens, else 0; *work when its
 * domain is an organisation's (gov.uk, nhs.net, sch.uk, police.uk...,
 * and the policy's work-domains). */
guint role_email (const RecogniseConfig *cfg, const Window *w, guint i,
                  gboolean *work);
/* The e-mail address of `len` tokens at i is at a personal mailbox
 * (gmail.com, hotmail.co.uk...) */
gboolean role_email_personal (const Window *w, guint i, guint len);
/* A telephone number at token i (020 7946 0000, 07700 900123, +44...):
 * its tokens, else 0 */
guint role_phone (const Window *w, guint i);
/* A closing ("Kind regards", "Many thanks", "Yours sincerely") ending at
 * token i or starting there: tokens, else 0. */
guint role_closing (const Window *w, guint i);
/* A field label ending in ':' at token i ("Referrer:", "Allocated
 * worker:", "Present:"), whose names are professionals': tokens with the
 * colon, else 0. */
guint role_label (const Window *w, guint i);

/* ---- lexicon.c: each recogniser's word lists ------------------------- */

extern const LexList addresses_lexicon[], relationships_lexicon[], roles_lexicon[],
  schools_lexicon[], people_lexicon[], tokens_lexicon[], dates_lexicon[],
  ages_lexicon[];
extern const char *const tokens_abbreviations[];

G_END_DECLS
