/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "core/textdecode.h"
#include "formats/format.h"
#include "formats/ole.h"
#include "mail.h"
#include "mapi.h"

void
mapi_message_init (MapiMessage *m)
{
  memset (m, 0, sizeof *m);
  m->codepage = 1252;
  m->recipients = g_string_new (NULL);
}

void
mapi_message_clear (MapiMessage *m)
{
  g_free (m->subject);
  g_free (m->from);
  g_free (m->to);
  g_free (m->cc);
  g_free (m->headers);
  g_free (m->body);
  g_free (m->message_class);
  g_string_free (m->recipients, TRUE);
  g_clear_pointer (&m->html, g_bytes_unref);
  g_clear_pointer (&m->rtf, g_bytes_unref);
}

char *
mapi_string (guint16 type, const guint8 *value, gsize len, guint codepage)
{
  if (type != MAPI_PT_UNICODE && type != MAPI_PT_STRING8)
    return NULL;
  /* an empty value may come as NULL (an empty GBytes: found by fuzz-read
   * msg, an empty HTML body stream) */
  if (!value || !len)
    return g_strdup ("");
  GString *s = g_string_new (NULL);
  if (type == MAPI_PT_UNICODE) {
    gsize n = 0;
    while (2 * n + 1 < len && (value[2 * n] || value[2 * n + 1]))
      n++;
    pmark_utf16le_append (s, value, n);
  } else if (type == MAPI_PT_STRING8) {
    const guint8 *nul = memchr (value, 0, len);
    pmark_codepage_append (s, value, nul ? (gsize) (nul - value) : len, codepage);
  } else {
    g_string_free (s, TRUE);
    return NULL;
  }
  return g_string_free (s, FALSE);
}

static void
set_string (char **field, guint16 type, const guint8 *value, gsize len,
            guint codepage)
{
  char *s = mapi_string (type, value, len, codepage);
  if (!s)
    return;
  g_free (*field);
  *field = s;
}

void
mapi_message_set (MapiMessage *m, guint16 id, guint16 type, const guint8 *value,
                  gsize len)
{
  switch (id) {
  case MAPI_SUBJECT:
    set_string (&m->subject, type, value, len, m->codepage);
    break;
  case MAPI_SENDER_NAME:
  case MAPI_SENT_REPRESENTING_NAME:
    if (!m->from)
      set_string (&m->from, type, value, len, m->codepage);
    break;
  case MAPI_DISPLAY_TO:
    set_string (&m->to, type, value, len, m->codepage);
    break;
  case MAPI_DISPLAY_CC:
    set_string (&m->cc, type, value, len, m->codepage);
    break;
  case MAPI_TRANSPORT_HEADERS:
    set_string (&m->headers, type, value, len, m->codepage);
    break;
  case MAPI_BODY:
    set_string (&m->body, type, value, len, m->codepage);
    break;
  case MAPI_MESSAGE_CLASS:
    set_string (&m->message_class, type, value, len, m->codepage);
    break;
  case MAPI_HTML:
    if (type == MAPI_PT_BINARY || type == MAPI_PT_STRING8) {
      g_clear_pointer (&m->html, g_bytes_unref);
      m->html = g_bytes_new (value, len);
      m->html_utf8 = FALSE;
    } else if (type == MAPI_PT_UNICODE) {
      char *s = mapi_string (type, value, len, m->codepage);
      g_clear_pointer (&m->html, g_bytes_unref);
      m->html = g_bytes_new_take (s, strlen (s));
      m->html_utf8 = TRUE;
    }
    break;
  case MAPI_RTF_COMPRESSED:
    if (type == MAPI_PT_BINARY) {
      g_clear_pointer (&m->rtf, g_bytes_unref);
      m->rtf = g_bytes_new (value, len);
    }
    break;
  case MAPI_MESSAGE_CODEPAGE:
  case MAPI_INTERNET_CPID:
    if (type == MAPI_PT_LONG && len >= 4) {
      guint32 cp = ole_u32 (value, len, 0);
      if (cp && cp != 1200 && cp < 65536)
        m->codepage = cp;
    }
    break;
  default:
    break;
  }
}

GBytes *
mapi_rtf_decompress (const guint8 *data, gsize len, const PmarkBudget *budget,
                     GError **error)
{
  static const char prebuf[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman "
    "\\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New "
    "RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
  G_STATIC_ASSERT (sizeof prebuf - 1 == 207);
  if (len < 16)
    goto bad;
  guint32 raw = ole_u32 (data, len, 4), type = ole_u32 (data, len, 8);
  if (raw > budget->max_input_bytes) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "compressed RTF body larger than the max-input-bytes budget");
    return NULL;
  }
  if (type == 0x414C454D) /* "MELA": stored */
    return g_bytes_new (data + 16, MIN ((gsize) raw, len - 16));
  if (type != 0x75465A4C) /* "LZFu" */
    goto bad;
  guint8 dict[4096];
  memcpy (dict, prebuf, 207);
  memset (dict + 207, 0, sizeof dict - 207);
  guint wpos = 207;
  GByteArray *out = g_byte_array_sized_new (raw + 1);
  gsize in = 16;
  while (in < len && out->len < raw) {
    guint8 control = data[in++];
    for (int bit = 0; bit < 8 && in < len && out->len < raw; bit++) {
      if (control & (1 << bit)) {
        if (in + 2 > len)
          break;
        guint ref = (guint) (data[in] << 8 | data[in + 1]);
        in += 2;
        guint off = ref >> 4, n = (ref & 0xF) + 2;
        if (off == wpos)
          goto done;
        for (guint k = 0; k < n && out->len < raw; k++) {
          guint8 c = dict[(off + k) & 0xFFF];
          g_byte_array_append (out, &c, 1);
          dict[wpos] = c;
          wpos = (wpos + 1) & 0xFFF;
        }
      } else {
        guint8 c = data[in++];
        g_byte_array_append (out, &c, 1);
        dict[wpos] = c;
        wpos = (wpos + 1) & 0xFFF;
      }
    }
  }
done:
  return g_byte_array_free_to_bytes (out);
bad:
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
               "the compressed RTF body is damaged");
  return NULL;
}

/* The transport headers as a message of their own, for the same marking
 * rules as any mail header. */
static void
header_markings (PmarkDocument *doc, const char *headers)
{
  mail_init ();
  g_autofree char *text = g_strconcat (headers, "\r\n\r\n", NULL);
  g_autoptr (GBytes) b = g_bytes_new_take (g_steal_pointer (&text), strlen (headers) + 4);
  g_autoptr (GMimeMessage) msg = mail_parse (b);
  mail_header_markings (doc, msg);
}

gboolean
mapi_message_read (PmarkDocument *doc, const PmarkBudget *budget, MapiMessage *m,
                   GError **error)
{
  GString *h = g_string_new (NULL);
  const struct {
    const char *name, *value;
  } fields[] = {
    { "Subject", m->subject }, { "From", m->from }, { "To", m->to },
    { "Cc", m->cc },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].value && *fields[i].value)
      g_string_append_printf (h, "%s: %s\n", fields[i].name, fields[i].value);
  g_string_append (h, m->recipients->str);
  gsize n = h->len;
  if (n && !pmark_document_add_text (doc, budget, "header", g_string_free (h, FALSE),
                                     n, TRUE, error))
    return FALSE;
  if (!n)
    g_string_free (h, TRUE);
  if (m->headers && *m->headers)
    header_markings (doc, m->headers);
  else if (m->subject)
    mail_subject_markings (doc, m->subject);
  if (m->body && *m->body) {
    gsize len = strlen (m->body);
    return pmark_document_add_text (doc, budget, "body", g_steal_pointer (&m->body),
                                    len, TRUE, error);
  }
  if (m->html) {
    gsize len, out;
    const guint8 *raw = g_bytes_get_data (m->html, &len);
    /* 8-bit HTML is in the message's code page (PR_INTERNET_CPID), which
     * may come after it in the property stream: decoded here, not when
     * read (a CP1251 body reached the text undecoded, found when the
     * worker protocol checked its text) */
    g_autofree char *html = m->html_utf8 ? g_strndup ((const char *) raw, len)
                                          : mapi_string (MAPI_PT_STRING8, raw, len, m->codepage);
    len = strlen (html);
    g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (pmark_table_tsv_free);
    char *text = pmark_html_text (html, len, &out, tables);
    return pmark_document_add_text (doc, budget, "body", text, out, TRUE, error)
           && pmark_document_add_tables (doc, budget, "body", tables, error);
  }
  if (m->rtf) {
    gsize len;
    const guint8 *data = g_bytes_get_data (m->rtf, &len);
    GError *err = NULL;
    g_autoptr (GBytes) rtf = mapi_rtf_decompress (data, len, budget, &err);
    if (!rtf) {
      g_ptr_array_add (doc->unread, g_strdup_printf ("body (RTF): %s", err->message));
      g_error_free (err);
      return TRUE;
    }
    const char *r = g_bytes_get_data (rtf, &len);
    if (len >= 5 && !memcmp (r, "{\\rtf", 5))
      return pmark_rtf_read (doc, budget, r, len, NULL, error);
    g_ptr_array_add (doc->unread, g_strdup ("body (RTF): not RTF once decompressed"));
  }
  return TRUE;
}
