/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one table of writers: which formats pmark can stamp, and how.
 * Readers (formats/registry.c) know nothing of writers; adding a writer is
 * adding a stamp/FORMAT.c and a line here. */
#include "config.h"

#include "stamp.h"

static const PmarkWriter writers[] = {
  { "text", pmark_stamp_text },
  { "pdf", pmark_stamp_pdf },
  { "docx", pmark_stamp_docx },
  { "xlsx", pmark_stamp_xlsx },
  { "pptx", pmark_stamp_pptx },
  { "odf", pmark_stamp_odf },
};

PmarkStampFunc
pmark_writer_for (const char *format)
{
  for (gsize i = 0; format && i < G_N_ELEMENTS (writers); i++)
    if (!strcmp (writers[i].format, format))
      return writers[i].stamp;
  return NULL;
}
