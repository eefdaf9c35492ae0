/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Sealing a message's attachments to its recipients' age keys: each
 * attachment's content is replaced by its age encryption (carrying the
 * marking outside), named NAME.age; every other part is written back as
 * GMime read it. */
#include "config.h"

#include <string.h>

#include "mail/mail-private.h"

static gboolean
is_attachment (GMimeObject *obj)
{
  if (!GMIME_IS_PART (obj))
    return FALSE;
  GMimeContentDisposition *disp = g_mime_object_get_content_disposition (obj);
  return g_mime_part_get_filename (GMIME_PART (obj))
         || (disp && g_mime_content_disposition_is_attachment (disp));
}

static gboolean
seal_part (GMimePart *part, GPtrArray *recipients, const char *marking,
           GError **error)
{
  g_autoptr (GBytes) bytes = mail_part_content (part);
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  PmarkAgeEncryptOptions options = { .armor = FALSE, .marking = marking };
  if (!pmark_age_encrypt (in, out, recipients, &options, error)
      || !g_output_stream_close (out, NULL, error))
    return FALSE;
  g_autoptr (GBytes) sealed = g_memory_output_stream_steal_as_bytes (
    G_MEMORY_OUTPUT_STREAM (out));

  gsize len;
  const char *data = g_bytes_get_data (sealed, &len);
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer (data, len);
  GMimeDataWrapper *wrapper = g_mime_data_wrapper_new_with_stream (
    stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content (part, wrapper);
  g_object_unref (wrapper);
  g_object_unref (stream);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);

  const char *old = g_mime_part_get_filename (part);
  g_autofree char *name = g_strdup_printf ("%s.age", old ? old : "attachment");
  GMimeContentType *ct = g_mime_content_type_new ("application", "x-age-encrypted");
  g_mime_content_type_set_parameter (ct, "name", name);
  g_mime_object_set_content_type (GMIME_OBJECT (part), ct);
  g_object_unref (ct);
  g_mime_part_set_filename (part, name);
  return TRUE;
}

GBytes *
pmark_mail_sealed_body (GBytes *message, const PmarkMailDecision *d,
                        GError **error)
{
  if (!d->seal_to || !d->seal_to->len)
    return NULL;
  g_autoptr (GMimeMessage) msg = mail_parse (message);
  GMimeObject *top = g_mime_message_get_mime_part (msg);
  /* only parts inside a multipart: a top-level part's headers are the
   * message's own, which pmark does not rewrite */
  if (!top || !GMIME_IS_MULTIPART (top))
    return NULL;
  g_autofree char *marking = NULL;
  if (d->level >= 0) {
    const PmarkLevel *l = pmark_policy_get_level (d->result->policy, (guint) d->level);
    marking = g_strdup (l->name);
  }
  guint sealed = 0;
  GMimePartIter *iter = g_mime_part_iter_new (top);
  gboolean ok = TRUE;
  do {
    GMimeObject *obj = g_mime_part_iter_get_current (iter);
    if (obj && is_attachment (obj)) {
      if (!(ok = seal_part (GMIME_PART (obj), d->seal_to, marking, error)))
        break;
      sealed++;
    }
  } while (g_mime_part_iter_next (iter));
  g_mime_part_iter_free (iter);
  if (!ok || !sealed)
    return NULL;

  /* the message's own line ending throughout */
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  const char *eol;
  mail_header_length (data, len, &eol);
  GMimeFormatOptions *fmt = g_mime_format_options_new ();
  g_mime_format_options_set_newline_format (fmt, strcmp (eol, "\r\n")
                                                   ? GMIME_NEWLINE_FORMAT_UNIX
                                                   : GMIME_NEWLINE_FORMAT_DOS);
  GMimeStream *out = g_mime_stream_mem_new ();
  g_mime_object_write_content_to_stream (top, fmt, out);
  g_mime_format_options_free (fmt);
  GByteArray *array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (out));
  GBytes *body = g_bytes_new (array->data, array->len);
  g_object_unref (out);
  return body;
}
