/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Outlook .msg ([MS-OXMSG]): an OLE2 compound file whose streams are MAPI
 * properties, "__substg1.0_IIIITTTT" (id, type) for variable-length ones
 * and __properties_version1.0 for fixed ones (the code page). Recipients
 * and attachments are storages of their own; an attachment is bytes
 * (read as a nested document like any mail attachment) or an embedded
 * message or OLE object (a storage, read as a nested compound file). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/document-private.h"
#include "formats/ole.h"
#include "mapi.h"

static guint
msg_sniff (const PmarkSniffInfo *info)
{
  return ole_sniff (info) == OLE_KIND_OUTLOOK ? PMARK_SNIFF_CONTENT : 0;
}

/* "__substg1.0_0037001F" -> id 0x0037, type 0x001F */
static gboolean
substg (const char *name, guint16 *id, guint16 *type)
{
  if (!g_str_has_prefix (name, "__substg1.0_") || strlen (name) != 20)
    return FALSE;
  for (int i = 12; i < 20; i++)
    if (!g_ascii_isxdigit (name[i]))
      return FALSE;
  guint32 v = (guint32) strtoul (name + 12, NULL, 16);
  *id = (guint16) (v >> 16);
  *type = (guint16) (v & 0xFFFF);
  return TRUE;
}

/* __properties_version1.0: a header (32 bytes for the message, 24 for an
 * embedded one, 8 for recipients and attachments), then 16-byte entries:
 * type, id, flags, value. Only PT_LONG values are kept. */
static void
fixed_props (GsfInfile *dir, const PmarkBudget *budget, MapiMessage *m,
             gsize header)
{
  GError *err = NULL;
  g_autoptr (GBytes) b = ole_read (dir, "__properties_version1.0", budget, &err);
  g_clear_error (&err);
  if (!b)
    return;
  gsize len;
  const guint8 *p = g_bytes_get_data (b, &len);
  if (header == 32 && len >= 24 && (len - 24) % 16 == 0 && (len - 32) % 16)
    header = 24;
  for (gsize at = header; at + 16 <= len; at += 16) {
    guint16 type = ole_u16 (p, len, at), id = ole_u16 (p, len, at + 2);
    if (type == MAPI_PT_LONG)
      mapi_message_set (m, id, type, p + at + 8, 4);
  }
}

/* The variable-length properties of `dir`: each stream read and kept. */
static void
stream_props (GsfInfile *dir, const PmarkBudget *budget, MapiMessage *m,
              GString *extra)
{
  int n = gsf_infile_num_children (dir);
  for (int i = 0; i < n; i++) {
    const char *name = gsf_infile_name_by_index (dir, i);
    guint16 id, type;
    if (!name || !substg (name, &id, &type) || type == MAPI_PT_OBJECT)
      continue;
    GError *err = NULL;
    g_autoptr (GBytes) b = ole_read (dir, name, budget, &err);
    g_clear_error (&err);
    if (!b)
      continue;
    gsize len;
    const guint8 *p = g_bytes_get_data (b, &len);
    if (extra && (id == MAPI_DISPLAY_NAME || id == MAPI_EMAIL_ADDRESS
                  || id == MAPI_SMTP_ADDRESS)) {
      g_autofree char *s = mapi_string (type, p, len, m->codepage);
      if (s && *s)
        g_string_append_printf (extra, "%s\n", s);
      continue;
    }
    mapi_message_set (m, id, type, p, len);
  }
}

static char *
attach_string (GsfInfile *a, const PmarkBudget *budget, guint16 id, guint codepage)
{
  static const guint16 types[] = { MAPI_PT_UNICODE, MAPI_PT_STRING8 };
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++) {
    g_autofree char *name = g_strdup_printf ("__substg1.0_%04X%04X", id, types[i]);
    GError *err = NULL;
    g_autoptr (GBytes) b = ole_read (a, name, budget, &err);
    g_clear_error (&err);
    if (!b)
      continue;
    gsize len;
    const guint8 *p = g_bytes_get_data (b, &len);
    char *s = mapi_string (types[i], p, len, codepage);
    if (s && *s)
      return s;
    g_free (s);
  }
  return NULL;
}

static gboolean
read_attachment (PmarkDocument *doc, const PmarkBudget *budget, GsfInfile *a,
                 guint index, guint codepage, GError **error)
{
  g_autofree char *name = attach_string (a, budget, MAPI_ATTACH_LONG_FILENAME, codepage);
  if (!name)
    name = attach_string (a, budget, MAPI_ATTACH_FILENAME, codepage);
  if (!name)
    name = attach_string (a, budget, MAPI_DISPLAY_NAME, codepage);
  g_autofree char *where = name ? g_strdup_printf ("attachment %u (%s)", index, name)
                                : g_strdup_printf ("attachment %u", index);
  GError *err = NULL;
  g_autoptr (GBytes) data = ole_read (a, "__substg1.0_37010102", budget, &err);
  if (err) {
    g_ptr_array_add (doc->unread, g_strdup_printf ("%s: %s", where, err->message));
    g_error_free (err);
    return TRUE;
  }
  if (data)
    return pmark_document_add_nested (doc, budget, data, name, where, error);
  g_autoptr (GsfInfile) obj = ole_storage (a, "__substg1.0_3701000D");
  if (obj)
    return ole_add_object (doc, obj, budget, where, error);
  return TRUE; /* by reference (a link or a path): nothing here to read */
}

static gboolean
msg_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  g_autoptr (GsfInfile) root = ole_open (input, error);
  if (!root)
    return FALSE;
  MapiMessage m;
  mapi_message_init (&m);
  fixed_props (root, budget, &m, 32);
  stream_props (root, budget, &m, NULL);
  g_autoptr (GPtrArray) attachments = g_ptr_array_new_with_free_func (g_object_unref);
  int n = gsf_infile_num_children (root);
  for (int i = 0; i < n; i++) {
    const char *name = gsf_infile_name_by_index (root, i);
    if (!name)
      continue;
    if (g_str_has_prefix (name, "__recip_version1.0_")) {
      g_autoptr (GsfInfile) r = ole_storage (root, name);
      if (r)
        stream_props (r, budget, &m, m.recipients);
    } else if (g_str_has_prefix (name, "__attach_version1.0_")) {
      GsfInfile *a = ole_storage (root, name);
      if (a)
        g_ptr_array_add (attachments, a);
    }
  }
  gboolean ok = mapi_message_read (doc, budget, &m, error);
  guint codepage = m.codepage;
  mapi_message_clear (&m);
  for (guint i = 0; ok && i < attachments->len; i++)
    ok = read_attachment (doc, budget, g_ptr_array_index (attachments, i), i + 1,
                          codepage, error)
         && pmark_document_check_budget (doc, error);
  return ok;
}

const PmarkFormat pmark_format_msg = {
  .name = "msg",
  .description = "Outlook message (msg): header, body, attachments",
  .sniff = msg_sniff,
  .extract = msg_extract,
};
