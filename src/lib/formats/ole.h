/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OLE2 compound files (Microsoft's [MS-CFB]) through libgsf: the one
 * reader of the container behind .doc, .xls, .ppt, .msg and password-
 * protected OOXML. The readers of those formats (doc.c, xls.c, ppt.c,
 * msg.c) get their streams from here, and so do embedded objects
 * and the legacy document properties. */
#pragma once

#include <gsf/gsf.h>

#include "format.h"

G_BEGIN_DECLS

typedef enum {
  OLE_KIND_NONE,      /* not a compound file, or none of the kinds below */
  OLE_KIND_ENCRYPTED, /* an OOXML package encrypted with a password */
  OLE_KIND_WORD,      /* WordDocument stream */
  OLE_KIND_EXCEL,     /* Workbook (BIFF8) or Book (BIFF5) stream */
  OLE_KIND_POWERPOINT,/* "PowerPoint Document" stream */
  OLE_KIND_OUTLOOK,   /* MAPI property streams (__substg1.0_*) */
  OLE_KIND_OBJECT,    /* an embedded object's storage on its own: a
                       * Package, Ole10Native or CONTENTS stream, or a
                       * picture, macros or nothing pmark reads */
} OleKind;

/* The kind of the file sniffed: the confirmed MIME type when it names one,
 * else the streams of the compound file. */
OleKind ole_sniff (const PmarkSniffInfo *info);

/* Opens `input` (kept referenced) as a compound file; a typed
 * PMARK_ERROR_MALFORMED when it is not one. */
GsfInfile *ole_open (GBytes *input, GError **error);
OleKind ole_kind (GsfInfile *dir);

/* The whole stream `name` of `dir`: NULL without an error when there is
 * none; PMARK_ERROR_BUDGET past max-input-bytes; MALFORMED when short. */
GBytes *ole_read (GsfInfile *dir, const char *name, const PmarkBudget *budget,
                  GError **error);
/* A format's main stream, the first of `names` (NULL-terminated) the file
 * has; a typed MALFORMED error naming `what` when it has none. */
GBytes *ole_main_stream (GsfInfile *root, const char *const *names,
                         const char *what, const PmarkBudget *budget,
                         GError **error);
/* `name` as a storage (a directory), or NULL. */
GsfInfile *ole_storage (GsfInfile *dir, const char *name);

/* SummaryInformation and DocumentSummaryInformation, with user-defined
 * properties: text a person wrote as the "document properties" part,
 * marking words (subject, keywords, category, a marking property) and
 * MSIP_Label_<guid>_Enabled labels as candidates, as for OOXML. */
gboolean ole_read_properties (PmarkDocument *doc, GsfInfile *root,
                              const PmarkBudget *budget, GError **error);

/* The code page SummaryInformation names (PIDSI_CODEPAGE), or 0. */
guint ole_codepage (GsfInfile *root);

/* An embedded object: a storage (ObjectPool/_123, MBD0001, a .msg
 * attachment) or the bytes of an OLE1 native blob. OOXML packages,
 * Ole10Native files and whole compound documents are read as nested
 * documents under `where`; what cannot be told is added as unread. */
gboolean ole_add_object (PmarkDocument *doc, GsfInfile *storage,
                         const PmarkBudget *budget, const char *where,
                         GError **error);
/* Every object storage under `dir` (ObjectPool's children, MBD*) */
gboolean ole_add_objects (PmarkDocument *doc, GsfInfile *dir,
                          const PmarkBudget *budget, GError **error);

/* An OLE1 "Package" (the file form of \001Ole10Native after its size,
 * and of RTF's \objdata): flags, label and file name, command, then the
 * file's bytes, read as a nested document; `at` is the offset of the
 * flags. Not that form: the whole blob is read as a nested document. */
gboolean ole_add_native (PmarkDocument *doc, GBytes *native, gsize at,
                         const PmarkBudget *budget, const char *where,
                         GError **error);

/* "prefix, what", or `what` alone when prefix is NULL. */
char *ole_where (const char *prefix, const char *what);

/* Little-endian reads that never run past `len` (0 past the end). */
static inline guint16
ole_u16 (const guint8 *p, gsize len, gsize at)
{
  return at + 2 <= len && at + 2 > at ? (guint16) (p[at] | p[at + 1] << 8) : 0;
}

static inline guint32
ole_u32 (const guint8 *p, gsize len, gsize at)
{
  return at + 4 <= len && at + 4 > at
           ? (guint32) p[at] | (guint32) p[at + 1] << 8
               | (guint32) p[at + 2] << 16 | (guint32) p[at + 3] << 24
           : 0;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutput, g_object_unref)

G_END_DECLS
