/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* Reads a whole regular file, read-only and without touching its access
 * time where the kernel allows, refusing anything larger than the
 * max-input-bytes budget. Read (not mapped) on purpose: a file truncated
 * under a mapping would kill the process with SIGBUS. "-" is stdin. */
GBytes *pmark_file_read (const char *path, const PmarkBudget *budget,
                         GError **error);

G_END_DECLS
