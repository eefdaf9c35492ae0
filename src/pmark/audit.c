/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark audit and pmark report: thin front ends over pmark_audit_run()
 * and pmark_report_write(). */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static volatile gint stop_requested;

static void
on_signal (int sig)
{
  (void) sig;
  stop_requested = 1;
}

typedef struct {
  gint64 start, last;
} Progress;

static void
progress (const PmarkAuditStats *s, guint64 total, gpointer data)
{
  Progress *p = data;
  gint64 now = g_get_monotonic_time ();
  if (now - p->last < 200000)
    return;
  p->last = now;
  double secs = (now - p->start) / 1e6;
  fprintf (stderr, "\r%" G_GUINT64_FORMAT " files (%" G_GUINT64_FORMAT " read, %"
           G_GUINT64_FORMAT " unchanged), %.1f MB/s   ", s->files, s->audited, s->unchanged,
           secs > 0 ? s->bytes / 1e6 / secs : 0.0);
}

int
pmark_cmd_audit (int argc, char **argv)
{
  const char *cmd = "audit";
  g_autofree char *policy_name = NULL, *db = NULL;
  g_auto (GStrv) excludes = NULL;
  int jobs = 0;
  gboolean one_fs = FALSE, follow = FALSE, verify = FALSE;
  GOptionEntry entries[] = {
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "Policy name or file (default: london-lscb)", "NAME|FILE" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      "The results store, an SQLite file (default: ~/.local/state/pmark/audit.sqlite)",
      "FILE" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker threads (default: all cores)", "N" },
    { "exclude", 'x', 0, G_OPTION_ARG_STRING_ARRAY, &excludes,
      "Skip files and directories whose name matches GLOB (repeatable)", "GLOB" },
    { "one-file-system", 0, 0, G_OPTION_ARG_NONE, &one_fs,
      "Do not cross into other file systems", NULL },
    { "follow-symlinks", 0, 0, G_OPTION_ARG_NONE, &follow,
      "Follow symbolic links (loops are cut)", NULL },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      "Re-read and re-hash files that look unchanged", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("DIR...");
  g_option_context_set_summary (ctx, "Audit directory trees into a results store: every "
                                     "file's type, existing marking, required level and "
                                     "finding. Re-runs only read what changed.");
  g_option_context_set_description (ctx, "Exit status: 0 done, 1 the audit failed, 2 usage "
                                          "error, 130 stopped by a signal (what was done "
                                          "is committed).\nSee pmark-audit(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (argc < 2) {
    cli_error (cmd, "no directory given");
    return PMARK_EXIT_USAGE;
  }
  if (jobs < 0) {
    cli_error (cmd, "--jobs must be positive");
    return PMARK_EXIT_USAGE;
  }
  GError *error = NULL;
  g_autoptr (PmarkPolicy) policy = pmark_policy_load (policy_name, &error);
  if (!policy) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return PMARK_EXIT_USAGE;
  }
  struct sigaction sa = { .sa_handler = on_signal };
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  Progress pr = { .start = g_get_monotonic_time () };
  gboolean tty = isatty (STDERR_FILENO);
  PmarkAuditOptions o = { .db = db, .jobs = (guint) jobs,
                          .excludes = (const char *const *) excludes,
                          .one_file_system = one_fs, .follow_symlinks = follow,
                          .verify = verify, .progress = tty ? progress : NULL,
                          .progress_data = &pr, .cancel = &stop_requested };
  PmarkAuditStats st;
  gboolean ok = pmark_audit_run (policy, (const char *const *) argv + 1, &o, &st, &error);
  if (tty)
    fprintf (stderr, "\r\033[K");
  if (!ok) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return PMARK_EXIT_FAILED;
  }
  double secs = (g_get_monotonic_time () - pr.start) / 1e6;
  printf ("%" G_GUINT64_FORMAT " files: %" G_GUINT64_FORMAT " read, %" G_GUINT64_FORMAT
          " unchanged, %" G_GUINT64_FORMAT " removed, %" G_GUINT64_FORMAT
          " errors; %.1f MB in %.2f s%s\n", st.files, st.audited, st.unchanged, st.removed,
          st.errors, st.bytes / 1e6, secs, stop_requested ? " (stopped)" : "");
  return stop_requested ? 130 : PMARK_EXIT_OK;
}

int
pmark_cmd_report (int argc, char **argv)
{
  const char *cmd = "report";
  g_autofree char *db = NULL, *format = NULL, *output = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      "The results store (default: ~/.local/state/pmark/audit.sqlite)", "FILE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "csv, jsonl or html (default: jsonl)",
      "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to OUT (whole or not at all; default: standard output)", "OUT" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (ctx, "Report from an audit store, without re-scanning.");
  g_option_context_set_description (ctx, "See pmark-report(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (argc > 1) {
    cli_error (cmd, "unexpected argument '%s'", argv[1]);
    return PMARK_EXIT_USAGE;
  }
  g_autofree char *store = db ? g_strdup (db) : pmark_audit_default_db ();
  GError *error = NULL;
  PmarkOutput *out = pmark_output_new (output, 0644, &error);
  if (!out) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return PMARK_EXIT_FAILED;
  }
  if (!pmark_report_write (store, format ? format : "jsonl", pmark_output_stream (out), &error)
      || !g_output_stream_flush (pmark_output_stream (out), NULL, NULL)) {
    pmark_output_abort (out);
    cli_error (cmd, "%s", error ? error->message : "write failed");
    g_clear_error (&error);
    return format && strcmp (format, "csv") && strcmp (format, "jsonl") && strcmp (format, "html")
      ? PMARK_EXIT_USAGE : PMARK_EXIT_FAILED;
  }
  if (!pmark_output_commit (out, &error)) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return PMARK_EXIT_FAILED;
  }
  return PMARK_EXIT_OK;
}
