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

/**
 * pmark_policy_load:
 * @name_or_path: (nullable): a policy file's path (it contains '/' or ends
 *    in ".policy"), the name of a policy on the search path, or %NULL for
 *    the default policy
 * @error: where to put why the policy could not be loaded, or %NULL
 *
 * Loads, merges (includes, then the local override files) and validates a
 * policy.
 *
 * Returns: (transfer full): the policy, or %NULL with @error set
 *    (%PMARK_ERROR_POLICY naming the file, line and setting)
 */
PmarkPolicy *pmark_policy_load (const char *name_or_path, GError **error);
/**
 * pmark_policy_load_file:
 * @path: a policy file
 * @error: where to put why the policy could not be loaded, or %NULL
 *
 * Loads the policy file at @path, with its includes and the local override
 * files (pmark_policy_local_files()).
 *
 * Returns: (transfer full): the policy, or %NULL with @error set
 */
PmarkPolicy *pmark_policy_load_file (const char *path, GError **error);
/**
 * pmark_policy_is_local_file:
 * @path: a file in policy-file syntax
 *
 * Whether @path holds local settings (/etc/pmark/local.policy and the
 * like: no [policy] section naming a policy of its own) rather than a
 * policy.
 *
 * Returns: %TRUE for local settings; %FALSE for a policy, or a file that
 *    cannot be read as one
 */
gboolean pmark_policy_is_local_file (const char *path);
/**
 * pmark_policy_load_over:
 * @name_or_path: (nullable): the policy, as for pmark_policy_load()
 * @local_path: a local settings file
 * @error: where to put why the merged policy is invalid, or %NULL
 *
 * Loads the policy with @local_path merged over it instead of the local
 * override files: how a local settings file is checked before it is put
 * in place. An error in @local_path names that file and line.
 *
 * Returns: (transfer full): the merged policy, or %NULL with @error set
 */
PmarkPolicy *pmark_policy_load_over (const char *name_or_path, const char *local_path,
                                     GError **error);
/**
 * pmark_policy_load_data:
 * @data: a policy in policy-file syntax (pmark.policy(5))
 * @len: its length in bytes, or -1 when NUL-terminated
 * @filename: (nullable): the name used in messages, and the directory
 *    relative includes are found in
 * @error: where to put why the policy is invalid, or %NULL
 *
 * Loads a policy from memory; no local override files are merged.
 *
 * Returns: (transfer full): the policy, or %NULL with @error set
 */
PmarkPolicy *pmark_policy_load_data (const char *data, gssize len,
                                     const char *filename, GError **error);
/**
 * pmark_policy_resolve:
 * @name_or_path: (nullable): a policy's path or name, as for
 *    pmark_policy_load(); %NULL for the default policy
 * @error: where to put why there is no such policy, or %NULL
 *
 * Which file pmark_policy_load() would read, looking names up on the search
 * path (pmark_policy_search_path()).
 *
 * Returns: (transfer full): the file's path, or %NULL with @error set
 */
char *pmark_policy_resolve (const char *name_or_path, GError **error);
/**
 * pmark_policy_search_path:
 *
 * The directories searched for policies by name, in order:
 * $PMARK_POLICY_PATH (':'-separated), $XDG_CONFIG_HOME/pmark/policies, the
 * installed policies, then the source tree's (running from a build).
 *
 * Returns: (transfer full): the directories; free with g_strfreev()
 */
char **pmark_policy_search_path (void);
/**
 * pmark_policy_default_name:
 *
 * The policy used when none is named.
 *
 * Returns: its name (static), "london-lscb" unless built otherwise
 */
const char *pmark_policy_default_name (void);

/**
 * pmark_policy_ref:
 * @policy: a policy
 *
 * Takes a reference: policies are immutable once loaded and may be shared
 * by any number of threads.
 *
 * Returns: @policy
 */
PmarkPolicy *pmark_policy_ref (PmarkPolicy *policy);
/**
 * pmark_policy_unref:
 * @policy: (nullable): a policy
 *
 * Drops a reference; the last frees the policy.
 */
void pmark_policy_unref (PmarkPolicy *policy);

/**
 * pmark_policy_get_name:
 * @policy: a policy
 *
 * Returns: the policy's name (its [policy] name: letters, digits, '-', '_')
 */
const char *pmark_policy_get_name (const PmarkPolicy *policy);
/**
 * pmark_policy_mask:
 * @policy: a policy
 * @text: anything pmark writes that came from a document (a place, a name,
 *    a message)
 *
 * @text with every span shaped like an identifier the policy treats as
 * sensitive masked as evidence is ("943 *** **70"), whether its checksum
 * holds or not.
 *
 * Returns: (transfer full): the masked text
 */
char *pmark_policy_mask (const PmarkPolicy *policy, const char *text);
/**
 * pmark_policy_get_title:
 * @policy: a policy
 *
 * Returns: the policy's title ([policy] title), for people
 */
const char *pmark_policy_get_title (const PmarkPolicy *policy);
/**
 * pmark_policy_get_version:
 * @policy: a policy
 *
 * Which policy exactly: "[policy] version, sha256:FINGERPRINT" (or the
 * fingerprint alone), the fingerprint being of the effective policy (pmark
 * policy show), so any change of a setting, local overrides included,
 * changes it. Recorded with each audit run.
 *
 * Returns: the version string, owned by @policy
 */
const char *pmark_policy_get_version (const PmarkPolicy *policy);
/**
 * pmark_policy_get_filename:
 * @policy: a policy
 *
 * Returns: (nullable): the file the policy was loaded from, or the name
 *    given to pmark_policy_load_data()
 */
const char *pmark_policy_get_filename (const PmarkPolicy *policy);
/**
 * pmark_policy_trusted_keys:
 * @policy: a policy
 *
 * The signing keys [sign] trusts: those whose signed markings classify and
 * audit accept (pmark-verify(1)).
 *
 * Returns: (transfer none) (nullable): key -> name, or %NULL when none
 */
GHashTable *pmark_policy_trusted_keys (const PmarkPolicy *policy);
/* [serve]: the officer's page (pmark-serve(1)). */
typedef struct {
  const char *recipient_book; /* name -> age recipients (absolute), or NULL */
  guint max_files;            /* files one page holds at once */
  guint keep_minutes;         /* an upload unused this long is deleted */
} PmarkServeSettings;
/**
 * pmark_policy_serve_settings:
 * @policy: a policy
 * @out: (out caller-allocates): its [serve] settings, defaults filled in;
 *    the strings are owned by @policy
 *
 * The settings of the officer's page (pmark-serve(1)).
 */
void pmark_policy_serve_settings (const PmarkPolicy *policy, PmarkServeSettings *out);
/**
 * pmark_policy_get_n_descriptors:
 * @policy: a policy
 *
 * Returns: how many descriptors the policy defines
 */
guint pmark_policy_get_n_descriptors (const PmarkPolicy *policy);
/**
 * pmark_policy_get_descriptor:
 * @policy: a policy
 * @index: 0 to pmark_policy_get_n_descriptors() - 1, in the policy's order
 * @description: (out) (optional) (nullable): its description, or %NULL
 *
 * Returns: (nullable): the descriptor's name, owned by @policy; %NULL past
 *    the end
 */
const char *pmark_policy_get_descriptor (const PmarkPolicy *policy, guint index,
                                         const char **description);
/**
 * pmark_policy_get_ocr:
 * @policy: a policy
 *
 * Returns: the policy's [ocr] settings, every field set, owned by @policy
 */
const PmarkOcrOptions *pmark_policy_get_ocr (const PmarkPolicy *policy);
/**
 * pmark_policy_read_options:
 * @policy: a policy
 * @in: the caller's read options
 * @out: (out caller-allocates): @in with what it leaves to the policy
 *    (the OCR settings) filled in from the policy
 *
 * The read options a document is read with under @policy.
 */
void pmark_policy_read_options (const PmarkPolicy *policy,
                                const PmarkReadOptions *in,
                                PmarkReadOptions *out);
/**
 * pmark_policy_get_n_levels:
 * @policy: a policy
 *
 * Returns: how many levels the policy defines (at least one)
 */
guint pmark_policy_get_n_levels (const PmarkPolicy *policy);
/**
 * pmark_policy_get_level:
 * @policy: a policy
 * @index: 0 (the lowest) to pmark_policy_get_n_levels() - 1
 *
 * Returns: (nullable): the level, owned by @policy; %NULL past the end
 */
const PmarkLevel *pmark_policy_get_level (const PmarkPolicy *policy,
                                          guint index);
/**
 * pmark_policy_find_level:
 * @policy: a policy
 * @name: a level's name or one of its aliases
 *
 * Returns: the level's index, or -1 when the policy has no such level
 */
int pmark_policy_find_level (const PmarkPolicy *policy, const char *name);
/**
 * pmark_policy_local_files:
 *
 * The local override files merged over every policy loaded from a file, in
 * order: $PMARK_LOCAL_POLICY (':'-separated; empty for none), else
 * SYSCONFDIR/pmark/local.policy and $XDG_CONFIG_HOME/pmark/local.policy.
 *
 * Returns: (transfer full): the paths; free with g_strfreev()
 */
char **pmark_policy_local_files (void);
/**
 * pmark_policy_parse_level:
 * @policy: a policy
 * @spec: a level as a person gives it: "LEVEL[:DESCRIPTOR[,DESCRIPTOR]]",
 *    the marking as pmark prints it ("RESTRICTED - PERSONAL"), or a marking
 *    of another scheme the policy maps ("OFFICIAL-SENSITIVE" under the
 *    London policy)
 * @level: (out): the level's index
 * @descriptors: (nullable): where the descriptors found are added (char*,
 *    owned by the array)
 * @mapped_from: (out) (optional) (nullable): the mapping used, when @spec
 *    was another scheme's marking; %NULL otherwise
 * @error: where to put why @spec is not a level, or %NULL
 *
 * Returns: %TRUE when @spec names a level; otherwise %FALSE with
 *    %PMARK_ERROR_INVALID_ARGUMENT naming the policy's levels and
 *    descriptors
 */
gboolean pmark_policy_parse_level (const PmarkPolicy *policy, const char *spec,
                                   int *level, GPtrArray *descriptors,
                                   const char **mapped_from, GError **error);
/**
 * pmark_policy_marking_text:
 * @policy: a policy
 * @level: a level's index
 * @descriptors: (nullable): descriptors (char*), or %NULL
 *
 * Returns: (transfer full): the marking as pmark writes it: "RESTRICTED -
 *    PERSONAL, MEDICAL"
 */
char *pmark_policy_marking_text (const PmarkPolicy *policy, int level,
                                 GPtrArray *descriptors);
/**
 * pmark_policy_to_string:
 * @policy: a policy
 *
 * Returns: (transfer full): the effective policy in policy-file syntax,
 *    defaults filled in (pmark policy show)
 */
char *pmark_policy_to_string (const PmarkPolicy *policy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkPolicy, pmark_policy_unref)

G_END_DECLS
