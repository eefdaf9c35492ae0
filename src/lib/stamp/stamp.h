/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Stamping: what each format's stamp function is given, and the zip and
 * XML writing they share. A stamp function reads `input` and writes the
 * whole stamped file to `out`, in memory: stamping runs in a worker
 * process (sandbox.c), which may not open a file for writing; mark.c
 * writes the bytes to its temporary and commits them. */
#pragma once

#include <libxml/tree.h>
#include <pmark/sign.h>

#include "formats/format.h"
#include "formats/signature.h"
#include "formats/zipxml.h"
#include "policy/settings.h"

G_BEGIN_DECLS

/* pmark's own names, by which its earlier marking is found and replaced */
#define PMARK_STAMP_ID "_pmark_marking"
#define PMARK_STAMP_TOP "pmark-marking-top"
#define PMARK_STAMP_BOTTOM "pmark-marking-bottom"

typedef struct _PmarkStampJob PmarkStampJob;
struct _PmarkStampJob {
  GBytes *input;
  PmarkDocument *doc;        /* the input as read (type, name) */
  const PmarkBudget *budget;
  GByteArray *out;           /* the stamped file, empty when called */
  const char *const *lines;  /* visible lines, capitals: marking[, handling] */
  const char *marking;       /* the marking as one line, for metadata */
  const char *colour;        /* the level's colour, #rrggbb */
  const char *label_id;      /* Microsoft label GUID for the level, or NULL */
  const char *label_name;
  const char *set_date;      /* ISO 8601, for label metadata */
  gboolean force;            /* stamp signed documents anyway */
  const PolicyStamp *style;  /* the policy's [stamp]: size, weight, margin */
  gboolean shrink;           /* PDF: clear the bands (style->shrink, unless
                              * --no-shrink) */
  const char *signature;     /* a signed marking's token for the metadata,
                              * or NULL (an earlier one is removed) */
  const char *password;      /* an encrypted PDF's, or NULL */
};

/* ---- writers.c: the one table of writers ------------------------------ */
/* Writes the stamped document to job->out_fd. */
typedef gboolean (*PmarkStampFunc) (const PmarkStampJob *job, GError **error);
typedef struct {
  const char *format; /* the reader's name (PmarkFileType.format) */
  PmarkStampFunc stamp;
} PmarkWriter;
/* The stamp function for files of that format, or NULL when pmark cannot
 * stamp them (pmark mark then refuses, or converts with --convert). */
PmarkStampFunc pmark_writer_for (const char *format);

/* The stamp functions, one per stampable format. */
gboolean pmark_stamp_text (const PmarkStampJob *job, GError **error);
gboolean pmark_stamp_pdf (const PmarkStampJob *job, GError **error);
gboolean pmark_stamp_docx (const PmarkStampJob *job, GError **error);
gboolean pmark_stamp_xlsx (const PmarkStampJob *job, GError **error);
gboolean pmark_stamp_pptx (const PmarkStampJob *job, GError **error);
gboolean pmark_stamp_odf (const PmarkStampJob *job, GError **error);

/* ---- sandbox.c: stamping in a worker -------------------------------- */
/* The stamped file, by the job's writer: in a worker process when the
 * sandbox is enabled (a writer that crashes, hangs or runs out of memory
 * costs this file: reader-crashed or reader-timeout naming "the FORMAT
 * writer"), else here. `read` gives the worker's budget and password;
 * job->out is not used. */
GBytes *stamp_document (const PmarkStampJob *job, const PmarkReadOptions *read,
                        GError **error);

/* ---- signature.c ------------------------------------------------------- */
/* pmark_signature_check() reading with `read`: its password, and its
 * budget, which bounds the worker that reads (the caller's policy's). */
PmarkSignatureCheck *stamp_signature_check (PmarkDocument *doc, GBytes *bytes,
                                            GHashTable *trusted,
                                            const PmarkReadOptions *read, GError **error);

/* ---- the module "pdf-writer" (pdf.c; core/module.h) ------------------ */
typedef struct {
  PmarkStampFunc stamp;
} PmarkPdfWriter;
extern const PmarkPdfWriter pmark_pdf_writer;

/* ---- convert.c: legacy formats to the OOXML pmark stamps ------------- */
/* The extension a read-only format converts to ("doc" -> "docx"), or NULL. */
const char *pmark_convert_target (const char *format);
/* The converted file, by LibreOffice headless; a typed error when
 * LibreOffice is absent, fails or runs out of time. */
GBytes *pmark_convert_office (GBytes *input, const char *format,
                              const PmarkBudget *budget, GError **error);
/* A PDF of the document, a file named *.`extension` ("docx", "odt"), by
 * LibreOffice headless; the same errors. */
GBytes *pmark_convert_to_pdf (GBytes *input, const char *extension,
                              const PmarkBudget *budget, GError **error);

/* PMARK_ERROR_SIGNED unless the job says --force. */
gboolean stamp_refuse_signed (const PmarkStampJob *job, const char *what,
                              GError **error);

/* Writes `data` to the job's output. */
gboolean stamp_write_bytes (const PmarkStampJob *job, const void *data,
                            gsize len, GError **error);

/* ---- zip: entries replaced or added, the rest copied as they are ----- */
typedef struct _ZipEdit ZipEdit;

ZipEdit *zip_edit_new (const PmarkStampJob *job, GError **error);
void zip_edit_free (ZipEdit *ze);
gboolean zip_edit_has (ZipEdit *ze, const char *name);
/* The entry's bytes, within the read budgets. */
GBytes *zip_edit_read (ZipEdit *ze, const char *name, GError **error);
/* Replaces (or adds) an entry; takes `data`. */
void zip_edit_put (ZipEdit *ze, const char *name, GBytes *data);
/* The same with the bytes in pieces (GBytes, in order); takes `pieces`. */
void zip_edit_put_pieces (ZipEdit *ze, const char *name, GPtrArray *pieces);
/* Writes the output: original entries in their order (untouched ones
 * copied compressed, as they were), then the new ones. */
gboolean zip_edit_write (ZipEdit *ze, GError **error);
/* Names of entries (in order) starting with `prefix`. */
GPtrArray *zip_edit_list (ZipEdit *ze, const char *prefix);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZipEdit, zip_edit_free)

/* ---- XML documents: parsed by xml_parse_dom (formats/zipxml.h) -------- */
GBytes *stamp_xml_serialize (xmlDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* ---- xmlsplice.c: a few elements of a big part edited as trees, every
 * other byte copied as it was (no tree of the whole part) ------------- */
typedef enum {
  XML_SPLICE_NONE,
  XML_SPLICE_TAKE,    /* parse this element for editing (not its inside) */
  XML_SPLICE_BEFORE,  /* xml_splice_insert puts new elements before it */
  XML_SPLICE_END_OF,  /* ... or at its end (the first place offered wins) */
} XmlSpliceKind;
/* Asked for each element outside those taken: its namespace URI (NULL
 * for none), local name and depth (the root is 0). */
typedef XmlSpliceKind (*XmlSpliceFilter) (const char *ns, const char *local, guint depth,
                                          gpointer data);
typedef struct _XmlSplice XmlSplice;

/* PMARK_ERROR_MALFORMED for markup that is not well-formed. */
XmlSplice *xml_splice_new (GBytes *xml, const char *name, XmlSpliceFilter filter,
                           gpointer data, GError **error);
guint xml_splice_n_taken (XmlSplice *s);
/* The i-th element taken (in document order), to edit in place. */
xmlNode *xml_splice_taken (XmlSplice *s, guint i);
/* Adds `element` (XML declaring any namespace it uses beyond those in
 * scope) at the insertion place; returns it, taken. */
xmlNode *xml_splice_insert (XmlSplice *s, const char *element, GError **error);
/* The part with the taken elements as edited, in pieces (GBytes): the
 * unchanged runs are slices of the part's bytes, not copies. */
GPtrArray *xml_splice_finish (XmlSplice *s);
void xml_splice_free (XmlSplice *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (XmlSplice, xml_splice_free)

/* Element children by local name; the first, or NULL. */
xmlNode *xml_child (xmlNode *parent, const char *local);
gboolean xml_is (const xmlNode *n, const char *local);
/* A new element in the namespace of `like` (same prefix), not attached. */
xmlNode *xml_new_like (xmlNode *like, const char *ns_href, const char *local);
xmlNs *xml_ns (xmlNode *node, const char *href);
/* Inserts a list of sibling nodes (as xmlParseInNodeContext returns them)
 * before `ref`, in order; xmlAddPrevSibling takes one node only. */
void xml_insert_list_before (xmlNode *ref, xmlNode *list);
/* Removes and frees every element under `root` for which `match` is true. */
void xml_remove_all (xmlNode *root, gboolean (*match) (xmlNode *n));

G_END_DECLS
