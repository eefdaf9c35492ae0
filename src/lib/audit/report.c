/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reports from the store alone (no re-scan): CSV, JSON lines, and one
 * self-contained HTML file (no external assets) with the summary figures,
 * what to do next per finding, files per level and per top-level folder,
 * and the findings table (filtered and sorted in the page, printable). */
#include "config.h"

#include <string.h>

#include <pmark/pmark.h>

#include "core/json.h"
#include "store.h"

typedef struct {
  const char *format;
  const PmarkPolicy *policy; /* masks identifiers in paths; NULL none */
  GOutputStream *out;
  GString *buf;
  guint64 files, bytes;
  guint n_findings;
  GHashTable *per_level, *per_finding, *per_folder; /* name -> count */
  GString *rows;      /* html findings table */
  char *common_root;
  gint64 first_at, last_at; /* when the files were audited (unix seconds) */
} Report;

static gboolean
flush (Report *r, gboolean all, GError **error)
{
  if (!all && r->buf->len < 65536)
    return TRUE;
  GError *e = NULL;
  if (!g_output_stream_write_all (r->out, r->buf->str, r->buf->len, NULL, NULL, &e)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "writing the report: %s", e->message);
    g_error_free (e);
    return FALSE;
  }
  g_string_truncate (r->buf, 0);
  return TRUE;
}

static void
csv_field (GString *s, const char *v, gboolean last)
{
  if (v) {
    g_string_append_c (s, '"');
    for (const char *p = v; *p; p++) {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
    g_string_append_c (s, '"');
  }
  g_string_append_c (s, last ? '\n' : ',');
}

static void
count (GHashTable *t, const char *key)
{
  gpointer v = g_hash_table_lookup (t, key);
  g_hash_table_replace (t, g_strdup (key), GUINT_TO_POINTER (GPOINTER_TO_UINT (v) + 1));
}

/* A record as reports show it: identifiers in its path and error (which
 * names the file) masked under the policy, as classify shows them; the
 * strings are in `held` */
static PmarkAuditRecord
shown (const PmarkPolicy *policy, const PmarkAuditRecord *rec, GPtrArray *held)
{
  PmarkAuditRecord copy = *rec;
  if (!policy)
    return copy;
  copy.path = pmark_policy_mask (policy, rec->path);
  g_ptr_array_add (held, (char *) copy.path);
  if (rec->error) {
    copy.error = pmark_policy_mask (policy, rec->error);
    g_ptr_array_add (held, (char *) copy.error);
  }
  return copy;
}

/* The reasons' explanations, each once, as one paragraph ("" for none). */
static char *
why_of (const PmarkAuditRecord *rec)
{
  GString *s = g_string_new (NULL);
  g_autoptr (JsonNode) n = json_from_string (rec->reasons ? rec->reasons : "[]", NULL);
  JsonArray *a = n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
  for (guint i = 0; a && i < json_array_get_length (a); i++) {
    JsonNode *e = json_array_get_element (a, i);
    JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
    const char *x = o && json_object_has_member (o, "explanation")
      ? json_object_get_string_member (o, "explanation") : NULL;
    if (x && !strstr (s->str, x))
      g_string_append_printf (s, "%s%s", s->len ? " " : "", x);
  }
  /* not all of it read, and no reason said so: what could not be read */
  if (!s->len && rec->error && g_str_has_prefix (rec->error, "not-inspected: "))
    g_string_append_printf (s, "Not all of it could be read: %s.",
                            rec->error + strlen ("not-inspected: "));
  /* a person's lower marking, with their reason (audit.c, justified_index) */
  if (rec->error && g_str_has_prefix (rec->error, "justified: "))
    g_string_append_printf (s, "%sMarked lower than its content needs %s.", s->len ? " " : "",
                            rec->error + strlen ("justified: "));
  return g_string_free (s, FALSE);
}

static gboolean
row (const PmarkAuditRecord *stored, gpointer data, GError **error)
{
  Report *r = data;
  g_autoptr (GPtrArray) held = g_ptr_array_new_with_free_func (g_free);
  PmarkAuditRecord view = shown (r->policy, stored, held);
  const PmarkAuditRecord *rec = &view;
  r->files++;
  r->bytes += rec->size;
  if (rec->audited_at > 0) {
    r->first_at = r->first_at ? MIN (r->first_at, rec->audited_at) : rec->audited_at;
    r->last_at = MAX (r->last_at, rec->audited_at);
  }
  if (!strcmp (r->format, "csv")) {
    g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, rec->size);
    g_autofree char *why = why_of (rec);
    const char *f[] = { rec->path, size, rec->type, rec->existing, rec->level,
                        rec->content_level, rec->descriptors, rec->finding, why,
                        rec->error, rec->hash, pmark_audit_finding_advice (rec->finding) };
    for (gsize i = 0; i < G_N_ELEMENTS (f); i++)
      csv_field (r->buf, f[i], i + 1 == G_N_ELEMENTS (f));
  } else if (!strcmp (r->format, "jsonl")) {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    json_builder_begin_object (b);
    pmark_json_add_string (b, "path", rec->path);
    json_builder_set_member_name (b, "size");
    json_builder_add_int_value (b, rec->size);
    pmark_json_add_string (b, "type", rec->type);
    pmark_json_add_string (b, "level", rec->level);
    pmark_json_add_string (b, "content_level", rec->content_level);
    json_builder_set_member_name (b, "descriptors");
    json_builder_add_value (b, json_from_string (rec->descriptors ? rec->descriptors : "[]", NULL));
    pmark_json_add_string (b, "existing", rec->existing);
    pmark_json_add_string (b, "finding", rec->finding);
    g_autofree char *why = why_of (rec);
    pmark_json_add_string (b, "why", *why ? why : NULL);
    pmark_json_add_string (b, "next", pmark_audit_finding_advice (rec->finding));
    json_builder_set_member_name (b, "reasons");
    json_builder_add_value (b, json_from_string (rec->reasons ? rec->reasons : "[]", NULL));
    pmark_json_add_string (b, "error", rec->error);
    pmark_json_add_string (b, "hash", rec->hash);
    json_builder_set_member_name (b, "audited_at");
    json_builder_add_int_value (b, rec->audited_at);
    json_builder_end_object (b);
    g_autoptr (JsonNode) n = json_builder_get_root (b);
    g_autofree char *s = json_to_string (n, FALSE);
    g_string_append_printf (r->buf, "%s\n", s);
  } else {
    count (r->per_level, rec->level ? rec->level : "(no decision)");
    count (r->per_finding, rec->finding ? rec->finding : "ok");
    /* the top-level folder under the common root (as stored: the root is) */
    const char *rel = stored->path;
    if (r->common_root && g_str_has_prefix (rel, r->common_root))
      rel += strlen (r->common_root);
    while (*rel == '/')
      rel++;
    const char *slash = strchr (rel, '/');
    g_autofree char *top_stored = slash ? g_strndup (rel, slash - rel) : g_strdup (".");
    g_autofree char *top = r->policy ? pmark_policy_mask (r->policy, top_stored)
                                     : g_strdup (top_stored);
    count (r->per_folder, top);
    if (rec->finding) {
      r->n_findings++;
      g_autofree char *p = g_markup_escape_text (rec->path, -1);
      g_autofree char *t = g_markup_escape_text (rec->type ? rec->type : "", -1);
      g_autofree char *e = g_markup_escape_text (rec->existing ? rec->existing : "—", -1);
      g_autofree char *l = g_markup_escape_text (rec->level ? rec->level : "—", -1);
      g_autofree char *c = g_markup_escape_text (rec->content_level ? rec->content_level
                                                                    : "—", -1);
      g_autofree char *err = g_markup_escape_text (rec->error ? rec->error : "", -1);
      g_autofree char *why_text = why_of (rec);
      g_autofree char *why = g_markup_escape_text (why_text, -1);
      g_autofree char *folder = g_markup_escape_text (top, -1);
      g_string_append_printf (r->rows,
        "<tr class=\"%s\" data-folder=\"%s\"><td class=\"path\">%s</td><td>%s</td>"
        "<td>%s</td><td>%s</td><td>%s</td><td class=\"finding\">%s</td><td>%s</td>"
        "<td>%s</td></tr>\n",
        rec->finding, folder, p, t, e, l, c, rec->finding, why, err);
    }
  }
  return flush (r, FALSE, error);
}

/* the longest directory prefix shared by every path */
static gboolean
common (const PmarkAuditRecord *rec, gpointer data, GError **error)
{
  Report *r = data;
  if (!r->common_root) {
    r->common_root = g_path_get_dirname (rec->path);
    return TRUE;
  }
  while (*r->common_root && !(g_str_has_prefix (rec->path, r->common_root)
                              && rec->path[strlen (r->common_root)] == '/')) {
    char *up = g_path_get_dirname (r->common_root);
    gboolean same = !strcmp (up, r->common_root);
    g_free (r->common_root);
    r->common_root = same ? g_strdup ("") : up;
  }
  return TRUE;
}

static gint
by_count (gconstpointer a, gconstpointer b, gpointer table)
{
  guint ca = GPOINTER_TO_UINT (g_hash_table_lookup (table, *(char **) a));
  guint cb = GPOINTER_TO_UINT (g_hash_table_lookup (table, *(char **) b));
  return ca != cb ? (ca < cb ? 1 : -1) : strcmp (*(char **) a, *(char **) b);
}

static void
html_chart (GString *s, const char *title, const char *id, GHashTable *t)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter it;
  gpointer k, v;
  guint max = 1;
  g_hash_table_iter_init (&it, t);
  while (g_hash_table_iter_next (&it, &k, &v)) {
    g_ptr_array_add (keys, k);
    max = MAX (max, GPOINTER_TO_UINT (v));
  }
  g_ptr_array_sort_with_data (keys, by_count, t);
  g_string_append_printf (s, "<h2>%s</h2>\n<table class=\"chart\" id=\"%s\">\n", title, id);
  for (guint i = 0; i < keys->len; i++) {
    const char *key = g_ptr_array_index (keys, i);
    guint c = GPOINTER_TO_UINT (g_hash_table_lookup (t, key));
    g_autofree char *e = g_markup_escape_text (key, -1);
    g_string_append_printf (s,
      "<tr><th>%s</th><td><div class=\"bar\" style=\"width:%.1f%%\"></div></td>"
      "<td class=\"n\" data-key=\"%s\">%u</td></tr>\n", e, 100.0 * c / max, e, c);
  }
  g_string_append (s, "</table>\n");
}

/* Each finding there is, worst first, with its count and what to do. */
static void
html_next_steps (GString *s, GHashTable *per_finding)
{
  g_string_append (s, "<h2>What to do next</h2>\n<table id=\"next-steps\"><tr>"
                      "<th>Finding</th><th>Files</th><th>What to do</th></tr>\n");
  guint shown = 0;
  for (const char *const *f = pmark_audit_findings (); *f; f++) {
    guint n = GPOINTER_TO_UINT (g_hash_table_lookup (per_finding, *f));
    if (!n)
      continue;
    g_autofree char *advice = g_markup_escape_text (pmark_audit_finding_advice (*f), -1);
    g_string_append_printf (s, "<tr class=\"%s\"><th class=\"finding\">%s</th>"
                               "<td class=\"n\">%u</td><td>%s</td></tr>\n", *f, *f, n,
                            advice);
    shown++;
  }
  if (!shown)
    g_string_append (s, "<tr><td colspan=\"3\">Nothing: every file is marked as its "
                        "content needs.</td></tr>\n");
  g_string_append (s, "</table>\n");
}

static char *
date_of (gint64 t)
{
  g_autoptr (GDateTime) d = t > 0 ? g_date_time_new_from_unix_utc (t) : NULL;
  return d ? g_date_time_format (d, "%Y-%m-%d %H:%M UTC") : g_strdup ("—");
}

/* the store, once the format is known */
static AuditStore *
report_open (const char *db, const char *format, GError **error)
{
  if (strcmp (format, "csv") && strcmp (format, "jsonl") && strcmp (format, "html")) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "unknown report format '%s' (csv, jsonl or html)", format);
    return NULL;
  }
  return audit_store_open (db, TRUE, error);
}

gboolean
pmark_report_write (const char *db, const PmarkPolicy *policy, const char *format,
                    GOutputStream *out, GError **error)
{
  AuditStore *store = report_open (db, format, error);
  if (!store)
    return FALSE;
  const AuditStoreBackend *be = store->backend;
  Report r = { .format = format, .policy = policy, .out = out, .buf = g_string_new (NULL),
               .per_level = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
               .per_finding = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
               .per_folder = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
               .rows = g_string_new (NULL) };
  if (!strcmp (format, "csv"))
    g_string_append (r.buf, "path,size,type,existing,level,content_level,descriptors,finding,"
                            "why,error,hash,next\n");
  gboolean ok = (strcmp (format, "html") || be->each (store, common, &r, error))
                && be->each (store, row, &r, error);
  if (ok && !strcmp (format, "html")) {
    g_autofree char *root_shown = policy && r.common_root
                                    ? pmark_policy_mask (policy, r.common_root) : NULL;
    g_autofree char *root = g_markup_escape_text (root_shown ? root_shown
                                                  : r.common_root ? r.common_root : "", -1);
    g_autofree char *first = date_of (r.first_at), *last = date_of (r.last_at);
    g_string_append_printf (r.buf,
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<title>pmark audit report</title><style>\n"
      "body{font-family:sans-serif;margin:2em;color:#222;max-width:100%%}"
      "table{border-collapse:collapse;margin-bottom:1.5em}"
      "td,th{padding:.2em .6em;text-align:left;border-bottom:1px solid #ddd;"
      "vertical-align:top}"
      "#findings-table{width:100%%;table-layout:fixed}"
      "#findings-table td{overflow-wrap:anywhere}"
      "#findings-table th{cursor:pointer}"
      "#findings-table .path{width:22%%}"
      ".chart td:nth-child(2){width:24em}.bar{background:#1565c0;height:1em}"
      ".n{text-align:right}.under-marked .finding,.marking-tampered .finding"
      "{color:#c62828;font-weight:bold}"
      "@media print{#filter,.noprint{display:none}body{margin:0}"
      "tr{break-inside:avoid}.bar{print-color-adjust:exact}}"
      "\n</style></head><body>\n<h1>pmark audit report</h1>\n"
      "<p>Store: %s. Root: %s. Files audited between %s and %s.</p>\n<table id=\"summary\">"
      "<tr><th>Files</th><td id=\"files\">%" G_GUINT64_FORMAT "</td></tr>"
      "<tr><th>Bytes</th><td id=\"bytes\">%" G_GUINT64_FORMAT "</td></tr>"
      "<tr><th>Findings</th><td id=\"findings\">%u</td></tr></table>\n",
      db, root, first, last, r.files, r.bytes, r.n_findings);
    /* the runs that filled the store: policy, roots, when, by whom */
    g_autoptr (GString) runs = g_string_new (NULL);
    if (pmark_audit_status (db, runs, NULL) && runs->len) {
      g_autofree char *e = g_markup_escape_text (runs->str, -1);
      g_string_append_printf (r.buf, "<h2>Audit runs</h2>\n<pre id=\"runs\">%s</pre>\n", e);
    }
    html_next_steps (r.buf, r.per_finding);
    html_chart (r.buf, "Files per level", "per-level", r.per_level);
    html_chart (r.buf, "Findings", "per-finding", r.per_finding);
    html_chart (r.buf, "Files per top-level folder", "per-folder", r.per_folder);
    g_string_append_printf (r.buf,
      "<h2>Files with findings</h2>\n"
      "<p class=\"noprint\"><label for=\"filter\">Show only rows containing</label> "
      "<input id=\"filter\" type=\"search\"> (path, folder, finding or reason; click a "
      "column's heading to sort by it)</p>\n"
      "<table id=\"findings-table\"><thead><tr><th class=\"path\">Path</th>"
      "<th>Type</th><th>Existing</th><th>Required</th><th>Content needs</th><th>Finding</th>"
      "<th>Why</th><th>Error</th></tr></thead><tbody>\n"
      "%s</tbody></table>\n"
      "<script>\n"
      "(function(){var t=document.getElementById('findings-table'),b=t.tBodies[0];"
      "document.getElementById('filter').addEventListener('input',function(){"
      "var q=this.value.toLowerCase();for(var i=0;i<b.rows.length;i++){var r=b.rows[i];"
      "r.style.display=(r.textContent+' '+r.getAttribute('data-folder')).toLowerCase()"
      ".indexOf(q)<0?'none':'';}});"
      "var h=t.tHead.rows[0].cells;for(var c=0;c<h.length;c++)(function(c){"
      "h[c].addEventListener('click',function(){var rs=Array.prototype.slice.call(b.rows),"
      "up=h[c].getAttribute('aria-sort')!=='ascending';rs.sort(function(x,y){"
      "var a=x.cells[c].textContent,z=y.cells[c].textContent;return up?a.localeCompare(z)"
      ":z.localeCompare(a);});rs.forEach(function(r){b.appendChild(r);});"
      "for(var k=0;k<h.length;k++)h[k].removeAttribute('aria-sort');"
      "h[c].setAttribute('aria-sort',up?'ascending':'descending');});})(c);"
      "var f=document.getElementById('filter'),fs=document.querySelectorAll('#per-folder th');"
      "for(var i=0;i<fs.length;i++)fs[i].addEventListener('click',function(){"
      "f.value=this.textContent;f.dispatchEvent(new Event('input'));f.scrollIntoView();});"
      "})();\n"
      "</script>\n</body></html>\n", r.rows->str);
  }
  ok = ok && flush (&r, TRUE, error);
  be->close (store);
  g_string_free (r.buf, TRUE);
  g_string_free (r.rows, TRUE);
  g_hash_table_unref (r.per_level);
  g_hash_table_unref (r.per_finding);
  g_hash_table_unref (r.per_folder);
  g_free (r.common_root);
  return ok;
}

/* Comparing a simulation with the store: one row per file that changes. */
typedef struct {
  const char *format;
  const PmarkPolicy *policy; /* masks identifiers in paths; NULL none */
  GOutputStream *out;
  GString *buf;
  guint n, n_level, n_finding;
} Compare;

static void
side_json (JsonBuilder *b, const char *name, const PmarkAuditRecord *rec)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  pmark_json_add_string (b, "level", rec->level);
  pmark_json_add_string (b, "content_level", rec->content_level);
  pmark_json_add_string (b, "finding", rec->finding);
  g_autofree char *why = why_of (rec);
  pmark_json_add_string (b, "why", why);
  json_builder_set_member_name (b, "reasons");
  json_builder_add_value (b, json_from_string (rec->reasons ? rec->reasons : "[]", NULL));
  pmark_json_add_string (b, "error", rec->error);
  json_builder_end_object (b);
}

static gboolean
compare_row (const PmarkAuditRecord *stored_before, const PmarkAuditRecord *stored_after,
             gpointer data, GError **error)
{
  Compare *c = data;
  g_autoptr (GPtrArray) held = g_ptr_array_new_with_free_func (g_free);
  PmarkAuditRecord view_before = shown (c->policy, stored_before, held);
  PmarkAuditRecord view_after = shown (c->policy, stored_after, held);
  const PmarkAuditRecord *before = &view_before, *after = &view_after;
  gboolean level = g_strcmp0 (before->level, after->level) != 0;
  gboolean finding = g_strcmp0 (before->finding, after->finding) != 0;
  const char *change = level && finding ? "level and finding" : level ? "level" : "finding";
  c->n++;
  c->n_level += level;
  c->n_finding += finding;
  g_autofree char *why_b = why_of (before), *why_a = why_of (after);
  if (!strcmp (c->format, "csv")) {
    const char *f[] = { before->path, change, before->level, after->level, before->finding,
                        after->finding, why_b, why_a, after->error };
    for (gsize i = 0; i < G_N_ELEMENTS (f); i++)
      csv_field (c->buf, f[i], i + 1 == G_N_ELEMENTS (f));
  } else if (!strcmp (c->format, "jsonl")) {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    json_builder_begin_object (b);
    pmark_json_add_string (b, "path", before->path);
    pmark_json_add_string (b, "change", change);
    side_json (b, "before", before);
    side_json (b, "after", after);
    json_builder_end_object (b);
    g_autoptr (JsonNode) n = json_builder_get_root (b);
    g_autofree char *s = json_to_string (n, FALSE);
    g_string_append_printf (c->buf, "%s\n", s);
  } else {
#define E(v) g_markup_escape_text ((v) ? (v) : "—", -1)
    g_autofree char *p = E (before->path), *lb = E (before->level), *la = E (after->level),
                    *fb = E (before->finding ? before->finding : "ok"),
                    *fa = E (after->finding ? after->finding : "ok"), *wb = E (why_b),
                    *wa = E (why_a);
#undef E
    g_string_append_printf (c->buf,
      "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
      "<td>%s</td></tr>\n", p, lb, la, fb, fa, wb, wa);
  }
  /* html rows go to memory whole (the summary comes first) */
  return flush (&(Report) { .out = c->out, .buf = c->buf }, FALSE, error);
}

gboolean
pmark_report_compare (const char *db, const PmarkPolicy *policy, gint64 sim,
                      const char *format, GOutputStream *out, GError **error)
{
  AuditStore *store = report_open (db, format, error);
  if (!store)
    return FALSE;
  Compare c = { .format = format, .policy = policy, .out = out, .buf = g_string_new (NULL) };
  if (!strcmp (format, "csv"))
    g_string_append (c.buf, "path,change,level_before,level_after,finding_before,"
                            "finding_after,why_before,why_after,error\n");
  g_autofree char *simulated = NULL; /* the simulation's policy's name */
  gboolean html = !strcmp (format, "html");
  /* html: the rows first, into memory, for the summary above them */
  g_autoptr (GOutputStream) mem = html ? g_memory_output_stream_new_resizable () : NULL;
  if (html)
    c.out = mem;
  gboolean ok = store->backend->compare (store, sim, compare_row, &c, &simulated, error)
                && flush (&(Report) { .out = c.out, .buf = c.buf }, TRUE, error);
  if (ok && html) {
    GMemoryOutputStream *m = G_MEMORY_OUTPUT_STREAM (mem);
    g_autofree char *pe = g_markup_escape_text (simulated ? simulated : "", -1);
    g_autofree char *de = g_markup_escape_text (store->location, -1);
    g_string_append_printf (c.buf,
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>pmark policy simulation</title><style>\n"
      "body{font-family:sans-serif;margin:2em;color:#222}"
      "table{border-collapse:collapse}td,th{padding:.2em .6em;text-align:left;"
      "border-bottom:1px solid #ddd;vertical-align:top}"
      "\n</style></head><body>\n<h1>What the policy %s would change</h1>\n"
      "<p>Store: %s.</p>\n<table id=\"summary\">"
      "<tr><th>Files that change</th><td id=\"changed\">%u</td></tr>"
      "<tr><th>Required level changes</th><td id=\"level-changes\">%u</td></tr>"
      "<tr><th>Finding changes</th><td id=\"finding-changes\">%u</td></tr></table>\n"
      "<h2>Files</h2>\n<table id=\"changes\"><tr><th>Path</th><th>Level now</th>"
      "<th>Level under %s</th><th>Finding now</th><th>Finding under %s</th>"
      "<th>Why now</th><th>Why under %s</th></tr>\n",
      pe, de, c.n, c.n_level, c.n_finding, pe, pe, pe);
    g_string_append_len (c.buf, g_memory_output_stream_get_data (m),
                         (gssize) g_memory_output_stream_get_data_size (m));
    g_string_append (c.buf, "</table>\n</body></html>\n");
    ok = flush (&(Report) { .out = out, .buf = c.buf }, TRUE, error);
  }
  store->backend->close (store);
  g_string_free (c.buf, TRUE);
  return ok;
}
