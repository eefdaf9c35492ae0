-- SPDX-License-Identifier: LGPL-2.1-or-later
-- A marking field the policy does not know (an SIO-Label display marking,
-- an X-Protective-Marking pmark cannot read): the message is held, and its
-- own marking fields and subject are left as they came, never replaced by
-- a lower marking pmark can read.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<cara@nhs.net>"},
  headers("Lunch", {{"X-Protective-Marking", "VER=2018.4, NS=gov.uk, SEC=COSMIC TOP SECRET"}}),
  PLAIN_BODY)
check(reply == SMFIR_ACCEPT, "unknown marking: not accepted into the hold queue")
check(mt.eom_check(conn, MT_QUARANTINE), "unknown marking: not quarantined")
check(not mt.eom_check(conn, MT_HDRDELETE, "X-Protective-Marking"),
  "the sender's marking was deleted")
check(not mt.eom_check(conn, MT_HDRADD, "X-Protective-Marking"), "a marking was added")
check(not mt.eom_check(conn, MT_HDRCHANGE, "Subject"), "the subject was changed")
local result = mt.getheader(conn, "X-pmark-Result", 0)
check(result ~= nil and string.find(result, "^hold; inspected=partly") ~= nil,
  "result not hold: " .. tostring(result))
mt.disconnect(conn)
