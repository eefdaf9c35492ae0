/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark verify: whether a document's signed marking is the one its signer
 * applied to this content. A thin front end over pmark_signature_check(). */
#include "config.h"

#include <stdio.h>

#include "cli.h"

int
pmark_cmd_verify (int argc, char **argv)
{
  const char *cmd = "verify";
  g_auto (GStrv) trusted_files = NULL, identity_files = NULL;
  g_autofree char *password = NULL, *password_file = NULL, *policy_name = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "trusted", 't', 0, G_OPTION_ARG_FILENAME_ARRAY, &trusted_files,
      "Trust the signing keys listed in FILE (pmarksign1... [NAME] per line; "
      "repeatable); without it the signer is reported but not checked", "FILE" },
    { "identity", 'i', 0, G_OPTION_ARG_FILENAME_ARRAY, &identity_files,
      "Open sealed files with the age identities in FILE (repeatable) and verify the "
      "document inside", "FILE" },
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "Without --trusted, trust the keys POLICY's [sign] trusted lists (default: the "
      "default policy's, if it has one)", "NAME|FILE" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "One JSON object per line per file", NULL },
    CLI_PASSWORD_ENTRIES (password, password_file),
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE...");
  g_option_context_set_summary (ctx, "Check the signed marking of documents: intact, "
                                     "content changed, marking changed, unsigned, or "
                                     "signed by a key not trusted.");
  g_option_context_set_description (
    ctx, "Exit status: 0 every file intact (and its signer trusted, with --trusted); "
         "4 a marking or content was changed, or a signature is invalid; 5 a file is "
         "unsigned, sealed, or signed by a key not trusted; 1 a file could not be read; "
         "2 usage error.\nSee pmark-verify(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (argc < 2) {
    cli_error (cmd, "no file given");
    return PMARK_EXIT_USAGE;
  }
  GError *error = NULL;
  g_autoptr (GHashTable) trusted = NULL;
  for (guint i = 0; trusted_files && trusted_files[i]; i++) {
    if (!trusted)
      trusted = pmark_trusted_keys_new ();
    if (!pmark_trusted_keys_load (trusted_files[i], trusted, &error)) {
      cli_error (cmd, "--trusted: %s", error->message);
      g_error_free (error);
      return PMARK_EXIT_USAGE;
    }
  }
  g_autoptr (PmarkPolicy) policy = NULL;
  if (!trusted) {
    if (!(policy = cli_policy (policy_name, cmd)))
      return PMARK_EXIT_USAGE;
    if (pmark_policy_trusted_keys (policy))
      trusted = g_hash_table_ref (pmark_policy_trusted_keys (policy));
  } else if (policy_name) {
    cli_error (cmd, "give --trusted or --policy, not both");
    return PMARK_EXIT_USAGE;
  }
  /* without -i this process holds no key: its worker may be forked (as
   * classify's is), not exec'd; with -i it is exec'd, and never holds a
   * copy of the identities */
  if (!identity_files)
    pmark_sandbox_allow_fork (TRUE);
  g_autoptr (GPtrArray) identities = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pmark_age_identity_free);
  for (guint i = 0; identity_files && identity_files[i]; i++)
    if (!pmark_age_identities_load (identity_files[i], identities, &error)) {
      cli_error (cmd, "-i: %s", error->message);
      g_error_free (error);
      return PMARK_EXIT_USAGE;
    }
  PmarkReadOptions read;
  pmark_read_options_init (&read);
  /* the signature covers what the document carries as text, not OCR */
  read.ocr.mode = PMARK_OCR_OFF;
  if (!cli_password (&read, password, password_file, cmd))
    return PMARK_EXIT_USAGE;
  /* paths shown with the policy's identifiers masked (the default
   * policy's when keys were given by --trusted) */
  g_autoptr (PmarkPolicy) default_policy = policy ? NULL : cli_policy (NULL, cmd);
  const PmarkPolicy *shown_by = policy ? policy : default_policy;
  gboolean failed = FALSE, tampered = FALSE, unverified = FALSE;
  for (int i = 1; i < argc; i++) {
    const char *path = argv[i];
    g_autoptr (GBytes) bytes = pmark_file_read (path, &read.budget, &error);
    g_autoptr (PmarkDocument) doc = bytes
      ? pmark_document_load_bytes (bytes, path, &read, &error) : NULL;
    gboolean sealed = doc && !g_strcmp0 (doc->type.format, "sealed");
    g_autoptr (PmarkSignatureCheck) c = !doc ? NULL
      : sealed && identities->len
      ? pmark_signature_check_sealed (bytes, path, identities, trusted, &read, &error)
      : pmark_signature_check (doc, bytes, trusted, read.password, &error);
    if (!c) {
      failed = TRUE;
      cli_print_file_error (cmd, shown_by, path, error, json);
      g_clear_error (&error);
      continue;
    }
    switch (c->state) {
    case PMARK_SIGNATURE_INTACT:
      break;
    case PMARK_SIGNATURE_CONTENT_CHANGED:
    case PMARK_SIGNATURE_MARKING_CHANGED:
    case PMARK_SIGNATURE_INVALID:
      tampered = TRUE;
      break;
    case PMARK_SIGNATURE_UNSIGNED:
    case PMARK_SIGNATURE_NOT_TRUSTED:
    case PMARK_SIGNATURE_SEALED:
      unverified = TRUE;
      break;
    }
    g_autofree char *shown = cli_shown (shown_by, path, !json);
    if (json) {
      g_autoptr (JsonNode) node = pmark_signature_check_to_json (c);
      json_object_set_string_member (json_node_get_object (node), "path", shown);
      g_autofree char *s = json_to_string (node, FALSE);
      printf ("%s\n", s);
    } else {
      printf ("%s: %s: %s\n", shown, pmark_signature_state_name (c->state), c->reason);
    }
  }
  cli_password_clear (&read);
  return tampered ? PMARK_EXIT_TAMPERED : failed ? PMARK_EXIT_FAILED
       : unverified ? PMARK_EXIT_UNVERIFIED : PMARK_EXIT_OK;
}
