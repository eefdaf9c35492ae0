/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
  const char *name;
  const char *summary;
  int (*run) (int argc, char **argv);
} commands[] = {
  { "classify", "decide the marking files need under a policy",
    pmark_cmd_classify },
  { "extract", "print the text and markings pmark reads from files",
    pmark_cmd_extract },
  { "policy", "check, show and list policies", pmark_cmd_policy },
  { "mark", "stamp the marking on documents, visibly and in metadata",
    pmark_cmd_mark },
  { "audit", "audit directory trees into a results store", pmark_cmd_audit },
  { "report", "report from an audit store (csv, jsonl, html)", pmark_cmd_report },
  { "verify", "check documents' signed markings", pmark_cmd_verify },
  { "serve", "a local web page to check, mark and seal documents", pmark_cmd_serve },
  { "keygen", "generate an age identity or a signing key", pmark_cmd_keygen },
  { "encrypt", "encrypt to age recipients or a passphrase", pmark_cmd_encrypt },
  { "decrypt", "decrypt an age file", pmark_cmd_decrypt },
  { "filter", "mark one mail message (standard input to output)",
    pmark_cmd_filter },
  { "milter", "the mail gateway daemon for Postfix and Sendmail",
    pmark_cmd_milter },
  { "held", "list, release or delete the mail the gateway held (Postfix)",
    pmark_cmd_held },
};

void
cli_error (const char *command, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "pmark%s%s: %s\n", command ? " " : "",
           command ? command : "", msg);
}

void
cli_json_add_error (JsonBuilder *b, const GError *error)
{
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, error->domain == PMARK_ERROR
                                      ? pmark_error_code_name (error->code) : "internal");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, error->message);
  json_builder_end_object (b);
}

void
cli_json_add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

char *
cli_shown (const PmarkPolicy *policy, const char *s, gboolean controls)
{
  g_autofree char *p = pmark_printable (s, controls);
  const char *t = p ? p : s ? s : "";
  return policy ? pmark_policy_mask (policy, t) : g_strdup (t);
}

void
cli_print_file_error (const char *command, const PmarkPolicy *policy, const char *path,
                      const GError *error, gboolean json)
{
  g_autofree char *message = cli_shown (policy, error->message, !json);
  if (!json) {
    cli_error (command, "%s", message);
    return;
  }
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  g_autofree char *shown = cli_shown (policy, path, FALSE);
  json_builder_add_string_value (b, shown);
  GError shown_error = { error->domain, error->code, message };
  cli_json_add_error (b, &shown_error);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree char *s = json_to_string (root, FALSE);
  printf ("%s\n", s);
}

PmarkPolicy *
cli_policy (const char *name, const char *command)
{
  GError *error = NULL;
  PmarkPolicy *policy = pmark_policy_load (name, &error);
  if (!policy) {
    cli_error (command, "%s", error->message);
    g_error_free (error);
  }
  return policy;
}

/* "-j1", "-p8080": a short option with its number attached, as getopt
 * takes it; GOption wants them apart ("-j 1"). No short option of pmark's
 * is a digit, so "-j1" can mean nothing else. (The copy lives as long as
 * the process: the command's arguments point into it.) */
static char **attached_split, **attached_view;

static gboolean
attached_number (const char *a)
{
  return a[0] == '-' && g_ascii_isalpha (a[1]) && a[2]
         && strspn (a + 2, "0123456789") == strlen (a + 2);
}

static void
split_attached_numbers (int *argc, char ***argv)
{
  int extra = 0;
  for (int i = 1; i < *argc && strcmp ((*argv)[i], "--") != 0; i++)
    extra += attached_number ((*argv)[i]);
  if (!extra)
    return;
  char **out = g_new0 (char *, (gsize) (*argc + extra + 1));
  int k = 0;
  gboolean rest = FALSE;
  for (int i = 0; i < *argc; i++) {
    const char *a = (*argv)[i];
    rest |= i > 0 && strcmp (a, "--") == 0;
    if (!rest && i > 0 && attached_number (a)) {
      out[k++] = g_strndup (a, 2);
      out[k++] = g_strdup (a + 2);
    } else {
      out[k++] = g_strdup (a);
    }
  }
  /* GOption takes what it parses out of the array it is given: it gets a
   * copy of the pointers, the strings stay owned here */
  g_strfreev (attached_split);
  g_free (attached_view);
  attached_split = out;
  attached_view = g_memdup2 (out, sizeof *out * (gsize) (k + 1));
  *argc = k;
  *argv = attached_view;
}

gboolean
cli_parse (GOptionContext *ctx, int *argc, char ***argv, const char *command)
{
  GError *error = NULL;
  split_attached_numbers (argc, argv);
  if (!g_option_context_parse (ctx, argc, argv, &error)) {
    cli_error (command, "%s", error->message);
    fprintf (stderr, "Try 'pmark %s --help'.\n", command);
    g_error_free (error);
    return FALSE;
  }
  return TRUE;
}

gboolean
cli_parse_options_only (GOptionContext *ctx, int *argc, char ***argv, const char *command)
{
  if (!cli_parse (ctx, argc, argv, command))
    return FALSE;
  if (*argc > 1) {
    cli_error (command, "unexpected argument '%s'", (*argv)[1]);
    return FALSE;
  }
  return TRUE;
}

gboolean
cli_password (PmarkReadOptions *options, const char *password,
              const char *password_file, const char *command)
{
  if (password && password_file) {
    cli_error (command, "give --password or --password-file, not both");
    return FALSE;
  }
  if (password) {
    options->password = g_strdup (password);
    return TRUE;
  }
  if (!password_file)
    return TRUE;
  options->password = cli_first_line (password_file, "--password-file", command);
  return options->password != NULL;
}

char *
cli_first_line (const char *file, const char *option, const char *command)
{
  g_autofree char *data = NULL;
  gsize len;
  GError *error = NULL;
  if (!g_file_get_contents (file, &data, &len, &error)) {
    cli_error (command, "%s: %s", option, error->message);
    g_error_free (error);
    return NULL;
  }
  char *line = g_strndup (data, strcspn (data, "\r\n"));
  memset (data, 0, len); /* it may hold a secret */
  return line;
}

gboolean
cli_ocr (PmarkReadOptions *options, const char *mode, const char *command)
{
  if (!mode)
    return TRUE;
  int m = pmark_ocr_mode_from_string (mode);
  if (m < 0) {
    cli_error (command, "--ocr is off, auto or always, not '%s'", mode);
    return FALSE;
  }
  options->ocr.mode = (PmarkOcrMode) m;
  return TRUE;
}

void
cli_password_clear (PmarkReadOptions *options)
{
  if (options->password) {
    char *p = (char *) options->password;
    memset (p, 0, strlen (p));
    g_free (p);
    options->password = NULL;
  }
}

static void
usage (FILE *out)
{
  fprintf (out,
           "Usage: pmark COMMAND [OPTION]... [ARG]...\n"
           "Apply a protective-marking policy to documents.\n\n"
           "Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\nOptions:\n"
           "  -h, --help     show this help\n"
           "  -V, --version  show the version\n"
           "  --no-sandbox   read documents in this process, not in worker processes\n"
           "                 (for debugging only; see pmark(1) SANDBOX)\n\n"
           "'pmark COMMAND --help' describes a command; see pmark(1).\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  pmark_output_cleanup_on_signals ();

  /* a worker: reads documents for its parent (pmark(1) SANDBOX) */
  if (argc == 2 && !strcmp (argv[1], CLI_WORKER_ARGUMENT))
    return pmark_worker_main ();
  gboolean sandbox = g_strcmp0 (g_getenv ("PMARK_SANDBOX"), "off") != 0;
  if (argc >= 2 && !strcmp (argv[1], "--no-sandbox")) {
    sandbox = FALSE;
    argc--;
    argv++;
  }
  if (argc < 2) {
    usage (stderr);
    return PMARK_EXIT_USAGE;
  }
  /* workers start when the first document is read (or, for classify and
   * extract, just below) */
  const char *cmd = argv[1];
  if (sandbox) {
    pmark_sandbox_enable (CLI_WORKER_PROGRAM, CLI_WORKER_ARGUMENT, 0);
    /* commands that hold no key may fork their worker (cheaper) */
    static const char *const keyless[] = { "classify", "extract", "filter", NULL };
    pmark_sandbox_allow_fork (g_strv_contains (keyless, cmd));
    /* classify and extract fork their worker now: it starts (and loads
     * the PDF reader for a .pdf among the arguments) while this process
     * loads the policy and detects the first file's type, and copies less
     * of a smaller process (bench/RESULTS.md, "Cold start"). A failure
     * here is met again, and reported, at the first read. */
    if (!strcmp (cmd, "classify") || !strcmp (cmd, "extract"))
      pmark_sandbox_prestart ((const char *const *) argv + 2, NULL);
  }
  if (!strcmp (cmd, "-h") || !strcmp (cmd, "--help")) {
    usage (stdout);
    return PMARK_EXIT_OK;
  }
  if (!strcmp (cmd, "-V") || !strcmp (cmd, "--version")) {
    printf ("pmark %s\n", pmark_version ());
    return PMARK_EXIT_OK;
  }
  if (!strcmp (cmd, "help")) {
    if (argc < 3) {
      usage (stdout);
      return PMARK_EXIT_OK;
    }
    char *args[] = { argv[2], (char *) "--help", NULL };
    for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
      if (!strcmp (commands[i].name, argv[2]))
        return commands[i].run (2, args);
    cli_error (NULL, "unknown command '%s'", argv[2]);
    return PMARK_EXIT_USAGE;
  }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (!strcmp (commands[i].name, cmd)) {
      int rc = commands[i].run (argc - 1, argv + 1);
      /* the idle workers end with their sockets, and are waited for: none
       * outlives the command, and time(1) counts their memory */
      pmark_sandbox_disable ();
      return rc;
    }

  cli_error (NULL, "unknown command '%s'", cmd);
  fprintf (stderr, "Try 'pmark --help'.\n");
  return PMARK_EXIT_USAGE;
}
