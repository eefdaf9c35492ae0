/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "core/json.h"

#include <pmark/mask.h>

void
pmark_json_add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  g_autofree char *escaped = pmark_printable (value, FALSE);
  if (value)
    json_builder_add_string_value (b, escaped ? escaped : value);
  else
    json_builder_add_null_value (b);
}

void
pmark_json_add_strings (JsonBuilder *b, const char *name, GPtrArray *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values && i < values->len; i++) {
    const char *v = g_ptr_array_index (values, i);
    g_autofree char *escaped = pmark_printable (v, FALSE);
    json_builder_add_string_value (b, escaped ? escaped : v);
  }
  json_builder_end_array (b);
}
