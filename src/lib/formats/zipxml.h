/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The zip and XML layer every zip-based format reads through. All the
 * parser budgets live here: bytes inflated per entry and per file, the
 * compression ratio, XML nesting depth and wall time. Exceeding one is a
 * PMARK_ERROR_BUDGET naming the budget. */
#pragma once

#include <libxml/xmlreader.h>

#include "format.h"

G_BEGIN_DECLS

typedef struct _ZipDoc ZipDoc;
typedef struct _PartStream PartStream;

ZipDoc *zipdoc_open (GBytes *input, PmarkDocument *doc,
                     const PmarkBudget *budget, GError **error);
void zipdoc_free (ZipDoc *zd);
gboolean zipdoc_has (ZipDoc *zd, const char *name);
/* The whole entry, within the budgets; NULL with an error otherwise
 * (absent entries are PMARK_ERROR_MALFORMED). */
GBytes *zipdoc_read (ZipDoc *zd, const char *name, GError **error);
/* Entry names starting with `prefix` and ending with `suffix`, in natural
 * order (slide2 before slide10). */
GPtrArray *zipdoc_list (ZipDoc *zd, const char *prefix, const char *suffix);
PmarkDocument *zipdoc_document (ZipDoc *zd);
/* Every picture in the package (media, Pictures/; not the thumbnail)
 * handed to OCR (ocr.h, pmark_ocr_read_picture) as "picture NAME":
 * its text a part, or unread with why. */
gboolean zipdoc_read_pictures (ZipDoc *zd, GError **error);
/* Every member no reader opened, but those that carry no text of their
 * own (styles, themes, fonts, relationships, pictures): an XML part's
 * words as "part NAME" (charts, SmartArt, bound data, pivot caches,
 * embedded objects' content), anything else a nested document (an
 * embedded workbook, an OLE object, an altChunk) or unread. Called by a
 * reader after it has read what it knows. */
gboolean zipdoc_read_rest (ZipDoc *zd, GError **error);
const PmarkBudget *zipdoc_budget (ZipDoc *zd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZipDoc, zipdoc_free)

/* An XML reader over bytes that never loads a DTD, never expands an
 * entity, never touches the network, and refuses nesting past the
 * budget and work past the document's deadline. */
typedef struct _XmlReader XmlReader;

/* libxml2's one-time set-up, thread-safe; xml_reader_new calls it. */
void zipxml_init (void);

XmlReader *xml_reader_new (GBytes *xml, const char *name,
                           const PmarkDocument *doc,
                           const PmarkBudget *budget);
/* A part of the package, inflated as the parser reads it: a big part is
 * never held whole. Its budgets (size, ratio, time) are checked as it
 * comes; xml_next reports a failure as the part's, not as bad XML. */
XmlReader *xml_reader_open_part (ZipDoc *zd, const char *name, GError **error);
void xml_reader_free (XmlReader *x);
/* Advances: 1 a node, 0 the end, -1 an error (set, naming the part). */
int xml_next (XmlReader *x, GError **error);
int xml_type (XmlReader *x);
int xml_depth (XmlReader *x);
gboolean xml_empty (XmlReader *x);
/* Local name of the current node. */
const char *xml_local (XmlReader *x);
gboolean xml_is_start (XmlReader *x, const char *local);
gboolean xml_is_end (XmlReader *x, const char *local);
/* An attribute by local name (any namespace), or NULL. */
char *xml_attr (XmlReader *x, const char *local);
const char *xml_value (XmlReader *x);
/* The r:id attribute (local name "id" in a namespace), which names a
 * relationship; a plain "id" beside it is something else. */
char *xml_rel_id (XmlReader *x);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XmlReader, xml_reader_free)

/* The relationships of an OPC part, with targets resolved to part names;
 * external targets left out. */
typedef struct {
  char *id;
  char *type;   /* the relationship type URI */
  char *target; /* the part name, without a leading '/' */
} OpcRel;

GPtrArray *opc_rels (ZipDoc *zd, const char *part, GError **error);
/* The part holding `part`'s relationships ("word/_rels/document.xml.rels";
 * "_rels/.rels" for the package, part ""). */
char *opc_rels_path (const char *part);
/* A relationship target resolved against the directory of its source
 * part: "../media/x.xml" from word/document.xml is "media/x.xml". */
char *opc_resolve (const char *part, const char *target);

/* The one XML parsing policy, for readers and writers alike: no entity
 * substitution (entities stay unexpanded), no DTD loading, no network, so
 * that a billion laughs or an external entity reads nothing; libxml2's
 * own limits on depth and node size (no XML_PARSE_HUGE), so that a writer
 * parses no part a reader would refuse. Parts are read within the zip
 * budgets first. */
#define PMARK_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING \
                           | XML_PARSE_COMPACT)
/* A whole XML document as a tree, by that policy: for writers, which edit
 * it; PMARK_ERROR_MALFORMED naming `name` when it is not well formed. */
xmlDoc *xml_parse_dom (GBytes *data, const char *name, GError **error);
/* The target of relationship `id`, or of the first whose type ends with
 * `type_suffix`; NULL when there is none. */
const char *opc_rel_target (GPtrArray *rels, const char *id);
const char *opc_rel_of_type (GPtrArray *rels, const char *type_suffix);

/* Text of a part by simple rules: the text of elements named in `text`,
 * a tab for `tabs`, a line break for `breaks`, a line end after each of
 * `blocks`; subtrees under `skip` are left out. */
typedef struct {
  const char *const *text;   /* NULL: text of every element */
  const char *const *tabs;
  const char *const *breaks;
  const char *const *blocks;
  const char *const *skip;
  const char *const *spaces; /* one space, or as many as attribute c= says */
  /* tables, by the local names of a table, a row and a cell ("tbl",
   * "tr", "tc"): each also kept as TSV for its columns */
  const char *table, *row, *cell;
} XmlTextRules;

/* The text of what `x` reads, by the rules, appended to `out`; with
 * `tables`, each outermost table as TSV too (GString*, added). */
gboolean xml_text (XmlReader *x, const XmlTextRules *rules, GString *out,
                   GPtrArray *tables, GError **error);

G_END_DECLS
