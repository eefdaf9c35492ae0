/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The marking syntaxes of mail: the EPMS X-Protective-Marking header
 * ("VER=2018.4, NS=gov.au, SEC=OFFICIAL:Sensitive, ACCESS=Legal-Privilege,
 * ORIGIN=a@b.example") and bracketed subject markings ("[RESTRICTED]",
 * "[SEC=OFFICIAL:Sensitive]"). */
#include "config.h"

#include <string.h>

#include "epms.h"
#include "policy-private.h"

/* EPMS caps each value at 128 characters. */
#define EPMS_VALUE_MAX 128

void
epms_clear (Epms *e)
{
  g_free (e->ver);
  g_free (e->ns);
  g_free (e->sec);
  g_free (e->origin);
  if (e->access)
    g_ptr_array_unref (e->access);
  memset (e, 0, sizeof *e);
}

gboolean
epms_parse (const char *value, Epms *out)
{
  memset (out, 0, sizeof *out);
  out->access = g_ptr_array_new_with_free_func (g_free);
  const char *p = value;
  while (*p) {
    /* one KEY=VALUE item, up to an unescaped comma */
    GString *key = g_string_new (NULL), *val = g_string_new (NULL);
    GString *cur = key;
    for (; *p && *p != ','; p++) {
      if (*p == '\\' && p[1]) {
        g_string_append_c (cur, *++p);
      } else if (*p == '=' && cur == key) {
        cur = val;
      } else if (*p != '\r' && *p != '\n') {
        g_string_append_c (cur, *p);
      }
    }
    if (*p == ',')
      p++;
    g_strstrip (key->str);
    g_strstrip (val->str);
    char *k = g_string_free (key, FALSE);
    char *v = g_string_free (val, FALSE);
    if (strlen (v) > EPMS_VALUE_MAX) {
      g_free (k);
      g_free (v);
      continue;
    }
    char **slot = NULL;
    if (!g_ascii_strcasecmp (k, "VER"))
      slot = &out->ver;
    else if (!g_ascii_strcasecmp (k, "NS"))
      slot = &out->ns;
    else if (!g_ascii_strcasecmp (k, "SEC"))
      slot = &out->sec;
    else if (!g_ascii_strcasecmp (k, "ORIGIN"))
      slot = &out->origin;
    if (slot && !*slot && *v) {
      *slot = v;
      v = NULL;
    } else if ((!g_ascii_strcasecmp (k, "ACCESS")
                || !g_ascii_strcasecmp (k, "CAVEAT")) && *v) {
      g_ptr_array_add (out->access, v);
      v = NULL;
    }
    g_free (k);
    g_free (v);
  }
  if (!out->sec) {
    epms_clear (out);
    return FALSE;
  }
  return TRUE;
}

static void
append_escaped (GString *s, const char *key, const char *value,
                gboolean escape_colon)
{
  g_string_append_printf (s, "%s%s=", s->len ? ", " : "", key);
  for (const char *p = value; *p; p++) {
    if (*p == ',' || *p == '\\' || (escape_colon && *p == ':'))
      g_string_append_c (s, '\\');
    if (*p != '\r' && *p != '\n')
      g_string_append_c (s, *p);
  }
}

char *
epms_format (const char *ver, const char *ns, const char *sec,
             GPtrArray *access, const char *origin)
{
  GString *s = g_string_new (NULL);
  append_escaped (s, "VER", ver, FALSE);
  append_escaped (s, "NS", ns, FALSE);
  append_escaped (s, "SEC", sec, FALSE);
  for (guint i = 0; access && i < access->len; i++)
    append_escaped (s, "ACCESS", g_ptr_array_index (access, i), FALSE);
  if (origin && *origin)
    append_escaped (s, "ORIGIN", origin, TRUE);
  return g_string_free (s, FALSE);
}

int
epms_recognise (const PmarkPolicy *policy, const char *value,
                GPtrArray *descriptors)
{
  Epms e;
  if (!epms_parse (value, &e))
    return -1;
  int level = policy_recognise_marking (policy, e.sec, TRUE, descriptors);
  /* ACCESS values the policy knows as descriptors add to the marking;
   * others (Legal-Privilege under a GPMS policy) say nothing to it. */
  for (guint i = 0; level >= 0 && i < e.access->len; i++) {
    g_autofree char *both = g_strdup_printf ("%s %s", e.sec,
                                             (char *) g_ptr_array_index (e.access, i));
    g_autoptr (GPtrArray) d = g_ptr_array_new_with_free_func (g_free);
    if (policy_recognise_marking (policy, both, TRUE, d) == level && descriptors)
      for (guint k = 0; k < d->len; k++)
        if (!g_ptr_array_find_with_equal_func (descriptors, g_ptr_array_index (d, k),
                                               g_str_equal, NULL))
          g_ptr_array_add (descriptors, g_strdup (g_ptr_array_index (d, k)));
  }
  epms_clear (&e);
  return level;
}

GPtrArray *
subject_marking_groups (const char *subject)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (const char *p = subject; p && (p = strchr (p, '['));) {
    const char *end = strchr (p + 1, ']');
    if (!end)
      break;
    const char *inner = strchr (p + 1, '[');
    if (inner && inner < end) {
      p = inner;
      continue;
    }
    if (end - p - 1 <= 2 * EPMS_VALUE_MAX) {
      char *g = g_strndup (p + 1, (gsize) (end - p - 1));
      g_ptr_array_add (out, g_strstrip (g));
    }
    p = end + 1;
  }
  return out;
}

static gboolean
is_marking_group (const PmarkPolicy *policy, const char *group)
{
  if (g_ascii_strncasecmp (group, "SEC=", 4) == 0)
    return TRUE;
  return *group && policy_recognise_marking (policy, group, TRUE, NULL) >= 0;
}

char *
subject_marking_strip (const PmarkPolicy *policy, const char *subject)
{
  GString *s = g_string_new (NULL);
  const char *p = subject;
  for (;;) {
    const char *open = strchr (p, '[');
    const char *end = open ? strchr (open + 1, ']') : NULL;
    if (!end) {
      g_string_append (s, p);
      break;
    }
    g_autofree char *g = g_strndup (open + 1, (gsize) (end - open - 1));
    g_strstrip (g);
    if (is_marking_group (policy, g)) {
      g_string_append_len (s, p, open - p);
      p = end + 1;
      /* one space goes with the group */
      if (*p == ' ')
        p++;
      else if (s->len && s->str[s->len - 1] == ' ')
        g_string_truncate (s, s->len - 1);
    } else {
      g_string_append_len (s, p, end + 1 - p);
      p = end + 1;
    }
  }
  return g_strstrip (g_string_free (s, FALSE));
}
