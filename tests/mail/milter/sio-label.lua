-- SPDX-License-Identifier: LGPL-2.1-or-later
-- RFC 7444 (with a policy saying sio-label = true): the sender's
-- SIO-Label is read as its marking, deleted, and the policy's written.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<cara@nhs.net>"},
  headers("Case conference", {{"SIO-Label", "marking=\"PROTECT - PERSONAL\"; fgcolor=black"}}),
  RESTRICTED_BODY)
check(reply == SMFIR_ACCEPT, "restricted to nhs.net: not accepted")
check(mt.eom_check(conn, MT_HDRDELETE, "SIO-Label"), "the sender's SIO-Label kept")
check(mt.eom_check(conn, MT_HDRADD, "SIO-Label", "marking=\"RESTRICTED - PERSONAL\""),
  "SIO-Label not added")
local result = mt.getheader(conn, "X-pmark-Result", 0)
check(string.find(result, "upgraded%-from=PROTECT") ~= nil, "SIO-Label not read: " .. result)
mt.disconnect(conn)
