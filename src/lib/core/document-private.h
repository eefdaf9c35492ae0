/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* What one extraction reads with, given to every reader as doc->read
 * while it runs (formats/extract.c sets it; NULL otherwise). The document
 * holds results only. A nested document (a zip member, an attachment)
 * gets a context of its own, one deeper, sharing the outermost one's
 * deadline and counters. */
typedef struct _PmarkReadContext PmarkReadContext;
struct _PmarkReadContext {
  PmarkReadOptions options; /* budget, the caller's password, OCR settings
                             * resolved (never PMARK_OCR_DEFAULT) */
  gint64 deadline;          /* monotonic time (us) to end by, or 0 */
  guint64 memory_ceiling;   /* resident bytes to stay under, or 0 */
  guint depth;              /* containers this document is inside */
  PmarkReadContext *top;    /* the outermost document's context (this one
                             * at the top): what the whole tree counts */
  guint64 inflated;         /* top: zip bytes inflated by the whole tree */
  guint ocr_pages;          /* top: pages recognised */
  GHashTable *pictures;     /* top: digests of the pictures read (a logo
                             * on every slide is read once), or NULL */
  /* this document's text counted so far (text_total): the bytes of its
   * first text_parts parts, the last of which was text_last */
  guint64 text_bytes;
  guint text_parts;
  const void *text_last;
};

/* What a document signed with pmark's signed marking carries, as its
 * reader found it (formats/signature.c gathers it where the document is
 * read: in the worker, when the sandbox is on), for the check
 * (stamp/signature.c) to compare with the statement. */
typedef struct _PmarkSignatureEvidence PmarkSignatureEvidence;
struct _PmarkSignatureEvidence {
  char *token;     /* the signature as the metadata carries it, or NULL */
  char *marking;   /* pmark's marking property (metadata), or NULL */
  char *content;   /* a PDF's canonical content digest ("sha256:HEX") */
  char *media;     /* a package's media section of the canonical content */
  gboolean has_content; /* the content's part was gathered (content or
                         * media where the format has one) */
  guint32 code;    /* not 0: it could not be gathered (a PmarkError)... */
  char *error;     /* ...and why */
};
void pmark_signature_evidence_free (PmarkSignatureEvidence *e);

/* The caller's password and the OCR settings of the extraction `doc` is
 * in (NULL outside one). */
static inline const char *
pmark_read_password (const PmarkDocument *doc)
{
  return doc->read ? doc->read->options.password : NULL;
}
static inline const PmarkOcrOptions *
pmark_read_ocr (const PmarkDocument *doc)
{
  return doc->read ? &doc->read->options.ocr : NULL;
}

/* An empty document named `name`, to detect and extract into. */
PmarkDocument *pmark_document_new (const char *name);

/* Resident bytes of process `pid` (0: this one), from /proc; 0 unknown. */
guint64 pmark_resident_bytes (int pid);
/* This process's address space (virtual size) in bytes; 0 unknown. */
guint64 pmark_virtual_bytes (void);

/* Builds with AddressSanitizer: its shadow memory makes resident and
 * virtual sizes say nothing about pmark's own use. */
#if defined(__SANITIZE_ADDRESS__)
#define PMARK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PMARK_ASAN 1
#endif
#endif

/* FALSE with a PMARK_ERROR_BUDGET once the read context's time or memory
 * is spent (TRUE outside extraction). */
gboolean pmark_document_check_budget (const PmarkDocument *doc, GError **error);
/* Marks the document as not inspected (encrypted), with why. */
void pmark_document_set_not_inspected (PmarkDocument *doc, const char *reason);
/* The same, because it needs a password or a key (doc->encrypted). */
void pmark_document_set_encrypted (PmarkDocument *doc, const char *reason);
/* Frees the text read (parts and marking candidates), keeping what the
 * document is (name, type, inspected or not): for a caller done with
 * classifying that goes on to rewrite the file, in less memory. */
void pmark_document_drop_text (PmarkDocument *doc);

/* Shared by readers: adds the first and last few non-empty short lines of
 * `text` as PMARK_MARKING_SOURCE_TEXT candidates. `where` prefixes the
 * line numbers ("page 3"), or is NULL. */
void pmark_document_add_edge_lines (PmarkDocument *doc, const char *text,
                                    gsize len, const char *where);

/* The same, for every text part already extracted whose `where` starts
 * with `prefix` (each page, sheet or slide is its own part). */
void pmark_document_add_part_edges (PmarkDocument *doc, const char *prefix);

/* A table's column as a sheet names it: 0 is "A", 26 "AA" */
char *pmark_column_letters (guint column);

#define PMARK_EDGE_LINES 3
#define PMARK_EDGE_LINE_MAX 120

G_END_DECLS
