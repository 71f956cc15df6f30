"""A real PostgreSQL server for the tests and the load test, started from Debian's binaries in a
temporary folder, listening on 127.0.0.1 on a free port, stopped (and its folder removed) at
the end. As root the server runs as the ``postgres`` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
from pathlib import Path


def bin_dir() -> Path | None:
    """Folder of initdb / pg_ctl: Debian's newest version, else whatever is on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self):
        self.bin = bin_dir()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed: `make test` installs Debian's "
                               "postgresql (apt-get install postgresql)")
        if not stat.S_ISCHR(os.stat(os.devnull).st_mode):
            raise RuntimeError(f"{os.devnull} is not the null device (a program replaced it with "
                               f"a file; as root: rm {os.devnull} && mknod -m 666 {os.devnull} "
                               f"c 1 3); pg_ctl needs it")
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="recovery-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.user = "postgres"
        self._as_root = os.geteuid() == 0
        if self._as_root:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        else:
            self.user = pwd.getpwuid(os.geteuid()).pw_name
        self._count = 0
        self.running = False

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self._as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed: {out.stderr[-2000:]}\n{log}")

    def start(self) -> "PostgresServer":
        self._run("initdb", "-D", str(self.data), "-U", self.user, "-A", "trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        self.resume()
        atexit.register(self.stop)
        return self

    def pause(self) -> None:
        """Stop the server, keeping its data (a restart, an outage)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.running = False

    def resume(self) -> None:
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   f"-c fsync=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                  "-t", "60", "start")
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "t") -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg
        self._count += 1
        name = f"{prefix}_{os.getpid()}_{self._count}"
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
