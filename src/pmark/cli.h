/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* Exit statuses shared by every subcommand (see pmark(1)). */
enum {
  PMARK_EXIT_OK = 0,
  PMARK_EXIT_FAILED = 1,  /* at least one file could not be processed */
  PMARK_EXIT_USAGE = 2,
  PMARK_EXIT_FAIL_AT = 3, /* classify --fail-at reached */
};

int pmark_cmd_classify (int argc, char **argv);
int pmark_cmd_policy (int argc, char **argv);

/* Parses options for a subcommand; on failure prints the error and a hint
 * and returns FALSE (exit with PMARK_EXIT_USAGE). */
gboolean cli_parse (GOptionContext *ctx, int *argc, char ***argv,
                    const char *command);
void cli_error (const char *command, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
