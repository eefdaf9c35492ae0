/* SPDX-License-Identifier: LGPL-2.1-or-later
 * A program using the installed libpmark, as a user of libpmark-dev would
 * write one: built with pkg-config's flags by tests/cli/test_install.py
 * (meson install) and tools/build-deb.sh (the Debian packages). It prints
 * the version and the level of a case note, a signing key's prefix, and
 * for each file given its level and whether it was read. */
#include <pmark/pmark.h>
#include <stdio.h>
#include <string.h>

int
main (int argc, char **argv)
{
  GError *error = NULL;
  PmarkPolicy *policy = pmark_policy_load ("london-lscb", &error);
  if (!policy) {
    fprintf (stderr, "%s\n", error->message);
    return 1;
  }
  static const char text[] = "Strategy discussion held today.\n"
    "Name: Amy Test, NHS number 999 000 0018.\nA section 47 enquiry will follow.\n";
  GBytes *bytes = g_bytes_new_static (text, sizeof text - 1);
  PmarkReadOptions options;
  pmark_read_options_init (&options);
  PmarkResult *r = pmark_classify_bytes (policy, bytes, "note.txt", &options);
  printf ("%s %s\n", pmark_version (), pmark_result_level_name (r));
  PmarkSigningKey *key = pmark_signing_key_generate ();
  char *pub = pmark_signing_key_public (key);
  printf ("%.10s\n", pub);
  g_free (pub);
  pmark_signing_key_free (key);
  pmark_result_free (r);
  /* a file given: its level and whether it was read (a PDF loads the
   * module "pdf-reader", which calls back into this libpmark.so) */
  for (int i = 1; i < argc; i++) {
    r = pmark_classify_file (policy, argv[i], &options);
    printf ("%s %s %s\n", pmark_result_level_name (r), r->inspected ? "read" : "unread",
            r->not_inspected_reason ? r->not_inspected_reason : "");
    pmark_result_free (r);
  }
  g_bytes_unref (bytes);
  pmark_policy_unref (policy);
  return 0;
}
