/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Word 97-2003 (.doc, .dot): all the text, as [MS-DOC] 2.4.1 "Retrieving
 * Text" says — the FIB names the table stream and the CLX, whose piece
 * table maps character positions to runs of 8-bit or UTF-16 text in the
 * WordDocument stream. The CP space holds, in order, the body, footnotes,
 * headers and footers (split by PlcfHdd), macros, comments, endnotes,
 * text boxes and header text boxes; each becomes its own part. */
#include "config.h"

#include <string.h>

#include "core/document-private.h"
#include "core/textdecode.h"
#include "ole.h"

typedef struct {
  guint32 cp, cp_end, fc;
  gboolean compressed;
} Piece;

typedef struct {
  const guint8 *wd;
  gsize wd_len;
  GArray *pieces; /* Piece, in CP order */
  gunichar high[128]; /* 8-bit text 0x80-0xFF: the code page's characters */
  /* field state: codes (between 0x13 and 0x14) are instructions */
  guint8 field_code[64];
  guint field_depth, codes_open;
  gunichar last;
  gboolean short_read; /* a piece ran past the WordDocument stream */
} Word;

static guint
doc_sniff (const PmarkSniffInfo *info)
{
  return ole_sniff (info) == OLE_KIND_WORD ? PMARK_SNIFF_CONTENT : 0;
}

/* One character of text as Word stores it, to what a reader sees. */
static void
emit (Word *w, GString *out, gunichar c)
{
  gunichar last = w->last;
  w->last = c;
  switch (c) {
  case 0x13: /* field begin: its code follows */
    if (w->field_depth < sizeof w->field_code) {
      w->field_code[w->field_depth] = 1;
      w->codes_open++;
    }
    w->field_depth++;
    return;
  case 0x14: /* field separator: the result follows */
    if (w->field_depth && w->field_depth <= sizeof w->field_code
        && w->field_code[w->field_depth - 1]) {
      w->field_code[w->field_depth - 1] = 0;
      w->codes_open--;
    }
    return;
  case 0x15: /* field end */
    if (w->field_depth) {
      w->field_depth--;
      if (w->field_depth < sizeof w->field_code && w->field_code[w->field_depth]) {
        w->field_code[w->field_depth] = 0;
        w->codes_open--;
      }
    }
    return;
  default:
    break;
  }
  if (w->codes_open)
    return;
  switch (c) {
  case 0x0D: case 0x0B: case 0x0C: case 0x0E:
    g_string_append_c (out, '\n');
    return;
  case 0x07: /* end of a cell; two in a row end the row */
    if (last == 0x07) {
      if (out->len && out->str[out->len - 1] == '\t')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
      w->last = 0;
    } else {
      g_string_append_c (out, '\t');
    }
    return;
  case 0x09:
    g_string_append_c (out, '\t');
    return;
  case 0x1E:
    g_string_append_c (out, '-');
    return;
  case 0xA0:
    g_string_append_c (out, ' ');
    return;
  default:
    break;
  }
  if (c < 0x20 || c == 0x1F || c == 0xFFFF)
    return; /* pictures, drawn objects, note references, soft hyphens */
  pmark_string_append_char (out, c);
}

/* The text of CPs [from, to). */
static void
text_range (Word *w, guint32 from, guint32 to, GString *out)
{
  w->field_depth = w->codes_open = 0;
  memset (w->field_code, 0, sizeof w->field_code);
  w->last = 0;
  gunichar high = 0;
  for (guint i = 0; i < w->pieces->len; i++) {
    const Piece *p = &g_array_index (w->pieces, Piece, i);
    guint32 a = MAX (from, p->cp), b = MIN (to, p->cp_end);
    if (a >= b)
      continue;
    guint64 off = (guint64) p->fc + (guint64) (a - p->cp) * (p->compressed ? 1 : 2);
    for (guint32 cp = a; cp < b; cp++) {
      gunichar c;
      /* fast path: a run of printable ASCII outside field codes */
      if (!w->codes_open) {
        char run[256];
        gsize n = 0;
        gsize width = p->compressed ? 1 : 2;
        while (cp < b && n < sizeof run && off + width <= w->wd_len) {
          guint v = p->compressed ? w->wd[off] : ole_u16 (w->wd, w->wd_len, off);
          if (v < 0x20 || v >= 0x7F)
            break;
          run[n++] = (char) v;
          off += width;
          cp++;
        }
        if (n) {
          g_string_append_len (out, run, (gssize) n);
          w->last = (gunichar) (guchar) run[n - 1];
          if (cp == b)
            break;
        }
      }
      if (p->compressed) {
        if (off >= w->wd_len) {
          w->short_read = TRUE;
          break;
        }
        guint8 byte = w->wd[off++];
        c = byte < 0x80 ? byte : w->high[byte - 0x80];
      } else {
        if (off + 2 > w->wd_len) {
          w->short_read = TRUE;
          break;
        }
        c = ole_u16 (w->wd, w->wd_len, off);
        off += 2;
        if (c >= 0xD800 && c < 0xDC00) {
          high = c;
          continue;
        }
        if (c >= 0xDC00 && c < 0xE000) {
          c = high ? 0x10000 + ((high - 0xD800) << 10) + (c - 0xDC00) : 0xFFFD;
          high = 0;
        }
      }
      emit (w, out, c);
    }
  }
}

/* The CLX's piece table (Pcdt): n+1 CPs, then n 8-byte piece descriptors
 * whose second field is an FcCompressed. Property runs (Prc) before it
 * are skipped. */
static gboolean
read_pieces (Word *w, const guint8 *tbl, gsize tbl_len, guint32 fc, guint32 lcb,
             gboolean word6, GError **error)
{
  if ((guint64) fc + lcb > tbl_len || lcb < 5)
    goto bad;
  const guint8 *clx = tbl + fc;
  gsize at = 0;
  while (at < lcb && clx[at] == 0x01) {
    guint16 cb = ole_u16 (clx, lcb, at + 1);
    at += 3 + (gsize) cb;
  }
  if (at >= lcb || clx[at] != 0x02)
    goto bad;
  guint32 plc_len = ole_u32 (clx, lcb, at + 1);
  at += 5;
  if (plc_len > lcb - MIN (at, lcb) || plc_len < 4 || (plc_len - 4) % 12)
    goto bad;
  const guint8 *plc = clx + at;
  guint32 n = (plc_len - 4) / 12;
  for (guint32 i = 0; i < n; i++) {
    Piece p;
    p.cp = ole_u32 (plc, plc_len, 4 * i);
    p.cp_end = ole_u32 (plc, plc_len, 4 * (i + 1));
    guint32 fcc = ole_u32 (plc, plc_len, 4 * (n + 1) + 8 * i + 2);
    /* Word 6/95 text is all 8-bit, at plain byte offsets */
    p.compressed = word6 || (fcc & 0x40000000) != 0;
    p.fc = word6 ? fcc : fcc & 0x3FFFFFFF;
    if (p.compressed && !word6)
      p.fc /= 2;
    if (p.cp_end <= p.cp)
      continue;
    g_array_append_val (w->pieces, p);
  }
  return TRUE;
bad:
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
               "Word document: the piece table (CLX) is damaged");
  return FALSE;
}

/* Headers and footers: PlcfHdd divides the header document into stories;
 * after six separator stories, each section has six: even header, odd
 * header, even footer, odd footer, first-page header, first-page footer. */
static gboolean
add_headers (Word *w, PmarkDocument *doc, const PmarkBudget *budget,
             guint32 start, guint32 ccp, const guint8 *plc, gsize plc_len,
             GError **error)
{
  GString *head = g_string_new (NULL), *foot = g_string_new (NULL);
  guint32 n = plc_len >= 8 ? (guint32) (plc_len / 4) - 1 : 0;
  if (!n) {
    text_range (w, start, start + ccp, head);
  } else {
    for (guint32 i = 6; i < n; i++) {
      guint32 a = ole_u32 (plc, plc_len, 4 * i), b = ole_u32 (plc, plc_len, 4 * (i + 1));
      if (a >= b || b > ccp)
        continue;
      guint k = (i - 6) % 6;
      text_range (w, start + a, start + b, k == 2 || k == 3 || k == 5 ? foot : head);
    }
  }
  return pmark_document_add_string (doc, budget, "header", head, TRUE, error)
         && pmark_document_add_string (doc, budget, "footer", foot, TRUE, error);
}

/* 8-bit text in `codepage`: Windows-1252 for Word 97 ([MS-DOC] 2.4.1),
 * the language's ANSI code page for Word 6/95. */
static void
set_codepage (Word *w, guint codepage)
{
  guint8 high[128];
  for (guint b = 0; b < 128; b++) {
    high[b] = (guint8) (0x80 + b);
    w->high[b] = pmark_cp1252_char (high[b]);
  }
  if (codepage == 1252)
    return;
  /* byte by byte: a byte the code page leaves undefined (0x98 in 1251)
   * fails a conversion of the whole run, and stays Windows-1252's */
  for (guint b = 0; b < 128; b++) {
    GString *s = g_string_new (NULL);
    pmark_codepage_append (s, &high[b], 1, codepage);
    gunichar c = g_utf8_get_char_validated (s->str, (gssize) s->len);
    if (c != (gunichar) -1 && c != (gunichar) -2 && c != '?')
      w->high[b] = c;
    g_string_free (s, TRUE);
  }
}

/* Word 6.0 and Word 95: the FIB keeps fcMin and the CP counts at fixed
 * places; the text is one 8-bit run from fcMin, or pieces (fComplex)
 * in a CLX kept in the WordDocument stream itself. */
static gboolean
word6_layout (Word *w, guint32 ccp[8], guint summary_cp, GError **error)
{
  for (int i = 0; i < 8; i++)
    ccp[i] = ole_u32 (w->wd, w->wd_len, 0x34 + 4 * (gsize) i);
  guint16 flags = ole_u16 (w->wd, w->wd_len, 0x0A);
  guint16 lid = ole_u16 (w->wd, w->wd_len, 0x06);
  /* the code page the file was saved in, else the one of its language */
  int cp = summary_cp && summary_cp != 1200 ? (int) summary_cp
                                            : gsf_msole_lid_to_codepage (lid);
  set_codepage (w, cp > 0 && cp != 932 && cp != 936 && cp != 949 && cp != 950
                     ? (guint) cp : 1252);
  if (flags & 0x0004)
    return read_pieces (w, w->wd, w->wd_len, ole_u32 (w->wd, w->wd_len, 0x160),
                        ole_u32 (w->wd, w->wd_len, 0x164), TRUE, error);
  guint64 total = 0;
  for (int i = 0; i < 8; i++)
    total += ccp[i];
  Piece p = { 0, (guint32) MIN (total + 1, G_MAXUINT32),
              ole_u32 (w->wd, w->wd_len, 0x18), TRUE };
  g_array_append_val (w->pieces, p);
  return TRUE;
}

static gboolean
doc_extract (PmarkDocument *doc, GBytes *input, const PmarkBudget *budget,
             GError **error)
{
  gsize in_len;
  const guint8 *raw = g_bytes_get_data (input, &in_len);
  /* Word for Windows 1.x and 2.0 wrote no compound file */
  if (in_len >= 2 && (raw[1] == 0xA5 && (raw[0] == 0x9B || raw[0] == 0xDB))) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 "Word for Windows %s document: pmark reads Word 6.0 and later; "
                 "use pmark mark --convert", raw[0] == 0x9B ? "1.x" : "2.0");
    return FALSE;
  }
  g_autoptr (GsfInfile) root = ole_open (input, error);
  if (!root)
    return FALSE;
  static const char *const main_stream[] = { "WordDocument", NULL };
  g_autoptr (GBytes) wdb = ole_main_stream (root, main_stream, "Word document", budget,
                                            error);
  if (!wdb)
    return FALSE;
  Word w = { 0 };
  w.wd = g_bytes_get_data (wdb, &w.wd_len);
  if (w.wd_len < 0x200) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                 "Word document: the file information block is truncated");
    return FALSE;
  }
  guint16 ident = ole_u16 (w.wd, w.wd_len, 0), nfib = ole_u16 (w.wd, w.wd_len, 2);
  if (nfib < 101 || (nfib >= 0xC0 && ident != 0xA5EC)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_UNSUPPORTED_FORMAT,
                 nfib < 101 ? "Word 2.0 or older document (nFib %u): pmark reads "
                              "Word 6.0 and later; use pmark mark --convert"
                            : "not a Word document (nFib %u, no Word 97 file header)",
                 nfib);
    return FALSE;
  }
  gboolean word6 = nfib < 0xC0;
  guint16 flags = ole_u16 (w.wd, w.wd_len, 0x0A);
  if (flags & 0x0100) {
    pmark_document_set_encrypted (doc, flags & 0x8000
                                             ? "password-protected Word document "
                                               "(XOR obfuscation)"
                                             : "password-protected Word document "
                                               "(RC4 encryption)");
    return TRUE;
  }
  w.pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  guint32 ccp[8];
  g_autoptr (GBytes) tblb = NULL;
  const guint8 *tbl = w.wd;
  gsize tbl_len = w.wd_len, fclcb = 0;
  gboolean ok;
  if (word6) {
    ok = word6_layout (&w, ccp, ole_codepage (root), error);
  } else {
    set_codepage (&w, 1252);
    gsize csw = ole_u16 (w.wd, w.wd_len, 32);
    gsize lw = 34 + csw * 2 + 2;
    gsize cslw = ole_u16 (w.wd, w.wd_len, lw - 2);
    fclcb = lw + cslw * 4 + 2;
    gsize nfclcb = ole_u16 (w.wd, w.wd_len, fclcb - 2);
    if (cslw < 11 || nfclcb < 34 || fclcb + nfclcb * 8 > w.wd_len) {
      g_array_free (w.pieces, TRUE);
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_MALFORMED,
                   "Word document: the file information block is damaged");
      return FALSE;
    }
    for (int i = 0; i < 8; i++)
      ccp[i] = ole_u32 (w.wd, w.wd_len, lw + 4 * (3 + (gsize) i));
    const char *table[] = { flags & 0x0200 ? "1Table" : "0Table", NULL };
    tblb = ole_main_stream (root, table, "Word document", budget, error);
    if (!tblb) {
      g_array_free (w.pieces, TRUE);
      return FALSE;
    }
    tbl = g_bytes_get_data (tblb, &tbl_len);
    ok = read_pieces (&w, tbl, tbl_len, ole_u32 (w.wd, w.wd_len, fclcb + 33 * 8),
                      ole_u32 (w.wd, w.wd_len, fclcb + 33 * 8 + 4), FALSE, error);
  }
  /* the parts, in CP order; index 3 is the (unused) macro document */
  static const char *const where[8] = { "body", "footnotes", NULL, NULL,
                                        "comments", "endnotes", "text boxes",
                                        "header text boxes" };
  guint32 start = 0;
  for (int i = 0; ok && i < 8; i++) {
    guint32 n = ccp[i];
    if (n > G_MAXUINT32 - start)
      break;
    if (i == 2) {
      guint32 fc = word6 ? 0 : ole_u32 (w.wd, w.wd_len, fclcb + 11 * 8);
      guint32 lcb = word6 ? 0 : ole_u32 (w.wd, w.wd_len, fclcb + 11 * 8 + 4);
      gboolean have = lcb && (guint64) fc + lcb <= tbl_len;
      ok = !n || add_headers (&w, doc, budget, start, n, have ? tbl + fc : NULL,
                              have ? lcb : 0, error);
    } else if (where[i] && n) {
      GString *s = g_string_new (NULL);
      text_range (&w, start, start + n, s);
      ok = pmark_document_add_string (doc, budget, where[i], s, i == 0, error);
    }
    ok = ok && pmark_document_check_budget (doc, error);
    start += n;
  }
  g_array_free (w.pieces, TRUE);
  if (w.short_read)
    g_ptr_array_add (doc->unread, g_strdup ("text past the end of the WordDocument "
                                            "stream (the file is truncated or damaged)"));
  return ok && ole_read_properties (doc, root, budget, error)
         && ole_add_objects (doc, root, budget, error);
}

const PmarkFormat pmark_format_doc = {
  .name = "doc",
  .description = "Word 6.0-2003 document (doc, dot)",
  .sniff = doc_sniff,
  .extract = doc_extract,
};
