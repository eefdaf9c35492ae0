/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

/* Large files are read into an anonymous mapping that asks for huge pages:
 * for a 100 MB text this turns tens of thousands of page faults, which
 * cost more than the reading itself, into a few dozen. */
#define HUGE_READ_MIN (8u << 20)
#define HUGE_PAGE (2u << 20)

typedef struct {
  void *addr;
  gsize size;
} Mapping;

static void
mapping_free (gpointer p)
{
  Mapping *m = p;
  munmap (m->addr, m->size);
  g_free (m);
}

static guint8 *
alloc_buffer (gsize size, Mapping **mapping)
{
  *mapping = NULL;
  if (size >= HUGE_READ_MIN) {
    gsize rounded = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *addr = mmap (NULL, rounded, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (addr != MAP_FAILED) {
#ifdef MADV_HUGEPAGE
      madvise (addr, rounded, MADV_HUGEPAGE);
#endif
      *mapping = g_new (Mapping, 1);
      (*mapping)->addr = addr;
      (*mapping)->size = rounded;
      return addr;
    }
  }
  return g_malloc (size);
}

/* Fills buf[*len, cap) from fd until it is full or the input ends. */
static gboolean
read_fill (int fd, const char *path, guint8 *buf, gsize cap, gsize *len,
           GError **error)
{
  while (*len < cap) {
    ssize_t n = read (fd, buf + *len, cap - *len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: read failed: %s",
                   path, g_strerror (e));
      return FALSE;
    }
    if (n == 0)
      break;
    *len += (gsize) n;
  }
  return TRUE;
}

static void
set_too_big (GError **error, const char *path, const PmarkBudget *budget)
{
  if (pmark_budget_max_read (budget) < budget->max_input_bytes)
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "%s: larger than half the max-memory budget (%" G_GUINT64_FORMAT
                 " MB): too big to read within it", path,
                 budget->max_memory_bytes >> 20);
  else
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "%s: larger than the max-input-bytes budget (%" G_GUINT64_FORMAT
                 " bytes)",
                 path, budget->max_input_bytes);
}

/* Reads exactly a regular file whose size is known: one buffer, no
 * reallocation. A file that grows while being read is read as far as its
 * size said; one that shrinks, as far as it goes. */
static GBytes *
read_sized (int fd, const char *path, gsize size, GError **error)
{
  Mapping *mapping;
  guint8 *buf = alloc_buffer (size ? size : 1, &mapping);
  gsize len = 0;
  if (!read_fill (fd, path, buf, size, &len, error)) {
    if (mapping)
      mapping_free (mapping);
    else
      g_free (buf);
    return NULL;
  }
  if (mapping)
    return g_bytes_new_with_free_func (buf, len, mapping_free, mapping);
  return g_bytes_new_take (buf, len);
}

/* O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever;
 * the type is checked right after, and the flag cleared for reading. */
static int
open_readonly (const char *path)
{
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
#ifdef O_NOATIME
  /* O_NOATIME is refused (EPERM) on files we do not own. */
  int fd = open (path, flags | O_NOATIME);
  if (fd >= 0 || errno != EPERM)
    return fd;
#endif
  return open (path, flags);
}

/* Standard input: size unknown, grown as it comes, up to the budget. */
static GBytes *
read_stream (int fd, const char *path, const PmarkBudget *budget,
             GError **error)
{
  gsize cap = 64 * 1024, len = 0;
  guint8 *buf = g_malloc (cap);
  for (;;) {
    if (!read_fill (fd, path, buf, cap, &len, error)) {
      g_free (buf);
      return NULL;
    }
    if (len > pmark_budget_max_read (budget)) {
      set_too_big (error, path, budget);
      g_free (buf);
      return NULL;
    }
    if (len < cap)
      return g_bytes_new_take (buf, len);
    cap *= 2;
    buf = g_realloc (buf, cap);
  }
}

GBytes *
pmark_file_read (const char *path, const PmarkBudget *budget, GError **error)
{
  if (strcmp (path, "-") == 0)
    return read_stream (STDIN_FILENO, "<stdin>", budget, error);

  int fd = open_readonly (path);
  if (fd < 0) {
    int e = errno;
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: cannot open: %s",
                 path, g_strerror (e));
    return NULL;
  }
  struct stat st;
  GBytes *bytes = NULL;
  if (fstat (fd, &st) != 0) {
    int e = errno;
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: cannot stat: %s",
                 path, g_strerror (e));
  } else if (!S_ISREG (st.st_mode)) {
    /* A fifo or device could block or never end. */
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_NOT_REGULAR,
                 "%s: not a regular file", path);
  } else if ((guint64) st.st_size > pmark_budget_max_read (budget)) {
    set_too_big (error, path, budget);
  } else {
    fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
    bytes = read_sized (fd, path, (gsize) st.st_size, error);
  }
  close (fd);
  return bytes;
}

GBytes *
pmark_file_read_head (const char *path, gsize max, guint64 *size)
{
  if (!strcmp (path, "-"))
    return NULL;
  int fd = open_readonly (path);
  if (fd < 0)
    return NULL;
  struct stat st;
  GBytes *head = NULL;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode)) {
    *size = (guint64) st.st_size;
    gsize want = (gsize) MIN ((guint64) max, (guint64) st.st_size);
    guint8 *buf = g_malloc (want + 1);
    gsize got = 0;
    while (got < want) {
      ssize_t n = pread (fd, buf + got, want - got, (off_t) got);
      if (n <= 0) {
        if (n < 0 && errno == EINTR)
          continue;
        break;
      }
      got += (gsize) n;
    }
    head = g_bytes_new_take (buf, got);
  }
  close (fd);
  return head;
}
