/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer: the policy parser (INI, sections, rules, patterns). */
#include "config.h"

#include <pmark/pmark.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* includes resolve against the source tree's policies */
  g_setenv ("PMARK_LOCAL_POLICY", "", TRUE);
  pmark_init (NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  PmarkPolicy *p = pmark_policy_load_data ((const char *) data, (gssize) size,
                                           "/nonexistent/fuzz.policy", &error);
  if (p) {
    char *text = pmark_policy_to_string (p);
    g_free (text);
    pmark_policy_unref (p);
  }
  g_clear_error (&error);
  return 0;
}
