/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Editing a few elements of a part that may be huge (a Word body, a
 * worksheet of bulk data) without building its tree: the part is scanned
 * at the level of its markup, each element the caller takes is parsed on
 * its own (with the namespaces in scope where it stands), edited as a tree
 * and put back; every other byte is copied as it was. A 100 MB
 * document.xml is marked in the memory of two copies of its bytes, not of
 * a tree twenty times their size. */
#include "config.h"

#include <string.h>

#include <libxml/parser.h>

#include "stamp.h"

typedef struct {
  gsize start, end;     /* the bytes it replaces (start == end: an insertion) */
  char *decls;          /* the namespace declarations in scope there */
  xmlDoc *doc;          /* <pmark-splice decls>element</pmark-splice> */
} Taken;

typedef struct {
  guint depth;
  char *prefix;         /* "" for the default namespace */
  char *uri;
} Decl;

struct _XmlSplice {
  GBytes *bytes;        /* UTF-8 */
  const char *name;
  GArray *taken;        /* Taken, in document order */
  gboolean has_anchor;
  gsize anchor;         /* where xml_splice_insert puts an element */
  char *anchor_decls;
};

static void
taken_clear (gpointer p)
{
  Taken *t = p;
  g_free (t->decls);
  if (t->doc)
    xmlFreeDoc (t->doc);
}

static void
decl_clear (gpointer p)
{
  Decl *d = p;
  g_free (d->prefix);
  g_free (d->uri);
}

void
xml_splice_free (XmlSplice *s)
{
  if (!s)
    return;
  g_bytes_unref (s->bytes);
  g_array_unref (s->taken);
  g_free (s->anchor_decls);
  g_free (s);
}

static gboolean
malformed (GError **error, const char *name, const char *why)
{
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED, "%s: not well-formed XML: %s",
               name, why);
  return FALSE;
}

static const char *
find (const char *from, const char *end, const char *what)
{
  gsize wl = strlen (what);
  for (const char *p = from; p && p + wl <= end; p++) {
    p = memchr (p, what[0], (gsize) (end - p));
    if (!p || p + wl > end)
      return NULL;
    if (!memcmp (p, what, wl))
      return p;
  }
  return NULL;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *
lookup (GArray *decls, const char *prefix)
{
  for (guint i = decls->len; i-- > 0;) {
    Decl *d = &g_array_index (decls, Decl, i);
    if (!strcmp (d->prefix, prefix))
      return d->uri;
  }
  return NULL;
}

/* the first `n` declarations (those in scope there), innermost first,
 * each prefix once */
static char *
in_scope (GArray *decls, guint n)
{
  GString *s = g_string_new (NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = n; i-- > 0;) {
    Decl *d = &g_array_index (decls, Decl, i);
    if (!g_hash_table_add (seen, d->prefix))
      continue;
    g_string_append_printf (s, " xmlns%s%s=\"%s\"", *d->prefix ? ":" : "", d->prefix,
                            d->uri);
  }
  return g_string_free (s, FALSE);
}

/* One start tag from `p` ('<'): its qualified name, its namespace
 * declarations pushed at `depth`, whether it closes itself; the byte
 * after it, or NULL. */
static const char *
start_tag (const char *p, const char *end, guint depth, GArray *decls, char **qname,
           gboolean *empty)
{
  const char *n = ++p;
  while (p < end && !is_space (*p) && *p != '>' && *p != '/')
    p++;
  if (p == n || p >= end)
    return NULL;
  *qname = g_strndup (n, (gsize) (p - n));
  for (;;) {
    while (p < end && is_space (*p))
      p++;
    if (p >= end)
      return NULL;
    if (*p == '>') {
      *empty = FALSE;
      return p + 1;
    }
    if (*p == '/') {
      if (p + 1 >= end || p[1] != '>')
        return NULL;
      *empty = TRUE;
      return p + 2;
    }
    const char *an = p;
    while (p < end && *p != '=' && !is_space (*p))
      p++;
    gsize alen = (gsize) (p - an);
    while (p < end && is_space (*p))
      p++;
    if (p >= end || *p != '=')
      return NULL;
    p++;
    while (p < end && is_space (*p))
      p++;
    if (p >= end || (*p != '"' && *p != '\''))
      return NULL;
    char q = *p++;
    const char *v = p;
    p = memchr (p, q, (gsize) (end - p));
    if (!p)
      return NULL;
    if (alen >= 5 && !memcmp (an, "xmlns", 5) && (alen == 5 || an[5] == ':')) {
      Decl d = { depth, g_strndup (an + MIN (alen, 6), alen > 5 ? alen - 6 : 0),
                 g_strndup (v, (gsize) (p - v)) };
      g_array_append_val (decls, d);
    }
    p++;
  }
}

static void
pop_decls (GArray *decls, guint depth)
{
  while (decls->len && g_array_index (decls, Decl, decls->len - 1).depth >= depth)
    g_array_set_size (decls, decls->len - 1);
}

static gboolean
parse_taken (XmlSplice *s, Taken *t, const char *xml, gsize len, GError **error)
{
  GString *w = g_string_sized_new (len + strlen (t->decls) + 40);
  g_string_append_printf (w, "<pmark-splice%s>", t->decls);
  g_string_append_len (w, xml, (gssize) len);
  g_string_append (w, "</pmark-splice>");
  g_autoptr (GBytes) b = g_string_free_to_bytes (w);
  t->doc = xml_parse_dom (b, s->name, error);
  if (!t->doc)
    return FALSE;
  xmlNode *root = xmlDocGetRootElement (t->doc);
  for (xmlNode *c = root->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return TRUE;
  return malformed (error, s->name, "an element taken for editing is empty");
}

static gboolean
scan (XmlSplice *s, XmlSpliceFilter filter, gpointer data, GError **error)
{
  gsize len;
  const char *base = g_bytes_get_data (s->bytes, &len);
  if (!base || !len)
    return malformed (error, s->name, "no root element");
  const char *p = base, *end = base + len;
  g_autoptr (GArray) decls = g_array_new (FALSE, TRUE, sizeof (Decl));
  g_array_set_clear_func (decls, decl_clear);
  guint depth = 0, taking = 0, end_of = 0; /* depth + 1 of the element, or 0 */
  gsize take_start = 0;
  g_autofree char *take_decls = NULL;
  gboolean seen_root = FALSE;
  while ((p = memchr (p, '<', (gsize) (end - p)))) {
    const char *close = NULL;
    if (end - p >= 2 && p[1] == '?')
      close = find (p, end, "?>"), close = close ? close + 2 : NULL;
    else if (end - p >= 4 && !memcmp (p, "<!--", 4))
      close = find (p + 4, end, "-->"), close = close ? close + 3 : NULL;
    else if (end - p >= 9 && !memcmp (p, "<![CDATA[", 9))
      close = find (p + 9, end, "]]>"), close = close ? close + 3 : NULL;
    else if (end - p >= 2 && p[1] == '!')
      return malformed (error, s->name, "a document type declaration");
    else if (end - p >= 2 && p[1] == '/') {
      close = memchr (p, '>', (gsize) (end - p));
      if (!close || depth == 0)
        return malformed (error, s->name, "an end tag out of place");
      close++;
      if (end_of == depth && !s->has_anchor) {
        s->has_anchor = TRUE;
        s->anchor = (gsize) (p - base);
        s->anchor_decls = in_scope (decls, decls->len);
      }
      if (taking == depth) {
        Taken t = { take_start, (gsize) (close - base), g_steal_pointer (&take_decls), NULL };
        g_array_append_val (s->taken, t);
        Taken *tp = &g_array_index (s->taken, Taken, s->taken->len - 1);
        if (!parse_taken (s, tp, base + t.start, t.end - t.start, error))
          return FALSE;
        taking = 0;
      }
      pop_decls (decls, depth);
      depth--;
    } else {
      if (seen_root && depth == 0)
        return malformed (error, s->name, "more than one root element");
      seen_root = TRUE;
      g_autofree char *qname = NULL;
      gboolean empty = FALSE;
      /* the declarations around the element: built only for those taken */
      guint outer = decls->len;
      close = start_tag (p, end, depth + 1, decls, &qname, &empty);
      if (!close)
        return malformed (error, s->name, "a start tag cut short");
      if (!taking) {
        const char *colon = strchr (qname, ':');
        g_autofree char *prefix = colon ? g_strndup (qname, (gsize) (colon - qname))
                                        : g_strdup ("");
        const char *uri = lookup (decls, prefix);
        XmlSpliceKind kind = filter (uri, colon ? colon + 1 : qname, depth, data);
        if (kind == XML_SPLICE_TAKE) {
          take_start = (gsize) (p - base);
          if (empty) {
            Taken t = { take_start, (gsize) (close - base), in_scope (decls, outer), NULL };
            g_array_append_val (s->taken, t);
            Taken *tp = &g_array_index (s->taken, Taken, s->taken->len - 1);
            if (!parse_taken (s, tp, base + t.start, t.end - t.start, error))
              return FALSE;
          } else {
            taking = depth + 1;
            take_decls = in_scope (decls, outer);
          }
        } else if (kind == XML_SPLICE_BEFORE && !s->has_anchor) {
          s->has_anchor = TRUE;
          s->anchor = (gsize) (p - base);
          s->anchor_decls = in_scope (decls, outer);
        } else if (kind == XML_SPLICE_END_OF && !empty) {
          end_of = depth + 1;
        }
      }
      if (empty)
        pop_decls (decls, depth + 1);
      else
        depth++;
    }
    if (!close)
      return malformed (error, s->name, "markup cut short");
    p = close;
  }
  if (depth || !seen_root)
    return malformed (error, s->name, depth ? "elements left open" : "no root element");
  return TRUE;
}

/* the part in UTF-8: one in another encoding (OPC allows UTF-16) is
 * re-encoded through libxml2 first */
static GBytes *
as_utf8 (GBytes *xml, const char *name, GError **error)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (xml, &len);
  gboolean utf16 = len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)
                                || (d[0] == '<' && d[1] == 0) || (d[0] == 0 && d[1] == '<'));
  const char *decl_end = len > 5 && !memcmp (d, "<?xml", 5)
                         ? find ((const char *) d, (const char *) d + MIN (len, 200), "?>") : NULL;
  g_autofree char *decl = decl_end ? g_ascii_strdown ((const char *) d,
                                                      decl_end - (const char *) d) : NULL;
  char *enc = decl ? strstr (decl, "encoding") : NULL;
  gboolean other = enc && !strstr (enc, "utf-8") && !strstr (enc, "utf8");
  if (!utf16 && !other)
    return g_bytes_ref (xml);
  g_autoptr (xmlDoc) doc = xml_parse_dom (xml, name, error);
  return doc ? stamp_xml_serialize (doc) : NULL;
}

XmlSplice *
xml_splice_new (GBytes *xml, const char *name, XmlSpliceFilter filter, gpointer data,
                GError **error)
{
  XmlSplice *s = g_new0 (XmlSplice, 1);
  s->name = name;
  s->taken = g_array_new (FALSE, TRUE, sizeof (Taken));
  g_array_set_clear_func (s->taken, taken_clear);
  s->bytes = as_utf8 (xml, name, error);
  if (!s->bytes || !scan (s, filter, data, error)) {
    xml_splice_free (s);
    return NULL;
  }
  return s;
}

guint
xml_splice_n_taken (XmlSplice *s)
{
  return s->taken->len;
}

xmlNode *
xml_splice_taken (XmlSplice *s, guint i)
{
  xmlNode *root = xmlDocGetRootElement (g_array_index (s->taken, Taken, i).doc);
  for (xmlNode *c = root->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return c;
  return NULL;
}

xmlNode *
xml_splice_insert (XmlSplice *s, const char *element, GError **error)
{
  if (!s->has_anchor) {
    malformed (error, s->name, "no place to add an element");
    return NULL;
  }
  Taken t = { s->anchor, s->anchor, g_strdup (s->anchor_decls), NULL };
  guint at = 0;
  while (at < s->taken->len && g_array_index (s->taken, Taken, at).start <= s->anchor)
    at++;
  g_array_insert_val (s->taken, at, t);
  Taken *tp = &g_array_index (s->taken, Taken, at);
  if (!parse_taken (s, tp, element, strlen (element), error))
    return NULL;
  return xml_splice_taken (s, at);
}

GPtrArray *
xml_splice_finish (XmlSplice *s)
{
  gsize len = g_bytes_get_size (s->bytes);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize at = 0;
  xmlBuffer *buf = xmlBufferCreate ();
  for (guint i = 0; i < s->taken->len; i++) {
    Taken *t = &g_array_index (s->taken, Taken, i);
    if (t->start > at)
      g_ptr_array_add (out, g_bytes_new_from_bytes (s->bytes, at, t->start - at));
    xmlBufferEmpty (buf);
    xmlNodeDump (buf, t->doc, xml_splice_taken (s, i), 0, 0);
    g_ptr_array_add (out, g_bytes_new (xmlBufferContent (buf), (gsize) xmlBufferLength (buf)));
    at = t->end;
  }
  if (len > at)
    g_ptr_array_add (out, g_bytes_new_from_bytes (s->bytes, at, len - at));
  xmlBufferFree (buf);
  return out;
}
