/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The results store, behind a small interface so that another backend
 * (PostgreSQL, for several auditors sharing one store) can follow the
 * SQLite one. One writer: the audit's main thread. */
#pragma once

#include <pmark/audit.h>

G_BEGIN_DECLS

typedef struct _AuditStore AuditStore;
typedef struct _AuditStoreBackend AuditStoreBackend;

struct _AuditStoreBackend {
  const char *name;
  AuditStore *(*open) (const char *location, GError **error);
  void (*close) (AuditStore *s);
  /* a new run; its id marks the rows it sees */
  gboolean (*begin_run) (AuditStore *s, const char *policy, const char *roots,
                         gint64 *run, GError **error);
  gboolean (*end_run) (AuditStore *s, gint64 run, GError **error);
  /* the stored files directly in directory `dir` (one range query per
   * directory, not one per file): name -> AuditStat* */
  gboolean (*list_dir) (AuditStore *s, const char *dir, GHashTable *out,
                        GError **error);
  gboolean (*put) (AuditStore *s, gint64 run, const PmarkAuditRecord *r,
                   GError **error);
  /* this run saw the path (kept in a temporary table, not written back) */
  gboolean (*seen) (AuditStore *s, const char *path, GError **error);
  /* rows under `root` this run did not see are files gone: removed */
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
};

typedef struct {
  gint64 size, mtime_ns, inode;
} AuditStat;

extern const AuditStoreBackend audit_store_sqlite;

/* What every backend's store starts with. */
struct _AuditStore {
  const AuditStoreBackend *backend;
};

/* The store at `location`, by the backend its form names: a file path is
 * SQLite (created unless `must_exist`); "postgresql://..." is refused with
 * a typed error until that backend exists. */
AuditStore *audit_store_open (const char *location, gboolean must_exist,
                              GError **error);

G_END_DECLS
