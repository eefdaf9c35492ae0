/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* age v1 encryption and decryption: keys in their text forms, the file key,
 * the header, the payload, and pmark's marking stanza. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <pmark/error.h>

#include "recipients.h"
#include "stream.h"

/* "-> pmark-marking base64(UTF-8 marking)"; the body is empty, or a
 * signed marking's token */
#define MARKING_TYPE "pmark-marking"
#define MARKING_MAX 1024

char *
age_secure_strdup (const char *s, gsize len)
{
  char *p = age_secure_alloc (len + 1);
  memcpy (p, s, len);
  p[len] = '\0';
  return p;
}

void
pmark_age_secret_free (char *secret)
{
  age_secure_free (secret);
}

/* ---- wrapping, shared by the recipient types --------------------------- */

AgeStanza *
age_wrap_file_key (const char *type, const char *const *args,
                   const guint8 key[AGE_KEY_LEN],
                   const guint8 file_key[AGE_FILE_KEY_LEN])
{
  static const guint8 zero_nonce[12];
  guint8 body[AGE_FILE_KEY_LEN + AGE_TAG_LEN];
  age_aead_seal (key, zero_nonce, file_key, AGE_FILE_KEY_LEN, body);
  return age_stanza_new (type, args, body, sizeof body);
}

int
age_unwrap_file_key (const AgeStanza *s, const guint8 key[AGE_KEY_LEN],
                     guint8 file_key[AGE_FILE_KEY_LEN], GError **error)
{
  static const guint8 zero_nonce[12];
  if (s->body_len != AGE_FILE_KEY_LEN + AGE_TAG_LEN) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER,
                 "invalid age header: a %s stanza whose body is not a wrapped "
                 "16-byte file key", s->type);
    return -1;
  }
  return age_aead_open (key, zero_nonce, s->body, s->body_len, file_key) ? 1 : 0;
}

/* ---- keys ---------------------------------------------------------------- */

PmarkAgeRecipient *
pmark_age_recipient_parse (const char *text, GError **error)
{
  g_autofree char *hrp = NULL;
  g_autofree guint8 *data = NULL;
  gsize len = 0;
  if (!age_crypto_init (error))
    return NULL;
  if (!g_str_has_prefix (text, "age1")
      || !age_bech32_decode (text, &hrp, &data, &len)
      || strcmp (hrp, AGE_RECIPIENT_HRP) || len != 32) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "'%.80s' is not an age X25519 recipient (age1...)", text);
    return NULL;
  }
  PmarkAgeRecipient *r = g_new0 (PmarkAgeRecipient, 1);
  r->kind = AGE_KIND_X25519;
  memcpy (r->public_key, data, 32);
  return r;
}

PmarkAgeRecipient *
pmark_age_recipient_new_passphrase (const char *passphrase, int log_n)
{
  PmarkAgeRecipient *r = g_new0 (PmarkAgeRecipient, 1);
  r->kind = AGE_KIND_SCRYPT;
  r->passphrase_len = strlen (passphrase);
  r->passphrase = age_secure_strdup (passphrase, r->passphrase_len);
  r->log_n = log_n > 0 ? log_n : PMARK_AGE_SCRYPT_LOG_N;
  return r;
}

char *
pmark_age_recipient_to_string (const PmarkAgeRecipient *r)
{
  if (r->kind != AGE_KIND_X25519)
    return g_strdup ("(passphrase)");
  return age_bech32_encode (AGE_RECIPIENT_HRP, r->public_key, 32, FALSE);
}

PmarkAgeRecipient *
pmark_age_recipient_copy (const PmarkAgeRecipient *r)
{
  if (r->kind == AGE_KIND_SCRYPT)
    return pmark_age_recipient_new_passphrase (r->passphrase, r->log_n);
  PmarkAgeRecipient *c = g_new0 (PmarkAgeRecipient, 1);
  c->kind = r->kind;
  memcpy (c->public_key, r->public_key, sizeof c->public_key);
  c->log_n = r->log_n;
  return c;
}

void
pmark_age_recipient_free (PmarkAgeRecipient *r)
{
  if (!r)
    return;
  age_secure_free (r->passphrase);
  g_free (r);
}

PmarkAgeIdentity *
pmark_age_identity_parse (const char *text, GError **error)
{
  char *hrp = NULL;
  guint8 *data = NULL;
  gsize len = 0;
  if (!age_crypto_init (error))
    return NULL;
  /* age's identities are upper-case, as age-keygen writes them */
  gboolean ok = g_str_has_prefix (text, "AGE-SECRET-KEY-1")
                && age_bech32_decode (text, &hrp, &data, &len)
                && !g_ascii_strcasecmp (hrp, AGE_IDENTITY_HRP) && len == 32;
  PmarkAgeIdentity *id = NULL;
  if (ok) {
    id = g_new0 (PmarkAgeIdentity, 1);
    id->kind = AGE_KIND_X25519;
    id->secret_key = age_secure_alloc (32);
    memcpy (id->secret_key, data, 32);
  } else {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "not an age X25519 identity (AGE-SECRET-KEY-1...)");
  }
  if (data)
    sodium_memzero (data, len);
  g_free (data);
  g_free (hrp);
  return id;
}

PmarkAgeIdentity *
pmark_age_identity_generate (void)
{
  if (!age_crypto_init (NULL))
    return NULL;
  PmarkAgeIdentity *id = g_new0 (PmarkAgeIdentity, 1);
  id->kind = AGE_KIND_X25519;
  id->secret_key = age_secure_alloc (32);
  age_random (id->secret_key, 32);
  return id;
}

PmarkAgeIdentity *
pmark_age_identity_new_passphrase (const char *passphrase, int max_log_n)
{
  PmarkAgeIdentity *id = g_new0 (PmarkAgeIdentity, 1);
  id->kind = AGE_KIND_SCRYPT;
  id->passphrase_len = strlen (passphrase);
  id->passphrase = age_secure_strdup (passphrase, id->passphrase_len);
  id->max_log_n = max_log_n > 0 ? max_log_n : PMARK_AGE_SCRYPT_MAX_LOG_N;
  return id;
}

char *
pmark_age_identity_to_secret_string (const PmarkAgeIdentity *id)
{
  g_return_val_if_fail (id->kind == AGE_KIND_X25519, NULL);
  char *s = age_bech32_encode (AGE_IDENTITY_HRP, id->secret_key, 32, TRUE);
  char *secure = age_secure_strdup (s, strlen (s));
  sodium_memzero (s, strlen (s));
  g_free (s);
  return secure;
}

PmarkAgeRecipient *
pmark_age_identity_to_recipient (const PmarkAgeIdentity *id)
{
  g_return_val_if_fail (id->kind == AGE_KIND_X25519, NULL);
  PmarkAgeRecipient *r = g_new0 (PmarkAgeRecipient, 1);
  r->kind = AGE_KIND_X25519;
  age_x25519_base (r->public_key, id->secret_key);
  return r;
}

void
pmark_age_identity_free (PmarkAgeIdentity *id)
{
  if (!id)
    return;
  age_secure_free (id->secret_key);
  age_secure_free (id->passphrase);
  g_free (id);
}

/* Each non-blank, non-comment line of a key file, to `each`. The file is
 * read into guarded memory: identity files hold secrets. */
static gboolean
each_key_line (const char *path, gboolean (*each) (const char *line, GPtrArray *out,
                                                   GError **error),
               GPtrArray *out, GError **error)
{
  g_autoptr (GError) e = NULL;
  g_autoptr (GMappedFile) mf = g_mapped_file_new (path, FALSE, &e);
  if (!mf) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s", path, e->message);
    return FALSE;
  }
  gsize len = g_mapped_file_get_length (mf);
  if (len > 1024 * 1024) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: too large for a key file", path);
    return FALSE;
  }
  char *text = age_secure_strdup (len ? g_mapped_file_get_contents (mf) : "", len);
  guint before = out->len, lineno = 0;
  gboolean ok = TRUE;
  for (char *line = text, *next; ok && line && *line; line = next) {
    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    lineno++;
    gsize l = strlen (line);
    if (l && line[l - 1] == '\r')
      line[--l] = '\0';
    if (!l || line[0] == '#')
      continue;
    GError *le = NULL;
    if (!each (line, out, &le)) {
      g_set_error (error, PMARK_ERROR, le->code, "%s:%u: %s", path, lineno, le->message);
      g_error_free (le);
      ok = FALSE;
    }
  }
  age_secure_free (text);
  if (ok && out->len == before) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT, "%s: no keys in the file", path);
    ok = FALSE;
  }
  return ok;
}

static gboolean
add_recipient (const char *line, GPtrArray *out, GError **error)
{
  PmarkAgeRecipient *r = pmark_age_recipient_parse (line, error);
  if (r)
    g_ptr_array_add (out, r);
  return r != NULL;
}

static gboolean
add_identity (const char *line, GPtrArray *out, GError **error)
{
  PmarkAgeIdentity *id = pmark_age_identity_parse (line, error);
  if (id)
    g_ptr_array_add (out, id);
  return id != NULL;
}

gboolean
pmark_age_recipients_load (const char *path, GPtrArray *out, GError **error)
{
  return each_key_line (path, add_recipient, out, error);
}

static void
book_entry_free (PmarkRecipientBookEntry *e)
{
  g_free (e->name);
  g_ptr_array_unref (e->recipients);
  g_free (e);
}

/* "NAME = KEY [KEY...]", or "NAME KEY [KEY...]" (a name without spaces,
 * as [mail] recipient-keys has it); '#' starts a comment */
static gboolean
add_book_entry (const char *line, GPtrArray *out, GError **error)
{
  g_autofree char *copy = g_strdup (line);
  char *hash = strchr (copy, '#');
  if (hash)
    *hash = '\0';
  char *eq = strchr (copy, '=');
  char *keys;
  if (eq) {
    *eq = '\0';
    keys = eq + 1;
  } else {
    g_strstrip (copy);
    keys = copy + strcspn (copy, " \t");
    if (*keys)
      *keys++ = '\0';
  }
  g_strstrip (copy);
  if (!*copy && !*g_strstrip (keys))
    return TRUE;
  if (!*copy) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "no name before the keys (NAME = age1...)");
    return FALSE;
  }
  PmarkRecipientBookEntry *e = g_new0 (PmarkRecipientBookEntry, 1);
  e->name = g_strdup (copy);
  e->recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) pmark_age_recipient_free);
  g_auto (GStrv) words = g_strsplit_set (keys, " \t,", -1);
  for (guint k = 0; words[k]; k++)
    if (*words[k] && !add_recipient (words[k], e->recipients, error)) {
      book_entry_free (e);
      return FALSE;
    }
  if (!e->recipients->len) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "%s: no age recipient after the name", e->name);
    book_entry_free (e);
    return FALSE;
  }
  g_ptr_array_add (out, e);
  return TRUE;
}

GPtrArray *
pmark_recipient_book_load (const char *path, GError **error)
{
  GPtrArray *book = g_ptr_array_new_with_free_func ((GDestroyNotify) book_entry_free);
  if (!each_key_line (path, add_book_entry, book, error)) {
    g_ptr_array_unref (book);
    return NULL;
  }
  return book;
}

const PmarkRecipientBookEntry *
pmark_recipient_book_find (GPtrArray *book, const char *name)
{
  for (guint i = 0; book && name && i < book->len; i++) {
    const PmarkRecipientBookEntry *e = g_ptr_array_index (book, i);
    if (!g_utf8_collate (e->name, name) || !g_ascii_strcasecmp (e->name, name))
      return e;
  }
  return NULL;
}

gboolean
pmark_age_identities_load (const char *path, GPtrArray *out, GError **error)
{
  return each_key_line (path, add_identity, out, error);
}

/* ---- encryption ---------------------------------------------------------- */

gboolean
pmark_age_encrypt (GInputStream *in, GOutputStream *out, GPtrArray *recipients,
                   const PmarkAgeEncryptOptions *options, GError **error)
{
  static const PmarkAgeEncryptOptions defaults = { 0 };
  if (!options)
    options = &defaults;
  if (!age_crypto_init (error))
    return FALSE;
  if (!recipients || !recipients->len) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT, "no recipients");
    return FALSE;
  }
  gboolean scrypt = FALSE;
  for (guint i = 0; i < recipients->len; i++)
    scrypt |= ((PmarkAgeRecipient *) g_ptr_array_index (recipients, i))->kind
              == AGE_KIND_SCRYPT;
  if (scrypt && recipients->len > 1) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "a passphrase cannot be combined with other recipients");
    return FALSE;
  }
  guint8 *file_key = age_secure_alloc (AGE_FILE_KEY_LEN);
  age_random (file_key, AGE_FILE_KEY_LEN);
  g_autoptr (GPtrArray) stanzas =
    g_ptr_array_new_with_free_func ((GDestroyNotify) age_stanza_free);
  for (guint i = 0; i < recipients->len; i++) {
    const PmarkAgeRecipient *r = g_ptr_array_index (recipients, i);
    AgeStanza *st = r->kind == AGE_KIND_X25519 ? age_x25519_wrap (r, file_key)
                                               : age_scrypt_wrap (r, file_key, error);
    if (!st) {
      age_secure_free (file_key);
      return FALSE;
    }
    g_ptr_array_add (stanzas, st);
  }
  if (options->marking && !scrypt) {
    gsize ml = strlen (options->marking);
    g_autofree char *m64 = age_b64_encode ((const guint8 *) options->marking,
                                           MIN (ml, MARKING_MAX));
    const char *args[] = { m64, NULL };
    /* a signed marking's token, when there is one, is the body */
    const char *sig = options->signature;
    g_ptr_array_add (stanzas, age_stanza_new (MARKING_TYPE, args, (const guint8 *) sig,
                                              sig ? strlen (sig) : 0));
  }
  g_autoptr (GString) header = age_header_encode (stanzas, file_key);
  g_autoptr (AgeWriter) w = age_writer_new (out, options->armor);
  gboolean ok = age_writer_write (w, (const guint8 *) header->str, header->len, error)
                && age_stream_encrypt (file_key, in, w, error)
                && age_writer_finish (w, error);
  age_secure_free (file_key);
  return ok;
}

/* ---- decryption ---------------------------------------------------------- */

static char *
marking_of (const AgeHeader *h)
{
  for (guint i = 0; i < h->stanzas->len; i++) {
    const AgeStanza *s = g_ptr_array_index (h->stanzas, i);
    if (strcmp (s->type, MARKING_TYPE) || s->n_args != 1)
      continue;
    guint8 buf[MARKING_MAX];
    gsize n = 0;
    if (!age_b64_decode (s->args[0], strlen (s->args[0]), buf, sizeof buf, &n)
        || !g_utf8_validate_len ((const char *) buf, n, NULL) || memchr (buf, 0, n))
      continue;
    return g_strndup ((const char *) buf, n);
  }
  return NULL;
}

/* The marking stanza's body: a signed marking's token, or NULL. */
static char *
signature_of (const AgeHeader *h)
{
  for (guint i = 0; i < h->stanzas->len; i++) {
    const AgeStanza *s = g_ptr_array_index (h->stanzas, i);
    if (strcmp (s->type, MARKING_TYPE) || !s->body_len
        || !g_utf8_validate_len ((const char *) s->body, s->body_len, NULL)
        || memchr (s->body, 0, s->body_len))
      continue;
    return g_strndup ((const char *) s->body, s->body_len);
  }
  return NULL;
}

static gboolean
check_scrypt_alone (const AgeHeader *h, GError **error)
{
  for (guint i = 0; i < h->stanzas->len; i++) {
    const AgeStanza *s = g_ptr_array_index (h->stanzas, i);
    if (!strcmp (s->type, AGE_SCRYPT_TYPE) && h->stanzas->len != 1) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER,
                   "invalid age header: an scrypt stanza must be the only one");
      return FALSE;
    }
  }
  return TRUE;
}

/* 1 with the file key, 0 no identity matches, -1 error */
static int
unwrap (const AgeHeader *h, GPtrArray *identities, guint8 *file_key,
        GError **error)
{
  for (guint k = 0; k < identities->len; k++) {
    const PmarkAgeIdentity *id = g_ptr_array_index (identities, k);
    for (guint i = 0; i < h->stanzas->len; i++) {
      const AgeStanza *s = g_ptr_array_index (h->stanzas, i);
      int rc = id->kind == AGE_KIND_X25519 ? age_x25519_unwrap (id, s, file_key, error)
                                           : age_scrypt_unwrap (id, s, file_key, error);
      if (rc != 0)
        return rc;
    }
  }
  return 0;
}

gboolean
pmark_age_decrypt (GInputStream *in, GPtrArray *identities, PmarkAgeSink sink,
                   gpointer user_data, char **marking, GError **error)
{
  if (marking)
    *marking = NULL;
  if (!age_crypto_init (error))
    return FALSE;
  g_autoptr (AgeReader) r = age_reader_new (in, error);
  if (!r)
    return FALSE;
  g_autoptr (AgeHeader) h = age_header_read (r, error);
  if (!h || !check_scrypt_alone (h, error))
    return FALSE;
  if (marking)
    *marking = marking_of (h);
  guint8 *file_key = age_secure_alloc (AGE_FILE_KEY_LEN);
  gboolean ok = FALSE;
  int rc = unwrap (h, identities, file_key, error);
  if (rc == 0)
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_NO_MATCH,
                 "no identity given opens this age file");
  else if (rc > 0 && !age_header_verify (h, file_key))
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HMAC,
                 "the age header's MAC does not verify: the header was altered");
  else if (rc > 0)
    ok = age_stream_decrypt (file_key, r, (AgeSink) sink, user_data, error);
  age_secure_free (file_key);
  return ok;
}

gboolean
pmark_age_peek (GBytes *data, char **marking, GError **error)
{
  return pmark_age_peek_signed (data, marking, NULL, error);
}

gboolean
pmark_age_peek_signed (GBytes *data, char **marking, char **signature, GError **error)
{
  *marking = NULL;
  if (signature)
    *signature = NULL;
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (data);
  g_autoptr (AgeReader) r = age_reader_new (in, error);
  if (!r)
    return FALSE;
  g_autoptr (AgeHeader) h = age_header_read (r, error);
  if (!h)
    return FALSE;
  *marking = marking_of (h);
  if (signature)
    *signature = signature_of (h);
  return TRUE;
}
