/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <pmark/pmark.h>

G_DEFINE_QUARK (pmark-error-quark, pmark_error)

static const char *const code_names[] = {
  [PMARK_ERROR_IO] = "io",
  [PMARK_ERROR_NOT_REGULAR] = "not-regular-file",
  [PMARK_ERROR_UNSUPPORTED_FORMAT] = "unsupported-format",
  [PMARK_ERROR_MALFORMED] = "malformed",
  [PMARK_ERROR_BUDGET] = "budget-exceeded",
  [PMARK_ERROR_POLICY] = "policy",
  [PMARK_ERROR_ENCRYPTED] = "encrypted",
  [PMARK_ERROR_INTERNAL] = "internal",
  [PMARK_ERROR_AGE_ARMOR] = "age-armor",
  [PMARK_ERROR_AGE_HEADER] = "age-header",
  [PMARK_ERROR_AGE_NO_MATCH] = "age-no-match",
  [PMARK_ERROR_AGE_HMAC] = "age-hmac",
  [PMARK_ERROR_AGE_PAYLOAD] = "age-payload",
  [PMARK_ERROR_SIGNED] = "signed",
  [PMARK_ERROR_DOWNGRADE] = "downgrade",
  [PMARK_ERROR_NOT_STAMPABLE] = "not-stampable",
  [PMARK_ERROR_INVALID_ARGUMENT] = "invalid-argument",
  [PMARK_ERROR_IN_USE] = "in-use",
  [PMARK_ERROR_READ_ONLY] = "read-only",
  [PMARK_ERROR_READER_CRASHED] = "reader-crashed",
  [PMARK_ERROR_READER_TIMEOUT] = "reader-timeout",
  [PMARK_ERROR_NOT_INSPECTED] = "not-inspected",
};

const char *
pmark_error_code_name (int code)
{
  if (code < 0 || (gsize) code >= G_N_ELEMENTS (code_names)
      || code_names[code] == NULL)
    return "internal";
  return code_names[code];
}

const char *
pmark_version (void)
{
  return PMARK_VERSION;
}
