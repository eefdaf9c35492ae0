/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Validators on known-valid and known-invalid values, and masking. The
 * valid values were computed by tools/ids.py from the published rules,
 * independently of the C code. */
#include <string.h>

#include <pmark/pmark.h>

typedef struct {
  const char *input;
  const char *canon; /* NULL: must be refused */
} Case;

static void
run_cases (PmarkValidateFunc f, const Case *cases, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    char canon[PMARK_CANON_MAX] = "";
    gboolean ok = f (cases[i].input, strlen (cases[i].input), canon);
    if (cases[i].canon) {
      if (!ok)
        g_error ("'%s' should be valid", cases[i].input);
      g_assert_cmpstr (canon, ==, cases[i].canon);
    } else if (ok) {
      g_error ("'%s' should be refused (got canon '%s')", cases[i].input,
               canon);
    }
  }
}

static void
test_nhs (void)
{
  static const Case cases[] = {
    { "943 476 5870", "9434765870" }, /* the NHS's own example */
    { "9434765870", "9434765870" },
    { "943-476-5870", "9434765870" },
    { "999 000 0018", "9990000018" },
    { "999 000 0026", "9990000026" },
    { "943 476 5871", NULL },          /* wrong check digit */
    { "999 000 0019", NULL },
    { "1111111111", NULL },            /* passes mod 11, never issued */
    { "0000000000", NULL },
    { "943 476 587", NULL },           /* nine digits */
    { "94347658700", NULL },           /* eleven */
    { "943 476 587O", NULL },          /* letter O */
    /* check digit would be 10: such numbers are never issued */
    { "1000000010", NULL }, { "1000000011", NULL },
  };
  run_cases (pmark_validate_nhs_number, cases, G_N_ELEMENTS (cases));
}

static void
test_chi (void)
{
  static const Case cases[] = {
    { "0101901232", "0101901232" },
    { "290200 4567", "2902004567" }, /* 29 Feb 2000 */
    { "3112990013", "3112990013" },
    { "2902014562", NULL },          /* 29 Feb 2001/1901: no such day */
    { "3104990018", NULL },          /* 31 April */
    { "0101901233", NULL },          /* check digit */
    { "3201901232", NULL },          /* day 32 */
    { "0113901232", NULL },          /* month 13 */
  };
  run_cases (pmark_validate_chi_number, cases, G_N_ELEMENTS (cases));
}

static void
test_ni (void)
{
  static const Case cases[] = {
    { "AB 12 34 56 C", "AB123456C" },
    { "AB123456C", "AB123456C" },
    { "JG103759A", "JG103759A" },
    { "ab123456c", "AB123456C" },
    { "DA123456A", NULL },  /* D never first */
    { "QQ123456C", NULL },  /* Q never first */
    { "AO123456A", NULL },  /* O never second */
    { "BG123456A", NULL },  /* never-issued prefixes */
    { "GB123456A", NULL },
    { "NK123456A", NULL },
    { "KN123456A", NULL },
    { "NT123456A", NULL },
    { "TN123456A", NULL },
    { "ZZ123456A", NULL },
    { "AB123456E", NULL },  /* suffix A-D only */
    { "AB12345C", NULL },
    { "A1123456C", NULL },
  };
  run_cases (pmark_validate_ni_number, cases, G_N_ELEMENTS (cases));
}

static void
test_upn (void)
{
  static const Case cases[] = {
    { "B801200005001", "B801200005001" }, /* DfE's example */
    { "J93612345678A", "J93612345678A" }, /* temporary UPN, letter last */
    { "A123456789012", "A123456789012" },
    { "C801200005001", NULL },            /* wrong check letter */
    { "B801200005002", NULL },
    { "B80120000500", NULL },             /* 12 characters */
    { "I801200005001", NULL },            /* I is not in the alphabet */
    { "1801200005001", NULL },
  };
  run_cases (pmark_validate_upn, cases, G_N_ELEMENTS (cases));
}

static void
test_postcode (void)
{
  static const Case cases[] = {
    { "SE1 7PB", "SE1 7PB" }, { "se17pb", "SE1 7PB" },
    { "GIR 0AA", "GIR 0AA" }, { "EC1A 1BB", "EC1A 1BB" },
    { "W1A 0AX", "W1A 0AX" }, { "M1 1AE", "M1 1AE" },
    { "B33 8TH", "B33 8TH" }, { "CR2 6XH", "CR2 6XH" },
    { "DN55 1PT", "DN55 1PT" },
    { "Q1 1AA", NULL },   /* Q never first */
    { "AI1 1AA", NULL },  /* I never second */
    { "SE1 7PC", NULL },  /* C never in the inward letters */
    { "SE1 7P", NULL },
    { "123 ABC", NULL },
    { "W1I 0AX", NULL },  /* third-position letter not allowed */
  };
  run_cases (pmark_validate_uk_postcode, cases, G_N_ELEMENTS (cases));
}

static void
test_date (void)
{
  static const Case cases[] = {
    { "14/02/2016", "2016-02-14" }, { "1.3.2012", "2012-03-01" },
    { "29-02-2016", "2016-02-29" }, { "3rd March 2012", "2012-03-03" },
    { "14 Feb 2016", "2016-02-14" }, { "05/06/12", "12-06-05" },
    { "29/02/2015", NULL },         /* not a leap year */
    { "31/04/2012", NULL },
    { "00/01/2012", NULL },
    { "12/13/2012", NULL },
    { "14/02/1812", NULL },         /* outside 1900-2099 */
    { "14 Foo 2016", NULL },
    { "14/02-2016", NULL },         /* mixed separators */
  };
  run_cases (pmark_validate_date, cases, G_N_ELEMENTS (cases));
}

static void
test_lookup (void)
{
  const char *names[] = { "nhs-number", "chi-number", "ni-number", "upn",
                          "uk-postcode", "date" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    const PmarkValidator *v = pmark_validator_lookup (names[i]);
    g_assert_nonnull (v);
    g_assert_cmpstr (v->name, ==, names[i]);
    g_assert_nonnull (v->default_regex);
  }
  g_assert_null (pmark_validator_lookup ("nhs"));
}

static void
test_mask (void)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
    { "943 476 5870", "943 *** **70" },
    { "9434765870", "943*****70" },
    { "AB 12 34 56 C", "AB 1* ** *6 C" },
    { "B801200005001", "B80********01" },
    { "SE1 7PB", "S** **B" },
    { "1234", "****" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *m = pmark_mask (cases[i].in, strlen (cases[i].in));
    g_assert_cmpstr (m, ==, cases[i].out);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/validate/nhs-number", test_nhs);
  g_test_add_func ("/validate/chi-number", test_chi);
  g_test_add_func ("/validate/ni-number", test_ni);
  g_test_add_func ("/validate/upn", test_upn);
  g_test_add_func ("/validate/uk-postcode", test_postcode);
  g_test_add_func ("/validate/date", test_date);
  g_test_add_func ("/validate/lookup", test_lookup);
  g_test_add_func ("/mask/examples", test_mask);
  return g_test_run ();
}
