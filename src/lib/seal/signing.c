/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signing keys (Ed25519, libsodium) and signed-marking tokens. The key
 * file looks like age's identity files, so that people handle both the
 * same way:
 *
 *   # created: 2026-12-03T10:00:00Z
 *   # public key: pmarksign1...
 *   # signer: A. Officer, Children's Services
 *   PMARK-SIGN-SECRET-KEY-1...
 *
 * The secret line is Bech32 of the 32-byte Ed25519 seed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pmark/error.h>
#include <pmark/seal.h>
#include <pmark/sign.h>

#include "primitives.h"
#include "recipients.h"

#define TOKEN_PREFIX "pmark-sig1."
#define STATEMENT_HEAD "pmark signed marking 1"
#define MAX_KEY_FILE (64 * 1024)
#define MAX_TOKEN (64 * 1024)

struct _PmarkSigningKey {
  guint8 *seed;    /* 32, guarded */
  guint8 *secret;  /* 64 (libsodium's seed || public), guarded */
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  char *signer;
};

static PmarkSigningKey *
key_from_seed (const guint8 *seed)
{
  PmarkSigningKey *k = g_new0 (PmarkSigningKey, 1);
  k->seed = age_secure_alloc (crypto_sign_SEEDBYTES);
  k->secret = age_secure_alloc (crypto_sign_SECRETKEYBYTES);
  memcpy (k->seed, seed, crypto_sign_SEEDBYTES);
  crypto_sign_seed_keypair (k->public_key, k->secret, k->seed);
  return k;
}

PmarkSigningKey *
pmark_signing_key_generate (void)
{
  if (!age_crypto_init (NULL))
    return NULL;
  guint8 *seed = age_secure_alloc (crypto_sign_SEEDBYTES);
  age_random (seed, crypto_sign_SEEDBYTES);
  PmarkSigningKey *k = key_from_seed (seed);
  age_secure_free (seed);
  return k;
}

void
pmark_signing_key_free (PmarkSigningKey *key)
{
  if (!key)
    return;
  age_secure_free (key->seed);
  age_secure_free (key->secret);
  g_free (key->signer);
  g_free (key);
}

char *
pmark_signing_key_public (const PmarkSigningKey *key)
{
  return age_bech32_encode (PMARK_SIGNING_PUBLIC_HRP, key->public_key,
                            sizeof key->public_key, FALSE);
}

char *
pmark_signing_key_secret (const PmarkSigningKey *key)
{
  char *s = age_bech32_encode (PMARK_SIGNING_KEY_HRP, key->seed, crypto_sign_SEEDBYTES,
                               TRUE);
  char *secure = age_secure_strdup (s, strlen (s));
  sodium_memzero (s, strlen (s));
  g_free (s);
  return secure;
}

const char *
pmark_signing_key_signer (const PmarkSigningKey *key)
{
  return key->signer;
}

void
pmark_signing_key_set_signer (PmarkSigningKey *key, const char *signer)
{
  g_free (key->signer);
  key->signer = signer && *signer ? g_strdup (signer) : NULL;
}

/* The first Bech32 string with `hrp` on a line of `text`, decoded to 32
 * bytes (guarded when `secure`), or NULL. */
static guint8 *
decode_key_line (const char *line, const char *hrp, gboolean secure)
{
  char *got_hrp = NULL;
  guint8 *data = NULL;
  gsize len = 0;
  guint8 *out = NULL;
  if (age_bech32_decode (line, &got_hrp, &data, &len) && len == 32
      && !g_ascii_strcasecmp (got_hrp, hrp)) {
    out = secure ? age_secure_alloc (32) : g_malloc (32);
    memcpy (out, data, 32);
  }
  if (data)
    sodium_memzero (data, len);
  g_free (data);
  g_free (got_hrp);
  return out;
}

PmarkSigningKey *
pmark_signing_key_load (const char *path, GError **error)
{
  if (!age_crypto_init (error))
    return NULL;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s", path, g_strerror (errno));
    return NULL;
  }
  struct stat st;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && (st.st_mode & 077)) {
    close (fd);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "%s: a signing key others can read (mode %03o): chmod 600 it",
                 path, (unsigned) (st.st_mode & 0777));
    return NULL;
  }
  char *buf = age_secure_alloc (MAX_KEY_FILE + 1);
  gsize len = 0;
  ssize_t n;
  while (len < MAX_KEY_FILE && (n = read (fd, buf + len, MAX_KEY_FILE - len)) != 0) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: %s", path, g_strerror (errno));
      close (fd);
      age_secure_free (buf);
      return NULL;
    }
    len += (gsize) n;
  }
  close (fd);
  buf[len] = 0;
  PmarkSigningKey *key = NULL;
  char *signer = NULL;
  for (char *line = buf, *next; line && *line; line = next) {
    next = strchr (line, '\n');
    if (next)
      *next++ = 0;
    g_strstrip (line);
    if (g_str_has_prefix (line, "# signer:")) {
      g_free (signer);
      signer = g_strstrip (g_strdup (line + strlen ("# signer:")));
    } else if (*line && *line != '#' && !key) {
      guint8 *seed = decode_key_line (line, PMARK_SIGNING_KEY_HRP, TRUE);
      if (seed) {
        key = key_from_seed (seed);
        age_secure_free (seed);
      }
    }
  }
  age_secure_free (buf);
  if (!key) {
    g_free (signer);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "%s: no signing key in it (a %s1... line, as `pmark keygen --sign` "
                 "writes)", path, PMARK_SIGNING_KEY_HRP);
    return NULL;
  }
  key->signer = signer;
  return key;
}

GHashTable *
pmark_trusted_keys_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

gboolean
pmark_trusted_keys_load (const char *path, GHashTable *keys, GError **error)
{
  g_autofree char *text = NULL;
  GError *e = NULL;
  if (!g_file_get_contents (path, &text, NULL, &e)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s", e->message);
    g_error_free (e);
    return FALSE;
  }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint found = 0;
  for (guint i = 0; lines[i]; i++) {
    char *line = g_strstrip (lines[i]);
    if (!*line || *line == '#')
      continue;
    char *space = strpbrk (line, " \t");
    g_autofree char *name = space ? g_strstrip (g_strdup (space)) : g_strdup ("");
    if (space)
      *space = 0;
    g_autofree guint8 *pk = decode_key_line (line, PMARK_SIGNING_PUBLIC_HRP, FALSE);
    if (!pk) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                   "%s, line %u: not a signing public key (pmarksign1...)", path, i + 1);
      return FALSE;
    }
    g_hash_table_replace (keys, g_ascii_strdown (line, -1), g_steal_pointer (&name));
    found++;
  }
  if (!found) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                 "%s: no trusted keys in it", path);
    return FALSE;
  }
  return TRUE;
}

/* ---- tokens ---------------------------------------------------------- */

static char *
b64url_encode (const guint8 *data, gsize len)
{
  char *s = g_base64_encode (data, len);
  for (char *p = s; *p; p++)
    if (*p == '+')
      *p = '-';
    else if (*p == '/')
      *p = '_';
    else if (*p == '=') {
      *p = 0;
      break;
    }
  return s;
}

static guint8 *
b64url_decode (const char *s, gsize n, gsize *out_len)
{
  GString *t = g_string_sized_new (n + 4);
  for (gsize i = 0; i < n; i++) {
    char c = s[i];
    if (c == '-')
      c = '+';
    else if (c == '_')
      c = '/';
    else if (!g_ascii_isalnum (c)) {
      g_string_free (t, TRUE);
      return NULL;
    }
    g_string_append_c (t, c);
  }
  if (t->len % 4 == 1) {
    g_string_free (t, TRUE);
    return NULL;
  }
  while (t->len % 4)
    g_string_append_c (t, '=');
  guint8 *out = g_base64_decode (t->str, out_len);
  g_string_free (t, TRUE);
  return out;
}

void
pmark_signed_marking_free (PmarkSignedMarking *m)
{
  if (!m)
    return;
  g_free (m->key);
  g_free (m->signer);
  g_free (m->time);
  g_free (m->policy);
  g_free (m->level);
  g_free (m->marking);
  g_free (m->handling);
  g_free (m->format);
  g_free (m->content);
  g_free (m);
}

/* The statement's fields, in order; a value's line breaks become spaces. */
#define FIELDS(X) X (key) X (signer) X (time) X (policy) X (level) X (marking) \
  X (handling) X (format) X (content)

static void
add_field (GString *s, const char *name, const char *value)
{
  if (!value)
    return;
  g_string_append_printf (s, "%s: ", name);
  for (const char *p = value; *p; p++)
    g_string_append_c (s, *p == '\n' || *p == '\r' ? ' ' : *p);
  g_string_append_c (s, '\n');
}

char *
pmark_signature_create (const PmarkSigningKey *key, const PmarkSignedMarking *m)
{
  g_autofree char *pub = pmark_signing_key_public (key);
  PmarkSignedMarking copy = *m;
  copy.key = pub;
  g_autoptr (GString) s = g_string_new (STATEMENT_HEAD "\n");
#define ADD(f) add_field (s, #f, copy.f);
  FIELDS (ADD)
#undef ADD
  guint8 sig[crypto_sign_BYTES];
  crypto_sign_detached (sig, NULL, (const guint8 *) s->str, s->len, key->secret);
  g_autofree char *a = b64url_encode ((const guint8 *) s->str, s->len);
  g_autofree char *b = b64url_encode (sig, sizeof sig);
  return g_strconcat (TOKEN_PREFIX, a, ".", b, NULL);
}

static gboolean
bad_token (GError **error, const char *why)
{
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED, "signature: %s", why);
  return FALSE;
}

PmarkSignedMarking *
pmark_signature_open (const char *token, GError **error)
{
  if (!age_crypto_init (error))
    return NULL;
  while (g_ascii_isspace (*token))
    token++;
  gsize n = strlen (token);
  while (n && g_ascii_isspace (token[n - 1]))
    n--;
  if (n > MAX_TOKEN || !g_str_has_prefix (token, TOKEN_PREFIX)) {
    bad_token (error, "not a pmark signature (pmark-sig1....)");
    return NULL;
  }
  const char *a = token + strlen (TOKEN_PREFIX), *end = token + n;
  const char *dot = memchr (a, '.', (gsize) (end - a));
  if (!dot) {
    bad_token (error, "not a pmark signature (no signature part)");
    return NULL;
  }
  gsize slen = 0, siglen = 0;
  g_autofree guint8 *statement = b64url_decode (a, (gsize) (dot - a), &slen);
  g_autofree guint8 *sig = b64url_decode (dot + 1, (gsize) (end - dot - 1), &siglen);
  if (!statement || !sig || siglen != crypto_sign_BYTES
      || memchr (statement, 0, slen) || !g_utf8_validate ((char *) statement, slen, NULL)) {
    bad_token (error, "not a pmark signature (bad encoding)");
    return NULL;
  }
  g_autofree char *text = g_strndup ((char *) statement, slen);
  if (!g_str_has_prefix (text, STATEMENT_HEAD "\n")) {
    bad_token (error, "an unknown kind of statement");
    return NULL;
  }
  g_autoptr (PmarkSignedMarking) m = g_new0 (PmarkSignedMarking, 1);
  g_auto (GStrv) lines = g_strsplit (text + strlen (STATEMENT_HEAD "\n"), "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    char *colon = strstr (lines[i], ": ");
    if (!colon)
      continue;
    *colon = 0;
    const char *v = colon + 2;
#define SET(f) if (!strcmp (lines[i], #f) && !m->f) m->f = g_strdup (v); else
    FIELDS (SET) {}
#undef SET
  }
  if (!m->key || !m->signer || !m->time || !m->marking || !m->content || !m->format) {
    bad_token (error, "the statement lacks a field (key, signer, time, marking, "
                      "format, content)");
    return NULL;
  }
  g_autofree guint8 *pk = decode_key_line (m->key, PMARK_SIGNING_PUBLIC_HRP, FALSE);
  if (!pk) {
    bad_token (error, "the statement names no valid key");
    return NULL;
  }
  if (crypto_sign_verify_detached (sig, statement, slen, pk) != 0) {
    bad_token (error, "the signature does not verify (the statement was altered, or "
                      "it was not made with the key it names)");
    return NULL;
  }
  return g_steal_pointer (&m);
}
