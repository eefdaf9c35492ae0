/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Messages (RFC 5322 / MIME) with GMime 3: every text part, in any
 * charset and transfer encoding, is read as text (HTML as what a reader
 * sees); every attachment goes through the document pipeline as a
 * document of its own, and so is a forwarded message (message/rfc822),
 * through pmark_document_add_nested(): same budget, max-nesting counted.
 * The message's own markings (X-Protective-Marking, subject, msip_labels)
 * are HEADER candidates; those of the messages it forwards or quotes are
 * QUOTED ones. */
#include "config.h"

#include <string.h>

#include "mail.h"
#include "policy/epms.h"
#include "core/document-private.h"
#include "formats/format.h"

static gpointer
init_once (gpointer data)
{
  (void) data;
  g_mime_init ();
  return NULL;
}

void
mail_init (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, init_once, NULL);
}

GMimeMessage *
mail_parse (GBytes *bytes)
{
  mail_init ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  /* the parts keep referring to the stream (GMime parses lazily): it
   * holds its own copy */
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer (data, len);
  GMimeParser *parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
  GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);
  g_object_unref (parser);
  g_object_unref (stream);
  if (!message)
    message = g_mime_message_new (FALSE);
  return message;
}

void
mail_addresses (InternetAddressList *list, GPtrArray *out)
{
  for (int i = 0; list && i < internet_address_list_length (list); i++) {
    InternetAddress *a = internet_address_list_get_address (list, i);
    if (INTERNET_ADDRESS_IS_GROUP (a)) {
      mail_addresses (internet_address_group_get_members (INTERNET_ADDRESS_GROUP (a)),
                      out);
    } else if (INTERNET_ADDRESS_IS_MAILBOX (a)) {
      const char *addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (a));
      if (addr && *addr)
        g_ptr_array_add (out, g_strdup (addr));
    }
  }
}

typedef struct {
  PmarkDocument *doc;
  const PmarkBudget *budget;
  guint bodies;
  guint attachments;
  guint messages;
} Walk;

/* The markings a message carries in its header: X-Protective-Marking
 * (EPMS), the subject's bracketed groups and msip_labels. */
void
mail_header_markings (PmarkDocument *doc, GMimeMessage *message)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (GMIME_OBJECT (message));
  int n = g_mime_header_list_get_count (headers);
  for (int i = 0; i < n; i++) {
    GMimeHeader *h = g_mime_header_list_get_header_at (headers, i);
    const char *name = g_mime_header_get_name (h);
    const char *value = g_mime_header_get_value (h);
    if (!name || !value)
      continue;
    if (!g_ascii_strcasecmp (name, PMARK_MAIL_MARKING_HEADER)) {
      pmark_document_add_header_marking (doc, PMARK_MARKING_SOURCE_HEADER, value,
                                         "header " PMARK_MAIL_MARKING_HEADER, TRUE);
    } else if (!g_ascii_strcasecmp (name, PMARK_MAIL_SIO_LABEL_HEADER)) {
      mail_sio_label_read (doc, value);
    } else if (!g_ascii_strcasecmp (name, "msip_labels")) {
      /* MSIP_Label_<guid>_Enabled=true; MSIP_Label_<guid>_SiteId=...; */
      g_auto (GStrv) items = g_strsplit (value, ";", -1);
      for (char **it = items; *it; it++) {
        g_strstrip (*it);
        if (!g_str_has_prefix (*it, "MSIP_Label_"))
          continue;
        char *u = strstr (*it + 11, "_Enabled=");
        if (!u || g_ascii_strcasecmp (u + 9, "true"))
          continue;
        g_autofree char *label = g_strndup (*it, (gsize) (u - *it));
        pmark_document_add_header_marking (doc, PMARK_MARKING_SOURCE_HEADER, label,
                                           "header msip_labels", FALSE);
      }
    }
  }
  const char *subject = g_mime_message_get_subject (message);
  if (subject)
    mail_subject_markings (doc, subject);
}

void
mail_subject_markings (PmarkDocument *doc, const char *subject)
{
  g_autoptr (GPtrArray) groups = subject_marking_groups (subject);
  for (guint i = 0; i < groups->len; i++)
    pmark_document_add_header_marking (doc, PMARK_MARKING_SOURCE_HEADER,
                                       g_ptr_array_index (groups, i), "subject", FALSE);
}

/* In a reply or forward written as text, the quoted message's header
 * lines ("> Subject: [RESTRICTED] ...", "X-Protective-Marking: ...")
 * carry the thread's marking. */
static void
quoted_markings (Walk *w, const char *text, gsize len, const char *where)
{
  const char *end = text + len;
  guint lineno = 0;
  for (const char *line = text; line < end;) {
    const char *nl = memchr (line, '\n', (gsize) (end - line));
    const char *lend = nl ? nl : end;
    lineno++;
    const char *p = line;
    while (p < lend && (*p == '>' || *p == ' ' || *p == '\t' || *p == '*'))
      p++;
    gsize n = (gsize) (lend - p);
    gboolean subject = n > 8 && !g_ascii_strncasecmp (p, "Subject:", 8);
    gboolean header = n > 21 && !g_ascii_strncasecmp (p, "X-Protective-Marking:", 21);
    if ((subject || header) && n < 1024) {
      g_autofree char *value = g_strndup (p + (subject ? 8 : 21),
                                          n - (subject ? 8 : 21));
      g_strstrip (value);
      g_autofree char *lw = g_strdup_printf ("%s line %u", where, lineno);
      if (header) {
        pmark_document_add_header_marking (w->doc, PMARK_MARKING_SOURCE_QUOTED,
                                           value, lw, TRUE);
      } else {
        g_autoptr (GPtrArray) groups = subject_marking_groups (value);
        for (guint i = 0; i < groups->len; i++)
          pmark_document_add_header_marking (w->doc, PMARK_MARKING_SOURCE_QUOTED,
                                             g_ptr_array_index (groups, i), lw,
                                             FALSE);
      }
    }
    line = nl ? nl + 1 : end;
  }
}

/* Base64 comes in groups of four characters: a part whose count is not a
 * multiple of four lost its end on the way (GMime takes a last line's
 * final character for the CR of its line ending when a CRLF message has a
 * lone LF before its boundary). What follows the loss was not read. */
static gboolean
base64_cut_short (GMimePart *part)
{
  if (g_mime_part_get_content_encoding (part) != GMIME_CONTENT_ENCODING_BASE64)
    return FALSE;
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  GMimeStream *raw = content ? g_mime_data_wrapper_get_stream (content) : NULL;
  if (!raw)
    return FALSE;
  g_mime_stream_reset (raw);
  guint64 n = 0;
  char buf[8192];
  ssize_t r;
  while ((r = g_mime_stream_read (raw, buf, sizeof buf)) > 0)
    for (ssize_t i = 0; i < r; i++)
      n += g_ascii_isalnum (buf[i]) || buf[i] == '+' || buf[i] == '/' || buf[i] == '=';
  g_mime_stream_reset (raw);
  return n % 4 != 0;
}

GBytes *
mail_part_content (GMimePart *part)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  if (!content)
    return g_bytes_new (NULL, 0);
  GMimeStream *out = g_mime_stream_mem_new ();
  g_mime_data_wrapper_write_to_stream (content, out); /* decodes */
  GByteArray *array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (out));
  GBytes *bytes = g_bytes_new (array->data, array->len);
  g_object_unref (out);
  return bytes;
}

static gboolean walk_object (Walk *w, GMimeObject *obj, GError **error);

/* The encoding a Content-Transfer-Encoding GMime does not know meant:
 * "quoted printable", "Quoted-Printable;", "base 64"; the identity for
 * "8bits", "plain" or a media type written in its place; DEFAULT for one
 * that names an encoding pmark does not know. */
static GMimeContentEncoding
lenient_encoding (const char *value)
{
  g_autofree char *v = g_ascii_strdown (value, -1);
  g_strstrip (g_strdelimit (v, ";\"'", ' '));
  if (strstr (v, "quoted"))
    return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
  if (strstr (v, "base") && strstr (v, "64") && !strstr (v, "gzip"))
    return GMIME_CONTENT_ENCODING_BASE64;
  if (g_str_has_prefix (v, "7bit") || g_str_has_prefix (v, "8bit") || g_str_has_prefix (v, "7 bit")
      || g_str_has_prefix (v, "8 bit") || !strcmp (v, "plain") || !strcmp (v, "text")
      || !strcmp (v, "none") || !strcmp (v, "binary") || strchr (v, '/'))
    return GMIME_CONTENT_ENCODING_8BIT;
  return GMIME_CONTENT_ENCODING_DEFAULT;
}

/* One uuencoded line ("M<&5L;&\\..."): its bytes, as many as its first
 * character says; FALSE when it is no such line */
static gboolean
uudecode_line (const char *l, gsize n, GByteArray *out)
{
  while (n && (l[n - 1] == '\r' || l[n - 1] == ' '))
    n--;
  if (!n)
    return FALSE;
  guint want = (guint) ((l[0] - ' ') & 0x3f);
  if (l[0] < ' ' || l[0] > '`' || (want + 2) / 3 * 4 > n - 1 + 3)
    return FALSE;
  guint got = 0;
  for (gsize i = 1; got < want; i += 4) {
    guchar c[4];
    for (int k = 0; k < 4; k++)
      c[k] = (guchar) ((i + (gsize) k < n ? (l[i + (gsize) k] - ' ') : 0) & 0x3f);
    guchar b[3] = { (guchar) (c[0] << 2 | c[1] >> 4), (guchar) (c[1] << 4 | c[2] >> 2),
                    (guchar) (c[2] << 6 | c[3]) };
    for (int k = 0; k < 3 && got < want; k++, got++)
      g_byte_array_append (out, &b[k], 1);
  }
  return TRUE;
}

/* Attachments uuencoded inline in a text body, as old mail clients and
 * scripts send them ("begin 644 referral.doc" ... "end"): each a document
 * of its own; one cut short is read as far as it goes, and said so */
static gboolean
uuencoded_attachments (Walk *w, const char *text, gsize len, GError **error)
{
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    gsize n = (gsize) ((nl ? nl : end) - p);
    guint mode = 0;
    int at = 0;
    g_autofree char *line = g_strndup (p, n);
    if (n > 10 && !strncmp (p, "begin ", 6) && sscanf (line, "begin %o %n", &mode, &at) == 1
        && at > 0 && (gsize) at < n) {
      g_autofree char *name = g_strstrip (g_strdup (line + at));
      g_autoptr (GByteArray) bytes = g_byte_array_new ();
      gboolean ended = FALSE;
      p = nl ? nl + 1 : end;
      while (p < end) {
        const char *ln = p;
        nl = memchr (p, '\n', (gsize) (end - p));
        n = (gsize) ((nl ? nl : end) - p);
        p = nl ? nl + 1 : end;
        gsize m = n;
        while (m && (ln[m - 1] == '\r' || ln[m - 1] == ' '))
          m--;
        if (m == 3 && !strncmp (ln, "end", 3)) {
          ended = TRUE;
          break;
        }
        if (!uudecode_line (ln, n, bytes))
          break;
      }
      if (!ended)
        g_ptr_array_add (w->doc->unread,
                         g_strdup_printf ("uuencoded attachment %s: cut short (no \"end\" line): "
                                          "read as far as it goes", name));
      if (bytes->len) {
        w->attachments++;
        g_autofree char *where = g_strdup_printf ("attachment %s (uuencoded)", name);
        g_autoptr (GBytes) b = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
        if (!pmark_document_add_nested (w->doc, w->budget, b, name, where, error))
          return FALSE;
      }
      continue;
    }
    p = nl ? nl + 1 : end;
  }
  return TRUE;
}

static gboolean
text_body (Walk *w, GMimePart *part, gboolean html,
           GError **error)
{
  char *text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
  if (!text)
    return TRUE;
  /* A NUL in the part (raw, or in base64) ends GMime's text there: what
   * follows it is read as well, the NULs as spaces (not in UTF-16 or
   * UTF-32, whose NULs are half their characters) */
  const char *cs = g_mime_object_get_content_type_parameter (GMIME_OBJECT (part), "charset");
  if (!cs || (g_ascii_strncasecmp (cs, "utf-16", 6) && g_ascii_strncasecmp (cs, "utf-32", 6)
              && g_ascii_strncasecmp (cs, "ucs", 3))) {
    g_autoptr (GBytes) raw = mail_part_content (part);
    gsize rn;
    const char *rd = g_bytes_get_data (raw, &rn);
    if (rd && memchr (rd, 0, rn)) {
      char *copy = g_malloc (rn + 1);
      for (gsize i = 0; i < rn; i++)
        copy[i] = rd[i] ? rd[i] : ' ';
      copy[rn] = 0;
      char *conv = cs ? g_convert (copy, (gssize) rn, "UTF-8", cs, NULL, NULL, NULL) : NULL;
      g_free (text);
      text = conv ? conv : g_utf8_make_valid (copy, (gssize) rn);
      g_free (copy);
    }
  }
  gsize len = strlen (text);
  if (!g_utf8_validate (text, (gssize) len, NULL)) {
    /* a charset GMime does not know leaves the bytes as they were */
    char *valid = g_utf8_make_valid (text, (gssize) len);
    g_free (text);
    text = valid;
    len = strlen (text);
  }
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (pmark_table_tsv_free);
  if (html) {
    gsize n;
    char *plain = pmark_html_text (text, len, &n, tables);
    g_free (text);
    text = plain;
    len = n;
  }
  w->bodies++;
  g_autofree char *where = g_strdup_printf ("body%s%s",
                                            w->bodies > 1 ? " " : "",
                                            w->bodies > 1 ? (html ? "(HTML)" : "(text)") : "");
  quoted_markings (w, text, len, where);
  if (!html && !uuencoded_attachments (w, text, len, error))
    return FALSE;
  if (!pmark_document_add_text (w->doc, w->budget, where, text, len, TRUE, error))
    return FALSE;
  const PmarkTextPart *p = g_ptr_array_index (w->doc->parts, w->doc->parts->len - 1);
  pmark_document_add_edge_lines (w->doc, p->text, p->len, where);
  /* an HTML body's tables: column headers are their cells' context */
  return pmark_document_add_tables (w->doc, w->budget, where, tables, error);
}

static gboolean
walk_object (Walk *w, GMimeObject *obj, GError **error)
{
  if (!pmark_document_check_budget (w->doc, error))
    return FALSE;
  GMimeContentType *ct = g_mime_object_get_content_type (obj);
  /* a new string each call */
  g_autofree char *mime_type = g_mime_content_type_get_mime_type (ct);

  if (GMIME_IS_MULTIPART_ENCRYPTED (obj)) {
    g_ptr_array_add (w->doc->unread,
                     g_strdup_printf ("encrypted part (%s): no key to read it",
                                      mime_type));
    return TRUE;
  }
  if (GMIME_IS_MULTIPART (obj)) {
    GMimeMultipart *mp = GMIME_MULTIPART (obj);
    int n = g_mime_multipart_get_count (mp);
    for (int i = 0; i < n; i++)
      if (!walk_object (w, g_mime_multipart_get_part (mp, i), error))
        return FALSE;
    return TRUE;
  }
  if (GMIME_IS_MESSAGE_PART (obj)) {
    /* a forwarded message is a document of its own, read as any attached
     * one is: its markings become the thread's (QUOTED), and its depth
     * counts against max-nesting */
    GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (obj));
    if (!inner)
      return TRUE;
    w->messages++;
    g_autofree char *where = g_strdup_printf ("forwarded message %u", w->messages);
    GMimeStream *stream = g_mime_stream_mem_new ();
    g_mime_object_write_to_stream (GMIME_OBJECT (inner), NULL, stream);
    GByteArray *array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
    g_autoptr (GBytes) bytes = g_bytes_new (array->data, array->len);
    g_object_unref (stream);
    return pmark_document_add_nested (w->doc, w->budget, bytes, where, where, error);
  }
  if (!GMIME_IS_PART (obj))
    return TRUE;

  GMimePart *part = GMIME_PART (obj);
  const char *filename = g_mime_part_get_filename (part);
  GMimeContentDisposition *disp = g_mime_object_get_content_disposition (obj);
  gboolean attachment = filename
                        || (disp && g_mime_content_disposition_is_attachment (disp));
  /* signatures say who sent it, not what it says */
  if (g_mime_content_type_is_type (ct, "application", "pgp-signature")
      || g_mime_content_type_is_type (ct, "application", "pkcs7-signature")
      || g_mime_content_type_is_type (ct, "application", "x-pkcs7-signature"))
    return TRUE;
  if (g_mime_content_type_is_type (ct, "application", "pkcs7-mime")
      || g_mime_content_type_is_type (ct, "application", "x-pkcs7-mime")
      || g_mime_content_type_is_type (ct, "application", "pgp-encrypted")) {
    g_ptr_array_add (w->doc->unread,
                     g_strdup_printf ("encrypted part (%s): no key to read it",
                                      mime_type));
    return TRUE;
  }
  /* a transfer encoding GMime does not know leaves the bytes as they
   * came: a writer's slip ("quoted printable", "8bits") is decoded as
   * meant; one that names no encoding pmark knows (x-gzip64) is read as
   * it came, and said not decoded */
  const char *cte = g_mime_object_get_header (obj, "Content-Transfer-Encoding");
  if (cte && *cte && g_mime_content_encoding_from_string (cte) == GMIME_CONTENT_ENCODING_DEFAULT) {
    GMimeContentEncoding meant = lenient_encoding (cte);
    GMimeDataWrapper *content = g_mime_part_get_content (part);
    if (meant != GMIME_CONTENT_ENCODING_DEFAULT && content)
      g_mime_data_wrapper_set_encoding (content, meant);
    else if (meant == GMIME_CONTENT_ENCODING_DEFAULT)
      g_ptr_array_add (w->doc->unread,
                       g_strdup_printf ("%s%s: its transfer encoding \"%.40s\" is unknown, so "
                                        "it was not decoded", filename ? "attachment " : "part ",
                                        filename ? filename : mime_type, cte));
  }
  if (base64_cut_short (part))
    g_ptr_array_add (w->doc->unread,
                     g_strdup_printf ("%s%s: its base64 content is cut short (a damaged "
                                      "message): its end was not read",
                                      filename ? "attachment " : "part ",
                                      filename ? filename : mime_type));
  if (!attachment && GMIME_IS_TEXT_PART (obj)
      && (g_mime_content_type_is_type (ct, "text", "plain")
          || g_mime_content_type_is_type (ct, "text", "html")
          || g_mime_content_type_is_type (ct, "text", "enriched")))
    return text_body (w, part,
                      g_mime_content_type_is_type (ct, "text", "html"), error);

  /* an attachment (or an inline part of another type): a document */
  w->attachments++;
  g_autoptr (GBytes) content = mail_part_content (part);
  if (!g_bytes_get_size (content))
    return TRUE;
  g_autofree char *where = filename
    ? g_strdup_printf ("attachment %s", filename)
    : g_strdup_printf ("attachment %u (%s)", w->attachments,
                       mime_type);
  return pmark_document_add_nested (w->doc, w->budget, content,
                                    filename ? filename : where, where, error);
}

/* The header a reader sees (Subject, From, To, Cc) as a part of its own,
 * "header", as Outlook messages have it (mapi.c): a subject naming a
 * child ("Jayden Smith (Y5) - disclosure") is content */
static gboolean
header_text (PmarkDocument *doc, GMimeMessage *message, const PmarkBudget *budget,
             GError **error)
{
  GString *h = g_string_new (NULL);
  const char *subject = g_mime_message_get_subject (message);
  if (subject && *subject)
    g_string_append_printf (h, "Subject: %s\n", subject);
  static const struct {
    const char *name;
    GMimeAddressType type;
  } lists[] = {
    { "From", GMIME_ADDRESS_TYPE_FROM },
    { "To", GMIME_ADDRESS_TYPE_TO },
    { "Cc", GMIME_ADDRESS_TYPE_CC },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++) {
    InternetAddressList *l = g_mime_message_get_addresses (message, lists[i].type);
    if (!l || internet_address_list_length (l) == 0)
      continue;
    g_autofree char *v = internet_address_list_to_string (l, NULL, FALSE);
    if (v && *v)
      g_string_append_printf (h, "%s: %s\n", lists[i].name, v);
  }
  gsize n = h->len;
  if (!n) {
    g_string_free (h, TRUE);
    return TRUE;
  }
  return pmark_document_add_text (doc, budget, "header", g_string_free (h, FALSE), n, TRUE,
                                  error);
}

gboolean
mail_read_message (PmarkDocument *doc, GMimeMessage *message,
                   const PmarkBudget *budget, GError **error)
{
  Walk w = { .doc = doc, .budget = budget };
  mail_header_markings (w.doc, message);
  if (!header_text (doc, message, budget, error))
    return FALSE;
  GMimeObject *body = g_mime_message_get_mime_part (message);
  return !body || walk_object (&w, body, error);
}

static guint
mail_sniff (const PmarkSniffInfo *info)
{
  return strcmp (info->mime, "message/rfc822") == 0 || strcmp (info->mime, "message/news") == 0
           ? PMARK_SNIFF_TYPE : 0;
}

static gboolean
mail_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
              GError **error)
{
  g_autoptr (GMimeMessage) message = mail_parse (input);
  return mail_read_message (doc, message, budget, error);
}

const PmarkFormat pmark_format_mail = {
  .name = "mail",
  .description = "e-mail message (RFC 5322, MIME): text parts, attachments, "
                 "nested messages",
  .sniff = mail_sniff,
  .extract = mail_extract,
};
