/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/document-private.h"
#include "core/textdecode.h"

static void
text_part_free (gpointer p)
{
  PmarkTextPart *part = p;
  g_free (part->where);
  g_bytes_unref (part->bytes);
  if (part->confidence)
    g_array_unref (part->confidence);
  g_free (part);
}

static void
marking_free (gpointer p)
{
  PmarkMarkingCandidate *m = p;
  g_free (m->value);
  g_free (m->where);
  g_free (m);
}

PmarkDocument *
pmark_document_new (const char *name)
{
  PmarkDocument *doc = g_new0 (PmarkDocument, 1);
  doc->name = g_strdup (name ? name : "<stdin>");
  doc->parts = g_ptr_array_new_with_free_func (text_part_free);
  doc->markings = g_ptr_array_new_with_free_func (marking_free);
  doc->unread = g_ptr_array_new_with_free_func (g_free);
  doc->inspected = TRUE;
  return doc;
}

void
pmark_document_free (PmarkDocument *doc)
{
  if (!doc)
    return;
  g_free (doc->name);
  pmark_file_type_clear (&doc->type);
  g_ptr_array_unref (doc->parts);
  g_ptr_array_unref (doc->markings);
  g_ptr_array_unref (doc->unread);
  g_free (doc->not_inspected_reason);
  g_free (doc->signature);
  pmark_signature_evidence_free (doc->evidence);
  g_free (doc);
}

void
pmark_signature_evidence_free (PmarkSignatureEvidence *e)
{
  if (!e)
    return;
  g_free (e->token);
  g_free (e->marking);
  g_free (e->content);
  g_free (e->media);
  g_free (e->error);
  g_free (e);
}

void
pmark_document_drop_text (PmarkDocument *doc)
{
  g_ptr_array_set_size (doc->parts, 0);
  g_ptr_array_set_size (doc->markings, 0);
}

/* The bytes of text read so far. While a document is read, parts are
 * only added, so what was counted is kept and the new parts added to it
 * (a zip of 50,000 small members must not be summed 50,000 times); if the
 * parts changed otherwise, they are counted again. */
static gsize
text_total (const PmarkDocument *doc)
{
  PmarkReadContext *rc = doc->read;
  guint from = 0;
  gsize n = 0;
  if (rc && rc->text_parts <= doc->parts->len
      && (rc->text_parts == 0
          || g_ptr_array_index (doc->parts, rc->text_parts - 1) == rc->text_last)) {
    from = rc->text_parts;
    n = rc->text_bytes;
  }
  for (guint i = from; i < doc->parts->len; i++)
    n += ((PmarkTextPart *) g_ptr_array_index (doc->parts, i))->len;
  if (rc) {
    rc->text_bytes = n;
    rc->text_parts = doc->parts->len;
    rc->text_last = doc->parts->len ? g_ptr_array_index (doc->parts, doc->parts->len - 1) : NULL;
  }
  return n;
}

gboolean
pmark_document_add_text (PmarkDocument *doc, const PmarkBudget *budget,
                         const char *where, char *text, gsize len,
                         gboolean lines, GError **error)
{
  return pmark_document_add_text_bytes (doc, budget, where,
                                        g_bytes_new_take (text, len), lines,
                                        error);
}

gboolean
pmark_document_add_text_bytes (PmarkDocument *doc, const PmarkBudget *budget,
                               const char *where, GBytes *text,
                               gboolean lines, GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (text, &len);
  /* Parts are UTF-8, whatever a reader or a library under it gave (an
   * HTML body in an unknown charset came through libxml2 as raw bytes,
   * and matching walks text by its lead bytes: fuzzing found it). */
  if (!pmark_utf8_valid (data, len)) {
    char *valid = g_utf8_make_valid (data, (gssize) len);
    g_bytes_unref (text);
    len = strlen (valid);
    text = g_bytes_new_take (valid, len);
  }
  if (text_total (doc) + len > budget->max_text_bytes) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "extracted text exceeds the max-text-bytes budget "
                 "(%" G_GUINT64_FORMAT " bytes)",
                 budget->max_text_bytes);
    g_bytes_unref (text);
    return FALSE;
  }
  PmarkTextPart *part = g_new0 (PmarkTextPart, 1);
  part->where = g_strdup (where);
  part->bytes = text;
  part->text = g_bytes_get_data (text, NULL);
  part->len = len;
  part->lines = lines;
  g_ptr_array_add (doc->parts, part);
  return TRUE;
}

void
pmark_document_add_marking (PmarkDocument *doc, PmarkMarkingSource source,
                            const char *value, const char *where)
{
  pmark_document_add_header_marking (doc, source, value, where, FALSE);
}

void
pmark_document_add_header_marking (PmarkDocument *doc,
                                   PmarkMarkingSource source,
                                   const char *value, const char *where,
                                   gboolean from_header)
{
  PmarkMarkingCandidate *m = g_new0 (PmarkMarkingCandidate, 1);
  m->source = source;
  m->value = g_utf8_make_valid (value, -1);
  m->where = where ? g_utf8_make_valid (where, -1) : NULL;
  m->from_header = from_header;
  g_ptr_array_add (doc->markings, m);
}

const char *
pmark_marking_source_name (PmarkMarkingSource source)
{
  switch (source) {
  case PMARK_MARKING_SOURCE_TEXT:
    return "text";
  case PMARK_MARKING_SOURCE_METADATA:
    return "metadata";
  case PMARK_MARKING_SOURCE_LABEL:
    return "label";
  case PMARK_MARKING_SOURCE_HEADER:
    return "header";
  case PMARK_MARKING_SOURCE_QUOTED:
    return "quoted";
  }
  return "unknown";
}

static gboolean
blank (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isspace (s[i]))
      return FALSE;
  return TRUE;
}

static void
add_line (PmarkDocument *doc, const char *where, const char *s, gsize n,
          guint lineno)
{
  if (n > PMARK_EDGE_LINE_MAX)
    return;
  g_autofree char *value = g_strndup (s, n);
  g_autofree char *loc = where ? g_strdup_printf ("%s, line %u", where, lineno)
                               : g_strdup_printf ("line %u", lineno);
  pmark_document_add_marking (doc, PMARK_MARKING_SOURCE_TEXT,
                              g_strstrip (value), loc);
}

/* Markings sit at the top and bottom of a page; looking a few non-empty
 * lines in allows for a title or a page number beside them. */
void
pmark_document_add_edge_lines (PmarkDocument *doc, const char *text, gsize len,
                               const char *where)
{
  struct {
    const char *s;
    gsize n;
    guint lineno;
  } tail[PMARK_EDGE_LINES];
  guint head = 0, ntail = 0, lineno = 0, total_nonblank = 0;
  const char *p = text, *end = text + len;

  while (p < end) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    const char *e = nl ? nl : end;
    lineno++;
    gsize n = (gsize) (e - p);
    if (n && p[n - 1] == '\r')
      n--;
    if (!blank (p, n)) {
      total_nonblank++;
      if (head < PMARK_EDGE_LINES) {
        add_line (doc, where, p, n, lineno);
        head++;
      } else {
        /* ring of the last few lines not already taken from the top */
        if (ntail == PMARK_EDGE_LINES)
          memmove (tail, tail + 1, sizeof tail[0] * (PMARK_EDGE_LINES - 1)),
            ntail--;
        tail[ntail].s = p, tail[ntail].n = n, tail[ntail].lineno = lineno;
        ntail++;
      }
    }
    p = nl ? nl + 1 : end;
  }
  for (guint i = 0; i < ntail; i++)
    add_line (doc, where, tail[i].s, tail[i].n, tail[i].lineno);
}

void
pmark_document_add_part_edges (PmarkDocument *doc, const char *prefix)
{
  /* parts are appended to while iterating: only the ones there now */
  guint n = doc->parts->len;
  for (guint i = 0; i < n; i++) {
    const PmarkTextPart *p = g_ptr_array_index (doc->parts, i);
    if (p->where && g_str_has_prefix (p->where, prefix))
      pmark_document_add_edge_lines (doc, p->text, p->len, p->where);
  }
}

/* /proc/PID/statm's first two fields, in bytes (0 unknown). */
static void
statm (int pid, guint64 *size, guint64 *resident)
{
  char path[64];
  *size = *resident = 0;
  if (pid > 0)
    g_snprintf (path, sizeof path, "/proc/%d/statm", pid);
  else
    g_strlcpy (path, "/proc/self/statm", sizeof path);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  char buf[128];
  ssize_t n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return;
  buf[n] = 0;
  guint64 s, r;
  if (sscanf (buf, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &s, &r) != 2)
    return;
  *size = s * (guint64) sysconf (_SC_PAGESIZE);
  *resident = r * (guint64) sysconf (_SC_PAGESIZE);
}

guint64
pmark_resident_bytes (int pid)
{
  guint64 size, resident;
  statm (pid, &size, &resident);
  return resident;
}

guint64
pmark_virtual_bytes (void)
{
  guint64 size, resident;
  statm (0, &size, &resident);
  return size;
}

/* Whether the process's resident memory is past `ceiling`: /proc/self/statm,
 * read at most every 2 ms per thread (a reader checks often). Under
 * AddressSanitizer resident memory is mostly its shadow and quarantine,
 * not pmark's: no ceiling there. */
static gboolean
memory_over (guint64 ceiling)
{
#ifdef PMARK_ASAN
  (void) ceiling;
  return FALSE;
#else
  static __thread gint64 last;
  gint64 now = g_get_monotonic_time ();
  if (now - last < 2000)
    return FALSE;
  last = now;
  return pmark_resident_bytes (0) > ceiling;
#endif
}

gboolean
pmark_document_check_budget (const PmarkDocument *doc, GError **error)
{
  const PmarkReadContext *ctx = doc->read;
  if (!ctx)
    return TRUE;
  if (ctx->deadline && g_get_monotonic_time () > ctx->deadline) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "reading took longer than the max-seconds budget");
    return FALSE;
  }
  if (ctx->memory_ceiling && memory_over (ctx->memory_ceiling)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "reading needed more memory than the max-memory budget (%"
                 G_GUINT64_FORMAT " MB)", ctx->memory_ceiling >> 20);
    return FALSE;
  }
  return TRUE;
}

void
pmark_document_set_not_inspected (PmarkDocument *doc, const char *reason)
{
  doc->inspected = FALSE;
  g_free (doc->not_inspected_reason);
  doc->not_inspected_reason = g_strdup (reason);
}

void
pmark_document_set_encrypted (PmarkDocument *doc, const char *reason)
{
  pmark_document_set_not_inspected (doc, reason);
  doc->encrypted = TRUE;
}

void
pmark_file_type_clear (PmarkFileType *type)
{
  g_clear_pointer (&type->mime, g_free);
  g_clear_pointer (&type->magic_mime, g_free);
  g_clear_pointer (&type->format, g_free);
  g_clear_pointer (&type->extension, g_free);
  g_clear_pointer (&type->extension_type, g_free);
  type->extension_mismatch = FALSE;
}

void
pmark_file_type_copy (PmarkFileType *dst, const PmarkFileType *src)
{
  dst->mime = g_strdup (src->mime);
  dst->magic_mime = g_strdup (src->magic_mime);
  dst->format = g_strdup (src->format);
  dst->extension = g_strdup (src->extension);
  dst->extension_type = g_strdup (src->extension_type);
  dst->extension_mismatch = src->extension_mismatch;
}

JsonNode *
pmark_document_to_json (const PmarkDocument *doc)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, doc->name);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, doc->type.mime);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, doc->type.format);
  json_builder_set_member_name (b, "inspected");
  json_builder_add_boolean_value (b, doc->inspected);
  if (!doc->inspected) {
    json_builder_set_member_name (b, "not_inspected_reason");
    json_builder_add_string_value (b, doc->not_inspected_reason);
  }
  json_builder_set_member_name (b, "parts");
  json_builder_begin_array (b);
  for (guint i = 0; i < doc->parts->len; i++) {
    const PmarkTextPart *p = g_ptr_array_index (doc->parts, i);
    g_autofree char *text = g_utf8_make_valid (p->text, (gssize) p->len);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "where");
    json_builder_add_string_value (b, p->where ? p->where : "text");
    json_builder_set_member_name (b, "text");
    json_builder_add_string_value (b, text);
    if (p->confidence) {
      json_builder_set_member_name (b, "ocr_confidence");
      json_builder_begin_array (b);
      for (guint k = 0; k < p->confidence->len; k++)
        json_builder_add_double_value (b, g_array_index (p->confidence, float, k));
      json_builder_end_array (b);
    }
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "markings");
  json_builder_begin_array (b);
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *m = g_ptr_array_index (doc->markings, i);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "source");
    json_builder_add_string_value (b, pmark_marking_source_name (m->source));
    json_builder_set_member_name (b, "value");
    json_builder_add_string_value (b, m->value);
    json_builder_set_member_name (b, "where");
    json_builder_add_string_value (b, m->where);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  if (doc->unread->len) {
    json_builder_set_member_name (b, "unread");
    json_builder_begin_array (b);
    for (guint i = 0; i < doc->unread->len; i++)
      json_builder_add_string_value (b, g_ptr_array_index (doc->unread, i));
    json_builder_end_array (b);
  }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
pmark_column_letters (guint c)
{
  GString *s = g_string_new (NULL);
  for (c++; c; c = (c - 1) / 26)
    g_string_prepend_c (s, (char) ('A' + (c - 1) % 26));
  return g_string_free (s, FALSE);
}
