/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "ole.h"
#include "core/textdecode.h"
#include "ooxml.h"

char *
ole_where (const char *prefix, const char *what)
{
  return prefix ? g_strdup_printf ("%s, %s", prefix, what) : g_strdup (what);
}

/* libgsf checks a damaged compound file with g_return_if_fail(): a
 * CRITICAL, then it returns an error. pmark reports the damage as a typed
 * error instead; the message is dropped, and never made fatal (as
 * G_DEBUG=fatal-criticals would), for libgsf's domains and the parts of
 * libgsf that log without one. */
static gboolean
from_libgsf (const char *domain, const char *message)
{
  if (domain)
    return g_str_has_prefix (domain, "libgsf");
  return message && (g_str_has_prefix (message, "gsf_")
                     || g_str_has_prefix (message, "msole_")
                     || g_str_has_prefix (message, "ole_"));
}

static void
quiet (const char *domain, GLogLevelFlags level, const char *message,
       gpointer data)
{
  /* warnings without a domain: libgsf's ("Unable to get child[2]...");
   * pmark logs as "pmark", GLib, GMime and poppler under their names */
  gboolean warning = !(level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR));
  if (!from_libgsf (domain, message) && !(warning && !domain))
    g_log_default_handler (domain, level, message, data);
}

static gboolean
fatal (const char *domain, GLogLevelFlags level, const char *message,
       gpointer data)
{
  (void) level, (void) data;
  return !from_libgsf (domain, message);
}

/* A little-endian 32-bit value at p, wherever it lies */
static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* What is wrong with the directory's sector chain, or NULL: libgsf stops
 * at a loop in it in silence, with a directory that names nothing (a .msg
 * then reads as an empty message, and is called clean) */
static const char *
directory_damage (const guint8 *d, gsize len)
{
  if (len < 512 || memcmp (d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) != 0)
    return NULL; /* libgsf says what is wrong with it */
  guint shift = d[0x1E] | d[0x1F] << 8;
  if (shift != 9 && shift != 12)
    return NULL;
  gsize ss = (gsize) 1 << shift, per = ss / 4;
  guint32 difat_first = le32 (d + 0x44);
  guint32 difat_n = le32 (d + 0x48);
  /* the FAT sectors: 109 in the header, then the DIFAT chain */
  g_autoptr (GArray) fat = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < 109; i++) {
    guint32 v = le32 (d + 0x4C + 4 * i);
    if (v >= 0xFFFFFFFA)
      break;
    g_array_append_val (fat, v);
  }
  guint32 dif = difat_first;
  for (guint32 k = 0; k < difat_n && dif < 0xFFFFFFFA; k++) {
    gsize off = ((gsize) dif + 1) * ss;
    if (off + ss > len || k > len / ss)
      return "DIFAT chain runs past the file";
    for (gsize i = 0; i + 1 < per; i++) {
      guint32 v = le32 (d + off + 4 * i);
      if (v < 0xFFFFFFFA)
        g_array_append_val (fat, v);
    }
    dif = le32 (d + off + 4 * (per - 1));
  }
  guint32 sec = le32 (d + 0x30);
  gsize sectors = len / ss + 1;
  g_autofree guint8 *seen = g_malloc0 (sectors);
  for (gsize steps = 0; sec < 0xFFFFFFFA; steps++) {
    if (sec >= sectors || steps > sectors)
      return "sector chain runs past the file";
    if (seen[sec])
      return "sector chain loops";
    seen[sec] = 1;
    gsize fi = sec / per;
    if (fi >= fat->len)
      return "sector chain runs past its allocation table";
    gsize off = ((gsize) g_array_index (fat, guint32, fi) + 1) * ss + (sec % per) * 4;
    if (off + 4 > len)
      return "allocation table runs past the file";
    sec = le32 (d + off);
  }
  return NULL;
}

GsfInfile *
ole_open (GBytes *input, GError **error)
{
  static gsize once;
  if (g_once_init_enter (&once)) {
    GLogLevelFlags levels = G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE
                            | G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL;
    g_log_set_handler ("libgsf:msole", levels, quiet, NULL);
    g_log_set_handler ("libgsf", levels, quiet, NULL);
    g_log_set_handler (NULL, levels, quiet, NULL);
    g_test_log_set_fatal_handler (fatal, NULL);
    /* libgsf registers its GTypes without a lock: register the ones pmark
     * uses here, once, before worker threads race to */
    gsf_init ();
    g_type_ensure (gsf_input_memory_get_type ());
    g_type_ensure (gsf_input_proxy_get_type ());
    g_type_ensure (gsf_shared_memory_get_type ());
    g_type_ensure (gsf_infile_msole_get_type ());
    g_type_ensure (gsf_output_memory_get_type ());
    g_type_ensure (gsf_outfile_msole_get_type ());
    g_type_ensure (gsf_msole_sorting_key_get_type ());
    g_once_init_leave (&once, 1);
  }
  gsize len;
  const guint8 *data = g_bytes_get_data (input, &len);
  const char *damage = directory_damage (data, len);
  if (damage) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a readable OLE2 compound file (its directory's %s)", damage);
    return NULL;
  }
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

static gboolean picture_object (GsfInfile *storage);

/* Nothing but an object's own bookkeeping: its class, its OLE flags and
 * the picture shown for it (or no stream at all). */
static gboolean
bookkeeping_only (GsfInfile *dir)
{
  int n = gsf_infile_num_children (dir);
  for (int i = 0; i < n; i++) {
    const char *name = gsf_infile_name_by_index (dir, i);
    if (!name || !(!strcmp (name, "\001Ole") || !strcmp (name, "\001CompObj")
                   || !strcmp (name, "\003ObjInfo") || g_str_has_prefix (name, "\002OlePres")
                   || !strcmp (name, "\005SummaryInformation")
                   || !strcmp (name, "\005DocumentSummaryInformation")))
      return FALSE;
  }
  return TRUE;
}

/* A VBA project (macros): code, not the document's text. */
static gboolean
macros (GsfInfile *dir)
{
  return has_child (dir, "VBA") && has_child (dir, "PROJECT");
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
  if (has_child (dir, "Package") || has_child (dir, "\001Ole10Native")
      || has_child (dir, "CONTENTS") || has_child (dir, "package_stream")
      || picture_object (dir) || macros (dir) || bookkeeping_only (dir))
    return OLE_KIND_OBJECT;
  return OLE_KIND_NONE;
}

static OleKind
sniff_kind (const PmarkSniffInfo *info)
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

GBytes *
ole_main_stream (GsfInfile *root, const char *const *names, const char *what,
                 const PmarkBudget *budget, GError **error)
{
  for (const char *const *n = names; *n; n++) {
    GError *err = NULL;
    GBytes *b = ole_read (root, *n, budget, &err);
    if (b || err) {
      if (err)
        g_propagate_error (error, err);
      return b;
    }
  }
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
               "%s without its %s stream", what, names[0]);
  return NULL;
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

/* [MS-OLEPS] property sets, read here rather than by libgsf (whose reader
 * prints dumps of some damaged sets on standard output): a header, then
 * sections of (PID, offset) pairs; values are typed. pmark keeps strings
 * (VT_LPSTR in the set's code page, VT_LPWSTR) and booleans. */

typedef struct {
  const guint8 *p;
  gsize len;
  guint codepage;
} PropSet;

/* The string value at `at`, or NULL: VT_LPSTR, VT_LPWSTR, VT_BOOL. */
static char *
ps_value (const PropSet *ps, gsize at)
{
  guint32 type = ole_u32 (ps->p, ps->len, at);
  gsize n = ole_u32 (ps->p, ps->len, at + 4);
  at += 8;
  GString *s = g_string_new (NULL);
  if (type == 30 && at <= ps->len && n <= ps->len - at) { /* VT_LPSTR */
    const guint8 *v = ps->p + at;
    if (ps->codepage == 1200) {
      gsize units = n / 2;
      while (units && !v[2 * units - 2] && !v[2 * units - 1])
        units--;
      pmark_utf16le_append (s, v, units);
    } else {
      const guint8 *nul = memchr (v, 0, n);
      pmark_codepage_append (s, v, nul ? (gsize) (nul - v) : n, ps->codepage);
    }
  } else if (type == 31 && at <= ps->len && n <= (ps->len - at) / 2) { /* VT_LPWSTR */
    const guint8 *v = ps->p + at;
    while (n && !v[2 * n - 2] && !v[2 * n - 1])
      n--;
    pmark_utf16le_append (s, v, n);
  } else if (type == 11) { /* VT_BOOL */
    g_string_append (s, ole_u16 (ps->p, ps->len, at - 4) ? "true" : "false");
  } else {
    g_string_free (s, TRUE);
    return NULL;
  }
  return g_string_free (s, FALSE);
}

/* The PID -> offset pairs of the section at `sec`, in `out` (guint32
 * pairs); the section's code page (PID 1) is noted. */
static GArray *
ps_section (PropSet *ps, gsize sec)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 n = ole_u32 (ps->p, ps->len, sec + 4);
  for (guint32 i = 0; i < n && i < 65536 && sec + 16 + 8 * (gsize) i <= ps->len; i++) {
    guint32 pid = ole_u32 (ps->p, ps->len, sec + 8 + 8 * (gsize) i);
    guint32 off = ole_u32 (ps->p, ps->len, sec + 12 + 8 * (gsize) i);
    if (pid == 1 && ole_u32 (ps->p, ps->len, sec + off) == 2)
      ps->codepage = ole_u16 (ps->p, ps->len, sec + off + 4);
    g_array_append_val (out, pid);
    g_array_append_val (out, off);
  }
  return out;
}

typedef struct {
  PmarkDocument *doc;
  GString *text;
  guint codepage;
} Props;

static void
add_prop (Props *p, const char *name, const char *value, gboolean marking,
          const char *where)
{
  g_autofree char *v = g_strstrip (g_strdup (value));
  if (!*v)
    return;
  if (name && g_str_has_prefix (name, "MSIP_Label_")) {
    if (g_str_has_suffix (name, "_Enabled") && !g_ascii_strcasecmp (v, "true")) {
      g_autofree char *id = g_strndup (name + strlen ("MSIP_Label_"),
                                       strlen (name) - strlen ("MSIP_Label_")
                                         - strlen ("_Enabled"));
      pmark_document_add_marking (p->doc, PMARK_MARKING_SOURCE_LABEL, id, where);
    }
    return;
  }
  if (marking || (name && pmark_is_marking_property (name)))
    pmark_document_add_marking (p->doc, PMARK_MARKING_SOURCE_METADATA, v, where);
  if (name)
    g_string_append_printf (p->text, "%s: %s\n", name, v);
  else
    g_string_append_printf (p->text, "%s\n", v);
}

/* A user-defined section: PID 0 is the dictionary of names. */
static void
user_section (Props *p, PropSet *ps, gsize sec, GArray *pairs)
{
  g_autoptr (GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (guint i = 0; i + 1 < pairs->len; i += 2) {
    if (g_array_index (pairs, guint32, i) != 0)
      continue;
    gsize at = sec + g_array_index (pairs, guint32, i + 1);
    guint32 n = ole_u32 (ps->p, ps->len, at);
    at += 4;
    for (guint32 k = 0; k < n && k < 65536 && at + 8 <= ps->len; k++) {
      guint32 pid = ole_u32 (ps->p, ps->len, at), cch = ole_u32 (ps->p, ps->len, at + 4);
      at += 8;
      gsize bytes = ps->codepage == 1200 ? (gsize) cch * 2 : cch;
      if (bytes > ps->len - at)
        return;
      GString *name = g_string_new (NULL);
      if (ps->codepage == 1200) {
        gsize units = cch;
        while (units && !ps->p[at + 2 * units - 2] && !ps->p[at + 2 * units - 1])
          units--;
        pmark_utf16le_append (name, ps->p + at, units);
        bytes = (bytes + 3) & ~(gsize) 3;
      } else {
        const guint8 *nul = memchr (ps->p + at, 0, bytes);
        pmark_codepage_append (name, ps->p + at,
                               nul ? (gsize) (nul - ps->p - at) : bytes, ps->codepage);
      }
      at += bytes;
      g_hash_table_insert (names, GUINT_TO_POINTER (pid), g_string_free (name, FALSE));
    }
  }
  for (guint i = 0; i + 1 < pairs->len; i += 2) {
    guint32 pid = g_array_index (pairs, guint32, i);
    const char *name = g_hash_table_lookup (names, GUINT_TO_POINTER (pid));
    if (pid < 2 || !name)
      continue;
    g_autofree char *v = ps_value (ps, sec + g_array_index (pairs, guint32, i + 1));
    if (v)
      add_prop (p, name, v, FALSE, "DocumentSummaryInformation");
  }
}

/* SummaryInformation: 2 title, 3 subject, 5 keywords, 6 comments.
 * DocumentSummaryInformation: 2 category, 14 manager, 15 company, and a
 * second, user-defined section. */
static void
read_set (Props *p, GBytes *b, gboolean doc_summary)
{
  static const struct {
    guint32 pid;
    gboolean doc_summary, marking;
  } wanted[] = {
    { 2, FALSE, FALSE }, { 3, FALSE, TRUE }, { 5, FALSE, TRUE }, { 6, FALSE, FALSE },
    { 2, TRUE, TRUE }, { 14, TRUE, FALSE }, { 15, TRUE, FALSE },
  };
  PropSet ps = { .codepage = 1252 };
  ps.p = g_bytes_get_data (b, &ps.len);
  guint32 sections = ole_u32 (ps.p, ps.len, 24);
  const char *where = doc_summary ? "DocumentSummaryInformation" : "SummaryInformation";
  for (guint32 k = 0; k < sections && k < 2; k++) {
    gsize sec = ole_u32 (ps.p, ps.len, 28 + 20 * (gsize) k + 16);
    if (!sec || sec >= ps.len)
      continue;
    g_autoptr (GArray) pairs = ps_section (&ps, sec);
    if (k == 0 && !p->codepage)
      p->codepage = ps.codepage;
    if (k == 1) {
      user_section (p, &ps, sec, pairs);
      continue;
    }
    for (gsize w = 0; w < G_N_ELEMENTS (wanted); w++) {
      if (wanted[w].doc_summary != doc_summary)
        continue;
      for (guint i = 0; i + 1 < pairs->len; i += 2) {
        if (g_array_index (pairs, guint32, i) != wanted[w].pid)
          continue;
        g_autofree char *v = ps_value (&ps, sec + g_array_index (pairs, guint32, i + 1));
        if (v)
          add_prop (p, NULL, v, wanted[w].marking, where);
      }
    }
  }
}

static gboolean
properties (PmarkDocument *doc, GsfInfile *root, const PmarkBudget *budget,
            Props *p, GError **error)
{
  static const char *const streams[] = { "\005SummaryInformation",
                                         "\005DocumentSummaryInformation" };
  p->doc = doc;
  p->text = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (streams); i++) {
    /* damaged properties lose the properties, not the document */
    GError *err = NULL;
    g_autoptr (GBytes) b = ole_read (root, streams[i], budget, &err);
    g_clear_error (&err);
    if (b)
      read_set (p, b, i == 1);
  }
  gsize len = p->text->len;
  if (!len || !doc) {
    g_string_free (p->text, TRUE);
    return TRUE;
  }
  return pmark_document_add_text (doc, budget, "document properties",
                                  g_string_free (p->text, FALSE), len, TRUE, error);
}

gboolean
ole_read_properties (PmarkDocument *doc, GsfInfile *root,
                     const PmarkBudget *budget, GError **error)
{
  Props p = { 0 };
  return properties (doc, root, budget, &p, error);
}

guint
ole_codepage (GsfInfile *root)
{
  PmarkBudget b;
  pmark_budget_init (&b);
  GError *err = NULL;
  g_autoptr (GBytes) ps = ole_read (root, "\005SummaryInformation", &b, &err);
  g_clear_error (&err);
  if (!ps)
    return 0;
  PropSet set = { .codepage = 0 };
  set.p = g_bytes_get_data (ps, &set.len);
  gsize sec = ole_u32 (set.p, set.len, 44);
  /* reading the section sets the codepage */
  GArray *pairs = sec && sec < set.len ? ps_section (&set, sec) : NULL;
  if (pairs)
    g_array_unref (pairs);
  return set.codepage;
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
  gsize start = MIN (at, len);
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
  /* an unknown 32-bit field, then the temporary path (its length, text) */
  at += 4;
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
  /* not the file form: the native data, detected on its own (a bitmap
   * is an image; anything else pmark cannot tell is unread) */
  {
    g_autoptr (GBytes) rest = g_bytes_new_from_bytes (native, start, len - start);
    return pmark_document_add_nested (doc, budget, rest, NULL, where, error);
  }
}

/* Objects that are pictures or formulas, by the class their CompObj
 * names: like the images of a document, they carry no prose to read. */
static gboolean
picture_object (GsfInfile *storage)
{
  static const char *const classes[] = {
    "PBrush", "Paint.Picture", "MSDraw", "MSPhotoEd", "Equation", "MathType",
    "StaticDib", "StaticMetafile", "Word.Picture", "PowerPoint.Slide",
  };
  PmarkBudget b;
  pmark_budget_init (&b);
  /* drawing programs' own streams */
  if (has_child (storage, "CorelDRAW"))
    return TRUE;
  GError *err = NULL;
  g_autoptr (GBytes) co = ole_read (storage, "\001CompObj", &b, &err);
  g_clear_error (&err);
  if (!co)
    return FALSE;
  gsize len;
  const char *p = g_bytes_get_data (co, &len);
  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    if (memmem (p, len, classes[i], strlen (classes[i])))
      return TRUE;
  return FALSE;
}

gboolean
ole_add_object (PmarkDocument *doc, GsfInfile *storage,
                const PmarkBudget *budget, const char *where, GError **error)
{
  /* pictures, formulas, macros and objects with nothing but their
   * bookkeeping hold no prose */
  if (picture_object (storage) || has_child (storage, "Equation Native")
      || macros (storage) || bookkeeping_only (storage))
    return TRUE;
  /* the embedded file itself: an OOXML package, a file, LibreOffice's
   * ODF package */
  static const char *const payloads[] = { "Package", "CONTENTS", "Contents",
                                          "package_stream" };
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

/* An OLE object saved on its own (oleObject1.bin in an OOXML package, a
 * PowerPoint ExOleObjStg): what it embeds is the document. */
static guint
object_sniff (const PmarkSniffInfo *info)
{
  return ole_sniff (info) == OLE_KIND_OBJECT ? PMARK_SNIFF_CONTENT : 0;
}

static gboolean
object_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
                GError **error)
{
  g_autoptr (GsfInfile) root = ole_open (input, error);
  return root && ole_add_object (doc, root, budget, "embedded file", error);
}

OleKind
ole_sniff (const PmarkSniffInfo *info)
{
  if (info->ole_kind && *info->ole_kind >= 0)
    return (OleKind) *info->ole_kind;
  OleKind kind = sniff_kind (info);
  if (info->ole_kind)
    *info->ole_kind = (int) kind;
  return kind;
}

const PmarkFormat pmark_format_ole_object = {
  .name = "ole-object",
  .description = "OLE embedded object (Package, Ole10Native)",
  .sniff = object_sniff,
  .extract = object_extract,
};
