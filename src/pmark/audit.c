/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark audit and pmark report: thin front ends over pmark_audit_run(),
 * pmark_audit_simulate(), pmark_report_write() and pmark_report_compare(). */
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
  if (!total) {
    /* several nodes share the walk: no total to count first */
    fprintf (stderr, "\r%" G_GUINT64_FORMAT " files, %.1f MB/s   ", done,
             secs > 0 ? s->bytes / 1e6 / secs : 0.0);
    return;
  }
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

/* A root as --apply finds its files again: resolved once, not per file */
typedef struct {
  char *stored;  /* "NAME:" or the canonical path: how its files are stored */
  char *top;     /* its folder in the mirror tree: the name, or the base name */
  char *path;    /* canonical, here */
} ApplyRoot;

typedef struct {
  PmarkPolicy *policy;
  GArray *roots;         /* ApplyRoot */
  const char *apply_dir; /* mirror tree, or NULL for in place */
  gboolean convert;      /* legacy formats: convert, mark the converted file */
  gboolean migrate;      /* markings of another scheme re-marked (--migrate) */
  gboolean override_justified; /* justified-lower files re-marked too */
  const PmarkSigningKey *sign_key; /* --sign: signed where the format allows */
  guint marked, failed, migrated, signed_n, review;
} Apply;

static void
apply_root_clear (gpointer data)
{
  ApplyRoot *r = data;
  g_free (r->stored);
  g_free (r->top);
  g_free (r->path);
}

static GArray *
apply_roots (GArray *given)
{
  GArray *roots = g_array_new (FALSE, TRUE, sizeof (ApplyRoot));
  g_array_set_clear_func (roots, apply_root_clear);
  for (guint i = 0; i < given->len; i++) {
    const PmarkAuditRoot *g = &g_array_index (given, PmarkAuditRoot, i);
    char *canon = realpath (g->path, NULL);
    if (!canon)
      continue;
    ApplyRoot r = { .path = g_strdup (canon),
                    .stored = g->name ? g_strconcat (g->name, ":", NULL) : g_strdup (canon),
                    .top = g->name ? g_strdup (g->name) : g_path_get_basename (canon) };
    free (canon);
    g_array_append_val (roots, r);
  }
  return roots;
}

/* --apply: each under-marked file under the audited roots gets the level
 * the audit found, with pmark mark's semantics (never lowered) */
static gboolean
apply_one (const PmarkAuditRecord *r, gpointer data, GError **error)
{
  Apply *a = data;
  (void) error;
  /* --migrate: every file carrying a marking goes to pmark mark
   * --migrate, which re-marks the other scheme's and leaves the rest */
  gboolean migrate = a->migrate && r->existing;
  /* a person's justified lower marking stands, unless overridden: then it
   * is under-marked like any other */
  gboolean justified = r->finding && !strcmp (r->finding, "justified-lower");
  if (justified && !a->override_justified)
    return TRUE;
  if (!migrate && !justified
      && (!r->finding || strcmp (r->finding, "under-marked") || !r->level))
    return TRUE;
  if (justified && !migrate && !r->level)
    return TRUE;
  const ApplyRoot *root = NULL;
  const char *rest = NULL;
  for (guint i = 0; i < a->roots->len && !root; i++) {
    const ApplyRoot *c = &g_array_index (a->roots, ApplyRoot, i);
    gsize n = strlen (c->stored);
    if (!strncmp (r->path, c->stored, n) && (r->path[n] == '/' || !r->path[n])) {
      root = c;
      rest = r->path + n;
    }
  }
  if (!root)
    return TRUE;
  g_autofree char *path = g_strconcat (root->path, rest, NULL);
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
    out = g_build_filename (a->apply_dir, root->top, rest, NULL);
    g_autofree char *dir = g_path_get_dirname (out);
    g_mkdir_with_parents (dir, 0700);
  }
  PmarkMarkOptions mo = { .level = migrate ? NULL : level, .output = out,
                          .in_place = !a->apply_dir, .convert = a->convert,
                          .migrate = migrate, .sign_key = a->sign_key,
                          .sign_where_possible = TRUE };
  PmarkMarkResult res;
  GError *e = NULL;
  if (pmark_mark_file (a->policy, path, &mo, &res, &e)) {
    if (res.unchanged && r->finding && !strcmp (r->finding, "under-marked") && r->level) {
      /* not another scheme's, but under-marked: as without --migrate */
      pmark_mark_result_clear (&res);
      mo.migrate = FALSE;
      mo.level = level;
      gboolean ok = pmark_mark_file (a->policy, path, &mo, &res, &e);
      if (!ok) {
        g_autofree char *message = cli_shown (a->policy, e->message, TRUE);
        cli_error ("audit", "--apply: %s", message);
        g_error_free (e);
        a->failed++;
        return TRUE;
      }
    }
    g_autofree char *in_shown = cli_shown (a->policy, path, TRUE);
    if (res.unchanged) {
      /* a mapping a person decides: listed, not re-marked */
      if (res.review) {
        printf ("for review %s: %s\n", in_shown, res.unchanged_reason);
        a->review++;
      }
      pmark_mark_result_clear (&res);
      return TRUE;
    }
    g_autofree char *out_shown = cli_shown (a->policy, res.output, TRUE);
    if (res.migrated_scheme) {
      printf ("migrated %s -> %s: %s (%s) -> %s\n", in_shown, out_shown, res.migrated_text,
              res.migrated_scheme, res.marking);
      for (guint k = 0; res.left_in_text && k < res.left_in_text->len; k++)
        printf ("  the old marking is still in the text at %s (typed by hand: edit it)\n",
                (char *) g_ptr_array_index (res.left_in_text, k));
      a->migrated++;
    } else {
      printf ("marked %s -> %s: %s%s\n", in_shown, out_shown, res.marking,
              res.signer ? " (signed)" : "");
    }
    a->signed_n += res.signer != NULL;
    a->marked++;
  } else {
    g_autofree char *message = cli_shown (a->policy, e->message, TRUE);
    cli_error ("audit", "--apply: %s", message);
    g_error_free (e);
    a->failed++;
  }
  pmark_mark_result_clear (&res);
  return TRUE;
}

/* The store's location from --db or --db-file. A password in --db would
 * show in the process list: refused (libpq's ~/.pgpass, PGPASSFILE or
 * service file hold it; or --db-file). NULL after printing why. */
static char *
store_location (const char *db, const char *db_file, const char *cmd)
{
  if (db && db_file) {
    cli_error (cmd, "give --db or --db-file, not both");
    return NULL;
  }
  if (db_file) {
    char *loc = cli_first_line (db_file, "--db-file", cmd);
    if (!loc)
      return NULL;
    g_strstrip (loc);
    if (!*loc) {
      g_free (loc);
      cli_error (cmd, "--db-file %s: empty", db_file);
      return NULL;
    }
    return loc;
  }
  if (db) {
    g_autoptr (GRegex) url_pw = g_regex_new ("^postgres(ql)?://[^/@]*:[^/@]*@", 0, 0, NULL);
    g_autoptr (GRegex) kv_pw = g_regex_new ("(^|\\s)password\\s*=", 0, 0, NULL);
    if (g_regex_match (url_pw, db, 0, NULL) || g_regex_match (kv_pw, db, 0, NULL)) {
      cli_error (cmd, "--db: a password on the command line is visible to every user "
                      "of this machine; put it in ~/.pgpass (or PGPASSFILE, or a libpq "
                      "service file), or give the location in a file with --db-file");
      return NULL;
    }
  }
  return db ? g_strdup (db) : pmark_audit_default_db ();
}

/* --root NAME=PATH and the unnamed DIR arguments */
static GArray *
audit_roots (char **named, int argc, char **argv, const char *cmd)
{
  GArray *roots = g_array_new (FALSE, TRUE, sizeof (PmarkAuditRoot));
  for (guint i = 0; named && named[i]; i++) {
    char *eq = strchr (named[i], '=');
    if (!eq || eq == named[i] || !eq[1]) {
      cli_error (cmd, "--root %s: give NAME=PATH", named[i]);
      g_array_unref (roots);
      return NULL;
    }
    *eq = '\0';
    PmarkAuditRoot r = { .name = named[i], .path = eq + 1 };
    g_array_append_val (roots, r);
  }
  for (int i = 1; i < argc; i++) {
    PmarkAuditRoot r = { .name = NULL, .path = argv[i] };
    g_array_append_val (roots, r);
  }
  return roots;
}

static int
audit_status (const char *store, const char *cmd)
{
  g_autoptr (GString) out = g_string_new (NULL);
  GError *error = NULL;
  if (!pmark_audit_status (store, out, &error)) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return PMARK_EXIT_FAILED;
  }
  fputs (out->len ? out->str : "no runs\n", stdout);
  return PMARK_EXIT_OK;
}

static gboolean
count_finding (const PmarkAuditRecord *r, gpointer data, GError **error)
{
  GHashTable *counts = data;
  if (r->finding)
    g_hash_table_replace (counts, g_strdup (r->finding),
                          GUINT_TO_POINTER (GPOINTER_TO_UINT (
                            g_hash_table_lookup (counts, r->finding)) + 1));
  return TRUE;
}

/* The store's findings, counted, worst first, and where to read what to
 * do about them. */
static void
print_findings (const char *store, const char *cmd)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         NULL);
  GError *error = NULL;
  if (!pmark_audit_each (store, count_finding, counts, &error)) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return;
  }
  g_autoptr (GString) s = g_string_new (NULL);
  for (const char *const *f = pmark_audit_findings (); *f; f++) {
    guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, *f));
    if (n)
      g_string_append_printf (s, "%s%u %s", s->len ? ", " : "", n, *f);
  }
  if (s->len)
    printf ("findings: %s (pmark report --format html says what to do about each)\n",
            s->str);
  else
    printf ("findings: none\n");
}

int
pmark_cmd_audit (int argc, char **argv)
{
  const char *cmd = "audit";
  g_autofree char *policy_name = NULL, *db = NULL, *db_file = NULL, *node = NULL;
  g_auto (GStrv) excludes = NULL, named = NULL;
  int jobs = 0, lease = 0;
  gboolean migrate = FALSE, override_justified = FALSE;
  gboolean one_fs = FALSE, follow = FALSE, verify = FALSE, retry_errors = FALSE, apply = FALSE, in_place = FALSE,
           convert = FALSE, status = FALSE, simulate = FALSE;
  g_autofree char *apply_dir = NULL;
  g_autofree char *ocr_mode = NULL, *sign_path = NULL;
  GOptionEntry entries[] = {
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "Policy name or file (default: london-lscb)", "NAME|FILE" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      "The results store: an SQLite file (default: ~/.local/state/pmark/audit.sqlite), "
      "or postgresql://USER@HOST/DB (the password from ~/.pgpass or PGPASSFILE)",
      "FILE|URI" },
    { "db-file", 0, 0, G_OPTION_ARG_FILENAME, &db_file,
      "Read the store's location from the first line of FILE (it may hold a password)",
      "FILE" },
    { "root", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &named,
      "Audit the tree at PATH under the name NAME: stored paths are NAME:/..., the same "
      "on every node whatever its mount point (repeatable)", "NAME=PATH" },
    { "node", 0, 0, G_OPTION_ARG_STRING, &node,
      "PostgreSQL store: this node's name (default: host name:process id)", "NAME" },
    { "lease", 0, 0, G_OPTION_ARG_INT, &lease,
      "PostgreSQL store: a node silent for SECONDS loses its directories to the "
      "others (default 60)", "SECONDS" },
    { "status", 0, 0, G_OPTION_ARG_NONE, &status,
      "Show the store's runs, nodes and the work left, and exit", NULL },
    { "simulate", 0, 0, G_OPTION_ARG_NONE, &simulate,
      "Classify the stored files again under --policy into a separate result set "
      "(nothing marked, nothing else changed); see pmark report --compare", NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker threads (default: all cores)", "N" },
    { "exclude", 'x', 0, G_OPTION_ARG_STRING_ARRAY, &excludes,
      "Skip files and directories whose name matches GLOB (repeatable)", "GLOB" },
    { "one-file-system", 0, 0, G_OPTION_ARG_NONE, &one_fs,
      "Do not cross into other file systems", NULL },
    { "follow-symlinks", 0, 0, G_OPTION_ARG_NONE, &follow,
      "Follow symbolic links (loops are cut)", NULL },
    { "retry-errors", 0, 0, G_OPTION_ARG_NONE, &retry_errors,
      "Read again unchanged files the store records as errors (their reader failed, "
      "crashed or timed out); without it they stay as recorded", NULL },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      "Re-read and re-hash files that look unchanged", NULL },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply,
      "Mark under-marked files (never lowering a marking): into the mirror tree "
      "--apply-dir, or in place with --in-place", NULL },
    { "migrate", 0, 0, G_OPTION_ARG_NONE, &migrate,
      "With --apply: also re-mark files carrying another scheme's marking (the "
      "policy's [mapping]) with what it maps to", NULL },
    { "override-justified", 0, 0, G_OPTION_ARG_NONE, &override_justified,
      "With --apply: also re-mark files a person marked lower with a "
      "justification (justified-lower)", NULL },
    { "sign", 0, 0, G_OPTION_ARG_FILENAME, &sign_path,
      "With --apply: sign each marking with the key in KEYFILE where the format "
      "carries a signature (pmark-verify(1)); others are marked unsigned", "KEYFILE" },
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
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[DIR...]");
  g_option_context_set_summary (ctx, "Audit directory trees into a results store: every "
                                     "file's type, existing marking, required level and "
                                     "finding. Re-runs only read what changed. With a "
                                     "PostgreSQL store, several nodes audit the same trees "
                                     "together.");
  g_option_context_set_description (ctx, "Exit status: 0 done, 1 the audit failed, 2 usage "
                                          "error, 130 stopped by a signal (what was done "
                                          "is committed).\nSee pmark-audit(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  g_autofree char *store = store_location (db, db_file, cmd);
  if (!store)
    return PMARK_EXIT_USAGE;
  if (status) {
    if (argc > 1 || named || apply || simulate) {
      cli_error (cmd, "--status takes no directories and no other action");
      return PMARK_EXIT_USAGE;
    }
    return audit_status (store, cmd);
  }
  if (argc < 2 && !named && !simulate) {
    cli_error (cmd, "no directory given");
    return PMARK_EXIT_USAGE;
  }
  if (simulate && (apply || verify)) {
    cli_error (cmd, "--simulate changes nothing: not with --apply or --verify");
    return PMARK_EXIT_USAGE;
  }
  if (apply && !!apply_dir == in_place) {
    cli_error (cmd, "--apply needs --apply-dir DIR or --in-place");
    return PMARK_EXIT_USAGE;
  }
  if (!apply && (apply_dir || in_place || convert || migrate || sign_path
                 || override_justified)) {
    cli_error (cmd, "--apply-dir, --in-place, --convert, --migrate, --override-justified "
                    "and --sign go with --apply");
    return PMARK_EXIT_USAGE;
  }
  g_autoptr (PmarkSigningKey) sign_key = NULL;
  if (sign_path) {
    GError *kerr = NULL;
    if (!(sign_key = pmark_signing_key_load (sign_path, &kerr))) {
      cli_error (cmd, "--sign: %s", kerr->message);
      g_error_free (kerr);
      return PMARK_EXIT_USAGE;
    }
  }
  if (jobs < 0 || lease < 0) {
    cli_error (cmd, "--jobs and --lease must be positive");
    return PMARK_EXIT_USAGE;
  }
  g_autoptr (GArray) roots = audit_roots (named, argc, argv, cmd);
  if (!roots)
    return PMARK_EXIT_USAGE;
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
  PmarkAuditOptions o = { .db = store, .jobs = (guint) jobs,
                          .excludes = (const char *const *) excludes,
                          .one_file_system = one_fs, .follow_symlinks = follow,
                          .verify = verify, .retry_errors = retry_errors, .progress = tty ? progress : NULL,
                          .progress_data = &pr, .cancel = &stop_requested,
                          .ocr = ocr.ocr.mode, .node = node, .lease_seconds = (guint) lease };
  PmarkAuditStats st;
  const PmarkAuditRoot *rv = (const PmarkAuditRoot *) roots->data;
  gint64 sim = 0;
  gboolean ok = simulate ? pmark_audit_simulate (policy, rv, roots->len, &o, &st, &sim, &error)
                         : pmark_audit_run (policy, rv, roots->len, &o, &st, &error);
  if (tty)
    fprintf (stderr, "\r\033[K");
  if (!ok) {
    gboolean usage = error->domain == PMARK_ERROR
                     && error->code == PMARK_ERROR_INVALID_ARGUMENT;
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return usage ? PMARK_EXIT_USAGE : PMARK_EXIT_FAILED;
  }
  double secs = (g_get_monotonic_time () - pr.start) / 1e6;
  int exit_status = stop_requested ? 130 : PMARK_EXIT_OK;
  if (apply && !stop_requested) {
    g_autoptr (GArray) ar = apply_roots (roots);
    Apply a = { .policy = policy, .roots = ar, .apply_dir = apply_dir, .convert = convert,
                .sign_key = sign_key,
                .migrate = migrate, .override_justified = override_justified };
    if (!pmark_audit_each (store, apply_one, &a, &error)) {
      cli_error (cmd, "%s", error->message);
      g_clear_error (&error);
      exit_status = PMARK_EXIT_FAILED;
    }
    if (migrate)
      printf ("--apply: %u marked (%u migrated from another scheme), %u for review, "
              "%u refused\n", a.marked, a.migrated, a.review, a.failed);
    else
      printf ("--apply: %u marked, %u refused\n", a.marked, a.failed);
    if (sign_key)
      printf ("--apply: %u signed, %u in formats that carry no signature\n", a.signed_n,
              a.marked - a.signed_n);
    if (a.failed)
      exit_status = PMARK_EXIT_FAILED;
  }
  if (simulate) {
    printf ("simulation %" G_GINT64_FORMAT " under %s: %" G_GUINT64_FORMAT " files, %"
            G_GUINT64_FORMAT " errors; %.1f MB in %.2f s%s\n", sim,
            pmark_policy_get_name (policy), st.files, st.errors, st.bytes / 1e6, secs,
            stop_requested ? " (stopped)" : "");
    return exit_status;
  }
  printf ("%" G_GUINT64_FORMAT " files: %" G_GUINT64_FORMAT " read, %" G_GUINT64_FORMAT
          " unchanged, %" G_GUINT64_FORMAT " removed, %" G_GUINT64_FORMAT
          " errors; %.1f MB in %.2f s%s\n", st.files, st.audited, st.unchanged, st.removed,
          st.errors, st.bytes / 1e6, secs,
          stop_requested ? " (stopped)" : st.finished ? "" : " (run continues on other nodes)");
  print_findings (store, cmd);
  return exit_status;
}

int
pmark_cmd_report (int argc, char **argv)
{
  const char *cmd = "report";
  g_autofree char *db = NULL, *db_file = NULL, *format = NULL, *output = NULL;
  g_autofree char *policy_name = NULL;
  gboolean compare = FALSE;
  gint64 simulation = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      "The results store: an SQLite file (default: ~/.local/state/pmark/audit.sqlite) "
      "or postgresql://USER@HOST/DB", "FILE|URI" },
    { "db-file", 0, 0, G_OPTION_ARG_FILENAME, &db_file,
      "Read the store's location from the first line of FILE", "FILE" },
    { "compare", 0, 0, G_OPTION_ARG_NONE, &compare,
      "List the files whose required level or finding a simulation changes "
      "(pmark audit --simulate), with both reasons", NULL },
    { "simulation", 0, 0, G_OPTION_ARG_INT64, &simulation,
      "With --compare: the simulation N (default: the latest)", "N" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "csv, jsonl or html (default: jsonl)",
      "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to OUT (whole or not at all; default: standard output)", "OUT" },
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "The policy whose identifiers are masked in paths (default: "
      PMARK_DEFAULT_POLICY ")", "NAME|FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (ctx, "Report from an audit store, without re-scanning.");
  g_option_context_set_description (ctx, "See pmark-report(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse_options_only (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (simulation && !compare) {
    cli_error (cmd, "--simulation goes with --compare");
    return PMARK_EXIT_USAGE;
  }
  g_autofree char *store = store_location (db, db_file, cmd);
  if (!store)
    return PMARK_EXIT_USAGE;
  g_autoptr (PmarkPolicy) policy = cli_policy (policy_name, cmd);
  if (!policy)
    return PMARK_EXIT_USAGE;
  GError *error = NULL;
  PmarkOutput *out = pmark_output_new (output, 0644, &error);
  if (!out) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return PMARK_EXIT_FAILED;
  }
  /* HTML, Csv: what people type */
  g_autofree char *fmt_lower = format ? g_ascii_strdown (format, -1) : NULL;
  const char *fmt = fmt_lower ? fmt_lower : "jsonl";
  GOutputStream *os = pmark_output_stream (out);
  if (!(compare ? pmark_report_compare (store, policy, simulation, fmt, os, &error)
                : pmark_report_write (store, policy, fmt, os, &error))
      || !g_output_stream_flush (pmark_output_stream (out), NULL, NULL)) {
    pmark_output_abort (out);
    cli_error (cmd, "%s", error ? error->message : "write failed");
    g_clear_error (&error);
    return strcmp (fmt, "csv") && strcmp (fmt, "jsonl") && strcmp (fmt, "html")
      ? PMARK_EXIT_USAGE : PMARK_EXIT_FAILED;
  }
  if (!pmark_output_commit (out, &error)) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return PMARK_EXIT_FAILED;
  }
  return PMARK_EXIT_OK;
}
