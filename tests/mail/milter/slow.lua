-- SPDX-License-Identifier: LGPL-2.1-or-later
-- A message whose reader hangs (fault injection builds only: the marker
-- in the body) is not decided within --message-seconds: the milter
-- answers a temporary failure in time for the MTA, never a delivery of a
-- message it did not read.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<bob@example.com>"},
  headers("Notes"), "Notes.\r\nPMARK-FAULT-HANG\r\n")
check(reply == SMFIR_REPLYCODE, "a message not read in time: not a temporary failure")
check(not mt.eom_check(conn, MT_HDRADD), "headers added to a message not read")
check(not mt.eom_check(conn, MT_QUARANTINE), "a message not read in time was quarantined")
mt.disconnect(conn)
