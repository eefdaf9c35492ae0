/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * pmark_mask:
 * @text: an identifier or any text that may hold one
 * @len: its length in bytes
 *
 * Masks evidence for output and logs: keeps the first three and last two
 * letters or digits, replaces the rest with "*", keeps separators ("943 476
 * 5870" gives "943 *** **70"); short values keep less. Every identifier that
 * leaves libpmark goes through here.
 *
 * Returns: (transfer full): the masked text
 */
char *pmark_mask (const char *text, gsize len);

/**
 * pmark_mask_name:
 * @text: a person's name or an address
 * @len: its length in bytes
 *
 * Masks a name or an address for output and logs: each word keeps its
 * first letter, every other letter and every digit becomes "*" ("Jayden
 * Smith" gives "J***** S****", "14 Elm Road" gives "** E** R***").
 *
 * Returns: (transfer full): the masked text
 */
char *pmark_mask_name (const char *text, gsize len);

/**
 * pmark_printable:
 * @text: text from outside (a file's name, a member's), NUL-terminated
 * @controls: also escape control characters (for text output)
 *
 * What pmark prints of a name it did not choose: each byte that is not
 * valid UTF-8 is written "\xHH" (so that JSON output stays valid) and, with
 * @controls, each control character is written "\r", "\n", "\t" or
 * "\xHH" (so that a name cannot move the cursor, clear the screen or
 * forge a result line).
 *
 * Returns: (transfer full) (nullable): the escaped text, or NULL when
 *   nothing needed escaping (print @text as it is)
 */
char *pmark_printable (const char *text, gboolean controls);

G_END_DECLS
