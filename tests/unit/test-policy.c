/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Malformed policies: each must be refused with a message naming the file,
 * the line and the section. The messages are checked word for word. */
#include <string.h>

#include <pmark/pmark.h>

#define BASE                                                                  \
  "[policy]\n"                        /* 1 */                                 \
  "name = t\n"                        /* 2 */                                 \
  "[level LOW]\n"                     /* 3 */                                 \
  "label = L\n"                       /* 4 */                                 \
  "colour = #00ff00\n"                /* 5 */                                 \
  "[level HIGH]\n"                    /* 6 */                                 \
  "label = H\n"                       /* 7 */                                 \
  "colour = #ff0000\n"                /* 8 */                                 \
  "requires-descriptor = true\n"      /* 9 */                                 \
  "[descriptor PERSONAL]\n"           /* 10 */                                \
  "[match nhs]\n"                     /* 11 */                                \
  "validator = nhs-number\n"          /* 12 */

typedef struct {
  const char *name;
  const char *text;
  const char *message;
} Case;

static const Case cases[] = {
  { "no-policy-section", "[level A]\nlabel = A\ncolour = #000000\n",
    "t.policy: no [policy] section (it names the policy)" },
  { "unknown-section", BASE "[levle X]\n",
    "t.policy:13: unknown section type '[levle]' (expected policy, level, "
    "descriptor, recogniser, match, rule, mapping, labels, mail, translate, sign, serve, "
    "stamp, ocr or budget)" },
  { "recogniser-unknown", BASE "[recogniser faces]\nenabled = false\n",
    "t.policy:13: [recogniser faces]: unknown recogniser 'faces' (known: person-names, "
    "addresses, ages, dates-of-birth, schools, relationships, professional-roles)" },
  { "recogniser-unknown-key", BASE "[recogniser ages]\nwords = infant\n",
    "t.policy:14: [recogniser ages]: unknown key 'words' for recogniser ages (known: "
    "enabled)" },
  { "recogniser-bad-enabled", BASE "[recogniser schools]\nenabled = maybe\n",
    "t.policy:14: [recogniser schools]: enabled must be true or false, not 'maybe'" },
  { "people-unknown-recogniser", BASE "[match who]\nrecogniser = faces\n",
    "t.policy:14: [match who]: unknown recogniser 'faces' (known: people)" },
  { "people-unknown-cue", BASE "[match who]\nrecogniser = people\ncues = age, shoe-size\n",
    "t.policy:15: [match who]: cues: unknown cue 'shoe-size' (known: address, "
    "date-of-birth, age, school, relationship, identifier, case-subject)" },
  { "cues-without-recogniser", BASE "[match who]\nkeywords = a\ncues = age\n",
    "t.policy:15: [match who]: 'cues' is a key of 'recogniser = people' matches" },
  { "people-identifiers-unknown", BASE "[match who]\nrecogniser = people\nidentifiers = numbers\n",
    "t.policy:13: [match who]: identifiers: 'numbers' is not a match of identifiers" },
  { "people-case-context-any-of", BASE "[match both]\nany-of = nhs\n"
    "[match who]\nrecogniser = people\ncase-context = both\n",
    "t.policy:15: [match who]: case-context: 'both' is not a keyword or regex match" },
  { "budget-unknown-key", BASE "[budget]\nmax-memory = 64\n",
    "t.policy:14: [budget]: unknown key 'max-memory' (expected one of: max-input-mb, "
    "max-text-mb, max-part-mb, max-inflated-mb, max-compression-ratio, max-xml-depth, "
    "max-nesting, max-seconds, max-memory-mb)" },
  { "budget-bad-number", BASE "[budget]\nmax-memory-mb = lots\n",
    "t.policy:14: [budget]: max-memory-mb is a whole number from 0 to 1048576, not 'lots'" },
  { "budget-too-small", BASE "[budget]\nmax-compression-ratio = 1\n",
    "t.policy:14: [budget]: max-compression-ratio is a whole number from 2 to 100000, "
    "not '1'" },
  { "mail-secure-from", BASE "[mail]\nsecure-from = SECRETISH\n",
    "t.policy:14: [mail]: secure-from is a level or 'none'; unknown level "
    "'SECRETISH'" },
  { "mail-action", BASE "[mail]\nbelow-thread = upgrade\n",
    "t.policy:14: [mail]: below-thread is one of hold, reject, not 'upgrade'" },
  { "unknown-key", BASE "[level TOP]\nlabel = T\ncolur = #000000\n",
    "t.policy:15: [level TOP]: unknown key 'colur' (expected one of: label, "
    "colour, handling, aliases, requires-descriptor, default-descriptor, seal, seal-recipients)" },
  { "missing-label", BASE "[level TOP]\ncolour = #000000\n",
    "t.policy:13: [level TOP]: missing required key 'label'" },
  { "bad-colour", BASE "[level TOP]\nlabel = T\ncolour = red\n",
    "t.policy:15: [level TOP]: colour 'red' is not of the form #rrggbb" },
  { "one-level", "[policy]\nname = t\n[level A]\nlabel = A\ncolour = #000000\n",
    "t.policy: a policy needs at least two [level NAME] sections, lowest "
    "first" },
  { "duplicate-key", BASE "[match m]\nkeywords = a\nkeywords = b\n",
    "t.policy:15: [match m]: duplicate key 'keywords'" },
  { "unknown-validator", BASE "[match m]\nvalidator = nhs\n",
    "t.policy:14: [match m]: unknown validator 'nhs' (known: nhs-number, "
    "chi-number, ni-number, upn, uk-postcode, date)" },
  { "bad-regex", BASE "[match m]\nregex = (unclosed\n",
    "t.policy:14: [match m]: invalid regular expression at offset 9: missing "
    "closing parenthesis" },
  { "two-kinds", BASE "[match m]\nregex = a\nkeywords = b\n",
    "t.policy:13: [match m]: a match needs exactly one of 'keywords', 'regex' "
    "(with or without 'validator'), 'any-of' or 'recogniser'" },
  { "bad-window", BASE "[match m]\nkeywords = a\ncontext = b\ncontext-window = lots\n",
    "t.policy:16: [match m]: context-window must be a whole number of "
    "characters from 1 to 10000, not 'lots'" },
  { "any-of-unknown", BASE "[match m]\nany-of = nhs, nope\n",
    "t.policy:13: [match m]: 'any-of' names unknown match 'nope'" },
  { "any-of-cycle", BASE "[match a]\nany-of = b\n[match b]\nany-of = a\n",
    "t.policy:13: [match a]: 'any-of' refers back to itself through 'a'" },
  { "rule-unknown-match", BASE "[rule r]\nwhen = nhs and nope\nlevel = LOW\n",
    "t.policy:14: [rule r]: in 'when': unknown match 'nope'" },
  { "rule-bad-count", BASE "[rule r]\nwhen = nhs >= many\nlevel = LOW\n",
    "t.policy:14: [rule r]: in 'when': count 'many' after '>=' is not a "
    "whole number from 1" },
  { "rule-bad-term", BASE "[rule r]\nwhen = nhs or case\nlevel = LOW\n",
    "t.policy:14: [rule r]: in 'when': expected 'MATCH [>= N] [and ...]', "
    "found 'nhs or case'" },
  { "rule-unknown-level", BASE "[rule r]\nwhen = nhs\nlevel = MEDIUM\n",
    "t.policy:15: [rule r]: unknown level 'MEDIUM'" },
  { "rule-missing-when", BASE "[rule r]\nlevel = LOW\n",
    "t.policy:13: [rule r]: missing required key 'when'" },
  { "rule-needs-descriptor", BASE "[rule r]\nwhen = nhs\nlevel = HIGH\n",
    "t.policy:15: [rule r]: level 'HIGH' requires a descriptor: add "
    "'descriptor = ...'" },
  { "rule-unknown-descriptor",
    BASE "[rule r]\nwhen = nhs\nlevel = HIGH\ndescriptor = SECRETIVE\n",
    "t.policy:16: [rule r]: unknown descriptor 'SECRETIVE'" },
  { "mapping-unknown-level", BASE "[mapping other]\nOFFICIAL = MIDDLE\n",
    "t.policy:14: [mapping other]: unknown level 'MIDDLE'" },
  { "label-not-guid", BASE "[labels]\nnot-a-guid = HIGH:PERSONAL\n",
    "t.policy:14: [labels]: 'not-a-guid' is not a label id (a GUID such as "
    "8a1c7b4e-0000-4c8e-9f00-000000000001)" },
  { "continuation-first", "  indented\n",
    "t.policy:1: continuation line with no key before it" },
  { "no-equals", BASE "just words\n",
    "t.policy:13: expected 'key = value', found 'just words'" },
  { "key-before-section", "name = t\n",
    "t.policy:1: 'key = value' before any [section]" },
  { "bad-header", BASE "[level X\n",
    "t.policy:13: malformed section header '[level X' (expected '[type "
    "name]')" },
  { "bad-default-level", "[policy]\nname = t\ndefault-level = NOPE\n"
                         "[level A]\nlabel = A\ncolour = #000000\n"
                         "[level B]\nlabel = B\ncolour = #000000\n",
    "t.policy:3: [policy]: unknown level 'NOPE'" },
  { "bad-name", "[policy]\nname = has space\n",
    "t.policy:2: [policy]: name 'has space' may contain only letters, "
    "digits, '-' and '_'" },
  { "duplicate-level", BASE "[level LOW]\nlabel = X\ncolour = #000000\n",
    "t.policy:13: [level LOW]: level defined twice" },
  { "not-utf8", "[policy]\nname = \xff\n", "t.policy: not valid UTF-8" },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  GError *error = NULL;
  PmarkPolicy *p = pmark_policy_load_data (c->text, -1, "t.policy", &error);
  g_assert_null (p);
  g_assert_error (error, PMARK_ERROR, PMARK_ERROR_POLICY);
  g_assert_cmpstr (error->message, ==, c->message);
  g_error_free (error);
}

static void
test_base_is_valid (void)
{
  GError *error = NULL;
  g_autoptr (PmarkPolicy) p = pmark_policy_load_data (
    BASE "[rule r]\nwhen = nhs\nlevel = HIGH\ndescriptor = PERSONAL\n", -1,
    "t.policy", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pmark_policy_get_n_levels (p), ==, 2);
  g_assert_cmpint (pmark_policy_find_level (p, "high"), ==, 1);
  g_assert_cmpint (pmark_policy_find_level (p, "MEDIUM"), ==, -1);
}

/* The shipped policies load, and `show` output loads back to the same
 * effective policy. */
static void
test_shipped_round_trip (void)
{
  const char *names[] = { "london-lscb", "uk-gsc-2014" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    GError *error = NULL;
    g_autoptr (PmarkPolicy) p = pmark_policy_load (names[i], &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pmark_policy_get_name (p), ==, names[i]);
    g_assert_cmpuint (pmark_policy_get_n_levels (p), ==, 4);
    g_autofree char *shown = pmark_policy_to_string (p);
    g_autoptr (PmarkPolicy) q = pmark_policy_load_data (shown, -1, "shown",
                                                        &error);
    g_assert_no_error (error);
    g_autofree char *shown2 = pmark_policy_to_string (q);
    /* identical apart from the first line, which names the source file */
    g_assert_cmpstr (strchr (shown, '\n'), ==, strchr (shown2, '\n'));
  }
}

/* [budget] sets the limits readers work within, over the built-in ones;
 * a limit the caller set itself (a command-line option) wins. */
static void
test_budget (void)
{
  GError *error = NULL;
  g_autoptr (PmarkPolicy) p = pmark_policy_load_data (
    BASE "[budget]\nmax-memory-mb = 64\nmax-nesting = 2\nmax-seconds = 0\n", -1,
    "t.policy", &error);
  g_assert_no_error (error);
  PmarkReadOptions given, read;
  pmark_read_options_init (&given);
  PmarkBudget builtin = given.budget;
  given.budget.max_nesting = 7; /* the caller's own */
  pmark_policy_read_options (p, &given, &read);
  g_assert_cmpuint (read.budget.max_memory_bytes, ==, 64u << 20);
  g_assert_cmpuint (read.budget.max_seconds, ==, 0);
  g_assert_cmpuint (read.budget.max_nesting, ==, 7);
  g_assert_cmpuint (read.budget.max_text_bytes, ==, builtin.max_text_bytes);
  /* a file read whole is at most half the memory budget */
  g_assert_cmpuint (pmark_budget_max_read (&read.budget), ==, 32u << 20);
  /* shown, it loads back the same */
  g_autofree char *shown = pmark_policy_to_string (p);
  g_assert_nonnull (strstr (shown, "\n[budget]\nmax-input-mb = 2048\n"));
  g_assert_nonnull (strstr (shown, "\nmax-memory-mb = 64\n"));
  g_autoptr (PmarkPolicy) q = pmark_policy_load_data (shown, -1, "shown", &error);
  g_assert_no_error (error);
  pmark_policy_read_options (q, &given, &read);
  g_assert_cmpuint (read.budget.max_memory_bytes, ==, 64u << 20);
}

static void
test_resolve (void)
{
  GError *error = NULL;
  g_autofree char *missing = pmark_policy_resolve ("no-such-policy", &error);
  g_assert_null (missing);
  g_assert_error (error, PMARK_ERROR, PMARK_ERROR_POLICY);
  g_assert_true (g_str_has_prefix (error->message,
                                   "no policy named 'no-such-policy' (searched "));
  g_clear_error (&error);
  g_autofree char *nofile = pmark_policy_resolve ("/nonexistent/x.policy", &error);
  g_assert_null (nofile);
  g_assert_cmpstr (error->message, ==, "/nonexistent/x.policy: no such policy file");
  g_clear_error (&error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *path = g_strdup_printf ("/policy/error/%s", cases[i].name);
    g_test_add_data_func (path, &cases[i], test_case);
  }
  g_test_add_func ("/policy/base-is-valid", test_base_is_valid);
  g_test_add_func ("/policy/shipped-round-trip", test_shipped_round_trip);
  g_test_add_func ("/policy/resolve", test_resolve);
  g_test_add_func ("/policy/budget", test_budget);
  return g_test_run ();
}
