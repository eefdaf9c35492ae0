/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <pmark/budget.h>
#include <pmark/detect.h>

G_BEGIN_DECLS

/* A run of text with the place it came from ("page 3", "sheet Data",
 * "header"). When `lines` is set, positions inside it are reported as
 * line numbers too. The text is `len` bytes of valid UTF-8 held by
 * `bytes` (often a slice of the input, not copied); it is not
 * NUL-terminated and may contain NULs. */
typedef struct {
  char *where; /* NULL for the body of a plain file */
  const char *text;
  gsize len;
  gboolean lines;
  GBytes *bytes;
  /* Text read by OCR: the engine's confidence (0-100) for each line of
   * `text`, in order; NULL for text the document carries as text. */
  GArray *confidence; /* float */
} PmarkTextPart;

typedef enum {
  PMARK_MARKING_SOURCE_TEXT,     /* words at the top or bottom of a page */
  PMARK_MARKING_SOURCE_METADATA, /* a marking word in a document property */
  PMARK_MARKING_SOURCE_LABEL,    /* a label id (e.g. MSIP_Label_<guid>) */
  PMARK_MARKING_SOURCE_HEADER,   /* a message's own marking: its
                                  * X-Protective-Marking header or subject */
  PMARK_MARKING_SOURCE_QUOTED,   /* the marking of a message it quotes or
                                  * forwards (a nested message's header, a
                                  * quoted "Subject:" line) */
} PmarkMarkingSource;

/* A marking the document already carries, as found: the policy decides
 * later what level, if any, it means. */
typedef struct {
  PmarkMarkingSource source;
  char *value;
  char *where;
  /* HEADER only: the X-Protective-Marking header, which wins over the
   * subject when both carry a marking. */
  gboolean from_header;
} PmarkMarkingCandidate;

typedef struct _PmarkDocument {
  char *name;            /* for messages: the path as given */
  PmarkFileType type;
  GPtrArray *parts;      /* PmarkTextPart* */
  GPtrArray *markings;   /* PmarkMarkingCandidate* */
  gboolean inspected;    /* FALSE: content could not be read (encrypted) */
  char *not_inspected_reason;
  /* Parts of a container (attachments, zip members) that could not be
   * read, as "where: reason" (char*); the rest was read. */
  GPtrArray *unread;
  /* Private: the read context (options, password, deadline, depth,
   * counters) while readers run on this document, NULL otherwise. */
  struct _PmarkReadContext *read;
  char *signature;       /* pmark's signed-marking token in the document's
                          * metadata (pmark-verify(1)), or NULL */
} PmarkDocument;

/* Reads a whole regular file, read-only and without touching its access
 * time where the kernel allows, refusing anything larger than the
 * max-input-bytes budget (PMARK_ERROR_BUDGET). Read (not mapped) on
 * purpose: a file truncated under a mapping would kill the process with
 * SIGBUS. "-" is standard input. */
GBytes *pmark_file_read (const char *path, const PmarkBudget *budget,
                         GError **error);
/* For a large file (over 16 MiB), whether its first MiB shows a type
 * pmark could read: FALSE with PMARK_ERROR_UNSUPPORTED_FORMAT (and the
 * detected `type`, when not NULL) when no format reads it, so that it is
 * refused without being read whole. TRUE otherwise, and for small files. */
gboolean pmark_file_probe (const char *path, PmarkFileType *type, GError **error);
PmarkDocument *pmark_document_load_file (const char *path,
                                         const PmarkReadOptions *options,
                                         GError **error);
PmarkDocument *pmark_document_load_bytes (GBytes *bytes, const char *name,
                                          const PmarkReadOptions *options,
                                          GError **error);
void pmark_document_free (PmarkDocument *doc);

/* For extractors: append a part of valid UTF-8, taking ownership of
 * `text` (a GBytes, or a g_malloc'd string of `len` bytes). Fails with
 * PMARK_ERROR_BUDGET past max_text_bytes. */
gboolean pmark_document_add_text_bytes (PmarkDocument *doc,
                                        const PmarkBudget *budget,
                                        const char *where, GBytes *text,
                                        gboolean lines, GError **error);
gboolean pmark_document_add_text (PmarkDocument *doc, const PmarkBudget *budget,
                                  const char *where, char *text, gsize len,
                                  gboolean lines, GError **error);
void pmark_document_add_marking (PmarkDocument *doc, PmarkMarkingSource source,
                                 const char *value, const char *where);
void pmark_document_add_header_marking (PmarkDocument *doc,
                                        PmarkMarkingSource source,
                                        const char *value, const char *where,
                                        gboolean from_header);
const char *pmark_marking_source_name (PmarkMarkingSource source);
/* For containers (messages, zips): reads `bytes` as a document of its own
 * (detected, extracted within the same budget and deadline) and adds its
 * text and markings to `doc`, each `where` prefixed with `where`. A
 * message's own markings become QUOTED ones. What cannot be read (an
 * encrypted, malformed or over-budget member, or one nested deeper than
 * max-nesting) is added to `unread`; types that carry no text (images)
 * are skipped. FALSE only when `doc` itself goes over its text budget or
 * deadline. */
gboolean pmark_document_add_nested (PmarkDocument *doc,
                                    const PmarkBudget *budget, GBytes *bytes,
                                    const char *name, const char *where,
                                    GError **error);
/* What was read, by part, as documented in pmark-extract(1). */
JsonNode *pmark_document_to_json (const PmarkDocument *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkDocument, pmark_document_free)

G_END_DECLS
