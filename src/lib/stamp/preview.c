/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The first page of a document as a picture (pmark-serve(1)): poppler
 * draws PDFs (formats/pdf-render.c, in a worker when the sandbox is on);
 * office documents go through the PDF LibreOffice makes. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "core/file.h"
#include <pmark/detect.h>
#include <pmark/preview.h>
#include "stamp.h"

/* the kinds of document LibreOffice lays out as pages; by the file's
 * extension, which LibreOffice goes by */
static const char *const office_extensions[] = {
  "docx", "docm", "xlsx", "xlsm", "pptx", "pptm", "odt", "ods", "odp",
  "fodt", "fods", "fodp", "doc", "xls", "ppt", "rtf", NULL
};

GBytes *
pmark_preview_png (const char *path, const PmarkReadOptions *read, guint max_width,
                   GError **error)
{
  PmarkReadOptions defaults;
  if (!read) {
    pmark_read_options_init (&defaults);
    read = &defaults;
  }
  g_autoptr (GBytes) data = pmark_file_read (path, &read->budget, error);
  if (!data)
    return NULL;
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);
  PmarkFileType type = { 0 };
  if (!pmark_detect_bytes (p, len, path, &type, error))
    return NULL;
  g_autofree char *name = g_path_get_basename (path);
  GBytes *png = NULL;
  if (type.format && !strcmp (type.format, "pdf")) {
    png = pmark_pdf_first_page_png (data, name, read, max_width ? max_width : 800, error);
  } else if (type.format && type.extension
             && g_strv_contains (office_extensions, type.extension)
             && !type.extension_mismatch) {
    g_autoptr (GBytes) pdf = pmark_convert_to_pdf (data, type.extension, &read->budget, error);
    PmarkReadOptions converted = *read;
    converted.password = NULL; /* LibreOffice's PDF has none */
    if (pdf)
      png = pmark_pdf_first_page_png (pdf, name, &converted, max_width ? max_width : 800, error);
  } else {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: pmark draws no pages of %s files", name,
                 type.format ? type.format : type.mime ? type.mime : "such");
  }
  pmark_file_type_clear (&type);
  return png;
}
