/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/document-private.h"
#include "core/worker.h"
#include <pmark/sandbox.h>
#include "core/file.h"
#include "formats/format.h"

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
  g_free (doc);
}

void
pmark_document_drop_text (PmarkDocument *doc)
{
  g_ptr_array_set_size (doc->parts, 0);
  g_ptr_array_set_size (doc->markings, 0);
}

static gsize
text_total (const PmarkDocument *doc)
{
  gsize n = 0;
  for (guint i = 0; i < doc->parts->len; i++)
    n += ((PmarkTextPart *) g_ptr_array_index (doc->parts, i))->len;
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
  gsize len = g_bytes_get_size (text);
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
  m->value = g_strdup (value);
  m->where = g_strdup (where);
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

#if defined(__SANITIZE_ADDRESS__)
#define PMARK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PMARK_ASAN 1
#endif
#endif

/* Whether the process's resident memory is past `ceiling`: /proc/self/statm,
 * read at most every 2 ms per thread (a reader checks often). Under
 * AddressSanitizer resident memory is mostly its shadow and quarantine,
 * not pmark's: no ceiling there. */
guint64
pmark_resident_bytes (int pid)
{
  char path[64];
  if (pid > 0)
    g_snprintf (path, sizeof path, "/proc/%d/statm", pid);
  else
    g_strlcpy (path, "/proc/self/statm", sizeof path);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  char buf[128];
  ssize_t n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return 0;
  buf[n] = 0;
  guint64 size, resident;
  if (sscanf (buf, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &size, &resident) != 2)
    return 0;
  return resident * (guint64) sysconf (_SC_PAGESIZE);
}

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
  if (doc->deadline && g_get_monotonic_time () > doc->deadline) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "reading took longer than the max-seconds budget");
    return FALSE;
  }
  if (doc->memory_ceiling && memory_over (doc->memory_ceiling)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "reading needed more memory than the max-memory budget (%"
                 G_GUINT64_FORMAT " MB)", doc->memory_ceiling >> 20);
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

gboolean
pmark_document_extract (PmarkDocument *doc, GBytes *input,
                        const PmarkReadOptions *options, GError **error)
{
  /* the top of a document, when workers read: there (their errors name
   * the document already) */
  if (!doc->outer && pmark_sandbox_enabled ())
    return worker_extract (doc, input, options, error);
#ifdef PMARK_FAULT_INJECTION
  worker_inject_faults (input, doc);
#endif
  const PmarkBudget *budget = &options->budget;
  if (budget->max_seconds && !doc->deadline)
    doc->deadline = g_get_monotonic_time ()
                    + (gint64) budget->max_seconds * G_USEC_PER_SEC;
  if (!doc->memory_ceiling)
    doc->memory_ceiling = budget->max_memory_bytes;
  const PmarkFormat *format = pmark_format_named (doc->type.format);
  if (!format) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: unsupported format %s", doc->name, doc->type.mime);
    return FALSE;
  }
  /* Extractors do not know the file name; every message names it. */
  PmarkOcrOptions ocr = options->ocr;
  PmarkOcrOptions builtin;
  pmark_ocr_options_init (&builtin);
  pmark_ocr_options_merge (&ocr, &builtin);
  doc->password = options->password;
  doc->ocr = &ocr;
  gboolean ok = format->extract (doc, input, budget, error)
                && (!format->read_marking
                    || format->read_marking (doc, input, budget, error));
  doc->password = NULL;
  doc->ocr = NULL;
  if (!ok)
    g_prefix_error (error, "%s: ", doc->name);
  return ok;
}

PmarkDocument *
pmark_document_load_bytes (GBytes *bytes, const char *name,
                           const PmarkReadOptions *options, GError **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr (PmarkDocument) doc = pmark_document_new (name);
  if (!pmark_detect_bytes (data, len, name, &doc->type, error))
    return NULL;
  if (!pmark_document_extract (doc, bytes, options, error))
    return NULL;
  return g_steal_pointer (&doc);
}

/* Files this large are first judged by their head: a type no format
 * reads is refused without reading (let alone holding) the rest. */
#define PROBE_MIN (16u << 20)
#define PROBE_HEAD (1u << 20)

gboolean
pmark_file_probe (const char *path, PmarkFileType *type, GError **error)
{
  guint64 size = 0;
  g_autoptr (GBytes) head = pmark_file_read_head (path, PROBE_HEAD, &size);
  if (!head || size <= PROBE_MIN)
    return TRUE;
  gsize len;
  const guint8 *data = g_bytes_get_data (head, &len);
  PmarkFileType t = { 0 };
  if (!pmark_detect_bytes (data, len, path, &t, NULL)) {
    pmark_file_type_clear (&t);
    return TRUE;
  }
  /* an OLE2 directory may lie past the head: its streams decide, later */
  static const char *const whole[] = { "application/CDFV2", "application/x-ole-storage",
                                       "application/vnd.ms-office", "application/msword",
                                       "application/encrypted" };
  gboolean maybe = t.format != NULL || g_str_has_prefix (t.mime, "application/vnd.ms-");
  for (gsize i = 0; i < G_N_ELEMENTS (whole) && !maybe; i++)
    maybe = !strcmp (t.mime, whole[i]);
  if (maybe) {
    pmark_file_type_clear (&t);
    return TRUE;
  }
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
               "%s: unsupported format %s", path, t.mime);
  if (type) {
    pmark_file_type_clear (type);
    *type = t;
  } else {
    pmark_file_type_clear (&t);
  }
  return FALSE;
}

PmarkDocument *
pmark_document_load_file (const char *path, const PmarkReadOptions *options,
                          GError **error)
{
  if (!pmark_file_probe (path, NULL, error))
    return NULL;
  g_autoptr (GBytes) bytes = pmark_file_read (path, &options->budget, error);
  if (!bytes)
    return NULL;
  return pmark_document_load_bytes (bytes, path, options, error);
}

static char *
prefixed (const char *prefix, const char *where)
{
  return where ? g_strdup_printf ("%s: %s", prefix, where) : g_strdup (prefix);
}

/* Errors that say something about the member, not about the container:
 * the member is left unread and the container read on. */
static gboolean
member_error (const GError *e)
{
  return e->domain == PMARK_ERROR
         && (e->code == PMARK_ERROR_MALFORMED || e->code == PMARK_ERROR_BUDGET
             || e->code == PMARK_ERROR_ENCRYPTED
             || e->code == PMARK_ERROR_UNSUPPORTED_FORMAT);
}

gboolean
pmark_document_add_nested (PmarkDocument *doc, const PmarkBudget *budget,
                           GBytes *bytes, const char *name, const char *where,
                           GError **error)
{
  if (doc->nesting + 1 > budget->max_nesting) {
    g_ptr_array_add (doc->unread,
                     g_strdup_printf ("%s: nested deeper than the "
                                      "max-nesting budget (%u)",
                                      where, budget->max_nesting));
    return TRUE;
  }
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr (PmarkDocument) child = pmark_document_new (name);
  child->nesting = doc->nesting + 1;
  child->deadline = doc->deadline;
  child->memory_ceiling = doc->memory_ceiling;
  child->outer = doc;
  PmarkReadOptions options = { .budget = *budget, .password = doc->password };
  if (doc->ocr)
    options.ocr = *doc->ocr;
  GError *local = NULL;
  if (!pmark_detect_bytes (data, len, name, &child->type, &local)) {
    g_propagate_error (error, local);
    return FALSE;
  }
  if (!child->type.format) {
    /* images and the like: no text to read, nothing missed */
    if (g_str_has_prefix (child->type.mime, "image/")
        || g_str_has_prefix (child->type.mime, "audio/")
        || g_str_has_prefix (child->type.mime, "video/")
        || g_str_has_prefix (child->type.mime, "font/"))
      return TRUE;
    g_ptr_array_add (doc->unread,
                     g_strdup_printf ("%s: unsupported type %s", where,
                                      child->type.mime));
    return TRUE;
  }
  if (!pmark_document_extract (child, bytes, &options, &local)) {
    if (!member_error (local)) {
      g_propagate_error (error, local);
      return FALSE;
    }
    /* the deadline is the container's too */
    if (!pmark_document_check_budget (doc, error)) {
      g_error_free (local);
      return FALSE;
    }
    g_ptr_array_add (doc->unread, g_strdup_printf ("%s: %s", where,
                                                   local->message));
    g_error_free (local);
    return TRUE;
  }
  if (!child->inspected)
    g_ptr_array_add (doc->unread,
                     g_strdup_printf ("%s: %s", where,
                                      child->not_inspected_reason));
  for (guint i = 0; i < child->unread->len; i++)
    g_ptr_array_add (doc->unread,
                     prefixed (where, g_ptr_array_index (child->unread, i)));
  for (guint i = 0; i < child->parts->len; i++) {
    const PmarkTextPart *p = g_ptr_array_index (child->parts, i);
    gsize blen;
    const char *base = g_bytes_get_data (p->bytes, &blen);
    GBytes *slice = g_bytes_new_from_bytes (p->bytes,
                                            (gsize) (p->text - base), p->len);
    g_autofree char *w = prefixed (where, p->where);
    if (!pmark_document_add_text_bytes (doc, budget, w, slice, p->lines, error))
      return FALSE;
  }
  for (guint i = 0; i < child->markings->len; i++) {
    const PmarkMarkingCandidate *m = g_ptr_array_index (child->markings, i);
    g_autofree char *w = prefixed (where, m->where);
    PmarkMarkingSource source = m->source == PMARK_MARKING_SOURCE_HEADER
                                  ? PMARK_MARKING_SOURCE_QUOTED
                                  : m->source;
    pmark_document_add_header_marking (doc, source, m->value, w,
                                       m->from_header);
  }
  return TRUE;
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
