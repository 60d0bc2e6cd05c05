"""Run under a file size limit (see ``disk.run_with_file_size_limit``): stage, merge or
archive, and print what happened as one JSON line. A WarehouseError (or, for the archive,
an ArchiveError) is an outcome, not a crash."""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import duckdb

from tasks.archive import ArchiveError, WarcArchive
from tests.faults.disk import big_batch
from warehouse.connection import WarehouseError
from warehouse.staging import StagedBatch, merge_pending, stage_batch
from warehouse.writer import BatchWrite


def keep(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> tuple[BatchWrite, int]:
    return batch, 0


def archive(folder: Path) -> None:
    """Archive 100 KB responses until the limit stops the file; say how many got in."""
    body = random.Random(7).randbytes(100_000)  # incompressible: gzip keeps its size
    fetched_at = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    with WarcArchive(folder) as warc:
        for number in range(1000):
            try:
                warc.write_response(
                    url=f"https://news.example/{number}",
                    status=200,
                    reason="OK",
                    headers=[("Content-Type", "text/html")],
                    body=body,
                    fetched_at=fetched_at,
                )
            except ArchiveError as exc:
                print(json.dumps({"error": str(exc), "written": number}))
                return
    print(json.dumps({"error": None, "written": 1000}))


def main(action: str, target: str, staging: str) -> None:
    if action == "archive":
        archive(Path(target))
        return
    try:
        if action == "stage":
            stage_batch(Path(staging), StagedBatch("run", "src", big_batch(10)))
        else:
            merge_pending(target, Path(staging), keep)
    except WarehouseError as exc:
        print(json.dumps({"error": str(exc)}))
        return
    print(json.dumps({"error": None}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
