/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signed markings in documents: where each format carries pmark's
 * signature and marking property, the canonical content a signature
 * covers, and the check `pmark verify`, classify and audit report. The
 * definitions are pmark-verify(1)'s CANONICAL CONTENT; change both
 * together (and the statement's version with them). */
#include "config.h"

#include <string.h>

#include <pmark/error.h>
#include <pmark/seal.h>
#include <pmark/sign.h>

#include "core/json.h"
#include "formats/zipxml.h"
#include "stamp.h"

#define CONTENT_HEAD "pmark content 1\n"

typedef enum { KIND_NONE, KIND_PDF, KIND_OOXML, KIND_ODF_ZIP, KIND_ODF_FLAT, KIND_TEXT,
               KIND_SEALED } Kind;

static Kind
kind_of (const PmarkDocument *doc, GBytes *bytes)
{
  const char *f = doc->type.format;
  if (!f)
    return KIND_NONE;
  if (!strcmp (f, "pdf"))
    return KIND_PDF;
  if (!strcmp (f, "docx") || !strcmp (f, "xlsx") || !strcmp (f, "pptx"))
    return KIND_OOXML;
  if (!strcmp (f, "odf")) {
    gsize len;
    const char *d = g_bytes_get_data (bytes, &len);
    return len >= 4 && !memcmp (d, "PK\3\4", 4) ? KIND_ODF_ZIP : KIND_ODF_FLAT;
  }
  if (!strcmp (f, "text"))
    return KIND_TEXT;
  if (!strcmp (f, "sealed"))
    return KIND_SEALED;
  return KIND_NONE;
}

gboolean
pmark_signature_format_supported (const char *format)
{
  static const char *const signable[] = { "pdf", "docx", "xlsx", "pptx", "odf", NULL };
  return format && g_strv_contains (signable, format);
}

/* A line as compared: NFC, runs of white space (and NULs) one space,
 * trimmed. */
static char *
normalise (const char *s, gssize len)
{
  if (len < 0)
    len = (gssize) strlen (s);
  GString *t = g_string_sized_new ((gsize) len);
  gboolean space = FALSE;
  for (const char *p = s, *end = s + len; p < end; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char_validated (p, end - p);
    if (c == (gunichar) -1 || c == (gunichar) -2)
      break;
    if (!c || g_unichar_isspace (c) || c == 0xa0) {
      space = t->len > 0;
      continue;
    }
    if (space)
      g_string_append_c (t, ' ');
    space = FALSE;
    g_string_append_unichar (t, c);
  }
  char *n = g_utf8_normalize (t->str, (gssize) t->len, G_NORMALIZE_NFC);
  g_string_free (t, TRUE);
  return n ? n : g_strdup ("");
}

static gboolean
same_line (const char *a, gssize alen, const char *b)
{
  g_autofree char *na = normalise (a, alen), *nb = normalise (b, -1);
  g_autofree char *fa = g_utf8_casefold (na, -1), *fb = g_utf8_casefold (nb, -1);
  return !strcmp (fa, fb);
}

/* The text pmark reads, line by line, without empty lines and pmark's
 * visible marking lines; OCR'd text is left out (its images are counted
 * as media). */
static void
sum_text (const PmarkDocument *doc, const char *const *marking_lines, GChecksum *sum)
{
  g_checksum_update (sum, (const guchar *) "text\n", 5);
  for (guint i = 0; i < doc->parts->len; i++) {
    const PmarkTextPart *part = g_ptr_array_index (doc->parts, i);
    if (part->confidence)
      continue;
    const char *p = part->text, *end = part->text + part->len;
    while (p < end) {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *le = nl ? nl : end;
      g_autofree char *line = normalise (p, le - p);
      gboolean skip = !*line;
      for (const char *const *m = marking_lines; !skip && m && *m; m++)
        skip = same_line (line, -1, *m);
      if (!skip) {
        g_checksum_update (sum, (const guchar *) line, strlen (line));
        g_checksum_update (sum, (const guchar *) "\n", 1);
      }
      p = nl ? nl + 1 : end;
    }
  }
}

/* Pictures and embedded objects in a package, as the sorted set of their
 * SHA-256s: names are left out (a re-save renames them), thumbnails too
 * (a re-save redraws them). */
static gboolean
is_media (const char *name)
{
  return !g_str_has_suffix (name, "/")
    && (strstr (name, "/media/") || strstr (name, "/embeddings/")
        || g_str_has_prefix (name, "Pictures/") || g_str_has_prefix (name, "media/"));
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static gboolean
sum_media (PmarkDocument *doc, GBytes *bytes, const PmarkBudget *budget, GChecksum *sum,
           GError **error)
{
  g_autoptr (ZipDoc) zd = zipdoc_open (bytes, doc, budget, error);
  if (!zd)
    return FALSE;
  g_autoptr (GPtrArray) names = zipdoc_list (zd, "", "");
  g_autoptr (GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    if (!is_media (name))
      continue;
    g_autoptr (GBytes) b = zipdoc_read (zd, name, error);
    if (!b)
      return FALSE;
    g_ptr_array_add (hashes, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, b));
  }
  g_ptr_array_sort (hashes, cmp_str);
  g_checksum_update (sum, (const guchar *) "media\n", 6);
  for (guint i = 0; i < hashes->len; i++) {
    const char *h = g_ptr_array_index (hashes, i);
    if (i && !strcmp (h, g_ptr_array_index (hashes, i - 1)))
      continue;
    g_checksum_update (sum, (const guchar *) h, strlen (h));
    g_checksum_update (sum, (const guchar *) "\n", 1);
  }
  return TRUE;
}

/* The canonical form begins with its version; the digest is written
 * "sha256:HEX". */
static GChecksum *
digest_new (void)
{
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) CONTENT_HEAD, strlen (CONTENT_HEAD));
  return sum;
}

static char *
digest_finish (GChecksum *sum)
{
  return g_strconcat ("sha256:", g_checksum_get_string (sum), NULL);
}

char *
pmark_signature_content_digest (PmarkDocument *doc, GBytes *bytes,
                                const char *const *marking_lines,
                                const char *password, GError **error)
{
  Kind kind = kind_of (doc, bytes);
  if (kind == KIND_NONE || kind == KIND_SEALED) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: pmark cannot sign %s files", doc->name,
                 doc->type.format ? doc->type.format : doc->type.mime);
    return NULL;
  }
  PmarkBudget budget;
  pmark_budget_init (&budget);
  g_autoptr (GChecksum) sum = digest_new ();
  switch (kind) {
  case KIND_PDF:
    if (!stamp_pdf_signature_data (bytes, doc->name, password, sum, NULL, NULL, error))
      return NULL;
    break;
  case KIND_OOXML:
  case KIND_ODF_ZIP:
    sum_text (doc, marking_lines, sum);
    if (!sum_media (doc, bytes, &budget, sum, error))
      return NULL;
    break;
  case KIND_ODF_FLAT:
  case KIND_TEXT:
    sum_text (doc, marking_lines, sum);
    break;
  case KIND_NONE:
  case KIND_SEALED:
    break;
  }
  return digest_finish (sum);
}

/* ---- where the signature is ------------------------------------------- */

/* The values of properties named pmark-signature and pmark-marking among
 * `element`s (OOXML custom properties, ODF user-defined fields). */
static gboolean
read_properties (GBytes *xml, const char *part, PmarkDocument *doc, const PmarkBudget *budget,
                 const char *element, char **signature, char **marking, GError **error)
{
  g_autoptr (XmlReader) x = xml_reader_new (xml, part, doc, budget);
  g_autofree char *name = NULL;
  int rc;
  while ((rc = xml_next (x, error)) == 1) {
    if (xml_is_start (x, element)) {
      g_free (name);
      name = xml_attr (x, "name");
    } else if (xml_is_end (x, element)) {
      g_clear_pointer (&name, g_free);
    } else if (name && xml_type (x) == XML_READER_TYPE_TEXT) {
      char **dest = !g_ascii_strcasecmp (name, PMARK_SIGNATURE_PROPERTY) ? signature
                  : !g_ascii_strcasecmp (name, PMARK_STAMP_PROPERTY) ? marking : NULL;
      if (dest) {
        char *joined = g_strconcat (*dest ? *dest : "", xml_value (x), NULL);
        g_free (*dest);
        *dest = joined;
      }
    }
  }
  return rc == 0;
}

/* The token and pmark's marking property; for a PDF also its content
 * digest (`digest`), in the same parse: a PDF's digest does not depend on
 * the statement. */
static gboolean
read_signature (PmarkDocument *doc, GBytes *bytes, Kind kind, const char *password,
                char **signature, char **marking, char **digest, GError **error)
{
  PmarkBudget budget;
  pmark_budget_init (&budget);
  *signature = *marking = *digest = NULL;
  if (kind == KIND_SEALED)
    return pmark_age_peek_signed (bytes, marking, signature, error);
  if (kind == KIND_PDF) {
    g_autoptr (GChecksum) sum = digest_new ();
    if (!stamp_pdf_signature_data (bytes, doc->name, password, sum, signature, marking,
                                   error))
      return FALSE;
    if (*signature)
      *digest = digest_finish (sum);
    return TRUE;
  }
  if (kind == KIND_ODF_FLAT)
    return read_properties (bytes, doc->name, doc, &budget, "user-defined", signature,
                            marking, error);
  if (kind != KIND_OOXML && kind != KIND_ODF_ZIP)
    return TRUE;
  const char *part = kind == KIND_OOXML ? "docProps/custom.xml" : "meta.xml";
  g_autoptr (ZipDoc) zd = zipdoc_open (bytes, doc, &budget, error);
  if (!zd)
    return FALSE;
  if (!zipdoc_has (zd, part))
    return TRUE;
  g_autoptr (GBytes) xml = zipdoc_read (zd, part, error);
  return xml && read_properties (xml, part, doc, &budget,
                                 kind == KIND_OOXML ? "property" : "user-defined",
                                 signature, marking, error);
}

/* ---- the check --------------------------------------------------------- */

/* A visible line reads `line` (top or bottom of a page, a header...). */
static gboolean
shows (const PmarkDocument *doc, const char *line)
{
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *c = g_ptr_array_index (doc->markings, i);
    if (c->source == PMARK_MARKING_SOURCE_TEXT && same_line (c->value, -1, line))
      return TRUE;
  }
  return FALSE;
}

PmarkSignatureCheck *
pmark_signature_check (PmarkDocument *doc, GBytes *bytes, GHashTable *trusted,
                       const char *password, GError **error)
{
  g_autoptr (PmarkSignatureCheck) c = g_new0 (PmarkSignatureCheck, 1);
  c->trust_checked = trusted != NULL;
  Kind kind = kind_of (doc, bytes);
  if (kind != KIND_NONE && kind != KIND_SEALED && !doc->inspected) {
    /* a signature may be there: never "unsigned" for what was not read */
    g_set_error (error, PMARK_ERROR,
                 doc->encrypted ? PMARK_ERROR_ENCRYPTED : PMARK_ERROR_NOT_INSPECTED,
                 "%s: its signature cannot be checked: %s%s", doc->name,
                 doc->not_inspected_reason ? doc->not_inspected_reason : "unreadable",
                 doc->encrypted && kind == KIND_PDF ? " (give --password)" : "");
    return NULL;
  }
  g_autofree char *token = NULL;
  if (kind != KIND_NONE && (doc->inspected || kind == KIND_SEALED)
      && !read_signature (doc, bytes, kind, password, &token, &c->marking_now,
                          &c->content_now, error))
    return NULL;
  /* the reader's copy where the metadata pmark reads marking from lacks it
   * (a PDF's Info dropped, its XMP kept) */
  if (!token && doc->signature && kind != KIND_SEALED)
    token = g_strdup (doc->signature);
  if (!token) {
    c->state = PMARK_SIGNATURE_UNSIGNED;
    c->reason = g_strdup (kind == KIND_NONE ? "pmark does not sign files of this type"
                          : "it carries no pmark signature");
    return g_steal_pointer (&c);
  }
  GError *bad = NULL;
  c->statement = pmark_signature_open (token, &bad);
  if (!c->statement) {
    c->state = PMARK_SIGNATURE_INVALID;
    c->reason = g_strdup (bad->message);
    g_error_free (bad);
    return g_steal_pointer (&c);
  }
  const PmarkSignedMarking *m = c->statement;
  if (kind == KIND_SEALED) {
    /* the stanza is not bound to the payload: anyone who can seal to the
     * recipient can copy it; only the document inside proves the content */
    c->marking_changed = !c->marking_now || !same_line (c->marking_now, -1, m->marking);
    c->state = c->marking_changed ? PMARK_SIGNATURE_MARKING_CHANGED : PMARK_SIGNATURE_SEALED;
    c->reason = c->marking_changed
      ? g_strdup_printf ("the sealed file's marking reads \"%s\"; %s (%s) signed %s on %s",
                         c->marking_now ? c->marking_now : "", m->signer, m->key,
                         m->marking, m->time)
      : g_strdup_printf ("sealed as %s, signed by %s (%s) on %s; the content is sealed: "
                         "decrypt it and verify the document inside", m->marking, m->signer,
                         m->key, m->time);
    return g_steal_pointer (&c);
  }
  const char *lines[] = { m->marking, m->handling, NULL };
  if (!c->content_now
      && !(c->content_now = pmark_signature_content_digest (doc, bytes, lines, password,
                                                            error)))
    return NULL;
  gboolean same_format = !g_strcmp0 (m->format, doc->type.format);
  c->content_changed = !same_format || strcmp (c->content_now, m->content) != 0;
  gboolean meta_ok = c->marking_now && same_line (c->marking_now, -1, m->marking);
  gboolean shown = shows (doc, m->marking) && (!m->handling || shows (doc, m->handling));
  c->marking_changed = !meta_ok || !shown;
  const char *name = trusted ? g_hash_table_lookup (trusted, m->key) : NULL;
  c->signer_name = g_strdup (name && *name ? name : NULL);
  g_autofree char *who = g_strdup_printf ("%s%s%s (%s)", m->signer,
                                          c->signer_name ? ", trusted as " : "",
                                          c->signer_name ? c->signer_name : "", m->key);
  if (c->marking_changed) {
    c->state = PMARK_SIGNATURE_MARKING_CHANGED;
    c->reason = !meta_ok
      ? g_strdup_printf ("the marking in its metadata reads %s%s%s; %s signed %s on %s",
                         c->marking_now ? "\"" : "", c->marking_now ? c->marking_now : "nothing",
                         c->marking_now ? "\"" : "", who, m->marking, m->time)
      : g_strdup_printf ("no page, header or footer shows the signed marking \"%s\"%s "
                         "any more; %s signed it on %s", m->marking,
                         m->handling ? " with its handling line" : "", who, m->time);
  } else if (c->content_changed) {
    c->state = PMARK_SIGNATURE_CONTENT_CHANGED;
    c->reason = !same_format
      ? g_strdup_printf ("it was signed as a %s file and is now %s; %s signed it on %s",
                         m->format, doc->type.format, who, m->time)
      : g_strdup_printf ("its content differs from what %s signed as %s on %s", who,
                         m->marking, m->time);
  } else if (trusted && !name) {
    c->state = PMARK_SIGNATURE_NOT_TRUSTED;
    c->reason = g_strdup_printf ("marking and content are as signed, but by %s (%s), "
                                 "a key not among the trusted ones", m->signer, m->key);
  } else {
    c->state = PMARK_SIGNATURE_INTACT;
    c->reason = g_strdup_printf ("marked %s and signed by %s on %s; content unchanged%s",
                                 m->marking, who, m->time,
                                 trusted ? "" : " (the key was not checked against a "
                                               "trusted list)");
  }
  return g_steal_pointer (&c);
}

static gboolean
collect (const guint8 *data, gsize len, gpointer user_data, GError **error)
{
  GByteArray *out = user_data;
  if (out->len + len > G_MAXUINT32 / 2) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET, "the sealed document is too large");
    return FALSE;
  }
  g_byte_array_append (out, data, (guint) len);
  return TRUE;
}

PmarkSignatureCheck *
pmark_signature_check_sealed (GBytes *sealed, const char *name, GPtrArray *identities,
                              GHashTable *trusted, const PmarkReadOptions *read,
                              GError **error)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (sealed);
  g_autoptr (GByteArray) plain = g_byte_array_new ();
  g_autofree char *outside = NULL;
  if (!pmark_age_decrypt (in, identities, collect, plain, &outside, error)) {
    g_prefix_error (error, "%s: ", name);
    return NULL;
  }
  g_autoptr (GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&plain));
  g_autofree char *inner = g_strdup_printf ("%s (inside)", name);
  g_autoptr (PmarkDocument) doc = pmark_document_load_bytes (bytes, inner, read, error);
  if (!doc)
    return NULL;
  PmarkSignatureCheck *c = pmark_signature_check (doc, bytes, trusted, read->password, error);
  if (!c || !c->statement)
    return c;
  if (outside && !same_line (outside, -1, c->statement->marking)
      && c->state != PMARK_SIGNATURE_MARKING_CHANGED) {
    c->state = PMARK_SIGNATURE_MARKING_CHANGED;
    c->marking_changed = TRUE;
    g_free (c->reason);
    c->reason = g_strdup_printf ("the sealed file's outside marking reads \"%s\"; the "
                                 "document inside was signed as %s by %s on %s", outside,
                                 c->statement->marking, c->statement->signer,
                                 c->statement->time);
  } else {
    char *r = g_strdup_printf ("sealed, opened: %s", c->reason);
    g_free (c->reason);
    c->reason = r;
  }
  return c;
}
