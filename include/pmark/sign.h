/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signed markings: an Ed25519 signature, by the person who marked a
 * document, over the marking and a canonical digest of the document's
 * content without pmark's own marking parts. The signature travels in
 * the document's metadata (and in a sealed file's marking stanza) as one
 * line, a token:
 *
 *   pmark-sig1.BASE64URL(statement).BASE64URL(signature)
 *
 * where the statement is UTF-8 text, "field: value" lines after a first
 * line "pmark signed marking 1" (see pmark-verify(1)). */
#pragma once

#include <glib.h>
#include <pmark/document.h>
#include <pmark/policy.h>

G_BEGIN_DECLS

#define PMARK_SIGNATURE_PROPERTY "pmark-signature"
#define PMARK_SIGNING_KEY_HRP "PMARK-SIGN-SECRET-KEY-"
#define PMARK_SIGNING_PUBLIC_HRP "pmarksign"

/* ---- keys (seal/signing.c) --------------------------------------------- */

/* An Ed25519 signing key; its secret half lives in guarded memory
 * (sodium_malloc: never swapped, wiped when freed). */
typedef struct _PmarkSigningKey PmarkSigningKey;

/**
 * pmark_signing_key_generate:
 *
 * Returns: (transfer full): a new Ed25519 signing key
 */
PmarkSigningKey *pmark_signing_key_generate (void);
/**
 * pmark_signing_key_load:
 * @path: a key file written by `pmark keygen --sign`
 * @error: where to put why it could not be loaded, or %NULL
 *
 * Reads the PMARK-SIGN-SECRET-KEY-1... line, and "# signer: NAME" when
 * present. Refuses a key file others can read (mode & 077) unless it is a
 * pipe or a terminal.
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 */
PmarkSigningKey *pmark_signing_key_load (const char *path, GError **error);
/**
 * pmark_signing_key_public:
 * @key: a signing key
 *
 * Returns: (transfer full): its public half, "pmarksign1..."
 */
char *pmark_signing_key_public (const PmarkSigningKey *key);
/**
 * pmark_signing_key_secret:
 * @key: a signing key
 *
 * Returns: (transfer full): "PMARK-SIGN-SECRET-KEY-1...", in guarded memory:
 *    free with pmark_age_secret_free()
 */
char *pmark_signing_key_secret (const PmarkSigningKey *key);
/**
 * pmark_signing_key_signer:
 * @key: a signing key
 *
 * Returns: (nullable): who signs with it: the key file's "# signer:" line
 *    or the one set, or %NULL
 */
const char *pmark_signing_key_signer (const PmarkSigningKey *key);
/**
 * pmark_signing_key_set_signer:
 * @key: a signing key
 * @signer: (nullable): who signs with it (copied), or %NULL
 *
 * Sets the name signatures made with @key carry.
 */
void pmark_signing_key_set_signer (PmarkSigningKey *key, const char *signer);
/**
 * pmark_signing_key_free:
 * @key: (nullable): a signing key
 *
 * Wipes and frees @key.
 */
void pmark_signing_key_free (PmarkSigningKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkSigningKey, pmark_signing_key_free)

/**
 * pmark_trusted_keys_load:
 * @path: a list of trusted public keys: lines "pmarksign1... [NAME]", '#'
 *    comments
 * @keys: a table from pmark_trusted_keys_new(); the keys are added (key ->
 *    name, possibly "")
 * @error: where to put why the list could not be read, naming the line, or
 *    %NULL
 *
 * Returns: %TRUE when every line was read
 */
gboolean pmark_trusted_keys_load (const char *path, GHashTable *keys, GError **error);
/**
 * pmark_trusted_keys_new:
 *
 * Returns: (transfer full): an empty table for pmark_trusted_keys_load()
 *    (strings owned by the table)
 */
GHashTable *pmark_trusted_keys_new (void);

/* ---- statements and tokens (seal/signing.c) ---------------------------- */

typedef struct {
  char *key;       /* pmarksign1... (filled in by pmark_signature_create) */
  char *signer;    /* who marked */
  char *time;      /* ISO 8601, UTC */
  char *policy;    /* the policy's name */
  char *level;
  char *marking;   /* the visible marking line */
  char *handling;  /* the visible handling line, or NULL */
  char *format;    /* pdf, docx, ... */
  char *content;   /* "sha256:HEX", pmark_signature_content_digest */
} PmarkSignedMarking;

/**
 * pmark_signed_marking_free:
 * @m: (nullable): a statement
 *
 * Frees @m and its fields.
 */
void pmark_signed_marking_free (PmarkSignedMarking *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkSignedMarking, pmark_signed_marking_free)

/**
 * pmark_signature_create:
 * @key: the signer's key
 * @m: the statement (m->key is ignored: the key's is written)
 *
 * Returns: (transfer full): the token, "pmark-sig1.STATEMENT.SIGNATURE"
 */
char *pmark_signature_create (const PmarkSigningKey *key, const PmarkSignedMarking *m);
/**
 * pmark_signature_open:
 * @token: a token
 * @error: where to put why it is not a valid token, or %NULL
 *
 * The statement a token carries, once its signature verifies against the
 * key it names (trust in that key is the caller's to check).
 *
 * Returns: (transfer full): the statement, or %NULL with
 *    %PMARK_ERROR_MALFORMED when @token is not a token, does not verify, or
 *    lacks a field
 */
PmarkSignedMarking *pmark_signature_open (const char *token, GError **error);

/* ---- documents (stamp/signature.c) ------------------------------------- */

/**
 * pmark_signature_content_digest:
 * @doc: @bytes as read (text included)
 * @bytes: the document
 * @marking_lines: (array zero-terminated=1): the visible marking lines to
 *    leave out
 * @password: (nullable): an encrypted PDF's password, or %NULL
 * @error: where to put why there is no digest, or %NULL
 *
 * The canonical digest of a document's content, as pmark-verify(1) defines
 * it per format, leaving out pmark's marking (the visible lines
 * @marking_lines, its metadata and its signature).
 *
 * Returns: (transfer full): "sha256:HEX", or %NULL with @error set
 *    (%PMARK_ERROR_UNSUPPORTED_FORMAT for a format pmark cannot sign)
 */
char *pmark_signature_content_digest (PmarkDocument *doc, GBytes *bytes,
                                      const char *const *marking_lines,
                                      const char *password, GError **error);

/**
 * pmark_signature_format_supported:
 * @format: a reader's name (PmarkFileType.format), e.g. "pdf"
 *
 * Returns: whether pmark can write a signature into that format's metadata
 */
gboolean pmark_signature_format_supported (const char *format);

typedef enum {
  PMARK_SIGNATURE_UNSIGNED,        /* "unsigned" */
  PMARK_SIGNATURE_INTACT,          /* "intact" */
  PMARK_SIGNATURE_CONTENT_CHANGED, /* "content-changed" */
  PMARK_SIGNATURE_MARKING_CHANGED, /* "marking-changed" */
  PMARK_SIGNATURE_NOT_TRUSTED,     /* "signer-not-trusted" */
  PMARK_SIGNATURE_INVALID,         /* "invalid": a signature that does not
                                    * verify (forged, corrupted) */
  PMARK_SIGNATURE_SEALED,          /* "content-sealed": a sealed file's
                                    * stanza carries a signed marking that
                                    * matches it; the content inside was not
                                    * checked (decrypt and verify that) */
} PmarkSignatureState;

typedef struct {
  PmarkSignatureState state;
  PmarkSignedMarking *statement;   /* NULL when unsigned or invalid */
  char *signer_name;               /* the trusted list's name for the key */
  gboolean trust_checked;          /* a trusted list was given */
  gboolean content_changed;
  gboolean marking_changed;
  char *content_now;               /* the digest now */
  char *marking_now;               /* pmark's metadata marking now, or NULL */
  char *reason;                    /* plain English, for people */
} PmarkSignatureCheck;

/**
 * pmark_signature_state_name:
 * @state: a state
 *
 * Returns: its name as pmark-verify(1) prints it ("intact", ...; static)
 */
const char *pmark_signature_state_name (PmarkSignatureState state);
/**
 * pmark_signature_check:
 * @doc: the document, as read from @bytes
 * @bytes: the document
 * @trusted: (nullable): trusted keys (key -> name), or %NULL not to check
 *    trust
 * @password: (nullable): an encrypted PDF's password, or %NULL
 * @error: where to put why it cannot be checked, or %NULL
 *
 * Reads the signature @doc carries and checks it: the content digest,
 * pmark's marking (its metadata property and a visible line equal to the
 * signed one), and the key against @trusted.
 *
 * Returns: (transfer full): the check, or %NULL with @error set when the
 *    document cannot be read for its digest, or was not read at all
 *    (%PMARK_ERROR_ENCRYPTED when it needs a password or key, else
 *    %PMARK_ERROR_NOT_INSPECTED: a signature it may carry is never reported
 *    as absent)
 */
PmarkSignatureCheck *pmark_signature_check (PmarkDocument *doc, GBytes *bytes,
                                            GHashTable *trusted, const char *password,
                                            GError **error);
/**
 * pmark_signature_check_sealed:
 * @sealed: an age file pmark sealed
 * @name: names it in errors
 * @identities: (element-type PmarkAgeIdentity): identities to open it with
 * @trusted: (nullable): trusted keys (key -> name), or %NULL
 * @read: (nullable): read options for the document inside, or %NULL
 * @error: where to put why it cannot be opened or read, or %NULL
 *
 * The check of the document inside, which must also carry the marking the
 * file shows outside (its stanza), else %PMARK_SIGNATURE_MARKING_CHANGED.
 *
 * Returns: (transfer full): the check, or %NULL with @error set
 */
PmarkSignatureCheck *pmark_signature_check_sealed (GBytes *sealed, const char *name,
                                                   GPtrArray *identities, GHashTable *trusted,
                                                   const PmarkReadOptions *read,
                                                   GError **error);
/**
 * pmark_signature_check_free:
 * @c: (nullable): a check
 *
 * Frees @c and what it holds.
 */
void pmark_signature_check_free (PmarkSignatureCheck *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkSignatureCheck, pmark_signature_check_free)
/**
 * pmark_signature_check_to_json:
 * @c: a check
 *
 * Returns: (transfer full): the check as pmark-verify(1)'s JSON object
 *    ({"state": ..., "signer": ..., ...})
 */
JsonNode *pmark_signature_check_to_json (const PmarkSignatureCheck *c);

G_END_DECLS
