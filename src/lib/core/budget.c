/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <pmark/pmark.h>

/* The defaults are generous for real documents and small enough that a
 * hostile file cannot take the machine down with it. */
void
pmark_budget_init (PmarkBudget *budget)
{
  *budget = (PmarkBudget){
    .max_input_bytes = G_GUINT64_CONSTANT (2) << 30,
    .max_text_bytes = G_GUINT64_CONSTANT (512) << 20,
    .max_entry_inflated = G_GUINT64_CONSTANT (256) << 20,
    .max_total_inflated = G_GUINT64_CONSTANT (1) << 30,
    .max_compression_ratio = 200,
    .max_xml_depth = 256,
    .max_nesting = 4,
    .max_seconds = 120,
  };
}

void
pmark_read_options_init (PmarkReadOptions *options)
{
  pmark_budget_init (&options->budget);
  options->password = NULL;
}
