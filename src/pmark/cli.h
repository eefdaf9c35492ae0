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
  PMARK_EXIT_TAMPERED = 4,   /* verify: a signed marking or its content changed */
  PMARK_EXIT_UNVERIFIED = 5, /* verify: unsigned, sealed, or signer not trusted */
};

int pmark_cmd_classify (int argc, char **argv);
int pmark_cmd_extract (int argc, char **argv);
int pmark_cmd_policy (int argc, char **argv);
int pmark_cmd_mark (int argc, char **argv);
int pmark_cmd_audit (int argc, char **argv);
int pmark_cmd_report (int argc, char **argv);
int pmark_cmd_keygen (int argc, char **argv);
int pmark_cmd_encrypt (int argc, char **argv);
int pmark_cmd_decrypt (int argc, char **argv);
int pmark_cmd_filter (int argc, char **argv);
int pmark_cmd_milter (int argc, char **argv);
int pmark_cmd_held (int argc, char **argv);
int pmark_cmd_verify (int argc, char **argv);
int pmark_cmd_serve (int argc, char **argv);

/* "error": {"code": ..., "message": ...} into an object being built. */
void cli_json_add_error (JsonBuilder *b, const GError *error);
/* "name": "value", or "name": null when value is NULL. */
void cli_json_add_string (JsonBuilder *b, const char *name, const char *value);

/* A name from outside as a command prints it (pmark_printable): escaped
 * bytes that are not UTF-8 and, with `controls`, control characters; and
 * with a `policy`, its identifiers masked (pmark_policy_mask: a file named
 * after a child's NHS number is shown "nhs 943 *** **70.docx", as classify
 * shows it). Always a new string. */
char *cli_shown (const PmarkPolicy *policy, const char *s, gboolean controls);
/* A file's failure: {"path", "error"} on standard output with `json`,
 * else "pmark COMMAND: MESSAGE" on standard error; the path and the
 * message (which names the file) shown as cli_shown() shows them. */
void cli_print_file_error (const char *command, const PmarkPolicy *policy, const char *path,
                           const GError *error, gboolean json);

/* Parses options for a subcommand; on failure prints the error and a hint
 * and returns FALSE (exit with PMARK_EXIT_USAGE). */
gboolean cli_parse (GOptionContext *ctx, int *argc, char ***argv,
                    const char *command);
/* cli_parse() for a command that takes no arguments besides its options:
 * one is a usage error, said */
gboolean cli_parse_options_only (GOptionContext *ctx, int *argc, char ***argv,
                                 const char *command);
/* Loads the policy --policy names (NULL: the default); NULL after printing
 * why (exit with PMARK_EXIT_USAGE). */
PmarkPolicy *cli_policy (const char *name, const char *command);
void cli_error (const char *command, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/* --password and --password-file, shared by the commands that read
 * documents. */
/* How pmark runs its reader processes: itself, with this one argument
 * (main.c), for pmark_sandbox_enable() */
#define CLI_WORKER_PROGRAM "/proc/self/exe"
#define CLI_WORKER_ARGUMENT "__worker"

#define CLI_PASSWORD_ENTRIES(password, password_file)                         \
  { "password", 0, 0, G_OPTION_ARG_STRING, &(password),                       \
    "Password for encrypted documents (visible to other users: prefer "       \
    "--password-file)", "PASSWORD" },                                         \
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &(password_file),           \
    "Read the password for encrypted documents from the first line of FILE",  \
    "FILE" }

/* Sets options->password from the two options (at most one may be given);
 * FALSE after printing why. cli_password_clear() wipes it. */
gboolean cli_password (PmarkReadOptions *options, const char *password,
                       const char *password_file, const char *command);
void cli_password_clear (PmarkReadOptions *options);

/* The first line of FILE (wiped from memory but for the copy returned);
 * NULL after printing why. */
char *cli_first_line (const char *file, const char *option, const char *command);

/* --ocr MODE, shared by the commands that read documents. */
#define CLI_OCR_ENTRY(mode)                                                   \
  { "ocr", 0, 0, G_OPTION_ARG_STRING, &(mode),                                \
    "When to read images and pages without text by OCR: off, auto or "      \
    "always (default: the policy's [ocr] mode, else auto)", "MODE" }

/* Sets options->ocr.mode from --ocr (NULL: the policy's); FALSE after
 * printing why. */
gboolean cli_ocr (PmarkReadOptions *options, const char *mode,
                  const char *command);

G_END_DECLS
