/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* RFC 7444 SIO-Label: a message's sensitivity as MIME parameters
 * (RFC 2045, with RFC 2231 continuations and charsets) — a display
 * marking ("marking"), its colours ("fgcolor", "bgcolor"), and a
 * structural security label ("type" names its form, "label" holds it in
 * base64). Both the display marking and, for the ESS and X.411 forms, the
 * label's classification are read as existing markings. */
#include "config.h"

#include <string.h>

#include "mail.h"

/* The BER/DER length at p (short or long form, up to 4 bytes); -1 when
 * it does not fit what is left. */
static gssize
ber_length (const guint8 **p, const guint8 *end)
{
  if (*p >= end)
    return -1;
  guint8 b = *(*p)++;
  gsize n = b;
  if (b & 0x80) {
    guint k = b & 0x7f;
    if (k == 0 || k > 4 || (gsize) (end - *p) < k)
      return -1;
    n = 0;
    while (k--)
      n = (n << 8) | *(*p)++;
  }
  return n <= (gsize) (end - *p) ? (gssize) n : -1;
}

/* The security-classification of an ESS (RFC 2634) or X.411 security
 * label: SET { policy OBJECT IDENTIFIER, classification INTEGER, ... };
 * -1 when it has none or is not one. */
static int
label_classification (const guint8 *der, gsize len)
{
  const guint8 *p = der, *end = der + len;
  if (p >= end || *p++ != 0x31)
    return -1;
  gssize n = ber_length (&p, end);
  if (n < 0)
    return -1;
  end = p + n;
  while (p < end) {
    guint8 tag = *p++;
    gssize l = ber_length (&p, end);
    if (l < 0)
      return -1;
    if (tag == 0x02 && l >= 1 && l <= 2) {
      int v = 0;
      for (gssize i = 0; i < l; i++)
        v = (v << 8) | p[i];
      return v;
    }
    p += l;
  }
  return -1;
}

void
mail_sio_label_read (PmarkDocument *doc, const char *value)
{
  GMimeParamList *list = g_mime_param_list_parse (NULL, value);
  if (!list)
    return;
  const char *type = NULL, *label = NULL;
  for (int i = 0; i < g_mime_param_list_length (list); i++) {
    GMimeParam *p = g_mime_param_list_get_parameter_at (list, i);
    const char *name = g_mime_param_get_name (p), *v = g_mime_param_get_value (p);
    if (!name || !v)
      continue;
    if (!g_ascii_strcasecmp (name, "marking") && *v)
      pmark_document_add_header_marking (doc, PMARK_MARKING_SOURCE_HEADER, v,
                                         "header SIO-Label (display marking)", FALSE);
    else if (!g_ascii_strcasecmp (name, "type"))
      type = v;
    else if (!g_ascii_strcasecmp (name, "label"))
      label = v;
  }
  if (type && label && (!g_ascii_strcasecmp (type, ":ess") || !g_ascii_strcasecmp (type, ":x411"))) {
    /* the generic classifications both forms share */
    static const char *const names[] = { NULL, "UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL",
                                         "SECRET", "TOP SECRET" };
    gsize n = 0;
    g_autofree guchar *der = g_base64_decode (label, &n);
    int c = der ? label_classification (der, n) : -1;
    if (c > 0 && c < (int) G_N_ELEMENTS (names)) {
      g_autofree char *where = g_strdup_printf ("header SIO-Label (%s security label, "
                                                "classification %d)", type + 1, c);
      pmark_document_add_header_marking (doc, PMARK_MARKING_SOURCE_HEADER, names[c], where,
                                         FALSE);
    }
  }
  g_object_unref (list);
}

char *
mail_sio_label_format (const char *marking)
{
  gboolean ascii = TRUE;
  for (const guchar *c = (const guchar *) marking; *c; c++)
    ascii &= *c >= 0x20 && *c < 0x7f;
  GString *s = g_string_new (NULL);
  if (ascii) {
    g_string_append (s, "marking=\"");
    for (const char *c = marking; *c; c++) {
      if (*c == '"' || *c == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *c);
    }
    g_string_append_c (s, '"');
  } else {
    /* RFC 2231: charset, no language, percent-encoded */
    g_string_append (s, "marking*=utf-8''");
    for (const guchar *c = (const guchar *) marking; *c; c++) {
      if (g_ascii_isalnum (*c) || strchr ("-._~", *c))
        g_string_append_c (s, (char) *c);
      else
        g_string_append_printf (s, "%%%02X", *c);
    }
  }
  return g_string_free (s, FALSE);
}
