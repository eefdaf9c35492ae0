/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <zip.h>

#include "core/document-private.h"
#include "ocr/ocr.h"
#include "zipxml.h"

/* Below this, a high ratio is just a small entry of repeated bytes. */
#define RATIO_FLOOR (1u << 20)

struct _ZipDoc {
  zip_t *za;
  GBytes *input;
  PmarkDocument *doc;
  const PmarkBudget *budget;
  guint64 inflated; /* outside extraction */
  GHashTable *opened; /* entry names a reader opened */
};

/* Inflated bytes count against the outermost document: a zip inside a
 * zip inside a message shares one max-total-inflated budget. Outside
 * extraction (a writer reading the zip it rewrites) the zip counts its
 * own. */
static guint64 *
inflated_total (ZipDoc *zd)
{
  return zd->doc && zd->doc->read ? &zd->doc->read->top->inflated : &zd->inflated;
}

ZipDoc *
zipdoc_open (GBytes *input, PmarkDocument *doc, const PmarkBudget *budget,
             GError **error)
{
  zip_error_t zerr;
  zip_error_init (&zerr);
  gsize len;
  const void *data = g_bytes_get_data (input, &len);
  zip_source_t *src = zip_source_buffer_create (data, len, 0, &zerr);
  zip_t *za = src ? zip_open_from_source (src, ZIP_RDONLY | ZIP_CHECKCONS,
                                          &zerr)
                  : NULL;
  if (!za) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a readable zip archive: %s", zip_error_strerror (&zerr));
    if (src)
      zip_source_free (src);
    zip_error_fini (&zerr);
    return NULL;
  }
  zip_error_fini (&zerr);
  ZipDoc *zd = g_new0 (ZipDoc, 1);
  zd->za = za;
  zd->input = g_bytes_ref (input);
  zd->doc = doc;
  zd->budget = budget;
  zd->opened = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return zd;
}

void
zipdoc_free (ZipDoc *zd)
{
  if (!zd)
    return;
  zip_discard (zd->za);
  g_bytes_unref (zd->input);
  g_hash_table_unref (zd->opened);
  g_free (zd);
}

PmarkDocument *
zipdoc_document (ZipDoc *zd)
{
  return zd->doc;
}

const PmarkBudget *
zipdoc_budget (ZipDoc *zd)
{
  return zd->budget;
}

gboolean
zipdoc_has (ZipDoc *zd, const char *name)
{
  return zip_name_locate (zd->za, name, ZIP_FL_NOCASE) >= 0;
}

/* One part being inflated, counted against the budgets as it comes out
 * (the declared sizes may lie). */
struct _PartStream {
  ZipDoc *zd;
  zip_file_t *zf;
  char *name;
  guint64 comp, size, len;
  gboolean size_known;
  GError *error;   /* the first failure, for a reader that cannot return one */
};

static void
part_stream_free (PartStream *ps)
{
  if (!ps)
    return;
  if (ps->zf)
    zip_fclose (ps->zf);
  g_free (ps->name);
  g_clear_error (&ps->error);
  g_free (ps);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PartStream, part_stream_free)

static PartStream *
part_stream_open (ZipDoc *zd, const char *name, GError **error)
{
  zip_int64_t idx = zip_name_locate (zd->za, name, ZIP_FL_NOCASE);
  if (idx < 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "part %s is missing", name);
    return NULL;
  }
  zip_stat_t st;
  zip_stat_init (&st);
  if (zip_stat_index (zd->za, (zip_uint64_t) idx, 0, &st) != 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "part %s: %s", name, zip_strerror (zd->za));
    return NULL;
  }
  const char *stored = zip_get_name (zd->za, (zip_uint64_t) idx, 0);
  if (stored)
    g_hash_table_add (zd->opened, g_strdup (stored));
  zip_file_t *zf = zip_fopen_index (zd->za, (zip_uint64_t) idx, 0);
  if (!zf) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "part %s cannot be opened: %s", name, zip_strerror (zd->za));
    return NULL;
  }
  PartStream *ps = g_new0 (PartStream, 1);
  ps->zd = zd;
  ps->zf = zf;
  ps->name = g_strdup (name);
  ps->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
  ps->size_known = (st.valid & ZIP_STAT_SIZE) != 0;
  ps->size = ps->size_known ? st.size : 0;
  return ps;
}

/* Up to `cap` bytes; 0 at the end, -1 on an error (set). */
static gssize
part_stream_read (PartStream *ps, void *buf, gsize cap, GError **error)
{
  zip_int64_t n = zip_fread (ps->zf, buf, cap);
  if (n < 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "part %s is damaged: %s", ps->name, zip_file_strerror (ps->zf));
    return -1;
  }
  ZipDoc *zd = ps->zd;
  const PmarkBudget *b = zd->budget;
  ps->len += (guint64) n;
  *inflated_total (zd) += (guint64) n;
  if (ps->len > b->max_entry_inflated) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "part %s inflates past the max-entry-inflated budget "
                 "(%" G_GUINT64_FORMAT " bytes)", ps->name, b->max_entry_inflated);
    return -1;
  }
  if (*inflated_total (zd) > b->max_total_inflated) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "parts inflate past the max-total-inflated budget "
                 "(%" G_GUINT64_FORMAT " bytes)", b->max_total_inflated);
    return -1;
  }
  if (ps->len > RATIO_FLOOR && ps->len / MAX (ps->comp, 1) > b->max_compression_ratio) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "part %s expands more than %u times: past the "
                 "max-compression-ratio budget (a zip bomb?)",
                 ps->name, b->max_compression_ratio);
    return -1;
  }
  if (!pmark_document_check_budget (zd->doc, error))
    return -1;
  return (gssize) n;
}

GBytes *
zipdoc_read (ZipDoc *zd, const char *name, GError **error)
{
  g_autoptr (PartStream) ps = part_stream_open (zd, name, error);
  if (!ps)
    return NULL;
  /* sized once when the size is declared (within the budget): growing by
   * doubling would hold two copies of a big part while it copies */
  gsize want = ps->size_known ? (gsize) MIN (ps->size, zd->budget->max_entry_inflated) : 0;
  GByteArray *buf = g_byte_array_sized_new ((guint) MIN (want + 1, (gsize) G_MAXUINT));
  guint8 chunk[65536];
  gssize n;
  while ((n = part_stream_read (ps, chunk, sizeof chunk, error)) > 0)
    g_byte_array_append (buf, chunk, (guint) n);
  if (n < 0) {
    g_byte_array_unref (buf);
    return NULL;
  }
  return g_byte_array_free_to_bytes (buf);
}

static gint
natural_cmp (gconstpointer a, gconstpointer b)
{
  const char *x = *(char *const *) a, *y = *(char *const *) b;
  g_autofree char *kx = g_utf8_collate_key_for_filename (x, -1);
  g_autofree char *ky = g_utf8_collate_key_for_filename (y, -1);
  return strcmp (kx, ky);
}

GPtrArray *
zipdoc_list (ZipDoc *zd, const char *prefix, const char *suffix)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  zip_int64_t n = zip_get_num_entries (zd->za, 0);
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name (zd->za, (zip_uint64_t) i, 0);
    if (name && g_str_has_prefix (name, prefix) && g_str_has_suffix (name, suffix))
      g_ptr_array_add (out, g_strdup (name));
  }
  g_ptr_array_sort (out, natural_cmp);
  return out;
}

/* What Office and LibreOffice embed as pictures, by name. Vector
 * pictures (EMF, WMF, SVG, SVM) are drawings, not pixels. */
static const char *const picture_suffixes[] = { ".png",  ".jpg", ".jpeg", ".jpe",
                                                ".jfif", ".gif", ".bmp",  ".tif",
                                                ".tiff", ".webp" };

static gboolean
picture_name (const char *name)
{
  /* a package's thumbnail is its first page drawn small: the text is
   * the body's, read already */
  if (g_str_has_prefix (name, "docProps/thumbnail") || g_str_has_prefix (name, "Thumbnails/"))
    return FALSE;
  g_autofree char *lower = g_ascii_strdown (name, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (picture_suffixes); i++)
    if (g_str_has_suffix (lower, picture_suffixes[i]))
      return TRUE;
  return FALSE;
}

/* The entries `keep` keeps, in natural order */
static GPtrArray *
entries_where (ZipDoc *zd, gboolean (*keep) (ZipDoc *zd, const char *name))
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  zip_int64_t n = zip_get_num_entries (zd->za, 0);
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name (zd->za, (zip_uint64_t) i, 0);
    if (name && keep (zd, name))
      g_ptr_array_add (names, g_strdup (name));
  }
  g_ptr_array_sort (names, natural_cmp);
  return names;
}

static gboolean
is_picture (ZipDoc *zd, const char *name)
{
  return picture_name (name);
}

static gboolean no_text_of_its_own (const char *name);

/* no reader opened it, and it may say something */
static gboolean
is_unread (ZipDoc *zd, const char *name)
{
  return !g_hash_table_contains (zd->opened, name) && !no_text_of_its_own (name);
}

/* The entry `name`; NULL when it cannot be read: a damaged one sets *why
 * (its reader says it was not read and goes on), anything else sets
 * *error */
static GBytes *
read_member (ZipDoc *zd, const char *name, char **why, GError **error)
{
  GError *local = NULL;
  GBytes *b = zipdoc_read (zd, name, &local);
  if (b)
    return b;
  if (local->code == PMARK_ERROR_MALFORMED) {
    *why = g_strdup (local->message);
    g_error_free (local);
  } else {
    g_propagate_error (error, local);
  }
  return NULL;
}

gboolean
zipdoc_read_pictures (ZipDoc *zd, GError **error)
{
  PmarkDocument *doc = zd->doc;
  if (!doc || !doc->read)
    return TRUE;
  g_autoptr (GPtrArray) names = entries_where (zd, is_picture);
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    g_autofree char *where = g_strdup_printf ("picture %s", name);
    g_autofree char *why = NULL;
    g_autoptr (GBytes) data = read_member (zd, name, &why, error);
    if (!data) {
      if (!why)
        return FALSE;
      pmark_ocr_add_unread (doc, where, why);
      continue;
    }
    if (!pmark_ocr_read_picture (doc, zd->budget, data, where, error))
      return FALSE;
  }
  return TRUE;
}

/* Members that carry no text a person wrote, or that a reader reads by
 * another way: the package's own (content types, relationships, a
 * manifest), styles, themes, fonts, settings, print settings, macros'
 * code, masters and layouts of slides (their placeholders' "Click to
 * edit" text), pictures (OCR: zipdoc_read_pictures) */
static gboolean
no_text_of_its_own (const char *name)
{
  static const char *const whole[] = {
    "[Content_Types].xml", "mimetype", "META-INF/manifest.xml", "manifest.rdf",
    "settings.xml", "styles.xml", "meta.xml", "content.xml", NULL,
  };
  static const char *const base[] = {
    "styles.xml", "settings.xml", "webSettings.xml", "fontTable.xml", "numbering.xml",
    "app.xml", "calcChain.xml", "presProps.xml", "viewProps.xml", "tableStyles.xml",
    "stylesWithEffects.xml", "commentsIds.xml", "commentsExtensible.xml", "people.xml",
    "commentAuthors.xml", "vbaData.xml", "keyMapCustomizations.xml", "volatileDependencies.xml",
    "connections.xml", "metadata.xml", "revisionHeaders.xml", "meta.xml", "manifest.xml", NULL,
  };
  static const char *const dirs[] = {
    "theme/", "fonts/", "printerSettings/", "slideLayouts/", "slideMasters/", "notesMasters/",
    "handoutMasters/", "customXml/itemProps", "Configurations2/", "Thumbnails/", "media/",
    "Pictures/", "activeX/", "docProps/thumbnail", NULL,
  };
  static const char *const exts[] = {
    ".rels", ".bin.rels", ".odttf", ".fntdata", ".ttf", ".emf", ".wmf", ".svm", ".svg",
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".wdp", ".jfif",
    ".mp3", ".mp4", ".wav", ".m4a", ".wma", ".wmv", ".avi", NULL,
  };
  if (g_str_has_suffix (name, "/"))
    return TRUE;
  const char *slash = strrchr (name, '/');
  const char *b = slash ? slash + 1 : name;
  for (guint i = 0; whole[i]; i++)
    if (!strcmp (name, whole[i]))
      return TRUE;
  for (guint i = 0; base[i]; i++)
    if (!strcmp (b, base[i]))
      return TRUE;
  for (guint i = 0; dirs[i]; i++)
    if (strstr (name, dirs[i]))
      return TRUE;
  g_autofree char *lower = g_ascii_strdown (name, -1);
  for (guint i = 0; exts[i]; i++)
    if (g_str_has_suffix (lower, exts[i]))
      return TRUE;
  /* a macro project is code, not what the document says */
  return strstr (lower, "vbaproject") != NULL;
}

static gboolean xml_rest_text (ZipDoc *zd, GBytes *xml, const char *name, GString *out,
                               GError **error);

gboolean
zipdoc_read_rest (ZipDoc *zd, GError **error)
{
  PmarkDocument *doc = zd->doc;
  if (!doc || !doc->read)
    return TRUE;
  g_autoptr (GPtrArray) names = entries_where (zd, is_unread);
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    g_autofree char *where = g_strdup_printf ("part %s", name);
    g_autofree char *why = NULL;
    g_autoptr (GBytes) data = read_member (zd, name, &why, error);
    if (!data) {
      if (!why)
        return FALSE;
      g_ptr_array_add (doc->unread, g_strdup_printf ("%s: %s", where, why));
      continue;
    }
    GError *local = NULL;
    gsize len;
    const char *d = g_bytes_get_data (data, &len);
    if (!len)
      continue;
    gsize k = 0;
    while (k < len && g_ascii_isspace (d[k]))
      k++;
    g_autofree char *lower = g_ascii_strdown (name, -1);
    gboolean html = g_str_has_suffix (lower, ".htm") || g_str_has_suffix (lower, ".html")
                    || g_str_has_suffix (lower, ".xhtml") || g_str_has_suffix (lower, ".mht");
    if (k < len && d[k] == '<' && !html) {
      /* XML a reader does not know (a chart, SmartArt's data, a content
       * control's bound data, a pivot cache, an embedded object's
       * content): its words, as written */
      GString *out = g_string_new (NULL);
      if (!xml_rest_text (zd, data, name, out, &local)) {
        g_string_free (out, TRUE);
        if (local->code != PMARK_ERROR_MALFORMED) {
          g_propagate_error (error, local);
          return FALSE;
        }
        g_ptr_array_add (doc->unread, g_strdup_printf ("%s: %s", where, local->message));
        g_error_free (local);
        continue;
      }
      gboolean words = FALSE;
      for (gsize q = 0; q < out->len && !words; q++)
        words = g_ascii_isalnum (out->str[q]) || (guchar) out->str[q] >= 0x80;
      if (!words) {
        g_string_free (out, TRUE);
        continue;
      }
      gsize olen = out->len;
      if (!pmark_document_add_text (doc, zd->budget, where, g_string_free (out, FALSE), olen,
                                    TRUE, error))
        return FALSE;
      continue;
    }
    /* anything else (an embedded workbook, an OLE object, an altChunk's
     * HTML, an attached file): a document of its own, or unread */
    const char *slash = strrchr (name, '/');
    if (!pmark_document_add_nested (doc, zd->budget, data, slash ? slash + 1 : name, where,
                                    error))
      return FALSE;
  }
  return TRUE;
}

/* ---- XML ---------------------------------------------------------------- */

struct _XmlReader {
  xmlTextReaderPtr r;
  GBytes *xml;          /* the bytes read, or NULL when streamed */
  PartStream *stream;   /* the part streamed, or NULL */
  char *name;
  const PmarkDocument *doc;
  const PmarkBudget *budget;
  char *error;    /* the parser's first complaint */
  guint nodes;
};

static void
on_error (void *arg, const char *msg, xmlParserSeverities severity,
          xmlTextReaderLocatorPtr locator)
{
  XmlReader *x = arg;
  if (severity == XML_PARSER_SEVERITY_ERROR && !x->error) {
    x->error = g_strdup (msg);
    g_strstrip (x->error);
  }
}

/* libxml2 sets up its global tables lazily, and two threads doing it at
 * once leak one set (LeakSanitizer saw it under pmark audit): once, first. */
static gpointer
xml_init_once (gpointer data)
{
  xmlInitParser ();
  return NULL;
}

void
zipxml_init (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, xml_init_once, NULL);
}

XmlReader *
xml_reader_new (GBytes *xml, const char *name, const PmarkDocument *doc,
                const PmarkBudget *budget)
{
  zipxml_init ();
  gsize len;
  const char *data = g_bytes_get_data (xml, &len);
  XmlReader *x = g_new0 (XmlReader, 1);
  x->xml = g_bytes_ref (xml);
  x->name = g_strdup (name);
  x->doc = doc;
  x->budget = budget;
  /* No XML_PARSE_NOENT (entities stay unexpanded), no DTD loading, no
   * network: a billion laughs or an external entity reads nothing. */
  x->r = xmlReaderForMemory (data, (int) MIN (len, (gsize) G_MAXINT), name,
                             NULL, PMARK_XML_OPTIONS);
  if (x->r)
    xmlTextReaderSetErrorHandler (x->r, on_error, x);
  return x;
}

static int
stream_read_cb (void *ctx, char *buf, int len)
{
  PartStream *ps = ctx;
  if (ps->error)
    return -1;
  gssize n = part_stream_read (ps, buf, (gsize) MAX (len, 0), &ps->error);
  return n < 0 ? -1 : (int) n;
}

static int
stream_close_cb (void *ctx)
{
  return 0;
}

XmlReader *
xml_reader_open_part (ZipDoc *zd, const char *name, GError **error)
{
  PartStream *ps = part_stream_open (zd, name, error);
  if (!ps)
    return NULL;
  zipxml_init ();
  XmlReader *x = g_new0 (XmlReader, 1);
  x->stream = ps;
  x->name = g_strdup (name);
  x->doc = zd->doc;
  x->budget = zd->budget;
  /* the same parser options as over bytes (xml_reader_new) */
  x->r = xmlReaderForIO (stream_read_cb, stream_close_cb, ps, name, NULL,
                         PMARK_XML_OPTIONS);
  if (x->r)
    xmlTextReaderSetErrorHandler (x->r, on_error, x);
  return x;
}

void
xml_reader_free (XmlReader *x)
{
  if (!x)
    return;
  if (x->r)
    xmlFreeTextReader (x->r);
  if (x->xml)
    g_bytes_unref (x->xml);
  part_stream_free (x->stream);
  g_free (x->name);
  g_free (x->error);
  g_free (x);
}

int
xml_next (XmlReader *x, GError **error)
{
  if (!x->r) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "part %s: cannot start an XML parser", x->name);
    return -1;
  }
  int rc = xmlTextReaderRead (x->r);
  if (rc < 0 && x->stream && x->stream->error) {
    /* the part itself failed (damaged, past a budget), not its XML */
    g_propagate_error (error, g_steal_pointer (&x->stream->error));
    return -1;
  }
  if (rc < 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "part %s is not well-formed XML%s%s", x->name,
                 x->error ? ": " : "", x->error ? x->error : "");
    return -1;
  }
  if (rc == 0)
    return 0;
  if ((guint) xmlTextReaderDepth (x->r) > x->budget->max_xml_depth) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "part %s nests elements deeper than the max-xml-depth "
                 "budget (%u)", x->name, x->budget->max_xml_depth);
    return -1;
  }
  if ((++x->nodes & 0xFFF) == 0 && !pmark_document_check_budget (x->doc, error))
    return -1;
  return 1;
}

int
xml_type (XmlReader *x)
{
  return xmlTextReaderNodeType (x->r);
}

int
xml_depth (XmlReader *x)
{
  return xmlTextReaderDepth (x->r);
}

gboolean
xml_empty (XmlReader *x)
{
  return xmlTextReaderIsEmptyElement (x->r) == 1;
}

const char *
xml_local (XmlReader *x)
{
  const xmlChar *n = xmlTextReaderConstLocalName (x->r);
  return n ? (const char *) n : "";
}

gboolean
xml_is_start (XmlReader *x, const char *local)
{
  return xml_type (x) == XML_READER_TYPE_ELEMENT
         && strcmp (xml_local (x), local) == 0;
}

gboolean
xml_is_end (XmlReader *x, const char *local)
{
  return xml_type (x) == XML_READER_TYPE_END_ELEMENT
         && strcmp (xml_local (x), local) == 0;
}

char *
xml_attr (XmlReader *x, const char *local)
{
  char *value = NULL;
  if (xmlTextReaderMoveToFirstAttribute (x->r) != 1)
    return NULL;
  do {
    const xmlChar *n = xmlTextReaderConstLocalName (x->r);
    if (n && strcmp ((const char *) n, local) == 0) {
      const xmlChar *v = xmlTextReaderConstValue (x->r);
      value = g_strdup (v ? (const char *) v : "");
      break;
    }
  } while (xmlTextReaderMoveToNextAttribute (x->r) == 1);
  xmlTextReaderMoveToElement (x->r);
  return value;
}

char *
xml_rel_id (XmlReader *x)
{
  char *value = NULL;
  if (xmlTextReaderMoveToFirstAttribute (x->r) != 1)
    return NULL;
  do {
    const xmlChar *n = xmlTextReaderConstLocalName (x->r);
    const xmlChar *ns = xmlTextReaderConstNamespaceUri (x->r);
    if (n && ns && *ns && strcmp ((const char *) n, "id") == 0) {
      value = g_strdup ((const char *) xmlTextReaderConstValue (x->r));
      break;
    }
  } while (xmlTextReaderMoveToNextAttribute (x->r) == 1);
  xmlTextReaderMoveToElement (x->r);
  return value;
}

const char *
xml_value (XmlReader *x)
{
  const xmlChar *v = xmlTextReaderConstValue (x->r);
  return v ? (const char *) v : "";
}

static gboolean
in_list (const char *const *list, const char *s)
{
  return list && g_strv_contains (list, s);
}

static gboolean
check_text_budget (GString *out, const PmarkBudget *budget, GError **error)
{
  if (out->len > budget->max_text_bytes) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "extracted text exceeds the max-text-bytes budget "
                 "(%" G_GUINT64_FORMAT " bytes)", budget->max_text_bytes);
    return FALSE;
  }
  return TRUE;
}

static void
end_line (GString *out)
{
  if (out->len && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
}

/* the columns after the first that a cell spanning `span` covers */
static void
span_columns (PmarkTableBuilder *tb, const char *span)
{
  guint64 n = 1;
  if (span)
    g_ascii_string_to_unsigned (span, 10, 1, 64, &n, NULL);
  for (guint64 k = 1; k < n; k++)
    pmark_table_cell (tb);
}

gboolean
xml_text (XmlReader *x, const XmlTextRules *rules, GString *out, GPtrArray *tables,
          GError **error)
{
  const PmarkBudget *budget = x->budget;
  int skip_depth = -1, in_text = 0, rc;
  g_autoptr (PmarkTableBuilder) tb = tables && rules->table ? pmark_table_builder_new ()
                                                             : NULL;
  while ((rc = xml_next (x, error)) == 1) {
    int type = xml_type (x);
    if (skip_depth >= 0) {
      if (type == XML_READER_TYPE_END_ELEMENT && xml_depth (x) == skip_depth)
        skip_depth = -1;
      continue;
    }
    const char *local = xml_local (x);
    if (type == XML_READER_TYPE_ELEMENT) {
      gboolean empty = xml_empty (x);
      if (in_list (rules->skip, local)) {
        if (!empty)
          skip_depth = xml_depth (x);
        continue;
      }
      if (tb) {
        /* an empty cell still holds its column */
        if (!empty && !strcmp (local, rules->table)) {
          pmark_table_begin (tb);
        } else if (!strcmp (local, rules->row)) {
          pmark_table_row (tb);
        } else if (!strcmp (local, rules->cell)) {
          pmark_table_cell (tb);
        } else if (!strcmp (local, "gridSpan")) {
          /* a cell across columns: Word's w:gridSpan w:val= */
          g_autofree char *v = xml_attr (x, "val");
          span_columns (tb, v);
        }
        if (!strcmp (local, rules->cell)) {
          /* PowerPoint's a:tc gridSpan= */
          g_autofree char *v = xml_attr (x, "gridSpan");
          span_columns (tb, v);
        }
      }
      if (in_list (rules->tabs, local)) {
        g_string_append_c (out, '\t');
        if (tb)
          pmark_table_text (tb, " ", 1);
      }
      if (in_list (rules->breaks, local))
        g_string_append_c (out, '\n');
      if (in_list (rules->spaces, local)) {
        g_autofree char *c = xml_attr (x, "c");
        guint64 n = 1;
        if (c)
          g_ascii_string_to_unsigned (c, 10, 1, 1000, &n, NULL);
        for (guint64 i = 0; i < n; i++)
          g_string_append_c (out, ' ');
      }
      if (!empty && in_list (rules->text, local))
        in_text++;
      if (empty && in_list (rules->blocks, local))
        end_line (out);
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (in_list (rules->text, local) && in_text > 0)
        in_text--;
      if (in_list (rules->blocks, local)) {
        end_line (out);
        if (tb)
          pmark_table_break (tb);
      }
      if (tb && !strcmp (local, rules->table)) {
        GString *tsv = pmark_table_end (tb);
        if (tsv)
          g_ptr_array_add (tables, tsv);
      }
    } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
               || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
      if (!rules->text || in_text > 0) {
        const char *v = xml_value (x);
        g_string_append (out, v);
        if (pmark_table_active (tb))
          pmark_table_text (tb, v, strlen (v));
        if (!check_text_budget (out, budget, error))
          return FALSE;
      }
    }
  }
  return rc == 0;
}

/* ---- OPC relationships -------------------------------------------------- */

static void
rel_free (gpointer p)
{
  OpcRel *r = p;
  g_free (r->id);
  g_free (r->type);
  g_free (r->target);
  g_free (r);
}

char *
opc_resolve (const char *part, const char *target)
{
  if (target[0] == '/')
    return g_strdup (target + 1);
  g_autofree char *dir = g_path_get_dirname (part);
  g_autofree char *joined = strcmp (dir, ".") ? g_strconcat (dir, "/", target, NULL)
                                              : g_strdup (target);
  g_auto (GStrv) segs = g_strsplit (joined, "/", -1);
  GPtrArray *stack = g_ptr_array_new ();
  for (char **s = segs; *s; s++) {
    if (!**s || !strcmp (*s, "."))
      continue;
    if (!strcmp (*s, "..")) {
      if (stack->len)
        g_ptr_array_remove_index (stack, stack->len - 1);
      continue;
    }
    g_ptr_array_add (stack, *s);
  }
  g_ptr_array_add (stack, NULL);
  char *out = g_strjoinv ("/", (char **) stack->pdata);
  g_ptr_array_free (stack, TRUE);
  return out;
}

char *
opc_rels_path (const char *part)
{
  /* the package's own relationships (part "") are _rels/.rels */
  if (!*part)
    return g_strdup ("_rels/.rels");
  g_autofree char *dir = g_path_get_dirname (part);
  g_autofree char *base = g_path_get_basename (part);
  return strcmp (dir, ".") ? g_strdup_printf ("%s/_rels/%s.rels", dir, base)
                           : g_strdup_printf ("_rels/%s.rels", base);
}

xmlDoc *
xml_parse_dom (GBytes *data, const char *name, GError **error)
{
  zipxml_init ();
  gsize len;
  const char *d = g_bytes_get_data (data, &len);
  xmlDoc *doc = xmlReadMemory (d, (int) MIN (len, (gsize) G_MAXINT), name, NULL,
                               PMARK_XML_OPTIONS);
  if (!doc || !xmlDocGetRootElement (doc)) {
    if (doc)
      xmlFreeDoc (doc);
    const xmlError *e = xmlGetLastError ();
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED, "%s: not well-formed XML%s%s",
                 name, e && e->message ? ": " : "", e && e->message ? g_strstrip (e->message) : "");
    return NULL;
  }
  return doc;
}

GPtrArray *
opc_rels (ZipDoc *zd, const char *part, GError **error)
{
  GPtrArray *rels = g_ptr_array_new_with_free_func (rel_free);
  g_autofree char *path = opc_rels_path (part);
  if (!zipdoc_has (zd, path))
    return rels;
  g_autoptr (GBytes) xml = zipdoc_read (zd, path, error);
  if (!xml) {
    g_ptr_array_unref (rels);
    return NULL;
  }
  g_autoptr (XmlReader) x = xml_reader_new (xml, path, zd->doc, zd->budget);
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    if (!xml_is_start (x, "Relationship"))
      continue;
    g_autofree char *mode = xml_attr (x, "TargetMode");
    g_autofree char *target = xml_attr (x, "Target");
    if (!target || (mode && !strcmp (mode, "External")))
      continue;
    OpcRel *r = g_new0 (OpcRel, 1);
    r->id = xml_attr (x, "Id");
    r->type = xml_attr (x, "Type");
    r->target = opc_resolve (part, target);
    g_ptr_array_add (rels, r);
  }
  if (rc < 0) {
    g_ptr_array_unref (rels);
    return NULL;
  }
  return rels;
}

const char *
opc_rel_target (GPtrArray *rels, const char *id)
{
  for (guint i = 0; id && i < rels->len; i++) {
    const OpcRel *r = g_ptr_array_index (rels, i);
    if (r->id && !strcmp (r->id, id))
      return r->target;
  }
  return NULL;
}

const char *
opc_rel_of_type (GPtrArray *rels, const char *type_suffix)
{
  for (guint i = 0; i < rels->len; i++) {
    const OpcRel *r = g_ptr_array_index (rels, i);
    if (r->type && g_str_has_suffix (r->type, type_suffix))
      return r->target;
  }
  return NULL;
}

/* The words of an XML part no reader knows: its text, and the values kept
 * in attributes (a pivot cache's <s v="...">), a line each */
static gboolean
xml_rest_text (ZipDoc *zd, GBytes *xml, const char *name, GString *out, GError **error)
{
  g_autoptr (XmlReader) x = xml_reader_new (xml, name, zd->doc, zd->budget);
  int rc;
  while ((rc = xml_next (x, error)) > 0) {
    int t = xml_type (x);
    if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA) {
      g_string_append (out, xml_value (x));
      g_string_append_c (out, '\n');
    } else if (t == XML_READER_TYPE_ELEMENT) {
      g_autofree char *v = xml_attr (x, "v");
      if (v && *v) {
        g_string_append (out, v);
        g_string_append_c (out, '\n');
      }
    }
    if (!check_text_budget (out, zd->budget, error))
      return FALSE;
  }
  return rc == 0;
}
