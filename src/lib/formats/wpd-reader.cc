// SPDX-License-Identifier: LGPL-2.1-or-later
// The module "wpd-reader" (wpd.h): a WordPerfect document's text by libwpd,
// written by librevenge's plain-text generator.
#include "config.h"

#include <librevenge-generators/librevenge-generators.h>
#include <librevenge-stream/librevenge-stream.h>
#include <libwpd/libwpd.h>

#include "core/module.h"
#include "wpd.h"

static PmarkWpdStatus
wpd_text (const guint8 *data, gsize len, char **text, char **why)
{
  *text = nullptr;
  *why = nullptr;
  if (len > G_MAXUINT) {
    *why = g_strdup ("too large for libwpd");
    return PMARK_WPD_UNREADABLE;
  }
  try {
    librevenge::RVNGStringStream in (data, (unsigned) len);
    libwpd::WPDConfidence c = libwpd::WPDocument::isFileFormatSupported (&in);
    if (c == libwpd::WPD_CONFIDENCE_SUPPORTED_ENCRYPTION)
      return PMARK_WPD_ENCRYPTED;
    if (c != libwpd::WPD_CONFIDENCE_EXCELLENT) {
      *why = g_strdup ("not a WordPerfect document libwpd reads");
      return PMARK_WPD_UNREADABLE;
    }
    librevenge::RVNGString out;
    librevenge::RVNGTextTextGenerator gen (out);
    libwpd::WPDResult r = libwpd::WPDocument::parse (&in, &gen, nullptr);
    switch (r) {
    case libwpd::WPD_OK:
      *text = g_strdup (out.cstr ());
      return PMARK_WPD_READ;
    case libwpd::WPD_PASSWORD_MISSMATCH_ERROR:
      return PMARK_WPD_ENCRYPTED;
    case libwpd::WPD_FILE_ACCESS_ERROR:
      *why = g_strdup ("libwpd: it cannot be read (file access error)");
      break;
    case libwpd::WPD_PARSE_ERROR:
      *why = g_strdup ("libwpd: it does not parse (damaged?)");
      break;
    case libwpd::WPD_OLE_ERROR:
      *why = g_strdup ("libwpd: its OLE container is damaged");
      break;
    case libwpd::WPD_UNSUPPORTED_ENCRYPTION_ERROR:
      return PMARK_WPD_ENCRYPTED;
    default:
      *why = g_strdup ("libwpd: unknown error");
      break;
    }
  } catch (...) {
    *why = g_strdup ("libwpd failed on it");
  }
  return PMARK_WPD_UNREADABLE;
}

PMARK_MODULE_DEFINE_VERSION;

extern "C" G_MODULE_EXPORT const PmarkWpdReader pmark_wpd_reader;
extern "C" G_MODULE_EXPORT const PmarkWpdReader pmark_wpd_reader = { wpd_text };
