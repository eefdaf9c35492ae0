/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark held: the messages the gateway held, as Postfix keeps them (its
 * hold queue, listed by postqueue -j), with the level and why from the
 * gateway's decision log; and releasing or deleting one (postsuper), for a
 * person with the rights to. Only messages in the hold queue are touched:
 * an id that is not held there is refused, so that active mail is never
 * deleted by a mistyped id. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
  char *id, *sender, *arrival, *level, *why;
  GPtrArray *recipients; /* char* */
} Held;

static void
held_free (gpointer data)
{
  Held *h = data;
  g_free (h->id);
  g_free (h->sender);
  g_free (h->arrival);
  g_free (h->level);
  g_free (h->why);
  g_ptr_array_unref (h->recipients);
  g_free (h);
}

/* A Postfix tool's argv: the program, then -c DIR when given */
static GPtrArray *
postfix_argv (const char *program, const char *config)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (g_free);
  const char *dir = g_getenv ("PMARK_POSTFIX_SBIN");
  g_ptr_array_add (a, dir ? g_build_filename (dir, program, NULL)
                          : g_strdup_printf ("/usr/sbin/%s", program));
  if (config) {
    g_ptr_array_add (a, g_strdup ("-c"));
    g_ptr_array_add (a, g_strdup (config));
  }
  return a;
}

static gboolean
run (GPtrArray *argv, char **out, GError **error)
{
  g_ptr_array_add (argv, NULL);
  g_autofree char *err = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, &err,
                     &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s failed: %s",
                 (char *) argv->pdata[0], err && *err ? g_strstrip (err) : "no reason given");
    return FALSE;
  }
  return TRUE;
}

/* Each line of `text` (JSON lines: the log, postqueue -j's output) that
 * is an object; `text` is cut into lines in place */
typedef void (*EachObject) (JsonNode *node, JsonObject *o, gpointer data);

static void
each_object (char *text, EachObject func, gpointer data)
{
  for (char *line = text, *next; line && *line; line = next) {
    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    g_autoptr (JsonNode) n = json_from_string (line, NULL);
    if (n && JSON_NODE_HOLDS_OBJECT (n))
      func (n, json_node_get_object (n), data);
  }
}

static void
add_decision (JsonNode *node, JsonObject *o, gpointer table)
{
  const char *id = json_object_get_string_member_with_default (o, "id", NULL);
  if (id)
    g_hash_table_replace (table, g_strdup (id), json_node_ref (node));
}

/* The last decision the log holds for each queue id: "level", "why" */
static GHashTable *
decisions (const char *log_path)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) json_node_unref);
  g_autofree char *text = NULL;
  if (log_path && g_file_get_contents (log_path, &text, NULL, NULL))
    each_object (text, add_decision, t);
  return t;
}

typedef struct {
  GHashTable *logged;
  GPtrArray *held;
} Listing;

/* One of postqueue -j's messages, if it is held */
static void
add_held (JsonNode *node, JsonObject *o, gpointer data)
{
  (void) node;
  Listing *l = data;
  if (g_strcmp0 (json_object_get_string_member_with_default (o, "queue_name", ""), "hold"))
    return;
  Held *h = g_new0 (Held, 1);
  h->id = g_strdup (json_object_get_string_member_with_default (o, "queue_id", ""));
  h->sender = g_strdup (json_object_get_string_member_with_default (o, "sender", ""));
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_utc (
    json_object_get_int_member_with_default (o, "arrival_time", 0));
  h->arrival = at ? g_date_time_format (at, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("");
  h->recipients = g_ptr_array_new_with_free_func (g_free);
  JsonArray *rc = json_object_has_member (o, "recipients")
                    ? json_object_get_array_member (o, "recipients") : NULL;
  for (guint i = 0; rc && i < json_array_get_length (rc); i++) {
    JsonObject *r = json_array_get_object_element (rc, i);
    const char *a = r ? json_object_get_string_member_with_default (r, "address", NULL)
                      : NULL;
    if (a)
      g_ptr_array_add (h->recipients, g_strdup (a));
  }
  JsonNode *d = g_hash_table_lookup (l->logged, h->id);
  JsonObject *dobj = d ? json_node_get_object (d) : NULL;
  /* the log's why is masked as it was written (pmark-filter(1)) */
  h->level = g_strdup (dobj ? json_object_get_string_member_with_default (dobj, "level", NULL)
                            : NULL);
  h->why = g_strdup (dobj ? json_object_get_string_member_with_default (dobj, "why", NULL)
                          : NULL);
  g_ptr_array_add (l->held, h);
}

/* The held messages (postqueue -j), each with what the log says of it */
static GPtrArray *
list_held (const char *config, const char *log_path, GError **error)
{
  g_autoptr (GPtrArray) argv = postfix_argv ("postqueue", config);
  g_ptr_array_add (argv, g_strdup ("-j"));
  g_autofree char *out = NULL;
  if (!run (argv, &out, error))
    return NULL;
  g_autoptr (GHashTable) logged = decisions (log_path);
  Listing l = { logged, g_ptr_array_new_with_free_func (held_free) };
  each_object (out, add_held, &l);
  return l.held;
}

static void
print_held (const GPtrArray *held, gboolean json)
{
  for (guint i = 0; i < held->len; i++) {
    const Held *h = g_ptr_array_index (held, i);
    g_ptr_array_add (h->recipients, NULL);
    g_autofree char *to = g_strjoinv (", ", (char **) h->recipients->pdata);
    g_ptr_array_remove_index (h->recipients, h->recipients->len - 1);
    if (json) {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      cli_json_add_string (b, "queue_id", h->id);
      cli_json_add_string (b, "arrival", h->arrival);
      cli_json_add_string (b, "sender", h->sender);
      json_builder_set_member_name (b, "recipients");
      json_builder_begin_array (b);
      for (guint k = 0; k < h->recipients->len; k++)
        json_builder_add_string_value (b, g_ptr_array_index (h->recipients, k));
      json_builder_end_array (b);
      cli_json_add_string (b, "level", h->level);
      cli_json_add_string (b, "why", h->why);
      json_builder_end_object (b);
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      g_autofree char *s = json_to_string (root, FALSE);
      printf ("%s\n", s);
    } else {
      g_autofree char *sender = cli_shown (NULL, h->sender, TRUE);
      g_autofree char *shown_to = cli_shown (NULL, to, TRUE);
      printf ("%s  %s  %s -> %s  %s\n  %s\n", h->id, h->arrival, *sender ? sender : "<>",
              shown_to, h->level ? h->level : "(not in the log)",
              h->why ? h->why : "(no decision for this id in the log: give --log)");
    }
  }
  if (!json && !held->len)
    printf ("no held messages\n");
}

int
pmark_cmd_held (int argc, char **argv)
{
  const char *cmd = "held";
  g_autofree char *config = NULL, *log_path = NULL, *release = NULL, *delete = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config,
      "Postfix's configuration directory (default: Postfix's own)", "DIR" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path,
      "The gateway's decision log (pmark milter --log): each message's level and "
      "why, by queue id", "FILE" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "One JSON object per held message", NULL },
    { "release", 0, 0, G_OPTION_ARG_STRING, &release,
      "Release the held message ID to be delivered (postsuper -H)", "ID" },
    { "delete", 0, 0, G_OPTION_ARG_STRING, &delete,
      "Delete the held message ID (postsuper -d)", "ID" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (ctx,
    "List the messages the gateway held in Postfix's hold queue, with their "
    "level and why; release or delete one.");
  g_option_context_set_description (ctx,
    "Exit status: 0 done, 1 a Postfix command failed or the id is not held, "
    "2 usage error.\nSee pmark-held(8).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse_options_only (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (release && delete) {
    cli_error (cmd, "give --release or --delete, not both");
    return PMARK_EXIT_USAGE;
  }
  const char *id = release ? release : delete;
  if (id && (!*id || strspn (id, "0123456789ABCDEFabcdefghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ")
                       != strlen (id))) {
    cli_error (cmd, "'%s' is not a Postfix queue id", id);
    return PMARK_EXIT_USAGE;
  }
  GError *error = NULL;
  g_autoptr (GPtrArray) held = list_held (config, log_path, &error);
  if (!held) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return PMARK_EXIT_FAILED;
  }
  if (!id) {
    print_held (held, json);
    return PMARK_EXIT_OK;
  }
  gboolean found = FALSE;
  for (guint i = 0; i < held->len && !found; i++)
    found = !strcmp (((const Held *) g_ptr_array_index (held, i))->id, id);
  if (!found) {
    cli_error (cmd, "%s is not in the hold queue (pmark held lists what is): nothing done",
               id);
    return PMARK_EXIT_FAILED;
  }
  g_autoptr (GPtrArray) args = postfix_argv ("postsuper", config);
  g_ptr_array_add (args, g_strdup (release ? "-H" : "-d"));
  g_ptr_array_add (args, g_strdup (id));
  g_ptr_array_add (args, g_strdup ("hold"));
  if (!run (args, NULL, &error)) {
    cli_error (cmd, "%s", error->message);
    g_error_free (error);
    return PMARK_EXIT_FAILED;
  }
  printf ("%s %s\n", id, release ? "released: it goes on to be delivered" : "deleted");
  return PMARK_EXIT_OK;
}
