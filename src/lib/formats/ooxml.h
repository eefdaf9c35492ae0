/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What Word, Excel and PowerPoint packages share: finding the main part,
 * and the package metadata (docProps/core.xml, docProps/custom.xml with
 * Microsoft Purview's MSIP_Label_* properties, docMetadata/LabelInfo.xml). */
#pragma once

#include "zipxml.h"

G_BEGIN_DECLS

/* TRUE when the confirmed type is one of `kind`'s OOXML types ("word",
 * "spreadsheet" or "presentation"), macro-enabled and templates included. */
gboolean ooxml_sniff (const PmarkSniffInfo *info, const char *kind);
/* The main part named by the package's root relationships. */
char *ooxml_main_part (ZipDoc *zd, GError **error);
/* Document properties as a text part ("document properties"). */
gboolean ooxml_read_properties (ZipDoc *zd, GError **error);
/* Label ids and marking properties as marking candidates. */
gboolean ooxml_read_labels (ZipDoc *zd, GError **error);
/* Reads a part's text by `rules` and adds it as a text part. */
gboolean ooxml_add_part (ZipDoc *zd, const char *part, const char *where,
                         const XmlTextRules *rules, gboolean edges_only,
                         GError **error);

/* Custom-property names that carry a protective marking as their value
 * (pmark writes the first). Shared with ODF. */
extern const char *const pmark_marking_property_names[];
gboolean pmark_is_marking_property (const char *name);

G_END_DECLS
