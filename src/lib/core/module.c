/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Loading modules (module.h): where they are looked for, the version
 * check, and remembering each module's outcome for the process. */
#include "config.h"

#include <gmodule.h>
#include <pmark/error.h>

#include "module.h"

typedef struct {
  GModule *module; /* resident, or NULL */
  char *missing;   /* why not, or NULL */
} Loaded;

static GMutex lock;
static GHashTable *loaded; /* name -> Loaded */

/* Where modules are looked for, in order: $PMARK_MODULE_DIR, the installed
 * directory, the build tree (pmark run from its build directory, as the
 * README's first command does). */
static Loaded *
load (const char *name)
{
  Loaded *l = g_new0 (Loaded, 1);
  const char *dirs[] = { g_getenv ("PMARK_MODULE_DIR"), PMARK_MODULE_DIR,
                         PMARK_BUILD_MODULE_DIR };
  g_autofree char *file = g_strdup_printf ("libpmark-%s.so", name);
  g_autoptr (GString) tried = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++) {
    if (!dirs[i] || !*dirs[i])
      continue;
    g_autofree char *path = g_build_filename (dirs[i], file, NULL);
    if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
      g_string_append_printf (tried, "%s%s", tried->len ? ", " : "", path);
      continue;
    }
    GModule *m = g_module_open (path, G_MODULE_BIND_LOCAL);
    const char *version = NULL;
    if (!m) {
      l->missing = g_strdup_printf ("pmark's module %s could not be loaded: %s", path,
                                    g_module_error ());
    } else if (!g_module_symbol (m, "pmark_module_version", (gpointer *) &version)
               || !version || g_strcmp0 (version, PMARK_VERSION) != 0) {
      l->missing = g_strdup_printf ("pmark's module %s is of another version (%s, not %s)",
                                    path, version ? version : "none", PMARK_VERSION);
      g_module_close (m);
    } else {
      g_module_make_resident (m);
      l->module = m;
    }
    return l;
  }
  l->missing = g_strdup_printf ("pmark's module %s is not installed (looked for %s)", file,
                                tried->str);
  return l;
}

gconstpointer
pmark_module_symbol (const char *name, const char *symbol, GError **error)
{
  g_mutex_lock (&lock);
  if (!loaded)
    loaded = g_hash_table_new (g_str_hash, g_str_equal);
  Loaded *l = g_hash_table_lookup (loaded, name);
  if (!l) {
    l = load (name);
    g_hash_table_insert (loaded, g_strdup (name), l);
  }
  gpointer p = NULL;
  if (l->module && !g_module_symbol (l->module, symbol, &p))
    p = NULL;
  if (!p && l->missing)
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT, "%s", l->missing);
  else if (!p)
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "pmark's module libpmark-%s.so has no %s", name, symbol);
  g_mutex_unlock (&lock);
  return p;
}
