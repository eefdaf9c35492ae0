/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <pmark/error.h>

#include "primitives.h"

gboolean
age_crypto_init (GError **error)
{
  if (sodium_init () < 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INTERNAL,
                 "libsodium could not be initialised");
    return FALSE;
  }
  return TRUE;
}

/* Blocks given out when guarded memory could not be had: pointer ->
 * size, so that age_secure_free knows them from sodium_malloc's. */
static GMutex plain_lock;
static GHashTable *plain_blocks;

gpointer
age_secure_alloc (gsize len)
{
  gpointer p = sodium_init () >= 0 ? sodium_malloc (len) : NULL;
  if (p)
    return p;
  /* No guarded pages (mmap refused them: a tight address-space limit, or
   * libsodium unusable): ordinary memory, locked where the kernel allows
   * and wiped when freed, rather than ending the process. g_malloc's own
   * rule (abort when no memory is left at all) is GLib's, as everywhere. */
  p = g_malloc0 (MAX (len, 1));
  sodium_mlock (p, len);
  g_mutex_lock (&plain_lock);
  if (!plain_blocks)
    plain_blocks = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (plain_blocks, p, GSIZE_TO_POINTER (len));
  g_mutex_unlock (&plain_lock);
  return p;
}

void
age_secure_free (gpointer p)
{
  if (!p)
    return;
  gpointer len = NULL;
  g_mutex_lock (&plain_lock);
  gboolean plain = plain_blocks && g_hash_table_steal_extended (plain_blocks, p, NULL, &len);
  g_mutex_unlock (&plain_lock);
  if (plain) {
    sodium_munlock (p, GPOINTER_TO_SIZE (len)); /* wipes, then unlocks */
    g_free (p);
  } else {
    sodium_free (p); /* wipes before it frees */
  }
}

void
age_hmac (const guint8 key[AGE_KEY_LEN], const guint8 *msg, gsize len,
          guint8 out[AGE_MAC_LEN])
{
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init (&st, key, AGE_KEY_LEN);
  crypto_auth_hmacsha256_update (&st, msg, len);
  crypto_auth_hmacsha256_final (&st, out);
  sodium_memzero (&st, sizeof st);
}

void
age_hkdf (const guint8 *salt, gsize salt_len, const guint8 *ikm, gsize ikm_len,
          const char *info, guint8 *out, gsize out_len)
{
  static const guint8 zeros[crypto_auth_hmacsha256_BYTES];
  guint8 prk[crypto_auth_hmacsha256_BYTES], t[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  gsize info_len = strlen (info), done = 0, t_len = 0;

  g_assert (out_len <= 255 * sizeof t);
  /* extract */
  crypto_auth_hmacsha256_init (&st, salt_len ? salt : zeros,
                               salt_len ? salt_len : sizeof zeros);
  crypto_auth_hmacsha256_update (&st, ikm, ikm_len);
  crypto_auth_hmacsha256_final (&st, prk);
  /* expand */
  for (guint8 i = 1; done < out_len; i++) {
    crypto_auth_hmacsha256_init (&st, prk, sizeof prk);
    crypto_auth_hmacsha256_update (&st, t, t_len);
    crypto_auth_hmacsha256_update (&st, (const guint8 *) info, info_len);
    crypto_auth_hmacsha256_update (&st, &i, 1);
    crypto_auth_hmacsha256_final (&st, t);
    t_len = sizeof t;
    gsize n = MIN (sizeof t, out_len - done);
    memcpy (out + done, t, n);
    done += n;
  }
  sodium_memzero (prk, sizeof prk);
  sodium_memzero (t, sizeof t);
  sodium_memzero (&st, sizeof st);
}

void
age_aead_seal (const guint8 key[AGE_KEY_LEN], const guint8 nonce[12],
               const guint8 *in, gsize len, guint8 *out)
{
  crypto_aead_chacha20poly1305_ietf_encrypt (out, NULL, in, len, NULL, 0, NULL,
                                             nonce, key);
}

gboolean
age_aead_open (const guint8 key[AGE_KEY_LEN], const guint8 nonce[12],
               const guint8 *in, gsize len, guint8 *out)
{
  if (len < AGE_TAG_LEN)
    return FALSE;
  return crypto_aead_chacha20poly1305_ietf_decrypt (out, NULL, NULL, in, len,
                                                    NULL, 0, nonce, key) == 0;
}

gboolean
age_x25519 (guint8 out[32], const guint8 scalar[32], const guint8 point[32])
{
  /* libsodium refuses an all-zero result itself; check anyway */
  if (crypto_scalarmult (out, scalar, point) != 0)
    return FALSE;
  return !sodium_is_zero (out, 32);
}

void
age_x25519_base (guint8 out[32], const guint8 scalar[32])
{
  crypto_scalarmult_base (out, scalar);
}

gboolean
age_scrypt (const char *pass, gsize pass_len, const guint8 *salt,
            gsize salt_len, int log_n, guint8 out[AGE_KEY_LEN])
{
  return crypto_pwhash_scryptsalsa208sha256_ll (
           (const guint8 *) pass, pass_len, salt, salt_len,
           (uint64_t) 1 << log_n, 8, 1, out, AGE_KEY_LEN) == 0;
}

void
age_random (guint8 *buf, gsize len)
{
  randombytes_buf (buf, len);
}

char *
age_b64_encode (const guint8 *data, gsize len)
{
  const int v = sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
  gsize n = sodium_base64_ENCODED_LEN (len, v);
  char *s = g_malloc (n);
  sodium_bin2base64 (s, n, data, len, v);
  return s;
}

gboolean
age_b64_decode (const char *text, gsize text_len, guint8 *out, gsize max_out,
                gsize *out_len)
{
  const char *end = NULL;
  size_t n = 0;
  /* libsodium rejects non-zero trailing bits itself; every character must
   * be consumed (no padding, no whitespace) */
  if (sodium_base642bin (out, max_out, text, text_len, NULL, &n, &end,
                         sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0
      || end != text + text_len)
    return FALSE;
  *out_len = n;
  return TRUE;
}

/* ---- Bech32 ------------------------------------------------------------ */

static const char bech32_chars[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static guint32
bech32_polymod (const guint8 *v, gsize len)
{
  static const guint32 gen[] = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa,
                                 0x3d4233dd, 0x2a1462b3 };
  guint32 chk = 1;
  for (gsize i = 0; i < len; i++) {
    guint8 top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v[i];
    for (int k = 0; k < 5; k++)
      if ((top >> k) & 1)
        chk ^= gen[k];
  }
  return chk;
}

/* hrp expanded, then the 5-bit data: the checksum's input */
static GByteArray *
bech32_expand (const char *hrp, const guint8 *data5, gsize len5)
{
  gsize hl = strlen (hrp);
  GByteArray *v = g_byte_array_sized_new (hl * 2 + 1 + len5 + 6);
  for (gsize i = 0; i < hl; i++) {
    guint8 c = (guint8) hrp[i] >> 5;
    g_byte_array_append (v, &c, 1);
  }
  guint8 zero = 0;
  g_byte_array_append (v, &zero, 1);
  for (gsize i = 0; i < hl; i++) {
    guint8 c = (guint8) hrp[i] & 31;
    g_byte_array_append (v, &c, 1);
  }
  g_byte_array_append (v, data5, len5);
  return v;
}

static gboolean
convert_bits (const guint8 *in, gsize len, int from, int to, gboolean pad,
              GByteArray *out)
{
  guint32 acc = 0;
  int bits = 0;
  const guint32 maxv = (1u << to) - 1;
  for (gsize i = 0; i < len; i++) {
    if (in[i] >> from)
      return FALSE;
    acc = (acc << from) | in[i];
    bits += from;
    while (bits >= to) {
      bits -= to;
      guint8 c = (acc >> bits) & maxv;
      g_byte_array_append (out, &c, 1);
    }
  }
  if (pad) {
    if (bits) {
      guint8 c = (acc << (to - bits)) & maxv;
      g_byte_array_append (out, &c, 1);
    }
  } else if (bits >= from || ((acc << (to - bits)) & maxv)) {
    return FALSE;
  }
  return TRUE;
}

char *
age_bech32_encode (const char *hrp, const guint8 *data, gsize len,
                   gboolean upper)
{
  g_autofree char *lhrp = g_ascii_strdown (hrp, -1);
  g_autoptr (GByteArray) d5 = g_byte_array_new ();
  convert_bits (data, len, 8, 5, TRUE, d5);
  g_autoptr (GByteArray) v = bech32_expand (lhrp, d5->data, d5->len);
  static const guint8 six[6];
  g_byte_array_append (v, six, 6);
  guint32 mod = bech32_polymod (v->data, v->len) ^ 1;
  GString *s = g_string_new (lhrp);
  g_string_append_c (s, '1');
  for (guint i = 0; i < d5->len; i++)
    g_string_append_c (s, bech32_chars[d5->data[i]]);
  for (int i = 0; i < 6; i++)
    g_string_append_c (s, bech32_chars[(mod >> (5 * (5 - i))) & 31]);
  if (upper)
    for (gsize i = 0; i < s->len; i++)
      s->str[i] = g_ascii_toupper (s->str[i]);
  /* the returned string may be secret (an identity): callers wipe it */
  g_autoptr (GByteArray) wipe = g_steal_pointer (&d5);
  sodium_memzero (wipe->data, wipe->len);
  return g_string_free (s, FALSE);
}

gboolean
age_bech32_decode (const char *text, char **hrp_out, guint8 **data, gsize *len)
{
  gsize n = strlen (text);
  gboolean lower = FALSE, upper = FALSE;
  for (gsize i = 0; i < n; i++) {
    guchar c = text[i];
    if (c < 33 || c > 126)
      return FALSE;
    lower |= g_ascii_islower (c);
    upper |= g_ascii_isupper (c);
  }
  if (lower && upper)
    return FALSE;
  const char *sep = strrchr (text, '1');
  if (!sep || sep == text || (gsize) (text + n - sep - 1) < 6)
    return FALSE;
  g_autofree char *hrp = g_ascii_strdown (text, sep - text);
  g_autoptr (GByteArray) d5 = g_byte_array_new ();
  for (const char *p = sep + 1; *p; p++) {
    const char *k = strchr (bech32_chars, g_ascii_tolower (*p));
    if (!k)
      return FALSE;
    guint8 c = k - bech32_chars;
    g_byte_array_append (d5, &c, 1);
  }
  g_autoptr (GByteArray) v = bech32_expand (hrp, d5->data, d5->len);
  if (bech32_polymod (v->data, v->len) != 1)
    return FALSE;
  g_autoptr (GByteArray) d8 = g_byte_array_new ();
  if (!convert_bits (d5->data, d5->len - 6, 5, 8, FALSE, d8))
    return FALSE;
  *hrp_out = g_steal_pointer (&hrp);
  *len = d8->len;
  *data = g_byte_array_free (g_steal_pointer (&d8), FALSE);
  sodium_memzero (d5->data, d5->len);
  return TRUE;
}
