"""Opening the warehouse: one DuckDB file, migrated on connect.

Migrations are the files ``warehouse/migrations/NNNN_name.sql``; each is applied once,
in its own transaction, and recorded in ``schema_migrations``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

import duckdb

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or written; the message names the path and the fix."""


@dataclass(frozen=True, slots=True)
class LakeSettings:
    """Where a lake lives: its catalog (``postgres:...``, ``postgresql://...``,
    ``sqlite:PATH`` or ``duckdb:PATH``) and the folder or URL of its Parquet files."""

    catalog: str
    data_path: str
    alias: str = "lake"

    @property
    def attach_target(self) -> str:
        """The ``ATTACH`` string: ``ducklake:`` followed by the catalog."""
        catalog = self.catalog.removeprefix("ducklake:")
        if catalog.startswith(("postgresql://", "postgres://")):
            # libpq takes a URI as its connection string; DuckLake wants the prefix.
            catalog = "postgres:" + catalog
        return "ducklake:" + catalog

    @property
    def catalog_kind(self) -> str:
        return self.attach_target.removeprefix("ducklake:").split(":", 1)[0]


# Where the warehouse is: a DuckDB file, or a DuckLake (``warehouse.lake``). Everything
# above the storage seam passes one of these and never asks which.
Warehouse = str | Path | LakeSettings
T = TypeVar("T")


def describe(target: Warehouse) -> str:
    """``target`` as messages name it."""
    if isinstance(target, LakeSettings):
        return f"the lake {target.catalog} ({target.data_path})"
    return str(target)


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

        def apply(c: duckdb.DuckDBPyConnection, migration: Migration = migration) -> None:
            c.execute(migration.sql)
            c.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name, dt.datetime.now(dt.UTC)],
            )

        committed(con, apply)
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


# DuckDB's memory on a connection that writes (a run's merges, maintenance). A reader's
# (``pressroom sql``, a user's session) is left at DuckDB's default.
WRITER_MEMORY = "512MB"


# Rows per row group in what a writing connection appends. Every merge ends with a
# checkpoint (at close), which compresses again the whole row group that rows were
# appended to; at DuckDB's 122,880 rows of ~5 KB articles that is up to 600 MB, a cost
# and a memory peak that grew with the warehouse until the group filled. At 16,384 it
# stays small and flat (measured on 2,500-row appends to 100k rows: 7.1 s and 594 MB
# peak RSS a checkpoint with the default, 0.4-1.1 s and 174 MB with this).
ROW_GROUP_SIZE = 16_384


def _attach(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection that writes ``path``. The row group size is a setting of an attached
    database (``duckdb.connect`` has none), so the file is attached to an in-memory
    one and made the default: statements see it as they would a file opened directly."""
    con = duckdb.connect()
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS warehouse (ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
        con.execute("USE warehouse")
        # Spills go beside the file, where DuckDB puts them for a file opened directly
        # (for an in-memory database it would be the working directory).
        con.execute(f"SET temp_directory = '{quoted}.tmp'")
    except BaseException:
        con.close()
        raise
    return con


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run an ingest first, or pass --db PATH")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError(f"cannot create the folder for {path}: {exc}") from exc
    try:
        con = duckdb.connect(str(path), read_only=True) if read_only else _attach(path)
    except duckdb.IOException as exc:
        raise WarehouseError(f"cannot open the warehouse {path}: {exc}") from exc
    # Long statements (an index rebuild) would draw a progress bar into the run's logs.
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        # A batch of ~5 KB articles writes tens of MB; at DuckDB's 16 MB default every
        # commit would checkpoint. Checkpoint less often; the WAL keeps commits durable.
        con.execute("SET checkpoint_threshold = '256MB'")
        # DuckDB keeps what it reads cached up to 80% of the machine's memory, so a run's
        # footprint would grow with the warehouse; past this it spills or evicts instead.
        con.execute(f"SET memory_limit = '{WRITER_MEMORY}'")
    if not os.environ.get("HOME"):
        # DuckDB keeps extensions (fts, from its PyPI package) under the home directory;
        # a service account without HOME gets a folder in the temp dir instead.
        home = Path(tempfile.gettempdir()) / "pressroom-duckdb-home"
        home.mkdir(exist_ok=True)
        con.execute(f"SET home_directory = '{home}'")
        con.execute(f"SET extension_directory = '{home / '.duckdb' / 'extensions'}'")
    return con


@contextmanager
def connect(path: Warehouse, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse at ``path`` (a DuckDB file, or a lake), migrated to the current
    layout, and close it after. A read-only connection never migrates: it sees the
    warehouse as it is."""
    if isinstance(path, LakeSettings):
        from warehouse.lake import connect_lake  # the lake module builds on this one

        with connect_lake(path, read_only=read_only) as lake:
            yield lake
        return
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


def in_transaction(
    con: duckdb.DuckDBPyConnection,
    target: Warehouse,
    work: Callable[[duckdb.DuckDBPyConnection], T],
) -> T:
    """Run ``work(con)`` in one transaction on ``target`` and commit it. A file has one
    writer, so its commit cannot conflict; a lake's commit can, and is then retried
    whole (``work`` must read what it depends on inside the transaction)."""
    if isinstance(target, LakeSettings):
        from warehouse.lake import commit_with_retry

        return commit_with_retry(con, work).value
    return committed(con, work)


def committed(con: duckdb.DuckDBPyConnection, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run ``work(con)`` between BEGIN and COMMIT; on any failure roll back and re-raise."""
    con.execute("BEGIN TRANSACTION")
    try:
        value = work(con)
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    return value
