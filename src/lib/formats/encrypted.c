/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Password-protected Office files: an OLE2 compound file holding an
 * EncryptedPackage stream. Their content cannot be read, which is a
 * result ("not inspected"), not a failure. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "format.h"

/* "EncryptedPackage" as an OLE2 directory entry name (UTF-16LE) */
static const char encrypted_package[] =
  "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

static gboolean
encrypted_sniff (const PmarkSniffInfo *info)
{
  if (!strcmp (info->mime, "application/encrypted"))
    return TRUE;
  if (strcmp (info->mime, "application/CDFV2") && strcmp (info->mime, "application/x-ole-storage"))
    return FALSE;
  return memmem (info->data, info->len, encrypted_package,
                 sizeof encrypted_package - 1) != NULL;
}

static gboolean
encrypted_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
                   GError **error)
{
  pmark_document_set_not_inspected (doc, "password-protected Office document "
                                         "(OLE2 EncryptedPackage)");
  return TRUE;
}

static gboolean
encrypted_read_marking (PmarkDocument *doc, GBytes *input,
                        const PmarkBudget *budget, GError **error)
{
  return TRUE; /* the properties are encrypted with the rest */
}

const PmarkFormat pmark_format_encrypted_office = {
  .name = "encrypted-office",
  .description = "Password-protected Office document (content not inspected)",
  .sniff = encrypted_sniff,
  .extract = encrypted_extract,
  .read_marking = encrypted_read_marking,
};
