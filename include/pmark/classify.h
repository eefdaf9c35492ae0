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

/**
 * pmark_classify_file:
 * @policy: the policy
 * @path: the file
 * @options: (nullable): budgets, password, OCR settings; %NULL or defaults
 *    take the policy's
 *
 * Classifies a file: detected, read, classified under @policy, and its
 * signed marking checked when it carries one.
 *
 * Returns: (transfer full): the result; never %NULL: a file that cannot be
 *    processed gives a result whose `error` says why (and `type`, when
 *    detection got that far)
 */
PmarkResult *pmark_classify_file (PmarkPolicy *policy, const char *path,
                                  const PmarkReadOptions *options);
/**
 * pmark_classify_bytes:
 * @policy: the policy
 * @bytes: the content
 * @name: the name it is known by
 * @options: (nullable): budgets, password, OCR settings
 *
 * As pmark_classify_file(), for content in memory.
 *
 * Returns: (transfer full): the result; never %NULL
 */
PmarkResult *pmark_classify_bytes (PmarkPolicy *policy, GBytes *bytes,
                                   const char *name,
                                   const PmarkReadOptions *options);
/**
 * pmark_classify_document:
 * @policy: the policy
 * @doc: a document read by pmark_document_load_file() or a reader
 *
 * Classifies a document already read: its existing marking, the level its
 * content needs (rules over matches, with masked evidence and the
 * explanation for people), the not-inspected rule for what was not read, and
 * the level it must carry, never below its existing marking.
 *
 * Returns: (transfer full): the result
 */
PmarkResult *pmark_classify_document (PmarkPolicy *policy,
                                      const PmarkDocument *doc);
/**
 * pmark_result_new_error:
 * @policy: the policy
 * @path: the file
 * @type: (nullable): what detection found, copied
 * @error: (transfer full): why the file could not be processed; its message
 *    is masked like all evidence
 *
 * A result for a file that could not be processed, for front ends that
 * report every file the same way.
 *
 * Returns: (transfer full): the result
 */
PmarkResult *pmark_result_new_error (PmarkPolicy *policy, const char *path,
                                     const PmarkFileType *type, GError *error);
/**
 * pmark_result_free:
 * @result: (nullable): a result
 *
 * Frees a result.
 */
void pmark_result_free (PmarkResult *result);

/**
 * pmark_policy_recognise_candidate:
 * @policy: the policy
 * @candidate: a marking the document seems to carry
 * @descriptors: (nullable) (element-type utf8): where to add the descriptors
 *    it names
 *
 * What level a marking candidate means under @policy: its levels and
 * aliases, a [mapping] of another scheme, a label GUID or an EPMS value.
 *
 * Returns: the level, or -1 for none
 */
int pmark_policy_recognise_candidate (const PmarkPolicy *policy,
                                      const PmarkMarkingCandidate *candidate,
                                      GPtrArray *descriptors);
/**
 * pmark_policy_recognise_candidate_from:
 * @policy: the policy
 * @candidate: a marking the document seems to carry
 * @descriptors: (nullable) (element-type utf8): where to add the descriptors
 *    it names
 * @scheme: (out) (nullable): the [mapping] it was read through, %NULL for
 *    the policy's own levels and aliases, a label or an EPMS value
 *
 * As pmark_policy_recognise_candidate(), saying which scheme the marking is
 * in.
 *
 * Returns: the level, or -1 for none
 */
int pmark_policy_recognise_candidate_from (const PmarkPolicy *policy,
                                           const PmarkMarkingCandidate *candidate,
                                           GPtrArray *descriptors, const char **scheme);

/**
 * pmark_result_level_name:
 * @result: a result
 *
 * The name of the level the document must carry.
 *
 * Returns: (nullable): the name, or %NULL when there is no decision (an
 *    error, or not inspected with no marking to go on)
 */
const char *pmark_result_level_name (const PmarkResult *result);
/**
 * pmark_result_over_marked:
 * @result: a result
 *
 * Whether the document was read whole and is marked above what its content
 * needs by the policy's over-marking-margin or more: a marking that stops it
 * being shared.
 *
 * Returns: %TRUE when over-marked
 */
gboolean pmark_result_over_marked (const PmarkResult *result);
/**
 * pmark_result_to_json:
 * @result: a result
 *
 * The JSON object documented in pmark-classify(1); evidence masked.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *pmark_result_to_json (const PmarkResult *result);
/**
 * pmark_result_to_line:
 * @result: a result
 *
 * One line for people, as `pmark classify` prints it, without the trailing
 * newline; evidence masked.
 *
 * Returns: (transfer full): the line
 */
char *pmark_result_to_line (const PmarkResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkResult, pmark_result_free)

G_END_DECLS
