/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The two JSON members every result, log line and report row is made of. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* "name": "value", or "name": null when value is NULL. */
void pmark_json_add_string (JsonBuilder *b, const char *name, const char *value);
/* "name": ["a", "b"]; an empty array when values is NULL. */
void pmark_json_add_strings (JsonBuilder *b, const char *name, GPtrArray *values);

G_END_DECLS
