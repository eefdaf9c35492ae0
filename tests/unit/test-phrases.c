/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The phrase matcher (policy/phrases.c): separators, case, word
 * boundaries, overlapping phrases, windows, and the bytes its fast path
 * treats specially. */
#include <string.h>

#include "policy/phrases.h"

typedef struct {
  GString *out;
  const char *text;
} Hits;

static gboolean
collect (gpointer user_data, guint phrase, gsize start, gsize end)
{
  Hits *h = user_data;
  g_string_append_printf (h->out, "%s[%.*s]", h->out->len ? " " : "",
                          (int) (end - start), h->text + start);
  return TRUE;
}

/* All matches of `phrases` (comma-separated) in `text`, as "[span] ...". */
static char *
scan (const char *phrases, const char *text)
{
  g_auto (GStrv) list = g_strsplit (phrases, ",", -1);
  g_autoptr (GPtrArray) arr = g_ptr_array_new ();
  for (char **p = list; *p; p++)
    g_ptr_array_add (arr, *p);
  PhraseSet *set = phrase_set_new (arr);
  Hits h = { g_string_new (NULL), text };
  phrase_set_scan (set, text, strlen (text), 0, strlen (text), collect, &h);
  phrase_set_free (set);
  return g_string_free (h.out, FALSE);
}

static void
check (const char *phrases, const char *text, const char *want)
{
  g_autofree char *got = scan (phrases, text);
  if (strcmp (got, want) != 0)
    g_error ("phrases '%s' in '%s': got '%s', want '%s'", phrases, text, got,
             want);
}

static void
test_separators_and_case (void)
{
  check ("section 47", "a Section\n\n47 b", "[Section\n\n47]");
  check ("section 47", "SECTION 47", "[SECTION 47]");
  check ("section 47", "section\xc2\xa0" "47", "[section\xc2\xa0" "47]");
  check ("section 47", "section \xe2\x80\xaf 47", "[section \xe2\x80\xaf 47]");
  check ("child protection plan", "child-protection plan", "[child-protection plan]");
  check ("child protection plan", "child - protection\tplan", "[child - protection\tplan]");
  check ("child protection plan", "child\xe2\x80\x91protection plan",
         "[child\xe2\x80\x91protection plan]");
  check ("child-protection plan", "child protection plan", "[child protection plan]");
  check ("section 47", "section47", "");
  check ("section 47", "section , 47", "");
}

static void
test_word_boundaries (void)
{
  check ("MARAC", "MARACs", "");
  check ("MARAC", "the MARAC.", "[MARAC]");
  check ("cse", "xcse", "");
  check ("FGM", "FGM\xe2\x80\x99s risk", "[FGM]");          /* U+2019 */
  check ("FGM", "FGM\xc3\xa9", "");                         /* é is a letter */
  check ("FGM", "\xc3\xa9" "FGM", "");
  check ("s.47 enquiry", "an s.47 enquiry", "[s.47 enquiry]");
}

static void
test_overlaps (void)
{
  /* one report per end: the longest */
  check ("child protection conference,initial child protection conference",
         "the initial child protection conference met",
         "[initial child protection conference]");
  check ("core group,core group meeting", "core group meeting",
         "[core group] [core group meeting]");
  check ("he,she,hers", "ushers", "");                      /* boundaries */
  check ("a b,b c", "a b c", "[a b] [b c]");
}

static void
test_non_ascii (void)
{
  check ("caf\xc3\xa9", "Caf\xc3\xa9 au lait", "[Caf\xc3\xa9]");
  /* phrases may use the lead bytes of the multi-byte separators */
  check ("\xc2\xa3" "5 fee", "a \xc2\xa3" "5 fee", "[\xc2\xa3" "5 fee]");
  check ("\xe2\x82\xac" "5", "costs \xe2\x82\xac" "5", "[\xe2\x82\xac" "5]");
  check ("\xc2\xa3" "5 fee", "\xc2\xa0\xc2\xa3" "5\xc2\xa0" "fee",
         "[\xc2\xa3" "5\xc2\xa0" "fee]");
}

static void
test_window (void)
{
  g_autoptr (GPtrArray) arr = g_ptr_array_new ();
  g_ptr_array_add (arr, (gpointer) "nhs number");
  PhraseSet *set = phrase_set_new (arr);
  const char *t = "the NHS number 123";
  gsize n = strlen (t);
  g_assert_true (phrase_set_any (set, t, n, 0, n));
  g_assert_true (phrase_set_any (set, t, n, 4, 14));
  g_assert_false (phrase_set_any (set, t, n, 5, 14));  /* starts outside */
  g_assert_false (phrase_set_any (set, t, n, 4, 13));  /* ends outside */
  /* inside the window but not a word of the whole text */
  const char *u = "xNHS number";
  g_assert_false (phrase_set_any (set, u, strlen (u), 1, strlen (u)));
  g_assert_cmpstr (phrase_set_get (set, 0), ==, "nhs number");
  phrase_set_free (set);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/phrases/separators-and-case", test_separators_and_case);
  g_test_add_func ("/phrases/word-boundaries", test_word_boundaries);
  g_test_add_func ("/phrases/overlaps", test_overlaps);
  g_test_add_func ("/phrases/non-ascii", test_non_ascii);
  g_test_add_func ("/phrases/window", test_window);
  return g_test_run ();
}
