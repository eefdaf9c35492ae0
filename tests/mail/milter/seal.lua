-- SPDX-License-Identifier: LGPL-2.1-or-later
-- Sealing path: under a policy that seals RESTRICTED attachments to keys
-- it knows, the milter replaces the body (the attachment sealed) and
-- marks the message.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local body = "--B\r\nContent-Type: text/plain\r\n\r\n" .. RESTRICTED_BODY ..
  "\r\n--B\r\nContent-Type: text/plain; name=note.txt\r\n" ..
  "Content-Disposition: attachment; filename=note.txt\r\n\r\n" ..
  "Name: Amy Test, NHS number 999 000 0018.\r\n\r\n--B--\r\n"
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<cara@nhs.net>"},
  headers("Case conference", {{"MIME-Version", "1.0"},
                              {"Content-Type", "multipart/mixed; boundary=B"}}),
  body)
check(reply == SMFIR_ACCEPT, "sealed message: not accepted")
check(mt.eom_check(conn, MT_BODYCHANGE), "body not replaced")
local result = mt.getheader(conn, "X-pmark-Result", 0)
check(result ~= nil and string.find(result, "attachments%-sealed%-to=1") ~= nil,
      "result does not say sealed: " .. tostring(result))
mt.disconnect(conn)
