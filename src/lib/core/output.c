/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <gio/gunixoutputstream.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pmark/error.h>
#include <pmark/output.h>

struct _PmarkOutput {
  char *path, *tmp;
  int fd;
  GOutputStream *stream;
  gboolean no_replace; /* the target must not exist when committed */
  gboolean prepared;   /* the temporary is synced and closed */
};

/* ---- temporaries that a signal must not leave behind ----
 * Each live temporary's path is kept in a fixed table; a SIGINT, SIGTERM
 * or SIGHUP handler (installed by the command line) unlinks them all, with
 * nothing but unlink(2), then dies of the signal as it would have. */
#define LIVE_MAX 64
static char *volatile live[LIVE_MAX];
static GMutex live_lock;

static void
live_add (char *path)
{
  g_mutex_lock (&live_lock);
  for (int i = 0; i < LIVE_MAX; i++)
    if (!live[i]) {
      live[i] = path;
      break;
    }
  g_mutex_unlock (&live_lock);
}

static void
live_remove (const char *path)
{
  g_mutex_lock (&live_lock);
  for (int i = 0; i < LIVE_MAX; i++)
    if (live[i] == path)
      live[i] = NULL;
  g_mutex_unlock (&live_lock);
}

static pthread_t main_thread;

static void
on_fatal_signal (int sig)
{
  /* the thread that writes the temporaries (the one that installed this)
   * must stop before they are removed, or it could create one again:
   * a signal that lands on another thread is passed on to it */
  if (!pthread_equal (pthread_self (), main_thread)) {
    pthread_kill (main_thread, sig);
    return;
  }
  for (int i = 0; i < LIVE_MAX; i++) {
    char *p = live[i];
    if (p)
      unlink (p);
  }
  signal (sig, SIG_DFL);
  raise (sig);
}

void
pmark_output_cleanup_on_signals (void)
{
  main_thread = pthread_self ();
  struct sigaction sa = { .sa_handler = on_fatal_signal };
  sigemptyset (&sa.sa_mask);
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
  for (gsize i = 0; i < G_N_ELEMENTS (sigs); i++)
    sigaction (sigs[i], &sa, NULL);
}

static gboolean
io_error (GError **error, const char *path, const char *what, int err)
{
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s: %s", path, what,
               g_strerror (err));
  return FALSE;
}

PmarkOutput *
pmark_output_new (const char *path, int mode, GError **error)
{
  PmarkOutput *out = g_new0 (PmarkOutput, 1);
  if (!path || !strcmp (path, "-")) {
    out->fd = STDOUT_FILENO;
    out->stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
    return out;
  }
  out->path = g_strdup (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  out->tmp = g_strdup_printf ("%s/.%s.pmark-XXXXXX", dir, base);
  out->fd = g_mkstemp_full (out->tmp, O_WRONLY | O_CLOEXEC, mode);
  if (out->fd < 0) {
    io_error (error, path, "cannot create a temporary file beside it", errno);
    g_free (out->tmp);
    out->tmp = NULL;
    pmark_output_abort (out);
    return NULL;
  }
  live_add (out->tmp);
  /* mkstemp's mode is masked by the umask: set it exactly */
  fchmod (out->fd, mode);
  out->stream = g_unix_output_stream_new (out->fd, FALSE);
  return out;
}

GOutputStream *
pmark_output_stream (PmarkOutput *out)
{
  return out->stream;
}

const char *
pmark_output_temp_path (const PmarkOutput *out)
{
  return out->tmp;
}

gboolean
pmark_output_is_stdout (const PmarkOutput *out)
{
  return out->path == NULL;
}

static void
output_free (PmarkOutput *out)
{
  if (out->tmp)
    live_remove (out->tmp);
  g_clear_object (&out->stream);
  if (out->tmp && out->fd >= 0)
    close (out->fd);
  g_free (out->path);
  g_free (out->tmp);
  g_free (out);
}

void
pmark_output_set_no_replace (PmarkOutput *out, gboolean no_replace)
{
  out->no_replace = no_replace;
}

gboolean
pmark_output_prepare (PmarkOutput *out, GError **error)
{
  if (!out->path || out->prepared)
    return TRUE;
  /* by path: a writer may have renamed its own file over the temporary
   * (libzip does). A full disk shows here (ENOSPC, EDQUOT) at the latest. */
  int sfd = open (out->tmp, O_RDONLY | O_CLOEXEC);
  if (sfd < 0 || fsync (sfd) != 0) {
    io_error (error, out->path, "writing the temporary file failed", errno);
    if (sfd >= 0)
      close (sfd);
    return FALSE;
  }
  close (sfd);
  int fd = out->fd;
  out->fd = -1;
  if (close (fd) != 0)
    return io_error (error, out->path, "writing the temporary file failed", errno);
  out->prepared = TRUE;
  return TRUE;
}

/* rename(), or with no_replace one that fails when the target exists:
 * renameat2(RENAME_NOREPLACE), or link() and unlink() where the file
 * system has no such rename. */
static int
move_into_place (const PmarkOutput *out)
{
  if (!out->no_replace)
    return rename (out->tmp, out->path);
#ifdef RENAME_NOREPLACE
  if (renameat2 (AT_FDCWD, out->tmp, AT_FDCWD, out->path, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return -1;
#endif
  if (link (out->tmp, out->path) != 0)
    return -1;
  unlink (out->tmp);
  return 0;
}

gboolean
pmark_output_commit (PmarkOutput *out, GError **error)
{
  if (!out->path) {
    gboolean ok = g_output_stream_flush (out->stream, NULL, NULL);
    output_free (out);
    if (!ok)
      return io_error (error, "standard output", "write failed", errno);
    return TRUE;
  }
  if (!pmark_output_prepare (out, error)) {
    pmark_output_abort (out);
    return FALSE;
  }
  if (move_into_place (out) != 0) {
    int err = errno;
    if (err == EEXIST)
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                   "%s exists (it appeared while pmark was writing): not replacing it",
                   out->path);
    else
      io_error (error, out->path, "cannot rename the temporary file over it", err);
    pmark_output_abort (out);
    return FALSE;
  }
  live_remove (out->tmp);
  g_clear_pointer (&out->tmp, g_free);
  g_autofree char *dir = g_path_get_dirname (out->path);
  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync (dfd);
    close (dfd);
  }
  output_free (out);
  return TRUE;
}

void
pmark_output_abort (PmarkOutput *out)
{
  if (!out)
    return;
  if (out->tmp) {
    if (out->fd >= 0) {
      close (out->fd);
      out->fd = -1;
    }
    unlink (out->tmp);
  }
  output_free (out);
}

gboolean
pmark_log_append (const char *path, JsonNode *object, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "log %s: %s", path,
                 g_strerror (errno));
    return FALSE;
  }
  g_autofree char *line = json_to_string (object, FALSE);
  g_autofree char *nl = g_strconcat (line, "\n", NULL);
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  gsize n = strlen (nl);
  /* fsync fails with EINVAL on what cannot be synced (/dev/null) */
  gboolean ok = fd >= 0 && write (fd, nl, n) == (ssize_t) n
                && (fsync (fd) == 0 || errno == EINVAL);
  int err = errno;
  if (fd >= 0)
    close (fd);
  if (!ok)
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "log %s: %s", path,
                 g_strerror (err));
  return ok;
}
