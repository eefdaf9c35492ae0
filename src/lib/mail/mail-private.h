/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Inside the mail gateway: edits of a raw header block (headers.c), the
 * decision (decide.c) and sealing a message (seal.c). Reading messages
 * (MIME, .msg, TNEF, SIO-Label) is formats/' (formats/mail.h); the
 * marking syntaxes of mail are policy/'s (policy/epms.h). */
#pragma once

#include "policy/epms.h"

#include "formats/mail.h"

#include <pmark/pmark.h>

G_BEGIN_DECLS

/* ---- headers.c ---- */
/* The header block of a raw message: its length up to and including the
 * blank line (or the whole message when there is none), and the line
 * ending it uses. */
gsize mail_header_length (const char *data, gsize len, const char **eol);

G_END_DECLS
