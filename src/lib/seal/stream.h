/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The age payload: a 16-byte nonce, then STREAM: ChaCha20-Poly1305 over
 * 64 KiB chunks under HKDF(nonce, file key, "payload"), each chunk's nonce
 * an 11-byte big-endian counter and a last-chunk flag. */
#pragma once

#include "io.h"
#include "primitives.h"

G_BEGIN_DECLS

#define AGE_CHUNK (64 * 1024)
#define AGE_PAYLOAD_NONCE_LEN 16

/* Called with each chunk of plaintext once its tag has verified: nothing
 * unauthenticated is ever released. */
typedef gboolean (*AgeSink) (const guint8 *data, gsize len, gpointer user_data,
                             GError **error);

gboolean age_stream_encrypt (const guint8 file_key[AGE_FILE_KEY_LEN],
                             GInputStream *in, AgeWriter *out, GError **error);
/* Errors: PMARK_ERROR_AGE_PAYLOAD for a bad payload; I/O ones as such. */
gboolean age_stream_decrypt (const guint8 file_key[AGE_FILE_KEY_LEN],
                             AgeReader *in, AgeSink sink, gpointer user_data,
                             GError **error);

G_END_DECLS
