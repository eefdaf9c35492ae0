/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark mark --convert: legacy Office formats are read but not stamped;
 * LibreOffice (an optional run-time dependency, found on PATH) converts
 * them to their OOXML successor, which is. The conversion runs in a
 * private 0700 directory with its own LibreOffice profile, under a time
 * limit, and the directory is removed afterwards. */
#include "config.h"

#include <sched.h>
#include <sys/mount.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/document-private.h"
#include "core/file.h"
#include "formats/confine.h"
#include <pmark/output.h>
#include "stamp.h"

static const struct {
  const char *format, *ext, *filter;
} targets[] = {
  { "doc", "docx", "docx:MS Word 2007 XML" },
  { "rtf", "docx", "docx:MS Word 2007 XML" },
  { "xls", "xlsx", "xlsx:Calc MS Excel 2007 XML" },
  { "ppt", "pptx", "pptx:Impress MS PowerPoint 2007 XML" },
};

const char *
pmark_convert_target (const char *format)
{
  for (gsize i = 0; format && i < G_N_ELEMENTS (targets); i++)
    if (!strcmp (targets[i].format, format))
      return targets[i].ext;
  return NULL;
}

/* LibreOffice runs as a script that starts soffice.bin: in a process
 * group of its own, all of it is stopped by one kill (-pid). And with no
 * network: in a network namespace of its own (only a loopback, down),
 * so that a document's linked resources (an image at an http URL, a
 * linked sheet) are never fetched — no request on the server's behalf,
 * no beacon telling the author the file was opened. Root gets the
 * namespace directly; another user through a user namespace of its own,
 * where the kernel allows one. Where neither works, LibreOffice runs
 * with the network only if PMARK_CONVERT_NETWORK=1 says it may. */
#define NO_NAMESPACE 126 /* the child's exit status when it had none */

/* And writing nowhere but its private directory (and /dev/null, /dev/shm)
 * where the kernel has Landlock: a document that makes LibreOffice write
 * (a macro, a bug) cannot reach the user's files. LibreOffice makes its
 * one-instance socket in /tmp whatever TMPDIR says, so it gets a mount
 * namespace of its own too, where /tmp is its private directory; where
 * that cannot be had, it runs without Landlock. */
typedef struct {
  gboolean allow_network;
  const char *dir;         /* its private directory, its /tmp */
  int landlock;            /* the ruleset, made by the parent; -1 none */
} Confinement;

static void
own_group (gpointer data)
{
  const Confinement *c = data;
  setpgid (0, 0);
  gboolean mounts = confine_unshare (CLONE_NEWNET | CLONE_NEWNS) != 0;
  if (!mounts && !confine_unshare (CLONE_NEWNET) && !c->allow_network)
    _exit (NO_NAMESPACE);
  if (mounts && mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0
      && mount (c->dir, "/tmp", NULL, MS_BIND, NULL) == 0 && c->landlock >= 0)
    confine_landlock_apply (c->landlock);
}

/* LibreOffice's /tmp (own_group) is its private directory DIR: where DIR
 * is itself in /tmp (/tmp/A/B/DIR), the paths given to LibreOffice must
 * still lead to it there. DIR/A/B/DIR is made a link back to DIR ("../..") */
static void
path_back (const char *dir)
{
  if (!g_str_has_prefix (dir, "/tmp/"))
    return;
  g_auto (GStrv) parts = g_strsplit (dir + strlen ("/tmp/"), "/", -1);
  guint n = g_strv_length (parts);
  if (!n)
    return;
  g_autoptr (GString) at = g_string_new (dir);
  g_autoptr (GString) back = g_string_new (n == 1 ? "." : "");
  for (guint i = 0; i + 1 < n; i++) {
    g_string_append_printf (at, "/%s", parts[i]);
    g_string_append (back, i ? "/.." : "..");
    if (g_mkdir (at->str, 0700) != 0 && errno != EEXIST)
      return;
  }
  g_string_append_printf (at, "/%s", parts[n - 1]);
  if (symlink (back->str, at->str) != 0)
    g_debug ("convert: no link %s: %s", at->str, g_strerror (errno));
}

/* `input`, a file NAME.in_ext, converted by LibreOffice's `filter` to
 * NAME.out_ext */
static GBytes *
convert_with (GBytes *input, const char *in_ext, const char *out_ext, const char *filter,
              const PmarkBudget *budget, GError **error)
{
  const char *format = in_ext;
  const char *env = g_getenv ("PMARK_SOFFICE");
  g_autofree char *soffice = env && *env ? g_strdup (env)
                                         : g_find_program_in_path ("soffice");
  if (!soffice)
    soffice = g_find_program_in_path ("libreoffice");
  if (!soffice) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "converting a %s file needs LibreOffice, and neither soffice nor "
                 "libreoffice is on PATH (Debian: apt install "
                 "libreoffice-writer-nogui libreoffice-calc-nogui "
                 "libreoffice-impress-nogui)", format);
    return NULL;
  }
  g_autofree char *dir = g_dir_make_tmp ("pmark-convert-XXXXXX", NULL);
  if (!dir) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                 "cannot make a private directory for the conversion: %s",
                 g_strerror (errno));
    return NULL;
  }
  pmark_output_track_dir (dir, 0);
  /* a neutral name: the document's own name may hold anything */
  g_autofree char *in = g_strdup_printf ("%s/document.%s", dir, format);
  g_autofree char *out = g_strdup_printf ("%s/document.%s", dir, out_ext);
  g_autofree char *profile = g_strdup_printf ("-env:UserInstallation=file://%s/profile", dir);
  GBytes *result = NULL;
  g_auto (GStrv) envp = NULL;
  gsize len;
  const char *data = g_bytes_get_data (input, &len);
  GError *e = NULL;
  if (!g_file_set_contents_full (in, data, (gssize) len, G_FILE_SET_CONTENTS_NONE, 0600, &e)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "cannot stage the conversion: %s",
                 e->message);
    g_error_free (e);
    goto out;
  }
  const char *argv[] = { soffice, profile, "--headless", "--norestore",
                         "--nolockcheck", "--convert-to", filter,
                         "--outdir", dir, in, NULL };
  /* LibreOffice's own temporaries (lu*.tmp, copies of the document) go
   * into the private directory too, and go with it */
  envp = g_environ_setenv (g_get_environ (), "TMPDIR", dir, TRUE);
  /* and what it keeps for a user (dconf, caches) goes there too: nothing
   * beside it is writable */
  envp = g_environ_setenv (envp, "HOME", dir, TRUE);
  envp = g_environ_unsetenv (envp, "XDG_CACHE_HOME");
  envp = g_environ_unsetenv (envp, "XDG_CONFIG_HOME");
  envp = g_environ_unsetenv (envp, "XDG_DATA_HOME");
  envp = g_environ_unsetenv (envp, "XDG_STATE_HOME");
  path_back (dir);
  const char *writable[] = { dir, "/dev/null", "/dev/shm", NULL };
  Confinement confinement = {
    .allow_network = g_strcmp0 (g_getenv ("PMARK_CONVERT_NETWORK"), "1") == 0,
    .dir = dir,
    .landlock = confine_landlock_ruleset (writable),
  };
  gboolean allow_network = confinement.allow_network;
  GPid pid;
  gboolean spawned = g_spawn_async (dir, (char **) argv, envp,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                      | G_SPAWN_STDERR_TO_DEV_NULL,
                                    own_group, &confinement, &pid, &e);
  if (confinement.landlock >= 0)
    close (confinement.landlock);
  if (!spawned) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "cannot run %s: %s", soffice,
                 e->message);
    g_error_free (e);
    goto out;
  }
  pmark_output_track_dir (dir, pid);
  /* the file's time budget, with at least two minutes for LibreOffice to
   * start the first time */
  gint64 limit = g_get_monotonic_time ()
                 + (gint64) MAX (budget->max_seconds, 120u) * G_USEC_PER_SEC;
  int status = 0;
  for (;;) {
    pid_t r = waitpid (pid, &status, WNOHANG);
    if (r == pid)
      break;
    if (r < 0 && errno != EINTR) {
      status = -1;
      break;
    }
    if (g_get_monotonic_time () > limit) {
      kill (-pid, SIGKILL);
      waitpid (pid, &status, 0);
      pmark_output_track_dir (dir, 0);
      g_spawn_close_pid (pid);
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                   "LibreOffice did not convert the %s file in time", format);
      goto out;
    }
    g_usleep (50000);
  }
  pmark_output_track_dir (dir, 0);
  g_spawn_close_pid (pid);
  if (!allow_network && WIFEXITED (status) && WEXITSTATUS (status) == NO_NAMESPACE
      && !g_file_test (out, G_FILE_TEST_EXISTS)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "converting a %s file runs LibreOffice, which pmark runs without the "
                 "network, and this system gives no network namespace (as root, or user "
                 "namespaces for other users): set PMARK_CONVERT_NETWORK=1 to run it "
                 "with the network", format);
    goto out;
  }
  if (!g_file_test (out, G_FILE_TEST_EXISTS)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "LibreOffice could not convert the %s file to .%s (exit status %d)",
                 format, out_ext, WIFEXITED (status) ? WEXITSTATUS (status) : -1);
    goto out;
  }
  result = pmark_file_read (out, budget, error);
out:
  pmark_output_untrack_dir (dir);
  pmark_output_remove_tree (dir);
  return result;
}

GBytes *
pmark_convert_office (GBytes *input, const char *format, const PmarkBudget *budget,
                      GError **error)
{
  for (gsize t = 0; format && t < G_N_ELEMENTS (targets); t++)
    if (!strcmp (targets[t].format, format))
      return convert_with (input, format, targets[t].ext, targets[t].filter, budget, error);
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
               "pmark converts no %s files", format ? format : "such");
  return NULL;
}

GBytes *
pmark_convert_to_pdf (GBytes *input, const char *extension, const PmarkBudget *budget,
                      GError **error)
{
  /* LibreOffice chooses the PDF export filter by the document's kind */
  return convert_with (input, extension, "pdf", "pdf", budget, error);
}
