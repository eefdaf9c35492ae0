/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark audit and pmark report: thin front ends over pmark_audit_run()
 * and pmark_report_write(). */
#include "config.h"

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
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
  guint64 done = s->audited + s->unchanged;
  double rate = secs > 0 ? done / secs : 0;
  double eta = rate > 0 && total > done ? (total - done) / rate : 0;
  int width = 30, fill = total ? (int) (width * MIN (done, total) / total) : 0;
  char bar[64];
  memset (bar, '#', fill);
  memset (bar + fill, '-', width - fill);
  bar[width] = '\0';
  fprintf (stderr, "\r[%s] %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " files, %.1f MB/s, "
           "ETA %d:%02d   ", bar, done, total, secs > 0 ? s->bytes / 1e6 / secs : 0.0,
           (int) eta / 60, (int) eta % 60);
}

typedef struct {
  PmarkPolicy *policy;
  char **roots;          /* canonical */
  const char *apply_dir; /* mirror tree, or NULL for in place */
  gboolean convert;      /* legacy formats: convert, mark the converted file */
  guint marked, failed;
} Apply;

/* --apply: each under-marked file under the audited roots gets the level
 * the audit found, with pmark mark's semantics (never lowered) */
static gboolean
apply_one (const PmarkAuditRecord *r, gpointer data, GError **error)
{
  Apply *a = data;
  if (!r->finding || strcmp (r->finding, "under-marked") || !r->level)
    return TRUE;
  const char *root = NULL;
  for (guint i = 0; a->roots[i] && !root; i++)
    if (g_str_has_prefix (r->path, a->roots[i])
        && (r->path[strlen (a->roots[i])] == '/' || !r->path[strlen (a->roots[i])]))
      root = a->roots[i];
  if (!root)
    return TRUE;
  g_autoptr (GPtrArray) descs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonNode) dj = json_from_string (r->descriptors ? r->descriptors : "[]", NULL);
  if (dj && JSON_NODE_HOLDS_ARRAY (dj)) {
    JsonArray *arr = json_node_get_array (dj);
    for (guint i = 0; i < json_array_get_length (arr); i++)
      g_ptr_array_add (descs, g_strdup (json_array_get_string_element (arr, i)));
  }
  g_ptr_array_add (descs, NULL);
  g_autofree char *dl = g_strjoinv (",", (char **) descs->pdata);
  g_autofree char *level = *dl ? g_strdup_printf ("%s:%s", r->level, dl) : g_strdup (r->level);
  g_autofree char *out = NULL;
  if (a->apply_dir) {
    g_autofree char *rel = g_strdup (r->path + strlen (root));
    g_autofree char *base = g_path_get_basename (root);
    out = g_build_filename (a->apply_dir, base, rel, NULL);
    g_autofree char *dir = g_path_get_dirname (out);
    g_mkdir_with_parents (dir, 0700);
  }
  PmarkMarkOptions mo = { .level = level, .output = out, .in_place = !a->apply_dir,
                          .convert = a->convert };
  PmarkMarkResult res;
  GError *e = NULL;
  if (pmark_mark_file (a->policy, r->path, &mo, &res, &e)) {
    printf ("marked %s -> %s: %s\n", r->path, res.output, res.marking);
    a->marked++;
  } else {
    cli_error ("audit", "--apply: %s", e->message);
    g_error_free (e);
    a->failed++;
  }
  pmark_mark_result_clear (&res);
  return TRUE;
}

int
pmark_cmd_audit (int argc, char **argv)
{
  const char *cmd = "audit";
  g_autofree char *policy_name = NULL, *db = NULL;
  g_auto (GStrv) excludes = NULL;
  int jobs = 0;
  gboolean one_fs = FALSE, follow = FALSE, verify = FALSE, apply = FALSE, in_place = FALSE,
           convert = FALSE;
  g_autofree char *apply_dir = NULL;
  g_autofree char *ocr_mode = NULL;
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
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply,
      "Mark under-marked files (never lowering a marking): into the mirror tree "
      "--apply-dir, or in place with --in-place", NULL },
    { "apply-dir", 0, 0, G_OPTION_ARG_FILENAME, &apply_dir,
      "With --apply: write marked copies into DIR, mirroring the trees", "DIR" },
    { "in-place", 0, 0, G_OPTION_ARG_NONE, &in_place,
      "With --apply: replace the files themselves, atomically", NULL },
    { "convert", 0, 0, G_OPTION_ARG_NONE, &convert,
      "With --apply: convert Word/Excel/PowerPoint 97-2003 and RTF files with "
      "LibreOffice and mark the converted file (written beside the original)", NULL },
    CLI_OCR_ENTRY (ocr_mode),
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
  if (apply && !!apply_dir == in_place) {
    cli_error (cmd, "--apply needs --apply-dir DIR or --in-place");
    return PMARK_EXIT_USAGE;
  }
  if (!apply && (apply_dir || in_place || convert)) {
    cli_error (cmd, "--apply-dir, --in-place and --convert go with --apply");
    return PMARK_EXIT_USAGE;
  }
  if (jobs < 0) {
    cli_error (cmd, "--jobs must be positive");
    return PMARK_EXIT_USAGE;
  }
  PmarkReadOptions ocr;
  pmark_read_options_init (&ocr);
  if (!cli_ocr (&ocr, ocr_mode, cmd))
    return PMARK_EXIT_USAGE;
  GError *error = NULL;
  g_autoptr (PmarkPolicy) policy = cli_policy (policy_name, cmd);
  if (!policy)
    return PMARK_EXIT_USAGE;
  struct sigaction sa = { .sa_handler = on_signal };
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  Progress pr = { .start = g_get_monotonic_time () };
  gboolean tty = isatty (STDERR_FILENO);
  PmarkAuditOptions o = { .db = db, .jobs = (guint) jobs,
                          .excludes = (const char *const *) excludes,
                          .one_file_system = one_fs, .follow_symlinks = follow,
                          .verify = verify, .progress = tty ? progress : NULL,
                          .progress_data = &pr, .cancel = &stop_requested,
                          .ocr = ocr.ocr.mode };
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
  int status = stop_requested ? 130 : PMARK_EXIT_OK;
  if (apply && !stop_requested) {
    g_autoptr (GPtrArray) roots = g_ptr_array_new_with_free_func (g_free);
    for (int i = 1; i < argc; i++) {
      char *c = realpath (argv[i], NULL);
      if (c) {
        g_ptr_array_add (roots, g_strdup (c));
        free (c);
      }
    }
    g_ptr_array_add (roots, NULL);
    g_autofree char *store = db ? g_strdup (db) : pmark_audit_default_db ();
    Apply a = { .policy = policy, .roots = (char **) roots->pdata, .apply_dir = apply_dir,
                .convert = convert };
    if (!pmark_audit_each (store, apply_one, &a, &error)) {
      cli_error (cmd, "%s", error->message);
      g_clear_error (&error);
      status = PMARK_EXIT_FAILED;
    }
    printf ("--apply: %u marked, %u refused\n", a.marked, a.failed);
    if (a.failed)
      status = PMARK_EXIT_FAILED;
  }
  printf ("%" G_GUINT64_FORMAT " files: %" G_GUINT64_FORMAT " read, %" G_GUINT64_FORMAT
          " unchanged, %" G_GUINT64_FORMAT " removed, %" G_GUINT64_FORMAT
          " errors; %.1f MB in %.2f s%s\n", st.files, st.audited, st.unchanged, st.removed,
          st.errors, st.bytes / 1e6, secs, stop_requested ? " (stopped)" : "");
  return status;
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
