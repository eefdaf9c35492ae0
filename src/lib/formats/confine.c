/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What a worker may do once it reads a document (pmark(1) SANDBOX): an
 * allowlist of system calls, not a denylist. A parser's memory-safety bug
 * (in poppler, libxml2, libgsf...) that runs code in the worker finds
 * only what reading needs: reading its request channel and the data
 * files of its libraries (opened for reading only), memory, time, its
 * own threads and signals, and writing its answer. Everything else fails
 * with EPERM: the network, exec, new processes, ptrace, process_vm_*,
 * pidfd_*, io_uring, openat2, kill of anything but itself, and every call
 * that makes, removes, renames, truncates or changes a file (chmod,
 * chown, xattr, utime), even on a descriptor it holds.
 *
 * Before the filter, walls that hold even if the filter had a hole:
 * - network and IPC namespaces of its own (entered directly by root, in
 *   a user namespace of its own otherwise, where the kernel allows one):
 *   no interface but a loopback that is down, no shared memory segment
 *   or message queue of another process;
 * - Landlock (where the kernel has it, Linux 5.13 and later): no file
 *   written, made, removed, renamed, linked, truncated or executed
 *   anywhere, no TCP bind or connect (ABI 4), no signal to a process
 *   outside the worker and no abstract unix socket (ABI 6);
 * - every capability dropped (a root worker keeps none: no
 *   CAP_DAC_OVERRIDE, no CAP_SYS_PTRACE) and hard limits (no core file,
 *   no file written, a bounded number of descriptors).
 * No mount or PID namespace: a worker must read its libraries' data files
 * where they are (fonts, Tesseract's models, its modules), which Landlock
 * already keeps read-only, and it makes no processes for a PID namespace
 * to hold. confine_walls() says which walls a worker got.
 * The parent makes itself undumpable (confine_parent):
 * another process of the same user, a worker among them, cannot read
 * its memory through /proc/PID/mem or attach to it.
 *
 * Sanitizer builds with leak checking keep capabilities, a denylist
 * instead of the allowlist and the parent dumpable: LeakSanitizer stops
 * the world at exit from a task it clones and ptraces, which deadlocks
 * under the allowlist. With leak checking off (ASAN_OPTIONS=
 * detect_leaks=0) the walls are those of a release build, for the tests
 * to try. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#ifdef HAVE_SECCOMP
#include <seccomp.h>
#endif
#include <linux/landlock.h>

#include <glib.h>

#include "confine.h"

#if defined(__SANITIZE_ADDRESS__) || defined(PMARK_ASAN)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

/* Whether LeakSanitizer will stop the world at exit */
static gboolean
leak_checker (void)
{
  if (!SANITIZED)
    return FALSE;
  const char *o = g_getenv ("ASAN_OPTIONS");
  return !(o && strstr (o, "detect_leaks=0"));
}

void
confine_parent (void)
{
  if (!leak_checker ())
    prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* Every capability gone: the bounding set, the ambient set, and the
 * permitted, effective and inheritable sets (a root worker reads its
 * libraries' data files as their owner, as any user would) */
static void
drop_capabilities (void)
{
  prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  for (int cap = 0; cap <= 63; cap++)
    if (prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno == EINVAL)
      break;
  struct __user_cap_header_struct head = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct data[2];
  memset (data, 0, sizeof data);
  syscall (SYS_capset, &head, data);
}

/* Which walls this worker got (confine_walls) */
static struct {
  gboolean namespaces;   /* network and IPC namespaces of its own */
  gboolean user_ns;      /* ...inside a user namespace of its own */
  int landlock;          /* the Landlock ABI applied, 0 none */
} walls;

static gboolean
write_file (const char *path, const char *text)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  gsize n = strlen (text);
  gboolean ok = write (fd, text, n) == (gssize) n;
  close (fd);
  return ok;
}

/* Network and IPC namespaces of its own: root enters them directly, any
 * other user (or root without CAP_SYS_ADMIN) inside a user namespace of
 * its own, where it is mapped to itself (its files stay its own). Needs a
 * single thread; where the kernel refuses, the worker goes on without. */
int
confine_unshare (int flags)
{
  if (unshare (flags) == 0)
    return 1;
  return unshare (CLONE_NEWUSER | flags) == 0 ? 2 : 0;
}

static void
enter_namespaces (void)
{
  uid_t uid = geteuid ();
  gid_t gid = getegid ();
  int how = confine_unshare (CLONE_NEWNET | CLONE_NEWIPC);
  walls.namespaces = how != 0;
  walls.user_ns = how == 2;
  if (how != 2)
    return;
  /* (where a map cannot be written, it reads as the overflow user: still
   * itself to the files) */
  char map[64];
  g_snprintf (map, sizeof map, "%u %u 1\n", (unsigned) uid, (unsigned) uid);
  write_file ("/proc/self/uid_map", map);
  g_snprintf (map, sizeof map, "%u %u 1\n", (unsigned) gid, (unsigned) gid);
  write_file ("/proc/self/setgroups", "deny");
  write_file ("/proc/self/gid_map", map);
}

/* Landlock's rights newer than Debian 12's headers */
#define LL_FS_REFER (1ULL << 13)
#define LL_FS_TRUNCATE (1ULL << 14)
#define LL_NET_BIND_TCP (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)

/* A Landlock ruleset refusing everywhere, but beneath the paths
 * `writable` lists (NULL: nowhere; a file: writing it only), every file
 * system right but reading (and, with `exec`, but running programs too),
 * and TCP (ABI 4); with `scoped`, signals and abstract unix sockets to
 * outside it (ABI 6). *abi is the kernel's. -1 where the kernel has no
 * Landlock. */
static int
landlock_ruleset (const char *const *writable, gboolean exec, gboolean scoped, int *abi)
{
  *abi = 0;
#ifdef SYS_landlock_create_ruleset
  long v = syscall (SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (v < 1)
    return -1;
  *abi = (int) v;
  struct {
    guint64 fs, net, scoped;
  } attr = { 0, 0, 0 };
  guint64 writing = LANDLOCK_ACCESS_FS_WRITE_FILE
                    | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE
                    | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR
                    | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK
                    | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK
                    | LANDLOCK_ACCESS_FS_MAKE_SYM;
  if (v >= 2)
    writing |= LL_FS_REFER;
  if (v >= 3)
    writing |= LL_FS_TRUNCATE;
  attr.fs = writing | (exec ? 0 : LANDLOCK_ACCESS_FS_EXECUTE);
  gsize size = sizeof attr.fs;
  if (v >= 4) {
    attr.net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
    size = 2 * sizeof (guint64);
  }
  if (v >= 6 && scoped) {
    attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
    size = sizeof attr;
  }
  long fd = syscall (SYS_landlock_create_ruleset, &attr, size, 0);
  if (fd < 0)
    return -1;
  for (gsize i = 0; writable && writable[i]; i++) {
    struct stat st;
    int dir = open (writable[i], O_PATH | O_CLOEXEC);
    if (dir < 0 || fstat (dir, &st) != 0) {
      if (dir >= 0)
        close (dir);
      continue; /* (a /dev/shm the system has not) */
    }
    /* a file (/dev/null): only writing it */
    guint64 file_rights = LANDLOCK_ACCESS_FS_WRITE_FILE | (v >= 3 ? LL_FS_TRUNCATE : 0);
    struct landlock_path_beneath_attr beneath = {
      .allowed_access = S_ISDIR (st.st_mode) ? writing : file_rights, .parent_fd = dir };
    gboolean ok = syscall (SYS_landlock_add_rule, (int) fd, LANDLOCK_RULE_PATH_BENEATH,
                           &beneath, 0) == 0;
    close (dir);
    if (!ok) {
      close ((int) fd);
      return -1;
    }
  }
  return (int) fd;
#else
  return -1;
#endif
}

int
confine_landlock_ruleset (const char *const *writable)
{
  int abi;
  return landlock_ruleset (writable, TRUE, FALSE, &abi);
}

gboolean
confine_landlock_apply (int ruleset)
{
#ifdef SYS_landlock_restrict_self
  return ruleset >= 0 && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
         && syscall (SYS_landlock_restrict_self, ruleset, 0) == 0;
#else
  return FALSE;
#endif
}

/* The worker's Landlock domain: no rule, so every right it handles is
 * refused everywhere (reading is not handled: the worker reads its
 * libraries' files where they are). */
static void
enter_landlock (void)
{
  int abi;
  int fd = landlock_ruleset (NULL, FALSE, TRUE, &abi);
  if (fd < 0)
    return;
  if (confine_landlock_apply (fd))
    walls.landlock = abi;
  close (fd);
}

char *
confine_walls (void)
{
  g_autofree char *landlock = walls.landlock ? g_strdup_printf ("ABI %d", walls.landlock)
                                             : g_strdup ("none");
  return g_strdup_printf ("namespaces %s; landlock %s",
                          !walls.namespaces ? "none"
                          : walls.user_ns   ? "net, ipc (in a user namespace)"
                                            : "net, ipc",
                          landlock);
}

static void
hard_limits (void)
{
  struct rlimit none = { 0, 0 };
  setrlimit (RLIMIT_CORE, &none);
  setrlimit (RLIMIT_FSIZE, &none);
  struct rlimit files;
  if (getrlimit (RLIMIT_NOFILE, &files) == 0) {
    rlim_t cap = 1024;
    if (files.rlim_max == RLIM_INFINITY || files.rlim_max > cap)
      files.rlim_max = cap;
    if (files.rlim_cur > files.rlim_max)
      files.rlim_cur = files.rlim_max;
    setrlimit (RLIMIT_NOFILE, &files);
  }
}

#ifdef HAVE_SECCOMP
/* The calls reading needs, whatever their arguments */
static const int allowed[] = {
  /* the request channel, the answer, files opened for reading */
  SCMP_SYS (read), SCMP_SYS (readv), SCMP_SYS (pread64), SCMP_SYS (preadv),
  SCMP_SYS (preadv2), SCMP_SYS (write), SCMP_SYS (writev), SCMP_SYS (sendto),
  SCMP_SYS (sendmsg), SCMP_SYS (recvfrom), SCMP_SYS (recvmsg), SCMP_SYS (close),
  SCMP_SYS (close_range), SCMP_SYS (lseek), SCMP_SYS (fstat), SCMP_SYS (newfstatat),
  SCMP_SYS (stat), SCMP_SYS (lstat), SCMP_SYS (statx), SCMP_SYS (fstatfs), SCMP_SYS (statfs),
  SCMP_SYS (fcntl), SCMP_SYS (dup), SCMP_SYS (dup2), SCMP_SYS (dup3), SCMP_SYS (readlink),
  SCMP_SYS (readlinkat), SCMP_SYS (getdents64), SCMP_SYS (getcwd), SCMP_SYS (access),
  SCMP_SYS (faccessat), SCMP_SYS (faccessat2), SCMP_SYS (fadvise64),
  /* memory */
  SCMP_SYS (mmap), SCMP_SYS (munmap), SCMP_SYS (mremap), SCMP_SYS (mprotect),
  SCMP_SYS (madvise), SCMP_SYS (brk), SCMP_SYS (mincore),
  /* time */
  SCMP_SYS (clock_gettime), SCMP_SYS (clock_getres), SCMP_SYS (gettimeofday),
  SCMP_SYS (time), SCMP_SYS (nanosleep), SCMP_SYS (clock_nanosleep),
  /* itself */
  SCMP_SYS (getpid), SCMP_SYS (gettid), SCMP_SYS (getppid), SCMP_SYS (getuid),
  SCMP_SYS (geteuid), SCMP_SYS (getgid), SCMP_SYS (getegid), SCMP_SYS (getresuid),
  SCMP_SYS (getresgid), SCMP_SYS (getgroups), SCMP_SYS (getrusage), SCMP_SYS (getrlimit),
  SCMP_SYS (setrlimit), SCMP_SYS (times), SCMP_SYS (uname), SCMP_SYS (sysinfo),
  SCMP_SYS (sched_getaffinity), SCMP_SYS (sched_yield), SCMP_SYS (getrandom),
  SCMP_SYS (rseq), SCMP_SYS (set_robust_list), SCMP_SYS (get_robust_list),
  SCMP_SYS (set_tid_address), SCMP_SYS (futex), SCMP_SYS (arch_prctl), SCMP_SYS (umask),
  /* signals, its own */
  SCMP_SYS (rt_sigaction), SCMP_SYS (rt_sigprocmask), SCMP_SYS (rt_sigreturn),
  SCMP_SYS (sigaltstack), SCMP_SYS (rt_sigtimedwait), SCMP_SYS (restart_syscall),
  /* waiting on its descriptors (GLib's main loop, wake-ups) */
  SCMP_SYS (poll), SCMP_SYS (ppoll), SCMP_SYS (select), SCMP_SYS (pselect6),
  SCMP_SYS (epoll_create1), SCMP_SYS (epoll_ctl), SCMP_SYS (epoll_wait),
  SCMP_SYS (epoll_pwait), SCMP_SYS (eventfd2), SCMP_SYS (pipe), SCMP_SYS (pipe2),
  SCMP_SYS (exit), SCMP_SYS (exit_group),
};

/* With LeakSanitizer, whose stop-the-world (a task it clones, ptrace,
 * spin locks) deadlocks under the allowlist in workers exec'd by a
 * daemon: everything allowed but these (the walls before the allowlist) */
static const int leak_checker_denied[] = {
  SCMP_SYS (socket), SCMP_SYS (connect), SCMP_SYS (bind), SCMP_SYS (listen),
  SCMP_SYS (accept), SCMP_SYS (accept4), SCMP_SYS (execve), SCMP_SYS (execveat),
  SCMP_SYS (fork), SCMP_SYS (vfork), SCMP_SYS (creat), SCMP_SYS (unlink), SCMP_SYS (unlinkat),
  SCMP_SYS (rename), SCMP_SYS (renameat), SCMP_SYS (renameat2), SCMP_SYS (mkdir),
  SCMP_SYS (mkdirat), SCMP_SYS (rmdir), SCMP_SYS (link), SCMP_SYS (linkat), SCMP_SYS (symlink),
  SCMP_SYS (symlinkat), SCMP_SYS (chmod), SCMP_SYS (fchmod), SCMP_SYS (fchmodat),
  SCMP_SYS (chown), SCMP_SYS (fchown), SCMP_SYS (fchownat), SCMP_SYS (lchown),
  SCMP_SYS (truncate), SCMP_SYS (mknod), SCMP_SYS (mknodat),
  SCMP_SYS (mount), SCMP_SYS (umount2), SCMP_SYS (chroot), SCMP_SYS (pivot_root),
  SCMP_SYS (setuid), SCMP_SYS (setgid), SCMP_SYS (kexec_load), SCMP_SYS (init_module),
  SCMP_SYS (finit_module), SCMP_SYS (bpf), SCMP_SYS (process_vm_writev),
  SCMP_SYS (io_uring_setup), SCMP_SYS (io_uring_enter), SCMP_SYS (io_uring_register),
  SCMP_SYS (openat2), SCMP_SYS (pidfd_open), SCMP_SYS (pidfd_getfd),
  SCMP_SYS (setxattr), SCMP_SYS (lsetxattr), SCMP_SYS (fsetxattr), SCMP_SYS (utimensat),
  SCMP_SYS (futimesat), SCMP_SYS (utimes), SCMP_SYS (utime),
};

static gboolean
leak_checker_filter (void)
{
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  if (!ctx)
    return FALSE;
  gboolean ok = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (leak_checker_denied); i++)
    ok &= seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), leak_checker_denied[i], 0) == 0;
  static const scmp_datum_t writing[] = { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND };
  for (gsize i = 0; i < G_N_ELEMENTS (writing); i++) {
    ok &= seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (open), 1,
                            SCMP_A1 (SCMP_CMP_MASKED_EQ, writing[i], writing[i])) == 0;
    ok &= seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (openat), 1,
                            SCMP_A2 (SCMP_CMP_MASKED_EQ, writing[i], writing[i])) == 0;
  }
  ok &= seccomp_load (ctx) == 0;
  seccomp_release (ctx);
  return ok;
}

static gboolean
install_filter (void)
{
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ERRNO (EPERM));
  if (!ctx)
    return FALSE;
  gboolean ok = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (allowed); i++)
    ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, allowed[i], 0) == 0;
  /* files opened for reading only: no write access, no creating, no
   * truncating (openat2 is refused: its flags sit in memory a filter
   * cannot read) */
  const scmp_datum_t writing = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (open), 1,
                          SCMP_A1 (SCMP_CMP_MASKED_EQ, writing, 0)) == 0;
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (openat), 1,
                          SCMP_A2 (SCMP_CMP_MASKED_EQ, writing, 0)) == 0;
  /* its own limits (glibc's getrlimit and setrlimit are prlimit64 on
   * pid 0); raising a hard one needs a capability it no longer has */
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (prlimit64), 1,
                          SCMP_A0 (SCMP_CMP_EQ, 0, 0)) == 0;
  /* the terminal's and sockets' harmless questions, no TIOCSTI */
  static const unsigned long requests[] = { TCGETS, FIONREAD, FIONBIO, FIOCLEX, FIONCLEX };
  for (gsize i = 0; i < G_N_ELEMENTS (requests); i++)
    ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (ioctl), 1,
                            SCMP_A1 (SCMP_CMP_EQ, (scmp_datum_t) requests[i], 0)) == 0;
  /* signals to itself only (abort, a thread's own) */
  scmp_datum_t self = (scmp_datum_t) getpid ();
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (kill), 1,
                          SCMP_A0 (SCMP_CMP_EQ, self, 0)) == 0;
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (tgkill), 1,
                          SCMP_A0 (SCMP_CMP_EQ, self, 0)) == 0;
  /* threads, not processes */
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (clone), 1,
                          SCMP_A0 (SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD)) == 0;
  /* naming a thread, asking whether it may dump */
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (prctl), 1,
                          SCMP_A0 (SCMP_CMP_EQ, PR_SET_NAME, 0)) == 0;
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (prctl), 1,
                          SCMP_A0 (SCMP_CMP_EQ, PR_GET_NAME, 0)) == 0;
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (prctl), 1,
                          SCMP_A0 (SCMP_CMP_EQ, PR_GET_DUMPABLE, 0)) == 0;
  /* clone3's flags cannot be inspected: glibc falls back to clone when it
   * is refused with ENOSYS */
  ok &= seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (clone3), 0) == 0;
  ok &= seccomp_load (ctx) == 0;
  seccomp_release (ctx);
  return ok;
}
#endif

gboolean
confine_worker (void)
{
  hard_limits ();
  gboolean lsan = leak_checker ();
  if (!lsan) {
    enter_namespaces ();
    enter_landlock ();
    drop_capabilities ();
  }
#ifdef HAVE_SECCOMP
  if (g_getenv ("PMARK_NO_SECCOMP"))
    return TRUE;
  if (!(lsan ? leak_checker_filter () : install_filter ())) {
    g_printerr ("pmark worker: the seccomp filter was not installed\n");
    return FALSE;
  }
#endif
  return TRUE;
}

#ifdef PMARK_FAULT_INJECTION
/* One attempt's answer: "allowed", or why it failed */
static void
said (GString *s, const char *what, long r)
{
  g_string_append_printf (s, "%s: %s\n", what, r >= 0 ? "allowed" : g_strerror (errno));
}

void
confine_probe (GString *s)
{
  /* exec, tried in a child where there may be one (the process itself
   * would be replaced if it worked) */
  char *const argv[] = { (char *) "/bin/true", NULL };
  pid_t pid = fork ();
  if (pid == 0) {
    execv (argv[0], argv);
    _exit (errno & 0x7f);
  }
  g_string_append_printf (s, "fork: %s\n", pid < 0 ? g_strerror (errno) : "allowed");
  if (pid > 0) {
    int status = 0;
    waitpid (pid, &status, 0);
    g_string_append_printf (s, "exec: %s\n",
                            WIFEXITED (status) && WEXITSTATUS (status) == 0
                              ? "allowed" : g_strerror (WEXITSTATUS (status)));
  } else {
    execv (argv[0], argv);
    g_string_append_printf (s, "exec: %s\n", g_strerror (errno));
  }
  /* a file it may read (PMARK_FAULT_VICTIM): changed through the
   * descriptor, or truncated by openat2 */
  const char *victim = g_getenv ("PMARK_FAULT_VICTIM");
  int vfd = victim ? open (victim, O_RDONLY | O_CLOEXEC) : -1;
  if (vfd >= 0) {
    said (s, "fchmod", fchmod (vfd, 0777));
    said (s, "fchown", fchown (vfd, 1, 1));
    said (s, "fsetxattr", fsetxattr (vfd, "user.pmark-probe", "x", 1, 0));
    struct timespec times[2] = { { 0, 0 }, { 0, 0 } };
    said (s, "futimens", futimens (vfd, times));
    close (vfd);
    struct { guint64 flags, mode, resolve; } how = { O_RDONLY | O_TRUNC, 0, 0 };
    long r = syscall (SYS_openat2, AT_FDCWD, victim, &how, sizeof how);
    said (s, "openat2", r);
    if (r >= 0)
      close ((int) r);
  }
  guint32 params[30] = { 0 };
  long ring = syscall (SYS_io_uring_setup, 1, params);
  said (s, "io_uring_setup", ring);
  if (ring >= 0)
    close ((int) ring);
  pid_t parent = getppid ();
  long pidfd = syscall (SYS_pidfd_open, parent, 0);
  said (s, "pidfd_open", pidfd);
  if (pidfd >= 0)
    close ((int) pidfd);
  said (s, "kill parent", kill (parent, 0));
  char mem[64];
  g_snprintf (mem, sizeof mem, "/proc/%d/mem", (int) parent);
  int mfd = open (mem, O_RDONLY | O_CLOEXEC);
  said (s, "parent's memory", mfd);
  if (mfd >= 0)
    close (mfd);
  char byte;
  struct iovec local = { &byte, 1 }, remote = { (void *) (gsize) 0x400000, 1 };
  long vr = process_vm_readv (parent, &local, 1, &remote, 1, 0);
  /* an unmapped address (EFAULT) still means the call was let through */
  g_string_append_printf (s, "process_vm_readv: %s\n",
                          vr >= 0 || errno == EFAULT ? "allowed" : g_strerror (errno));
  /* seized, not stopped: nothing halts whatever process is the parent */
  said (s, "ptrace parent", ptrace (PTRACE_SEIZE, parent, NULL, NULL));
  /* a TCP listener on 127.0.0.1 (PMARK_FAULT_PORT), the test's */
  const char *port = g_getenv ("PMARK_FAULT_PORT");
  int sock = port ? socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0) : -1;
  if (sock >= 0) {
    struct sockaddr_in to = { .sin_family = AF_INET,
                              .sin_port = htons ((guint16) atoi (port)),
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    said (s, "connect", connect (sock, (struct sockaddr *) &to, sizeof to));
    close (sock);
  } else {
    g_string_append_printf (s, "connect: %s\n", port ? g_strerror (errno) : "no port");
  }
  char ns[64] = "";
  gssize n = readlink ("/proc/self/ns/net", ns, sizeof ns - 1);
  g_string_append_printf (s, "network namespace: %s\n", n > 0 ? ns : g_strerror (errno));
  g_autofree char *w = confine_walls ();
  g_string_append_printf (s, "walls: %s\n", w);
  g_autofree char *status = NULL;
  const char *eff = NULL;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    eff = strstr (status, "\nCapEff:");
  g_string_append_printf (s, "capabilities: %s\n",
                          !eff ? "unknown"
                          : g_ascii_strtoull (eff + 9, NULL, 16) == 0 ? "none" : "held");
}
#endif
