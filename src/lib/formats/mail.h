/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reading messages: GMime parsing and walking (mime.c), RFC 7444
 * SIO-Label fields (sio-label.c). Outlook .msg and TNEF (msg.c, tnef.c)
 * share mapi.h. The gateway (mail/) builds on these. */
#pragma once

#include <gmime/gmime.h>

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* GMime 3.2 declares no autoptr cleanups */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)

/* ---- mime.c ---- */
/* GMime's one-time set-up, thread-safe. */
void mail_init (void);
/* Never NULL: GMime reads anything as a message (an empty one at worst). */
GMimeMessage *mail_parse (GBytes *bytes);
/* Adds every text part, attachment and nested message of `message` to
 * `doc`, and the message's own markings (HEADER candidates). */
gboolean mail_read_message (PmarkDocument *doc, GMimeMessage *message,
                            const PmarkBudget *budget, GError **error);
/* The markings a message carries in its header (X-Protective-Marking,
 * msip_labels, the subject's groups), as HEADER candidates of `doc`. */
void mail_header_markings (PmarkDocument *doc, GMimeMessage *message);
/* The bracketed groups of a subject, as HEADER candidates of `doc`. */
void mail_subject_markings (PmarkDocument *doc, const char *subject);
/* A part's content, its transfer encoding undone. */
GBytes *mail_part_content (GMimePart *part);
/* Addresses ("local@domain", as written) of a list, groups expanded. */
void mail_addresses (InternetAddressList *list, GPtrArray *out);

/* ---- sio-label.c: RFC 7444 SIO-Label fields ---- */
/* The markings an SIO-Label value carries, added to the document: its
 * display marking, and the classification of an ESS or X.411 security
 * label (1 unclassified ... 5 top secret) by its generic name. */
void mail_sio_label_read (PmarkDocument *doc, const char *value);
/* The SIO-Label value for a display marking: marking="..." (RFC 2231
 * encoded when it is not ASCII). */
char *mail_sio_label_format (const char *marking);

G_END_DECLS
