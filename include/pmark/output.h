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

G_BEGIN_DECLS

typedef struct _PmarkOutput PmarkOutput;

/* `mode` for a new file (0600 for keys); an existing target keeps
 * nothing of its own: it is replaced. */
PmarkOutput *pmark_output_new (const char *path, int mode, GError **error);
GOutputStream *pmark_output_stream (PmarkOutput *out);
gboolean pmark_output_is_stdout (const PmarkOutput *out);
/* A path by which the temporary can be opened, for writers that need
 * one (qpdf) and for reading it back: its name, or /proc/self/fd/N when
 * it has none. NULL for standard output. */
const char *pmark_output_temp_path (const PmarkOutput *out);
/* The temporary's descriptor (open for reading and writing), or standard
 * output's; owned by `out`. */
int pmark_output_fd (const PmarkOutput *out);
/* Commit will refuse to replace a target that exists by then (a file
 * created while pmark wrote): for new outputs. */
void pmark_output_set_no_replace (PmarkOutput *out, gboolean no_replace);
/* fsync the temporary (a full disk is reported here), without
 * putting it in place yet: for callers that log before they commit. */
gboolean pmark_output_prepare (PmarkOutput *out, GError **error);
/* Empties the temporary (not standard output) to be written again from
 * the start, as if new: for a second pass over the same output. */
gboolean pmark_output_rewind (PmarkOutput *out, GError **error);
/* fsync (unless prepared), rename, fsync the directory; frees `out`
 * whatever happens. */
gboolean pmark_output_commit (PmarkOutput *out, GError **error);
/* Removes the temporary; frees `out`. NULL is allowed. */
void pmark_output_abort (PmarkOutput *out);

/* For programs, from the thread that writes outputs (main): on SIGINT,
 * SIGTERM and SIGHUP, remove every temporary pmark is writing (marked
 * copies of sensitive documents), then die of the signal. A command that handles those signals itself (audit stops
 * cleanly) installs its own handlers after this. */
void pmark_output_cleanup_on_signals (void);
/* A private directory of temporaries (LibreOffice's conversion), and the
 * child writing into it (0 for none yet), the leader of its own process
 * group: on those signals the group is killed and the directory removed
 * with all it holds. */
void pmark_output_track_dir (const char *dir, GPid child);
void pmark_output_untrack_dir (const char *dir);
/* Removes a directory and everything in it (symbolic links are removed,
 * never followed). */
void pmark_output_remove_tree (const char *path);
/* Appends `object` as one JSON line to the log at `path` (created 0600,
 * its directory 0700), and syncs it: an audit record is on disk before
 * the action it records is reported done. */
gboolean pmark_log_append (const char *path, JsonNode *object, GError **error);

G_END_DECLS
