-- SPDX-License-Identifier: LGPL-2.1-or-later
-- A message over --max-message-mb (the milter runs with 1): decided on its
-- start, held for review, and still marked.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local line = string.rep("x", 76) .. "\r\n"
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<cara@nhs.net>"},
  headers("big"), RESTRICTED_BODY .. string.rep(line, 20000))
check(reply == SMFIR_ACCEPT, "oversized message: not accepted into the hold queue")
check(mt.eom_check(conn, MT_QUARANTINE), "oversized message not quarantined")
local result = mt.getheader(conn, "X-pmark-Result", 0)
check(result ~= nil and string.find(result, "^hold; level=RESTRICTED") ~= nil,
      "result: " .. tostring(result))
check(string.find(result, "size limit", 1, true) ~= nil, "reason does not say why")
mt.disconnect(conn)
