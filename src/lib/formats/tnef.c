/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* TNEF (winmail.dat, [MS-OXTNEF]): a signature, then attributes (level,
 * id, length, data, checksum). The message's MAPI properties (attMsgProps)
 * carry its body — often only as compressed RTF — and each attachment
 * starts with attAttachRendData, then its title, data and properties;
 * an embedded message is a TNEF stream of its own. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "formats/ole.h"
#include "mapi.h"

#define TNEF_SIGNATURE 0x223E9F78u

enum {
  A_SUBJECT = 0x8004, A_BODY = 0x800C, A_ATTACH_DATA = 0x800F,
  A_ATTACH_TITLE = 0x8010, A_ATTACH_REND = 0x9002, A_MSG_PROPS = 0x9003,
  A_ATTACHMENT = 0x9005, A_OEM_CODEPAGE = 0x9007,
};

typedef struct {
  char *title;
  char *long_name;
  GBytes *data;
  GBytes *object;   /* PR_ATTACH_DATA_OBJ, after its IID */
} Attachment;

static void
attachment_free (gpointer p)
{
  Attachment *a = p;
  g_free (a->title);
  g_free (a->long_name);
  g_clear_pointer (&a->data, g_bytes_unref);
  g_clear_pointer (&a->object, g_bytes_unref);
  g_free (a);
}

static guint
tnef_sniff (const PmarkSniffInfo *info)
{
  if (info->len >= 6 && ole_u32 (info->data, info->len, 0) == TNEF_SIGNATURE)
    return PMARK_SNIFF_CONTENT;
  return !strcmp (info->mime, "application/vnd.ms-tnef") ? PMARK_SNIFF_TYPE : 0;
}

typedef void (*PropFunc) (guint16 id, guint16 type, const guint8 *v, gsize len,
                          gpointer data);

static gsize
fixed_size (guint16 type)
{
  switch (type) {
  case 0x0001: case 0x0002: case 0x0003: case 0x0004: case 0x000A: case 0x000B:
    return 4;
  case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040:
    return 8;
  case 0x0048:
    return 16;
  default:
    return 0;
  }
}

/* A MAPI property list: count, then (type, id, [name], values). Stops at
 * the first thing it cannot size: the rest is lost, never misread. */
static void
each_prop (const guint8 *p, gsize len, PropFunc f, gpointer data)
{
  guint32 count = ole_u32 (p, len, 0);
  gsize at = 4;
  for (guint32 i = 0; i < count && at + 4 <= len; i++) {
    guint16 type = ole_u16 (p, len, at), id = ole_u16 (p, len, at + 2);
    at += 4;
    if (id >= 0x8000) { /* named: GUID, kind, then a number or a name */
      guint32 kind = ole_u32 (p, len, at + 16);
      at += 20;
      if (kind == 0) {
        at += 4;
      } else {
        guint32 n = ole_u32 (p, len, at);
        if (n > len)
          return;
        at += 4 + ((n + 3) & ~3u);
      }
    }
    guint16 base = type & 0x0FFF;
    gboolean multi = (type & 0x1000) != 0;
    gboolean variable = base == MAPI_PT_STRING8 || base == MAPI_PT_UNICODE
                        || base == MAPI_PT_BINARY || base == MAPI_PT_OBJECT;
    guint32 values = 1;
    if (multi || variable) {
      values = ole_u32 (p, len, at);
      at += 4;
    }
    for (guint32 k = 0; k < values && at <= len; k++) {
      gsize n;
      if (variable) {
        n = ole_u32 (p, len, at);
        at += 4;
        if (at > len || n > len - at)
          return;
        if (!multi && k == 0)
          f (id, base, p + at, n, data);
        at += (n + 3) & ~(gsize) 3;
      } else {
        n = fixed_size (base);
        if (!n || at + n > len)
          return;
        if (!multi && k == 0)
          f (id, base, p + at, n, data);
        at += n;
      }
    }
  }
}

static void
message_prop (guint16 id, guint16 type, const guint8 *v, gsize len, gpointer data)
{
  mapi_message_set (data, id, type, v, len);
}

typedef struct {
  Attachment *a;
  guint codepage;
} AttachProps;

static void
attach_prop (guint16 id, guint16 type, const guint8 *v, gsize len, gpointer data)
{
  AttachProps *ap = data;
  if (id == MAPI_ATTACH_LONG_FILENAME && !ap->a->long_name) {
    ap->a->long_name = mapi_string (type, v, len, ap->codepage);
  } else if (id == MAPI_ATTACH_DATA && type == MAPI_PT_OBJECT && len > 16) {
    g_clear_pointer (&ap->a->object, g_bytes_unref);
    ap->a->object = g_bytes_new (v + 16, len - 16);
  } else if (id == MAPI_ATTACH_DATA && type == MAPI_PT_BINARY && !ap->a->data) {
    ap->a->data = g_bytes_new (v, len);
  }
}

static gboolean
tnef_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
              GError **error)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (input, &len);
  if (len < 6 || ole_u32 (p, len, 0) != TNEF_SIGNATURE) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not a TNEF stream (no TNEF signature)");
    return FALSE;
  }
  MapiMessage m;
  mapi_message_init (&m);
  g_autoptr (GPtrArray) attachments = g_ptr_array_new_with_free_func (attachment_free);
  Attachment *cur = NULL;
  gboolean damaged = FALSE;
  gsize at = 6;
  while (at + 9 <= len) {
    guint8 level = p[at];
    guint32 id = ole_u32 (p, len, at + 1), n = ole_u32 (p, len, at + 5);
    at += 9;
    if (n > len - at || (level != 1 && level != 2)) {
      damaged = TRUE;
      break;
    }
    const guint8 *d = p + at;
    switch (id & 0xFFFF) {
    case A_OEM_CODEPAGE:
      if (n >= 4 && ole_u32 (d, n, 0))
        m.codepage = ole_u32 (d, n, 0);
      break;
    case A_SUBJECT:
      if (!m.subject)
        m.subject = mapi_string (MAPI_PT_STRING8, d, n, m.codepage);
      break;
    case A_BODY:
      if (!m.body)
        m.body = mapi_string (MAPI_PT_STRING8, d, n, m.codepage);
      break;
    case A_MSG_PROPS:
      each_prop (d, n, message_prop, &m);
      break;
    case A_ATTACH_REND:
      cur = g_new0 (Attachment, 1);
      g_ptr_array_add (attachments, cur);
      break;
    case A_ATTACH_TITLE:
      if (cur && !cur->title)
        cur->title = mapi_string (MAPI_PT_STRING8, d, n, m.codepage);
      break;
    case A_ATTACH_DATA:
      if (cur && !cur->data)
        cur->data = g_bytes_new (d, n);
      break;
    case A_ATTACHMENT:
      if (cur) {
        AttachProps ap = { cur, m.codepage };
        each_prop (d, n, attach_prop, &ap);
      }
      break;
    default:
      break;
    }
    at += n + 2; /* and the checksum */
  }
  gboolean ok = mapi_message_read (doc, budget, &m, error);
  mapi_message_clear (&m);
  if (damaged)
    g_ptr_array_add (doc->unread, g_strdup ("the rest of the TNEF stream "
                                            "(an attribute runs past its end)"));
  for (guint i = 0; ok && i < attachments->len; i++) {
    Attachment *a = g_ptr_array_index (attachments, i);
    const char *name = a->long_name ? a->long_name : a->title;
    g_autofree char *where = name ? g_strdup_printf ("attachment %u (%s)", i + 1, name)
                                  : g_strdup_printf ("attachment %u", i + 1);
    GBytes *data = a->object ? a->object : a->data;
    if (data)
      ok = pmark_document_add_nested (doc, budget, data, name, where, error);
  }
  return ok;
}

const PmarkFormat pmark_format_tnef = {
  .name = "tnef",
  .description = "TNEF (winmail.dat): body and attachments",
  .sniff = tnef_sniff,
  .extract = tnef_extract,
};
