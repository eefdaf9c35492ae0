/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A small INI reader that remembers where everything was written, so that
 * every policy error can name its line (GKeyFile cannot). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *key;
  char *value;
  guint line;
} IniEntry;

typedef struct {
  char *type;  /* "level" in [level PROTECT] */
  char *name;  /* "PROTECT", or NULL in [policy] */
  guint line;
  GPtrArray *entries; /* IniEntry* in file order */
} IniSection;

typedef struct {
  char *filename;
  GPtrArray *sections; /* IniSection* in file order */
} IniFile;

IniFile *ini_parse (const char *data, gsize len, const char *filename,
                    GError **error);
void ini_file_free (IniFile *ini);
const IniEntry *ini_section_lookup (const IniSection *section,
                                    const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IniFile, ini_file_free)

G_END_DECLS
