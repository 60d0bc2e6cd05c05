"""Nightly housekeeping of the warehouse: wiring only; the SQL is in ``warehouse.maintenance``
and ``warehouse.lake``.

Refreshes the full-text index, compacts the warehouse (a DuckDB file: checkpoint; a lake:
small files merged, old snapshots expired, unused files deleted) and leaves a Parquet copy
of every table beside it, for tools that read Parquet and for a cheap backup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from prefect import flow, get_run_logger, task
from pydantic import Field

from pressroom.config import load_config
from warehouse.connection import LakeSettings, Warehouse, connect, describe
from warehouse.lake import count_data_files, maintain_lake, refresh_lake_search_index
from warehouse.maintenance import ExportedTable, compact_database, export_tables
from warehouse.search import refresh_search_index


@dataclass
class MaintenanceSummary:
    """What one maintenance run did. ``size_before``/``size_after`` are the file's bytes,
    or for a lake the number of its live data files."""

    db: str
    export_dir: str
    size_before: int
    size_after: int
    tables: list[ExportedTable] = field(default_factory=list)


def default_export_dir(db: str | Path) -> Path:
    """``<folder of db>/<db stem>-export``: where the Parquet copy goes by default."""
    path = Path(db)
    return path.parent / f"{path.stem}-export"


def _size(target: Warehouse) -> int:
    if isinstance(target, LakeSettings):
        with connect(target, read_only=True) as con:
            return count_data_files(con, target.alias)
    return Path(target).stat().st_size


@task(name="refresh-search-index")
def refresh_index_task(target: Warehouse, index: str) -> None:
    with connect(target) as con:
        if isinstance(target, LakeSettings):
            refresh_lake_search_index(con, index, target.alias)
        else:
            refresh_search_index(con)


@task(name="compact-database")
def compact_task(target: Warehouse, vacuum: bool) -> None:
    with connect(target) as con:
        if isinstance(target, LakeSettings):
            maintain_lake(con, target.alias)
        else:
            compact_database(con, vacuum=vacuum)


@task(name="export-parquet")
def export_task(target: Warehouse, export_dir: str) -> list[ExportedTable]:
    with connect(target, read_only=True) as con:
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
    """Refresh the search index, compact the warehouse and export every table to Parquet."""
    logger = get_run_logger()
    settings = load_config(config).warehouse
    warehouse = settings.target(db)
    if isinstance(warehouse, LakeSettings):
        folder = Path(export_dir) if export_dir else Path(settings.data_dir) / "lake-export"
    else:
        if not Path(warehouse).exists():
            raise FileNotFoundError(f"no warehouse at {warehouse}: run an ingest first, or pass db")
        folder = Path(export_dir) if export_dir else default_export_dir(warehouse)
    before = _size(warehouse)
    refresh_index_task(warehouse, str(settings.search_index(warehouse)))
    compact_task(warehouse, vacuum)
    tables = export_task(warehouse, str(folder))
    after = _size(warehouse)
    summary = MaintenanceSummary(describe(warehouse), str(folder), before, after, tables)
    unit = "data files" if isinstance(warehouse, LakeSettings) else "bytes"
    logger.info(
        "%s: %d -> %d %s; %d tables exported to %s",
        summary.db,
        before,
        after,
        unit,
        len(tables),
        folder,
    )
    return summary
