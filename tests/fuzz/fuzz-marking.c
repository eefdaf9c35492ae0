/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer: the marking syntaxes a message carries: EPMS header values,
 * subject markings, SIO-Label, and recognising a marking under a policy;
 * then the gateway's whole decision and header editing on the bytes as a
 * message (the milter's path, without the socket). */
#include "config.h"

#include <string.h>

#include <pmark/pmark.h>

#include "core/document-private.h"
#include "mail/mail-private.h"
#include "policy/epms.h"

static PmarkPolicy *policy;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_setenv ("PMARK_LOCAL_POLICY", "", TRUE);
  pmark_init (NULL);
  policy = pmark_policy_load (g_getenv ("PMARK_FUZZ_POLICY"), NULL);
  if (!policy)
    g_error ("no policy (PMARK_FUZZ_POLICY)");
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  char *text = g_strndup ((const char *) data, size);
  if (g_utf8_validate (text, -1, NULL)) {
    Epms e = { 0 };
    if (epms_parse (text, &e))
      epms_clear (&e);
    g_autoptr (GPtrArray) descs = g_ptr_array_new_with_free_func (g_free);
    epms_recognise (policy, text, descs);
    g_free (subject_marking_strip (policy, text));
    PmarkDocument *doc = pmark_document_new ("fuzz");
    mail_sio_label_read (doc, text);
    mail_subject_markings (doc, text);
    pmark_document_free (doc);
  }
  g_free (text);

  GBytes *message = g_bytes_new (data, size);
  PmarkReadOptions read;
  pmark_read_options_init (&read);
  read.ocr.mode = PMARK_OCR_OFF;
  read.budget.max_seconds = 5;
  PmarkMailEnvelope env = { .name = "fuzz" };
  GError *error = NULL;
  PmarkMailDecision *d = pmark_mail_decide (policy, message, &env, &read, &error);
  if (d) {
    GBytes *out = pmark_mail_apply (message, d, NULL);
    if (out)
      g_bytes_unref (out);
    pmark_mail_decision_free (d);
  }
  g_clear_error (&error);
  g_bytes_unref (message);
  return 0;
}
