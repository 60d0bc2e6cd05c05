"""The DuckLake backend: the warehouse as Parquet files plus a SQL catalog, for many writers.

One DuckDB file admits one writing process. A DuckLake keeps its data in Parquet files
under ``data_path`` and its metadata (tables, snapshots, which file holds which rows) in
a catalog database, PostgreSQL when writers run in several processes or on several hosts.
Every transaction commits optimistically: DuckLake refuses a commit that conflicts with
one made since the transaction began, and the transaction is then tried again whole.

DuckLake has no PRIMARY KEY, UNIQUE or CHECK constraints, no indexes and no sequences
(measured with 1.5.5; NOT NULL, literal and ``now()`` defaults, views, ``ALTER TABLE ...
ADD COLUMN`` and ``MERGE INTO`` work). Two transactions that only insert never conflict,
so two writers merging the same new key would both insert it. Every writing transaction
therefore first updates the one row of ``lake_commits`` (:func:`commit_with_retry`):
that is a delete from a shared table, which DuckLake lets only one concurrent
transaction commit. Writers thus commit one after another, each seeing everything
committed before it — keys stay unique and duplicate decisions are taken against the
whole lake — while their fetching, parsing and file writing run in parallel.

The layout is the one the migrations give a DuckDB file (``warehouse/migrations``),
without keys: it is read from those migrations applied to an in-memory database, so the
two backends cannot drift apart. The lake's ``schema_migrations`` records which
migration versions its layout includes.

fts cannot index a lake table; :func:`refresh_lake_search_index` copies the articles into
a local DuckDB file beside the lake and indexes them there, so ``warehouse.search``
serves both backends. The extensions come from their PyPI packages
(``duckdb-extension-ducklake``, ``-postgres-scanner``); nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import duckdb
import duckdb_extensions
import pyarrow as pa

from warehouse.connection import LakeSettings, WarehouseError, list_migrations, migrate
from warehouse.search import refresh_search_index

T = TypeVar("T")

COMMITS_TABLE = "lake_commits"
# The search index of a lake: a DuckDB file of this name in the data folder.
LAKE_SEARCH_INDEX = "search.duckdb"
_ATTACH_ATTEMPTS = 8
# The columns the search index keeps: what ``warehouse.search.search_articles`` reads.
SEARCH_COLUMNS = (
    "article_id",
    "source_id",
    "site",
    "canonical_url",
    "title",
    "text",
    "published_date",
    "first_seen_at",
    "duplicate_of",
)


class LakeConflict(WarehouseError):
    """A transaction still conflicted with other writers after every retry."""


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# The extension each catalog needs besides ducklake, and the PyPI package holding it.
_CATALOG_EXTENSIONS = {
    "postgres": ("postgres_scanner", "duckdb-extension-postgres-scanner==1.5.5"),
    "sqlite": ("sqlite_scanner", "duckdb-extension-sqlite-scanner==1.5.5"),
}


def load_lake_extensions(con: duckdb.DuckDBPyConnection, catalog_kind: str) -> None:
    """Load ducklake, and the scanner the catalog needs, from their PyPI packages."""
    wanted = [("ducklake", "duckdb-extension-ducklake==1.5.5")]
    if catalog_kind in _CATALOG_EXTENSIONS:
        wanted.append(_CATALOG_EXTENSIONS[catalog_kind])
    for name, package in wanted:
        if importlib.util.find_spec(f"duckdb_extension_{name}") is None:
            raise WarehouseError(
                f"the DuckDB extension {name} is not installed: pip install '{package}'"
            )
        duckdb_extensions.import_extension(name, con=con)
        con.execute(f"LOAD {name}")


def _open_duckdb(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(path)
    if not os.environ.get("HOME"):
        # As in warehouse.connection: extensions are installed under the home directory.
        home = Path(tempfile.gettempdir()) / "pressroom-duckdb-home"
        home.mkdir(exist_ok=True)
        con.execute(f"SET home_directory = {_quote_literal(str(home))}")
        con.execute(
            f"SET extension_directory = {_quote_literal(str(home / '.duckdb' / 'extensions'))}"
        )
    return con


def attach_lake(
    con: duckdb.DuckDBPyConnection, lake: LakeSettings, *, read_only: bool = False
) -> None:
    """Attach ``lake`` to ``con`` under ``lake.alias`` and make it the default database."""
    load_lake_extensions(con, lake.catalog_kind)
    options = [] if read_only else [f"DATA_PATH {_quote_literal(lake.data_path)}"]
    if read_only:
        options.append("READ_ONLY")
    clause = f" ({', '.join(options)})" if options else ""
    if not read_only and "://" not in lake.data_path:
        Path(lake.data_path).mkdir(parents=True, exist_ok=True)
    statement = f"ATTACH {_quote_literal(lake.attach_target)} AS {_quote_identifier(lake.alias)}"
    for attempt in range(1, _ATTACH_ATTEMPTS + 1):
        try:
            con.execute(statement + clause)
            break
        except duckdb.Error as exc:
            # Processes attaching a new catalog at once race to create its tables; the
            # losers' creations fail on PostgreSQL's own keys, and find the catalog made
            # when they try again.
            racing = "duplicate key" in str(exc) or "already exists" in str(exc)
            if not racing or attempt == _ATTACH_ATTEMPTS:
                raise WarehouseError(f"cannot attach the lake {lake.catalog!r}: {exc}") from exc
            time.sleep(random.uniform(0.05, 0.25))
    con.execute(f"USE {_quote_identifier(lake.alias)}")


@contextmanager
def connect_lake(
    lake: LakeSettings, *, read_only: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB connection with ``lake`` attached as its default database,
    migrated to the current layout unless ``read_only``; closed after."""
    con = _open_duckdb()
    try:
        attach_lake(con, lake, read_only=read_only)
        if not read_only:
            migrate_lake(con, lake.alias)
        yield con
    finally:
        con.close()


# --- Optimistic commits ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Committed(Generic[T]):
    """What a transaction returned, and how many attempts its commit took."""

    value: T
    attempts: int


def is_conflict(exc: BaseException) -> bool:
    """Is ``exc`` a commit another writer made fail, so that trying again can succeed?"""
    if not isinstance(exc, duckdb.Error):
        return False
    message = str(exc).lower()
    # "Transaction conflict - ..." from DuckLake; "database is locked" from a SQLite catalog.
    return "conflict" in message or "database is locked" in message


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # a failed COMMIT has ended the transaction
        con.execute("ROLLBACK")


def commit_with_retry(
    con: duckdb.DuckDBPyConnection,
    work: Callable[[duckdb.DuckDBPyConnection], T],
    *,
    claim: bool = True,
    attempts: int = 40,
    first_delay: float = 0.02,
    max_delay: float = 2.0,
) -> Committed[T]:
    """Run ``work(con)`` in one transaction and commit it; when the commit conflicts with
    another writer's, roll back, wait a random part of a growing delay and run the whole
    transaction again (``work`` must read what it depends on inside it).

    ``claim`` first takes the lake's commit turn (see the module docstring), so that the
    transaction conflicts with every concurrent writer instead of silently inserting a
    key another writer inserted too. Raises ``LakeConflict`` after ``attempts`` tries.
    """
    delay = first_delay
    for attempt in range(1, attempts + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            if claim:
                con.execute(f"UPDATE {COMMITS_TABLE} SET commits = commits + 1")
            value = work(con)
            con.execute("COMMIT")
        except BaseException as exc:
            _rollback(con)
            if not is_conflict(exc):
                raise
            if attempt == attempts:
                raise LakeConflict(
                    f"a lake transaction conflicted with other writers {attempts} times: {exc}"
                ) from exc
            # Full jitter: writers that collided do not collide again in lockstep.
            time.sleep(random.uniform(0, delay))
            delay = min(delay * 2, max_delay)
            continue
        return Committed(value, attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")


def merge_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, keys: Sequence[str]
) -> None:
    """Upsert ``rows`` into ``table`` by ``keys`` with one ``MERGE INTO``: matching rows
    take the new values of the columns ``rows`` has, the others are inserted. ``rows``
    must hold each key once. Run inside :func:`commit_with_retry` so that no other
    writer inserts the same key meanwhile."""
    name = f"_merge_{uuid.uuid4().hex[:8]}"
    on = " AND ".join(f"t.{_quote_identifier(k)} = s.{_quote_identifier(k)}" for k in keys)
    con.register(name, rows)
    try:
        con.execute(
            f"MERGE INTO {_quote_identifier(table)} t USING {name} s ON ({on})"
            " WHEN MATCHED THEN UPDATE BY NAME WHEN NOT MATCHED THEN INSERT BY NAME"
        )
    finally:
        con.unregister(name)


# --- Layout --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    data_type: str
    nullable: bool


@dataclass(frozen=True, slots=True)
class Layout:
    """Tables (name -> columns) and views (name -> CREATE VIEW statement), in creation
    order, as the migrations up to ``versions[-1]`` define them."""

    versions: tuple[tuple[int, str], ...]
    tables: dict[str, tuple[Column, ...]]
    views: dict[str, str]


def _columns(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, tuple[Column, ...]]:
    rows = con.execute(
        "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable"
        " FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name,"
        " table_name) WHERE c.database_name = ? AND c.schema_name = 'main'"
        " ORDER BY t.table_oid, c.column_index",
        [database],
    ).fetchall()
    tables: dict[str, list[Column]] = {}
    for table, name, data_type, nullable in rows:
        tables.setdefault(str(table), []).append(Column(str(name), str(data_type), bool(nullable)))
    return {name: tuple(columns) for name, columns in tables.items()}


def reference_layout() -> Layout:
    """The layout of a DuckDB file migrated to the latest version, read back from it."""
    con = duckdb.connect()
    try:
        migrate(con)
        tables = _columns(con, "memory")
        tables.pop("schema_migrations")
        views = con.execute(
            "SELECT view_name, sql FROM duckdb_views()"
            " WHERE database_name = 'memory' AND schema_name = 'main' AND NOT internal"
            " ORDER BY view_oid"
        ).fetchall()
    finally:
        con.close()
    versions = tuple((m.version, m.name) for m in list_migrations())
    return Layout(versions, tables, {str(n): str(s) for n, s in views})


def _create_table(name: str, columns: Sequence[Column]) -> str:
    body = ", ".join(
        f"{_quote_identifier(c.name)} {c.data_type}{'' if c.nullable else ' NOT NULL'}"
        for c in columns
    )
    return f"CREATE TABLE {_quote_identifier(name)} ({body})"


def _or_replace(view_sql: str) -> str:
    prefix = "CREATE VIEW "
    if not view_sql.startswith(prefix):
        raise WarehouseError(f"unexpected view definition: {view_sql[:80]}")
    return "CREATE OR REPLACE VIEW " + view_sql.removeprefix(prefix)


def _ensure_bookkeeping(con: duckdb.DuckDBPyConnection, alias: str) -> None:
    """Create ``schema_migrations`` and ``lake_commits`` (with its one row) if missing.
    Writers racing to do it conflict and retry, and then find them made."""

    def create(c: duckdb.DuckDBPyConnection) -> None:
        present = set(_columns(c, alias))
        if "schema_migrations" not in present:
            c.execute(
                "CREATE TABLE schema_migrations (version INTEGER NOT NULL,"
                " name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
            )
        if COMMITS_TABLE not in present:
            c.execute(f"CREATE TABLE {COMMITS_TABLE} (commits BIGINT NOT NULL)")
            c.execute(f"INSERT INTO {COMMITS_TABLE} VALUES (0)")

    present = set(_columns(con, alias))
    if {"schema_migrations", COMMITS_TABLE} - present:
        commit_with_retry(con, create, claim=False)


def migrate_lake(con: duckdb.DuckDBPyConnection, alias: str = "lake") -> list[int]:
    """Bring the attached lake ``alias`` to the current layout; return the migration
    versions applied now (none when it is current). New tables are created, new columns
    added, views replaced, in one transaction."""
    _ensure_bookkeeping(con, alias)
    layout = reference_layout()

    def apply(c: duckdb.DuckDBPyConnection) -> list[int]:
        done = {int(r[0]) for r in c.execute("SELECT version FROM schema_migrations").fetchall()}
        missing = [(v, n) for v, n in layout.versions if v not in done]
        if not missing:
            return []
        present = _columns(c, alias)
        for table, columns in layout.tables.items():
            if table not in present:
                c.execute(_create_table(table, columns))
                continue
            have = {col.name: col for col in present[table]}
            for col in columns:
                if col.name not in have:
                    c.execute(
                        f"ALTER TABLE {_quote_identifier(table)} ADD COLUMN"
                        f" {_quote_identifier(col.name)} {col.data_type}"
                    )
                elif have[col.name].data_type != col.data_type:
                    raise WarehouseError(
                        f"the lake's {table}.{col.name} is {have[col.name].data_type} where"
                        f" the migrations make it {col.data_type}: migrate it by hand"
                    )
        for view_sql in layout.views.values():
            c.execute(_or_replace(view_sql))
        now = dt.datetime.now(dt.UTC)
        for version, name in missing:
            c.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, now])
        return [v for v, _ in missing]

    return commit_with_retry(con, apply).value


# --- Maintenance ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LakeMaintenance:
    """Live data files before and after compaction, and the files deleted from disk."""

    files_before: int
    files_after: int
    files_deleted: int


def count_data_files(con: duckdb.DuckDBPyConnection, alias: str = "lake") -> int:
    """Parquet data files the lake's current snapshot reads."""
    meta = _quote_identifier(f"__ducklake_metadata_{alias}")
    row = con.execute(
        f"SELECT count(*) FROM {meta}.ducklake_data_file WHERE end_snapshot IS NULL"
    ).fetchone()
    return int(row[0]) if row else 0


def maintain_lake(
    con: duckdb.DuckDBPyConnection,
    alias: str = "lake",
    *,
    expire_older_than: dt.timedelta = dt.timedelta(days=7),
    delete_older_than: dt.timedelta = dt.timedelta(hours=1),
) -> LakeMaintenance:
    """Write small inlined inserts to Parquet, merge adjacent small files, expire
    snapshots older than ``expire_older_than`` (the time-travel window) and delete the
    files no snapshot needs any more once they have been unused ``delete_older_than``
    (so that a reader in the middle of a query keeps its files). Each step is retried
    while it conflicts with writers."""
    lake = _quote_literal(alias)
    before = count_data_files(con, alias)

    # Each step commits on its own (DuckLake refuses a transaction that both changes data,
    # as flushing inlined rows does, and compacts), retried while it conflicts; the
    # cut-off is taken when its step runs, so the compaction's own snapshot can expire.
    steps: tuple[tuple[str, dt.timedelta | None], ...] = (
        ("ducklake_flush_inlined_data", None),
        ("ducklake_merge_adjacent_files", None),
        ("ducklake_expire_snapshots", expire_older_than),
    )
    for procedure, age in steps:

        def run(
            c: duckdb.DuckDBPyConnection, procedure: str = procedure, age: dt.timedelta | None = age
        ) -> None:
            if age is None:
                c.execute(f"CALL {procedure}({lake})")
            else:
                cutoff = dt.datetime.now(dt.UTC) - age
                c.execute(f"CALL {procedure}({lake}, older_than => ?)", [cutoff])

        commit_with_retry(con, run, claim=False)
    delete_before = dt.datetime.now(dt.UTC) - delete_older_than
    deleted = con.execute(
        f"CALL ducklake_cleanup_old_files({lake}, older_than => ?)", [delete_before]
    ).fetchall()
    return LakeMaintenance(before, count_data_files(con, alias), len(deleted))


# --- Search ----------------------------------------------------------------------------


def refresh_lake_search_index(
    con: duckdb.DuckDBPyConnection, index_path: str | Path, alias: str = "lake"
) -> int:
    """Copy the lake's articles into the DuckDB file ``index_path`` and build the BM25
    index there; return the articles indexed. The file is built under a temporary name
    and renamed over the old one, so searches running meanwhile read the old index and
    two runs refreshing at once cannot corrupt it (the last one wins)."""
    target = Path(index_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    columns = ", ".join(SEARCH_COLUMNS)
    con.execute(f"ATTACH {_quote_literal(str(building))} AS _search_index")
    try:
        con.execute(
            f"CREATE TABLE _search_index.articles AS SELECT {columns}"
            f" FROM {_quote_identifier(alias)}.articles"
        )
    finally:
        con.execute("DETACH _search_index")
    try:
        index = _open_duckdb(str(building))
        try:
            refresh_search_index(index)
            row = index.execute("SELECT count(*) FROM articles").fetchone()
            index.execute("CHECKPOINT")
        finally:
            index.close()
        os.replace(building, target)
    finally:
        building.unlink(missing_ok=True)
    return int(row[0]) if row else 0


def lake_table_counts(con: duckdb.DuckDBPyConnection, alias: str = "lake") -> dict[str, int]:
    """Row count of every table of the lake."""
    counts = {}
    for table in sorted(_columns(con, alias)):
        row = con.execute(
            f"SELECT count(*) FROM {_quote_identifier(alias)}.{_quote_identifier(table)}"
        ).fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts
