/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one table of formats. Adding a format is adding a file and a line
 * here. */
#include "config.h"

#include "format.h"

extern const PmarkFormat pmark_format_text;

static const PmarkFormat *const formats[] = {
  &pmark_format_text,
  NULL,
};

const PmarkFormat *const *
pmark_formats (void)
{
  return formats;
}

const PmarkFormat *
pmark_format_for (const PmarkSniffInfo *info)
{
  for (const PmarkFormat *const *f = formats; *f; f++)
    if ((*f)->sniff (info))
      return *f;
  return NULL;
}
