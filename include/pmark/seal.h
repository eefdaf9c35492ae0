/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Sealing: the age v1 file format (C2SP age) on libsodium. X25519
 * recipients and identities in age's own text forms ("age1...",
 * "AGE-SECRET-KEY-1..."), scrypt passphrases, ASCII armor, and an extra
 * header stanza carrying a protective marking that age itself ignores. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PmarkAgeRecipient PmarkAgeRecipient;
typedef struct _PmarkAgeIdentity PmarkAgeIdentity;

/* The default and the most an scrypt stanza may ask for when decrypting
 * (age's own: 18 to encrypt, 22 to decrypt). */
#define PMARK_AGE_SCRYPT_LOG_N 18
#define PMARK_AGE_SCRYPT_MAX_LOG_N 22

/**
 * pmark_age_recipient_parse:
 * @text: an X25519 recipient, "age1..."
 * @error: where to put why it is not one, or %NULL
 *
 * Returns: (transfer full): the recipient, or %NULL with @error set
 */
PmarkAgeRecipient *pmark_age_recipient_parse (const char *text, GError **error);
/**
 * pmark_age_recipient_new_passphrase:
 * @passphrase: the passphrase (copied into guarded memory)
 * @log_n: scrypt's work factor, or 0 for %PMARK_AGE_SCRYPT_LOG_N
 *
 * A passphrase recipient (an scrypt stanza); age requires it to be a file's
 * only recipient.
 *
 * Returns: (transfer full): the recipient
 */
PmarkAgeRecipient *pmark_age_recipient_new_passphrase (const char *passphrase,
                                                       int log_n);
/**
 * pmark_age_recipient_to_string:
 * @r: a recipient
 *
 * Returns: (transfer full): "age1...", or "(passphrase)" for a passphrase
 *    recipient
 */
char *pmark_age_recipient_to_string (const PmarkAgeRecipient *r);
/**
 * pmark_age_recipient_copy:
 * @r: a recipient
 *
 * Returns: (transfer full): a copy of @r
 */
PmarkAgeRecipient *pmark_age_recipient_copy (const PmarkAgeRecipient *r);
/**
 * pmark_age_recipient_free:
 * @r: (nullable): a recipient
 *
 * Frees @r, wiping a passphrase.
 */
void pmark_age_recipient_free (PmarkAgeRecipient *r);
/**
 * pmark_age_recipients_load:
 * @path: a recipients file (age -R): one recipient a line, '#' comments
 *    and blank lines skipped
 * @out: where the recipients are appended (PmarkAgeRecipient*)
 * @error: where to put why the file could not be read, naming the file and
 *    line, or %NULL
 *
 * Returns: %TRUE when every line was read
 */
gboolean pmark_age_recipients_load (const char *path, GPtrArray *out,
                                    GError **error);
/* A recipient book: who a document may be sealed to, by name. One entry a
 * line, "NAME = age1... [age1...]" (or "NAME age1..." for a name without
 * spaces, e.g. a mail address); '#' starts a comment. */
typedef struct {
  char *name;
  GPtrArray *recipients;     /* PmarkAgeRecipient* */
} PmarkRecipientBookEntry;
/**
 * pmark_recipient_book_load:
 * @path: a recipient book
 * @error: where to put why it could not be read, naming the file and line,
 *    or %NULL
 *
 * Returns: (transfer full): the entries (PmarkRecipientBookEntry*, freed
 *    with the array), or %NULL with @error set
 */
GPtrArray *pmark_recipient_book_load (const char *path, GError **error);
/**
 * pmark_recipient_book_find:
 * @book: entries from pmark_recipient_book_load()
 * @name: a name (case does not matter)
 *
 * Returns: (nullable): the entry called @name, owned by @book, or %NULL
 */
const PmarkRecipientBookEntry *pmark_recipient_book_find (GPtrArray *book,
                                                          const char *name);

/**
 * pmark_age_identity_parse:
 * @text: an X25519 identity, "AGE-SECRET-KEY-1..."
 * @error: where to put why it is not one, or %NULL
 *
 * Returns: (transfer full): the identity, its secret in guarded memory, or
 *    %NULL with @error set
 */
PmarkAgeIdentity *pmark_age_identity_parse (const char *text, GError **error);
/**
 * pmark_age_identity_generate:
 *
 * Returns: (transfer full): a new X25519 identity, its secret in guarded
 *    memory
 */
PmarkAgeIdentity *pmark_age_identity_generate (void);
/**
 * pmark_age_identity_new_passphrase:
 * @passphrase: the passphrase (copied into guarded memory)
 * @max_log_n: the most scrypt work a file may ask for, or 0 for
 *    %PMARK_AGE_SCRYPT_MAX_LOG_N
 *
 * Returns: (transfer full): an identity that opens passphrase-encrypted
 *    files
 */
PmarkAgeIdentity *pmark_age_identity_new_passphrase (const char *passphrase,
                                                     int max_log_n);
/**
 * pmark_age_identity_to_secret_string:
 * @id: an X25519 identity
 *
 * Returns: (transfer full): "AGE-SECRET-KEY-1...", in guarded memory: free
 *    with pmark_age_secret_free()
 */
char *pmark_age_identity_to_secret_string (const PmarkAgeIdentity *id);
/**
 * pmark_age_identity_to_recipient:
 * @id: an X25519 identity
 *
 * Returns: (transfer full): the recipient files for @id are encrypted to
 */
PmarkAgeRecipient *pmark_age_identity_to_recipient (const PmarkAgeIdentity *id);
/**
 * pmark_age_identity_free:
 * @id: (nullable): an identity
 *
 * Wipes and frees @id.
 */
void pmark_age_identity_free (PmarkAgeIdentity *id);
/**
 * pmark_age_secret_free:
 * @secret: (nullable): a string from pmark_age_identity_to_secret_string()
 *
 * Wipes and frees @secret.
 */
void pmark_age_secret_free (char *secret);
/**
 * pmark_age_identities_load:
 * @path: an identity file (age -i): identities one a line, comments and
 *    blank lines skipped
 * @out: where the identities are appended (PmarkAgeIdentity*)
 * @error: where to put why the file could not be read, or %NULL
 *
 * Returns: %TRUE when every line was read
 */
gboolean pmark_age_identities_load (const char *path, GPtrArray *out,
                                    GError **error);

typedef struct {
  gboolean armor;
  /* The protective marking to carry outside the encryption, in a
   * "pmark-marking" stanza, or NULL. age ignores the stanza; it is not
   * added to passphrase-encrypted files (age requires scrypt alone). */
  const char *marking;
  /* A signed marking's token (pmark-verify(1)) for the marking stanza's
   * body, or NULL; only with `marking`. */
  const char *signature;
} PmarkAgeEncryptOptions;

/**
 * pmark_age_encrypt:
 * @in: the plaintext
 * @out: where the age file is written
 * @recipients: (element-type PmarkAgeRecipient): who can open it (one
 *    passphrase recipient alone, or X25519 recipients)
 * @options: (nullable): armor, and the marking stanza; %NULL for none
 * @error: where to put why it failed (%PMARK_ERROR_INVALID_ARGUMENT for no
 *    or mixed recipients, or I/O), or %NULL
 *
 * Encrypts @in to @recipients in the age v1 format, in 64 KiB chunks
 * (STREAM, ChaCha20-Poly1305), the file key wiped after use.
 *
 * Returns: %TRUE when the whole file is written
 */
gboolean pmark_age_encrypt (GInputStream *in, GOutputStream *out,
                            GPtrArray *recipients,
                            const PmarkAgeEncryptOptions *options,
                            GError **error);

/* Called with each piece of plaintext once it is authenticated. */
typedef gboolean (*PmarkAgeSink) (const guint8 *data, gsize len,
                                  gpointer user_data, GError **error);

/**
 * pmark_age_decrypt:
 * @in: an age file, armored or not
 * @identities: (element-type PmarkAgeIdentity): identities to try
 * @sink: called with each piece of plaintext once it is authenticated
 * @user_data: for @sink
 * @marking: (out) (optional) (nullable): the marking stanza's text, or %NULL
 * @error: where to put why it failed, or %NULL
 *
 * Decrypts an age file. Errors: %PMARK_ERROR_AGE_ARMOR, _AGE_HEADER,
 * _AGE_NO_MATCH, _AGE_HMAC, _AGE_PAYLOAD (after which some authenticated
 * plaintext may already have gone to @sink), an error @sink set, or I/O.
 *
 * Returns: %TRUE when the whole payload was authenticated and given to @sink
 */
gboolean pmark_age_decrypt (GInputStream *in, GPtrArray *identities,
                            PmarkAgeSink sink, gpointer user_data,
                            char **marking, GError **error);

/**
 * pmark_age_peek:
 * @data: the start of a file (the header is enough)
 * @marking: (out) (optional) (nullable): the marking its stanza carries, or
 *    %NULL
 * @error: where to put why @data is not an age file, or %NULL
 *
 * Reads only the header, armored or not; decrypts nothing.
 *
 * Returns: %TRUE when @data is an age file; %FALSE with @error set when it
 *    is not one or its header is broken
 */
gboolean pmark_age_peek (GBytes *data, char **marking, GError **error);
/**
 * pmark_age_peek_signed:
 * @data: the start of a file (the header is enough)
 * @marking: (out) (optional) (nullable): the marking its stanza carries, or
 *    %NULL
 * @signature: (out) (optional) (nullable): the signed marking's token the
 *    stanza carries, or %NULL
 * @error: where to put why @data is not an age file, or %NULL
 *
 * As pmark_age_peek(), with the signed marking's token.
 *
 * Returns: %TRUE when @data is an age file; %FALSE with @error set when it
 *    is not one or its header is broken
 */
gboolean pmark_age_peek_signed (GBytes *data, char **marking, char **signature,
                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkAgeRecipient, pmark_age_recipient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkAgeIdentity, pmark_age_identity_free)

G_END_DECLS
