/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A PDF's signed marking as qpdf reads it: Info's /PmarkSignature and
 * /PmarkMarking, and the canonical content pmark-verify(1) defines for a
 * PDF (each page's content streams without pmark's, then the XObjects it
 * names). The module "pdf-signature" (core/module.h): qpdf is loaded by
 * the process that checks a signature, the worker when the sandbox is on
 * (signature.c). */
#include "config.h"

#include "core/module.h"
#include "pdf-qpdf.h"
#include "signature.h"

#define MAX_XOBJECT_DEPTH 8

static void
sum_stream (qpdf_data q, qpdf_oh s, GChecksum *sum)
{
  unsigned char *buf = NULL;
  size_t n = 0;
  /* decoded where qpdf can (a rewrite may recompress), else as stored */
  QPDF_ERROR_CODE rc = qpdf_oh_get_stream_data (q, s, qpdf_dl_generalized, NULL, &buf, &n);
  if ((rc & QPDF_ERRORS) || !buf) {
    free (buf);
    buf = NULL;
    n = 0;
    rc = qpdf_oh_get_stream_data (q, s, qpdf_dl_none, NULL, &buf, &n);
  }
  g_autofree char *head = g_strdup_printf ("stream %zu\n", (rc & QPDF_ERRORS) ? 0 : n);
  g_checksum_update (sum, (const guchar *) head, strlen (head));
  if (!(rc & QPDF_ERRORS) && buf)
    g_checksum_update (sum, buf, n);
  free (buf);
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The XObjects a resource dictionary names, in name order; forms with
 * their own. `seen` guards against forms that contain themselves. */
static void
sum_xobjects (qpdf_data q, qpdf_oh resources, GChecksum *sum, GHashTable *seen, int depth)
{
  if (depth > MAX_XOBJECT_DEPTH || !qpdf_oh_is_dictionary (q, resources))
    return;
  qpdf_oh xo = qpdf_oh_get_key (q, resources, "/XObject");
  if (!qpdf_oh_is_dictionary (q, xo))
    return;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  qpdf_oh_begin_dict_key_iter (q, xo);
  while (qpdf_oh_dict_more_keys (q))
    g_ptr_array_add (names, g_strdup (qpdf_oh_dict_next_key (q)));
  g_ptr_array_sort (names, cmp_str);
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    qpdf_oh o = qpdf_oh_get_key (q, xo, name);
    if (!qpdf_oh_is_stream (q, o))
      continue;
    g_checksum_update (sum, (const guchar *) name, strlen (name));
    int id = qpdf_oh_get_object_id (q, o);
    if (id && !g_hash_table_add (seen, GINT_TO_POINTER (id))) {
      g_checksum_update (sum, (const guchar *) " again\n", 7);
      continue;
    }
    g_checksum_update (sum, (const guchar *) "\n", 1);
    sum_stream (q, o, sum);
    qpdf_oh dict = qpdf_oh_get_dict (q, o);
    qpdf_oh sub = qpdf_oh_get_key (q, dict, "/Subtype");
    if (qpdf_oh_is_name_and_equals (q, sub, "/Form"))
      sum_xobjects (q, qpdf_oh_get_key (q, dict, "/Resources"), sum, seen, depth + 1);
  }
}

static char *
info_string (qpdf_data q, qpdf_oh info, const char *key)
{
  qpdf_oh v = qpdf_oh_get_key (q, info, key);
  return qpdf_oh_is_string (q, v) ? g_strdup (qpdf_oh_get_utf8_value (q, v)) : NULL;
}

static gboolean
pdf_signature_data (GBytes *input, const char *name, const char *password, gboolean always,
                    GChecksum *sum, char **signature, char **marking, GError **error)
{
  qpdf_data q = qpdf_init ();
  qpdf_silence_errors (q);
  qpdf_set_suppress_warnings (q, QPDF_TRUE);
  gsize len;
  const char *data = g_bytes_get_data (input, &len);
  gboolean ok = FALSE;
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  qpdf_read_memory (q, name, data, len, password);
  if (pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf cannot read it"))
    goto out;
  qpdf_oh info = qpdf_oh_get_key (q, qpdf_get_trailer (q), "/Info");
  if (signature)
    *signature = qpdf_oh_is_dictionary (q, info) ? info_string (q, info, PDF_SIGNATURE_KEY) : NULL;
  if (marking)
    *marking = qpdf_oh_is_dictionary (q, info) ? info_string (q, info, PDF_MARKING_KEY) : NULL;
  /* the content only when asked for, or when there is a signature */
  if (!sum || (!always && !(signature && *signature))) {
    ok = TRUE;
    goto out;
  }
  qpdf_push_inherited_attributes_to_page (q);
  int pages = qpdf_get_num_pages (q);
  if (pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf cannot read its pages"))
    goto out;
  for (int i = 0; i < pages; i++) {
    qpdf_oh page = qpdf_get_page_n (q, i);
    g_autofree char *head = g_strdup_printf ("page %d\n", i + 1);
    g_checksum_update (sum, (const guchar *) head, strlen (head));
    qpdf_oh contents = qpdf_oh_get_key (q, page, "/Contents");
    int k = qpdf_oh_is_array (q, contents) ? qpdf_oh_get_array_n_items (q, contents)
          : qpdf_oh_is_stream (q, contents) ? 1 : 0;
    for (int j = 0; j < k; j++) {
      qpdf_oh c = qpdf_oh_is_array (q, contents) ? qpdf_oh_get_array_item (q, contents, j)
                                                 : contents;
      if (qpdf_oh_is_stream (q, c) && !pdf_is_pmark_stream (q, c))
        sum_stream (q, c, sum);
    }
    sum_xobjects (q, qpdf_oh_get_key (q, page, "/Resources"), sum, seen, 0);
  }
  ok = !pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf could not read it");
out:
  qpdf_cleanup (&q);
  return ok;
}

PMARK_MODULE_DEFINE_VERSION;

G_MODULE_EXPORT const PmarkPdfSignature pmark_pdf_signature = {
  .data = pdf_signature_data,
};
