/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark serve: the officer's desk, a local web page to check, mark and
 * seal documents (pmark-serve(1)). An HTTP server on libsoup 3 over the
 * same library calls as the CLI: classify, preview, mark (and seal).
 *
 * Security: a random token per start (in the address printed and opened,
 * then a cookie named for the port), a second random value every POST
 * and DELETE must carry in a header (CSRF), Host and Origin checked, a
 * strict Content-Security-Policy, uploads limited in size and number by
 * the policy and kept in a private 0700 directory, deleted after their
 * download, after [serve] keep-minutes unused, and when the server stops.
 * Nothing about a document is logged except through the marking log. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sodium.h>
#include <zip.h>

#include "cli.h"

#define PREVIEW_WIDTH 720
#define PREVIEW_TEXT_BYTES 6000

typedef struct {
  char *id;
  char *name;        /* the file's own name, made safe */
  char *dir;         /* ROOT/ID (0700) */
  char *path;        /* ROOT/ID/in/NAME */
  char *output;      /* the marked (or sealed) file, or NULL */
  char *result;      /* classify's JSON, with "path" the name */
  gint64 used;
  guint busy;
} Upload;

typedef struct {
  PmarkPolicy *policy;
  PmarkReadOptions read;
  PmarkServeSettings settings;
  GPtrArray *book;           /* PmarkRecipientBookEntry*, or NULL */
  char *root;
  char *token, *csrf, *cookie;
  GHashTable *uploads;       /* id -> Upload* */
  GPtrArray *preload;        /* ids of the files named on the command line */
  const char *log_path;
  const char *user_header;   /* team mode behind a proxy */
  char *proxy_secret;
  gboolean local;            /* bound to loopback: Host must say so */
  gboolean https;
  guint port;
  GMainLoop *loop;
} Server;

/* ---- small things -------------------------------------------------------- */

static char *
random_hex (gsize bytes)
{
  guint8 buf[32];
  g_assert (bytes <= sizeof buf);
  randombytes_buf (buf, bytes);
  char *hex = g_malloc (bytes * 2 + 1);
  sodium_bin2hex (hex, bytes * 2 + 1, buf, bytes);
  sodium_memzero (buf, sizeof buf);
  return hex;
}

static gboolean
secret_equal (const char *given, const char *want)
{
  if (!given || !want || strlen (given) != strlen (want))
    return FALSE;
  return sodium_memcmp (given, want, strlen (want)) == 0;
}

static void
upload_free (Upload *u)
{
  pmark_output_remove_tree (u->dir);
  g_free (u->id);
  g_free (u->name);
  g_free (u->dir);
  g_free (u->path);
  g_free (u->output);
  g_free (u->result);
  g_free (u);
}

/* A file name as a person gave it, safe to keep in our directory: its last
 * component, no control characters, not empty, not hidden. */
static char *
safe_name (const char *given)
{
  g_autofree char *base = given && *given ? g_path_get_basename (given) : g_strdup ("document");
  GString *s = g_string_new (NULL);
  for (const char *p = base; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char_validated (p, -1);
    if (c == (gunichar) -1 || c == (gunichar) -2)
      break;
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
      g_string_append_c (s, '_');
    else
      g_string_append_unichar (s, c);
  }
  while (s->len && (s->str[0] == '.' || s->str[0] == ' '))
    g_string_erase (s, 0, 1);
  if (!s->len || !strcmp (s->str, "."))
    g_string_assign (s, "document");
  if (s->len > 180)
    g_string_truncate (s, 180);
  return g_string_free (s, FALSE);
}

/* ---- responses ----------------------------------------------------------- */

static void
security_headers (Server *s, SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  soup_message_headers_replace (h, "Content-Security-Policy",
                                "default-src 'none'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' blob:; connect-src 'self'; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'");
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (h, "X-Frame-Options", "DENY");
  soup_message_headers_replace (h, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (h, "Cache-Control", "no-store");
  soup_message_headers_replace (h, "Cross-Origin-Opener-Policy", "same-origin");
  soup_message_headers_replace (h, "Cross-Origin-Resource-Policy", "same-origin");
}

static void
respond (Server *s, SoupServerMessage *msg, guint status, const char *type, char *body,
         gsize len)
{
  security_headers (s, msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, body, len);
}

static void
respond_json (Server *s, SoupServerMessage *msg, guint status, JsonNode *node)
{
  char *text = json_to_string (node, FALSE);
  respond (s, msg, status, "application/json", text, strlen (text));
}

static void
respond_error (Server *s, SoupServerMessage *msg, guint status, const char *code,
               const char *fmt, ...) G_GNUC_PRINTF (5, 6);

static void
respond_error (Server *s, SoupServerMessage *msg, guint status, const char *code,
               const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *message = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  respond_json (s, msg, status, root);
}

/* A library error as the page shows it: the private path replaced by the
 * name the officer knows, and the CLI's option names by words. */
static void
respond_gerror (Server *s, SoupServerMessage *msg, guint status, const Upload *u,
                const GError *error)
{
  g_autoptr (GString) m = g_string_new (error->message);
  if (u)
    g_string_replace (m, u->path, u->name, 0);
  g_string_replace (m, s->root, "(upload)", 0);
  g_string_replace (m, "needs --justify", "needs a justification", 0);
  respond_error (s, msg, status,
                 error->domain == PMARK_ERROR ? pmark_error_code_name (error->code) : "internal",
                 "%s", m->str);
}

static void
respond_resource (Server *s, SoupServerMessage *msg, const char *name, const char *type)
{
  g_autofree char *path = g_strconcat ("/org/pmark/serve/", name, NULL);
  g_autoptr (GBytes) data = g_resources_lookup_data (path, 0, NULL);
  if (!data) {
    respond_error (s, msg, SOUP_STATUS_NOT_FOUND, "not-found", "no such page");
    return;
  }
  gsize len;
  const char *p = g_bytes_get_data (data, &len);
  respond (s, msg, SOUP_STATUS_OK, type, g_memdup2 (p, len), len);
}

/* ---- who may ask ------------------------------------------------------------ */

static const char *
cookie_value (SoupServerMessage *msg, const char *name)
{
  const char *header = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Cookie");
  if (!header)
    return NULL;
  static GQuark q;
  if (!q)
    q = g_quark_from_static_string ("pmark-cookies");
  GHashTable *params = soup_header_parse_semi_param_list (header);
  /* kept on the message so the value lives as long as it */
  g_object_set_qdata_full (G_OBJECT (msg), q, params, (GDestroyNotify) g_hash_table_unref);
  return g_hash_table_lookup (params, name);
}

/* The Host (and Origin, when a browser sends one) name this server: a
 * page elsewhere cannot reach it through a name it controls (DNS
 * rebinding) or post to it from another origin. */
static gboolean
right_host (Server *s, SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const char *host = soup_message_headers_get_one (h, "Host");
  const char *origin = soup_message_headers_get_one (h, "Origin");
  if (!host)
    return FALSE;
  if (s->local) {
    g_autofree char *a = g_strdup_printf ("127.0.0.1:%u", s->port);
    g_autofree char *b = g_strdup_printf ("localhost:%u", s->port);
    g_autofree char *c = g_strdup_printf ("[::1]:%u", s->port);
    if (strcmp (host, a) && strcmp (host, b) && strcmp (host, c))
      return FALSE;
  }
  if (origin) {
    g_autofree char *want = g_strdup_printf ("%s://%s", s->https ? "https" : "http", host);
    if (strcmp (origin, want))
      return FALSE;
  }
  return TRUE;
}

/* The person served: the trusted header a proxy set (team mode), else
 * NULL (the login running pmark serve). FALSE when the request did not
 * come through the proxy. */
static gboolean
proxy_user (Server *s, SoupServerMessage *msg, const char **user)
{
  *user = NULL;
  if (!s->user_header)
    return TRUE;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  if (!secret_equal (soup_message_headers_get_one (h, "X-Pmark-Proxy-Secret"),
                     s->proxy_secret))
    return FALSE;
  *user = soup_message_headers_get_one (h, s->user_header);
  return *user && **user;
}

typedef enum { AUTH_OK, AUTH_HOST, AUTH_TOKEN, AUTH_CSRF } Auth;

static Auth
authorise (Server *s, SoupServerMessage *msg, const char **user)
{
  if (!right_host (s, msg))
    return AUTH_HOST;
  if (!proxy_user (s, msg, user))
    return AUTH_TOKEN;
  if (!secret_equal (cookie_value (msg, s->cookie), s->token))
    return AUTH_TOKEN;
  const char *method = soup_server_message_get_method (msg);
  if (strcmp (method, "GET") && strcmp (method, "HEAD")
      && !secret_equal (soup_message_headers_get_one (
                          soup_server_message_get_request_headers (msg), "X-Pmark-CSRF"),
                        s->csrf))
    return AUTH_CSRF;
  return AUTH_OK;
}

static gboolean
refuse (Server *s, SoupServerMessage *msg, Auth a)
{
  switch (a) {
  case AUTH_OK:
    return FALSE;
  case AUTH_HOST:
    respond_error (s, msg, SOUP_STATUS_FORBIDDEN, "wrong-host",
                   "this server answers only to the address it printed");
    break;
  case AUTH_TOKEN:
    respond_error (s, msg, SOUP_STATUS_FORBIDDEN, "no-token",
                   "open the address pmark serve printed (it carries a token)");
    break;
  case AUTH_CSRF:
    respond_error (s, msg, SOUP_STATUS_FORBIDDEN, "csrf",
                   "the request did not come from pmark's page");
    break;
  }
  return TRUE;
}

/* ---- the work, in a thread ---------------------------------------------------- */

typedef enum { JOB_CLASSIFY, JOB_PREVIEW, JOB_MARK } JobKind;

typedef struct {
  Server *s;
  Upload *u;
  SoupServerMessage *msg;
  JobKind kind;
  /* mark */
  char *level, *justify, *user, *passphrase;
  gboolean handling, seal;
  GPtrArray *recipients;     /* PmarkAgeRecipient* */
  /* answers */
  guint status;
  char *type;
  GBytes *body;
  GError *error;
  char *output;
} Job;

static void
job_free (Job *j)
{
  g_object_unref (j->msg);
  g_free (j->level);
  g_free (j->justify);
  g_free (j->user);
  if (j->passphrase) {
    sodium_memzero (j->passphrase, strlen (j->passphrase));
    g_free (j->passphrase);
  }
  if (j->recipients)
    g_ptr_array_unref (j->recipients);
  g_free (j->type);
  if (j->body)
    g_bytes_unref (j->body);
  g_clear_error (&j->error);
  g_free (j->output);
  g_free (j);
}

static char *
classify_json (Server *s, const Upload *u)
{
  PmarkResult *r = pmark_classify_file (s->policy, u->path, &s->read);
  g_autoptr (JsonNode) node = pmark_result_to_json (r);
  JsonObject *o = json_node_get_object (node);
  json_object_set_string_member (o, "path", u->name);
  json_object_set_string_member (o, "id", u->id);
  if (r->error) {
    /* the message names the private path: name the file instead */
    g_autoptr (GString) m = g_string_new (r->error->message);
    g_string_replace (m, u->path, u->name, 0);
    JsonObject *e = json_object_get_object_member (o, "error");
    if (e)
      json_object_set_string_member (e, "message", m->str);
  }
  pmark_result_free (r);
  return json_to_string (node, FALSE);
}

static void
preview (Job *j)
{
  GError *e = NULL;
  GBytes *png = pmark_preview_png (j->u->path, &j->s->read, PREVIEW_WIDTH, &e);
  if (png) {
    j->type = g_strdup ("image/png");
    j->body = png;
    return;
  }
  /* no picture: the text pmark read, which is what it classified */
  g_autoptr (GString) text = g_string_new (NULL);
  g_string_append_printf (text, "(%s)\n\n", e->message);
  g_clear_error (&e);
  PmarkDocument *doc = pmark_document_load_file (j->u->path, &j->s->read, &e);
  for (guint i = 0; doc && i < doc->parts->len && text->len < PREVIEW_TEXT_BYTES; i++) {
    const PmarkTextPart *p = g_ptr_array_index (doc->parts, i);
    if (p->where)
      g_string_append_printf (text, "== %s ==\n", p->where);
    g_string_append_len (text, p->text, (gssize) MIN (p->len, PREVIEW_TEXT_BYTES));
    g_string_append_c (text, '\n');
  }
  if (!doc) {
    g_string_append_printf (text, "pmark could not read it: %s", e->message);
    g_clear_error (&e);
  }
  if (doc)
    pmark_document_free (doc);
  if (text->len > PREVIEW_TEXT_BYTES) {
    const char *end = text->str + PREVIEW_TEXT_BYTES;
    g_utf8_validate (text->str, PREVIEW_TEXT_BYTES, &end);
    g_string_truncate (text, (gsize) (end - text->str));
    g_string_append (text, "\n...");
  }
  g_autoptr (GString) safe = g_string_new (NULL);
  for (const char *p = text->str; *p;) {
    const char *end;
    if (g_utf8_validate (p, -1, &end))
      end = p + strlen (p);
    g_string_append_len (safe, p, end - p);
    if (!*end)
      break;
    g_string_append (safe, "\xef\xbf\xbd");
    p = end + 1;
  }
  j->type = g_strdup ("text/plain; charset=utf-8");
  j->body = g_string_free_to_bytes (g_steal_pointer (&safe));
}

static void
mark (Job *j)
{
  g_autofree char *out_dir = g_build_filename (j->u->dir, "out", NULL);
  pmark_output_remove_tree (out_dir);
  if (g_mkdir (out_dir, 0700) < 0) {
    g_set_error (&j->error, PMARK_ERROR, PMARK_ERROR_IO, "cannot make a directory: %s",
                 g_strerror (errno));
    return;
  }
  PmarkMarkOptions o = { .level = j->level, .output_dir = out_dir, .justify = j->justify,
                         .log_path = j->s->log_path, .handling = j->handling,
                         .seal = j->seal, .recipients = j->recipients, .user = j->user,
                         .read = &j->s->read };
  PmarkMarkResult r;
  if (!pmark_mark_file (j->s->policy, j->u->path, &o, &r, &j->error)) {
    pmark_mark_result_clear (&r);
    return;
  }
  j->output = g_strdup (r.output);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  const char *keys[] = { "marking", "old", "name" };
  g_autofree char *name = g_path_get_basename (r.output);
  const char *vals[] = { r.marking, r.old_marking, name };
  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    cli_json_add_string (b, keys[k], vals[k]);
  json_builder_set_member_name (b, "sealed");
  json_builder_add_boolean_value (b, r.sealed);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, r.sha256_after);
  json_builder_set_member_name (b, "download");
  g_autofree char *href = g_strdup_printf ("/api/files/%s/download", j->u->id);
  json_builder_add_string_value (b, href);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  char *text = json_to_string (root, FALSE);
  j->type = g_strdup ("application/json");
  j->body = g_bytes_new_take (text, strlen (text));
  pmark_mark_result_clear (&r);
}

static void
job_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
  Job *j = data;
  switch (j->kind) {
  case JOB_CLASSIFY: {
    char *json = classify_json (j->s, j->u);
    j->type = g_strdup ("application/json");
    j->body = g_bytes_new_take (json, strlen (json));
    break;
  }
  case JOB_PREVIEW:
    preview (j);
    break;
  case JOB_MARK:
    mark (j);
    break;
  }
  g_task_return_boolean (task, TRUE);
}

static void
job_done (GObject *source, GAsyncResult *res, gpointer data)
{
  Job *j = data;
  Server *s = j->s;
  j->u->busy--;
  j->u->used = g_get_monotonic_time ();
  if (j->kind == JOB_CLASSIFY && j->body) {
    g_free (j->u->result);
    j->u->result = g_strndup (g_bytes_get_data (j->body, NULL), g_bytes_get_size (j->body));
  }
  if (j->kind == JOB_MARK && j->output) {
    g_free (j->u->output);
    j->u->output = g_steal_pointer (&j->output);
  }
  if (j->error) {
    /* what the officer can change (a justification, a level, another
     * file) is theirs; the rest is the server's */
    guint status = j->error->domain == PMARK_ERROR && j->error->code != PMARK_ERROR_IO
                     ? SOUP_STATUS_UNPROCESSABLE_ENTITY : SOUP_STATUS_INTERNAL_SERVER_ERROR;
    respond_gerror (s, j->msg, status, j->u, j->error);
  } else {
    gsize len;
    const char *p = g_bytes_get_data (j->body, &len);
    respond (s, j->msg, SOUP_STATUS_OK, j->type, g_memdup2 (p, len), len);
  }
  soup_server_message_unpause (j->msg);
  job_free (j);
}

static void
run_job (Job *j)
{
  j->u->busy++;
  soup_server_message_pause (j->msg);
  GTask *task = g_task_new (NULL, NULL, job_done, j);
  g_task_set_task_data (task, j, NULL);
  g_task_run_in_thread (task, job_thread);
  g_object_unref (task);
}

static Job *
job_new (Server *s, Upload *u, SoupServerMessage *msg, JobKind kind)
{
  Job *j = g_new0 (Job, 1);
  j->s = s;
  j->u = u;
  j->msg = g_object_ref (msg);
  j->kind = kind;
  return j;
}

/* ---- uploads ------------------------------------------------------------------ */

static Upload *
upload_add (Server *s, const char *given_name, const char *data, gsize len, GError **error)
{
  Upload *u = g_new0 (Upload, 1);
  u->id = random_hex (16);
  u->name = safe_name (given_name);
  u->dir = g_build_filename (s->root, u->id, NULL);
  g_autofree char *in = g_build_filename (u->dir, "in", NULL);
  u->path = g_build_filename (in, u->name, NULL);
  u->used = g_get_monotonic_time ();
  if (g_mkdir (u->dir, 0700) < 0 || g_mkdir (in, 0700) < 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "cannot keep the upload: %s",
                 g_strerror (errno));
    upload_free (u);
    return NULL;
  }
  GError *e = NULL;
  if (!g_file_set_contents_full (u->path, data, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &e)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "cannot keep the upload: %s",
                 e->message);
    g_error_free (e);
    upload_free (u);
    return NULL;
  }
  g_hash_table_insert (s->uploads, u->id, u);
  return u;
}

static gboolean
sweep (gpointer data)
{
  Server *s = data;
  gint64 old = g_get_monotonic_time () - (gint64) s->settings.keep_minutes * 60 * G_USEC_PER_SEC;
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, s->uploads);
  while (g_hash_table_iter_next (&it, &k, &v)) {
    Upload *u = v;
    if (!u->busy && u->used < old)
      g_hash_table_iter_remove (&it);
  }
  return G_SOURCE_CONTINUE;
}

static guint64
max_upload (Server *s)
{
  return pmark_budget_max_read (&s->read.budget);
}

/* ---- the API ------------------------------------------------------------------ */

static void
api_session (Server *s, SoupServerMessage *msg, const char *user)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "policy");
  json_builder_add_string_value (b, pmark_policy_get_name (s->policy));
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, pmark_policy_get_title (s->policy));
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user ? user : g_get_user_name ());
  json_builder_set_member_name (b, "levels");
  json_builder_begin_array (b);
  for (guint i = 0; i < pmark_policy_get_n_levels (s->policy); i++) {
    const PmarkLevel *l = pmark_policy_get_level (s->policy, i);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, l->name);
    json_builder_set_member_name (b, "rank");
    json_builder_add_int_value (b, i);
    json_builder_set_member_name (b, "colour");
    json_builder_add_string_value (b, l->colour);
    json_builder_set_member_name (b, "handling");
    json_builder_add_string_value (b, l->handling);
    json_builder_set_member_name (b, "seal");
    json_builder_add_boolean_value (b, l->seal);
    json_builder_set_member_name (b, "requires_descriptor");
    json_builder_add_boolean_value (b, l->requires_descriptor);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "descriptors");
  json_builder_begin_array (b);
  for (guint i = 0; i < pmark_policy_get_n_descriptors (s->policy); i++) {
    const char *desc = NULL;
    const char *name = pmark_policy_get_descriptor (s->policy, i, &desc);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, name);
    json_builder_set_member_name (b, "description");
    json_builder_add_string_value (b, desc);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "recipients");
  json_builder_begin_array (b);
  for (guint i = 0; s->book && i < s->book->len; i++)
    json_builder_add_string_value (
      b, ((PmarkRecipientBookEntry *) g_ptr_array_index (s->book, i))->name);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "max_bytes");
  json_builder_add_int_value (b, (gint64) max_upload (s));
  json_builder_set_member_name (b, "max_files");
  json_builder_add_int_value (b, s->settings.max_files);
  json_builder_set_member_name (b, "keep_minutes");
  json_builder_add_int_value (b, s->settings.keep_minutes);
  /* the files named on the command line, already read */
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->preload->len; i++) {
    Upload *u = g_hash_table_lookup (s->uploads, g_ptr_array_index (s->preload, i));
    if (u && u->result)
      json_builder_add_value (b, json_from_string (u->result, NULL));
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_ptr_array_set_size (s->preload, 0);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  respond_json (s, msg, SOUP_STATUS_OK, root);
}

static void
api_upload (Server *s, SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const char *raw_name = soup_message_headers_get_one (h, "X-Pmark-Filename");
  g_autofree char *name = raw_name ? g_uri_unescape_string (raw_name, NULL) : NULL;
  if (!name || !*name) {
    respond_error (s, msg, SOUP_STATUS_BAD_REQUEST, "invalid-argument",
                   "an upload names its file in X-Pmark-Filename");
    return;
  }
  if (g_hash_table_size (s->uploads) >= s->settings.max_files) {
    respond_error (s, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "too-many-files",
                   "this page holds %u files at most (the policy's [serve] max-files): "
                   "download or remove some first", s->settings.max_files);
    return;
  }
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) data = soup_message_body_flatten (body);
  gsize len;
  const char *p = g_bytes_get_data (data, &len);
  if (len > max_upload (s)) {
    respond_error (s, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "budget",
                   "%s is larger than the policy allows (%" G_GUINT64_FORMAT " MB)", name,
                   max_upload (s) / (1024 * 1024));
    return;
  }
  GError *e = NULL;
  Upload *u = upload_add (s, name, p, len, &e);
  if (!u) {
    respond_gerror (s, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, e);
    g_error_free (e);
    return;
  }
  run_job (job_new (s, u, msg, JOB_CLASSIFY));
}

/* {"level", "descriptors": [], "handling", "justification", "seal",
 *  "recipients": [names], "passphrase"} */
static void
api_mark (Server *s, SoupServerMessage *msg, Upload *u, const char *user)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) data = soup_message_body_flatten (body);
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize len;
  const char *p = g_bytes_get_data (data, &len);
  if (!json_parser_load_from_data (parser, p, (gssize) len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
    respond_error (s, msg, SOUP_STATUS_BAD_REQUEST, "invalid-argument",
                   "the request is not a JSON object");
    return;
  }
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  const char *level = json_object_get_string_member_with_default (o, "level", NULL);
  if (!level || !*level) {
    respond_error (s, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-argument",
                   "choose a marking");
    return;
  }
  g_autoptr (GString) spec = g_string_new (level);
  JsonArray *descs = json_object_has_member (o, "descriptors")
                         && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "descriptors"))
                       ? json_object_get_array_member (o, "descriptors") : NULL;
  for (guint i = 0; descs && i < json_array_get_length (descs); i++) {
    const char *d = json_node_get_string (json_array_get_element (descs, i));
    if (d && *d)
      g_string_append_printf (spec, "%s%s", i ? "," : ":", d);
  }
  GError *e = NULL;
  int lv;
  if (!pmark_policy_parse_level (s->policy, spec->str, &lv, NULL, NULL, &e)) {
    respond_gerror (s, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, u, e);
    g_error_free (e);
    return;
  }
  Job *j = job_new (s, u, msg, JOB_MARK);
  j->level = g_string_free (g_steal_pointer (&spec), FALSE);
  /* (a blank one is none: the library's rule, as on the command line) */
  j->justify = g_strdup (json_object_get_string_member_with_default (o, "justification", NULL));
  j->user = g_strdup (user);
  j->handling = json_object_get_boolean_member_with_default (o, "handling", FALSE);
  j->seal = json_object_get_boolean_member_with_default (o, "seal", FALSE);
  j->recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) pmark_age_recipient_free);
  const char *pass = json_object_get_string_member_with_default (o, "passphrase", NULL);
  JsonArray *names = json_object_has_member (o, "recipients")
                         && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "recipients"))
                       ? json_object_get_array_member (o, "recipients") : NULL;
  guint n_names = names ? json_array_get_length (names) : 0;
  if (j->seal && pass && *pass && n_names) {
    job_free (j);
    respond_error (s, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-argument",
                   "seal to recipients or with a passphrase, not both (age allows one)");
    return;
  }
  if (j->seal && pass && *pass) {
    if (strlen (pass) < 8) {
      job_free (j);
      respond_error (s, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-argument",
                     "a passphrase has 8 characters at least");
      return;
    }
    g_ptr_array_add (j->recipients,
                     pmark_age_recipient_new_passphrase (pass, PMARK_AGE_SCRYPT_LOG_N));
  }
  for (guint i = 0; j->seal && i < n_names; i++) {
    const char *name = json_node_get_string (json_array_get_element (names, i));
    const PmarkRecipientBookEntry *entry = pmark_recipient_book_find (s->book, name);
    if (!entry) {
      job_free (j);
      respond_error (s, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-argument",
                     "%s is not in the recipient book", name ? name : "(nobody)");
      return;
    }
    for (guint k = 0; k < entry->recipients->len; k++)
      g_ptr_array_add (j->recipients,
                       pmark_age_recipient_copy (g_ptr_array_index (entry->recipients, k)));
  }
  if (!j->seal && (n_names || (pass && *pass))) {
    job_free (j);
    respond_error (s, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-argument",
                   "recipients and a passphrase are for sealing: tick Seal too");
    return;
  }
  run_job (j);
}

static void
api_download (Server *s, SoupServerMessage *msg, Upload *u)
{
  if (!u->output) {
    respond_error (s, msg, SOUP_STATUS_NOT_FOUND, "not-marked", "%s is not marked yet",
                   u->name);
    return;
  }
  char *data;
  gsize len;
  GError *e = NULL;
  if (!g_file_get_contents (u->output, &data, &len, &e)) {
    respond_error (s, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "io", "%s", e->message);
    g_error_free (e);
    return;
  }
  g_autofree char *name = g_path_get_basename (u->output);
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autoptr (GString) ascii = g_string_new (NULL);
  for (const char *p = name; *p; p++)
    g_string_append_c (ascii, (*p & 0x80) || *p == '"' || *p == '\\' ? '_' : *p);
  g_autofree char *disp = g_strdup_printf ("attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                           ascii->str, escaped);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Disposition", disp);
  respond (s, msg, SOUP_STATUS_OK, "application/octet-stream", data, len);
  /* downloaded: nothing of it stays here */
  g_hash_table_remove (s->uploads, u->id);
}

/* {"ids": [...]}: the marked files, in one zip */
static void
api_zip (Server *s, SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) data = soup_message_body_flatten (body);
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize len;
  const char *p = g_bytes_get_data (data, &len);
  JsonArray *ids = NULL;
  if (json_parser_load_from_data (parser, p, (gssize) len, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
    JsonObject *o = json_node_get_object (json_parser_get_root (parser));
    if (json_object_has_member (o, "ids")
        && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "ids")))
      ids = json_object_get_array_member (o, "ids");
  }
  if (!ids || !json_array_get_length (ids)) {
    respond_error (s, msg, SOUP_STATUS_BAD_REQUEST, "invalid-argument",
                   "name the files: {\"ids\": [...]}");
    return;
  }
  g_autoptr (GPtrArray) take = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (ids); i++) {
    Upload *u = g_hash_table_lookup (s->uploads,
                                     json_node_get_string (json_array_get_element (ids, i)));
    if (!u || !u->output || u->busy) {
      respond_error (s, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "not-marked",
                     "%s is not marked (mark every file first)", u ? u->name : "a file");
      return;
    }
    g_ptr_array_add (take, u);
  }
  g_autofree char *zpath = g_build_filename (s->root, "batch.zip", NULL);
  g_unlink (zpath);
  int zerr = 0;
  zip_t *z = zip_open (zpath, ZIP_CREATE | ZIP_EXCL, &zerr);
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok = z != NULL;
  for (guint i = 0; ok && i < take->len; i++) {
    Upload *u = g_ptr_array_index (take, i);
    g_autofree char *base = g_path_get_basename (u->output);
    char *entry = g_strdup (base);
    for (guint n = 2; g_hash_table_contains (names, entry); n++) {
      g_free (entry);
      entry = g_strdup_printf ("%u-%s", n, base);
    }
    g_hash_table_add (names, entry);
    zip_source_t *src = zip_source_file (z, u->output, 0, -1);
    ok = src && zip_file_add (z, entry, src, ZIP_FL_ENC_UTF_8) >= 0;
    if (!ok && src)
      zip_source_free (src);
  }
  if (z && (!ok || zip_close (z) < 0)) {
    zip_discard (z);
    ok = FALSE;
  }
  char *zdata = NULL;
  gsize zlen = 0;
  if (!ok || !g_file_get_contents (zpath, &zdata, &zlen, NULL)) {
    g_unlink (zpath);
    respond_error (s, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "io", "cannot make the zip");
    return;
  }
  g_unlink (zpath);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Disposition",
                                "attachment; filename=\"pmark-marked.zip\"");
  respond (s, msg, SOUP_STATUS_OK, "application/zip", zdata, zlen);
  for (guint i = 0; i < take->len; i++)
    g_hash_table_remove (s->uploads, ((Upload *) g_ptr_array_index (take, i))->id);
}

static void
handle (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
        gpointer data)
{
  Server *s = data;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = !strcmp (method, "GET") || !strcmp (method, "HEAD");

  /* the address printed: the token becomes a cookie, and the address bar
   * loses it */
  if (get && !strcmp (path, "/") && query && g_hash_table_lookup (query, "token")) {
    const char *user;
    if (!right_host (s, msg) || !proxy_user (s, msg, &user)
        || !secret_equal (g_hash_table_lookup (query, "token"), s->token)) {
      refuse (s, msg, right_host (s, msg) ? AUTH_TOKEN : AUTH_HOST);
      return;
    }
    g_autofree char *cookie = g_strdup_printf ("%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
                                               s->cookie, s->token,
                                               s->https ? "; Secure" : "");
    SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
    soup_message_headers_append (h, "Set-Cookie", cookie);
    soup_message_headers_replace (h, "Location", "/");
    respond (s, msg, SOUP_STATUS_SEE_OTHER, "text/plain", g_strdup ("opening pmark"), 13);
    return;
  }
  const char *user = NULL;
  if (refuse (s, msg, authorise (s, msg, &user)))
    return;

  if (get && !strcmp (path, "/")) {
    g_autoptr (GBytes) page = g_resources_lookup_data ("/org/pmark/serve/index.html", 0, NULL);
    g_autoptr (GString) html = g_string_new_len (g_bytes_get_data (page, NULL),
                                                 (gssize) g_bytes_get_size (page));
    g_string_replace (html, "@CSRF@", s->csrf, 0);
    gsize len = html->len;
    respond (s, msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
             g_string_free (g_steal_pointer (&html), FALSE), len);
    return;
  }
  if (get && !strcmp (path, "/page.js")) {
    respond_resource (s, msg, "page.js", "text/javascript; charset=utf-8");
    return;
  }
  if (get && !strcmp (path, "/page.css")) {
    respond_resource (s, msg, "page.css", "text/css; charset=utf-8");
    return;
  }
  if (get && !strcmp (path, "/api/session")) {
    api_session (s, msg, user);
    return;
  }
  if (!strcmp (method, "POST") && !strcmp (path, "/api/files")) {
    api_upload (s, msg);
    return;
  }
  if (!strcmp (method, "POST") && !strcmp (path, "/api/zip")) {
    api_zip (s, msg);
    return;
  }
  /* /api/files/ID[/what] */
  if (g_str_has_prefix (path, "/api/files/")) {
    g_auto (GStrv) parts = g_strsplit (path + strlen ("/api/files/"), "/", 3);
    Upload *u = parts[0] ? g_hash_table_lookup (s->uploads, parts[0]) : NULL;
    const char *what = parts[0] ? parts[1] : NULL;
    if (!u) {
      respond_error (s, msg, SOUP_STATUS_NOT_FOUND, "not-found",
                     "no such file here (downloaded, removed, or kept longer than %u minutes)",
                     s->settings.keep_minutes);
      return;
    }
    if (u->busy && !(get && what && !strcmp (what, "preview"))) {
      respond_error (s, msg, SOUP_STATUS_CONFLICT, "busy", "%s is being worked on", u->name);
      return;
    }
    u->used = g_get_monotonic_time ();
    if (!strcmp (method, "DELETE") && !what) {
      g_hash_table_remove (s->uploads, u->id);
      respond (s, msg, SOUP_STATUS_NO_CONTENT, "text/plain", NULL, 0);
      return;
    }
    if (get && what && !strcmp (what, "preview")) {
      run_job (job_new (s, u, msg, JOB_PREVIEW));
      return;
    }
    if (get && what && !strcmp (what, "download")) {
      api_download (s, msg, u);
      return;
    }
    if (!strcmp (method, "POST") && what && !strcmp (what, "mark")) {
      api_mark (s, msg, u, user);
      return;
    }
  }
  respond_error (s, msg, SOUP_STATUS_NOT_FOUND, "not-found", "no such page");
}

#define LINGER_BYTES (8u << 20)

/* A refused request's body, as it arrives: counted and dropped; past
 * LINGER_BYTES (a client that sends on and on) its connection closed. An
 * honest client sending a file somewhat past the budget gets the 413. */
static void
drop_chunk (SoupServerMessage *msg, GBytes *chunk, gpointer data)
{
  (void) data;
  guint64 seen = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "pmark-dropped"));
  seen += g_bytes_get_size (chunk);
  g_object_set_data (G_OBJECT (msg), "pmark-dropped", GSIZE_TO_POINTER ((gsize) seen));
  if (seen > LINGER_BYTES) {
    GSocket *sock = soup_server_message_get_socket (msg);
    if (sock)
      g_socket_shutdown (sock, TRUE, TRUE, NULL);
  }
}

/* Before a body is read: who is asking, and is it too large? An upload
 * must say its length, and one past the policy's budget is refused
 * without being read. */
static void
early (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
       gpointer data)
{
  Server *s = data;
  const char *method = soup_server_message_get_method (msg);
  if (!strcmp (method, "GET") || !strcmp (method, "HEAD"))
    return;
  const char *user;
  if (refuse (s, msg, authorise (s, msg, &user)))
    return;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupEncoding enc = soup_message_headers_get_encoding (h);
  if (enc == SOUP_ENCODING_NONE)
    return;
  if (enc != SOUP_ENCODING_CONTENT_LENGTH) {
    respond_error (s, msg, SOUP_STATUS_LENGTH_REQUIRED, "invalid-argument",
                   "an upload says its length (Content-Length)");
    return;
  }
  goffset len = soup_message_headers_get_content_length (h);
  gboolean upload = !strcmp (path, "/api/files");
  guint64 max = upload ? max_upload (s) : 1024 * 1024;
  if (len < 0 || (guint64) len > max) {
    /* answered without holding the body: libsoup reads it before it
     * sends the answer, so what arrives is dropped as it comes (not
     * accumulated), and past LINGER_BYTES the connection is closed */
    soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
    g_signal_connect (msg, "got-chunk", G_CALLBACK (drop_chunk), NULL);
    respond_error (s, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "budget",
                   "%s is larger than the policy allows (%" G_GUINT64_FORMAT " MB at most)",
                   upload ? "the file" : "the request", max / (1024 * 1024));
    return;
  }
}

/* ---- start and stop -------------------------------------------------------------- */

/* The private directories of earlier serves of this user that were
 * killed (SIGKILL, a power cut): their uploads (case documents) removed
 * at the next start. A directory is stale when the process its "pid"
 * file names is gone. */
static void
remove_stale_roots (void)
{
  const char *tmp = g_get_tmp_dir ();
  g_autoptr (GDir) dir = g_dir_open (tmp, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir))) {
    if (!g_str_has_prefix (name, "pmark-serve-"))
      continue;
    g_autofree char *path = g_build_filename (tmp, name, NULL);
    g_autofree char *owner = g_build_filename (path, "pid", NULL);
    struct stat st;
    if (lstat (path, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
      continue;
    g_autofree char *text = NULL;
    if (!g_file_get_contents (owner, &text, NULL, NULL))
      continue;
    long pid = strtol (text, NULL, 10);
    if (pid > 0 && kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
      pmark_output_remove_tree (path);
  }
}

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (((Server *) data)->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
preload_file (Server *s, const char *file, GError **error)
{
  g_autoptr (GBytes) data = pmark_file_read (file, &s->read.budget, error);
  if (!data)
    return FALSE;
  gsize len;
  const char *p = g_bytes_get_data (data, &len);
  Upload *u = upload_add (s, file, p, len, error);
  if (!u)
    return FALSE;
  u->result = classify_json (s, u);
  g_ptr_array_add (s->preload, g_strdup (u->id));
  return TRUE;
}

static gboolean
is_loopback (const char *addr)
{
  return !strcmp (addr, "127.0.0.1") || !strcmp (addr, "::1") || !strcmp (addr, "localhost");
}

int
pmark_cmd_serve (int argc, char **argv)
{
  const char *cmd = "serve";
  g_autofree char *policy_name = NULL, *listen = NULL, *tls_cert = NULL, *tls_key = NULL,
                  *log_path = NULL, *user_header = NULL, *secret_file = NULL,
                  *ocr_mode = NULL;
  gint port = 0;
  gboolean no_browser = FALSE;
  GOptionEntry entries[] = {
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "Policy name or file (default: london-lscb)", "NAME|FILE" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Listen on PORT (default: a free port)", "PORT" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      "Listen on ADDRESS (default 127.0.0.1); any other than loopback needs --tls-cert "
      "or --user-header (team mode)", "ADDRESS" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      "Serve HTTPS with the PEM certificate in FILE", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      "The certificate's private key (PEM)", "FILE" },
    { "user-header", 0, 0, G_OPTION_ARG_STRING, &user_header,
      "Behind a reverse proxy: the header naming the person served, recorded in the "
      "marking log (needs --proxy-secret-file)", "NAME" },
    { "proxy-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &secret_file,
      "The secret the proxy sends in X-Pmark-Proxy-Secret (first line of FILE)", "FILE" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path,
      "Append marking records to FILE (default: the policy's audit-log, else "
      "~/.local/state/pmark/marking-log.jsonl)", "FILE" },
    { "no-browser", 0, 0, G_OPTION_ARG_NONE, &no_browser,
      "Do not open the page in a browser (xdg-open); print its address only", NULL },
    CLI_OCR_ENTRY (ocr_mode),
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[FILE...]");
  g_option_context_set_summary (ctx, "Serve a local web page to check, mark and seal "
                                     "documents, opened with the FILEs given.");
  g_option_context_set_description (
    ctx, "The address printed carries a token; keep it to yourself.\n"
         "Exit status: 0 stopped by a signal, 1 could not start, 2 usage error.\n"
         "See pmark-serve(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (port < 0 || port > 65535) {
    cli_error (cmd, "--port is from 0 to 65535");
    return PMARK_EXIT_USAGE;
  }
  if (!!tls_cert != !!tls_key) {
    cli_error (cmd, "give --tls-cert and --tls-key together");
    return PMARK_EXIT_USAGE;
  }
  if (!!user_header != !!secret_file) {
    cli_error (cmd, "give --user-header and --proxy-secret-file together");
    return PMARK_EXIT_USAGE;
  }
  const char *addr = listen ? listen : "127.0.0.1";
  if (!is_loopback (addr) && !tls_cert && !user_header) {
    cli_error (cmd, "--listen %s would serve documents unencrypted to the network: give "
                    "--tls-cert and --tls-key, or run behind a proxy (--user-header)", addr);
    return PMARK_EXIT_USAGE;
  }
  Server s = { 0 };
  s.policy = cli_policy (policy_name, cmd);
  if (!s.policy)
    return PMARK_EXIT_USAGE;
  pmark_read_options_init (&s.read);
  if (!cli_ocr (&s.read, ocr_mode, cmd)) {
    pmark_policy_unref (s.policy);
    return PMARK_EXIT_USAGE;
  }
  PmarkReadOptions resolved;
  pmark_policy_read_options (s.policy, &s.read, &resolved);
  s.read = resolved;
  pmark_policy_serve_settings (s.policy, &s.settings);
  GError *error = NULL;
  int status = PMARK_EXIT_FAILED;
  g_autoptr (SoupServer) server = NULL;
  GSocketAddress *sa = NULL;
  g_autofree char *host = NULL, *url = NULL;
  if (s.settings.recipient_book
      && !(s.book = pmark_recipient_book_load (s.settings.recipient_book, &error)))
    goto out;
  if (secret_file) {
    s.proxy_secret = cli_first_line (secret_file, "--proxy-secret-file", cmd);
    if (!s.proxy_secret || strlen (s.proxy_secret) < 16) {
      if (s.proxy_secret)
        cli_error (cmd, "--proxy-secret-file: the secret has 16 characters at least");
      status = PMARK_EXIT_USAGE;
      goto out;
    }
  }
  s.user_header = user_header;
  s.log_path = log_path;
  s.local = is_loopback (addr);
  s.https = tls_cert != NULL;
  if (sodium_init () < 0) {
    g_set_error (&error, PMARK_ERROR, PMARK_ERROR_IO, "libsodium did not start");
    goto out;
  }
  s.token = random_hex (24);
  s.csrf = random_hex (24);
  s.uploads = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) upload_free);
  s.preload = g_ptr_array_new_with_free_func (g_free);
  remove_stale_roots ();
  if (!(s.root = g_dir_make_tmp ("pmark-serve-XXXXXX", NULL))) {
    g_set_error (&error, PMARK_ERROR, PMARK_ERROR_IO, "cannot make a private directory: %s",
                 g_strerror (errno));
    goto out;
  }
  g_chmod (s.root, 0700);
  {
    /* whose it is: a later serve removes it if this one was killed */
    g_autofree char *owner = g_build_filename (s.root, "pid", NULL);
    g_autofree char *pid = g_strdup_printf ("%d\n", (int) getpid ());
    g_file_set_contents_full (owner, pid, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL);
  }

  GTlsCertificate *cert = NULL;
  if (tls_cert && !(cert = g_tls_certificate_new_from_files (tls_cert, tls_key, &error)))
    goto out;
  server = soup_server_new ("server-header", "pmark/" PMARK_VERSION " ", "tls-certificate",
                            cert, NULL);
  g_clear_object (&cert);
  soup_server_add_early_handler (server, NULL, early, &s, NULL);
  soup_server_add_handler (server, NULL, handle, &s, NULL);
  GInetAddress *ia = !strcmp (addr, "localhost") ? g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4)
                                                : g_inet_address_new_from_string (addr);
  if (!ia) {
    cli_error (cmd, "--listen: '%s' is not an IP address", addr);
    status = PMARK_EXIT_USAGE;
    goto out;
  }
  sa = g_inet_socket_address_new (ia, (guint16) port);
  g_object_unref (ia);
  if (!soup_server_listen (server, sa, s.https ? SOUP_SERVER_LISTEN_HTTPS : 0, &error))
    goto out;
  GSList *uris = soup_server_get_uris (server);
  s.port = uris ? (guint) g_uri_get_port (uris->data) : (guint) port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  s.cookie = g_strdup_printf ("pmark-%u", s.port);

  for (int i = 1; i < argc; i++)
    if (!preload_file (&s, argv[i], &error)) {
      cli_error (cmd, "%s", error->message);
      g_clear_error (&error);
      status = PMARK_EXIT_FAILED;
      goto out;
    }

  host = s.local ? g_strdup ("127.0.0.1")
         : strchr (addr, ':') ? g_strdup_printf ("[%s]", addr) : g_strdup (addr);
  url = g_strdup_printf ("%s://%s:%u/?token=%s", s.https ? "https" : "http",
                                          host, s.port, s.token);
  printf ("pmark serve: open %s\n", url);
  printf ("pmark serve: policy %s; uploads in %s, deleted after download or %u minutes "
          "unused; stop with Ctrl-C\n", pmark_policy_get_name (s.policy), s.root,
          s.settings.keep_minutes);
  fflush (stdout);
  if (!no_browser) {
    const char *open_argv[] = { "xdg-open", url, NULL };
    GError *e = NULL;
    if (!g_spawn_async (NULL, (char **) open_argv, NULL,
                        G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                          | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, &e)) {
      g_printerr ("pmark serve: cannot open a browser (%s): open the address above\n",
                  e->message);
      g_error_free (e);
    }
  }
  s.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, &s);
  g_unix_signal_add (SIGTERM, on_signal, &s);
  g_unix_signal_add (SIGHUP, on_signal, &s);
  g_timeout_add_seconds (30, sweep, &s);
  g_main_loop_run (s.loop);
  g_main_loop_unref (s.loop);
  soup_server_disconnect (server);
  printf ("pmark serve: stopped; uploads deleted\n");
  status = PMARK_EXIT_OK;
out:
  if (error) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
  }
  g_clear_object (&sa);
  if (s.uploads)
    g_hash_table_unref (s.uploads);
  if (s.preload)
    g_ptr_array_unref (s.preload);
  if (s.root)
    pmark_output_remove_tree (s.root);
  if (s.book)
    g_ptr_array_unref (s.book);
  if (s.proxy_secret) {
    sodium_memzero (s.proxy_secret, strlen (s.proxy_secret));
    g_free (s.proxy_secret);
  }
  g_free (s.root);
  g_free (s.token);
  g_free (s.csrf);
  g_free (s.cookie);
  pmark_policy_unref (s.policy);
  return status;
}
