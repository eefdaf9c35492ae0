/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Forenames and surnames: the table tools/names/compile-names.py builds
 * from the lists in data/ (ONS, NRS and SSA baby names, census surnames: see
 * data/PROVENANCE.md), carried in the library's read-only data, so that
 * it costs nothing until a recogniser first looks a word up, and then
 * only the pages it touches. */
#include "config.h"

#include <string.h>

#include "recognise-private.h"

extern const guint8 pmark_names_table[];
extern const guint32 pmark_names_table_size;

typedef struct {
  guint32 entries, buckets, strings;
  const guint32 *bucket;
  const guint8 *entry;     /* 8 bytes each */
  const char *keys;
} NameTable;

static const NameTable *
table (void)
{
  static NameTable t;
  static gsize done;
  if (g_once_init_enter (&done)) {
    const guint8 *b = pmark_names_table;
    guint32 h[4];
    memcpy (h, b + 8, sizeof h);
    gsize need = 24 + (gsize) GUINT32_FROM_LE (h[1]) * 4
                 + (gsize) GUINT32_FROM_LE (h[0]) * 8 + GUINT32_FROM_LE (h[2]);
    /* a table that does not add up (a build gone wrong) is no table: no
     * name is known, and the recognisers fall back on context alone */
    if (memcmp (b, "PMNAMES1", 8) == 0 && need == pmark_names_table_size
        && GUINT32_FROM_LE (h[1]) && !(GUINT32_FROM_LE (h[1]) & (GUINT32_FROM_LE (h[1]) - 1))) {
      t.entries = GUINT32_FROM_LE (h[0]);
      t.buckets = GUINT32_FROM_LE (h[1]);
      t.strings = GUINT32_FROM_LE (h[2]);
      t.bucket = (const guint32 *) (b + 24);
      t.entry = b + 24 + (gsize) t.buckets * 4;
      t.keys = (const char *) t.entry + (gsize) t.entries * 8;
    }
    g_once_init_leave (&done, 1);
  }
  return &t;
}

gsize
name_fold (const char *s, gsize len, char *out, gsize size)
{
  gsize n = 0;
  const char *end = s + len;
  for (const char *p = s; p < end;) {
    guchar c = (guchar) *p;
    if (c < 0x80) {
      if (n + 1 >= size)
        return 0;
      out[n++] = g_ascii_tolower ((char) c);
      p++;
      continue;
    }
    gunichar u = g_utf8_get_char_validated (p, end - p);
    if (u == (gunichar) -1 || u == (gunichar) -2)
      return 0;
    p = g_utf8_next_char (p);
    if (u == 0x2019 || u == 0x2018) {
      if (n + 1 >= size)
        return 0;
      out[n++] = '\'';
      continue;
    }
    gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
    gsize nd = g_unichar_fully_decompose (u, TRUE, d, G_N_ELEMENTS (d));
    for (gsize k = 0; k < nd; k++) {
      if (g_unichar_ismark (d[k]))
        continue;
      char buf[6];
      gint bl = g_unichar_to_utf8 (g_unichar_tolower (d[k]), buf);
      if (n + (gsize) bl >= size)
        return 0;
      memcpy (out + n, buf, (gsize) bl);
      n += (gsize) bl;
    }
  }
  out[n] = '\0';
  return n;
}

static guint32
fnv1a (const char *s, gsize n)
{
  guint32 h = 0x811C9DC5u;
  for (gsize i = 0; i < n; i++) {
    h ^= (guchar) s[i];
    h *= 0x01000193u;
  }
  return h;
}

gboolean
names_lookup_folded (const char *key, gsize n, NameInfo *info)
{
  const NameTable *t = table ();
  memset (info, 0, sizeof *info);
  if (!t->buckets || !n)
    return FALSE;
  guint32 mask = t->buckets - 1;
  for (guint32 h = fnv1a (key, n) & mask;; h = (h + 1) & mask) {
    guint32 e = GUINT32_FROM_LE (t->bucket[h]);
    if (!e)
      return FALSE;
    const guint8 *ent = t->entry + (gsize) (e - 1) * 8;
    guint32 off;
    memcpy (&off, ent, 4);
    off = GUINT32_FROM_LE (off);
    if (off < t->strings && strncmp (t->keys + off, key, n) == 0
        && t->keys[off + n] == '\0') {
      info->flags = ent[4];
      info->forename_band = ent[5];
      info->surname_band = ent[6];
      info->word_band = ent[7];
      return TRUE;
    }
  }
}

gboolean
names_lookup (const RecogniseConfig *cfg, const char *s, gsize len, NameInfo *info)
{
  char key[64];
  gsize n = name_fold (s, len, key, sizeof key);
  memset (info, 0, sizeof *info);
  if (!n)
    return FALSE;
  if (cfg && cfg->not_names && g_hash_table_contains (cfg->not_names, key))
    return FALSE;
  gboolean found = names_lookup_folded (key, n, info);
  if (!found && memchr (key, '-', n)) {
    /* Fitzgerald-Jones, Mary-Jane: a name of names */
    guint8 all = NAME_FORENAME | NAME_SURNAME, band = 255;
    gsize at = 0;
    found = TRUE;
    while (at <= n && found) {
      const char *dash = memchr (key + at, '-', n - at);
      gsize e = dash ? (gsize) (dash - key) : n;
      NameInfo part;
      found = e > at && names_lookup_folded (key + at, e - at, &part)
              && (part.flags & (NAME_FORENAME | NAME_SURNAME));
      if (found) {
        /* a double-barrelled surname needs a surname at its end; a
         * double forename forenames throughout */
        all &= dash ? (part.flags | NAME_SURNAME) : part.flags;
        band = MIN (band, MAX (part.forename_band, part.surname_band));
      }
      at = e + 1;
    }
    if (found && all) {
      info->flags = all;
      info->forename_band = all & NAME_FORENAME ? band : 0;
      info->surname_band = all & NAME_SURNAME ? band : 0;
    } else {
      found = FALSE;
      memset (info, 0, sizeof *info);
    }
  }
  if (cfg && cfg->forenames && g_hash_table_contains (cfg->forenames, key)) {
    info->flags |= NAME_FORENAME;
    info->forename_band = MAX (info->forename_band, 64);
    found = TRUE;
  }
  return found;
}

guint
names_table_entries (void)
{
  return table ()->entries;
}

gboolean
recognise_is_word (const char *s)
{
  char key[64];
  gsize n = name_fold (s, strlen (s), key, sizeof key);
  NameInfo info;
  return n && names_lookup_folded (key, n, &info) && (info.flags & NAME_WORD);
}

gboolean
tok_names (const RecogniseConfig *cfg, const Window *w, guint i, NameInfo *info)
{
  /* looked up once per token of the window (the name table and the
   * policy's additions do not change during a scan) */
  guint64 c = w->names[i];
  if (!(c >> 63)) {
    NameInfo ni;
    gboolean found = names_lookup (cfg, tok_text (w, i), tok_len (w, i), &ni);
    c = (G_GUINT64_CONSTANT (1) << 63) | ((guint64) found << 62) | (guint64) ni.flags
        | ((guint64) ni.forename_band << 8) | ((guint64) ni.surname_band << 16)
        | ((guint64) ni.word_band << 24);
    w->names[i] = c;
  }
  info->flags = (guint8) c;
  info->forename_band = (guint8) (c >> 8);
  info->surname_band = (guint8) (c >> 16);
  info->word_band = (guint8) (c >> 24);
  return (c >> 62) & 1;
}

char *
recognise_mask_names (const RecogniseConfig *cfg, const char *text)
{
  /* the words of a place ("member Jayden Smith referral.txt", a sheet
   * named after a child) that are names by the name data: a forename no
   * everyday word, and the capitalised words after it */
  gsize len = strlen (text);
  Window w;
  window_init (&w);
  window_fill (&w, text, len, 0, len, 1);
  GString *out = NULL;
  gsize at = 0;
  for (guint i = 0; i < w.n; i++) {
    NameInfo ni;
    if (!(w.t[i].flags & TOK_CAP) || (w.t[i].flags & TOK_DIGIT) || tok_len (&w, i) < 3
        || !tok_names (cfg, &w, i, &ni) || !(ni.flags & NAME_FORENAME)
        || ((ni.flags & NAME_WORD) && ni.word_band >= 2))
      continue;
    guint e = i + 1;
    while (e < w.n && (w.t[e].flags & TOK_CAP) && !(w.t[e].flags & TOK_DIGIT)
           && tok_names (cfg, &w, e, &ni) && (ni.flags & NAME_SURNAME))
      e++;
    if (!out)
      out = g_string_new (NULL);
    gsize s = w.t[i].start, end = w.t[e - 1].end;
    g_string_append_len (out, text + at, (gssize) (s - at));
    g_autofree char *m = pmark_mask_name (text + s, end - s);
    g_string_append (out, m);
    at = end;
    i = e - 1;
  }
  window_clear (&w);
  if (!out)
    return NULL;
  g_string_append (out, text + at);
  return g_string_free (out, FALSE);
}
