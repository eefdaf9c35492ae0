/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The policy as the library's modules above policy/ see it (mark/,
 * stamp/, mail/, audit/): its [mail], [stamp] and [translate] settings
 * and a few values, through accessors. The model itself
 * (policy-private.h) is policy/'s own. */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* [translate SCHEME]: partners still on another scheme, and how outgoing
 * mail to them is marked in it. */
typedef struct {
  char *scheme;              /* a [mapping SCHEME] of the same name reads it */
  GPtrArray *domains;        /* char*, lower case */
  GPtrArray *text;           /* char* per level: the partner's marking, or
                              * NULL (that level goes out untranslated) */
} PolicyTranslation;

/* [mail]: how the gateway (pmark filter, pmark milter) acts. */
typedef enum {
  MAIL_SUBJECT_PREFIX, /* "[RESTRICTED] subject" */
  MAIL_SUBJECT_EPMS,   /* "subject [SEC=RESTRICTED]" */
  MAIL_SUBJECT_NONE,
} MailSubjectStyle;

/* Who sees X-pmark-Result (the decision, its masked reasons) */
typedef enum {
  MAIL_RESULT_INTERNAL, /* on mail whose every recipient is internal */
  MAIL_RESULT_ALWAYS,
  MAIL_RESULT_NEVER,    /* the log and syslog only */
} MailResultHeader;

typedef enum {
  MAIL_ACT_UPGRADE, /* mark higher, and say so */
  MAIL_ACT_HOLD,
  MAIL_ACT_REJECT,
} MailAct;

typedef struct {
  char *epms_version;
  MailSubjectStyle subject;
  GPtrArray *secure_domains; /* char*, lower case */
  GPtrArray *internal_domains; /* char*, lower case: the organisation's own
                                * (mail between them is internal, mail
                                * to them no disclosure) */
  int secure_from;           /* level from which recipients must be in
                              * secure_domains; -1: never */
  MailAct insecure_recipient;
  MailAct above_sender;
  MailAct below_thread;
  char *recipient_keys;      /* "ADDRESS age1..." lines (absolute), or NULL */
  gboolean sio_label;        /* write an RFC 7444 SIO-Label too */
  MailResultHeader result_header;
} PolicyMail;

/* [stamp]: how the visible marking looks, the same in every format. */
typedef enum {
  STAMP_ALIGN_CENTRE,
  STAMP_ALIGN_LEFT,
  STAMP_ALIGN_RIGHT,
} StampAlign;

typedef struct {
  guint margin;              /* pt from the page edge to the marking's
                              * nearest edge: inside a printer's reach */
  guint font_size;           /* pt */
  gboolean bold;
  StampAlign align;
  gboolean shrink;           /* PDF: scale a page's content to clear the
                              * marking bands */
} PolicyStamp;

/* Whether the marking `text` is read through a [mapping] line marked
 * "(review)": mark --migrate leaves such a file to a person */
gboolean policy_marking_for_review (const PmarkPolicy *policy, const char *text,
                                    gboolean fold_case);
const PolicyMail *pmark_policy_mail (const PmarkPolicy *policy);
const PolicyStamp *pmark_policy_stamp (const PmarkPolicy *policy);
/* The level of content no rule matched. */
int pmark_policy_default_level (const PmarkPolicy *policy);
/* The EPMS namespace ([policy] namespace, or "gov.uk"). */
const char *pmark_policy_namespace (const PmarkPolicy *policy);
/* The first [labels] GUID the policy gives `level`, or NULL. */
const char *pmark_policy_label_id (const PmarkPolicy *policy, int level);
/* Whether sealed files carry the marking outside ([policy] seal-label). */
gboolean pmark_policy_seal_label (const PmarkPolicy *policy);
/* pmark mark's log ([policy] audit-log), or NULL for the default. */
const char *pmark_policy_audit_log (const PmarkPolicy *policy);

/* A marking as pmark writes it: NAME, then " - " and the descriptors
 * joined by ", ", in capitals. */
char *policy_marking_text_named (const char *name, GPtrArray *descriptors);
/* The [translate] whose domains hold every address of `addresses` (at
 * least one), or NULL; `some` (may be NULL) is set when a translation
 * holds some of them but not all. */
const PolicyTranslation *policy_translation_for (const PmarkPolicy *policy,
                                                 GPtrArray *addresses, gboolean *some);
/* Whether the address's domain is one of `domains` or under one. */
gboolean policy_domain_in (const char *address, GPtrArray *domains);
/* The name of level `level`, or NULL for -1 (no level). */
const char *policy_level_name (const PmarkPolicy *policy, int level);

G_END_DECLS
