/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* The two halves of pmark_document_load_bytes(), for callers that want the
 * detected type even when extraction fails. */
PmarkDocument *pmark_document_new (const char *name);
gboolean pmark_document_extract (PmarkDocument *doc, GBytes *input,
                                 const PmarkReadOptions *options,
                                 GError **error);

/* FALSE with a PMARK_ERROR_BUDGET once the per-file wall time is spent. */
/* Resident bytes of process `pid` (0: this one), from /proc; 0 unknown. */
guint64 pmark_resident_bytes (int pid);
gboolean pmark_document_check_budget (const PmarkDocument *doc, GError **error);
/* Marks the document as not inspected (encrypted), with why. */
void pmark_document_set_not_inspected (PmarkDocument *doc, const char *reason);
/* Frees the text read (parts and marking candidates), keeping what the
 * document is (name, type, inspected or not): for a caller done with
 * classifying that goes on to rewrite the file, in less memory. */
void pmark_document_drop_text (PmarkDocument *doc);

G_END_DECLS
