"""Housekeeping SQL for the warehouse: compaction and a Parquet copy of every table.

The export is a plain folder of ``<table>.parquet`` files, one per base table of the
``main`` schema (views are derived, and the search index is rebuilt from ``articles``), so
any Parquet reader can use the data without DuckDB or pressroom.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True, slots=True)
class ExportedTable:
    """One table written to Parquet: where, and how many rows."""

    table: str
    path: str
    rows: int


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def list_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Base tables of the ``main`` schema, by name (the search index lives elsewhere)."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables()"
        " WHERE schema_name = 'main' AND database_name = current_database()"
        " ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def compact_database(con: duckdb.DuckDBPyConnection, *, vacuum: bool = False) -> None:
    """Write the WAL into the file and reclaim the space of deleted rows where DuckDB can.

    ``vacuum`` also runs ``VACUUM ANALYZE``, which refreshes the column statistics the
    planner uses; DuckDB's plain ``VACUUM`` reclaims nothing more than a checkpoint does.
    """
    if vacuum:
        con.execute("VACUUM ANALYZE")
    con.execute("CHECKPOINT")


def export_tables(con: duckdb.DuckDBPyConnection, folder: str | Path) -> list[ExportedTable]:
    """Write each table to ``folder/<table>.parquet`` (replacing older copies)."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    exported = []
    for table in list_tables(con):
        path = (target / f"{table}.parquet").resolve()
        con.execute(
            f"COPY {_quote_identifier(table)} TO {_quote_literal(str(path))}"
            " (FORMAT parquet, COMPRESSION zstd)"
        )
        row = con.execute(f"SELECT count(*) FROM {_quote_identifier(table)}").fetchone()
        exported.append(ExportedTable(table, str(path), int(row[0]) if row else 0))
    return exported
