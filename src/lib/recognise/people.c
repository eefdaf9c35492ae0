/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* People named, not numbered: who a document is about. The other files
 * of this folder find the words (names, addresses, ages, dates, schools,
 * relationships, roles); this one finds the people they are about, the
 * way practitioners write them:
 *  - a mention is a name: forename and surname ("Jayden Smith"), a title
 *    and a surname ("Ms Price"), a first name alone ("Amira (9)", "her son
 *    Zayn"), or a name in a table's name column;
 *  - what stands beside a mention is its cue: on the same line after a
 *    comma or in brackets ("Jayden Smith, aged 7, Year 3"), in the same
 *    sentence ("lives at 14 Elm Road"), in the same row of a table, or in
 *    a labelled field of the same block ("Address: ...", "DOB: ...");
 *  - a mention beside a job title, an agency, a work e-mail address, in a
 *    signature block or a list of those present is a professional's; with
 *    a public title (Councillor, MP) a public figure's: neither is a
 *    private individual;
 *  - mentions of one person (full name, first name later, title and
 *    surname) are one person, and a person is identified when any cue the
 *    policy asks for is found for them; in a case record the subjects it
 *    names are identified by being named in it (CUE_CASE_SUBJECT).
 * The text is read in windows of lines, so memory does not grow with the
 * document, only with the people in it. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "recognise-private.h"

#define WINDOW_BYTES 65536
#define MAX_ENTITIES 200000
#define MAX_NAME_TOKENS 4

typedef struct _Entity Entity;
typedef struct _TableInfo TableInfo;
struct _Entity {
  char *key;
  char *name;           /* as first written */
  char *forename;       /* folded, or NULL */
  char *surname;        /* folded, or NULL */
  guint cues;
  guint prof, priv, pub;/* votes: professional, private (family), public */
  gboolean subject;     /* named in a subject field (Child:, Name:, Re:) */
  gboolean on_title;    /* named in the first line (a record's title) */
  gboolean row_case;    /* first on a row or list line with a case term */
  gboolean near_case;   /* a mention within a few lines of a case term */
  gboolean close_case;  /* ... within a sentence or two of one */
  gboolean record_title;/* the title of a record (fields under it) */
  gboolean resident;    /* called the tenant, resident or occupier */
  guint64 id_kinds;     /* the kinds of identifier claimed (by shape:
                         * an NHS number and a UPN are one child's) */
  gboolean titled;      /* named in a title that calls it a record
                         * ("PUPIL PASSPORT - Dawit Tesfaye") */
  gboolean invented;    /* said to be no real name ("let's call her Lily") */
  gboolean sure;        /* a mention by the name data, or with context */
  guint corr;           /* mentions in greetings and sign-offs */
  gboolean greeted;     /* named after "Dear", "Hi": whom it is written to */
  gboolean full;
  guint mentions;
  PersonKind kind;
  guint part, line;
  char *where;
  guint order;
  Entity *into;         /* merged into */
  GPtrArray *addresses; /* char*, as written */
};

struct _TableInfo {
  char delim;
  guint header_line;     /* the part's line of the header */
  GArray *roles;         /* ColRole per column */
  gboolean staff;        /* a list of staff: job titles, teams, work
                          * lines, and nothing of children or families */
  GPtrArray *headers;    /* char*, each column's */
};

typedef struct {
  gsize start, end;
  char *canon;
} IdSpan;

typedef struct {
  gboolean claimed;
  Entity *by;           /* the row's person who claimed it, if known */
} IdInfo;

struct _PeopleScan {
  const RecogniseConfig *cfg;
  gboolean case_record;
  GHashTable *entities;   /* key -> Entity* (owned) */
  GPtrArray *order;       /* Entity*, by first mention */
  GHashTable *ids;        /* canon -> IdInfo* */
  GHashTable *id_spans;   /* part (guint) -> GArray of IdSpan */
  GHashTable *case_terms; /* part (guint) -> GArray of gsize, ascending */
  GHashTable *work_names; /* folded "first last" from work e-mail addresses */
  GPtrArray *secrets;     /* char*: addresses as written */
  Window w;
  guint part;
  const PmarkTextPart *text_part;
  guint first_line;       /* the part's first line with words, or 0 */
  guint orphan_addresses; /* home addresses read beside nobody named */
  guint family_words;     /* a family's words: "mum", "her brother" (not
                           * "parents", "partner agencies") */
  guint yours_schools;    /* a school or year given as the reader's ("your
                           * teacher ... the whole of Year 6") */
  guint yours_addresses;  /* ... of them given as the reader's ("the home
                           * address you gave", "your new address") */
  gboolean rota;          /* its first lines call it a rota or a roster */
  gboolean fictional;     /* it says its names are invented or changed */
  const TableInfo *table; /* the part's table, while it is read */
  struct _Ann *ann;       /* per token of the window, reused */
  guint ann_alloc;
};

/* ---- what is known of each token ------------------------------------- */

typedef enum {
  SPAN_NONE,
  SPAN_ADDRESS,   /* a street address or postcode */
  SPAN_DATE,
  SPAN_AGE,
  SPAN_SCHOOL,
  SPAN_REL,
  SPAN_EMAIL,
  SPAN_NAME,      /* a mention */
} SpanKind;

typedef struct _Ann {
  guint8 kind;        /* SpanKind of the span that starts here */
  guint8 rel;         /* RelKind */
  guint8 work;        /* an e-mail address at a work domain */
  guint8 venue;       /* an address given as a place's (after its name) */
  guint8 personal;    /* an e-mail address at a personal mailbox */
  guint len;          /* tokens of the span starting here */
  int value;          /* a date's year, an age's years */
  guint covered;      /* 1 + index of the span start covering this token, or 0 */
} Ann;

typedef enum {
  M_FULL,       /* forename (and middle names) and surname */
  M_FIRST,      /* a first name alone */
  M_SURNAME,    /* a title and a surname */
} MentionKind;

typedef struct {
  guint s, e;          /* tokens of the name (title excluded) */
  guint ts;            /* the title's first token, or s */
  MentionKind kind;
  TitleKind title;
  guint cues;
  guint prof, priv, pub;
  gboolean subject;    /* a subject field's name */
  gboolean on_title;   /* on the part's first line */
  gboolean row_case;   /* first on its row or list line, a case term after */
  gboolean invented;   /* "(not her real name)", "let's call her Lily" */
  gboolean correspondent; /* in a greeting or a sign-off */
  gboolean greeted;       /* in a greeting: whom it is written to */
  gboolean near_case;     /* a case term within a few lines */
  gboolean close_case;    /* ... within a sentence or two */
  gboolean record_title;  /* alone on the first line, fields under it */
  gboolean titled;        /* on a first line that names a record's kind */
  gboolean resident;      /* after "tenant", "resident", "occupier" */
  gboolean row_dup;       /* words of a row's name columns: the row's person */
  gboolean family;     /* a family field's name (Mother:) */
  PersonKind kind_hint;
  gboolean sure;       /* a name by its data, not only its context */
  int fore, sur;       /* the forename's and surname's tokens, or -1 */
  int column;          /* a table's column it was read from, or -1 (0: none
                        * set; stored as column + 1) */
} Mention;

/* ---- helpers ---------------------------------------------------------- */

static void
entity_free (gpointer p)
{
  Entity *e = p;
  g_free (e->key);
  g_free (e->name);
  g_free (e->forename);
  g_free (e->surname);
  g_free (e->where);
  if (e->addresses)
    g_ptr_array_unref (e->addresses);
  g_free (e);
}

void
found_person_free (FoundPerson *p)
{
  if (!p)
    return;
  g_free (p->key);
  g_free (p->name);
  g_free (p->evidence);
  g_free (p->where);
  if (p->secrets)
    g_ptr_array_unref (p->secrets);
  g_free (p);
}

static void
id_spans_free (gpointer p)
{
  GArray *a = p;
  for (guint i = 0; i < a->len; i++)
    g_free (g_array_index (a, IdSpan, i).canon);
  g_array_unref (a);
}

PeopleScan *
people_scan_new (const RecogniseConfig *cfg, gboolean case_record)
{
  PeopleScan *s = g_new0 (PeopleScan, 1);
  s->cfg = cfg;
  s->case_record = case_record;
  s->entities = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entity_free);
  s->order = g_ptr_array_new ();
  s->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s->id_spans = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, id_spans_free);
  s->case_terms = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                         (GDestroyNotify) g_array_unref);
  s->work_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->secrets = g_ptr_array_new_with_free_func (g_free);
  window_init (&s->w);
  return s;
}

void
people_scan_free (PeopleScan *s)
{
  if (!s)
    return;
  g_hash_table_unref (s->entities);
  g_ptr_array_unref (s->order);
  g_hash_table_unref (s->ids);
  g_hash_table_unref (s->id_spans);
  g_hash_table_unref (s->case_terms);
  g_hash_table_unref (s->work_names);
  g_ptr_array_unref (s->secrets);
  window_clear (&s->w);
  g_free (s->ann);
  g_free (s);
}

void
people_scan_add_identifier (PeopleScan *s, guint part, gsize start, gsize end,
                            const char *canon)
{
  GArray *a = g_hash_table_lookup (s->id_spans, GUINT_TO_POINTER (part));
  if (!a) {
    a = g_array_new (FALSE, FALSE, sizeof (IdSpan));
    g_hash_table_insert (s->id_spans, GUINT_TO_POINTER (part), a);
  }
  IdSpan sp = { start, end, g_strdup (canon) };
  g_array_append_val (a, sp);
  if (!g_hash_table_contains (s->ids, canon))
    g_hash_table_insert (s->ids, g_strdup (canon), g_new0 (IdInfo, 1));
}

void
people_scan_add_case_term (PeopleScan *s, guint part, gsize start)
{
  GArray *a = g_hash_table_lookup (s->case_terms, GUINT_TO_POINTER (part));
  if (!a) {
    a = g_array_new (FALSE, FALSE, sizeof (gsize));
    g_hash_table_insert (s->case_terms, GUINT_TO_POINTER (part), a);
  }
  g_array_append_val (a, start);
}

static gint
by_offset (gconstpointer a, gconstpointer b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;
  return x < y ? -1 : x > y;
}

static gboolean name_shaped (const Window *w, guint i);

/* The first case term of this part at or after byte `from`: its offset,
 * or G_MAXSIZE */
static gsize
case_term_from (const PeopleScan *s, gsize from)
{
  const GArray *a = g_hash_table_lookup (s->case_terms, GUINT_TO_POINTER (s->part));
  if (!a || !a->len)
    return G_MAXSIZE;
  guint lo = 0, hi = a->len;
  while (lo < hi) {
    guint mid = (lo + hi) / 2;
    if (g_array_index (a, gsize, mid) < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < a->len ? g_array_index (a, gsize, lo) : G_MAXSIZE;
}

/* Whether a case term starts at token i */
static gboolean
case_term_at (const PeopleScan *s, guint i)
{
  return case_term_from (s, s->w.t[i].start) == s->w.t[i].start;
}

/* Whether a case term stands within a few lines of token i (NEAR_CASE
 * bytes either side): what is said of the person named there */
#define NEAR_CASE 600
/* (within CLOSE_CASE: a sentence or two away, what is said of them, not a
 * colleague's cover five lines above a course's title) */
#define CLOSE_CASE 200
static gboolean
case_term_near (const PeopleScan *s, guint i, gsize bytes)
{
  gsize at = s->w.t[i].start;
  gsize from = at > bytes ? at - bytes : 0;
  return case_term_from (s, from) <= at + bytes;
}

/* Whether a case term stands on token i's line after it */
static gboolean
case_term_after (const PeopleScan *s, guint i)
{
  const Window *w = &s->w;
  gsize from = w->t[i].end;
  const char *nl = memchr (w->text + from, '\n', w->len - from);
  gsize to = nl ? (gsize) (nl - w->text) : w->len;
  return case_term_from (s, from) < to;
}

static gboolean
same_sentence (const Window *w, guint a, guint b)
{
  return a < w->n && b < w->n && w->t[a].sentence == w->t[b].sentence;
}

/* The token begins a sentence, or a line that is not prose carried on */
static gboolean
sentence_start (const Window *w, guint i)
{
  if (i == 0 || (w->t[i].flags & TOK_BLANK_BEFORE))
    return TRUE;
  if (w->t[i - 1].sentence != w->t[i].sentence)
    return TRUE;
  if (tok_punct (w, i - 1, ':') || tok_punct (w, i - 1, '"')
      || tok_punct (w, i - 1, '-') || tok_punct (w, i - 1, '*')
      || tok_punct (w, i - 1, '>') || tok_punct (w, i - 1, '(')
      || tok_punct (w, i - 1, '\xe2') /* dashes, bullets, quotes */)
    return TRUE;
  if (w->t[i].flags & TOK_LINE_START) {
    /* a line after a short one (a heading, a field) or one that ended a
     * sentence */
    guint p = i - 1;
    if (tok_ends_sentence (w, p) || tok_punct (w, p, ':'))
      return TRUE;
    guint ls = p;
    while (ls > 0 && !(w->t[ls].flags & TOK_LINE_START))
      ls--;
    if (w->t[p].end - w->t[ls].start < 40)
      return TRUE;
  }
  return FALSE;
}

static gboolean
is_alpha_word (const Window *w, guint i)
{
  return i < w->n && (w->t[i].flags & TOK_ALPHA) && !(w->t[i].flags & TOK_DIGIT);
}

/* Lower-case particles inside names: "Ali bin Hamad", "Lucas van der Berg" */
static const char *const particles[] = {
  "van", "de", "der", "den", "da", "di", "du", "do", "le", "la", "bin", "ibn",
  "al", "el", "von", "ter", "ten", "dos", "das", "del", "binti", "bint", "ap", "y", NULL,
};

gboolean
recognise_is_particle (const char *s, gsize n)
{
  for (guint k = 0; particles[k]; k++)
    if (strlen (particles[k]) == n && !g_ascii_strncasecmp (s, particles[k], n))
      return TRUE;
  return FALSE;
}

/* Words that start a sentence or a line without being part of a name */
static const char *const stop_words[] = {
  "the", "a", "an", "and", "or", "but", "on", "in", "at", "to", "for", "of",
  "from", "by", "with", "when", "if", "as", "so", "then", "today",
  "yesterday", "tomorrow", "please", "dear", "hi", "hello", "thanks", "thank",
  "re", "fw", "fwd", "subject", "note", "notes", "update", "meeting", "visit",
  "call", "phone", "spoke", "seen", "saw", "met", "told", "said", "asked",
  "per", "via", "cc", "attn", "ref", "our", "their", "his", "her", "my",
  "your", "this", "that", "these", "those", "after", "before", "during",
  "while", "since", "until", "both", "all", "no", "not", "also", "only",
  "each", "every", "some", "any", "many", "most", "few", "several", "other",
  "another", "such", "what", "who", "whom", "which", "where", "why", "how",
  "there", "here", "yes", "ok", "okay", "nb", "ps", "agreed", "action",
  "actions", "outcome", "present", "apologies", "chair", "minutes", "summary",
  "background", "concerns", "concern", "referral", "child", "children",
  "pupil", "pupils", "name", "names", "address", "school", "family", "case",
  "young", "person", "people", "social", "worker", "police", "health",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
  "sunday", "thurs", "tues", "weds", "january", "february", "march", "april", "june", "july",
  "august", "september", "october", "november", "december", "mon", "tue",
  "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "jun",
  "jul", "aug", "sep", "sept", "oct", "nov", "dec", "christmas", "easter",
  "ramadan", "eid", "diwali", "english", "british", "scottish", "welsh",
  "irish", "polish", "muslim", "christian", "catholic", "god", "allah",
  "kurdish", "sorani", "kurmanji", "arabic", "somali", "urdu", "bengali",
  "bangla", "punjabi", "panjabi", "tigrinya", "amharic", "romanian",
  "lithuanian", "latvian", "portuguese", "spanish", "french", "turkish",
  "farsi", "persian", "dari", "pashto", "tamil", "gujarati", "hindi",
  "chinese", "mandarin", "cantonese", "vietnamese", "albanian", "bulgarian",
  "russian", "ukrainian", "african", "caribbean", "asian", "european",
  "hindu", "sikh", "jewish", "islamic", "romani", "roma", "traveller",
  "travellers", "gypsy", "gypsies", "showman", "showmen",
  "eritrean", "ethiopian", "sudanese", "afghan", "syrian", "iraqi",
  "iranian", "nigerian", "ghanaian", "jamaican", "pakistani", "indian",
  "bangladeshi", "filipino", "italian", "german", "greek", "czech",
  "slovak", "hungarian", "congolese", "zimbabwean", "kenyan", "ugandan",
  "jesus", "internet", "facebook", "instagram", "snapchat", "tiktok",
  "whatsapp", "youtube", "google", "teams", "zoom", "covid", "nhs", "gp",
  /* the case-record systems agencies name ("when Merlin is down", "logged
   * on Mosaic") */
  "merlin", "mosaic", "liquidlogic", "eclipse", "niche", "athena", "emis",
  "systmone", "carefirst", "frameworki", "azeus", "capita", "arbor", "sims",
  "bromcom", "scholarpack", "carenotes", "paris", "lorenzo", "cerner", "epic",
  /* streets' abbreviations */
  "rd", "ave", "ln", "cres", "sq", "gdns", "pl",
  /* a template's placeholders */
  "forename", "surname", "firstname", "lastname",
  /* a signature's labels ("Tel: 020 ...", "Mob:") */
  "tel", "mob", "fax", "email", "e-mail", "web",
  /* "ad hoc"; "strat" (a strategy discussion: "Strat 2pm today") */
  "ad", "hoc", "strat", "strats",
  "am", "pm", "uk", "london", "england", "is", "was", "has", "had", "will",
  "would", "could", "should", "can", "may", "might", "must", "did", "does",
  "do", "are", "were", "be", "been", "being", "it", "he", "she", "they", "we",
  "i", "you", "him", "them", "us", "me", NULL,
};

static const char *const calendar_words[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
  "sunday", "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri",
  "sat", "sun", "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december", "jan",
  "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
  NULL,
};

/* Words of a field that names a child */
static const char *const children[] = {
  "child", "child's", "childs", "pupil", "pupil's", "student", "baby",
  "infant", "young", "yp", "learner", NULL,
};

/* Roles that, with a letter or number, anonymise ("Child A") */
static const char *const anon_roles[] = {
  "child", "mother", "father", "mum", "dad", "baby", "sibling", "brother",
  "sister", "parent", "carer", "person", "young", "yp", "pupil", "student",
  "adult", "male", "female", "man", "woman", "boy", "girl", "family", "case",
  "victim", "perpetrator", "subject", "partner", "grandmother",
  "grandfather", "aunt", "uncle", "infant", "teenager", "client",
  "patient", "individual", "household", NULL,
};

static const char *const rota_words[] = {
  "rota", "rotas", "roster", "rostering", "shifts", "on-call", "timetable",
  "staffing", NULL,
};

/* Labels of fields that name the subject of a record */
static const char *const subject_labels[] = {
  "name", "child", "child's", "childs", "pupil", "pupil's", "student", "about",
  "regarding",
  "young", "yp", "patient", "client", "subject", "re", "baby", "infant",
  "person", "victim", "service", "user", "learner", "casename", "case",
  "concerning", "witness", "tenant", "passenger", NULL,
};
/* Labels of fields that name a relative */
static const char *const family_labels[] = {
  "mother", "mother's", "father", "father's", "mum", "dad", "parent",
  "parents", "carer", "carers", "guardian", "sibling", "siblings",
  "brother", "sister", "grandmother", "grandfather", "partner", "stepfather",
  "stepmother", "step-father", "step-mother", "aunt", "uncle", "household",
  "members", "alleged", "perpetrator", "relative", "relatives", "family",
  "next", "kin", "nok", "significant", "adults", "adult", "emergency",
  NULL,
};

static int label_at (const Window *w, guint c);

/* Whether token i opens an item of a list: first on its line, after at
 * most a bullet or a number ("- ", "* ", "2. ", "3) ") */
static gboolean
list_item_start (const Window *w, guint i)
{
  if (w->t[i].flags & TOK_LINE_START)
    return TRUE;
  if (i == 0 || !tok_same_line (w, i - 1, i))
    return FALSE;
  guint b = i - 1;
  if (tok_punct (w, b, '.') || tok_punct (w, b, ')')) {
    if (b == 0 || tok_number (w, b - 1, 2) < 0)
      return FALSE;
    b--;
  } else if (!tok_punct (w, b, '-') && !tok_punct (w, b, '*')
             && !((w->t[b].flags & TOK_PUNCT) && (guchar) w->text[w->t[b].start] == 0xE2)) {
    return FALSE;
  }
  return (w->t[b].flags & TOK_LINE_START) != 0;
}

/* Whether token i is the first word of its row: an item of a list, or a
 * table's cell with only numbers and references before it */
static gboolean
row_first (const Window *w, guint i)
{
  if (list_item_start (w, i))
    return TRUE;
  if (!(w->t[i].flags & TOK_CELL_START))
    return FALSE;
  for (guint b = i; b > 0 && tok_same_line (w, b - 1, i); b--)
    if ((w->t[b - 1].flags & TOK_ALPHA) && !(w->t[b - 1].flags & TOK_DIGIT))
      return FALSE;
  return TRUE;
}

/* The colon ending the label of a list a name is an item of ("Siblings:"
 * on its own line, the names under it one to a line), else 0 */
static guint
list_colon_above (const Window *w, guint i)
{
  if (!list_item_start (w, i))
    return 0;
  guint line = w->t[i].line;
  guint k = i;
  while (k > 0 && w->t[k - 1].line == line)
    k--;
  /* up through the items above (short lines, no field of their own) */
  for (guint items = 0; k > 0 && items < 40; items++) {
    if (w->t[k].flags & TOK_BLANK_BEFORE)
      return 0;
    guint e = k - 1; /* the last token of the line above */
    if (tok_punct (w, e, ':'))
      return e;
    guint b = e;
    while (b > 0 && w->t[b - 1].line == w->t[e].line)
      b--;
    if (e - b > 8)
      return 0;
    for (guint t = b; t <= e; t++)
      if (tok_punct (w, t, ':'))
        return 0;
    k = b;
  }
  return 0;
}

/* The kind of the label of a list a name is an item of: 0 when none */
static int
label_above (const Window *w, guint i)
{
  guint c = list_colon_above (w, i);
  return c ? label_at (w, c) : 0;
}

/* A label "WORDS:" ending just before token i on its line, or over the
 * list i is an item of: 1 subject, 2 family, 3 staff, 0 none */
static int
label_before (const RecogniseConfig *cfg, const Window *w, guint i)
{
  (void) cfg;
  if (i == 0)
    return 0;
  if (!tok_punct (w, i - 1, ':') || !tok_same_line (w, i - 1, i))
    return label_above (w, i);
  return label_at (w, i - 1);
}

/* The kind of the label "WORDS:" whose colon is token c */
static int
label_at (const Window *w, guint c)
{
  guint s = c;
  while (s > 0 && c - s < 5 && tok_same_line (w, s - 1, c)
         && ((w->t[s - 1].flags & TOK_ALPHA) || tok_punct (w, s - 1, '/')
             || tok_punct (w, s - 1, '\''))) {
    s--;
    if (w->t[s].flags & TOK_CELL_START)
      break;
  }
  if (s == c)
    return 0;
  /* a job's title, whatever words it has ("Infant Feeding Lead ....
   * Magda Kowal", "Parent Support Worker:") */
  if (role_label (w, s) == c + 1 - s)
    return 3;
  int kind = 0;
  for (guint k = s; k < c; k++) {
    if (tok_lex (w, k, LEX_FAMILY_LABEL))
      return 2;
    /* ("about" and "regarding" end their label: "Assessment about:", not
     * "Questions about this briefing:") */
    if (tok_lex (w, k, LEX_SUBJECT_LABEL)
        && (k + 1 == c || !(tok_is (w, k, "about") || tok_is (w, k, "regarding"))))
      kind = 1;
    if (tok_lex (w, k, LEX_CHILD_LABEL))
      kind = 4; /* a child's field */
  }
  return kind;
}

/* ---- spans ------------------------------------------------------------ */

static void
set_span (Ann *a, guint i, guint len, SpanKind kind, int value)
{
  a[i].kind = kind;
  a[i].len = len;
  a[i].value = value;
  for (guint k = i; k < i + len; k++)
    a[k].covered = i + 1;
}

/* Whether the address at i follows a place's name ("Langthorne Health
 * Centre, E11 4HX", "the family hub at 12 Market Street", "held at") */
static gboolean
venue_before (PeopleScan *s, guint i)
{
  const Window *w = &s->w;
  if (i == 0 || !tok_same_line (w, i - 1, i))
    return FALSE;
  /* "Venue: Tooley St, 3rd floor, Meeting Room 3.08 (160 Tooley Street,
   * SE1 2QH)": a place said to be one, or a room for meetings in it */
  for (guint k = i, n = 0; k > 0 && n < 24 && tok_same_line (w, k - 1, i); k--, n++) {
    if (tok_is (w, k - 1, "venue") || tok_is (w, k - 1, "venues"))
      return TRUE;
    if (tok_is (w, k - 1, "room") && k >= 2 && tok_same_line (w, k - 2, i)
        && (tok_is (w, k - 2, "meeting") || tok_is (w, k - 2, "conference")
            || tok_is (w, k - 2, "committee") || tok_is (w, k - 2, "training")
            || tok_is (w, k - 2, "function") || tok_is (w, k - 2, "board")))
      return TRUE;
  }
  guint b = i - 1;
  if (tok_is (w, b, "at") || tok_is (w, b, "venue") || tok_punct (w, b, ':')) {
    if (tok_is (w, b, "at") && b > 0 && (tok_is (w, b - 1, "held") || tok_is (w, b - 1, "based")
                                         || tok_is (w, b - 1, "located") || tok_is (w, b - 1, "open")
                                         || tok_is (w, b - 1, "opened")))
      return TRUE;
    if (!tok_is (w, b, "at"))
      b--;
    else
      b--;
  } else if (tok_punct (w, b, ',') || tok_punct (w, b, '(') || tok_punct (w, b, '-')) {
    b--;
  }
  /* capitalised words back to the place's word, across the commas of a
   * written-out address ("School Admissions, Coed Pella, Conway Road");
   * but a house or flat's number before them makes it a home's, written
   * from its door ("Flat 9, Brookfield House, Dorset Grove") */
  gboolean venue = FALSE;
  for (guint k = 0; k < 12 && b < w->n && tok_same_line (w, b, i); k++, b--) {
    if (tok_punct (w, b, ',') && k > 0) {
      if (b == 0)
        break;
      continue;
    }
    /* a floor or a suite is in a building, not a home's door ("6th & 7th
     * Floor", "Suite 4", "Level 2") */
    if (k > 0 && (tok_punct (w, b, '&') || address_floor_number (w, b))) {
      if (b == 0)
        break;
      continue;
    }
    if (k > 0 && (w->t[b].flags & TOK_DIGIT))
      return FALSE;
    if (tok_is (w, b, "flat") || tok_is (w, b, "apartment") || tok_is (w, b, "maisonette"))
      return FALSE;
    if (!(w->t[b].flags & TOK_CAP))
      break;
    venue |= address_venue_word (w, b);
    if (b == 0)
      break;
  }
  return venue;
}

/* Whether the number at i follows "she was", "he's", "who must be
 * about": what is said of someone's age */
static gboolean name_shaped (const Window *w, guint i);

/* Whether a lower-case token is a word of the language */
static gboolean
lower_word (const Window *w, guint i)
{
  char t[64];
  gsize n = tok_len (w, i);
  if (n >= sizeof t)
    return FALSE;
  for (gsize k = 0; k < n; k++)
    t[k] = g_ascii_tolower (tok_text (w, i)[k]);
  t[n] = '\0';
  return recognise_is_word (t);
}

/* "RiO", "SystmOne", "eCAF", "iPad": a capital after a small letter, as
 * products and systems are written; a name's only after its prefix
 * ("McDonald", "MacLeod", "DeShawn", "LaToya", "DiMarco", "VanDyke") or a
 * hyphen or an apostrophe */
static gboolean
inner_capital (const Window *w, guint i)
{
  static const char *const prefixes[] = { "Mc", "Mac", "De", "Da", "Di", "Du", "La", "Le",
                                          "Van", "Von", "Fitz", "St", "Ja", "Ke", "Ta",
                                          "Sha", "Jo", "Mar", "Ra", NULL };
  const char *t = tok_text (w, i);
  gsize n = tok_len (w, i);
  if (w->t[i].flags & TOK_UPPER)
    return FALSE;
  for (gsize k = 1; k < n; k++) {
    if (!g_ascii_isupper (t[k]) || !g_ascii_islower (t[k - 1]))
      continue;
    /* the part since the last hyphen or apostrophe */
    gsize from = k;
    while (from > 0 && t[from - 1] != '-' && t[from - 1] != '\'')
      from--;
    gboolean prefix = FALSE;
    for (guint p = 0; prefixes[p] && !prefix; p++)
      prefix = strlen (prefixes[p]) == k - from && !strncmp (t + from, prefixes[p], k - from);
    if (!prefix)
      return TRUE;
  }
  return FALSE;
}

/* "Burton-on-Trent", "Stratford-upon-Avon", "Ashby-de-la-Zouch",
 * "Southend-on-Sea": a town's name joined by small words in lower case */
static gboolean
joined_place (const Window *w, guint i)
{
  static const char *const joins[] = { "-on-", "-upon-", "-under-", "-le-", "-in-", "-by-",
                                       "-de-la-", "-super-", "-next-the-", "-cum-", NULL };
  const char *t = tok_text (w, i);
  gsize n = tok_len (w, i);
  if (!memchr (t, '-', n))
    return FALSE;
  for (guint k = 0; joins[k]; k++)
    if (g_strstr_len (t, (gssize) n, joins[k]))
      return TRUE;
  return FALSE;
}
static gboolean plausible_birth_year (int y);

static gboolean
said_age (const Window *w, guint i)
{
  guint b = i - 1;
  if (b > 0 && (tok_is (w, b, "about") || tok_is (w, b, "around") || tok_is (w, b, "nearly")
                || tok_is (w, b, "only") || tok_is (w, b, "just") || tok_is (w, b, "now")
                || tok_is (w, b, "almost")))
    b--;
  if (tok_is (w, b, "he's") || tok_is (w, b, "she's"))
    return TRUE;
  /* "Lily turned 7", "Amir turns 16 in May" */
  gboolean turned = tok_is (w, b, "turned") || tok_is (w, b, "turns");
  if (!turned && !(tok_is (w, b, "is") || tok_is (w, b, "was") || tok_is (w, b, "'s")
                   || tok_is (w, b, "be")))
    return FALSE;
  if (b == 0 || !tok_same_line (w, b - 1, b))
    return FALSE;
  b--;
  if (b > 0 && (tok_is (w, b, "must") || tok_is (w, b, "might") || tok_is (w, b, "may")
                || tok_is (w, b, "could") || tok_is (w, b, "would") || tok_is (w, b, "will")))
    b--;
  /* of whom: a pronoun, or the name itself ("Jayden is nearly 3") */
  return tok_is (w, b, "she") || tok_is (w, b, "he") || tok_is (w, b, "who")
         || (name_shaped (w, b) && !(w->t[b].flags & TOK_UPPER));
}

/* Whether the words of `phrase` (lower case, space-separated) stand at
 * token i, one to a token, on one line */
static gboolean
phrase_at (const Window *w, guint i, const char *phrase)
{
  const char *p = phrase;
  guint k = i;
  while (*p) {
    const char *sp = strchr (p, ' ');
    gsize n = sp ? (gsize) (sp - p) : strlen (p);
    if (k >= w->n || !tok_same_line (w, i, k) || !tok_is_n (w, k, p, n))
      return FALSE;
    k++;
    p += n + (sp ? 1 : 0);
  }
  return TRUE;
}

/* What a document says of all its names: made up, changed */
static const char *const fictional_phrases[] = {
  "names have been changed", "names have all been changed", "names are fictional",
  "names are invented", "names are made up", "names used are fictional",
  "names used are not real", "names are not real", "not their real names",
  "names and details have been changed", "names and identifying details have been changed",
  "all names are fictitious", "names are fictitious", "names have been anonymised",
  "names are pseudonyms", "fictional case study", "fictional scenario",
  "invented scenario", "hypothetical case", "hypothetical scenario", "case study is fictional",
  "scenario is fictional", "scenario is invented", "scenario are invented",
  "scenario are fictional", "example is made up", "example is fictional",
  "example is invented", "made up for training", "invented for training",
  "not the child's real name", "not her real name", "not his real name",
  "not their real names", "let's call her", "let's call him", "let's call them",
  "example names below are made up", "example names are made up",
  "example names below are invented", "example names below are fictional",
  "example names are fictional", "example names are invented",
  "names below are made up", "names below are invented", "names below are fictional",
  "names in the examples are made up", "names in these examples are made up", NULL,
};

/* What is said beside one name: it is no real one */
static const char *const invented_after[] = {
  "not her real name", "not his real name", "not their real name",
  "not the child's real name", "not the young person's real name",
  "not real name", "not a real name", "name changed", "name has been changed",
  "pseudonym", "a pseudonym", "not her name", "not his name", NULL,
};

/* The first words of the phrases above and below (one lookup a token) */
static const char *const fiction_starts[] = {
  "names", "fictional", "invented", "hypothetical", "not", "case", "scenario",
  "example", "made", "let's", "name", "pseudonym", "a", "call", "calling",
  "we'll", "named", "known", "referred", "all", NULL,
};

static const char *const invented_before[] = {
  "call her", "call him", "call them", "calling her", "calling him",
  "we'll call her", "we'll call him", "named here as", "known here as",
  "referred to as", NULL,
};

/* Whether the word at j, on the line of the word before it, makes what
 * comes before it a job: a job title's head ("Year 6 Teacher", "Parent
 * Governor") or the staff's own words for a duty ("Y8 duty", "Year 11
 * team", "Year 6 Teachers") */
static gboolean
staff_after (const RecogniseConfig *cfg, const Window *w, guint j)
{
  static const char *const staff_words[] = {
    "duty", "duties", "team", "teams", "teachers", "tutors", "leads", "leaders",
    "staff", "assembly", "assemblies", "rep", "representative", "representatives",
    "champions", "governors", "volunteers", "workers", NULL,
  };
  if (j >= w->n || j == 0 || !tok_same_line (w, j - 1, j))
    return FALSE;
  if (role_word (cfg, w, j) && !tok_is (w, j, "cp") && !tok_is (w, j, "lac")
      && !tok_is (w, j, "yot") && !tok_is (w, j, "police") && !tok_is (w, j, "safeguarding"))
    return TRUE;
  for (guint k = 0; staff_words[k]; k++)
    if (tok_is_n (w, j, staff_words[k], strlen (staff_words[k])))
      return TRUE;
  return FALSE;
}

/* Cues and e-mail addresses over the window (names come after) */
static void
annotate (PeopleScan *s, Ann *a)
{
  const Window *w = &s->w;
  const RecogniseConfig *cfg = s->cfg;
  for (guint i = 0; i < w->n;) {
    guint l;
    gboolean work;
    int v;
    RelKind rk;
    /* most words are lower-case words that start nothing here: an
     * address starts with a number or "flat", a date with a number or a
     * month, an age with a number or "aged", a school with a capital or
     * "year", a relationship with its word; an e-mail address with any
     * word, before "@" or "." */
    if ((w->t[i].flags & (TOK_ALPHA | TOK_DIGIT | TOK_CAP)) == TOK_ALPHA
        && !tok_lex (w, i, LEX_TRIGGER) && !(cfg->relation_words || cfg->school_words
                                            || cfg->dob_labels)
        && !(i + 1 < w->n && w->t[i + 1].start == w->t[i].end
             && (tok_punct (w, i + 1, '@') || tok_punct (w, i + 1, '.')
                 || tok_punct (w, i + 1, '_') || tok_punct (w, i + 1, '+')))) {
      i++;
      continue;
    }
    if ((l = role_email (cfg, w, i, &work))) {
      set_span (a, i, l, SPAN_EMAIL, 0);
      a[i].work = work;
      a[i].personal = role_email_personal (w, i, l);
      if (work) {
        /* first.last@council.gov.uk: a member of staff */
        guint at = i;
        while (at < i + l && !tok_punct (w, at, '@'))
          at++;
        if (at >= i + 3 && tok_punct (w, i + 1, '.') && at == i + 3) {
          char f[64], g[64];
          gsize fl = name_fold (tok_text (w, i), tok_len (w, i), f, sizeof f);
          gsize gl = name_fold (tok_text (w, i + 2), tok_len (w, i + 2), g, sizeof g);
          if (fl && gl)
            g_hash_table_add (s->work_names, g_strdup_printf ("%s %s", f, g));
        }
      }
      i += l;
      continue;
    }
    if (cfg->enabled[RECOGNISER_ADDRESSES]
        && ((l = address_street (cfg, w, i)) || (l = address_postcode (w, i)))) {
      set_span (a, i, l, SPAN_ADDRESS, 0);
      a[i].venue = venue_before (s, i);
      i += l;
      continue;
    }
    if ((l = date_match (w, i, &v))) {
      set_span (a, i, l, SPAN_DATE, v);
      i += l;
      continue;
    }
    /* "born 2011": a year of birth, as a date of birth written short */
    if (tok_is (w, i, "born") && tok_same_line (w, i, i + 1) && (v = tok_number (w, i + 1, 4)) >= 1900
        && plausible_birth_year (v) && !(tok_punct (w, i + 2, '/') || tok_punct (w, i + 2, '-'))) {
      set_span (a, i + 1, 1, SPAN_DATE, v);
      i += 2;
      continue;
    }
    /* "she was 12", "he is 9", "he's 9", "who must be about 4": an age of
     * whoever was named before */
    if (cfg->enabled[RECOGNISER_AGES] && i > 1 && (w->t[i].flags & TOK_DIGIT)
        && (v = tok_number (w, i, 2)) >= 0 && said_age (w, i)
        && v <= 19 && (tok_is (w, i - 1, "turned") || tok_is (w, i - 1, "turns")
                       || !(i + 1 < w->n && tok_same_line (w, i, i + 1)
                        && ((w->t[i + 1].flags & TOK_ALPHA) || tok_punct (w, i + 1, ':')
                            || tok_punct (w, i + 1, '%')
                            || (tok_punct (w, i + 1, '.') && i + 2 < w->n
                                && (w->t[i + 2].flags & TOK_DIGIT)))))) {
      set_span (a, i, 1, SPAN_AGE, v);
      i++;
      continue;
    }
    if (cfg->enabled[RECOGNISER_AGES]
        && (l = age_match (w, i, i > 0 && tok_punct (w, i - 1, '('), &v))) {
      set_span (a, i, l, SPAN_AGE, v);
      i += l;
      continue;
    }
    if (cfg->enabled[RECOGNISER_SCHOOLS] && (l = school_match (cfg, w, i))) {
      /* "Year 6 Teachers", "my Y8 duty", "Year 11 team": a job, not a
       * pupil's year */
      if (!staff_after (cfg, w, i + l))
        set_span (a, i, l, SPAN_SCHOOL, 0);
      i += l;
      continue;
    }
    if (cfg->enabled[RECOGNISER_RELATIONSHIPS] && (l = relation_match (cfg, w, i, &rk))) {
      /* "Parent Champion", "Carer Representative": a role, not a family */
      if (staff_after (cfg, w, i + l)) {
        i += l;
        continue;
      }
      set_span (a, i, l, SPAN_REL, 0);
      a[i].rel = rk;
      if (!(tok_is (w, i + l - 1, "parent") || tok_is (w, i + l - 1, "parents")
            || tok_is (w, i + l - 1, "partner") || tok_is (w, i + l - 1, "siblings")
            || tok_is (w, i + l - 1, "grandparents")))
        s->family_words++;
      i += l;
      continue;
    }
    i++;
  }
}

/* ---- names ------------------------------------------------------------ */

typedef struct {
  NameInfo ni;
  gboolean known;
} TokName;

static void
tok_name (const PeopleScan *s, guint i, TokName *tn)
{
  tn->known = tok_names (s->cfg, &s->w, i, &tn->ni);
}

/* A name-like word: a capital, letters only (O'Brien, Smith-Jones), or
 * written all in capitals in a form */
/* The token's length without a possessive's 's */
static gsize
stem_len (const Window *w, guint i)
{
  gsize n = tok_len (w, i);
  if (w->t[i].flags & TOK_POSSESSIVE)
    n -= w->text[w->t[i].end - 2] == '\'' ? 2 : 4;
  return n;
}

/* "PEPs", "EHCPs", "SWs": an acronym's plural */
static gboolean
plural_acronym (const Window *w, guint i)
{
  gsize n = tok_len (w, i);
  const char *t = tok_text (w, i);
  if (n < 3 || t[n - 1] != 's')
    return FALSE;
  for (gsize k = 0; k + 1 < n; k++)
    if (!g_ascii_isupper (t[k]))
      return FALSE;
  return TRUE;
}

/* One pass over a capitalised token for the shapes no name has (a
 * hyphen then a small letter, a capital after a small letter), and the
 * slower checks only where one was seen */
static gboolean
odd_shape (const Window *w, guint i)
{
  const char *t = tok_text (w, i);
  gsize n = tok_len (w, i);
  gboolean hyphen = FALSE, inner = FALSE;
  for (gsize k = 1; k < n; k++) {
    char c = t[k], b = t[k - 1];
    if (b == '-') {
      hyphen = TRUE;
      if (g_ascii_islower (c))
        return TRUE; /* "Minute-taking" */
    } else if (g_ascii_isupper (c) && g_ascii_islower (b))
      inner = TRUE;
  }
  return (inner && inner_capital (w, i)) || (hyphen && joined_place (w, i));
}

static gboolean
name_shaped (const Window *w, guint i)
{
  return is_alpha_word (w, i) && (w->t[i].flags & TOK_CAP)
         && stem_len (w, i) >= 2 && stem_len (w, i) <= 40 && !plural_acronym (w, i)
         && !odd_shape (w, i);
}

/* "Child A", "Mother B", "Sibling 2", "YP1", "Person X": an anonymised
 * reference (a role and a letter or number) identifies nobody */
static gboolean
anonymised (const Window *w, guint i)
{
  if (!tok_lex (w, i, LEX_ANON_ROLE))
    return FALSE;
  guint j = i + 1;
  if (tok_is (w, i, "young") && tok_is (w, j, "person"))
    j++;
  if (j >= w->n || !tok_same_line (w, i, j))
    return FALSE;
  gsize n = stem_len (w, j);
  const char *t = tok_text (w, j);
  return (n == 1 && (g_ascii_isupper (t[0]) || g_ascii_isdigit (t[0])))
         || (n <= 2 && tok_number (w, j, 2) >= 0);
}

/* The plural of an everyday word that no list knows as a name
 * ("Interviews", "Visits"): no surname */
static gboolean
plural_of_word (const RecogniseConfig *cfg, const Window *w, guint i)
{
  gsize n = tok_len (w, i);
  const char *t = tok_text (w, i);
  NameInfo ni;
  if (n < 4 || t[n - 1] != 's' || t[n - 2] == 's' || t[n - 2] == '\'')
    return FALSE;
  return names_lookup (cfg, t, n - 1, &ni) && (ni.flags & NAME_WORD)
         && !(ni.flags & (NAME_FORENAME | NAME_SURNAME));
}

/* An everyday word and no name at all */
static gboolean
plain_word (const TokName *tn)
{
  return tn->known && (tn->ni.flags & NAME_WORD)
         && !(tn->ni.flags & (NAME_FORENAME | NAME_SURNAME));
}

/* A name that is an everyday word as well (Will, Grace, Young): only the
 * commoner words, not the rarer ones (Destiny, Brook) */
static gboolean
wordy (const TokName *tn)
{
  return tn->known && (tn->ni.flags & NAME_WORD) && tn->ni.word_band >= 2;
}

/* Context before token i that makes a name of what follows: a
 * relationship ("her son", "mum"), a subject or family label, a title */
static gboolean
strong_before (const PeopleScan *s, const Ann *a, guint i, int *label)
{
  const Window *w = &s->w;
  *label = label_before (s->cfg, w, i);
  if (*label == 1 || *label == 2 || *label == 4)
    return TRUE;
  /* "re Alishba", "re: Jayden" */
  if (i > 0 && tok_same_line (w, i - 1, i) && tok_is (w, i - 1, "re"))
    return TRUE;
  /* "her name was Precious", "a girl called Mirela", "known as Jay" */
  if (i > 1 && tok_same_line (w, i - 2, i)
      && ((tok_is (w, i - 2, "name") && (tok_is (w, i - 1, "is") || tok_is (w, i - 1, "was")))
          || (tok_is (w, i - 2, "known") && tok_is (w, i - 1, "as"))))
    return TRUE;
  if (i > 0 && tok_same_line (w, i - 1, i)
      && (tok_is (w, i - 1, "called") || tok_is (w, i - 1, "named") || tok_is (w, i - 1, "nicknamed")))
    return TRUE;
  /* "her son Zayn", "mum Chloe", "mum's partner Oliver" */
  if (i > 0 && a[i - 1].covered && tok_same_line (w, i - 1, i)) {
    guint st = a[i - 1].covered - 1;
    if (a[st].kind == SPAN_REL)
      return TRUE;
  }
  return FALSE;
}

/* Context after the name ending before token j: an age in brackets, a
 * date of birth, "aged" (2), a school or year group (1) */
static int
strong_after (const Window *w, const Ann *a, guint j)
{
  if (j >= w->n || !tok_same_line (w, j - 1, j))
    return FALSE;
  if (tok_punct (w, j, '(') ) {
    int n = tok_number (w, j + 1, 2);
    if (n >= 0 && n <= 25 && tok_punct (w, j + 2, ')'))
      return TRUE;
    if (j + 1 < w->n && (a[j + 1].kind == SPAN_DATE || a[j + 1].kind == SPAN_AGE))
      return TRUE;
  }
  guint k = j;
  if (tok_punct (w, k, ',') || tok_punct (w, k, '-'))
    k++;
  /* "Chun, a 12-year-old boy", "Grace in Year 4", "Hope (Y3)" */
  if (tok_is (w, k, "a") || tok_is (w, k, "an") || tok_is (w, k, "in") || tok_is (w, k, "from")
      || tok_punct (w, k, '('))
    k++;
  else if (tok_is (w, k, "is") && tok_is (w, k + 1, "in"))
    k += 2;
  if (k >= w->n || !tok_same_line (w, j, k))
    return 0;
  if (a[k].kind == SPAN_AGE || tok_is (w, k, "aged") || tok_is (w, k, "dob")
      || tok_is (w, k, "born"))
    return 2;
  return a[k].kind == SPAN_SCHOOL ? 1 : 0;
}

/* What a field's label says of the name after it (label_before): a
 * subject's (a child's), a relative's or staff's */
static void
apply_label (Mention *m, int label)
{
  if (label == 1 || label == 4)
    m->subject = TRUE;
  if (label == 4)
    m->kind_hint = PERSON_CHILD;
  else if (label == 2)
    m->family = TRUE, m->priv++;
  else if (label == 3)
    m->prof++;
}

/* A mention starting at token i, else FALSE */
static gboolean
find_mention (PeopleScan *s, const Ann *a, guint i, Mention *m)
{
  const Window *w = &s->w;
  const RecogniseConfig *cfg = s->cfg;
  memset (m, 0, sizeof *m);
  guint j = i;
  TitleKind tk = TITLE_NONE;
  guint tl = role_title (cfg, w, j, &tk);
  /* and the initials after it: "Mrs T. Lindsay", "Mr J R Baird" */
  for (guint n = 0; tl && n < 2 && j + tl + 1 < w->n && tok_same_line (w, j, j + tl + 1)
                    && stem_len (w, j + tl) == 1 && (w->t[j + tl].flags & TOK_CAP)
                    && !(w->t[j + tl].flags & TOK_DIGIT); n++) {
    tl++;
    if (tok_punct (w, j + tl, '.'))
      tl++;
  }
  if (tl) {
    /* a title before a capitalised word on the same line, in the same
     * cell ("Ms | Head of Year 7" in a staff list is a title and a job) */
    if (!name_shaped (w, j + tl) || !tok_same_line (w, j, j + tl)
        || a[j + tl].covered || (w->t[j + tl].flags & TOK_CELL_START)
        || role_word (cfg, w, j + tl))
      return FALSE;
    j += tl;
  } else if (!name_shaped (w, j) || a[j].covered) {
    return FALSE;
  }
  if (anonymised (w, j))
    return FALSE;
  /* "St Asaph", "St Anne's": a church, a school or a town */
  if (tok_is (w, j, "st") || tok_is (w, j, "saint") || tok_is (w, j, "ste"))
    return FALSE;
  /* (and the word after it: "St Asaph", "St. Helens") */
  if (j >= 1 && tok_same_line (w, j - 1, j)) {
    guint p = tok_punct (w, j - 1, '.') && j >= 2 ? j - 2 : j - 1;
    if ((w->t[p].flags & TOK_CAP)
        && (tok_is (w, p, "st") || tok_is (w, p, "saint") || tok_is (w, p, "ste")))
      return FALSE;
  }
  /* "Port Ellen", "Fort William", "West Ham": the place's name goes on
   * from its prefix (but "Little Jayden", "Old Tom" are people) */
  if (!tl && j >= 1 && tok_same_line (w, j - 1, j) && (w->t[j - 1].flags & TOK_CAP)
      && address_place_prefix (w, j - 1) && !tok_is (w, j - 1, "little")
      && !tok_is (w, j - 1, "old") && !tok_is (w, j - 1, "new") && !tok_is (w, j - 1, "great"))
    return FALSE;
  /* the run of capitalised words */
  guint toks[MAX_NAME_TOKENS + 2];
  guint n = 0, k = j;
  while (k < w->n && n < MAX_NAME_TOKENS + 1 && tok_same_line (w, j, k) && !a[k].covered) {
    if (name_shaped (w, k)) {
      if (k > j && (!(w->t[k].flags & TOK_SPACE_BEFORE) || (w->t[k].flags & TOK_CELL_START)))
        break;
      toks[n++] = k++;
      if (w->t[k - 1].flags & TOK_POSSESSIVE)
        break; /* "Jayden Smith's mum" */
      continue;
    }
    if (n && tok_lex (w, k, LEX_PARTICLE) && name_shaped (w, k + 1)) {
      k++;
      continue;
    }
    break;
  }
  if (!n || n > MAX_NAME_TOKENS)
    return FALSE;
  /* "Jul-Sep", "Mon-Fri": a range of months or days */
  if (n == 1 && tok_lex (w, toks[0], LEX_CALENDAR)
      && memchr (tok_text (w, toks[0]), '-', tok_len (w, toks[0])))
    return FALSE;
  /* a place or an organisation: "Elm Road", "Croydon Council", "St Anne's
   * Primary", "Thames Valley Police"; but "Lauren Wood", "Kai Hall" and
   * "Courtney Ward" are people: a street or place word ends a forename's
   * name */
  if (!tl) {
    for (guint t = 0; t < n; t++)
      if (address_institution_word (w, toks[t]))
        return FALSE;
    guint last = toks[n - 1];
    NameInfo fi;
    gboolean forename = tok_names (cfg, w, toks[0], &fi)
                        && (fi.flags & NAME_FORENAME) && fi.forename_band >= 48
                        && !((fi.flags & NAME_WORD) && fi.word_band >= 2);
    gboolean numbered = toks[0] > 0 && (w->t[toks[0] - 1].flags & TOK_DIGIT)
                        && tok_same_line (w, toks[0] - 1, toks[0]);
    if (address_place_word (cfg, w, last) && n >= 2 && (!forename || numbered || n > 3))
      return FALSE;
    /* "North Somerset", "Greater Manchester", "Royal Free London" */
    if (n >= 2 && address_place_prefix (w, toks[0]))
      return FALSE;
    /* "Colwyn Bay", "Milton Keynes": a place's name ends it, and no sure
     * forename starts it */
    if (n >= 2 && address_place_name (w, last) && !forename)
      return FALSE;
    /* "Conway Road": a kind of street no surname is */
    if (n >= 2 && address_street_word (cfg, w, last)) {
      NameInfo li;
      if (!(tok_names (cfg, w, last, &li)
            && (li.flags & NAME_SURNAME) && li.surname_band >= 80))
        return FALSE;
    }
  }
  /* a place or organisation's name: capitalised words (or '&', "and")
   * after it, then a place or agency word ("Leyton & Leytonstone HV
   * Team", "Bexley Safeguarding Partnership") */
  if (!tl) {
    guint q = k;
    for (guint steps = 0; steps < 4 && q < w->n && tok_same_line (w, j, q) && !a[q].covered;
         steps++, q++) {
      if ((w->t[q].flags & TOK_CAP) && (address_institution_word (w, q) || role_word (cfg, w, q)))
        return FALSE;
      if (!(w->t[q].flags & TOK_CAP) && !tok_punct (w, q, '&'))
        break; /* "Jason and Leanne Wood": people */
    }
  }
  /* strip words that start a sentence or name a relationship */
  TokName tn[MAX_NAME_TOKENS + 1];
  for (guint t = 0; t < n; t++)
    tok_name (s, toks[t], &tn[t]);
  /* an everyday word that is no name ("Neglect", "Strategy") is no part
   * of one: before the name it is dropped, after it the name ends; but in
   * a field for a name ("Name: Amy Test") or after a title ("Ms Alex
   * Example") the words are the name */
  int field_label = label_before (cfg, w, tl ? i : j);
  /* an e-mail's subject is a title, not a name's field ("Subject: NSCP
   * Briefing", "Re: Spring PEPs") */
  guint fs = tl ? i : j;
  gboolean title_field = fs >= 2 && tok_punct (w, fs - 1, ':')
                         && (tok_is (w, fs - 2, "subject") || tok_is (w, fs - 2, "re"));
  gboolean named_field = (field_label == 1 && !title_field) || field_label == 2
                         || field_label == 4;
  for (guint t = 0; t < n && !named_field && !tl; t++) {
    /* day and month names, words that start sentences: likewise (a
     * day or month after a name is never part of it: "Hounslow West
     * Thurs 12 Feb") */
    gboolean stop = (tok_lex (w, toks[t], LEX_STOP)
                     && !(tn[t].known && (tn[t].ni.flags & (NAME_FORENAME | NAME_SURNAME))
                          && !wordy (&tn[t])))
                    || tok_lex (w, toks[t], LEX_CALENDAR);
    /* a job's word is no name's ("Headteacher", "Manager") */
    gboolean job = !(tn[t].known && (tn[t].ni.flags & (NAME_FORENAME | NAME_SURNAME)))
                   && role_word (cfg, w, toks[t]);
    if (!plain_word (&tn[t]) && !(stop && t > 0) && !job)
      continue;
    /* "Taylor Example, DOB ...", "Amy Test.": a capitalised word after a
     * sure forename, ending the run before punctuation, is its surname */
    if (t == 1 && n == 2 && plain_word (&tn[t]) && !stop && !job
        && tn[0].known && (tn[0].ni.flags & NAME_FORENAME) && !wordy (&tn[0])
        /* (not after an acronym, nor a word's plural: "ABE Interviews (2
         * days)" is a course) */
        && !(w->t[toks[0]].flags & TOK_UPPER) && !plural_of_word (cfg, w, toks[1])
        && ((toks[1] + 1 < w->n && tok_same_line (w, toks[1], toks[1] + 1)
             && (tok_punct (w, toks[1] + 1, ',') || tok_punct (w, toks[1] + 1, '(')
                 || tok_punct (w, toks[1] + 1, ':') || tok_punct (w, toks[1] + 1, '.')))
            /* "Alfie Young" alone on its line (an address block's first) */
            || ((w->t[toks[0]].flags & TOK_LINE_START)
                && (toks[1] + 1 >= w->n || !tok_same_line (w, toks[1], toks[1] + 1)))))
      continue;
    if (t == 0 && !tl) {
      memmove (toks, toks + 1, (n - 1) * sizeof *toks);
      memmove (tn, tn + 1, (n - 1) * sizeof *tn);
      n--;
      t--;
      continue;
    }
    n = t;
    break;
  }
  if (!n)
    return FALSE;
  guint first = 0;
  while (first < n && !tl) {
    guint t = toks[first];
    gboolean is_name = tn[first].known && (tn[first].ni.flags & (NAME_FORENAME | NAME_SURNAME));
    if (tok_lex (w, t, LEX_STOP) && !(is_name && !wordy (&tn[first]) && first + 1 < n))
      first++;
    else if (role_title (cfg, w, t, &tk))
      break;
    else
      break;
  }
  if (first >= n)
    return FALSE;
  /* job titles inside the run: "Priya Shah Senior Practitioner" */
  guint last = n;
  for (guint t = first + 1; t < n; t++) {
    guint rl = role_match (cfg, w, toks[t]);
    if (rl && toks[t] + rl >= toks[n - 1] + 1 && rl >= 1
        && (role_word (cfg, w, toks[t] + rl - 1))) {
      last = t;
      m->prof++;
      break;
    }
  }
  n = last;
  guint nn = n - first;
  if (!nn || nn > MAX_NAME_TOKENS)
    return FALSE;
  const TokName *F = &tn[first], *L = &tn[n - 1];
  guint fi = toks[first], li = toks[n - 1];
  int label = 0;
  gboolean before = strong_before (s, a, tl ? i : fi, &label);
  int after_kind = strong_after (w, a, li + 1);
  gboolean after = after_kind > 0;
  gboolean strong = before || after;
  gboolean f_fore = F->known && (F->ni.flags & NAME_FORENAME);
  gboolean l_sur = L->known && (L->ni.flags & NAME_SURNAME);
  gboolean f_unknown = !F->known, l_unknown = !L->known;
  gboolean sure = FALSE;
  /* "ABE Interviews (2 days)": an everyday word's plural is no surname */
  if (nn >= 2 && l_unknown && !tl && plural_of_word (cfg, w, li))
    return FALSE;
  MentionKind mk;
  /* "HOSSEINI, Niloufar": a list's surname in capitals, a comma, then the
   * forename; the surname one the data knows, or no word at all */
  if (nn == 1 && !tl && (w->t[fi].flags & TOK_UPPER) && fi + 2 < w->n
      && tok_punct (w, fi + 1, ',') && tok_same_line (w, fi, fi + 2)
      && name_shaped (w, fi + 2) && !(w->t[fi + 2].flags & TOK_UPPER) && !a[fi + 2].covered
      && ((F->known && (F->ni.flags & (NAME_SURNAME | NAME_FORENAME)) && !wordy (F))
          || (f_unknown && !tok_lex (w, fi, LEX_STOP)))) {
    TokName g;
    tok_name (s, fi + 2, &g);
    gboolean g_fore = g.known && (g.ni.flags & NAME_FORENAME) && !wordy (&g);
    /* neither word known ("SELVARAJAH, Thenmoli"): a name the data lacks
     * at the start of a list's line, kept unsure (it counts only with a
     * cue of its own) */
    gboolean g_unknown = !g.known && (w->t[fi].flags & TOK_LINE_START)
                         && !address_place_name (w, fi + 2)
                         && !address_institution_word (w, fi + 2);
    /* "FOFANAH, Grace", "WOOD, Summer": a forename that is also a word,
     * after a surname the data knows at the start of a list's line, kept
     * unsure likewise */
    gboolean g_wordy = g.known && (g.ni.flags & NAME_FORENAME) && wordy (&g)
                       && (w->t[fi].flags & TOK_LINE_START) && F->known
                       && (F->ni.flags & NAME_SURNAME);
    if (g_fore || g_unknown || g_wordy) {
      m->s = fi;
      m->e = fi + 3;
      m->ts = fi;
      m->kind = M_FULL;
      m->fore = (int) fi + 2;
      m->sur = (int) fi;
      m->sure = g_fore;
      apply_label (m, label);
      return TRUE;
    }
  }
  if (nn >= 2) {
    if (f_fore && !wordy (F) && (l_sur || (l_unknown && !(w->t[li].flags & TOK_UPPER))
                                 || (L->known && (L->ni.flags & NAME_FORENAME) && !wordy (L))))
      sure = TRUE;
    else if (f_fore && l_sur && !wordy (L))
      sure = TRUE;
    else if (f_fore && l_sur)
      sure = tl || strong || F->ni.forename_band >= 80;
    else if (f_unknown && l_sur && !wordy (L) && !sentence_start (w, fi))
      sure = TRUE;
    else if (f_unknown && l_sur && !wordy (L))
      sure = strong || tl || L->ni.surname_band >= 60;
    /* Two capitalised words no list knows, neither an everyday word
     * ("Merhawi Tesfaye"): a name the data lacks, most likely, or a
     * place's; kept as an unsure mention, which counts only with a cue
     * of its own */
    gboolean unknown_pair = f_unknown && l_unknown && nn <= 3
                            && !(w->t[fi].flags & TOK_UPPER) && !(w->t[li].flags & TOK_UPPER);
    if (!sure && !tl && !strong && !unknown_pair)
      return FALSE;
    /* a heading in capitals ("NORTHERN IRELAND") is a name only when both
     * its words are names of their kind, or a field or title says so */
    if ((w->t[fi].flags & TOK_UPPER) && (w->t[li].flags & TOK_UPPER) && !strong && !tl
        && !(f_fore && !wordy (F) && l_sur && !wordy (L)))
      return FALSE;
    mk = M_FULL;
  } else {
    if (tl) {
      mk = M_SURNAME;
      sure = TRUE;
    } else if (f_fore && !wordy (F) && !(address_place_name (w, fi) && !before)) {
      mk = M_FIRST;
      sure = TRUE;
      /* "Smith" alone, or a forename that is more often a surname or a
       * place, at the start of a sentence, is too weak a sign */
      if ((F->ni.flags & NAME_SURNAME) && F->ni.surname_band > F->ni.forename_band + 16
          && !strong)
        return FALSE;
    } else if ((w->t[fi].flags & TOK_UPPER) && !f_fore) {
      /* "LADO", "MASH" after "Re:": an acronym, no name */
      return FALSE;
    } else if ((before && ((f_fore && (!wordy (F) || !label)) || f_unknown
                           || (F->known && !wordy (F))))
               || (after && (f_fore || (F->known && !wordy (F))))
               || (after_kind == 2 && f_unknown)) {
      /* a word unknown as a name is one after a relationship or a field's
       * label ("her son Zayn", "Child: Xyz"), or before an age ("Merhawi
       * 15yo", "Deji, aged 15"); not before a school ("Headteacher, Elm
       * Road Primary") */
      mk = M_FIRST;
    } else if (strong && f_fore && !(wordy (F) && title_field)) {
      mk = M_FIRST;
    } else {
      return FALSE;
    }
    if (w->t[fi].flags & TOK_UPPER && !strong)
      return FALSE;
  }
  m->s = fi;
  m->e = li + 1;
  m->ts = tl ? i : fi;
  m->kind = mk;
  m->fore = mk == M_SURNAME ? -1 : (int) fi;
  m->sur = mk == M_FIRST ? -1 : (int) li;
  m->title = tk;
  m->sure = sure;
  apply_label (m, label);
  /* (a professional's title outweighs a subject field: "Name: Dr
   * Oyinkansola Bamgbose-Hart" over "Post: Consultant Paediatrician") */
  if (tk == TITLE_PROFESSIONAL)
    m->prof += m->subject ? 2 : 1;
  else if (tk == TITLE_PUBLIC)
    m->pub++;
  return TRUE;
}

/* A name written in lower case, as hurried notes do ("call from ebru
 * aslan", "re alishba in Y8", "mrs smith"): only names that are no
 * everyday word and given often enough, and a first name alone only with
 * context that makes a name of it */
#define LOWER_FORENAME_BAND 30 /* given about 15 times or more */
static gboolean
find_lower_mention (PeopleScan *s, const Ann *a, guint i, Mention *m)
{
  const Window *w = &s->w;
  memset (m, 0, sizeof *m);
  guint j = i;
  TitleKind tk = TITLE_NONE;
  guint tl = role_title (s->cfg, w, j, &tk);
  if (tl && tk == TITLE_PRIVATE)
    j += tl;
  else
    tl = 0;
  if (j >= w->n || a[j].covered || !is_alpha_word (w, j) || (w->t[j].flags & TOK_CAP)
      || tok_len (w, j) < 3 || !tok_same_line (w, i, j))
    return FALSE;
  TokName f;
  tok_name (s, j, &f);
  if (!f.known || (f.ni.flags & NAME_WORD))
    return FALSE;
  if (tl) {
    if (!(f.ni.flags & NAME_SURNAME))
      return FALSE;
    m->s = j;
    m->e = j + 1;
    m->ts = i;
    m->kind = M_SURNAME;
    m->title = tk;
    m->fore = -1;
    m->sur = (int) j;
    return TRUE;
  }
  if (!(f.ni.flags & NAME_FORENAME) || f.ni.forename_band < LOWER_FORENAME_BAND)
    return FALSE;
  guint k = j + 1;
  TokName l = { 0 };
  if (k < w->n && tok_same_line (w, j, k) && is_alpha_word (w, k) && !a[k].covered
      && !(w->t[k].flags & TOK_CAP) && (w->t[k].flags & TOK_SPACE_BEFORE))
    tok_name (s, k, &l);
  if (l.known && (l.ni.flags & NAME_SURNAME) && !(l.ni.flags & NAME_WORD)) {
    /* a forename and a surname, neither a word: a name by its data */
    m->kind = M_FULL;
    m->e = k + 1;
    m->sur = (int) k;
    m->sure = TRUE;
  } else if (k < w->n && tok_same_line (w, j, k) && is_alpha_word (w, k)
             && !a[k].covered && !(w->t[k].flags & TOK_CAP) && tok_len (w, k) >= 3
             && strong_after (w, a, k + 1) && !lower_word (w, k)) {
    /* a forename and a surname the data does not know, no word either,
     * before an age or a school: "yusuf el-amin 15yo" */
    m->kind = M_FULL;
    m->e = k + 1;
    m->sur = (int) k;
  } else {
    int label;
    /* a forename in lower case with an age or a school after it ("tiago
     * (15)", "tiago, aged 15", "tiago from yr 2") or a relationship or a
     * field before it */
    if (!strong_before (s, a, j, &label) && !strong_after (w, a, j + 1)
        && !(tok_punct (w, j + 1, '(') && tok_same_line (w, j, j + 1)
             && tok_number (w, j + 2, 2) >= 1 && tok_number (w, j + 2, 2) <= 25
             && tok_punct (w, j + 3, ')')))
      return FALSE;
    m->kind = M_FIRST;
    m->e = j + 1;
    m->sur = -1;
  }
  m->s = m->ts = j;
  m->fore = (int) j;
  apply_label (m, label_before (s->cfg, w, j));
  return TRUE;
}

/* ---- cues around a mention -------------------------------------------- */

static void
add_cue (Mention *m, guint cue)
{
  m->cues |= cue;
}

static PersonKind
kind_of_rel (RelKind k)
{
  return k == REL_CHILD ? PERSON_CHILD : k == REL_ADULT ? PERSON_ADULT : PERSON_SOMEONE;
}

static gboolean
plausible_birth_year (int y)
{
  int now = dates_this_year ();
  return y <= now && y >= now - 100;
}

/* What stands right after a mention, on its line: ", aged 7", " (9)",
 * "(14/09/2017)", ", PE Lead", " - mum", ", Year 3, Elm Road Primary" */
static void
cues_after (PeopleScan *s, const Ann *a, Mention *m, guint limit)
{
  const Window *w = &s->w;
  const RecogniseConfig *cfg = s->cfg;
  guint j = m->e;
  gboolean bracket = FALSE;
  guint steps = 0;
  guint line = w->t[m->s].line;
  /* "Adaeze Uchendu as Designated Nurse", "Adaeze has worked as a health
   * visitor": someone in their work role */
  for (guint k = j, steps2 = 0; k < w->n && steps2 < 4 && tok_same_line (w, j, k); k++, steps2++) {
    if (tok_is (w, k, "as")) {
      for (guint r = k + 1; r < w->n && r < k + 5 && tok_same_line (w, k, r); r++)
        if (role_word (cfg, w, r)) {
          m->prof++;
          break;
        }
      break;
    }
    if (!(tok_is (w, k, "has") || tok_is (w, k, "had") || tok_is (w, k, "worked")
          || tok_is (w, k, "works") || tok_is (w, k, "joined") || tok_is (w, k, "joins")
          || tok_is (w, k, "joining") || tok_is (w, k, "started") || tok_is (w, k, "starts")
          || tok_is (w, k, "is") || tok_is (w, k, "was") || tok_is (w, k, "now")
          || tok_is (w, k, "recently") || tok_is (w, k, "been") || tok_is (w, k, "appointed")
          || tok_is (w, k, "employed") || tok_is (w, k, "previously")
          /* "joins us as a Trainee EP" */
          || tok_is (w, k, "us")))
      break;
  }
  /* "Jo from assessment", "Dave from the MASH": someone at work */
  if (tok_is (w, j, "from") && tok_same_line (w, j, j + 1)) {
    guint k = j + 1;
    if (tok_is (w, k, "the") && tok_same_line (w, k, k + 1))
      k++;
    if (tok_lex (w, k, LEX_AGENCY) || tok_is (w, k, "assessment") || tok_is (w, k, "duty")
        || tok_is (w, k, "housing") || tok_is (w, k, "police") || tok_is (w, k, "mash")
        || tok_is (w, k, "cafcass") || tok_is (w, k, "camhs") || tok_is (w, k, "yot")
        || tok_is (w, k, "edt") || tok_is (w, k, "safeguarding") || tok_is (w, k, "council")
        || tok_is (w, k, "social") || tok_is (w, k, "children's") || tok_is (w, k, "early"))
      m->prof++;
  }
  while (j < limit && j < w->n && steps++ < 12) {
    if (w->t[j].line != line) {
      /* "Charlotte Webb\n(Solace IDVA manager)": a bracket carried over;
       * a name ending its line, and the line under it opening with a date,
       * an address, an age or a school (a table drawn as lines, a form) */
      if (w->t[j].line == line + 1 && j == m->e
          && (tok_punct (w, j, '(') || a[j].kind == SPAN_DATE || a[j].kind == SPAN_ADDRESS
              || a[j].kind == SPAN_AGE || a[j].kind == SPAN_SCHOOL)) {
        line++;
        if (a[j].kind == SPAN_DATE && plausible_birth_year (a[j].value)
            && a[j].value < dates_this_year ()) {
          add_cue (m, CUE_DOB);
          j += a[j].len;
          continue;
        }
      } else {
        break;
      }
    }
    if (tok_punct (w, j, '<') || tok_punct (w, j, '>')) {
      j++;
      continue;
    }
    guint pl = role_phone (w, j);
    if (pl) {
      /* a telephone beside a name says nothing of whose: a parent's in a
       * referral, a worker's in a contact list (which its role says) */
      j += pl;
      continue;
    }
    if (tok_punct (w, j, ',') || tok_punct (w, j, '-') || tok_punct (w, j, '|')
        || tok_punct (w, j, ';') || tok_punct (w, j, '/') || (w->t[j].flags & TOK_PUNCT
                                                               && (guchar) w->text[w->t[j].start] == 0xE2)) {
      j++;
      continue;
    }
    if (tok_punct (w, j, '(') || tok_punct (w, j, '[')) {
      bracket = TRUE;
      j++;
      continue;
    }
    if (tok_punct (w, j, ')') || tok_punct (w, j, ']')) {
      bracket = FALSE;
      j++;
      continue;
    }
    /* (9), (9 yrs), (7 months) */
    int num = tok_number (w, j, 2);
    if (bracket && num >= 0 && num <= 25 && (tok_punct (w, j + 1, ')') || tok_punct (w, j + 1, ','))) {
      add_cue (m, CUE_AGE);
      if (num < 18)
        m->kind_hint = PERSON_CHILD;
      j++;
      continue;
    }
    /* ", 7," in a list of children: "Amira, 9, and"; a row's next cell
     * holding a child's age alone ("Riley Rowe | 13 | Nottingham") */
    gboolean next_cell = (j == m->e + 1 && (tok_punct (w, m->e, ',') || tok_punct (w, m->e, '|')))
                         || (j == m->e && (w->t[j].flags & TOK_CELL_START));
    if (num >= 0 && num <= 17 && next_cell
        && (tok_punct (w, j + 1, ',') || tok_punct (w, j + 1, ')') || tok_punct (w, j + 1, '|')
            || j + 1 >= w->n || !tok_same_line (w, j, j + 1)
            || (w->t[j + 1].flags & TOK_CELL_START))) {
      add_cue (m, CUE_AGE);
      m->kind_hint = PERSON_CHILD;
      j++;
      continue;
    }
    int v;
    guint l;
    if (a[j].kind == SPAN_AGE || (l = age_match (w, j, TRUE, &v))) {
      if (a[j].kind == SPAN_AGE)
        l = a[j].len, v = a[j].value;
      add_cue (m, CUE_AGE);
      if (v < 18)
        m->kind_hint = PERSON_CHILD;
      j += l;
      continue;
    }
    if ((l = dob_label_at (cfg, w, j))) {
      guint d = j + l;
      if (tok_punct (w, d, ':') || tok_punct (w, d, '-'))
        d++;
      if (d < w->n && a[d].kind == SPAN_DATE && tok_same_line (w, j, d)) {
        add_cue (m, CUE_DOB);
        j = d + a[d].len;
        continue;
      }
      j += l;
      continue;
    }
    if (a[j].kind == SPAN_DATE) {
      /* an age in months or weeks as health visitors write it: "Feven
       * WELDU 2/12" (two months), "Leo 6/52" (six weeks) */
      if (j == m->e && a[j].len == 3 && tok_punct (w, j + 1, '/')
          && (tok_number (w, j + 2, 2) == 12 || tok_number (w, j + 2, 2) == 52)
          && tok_number (w, j, 2) >= 1 && tok_number (w, j, 2) < tok_number (w, j + 2, 2)) {
        add_cue (m, CUE_AGE);
        m->kind_hint = PERSON_CHILD;
        j += a[j].len;
        continue;
      }
      /* a birth date beside a name, unlabelled: "(14/09/2017)",
       * "Daisy Wright, 24-May-2012"; in a list's item, "5. GILL, Inaya -
       * 23-Sep-2025 - HV: ..." */
      if ((bracket && plausible_birth_year (a[j].value))
          || (j == m->e + 1
              && (tok_punct (w, m->e, ',') || (tok_punct (w, m->e, '-') && row_first (w, m->ts)))
              && plausible_birth_year (a[j].value) && a[j].value < dates_this_year ())
          /* "  Ayaan CHOWDHURY  14/02/2015": a list's line of a name and a
           * date, nothing else */
          || (j == m->e && (w->t[m->ts].flags & TOK_LINE_START)
              && plausible_birth_year (a[j].value) && a[j].value < dates_this_year ()
              && (j + a[j].len >= w->n || !tok_same_line (w, j, j + a[j].len))))
        add_cue (m, CUE_DOB);
      j += a[j].len;
      continue;
    }
    if (a[j].kind == SPAN_SCHOOL) {
      add_cue (m, CUE_SCHOOL);
      m->kind_hint = PERSON_CHILD;
      j += a[j].len;
      continue;
    }
    if (a[j].kind == SPAN_ADDRESS) {
      if (!a[j].venue)
        add_cue (m, CUE_ADDRESS);
      j += a[j].len;
      continue;
    }
    if (a[j].kind == SPAN_REL) {
      guint after = j + a[j].len;
      if (after < w->n && tok_same_line (w, j, after) && role_word (cfg, w, after)) {
        /* "parent governor", "carer representative": a role */
        m->prof++;
        j = after + 1;
        continue;
      }
      add_cue (m, CUE_RELATIONSHIP);
      m->priv++;
      m->kind_hint = kind_of_rel (a[j].rel);
      j += a[j].len;
      continue;
    }
    if (a[j].kind == SPAN_EMAIL) {
      /* a work address: staff; a personal mailbox: a private person */
      if (a[j].work)
        m->prof++;
      else if (a[j].personal)
        m->priv++;
      j += a[j].len;
      continue;
    }
    if (tok_is (w, j, "his") || tok_is (w, j, "her") || tok_is (w, j, "their")
        || tok_is (w, j, "the") || tok_is (w, j, "a") || tok_is (w, j, "is")
        || tok_is (w, j, "and") || tok_is (w, j, "was") || tok_is (w, j, "who")
        || tok_is (w, j, "in") || tok_is (w, j, "at")) {
      /* "Zayn, her brother", "Maya is in Year 9" */
      j++;
      continue;
    }
    /* "NHS number", "NHS no": an identifier's label, no agency */
    if ((tok_is (w, j, "nhs") || tok_is (w, j, "chi") || tok_is (w, j, "upn")
         || tok_is (w, j, "ni"))
        && (tok_is (w, j + 1, "number") || tok_is (w, j + 1, "no") || tok_punct (w, j + 1, ':')
            || (w->t[j + 1].flags & TOK_DIGIT))) {
      j += 2;
      continue;
    }
    /* " - CP plan", " - CIN plan": a case's words, not a job's ("CP
     * chair"), where the case's words run on past the job's ("-
     * Independent Reviewing Officer", ", IRO" are jobs) */
    if (case_term_at (s, j)) {
      guint rl = cfg->enabled[RECOGNISER_ROLES] ? role_match (cfg, w, j) : 0;
      if (!rl || (j + rl < w->n && tok_same_line (w, j, j + rl)
                  && (w->t[j + rl].flags & TOK_ALPHA)))
        break;
    }
    /* "Kayden Morris - CP (neglect)", "- LAC", "- CIN": a child's status
     * on a caseload, alone; a job says more ("CP Chair", "LAC nurse") */
    if ((tok_is (w, j, "cp") || tok_is (w, j, "lac") || tok_is (w, j, "cin")
         || tok_is (w, j, "cla"))
        && !(j + 1 < w->n && tok_same_line (w, j, j + 1) && role_word (cfg, w, j + 1)))
      break;
    if (cfg->enabled[RECOGNISER_ROLES] && (l = role_match (cfg, w, j))) {
      /* ", PE Lead", "(Senior Practitioner)", "- SW, Luton CSC"; not the
       * next cell of a table's row ("Kamal Rahman | Y7 | Safeguarding -
       * substance misuse": a category, whose column says what it is) */
      gboolean other_cell = FALSE;
      for (guint q = m->e; s->table && q <= j && !other_cell; q++)
        other_cell = (w->t[q].flags & TOK_CELL_START) && !(w->t[q].flags & TOK_LINE_START);
      if ((j <= m->e + 2 || bracket) && !other_cell)
        m->prof++;
      j += l;
      continue;
    }
    break;
  }
}

/* "Lin's mother", "Jayden's mum": a name written with a relative of
 * theirs */
static void
cues_possessive (PeopleScan *s, const Ann *a, Mention *m)
{
  const Window *w = &s->w;
  guint last = m->e - 1;
  if (!(w->t[last].flags & TOK_POSSESSIVE) || m->e >= w->n || !tok_same_line (w, last, m->e))
    return;
  if (a[m->e].kind == SPAN_REL) {
    add_cue (m, CUE_RELATIONSHIP);
    m->priv++;
  }
}

/* What stands right before it: "her son Zayn", "social worker Mark
 * Evans", "DSL Mr Brown", "Year 9 pupil Maya" */
static void
cues_before (PeopleScan *s, const Ann *a, Mention *m)
{
  const Window *w = &s->w;
  const RecogniseConfig *cfg = s->cfg;
  guint i = m->ts;
  if (w->t[i].flags & TOK_CELL_START && !(w->t[i].flags & TOK_LINE_START))
    return; /* the first in a cell of a sheet: the cell before is another's */
  /* an item of a list under "Siblings:" or "Year 9 pupils:" */
  guint c = list_colon_above (w, i);
  for (guint b = c; c && b > 0 && w->t[b - 1].line == w->t[c].line; b--) {
    if (!a[b - 1].covered)
      continue;
    SpanKind k = a[a[b - 1].covered - 1].kind;
    if (k == SPAN_REL) {
      add_cue (m, CUE_RELATIONSHIP);
      m->priv++;
      m->kind_hint = kind_of_rel (a[a[b - 1].covered - 1].rel);
      break;
    }
    if (k == SPAN_SCHOOL) {
      add_cue (m, CUE_SCHOOL);
      break;
    }
  }
  for (guint back = 1; back <= 5 && back <= i; back++) {
    guint b = i - back;
    if (!tok_same_line (w, b, i))
      break;
    if (a[b].covered) {
      guint st = a[b].covered - 1;
      /* "mum (Tanya Forbes)", "mother - Kelly Smith", "Parents of Ffion
       * Thomas" */
      if (a[st].kind == SPAN_REL && st + a[st].len + 1 == i
          && (tok_punct (w, i - 1, '(') || tok_punct (w, i - 1, '-') || tok_punct (w, i - 1, ':')
              || tok_punct (w, i - 1, ',') || tok_is (w, i - 1, "of"))) {
        add_cue (m, CUE_RELATIONSHIP);
        m->priv++;
        m->kind_hint = kind_of_rel (a[st].rel);
        break;
      }
      if (st + a[st].len == i || (st + a[st].len + 1 == i && is_alpha_word (w, i - 1)
                                  && (tok_is (w, i - 1, "pupil") || tok_is (w, i - 1, "student")
                                      || tok_is (w, i - 1, "child") || tok_is (w, i - 1, "girl")
                                      || tok_is (w, i - 1, "boy")))) {
        if (a[st].kind == SPAN_REL) {
          add_cue (m, CUE_RELATIONSHIP);
          m->priv++;
          m->kind_hint = kind_of_rel (a[st].rel);
        } else if (a[st].kind == SPAN_SCHOOL) {
          add_cue (m, CUE_SCHOOL);
          m->kind_hint = PERSON_CHILD;
        } else if (a[st].kind == SPAN_AGE) {
          add_cue (m, CUE_AGE); /* "7-year-old Jayden" */
        }
      }
      break;
    }
    /* a role ending right before the name, or before a comma, a colon
     * or a leader of dots ("Head of Service, Moira Drummond", "Team
     * Leader ........ Fiona McAllister") */
    if (cfg->enabled[RECOGNISER_ROLES]) {
      guint rl = role_match (cfg, w, b);
      guint at = b + rl;
      while (rl && at < i && (w->t[at].flags & TOK_PUNCT) && !tok_punct (w, at, '(')
             && !tok_punct (w, at, ')'))
        at++;
      if (rl && at == i) {
        m->prof++;
        break;
      }
    }
    if ((w->t[b].flags & TOK_PUNCT) && !(tok_punct (w, b, '(') || tok_punct (w, b, '-')
                                          || tok_punct (w, b, ':') || tok_punct (w, b, ',')
                                          || tok_punct (w, b, '.')))
      break;
    if (back == 5 && (w->t[b].flags & TOK_PUNCT)) {
      /* a leader of dots: look past it */
      guint k = b;
      while (k > 0 && tok_same_line (w, k - 1, i) && (w->t[k - 1].flags & TOK_PUNCT))
        k--;
      if (k > 0 && k < b) {
        for (guint r = k > 5 ? k - 5 : 0; r < k; r++) {
          guint rl = role_match (cfg, w, r);
          if (rl && r + rl == k && tok_same_line (w, r, i)) {
            m->prof++;
            return;
          }
        }
      }
    }
  }
}

/* The first token of token i's line, past quote marks ("> > Sadia") */
static guint
line_start_past_quotes (const Window *w, guint i)
{
  guint f = i;
  while (f > 0 && tok_same_line (w, f - 1, i))
    f--;
  while (f < i && tok_punct (w, f, '>'))
    f++;
  return f;
}

static const char *const greetings[] = {
  "hi", "hello", "dear", "morning", "afternoon", "evening", "hiya", "hey",
  "thanks", "thank", "cheers", "ta", "good", NULL,
};

/* "14:02", "9:05 am" at j: a clock time; the tokens it takes, or 0 */
static guint
clock_time (const Window *w, guint j)
{
  if (j + 2 >= w->n || !(w->t[j].flags & TOK_DIGIT) || tok_len (w, j) > 2
      || !tok_punct (w, j + 1, ':') || !(w->t[j + 2].flags & TOK_DIGIT) || tok_len (w, j + 2) != 2
      || !tok_same_line (w, j, j + 2))
    return 0;
  guint l = 3;
  if (tok_punct (w, j + 3, ':') && j + 4 < w->n && tok_len (w, j + 4) == 2
      && tok_same_line (w, j, j + 4))
    l = 5; /* seconds */
  if (j + l < w->n && tok_same_line (w, j, j + l)
      && (tok_is (w, j + l, "am") || tok_is (w, j + l, "pm")))
    l++;
  return l;
}

/* A speaker's line in a chat's export: "Nadia Rahimi  14:02", "Tomasz
 * Wrobel (Practice Educator)  14:05" on a line of its own, or "[14:02]
 * Nadia Rahimi:" — who wrote, as a signature is */
static gboolean
chat_speaker (const Window *w, guint ls, guint e)
{
  guint j = e;
  if (j < w->n && tok_same_line (w, ls, j) && tok_punct (w, j, '(')) {
    while (j < w->n && tok_same_line (w, ls, j) && !tok_punct (w, j, ')'))
      j++;
    j++;
  }
  while (j < w->n && tok_same_line (w, ls, j) && (tok_punct (w, j, ',') || tok_punct (w, j, '-')
                                                 || tok_punct (w, j, '[')))
    j++;
  guint t = j < w->n && tok_same_line (w, ls, j) ? clock_time (w, j) : 0;
  if (t) {
    j += t;
    if (j < w->n && tok_punct (w, j, ']'))
      j++;
    return j >= w->n || !tok_same_line (w, ls, j);
  }
  /* a time first on the line, then the name and a colon */
  guint f = ls;
  while (f > 0 && tok_same_line (w, f - 1, ls))
    f--;
  if (f < ls && tok_punct (w, f, '['))
    f++;
  t = f < ls ? clock_time (w, f) : 0;
  if (!t)
    return FALSE;
  f += t;
  if (f < ls && tok_punct (w, f, ']'))
    f++;
  return f == ls && e < w->n && tok_same_line (w, ls, e) && tok_punct (w, e, ':');
}

/* A signature or a greeting: the name alone on its line (after a closing,
 * or above a role, an agency, a telephone or a work address: staff), or
 * after "Hi", "Dear", "Thanks": whom a letter or e-mail is from or to.
 * Such a mention is no sign that the record is about them. */
static void
signature (PeopleScan *s, const Ann *a, Mention *m)
{
  const Window *w = &s->w;
  const RecogniseConfig *cfg = s->cfg;
  guint ls = m->ts;
  guint first_on_line = line_start_past_quotes (w, ls);
  gboolean closing_before = FALSE;
  /* a greeting opening a quotation in the line ('... SW. "Hi Sunita, it's
   * Jo"': a voicemail, a message read out): whom it was to */
  if (ls >= 2 && tok_same_line (w, ls - 2, ls) && tok_lex (w, ls - 1, LEX_GREETING)
      && !tok_is (w, ls - 1, "good") && (w->t[ls - 2].flags & TOK_PUNCT)
      && (tok_punct (w, ls - 2, '"') || (guchar) w->text[w->t[ls - 2].start] == 0xE2)) {
    m->correspondent = TRUE;
    return;
  }
  if (first_on_line < ls) {
    /* "Thanks, Dev", "Hi Leah,", "Dear Ms Price," */
    guint c = role_closing (w, first_on_line);
    guint g = tok_lex (w, first_on_line, LEX_GREETING) ? 1 : 0;
    if (g && tok_is (w, first_on_line, "good") && tok_same_line (w, first_on_line, first_on_line + 1))
      g = 2; /* "Good morning" */
    if (c && first_on_line + c + (tok_punct (w, first_on_line + c, ',') ? 1 : 0) == ls) {
      closing_before = TRUE;
      /* "Thanks Riya - all noted": thanked, whoever writes on */
      if (tok_is (w, first_on_line, "thanks") || tok_is (w, first_on_line, "thank")
          || tok_is (w, first_on_line, "cheers") || tok_is (w, first_on_line, "ta"))
        m->correspondent = TRUE;
    }
    else if (g && first_on_line + g + (tok_punct (w, first_on_line + g, ',') ? 1 : 0) == ls) {
      m->correspondent = TRUE;
      m->greeted = TRUE;
      return;
    } else {
      /* other words before it: prose; but on the line under a closing,
       * a list of those signing ("Warm wishes,\n(Maureen, Priya, Kojo and
       * all our volunteers)") */
      /* (or under the closing and a team's name: "Warm wishes,\nThe LPT
       * team\n(Maureen, ...)") */
      guint q = first_on_line;
      for (guint up = 0; up < 2 && q > 0 && !m->correspondent; up++) {
        guint p = q - 1;
        guint pls = line_start_past_quotes (w, p);
        guint cl = role_closing (w, pls);
        if (w->t[p].line + 1 + up != w->t[ls].line)
          break;
        if (cl && (pls + cl == p + 1 || (pls + cl == p && tok_punct (w, p, ','))))
          m->correspondent = TRUE;
        if (p - pls > 4)
          break;
        q = pls;
      }
      return;
    }
  }
  guint end = m->e;
  while (end < w->n && tok_same_line (w, ls, end) && (w->t[end].flags & TOK_PUNCT)
         && !tok_punct (w, end, '('))
    end++;
  if (chat_speaker (w, ls, m->e)) {
    m->correspondent = TRUE;
    return;
  }
  if (end < w->n && tok_same_line (w, ls, end))
    return; /* words after it: not alone */
  /* alone on its line: a sign-off, unless a field's label made it one,
   * or it heads the document */
  if (!m->subject && !m->family && !m->on_title)
    m->correspondent = TRUE;
  /* the line before: a closing */
  if (!closing_before && first_on_line > 0) {
    guint p = first_on_line - 1;
    guint pls = line_start_past_quotes (w, p);
    guint c = role_closing (w, pls);
    if (c && w->t[p].line + 1 >= w->t[ls].line
        && (pls + c == p + 1 || (pls + c == p && tok_punct (w, p, ','))))
      closing_before = TRUE;
  }
  /* the next line: a role, an agency, a phone, an address */
  gboolean next_role = FALSE;
  while (end < w->n && tok_punct (w, end, '>') && (w->t[end].flags & TOK_LINE_START))
    end++;
  while (end < w->n && tok_punct (w, end, '>') && end > 0 && tok_punct (w, end - 1, '>'))
    end++;
  if (end < w->n && w->t[end].line <= w->t[ls].line + 1) {
    gboolean work;
    if (role_match (cfg, w, end) || role_label (w, end)
        || (role_email (cfg, w, end, &work) && work) || tok_is (w, end, "tel")
        || tok_is (w, end, "telephone") || tok_is (w, end, "mobile")
        || tok_is (w, end, "phone") || tok_is (w, end, "direct")
        || tok_is (w, end, "email") || tok_is (w, end, "e-mail") || role_phone (w, end)
        || (tok_is (w, end, "on") && tok_is (w, end + 1, "behalf")))
      next_role = TRUE;
  }
  if (next_role)
    m->prof++;
  else if (closing_before && !m->family && !m->subject)
    m->prof++; /* a letter or e-mail's writer, signing */
}

/* ---- people ----------------------------------------------------------- */

static char *
folded (const Window *w, guint i)
{
  char buf[128];
  gsize n = name_fold (tok_text (w, i), tok_len (w, i), buf, sizeof buf);
  if (!n)
    return NULL;
  /* a possessive's stem */
  if (w->t[i].flags & TOK_POSSESSIVE) {
    if (n >= 2 && buf[n - 2] == '\'' && buf[n - 1] == 's')
      buf[n - 2] = '\0';
  }
  return g_strdup (buf);
}

static Entity *
entity_get (PeopleScan *s, Mention *m)
{
  const Window *w = &s->w;
  g_autofree char *f = m->fore >= 0 ? folded (w, (guint) m->fore) : NULL;
  g_autofree char *l = m->sur >= 0 ? folded (w, (guint) m->sur) : NULL;
  char *key;
  if (f && l)
    key = g_strdup_printf ("%s %s", f, l);
  else if (f)
    key = g_strdup_printf ("first:%s", f);
  else if (l)
    key = g_strdup_printf ("%s:%s", m->title == TITLE_PUBLIC ? "public"
                                    : m->title == TITLE_PROFESSIONAL ? "prof" : "sur", l);
  else
    return NULL;
  Entity *e = g_hash_table_lookup (s->entities, key);
  if (e) {
    g_free (key);
    return e;
  }
  if (g_hash_table_size (s->entities) >= MAX_ENTITIES) {
    g_free (key);
    return NULL;
  }
  e = g_new0 (Entity, 1);
  e->key = key;
  /* the name as written: its words in the document's order (a table's
   * "SMITH, Jayden" or two columns: forename and surname) */
  GString *name = g_string_new (NULL);
  int toks[2] = { m->fore, m->sur };
  if (m->fore >= 0 && m->sur >= 0 && m->sur == (int) m->e - 1 && m->fore == (int) m->s
      && m->e - m->s <= MAX_NAME_TOKENS + 1 && tok_same_line (w, m->s, m->e - 1)) {
    gsize ns = w->t[m->s].start, ne = w->t[m->e - 1].end;
    g_string_append_len (name, w->text + ns, (gssize) (ne - ns));
  } else {
    for (int k = 0; k < 2; k++) {
      if (toks[k] < 0)
        continue;
      if (name->len)
        g_string_append_c (name, ' ');
      g_string_append_len (name, tok_text (w, (guint) toks[k]), (gssize) tok_len (w, (guint) toks[k]));
    }
  }
  /* a possessive's stem */
  if (name->len > 2 && name->str[name->len - 1] == 's' && name->str[name->len - 2] == '\'')
    g_string_truncate (name, name->len - 2);
  else if (name->len > 4 && g_str_has_suffix (name->str, "\u2019s"))
    g_string_truncate (name, name->len - 4);
  e->name = g_string_free (name, FALSE);
  e->forename = g_steal_pointer (&f);
  e->surname = g_steal_pointer (&l);
  e->full = e->forename && e->surname;
  e->part = s->part;
  e->line = s->text_part->lines ? w->t[m->s].line : 0;
  if (m->column > 0 && s->table && (guint) m->column <= s->table->headers->len) {
    /* a table's name column: "column A (Name)", as matches say of cells */
    g_autofree char *letters = pmark_column_letters ((guint) m->column - 1);
    const char *where = s->text_part->where;
    e->where = g_strdup_printf ("%s%scolumn %s (%s)", where ? where : "", where ? ", " : "",
                                letters, (char *) g_ptr_array_index (s->table->headers,
                                                                     m->column - 1));
  } else {
    e->where = g_strdup (s->text_part->where);
  }
  e->order = s->order->len;
  g_hash_table_insert (s->entities, e->key, e);
  g_ptr_array_add (s->order, e);
  return e;
}

static void
entity_add (Entity *e, const Mention *m)
{
  e->cues |= m->cues;
  e->prof += m->prof;
  e->priv += m->priv;
  e->pub += m->pub;
  e->subject |= m->subject;
  e->on_title |= m->on_title && !m->correspondent;
  e->row_case |= m->row_case && !m->correspondent;
  e->near_case |= m->near_case && !m->correspondent;
  e->close_case |= m->close_case && !m->correspondent;
  e->record_title |= m->record_title && !m->correspondent;
  e->titled |= m->titled && !m->correspondent;
  e->resident |= m->resident;
  e->invented |= m->invented;
  e->sure |= m->sure || m->subject || m->family || m->title != TITLE_NONE;
  e->corr += m->correspondent;
  e->greeted |= m->greeted;
  e->mentions++;
  if (m->kind_hint != PERSON_SOMEONE && e->kind == PERSON_SOMEONE)
    e->kind = m->kind_hint;
  if (m->family && e->kind == PERSON_SOMEONE)
    e->kind = PERSON_ADULT;
}

static void
entity_add_address (PeopleScan *s, Entity *e, gsize start, gsize end)
{
  if (!e->addresses)
    e->addresses = g_ptr_array_new_with_free_func (g_free);
  if (e->addresses->len < 8)
    g_ptr_array_add (e->addresses, g_strndup (s->w.text + start, end - start));
}

/* The identifiers on [start, end) of the part: their canonical values */
static void
ids_in (PeopleScan *s, gsize start, gsize end, GPtrArray *out)
{
  GArray *a = g_hash_table_lookup (s->id_spans, GUINT_TO_POINTER (s->part));
  if (!a)
    return;
  /* the spans are in the order of the text: the first starting at or
   * after `start` */
  guint lo = 0, hi = a->len;
  while (lo < hi) {
    guint mid = (lo + hi) / 2;
    if (g_array_index (a, IdSpan, mid).start < start)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (guint k = lo; k < a->len; k++) {
    const IdSpan *sp = &g_array_index (a, IdSpan, k);
    if (sp->start >= end)
      break;
    if (sp->end <= end)
      g_ptr_array_add (out, sp->canon);
  }
}

static void
claim_id (PeopleScan *s, const char *canon, Entity *by)
{
  IdInfo *info = g_hash_table_lookup (s->ids, canon);
  if (info) {
    info->claimed = TRUE;
    info->by = by;
  }
}
/* ---- tables ------------------------------------------------------------ */

typedef enum {
  COL_NONE, COL_NAME, COL_FORENAME, COL_SURNAME, COL_FAMILY, COL_STAFF,
  COL_DOB, COL_AGE, COL_ADDRESS, COL_SCHOOL, COL_REL, COL_JOB,
  COL_PLACE, /* a ward's, an area's, a venue's name: no person's */
  COL_REF,   /* a case's or a record's reference: no name */
} ColRole;


static gboolean
contains_word (const char *hay, const char *word)
{
  gsize wl = strlen (word);
  for (const char *p = hay; (p = strstr (p, word)); p++) {
    gboolean left = p == hay || !g_ascii_isalpha (p[-1]);
    gboolean right = !g_ascii_isalpha (p[wl]);
    if (left && right)
      return TRUE;
  }
  return FALSE;
}

static ColRole
column_role (const char *h)
{
  g_autofree char *l = g_ascii_strdown (h, -1);
  static const char *const staff[] = {
    "worker", "sw", "teacher", "staff", "logged by", "recorded by", "author",
    "referrer", "lead", "dsl", "officer", "keyworker", "key worker", "manager",
    "professional", "agency", "gp", "hv", "iro", "allocated", "assigned",
    "reported by", "entered by", "by", "practitioner", "consultant", "owner",
    "contact", "tutor", "mentor", "chair", "desk", "liaison", "duty", "cover",
    "on call", "on-call", "nurse", "minute taker", "minutes", "visitor", "midwife",
    "approved by", "approver", "ordered by", "requested by", "authorised by",
    "authorized by", "signed by", "requisitioner", "budget holder", "coordinator",
    "co-ordinator", "social worker", "supervisor", "therapist", "clinician", NULL,
  };
  /* words that only qualify a column ("Lead applicant", "Parent contact")
   * make it staff's when no private person is named in it */
  static const char *const qualifiers[] = {
    "lead", "contact", "allocated", "assigned", "owner", "agency", NULL,
  };
  static const char *const private_people[] = {
    "applicant", "tenant", "claimant", "resident", "occupant", "householder",
    "client", "service user", "patient", "pupil", "student", "learner",
    "young person", "child", "children", "baby", "mother", "father", "parent",
    "carer", "victim", "family", NULL,
  };
  gboolean qualifier = FALSE, person = FALSE;
  for (int k = 0; private_people[k] && !person; k++)
    person = contains_word (l, private_people[k]);
  for (int k = 0; staff[k]; k++)
    if (contains_word (l, staff[k])) {
      gboolean q = FALSE;
      for (int j = 0; qualifiers[j] && !q; j++)
        q = !strcmp (staff[k], qualifiers[j]);
      if (!q)
        return COL_STAFF;
      qualifier = TRUE;
    }
  if (qualifier && !person)
    return COL_STAFF;
  /* what is said of staff: a job, a team, a work telephone */
  static const char *const job[] = {
    "job title", "job", "role", "position", "post", "designation", "grade",
    "team", "department", "dept", "service", "organisation", "organization",
    "employer", "direct line", "direct dial", "extension", "ext", "work phone",
    "work mobile", "work email", "work e-mail", "dbs", "training", "course",
    "qualification", "start date", "office", "base", "location", "line manager",
    "caseload", "cases", "supervisor", "availability", "shift", "rota",
    "specialism", "agency", NULL,
  };
  for (int k = 0; job[k]; k++)
    if (contains_word (l, job[k]))
      return COL_JOB;
  if (contains_word (l, "dob") || strstr (l, "d.o.b") || strstr (l, "birth")
      || contains_word (l, "born"))
    return COL_DOB;
  if (contains_word (l, "forename") || contains_word (l, "first name")
      || contains_word (l, "given name") || contains_word (l, "firstname"))
    return COL_FORENAME;
  if (contains_word (l, "surname") || contains_word (l, "last name")
      || contains_word (l, "family name") || contains_word (l, "lastname"))
    return COL_SURNAME;
  static const char *const family[] = {
    "mother", "father", "mum", "dad", "parent", "parents", "carer", "carers",
    "guardian", "perpetrator", "alleged perpetrator", "partner", "adult",
    "adults", "household", "siblings", "sibling", "victim", "nok",
    "next of kin", "parent/carer", "parents/carers", NULL,
  };
  for (int k = 0; family[k]; k++)
    if (contains_word (l, family[k]))
      return COL_FAMILY;
  /* a school's, team's or place's name is no person's */
  static const char *const places[] = {
    "school", "setting", "team", "organisation", "organization", "agency",
    "service", "provider", "ward", "venue", "site", "nursery", "academy",
    "company", "supplier", "borough", "area", "locality", "project", NULL,
  };
  for (int k = 0; places[k]; k++)
    if (contains_word (l, places[k]))
      return k == 0 ? COL_SCHOOL : COL_PLACE;
  /* "Case ref", "Case no.", "Record ID": a reference, not whose it is */
  static const char *const refs[] = {
    "ref", "ref.", "reference", "no", "no.", "number", "id", "urn", "code", NULL,
  };
  for (int k = 0; refs[k]; k++)
    if (contains_word (l, refs[k]) && !contains_word (l, "name") && !contains_word (l, "post"))
      return COL_REF;
  static const char *const names[] = {
    "name", "child", "children", "pupil", "student", "client", "young person",
    "yp", "patient", "subject", "learner", "person", "full name", "child name",
    "baby", "infant", "service user", "case", "applicant", "tenant", "claimant",
    "resident", "occupant", "householder", NULL,
  };
  for (int k = 0; names[k]; k++)
    if (contains_word (l, names[k]))
      return COL_NAME;
  if (contains_word (l, "age") || contains_word (l, "ages"))
    return COL_AGE;
  /* where goods go, or a meeting is: a place's */
  if (contains_word (l, "deliver") || contains_word (l, "delivery") || contains_word (l, "ship to")
      || contains_word (l, "venue") || contains_word (l, "site address"))
    return COL_PLACE;
  if (contains_word (l, "address") || contains_word (l, "postcode")
      || contains_word (l, "post code") || contains_word (l, "street")
      || contains_word (l, "placed at") || contains_word (l, "lives at")
      || contains_word (l, "living at") || contains_word (l, "housed at")
      || contains_word (l, "accommodation") || contains_word (l, "residence"))
    return COL_ADDRESS;
  if (contains_word (l, "year") || contains_word (l, "yr") || contains_word (l, "class")
      || contains_word (l, "form") || contains_word (l, "school")
      || contains_word (l, "year group") || contains_word (l, "tutor group")
      || contains_word (l, "reg group"))
    return COL_SCHOOL;
  if (contains_word (l, "relationship") || contains_word (l, "relation"))
    return COL_REL;
  return COL_NONE;
}

/* A table set out with spaces: its cells are apart by two spaces or more,
 * or a tab ("Date      Pupil          Concern") */
#define DELIM_SPACED '\001'

/* Splits one line into cells (quoted CSV fields allowed) as offsets */
static GArray *
split_cells (const char *s, gsize n, char delim)
{
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (delim == DELIM_SPACED) {
    gsize i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
      i++;
    while (i < n) {
      gsize a = i;
      while (i < n && s[i] != '\t' && s[i] != '\r' && !(s[i] == ' ' && i + 1 < n && s[i + 1] == ' '))
        i++;
      gsize b = i;
      while (b > a && s[b - 1] == ' ')
        b--;
      g_array_append_val (cells, a);
      g_array_append_val (cells, b);
      while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        i++;
    }
    return cells;
  }
  gsize start = 0;
  gboolean quoted = FALSE;
  for (gsize i = 0; i <= n; i++) {
    if (i < n && s[i] == '"')
      quoted = !quoted;
    if (i == n || (!quoted && s[i] == delim)) {
      gsize a = start, b = i;
      while (a < b && (s[a] == ' ' || s[a] == '"' || s[a] == '\r'))
        a++;
      while (b > a && (s[b - 1] == ' ' || s[b - 1] == '"' || s[b - 1] == '\r'))
        b--;
      g_array_append_val (cells, a);
      g_array_append_val (cells, b);
      start = i + 1;
    }
  }
  return cells;
}

/* Whether most of the next few lines have `cells` cells */
static gboolean
rows_agree (const char *p, const char *end, char delim, guint cells)
{
  guint rows = 0, same = 0;
  while (p < end && rows < 8) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    gsize n = (gsize) ((nl ? nl : end) - p);
    if (n > 1) {
      g_autoptr (GArray) c = split_cells (p, n, delim);
      /* (set out with spaces, the table ends at the prose under it) */
      if (delim == DELIM_SPACED && c->len / 2 < 2)
        break;
      rows++;
      /* (set out with spaces, a cell written up to the next column's runs
       * into it: "previous LSCS, VBAC disc N") */
      same += delim == DELIM_SPACED ? c->len / 2 >= 2 && c->len / 2 <= cells
                                    : c->len / 2 == cells;
    }
    if (!nl)
      break;
    p = nl + 1;
  }
  return rows >= 1 && same * 10 >= rows * 8;
}

static gboolean cell_is_name (const char *s, gsize n);

/* The column (with no role yet) whose cells are mostly people's names,
 * by the name data, in the first rows under the header; or -1 */
static int
names_column (const char *p, const char *end, char delim, GArray *roles)
{
  guint *votes = g_new0 (guint, roles->len);
  guint rows = 0;
  while (p < end && rows < 20) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    gsize n = (gsize) ((nl ? nl : end) - p);
    gboolean rule = TRUE;
    for (gsize q = 0; q < n && rule; q++)
      rule = strchr ("-=_+| \t\r", p[q]) != NULL;
    if (n > 1 && !rule) {
      g_autoptr (GArray) cells = split_cells (p, n, delim);
      /* (set out with spaces, the table ends at the prose under it) */
      if (delim == DELIM_SPACED && cells->len / 2 < 2)
        break;
      rows++;
      for (guint c = 0; c < cells->len / 2 && c < roles->len; c++) {
        if (g_array_index (roles, int, c) != COL_NONE)
          continue;
        gsize a = g_array_index (cells, gsize, 2 * c), b = g_array_index (cells, gsize, 2 * c + 1);
        if (!cell_is_name (p + a, b - a))
          continue;
        /* a word of it a known forename or surname */
        g_autofree char *cell = g_strndup (p + a, b - a);
        g_auto (GStrv) words = g_strsplit_set (cell, " ,", -1);
        gboolean known = FALSE;
        for (char **wd = words; *wd && !known; wd++) {
          NameInfo ni;
          known = **wd && names_lookup (NULL, *wd, strlen (*wd), &ni)
                  && (ni.flags & (NAME_FORENAME | NAME_SURNAME));
        }
        votes[c] += known;
      }
    }
    if (!nl)
      break;
    p = nl + 1;
  }
  int best = -1;
  for (guint c = 0; c < roles->len; c++)
    if (rows >= 2 && votes[c] * 10 >= rows * 6 && (best < 0 || votes[c] > votes[best]))
      best = (int) c;
  g_free (votes);
  return best;
}

/* The table whose header is the line [p, p + n) (line `line` of the
 * part), its cells split by `delim`, or NULL: a header names its columns,
 * at least one of them a person's (or a place's), and the rows under it
 * agree */
static TableInfo *
table_header (const char *p, gsize n, const char *nl, const char *end, char delim, guint line)
{
  g_autoptr (GArray) cells = split_cells (p, n, delim);
  guint nc = cells->len / 2;
  if (nc < 2)
    return NULL;
  GArray *roles = g_array_new (FALSE, TRUE, sizeof (int));
  gboolean ok = TRUE, has_name = FALSE;
  for (guint c = 0; c < nc && ok; c++) {
    gsize a = g_array_index (cells, gsize, 2 * c), b = g_array_index (cells, gsize, 2 * c + 1);
    gboolean letter = FALSE;
    for (gsize q = a; q < b; q++)
      letter |= g_ascii_isalpha (p[q]) || (guchar) p[q] >= 0x80;
    /* a header names its columns: words, not numbers; set out with
     * spaces, not a form's fields ("Name: ______   DOB: __/__/____") */
    if (b - a > 80 || (b > a && !letter)
        || (delim == DELIM_SPACED && (memchr (p + a, ':', b - a) || memchr (p + a, '_', b - a)))) {
      ok = FALSE;
      break;
    }
    g_autofree char *h = g_strndup (p + a, b - a);
    int r = (int) column_role (h);
    has_name |= r == COL_NAME || r == COL_FORENAME || r == COL_SURNAME || r == COL_FAMILY
                || r == COL_STAFF;
    g_array_append_val (roles, r);
  }
  /* a header has short names, and the rows under it as many cells
   * (prose with commas is no table) */
  for (guint c = 0; c < nc && ok; c++) {
    gsize a = g_array_index (cells, gsize, 2 * c), b = g_array_index (cells, gsize, 2 * c + 1);
    guint words = b > a ? 1 : 0;
    for (gsize q = a; q < b; q++)
      words += p[q] == ' ';
    ok = words <= 12;
  }
  /* at least two columns named: a title in a sheet's first cell
   * ("Pupil register") is no header */
  guint named = 0;
  for (guint c = 0; c < nc; c++)
    named += g_array_index (cells, gsize, 2 * c + 1) > g_array_index (cells, gsize, 2 * c);
  if (named < 2)
    ok = FALSE;
  /* no column called a name's, but columns of what is said of people
   * (a date of birth, an age, an address): the column whose cells
   * are names ("Swimmer", "Vidyarthi") */
  if (ok && !has_name) {
    gboolean personal = FALSE;
    for (guint c = 0; c < roles->len; c++) {
      int r = g_array_index (roles, int, c);
      personal |= r == COL_DOB || r == COL_AGE || r == COL_ADDRESS;
    }
    int col = personal ? names_column (nl ? nl + 1 : end, end, delim, roles) : -1;
    if (col >= 0) {
      g_array_index (roles, int, col) = COL_NAME;
      has_name = TRUE;
    }
  }
  /* a table naming nobody by its columns, but with a column of
   * places ("Ward", "Area"): read as one, so the places in it are
   * no people */
  gboolean places = FALSE;
  for (guint c = 0; c < roles->len; c++)
    places |= g_array_index (roles, int, c) == COL_PLACE;
  if (ok && (has_name || places) && !rows_agree (nl ? nl + 1 : end, end, delim, nc))
    ok = FALSE;
  /* set out with spaces, a names' column holds names (a form's table of
   * "Safe", "Healthy", "Achieving" under "Indicator" is no list of people) */
  if (ok && has_name && delim == DELIM_SPACED) {
    int col = -1;
    for (guint c = 0; c < roles->len && col < 0; c++) {
      int r = g_array_index (roles, int, c);
      if (r == COL_NAME || r == COL_FORENAME || r == COL_SURNAME || r == COL_FAMILY)
        col = (int) c;
    }
    if (col >= 0) {
      g_autoptr (GArray) only = g_array_new (FALSE, TRUE, sizeof (int));
      for (guint c = 0; c < roles->len; c++) {
        int none = (int) c == col ? COL_NONE : COL_NAME;
        g_array_append_val (only, none);
      }
      ok = names_column (nl ? nl + 1 : end, end, delim, only) == col;
    }
  }
  if (ok && (has_name || places)) {
    TableInfo *t = g_new0 (TableInfo, 1);
    t->delim = delim;
    t->header_line = line;
    t->roles = roles;
    t->headers = g_ptr_array_new_with_free_func (g_free);
    for (guint c = 0; c < nc; c++) {
      gsize a = g_array_index (cells, gsize, 2 * c), b = g_array_index (cells, gsize, 2 * c + 1);
      g_ptr_array_add (t->headers, g_strndup (p + a, b - a));
    }
    /* staff, when jobs are listed (a job's own column: "Job title",
     * "Role", "Extension", "Work email"; a team's or a service's
     * column is in case lists too) and nothing of a child or family */
    static const char *const job_columns[] = {
      "job title", "job", "role", "position", "post", "designation", "grade",
      "extension", "ext", "direct line", "direct dial", "work phone", "work mobile",
      "work email", "work e-mail", "dbs", "line manager", "qualification", NULL,
    };
    gboolean jobs = FALSE, family = FALSE;
    for (guint c = 0; c < roles->len; c++) {
      int r = g_array_index (roles, int, c);
      if (r == COL_JOB) {
        g_autofree char *hl = g_ascii_strdown (g_ptr_array_index (t->headers, c), -1);
        for (guint q = 0; job_columns[q] && !jobs; q++)
          jobs = contains_word (hl, job_columns[q]);
      }
      /* (an address column in a staff list is their workplace's) */
      family |= r == COL_DOB || r == COL_AGE || r == COL_SCHOOL || r == COL_REL
                || r == COL_FAMILY;
    }
    t->staff = jobs && !family;
#ifdef PMARK_DEBUG_PEOPLE
    g_printerr ("people: table at line %u, delimiter '%c', %s, roles:", line,
                delim, t->staff ? "staff" : "not staff");
    for (guint c = 0; c < roles->len; c++)
      g_printerr (" %d", g_array_index (roles, int, c));
    g_printerr ("\n");
#endif
    return t;
  }
  g_array_unref (roles);
  return NULL;
}

/* A header among the first lines: cells that name what is under them, one
 * at least a column of names */
static TableInfo *
table_detect (const char *text, gsize len)
{
  const char *p = text, *end = text + len;
  guint line = 1;
  static const char delims[] = { '\t', ',', ';', '|', DELIM_SPACED };
  for (guint tried = 0; p < end && tried < 6; line++) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    gsize n = (gsize) ((nl ? nl : end) - p);
    if (n > 1) {
      tried++;
      for (gsize d = 0; d < G_N_ELEMENTS (delims); d++) {
        if (delims[d] == DELIM_SPACED ? !g_strstr_len (p, (gssize) n, "  ")
                                      : !memchr (p, delims[d], n))
          continue;
        TableInfo *t = table_header (p, n, nl, end, delims[d], line);
        if (t)
          return t;
      }
    }
    if (!nl)
      return NULL;
    p = nl + 1;
  }
  /* a table set out with spaces in the middle of a letter or an e-mail
   * ("Still missing for Friday:" over "Pupil   Consent   Medical form"):
   * its header anywhere, a line of three cells or more */
  for (; p < end; line++) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    gsize n = (gsize) ((nl ? nl : end) - p);
    const char *gap = n > 1 ? g_strstr_len (p, (gssize) n, "  ") : NULL;
    if (gap && g_strstr_len (gap + 2, (gssize) (n - (gsize) (gap + 2 - p)), "  ")) {
      TableInfo *t = table_header (p, n, nl, end, DELIM_SPACED, line);
      if (t)
        return t;
    }
    if (!nl)
      break;
    p = nl + 1;
  }
  return NULL;
}

static void
table_free (TableInfo *t)
{
  if (!t)
    return;
  g_array_unref (t->roles);
  g_ptr_array_unref (t->headers);
  g_free (t);
}

/* The tokens of the window in [a, b) */
static void
tokens_in (const Window *w, gsize a, gsize b, guint *first, guint *last)
{
  guint lo = 0, hi = w->n;
  while (lo < hi) {
    guint mid = (lo + hi) / 2;
    if (w->t[mid].start < a)
      lo = mid + 1;
    else
      hi = mid;
  }
  *first = lo;
  guint k = lo;
  while (k < w->n && w->t[k].end <= b)
    k++;
  *last = k;
}

/* Whether text[a, b) reads as a person's name in a name column: words
 * with letters, not "N/A", "Unknown", "TBC" */
static gboolean
cell_is_name (const char *s, gsize n)
{
  /* "Sadia Qureshi (Business Support)": the name before its bracket */
  const char *bracket = memchr (s, '(', n);
  if (bracket && bracket > s && bracket[-1] == ' ')
    n = (gsize) (bracket - s) - 1;
  if (n < 2 || n > 60)
    return FALSE;
  guint letters = 0, upper_words = 0, words = 0, lower_words = 0;
  gboolean start = TRUE;
  for (gsize i = 0; i < n; i++) {
    guchar c = (guchar) s[i];
    /* digits, addresses, dates, times; "(in house)", "[Forename SURNAME]",
     * "<name>", "=A4": a list's value, a placeholder, a formula */
    if (g_ascii_isdigit (c) || c == '@' || c == '/' || c == ':' || c == '(' || c == '['
        || c == '<' || c == '=' || c == '{')
      return FALSE;
    if (g_ascii_isalpha (c) || c >= 0x80)
      letters++;
    if (start && (g_ascii_isalpha (c) || c >= 0x80)) {
      words++;
      if (g_ascii_isupper (c) || c >= 0x80)
        upper_words++;
      else {
        gsize e = i;
        while (e < n && s[e] != ' ' && s[e] != ',')
          e++;
        lower_words += !recognise_is_particle (s + i, e - i);
      }
      start = FALSE;
    }
    if (c == ' ' || c == ',')
      start = TRUE;
  }
  /* "Found by police", "Returned self": a capital and words in lower case
   * are a phrase (a name is all capitalised, or all in lower case) */
  if (letters < 2 || words > 5 || upper_words == 0 || (lower_words && upper_words))
    return FALSE;
  /* "CSE", "LAC", "JS": an abbreviation or initials, no one's name */
  if (words == 1 && n <= 3 && letters == n && upper_words == 1) {
    gboolean caps = TRUE;
    for (gsize i = 0; i < n; i++)
      caps &= g_ascii_isupper (s[i]) != 0;
    if (caps)
      return FALSE;
  }
  static const char *const blanks[] = { "n/a", "na", "unknown", "tbc", "tba",
                                        "none", "not known", "nk", "redacted",
                                        "withheld", "name", NULL };
  for (int k = 0; blanks[k]; k++)
    if (strlen (blanks[k]) == n && g_ascii_strncasecmp (s, blanks[k], n) == 0)
      return FALSE;
  return TRUE;
}

/* ---- the scan --------------------------------------------------------- */

typedef struct {
  Mention *m;
  guint n, alloc;
} Mentions;

static void
mentions_push (Mentions *ms, const Mention *m)
{
  if (ms->n == ms->alloc) {
    ms->alloc = ms->alloc ? ms->alloc * 2 : 64;
    ms->m = g_renew (Mention, ms->m, ms->alloc);
  }
  ms->m[ms->n++] = *m;
}

/* Attaches the cue of a labelled field line ("Address: ...", "DOB: ...",
 * "School: ...") to the block's subject: the last subject-labelled
 * mention within a few lines before, else the last private mention
 * within two. */
static Mention *
block_subject (const Window *w, Mentions *ms, guint upto, guint line)
{
  Mention *best = NULL;
  for (guint k = upto; k-- > 0;) {
    Mention *m = &ms->m[k];
    guint ml = w->t[m->s].line;
    if (ml + 8 < line)
      break;
    if (m->prof || m->pub)
      continue;
    if (m->subject)
      return m;
    if (!best && ml + 2 >= line)
      best = m;
  }
  return best;
}

/* In a rota, a name on a line with a day, a date range or a time is on
 * duty: staff */
static void
rota_lines (PeopleScan *s, Mentions *ms)
{
  const Window *w = &s->w;
  for (guint k = 0; k < ms->n; k++) {
    Mention *m = &ms->m[k];
    guint line = w->t[m->s].line;
    guint a = m->s, b = m->e;
    while (a > 0 && w->t[a - 1].line == line)
      a--;
    while (b < w->n && w->t[b].line == line)
      b++;
    /* a table's row of a rota: its names are the rota's, staff */
    gboolean when = s->table != NULL;
    for (guint t = a; t < b && !when; t++)
      when = tok_lex (w, t, LEX_CALENDAR) || (w->t[t].flags & TOK_DIGIT)
             || tok_is (w, t, "am") || tok_is (w, t, "pm") || tok_is (w, t, "early")
             || tok_is (w, t, "late") || tok_is (w, t, "night") || tok_is (w, t, "nights")
             || tok_is (w, t, "weekend");
    if (when)
      m->prof++;
  }
}

/* Labels of lists of staff that run on over lines */
static const char *const list_labels[] = {
  "present", "attendees", "attending", "attendance", "apologies",
  "distribution", "circulation", "cc", "copy", "copies", "invited",
  "members", "panel", "participants", "professionals", "contacts", "key",
  "initials", "list", NULL,
};

static void
list_scopes (PeopleScan *s, Mentions *ms)
{
  const Window *w = &s->w;
  guint k = 0;
  for (guint i = 0; i < w->n;) {
    guint line = w->t[i].line;
    guint e = i;
    while (e < w->n && w->t[e].line == line)
      e++;
    /* "Present:" / "In attendance:" at the start of the line */
    guint lab = role_label (w, i);
    gboolean list = FALSE, by = FALSE;
    gboolean family = FALSE;
    if (lab && tok_punct (w, i + lab - 1, ':'))
      for (guint t = i; t + 1 < i + lab; t++) {
        list |= tok_lex (w, t, LEX_LIST_LABEL);
        by |= tok_is (w, t, "by");
        /* "Children present:", "Family members present:": not staff */
        family |= tok_lex (w, t, LEX_CHILD_LABEL) || tok_lex (w, t, LEX_FAMILY_LABEL)
                  || tok_is (w, t, "children") || tok_is (w, t, "family");
      }
    if (family)
      list = by = FALSE;
    /* "Checked by: Rosa (admin) + Deepak": all on the line are the
     * workers the field names */
    if (!list && by) {
      while (k < ms->n && ms->m[k].s < i)
        k++;
      for (guint q = k; q < ms->n && ms->m[q].s < e; q++)
        ms->m[q].prof++;
      i = e;
      continue;
    }
    if (!list) {
      i = e;
      continue;
    }
    /* the scope: this line and those after it to a blank line, a new
     * field ("Word:") or a numbered item */
    guint end = e;
    while (end < w->n && !(w->t[end].flags & TOK_BLANK_BEFORE)) {
      guint ls = end;
      if ((w->t[ls].flags & TOK_DIGIT) && (tok_punct (w, ls + 1, '.') || tok_punct (w, ls + 1, ')')))
        break;
      gboolean field = FALSE;
      for (guint t = ls; t < w->n && t < ls + 5 && w->t[t].line == w->t[ls].line; t++)
        if (tok_punct (w, t, ':')) {
          field = t > ls;
          break;
        } else if (!(w->t[t].flags & TOK_ALPHA)) {
          break;
        }
      if (field)
        break;
      guint l2 = w->t[ls].line;
      guint le = ls;
      while (le < w->n && w->t[le].line == l2)
        le++;
      /* a heading of its own ("Children", "Actions": a text whose blank
       * lines were lost, as a PDF's are), or a list's item after a label
       * whose names were on its own line */
      if (le == ls + 1 && tok_lex (w, ls, LEX_STOP))
        break;
      if ((tok_punct (w, ls, '-') || tok_punct (w, ls, '*')) && e > i + lab)
        break;
      end = le;
    }
    while (k < ms->n && ms->m[k].s < i)
      k++;
    for (guint q = k; q < ms->n && ms->m[q].s < end; q++)
      ms->m[q].prof++;
    i = end;
  }
}

/* The fictional declarations and invented names of the window */
static void
invented_names (PeopleScan *s, Mentions *ms)
{
  const Window *w = &s->w;
  for (guint i = 0; i < w->n && !s->fictional; i++)
    if ((w->t[i].flags & TOK_ALPHA) && tok_lex (w, i, LEX_FICTION))
      for (int k = 0; fictional_phrases[k] && !s->fictional; k++)
        /* said of all of them, not of some ("the children's names have
         * been changed by deed poll"): at a sentence's or a bracket's
         * start, or after "all" or "the" */
        s->fictional = phrase_at (w, i, fictional_phrases[k])
                       && (!g_str_has_prefix (fictional_phrases[k], "names")
                           || sentence_start (w, i) || tok_is (w, i - 1, "all")
                           || (tok_is (w, i - 1, "the") && sentence_start (w, i - 1)));
  for (guint k = 0; k < ms->n; k++) {
    Mention *m = &ms->m[k];
    /* "Lily (not her real name)", "Jay - a pseudonym" */
    for (guint j = m->e; j < w->n && j < m->e + 4 && same_sentence (w, m->s, j) && !m->invented; j++)
      for (int p = 0; tok_lex (w, j, LEX_FICTION) && invented_after[p] && !m->invented; p++)
        m->invented = phrase_at (w, j, invented_after[p]);
    /* 'the pseudonym "Zac"', "the pseudonym Zac" */
    for (guint b = 1; b <= 2 && b <= m->ts && !m->invented; b++)
      if (tok_same_line (w, m->ts - b, m->ts)
          && (tok_is (w, m->ts - b, "pseudonym") || tok_is (w, m->ts - b, "pseudonyms"))
          && (b == 1 || (w->t[m->ts - 1].flags & TOK_PUNCT)))
        m->invented = TRUE;
    /* "let's call her Lily" */
    for (guint b = 1; b <= 3 && b <= m->ts && !m->invented; b++)
      for (int p = 0; tok_lex (w, m->ts - b, LEX_FICTION) && invented_before[p] && !m->invented; p++) {
        const char *sp = strrchr (invented_before[p], ' ');
        guint words = 1;
        for (const char *c = invented_before[p]; (c = strchr (c, ' ')); c++)
          words++;
        (void) sp;
        m->invented = b == words && phrase_at (w, m->ts - b, invented_before[p]);
      }
  }
}

static gboolean
alone_on_line (const Window *w, const Mention *m)
{
  guint line = w->t[m->ts].line;
  return (m->ts == 0 || w->t[m->ts - 1].line != line)
         && (m->e >= w->n || w->t[m->e].line != line);
}

/* Whether the lines from `first` to token i's are a heading: words, most
 * of them in capitals or capitalised, no colon, no greeting */
static gboolean
heading_above (const Window *w, guint i, guint first)
{
  guint words = 0, caps = 0;
  for (guint t = 0; t < i; t++) {
    if (w->t[t].line < first)
      continue;
    if (tok_punct (w, t, ':') || tok_lex (w, t, LEX_GREETING))
      return FALSE;
    if (w->t[t].flags & TOK_ALPHA) {
      words++;
      caps += (w->t[t].flags & (TOK_UPPER | TOK_CAP)) != 0;
    }
  }
  return words > 0 && caps * 4 >= words * 3;
}

/* The lines of a record's fields within the first lines after `first`:
 * "Contact: ...", "Reason for contact: ...", "Seen by: ..." (one to four
 * words, then a colon) */
static guint
record_fields (const Window *w, guint first)
{
  guint n = 0;
  for (guint i = 0; i < w->n && w->t[i].line < first + 25; i++) {
    if (!(w->t[i].flags & TOK_LINE_START) || w->t[i].line == first)
      continue;
    guint j = i;
    while (j < w->n && j < i + 4 && tok_same_line (w, i, j) && is_alpha_word (w, j))
      j++;
    if (j > i && j < w->n && tok_same_line (w, i, j) && tok_punct (w, j, ':'))
      n++;
  }
  return n;
}

/* The prose's mentions that start in text[a, b) (a cell of the row whose
 * mentions begin at index k and end before token e): each is marked as
 * the cell's column says, and is no longer the row's first private
 * person */
typedef enum { CELL_PLACE, CELL_STAFF, CELL_ROW_PERSON } CellMark;

static void
mark_cell_mentions (const Window *w, Mentions *ms, guint k, guint e, gsize a, gsize b,
                    CellMark how, Mention **first)
{
  for (guint q = k; q < ms->n && ms->m[q].ts < e; q++) {
    gsize at = w->t[ms->m[q].ts].start;
    if (at < a || at >= b)
      continue;
    if (how == CELL_PLACE)
      ms->m[q].pub++;
    else if (how == CELL_STAFF)
      ms->m[q].prof += 2; /* the column outweighs a date on the row */
    else
      ms->m[q].row_dup = TRUE; /* the row's person, counted once */
    if (how != CELL_PLACE && *first == &ms->m[q])
      *first = NULL;
  }
}

/* What looked like a name and is a place's or a product's:
 *  - "Laird Street", "Douglas Road": a last word no surname is;
 *    "Meadow Lane, Burton-on-Trent DE14 2QX": a street's last word before
 *    a postcode on its line;
 *  - "along Scotland Green", "near Albany Park": after a word that says
 *    where; "The Albany, Douglas Way": a building's name, its address
 *    after it;
 *  - "the Blue Anchor pub": before a venue's or an institution's word;
 *  - "Baby Bank": a relation written with a capital before an everyday
 *    word, a service's name */
static gboolean
place_or_product (const PeopleScan *s, const Ann *a, const Mention *m)
{
  static const char *const street_only[] = {
    "street", "road", "avenue", "crescent", "terrace", "gardens", "drive", "mews", "parade",
    "square", "boulevard", "estate", "rd", "ave", NULL,
  };
  static const char *const where[] = {
    "along", "near", "opposite", "junction", "towards", "outside", "via", NULL,
  };
  const Window *w = &s->w;
  guint last = m->e - 1;
  if (m->e - m->ts >= 2 && tok_lex (w, last, LEX_STREET)) {
    for (guint k = 0; street_only[k]; k++)
      if (tok_is_n (w, last, street_only[k], strlen (street_only[k])))
        return TRUE;
    for (guint j = m->e; j < w->n && j < m->e + 8 && tok_same_line (w, m->ts, j); j++)
      if (a[j].kind == SPAN_ADDRESS || address_postcode (w, j))
        return TRUE;
  }
  gboolean before = m->ts > 0 && tok_same_line (w, m->ts - 1, m->ts);
  for (guint k = 0; before && where[k]; k++)
    if (tok_is_n (w, m->ts - 1, where[k], strlen (where[k])))
      return TRUE;
  if (before && m->e - m->ts == 1 && tok_is (w, m->ts - 1, "the") && tok_punct (w, m->e, ',')
      && m->e + 1 < w->n && (a[m->e + 1].kind == SPAN_ADDRESS || name_shaped (w, m->e + 1)))
    return TRUE;
  if (m->e < w->n && tok_same_line (w, last, m->e) && !(w->t[m->e].flags & TOK_PUNCT)
      && (address_institution_word (w, m->e) || tok_lex (w, m->e, LEX_VENUE)))
    return TRUE;
  /* a firm's name: "Burke Sandhu Solicitors", "Patel & Co", "Carter
   * Associates" */
  static const char *const firm[] = {
    "solicitors", "llp", "ltd", "limited", "plc", "associates", "chambers", NULL,
  };
  for (guint k = 0; m->e < w->n && tok_same_line (w, last, m->e) && firm[k]; k++)
    if (tok_is_n (w, m->e, firm[k], strlen (firm[k])))
      return TRUE;
  /* a hospital's ward: "a staff nurse on Kestrel Ward"; "Kestrel Ward" when
   * Kestrel is no forename */
  if (m->e - m->ts == 2 && (tok_is (w, last, "ward") || tok_is (w, last, "wards"))
      && (w->t[last].flags & TOK_CAP)) {
    if (before && (tok_is (w, m->ts - 1, "on") || tok_is (w, m->ts - 1, "onto")))
      return TRUE;
    TokName tn;
    tok_name (s, m->ts, &tn);
    if (!(tn.known && (tn.ni.flags & NAME_FORENAME)))
      return TRUE;
  }
  if (before && a[m->ts - 1].covered && m->e - m->ts == 1) {
    guint st = a[m->ts - 1].covered - 1;
    if (a[st].kind == SPAN_REL && (w->t[st].flags & TOK_CAP) && !sentence_start (w, st)) {
      TokName tn;
      tok_name (s, m->ts, &tn);
      if (!tn.known || (tn.ni.flags & NAME_WORD))
        return TRUE;
    }
  }
  return FALSE;
}

/* Whether the line `line` (a document's title) names a kind of record
 * kept about one person: "PUPIL PASSPORT - Dawit Tesfaye", "Case note:
 * Tyler Mensah", "One-page profile", "Chronology" */
static gboolean
record_kind_on_line (const Window *w, guint line)
{
  static const char *const kinds[] = {
    "passport", "profile", "record", "note", "notes", "plan", "review", "summary",
    "chronology", "assessment", "referral", "file", "history", "timeline", "portrait",
    "ehcp", "iep", "casenote", NULL,
  };
  if (!line)
    return FALSE;
  for (guint t = 0; t < w->n && w->t[t].line <= line; t++) {
    if (w->t[t].line != line || !(w->t[t].flags & TOK_ALPHA))
      continue;
    for (guint k = 0; kinds[k]; k++)
      if (tok_is_n (w, t, kinds[k], strlen (kinds[k])))
        return TRUE;
  }
  return FALSE;
}

/* Whether the address at i is given as the reader's: "the home address
 * you gave on the form:", "your new address", "you now live at" (within
 * the two lines before it) */
static gboolean
yours_before (const Window *w, guint i)
{
  guint line = w->t[i].line;
  for (guint k = i, n = 0; k > 0 && n < 16 && w->t[k - 1].line + 2 >= line; k--, n++) {
    if (tok_is (w, k - 1, "your") || tok_is (w, k - 1, "you"))
      return TRUE;
    if (tok_punct (w, k - 1, '.') && w->t[k - 1].line < line)
      break;
  }
  return FALSE;
}

/* "Tomasz Wrona Head (of Service)": a job's word after a full name is no
 * part of it (trimmed), and a sign of staff */
static void
trim_job_word (const PeopleScan *s, Mention *m)
{
  if (m->e - m->s >= 3 && m->kind == M_FULL && role_word (s->cfg, &s->w, m->e - 1)) {
    m->e--;
    m->sur = (int) m->e - 1;
    m->prof++;
  }
}

static void
process_window (PeopleScan *s, const TableInfo *table)
{
  Window *w = &s->w;
  const RecogniseConfig *cfg = s->cfg;
  if (s->ann_alloc < w->n + 1) {
    s->ann_alloc = MAX (w->n + 1, s->ann_alloc * 2);
    s->ann = g_renew (Ann, s->ann, s->ann_alloc);
  }
  Ann *a = s->ann;
  memset (a, 0, (w->n + 1) * sizeof *a);
  annotate (s, a);
  Mentions ms = { 0 };

  /* mentions */
  if (cfg->enabled[RECOGNISER_NAMES]) {
    /* the next case term at or after the token (the tokens go forward) */
    gsize next_term = w->n ? case_term_from (s, w->t[0].start) : G_MAXSIZE;
    for (guint i = 0; i < w->n;) {
      Mention m;
      if (next_term < w->t[i].start)
        next_term = case_term_from (s, w->t[i].start);
      if (next_term == w->t[i].start) {
        i++; /* "Strat discussion", "Channel panel": a case's words */
        continue;
      }
      if ((find_mention (s, a, i, &m) || find_lower_mention (s, a, i, &m))
          && !place_or_product (s, a, &m)) {
        trim_job_word (s, &m);
        for (guint k = m.ts; k < m.e; k++)
          a[k].covered = m.ts + 1;
        a[m.ts].kind = SPAN_NAME;
        a[m.ts].len = m.e - m.ts;
        a[m.ts].value = (int) ms.n;
        mentions_push (&ms, &m);
        i = m.e;
      } else {
        /* a run of capitalised words that is a place's or an
         * organisation's ("Oxley Colts", "Hillside Community Centre"):
         * none of its words is a name on its own */
        guint k = i;
        while (k < w->n && tok_same_line (w, i, k) && name_shaped (w, k)
               && !address_institution_word (w, k))
          k++;
        if (k > i && k < w->n && tok_same_line (w, i, k) && name_shaped (w, k))
          i = k + 1;
        else
          i++;
      }
    }
  }

  /* a record's title: its first line; a rota's, where the names under it
   * are staff's */
  if (!s->first_line && w->n) {
    s->first_line = w->t[0].line;
    for (guint t = 0; t < w->n && w->t[t].line < s->first_line + 3; t++)
      s->rota |= tok_lex (w, t, LEX_ROTA);
  }
  if (s->rota)
    rota_lines (s, &ms);
  invented_names (s, &ms);
  /* a record's fields under its title: counted once, where there is one */
  gboolean record = FALSE;
  for (guint k = 0; k < ms.n && !record; k++)
    record = w->t[ms.m[k].s].line <= s->first_line + 2;
  record = record && record_fields (w, s->first_line) >= 3;
  gboolean titled = record_kind_on_line (w, s->first_line);
  for (guint k = 0; k < ms.n; k++) {
    ms.m[k].on_title = w->t[ms.m[k].s].line == s->first_line;
    /* "CHRONOLOGY OF SIGNIFICANT EVENTS / Mason Tierney-Blake": a name
     * alone on a line of the title block, under a heading, is the title's
     * too (no signature at a document's head) */
    if (!ms.m[k].on_title && s->first_line && w->t[ms.m[k].ts].line <= s->first_line + 2
        && w->t[ms.m[k].ts].line > s->first_line && alone_on_line (w, &ms.m[k])
        && heading_above (w, ms.m[k].ts, s->first_line)) {
      ms.m[k].on_title = TRUE;
      ms.m[k].correspondent = FALSE;
    }
    /* a list's or a table's row about someone's case: "BELLO, Gethin (Y5)
     * - CP (emotional) - H. Farouk", "3 | Amy Test | CIN | ..." */
    ms.m[k].row_case = s->case_record && row_first (w, ms.m[k].ts)
                       && case_term_after (s, ms.m[k].e - 1);
    ms.m[k].near_case = s->case_record && case_term_near (s, ms.m[k].ts, NEAR_CASE);
    ms.m[k].close_case = ms.m[k].near_case && case_term_near (s, ms.m[k].ts, CLOSE_CASE);
    ms.m[k].record_title = ms.m[k].on_title && record;
    ms.m[k].titled = ms.m[k].on_title && titled;
    /* "tenant kayla reeves answered after 5 mins": who lives at the
     * address the visit was to */
    guint ts = ms.m[k].ts;
    ms.m[k].resident = ts > 0 && tok_same_line (w, ts - 1, ts)
                       && (tok_is (w, ts - 1, "tenant") || tok_is (w, ts - 1, "resident")
                           || tok_is (w, ts - 1, "occupier") || tok_is (w, ts - 1, "householder")
                           || tok_is (w, ts - 1, "leaseholder"));
  }

  /* lists of those present: "Present: A (SW), B, C" and the lines that
   * carry it on, to a blank line or the next field */
  list_scopes (s, &ms);

  /* cues beside each mention */
  for (guint k = 0; k < ms.n; k++) {
    Mention *m = &ms.m[k];
    guint limit = k + 1 < ms.n ? ms.m[k + 1].ts : w->n;
    cues_after (s, a, m, limit);
    cues_before (s, a, m);
    cues_possessive (s, a, m);
    if (cfg->enabled[RECOGNISER_ROLES])
      signature (s, a, m);
  }

  /* cues further on in the sentence (prose), and labelled fields */
  guint upto = 0;
  for (guint i = 0; i < w->n; i++) {
    if (!a[i].kind || a[i].kind == SPAN_NAME || a[i].kind == SPAN_EMAIL)
      continue;
    SpanKind kind = a[i].kind;
    /* the nearest mention before it in the sentence, none between */
    Mention *near = NULL;
    guint line = w->t[i].line;
    /* a field: "Address: ..." / "DOB: ..." at the start of a line */
    gboolean field = FALSE;
    if (i >= 2 && tok_punct (w, i - 1, ':')) {
      guint ls = i - 1;
      while (ls > 0 && tok_same_line (w, ls - 1, i))
        ls--;
      field = (w->t[ls].flags & TOK_LINE_START) && i - ls <= 5;
    }
    while (upto < ms.n && ms.m[upto].ts < i)
      upto++;
    if (field) {
      near = block_subject (w, &ms, upto, line);
      /* "Address: ..." above "Name: ...": the subject named after it in
       * the same block */
      if (!near)
        for (guint q = upto; q < ms.n && w->t[ms.m[q].s].line <= line + 6; q++) {
          if (ms.m[q].s > i && (w->t[ms.m[q].s].flags & TOK_BLANK_BEFORE))
            break;
          if (ms.m[q].subject) {
            near = &ms.m[q];
            break;
          }
        }
    } else if (upto > 0) {
      Mention *m = &ms.m[upto - 1];
      /* an unsure mention (a place, perhaps) takes no cue from a sure one
       * before it in the sentence */
      if (!m->sure && upto > 1 && ms.m[upto - 2].sure
          && same_sentence (w, ms.m[upto - 2].e - 1, i) && i - ms.m[upto - 2].e < 30)
        m = &ms.m[upto - 2];
      if (same_sentence (w, m->e - 1, i) && i - m->e < 30)
        near = m;
      /* a letter's address block: a name on a line of its own, then its
       * address lines */
      guint after = m->e;
      while (after < w->n && tok_same_line (w, m->e - 1, after) && tok_punct (w, after, ','))
        after++;
      gboolean own_line = (after >= w->n || !tok_same_line (w, m->e - 1, after))
                          && line_start_past_quotes (w, m->ts) == m->ts;
      if (!near && kind == SPAN_ADDRESS && own_line
          && w->t[m->e - 1].line + 2 >= line && w->t[m->e - 1].line < line
          && !m->prof && !m->pub)
        near = m;
    }
    if ((!near || near->prof) && kind == SPAN_ADDRESS && !a[i].venue) {
      s->orphan_addresses++;
      if (yours_before (w, i))
        s->yours_addresses++;
    }
    if (kind == SPAN_SCHOOL && (!near || near->prof) && yours_before (w, i))
      s->yours_schools++;
    if (!near || near->prof || near->pub)
      continue;
    switch (kind) {
    case SPAN_ADDRESS:
      if (!a[i].venue)
        add_cue (near, CUE_ADDRESS);
      break;
    case SPAN_AGE:
      add_cue (near, CUE_AGE);
      if (a[i].value < 18)
        near->kind_hint = PERSON_CHILD;
      break;
    case SPAN_SCHOOL:
      add_cue (near, CUE_SCHOOL);
      near->kind_hint = PERSON_CHILD;
      break;
    case SPAN_DATE: {
      /* a date with a birth label before it */
      guint lab = 0;
      for (guint b = i >= 6 ? i - 6 : 0; b < i && !lab; b++)
        if (dob_label_at (cfg, w, b) && tok_same_line (w, b, i))
          lab = 1;
      if (lab || (field && i >= 2 && tok_punct (w, i - 1, ':')
                  && dob_label_at (cfg, w, i - 2)))
        add_cue (near, CUE_DOB);
      break;
    }
    default:
      break;
    }
  }

  /* rows of a table, and lines: cues and identifiers anywhere on the row
   * belong to the row's person */
  guint k = 0;
  for (guint i = 0; i < w->n;) {
    guint line = w->t[i].line;
    guint e = i;
    while (e < w->n && w->t[e].line == line)
      e++;
    gsize ls = w->t[i].start, le = w->t[e - 1].end;
    gboolean is_row = table && line > table->header_line;
    /* (a table set out with spaces ends where the prose under it starts:
     * a line of one cell) */
    if (is_row && table->delim == DELIM_SPACED) {
      g_autoptr (GArray) c = split_cells (w->text + ls, le - ls, DELIM_SPACED);
      is_row = c->len / 2 >= 2;
    }
    g_autoptr (GPtrArray) ids = g_ptr_array_new ();
    ids_in (s, ls, le, ids);
    Mention *first = NULL;
    while (k < ms.n && ms.m[k].ts < i)
      k++;
    guint kk = k;
    for (; kk < ms.n && ms.m[kk].ts < e; kk++) {
      Mention *m = &ms.m[kk];
      if (!m->pub && (!m->prof || m->subject || m->family) && !first)
        first = m;
    }
    if (is_row) {
      /* the columns say what each cell is */
      g_autoptr (GArray) cells = split_cells (w->text + ls, le - ls, table->delim);
      guint nc = cells->len / 2;
      guint row_cues = 0;
      Mention row_people[8];
      guint np = 0;
      gsize fore_a = 0, fore_b = 0, sur_a = 0, sur_b = 0;
      for (guint c = 0; c < nc && c < table->roles->len; c++) {
        gsize ca = ls + g_array_index (cells, gsize, 2 * c);
        gsize cb = ls + g_array_index (cells, gsize, 2 * c + 1);
        if (cb <= ca)
          continue;
        ColRole role = (ColRole) g_array_index (table->roles, int, c);
        switch (role) {
        case COL_DOB:
          row_cues |= CUE_DOB;
          break;
        case COL_AGE:
          row_cues |= CUE_AGE;
          break;
        case COL_ADDRESS:
          row_cues |= CUE_ADDRESS;
          break;
        case COL_SCHOOL:
          row_cues |= CUE_SCHOOL;
          break;
        case COL_PLACE:
          /* "Lee Green" in a ward's column: a place, as a venue is */
          mark_cell_mentions (w, &ms, k, e, ca, cb, CELL_PLACE, &first);
          break;
        case COL_FORENAME:
          fore_a = ca, fore_b = cb;
          break;
        case COL_SURNAME:
          sur_a = ca, sur_b = cb;
          break;
        case COL_NAME:
        case COL_FAMILY:
        case COL_STAFF:
        case COL_REL:
          if (role != COL_REL && cell_is_name (w->text + ca, cb - ca) && np < G_N_ELEMENTS (row_people)) {
            guint ft, lt;
            /* the name before its bracket: "Sadia Qureshi (Business Support)" */
            const char *br = memchr (w->text + ca, '(', cb - ca);
            tokens_in (w, ca, br && br > w->text + ca ? (gsize) (br - w->text) : cb, &ft, &lt);
            /* (or a case's word: "CSE", "CCE" in a list of choices) */
            gboolean place = lt > ft && case_term_at (s, ft);
            for (guint q = ft; q < lt; q++)
              place |= address_institution_word (w, q) && (w->t[q].flags & TOK_CAP);
            if (lt > ft && lt - ft <= 6 && !place) {
              Mention m = { .s = ft, .e = lt, .ts = ft, .fore = -1, .sur = -1,
                            .column = (int) c + 1 };
              /* "Dr Aisha Rahman", "Mrs J Smith": the title is no name */
              TitleKind ttk = TITLE_NONE;
              guint ttl = role_title (cfg, w, ft, &ttk);
              if (ttl && ft + ttl < lt) {
                m.s = ft + ttl;
                m.title = ttk;
                if (ttk == TITLE_PROFESSIONAL)
                  m.prof++;
                else if (ttk == TITLE_PUBLIC)
                  m.pub++;
              }
              while (m.e > m.s && (w->t[m.e - 1].flags & TOK_PUNCT))
                m.e--;
              /* the name's words: forename first and surname last, or
               * "SMITH, Jayden" */
              if (m.e - m.s >= 3 && tok_punct (w, m.s + 1, ',')) {
                m.sur = (int) m.s;
                m.fore = (int) m.s + 2;
              } else if (m.e > m.s) {
                m.fore = (int) m.s;
                if (m.e - m.s >= 2)
                  m.sur = (int) m.e - 1;
              }
              if (m.e > m.s) {
                m.kind = m.sur >= 0 ? M_FULL : M_FIRST;
                m.sure = TRUE;
                if (table->staff || role == COL_STAFF) {
                  m.prof++;
                } else if (role == COL_FAMILY) {
                  m.family = TRUE;
                  m.priv++;
                  m.cues |= CUE_RELATIONSHIP;
                  m.kind_hint = PERSON_ADULT;
                } else {
                  m.subject = TRUE;
                }
                row_people[np++] = m;
              }
            }
          } else if (role == COL_REL) {
            row_cues |= CUE_RELATIONSHIP;
          } else if (role == COL_STAFF || table->staff) {
            /* "Helen Achterberg / Amara Lindo" in an owner's column: the
             * names the prose found there are staff's */
            mark_cell_mentions (w, &ms, k, e, ca, cb, CELL_STAFF, &first);
          }
          break;
        default:
          break;
        }
      }
      /* an address, school or age read in a cell of a column with no
       * role ("Placed at", "Notes") is the row's too */
      for (guint t = i; t < e; t++)
        switch (a[t].kind) {
        case SPAN_ADDRESS:
          if (!a[t].venue)
            row_cues |= CUE_ADDRESS;
          break;
        case SPAN_SCHOOL: row_cues |= CUE_SCHOOL; break;
        case SPAN_AGE: row_cues |= CUE_AGE; break;
        default: break;
        }
      /* a staff list's row whose job cell names a job ("Head of Year 7 -
       * DDSL"): what the prose found in its name columns is staff */
      gboolean job_named = FALSE;
      for (guint c = 0; table->staff && c < nc && c < table->roles->len && !job_named; c++) {
        if (g_array_index (table->roles, int, c) != COL_JOB)
          continue;
        gsize ja = ls + g_array_index (cells, gsize, 2 * c);
        gsize jb = ls + g_array_index (cells, gsize, 2 * c + 1);
        guint jt, jl;
        tokens_in (w, ja, jb, &jt, &jl);
        for (guint q = jt; q < jl && !job_named; q++)
          job_named = role_word (cfg, w, q);
      }
      /* the words the prose took for names in the name columns: staff's in
       * that row; otherwise the row's one person ("Joel | Sheikh": no second
       * person "Sheikh"), when forename and surname have columns of their own */
      if (job_named || (fore_b > fore_a && sur_b > sur_a)) {
        CellMark how = job_named ? CELL_STAFF : CELL_ROW_PERSON;
        mark_cell_mentions (w, &ms, k, e, fore_a, fore_b, how, &first);
        mark_cell_mentions (w, &ms, k, e, sur_a, sur_b, how, &first);
      }
      if (fore_b > fore_a && sur_b > sur_a && np < G_N_ELEMENTS (row_people)) {
        guint f1, f2, s1, s2;
        tokens_in (w, fore_a, fore_b, &f1, &f2);
        tokens_in (w, sur_a, sur_b, &s1, &s2);
        if (f2 > f1 && s2 > s1) {
          /* first and last names in two columns: one person, keyed as a
           * full name */
          /* (either column first: "Surname, Forename" tables too) */
          Mention m = { .s = MIN (f1, s1), .e = MAX (f2, s2), .ts = MIN (f1, s1),
                        .kind = M_FULL, .sure = TRUE,
                        .subject = !table->staff, .prof = table->staff ? 1 : 0,
                        .fore = (int) f1, .sur = (int) s2 - 1 };
          row_people[np++] = m;
        }
      }
      if (ids->len)
        row_cues |= CUE_IDENTIFIER;
      for (guint p = 0; p < np; p++) {
        Mention *m = &row_people[p];
        /* the row's cues are its subject's; a relative shares the address;
         * staff have none of them */
        if (m->prof)
          ;
        else if (!m->family)
          m->cues |= row_cues;
        else
          m->cues |= row_cues & CUE_ADDRESS;
        Entity *ent = entity_get (s, m);
        if (ent) {
          entity_add (ent, m);
          if (ids->len && !m->family)
            for (guint q = 0; q < ids->len; q++)
              claim_id (s, g_ptr_array_index (ids, q), ent);
        }
      }
      if (np) {
        /* the prose mentions of the row are its people: no more cues */
        i = e;
        continue;
      }
    }
    /* a line of prose or a row without a name column: an identifier on the
     * line is the first private person's on it; on a line of its own
     * ("NHS number: ..." under "Child: ..."), the block's subject's */
    Mention *owner = first;
    if (!owner && ids->len)
      owner = block_subject (w, &ms, k, line);
    if (owner && ids->len) {
      owner->cues |= CUE_IDENTIFIER;
      for (guint q = 0; q < ids->len; q++)
        claim_id (s, g_ptr_array_index (ids, q), NULL);
    }
    /* a row of a table (cells split by tabs or several commas, or a line
     * of cells between bars with no header read): its cues are its first
     * person's */
    guint bars = 0;
    for (guint t = i; t < e; t++)
      bars += tok_punct (w, t, '|') || (t > i && (w->t[t].flags & TOK_CELL_START));
    if (first && (table || bars >= 2)) {
      for (guint t = i; t < e; t++) {
        switch (a[t].kind) {
        case SPAN_ADDRESS:
          if (!a[t].venue)
            first->cues |= CUE_ADDRESS;
          break;
        case SPAN_SCHOOL: first->cues |= CUE_SCHOOL; break;
        case SPAN_AGE: first->cues |= CUE_AGE; break;
        case SPAN_DATE:
          if (plausible_birth_year (a[t].value) && t > first->e)
            first->cues |= CUE_DOB;
          break;
        default: break;
        }
      }
    }
    i = e;
  }

  /* two people on one line with one surname ("Ms Sana Iqbal re Inaya
   * Iqbal", "Jason and Leanne Wood"): a family */
  for (guint q = 0; q < ms.n; q++) {
    Mention *m = &ms.m[q];
    if (m->sur < 0 || m->prof || m->pub)
      continue;
    for (guint r = q + 1; r < ms.n && w->t[ms.m[r].s].line == w->t[m->s].line; r++) {
      Mention *o = &ms.m[r];
      if (o->sur < 0 || o->prof || o->pub)
        continue;
      g_autofree char *x = folded (w, (guint) m->sur);
      g_autofree char *y = folded (w, (guint) o->sur);
      if (x && y && !strcmp (x, y) && !(m->fore >= 0 && o->fore >= 0 && m->fore == o->fore)) {
        gboolean same = FALSE;
        if (m->fore >= 0 && o->fore >= 0) {
          g_autofree char *f1 = folded (w, (guint) m->fore);
          g_autofree char *f2 = folded (w, (guint) o->fore);
          same = f1 && f2 && !strcmp (f1, f2);
        }
        if (!same) {
          m->cues |= CUE_RELATIONSHIP;
          o->cues |= CUE_RELATIONSHIP;
        }
      }
    }
  }

  /* the mentions, to their people */
  for (guint q = 0; q < ms.n; q++) {
    Mention *m = &ms.m[q];
    if (m->row_dup)
      continue;
    Entity *ent = entity_get (s, m);
    if (!ent)
      continue;
    entity_add (ent, m);
    if (m->cues & CUE_ADDRESS) {
      /* the addresses beside it, for masking */
      for (guint t = m->e; t < w->n && w->t[t].line <= w->t[m->e - 1].line + 2; t++)
        if (a[t].kind == SPAN_ADDRESS) {
          entity_add_address (s, ent, w->t[t].start, w->t[t + a[t].len - 1].end);
          break;
        }
    }
  }
  /* every address, masked wherever a result would show it */
  for (guint i = 0; i < w->n; i++)
    if (a[i].kind == SPAN_ADDRESS && a[i].len && s->secrets->len < 10000)
      g_ptr_array_add (s->secrets, g_strndup (w->text + w->t[i].start,
                                              w->t[i + a[i].len - 1].end - w->t[i].start));
  g_free (ms.m);
}

gboolean
people_scan_part (PeopleScan *s, const PmarkDocument *doc, guint part_index,
                  const PmarkTextPart *part, GError **error)
{
  if (part->column || !part->len)
    return TRUE;
  s->part = part_index;
  s->text_part = part;
  GArray *terms = g_hash_table_lookup (s->case_terms, GUINT_TO_POINTER (part_index));
  if (terms)
    g_array_sort (terms, by_offset);
  s->first_line = 0;
  s->rota = FALSE;
  const char *text = part->text;
  gsize len = part->len;
  if (memchr (text, '\0', len))
    return TRUE; /* not text (matches read it as bytes) */
  TableInfo *table = table_detect (text, MIN (len, 16384));
  s->table = table;
  gsize pos = 0;
  guint line = 1;
  gboolean ok = TRUE;
  while (pos < len) {
    if (!(ok = pmark_document_check_budget (doc, error)))
      break;
    gsize end = MIN (len, pos + WINDOW_BYTES);
    if (end < len) {
      /* end at a blank line if there is one in the second half, else at
       * a line's end */
      gsize cut = 0;
      for (gsize k = end; k > pos + WINDOW_BYTES / 2; k--)
        if (text[k - 1] == '\n' && text[k - 2] == '\n') {
          cut = k;
          break;
        }
      if (!cut) {
        const char *nl = g_strrstr_len (text + pos, (gssize) (end - pos), "\n");
        cut = nl ? (gsize) (nl - text) + 1 : end;
      }
      /* never in the middle of a character */
      while (cut < len && ((guchar) text[cut] & 0xC0) == 0x80)
        cut++;
      end = cut;
    }
    window_fill (&s->w, text, len, pos, end, line);
    process_window (s, table);
    for (gsize k = pos; k < end; k++)
      line += text[k] == '\n';
    pos = end;
  }
  s->table = NULL;
  table_free (table);
  return ok;
}

/* ---- the people found ------------------------------------------------- */

static Entity *
root (Entity *e)
{
  while (e->into)
    e = e->into;
  return e;
}

static void
merge (Entity *from, Entity *into)
{
  from = root (from);
  into = root (into);
  if (from == into)
    return;
  from->into = into;
  into->cues |= from->cues;
  into->prof += from->prof;
  into->priv += from->priv;
  into->pub += from->pub;
  into->subject |= from->subject;
  into->on_title |= from->on_title;
  into->near_case |= from->near_case;
  into->titled |= from->titled;
  into->greeted |= from->greeted;
  into->resident |= from->resident;
  into->close_case |= from->close_case;
  into->record_title |= from->record_title;
  into->sure |= from->sure;
  into->corr += from->corr;
  into->mentions += from->mentions;
  if (into->kind == PERSON_SOMEONE)
    into->kind = from->kind;
  if (from->order < into->order) {
    into->order = from->order;
    into->part = from->part;
    into->line = from->line;
    g_free (into->where);
    into->where = g_strdup (from->where);
  }
  if (from->addresses) {
    if (!into->addresses)
      into->addresses = g_ptr_array_new_with_free_func (g_free);
    for (guint k = 0; k < from->addresses->len; k++)
      g_ptr_array_add (into->addresses, g_strdup (g_ptr_array_index (from->addresses, k)));
  }
}

/* Staff or a public figure: what says so outweighs what says private (a
 * family relationship or field, a subject's field, an age, a date of
 * birth, a school: what is written of children and families, not staff) */
static gboolean
professional (const Entity *e)
{
  if (e->pub > 0)
    return TRUE;
  /* (a school or year group beside a name is no sign: teachers and
   * heads of year have them too) */
  guint priv = e->priv + (e->subject ? 1 : 0) + ((e->cues & CUE_RELATIONSHIP) ? 1 : 0)
               + ((e->cues & CUE_AGE) ? 1 : 0) + ((e->cues & CUE_DOB) ? 1 : 0);
  return e->prof > priv;
}

/* Joins mentions of one person: a first name to the one full name with
 * that forename, "Mrs Collins" to the one full name with that surname
 * (both private or both not) */
static void
resolve (PeopleScan *s)
{
  GHashTable *by_fore = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *by_sur = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *fore_many = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *sur_many = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < s->order->len; i++) {
    Entity *e = g_ptr_array_index (s->order, i);
    if (!e->full)
      continue;
    if (g_hash_table_contains (s->work_names, e->key))
      e->prof++;
    if (g_hash_table_contains (by_fore, e->forename))
      g_hash_table_add (fore_many, e->forename);
    else
      g_hash_table_insert (by_fore, e->forename, e);
    if (g_hash_table_contains (by_sur, e->surname))
      g_hash_table_add (sur_many, e->surname);
    else
      g_hash_table_insert (by_sur, e->surname, e);
  }
  for (guint i = 0; i < s->order->len; i++) {
    Entity *e = g_ptr_array_index (s->order, i);
    if (e->full)
      continue;
    if (e->forename && !e->surname) {
      /* one person, unless one of them is staff and the other not (a
       * worker Amy writing about a child Amy Test) */
      Entity *f = g_hash_table_lookup (by_fore, e->forename);
      gboolean neutral = !e->prof && !e->pub && !e->priv && !e->cues && !e->subject;
      if (f && (neutral || professional (e) == professional (root (f))))
        merge (e, f);
    } else if (e->surname) {
      Entity *f = g_hash_table_lookup (by_sur, e->surname);
      if (f && !g_hash_table_contains (sur_many, e->surname)
          && professional (e) == professional (root (f)))
        merge (e, f);
    }
  }
  g_hash_table_unref (by_fore);
  g_hash_table_unref (by_sur);
  g_hash_table_unref (fore_many);
  g_hash_table_unref (sur_many);
}

static gint
by_string (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
people_scan_finish (PeopleScan *s, guint cues)
{
  resolve (s);
#ifdef PMARK_DEBUG_PEOPLE
  /* a build for tuning on made-up documents (CFLAGS=-DPMARK_DEBUG_PEOPLE):
   * every person read, with what decided them, on standard error, names
   * unmasked; never in a build that reads real case files */
  for (guint i = 0; i < s->order->len; i++) {
    Entity *e = g_ptr_array_index (s->order, i);
    g_printerr ("people: %-28s %-22s cues=%02x prof=%u priv=%u pub=%u subject=%d "
                "row=%d title=%d/%d near=%d sure=%d corr=%u mentions=%u%s%s\n", e->key, e->name,
                e->cues, e->prof, e->priv, e->pub, e->subject, e->row_case, e->on_title,
                e->record_title, e->near_case, e->sure, e->corr, e->mentions, e->into ? " -> " : "",
                e->into ? root (e)->key : "");
  }
#endif
  /* whether the document says anything of a family or a private life:
   * a family's words, a cue beside someone; a round-up of colleagues'
   * cover and training near case terms, a MARAC's housekeeping, say none */
  gboolean private_signs = s->family_words > 0;
  for (guint i = 0; i < s->order->len && !private_signs; i++) {
    Entity *e = g_ptr_array_index (s->order, i);
    private_signs = !professional (e) && e->sure
                    && (e->priv || (e->cues & (CUE_ADDRESS | CUE_DOB | CUE_AGE
                                                                  | CUE_RELATIONSHIP
                                                                  | CUE_IDENTIFIER)));
  }
  /* a case record about one person, named apart from the home address
   * it gives ("a girl next door, 58 Beacon Street ... they shout Mirela"):
   * the address is theirs */
  if (s->case_record && s->orphan_addresses) {
    Entity *only = NULL;
    guint n = 0;
    for (guint i = 0; i < s->order->len && n < 2; i++) {
      Entity *e = g_ptr_array_index (s->order, i);
      if (!e->into && !professional (e) && !e->pub && e->sure && e->mentions > e->corr) {
        only = e;
        n++;
      }
    }
    /* (in a record that says something of a family, or of someone it
     * names more than once, in a subject field or the title; not a name
     * said once in passing among staff: "covering for Tom Whitlock") */
    if (n == 1
        && (private_signs || only->mentions - only->corr >= 2 || only->subject
            || only->on_title || only->record_title))
      only->cues |= CUE_ADDRESS;
  }
  /* the tenant of a home whose address is read beside nobody: theirs */
  for (guint i = 0; s->orphan_addresses && i < s->order->len; i++) {
    Entity *e = g_ptr_array_index (s->order, i);
    if (e->resident && !e->into && !professional (e) && !e->pub)
      e->cues |= CUE_ADDRESS;
  }
  /* (and a home address read is of someone's private life) */
  private_signs |= s->orphan_addresses > 0;
#ifdef PMARK_DEBUG_PEOPLE
  g_printerr ("people: family words %u, home addresses beside nobody %u, private signs %d\n",
              s->family_words, s->orphan_addresses, private_signs);
#endif
  /* a letter or e-mail to a private person that gives their home address
   * ("Dear Ms Kazlauskiene, ... proof of the home address you gave: 27
   * Beaconsfield Road") or their school ("Dear Ibrahim, ... your teacher
   * has said the whole of Year 6 can come"): the addressee's */
  if (s->yours_addresses || s->yours_schools) {
    Entity *to = NULL;
    guint n = 0;
    for (guint i = 0; i < s->order->len && n < 2; i++) {
      Entity *e = root (g_ptr_array_index (s->order, i));
      if (e->greeted && e != to && !professional (e) && !e->pub) {
        to = e;
        n++;
      }
    }
    if (n == 1)
      to->cues |= (s->yours_addresses ? CUE_ADDRESS : 0) | (s->yours_schools ? CUE_SCHOOL : 0);
  }
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) found_person_free);
  for (guint i = 0; i < s->order->len; i++) {
    Entity *e = g_ptr_array_index (s->order, i);
    if (e->into || professional (e))
      continue;
    /* a name said to be invented, or any in a document that says its
     * names are: anonymised, identifying nobody */
    if (e->invented || s->fictional)
      continue;
    guint c = e->cues;
    /* a case record's subject: named in a subject field or its title, or
     * written of more than once (staff are named once, in lists and
     * signatures; the child the record is about again and again) */
    /* a case record's subjects: the private individuals it names (staff
     * are told apart by their roles, lists and signatures) — in a subject
     * field or the title, or written of more than once (a name said once,
     * with nothing about them, is more often a worker's or an author's
     * than a subject's: measured on the evaluation set's dev split) */
    /* (named in a subject's field — "Patient:", "Witness:", "Pupil:" —
     * a record is about them, whatever it is about) */
    if (e->subject && e->sure && !e->prof && e->mentions > e->corr)
      c |= CUE_CASE_SUBJECT;
    /* the name that heads a record of fields ("Amara Obi-Wright" over
     * "Contact: ...", "Practitioner: ...", "Reason for contact: ...") */
    if (e->record_title && e->full && e->sure && !e->prof && !e->pub)
      c |= CUE_CASE_SUBJECT;
    /* the person a titled record is kept about, written of again in it
     * ("PUPIL PASSPORT - Dawit Tesfaye ... please read before teaching
     * Dawit") */
    if (e->titled && e->full && e->sure && !e->prof && !e->pub && e->mentions - e->corr >= 2)
      c |= CUE_CASE_SUBJECT;
    if (s->case_record
        && (e->subject || e->on_title
            || ((e->full || e->forename) && e->sure && e->mentions - e->corr >= 2
                && (e->close_case || (e->near_case && private_signs)))
            || e->row_case))
      c |= CUE_CASE_SUBJECT;
    if (!(c & cues))
      continue;
    FoundPerson *p = g_new0 (FoundPerson, 1);
    p->key = g_strdup (e->key);
    p->name = g_strdup (e->name);
    p->evidence = pmark_mask_name (e->name, strlen (e->name));
    p->where = g_strdup (e->where);
    p->part = e->part;
    p->line = e->line;
    p->cues = c & cues;
    p->kind = e->kind;
    if (e->addresses)
      p->secrets = g_ptr_array_ref (e->addresses);
    g_ptr_array_add (out, p);
  }
  /* people known only by an identifier */
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, s->ids);
  g_autoptr (GPtrArray) rest = g_ptr_array_new ();
  /* (an identifier on a row whose person is staff, "999 583 2046  Dr
   * Yildiz": a patient's, the name taken out, not the GP's; and one name
   * on rows of different identifiers of one kind, a list where children
   * share a name: each such identifier past the first is a person of its
   * own) */
  while (g_hash_table_iter_next (&it, &key, &value)) {
    const IdInfo *info = value;
    Entity *by = info->by ? root (info->by) : NULL;
    const char *canon = key;
    guint64 kind = G_GUINT64_CONSTANT (1)
                   << ((strlen (canon) & 0x1f) | (g_ascii_isalpha (canon[0]) ? 0x20 : 0));
    gboolean again = by && (by->id_kinds & kind);
    if (by)
      by->id_kinds |= kind;
    if (!info->claimed || (by && professional (by)) || again)
      g_ptr_array_add (rest, key);
  }
  g_ptr_array_sort (rest, by_string);
  if (cues & CUE_IDENTIFIER)
    for (guint i = 0; i < rest->len; i++) {
      FoundPerson *p = g_new0 (FoundPerson, 1);
      p->key = g_strdup_printf ("id:%s", (char *) g_ptr_array_index (rest, i));
      p->cues = CUE_IDENTIFIER;
      g_ptr_array_add (out, p);
    }
  return out;
}

GPtrArray *
people_scan_secrets (PeopleScan *s)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < s->order->len; i++) {
    Entity *e = g_ptr_array_index (s->order, i);
    g_ptr_array_add (out, g_strdup (e->name));
  }
  for (guint i = 0; i < s->secrets->len; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (s->secrets, i)));
  return out;
}

const LexList people_lexicon[] = {
  { particles, LEX_PARTICLE }, { stop_words, LEX_STOP },
  { calendar_words, LEX_CALENDAR }, { subject_labels, LEX_SUBJECT_LABEL },
  { family_labels, LEX_FAMILY_LABEL }, { children, LEX_CHILD_LABEL },
  { anon_roles, LEX_ANON_ROLE }, { greetings, LEX_GREETING },
  { list_labels, LEX_LIST_LABEL }, { rota_words, LEX_ROTA },
  { fiction_starts, LEX_FICTION }, { NULL, 0 },
};
