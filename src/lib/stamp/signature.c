/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signed markings in documents: the check `pmark verify`, classify and
 * audit report, and the sealed file's. What a document carries (token,
 * marking property, the canonical content's digest) is read by
 * formats/signature.c, in a worker process when the sandbox is on; this
 * file compares it with the signed statement. */
#include "config.h"

#include <string.h>

#include <pmark/error.h>
#include <pmark/seal.h>
#include <pmark/sign.h>

#include "core/json.h"
#include "stamp.h"

gboolean
pmark_signature_format_supported (const char *format)
{
  static const char *const signable[] = { "pdf", "docx", "xlsx", "pptx", "odf", NULL };
  return format && g_strv_contains (signable, format);
}

char *
pmark_signature_content_digest (PmarkDocument *doc, GBytes *bytes,
                                const char *const *marking_lines,
                                const char *password, GError **error)
{
  SignatureKind kind = signature_kind (doc, bytes);
  if (kind == SIGNATURE_KIND_NONE || kind == SIGNATURE_KIND_SEALED) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "%s: pmark cannot sign %s files", doc->name,
                 doc->type.format ? doc->type.format : doc->type.mime);
    return NULL;
  }
  PmarkReadOptions read;
  pmark_read_options_init (&read);
  read.password = password;
  if (!signature_gather (doc, bytes, &read, TRUE, error))
    return NULL;
  return signature_digest (doc, marking_lines, error);
}

/* ---- the check --------------------------------------------------------- */

/* A visible line reads `line` (top or bottom of a page, a header...). */
static gboolean
shows (const PmarkDocument *doc, const char *line)
{
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *c = g_ptr_array_index (doc->markings, i);
    if (c->source == PMARK_MARKING_SOURCE_TEXT && signature_same_line (c->value, -1, line))
      return TRUE;
  }
  return FALSE;
}

PmarkSignatureCheck *
pmark_signature_check (PmarkDocument *doc, GBytes *bytes, GHashTable *trusted,
                       const char *password, GError **error)
{
  PmarkReadOptions read;
  pmark_read_options_init (&read);
  read.password = password;
  return stamp_signature_check (doc, bytes, trusted, &read, error);
}

PmarkSignatureCheck *
stamp_signature_check (PmarkDocument *doc, GBytes *bytes, GHashTable *trusted,
                       const PmarkReadOptions *read, GError **error)
{
  g_autoptr (PmarkSignatureCheck) c = g_new0 (PmarkSignatureCheck, 1);
  c->trust_checked = trusted != NULL;
  SignatureKind kind = signature_kind (doc, bytes);
  if (kind != SIGNATURE_KIND_NONE && kind != SIGNATURE_KIND_SEALED && !doc->inspected) {
    /* a signature may be there: never "unsigned" for what was not read */
    g_set_error (error, PMARK_ERROR,
                 doc->encrypted ? PMARK_ERROR_ENCRYPTED : PMARK_ERROR_NOT_INSPECTED,
                 "%s: its signature cannot be checked: %s%s", doc->name,
                 doc->not_inspected_reason ? doc->not_inspected_reason : "unreadable",
                 doc->encrypted && kind == SIGNATURE_KIND_PDF ? " (give --password)" : "");
    return NULL;
  }
  /* what the document carries, read where documents are read (a worker
   * process when the sandbox is on) */
  g_autofree char *token = NULL;
  if (kind != SIGNATURE_KIND_NONE && kind != SIGNATURE_KIND_TEXT) {
    if (!signature_gather (doc, bytes, read, FALSE, error))
      return NULL;
    const PmarkSignatureEvidence *e = doc->evidence;
    if (e->code) {
      g_set_error_literal (error, PMARK_ERROR, (int) e->code, e->error);
      return NULL;
    }
    token = g_strdup (e->token);
    c->marking_now = g_strdup (e->marking);
  }
  /* the reader's copy where the metadata pmark reads marking from lacks it
   * (a PDF's Info dropped, its XMP kept) */
  if (!token && doc->signature && kind != SIGNATURE_KIND_SEALED)
    token = g_strdup (doc->signature);
  if (!token) {
    c->state = PMARK_SIGNATURE_UNSIGNED;
    c->reason = g_strdup (kind == SIGNATURE_KIND_NONE ? "pmark does not sign files of this type"
                          : "it carries no pmark signature");
    return g_steal_pointer (&c);
  }
  GError *bad = NULL;
  c->statement = pmark_signature_open (token, &bad);
  if (!c->statement) {
    c->state = PMARK_SIGNATURE_INVALID;
    c->reason = g_strdup (bad->message);
    g_error_free (bad);
    return g_steal_pointer (&c);
  }
  const PmarkSignedMarking *m = c->statement;
  if (kind == SIGNATURE_KIND_SEALED) {
    /* the stanza is not bound to the payload: anyone who can seal to the
     * recipient can copy it; only the document inside proves the content */
    c->marking_changed = !c->marking_now || !signature_same_line (c->marking_now, -1, m->marking);
    c->state = c->marking_changed ? PMARK_SIGNATURE_MARKING_CHANGED : PMARK_SIGNATURE_SEALED;
    c->reason = c->marking_changed
      ? g_strdup_printf ("the sealed file's marking reads \"%s\"; %s (%s) signed %s on %s",
                         c->marking_now ? c->marking_now : "", m->signer, m->key,
                         m->marking, m->time)
      : g_strdup_printf ("sealed as %s, signed by %s (%s) on %s; the content is sealed: "
                         "decrypt it and verify the document inside", m->marking, m->signer,
                         m->key, m->time);
    return g_steal_pointer (&c);
  }
  const char *lines[] = { m->marking, m->handling, NULL };
  /* the content's part is gathered with a token; a token only the
   * reader saw (above) needs it gathered now */
  if (!doc->evidence || !doc->evidence->has_content) {
    if (!signature_gather (doc, bytes, read, TRUE, error))
      return NULL;
  }
  if (!(c->content_now = signature_digest (doc, lines, error)))
    return NULL;
  gboolean same_format = !g_strcmp0 (m->format, doc->type.format);
  c->content_changed = !same_format || strcmp (c->content_now, m->content) != 0;
  gboolean meta_ok = c->marking_now && signature_same_line (c->marking_now, -1, m->marking);
  gboolean shown = shows (doc, m->marking) && (!m->handling || shows (doc, m->handling));
  c->marking_changed = !meta_ok || !shown;
  const char *name = trusted ? g_hash_table_lookup (trusted, m->key) : NULL;
  c->signer_name = g_strdup (name && *name ? name : NULL);
  g_autofree char *who = g_strdup_printf ("%s%s%s (%s)", m->signer,
                                          c->signer_name ? ", trusted as " : "",
                                          c->signer_name ? c->signer_name : "", m->key);
  if (c->marking_changed) {
    c->state = PMARK_SIGNATURE_MARKING_CHANGED;
    c->reason = !meta_ok
      ? g_strdup_printf ("the marking in its metadata reads %s%s%s; %s signed %s on %s",
                         c->marking_now ? "\"" : "", c->marking_now ? c->marking_now : "nothing",
                         c->marking_now ? "\"" : "", who, m->marking, m->time)
      : g_strdup_printf ("no page, header or footer shows the signed marking \"%s\"%s "
                         "any more; %s signed it on %s", m->marking,
                         m->handling ? " with its handling line" : "", who, m->time);
  } else if (c->content_changed) {
    c->state = PMARK_SIGNATURE_CONTENT_CHANGED;
    c->reason = !same_format
      ? g_strdup_printf ("it was signed as a %s file and is now %s; %s signed it on %s",
                         m->format, doc->type.format, who, m->time)
      : g_strdup_printf ("its content differs from what %s signed as %s on %s", who,
                         m->marking, m->time);
  } else if (trusted && !name) {
    c->state = PMARK_SIGNATURE_NOT_TRUSTED;
    c->reason = g_strdup_printf ("marking and content are as signed, but by %s (%s), "
                                 "a key not among the trusted ones", m->signer, m->key);
  } else {
    c->state = PMARK_SIGNATURE_INTACT;
    c->reason = g_strdup_printf ("marked %s and signed by %s on %s; content unchanged%s",
                                 m->marking, who, m->time,
                                 trusted ? "" : " (the key was not checked against a "
                                               "trusted list)");
  }
  return g_steal_pointer (&c);
}

static gboolean
collect (const guint8 *data, gsize len, gpointer user_data, GError **error)
{
  GByteArray *out = user_data;
  if (out->len + len > G_MAXUINT32 / 2) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET, "the sealed document is too large");
    return FALSE;
  }
  g_byte_array_append (out, data, (guint) len);
  return TRUE;
}

PmarkSignatureCheck *
pmark_signature_check_sealed (GBytes *sealed, const char *name, GPtrArray *identities,
                              GHashTable *trusted, const PmarkReadOptions *read,
                              GError **error)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (sealed);
  g_autoptr (GByteArray) plain = g_byte_array_new ();
  g_autofree char *outside = NULL;
  if (!pmark_age_decrypt (in, identities, collect, plain, &outside, error)) {
    g_prefix_error (error, "%s: ", name);
    return NULL;
  }
  g_autoptr (GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&plain));
  g_autofree char *inner = g_strdup_printf ("%s (inside)", name);
  g_autoptr (PmarkDocument) doc = pmark_document_load_bytes (bytes, inner, read, error);
  if (!doc)
    return NULL;
  PmarkSignatureCheck *c = stamp_signature_check (doc, bytes, trusted, read, error);
  if (!c || !c->statement)
    return c;
  if (outside && !signature_same_line (outside, -1, c->statement->marking)
      && c->state != PMARK_SIGNATURE_MARKING_CHANGED) {
    c->state = PMARK_SIGNATURE_MARKING_CHANGED;
    c->marking_changed = TRUE;
    g_free (c->reason);
    c->reason = g_strdup_printf ("the sealed file's outside marking reads \"%s\"; the "
                                 "document inside was signed as %s by %s on %s", outside,
                                 c->statement->marking, c->statement->signer,
                                 c->statement->time);
  } else {
    char *r = g_strdup_printf ("sealed, opened: %s", c->reason);
    g_free (c->reason);
    c->reason = r;
  }
  return c;
}
