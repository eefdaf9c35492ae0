/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Edits of a raw message's header block, byte for byte: the fields pmark
 * owns are removed, the subject's value replaced in place, new fields
 * added after the last one; every other byte stays as it came. */
#include "config.h"

#include <string.h>

#include "mail/mail-private.h"

gsize
mail_header_length (const char *data, gsize len, const char **eol)
{
  /* an empty message may have no data at all (fuzzing found) */
  const char *nl = len ? memchr (data, '\n', len) : NULL;
  *eol = nl && nl > data && nl[-1] == '\r' ? "\r\n" : "\n";
  for (gsize i = 0; i < len;) {
    const char *line_end = memchr (data + i, '\n', len - i);
    if (!line_end)
      return len;
    gsize next = (gsize) (line_end - data) + 1;
    gsize content = (gsize) (line_end - (data + i));
    if (content == 0 || (content == 1 && data[i] == '\r'))
      return next; /* the blank line ends the header */
    i = next;
  }
  return len;
}

static gboolean
field_is (const char *field, gsize len, const char *name)
{
  gsize n = strlen (name);
  if (len <= n || g_ascii_strncasecmp (field, name, n) != 0)
    return FALSE;
  const char *p = field + n;
  while (p < field + len && (*p == ' ' || *p == '\t'))
    p++;
  return p < field + len && *p == ':';
}

GBytes *
pmark_mail_apply (GBytes *message, const PmarkMailDecision *d, GError **error)
{
  GError *local = NULL;
  g_autoptr (GBytes) sealed = pmark_mail_sealed_body (message, d, &local);
  if (local) {
    g_propagate_error (error, local);
    return NULL;
  }
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  const char *eol;
  gsize hlen = mail_header_length (data, len, &eol);
  /* where the fields end: before the blank line, if there is one */
  gsize fields_end = hlen;
  if (hlen >= 1 && hlen <= len && data[hlen - 1] == '\n') {
    gsize b = hlen - 1;
    if (b >= 1 && data[b - 1] == '\r')
      b--;
    if (b == 0 || data[b - 1] == '\n')
      fields_end = b;
  }

  GString *out = g_string_sized_new (len + 512);
  gboolean subject_done = FALSE;
  for (gsize i = 0; i < fields_end;) {
    /* one field: its first line and every continuation line */
    gsize j = i;
    do {
      const char *nl = memchr (data + j, '\n', fields_end - j);
      j = nl ? (gsize) (nl - data) + 1 : fields_end;
    } while (j < fields_end && (data[j] == ' ' || data[j] == '\t'));
    const char *field = data + i;
    gsize flen = j - i;
    if ((!d->keep_marking && field_is (field, flen, PMARK_MAIL_MARKING_HEADER))
        || field_is (field, flen, PMARK_MAIL_RESULT_HEADER)
        || (d->sio_label && field_is (field, flen, PMARK_MAIL_SIO_LABEL_HEADER))) {
      /* dropped */
    } else if (d->subject && !subject_done && field_is (field, flen, "Subject")) {
      const char *colon = memchr (field, ':', flen);
      g_string_append_len (out, field, colon - field + 1);
      g_string_append_printf (out, " %s%s", d->subject, eol);
      subject_done = TRUE;
    } else {
      g_string_append_len (out, field, (gssize) flen);
    }
    i = j;
  }
  if (out->len && out->str[out->len - 1] != '\n')
    g_string_append (out, eol);
  if (d->subject && !subject_done)
    g_string_append_printf (out, "Subject: %s%s", d->subject, eol);
  if (d->marking_header)
    g_string_append_printf (out, "%s: %s%s", PMARK_MAIL_MARKING_HEADER,
                            d->marking_header, eol);
  if (d->sio_label)
    g_string_append_printf (out, "%s: %s%s", PMARK_MAIL_SIO_LABEL_HEADER, d->sio_label, eol);
  if (d->result_header_added)
    g_string_append_printf (out, "%s: %s%s", PMARK_MAIL_RESULT_HEADER,
                            d->result_header_added, eol);
  if (sealed) {
    /* the blank line, then the new body */
    g_string_append (out, eol);
    g_string_append_len (out, g_bytes_get_data (sealed, NULL),
                         (gssize) g_bytes_get_size (sealed));
  } else if (fields_end < len)
    g_string_append_len (out, data + fields_end, (gssize) (len - fields_end));
  else
    g_string_append (out, eol); /* a message with no body still ends its header */
  gsize n = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), n);
}
