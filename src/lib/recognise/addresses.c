/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* UK postal addresses: postcodes (format-validated, pmark_validate_uk_
 * postcode) and street addresses ("14 Elm Road", "Flat 2, 9 Mill Lane"),
 * with the town and postcode that follow. Whether an address is a home
 * (a person's) or a venue's is people.c's to decide, by what stands
 * beside it. */
#include "config.h"

#include <string.h>

#include "recognise-private.h"

/* Kinds of street, as written after a street's name. */
static const char *const street_words[] = {
  "road", "rd", "street", "st", "lane", "ln", "avenue", "ave", "av", "close",
  "cl", "crescent", "cres", "drive", "dr", "way", "court", "ct", "gardens",
  "gdns", "place", "pl", "terrace", "terr", "tce", "grove", "gr", "square",
  "sq", "hill", "park", "rise", "mews", "walk", "row", "view", "green",
  "parade", "vale", "yard", "wharf", "quay", "fields", "meadow", "meadows",
  "mead", "gate", "estate", "heights", "approach", "circus", "path", "chase",
  "croft", "dale", "drove", "garth", "glade", "grange", "hollow", "lea",
  "leys", "mount", "orchard", "paddock", "spur", "wynd", "brow", "bank",
  "boulevard", "embankment", "broadway", "cottages", "villas", "buildings",
  "end", "side", "crossway", "common", "wood", "woods", "hey", "nook", "bridge",
  "bay", "marina", "moor", "heath", "lock", "basin", "strand", "lanes", "rows",
  "walks", "hills", "parks", "greens", "wharves", "steps", "passage",
  "alley", "circle", "link", NULL,
};

/* Words that make a run of capitalised words a place or an organisation
 * (beside the street words). */
static const char *const place_words[] = {
  "school", "primary", "academy", "college", "university", "nursery",
  "infants", "juniors", "hospital", "surgery", "clinic", "practice", "centre",
  "center", "council", "borough", "trust", "team", "service", "services",
  "station", "church", "mosque", "temple", "gurdwara", "synagogue", "library",
  "hub", "hall", "house", "ltd", "limited", "plc", "llp", "group",
  "partnership", "board", "department", "unit", "ward", "office", "agency",
  "foundation", "charity", "project", "club", "society", "association",
  "network", "forum", "panel", "committee", "police", "constabulary",
  "nhs", "csc", "mash", "cafcass", "barnardo's", "nspcc", "refuge", "prison",
  "court", "tribunal", "authority", "county", "city", "district", "region",
  "institute", "federation", "partnership", "alliance", "cic", "inc", "co",
  "hotel", "pub", "cafe", "restaurant", "shop", "store", "market", "stadium",
  "leisure", "gym", "pharmacy", "campus", "site", "building", "block", "wing",
  "floor", "room", "suite", "lodge", "manor", "farm", "works", "depot",
  "academies", "schools", "hospitals", "health", "care", "housing",
  "children's", "family", "families", "young", "people", "youth", "adult",
  "adults", "social", "safeguarding", "education", "services'", "offices",
  "headquarters", "hq", "chambers", "rooms", NULL,
};

gboolean
config_has_word (GHashTable *set, const Window *w, guint i)
{
  if (!set || !(w->t[i].flags & TOK_ALPHA))
    return FALSE;
  char buf[64];
  return tok_lower (w, i, buf, sizeof buf) && g_hash_table_contains (set, buf);
}

gboolean
address_street_word (const RecogniseConfig *cfg, const Window *w, guint i)
{
  return tok_lex (w, i, LEX_STREET)
         || config_has_word (cfg->street_words, w, i);
}

/* Words only an institution's name ends in (never a surname) */
static const char *const institution_words[] = {
  "school", "primary", "academy", "college", "university", "nursery",
  "infants", "juniors", "hospital", "surgery", "clinic", "practice", "centre",
  "center", "council", "borough", "trust", "team", "service", "services",
  "station", "library", "hub", "ltd", "limited", "plc", "llp", "group",
  "partnership", "board", "department", "unit", "office", "agency",
  "foundation", "charity", "project", "club", "society", "association",
  "network", "forum", "panel", "committee", "police", "constabulary", "nhs",
  "csc", "mash", "cafcass", "nspcc", "refuge", "authority", "institute",
  "federation", "alliance", "cic", "academies", "schools", "directorate",
  "commissioner", "tribunal", "pharmacy", "mosque", "gurdwara", "synagogue",
  "offices", "headquarters", "hq", "campus", "chambers", "hubs", "centres",
  "teams", "clinics", "trusts", "councils", "surgeries", "practices",
  "fc", "afc", "colts", "wanderers", "rovers", "athletic", "albion", "harriers",
  "nurseries", "colleges", "universities", "hospitals", "units", "admissions",
  NULL,
};

gboolean
address_institution_word (const Window *w, guint i)
{
  return tok_lex (w, i, LEX_INSTITUTION);
}

/* Words of a venue's name, before its address: an institution's, or a
 * building's */
static const char *const venue_words[] = {
  "hall", "house", "church", "chapel", "hotel", "cafe", "pub", "stadium",
  "leisure", "gym", "lodge", "works", "depot", "market", "court", "courts",
  "rooms", "room", "suite", "building", "buildings", "tower", "arcade",
  "park", NULL,
};

/* Places a document names as places: the nations and regions, counties,
 * cities and larger towns, London's boroughs (a first name that is one of
 * them, "Chelsea", "Kingston", needs more than itself to be a name) */
static const char *const place_names[] = {
  "england", "scotland", "wales", "ireland", "britain", "london", "cornwall",
  "devon", "dorset", "somerset", "wiltshire", "hampshire", "sussex", "kent",
  "surrey", "essex", "suffolk", "norfolk", "cambridgeshire", "lincolnshire",
  "yorkshire", "lancashire", "cumbria", "northumberland", "durham",
  "cheshire", "merseyside", "derbyshire", "nottinghamshire", "leicestershire",
  "staffordshire", "shropshire", "herefordshire", "worcestershire",
  "warwickshire", "gloucestershire", "oxfordshire", "buckinghamshire",
  "bedfordshire", "hertfordshire", "northamptonshire", "berkshire",
  "rutland", "midlands", "humberside", "teesside", "tyneside", "wearside",
  "birmingham", "manchester", "liverpool", "leeds", "sheffield", "bristol",
  "newcastle", "nottingham", "leicester", "coventry", "bradford", "hull",
  "stoke", "wolverhampton", "derby", "southampton", "portsmouth", "plymouth",
  "exeter", "reading", "luton", "milton", "keynes", "northampton", "norwich",
  "ipswich", "peterborough", "cambridge", "oxford", "swindon", "gloucester",
  "cheltenham", "bath", "salisbury", "bournemouth", "poole", "brighton",
  "hove", "crawley", "maidstone", "canterbury", "dover", "chatham",
  "rochester", "southend", "chelmsford", "colchester", "basildon", "harlow",
  "watford", "stevenage", "slough", "guildford", "woking", "aldershot",
  "basingstoke", "winchester", "worthing", "eastbourne", "hastings",
  "blackpool", "preston", "blackburn", "burnley", "bolton", "bury",
  "oldham", "rochdale", "stockport", "tameside", "trafford", "wigan",
  "salford", "warrington", "wirral", "sefton", "knowsley", "halton",
  "huddersfield", "wakefield", "doncaster", "rotherham", "barnsley",
  "halifax", "calderdale", "kirklees", "york", "harrogate", "scarborough",
  "middlesbrough", "hartlepool", "stockton", "darlington", "sunderland",
  "gateshead", "carlisle", "lancaster", "chester", "shrewsbury", "telford",
  "walsall", "dudley", "sandwell", "solihull", "worcester", "hereford",
  "lincoln", "grimsby", "scunthorpe", "mansfield", "chesterfield",
  "bedford", "edinburgh", "glasgow", "aberdeen", "dundee", "inverness",
  "stirling", "perth", "paisley", "cardiff", "swansea", "newport",
  "wrexham", "bangor", "belfast", "derry", "londonderry", "lisburn",
  "camden", "westminster", "islington", "hackney", "tower", "hamlets",
  "newham", "greenwich", "lewisham", "southwark", "lambeth", "wandsworth",
  "hammersmith", "fulham", "kensington", "chelsea", "brent", "ealing",
  "hounslow", "hillingdon", "harrow", "barnet", "enfield", "haringey",
  "waltham", "redbridge", "havering", "barking", "dagenham", "bexley",
  "bromley", "croydon", "sutton", "merton", "kingston", "richmond",
  "thames", "islington", "tottenham", "brixton", "peckham", "stratford",
  "walthamstow", "ilford", "romford", "wembley", "acton", "woolwich",
  "deptford", "catford", "clapham", "streatham", "battersea", "camberwell",
  "dalston", "hoxton", "shoreditch", "bethnal", "whitechapel", "poplar",
  "leyton", "leytonstone", "chingford", "edmonton", NULL,
};

/* Words that put a place before a name: "North Somerset", "East London",
 * "Greater Manchester", "Royal Free" */
static const char *const place_prefixes[] = {
  "north", "south", "east", "west", "northern", "southern", "eastern",
  "western", "upper", "lower", "greater", "central", "mid", "new", "old",
  "royal", "great", "little", "inner", "outer", "port", "fort", "loch", NULL,
};

gboolean
address_place_name (const Window *w, guint i)
{
  return tok_lex (w, i, LEX_PLACE_NAME);
}

gboolean
address_place_prefix (const Window *w, guint i)
{
  return tok_lex (w, i, LEX_PLACE_PREFIX);
}

gboolean
address_venue_word (const Window *w, guint i)
{
  return address_institution_word (w, i) || tok_lex (w, i, LEX_VENUE);
}

gboolean
address_place_word (const RecogniseConfig *cfg, const Window *w, guint i)
{
  return address_street_word (cfg, w, i) || tok_lex (w, i, LEX_PLACE);
}

guint
address_postcode (const Window *w, guint i)
{
  if (i >= w->n || !(w->t[i].flags & TOK_ALPHA) || !(w->t[i].flags & TOK_DIGIT)
      || !g_ascii_isalpha (w->text[w->t[i].start]))
    return 0;
  char canon[PMARK_CANON_MAX];
  gsize l = tok_len (w, i);
  /* "CR02AB" */
  if (l >= 5 && l <= 7 && pmark_validate_uk_postcode (tok_text (w, i), l, canon))
    return 1;
  /* "CR0 2AB": the outward code, one space, the inward code */
  guint j = i + 1;
  if (l > 4 || j >= w->n || !tok_same_line (w, i, j)
      || w->t[j].start != w->t[i].end + 1 || tok_len (w, j) != 3
      || !g_ascii_isdigit (w->text[w->t[j].start]))
    return 0;
  char buf[16];
  memcpy (buf, tok_text (w, i), l);
  memcpy (buf + l, tok_text (w, j), 3);
  return pmark_validate_uk_postcode (buf, l + 3, canon) ? 2 : 0;
}

/* A house number at i: "14", "14a", "14-16" (one token), "14A"; tokens */
static guint
house_number (const Window *w, guint i)
{
  if (i >= w->n || !(w->t[i].flags & TOK_DIGIT))
    return 0;
  const char *s = tok_text (w, i);
  gsize n = tok_len (w, i), k = 0;
  while (k < n && g_ascii_isdigit (s[k]))
    k++;
  if (k == 0 || k > 4)
    return 0;
  /* 14, 14a, 14-16 */
  if (k == n || (k + 1 == n && g_ascii_isalpha (s[k]))
      || (s[k] == '-' && k + 1 < n && g_ascii_isdigit (s[k + 1])))
    return 1;
  return 0;
}

static gboolean
cap_word (const Window *w, guint i)
{
  return i < w->n && (w->t[i].flags & TOK_CAP) && !(w->t[i].flags & TOK_DIGIT);
}

/* ", Town" or " Town" then a postcode, on this line or the next: how far
 * the address runs on from token j */
static guint
address_tail (const Window *w, guint j, guint first)
{
  guint k = j, best = j;
  for (guint steps = 0; k < w->n && steps < 8; steps++) {
    if (w->t[k].line > w->t[first].line + 1)
      break;
    guint pc = address_postcode (w, k);
    if (pc)
      return k + pc;
    if (tok_punct (w, k, ',') || cap_word (w, k)) {
      if (cap_word (w, k) && w->t[k].line == w->t[first].line)
        best = k + 1; /* a town on the same line */
      k++;
      continue;
    }
    break;
  }
  return best;
}

gboolean
address_ordinal (const Window *w, guint i)
{
  if (i >= w->n || !(w->t[i].flags & TOK_DIGIT) || !(w->t[i].flags & TOK_ALPHA))
    return FALSE;
  gsize l = tok_len (w, i);
  const char *t = tok_text (w, i);
  if (l < 3 || !g_ascii_isdigit (t[0]))
    return FALSE;
  for (gsize k = 0; k < l - 2; k++)
    if (!g_ascii_isdigit (t[k]))
      return FALSE;
  const char *sfx = t + l - 2;
  return !g_ascii_strncasecmp (sfx, "st", 2) || !g_ascii_strncasecmp (sfx, "nd", 2)
         || !g_ascii_strncasecmp (sfx, "rd", 2) || !g_ascii_strncasecmp (sfx, "th", 2);
}

gboolean
address_floor_number (const Window *w, guint i)
{
  if (address_ordinal (w, i))
    return TRUE;
  return i > 0 && i < w->n && (w->t[i].flags & TOK_DIGIT) && tok_same_line (w, i - 1, i)
         && (tok_is (w, i - 1, "suite") || tok_is (w, i - 1, "level") || tok_is (w, i - 1, "unit")
             || tok_is (w, i - 1, "floor") || tok_is (w, i - 1, "room"));
}

/* Words ending a block's name, between a flat and its street ("Flat 6,
 * Oak House, 12 Elm Road") */
static const char *const buildings[] = {
  "house", "court", "lodge", "tower", "towers", "mansions", "heights",
  "point", "building", "buildings", "block", "hall", "apartments", "flats",
  "plaza", "wharf", "quay", NULL,
};

/* A block's name at j, as far as its comma: tokens, else 0 */
static guint
building_name (const Window *w, guint j)
{
  guint k = j;
  while (k - j < 4 && cap_word (w, k) && tok_same_line (w, j, k))
    k++;
  if (k == j || !tok_lex (w, k - 1, LEX_BUILDING) || !tok_punct (w, k, ','))
    return 0;
  return k + 1 - j;
}

/* Words before a flat's number */
static const char *const flats[] = { "flat", "apartment", "apt", "unit",
                                     "room", "maisonette", NULL };

guint
address_street (const RecogniseConfig *cfg, const Window *w, guint i)
{
  guint j = i;
  /* Flat 3, / Apartment 12 / Unit 4 */
  if (tok_lex (w, j, LEX_FLAT) && house_number (w, j + 1)) {
    j += 2;
    if (tok_punct (w, j, ','))
      j++;
  }
  /* Flat 6, 2nd Floor, ... */
  if (j > i && j + 1 < w->n && tok_is (w, j + 1, "floor")
      && (tok_is (w, j, "ground") || tok_is (w, j, "first") || tok_is (w, j, "second")
          || tok_is (w, j, "top") || tok_is (w, j, "basement") || address_ordinal (w, j))) {
    j += 2;
    if (tok_punct (w, j, ','))
      j++;
  }
  /* Flat 6, Oak House, (12) Elm Road */
  guint bn = j > i ? building_name (w, j) : 0;
  j += bn;
  guint hn = house_number (w, j);
  if ((!hn && !bn) || !tok_same_line (w, i, j))
    return 0;
  j += hn;
  if (tok_punct (w, j, ','))
    j++;
  /* one to four capitalised words, the last a kind of street */
  guint words = 0, end = 0;
  while (words < 5 && cap_word (w, j) && tok_same_line (w, i, j)
         && !(w->t[j].flags & TOK_CELL_START)) { /* a street is in one cell */
    words++;
    j++;
    if (address_street_word (cfg, w, j - 1) && words >= 2) {
      end = j;
      /* "Mill Lane End": one more street word may follow */
      if (!(cap_word (w, j) && address_street_word (cfg, w, j)))
        break;
    }
  }
  if (!end)
    return 0;
  return address_tail (w, end, i) - i;
}

const LexList addresses_lexicon[] = {
  { street_words, LEX_STREET }, { place_words, LEX_PLACE },
  { institution_words, LEX_INSTITUTION }, { venue_words, LEX_VENUE },
  { place_names, LEX_PLACE_NAME }, { place_prefixes, LEX_PLACE_PREFIX },
  { flats, LEX_FLAT }, { flats, LEX_TRIGGER }, { buildings, LEX_BUILDING },
  { NULL, 0 },
};
