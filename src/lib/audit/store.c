/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which store a location names: the one place that knows the backends. */
#include "config.h"

#include <pmark/error.h>

#include "store.h"

AuditStore *
audit_store_open (const char *location, gboolean must_exist, GError **error)
{
  if (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://")) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "%s: this pmark has no PostgreSQL store yet; give an SQLite file", location);
    return NULL;
  }
  if (must_exist && !g_file_test (location, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: no audit store there", location);
    return NULL;
  }
  return audit_store_sqlite.open (location, error);
}
