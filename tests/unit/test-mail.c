/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The marking syntaxes of mail (mail/epms.c) and the raw header edits
 * (mail/headers.c): EPMS escapes both ways, what a policy makes of an
 * EPMS value, subject groups, and header edits that keep every other
 * byte. */
#include <string.h>

#include "mail/mail-private.h"

static PmarkPolicy *
london (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PMARK_SOURCE_ROOT"),
                                            "policies", "london-lscb.policy",
                                            NULL);
  GError *error = NULL;
  PmarkPolicy *p = pmark_policy_load_file (path, &error);
  g_assert_no_error (error);
  return p;
}

static void
test_epms_parse (void)
{
  Epms e;
  g_assert_true (epms_parse ("VER=2018.4, NS=gov.au, SEC=OFFICIAL:Sensitive, "
                                  "ACCESS=Legal-Privilege, NOTE=a\\, b\\: c, "
                                  "ORIGIN=a@b.example", &e));
  g_assert_cmpstr (e.ver, ==, "2018.4");
  g_assert_cmpstr (e.ns, ==, "gov.au");
  g_assert_cmpstr (e.sec, ==, "OFFICIAL:Sensitive");
  g_assert_cmpstr (e.origin, ==, "a@b.example");
  g_assert_cmpuint (e.access->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (e.access, 0), ==, "Legal-Privilege");
  epms_clear (&e);
  /* no SEC: not a marking */
  g_assert_false (epms_parse ("VER=2018.4, NS=gov.au", &e));
  /* a value over 128 characters is ignored */
  g_autofree char *long_sec = g_strdup_printf ("SEC=%0200d", 0);
  g_assert_false (epms_parse (long_sec, &e));
}

static void
test_epms_format (void)
{
  g_autoptr (GPtrArray) access = g_ptr_array_new ();
  g_ptr_array_add (access, (char *) "PERSONAL");
  g_autofree char *v = epms_format ("2018.4", "gov.uk", "RESTRICTED", access,
                                         "odd,name:x@council.gov.uk");
  g_assert_cmpstr (v, ==, "VER=2018.4, NS=gov.uk, SEC=RESTRICTED, ACCESS=PERSONAL, "
                          "ORIGIN=odd\\,name\\:x@council.gov.uk");
  Epms e;
  g_assert_true (epms_parse (v, &e));
  g_assert_cmpstr (e.origin, ==, "odd,name:x@council.gov.uk");
  epms_clear (&e);
}

static void
test_epms_recognise (void)
{
  g_autoptr (PmarkPolicy) p = london ();
  g_autoptr (GPtrArray) d = g_ptr_array_new_with_free_func (g_free);
  int l = epms_recognise (p, "VER=2018.4, NS=gov.uk, SEC=PROTECT, "
                                  "ACCESS=PERSONAL, ACCESS=Legal-Privilege", d);
  g_assert_cmpint (l, ==, pmark_policy_find_level (p, "PROTECT"));
  /* the descriptor the policy knows, and nothing for the one it does not */
  g_assert_cmpuint (d->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (d, 0), ==, "PERSONAL");
  g_assert_cmpint (epms_recognise (p, "SEC=UNHEARD-OF", NULL), ==, -1);
}

static void
test_subject (void)
{
  g_autoptr (PmarkPolicy) p = london ();
  g_autoptr (GPtrArray) g = subject_marking_groups ("Re: [RESTRICTED] notes [SEC=PROTECT] [ticket 42]");
  g_assert_cmpuint (g->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (g, 1), ==, "SEC=PROTECT");
  g_autofree char *s = subject_marking_strip (p, "Re: [RESTRICTED] notes [SEC=PROTECT] [ticket 42]");
  g_assert_cmpstr (s, ==, "Re: notes [ticket 42]");
  g_autofree char *t = subject_marking_strip (p, "[PROTECT - PERSONAL] minutes");
  g_assert_cmpstr (t, ==, "minutes");
}

static void
test_header_length (void)
{
  const char *eol;
  const char crlf[] = "A: 1\r\nB: 2\r\n\r\nbody\r\n";
  g_assert_cmpuint (mail_header_length (crlf, strlen (crlf), &eol), ==, 14);
  g_assert_cmpstr (eol, ==, "\r\n");
  const char lf[] = "A: 1\n B\n\nbody";
  g_assert_cmpuint (mail_header_length (lf, strlen (lf), &eol), ==, 9);
  g_assert_cmpstr (eol, ==, "\n");
  const char none[] = "A: 1\nB: 2";
  g_assert_cmpuint (mail_header_length (none, strlen (none), &eol), ==, strlen (none));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mail/epms/parse", test_epms_parse);
  g_test_add_func ("/mail/epms/format", test_epms_format);
  g_test_add_func ("/mail/epms/recognise", test_epms_recognise);
  g_test_add_func ("/mail/subject", test_subject);
  g_test_add_func ("/mail/header-length", test_header_length);
  return g_test_run ();
}
