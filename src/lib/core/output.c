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
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <pmark/error.h>
#include <pmark/output.h>

struct _PmarkOutput {
  char *path;
  char *tmp;       /* a named temporary, or NULL */
  char *fd_path;   /* /proc/self/fd/N of an unnamed one (O_TMPFILE) */
  int fd;
  GOutputStream *stream;
  gboolean no_replace; /* the target must not exist when committed */
  gboolean prepared;   /* the temporary is synced and closed */
  gboolean exchanged;  /* in place; the old file is at `tmp` */
  int lease_fd;        /* the old file, under a write lease, or -1 */
  sigset_t lease_mask; /* the thread's signal mask before it */
  gboolean leased;
};

static void sync_dir (const char *path);

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

/* Creating a temporary's name and adding it to the table is one step as
 * far as the signals are concerned: blocked in between, a signal is
 * delivered once the name is in the table (a race seen in CI: a
 * SIGINT between mkstemp and live_add left a named temporary behind). */
static void
signals_block (sigset_t *old)
{
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  pthread_sigmask (SIG_BLOCK, &set, old);
}

static void
signals_restore (const sigset_t *old)
{
  pthread_sigmask (SIG_SETMASK, old, NULL);
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

/* private directories of temporaries (a conversion's), with the child
 * process writing into each: the child is killed and the tree removed */
#define LIVE_DIRS 8
static char *volatile live_dir[LIVE_DIRS];
static volatile pid_t live_child[LIVE_DIRS];

void
pmark_output_track_dir (const char *dir, GPid child)
{
  g_mutex_lock (&live_lock);
  int free_slot = -1;
  for (int i = 0; i < LIVE_DIRS; i++) {
    if (live_dir[i] && !strcmp (live_dir[i], dir)) {
      live_child[i] = child;
      g_mutex_unlock (&live_lock);
      return;
    }
    if (!live_dir[i] && free_slot < 0)
      free_slot = i;
  }
  if (free_slot >= 0) {
    live_child[free_slot] = child;
    live_dir[free_slot] = g_strdup (dir);
  }
  g_mutex_unlock (&live_lock);
}

void
pmark_output_untrack_dir (const char *dir)
{
  g_mutex_lock (&live_lock);
  for (int i = 0; i < LIVE_DIRS; i++)
    if (live_dir[i] && !strcmp (live_dir[i], dir)) {
      char *d = live_dir[i];
      live_dir[i] = NULL;
      live_child[i] = 0;
      g_free (d);
    }
  g_mutex_unlock (&live_lock);
}

/* Removes a tree with async-signal-safe calls only (openat, getdents64,
 * unlinkat): it runs in the signal handler. */
struct dirent64_raw {
  guint64 d_ino;
  gint64 d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static void
remove_tree_at (int parent, const char *name, int depth)
{
  if (unlinkat (parent, name, 0) == 0 || errno != EISDIR || depth > 32)
    return;
  int fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    char buf[4096] __attribute__ ((aligned (8)));
    /* entries removed while listing can hide others: list again until a
     * pass removes nothing */
    for (int pass = 0, removed = 1; removed && pass < 8; pass++) {
      removed = 0;
      lseek (fd, 0, SEEK_SET);
      long n;
      while ((n = syscall (SYS_getdents64, fd, buf, sizeof buf)) > 0)
        for (long off = 0; off < n;) {
          struct dirent64_raw *d = (struct dirent64_raw *) (buf + off);
          off += d->d_reclen;
          if (!strcmp (d->d_name, ".") || !strcmp (d->d_name, ".."))
            continue;
          remove_tree_at (fd, d->d_name, depth + 1);
          removed = 1;
        }
    }
    close (fd);
  }
  unlinkat (parent, name, AT_REMOVEDIR);
}

void
pmark_output_remove_tree (const char *path)
{
  remove_tree_at (AT_FDCWD, path, 0);
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
  for (int i = 0; i < LIVE_DIRS; i++) {
    char *d = live_dir[i];
    if (!d)
      continue;
    pid_t child = live_child[i];
    if (child > 0) {
      /* its process group: the child's own children too */
      kill (-child, SIGKILL);
      kill (child, SIGKILL);
      waitpid (child, NULL, 0);
    }
    remove_tree_at (AT_FDCWD, d, 0);
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

/* An unnamed temporary in the target's directory (O_TMPFILE): nothing
 * is left behind whatever kills the process, SIGKILL included. It needs
 * a file system that has them and /proc to name it by for commit. */
static gboolean
open_unnamed (PmarkOutput *out, const char *dir, int mode)
{
#ifdef O_TMPFILE
  if (g_getenv ("PMARK_NO_TMPFILE") || !g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    return FALSE;
  int fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    return FALSE;
  out->fd = fd;
  out->fd_path = g_strdup_printf ("/proc/self/fd/%d", fd);
  return TRUE;
#else
  (void) out; (void) dir; (void) mode;
  return FALSE;
#endif
}

/* `tmpl` ends in XXXXXX; `out->tmp` becomes the name taken */
static int
open_named (PmarkOutput *out, const char *tmpl, int mode)
{
  out->tmp = g_strdup (tmpl);
  sigset_t old;
  signals_block (&old);
  int fd = g_mkstemp_full (out->tmp, O_RDWR | O_CLOEXEC, mode);
  if (fd >= 0)
    live_add (out->tmp);
  signals_restore (&old);
  if (fd < 0)
    g_clear_pointer (&out->tmp, g_free);
  return fd;
}

/* Temporaries are named ".BASE.pmark-PID-..." by the process that made
 * them. One left by a process that is gone (killed with SIGKILL between
 * naming it and the rename or exchange: the output, or the file it
 * replaced) is removed when the next output of the same name is made. A
 * process of another machine sharing the directory is not seen: its
 * temporary may go, and its rename then fails (the output is not made,
 * the target is untouched). Each directory is looked through once per
 * process (an audit marking thousands of files in one reads it once). */
static void
sweep_leftovers (const char *dir)
{
  static GHashTable *swept;
  static GMutex lock;
  g_mutex_lock (&lock);
  if (!swept)
    swept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean again = !g_hash_table_add (swept, g_strdup (dir));
  g_mutex_unlock (&lock);
  if (again)
    return;
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  if (!d)
    return;
  const char *name;
  while ((name = g_dir_read_name (d))) {
    const char *tag = name[0] == '.' ? strstr (name, ".pmark-") : NULL;
    if (!tag)
      continue;
    const char *digits = tag + strlen (".pmark-");
    char *end;
    guint64 pid = g_ascii_strtoull (digits, &end, 10);
    if (end == digits || *end != '-' || !pid || pid > G_MAXINT32 || (pid_t) pid == getpid ()
        || kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
      continue;
    g_autofree char *path = g_build_filename (dir, name, NULL);
    unlink (path);
  }
}

PmarkOutput *
pmark_output_new (const char *path, int mode, GError **error)
{
  PmarkOutput *out = g_new0 (PmarkOutput, 1);
  out->lease_fd = -1;
  if (!path || !strcmp (path, "-")) {
    out->fd = STDOUT_FILENO;
    out->stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
    return out;
  }
  out->path = g_strdup (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  sweep_leftovers (dir);
  if (!open_unnamed (out, dir, mode)) {
    g_autofree char *tmpl = g_strdup_printf ("%s/.%s.pmark-%d-XXXXXX", dir, base,
                                             (int) getpid ());
    out->fd = open_named (out, tmpl, mode);
    if (out->fd < 0) {
      io_error (error, path, "cannot create a temporary file beside it", errno);
      pmark_output_abort (out);
      return NULL;
    }
  }
  /* the creation mode is masked by the umask: set it exactly */
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
  return out->fd_path ? out->fd_path : out->tmp;
}

int
pmark_output_fd (const PmarkOutput *out)
{
  return out->fd;
}

gboolean
pmark_output_is_stdout (const PmarkOutput *out)
{
  return out->path == NULL;
}

static void lease_release (PmarkOutput *out);

static void
output_free (PmarkOutput *out)
{
  lease_release (out);
  if (out->tmp)
    live_remove (out->tmp);
  g_clear_object (&out->stream);
  if (out->path && out->fd >= 0)
    close (out->fd);
  g_free (out->path);
  g_free (out->tmp);
  g_free (out->fd_path);
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
  /* a full disk shows here (ENOSPC, EDQUOT) at the latest */
  if (fsync (out->fd) != 0)
    return io_error (error, out->path, "writing the temporary file failed", errno);
  out->prepared = TRUE;
  return TRUE;
}

gboolean
pmark_output_rewind (PmarkOutput *out, GError **error)
{
  if (!out->path) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INTERNAL,
                 "standard output cannot be written again");
    return FALSE;
  }
  if (ftruncate (out->fd, 0) != 0 || lseek (out->fd, 0, SEEK_SET) != 0)
    return io_error (error, out->path, "emptying the temporary file failed", errno);
  out->prepared = FALSE;
  return TRUE;
}

/* An unnamed temporary gets its name: the target itself when it must not
 * exist (linkat fails if it does), else a temporary name renamed over it. */
static int
link_unnamed (PmarkOutput *out)
{
  if (out->no_replace)
    return linkat (AT_FDCWD, out->fd_path, AT_FDCWD, out->path, AT_SYMLINK_FOLLOW);
  g_autofree char *dir = g_path_get_dirname (out->path);
  g_autofree char *base = g_path_get_basename (out->path);
  for (int tries = 0; tries < 100; tries++) {
    g_autofree char *name = g_strdup_printf ("%s/.%s.pmark-%d-%08x", dir, base,
                                             (int) getpid (), g_random_int ());
    sigset_t old;
    signals_block (&old);
    if (linkat (AT_FDCWD, out->fd_path, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0) {
      out->tmp = g_steal_pointer (&name);
      live_add (out->tmp);
      signals_restore (&old);
      return 0;
    }
    signals_restore (&old);
    if (errno != EEXIST)
      return -1;
  }
  errno = EEXIST;
  return -1;
}

/* rename(), or with no_replace one that fails when the target exists:
 * renameat2(RENAME_NOREPLACE), or link() and unlink() where the file
 * system has no such rename. */
static int
move_into_place (PmarkOutput *out)
{
  if (out->fd_path) {
    if (link_unnamed (out) != 0)
      return -1;
    if (!out->tmp)
      return 0;
  }
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
    if (out->fd_path && out->tmp)
      unlink (out->tmp);
    if (err == EEXIST)
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                   "%s exists (it appeared while pmark was writing): not replacing it",
                   out->path);
    else
      io_error (error, out->path, "cannot rename the temporary file over it", err);
    pmark_output_abort (out);
    return FALSE;
  }
  if (out->tmp)
    live_remove (out->tmp);
  g_clear_pointer (&out->tmp, g_free);
  sync_dir (out->path);
  output_free (out);
  return TRUE;
}

/* The target's owner, group, mode and extended attributes (ACLs are
 * system.posix_acl_access) onto the output, as far as this user may:
 * an owner only root can give is left as it is */
static void
keep_attributes (PmarkOutput *out, const struct stat *st)
{
  if (fchown (out->fd, st->st_uid, st->st_gid) != 0)
    (void) !fchown (out->fd, (uid_t) -1, st->st_gid);
  fchmod (out->fd, st->st_mode & 07777);
  /* through the leased descriptor: another open would break the lease */
  int src = out->lease_fd >= 0 ? dup (out->lease_fd)
                               : open (out->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (src < 0)
    return;
  ssize_t n = flistxattr (src, NULL, 0);
  g_autofree char *names = n > 0 ? g_malloc ((gsize) n) : NULL;
  if (names)
    n = flistxattr (src, names, (gsize) n);
  for (ssize_t i = 0; names && n > 0 && i < n; i += (ssize_t) strlen (names + i) + 1) {
    const char *name = names + i;
    ssize_t vn = fgetxattr (src, name, NULL, 0);
    if (vn < 0)
      continue;
    g_autofree char *value = g_malloc ((gsize) vn + 1);
    vn = fgetxattr (src, name, value, (gsize) vn);
    if (vn >= 0)
      fsetxattr (out->fd, name, value, (gsize) vn, 0);
  }
  close (src);
}

/* The same file, unchanged: the inode, its size and modification time
 * (a rename changes the change time, not these) */
static gboolean
same_file (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size
         && a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* A write lease on the file being replaced: taken only if no other
 * process has it open, and anyone who opens it while it is held waits
 * until it is released (the lease is "broken": pmark sees it and puts
 * the old file back). The break's signal (SIGIO) goes to this thread,
 * which blocks it, and is taken from it on release. Where leases are not
 * allowed (another user's file, a file system without them), the
 * compare-and-swap goes on without one. SIGINT, SIGTERM and SIGHUP wait
 * too, until the release (pmark_output_finish or _undo): the exchange,
 * the log record and the old file's removal are one step for them (a
 * signal in between removed the old file, which the temporary's name
 * then held, and left a marking without its record). */
static int
lease_take (PmarkOutput *out, const struct stat *before)
{
  sigset_t io;
  sigemptyset (&io);
  sigaddset (&io, SIGIO);
  sigaddset (&io, SIGINT);
  sigaddset (&io, SIGTERM);
  sigaddset (&io, SIGHUP);
  pthread_sigmask (SIG_BLOCK, &io, &out->lease_mask);
  out->leased = TRUE;
  out->lease_fd = -1;
  int fd = open (out->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    return -1;
  struct stat st;
  if (fstat (fd, &st) != 0 || (before && !same_file (&st, before))) {
    close (fd);
    return -1;
  }
  for (int tries = 0; tries < 40; tries++) {
    if (fcntl (fd, F_SETLEASE, F_WRLCK) == 0) {
      struct f_owner_ex own = { F_OWNER_TID, (pid_t) syscall (SYS_gettid) };
      fcntl (fd, F_SETOWN_EX, &own);
      out->lease_fd = fd;
      return 1;
    }
    if (errno != EAGAIN && errno != EBUSY)
      break; /* not allowed here: without */
    g_usleep (5000); /* open elsewhere for a moment (an editor saving) */
  }
  gboolean busy = errno == EAGAIN || errno == EBUSY;
  close (fd);
  return busy ? -2 : 0;
}

static gboolean
lease_broken (const PmarkOutput *out)
{
  return out->lease_fd >= 0 && fcntl (out->lease_fd, F_GETLEASE) != F_WRLCK;
}

static void
lease_release (PmarkOutput *out)
{
  if (!out->leased)
    return;
  if (out->lease_fd >= 0) {
    fcntl (out->lease_fd, F_SETLEASE, F_UNLCK);
    close (out->lease_fd);
    out->lease_fd = -1;
  }
  sigset_t io;
  sigemptyset (&io);
  sigaddset (&io, SIGIO);
  struct timespec zero = { 0, 0 };
  while (sigtimedwait (&io, NULL, &zero) > 0)
    ;
  pthread_sigmask (SIG_SETMASK, &out->lease_mask, NULL);
  out->leased = FALSE;
}

static gboolean
changed_error (PmarkOutput *out, GError **error)
{
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
               "%s changed (or went) while it was being marked: left as it is now, not "
               "marked; mark it again", out->path);
  pmark_output_abort (out);
  return FALSE;
}

gboolean
pmark_output_exchange (PmarkOutput *out, const struct stat *before, GError **error)
{
  g_return_val_if_fail (out->path && !out->no_replace, FALSE);
  struct stat cur;
  int lease = lease_take (out, before);
  if (lease == -2) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IN_USE,
                 "%s is open in another program: not replaced while it is (close it, "
                 "or mark it again)", out->path);
    pmark_output_abort (out);
    return FALSE;
  }
  if (lease < 0 || lstat (out->path, &cur) != 0 || (before && !same_file (&cur, before)))
    return changed_error (out, error);
  keep_attributes (out, before ? before : &cur);
  if (!pmark_output_prepare (out, error)) {
    pmark_output_abort (out);
    return FALSE;
  }
  if (out->fd_path && link_unnamed (out) != 0) {
    int err = errno;
    io_error (error, out->path, "cannot name the temporary file", err);
    pmark_output_abort (out);
    return FALSE;
  }
#ifdef RENAME_EXCHANGE
  if (renameat2 (AT_FDCWD, out->tmp, AT_FDCWD, out->path, RENAME_EXCHANGE) == 0) {
    out->exchanged = TRUE;
    struct stat old;
    if (lstat (out->tmp, &old) != 0 || (before && !same_file (&old, before))
        || lease_broken (out)) {
      /* an edit landed between the check and the exchange: swap back */
      if (renameat2 (AT_FDCWD, out->tmp, AT_FDCWD, out->path, RENAME_EXCHANGE) == 0)
        out->exchanged = FALSE;
      if (out->exchanged) {
        /* cannot swap back: the edited file stays, under the temporary
         * name, and says so */
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                     "%s changed while it was being marked and could not be put back: "
                     "the changed file is %s", out->path, out->tmp);
        live_remove (out->tmp);
        g_clear_pointer (&out->tmp, g_free);
        output_free (out);
        return FALSE;
      }
      return changed_error (out, error);
    }
    return TRUE;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
    int err = errno;
    io_error (error, out->path, "cannot exchange the temporary file with it", err);
    pmark_output_abort (out);
    return FALSE;
  }
#endif
  /* no exchange on this file system: check, then rename at once */
  if (lstat (out->path, &cur) != 0 || (before && !same_file (&cur, before)))
    return changed_error (out, error);
  if (rename (out->tmp, out->path) != 0) {
    int err = errno;
    io_error (error, out->path, "cannot rename the temporary file over it", err);
    pmark_output_abort (out);
    return FALSE;
  }
  live_remove (out->tmp);
  g_clear_pointer (&out->tmp, g_free);
  return TRUE;
}

static void
sync_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync (dfd);
    close (dfd);
  }
}

void
pmark_output_finish (PmarkOutput *out)
{
  if (out->exchanged && out->tmp)
    unlink (out->tmp);
  /* (a process that waited on the lease opens the old file, unlinked:
   * what it writes there was meant for the file before the marking) */
  sync_dir (out->path);
  output_free (out);
}

void
pmark_output_undo (PmarkOutput *out)
{
  if (out->exchanged && out->tmp
      && renameat2 (AT_FDCWD, out->tmp, AT_FDCWD, out->path, RENAME_EXCHANGE) == 0)
    out->exchanged = FALSE;
  if (!out->exchanged) {
    /* the temporary is the output again */
    pmark_output_abort (out);
    return;
  }
  output_free (out);
}

void
pmark_output_abort (PmarkOutput *out)
{
  if (!out)
    return;
  if (out->path && out->fd >= 0) {
    close (out->fd);
    out->fd = -1;
  }
  if (out->tmp)
    unlink (out->tmp);
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
