/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reading documents in worker processes (pmark(1) SANDBOX).
 *
 * A crash or a hang in a parser (poppler, libxml2, libzip, GMime, or one of
 * pmark's own readers) costs one document, never the process that asked:
 * the milter with every message in flight, or an audit. When the sandbox
 * is enabled, pmark_document_extract() sends the bytes to a worker — a
 * program that calls pmark_worker_main(), exec'd fresh, never forked from
 * a process with threads — and gets the document back (text parts,
 * marking candidates, what was not read) over a socket, in the compact
 * framing below. The parent detects and classifies; the worker reads,
 * and serves the steps after reading that parse the file again: the
 * signed-marking check's reading, drawing a PDF's first page, and
 * stamping (through the handler stamp/sandbox.c registers).
 *
 * Workers are pooled (started on demand up to a maximum, reused, replaced
 * when they fail). Each worker confines itself before reading anything
 * (confine.c: no capabilities, hard limits, a system-call allowlist) and
 * limits CPU seconds per document.
 * The parent enforces wall time and memory from outside: a worker past the
 * budget's max-seconds (plus a margin) or resident above its allowance
 * (twice max-memory plus 256 MB) is killed, and the document then
 * carries a typed error: reader-crashed or reader-timeout, naming the file
 * and the format. A worker left holding more than half its allowance
 * after a document is replaced. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/document-private.h"
#include "core/frame.h"
#include "format.h"
#include "signature.h"
#include "worker.h"
#include "confine.h"
#include "ocr/ocr.h"
#include <pmark/sandbox.h>

#define REQUEST_MAGIC 0x31514d50u  /* "PMQ1" */
#define RESPONSE_MAGIC 0x31524d50u /* "PMR1" */
/* the same answer from a worker that ends once it is sent
 * (pmark_worker_retire_after_answer): not to be given another request */
#define RESPONSE_MAGIC_LAST 0x4c524d50u /* "PMRL" */
/* what a request asks */
#define REQUEST_READ 0u      /* extract_here(): the document */
#define REQUEST_SIGNATURE 1u /* signature_gather_here(): its evidence */
#define REQUEST_RENDER 2u    /* pdf_first_page_png_here(): a picture */
#define REQUEST_STAMP 3u     /* the stamp handler (stamp/sandbox.c): a file */
/* a response larger than this is a broken worker, not a document */
#define MAX_FRAME (G_GUINT64_CONSTANT (4) << 30)

/* set in a worker: it reads in its own process, whatever pool it inherited */
static gboolean worker_process;

/* stamping, a layer above (worker_set_stamp_handler) */
static WorkerStampFunc stamp_handler;

void
worker_set_stamp_handler (WorkerStampFunc func)
{
  stamp_handler = func;
}

/* Who does a request, for the messages: "pdf reader", "pdf signature
 * reader", "pdf page renderer", "pdf writer". */
static char *
worker_role (guint32 what, const char *format)
{
  return g_strdup_printf ("%s %s", format ? format : "unknown",
                          what == REQUEST_SIGNATURE ? "signature reader"
                          : what == REQUEST_RENDER ? "page renderer"
                          : what == REQUEST_STAMP ? "writer"
                          : "reader");
}

/* ---- memory ---------------------------------------------------------------- */

/* What a worker may hold for one document: twice the budget's
 * max-memory plus 256 MB. The parent stops a worker whose resident memory
 * passes it; the worker's address space may grow by as much. Under
 * AddressSanitizer, whose shadow, redzones and quarantine are resident
 * too (a PDF that needs 170 MB holds 430 there), twice that. */
static guint64
worker_memory_allowance (const PmarkBudget *budget)
{
  guint64 allowance = 2 * budget->max_memory_bytes + (G_GUINT64_CONSTANT (256) << 20);
#ifdef PMARK_ASAN
  allowance *= 2;
#endif
  return allowance;
}

/* The allowance of the document a worker is reading (0: no limit). */
static guint64 document_allowance;

/* A worker's address space: what it maps now plus `allowance` bytes, or
 * as much as it may (0). Not under AddressSanitizer, whose shadow maps
 * terabytes. */
static void
limit_address_space (guint64 allowance)
{
#ifndef PMARK_ASAN
  /* the hard limit is set before the worker reads and never raised: read
   * once; and the soft one set only when it changes (two of the
   * round trip's system calls a document) */
  static struct rlimit as;
  static gboolean known;
  if (!known && getrlimit (RLIMIT_AS, &as) < 0)
    return;
  known = TRUE;
  guint64 mapped = allowance ? pmark_virtual_bytes () : 0;
  rlim_t cur = mapped ? (rlim_t) (mapped + allowance) : as.rlim_max;
  if (as.rlim_max != RLIM_INFINITY && cur > as.rlim_max)
    cur = as.rlim_max;
  if (cur == as.rlim_cur)
    return;
  as.rlim_cur = cur;
  setrlimit (RLIMIT_AS, &as);
#else
  (void) allowance;
#endif
}

/* ---- frames over the socket (core/frame.h builds them) ---------------- */

/* All of `iov` (advanced in place), in as few system calls as the socket
 * takes: sendmsg, or writev where the descriptor is not a socket; never
 * SIGPIPE (a worker that died is an error, not this process's end). */
static gboolean
write_all (int fd, struct iovec *iov, int n)
{
  while (n > 0) {
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t) n };
    ssize_t w = sendmsg (fd, &msg, MSG_NOSIGNAL);
    if (w < 0 && errno == ENOTSOCK)
      w = writev (fd, iov, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return FALSE;
    while (n > 0 && (gsize) w >= iov->iov_len) {
      w -= (ssize_t) iov->iov_len;
      iov++;
      n--;
    }
    if (n > 0) {
      iov->iov_base = (guint8 *) iov->iov_base + w;
      iov->iov_len -= (gsize) w;
    }
  }
  return TRUE;
}

static gboolean
write_bytes (int fd, const void *p, gsize n)
{
  struct iovec iov = { (void *) p, n };
  return write_all (fd, &iov, 1);
}

/* A frame: `head`, then (unless NULL) `tail` as a blob (frame_put_blob's
 * form), sent from where it is: a document or a stamped file is not
 * copied into the frame. One system call for a small frame. */
static gboolean
write_frame (int fd, GByteArray *head, GBytes *tail)
{
  gsize len = 0;
  const guint8 *data = tail ? g_bytes_get_data (tail, &len) : NULL;
  guint64 n = head->len + (tail ? 8 + len : 0);
  guint64 blob = len;
  struct iovec iov[4] = {
    { &n, 8 },
    { head->data, head->len },
    { &blob, 8 },
    { (void *) data, len },
  };
  return write_all (fd, iov, tail ? 4 : 2);
}

typedef enum { READ_OK, READ_EOF, READ_BROKEN, READ_TIMEOUT, READ_MEMORY } ReadStatus;

/* Reads n bytes by `deadline` (monotonic us, 0 none); while waiting,
 * `watch` (may be 0) must stay under `memory` resident bytes. */
static ReadStatus
read_all (int fd, guint8 *p, gsize n, gint64 deadline, GPid watch, guint64 memory)
{
  gboolean waits = deadline || (watch && memory);
  while (n) {
    /* what has arrived already, without waiting (poll only when none
     * has: one system call, not two, for most reads); with nothing to
     * watch, a read that waits */
    ssize_t got = waits ? recv (fd, p, n, MSG_DONTWAIT) : read (fd, p, n);
    if (got < 0 && errno == ENOTSOCK && waits) {
      got = -1;
      errno = EAGAIN;
    }
    if (got > 0) {
      p += got;
      n -= (gsize) got;
      if (deadline && n && g_get_monotonic_time () > deadline)
        return READ_TIMEOUT; /* (an answer trickling in) */
      continue;
    }
    if (got == 0)
      return READ_EOF;
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      return READ_BROKEN;
    int timeout = -1;
    if (waits) {
      gint64 left = deadline ? deadline - g_get_monotonic_time () : G_MAXINT64;
      if (left <= 0)
        return READ_TIMEOUT;
      timeout = (int) MIN (left / 1000 + 1, watch && memory ? 100 : G_MAXINT);
    }
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int r = poll (&pfd, 1, timeout);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return READ_BROKEN;
    if (r == 0) {
      if (watch && memory && pmark_resident_bytes ((int) watch) > memory)
        return READ_MEMORY;
      continue;
    }
    got = read (fd, p, n);
    if (got < 0 && errno == EINTR)
      continue;
    if (got == 0)
      return READ_EOF;
    if (got < 0)
      return READ_BROKEN;
    p += got;
    n -= (gsize) got;
  }
  return READ_OK;
}

static ReadStatus
read_frame (int fd, GBytes **out, gint64 deadline, GPid watch, guint64 memory)
{
  guint64 n;
  ReadStatus st = read_all (fd, (guint8 *) &n, 8, deadline, watch, memory);
  if (st != READ_OK)
    return st;
  if (n > MAX_FRAME)
    return READ_BROKEN;
  /* a worker's address space is limited for the document it last read;
   * the next one's limit follows its request (limit_document) */
  if (worker_process)
    limit_address_space (0);
  guint8 *buf = g_try_malloc (n ? (gsize) n : 1);
  if (!buf)
    return READ_BROKEN;
  st = read_all (fd, buf, (gsize) n, deadline, watch, memory);
  if (st != READ_OK) {
    g_free (buf);
    return st == READ_EOF ? READ_BROKEN : st;
  }
  *out = g_bytes_new_take (buf, (gsize) n);
  return READ_OK;
}

/* ---- requests and responses ---------------------------------------------- */

static void
put_options (GByteArray *b, const PmarkReadOptions *o)
{
  const PmarkBudget *bu = &o->budget;
  frame_put_u64 (b, bu->max_input_bytes);
  frame_put_u64 (b, bu->max_text_bytes);
  frame_put_u64 (b, bu->max_entry_inflated);
  frame_put_u64 (b, bu->max_total_inflated);
  frame_put_u32 (b, bu->max_compression_ratio);
  frame_put_u32 (b, bu->max_xml_depth);
  frame_put_u32 (b, bu->max_nesting);
  frame_put_u32 (b, bu->max_seconds);
  frame_put_u64 (b, bu->max_memory_bytes);
  frame_put_str (b, o->password);
  frame_put_u32 (b, o->ocr.mode);
  frame_put_str (b, o->ocr.languages);
  frame_put_u32 (b, o->ocr.dpi);
  frame_put_u32 (b, o->ocr.page_seconds);
  frame_put_u32 (b, o->ocr.max_pages);
  frame_put_u32 (b, o->ocr.min_confidence);
  frame_put_u32 (b, o->ocr.no_correction);
  frame_put_u32 (b, o->ocr.embedded);
  frame_put_u32 (b, o->ocr.embedded_min_pixels);
  frame_put_u32 (b, o->ocr.no_tolerance);
}

/* `strings` keeps the password and languages alive */
static void
get_options (FrameCursor *c, PmarkReadOptions *o, GPtrArray *strings)
{
  pmark_read_options_init (o);
  PmarkBudget *bu = &o->budget;
  bu->max_input_bytes = frame_get_u64 (c);
  bu->max_text_bytes = frame_get_u64 (c);
  bu->max_entry_inflated = frame_get_u64 (c);
  bu->max_total_inflated = frame_get_u64 (c);
  bu->max_compression_ratio = frame_get_u32 (c);
  bu->max_xml_depth = frame_get_u32 (c);
  bu->max_nesting = frame_get_u32 (c);
  bu->max_seconds = frame_get_u32 (c);
  bu->max_memory_bytes = frame_get_u64 (c);
  char *pw = frame_get_str (c);
  if (pw)
    g_ptr_array_add (strings, pw);
  o->password = pw;
  o->ocr.mode = (PmarkOcrMode) frame_get_u32 (c);
  char *langs = frame_get_str (c);
  if (langs)
    g_ptr_array_add (strings, langs);
  o->ocr.languages = langs;
  o->ocr.dpi = frame_get_u32 (c);
  o->ocr.page_seconds = frame_get_u32 (c);
  o->ocr.max_pages = frame_get_u32 (c);
  o->ocr.min_confidence = frame_get_u32 (c);
  o->ocr.no_correction = frame_get_u32 (c) != 0;
  o->ocr.embedded = (PmarkOcrMode) frame_get_u32 (c);
  o->ocr.embedded_min_pixels = frame_get_u32 (c);
  o->ocr.no_tolerance = frame_get_u32 (c) != 0;
}

static void
put_document (GByteArray *b, const PmarkDocument *doc)
{
  frame_put_u32 (b, doc->inspected);
  frame_put_str (b, doc->not_inspected_reason);
  frame_put_u32 (b, doc->encrypted);
  frame_put_str (b, doc->signature);
  frame_put_u32 (b, doc->parts->len);
  for (guint i = 0; i < doc->parts->len; i++) {
    const PmarkTextPart *p = g_ptr_array_index (doc->parts, i);
    frame_put_str (b, p->where);
    frame_put_u32 (b, (p->lines ? 1u : 0u) | (p->column ? 2u : 0u));
    frame_put_blob (b, p->text, p->len);
    guint nc = p->confidence ? p->confidence->len : 0;
    frame_put_u32 (b, nc);
    for (guint k = 0; k < nc; k++) {
      float f = g_array_index (p->confidence, float, k);
      g_byte_array_append (b, (const guint8 *) &f, 4);
    }
  }
  frame_put_u32 (b, doc->markings->len);
  for (guint i = 0; i < doc->markings->len; i++) {
    const PmarkMarkingCandidate *m = g_ptr_array_index (doc->markings, i);
    frame_put_u32 (b, m->source);
    frame_put_str (b, m->value);
    frame_put_str (b, m->where);
    frame_put_u32 (b, m->from_header);
  }
  frame_put_u32 (b, doc->unread->len);
  for (guint i = 0; i < doc->unread->len; i++)
    frame_put_str (b, g_ptr_array_index (doc->unread, i));
}

static gboolean
get_document (FrameCursor *c, PmarkDocument *doc)
{
  doc->inspected = frame_get_u32 (c) != 0;
  g_free (doc->not_inspected_reason);
  doc->not_inspected_reason = frame_get_str (c);
  doc->encrypted = frame_get_u32 (c) != 0;
  g_free (doc->signature);
  doc->signature = frame_get_str (c);
  guint n = frame_get_u32 (c);
  for (guint i = 0; i < n && !c->bad; i++) {
    g_autofree char *where = frame_get_str (c);
    guint32 flags = frame_get_u32 (c);
    gboolean lines = (flags & 1) != 0;
    GBytes *text = frame_get_blob (c);
    guint nc = frame_get_u32 (c);
    if (!text || c->bad || (gsize) (c->end - c->p) / 4 < nc) {
      c->bad = TRUE;
      if (text)
        g_bytes_unref (text);
      break;
    }
    gsize len;
    const char *t = g_bytes_get_data (text, &len);
    PmarkTextPart *part = g_new0 (PmarkTextPart, 1);
    part->where = g_steal_pointer (&where);
    part->bytes = text;
    part->text = t;
    part->len = len;
    part->lines = lines;
    part->column = (flags & 2) != 0;
    if (nc) {
      part->confidence = g_array_sized_new (FALSE, FALSE, sizeof (float), nc);
      g_array_append_vals (part->confidence, c->p, nc);
      c->p += (gsize) nc * 4;
    }
    g_ptr_array_add (doc->parts, part);
  }
  n = frame_get_u32 (c);
  for (guint i = 0; i < n && !c->bad; i++) {
    guint32 source = frame_get_u32 (c);
    g_autofree char *value = frame_get_str (c);
    g_autofree char *where = frame_get_str (c);
    gboolean from_header = frame_get_u32 (c) != 0;
    if (c->bad || !value || source > PMARK_MARKING_SOURCE_QUOTED) {
      c->bad = TRUE;
      break;
    }
    pmark_document_add_header_marking (doc, (PmarkMarkingSource) source, value, where,
                                       from_header);
  }
  n = frame_get_u32 (c);
  for (guint i = 0; i < n && !c->bad; i++) {
    char *u = frame_get_str (c);
    if (!u) {
      c->bad = TRUE;
      break;
    }
    g_ptr_array_add (doc->unread, u);
  }
  return frame_cursor_done (c);
}

/* A request that failed: the answer's "not done", the error's code (a
 * PmarkError) and message. */
static void
put_error (GByteArray *b, const GError *error)
{
  frame_put_u32 (b, FALSE);
  frame_put_u32 (b, error->domain == PMARK_ERROR ? (guint32) error->code : PMARK_ERROR_INTERNAL);
  frame_put_str (b, error->message);
}

/* What a signed-marking check needs of the file (signature.c), gathered
 * in the worker: the signature_gather_here() evidence. */
static void
put_evidence (GByteArray *b, const PmarkSignatureEvidence *e)
{
  frame_put_str (b, e->token);
  frame_put_str (b, e->marking);
  frame_put_str (b, e->content);
  frame_put_str (b, e->media);
  frame_put_u32 (b, e->has_content);
  frame_put_u32 (b, e->code);
  frame_put_str (b, e->error);
}

static gboolean
get_evidence (FrameCursor *c, PmarkDocument *doc)
{
  PmarkSignatureEvidence *e = g_new0 (PmarkSignatureEvidence, 1);
  e->token = frame_get_str (c);
  e->marking = frame_get_str (c);
  e->content = frame_get_str (c);
  e->media = frame_get_str (c);
  e->has_content = frame_get_u32 (c) != 0;
  e->code = frame_get_u32 (c);
  e->error = frame_get_str (c);
  if (e->code && !e->error)
    c->bad = TRUE;
  if (e->code > PMARK_ERROR_READER_TIMEOUT)
    e->code = PMARK_ERROR_INTERNAL;
  pmark_signature_evidence_free (doc->evidence);
  doc->evidence = e;
  return frame_cursor_done (c);
}

/* ---- the worker ------------------------------------------------------------ */

#ifdef PMARK_FAULT_INJECTION
/* Test builds only (-Dfault_injection=true): a marker in the content makes
 * the reader fail as readers do, so the isolation around it is tested. */
void
worker_inject_faults (GBytes *input, PmarkDocument *doc)
{
  gsize len;
  const char *p = g_bytes_get_data (input, &len);
  if (!len)
    return;
  if (g_strstr_len (p, (gssize) len, "PMARK-FAULT-CRASH"))
    raise (SIGSEGV);
  if (g_strstr_len (p, (gssize) len, "PMARK-FAULT-ABORT"))
    abort ();
  if (g_strstr_len (p, (gssize) len, "PMARK-FAULT-HANG"))
    for (;;)
      g_usleep (G_USEC_PER_SEC);
  if (g_strstr_len (p, (gssize) len, "PMARK-FAULT-ALLOC"))
    for (gsize total = 0; total < (G_GUINT64_CONSTANT (4) << 30); total += 16 << 20)
      memset (g_malloc (16 << 20), 1, 16 << 20);
  if (g_strstr_len (p, (gssize) len, "PMARK-FAULT-RESERVE")) {
    /* address space taken and never touched (the resident size the parent
     * polls stays put): only the worker's own limit stops it, where
     * g_malloc fails as a reader's allocation would */
    GPtrArray *blocks = g_ptr_array_new_with_free_func (g_free);
    for (gsize total = 0; total < (G_GUINT64_CONSTANT (64) << 30); total += 16 << 20)
      g_ptr_array_add (blocks, g_malloc (16 << 20));
    g_ptr_array_unref (blocks);
  }
  if (g_strstr_len (p, (gssize) len, "PMARK-FAULT-KEEP")) {
    /* memory touched and kept past the document, as an allocator's cache
     * or a leak keeps it: more than half the worker's allowance */
    static GPtrArray *kept;
    if (!kept)
      kept = g_ptr_array_new ();
    for (guint64 total = 0; total <= document_allowance / 2; total += 16 << 20)
      g_ptr_array_add (kept, memset (g_malloc (16 << 20), 1, 16 << 20));
  }
  if (g_strstr_len (p, (gssize) len, "PMARK-FAULT-PID")) {
    PmarkBudget budget;
    pmark_budget_init (&budget);
    char *line = g_strdup_printf ("worker %d\n", (int) getpid ());
    gsize n = strlen (line);
    pmark_document_add_text_bytes (doc, &budget, "pid", g_bytes_new_take (line, n), TRUE,
                                   NULL);
  }
  if (g_strstr_len (p, (gssize) len, "PMARK-FAULT-GARBAGE")) {
    static const char junk[] = "\x10\0\0\0\0\0\0\0not a response!!";
    write_bytes (1, junk, sizeof junk - 1);
    _exit (0);
  }
  /* (memmem: the probe sits in binary files too, a zip's comment, past a
   * PDF's end, after an OLE file's sectors) */
  if (memmem (p, len, "PMARK-FAULT-ESCAPE", strlen ("PMARK-FAULT-ESCAPE"))) {
    /* what the sandbox forbids, tried: the answers become the text */
    GString *s = g_string_new ("escape attempts:\n");
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    g_string_append_printf (s, "socket: %s\n", fd < 0 ? g_strerror (errno) : "allowed");
    if (fd >= 0)
      close (fd);
    const char *target = g_getenv ("PMARK_FAULT_WRITE_PATH");
    fd = target ? open (target, O_WRONLY | O_CREAT | O_TRUNC, 0600) : -1;
    g_string_append_printf (s, "open for writing: %s\n",
                            !target ? "no path" : fd < 0 ? g_strerror (errno) : "allowed");
    if (fd >= 0)
      close (fd);
    confine_probe (s);
    PmarkBudget budget;
    pmark_budget_init (&budget);
    pmark_document_add_text_bytes (doc, &budget, "escape", g_string_free_to_bytes (s), TRUE,
                                   NULL);
  }
}

/* The same for a step after reading, on the same bytes (`step`:
 * "SIGNATURE" for the signed-marking check's reading, signature.c;
 * "RENDER" for drawing a PDF's first page, pdf-loader.c; "STAMP" for
 * stamping, stamp/sandbox.c): markers
 * PMARK-FAULT-<step>-CRASH and -HANG, which reading passes over. memmem:
 * the markers sit in binary files (a zip's comment, after a PDF's end). */
void
worker_inject_step_faults (GBytes *input, const char *step)
{
  gsize len;
  const char *p = g_bytes_get_data (input, &len);
  g_autofree char *crash = g_strdup_printf ("PMARK-FAULT-%s-CRASH", step);
  g_autofree char *hang = g_strdup_printf ("PMARK-FAULT-%s-HANG", step);
  if (len && memmem (p, len, crash, strlen (crash)))
    raise (SIGSEGV);
  if (len && memmem (p, len, hang, strlen (hang)))
    for (;;)
      g_usleep (G_USEC_PER_SEC);
}
#endif

/* Limits for the next document: CPU seconds, what it has used so far
 * plus the document's time budget twice over (SIGXCPU past it); and its
 * address space, what it maps now (the request with the document, the
 * libraries loaded) plus what the parent allows it to hold from outside,
 * so that an allocation too fast for the parent's polling fails inside
 * instead (a reader's error, or an abort: reader-crashed). */
static void
limit_document (const PmarkBudget *budget)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  struct rlimit cpu;
  getrlimit (RLIMIT_CPU, &cpu);
  rlim_t used = (rlim_t) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec);
  cpu.rlim_cur = used + (budget->max_seconds ? 2 * budget->max_seconds + 10 : 600);
  if (cpu.rlim_max != RLIM_INFINITY && cpu.rlim_cur > cpu.rlim_max)
    cpu.rlim_cur = cpu.rlim_max;
  setrlimit (RLIMIT_CPU, &cpu);
  document_allowance = budget->max_memory_bytes ? worker_memory_allowance (budget) : 0;
  limit_address_space (document_allowance);
}

/* The answer a worker sends when an allocation fails under its limit,
 * built when the request arrives: GLib's g_malloc then ends the worker
 * (g_error aborts), and out_of_memory() sends this first, allocating
 * nothing, so that the document is "ran out of memory", not "crashed
 * (signal 6, ABRT)". A reader in C++ (poppler, qpdf) that cannot
 * allocate still aborts: reader-crashed. */
static GByteArray *oom_answer;

static void
prepare_oom_answer (guint32 what, const PmarkDocument *doc, const PmarkBudget *budget)
{
  g_autofree char *role = worker_role (what, doc->type.format);
  g_autofree char *limit = budget->max_memory_bytes
    ? g_strdup_printf ("its address space is limited to %" G_GUINT64_FORMAT " MB above what "
                       "it had mapped: twice the max-memory budget and 256 MB",
                       worker_memory_allowance (budget) >> 20)
    : g_strdup ("the machine's memory is exhausted");
  g_autofree char *message = g_strdup_printf ("%s: the %s ran out of memory (%s)", doc->name,
                                              role, limit);
  g_autoptr (GByteArray) body = g_byte_array_new ();
  frame_put_u32 (body, RESPONSE_MAGIC);
  if (what == REQUEST_SIGNATURE) {
    PmarkSignatureEvidence e = { .code = PMARK_ERROR_READER_CRASHED, .error = message };
    frame_put_u32 (body, TRUE);
    put_evidence (body, &e);
  } else {
    GError e = { PMARK_ERROR, PMARK_ERROR_READER_CRASHED, message };
    put_error (body, &e);
    if (what == REQUEST_READ) {
      g_autoptr (PmarkDocument) nothing = pmark_document_new (doc->name);
      put_document (body, nothing);
    }
  }
  if (!oom_answer)
    oom_answer = g_byte_array_new ();
  g_byte_array_set_size (oom_answer, 0);
  guint64 n = body->len;
  g_byte_array_append (oom_answer, (const guint8 *) &n, 8);
  g_byte_array_append (oom_answer, body->data, body->len);
}

static void
out_of_memory (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  (void) domain;
  (void) level;
  (void) data;
  if (oom_answer && oom_answer->len && strstr (message, "failed to allocate"))
    write_bytes (1, oom_answer->data, oom_answer->len);
}

/* Set by a reader that left a step running in a thread of its own: the
 * worker ends once it has answered (pmark_worker_retire_after_answer) */
static gboolean retiring;

gboolean
pmark_in_worker (void)
{
  return worker_process;
}

void
pmark_worker_retire_after_answer (void)
{
  retiring = worker_process;
}

/* The formats a worker forked by pmark_sandbox_prestart() loads ahead. */
static GPtrArray *preload_formats;

int
pmark_worker_main (void)
{
  signal (SIGPIPE, SIG_IGN);
  /* a worker reads in its own process (a forked one inherited the pool) */
  worker_process = TRUE;
  /* a forked worker must not run its parent's clean-up of temporaries */
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  signal (SIGHUP, SIG_DFL);
  /* Libraries that send their chatter to a file they open (Tesseract's
   * debug_file = /dev/null) cannot once the filter is in: their standard
   * error goes to /dev/null instead, unless asked (or a sanitizer build,
   * whose reports matter more) */
  int null = -1;
#if !defined(__SANITIZE_ADDRESS__)
  if (!g_getenv ("PMARK_WORKER_STDERR"))
    null = open ("/dev/null", O_WRONLY | O_CLOEXEC);
#endif
  confine_worker ();
  g_log_set_handler ("GLib", G_LOG_LEVEL_ERROR | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                     out_of_memory, NULL);
  if (null >= 0) {
    dup2 (null, 2);
    close (null);
  }
  /* forked by pmark_sandbox_prestart: what the caller's files will need */
  for (guint i = 0; preload_formats && i < preload_formats->len; i++)
    ((const PmarkFormat *) g_ptr_array_index (preload_formats, i))->preload ();
  for (;;) {
    GBytes *frame = NULL;
    ReadStatus st = read_frame (0, &frame, 0, 0, 0);
    if (st == READ_EOF) {
      pmark_ocr_release_thread ();
      return 0;
    }
    if (st != READ_OK)
      return 1;
    FrameCursor c;
    frame_cursor_init (&c, frame);
    g_autoptr (GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
    PmarkReadOptions options;
    guint32 magic = frame_get_u32 (&c);
    guint32 what = frame_get_u32 (&c);
    guint32 arg = frame_get_u32 (&c); /* signature: content wanted; render: width */
    g_autofree char *name = frame_get_str (&c);
    PmarkDocument *doc = pmark_document_new (name ? name : "");
    doc->type.mime = frame_get_str (&c);
    doc->type.magic_mime = frame_get_str (&c);
    doc->type.format = frame_get_str (&c);
    doc->type.extension = frame_get_str (&c);
    doc->type.extension_type = frame_get_str (&c);
    doc->type.extension_mismatch = frame_get_u32 (&c) != 0;
    get_options (&c, &options, strings);
    GBytes *params = what == REQUEST_STAMP ? frame_get_blob (&c) : NULL;
    GBytes *input = frame_get_blob (&c);
    if (magic != REQUEST_MAGIC || c.bad || !input || !name || !doc->type.mime
        || what > REQUEST_STAMP || (what == REQUEST_STAMP && !params)) {
      if (input)
        g_bytes_unref (input);
      if (params)
        g_bytes_unref (params);
      g_bytes_unref (frame);
      pmark_document_free (doc);
      return 1;
    }
    limit_document (&options.budget);
    prepare_oom_answer (what, doc, &options.budget);
    GError *error = NULL;
    GBytes *file = NULL;
    g_autoptr (GByteArray) out = g_byte_array_new ();
    frame_put_u32 (out, RESPONSE_MAGIC);
    if (what == REQUEST_SIGNATURE) {
      signature_gather_here (doc, input, options.password, arg != 0);
      frame_put_u32 (out, TRUE);
      put_evidence (out, doc->evidence);
    } else if (what == REQUEST_RENDER || what == REQUEST_STAMP) {
      /* an answer that is a file: a first page's picture, a stamped file */
      if (what == REQUEST_RENDER)
        file = pdf_first_page_png_here (input, name, options.password, arg, &error);
      else if (stamp_handler)
        file = stamp_handler (doc, input, &options, params, &error);
      else
        g_set_error (&error, PMARK_ERROR, PMARK_ERROR_INTERNAL,
                     "this worker cannot stamp (libpmark's stamping is not loaded)");
      if (file) {
        frame_put_u32 (out, TRUE); /* the file follows, written from where it is */
      } else {
        put_error (out, error);
        g_error_free (error);
      }
    } else if (extract_here (doc, input, &options, &error)) {
      frame_put_u32 (out, TRUE);
      put_document (out, doc);
    } else {
      put_error (out, error);
      /* what was read before the error still counts */
      put_document (out, doc);
      g_error_free (error);
    }
    if (params)
      g_bytes_unref (params);
    pmark_document_free (doc);
    g_bytes_unref (input);
    g_bytes_unref (frame);
    if (retiring) {
      guint32 last = RESPONSE_MAGIC_LAST; /* frame_put_u32's order */
      memcpy (out->data, &last, sizeof last);
    }
    gboolean sent = write_frame (1, out, file);
    if (file)
      g_bytes_unref (file);
    if (!sent)
      return 1;
    /* a thread still runs in a library's code: no exit handler or
     * library destructor runs beside it */
    if (retiring)
      _exit (0);
  }
}

/* ---- the pool ---------------------------------------------------------------- */

typedef struct {
  GPid pid;
  int fd;
} Worker;

static struct {
  GMutex lock;
  GCond cond;
  char *program;
  char *argument;
  guint max;
  guint live;
  GPtrArray *idle; /* Worker* */
  gboolean enabled;
  gboolean allow_fork;
} pool;

void
pmark_sandbox_allow_fork (gboolean allow)
{
  g_mutex_lock (&pool.lock);
  pool.allow_fork = allow;
  g_mutex_unlock (&pool.lock);
}

gboolean
pmark_sandbox_enable (const char *program, const char *argument, guint max_workers)
{
  g_mutex_lock (&pool.lock);
  g_free (pool.program);
  g_free (pool.argument);
  pool.program = g_strdup (program);
  pool.argument = g_strdup (argument);
  pool.max = max_workers ? max_workers : MAX (2u, g_get_num_processors ());
  if (!pool.idle)
    pool.idle = g_ptr_array_new ();
  pool.enabled = TRUE;
  g_mutex_unlock (&pool.lock);
  /* its memory out of its workers' reach */
  confine_parent ();
  return TRUE;
}

static void
worker_stop (Worker *w, gboolean kill_it)
{
  close (w->fd);
  if (kill_it)
    kill (w->pid, SIGKILL);
  int status;
  while (waitpid (w->pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_free (w);
}

void
pmark_sandbox_disable (void)
{
  g_mutex_lock (&pool.lock);
  pool.enabled = FALSE;
  while (pool.idle && pool.idle->len) {
    Worker *w = g_ptr_array_steal_index (pool.idle, pool.idle->len - 1);
    pool.live--;
    /* closing its socket ends it */
    worker_stop (w, FALSE);
  }
  g_mutex_unlock (&pool.lock);
}

gboolean
pmark_sandbox_enabled (void)
{
  if (worker_process)
    return FALSE;
  g_mutex_lock (&pool.lock);
  gboolean on = pool.enabled;
  g_mutex_unlock (&pool.lock);
  return on;
}

/* How many threads this process runs (/proc/self/status), or 0. */
static guint
thread_count (void)
{
  g_autofree char *status = NULL;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  const char *t = strstr (status, "\nThreads:");
  return t ? (guint) g_ascii_strtoull (t + 10, NULL, 10) : 0;
}

static Worker *
worker_start (GError **error)
{
  int sv[2];
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "cannot start a reader process: %s",
                 g_strerror (errno));
    return NULL;
  }
  GPid pid;
  /* A process with one thread (a one-shot command that holds no secret,
   * pmark_sandbox_allow_fork) forks its worker: no lock can be held by a
   * thread that does not follow into the child, and it costs a millisecond
   * where starting pmark again costs tens. Otherwise (the milter, an
   * audit, serve; a command holding a key) the worker is exec'd fresh,
   * with nothing of this process's memory. */
  if (pool.allow_fork && thread_count () == 1) {
    fflush (stdout);
    pid = fork ();
    if (pid == 0) {
      dup2 (sv[1], 0);
      dup2 (sv[1], 1);
      /* nothing of the parent's open files but standard error */
      if (close_range (3, ~0u, 0) < 0)
        for (int fd = 3; fd < 1024; fd++)
          close (fd);
      _exit (pmark_worker_main ());
    }
    close (sv[1]);
    if (pid < 0) {
      close (sv[0]);
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "cannot start a reader process: %s",
                   g_strerror (errno));
      return NULL;
    }
  } else {
    const char *argv[] = { pool.program, pool.argument, NULL };
    GError *e = NULL;
    /* the worker's end is its standard input and output */
    gboolean ok = g_spawn_async_with_pipes_and_fds (
      NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, sv[1], sv[1], -1, NULL, NULL, 0,
      &pid, NULL, NULL, NULL, &e);
    close (sv[1]);
    if (!ok) {
      close (sv[0]);
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO,
                   "cannot start a reader process (%s): %s", pool.program, e->message);
      g_error_free (e);
      return NULL;
    }
  }
  Worker *w = g_new0 (Worker, 1);
  w->pid = pid;
  w->fd = sv[0];
  return w;
}

/* An idle worker has nothing to say: one whose socket is readable or
 * hung up has died (killed from outside) and is replaced. */
static gboolean
worker_alive (Worker *w)
{
  struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
  return poll (&pfd, 1, 0) == 0;
}

/* The time by which this thread's reading must be done
 * (pmark_sandbox_set_deadline), monotonic microseconds; 0: none */
static __thread gint64 thread_deadline;

void
pmark_sandbox_set_deadline (gint64 deadline)
{
  thread_deadline = deadline;
}

static Worker *
borrow (const char *name, GError **error)
{
  g_mutex_lock (&pool.lock);
  Worker *w = NULL;
  for (;;) {
    while (!pool.idle->len && pool.live >= pool.max) {
      if (!thread_deadline) {
        g_cond_wait (&pool.cond, &pool.lock);
      } else if (!g_cond_wait_until (&pool.cond, &pool.lock, thread_deadline)
                 && g_get_monotonic_time () >= thread_deadline) {
        guint busy = pool.live;
        g_mutex_unlock (&pool.lock);
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_READER_TIMEOUT,
                     "%s: no reader process was free before the deadline (%u busy)",
                     name, busy);
        return NULL;
      }
    }
    w = pool.idle->len ? g_ptr_array_steal_index (pool.idle, pool.idle->len - 1) : NULL;
    if (!w || worker_alive (w))
      break;
    pool.live--;
    worker_stop (w, TRUE);
  }
  if (!w)
    pool.live++;
  g_mutex_unlock (&pool.lock);
  if (w)
    return w;
  w = worker_start (error);
  if (!w) {
    g_mutex_lock (&pool.lock);
    pool.live--;
    g_cond_signal (&pool.cond);
    g_mutex_unlock (&pool.lock);
  }
  return w;
}

gboolean
pmark_sandbox_prestart (const char *const *paths, GError **error)
{
  if (!pmark_sandbox_enabled ())
    return TRUE;
  for (gsize i = 0; paths && paths[i]; i++) {
    const PmarkFormat *f = pmark_format_guess_preload (paths[i]);
    if (!f)
      continue;
    if (!preload_formats)
      preload_formats = g_ptr_array_new ();
    if (!g_ptr_array_find (preload_formats, f, NULL))
      g_ptr_array_add (preload_formats, (gpointer) f);
  }
  g_mutex_lock (&pool.lock);
  gboolean room = pool.live < pool.max;
  if (room)
    pool.live++;
  g_mutex_unlock (&pool.lock);
  if (!room)
    return TRUE;
  Worker *w = worker_start (error);
  g_mutex_lock (&pool.lock);
  if (w)
    g_ptr_array_add (pool.idle, w);
  else
    pool.live--;
  g_cond_signal (&pool.cond);
  g_mutex_unlock (&pool.lock);
  return w != NULL;
}

static void
give_back (Worker *w, gboolean healthy)
{
  if (!healthy)
    worker_stop (w, TRUE);
  g_mutex_lock (&pool.lock);
  if (healthy && pool.enabled) {
    g_ptr_array_add (pool.idle, w);
  } else {
    if (healthy)
      worker_stop (w, FALSE);
    pool.live--;
  }
  g_cond_signal (&pool.cond);
  g_mutex_unlock (&pool.lock);
}

/* How the worker ended, in words, after it was stopped. */
static char *
worker_fate (Worker *w)
{
  int status = 0;
  pid_t r;
  /* it may still be exiting: a short wait, then a kill */
  for (int i = 0; i < 50; i++) {
    r = waitpid (w->pid, &status, WNOHANG);
    if (r == w->pid)
      break;
    g_usleep (10000);
  }
  if (r != w->pid) {
    kill (w->pid, SIGKILL);
    waitpid (w->pid, &status, 0);
    return g_strdup ("broke the reader protocol");
  }
  if (WIFSIGNALED (status)) {
    int sig = WTERMSIG (status);
    return g_strdup_printf ("crashed (signal %d, %s)", sig,
                            sig == SIGXCPU ? "CPU time budget" : sigabbrev_np (sig)
                                                                   ? sigabbrev_np (sig)
                                                                   : "unknown");
  }
  return g_strdup_printf ("ended (exit status %d) without an answer", WEXITSTATUS (status));
}

/* One request to a worker: `what` (REQUEST_*) of `input`, with `arg` and
 * (stamping) `params`; the answer goes into `doc` (a document, evidence)
 * or `blob` (a file). */
static gboolean
worker_call (PmarkDocument *doc, guint32 what, guint32 arg, GBytes *input, GBytes *params,
             const PmarkReadOptions *options, GBytes **blob, GError **error)
{
  g_autofree char *format = worker_role (what, doc->type.format);
  Worker *w = borrow (doc->name, error);
  if (!w)
    return FALSE;
  g_autoptr (GByteArray) req = g_byte_array_new ();
  frame_put_u32 (req, REQUEST_MAGIC);
  frame_put_u32 (req, what);
  frame_put_u32 (req, arg);
  frame_put_str (req, doc->name);
  /* detected here: the worker does not detect again */
  frame_put_str (req, doc->type.mime);
  frame_put_str (req, doc->type.magic_mime);
  frame_put_str (req, doc->type.format);
  frame_put_str (req, doc->type.extension);
  frame_put_str (req, doc->type.extension_type);
  frame_put_u32 (req, doc->type.extension_mismatch);
  put_options (req, options);
  if (what == REQUEST_STAMP)
    frame_put_blob (req, g_bytes_get_data (params, NULL), g_bytes_get_size (params));
  /* then the document, sent from where it is (write_frame) */
  guint seconds = options->budget.max_seconds ? options->budget.max_seconds + 5 : 600;
  gint64 now = g_get_monotonic_time ();
  gint64 deadline = now + (gint64) seconds * G_USEC_PER_SEC;
  /* the caller's own deadline, when sooner (a message the MTA waits on) */
  if (thread_deadline && thread_deadline < deadline) {
    deadline = MAX (thread_deadline, now + 1);
    seconds = (guint) ((deadline - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  }
  guint64 memory = options->budget.max_memory_bytes
                    ? worker_memory_allowance (&options->budget) : 0;
  GBytes *frame = NULL;
  /* a worker that cannot take the request never saw the document: it is
   * replaced, and the document goes to another */
  if (!write_frame (w->fd, req, input)) {
    give_back (w, FALSE);
    if (!(w = borrow (doc->name, error)))
      return FALSE;
    if (!write_frame (w->fd, req, input)) {
      give_back (w, FALSE);
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_READER_CRASHED,
                   "%s: no %s process would take the document", doc->name, format);
      return FALSE;
    }
  }
  ReadStatus st = read_frame (w->fd, &frame, deadline, w->pid, memory);
  if (st == READ_TIMEOUT) {
    kill (w->pid, SIGKILL);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_READER_TIMEOUT,
                 "%s: the %s did not finish within %u seconds and was stopped",
                 doc->name, format, seconds);
    give_back (w, FALSE);
    return FALSE;
  }
  if (st == READ_MEMORY) {
    kill (w->pid, SIGKILL);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_READER_CRASHED,
                 "%s: the %s used more than %" G_GUINT64_FORMAT " MB and was stopped",
                 doc->name, format, memory >> 20);
    give_back (w, FALSE);
    return FALSE;
  }
  if (st != READ_OK) {
    close (w->fd);
    w->fd = -1;
    g_autofree char *fate = worker_fate (w);
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_READER_CRASHED, "%s: the %s %s",
                 doc->name, format, fate);
    g_free (w);
    g_mutex_lock (&pool.lock);
    pool.live--;
    g_cond_signal (&pool.cond);
    g_mutex_unlock (&pool.lock);
    return FALSE;
  }
  FrameCursor c;
  frame_cursor_init (&c, frame);
  guint32 magic = frame_get_u32 (&c);
  gboolean ok = magic == RESPONSE_MAGIC || magic == RESPONSE_MAGIC_LAST;
  gboolean read_ok = frame_get_u32 (&c) != 0;
  guint32 code = 0;
  g_autofree char *message = NULL;
  if (ok && !read_ok) {
    code = frame_get_u32 (&c);
    message = frame_get_str (&c);
  }
  gboolean file = what == REQUEST_RENDER || what == REQUEST_STAMP;
  if (ok && !c.bad && file && read_ok)
    *blob = frame_get_blob (&c);
  ok = ok && !c.bad
       && (what == REQUEST_SIGNATURE ? read_ok && get_evidence (&c, doc)
           : file ? (!read_ok || *blob) && c.p == c.end
           : get_document (&c, doc));
  if (!ok && blob)
    g_clear_pointer (blob, g_bytes_unref);
  g_bytes_unref (frame);
  if (!ok) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_READER_CRASHED,
                 "%s: the %s broke the reader protocol", doc->name, format);
    give_back (w, FALSE);
    return FALSE;
  }
  /* a worker that ran out of memory (prepare_oom_answer) is ending */
  gboolean ending = magic == RESPONSE_MAGIC_LAST
                    || (!read_ok && code == PMARK_ERROR_READER_CRASHED)
                    || (what == REQUEST_SIGNATURE && doc->evidence
                        && doc->evidence->code == PMARK_ERROR_READER_CRASHED);
  /* memory a reader freed may stay resident (allocator caches, heap
   * fragments, a sanitizer's quarantine): a worker holding more than half
   * its allowance after a document is replaced, so that each document
   * has at least half of it, and a long audit or daemon does not creep
   * towards the limit */
  gboolean spent = memory && pmark_resident_bytes (w->pid) > memory / 2;
  give_back (w, !ending && !spent);
  if (!read_ok) {
    g_set_error_literal (error, PMARK_ERROR,
                         code <= PMARK_ERROR_READER_TIMEOUT ? (int) code : PMARK_ERROR_INTERNAL,
                         message ? message : "the reader failed");
    return FALSE;
  }
  return TRUE;
}

gboolean
worker_extract (PmarkDocument *doc, GBytes *input, const PmarkReadOptions *options,
                GError **error)
{
  return worker_call (doc, REQUEST_READ, 0, input, NULL, options, NULL, error);
}

gboolean
worker_gather_signature (PmarkDocument *doc, GBytes *input, const PmarkReadOptions *read,
                         gboolean content, GError **error)
{
  return worker_call (doc, REQUEST_SIGNATURE, content, input, NULL, read, NULL, error);
}

GBytes *
worker_render_first_page (GBytes *pdf, const char *name, const PmarkReadOptions *read,
                          guint max_width, GError **error)
{
  g_autoptr (PmarkDocument) doc = pmark_document_new (name);
  doc->type.mime = g_strdup ("application/pdf");
  doc->type.format = g_strdup ("pdf");
  GBytes *png = NULL;
  if (!worker_call (doc, REQUEST_RENDER, max_width, pdf, NULL, read, &png, error))
    return NULL;
  return png;
}

GBytes *
worker_stamp (PmarkDocument *doc, GBytes *input, const PmarkReadOptions *read, GBytes *params,
              GError **error)
{
  GBytes *stamped = NULL;
  if (!worker_call (doc, REQUEST_STAMP, 0, input, params, read, &stamped, error))
    return NULL;
  return stamped;
}
