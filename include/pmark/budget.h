/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every parser in libpmark works within these limits; exceeding one is a
 * PMARK_ERROR_BUDGET naming the limit. One struct, one set of defaults. */
typedef struct {
  guint64 max_input_bytes;       /* size of a file read */
  guint64 max_text_bytes;        /* UTF-8 text extracted from one file */
  guint64 max_entry_inflated;    /* bytes inflated from one zip entry */
  guint64 max_total_inflated;    /* bytes inflated from one file */
  guint max_compression_ratio;   /* inflated / compressed, per entry */
  guint max_xml_depth;           /* element nesting */
  guint max_nesting;             /* containers within containers */
  guint max_seconds;             /* wall time for one file, 0 = none */
  guint64 max_memory_bytes;      /* the process's resident memory while
                                  * reading, 0 = none; a file read whole
                                  * may be half of it at most */
} PmarkBudget;

/**
 * pmark_budget_init:
 * @budget: (out caller-allocates): the budget to fill
 *
 * Fills @budget with the built-in defaults (pmark.policy(5), [budget]).
 */
void pmark_budget_init (PmarkBudget *budget);
/**
 * pmark_budget_max_read:
 * @budget: a budget
 *
 * The largest file read whole: max-input-bytes, or half the memory budget
 * when that is less.
 *
 * Returns: the size in bytes
 */
guint64 pmark_budget_max_read (const PmarkBudget *budget);

/* When to read text from images (pmark.policy(5), [ocr]). */
typedef enum {
  PMARK_OCR_DEFAULT = 0, /* as the policy says (auto when it is silent) */
  PMARK_OCR_OFF,         /* never: image-only pages and images are unread */
  PMARK_OCR_AUTO,        /* image files and pages without a text layer */
  PMARK_OCR_ALWAYS,      /* also every PDF page that has text */
} PmarkOcrMode;

typedef struct {
  PmarkOcrMode mode;
  const char *languages;   /* Tesseract's "eng+fra"; NULL: "eng" */
  guint dpi;               /* PDF pages are rendered at this resolution */
  guint page_seconds;      /* recognition time for one page or image */
  guint max_pages;         /* pages recognised in one document */
  guint min_confidence;    /* 0-100: a page read worse is left unread */
  gboolean no_correction;  /* no second chance for identifiers misread as
                            * letters (O/0, I/l/1, S/5, B/8) */
  PmarkOcrMode embedded;   /* pictures inside documents (a docx's media, an
                            * image on a PDF page with text): auto reads
                            * those of at least embedded_min_pixels, always
                            * every one that can hold a word, off none
                            * (they are unread) */
  guint embedded_min_pixels;
  gboolean no_tolerance;   /* case terms on OCR parts match only as
                            * written (no lost space, no wrong letter) */
} PmarkOcrOptions;

/**
 * pmark_ocr_options_merge:
 * @options: the options to complete
 * @defaults: what to take where @options leaves the default (may be
 *    @options)
 *
 * Fills in what @options leaves to the default from @defaults.
 */
void pmark_ocr_options_merge (PmarkOcrOptions *options,
                              const PmarkOcrOptions *defaults);
/**
 * pmark_ocr_options_init:
 * @options: (out caller-allocates): the options to fill
 *
 * Fills @options with the built-in OCR settings (pmark.policy(5), [ocr]).
 */
void pmark_ocr_options_init (PmarkOcrOptions *options);
/**
 * pmark_ocr_mode_from_string:
 * @s: "off", "auto" or "always"
 *
 * Parses an OCR mode.
 *
 * Returns: the #PmarkOcrMode, or -1 for anything else
 */
int pmark_ocr_mode_from_string (const char *s);
/**
 * pmark_ocr_mode_to_string:
 * @mode: an OCR mode
 *
 * The mode's name, as policies and options write it.
 *
 * Returns: a static string
 */
const char *pmark_ocr_mode_to_string (PmarkOcrMode mode);

/* How to read documents: the budget, a password for encrypted ones, and
 * OCR. */
typedef struct {
  PmarkBudget budget;
  const char *password;  /* NULL: encrypted content is "not inspected" */
  PmarkOcrOptions ocr;   /* zero: the policy's settings */
} PmarkReadOptions;

/**
 * pmark_read_options_init:
 * @options: (out caller-allocates): the options to fill
 *
 * Fills @options with the built-in budget, no password and OCR as the policy
 * says.
 */
void pmark_read_options_init (PmarkReadOptions *options);

G_END_DECLS
