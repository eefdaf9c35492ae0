/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The recognisers: who a document is about, the way practitioners write
 * it. Person names (name data and context), UK addresses and postcodes,
 * ages, dates of birth written any way, schools and year groups, family
 * relationships, and professional roles that keep staff out. Each is a
 * file of this folder with its data; people.c puts them together into the
 * private individuals a document identifies, and the cues that identify
 * each. policy/ configures them ([recogniser NAME] sections) and turns
 * what they find into a match's hits; this folder knows nothing of
 * policies, only of text. */
#pragma once

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* What identifies a named private individual (pmark.policy(5), cues). */
typedef enum {
  CUE_ADDRESS = 1 << 0,
  CUE_DOB = 1 << 1,
  CUE_AGE = 1 << 2,
  CUE_SCHOOL = 1 << 3,
  CUE_RELATIONSHIP = 1 << 4,
  CUE_IDENTIFIER = 1 << 5,
  CUE_CASE_SUBJECT = 1 << 6,
  CUE_ALL = (1 << 7) - 1,
} PersonCue;

/* The recognisers, each of which a policy can turn off. */
typedef enum {
  RECOGNISER_NAMES,
  RECOGNISER_ADDRESSES,
  RECOGNISER_AGES,
  RECOGNISER_DATES_OF_BIRTH,
  RECOGNISER_SCHOOLS,
  RECOGNISER_RELATIONSHIPS,
  RECOGNISER_ROLES,
  RECOGNISER_COUNT,
} RecogniserId;

typedef struct _RecogniseConfig RecogniseConfig;

RecogniseConfig *recognise_config_new (void);
void recognise_config_free (RecogniseConfig *cfg);
/* The recogniser called `name` ("person-names", "addresses", ...), or -1. */
int recognise_lookup (const char *name);
const char *recognise_name (RecogniserId id);
/* One key of a [recogniser NAME] section; FALSE with a message (no file
 * or line: the caller adds them) for an unknown key or a bad value. */
gboolean recognise_config_set (RecogniseConfig *cfg, RecogniserId id,
                               const char *key, const char *value,
                               GError **error);
/* The section as `pmark policy show` prints it (every key, in effect). */
void recognise_config_show (const RecogniseConfig *cfg, RecogniserId id,
                            GString *out);
/* "address, age, ..." as cue bits; FALSE for an unknown cue. */
gboolean recognise_parse_cues (const char *list, guint *cues, GError **error);
/* The cue's name in policies and reasons ("date-of-birth") */
const char *recognise_cue_name (PersonCue cue);
/* The cue as reasons say it ("a date of birth") */
const char *recognise_cue_phrase (PersonCue cue);

/* `text` (a place: a member's, an attachment's or a sheet's name) with
 * the names in it masked, by the name data alone; NULL when it has none */
char *recognise_mask_names (const RecogniseConfig *cfg, const char *text);

/* Whether `s` is an everyday English word (the words of the name data) */
gboolean recognise_is_word (const char *s);
/* Whether s[0, n) is a surname's particle ("da", "van", "bin"), any case */
gboolean recognise_is_particle (const char *s, gsize n);

typedef enum {
  PERSON_SOMEONE,
  PERSON_CHILD,
  PERSON_ADULT,     /* a parent, carer, partner or other relative */
} PersonKind;

/* A private individual the document identifies. */
typedef struct {
  char *key;        /* folded full name ("jayden smith"), first name
                     * ("first:amira") or "id:CANON" for one known only by
                     * an identifier */
  char *name;       /* as first written, for masking wherever it appears */
  char *evidence;   /* the name masked (J***** S****) */
  char *where;      /* the part's place of its first mention, or NULL */
  guint part;       /* the part of its first mention */
  guint line;       /* its line there (0: the part has no lines) */
  guint cues;       /* PersonCue: everything found about them */
  PersonKind kind;
  GPtrArray *secrets; /* char*: their addresses as written, for masking */
} FoundPerson;

void found_person_free (FoundPerson *p);

typedef struct _PeopleScan PeopleScan;

/* A scan of one document. `case_record`: the document is about a
 * child-protection or safeguarding case (its subjects are identified by
 * being named in it, CUE_CASE_SUBJECT). */
PeopleScan *people_scan_new (const RecogniseConfig *cfg, gboolean case_record);
void people_scan_free (PeopleScan *scan);
/* An identifier found at part[start, end) (canonical value `canon`):
 * the person named on its line or row gets CUE_IDENTIFIER, and one named
 * nowhere is counted as a person of their own. Before people_scan_part
 * of that part. */
void people_scan_add_identifier (PeopleScan *scan, guint part, gsize start,
                                 gsize end, const char *canon);
/* A case term (the policy's case context) at part[start]: a person named
 * first on that line of a list or a table's row, in a case record, is the
 * subject of that row's case. Before people_scan_part of that part. */
void people_scan_add_case_term (PeopleScan *scan, guint part, gsize start);
/* Reads one part (skips the column views of tables: their rows are read
 * whole). Checks the document's budgets as it goes. */
gboolean people_scan_part (PeopleScan *scan, const PmarkDocument *doc,
                           guint part_index, const PmarkTextPart *part,
                           GError **error);
/* The private individuals found, in order of first mention (FoundPerson*,
 * owned by the caller), those known only by an identifier last. A person
 * is in it when any of their cues is in `cues`. */
GPtrArray *people_scan_finish (PeopleScan *scan, guint cues);

/* Every name and address the scan found (private or not), as written:
 * what a result must not show unmasked. */
GPtrArray *people_scan_secrets (PeopleScan *scan);

G_END_DECLS
