/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* Decodes bytes of unknown encoding to UTF-8: a UTF-8 or UTF-16 byte order
 * mark decides; otherwise valid UTF-8 is taken as UTF-8 and anything else
 * as Windows-1252. NUL and other C0 controls except tab, CR, LF and FF
 * become spaces. Fails only on the text budget. */
char *pmark_text_decode (const guint8 *data, gsize len,
                         const PmarkBudget *budget, gsize *out_len,
                         GError **error);

G_END_DECLS
