"""A throwaway PostgreSQL server: a cluster made with initdb in a temporary folder,
listening on a free port of 127.0.0.1, stopped and removed at the end. Used by the
DuckLake tests (tests/lake/conftest.py) and by bench/scale_out.py.

Debian's ``postgresql`` package puts the server binaries in /usr/lib/postgresql/N/bin
(``scripts/test.sh`` installs it in CI). The server refuses to run as root, so when the
caller is root the cluster is made and run as the unprivileged user ``nobody``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SERVER_USER = "nobody"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries here, or no way to run them; the message says why."""


def postgres_bindir() -> Path | None:
    """The newest Debian PostgreSQL's binaries, else initdb's folder on PATH."""
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if debian:
        return Path(debian[-1]).parent
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True, slots=True)
class PostgresServer:
    bindir: Path
    port: int
    user: str = "postgres"
    host: str = "127.0.0.1"

    def create_database(self) -> str:
        """A new empty database; its name."""
        name = f"lake_{uuid.uuid4().hex[:10]}"
        createdb = [str(self.bindir / "createdb"), "-h", self.host, "-p", str(self.port)]
        subprocess.run([*createdb, "-U", self.user, name], check=True, capture_output=True)
        return name

    def conninfo(self, database: str) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={database}"


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        raise PostgresUnavailable("running as root without runuser: PostgreSQL refuses root")
    return ["runuser", "-u", _SERVER_USER, "--", *command]


@contextmanager
def throwaway_postgres() -> Iterator[PostgresServer]:
    """A running PostgreSQL server with trust authentication on 127.0.0.1, durability
    off (fsync), removed with its data when the block ends."""
    bindir = postgres_bindir()
    if bindir is None:
        raise PostgresUnavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's"
            " postgresql package (scripts/test.sh does in CI)"
        )
    # A folder of its own rather than pytest's tmp_path: those are private to root, and
    # the server user must be able to reach its cluster.
    root = Path(tempfile.mkdtemp(prefix="pressroom-pg-"))
    root.chmod(0o755)
    data, sockets, logs = root / "data", root / "sockets", root / "logs"
    for folder in (data, sockets, logs):
        folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(folder, user=_SERVER_USER)
    server = PostgresServer(bindir, _free_port())
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        initdb = [str(bindir / "initdb"), "-D", str(data), "-U", server.user, "--auth=trust"]
        subprocess.run(
            _as_server_user([*initdb, "-E", "UTF8", "--no-sync"]), check=True, capture_output=True
        )
        options = (
            f"-p {server.port} -k {sockets} -c listen_addresses={server.host}"
            " -c fsync=off -c synchronous_commit=off -c max_connections=200"
        )
        log = ["-l", str(logs / "server.log")]
        started = subprocess.run(
            _as_server_user([*pg_ctl, *log, "-w", "-t", "60", "-o", options, "start"]),
            capture_output=True,
            text=True,
        )
        if started.returncode != 0:
            tail = (logs / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{tail}")
        yield server
    finally:
        subprocess.run(_as_server_user([*pg_ctl, "-m", "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
