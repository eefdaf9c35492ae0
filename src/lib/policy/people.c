/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A people match (recogniser = people): the recognisers of recognise/
 * run over the document's text as matching sees it, their people made a
 * match's hits: one distinct value per person identified, the examples
 * their masked names, and the names and addresses read, for masking. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "policy-private.h"

static gint
by_place (gconstpointer a, gconstpointer b)
{
  const MatchSpan *x = a, *y = b;
  if (x->part != y->part)
    return x->part < y->part ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

static char *
describe_place (const FoundPerson *p)
{
  if (p->where && p->line)
    return g_strdup_printf ("%s, line %u", p->where, p->line);
  if (p->line)
    return g_strdup_printf ("line %u", p->line);
  return g_strdup (p->where ? p->where : "text");
}

/* A column view whose header is words ("column B (NHS number)"), not a
 * first row of values taken for one */
static gboolean
named_column (const PmarkTextPart *part)
{
  if (!part->column || !part->where)
    return FALSE;
  const char *h = strstr (part->where, "column ");
  h = h ? strchr (h, '(') : NULL;
  return h && !strpbrk (h, "0123456789*");
}

gboolean
policy_people_scan (const PmarkPolicy *policy, const PolicyMatch *m,
                    ScanCache *cache, MatchHits *all, MatchHits *hits,
                    GError **error)
{
  const PmarkDocument *doc = cache->doc;
  gboolean case_record = m->case_match >= 0
                         && g_hash_table_size (all[m->case_match].distinct) > 0;
  PeopleScan *scan = people_scan_new (policy->recognise, case_record);
  /* the identifiers, in the order of the text */
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (MatchSpan));
  for (guint k = 0; m->id_members && k < m->id_members->len; k++) {
    const MatchHits *ih = &all[g_array_index (m->id_members, guint, k)];
    if (ih->spans)
      g_array_append_vals (spans, ih->spans->data, ih->spans->len);
  }
  g_array_sort (spans, by_place);
  for (guint k = 0; k < spans->len; k++) {
    const MatchSpan *sp = &g_array_index (spans, MatchSpan, k);
    people_scan_add_identifier (scan, sp->part, sp->start, sp->end, sp->canon);
  }
  /* the lines a case term is on */
  const GArray *terms = case_record ? all[m->case_match].spans : NULL;
  for (guint k = 0; terms && k < terms->len; k++) {
    const MatchSpan *sp = &g_array_index (terms, MatchSpan, k);
    people_scan_add_case_term (scan, sp->part, sp->start);
  }
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < doc->parts->len; i++) {
    const PmarkTextPart *orig = g_ptr_array_index (doc->parts, i);
    const PmarkTextPart *view = g_ptr_array_index (cache->view, i);
    /* the view is the part normalised (its flags are the part's) */
    PmarkTextPart part = *view;
    part.column = orig->column;
    ok = people_scan_part (scan, doc, i, &part, error);
  }
  if (ok) {
    hits->people = people_scan_finish (scan, m->cues);
    /* someone known only by an identifier: where it was, masked (for
     * those the reasons show) */
    guint shown = 0;
    for (guint k = 0; k < hits->people->len && shown < PMARK_REASON_MAX_EXAMPLES; k++) {
      FoundPerson *p = g_ptr_array_index (hits->people, k);
      if (p->evidence) {
        shown++;
        continue;
      }
      if (!g_str_has_prefix (p->key, "id:"))
        continue;
      shown++;
      /* where it stands under its column's header if a table has it
       * ("column B (NHS number), line 7"), else where first found */
      const MatchSpan *best = NULL;
      for (guint j = 0; j < spans->len; j++) {
        const MatchSpan *sp = &g_array_index (spans, MatchSpan, j);
        if (strcmp (sp->canon, p->key + 3) != 0)
          continue;
        const PmarkTextPart *part = g_ptr_array_index (doc->parts, sp->part);
        if (!best || (named_column (part)
                      && !named_column (g_ptr_array_index (doc->parts, best->part))))
          best = sp;
      }
      if (best) {
        const MatchSpan *sp = best;
        const PmarkTextPart *view = g_ptr_array_index (cache->view, sp->part);
        p->evidence = pmark_mask (view->text + sp->start, sp->end - sp->start);
        p->where = g_strdup (view->where);
        p->part = sp->part;
        if (view->lines) {
          p->line = 1;
          for (const char *c = view->text, *e = view->text + sp->start;
               (c = memchr (c, '\n', (gsize) (e - c))); c++)
            p->line++;
        }
      }
    }
    hits->secrets = people_scan_secrets (scan);
    for (guint k = 0; k < hits->people->len; k++) {
      const FoundPerson *p = g_ptr_array_index (hits->people, k);
      g_hash_table_add (hits->distinct, g_strdup (p->key));
      if (p->evidence && hits->examples->len < PMARK_REASON_MAX_EXAMPLES) {
        MatchExample *ex = g_new0 (MatchExample, 1);
        ex->where = describe_place (p);
        ex->evidence = g_strdup (p->evidence);
        g_ptr_array_add (hits->examples, ex);
      }
      for (guint a = 0; p->secrets && a < p->secrets->len; a++)
        g_ptr_array_add (hits->secrets, g_strdup (g_ptr_array_index (p->secrets, a)));
    }
  }
  people_scan_free (scan);
  return ok;
}

static const char *
kind_word (PersonKind k)
{
  return k == PERSON_CHILD ? "a child" : k == PERSON_ADULT ? "a parent or relative"
                                                           : "a person";
}

/* "a child (J***** S****) named with a home address and an age" */
static void
describe_one (GString *s, const FoundPerson *p)
{
  if (g_str_has_prefix (p->key, "id:")) {
    g_string_append (s, "a person by an identifier (an NHS, CHI, National Insurance "
                        "or pupil number)");
    return;
  }
  g_string_append_printf (s, "%s (%s)", kind_word (p->kind), p->evidence);
  g_autoptr (GPtrArray) phrases = g_ptr_array_new ();
  for (guint c = 1; c < CUE_ALL; c <<= 1)
    if ((p->cues & c) && c != CUE_CASE_SUBJECT)
      g_ptr_array_add (phrases, (gpointer) recognise_cue_phrase ((PersonCue) c));
  for (guint k = 0; k < phrases->len; k++)
    g_string_append_printf (s, "%s%s", k == 0 ? " named with " : k + 1 == phrases->len ? " and " : ", ",
                            (char *) g_ptr_array_index (phrases, k));
  if (p->cues & CUE_CASE_SUBJECT)
    g_string_append_printf (s, "%s%s", phrases->len ? ", " : " ",
                            recognise_cue_phrase (CUE_CASE_SUBJECT));
}

char *
policy_people_describe (const MatchHits *hits)
{
  if (!hits->people || !hits->people->len)
    return NULL;
  GString *s = g_string_new (NULL);
  guint n = hits->people->len;
  if (n > 1)
    g_string_append_printf (s, "%u people, among them ", n);
  /* the first person named with the most cues */
  const FoundPerson *best = g_ptr_array_index (hits->people, 0);
  for (guint k = 1; k < n && k < 50; k++) {
    const FoundPerson *p = g_ptr_array_index (hits->people, k);
    if (p->evidence && (!best->evidence
                        || __builtin_popcount (p->cues) > __builtin_popcount (best->cues)))
      best = p;
  }
  describe_one (s, best);
  return g_string_free (s, FALSE);
}
