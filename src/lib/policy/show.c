/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The effective policy, written back in policy-file syntax with every
 * default spelled out, so that what pmark will do can be read and diffed. */
#include "config.h"

#include <string.h>

#include "policy-private.h"

static void
kv (GString *s, const char *key, const char *value)
{
  if (value)
    g_string_append_printf (s, "%s = %s\n", key, value);
}

static void
kv_list (GString *s, const char *key, GPtrArray *items)
{
  if (!items || !items->len)
    return;
  g_string_append_printf (s, "%s =", key);
  gsize col = strlen (key) + 2;
  for (guint i = 0; i < items->len; i++) {
    const char *it = g_ptr_array_index (items, i);
    if (col + strlen (it) + 2 > 76 && i) {
      g_string_append (s, "\n   ");
      col = 3;
    }
    g_string_append_printf (s, " %s%s", it, i + 1 < items->len ? "," : "");
    col += strlen (it) + 2;
  }
  g_string_append_c (s, '\n');
}

static char *
target (const PmarkPolicy *p, int level, GPtrArray *descs)
{
  const PmarkLevel *l = g_ptr_array_index (p->levels, level);
  if (!descs || !descs->len)
    return g_strdup (l->name);
  GString *t = g_string_new (l->name);
  for (guint i = 0; i < descs->len; i++)
    g_string_append_printf (t, "%s%s", i ? ", " : ":",
                            (char *) g_ptr_array_index (descs, i));
  return g_string_free (t, FALSE);
}

/* Before each value written in another file than the policy's (an
 * included policy, a local override), a comment naming where. */
static char *
with_provenance (const PmarkPolicy *p, char *text)
{
  if (!g_hash_table_size (p->provenance))
    return text;
  GString *out = g_string_new (NULL);
  g_autofree char *type = NULL, *name = NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_free (text);
  for (guint i = 0; lines[i]; i++) {
    const char *l = lines[i];
    if (l[0] == '[') {
      g_autofree char *inner = g_strndup (l + 1, strcspn (l + 1, "]"));
      char *sp = strchr (inner, ' ');
      g_free (type);
      g_free (name);
      type = sp ? g_strndup (inner, (gsize) (sp - inner)) : g_strdup (inner);
      name = g_strdup (sp ? sp + 1 : "");
    } else if (type && l[0] && l[0] != '#' && l[0] != ' ' && strchr (l, '=')) {
      g_autofree char *key = g_strndup (l, (gsize) (strchr (l, '=') - l));
      g_autofree char *id = g_strdup_printf ("%s|%s|%s", type, name, g_strstrip (key));
      const char *from = g_hash_table_lookup (p->provenance, id);
      if (from)
        g_string_append_printf (out, "# from %s\n", from);
    }
    g_string_append (out, l);
    if (lines[i + 1])
      g_string_append_c (out, '\n');
  }
  return g_string_free (out, FALSE);
}

static char *to_string (const PmarkPolicy *p);

char *
pmark_policy_to_string (const PmarkPolicy *p)
{
  return with_provenance (p, to_string (p));
}

static char *
to_string (const PmarkPolicy *p)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "# effective policy, from %s\n\n[policy]\n",
                          p->filename);
  kv (s, "name", p->name);
  kv (s, "title", p->title);
  kv (s, "version", p->version);
  kv (s, "scheme", p->scheme);
  kv (s, "namespace", p->ns);
  kv (s, "default-level",
      ((PmarkLevel *) g_ptr_array_index (p->levels, p->default_level))->name);
  kv (s, "audit-log", p->audit_log);
  kv (s, "seal-label", p->seal_label ? "true" : "false");
  g_string_append_printf (s, "over-marking-margin = %u\n", p->over_margin);
  kv (s, "not-inspected",
      p->not_inspected_level < 0
        ? "review"
        : ((PmarkLevel *) g_ptr_array_index (p->levels, p->not_inspected_level))->name);

  for (guint i = 0; i < p->levels->len; i++) {
    const PmarkLevel *l = g_ptr_array_index (p->levels, i);
    g_string_append_printf (s, "\n# level %u of %u\n[level %s]\n", i + 1,
                            p->levels->len, l->name);
    kv (s, "label", l->label);
    kv (s, "colour", l->colour);
    kv (s, "handling", l->handling);
    kv_list (s, "aliases", g_ptr_array_index (p->aliases, i));
    kv (s, "requires-descriptor", l->requires_descriptor ? "true" : "false");
    kv (s, "default-descriptor", l->default_descriptor);
    if (l->seal)
      kv (s, "seal", "true");
    kv (s, "seal-recipients", l->seal_recipients);
  }

  for (guint i = 0; i < p->descriptors->len; i++) {
    const PolicyDescriptor *d = g_ptr_array_index (p->descriptors, i);
    g_string_append_printf (s, "\n[descriptor %s]\n", d->name);
    kv (s, "description", d->description);
    g_autoptr (GPtrArray) al = g_ptr_array_new ();
    for (guint k = 0; k < p->marking_words->len; k++) {
      const MarkingWord *w = g_ptr_array_index (p->marking_words, k);
      if (w->level == -2 && !strcmp (g_ptr_array_index (w->descriptors, 0), d->name)
          && g_ascii_strcasecmp (w->words, d->name))
        g_ptr_array_add (al, w->words);
    }
    kv_list (s, "aliases", al);
  }

  for (int r = 0; r < RECOGNISER_COUNT; r++) {
    g_string_append_printf (s, "\n[recogniser %s]\n", recognise_name ((RecogniserId) r));
    recognise_config_show (p->recognise, (RecogniserId) r, s);
  }

  for (guint i = 0; i < p->matches->len; i++) {
    const PolicyMatch *m = g_ptr_array_index (p->matches, i);
    g_string_append_printf (s, "\n[match %s]\n", m->name);
    if (m->kind == MATCH_PEOPLE) {
      kv (s, "recogniser", "people");
      g_string_append (s, "cues = ");
      gboolean first = TRUE;
      for (guint c = 1; c < CUE_ALL; c <<= 1)
        if (m->cues & c) {
          g_string_append_printf (s, "%s%s", first ? "" : ", ", recognise_cue_name ((PersonCue) c));
          first = FALSE;
        }
      g_string_append_c (s, '\n');
      kv (s, "identifiers", m->identifiers);
      kv (s, "case-context", m->case_context);
      continue;
    }
    if (m->kind == MATCH_KEYWORDS)
      kv_list (s, "keywords", m->keywords);
    if (m->kind == MATCH_ANY_OF)
      kv_list (s, "any-of", m->any_of);
    if (m->kind == MATCH_REGEX) {
      kv (s, "regex", m->regex ? m->regex : m->validator->default_regex);
      kv (s, "validator", m->validator ? m->validator->name : NULL);
    }
    if (m->kind != MATCH_ANY_OF) {
      kv_list (s, "context", m->context);
      kv (s, "context-regex", m->context_regex);
      if (m->context->len || m->context_regex)
        g_string_append_printf (s, "context-window = %u\n", m->context_window);
      kv (s, "sensitive", m->sensitive ? "true" : "false");
    }
  }

  for (guint i = 0; i < p->rules->len; i++) {
    const PolicyRule *r = g_ptr_array_index (p->rules, i);
    g_string_append_printf (s, "\n[rule %s]\nwhen = ", r->name);
    for (guint t = 0; t < r->terms->len; t++) {
      const RuleTerm *term = &g_array_index (r->terms, RuleTerm, t);
      const PolicyMatch *m = g_ptr_array_index (p->matches, term->match);
      g_string_append_printf (s, "%s%s", t ? " and " : "", m->name);
      if (term->min_count != 1)
        g_string_append_printf (s, " >= %u", term->min_count);
    }
    g_string_append_c (s, '\n');
    kv (s, "level", ((PmarkLevel *) g_ptr_array_index (p->levels, r->level))->name);
    kv_list (s, "descriptor", r->descriptors);
    kv (s, "explain", r->explain);
  }

  for (guint i = 0; i < p->mappings->len; i++) {
    const PolicyMapping *map = g_ptr_array_index (p->mappings, i);
    g_string_append_printf (s, "\n[mapping %s]\n", map->name);
    for (guint k = 0; k < map->entries->len; k++) {
      const MarkingWord *w = g_ptr_array_index (map->entries, k);
      g_autofree char *t = target (p, w->level, w->descriptors);
      g_autofree char *shown = w->review ? g_strdup_printf ("%s (review)", t) : g_strdup (t);
      kv (s, w->words, shown);
    }
  }

  if (p->label_ids->len) {
    g_string_append (s, "\n[labels]\n");
    for (guint i = 0; i < p->label_ids->len; i++) {
      const LabelId *l = g_ptr_array_index (p->label_ids, i);
      g_autofree char *t = target (p, l->level, l->descriptors);
      kv (s, l->id, t);
    }
  }

  static const char *const subjects[] = { "prefix", "epms", "none" };
  static const char *const acts[] = { "upgrade", "hold", "reject" };
  g_string_append (s, "\n[mail]\n");
  kv (s, "epms-version", p->mail.epms_version);
  kv (s, "subject-marking", subjects[p->mail.subject]);
  kv_list (s, "secure-domains", p->mail.secure_domains);
  kv_list (s, "internal-domains", p->mail.internal_domains);
  kv (s, "secure-from",
      p->mail.secure_from < 0
        ? "none"
        : ((PmarkLevel *) g_ptr_array_index (p->levels, p->mail.secure_from))->name);
  kv (s, "insecure-recipient", acts[p->mail.insecure_recipient]);
  kv (s, "above-sender", acts[p->mail.above_sender]);
  kv (s, "below-thread", acts[p->mail.below_thread]);
  kv (s, "recipient-keys", p->mail.recipient_keys);
  kv (s, "sio-label", p->mail.sio_label ? "true" : "false");
  static const char *const shown[] = { "internal", "always", "never" };
  kv (s, "result-header", shown[p->mail.result_header]);

  for (guint i = 0; i < p->translations->len; i++) {
    const PolicyTranslation *tr = g_ptr_array_index (p->translations, i);
    g_string_append_printf (s, "\n[translate %s]\n", tr->scheme);
    kv_list (s, "domains", tr->domains);
    for (guint l = 0; l < tr->text->len; l++)
      if (g_ptr_array_index (tr->text, l))
        kv (s, ((PmarkLevel *) g_ptr_array_index (p->levels, l))->name,
            g_ptr_array_index (tr->text, l));
  }

  if (p->sign_trusted_file) {
    g_string_append (s, "\n[sign]\n");
    kv (s, "trusted", p->sign_trusted_file);
  }

  g_string_append (s, "\n[serve]\n");
  kv (s, "recipient-book", p->serve_recipient_book);
  g_string_append_printf (s, "max-files = %u\nkeep-minutes = %u\n", p->serve_max_files,
                          p->serve_keep_minutes);

  static const char *const aligns[] = { "centre", "left", "right" };
  g_string_append (s, "\n[stamp]\n");
  g_string_append_printf (s, "margin = %u\nfont-size = %u\n", p->stamp.margin,
                          p->stamp.font_size);
  kv (s, "bold", p->stamp.bold ? "true" : "false");
  kv (s, "align", aligns[p->stamp.align]);
  kv (s, "shrink", p->stamp.shrink ? "true" : "false");

  g_string_append (s, "\n[ocr]\n");
  kv (s, "mode", pmark_ocr_mode_to_string (p->ocr.mode));
  kv (s, "languages", p->ocr.languages);
  g_string_append_printf (s, "dpi = %u\npage-seconds = %u\nmax-pages = %u\n"
                             "min-confidence = %u\n",
                          p->ocr.dpi, p->ocr.page_seconds, p->ocr.max_pages,
                          p->ocr.min_confidence);
  kv (s, "correct-identifiers", p->ocr.no_correction ? "false" : "true");
  kv (s, "embedded", pmark_ocr_mode_to_string (p->ocr.embedded));
  g_string_append_printf (s, "embedded-min-pixels = %u\n", p->ocr.embedded_min_pixels);
  kv (s, "tolerant-terms", p->ocr.no_tolerance ? "false" : "true");
  policy_budget_show (p, s);
  return g_string_free (s, FALSE);
}
