/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* C2SP age v1, "Header": a version line; stanzas "-> TYPE ARG..." each with
 * a body of canonical unpadded base64 in lines of 64 columns ending with a
 * shorter (possibly empty) line; "--- MAC". Every line ends in LF. */
#include "config.h"

#include <string.h>

#include <pmark/error.h>

#include "format.h"

#define MAX_LINE 64 * 1024
#define MAX_STANZAS 1024

AgeStanza *
age_stanza_new (const char *type, const char *const *args, const guint8 *body,
                gsize body_len)
{
  AgeStanza *s = g_new0 (AgeStanza, 1);
  s->type = g_strdup (type);
  s->args = g_strdupv ((char **) args);
  s->n_args = s->args ? g_strv_length (s->args) : 0;
  if (!s->args)
    s->args = g_new0 (char *, 1);
  s->body = g_memdup2 (body, body_len);
  s->body_len = body_len;
  return s;
}

void
age_stanza_free (AgeStanza *s)
{
  if (!s)
    return;
  g_free (s->type);
  g_strfreev (s->args);
  if (s->body)
    sodium_memzero (s->body, s->body_len);
  g_free (s->body);
  g_free (s);
}

void
age_header_free (AgeHeader *h)
{
  if (!h)
    return;
  g_ptr_array_unref (h->stanzas);
  g_byte_array_unref (h->mac_input);
  g_free (h);
}

static gboolean
header_error (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static gboolean
header_error (GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER, "invalid age header: %s", msg);
  return FALSE;
}

/* an argument: one or more VCHARs (0x21-0x7e) */
static gboolean
valid_arg (const char *s)
{
  if (!*s)
    return FALSE;
  for (; *s; s++)
    if ((guchar) *s < 0x21 || (guchar) *s > 0x7e)
      return FALSE;
  return TRUE;
}

static GString *
read_line (AgeReader *r, AgeHeader *h, GError **error)
{
  GError *e = NULL;
  GString *l = age_reader_line (r, MAX_LINE, &e);
  if (e) {
    g_propagate_error (error, e);
    return NULL;
  }
  if (!l || l->str[l->len - 1] != '\n') {
    if (l)
      g_string_free (l, TRUE);
    header_error (error, "the header ends before its MAC line");
    return NULL;
  }
  g_byte_array_append (h->mac_input, (const guint8 *) l->str, l->len);
  g_string_truncate (l, l->len - 1);
  if (memchr (l->str, '\0', l->len)) {
    g_string_free (l, TRUE);
    header_error (error, "a NUL byte in the header");
    return NULL;
  }
  return l;
}

static gboolean
read_stanza_body (AgeReader *r, AgeHeader *h, AgeStanza *s, GError **error)
{
  GByteArray *body = g_byte_array_new ();
  for (;;) {
    g_autoptr (GString) l = read_line (r, h, error);
    if (!l) {
      g_byte_array_unref (body);
      return FALSE;
    }
    if (l->len > AGE_STANZA_COLUMNS) {
      g_byte_array_unref (body);
      return header_error (error, "a stanza body line longer than 64 columns");
    }
    guint8 buf[AGE_STANZA_COLUMNS];
    gsize n = 0;
    if (l->len && !age_b64_decode (l->str, l->len, buf, sizeof buf, &n)) {
      g_byte_array_unref (body);
      return header_error (error, "a stanza body line that is not canonical base64");
    }
    g_byte_array_append (body, buf, n);
    if (l->len < AGE_STANZA_COLUMNS)
      break;
  }
  s->body_len = body->len;
  s->body = g_byte_array_free (body, FALSE);
  return TRUE;
}

AgeHeader *
age_header_read (AgeReader *r, GError **error)
{
  g_autoptr (AgeHeader) h = g_new0 (AgeHeader, 1);
  h->stanzas = g_ptr_array_new_with_free_func ((GDestroyNotify) age_stanza_free);
  h->mac_input = g_byte_array_new ();
  g_autoptr (GString) intro = read_line (r, h, error);
  if (!intro)
    return NULL;
  if (strcmp (intro->str, "age-encryption.org/v1")) {
    header_error (error, g_str_has_prefix (intro->str, "age-encryption.org/")
                           ? "unsupported version" : "not an age file");
    return NULL;
  }
  for (;;) {
    gsize before = h->mac_input->len;
    g_autoptr (GString) l = read_line (r, h, error);
    if (!l)
      return NULL;
    if (g_str_has_prefix (l->str, "---")) {
      /* "--- MAC": the MAC covers the header up to and with "---" */
      g_byte_array_set_size (h->mac_input, before + 3);
      gsize n = 0;
      if (l->len < 4 || l->str[3] != ' '
          || !age_b64_decode (l->str + 4, l->len - 4, h->mac, sizeof h->mac, &n)
          || n != AGE_MAC_LEN) {
        header_error (error, "a malformed MAC line");
        return NULL;
      }
      break;
    }
    if (!g_str_has_prefix (l->str, "-> ")) {
      header_error (error, "a line that is neither a stanza nor the MAC");
      return NULL;
    }
    g_auto (GStrv) parts = g_strsplit (l->str + 3, " ", -1);
    for (guint i = 0; parts[i]; i++)
      if (!valid_arg (parts[i])) {
        header_error (error, "a stanza argument that is empty or not printable");
        return NULL;
      }
    if (!parts[0]) {
      header_error (error, "a stanza without a type");
      return NULL;
    }
    if (h->stanzas->len >= MAX_STANZAS) {
      header_error (error, "more than %d stanzas", MAX_STANZAS);
      return NULL;
    }
    AgeStanza *s = age_stanza_new (parts[0], (const char *const *) parts + 1, NULL, 0);
    g_ptr_array_add (h->stanzas, s);
    if (!read_stanza_body (r, h, s, error))
      return NULL;
  }
  if (!h->stanzas->len) {
    header_error (error, "no recipient stanzas");
    return NULL;
  }
  return g_steal_pointer (&h);
}

void
age_header_mac (const guint8 file_key[AGE_FILE_KEY_LEN], const guint8 *data,
                gsize len, guint8 out[AGE_MAC_LEN])
{
  guint8 *key = age_secure_alloc (AGE_KEY_LEN);
  age_hkdf (NULL, 0, file_key, AGE_FILE_KEY_LEN, "header", key, AGE_KEY_LEN);
  age_hmac (key, data, len, out);
  age_secure_free (key);
}

gboolean
age_header_verify (const AgeHeader *h, const guint8 file_key[AGE_FILE_KEY_LEN])
{
  guint8 mac[AGE_MAC_LEN];
  age_header_mac (file_key, h->mac_input->data, h->mac_input->len, mac);
  return sodium_memcmp (mac, h->mac, AGE_MAC_LEN) == 0;
}

GString *
age_header_encode (GPtrArray *stanzas, const guint8 file_key[AGE_FILE_KEY_LEN])
{
  GString *s = g_string_new (AGE_INTRO);
  for (guint i = 0; i < stanzas->len; i++) {
    const AgeStanza *st = g_ptr_array_index (stanzas, i);
    g_string_append_printf (s, "-> %s", st->type);
    for (guint k = 0; k < st->n_args; k++)
      g_string_append_printf (s, " %s", st->args[k]);
    g_string_append_c (s, '\n');
    g_autofree char *b = age_b64_encode (st->body, st->body_len);
    gsize bl = strlen (b);
    /* full lines of 64, then a shorter one, empty if need be */
    for (gsize off = 0;; off += AGE_STANZA_COLUMNS) {
      gsize k = MIN (AGE_STANZA_COLUMNS, bl - off);
      g_string_append_len (s, b + off, k);
      g_string_append_c (s, '\n');
      if (k < AGE_STANZA_COLUMNS)
        break;
    }
  }
  g_string_append (s, "---");
  guint8 mac[AGE_MAC_LEN];
  age_header_mac (file_key, (const guint8 *) s->str, s->len, mac);
  g_autofree char *m = age_b64_encode (mac, sizeof mac);
  g_string_append_printf (s, " %s\n", m);
  return s;
}
