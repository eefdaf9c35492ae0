/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark classify: one line (or one JSON object) per file. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct {
  PmarkPolicy *policy;
  PmarkReadOptions options;
  gboolean json;
  int fail_at;
  char **excludes;
  gboolean any_failed;
  gboolean fail_at_reached;
} Run;

static gboolean
excluded (const Run *run, const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  for (char **p = run->excludes; p && *p; p++)
    if (g_pattern_match_simple (*p, base) || g_pattern_match_simple (*p, path))
      return TRUE;
  return FALSE;
}

static void
report (Run *run, const char *path)
{
  g_autoptr (PmarkResult) r = pmark_classify_file (run->policy, path,
                                                   &run->options);
  if (run->json) {
    g_autoptr (JsonNode) node = pmark_result_to_json (r);
    g_autofree char *s = json_to_string (node, FALSE);
    printf ("%s\n", s);
  } else {
    g_autofree char *line = pmark_result_to_line (r);
    printf ("%s\n", line);
    /* why, in words: each explanation once */
    const char *last = NULL;
    for (guint i = 0; i < r->reasons->len; i++) {
      const PmarkReason *reason = g_ptr_array_index (r->reasons, i);
      if (reason->explanation && g_strcmp0 (reason->explanation, last))
        printf ("  - %s\n", reason->explanation);
      last = reason->explanation ? reason->explanation : last;
    }
  }
  if (r->error)
    run->any_failed = TRUE;
  else if (run->fail_at >= 0 && (r->level >= run->fail_at || r->review))
    /* what was not read may need any level: never a pass */
    run->fail_at_reached = TRUE;
}

static gint
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Directories are walked in name order; symbolic links inside them are not
 * followed (no loops, no escaping the tree). */
static void
walk (Run *run, const char *dir)
{
  GError *error = NULL;
  GDir *d = g_dir_open (dir, 0, &error);
  if (!d) {
    cli_error ("classify", "%s", error->message);
    g_error_free (error);
    run->any_failed = TRUE;
    return;
  }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_dir_close (d);
  g_ptr_array_sort (names, cmp_str);

  for (guint i = 0; i < names->len; i++) {
    const char *path = g_ptr_array_index (names, i);
    struct stat st;
    if (excluded (run, path) || lstat (path, &st) != 0 || S_ISLNK (st.st_mode))
      continue;
    if (S_ISDIR (st.st_mode))
      walk (run, path);
    else if (S_ISREG (st.st_mode))
      report (run, path);
  }
}

int
pmark_cmd_classify (int argc, char **argv)
{
  g_autofree char *policy_name = NULL;
  g_autofree char *fail_at = NULL;
  g_auto (GStrv) excludes = NULL;
  gboolean json = FALSE;
  g_autofree char *password = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *ocr_mode = NULL;
  GOptionEntry entries[] = {
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "Policy name or file (default: " PMARK_DEFAULT_POLICY ")", "NAME|FILE" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      "One JSON object per line per file", NULL },
    { "fail-at", 0, 0, G_OPTION_ARG_STRING, &fail_at,
      "Exit with status 3 if any file needs LEVEL or higher", "LEVEL" },
    { "exclude", 'x', 0, G_OPTION_ARG_STRING_ARRAY, &excludes,
      "Skip files and directories whose name matches GLOB (repeatable)",
      "GLOB" },
    CLI_PASSWORD_ENTRIES (password, password_file),
    CLI_OCR_ENTRY (ocr_mode),
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE|DIR...");
  g_option_context_set_summary (
    ctx, "Decide the marking each file needs under a policy. Directories "
         "are searched recursively; '-' reads standard input.");
  g_option_context_set_description (
    ctx, "Exit status: 0 all files processed, 1 a file could not be, "
         "2 usage error, 3 --fail-at reached.\nSee pmark-classify(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, "classify"))
    return PMARK_EXIT_USAGE;
  if (argc < 2) {
    cli_error ("classify", "no files given");
    fprintf (stderr, "Try 'pmark classify --help'.\n");
    return PMARK_EXIT_USAGE;
  }

  g_autoptr (PmarkPolicy) policy = cli_policy (policy_name, "classify");
  if (!policy)
    return PMARK_EXIT_USAGE;

  Run run = { .policy = policy, .json = json, .fail_at = -1,
              .excludes = excludes };
  pmark_read_options_init (&run.options);
  if (!cli_password (&run.options, password, password_file, "classify")
      || !cli_ocr (&run.options, ocr_mode, "classify"))
    return PMARK_EXIT_USAGE;
  if (fail_at && (run.fail_at = pmark_policy_find_level (policy, fail_at)) < 0) {
    cli_error ("classify", "--fail-at: policy '%s' has no level '%s'",
               pmark_policy_get_name (policy), fail_at);
    return PMARK_EXIT_USAGE;
  }

  for (int i = 1; i < argc; i++) {
    if (strcmp (argv[i], "-") != 0
        && g_file_test (argv[i], G_FILE_TEST_IS_DIR))
      walk (&run, argv[i]);
    else
      report (&run, argv[i]);
  }
  fflush (stdout);
  cli_password_clear (&run.options);
  if (run.fail_at_reached)
    return PMARK_EXIT_FAIL_AT;
  return run.any_failed ? PMARK_EXIT_FAILED : PMARK_EXIT_OK;
}
