/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The scrypt recipient type (C2SP age, "scrypt recipient stanza"):
 *   -> scrypt base64(16-byte salt) log2(N)
 *   base64(wrapped file key)
 * key = scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt, N, 8, 1).
 * The work factor is a decimal without leading zeros or sign, at most the
 * identity's maximum. */
#include "config.h"

#include <string.h>

#include <pmark/error.h>

#include "recipients.h"

#define SCRYPT_LABEL "age-encryption.org/v1/scrypt"
#define SALT_LEN 16

/* FALSE (set) when scrypt fails: it needs 128 * 2^log_n bytes */
static gboolean
derive (const char *pass, gsize pass_len, const guint8 salt[SALT_LEN],
        int log_n, guint8 *key, GError **error)
{
  guint8 full[sizeof SCRYPT_LABEL - 1 + SALT_LEN];
  memcpy (full, SCRYPT_LABEL, sizeof SCRYPT_LABEL - 1);
  memcpy (full + sizeof SCRYPT_LABEL - 1, salt, SALT_LEN);
  if (!age_scrypt (pass, pass_len, full, sizeof full, log_n, key)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INTERNAL,
                 "scrypt with work factor %d failed (out of memory?)", log_n);
    return FALSE;
  }
  return TRUE;
}

AgeStanza *
age_scrypt_wrap (const PmarkAgeRecipient *r,
                 const guint8 file_key[AGE_FILE_KEY_LEN], GError **error)
{
  guint8 salt[SALT_LEN];
  age_random (salt, sizeof salt);
  guint8 *key = age_secure_alloc (AGE_KEY_LEN);
  if (!derive (r->passphrase, r->passphrase_len, salt, r->log_n, key, error)) {
    age_secure_free (key);
    return NULL;
  }
  g_autofree char *s64 = age_b64_encode (salt, sizeof salt);
  g_autofree char *w = g_strdup_printf ("%d", r->log_n);
  const char *args[] = { s64, w, NULL };
  AgeStanza *s = age_wrap_file_key (AGE_SCRYPT_TYPE, args, key, file_key);
  age_secure_free (key);
  return s;
}

static gboolean
canonical_work_factor (const char *s, int *out)
{
  if (!*s || *s == '0' || strlen (s) > 2)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  *out = atoi (s);
  return TRUE;
}

int
age_scrypt_unwrap (const PmarkAgeIdentity *id, const AgeStanza *s,
                   guint8 file_key[AGE_FILE_KEY_LEN], GError **error)
{
  if (strcmp (s->type, AGE_SCRYPT_TYPE))
    return 0;
  guint8 salt[SALT_LEN];
  gsize n = 0;
  int log_n = 0;
  if (s->n_args != 2
      || !age_b64_decode (s->args[0], strlen (s->args[0]), salt, sizeof salt, &n)
      || n != SALT_LEN || !canonical_work_factor (s->args[1], &log_n)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER,
                 "invalid age header: a malformed scrypt stanza");
    return -1;
  }
  if (log_n > id->max_log_n) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER,
                 "invalid age header: scrypt work factor %d is above the "
                 "limit of %d", log_n, id->max_log_n);
    return -1;
  }
  guint8 *key = age_secure_alloc (AGE_KEY_LEN);
  if (!derive (id->passphrase, id->passphrase_len, salt, log_n, key, error)) {
    age_secure_free (key);
    return -1;
  }
  int rc = age_unwrap_file_key (s, key, file_key, error);
  age_secure_free (key);
  return rc;
}
