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

PmarkSigningKey *pmark_signing_key_generate (void);
/* From a key file written by `pmark keygen --sign`: the
 * PMARK-SIGN-SECRET-KEY-1... line, and "# signer: NAME" when present.
 * Refuses a key file others can read (mode & 077) unless it is a
 * pipe/terminal. */
PmarkSigningKey *pmark_signing_key_load (const char *path, GError **error);
/* pmarksign1... */
char *pmark_signing_key_public (const PmarkSigningKey *key);
/* PMARK-SIGN-SECRET-KEY-1..., in guarded memory: free with
 * pmark_age_secret_free. */
char *pmark_signing_key_secret (const PmarkSigningKey *key);
/* The "# signer:" line of the key file, or NULL. */
const char *pmark_signing_key_signer (const PmarkSigningKey *key);
void pmark_signing_key_set_signer (PmarkSigningKey *key, const char *signer);
void pmark_signing_key_free (PmarkSigningKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkSigningKey, pmark_signing_key_free)

/* A list of trusted public keys: lines "pmarksign1... [NAME]", '#'
 * comments. Adds to `keys` (char* key -> char* name, possibly ""). */
gboolean pmark_trusted_keys_load (const char *path, GHashTable *keys, GError **error);
/* A new table for pmark_trusted_keys_load. */
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

void pmark_signed_marking_free (PmarkSignedMarking *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkSignedMarking, pmark_signed_marking_free)

/* The token for `m` signed with `key` (m->key is ignored: the key's). */
char *pmark_signature_create (const PmarkSigningKey *key, const PmarkSignedMarking *m);
/* The statement a token carries, once its signature verifies against the
 * key it names; PMARK_ERROR_MALFORMED when it is not a token, does not
 * verify, or lacks a field. */
PmarkSignedMarking *pmark_signature_open (const char *token, GError **error);

/* ---- documents (stamp/signature.c) ------------------------------------- */

/* The canonical digest of a document's content, "sha256:HEX", as
 * pmark-verify(1) defines it per format, leaving out pmark's marking
 * (the visible lines `marking_lines`, its metadata and its signature).
 * `doc` is `bytes` as read (text included). PMARK_ERROR_UNSUPPORTED_FORMAT
 * for a format pmark cannot sign. */
char *pmark_signature_content_digest (PmarkDocument *doc, GBytes *bytes,
                                      const char *const *marking_lines,
                                      const char *password, GError **error);

/* Whether pmark can write a signature into this format's metadata. */
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

const char *pmark_signature_state_name (PmarkSignatureState state);
/* Reads the signature `doc` (read from `bytes`) carries and checks it:
 * the content digest, pmark's marking (its metadata property and a
 * visible line equal to the signed one), and the key against `trusted`
 * (NULL: not checked). NULL with an error when the document cannot be
 * read for its digest, or was not read at all (PMARK_ERROR_ENCRYPTED: a
 * signature it may carry is never reported as absent). */
PmarkSignatureCheck *pmark_signature_check (PmarkDocument *doc, GBytes *bytes,
                                            GHashTable *trusted, const char *password,
                                            GError **error);
/* A sealed file opened with `identities` (PmarkAgeIdentity*): the check of
 * the document inside, which must also carry the marking the file shows
 * outside (its stanza), else MARKING_CHANGED. NULL with an error when it
 * cannot be opened or read. */
PmarkSignatureCheck *pmark_signature_check_sealed (GBytes *sealed, const char *name,
                                                   GPtrArray *identities, GHashTable *trusted,
                                                   const PmarkReadOptions *read,
                                                   GError **error);
void pmark_signature_check_free (PmarkSignatureCheck *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkSignatureCheck, pmark_signature_check_free)
/* {"state": ..., "signer": ..., ...} */
JsonNode *pmark_signature_check_to_json (const PmarkSignatureCheck *c);

G_END_DECLS
