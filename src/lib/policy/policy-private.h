/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <pmark/pmark.h>

#include "phrases.h"
#include "recognise/recognise.h"
#include "settings.h"

G_BEGIN_DECLS

typedef enum {
  MATCH_KEYWORDS,
  MATCH_REGEX,
  MATCH_ANY_OF,
  MATCH_PEOPLE,              /* recogniser = people (recognise/) */
} MatchKind;

typedef struct {
  char *name;
  guint line;
  MatchKind kind;
  GPtrArray *keywords;       /* char*, MATCH_KEYWORDS */
  char *regex;               /* MATCH_REGEX; NULL means the validator's */
  const PmarkValidator *validator;
  GPtrArray *context;        /* char* phrases, may be empty */
  char *context_regex;       /* may be NULL */
  guint context_window;      /* characters either side */
  gboolean sensitive;        /* evidence is masked */
  GPtrArray *any_of;         /* char* names, MATCH_ANY_OF */
  GArray *members;           /* guint, resolved leaf indices, MATCH_ANY_OF */
  PhraseSet *phrases;        /* MATCH_KEYWORDS */
  pcre2_code *re;            /* MATCH_REGEX */
  gboolean digit_anchored;   /* re is a validator's own: search near digits */
  PhraseSet *context_phrases;
  pcre2_code *context_re;    /* context_regex, compiled */
  /* MATCH_PEOPLE: the cues that identify someone; the match whose hits
   * are people too (identifiers), counted once with the person named
   * beside them; the match that makes a document a case record */
  guint cues;
  char *identifiers;         /* a match name, or NULL */
  GArray *id_members;        /* guint, its leaf matches */
  char *case_context;        /* a match name, or NULL */
  int case_match;            /* its index, or -1 */
  gboolean keep_spans;       /* a leaf some people match reads: its hits
                              * keep where they were (MatchHits.spans) */
  gboolean keep_lines;       /* a people match's case context: its hits
                              * keep where they were, one per line, with
                              * no value (canon NULL) */
} PolicyMatch;

typedef struct {
  guint match;
  guint min_count;
} RuleTerm;

typedef struct {
  char *name;
  guint line;
  char *when;
  GArray *terms;             /* RuleTerm */
  int level;
  GPtrArray *descriptors;    /* char* */
  char *explain;             /* the sentence for people, or NULL */
} PolicyRule;

/* A word or phrase recognised as an existing marking, and what it means
 * under this policy. */
typedef struct {
  char *words;               /* normalised (see policy_normalise_marking) */
  char *source;              /* "level", "alias", or the mapping's name */
  int level;
  GPtrArray *descriptors;
  gboolean review;           /* a [mapping] line ending "(review)": read as
                              * its level, never migrated to it */
} MarkingWord;

typedef struct {
  char *name;
  char *description;
} PolicyDescriptor;

typedef struct {
  char *name;
  GPtrArray *entries;        /* MarkingWord*, borrowed from marking_words */
} PolicyMapping;


typedef struct {
  char *id;                  /* lower-case GUID */
  int level;
  GPtrArray *descriptors;
} LabelId;



struct _PmarkPolicy {
  gint ref;
  char *filename;
  char *name;
  char *title;
  char *version;             /* [policy] version, or NULL */
  char *fingerprint;         /* pmark_policy_get_version(), made once */
  char *scheme;
  char *ns;
  int default_level;
  int not_inspected_level;   /* -1: flag for review (the default) */
  guint over_margin;         /* levels above the content's need that make a
                              * marking over-marked; 0: never reported */
  char *audit_log;           /* pmark mark's log, or NULL for the default */
  gboolean seal_label;       /* sealed files carry the marking outside */
  GPtrArray *levels;         /* PmarkLevel* */
  GPtrArray *aliases;        /* GPtrArray* of char*, per level */
  GPtrArray *descriptors;    /* PolicyDescriptor* */
  GPtrArray *matches;        /* PolicyMatch* */
  GPtrArray *rules;          /* PolicyRule* */
  GPtrArray *marking_words;  /* MarkingWord*, longest first */
  GPtrArray *mappings;       /* PolicyMapping* */
  GPtrArray *translations;   /* PolicyTranslation* */
  char *sign_trusted_file;   /* [sign] trusted (absolute), or NULL */
  GHashTable *sign_trusted;  /* its keys (pmark_trusted_keys_load), or NULL */
  GPtrArray *label_ids;      /* LabelId* */
  char *serve_recipient_book; /* [serve] recipient-book (absolute), or NULL */
  guint serve_max_files;     /* [serve] max-files */
  guint serve_keep_minutes;  /* [serve] keep-minutes */
  PolicyMail mail;
  PolicyStamp stamp;
  PmarkOcrOptions ocr;       /* [ocr], every field set */
  PmarkBudget budget;        /* [budget] over the built-in defaults */
  GHashTable *provenance;    /* "type|name|key" -> "FILE:LINE" of values
                              * written in an included or local file */
  guint budget_set;          /* which of its keys [budget] gave (bits) */
  char *ocr_languages;       /* owns ocr.languages */
  RecogniseConfig *recognise;/* [recogniser NAME] sections over the defaults */
};

/* Upper-level helpers shared by policy.c and classify.c. */
char *policy_normalise_marking (const char *text, gboolean fold_case);
/* Recognises a marking; returns the level or -1, and fills `descriptors`
 * (char*, owned) when not NULL. */
int policy_recognise_marking (const PmarkPolicy *policy, const char *text,
                              gboolean fold_case, GPtrArray *descriptors);
/* The same, saying where the words came from: "level", "alias" or the
 * name of the mapping (another scheme's marking) that gave the level. */
int policy_recognise_marking_from (const PmarkPolicy *policy, const char *text,
                                   gboolean fold_case, GPtrArray *descriptors,
                                   const char **source);
int policy_recognise_label (const PmarkPolicy *policy, const char *id,
                            GPtrArray *descriptors);
const PolicyDescriptor *policy_find_descriptor (const PmarkPolicy *policy,
                                                const char *name);

/* match.c */
gboolean policy_match_compile (PolicyMatch *m, const char *filename,
                               GError **error);
void policy_match_free (PolicyMatch *m);

G_END_DECLS

G_BEGIN_DECLS

/* What one match found in a document: the distinct canonical values, and
 * the first few with where they were and their (masked) evidence. */
typedef struct {
  char *where;
  char *evidence;
} MatchExample;

/* Where a hit was (MatchHits.spans), for the people match beside it */
typedef struct {
  guint part;
  gsize start, end;
  char *canon;
} MatchSpan;

typedef struct {
  GHashTable *distinct;     /* canonical value -> NULL */
  GPtrArray *examples;      /* MatchExample*, at most PMARK_REASON_MAX_EXAMPLES */
  GArray *spans;            /* MatchSpan, when the match keeps them */
  GPtrArray *people;        /* FoundPerson*, a people match's */
  GPtrArray *secrets;       /* char*: names and addresses it read, to mask */
} MatchHits;

void match_hits_init (MatchHits *hits);
void match_hits_clear (MatchHits *hits);

/* What several matches over one document share: the text as matching
 * sees it (each part normalised once: compatibility forms folded, so that
 * full-width digits, ligatures, no-break and other spaces read as plain
 * ones, and soft hyphens and zero-width characters dropped, which would
 * otherwise hide an identifier or a term), the same case-folded for
 * keywords that are not ASCII, and the runs of digits in each part. */
typedef struct {
  const PmarkDocument *doc;
  GPtrArray *view;          /* PmarkTextPart*: the part, or a normalised copy */
  GPtrArray *owned;         /* the copies */
  GPtrArray *folded;        /* per part, case-folded views, lazily */
  GArray **digit_runs;      /* per part, gsize start/end pairs, lazily */
  gboolean tolerant;        /* keywords on OCR parts also as OCR misreads
                             * them ([ocr] tolerant-terms) */
} ScanCache;

void scan_cache_init (ScanCache *cache, const PmarkDocument *doc);
void scan_cache_clear (ScanCache *cache);

/* Runs a keyword or regex match over every text part of the document. */
gboolean policy_match_scan (const PolicyMatch *m, ScanCache *cache,
                            MatchHits *hits, GError **error);
/* Runs a people match (recognise/people.c) over the document, after the
 * leaf matches it reads (`all`: every match's hits so far). */
gboolean policy_people_scan (const PmarkPolicy *policy, const PolicyMatch *m,
                             ScanCache *cache, MatchHits *all, MatchHits *hits,
                             GError **error);
/* "a child (J***** S****) named with a home address and an age", for a
 * rule's {who} */
char *policy_people_describe (const MatchHits *hits);

/* [budget] as `pmark policy show` prints it: every key, in effect. */
void policy_budget_show (const PmarkPolicy *p, GString *s);

G_END_DECLS
