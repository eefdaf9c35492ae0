/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* RTF: a small tokenizer of its own (control words, groups, \'hh in the
 * document's or the font's code page, \uN with \ucN, \bin). Destinations
 * decide where text goes: the body, headers, footers, footnotes and
 * comments are parts; \info and \userprops are the document properties
 * (and marking candidates); font, colour, style and list tables, field
 * instructions and unknown \* destinations are skipped; a \pict that is
 * a PNG or JPEG goes to OCR (ocr.h), a metafile is skipped; \objdata is
 * an embedded object, read as a nested document. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "core/textdecode.h"
#include "ocr/ocr.h"
#include "ole.h"
#include "ooxml.h"

typedef enum {
  D_BODY, D_HEADER, D_FOOTER, D_FOOTNOTE, D_ANNOT, D_INFO, D_PROPNAME,
  D_PROPVALUE, D_N_TEXT,
  D_SKIP = D_N_TEXT, D_FONTTBL, D_OBJDATA, D_PICT,
} Dest;

static const char *const dest_where[D_N_TEXT] = {
  "body", "header", "footer", "footnotes", "comments", "document properties",
  NULL, NULL,
};

typedef struct {
  Dest dest;
  guint uc;        /* characters to skip after \uN */
  guint codepage;  /* of \'hh and 8-bit bytes */
  gboolean info_marking; /* an \info field that may hold a marking */
} State;

#define RTF_MAX_DEPTH 1024

typedef struct {
  PmarkDocument *doc;
  const PmarkBudget *budget;
  const char *prefix;
  const guint8 *s;
  gsize len, pos;
  State stack[RTF_MAX_DEPTH];
  guint depth;
  guint doc_codepage;
  GHashTable *font_cp;  /* font number -> code page */
  gint font;            /* the font being defined in \fonttbl */
  GString *out[D_N_TEXT];
  GByteArray *bytes;    /* 8-bit text waiting to be decoded */
  guint bytes_cp;
  Dest bytes_dest;
  guint skip_chars;     /* after \uN */
  gunichar high;        /* a \u high surrogate waiting for its pair */
  GString *hex;         /* \objdata */
  guint objects;
  GString *pict;        /* \pict's data, in hex */
  gboolean pict_pixels; /* a PNG or JPEG (\pngblip, \jpegblip), not a
                         * metafile or a device bitmap */
  guint pictures;
  gsize info_start;     /* where the current \info field began in out[] */
  char *propname;
  GError *error;
} Rtf;

static guint
rtf_sniff (const PmarkSniffInfo *info)
{
  if (info->len >= 5 && !memcmp (info->data, "{\\rtf", 5))
    return PMARK_SNIFF_CONTENT;
  return !strcmp (info->mime, "text/rtf") || !strcmp (info->mime, "application/rtf")
           ? PMARK_SNIFF_TYPE : 0;
}

static State *
top (Rtf *r)
{
  return &r->stack[r->depth];
}

static void
flush_bytes (Rtf *r)
{
  if (!r->bytes->len)
    return;
  pmark_codepage_append (r->out[r->bytes_dest], r->bytes->data, r->bytes->len,
                         r->bytes_cp);
  g_byte_array_set_size (r->bytes, 0);
}

static void
put_byte (Rtf *r, guint8 b)
{
  State *st = top (r);
  if (st->dest >= D_N_TEXT)
    return;
  if (r->bytes->len && (r->bytes_cp != st->codepage || r->bytes_dest != st->dest))
    flush_bytes (r);
  r->bytes_cp = st->codepage;
  r->bytes_dest = st->dest;
  g_byte_array_append (r->bytes, &b, 1);
}

static void
put_char (Rtf *r, gunichar c)
{
  State *st = top (r);
  if (st->dest >= D_N_TEXT)
    return;
  flush_bytes (r);
  pmark_string_append_char (r->out[st->dest], c);
}

/* Windows charsets (\fcharsetN) to code pages. */
static guint
charset_cp (int charset, guint fallback)
{
  static const int map[][2] = {
    { 77, 10000 }, { 128, 932 }, { 129, 949 }, { 130, 1361 }, { 134, 936 },
    { 136, 950 }, { 161, 1253 }, { 162, 1254 }, { 163, 1258 }, { 177, 1255 },
    { 178, 1256 }, { 186, 1257 }, { 204, 1251 }, { 222, 874 }, { 238, 1250 },
    { 254, 437 }, { 255, 850 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (map[i][0] == charset)
      return (guint) map[i][1];
  return fallback;
}

static void
open_dest (Rtf *r, Dest d)
{
  flush_bytes (r);
  top (r)->dest = d;
  if (d == D_PROPNAME || d == D_PROPVALUE || d == D_INFO)
    r->info_start = r->out[d]->len;
}

/* A picture's data, handed to OCR (ocr.h) as "picture N" */
static void
close_picture (Rtf *r)
{
  r->pictures++;
  gsize n = r->pict->len / 2;
  if (!r->pict_pixels || !n) {
    g_string_truncate (r->pict, 0);
    return;
  }
  guint8 *bin = g_malloc (n);
  for (gsize i = 0; i < n; i++)
    bin[i] = (guint8) (g_ascii_xdigit_value (r->pict->str[2 * i]) << 4
                       | g_ascii_xdigit_value (r->pict->str[2 * i + 1]));
  g_string_truncate (r->pict, 0);
  g_autoptr (GBytes) b = g_bytes_new_take (bin, n);
  g_autofree char *what = g_strdup_printf ("picture %u", r->pictures);
  g_autofree char *where = ole_where (r->prefix, what);
  (void) pmark_ocr_read_picture (r->doc, r->budget, b, where, &r->error);
}

/* The group that ends: what its destination collected. */
static void
close_group (Rtf *r, const State *st, const State *parent)
{
  flush_bytes (r);
  if (st->dest == D_PICT && parent->dest != D_PICT && !r->error) {
    close_picture (r);
    return;
  }
  if (st->dest == D_OBJDATA && parent->dest != D_OBJDATA && r->hex->len && !r->error) {
    /* OLE1: version, format, class name, topic, item, native size, data */
    gsize n = r->hex->len / 2;
    guint8 *bin = g_malloc (n + 1);
    for (gsize i = 0; i < n; i++)
      bin[i] = (guint8) (g_ascii_xdigit_value (r->hex->str[2 * i]) << 4
                         | g_ascii_xdigit_value (r->hex->str[2 * i + 1]));
    g_string_truncate (r->hex, 0);
    g_autoptr (GBytes) b = g_bytes_new_take (bin, n);
    gsize at = 8;
    char cls[64] = "";
    for (int k = 0; k < 3; k++) {
      guint32 l = ole_u32 (bin, n, at);
      if (k == 0 && l < sizeof cls && at + 4 + l <= n) {
        memcpy (cls, bin + at + 4, l);
        cls[l] = 0;
      }
      at = l > n ? n : at + 4 + l;
    }
    guint32 size = ole_u32 (bin, n, at);
    at += 4;
    r->objects++;
    g_autofree char *what = g_strdup_printf ("embedded object %u", r->objects);
    g_autofree char *where = ole_where (r->prefix, what);
    if (at > n || size > n - at) {
      g_ptr_array_add (r->doc->unread, g_strdup_printf ("%s: its data is damaged",
                                                        where));
      return;
    }
    g_autoptr (GBytes) native = g_bytes_new_from_bytes (b, at, size);
    gboolean ok = g_str_has_prefix (cls, "Package")
                    ? ole_add_native (r->doc, native, 0, r->budget, where, &r->error)
                    : pmark_document_add_nested (r->doc, r->budget, native, NULL, where,
                                                 &r->error);
    (void) ok;
    return;
  }
  if (st->dest != parent->dest && st->dest < D_INFO && st->dest != D_BODY) {
    /* each footnote, comment, header and footer ends a line */
    g_string_append_c (r->out[st->dest], '\n');
  } else if (st->dest == D_PROPNAME && parent->dest != D_PROPNAME) {
    GString *o = r->out[D_PROPNAME];
    g_free (r->propname);
    r->propname = g_strstrip (g_strndup (o->str + r->info_start, o->len - r->info_start));
    g_string_truncate (o, r->info_start);
  } else if (st->dest == D_PROPVALUE && parent->dest != D_PROPVALUE) {
    GString *o = r->out[D_PROPVALUE];
    g_autofree char *v = g_strstrip (g_strndup (o->str + r->info_start,
                                                o->len - r->info_start));
    g_string_truncate (o, r->info_start);
    const char *name = r->propname;
    if (name && *v) {
      if (g_str_has_prefix (name, "MSIP_Label_") && g_str_has_suffix (name, "_Enabled")) {
        if (!g_ascii_strcasecmp (v, "true")) {
          g_autofree char *id = g_strndup (name + 11, strlen (name) - 11 - 8);
          pmark_document_add_marking (r->doc, PMARK_MARKING_SOURCE_LABEL, id,
                                      "\\userprops");
        }
      } else if (!g_str_has_prefix (name, "MSIP_Label_")) {
        if (pmark_is_marking_property (name))
          pmark_document_add_marking (r->doc, PMARK_MARKING_SOURCE_METADATA, v,
                                      "\\userprops");
        g_string_append_printf (r->out[D_INFO], "%s: %s\n", name, v);
      }
    }
  } else if (st->dest == D_INFO && parent->dest != D_INFO) {
    GString *o = r->out[D_INFO];
    if (st->info_marking && o->len > r->info_start) {
      g_autofree char *v = g_strstrip (g_strndup (o->str + r->info_start,
                                                  o->len - r->info_start));
      if (*v)
        pmark_document_add_marking (r->doc, PMARK_MARKING_SOURCE_METADATA, v, "\\info");
    }
    if (o->len > r->info_start)
      g_string_append_c (o, '\n');
  }
}

/* Destinations whose text pmark reads, and the ones it skips without a
 * \* in front (pre-1987 ones and tables). */
static gboolean
destination (Rtf *r, const char *w, gboolean starred)
{
  static const struct {
    const char *word;
    Dest dest;
    gboolean marking;
  } dests[] = {
    { "header", D_HEADER, FALSE }, { "headerl", D_HEADER, FALSE }, { "headerr", D_HEADER, FALSE },
    { "headerf", D_HEADER, FALSE }, { "footer", D_FOOTER, FALSE }, { "footerl", D_FOOTER, FALSE },
    { "footerr", D_FOOTER, FALSE }, { "footerf", D_FOOTER, FALSE }, { "footnote", D_FOOTNOTE, FALSE },
    { "annotation", D_ANNOT, FALSE }, { "title", D_INFO, FALSE }, { "subject", D_INFO, TRUE },
    { "keywords", D_INFO, TRUE }, { "doccomm", D_INFO, FALSE }, { "category", D_INFO, TRUE },
    { "company", D_INFO, FALSE }, { "manager", D_INFO, FALSE }, { "propname", D_PROPNAME, FALSE },
    { "staticval", D_PROPVALUE, FALSE }, { "fonttbl", D_FONTTBL, FALSE }, { "objdata", D_OBJDATA, FALSE },
    { "colortbl", D_SKIP, FALSE }, { "stylesheet", D_SKIP, FALSE }, { "pict", D_PICT, FALSE },
    { "fldinst", D_SKIP, FALSE }, { "info", D_SKIP, FALSE }, { "author", D_SKIP, FALSE },
    { "operator", D_SKIP, FALSE }, { "creatim", D_SKIP, FALSE }, { "revtim", D_SKIP, FALSE },
    { "printim", D_SKIP, FALSE }, { "buptim", D_SKIP, FALSE }, { "filetbl", D_SKIP, FALSE },
    { "revtbl", D_SKIP, FALSE }, { "listtable", D_SKIP, FALSE }, { "listoverridetable", D_SKIP, FALSE },
    { "rsidtbl", D_SKIP, FALSE }, { "xmlnstbl", D_SKIP, FALSE }, { "sp", D_SKIP, FALSE },
    { "objclass", D_SKIP, FALSE }, { "objname", D_SKIP, FALSE },
    { "datafield", D_SKIP, FALSE }, { "htmltag", D_SKIP, FALSE }, { "mhtmltag", D_SKIP, FALSE },
    { "bkmkstart", D_SKIP, FALSE }, { "bkmkend", D_SKIP, FALSE }, { "themedata", D_SKIP, FALSE },
    { "colorschememapping", D_SKIP, FALSE }, { "datastore", D_SKIP, FALSE },
    { "latentstyles", D_SKIP, FALSE }, { "pgdsctbl", D_SKIP, FALSE }, { "generator", D_SKIP, FALSE },
    { "nonshppict", D_SKIP, FALSE }, { "template", D_SKIP, FALSE },
    { "listtext", D_SKIP, FALSE }, { "pntext", D_SKIP, FALSE }, { "falt", D_SKIP, FALSE },
    { "panose", D_SKIP, FALSE }, { "userprops", D_SKIP, FALSE },
  };
  State *st = top (r);
  /* a shape's instructions hold its text box (\shptxt): read through;
   * \shppict holds Word's picture (\nonshppict a metafile copy of it) */
  if (!strcmp (w, "shpinst") || !strcmp (w, "shptxt") || !strcmp (w, "shppict"))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (dests); i++) {
    if (strcmp (dests[i].word, w))
      continue;
    Dest d = dests[i].dest;
    /* \info's fields, \userprops' names and values live inside skipped
     * groups; everything else inside a skipped group stays skipped */
    if (st->dest == D_SKIP || st->dest == D_FONTTBL || st->dest == D_OBJDATA
        || st->dest == D_PICT) {
      if (!(d == D_INFO || d == D_PROPNAME || d == D_PROPVALUE))
        d = D_SKIP;
    }
    if (!strcmp (w, "userprops") || !strcmp (w, "info"))
      d = D_SKIP;
    open_dest (r, d);
    st->info_marking = dests[i].marking;
    if (d == D_PICT) {
      g_string_truncate (r->pict, 0);
      r->pict_pixels = FALSE;
    }
    return TRUE;
  }
  if (starred) {
    open_dest (r, D_SKIP);
    return TRUE;
  }
  return FALSE;
}

static void
control_word (Rtf *r, const char *w, gboolean has_param, long param,
              gboolean starred)
{
  State *st = top (r);
  static const struct {
    const char *word;
    gunichar c;
  } chars[] = {
    { "par", '\n' }, { "line", '\n' }, { "sect", '\n' }, { "page", '\n' },
    { "row", '\n' }, { "tab", '\t' }, { "cell", '\t' }, { "nestcell", '\t' },
    { "emdash", 0x2014 }, { "endash", 0x2013 }, { "lquote", 0x2018 },
    { "rquote", 0x2019 }, { "ldblquote", 0x201C }, { "rdblquote", 0x201D },
    { "bullet", 0x2022 }, { "emspace", ' ' }, { "enspace", ' ' }, { "qmspace", ' ' },
  };
  if (destination (r, w, starred))
    return;
  if (st->dest == D_PICT) {
    if (!strcmp (w, "pngblip") || !strcmp (w, "jpegblip"))
      r->pict_pixels = TRUE;
    return;
  }
  if (st->dest == D_FONTTBL) {
    if (!strcmp (w, "f"))
      r->font = (gint) param;
    else if (!strcmp (w, "fcharset") && r->font >= 0)
      g_hash_table_insert (r->font_cp, GINT_TO_POINTER (r->font),
                           GUINT_TO_POINTER (charset_cp ((int) param, 0)));
    else if (!strcmp (w, "cpg") && r->font >= 0 && param > 0)
      g_hash_table_insert (r->font_cp, GINT_TO_POINTER (r->font),
                           GUINT_TO_POINTER ((guint) param));
    return;
  }
  if (!strcmp (w, "u") && has_param) {
    gunichar c = (gunichar) (param < 0 ? param + 65536 : param) & 0xFFFF;
    r->skip_chars = st->uc;
    if (c >= 0xD800 && c < 0xDC00) {
      r->high = c;
      return;
    }
    if (c >= 0xDC00 && c < 0xE000) {
      c = r->high ? 0x10000 + ((r->high - 0xD800) << 10) + (c - 0xDC00) : 0xFFFD;
      r->high = 0;
    }
    put_char (r, c);
    return;
  }
  if (!strcmp (w, "uc")) {
    st->uc = has_param && param >= 0 && param < 16 ? (guint) param : 1;
  } else if (!strcmp (w, "ansicpg") && param > 0) {
    r->doc_codepage = (guint) param;
    st->codepage = (guint) param;
  } else if (!strcmp (w, "f") && has_param) {
    gpointer cp;
    if (g_hash_table_lookup_extended (r->font_cp, GINT_TO_POINTER ((gint) param), NULL, &cp)
        && GPOINTER_TO_UINT (cp))
      st->codepage = GPOINTER_TO_UINT (cp);
    else
      st->codepage = r->doc_codepage;
  } else if (!strcmp (w, "mac")) {
    r->doc_codepage = st->codepage = 10000;
  } else if (!strcmp (w, "pc")) {
    r->doc_codepage = st->codepage = 437;
  } else if (!strcmp (w, "pca")) {
    r->doc_codepage = st->codepage = 850;
  } else {
    for (gsize i = 0; i < G_N_ELEMENTS (chars); i++)
      if (!strcmp (chars[i].word, w)) {
        put_char (r, chars[i].c);
        break;
      }
  }
}

/* One character of text: skipped after \uN, else written. */
static void
text_byte (Rtf *r, guint8 b)
{
  if (r->skip_chars) {
    r->skip_chars--;
    return;
  }
  if (top (r)->dest == D_OBJDATA || top (r)->dest == D_PICT) {
    if (g_ascii_isxdigit (b))
      g_string_append_c (top (r)->dest == D_PICT ? r->pict : r->hex, (char) b);
    return;
  }
  put_byte (r, b);
}

static gboolean
tokenize (Rtf *r, GError **error)
{
  gboolean group_start = FALSE;
  guint64 work = 0;
  while (r->pos < r->len && !r->error) {
    guint8 c = r->s[r->pos++];
    if ((++work & 0xFFFFF) == 0) {
      if (!pmark_document_check_budget (r->doc, error))
        return FALSE;
      for (int d = 0; d < D_N_TEXT; d++)
        if (r->out[d]->len > r->budget->max_text_bytes) {
          g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                       "extracted text exceeds the max-text-bytes budget");
          return FALSE;
        }
      if (r->hex->len / 2 > r->budget->max_input_bytes) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                     "embedded object larger than the max-input-bytes budget");
        return FALSE;
      }
    }
    if (c == '{') {
      if (r->depth + 1 >= RTF_MAX_DEPTH) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                     "RTF groups nested deeper than %d", RTF_MAX_DEPTH);
        return FALSE;
      }
      r->stack[r->depth + 1] = r->stack[r->depth];
      r->depth++;
      group_start = TRUE;
      r->skip_chars = 0;
      continue;
    }
    if (c == '}') {
      if (r->depth) {
        r->depth--;
        close_group (r, &r->stack[r->depth + 1], &r->stack[r->depth]);
      }
      r->skip_chars = 0;
      group_start = FALSE;
      if (!r->depth)
        break; /* the document's group ends */
      continue;
    }
    if (c == '\r' || c == '\n')
      continue;
    if (c != '\\') {
      group_start = FALSE;
      text_byte (r, c);
      continue;
    }
    if (r->pos >= r->len)
      break;
    guint8 n = r->s[r->pos];
    if (n == '*') {
      r->pos++;
      /* \* then a control word: a destination to skip unless known */
      gboolean starred = group_start;
      while (r->pos < r->len && (r->s[r->pos] == ' ' || r->s[r->pos] == '\r'
                                 || r->s[r->pos] == '\n'))
        r->pos++;
      if (r->pos + 1 < r->len && r->s[r->pos] == '\\' && g_ascii_isalpha (r->s[r->pos + 1])) {
        r->pos++;
        char w[33];
        gsize k = 0;
        while (r->pos < r->len && g_ascii_isalpha (r->s[r->pos]) && k < 32)
          w[k++] = (char) r->s[r->pos++];
        w[k] = 0;
        gboolean neg = r->pos < r->len && r->s[r->pos] == '-';
        if (neg)
          r->pos++;
        gboolean has = FALSE;
        long v = 0;
        while (r->pos < r->len && g_ascii_isdigit (r->s[r->pos]) && v < 100000000)
          v = v * 10 + (r->s[r->pos++] - '0'), has = TRUE;
        if (r->pos < r->len && r->s[r->pos] == ' ')
          r->pos++;
        control_word (r, w, has, neg ? -v : v, starred);
      }
      group_start = FALSE;
      continue;
    }
    if (g_ascii_isalpha (n)) {
      char w[33];
      gsize k = 0;
      while (r->pos < r->len && g_ascii_isalpha (r->s[r->pos]) && k < 32)
        w[k++] = (char) r->s[r->pos++];
      w[k] = 0;
      while (r->pos < r->len && g_ascii_isalpha (r->s[r->pos]))
        r->pos++; /* a word longer than any RTF knows */
      gboolean neg = r->pos < r->len && r->s[r->pos] == '-';
      if (neg)
        r->pos++;
      gboolean has = FALSE;
      long v = 0;
      while (r->pos < r->len && g_ascii_isdigit (r->s[r->pos])) {
        if (v < 1000000000)
          v = v * 10 + (r->s[r->pos] - '0');
        r->pos++;
        has = TRUE;
      }
      if (r->pos < r->len && r->s[r->pos] == ' ')
        r->pos++;
      if (!strcmp (w, "bin")) {
        /* raw bytes: never text; a picture's data, in hex as the rest */
        gsize skip = has && v > 0 ? (gsize) v : 0;
        if (skip > r->len - r->pos) {
          /* ({\bin2147483647 x} before the text hid all of it) */
          g_autofree char *where = ole_where (r->prefix, "the rest of the file");
          g_ptr_array_add (r->doc->unread,
                           g_strdup_printf ("%s: a \\bin claims more bytes than the file "
                                            "holds, so what follows it was not read", where));
        }
        skip = MIN (skip, r->len - r->pos);
        if (top (r)->dest == D_PICT)
          for (gsize b = 0; b < skip; b++)
            g_string_append_printf (r->pict, "%02x", r->s[r->pos + b]);
        r->pos += skip;
      } else if (r->skip_chars && !group_start) {
        r->skip_chars--; /* a control word stands for one skipped character */
      } else {
        control_word (r, w, has, neg ? -v : v, FALSE);
      }
      group_start = FALSE;
      continue;
    }
    r->pos++;
    group_start = FALSE;
    switch (n) {
    case '\'': {
      if (r->pos + 2 > r->len || !g_ascii_isxdigit (r->s[r->pos])
          || !g_ascii_isxdigit (r->s[r->pos + 1]))
        break;
      guint8 b = (guint8) (g_ascii_xdigit_value (r->s[r->pos]) << 4
                           | g_ascii_xdigit_value (r->s[r->pos + 1]));
      r->pos += 2;
      text_byte (r, b);
      break;
    }
    case '\\': case '{': case '}':
      text_byte (r, n);
      break;
    case '~':
      if (r->skip_chars)
        r->skip_chars--;
      else
        put_char (r, ' ');
      break;
    case '_':
      put_char (r, '-');
      break;
    case '\r': case '\n':
      put_char (r, '\n');
      break;
    default:
      break; /* \- optional hyphen, \| \: formula and index symbols */
    }
  }
  if (r->error) {
    g_propagate_error (error, r->error);
    r->error = NULL;
    return FALSE;
  }
  return TRUE;
}

gboolean
pmark_rtf_read (PmarkDocument *doc, const PmarkBudget *budget, const char *data,
                gsize len, const char *prefix, GError **error)
{
  if (len < 5 || memcmp (data, "{\\rtf", 5)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "not RTF (it does not start with {\\rtf)");
    return FALSE;
  }
  Rtf *r = g_new0 (Rtf, 1);
  r->doc = doc;
  r->budget = budget;
  r->prefix = prefix;
  r->s = (const guint8 *) data;
  r->len = len;
  r->doc_codepage = 1252;
  r->stack[0] = (State) { D_BODY, 1, 1252, FALSE };
  r->font_cp = g_hash_table_new (NULL, NULL);
  r->font = -1;
  r->bytes = g_byte_array_new ();
  r->hex = g_string_new (NULL);
  r->pict = g_string_new (NULL);
  for (int d = 0; d < D_N_TEXT; d++)
    r->out[d] = g_string_new (NULL);
  gboolean ok = tokenize (r, error);
  flush_bytes (r);
  for (int d = 0; d < D_N_TEXT; d++) {
    GString *o = r->out[d];
    if (!ok || !dest_where[d]) {
      g_string_free (o, TRUE);
      continue;
    }
    g_autofree char *where = ole_where (prefix, dest_where[d]);
    ok = pmark_document_add_string (doc, budget, where, o,
                                    d == D_BODY || d == D_HEADER || d == D_FOOTER, error);
  }
  g_hash_table_destroy (r->font_cp);
  g_byte_array_free (r->bytes, TRUE);
  g_string_free (r->hex, TRUE);
  g_string_free (r->pict, TRUE);
  g_free (r->propname);
  g_free (r);
  return ok;
}

static gboolean
rtf_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (input, &len);
  return pmark_rtf_read (doc, budget, data, len, NULL, error);
}

const PmarkFormat pmark_format_rtf = {
  .name = "rtf",
  .description = "Rich Text Format (rtf)",
  .sniff = rtf_sniff,
  .extract = rtf_extract,
};
