/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Marking syntaxes that travel in mail but are markings, not mail: the
 * EPMS value of an X-Protective-Marking header and bracketed subject
 * markings. Here, in the policy library, because recognising a marking
 * needs them (classify.c) and the mail gateway writes them (mail/). */
#pragma once

#include <pmark/policy.h>

G_BEGIN_DECLS

/* An X-Protective-Marking value (EPMS): key=value pairs separated by
 * commas, '\' escaping ':', ',' and '\'. */
typedef struct {
  char *ver, *ns, *sec, *origin;
  GPtrArray *access;   /* char*, ACCESS and CAVEAT values, in order */
} Epms;

gboolean epms_parse (const char *value, Epms *out);
void epms_clear (Epms *e);
/* The value pmark writes: VER, NS, SEC, ACCESS..., ORIGIN. */
char *epms_format (const char *ver, const char *ns, const char *sec,
                   GPtrArray *access, const char *origin);
/* The level and descriptors an EPMS value means under `policy`: SEC is the
 * level, ACCESS values the policy knows are its descriptors. -1: none. */
int epms_recognise (const PmarkPolicy *policy, const char *value,
                    GPtrArray *descriptors);
/* The bracketed groups of a subject line ("[RESTRICTED]", "[SEC=...]"),
 * as char* without the brackets. */
GPtrArray *subject_marking_groups (const char *subject);
/* The subject with every group the policy recognises as a marking (and
 * the space beside it) taken out. */
char *subject_marking_strip (const PmarkPolicy *policy, const char *subject);

G_END_DECLS
