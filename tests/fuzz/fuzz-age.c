/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer: the age reader: armor, header (stanzas, MAC), the marking
 * stanza, and STREAM decryption with an X25519 identity and a passphrase
 * (scrypt work factor capped low, so a slow input is not a finding). */
#include "config.h"

#include <pmark/pmark.h>

static GPtrArray *identities;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  pmark_init (NULL);
  identities = g_ptr_array_new ();
  /* the identity the seeds are sealed to (run.py makes both) */
  const char *key = g_getenv ("PMARK_FUZZ_IDENTITY");
  if (!key || !pmark_age_identities_load (key, identities, NULL))
    g_ptr_array_add (identities, pmark_age_identity_generate ());
  g_ptr_array_add (identities, pmark_age_identity_new_passphrase ("fuzz", 10));
  return 0;
}

static gboolean
sink (const guint8 *data, gsize len, gpointer user, GError **error)
{
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GBytes *b = g_bytes_new (data, size);
  char *marking = NULL, *signature = NULL;
  GError *error = NULL;
  if (pmark_age_peek_signed (b, &marking, &signature, &error)) {
    g_free (marking);
    g_free (signature);
  }
  g_clear_error (&error);
  GInputStream *in = g_memory_input_stream_new_from_bytes (b);
  pmark_age_decrypt (in, identities, sink, NULL, NULL, &error);
  g_clear_error (&error);
  g_object_unref (in);
  g_bytes_unref (b);
  return 0;
}
