/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pmark milter: the gateway as a milter (libmilter) for Postfix and
 * Sendmail. Each message's state lives in the context (smfi_setpriv) from
 * MAIL FROM to the end of the message and is freed in one function,
 * msg_release(), whichever way the message ends (eom, abort, close). On an
 * internal failure the message is answered with --on-error (tempfail by
 * default): none is lost, and none passes unmarked by accident. */
#include "config.h"

#include <errno.h>
#include <libmilter/mfapi.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <sys/socket.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "cli.h"

typedef enum { ON_ERROR_TEMPFAIL, ON_ERROR_REJECT, ON_ERROR_ACCEPT } OnError;

/* Set before smfi_main and only read after: shared by every thread. */
static struct {
  PmarkPolicy *policy;
  PmarkReadOptions options;
  OnError on_error;
  gsize max_bytes;
  guint message_seconds;   /* a message's decision, at most */
  char *log_path;
} milter;

typedef struct {
  char *sender;
  GPtrArray *recipients;   /* char*, NULL-terminated when used */
  GByteArray *message;     /* header as "Name: value\r\n" lines, then body */
  gboolean truncated;      /* over --max-message-mb: the rest dropped */
  int n_marking;           /* X-Protective-Marking fields seen */
  int n_result;            /* X-pmark-Result fields seen */
  int n_sio_label;         /* SIO-Label fields seen */
  gboolean has_subject;
} Msg;

/* The one place a message's state is freed. */
static void
msg_release (SMFICTX *ctx)
{
  Msg *m = smfi_getpriv (ctx);
  if (!m)
    return;
  smfi_setpriv (ctx, NULL);
  g_free (m->sender);
  g_ptr_array_unref (m->recipients);
  g_byte_array_unref (m->message);
  g_free (m);
}

static void
append (Msg *m, const void *data, gsize len)
{
  if (m->truncated)
    return;
  if (m->message->len + len > milter.max_bytes) {
    len = milter.max_bytes - m->message->len;
    m->truncated = TRUE;
  }
  g_byte_array_append (m->message, data, (guint) len);
}

/* An address from the MTA, without its angle brackets. */
static char *
bare_address (const char *arg)
{
  const char *s = arg ? arg : "";
  gsize n = strlen (s);
  if (n >= 2 && s[0] == '<' && s[n - 1] == '>')
    return g_strndup (s + 1, n - 2);
  return g_strdup (s);
}

static sfsistat
on_envfrom (SMFICTX *ctx, char **argv)
{
  msg_release (ctx); /* a previous message on this connection */
  Msg *m = g_new0 (Msg, 1);
  m->sender = bare_address (argv[0]);
  m->recipients = g_ptr_array_new_with_free_func (g_free);
  m->message = g_byte_array_new ();
  smfi_setpriv (ctx, m);
  return SMFIS_CONTINUE;
}

static sfsistat
on_envrcpt (SMFICTX *ctx, char **argv)
{
  Msg *m = smfi_getpriv (ctx);
  if (m)
    g_ptr_array_add (m->recipients, bare_address (argv[0]));
  return SMFIS_CONTINUE;
}

static sfsistat
on_header (SMFICTX *ctx, char *name, char *value)
{
  Msg *m = smfi_getpriv (ctx);
  if (!m)
    return SMFIS_CONTINUE;
  if (!g_ascii_strcasecmp (name, PMARK_MAIL_MARKING_HEADER))
    m->n_marking++;
  else if (!g_ascii_strcasecmp (name, PMARK_MAIL_RESULT_HEADER))
    m->n_result++;
  else if (!g_ascii_strcasecmp (name, PMARK_MAIL_SIO_LABEL_HEADER))
    m->n_sio_label++;
  else if (!g_ascii_strcasecmp (name, "Subject"))
    m->has_subject = TRUE;
  /* the MTA gives folded values with bare LF: the message has CRLF */
  GString *line = g_string_new (name);
  g_string_append (line, ": ");
  for (const char *p = value; *p; p++) {
    if (*p == '\n' && (p == value || p[-1] != '\r'))
      g_string_append_c (line, '\r');
    g_string_append_c (line, *p);
  }
  g_string_append (line, "\r\n");
  append (m, line->str, line->len);
  g_string_free (line, TRUE);
  return SMFIS_CONTINUE;
}

static sfsistat
on_eoh (SMFICTX *ctx)
{
  Msg *m = smfi_getpriv (ctx);
  if (m)
    append (m, "\r\n", 2);
  return SMFIS_CONTINUE;
}

static sfsistat
on_body (SMFICTX *ctx, unsigned char *chunk, size_t len)
{
  Msg *m = smfi_getpriv (ctx);
  if (m)
    append (m, chunk, len);
  return SMFIS_CONTINUE;
}

/* smfi_setreply reads '%' as a format character. */
static char *
reply_text (const char *why)
{
  GString *s = g_string_new ("pmark: ");
  for (const char *p = why; *p && s->len < 900; p++) {
    if (*p == '%')
      g_string_append_c (s, '%');
    g_string_append_c (s, *p);
  }
  return g_string_free (s, FALSE);
}

static sfsistat
internal_failure (SMFICTX *ctx, const char *id, const char *why)
{
  syslog (LOG_MAIL | LOG_ERR, "%s: internal failure (answering %s): %s", id,
          milter.on_error == ON_ERROR_TEMPFAIL ? "tempfail"
          : milter.on_error == ON_ERROR_REJECT ? "reject"
                                               : "accept, unmarked",
          why);
  msg_release (ctx);
  switch (milter.on_error) {
  case ON_ERROR_ACCEPT:
    return SMFIS_ACCEPT;
  case ON_ERROR_REJECT:
    smfi_setreply (ctx, "550", "5.7.1", "pmark: the message could not be checked");
    return SMFIS_REJECT;
  case ON_ERROR_TEMPFAIL:
    break;
  }
  smfi_setreply (ctx, "451", "4.3.0", "pmark: the message could not be "
                                      "checked now; try again later");
  return SMFIS_TEMPFAIL;
}

/* A message not decided within --message-seconds: a temporary failure,
 * whatever --on-error says (the next try may find a reader free). */
static sfsistat
too_slow (SMFICTX *ctx, const char *id)
{
  syslog (LOG_MAIL | LOG_WARNING, "%s: not read within %u seconds (answering tempfail)", id,
          milter.message_seconds);
  msg_release (ctx);
  smfi_setreply (ctx, "451", "4.3.0", "pmark: the message could not be read in time; "
                                      "try again later");
  return SMFIS_TEMPFAIL;
}

/* The header edits of a decision, as milter actions. */
static gboolean
edit_headers (SMFICTX *ctx, const Msg *m, const PmarkMailDecision *d)
{
  /* the last first, so the indices of the others stay put */
  for (int i = d->keep_marking ? 0 : m->n_marking; i >= 1; i--)
    if (smfi_chgheader (ctx, PMARK_MAIL_MARKING_HEADER, i, NULL) != MI_SUCCESS)
      return FALSE;
  for (int i = m->n_result; i >= 1; i--)
    if (smfi_chgheader (ctx, PMARK_MAIL_RESULT_HEADER, i, NULL) != MI_SUCCESS)
      return FALSE;
  for (int i = d->sio_label ? m->n_sio_label : 0; i >= 1; i--)
    if (smfi_chgheader (ctx, PMARK_MAIL_SIO_LABEL_HEADER, i, NULL) != MI_SUCCESS)
      return FALSE;
  if (d->sio_label
      && smfi_addheader (ctx, PMARK_MAIL_SIO_LABEL_HEADER, d->sio_label) != MI_SUCCESS)
    return FALSE;
  if (d->subject
      && (m->has_subject ? smfi_chgheader (ctx, "Subject", 1, d->subject)
                         : smfi_addheader (ctx, "Subject", d->subject))
           != MI_SUCCESS)
    return FALSE;
  if (d->marking_header
      && smfi_addheader (ctx, PMARK_MAIL_MARKING_HEADER, d->marking_header)
           != MI_SUCCESS)
    return FALSE;
  return !d->result_header_added
         || smfi_addheader (ctx, PMARK_MAIL_RESULT_HEADER, d->result_header_added)
              == MI_SUCCESS;
}

static sfsistat
on_eom (SMFICTX *ctx)
{
  Msg *m = smfi_getpriv (ctx);
  const char *qid = smfi_getsymval (ctx, "i");
  g_autofree char *id = g_strdup (qid ? qid : "NOQUEUE");
  if (!m)
    return internal_failure (ctx, id, "no message state at end of message");

  g_ptr_array_add (m->recipients, NULL);
  PmarkMailEnvelope env = {
    .sender = m->sender,
    .recipients = (const char *const *) m->recipients->pdata,
    .name = id,
    .truncated = m->truncated,
  };
  g_autoptr (GBytes) bytes = g_bytes_new_static (m->message->data, m->message->len);
  GError *error = NULL;
  /* the MTA waits a bounded time: reading stops at the message's deadline
   * (a worker still reading is stopped, a wait for a free one ends) */
  gint64 deadline = g_get_monotonic_time ()
                    + (gint64) milter.message_seconds * G_USEC_PER_SEC;
  pmark_sandbox_set_deadline (deadline);
  g_autoptr (PmarkMailDecision) d = pmark_mail_decide (milter.policy, bytes,
                                                       &env, &milter.options,
                                                       &error);
  pmark_sandbox_set_deadline (0);
  g_ptr_array_remove_index (m->recipients, m->recipients->len - 1);
  if (g_get_monotonic_time () >= deadline) {
    /* whatever was decided, the message was not read in full: never
     * delivered so, whatever --on-error says; the MTA tries again later */
    g_clear_error (&error);
    return too_slow (ctx, id);
  }
  if (!d) {
    sfsistat st = internal_failure (ctx, id, error->message);
    g_error_free (error);
    return st;
  }
  pmark_mail_log (d, id);
  if (milter.log_path && !pmark_mail_log_json (d, milter.log_path, id, &error)) {
    sfsistat st = internal_failure (ctx, id, error->message);
    g_error_free (error);
    return st;
  }

  if (d->action == PMARK_MAIL_REJECT) {
    g_autofree char *text = reply_text (d->why);
    smfi_setreply (ctx, (char *) d->smtp_code, (char *) d->smtp_xcode, text);
    msg_release (ctx);
    return SMFIS_REJECT;
  }
  if (!edit_headers (ctx, m, d))
    return internal_failure (ctx, id, "the MTA refused a header change");
  if (d->seal_to) {
    g_autoptr (GBytes) body = pmark_mail_sealed_body (bytes, d, &error);
    if (error) {
      sfsistat st = internal_failure (ctx, id, error->message);
      g_error_free (error);
      return st;
    }
    if (body && smfi_replacebody (ctx, (unsigned char *) g_bytes_get_data (body, NULL),
                                  (int) g_bytes_get_size (body)) != MI_SUCCESS)
      return internal_failure (ctx, id, "the MTA refused the sealed body");
  }
  if (d->action == PMARK_MAIL_HOLD) {
    g_autofree char *text = reply_text (d->why);
    if (smfi_quarantine (ctx, text) != MI_SUCCESS)
      return internal_failure (ctx, id, "the MTA refused to quarantine");
  }
  msg_release (ctx);
  return SMFIS_ACCEPT;
}

static sfsistat
on_abort (SMFICTX *ctx)
{
  msg_release (ctx);
  return SMFIS_CONTINUE;
}

static sfsistat
on_close (SMFICTX *ctx)
{
  msg_release (ctx);
  return SMFIS_CONTINUE;
}

/* libmilter never sets TCP_NODELAY, and its end-of-message replies are
 * several small writes: on TCP each waited on the MTA's delayed ACK, about
 * 90 ms per message (bench/RESULTS.md). Linux hands the option on from a
 * listening socket to the connections it accepts; libmilter gives no
 * handle to its socket, but it is the only TCP listener in this process. */
static void
listener_nodelay (void)
{
  for (int fd = 3; fd < 1024; fd++) {
    int accepting = 0;
    socklen_t len = sizeof accepting;
    struct sockaddr_storage sa;
    socklen_t salen = sizeof sa;
    if (getsockopt (fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0
        || !accepting
        || getsockname (fd, (struct sockaddr *) &sa, &salen) != 0
        || (sa.ss_family != AF_INET && sa.ss_family != AF_INET6))
      continue;
    int one = 1;
    if (setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
      syslog (LOG_MAIL | LOG_WARNING, "cannot set TCP_NODELAY: %s",
              g_strerror (errno));
  }
}

static gboolean
parse_on_error (const char *s, OnError *out)
{
  if (!s || !strcmp (s, "tempfail"))
    *out = ON_ERROR_TEMPFAIL;
  else if (!strcmp (s, "reject"))
    *out = ON_ERROR_REJECT;
  else if (!strcmp (s, "accept"))
    *out = ON_ERROR_ACCEPT;
  else
    return FALSE;
  return TRUE;
}

int
pmark_cmd_milter (int argc, char **argv)
{
  g_autofree char *policy_name = NULL, *socket = NULL, *on_error = NULL;
  g_autofree char *password = NULL, *password_file = NULL;
  g_autofree char *ocr_mode = NULL;
  gboolean log_stderr = FALSE;
  int timeout = 300, max_mb = 64, message_seconds = 240, workers = 0;
  const GOptionEntry entries[] = {
    { "socket", 's', 0, G_OPTION_ARG_STRING, &socket,
      "Where to listen: unix:PATH or inet:PORT@ADDRESS (required)", "SPEC" },
    { "policy", 'P', 0, G_OPTION_ARG_STRING, &policy_name,
      "Policy name or file (default: " PMARK_DEFAULT_POLICY ")", "NAME|FILE" },
    { "on-error", 0, 0, G_OPTION_ARG_STRING, &on_error,
      "What an internal failure answers: tempfail (default), reject or "
      "accept (unmarked)", "ACTION" },
    { "max-message-mb", 0, 0, G_OPTION_ARG_INT, &max_mb,
      "Read at most this much of a message (default 64); a longer one is "
      "decided on its start and held for review", "MB" },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      "Seconds to wait for the MTA (default 300)", "SECONDS" },
    { "message-seconds", 0, 0, G_OPTION_ARG_INT, &message_seconds,
      "Decide each message within this time (default 240, below the MTA's "
      "own timeout); one not read by then gets a temporary failure", "SECONDS" },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &workers,
      "The most reader processes at once (default four per processor, at "
      "least 8)", "N" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &milter.log_path,
      "Append each decision to this JSON-lines log; a message whose decision "
      "cannot be logged gets the --on-error answer", "FILE" },
    { "log-stderr", 0, 0, G_OPTION_ARG_NONE, &log_stderr,
      "Copy syslog lines to standard error", NULL },
    CLI_PASSWORD_ENTRIES (password, password_file),
    CLI_OCR_ENTRY (ocr_mode),
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("");
  g_option_context_set_summary (ctx,
    "Mark, hold or reject mail as a milter: Postfix (smtpd_milters) or "
    "Sendmail (INPUT_MAIL_FILTER) hands each message to it.");
  g_option_context_set_description (ctx,
    "Runs in the foreground until SIGTERM or SIGINT. Exit status: 0 "
    "stopped, 1 the socket could not be opened, 2 usage error.\n"
    "See pmark-milter(8).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!cli_parse (ctx, &argc, &argv, "milter"))
    return PMARK_EXIT_USAGE;
  if (!socket) {
    cli_error ("milter", "--socket unix:PATH or inet:PORT@ADDRESS is required");
    return PMARK_EXIT_USAGE;
  }
  if (!parse_on_error (on_error, &milter.on_error)) {
    cli_error ("milter", "--on-error is tempfail, reject or accept, not '%s'",
               on_error);
    return PMARK_EXIT_USAGE;
  }
  if (max_mb < 1 || timeout < 1 || message_seconds < 1 || workers < 0 || workers > 1024) {
    cli_error ("milter", "--max-message-mb, --timeout and --message-seconds must be "
                         "positive, --workers 1 to 1024");
    return PMARK_EXIT_USAGE;
  }
  milter.message_seconds = (guint) message_seconds;
  /* each connection is a thread of libmilter's: a pool larger than the
   * command's default, so that a few slow messages leave readers free for
   * the others, within a bound (each worker may hold the budget's memory) */
  if (pmark_sandbox_enabled ())
    pmark_sandbox_enable (CLI_WORKER_PROGRAM, CLI_WORKER_ARGUMENT,
                          workers ? (guint) workers : MAX (8u, 4 * g_get_num_processors ()));
  milter.max_bytes = (gsize) max_mb << 20;
  milter.policy = cli_policy (policy_name, "milter");
  if (!milter.policy)
    return PMARK_EXIT_USAGE;
  pmark_read_options_init (&milter.options);
  if (!cli_password (&milter.options, password, password_file, "milter")
      || !cli_ocr (&milter.options, ocr_mode, "milter"))
    return PMARK_EXIT_USAGE;

  openlog ("pmark-milter", LOG_PID | (log_stderr ? LOG_PERROR : 0), LOG_MAIL);
  struct smfiDesc desc = {
    .xxfi_name = (char *) "pmark",
    .xxfi_version = SMFI_VERSION,
    .xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE
                   | SMFIF_CHGBODY,
    .xxfi_envfrom = on_envfrom,
    .xxfi_envrcpt = on_envrcpt,
    .xxfi_header = on_header,
    .xxfi_eoh = on_eoh,
    .xxfi_body = on_body,
    .xxfi_eom = on_eom,
    .xxfi_abort = on_abort,
    .xxfi_close = on_close,
  };
  int status = PMARK_EXIT_FAILED;
  if (smfi_setconn (socket) != MI_SUCCESS || smfi_settimeout (timeout) != MI_SUCCESS
      || smfi_register (desc) != MI_SUCCESS) {
    cli_error ("milter", "cannot set up libmilter for %s", socket);
  } else if (smfi_opensocket (TRUE) != MI_SUCCESS) {
    cli_error ("milter", "cannot listen on %s (in use, or no permission?)",
               socket);
  } else {
    listener_nodelay ();
    syslog (LOG_MAIL | LOG_INFO, "listening on %s, policy %s", socket,
            pmark_policy_get_name (milter.policy));
    status = smfi_main () == MI_SUCCESS ? PMARK_EXIT_OK : PMARK_EXIT_FAILED;
  }
  cli_password_clear (&milter.options);
  g_clear_pointer (&milter.policy, pmark_policy_unref);
  g_clear_pointer (&milter.log_path, g_free);
  return status;
}
