/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Professional roles, which keep staff out of the people a document is
 * about: titles (Dr, PC, Cllr), job titles beside a name ("Mrs Collins,
 * PE Lead", "Priya Shah (Senior Practitioner)", "social worker Mark
 * Evans"), agencies, work e-mail addresses, signature blocks (a closing,
 * a name, a role), and the fields that list staff ("Present:",
 * "Referrer:", "Allocated worker:"). Public figures (councillors, MPs) are
 * told apart by their titles too. */
#include "config.h"

#include <string.h>

#include "recognise-private.h"

static const char *const private_titles[] = {
  "mr", "mrs", "ms", "miss", "mx", "master", "mstr", NULL,
};
static const char *const professional_titles[] = {
  "dr", "doctor", "prof", "professor", "pc", "dc", "ds", "di", "dci", "dcs",
  "dsi", "sgt", "sergeant", "insp", "inspector", "det", "detective", "pcso",
  "cst", "constable", "supt", "superintendent", "rev", "revd", "reverend",
  "fr", "imam", "rabbi", "pastor", "nurse", "sister", "matron", "judge", "hhj",
  "dj", "ddj", NULL,
};
static const char *const public_titles[] = {
  "cllr", "councillor", "mp", "mep", "msp", "mayor", "lord", "lady",
  "baroness", "baron", "sir", "dame", "minister", "alderman", "rt", NULL,
};

guint
role_title (const RecogniseConfig *cfg, const Window *w, guint i, TitleKind *kind)
{
  if (i >= w->n || !(w->t[i].flags & TOK_ALPHA) || (w->t[i].flags & TOK_DIGIT))
    return 0;
  TitleKind k = TITLE_NONE;
  if (tok_lex (w, i, LEX_TITLE_PRIVATE))
    k = TITLE_PRIVATE;
  else if (tok_lex (w, i, LEX_TITLE_PROF))
    k = TITLE_PROFESSIONAL;
  else if (tok_lex (w, i, LEX_TITLE_PUBLIC)
           || config_has_word (cfg->public_titles, w, i))
    k = TITLE_PUBLIC;
  if (k == TITLE_NONE)
    return 0;
  /* titles are written with a capital ("sister" and "judge" are words);
   * "mr"/"mrs" also in hurried notes */
  if (!(w->t[i].flags & TOK_CAP) && k != TITLE_PRIVATE)
    return 0;
  /* "Sister" (a nurse) and "Lady" only as titles before a capitalised
   * word: the caller checks a name follows */
  *kind = k;
  return tok_punct (w, i + 1, '.') && !(w->t[i + 1].flags & TOK_SPACE_BEFORE) ? 2 : 1;
}

/* Heads of job titles: the last word of "Family Support Worker", "PE
 * Lead", "Team Manager"; and abbreviations used alone ("SW", "DSL"). */
static const char *const role_words[] = {
  "worker", "workers", "manager", "practitioner", "lead", "leader", "coordinator",
  "co-ordinator", "officer", "teacher", "head", "headteacher", "headmaster",
  "headmistress", "principal", "nurse", "visitor", "midwife", "doctor",
  "paediatrician", "pediatrician", "consultant", "gp", "therapist",
  "psychologist", "psychiatrist", "counsellor", "counselor", "advisor",
  "adviser", "assistant", "administrator", "admin", "director", "chair",
  "chairperson", "clerk", "secretary", "receptionist", "governor", "senco",
  "dsl", "ddsl", "sw", "ssw", "tm", "hv", "iro", "idva", "isva", "pcso",
  "constable", "sergeant", "inspector", "detective", "solicitor", "barrister",
  "mentor", "tutor", "volunteer", "caseworker", "keyworker", "supervisor",
  "analyst", "specialist", "navigator", "champion", "trustee", "vicar",
  "coach", "instructor", "lecturer", "librarian", "technician", "paramedic",
  "pharmacist", "dentist", "registrar", "surgeon", "physician", "deputy",
  "senior", "designated", "safeguarding", "police", "pc", "dc", "ds", "di",
  "cp", "chaplain", "minute-taker", "minutes", "interpreter", "translator",
  "manageress", "ceo", "cfo", "coo", "commissioner", "staff", "lac",
  "ot", "slt", "salt", "ep", "fsw", "ehp", "yot", "sro", "rsw", "asw", "nqsw",
  "aswye", "pa", "ta", "hlta", "lsa", "sendco", "slt", "hoy", "dhoy",
  "headteacher's", "caretaker", "cook", "driver", "guard", "steward",
  "warden", "facilitator", "trainer", "organiser", "organizer", "planner",
  "executive", "engineer", "developer", "accountant", "auditor", "agent",
  "representative", "rep", "liaison", "partner's", "caldicott", NULL,
};

/* Agencies and services, in brackets or after a comma beside a name */
static const char *const agencies[] = {
  "csc", "cs", "mash", "nhs", "police", "met", "council", "cafcass", "camhs",
  "yot", "yjs", "school", "academy", "college", "nursery", "hospital",
  "surgery", "practice", "clinic", "trust", "service", "services", "team",
  "unit", "nspcc", "barnardo's", "barnardos", "refuge", "probation",
  "housing", "edt", "lado", "iro", "idva", "ehm", "ehu", "fst", "cin", "cp",
  "lbl", "lbh", "rbkc", "gp", "ltd", "charity", "centre", "center",
  "partnership", "board", "office", "department", "directorate", "authority",
  "constabulary", "hmpps", "dwp", "nhse", "ukhsa", "ofsted", "dfe", "ccg",
  "icb", "cic", NULL,
};

gboolean
role_word (const RecogniseConfig *cfg, const Window *w, guint i)
{
  return tok_lex (w, i, LEX_ROLE)
         || (cfg && config_has_word (cfg->job_titles, w, i));
}

static gboolean
agency_word (const Window *w, guint i)
{
  return tok_lex (w, i, LEX_AGENCY);
}

/* Lower-case words that qualify a job ("class teacher", "senior social
 * worker", "family support worker") */
static const char *const modifiers[] = {
  "social", "support", "class", "family", "key", "lead", "senior", "school",
  "health", "training", "team", "duty", "early", "help", "youth", "practice",
  "student", "community", "specialist", "deputy", "assistant", "safeguarding",
  "designated", "case", "link", "liaison", "outreach", "police", "project",
  "admissions", "attendance", "pastoral", "learning", "mental", "allocated",
  "children's", "child", "protection", "independent", "reviewing", "domestic",
  "abuse", "violence", "housing", "welfare", "education", "behaviour",
  "inclusion", "personal", "business", "office", "finance", "parent",
  "parenting", "foster", "fostering", "adoption", "residential", "care",
  "nursery", "reception", "head", "art", "music", "pe", "maths", "english",
  "science", "year", "form", "subject", "named", "school's", "practice's",
  "hospital", "ward", "staff", "qualified", "newly", "principal", "chief",
  "clinical", "nurse", "medical", "community", "paediatric", "neonatal",
  "sexual", "exploitation", "missing", "contextual", "virtual", "welfare",
  "benefits", "tenancy", "neighbourhood", "anti-social", "resettlement",
  "probation", "victim", "witness", "court", "legal", "night", "day",
  "on-call", "emergency", "out-of-hours", "the", "our", "his", "her", "their",
  "your", "my", "a", "an", "new", "acting", "interim", "locum", "agency",
  "relief", "bank", "trainee", "apprentice", "graduate", "junior", NULL,
};

/* Whether the capitalised word at i could be a word of a job title
 * rather than a person's forename */
static gboolean
title_case_modifier (const RecogniseConfig *cfg, const Window *w, guint i)
{
  if (!(w->t[i].flags & TOK_CAP) || (w->t[i].flags & TOK_DIGIT))
    return FALSE;
  if (w->t[i].flags & TOK_UPPER)
    return TRUE; /* PE, SEN, CP */
  NameInfo ni;
  if (tok_names (cfg, w, i, &ni)
      && (ni.flags & NAME_FORENAME) && !(ni.flags & NAME_WORD))
    return FALSE;
  return TRUE;
}

guint
role_match (const RecogniseConfig *cfg, const Window *w, guint i)
{
  if (i >= w->n || !(w->t[i].flags & TOK_ALPHA))
    return 0;
  /* up to five words ending in a role or agency word: "Senior
   * Practitioner", "Family Support Worker", "PE Lead", "class teacher",
   * "Luton CSC"; the words before it qualify a job or name an agency */
  guint best = 0;
  for (guint k = 0, j = i; k < 5 && j < w->n && tok_same_line (w, i, j); k++, j++) {
    if (j > i && (w->t[j].flags & TOK_CELL_START))
      break;
    if (tok_punct (w, j, '&') || tok_punct (w, j, '/'))
      continue;
    if (!(w->t[j].flags & TOK_ALPHA))
      break;
    /* "Head of Year 9", "Director of Children's Services" */
    if ((tok_is (w, j, "head") || tok_is (w, j, "director") || tok_is (w, j, "lead")
         || tok_is (w, j, "manager") || tok_is (w, j, "chair"))
        && (tok_is (w, j + 1, "of") || tok_is (w, j + 1, "for"))
        && tok_same_line (w, j, j + 2)) {
      guint e = j + 2;
      while (e < w->n && e < j + 6 && tok_same_line (w, i, e)
             && ((w->t[e].flags & (TOK_CAP | TOK_DIGIT)) || tok_is (w, e, "and")))
        e++;
      return e - i;
    }
    if (role_word (cfg, w, j) || agency_word (w, j)) {
      best = j + 1 - i;
      continue;
    }
    if (tok_lex (w, j, LEX_MODIFIER) || title_case_modifier (cfg, w, j))
      continue;
    break;
  }
  return best;
}

static const char *const work_suffixes[] = {
  ".gov.uk", ".nhs.net", ".nhs.uk", ".sch.uk", ".police.uk", ".pnn.police.uk",
  ".ac.uk", ".org.uk", ".cjsm.net", ".gcsx.gov.uk", ".org", ".co.uk", ".com",
  ".gov.scot", ".gov.wales", ".llyw.cymru", ".mod.uk", ".parliament.uk", NULL,
};
/* personal mailboxes: a parent's address is no work address */
static const char *const personal_domains[] = {
  "gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "yahoo.com",
  "yahoo.co.uk", "outlook.com", "live.com", "live.co.uk", "icloud.com",
  "me.com", "aol.com", "aol.co.uk", "btinternet.com", "sky.com", "talktalk.net",
  "virginmedia.com", "ntlworld.com", "mail.com", "protonmail.com", "proton.me",
  "msn.com", "gmx.com", "gmx.co.uk", "ymail.com", "tiscali.co.uk", NULL,
};

guint
role_email (const RecogniseConfig *cfg, const Window *w, guint i, gboolean *work)
{
  /* local@domain.tld: the tokens touch one another */
  if (i >= w->n || !(w->t[i].flags & (TOK_ALPHA | TOK_DIGIT)))
    return 0;
  guint j = i;
  while (j + 1 < w->n && w->t[j + 1].start == w->t[j].end
         && (tok_punct (w, j + 1, '.') || tok_punct (w, j + 1, '_')
             || tok_punct (w, j + 1, '+')) && j + 2 < w->n
         && w->t[j + 2].start == w->t[j + 1].end)
    j += 2;
  if (!tok_punct (w, j + 1, '@') || w->t[j + 1].start != w->t[j].end)
    return 0;
  guint d = j + 2, e = d;
  if (e >= w->n || w->t[e].start != w->t[j + 1].end)
    return 0;
  while (e + 2 < w->n && tok_punct (w, e + 1, '.') && w->t[e + 1].start == w->t[e].end
         && w->t[e + 2].start == w->t[e + 1].end && (w->t[e + 2].flags & TOK_ALPHA))
    e += 2;
  if (e == d)
    return 0;
  gsize ds = w->t[d].start, de = w->t[e].end;
  g_autofree char *domain = g_ascii_strdown (w->text + ds, (gssize) (de - ds));
  gboolean personal = FALSE;
  for (int k = 0; personal_domains[k]; k++)
    personal |= strcmp (domain, personal_domains[k]) == 0;
  gboolean wk = FALSE;
  if (!personal) {
    g_autofree char *dotted = g_strconcat (".", domain, NULL);
    for (int k = 0; work_suffixes[k]; k++)
      wk |= g_str_has_suffix (dotted, work_suffixes[k]);
    if (cfg->work_domains) {
      GHashTableIter it;
      gpointer key;
      g_hash_table_iter_init (&it, cfg->work_domains);
      while (g_hash_table_iter_next (&it, &key, NULL)) {
        g_autofree char *suffix = g_strconcat (".", (char *) key, NULL);
        wk |= g_str_has_suffix (dotted, suffix);
      }
    }
  }
  *work = wk;
  return e + 1 - i;
}

gboolean
role_email_personal (const Window *w, guint i, guint len)
{
  guint at = i;
  while (at < i + len && !tok_punct (w, at, '@'))
    at++;
  if (at + 1 >= i + len)
    return FALSE;
  gsize ds = w->t[at + 1].start, de = w->t[i + len - 1].end;
  g_autofree char *domain = g_ascii_strdown (w->text + ds, (gssize) (de - ds));
  for (int k = 0; personal_domains[k]; k++)
    if (strcmp (domain, personal_domains[k]) == 0)
      return TRUE;
  return FALSE;
}

/* One-word closings of letters and e-mails */
static const char *const closings[] = {
  "regards", "thanks", "thank", "cheers", "sincerely", "faithfully", "best",
  "signed", "yours", "warmly", "respectfully", "ta", "thx", "rgds", NULL,
};

guint
role_closing (const Window *w, guint i)
{
  if (i >= w->n)
    return 0;
  /* "Kind regards", "Best wishes", "Many thanks", "Yours sincerely" */
  if ((tok_is (w, i, "kind") || tok_is (w, i, "best") || tok_is (w, i, "warm")
       || tok_is (w, i, "warmest"))
      && (tok_is (w, i + 1, "regards") || tok_is (w, i + 1, "wishes")))
    return 2;
  if ((tok_is (w, i, "many") || tok_is (w, i, "thank")) && (tok_is (w, i + 1, "thanks")
                                                            || tok_is (w, i + 1, "you")))
    return 2;
  if (tok_is (w, i, "yours") && (tok_is (w, i + 1, "sincerely") || tok_is (w, i + 1, "faithfully")))
    return 2;
  return tok_lex (w, i, LEX_CLOSING) ? 1 : 0;
}

/* Field labels whose names are staff's */
static const char *const staff_labels[] = {
  "present", "attendees", "attending", "attendance", "apologies", "distribution",
  "chair", "chaired", "author", "authors", "owner", "signed", "referrer",
  "worker", "sw", "manager",
  "approved", "reviewed", "prepared", "completed", "written", "recorded",
  "minutes", "minute", "officer", "allocated", "lead", "practitioner",
  "teacher", "dsl", "hv", "gp", "iro", "consultant", "clinician", "nurse",
  "visitor", "midwife", "sender", "requester", "requested", "assessor",
  "supervisor", "verified", "checked", "signature", "copy", "copies",
  "trainer", "facilitator", "presenter", "speaker", "host", "organiser",
  "agency", "role", "professional", "professionals", "staff", "team", "duty",
  "on-call", "interpreter", "notetaker", "note-taker", NULL,
};

guint
role_label (const Window *w, guint i)
{
  /* up to four words then ':' ("Allocated social worker:", "In
   * attendance:", "Minutes taken by:") */
  for (guint k = 0, j = i; k < 5 && j < w->n && tok_same_line (w, i, j); k++, j++) {
    if (tok_punct (w, j, ':')) {
      /* the label's last word says what it lists: "Allocated worker:",
       * "Minutes taken by:" (by: its first word), "Present:" */
      if (j == i)
        return 0;
      guint head = j - 1;
      if (tok_is (w, head, "by") || tok_is (w, head, "from") || tok_is (w, head, "to"))
        head = i;
      /* "Supervisor key:", "Staff list:", "Worker details:": what the
       * first word says */
      if (head > i && (tok_is (w, head, "key") || tok_is (w, head, "list")
                       || tok_is (w, head, "names") || tok_is (w, head, "details")
                       || tok_is (w, head, "initials") || tok_is (w, head, "contacts")))
        head = i;
      if (tok_lex (w, head, LEX_STAFF_LABEL) || role_word (NULL, w, head)
          || tok_is (w, j - 1, "by"))
        return j + 1 - i;
      return 0;
    }
    if (!(w->t[j].flags & TOK_ALPHA))
      return 0;
  }
  return 0;
}

guint
role_phone (const Window *w, guint i)
{
  /* 020 7946 0000, 07700 900123, 01632 960123, +44 7700 900123, (0161)
   * 496 0000: ten or eleven digits in up to four groups */
  guint j = i, digits = 0, groups = 0;
  gboolean plus = FALSE;
  if (tok_punct (w, j, '+')) {
    plus = TRUE;
    j++;
  }
  if (tok_punct (w, j, '(')) {
    j++;
  }
  while (j < w->n && groups < 5 && tok_same_line (w, i, j)) {
    if (tok_punct (w, j, ')') || tok_punct (w, j, '-')) {
      j++;
      continue;
    }
    if (w->t[j].flags & (TOK_ALPHA | TOK_PUNCT))
      break;
    if (groups == 0 && !plus && w->text[w->t[j].start] != '0')
      return 0;
    digits += (guint) tok_len (w, j);
    groups++;
    j++;
    if (digits >= 10)
      break;
  }
  if (plus ? (digits < 11 || digits > 13) : (digits < 10 || digits > 11))
    return 0;
  return j - i;
}

const LexList roles_lexicon[] = {
  { private_titles, LEX_TITLE_PRIVATE }, { professional_titles, LEX_TITLE_PROF },
  { public_titles, LEX_TITLE_PUBLIC }, { role_words, LEX_ROLE }, { agencies, LEX_AGENCY },
  { modifiers, LEX_MODIFIER }, { closings, LEX_CLOSING }, { staff_labels, LEX_STAFF_LABEL },
  { NULL, 0 },
};
