-- SPDX-License-Identifier: LGPL-2.1-or-later
-- Tempfail path: the milter runs with a decision log it cannot write, an
-- internal failure; the message must be refused for now (4xx), not
-- passed unmarked and not lost.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<cara@nhs.net>"},
  headers("Lunch"), PLAIN_BODY)
check(reply == SMFIR_REPLYCODE,
      "internal failure: not a temporary failure")
-- (the 451 4.3.0 text is checked through Postfix: miltertest cannot read it back)
check(not mt.eom_check(conn, MT_HDRADD), "headers added on failure")
mt.disconnect(conn)
