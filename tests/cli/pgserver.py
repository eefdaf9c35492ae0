# SPDX-License-Identifier: LGPL-2.1-or-later
"""A private PostgreSQL server for a test: initdb in a temporary directory
(as an unprivileged user when run as root: initdb refuses root), a free
port on 127.0.0.1, password (SCRAM) authentication as pg_hba.conf's
minimal set-up, and a database owned by a login role that has no other
rights, as pmark-audit(1) documents it. The password lives in a 0600
PGPASSFILE, never on a command line."""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time


def bindir():
    for cand in [os.environ.get("PMARK_PG_BINDIR", "")] + sorted(
            glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if cand and os.path.exists(os.path.join(cand, "initdb")):
            return cand
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """start() or raise unittest.SkipTest-worthy RuntimeError(reason)."""

    def __init__(self, durable=False):
        # tests: fsync off (they test logic, not disks); benchmarks: on
        self.durable = durable
        self.bin = bindir()
        if not self.bin:
            raise RuntimeError("PostgreSQL's server is not installed (postgresql-15)")
        self.dir = tempfile.mkdtemp(prefix="pmark-pg-")
        os.chmod(self.dir, 0o755)
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        self.user = None
        self.preexec = None
        if os.geteuid() == 0:
            # the server runs as nobody; the directory is theirs
            nobody = pwd.getpwnam("nobody")
            os.chown(self.dir, nobody.pw_uid, nobody.pw_gid)

            def drop():
                os.setgid(nobody.pw_gid)
                os.setgroups([])
                os.setuid(nobody.pw_uid)
            self.preexec = drop
        self.superpw = "super-" + os.urandom(6).hex()
        self.password = "audit-" + os.urandom(6).hex()
        self.passfile = os.path.join(tempfile.mkdtemp(prefix="pmark-pgpass-"), "pgpass")
        with open(os.open(self.passfile, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write("127.0.0.1:%d:*:postgres:%s\n" % (self.port, self.superpw))
            f.write("127.0.0.1:%d:*:auditor:%s\n" % (self.port, self.password))
        self.proc = None

    def run(self, *args, **kw):
        return subprocess.run(args, preexec_fn=self.preexec, capture_output=True, text=True,
                              timeout=120, cwd=self.dir, **kw)

    def start(self):
        pwfile = os.path.join(self.dir, "pw")
        with open(pwfile, "w") as f:
            f.write(self.superpw + "\n")
        if self.preexec:
            os.chown(pwfile, pwd.getpwnam("nobody").pw_uid, -1)
        r = self.run(os.path.join(self.bin, "initdb"), "-D", self.data, "-U", "postgres",
                     "--pwfile", pwfile, "--auth-local=scram-sha-256",
                     "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
        os.unlink(pwfile)
        if r.returncode != 0:
            raise RuntimeError("initdb failed: " + r.stderr[-500:])
        log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = subprocess.Popen(
            [os.path.join(self.bin, "postgres"), "-D", self.data, "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + self.dir,
             "-c", "max_connections=50", "-c", "fsync=" + ("on" if self.durable else "off")],
            preexec_fn=self.preexec, stdout=log, stderr=subprocess.STDOUT, cwd=self.dir)
        for _ in range(200):
            if self.proc.poll() is not None:
                raise RuntimeError("postgres exited: " + open(log.name).read()[-500:])
            r = subprocess.run([os.path.join(self.bin, "pg_isready"), "-h", "127.0.0.1",
                                "-p", str(self.port)], capture_output=True)
            if r.returncode == 0:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("postgres did not start")
        # the documented set-up: a login role with no other rights, owning
        # the audit's database
        self.psql("CREATE ROLE auditor LOGIN PASSWORD '%s'" % self.password)
        self.psql("CREATE DATABASE audit OWNER auditor")
        self.psql("REVOKE ALL ON SCHEMA public FROM PUBLIC", db="audit")
        self.psql("GRANT ALL ON SCHEMA public TO auditor", db="audit")

    def env(self):
        e = dict(os.environ)
        e["PGPASSFILE"] = self.passfile
        e["PGCONNECT_TIMEOUT"] = "10"
        return e

    def psql(self, sql, db="postgres", user="postgres"):
        r = subprocess.run(["psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                            "-p", str(self.port), "-U", user, "-d", db, "-c", sql],
                           capture_output=True, text=True, timeout=60, env=self.env())
        if r.returncode != 0:
            raise AssertionError("psql %r: %s" % (sql, r.stderr))
        return r.stdout.strip()

    def url(self, db="audit", user="auditor"):
        return "postgresql://%s@127.0.0.1:%d/%s" % (user, self.port, db)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.rmtree(os.path.dirname(self.passfile), ignore_errors=True)
