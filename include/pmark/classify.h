/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <pmark/sign.h>
#include <pmark/budget.h>
#include <pmark/detect.h>
#include <pmark/document.h>
#include <pmark/policy.h>

G_BEGIN_DECLS

/* Why a level was chosen: one rule or match, how many distinct values it
 * found, where, and masked evidence (a few examples, never all). */
typedef struct {
  char *rule;          /* rule name, or "existing-marking" */
  char *match;         /* the match that supplied the evidence, or NULL */
  int level;           /* level the rule gives, -1 when none */
  GPtrArray *descriptors;
  guint count;         /* distinct values */
  GPtrArray *where;    /* char*, at most PMARK_REASON_MAX_EXAMPLES */
  GPtrArray *evidence; /* char*, masked, same length as where */
  char *explanation;   /* a sentence for people (the policy's, filled in),
                        * or NULL */
} PmarkReason;

#define PMARK_REASON_MAX_EXAMPLES 5

typedef struct {
  int level;               /* -1: words recognised as no level */
  GPtrArray *descriptors;  /* char* */
  char *text;              /* the marking as found */
  char *where;
  PmarkMarkingSource source;
  char *scheme;            /* the marking is another scheme's, read through
                            * the policy's [mapping SCHEME]: its name;
                            * NULL for this policy's own */
} PmarkExisting;

typedef struct {
  PmarkPolicy *policy;     /* holds a reference */
  char *path;
  PmarkFileType type;
  gboolean inspected;      /* FALSE: content could not be read */
  char *not_inspected_reason;
  gboolean review;         /* not inspected, and the policy says a person
                            * decides (not-inspected = review) */
  int level;               /* -1 when there is no decision (error, or not
                            * inspected with no marking to go on): the level
                            * the document must carry, never below its
                            * existing marking */
  int content_level;       /* the level what was read needs by itself,
                            * whatever the document is marked; -1 when
                            * nothing was read (error, not inspected) */
  GPtrArray *descriptors;  /* char* */
  PmarkExisting *existing; /* NULL when the document carries none */
  GPtrArray *unread;       /* char*: parts of a container not read (an
                            * encrypted attachment), "where: reason"; when
                            * set, `review` is as for a file not inspected */
  GPtrArray *reasons;      /* PmarkReason* */
  GError *error;           /* set when the file could not be processed */
  /* The signed marking the document carries, checked (the signer against
   * the policy's [sign] trusted, when it has one); NULL when it carries
   * none. */
  PmarkSignatureCheck *signature;
} PmarkResult;

/* These never return NULL: a file that cannot be processed yields a result
 * whose `error` says why (and `type`, when detection got that far), so
 * every front end reports every file the same way. */
PmarkResult *pmark_classify_file (PmarkPolicy *policy, const char *path,
                                  const PmarkReadOptions *options);
PmarkResult *pmark_classify_bytes (PmarkPolicy *policy, GBytes *bytes,
                                   const char *name,
                                   const PmarkReadOptions *options);
PmarkResult *pmark_classify_document (PmarkPolicy *policy,
                                      const PmarkDocument *doc);
/* A result for a file that could not be processed: takes `error` (its
 * message masked like all evidence) and copies `type` when not NULL. */
PmarkResult *pmark_result_new_error (PmarkPolicy *policy, const char *path,
                                     const PmarkFileType *type, GError *error);
void pmark_result_free (PmarkResult *result);

/* What level a marking candidate means under `policy` (-1: none), adding
 * the descriptors it names to `descriptors` when not NULL. */
int pmark_policy_recognise_candidate (const PmarkPolicy *policy,
                                      const PmarkMarkingCandidate *candidate,
                                      GPtrArray *descriptors);
/* The same, with the [mapping] it was read through (NULL: the policy's
 * own levels and aliases, or a label or EPMS value). */
int pmark_policy_recognise_candidate_from (const PmarkPolicy *policy,
                                           const PmarkMarkingCandidate *candidate,
                                           GPtrArray *descriptors, const char **scheme);

const char *pmark_result_level_name (const PmarkResult *result);
/* Read whole, and marked above what its content needs by the policy's
 * over-marking-margin or more: a marking that stops it being shared. */
gboolean pmark_result_over_marked (const PmarkResult *result);
/* The JSON object documented in pmark-classify(1). */
JsonNode *pmark_result_to_json (const PmarkResult *result);
/* One human-readable line, without the trailing newline. */
char *pmark_result_to_line (const PmarkResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkResult, pmark_result_free)

G_END_DECLS
