/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Outlook's own message formats share MAPI properties: .msg files keep
 * them in OLE2 streams (msg.c), winmail.dat in a TNEF stream (tnef.c).
 * Both fill a MapiMessage; one function reads it into the document. */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

enum {
  MAPI_PT_SHORT = 0x0002, MAPI_PT_LONG = 0x0003, MAPI_PT_OBJECT = 0x000D,
  MAPI_PT_STRING8 = 0x001E, MAPI_PT_UNICODE = 0x001F, MAPI_PT_BINARY = 0x0102,
};

enum {
  MAPI_MESSAGE_CLASS = 0x001A, MAPI_SUBJECT = 0x0037,
  MAPI_SENT_REPRESENTING_NAME = 0x0042, MAPI_TRANSPORT_HEADERS = 0x007D,
  MAPI_SENDER_NAME = 0x0C1A, MAPI_SENDER_EMAIL = 0x0C1F,
  MAPI_DISPLAY_BCC = 0x0E02, MAPI_DISPLAY_CC = 0x0E03, MAPI_DISPLAY_TO = 0x0E04,
  MAPI_BODY = 0x1000, MAPI_RTF_COMPRESSED = 0x1009, MAPI_HTML = 0x1013,
  MAPI_DISPLAY_NAME = 0x3001, MAPI_EMAIL_ADDRESS = 0x3003,
  MAPI_ATTACH_DATA = 0x3701, MAPI_ATTACH_FILENAME = 0x3704,
  MAPI_ATTACH_LONG_FILENAME = 0x3707, MAPI_ATTACH_METHOD = 0x3705,
  MAPI_INTERNET_CPID = 0x3FDE, MAPI_MESSAGE_CODEPAGE = 0x3FFD,
  MAPI_SMTP_ADDRESS = 0x39FE,
};

typedef struct {
  guint codepage;   /* of STRING8 values; 1252 unless the message says */
  char *subject, *from, *to, *cc, *headers, *body, *message_class;
  GString *recipients;
  GBytes *html, *rtf;
  gboolean html_utf8;      /* html came as Unicode: already UTF-8 */
} MapiMessage;

void mapi_message_init (MapiMessage *m);
void mapi_message_clear (MapiMessage *m);
/* Keeps what pmark reads of one single-valued property. */
void mapi_message_set (MapiMessage *m, guint16 id, guint16 type,
                       const guint8 *value, gsize len);

/* A STRING8 (in `codepage`) or UNICODE value as UTF-8, up to its NUL;
 * NULL for other types. */
char *mapi_string (guint16 type, const guint8 *value, gsize len,
                   guint codepage);

/* [MS-OXRTFCP]: a PR_RTF_COMPRESSED value (LZFu or uncompressed MELA)
 * as RTF. */
GBytes *mapi_rtf_decompress (const guint8 *data, gsize len,
                             const PmarkBudget *budget, GError **error);

/* Adds the message: its header fields as a "header" part, its body (the
 * plain text, else the HTML, else the RTF one) and its markings (the
 * transport headers' X-Protective-Marking and msip_labels, the subject's
 * groups) as HEADER candidates. */
gboolean mapi_message_read (PmarkDocument *doc, const PmarkBudget *budget,
                            MapiMessage *m, GError **error);

G_END_DECLS
