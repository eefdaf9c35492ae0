/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

static int
open_readonly (const char *path)
{
#ifdef O_NOATIME
  /* O_NOATIME is refused (EPERM) on files we do not own. */
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOATIME);
  if (fd >= 0 || errno != EPERM)
    return fd;
#endif
  return open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
}

static GBytes *
read_fd (int fd, const char *path, guint64 expect, const PmarkBudget *budget,
         GError **error)
{
  gsize cap = expect ? (gsize) expect + 1 : 64 * 1024, len = 0;
  guint8 *buf = g_malloc (cap);

  for (;;) {
    if (len == cap) {
      if (cap > budget->max_input_bytes) {
        g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                     "%s: larger than the max-input-bytes budget (%" G_GUINT64_FORMAT " bytes)",
                     path, budget->max_input_bytes);
        g_free (buf);
        return NULL;
      }
      cap *= 2;
      buf = g_realloc (buf, cap);
    }
    ssize_t n = read (fd, buf + len, cap - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      g_set_error (error, PMARK_ERROR, PMARK_ERROR_IO, "%s: read failed: %s",
                   path, g_strerror (e));
      g_free (buf);
      return NULL;
    }
    if (n == 0)
      break;
    len += (gsize) n;
  }
  if (len > budget->max_input_bytes) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "%s: larger than the max-input-bytes budget (%" G_GUINT64_FORMAT " bytes)",
                 path, budget->max_input_bytes);
    g_free (buf);
    return NULL;
  }
  return g_bytes_new_take (buf, len);
}

GBytes *
pmark_file_read (const char *path, const PmarkBudget *budget, GError **error)
{
  if (strcmp (path, "-") == 0)
    return read_fd (STDIN_FILENO, "<stdin>", 0, budget, error);

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
  } else if ((guint64) st.st_size > budget->max_input_bytes) {
    g_set_error (error, PMARK_ERROR, PMARK_ERROR_BUDGET,
                 "%s: %" G_GUINT64_FORMAT " bytes is larger than the "
                 "max-input-bytes budget (%" G_GUINT64_FORMAT " bytes)",
                 path, (guint64) st.st_size, budget->max_input_bytes);
  } else {
    bytes = read_fd (fd, path, (guint64) st.st_size, budget, error);
  }
  close (fd);
  return bytes;
}
