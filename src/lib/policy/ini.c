/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <pmark/pmark.h>

#include "ini.h"

static void
entry_free (gpointer p)
{
  IniEntry *e = p;
  g_free (e->key);
  g_free (e->value);
  g_free (e);
}

static void
section_free (gpointer p)
{
  IniSection *s = p;
  g_free (s->type);
  g_free (s->name);
  g_ptr_array_unref (s->entries);
  g_free (s);
}

void
ini_file_free (IniFile *ini)
{
  if (!ini)
    return;
  g_free (ini->filename);
  g_ptr_array_unref (ini->sections);
  g_free (ini);
}

const char *
ini_file_of (const IniFile *ini, const IniSection *section, guint line)
{
  for (guint i = 0; section && i < section->entries->len; i++) {
    const IniEntry *e = g_ptr_array_index (section->entries, i);
    if (e->line == line)
      return e->file;
  }
  return section && section->file ? section->file : ini->filename;
}

static IniSection *
find_section (IniFile *ini, const char *type, const char *name)
{
  for (guint i = 0; i < ini->sections->len; i++) {
    IniSection *s = g_ptr_array_index (ini->sections, i);
    if (!strcmp (s->type, type) && !g_strcmp0 (s->name, name))
      return s;
  }
  return NULL;
}

void
ini_merge (IniFile *base, IniFile *over)
{
  for (guint i = 0; i < over->sections->len; i++) {
    IniSection *os = g_ptr_array_index (over->sections, i);
    IniSection *bs = find_section (base, os->type, os->name);
    if (!bs) {
      g_ptr_array_add (base->sections, g_ptr_array_steal_index (over->sections, i--));
      continue;
    }
    for (guint k = 0; k < os->entries->len; k++) {
      IniEntry *e = g_ptr_array_index (os->entries, k);
      gsize n = strlen (e->key);
      gboolean append = n > 1 && e->key[n - 1] == '+';
      if (append) {
        e->key[n - 1] = '\0';
        g_strchomp (e->key);
      }
      IniEntry *old = NULL;
      for (guint j = 0; j < bs->entries->len && !old; j++)
        if (!strcmp (((IniEntry *) g_ptr_array_index (bs->entries, j))->key, e->key))
          old = g_ptr_array_index (bs->entries, j);
      if (old && append) {
        char *v = *old->value ? g_strconcat (old->value, ", ", e->value, NULL)
                              : g_strdup (e->value);
        g_free (old->value);
        old->value = v;
        old->file = e->file;
        old->line = e->line;
      } else if (old) {
        g_free (old->value);
        old->value = g_strdup (e->value);
        old->file = e->file;
        old->line = e->line;
      } else {
        g_ptr_array_add (bs->entries, g_ptr_array_steal_index (os->entries, k--));
      }
    }
  }
  ini_file_free (over);
}

const IniEntry *
ini_section_lookup (const IniSection *section, const char *key)
{
  for (guint i = 0; i < section->entries->len; i++) {
    const IniEntry *e = g_ptr_array_index (section->entries, i);
    if (strcmp (e->key, key) == 0)
      return e;
  }
  return NULL;
}

static char *
collapse_spaces (const char *s)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  for (; *s; s++) {
    if (g_ascii_isspace (*s)) {
      space = out->len > 0;
      continue;
    }
    if (space)
      g_string_append_c (out, ' ');
    space = FALSE;
    g_string_append_c (out, *s);
  }
  return g_string_free (out, FALSE);
}

IniFile *
ini_parse (const char *data, gsize len, const char *filename, GError **error)
{
  g_autoptr (IniFile) ini = g_new0 (IniFile, 1);
  ini->filename = g_strdup (filename);
  ini->sections = g_ptr_array_new_with_free_func (section_free);
  /* interned: entries keep pointing at it when merged into another */
  const char *file = g_intern_string (filename);

  if (!g_utf8_validate_len (data, len, NULL)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                 "%s: not valid UTF-8", filename);
    return NULL;
  }
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, len -= 3;

  IniSection *cur = NULL;
  IniEntry *last = NULL;
  const char *p = data, *end = data + len;
  guint lineno = 0;

  while (p < end) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    const char *e = nl ? nl : end;
    g_autofree char *raw = g_strndup (p, (gsize) (e - p));
    p = nl ? nl + 1 : end;
    lineno++;

    gboolean indented = raw[0] == ' ' || raw[0] == '\t';
    char *line = g_strstrip (raw);
    if (!*line || *line == '#' || *line == ';')
      continue;

    if (indented) {
      if (!last) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                     "%s:%u: continuation line with no key before it",
                     filename, lineno);
        return NULL;
      }
      char *joined = g_strconcat (last->value, *last->value ? " " : "", line,
                                  NULL);
      g_free (last->value);
      last->value = joined;
      continue;
    }

    if (*line == '[') {
      char *close = strchr (line, ']');
      if (!close || close[1]) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                     "%s:%u: malformed section header '%s' (expected "
                     "'[type name]')",
                     filename, lineno, line);
        return NULL;
      }
      *close = '\0';
      g_autofree char *inner = collapse_spaces (line + 1);
      if (!*inner) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                     "%s:%u: empty section header", filename, lineno);
        return NULL;
      }
      cur = g_new0 (IniSection, 1);
      char *sp = strchr (inner, ' ');
      cur->type = sp ? g_strndup (inner, (gsize) (sp - inner))
                     : g_strdup (inner);
      cur->name = sp ? g_strdup (sp + 1) : NULL;
      cur->line = lineno;
      cur->file = file;
      cur->entries = g_ptr_array_new_with_free_func (entry_free);
      g_ptr_array_add (ini->sections, cur);
      last = NULL;
      continue;
    }

    char *eq = strchr (line, '=');
    if (!eq) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                   "%s:%u: expected 'key = value', found '%s'", filename,
                   lineno, line);
      return NULL;
    }
    if (!cur) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                   "%s:%u: 'key = value' before any [section]", filename,
                   lineno);
      return NULL;
    }
    *eq = '\0';
    g_autofree char *key = collapse_spaces (line);
    if (!*key) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                   "%s:%u: [%s%s%s]: empty key", filename, lineno, cur->type,
                   cur->name ? " " : "", cur->name ? cur->name : "");
      return NULL;
    }
    if (ini_section_lookup (cur, key)) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                   "%s:%u: [%s%s%s]: duplicate key '%s'", filename, lineno,
                   cur->type, cur->name ? " " : "",
                   cur->name ? cur->name : "", key);
      return NULL;
    }
    last = g_new0 (IniEntry, 1);
    last->key = g_steal_pointer (&key);
    last->value = g_strdup (g_strstrip (eq + 1));
    last->line = lineno;
    last->file = file;
    g_ptr_array_add (cur->entries, last);
  }
  return g_steal_pointer (&ini);
}
