/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Writing a file whole or not at all: a temporary beside the target,
 * fsynced and put in place on commit, removed on abort. Where the file
 * system allows, the temporary has no name until commit (O_TMPFILE, then
 * linkat): a process killed by anything, SIGKILL included, leaves nothing
 * behind; elsewhere it is `.NAME.pmark-XXXXXX`, removed on SIGINT, SIGTERM
 * and SIGHUP (pmark_output_cleanup_on_signals). "-" is standard output,
 * written as it comes. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

G_BEGIN_DECLS

typedef struct _PmarkOutput PmarkOutput;

/**
 * pmark_output_new:
 * @path: the target, or "-" for standard output
 * @mode: the permissions of a new file (0600 for keys); an existing target
 *    keeps nothing of its own: it is replaced
 * @error: where to put why the temporary could not be made, or %NULL
 *
 * Starts writing @path whole or not at all: a temporary beside the target,
 * fsynced and put in place by pmark_output_commit(), removed by
 * pmark_output_abort(). Where the file system allows, the temporary has no
 * name until commit (O_TMPFILE, then linkat), so that a process killed by
 * anything leaves nothing behind; elsewhere it is ".NAME.pmark-XXXXXX",
 * removed on SIGINT, SIGTERM and SIGHUP (pmark_output_cleanup_on_signals()).
 * Standard output is written as it comes.
 *
 * Returns: (transfer full): the output, or %NULL with @error set
 */
PmarkOutput *pmark_output_new (const char *path, int mode, GError **error);
/**
 * pmark_output_stream:
 * @out: an output
 *
 * A stream writing to the temporary (or standard output).
 *
 * Returns: (transfer none): the stream, owned by @out
 */
GOutputStream *pmark_output_stream (PmarkOutput *out);
/**
 * pmark_output_is_stdout:
 * @out: an output
 *
 * Whether @out is standard output ("-").
 *
 * Returns: %TRUE for standard output
 */
gboolean pmark_output_is_stdout (const PmarkOutput *out);
/**
 * pmark_output_temp_path:
 * @out: an output
 *
 * A path by which the temporary can be opened, for writers that need one
 * (qpdf) and for reading it back: its name, or /proc/self/fd/N when it has
 * none.
 *
 * Returns: (nullable): the path, owned by @out; %NULL for standard output
 */
const char *pmark_output_temp_path (const PmarkOutput *out);
/**
 * pmark_output_fd:
 * @out: an output
 *
 * The temporary's descriptor (open for reading and writing), or standard
 * output's.
 *
 * Returns: the descriptor, owned by @out
 */
int pmark_output_fd (const PmarkOutput *out);
/**
 * pmark_output_set_no_replace:
 * @out: an output
 * @no_replace: whether commit refuses to replace a target that exists by
 *    then
 *
 * For new outputs: a file created at the target while pmark wrote is not
 * replaced.
 */
void pmark_output_set_no_replace (PmarkOutput *out, gboolean no_replace);
/**
 * pmark_output_prepare:
 * @out: an output
 * @error: where to put an error, or %NULL
 *
 * Syncs the temporary (a full disk is reported here) without putting it in
 * place yet: for callers that log before they commit.
 *
 * Returns: %FALSE with @error set when it could not be synced
 */
gboolean pmark_output_prepare (PmarkOutput *out, GError **error);
/**
 * pmark_output_rewind:
 * @out: an output (not standard output)
 * @error: where to put an error, or %NULL
 *
 * Empties the temporary, to be written again from the start as if new: for a
 * second pass over the same output.
 *
 * Returns: %FALSE with @error set on an I/O error
 */
gboolean pmark_output_rewind (PmarkOutput *out, GError **error);
/**
 * pmark_output_commit:
 * @out: (transfer full): an output
 * @error: where to put an error, or %NULL
 *
 * Syncs the temporary (unless prepared), puts it in place and syncs the
 * directory; frees @out whatever happens.
 *
 * Returns: %TRUE when the target is in place
 */
gboolean pmark_output_commit (PmarkOutput *out, GError **error);
/**
 * pmark_output_exchange:
 * @out: an output whose target exists (not standard output)
 * @before: (nullable): the target as it was read (lstat): it is replaced only
 *    if it is still that file, unchanged (inode, size, modification time)
 * @error: where to put an error, or %NULL
 *
 * Replaces a file in place as a compare-and-swap: the output gets the
 * target's owner, group, mode and extended attributes (ACLs among them),
 * then the two are exchanged atomically (renameat2 RENAME_EXCHANGE); if
 * the file that came out is not @before unchanged (an edit or a save by
 * rename landed while pmark worked), they are exchanged back and nothing
 * is lost. The old file then waits under a temporary name for
 * pmark_output_finish() (a log written in between) or
 * pmark_output_undo(). Where the file system cannot exchange, the check
 * is made just before an ordinary rename. SIGINT, SIGTERM and SIGHUP are
 * held for the calling thread from here until pmark_output_finish() or
 * pmark_output_undo() (or the failure): the exchange, what the caller
 * writes in between and the old file's removal are one step for them.
 *
 * Returns: %FALSE with @error set (and @out freed) when it was not
 *   replaced
 */
gboolean pmark_output_exchange (PmarkOutput *out, const struct stat *before, GError **error);
/**
 * pmark_output_finish:
 * @out: (transfer full): an output pmark_output_exchange() put in place
 *
 * Removes the old file and syncs the directory; frees @out.
 */
void pmark_output_finish (PmarkOutput *out);
/**
 * pmark_output_undo:
 * @out: (transfer full): an output pmark_output_exchange() put in place
 *
 * Puts the old file back (exchanging again) and removes the output;
 * frees @out.
 */
void pmark_output_undo (PmarkOutput *out);
/**
 * pmark_output_abort:
 * @out: (transfer full) (nullable): an output
 *
 * Removes the temporary and frees @out.
 */
void pmark_output_abort (PmarkOutput *out);

/**
 * pmark_output_cleanup_on_signals:
 *
 * For programs, from the thread that writes outputs (main): on SIGINT,
 * SIGTERM and SIGHUP, removes every temporary pmark is writing (marked
 * copies of sensitive documents), then dies of the signal. A command that
 * handles those signals itself installs its own handlers after this.
 */
void pmark_output_cleanup_on_signals (void);
/**
 * pmark_output_track_dir:
 * @dir: a private directory of temporaries (LibreOffice's conversion)
 * @child: the process writing into it, the leader of its own process group,
 *    or 0 for none yet
 *
 * On the signals pmark_output_cleanup_on_signals() handles, the group of
 * @child is killed and @dir removed with all it holds.
 */
void pmark_output_track_dir (const char *dir, GPid child);
/**
 * pmark_output_untrack_dir:
 * @dir: a directory given to pmark_output_track_dir()
 *
 * Stops tracking @dir (its owner removes it).
 */
void pmark_output_untrack_dir (const char *dir);
/**
 * pmark_output_remove_tree:
 * @path: a directory
 *
 * Removes a directory and everything in it; symbolic links are removed,
 * never followed.
 */
void pmark_output_remove_tree (const char *path);
/**
 * pmark_log_append:
 * @path: the log (created 0600, its directory 0700)
 * @object: the record
 * @error: where to put an error, or %NULL
 *
 * Appends @object as one JSON line to the log and syncs it: an audit record
 * is on disk before the action it records is reported done.
 *
 * Returns: %FALSE with @error set when the record could not be written
 */
gboolean pmark_log_append (const char *path, JsonNode *object, GError **error);

G_END_DECLS
