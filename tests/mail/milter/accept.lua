-- SPDX-License-Identifier: LGPL-2.1-or-later
-- Accept path: a RESTRICTED case note to a secure domain is accepted,
-- marked in the subject and X-Protective-Marking; the sender's stale
-- marking header and a forged X-pmark-Result are deleted. A second
-- message on the same connection starts from clean state.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<cara@nhs.net>"},
  headers("[PROTECT] Case conference",
          {{"X-Protective-Marking", "VER=2018.4, NS=gov.uk, SEC=PROTECT"},
           {"X-pmark-Result", "deliver; forged"}}),
  RESTRICTED_BODY)
check(reply == SMFIR_ACCEPT, "restricted to nhs.net: not accepted")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject",
                   "[RESTRICTED - PERSONAL] Case conference"), "subject not marked")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Protective-Marking"), "old marking kept")
check(mt.eom_check(conn, MT_HDRDELETE, "X-pmark-Result"), "forged result kept")
check(mt.eom_check(conn, MT_HDRADD, "X-Protective-Marking",
  "VER=2018.4, NS=gov.uk, SEC=RESTRICTED, ACCESS=PERSONAL, ORIGIN=amy.worker@council.gov.uk"),
  "marking header not added")
local result = mt.getheader(conn, "X-pmark-Result", 0)
check(result ~= nil, "no X-pmark-Result")
check(string.find(result, "^deliver; level=RESTRICTED; upgraded%-from=PROTECT") ~= nil,
      "result: " .. result)
check(string.find(result, "999 000 0018", 1, true) == nil, "unmasked identifier")
check(not mt.eom_check(conn, MT_QUARANTINE), "quarantined")

-- the next message on this connection
reply = send(conn, "<amy.worker@council.gov.uk>", {"<bob@example.com>"},
  headers("Lunch"), PLAIN_BODY)
check(reply == SMFIR_ACCEPT, "plain message: not accepted")
check(not mt.eom_check(conn, MT_HDRDELETE), "deleted a header it should not")
check(not mt.eom_check(conn, MT_HDRCHANGE, "Subject"), "changed a plain subject")
check(mt.eom_check(conn, MT_HDRADD, "X-Protective-Marking",
  "VER=2018.4, NS=gov.uk, SEC=NOT PROTECTIVELY MARKED, ORIGIN=amy.worker@council.gov.uk"),
  "plain message not marked")
mt.disconnect(conn)
