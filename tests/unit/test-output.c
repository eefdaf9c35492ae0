/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Writing a file whole or not at all: a new output is never put over a
 * file that appeared while it was written; an aborted one leaves nothing.
 * Each case runs twice: with an unnamed temporary (O_TMPFILE, where the
 * file system has it) and with a named one (PMARK_NO_TMPFILE). */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <pmark/pmark.h>

static char *
tmpdir (void)
{
  char *d = g_dir_make_tmp ("pmark-output-XXXXXX", NULL);
  g_assert_nonnull (d);
  return d;
}

static guint
entries (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name (d))
    n++;
  g_dir_close (d);
  return n;
}

static PmarkOutput *
written (const char *path, const char *text)
{
  GError *error = NULL;
  PmarkOutput *out = pmark_output_new (path, 0644, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (pmark_output_stream (out), text,
                                            strlen (text), NULL, NULL, NULL));
  return out;
}

static void
set_mode (gconstpointer named)
{
  if (named)
    g_setenv ("PMARK_NO_TMPFILE", "1", TRUE);
  else
    g_unsetenv ("PMARK_NO_TMPFILE");
}

static void
test_no_replace (gconstpointer named)
{
  set_mode (named);
  g_autofree char *d = tmpdir ();
  g_autofree char *path = g_build_filename (d, "out.txt", NULL);
  PmarkOutput *out = written (path, "marked");
  pmark_output_set_no_replace (out, TRUE);
  /* someone else's file appears before the commit */
  g_assert_true (g_file_set_contents (path, "theirs", -1, NULL));
  GError *error = NULL;
  g_assert_false (pmark_output_commit (out, &error));
  g_assert_error (error, PMARK_ERROR, PMARK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "exists"));
  g_clear_error (&error);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "theirs");
  g_assert_cmpuint (entries (d), ==, 1); /* no temporary left */
  /* with nothing in the way it is committed */
  g_unlink (path);
  out = written (path, "marked");
  pmark_output_set_no_replace (out, TRUE);
  g_assert_true (pmark_output_commit (out, &error));
  g_assert_no_error (error);
  g_free (text);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "marked");
  g_unlink (path);
  g_rmdir (d);
}

static void
test_replace_and_prepare (gconstpointer named)
{
  set_mode (named);
  g_autofree char *d = tmpdir ();
  g_autofree char *path = g_build_filename (d, "in.txt", NULL);
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  /* prepared (synced) but aborted: the target keeps its content */
  PmarkOutput *out = written (path, "new");
  GError *error = NULL;
  g_assert_true (pmark_output_prepare (out, &error));
  g_assert_no_error (error);
  /* the temporary holds it, named beside the target or not named at all */
  const char *tmp = pmark_output_temp_path (out);
  gboolean unnamed = g_str_has_prefix (tmp, "/proc/self/fd/");
  if (named)
    g_assert_false (unnamed);
  g_autofree char *held = NULL;
  g_assert_true (g_file_get_contents (tmp, &held, NULL, NULL));
  g_assert_cmpstr (held, ==, "new");
  g_assert_cmpuint (entries (d), ==, unnamed ? 1 : 2);
  pmark_output_abort (out);
  g_assert_cmpuint (entries (d), ==, 1);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old");
  /* replacing (in place) is the default */
  out = written (path, "new");
  g_assert_true (pmark_output_prepare (out, &error));
  g_assert_true (pmark_output_commit (out, &error));
  g_free (text);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "new");
  g_unlink (path);
  g_rmdir (d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/output/unnamed/no-replace", NULL, test_no_replace);
  g_test_add_data_func ("/output/unnamed/replace-and-prepare", NULL, test_replace_and_prepare);
  g_test_add_data_func ("/output/named/no-replace", "", test_no_replace);
  g_test_add_data_func ("/output/named/replace-and-prepare", "", test_replace_and_prepare);
  return g_test_run ();
}
