/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The library's one-time set-up of the libraries it builds on. Each part
 * is also done lazily where it is first needed; pmark_init does it all at
 * once, before threads start. */
#include "config.h"

#include <pmark/pmark.h>

#include "formats/zipxml.h"
#include "formats/mail.h"
#include "seal/primitives.h"

gboolean
pmark_init (GError **error)
{
  zipxml_init ();  /* libxml2 */
  mail_init ();    /* GMime */
  return age_crypto_init (error); /* libsodium */
}
