/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <pmark/classify.h>
#include <pmark/policy.h>

G_BEGIN_DECLS

/* What the gateway does with a message (pmark-filter(1), pmark-milter(8)). */
typedef enum {
  PMARK_MAIL_DELIVER, /* marked, and on its way */
  PMARK_MAIL_HOLD,    /* marked, and held for a person (quarantine) */
  PMARK_MAIL_REJECT,  /* refused, with a reason for the sender */
} PmarkMailAction;

/* The envelope, when the MTA gives one; otherwise the message's own
 * From, To, Cc and Bcc stand in. */
typedef struct {
  const char *sender;
  const char *const *recipients; /* NULL-terminated, or NULL */
  const char *name;              /* names the message in errors and logs */
  gboolean truncated;            /* the gateway kept only the start of a
                                  * message over its size limit: what the
                                  * rest says is unknown (held for review
                                  * under not-inspected = review) */
} PmarkMailEnvelope;

typedef struct {
  PmarkMailAction action;
  int level;               /* the message's marking (-1: none decided) */
  GPtrArray *descriptors;  /* char* */
  int sender_level;        /* the marking the sender gave, or -1 */
  int thread_level;        /* the highest marking it quotes, or -1 */
  gboolean upgraded;       /* marked above what the sender gave */
  char *origin;            /* the author's address, or NULL */
  GPtrArray *recipients;   /* char*, the addresses checked */
  char *why;               /* one line, masked: why this action */
  const char *smtp_code;   /* REJECT: "550"; HOLD/DELIVER: NULL */
  const char *smtp_xcode;  /* REJECT: "5.7.1" */
  /* The header edits (every earlier X-Protective-Marking and
   * X-pmark-Result is removed; these are added): */
  char *marking_header;    /* X-Protective-Marking value, NULL: none */
  char *sio_label;         /* SIO-Label value (RFC 7444), when the policy's
                            * [mail] sio-label asks; every earlier SIO-Label
                            * is then removed. NULL: none, and SIO-Label
                            * fields are left as they came */
  char *result_header;     /* X-pmark-Result value: logged always */
  char *result_header_added; /* the X-pmark-Result value the message gets,
                            * or NULL: [mail] result-header (by default
                            * result_header when every recipient is
                            * internal; else none, or for a held message
                            * "hold;" without the reasons, for an MTA's
                            * header check) */
  char *subject;           /* the new Subject value, NULL: unchanged */
  char *translated_scheme; /* the headers and subject are written in this
                            * partner scheme ([translate SCHEME]), or NULL */
  char *untranslated;      /* why a partner's scheme was not used, or NULL */
  gboolean keep_marking;   /* the message carries a marking the policy does
                            * not know: its X-Protective-Marking, SIO-Label
                            * and subject are left as they came (held) */
  /* PmarkAgeRecipient*: the level says seal and every recipient has an
   * age key in the policy's recipient-keys, so attachments are sealed to
   * all of them (the body changes); NULL otherwise. */
  GPtrArray *seal_to;
  PmarkResult *result;     /* the classification behind it */
} PmarkMailDecision;

#define PMARK_MAIL_MARKING_HEADER "X-Protective-Marking"
#define PMARK_MAIL_RESULT_HEADER "X-pmark-Result"
#define PMARK_MAIL_SIO_LABEL_HEADER "SIO-Label"

/**
 * pmark_mail_decide:
 * @policy: the policy whose [mail] settings decide
 * @message: the whole message (RFC 5322), as the MTA gave it
 * @envelope: (nullable): the envelope sender and recipients, or %NULL to
 *    go by the message's own From, To, Cc and Bcc
 * @options: (nullable): the read options (budgets, OCR, password), or
 *    %NULL for the defaults
 * @error: where to put an internal failure, or %NULL
 *
 * Reads and classifies one message (its body and every attachment, nested
 * messages and archives included) and decides under the policy's [mail]
 * settings: deliver it marked, hold it for a person, or reject it.
 * Unreadable content is a decision (the policy's not-inspected setting),
 * not an error.
 *
 * Returns: (transfer full): the decision, or %NULL with @error set only on
 *    an internal failure, which gateways answer with a temporary failure
 */
PmarkMailDecision *pmark_mail_decide (PmarkPolicy *policy, GBytes *message,
                                      const PmarkMailEnvelope *envelope,
                                      const PmarkReadOptions *options,
                                      GError **error);
/**
 * pmark_mail_decision_free:
 * @decision: (nullable): a decision from pmark_mail_decide()
 *
 * Frees a decision and what it holds.
 */
void pmark_mail_decision_free (PmarkMailDecision *decision);
/**
 * pmark_mail_action_name:
 * @action: an action
 *
 * The action's name as logs and pmark-filter(1)'s JSON write it.
 *
 * Returns: "deliver", "hold" or "reject" (static)
 */
const char *pmark_mail_action_name (PmarkMailAction action);
/**
 * pmark_mail_decision_to_json:
 * @decision: a decision
 *
 * The decision as the JSON object documented in pmark-filter(1).
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *pmark_mail_decision_to_json (const PmarkMailDecision *decision);

/**
 * pmark_mail_apply:
 * @message: the message the decision was made for
 * @decision: its decision
 * @error: where to put an internal failure, or %NULL
 *
 * The message with the decision's header edits made and every other byte as
 * it came: header fields removed and the subject replaced in place, new
 * fields added at the end of the header, in the message's own line ending.
 * With `seal_to`, the body is pmark_mail_sealed_body()'s.
 *
 * Returns: (transfer full): the new message, or %NULL on error
 */
GBytes *pmark_mail_apply (GBytes *message, const PmarkMailDecision *decision,
                          GError **error);
/**
 * pmark_mail_sealed_body:
 * @message: the message the decision was made for
 * @decision: its decision, with `seal_to`
 * @error: where to put an internal failure, or %NULL
 *
 * The new body: every attachment replaced by its age encryption to all of
 * `seal_to` ("NAME.age", application/x-age-encrypted, base64), the other
 * parts as they were.
 *
 * Returns: (transfer full) (nullable): the body, or %NULL with no error
 *    when there is nothing to seal, or %NULL with @error set on an
 *    internal failure
 */
GBytes *pmark_mail_sealed_body (GBytes *message,
                                const PmarkMailDecision *decision,
                                GError **error);

/**
 * pmark_mail_log:
 * @decision: a decision
 * @id: (nullable): the message's queue id or Message-ID
 *
 * Writes one line to syslog (facility mail): @id, the action, level,
 * sender, recipients and the masked reasons. The caller opens the log
 * (openlog()).
 */
void pmark_mail_log (const PmarkMailDecision *decision, const char *id);

/**
 * pmark_mail_log_json:
 * @decision: a decision
 * @path: the JSON-lines log
 * @id: (nullable): the message's queue id or Message-ID
 * @error: where to put why the line could not be written, or %NULL
 *
 * Appends the decision to a JSON-lines log (time, id, action, level,
 * sender's level, origin, recipients, masked why, policy), synced.
 *
 * Returns: %TRUE when the line is written and synced
 */
gboolean pmark_mail_log_json (const PmarkMailDecision *decision,
                              const char *path, const char *id,
                              GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkMailDecision, pmark_mail_decision_free)

G_END_DECLS
