/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Password-protected Office files: an OLE2 compound file holding an
 * EncryptedPackage stream. Their content cannot be read, which is a
 * result ("not inspected"), not a failure. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "ole.h"

static guint
encrypted_sniff (const PmarkSniffInfo *info)
{
  OleKind kind = ole_sniff (info);
  if (kind == OLE_KIND_ENCRYPTED)
    return PMARK_SNIFF_CONTENT;
  return kind == OLE_KIND_NONE && !strcmp (info->mime, "application/encrypted") ? PMARK_SNIFF_TYPE
                                                                                  : 0;
}

static gboolean
encrypted_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
                   GError **error)
{
  pmark_document_set_encrypted (doc, "password-protected Office document "
                                         "(OLE2 EncryptedPackage)");
  return TRUE;
}

const PmarkFormat pmark_format_encrypted_office = {
  .name = "encrypted-office",
  .description = "Password-protected Office document (content not inspected)",
  .sniff = encrypted_sniff,
  .extract = encrypted_extract,
  /* no read_marking: the properties are encrypted with the rest */
};
