/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Every cryptographic primitive age needs, from libsodium, in one place:
 * HKDF-SHA256 (libsodium 1.0.18 has none: built on HMAC-SHA256),
 * ChaCha20-Poly1305 (IETF), X25519, scrypt, randomness, guarded memory,
 * and age's strict base64 and Bech32 encodings. */
#pragma once

#include <glib.h>
#include <sodium.h>

G_BEGIN_DECLS

#define AGE_FILE_KEY_LEN 16
#define AGE_KEY_LEN 32   /* ChaCha20-Poly1305, HMAC and X25519 keys */
#define AGE_TAG_LEN 16
#define AGE_MAC_LEN 32

/* libsodium must be initialised before any of these; idempotent. */
gboolean age_crypto_init (GError **error);

/* Guarded memory (sodium_malloc: guard pages, mlock'ed, wiped on free). */
gpointer age_secure_alloc (gsize len);
void age_secure_free (gpointer p);

/* HKDF-SHA256 (RFC 5869); an empty salt is HashLen zero bytes. */
void age_hkdf (const guint8 *salt, gsize salt_len, const guint8 *ikm,
               gsize ikm_len, const char *info, guint8 *out, gsize out_len);
void age_hmac (const guint8 key[AGE_KEY_LEN], const guint8 *msg, gsize len,
               guint8 out[AGE_MAC_LEN]);

/* ChaCha20-Poly1305 with a 12-byte nonce; `out` holds len + tag on seal,
 * len - tag on open. open returns FALSE when the tag does not verify. */
void age_aead_seal (const guint8 key[AGE_KEY_LEN], const guint8 nonce[12],
                    const guint8 *in, gsize len, guint8 *out);
gboolean age_aead_open (const guint8 key[AGE_KEY_LEN], const guint8 nonce[12],
                        const guint8 *in, gsize len, guint8 *out);

/* X25519; FALSE when the shared secret is all zeros (a low-order point). */
gboolean age_x25519 (guint8 out[32], const guint8 scalar[32],
                     const guint8 point[32]);
void age_x25519_base (guint8 out[32], const guint8 scalar[32]);

/* scrypt with r = 8, p = 1 and N = 2^log_n. */
gboolean age_scrypt (const char *pass, gsize pass_len, const guint8 *salt,
                     gsize salt_len, int log_n, guint8 out[AGE_KEY_LEN]);

void age_random (guint8 *buf, gsize len);

/* Base64, standard alphabet, no padding, canonical: decoding rejects
 * padding, other characters, and non-zero trailing bits. */
char *age_b64_encode (const guint8 *data, gsize len);
gboolean age_b64_decode (const char *text, gsize text_len, guint8 *out,
                         gsize max_out, gsize *out_len);

/* Bech32 (BIP 173, without its 90-character limit). encode lower-cases
 * unless `upper`; decode rejects mixed case and returns the HRP lower-cased
 * and the data as 8-bit bytes. */
char *age_bech32_encode (const char *hrp, const guint8 *data, gsize len,
                         gboolean upper);
gboolean age_bech32_decode (const char *text, char **hrp, guint8 **data,
                            gsize *len);

G_END_DECLS
