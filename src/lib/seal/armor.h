/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ASCII armor (age's PEM-like form): detecting, reading and writing it
 * over the raw reader of io.h. */
#pragma once

#include "io.h"

G_BEGIN_DECLS

#define AGE_ARMOR_BEGIN "-----BEGIN AGE ENCRYPTED FILE-----"
#define AGE_ARMOR_END "-----END AGE ENCRYPTED FILE-----"
#define AGE_ARMOR_COLUMNS 64
#define AGE_ARMOR_LINE_BYTES 48
#define AGE_ARMOR_MAX_WHITESPACE 1024

/* TRUE when the input starts (after some whitespace) with the begin line;
 * consumes nothing. */
gboolean age_armor_detect (AgeRaw *raw, GError **error);
/* Consumes the leading whitespace and the begin line. */
gboolean age_armor_begin (AgeRaw *raw, GError **error);
/* Decodes the next line into `out` (at most 48 bytes); *done at the end
 * line, after which only whitespace may follow. */
gboolean age_armor_next (AgeRaw *raw, guint8 out[AGE_ARMOR_LINE_BYTES],
                         gsize *n, gboolean *done, GError **error);
/* Encoding: whole lines of 48 bytes as they fill, the rest at the end. */
void age_armor_encode_line (GString *out, const guint8 *data, gsize n);

G_END_DECLS
