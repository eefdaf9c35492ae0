#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pmark serve over HTTP, as a browser (or an attacker) would speak to it.

The token: without it every path is 403, with it a cookie named for the
port and a redirect that drops the token from the address. CSRF: a POST
without the page's header value, or from another origin, is refused; a
request naming another host (DNS rebinding) is refused. Limits: an
upload past the policy's budget is refused before it is read (413), one
without a length too (411), and the page's file count is the policy's.
The work: upload -> classify JSON naming the file (never the private
path), a preview (PNG for a PDF, the text for plain text), marking with
the CLI's rules (lowering needs a justification, which the marking log
records with the person), download once (then the copy is gone), a zip
of several, sealing to a recipient-book name that the real `age` opens.
Team mode: a proxy's secret and user header, the user in the log; a
network address without TLS or a proxy is refused; HTTPS with a
certificate. On SIGTERM the private directory is removed."""
import http.client
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import tempfile
import unittest
import zipfile

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
SAMPLES = os.path.join(ROOT, "samples")
AGE = shutil.which("age")
AGE_KEYGEN = shutil.which("age-keygen")
OPENSSL = shutil.which("openssl")


class Server:
    """pmark serve in the background; its address, token and cookie."""

    def __init__(self, *args, files=(), env=None):
        self.proc = subprocess.Popen(
            [PMARK, "serve", "--no-browser", *args, *files], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        m = re.match(r"pmark serve: open (https?)://([^:/]+):(\d+)/\?token=([0-9a-f]+)", line)
        if not m:
            self.proc.kill()
            raise AssertionError("no address printed: %r %s" % (line, self.proc.stderr.read()))
        self.scheme, self.host, self.port, self.token = m.group(1), m.group(2), int(m.group(3)), m.group(4)
        info = self.proc.stdout.readline()
        self.root = re.search(r"uploads in (\S+),", info).group(1)
        self.cookie = None
        self.csrf = None

    def conn(self):
        if self.scheme == "https":
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection(self.host, self.port, timeout=120, context=ctx)
        return http.client.HTTPConnection(self.host, self.port, timeout=120)

    def request(self, method, path, body=None, headers=None, cookie=True, csrf=True):
        h = dict(headers or {})
        if cookie and self.cookie:
            h["Cookie"] = self.cookie
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-Pmark-CSRF"] = self.csrf
        c = self.conn()
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r, data

    def login(self, headers=None):
        r, _ = self.request("GET", "/?token=" + self.token, headers=headers)
        assert r.status == 303, r.status
        set_cookie = r.getheader("Set-Cookie")
        self.cookie = set_cookie.split(";")[0]
        r, page = self.request("GET", "/", headers=headers)
        assert r.status == 200, (r.status, page)
        self.csrf = re.search(rb'name="pmark-csrf" content="([0-9a-f]+)"', page).group(1).decode()
        return set_cookie, r

    def upload(self, path, name=None, headers=None):
        with open(path, "rb") as f:
            data = f.read()
        h = {"X-Pmark-Filename": (name or os.path.basename(path)).replace(" ", "%20")}
        h.update(headers or {})
        r, body = self.request("POST", "/api/files", data, h)
        return r, json.loads(body) if body else None

    def mark(self, file_id, headers=None, **choice):
        r, body = self.request("POST", "/api/files/%s/mark" % file_id, json.dumps(choice),
                               dict({"Content-Type": "application/json"}, **(headers or {})))
        return r, json.loads(body)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            out, err = self.proc.communicate(timeout=30)
            return self.proc.returncode, out, err
        return self.proc.returncode, self.proc.stdout.read(), self.proc.stderr.read()


class Serve(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.d = cls.tmp.name
        cls.log = os.path.join(cls.d, "marking-log.jsonl")
        # a small budget and file count, so the limits are quick to reach
        cls.policy = os.path.join(cls.d, "small.policy")
        with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
            text = f.read()
        cls.identity = None
        book = ""
        if AGE_KEYGEN:
            cls.identity = os.path.join(cls.d, "jane.key")
            subprocess.run([AGE_KEYGEN, "-o", cls.identity], check=True, capture_output=True)
            recipient = subprocess.run([AGE_KEYGEN, "-y", cls.identity], check=True,
                                       capture_output=True, text=True).stdout.strip()
            book = os.path.join(cls.d, "book.txt")
            with open(book, "w") as f:
                f.write("# who officers may seal to\n"
                        "Jane Example (Example Borough CSC) = %s\n" % recipient)
        with open(cls.policy, "w") as f:
            f.write(text + "\n[budget]\nmax-input-mb = 2\n\n[serve]\nmax-files = 3\n"
                    + ("recipient-book = %s\n" % book if book else ""))
        cls.srv = Server("-P", cls.policy, "--log", cls.log)
        cls.srv.login()

    @classmethod
    def tearDownClass(cls):
        code, out, err = cls.srv.stop()
        root = cls.srv.root
        cls.tmp.cleanup()
        # stopped cleanly (under ASan: without a leak), everything deleted
        assert code == 0, "pmark serve exited %s: %s" % (code, err[-3000:])
        assert "stopped; uploads deleted" in out, out
        assert not os.path.exists(root), "the private directory stayed"

    def clear(self):
        """Remove what earlier tests left on the page."""
        for entry in os.listdir(self.srv.root):
            if re.fullmatch(r"[0-9a-f]{32}", entry):
                self.srv.request("DELETE", "/api/files/" + entry)

    # ---- the token, the cookie, CSRF, hosts -----------------------------

    def test_token_required(self):
        for path in ("/", "/page.js", "/api/session", "/api/files/x/download"):
            r, body = self.srv.request("GET", path, cookie=False)
            self.assertEqual(r.status, 403, path)
            self.assertEqual(json.loads(body)["error"]["code"], "no-token")
        r, _ = self.srv.request("GET", "/?token=" + "0" * len(self.srv.token), cookie=False)
        self.assertEqual(r.status, 403, "a wrong token")
        r, _ = self.srv.request("GET", "/api/session", cookie=False,
                                headers={"Cookie": "pmark-%d=%s" % (self.srv.port, "1" * 48)})
        self.assertEqual(r.status, 403, "a wrong cookie")

    def test_cookie_and_headers(self):
        s = Server("-P", self.policy, "--log", self.log)
        try:
            set_cookie, page = s.login()
            self.assertIn("pmark-%d=" % s.port, set_cookie)
            for attr in ("HttpOnly", "SameSite=Strict", "Path=/"):
                self.assertIn(attr, set_cookie)
            csp = page.getheader("Content-Security-Policy")
            self.assertIn("default-src 'none'", csp)
            self.assertIn("script-src 'self'", csp)
            self.assertNotIn("unsafe-inline", csp)
            self.assertEqual(page.getheader("X-Frame-Options"), "DENY")
            self.assertEqual(page.getheader("Cache-Control"), "no-store")
            # the redirect takes the token out of the address bar
            r, _ = s.request("GET", "/?token=" + s.token)
            self.assertEqual(r.getheader("Location"), "/")
        finally:
            code, out, _ = s.stop()
        self.assertEqual(code, 0)
        self.assertIn("stopped; uploads deleted", out)

    def test_csrf_and_origin(self):
        with open(os.path.join(SAMPLES, "case-note.txt"), "rb") as f:
            data = f.read()
        r, body = self.srv.request("POST", "/api/files", data, {"X-Pmark-Filename": "a.txt"},
                                   csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(json.loads(body)["error"]["code"], "csrf")
        r, body = self.srv.request("POST", "/api/files", data,
                                   {"X-Pmark-Filename": "a.txt", "X-Pmark-CSRF": "0" * 48},
                                   csrf=False)
        self.assertEqual(r.status, 403)
        r, body = self.srv.request("POST", "/api/files", data,
                                   {"X-Pmark-Filename": "a.txt", "Origin": "http://evil.example"})
        self.assertEqual(r.status, 403, "another origin")
        r, body = self.srv.request("GET", "/api/session",
                                   headers={"Host": "rebound.example:%d" % self.srv.port})
        self.assertEqual(r.status, 403, "another host name")
        self.assertEqual(json.loads(body)["error"]["code"], "wrong-host")
        self.assertFalse([e for e in os.listdir(self.srv.root) if e != "batch.zip"
                          and os.path.exists(os.path.join(self.srv.root, e, "in", "a.txt"))],
                         "a refused upload was kept")

    # ---- limits -------------------------------------------------------------

    def test_huge_declared_length_is_not_buffered(self):
        """Content-Length 10^12 from a signed-in page: refused, the body
        dropped as it arrives and the connection closed past 8 MB (the
        server stays small while the client tries to send 200 MB)."""
        import socket
        s = socket.create_connection((self.srv.host, self.srv.port))
        s.sendall(("POST /api/files HTTP/1.1\r\nHost: %s:%d\r\nCookie: %s\r\n"
                   "X-Pmark-CSRF: %s\r\nX-Pmark-Filename: big.txt\r\n"
                   "Content-Length: 1000000000000\r\n\r\n"
                   % (self.srv.host, self.srv.port, self.srv.cookie, self.srv.csrf)).encode())
        chunk, sent = b"x" * (1 << 20), 0
        s.settimeout(5)
        try:
            for _ in range(200):
                s.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass
        finally:
            s.close()
        with open("/proc/%d/status" % self.srv.proc.pid) as f:
            rss = [int(l.split()[1]) for l in f if l.startswith("VmRSS")][0] << 10
        self.assertLess(sent, 64 << 20, "the server went on reading the body")
        self.assertLess(rss, 128 << 20, "the server holds %d MB" % (rss >> 20))

    def test_oversize_refused_unread(self):
        big = os.path.join(self.d, "big.txt")
        with open(big, "wb") as f:
            f.write(b"x" * 2500000)
        r, body = self.srv.upload(big)
        self.assertEqual(r.status, 413)
        self.assertEqual(body["error"]["code"], "budget")
        self.assertIn("larger than the policy allows", body["error"]["message"])
        # no length: refused too
        c = self.srv.conn()
        c.putrequest("POST", "/api/files")
        c.putheader("Cookie", self.srv.cookie)
        c.putheader("X-Pmark-CSRF", self.srv.csrf)
        c.putheader("X-Pmark-Filename", "chunked.txt")
        c.putheader("Transfer-Encoding", "chunked")
        c.endheaders()
        c.send(b"5\r\nhello\r\n0\r\n\r\n")
        r = c.getresponse()
        self.assertEqual(r.status, 411)
        c.close()

    def test_file_count_limit(self):
        self.clear()
        ids = []
        for i in range(3):
            r, body = self.srv.upload(os.path.join(SAMPLES, "case-note.txt"), "note%d.txt" % i)
            self.assertEqual(r.status, 200, body)
            ids.append(body["id"])
        r, body = self.srv.upload(os.path.join(SAMPLES, "case-note.txt"), "note4.txt")
        self.assertEqual(r.status, 422)
        self.assertEqual(body["error"]["code"], "too-many-files")
        self.assertIn("3 files at most", body["error"]["message"])
        for i in ids:
            r, _ = self.srv.request("DELETE", "/api/files/" + i)
            self.assertEqual(r.status, 204)
            self.assertFalse(os.path.exists(os.path.join(self.srv.root, i)))

    # ---- the work -------------------------------------------------------------

    def test_session(self):
        r, body = self.srv.request("GET", "/api/session")
        self.assertEqual(r.status, 200)
        s = json.loads(body)
        self.assertEqual(s["policy"], "london-lscb")
        self.assertEqual([l["name"] for l in s["levels"]],
                         ["NOT PROTECTIVELY MARKED", "PROTECT", "RESTRICTED", "CONFIDENTIAL"])
        self.assertIn("PERSONAL", [d["name"] for d in s["descriptors"]])
        self.assertEqual(s["max_bytes"], 2 * 1024 * 1024)
        self.assertEqual(s["max_files"], 3)
        if AGE_KEYGEN:
            self.assertEqual(s["recipients"], ["Jane Example (Example Borough CSC)"])

    def test_classify_preview_mark_download(self):
        self.clear()
        r, res = self.srv.upload(os.path.join(SAMPLES, "case-summary.pdf"), "Case summary.pdf")
        self.assertEqual(r.status, 200, res)
        self.assertEqual(res["path"], "Case summary.pdf")
        self.assertNotIn(self.srv.root, json.dumps(res), "the private path leaked")
        want = json.loads(subprocess.run([PMARK, "classify", "--json",
                                          os.path.join(SAMPLES, "case-summary.pdf")],
                                         capture_output=True, text=True).stdout)
        self.assertEqual(res["level"], want["level"])
        self.assertEqual(res["reasons"], want["reasons"])
        # evidence is masked as the CLI masks it
        for reason in res["reasons"]:
            for e in reason["evidence"]:
                self.assertNotRegex(e, r"\b\d{3} ?\d{3} ?\d{4}\b")
        fid = res["id"]
        r, png = self.srv.request("GET", "/api/files/%s/preview" % fid)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"), "image/png")
        self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"))
        # lowering below what the content needs: refused without a reason
        low = "NOT PROTECTIVELY MARKED"
        r, body = self.srv.mark(fid, level=low)
        self.assertEqual(r.status, 422, body)
        self.assertIn("needs a justification", body["error"]["message"])
        self.assertNotIn(self.srv.root, body["error"]["message"])
        r, body = self.srv.mark(fid, level="RESTRICTED", descriptors=["PERSONAL"], handling=True)
        self.assertEqual(r.status, 200, body)
        self.assertEqual(body["marking"], "RESTRICTED - PERSONAL")
        r, data = self.srv.request("GET", body["download"])
        self.assertEqual(r.status, 200)
        self.assertIn("attachment", r.getheader("Content-Disposition"))
        self.assertIn("Case summary.pdf", r.getheader("Content-Disposition"))
        out = os.path.join(self.d, "downloaded.pdf")
        with open(out, "wb") as f:
            f.write(data)
        got = json.loads(subprocess.run([PMARK, "classify", "--json", out], capture_output=True,
                                        text=True).stdout)
        self.assertEqual(got["existing"]["text"], "RESTRICTED - PERSONAL")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
            self.assertIn("RESTRICTED - PERSONAL", text)
        # downloaded: gone from the server
        r, _ = self.srv.request("GET", body["download"])
        self.assertEqual(r.status, 404)
        self.assertFalse(os.path.exists(os.path.join(self.srv.root, fid)))
        # the marking log has the record, with the person
        with open(self.log) as f:
            records = [json.loads(l) for l in f]
        last = records[-1]
        self.assertEqual(last["new"], "RESTRICTED - PERSONAL")
        self.assertTrue(last["user"])

    def test_lowering_with_justification_logged(self):
        self.clear()
        r, res = self.srv.upload(os.path.join(SAMPLES, "strategy-minutes.docx"))
        self.assertEqual(res["level"], "RESTRICTED")
        why = "Redacted copy agreed with the team manager"
        r, body = self.srv.mark(res["id"], level="PROTECT", descriptors=["PERSONAL"],
                                justification=why)
        self.assertEqual(r.status, 200, body)
        self.assertEqual(body["marking"], "PROTECT - PERSONAL")
        with open(self.log) as f:
            last = [json.loads(l) for l in f][-1]
        self.assertEqual(last["justification"], why)
        self.assertEqual(last["new"], "PROTECT - PERSONAL")
        # an unknown level is the officer's error, named
        r, body = self.srv.mark(res["id"], level="SECRETISH")
        self.assertEqual(r.status, 422)
        self.assertIn("RESTRICTED", body["error"]["message"], "the levels are named")

    @unittest.skipUnless(shutil.which("soffice"), "LibreOffice (soffice) not installed: "
                         "the preview of an office document is not tested")
    def test_preview_fetches_no_linked_resource(self):
        """An ODT whose picture is linked at an http URL: LibreOffice fetches
        it when it runs with the network; for serve's preview it runs in a
        network namespace of its own, and nothing is fetched."""
        import http.server
        import threading
        hits = []

        class Beacon(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args):
                pass
        httpd = http.server.HTTPServer(("127.0.0.1", 0), Beacon)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        self.addCleanup(httpd.server_close)
        self.addCleanup(httpd.shutdown)
        url = "http://127.0.0.1:%d/beacon.png" % httpd.server_address[1]
        odt = os.path.join(self.d, "linked.odt")
        content = (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" '
            'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
            'office:version="1.2"><office:body><office:text><text:p>Meeting notes.</text:p>'
            '<text:p><draw:frame draw:name="i" text:anchor-type="as-char" svg:width="2cm" '
            'svg:height="2cm"><draw:image xlink:href="%s" xlink:type="simple" '
            'xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>'
            '</office:text></office:body></office:document-content>' % url)
        manifest = (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.text"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
        with zipfile.ZipFile(odt, "w") as z:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
            z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        # LibreOffice with the network fetches it: the test can tell
        out = os.path.join(self.d, "direct")
        subprocess.run(["soffice", "-env:UserInstallation=file://%s/profile" % out, "--headless",
                        "--convert-to", "pdf", "--outdir", out, odt], capture_output=True,
                       timeout=180)
        if not hits:
            self.skipTest("SKIP: LibreOffice did not fetch the linked picture even with the "
                          "network: the test cannot tell")
        hits.clear()
        self.clear()
        r, res = self.srv.upload(odt)
        self.assertEqual(r.status, 200, res)
        r, png = self.srv.request("GET", "/api/files/%s/preview" % res["id"])
        self.assertEqual(r.status, 200, png[:200])
        self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"))
        self.assertEqual(hits, [], "LibreOffice fetched the linked picture")

    def test_text_preview_and_unread_file(self):
        self.clear()
        r, res = self.srv.upload(os.path.join(SAMPLES, "case-note.txt"))
        r, text = self.srv.request("GET", "/api/files/%s/preview" % res["id"])
        self.assertEqual(r.status, 200)
        self.assertTrue(r.getheader("Content-Type").startswith("text/plain"))
        with open(os.path.join(SAMPLES, "case-note.txt"), encoding="utf-8") as f:
            first = f.readline().strip()
        self.assertIn(first, text.decode())
        # a file pmark cannot read is never called clean
        bad = os.path.join(self.d, "broken.docx")
        with open(bad, "wb") as f:
            f.write(b"PK\x03\x04" + b"\0" * 100)
        r, res = self.srv.upload(bad)
        self.assertEqual(r.status, 200)
        self.assertNotEqual(res["level"], "NOT PROTECTIVELY MARKED")
        self.assertTrue(res["error"] or not res["inspected"], res)

    def test_zip_of_several(self):
        self.clear()
        ids = []
        for name in ("case-note.txt", "board-report.txt"):
            r, res = self.srv.upload(os.path.join(SAMPLES, name))
            r, body = self.srv.mark(res["id"], level=res["level"],
                                    descriptors=res["descriptors"])
            self.assertEqual(r.status, 200, body)
            ids.append(res["id"])
        r, data = self.srv.request("POST", "/api/zip", json.dumps({"ids": ids}),
                                   {"Content-Type": "application/json"})
        self.assertEqual(r.status, 200, data[:200])
        z = os.path.join(self.d, "batch.zip")
        with open(z, "wb") as f:
            f.write(data)
        with zipfile.ZipFile(z) as zf:
            self.assertEqual(sorted(zf.namelist()), ["board-report.txt", "case-note.txt"])
            for n in zf.namelist():
                zf.extract(n, os.path.join(self.d, "unzipped"))
        for n in ("board-report.txt", "case-note.txt"):
            got = json.loads(subprocess.run(
                [PMARK, "classify", "--json", os.path.join(self.d, "unzipped", n)],
                capture_output=True, text=True).stdout)
            self.assertIsNotNone(got["existing"], n)
        for i in ids:
            self.assertFalse(os.path.exists(os.path.join(self.srv.root, i)))

    @unittest.skipUnless(AGE and AGE_KEYGEN, "age and age-keygen not installed (apt-get install age)")
    def test_seal_to_recipient_book(self):
        self.clear()
        r, res = self.srv.upload(os.path.join(SAMPLES, "strategy-minutes.docx"))
        r, body = self.srv.mark(res["id"], level="RESTRICTED", descriptors=["PERSONAL"],
                                seal=True, recipients=["Nobody Known"])
        self.assertEqual(r.status, 422)
        self.assertIn("not in the recipient book", body["error"]["message"])
        r, body = self.srv.mark(res["id"], level="RESTRICTED", descriptors=["PERSONAL"],
                                seal=True, recipients=["Jane Example (Example Borough CSC)"])
        self.assertEqual(r.status, 200, body)
        self.assertTrue(body["sealed"])
        self.assertTrue(body["name"].endswith(".age"), body["name"])
        r, data = self.srv.request("GET", body["download"])
        sealed = os.path.join(self.d, body["name"])
        with open(sealed, "wb") as f:
            f.write(data)
        opened = os.path.join(self.d, "opened.docx")
        subprocess.run([AGE, "-d", "-i", self.identity, "-o", opened, sealed], check=True)
        got = json.loads(subprocess.run([PMARK, "classify", "--json", opened],
                                        capture_output=True, text=True).stdout)
        self.assertEqual(got["existing"]["text"], "RESTRICTED - PERSONAL")
        # a passphrase and recipients together: age allows one
        r, res = self.srv.upload(os.path.join(SAMPLES, "case-note.txt"))
        r, body = self.srv.mark(res["id"], level="RESTRICTED", seal=True,
                                recipients=["Jane Example (Example Borough CSC)"],
                                passphrase="correct horse battery")
        self.assertEqual(r.status, 422)
        r, body = self.srv.mark(res["id"], level="RESTRICTED", seal=True,
                                passphrase="correct horse battery")
        self.assertEqual(r.status, 200, body)
        r, data = self.srv.request("GET", body["download"])
        with open(os.path.join(self.d, "pass.age"), "wb") as f:
            f.write(data)
        self.assertTrue(data.startswith(b"age-encryption.org/v1\n-> scrypt "), data[:60])

    def test_preload_files_named(self):
        s = Server("-P", self.policy, "--log", self.log,
                   files=[os.path.join(SAMPLES, "strategy-minutes.docx")])
        try:
            s.login()
            r, body = s.request("GET", "/api/session")
            files = json.loads(body)["files"]
            self.assertEqual([f["path"] for f in files], ["strategy-minutes.docx"])
            self.assertEqual(files[0]["level"], "RESTRICTED")
        finally:
            s.stop()
        self.assertFalse(os.path.exists(s.root), "the private directory stayed")

    def test_desktop_entry(self):
        """The file manager's "Mark with pmark..." runs pmark serve with the
        files, for the types pmark marks."""
        import configparser
        path = os.path.join(ROOT, "contrib", "desktop", "pmark-serve.desktop")
        cp = configparser.ConfigParser(interpolation=None)
        cp.optionxform = str
        with open(path) as f:
            cp.read_string("".join(l for l in f if not l.startswith("#")))
        entry = cp["Desktop Entry"]
        self.assertEqual(entry["Exec"], "pmark serve %F")
        mimes = set(filter(None, entry["MimeType"].split(";")))
        for sample in ("case-summary.pdf", "strategy-minutes.docx", "caseload.xlsx",
                       "training.pptx", "pupil-letter.odt", "strategy-minutes.doc",
                       "referral.rtf", "case-note.txt"):
            got = json.loads(subprocess.run([PMARK, "classify", "--json",
                                             os.path.join(SAMPLES, sample)],
                                            capture_output=True, text=True).stdout)
            self.assertIn(got["type"], mimes, sample)
        if shutil.which("desktop-file-validate"):
            r = subprocess.run(["desktop-file-validate", path], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        else:
            print("SKIP: desktop-file-validate not installed (apt-get install desktop-file-utils)")

    # ---- team mode ---------------------------------------------------------------

    def test_network_needs_tls_or_proxy(self):
        r = subprocess.run([PMARK, "serve", "--no-browser", "--listen", "0.0.0.0"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--tls-cert", r.stderr)
        r = subprocess.run([PMARK, "serve", "--no-browser", "--user-header", "X-User"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)

    def test_proxy_user_recorded(self):
        secret = os.path.join(self.d, "proxy-secret")
        with open(secret, "w") as f:
            f.write("s3cret-shared-with-nginx-only\n")
        os.chmod(secret, 0o600)
        s = Server("-P", self.policy, "--log", self.log, "--user-header", "X-Remote-User",
                   "--proxy-secret-file", secret)
        try:
            r, _ = s.request("GET", "/?token=" + s.token, headers={"X-Remote-User": "mallory"})
            self.assertEqual(r.status, 403, "no proxy secret")
            via = {"X-Pmark-Proxy-Secret": "s3cret-shared-with-nginx-only",
                   "X-Remote-User": "a.officer@example.gov.uk"}
            s.login(headers=via)
            r, body = s.request("GET", "/api/session", headers=via)
            self.assertEqual(json.loads(body)["user"], "a.officer@example.gov.uk")
            r, res = s.upload(os.path.join(SAMPLES, "case-note.txt"), headers=via)
            r, body = s.mark(res["id"], headers=via, level=res["level"],
                             descriptors=res["descriptors"])
            self.assertEqual(r.status, 200, body)
            with open(self.log) as f:
                last = [json.loads(l) for l in f][-1]
            self.assertEqual(last["user"], "a.officer@example.gov.uk")
            r, _ = s.request("GET", "/api/session",
                             headers={"X-Pmark-Proxy-Secret": "wrong", "X-Remote-User": "x"})
            self.assertEqual(r.status, 403)
        finally:
            s.stop()

    @unittest.skipUnless(OPENSSL, "openssl not installed: HTTPS not tested")
    def test_https(self):
        cert, key = os.path.join(self.d, "cert.pem"), os.path.join(self.d, "key.pem")
        subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        s = Server("-P", self.policy, "--log", self.log, "--tls-cert", cert, "--tls-key", key)
        try:
            self.assertEqual(s.scheme, "https")
            set_cookie, _ = s.login()
            self.assertIn("Secure", set_cookie)
            r, body = s.request("GET", "/api/session")
            self.assertEqual(r.status, 200)
        finally:
            s.stop()


class Restart(unittest.TestCase):
    def test_killed_serves_uploads_removed_at_next_start(self):
        """SIGKILL leaves the private directory with its uploads; the next
        serve of the same user removes it (and leaves a live one's)."""
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        env = dict(os.environ, TMPDIR=tmp.name)
        killed = Server(env=env)
        killed.login()
        r, res = killed.upload(os.path.join(SAMPLES, "case-note.txt"))
        self.assertEqual(r.status, 200, res)
        live = Server(env=env)
        killed.proc.kill()
        killed.proc.wait()
        self.assertTrue(os.path.isdir(killed.root))
        again = Server(env=env)
        try:
            self.assertFalse(os.path.exists(killed.root), "a killed serve's uploads stayed")
            self.assertTrue(os.path.isdir(live.root), "a live serve's directory was removed")
        finally:
            for srv in (live, again):
                srv.stop()
        left = os.listdir(tmp.name)
        # (which serve's, and what is in it, when one stays: seen once in
        # CI under load, never reproduced)
        names = {os.path.basename(killed.root): "killed", os.path.basename(live.root): "live",
                 os.path.basename(again.root): "again"}
        self.assertEqual(left, [], ["%s (%s): %s" % (d, names.get(d, "?"),
                                                     sorted(os.listdir(os.path.join(tmp.name, d))))
                                    for d in left])


if __name__ == "__main__":
    unittest.main(verbosity=2)
