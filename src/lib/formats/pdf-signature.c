/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A PDF's signed marking as qpdf reads it: Info's /PmarkSignature and
 * /PmarkMarking, and the canonical content pmark-verify(1) defines for a
 * PDF (each page's content streams without pmark's, then the XObjects it
 * names); and, for the PDF reader, which images of a page do not decode.
 * The module "pdf-signature" (core/module.h): qpdf is loaded by the
 * process that checks a signature or reads a scanned page, the worker
 * when the sandbox is on (signature.c, pdf.c). */
#include "config.h"

#include "core/module.h"
#include "pdf-qpdf.h"
#include "signature.h"

#define MAX_XOBJECT_DEPTH 8
/* ocr.h's PMARK_OCR_MAX_PIXELS, A3 at 400 dpi, with room: an image above
 * it is not drawn whole for OCR */
#define MAX_IMAGE_PIXELS (G_GINT64_CONSTANT (64) * 1000 * 1000)

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

/* The names of the XObjects a resource dictionary names, in name order,
 * and their dictionary in *xo; NULL when there are none (or the forms are
 * nested past MAX_XOBJECT_DEPTH). */
static GPtrArray *
xobject_names (qpdf_data q, qpdf_oh resources, int depth, qpdf_oh *xo)
{
  if (depth > MAX_XOBJECT_DEPTH || !qpdf_oh_is_dictionary (q, resources))
    return NULL;
  *xo = qpdf_oh_get_key (q, resources, "/XObject");
  if (!qpdf_oh_is_dictionary (q, *xo))
    return NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  qpdf_oh_begin_dict_key_iter (q, *xo);
  while (qpdf_oh_dict_more_keys (q))
    g_ptr_array_add (names, g_strdup (qpdf_oh_dict_next_key (q)));
  g_ptr_array_sort (names, cmp_str);
  return names;
}

/* The XObjects a resource dictionary names, in name order; forms with
 * their own. `seen` guards against forms that contain themselves. */
static void
sum_xobjects (qpdf_data q, qpdf_oh resources, GChecksum *sum, GHashTable *seen, int depth)
{
  qpdf_oh xo = 0;
  g_autoptr (GPtrArray) names = xobject_names (q, resources, depth, &xo);
  for (guint i = 0; names && i < names->len; i++) {
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

/* The PDF read by qpdf, quietly; FALSE with why when it cannot be. */
static gboolean
qpdf_open (qpdf_data q, GBytes *input, const char *name, const char *password, GError **error)
{
  qpdf_silence_errors (q);
  qpdf_set_suppress_warnings (q, QPDF_TRUE);
  gsize len;
  const char *data = g_bytes_get_data (input, &len);
  qpdf_read_memory (q, name, data, len, password);
  return !pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf cannot read it");
}

/* How many pages it has (inherited attributes pushed down to them), or
 * -1 with why. */
static int
qpdf_pages (qpdf_data q, GError **error)
{
  qpdf_push_inherited_attributes_to_page (q);
  int pages = qpdf_get_num_pages (q);
  return pdf_qpdf_failed (q, error, PMARK_ERROR_MALFORMED, "qpdf cannot read its pages")
           ? -1 : pages;
}

static gboolean
pdf_signature_data (GBytes *input, const char *name, const char *password, gboolean always,
                    GChecksum *sum, char **signature, char **marking, GError **error)
{
  qpdf_data q = qpdf_init ();
  gboolean ok = FALSE;
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  if (!qpdf_open (q, input, name, password, error))
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
  int pages = qpdf_pages (q, error);
  if (pages < 0)
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

/* ---- images that do not decode ------------------------------------------ */

/* Filters qpdf removes with qpdf_dl_generalized */
static gboolean
general_filter (qpdf_data q, qpdf_oh f)
{
  static const char *const general[] = { "/FlateDecode", "/Fl", "/LZWDecode", "/LZW",
                                         "/RunLengthDecode", "/RL", "/ASCIIHexDecode", "/AHx",
                                         "/ASCII85Decode", "/A85" };
  for (gsize k = 0; k < G_N_ELEMENTS (general); k++)
    if (qpdf_oh_is_name_and_equals (q, f, general[k]))
      return TRUE;
  return FALSE;
}

static gboolean
dct_filter (qpdf_data q, qpdf_oh f)
{
  return qpdf_oh_is_name_and_equals (q, f, "/DCTDecode") || qpdf_oh_is_name_and_equals (q, f, "/DCT");
}

/* Whether an image's filters (a name, an array, or none) are all ones
 * qpdf decodes: general ones, then DCT at the end when `dct` allows
 * (qpdf_dl_all; JBIG2, JPX and CCITT are not judged here) or requires it
 * (a JPEG as stored, under general filters only). */
typedef enum { DCT_MAY, DCT_MUST } DctRule;

static gboolean
filters_known (qpdf_data q, qpdf_oh filter, DctRule dct)
{
  if (qpdf_oh_is_null (q, filter))
    return dct == DCT_MAY;
  int n = qpdf_oh_is_array (q, filter) ? qpdf_oh_get_array_n_items (q, filter) : 1;
  for (int i = 0; i < n; i++) {
    qpdf_oh f = qpdf_oh_is_array (q, filter) ? qpdf_oh_get_array_item (q, filter, i) : filter;
    if (i == n - 1 && dct_filter (q, f))
      return TRUE;
    if (!general_filter (q, f))
      return FALSE;
  }
  return dct == DCT_MAY;
}

static void
drain_warnings (qpdf_data q)
{
  while (qpdf_more_warnings (q))
    qpdf_next_warning (q);
}

/* The images a resource dictionary names (forms' own too), each decoded
 * once; those that do not decode go to `damaged`. */
static void
check_xobjects (qpdf_data q, qpdf_oh resources, int page, GHashTable *seen, int depth,
                GPtrArray *damaged)
{
  qpdf_oh xo = 0;
  g_autoptr (GPtrArray) names = xobject_names (q, resources, depth, &xo);
  for (guint i = 0; names && i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    qpdf_oh o = qpdf_oh_get_key (q, xo, name);
    int id = qpdf_oh_get_object_id (q, o);
    if (!qpdf_oh_is_stream (q, o) || (id && !g_hash_table_add (seen, GINT_TO_POINTER (id))))
      continue;
    qpdf_oh dict = qpdf_oh_get_dict (q, o);
    qpdf_oh sub = qpdf_oh_get_key (q, dict, "/Subtype");
    if (qpdf_oh_is_name_and_equals (q, sub, "/Form")) {
      check_xobjects (q, qpdf_oh_get_key (q, dict, "/Resources"), page, seen, depth + 1,
                      damaged);
      continue;
    }
    if (!qpdf_oh_is_name_and_equals (q, sub, "/Image"))
      continue;
    /* an image larger than any page OCR reads (a 60000x60000 JBIG2 page):
     * poppler draws it blank, or so small its text is specks */
    qpdf_oh w = qpdf_oh_get_key (q, dict, "/Width"), h = qpdf_oh_get_key (q, dict, "/Height");
    gint64 pixels = qpdf_oh_is_integer (q, w) && qpdf_oh_is_integer (q, h)
                      ? (gint64) qpdf_oh_get_int_value (q, w) * qpdf_oh_get_int_value (q, h)
                      : 0;
    if (pixels > MAX_IMAGE_PIXELS) {
      g_ptr_array_add (damaged, g_strdup_printf ("page %d, image %s: %" G_GINT64_FORMAT " by %"
                                                 G_GINT64_FORMAT " pixels, too large to "
                                                 "draw and read", page + 1, name + 1,
                                                 (gint64) qpdf_oh_get_int_value (q, w),
                                                 (gint64) qpdf_oh_get_int_value (q, h)));
      continue;
    }
    if (pixels <= 0 || !filters_known (q, qpdf_oh_get_key (q, dict, "/Filter"), DCT_MAY))
      continue;
    drain_warnings (q);
    unsigned char *buf = NULL;
    size_t n = 0;
    QPDF_ERROR_CODE rc = qpdf_oh_get_stream_data (q, o, qpdf_dl_all, NULL, &buf, &n);
    free (buf);
    /* not filtered and silent: qpdf chose not to (decode parameters it
     * does not know); a decoder that failed warns */
    gboolean bad = (rc & QPDF_ERRORS) || qpdf_has_error (q) || qpdf_more_warnings (q);
    if (qpdf_has_error (q))
      qpdf_get_error (q);
    drain_warnings (q);
    if (bad)
      g_ptr_array_add (damaged, g_strdup_printf ("page %d, image %s: its data does not decode "
                                                 "(damaged), so what it shows was not seen",
                                                 page + 1, name + 1));
  }
}

static gboolean
pdf_damaged_images (GBytes *input, const char *name, const char *password, const int *pages,
                    guint n, GPtrArray *damaged, GError **error)
{
  qpdf_data q = qpdf_init ();
  gboolean ok = FALSE;
  int count = qpdf_open (q, input, name, password, error) ? qpdf_pages (q, error) : -1;
  if (count < 0)
    goto out;
  for (guint i = 0; i < n; i++) {
    if (pages[i] < 0 || pages[i] >= count)
      continue;
    g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
    qpdf_oh page = qpdf_get_page_n (q, (size_t) pages[i]);
    check_xobjects (q, qpdf_oh_get_key (q, page, "/Resources"), pages[i], seen, 0, damaged);
  }
  ok = TRUE;
out:
  qpdf_cleanup (&q);
  return ok;
}

/* The page's JPEG images, from its resource dictionary */
static void
jpegs_of (qpdf_data q, qpdf_oh resources, GPtrArray *names, GPtrArray *jpegs)
{
  qpdf_oh xo = 0;
  g_autoptr (GPtrArray) keys = xobject_names (q, resources, 0, &xo);
  for (guint i = 0; keys && i < keys->len; i++) {
    const char *key = g_ptr_array_index (keys, i);
    qpdf_oh o = qpdf_oh_get_key (q, xo, key);
    if (!qpdf_oh_is_stream (q, o))
      continue;
    qpdf_oh dict = qpdf_oh_get_dict (q, o);
    if (!qpdf_oh_is_name_and_equals (q, qpdf_oh_get_key (q, dict, "/Subtype"), "/Image")
        || !filters_known (q, qpdf_oh_get_key (q, dict, "/Filter"), DCT_MUST))
      continue;
    unsigned char *buf = NULL;
    size_t n = 0;
    QPDF_ERROR_CODE rc = qpdf_oh_get_stream_data (q, o, qpdf_dl_generalized, NULL, &buf, &n);
    if (!(rc & QPDF_ERRORS) && buf && n) {
      g_ptr_array_add (names, g_strdup (key + 1));
      g_ptr_array_add (jpegs, g_bytes_new (buf, n));
    }
    free (buf);
    if (qpdf_has_error (q))
      qpdf_get_error (q);
  }
}

static gboolean
pdf_page_jpegs (GBytes *input, const char *name, const char *password, int page,
                GPtrArray *names, GPtrArray *jpegs, GError **error)
{
  qpdf_data q = qpdf_init ();
  int count = qpdf_open (q, input, name, password, error) ? qpdf_pages (q, error) : -1;
  if (page >= 0 && page < count)
    jpegs_of (q, qpdf_oh_get_key (q, qpdf_get_page_n (q, (size_t) page), "/Resources"), names,
              jpegs);
  qpdf_cleanup (&q);
  return count >= 0;
}

PMARK_MODULE_DEFINE_VERSION;

G_MODULE_EXPORT const PmarkPdfSignature pmark_pdf_signature = {
  .data = pdf_signature_data,
  .damaged_images = pdf_damaged_images,
  .page_jpegs = pdf_page_jpegs,
};
