/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the rest of libpmark calls to stamp a PDF: the module
 * "pdf-writer" (pdf.c; core/module.h) loaded the first time, so that
 * qpdf, poppler and cairo cost only the processes that use them. A module that cannot be loaded is an unsupported-format error
 * naming it. */
#include "config.h"

#include "core/module.h"
#include "stamp.h"

static const PmarkPdfWriter *
writer (GError **error)
{
  return PMARK_MODULE_GET ("pdf-writer", pmark_pdf_writer, error);
}

gboolean
pmark_stamp_pdf (const PmarkStampJob *job, GError **error)
{
  const PmarkPdfWriter *w = writer (error);
  return w && w->stamp (job, error);
}
