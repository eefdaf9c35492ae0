/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the Word, Excel and PowerPoint stamp functions (ooxml.c). */
#pragma once

#include "stamp.h"

G_BEGIN_DECLS

gboolean ooxml_check_signed (ZipEdit *ze, const PmarkStampJob *job, GError **error);
xmlDoc *ooxml_read_xml (ZipEdit *ze, const char *part, GError **error);
void ooxml_put_xml (ZipEdit *ze, const char *part, xmlDoc *doc);
/* Part names and relationship targets: opc_rels_path, opc_resolve
 * (formats/zipxml.h), the same as the readers'. */
/* The part's relationships (an empty set when it has none). */
xmlDoc *ooxml_rels_load (ZipEdit *ze, const char *rels_part, GError **error);
const char *ooxml_rels_find (xmlDoc *rels, const char *id, const char *type_suffix);
/* Adds a relationship; returns its new id. */
char *ooxml_rels_add (xmlDoc *rels, const char *type, const char *target);
gboolean ooxml_content_type (ZipEdit *ze, const char *part, const char *ctype,
                             GError **error);
gboolean ooxml_main_part_of (ZipEdit *ze, char **main, GError **error);
/* Parses `xml` (which declares its own namespaces) in the context of a
 * node; the nodes are not attached. Never NULL: a fragment that does not
 * parse (a bug) gives an empty text node, and the stamped file then fails
 * its read-back check. */
xmlNode *xml_fragment (xmlNode *context, const char *xml);
char *xml_escape (const char *s);
/* docProps/custom.xml with pmark's property (and the MSIP label ones when
 * the job has a label, with docMetadata/LabelInfo.xml); earlier ones
 * replaced. */
gboolean ooxml_stamp_properties (ZipEdit *ze, const PmarkStampJob *job,
                                 GError **error);

/* What every OOXML stamp function starts from: the package (refused when
 * signed), its main part, that part's relationships and (with `tree`)
 * its XML. */
typedef struct {
  ZipEdit *ze;
  char *main, *rels_part;
  xmlDoc *rels, *doc;
} OoxmlPackage;

gboolean ooxml_package_open (OoxmlPackage *pkg, const PmarkStampJob *job,
                             gboolean tree, GError **error);
/* The metadata marking, then the whole output. */
gboolean ooxml_package_write (OoxmlPackage *pkg, const PmarkStampJob *job,
                              GError **error);
void ooxml_package_clear (OoxmlPackage *pkg);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OoxmlPackage, ooxml_package_clear)

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

G_END_DECLS
