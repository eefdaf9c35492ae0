/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

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
    .max_memory_bytes = G_GUINT64_CONSTANT (512) << 20,
  };
}

guint64
pmark_budget_max_read (const PmarkBudget *budget)
{
  guint64 max = budget->max_input_bytes;
  if (budget->max_memory_bytes && budget->max_memory_bytes / 2 < max)
    max = budget->max_memory_bytes / 2;
  return max;
}

void
pmark_read_options_init (PmarkReadOptions *options)
{
  pmark_budget_init (&options->budget);
  options->password = NULL;
  memset (&options->ocr, 0, sizeof options->ocr);
}

/* The built-in OCR settings: what a policy without [ocr] gets. */
void
pmark_ocr_options_init (PmarkOcrOptions *options)
{
  *options = (PmarkOcrOptions){
    .mode = PMARK_OCR_AUTO,
    .languages = "eng",
    .dpi = 300,
    .page_seconds = 60,
    .max_pages = 100,
    .min_confidence = 60,
    .embedded = PMARK_OCR_AUTO,
    .embedded_min_pixels = 40000,
  };
}

void
pmark_ocr_options_merge (PmarkOcrOptions *options,
                         const PmarkOcrOptions *defaults)
{
  if (!options->mode)
    options->mode = defaults->mode;
  if (!options->languages)
    options->languages = defaults->languages;
  if (!options->dpi)
    options->dpi = defaults->dpi;
  if (!options->page_seconds)
    options->page_seconds = defaults->page_seconds;
  if (!options->max_pages)
    options->max_pages = defaults->max_pages;
  if (!options->min_confidence)
    options->min_confidence = defaults->min_confidence;
  if (!options->embedded)
    options->embedded = defaults->embedded;
  if (!options->embedded_min_pixels)
    options->embedded_min_pixels = defaults->embedded_min_pixels;
  options->no_correction = options->no_correction || defaults->no_correction;
  options->no_tolerance = options->no_tolerance || defaults->no_tolerance;
}

static const char *const ocr_modes[] = { NULL, "off", "auto", "always" };

int
pmark_ocr_mode_from_string (const char *s)
{
  for (int i = 1; s && i < (int) G_N_ELEMENTS (ocr_modes); i++)
    if (!g_ascii_strcasecmp (s, ocr_modes[i]))
      return i;
  return -1;
}

const char *
pmark_ocr_mode_to_string (PmarkOcrMode mode)
{
  return (guint) mode < G_N_ELEMENTS (ocr_modes) && ocr_modes[mode]
           ? ocr_modes[mode] : "policy";
}
