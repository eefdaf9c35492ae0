/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* The two halves of pmark_document_load_bytes(), for callers that want the
 * detected type even when extraction fails. */
PmarkDocument *pmark_document_new (const char *name);
gboolean pmark_document_extract (PmarkDocument *doc, GBytes *input,
                                 const PmarkBudget *budget, GError **error);

G_END_DECLS
