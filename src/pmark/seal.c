/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark keygen, encrypt, decrypt: age v1 files, keys in age's own formats.
 * Passphrases come from the terminal (no echo) or a file, never from the
 * command line. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

#define PASSPHRASE_MAX 1024

/* ---- passphrases --------------------------------------------------------- */

/* One line from the terminal with echo off, into `buf` (wiped by the
 * caller). */
static gboolean
read_tty_line (const char *prompt, char *buf, gsize size, const char *command)
{
  int fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    cli_error (command, "no terminal to ask for a passphrase: use --passphrase-file");
    return FALSE;
  }
  struct termios old, quiet;
  gboolean restore = tcgetattr (fd, &old) == 0;
  if (restore) {
    quiet = old;
    quiet.c_lflag &= ~(ECHO | ECHONL);
    quiet.c_lflag |= ICANON;
    tcsetattr (fd, TCSAFLUSH, &quiet);
  }
  if (write (fd, prompt, strlen (prompt)) < 0) { /* best effort */ }
  gsize n = 0;
  gboolean ok = FALSE;
  for (;;) {
    char c;
    ssize_t r = read (fd, &c, 1);
    if (r <= 0 || c == '\n') {
      ok = r > 0 || n > 0;
      break;
    }
    if (n + 1 < size)
      buf[n++] = c;
  }
  buf[n] = '\0';
  if (restore)
    tcsetattr (fd, TCSAFLUSH, &old);
  if (write (fd, "\n", 1) < 0) { /* best effort */ }
  close (fd);
  if (!ok)
    cli_error (command, "no passphrase read from the terminal");
  return ok;
}

/* The first line of `path` into `buf`. */
static gboolean
read_file_line (const char *path, char *buf, gsize size, const char *command)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    cli_error (command, "--passphrase-file: %s: %s", path, g_strerror (errno));
    return FALSE;
  }
  gsize n = 0;
  ssize_t r;
  while (n + 1 < size && (r = read (fd, buf + n, size - 1 - n)) > 0)
    n += r;
  close (fd);
  buf[n] = '\0';
  buf[strcspn (buf, "\r\n")] = '\0';
  if (!*buf) {
    cli_error (command, "--passphrase-file: %s: the first line is empty", path);
    return FALSE;
  }
  return TRUE;
}

/* into guarded memory; confirm: ask twice (encryption) */
static char *
get_passphrase (const char *file, gboolean confirm, const char *command)
{
  if (sodium_init () < 0)
    return NULL;
  char *buf = sodium_malloc (PASSPHRASE_MAX), *again = sodium_malloc (PASSPHRASE_MAX);
  gboolean ok;
  if (file) {
    ok = read_file_line (file, buf, PASSPHRASE_MAX, command);
  } else {
    ok = read_tty_line ("Passphrase: ", buf, PASSPHRASE_MAX, command);
    if (ok && !*buf) {
      cli_error (command, "an empty passphrase");
      ok = FALSE;
    }
    if (ok && confirm) {
      ok = read_tty_line ("Confirm passphrase: ", again, PASSPHRASE_MAX, command);
      if (ok && strcmp (buf, again)) {
        cli_error (command, "the passphrases do not match");
        ok = FALSE;
      }
    }
  }
  sodium_free (again);
  if (!ok) {
    sodium_free (buf);
    return NULL;
  }
  return buf;
}

/* ---- input and output ---------------------------------------------------- */

static GInputStream *
open_input (const char *path, const char *command)
{
  if (!path || !strcmp (path, "-"))
    return g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  GError *e = NULL;
  GFileInputStream *in = g_file_read (f, NULL, &e);
  if (!in) {
    cli_error (command, "%s: %s", path, e->message);
    g_error_free (e);
    return NULL;
  }
  return G_INPUT_STREAM (in);
}

static int
fail (const char *command, GError *error)
{
  cli_error (command, "%s", error->message);
  g_error_free (error);
  return PMARK_EXIT_FAILED;
}

/* ---- keygen -------------------------------------------------------------- */

int
pmark_cmd_keygen (int argc, char **argv)
{
  const char *cmd = "keygen";
  g_autofree char *output = NULL, *signer = NULL;
  gboolean force = FALSE, sign = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the key to FILE (created 0600; default: standard output)", "FILE" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, "Replace FILE if it exists", NULL },
    { "sign", 0, 0, G_OPTION_ARG_NONE, &sign,
      "Generate an Ed25519 signing key for pmark mark --sign instead of an age identity",
      NULL },
    { "signer", 0, 0, G_OPTION_ARG_STRING, &signer,
      "With --sign: who signs with the key, written as its \"# signer:\" line", "NAME" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (ctx, "Generate an age X25519 identity, or with --sign a "
                                     "signing key. The public key goes to standard "
                                     "error when the key goes to a file.");
  g_option_context_set_description (ctx, "See pmark-keygen(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse_options_only (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (signer && !sign) {
    cli_error (cmd, "--signer names the holder of a signing key: give --sign too");
    return PMARK_EXIT_USAGE;
  }
  if (signer && strpbrk (signer, "\r\n")) {
    cli_error (cmd, "--signer: one line");
    return PMARK_EXIT_USAGE;
  }
  if (output && !force && g_file_test (output, G_FILE_TEST_EXISTS)) {
    cli_error (cmd, "%s exists: not replacing a key file (use --force)", output);
    return PMARK_EXIT_FAILED;
  }
  if (sodium_init () < 0)
    return PMARK_EXIT_FAILED;
  g_autofree char *pub = NULL;
  char *secret;
  if (sign) {
    g_autoptr (PmarkSigningKey) key = pmark_signing_key_generate ();
    pub = pmark_signing_key_public (key);
    secret = pmark_signing_key_secret (key);
  } else {
    g_autoptr (PmarkAgeIdentity) id = pmark_age_identity_generate ();
    g_autoptr (PmarkAgeRecipient) r = pmark_age_identity_to_recipient (id);
    pub = pmark_age_recipient_to_string (r);
    secret = pmark_age_identity_to_secret_string (id);
  }
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *signer_line = signer ? g_strdup_printf ("# signer: %s\n", signer)
                                        : g_strdup ("");
  gsize len = strlen (secret) + strlen (pub) + strlen (signer_line) + 128;
  char *text = sodium_malloc (len);
  int n = g_snprintf (text, len, "# created: %s\n# public key: %s\n%s%s\n", created,
                      pub, signer_line, secret);
  pmark_age_secret_free (secret);
  GError *error = NULL;
  PmarkOutput *out = pmark_output_new (output, 0600, &error);
  gboolean ok = out && g_output_stream_write_all (pmark_output_stream (out), text, n,
                                                 NULL, NULL, &error);
  sodium_free (text);
  if (!ok) {
    pmark_output_abort (out);
    return fail (cmd, error);
  }
  if (!pmark_output_commit (out, &error))
    return fail (cmd, error);
  if (output)
    fprintf (stderr, "Public key: %s\n", pub);
  return PMARK_EXIT_OK;
}

/* ---- encrypt ------------------------------------------------------------- */

int
pmark_cmd_encrypt (int argc, char **argv)
{
  const char *cmd = "encrypt";
  g_auto (GStrv) recipients = NULL, recipient_files = NULL;
  g_autofree char *output = NULL, *passphrase_file = NULL, *marking = NULL,
                  *policy_name = NULL;
  gboolean passphrase = FALSE, armor = FALSE;
  GOptionEntry entries[] = {
    { "recipient", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &recipients,
      "Encrypt to RECIPIENT, an age1... public key (repeatable)", "RECIPIENT" },
    { "recipients-file", 'R', 0, G_OPTION_ARG_FILENAME_ARRAY, &recipient_files,
      "Encrypt to the recipients listed in FILE (repeatable)", "FILE" },
    { "passphrase", 'p', 0, G_OPTION_ARG_NONE, &passphrase,
      "Encrypt with a passphrase read from the terminal", NULL },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      "Encrypt with the passphrase on the first line of FILE", "FILE" },
    { "armor", 'a', 0, G_OPTION_ARG_NONE, &armor, "Write ASCII armor (PEM-like text)", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE (whole or not at all; default: standard output)", "FILE" },
    { "marking", 0, 0, G_OPTION_ARG_STRING, &marking,
      "Carry MARKING outside the encryption, in a header stanza age ignores", "MARKING" },
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "Check --marking against POLICY's levels and descriptors (default: the default "
      "policy; \"none\": carry it unchecked)", "POLICY" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[FILE]");
  g_option_context_set_summary (ctx, "Encrypt FILE (or standard input) to age "
                                     "recipients or a passphrase.");
  g_option_context_set_description (ctx, "See pmark-encrypt(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (argc > 2) {
    cli_error (cmd, "one input at most");
    return PMARK_EXIT_USAGE;
  }
  gboolean keys = recipients || recipient_files;
  gboolean pass = passphrase || passphrase_file;
  if (keys == pass || (passphrase && passphrase_file)) {
    cli_error (cmd, "give recipients (-r, -R) or one passphrase (-p, --passphrase-file)");
    return PMARK_EXIT_USAGE;
  }
  if (!output && !armor && isatty (STDOUT_FILENO)) {
    cli_error (cmd, "not writing binary to a terminal: use -a or -o");
    return PMARK_EXIT_USAGE;
  }
  if (policy_name && !marking) {
    cli_error (cmd, "--policy checks --marking: give one");
    return PMARK_EXIT_USAGE;
  }
  GError *error = NULL;
  /* a marking is one the policy knows, written as pmark writes it */
  if (marking && g_strcmp0 (policy_name, "none") != 0) {
    g_autoptr (PmarkPolicy) policy = cli_policy (policy_name, cmd);
    if (!policy)
      return PMARK_EXIT_USAGE;
    int level;
    g_autoptr (GPtrArray) descs = g_ptr_array_new_with_free_func (g_free);
    if (!pmark_policy_parse_level (policy, marking, &level, descs, NULL, &error)) {
      cli_error (cmd, "--marking: %s", error->message);
      g_error_free (error);
      return PMARK_EXIT_USAGE;
    }
    g_free (marking);
    marking = pmark_policy_marking_text (policy, level, descs);
  }
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pmark_age_recipient_free);
  for (guint i = 0; recipients && recipients[i]; i++) {
    PmarkAgeRecipient *r = pmark_age_recipient_parse (recipients[i], &error);
    if (!r)
      return fail (cmd, error);
    g_ptr_array_add (list, r);
  }
  for (guint i = 0; recipient_files && recipient_files[i]; i++)
    if (!pmark_age_recipients_load (recipient_files[i], list, &error))
      return fail (cmd, error);
  if (pass) {
    char *p = get_passphrase (passphrase_file, TRUE, cmd);
    if (!p)
      return PMARK_EXIT_FAILED;
    g_ptr_array_add (list, pmark_age_recipient_new_passphrase (p, 0));
    sodium_free (p);
  }
  g_autoptr (GInputStream) in = open_input (argc > 1 ? argv[1] : NULL, cmd);
  if (!in)
    return PMARK_EXIT_FAILED;
  PmarkOutput *out = pmark_output_new (output, 0644, &error);
  if (!out)
    return fail (cmd, error);
  PmarkAgeEncryptOptions opts = { .armor = armor, .marking = marking };
  if (!pmark_age_encrypt (in, pmark_output_stream (out), list, &opts, &error)) {
    pmark_output_abort (out);
    return fail (cmd, error);
  }
  if (!pmark_output_commit (out, &error))
    return fail (cmd, error);
  return PMARK_EXIT_OK;
}

/* ---- decrypt ------------------------------------------------------------- */

static gboolean
to_stream (const guint8 *data, gsize len, gpointer user_data, GError **error)
{
  GError *e = NULL;
  if (!g_output_stream_write_all (user_data, data, len, NULL, NULL, &e)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "write failed: %s", e->message);
    g_error_free (e);
    return FALSE;
  }
  return TRUE;
}

int
pmark_cmd_decrypt (int argc, char **argv)
{
  const char *cmd = "decrypt";
  g_auto (GStrv) identity_files = NULL;
  g_autofree char *output = NULL, *passphrase_file = NULL;
  gboolean passphrase = FALSE;
  GOptionEntry entries[] = {
    { "identity", 'i', 0, G_OPTION_ARG_FILENAME_ARRAY, &identity_files,
      "Decrypt with the identities in FILE (repeatable)", "FILE" },
    { "passphrase", 'p', 0, G_OPTION_ARG_NONE, &passphrase,
      "Decrypt with a passphrase read from the terminal", NULL },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      "Decrypt with the passphrase on the first line of FILE", "FILE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE, only once all of it has been authenticated "
      "(default: standard output, as it is authenticated)", "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[FILE]");
  g_option_context_set_summary (ctx, "Decrypt an age file (armored or not) from "
                                     "FILE or standard input.");
  g_option_context_set_description (ctx, "See pmark-decrypt(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, cmd))
    return PMARK_EXIT_USAGE;
  if (argc > 2) {
    cli_error (cmd, "one input at most");
    return PMARK_EXIT_USAGE;
  }
  gboolean pass = passphrase || passphrase_file;
  if (!!identity_files == pass || (passphrase && passphrase_file)) {
    cli_error (cmd, "give identity files (-i) or one passphrase (-p, --passphrase-file)");
    return PMARK_EXIT_USAGE;
  }
  GError *error = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pmark_age_identity_free);
  for (guint i = 0; identity_files && identity_files[i]; i++)
    if (!pmark_age_identities_load (identity_files[i], ids, &error))
      return fail (cmd, error);
  if (pass) {
    char *p = get_passphrase (passphrase_file, FALSE, cmd);
    if (!p)
      return PMARK_EXIT_FAILED;
    g_ptr_array_add (ids, pmark_age_identity_new_passphrase (p, 0));
    sodium_free (p);
  }
  const char *input = argc > 1 ? argv[1] : NULL;
  g_autoptr (GInputStream) in = open_input (input, cmd);
  if (!in)
    return PMARK_EXIT_FAILED;
  PmarkOutput *out = pmark_output_new (output, 0600, &error);
  if (!out)
    return fail (cmd, error);
  if (!pmark_age_decrypt (in, ids, to_stream, pmark_output_stream (out), NULL, &error)) {
    pmark_output_abort (out);
    g_prefix_error (&error, "%s: ", input ? input : "standard input");
    return fail (cmd, error);
  }
  if (!pmark_output_commit (out, &error))
    return fail (cmd, error);
  return PMARK_EXIT_OK;
}
