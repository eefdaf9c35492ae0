/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Auditing trees of files into a results store, incrementally, and
 * reporting from the store. */
#pragma once

#include <gio/gio.h>
#include <pmark/budget.h>
#include <pmark/policy.h>

G_BEGIN_DECLS

/* One file's row in the store. */
typedef struct {
  char *path;
  gint64 size, mtime_ns, inode, dev;
  char *hash;         /* BLAKE2b-256, hex */
  char *type;         /* detected MIME type */
  char *existing;     /* existing marking's level, or NULL */
  char *level;        /* required level, or NULL (no decision): never
                       * below the existing marking */
  char *content_level; /* the level its content needs by itself, or NULL */
  char *descriptors;  /* JSON array */
  char *reasons;      /* JSON array, masked evidence */
  char *error;        /* "code: message", or NULL */
  char *finding;      /* NULL when all is well */
  gint64 audited_at;  /* unix seconds */
} PmarkAuditRecord;

/**
 * pmark_audit_record_clear:
 * @r: a record
 *
 * Frees what @r holds and zeroes it.
 */
void pmark_audit_record_clear (PmarkAuditRecord *r);

typedef struct {
  guint64 files;      /* regular files found */
  guint64 audited;    /* read and classified in this run */
  guint64 unchanged;  /* skipped: size, mtime and inode as stored */
  guint64 removed;    /* gone since the last run */
  guint64 errors;
  guint64 bytes;      /* read in this run */
  gint64 run;         /* the run's number in the store */
  gboolean joined;    /* a shared store: this node joined a run under way */
  gboolean finished;  /* the run is complete (with several nodes: this node saw
                       * it complete) */
} PmarkAuditStats;

/* A tree to audit. Unnamed, its files are stored by their absolute paths;
 * named, as "NAME:/path/under/it", so that nodes that mount the same share
 * in different places store the same paths. */
typedef struct {
  const char *name;   /* letters, digits, '-', '_', '.'; or NULL */
  const char *path;
} PmarkAuditRoot;

typedef void (*PmarkAuditProgress) (const PmarkAuditStats *stats, guint64 total,
                                    gpointer user_data);

typedef struct {
  const char *db;                 /* the store: an SQLite file, or a PostgreSQL
                                   * URI or libpq connection string */
  guint jobs;                     /* worker threads; 0 = all cores */
  const char *const *excludes;    /* globs on file and directory names */
  gboolean one_file_system;
  gboolean follow_symlinks;
  gboolean verify;                /* re-read unchanged files, compare hashes */
  gboolean retry_errors;          /* re-read unchanged files recorded as errors
                                   * (their reader failed, crashed or timed
                                   * out); otherwise they stay as recorded */
  PmarkAuditProgress progress;    /* called from the calling thread */
  gpointer progress_data;
  volatile gint *cancel;          /* set non-zero to stop cleanly */
  PmarkOcrMode ocr;               /* 0: the policy's [ocr] mode */
  /* a shared (PostgreSQL) store */
  const char *node;               /* this node's name (default: host name:pid) */
  guint lease_seconds;            /* a node silent this long loses its
                                   * directories to the others (default 60) */
} PmarkAuditOptions;

/**
 * pmark_audit_run:
 * @policy: the policy files are classified under
 * @roots: (array length=n_roots): the trees
 * @n_roots: how many
 * @options: the store, threads, walking and re-reading options
 * @stats: (out caller-allocates): what the run found and did
 * @error: where to put why the run could not be done, or %NULL
 *
 * Audits the trees into the store, incrementally: a file whose size, mtime
 * and inode are as stored is not read again. A file that cannot be read (a
 * reader that failed, crashed or timed out) is an error finding, and the
 * run goes on. With a PostgreSQL store, nodes given the same roots (by
 * name) and policy walk them together: an unfinished run is joined (a
 * restarted node resumes it).
 *
 * Returns: %TRUE when the run completed (or was cancelled cleanly)
 */
gboolean pmark_audit_run (PmarkPolicy *policy, const PmarkAuditRoot *roots, guint n_roots,
                          const PmarkAuditOptions *options,
                          PmarkAuditStats *stats, GError **error);

/**
 * pmark_audit_simulate:
 * @policy: the policy to try
 * @roots: (array length=n_roots): where named roots are on this machine
 * @n_roots: how many
 * @options: the store and threads
 * @stats: (out caller-allocates): what the simulation did
 * @sim: (out): the new simulation's number
 * @error: where to put why it could not be done, or %NULL
 *
 * Classifies every stored file again under @policy (re-reading it; no text
 * is stored) into a new simulation; nothing else in the store changes
 * (pmark_report_compare() shows the difference).
 *
 * Returns: %TRUE when every stored file was tried
 */
gboolean pmark_audit_simulate (PmarkPolicy *policy, const PmarkAuditRoot *roots,
                               guint n_roots, const PmarkAuditOptions *options,
                               PmarkAuditStats *stats, gint64 *sim, GError **error);

/**
 * pmark_audit_status:
 * @db: the store
 * @out: where the words are appended
 * @error: where to put why the store cannot be read, or %NULL
 *
 * The store's runs, nodes and the work left, in words.
 *
 * Returns: %TRUE when @out holds them
 */
gboolean pmark_audit_status (const char *db, GString *out, GError **error);

/**
 * pmark_audit_each:
 * @db: the store
 * @fn: called with each row, in path order; returning %FALSE (with its
 *    error set) stops the walk
 * @data: for @fn
 * @error: where to put why the walk stopped, or %NULL
 *
 * Returns: %TRUE when every row was given to @fn
 */
gboolean pmark_audit_each (const char *db,
                           gboolean (*fn) (const PmarkAuditRecord *r,
                                           gpointer data, GError **error),
                           gpointer data, GError **error);

/**
 * pmark_audit_finding_advice:
 * @finding: a finding of pmark-audit(1) ("under-marked", ...)
 *
 * What a person does next about files with @finding: one sentence, with the
 * command where there is one.
 *
 * Returns: (nullable): the advice (static), or %NULL for an unknown finding
 */
const char *pmark_audit_finding_advice (const char *finding);
/**
 * pmark_audit_findings:
 *
 * Returns: (array zero-terminated=1): the findings of pmark-audit(1), worst
 *    first (static)
 */
const char *const *pmark_audit_findings (void);

/**
 * pmark_audit_default_db:
 *
 * Returns: (transfer full): the default store,
 *    $XDG_STATE_HOME/pmark/audit.sqlite
 */
char *pmark_audit_default_db (void);

/**
 * pmark_report_write:
 * @db: the store
 * @policy: (nullable): the policy whose identifiers are masked in the
 *    files' paths and errors, as classify shows them ("nhs 943 *** **70.txt"),
 *    or %NULL to show them as stored
 * @format: "csv", "jsonl" or "html"
 * @out: where the report is written
 * @error: where to put why it could not be written
 *    (%PMARK_ERROR_INVALID_ARGUMENT for an unknown format), or %NULL
 *
 * The report of every file the store holds, from the store alone (no file
 * is read).
 *
 * Returns: %TRUE when the whole report is written
 */
gboolean pmark_report_write (const char *db, const PmarkPolicy *policy,
                             const char *format, GOutputStream *out, GError **error);

/**
 * pmark_report_compare:
 * @db: the store
 * @policy: (nullable): the policy whose identifiers are masked in paths, as
 *    for pmark_report_write(), or %NULL
 * @sim: a simulation's number (pmark_audit_simulate()), or 0 for the latest
 * @format: "csv", "jsonl" or "html"
 * @out: where the report is written
 * @error: where to put why it could not be written, or %NULL
 *
 * The files whose required level or finding the simulation changes, with
 * the reasons before and after.
 *
 * Returns: %TRUE when the whole report is written
 */
gboolean pmark_report_compare (const char *db, const PmarkPolicy *policy, gint64 sim,
                               const char *format, GOutputStream *out, GError **error);

G_END_DECLS
