/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark filter: one message on standard input, the marked message on
 * standard output; the exit status tells the MTA what to do with it, by
 * sendmail's convention (sysexits.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <syslog.h>

#include "cli.h"

int
pmark_cmd_filter (int argc, char **argv)
{
  g_autofree char *policy_name = NULL, *sender = NULL, *log_path = NULL;
  g_autofree char *password = NULL, *password_file = NULL;
  g_autofree char *ocr_mode = NULL;
  g_auto (GStrv) recipients = NULL;
  gboolean json = FALSE, log_stderr = FALSE;
  const GOptionEntry entries[] = {
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "Policy name or file (default: " PMARK_DEFAULT_POLICY ")", "NAME|FILE" },
    { "sender", 'f', 0, G_OPTION_ARG_STRING, &sender,
      "Envelope sender (default: the message's From)", "ADDR" },
    { "recipient", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &recipients,
      "Envelope recipient (repeatable; default: the message's To, Cc and Bcc)",
      "ADDR" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      "Print the decision as JSON instead of the message (a dry run)", NULL },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path,
      "Append each decision to this JSON-lines log; if it cannot be written, "
      "exit 75 (temporary failure)", "FILE" },
    { "log-stderr", 0, 0, G_OPTION_ARG_NONE, &log_stderr,
      "Copy the syslog line to standard error", NULL },
    CLI_PASSWORD_ENTRIES (password, password_file),
    CLI_OCR_ENTRY (ocr_mode),
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("< MESSAGE");
  g_option_context_set_summary (ctx,
    "Read one message on standard input, decide its marking under the "
    "policy and write it, re-marked, on standard output.");
  g_option_context_set_description (ctx,
    "Exit status: 0 deliver (or hold: X-pmark-Result starts with \"hold\"), "
    "77 rejected by the policy (the reason on standard error), 69 not a "
    "message, 75 temporary failure (internal; the MTA retries), 2 usage "
    "error.\nSee pmark-filter(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, "filter"))
    return PMARK_EXIT_USAGE;
  if (argc > 1) {
    cli_error ("filter", "unexpected argument '%s': the message is read "
                         "from standard input", argv[1]);
    return PMARK_EXIT_USAGE;
  }
  g_autoptr (PmarkPolicy) policy = cli_policy (policy_name, "filter");
  if (!policy)
    return PMARK_EXIT_USAGE;
  PmarkReadOptions options;
  pmark_read_options_init (&options);
  if (!cli_password (&options, password, password_file, "filter")
      || !cli_ocr (&options, ocr_mode, "filter"))
    return PMARK_EXIT_USAGE;

  openlog ("pmark-filter", LOG_PID | (log_stderr ? LOG_PERROR : 0), LOG_MAIL);
  GError *error = NULL;
  g_autoptr (GBytes) message = pmark_file_read ("-", &options.budget, &error);
  if (!message) {
    /* too big to read is the message's doing, not a passing failure */
    gboolean too_big = g_error_matches (error, PMARK_ERROR, PMARK_ERROR_BUDGET);
    cli_error ("filter", "%s", error->message);
    g_error_free (error);
    cli_password_clear (&options);
    return too_big ? EX_UNAVAILABLE : EX_TEMPFAIL;
  }
  if (!g_bytes_get_size (message)) {
    cli_error ("filter", "<stdin>: empty input is not a message");
    cli_password_clear (&options);
    return EX_UNAVAILABLE;
  }

  PmarkMailEnvelope env = {
    .sender = sender,
    .recipients = (const char *const *) recipients,
    .name = "<stdin>",
  };
  g_autoptr (PmarkMailDecision) d = pmark_mail_decide (policy, message, &env,
                                                       &options, &error);
  cli_password_clear (&options);
  if (!d) {
    /* nothing is lost: the MTA keeps the message and retries */
    cli_error ("filter", "temporary failure: %s", error->message);
    syslog (LOG_MAIL | LOG_ERR, "temporary failure: %s", error->message);
    g_error_free (error);
    return EX_TEMPFAIL;
  }
  pmark_mail_log (d, "<stdin>");
  if (log_path && !pmark_mail_log_json (d, log_path, "<stdin>", &error)) {
    cli_error ("filter", "temporary failure: %s", error->message);
    g_error_free (error);
    return EX_TEMPFAIL;
  }

  if (json) {
    g_autoptr (JsonNode) node = pmark_mail_decision_to_json (d);
    g_autofree char *s = json_to_string (node, FALSE);
    printf ("%s\n", s);
    return d->action == PMARK_MAIL_REJECT ? EX_NOPERM : PMARK_EXIT_OK;
  }
  if (d->action == PMARK_MAIL_REJECT) {
    fprintf (stderr, "%s %s pmark: %s\n", d->smtp_code, d->smtp_xcode, d->why);
    return EX_NOPERM;
  }
  g_autoptr (GBytes) out = pmark_mail_apply (message, d, &error);
  PmarkOutput *stdout_out = out ? pmark_output_new ("-", 0644, &error) : NULL;
  gsize len;
  const void *data = out ? g_bytes_get_data (out, &len) : NULL;
  if (!stdout_out
      || !g_output_stream_write_all (pmark_output_stream (stdout_out), data, len,
                                     NULL, NULL, &error)
      || !pmark_output_commit (g_steal_pointer (&stdout_out), &error)) {
    pmark_output_abort (stdout_out);
    cli_error ("filter", "temporary failure: %s", error->message);
    g_error_free (error);
    return EX_TEMPFAIL;
  }
  return PMARK_EXIT_OK;
}
