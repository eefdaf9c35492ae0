/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reading documents in worker processes, so that a parser's crash or hang
 * costs one document, never the process that asked (pmark(1) SANDBOX). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * pmark_sandbox_enable:
 * @program: the program a worker runs, whose main calls pmark_worker_main()
 * @argument: (nullable): its one argument, or %NULL for none
 * @max_workers: the most workers at once; 0: the number of processors, at
 *    least two
 *
 * From now on every document is read (detected here, extracted there) by a
 * pool of worker processes. A worker that crashes, breaks the protocol, runs
 * past the budget's max-seconds (plus 5) or holds more than twice its
 * max-memory (plus 256 MB) is killed and replaced; the document gets
 * %PMARK_ERROR_READER_CRASHED or %PMARK_ERROR_READER_TIMEOUT naming it and
 * its format.
 *
 * Returns: %TRUE when the sandbox is on
 */
gboolean pmark_sandbox_enable (const char *program, const char *argument,
                               guint max_workers);
/**
 * pmark_sandbox_allow_fork:
 * @allow: whether workers may be forked
 *
 * A process that holds no secret (no key loaded: classify, extract, the mail
 * filter) may fork its workers while it has a single thread, which costs
 * about a millisecond where running @program costs tens; a process with
 * threads always runs the program. Off by default.
 */
void pmark_sandbox_allow_fork (gboolean allow);
/**
 * pmark_sandbox_prestart:
 * @paths: (array zero-terminated=1) (nullable): the files the caller is
 *    about to read, when known, or %NULL
 * @error: where to put why the worker could not be started, or %NULL
 *
 * Starts one worker now, idle in the pool, rather than when the first
 * document is read: its start (a fork, or running the program) then
 * overlaps the caller's own work before reading (loading a policy,
 * detecting the file's type). A forked worker also loads, while it waits,
 * what the readers of @paths will need (the PDF reader's module for a
 * ".pdf"): by their extensions, a guess that costs only the worker's time
 * when wrong and decides nothing. A one-shot command calls it early, while
 * it has one thread and little memory, so that a forked worker copies
 * little. Does nothing when the sandbox is off or the pool is full.
 *
 * Returns: %FALSE with @error set when a worker could not be started
 */
gboolean pmark_sandbox_prestart (const char *const *paths, GError **error);
/**
 * pmark_sandbox_set_deadline:
 * @deadline: the g_get_monotonic_time() by which the calling thread's
 *    reading must be done, or 0 for none
 *
 * From now on, the documents this thread reads in workers must be read by
 * @deadline, whatever their budget allows: a wait for a free worker ends
 * then, and a worker still reading then is stopped; either is
 * %PMARK_ERROR_READER_TIMEOUT for that document. A daemon whose client
 * waits a bounded time (the milter: the MTA's timeout) sets it for each
 * request, so that it answers in time, and clears it after.
 */
void pmark_sandbox_set_deadline (gint64 deadline);
/**
 * pmark_sandbox_disable:
 *
 * Reads documents in this process again; idle workers are stopped.
 */
void pmark_sandbox_disable (void);
/**
 * pmark_sandbox_enabled:
 *
 * Whether documents are read in worker processes.
 *
 * Returns: %TRUE when the sandbox is on
 */
gboolean pmark_sandbox_enabled (void);

/**
 * pmark_worker_main:
 *
 * A worker's main loop on standard input and output: confines itself (no
 * core files or file writes; a seccomp filter: no network, exec, new
 * processes, ptrace, or files opened for writing, created, removed or
 * renamed), then reads documents until its input ends.
 *
 * Returns: the exit status
 */
int pmark_worker_main (void);

G_END_DECLS
