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
} PmarkBudget;

void pmark_budget_init (PmarkBudget *budget);

/* How to read documents: the budget, and a password for encrypted ones. */
typedef struct {
  PmarkBudget budget;
  const char *password;  /* NULL: encrypted content is "not inspected" */
} PmarkReadOptions;

void pmark_read_options_init (PmarkReadOptions *options);

G_END_DECLS
