/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Stamping in a worker process (pmark(1) SANDBOX): a writer parses the
 * document it stamps (qpdf and poppler for a PDF; libzip and libxml2 for
 * a package) as a reader does, so a crash or a hang in it must cost the
 * file, not `pmark serve` or an audit that applies markings. The job's
 * parameters travel framed (core/frame.h) beside the document; the
 * worker runs the writer into memory and sends the stamped bytes back.
 *
 * formats/ (the worker) lies below stamp/: it serves the request through
 * the handler this file registers when libpmark is loaded, so every
 * process that links it (the parent, and a worker exec'd or forked from
 * it) can stamp. */
#include "config.h"

#include <pmark/sandbox.h>

#include "core/document-private.h"
#include "core/frame.h"
#include "formats/worker.h"
#include "stamp.h"

/* The stamped file, by the writer for the job's format, here. */
static GBytes *
stamp_here (const PmarkStampJob *job, GError **error)
{
#ifdef PMARK_FAULT_INJECTION
  worker_inject_step_faults (job->input, "STAMP");
#endif
  PmarkStampFunc stamp = pmark_writer_for (job->doc->type.format);
  if (!stamp) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "pmark cannot stamp %s files", job->doc->type.mime);
    return NULL;
  }
  GByteArray *out = g_byte_array_new ();
  PmarkStampJob j = *job;
  j.out = out;
  if (!stamp (&j, error)) {
    g_byte_array_unref (out);
    return NULL;
  }
  return g_byte_array_free_to_bytes (out);
}

/* What the worker needs of the job beyond the document, its type and name,
 * the budget and the password (the request carries those). */
static GBytes *
put_job (const PmarkStampJob *job)
{
  GByteArray *b = g_byte_array_new ();
  guint n = job->lines ? g_strv_length ((char **) job->lines) : 0;
  frame_put_u32 (b, n);
  for (guint i = 0; i < n; i++)
    frame_put_str (b, job->lines[i]);
  frame_put_str (b, job->marking);
  frame_put_str (b, job->colour);
  frame_put_str (b, job->label_id);
  frame_put_str (b, job->label_name);
  frame_put_str (b, job->set_date);
  frame_put_u32 (b, job->force);
  frame_put_u32 (b, job->style->margin);
  frame_put_u32 (b, job->style->font_size);
  frame_put_u32 (b, job->style->bold);
  frame_put_u32 (b, job->style->align);
  frame_put_u32 (b, job->style->shrink);
  frame_put_u32 (b, job->shrink);
  frame_put_str (b, job->signature);
  return g_byte_array_free_to_bytes (b);
}

/* In the worker: the job again, its strings kept in `strings` (the lines
 * NULL-terminated in `lines`), or FALSE for a malformed request. */
static gboolean
get_job (GBytes *params, PmarkStampJob *job, PolicyStamp *style, GPtrArray *lines,
         GPtrArray *strings)
{
  FrameCursor c;
  frame_cursor_init (&c, params);
  guint n = frame_get_u32 (&c);
  for (guint i = 0; i < n && !c.bad; i++) {
    char *l = frame_get_str (&c);
    if (!l)
      c.bad = TRUE;
    else
      g_ptr_array_add (lines, l);
  }
  g_ptr_array_add (lines, NULL);
  const char **fields[] = { &job->marking, &job->colour, &job->label_id, &job->label_name,
                            &job->set_date };
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++) {
    char *s = frame_get_str (&c);
    *fields[i] = s;
    if (s)
      g_ptr_array_add (strings, s);
  }
  job->force = frame_get_u32 (&c) != 0;
  style->margin = frame_get_u32 (&c);
  style->font_size = frame_get_u32 (&c);
  style->bold = frame_get_u32 (&c) != 0;
  style->align = (StampAlign) frame_get_u32 (&c);
  style->shrink = frame_get_u32 (&c) != 0;
  job->shrink = frame_get_u32 (&c) != 0;
  char *signature = frame_get_str (&c);
  if (signature)
    g_ptr_array_add (strings, signature);
  job->signature = signature;
  job->lines = (const char *const *) lines->pdata;
  job->style = style;
  return frame_cursor_done (&c) && n > 0 && job->marking && style->align <= STAMP_ALIGN_RIGHT;
}

/* The worker's handler (formats/worker.h): `doc` carries the type and
 * name the parent detected. */
static GBytes *
serve_stamp (PmarkDocument *doc, GBytes *input, const PmarkReadOptions *read, GBytes *params,
             GError **error)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  PolicyStamp style = { 0 };
  PmarkStampJob job = {
    .input = input, .doc = doc, .budget = &read->budget, .password = read->password,
  };
  if (!get_job (params, &job, &style, lines, strings)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INTERNAL,
                 "the stamping request was malformed");
    return NULL;
  }
  return stamp_here (&job, error);
}

__attribute__ ((constructor)) static void
register_stamp_handler (void)
{
  worker_set_stamp_handler (serve_stamp);
}

GBytes *
stamp_document (const PmarkStampJob *job, const PmarkReadOptions *read, GError **error)
{
  if (!pmark_sandbox_enabled ())
    return stamp_here (job, error);
  PmarkReadOptions o = *read;
  o.budget = *job->budget;
  o.password = job->password;
  g_autoptr (GBytes) params = put_job (job);
  return worker_stamp (job->doc, job->input, &o, params, error);
}
