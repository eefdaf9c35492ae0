/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark audit: the trees are walked on the calling thread (no symlink
 * followed unless asked, directory loops cut, other file systems skipped
 * when asked); files whose size, mtime and inode are as stored are
 * skipped; the rest are read (read-only, access time kept where
 * permitted), hashed and classified on worker threads; the calling thread
 * alone writes the store, committing every COMMIT_EVERY rows. */
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
#include "formats/zipxml.h"
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
  GAsyncQueue *done;   /* PmarkAuditRecord* */
} Shared;

typedef struct {
  char *path;
  struct stat st;
} Job;

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

static void
work (gpointer data, gpointer user_data)
{
  Job *job = data;
  Shared *sh = user_data;
  PmarkAuditRecord *r = g_new0 (PmarkAuditRecord, 1);
  r->path = g_steal_pointer (&job->path);
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
  g_autoptr (GBytes) bytes = pmark_file_probe (r->path, NULL, NULL)
                               ? pmark_file_read (r->path, &ro.budget, &e) : NULL;
  g_autoptr (PmarkResult) res = NULL;
  if (!bytes && !e)
    r->hash = hash_streaming (r->path);
  if (bytes) {
    guint8 h[32];
    gsize len;
    const guint8 *d = g_bytes_get_data (bytes, &len);
    crypto_generichash (h, sizeof h, d, len, NULL, 0);
    char hex[65];
    sodium_bin2hex (hex, sizeof hex, h, sizeof h);
    r->hash = g_strdup (hex);
    res = pmark_classify_bytes (sh->policy, bytes, r->path, &ro);
  } else {
    res = pmark_classify_file (sh->policy, r->path, &ro); /* carries the read error */
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
  r->finding = g_strdup (finding_of (sh->policy, res));
  g_async_queue_push (sh->done, r);
  g_free (job);
}

typedef struct {
  const PmarkAuditOptions *o;
  AuditStore *store;
  gint64 run;
  GThreadPool *pool;
  Shared *sh;
  PmarkAuditStats *stats;
  guint64 pending, in_txn;
  GHashTable *dirs_on_path; /* "dev:ino" of the directories being walked */
  GPtrArray *patterns;
  dev_t root_dev;
  GError *error;
  gboolean counting;        /* first pass for the progress total */
  guint64 total;
} Walk;

static gboolean
excluded (Walk *w, const char *name)
{
  for (guint i = 0; i < w->patterns->len; i++)
    if (g_pattern_spec_match_string (g_ptr_array_index (w->patterns, i), name))
      return TRUE;
  return FALSE;
}

static gboolean
store_done (Walk *w, gboolean wait)
{
  const AuditStoreBackend *be = w->store->backend;
  PmarkAuditRecord *r;
  while (w->pending && (r = wait ? g_async_queue_pop (w->sh->done)
                                 : g_async_queue_try_pop (w->sh->done))) {
    w->pending--;
    gboolean ok = be->put (w->store, w->run, r, &w->error);
    w->stats->audited++;
    w->stats->bytes += r->size;
    if (r->finding && !strcmp (r->finding, "error"))
      w->stats->errors++;
    pmark_audit_record_clear (r);
    g_free (r);
    if (!ok)
      return FALSE;
    if (++w->in_txn >= COMMIT_EVERY) {
      if (!be->commit (w->store, &w->error) || !be->begin (w->store, &w->error))
        return FALSE;
      w->in_txn = 0;
    }
    if (w->o->progress)
      w->o->progress (w->stats, w->total, w->o->progress_data);
  }
  return TRUE;
}

/* `stored`: what the store has for this file, or NULL */
static gboolean
visit_file (Walk *w, const char *path, const struct stat *st, const AuditStat *stored)
{
  const AuditStoreBackend *be = w->store->backend;
  if (w->counting) {
    w->total++;
    return TRUE;
  }
  w->stats->files++;
  if (!be->seen (w->store, path, &w->error))
    return FALSE;
  gint64 mt = (gint64) st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
  if (stored && !w->o->verify && stored->size == st->st_size && stored->mtime_ns == mt
      && stored->inode == (gint64) st->st_ino) {
    w->stats->unchanged++;
    if (w->o->progress)
      w->o->progress (w->stats, w->total, w->o->progress_data);
    return TRUE;
  }
  Job *job = g_new0 (Job, 1);
  job->path = g_strdup (path);
  job->st = *st;
  w->pending++;
  g_thread_pool_push (w->pool, job, NULL);
  /* keep the queue short: memory stays flat whatever the tree's size */
  while (w->pending > (guint64) (4 * g_thread_pool_get_max_threads (w->pool) + 16))
    if (!store_done (w, TRUE))
      return FALSE;
  return store_done (w, FALSE);
}

static gboolean
walk_dir (Walk *w, const char *dir, const struct stat *dst)
{
  if (w->o->cancel && g_atomic_int_get (w->o->cancel))
    return TRUE;
  g_autofree char *key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                          (guint64) dst->st_dev, (guint64) dst->st_ino);
  if (g_hash_table_contains (w->dirs_on_path, key))
    return TRUE; /* a loop through a followed symlink */
  g_hash_table_add (w->dirs_on_path, g_strdup (key));
  /* names and stats relative to the directory: no path walk per file */
  DIR *d = opendir (dir);
  int dfd = d ? dirfd (d) : -1;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct dirent *de;
  while (d && (de = readdir (d)))
    if (strcmp (de->d_name, ".") && strcmp (de->d_name, ".."))
      g_ptr_array_add (names, g_strdup (de->d_name));
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);
  const AuditStoreBackend *be = w->store->backend;
  g_autoptr (GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean ok = w->counting || be->list_dir (w->store, dir, stored, &w->error);
  for (guint i = 0; ok && i < names->len; i++) {
    if (w->o->cancel && g_atomic_int_get (w->o->cancel))
      break;
    const char *name = g_ptr_array_index (names, i);
    if (excluded (w, name))
      continue;
    struct stat st;
    if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
      continue;
    if (S_ISLNK (st.st_mode)) {
      if (!w->o->follow_symlinks || fstatat (dfd, name, &st, 0) != 0)
        continue;
    }
    g_autofree char *path = g_build_filename (dir, name, NULL);
    if (w->o->one_file_system && st.st_dev != w->root_dev)
      continue;
    if (S_ISDIR (st.st_mode))
      ok = walk_dir (w, path, &st);
    else if (S_ISREG (st.st_mode))
      ok = visit_file (w, path, &st, g_hash_table_lookup (stored, name));
  }
  if (d)
    closedir (d);
  g_hash_table_remove (w->dirs_on_path, key);
  return ok;
}

gboolean
pmark_audit_run (PmarkPolicy *policy, const char *const *roots,
                 const PmarkAuditOptions *o, PmarkAuditStats *stats, GError **error)
{
  memset (stats, 0, sizeof *stats);
  if (sodium_init () < 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INTERNAL, "libsodium failed");
    return FALSE;
  }
  g_autofree char *db = o->db ? g_strdup (o->db) : pmark_audit_default_db ();
  g_autofree char *dbdir = g_path_get_dirname (db);
  if (!strstr (db, "://"))
    g_mkdir_with_parents (dbdir, 0700);
  AuditStore *store = audit_store_open (db, FALSE, error);
  if (!store)
    return FALSE;
  const AuditStoreBackend *be = store->backend;
  /* canonical roots, so that paths compare across runs */
  g_autoptr (GPtrArray) canon = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; roots[i]; i++) {
    char *c = realpath (roots[i], NULL);
    if (!c) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s", roots[i], g_strerror (errno));
      be->close (store);
      return FALSE;
    }
    g_ptr_array_add (canon, g_strdup (c));
    free (c);
  }
  g_ptr_array_add (canon, NULL);
  g_autofree char *roots_text = g_strjoinv ("\n", (char **) canon->pdata);
  zipxml_init (); /* before any worker parses XML */
  Shared sh = { .policy = policy, .ocr = o->ocr, .done = g_async_queue_new () };
  guint jobs = o->jobs ? o->jobs : g_get_num_processors ();
  Walk w = { .o = o, .store = store, .sh = &sh, .stats = stats,
             .dirs_on_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
             .patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_pattern_spec_free) };
  for (guint i = 0; o->excludes && o->excludes[i]; i++)
    g_ptr_array_add (w.patterns, g_pattern_spec_new (o->excludes[i]));
  w.pool = g_thread_pool_new (work, &sh, (int) jobs, TRUE, NULL);
  gboolean ok = be->begin_run (store, pmark_policy_get_name (policy), roots_text, &w.run,
                               &w.error)
                && be->begin (store, &w.error);
  gboolean cancelled = FALSE;
  /* a progress display needs the total: count first (stat only) */
  for (int pass = o->progress ? 0 : 1; pass < 2; pass++) {
  w.counting = pass == 0;
  for (guint i = 0; ok && i < canon->len - 1; i++) {
    const char *root = g_ptr_array_index (canon, i);
    struct stat st;
    if (stat (root, &st) != 0)
      continue;
    w.root_dev = st.st_dev;
    if (S_ISDIR (st.st_mode)) {
      ok = walk_dir (&w, root, &st);
    } else if (S_ISREG (st.st_mode)) {
      g_autoptr (GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autofree char *dir = g_path_get_dirname (root), *base = g_path_get_basename (root);
      ok = be->list_dir (store, dir, stored, &w.error)
           && visit_file (&w, root, &st, g_hash_table_lookup (stored, base));
    }
  }
  }
  /* the work in flight is finished and stored, also when stopping */
  g_thread_pool_free (w.pool, FALSE, TRUE);
  ok = ok && store_done (&w, TRUE);
  cancelled = o->cancel && g_atomic_int_get (o->cancel);
  /* files gone since the last run (not after a stop: unseen is not gone) */
  for (guint i = 0; ok && !cancelled && i < canon->len - 1; i++)
    ok = be->remove_unseen (store, w.run, g_ptr_array_index (canon, i), &stats->removed,
                            &w.error);
  ok = ok && be->commit (store, &w.error) && be->end_run (store, w.run, &w.error);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&w.error));
  g_clear_error (&w.error);
  be->close (store);
  g_async_queue_unref (sh.done);
  g_hash_table_unref (w.dirs_on_path);
  g_ptr_array_unref (w.patterns);
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
