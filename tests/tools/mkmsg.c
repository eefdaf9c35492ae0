/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Test tooling: writes an Outlook .msg ([MS-OXMSG]) with libgsf's OLE2
 * writer, so that pmark's .msg reader is tested on files whose every
 * property the test chose.
 *
 *   mkmsg OUT [--subject S] [--body B] [--html H] [--rtf-body R]
 *             [--headers H] [--from NAME] [--to NAME:ADDR]...
 *             [--codepage CP] [--attach NAME=FILE]... [--embed NAME=MSG]...
 *
 * Strings are written as PT_UNICODE, or with --codepage as PT_STRING8 in
 * that code page (and PR_MESSAGE_CODEPAGE). --rtf-body stores R as
 * PR_RTF_COMPRESSED, uncompressed ("MELA"). --embed stores another .msg as
 * an embedded message (PR_ATTACH_DATA_OBJ storage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsf/gsf.h>

static int codepage;

static void
put (GsfOutfile *dir, const char *name, const void *data, gsize len)
{
  GsfOutput *o = gsf_outfile_new_child (dir, name, FALSE);
  gsf_output_write (o, len, data);
  gsf_output_close (o);
  g_object_unref (o);
}

static void
put_string (GsfOutfile *dir, guint16 id, const char *utf8)
{
  char name[32];
  if (codepage) {
    g_autofree char *cs = g_strdup_printf ("CP%d", codepage);
    gsize n = 0;
    g_autofree char *enc = g_convert (utf8, -1, cs, "UTF-8", NULL, &n, NULL);
    if (!enc) {
      fprintf (stderr, "mkmsg: cannot encode in %s\n", cs);
      exit (2);
    }
    snprintf (name, sizeof name, "__substg1.0_%04X001E", id);
    put (dir, name, enc, n + 1);
    return;
  }
  glong n = 0;
  g_autofree gunichar2 *u = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  snprintf (name, sizeof name, "__substg1.0_%04X001F", id);
  put (dir, name, u, (gsize) n * 2 + 2);
}

static void
put_binary (GsfOutfile *dir, guint16 id, const void *data, gsize len)
{
  char name[32];
  snprintf (name, sizeof name, "__substg1.0_%04X0102", id);
  put (dir, name, data, len);
}

/* __properties_version1.0: header, then PT_LONG entries */
static void
put_props (GsfOutfile *dir, gsize header, gboolean with_cp)
{
  guint8 buf[64] = { 0 };
  gsize n = header;
  if (with_cp) {
    guint8 *e = buf + n;
    e[0] = 0x03; e[1] = 0x00;            /* PT_LONG */
    e[2] = 0xFD; e[3] = 0x3F;            /* PR_MESSAGE_CODEPAGE */
    e[4] = 0x06;                         /* readable, writable */
    e[8] = (guint8) codepage;
    e[9] = (guint8) (codepage >> 8);
    n += 16;
  }
  put (dir, "__properties_version1.0", buf, n);
}

static void
copy_tree (GsfInfile *in, GsfOutfile *out)
{
  for (int i = 0; i < gsf_infile_num_children (in); i++) {
    GsfInput *c = gsf_infile_child_by_index (in, i);
    gboolean dir = GSF_IS_INFILE (c) && gsf_infile_num_children (GSF_INFILE (c)) >= 0;
    const char *name = gsf_infile_name_by_index (in, i);
    GsfOutput *o = gsf_outfile_new_child (out, name, dir);
    if (dir) {
      copy_tree (GSF_INFILE (c), GSF_OUTFILE (o));
    } else if (!strcmp (name, "__properties_version1.0")) {
      /* an embedded message's header is 24 bytes, not 32 */
      gsf_off_t n = gsf_input_size (c);
      const guint8 *d = gsf_input_read (c, (size_t) n, NULL);
      if (n >= 32)
        gsf_output_write (o, (size_t) n - 8, d + 8);
    } else {
      gsf_input_copy (c, o);
    }
    if (!gsf_output_is_closed (o))
      gsf_output_close (o);
    g_object_unref (o);
    g_object_unref (c);
  }
}

int
main (int argc, char **argv)
{
  if (argc < 2) {
    fprintf (stderr, "usage: mkmsg OUT [options]\n");
    return 2;
  }
  const char *subject = NULL, *body = NULL, *html = NULL, *rtf = NULL,
             *headers = NULL, *from = NULL;
  GPtrArray *to = g_ptr_array_new (), *att = g_ptr_array_new (),
            *emb = g_ptr_array_new ();
  for (int i = 2; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp (k, "--subject")) subject = v;
    else if (!strcmp (k, "--body")) body = v;
    else if (!strcmp (k, "--html")) html = v;
    else if (!strcmp (k, "--rtf-body")) rtf = v;
    else if (!strcmp (k, "--headers")) headers = v;
    else if (!strcmp (k, "--from")) from = v;
    else if (!strcmp (k, "--to")) g_ptr_array_add (to, (char *) v);
    else if (!strcmp (k, "--codepage")) codepage = atoi (v);
    else if (!strcmp (k, "--attach")) g_ptr_array_add (att, (char *) v);
    else if (!strcmp (k, "--embed")) g_ptr_array_add (emb, (char *) v);
    else {
      fprintf (stderr, "mkmsg: unknown option %s\n", k);
      return 2;
    }
  }
  GError *e = NULL;
  GsfOutput *sink = gsf_output_stdio_new (argv[1], &e);
  if (!sink) {
    fprintf (stderr, "mkmsg: %s\n", e->message);
    return 1;
  }
  GsfOutfile *root = gsf_outfile_msole_new (sink);
  put_props (root, 32, codepage != 0);
  GsfOutput *nameid = gsf_outfile_new_child (root, "__nameid_version1.0", TRUE);
  gsf_output_close (nameid);
  g_object_unref (nameid);
  put_string (root, 0x001A, "IPM.Note");
  if (subject)
    put_string (root, 0x0037, subject);
  if (body)
    put_string (root, 0x1000, body);
  if (html)
    put_binary (root, 0x1013, html, strlen (html));
  if (rtf) {
    gsize n = strlen (rtf);
    guint8 *b = g_malloc0 (16 + n);
    guint32 f[4] = { (guint32) (n + 12), (guint32) n, 0x414C454D, 0 };
    for (int k = 0; k < 4; k++)
      for (int j = 0; j < 4; j++)
        b[4 * k + j] = (guint8) (f[k] >> (8 * j));
    memcpy (b + 16, rtf, n);
    put_binary (root, 0x1009, b, 16 + n);
    g_free (b);
  }
  if (headers)
    put_string (root, 0x007D, headers);
  if (from)
    put_string (root, 0x0C1A, from);
  GString *display = g_string_new (NULL);
  for (guint i = 0; i < to->len; i++) {
    g_auto (GStrv) nv = g_strsplit (g_ptr_array_index (to, i), ":", 2);
    char name[64];
    snprintf (name, sizeof name, "__recip_version1.0_#%08X", i);
    GsfOutfile *r = GSF_OUTFILE (gsf_outfile_new_child (root, name, TRUE));
    put_props (r, 8, FALSE);
    put_string (r, 0x3001, nv[0]);
    if (nv[1])
      put_string (r, 0x3003, nv[1]);
    gsf_output_close (GSF_OUTPUT (r));
    g_object_unref (r);
    g_string_append_printf (display, "%s%s", i ? "; " : "", nv[0]);
  }
  if (display->len)
    put_string (root, 0x0E04, display->str);
  guint n = 0;
  for (guint i = 0; i < att->len + emb->len; i++, n++) {
    gboolean embed = i >= att->len;
    const char *spec = embed ? g_ptr_array_index (emb, i - att->len)
                             : g_ptr_array_index (att, i);
    g_auto (GStrv) nf = g_strsplit (spec, "=", 2);
    if (!nf[1]) {
      fprintf (stderr, "mkmsg: --attach/--embed NAME=FILE\n");
      return 2;
    }
    char name[64];
    snprintf (name, sizeof name, "__attach_version1.0_#%08X", n);
    GsfOutfile *a = GSF_OUTFILE (gsf_outfile_new_child (root, name, TRUE));
    put_props (a, 8, FALSE);
    put_string (a, 0x3707, nf[0]);
    put_string (a, 0x3704, nf[0]);
    if (embed) {
      GsfInput *in = gsf_input_stdio_new (nf[1], &e);
      GsfInfile *msg = in ? gsf_infile_msole_new (in, &e) : NULL;
      if (!msg) {
        fprintf (stderr, "mkmsg: %s: %s\n", nf[1], e->message);
        return 1;
      }
      GsfOutfile *obj = GSF_OUTFILE (gsf_outfile_new_child (a, "__substg1.0_3701000D", TRUE));
      copy_tree (msg, obj);
      gsf_output_close (GSF_OUTPUT (obj));
      g_object_unref (obj);
      g_object_unref (msg);
      g_object_unref (in);
    } else {
      gchar *data;
      gsize len;
      if (!g_file_get_contents (nf[1], &data, &len, &e)) {
        fprintf (stderr, "mkmsg: %s\n", e->message);
        return 1;
      }
      put_binary (a, 0x3701, data, len);
      g_free (data);
    }
    gsf_output_close (GSF_OUTPUT (a));
    g_object_unref (a);
  }
  gsf_output_close (GSF_OUTPUT (root));
  g_object_unref (root);
  g_object_unref (sink);
  return 0;
}
