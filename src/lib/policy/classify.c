/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Applying a policy to a document: matches, rules, existing markings, and
 * the result every front end prints. */
#include "config.h"

#include <pmark/mask.h>

#include <string.h>

#include "core/document-private.h"
#include "core/file.h"
#include "core/json.h"
#include "policy-private.h"
#include "epms.h"

static void
reason_free (gpointer p)
{
  PmarkReason *r = p;
  g_free (r->rule);
  g_free (r->match);
  g_free (r->explanation);
  g_ptr_array_unref (r->descriptors);
  g_ptr_array_unref (r->where);
  g_ptr_array_unref (r->evidence);
  g_free (r);
}

static void
existing_free (PmarkExisting *e)
{
  if (!e)
    return;
  g_ptr_array_unref (e->descriptors);
  g_free (e->text);
  g_free (e->where);
  g_free (e->scheme);
  g_free (e);
}

static PmarkResult *
result_new (PmarkPolicy *policy, const char *path)
{
  PmarkResult *r = g_new0 (PmarkResult, 1);
  r->policy = pmark_policy_ref (policy);
  r->path = g_strdup (path ? path : "<stdin>");
  r->inspected = TRUE;
  r->level = -1;
  r->content_level = -1;
  r->descriptors = g_ptr_array_new_with_free_func (g_free);
  r->reasons = g_ptr_array_new_with_free_func (reason_free);
  r->unread = g_ptr_array_new_with_free_func (g_free);
  return r;
}

void
pmark_result_free (PmarkResult *result)
{
  if (!result)
    return;
  pmark_policy_unref (result->policy);
  g_free (result->path);
  pmark_file_type_clear (&result->type);
  g_free (result->not_inspected_reason);
  g_ptr_array_unref (result->descriptors);
  existing_free (result->existing);
  g_ptr_array_unref (result->reasons);
  g_ptr_array_unref (result->unread);
  g_clear_error (&result->error);
  pmark_signature_check_free (result->signature);
  g_free (result);
}

static void
add_unique (GPtrArray *set, const char *s)
{
  if (!g_ptr_array_find_with_equal_func (set, s, g_str_equal, NULL))
    g_ptr_array_add (set, g_strdup (s));
}

int
pmark_policy_recognise_candidate (const PmarkPolicy *policy,
                                  const PmarkMarkingCandidate *c,
                                  GPtrArray *descriptors)
{
  return pmark_policy_recognise_candidate_from (policy, c, descriptors, NULL);
}

int
pmark_policy_recognise_candidate_from (const PmarkPolicy *policy,
                                       const PmarkMarkingCandidate *c,
                                       GPtrArray *descriptors, const char **scheme)
{
  if (scheme)
    *scheme = NULL;
  if (c->source == PMARK_MARKING_SOURCE_LABEL)
    return policy_recognise_label (policy, c->value, descriptors);
  if (c->source == PMARK_MARKING_SOURCE_HEADER
      || c->source == PMARK_MARKING_SOURCE_QUOTED) {
    /* mail: msip_labels ids, EPMS values, subject groups */
    if (g_str_has_prefix (c->value, "MSIP_Label_"))
      return policy_recognise_label (policy, c->value + strlen ("MSIP_Label_"),
                                     descriptors);
    /* an X-Protective-Marking value, or a subject's [SEC=...] group; a
     * header value that is not EPMS is read as a plain marking */
    if (c->from_header || g_ascii_strncasecmp (c->value, "SEC=", 4) == 0) {
      int level = epms_recognise (policy, c->value, descriptors);
      if (level >= 0)
        return level;
    }
  }
  /* Visible markings are written in capitals; properties and headers
   * need not be. */
  const char *source = NULL;
  int level = policy_recognise_marking_from (policy, c->value,
                                             c->source != PMARK_MARKING_SOURCE_TEXT,
                                             descriptors, &source);
  if (scheme && level >= 0 && source && strcmp (source, "level") && strcmp (source, "alias"))
    *scheme = source;
  return level;
}

/* The highest marking the document already carries. */
static PmarkExisting *
find_existing (const PmarkPolicy *policy, const PmarkDocument *doc)
{
  PmarkExisting *best = NULL;
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *c = g_ptr_array_index (doc->markings, i);
    g_autoptr (GPtrArray) descs = g_ptr_array_new_with_free_func (g_free);
    const char *scheme = NULL;
    int level = pmark_policy_recognise_candidate_from (policy, c, descs, &scheme);
    if (level < 0 || (best && best->level >= level))
      continue;
    existing_free (best);
    best = g_new0 (PmarkExisting, 1);
    best->level = level;
    best->descriptors = g_steal_pointer (&descs);
    best->text = g_strdup (c->value);
    best->where = g_strdup (c->where);
    best->source = c->source;
    best->scheme = g_strdup (scheme);
  }
  return best;
}

static PmarkReason *
reason_new (const char *rule, const char *match, int level, GPtrArray *descs)
{
  PmarkReason *r = g_new0 (PmarkReason, 1);
  r->rule = g_strdup (rule);
  r->match = g_strdup (match);
  r->level = level;
  r->descriptors = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; descs && i < descs->len; i++)
    g_ptr_array_add (r->descriptors, g_strdup (g_ptr_array_index (descs, i)));
  r->where = g_ptr_array_new_with_free_func (g_free);
  r->evidence = g_ptr_array_new_with_free_func (g_free);
  return r;
}

/* Hits of every match a rule names: leaf matches scanned once each, then
 * the people matches (which read the identifiers' and case terms' hits),
 * then any-of matches, the union of their members' distinct values. */
static gboolean
scan_matches (const PmarkPolicy *policy, const PmarkDocument *doc,
              MatchHits *hits, GError **error)
{
  ScanCache cache;
  scan_cache_init (&cache, doc);
  cache.tolerant = !policy->ocr.no_tolerance;
  gboolean ok = TRUE;
  for (guint i = 0; i < policy->matches->len; i++) {
    const PolicyMatch *m = g_ptr_array_index (policy->matches, i);
    match_hits_init (&hits[i]);
    if (ok && m->kind != MATCH_ANY_OF && m->kind != MATCH_PEOPLE)
      ok = policy_match_scan (m, &cache, &hits[i], error);
  }
  for (guint i = 0; ok && i < policy->matches->len; i++) {
    const PolicyMatch *m = g_ptr_array_index (policy->matches, i);
    if (m->kind == MATCH_PEOPLE)
      ok = policy_people_scan (policy, m, &cache, hits, &hits[i], error);
  }
  scan_cache_clear (&cache);
  if (!ok)
    return FALSE;
  for (guint i = 0; i < policy->matches->len; i++) {
    const PolicyMatch *m = g_ptr_array_index (policy->matches, i);
    if (m->kind != MATCH_ANY_OF)
      continue;
    for (guint k = 0; k < m->members->len; k++) {
      const MatchHits *mh = &hits[g_array_index (m->members, guint, k)];
      GHashTableIter it;
      gpointer key;
      g_hash_table_iter_init (&it, mh->distinct);
      while (g_hash_table_iter_next (&it, &key, NULL))
        g_hash_table_add (hits[i].distinct, g_strdup (key));
      for (guint e = 0; e < mh->examples->len
                        && hits[i].examples->len < PMARK_REASON_MAX_EXAMPLES;
           e++) {
        const MatchExample *src = g_ptr_array_index (mh->examples, e);
        MatchExample *ex = g_new0 (MatchExample, 1);
        ex->where = g_strdup (src->where);
        ex->evidence = g_strdup (src->evidence);
        g_ptr_array_add (hits[i].examples, ex);
      }
    }
  }
  return TRUE;
}

/* The hits of the people match a rule reads (itself, or a member of an
 * any-of it names), else of the policy's first that found someone */
static const MatchHits *
rule_people (const PmarkPolicy *policy, const PolicyRule *rule, const MatchHits *hits)
{
  for (guint k = 0; k < rule->terms->len; k++) {
    guint idx = g_array_index (rule->terms, RuleTerm, k).match;
    const PolicyMatch *m = g_ptr_array_index (policy->matches, idx);
    if (m->kind == MATCH_PEOPLE && hits[idx].people && hits[idx].people->len)
      return &hits[idx];
    for (guint j = 0; m->kind == MATCH_ANY_OF && j < m->members->len; j++) {
      guint leaf = g_array_index (m->members, guint, j);
      if (hits[leaf].people && hits[leaf].people->len)
        return &hits[leaf];
    }
  }
  for (guint i = 0; i < policy->matches->len; i++)
    if (hits[i].people && hits[i].people->len)
      return &hits[i];
  return NULL;
}

/* The rule's sentence for people, its placeholders filled in: {n} the
 * distinct values its first match found, {terms} up to three of the words
 * its keyword matches found (quoted), {level} the level it gives, {who}
 * who it identifies ("a child (J***** S****) named with an age"). */
static char *
explain_rule (const PmarkPolicy *policy, const PolicyRule *rule, const MatchHits *hits)
{
  if (!rule->explain)
    return NULL;
  GString *s = g_string_new (NULL);
  for (const char *p = rule->explain; *p;) {
    if (g_str_has_prefix (p, "{n}")) {
      const RuleTerm *t = &g_array_index (rule->terms, RuleTerm, 0);
      g_string_append_printf (s, "%u", g_hash_table_size (hits[t->match].distinct));
      p += 3;
    } else if (g_str_has_prefix (p, "{terms}")) {
      g_autoptr (GPtrArray) words = g_ptr_array_new ();
      for (guint k = 0; k < rule->terms->len && words->len < 3; k++) {
        const RuleTerm *t = &g_array_index (rule->terms, RuleTerm, k);
        const PolicyMatch *m = g_ptr_array_index (policy->matches, t->match);
        if (m->kind != MATCH_KEYWORDS)
          continue;
        const MatchHits *h = &hits[t->match];
        for (guint e = 0; e < h->examples->len && words->len < 3; e++) {
          const MatchExample *ex = g_ptr_array_index (h->examples, e);
          if (!g_ptr_array_find_with_equal_func (words, ex->evidence, g_str_equal, NULL))
            g_ptr_array_add (words, ex->evidence);
        }
      }
      for (guint w = 0; w < words->len; w++)
        g_string_append_printf (s, "%s'%s'", w ? (w + 1 == words->len ? " and " : ", ") : "",
                                (char *) g_ptr_array_index (words, w));
      p += 7;
    } else if (g_str_has_prefix (p, "{level}")) {
      g_string_append (s, policy_level_name (policy, rule->level));
      p += 7;
    } else if (g_str_has_prefix (p, "{who}")) {
      const MatchHits *ph = rule_people (policy, rule, hits);
      g_autofree char *who = ph ? policy_people_describe (ph) : NULL;
      g_string_append (s, who ? who : "a person");
      p += 5;
    } else {
      g_string_append_c (s, *p++);
    }
  }
  return g_string_free (s, FALSE);
}

static gboolean
rule_fires (const PolicyRule *rule, const MatchHits *hits)
{
  for (guint t = 0; t < rule->terms->len; t++) {
    const RuleTerm *term = &g_array_index (rule->terms, RuleTerm, t);
    if (g_hash_table_size (hits[term->match].distinct) < term->min_count)
      return FALSE;
  }
  return TRUE;
}

/* `s` with every name and address of `secrets` in it (any case) masked */
static char *
mask_secrets (const char *s, GPtrArray *secrets)
{
  GString *out = NULL;
  for (guint k = 0; secrets && k < secrets->len; k++) {
    const char *secret = g_ptr_array_index (secrets, k);
    gsize n = strlen (secret);
    if (n < 3)
      continue;
    const char *text = out ? out->str : s;
    for (const char *p = text; *p; p++) {
      if (g_ascii_strncasecmp (p, secret, n) != 0)
        continue;
      if (!out) {
        out = g_string_new (s);
        p = out->str + (p - s);
      }
      gsize at = (gsize) (p - out->str);
      g_autofree char *m = pmark_mask_name (p, n);
      g_string_erase (out, (gssize) at, (gssize) n);
      g_string_insert (out, (gssize) at, m);
      p = out->str + at + strlen (m) - 1;
    }
  }
  return out ? g_string_free (out, FALSE) : NULL;
}

static void
mask_in_place (const PmarkPolicy *policy, GPtrArray *secrets, char **s)
{
  if (!*s)
    return;
  char *m = pmark_policy_mask (policy, *s);
  g_free (*s);
  *s = m;
  char *n = mask_secrets (*s, secrets);
  if (n) {
    g_free (*s);
    *s = n;
  }
}

/* A place a result names (a member, an attachment, a sheet): its names
 * masked even when no text of the document said them */
static void
mask_place (const PmarkPolicy *policy, GPtrArray *secrets, char **s)
{
  mask_in_place (policy, secrets, s);
  char *n = *s ? recognise_mask_names (policy->recognise, *s) : NULL;
  if (n) {
    g_free (*s);
    *s = n;
  }
}

static void
mask_places (const PmarkPolicy *policy, GPtrArray *secrets, GPtrArray *strings)
{
  for (guint i = 0; strings && i < strings->len; i++)
    mask_place (policy, secrets, (char **) &g_ptr_array_index (strings, i));
}

static void
mask_all (const PmarkPolicy *policy, GPtrArray *secrets, GPtrArray *strings)
{
  for (guint i = 0; strings && i < strings->len; i++)
    mask_in_place (policy, secrets, (char **) &g_ptr_array_index (strings, i));
}

/* Everything a result says that came from a document (places: member,
 * attachment and sheet names; reasons; error messages) is masked where it
 * has an identifier's shape, once, here: every front end, log, header,
 * store and reply takes it from the result (issue: names in locations). */
static PmarkResult *
masked (PmarkResult *r, GPtrArray *secrets)
{
  const PmarkPolicy *policy = r->policy;
  if (r->existing) {
    mask_place (policy, secrets, &r->existing->where);
    mask_in_place (policy, secrets, &r->existing->text);
  }
  for (guint i = 0; i < r->reasons->len; i++) {
    PmarkReason *reason = g_ptr_array_index (r->reasons, i);
    mask_places (policy, secrets, reason->where);
    mask_in_place (policy, secrets, &reason->explanation);
    /* marking text, reasons not read; names and addresses are masked
     * as they are found */
    if (reason->level >= 0 && !reason->match)
      mask_all (policy, secrets, reason->evidence);
  }
  mask_place (policy, secrets, &r->not_inspected_reason);
  mask_places (policy, secrets, r->unread);
  if (r->error)
    mask_in_place (policy, secrets, &r->error->message);
  return r;
}

static PmarkResult *classify_document (PmarkPolicy *policy, const PmarkDocument *doc,
                                       GPtrArray *secrets);

PmarkResult *
pmark_classify_document (PmarkPolicy *policy, const PmarkDocument *doc)
{
  g_autoptr (GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  PmarkResult *r = classify_document (policy, doc, secrets);
  return masked (r, secrets);
}

/* The names and addresses the people matches read, longest first (a
 * full name is masked before the surname inside it) */
static gint
longest_first (gconstpointer a, gconstpointer b)
{
  gsize x = strlen (*(const char *const *) a), y = strlen (*(const char *const *) b);
  return x > y ? -1 : x < y;
}

static void
gather_secrets (const PmarkPolicy *policy, const MatchHits *hits, GPtrArray *secrets)
{
  for (guint i = 0; i < policy->matches->len; i++)
    for (guint k = 0; hits[i].secrets && k < hits[i].secrets->len; k++)
      g_ptr_array_add (secrets, g_strdup (g_ptr_array_index (hits[i].secrets, k)));
  g_ptr_array_sort (secrets, longest_first);
}

static PmarkResult *
classify_document (PmarkPolicy *policy, const PmarkDocument *doc, GPtrArray *secrets)
{
  PmarkResult *r = result_new (policy, doc->name);
  pmark_file_type_copy (&r->type, &doc->type);
  r->existing = find_existing (policy, doc);
  int existing_level = r->existing ? r->existing->level : -1;

  if (!doc->inspected) {
    /* Never the lowest level by default: the existing marking if there is
     * one, otherwise no decision, and the caller flags it for review. */
    r->inspected = FALSE;
    r->not_inspected_reason = g_strdup (doc->not_inspected_reason);
    r->level = existing_level;
    if (r->existing)
      for (guint i = 0; i < r->existing->descriptors->len; i++)
        add_unique (r->descriptors, g_ptr_array_index (r->existing->descriptors, i));
    r->review = policy->not_inspected_level < 0;
    if (policy->not_inspected_level > existing_level) {
      /* the policy's level for what cannot be read */
      r->level = policy->not_inspected_level;
      PmarkReason *reason = reason_new ("not-inspected", NULL, r->level, NULL);
      reason->explanation = g_strdup_printf (
        "Its content could not be read (%s), and what was not read could need any "
        "level: the policy gives such files %s.", r->not_inspected_reason,
        policy_level_name (policy, r->level));
      reason->count = 1;
      g_ptr_array_add (reason->where, g_strdup ("whole file"));
      g_ptr_array_add (reason->evidence, g_strdup (r->not_inspected_reason));
      g_ptr_array_add (r->reasons, reason);
      const PmarkLevel *l = g_ptr_array_index (policy->levels, r->level);
      if (l->requires_descriptor && !r->descriptors->len && l->default_descriptor)
        g_ptr_array_add (r->descriptors, g_strdup (l->default_descriptor));
    }
    return r;
  }

  guint nm = policy->matches->len;
  MatchHits *hits = g_new0 (MatchHits, nm);
  g_autoptr (GArray) fired = g_array_new (FALSE, FALSE, sizeof (guint));
  if (!scan_matches (policy, doc, hits, &r->error)) {
    g_prefix_error (&r->error, "%s: ", r->path);
    goto out;
  }

  int content = policy->default_level;
  for (guint i = 0; i < policy->rules->len; i++) {
    const PolicyRule *rule = g_ptr_array_index (policy->rules, i);
    if (rule_fires (rule, hits)) {
      g_array_append_val (fired, i);
      content = MAX (content, rule->level);
    }
  }
  r->content_level = content;
  int level = MAX (content, existing_level);
  r->level = level;

  /* The reasons are the rules that decided the level, with their
   * evidence; lower rules that also fired are subsumed by them. */
  for (guint f = 0; f < fired->len; f++) {
    const PolicyRule *rule = g_ptr_array_index (policy->rules,
                                                g_array_index (fired, guint, f));
    if (rule->level != level)
      continue;
    for (guint d = 0; d < rule->descriptors->len; d++)
      add_unique (r->descriptors, g_ptr_array_index (rule->descriptors, d));
    g_autofree char *why = explain_rule (policy, rule, hits);
    for (guint t = 0; t < rule->terms->len; t++) {
      const RuleTerm *term = &g_array_index (rule->terms, RuleTerm, t);
      const PolicyMatch *m = g_ptr_array_index (policy->matches, term->match);
      const MatchHits *h = &hits[term->match];
      PmarkReason *reason = reason_new (rule->name, m->name, rule->level,
                                        rule->descriptors);
      reason->explanation = g_strdup (why);
      reason->count = g_hash_table_size (h->distinct);
      for (guint e = 0; e < h->examples->len; e++) {
        const MatchExample *ex = g_ptr_array_index (h->examples, e);
        g_ptr_array_add (reason->where, g_strdup (ex->where));
        g_ptr_array_add (reason->evidence, g_strdup (ex->evidence));
      }
      g_ptr_array_add (r->reasons, reason);
    }
  }
  if (r->existing && existing_level == level) {
    for (guint d = 0; d < r->existing->descriptors->len; d++)
      add_unique (r->descriptors, g_ptr_array_index (r->existing->descriptors, d));
    if (level > policy->default_level || !fired->len) {
      PmarkReason *reason = reason_new ("existing-marking", NULL, level,
                                        r->existing->descriptors);
      reason->explanation = g_strdup_printf (
        "It already carries the marking '%s' (%s), and a marking is never lowered "
        "without a reason given.", r->existing->text, r->existing->where);
      reason->count = 1;
      g_ptr_array_add (reason->where, g_strdup (r->existing->where));
      g_ptr_array_add (reason->evidence, g_strdup (r->existing->text));
      g_ptr_array_add (r->reasons, reason);
    }
  }
  /* Parts that could not be read (an attachment, a member nested too
   * deep, a page that is only an image): what was read gives the level it
   * proves, but the document was not read whole, so it is not inspected,
   * and the policy's not-inspected setting applies as for a whole file.
   * Never the lowest level on a partial read: with nothing found above
   * it, there is no decision (a person reviews). */
  for (guint i = 0; i < doc->unread->len; i++)
    g_ptr_array_add (r->unread, g_strdup (g_ptr_array_index (doc->unread, i)));
  if (doc->unread->len) {
    r->inspected = FALSE;
    r->not_inspected_reason =
      g_strdup_printf ("%u part%s not read (%s)", doc->unread->len,
                       doc->unread->len == 1 ? "" : "s",
                       (char *) g_ptr_array_index (doc->unread, 0));
    r->review = policy->not_inspected_level < 0;
    if (r->review && level <= policy->default_level) {
      r->level = level = -1;
      g_ptr_array_set_size (r->descriptors, 0);
      g_ptr_array_set_size (r->reasons, 0);
    } else if (policy->not_inspected_level > level) {
      r->level = level = policy->not_inspected_level;
      g_ptr_array_set_size (r->descriptors, 0);
      PmarkReason *reason = reason_new ("not-inspected", NULL, level, NULL);
      reason->explanation = g_strdup_printf (
        "%u part%s of it could not be read, and what was not read could need any "
        "level: the policy gives such files %s.", doc->unread->len,
        doc->unread->len == 1 ? "" : "s", policy_level_name (policy, level));
      reason->count = doc->unread->len;
      for (guint i = 0; i < doc->unread->len && i < PMARK_REASON_MAX_EXAMPLES; i++) {
        const char *u = g_ptr_array_index (doc->unread, i);
        g_ptr_array_add (reason->where, g_strdup (u));
        g_ptr_array_add (reason->evidence, g_strdup ("not read"));
      }
      g_ptr_array_add (r->reasons, reason);
    }
  }
  if (level >= 0) {
    const PmarkLevel *l = g_ptr_array_index (policy->levels, level);
    if (l->requires_descriptor && !r->descriptors->len && l->default_descriptor)
      g_ptr_array_add (r->descriptors, g_strdup (l->default_descriptor));
  }

out:
  gather_secrets (policy, hits, secrets);
  for (guint i = 0; i < nm; i++)
    match_hits_clear (&hits[i]);
  g_free (hits);
  if (r->error)
    r->level = r->content_level = -1;
  return r;
}

PmarkResult *
pmark_result_new_error (PmarkPolicy *policy, const char *path, const PmarkFileType *type,
                        GError *error)
{
  PmarkResult *r = result_new (policy, path);
  if (type)
    pmark_file_type_copy (&r->type, type);
  r->error = error;
  return masked (r, NULL);
}

gboolean
pmark_result_over_marked (const PmarkResult *r)
{
  guint margin = r->policy->over_margin;
  return margin && !r->error && r->inspected && r->existing && r->content_level >= 0
         && r->existing->level >= r->content_level + (int) margin;
}

const char *
pmark_result_level_name (const PmarkResult *result)
{
  return policy_level_name (result->policy, result->level);
}

/* ---- output ----------------------------------------------------------- */

/* The path as results show it: an identifier in a file's name masked as
 * evidence is ("nhs 943 *** **19.txt"), and for text output its control
 * characters escaped (a name cannot forge a result line) */
static char *
shown_path (const PmarkResult *r, gboolean text)
{
  g_autofree char *p = pmark_printable (r->path, text);
  return pmark_policy_mask (r->policy, p ? p : r->path);
}

JsonNode *
pmark_result_to_json (const PmarkResult *r)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  g_autofree char *path = shown_path (r, FALSE);
  pmark_json_add_string (b, "path", path);
  pmark_json_add_string (b, "type", r->type.mime);
  pmark_json_add_string (b, "format", r->type.format);
  pmark_json_add_string (b, "extension", r->type.extension);
  json_builder_set_member_name (b, "extension_mismatch");
  json_builder_add_boolean_value (b, r->type.extension_mismatch);
  pmark_json_add_string (b, "extension_type",
                       r->type.extension_mismatch ? r->type.extension_type : NULL);
  pmark_json_add_string (b, "policy", pmark_policy_get_name (r->policy));
  json_builder_set_member_name (b, "inspected");
  json_builder_add_boolean_value (b, r->inspected);
  pmark_json_add_string (b, "level", policy_level_name (r->policy, r->level));
  pmark_json_add_strings (b, "descriptors", r->descriptors);
  pmark_json_add_string (b, "content_level", policy_level_name (r->policy, r->content_level));
  json_builder_set_member_name (b, "over_marked");
  json_builder_add_boolean_value (b, pmark_result_over_marked (r));

  json_builder_set_member_name (b, "existing");
  if (r->existing) {
    json_builder_begin_object (b);
    pmark_json_add_string (b, "level", policy_level_name (r->policy, r->existing->level));
    pmark_json_add_strings (b, "descriptors", r->existing->descriptors);
    pmark_json_add_string (b, "text", r->existing->text);
    pmark_json_add_string (b, "where", r->existing->where);
    pmark_json_add_string (b, "source",
                         pmark_marking_source_name (r->existing->source));
    if (r->existing->scheme)
      pmark_json_add_string (b, "scheme", r->existing->scheme);
    json_builder_end_object (b);
  } else {
    json_builder_add_null_value (b);
  }

  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->reasons->len; i++) {
    const PmarkReason *reason = g_ptr_array_index (r->reasons, i);
    json_builder_begin_object (b);
    pmark_json_add_string (b, "rule", reason->rule);
    pmark_json_add_string (b, "match", reason->match);
    pmark_json_add_string (b, "level", policy_level_name (r->policy, reason->level));
    json_builder_set_member_name (b, "count");
    json_builder_add_int_value (b, reason->count);
    pmark_json_add_strings (b, "where", reason->where);
    pmark_json_add_strings (b, "evidence", reason->evidence);
    if (reason->explanation)
      pmark_json_add_string (b, "explanation", reason->explanation);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "error");
  if (r->error) {
    json_builder_begin_object (b);
    pmark_json_add_string (b, "code", r->error->domain == PMARK_ERROR
                                      ? pmark_error_code_name (r->error->code)
                                      : "internal");
    pmark_json_add_string (b, "message", r->error->message);
    json_builder_end_object (b);
  } else {
    json_builder_add_null_value (b);
  }
  if (!r->inspected) {
    pmark_json_add_string (b, "not_inspected_reason", r->not_inspected_reason);
    if (r->unread->len)
      pmark_json_add_strings (b, "unread", r->unread);
    json_builder_set_member_name (b, "review");
    json_builder_add_boolean_value (b, r->review);
  }
  json_builder_set_member_name (b, "signature");
  if (r->signature)
    json_builder_add_value (b, pmark_signature_check_to_json (r->signature));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
pmark_result_to_line (const PmarkResult *r)
{
  GString *s = g_string_new (NULL);
  g_autofree char *path = shown_path (r, TRUE);
  if (r->error) {
    g_autofree char *message = pmark_printable (r->error->message, TRUE);
    g_string_append_printf (s, "%s: error (%s): %s", path,
                            r->error->domain == PMARK_ERROR
                              ? pmark_error_code_name (r->error->code)
                              : "internal",
                            message ? message : r->error->message);
  } else {
    const char *ln = policy_level_name (r->policy, r->level);
    g_string_append_printf (s, "%s: %s", path,
                            ln ? ln : r->inspected ? "NO DECISION"
                                                   : "NOT INSPECTED");
    for (guint i = 0; i < r->descriptors->len; i++)
      g_string_append_printf (s, "%s%s", i ? ", " : " ",
                              (char *) g_ptr_array_index (r->descriptors, i));
    if (!r->inspected)
      g_string_append_printf (s, " [not inspected: %s%s]",
                              r->not_inspected_reason ? r->not_inspected_reason
                                                      : "content unreadable",
                              r->review ? "; review" : "");
    const char *last_rule = NULL;
    for (guint i = 0; i < r->reasons->len; i++) {
      const PmarkReason *reason = g_ptr_array_index (r->reasons, i);
      gboolean new_rule = g_strcmp0 (last_rule, reason->rule) != 0;
      if (new_rule)
        g_string_append_printf (s, "%s %s:", i ? ";" : " --", reason->rule);
      else
        g_string_append_c (s, ',');
      if (reason->match)
        g_string_append_printf (s, " %s x%u", reason->match, reason->count);
      if (reason->where->len)
        g_string_append_printf (s, " (%s: %s)",
                                (char *) g_ptr_array_index (reason->where, 0),
                                (char *) g_ptr_array_index (reason->evidence, 0));
      last_rule = reason->rule;
    }
    if (pmark_result_over_marked (r))
      g_string_append_printf (s, " [over-marked: the content needs %s]",
                              policy_level_name (r->policy, r->content_level));
  }
  if (r->type.extension_mismatch)
    g_string_append_printf (s, " [extension .%s but content is %s]",
                            r->type.extension, r->type.mime);
  if (r->signature)
    g_string_append_printf (s, " [signed marking: %s]",
                            pmark_signature_state_name (r->signature->state));
  return g_string_free (s, FALSE);
}
