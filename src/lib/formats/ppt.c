/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PowerPoint 97-2003 (.ppt, .pps, .pot): [MS-PPT]. The "Current User"
 * stream points at the last UserEditAtom; the chain of edits gives the
 * persist directory (persist id -> stream offset), which finds the
 * DocumentContainer. Its SlideListWithText lists the slides in
 * presentation order (with their placeholder text), then the notes; each
 * slide's own container holds the text of its other shapes and comments.
 * A stream whose directory is damaged is still read, record by record,
 * as one part. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "core/textdecode.h"
#include "ole.h"

enum {
  T_DOCUMENT = 0x03E8, T_SLIDE = 0x03EE, T_NOTES = 0x03F0,
  T_SLIDE_PERSIST = 0x03F3, T_TEXT_HEADER = 0x0F9F, T_TEXT_CHARS = 0x0FA0,
  T_TEXT_BYTES = 0x0FA8, T_CSTRING = 0x0FBA, T_HEADERS_FOOTERS = 0x0FD9,
  T_SLIDE_LIST = 0x0FF0, T_USER_EDIT = 0x0FF5, T_EX_OLE_STG = 0x1011,
  T_PERSIST_DIR = 0x1772, T_BINARY_TAG_DATA = 0x138B, T_COMMENT10 = 0x2EE0, T_CRYPT_SESSION = 0x2F14,
};

#define PPT_MAX_DEPTH 32
#define PPT_MAX_EDITS 4096

typedef struct {
  const guint8 *s;
  gsize len;
  GHashTable *persist; /* persist id -> offset (newest edit wins) */
  gboolean encrypted;
} Ppt;

static guint
ppt_sniff (const PmarkSniffInfo *info)
{
  return ole_sniff (info) == OLE_KIND_POWERPOINT ? PMARK_SNIFF_CONTENT : 0;
}

typedef struct {
  guint16 ver, inst, type;
  gsize data, end; /* the record's data: [data, end) */
} Rec;

static gboolean
rec_at (const Ppt *p, gsize at, gsize limit, Rec *r)
{
  if (at + 8 > limit || at + 8 < at)
    return FALSE;
  guint16 vi = ole_u16 (p->s, p->len, at);
  r->ver = vi & 0xF;
  r->inst = vi >> 4;
  r->type = ole_u16 (p->s, p->len, at + 2);
  guint32 n = ole_u32 (p->s, p->len, at + 4);
  r->data = at + 8;
  r->end = n > limit - r->data ? limit : r->data + n;
  return TRUE;
}

/* Slide text uses CR between paragraphs and VT for line breaks. */
static void
append_text (const Ppt *p, const Rec *r, GString *out)
{
  gsize start = out->len;
  if (r->type == T_TEXT_BYTES)
    pmark_codepage_append (out, p->s + r->data, r->end - r->data, 1252);
  else
    pmark_utf16le_append (out, p->s + r->data, (r->end - r->data) / 2);
  for (gsize i = start; i < out->len; i++)
    if (out->str[i] == '\r' || out->str[i] == '\v')
      out->str[i] = '\n';
  g_string_append_c (out, '\n');
}

/* All text in the records of [at, limit), containers included. */
static void
walk_text (const Ppt *p, gsize at, gsize limit, GString *out, guint depth,
           guint16 parent)
{
  Rec r;
  while (depth < PPT_MAX_DEPTH && rec_at (p, at, limit, &r)) {
    /* a binary tag's data blob holds records too (PowerPoint 2002's
     * comments) */
    if (r.ver == 0xF || r.type == T_BINARY_TAG_DATA) {
      walk_text (p, r.data, r.end, out, depth + 1, r.type);
    } else if (r.type == T_TEXT_CHARS || r.type == T_TEXT_BYTES) {
      append_text (p, &r, out);
    } else if (r.type == T_CSTRING
               && ((parent == T_COMMENT10 && r.inst == 1)
                   || (parent == T_HEADERS_FOOTERS && (r.inst == 1 || r.inst == 2)))) {
      /* a comment's text (0 is its author); a slide's own header or
       * footer (0 is a fixed date) */
      append_text (p, &r, out);
    }
    at = r.end;
  }
}

/* The chain of UserEditAtoms, newest first: the persist directory. */
static gboolean
read_persist (Ppt *p, GBytes *current_user)
{
  gsize cu_len = 0;
  const guint8 *cu = current_user ? g_bytes_get_data (current_user, &cu_len) : NULL;
  if (!cu || cu_len < 20)
    return FALSE;
  guint32 token = ole_u32 (cu, cu_len, 12);
  if (token == 0xF3D1C4DF)
    p->encrypted = TRUE;
  gsize edit = ole_u32 (cu, cu_len, 16);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  for (guint n = 0; n < PPT_MAX_EDITS && edit; n++) {
    Rec r;
    if (g_hash_table_contains (seen, GSIZE_TO_POINTER (edit))
        || !rec_at (p, edit, p->len, &r) || r.type != T_USER_EDIT)
      break;
    g_hash_table_add (seen, GSIZE_TO_POINTER (edit));
    gsize d = r.data, dl = r.end - r.data;
    if (dl >= 32 && ole_u32 (p->s + d, dl, 28))
      p->encrypted = TRUE;
    if (n == 0) /* the document's persist id, under a key no id can have */
      g_hash_table_insert (p->persist, GUINT_TO_POINTER (G_MAXUINT32),
                           GSIZE_TO_POINTER ((gsize) ole_u32 (p->s + d, dl, 16)));
    Rec dir;
    if (rec_at (p, ole_u32 (p->s + d, dl, 12), p->len, &dir) && dir.type == T_PERSIST_DIR) {
      for (gsize at = dir.data; at + 4 <= dir.end;) {
        guint32 e = ole_u32 (p->s, p->len, at);
        guint32 id = e & 0xFFFFF, count = e >> 20;
        at += 4;
        for (guint32 k = 0; k < count && at + 4 <= dir.end; k++, at += 4)
          if (!g_hash_table_contains (p->persist, GUINT_TO_POINTER (id + k)))
            g_hash_table_insert (p->persist, GUINT_TO_POINTER (id + k),
                                 GSIZE_TO_POINTER ((gsize) ole_u32 (p->s, p->len, at)));
      }
    }
    edit = ole_u32 (p->s + d, dl, 8);
  }
  return g_hash_table_contains (p->persist, GUINT_TO_POINTER (G_MAXUINT32));
}

static gboolean
lookup (const Ppt *p, guint32 id, guint16 type, Rec *r)
{
  gpointer off;
  if (!g_hash_table_lookup_extended (p->persist, GUINT_TO_POINTER (id), NULL, &off))
    return FALSE;
  return rec_at (p, GPOINTER_TO_SIZE (off), p->len, r) && r->type == type;
}

/* One SlideListWithText: its entries in order, each a SlidePersistAtom
 * followed by its placeholder text; then each entry's own container. */
static gboolean
read_list (const Ppt *p, PmarkDocument *doc, const PmarkBudget *budget,
           const Rec *list, const char *what, guint16 type, GError **error)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new ();
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  GString *cur = NULL;
  Rec r;
  for (gsize at = list->data; rec_at (p, at, list->end, &r); at = r.end) {
    if (r.type == T_SLIDE_PERSIST) {
      guint32 id = ole_u32 (p->s, p->len, r.data);
      g_array_append_val (ids, id);
      cur = g_string_new (NULL);
      g_ptr_array_add (texts, cur);
    } else if (cur && (r.type == T_TEXT_CHARS || r.type == T_TEXT_BYTES)) {
      append_text (p, &r, cur);
    }
  }
  gboolean ok = TRUE;
  for (guint i = 0; i < texts->len; i++) {
    GString *t = g_ptr_array_index (texts, i);
    Rec c;
    if (lookup (p, g_array_index (ids, guint32, i), type, &c))
      walk_text (p, c.data, c.end, t, 0, 0);
    g_autofree char *where = g_strdup_printf ("%s %u", what, i + 1);
    if (ok)
      ok = pmark_document_add_string (doc, budget, where, t, TRUE, error);
    else
      g_string_free (t, TRUE);
  }
  return ok;
}

static gboolean
read_document (Ppt *p, PmarkDocument *doc, const PmarkBudget *budget,
               GError **error)
{
  Rec d;
  gpointer id = g_hash_table_lookup (p->persist, GUINT_TO_POINTER (G_MAXUINT32));
  if (!lookup (p, (guint32) GPOINTER_TO_SIZE (id), T_DOCUMENT, &d))
    return FALSE;
  GString *hf = g_string_new (NULL);
  gboolean ok = TRUE, slides = FALSE;
  Rec r;
  for (gsize at = d.data; ok && rec_at (p, at, d.end, &r); at = r.end) {
    if (r.type == T_SLIDE_LIST && r.inst == 0) {
      slides = TRUE;
      ok = read_list (p, doc, budget, &r, "slide", T_SLIDE, error);
    } else if (r.type == T_SLIDE_LIST && r.inst == 2) {
      ok = read_list (p, doc, budget, &r, "notes", T_NOTES, error);
    } else if (r.type == T_SLIDE_LIST && r.inst == 1) {
      /* a master's text (a footer text box) is on every slide */
      ok = read_list (p, doc, budget, &r, "master", 0x03F8, error);
    } else if (r.type == T_HEADERS_FOOTERS) {
      walk_text (p, r.data, r.end, hf, 0, T_HEADERS_FOOTERS);
    }
  }
  ok = ok && pmark_document_add_string (doc, budget, "headers and footers", hf, TRUE, error);
  return ok && slides;
}

/* ExOleObjStg: an embedded object, zlib-compressed when its instance is 1
 * (after the decompressed size). */
static gboolean
add_objects (const Ppt *p, PmarkDocument *doc, const PmarkBudget *budget,
             GError **error)
{
  guint n = 0;
  Rec r;
  for (gsize at = 0; rec_at (p, at, p->len, &r); at = r.end) {
    if (r.type != T_EX_OLE_STG)
      continue;
    g_autofree char *where = g_strdup_printf ("embedded object %u", ++n);
    g_autoptr (GBytes) data = NULL;
    if (r.inst == 1 && r.end - r.data > 4) {
      guint32 size = ole_u32 (p->s, p->len, r.data);
      if (size > budget->max_input_bytes) {
        g_ptr_array_add (doc->unread, g_strdup_printf ("%s: larger than the "
                                                       "max-input-bytes budget", where));
        continue;
      }
      g_autoptr (GConverter) z = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
      guint8 *buf = g_malloc (size ? size : 1);
      gsize read = 0, written = 0;
      GConverterResult cr = g_converter_convert (z, p->s + r.data + 4, r.end - r.data - 4,
                                                 buf, size, G_CONVERTER_INPUT_AT_END,
                                                 &read, &written, NULL);
      if (cr == G_CONVERTER_ERROR || !written) {
        g_free (buf);
        g_ptr_array_add (doc->unread, g_strdup_printf ("%s: its compressed data "
                                                       "is damaged", where));
        continue;
      }
      data = g_bytes_new_take (buf, written);
    } else {
      data = g_bytes_new (p->s + r.data, r.end - r.data);
    }
    if (!pmark_document_add_nested (doc, budget, data, NULL, where, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
ppt_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  g_autoptr (GsfInfile) root = ole_open (input, error);
  if (!root)
    return FALSE;
  static const char *const main_stream[] = { "PowerPoint Document", NULL };
  g_autoptr (GBytes) stream = ole_main_stream (root, main_stream, "PowerPoint file",
                                               budget, error);
  if (!stream)
    return FALSE;
  GError *ignored = NULL;
  g_autoptr (GBytes) cu = ole_read (root, "Current User", budget, &ignored);
  g_clear_error (&ignored);
  Ppt p = { 0 };
  p.s = g_bytes_get_data (stream, &p.len);
  p.persist = g_hash_table_new (NULL, NULL);
  gboolean have = read_persist (&p, cu);
  if (p.encrypted || ole_kind (root) == OLE_KIND_ENCRYPTED) {
    g_hash_table_destroy (p.persist);
    pmark_document_set_encrypted (doc, "password-protected PowerPoint "
                                           "presentation");
    return TRUE;
  }
  guint before = doc->parts->len;
  gboolean ok = TRUE;
  if (have) {
    ok = read_document (&p, doc, budget, error);
    if (!ok && error && *error) {
      g_hash_table_destroy (p.persist);
      return FALSE;
    }
  }
  if (!have || !ok) {
    /* no usable directory: every text record, in stream order */
    while (doc->parts->len > before)
      g_ptr_array_remove_index (doc->parts, doc->parts->len - 1);
    GString *all = g_string_new (NULL);
    walk_text (&p, 0, p.len, all, 0, 0);
    ok = pmark_document_add_string (doc, budget, "slides", all, TRUE, error);
  }
  ok = ok && add_objects (&p, doc, budget, error);
  g_hash_table_destroy (p.persist);
  return ok && ole_read_properties (doc, root, budget, error);
}

const PmarkFormat pmark_format_ppt = {
  .name = "ppt",
  .description = "PowerPoint 97-2003 presentation (ppt, pps, pot)",
  .sniff = ppt_sniff,
  .extract = ppt_extract,
};
