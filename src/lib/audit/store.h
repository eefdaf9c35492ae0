/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The results store, behind a small interface: SQLite for one machine,
 * PostgreSQL for several audit nodes sharing one store and one work
 * queue. One writer per store handle: the audit's main thread. */
#pragma once

#include <pmark/audit.h>

G_BEGIN_DECLS

typedef struct _AuditStore AuditStore;
typedef struct _AuditStoreBackend AuditStoreBackend;

/* What a stored file looked like: an unchanged file is not read again. */
typedef struct {
  gint64 size, mtime_ns, inode;
  gint64 seen;   /* the run that last recorded or saw it */
  gboolean errored; /* recorded as an error (unread, its reader failed) */
} AuditStat;

/* A directory to walk: a work item. `dir` is the stored (logical) path:
 * under a named root "NAME:/sub/dir", otherwise the absolute path. */
typedef struct {
  gint64 id;     /* shared queue: its row; local: 0 */
  guint root;    /* index into the run's roots */
  char *dir;
} AuditItem;

/* What a node asks of a run. */
typedef struct {
  const char *policy;
  const char *policy_version; /* pmark_policy_get_version() */
  const char *roots;       /* the roots' names, one per line: the run's identity */
  const char *node;        /* this node's name */
  guint lease_seconds;     /* a node silent this long loses its items */
} AuditRunSpec;

typedef enum {
  AUDIT_CLAIM_GOT,         /* an item to walk */
  AUDIT_CLAIM_WAIT,        /* none free now; other nodes hold some */
  AUDIT_CLAIM_DONE,        /* every item of the run is done */
} AuditClaim;

struct _AuditStoreBackend {
  const char *name;
  AuditStore *(*open) (const char *location, GError **error);
  void (*close) (AuditStore *s);
  /* a new run; its id marks the rows it sees. A shared store joins the
   * unfinished run of the same roots and policy (*joined) instead, and
   * registers the node (its heartbeat runs until close). */
  gboolean (*begin_run) (AuditStore *s, const AuditRunSpec *spec, gint64 *run,
                         gboolean *joined, GError **error);
  /* the run is finished: files under `roots` (stored paths) it did not see
   * are gone and removed. A shared store finishes the run once, on the
   * node that sees it complete; the others return with nothing done. */
  gboolean (*end_run) (AuditStore *s, gint64 run, const char *const *roots,
                       guint64 *removed, GError **error);
  /* the stored files directly in directory `dir` (one range query per
   * directory, not one per file): name -> AuditStat* */
  gboolean (*list_dir) (AuditStore *s, const char *dir, GHashTable *out,
                        GError **error);
  /* record a file: not again if this run recorded it already (a shared
   * store re-walks the directory of a node that died) */
  gboolean (*put) (AuditStore *s, gint64 run, const PmarkAuditRecord *r,
                   GError **error);
  /* this run saw the path unchanged */
  gboolean (*seen) (AuditStore *s, const char *path, GError **error);
  /* transactions: rows are committed in batches, so a kill loses at most
   * the batch in flight and never leaves half a row */
  gboolean (*begin) (AuditStore *s, GError **error);
  gboolean (*commit) (AuditStore *s, GError **error);
  /* every row, in path order */
  gboolean (*each) (AuditStore *s, gboolean (*fn) (const PmarkAuditRecord *r,
                                                   gpointer data, GError **error),
                    gpointer data, GError **error);

  /* A shared work queue (NULL where one process walks alone, with its
   * queue in memory). Claims are committed at once; add_dir and dir_done
   * go with the current transaction, so a directory is done only once
   * its rows are committed. */
  gboolean (*claim) (AuditStore *s, gint64 run, AuditItem *item, AuditClaim *got,
                     GError **error);
  gboolean (*add_dir) (AuditStore *s, gint64 run, guint root, const char *dir,
                       GError **error);
  gboolean (*dir_done) (AuditStore *s, gint64 item, GError **error);
  /* a node stopping before the end gives back the items it holds */
  gboolean (*leave_run) (AuditStore *s, gint64 run, GError **error);

  /* Simulation: a separate result set, the stored files classified again
   * under another policy. */
  gboolean (*sim_begin) (AuditStore *s, const char *policy, gint64 *sim, GError **error);
  gboolean (*sim_put) (AuditStore *s, gint64 sim, const PmarkAuditRecord *r,
                       GError **error);
  gboolean (*sim_end) (AuditStore *s, gint64 sim, GError **error);
  /* the files whose level or finding differ between the store and
   * simulation `sim` (0: the latest), in path order */
  gboolean (*compare) (AuditStore *s, gint64 sim,
                       gboolean (*fn) (const PmarkAuditRecord *before,
                                       const PmarkAuditRecord *after,
                                       gpointer data, GError **error),
                       gpointer data, char **sim_policy, GError **error);
  /* runs, nodes and work left, in words */
  gboolean (*status) (AuditStore *s, GString *out, GError **error);
};

extern const AuditStoreBackend audit_store_sqlite;
/* store-pg.c, the module "store-pg" (store.c loads it) */
extern const AuditStoreBackend audit_store_pg;

/* What every backend's store starts with. */
struct _AuditStore {
  const AuditStoreBackend *backend;
  char *location;   /* as given, for messages: never with a password */
};

/* The store at `location`, by the backend its form names: a file path is
 * SQLite (created unless `must_exist`); "postgresql://..." or
 * "postgres://..." (or a libpq "key=value" string) is PostgreSQL. */
AuditStore *audit_store_open (const char *location, gboolean must_exist,
                              GError **error);

/* "a=b" -> the location as written, the password removed, for messages */
char *audit_store_safe_location (const char *location);

G_END_DECLS
