/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark mark: stamp the marking on documents, visibly and in their
 * metadata. A thin front end over pmark_mark_file(). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

int
pmark_cmd_mark (int argc, char **argv)
{
  const char *cmd = "mark";
  g_autofree char *policy_name = NULL, *level = NULL, *output = NULL, *output_dir = NULL,
                  *justify = NULL, *log_path = NULL, *password = NULL,
                  *password_file = NULL;
  g_autofree char *ocr_mode = NULL, *sign_path = NULL, *signer = NULL;
  gboolean auto_level = FALSE, in_place = FALSE, force = FALSE, handling = FALSE,
           no_shrink = FALSE, migrate = FALSE,
           json = FALSE, seal = FALSE, convert = FALSE;
  g_auto (GStrv) recipients = NULL, recipient_files = NULL;
  GOptionEntry entries[] = {
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "Policy name or file (default: london-lscb)", "NAME|FILE" },
    { "level", 'l', 0, G_OPTION_ARG_STRING, &level,
      "Mark with LEVEL, optionally with descriptors (RESTRICTED:PERSONAL)",
      "LEVEL[:DESCRIPTOR]" },
    { "auto", 'a', 0, G_OPTION_ARG_NONE, &auto_level,
      "Mark with the level pmark classify gives", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the marked document to OUT (one input only)", "OUT" },
    { "output-dir", 'd', 0, G_OPTION_ARG_FILENAME, &output_dir,
      "Write each marked document into DIR, under its own name", "DIR" },
    { "in-place", 0, 0, G_OPTION_ARG_NONE, &in_place,
      "Replace the input with the marked document, atomically", NULL },
    { "justify", 0, 0, G_OPTION_ARG_STRING, &justify,
      "Why the marking is lowered (required to lower one; logged)", "TEXT" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path,
      "Append the audit record to FILE (default: the policy's audit-log, "
      "else ~/.local/state/pmark/marking-log.jsonl)", "FILE" },
    { "handling", 0, 0, G_OPTION_ARG_NONE, &handling,
      "Add the level's handling instructions under the marking", NULL },
    { "migrate", 0, 0, G_OPTION_ARG_NONE, &migrate,
      "Re-mark a marking of another scheme (the policy's [mapping], e.g. 2008 PROTECT "
      "under uk-gsc-2014) with what it maps to; other files are left as they are", NULL },
    { "no-shrink", 0, 0, G_OPTION_ARG_NONE, &no_shrink,
      "PDF: do not scale page content that reaches into the marking's bands", NULL },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      "Mark digitally signed documents too (breaks their signatures); with "
      "--in-place, also files open in an editor or read-only", NULL },
    { "seal", 's', 0, G_OPTION_ARG_NONE, &seal,
      "Seal the marked document (age) to the recipients; only the sealed file is "
      "written", NULL },
    { "recipient", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &recipients,
      "Seal to RECIPIENT, an age1... public key (repeatable)", "RECIPIENT" },
    { "recipients-file", 'R', 0, G_OPTION_ARG_FILENAME_ARRAY, &recipient_files,
      "Seal to the recipients listed in FILE (repeatable)", "FILE" },
    { "convert", 0, 0, G_OPTION_ARG_NONE, &convert,
      "Convert Word/Excel/PowerPoint 97-2003 and RTF files to .docx/.xlsx/.pptx "
      "with LibreOffice and mark the converted file (the original is kept)", NULL },
    { "sign", 0, 0, G_OPTION_ARG_FILENAME, &sign_path,
      "Sign the marking and the content with the key in KEYFILE (pmark keygen --sign); "
      "pmark verify checks it", "KEYFILE" },
    { "signer", 0, 0, G_OPTION_ARG_STRING, &signer,
      "Who signs, as the signature names them (default: the key file's \"# signer:\" "
      "line, else your name and login)", "NAME" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "One JSON object per line per file", NULL },
    CLI_PASSWORD_ENTRIES (password, password_file),
    CLI_OCR_ENTRY (ocr_mode),
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE...");
  g_option_context_set_summary (ctx, "Stamp the marking on documents: at the top and "
                                     "bottom of every page, slide and sheet, and in "
                                     "their metadata.");
  g_option_context_set_description (
    ctx, "Without -o or --in-place, NAME.EXT is written to NAME.marked.EXT beside it.\n"
         "Exit status: 0 every file marked, 1 a file could not be, 2 usage error.\n"
         "See pmark-mark(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (argc < 2) {
    cli_error (cmd, "no file given");
    return PMARK_EXIT_USAGE;
  }
  if (!!level + auto_level + migrate != 1) {
    cli_error (cmd, "give one of --level LEVEL, --auto and --migrate");
    return PMARK_EXIT_USAGE;
  }
  if ((!!output + !!output_dir + !!in_place) > 1) {
    cli_error (cmd, "give one of -o, --output-dir and --in-place");
    return PMARK_EXIT_USAGE;
  }
  if (output && argc > 2) {
    cli_error (cmd, "-o takes one input");
    return PMARK_EXIT_USAGE;
  }
  GError *error = NULL;
  g_autoptr (PmarkPolicy) policy = cli_policy (policy_name, cmd);
  if (!policy)
    return PMARK_EXIT_USAGE;
  if (level) {
    int lv;
    const char *mapped = NULL;
    g_autoptr (GPtrArray) descs = g_ptr_array_new_with_free_func (g_free);
    if (!pmark_policy_parse_level (policy, level, &lv, descs, &mapped, &error)) {
      cli_error (cmd, "--level: %s", error->message);
      g_error_free (error);
      return PMARK_EXIT_USAGE;
    }
    if (mapped)
      g_printerr ("pmark %s: --level %s is not a level of policy %s: its mapping '%s' reads "
                  "it as %s\n", cmd, level, pmark_policy_get_name (policy), mapped,
                  pmark_policy_get_level (policy, (guint) lv)->name);
  }
  g_autoptr (GPtrArray) seal_to = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pmark_age_recipient_free);
  for (guint i = 0; recipients && recipients[i]; i++) {
    PmarkAgeRecipient *rc = pmark_age_recipient_parse (recipients[i], &error);
    if (!rc) {
      cli_error (cmd, "%s", error->message);
      g_error_free (error);
      return PMARK_EXIT_USAGE;
    }
    g_ptr_array_add (seal_to, rc);
  }
  for (guint i = 0; recipient_files && recipient_files[i]; i++)
    if (!pmark_age_recipients_load (recipient_files[i], seal_to, &error)) {
      cli_error (cmd, "%s", error->message);
      g_error_free (error);
      return PMARK_EXIT_USAGE;
    }
  if (seal_to->len && !seal) {
    cli_error (cmd, "-r and -R name who a sealed document is for: give --seal too");
    return PMARK_EXIT_USAGE;
  }
  if (signer && !sign_path) {
    cli_error (cmd, "--signer names who signs: give --sign KEYFILE too");
    return PMARK_EXIT_USAGE;
  }
  /* without --sign this process holds no key (a password, which the worker
   * is given anyway, is not one): its workers may be forked, as
   * classify's are, not exec'd (bench/RESULTS.md, "Stamping in the
   * worker"); with --sign they are exec'd, never holding a copy of it */
  if (!sign_path)
    pmark_sandbox_allow_fork (TRUE);
  g_autoptr (PmarkSigningKey) sign_key = NULL;
  if (sign_path && !(sign_key = pmark_signing_key_load (sign_path, &error))) {
    cli_error (cmd, "--sign: %s", error->message);
    g_error_free (error);
    return PMARK_EXIT_USAGE;
  }
  PmarkReadOptions read;
  pmark_read_options_init (&read);
  if (!cli_password (&read, password, password_file, cmd)
      || !cli_ocr (&read, ocr_mode, cmd))
    return PMARK_EXIT_USAGE;
  PmarkMarkOptions opts = { .level = level, .output = output, .output_dir = output_dir,
                            .in_place = in_place,
                            .justify = justify, .log_path = log_path, .force = force,
                            .handling = handling, .no_shrink = no_shrink, .seal = seal, .recipients = seal_to,
                            .convert = convert, .migrate = migrate,
                            .sign_key = sign_key, .signer = signer, .read = &read };
  int status = PMARK_EXIT_OK;
  for (int i = 1; i < argc; i++) {
    PmarkMarkResult r;
    gboolean ok = pmark_mark_file (policy, argv[i], &opts, &r, &error);
    /* the names as printed: no control character in a line, valid JSON */
    g_autofree char *in_shown = cli_shown (policy, argv[i], !json);
    g_autofree char *out_shown = cli_shown (policy, r.output, !json);
    if (json) {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, in_shown);
      if (ok && r.unchanged) {
        json_builder_set_member_name (b, "unchanged");
        json_builder_add_boolean_value (b, TRUE);
        json_builder_set_member_name (b, "reason");
        json_builder_add_string_value (b, r.unchanged_reason);
        json_builder_set_member_name (b, "review");
        json_builder_add_boolean_value (b, r.review);
      } else if (ok) {
        if (r.migrated_scheme) {
          json_builder_set_member_name (b, "migrated_from_scheme");
          json_builder_add_string_value (b, r.migrated_scheme);
          json_builder_set_member_name (b, "migrated_from");
          json_builder_add_string_value (b, r.migrated_text);
          json_builder_set_member_name (b, "old_marking_left_in_text");
          json_builder_begin_array (b);
          for (guint k = 0; r.left_in_text && k < r.left_in_text->len; k++)
            json_builder_add_string_value (b, g_ptr_array_index (r.left_in_text, k));
          json_builder_end_array (b);
        }
        json_builder_set_member_name (b, "sealed");
        json_builder_add_boolean_value (b, r.sealed);
        const char *keys[] = { "output", "old", "new", "sha256_before", "sha256_after",
                               "log", "converted_from", "signed_by", "signing_key",
                               "signed_content" };
        const char *vals[] = { r.output ? out_shown : NULL, r.old_marking, r.marking, r.sha256_before,
                               r.sha256_after, r.log_path, r.converted_from, r.signer,
                               r.signing_key, r.content_digest };
        for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
          cli_json_add_string (b, keys[k], vals[k]);
      } else {
        g_autofree char *message = cli_shown (policy, error->message, FALSE);
        GError shown_error = { error->domain, error->code, message };
        cli_json_add_error (b, &shown_error);
      }
      json_builder_end_object (b);
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      g_autofree char *s = json_to_string (root, FALSE);
      printf ("%s\n", s);
    } else if (ok && r.unchanged) {
      printf ("%s: left as it is: %s\n", in_shown, r.unchanged_reason);
    } else if (ok) {
      printf ("%s -> %s%s%s%s: %s -> %s\n", in_shown, out_shown,
              r.converted_from ? " (converted from " : "",
              r.converted_from ? r.converted_from : "", r.converted_from ? ")" : "",
              r.old_marking ? r.old_marking : "(none)", r.marking);
      if (r.signer)
        printf ("  signed by %s (%s)\n", r.signer, r.signing_key);
    } else {
      g_autofree char *message = cli_shown (policy, error->message, TRUE);
      cli_error (cmd, "%s", message);
    }
    /* an old marking typed into the body stays: a person edits it */
    for (guint k = 0; ok && !json && r.left_in_text && k < r.left_in_text->len; k++)
      g_printerr ("pmark %s: %s: the old marking is still in the text at %s (typed by hand: "
                  "edit it)\n", cmd, out_shown, (char *) g_ptr_array_index (r.left_in_text, k));
    if (!ok) {
      status = PMARK_EXIT_FAILED;
      g_clear_error (&error);
    }
    pmark_mark_result_clear (&r);
  }
  cli_password_clear (&read);
  return status;
}
