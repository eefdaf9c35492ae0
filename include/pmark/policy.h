/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <pmark/budget.h>

G_BEGIN_DECLS

/* A loaded, validated policy. Immutable once loaded, so one policy may be
 * shared by any number of threads; reference-counted. */
typedef struct _PmarkPolicy PmarkPolicy;

typedef struct {
  guint index;               /* 0 is the lowest level */
  char *name;                /* e.g. "RESTRICTED", as the policy spells it */
  char *label;               /* short form for subject lines */
  char *colour;              /* #rrggbb */
  char *handling;            /* handling text, may be NULL */
  gboolean requires_descriptor;
  char *default_descriptor;  /* may be NULL */
  gboolean seal;             /* pmark mark seals documents of this level */
  char *seal_recipients;     /* age recipients file (absolute), or NULL */
} PmarkLevel;

/* `name_or_path` is a file path (contains '/' or ends in ".policy") or the
 * name of a policy on the search path; NULL means the default policy. */
PmarkPolicy *pmark_policy_load (const char *name_or_path, GError **error);
PmarkPolicy *pmark_policy_load_file (const char *path, GError **error);
PmarkPolicy *pmark_policy_load_data (const char *data, gssize len,
                                     const char *filename, GError **error);
char *pmark_policy_resolve (const char *name_or_path, GError **error);
/* Directories searched for policies by name, in order (free with
 * g_strfreev). */
char **pmark_policy_search_path (void);
const char *pmark_policy_default_name (void);

PmarkPolicy *pmark_policy_ref (PmarkPolicy *policy);
void pmark_policy_unref (PmarkPolicy *policy);

const char *pmark_policy_get_name (const PmarkPolicy *policy);
/* `text` (a place, a name, a message: anything pmark writes that came
 * from a document) with every span shaped like an identifier the policy
 * treats as sensitive masked as evidence is, checksum or not. */
char *pmark_policy_mask (const PmarkPolicy *policy, const char *text);
const char *pmark_policy_get_title (const PmarkPolicy *policy);
/* Which policy exactly: "[policy] version, sha256:FINGERPRINT" (or the
 * fingerprint alone), the fingerprint being of the effective policy
 * (pmark policy show), so any change of a setting, local overrides
 * included, changes it. Recorded with each audit run. */
const char *pmark_policy_get_version (const PmarkPolicy *policy);
const char *pmark_policy_get_filename (const PmarkPolicy *policy);
/* The signing keys [sign] trusted lists (key -> name), or NULL: those whose
 * signed markings classify and audit accept (pmark-verify(1)). */
GHashTable *pmark_policy_trusted_keys (const PmarkPolicy *policy);
/* [serve]: the officer's page (pmark-serve(1)). */
typedef struct {
  const char *recipient_book; /* name -> age recipients (absolute), or NULL */
  guint max_files;            /* files one page holds at once */
  guint keep_minutes;         /* an upload unused this long is deleted */
} PmarkServeSettings;
void pmark_policy_serve_settings (const PmarkPolicy *policy, PmarkServeSettings *out);
/* The policy's descriptors, in the order it defines them; NULL past the
 * end. `description` (may be NULL) receives its description or NULL. */
guint pmark_policy_get_n_descriptors (const PmarkPolicy *policy);
const char *pmark_policy_get_descriptor (const PmarkPolicy *policy, guint index,
                                         const char **description);
/* The policy's [ocr] settings, every field set. */
const PmarkOcrOptions *pmark_policy_get_ocr (const PmarkPolicy *policy);
/* `in` with what it leaves to the policy (OCR settings) filled in. */
void pmark_policy_read_options (const PmarkPolicy *policy,
                                const PmarkReadOptions *in,
                                PmarkReadOptions *out);
guint pmark_policy_get_n_levels (const PmarkPolicy *policy);
const PmarkLevel *pmark_policy_get_level (const PmarkPolicy *policy,
                                          guint index);
/* A level by its name or one of its aliases; -1 when unknown. */
int pmark_policy_find_level (const PmarkPolicy *policy, const char *name);
/* The local override files merged over every policy loaded from a file,
 * in order: $PMARK_LOCAL_POLICY (':'-separated; empty for none), else
 * SYSCONFDIR/pmark/local.policy and $XDG_CONFIG_HOME/pmark/local.policy. */
char **pmark_policy_local_files (void);
/* A level as a person gives it: "LEVEL[:DESCRIPTOR[,DESCRIPTOR]]", the
 * marking as pmark prints it ("RESTRICTED - PERSONAL"), or a marking of
 * another scheme the policy maps ("OFFICIAL-SENSITIVE" under the London
 * policy: `mapped_from` then names the mapping). Descriptors found are
 * added to `descriptors` (char*, owned; may be NULL).
 * PMARK_ERROR_INVALID_ARGUMENT names the policy's levels and descriptors. */
gboolean pmark_policy_parse_level (const PmarkPolicy *policy, const char *spec,
                                   int *level, GPtrArray *descriptors,
                                   const char **mapped_from, GError **error);
/* The marking as pmark writes it: "RESTRICTED - PERSONAL, MEDICAL". */
char *pmark_policy_marking_text (const PmarkPolicy *policy, int level,
                                 GPtrArray *descriptors);
/* The effective policy in policy-file syntax, defaults filled in. */
char *pmark_policy_to_string (const PmarkPolicy *policy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkPolicy, pmark_policy_unref)

G_END_DECLS
