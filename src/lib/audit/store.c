/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which store a location names: the one place that knows the backends.
 * PostgreSQL's is a module (core/module.h), loaded when first named. */
#include "config.h"

#include <pmark/error.h>

#include "core/module.h"
#include "store.h"

/* A PostgreSQL connection URI, or libpq's "keyword=value ..." form
 * ("service=pmark-audit", "host=db dbname=pmark") */
static gboolean
is_postgresql (const char *location)
{
  if (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"))
    return TRUE;
  const char *p = location;
  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  return p > location && *p == '=';
}

AuditStore *
audit_store_open (const char *location, gboolean must_exist, GError **error)
{
  if (is_postgresql (location)) {
    const AuditStoreBackend *pg = PMARK_MODULE_GET ("store-pg", audit_store_pg, error);
    return pg ? pg->open (location, error) : NULL;
  }
  if (must_exist && !g_file_test (location, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: no audit store there", location);
    return NULL;
  }
  if (!must_exist) {
    g_autofree char *dir = g_path_get_dirname (location);
    g_mkdir_with_parents (dir, 0700);
  }
  return audit_store_sqlite.open (location, error);
}
