/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signed markings, the reading half: where each format carries pmark's
 * signature and marking property, and the canonical content a signature
 * covers. The definitions are pmark-verify(1)'s CANONICAL CONTENT; change
 * both together (and the statement's version with them).
 *
 * What needs the file parsed again (qpdf for a PDF, the package's zip
 * directory and metadata part) is gathered as the document's evidence by
 * signature_gather_here(), which a worker process runs when the sandbox
 * is on; the text part of the content comes from the text the reader
 * already returned, and the comparison is stamp/signature.c's. */
#include "config.h"

#include <string.h>

#include <pmark/error.h>
#include <pmark/sandbox.h>
#include <pmark/seal.h>
#include <pmark/sign.h>

#include "core/module.h"
#include "signature.h"
#include "worker.h"
#include "zipxml.h"

#define CONTENT_HEAD "pmark content 1\n"

SignatureKind
signature_kind (const PmarkDocument *doc, GBytes *bytes)
{
  const char *f = doc->type.format;
  if (!f)
    return SIGNATURE_KIND_NONE;
  if (!strcmp (f, "pdf"))
    return SIGNATURE_KIND_PDF;
  if (!strcmp (f, "docx") || !strcmp (f, "xlsx") || !strcmp (f, "pptx"))
    return SIGNATURE_KIND_OOXML;
  if (!strcmp (f, "odf")) {
    gsize len;
    const char *d = g_bytes_get_data (bytes, &len);
    return len >= 4 && !memcmp (d, "PK\3\4", 4) ? SIGNATURE_KIND_ODF_ZIP
                                               : SIGNATURE_KIND_ODF_FLAT;
  }
  if (!strcmp (f, "text"))
    return SIGNATURE_KIND_TEXT;
  if (!strcmp (f, "sealed"))
    return SIGNATURE_KIND_SEALED;
  return SIGNATURE_KIND_NONE;
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

gboolean
signature_same_line (const char *a, gssize alen, const char *b)
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
    /* the package's other parts, read by the inventory (zipdoc_read_rest:
     * charts, bound data, the custom properties a signature lives in) are
     * not in version 1 of the canonical content */
    if (part->where && g_str_has_prefix (part->where, "part "))
      continue;
    const char *p = part->text, *end = part->text + part->len;
    while (p < end) {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *le = nl ? nl : end;
      g_autofree char *line = normalise (p, le - p);
      gboolean skip = !*line;
      for (const char *const *m = marking_lines; !skip && m && *m; m++)
        skip = signature_same_line (line, -1, *m);
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

/* The media section of the canonical content, as it is hashed. */
static char *
media_section (ZipDoc *zd, GError **error)
{
  g_autoptr (GPtrArray) names = zipdoc_list (zd, "", "");
  g_autoptr (GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    if (!is_media (name))
      continue;
    g_autoptr (GBytes) b = zipdoc_read (zd, name, error);
    if (!b)
      return NULL;
    g_ptr_array_add (hashes, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, b));
  }
  g_ptr_array_sort (hashes, cmp_str);
  GString *s = g_string_new ("media\n");
  for (guint i = 0; i < hashes->len; i++) {
    const char *h = g_ptr_array_index (hashes, i);
    if (i && !strcmp (h, g_ptr_array_index (hashes, i - 1)))
      continue;
    g_string_append (s, h);
    g_string_append_c (s, '\n');
  }
  return g_string_free (s, FALSE);
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

static gboolean
gather (PmarkDocument *doc, GBytes *bytes, const char *password, gboolean content,
        PmarkSignatureEvidence *e, GError **error)
{
  PmarkBudget budget;
  pmark_budget_init (&budget);
  switch (signature_kind (doc, bytes)) {
  case SIGNATURE_KIND_NONE:
  case SIGNATURE_KIND_TEXT:
    e->has_content = TRUE;
    return TRUE;
  case SIGNATURE_KIND_SEALED:
    return pmark_age_peek_signed (bytes, &e->marking, &e->token, error);
  case SIGNATURE_KIND_ODF_FLAT:
    e->has_content = TRUE;
    return read_properties (bytes, doc->name, doc, &budget, "user-defined", &e->token,
                            &e->marking, error);
  case SIGNATURE_KIND_PDF: {
    const PmarkPdfSignature *pdf = PMARK_MODULE_GET ("pdf-signature", pmark_pdf_signature,
                                                     error);
    g_autoptr (GChecksum) sum = digest_new ();
    if (!pdf || !pdf->data (bytes, doc->name, password, content, sum, &e->token, &e->marking,
                            error))
      return FALSE;
    if ((e->has_content = content || e->token))
      e->content = digest_finish (sum);
    return TRUE;
  }
  case SIGNATURE_KIND_OOXML:
  case SIGNATURE_KIND_ODF_ZIP: {
    gboolean ooxml = signature_kind (doc, bytes) == SIGNATURE_KIND_OOXML;
    const char *part = ooxml ? "docProps/custom.xml" : "meta.xml";
    g_autoptr (ZipDoc) zd = zipdoc_open (bytes, doc, &budget, error);
    if (!zd)
      return FALSE;
    if (zipdoc_has (zd, part)) {
      g_autoptr (GBytes) xml = zipdoc_read (zd, part, error);
      if (!xml || !read_properties (xml, part, doc, &budget,
                                    ooxml ? "property" : "user-defined", &e->token,
                                    &e->marking, error))
        return FALSE;
    }
    if (content || e->token) {
      if (!(e->media = media_section (zd, error)))
        return FALSE;
      e->has_content = TRUE;
    }
    return TRUE;
  }
  }
  return TRUE;
}

void
signature_gather_here (PmarkDocument *doc, GBytes *bytes, const char *password,
                       gboolean content)
{
  PmarkSignatureEvidence *e = g_new0 (PmarkSignatureEvidence, 1);
  GError *error = NULL;
#ifdef PMARK_FAULT_INJECTION
  worker_inject_step_faults (bytes, "SIGNATURE");
#endif
  if (!gather (doc, bytes, password, content, e, &error)) {
    e->code = error->domain == PMARK_ERROR ? (guint32) error->code : PMARK_ERROR_INTERNAL;
    e->error = g_strdup (error->message);
    g_error_free (error);
  }
  pmark_signature_evidence_free (doc->evidence);
  doc->evidence = e;
}

gboolean
signature_gather (PmarkDocument *doc, GBytes *bytes, const PmarkReadOptions *read,
                  gboolean content, GError **error)
{
  if (pmark_sandbox_enabled ())
    return worker_gather_signature (doc, bytes, read, content, error);
  signature_gather_here (doc, bytes, read->password, content);
  return TRUE;
}

char *
signature_digest (const PmarkDocument *doc, const char *const *marking_lines, GError **error)
{
  const PmarkSignatureEvidence *e = doc->evidence;
  if (e && e->code) {
    g_set_error_literal (error, PMARK_ERROR, (int) e->code, e->error);
    return NULL;
  }
  if (!e || !e->has_content) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INTERNAL,
                 "%s: its content was not read for the digest", doc->name);
    return NULL;
  }
  if (e->content)
    return g_strdup (e->content);
  g_autoptr (GChecksum) sum = digest_new ();
  sum_text (doc, marking_lines, sum);
  if (e->media)
    g_checksum_update (sum, (const guchar *) e->media, strlen (e->media));
  return digest_finish (sum);
}
