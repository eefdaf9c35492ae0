-- SPDX-License-Identifier: LGPL-2.1-or-later
-- Under pmark's default [mail] result-header (internal), a message to an
-- outside recipient is marked but carries no X-pmark-Result: the
-- decision's reasons stay inside (in the log and syslog); an
-- X-pmark-Result it came with is removed.
dofile(os.getenv("PMARK_MT_LIB"))
local conn = connect()
local reply = send(conn, "<amy.worker@council.gov.uk>", {"<bob@example.com>"},
  headers("Lunch", {{"X-pmark-Result", "deliver; level=NOT PROTECTIVELY MARKED"}}),
  PLAIN_BODY)
check(reply == SMFIR_ACCEPT, "not accepted")
check(mt.eom_check(conn, MT_HDRADD, "X-Protective-Marking"), "not marked")
check(not mt.eom_check(conn, MT_HDRADD, "X-pmark-Result"),
      "X-pmark-Result added to mail for an outside recipient")
check(mt.eom_check(conn, MT_HDRCHANGE, "X-pmark-Result"),
      "the X-pmark-Result it came with was not removed")
mt.disconnect(conn)
