/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A plain zip archive (not an Office or OpenDocument package): every
 * member is read as a document of its own, within the archive's budgets,
 * and what cannot be read (an encrypted or damaged member) is listed as
 * unread rather than failing the archive. */
#include "config.h"

#include <string.h>

#include "zipxml.h"

static guint
zip_sniff (const PmarkSniffInfo *info)
{
  /* a zip no format claimed from inside: its members are read */
  return strcmp (info->mime, "application/zip") == 0 ? PMARK_SNIFF_FAMILY : 0;
}

static gboolean
zip_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  g_autoptr (ZipDoc) zd = zipdoc_open (input, doc, budget, error);
  if (!zd)
    return FALSE;
  g_autoptr (GPtrArray) names = zipdoc_list (zd, "", "");
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    if (g_str_has_suffix (name, "/"))
      continue; /* a directory */
    g_autofree char *where = g_strdup_printf ("member %s", name);
    GError *local = NULL;
    g_autoptr (GBytes) member = zipdoc_read (zd, name, &local);
    if (!member) {
      /* the archive's own budgets are spent: stop, as for any format */
      if (g_error_matches (local, PMARK_ERROR, PMARK_ERROR_BUDGET)) {
        g_propagate_error (error, local);
        return FALSE;
      }
      g_ptr_array_add (doc->unread, g_strdup_printf ("%s: %s", where,
                                                     local->message));
      g_error_free (local);
      continue;
    }
    if (!pmark_document_add_nested (doc, budget, member, name, where, error))
      return FALSE;
  }
  return TRUE;
}

const PmarkFormat pmark_format_zip = {
  .name = "zip",
  .description = "zip archive (each member read as a document)",
  .sniff = zip_sniff,
  .extract = zip_extract,
};
