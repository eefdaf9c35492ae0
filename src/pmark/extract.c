/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark extract: what pmark read from a file, part by part, so that a
 * person can see why a marking was chosen. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static void
print_text (const PmarkDocument *doc)
{
  printf ("# %s: %s (format %s)\n", doc->name, doc->type.mime,
          doc->type.format ? doc->type.format : "-");
  if (!doc->inspected)
    printf ("# not inspected: %s\n", doc->not_inspected_reason);
  for (guint i = 0; i < doc->parts->len; i++) {
    const PmarkTextPart *p = g_ptr_array_index (doc->parts, i);
    printf ("\n== %s ==\n", p->where ? p->where : "text");
    if (p->confidence) {
      /* OCR: each line after the engine's confidence in it */
      const char *s = p->text, *end = p->text + p->len;
      for (guint k = 0; s < end; k++) {
        const char *nl = memchr (s, '\n', (gsize) (end - s));
        const char *e = nl ? nl : end;
        if (k < p->confidence->len)
          printf ("[%3.0f%%] ", g_array_index (p->confidence, float, k));
        fwrite (s, 1, (gsize) (e - s), stdout);
        putchar ('\n');
        s = nl ? nl + 1 : end;
      }
      continue;
    }
    fwrite (p->text, 1, p->len, stdout);
    if (p->len && p->text[p->len - 1] != '\n')
      putchar ('\n');
  }
  if (doc->unread->len)
    printf ("\n== not read ==\n");
  for (guint i = 0; i < doc->unread->len; i++)
    printf ("%s\n", (char *) g_ptr_array_index (doc->unread, i));
  if (doc->markings->len)
    printf ("\n== marking candidates ==\n");
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *m = g_ptr_array_index (doc->markings, i);
    printf ("%s\t%s\t%s\n", pmark_marking_source_name (m->source), m->where,
            m->value);
  }
}

int
pmark_cmd_extract (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *password = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *ocr = NULL;
  GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      "One JSON object per file: parts and marking candidates", NULL },
    CLI_PASSWORD_ENTRIES (password, password_file),
    CLI_OCR_ENTRY (ocr),
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE...");
  g_option_context_set_summary (
    ctx, "Print the text pmark reads from each file, part by part (page, "
         "sheet, slide, header...), and the marking candidates it found. "
         "The text is printed as it is: it may hold personal data.");
  g_option_context_set_description (ctx, "See pmark-extract(1).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, "extract"))
    return PMARK_EXIT_USAGE;
  if (argc < 2) {
    cli_error ("extract", "no files given");
    return PMARK_EXIT_USAGE;
  }
  PmarkReadOptions options;
  pmark_read_options_init (&options);
  if (!cli_password (&options, password, password_file, "extract")
      || !cli_ocr (&options, ocr, "extract"))
    return PMARK_EXIT_USAGE;

  int status = PMARK_EXIT_OK;
  for (int i = 1; i < argc; i++) {
    GError *error = NULL;
    g_autoptr (PmarkDocument) doc = pmark_document_load_file (argv[i], &options,
                                                              &error);
    if (!doc) {
      cli_print_file_error ("extract", NULL, argv[i], error, json);
      g_error_free (error);
      status = PMARK_EXIT_FAILED;
      continue;
    }
    if (json) {
      g_autoptr (JsonNode) node = pmark_document_to_json (doc);
      g_autofree char *s = json_to_string (node, FALSE);
      printf ("%s\n", s);
    } else {
      print_text (doc);
    }
  }
  cli_password_clear (&options);
  return status;
}
