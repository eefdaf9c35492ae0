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
  /* A column of a table whose rows are also in the document, whole
   * (pmark_document_add_columns): matches read each cell beside its
   * header; what reads rows (the people recognisers) skips it. */
  gboolean column;
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
  gboolean inspected;    /* FALSE: content could not be read */
  char *not_inspected_reason;
  gboolean encrypted;    /* not inspected because it needs a password or a
                          * key (an encrypted PDF or Office file, a sealed
                          * file) */
  /* Parts of a container (attachments, zip members) that could not be
   * read, as "where: reason" (char*); the rest was read. */
  GPtrArray *unread;
  /* Private: the read context (options, password, deadline, depth,
   * counters) while readers run on this document, NULL otherwise. */
  struct _PmarkReadContext *read;
  char *signature;       /* pmark's signed-marking token in the document's
                          * metadata (pmark-verify(1)), or NULL */
  /* Private: what was read, where documents are read, for checking that
   * signature (the token and marking property in the metadata, the part
   * of the canonical content that needs the file parsed), or NULL. */
  struct _PmarkSignatureEvidence *evidence;
} PmarkDocument;

/**
 * pmark_file_read:
 * @path: the file, or "-" for standard input
 * @budget: its max-input-bytes is the largest file read
 * @error: where to put an error, or %NULL
 *
 * Reads a whole regular file, read-only and without touching its access time
 * where the kernel allows, refusing anything larger than the max-input-bytes
 * budget (%PMARK_ERROR_BUDGET) and anything that is not a regular file
 * (%PMARK_ERROR_NOT_REGULAR). Read, not mapped, on purpose: a file truncated
 * under a mapping would kill the process with SIGBUS.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
GBytes *pmark_file_read (const char *path, const PmarkBudget *budget,
                         GError **error);
/**
 * pmark_file_probe:
 * @path: the file
 * @type: (out caller-allocates) (optional): the type detected when the file
 *    is refused
 * @error: where to put why it is refused, or %NULL
 *
 * For a large file (over 16 MiB), whether its first MiB shows a type pmark
 * could read, so that a file no format reads is refused without being read
 * whole.
 *
 * Returns: %FALSE with %PMARK_ERROR_UNSUPPORTED_FORMAT when no format reads
 *    it; %TRUE otherwise, and for small files
 */
gboolean pmark_file_probe (const char *path, PmarkFileType *type, GError **error);
/**
 * pmark_document_load_file:
 * @path: the file
 * @options: budgets, password, OCR settings
 * @error: where to put why it could not be read, or %NULL
 *
 * Reads a file into a document: detected, then read by its format's reader
 * (in a worker process when the sandbox is on, pmark(1) SANDBOX). A document
 * that could only partly be read says so in its `unread` list, or with
 * `inspected` %FALSE.
 *
 * Returns: (transfer full): the document, or %NULL with @error set (a typed
 *    %PMARK_ERROR naming the file)
 */
PmarkDocument *pmark_document_load_file (const char *path,
                                         const PmarkReadOptions *options,
                                         GError **error);
/**
 * pmark_document_load_bytes:
 * @bytes: the content
 * @name: the name it is known by (in messages and errors)
 * @options: budgets, password, OCR settings
 * @error: where to put why it could not be read, or %NULL
 *
 * As pmark_document_load_file(), for content already in memory.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
PmarkDocument *pmark_document_load_bytes (GBytes *bytes, const char *name,
                                          const PmarkReadOptions *options,
                                          GError **error);
/**
 * pmark_document_free:
 * @doc: (nullable): a document
 *
 * Frees a document and everything it holds.
 */
void pmark_document_free (PmarkDocument *doc);

/**
 * pmark_document_add_text_bytes:
 * @doc: the document being read
 * @budget: its max-text-bytes limits the document's text
 * @where: (nullable): where the text is ("page 3", "sheet Data"), %NULL for
 *    the body of a plain file
 * @text: (transfer full): the text; invalid UTF-8 is replaced (U+FFFD), NULs
 *    are kept
 * @lines: whether positions inside it are reported as line numbers
 * @error: where to put an error, or %NULL
 *
 * For readers: appends a part of text to the document.
 *
 * Returns: %FALSE with %PMARK_ERROR_BUDGET past max-text-bytes
 */
gboolean pmark_document_add_text_bytes (PmarkDocument *doc,
                                        const PmarkBudget *budget,
                                        const char *where, GBytes *text,
                                        gboolean lines, GError **error);
/**
 * pmark_document_add_text:
 * @doc: the document being read
 * @budget: its max-text-bytes limits the document's text
 * @where: (nullable): where the text is
 * @text: (transfer full): a g_malloc()'d string of @len bytes
 * @len: its length
 * @lines: whether positions inside it are reported as line numbers
 * @error: where to put an error, or %NULL
 *
 * As pmark_document_add_text_bytes(), taking a string.
 *
 * Returns: %FALSE with %PMARK_ERROR_BUDGET past max-text-bytes
 */
gboolean pmark_document_add_text (PmarkDocument *doc, const PmarkBudget *budget,
                                  const char *where, char *text, gsize len,
                                  gboolean lines, GError **error);
/**
 * pmark_document_add_marking:
 * @doc: the document being read
 * @source: where the words were found
 * @value: the words, as found
 * @where: (nullable): where they were
 *
 * For readers: adds a marking the document seems to carry; the policy
 * decides later what level, if any, it means.
 */
void pmark_document_add_marking (PmarkDocument *doc, PmarkMarkingSource source,
                                 const char *value, const char *where);
/**
 * pmark_document_add_header_marking:
 * @doc: the document being read
 * @source: where the words were found
 * @value: the words, as found
 * @where: (nullable): where they were
 * @from_header: for %PMARK_MARKING_SOURCE_HEADER: the value is the
 *    X-Protective-Marking header's, which wins over the subject
 *
 * As pmark_document_add_marking(), for a message's own marking.
 */
void pmark_document_add_header_marking (PmarkDocument *doc,
                                        PmarkMarkingSource source,
                                        const char *value, const char *where,
                                        gboolean from_header);
/**
 * pmark_marking_source_name:
 * @source: a marking source
 *
 * The source's name in JSON output ("text", "metadata", "label", "header",
 * "quoted").
 *
 * Returns: a static string
 */
const char *pmark_marking_source_name (PmarkMarkingSource source);
/**
 * pmark_document_add_nested:
 * @doc: the container being read (a message, a zip)
 * @budget: the container's budget, which the member shares
 * @bytes: the member's content
 * @name: the member's name (its extension is compared with its content)
 * @where: the member's place, prefixed to each of its parts' `where`
 * @error: where to put an error, or %NULL
 *
 * For containers: reads @bytes as a document of its own (detected, read one
 * level deeper within the same budget, deadline and counters) and adds its
 * text and markings to @doc. A message's own markings become QUOTED ones.
 * What cannot be read (an encrypted, malformed or over-budget member, or one
 * nested deeper than max-nesting) is added to `unread`; types that carry no
 * text (images without OCR, audio, fonts) are skipped.
 *
 * Returns: %FALSE only when @doc itself goes over its text budget or
 *    deadline
 */
gboolean pmark_document_add_nested (PmarkDocument *doc,
                                    const PmarkBudget *budget, GBytes *bytes,
                                    const char *name, const char *where,
                                    GError **error);
/**
 * pmark_document_to_json:
 * @doc: a document
 *
 * What was read, by part, as documented in pmark-extract(1).
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *pmark_document_to_json (const PmarkDocument *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkDocument, pmark_document_free)

G_END_DECLS
