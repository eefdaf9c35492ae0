/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The umbrella header: include this one, not the parts. */
#pragma once

#include <pmark/error.h>
#include <pmark/budget.h>
#include <pmark/detect.h>
#include <pmark/document.h>
#include <pmark/policy.h>
#include <pmark/classify.h>
#include <pmark/validate.h>
#include <pmark/mask.h>
#include <pmark/seal.h>
#include <pmark/output.h>
#include <pmark/sign.h>
#include <pmark/mark.h>
#include <pmark/preview.h>
#include <pmark/sandbox.h>
#include <pmark/audit.h>
#include <pmark/mail.h>

G_BEGIN_DECLS

/**
 * pmark_version:
 *
 * pmark's version, as in `pmark --version`.
 *
 * Returns: the version string, owned by the library
 */
const char *pmark_version (void);

/**
 * pmark_init:
 * @error: where to put why libsodium could not start, or %NULL
 *
 * Sets up libxml2, GMime and libsodium, once (later calls do nothing). Every
 * entry point does what it needs lazily; call this first when the library
 * will be used from several threads at once.
 *
 * Returns: %FALSE only when libsodium cannot start
 */
gboolean pmark_init (GError **error);

G_END_DECLS
