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

/* "age1..." */
PmarkAgeRecipient *pmark_age_recipient_parse (const char *text, GError **error);
PmarkAgeRecipient *pmark_age_recipient_new_passphrase (const char *passphrase,
                                                       int log_n);
char *pmark_age_recipient_to_string (const PmarkAgeRecipient *r);
PmarkAgeRecipient *pmark_age_recipient_copy (const PmarkAgeRecipient *r);
void pmark_age_recipient_free (PmarkAgeRecipient *r);
/* A recipients file: one per line, '#' comments and blank lines skipped
 * (age -R). Appends to `out`; errors name the file and line. */
gboolean pmark_age_recipients_load (const char *path, GPtrArray *out,
                                    GError **error);
/* A recipient book: who a document may be sealed to, by name. One entry a
 * line, "NAME = age1... [age1...]" (or "NAME age1..." for a name without
 * spaces, e.g. a mail address); '#' starts a comment. */
typedef struct {
  char *name;
  GPtrArray *recipients;     /* PmarkAgeRecipient* */
} PmarkRecipientBookEntry;
/* The entries (PmarkRecipientBookEntry*, freed with the array); errors
 * name the file and line. */
GPtrArray *pmark_recipient_book_load (const char *path, GError **error);
/* The entry called `name` (case does not matter), or NULL. */
const PmarkRecipientBookEntry *pmark_recipient_book_find (GPtrArray *book,
                                                          const char *name);

/* "AGE-SECRET-KEY-1..."; the secret lives in guarded memory. */
PmarkAgeIdentity *pmark_age_identity_parse (const char *text, GError **error);
PmarkAgeIdentity *pmark_age_identity_generate (void);
PmarkAgeIdentity *pmark_age_identity_new_passphrase (const char *passphrase,
                                                     int max_log_n);
/* The identity in its text form, in guarded memory: free with
 * pmark_age_secret_free(). */
char *pmark_age_identity_to_secret_string (const PmarkAgeIdentity *id);
PmarkAgeRecipient *pmark_age_identity_to_recipient (const PmarkAgeIdentity *id);
void pmark_age_identity_free (PmarkAgeIdentity *id);
void pmark_age_secret_free (char *secret);
/* An identity file (age -i): identities one per line, comments and blank
 * lines skipped. Appends to `out`. */
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

gboolean pmark_age_encrypt (GInputStream *in, GOutputStream *out,
                            GPtrArray *recipients,
                            const PmarkAgeEncryptOptions *options,
                            GError **error);

/* Called with each piece of plaintext once it is authenticated. */
typedef gboolean (*PmarkAgeSink) (const guint8 *data, gsize len,
                                  gpointer user_data, GError **error);

/* Errors: PMARK_ERROR_AGE_ARMOR, _AGE_HEADER, _AGE_NO_MATCH, _AGE_HMAC,
 * _AGE_PAYLOAD (after which some authenticated plaintext may already have
 * gone to `sink`), or I/O. `marking` (may be NULL) receives the marking
 * stanza's text, or NULL. */
gboolean pmark_age_decrypt (GInputStream *in, GPtrArray *identities,
                            PmarkAgeSink sink, gpointer user_data,
                            char **marking, GError **error);

/* Reads only the header of `data` (armored or not): TRUE when it is an age
 * file, with the marking its stanza carries (or NULL). */
gboolean pmark_age_peek (GBytes *data, char **marking, GError **error);
/* The same, with the signed marking's token the stanza carries (or NULL). */
gboolean pmark_age_peek_signed (GBytes *data, char **marking, char **signature,
                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkAgeRecipient, pmark_age_recipient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkAgeIdentity, pmark_age_identity_free)

G_END_DECLS
