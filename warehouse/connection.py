"""Opening the warehouse: one DuckDB file, migrated on connect.

Migrations are the files ``warehouse/migrations/NNNN_name.sql``; each is applied once,
in its own transaction, and recorded in ``schema_migrations``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or written; the message names the path and the fix."""


def list_migrations() -> list[Migration]:
    """Every migration shipped with pressroom, in version order."""
    found = []
    for entry in resources.files("warehouse").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, dt.datetime]]:
    """(version, name, applied_at) of the migrations recorded in this database."""
    rows = con.execute(
        "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
    ).fetchall()
    return [(int(v), str(n), a) for v, n, a in rows]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations this database lacks; return the versions applied now."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = {version for version, _, _ in applied_migrations(con)}
    applied = []
    for migration in list_migrations():
        if migration.version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name, dt.datetime.now(dt.UTC)],
            )
            con.execute("COMMIT")
        except BaseException:
            rollback(con)
            raise
        applied.append(migration.version)
    return applied


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if there still is one.

    A COMMIT that fails (disk full) has already ended its transaction; a ROLLBACK after
    it would raise "no transaction is active" and hide the error that matters.
    """
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException as exc:
        if "no transaction is active" not in str(exc):
            raise


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run an ingest first, or pass --db PATH")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError(f"cannot create the folder for {path}: {exc}") from exc
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise WarehouseError(f"cannot open the warehouse {path}: {exc}") from exc
    # Long statements (an index rebuild) would draw a progress bar into the run's logs.
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        # A batch of ~5 KB articles writes tens of MB; at DuckDB's 16 MB default every
        # commit would checkpoint. Checkpoint less often; the WAL keeps commits durable.
        con.execute("SET checkpoint_threshold = '256MB'")
    if not os.environ.get("HOME"):
        # DuckDB keeps extensions (fts, from its PyPI package) under the home directory;
        # a service account without HOME gets a folder in the temp dir instead.
        home = Path(tempfile.gettempdir()) / "pressroom-duckdb-home"
        home.mkdir(exist_ok=True)
        con.execute(f"SET home_directory = '{home}'")
        con.execute(f"SET extension_directory = '{home / '.duckdb' / 'extensions'}'")
    return con


@contextmanager
def connect(path: str | Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse at ``path``, migrated to the current layout, and close it after.

    A read-only connection never migrates: it sees the file as it is.
    """
    con = _open(Path(path), read_only)
    try:
        if not read_only:
            try:
                migrate(con)
            except duckdb.Error as exc:
                raise WarehouseError(f"cannot migrate the warehouse {path}: {exc}") from exc
        yield con
    finally:
        con.close()
