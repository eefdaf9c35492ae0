-- SPDX-License-Identifier: LGPL-2.1-or-later
-- Reject paths: RESTRICTED content to a domain outside the secure list,
-- and a reply marked lower than the thread it quotes.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>",
  {"<cara@nhs.net>", "<bob@example.com>"}, headers("Case conference"),
  RESTRICTED_BODY)
check(reply == SMFIR_REPLYCODE, "insecure recipient: not rejected")
-- (miltertest cannot read the reply text back: the Postfix test checks it)
check(not mt.eom_check(conn, MT_HDRADD), "a rejected message was edited")

reply = send(conn, "<amy.worker@council.gov.uk>", {"<cara@nhs.net>"},
  headers("[PROTECT] Re: strategy meeting"),
  "Agreed.\r\n\r\n> Subject: [RESTRICTED] strategy meeting\r\n> see you\r\n")
check(reply == SMFIR_REPLYCODE, "downgraded reply: not rejected")
-- (miltertest cannot read the reply text back: the Postfix test checks it)
mt.disconnect(conn)
