/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PMARK_ERROR (pmark_error_quark ())

/* One domain for everything libpmark reports. The names returned by
 * pmark_error_code_name() are part of the JSON output and stay stable. */
typedef enum {
  PMARK_ERROR_IO,                 /* "io": cannot open, read or write */
  PMARK_ERROR_NOT_REGULAR,        /* "not-regular-file": fifo, device, dir */
  PMARK_ERROR_UNSUPPORTED_FORMAT, /* "unsupported-format": no extractor */
  PMARK_ERROR_MALFORMED,          /* "malformed": the file is broken */
  PMARK_ERROR_BUDGET,             /* "budget-exceeded": a parser limit hit */
  PMARK_ERROR_POLICY,             /* "policy": the policy file is invalid */
  PMARK_ERROR_ENCRYPTED,          /* "encrypted": needs a key to proceed */
  PMARK_ERROR_INTERNAL,           /* "internal": a bug or a library failure */
  PMARK_ERROR_AGE_ARMOR,          /* "age-armor": invalid ASCII armor */
  PMARK_ERROR_AGE_HEADER,         /* "age-header": invalid age header */
  PMARK_ERROR_AGE_NO_MATCH,       /* "age-no-match": no identity opens it */
  PMARK_ERROR_AGE_HMAC,           /* "age-hmac": the header MAC is wrong */
  PMARK_ERROR_AGE_PAYLOAD,        /* "age-payload": the payload is broken */
  PMARK_ERROR_SIGNED,             /* "signed": marking would break a signature */
  PMARK_ERROR_DOWNGRADE,          /* "downgrade": lowering needs a justification */
  PMARK_ERROR_NOT_STAMPABLE,      /* "not-stampable": the stamped file would not
                                   * read back with its marking */
  PMARK_ERROR_INVALID_ARGUMENT,   /* "invalid-argument": a level, option or
                                   * value the caller gave is not valid */
  PMARK_ERROR_IN_USE,             /* "in-use": open in an editor (its lock
                                   * file exists); --force overrides */
  PMARK_ERROR_READ_ONLY,          /* "read-only": not replaced in place
                                   * without --force */
  PMARK_ERROR_READER_CRASHED,     /* "reader-crashed": the reader's process
                                   * died, broke its protocol or outgrew its
                                   * memory (pmark(1) SANDBOX) */
  PMARK_ERROR_READER_TIMEOUT,     /* "reader-timeout": the reader's process
                                   * ran past the time budget */
  PMARK_ERROR_NOT_INSPECTED,      /* "not-inspected": what needs the content
                                   * read (marking it) found it unread for a
                                   * reason other than a password or key
                                   * (a reader missing, pages unread) */
} PmarkErrorCode;

/**
 * pmark_error_quark:
 *
 * The one error domain of everything libpmark reports, %PMARK_ERROR.
 *
 * Returns: the quark
 */
GQuark pmark_error_quark (void);
/**
 * pmark_error_code_name:
 * @code: a #PmarkErrorCode
 *
 * The code's name in JSON output ("io", "malformed", "reader-crashed", ...);
 * the names are stable.
 *
 * Returns: a static string ("internal" for a code not in #PmarkErrorCode)
 */
const char *pmark_error_code_name (int code);

G_END_DECLS
