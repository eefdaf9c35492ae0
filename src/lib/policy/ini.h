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
  const char *file;   /* where it was written: an IniFile's own file, or
                       * one merged into it (an interned string) */
} IniEntry;

typedef struct {
  char *type;  /* "level" in [level PROTECT] */
  char *name;  /* "PROTECT", or NULL in [policy] */
  guint line;
  const char *file;   /* where its header was written */
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
/* Where the line `line` of `section` was written: the file of the entry
 * (or the section header) on that line. */
const char *ini_file_of (const IniFile *ini, const IniSection *section, guint line);
/* Merges `over` into `base` (which takes it): a section of the same type
 * and name gets `over`'s keys, replacing its own, or, written "key +=",
 * appended to its list ("a, b" + "c" -> "a, b, c"); a new section is
 * added. Every entry keeps the file it came from. */
void ini_merge (IniFile *base, IniFile *over);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IniFile, ini_file_free)

G_END_DECLS
