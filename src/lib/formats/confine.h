/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The sandbox's walls (confine.c): what a worker may do, and the parent's
 * guard against its workers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In a worker, before it reads anything: network and IPC namespaces of
 * its own, Landlock, every capability dropped, hard limits, the
 * system-call allowlist. FALSE when the filter could not be
 * installed (said on standard error). */
gboolean confine_worker (void);

/* In a process that starts workers: not dumpable (no /proc/PID/mem, no
 * ptrace by another process of its user). Not in sanitizer builds. */
void confine_parent (void);
/* The walls this worker got besides the filter, in words ("namespaces
 * net, ipc; landlock ABI 7"): for the probe and the tests. */
char *confine_walls (void);

/* unshare (flags), or where that needs a privilege this process lacks,
 * the same inside a user namespace of its own: 0 neither, 1 directly, 2
 * in a user namespace (its ids unmapped until written). Async-signal-safe:
 * for a child between fork and exec too. */
int confine_unshare (int flags);
/* For a program pmark runs (LibreOffice): a Landlock ruleset under which
 * no file may be written, made, removed, renamed or truncated but beneath
 * the paths `writable` lists (its private directory; a file such as
 * /dev/null: written only), and no TCP; -1 where the kernel has no
 * Landlock. Made in the parent; confine_landlock_apply() in the child
 * between fork and exec (async-signal-safe: two system calls). */
int confine_landlock_ruleset (const char *const *writable);
gboolean confine_landlock_apply (int ruleset);

#ifdef PMARK_FAULT_INJECTION
/* The fault-injection build's probe (PMARK-FAULT-ESCAPE in a document):
 * what the sandbox forbids, tried, one line each into `s` */
void confine_probe (GString *s);
#endif

G_END_DECLS
