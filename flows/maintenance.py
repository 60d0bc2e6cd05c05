"""Nightly housekeeping of the warehouse: wiring only; the SQL is in ``warehouse.maintenance``.

Rebuilds the full-text index, compacts the DuckDB file and leaves a Parquet copy of every
table beside it, for tools that read Parquet and for a cheap backup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from prefect import flow, get_run_logger, task
from pydantic import Field

from pressroom.config import load_config
from warehouse.connection import connect
from warehouse.maintenance import ExportedTable, compact_database, export_tables
from warehouse.search import refresh_search_index


@dataclass
class MaintenanceSummary:
    """What one maintenance run did."""

    db: str
    export_dir: str
    bytes_before: int
    bytes_after: int
    tables: list[ExportedTable] = field(default_factory=list)


def default_export_dir(db: str | Path) -> Path:
    """``<folder of db>/<db stem>-export``: where the Parquet copy goes by default."""
    path = Path(db)
    return path.parent / f"{path.stem}-export"


@task(name="refresh-search-index")
def refresh_index_task(db: str) -> None:
    with connect(db) as con:
        refresh_search_index(con)


@task(name="compact-database")
def compact_task(db: str, vacuum: bool) -> None:
    with connect(db) as con:
        compact_database(con, vacuum=vacuum)


@task(name="export-parquet")
def export_task(db: str, export_dir: str) -> list[ExportedTable]:
    with connect(db, read_only=True) as con:
        return export_tables(con, export_dir)


@flow(name="maintenance")
def maintenance(
    db: Annotated[
        str | None, Field(description="Warehouse file (default: the configuration's).")
    ] = None,
    export_dir: Annotated[
        str | None, Field(description="Folder for the Parquet files (default: <db>-export).")
    ] = None,
    config: Annotated[
        str | None, Field(description="Path of pressroom.toml (default: ./pressroom.toml).")
    ] = None,
    vacuum: Annotated[bool, Field(description="Also refresh the planner's statistics.")] = False,
) -> MaintenanceSummary:
    """Rebuild the search index, compact the warehouse and export every table to Parquet."""
    logger = get_run_logger()
    path = Path(db or load_config(config).warehouse.path)
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run an ingest first, or pass db")
    target = Path(export_dir) if export_dir else default_export_dir(path)
    before = path.stat().st_size
    refresh_index_task(str(path))
    compact_task(str(path), vacuum)
    tables = export_task(str(path), str(target))
    summary = MaintenanceSummary(str(path), str(target), before, path.stat().st_size, tables)
    logger.info(
        "%s: %d -> %d bytes; %d tables exported to %s",
        path,
        before,
        summary.bytes_after,
        len(tables),
        target,
    )
    return summary
