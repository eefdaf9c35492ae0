/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "ole.h"
#include "ooxml.h"

char *
ole_where (const char *prefix, const char *what)
{
  return prefix ? g_strdup_printf ("%s, %s", prefix, what) : g_strdup (what);
}

static void
quiet (const char *domain, GLogLevelFlags level, const char *message,
       gpointer data)
{
  (void) domain, (void) level, (void) message, (void) data;
}

GsfInfile *
ole_open (GBytes *input, GError **error)
{
  static gsize once;
  if (g_once_init_enter (&once)) {
    /* libgsf warns on stderr about damaged files; pmark reports them as
     * typed errors instead */
    GLogLevelFlags levels = G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE
                            | G_LOG_LEVEL_CRITICAL;
    g_log_set_handler ("libgsf:msole", levels, quiet, NULL);
    g_log_set_handler ("libgsf", levels, quiet, NULL);
    /* parts of libgsf log without a domain (pmark's own code logs as
     * "pmark", GLib as "GLib") */
    g_log_set_handler (NULL, levels, quiet, NULL);
    g_once_init_leave (&once, 1);
  }
  gsize len;
  const guint8 *data = g_bytes_get_data (input, &len);
  g_autoptr (GsfInput) mem = gsf_input_memory_new (data, (gsf_off_t) len, FALSE);
  GError *err = NULL;
  GsfInfile *root = gsf_infile_msole_new (mem, &err);
  if (!root) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a readable OLE2 compound file (%s)",
                 err ? err->message : "no directory");
    g_clear_error (&err);
    return NULL;
  }
  /* the memory input points into `input`: keep it alive with the file */
  g_object_set_data_full (G_OBJECT (root), "pmark-input", g_bytes_ref (input),
                          (GDestroyNotify) g_bytes_unref);
  return root;
}

/* Directory entry names compare without case ([MS-CFB] 2.6.4): some
 * writers store "worddocument". */
static GsfInput *
child (GsfInfile *dir, const char *name)
{
  GsfInput *in = gsf_infile_child_by_name (dir, name);
  if (in)
    return in;
  int n = gsf_infile_num_children (dir);
  for (int i = 0; i < n; i++) {
    const char *c = gsf_infile_name_by_index (dir, i);
    if (c && !g_ascii_strcasecmp (c, name))
      return gsf_infile_child_by_index (dir, i);
  }
  return NULL;
}

static gboolean
has_child (GsfInfile *dir, const char *name)
{
  g_autoptr (GsfInput) in = child (dir, name);
  return in != NULL;
}

OleKind
ole_kind (GsfInfile *dir)
{
  if (has_child (dir, "EncryptedPackage"))
    return OLE_KIND_ENCRYPTED;
  if (has_child (dir, "WordDocument"))
    return OLE_KIND_WORD;
  if (has_child (dir, "Workbook") || has_child (dir, "Book"))
    return OLE_KIND_EXCEL;
  if (has_child (dir, "PowerPoint Document"))
    return OLE_KIND_POWERPOINT;
  int n = gsf_infile_num_children (dir);
  for (int i = 0; i < n; i++) {
    const char *name = gsf_infile_name_by_index (dir, i);
    if (name && (g_str_has_prefix (name, "__substg1.0_")
                 || !strcmp (name, "__properties_version1.0")))
      return OLE_KIND_OUTLOOK;
  }
  return OLE_KIND_NONE;
}

OleKind
ole_sniff (const PmarkSniffInfo *info)
{
  static const struct {
    const char *mime;
    OleKind kind;
  } named[] = {
    { "application/msword", OLE_KIND_WORD },
    { "application/vnd.ms-excel", OLE_KIND_EXCEL },
    { "application/vnd.ms-powerpoint", OLE_KIND_POWERPOINT },
    { "application/vnd.ms-outlook", OLE_KIND_OUTLOOK },
  };
  static const char *const generic[] = {
    "application/CDFV2", "application/x-ole-storage", "application/encrypted",
    "application/vnd.ms-office", "application/CDFV2-corrupt",
  };
  gboolean ole = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (generic); i++)
    ole |= !strcmp (info->mime, generic[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (named); i++)
    ole |= !strcmp (info->mime, named[i].mime);
  if (!ole || info->len < 512)
    return OLE_KIND_NONE;
  /* the streams decide: libmagic names some Word files Excel and
   * password-protected OOXML is a compound file too */
  g_autoptr (GBytes) b = g_bytes_new_static (info->data, info->len);
  g_autoptr (GsfInfile) root = ole_open (b, NULL);
  OleKind kind = root ? ole_kind (root) : OLE_KIND_NONE;
  if (kind != OLE_KIND_NONE || root)
    return kind;
  /* a directory libgsf cannot open: the name libmagic found, read by its
   * reader, which reports the damage */
  for (gsize i = 0; i < G_N_ELEMENTS (named); i++)
    if (!strcmp (info->mime, named[i].mime))
      return named[i].kind;
  return OLE_KIND_NONE;
}

GBytes *
ole_read (GsfInfile *dir, const char *name, const PmarkBudget *budget,
          GError **error)
{
  g_autoptr (GsfInput) in = child (dir, name);
  if (!in)
    return NULL;
  gsf_off_t size = gsf_input_size (in);
  if (size < 0 || (guint64) size > budget->max_input_bytes) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "stream %s is larger than the max-input-bytes budget", name);
    return NULL;
  }
  guint8 *buf = g_malloc ((gsize) size + 1);
  if (size && !gsf_input_read (in, (size_t) size, buf)) {
    g_free (buf);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "stream %s is truncated or its sector chain is broken", name);
    return NULL;
  }
  return g_bytes_new_take (buf, (gsize) size);
}

GsfInfile *
ole_storage (GsfInfile *dir, const char *name)
{
  GsfInput *in = child (dir, name);
  if (in && GSF_IS_INFILE (in) && gsf_infile_num_children (GSF_INFILE (in)) >= 0)
    return GSF_INFILE (in);
  g_clear_object (&in);
  return NULL;
}

/* ---- document properties ---- */

typedef struct {
  PmarkDocument *doc;
  GString *text;
} Props;

static char *
prop_string (const GValue *v)
{
  if (!v)
    return NULL;
  if (G_VALUE_HOLDS_STRING (v))
    return g_value_dup_string (v);
  if (G_VALUE_HOLDS (v, GSF_DOCPROP_VECTOR_TYPE)) {
    GsfDocPropVector *vec = gsf_value_get_docprop_vector (v);
    return vec ? gsf_docprop_vector_as_string (vec) : NULL;
  }
  return NULL;
}

static void
each_prop (gpointer key, gpointer value, gpointer data)
{
  static const struct {
    const char *name, *label;
    gboolean marking;
  } known[] = {
    { GSF_META_NAME_TITLE, "title", FALSE },
    { GSF_META_NAME_SUBJECT, "subject", TRUE },
    { GSF_META_NAME_KEYWORDS, "keywords", TRUE },
    { GSF_META_NAME_KEYWORD, "keywords", TRUE },
    { GSF_META_NAME_DESCRIPTION, "comments", FALSE },
    { GSF_META_NAME_CATEGORY, "category", TRUE },
    { GSF_META_NAME_MANAGER, "manager", FALSE },
    { GSF_META_NAME_COMPANY, "company", FALSE },
  };
  Props *p = data;
  const char *name = key;
  g_autofree char *s = prop_string (gsf_doc_prop_get_val (value));
  if (!s || !*g_strstrip (s))
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++) {
    if (strcmp (name, known[i].name))
      continue;
    g_string_append_printf (p->text, "%s\n", s);
    if (known[i].marking)
      pmark_document_add_marking (p->doc, PMARK_MARKING_SOURCE_METADATA, s,
                                  "SummaryInformation");
    return;
  }
  if (strchr (name, ':'))
    return; /* counts, dates, the generator: nothing a person wrote */
  /* user-defined (DocumentSummaryInformation's second section) */
  if (g_str_has_prefix (name, "MSIP_Label_") && g_str_has_suffix (name, "_Enabled")) {
    if (!g_ascii_strcasecmp (s, "true")) {
      g_autofree char *id = g_strndup (name + strlen ("MSIP_Label_"),
                                       strlen (name) - strlen ("MSIP_Label_")
                                         - strlen ("_Enabled"));
      pmark_document_add_marking (p->doc, PMARK_MARKING_SOURCE_LABEL, id,
                                  "DocumentSummaryInformation");
    }
    return;
  }
  if (g_str_has_prefix (name, "MSIP_Label_"))
    return;
  if (pmark_is_marking_property (name))
    pmark_document_add_marking (p->doc, PMARK_MARKING_SOURCE_METADATA, s,
                                "DocumentSummaryInformation");
  g_string_append_printf (p->text, "%s: %s\n", name, s);
}

gboolean
ole_read_properties (PmarkDocument *doc, GsfInfile *root,
                     const PmarkBudget *budget, GError **error)
{
  static const char *const streams[] = { "\005SummaryInformation",
                                         "\005DocumentSummaryInformation" };
  g_autoptr (GsfDocMetaData) meta = gsf_doc_meta_data_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (streams); i++) {
    g_autoptr (GsfInput) in = child (root, streams[i]);
    if (!in)
      continue;
    /* damaged properties lose the properties, not the document */
    GError *err = gsf_doc_meta_data_read_from_msole (meta, in);
    g_clear_error (&err);
  }
  Props p = { doc, g_string_new (NULL) };
  gsf_doc_meta_data_foreach (meta, each_prop, &p);
  gsize len = p.text->len;
  if (!len) {
    g_string_free (p.text, TRUE);
    return TRUE;
  }
  return pmark_document_add_text (doc, budget, "document properties",
                                  g_string_free (p.text, FALSE), len, TRUE,
                                  error);
}

/* ---- embedded objects ---- */

/* A storage as a compound file of its own, so that it is read (and its
 * nesting counted) like any other nested document. */
static gboolean
copy_storage (GsfInfile *in, GsfOutfile *out, guint depth)
{
  if (depth > 16)
    return FALSE;
  int n = gsf_infile_num_children (in);
  for (int i = 0; i < n; i++) {
    const char *name = gsf_infile_name_by_index (in, i);
    g_autoptr (GsfInput) child = gsf_infile_child_by_index (in, i);
    if (!name || !child)
      return FALSE;
    gboolean dir = GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0;
    GsfOutput *o = gsf_outfile_new_child (out, name, dir);
    if (!o)
      return FALSE;
    gboolean ok = dir ? copy_storage (GSF_INFILE (child), GSF_OUTFILE (o), depth + 1)
                      : gsf_input_copy (child, o);
    if (!gsf_output_is_closed (o))
      gsf_output_close (o);
    g_object_unref (o);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

static GBytes *
storage_bytes (GsfInfile *storage)
{
  g_autoptr (GsfOutput) sink = gsf_output_memory_new ();
  GsfOutfile *out = gsf_outfile_msole_new (sink);
  gboolean ok = copy_storage (storage, out, 0);
  if (!gsf_output_is_closed (GSF_OUTPUT (out)))
    gsf_output_close (GSF_OUTPUT (out)); /* closes the sink too */
  g_object_unref (out);
  if (!ok)
    return NULL;
  gsize len = (gsize) gsf_output_size (sink);
  return g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (sink)), len);
}

gboolean
ole_add_native (PmarkDocument *doc, GBytes *native, gsize at,
                const PmarkBudget *budget, const char *where, GError **error)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (native, &len);
  at += 2;
  const char *label = NULL;
  for (int field = 0; field < 2; field++) {
    const guint8 *nul = at < len ? memchr (p + at, 0, len - at) : NULL;
    if (!nul)
      goto unknown;
    if (field == 1)
      label = (const char *) p + at;
    at = (gsize) (nul - p) + 1;
  }
  at += 2;
  guint32 cmd = ole_u32 (p, len, at);
  if (cmd > len)
    goto unknown;
  at += 4 + cmd;
  guint32 size = ole_u32 (p, len, at);
  at += 4;
  if (at > len || size > len - at)
    goto unknown;
  {
    g_autoptr (GBytes) data = g_bytes_new_from_bytes (native, at, size);
    g_autofree char *name = g_path_get_basename (label && *label ? label : "object");
    g_autofree char *w = g_strdup_printf ("%s (%s)", where, name);
    return pmark_document_add_nested (doc, budget, data, name, w, error);
  }
unknown:
  /* not the file form: the whole blob, detected on its own */
  return pmark_document_add_nested (doc, budget, native, NULL, where, error);
}

gboolean
ole_add_object (PmarkDocument *doc, GsfInfile *storage,
                const PmarkBudget *budget, const char *where, GError **error)
{
  static const char *const payloads[] = { "Package", "CONTENTS", "Contents" };
  for (gsize i = 0; i < G_N_ELEMENTS (payloads); i++) {
    GError *err = NULL;
    g_autoptr (GBytes) b = ole_read (storage, payloads[i], budget, &err);
    if (err) {
      g_ptr_array_add (doc->unread, g_strdup_printf ("%s: %s", where, err->message));
      g_error_free (err);
      return TRUE;
    }
    if (b)
      return pmark_document_add_nested (doc, budget, b, NULL, where, error);
  }
  GError *err = NULL;
  g_autoptr (GBytes) native = ole_read (storage, "\001Ole10Native", budget, &err);
  if (native)
    return ole_add_native (doc, native, 4, budget, where, error);
  if (err) {
    g_ptr_array_add (doc->unread, g_strdup_printf ("%s: %s", where, err->message));
    g_error_free (err);
    return TRUE;
  }
  /* an equation (MathType, Equation Editor) holds formulas, not prose */
  if (ole_kind (storage) == OLE_KIND_NONE && has_child (storage, "Equation Native"))
    return TRUE;
  g_autoptr (GBytes) whole = storage_bytes (storage);
  if (!whole) {
    g_ptr_array_add (doc->unread,
                     g_strdup_printf ("%s: embedded object could not be copied out "
                                      "(damaged storage)", where));
    return TRUE;
  }
  return pmark_document_add_nested (doc, budget, whole, NULL, where, error);
}

gboolean
ole_add_objects (PmarkDocument *doc, GsfInfile *dir, const PmarkBudget *budget,
                 GError **error)
{
  guint count = 0;
  g_autoptr (GsfInfile) pool = ole_storage (dir, "ObjectPool");
  GsfInfile *dirs[] = { pool, dir };
  for (gsize d = 0; d < G_N_ELEMENTS (dirs); d++) {
    if (!dirs[d])
      continue;
    int n = gsf_infile_num_children (dirs[d]);
    for (int i = 0; i < n; i++) {
      const char *name = gsf_infile_name_by_index (dirs[d], i);
      if (!name || (dirs[d] == dir && !g_str_has_prefix (name, "MBD")))
        continue;
      g_autoptr (GsfInfile) s = ole_storage (dirs[d], name);
      if (!s)
        continue;
      g_autofree char *where = g_strdup_printf ("embedded object %u", ++count);
      if (!ole_add_object (doc, s, budget, where, error))
        return FALSE;
    }
  }
  return TRUE;
}
