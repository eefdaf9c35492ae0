/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* STREAM, in batches: chunks are independent once their counter is known,
 * so a batch of chunks is sealed or opened on every core, then written (or
 * released) in order. Reading one byte past a batch tells whether its last
 * chunk is the file's last. */
#include "config.h"

#include <gio/gfiledescriptorbased.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pmark/error.h>

#include "stream.h"

#define BATCH 64                          /* chunks per batch: 4 MiB */
#define SEALED (AGE_CHUNK + AGE_TAG_LEN)
#define MAX_WORKERS 8

static void
set_nonce (guint8 nonce[12], guint64 counter, gboolean last)
{
  memset (nonce, 0, 12);
  for (int i = 0; i < 8; i++)
    nonce[10 - i] = (guint8) (counter >> (8 * i));
  nonce[11] = last ? 1 : 0;
}

static guint8 *
payload_key (const guint8 file_key[AGE_FILE_KEY_LEN],
             const guint8 nonce[AGE_PAYLOAD_NONCE_LEN])
{
  guint8 *key = age_secure_alloc (AGE_KEY_LEN);
  age_hkdf (nonce, AGE_PAYLOAD_NONCE_LEN, file_key, AGE_FILE_KEY_LEN, "payload",
            key, AGE_KEY_LEN);
  return key;
}

static gboolean
payload_error (GError **error, const char *what, guint64 chunk)
{
  g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_PAYLOAD,
               "invalid age payload: %s (chunk %" G_GUINT64_FORMAT ")", what, chunk);
  return FALSE;
}

/* ---- a batch on every core ----------------------------------------------- */

typedef struct {
  const guint8 *key;
  gboolean seal;
  guint64 first;       /* counter of chunk 0 */
  guint n;             /* chunks in the batch */
  gboolean last_is_final;
  const guint8 *in;    /* chunk i at in + i * in_stride, in_len[i] bytes */
  gsize in_stride;
  gsize in_len[BATCH];
  guint8 *out;         /* chunk i at out + i * out_stride */
  gsize out_stride;
  /* opening: the tag verified under the expected flag (right) or only
   * under the other one (wrong) */
  gboolean right[BATCH], wrong[BATCH];
} Batch;

typedef struct {
  Batch *b;
  guint from, to;
} Slice;

static gpointer
run_slice (gpointer data)
{
  const Slice *s = data;
  Batch *b = s->b;
  for (guint i = s->from; i < s->to; i++) {
    guint8 nonce[12];
    gboolean final = b->last_is_final && i == b->n - 1;
    const guint8 *in = b->in + i * b->in_stride;
    guint8 *out = b->out + i * b->out_stride;
    set_nonce (nonce, b->first + i, final);
    if (b->seal) {
      age_aead_seal (b->key, nonce, in, b->in_len[i], out);
      continue;
    }
    b->right[i] = age_aead_open (b->key, nonce, in, b->in_len[i], out);
    b->wrong[i] = FALSE;
    if (!b->right[i]) {
      set_nonce (nonce, b->first + i, !final);
      b->wrong[i] = age_aead_open (b->key, nonce, in, b->in_len[i], out);
    }
  }
  return NULL;
}

/* The helpers of one encryption or decryption: threads made once, each
 * batch split between them and the caller. */
typedef struct {
  GThreadPool *pool;
  guint workers;        /* the caller included */
  GMutex lock;
  GCond done;
  guint pending;
} Crew;

static void
crew_run (gpointer data, gpointer user_data)
{
  Crew *c = user_data;
  run_slice (data);
  g_mutex_lock (&c->lock);
  if (--c->pending == 0)
    g_cond_signal (&c->done);
  g_mutex_unlock (&c->lock);
}

static void
crew_init (Crew *c)
{
  memset (c, 0, sizeof *c);
  c->workers = MIN (g_get_num_processors (), MAX_WORKERS);
  g_mutex_init (&c->lock);
  g_cond_init (&c->done);
  if (c->workers > 1)
    c->pool = g_thread_pool_new (crew_run, c, c->workers - 1, TRUE, NULL);
  if (!c->pool)
    c->workers = 1;
}

static void
crew_clear (Crew *c)
{
  if (c->pool)
    g_thread_pool_free (c->pool, FALSE, TRUE);
  g_mutex_clear (&c->lock);
  g_cond_clear (&c->done);
}

static void
run_batch (Crew *c, Batch *b)
{
  guint workers = MIN (c->workers, b->n);
  Slice slices[MAX_WORKERS];
  for (guint w = 0; w < workers; w++)
    slices[w] = (Slice) { b, b->n * w / workers, b->n * (w + 1) / workers };
  c->pending = workers - 1;
  for (guint w = 1; w < workers; w++)
    g_thread_pool_push (c->pool, &slices[w], NULL);
  run_slice (&slices[0]);
  g_mutex_lock (&c->lock);
  while (c->pending)
    g_cond_wait (&c->done, &c->lock);
  g_mutex_unlock (&c->lock);
}

/* ---- encryption ------------------------------------------------------------ */

/* reads until `n` bytes or the end */
static gssize
read_full (GInputStream *in, guint8 *buf, gsize n, GError **error)
{
  gsize got = 0;
  GError *e = NULL;
  if (!g_input_stream_read_all (in, buf, n, &got, NULL, &e)) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "read failed: %s", e->message);
    g_error_free (e);
    return -1;
  }
  return got;
}

/* A regular file under the stream is mapped and sealed in place: no copy
 * through a buffer (which costs more than the cipher on a large file). */
static const guint8 *
map_input (GInputStream *in, gsize *len, gsize *map_len, guint8 **map)
{
  *map = NULL;
  if (!G_IS_FILE_DESCRIPTOR_BASED (in))
    return NULL;
  int fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (in));
  struct stat st;
  off_t pos = lseek (fd, 0, SEEK_CUR);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || pos < 0
      || st.st_size <= pos || st.st_size < 4 * AGE_CHUNK
      || (guint64) st.st_size > G_MAXSIZE / 2)
    return NULL;
  void *p = mmap (NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED)
    return NULL;
  madvise (p, st.st_size, MADV_SEQUENTIAL);
  *map = p;
  *map_len = st.st_size;
  *len = st.st_size - pos;
  return (const guint8 *) p + pos;
}

gboolean
age_stream_encrypt (const guint8 file_key[AGE_FILE_KEY_LEN], GInputStream *in,
                    AgeWriter *out, GError **error)
{
  guint8 nonce16[AGE_PAYLOAD_NONCE_LEN];
  age_random (nonce16, sizeof nonce16);
  if (!age_writer_write (out, nonce16, sizeof nonce16, error))
    return FALSE;
  guint8 *key = payload_key (file_key, nonce16);
  const gsize cap = BATCH * AGE_CHUNK;
  g_autofree guint8 *plain = g_malloc (cap + 1);
  g_autofree guint8 *sealed = g_malloc (BATCH * SEALED);
  Batch b = { .key = key, .seal = TRUE, .in = plain, .in_stride = AGE_CHUNK,
              .out = sealed, .out_stride = SEALED };
  gboolean ok = FALSE;
  gsize have = 0; /* bytes carried over: the byte read past a batch */
  guint64 counter = 0;
  Crew crew;
  crew_init (&crew);
  gsize mapped_len = 0, map_len = 0, done = 0;
  guint8 *map = NULL;
  const guint8 *mapped = map_input (in, &mapped_len, &map_len, &map);
  for (;;) {
    if (mapped) {
      b.in = mapped + done;
      have = mapped_len - done;
      done += MIN (have, cap);
    } else {
      gssize n = read_full (in, plain + have, cap + 1 - have, error);
      if (n < 0)
        break;
      have += n;
    }
    gboolean at_end = have <= cap;
    gsize len = MIN (have, cap);
    /* at the end: every chunk up to the data's end, the last one short or
     * full (or empty when the whole input is) */
    b.n = at_end ? MAX (1, (guint) ((len + AGE_CHUNK - 1) / AGE_CHUNK)) : BATCH;
    for (guint i = 0; i < b.n; i++)
      b.in_len[i] = MIN (AGE_CHUNK, len - MIN (len, i * (gsize) AGE_CHUNK));
    b.first = counter;
    b.last_is_final = at_end;
    run_batch (&crew, &b);
    /* every chunk but the last is full: the batch is one run of bytes */
    gsize total = (b.n - 1) * (gsize) SEALED + b.in_len[b.n - 1] + AGE_TAG_LEN;
    if (!age_writer_write (out, sealed, total, error))
      break;
    if (at_end) {
      ok = TRUE;
      break;
    }
    counter += b.n;
    if (counter >= (G_GUINT64_CONSTANT (1) << 40)) {
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET, "input too large for age");
      break;
    }
    if (!mapped) {
      plain[0] = plain[cap];
      have = 1;
    }
  }
  crew_clear (&crew);
  if (map)
    munmap (map, map_len);
  sodium_memzero (plain, cap + 1);
  age_secure_free (key);
  return ok;
}

/* ---- decryption ------------------------------------------------------------ */

gboolean
age_stream_decrypt (const guint8 file_key[AGE_FILE_KEY_LEN], AgeReader *in,
                    AgeSink sink, gpointer user_data, GError **error)
{
  guint8 nonce16[AGE_PAYLOAD_NONCE_LEN];
  gssize n = age_reader_read (in, nonce16, sizeof nonce16, error);
  if (n < 0)
    return FALSE;
  if (n != sizeof nonce16) {
    /* the nonce belongs with the header: its absence is a header failure */
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_AGE_HEADER,
                 "invalid age header: no payload nonce after it");
    return FALSE;
  }
  guint8 *key = payload_key (file_key, nonce16);
  const gsize cap = BATCH * SEALED;
  g_autofree guint8 *buf = g_malloc (cap + 1);
  g_autofree guint8 *plain = g_malloc (BATCH * AGE_CHUNK);
  Batch b = { .key = key, .seal = FALSE, .in = buf, .in_stride = SEALED,
              .out = plain, .out_stride = AGE_CHUNK };
  gboolean ok = FALSE, failed = FALSE;
  guint64 counter = 0;
  gsize have = 0;
  Crew crew;
  crew_init (&crew);
  while (!ok && !failed) {
    n = age_reader_read (in, buf + have, cap + 1 - have, error);
    if (n < 0)
      break;
    have += n;
    gboolean at_end = have <= cap;
    gsize len = MIN (have, cap);
    b.n = at_end ? MAX (1, (guint) ((len + SEALED - 1) / SEALED)) : BATCH;
    for (guint i = 0; i < b.n; i++)
      b.in_len[i] = MIN (SEALED, len - MIN (len, i * (gsize) SEALED));
    b.first = counter;
    b.last_is_final = at_end;
    run_batch (&crew, &b);
    /* in order: release what authenticated, stop at the first fault; the
     * released chunks are full but maybe the last, so one run of bytes */
    gsize released = 0;
    GError *fault = NULL;
    for (guint i = 0; i < b.n; i++, counter++) {
      gsize clen = b.in_len[i];
      gboolean final = at_end && i == b.n - 1;
      if (clen < AGE_TAG_LEN) {
        payload_error (&fault, counter == 0 ? "no payload" : "a truncated chunk", counter);
        break;
      }
      if (final && clen == AGE_TAG_LEN && counter > 0) {
        payload_error (&fault, "an empty last chunk", counter);
        break;
      }
      /* As age does (and the CCTV vectors expect): a chunk is released
       * once authenticated, also when its flag then proves wrong: a last
       * chunk with data after it, or a full chunk that was not the last
       * at the end. A short chunk not flagged last is never released. */
      gboolean release = b.right[i] || (b.wrong[i] && (!final || clen == SEALED));
      if (release)
        released += clen - AGE_TAG_LEN;
      if (!b.right[i]) {
        payload_error (&fault, !b.wrong[i] ? "a chunk fails authentication"
                               : final ? "the file ends before its last chunk"
                                       : "data after the last chunk", counter);
        break;
      }
      if (final)
        ok = TRUE;
    }
    if (released && !sink (plain, released, user_data, error)) {
      g_clear_error (&fault);
      ok = FALSE;
      failed = TRUE;
    } else if (fault) {
      g_propagate_error (error, fault);
      ok = FALSE;
      failed = TRUE;
    }
    if (!at_end) {
      buf[0] = buf[cap];
      have = 1;
    }
  }
  crew_clear (&crew);
  sodium_memzero (plain, BATCH * AGE_CHUNK);
  age_secure_free (key);
  return ok;
}
