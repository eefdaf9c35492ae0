/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The London policy's required semantics, on texts written for these tests.
 * Everyone here is made up; NHS numbers are from the never-issued 999
 * range, computed here with the published check-digit rule. */
#include <string.h>

#include <pmark/pmark.h>

#include "core/document-private.h"

static PmarkPolicy *london, *gsc;

/* The n-th valid NHS number of the 999 range, formatted 3-3-4. */
static char *
nhs_number (guint n)
{
  for (guint k = 0;; k++) {
    char d[11];
    g_snprintf (d, sizeof d, "999%06u", k);
    int sum = 0;
    for (int i = 0; i < 9; i++)
      sum += (d[i] - '0') * (10 - i);
    int c = 11 - sum % 11;
    if (c == 10)
      continue;
    if (n-- == 0)
      return g_strdup_printf ("%.3s %.3s %.3s%d", d, d + 3, d + 6,
                              c == 11 ? 0 : c);
  }
}

static PmarkResult *
classify_with (PmarkPolicy *policy, const char *text)
{
  PmarkReadOptions opts;
  pmark_read_options_init (&opts);
  g_autoptr (GBytes) b = g_bytes_new (text, strlen (text));
  PmarkResult *r = pmark_classify_bytes (policy, b, "test.txt", &opts);
  g_assert_no_error (r->error);
  return r;
}

static void
expect (const char *text, const char *level, const char *descriptor)
{
  g_autoptr (PmarkResult) r = classify_with (london, text);
  if (g_strcmp0 (pmark_result_level_name (r), level) != 0)
    g_error ("expected %s, got %s for:\n%s", level,
             pmark_result_level_name (r), text);
  if (descriptor) {
    g_assert_cmpuint (r->descriptors->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (r->descriptors, 0), ==, descriptor);
  } else {
    g_assert_cmpuint (r->descriptors->len, ==, 0);
  }
}

static void
test_general_guidance_is_npm (void)
{
  expect ("Child protection procedures\n\n"
          "When a Section 47 enquiry is needed, a strategy discussion is held. "
          "Initial child protection conferences follow within 15 days. Abuse "
          "and neglect are defined in chapter 1. The serious case review "
          "found that core group meetings were poorly attended.\n\n"
          "Contact: Dr Ann Example, Named Nurse, ann.example@nhs.example, "
          "telephone 0999 000 1234.\n",
          "NOT PROTECTIVELY MARKED", NULL);
  expect ("", "NOT PROTECTIVELY MARKED", NULL);
}

static void
test_identified_individual_is_protect (void)
{
  g_autofree char *nhs = nhs_number (3);
  g_autofree char *t1 = g_strdup_printf ("Clinic letter.\nPatient NHS number "
                                         "%s. Appointment on Tuesday.\n", nhs);
  expect (t1, "PROTECT", "PERSONAL");
  expect ("Payroll query for NI number JG 10 37 59 A.\n", "PROTECT", "PERSONAL");
  expect ("Pupil transfer: UPN B801200005001, year 4.\n", "PROTECT", "PERSONAL");
  expect ("Scottish patient, CHI 0101901232, moved to London.\n", "PROTECT",
          "PERSONAL");
  expect ("Name: Casey Madeup\nDate of birth: 3rd March 2012\n", "PROTECT",
          "PERSONAL");
  expect ("Taylor Example, DOB 14/02/2016, joined the club.\n", "PROTECT",
          "PERSONAL");
}

static void
test_case_context_is_restricted (void)
{
  static const char *const contexts[] = {
    "A Section 47 enquiry has started.",
    "A strategy discussion was held today.",
    "She is subject to a child protection plan.",
    "The review child protection conference is next week.",
    "The core group met on Monday.",
    "The case was heard at MARAC.",
    "An emergency protection order was granted.",
    "There are concerns of sexual exploitation.",
    "Risk of FGM was identified.",
    "A LADO referral has been made.",
  };
  g_autofree char *nhs = nhs_number (7);
  for (gsize i = 0; i < G_N_ELEMENTS (contexts); i++) {
    g_autofree char *t = g_strdup_printf ("Child: Robin Sample, NHS No %s\n\n%s\n",
                                          nhs, contexts[i]);
    expect (t, "RESTRICTED", "PERSONAL");
  }
  /* a date of birth beside a name is an identified individual too */
  expect ("Name: Jordan Madeup, date of birth 14/02/2016.\nA strategy "
          "meeting is requested.\n",
          "RESTRICTED", "PERSONAL");
}

static char *
caseload (guint distinct, guint copies)
{
  GString *s = g_string_new ("Child protection plan review list\n");
  for (guint i = 0; i < distinct; i++)
    for (guint c = 0; c < copies; c++) {
      g_autofree char *n = nhs_number (i);
      g_string_append_printf (s, "Child %u, NHS %s\n", i, n);
    }
  return g_string_free (s, FALSE);
}

static void
test_aggregation_is_confidential (void)
{
  g_autofree char *fifty = caseload (50, 1);
  expect (fifty, "CONFIDENTIAL", "PERSONAL");
  g_autofree char *fortynine = caseload (49, 2);
  expect (fortynine, "RESTRICTED", "PERSONAL");

  g_autoptr (PmarkResult) r = classify_with (london, fifty);
  g_assert_cmpuint (r->reasons->len, ==, 2);
  PmarkReason *reason = g_ptr_array_index (r->reasons, 0);
  g_assert_cmpstr (reason->rule, ==, "aggregated-case-records");
  /* counted as people: fifty numbers with no name beside them */
  g_assert_cmpstr (reason->match, ==, "people");
  g_assert_cmpuint (reason->count, ==, 50);
  g_assert_cmpuint (reason->evidence->len, ==, PMARK_REASON_MAX_EXAMPLES);
  g_assert_cmpstr (g_ptr_array_index (reason->where, 1), ==, "line 3");
}

static void
test_invalid_and_contextless_numbers_count_for_nothing (void)
{
  /* right shape, wrong check digit, with context and case words */
  expect ("NHS number 999 000 0019. Section 47 enquiry.\n",
          "NOT PROTECTIVELY MARKED", NULL);
  /* valid, but no NHS context word nearby */
  g_autofree char *nhs = nhs_number (11);
  g_autofree char *t = g_strdup_printf ("Invoice %s for stationery.\n", nhs);
  expect (t, "NOT PROTECTIVELY MARKED", NULL);
  /* context word too far away */
  g_autofree char *far = g_strdup_printf (
    "NHS supplies catalogue. %s Order reference %s.\n",
    "This paragraph is long enough to move the context word well away from "
    "the number that follows.",
    nhs);
  expect (far, "NOT PROTECTIVELY MARKED", NULL);
  expect ("NI number QQ 12 34 56 C is the HMRC example.\n",
          "NOT PROTECTIVELY MARKED", NULL);
}

static void
test_whitespace_tolerance (void)
{
  g_autofree char *nhs = nhs_number (5);
  const char *forms[] = { "Section\n47 enquiry", "SECTION   47",
                          "section\xc2\xa0" "47", "Strategy\r\nDiscussion",
                          "child-protection plan", "child protection-plan" };
  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++) {
    g_autofree char *t = g_strdup_printf ("NHS number %s. %s.\n", nhs, forms[i]);
    expect (t, "RESTRICTED", "PERSONAL");
  }
}

static void
test_existing_marking (void)
{
  expect ("CONFIDENTIAL\n\nBudget figures.\n", "CONFIDENTIAL", NULL);
  expect ("Budget figures.\n\nCONFIDENTIAL\n", "CONFIDENTIAL", NULL);
  expect ("  [RESTRICTED]  \nNotes.\n", "RESTRICTED", NULL);
  expect ("PROTECT - PERSONAL\nNotes.\n", "PROTECT", "PERSONAL");
  expect ("PROTECT \xe2\x80\x93 STAFF\nNotes.\n", "PROTECT", "STAFF");
  /* under the other scheme, mapped up */
  expect ("OFFICIAL-SENSITIVE\nProtocol draft.\n", "RESTRICTED", NULL);
  expect ("OFFICIAL\nProtocol draft.\n", "NOT PROTECTIVELY MARKED", NULL);
  expect ("SECRET\nProtocol draft.\n", "CONFIDENTIAL", NULL);
  /* not markings: lower case, extra words, or in the middle of the text */
  expect ("Confidential\nNotes.\n", "NOT PROTECTIVELY MARKED", NULL);
  expect ("SECRET SANTA LIST\nNotes.\n", "NOT PROTECTIVELY MARKED", NULL);
  expect ("one\ntwo\nthree\nfour\nCONFIDENTIAL\nfive\nsix\nseven\neight\n",
          "NOT PROTECTIVELY MARKED", NULL);

  /* the content can raise a document above its marking, never lower it */
  g_autofree char *nhs = nhs_number (2);
  g_autofree char *t = g_strdup_printf ("PROTECT - PERSONAL\nNHS %s\n"
                                        "Section 47 enquiry.\n", nhs);
  expect (t, "RESTRICTED", "PERSONAL");
  g_autoptr (PmarkResult) r = classify_with (london, t);
  g_assert_nonnull (r->existing);
  g_assert_cmpint (r->existing->level, ==, 1);
  g_assert_cmpstr (r->existing->where, ==, "line 1");
}

static void
test_evidence_is_masked (void)
{
  g_autofree char *nhs = nhs_number (9);
  g_autofree char *t = g_strdup_printf ("NHS number %s\nNI JG103759A\n"
                                        "Section 47 enquiry\n", nhs);
  g_autoptr (PmarkResult) r = classify_with (london, t);
  g_autoptr (JsonNode) node = pmark_result_to_json (r);
  g_autofree char *json = json_to_string (node, FALSE);
  g_autofree char *line = pmark_result_to_line (r);
  g_autofree char *digits = g_strdup (nhs);
  /* neither the spaced nor the compact form may appear */
  char *w = digits;
  for (char *p = nhs; *p; p++)
    if (*p != ' ')
      *w++ = *p;
  *w = '\0';
  for (const char *out = json; out; out = out == json ? line : NULL) {
    g_assert_null (strstr (out, nhs));
    g_assert_null (strstr (out, digits));
    g_assert_null (strstr (out, "JG103759A"));
  }
  g_assert_nonnull (strstr (json, "\"999 *** **"));
}

static void
test_gsc_policy (void)
{
  g_autofree char *nhs = nhs_number (4);
  g_autofree char *t = g_strdup_printf ("NHS %s\nStrategy discussion.\n", nhs);
  g_autoptr (PmarkResult) r = classify_with (gsc, t);
  g_assert_cmpstr (pmark_result_level_name (r), ==, "OFFICIAL-SENSITIVE");
  g_autoptr (PmarkResult) r2 = classify_with (gsc, "RESTRICTED\nnotes\n");
  g_assert_cmpstr (pmark_result_level_name (r2), ==, "OFFICIAL-SENSITIVE");
  g_autoptr (PmarkResult) r3 = classify_with (gsc, "CONFIDENTIAL\nnotes\n");
  g_assert_cmpstr (pmark_result_level_name (r3), ==, "SECRET");
  g_autoptr (PmarkResult) r4 = classify_with (gsc, "general notes\n");
  g_assert_cmpstr (pmark_result_level_name (r4), ==, "OFFICIAL");
}

/* A validator's own pattern is searched only around digits; giving the
 * same pattern explicitly forces a scan of the whole text. Both must find
 * exactly the same values, on text full of near misses. */
static void
test_digit_anchored_equals_full_scan (void)
{
  GString *policy_text = g_string_new (
    "[policy]\nname = eq\n[level L]\nlabel = L\ncolour = #000000\n"
    "[level H]\nlabel = H\ncolour = #ffffff\n");
  const char *const names[] = { "nhs-number", "chi-number", "ni-number", "upn",
                                "uk-postcode", "date" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    const PmarkValidator *v = pmark_validator_lookup (names[i]);
    g_string_append_printf (policy_text,
                            "[match a%zu]\nvalidator = %s\n"
                            "[match b%zu]\nvalidator = %s\nregex = %s\n"
                            "[rule ra%zu]\nwhen = a%zu\nlevel = H\n"
                            "[rule rb%zu]\nwhen = b%zu\nlevel = H\n",
                            i, v->name, i, v->name, v->default_regex, i, i, i, i);
  }
  GError *error = NULL;
  g_autoptr (PmarkPolicy) p = pmark_policy_load_data (policy_text->str, -1,
                                                      "eq.policy", &error);
  g_assert_no_error (error);
  g_string_free (policy_text, TRUE);

  /* identifiers, invalid ones, and fragments glued to letters, digits and
   * hyphens in every combination a random walk produces */
  GRand *rand = g_rand_new_with_seed (47);
  static const char *const pieces[] = {
    "999 000 0018", "9990000026", "999-000-0034", "0101901232", "290200 4567",
    "AB 12 34 56 C", "JG103759A", "B801200005001", "J93612345678A", "SE1 7PB",
    "EC1A 1BB", "GIR 0AA", "14/02/2016", "3rd March 2012", "29/02/2015",
    "12345678901", "x", "7", "-", " ", "\n", "NHS", "Q", "é", "0", "12",
  };
  GString *t = g_string_new (NULL);
  for (int i = 0; i < 20000; i++)
    g_string_append (t, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  g_rand_free (rand);

  PmarkReadOptions opts;
  pmark_read_options_init (&opts);
  g_autoptr (GBytes) b = g_bytes_new (t->str, t->len);
  g_string_free (t, TRUE);
  g_autoptr (PmarkResult) r = pmark_classify_bytes (p, b, "eq.txt", &opts);
  g_assert_no_error (r->error);
  /* every rule fired; compare the counts and examples of each pair */
  guint found = 0;
  for (guint i = 0; i < r->reasons->len; i++) {
    PmarkReason *a = g_ptr_array_index (r->reasons, i);
    if (a->match[0] != 'a')
      continue;
    for (guint k = 0; k < r->reasons->len; k++) {
      PmarkReason *bb = g_ptr_array_index (r->reasons, k);
      if (bb->match[0] != 'b' || strcmp (a->match + 1, bb->match + 1))
        continue;
      g_assert_cmpuint (a->count, >, 0);
      g_assert_cmpuint (a->count, ==, bb->count);
      for (guint e = 0; e < a->evidence->len; e++) {
        g_assert_cmpstr (g_ptr_array_index (a->evidence, e), ==,
                         g_ptr_array_index (bb->evidence, e));
        g_assert_cmpstr (g_ptr_array_index (a->where, e), ==,
                         g_ptr_array_index (bb->where, e));
      }
      found++;
    }
  }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (names));
}

/* A policy regex that backtracks catastrophically on hostile text stops at
 * PCRE2's match limit with a typed error naming the match. */
static void
test_runaway_regex (void)
{
  GError *error = NULL;
  g_autoptr (PmarkPolicy) p = pmark_policy_load_data (
    "[policy]\nname = rx\n[level L]\nlabel = L\ncolour = #000000\n"
    "[level H]\nlabel = H\ncolour = #ffffff\n"
    "[match slow]\nregex = (a+)+$\n[rule r]\nwhen = slow\nlevel = H\n",
    -1, "rx.policy", &error);
  g_assert_no_error (error);
  g_autofree char *text = g_strnfill (4000, 'a');
  text[3999] = 'b';
  PmarkReadOptions opts;
  pmark_read_options_init (&opts);
  g_autoptr (GBytes) b = g_bytes_new (text, strlen (text));
  g_autoptr (PmarkResult) r = pmark_classify_bytes (p, b, "evil.txt", &opts);
  g_assert_error (r->error, PMARK_ERROR, PMARK_ERROR_BUDGET);
  g_assert_true (g_str_has_prefix (r->error->message,
                                   "evil.txt: match 'slow' gave up: "));
  g_assert_cmpint (r->level, ==, -1);
}

/* Markings that arrive as metadata (the next formats' properties and
 * label ids) are recognised through the policy: label ids through
 * [labels], property values case-insensitively. */
static void
test_metadata_markings (void)
{
  GError *error = NULL;
  g_autoptr (PmarkPolicy) p = pmark_policy_load_data (
    "[policy]\nname = md\n[level LOW]\nlabel = L\ncolour = #000000\n"
    "[level MID]\nlabel = M\ncolour = #777777\n"
    "[level HIGH]\nlabel = H\ncolour = #ffffff\n"
    "[descriptor PERSONAL]\n"
    "[labels]\n{8A1C7B4E-0000-4C8E-9F00-000000000001} = HIGH:PERSONAL\n"
    "8a1c7b4e-0000-4c8e-9f00-000000000002 = MID\n",
    -1, "md.policy", &error);
  g_assert_no_error (error);
  PmarkReadOptions opts;
  pmark_read_options_init (&opts);

  struct {
    PmarkMarkingSource source;
    const char *value;
    const char *level;
    const char *descriptor;
  } cases[] = {
    { PMARK_MARKING_SOURCE_LABEL, "8a1c7b4e-0000-4c8e-9f00-000000000001", "HIGH", "PERSONAL" },
    { PMARK_MARKING_SOURCE_LABEL, "{8A1C7B4E-0000-4C8E-9F00-000000000002}", "MID", NULL },
    { PMARK_MARKING_SOURCE_LABEL, "8a1c7b4e-0000-4c8e-9f00-000000000003", "LOW", NULL },
    { PMARK_MARKING_SOURCE_METADATA, "high", "HIGH", NULL },
    { PMARK_MARKING_SOURCE_TEXT, "high", "LOW", NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PmarkDocument) doc = pmark_document_new ("m.docx");
    g_assert_true (pmark_document_add_text (doc, &opts.budget, "body",
                                            g_strdup ("nothing here"), 12,
                                            FALSE, NULL));
    pmark_document_add_marking (doc, cases[i].source, cases[i].value,
                                "docProps/custom.xml");
    g_autoptr (PmarkResult) r = pmark_classify_document (p, doc);
    g_assert_cmpstr (pmark_result_level_name (r), ==, cases[i].level);
    if (cases[i].descriptor) {
      g_assert_cmpuint (r->descriptors->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (r->descriptors, 0), ==,
                       cases[i].descriptor);
      g_assert_cmpstr (r->existing->where, ==, "docProps/custom.xml");
      g_assert_cmpint (r->existing->source, ==, PMARK_MARKING_SOURCE_LABEL);
    }
  }
}

/* One policy, many threads: the policy is immutable and each thread gets
 * its own libmagic handle and match data. */
static gpointer
worker (gpointer data)
{
  g_autofree char *t = caseload (50, 1);
  for (int i = 0; i < 20; i++) {
    g_autoptr (PmarkResult) r = classify_with (london, t);
    if (g_strcmp0 (pmark_result_level_name (r), "CONFIDENTIAL") != 0)
      return GINT_TO_POINTER (1);
  }
  return NULL;
}

static void
test_threads (void)
{
  GThread *threads[4];
  for (int i = 0; i < 4; i++)
    threads[i] = g_thread_new ("classify", worker, NULL);
  for (int i = 0; i < 4; i++)
    g_assert_null (g_thread_join (threads[i]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  GError *error = NULL;
  london = pmark_policy_load ("london-lscb", &error);
  g_assert_no_error (error);
  gsc = pmark_policy_load ("uk-gsc-2014", &error);
  g_assert_no_error (error);

  g_test_add_func ("/london/general-guidance-is-npm", test_general_guidance_is_npm);
  g_test_add_func ("/london/identified-individual-is-protect",
                   test_identified_individual_is_protect);
  g_test_add_func ("/london/case-context-is-restricted",
                   test_case_context_is_restricted);
  g_test_add_func ("/london/aggregation-is-confidential",
                   test_aggregation_is_confidential);
  g_test_add_func ("/london/invalid-numbers-count-for-nothing",
                   test_invalid_and_contextless_numbers_count_for_nothing);
  g_test_add_func ("/london/whitespace-tolerance", test_whitespace_tolerance);
  g_test_add_func ("/london/existing-marking", test_existing_marking);
  g_test_add_func ("/london/evidence-is-masked", test_evidence_is_masked);
  g_test_add_func ("/gsc/levels-and-mapping", test_gsc_policy);
  g_test_add_func ("/classify/threads", test_threads);
  g_test_add_func ("/classify/metadata-markings", test_metadata_markings);
  g_test_add_func ("/classify/runaway-regex", test_runaway_regex);
  g_test_add_func ("/classify/digit-anchored-equals-full-scan",
                   test_digit_anchored_equals_full_scan);
  int rc = g_test_run ();
  pmark_policy_unref (london);
  pmark_policy_unref (gsc);
  return rc;
}
