/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Identifier validators. Each takes the text of a candidate match
 * (separators allowed), decides whether it is a valid identifier and, if
 * so, writes its canonical form (no separators, upper case) into `canon`
 * (at least PMARK_CANON_MAX bytes). */
#define PMARK_CANON_MAX 32

typedef gboolean (*PmarkValidateFunc) (const char *text, gsize len,
                                       char *canon);

typedef struct {
  const char *name;          /* as written in a policy */
  const char *description;
  const char *default_regex; /* used when the policy gives no regex */
  PmarkValidateFunc validate;
  /* Every match of default_regex has a digit at most this many characters
   * from its start, so the search only needs to look around digits. */
  guint digit_lead;
} PmarkValidator;

const PmarkValidator *pmark_validator_lookup (const char *name);
/* NULL-terminated table of all validators. */
const PmarkValidator *const *pmark_validators (void);

gboolean pmark_validate_nhs_number (const char *text, gsize len, char *canon);
gboolean pmark_validate_chi_number (const char *text, gsize len, char *canon);
gboolean pmark_validate_ni_number (const char *text, gsize len, char *canon);
gboolean pmark_validate_upn (const char *text, gsize len, char *canon);
gboolean pmark_validate_uk_postcode (const char *text, gsize len, char *canon);
gboolean pmark_validate_date (const char *text, gsize len, char *canon);

G_END_DECLS
