-- SPDX-License-Identifier: LGPL-2.1-or-later
-- Shared by the miltertest scripts: talk to the pmark milter named by
-- $PMARK_MILTER_SOCKET through one message, checking each reply.

function check(cond, what)
  if not cond then
    mt.echo("FAILED: " .. what)
    error(what)
  end
end

function connect()
  local conn = mt.connect(os.getenv("PMARK_MILTER_SOCKET"), 40, 0.25)
  check(conn ~= nil, "cannot connect to the milter")
  return conn
end

-- Sends one message up to end-of-message; returns the reply to it.
function send(conn, from, rcpts, headers, body)
  mt.macro(conn, SMFIC_MAIL, "i", "TESTQID")
  check(mt.mailfrom(conn, from) == nil, "mailfrom")
  check(mt.getreply(conn) == SMFIR_CONTINUE, "mailfrom: unexpected reply")
  for _, r in ipairs(rcpts) do
    check(mt.rcptto(conn, r) == nil, "rcptto")
    check(mt.getreply(conn) == SMFIR_CONTINUE, "rcptto: unexpected reply")
  end
  for _, h in ipairs(headers) do
    check(mt.header(conn, h[1], h[2]) == nil, "header " .. h[1])
    check(mt.getreply(conn) == SMFIR_CONTINUE, "header: unexpected reply")
  end
  check(mt.eoh(conn) == nil, "eoh")
  check(mt.getreply(conn) == SMFIR_CONTINUE, "eoh: unexpected reply")
  -- in chunks, as an MTA sends them (the protocol caps one at 64 KB)
  local at = 1
  repeat
    check(mt.bodystring(conn, string.sub(body, at, at + 59999)) == nil, "body")
    check(mt.getreply(conn) == SMFIR_CONTINUE, "body: unexpected reply")
    at = at + 60000
  until at > #body
  check(mt.eom(conn) == nil, "eom")
  local reply = mt.getreply(conn)
  mt.echo("reply to end of message: " .. string.char(reply))
  return reply
end

RESTRICTED_BODY = "Strategy discussion held today.\r\n" ..
  "Name: Amy Test, NHS number 999 000 0018.\r\n" ..
  "A section 47 enquiry will follow.\r\n"
PLAIN_BODY = "Lunch on Friday?\r\n"

function headers(subject, extra)
  local h = {
    {"From", "Amy Worker <amy.worker@council.gov.uk>"},
    {"To", "cara@nhs.net"},
    {"Subject", subject},
    {"Message-ID", "<mt-1@council.gov.uk>"},
  }
  for _, e in ipairs(extra or {}) do
    table.insert(h, e)
  end
  return h
end
