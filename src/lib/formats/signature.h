/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signed markings, the reading half (signature.c): where each format
 * carries pmark's signature and marking property, and the canonical
 * content a signature covers (pmark-verify(1), CANONICAL CONTENT). What
 * needs the file's bytes parsed is gathered where documents are read — in
 * a worker process when the sandbox is on — as the document's evidence;
 * the check (stamp/signature.c) only compares. */
#pragma once

#include "core/document-private.h"

G_BEGIN_DECLS

/* pmark's marking property in a document's metadata (custom properties,
 * user-defined fields) */
#define PMARK_STAMP_PROPERTY "pmark-marking"
/* a PDF's Info keys: a signed marking's token, pmark's marking */
#define PDF_SIGNATURE_KEY "/PmarkSignature"
#define PDF_MARKING_KEY "/PmarkMarking"

typedef enum {
  SIGNATURE_KIND_NONE,     /* pmark neither signs nor checks these */
  SIGNATURE_KIND_PDF,
  SIGNATURE_KIND_OOXML,
  SIGNATURE_KIND_ODF_ZIP,
  SIGNATURE_KIND_ODF_FLAT,
  SIGNATURE_KIND_TEXT,
  SIGNATURE_KIND_SEALED,   /* the stanza outside, not bound to the payload */
} SignatureKind;

SignatureKind signature_kind (const PmarkDocument *doc, GBytes *bytes);

/* A line as compared: NFC, runs of white space one space, trimmed,
 * case-folded; `alen` -1 for a NUL-terminated `a`. */
gboolean signature_same_line (const char *a, gssize alen, const char *b);

/* Reads what `bytes` (the document `doc` was read from) carries of a
 * signed marking into doc->evidence: the token, pmark's marking property
 * and, when `content` is set or a token is there, the part of the
 * canonical content that needs the file parsed (a PDF's digest, a
 * package's media). In this process; what could not be read is the
 * evidence's error. */
void signature_gather_here (PmarkDocument *doc, GBytes *bytes, const char *password,
                            gboolean content);

/* The same in a worker process when the sandbox is on (worker.c), so a
 * parser's crash or hang costs the check, not the caller: FALSE with
 * reader-crashed or reader-timeout. `read` gives the password and the
 * budget (its time and memory bound the worker). */
gboolean signature_gather (PmarkDocument *doc, GBytes *bytes, const PmarkReadOptions *read,
                           gboolean content, GError **error);

/* The canonical content's digest, "sha256:HEX": the document's text
 * without `marking_lines` (pmark's visible marking), then the evidence's
 * part (gathered with `content`). */
char *signature_digest (const PmarkDocument *doc, const char *const *marking_lines,
                        GError **error);

/* ---- the module "pdf-signature" (pdf-signature.c; core/module.h) ----- */
typedef struct {
  /* Reads Info's /PmarkSignature and /PmarkMarking (NULL when absent)
   * and, when `sum` is given and `always` is set or there is a
   * signature, adds the canonical content to it: each page's content
   * streams without pmark's, then the XObjects it names (in name order,
   * forms recursively), decoded where qpdf can. */
  gboolean (*data) (GBytes *input, const char *name, const char *password, gboolean always,
                    GChecksum *sum, char **signature, char **marking, GError **error);
  /* The module is where PDFs are read with qpdf, and the PDF reader asks
   * it one more thing: which images of pages `pages` (0-based) do not
   * decode (a damaged JPEG or Flate stream: qpdf decodes every filter but
   * JBIG2, JPX and CCITT) or are too large to draw and read. Each adds
   * "page N, image NAME: why" to `damaged`. FALSE when qpdf cannot read
   * the file. */
  gboolean (*damaged_images) (GBytes *input, const char *name, const char *password,
                              const int *pages, guint n, GPtrArray *damaged, GError **error);
  /* The JPEG images of page `page` (0-based) as stored (DCT, maybe under
   * Flate): each one's XObject name to `names`, its bytes (GBytes) to
   * `jpegs`. FALSE when qpdf cannot read the file. */
  gboolean (*page_jpegs) (GBytes *input, const char *name, const char *password, int page,
                          GPtrArray *names, GPtrArray *jpegs, GError **error);
} PmarkPdfSignature;
extern const PmarkPdfSignature pmark_pdf_signature;

G_END_DECLS
