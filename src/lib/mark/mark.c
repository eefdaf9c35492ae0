/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark mark: decide the marking, stamp it through the format's stamp
 * function into a temporary beside the output, check that the result
 * re-opens with the new marking as its existing one, commit (fsync,
 * rename), and append the audit record. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <pmark/pmark.h>

#include "core/document-private.h"
#include "core/file.h"
#include "core/json.h"
#include "policy/settings.h"
#include "stamp/stamp.h"

char *
pmark_mark_default_output (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *name = dot && dot != base
    ? g_strdup_printf ("%.*s.marked%s", (int) (dot - base), base, dot)
    : g_strdup_printf ("%s.marked", base);
  if (!strchr (path, '/'))
    return g_steal_pointer (&name);
  return g_build_filename (dir, name, NULL);
}

char *
pmark_mark_default_log (void)
{
  const char *state = g_getenv ("XDG_STATE_HOME");
  g_autofree char *dir = state && *state
    ? g_strdup (state)
    : g_build_filename (g_get_home_dir (), ".local", "state", NULL);
  return g_build_filename (dir, "pmark", "marking-log.jsonl", NULL);
}

void
pmark_mark_result_clear (PmarkMarkResult *r)
{
  g_free (r->input);
  g_free (r->output);
  g_free (r->old_marking);
  g_free (r->marking);
  g_free (r->sha256_before);
  g_free (r->sha256_after);
  g_free (r->log_path);
  g_free (r->converted_from);
  g_free (r->sha256_converted);
  g_free (r->mapped_from);
  g_free (r->unchanged_reason);
  g_free (r->migrated_scheme);
  g_free (r->migrated_text);
  g_clear_pointer (&r->left_in_text, g_ptr_array_unref);
  g_free (r->signer);
  g_free (r->signing_key);
  g_free (r->content_digest);
  g_free (r->signature);
  memset (r, 0, sizeof *r);
}

/* The stamped bytes into the output's temporary (for `output`). */
static gboolean
write_output (PmarkOutput *out, const char *output, GBytes *bytes, GError **error)
{
  gsize n;
  const void *p = g_bytes_get_data (bytes, &n);
  GError *e = NULL;
  if (g_output_stream_write_all (pmark_output_stream (out), p, n, NULL, NULL, &e))
    return TRUE;
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: cannot be written: %s", output,
               e->message);
  g_error_free (e);
  return FALSE;
}

/* No room left where the output is written: a write of the stamped file
 * that failed is then the disk's fault, said so. */
static gboolean
disk_full (const char *output)
{
  struct statvfs v;
  g_autofree char *dir = output ? g_path_get_dirname (output) : NULL;
  return dir && statvfs (dir, &v) == 0 && (guint64) v.f_bavail * v.f_frsize < 4096;
}

static void
replace_with_disk_full (GError **error, const char *output)
{
  g_clear_error (error);
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
               "%s: cannot be written: %s", output, g_strerror (ENOSPC));
}

static char *
sha256_of (GBytes *b)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, b);
}

/* A justification as given, without the spaces around it; none when it
 * is blank (the one rule for the command line and the page: whitespace
 * alone justifies nothing) */
static char *
clean_justification (const char *justify)
{
  if (!justify)
    return NULL;
  char *j = g_strstrip (g_strdup (justify));
  if (!*j)
    g_clear_pointer (&j, g_free);
  return j;
}

/* A path as the log records it: absolute, so that a line says which file
 * whatever directory pmark ran in */
static char *
log_path_of (const char *path)
{
  return path ? g_canonicalize_filename (path, NULL) : NULL;
}

static gboolean
append_log (const char *path, const PmarkMarkResult *r, const char *given_justify,
            const char *user, const PmarkPolicy *policy, GError **error)
{
  g_autofree char *justify = clean_justification (given_justify);
  g_autofree char *input = log_path_of (r->input);
  g_autofree char *output = log_path_of (r->output);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  json_builder_begin_object (b);
  pmark_json_add_string (b, "time", time);
  pmark_json_add_string (b, "user", user ? user : g_get_user_name ());
  pmark_json_add_string (b, "host", g_get_host_name ());
  pmark_json_add_string (b, "policy", pmark_policy_get_name (policy));
  pmark_json_add_string (b, "input", input);
  pmark_json_add_string (b, "output", output);
  pmark_json_add_string (b, "sha256_before", r->sha256_before);
  pmark_json_add_string (b, "sha256_after", r->sha256_after);
  pmark_json_add_string (b, "old", r->old_marking);
  pmark_json_add_string (b, "new", r->marking);
  pmark_json_add_string (b, "content_needs", policy_level_name (policy, r->content_level));
  if (r->mapped_from)
    pmark_json_add_string (b, "level_mapped_by", r->mapped_from);
  if (r->migrated_scheme) {
    pmark_json_add_string (b, "migrated_from_scheme", r->migrated_scheme);
    pmark_json_add_string (b, "migrated_from", r->migrated_text);
    if (r->left_in_text)
      pmark_json_add_strings (b, "old_marking_left_in_text", r->left_in_text);
  }
  pmark_json_add_string (b, "justification", justify);
  if (r->converted_from) {
    pmark_json_add_string (b, "converted_from", r->converted_from);
    pmark_json_add_string (b, "sha256_converted", r->sha256_converted);
  }
  if (r->signer) {
    pmark_json_add_string (b, "signed_by", r->signer);
    pmark_json_add_string (b, "signing_key", r->signing_key);
    pmark_json_add_string (b, "signed_content", r->content_digest);
  }
  json_builder_set_member_name (b, "sealed");
  json_builder_add_boolean_value (b, r->sealed);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return pmark_log_append (path, root, error);
}

/* The lock file an editor keeps beside a document it has open:
 * LibreOffice's ".~lock.NAME#", Word's and Excel's "~$NAME" (Word, for
 * names of more than 6 characters before the extension, puts "~$" over
 * the first two characters instead). NULL when there is none. */
static char *
editor_lock_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *lo = g_strdup_printf (".~lock.%s#", base);
  g_autofree char *ms = g_strdup_printf ("~$%s", base);
  g_autofree char *word = g_utf8_strlen (base, -1) > 2
    ? g_strdup_printf ("~$%s", g_utf8_offset_to_pointer (base, 2)) : NULL;
  const char *names[] = { lo, ms, word };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    if (!names[i])
      continue;
    char *lock = g_build_filename (dir, names[i], NULL);
    struct stat st;
    if (lstat (lock, &st) == 0 && S_ISREG (st.st_mode))
      return lock;
    g_free (lock);
  }
  return NULL;
}

/* --in-place does not replace what a user has open in an editor (their
 * next save would overwrite the marking, or the editor's copy would go
 * stale), nor a file made read-only; --force does. */
static gboolean
in_place_allowed (const char *path, const struct stat *st, GError **error)
{
  g_autofree char *lock = editor_lock_file (path);
  if (lock) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IN_USE,
                 "%s is open in an editor (its lock file %s exists): close it first, "
                 "or use --force if the lock is stale", path, lock);
    return FALSE;
  }
  if (!(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access (path, W_OK) != 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_READ_ONLY,
                 "%s is read-only (mode %04o): --in-place does not replace it "
                 "without --force", path, (unsigned) (st->st_mode & 07777));
    return FALSE;
  }
  return TRUE;
}

/* The highest marking of another scheme the document carries (read
 * through one of the policy's mappings): its level and descriptors; FALSE
 * when there is none. */
static gboolean
old_scheme_marking (const PmarkPolicy *policy, const PmarkDocument *doc, PmarkMarkResult *r,
                    int *level, GPtrArray *descs)
{
  *level = -1;
  r->review = FALSE;
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *c = g_ptr_array_index (doc->markings, i);
    g_autoptr (GPtrArray) d = g_ptr_array_new_with_free_func (g_free);
    const char *scheme = NULL;
    int l = pmark_policy_recognise_candidate_from (policy, c, d, &scheme);
    if (l < 0 || !scheme || l <= *level)
      continue;
    *level = l;
    g_ptr_array_set_size (descs, 0);
    for (guint k = 0; k < d->len; k++)
      g_ptr_array_add (descs, g_strdup (g_ptr_array_index (d, k)));
    g_free (r->migrated_scheme);
    g_free (r->migrated_text);
    r->migrated_scheme = g_strdup (scheme);
    r->migrated_text = g_strdup (c->value);
    r->review = policy_marking_for_review (policy, c->value,
                                           c->source != PMARK_MARKING_SOURCE_TEXT);
  }
  return *level >= 0;
}

/* Old-scheme markings the migrated file still carries: pmark's own parts
 * were replaced, so these were typed by hand. */
static void
left_in_text (const PmarkPolicy *policy, const PmarkDocument *doc, PmarkMarkResult *r)
{
  r->left_in_text = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *c = g_ptr_array_index (doc->markings, i);
    const char *scheme = NULL;
    if (pmark_policy_recognise_candidate_from (policy, c, NULL, &scheme) >= 0 && scheme)
      g_ptr_array_add (r->left_in_text, g_strdup_printf ("%s: %s", c->where, c->value));
  }
}

/* Signs what was stamped: the statement over the output's canonical
 * content, then the same stamp again with the signature in the metadata
 * (into the same temporary), read back and checked as pmark verify
 * would. The signed output's bytes, or NULL. */
static GBytes *
sign_output (const PmarkPolicy *policy, const PmarkMarkOptions *o, PmarkMarkResult *r,
             PmarkStampJob *job, const PmarkFormat *format, PmarkOutput *out,
             PmarkDocument *stamped_doc, GBytes *stamped, const char *const *lines,
             const char *set_date, const PmarkReadOptions *read, GError **error)
{
  const PmarkLevel *lv = pmark_policy_get_level (policy, r->level);
  g_autofree char *digest = pmark_signature_content_digest (stamped_doc, stamped, lines,
                                                            read->password, error);
  if (!digest)
    return NULL;
  const char *signer = o->signer ? o->signer : pmark_signing_key_signer (o->sign_key);
  g_autofree char *who = NULL;
  if (!signer || !*signer) {
    const char *real = g_get_real_name ();
    who = real && *real && strcmp (real, "Unknown")
      ? g_strdup_printf ("%s <%s@%s>", real, g_get_user_name (), g_get_host_name ())
      : g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
    signer = who;
  }
  PmarkSignedMarking m = {
    .signer = (char *) signer, .time = (char *) set_date, .policy = (char *) pmark_policy_get_name (policy),
    .level = lv->name, .marking = (char *) lines[0], .handling = (char *) lines[1],
    .format = (char *) format->name, .content = digest,
  };
  g_autofree char *token = pmark_signature_create (o->sign_key, &m);
  job->input = stamped;
  job->doc = stamped_doc;
  job->signature = token;
  /* the second pass measures nothing new: its content is the first's */
  g_autoptr (GBytes) signed_bytes = stamp_document (job, read, error);
  job->input = NULL;
  if (!signed_bytes || !pmark_output_rewind (out, error)
      || !write_output (out, r->output, signed_bytes, error) || !pmark_output_prepare (out, error))
    return NULL;
  g_autoptr (PmarkDocument) again = pmark_document_load_bytes (signed_bytes, r->output, read,
                                                               error);
  if (!again)
    return NULL;
  g_autoptr (PmarkSignatureCheck) check = stamp_signature_check (again, signed_bytes, NULL,
                                                                 read, error);
  if (!check)
    return NULL;
  if (check->state != PMARK_SIGNATURE_INTACT) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_NOT_STAMPABLE,
                 "the signed file does not verify (%s: %s); nothing was written",
                 pmark_signature_state_name (check->state), check->reason);
    return NULL;
  }
  r->signer = g_strdup (signer);
  r->signing_key = pmark_signing_key_public (o->sign_key);
  r->content_digest = g_steal_pointer (&digest);
  r->signature = g_steal_pointer (&token);
  return g_steal_pointer (&signed_bytes);
}

/* --in-place replaces a file: never a link's own file, never one open in
 * an editor or read-only (without --force), and never one someone changed
 * while pmark was marking it (`before` is checked again before the
 * rename). */
static gboolean
in_place_guard (const char *path, const PmarkMarkOptions *o, struct stat *before,
                GError **error)
{
  if (lstat (path, before) == 0 && S_ISLNK (before->st_mode)) {
    g_autofree char *target = realpath (path, NULL);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                 "%s is a symbolic link: --in-place would replace the link, not the "
                 "file; mark its target (%s) instead", path,
                 target ? target : "it points nowhere");
    return FALSE;
  }
  if (stat (path, before) != 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s", path, g_strerror (errno));
    return FALSE;
  }
  if (before->st_nlink > 1 && !o->force) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IN_USE,
                 "%s has %u hard links: --in-place would mark this name only (the other "
                 "names would keep the unmarked file); mark a copy with -o, or use --force "
                 "to mark this name only", path, (unsigned) before->st_nlink);
    return FALSE;
  }
  return o->force || in_place_allowed (path, before, error);
}

/* The marking to stamp (r->level, r->marking, r->mapped_from,
 * r->content_level): --migrate's, --level's or the content's, never
 * lower than the document carries or its content needs without a
 * justification. 1 to go on, 0 when --migrate leaves it as it is
 * (r->unchanged), -1 with an error. */
static int
choose_marking (const PmarkPolicy *policy, const PmarkMarkOptions *o, const char *path,
                const PmarkDocument *doc, const PmarkResult *res, PmarkMarkResult *r,
                GError **error)
{
  g_autoptr (GPtrArray) descs = g_ptr_array_new_with_free_func (g_free);
  int level;
  const char *mapped_from = NULL;
  if (o->migrate) {
    if (!old_scheme_marking (policy, doc, r, &level, descs)) {
      r->unchanged = TRUE;
      r->unchanged_reason = g_strdup (r->old_marking
        ? "its marking is already this policy's" : "it carries no marking");
      return 0;
    }
    /* a mapping a person must decide (CONFIDENTIAL to SECRET: most
     * councils cannot hold SECRET): listed, never re-marked */
    if (r->review) {
      r->unchanged = TRUE;
      r->unchanged_reason = g_strdup_printf (
        "for review: its %s marking '%s' maps to %s only by a person's decision ([mapping %s] "
        "says review); mark it with --level", r->migrated_scheme, r->migrated_text,
        policy_level_name (policy, level), r->migrated_scheme);
      return 0;
    }
    /* never lower: what the mapping gives, or more where the document
     * already carries more or its content needs more */
    if (r->old_level > level || res->level > level) {
      level = MAX (r->old_level, res->level);
      g_ptr_array_set_size (descs, 0);
      for (guint i = 0; i < res->descriptors->len; i++)
        g_ptr_array_add (descs, g_strdup (g_ptr_array_index (res->descriptors, i)));
    }
  } else if (o->level) {
    if (!pmark_policy_parse_level (policy, o->level, &level, descs, &mapped_from, error))
      return -1;
    /* the level the content needs, chosen without descriptors: the
     * content's descriptors ("RESTRICTED" on what needs RESTRICTED -
     * PERSONAL stays PERSONAL); "RESTRICTED:" says none */
    if (!descs->len && level == res->level && !strchr (o->level, ':'))
      for (guint i = 0; i < res->descriptors->len; i++)
        g_ptr_array_add (descs, g_strdup (g_ptr_array_index (res->descriptors, i)));
  } else {
    level = res->level;
    if (level < 0) {
      g_set_error (error, PMARK_ERROR,
                   doc->encrypted ? PMARK_ERROR_ENCRYPTED : PMARK_ERROR_NOT_INSPECTED,
                   "%s: no level to mark with: the content was not inspected (%s); "
                   "give --level", path,
                   res->not_inspected_reason ? res->not_inspected_reason : "unreadable");
      return -1;
    }
    for (guint i = 0; i < res->descriptors->len; i++)
      g_ptr_array_add (descs, g_strdup (g_ptr_array_index (res->descriptors, i)));
  }
  const PmarkLevel *lv = pmark_policy_get_level (policy, level);
  if (!descs->len && lv->requires_descriptor && lv->default_descriptor)
    g_ptr_array_add (descs, g_strdup (lv->default_descriptor));
  r->level = level;
  r->marking = pmark_policy_marking_text (policy, level, descs);

  r->content_level = res->content_level;
  r->mapped_from = g_strdup (mapped_from);
  g_autofree char *justification = clean_justification (o->justify);
  gboolean justified = justification != NULL;
  if (r->old_level > level && !justified) {
    const PmarkLevel *old = pmark_policy_get_level (policy, r->old_level);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_DOWNGRADE,
                 "%s: lowering the marking from %s to %s needs --justify", path,
                 old->name, lv->name);
    return -1;
  }
  /* below what the content needs: as for lowering, a person says why */
  if (res->content_level > level && !justified) {
    const PmarkLevel *need = pmark_policy_get_level (policy, res->content_level);
    const PmarkReason *why = res->reasons->len ? g_ptr_array_index (res->reasons, 0) : NULL;
    g_autofree char *because = why && why->where->len
      ? g_strdup_printf (" (%s: %s)", why->rule, (char *) g_ptr_array_index (why->where, 0))
      : why ? g_strdup_printf (" (%s)", why->rule) : g_strdup ("");
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_DOWNGRADE,
                 "%s: the content needs %s%s: marking it %s needs --justify%s%s", path,
                 need->name, because, lv->name, why && why->explanation ? ". " : "",
                 why && why->explanation ? why->explanation : "");
    return -1;
  }
  return 1;
}

/* Where the marked file goes: the input (--in-place), -o, --output-dir or
 * beside it; a converted file takes its new extension and never replaces
 * the original, even --in-place (it goes beside it); a sealed one ends
 * in .age unless -o names it. */
static char *
output_path (const PmarkMarkOptions *o, const char *path, const char *convert_to,
             gboolean seal)
{
  char *output;
  g_autofree char *named = NULL;
  if (convert_to) {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);
    char *dot = strrchr (base, '.');
    if (dot && dot != base)
      *dot = 0;
    g_autofree char *nb = g_strdup_printf ("%s.%s", base, convert_to);
    named = strchr (path, '/') ? g_build_filename (dir, nb, NULL) : g_strdup (nb);
  }
  const char *source = named ? named : path;
  if (o->in_place)
    output = g_strdup (source);
  else if (o->output && named) {
    /* an output named like the input ("x.doc") takes the new extension */
    const char *odot = strrchr (o->output, '.'), *idot = strrchr (path, '.');
    const char *oslash = strrchr (o->output, '/');
    if (odot && idot && (!oslash || odot > oslash) && !g_ascii_strcasecmp (odot, idot))
      output = g_strdup_printf ("%.*s.%s", (int) (odot - o->output), o->output,
                                   convert_to);
    else
      output = g_strdup (o->output);
  } else if (o->output)
    output = g_strdup (o->output);
  else if (o->output_dir) {
    g_autofree char *base = g_path_get_basename (source);
    output = g_build_filename (o->output_dir, base, NULL);
  } else
    output = pmark_mark_default_output (source);
  if (seal && !o->output) {
    char *sealed = g_strconcat (output, ".age", NULL);
    g_free (output);
    output = sealed;
  }
  return output;
}

/* A legacy file (.doc, .xls, .ppt, .rtf) converted by LibreOffice to the
 * format pmark stamps, and read: `input` and `doc` are replaced by the
 * converted file's. */
static gboolean
convert_input (const char *path, const PmarkFormat *format, const char *convert_to,
               const PmarkReadOptions *read, const PmarkBudget *budget, GBytes **input,
               PmarkDocument **doc, PmarkMarkResult *r, GError **error)
{
  g_autoptr (GBytes) converted = pmark_convert_office (*input, format->name, budget, error);
  if (!converted) {
    g_prefix_error (error, "%s: ", path);
    return FALSE;
  }
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  if (dot && dot != base)
    *dot = 0;
  g_autofree char *cname = g_strdup_printf ("%s.%s", base, convert_to);
  PmarkDocument *cdoc = pmark_document_load_bytes (converted, cname, read, error);
  if (!cdoc) {
    g_prefix_error (error, "%s: the converted file: ", path);
    return FALSE;
  }
  r->converted_from = g_strdup (format->name);
  r->sha256_converted = sha256_of (converted);
  pmark_document_free (*doc);
  *doc = cdoc;
  g_bytes_unref (*input);
  *input = g_steal_pointer (&converted);
  return TRUE;
}

/* Who a sealed document is for: the caller's recipients, else the
 * level's (loaded here); NULL with an error when there are none, or when
 * sealing would have to replace the input in place. */
static GPtrArray *
seal_recipients (const PmarkMarkOptions *o, const PmarkLevel *lv, const char *path,
                 GError **error)
{
  if (o->in_place) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "%s: %s documents are sealed, and sealing cannot replace the "
                 "input in place: give -o or --output-dir", path, lv->name);
    return NULL;
  }
  g_autoptr (GPtrArray) recipients = o->recipients && o->recipients->len
    ? g_ptr_array_ref (o->recipients)
    : g_ptr_array_new_with_free_func ((GDestroyNotify) pmark_age_recipient_free);
  if (!recipients->len && lv->seal_recipients
      && !pmark_age_recipients_load (lv->seal_recipients, recipients, error))
    return NULL;
  if (!recipients->len) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "%s: sealing needs recipients: give -r or -R%s", path,
                 lv->seal ? " (the policy seals this level but names none)" : "");
    return NULL;
  }
  return g_steal_pointer (&recipients);
}

/* The stamped document sealed to `recipients` (the marking, and a signed
 * marking's token, in the outside stanza when the policy keeps the label),
 * in a new output for r->output, prepared but not committed; NULL with
 * an error (nothing left behind). */
static PmarkOutput *
write_sealed (const PmarkPolicy *policy, PmarkMarkResult *r, GBytes *stamped,
              GPtrArray *recipients, int mode, const PmarkBudget *budget, GError **error)
{
  PmarkOutput *sealed = pmark_output_new (r->output, mode, error);
  if (!sealed)
    return NULL;
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (stamped);
  PmarkAgeEncryptOptions eo = { .marking = pmark_policy_seal_label (policy) ? r->marking : NULL,
                                .signature = pmark_policy_seal_label (policy) ? r->signature : NULL };
  if (!pmark_age_encrypt (in, pmark_output_stream (sealed), recipients, &eo, error)) {
    pmark_output_abort (sealed);
    return NULL;
  }
  pmark_output_set_no_replace (sealed, TRUE);
  if (!g_output_stream_flush (pmark_output_stream (sealed), NULL, NULL)
      || !pmark_output_prepare (sealed, error)) {
    if (error && !*error)
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: write failed", r->output);
    pmark_output_abort (sealed);
    return NULL;
  }
  g_autoptr (GBytes) written = pmark_file_read (pmark_output_temp_path (sealed), budget, NULL);
  r->sha256_after = written ? sha256_of (written) : NULL;
  r->sealed = TRUE;
  return sealed;
}

/* Step: the writer for the document's format; with --convert, a format
 * pmark reads but cannot stamp is converted first (`input`, `doc` and
 * `format` then describe the converted file, `convert_to` its
 * extension). NULL with a typed error when it cannot be stamped. */
static PmarkStampFunc
choose_writer (const char *path, const PmarkMarkOptions *o, const PmarkReadOptions *read,
               PmarkBudget *budget, GBytes **input, PmarkDocument **doc, PmarkMarkResult *r,
               const PmarkFormat **format_out, const char **convert_to_out, GError **error)
{
  const PmarkFormat *format = pmark_format_named ((*doc)->type.format);
  const char *convert_to = format && !pmark_writer_for (format->name)
                           ? pmark_convert_target (format->name) : NULL;
  if (convert_to && !o->convert) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: pmark reads %s files but cannot stamp them: give --convert "
                 "to convert it to .%s with LibreOffice and mark that (the "
                 "original is kept), or save it as .%s yourself",
                 path, format->description, convert_to, convert_to);
    return NULL;
  }
  if (convert_to) {
    if (!convert_input (path, format, convert_to, read, budget, input, doc, r, error))
      return NULL;
    format = pmark_format_named ((*doc)->type.format);
  }
  PmarkStampFunc stamp = format ? pmark_writer_for (format->name) : NULL;
  if (!stamp)
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: pmark cannot stamp %s files", path,
                 format ? format->description : (*doc)->type.mime);
  *format_out = format;
  *convert_to_out = convert_to;
  return stamp;
}

/* Step: the stamped output must re-open, carrying at least the new
 * marking (a higher one the document's own text shows stays visible to
 * classify). The document read from `stamped` is returned (for --migrate
 * and signing), or NULL with why. */
static PmarkDocument *
read_back (PmarkPolicy *policy, const char *path, const PmarkReadOptions *read,
           PmarkMarkResult *r, GBytes *stamped, GError **error)
{
  /* read once: classified here, and searched for old markings by --migrate */
  GError *reread_error = NULL;
  g_autoptr (PmarkDocument) reread = pmark_document_load_bytes (stamped, r->output, read,
                                                                &reread_error);
  g_autoptr (PmarkResult) check = reread ? pmark_classify_document (policy, reread) : NULL;
  if (check && check->existing && check->existing->level >= r->level)
    return g_steal_pointer (&reread);
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_NOT_STAMPABLE,
               "%s: not marked: the stamped file does not read back with its "
               "new marking (%s); nothing was written", path,
               reread_error ? reread_error->message
               : check && !check->inspected ? "its content cannot be read back"
               : "the marking is not found where it was put");
  g_clear_error (&reread_error);
  return NULL;
}

/* Step: the record first, then the output: an output is never in place
 * without its record, and a record whose rename then fails names an
 * output that is not there (the error says so). With `before` (marking
 * in place), a file changed meanwhile is left as it is. */
static gboolean
log_and_commit (PmarkPolicy *policy, const char *path, const PmarkMarkOptions *o,
                PmarkMarkResult *r, PmarkOutput *out, const struct stat *before,
                GError **error)
{
  r->log_path = g_strdup (o->log_path ? o->log_path : pmark_policy_audit_log (policy));
  if (!r->log_path)
    r->log_path = pmark_mark_default_log ();
  /* The log records a marking once it is in place, and a marking that
   * cannot be logged is taken back: in place, exchanged with the file
   * read only if that is unchanged (an edit is never lost), the old file
   * kept until the log has the record */
  if (before) {
    if (!pmark_output_exchange (out, before, error))
      return FALSE;
    if (!append_log (r->log_path, r, o->justify, o->user, policy, error)) {
      g_prefix_error (error, "%s: not marked (put back as it was): the marking could not be "
                      "logged: ", path);
      pmark_output_undo (out);
      return FALSE;
    }
    pmark_output_finish (out);
    return TRUE;
  }
  if (!pmark_output_commit (out, error))
    return FALSE;
  if (!append_log (r->log_path, r, o->justify, o->user, policy, error)) {
    g_prefix_error (error, "%s: not marked (the marked copy %s was removed): the marking "
                    "could not be logged: ", path, r->output);
    unlink (r->output);
    return FALSE;
  }
  return TRUE;
}

gboolean
pmark_mark_file (PmarkPolicy *policy, const char *path,
                 const PmarkMarkOptions *o, PmarkMarkResult *r, GError **error)
{
  PmarkReadOptions defaults, merged;
  pmark_read_options_init (&defaults);
  /* the policy's budget and OCR settings where the caller left the defaults */
  pmark_policy_read_options (policy, o->read ? o->read : &defaults, &merged);
  const PmarkReadOptions *read = &merged;
  memset (r, 0, sizeof *r);
  r->input = g_strdup (path);
  r->old_level = -1;
  r->content_level = -1;
  PmarkBudget budget = read->budget;
  struct stat before = { 0 };
  if (o->in_place && !in_place_guard (path, o, &before, error))
    return FALSE;
  g_autoptr (GBytes) input = pmark_file_read (path, &budget, error);
  if (!input)
    return FALSE;
  r->sha256_before = sha256_of (input);

  /* what the document is and carries */
  g_autoptr (PmarkDocument) doc = pmark_document_load_bytes (input, path, read, error);
  if (!doc)
    return FALSE;
  g_autoptr (PmarkResult) res = pmark_classify_document (policy, doc);
  if (res->existing) {
    r->old_level = res->existing->level;
    r->old_marking = g_strdup (res->existing->text);
  }

  /* the marking to stamp */
  int chosen = choose_marking (policy, o, path, doc, res, r, error);
  if (chosen <= 0)
    return chosen == 0;
  const PmarkLevel *lv = pmark_policy_get_level (policy, r->level);
  /* a type no writer stamps, even converted, says so first: whether its
   * content could be read does not change that */
  if (!pmark_writer_for (doc->type.format) && !pmark_convert_target (doc->type.format)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: pmark cannot stamp %s files", path, doc->type.mime);
    return FALSE;
  }
  if (!doc->inspected) {
    gboolean pdf_password = doc->encrypted && !g_strcmp0 (doc->type.format, "pdf");
    g_set_error (error, PMARK_ERROR,
                 doc->encrypted ? PMARK_ERROR_ENCRYPTED : PMARK_ERROR_NOT_INSPECTED,
                 "%s: cannot be marked: %s%s", path, doc->not_inspected_reason,
                 pdf_password ? " (give --password)" : "");
    return FALSE;
  }
  /* what was read has been judged: a big document's text need not stay
   * in memory while its file is rewritten */
  g_clear_pointer (&res, pmark_result_free);
  pmark_document_drop_text (doc);
  const char *convert_to = NULL;
  const PmarkFormat *format = NULL;
  PmarkStampFunc stamp = choose_writer (path, o, read, &budget, &input, &doc, r, &format,
                                        &convert_to, error);
  if (!stamp)
    return FALSE;

  /* signing: asked for, where the format carries a signature (or, with
   * sign_where_possible, where it can) */
  gboolean sign = o->sign_key && (pmark_signature_format_supported (format->name)
                                  || !o->sign_where_possible);
  if (sign && !pmark_signature_format_supported (format->name)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: pmark cannot sign %s files: a signature lives in a document's "
                 "metadata, which PDF, OOXML (docx, xlsx, pptx) and OpenDocument have "
                 "and this format has not", path, format->description);
    return FALSE;
  }

  /* sealing: asked for, or required by the policy for the level */
  gboolean seal = o->seal || lv->seal;
  g_autoptr (GPtrArray) recipients = NULL;
  if (seal && !(recipients = seal_recipients (o, lv, path, error)))
    return FALSE;

  r->output = output_path (o, path, convert_to, seal);
  if ((!o->in_place || convert_to) && g_file_test (r->output, G_FILE_TEST_EXISTS)) {
    /* (converting in place writes a new file beside the original: one
     * already under that name was never read, and is not replaced) */
    if (o->in_place)
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                   "%s exists: converting %s in place writes the converted document "
                   "under that name, and pmark never replaces a file it did not read "
                   "(move it away, or write the marked copy elsewhere with -o instead "
                   "of --in-place)", r->output, path);
    else
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                   "%s exists: not replacing it (mark in place with --in-place, or "
                   "remove it)", r->output);
    return FALSE;
  }
  struct stat st;
  int mode = stat (path, &st) == 0 ? (st.st_mode & 0777) : 0644;
  PmarkOutput *out = pmark_output_new (r->output, mode, error);
  if (!out)
    return FALSE;
  pmark_output_set_no_replace (out, !o->in_place || convert_to);

  const char *lines[3] = { r->marking, NULL, NULL };
  g_autofree char *handling = NULL;
  if (o->handling && lv->handling)
    lines[1] = handling = g_strdup (lv->handling);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *set_date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  PmarkStampJob job = {
    .input = input, .doc = doc, .budget = &budget,
    .lines = lines,
    .marking = r->marking, .colour = lv->colour,
    .label_id = pmark_policy_label_id (policy, r->level), .label_name = lv->name,
    .set_date = set_date, .force = o->force, .password = read->password,
    .style = pmark_policy_stamp (policy), .shrink = pmark_policy_stamp (policy)->shrink && !o->no_shrink,
  };
  /* in a worker: a writer that crashes or hangs costs this file */
  g_autoptr (GBytes) stamped = stamp_document (&job, read, error);
  /* the input is not needed again (its hash is taken): not held while the
   * output is read back */
  job.input = NULL;
  g_clear_pointer (&input, g_bytes_unref);
  if (!stamped) {
    /* a worker's fate names the file already */
    if (error && *error && !g_str_has_prefix ((*error)->message, path))
      g_prefix_error (error, "%s: ", path);
    pmark_output_abort (out);
    return FALSE;
  }
  /* on disk before it is checked: a full disk is an I/O error, not a
   * file that does not read back */
  if (!write_output (out, r->output, stamped, error) || !pmark_output_prepare (out, error)) {
    if (disk_full (r->output))
      replace_with_disk_full (error, r->output);
    pmark_output_abort (out);
    return FALSE;
  }

  g_autoptr (PmarkDocument) reread = read_back (policy, path, read, r, stamped, error);
  if (!reread) {
    pmark_output_abort (out);
    return FALSE;
  }
  if (o->migrate)
    left_in_text (policy, reread, r);
  if (sign) {
    GBytes *signed_bytes = sign_output (policy, o, r, &job, format, out, reread, stamped,
                                        lines, set_date, read, error);
    if (!signed_bytes) {
      g_prefix_error (error, "%s: not marked: ", path);
      pmark_output_abort (out);
      return FALSE;
    }
    g_bytes_unref (stamped);
    stamped = signed_bytes;
  }
  g_clear_pointer (&reread, pmark_document_free);
  if (seal) {
    /* only the sealed file is written: the stamped plaintext never
     * leaves the temporary, which is removed */
    PmarkOutput *sealed = write_sealed (policy, r, stamped, recipients, mode, &budget, error);
    pmark_output_abort (out);
    if (!sealed)
      return FALSE;
    out = sealed;
  } else {
    r->sha256_after = sha256_of (stamped);
  }

  return log_and_commit (policy, path, o, r, out, o->in_place && !convert_to ? &before : NULL,
                         error);
}
