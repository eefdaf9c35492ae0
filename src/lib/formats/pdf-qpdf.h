/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the two modules that use qpdf share (formats/pdf-signature.c and
 * stamp/pdf.c): pmark's names in a PDF and two helpers, inline so that
 * each module has its own copy and neither calls into the other. */
#pragma once

#include <glib.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#include <pmark/error.h>

#include "signature.h"

/* pmark's marking streams begin with it (a later marking replaces them;
 * the canonical content leaves them out) */
#define PDF_STAMP_TAG "% pmark-stamp"

/* TRUE, with `error` set to `what` and qpdf's message, when qpdf has an
 * error to report. */
static inline gboolean
pdf_qpdf_failed (qpdf_data q, GError **error, int code, const char *what)
{
  if (!qpdf_has_error (q))
    return FALSE;
  qpdf_error e = qpdf_get_error (q);
  g_set_error (error, PMARK_ERROR, code, "%s: %s", what,
               e ? qpdf_get_error_full_text (q, e) : "qpdf failed");
  return TRUE;
}

/* A content stream pmark wrote (it begins with PDF_STAMP_TAG). */
static inline gboolean
pdf_is_pmark_stream (qpdf_data q, qpdf_oh o)
{
  if (!qpdf_oh_is_stream (q, o))
    return FALSE;
  qpdf_oh len = qpdf_oh_get_key (q, qpdf_oh_get_dict (q, o), "/Length");
  if (qpdf_oh_is_integer (q, len) && qpdf_oh_get_int_value_as_int (q, len) > 65536)
    return FALSE;
  unsigned char *buf = NULL;
  size_t n = 0;
  gboolean mine = FALSE;
  /* the code carries warnings (suppressed, but counted) too */
  QPDF_ERROR_CODE rc = qpdf_oh_get_stream_data (q, o, qpdf_dl_generalized, NULL, &buf, &n);
  if (!(rc & QPDF_ERRORS) && buf)
    mine = n >= strlen (PDF_STAMP_TAG) && !memcmp (buf, PDF_STAMP_TAG, strlen (PDF_STAMP_TAG));
  free (buf);
  return mine;
}
