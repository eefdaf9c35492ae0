/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark audit: the trees are walked on the calling thread (no symlink
 * followed unless asked, directory loops cut, other file systems skipped
 * when asked); files whose size, mtime and inode are as stored are
 * skipped; the rest are read (read-only, access time kept where
 * permitted), hashed and classified on worker threads; the calling thread
 * alone writes the store, committing every COMMIT_EVERY rows.
 *
 * Directories are work items: in memory (depth first, in name order) for
 * a store one process walks; in the store's shared queue for PostgreSQL,
 * where several nodes claim them (store-pg.c). A directory is done once
 * it is listed and its files are stored. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pmark/pmark.h>

#include "core/file.h"
#include "policy/settings.h"
#include "store.h"

#define COMMIT_EVERY 200

void
pmark_audit_record_clear (PmarkAuditRecord *r)
{
  g_free (r->path);
  g_free (r->hash);
  g_free (r->type);
  g_free (r->existing);
  g_free (r->level);
  g_free (r->content_level);
  g_free (r->descriptors);
  g_free (r->reasons);
  g_free (r->error);
  g_free (r->finding);
  memset (r, 0, sizeof *r);
}

char *
pmark_audit_default_db (void)
{
  const char *state = g_getenv ("XDG_STATE_HOME");
  g_autofree char *dir = state && *state
    ? g_strdup (state) : g_build_filename (g_get_home_dir (), ".local", "state", NULL);
  return g_build_filename (dir, "pmark", "audit.sqlite", NULL);
}

typedef struct {
  PmarkPolicy *policy;
  PmarkOcrMode ocr;
  GAsyncQueue *done;   /* Done* */
  GHashTable *justified; /* SHA-256 of a marked file -> "by USER on TIME: WHY"
                          * (justified_index) */
} Shared;

/* Markings a person gave with a justification (pmark mark --justify),
 * from the marking logs (the policy's audit-log, this user's default):
 * by the SHA-256 of the file they wrote, "by USER on TIME: WHY". A file
 * still so (unchanged since) that its content would mark higher is
 * justified-lower, not under-marked: a person's decision, kept. */
static GHashTable *
justified_index (const PmarkPolicy *policy)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *mine = pmark_mark_default_log ();
  const char *logs[] = { pmark_policy_audit_log (policy), mine };
  for (gsize i = 0; i < G_N_ELEMENTS (logs); i++) {
    if (!logs[i] || (i && logs[0] && !strcmp (logs[0], logs[i])))
      continue;
    g_autofree char *text = NULL;
    if (!g_file_get_contents (logs[i], &text, NULL, NULL))
      continue;
    for (char *line = text, *next; line && *line; line = next) {
      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      g_autoptr (JsonNode) n = json_from_string (line, NULL);
      JsonObject *o = n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *why = o ? json_object_get_string_member_with_default (o, "justification",
                                                                        NULL) : NULL;
      const char *sha = o ? json_object_get_string_member_with_default (o, "sha256_after",
                                                                        NULL) : NULL;
      if (!why || !sha)
        continue;
      g_hash_table_replace (t, g_strdup (sha), g_strdup_printf (
        "by %s on %s: %s",
        json_object_get_string_member_with_default (o, "user", "someone"),
        json_object_get_string_member_with_default (o, "time", "an unknown date"), why));
    }
  }
  return t;
}

/* The justification a person gave for the marking `bytes` carries, or
 * NULL (justified_index) */
static const char *
justification_of (const Shared *sh, GBytes *bytes)
{
  if (!bytes || !g_hash_table_size (sh->justified))
    return NULL;
  guint8 h[crypto_hash_sha256_BYTES];
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);
  crypto_hash_sha256 (h, d, len);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex (hex, sizeof hex, h, sizeof h);
  return g_hash_table_lookup (sh->justified, hex);
}

static char *
json_strings (GPtrArray *items)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; items && i < items->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (items, i));
  json_builder_end_array (b);
  g_autoptr (JsonNode) n = json_builder_get_root (b);
  return json_to_string (n, FALSE);
}

/* The findings, worst first (finding_of decides in this order), and what
 * a person does about each. */
static const char *const finding_names[] = {
  "error",
  "unsupported",
  "not-inspected",
  "under-marked",
  "marking-tampered",
  "signer-not-trusted",
  "type-mismatch",
  "justified-lower",
  "over-marked",
  NULL
};
static const char *const finding_advice[] = {
  "The file could not be read (the error column says why): fix or remove it, "
    "then audit again.",
  "pmark reads no text from this type: a person checks it, or it is saved "
    "in a format pmark reads.",
  "Part of the content could not be read: read it another way (OCR with "
    "--ocr always, legacy Office converted with --apply --convert, the "
    "password given) or have a person review it; never treat it as clean.",
  "Mark it at the required level: pmark audit --apply --apply-dir DIR "
    "(marked copies) or --apply --in-place, or pmark mark --auto FILE.",
  "Its signed marking no longer holds: pmark verify FILE shows what "
    "changed; find out who changed it, then re-mark and sign it.",
  "Signed by a key the policy does not trust: check who signed "
    "before relying on the marking, and add their key to [sign] "
    "trusted if they mark for you.",
  "The name says one type and the content another: rename it to what "
    "it is (the type column), so that people and tools open it right.",
  "A person marked it lower than its content needs, with a reason (who, "
    "when and why are in the why column): check that the reason still "
    "holds. pmark audit --apply leaves it unless --override-justified.",
  "Marked above what its content needs, which stops it being shared: ask "
    "its owner whether to lower it (pmark mark --level LEVEL --justify "
    "REASON).",
};
G_STATIC_ASSERT (G_N_ELEMENTS (finding_names) == G_N_ELEMENTS (finding_advice) + 1);

const char *
pmark_audit_finding_advice (const char *finding)
{
  for (gsize i = 0; finding && finding_names[i]; i++)
    if (!strcmp (finding_names[i], finding))
      return finding_advice[i];
  return NULL;
}

const char *const *
pmark_audit_findings (void)
{
  return finding_names;
}

/* the finding, worst first */
static const char *
finding_of (const PmarkPolicy *policy, const PmarkResult *res)
{
  if (res->error) {
    if (res->error->domain == PMARK_ERROR && res->error->code == PMARK_ERROR_UNSUPPORTED_FORMAT)
      return "unsupported";
    return "error";
  }
  if (!res->inspected && res->level < 0)
    return "not-inspected";
  int existing = res->existing ? res->existing->level : -1;
  /* no marking at all: under-marked when the file needs more than the
   * lowest level */
  if (res->level > existing && (existing >= 0 || res->level > 0))
    return "under-marked";
  /* a signed marking someone changed, or content changed under it */
  if (res->signature && (res->signature->state == PMARK_SIGNATURE_CONTENT_CHANGED
                         || res->signature->state == PMARK_SIGNATURE_MARKING_CHANGED
                         || res->signature->state == PMARK_SIGNATURE_INVALID))
    return "marking-tampered";
  if (res->signature && res->signature->state == PMARK_SIGNATURE_NOT_TRUSTED)
    return "signer-not-trusted";
  if (res->type.extension_mismatch)
    return "type-mismatch";
  if (!res->inspected)
    return "not-inspected";
  if (pmark_result_over_marked (res))
    return "over-marked";
  return NULL;
}

/* BLAKE2b-256 of a file read in pieces, hex; NULL when it cannot be read. */
static char *
hash_streaming (const char *path)
{
  FILE *f = fopen (path, "rbe");
  if (!f)
    return NULL;
  crypto_generichash_state st;
  crypto_generichash_init (&st, NULL, 0, 32);
  guint8 *buf = g_malloc (1 << 20);
  size_t n;
  while ((n = fread (buf, 1, 1 << 20, f)) > 0)
    crypto_generichash_update (&st, buf, n);
  gboolean ok = !ferror (f);
  fclose (f);
  g_free (buf);
  if (!ok)
    return NULL;
  guint8 h[32];
  crypto_generichash_final (&st, h, sizeof h);
  char hex[65];
  sodium_bin2hex (hex, sizeof hex, h, sizeof h);
  return g_strdup (hex);
}


/* A directory to walk and the files of it still in flight: done (in the
 * shared queue) once listed and every file stored. */
typedef struct {
  AuditItem it;
  guint pending;
  gboolean listed;
  gboolean abandoned;  /* stopped part way: never done, given back */
} Dir;

typedef struct {
  char *path;     /* on this machine */
  char *stored;   /* as stored */
  struct stat st;
  Dir *dir;       /* NULL in a simulation */
} Job;

typedef struct {
  PmarkAuditRecord r;
  Dir *dir;
} Done;

static void
work (gpointer data, gpointer user_data)
{
  Job *job = data;
  Shared *sh = user_data;
  Done *done = g_new0 (Done, 1);
  done->dir = job->dir;
  PmarkAuditRecord *r = &done->r;
  r->path = g_steal_pointer (&job->stored);
  r->size = job->st.st_size;
  r->mtime_ns = (gint64) job->st.st_mtim.tv_sec * 1000000000 + job->st.st_mtim.tv_nsec;
  r->inode = job->st.st_ino;
  r->dev = job->st.st_dev;
  r->audited_at = g_get_real_time () / G_USEC_PER_SEC;
  PmarkReadOptions given, ro;
  pmark_read_options_init (&given);
  given.ocr.mode = sh->ocr;
  /* the policy's budget applies to the read of the file too */
  pmark_policy_read_options (sh->policy, &given, &ro);
  GError *e = NULL;
  /* a large file of a type nothing reads is hashed as it streams by, never
   * held whole */
  g_autoptr (GBytes) bytes = pmark_file_probe (job->path, NULL, NULL)
                               ? pmark_file_read (job->path, &ro.budget, &e) : NULL;
  g_autoptr (PmarkResult) res = NULL;
  if (!bytes && !e)
    r->hash = hash_streaming (job->path);
  if (bytes) {
    guint8 h[32];
    gsize len;
    const guint8 *d = g_bytes_get_data (bytes, &len);
    crypto_generichash (h, sizeof h, d, len, NULL, 0);
    char hex[65];
    sodium_bin2hex (hex, sizeof hex, h, sizeof h);
    r->hash = g_strdup (hex);
    res = pmark_classify_bytes (sh->policy, bytes, job->path, &ro);
  } else {
    res = pmark_classify_file (sh->policy, job->path, &ro); /* carries the read error */
    g_clear_error (&e);
  }
  r->type = g_strdup (res->type.mime);
  r->existing = res->existing && res->existing->level >= 0
    ? g_strdup (((const PmarkLevel *) pmark_policy_get_level (sh->policy, res->existing->level))->name)
    : NULL;
  r->level = g_strdup (pmark_result_level_name (res));
  r->content_level = res->content_level >= 0
    ? g_strdup (((const PmarkLevel *) pmark_policy_get_level (sh->policy,
                                                              res->content_level))->name)
    : NULL;
  r->descriptors = json_strings (res->descriptors);
  /* the reasons as classify prints them (masked evidence) */
  g_autoptr (JsonNode) rj = pmark_result_to_json (res);
  JsonNode *reasons = json_object_get_member (json_node_get_object (rj), "reasons");
  r->reasons = reasons ? json_to_string (reasons, FALSE) : g_strdup ("[]");
  if (res->error)
    r->error = g_strdup_printf ("%s: %s", res->error->domain == PMARK_ERROR
                                            ? pmark_error_code_name (res->error->code)
                                            : "internal",
                                res->error->message);
  else if (!res->inspected && res->not_inspected_reason)
    /* read without an error, not all of it: why is kept (an encrypted
     * PDF, a sealed file, a message with a part it could not read) */
    r->error = g_strdup_printf ("not-inspected: %s", res->not_inspected_reason);
  r->finding = g_strdup (finding_of (sh->policy, res));
  /* under-marked as a person decided, with a reason: their decision */
  const char *justified = r->finding && !strcmp (r->finding, "under-marked")
                            ? justification_of (sh, bytes) : NULL;
  if (justified) {
    g_free (r->finding);
    r->finding = g_strdup ("justified-lower");
    g_free (r->error);
    r->error = g_strdup_printf ("justified: %s", justified);
  }
  g_async_queue_push (sh->done, done);
  g_free (job->path);
  g_free (job);
}

/* A root, canonical, and the prefix its files are stored under. */
typedef struct {
  char *stored;   /* "NAME:" or the canonical path */
  char *path;     /* canonical, on this machine */
  dev_t dev;
} Root;

static void
roots_free (Root *roots, guint n)
{
  for (guint i = 0; roots && i < n; i++) {
    g_free (roots[i].stored);
    g_free (roots[i].path);
  }
  g_free (roots);
}

static gboolean
root_name_valid (const char *name)
{
  if (!*name)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("-_.", *p))
      return FALSE;
  return TRUE;
}

static int
by_stored (const void *a, const void *b)
{
  return strcmp (((const Root *) a)->stored, ((const Root *) b)->stored);
}

/* The roots canonical and in the order of their stored names (every node
 * numbers them alike); NULL and an error for one that does not exist, a
 * bad name, or a name given twice. */
static Root *
roots_canonical (const PmarkAuditRoot *given, guint n, gboolean must_exist, GError **error)
{
  Root *roots = g_new0 (Root, MAX (n, 1));
  for (guint i = 0; i < n; i++) {
    if (given[i].name && !root_name_valid (given[i].name)) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                   "root name '%s': use letters, digits, '-', '_' and '.'", given[i].name);
      roots_free (roots, n);
      return NULL;
    }
    char *c = realpath (given[i].path, NULL);
    if (!c && must_exist) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s", given[i].path,
                   g_strerror (errno));
      roots_free (roots, n);
      return NULL;
    }
    roots[i].path = g_strdup (c ? c : given[i].path);
    free (c);
    roots[i].stored = given[i].name ? g_strconcat (given[i].name, ":", NULL)
                                    : g_strdup (roots[i].path);
    struct stat st;
    if (stat (roots[i].path, &st) == 0)
      roots[i].dev = st.st_dev;
  }
  qsort (roots, n, sizeof *roots, by_stored);
  for (guint i = 1; i < n; i++)
    if (!strcmp (roots[i].stored, roots[i - 1].stored)) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT, "root %s given twice",
                   roots[i].stored);
      roots_free (roots, n);
      return NULL;
    }
  return roots;
}

/* `stored` under root r: the rest of it ("" or "/..."), or NULL */
static const char *
under_root (const Root *r, const char *stored)
{
  gsize n = strlen (r->stored);
  if (strncmp (stored, r->stored, n) || (stored[n] && stored[n] != '/'))
    return NULL;
  return stored + n;
}

static char *
resolve (const Root *roots, guint n, const char *stored)
{
  for (guint i = 0; i < n; i++) {
    const char *rest = under_root (&roots[i], stored);
    if (rest)
      return g_strconcat (roots[i].path, rest, NULL);
  }
  return stored[0] == '/' ? g_strdup (stored) : NULL;
}

typedef struct {
  const PmarkAuditOptions *o;
  AuditStore *store;
  gint64 run, sim;
  gboolean simulate;
  gboolean shared;          /* the store's queue, not one in memory */
  GQueue local;             /* Dir*: the queue in memory */
  Root *roots;
  guint n_roots;
  GThreadPool *pool;
  Shared *sh;
  PmarkAuditStats *stats;
  guint64 pending, in_txn;
  GPtrArray *patterns;
  GError *error;
  guint64 total;            /* for the progress display; 0 unknown */
} Walk;

static gboolean
cancelled (Walk *w)
{
  return w->o->cancel && g_atomic_int_get (w->o->cancel);
}

static gboolean
excluded (Walk *w, const char *name)
{
  for (guint i = 0; i < w->patterns->len; i++)
    if (g_pattern_spec_match_string (g_ptr_array_index (w->patterns, i), name))
      return TRUE;
  return FALSE;
}

static void
dir_free (Dir *d)
{
  g_free (d->it.dir);
  g_free (d);
}

/* listed and nothing in flight: done (in the current transaction, so it
 * is done only with its rows) */
static gboolean
dir_settle (Walk *w, Dir *d)
{
  if (!d || !(d->listed || d->abandoned) || d->pending)
    return TRUE;
  gboolean ok = !w->shared || d->abandoned
                || w->store->backend->dir_done (w->store, d->it.id, &w->error);
  dir_free (d);
  return ok;
}

static gboolean
commit_batch (Walk *w)
{
  const AuditStoreBackend *be = w->store->backend;
  w->in_txn = 0;
  return be->commit (w->store, &w->error) && be->begin (w->store, &w->error);
}

/* Stores what the workers have finished: with `block`, waits for one. */
static gboolean
store_done (Walk *w, gboolean block)
{
  const AuditStoreBackend *be = w->store->backend;
  Done *done;
  while (w->pending && (done = block ? g_async_queue_pop (w->sh->done)
                                     : g_async_queue_try_pop (w->sh->done))) {
    block = FALSE;
    w->pending--;
    PmarkAuditRecord *r = &done->r;
    gboolean ok = w->simulate ? be->sim_put (w->store, w->sim, r, &w->error)
                              : be->put (w->store, w->run, r, &w->error);
    w->stats->audited++;
    w->stats->bytes += r->size;
    if (r->finding && !strcmp (r->finding, "error"))
      w->stats->errors++;
    pmark_audit_record_clear (r);
    if (ok && done->dir) {
      done->dir->pending--;
      ok = dir_settle (w, done->dir);
    }
    g_free (done);
    if (!ok)
      return FALSE;
    if (++w->in_txn >= COMMIT_EVERY && !commit_batch (w))
      return FALSE;
    if (w->o->progress)
      w->o->progress (w->stats, w->total, w->o->progress_data);
  }
  return TRUE;
}

/* keeps the queue short: memory stays flat whatever the tree's size */
static gboolean
push_job (Walk *w, Job *job)
{
  if (job->dir)
    job->dir->pending++;
  w->pending++;
  g_thread_pool_push (w->pool, job, NULL);
  while (w->pending > (guint64) (4 * g_thread_pool_get_max_threads (w->pool) + 16))
    if (!store_done (w, TRUE))
      return FALSE;
  return store_done (w, FALSE);
}

/* `stored`: what the store has for this file, or NULL */
static gboolean
visit_file (Walk *w, Dir *d, const char *path, const char *stored_path, const struct stat *st,
            const AuditStat *stored)
{
  const AuditStoreBackend *be = w->store->backend;
  w->stats->files++;
  gint64 mt = (gint64) st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
  /* recorded by this run already: a node that died had walked part of this
   * directory */
  gboolean again = stored && stored->seen == w->run;
  /* unchanged: not read again (a file whose reader failed included, so
   * that a repeated or resumed audit does not retry it for ever), unless
   * --verify, or --retry-errors for those */
  if (again || (stored && !w->o->verify && stored->size == st->st_size
                && stored->mtime_ns == mt && stored->inode == (gint64) st->st_ino
                && !(stored->errored && w->o->retry_errors))) {
    if (!again && !be->seen (w->store, stored_path, &w->error))
      return FALSE;
    w->stats->unchanged++;
    if (w->o->progress)
      w->o->progress (w->stats, w->total, w->o->progress_data);
    return TRUE;
  }
  Job *job = g_new0 (Job, 1);
  job->path = g_strdup (path);
  job->stored = g_strdup (stored_path);
  job->st = *st;
  job->dir = d;
  return push_job (w, job);
}

/* An entry the walk takes: not excluded, a link only when followed, on
 * the root's file system when asked; *st is what it is (a link's target),
 * *link whether it was a link. */
static gboolean
entry_taken (Walk *w, const Root *root, int dfd, const char *name, struct stat *st,
             gboolean *link)
{
  if (excluded (w, name) || fstatat (dfd, name, st, AT_SYMLINK_NOFOLLOW) != 0)
    return FALSE;
  *link = S_ISLNK (st->st_mode);
  if (*link && (!w->o->follow_symlinks || fstatat (dfd, name, st, 0) != 0))
    return FALSE;
  return !w->o->one_file_system || st->st_dev == root->dev;
}

/* a followed link to a directory that holds it: a loop */
static gboolean
on_path (const Root *root, const char *dir, const struct stat *target)
{
  g_autofree char *p = g_strdup (dir);
  for (;;) {
    struct stat st;
    if (stat (p, &st) == 0 && st.st_dev == target->st_dev && st.st_ino == target->st_ino)
      return TRUE;
    if (!strcmp (p, root->path) || strlen (p) <= 1)
      return FALSE;
    char *up = g_path_get_dirname (p);
    g_free (p);
    p = up;
  }
}

static gboolean
add_dir (Walk *w, GQueue *subdirs, guint root, const char *stored)
{
  if (w->shared)
    return w->store->backend->add_dir (w->store, w->run, root, stored, &w->error);
  Dir *d = g_new0 (Dir, 1);
  d->it.root = root;
  d->it.dir = g_strdup (stored);
  g_queue_push_tail (subdirs, d);
  return TRUE;
}

/* Lists one directory: its subdirectories become items, its files jobs. */
static gboolean
walk_dir (Walk *w, Dir *d)
{
  const AuditStoreBackend *be = w->store->backend;
  const Root *root = &w->roots[d->it.root];
  const char *rest = under_root (root, d->it.dir);
  g_autofree char *dir = g_strconcat (root->path, rest ? rest : "", NULL);
  g_autoptr (GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  struct stat dst;
  gboolean ok = TRUE;
  if (stat (dir, &dst) == 0 && S_ISREG (dst.st_mode)) {
    /* a root that is a file */
    g_autofree char *parent = g_path_get_dirname (d->it.dir);
    g_autofree char *base = g_path_get_basename (d->it.dir);
    ok = be->list_dir (w->store, parent, stored, &w->error)
         && visit_file (w, d, dir, d->it.dir, &dst, g_hash_table_lookup (stored, base));
  } else {
    /* names and stats relative to the directory: no path walk per file */
    DIR *dh = opendir (dir);
    int dfd = dh ? dirfd (dh) : -1;
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    struct dirent *de;
    while (dh && (de = readdir (dh)))
      if (strcmp (de->d_name, ".") && strcmp (de->d_name, ".."))
        g_ptr_array_add (names, g_strdup (de->d_name));
    g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);
    GQueue subdirs = G_QUEUE_INIT;
    ok = be->list_dir (w->store, d->it.dir, stored, &w->error);
    for (guint i = 0; ok && i < names->len; i++) {
      if (cancelled (w))
        break;
      const char *name = g_ptr_array_index (names, i);
      struct stat st;
      gboolean link;
      if (!entry_taken (w, root, dfd, name, &st, &link))
        continue;
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *spath = g_strconcat (d->it.dir, "/", name, NULL);
      if (S_ISDIR (st.st_mode)) {
        if (!link || !on_path (root, dir, &st))
          ok = add_dir (w, &subdirs, d->it.root, spath);
      } else if (S_ISREG (st.st_mode)) {
        ok = visit_file (w, d, path, spath, &st, g_hash_table_lookup (stored, name));
      }
    }
    if (dh)
      closedir (dh);
    if (cancelled (w) || !ok) {
      /* not all of it seen: the next node (or run) walks it again */
      for (Dir *s; (s = g_queue_pop_head (&subdirs));)
        dir_free (s);
      d->abandoned = TRUE;
      return dir_settle (w, d) && ok;
    }
    /* depth first, in name order, as before the queue */
    for (Dir *s; (s = g_queue_pop_tail (&subdirs));)
      g_queue_push_head (&w->local, s);
  }
  d->listed = TRUE;
  return dir_settle (w, d) && ok;
}

/* the files a walk would visit, for the progress display */
static guint64
count_files (Walk *w, const Root *root, const char *dir)
{
  struct stat st;
  if (stat (dir, &st) == 0 && S_ISREG (st.st_mode))
    return 1;
  DIR *dh = opendir (dir);
  if (!dh)
    return 0;
  guint64 n = 0;
  struct dirent *de;
  while ((de = readdir (dh))) {
    gboolean link;
    if (!strcmp (de->d_name, ".") || !strcmp (de->d_name, "..")
        || !entry_taken (w, root, dirfd (dh), de->d_name, &st, &link))
      continue;
    g_autofree char *path = g_build_filename (dir, de->d_name, NULL);
    if (S_ISDIR (st.st_mode) && (!link || !on_path (root, dir, &st)))
      n += count_files (w, root, path);
    else if (S_ISREG (st.st_mode))
      n++;
  }
  closedir (dh);
  return n;
}

static void
walk_init (Walk *w, PmarkPolicy *policy, const PmarkAuditOptions *o, Shared *sh,
           PmarkAuditStats *stats, AuditStore *store, Root *roots, guint n_roots)
{
  memset (stats, 0, sizeof *stats);
  *sh = (Shared) { .policy = policy, .ocr = o->ocr, .done = g_async_queue_new (),
                   .justified = justified_index (policy) };
  *w = (Walk) { .o = o, .sh = sh, .stats = stats, .store = store, .roots = roots,
                .n_roots = n_roots,
                .patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_pattern_spec_free) };
  g_queue_init (&w->local);
  for (guint i = 0; o->excludes && o->excludes[i]; i++)
    g_ptr_array_add (w->patterns, g_pattern_spec_new (o->excludes[i]));
  guint jobs = o->jobs ? o->jobs : g_get_num_processors ();
  w->pool = g_thread_pool_new (work, sh, (int) jobs, TRUE, NULL);
}

/* the work in flight finished and stored (also when stopping) */
static gboolean
walk_drain (Walk *w, gboolean ok)
{
  if (w->pool)
    g_thread_pool_free (w->pool, FALSE, TRUE);
  w->pool = NULL;
  while (ok && w->pending)
    ok = store_done (w, TRUE);
  return ok;
}

static void
walk_clear (Walk *w)
{
  for (Dir *d; (d = g_queue_pop_head (&w->local));)
    dir_free (d);
  g_async_queue_unref (w->sh->done);
  g_hash_table_unref (w->sh->justified);
  g_ptr_array_unref (w->patterns);
  roots_free (w->roots, w->n_roots);
  if (w->store)
    w->store->backend->close (w->store);
  g_clear_error (&w->error);
}

/* The walk: directories from the queue (in memory, or the store's shared
 * one) until none is left. */
static gboolean
walk_queue (Walk *w, gboolean *complete)
{
  const AuditStoreBackend *be = w->store->backend;
  gboolean ok = TRUE;
  *complete = FALSE;
  while (ok && !cancelled (w)) {
    Dir *d = NULL;
    if (!w->shared) {
      d = g_queue_pop_head (&w->local);
      if (!d) {
        *complete = TRUE;
        break;
      }
    } else {
      /* the claim is committed at once, with the batch before it: the
       * directories this node added become claimable by the others */
      AuditItem it = { 0 };
      AuditClaim got;
      ok = be->commit (w->store, &w->error)
           && be->claim (w->store, w->run, &it, &got, &w->error)
           && be->begin (w->store, &w->error);
      w->in_txn = 0;
      if (!ok)
        break;
      if (got == AUDIT_CLAIM_DONE) {
        *complete = TRUE;
        break;
      }
      if (got == AUDIT_CLAIM_WAIT) {
        /* the others hold what is left: wait for ours, or a while */
        if (w->pending)
          ok = store_done (w, TRUE);
        else
          g_usleep (G_USEC_PER_SEC / 4);
        continue;
      }
      d = g_new0 (Dir, 1);
      d->it = it;
    }
    ok = walk_dir (w, d);
  }
  return walk_drain (w, ok);
}

gboolean
pmark_audit_run (PmarkPolicy *policy, const PmarkAuditRoot *given, guint n_roots,
                 const PmarkAuditOptions *o, PmarkAuditStats *stats, GError **error)
{
  if (!pmark_init (error)) {
    memset (stats, 0, sizeof *stats);
    return FALSE;
  }
  Root *roots = roots_canonical (given, n_roots, TRUE, error);
  if (!roots) {
    memset (stats, 0, sizeof *stats);
    return FALSE;
  }
  g_autofree char *db = o->db ? g_strdup (o->db) : pmark_audit_default_db ();
  AuditStore *store = audit_store_open (db, FALSE, error);
  if (!store) {
    roots_free (roots, n_roots);
    memset (stats, 0, sizeof *stats);
    return FALSE;
  }
  Shared sh;
  Walk w;
  walk_init (&w, policy, o, &sh, stats, store, roots, n_roots);
  const AuditStoreBackend *be = store->backend;
  w.shared = be->claim != NULL;
  g_autoptr (GPtrArray) stored_roots = g_ptr_array_new ();
  for (guint i = 0; i < n_roots; i++)
    g_ptr_array_add (stored_roots, roots[i].stored);
  g_ptr_array_add (stored_roots, NULL);
  g_autofree char *roots_text = g_strjoinv ("\n", (char **) stored_roots->pdata);
  g_autofree char *node = o->node ? g_strdup (o->node)
                                  : g_strdup_printf ("%s:%d", g_get_host_name (), (int) getpid ());
  AuditRunSpec spec = { .policy = pmark_policy_get_name (policy),
                        .policy_version = pmark_policy_get_version (policy), .roots = roots_text,
                        .node = node, .lease_seconds = o->lease_seconds ? o->lease_seconds : 60 };
  gboolean ok = be->begin_run (store, &spec, &w.run, &stats->joined, &w.error)
                && be->begin (store, &w.error);
  stats->run = w.run;
  if (!w.shared) {
    for (guint i = 0; i < n_roots; i++) {
      Dir *d = g_new0 (Dir, 1);
      d->it.root = i;
      d->it.dir = g_strdup (roots[i].stored);
      g_queue_push_tail (&w.local, d);
      /* a progress display needs the total: counted first (stat only) */
      if (o->progress)
        w.total += count_files (&w, &roots[i], roots[i].path);
    }
  }
  gboolean complete = FALSE;
  ok = ok && walk_queue (&w, &complete);
  if (!ok)
    walk_drain (&w, FALSE);
  ok = ok && be->commit (store, &w.error);
  if (ok && complete && !cancelled (&w)) {
    /* files gone since the last run are removed (never after a stop:
     * unseen is not gone) */
    ok = be->end_run (store, w.run, (const char *const *) stored_roots->pdata,
                      &stats->removed, &w.error);
    stats->finished = ok;
  } else if (w.shared && be->leave_run) {
    GError *e = NULL;
    if (!be->leave_run (store, w.run, ok ? &w.error : &e))
      ok = FALSE;
    g_clear_error (&e);
  }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&w.error));
  walk_clear (&w);
  return ok;
}

typedef struct {
  GPtrArray *paths;
} Paths;

static gboolean
collect_path (const PmarkAuditRecord *r, gpointer data, GError **error)
{
  (void) error;
  g_ptr_array_add (((Paths *) data)->paths, g_strdup (r->path));
  return TRUE;
}

gboolean
pmark_audit_simulate (PmarkPolicy *policy, const PmarkAuditRoot *given, guint n_roots,
                      const PmarkAuditOptions *o, PmarkAuditStats *stats, gint64 *sim,
                      GError **error)
{
  memset (stats, 0, sizeof *stats);
  if (!pmark_init (error))
    return FALSE;
  Root *roots = roots_canonical (given, n_roots, TRUE, error);
  if (!roots)
    return FALSE;
  g_autofree char *db = o->db ? g_strdup (o->db) : pmark_audit_default_db ();
  AuditStore *store = audit_store_open (db, TRUE, error);
  if (!store) {
    roots_free (roots, n_roots);
    return FALSE;
  }
  Shared sh;
  Walk w;
  walk_init (&w, policy, o, &sh, stats, store, roots, n_roots);
  w.simulate = TRUE;
  const AuditStoreBackend *be = store->backend;
  /* the stored paths only (never text): one string each */
  Paths p = { .paths = g_ptr_array_new_with_free_func (g_free) };
  gboolean ok = be->each (store, collect_path, &p, &w.error)
                && be->sim_begin (store, pmark_policy_get_name (policy), &w.sim, &w.error)
                && be->begin (store, &w.error);
  w.total = p.paths->len;
  for (guint i = 0; ok && i < p.paths->len && !cancelled (&w); i++) {
    const char *stored = g_ptr_array_index (p.paths, i);
    g_autofree char *path = resolve (roots, n_roots, stored);
    struct stat st;
    if (!path || stat (path, &st) != 0 || !S_ISREG (st.st_mode)) {
      /* not here to read: an error row, never a silent gap */
      Done *done = g_new0 (Done, 1);
      done->r.path = g_strdup (stored);
      done->r.finding = g_strdup ("error");
      done->r.reasons = g_strdup ("[]");
      done->r.descriptors = g_strdup ("[]");
      g_autofree char *root = g_strndup (stored, strcspn (stored, ":"));
      done->r.error = path ? g_strdup_printf ("io: %s: %s", stored, g_strerror (errno))
                           : g_strdup_printf ("invalid-argument: root %s not given "
                                              "(--root %s=PATH)", root, root);
      stats->files++;
      w.pending++;
      g_async_queue_push (sh.done, done);
      ok = store_done (&w, FALSE);
      continue;
    }
    stats->files++;
    Job *job = g_new0 (Job, 1);
    job->path = g_steal_pointer (&path);
    job->stored = g_strdup (stored);
    job->st = st;
    ok = push_job (&w, job);
  }
  ok = walk_drain (&w, ok) && be->commit (store, &w.error);
  if (ok && !cancelled (&w))
    ok = be->sim_end (store, w.sim, &w.error);
  *sim = w.sim;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&w.error));
  g_ptr_array_unref (p.paths);
  walk_clear (&w);
  return ok;
}

gboolean
pmark_audit_each (const char *db, gboolean (*fn) (const PmarkAuditRecord *r, gpointer data,
                                                  GError **error),
                  gpointer data, GError **error)
{
  AuditStore *store = audit_store_open (db, TRUE, error);
  if (!store)
    return FALSE;
  const AuditStoreBackend *be = store->backend;
  gboolean ok = be->each (store, fn, data, error);
  be->close (store);
  return ok;
}

gboolean
pmark_audit_status (const char *db, GString *out, GError **error)
{
  AuditStore *store = audit_store_open (db, TRUE, error);
  if (!store)
    return FALSE;
  gboolean ok = store->backend->status (store, out, error);
  store->backend->close (store);
  return ok;
}
