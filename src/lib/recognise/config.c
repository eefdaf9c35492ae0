/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The recognisers' settings: what a policy's [recogniser NAME] sections
 * turn off or add to (pmark.policy(5), RECOGNISERS), and the cues'
 * names. */
#include "config.h"

#include <string.h>

#include "recognise-private.h"

static const char *const recogniser_names[RECOGNISER_COUNT] = {
  [RECOGNISER_NAMES] = "person-names",
  [RECOGNISER_ADDRESSES] = "addresses",
  [RECOGNISER_AGES] = "ages",
  [RECOGNISER_DATES_OF_BIRTH] = "dates-of-birth",
  [RECOGNISER_SCHOOLS] = "schools",
  [RECOGNISER_RELATIONSHIPS] = "relationships",
  [RECOGNISER_ROLES] = "professional-roles",
};

/* The word lists each recogniser takes, and where they go */
typedef struct {
  RecogniserId id;
  const char *key;
  gsize offset;          /* of the GHashTable* in RecogniseConfig */
  gboolean fold;         /* names: folded as the name table's keys */
  const char *what;      /* for pmark.policy(5) and show */
} ListKey;

static const ListKey list_keys[] = {
  { RECOGNISER_NAMES, "forenames", G_STRUCT_OFFSET (RecogniseConfig, forenames), TRUE,
    "more forenames" },
  { RECOGNISER_NAMES, "not-names", G_STRUCT_OFFSET (RecogniseConfig, not_names), TRUE,
    "words never read as names" },
  { RECOGNISER_ADDRESSES, "street-words", G_STRUCT_OFFSET (RecogniseConfig, street_words), FALSE,
    "more kinds of street" },
  { RECOGNISER_DATES_OF_BIRTH, "labels", G_STRUCT_OFFSET (RecogniseConfig, dob_labels), FALSE,
    "more words that say a date is a birth date" },
  { RECOGNISER_SCHOOLS, "words", G_STRUCT_OFFSET (RecogniseConfig, school_words), FALSE,
    "more words that name a school or class" },
  { RECOGNISER_RELATIONSHIPS, "words", G_STRUCT_OFFSET (RecogniseConfig, relation_words), FALSE,
    "more words for family members" },
  { RECOGNISER_ROLES, "job-titles", G_STRUCT_OFFSET (RecogniseConfig, job_titles), FALSE,
    "more job titles and agencies" },
  { RECOGNISER_ROLES, "work-domains", G_STRUCT_OFFSET (RecogniseConfig, work_domains), FALSE,
    "more e-mail domains of organisations" },
  { RECOGNISER_ROLES, "public-titles", G_STRUCT_OFFSET (RecogniseConfig, public_titles), FALSE,
    "more titles of public figures" },
};

RecogniseConfig *
recognise_config_new (void)
{
  RecogniseConfig *cfg = g_new0 (RecogniseConfig, 1);
  for (int i = 0; i < RECOGNISER_COUNT; i++)
    cfg->enabled[i] = TRUE;
  return cfg;
}

void
recognise_config_free (RecogniseConfig *cfg)
{
  if (!cfg)
    return;
  for (gsize k = 0; k < G_N_ELEMENTS (list_keys); k++) {
    GHashTable **set = G_STRUCT_MEMBER_P (cfg, list_keys[k].offset);
    if (*set)
      g_hash_table_unref (*set);
  }
  g_free (cfg);
}

int
recognise_lookup (const char *name)
{
  for (int i = 0; i < RECOGNISER_COUNT; i++)
    if (strcmp (recogniser_names[i], name) == 0)
      return i;
  return -1;
}

const char *
recognise_name (RecogniserId id)
{
  return id < RECOGNISER_COUNT ? recogniser_names[id] : NULL;
}

gboolean
recognise_config_set (RecogniseConfig *cfg, RecogniserId id, const char *key,
                      const char *value, GError **error)
{
  if (strcmp (key, "enabled") == 0) {
    if (!g_ascii_strcasecmp (value, "true") || !g_ascii_strcasecmp (value, "yes"))
      cfg->enabled[id] = TRUE;
    else if (!g_ascii_strcasecmp (value, "false") || !g_ascii_strcasecmp (value, "no"))
      cfg->enabled[id] = FALSE;
    else {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                   "enabled must be true or false, not '%s'", value);
      return FALSE;
    }
    return TRUE;
  }
  GString *known = g_string_new ("enabled");
  for (gsize k = 0; k < G_N_ELEMENTS (list_keys); k++) {
    if (list_keys[k].id != id)
      continue;
    g_string_append_printf (known, ", %s", list_keys[k].key);
    if (strcmp (list_keys[k].key, key) != 0)
      continue;
    g_string_free (known, TRUE);
    GHashTable **set = G_STRUCT_MEMBER_P (cfg, list_keys[k].offset);
    if (!*set)
      *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_auto (GStrv) words = g_strsplit (value, ",", -1);
    for (char **w = words; *w; w++) {
      char *t = g_strstrip (*w);
      if (!*t)
        continue;
      char buf[64];
      if (list_keys[k].fold) {
        if (!name_fold (t, strlen (t), buf, sizeof buf)) {
          g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                       "%s: '%s' is too long for a name", key, t);
          return FALSE;
        }
        g_hash_table_add (*set, g_strdup (buf));
      } else {
        g_hash_table_add (*set, g_ascii_strdown (t, -1));
      }
    }
    return TRUE;
  }
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
               "unknown key '%s' for recogniser %s (known: %s)", key,
               recogniser_names[id], known->str);
  g_string_free (known, TRUE);
  return FALSE;
}

void
recognise_config_show (const RecogniseConfig *cfg, RecogniserId id, GString *out)
{
  g_string_append_printf (out, "enabled = %s\n", cfg->enabled[id] ? "true" : "false");
  for (gsize k = 0; k < G_N_ELEMENTS (list_keys); k++) {
    if (list_keys[k].id != id)
      continue;
    GHashTable *const *set = G_STRUCT_MEMBER_P (cfg, list_keys[k].offset);
    if (!*set || !g_hash_table_size (*set))
      continue;
    g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (*set, NULL);
    guint n = g_hash_table_size (*set);
    qsort (keys, n, sizeof *keys, (int (*) (const void *, const void *)) g_strcmp0);
    g_string_append_printf (out, "%s = ", list_keys[k].key);
    for (guint i = 0; i < n; i++)
      g_string_append_printf (out, "%s%s", i ? ", " : "", keys[i]);
    g_string_append_c (out, '\n');
  }
}

static const struct {
  PersonCue cue;
  const char *name;
  const char *phrase;
} cue_names[] = {
  { CUE_ADDRESS, "address", "a home address" },
  { CUE_DOB, "date-of-birth", "a date of birth" },
  { CUE_AGE, "age", "an age" },
  { CUE_SCHOOL, "school", "a school or year group" },
  { CUE_RELATIONSHIP, "relationship", "a family relationship" },
  { CUE_IDENTIFIER, "identifier", "an identifier" },
  { CUE_CASE_SUBJECT, "case-subject", "the subject of a case record" },
};

gboolean
recognise_parse_cues (const char *list, guint *cues, GError **error)
{
  g_auto (GStrv) words = g_strsplit (list, ",", -1);
  guint c = 0;
  for (char **w = words; *w; w++) {
    char *t = g_strstrip (*w);
    if (!*t)
      continue;
    gboolean found = FALSE;
    for (gsize k = 0; k < G_N_ELEMENTS (cue_names); k++)
      if (strcmp (cue_names[k].name, t) == 0) {
        c |= cue_names[k].cue;
        found = TRUE;
      }
    if (!found) {
      GString *known = g_string_new (NULL);
      for (gsize k = 0; k < G_N_ELEMENTS (cue_names); k++)
        g_string_append_printf (known, "%s%s", k ? ", " : "", cue_names[k].name);
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_POLICY,
                   "unknown cue '%s' (known: %s)", t, known->str);
      g_string_free (known, TRUE);
      return FALSE;
    }
  }
  *cues = c;
  return TRUE;
}

const char *
recognise_cue_name (PersonCue cue)
{
  for (gsize k = 0; k < G_N_ELEMENTS (cue_names); k++)
    if (cue_names[k].cue == cue)
      return cue_names[k].name;
  return NULL;
}

const char *
recognise_cue_phrase (PersonCue cue)
{
  for (gsize k = 0; k < G_N_ELEMENTS (cue_names); k++)
    if (cue_names[k].cue == cue)
      return cue_names[k].phrase;
  return NULL;
}
