/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A picture of a document's first page, for a person to check what they
 * are about to mark (pmark-serve(1)). */
#pragma once

#include <pmark/budget.h>

G_BEGIN_DECLS

/**
 * pmark_preview_png:
 * @path: the document
 * @read: budget and password
 * @max_width: the widest the picture may be, in pixels
 * @error: where to put why there is no picture, or %NULL
 *
 * A picture of a document's first page, for a person to check what they are
 * about to mark (pmark-serve(1)): a PDF rendered by poppler; a
 * word-processing document, spreadsheet or presentation (OOXML, ODF, Office
 * 97-2003, RTF) through the PDF LibreOffice makes of it, when LibreOffice is
 * on PATH.
 *
 * Returns: (transfer full): the PNG, or %NULL:
 *    %PMARK_ERROR_UNSUPPORTED_FORMAT for anything else (show its text
 *    instead), %PMARK_ERROR_ENCRYPTED for a PDF whose password @read does
 *    not give
 */
GBytes *pmark_preview_png (const char *path, const PmarkReadOptions *read,
                           guint max_width, GError **error);

G_END_DECLS
