-- SPDX-License-Identifier: LGPL-2.1-or-later
-- [translate gpms-2008] (a uk-gsc-2014 policy with a partner still on the
-- 2008 scheme): mail to the partner only is marked in the partner's
-- scheme; mail to the partner and anyone else stays in the policy's own.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<duty@legacy-borough.example.gov.uk>"},
  headers("Case conference", {}), RESTRICTED_BODY)
check(reply == SMFIR_ACCEPT, "to the partner: not accepted")
local marking = mt.getheader(conn, "X-Protective-Marking", 0)
check(string.find(marking, "SEC=RESTRICTED,", 1, true) ~= nil,
  "not marked in the partner's scheme: " .. marking)
local result = mt.getheader(conn, "X-pmark-Result", 0)
check(string.find(result, "level=OFFICIAL-SENSITIVE; translated-to=gpms-2008", 1, true) ~= nil,
  "the result does not say so: " .. result)
mt.disconnect(conn)

conn = connect()
reply = send(conn, "<amy.worker@council.gov.uk>",
  {"<duty@legacy-borough.example.gov.uk>", "<cara@nhs.net>"},
  headers("Case conference", {}), RESTRICTED_BODY)
check(reply == SMFIR_ACCEPT, "to both: not accepted")
marking = mt.getheader(conn, "X-Protective-Marking", 0)
check(string.find(marking, "SEC=OFFICIAL-SENSITIVE,", 1, true) ~= nil,
  "mixed recipients translated: " .. marking)
mt.disconnect(conn)
