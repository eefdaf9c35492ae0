/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signed-marking tokens: a token opens to the statement it was made of;
 * any change to it, or a statement signed by one key and claimed for
 * another, or bytes that are not a token at all, are refused with a
 * typed error and never crash. Key files: written as keygen writes them,
 * read back to the same public key; anything else is refused. */
#include <string.h>

#include <glib/gstdio.h>

#include <pmark/pmark.h>

static PmarkSignedMarking
statement (void)
{
  PmarkSignedMarking m = {
    .signer = (char *) "A. Officer; Test: Borough\nsecond line", .time = (char *) "2026-12-04T00:00:00Z",
    .policy = (char *) "london-lscb", .level = (char *) "RESTRICTED",
    .marking = (char *) "RESTRICTED - PERSONAL", .handling = NULL,
    .format = (char *) "docx", .content = (char *) "sha256:00ff",
  };
  return m;
}

static void
test_round_trip (void)
{
  g_autoptr (PmarkSigningKey) key = pmark_signing_key_generate ();
  PmarkSignedMarking m = statement ();
  g_autofree char *token = pmark_signature_create (key, &m);
  g_assert_true (g_str_has_prefix (token, "pmark-sig1."));
  GError *error = NULL;
  g_autoptr (PmarkSignedMarking) got = pmark_signature_open (token, &error);
  g_assert_no_error (error);
  g_autofree char *pub = pmark_signing_key_public (key);
  g_assert_cmpstr (got->key, ==, pub);
  /* a line break cannot add a field: it becomes a space */
  g_assert_cmpstr (got->signer, ==, "A. Officer; Test: Borough second line");
  g_assert_cmpstr (got->marking, ==, m.marking);
  g_assert_cmpstr (got->content, ==, m.content);
  g_assert_null (got->handling);
}

static void
test_every_changed_character_is_refused (void)
{
  g_autoptr (PmarkSigningKey) key = pmark_signing_key_generate ();
  PmarkSignedMarking m = statement ();
  g_autofree char *token = pmark_signature_create (key, &m);
  gsize n = strlen (token);
  for (gsize i = strlen ("pmark-sig1."); i < n; i++) {
    g_autofree char *bad = g_strdup (token);
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    GError *error = NULL;
    PmarkSignedMarking *got = pmark_signature_open (bad, &error);
    /* base64's last character may carry unused bits: the same bytes */
    if (got) {
      g_assert_no_error (error);
      pmark_signed_marking_free (got);
      continue;
    }
    g_assert_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED);
    g_error_free (error);
  }
}

static void
test_another_keys_claim_is_refused (void)
{
  g_autoptr (PmarkSigningKey) a = pmark_signing_key_generate ();
  g_autoptr (PmarkSigningKey) b = pmark_signing_key_generate ();
  PmarkSignedMarking m = statement ();
  g_autofree char *ta = pmark_signature_create (a, &m);
  g_autofree char *tb = pmark_signature_create (b, &m);
  /* a's statement with b's signature */
  const char *dot_a = strrchr (ta, '.'), *dot_b = strrchr (tb, '.');
  g_autofree char *mixed = g_strdup_printf ("%.*s%s", (int) (dot_a - ta), ta, dot_b);
  GError *error = NULL;
  g_assert_null (pmark_signature_open (mixed, &error));
  g_assert_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "does not verify"));
  g_error_free (error);
}

static void
test_garbage_is_refused (void)
{
  g_autofree char *huge = g_strnfill (100000, 'A');
  g_autofree char *huge_token = g_strconcat ("pmark-sig1.", huge, ".", huge, NULL);
  const char *cases[] = { "", "pmark-sig1.", "pmark-sig1..", "pmark-sig1.AAAA",
                          "pmark-sig1.!!!!.AAAA", "pmark-sig1.AAAA.AAAA",
                          "pmark-sig1.A.A", "PMARK-SIG1.AAAA.AAAA", "pmark-sig2.AAAA.AAAA",
                          /* a statement that is not pmark's: "hello" */
                          "pmark-sig1.aGVsbG8.AAAA", huge_token };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    GError *error = NULL;
    g_assert_null (pmark_signature_open (cases[i], &error));
    g_assert_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED);
    g_error_free (error);
  }
}

static void
test_key_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pmark-sign-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "key", NULL);
  g_autoptr (PmarkSigningKey) key = pmark_signing_key_generate ();
  char *secret = pmark_signing_key_secret (key);
  g_autofree char *text = g_strdup_printf ("# signer: Jo Example\n\n%s\n", secret);
  pmark_age_secret_free (secret);
  g_assert_true (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600,
                                           NULL));
  GError *error = NULL;
  g_autoptr (PmarkSigningKey) back = pmark_signing_key_load (path, &error);
  g_assert_no_error (error);
  g_autofree char *p1 = pmark_signing_key_public (key), *p2 = pmark_signing_key_public (back);
  g_assert_cmpstr (p1, ==, p2);
  g_assert_cmpstr (pmark_signing_key_signer (back), ==, "Jo Example");
  /* readable by others: refused */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_null (pmark_signing_key_load (path, &error));
  g_assert_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* no key in it, or a public key where the secret goes */
  const char *bad[] = { "", "# nothing\n", "PMARK-SIGN-SECRET-KEY-1QQQQ\n", p1 };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_assert_true (g_file_set_contents_full (path, bad[i], -1,
                                             G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
    g_assert_cmpint (g_chmod (path, 0600), ==, 0);
    g_assert_null (pmark_signing_key_load (path, &error));
    g_assert_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  g_unlink (path);
  g_assert_null (pmark_signing_key_load (path, &error));
  g_assert_error (error, PMARK_ERROR, PMARK_ERROR_IO);
  g_clear_error (&error);
  /* trusted lists */
  g_autoptr (GHashTable) keys = pmark_trusted_keys_new ();
  g_autofree char *list = g_strdup_printf ("# ours\n%s  A. Officer\n", p1);
  g_assert_true (g_file_set_contents (path, list, -1, NULL));
  g_assert_true (pmark_trusted_keys_load (path, keys, &error));
  g_assert_cmpstr (g_hash_table_lookup (keys, p1), ==, "A. Officer");
  g_assert_true (g_file_set_contents (path, "age1notakey\n", -1, NULL));
  g_assert_false (pmark_trusted_keys_load (path, keys, &error));
  g_assert_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sign/round-trip", test_round_trip);
  g_test_add_func ("/sign/changed", test_every_changed_character_is_refused);
  g_test_add_func ("/sign/another-key", test_another_keys_claim_is_refused);
  g_test_add_func ("/sign/garbage", test_garbage_is_refused);
  g_test_add_func ("/sign/key-files", test_key_files);
  return g_test_run ();
}
