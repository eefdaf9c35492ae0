/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* Decodes bytes of unknown encoding to UTF-8: a UTF-8 or UTF-16 byte order
 * mark decides; otherwise valid UTF-8 (NULs allowed) is taken as it is,
 * without a copy, and anything else as Windows-1252. Fails only on the
 * text budget. */
GBytes *pmark_text_decode (GBytes *input, const PmarkBudget *budget,
                           GError **error);

G_END_DECLS
