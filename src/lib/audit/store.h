/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The results store, behind a small interface so that another backend
 * (PostgreSQL, for several auditors sharing one store) can follow the
 * SQLite one. One writer: the audit's main thread. */
#pragma once

#include <pmark/audit.h>

G_BEGIN_DECLS

typedef struct _AuditStore AuditStore;

typedef struct {
  const char *name;
  AuditStore *(*open) (const char *location, GError **error);
  void (*close) (AuditStore *s);
  /* a new run; its id marks the rows it sees */
  gboolean (*begin_run) (AuditStore *s, const char *policy, const char *roots,
                         gint64 *run, GError **error);
  gboolean (*end_run) (AuditStore *s, gint64 run, GError **error);
  /* TRUE with *found when the path is stored: its size, mtime, inode and
   * hash */
  gboolean (*lookup) (AuditStore *s, const char *path, gboolean *found,
                      gint64 *size, gint64 *mtime_ns, gint64 *inode,
                      char **hash, GError **error);
  gboolean (*put) (AuditStore *s, gint64 run, const PmarkAuditRecord *r,
                   GError **error);
  gboolean (*touch) (AuditStore *s, gint64 run, const char *path, GError **error);
  /* rows under `root` not seen by `run` are files gone: removed */
  gboolean (*remove_unseen) (AuditStore *s, gint64 run, const char *root,
                             guint64 *removed, GError **error);
  /* transactions: rows are committed in batches, so a kill loses at most
   * the batch in flight and never leaves half a row */
  gboolean (*begin) (AuditStore *s, GError **error);
  gboolean (*commit) (AuditStore *s, GError **error);
  /* every row, in path order */
  gboolean (*each) (AuditStore *s, gboolean (*fn) (const PmarkAuditRecord *r,
                                                   gpointer data, GError **error),
                    gpointer data, GError **error);
} AuditStoreBackend;

extern const AuditStoreBackend audit_store_sqlite;

typedef struct _AuditStore {
  const AuditStoreBackend *backend;
} AuditStoreBase;

G_END_DECLS
