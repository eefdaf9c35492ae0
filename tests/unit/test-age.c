/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* age: the C2SP CCTV test vectors (tests/data/age-cctv, public domain),
 * each with its expected outcome and, where plaintext is released, its
 * SHA-256; and the primitives underneath (HKDF against RFC 5869, Bech32,
 * strict base64, armor round trips). */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <pmark/pmark.h>

#include "seal/format.h"
#include "seal/primitives.h"

typedef struct {
  char *name;
  char *expect;
  char *payload;          /* hex SHA-256 */
  gboolean compressed;
  GPtrArray *identities;  /* char* */
  GPtrArray *passphrases; /* char* */
  GBytes *body;
} Vector;

static void
vector_free (gpointer p)
{
  Vector *v = p;
  g_free (v->name);
  g_free (v->expect);
  g_free (v->payload);
  g_ptr_array_unref (v->identities);
  g_ptr_array_unref (v->passphrases);
  g_bytes_unref (v->body);
  g_free (v);
}

static Vector *
vector_load (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  Vector *v = g_new0 (Vector, 1);
  v->name = g_path_get_basename (path);
  v->identities = g_ptr_array_new_with_free_func (g_free);
  v->passphrases = g_ptr_array_new_with_free_func (g_free);
  const char *p = data;
  for (;;) {
    const char *nl = memchr (p, '\n', len - (p - data));
    g_assert_nonnull (nl);
    if (nl == p) {
      p++;
      break;
    }
    g_autofree char *line = g_strndup (p, nl - p);
    char *colon = strstr (line, ": ");
    g_assert_nonnull (colon);
    *colon = '\0';
    const char *value = colon + 2;
    if (!strcmp (line, "expect"))
      v->expect = g_strdup (value);
    else if (!strcmp (line, "payload"))
      v->payload = g_strdup (value);
    else if (!strcmp (line, "compressed"))
      v->compressed = !strcmp (value, "zlib");
    else if (!strcmp (line, "identity"))
      g_ptr_array_add (v->identities, g_strdup (value));
    else if (!strcmp (line, "passphrase"))
      g_ptr_array_add (v->passphrases, g_strdup (value));
    p = nl + 1;
  }
  v->body = g_bytes_new (p, len - (p - data));
  return v;
}

static gboolean
hash_sink (const guint8 *data, gsize len, gpointer user_data, GError **error)
{
  g_checksum_update (user_data, data, len);
  return TRUE;
}

static int
expected_code (const char *expect)
{
  static const struct {
    const char *expect;
    int code;
  } map[] = {
    { "no match", PMARK_ERROR_AGE_NO_MATCH },
    { "HMAC failure", PMARK_ERROR_AGE_HMAC },
    { "header failure", PMARK_ERROR_AGE_HEADER },
    { "payload failure", PMARK_ERROR_AGE_PAYLOAD },
    { "armor failure", PMARK_ERROR_AGE_ARMOR },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (!strcmp (map[i].expect, expect))
      return map[i].code;
  return -1;
}

static void
test_vector (gconstpointer data)
{
  const Vector *v = data;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pmark_age_identity_free);
  for (guint i = 0; i < v->identities->len; i++) {
    const char *text = g_ptr_array_index (v->identities, i);
    if (g_str_has_prefix (text, "AGE-SECRET-KEY-PQ-")) {
      g_test_skip ("SKIP: ML-KEM-768 hybrid identity: libsodium has no ML-KEM");
      return;
    }
    g_autoptr (GError) error = NULL;
    PmarkAgeIdentity *id = pmark_age_identity_parse (text, &error);
    g_assert_no_error (error);
    g_ptr_array_add (ids, id);
  }
  for (guint i = 0; i < v->passphrases->len; i++)
    g_ptr_array_add (ids, pmark_age_identity_new_passphrase (
                            g_ptr_array_index (v->passphrases, i), 0));

  g_autoptr (GInputStream) raw = g_memory_input_stream_new_from_bytes (v->body);
  g_autoptr (GInputStream) in = NULL;
  if (v->compressed) {
    g_autoptr (GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
    in = g_converter_input_stream_new (raw, G_CONVERTER (z));
  } else {
    in = g_object_ref (raw);
  }
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GError) error = NULL;
  gboolean ok = pmark_age_decrypt (in, ids, hash_sink, sum, NULL, &error);
  if (!strcmp (v->expect, "success")) {
    g_assert_no_error (error);
    g_assert_true (ok);
  } else {
    g_assert_false (ok);
    g_assert_nonnull (error);
    int want = expected_code (v->expect);
    g_assert_cmpint (want, >=, 0);
    if (error->code != want)
      g_test_message ("%s: expected %s, got %s: %s", v->name, v->expect,
                      pmark_error_code_name (error->code), error->message);
    g_assert_error (error, PMARK_ERROR, want);
  }
  /* whatever was released must be exactly what the vector allows */
  if (v->payload)
    g_assert_cmpstr (g_checksum_get_string (sum), ==, v->payload);
}

/* RFC 5869, test case 1 (SHA-256) */
static void
test_hkdf (void)
{
  guint8 ikm[22], salt[13], info[10], okm[42];
  memset (ikm, 0x0b, sizeof ikm);
  for (int i = 0; i < 13; i++)
    salt[i] = i;
  for (int i = 0; i < 10; i++)
    info[i] = 0xf0 + i;
  g_autofree char *info_s = g_strndup ((const char *) info, sizeof info);
  age_hkdf (salt, sizeof salt, ikm, sizeof ikm, info_s, okm, sizeof okm);
  g_autofree char *hex = g_malloc (sizeof okm * 2 + 1);
  sodium_bin2hex (hex, sizeof okm * 2 + 1, okm, sizeof okm);
  g_assert_cmpstr (hex, ==, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                            "34007208d5b887185865");
}

static void
test_bech32 (void)
{
  /* BIP 173's valid examples */
  g_autofree char *hrp = NULL;
  g_autofree guint8 *data = NULL;
  gsize len = 99;
  g_assert_true (age_bech32_decode ("A12UEL5L", &hrp, &data, &len));
  g_assert_cmpstr (hrp, ==, "a");
  g_assert_cmpuint (len, ==, 0);
  g_assert_false (age_bech32_decode ("A12uEL5L", &hrp, &data, &len)); /* mixed case */
  g_assert_false (age_bech32_decode ("a12uel5m", &hrp, &data, &len)); /* checksum */
  /* round trip, both cases */
  guint8 key[32];
  for (int i = 0; i < 32; i++)
    key[i] = i * 7;
  g_autofree char *lower = age_bech32_encode ("age", key, 32, FALSE);
  g_autofree char *upper = age_bech32_encode ("AGE-SECRET-KEY-", key, 32, TRUE);
  g_assert_true (g_str_has_prefix (lower, "age1"));
  g_assert_true (g_str_has_prefix (upper, "AGE-SECRET-KEY-1"));
  g_clear_pointer (&hrp, g_free);
  g_clear_pointer (&data, g_free);
  g_assert_true (age_bech32_decode (upper, &hrp, &data, &len));
  g_assert_cmpstr (hrp, ==, "age-secret-key-");
  g_assert_cmpmem (data, len, key, 32);
}

static void
test_base64_strict (void)
{
  guint8 out[8];
  gsize n;
  g_assert_true (age_b64_decode ("AAE", 3, out, sizeof out, &n));
  g_assert_cmpuint (n, ==, 2);
  g_assert_false (age_b64_decode ("AAF", 3, out, sizeof out, &n));   /* trailing bits */
  g_assert_false (age_b64_decode ("AAE=", 4, out, sizeof out, &n));  /* padding */
  g_assert_false (age_b64_decode ("AA E", 4, out, sizeof out, &n));  /* space */
}

/* pmark's own files: keys round-trip, the armor re-reads, and the marking
 * stanza comes back without any key */
static gboolean
collect (const guint8 *data, gsize len, gpointer user_data, GError **error)
{
  g_byte_array_append (user_data, data, len);
  return TRUE;
}

static void
test_round_trip (void)
{
  for (int armor = 0; armor < 2; armor++) {
    for (gsize size = 0; size <= 3 * 65536; size += 65536 / 2 + 1) {
      g_autoptr (PmarkAgeIdentity) id = pmark_age_identity_generate ();
      char *secret = pmark_age_identity_to_secret_string (id);
      g_autoptr (GError) error = NULL;
      g_autoptr (PmarkAgeIdentity) id2 = pmark_age_identity_parse (secret, &error);
      pmark_age_secret_free (secret);
      g_assert_no_error (error);
      g_autoptr (GPtrArray) rs = g_ptr_array_new_with_free_func (
        (GDestroyNotify) pmark_age_recipient_free);
      g_ptr_array_add (rs, pmark_age_identity_to_recipient (id2));
      g_autofree guint8 *plain = g_malloc (size + 1);
      for (gsize i = 0; i < size; i++)
        plain[i] = (guint8) (i * 31 + 7);
      g_autoptr (GInputStream) in = g_memory_input_stream_new_from_data (plain, size, NULL);
      g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
      PmarkAgeEncryptOptions o = { .armor = armor, .marking = "RESTRICTED PERSONAL" };
      g_assert_true (pmark_age_encrypt (in, out, rs, &o, &error));
      g_output_stream_close (out, NULL, NULL);
      g_autoptr (GBytes) sealed = g_memory_output_stream_steal_as_bytes (
        G_MEMORY_OUTPUT_STREAM (out));
      g_autofree char *marking = NULL;
      g_assert_true (pmark_age_peek (sealed, &marking, &error));
      g_assert_cmpstr (marking, ==, "RESTRICTED PERSONAL");
      g_autoptr (GPtrArray) ids = g_ptr_array_new ();
      g_ptr_array_add (ids, id);
      g_autoptr (GInputStream) back = g_memory_input_stream_new_from_bytes (sealed);
      g_autoptr (GByteArray) got = g_byte_array_new ();
      g_assert_true (pmark_age_decrypt (back, ids, collect, got, NULL, &error));
      g_assert_cmpmem (got->data, got->len, plain, size);
    }
  }
}

/* A recipient book: names with spaces, the recipient-keys form without
 * '=', comments; errors name the line. */
static void
test_recipient_book (void)
{
  g_autoptr (PmarkAgeIdentity) a = pmark_age_identity_generate ();
  g_autoptr (PmarkAgeIdentity) b = pmark_age_identity_generate ();
  g_autoptr (PmarkAgeRecipient) ra = pmark_age_identity_to_recipient (a);
  g_autoptr (PmarkAgeRecipient) rb = pmark_age_identity_to_recipient (b);
  g_autofree char *ka = pmark_age_recipient_to_string (ra);
  g_autofree char *kb = pmark_age_recipient_to_string (rb);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pmark-book-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "book", NULL);
  g_autofree char *text = g_strdup_printf (
    "# the team\n\nJane Example (Example CSC) = %s\n"
    "duty@example.gov.uk %s %s # both on duty\n", ka, ka, kb);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_autoptr (GPtrArray) book = pmark_recipient_book_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (book->len, ==, 2);
  const PmarkRecipientBookEntry *e = pmark_recipient_book_find (book, "jane example (example csc)");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "Jane Example (Example CSC)");
  g_assert_cmpuint (e->recipients->len, ==, 1);
  e = pmark_recipient_book_find (book, "DUTY@example.gov.uk");
  g_assert_nonnull (e);
  g_assert_cmpuint (e->recipients->len, ==, 2);
  g_autofree char *second = pmark_age_recipient_to_string (g_ptr_array_index (e->recipients, 1));
  g_assert_cmpstr (second, ==, kb);
  g_assert_null (pmark_recipient_book_find (book, "Nobody"));

  g_autofree char *no_name = g_strdup_printf ("= %s\n", ka);
  const char *const bad[] = { "Jane = age1notakey\n", no_name, "Jane =\n", NULL };
  for (guint i = 0; bad[i]; i++) {
    g_autofree char *line = g_strdup_printf ("# ok\n%s", bad[i]);
    g_assert_true (g_file_set_contents (path, line, -1, NULL));
    g_autoptr (GError) e2 = NULL;
    g_autoptr (GPtrArray) none = pmark_recipient_book_load (path, &e2);
    g_assert_null (none);
    g_assert_nonnull (e2);
    g_autofree char *where = g_strdup_printf ("%s:2:", path);
    g_assert_true (g_str_has_prefix (e2->message, where));
  }
  g_unlink (path);
  g_rmdir (dir);
}

static int
by_name (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Secret memory when guarded pages cannot be had (an address-space limit
 * leaves no room for sodium_malloc's mappings): ordinary memory, wiped
 * when freed, never the end of the process (it used to be g_error). */
static void
test_secure_alloc_without_guarded_pages (void)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer maps memory for every allocation: no room to test under "
               "an address-space limit");
#else
  g_assert_true (age_crypto_init (NULL));
  /* warm the heap, so that small blocks need no new mapping */
  g_free (g_malloc (1 << 16));
  pid_t pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0) {
    g_autofree char *statm = NULL;
    guint64 pages = 0;
    if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
      pages = g_ascii_strtoull (statm, NULL, 10);
    struct rlimit rl = { .rlim_cur = pages * (guint64) sysconf (_SC_PAGESIZE) + 4096,
                         .rlim_max = RLIM_INFINITY };
    if (!pages || setrlimit (RLIMIT_AS, &rl) != 0)
      _exit (3);
    guint8 *k = age_secure_alloc (32);
    if (!k)
      _exit (4);
    memset (k, 0xA5, 32);
    age_secure_free (k);
    _exit (0);
  }
  int status = 0;
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status)); /* not killed by an abort */
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/age/hkdf-rfc5869", test_hkdf);
  g_test_add_func ("/age/bech32", test_bech32);
  g_test_add_func ("/age/base64-strict", test_base64_strict);
  g_test_add_func ("/age/round-trip", test_round_trip);
  g_test_add_func ("/age/secure-alloc-without-guarded-pages",
                   test_secure_alloc_without_guarded_pages);
  g_test_add_func ("/age/recipient-book", test_recipient_book);
  const char *root = g_getenv ("PMARK_SOURCE_ROOT");
  g_assert_nonnull (root);
  g_autofree char *dir = g_build_filename (root, "tests", "data", "age-cctv", "testdata", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *n;
  while ((n = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (n));
  g_ptr_array_sort (names, by_name);
  g_autoptr (GPtrArray) vectors = g_ptr_array_new_with_free_func (vector_free);
  for (guint i = 0; i < names->len; i++) {
    g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
    Vector *v = vector_load (path);
    g_ptr_array_add (vectors, v);
    g_autofree char *tname = g_strdup_printf ("/age/cctv/%s", v->name);
    g_test_add_data_func (tname, v, test_vector);
  }
  return g_test_run ();
}
