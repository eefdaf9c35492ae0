/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The gateway's decision for one message under the policy's [mail]
 * settings: the marking it leaves with, whether its recipients may have
 * it, and whether the sender's own marking stands. */
#include "config.h"

#include <string.h>
#include <syslog.h>

#include "mail/mail-private.h"
#include "core/document-private.h"
#include "formats/format.h"
#include "core/json.h"
#include "policy/settings.h"

/* X-pmark-Result stays on one line, well inside RFC 5322's 998. */
#define WHY_MAX 600

void
pmark_mail_decision_free (PmarkMailDecision *d)
{
  if (!d)
    return;
  g_ptr_array_unref (d->descriptors);
  g_ptr_array_unref (d->recipients);
  g_free (d->origin);
  g_free (d->why);
  g_free (d->marking_header);
  g_free (d->sio_label);
  g_free (d->translated_scheme);
  g_free (d->untranslated);
  g_free (d->result_header);
  g_free (d->result_header_added);
  g_free (d->subject);
  if (d->seal_to)
    g_ptr_array_unref (d->seal_to);
  pmark_result_free (d->result);
  g_free (d);
}

const char *
pmark_mail_action_name (PmarkMailAction action)
{
  switch (action) {
  case PMARK_MAIL_DELIVER:
    return "deliver";
  case PMARK_MAIL_HOLD:
    return "hold";
  case PMARK_MAIL_REJECT:
    return "reject";
  }
  return "unknown";
}

/* The sender's own marking: the X-Protective-Marking header wins over
 * the subject and msip_labels. */
static int
sender_level (const PmarkPolicy *policy, const PmarkDocument *doc,
              int *thread)
{
  int header = -1, other = -1;
  *thread = -1;
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *c = g_ptr_array_index (doc->markings, i);
    if (c->source != PMARK_MARKING_SOURCE_HEADER
        && c->source != PMARK_MARKING_SOURCE_QUOTED)
      continue;
    int l = pmark_policy_recognise_candidate (policy, c, NULL);
    if (c->source == PMARK_MARKING_SOURCE_QUOTED)
      *thread = MAX (*thread, l);
    else if (c->from_header)
      header = MAX (header, l);
    else
      other = MAX (other, l);
  }
  return header >= 0 ? header : other;
}

/* A marking the message's own marking fields (X-Protective-Marking,
 * SIO-Label) carry that the policy does not know ("SECRET" under a policy
 * without it, a header pmark cannot parse), or NULL. Subject brackets and
 * label ids are not counted: they are often something else. */
static const char *
unknown_marking (const PmarkPolicy *policy, const PmarkDocument *doc)
{
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *c = g_ptr_array_index (doc->markings, i);
    if (c->source != PMARK_MARKING_SOURCE_HEADER || !c->where
        || !(g_str_has_prefix (c->where, "header " PMARK_MAIL_MARKING_HEADER)
             || g_str_has_prefix (c->where, "header " PMARK_MAIL_SIO_LABEL_HEADER)))
      continue;
    if (pmark_policy_recognise_candidate (policy, c, NULL) < 0)
      return c->value;
  }
  return NULL;
}

/* The content's reasons, masked as classify prints them, briefly. */
static void
append_reasons (GString *s, const PmarkResult *r)
{
  guint shown = 0;
  for (guint i = 0; i < r->reasons->len && shown < 3; i++) {
    const PmarkReason *reason = g_ptr_array_index (r->reasons, i);
    if (!strcmp (reason->rule, "existing-marking"))
      continue;
    g_string_append_printf (s, "%s%s", shown++ ? "; " : " (", reason->rule);
    if (reason->match)
      g_string_append_printf (s, ": %s x%u", reason->match, reason->count);
    if (reason->evidence->len)
      g_string_append_printf (s, " \"%s\" in %s",
                              (char *) g_ptr_array_index (reason->evidence, 0),
                              (char *) g_ptr_array_index (reason->where, 0));
  }
  if (shown)
    g_string_append_c (s, ')');
  /* and why, in words, when the policy says (masked like the rest) */
  for (guint i = 0; i < r->reasons->len; i++) {
    const PmarkReason *reason = g_ptr_array_index (r->reasons, i);
    if (reason->explanation && strcmp (reason->rule, "existing-marking")) {
      g_string_append_printf (s, ": %s", reason->explanation);
      break;
    }
  }
}

static char *
one_line (char *s)
{
  for (char *p = s; *p; p++)
    if (*p == '\r' || *p == '\n' || *p == '\t')
      *p = ' ';
  if (strlen (s) > WHY_MAX) {
    s[WHY_MAX - 3] = '\0';
    strcat (s, "...");
  }
  return s;
}

/* `name` is the level's name, or the partner's marking for it */
static char *
subject_for (const PmarkPolicy *p, const char *old, int level, const char *name,
             GPtrArray *descriptors)
{
  const PmarkLevel *l = pmark_policy_get_level (p, level);
  g_autofree char *base = subject_marking_strip (p, old ? old : "");
  GString *mark = g_string_new (NULL);
  if (pmark_policy_mail (p)->subject == MAIL_SUBJECT_EPMS) {
    g_string_append_printf (mark, "[SEC=%s", name);
    for (guint i = 0; i < descriptors->len; i++)
      g_string_append_printf (mark, ", ACCESS=%s",
                              (char *) g_ptr_array_index (descriptors, i));
    g_string_append_c (mark, ']');
  } else {
    g_string_append_printf (mark, "[%s", strcmp (name, l->name) ? name
                                         : l->label ? l->label : l->name);
    for (guint i = 0; i < descriptors->len; i++)
      g_string_append_printf (mark, " - %s",
                              (char *) g_ptr_array_index (descriptors, i));
    g_string_append_c (mark, ']');
  }
  g_autofree char *marked = pmark_policy_mail (p)->subject == MAIL_SUBJECT_EPMS
    ? g_strdup_printf ("%s%s%s", base, *base ? " " : "", mark->str)
    : g_strdup_printf ("%s%s%s", mark->str, *base ? " " : "", base);
  g_string_free (mark, TRUE);
  if (old && !strcmp (marked, old))
    return NULL; /* already as it should be: its bytes stay */
  return g_mime_utils_header_encode_text (NULL, marked, "utf-8");
}

/* The policy's recipient-keys file ("ADDRESS RECIPIENT..." per line, '#'
 * comments), read once per message: the parsed keys of every address in
 * `addresses` go to `out`, and the addresses with none to `missing`. */
static gboolean
keys_for (const char *path, GPtrArray *addresses, GPtrArray *out,
          GString *missing, GError **error)
{
  GError *local = NULL;
  g_autoptr (GPtrArray) book = pmark_recipient_book_load (path, &local);
  if (!book) {
    g_set_error (error, PMARK_ERROR, local->code == PMARK_ERROR_IO ? PMARK_ERROR_IO
                                                                  : PMARK_ERROR_POLICY,
                 "recipient-keys %s", local->message);
    g_error_free (local);
    return FALSE;
  }
  for (guint a = 0; a < addresses->len; a++) {
    const char *address = g_ptr_array_index (addresses, a);
    const PmarkRecipientBookEntry *e = pmark_recipient_book_find (book, address);
    for (guint k = 0; e && k < e->recipients->len; k++)
      g_ptr_array_add (out, pmark_age_recipient_copy (g_ptr_array_index (e->recipients, k)));
    if (!e)
      g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", address);
  }
  return TRUE;
}

static void
act (PmarkMailDecision *d, MailAct a)
{
  PmarkMailAction want = a == MAIL_ACT_REJECT ? PMARK_MAIL_REJECT
                         : a == MAIL_ACT_HOLD ? PMARK_MAIL_HOLD
                                              : PMARK_MAIL_DELIVER;
  d->action = MAX (d->action, want);
}

/* ---- the decision, step by step ------------------------------------- */

/* Step 1: the message read into `doc` — its headers here, its content by
 * the readers (in a worker process when the sandbox is on: a reader that
 * crashes there leaves the message unread, so it is held, never
 * delivered unmarked). FALSE only on an error that is not the message's. */
static gboolean
read_message (GBytes *message, const PmarkMailEnvelope *env, const PmarkReadOptions *read,
              PmarkDocument *doc, GError **error)
{
  doc->type.mime = g_strdup ("message/rfc822");
  doc->type.magic_mime = g_strdup ("message/rfc822");
  doc->type.format = g_strdup ("mail");
  GError *local = NULL;
  if (g_bytes_get_size (message) > read->budget.max_input_bytes) {
    pmark_document_set_not_inspected (doc, "the message is larger than the "
                                           "max-input-bytes budget");
  } else if (!pmark_document_extract (doc, message, read, &local)) {
    if (local->domain != PMARK_ERROR || local->code == PMARK_ERROR_INTERNAL
        || local->code == PMARK_ERROR_IO) {
      g_propagate_error (error, local);
      return FALSE;
    }
    /* over a budget, broken past reading, or its reader failed: what was
     * read still counts for the markings, and a person looks at the rest */
    g_ptr_array_add (doc->unread, g_strdup (local->message));
    g_clear_error (&local);
  }
  if (env && env->truncated)
    g_ptr_array_add (doc->unread,
                     g_strdup ("the message is over the gateway's size limit: "
                               "only its start was read"));
  return TRUE;
}

/* Step 2: who: the author and the recipients (the envelope's, when the
 * gateway knows them, else the header's). */
static void
find_people (PmarkMailDecision *d, GMimeMessage *msg, const PmarkMailEnvelope *env)
{
  g_autoptr (GPtrArray) from = g_ptr_array_new_with_free_func (g_free);
  mail_addresses (g_mime_message_get_from (msg), from);
  if (from->len)
    d->origin = g_strdup (g_ptr_array_index (from, 0));
  else if (env && env->sender && *env->sender)
    d->origin = g_strdup (env->sender);
  if (env && env->recipients && env->recipients[0]) {
    for (const char *const *rc = env->recipients; *rc; rc++)
      g_ptr_array_add (d->recipients, g_strdup (*rc));
  } else {
    InternetAddressList *all = g_mime_message_get_all_recipients (msg);
    mail_addresses (all, d->recipients);
    if (all)
      g_object_unref (all);
  }
}

/* Step 3: the level against what the sender and the thread say; an
 * unknown marking or content not read holds the message. */
static void
judge (PmarkMailDecision *d, PmarkPolicy *policy, int level, const char *unknown,
       GString *why)
{
  const PmarkResult *r = d->result;
  const PolicyMail *mail = pmark_policy_mail (policy);
  if (unknown) {
    /* a marking pmark cannot read is never replaced by one it can: the
     * message keeps its own, and a person decides */
    act (d, MAIL_ACT_HOLD);
    d->keep_marking = TRUE;
    g_string_append_printf (why, "its marking field reads \"%s\", which policy %s does not "
                                 "know", unknown, pmark_policy_get_name (policy));
  } else if (r->review) {
    act (d, MAIL_ACT_HOLD);
    const char *first = !r->inspected ? r->not_inspected_reason
                        : r->unread->len ? g_ptr_array_index (r->unread, 0)
                                         : "content unreadable";
    g_string_append_printf (why, "not all of it could be read (%s)", first);
  } else if (d->sender_level >= 0 && d->thread_level > d->sender_level) {
    act (d, mail->below_thread);
    g_string_append_printf (why, "marked %s but quotes or forwards a message "
                                 "marked %s",
                            policy_level_name (policy, d->sender_level),
                            policy_level_name (policy, d->thread_level));
  } else if (d->sender_level >= 0 && level > d->sender_level) {
    act (d, mail->above_sender);
    d->upgraded = mail->above_sender == MAIL_ACT_UPGRADE;
    g_string_append_printf (why, "content needs %s, the sender marked it %s",
                            policy_level_name (policy, level),
                            policy_level_name (policy, d->sender_level));
    append_reasons (why, r);
  } else if (level >= 0) {
    g_string_append_printf (why, "%s", policy_level_name (policy, level));
    if (d->sender_level >= 0)
      g_string_append (why, ", as the sender marked it");
    append_reasons (why, r);
  }
}

/* Whether X-pmark-Result goes on the message: the decision's reasons
 * (masked, but a sheet's, a column's, a file's name) are the
 * organisation's own, for mail that stays inside it ([mail]
 * result-header) */
static gboolean
result_shown (const PmarkMailDecision *d, PmarkPolicy *policy)
{
  const PolicyMail *mail = pmark_policy_mail (policy);
  if (mail->result_header != MAIL_RESULT_INTERNAL)
    return mail->result_header == MAIL_RESULT_ALWAYS;
  if (!d->recipients->len)
    return FALSE;
  for (guint i = 0; i < d->recipients->len; i++)
    if (!policy_domain_in (g_ptr_array_index (d->recipients, i), mail->internal_domains))
      return FALSE;
  return TRUE;
}

/* Step 4: recipients outside the secure domains, from the level the
 * policy names. */
static void
check_recipients (PmarkMailDecision *d, PmarkPolicy *policy, int level, GString *why)
{
  const PolicyMail *mail = pmark_policy_mail (policy);
  if (level < 0 || mail->secure_from < 0 || level < mail->secure_from)
    return;
  g_autoptr (GString) bad = g_string_new (NULL);
  guint nbad = 0;
  for (guint i = 0; i < d->recipients->len; i++) {
    const char *rc = g_ptr_array_index (d->recipients, i);
    /* a secure domain's, or the organisation's own mailbox: mail to us,
     * or between our own mailboxes, is no disclosure */
    if (policy_domain_in (rc, mail->secure_domains)
        || policy_domain_in (rc, mail->internal_domains))
      continue;
    if (nbad++ < 5)
      g_string_append_printf (bad, "%s%s", bad->len ? ", " : "", rc);
  }
  if (nbad) {
    act (d, mail->insecure_recipient);
    g_string_append_printf (why, "%s%s mail may go only to secure domains; "
                                 "not to %s%s",
                            why->len ? "; " : "", policy_level_name (policy, level),
                            bad->str, nbad > 5 ? ", ..." : "");
  }
}

/* Step 5: sealing: the level says so, and the policy knows the
 * recipients' keys (a recipient without one is an insecure recipient). */
static gboolean
plan_sealing (PmarkMailDecision *d, PmarkPolicy *policy, int level, GString *why,
              GError **error)
{
  const PolicyMail *mail = pmark_policy_mail (policy);
  const PmarkLevel *lv = level >= 0 ? pmark_policy_get_level (policy, level) : NULL;
  if (!lv || !lv->seal || !mail->recipient_keys || !d->recipients->len
      || d->action == PMARK_MAIL_REJECT)
    return TRUE;
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pmark_age_recipient_free);
  g_autoptr (GString) missing = g_string_new (NULL);
  if (!keys_for (mail->recipient_keys, d->recipients, keys, missing, error))
    return FALSE;
  if (missing->len) {
    act (d, mail->insecure_recipient);
    g_string_append_printf (why, "%s%s attachments are sealed, and there is "
                                 "no age key for %s",
                            why->len ? "; " : "", lv->name, missing->str);
  } else {
    d->seal_to = g_steal_pointer (&keys);
  }
  return TRUE;
}

/* Step 6: the marking the message leaves with: its fields (EPMS,
 * SIO-Label) and subject, in a partner's scheme when every recipient is
 * that partner's; none claimed when what was read cannot support it. */
static void
plan_marking (PmarkMailDecision *d, PmarkPolicy *policy, GMimeMessage *msg, int level,
              gboolean partial)
{
  const PolicyMail *mail = pmark_policy_mail (policy);
  if (d->keep_marking || d->action == PMARK_MAIL_REJECT) {
    /* its own marking fields and subject stay as they came */
  } else if (level >= 0 && !(partial && level <= pmark_policy_default_level (policy))) {
    /* partners still on another scheme read it in theirs: when every
     * recipient is theirs (one set of headers serves all) */
    gboolean some = FALSE;
    const PolicyTranslation *tr = policy_translation_for (policy, d->recipients, &some);
    const char *name = policy_level_name (policy, level);
    if (tr && g_ptr_array_index (tr->text, level)) {
      name = g_ptr_array_index (tr->text, level);
      d->translated_scheme = g_strdup (tr->scheme);
    } else if (tr) {
      d->untranslated = g_strdup_printf ("%s has no %s marking in [translate %s]",
                                         name, tr->scheme, tr->scheme);
    } else if (some) {
      d->untranslated = g_strdup ("the recipients are not all of one partner scheme");
    }
    d->marking_header = epms_format (mail->epms_version, pmark_policy_namespace (policy),
                                     name, d->descriptors, d->origin);
    if (mail->sio_label) {
      g_autofree char *text = policy_marking_text_named (name, d->descriptors);
      d->sio_label = mail_sio_label_format (text);
    }
    if (mail->subject != MAIL_SUBJECT_NONE
        && (level > pmark_policy_default_level (policy) || d->sender_level >= 0))
      d->subject = subject_for (policy, g_mime_message_get_subject (msg), level, name,
                                d->descriptors);
  } else if (partial) {
    /* no level to claim: the sender's own marking of the subject goes too */
    const char *old = g_mime_message_get_subject (msg);
    g_autofree char *bare = old ? subject_marking_strip (policy, old) : NULL;
    if (bare && strcmp (bare, old))
      d->subject = g_mime_utils_header_encode_text (NULL, bare, "utf-8");
  }
}

/* Step 7: the X-Pmark-Result line: the action, the level, and why. */
static char *
result_line (const PmarkMailDecision *d, PmarkPolicy *policy, int level, gboolean partial)
{
  GString *res = g_string_new (pmark_mail_action_name (d->action));
  if (level >= 0 && !(partial && level <= pmark_policy_default_level (policy)))
    g_string_append_printf (res, "; level=%s%s", policy_level_name (policy, level),
                            partial ? " at least" : "");
  if (partial)
    g_string_append (res, "; inspected=partly");
  if (d->upgraded)
    g_string_append_printf (res, "; upgraded-from=%s",
                            policy_level_name (policy, d->sender_level));
  if (d->seal_to && d->action != PMARK_MAIL_REJECT)
    g_string_append_printf (res, "; attachments-sealed-to=%u", d->seal_to->len);
  if (d->translated_scheme)
    g_string_append_printf (res, "; translated-to=%s", d->translated_scheme);
  else if (d->untranslated)
    g_string_append_printf (res, "; not-translated=%s", d->untranslated);
  g_string_append_printf (res, "; policy=%s", pmark_policy_get_name (policy));
  if (*d->why)
    g_string_append_printf (res, "; %s", d->why);
  return one_line (g_string_free (res, FALSE));
}

PmarkMailDecision *
pmark_mail_decide (PmarkPolicy *policy, GBytes *message,
                   const PmarkMailEnvelope *env, const PmarkReadOptions *options,
                   GError **error)
{
  PmarkReadOptions read;
  pmark_policy_read_options (policy, options, &read);
  g_autoptr (PmarkDocument) doc = pmark_document_new (env && env->name ? env->name
                                                                        : "<message>");
  g_autoptr (GMimeMessage) msg = mail_parse (message);
  if (!read_message (message, env, &read, doc, error))
    return NULL;

  PmarkMailDecision *d = g_new0 (PmarkMailDecision, 1);
  d->descriptors = g_ptr_array_new_with_free_func (g_free);
  d->recipients = g_ptr_array_new_with_free_func (g_free);
  d->result = pmark_classify_document (policy, doc);
  if (d->result->error) {
    g_propagate_error (error, g_steal_pointer (&d->result->error));
    pmark_mail_decision_free (d);
    return NULL;
  }
  const PmarkResult *r = d->result;
  find_people (d, msg, env);

  d->sender_level = sender_level (policy, doc, &d->thread_level);
  /* never below what the sender said, nor below the thread it quotes */
  int level = MAX (MAX (r->level, d->sender_level), d->thread_level);
  /* what was not read may need more: the lowest level is then no claim to
   * make on the message (it would leave so labelled if released); nor is
   * it when the message's own marking is one the policy cannot read */
  const char *unknown = unknown_marking (policy, doc);
  gboolean partial = !r->inspected || unknown;
  g_autoptr (GString) why = g_string_new (NULL);
  d->action = PMARK_MAIL_DELIVER;
  judge (d, policy, level, unknown, why);
  check_recipients (d, policy, level, why);
  if (!plan_sealing (d, policy, level, why, error)) {
    pmark_mail_decision_free (d);
    return NULL;
  }

  d->level = level;
  if (level >= 0) {
    for (guint i = 0; i < r->descriptors->len; i++)
      g_ptr_array_add (d->descriptors, g_strdup (g_ptr_array_index (r->descriptors, i)));
  }
  /* what happens to it, said once, as decided: a message that would be
   * held for one reason and is refused for another is refused, and says
   * only that */
  if (d->action == PMARK_MAIL_HOLD)
    g_string_append (why, "; held for a person to review");
  d->why = one_line (g_strdup (why->str));
  if (d->action == PMARK_MAIL_REJECT) {
    d->smtp_code = "550";
    d->smtp_xcode = "5.7.1";
  }
  plan_marking (d, policy, msg, level, partial);
  d->result_header = result_line (d, policy, level, partial);
  d->result_header_added = result_shown (d, policy)
                             ? g_strdup (d->result_header)
                           : d->action == PMARK_MAIL_HOLD
                             ? g_strdup ("hold; the reasons are in the gateway's log")
                             : NULL;
  return d;
}

JsonNode *
pmark_mail_decision_to_json (const PmarkMailDecision *d)
{
  const PmarkPolicy *p = d->result->policy;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  pmark_json_add_string (b, "action", pmark_mail_action_name (d->action));
  pmark_json_add_string (b, "level", policy_level_name (p, d->level));
  json_builder_set_member_name (b, "inspected");
  json_builder_add_boolean_value (b, d->result->inspected);
  pmark_json_add_strings (b, "descriptors", d->descriptors);
  pmark_json_add_string (b, "sender_level", policy_level_name (p, d->sender_level));
  pmark_json_add_string (b, "thread_level", policy_level_name (p, d->thread_level));
  json_builder_set_member_name (b, "upgraded");
  json_builder_add_boolean_value (b, d->upgraded);
  pmark_json_add_string (b, "origin", d->origin);
  pmark_json_add_strings (b, "recipients", d->recipients);
  pmark_json_add_string (b, "translated_to", d->translated_scheme);
  if (d->untranslated)
    pmark_json_add_string (b, "not_translated", d->untranslated);
  pmark_json_add_string (b, "why", d->why);
  g_autofree char *reply = d->smtp_code ? g_strdup_printf ("%s %s %s", d->smtp_code,
                                                           d->smtp_xcode, d->why)
                                        : NULL;
  pmark_json_add_string (b, "smtp_reply", reply);
  json_builder_set_member_name (b, "headers");
  json_builder_begin_object (b);
  pmark_json_add_string (b, PMARK_MAIL_MARKING_HEADER, d->marking_header);
  pmark_json_add_string (b, PMARK_MAIL_RESULT_HEADER, d->result_header);
  if (d->sio_label)
    pmark_json_add_string (b, PMARK_MAIL_SIO_LABEL_HEADER, d->sio_label);
  pmark_json_add_string (b, "Subject", d->subject);
  json_builder_end_object (b);
  /* (X-pmark-Result above is the decision; what the message got: this) */
  pmark_json_add_string (b, "result_header_added", d->result_header_added);
  json_builder_set_member_name (b, "classification");
  json_builder_add_value (b, pmark_result_to_json (d->result));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
pmark_mail_log (const PmarkMailDecision *d, const char *id)
{
  g_autoptr (GString) rcpt = g_string_new (NULL);
  for (guint i = 0; i < d->recipients->len && i < 10; i++)
    g_string_append_printf (rcpt, "%s%s", i ? "," : "",
                            (char *) g_ptr_array_index (d->recipients, i));
  syslog (LOG_MAIL | (d->action == PMARK_MAIL_DELIVER ? LOG_INFO : LOG_NOTICE),
          "%s: action=%s level=%s from=<%s> to=<%s> why=%s", id ? id : "-",
          pmark_mail_action_name (d->action),
          d->level >= 0 ? policy_level_name (d->result->policy, d->level) : "none",
          d->origin ? d->origin : "", rcpt->str, d->why);
}

gboolean
pmark_mail_log_json (const PmarkMailDecision *d, const char *path,
                     const char *id, GError **error)
{
  const PmarkPolicy *p = d->result->policy;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  json_builder_begin_object (b);
  pmark_json_add_string (b, "time", time);
  pmark_json_add_string (b, "id", id);
  pmark_json_add_string (b, "policy", pmark_policy_get_name (p));
  pmark_json_add_string (b, "action", pmark_mail_action_name (d->action));
  pmark_json_add_string (b, "level", policy_level_name (p, d->level));
  pmark_json_add_string (b, "sender_level", policy_level_name (p, d->sender_level));
  pmark_json_add_string (b, "origin", d->origin);
  pmark_json_add_strings (b, "recipients", d->recipients);
  pmark_json_add_string (b, "why", d->why);
  /* the decision as X-pmark-Result says it, kept here whether or not the
   * message carries it ([mail] result-header) */
  pmark_json_add_string (b, "result", d->result_header);
  pmark_json_add_string (b, "result_header_added", d->result_header_added);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return pmark_log_append (path, root, error);
}
