-- SPDX-License-Identifier: LGPL-2.1-or-later
-- Hold path: an encrypted (S/MIME) part cannot be read; under
-- not-inspected = review the message is quarantined, and still marked.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<cara@nhs.net>"},
  headers("[RESTRICTED] report", {
    {"MIME-Version", "1.0"},
    {"Content-Type", "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m"},
    {"Content-Transfer-Encoding", "base64"}}),
  "MIAGCSqGSIb3DQEHA6CAMIACAQAxggE=\r\n")
check(reply == SMFIR_ACCEPT, "held message: not accepted into the hold queue")
check(mt.eom_check(conn, MT_QUARANTINE), "not quarantined")
check(mt.eom_check(conn, MT_HDRADD, "X-Protective-Marking"), "held message not marked")
local result = mt.getheader(conn, "X-pmark-Result", 0)
check(result ~= nil and string.find(result, "^hold;") ~= nil, "result not hold")
mt.disconnect(conn)
