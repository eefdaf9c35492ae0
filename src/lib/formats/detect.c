/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Detection: libmagic decides from content; zip containers are then
 * confirmed from inside, because libmagic 5.44 reports many valid Office
 * and ODF files as plain zip or octet-stream depending on entry order, and
 * calls docm a docx. The file name is only compared, never trusted. */
#include "config.h"

#include <magic.h>
#include <string.h>
#include <zip.h>

#include "formats/format.h"

/* What each known type is called on disk. A type may list several
 * extensions; the first row naming an extension is the type it implies. */
typedef struct {
  const char *mime; /* a trailing '*' matches any suffix */
  const char *extensions;
} TypeRow;

static const TypeRow type_table[] = {
  { "application/pdf", "pdf" },
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx" },
  { "application/vnd.ms-word.document.macroEnabled.12", "docm" },
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.template", "dotx" },
  { "application/vnd.ms-word.template.macroEnabled.12", "dotm" },
  { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx" },
  { "application/vnd.ms-excel.sheet.macroEnabled.12", "xlsm" },
  { "application/vnd.ms-excel.sheet.binary.macroEnabled.12", "xlsb" },
  { "application/vnd.openxmlformats-officedocument.spreadsheetml.template", "xltx" },
  { "application/vnd.ms-excel.template.macroEnabled.12", "xltm" },
  { "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx" },
  { "application/vnd.ms-powerpoint.presentation.macroEnabled.12", "pptm" },
  { "application/vnd.openxmlformats-officedocument.presentationml.template", "potx" },
  { "application/vnd.ms-powerpoint.template.macroEnabled.12", "potm" },
  { "application/vnd.openxmlformats-officedocument.presentationml.slideshow", "ppsx" },
  { "application/vnd.ms-powerpoint.slideshow.macroEnabled.12", "ppsm" },
  { "application/vnd.oasis.opendocument.text", "odt" },
  { "application/vnd.oasis.opendocument.text-template", "ott" },
  { "application/vnd.oasis.opendocument.spreadsheet", "ods" },
  { "application/vnd.oasis.opendocument.spreadsheet-template", "ots" },
  { "application/vnd.oasis.opendocument.presentation", "odp" },
  { "application/vnd.oasis.opendocument.presentation-template", "otp" },
  { "application/vnd.oasis.opendocument.graphics", "odg" },
  { "application/x-age-encrypted", "age asc" },
  { "application/vnd.oasis.opendocument.text-flat-xml", "fodt" },
  { "application/vnd.oasis.opendocument.spreadsheet-flat-xml", "fods" },
  { "application/vnd.oasis.opendocument.presentation-flat-xml", "fodp" },
  { "application/vnd.oasis.opendocument.graphics-flat-xml", "fodg" },
  { "application/msword", "doc dot" },
  { "application/vnd.ms-excel", "xls xlt xlw" },
  { "application/vnd.wordperfect", "wpd wp wp5 wp6 wpt" },
  { "application/vnd.ms-powerpoint", "ppt pot pps" },
  { "application/vnd.ms-outlook", "msg" },
  /* Password-protected OOXML is an OLE2 file, legitimately named .docx. */
  { "application/encrypted", "docx docm xlsx xlsm pptx pptm doc xls ppt" },
  { "application/CDFV2", "doc dot xls xlt ppt pot pps msg" },
  { "application/x-ole-storage", "doc dot xls xlt ppt pot pps msg" },
  { "application/zip", "zip" },
  { "application/gzip", "gz tgz" },
  { "application/x-7z-compressed", "7z" },
  { "message/rfc822", "eml" },
  { "text/html", "html htm xhtml" },
  { "text/xml", "xml" },
  { "application/xml", "xml" },
  { "text/rtf", "rtf" },
  { "application/json", "json" },
  { "text/*", "txt text log md markdown csv tsv asc ini cfg conf json xml eml" },
  { "application/x-empty", "txt text log md markdown csv tsv" },
  { "image/png", "png" },
  { "image/jpeg", "jpg jpeg" },
  { "image/gif", "gif" },
  { "image/tiff", "tif tiff" },
  { "application/x-executable", "exe" },
  { "application/x-dosexec", "exe dll" },
};

static gboolean
row_matches (const TypeRow *row, const char *mime)
{
  gsize n = strlen (row->mime);
  if (n && row->mime[n - 1] == '*')
    return strncmp (row->mime, mime, n - 1) == 0;
  return strcmp (row->mime, mime) == 0;
}

static gboolean
row_lists (const TypeRow *row, const char *ext)
{
  g_auto (GStrv) exts = g_strsplit (row->extensions, " ", -1);
  return g_strv_contains ((const char *const *) exts, ext);
}

/* The type an extension implies (text rows report "text/plain"). */
static const char *
type_for_extension (const char *ext)
{
  for (gsize i = 0; i < G_N_ELEMENTS (type_table); i++)
    if (row_lists (&type_table[i], ext))
      return g_str_has_suffix (type_table[i].mime, "*") ? "text/plain"
                                                         : type_table[i].mime;
  return NULL;
}

static gboolean
type_allows_extension (const char *mime, const char *ext)
{
  for (gsize i = 0; i < G_N_ELEMENTS (type_table); i++)
    if (row_matches (&type_table[i], mime) && row_lists (&type_table[i], ext))
      return TRUE;
  return FALSE;
}

/* One libmagic handle per thread: magic_t is not thread-safe, and this
 * keeps libpmark free of shared mutable state. */
static void
magic_handle_free (gpointer p)
{
  magic_close (p);
}

static GPrivate magic_key = G_PRIVATE_INIT (magic_handle_free);

static magic_t
thread_magic (GError **error)
{
  magic_t m = g_private_get (&magic_key);
  if (m)
    return m;
  m = magic_open (MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS
                  | MAGIC_NO_CHECK_TAR);
  if (!m || magic_load (m, NULL) != 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_INTERNAL,
                 "cannot load the libmagic database: %s",
                 m ? magic_error (m) : g_strerror (errno));
    if (m)
      magic_close (m);
    return NULL;
  }
  g_private_set (&magic_key, m);
  return m;
}

/* Main-part content types in [Content_Types].xml, and the file type each
 * means. */
static const struct {
  const char *part_type;
  const char *mime;
} ooxml_main[] = {
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  { "application/vnd.ms-word.document.macroEnabled.main+xml", "application/vnd.ms-word.document.macroEnabled.12" },
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.template" },
  { "application/vnd.ms-word.template.macroEnabledTemplate.main+xml", "application/vnd.ms-word.template.macroEnabled.12" },
  { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  { "application/vnd.ms-excel.sheet.macroEnabled.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.12" },
  /* binary sheets: detected, but no extractor reads them */
  { "application/vnd.ms-excel.sheet.binary.macroEnabled.main", "application/vnd.ms-excel.sheet.binary.macroEnabled.12" },
  { "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.template" },
  { "application/vnd.ms-excel.template.macroEnabled.main+xml", "application/vnd.ms-excel.template.macroEnabled.12" },
  { "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
  { "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.12" },
  { "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml", "application/vnd.openxmlformats-officedocument.presentationml.template" },
  { "application/vnd.ms-powerpoint.template.macroEnabled.main+xml", "application/vnd.ms-powerpoint.template.macroEnabled.12" },
  { "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml", "application/vnd.openxmlformats-officedocument.presentationml.slideshow" },
  { "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml", "application/vnd.ms-powerpoint.slideshow.macroEnabled.12" },
};

/* Reads at most `max` bytes of a named entry; NULL when absent or
 * unreadable. Bounded so that a hostile entry cannot inflate far. */
static char *
zip_read_small (zip_t *za, const char *name, zip_flags_t flags, gsize max)
{
  zip_int64_t idx = zip_name_locate (za, name, flags);
  if (idx < 0)
    return NULL;
  zip_file_t *zf = zip_fopen_index (za, (zip_uint64_t) idx, 0);
  if (!zf)
    return NULL;
  char *buf = g_malloc (max + 1);
  zip_int64_t total = 0, n;
  while ((gsize) total < max
         && (n = zip_fread (zf, buf + total, max - (gsize) total)) > 0)
    total += n;
  zip_fclose (zf);
  buf[total] = '\0';
  return buf;
}

/* The real type of a zip container, from its own declarations. */
static char *
zip_confirm (const guint8 *data, gsize len)
{
  zip_error_t zerr;
  zip_error_init (&zerr);
  zip_source_t *src = zip_source_buffer_create (data, len, 0, &zerr);
  zip_t *za = src ? zip_open_from_source (src, ZIP_RDONLY, &zerr) : NULL;
  char *mime = NULL;

  if (!za) {
    if (src)
      zip_source_free (src);
    zip_error_fini (&zerr);
    return NULL;
  }

  g_autofree char *odf = zip_read_small (za, "mimetype", 0, 128);
  if (odf) {
    g_strstrip (odf);
    if (g_str_has_prefix (odf, "application/vnd.oasis.opendocument."))
      mime = g_strdup (odf);
  }
  if (!mime) {
    g_autofree char *ct = zip_read_small (za, "[Content_Types].xml",
                                          ZIP_FL_NOCASE, 1 << 20);
    for (gsize i = 0; ct && !mime && i < G_N_ELEMENTS (ooxml_main); i++) {
      g_autofree char *needle = g_strdup_printf ("\"%s\"", ooxml_main[i].part_type);
      if (strstr (ct, needle))
        mime = g_strdup (ooxml_main[i].mime);
    }
  }
  zip_discard (za); /* also frees the source */
  zip_error_fini (&zerr);
  return mime ? mime : g_strdup ("application/zip");
}

/* A flat OpenDocument file is XML whose root is office:document with an
 * office:mimetype attribute; libmagic calls it XML. */
static char *
flat_odf_confirm (const guint8 *data, gsize len)
{
  static const char tag[] = "<office:document", attr_name[] = "office:mimetype=\"",
                    prefix[] = "application/vnd.oasis.opendocument.";
  const char *head = (const char *) data;
  const char *stop = head + MIN (len, 65536);
  /* every read stays before `stop`: the data is not NUL-terminated (found
   * by fuzz-read detect: a file ending in "<office:document") */
  const char *root = memmem (head, (gsize) (stop - head), tag, sizeof tag - 1);
  if (!root || root + sizeof tag - 1 >= stop)
    return NULL;
  char after = root[sizeof tag - 1];
  if (after != ' ' && after != '\n' && after != '\r' && after != '\t')
    return NULL;
  const char *attr = memmem (root, (gsize) (stop - root), attr_name, sizeof attr_name - 1);
  if (!attr)
    return NULL;
  attr += sizeof attr_name - 1;
  const char *end = memchr (attr, '"', (gsize) (stop - attr));
  if (!end || end - attr > 80 || (gsize) (end - attr) < sizeof prefix - 1
      || memcmp (attr, prefix, sizeof prefix - 1) != 0)
    return NULL;
  return g_strdup_printf ("%.*s-flat-xml", (int) (end - attr), attr);
}

/* age files (C2SP age): libmagic 5.44 knows neither the binary form nor
 * the armor. */
static char *
age_confirm (const guint8 *data, gsize len)
{
  static const char intro[] = "age-encryption.org/v1\n";
  static const char armor[] = "-----BEGIN AGE ENCRYPTED FILE-----";
  if (len >= sizeof intro - 1 && !memcmp (data, intro, sizeof intro - 1))
    return g_strdup (PMARK_AGE_MIME);
  gsize i = 0;
  while (i < len && i <= 1024 && g_ascii_isspace (data[i]))
    i++;
  if (len - i >= sizeof armor - 1 && !memcmp (data + i, armor, sizeof armor - 1))
    return g_strdup (PMARK_AGE_MIME);
  return NULL;
}

/* A saved message whose body libmagic judged (text/plain, text/html):
 * it starts with a header block of "Name: value" fields that names at
 * least two of the fields every message has. */
static char *
mail_confirm (const guint8 *data, gsize len)
{
  static const char *const known[] = { "from", "to", "subject", "date",
                                       "message-id", "received",
                                       "mime-version", "return-path",
                                       "content-type", "cc", "reply-to",
                                       "sender", "delivered-to", NULL };
  const char *p = (const char *) data, *end = p + MIN (len, 65536);
  guint seen = 0, fields = 0;
  gboolean mime_first = FALSE;
  /* an mbox "From " line before the header */
  if (end - p > 5 && !memcmp (p, "From ", 5)) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    if (!nl)
      return NULL;
    p = nl + 1;
    seen++;
  }
  while (p < end) {
    const char *nl = memchr (p, '\n', (gsize) (end - p));
    if (!nl)
      return NULL;
    gsize n = (gsize) (nl - p);
    if (n && p[n - 1] == '\r')
      n--;
    if (n == 0)
      break; /* the end of the header */
    if (*p == ' ' || *p == '\t') {
      if (!fields)
        return NULL;
    } else {
      const char *colon = memchr (p, ':', n);
      if (!colon || colon == p)
        return NULL;
      for (const char *c = p; c < colon; c++)
        if (*c <= ' ' || *c > '~')
          return NULL;
      g_autofree char *name = g_ascii_strdown (p, colon - p);
      if (g_strv_contains (known, name))
        seen++;
      if (!fields++)
        mime_first = !strcmp (name, "content-type") || !strcmp (name, "mime-version");
    }
    p = nl + 1;
  }
  /* a MIME entity on its own starts with its Content-Type */
  return seen >= 2 || (fields && mime_first) ? g_strdup ("message/rfc822")
                                             : NULL;
}

static char *
lower_extension (const char *name)
{
  if (!name)
    return NULL;
  g_autofree char *base = g_path_get_basename (name);
  const char *dot = strrchr (base, '.');
  if (!dot || dot == base || !dot[1] || strlen (dot + 1) > 10)
    return NULL;
  return g_ascii_strdown (dot + 1, -1);
}

/* Whether the bytes are text: valid UTF-8 (the last character may be cut
 * off), no control characters but tab, line ends and form feed */
static gboolean
plain_text (const guint8 *data, gsize len)
{
  const char *end = NULL;
  if (!g_utf8_validate ((const char *) data, (gssize) len, &end)
      && (gsize) ((const guint8 *) end - data) + 4 < len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r'
        && data[i] != '\f')
      return FALSE;
  return TRUE;
}

/* libmagic needs no more than this to decide; more only costs time. */
#define MAGIC_BYTES (1u << 20)

const PmarkFormat *
pmark_format_guess_preload (const char *path)
{
  g_autofree char *ext = lower_extension (path);
  const char *mime = ext ? type_for_extension (ext) : NULL;
  if (!mime)
    return NULL;
  PmarkSniffInfo info = { .mime = mime, .data = (const guint8 *) "", .len = 0 };
  for (const PmarkFormat *const *f = pmark_formats (); *f; f++)
    if ((*f)->preload && (*f)->sniff (&info))
      return *f;
  return NULL;
}

gboolean
pmark_detect_bytes (const guint8 *data, gsize len, const char *name,
                    PmarkFileType *out, GError **error)
{
  memset (out, 0, sizeof *out);
  gboolean zip = len >= 4 && data[0] == 'P' && data[1] == 'K'
                 && ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6));
  /* Two signatures decide alone, so libmagic (its text tests cost more
   * than reading a small document) is not asked: a readable zip is judged
   * from inside whatever libmagic would say, and "%PDF-" at offset 0 is
   * libmagic's own rule for application/pdf. A zip that cannot be read
   * goes to libmagic, whose guess from the first entry names the format
   * that then reports it malformed. */
  const char *magic_mime = NULL;
  if (zip && (out->mime = zip_confirm (data, len))) {
    magic_mime = "application/zip";
  } else if (len >= 5 && !memcmp (data, "%PDF-", 5)) {
    magic_mime = "application/pdf";
  } else {
    magic_t m = thread_magic (error);
    if (!m)
      return FALSE;
    magic_mime = len ? magic_buffer (m, data, MIN (len, MAGIC_BYTES)) : "application/x-empty";
    if (!magic_mime) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_INTERNAL,
                   "libmagic failed: %s", magic_error (m));
      return FALSE;
    }
  }
  out->magic_mime = g_strdup (magic_mime);

  if (!out->mime && (g_str_has_suffix (magic_mime, "/xml") || !strcmp (magic_mime, "text/plain")))
    out->mime = flat_odf_confirm (data, len);
  if (!out->mime && (!strcmp (magic_mime, "application/octet-stream")
                     || !strcmp (magic_mime, "text/plain")))
    out->mime = age_confirm (data, len);
  if (!out->mime && (!strcmp (magic_mime, "text/plain")
                     || !strcmp (magic_mime, "text/html")))
    out->mime = mail_confirm (data, len);
  if (!out->mime)
    out->mime = g_strdup (magic_mime);

  int ole_kind = -1;
  PmarkSniffInfo info = { .mime = out->mime, .data = data, .len = len,
                          .ole_kind = &ole_kind };
  const PmarkFormat *format = pmark_format_for (&info);
  /* libmagic's guess for a format pmark does not read, when the bytes are
   * plain text (a report opening "SPECIAL GUARDIANSHIP..." is HP-GL to
   * libmagic, whose pen commands are two capitals): read as text, never
   * left unread for a letter's shape */
  if (!format && len && plain_text (data, MIN (len, MAGIC_BYTES))) {
    g_free (out->mime);
    out->mime = g_strdup ("text/plain");
    info.mime = out->mime;
    format = pmark_format_for (&info);
  }
  out->format = format ? g_strdup (format->name) : NULL;
  if (format && format->content_mime && !strcmp (out->mime, "application/octet-stream")) {
    g_free (out->mime);
    out->mime = g_strdup (format->content_mime);
  }

  out->extension = lower_extension (name);
  if (out->extension) {
    const char *implied = type_for_extension (out->extension);
    out->extension_type = g_strdup (implied);
    out->extension_mismatch = implied
      && !type_allows_extension (out->mime, out->extension);
  }
  return TRUE;
}
