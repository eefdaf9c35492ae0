-- SPDX-License-Identifier: LGPL-2.1-or-later
-- A reader that crashes costs its message, never the milter (fault
-- injection builds only: the marker in the body makes the text reader
-- crash in its worker process). The message is held, never delivered as
-- unmarked; a worker is killed from outside too (the test does it between
-- messages); the next messages, on this connection and a new one, are
-- accepted and marked as usual.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<bob@example.com>"},
  headers("Notes"), "Notes.\r\nPMARK-FAULT-CRASH\r\n")
check(reply == SMFIR_ACCEPT, "crashed reader: not accepted into the hold queue")
check(mt.eom_check(conn, MT_QUARANTINE), "crashed reader: not quarantined")
local result = mt.getheader(conn, "X-pmark-Result", 0)
check(result ~= nil and string.find(result, "^hold;") ~= nil, "result not hold: " .. tostring(result))
check(string.find(result, "reader crashed", 1, true) ~= nil, "the reason is not said: " .. result)
check(not mt.eom_check(conn, MT_HDRADD, "X-Protective-Marking",
  "VER=2018.4, NS=gov.uk, SEC=NOT PROTECTIVELY MARKED, ORIGIN=amy.worker@council.gov.uk"),
  "a message pmark could not read was marked NOT PROTECTIVELY MARKED")

-- the next message, same connection
reply = send(conn, "<amy.worker@council.gov.uk>", {"<cara@nhs.net>"},
  headers("Case conference"), RESTRICTED_BODY)
check(reply == SMFIR_ACCEPT, "next message: not accepted")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject",
                   "[RESTRICTED - PERSONAL] Case conference"), "next message not marked")
mt.disconnect(conn)

-- and a new connection
conn = connect()
reply = send(conn, "<amy.worker@council.gov.uk>", {"<bob@example.com>"},
  headers("Lunch"), PLAIN_BODY)
check(reply == SMFIR_ACCEPT, "new connection: not accepted")
check(mt.eom_check(conn, MT_HDRADD, "X-Protective-Marking",
  "VER=2018.4, NS=gov.uk, SEC=NOT PROTECTIVELY MARKED, ORIGIN=amy.worker@council.gov.uk"),
  "plain message on a new connection not marked")
mt.disconnect(conn)
