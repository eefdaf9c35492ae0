/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The X25519 recipient type (C2SP age, "X25519 recipient stanza"):
 *   -> X25519 base64(ephemeral share)
 *   base64(wrapped file key)
 * wrap key = HKDF-SHA256(salt = share || recipient, ikm = X25519(eph,
 * recipient), info = "age-encryption.org/v1/X25519"). */
#include "config.h"

#include <string.h>

#include <pmark/error.h>

#include "recipients.h"

#define X25519_INFO "age-encryption.org/v1/X25519"

static void
wrap_key (const guint8 shared[32], const guint8 share[32],
          const guint8 recipient[32], guint8 key[AGE_KEY_LEN])
{
  guint8 salt[64];
  memcpy (salt, share, 32);
  memcpy (salt + 32, recipient, 32);
  age_hkdf (salt, sizeof salt, shared, 32, X25519_INFO, key, AGE_KEY_LEN);
}

AgeStanza *
age_x25519_wrap (const PmarkAgeRecipient *r,
                 const guint8 file_key[AGE_FILE_KEY_LEN])
{
  guint8 *eph = age_secure_alloc (32), *shared = age_secure_alloc (32),
         *key = age_secure_alloc (AGE_KEY_LEN);
  guint8 share[32];
  AgeStanza *s = NULL;
  do {
    age_random (eph, 32);
    age_x25519_base (share, eph);
  } while (!age_x25519 (shared, eph, r->public_key)); /* only for a bad key */
  wrap_key (shared, share, r->public_key, key);
  g_autofree char *arg = age_b64_encode (share, sizeof share);
  const char *args[] = { arg, NULL };
  s = age_wrap_file_key (AGE_X25519_TYPE, args, key, file_key);
  age_secure_free (eph);
  age_secure_free (shared);
  age_secure_free (key);
  return s;
}

int
age_x25519_unwrap (const PmarkAgeIdentity *id, const AgeStanza *s,
                   guint8 file_key[AGE_FILE_KEY_LEN], GError **error)
{
  if (strcmp (s->type, AGE_X25519_TYPE))
    return 0;
  guint8 share[32];
  gsize n = 0;
  if (s->n_args != 1 || !age_b64_decode (s->args[0], strlen (s->args[0]), share,
                                         sizeof share, &n)
      || n != 32) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER,
                 "invalid age header: a malformed X25519 stanza");
    return -1;
  }
  guint8 *shared = age_secure_alloc (32), *key = age_secure_alloc (AGE_KEY_LEN);
  guint8 recipient[32];
  int rc;
  age_x25519_base (recipient, id->secret_key);
  if (!age_x25519 (shared, id->secret_key, share)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER,
                 "invalid age header: an X25519 share of low order");
    rc = -1;
  } else {
    wrap_key (shared, share, recipient, key);
    rc = age_unwrap_file_key (s, key, file_key, error);
  }
  age_secure_free (shared);
  age_secure_free (key);
  return rc;
}
