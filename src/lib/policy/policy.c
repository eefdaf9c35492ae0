/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Loading and validating policy files. A policy is data (see
 * pmark.policy(5)); every error names the file, the line and the section
 * it is about. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <pmark/sign.h>

#include "ini.h"
#include "policy-private.h"
#include "settings.h"

#define DEFAULT_CONTEXT_WINDOW 60

/* ---- errors ----------------------------------------------------------- */

G_GNUC_PRINTF (5, 6)
static void
policy_error (GError **error, const char *file, guint line,
              const IniSection *s, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  /* a merged policy: the file that line was written in */
  if (s) {
    file = s->line == line && s->file ? s->file : file;
    for (guint i = 0; i < s->entries->len; i++) {
      const IniEntry *e = g_ptr_array_index (s->entries, i);
      if (e->line == line && e->file)
        file = e->file;
    }
  }
  if (s)
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY, "%s:%u: [%s%s%s]: %s",
                 file, line, s->type, s->name ? " " : "",
                 s->name ? s->name : "", msg);
  else if (line)
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY, "%s:%u: %s", file,
                 line, msg);
  else
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY, "%s: %s", file, msg);
}

/* ---- freeing ---------------------------------------------------------- */

static void
level_free (gpointer p)
{
  PmarkLevel *l = p;
  g_free (l->name);
  g_free (l->label);
  g_free (l->colour);
  g_free (l->handling);
  g_free (l->default_descriptor);
  g_free (l->seal_recipients);
  g_free (l);
}

static void
descriptor_free (gpointer p)
{
  PolicyDescriptor *d = p;
  g_free (d->name);
  g_free (d->description);
  g_free (d);
}

static void
rule_free (gpointer p)
{
  PolicyRule *r = p;
  g_free (r->name);
  g_free (r->when);
  g_free (r->explain);
  g_array_unref (r->terms);
  g_ptr_array_unref (r->descriptors);
  g_free (r);
}

static void
marking_word_free (gpointer p)
{
  MarkingWord *w = p;
  g_free (w->words);
  g_free (w->source);
  g_ptr_array_unref (w->descriptors);
  g_free (w);
}

static void
mapping_free (gpointer p)
{
  PolicyMapping *m = p;
  g_free (m->name);
  g_ptr_array_unref (m->entries);
  g_free (m);
}

static void
translation_free (gpointer p)
{
  PolicyTranslation *t = p;
  g_free (t->scheme);
  g_ptr_array_unref (t->domains);
  g_ptr_array_unref (t->text);
  g_free (t);
}

static void
label_free (gpointer p)
{
  LabelId *l = p;
  g_free (l->id);
  g_ptr_array_unref (l->descriptors);
  g_free (l);
}

static PmarkPolicy *
policy_new (const char *filename)
{
  PmarkPolicy *p = g_new0 (PmarkPolicy, 1);
  p->ref = 1;
  p->filename = g_strdup (filename);
  p->levels = g_ptr_array_new_with_free_func (level_free);
  p->aliases = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  p->descriptors = g_ptr_array_new_with_free_func (descriptor_free);
  p->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) policy_match_free);
  p->rules = g_ptr_array_new_with_free_func (rule_free);
  p->marking_words = g_ptr_array_new_with_free_func (marking_word_free);
  p->mappings = g_ptr_array_new_with_free_func (mapping_free);
  p->translations = g_ptr_array_new_with_free_func (translation_free);
  p->label_ids = g_ptr_array_new_with_free_func (label_free);
  p->provenance = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p->mail.epms_version = g_strdup ("2018.4");
  p->mail.secure_domains = g_ptr_array_new_with_free_func (g_free);
  static const char *const secure[] = { "nhs.net", "gcsx.gov.uk",
                                        "gsi.gov.uk", "gsx.gov.uk",
                                        "pnn.police.uk", "cjsm.net" };
  for (gsize i = 0; i < G_N_ELEMENTS (secure); i++)
    g_ptr_array_add (p->mail.secure_domains, g_strdup (secure[i]));
  p->mail.internal_domains = g_ptr_array_new_with_free_func (g_free);
  p->mail.secure_from = -1;
  p->mail.insecure_recipient = MAIL_ACT_REJECT;
  p->mail.above_sender = MAIL_ACT_UPGRADE;
  p->mail.below_thread = MAIL_ACT_REJECT;
  p->stamp = (PolicyStamp) { .margin = 14, .font_size = 10, .bold = TRUE,
                            .align = STAMP_ALIGN_CENTRE, .shrink = TRUE };
  pmark_ocr_options_init (&p->ocr);
  pmark_budget_init (&p->budget);
  p->serve_max_files = 20;
  p->serve_keep_minutes = 30;
  p->recognise = recognise_config_new ();
  return p;
}

PmarkPolicy *
pmark_policy_ref (PmarkPolicy *policy)
{
  g_atomic_int_inc (&policy->ref);
  return policy;
}

void
pmark_policy_unref (PmarkPolicy *policy)
{
  if (!policy || !g_atomic_int_dec_and_test (&policy->ref))
    return;
  g_free (policy->filename);
  g_hash_table_unref (policy->provenance);
  g_free (policy->name);
  g_free (policy->title);
  g_free (policy->scheme);
  g_free (policy->ns);
  g_ptr_array_unref (policy->levels);
  g_ptr_array_unref (policy->aliases);
  g_ptr_array_unref (policy->descriptors);
  g_ptr_array_unref (policy->matches);
  g_ptr_array_unref (policy->rules);
  g_ptr_array_unref (policy->mappings);
  g_ptr_array_unref (policy->translations);
  g_free (policy->sign_trusted_file);
  g_free (policy->serve_recipient_book);
  g_free (policy->version);
  g_free (policy->fingerprint);
  if (policy->sign_trusted)
    g_hash_table_unref (policy->sign_trusted);
  g_ptr_array_unref (policy->marking_words);
  g_ptr_array_unref (policy->label_ids);
  g_free (policy->audit_log);
  g_free (policy->ocr_languages);
  g_free (policy->mail.epms_version);
  g_free (policy->mail.recipient_keys);
  g_ptr_array_unref (policy->mail.secure_domains);
  g_ptr_array_unref (policy->mail.internal_domains);
  recognise_config_free (policy->recognise);
  g_free (policy);
}

/* ---- small parsers ---------------------------------------------------- */

static GPtrArray *
split_list (const char *value)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) items = g_strsplit (value, ",", -1);
  for (char **it = items; *it; it++) {
    char *s = g_strstrip (*it);
    if (*s)
      g_ptr_array_add (out, g_strdup (s));
  }
  return out;
}

static gboolean
parse_bool (const char *v, gboolean *out)
{
  if (!g_ascii_strcasecmp (v, "true") || !g_ascii_strcasecmp (v, "yes"))
    return *out = TRUE, TRUE;
  if (!g_ascii_strcasecmp (v, "false") || !g_ascii_strcasecmp (v, "no"))
    return *out = FALSE, TRUE;
  return FALSE;
}

static gboolean
parse_uint (const char *v, guint max, guint *out)
{
  guint64 n;
  if (!g_ascii_string_to_unsigned (v, 10, 1, max, &n, NULL))
    return FALSE;
  *out = (guint) n;
  return TRUE;
}

static gboolean
valid_colour (const char *v)
{
  if (strlen (v) != 7 || v[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (v[i]))
      return FALSE;
  return TRUE;
}

static gboolean
valid_name (const char *v)
{
  if (!*v)
    return FALSE;
  for (const char *p = v; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
normalise_guid (const char *v)
{
  g_autofree char *s = g_ascii_strdown (v, -1);
  char *p = s;
  gsize n = strlen (p);
  if (n == 38 && p[0] == '{' && p[37] == '}')
    p[37] = '\0', p++;
  if (strlen (p) != 36)
    return NULL;
  for (int i = 0; i < 36; i++) {
    gboolean dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? p[i] != '-' : !g_ascii_isxdigit (p[i]))
      return NULL;
  }
  return g_strdup (p);
}

/* ---- marking words ---------------------------------------------------- */

static gboolean
is_dash (gunichar c)
{
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

/* Canonical form for comparing markings: dashes made '-', runs of space
 * made one, no space around '-', ':' or '/', enclosing brackets and
 * asterisks dropped. */
char *
policy_normalise_marking (const char *text, gboolean fold_case)
{
  /* walked by lead bytes: past the end on a cut sequence, unless valid */
  g_autofree char *valid = g_utf8_validate (text, -1, NULL) ? NULL
                                                              : g_utf8_make_valid (text, -1);
  if (valid)
    text = valid;
  g_autofree char *folded = fold_case ? g_utf8_strup (text, -1) : NULL;
  const char *s = folded ? folded : text;
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (; *s; s = g_utf8_next_char (s)) {
    gunichar c = g_utf8_get_char (s);
    if (g_unichar_isspace (c)) {
      pending_space = out->len > 0;
      continue;
    }
    if (is_dash (c))
      c = '-';
    gboolean tight = c == '-' || c == ':' || c == '/';
    gboolean after_tight = out->len
      && strchr ("-:/", out->str[out->len - 1]) != NULL;
    if (pending_space && !tight && !after_tight)
      g_string_append_c (out, ' ');
    pending_space = FALSE;
    g_string_append_unichar (out, c);
  }
  /* strip enclosing decoration: [RESTRICTED], **PROTECT**, (CONFIDENTIAL) */
  gsize a = 0, b = out->len;
  while (a < b && strchr ("[](){}*_=", out->str[a]))
    a++;
  while (b > a && strchr ("[](){}*_=.", out->str[b - 1]))
    b--;
  char *result = g_strndup (out->str + a, b - a);
  g_string_free (out, TRUE);
  g_strstrip (result);
  return result;
}

static gboolean
boundary_after (const char *s, gsize n)
{
  unsigned char c = (unsigned char) s[n];
  return c == '\0' || !(g_ascii_isalnum (c) || c >= 0x80);
}

const PolicyDescriptor *
policy_find_descriptor (const PmarkPolicy *policy, const char *name)
{
  for (guint i = 0; i < policy->descriptors->len; i++) {
    const PolicyDescriptor *d = g_ptr_array_index (policy->descriptors, i);
    if (g_ascii_strcasecmp (d->name, name) == 0)
      return d;
  }
  return NULL;
}

/* Descriptor words recognised after a level: each descriptor's own name
 * and its aliases (kept in marking_words with level -2), longest first. */
static const char *
match_descriptor (const PmarkPolicy *policy, const char *s, gsize *used)
{
  const char *best = NULL;
  gsize best_len = 0;
  for (guint i = 0; i < policy->marking_words->len; i++) {
    const MarkingWord *w = g_ptr_array_index (policy->marking_words, i);
    if (w->level != -2)
      continue;
    gsize n = strlen (w->words);
    if (n > best_len && strncmp (s, w->words, n) == 0
        && boundary_after (s, n)) {
      best = g_ptr_array_index (w->descriptors, 0);
      best_len = n;
    }
  }
  *used = best_len;
  return best;
}

int
policy_recognise_marking (const PmarkPolicy *policy, const char *text,
                          gboolean fold_case, GPtrArray *descriptors)
{
  return policy_recognise_marking_from (policy, text, fold_case, descriptors, NULL);
}

/* The marking word `text` is read as (a level's, an alias's or a
 * mapping's), with the descriptors that follow it; NULL for none */
static const MarkingWord *
match_marking_word (const PmarkPolicy *policy, const char *text, gboolean fold_case,
                    GPtrArray *descriptors)
{
  g_autofree char *norm = policy_normalise_marking (text, fold_case);
  if (!*norm)
    return NULL;

  for (guint i = 0; i < policy->marking_words->len; i++) {
    const MarkingWord *w = g_ptr_array_index (policy->marking_words, i);
    if (w->level < 0)
      continue;
    gsize n = strlen (w->words);
    if (strncmp (norm, w->words, n) != 0 || !boundary_after (norm, n))
      continue;

    /* What follows the level must be descriptors and nothing else:
     * "SECRET SANTA" is not a marking. */
    g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
    for (guint k = 0; k < w->descriptors->len; k++)
      g_ptr_array_add (found, g_strdup (g_ptr_array_index (w->descriptors, k)));
    const char *p = norm + n;
    gboolean ok = TRUE;
    for (;;) {
      while (*p && strchr (" -:/,|", *p))
        p++;
      if (!*p)
        break;
      gsize used;
      const char *d = match_descriptor (policy, p, &used);
      if (!d) {
        ok = FALSE;
        break;
      }
      if (!g_ptr_array_find_with_equal_func (found, d, g_str_equal, NULL))
        g_ptr_array_add (found, g_strdup (d));
      p += used;
    }
    if (!ok)
      continue;
    if (descriptors)
      for (guint k = 0; k < found->len; k++)
        g_ptr_array_add (descriptors, g_strdup (g_ptr_array_index (found, k)));
    return w;
  }
  return NULL;
}

int
policy_recognise_marking_from (const PmarkPolicy *policy, const char *text,
                               gboolean fold_case, GPtrArray *descriptors,
                               const char **source)
{
  const MarkingWord *w = match_marking_word (policy, text, fold_case, descriptors);
  if (w && source)
    *source = w->source;
  return w ? w->level : -1;
}

gboolean
policy_marking_for_review (const PmarkPolicy *policy, const char *text, gboolean fold_case)
{
  const MarkingWord *w = match_marking_word (policy, text, fold_case, NULL);
  return w && w->review;
}

int
policy_recognise_label (const PmarkPolicy *policy, const char *id,
                        GPtrArray *descriptors)
{
  g_autofree char *norm = normalise_guid (id);
  if (!norm)
    return -1;
  for (guint i = 0; i < policy->label_ids->len; i++) {
    const LabelId *l = g_ptr_array_index (policy->label_ids, i);
    if (strcmp (l->id, norm) == 0) {
      if (descriptors)
        for (guint k = 0; k < l->descriptors->len; k++)
          g_ptr_array_add (descriptors,
                           g_strdup (g_ptr_array_index (l->descriptors, k)));
      return l->level;
    }
  }
  return -1;
}

const char *
policy_level_name (const PmarkPolicy *policy, int level)
{
  return level >= 0 && (guint) level < policy->levels->len
    ? ((const PmarkLevel *) g_ptr_array_index (policy->levels, level))->name
    : NULL;
}

int
pmark_policy_find_level (const PmarkPolicy *policy, const char *name)
{
  g_autofree char *norm = policy_normalise_marking (name, TRUE);
  for (guint i = 0; i < policy->levels->len; i++) {
    const PmarkLevel *l = g_ptr_array_index (policy->levels, i);
    g_autofree char *ln = policy_normalise_marking (l->name, TRUE);
    if (strcmp (ln, norm) == 0)
      return (int) i;
    GPtrArray *al = g_ptr_array_index (policy->aliases, i);
    for (guint k = 0; k < al->len; k++) {
      g_autofree char *an = policy_normalise_marking (g_ptr_array_index (al, k), TRUE);
      if (strcmp (an, norm) == 0)
        return (int) i;
    }
  }
  return -1;
}

/* "NAME, NAME and NAME" of the levels, or of the descriptors */
static char *
names_of (const PmarkPolicy *policy, gboolean descriptors)
{
  GString *s = g_string_new (NULL);
  GPtrArray *items = descriptors ? policy->descriptors : policy->levels;
  for (guint i = 0; i < items->len; i++) {
    const char *name = descriptors ? ((PolicyDescriptor *) g_ptr_array_index (items, i))->name
                                   : ((PmarkLevel *) g_ptr_array_index (items, i))->name;
    if (i)
      g_string_append (s, i + 1 == items->len ? " and " : ", ");
    g_string_append (s, name);
  }
  return g_string_free (s, FALSE);
}

char *
pmark_policy_marking_text (const PmarkPolicy *policy, int level, GPtrArray *descriptors)
{
  const PmarkLevel *l = g_ptr_array_index (policy->levels, level);
  return policy_marking_text_named (l->name, descriptors);
}

char *
policy_marking_text_named (const char *name, GPtrArray *descriptors)
{
  GString *s = g_string_new (name);
  for (guint i = 0; descriptors && i < descriptors->len; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : " - ",
                            (char *) g_ptr_array_index (descriptors, i));
  char *up = g_utf8_strup (s->str, -1);
  g_string_free (s, TRUE);
  return up;
}

gboolean
pmark_policy_parse_level (const PmarkPolicy *policy, const char *spec, int *level,
                          GPtrArray *descriptors, const char **mapped_from,
                          GError **error)
{
  if (mapped_from)
    *mapped_from = NULL;
  g_autofree char *levels = names_of (policy, FALSE);
  g_autofree char *descs = names_of (policy, TRUE);
  g_auto (GStrv) parts = g_strsplit (spec, ":", 2);
  *level = pmark_policy_find_level (policy, g_strstrip (parts[0]));
  if (*level >= 0) {
    g_auto (GStrv) names = g_strsplit (parts[1] ? parts[1] : "", ",", -1);
    for (guint i = 0; names[i]; i++) {
      if (!*g_strstrip (names[i]))
        continue;
      const PolicyDescriptor *d = policy_find_descriptor (policy, names[i]);
      if (!d) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
                     "'%s' is not a descriptor of policy %s (its descriptors: %s)",
                     names[i], policy->name, *descs ? descs : "none");
        return FALSE;
      }
      if (descriptors && !g_ptr_array_find_with_equal_func (descriptors, d->name,
                                                             g_str_equal, NULL))
        g_ptr_array_add (descriptors, g_strdup (d->name));
    }
    return TRUE;
  }
  /* a marking as pmark prints it ("RESTRICTED - PERSONAL"), or one of
   * another scheme this policy maps ("OFFICIAL-SENSITIVE") */
  const char *source = NULL;
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  *level = policy_recognise_marking_from (policy, spec, TRUE, found, &source);
  if (*level >= 0) {
    for (guint i = 0; descriptors && i < found->len; i++)
      g_ptr_array_add (descriptors, g_strdup (g_ptr_array_index (found, i)));
    if (mapped_from && source && strcmp (source, "level") && strcmp (source, "alias"))
      *mapped_from = source;
    return TRUE;
  }
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_INVALID_ARGUMENT,
               "'%s' is not a level of policy %s (its levels: %s; descriptors, "
               "as LEVEL:DESCRIPTOR or as printed, 'LEVEL - DESCRIPTOR': %s)",
               spec, policy->name, levels, *descs ? descs : "none");
  return FALSE;
}

/* "LEVEL" or "LEVEL:DESCRIPTOR[,DESCRIPTOR]" */
static gboolean
parse_target (PmarkPolicy *p, const char *value, int *level,
              GPtrArray **descriptors, const IniSection *s, guint line,
              GError **error)
{
  g_autofree char *lv = NULL;
  const char *colon = strchr (value, ':');
  lv = colon ? g_strndup (value, (gsize) (colon - value)) : g_strdup (value);
  g_strstrip (lv);
  *level = pmark_policy_find_level (p, lv);
  if (*level < 0) {
    policy_error (error, p->filename, line, s, "unknown level '%s'", lv);
    return FALSE;
  }
  *descriptors = colon ? split_list (colon + 1)
                       : g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < (*descriptors)->len; i++) {
    const char *d = g_ptr_array_index (*descriptors, i);
    const PolicyDescriptor *pd = policy_find_descriptor (p, d);
    if (!pd) {
      policy_error (error, p->filename, line, s, "unknown descriptor '%s'", d);
      g_clear_pointer (descriptors, g_ptr_array_unref);
      return FALSE;
    }
    g_free ((*descriptors)->pdata[i]);
    (*descriptors)->pdata[i] = g_strdup (pd->name);
  }
  return TRUE;
}

static void
add_marking_word (PmarkPolicy *p, const char *words, const char *source,
                  int level, GPtrArray *descriptors)
{
  MarkingWord *w = g_new0 (MarkingWord, 1);
  w->words = policy_normalise_marking (words, TRUE);
  w->source = g_strdup (source);
  w->level = level;
  w->descriptors = descriptors ? g_ptr_array_ref (descriptors)
                               : g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (p->marking_words, w);
}

static gint
longest_first (gconstpointer a, gconstpointer b)
{
  const MarkingWord *x = *(MarkingWord *const *) a;
  const MarkingWord *y = *(MarkingWord *const *) b;
  gsize nx = strlen (x->words), ny = strlen (y->words);
  return nx < ny ? 1 : nx > ny ? -1 : 0;
}

/* ---- sections --------------------------------------------------------- */

static gboolean
check_keys (PmarkPolicy *p, const IniSection *s, const char *const *allowed,
            GError **error)
{
  for (guint i = 0; i < s->entries->len; i++) {
    const IniEntry *e = g_ptr_array_index (s->entries, i);
    if (!g_strv_contains (allowed, e->key)) {
      g_autofree char *list = g_strjoinv (", ", (char **) allowed);
      policy_error (error, p->filename, e->line, s,
                    "unknown key '%s' (expected one of: %s)", e->key, list);
      return FALSE;
    }
  }
  return TRUE;
}

static const IniEntry *
require_key (PmarkPolicy *p, const IniSection *s, const char *key,
             GError **error)
{
  const IniEntry *e = ini_section_lookup (s, key);
  if (!e)
    policy_error (error, p->filename, s->line, s, "missing required key '%s'",
                  key);
  else if (!*e->value) {
    policy_error (error, p->filename, e->line, s, "'%s' is empty", key);
    return NULL;
  }
  return e;
}

static gboolean
parse_policy_section (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "name", "title", "version", "scheme", "namespace",
                                      "include", "default-level", "not-inspected",
                                      "audit-log", "seal-label", "over-marking-margin",
                                      NULL };
  if (!check_keys (p, s, keys, error))
    return FALSE;
  const IniEntry *e = require_key (p, s, "name", error);
  if (!e)
    return FALSE;
  if (!valid_name (e->value)) {
    policy_error (error, p->filename, e->line, s,
                  "name '%s' may contain only letters, digits, '-' and '_'",
                  e->value);
    return FALSE;
  }
  p->name = g_strdup (e->value);
  if ((e = ini_section_lookup (s, "title")))
    p->title = g_strdup (e->value);
  if ((e = ini_section_lookup (s, "version")))
    p->version = g_strdup (e->value);
  if ((e = ini_section_lookup (s, "scheme")))
    p->scheme = g_strdup (e->value);
  if ((e = ini_section_lookup (s, "namespace")))
    p->ns = g_strdup (e->value);
  if ((e = ini_section_lookup (s, "audit-log")))
    p->audit_log = g_strdup (e->value);
  p->seal_label = TRUE;
  if ((e = ini_section_lookup (s, "seal-label")) && !parse_bool (e->value, &p->seal_label)) {
    policy_error (error, p->filename, e->line, s,
                  "seal-label must be true or false, not '%s'", e->value);
    return FALSE;
  }
  p->over_margin = 1;
  guint64 margin;
  if ((e = ini_section_lookup (s, "over-marking-margin"))) {
    if (!g_ascii_string_to_unsigned (e->value, 10, 0, 16, &margin, NULL)) {
      policy_error (error, p->filename, e->line, s,
                    "over-marking-margin is a number of levels from 0 (never report) "
                    "to 16, not '%s'", e->value);
      return FALSE;
    }
    p->over_margin = (guint) margin;
  }
  return TRUE;
}

static gboolean
parse_act (PmarkPolicy *p, const IniSection *s, const char *key,
           const char *const *allowed, MailAct *out, GError **error)
{
  static const char *const names[] = { "upgrade", "hold", "reject" };
  const IniEntry *e = ini_section_lookup (s, key);
  if (!e)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (!g_ascii_strcasecmp (e->value, names[i])
        && g_strv_contains (allowed, names[i])) {
      *out = (MailAct) i;
      return TRUE;
    }
  g_autofree char *list = g_strjoinv (", ", (char **) allowed);
  policy_error (error, p->filename, e->line, s, "%s is one of %s, not '%s'",
                key, list, e->value);
  return FALSE;
}

/* [mail]: the gateway's settings (pmark.policy(5)); runs after levels. */
/* Whole-number keys of a section into the fields of `base`; the first
 * one out of range is the error ("KEY is a whole number[ of UNIT] from
 * MIN to MAX"). */
typedef struct {
  const char *key;
  guint min, max;
  gsize offset;
} NumberKey;

static gboolean
parse_numbers (PmarkPolicy *p, const IniSection *s, const NumberKey *keys, gsize n,
               const char *unit, gpointer base, GError **error)
{
  for (gsize i = 0; i < n; i++) {
    const IniEntry *e = ini_section_lookup (s, keys[i].key);
    guint64 v;
    if (!e)
      continue;
    if (!g_ascii_string_to_unsigned (e->value, 10, keys[i].min, keys[i].max, &v, NULL)) {
      policy_error (error, p->filename, e->line, s,
                    "%s is a whole number%s%s from %u to %u, not '%s'", keys[i].key,
                    unit ? " of " : "", unit ? unit : "", keys[i].min, keys[i].max, e->value);
      return FALSE;
    }
    G_STRUCT_MEMBER (guint, base, keys[i].offset) = (guint) v;
  }
  return TRUE;
}

/* A file a key names, relative to the file that says it (an included
 * or local policy file, or this one). */
static char *
policy_named_path (const PmarkPolicy *p, const IniEntry *e)
{
  if (g_path_is_absolute (e->value))
    return g_strdup (e->value);
  g_autofree char *dir = g_path_get_dirname (e->file ? e->file : p->filename);
  return g_build_filename (dir, e->value, NULL);
}

/* [sign]: whose signed markings classify and audit trust. */
static gboolean
parse_sign (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "trusted", NULL };
  if (!check_keys (p, s, keys, error))
    return FALSE;
  const IniEntry *e = ini_section_lookup (s, "trusted");
  if (!e)
    return TRUE;
  g_free (p->sign_trusted_file);
  p->sign_trusted_file = policy_named_path (p, e);
  if (p->sign_trusted)
    g_hash_table_unref (p->sign_trusted);
  p->sign_trusted = pmark_trusted_keys_new ();
  GError *local = NULL;
  if (!pmark_trusted_keys_load (p->sign_trusted_file, p->sign_trusted, &local)) {
    policy_error (error, p->filename, e->line, s, "trusted: %s", local->message);
    g_error_free (local);
    return FALSE;
  }
  return TRUE;
}

GHashTable *
pmark_policy_trusted_keys (const PmarkPolicy *policy)
{
  return policy->sign_trusted;
}

/* [serve]: the officer's page (pmark-serve(1)). */
static gboolean
parse_serve (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "recipient-book", "max-files", "keep-minutes", NULL };
  if (!check_keys (p, s, keys, error))
    return FALSE;
  const IniEntry *e = ini_section_lookup (s, "recipient-book");
  if (e) {
    g_free (p->serve_recipient_book);
    p->serve_recipient_book = policy_named_path (p, e);
    GError *local = NULL;
    g_autoptr (GPtrArray) book = pmark_recipient_book_load (p->serve_recipient_book, &local);
    if (!book) {
      policy_error (error, p->filename, e->line, s, "recipient-book: %s", local->message);
      g_error_free (local);
      return FALSE;
    }
  }
  static const NumberKey numbers[] = {
    { "max-files", 1, 1000, G_STRUCT_OFFSET (PmarkPolicy, serve_max_files) },
    { "keep-minutes", 1, 24 * 60, G_STRUCT_OFFSET (PmarkPolicy, serve_keep_minutes) },
  };
  if (!parse_numbers (p, s, numbers, G_N_ELEMENTS (numbers), NULL, p, error))
    return FALSE;
  return TRUE;
}

void
pmark_policy_serve_settings (const PmarkPolicy *policy, PmarkServeSettings *out)
{
  out->recipient_book = policy->serve_recipient_book;
  out->max_files = policy->serve_max_files;
  out->keep_minutes = policy->serve_keep_minutes;
}

guint
pmark_policy_get_n_descriptors (const PmarkPolicy *policy)
{
  return policy->descriptors->len;
}

const char *
pmark_policy_get_descriptor (const PmarkPolicy *policy, guint index,
                             const char **description)
{
  if (index >= policy->descriptors->len)
    return NULL;
  const PolicyDescriptor *d = g_ptr_array_index (policy->descriptors, index);
  if (description)
    *description = d->description;
  return d->name;
}

/* "a.gov.uk, .b.org, @c.net" -> lower-case domains, replacing `out`'s */
static void
parse_domains (const char *value, GPtrArray *out)
{
  g_ptr_array_set_size (out, 0);
  g_autoptr (GPtrArray) list = split_list (value);
  for (guint i = 0; i < list->len; i++) {
    const char *d = g_ptr_array_index (list, i);
    while (*d == '.' || *d == '@')
      d++;
    g_ptr_array_add (out, g_ascii_strdown (d, -1));
  }
}

gboolean
policy_domain_in (const char *address, GPtrArray *domains)
{
  const char *at = strrchr (address, '@');
  if (!at)
    return FALSE;
  g_autofree char *domain = g_ascii_strdown (at + 1, -1);
  gsize n = strlen (domain);
  while (n && domain[n - 1] == '.') /* "nhs.net." */
    domain[--n] = '\0';
  for (guint i = 0; i < domains->len; i++) {
    const char *d = g_ptr_array_index (domains, i);
    gsize m = strlen (d);
    if (!strcmp (domain, d)
        || (n > m && domain[n - m - 1] == '.' && !strcmp (domain + n - m, d)))
      return TRUE;
  }
  return FALSE;
}

const PolicyTranslation *
policy_translation_for (const PmarkPolicy *policy, GPtrArray *addresses, gboolean *some)
{
  if (some)
    *some = FALSE;
  for (guint t = 0; addresses->len && t < policy->translations->len; t++) {
    const PolicyTranslation *tr = g_ptr_array_index (policy->translations, t);
    guint in = 0;
    for (guint i = 0; i < addresses->len; i++)
      in += policy_domain_in (g_ptr_array_index (addresses, i), tr->domains);
    if (in == addresses->len)
      return tr;
    if (in && some)
      *some = TRUE;
  }
  return NULL;
}

/* [translate SCHEME]: "domains = ..." and "LEVEL = THEIR MARKING" lines.
 * Checked against [mapping SCHEME], which says how their markings read
 * here: a translation must read back at its level or above, never
 * lower. */
static gboolean
parse_translate (PmarkPolicy *p, const IniSection *s, GError **error)
{
  if (!s->name) {
    policy_error (error, p->filename, s->line, s,
                  "a translation needs the name of the partner's scheme: "
                  "[translate NAME], as its [mapping NAME]");
    return FALSE;
  }
  const PolicyMapping *map = NULL;
  for (guint i = 0; i < p->mappings->len; i++) {
    const PolicyMapping *m = g_ptr_array_index (p->mappings, i);
    if (!strcmp (m->name, s->name))
      map = m;
  }
  if (!map) {
    policy_error (error, p->filename, s->line, s,
                  "[translate %s] needs [mapping %s]: how the partner's markings read "
                  "under this policy, by which pmark checks the translation never "
                  "lowers a marking", s->name, s->name);
    return FALSE;
  }
  PolicyTranslation *tr = g_new0 (PolicyTranslation, 1);
  tr->scheme = g_strdup (s->name);
  tr->domains = g_ptr_array_new_with_free_func (g_free);
  tr->text = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (tr->text, (gint) p->levels->len);
  g_ptr_array_add (p->translations, tr);
  for (guint i = 0; i < s->entries->len; i++) {
    const IniEntry *e = g_ptr_array_index (s->entries, i);
    if (!strcmp (e->key, "domains")) {
      parse_domains (e->value, tr->domains);
      continue;
    }
    int level = pmark_policy_find_level (p, e->key);
    if (level < 0) {
      policy_error (error, p->filename, e->line, s,
                    "'%s' is not a level of this policy (a translation maps this "
                    "policy's levels to the partner's markings, or sets 'domains')",
                    e->key);
      return FALSE;
    }
    const char *source = NULL;
    int back = policy_recognise_marking_from (p, e->value, TRUE, NULL, &source);
    if (back < 0 || g_strcmp0 (source, s->name)) {
      policy_error (error, p->filename, e->line, s,
                    "'%s' is not a marking [mapping %s] reads: a translation must be "
                    "one the partner's scheme has", e->value, s->name);
      return FALSE;
    }
    if (back < level) {
      const PmarkLevel *l = g_ptr_array_index (p->levels, level),
                       *b = g_ptr_array_index (p->levels, back);
      policy_error (error, p->filename, e->line, s,
                    "%s = %s would lower the marking: [mapping %s] reads %s as %s",
                    l->name, e->value, s->name, e->value, b->name);
      return FALSE;
    }
    g_free (g_ptr_array_index (tr->text, level));
    g_ptr_array_index (tr->text, level) = g_utf8_strup (e->value, -1);
  }
  if (!tr->domains->len) {
    policy_error (error, p->filename, s->line, s,
                  "[translate %s] needs 'domains': the partners' mail domains",
                  s->name);
    return FALSE;
  }
  return TRUE;
}

static gboolean
parse_mail (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "epms-version", "subject-marking",
                                      "secure-domains", "internal-domains", "secure-from",
                                      "insecure-recipient", "above-sender",
                                      "below-thread", "recipient-keys", "sio-label", "result-header",
                                      NULL };
  if (!check_keys (p, s, keys, error))
    return FALSE;
  const IniEntry *e;
  if ((e = ini_section_lookup (s, "epms-version"))) {
    g_free (p->mail.epms_version);
    p->mail.epms_version = g_strdup (e->value);
  }
  if ((e = ini_section_lookup (s, "subject-marking"))) {
    if (!g_ascii_strcasecmp (e->value, "prefix"))
      p->mail.subject = MAIL_SUBJECT_PREFIX;
    else if (!g_ascii_strcasecmp (e->value, "epms"))
      p->mail.subject = MAIL_SUBJECT_EPMS;
    else if (!g_ascii_strcasecmp (e->value, "none"))
      p->mail.subject = MAIL_SUBJECT_NONE;
    else {
      policy_error (error, p->filename, e->line, s,
                    "subject-marking is prefix, epms or none, not '%s'",
                    e->value);
      return FALSE;
    }
  }
  if ((e = ini_section_lookup (s, "secure-domains")))
    parse_domains (e->value, p->mail.secure_domains);
  if ((e = ini_section_lookup (s, "internal-domains")))
    parse_domains (e->value, p->mail.internal_domains);
  if ((e = ini_section_lookup (s, "secure-from"))
      && g_ascii_strcasecmp (e->value, "none")
      && (p->mail.secure_from = pmark_policy_find_level (p, e->value)) < 0) {
    policy_error (error, p->filename, e->line, s,
                  "secure-from is a level or 'none'; unknown level '%s'",
                  e->value);
    return FALSE;
  }
  if ((e = ini_section_lookup (s, "recipient-keys"))) {
    /* relative to the policy file */
    g_autofree char *dir = g_path_get_dirname (p->filename);
    p->mail.recipient_keys = g_path_is_absolute (e->value)
      ? g_strdup (e->value) : g_build_filename (dir, e->value, NULL);
  }
  if ((e = ini_section_lookup (s, "sio-label")) && !parse_bool (e->value, &p->mail.sio_label)) {
    policy_error (error, p->filename, e->line, s, "sio-label must be true or false, not '%s'",
                  e->value);
    return FALSE;
  }
  if ((e = ini_section_lookup (s, "result-header"))) {
    static const char *const shown[] = { "internal", "always", "never", NULL };
    int k = 0;
    while (shown[k] && g_ascii_strcasecmp (e->value, shown[k]))
      k++;
    if (!shown[k]) {
      policy_error (error, p->filename, e->line, s,
                    "result-header is internal, always or never, not '%s'", e->value);
      return FALSE;
    }
    p->mail.result_header = (MailResultHeader) k;
  }
  static const char *const hold_reject[] = { "hold", "reject", NULL };
  static const char *const all[] = { "upgrade", "hold", "reject", NULL };
  return parse_act (p, s, "insecure-recipient", hold_reject,
                    &p->mail.insecure_recipient, error)
         && parse_act (p, s, "above-sender", all, &p->mail.above_sender, error)
         && parse_act (p, s, "below-thread", hold_reject,
                       &p->mail.below_thread, error);
}

/* [stamp]: the visible marking's look (pmark.policy(5)). */
static gboolean
parse_stamp (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "margin", "font-size", "bold", "align",
                                      "shrink", NULL };
  if (!check_keys (p, s, keys, error))
    return FALSE;
  const IniEntry *e;
  static const NumberKey numbers[] = {
    { "margin", 0, 72, G_STRUCT_OFFSET (PolicyStamp, margin) },
    { "font-size", 6, 36, G_STRUCT_OFFSET (PolicyStamp, font_size) },
  };
  if (!parse_numbers (p, s, numbers, G_N_ELEMENTS (numbers), "points", &p->stamp, error))
    return FALSE;
  static const struct {
    const char *key;
    gsize offset;
  } flags[] = {
    { "bold", G_STRUCT_OFFSET (PolicyStamp, bold) },
    { "shrink", G_STRUCT_OFFSET (PolicyStamp, shrink) },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (flags); i++)
    if ((e = ini_section_lookup (s, flags[i].key))
        && !parse_bool (e->value, &G_STRUCT_MEMBER (gboolean, &p->stamp, flags[i].offset))) {
      policy_error (error, p->filename, e->line, s, "%s must be true or false, not '%s'",
                    flags[i].key, e->value);
      return FALSE;
    }
  if ((e = ini_section_lookup (s, "align"))) {
    static const char *const names[] = { "centre", "left", "right" };
    guint i = 0;
    while (i < G_N_ELEMENTS (names) && g_ascii_strcasecmp (e->value, names[i]))
      i++;
    if (i == G_N_ELEMENTS (names) && !g_ascii_strcasecmp (e->value, "center"))
      i = STAMP_ALIGN_CENTRE;
    if (i == G_N_ELEMENTS (names)) {
      policy_error (error, p->filename, e->line, s,
                    "align is centre, left or right, not '%s'", e->value);
      return FALSE;
    }
    p->stamp.align = (StampAlign) i;
  }
  return TRUE;
}

static gboolean
parse_level (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "label", "colour", "handling",
                                      "aliases", "requires-descriptor",
                                      "default-descriptor", "seal",
                                      "seal-recipients", NULL };
  if (!s->name) {
    policy_error (error, p->filename, s->line, s,
                  "a level needs a name: [level NAME]");
    return FALSE;
  }
  if (pmark_policy_find_level (p, s->name) >= 0) {
    policy_error (error, p->filename, s->line, s, "level defined twice");
    return FALSE;
  }
  if (!check_keys (p, s, keys, error))
    return FALSE;
  const IniEntry *label = require_key (p, s, "label", error);
  if (!label)
    return FALSE;
  const IniEntry *colour = require_key (p, s, "colour", error);
  if (!colour)
    return FALSE;
  if (!valid_colour (colour->value)) {
    policy_error (error, p->filename, colour->line, s,
                  "colour '%s' is not of the form #rrggbb", colour->value);
    return FALSE;
  }
  PmarkLevel *l = g_new0 (PmarkLevel, 1);
  l->index = p->levels->len;
  l->name = g_strdup (s->name);
  l->label = g_strdup (label->value);
  l->colour = g_ascii_strdown (colour->value, -1);
  g_ptr_array_add (p->levels, l);
  const IniEntry *e = ini_section_lookup (s, "aliases");
  g_ptr_array_add (p->aliases, e ? split_list (e->value)
                                 : g_ptr_array_new_with_free_func (g_free));

  if ((e = ini_section_lookup (s, "handling")))
    l->handling = g_strdup (e->value);
  if ((e = ini_section_lookup (s, "requires-descriptor"))
      && !parse_bool (e->value, &l->requires_descriptor)) {
    policy_error (error, p->filename, e->line, s,
                  "requires-descriptor must be true or false, not '%s'",
                  e->value);
    return FALSE;
  }
  if ((e = ini_section_lookup (s, "default-descriptor")))
    l->default_descriptor = g_strdup (e->value);
  if ((e = ini_section_lookup (s, "seal")) && !parse_bool (e->value, &l->seal)) {
    policy_error (error, p->filename, e->line, s,
                  "seal must be true or false, not '%s'", e->value);
    return FALSE;
  }
  if ((e = ini_section_lookup (s, "seal-recipients"))) {
    /* relative to the policy file */
    g_autofree char *dir = g_path_get_dirname (p->filename);
    l->seal_recipients = g_path_is_absolute (e->value)
      ? g_strdup (e->value) : g_build_filename (dir, e->value, NULL);
  }
  return TRUE;
}

static gboolean
parse_descriptor (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "description", "aliases", NULL };
  if (!s->name) {
    policy_error (error, p->filename, s->line, s,
                  "a descriptor needs a name: [descriptor NAME]");
    return FALSE;
  }
  if (policy_find_descriptor (p, s->name)) {
    policy_error (error, p->filename, s->line, s, "descriptor defined twice");
    return FALSE;
  }
  if (!check_keys (p, s, keys, error))
    return FALSE;
  PolicyDescriptor *d = g_new0 (PolicyDescriptor, 1);
  d->name = g_strdup (s->name);
  const IniEntry *e = ini_section_lookup (s, "description");
  d->description = e ? g_strdup (e->value) : NULL;
  g_ptr_array_add (p->descriptors, d);

  /* Descriptor words are kept beside the level words with level -2. */
  g_autoptr (GPtrArray) self = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self, g_strdup (d->name));
  add_marking_word (p, d->name, "descriptor", -2, self);
  if ((e = ini_section_lookup (s, "aliases"))) {
    g_autoptr (GPtrArray) al = split_list (e->value);
    for (guint i = 0; i < al->len; i++)
      add_marking_word (p, g_ptr_array_index (al, i), "descriptor", -2, self);
  }
  return TRUE;
}

static PolicyMatch *
find_match (const PmarkPolicy *p, const char *name, guint *index)
{
  for (guint i = 0; i < p->matches->len; i++) {
    PolicyMatch *m = g_ptr_array_index (p->matches, i);
    if (strcmp (m->name, name) == 0) {
      if (index)
        *index = i;
      return m;
    }
  }
  return NULL;
}

static gboolean
parse_match (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "keywords", "regex", "validator",
                                      "any-of", "context", "context-regex",
                                      "context-window", "sensitive",
                                      "recogniser", "cues", "identifiers",
                                      "case-context", NULL };
  if (!s->name || !valid_name (s->name)) {
    policy_error (error, p->filename, s->line, s,
                  "a match needs a name of letters, digits, '-' and '_': "
                  "[match NAME]");
    return FALSE;
  }
  if (find_match (p, s->name, NULL)) {
    policy_error (error, p->filename, s->line, s, "match defined twice");
    return FALSE;
  }
  if (!check_keys (p, s, keys, error))
    return FALSE;

  const IniEntry *kw = ini_section_lookup (s, "keywords");
  const IniEntry *re = ini_section_lookup (s, "regex");
  const IniEntry *va = ini_section_lookup (s, "validator");
  const IniEntry *any = ini_section_lookup (s, "any-of");
  const IniEntry *rec = ini_section_lookup (s, "recogniser");
  int kinds = !!kw + !!(re || va) + !!any + !!rec;
  if (kinds != 1) {
    policy_error (error, p->filename, s->line, s,
                  "a match needs exactly one of 'keywords', 'regex' (with or "
                  "without 'validator'), 'any-of' or 'recogniser'");
    return FALSE;
  }
  static const char *const people_keys[] = { "cues", "identifiers", "case-context", NULL };
  for (const char *const *k = people_keys; *k; k++) {
    const IniEntry *pe = ini_section_lookup (s, *k);
    if (pe && !rec) {
      policy_error (error, p->filename, pe->line, s,
                    "'%s' is a key of 'recogniser = people' matches", *k);
      return FALSE;
    }
  }

  PolicyMatch *m = g_new0 (PolicyMatch, 1);
  m->name = g_strdup (s->name);
  m->line = s->line;
  m->context_window = DEFAULT_CONTEXT_WINDOW;
  m->context = g_ptr_array_new_with_free_func (g_free);
  m->case_match = -1;
  g_ptr_array_add (p->matches, m);

  if (rec) {
    if (strcmp (rec->value, "people") != 0) {
      policy_error (error, p->filename, rec->line, s,
                    "unknown recogniser '%s' (known: people)", rec->value);
      return FALSE;
    }
    m->kind = MATCH_PEOPLE;
    m->sensitive = TRUE;
    m->cues = CUE_ALL;
    const IniEntry *e;
    GError *local = NULL;
    if ((e = ini_section_lookup (s, "cues"))
        && !recognise_parse_cues (e->value, &m->cues, &local)) {
      policy_error (error, p->filename, e->line, s, "cues: %s", local->message);
      g_error_free (local);
      return FALSE;
    }
    if ((e = ini_section_lookup (s, "identifiers")))
      m->identifiers = g_strdup (e->value);
    if ((e = ini_section_lookup (s, "case-context")))
      m->case_context = g_strdup (e->value);
    if (ini_section_lookup (s, "context") || ini_section_lookup (s, "context-regex")) {
      policy_error (error, p->filename, s->line, s,
                    "a recogniser takes no context: its cues say what counts");
      return FALSE;
    }
    return TRUE;
  } else if (kw) {
    m->kind = MATCH_KEYWORDS;
    m->keywords = split_list (kw->value);
    if (!m->keywords->len) {
      policy_error (error, p->filename, kw->line, s, "'keywords' is empty");
      return FALSE;
    }
  } else if (any) {
    m->kind = MATCH_ANY_OF;
    m->any_of = split_list (any->value);
    if (!m->any_of->len) {
      policy_error (error, p->filename, any->line, s, "'any-of' is empty");
      return FALSE;
    }
  } else {
    m->kind = MATCH_REGEX;
    m->sensitive = TRUE;
    if (va) {
      m->validator = pmark_validator_lookup (va->value);
      if (!m->validator) {
        GString *names = g_string_new (NULL);
        for (const PmarkValidator *const *v = pmark_validators (); *v; v++)
          g_string_append_printf (names, "%s%s", names->len ? ", " : "",
                                  (*v)->name);
        policy_error (error, p->filename, va->line, s,
                      "unknown validator '%s' (known: %s)", va->value,
                      names->str);
        g_string_free (names, TRUE);
        return FALSE;
      }
    }
    if (re && !*re->value) {
      policy_error (error, p->filename, re->line, s, "'regex' is empty");
      return FALSE;
    }
    m->regex = re ? g_strdup (re->value) : NULL;
  }

  const IniEntry *e;
  if ((e = ini_section_lookup (s, "context"))) {
    g_ptr_array_unref (m->context);
    m->context = split_list (e->value);
  }
  if ((e = ini_section_lookup (s, "context-regex")))
    m->context_regex = g_strdup (e->value);
  if ((e = ini_section_lookup (s, "context-window"))
      && !parse_uint (e->value, 10000, &m->context_window)) {
    policy_error (error, p->filename, e->line, s,
                  "context-window must be a whole number of characters from "
                  "1 to 10000, not '%s'",
                  e->value);
    return FALSE;
  }
  if ((e = ini_section_lookup (s, "sensitive"))
      && !parse_bool (e->value, &m->sensitive)) {
    policy_error (error, p->filename, e->line, s,
                  "sensitive must be true or false, not '%s'", e->value);
    return FALSE;
  }
  if (m->kind == MATCH_ANY_OF
      && (m->context->len || m->context_regex)) {
    policy_error (error, p->filename, s->line, s,
                  "'any-of' takes no context: put it on the member matches");
    return FALSE;
  }

  GError *local = NULL;
  if (!policy_match_compile (m, p->filename, &local)) {
    policy_error (error, p->filename,
                  (e = ini_section_lookup (s, "regex")) ? e->line : s->line, s,
                  "%s", local->message);
    g_error_free (local);
    return FALSE;
  }
  return TRUE;
}

/* Members of an any-of, flattened to leaf matches; refuses cycles. */
static gboolean
resolve_any_of (PmarkPolicy *p, PolicyMatch *m, GArray *out, GPtrArray *stack,
                const IniSection *s, GError **error)
{
  if (g_ptr_array_find (stack, m, NULL)) {
    policy_error (error, p->filename, m->line, s,
                  "'any-of' refers back to itself through '%s'", m->name);
    return FALSE;
  }
  g_ptr_array_add (stack, m);
  for (guint i = 0; i < m->any_of->len; i++) {
    const char *name = g_ptr_array_index (m->any_of, i);
    guint idx;
    PolicyMatch *member = find_match (p, name, &idx);
    if (!member) {
      policy_error (error, p->filename, m->line, s,
                    "'any-of' names unknown match '%s'", name);
      return FALSE;
    }
    if (member->kind == MATCH_ANY_OF) {
      if (!resolve_any_of (p, member, out, stack, s, error))
        return FALSE;
    } else {
      gboolean dup = FALSE;
      for (guint k = 0; k < out->len; k++)
        dup |= g_array_index (out, guint, k) == idx;
      if (!dup)
        g_array_append_val (out, idx);
    }
  }
  g_ptr_array_remove_index (stack, stack->len - 1);
  return TRUE;
}

/* [recogniser NAME]: turns one of the recognisers off or adds to its
 * words (recognise/config.c) */
static gboolean
parse_recogniser (PmarkPolicy *p, const IniSection *s, GError **error)
{
  int id = s->name ? recognise_lookup (s->name) : -1;
  if (id < 0) {
    GString *names = g_string_new (NULL);
    for (int i = 0; i < RECOGNISER_COUNT; i++)
      g_string_append_printf (names, "%s%s", i ? ", " : "", recognise_name (i));
    policy_error (error, p->filename, s->line, s,
                  "unknown recogniser '%s' (known: %s)", s->name ? s->name : "",
                  names->str);
    g_string_free (names, TRUE);
    return FALSE;
  }
  for (guint k = 0; k < s->entries->len; k++) {
    const IniEntry *e = g_ptr_array_index (s->entries, k);
    GError *local = NULL;
    if (!recognise_config_set (p->recognise, (RecogniserId) id, e->key, e->value, &local)) {
      policy_error (error, p->filename, e->line, s, "%s", local->message);
      g_error_free (local);
      return FALSE;
    }
  }
  return TRUE;
}

/* A people match's identifiers (flattened to leaves, which then keep
 * where their hits were) and case context */
static gboolean
resolve_people (PmarkPolicy *p, PolicyMatch *m, const IniSection *s, GError **error)
{
  m->id_members = g_array_new (FALSE, FALSE, sizeof (guint));
  if (m->identifiers) {
    guint idx;
    PolicyMatch *ids = find_match (p, m->identifiers, &idx);
    if (!ids || ids->kind == MATCH_PEOPLE) {
      policy_error (error, p->filename, s->line, s,
                    "identifiers: '%s' is not a match of identifiers", m->identifiers);
      return FALSE;
    }
    if (ids->kind == MATCH_ANY_OF)
      g_array_append_vals (m->id_members, ids->members->data, ids->members->len);
    else
      g_array_append_val (m->id_members, idx);
    for (guint k = 0; k < m->id_members->len; k++) {
      PolicyMatch *leaf = g_ptr_array_index (p->matches, g_array_index (m->id_members, guint, k));
      if (leaf->kind == MATCH_PEOPLE) {
        policy_error (error, p->filename, s->line, s,
                      "identifiers: '%s' holds a people match", m->identifiers);
        return FALSE;
      }
      leaf->keep_spans = TRUE;
    }
  }
  if (m->case_context) {
    guint idx;
    PolicyMatch *cc = find_match (p, m->case_context, &idx);
    if (!cc || cc->kind == MATCH_PEOPLE || cc->kind == MATCH_ANY_OF) {
      policy_error (error, p->filename, s->line, s,
                    "case-context: '%s' is not a keyword or regex match", m->case_context);
      return FALSE;
    }
    cc->keep_lines = TRUE;
    m->case_match = (int) idx;
  }
  return TRUE;
}

/* when = NAME [>= N] [and NAME [>= N]]... */
static gboolean
parse_when (PmarkPolicy *p, PolicyRule *r, const IniSection *s,
            const IniEntry *e, GError **error)
{
  g_autoptr (GRegex) and_re = g_regex_new ("\\s+and\\s+", G_REGEX_CASELESS,
                                           0, NULL);
  g_auto (GStrv) terms = g_regex_split (and_re, e->value, 0);
  for (char **t = terms; *t; t++) {
    char *term = g_strstrip (*t);
    RuleTerm rt = { .min_count = 1 };
    g_autofree char *name = NULL;
    char *ge = strstr (term, ">=");
    if (ge) {
      name = g_strstrip (g_strndup (term, (gsize) (ge - term)));
      g_autofree char *num = g_strstrip (g_strdup (ge + 2));
      if (!parse_uint (num, 1000000, &rt.min_count)) {
        policy_error (error, p->filename, e->line, s,
                      "in 'when': count '%s' after '>=' is not a whole "
                      "number from 1",
                      num);
        return FALSE;
      }
    } else {
      name = g_strdup (term);
    }
    if (!*name || !valid_name (name)) {
      policy_error (error, p->filename, e->line, s,
                    "in 'when': expected 'MATCH [>= N] [and ...]', found '%s'",
                    term);
      return FALSE;
    }
    if (!find_match (p, name, &rt.match)) {
      policy_error (error, p->filename, e->line, s,
                    "in 'when': unknown match '%s'", name);
      return FALSE;
    }
    g_array_append_val (r->terms, rt);
  }
  return TRUE;
}

static gboolean
parse_rule (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "when", "level", "descriptor", "explain", NULL };
  if (!s->name || !valid_name (s->name)) {
    policy_error (error, p->filename, s->line, s,
                  "a rule needs a name of letters, digits, '-' and '_': "
                  "[rule NAME]");
    return FALSE;
  }
  for (guint i = 0; i < p->rules->len; i++)
    if (!strcmp (((PolicyRule *) g_ptr_array_index (p->rules, i))->name,
                 s->name)) {
      policy_error (error, p->filename, s->line, s, "rule defined twice");
      return FALSE;
    }
  if (!check_keys (p, s, keys, error))
    return FALSE;
  const IniEntry *when = require_key (p, s, "when", error);
  if (!when)
    return FALSE;
  const IniEntry *level = require_key (p, s, "level", error);
  if (!level)
    return FALSE;

  PolicyRule *r = g_new0 (PolicyRule, 1);
  r->name = g_strdup (s->name);
  r->line = s->line;
  r->when = g_strdup (when->value);
  r->terms = g_array_new (FALSE, FALSE, sizeof (RuleTerm));
  r->descriptors = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (p->rules, r);
  const IniEntry *ex = ini_section_lookup (s, "explain");
  if (ex)
    r->explain = g_strdup (ex->value);

  if (!parse_when (p, r, s, when, error))
    return FALSE;
  r->level = pmark_policy_find_level (p, level->value);
  if (r->level < 0) {
    policy_error (error, p->filename, level->line, s, "unknown level '%s'",
                  level->value);
    return FALSE;
  }
  const IniEntry *e = ini_section_lookup (s, "descriptor");
  if (e) {
    g_autoptr (GPtrArray) list = split_list (e->value);
    for (guint i = 0; i < list->len; i++) {
      const PolicyDescriptor *d = policy_find_descriptor (p, g_ptr_array_index (list, i));
      if (!d) {
        policy_error (error, p->filename, e->line, s,
                      "unknown descriptor '%s'",
                      (char *) g_ptr_array_index (list, i));
        return FALSE;
      }
      g_ptr_array_add (r->descriptors, g_strdup (d->name));
    }
  }
  const PmarkLevel *l = g_ptr_array_index (p->levels, r->level);
  if (l->requires_descriptor && !r->descriptors->len) {
    policy_error (error, p->filename, level->line, s,
                  "level '%s' requires a descriptor: add 'descriptor = ...'",
                  l->name);
    return FALSE;
  }
  return TRUE;
}

static gboolean
parse_mapping (PmarkPolicy *p, const IniSection *s, GError **error)
{
  if (!s->name) {
    policy_error (error, p->filename, s->line, s,
                  "a mapping needs the name of the scheme it maps: "
                  "[mapping NAME]");
    return FALSE;
  }
  PolicyMapping *map = g_new0 (PolicyMapping, 1);
  map->name = g_strdup (s->name);
  map->entries = g_ptr_array_new ();
  g_ptr_array_add (p->mappings, map);
  for (guint i = 0; i < s->entries->len; i++) {
    const IniEntry *e = g_ptr_array_index (s->entries, i);
    int level;
    GPtrArray *descs;
    /* "SECRET (review)": read as SECRET, but --migrate leaves it to a
     * person */
    g_autofree char *target = g_strstrip (g_strdup (e->value));
    gboolean review = g_str_has_suffix (target, "(review)");
    if (review)
      g_strchomp (target)[strlen (target) - strlen ("(review)")] = '\0';
    if (!parse_target (p, g_strchomp (target), &level, &descs, s, e->line, error))
      return FALSE;
    add_marking_word (p, e->key, map->name, level, descs);
    ((MarkingWord *) g_ptr_array_index (p->marking_words, p->marking_words->len - 1))->review
      = review;
    g_ptr_array_add (map->entries, g_ptr_array_index (p->marking_words,
                                                      p->marking_words->len - 1));
    g_ptr_array_unref (descs);
  }
  return TRUE;
}

static gboolean
parse_labels (PmarkPolicy *p, const IniSection *s, GError **error)
{
  for (guint i = 0; i < s->entries->len; i++) {
    const IniEntry *e = g_ptr_array_index (s->entries, i);
    g_autofree char *id = normalise_guid (e->key);
    if (!id) {
      policy_error (error, p->filename, e->line, s,
                    "'%s' is not a label id (a GUID such as "
                    "8a1c7b4e-0000-4c8e-9f00-000000000001)",
                    e->key);
      return FALSE;
    }
    LabelId *l = g_new0 (LabelId, 1);
    l->id = g_steal_pointer (&id);
    g_ptr_array_add (p->label_ids, l);
    if (!parse_target (p, e->value, &l->level, &l->descriptors, s, e->line,
                       error))
      return FALSE;
  }
  return TRUE;
}

/* ---- load ------------------------------------------------------------- */

/* [ocr]: when and how images and pages without text are read. */
static gboolean
parse_ocr (PmarkPolicy *p, const IniSection *s, GError **error)
{
  static const char *const keys[] = { "mode", "languages", "dpi",
                                      "page-seconds", "max-pages",
                                      "min-confidence", "correct-identifiers",
                                      "embedded", "embedded-min-pixels",
                                      "tolerant-terms", NULL };
  if (!check_keys (p, s, keys, error))
    return FALSE;
  const IniEntry *e;
  if ((e = ini_section_lookup (s, "mode"))) {
    int m = pmark_ocr_mode_from_string (e->value);
    if (m < 0) {
      policy_error (error, p->filename, e->line, s,
                    "mode is off, auto or always, not '%s'", e->value);
      return FALSE;
    }
    p->ocr.mode = (PmarkOcrMode) m;
  }
  if ((e = ini_section_lookup (s, "embedded"))) {
    int m = pmark_ocr_mode_from_string (e->value);
    if (m < 0) {
      policy_error (error, p->filename, e->line, s,
                    "embedded is off, auto or always, not '%s'", e->value);
      return FALSE;
    }
    p->ocr.embedded = (PmarkOcrMode) m;
  }
  if ((e = ini_section_lookup (s, "languages"))) {
    /* Tesseract's form: eng, or eng+fra */
    for (const char *c = e->value; *c; c++)
      if (!g_ascii_isalnum (*c) && *c != '+' && *c != '_') {
        policy_error (error, p->filename, e->line, s,
                      "languages are Tesseract names joined by '+' "
                      "(eng, eng+fra), not '%s'", e->value);
        return FALSE;
      }
    g_free (p->ocr_languages);
    p->ocr.languages = p->ocr_languages = g_strdup (e->value);
  }
  static const NumberKey numbers[] = {
    { "dpi", 70, 1200, G_STRUCT_OFFSET (PmarkOcrOptions, dpi) },
    { "page-seconds", 1, 3600, G_STRUCT_OFFSET (PmarkOcrOptions, page_seconds) },
    { "max-pages", 1, 100000, G_STRUCT_OFFSET (PmarkOcrOptions, max_pages) },
    { "min-confidence", 1, 100, G_STRUCT_OFFSET (PmarkOcrOptions, min_confidence) },
    { "embedded-min-pixels", 1000, 36000000,
      G_STRUCT_OFFSET (PmarkOcrOptions, embedded_min_pixels) },
  };
  if (!parse_numbers (p, s, numbers, G_N_ELEMENTS (numbers), NULL, &p->ocr, error))
    return FALSE;
  gboolean correct = TRUE;
  if ((e = ini_section_lookup (s, "correct-identifiers"))
      && !parse_bool (e->value, &correct)) {
    policy_error (error, p->filename, e->line, s,
                  "correct-identifiers must be true or false, not '%s'",
                  e->value);
    return FALSE;
  }
  p->ocr.no_correction = !correct;
  gboolean tolerant = TRUE;
  if ((e = ini_section_lookup (s, "tolerant-terms")) && !parse_bool (e->value, &tolerant)) {
    policy_error (error, p->filename, e->line, s,
                  "tolerant-terms must be true or false, not '%s'", e->value);
    return FALSE;
  }
  p->ocr.no_tolerance = !tolerant;
  return TRUE;
}

/* [budget]: the limits every reader works within (pmark.policy(5)). */
static const struct {
  const char *key;
  guint64 unit, min, max;
  gsize offset;
  gboolean wide; /* a guint64 field, else a guint */
} budget_keys[] = {
  { "max-input-mb", 1 << 20, 1, 1 << 20, G_STRUCT_OFFSET (PmarkBudget, max_input_bytes), TRUE },
  { "max-text-mb", 1 << 20, 1, 1 << 20, G_STRUCT_OFFSET (PmarkBudget, max_text_bytes), TRUE },
  { "max-part-mb", 1 << 20, 1, 1 << 20, G_STRUCT_OFFSET (PmarkBudget, max_entry_inflated), TRUE },
  { "max-inflated-mb", 1 << 20, 1, 1 << 20, G_STRUCT_OFFSET (PmarkBudget, max_total_inflated),
    TRUE },
  { "max-compression-ratio", 1, 2, 100000,
    G_STRUCT_OFFSET (PmarkBudget, max_compression_ratio), FALSE },
  { "max-xml-depth", 1, 8, 100000, G_STRUCT_OFFSET (PmarkBudget, max_xml_depth), FALSE },
  { "max-nesting", 1, 0, 64, G_STRUCT_OFFSET (PmarkBudget, max_nesting), FALSE },
  { "max-seconds", 1, 0, 86400, G_STRUCT_OFFSET (PmarkBudget, max_seconds), FALSE },
  { "max-memory-mb", 1 << 20, 0, 1 << 20, G_STRUCT_OFFSET (PmarkBudget, max_memory_bytes),
    TRUE },
};

static gboolean
parse_budget (PmarkPolicy *p, const IniSection *s, GError **error)
{
  const char *keys[G_N_ELEMENTS (budget_keys) + 1] = { 0 };
  for (gsize i = 0; i < G_N_ELEMENTS (budget_keys); i++)
    keys[i] = budget_keys[i].key;
  if (!check_keys (p, s, keys, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (budget_keys); i++) {
    const IniEntry *e = ini_section_lookup (s, budget_keys[i].key);
    if (!e)
      continue;
    guint64 v;
    if (!g_ascii_string_to_unsigned (e->value, 10, budget_keys[i].min, budget_keys[i].max, &v,
                                     NULL)) {
      policy_error (error, p->filename, e->line, s,
                    "%s is a whole number from %u to %u, not '%s'", budget_keys[i].key,
                    (guint) budget_keys[i].min, (guint) budget_keys[i].max, e->value);
      return FALSE;
    }
    if (budget_keys[i].wide)
      G_STRUCT_MEMBER (guint64, &p->budget, budget_keys[i].offset) = v * budget_keys[i].unit;
    else
      G_STRUCT_MEMBER (guint, &p->budget, budget_keys[i].offset) = (guint) v;
    p->budget_set |= 1u << i;
  }
  return TRUE;
}

void
policy_budget_show (const PmarkPolicy *p, GString *s)
{
  g_string_append (s, "\n[budget]\n");
  for (gsize i = 0; i < G_N_ELEMENTS (budget_keys); i++) {
    guint64 v = budget_keys[i].wide
      ? G_STRUCT_MEMBER (guint64, &p->budget, budget_keys[i].offset) / budget_keys[i].unit
      : G_STRUCT_MEMBER (guint, &p->budget, budget_keys[i].offset);
    g_string_append_printf (s, "%s = %" G_GUINT64_FORMAT "\n", budget_keys[i].key, v);
  }
}

/* Values written in another file than the policy's own (an included
 * policy, a local override): "type|name|key" -> "FILE:LINE", for show. */
static void
note_provenance (PmarkPolicy *p, IniFile *ini)
{
  for (guint i = 0; i < ini->sections->len; i++) {
    const IniSection *s = g_ptr_array_index (ini->sections, i);
    for (guint k = 0; k < s->entries->len; k++) {
      const IniEntry *e = g_ptr_array_index (s->entries, k);
      if (!e->file || !g_strcmp0 (e->file, ini->filename))
        continue;
      g_hash_table_replace (p->provenance,
                            g_strdup_printf ("%s|%s|%s", s->type, s->name ? s->name : "",
                                             e->key),
                            g_strdup_printf ("%s:%u", e->file, e->line));
    }
  }
}

static gboolean
build (PmarkPolicy *p, IniFile *ini, GError **error)
{
  note_provenance (p, ini);
  static const char *const known[] = { "policy", "level", "descriptor",
                                       "recogniser", "match", "rule", "mapping",
                                       "labels", "mail", "translate", "sign", "serve",
                                       "stamp", "ocr", "budget", NULL };
  const IniSection *policy_section = NULL;

  for (guint i = 0; i < ini->sections->len; i++) {
    const IniSection *s = g_ptr_array_index (ini->sections, i);
    if (!g_strv_contains (known, s->type)) {
      policy_error (error, p->filename, s->line, NULL,
                    "unknown section type '[%s]' (expected policy, level, "
                    "descriptor, recogniser, match, rule, mapping, labels, mail, "
                    "translate, sign, serve, stamp, ocr or budget)",
                    s->type);
      return FALSE;
    }
    if (!strcmp (s->type, "policy")) {
      if (policy_section) {
        policy_error (error, p->filename, s->line, s,
                      "[policy] appears twice (first on line %u)",
                      policy_section->line);
        return FALSE;
      }
      policy_section = s;
    }
  }
  if (!policy_section) {
    policy_error (error, p->filename, 0, NULL,
                  "no [policy] section (it names the policy)");
    return FALSE;
  }
  if (!parse_policy_section (p, policy_section, error))
    return FALSE;

  /* Levels and descriptors first: everything else refers to them. Then
   * matches, then what refers to matches. */
  static const struct {
    const char *type;
    gboolean (*parse) (PmarkPolicy *, const IniSection *, GError **);
  } passes[] = {
    { "level", parse_level },     { "descriptor", parse_descriptor },
    { "recogniser", parse_recogniser },
    { "match", parse_match },     { "rule", parse_rule },
    { "mapping", parse_mapping }, { "labels", parse_labels },
    { "mail", parse_mail },       { "translate", parse_translate },
    { "sign", parse_sign },       { "serve", parse_serve },
    { "stamp", parse_stamp },
    { "ocr", parse_ocr },
    { "budget", parse_budget },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (passes); k++) {
    for (guint i = 0; i < ini->sections->len; i++) {
      const IniSection *s = g_ptr_array_index (ini->sections, i);
      if (!strcmp (s->type, passes[k].type) && !passes[k].parse (p, s, error))
        return FALSE;
    }
    if (!strcmp (passes[k].type, "level") && p->levels->len < 2) {
      policy_error (error, p->filename, 0, NULL,
                    "a policy needs at least two [level NAME] sections, "
                    "lowest first");
      return FALSE;
    }
    if (!strcmp (passes[k].type, "match")) {
      for (guint i = 0; i < ini->sections->len; i++) {
        const IniSection *s = g_ptr_array_index (ini->sections, i);
        PolicyMatch *m = s->name && !strcmp (s->type, "match")
                           ? find_match (p, s->name, NULL)
                           : NULL;
        if (!m || m->kind != MATCH_ANY_OF)
          continue;
        g_autoptr (GPtrArray) stack = g_ptr_array_new ();
        m->members = g_array_new (FALSE, FALSE, sizeof (guint));
        if (!resolve_any_of (p, m, m->members, stack, s, error))
          return FALSE;
      }
      for (guint i = 0; i < ini->sections->len; i++) {
        const IniSection *s = g_ptr_array_index (ini->sections, i);
        PolicyMatch *m = s->name && !strcmp (s->type, "match")
                           ? find_match (p, s->name, NULL)
                           : NULL;
        if (m && m->kind == MATCH_PEOPLE && !resolve_people (p, m, s, error))
          return FALSE;
      }
    }
  }

  /* Level defaults that name descriptors, checked once descriptors exist. */
  for (guint i = 0; i < ini->sections->len; i++) {
    const IniSection *s = g_ptr_array_index (ini->sections, i);
    if (strcmp (s->type, "level"))
      continue;
    const IniEntry *e = ini_section_lookup (s, "default-descriptor");
    if (e && !policy_find_descriptor (p, e->value)) {
      policy_error (error, p->filename, e->line, s,
                    "unknown descriptor '%s'", e->value);
      return FALSE;
    }
  }

  const IniEntry *dl = ini_section_lookup (policy_section, "default-level");
  p->default_level = 0;
  if (dl && (p->default_level = pmark_policy_find_level (p, dl->value)) < 0) {
    policy_error (error, p->filename, dl->line, policy_section,
                  "unknown level '%s'", dl->value);
    return FALSE;
  }

  /* not-inspected = review | LEVEL */
  const IniEntry *ni = ini_section_lookup (policy_section, "not-inspected");
  p->not_inspected_level = -1;
  if (ni && g_ascii_strcasecmp (ni->value, "review")
      && (p->not_inspected_level = pmark_policy_find_level (p, ni->value)) < 0) {
    policy_error (error, p->filename, ni->line, policy_section,
                  "not-inspected is 'review' or a level; unknown level '%s'",
                  ni->value);
    return FALSE;
  }

  /* Each level's own name and aliases are markings of that level. */
  for (guint i = 0; i < p->levels->len; i++) {
    const PmarkLevel *l = g_ptr_array_index (p->levels, i);
    add_marking_word (p, l->name, "level", (int) i, NULL);
    GPtrArray *al = g_ptr_array_index (p->aliases, i);
    for (guint k = 0; k < al->len; k++)
      add_marking_word (p, g_ptr_array_index (al, k), "alias", (int) i, NULL);
  }
  g_ptr_array_sort (p->marking_words, longest_first);
  return TRUE;
}

PmarkPolicy *
pmark_policy_load_data (const char *data, gssize len, const char *filename,
                        GError **error)
{
  if (len < 0)
    len = (gssize) strlen (data);
  g_autoptr (IniFile) ini = ini_parse (data, (gsize) len, filename, error);
  if (!ini)
    return NULL;
  g_autoptr (PmarkPolicy) p = policy_new (filename);
  if (!build (p, ini, error))
    return NULL;
  return g_steal_pointer (&p);
}

/* The non-empty entries of a ':'-separated list, added to `b`. */
static void
add_path_list (GStrvBuilder *b, const char *list)
{
  g_auto (GStrv) parts = g_strsplit (list, G_SEARCHPATH_SEPARATOR_S, -1);
  for (char **d = parts; *d; d++)
    if (**d)
      g_strv_builder_add (b, *d);
}

static IniFile *
read_ini (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;
  GError *local = NULL;
  if (!g_file_get_contents (path, &data, &len, &local)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                 "%s: cannot read policy: %s", path, local->message);
    g_error_free (local);
    return NULL;
  }
  return ini_parse (data, len, path, error);
}

/* The file with what it includes ([policy] include = NAME|FILE) under it:
 * the included policy first, this file's sections merged over it. */
static IniFile *
read_with_includes (const char *path, guint depth, GError **error)
{
  IniFile *ini = read_ini (path, error);
  if (!ini)
    return NULL;
  const IniEntry *inc = NULL;
  for (guint i = 0; i < ini->sections->len && !inc; i++) {
    const IniSection *s = g_ptr_array_index (ini->sections, i);
    if (!strcmp (s->type, "policy"))
      inc = ini_section_lookup (s, "include");
  }
  if (!inc)
    return ini;
  if (depth >= 8) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                 "%s:%u: include: more than 8 policies deep (a loop?)", path, inc->line);
    ini_file_free (ini);
    return NULL;
  }
  g_autofree char *target = pmark_policy_resolve (inc->value, error);
  if (!target) {
    g_prefix_error (error, "%s:%u: include: ", path, inc->line);
    ini_file_free (ini);
    return NULL;
  }
  IniFile *base = read_with_includes (target, depth + 1, error);
  if (!base) {
    ini_file_free (ini);
    return NULL;
  }
  /* the including file names the result and its own file is the policy's */
  g_free (base->filename);
  base->filename = g_strdup (path);
  ini_merge (base, ini);
  return base;
}

char **
pmark_policy_local_files (void)
{
  GStrvBuilder *b = g_strv_builder_new ();
  const char *env = g_getenv ("PMARK_LOCAL_POLICY");
  if (env) {
    add_path_list (b, env);
  } else {
    g_autofree char *sys = g_build_filename (PMARK_SYSCONF_DIR, "local.policy", NULL);
    g_autofree char *user = g_build_filename (g_get_user_config_dir (), "pmark",
                                              "local.policy", NULL);
    g_strv_builder_add (b, sys);
    g_strv_builder_add (b, user);
  }
  char **out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return out;
}

/* The policy at `path` with the local settings files `locals` merged over
 * it, in order (those that do not exist are passed over) */
static PmarkPolicy *
load_with_locals (const char *path, char **locals, GError **error)
{
  IniFile *ini = read_with_includes (path, 0, error);
  if (!ini)
    return NULL;
  for (char **f = locals; *f; f++) {
    if (!g_file_test (*f, G_FILE_TEST_IS_REGULAR))
      continue;
    IniFile *over = read_ini (*f, error);
    if (!over) {
      ini_file_free (ini);
      return NULL;
    }
    ini_merge (ini, over);
  }
  g_autoptr (IniFile) merged = ini;
  g_autoptr (PmarkPolicy) p = policy_new (path);
  if (!build (p, merged, error))
    return NULL;
  return g_steal_pointer (&p);
}

PmarkPolicy *
pmark_policy_load_file (const char *path, GError **error)
{
  /* local settings over the shipped policy: an upgrade that replaces the
   * policy keeps them */
  g_auto (GStrv) locals = pmark_policy_local_files ();
  return load_with_locals (path, locals, error);
}

gboolean
pmark_policy_is_local_file (const char *path)
{
  g_autoptr (IniFile) ini = read_ini (path, NULL);
  if (!ini)
    return FALSE;
  for (guint i = 0; i < ini->sections->len; i++) {
    const IniSection *sec = g_ptr_array_index (ini->sections, i);
    if (!strcmp (sec->type, "policy") && ini_section_lookup (sec, "name"))
      return FALSE;
  }
  return TRUE;
}

PmarkPolicy *
pmark_policy_load_over (const char *name_or_path, const char *local_path, GError **error)
{
  g_autofree char *path = pmark_policy_resolve (name_or_path, error);
  if (!path)
    return NULL;
  if (!g_file_test (local_path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY, "%s: no such file", local_path);
    return NULL;
  }
  char *locals[] = { (char *) local_path, NULL };
  return load_with_locals (path, locals, error);
}

const char *
pmark_policy_default_name (void)
{
  return PMARK_DEFAULT_POLICY;
}

char **
pmark_policy_search_path (void)
{
  GStrvBuilder *b = g_strv_builder_new ();
  const char *env = g_getenv ("PMARK_POLICY_PATH");
  if (env && *env)
    add_path_list (b, env);
  g_autofree char *user = g_build_filename (g_get_user_config_dir (), "pmark",
                                            "policies", NULL);
  g_strv_builder_add (b, user);
  g_strv_builder_add (b, PMARK_POLICY_DIR);
  /* Running from a build tree: the sources' policies come last. */
  g_strv_builder_add (b, PMARK_SOURCE_POLICY_DIR);
  char **out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return out;
}

char *
pmark_policy_resolve (const char *name_or_path, GError **error)
{
  const char *name = name_or_path ? name_or_path : PMARK_DEFAULT_POLICY;
  if (strchr (name, '/') || g_str_has_suffix (name, ".policy")) {
    if (!g_file_test (name, G_FILE_TEST_IS_REGULAR)) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                   "%s: no such policy file", name);
      return NULL;
    }
    return g_strdup (name);
  }
  if (!valid_name (name)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                 "'%s' is neither a policy name nor a path", name);
    return NULL;
  }
  g_auto (GStrv) dirs = pmark_policy_search_path ();
  g_autofree char *file = g_strconcat (name, ".policy", NULL);
  for (char **d = dirs; *d; d++) {
    char *path = g_build_filename (*d, file, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      return path;
    g_free (path);
  }
  g_autofree char *where = g_strjoinv (":", dirs);
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
               "no policy named '%s' (searched %s)", name, where);
  return NULL;
}

PmarkPolicy *
pmark_policy_load (const char *name_or_path, GError **error)
{
  g_autofree char *path = pmark_policy_resolve (name_or_path, error);
  return path ? pmark_policy_load_file (path, error) : NULL;
}

/* ---- accessors -------------------------------------------------------- */

const char *
pmark_policy_get_name (const PmarkPolicy *policy)
{
  return policy->name;
}

const PolicyMail *
pmark_policy_mail (const PmarkPolicy *policy)
{
  return &policy->mail;
}

const PolicyStamp *
pmark_policy_stamp (const PmarkPolicy *policy)
{
  return &policy->stamp;
}

int
pmark_policy_default_level (const PmarkPolicy *policy)
{
  return policy->default_level;
}

const char *
pmark_policy_namespace (const PmarkPolicy *policy)
{
  return policy->ns ? policy->ns : "gov.uk";
}

const char *
pmark_policy_label_id (const PmarkPolicy *policy, int level)
{
  for (guint i = 0; i < policy->label_ids->len; i++) {
    const LabelId *l = g_ptr_array_index (policy->label_ids, i);
    if (l->level == level)
      return l->id;
  }
  return NULL;
}

gboolean
pmark_policy_seal_label (const PmarkPolicy *policy)
{
  return policy->seal_label;
}

const char *
pmark_policy_audit_log (const PmarkPolicy *policy)
{
  return policy->audit_log;
}

const char *
pmark_policy_get_title (const PmarkPolicy *policy)
{
  return policy->title;
}

const char *
pmark_policy_get_version (const PmarkPolicy *policy)
{
  /* the fingerprint of the effective policy, made the first time asked
   * (most commands never ask) */
  static GMutex lock;
  PmarkPolicy *p = (PmarkPolicy *) policy;
  g_mutex_lock (&lock);
  if (!p->fingerprint) {
    g_autofree char *text = pmark_policy_to_string (policy);
    g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
    sum[12] = '\0';
    p->fingerprint = p->version ? g_strdup_printf ("%s, sha256:%s", p->version, sum)
                                : g_strdup_printf ("sha256:%s", sum);
  }
  g_mutex_unlock (&lock);
  return p->fingerprint;
}

const char *
pmark_policy_get_filename (const PmarkPolicy *policy)
{
  return policy->filename;
}

guint
pmark_policy_get_n_levels (const PmarkPolicy *policy)
{
  return policy->levels->len;
}

const PmarkLevel *
pmark_policy_get_level (const PmarkPolicy *policy, guint index)
{
  return index < policy->levels->len ? g_ptr_array_index (policy->levels, index)
                                     : NULL;
}

const PmarkOcrOptions *
pmark_policy_get_ocr (const PmarkPolicy *policy)
{
  return &policy->ocr;
}

void
pmark_policy_read_options (const PmarkPolicy *policy,
                           const PmarkReadOptions *in, PmarkReadOptions *out)
{
  *out = *in;
  pmark_ocr_options_merge (&out->ocr, &policy->ocr);
  /* the policy's limits where the caller kept the built-in ones (a
   * command-line limit, such as the milter's --max-message-mb, wins) */
  PmarkBudget builtin;
  pmark_budget_init (&builtin);
  for (gsize i = 0; i < G_N_ELEMENTS (budget_keys); i++) {
    if (!(policy->budget_set & (1u << i)))
      continue;
    gsize off = budget_keys[i].offset;
    if (budget_keys[i].wide) {
      if (G_STRUCT_MEMBER (guint64, &in->budget, off) == G_STRUCT_MEMBER (guint64, &builtin, off))
        G_STRUCT_MEMBER (guint64, &out->budget, off) = G_STRUCT_MEMBER (guint64, &policy->budget,
                                                                        off);
    } else if (G_STRUCT_MEMBER (guint, &in->budget, off) == G_STRUCT_MEMBER (guint, &builtin, off)) {
      G_STRUCT_MEMBER (guint, &out->budget, off) = G_STRUCT_MEMBER (guint, &policy->budget, off);
    }
  }
}
