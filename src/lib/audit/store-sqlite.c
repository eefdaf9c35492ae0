/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The SQLite results store: WAL mode, the schema versioned by
 * PRAGMA user_version and brought up to date by the migrations below, in
 * order, each in its own transaction. The schema is documented in
 * pmark-audit(1). */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include <pmark/error.h>

#include "store.h"

/* migrations[i] takes the schema from version i to i + 1 */
static const char *const migrations[] = {
  "CREATE TABLE runs ("
  "  id INTEGER PRIMARY KEY,"
  "  started INTEGER NOT NULL,"
  "  finished INTEGER,"
  "  policy TEXT NOT NULL,"
  "  roots TEXT NOT NULL);"
  "CREATE TABLE files ("
  "  path TEXT PRIMARY KEY,"
  "  size INTEGER NOT NULL,"
  "  mtime_ns INTEGER NOT NULL,"
  "  inode INTEGER NOT NULL,"
  "  dev INTEGER NOT NULL,"
  "  hash TEXT,"
  "  type TEXT,"
  "  existing TEXT,"
  "  level TEXT,"
  "  descriptors TEXT NOT NULL DEFAULT '[]',"
  "  reasons TEXT NOT NULL DEFAULT '[]',"
  "  error TEXT,"
  "  finding TEXT,"
  "  audited_at INTEGER NOT NULL,"
  "  run INTEGER NOT NULL REFERENCES runs(id));"
  "CREATE INDEX files_finding ON files(finding);"
  "CREATE INDEX files_run ON files(run);",
  /* 2: the level the content needs by itself, beside the level required */
  "ALTER TABLE files ADD COLUMN content_level TEXT;",
  /* 3: simulations, the stored files classified again under another policy */
  "CREATE TABLE simulations ("
  "  id INTEGER PRIMARY KEY,"
  "  started INTEGER NOT NULL,"
  "  finished INTEGER,"
  "  policy TEXT NOT NULL);"
  "CREATE TABLE simulated ("
  "  sim INTEGER NOT NULL REFERENCES simulations(id) ON DELETE CASCADE,"
  "  path TEXT NOT NULL,"
  "  level TEXT,"
  "  content_level TEXT,"
  "  descriptors TEXT NOT NULL DEFAULT '[]',"
  "  reasons TEXT NOT NULL DEFAULT '[]',"
  "  error TEXT,"
  "  finding TEXT,"
  "  PRIMARY KEY (sim, path)) WITHOUT ROWID;",
  /* 4: which policy exactly (pmark_policy_get_version) */
  "ALTER TABLE runs ADD COLUMN policy_version TEXT;",
};

typedef struct {
  AuditStore base;
  sqlite3 *db;               /* one thread uses it: the audit's writer */
  sqlite3_stmt *list, *put, *seen;
} SqliteStore;

static gboolean
db_error (SqliteStore *s, GError **error, const char *what)
{
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s: %s", s->base.location, what,
               sqlite3_errmsg (s->db));
  return FALSE;
}

static gboolean
exec (SqliteStore *s, const char *sql, GError **error)
{
  char *msg = NULL;
  if (sqlite3_exec (s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s", s->base.location,
                 msg ? msg : sqlite3_errmsg (s->db));
    sqlite3_free (msg);
    return FALSE;
  }
  return TRUE;
}

static void
sqlite_close (AuditStore *store)
{
  SqliteStore *s = (SqliteStore *) store;
  if (!s)
    return;
  sqlite3_finalize (s->list);
  sqlite3_finalize (s->put);
  sqlite3_finalize (s->seen);
  sqlite3_close (s->db);
  g_free (s->base.location);
  g_free (s);
}

static gboolean
migrate (SqliteStore *s, GError **error)
{
  sqlite3_stmt *st = NULL;
  int version = 0;
  if (sqlite3_prepare_v2 (s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK
      && sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  if (version > (int) G_N_ELEMENTS (migrations)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                 "%s: schema version %d is newer than this pmark knows (%d)",
                 s->base.location, version, (int) G_N_ELEMENTS (migrations));
    return FALSE;
  }
  for (int v = version; v < (int) G_N_ELEMENTS (migrations); v++) {
    g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
    if (!exec (s, "BEGIN IMMEDIATE", error))
      return FALSE;
    if (!exec (s, migrations[v], error) || !exec (s, bump, error)) {
      exec (s, "ROLLBACK", NULL);
      return FALSE;
    }
    if (!exec (s, "COMMIT", error))
      return FALSE;
  }
  return TRUE;
}

static AuditStore *
sqlite_open (const char *location, GError **error)
{
  SqliteStore *s = g_new0 (SqliteStore, 1);
  s->base.backend = &audit_store_sqlite;
  s->base.location = g_strdup (location);
  if (sqlite3_open_v2 (location, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                             | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    db_error (s, error, "cannot open");
    sqlite_close ((AuditStore *) s);
    return NULL;
  }
  sqlite3_busy_timeout (s->db, 10000);
  if (!exec (s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                "PRAGMA foreign_keys = ON; "
                "PRAGMA temp_store = MEMORY", error)
      || !migrate (s, error)
      || !exec (s, "CREATE TEMP TABLE IF NOT EXISTS seen (path TEXT PRIMARY KEY) WITHOUT ROWID", error)
      || sqlite3_prepare_v2 (s->db, "SELECT path, size, mtime_ns, inode, 0, "
                                    "coalesce(finding = 'error', 0) FROM files "
                                    "WHERE path > ?1 AND path < ?2", -1, &s->list,
                             NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (s->db,
           "INSERT INTO files (path, size, mtime_ns, inode, dev, hash, type, existing, "
           "level, descriptors, reasons, error, finding, audited_at, run, content_level) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
           "ON CONFLICT(path) DO UPDATE SET size = ?2, mtime_ns = ?3, inode = ?4, "
           "dev = ?5, hash = ?6, type = ?7, existing = ?8, level = ?9, "
           "descriptors = ?10, reasons = ?11, error = ?12, finding = ?13, "
           "audited_at = ?14, run = ?15, content_level = ?16", -1, &s->put, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (s->db, "INSERT OR IGNORE INTO temp.seen (path) VALUES (?)", -1,
                             &s->seen, NULL) != SQLITE_OK) {
    if (error && !*error)
      db_error (s, error, "cannot prepare");
    sqlite_close ((AuditStore *) s);
    return NULL;
  }
  return (AuditStore *) s;
}

/* a new run or simulation, started now: its id */
static gboolean
insert_started (SqliteStore *s, const char *sql, const char *policy, const char *roots,
                const char *version, gint64 *id, GError **error)
{
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2 (s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return db_error (s, error, "begin");
  sqlite3_bind_int64 (st, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (st, 2, policy, -1, SQLITE_TRANSIENT);
  if (roots)
    sqlite3_bind_text (st, 3, roots, -1, SQLITE_TRANSIENT);
  if (version)
    sqlite3_bind_text (st, 4, version, -1, SQLITE_TRANSIENT);
  gboolean ok = sqlite3_step (st) == SQLITE_DONE;
  sqlite3_finalize (st);
  if (!ok)
    return db_error (s, error, "begin");
  *id = sqlite3_last_insert_rowid (s->db);
  return TRUE;
}

static gboolean
sqlite_begin_run (AuditStore *store, const AuditRunSpec *spec, gint64 *run, gboolean *joined,
                  GError **error)
{
  *joined = FALSE; /* one process walks a SQLite store: always a new run */
  return insert_started ((SqliteStore *) store,
                         "INSERT INTO runs (started, policy, roots, policy_version) "
                         "VALUES (?, ?, ?, ?)",
                         spec->policy, spec->roots, spec->policy_version, run, error);
}

static gboolean sqlite_remove_unseen (SqliteStore *s, const char *root, guint64 *removed,
                                      GError **error);

static gboolean
sqlite_end_run (AuditStore *store, gint64 run, const char *const *roots, guint64 *removed,
                GError **error)
{
  SqliteStore *s = (SqliteStore *) store;
  for (guint i = 0; roots && roots[i]; i++)
    if (!sqlite_remove_unseen (s, roots[i], removed, error))
      return FALSE;
  g_autofree char *sql = g_strdup_printf ("UPDATE runs SET finished = %" G_GINT64_FORMAT
                                          " WHERE id = %" G_GINT64_FORMAT,
                                          g_get_real_time () / G_USEC_PER_SEC, run);
  return exec (s, sql, error);
}

static gboolean
sqlite_list_dir (AuditStore *store, const char *dir, GHashTable *out, GError **error)
{
  SqliteStore *s = (SqliteStore *) store;
  /* paths under "dir/": from "dir/" up to "dir0" ('0' follows '/') */
  g_autofree char *lo = g_strconcat (dir, "/", NULL);
  g_autofree char *hi = g_strconcat (dir, "0", NULL);
  sqlite3_reset (s->list);
  sqlite3_bind_text (s->list, 1, lo, -1, SQLITE_STATIC);
  sqlite3_bind_text (s->list, 2, hi, -1, SQLITE_STATIC);
  gsize plen = strlen (lo);
  int rc;
  while ((rc = sqlite3_step (s->list)) == SQLITE_ROW) {
    const char *path = (const char *) sqlite3_column_text (s->list, 0);
    if (!path || strchr (path + plen, '/'))
      continue; /* deeper: that directory lists its own */
    AuditStat *st = g_new (AuditStat, 1);
    st->size = sqlite3_column_int64 (s->list, 1);
    st->mtime_ns = sqlite3_column_int64 (s->list, 2);
    st->inode = sqlite3_column_int64 (s->list, 3);
    st->seen = sqlite3_column_int64 (s->list, 4);
    st->errored = sqlite3_column_int (s->list, 5) != 0;
    g_hash_table_replace (out, g_strdup (path + plen), st);
  }
  sqlite3_reset (s->list);
  return rc == SQLITE_DONE || db_error (s, error, "list");
}

static void
bind_text (sqlite3_stmt *st, int i, const char *v)
{
  if (v)
    sqlite3_bind_text (st, i, v, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (st, i);
}

static gboolean sqlite_seen (AuditStore *store, const char *path, GError **error);

static gboolean
sqlite_put (AuditStore *store, gint64 run, const PmarkAuditRecord *r, GError **error)
{
  SqliteStore *s = (SqliteStore *) store;
  sqlite3_stmt *st = s->put;
  sqlite3_reset (st);
  bind_text (st, 1, r->path);
  sqlite3_bind_int64 (st, 2, r->size);
  sqlite3_bind_int64 (st, 3, r->mtime_ns);
  sqlite3_bind_int64 (st, 4, r->inode);
  sqlite3_bind_int64 (st, 5, r->dev);
  bind_text (st, 6, r->hash);
  bind_text (st, 7, r->type);
  bind_text (st, 8, r->existing);
  bind_text (st, 9, r->level);
  bind_text (st, 10, r->descriptors ? r->descriptors : "[]");
  bind_text (st, 11, r->reasons ? r->reasons : "[]");
  bind_text (st, 12, r->error);
  bind_text (st, 13, r->finding);
  sqlite3_bind_int64 (st, 14, r->audited_at);
  sqlite3_bind_int64 (st, 15, run);
  bind_text (st, 16, r->content_level);
  gboolean ok = sqlite3_step (st) == SQLITE_DONE;
  sqlite3_reset (st);
  return (ok || db_error (s, error, "store a row")) && sqlite_seen (store, r->path, error);
}

static gboolean
sqlite_seen (AuditStore *store, const char *path, GError **error)
{
  SqliteStore *s = (SqliteStore *) store;
  sqlite3_reset (s->seen);
  sqlite3_bind_text (s->seen, 1, path, -1, SQLITE_STATIC);
  gboolean ok = sqlite3_step (s->seen) == SQLITE_DONE;
  sqlite3_reset (s->seen);
  return ok || db_error (s, error, "mark a row seen");
}

/* rows under `root` this run did not see are files gone */
static gboolean
sqlite_remove_unseen (SqliteStore *s, const char *root, guint64 *removed, GError **error)
{
  sqlite3_stmt *st = NULL;
  /* the root itself, or under it: "root/" as a prefix, matched exactly */
  if (sqlite3_prepare_v2 (s->db, "DELETE FROM files WHERE "
                                 "(path = ?1 OR (path > ?2 AND path < ?3)) AND "
                                 "path NOT IN (SELECT path FROM temp.seen)",
                          -1, &st, NULL) != SQLITE_OK)
    return db_error (s, error, "remove");
  g_autofree char *lo = g_strconcat (root, "/", NULL);
  g_autofree char *hi = g_strconcat (root, "0", NULL);
  sqlite3_bind_text (st, 1, root, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, lo, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, hi, -1, SQLITE_STATIC);
  gboolean ok = sqlite3_step (st) == SQLITE_DONE;
  *removed += sqlite3_changes (s->db);
  sqlite3_finalize (st);
  return ok || db_error (s, error, "remove");
}

static gboolean
sqlite_begin (AuditStore *store, GError **error)
{
  return exec ((SqliteStore *) store, "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_commit (AuditStore *store, GError **error)
{
  return exec ((SqliteStore *) store, "COMMIT", error);
}

#define RECORD_COLUMNS "f.path, f.size, f.mtime_ns, f.inode, f.dev, f.hash, f.type, " \
                       "f.existing, f.level, f.descriptors, f.reasons, f.error, f.finding, " \
                       "f.audited_at, f.content_level"

static void
record_of (sqlite3_stmt *st, PmarkAuditRecord *r)
{
#define T(i) ((char *) sqlite3_column_text (st, i))
  *r = (PmarkAuditRecord) {
    .path = T (0), .size = sqlite3_column_int64 (st, 1),
    .mtime_ns = sqlite3_column_int64 (st, 2), .inode = sqlite3_column_int64 (st, 3),
    .dev = sqlite3_column_int64 (st, 4), .hash = T (5), .type = T (6),
    .existing = T (7), .level = T (8), .descriptors = T (9), .reasons = T (10),
    .error = T (11), .finding = T (12), .audited_at = sqlite3_column_int64 (st, 13),
    .content_level = T (14),
  };
#undef T
}

static gboolean
sqlite_each (AuditStore *store, gboolean (*fn) (const PmarkAuditRecord *r, gpointer data,
                                                GError **error),
             gpointer data, GError **error)
{
  SqliteStore *s = (SqliteStore *) store;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2 (s->db, "SELECT " RECORD_COLUMNS " FROM files f ORDER BY f.path",
                          -1, &st, NULL) != SQLITE_OK)
    return db_error (s, error, "read");
  gboolean ok = TRUE;
  while (ok && sqlite3_step (st) == SQLITE_ROW) {
    PmarkAuditRecord r;
    record_of (st, &r);
    ok = fn (&r, data, error);
  }
  sqlite3_finalize (st);
  return ok;
}

static gboolean
sqlite_sim_begin (AuditStore *store, const char *policy, gint64 *sim, GError **error)
{
  return insert_started ((SqliteStore *) store,
                         "INSERT INTO simulations (started, policy) VALUES (?, ?)", policy, NULL,
                         NULL, sim, error);
}

static gboolean
sqlite_sim_put (AuditStore *store, gint64 sim, const PmarkAuditRecord *r, GError **error)
{
  SqliteStore *s = (SqliteStore *) store;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2 (s->db, "INSERT OR IGNORE INTO simulated (sim, path, level, "
                                 "content_level, descriptors, reasons, error, finding) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
    return db_error (s, error, "store a simulated row");
  sqlite3_bind_int64 (st, 1, sim);
  bind_text (st, 2, r->path);
  bind_text (st, 3, r->level);
  bind_text (st, 4, r->content_level);
  bind_text (st, 5, r->descriptors ? r->descriptors : "[]");
  bind_text (st, 6, r->reasons ? r->reasons : "[]");
  bind_text (st, 7, r->error);
  bind_text (st, 8, r->finding);
  gboolean ok = sqlite3_step (st) == SQLITE_DONE;
  sqlite3_finalize (st);
  return ok || db_error (s, error, "store a simulated row");
}

static gboolean
sqlite_sim_end (AuditStore *store, gint64 sim, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE simulations SET finished = %" G_GINT64_FORMAT
                                          " WHERE id = %" G_GINT64_FORMAT,
                                          g_get_real_time () / G_USEC_PER_SEC, sim);
  return exec ((SqliteStore *) store, sql, error);
}

static gboolean
sqlite_compare (AuditStore *store, gint64 sim,
                gboolean (*fn) (const PmarkAuditRecord *before, const PmarkAuditRecord *after,
                                gpointer data, GError **error),
                gpointer data, char **sim_policy, GError **error)
{
  SqliteStore *s = (SqliteStore *) store;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2 (s->db, "SELECT id, policy FROM simulations WHERE finished IS NOT NULL "
                                 "AND (?1 = 0 OR id = ?1) ORDER BY id DESC LIMIT 1", -1, &st,
                          NULL) != SQLITE_OK)
    return db_error (s, error, "compare");
  sqlite3_bind_int64 (st, 1, sim);
  if (sqlite3_step (st) != SQLITE_ROW) {
    sqlite3_finalize (st);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "%s: no finished simulation%s (pmark audit --simulate)", s->base.location,
                 sim ? " of that number" : "");
    return FALSE;
  }
  sim = sqlite3_column_int64 (st, 0);
  *sim_policy = g_strdup ((const char *) sqlite3_column_text (st, 1));
  sqlite3_finalize (st);
  if (sqlite3_prepare_v2 (s->db, "SELECT " RECORD_COLUMNS ", s.level, s.content_level, "
                                 "s.descriptors, s.reasons, s.error, s.finding "
                                 "FROM files f JOIN simulated s ON s.path = f.path AND s.sim = ? "
                                 "WHERE f.level IS NOT s.level OR f.finding IS NOT s.finding "
                                 "ORDER BY f.path", -1, &st, NULL) != SQLITE_OK)
    return db_error (s, error, "compare");
  sqlite3_bind_int64 (st, 1, sim);
  gboolean ok = TRUE;
  int rc;
  while (ok && (rc = sqlite3_step (st)) == SQLITE_ROW) {
    PmarkAuditRecord before, after;
    record_of (st, &before);
    after = before;
    after.level = (char *) sqlite3_column_text (st, 15);
    after.content_level = (char *) sqlite3_column_text (st, 16);
    after.descriptors = (char *) sqlite3_column_text (st, 17);
    after.reasons = (char *) sqlite3_column_text (st, 18);
    after.error = (char *) sqlite3_column_text (st, 19);
    after.finding = (char *) sqlite3_column_text (st, 20);
    ok = fn (&before, &after, data, error);
  }
  sqlite3_finalize (st);
  return ok;
}

static gboolean
sqlite_status (AuditStore *store, GString *out, GError **error)
{
  SqliteStore *s = (SqliteStore *) store;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2 (s->db,
        "SELECT id, policy || coalesce(' (version ' || policy_version || ')', ''), "
        "  replace(roots, char(10), ', '), "
        "  datetime(started, 'unixepoch'), finished IS NOT NULL, "
        "  (SELECT count(*) FROM files WHERE run = runs.id) "
        "FROM runs ORDER BY id DESC LIMIT 5", -1, &st, NULL) != SQLITE_OK)
    return db_error (s, error, "status");
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_insert (lines, 0, g_strdup_printf (
      "run %lld: policy %s, roots %s, started %s, %s, %lld files recorded\n",
      (long long) sqlite3_column_int64 (st, 0), sqlite3_column_text (st, 1),
      sqlite3_column_text (st, 2), sqlite3_column_text (st, 3),
      sqlite3_column_int (st, 4) ? "finished" : "not finished (stopped or running)",
      (long long) sqlite3_column_int64 (st, 5)));
  sqlite3_finalize (st);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (out, g_ptr_array_index (lines, i));
  return TRUE;
}

const AuditStoreBackend audit_store_sqlite = {
  .name = "sqlite",
  .open = sqlite_open,
  .close = sqlite_close,
  .begin_run = sqlite_begin_run,
  .end_run = sqlite_end_run,
  .list_dir = sqlite_list_dir,
  .put = sqlite_put,
  .seen = sqlite_seen,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .each = sqlite_each,
  .sim_begin = sqlite_sim_begin,
  .sim_put = sqlite_sim_put,
  .sim_end = sqlite_sim_end,
  .compare = sqlite_compare,
  .status = sqlite_status,
};
