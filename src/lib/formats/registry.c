/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one table of formats. Adding a format is adding a file and a line
 * here. */
#include "config.h"

#include "format.h"

extern const PmarkFormat pmark_format_text;
extern const PmarkFormat pmark_format_pdf;
extern const PmarkFormat pmark_format_docx;
extern const PmarkFormat pmark_format_xlsx;
extern const PmarkFormat pmark_format_pptx;
extern const PmarkFormat pmark_format_odf;
extern const PmarkFormat pmark_format_encrypted_office;
extern const PmarkFormat pmark_format_sealed;
extern const PmarkFormat pmark_format_html;
extern const PmarkFormat pmark_format_zip;
extern const PmarkFormat pmark_format_mail;
extern const PmarkFormat pmark_format_image;
extern const PmarkFormat pmark_format_doc;
extern const PmarkFormat pmark_format_xls;
extern const PmarkFormat pmark_format_ppt;
extern const PmarkFormat pmark_format_rtf;
extern const PmarkFormat pmark_format_msg;
extern const PmarkFormat pmark_format_tnef;
extern const PmarkFormat pmark_format_ole_object;
extern const PmarkFormat pmark_format_xml;
extern const PmarkFormat pmark_format_wpd;

static const PmarkFormat *const formats[] = {
  &pmark_format_text,
  &pmark_format_pdf,
  &pmark_format_docx,
  &pmark_format_xlsx,
  &pmark_format_pptx,
  &pmark_format_odf,
  &pmark_format_encrypted_office,
  &pmark_format_sealed,
  &pmark_format_html,
  &pmark_format_zip,
  &pmark_format_mail,
  &pmark_format_image,
  &pmark_format_wpd,
  &pmark_format_doc,
  &pmark_format_xls,
  &pmark_format_ppt,
  &pmark_format_rtf,
  &pmark_format_msg,
  &pmark_format_tnef,
  &pmark_format_ole_object,
  &pmark_format_xml,
  NULL,
};

const PmarkFormat *const *
pmark_formats (void)
{
  return formats;
}

const PmarkFormat *
pmark_format_named (const char *name)
{
  for (const PmarkFormat *const *f = formats; name && *f; f++)
    if (!strcmp ((*f)->name, name))
      return *f;
  return NULL;
}

const PmarkFormat *
pmark_format_for (const PmarkSniffInfo *info)
{
  const PmarkFormat *best = NULL;
  guint best_confidence = 0;
  for (const PmarkFormat *const *f = formats; *f; f++) {
    guint c = (*f)->sniff (info);
    if (c > best_confidence) {
      best = *f;
      best_confidence = c;
    }
  }
  return best;
}
