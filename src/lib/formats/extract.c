/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Running the readers: a document's detected format's reader under a read
 * context (PmarkReadContext), at the top in a worker process when the
 * sandbox is on, and nested documents (zip members, attachments) within
 * their container's context. */
#include "config.h"

#include <string.h>

#include <pmark/sandbox.h>

#include "core/document-private.h"
#include "core/file.h"
#include "format.h"
#include "worker.h"

/* Runs the document's reader (and marking reader) under `ctx`. */
static gboolean
extract_in (PmarkDocument *doc, GBytes *input, PmarkReadContext *ctx, GError **error)
{
#ifdef PMARK_FAULT_INJECTION
  worker_inject_faults (input, doc);
#endif
  const PmarkFormat *format = pmark_format_named (doc->type.format);
  if (!format) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: unsupported format %s", doc->name, doc->type.mime);
    return FALSE;
  }
  const PmarkBudget *budget = &ctx->options.budget;
  doc->read = ctx;
  gboolean ok = format->extract (doc, input, budget, error)
                && (!format->read_marking
                    || format->read_marking (doc, input, budget, error));
  doc->read = NULL;
  /* Readers do not know the file name; every message names it. */
  if (!ok)
    g_prefix_error (error, "%s: ", doc->name);
  return ok;
}

gboolean
extract_here (PmarkDocument *doc, GBytes *input, const PmarkReadOptions *options,
              GError **error)
{
  const PmarkBudget *budget = &options->budget;
  PmarkReadContext ctx = { .options = *options,
                           .memory_ceiling = budget->max_memory_bytes };
  ctx.top = &ctx;
  if (budget->max_seconds)
    ctx.deadline = g_get_monotonic_time () + (gint64) budget->max_seconds * G_USEC_PER_SEC;
  PmarkOcrOptions builtin;
  pmark_ocr_options_init (&builtin);
  pmark_ocr_options_merge (&ctx.options.ocr, &builtin);
  gboolean ok = extract_in (doc, input, &ctx, error);
  g_clear_pointer (&ctx.pictures, g_hash_table_unref);
  return ok;
}

gboolean
pmark_document_extract (PmarkDocument *doc, GBytes *input,
                        const PmarkReadOptions *options, GError **error)
{
  /* the top of a document, when workers read: there (their errors name
   * the document already) */
  if (pmark_sandbox_enabled ())
    return worker_extract (doc, input, options, error);
  return extract_here (doc, input, options, error);
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
             || e->code == PMARK_ERROR_ENCRYPTED || e->code == PMARK_ERROR_NOT_INSPECTED
             || e->code == PMARK_ERROR_UNSUPPORTED_FORMAT);
}

gboolean
pmark_document_add_nested (PmarkDocument *doc, const PmarkBudget *budget,
                           GBytes *bytes, const char *name, const char *where,
                           GError **error)
{
  const PmarkReadContext *outer = doc->read;
  g_return_val_if_fail (outer != NULL, FALSE);
  if (outer->depth + 1 > budget->max_nesting) {
    g_ptr_array_add (doc->unread,
                     g_strdup_printf ("%s: nested deeper than the "
                                      "max-nesting budget (%u)",
                                      where, budget->max_nesting));
    return TRUE;
  }
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr (PmarkDocument) child = pmark_document_new (name);
  PmarkReadContext ctx = *outer;
  ctx.options.budget = *budget;
  ctx.depth = outer->depth + 1;
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
  if (!extract_in (child, bytes, &ctx, &local)) {
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

