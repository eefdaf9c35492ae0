/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark policy check|show|list */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

/* A policy file is checked as it is loaded; a local settings file (no
 * [policy] naming a policy) as it would be merged over `over` */
static int
policy_check (int argc, char **argv, const char *over)
{
  int status = PMARK_EXIT_OK;
  for (int i = 0; i < argc; i++) {
    GError *error = NULL;
    gboolean local = pmark_policy_is_local_file (argv[i]);
    g_autoptr (PmarkPolicy) p = local ? pmark_policy_load_over (over, argv[i], &error)
                                      : pmark_policy_load (argv[i], &error);
    if (!p) {
      fprintf (stderr, "%s\n", error->message);
      g_error_free (error);
      status = PMARK_EXIT_FAILED;
      continue;
    }
    if (local)
      printf ("%s: ok: local settings over policy '%s' (%s)\n", argv[i],
              pmark_policy_get_name (p), pmark_policy_get_filename (p));
    else
      printf ("%s: ok: policy '%s', %u levels\n", pmark_policy_get_filename (p),
              pmark_policy_get_name (p), pmark_policy_get_n_levels (p));
  }
  return status;
}

static int
policy_show (const char *name)
{
  GError *error = NULL;
  g_autoptr (PmarkPolicy) p = pmark_policy_load (name, &error);
  if (!p) {
    fprintf (stderr, "%s\n", error->message);
    g_error_free (error);
    return PMARK_EXIT_FAILED;
  }
  g_autofree char *s = pmark_policy_to_string (p);
  fputs (s, stdout);
  return PMARK_EXIT_OK;
}

static int
policy_list (void)
{
  g_auto (GStrv) dirs = pmark_policy_search_path ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                       g_free, NULL);
  for (char **d = dirs; *d; d++) {
    GDir *dir = g_dir_open (*d, 0, NULL);
    if (!dir)
      continue;
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const char *n;
    while ((n = g_dir_read_name (dir)))
      if (g_str_has_suffix (n, ".policy"))
        g_ptr_array_add (names, g_strndup (n, strlen (n) - 7));
    g_dir_close (dir);
    g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
    for (guint i = 0; i < names->len; i++) {
      const char *name = g_ptr_array_index (names, i);
      /* earlier directories shadow later ones, as pmark_policy_load does */
      if (g_hash_table_contains (seen, name))
        continue;
      g_hash_table_add (seen, g_strdup (name));
      g_autofree char *path = g_strconcat (*d, "/", name, ".policy", NULL);
      GError *error = NULL;
      g_autoptr (PmarkPolicy) p = pmark_policy_load_file (path, &error);
      printf ("%-16s %s%s\n", name,
              p ? (pmark_policy_get_title (p) ? pmark_policy_get_title (p) : "")
                : "INVALID: ",
              p ? (strcmp (name, pmark_policy_default_name ()) ? "" : " (default)")
                : error->message);
      g_clear_error (&error);
    }
  }
  return PMARK_EXIT_OK;
}

int
pmark_cmd_policy (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new (
    "check FILE...|show [NAME|FILE]|list");
  g_option_context_set_summary (
    ctx, "check    validate policy files; every error names file, line and "
         "section\n"
         "show     print the effective policy (default: " PMARK_DEFAULT_POLICY
         ")\n"
         "list     list the policies found on the search path");
  g_option_context_set_description (ctx, "See pmark-policy(1) and "
                                         "pmark.policy(5).");
  g_autofree char *over = NULL;
  GOptionEntry entries[] = {
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &over,
      "check: the policy a local settings file is checked over (default: " PMARK_DEFAULT_POLICY
      ")", "NAME|FILE" },
    { NULL },
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, "policy"))
    return PMARK_EXIT_USAGE;
  if (argc < 2) {
    cli_error ("policy", "missing action: check, show or list");
    return PMARK_EXIT_USAGE;
  }
  const char *action = argv[1];
  if (!strcmp (action, "check")) {
    if (argc < 3) {
      cli_error ("policy", "check: no policy files given");
      return PMARK_EXIT_USAGE;
    }
    return policy_check (argc - 2, argv + 2, over);
  }
  if (!strcmp (action, "show")) {
    if (argc > 3) {
      cli_error ("policy", "show takes at most one policy");
      return PMARK_EXIT_USAGE;
    }
    return policy_show (argc == 3 ? argv[2] : NULL);
  }
  if (!strcmp (action, "list") && argc == 2)
    return policy_list ();
  cli_error ("policy", "unknown action '%s' (expected check, show or list)",
             action);
  return PMARK_EXIT_USAGE;
}
