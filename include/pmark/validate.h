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

/**
 * pmark_validator_lookup:
 * @name: a validator's name as a policy writes it ("nhs-number")
 *
 * Finds a validator by name.
 *
 * Returns: (nullable): the validator, or %NULL when there is none of that
 *    name
 */
const PmarkValidator *pmark_validator_lookup (const char *name);
/**
 * pmark_validators:
 *
 * Every validator pmark has.
 *
 * Returns: a %NULL-terminated static table
 */
const PmarkValidator *const *pmark_validators (void);

/**
 * pmark_validate_nhs_number:
 * @text: the candidate match (separators allowed)
 * @len: its length in bytes
 * @canon: (out caller-allocates): at least %PMARK_CANON_MAX bytes; the
 *    canonical form when valid (no separators, upper case; a postcode keeps
 *    one space, a date is YYYY-MM-DD)
 *
 * An NHS number: ten digits, the last the modulus-11 check digit of the
 * first nine, not all the same digit.
 *
 * Returns: %TRUE when valid
 */
gboolean pmark_validate_nhs_number (const char *text, gsize len, char *canon);
/**
 * pmark_validate_chi_number:
 * @text: the candidate match (separators allowed)
 * @len: its length in bytes
 * @canon: (out caller-allocates): at least %PMARK_CANON_MAX bytes; the
 *    canonical form when valid (no separators, upper case; a postcode keeps
 *    one space, a date is YYYY-MM-DD)
 *
 * A Scottish CHI number: ten digits, the first six a date that exists
 * (DDMMYY; 29 February whenever either century makes it a leap year), the
 * last a modulus-11 check digit.
 *
 * Returns: %TRUE when valid
 */
gboolean pmark_validate_chi_number (const char *text, gsize len, char *canon);
/**
 * pmark_validate_ni_number:
 * @text: the candidate match (separators allowed)
 * @len: its length in bytes
 * @canon: (out caller-allocates): at least %PMARK_CANON_MAX bytes; the
 *    canonical form when valid (no separators, upper case; a postcode keeps
 *    one space, a date is YYYY-MM-DD)
 *
 * A National Insurance number: two letters (the first never D, F, I, Q, U or
 * V, the second never those or O; never BG, GB, KN, NK, NT, TN or ZZ), six
 * digits, a suffix A to D.
 *
 * Returns: %TRUE when valid
 */
gboolean pmark_validate_ni_number (const char *text, gsize len, char *canon);
/**
 * pmark_validate_upn:
 * @text: the candidate match (separators allowed)
 * @len: its length in bytes
 * @canon: (out caller-allocates): at least %PMARK_CANON_MAX bytes; the
 *    canonical form when valid (no separators, upper case; a postcode keeps
 *    one space, a date is YYYY-MM-DD)
 *
 * A Unique Pupil Number: a check letter (the weighted modulus-23 check of
 * the other twelve), eleven digits, then a digit or (temporary UPNs) a
 * letter.
 *
 * Returns: %TRUE when valid
 */
gboolean pmark_validate_upn (const char *text, gsize len, char *canon);
/**
 * pmark_validate_uk_postcode:
 * @text: the candidate match (separators allowed)
 * @len: its length in bytes
 * @canon: (out caller-allocates): at least %PMARK_CANON_MAX bytes; the
 *    canonical form when valid (no separators, upper case; a postcode keeps
 *    one space, a date is YYYY-MM-DD)
 *
 * A UK postcode: an outward code A9, A99, A9A, AA9, AA99 or AA9A with the
 * letters each position allows, and an inward code of a digit and two
 * letters (never C, I, K, M, O or V); or GIR 0AA.
 *
 * Returns: %TRUE when valid
 */
gboolean pmark_validate_uk_postcode (const char *text, gsize len, char *canon);
/**
 * pmark_validate_date:
 * @text: the candidate match (separators allowed)
 * @len: its length in bytes
 * @canon: (out caller-allocates): at least %PMARK_CANON_MAX bytes; the
 *    canonical form when valid (no separators, upper case; a postcode keeps
 *    one space, a date is YYYY-MM-DD)
 *
 * A date that exists, as people write one: 3/4/2012, 03-04-12, 03.04.2012, 3
 * April 2012, 3rd Apr 2012.
 *
 * Returns: %TRUE when valid
 */
gboolean pmark_validate_date (const char *text, gsize len, char *canon);

G_END_DECLS
