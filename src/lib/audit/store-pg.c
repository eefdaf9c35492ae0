/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The PostgreSQL results store (libpq): the same rows as the SQLite
 * store, plus a shared work queue so that several audit nodes walk one
 * set of roots together.
 *
 * Work items are directories. A node claims one with
 * SELECT ... FOR UPDATE SKIP LOCKED (committed at once), lists it, adds
 * its subdirectories as new items and records its files; the item is
 * marked done in the transaction that commits its last row. Each node has
 * a row in `nodes` whose heartbeat a thread of its own (own connection)
 * renews; an item whose node has been silent for the lease is claimed by
 * another node, which re-walks the directory and skips the files this run
 * recorded already (files.seen), so a file is recorded once per run.
 *
 * The schema is versioned by pmark_schema.version; the migrations below
 * run in order, under an advisory lock, each in its own transaction.
 *
 * The module "store-pg" (core/module.h): libpq (with Kerberos, LDAP and
 * OpenSSL behind it) is loaded only by an audit that names PostgreSQL. */
#include "config.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include <pmark/error.h>

#include "core/module.h"
#include "store.h"

/* migrations[i] takes the schema from version i to i + 1 */
static const char *const migrations[] = {
  "CREATE TABLE runs ("
  "  id bigserial PRIMARY KEY,"
  "  started bigint NOT NULL,"
  "  finished bigint,"
  "  policy text NOT NULL,"
  "  roots text NOT NULL);"
  "CREATE TABLE files ("
  "  path text COLLATE \"C\" PRIMARY KEY,"
  "  size bigint NOT NULL,"
  "  mtime_ns bigint NOT NULL,"
  "  inode bigint NOT NULL,"
  "  dev bigint NOT NULL,"
  "  hash text,"
  "  type text,"
  "  existing text,"
  "  level text,"
  "  content_level text,"
  "  descriptors text NOT NULL DEFAULT '[]',"
  "  reasons text NOT NULL DEFAULT '[]',"
  "  error text,"
  "  finding text,"
  "  audited_at bigint NOT NULL,"
  "  run bigint NOT NULL REFERENCES runs(id),"
  "  seen bigint NOT NULL,"
  "  node text);"
  "CREATE INDEX files_finding ON files(finding);"
  "CREATE TABLE nodes ("
  "  run bigint NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
  "  name text NOT NULL,"
  "  started timestamptz NOT NULL DEFAULT now(),"
  "  heartbeat timestamptz NOT NULL DEFAULT now(),"
  "  files bigint NOT NULL DEFAULT 0,"
  "  bytes bigint NOT NULL DEFAULT 0,"
  "  state text NOT NULL DEFAULT 'running',"
  "  lease integer NOT NULL DEFAULT 60,"
  "  PRIMARY KEY (run, name));"
  "CREATE TABLE work ("
  "  id bigserial PRIMARY KEY,"
  "  run bigint NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
  "  root integer NOT NULL,"
  "  dir text COLLATE \"C\" NOT NULL,"
  "  node text,"
  "  claims integer NOT NULL DEFAULT 0,"
  "  done boolean NOT NULL DEFAULT false,"
  "  UNIQUE (run, dir));"
  "CREATE INDEX work_open ON work(run, id) WHERE NOT done;"
  "CREATE TABLE simulations ("
  "  id bigserial PRIMARY KEY,"
  "  started bigint NOT NULL,"
  "  finished bigint,"
  "  policy text NOT NULL);"
  "CREATE TABLE simulated ("
  "  sim bigint NOT NULL REFERENCES simulations(id) ON DELETE CASCADE,"
  "  path text COLLATE \"C\" NOT NULL,"
  "  level text,"
  "  content_level text,"
  "  descriptors text NOT NULL DEFAULT '[]',"
  "  reasons text NOT NULL DEFAULT '[]',"
  "  error text,"
  "  finding text,"
  "  PRIMARY KEY (sim, path));",
  /* 2: which policy exactly (pmark_policy_get_version) */
  "ALTER TABLE runs ADD COLUMN policy_version text;",
};

/* the columns a batch of rows carries (the rest are the run's) */
#define PG_BATCH_COLUMNS 15
#define PG_BATCH_ROWS 200

/* the key of the advisory lock that serialises migrations and joins */
#define PG_LOCK_KEY "7262001"

typedef struct {
  AuditStore base;
  PGconn *conn;                /* the audit's writer thread */
  char *conninfo;
  gint64 run;
  char *node;
  guint lease;
  GPtrArray *seen;             /* unchanged paths, flushed at commit */
  guint64 put_files, put_bytes;
  /* rows not yet sent: one column array each, sent as one statement */
  GPtrArray *batch[PG_BATCH_COLUMNS];
  /* the heartbeat */
  GThread *beat;
  GMutex lock;
  GCond cond;
  gboolean stopping;
} PgStore;

static gboolean
pg_fail (PgStore *s, GError **error, const char *what, const PGresult *res)
{
  const char *msg = res ? PQresultErrorMessage (res) : NULL;
  if (!msg || !*msg)
    msg = PQerrorMessage (s->conn);
  /* libpq's messages run over lines ("...failed: Connection refused\n\tIs
   * the server running..."): one line, as every pmark error is */
  g_autoptr (GRegex) ws = g_regex_new ("\\s+", 0, 0, NULL);
  g_autofree char *m = g_strstrip (g_regex_replace_literal (ws, msg ? msg : "unknown error",
                                                            -1, 0, " ", 0, NULL));
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s: %s", s->base.location, what, m);
  return FALSE;
}

/* the result when it succeeded, else NULL and the error set */
static PGresult *
checked (PgStore *s, GError **error, const char *what, PGresult *res)
{
  ExecStatusType st = PQresultStatus (res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    pg_fail (s, error, what, res);
    PQclear (res);
    return NULL;
  }
  return res;
}

/* A statement with text parameters (NULL: SQL NULL). */
static PGresult *
q (PgStore *s, GError **error, const char *what, const char *sql, int n,
   const char *const *params)
{
  /* without parameters, several statements may go at once (migrations) */
  return checked (s, error, what, n ? PQexecParams (s->conn, sql, n, NULL, params, NULL, NULL, 0)
                                    : PQexec (s->conn, sql));
}

/* The same with a statement prepared at open (the per-file ones: parsed
 * and planned once, not for every file). */
static PGresult *
qp (PgStore *s, GError **error, const char *what, const char *name, int n,
    const char *const *params)
{
  return checked (s, error, what, PQexecPrepared (s->conn, name, n, params, NULL, NULL, 0));
}

static gboolean
run_sql (PgStore *s, GError **error, const char *what, const char *sql, int n,
         const char *const *params)
{
  PGresult *res = q (s, error, what, sql, n, params);
  PQclear (res);
  return res != NULL;
}

#define I64(buf, v) (g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, (gint64) (v)), buf)

char *
audit_store_safe_location (const char *location)
{
  char *err = NULL;
  PQconninfoOption *opts = PQconninfoParse (location, &err);
  if (!opts) {
    PQfreemem (err);
    return g_strdup ("postgresql store");
  }
  const char *host = NULL, *port = NULL, *db = NULL, *user = NULL, *service = NULL;
  for (PQconninfoOption *o = opts; o->keyword; o++) {
    if (!o->val)
      continue;
    if (!strcmp (o->keyword, "host") || (!strcmp (o->keyword, "hostaddr") && !host))
      host = o->val;
    else if (!strcmp (o->keyword, "port"))
      port = o->val;
    else if (!strcmp (o->keyword, "dbname"))
      db = o->val;
    else if (!strcmp (o->keyword, "user"))
      user = o->val;
    else if (!strcmp (o->keyword, "service"))
      service = o->val;
  }
  char *out = service && !host
    ? g_strdup_printf ("postgresql service %s", service)
    : g_strdup_printf ("postgresql://%s%s%s%s%s/%s", user ? user : "", user ? "@" : "",
                       host ? host : "", port ? ":" : "", port ? port : "", db ? db : "");
  PQconninfoFree (opts);
  return out;
}

static PGconn *
connect (const char *conninfo)
{
  const char *keys[] = { "dbname", "application_name", NULL };
  const char *vals[] = { conninfo, "pmark", NULL };
  return PQconnectdbParams (keys, vals, 1);
}

static void pg_close (AuditStore *store);

static gboolean
migrate (PgStore *s, GError **error)
{
  if (!run_sql (s, error, "schema", "BEGIN", 0, NULL)
      || !run_sql (s, error, "schema", "SELECT pg_advisory_xact_lock(" PG_LOCK_KEY ")", 0, NULL)
      || !run_sql (s, error, "schema",
                   "CREATE TABLE IF NOT EXISTS pmark_schema (version integer NOT NULL)", 0,
                   NULL))
    return FALSE;
  PGresult *res = q (s, error, "schema", "SELECT version FROM pmark_schema", 0, NULL);
  if (!res)
    return FALSE;
  int version = PQntuples (res) ? atoi (PQgetvalue (res, 0, 0)) : 0;
  gboolean fresh = PQntuples (res) == 0;
  PQclear (res);
  if (version > (int) G_N_ELEMENTS (migrations)) {
    run_sql (s, NULL, "schema", "ROLLBACK", 0, NULL);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                 "%s: schema version %d is newer than this pmark knows (%d)",
                 s->base.location, version, (int) G_N_ELEMENTS (migrations));
    return FALSE;
  }
  for (int v = version; v < (int) G_N_ELEMENTS (migrations); v++) {
    /* the whole series in the one locked transaction: PostgreSQL's DDL is
     * transactional, so a failed step leaves the schema as it was */
    if (!run_sql (s, error, "schema migration", migrations[v], 0, NULL)) {
      run_sql (s, NULL, "schema", "ROLLBACK", 0, NULL);
      return FALSE;
    }
  }
  char b[32];
  const char *p[] = { I64 (b, G_N_ELEMENTS (migrations)) };
  if (!run_sql (s, error, "schema",
                fresh ? "INSERT INTO pmark_schema (version) VALUES ($1::integer)"
                      : "UPDATE pmark_schema SET version = $1::integer", 1, p)
      || !run_sql (s, error, "schema", "COMMIT", 0, NULL)) {
    run_sql (s, NULL, "schema", "ROLLBACK", 0, NULL);
    return FALSE;
  }
  return TRUE;
}

static const struct {
  const char *name, *sql;
  int n;
} prepared[] = {
  /* a batch of rows, one array per column; not again in the same run: a
   * re-walked directory skips what the node before recorded, and the guard
   * makes that hold under any race */
  { "put",
    "INSERT INTO files (path, size, mtime_ns, inode, dev, hash, type, existing, level, "
    "descriptors, reasons, error, finding, audited_at, content_level, run, seen, node) "
    "SELECT u.*, $16::bigint, $16::bigint, $17 FROM unnest($1::text[], $2::bigint[], "
    "$3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[], "
    "$9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bigint[], "
    "$15::text[]) AS u "
    "ON CONFLICT (path) DO UPDATE SET size = EXCLUDED.size, mtime_ns = EXCLUDED.mtime_ns, "
    "inode = EXCLUDED.inode, dev = EXCLUDED.dev, hash = EXCLUDED.hash, type = EXCLUDED.type, "
    "existing = EXCLUDED.existing, level = EXCLUDED.level, "
    "descriptors = EXCLUDED.descriptors, reasons = EXCLUDED.reasons, error = EXCLUDED.error, "
    "finding = EXCLUDED.finding, audited_at = EXCLUDED.audited_at, run = EXCLUDED.run, "
    "content_level = EXCLUDED.content_level, seen = EXCLUDED.seen, node = EXCLUDED.node "
    "WHERE files.seen <> EXCLUDED.seen RETURNING size", 17 },
  { "list", "SELECT path, size, mtime_ns, inode, seen, coalesce(finding = 'error', false) "
            "FROM files "
            "WHERE path > $1 AND path < $2", 2 },
};

static AuditStore *
pg_open (const char *location, GError **error)
{
  PgStore *s = g_new0 (PgStore, 1);
  s->base.backend = &audit_store_pg;
  s->base.location = audit_store_safe_location (location);
  s->conninfo = g_strdup (location);
  s->seen = g_ptr_array_new_with_free_func (g_free);
  for (int c = 0; c < PG_BATCH_COLUMNS; c++)
    s->batch[c] = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
  s->conn = connect (location);
  if (PQstatus (s->conn) != CONNECTION_OK) {
    pg_fail (s, error, "cannot connect", NULL);
    pg_close ((AuditStore *) s);
    return NULL;
  }
  /* notices (e.g. "relation already exists, skipping") are not ours to print */
  PQsetNoticeProcessor (s->conn, NULL, NULL);
  run_sql (s, NULL, "settings", "SET client_min_messages = warning", 0, NULL);
  if (!migrate (s, error)) {
    pg_close ((AuditStore *) s);
    return NULL;
  }
  for (gsize i = 0; i < G_N_ELEMENTS (prepared); i++) {
    PGresult *res = PQprepare (s->conn, prepared[i].name, prepared[i].sql, prepared[i].n, NULL);
    gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;
    if (!ok)
      pg_fail (s, error, "prepare", res);
    PQclear (res);
    if (!ok) {
      pg_close ((AuditStore *) s);
      return NULL;
    }
  }
  return (AuditStore *) s;
}

/* The heartbeat: renews this node's row every third of the lease, on a
 * connection of its own, until the store is closed. */
static gpointer
heartbeat (gpointer data)
{
  PgStore *s = data;
  PGconn *c = connect (s->conninfo);
  PQsetNoticeProcessor (c, NULL, NULL);
  char b[32];
  const char *p[] = { I64 (b, s->run), s->node };
  gint64 every = MAX (1, (gint64) s->lease / 3) * G_USEC_PER_SEC;
  g_mutex_lock (&s->lock);
  while (!s->stopping) {
    g_mutex_unlock (&s->lock);
    if (PQstatus (c) != CONNECTION_OK)
      PQreset (c);
    PGresult *res = PQexecParams (c, "UPDATE nodes SET heartbeat = now() "
                                     "WHERE run = $1::bigint AND name = $2",
                                  2, NULL, p, NULL, NULL, 0);
    PQclear (res);
    g_mutex_lock (&s->lock);
    gint64 until = g_get_monotonic_time () + every;
    while (!s->stopping && g_cond_wait_until (&s->cond, &s->lock, until))
      ;
  }
  g_mutex_unlock (&s->lock);
  PQfinish (c);
  return NULL;
}

static void
stop_heartbeat (PgStore *s)
{
  if (!s->beat)
    return;
  g_mutex_lock (&s->lock);
  s->stopping = TRUE;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
  g_thread_join (s->beat);
  s->beat = NULL;
}

static void
pg_close (AuditStore *store)
{
  PgStore *s = (PgStore *) store;
  if (!s)
    return;
  stop_heartbeat (s);
  PQfinish (s->conn);
  g_ptr_array_unref (s->seen);
  for (int c = 0; c < PG_BATCH_COLUMNS; c++)
    g_ptr_array_unref (s->batch[c]);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
  g_free (s->conninfo);
  g_free (s->node);
  g_free (s->base.location);
  g_free (s);
}

static gboolean
pg_begin_run (AuditStore *store, const AuditRunSpec *spec, gint64 *run, gboolean *joined,
              GError **error)
{
  PgStore *s = (PgStore *) store;
  char now[32];
  const char *p[] = { spec->roots, spec->policy, I64 (now, g_get_real_time () / G_USEC_PER_SEC),
                      spec->policy_version };
  /* join or create, one node at a time */
  if (!run_sql (s, error, "new run", "BEGIN", 0, NULL)
      || !run_sql (s, error, "new run", "SELECT pg_advisory_xact_lock(" PG_LOCK_KEY ")", 0, NULL))
    return FALSE;
  PGresult *res = q (s, error, "new run",
                     "SELECT id FROM runs WHERE finished IS NULL AND roots = $1 AND policy = $2 "
                     "AND policy_version IS NOT DISTINCT FROM $3 ORDER BY id DESC LIMIT 1",
                     3, (const char *[]) { p[0], p[1], p[3] });
  if (!res)
    goto fail;
  *joined = PQntuples (res) == 1;
  if (*joined) {
    *run = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
    PQclear (res);
  } else {
    PQclear (res);
    res = q (s, error, "new run", "INSERT INTO runs (roots, policy, started, policy_version) "
                                  "VALUES ($1, $2, $3::bigint, $4) RETURNING id", 4, p);
    if (!res)
      goto fail;
    *run = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
    PQclear (res);
    /* the roots are the first items, in the same transaction: a node
     * joining never sees the run without them */
    g_auto (GStrv) roots = g_strsplit (spec->roots, "\n", -1);
    for (guint i = 0; roots[i]; i++) {
      char rb[32], ib[32];
      const char *ip[] = { I64 (rb, *run), I64 (ib, i), roots[i] };
      if (!run_sql (s, error, "new run", "INSERT INTO work (run, root, dir) "
                                         "VALUES ($1::bigint, $2::integer, $3)", 3, ip))
        goto fail;
    }
  }
  char rb[32], lb[32];
  const char *np[] = { I64 (rb, *run), spec->node, I64 (lb, MAX (spec->lease_seconds, 1)) };
  /* a node restarted under its name gives back what it held */
  if (!run_sql (s, error, "join run",
                "INSERT INTO nodes (run, name, lease) VALUES ($1::bigint, $2, $3::integer) "
                "ON CONFLICT (run, name) DO UPDATE SET heartbeat = now(), state = 'running', "
                "lease = $3::integer", 3, np)
      || !run_sql (s, error, "join run",
                   "UPDATE work SET node = NULL WHERE run = $1::bigint AND node = $2 "
                   "AND NOT done", 2, np)
      || !run_sql (s, error, "join run", "COMMIT", 0, NULL))
    goto fail;
  s->run = *run;
  g_free (s->node);
  s->node = g_strdup (spec->node);
  s->lease = MAX (spec->lease_seconds, 1);
  s->stopping = FALSE;
  s->beat = g_thread_new ("pmark-heartbeat", heartbeat, s);
  return TRUE;
fail:
  run_sql (s, NULL, "new run", "ROLLBACK", 0, NULL);
  return FALSE;
}

static gboolean
pg_claim (AuditStore *store, gint64 run, AuditItem *item, AuditClaim *got, GError **error)
{
  PgStore *s = (PgStore *) store;
  char rb[32];
  const char *dp[] = { I64 (rb, run) };
  /* the nodes whose items may be taken: stopped, or silent for their
   * lease. Found first, apart: the locking query below tests only the
   * item's own columns, which PostgreSQL re-checks on the row it locks
   * when another node claimed it meanwhile (a join's NULL side would not
   * be re-read, and the item would be claimed twice). */
  PGresult *res = q (s, error, "claim",
                     "SELECT coalesce(array_agg(name), '{}') FROM nodes WHERE run = $1::bigint "
                     "AND (state <> 'running' OR heartbeat < now() - make_interval(secs => lease))",
                     1, dp);
  if (!res)
    return FALSE;
  g_autofree char *gone = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  const char *p[] = { rb, s->node, gone };
  res = q (s, error, "claim",
    "WITH c AS (SELECT id FROM work WHERE run = $1::bigint AND NOT done "
    "  AND (node IS NULL OR node = ANY ($3::text[])) "
    "  ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) "
    "UPDATE work SET node = $2, claims = claims + 1 FROM c WHERE work.id = c.id "
    "RETURNING work.id, work.root, work.dir", 3, p);
  if (!res)
    return FALSE;
  if (PQntuples (res) == 1) {
    item->id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
    item->root = (guint) atoi (PQgetvalue (res, 0, 1));
    item->dir = g_strdup (PQgetvalue (res, 0, 2));
    *got = AUDIT_CLAIM_GOT;
    PQclear (res);
    return TRUE;
  }
  PQclear (res);
  res = q (s, error, "claim", "SELECT count(*) FROM work WHERE run = $1::bigint AND NOT done",
           1, p);
  if (!res)
    return FALSE;
  *got = atoll (PQgetvalue (res, 0, 0)) ? AUDIT_CLAIM_WAIT : AUDIT_CLAIM_DONE;
  PQclear (res);
  return TRUE;
}

static gboolean
pg_add_dir (AuditStore *store, gint64 run, guint root, const char *dir, GError **error)
{
  PgStore *s = (PgStore *) store;
  char rb[32], ib[32];
  const char *p[] = { I64 (rb, run), I64 (ib, root), dir };
  return run_sql (s, error, "add a directory",
                  "INSERT INTO work (run, root, dir) VALUES ($1::bigint, $2::integer, $3) "
                  "ON CONFLICT (run, dir) DO NOTHING", 3, p);
}

static gboolean
pg_dir_done (AuditStore *store, gint64 item, GError **error)
{
  PgStore *s = (PgStore *) store;
  char ib[32];
  const char *p[] = { I64 (ib, item), s->node };
  /* only while it is still ours: a node that lost its lease leaves the
   * item to the node that took it over */
  return run_sql (s, error, "directory done",
                  "UPDATE work SET done = true WHERE id = $1::bigint AND node = $2", 2, p);
}

static gboolean
pg_leave_run (AuditStore *store, gint64 run, GError **error)
{
  PgStore *s = (PgStore *) store;
  char rb[32];
  const char *p[] = { I64 (rb, run), s->node };
  /* after an error the transaction may be aborted: ended first */
  run_sql (s, NULL, "leave run", "ROLLBACK", 0, NULL);
  return run_sql (s, error, "leave run",
                  "UPDATE work SET node = NULL WHERE run = $1::bigint AND node = $2 "
                  "AND NOT done", 2, p)
         && run_sql (s, error, "leave run",
                     "UPDATE nodes SET state = 'stopped', heartbeat = clock_timestamp () "
                     "WHERE run = $1::bigint AND name = $2", 2, p);
}

/* "dir/" .. "dir0": the paths under dir, in the C collation */
static void
range_of (const char *dir, char **lo, char **hi)
{
  *lo = g_strconcat (dir, "/", NULL);
  *hi = g_strconcat (dir, "0", NULL);
}

static gboolean
pg_end_run (AuditStore *store, gint64 run, const char *const *roots, guint64 *removed,
            GError **error)
{
  PgStore *s = (PgStore *) store;
  char rb[32], nb[32];
  const char *p[] = { I64 (rb, run), I64 (nb, g_get_real_time () / G_USEC_PER_SEC) };
  if (!run_sql (s, error, "end run", "BEGIN", 0, NULL))
    return FALSE;
  /* the node that sees the run complete finishes it, once */
  PGresult *res = q (s, error, "end run",
                     "UPDATE runs SET finished = $2::bigint WHERE id = $1::bigint "
                     "AND finished IS NULL AND NOT EXISTS "
                     "(SELECT 1 FROM work WHERE run = $1::bigint AND NOT done) RETURNING id",
                     2, p);
  if (!res)
    goto fail;
  gboolean mine = PQntuples (res) == 1;
  PQclear (res);
  for (guint i = 0; mine && roots && roots[i]; i++) {
    g_autofree char *lo = NULL, *hi = NULL;
    range_of (roots[i], &lo, &hi);
    const char *dp[] = { rb, roots[i], lo, hi };
    res = q (s, error, "remove files gone",
             "DELETE FROM files WHERE (path = $2 OR (path > $3 AND path < $4)) "
             "AND seen <> $1::bigint", 4, dp);
    if (!res)
      goto fail;
    *removed += g_ascii_strtoull (PQcmdTuples (res), NULL, 10);
    PQclear (res);
  }
  const char *np[] = { rb, s->node ? s->node : "" };
  /* clock_timestamp (): now () is the transaction's start, which may be the
   * run's (a node's speed is its files over heartbeat - started) */
  if (!run_sql (s, error, "end run", "UPDATE nodes SET state = 'finished', "
                                     "heartbeat = clock_timestamp () "
                                     "WHERE run = $1::bigint AND name = $2", 2, np)
      || !run_sql (s, error, "end run", "COMMIT", 0, NULL))
    goto fail;
  stop_heartbeat (s);
  return TRUE;
fail:
  run_sql (s, NULL, "end run", "ROLLBACK", 0, NULL);
  return FALSE;
}

static gboolean
pg_list_dir (AuditStore *store, const char *dir, GHashTable *out, GError **error)
{
  PgStore *s = (PgStore *) store;
  g_autofree char *lo = NULL, *hi = NULL;
  range_of (dir, &lo, &hi);
  const char *p[] = { lo, hi };
  PGresult *res = qp (s, error, "list", "list", 2, p);
  if (!res)
    return FALSE;
  gsize plen = strlen (lo);
  for (int i = 0; i < PQntuples (res); i++) {
    const char *path = PQgetvalue (res, i, 0);
    if (strchr (path + plen, '/'))
      continue; /* deeper: that directory lists its own */
    AuditStat *st = g_new (AuditStat, 1);
    st->size = g_ascii_strtoll (PQgetvalue (res, i, 1), NULL, 10);
    st->mtime_ns = g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10);
    st->inode = g_ascii_strtoll (PQgetvalue (res, i, 3), NULL, 10);
    st->seen = g_ascii_strtoll (PQgetvalue (res, i, 4), NULL, 10);
    st->errored = !strcmp (PQgetvalue (res, i, 5), "t");
    g_hash_table_replace (out, g_strdup (path + plen), st);
  }
  PQclear (res);
  return TRUE;
}

static gboolean pg_flush (PgStore *s, GError **error);

/* Rows go in batches (one statement for up to PG_BATCH_ROWS), sent when
 * full and at commit: the server parses one statement, not one a file. */
static gboolean
pg_put (AuditStore *store, gint64 run, const PmarkAuditRecord *r, GError **error)
{
  PgStore *s = (PgStore *) store;
  (void) run; /* the run joined: s->run */
  char b[5][32];
  const char *v[PG_BATCH_COLUMNS] = {
    r->path, I64 (b[0], r->size), I64 (b[1], r->mtime_ns), I64 (b[2], r->inode),
    I64 (b[3], r->dev), r->hash, r->type, r->existing, r->level,
    r->descriptors ? r->descriptors : "[]", r->reasons ? r->reasons : "[]", r->error,
    r->finding, I64 (b[4], r->audited_at), r->content_level,
  };
  for (int c = 0; c < PG_BATCH_COLUMNS; c++)
    g_ptr_array_add (s->batch[c], g_strdup (v[c]));
  return s->batch[0]->len < PG_BATCH_ROWS || pg_flush (s, error);
}

/* an array literal: {"a",NULL,"b"} with " and \ escaped */
static char *
array_literal (GPtrArray *items)
{
  GString *s = g_string_new ("{");
  for (guint i = 0; i < items->len; i++) {
    const char *v = g_ptr_array_index (items, i);
    if (i)
      g_string_append_c (s, ',');
    if (!v) {
      g_string_append (s, "NULL");
      continue;
    }
    g_string_append_c (s, '"');
    for (const char *c = v; *c; c++) {
      if (*c == '"' || *c == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *c);
    }
    g_string_append_c (s, '"');
  }
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static gboolean
pg_flush (PgStore *s, GError **error)
{
  if (!s->batch[0]->len)
    return TRUE;
  char *arrays[PG_BATCH_COLUMNS];
  const char *p[PG_BATCH_COLUMNS + 2];
  for (int c = 0; c < PG_BATCH_COLUMNS; c++)
    p[c] = arrays[c] = array_literal (s->batch[c]);
  char rb[32];
  p[PG_BATCH_COLUMNS] = I64 (rb, s->run);
  p[PG_BATCH_COLUMNS + 1] = s->node;
  PGresult *res = qp (s, error, "store rows", "put", PG_BATCH_COLUMNS + 2, p);
  for (int c = 0; c < PG_BATCH_COLUMNS; c++) {
    g_free (arrays[c]);
    g_ptr_array_set_size (s->batch[c], 0);
  }
  if (!res)
    return FALSE;
  /* the rows really recorded (not those this run had already) */
  for (int i = 0; i < PQntuples (res); i++) {
    s->put_files++;
    s->put_bytes += g_ascii_strtoull (PQgetvalue (res, i, 0), NULL, 10);
  }
  PQclear (res);
  return TRUE;
}

static gboolean
pg_seen (AuditStore *store, const char *path, GError **error)
{
  (void) error;
  g_ptr_array_add (((PgStore *) store)->seen, g_strdup (path));
  return TRUE;
}

static gboolean
pg_begin (AuditStore *store, GError **error)
{
  return run_sql ((PgStore *) store, error, "begin", "BEGIN", 0, NULL);
}

static gboolean
pg_commit (AuditStore *store, GError **error)
{
  PgStore *s = (PgStore *) store;
  char rb[32], fb[32], bb[32];
  if (!pg_flush (s, error))
    return FALSE;
  if (s->seen->len) {
    g_autofree char *arr = array_literal (s->seen);
    const char *p[] = { I64 (rb, s->run), arr };
    if (!run_sql (s, error, "mark rows seen", "UPDATE files SET seen = $1::bigint "
                                              "WHERE path = ANY ($2::text[])", 2, p))
      return FALSE;
    g_ptr_array_set_size (s->seen, 0);
  }
  /* the node's counts move with the rows they count */
  if (s->node && (s->put_files || s->put_bytes)) {
    const char *p[] = { I64 (rb, s->run), s->node, I64 (fb, s->put_files),
                        I64 (bb, s->put_bytes) };
    if (!run_sql (s, error, "node figures",
                  "UPDATE nodes SET files = files + $3::bigint, bytes = bytes + $4::bigint, "
                  "heartbeat = clock_timestamp () WHERE run = $1::bigint AND name = $2", 4, p))
      return FALSE;
    s->put_files = s->put_bytes = 0;
  }
  return run_sql (s, error, "commit", "COMMIT", 0, NULL);
}

/* Rows in single-row mode: millions of them are never held at once. */
static gboolean
each_row (PgStore *s, const char *sql, int n, const char *const *params,
          gboolean (*row) (PGresult *res, gpointer data, GError **error), gpointer data,
          GError **error)
{
  if (!PQsendQueryParams (s->conn, sql, n, NULL, params, NULL, NULL, 0)
      || !PQsetSingleRowMode (s->conn))
    return pg_fail (s, error, "read", NULL);
  gboolean ok = TRUE;
  PGresult *res;
  while ((res = PQgetResult (s->conn))) {
    ExecStatusType st = PQresultStatus (res);
    if (st == PGRES_SINGLE_TUPLE) {
      if (ok)
        ok = row (res, data, error);
    } else if (st != PGRES_TUPLES_OK && ok) {
      ok = pg_fail (s, error, "read", res);
    }
    PQclear (res);
  }
  return ok;
}

#define RECORD_COLUMNS "path, size, mtime_ns, inode, dev, hash, type, existing, level, " \
                       "descriptors, reasons, error, finding, audited_at, content_level"

static const char *
col (PGresult *res, int c)
{
  return PQgetisnull (res, 0, c) ? NULL : PQgetvalue (res, 0, c);
}

static void
record_of (PGresult *res, int o, PmarkAuditRecord *r)
{
  *r = (PmarkAuditRecord) {
    .path = (char *) col (res, o), .size = g_ascii_strtoll (col (res, o + 1), NULL, 10),
    .mtime_ns = g_ascii_strtoll (col (res, o + 2), NULL, 10),
    .inode = g_ascii_strtoll (col (res, o + 3), NULL, 10),
    .dev = g_ascii_strtoll (col (res, o + 4), NULL, 10), .hash = (char *) col (res, o + 5),
    .type = (char *) col (res, o + 6), .existing = (char *) col (res, o + 7),
    .level = (char *) col (res, o + 8), .descriptors = (char *) col (res, o + 9),
    .reasons = (char *) col (res, o + 10), .error = (char *) col (res, o + 11),
    .finding = (char *) col (res, o + 12),
    .audited_at = g_ascii_strtoll (col (res, o + 13), NULL, 10),
    .content_level = (char *) col (res, o + 14),
  };
}

typedef struct {
  gboolean (*fn) (const PmarkAuditRecord *r, gpointer data, GError **error);
  gboolean (*pair) (const PmarkAuditRecord *before, const PmarkAuditRecord *after,
                    gpointer data, GError **error);
  gpointer data;
} EachRow;

static gboolean
each_one (PGresult *res, gpointer data, GError **error)
{
  EachRow *e = data;
  PmarkAuditRecord r;
  record_of (res, 0, &r);
  return e->fn (&r, e->data, error);
}

static gboolean
pg_each (AuditStore *store, gboolean (*fn) (const PmarkAuditRecord *r, gpointer data,
                                            GError **error),
         gpointer data, GError **error)
{
  EachRow e = { .fn = fn, .data = data };
  return each_row ((PgStore *) store, "SELECT " RECORD_COLUMNS " FROM files ORDER BY path",
                   0, NULL, each_one, &e, error);
}

static gboolean
pg_sim_begin (AuditStore *store, const char *policy, gint64 *sim, GError **error)
{
  PgStore *s = (PgStore *) store;
  char nb[32];
  const char *p[] = { policy, I64 (nb, g_get_real_time () / G_USEC_PER_SEC) };
  PGresult *res = q (s, error, "new simulation", "INSERT INTO simulations (policy, started) "
                                                 "VALUES ($1, $2::bigint) RETURNING id", 2, p);
  if (!res)
    return FALSE;
  *sim = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return TRUE;
}

static gboolean
pg_sim_put (AuditStore *store, gint64 sim, const PmarkAuditRecord *r, GError **error)
{
  char sb[32];
  const char *p[] = { I64 (sb, sim), r->path, r->level, r->content_level,
                      r->descriptors ? r->descriptors : "[]", r->reasons ? r->reasons : "[]",
                      r->error, r->finding };
  return run_sql ((PgStore *) store, error, "store a simulated row",
                  "INSERT INTO simulated (sim, path, level, content_level, descriptors, reasons, "
                  "error, finding) VALUES ($1::bigint, $2, $3, $4, $5, $6, $7, $8) "
                  "ON CONFLICT (sim, path) DO NOTHING", 8, p);
}

static gboolean
pg_sim_end (AuditStore *store, gint64 sim, GError **error)
{
  char sb[32], nb[32];
  const char *p[] = { I64 (sb, sim), I64 (nb, g_get_real_time () / G_USEC_PER_SEC) };
  return run_sql ((PgStore *) store, error, "end simulation",
                  "UPDATE simulations SET finished = $2::bigint WHERE id = $1::bigint", 2, p);
}

static gboolean
compare_one (PGresult *res, gpointer data, GError **error)
{
  EachRow *e = data;
  PmarkAuditRecord before, after;
  record_of (res, 0, &before);
  after = before;
  after.level = (char *) col (res, 15);
  after.content_level = (char *) col (res, 16);
  after.descriptors = (char *) col (res, 17);
  after.reasons = (char *) col (res, 18);
  after.error = (char *) col (res, 19);
  after.finding = (char *) col (res, 20);
  return e->pair (&before, &after, e->data, error);
}

static gboolean
pg_compare (AuditStore *store, gint64 sim,
            gboolean (*fn) (const PmarkAuditRecord *before, const PmarkAuditRecord *after,
                            gpointer data, GError **error),
            gpointer data, char **sim_policy, GError **error)
{
  PgStore *s = (PgStore *) store;
  char sb[32];
  const char *p[] = { I64 (sb, sim) };
  PGresult *res = q (s, error, "compare",
                     "SELECT id, policy FROM simulations WHERE finished IS NOT NULL AND "
                     "($1::bigint = 0 OR id = $1::bigint) ORDER BY id DESC LIMIT 1", 1, p);
  if (!res)
    return FALSE;
  if (PQntuples (res) == 0) {
    PQclear (res);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "%s: no finished simulation%s (pmark audit --simulate)", s->base.location,
                 sim ? " of that number" : "");
    return FALSE;
  }
  const char *ip[] = { I64 (sb, g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10)) };
  *sim_policy = g_strdup (PQgetvalue (res, 0, 1));
  PQclear (res);
  EachRow e = { .pair = fn, .data = data };
  return each_row (s, "SELECT f.path, f.size, f.mtime_ns, f.inode, f.dev, f.hash, f.type, "
                      "f.existing, f.level, f.descriptors, f.reasons, f.error, f.finding, "
                      "f.audited_at, f.content_level, s.level, s.content_level, "
                      "s.descriptors, s.reasons, s.error, s.finding "
                      "FROM files f JOIN simulated s ON s.path = f.path AND s.sim = $1::bigint "
                      "WHERE f.level IS DISTINCT FROM s.level "
                      "OR f.finding IS DISTINCT FROM s.finding ORDER BY f.path",
                   1, ip, compare_one, &e, error);
}

static gboolean
pg_status (AuditStore *store, GString *out, GError **error)
{
  PgStore *s = (PgStore *) store;
  PGresult *runs = q (s, error, "status",
    "SELECT r.id, r.policy || coalesce(' (version ' || r.policy_version || ')', ''), "
    "  replace(r.roots, E'\\n', ', '), "
    "  to_char(to_timestamp(r.started), 'YYYY-MM-DD HH24:MI:SS'), r.finished IS NOT NULL, "
    "  (SELECT count(*) FROM work w WHERE w.run = r.id AND w.done), "
    "  (SELECT count(*) FROM work w WHERE w.run = r.id AND NOT w.done), "
    "  (SELECT count(*) FROM work w WHERE w.run = r.id AND NOT w.done AND w.node IS NOT NULL) "
    "FROM runs r ORDER BY r.id DESC LIMIT 5", 0, NULL);
  if (!runs)
    return FALSE;
  for (int i = PQntuples (runs) - 1; i >= 0; i--) {
    gboolean finished = !strcmp (PQgetvalue (runs, i, 4), "t");
    g_string_append_printf (out, "run %s: policy %s, roots %s, started %s, %s\n"
                                 "  directories: %s done, %s left (%s claimed)\n",
                            PQgetvalue (runs, i, 0), PQgetvalue (runs, i, 1),
                            PQgetvalue (runs, i, 2), PQgetvalue (runs, i, 3),
                            finished ? "finished" : "in progress", PQgetvalue (runs, i, 5),
                            PQgetvalue (runs, i, 6), PQgetvalue (runs, i, 7));
    const char *p[] = { PQgetvalue (runs, i, 0) };
    PGresult *nodes = q (s, error, "status",
      "SELECT name, state, files, bytes, "
      "  extract(epoch FROM heartbeat - started), extract(epoch FROM now() - heartbeat), "
      "  (SELECT count(*) FROM work w WHERE w.run = n.run AND w.node = n.name "
      "   AND NOT w.done), lease "
      "FROM nodes n WHERE run = $1::bigint ORDER BY name", 1, p);
    if (!nodes) {
      PQclear (runs);
      return FALSE;
    }
    for (int j = 0; j < PQntuples (nodes); j++) {
      double secs = g_ascii_strtod (PQgetvalue (nodes, j, 4), NULL);
      double silent = g_ascii_strtod (PQgetvalue (nodes, j, 5), NULL);
      guint64 files = g_ascii_strtoull (PQgetvalue (nodes, j, 2), NULL, 10);
      const char *state = PQgetvalue (nodes, j, 1);
      gboolean lapsed = !strcmp (state, "running")
                        && silent > g_ascii_strtod (PQgetvalue (nodes, j, 7), NULL);
      g_string_append_printf (out, "  node %s: %s, %" G_GUINT64_FORMAT " files, %.1f MB, "
                                   "%.1f files/s, heartbeat %.0f s ago, %s held\n",
                              PQgetvalue (nodes, j, 0), lapsed ? "silent" : state, files,
                              g_ascii_strtod (PQgetvalue (nodes, j, 3), NULL) / 1e6,
                              secs > 0 ? files / secs : 0.0, silent, PQgetvalue (nodes, j, 6));
    }
    PQclear (nodes);
  }
  PQclear (runs);
  return TRUE;
}

PMARK_MODULE_DEFINE_VERSION;

G_MODULE_EXPORT const AuditStoreBackend audit_store_pg = {
  .name = "postgresql",
  .open = pg_open,
  .close = pg_close,
  .begin_run = pg_begin_run,
  .end_run = pg_end_run,
  .list_dir = pg_list_dir,
  .put = pg_put,
  .seen = pg_seen,
  .begin = pg_begin,
  .commit = pg_commit,
  .each = pg_each,
  .claim = pg_claim,
  .add_dir = pg_add_dir,
  .dir_done = pg_dir_done,
  .leave_run = pg_leave_run,
  .sim_begin = pg_sim_begin,
  .sim_put = pg_sim_put,
  .sim_end = pg_sim_end,
  .compare = pg_compare,
  .status = pg_status,
};
