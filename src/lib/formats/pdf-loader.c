/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PDF's entry in the table of formats, and its first page drawn. The reader, pdf.c, is the module
 * "pdf-reader" (core/module.h): poppler and cairo cost a cold process more
 * than all of pmark's own start-up, so only the process that reads a PDF
 * (the worker, in the sandbox) loads them, the first time. Sniffing needs
 * no library and stays here. A reader that cannot be loaded leaves the
 * PDF not inspected, with why: never clean. */
#include "config.h"

#include <string.h>

#include <pmark/sandbox.h>

#include "core/module.h"
#include "format.h"
#include "worker.h"

static guint
pdf_sniff (const PmarkSniffInfo *info)
{
  return !strcmp (info->mime, "application/pdf") ? PMARK_SNIFF_TYPE : 0;
}

static const PmarkFormat *
reader (PmarkDocument *doc)
{
  g_autoptr (GError) e = NULL;
  const PmarkFormat *f = PMARK_MODULE_GET ("pdf-reader", pmark_pdf_reader, &e);
  if (!f) {
    g_autofree char *why = g_strdup_printf ("no PDF reader: %s", e->message);
    pmark_document_set_not_inspected (doc, why);
  }
  return f;
}

/* a worker forked for "classify report.pdf" loads poppler while pmark
 * loads the policy and detects the file (pmark_sandbox_prestart) */
static void
pdf_preload (void)
{
  (void) PMARK_MODULE_GET ("pdf-reader", pmark_pdf_reader, NULL);
}

static gboolean
pdf_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget, GError **error)
{
  const PmarkFormat *f = reader (doc);
  return !f || f->extract (doc, input, budget, error);
}

static gboolean
pdf_read_marking (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
                  GError **error)
{
  const PmarkFormat *f = reader (doc);
  return !f || f->read_marking (doc, input, budget, error);
}

GBytes *
pdf_first_page_png_here (GBytes *pdf, const char *name, const char *password, guint max_width,
                         GError **error)
{
#ifdef PMARK_FAULT_INJECTION
  worker_inject_step_faults (pdf, "RENDER");
#endif
  const PmarkPdfRender *r = PMARK_MODULE_GET ("pdf-reader", pmark_pdf_render, error);
  return r ? r->first_page (pdf, name, password, max_width, error) : NULL;
}

GBytes *
pmark_pdf_first_page_png (GBytes *pdf, const char *name, const PmarkReadOptions *read,
                          guint max_width, GError **error)
{
  if (pmark_sandbox_enabled ())
    return worker_render_first_page (pdf, name, read, max_width, error);
  return pdf_first_page_png_here (pdf, name, read->password, max_width, error);
}

const PmarkFormat pmark_format_pdf = {
  .name = "pdf",
  .description = "PDF (poppler)",
  .sniff = pdf_sniff,
  .extract = pdf_extract,
  .read_marking = pdf_read_marking,
  .preload = pdf_preload,
};
