/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Rewriting a zip package: the entries pmark changes are replaced, the
 * others copied compressed, byte for byte, in their order (so ODF's
 * mimetype stays first and stored). Parsing XML for editing: no DTD, no
 * entity expansion, no network. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include <libxml/parser.h>

#include "stamp.h"

gboolean
stamp_refuse_signed (const PmarkStampJob *job, const char *what, GError **error)
{
  if (job->force)
    return TRUE;
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_SIGNED,
               "the document is digitally signed (%s): marking it would break "
               "the signature; use --force to mark it anyway", what);
  return FALSE;
}

gboolean
stamp_write_bytes (const PmarkStampJob *job, const void *data, gsize len,
                   GError **error)
{
  if (len > G_MAXUINT - job->out->len) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                 "writing the output: more than 4 GB");
    return FALSE;
  }
  g_byte_array_append (job->out, data, (guint) len);
  return TRUE;
}

/* ---- a libzip source that writes the archive into the job's output, in
 * memory (libzip's own buffer source keeps its data in fragments that
 * would be copied out again). Read as an empty file, so ZIP_TRUNCATE
 * starts a new archive. */
typedef struct {
  GByteArray *out;
  gsize at;
  zip_error_t error;
} MemorySink;

static zip_int64_t
memory_sink_cb (void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
  MemorySink *s = ud;
  switch (cmd) {
  case ZIP_SOURCE_SUPPORTS:
    return ZIP_SOURCE_SUPPORTS_WRITABLE;
  case ZIP_SOURCE_OPEN:
  case ZIP_SOURCE_CLOSE:
  case ZIP_SOURCE_READ:
  case ZIP_SOURCE_COMMIT_WRITE:
  case ZIP_SOURCE_SEEK:
  case ZIP_SOURCE_TELL:
    return 0;
  case ZIP_SOURCE_STAT: {
    zip_stat_t *st = ZIP_SOURCE_GET_ARGS (zip_stat_t, data, len, &s->error);
    if (!st)
      return -1;
    zip_stat_init (st);
    st->size = 0;
    st->valid |= ZIP_STAT_SIZE;
    return sizeof (*st);
  }
  case ZIP_SOURCE_BEGIN_WRITE:
  case ZIP_SOURCE_ROLLBACK_WRITE:
  case ZIP_SOURCE_REMOVE:
    g_byte_array_set_size (s->out, 0);
    s->at = 0;
    return 0;
  case ZIP_SOURCE_WRITE:
    /* a GByteArray holds up to 4 GB, far past any budget */
    if (len > G_MAXUINT - s->at) {
      zip_error_set (&s->error, ZIP_ER_WRITE, EFBIG);
      return -1;
    }
    if (s->at + len > s->out->len)
      g_byte_array_set_size (s->out, (guint) (s->at + len));
    memcpy (s->out->data + s->at, data, (gsize) len);
    s->at += (gsize) len;
    return (zip_int64_t) len;
  case ZIP_SOURCE_SEEK_WRITE: {
    zip_int64_t to = zip_source_seek_compute_offset (s->at, s->out->len, data, len,
                                                     &s->error);
    if (to < 0)
      return -1;
    s->at = (gsize) to;
    return 0;
  }
  case ZIP_SOURCE_TELL_WRITE:
    return (zip_int64_t) s->at;
  case ZIP_SOURCE_ERROR:
    return zip_error_to_data (&s->error, data, len);
  case ZIP_SOURCE_FREE:
    zip_error_fini (&s->error);
    g_free (s);
    return 0;
  default:
    zip_error_set (&s->error, ZIP_ER_OPNOTSUPP, 0);
    return -1;
  }
}

static zip_t *
zip_open_memory_for_writing (GByteArray *out, zip_error_t *err)
{
  MemorySink *sink = g_new0 (MemorySink, 1);
  sink->out = out;
  zip_error_init (&sink->error);
  zip_source_t *src = zip_source_function_create (memory_sink_cb, sink, err);
  if (!src) {
    zip_error_fini (&sink->error);
    g_free (sink);
    return NULL;
  }
  zip_t *z = zip_open_from_source (src, ZIP_CREATE | ZIP_TRUNCATE, err);
  if (!z)
    zip_source_free (src);
  return z;
}

struct _ZipEdit {
  const PmarkStampJob *job;
  ZipDoc *zd;
  zip_t *src;
  GPtrArray *names;      /* entry names in order */
  GHashTable *put;       /* name -> GPtrArray of GBytes: its bytes, in pieces */
  GPtrArray *added;      /* names not in the original, in order */
};

ZipEdit *
zip_edit_new (const PmarkStampJob *job, GError **error)
{
  g_autoptr (ZipEdit) ze = g_new0 (ZipEdit, 1);
  ze->job = job;
  ze->names = g_ptr_array_new_with_free_func (g_free);
  ze->put = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_ptr_array_unref);
  ze->added = g_ptr_array_new_with_free_func (g_free);
  ze->zd = zipdoc_open (job->input, job->doc, job->budget, error);
  if (!ze->zd)
    return NULL;
  gsize len;
  const void *data = g_bytes_get_data (job->input, &len);
  zip_error_t zerr;
  zip_error_init (&zerr);
  zip_source_t *s = zip_source_buffer_create (data, len, 0, &zerr);
  if (s)
    ze->src = zip_open_from_source (s, ZIP_RDONLY, &zerr);
  if (!ze->src) {
    if (s)
      zip_source_free (s);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED, "not a readable zip: %s",
                 zip_error_strerror (&zerr));
    zip_error_fini (&zerr);
    return NULL;
  }
  zip_error_fini (&zerr);
  zip_int64_t n = zip_get_num_entries (ze->src, 0);
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name (ze->src, i, ZIP_FL_ENC_RAW);
    g_ptr_array_add (ze->names, g_strdup (name ? name : ""));
  }
  return g_steal_pointer (&ze);
}

void
zip_edit_free (ZipEdit *ze)
{
  if (!ze)
    return;
  if (ze->src)
    zip_discard (ze->src);
  zipdoc_free (ze->zd);
  g_ptr_array_unref (ze->names);
  g_hash_table_unref (ze->put);
  g_ptr_array_unref (ze->added);
  g_free (ze);
}

gboolean
zip_edit_has (ZipEdit *ze, const char *name)
{
  return g_hash_table_contains (ze->put, name) || zipdoc_has (ze->zd, name);
}

GBytes *
zip_edit_read (ZipEdit *ze, const char *name, GError **error)
{
  GPtrArray *pieces = g_hash_table_lookup (ze->put, name);
  if (!pieces)
    return zipdoc_read (ze->zd, name, error);
  if (pieces->len == 1)
    return g_bytes_ref (g_ptr_array_index (pieces, 0));
  GByteArray *all = g_byte_array_new ();
  for (guint i = 0; i < pieces->len; i++) {
    gsize len;
    const guint8 *d = g_bytes_get_data (g_ptr_array_index (pieces, i), &len);
    g_byte_array_append (all, d, (guint) len);
  }
  return g_byte_array_free_to_bytes (all);
}

void
zip_edit_put_pieces (ZipEdit *ze, const char *name, GPtrArray *pieces)
{
  gboolean known = FALSE;
  for (guint i = 0; i < ze->names->len && !known; i++)
    known = !strcmp (g_ptr_array_index (ze->names, i), name);
  for (guint i = 0; i < ze->added->len && !known; i++)
    known = !strcmp (g_ptr_array_index (ze->added, i), name);
  if (!known)
    g_ptr_array_add (ze->added, g_strdup (name));
  g_hash_table_replace (ze->put, g_strdup (name), pieces);
}

void
zip_edit_put (ZipEdit *ze, const char *name, GBytes *data)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (pieces, data);
  zip_edit_put_pieces (ze, name, pieces);
}

GPtrArray *
zip_edit_list (ZipEdit *ze, const char *prefix)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ze->names->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (ze->names, i), prefix))
      g_ptr_array_add (out, g_strdup (g_ptr_array_index (ze->names, i)));
  for (guint i = 0; i < ze->added->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (ze->added, i), prefix))
      g_ptr_array_add (out, g_strdup (g_ptr_array_index (ze->added, i)));
  return out;
}

static gboolean
zip_fail (GError **error, zip_t *z, const char *what)
{
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "writing the zip: %s: %s", what,
               z ? zip_strerror (z) : "");
  return FALSE;
}

/* ---- a libzip source reading an entry's pieces in turn (an edited part
 * whose unchanged bytes are slices of the original: no copy of them) */
typedef struct {
  GPtrArray *pieces;
  guint i;
  gsize off;
  zip_uint64_t size;
  zip_error_t error;
} PiecesSource;

static zip_int64_t
pieces_cb (void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
  PiecesSource *ps = ud;
  switch (cmd) {
  case ZIP_SOURCE_SUPPORTS:
    return ZIP_SOURCE_SUPPORTS_READABLE;
  case ZIP_SOURCE_OPEN:
    ps->i = 0;
    ps->off = 0;
    return 0;
  case ZIP_SOURCE_READ: {
    zip_uint64_t done = 0;
    while (done < len && ps->i < ps->pieces->len) {
      gsize plen;
      const guint8 *p = g_bytes_get_data (g_ptr_array_index (ps->pieces, ps->i), &plen);
      gsize n = MIN (plen - ps->off, (gsize) (len - done));
      memcpy ((guint8 *) data + done, p + ps->off, n);
      done += n;
      ps->off += n;
      if (ps->off == plen) {
        ps->i++;
        ps->off = 0;
      }
    }
    return (zip_int64_t) done;
  }
  case ZIP_SOURCE_CLOSE:
    return 0;
  case ZIP_SOURCE_STAT: {
    zip_stat_t *st = ZIP_SOURCE_GET_ARGS (zip_stat_t, data, len, &ps->error);
    if (!st)
      return -1;
    zip_stat_init (st);
    st->size = ps->size;
    st->valid |= ZIP_STAT_SIZE;
    return sizeof (*st);
  }
  case ZIP_SOURCE_ERROR:
    return zip_error_to_data (&ps->error, data, len);
  case ZIP_SOURCE_FREE:
    g_ptr_array_unref (ps->pieces);
    zip_error_fini (&ps->error);
    g_free (ps);
    return 0;
  default:
    zip_error_set (&ps->error, ZIP_ER_OPNOTSUPP, 0);
    return -1;
  }
}

static gboolean
add_new (zip_t *out, const char *name, GPtrArray *pieces, GError **error)
{
  PiecesSource *ps = g_new0 (PiecesSource, 1);
  ps->pieces = g_ptr_array_ref (pieces);
  for (guint i = 0; i < pieces->len; i++)
    ps->size += g_bytes_get_size (g_ptr_array_index (pieces, i));
  zip_error_init (&ps->error);
  zip_source_t *s = zip_source_function (out, pieces_cb, ps);
  if (!s) {
    g_ptr_array_unref (ps->pieces);
    zip_error_fini (&ps->error);
    g_free (ps);
    return zip_fail (error, out, name);
  }
  zip_int64_t idx = zip_file_add (out, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (idx < 0) {
    zip_source_free (s);
    return zip_fail (error, out, name);
  }
  /* ODF's mimetype is stored, never deflated; the rest at zlib's default
   * level (6), as Office and LibreOffice write (libzip's default is 9:
   * three times the time on a big part for a few percent) */
  zip_set_file_compression (out, idx, !strcmp (name, "mimetype") ? ZIP_CM_STORE
                                                                  : ZIP_CM_DEFLATE,
                            !strcmp (name, "mimetype") ? 0 : 6);
  zip_file_set_mtime (out, idx, (time_t) g_get_real_time () / G_USEC_PER_SEC, 0);
  return TRUE;
}

gboolean
zip_edit_write (ZipEdit *ze, GError **error)
{
  zip_error_t e;
  zip_error_init (&e);
  zip_t *out = zip_open_memory_for_writing (ze->job->out, &e);
  if (!out) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "writing the zip: %s",
                 zip_error_strerror (&e));
    zip_error_fini (&e);
    return FALSE;
  }
  zip_error_fini (&e);
  for (guint i = 0; i < ze->names->len; i++) {
    const char *name = g_ptr_array_index (ze->names, i);
    GPtrArray *rep = g_hash_table_lookup (ze->put, name);
    if (rep) {
      if (!add_new (out, name, rep, error))
        goto fail;
      continue;
    }
    /* copied as it is: compressed data, name, time, comment */
    zip_source_t *s = zip_source_zip (out, ze->src, i, ZIP_FL_COMPRESSED, 0, -1);
    zip_int64_t idx = s ? zip_file_add (out, name, s, ZIP_FL_ENC_RAW) : -1;
    if (idx < 0) {
      if (s)
        zip_source_free (s);
      zip_fail (error, out, name);
      goto fail;
    }
    zip_stat_t st;
    if (zip_stat_index (ze->src, i, ZIP_FL_UNCHANGED, &st) == 0 && (st.valid & ZIP_STAT_MTIME))
      zip_file_set_mtime (out, idx, st.mtime, 0);
  }
  for (guint i = 0; i < ze->added->len; i++) {
    const char *name = g_ptr_array_index (ze->added, i);
    if (!add_new (out, name, g_hash_table_lookup (ze->put, name), error))
      goto fail;
  }
  if (zip_close (out) != 0) {
    zip_fail (error, out, "close");
    goto fail;
  }
  return TRUE;
fail:
  zip_discard (out);
  return FALSE;
}

/* ---- XML ------------------------------------------------------------------ */

GBytes *
stamp_xml_serialize (xmlDoc *doc)
{
  xmlChar *buf = NULL;
  int len = 0;
  xmlDocDumpMemoryEnc (doc, &buf, &len, "UTF-8");
  GBytes *b = g_bytes_new (buf, len);
  xmlFree (buf);
  return b;
}

gboolean
xml_is (const xmlNode *n, const char *local)
{
  return n && n->type == XML_ELEMENT_NODE && !strcmp ((const char *) n->name, local);
}

xmlNode *
xml_child (xmlNode *parent, const char *local)
{
  for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
    if (xml_is (c, local))
      return c;
  return NULL;
}

xmlNs *
xml_ns (xmlNode *node, const char *href)
{
  return xmlSearchNsByHref (node->doc, node, (const xmlChar *) href);
}

xmlNode *
xml_new_like (xmlNode *like, const char *ns_href, const char *local)
{
  xmlNs *ns = ns_href ? xml_ns (like, ns_href) : like->ns;
  return xmlNewDocNode (like->doc, ns, (const xmlChar *) local, NULL);
}

void
xml_insert_list_before (xmlNode *ref, xmlNode *list)
{
  for (xmlNode *n = list, *next; n; n = next) {
    next = n->next;
    n->next = n->prev = NULL;
    xmlAddPrevSibling (ref, n);
  }
}

void
xml_remove_all (xmlNode *root, gboolean (*match) (xmlNode *n))
{
  for (xmlNode *c = root->children, *next; c; c = next) {
    next = c->next;
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (match (c)) {
      xmlUnlinkNode (c);
      xmlFreeNode (c);
    } else {
      xml_remove_all (c, match);
    }
  }
}
