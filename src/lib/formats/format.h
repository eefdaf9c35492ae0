/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A format is one const record in the registry (registry.c): how to
 * recognise it among detected types, how to read its text, how to read the
 * marking it already carries and (when set) how to stamp it. */
#pragma once

#include <pmark/pmark.h>

#include "core/document-private.h"

G_BEGIN_DECLS

typedef struct {
  const char *mime;        /* confirmed MIME type */
  const guint8 *data;
  gsize len;
  /* What sniffers work out once for all (the streams of an OLE2 file:
   * ole.c), for the one detection this info is made for; -1 until then. */
  int *ole_kind;
} PmarkSniffInfo;

/* Sniff confidences, lowest to highest. */
#define PMARK_SNIFF_FAMILY 10  /* a family the format reads as a fallback
                                * (any text/... as plain text; any zip) */
#define PMARK_SNIFF_TYPE 50    /* the exact type detection named */
#define PMARK_SNIFF_CONTENT 90 /* seen in the content itself (OLE2 streams,
                                * a signature at the start) */

typedef struct _PmarkFormat PmarkFormat;

struct _PmarkFormat {
  const char *name;
  const char *description;
  /* How sure this format is that it reads files of the detected type:
   * 0 (it does not), or one of PMARK_SNIFF_*. The most confident format
   * reads the file, whatever the table's order (as libarchive's bidders
   * do); on a tie, the first in the table. */
  guint (*sniff) (const PmarkSniffInfo *info);
  /* Appends the document's text parts; may keep references to `input`. */
  gboolean (*extract) (PmarkDocument *doc, GBytes *input,
                       const PmarkBudget *budget, GError **error);
  /* Appends marking candidates (words at the top and bottom of pages,
   * metadata properties, label ids). Runs after extract; NULL when
   * extract finds the candidates in the same pass. */
  gboolean (*read_marking) (PmarkDocument *doc, GBytes *input,
                            const PmarkBudget *budget, GError **error);
  /* Loads what reading needs (a module: core/module.h) ahead of the first
   * file, in a worker that would otherwise wait; NULL when nothing is
   * worth loading ahead. Failures are left for extract to report. */
  void (*preload) (void);
  /* The MIME type of what it knows by content that libmagic calls
   * application/octet-stream (a bare Excel 4.0 worksheet), or NULL. */
  const char *content_mime;
};

/* Reads `input` into `doc`, whose type is detected (pmark_detect_bytes):
 * the second half of pmark_document_load_bytes() (extract.c), for callers
 * that want the detected type even when extraction fails. In a worker
 * process when the sandbox is on. */
gboolean pmark_document_extract (PmarkDocument *doc, GBytes *input,
                                 const PmarkReadOptions *options, GError **error);

/* NULL-terminated; on a tie between sniffers, the first wins. */
const PmarkFormat *const *pmark_formats (void);

/* pdf.c, the module "pdf-reader" (core/module.h): the reader that
 * pdf-loader.c's entry in the table loads and hands each PDF to. */
extern const PmarkFormat pmark_pdf_reader;
/* The module "pdf-reader" also draws (pdf-render.c). */
typedef struct {
  /* The first page as a PNG at most `max_width` pixels wide. */
  GBytes *(*first_page) (GBytes *pdf, const char *name, const char *password,
                         guint max_width, GError **error);
} PmarkPdfRender;
extern const PmarkPdfRender pmark_pdf_render;
/* A PDF's first page as a PNG at most `max_width` pixels wide, drawn in a
 * worker when the sandbox is on (pdf-loader.c); `read` gives the password
 * and the budget that bounds the worker. */
GBytes *pmark_pdf_first_page_png (GBytes *pdf, const char *name, const PmarkReadOptions *read,
                                  guint max_width, GError **error);
/* The same in this process: what a worker does with the request. */
GBytes *pdf_first_page_png_here (GBytes *pdf, const char *name, const char *password,
                                 guint max_width, GError **error);
const PmarkFormat *pmark_format_for (const PmarkSniffInfo *info);
/* The format of that name (PmarkFileType.format), or NULL. */
const PmarkFormat *pmark_format_named (const char *name);
/* The format with a preload hook that a file's name suggests, by its
 * extension alone: a guess for loading ahead, never a decision; NULL when
 * none. */
const PmarkFormat *pmark_format_guess_preload (const char *path);


/* When `text` is a table (a header row of names, then rows with as many
 * fields, split by `delim_hint` or, when 0, by the first of , TAB ; | that
 * fits), adds one part per named column, "PREFIX, column C (NAME)", each
 * line "NAME: value" for the same line of `text`, so that a column
 * header is the context of every cell under it. Adds nothing otherwise. */
gboolean pmark_document_add_columns (PmarkDocument *doc,
                                     const PmarkBudget *budget,
                                     const char *prefix, const char *text,
                                     gsize len, char delim_hint,
                                     GError **error);

/* Tables of a document (Word, PowerPoint, OpenDocument, HTML), built as
 * the reader walks them: begin, then a row, a cell, its text (and breaks
 * between its paragraphs), ...; end returns the outermost table as TSV
 * (rows by lines, cells by tabs, padded to the widest row), taken, or
 * NULL for a table inside a cell (whose text is that cell's). */
typedef struct _PmarkTableBuilder PmarkTableBuilder;
PmarkTableBuilder *pmark_table_builder_new (void);
void pmark_table_builder_free (PmarkTableBuilder *tb);
gboolean pmark_table_active (const PmarkTableBuilder *tb);
void pmark_table_begin (PmarkTableBuilder *tb);
void pmark_table_row (PmarkTableBuilder *tb);
void pmark_table_cell (PmarkTableBuilder *tb);
void pmark_table_text (PmarkTableBuilder *tb, const char *s, gsize n);
void pmark_table_break (PmarkTableBuilder *tb);
GString *pmark_table_end (PmarkTableBuilder *tb);
/* Frees a TSV pmark_table_end returned: for the arrays that hold them. */
void pmark_table_tsv_free (gpointer tsv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmarkTableBuilder, pmark_table_builder_free)
/* The tables (GString* TSV) as column parts, "WHERE, table N, column C
 * (NAME)": a column header is the context of every cell under it. */
gboolean pmark_document_add_tables (PmarkDocument *doc, const PmarkBudget *budget,
                                    const char *where, GPtrArray *tables,
                                    GError **error);

/* A spreadsheet header or footer (Excel's &-codes) as the text it
 * prints, sections on lines of their own. */
char *pmark_sheet_header_text (const char *s);

/* Adds `text` (taken) as a part, with its edge lines as marking
 * candidates when `edges`; a part of nothing but white space adds nothing.
 * For readers that build parts in a GString. */
gboolean pmark_document_add_string (PmarkDocument *doc, const PmarkBudget *budget,
                                    const char *where, GString *text,
                                    gboolean edges, GError **error);

/* Spreadsheet number formats: TRUE when built-in format `id`, or the
 * custom format `code` (may be NULL), shows a date. */
gboolean pmark_sheet_format_is_date (guint id, const char *code);
/* A date serial as a UK sheet shows it, dd/mm/yyyy, in the 1900 (with
 * Excel's 29/02/1900) or 1904 date system; NULL out of range. */
char *pmark_sheet_date_text (double serial, gboolean date1904);
/* Pads every line of a sheet's text (cells by tabs, rows by lines) with
 * empty cells to as many as its widest row (at most 1024), so that a
 * table's rows have as many fields as its header. */
void pmark_sheet_pad_rows (GString *text);

/* Reads RTF (a file, or a message's RTF body) into `doc`: parts "body",
 * "header", "footer", "footnotes", "comments", "document properties",
 * each `where` prefixed with "PREFIX, " when `prefix` is set; embedded
 * objects as nested documents. */
gboolean pmark_rtf_read (PmarkDocument *doc, const PmarkBudget *budget,
                         const char *data, gsize len, const char *prefix,
                         GError **error);

/* The visible text of an HTML document (UTF-8 in, UTF-8 out); with
 * `tables`, each outermost table as TSV too (GString*, added). */
char *pmark_html_text (const char *html, gsize len, gsize *out_len, GPtrArray *tables);

G_END_DECLS
