"""A real PostgreSQL server from Debian's `postgresql` package, started and stopped by the tests.

`make test` installs the package where it is missing. The server runs as the
`postgres` system user (initdb refuses root), in a private data directory, on a
free port of 127.0.0.1, with password authentication; `stop()` ends it by its PID.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def pg_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin directory, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    datadir: Path
    port: int
    user: str
    password: str
    pid: int
    host: str = "127.0.0.1"

    def dsn(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{dbname}"

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        env = {**os.environ, "PGPASSWORD": self.password}
        out = subprocess.run(
            ["psql", "-h", self.host, "-p", str(self.port), "-U", self.user, "-d", dbname, "-XAtqc", sql],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout

    def create_database(self, name: str) -> None:
        self.psql(f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        """Stop the postmaster by its PID (fast shutdown) and wait for it to exit."""
        try:
            os.kill(self.pid, signal.SIGINT)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        os.kill(self.pid, signal.SIGKILL)

    def remove(self) -> None:
        """Stop the server and delete its files."""
        self.stop()
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_postgres(base: Path | None = None) -> PgServer:
    """initdb a fresh cluster and start it on a free loopback port.

    `base` defaults to a new directory under the system temp dir: pytest's own
    tmp_path sits below a root-only directory that the `postgres` user cannot enter.
    """
    if base is None:
        base = Path(tempfile.mkdtemp(prefix="provind-pg-"))
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed: run `make test`, which installs Debian's postgresql")
    base.mkdir(parents=True, exist_ok=True)
    datadir = base / "pgdata"
    user, password = "provind", secrets.token_hex(12)
    pwfile = base / "pwfile"
    pwfile.write_text(password)
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if run_as:
        shutil.chown(base, "postgres", "postgres")
        shutil.chown(pwfile, "postgres", "postgres")
    subprocess.run(
        [
            *run_as,
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            user,
            f"--pwfile={pwfile}",
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = base / "postgres.log"
    subprocess.run(
        [
            *run_as,
            str(bindir / "pg_ctl"),
            "-D",
            str(datadir),
            "-l",
            str(log),
            "-w",
            "-t",
            "60",
            "-o",
            f"-h 127.0.0.1 -p {port} -k {base} -c fsync=off -c full_page_writes=off",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    pid = int((datadir / "postmaster.pid").read_text().splitlines()[0])
    return PgServer(datadir=datadir, port=port, user=user, password=password, pid=pid)
