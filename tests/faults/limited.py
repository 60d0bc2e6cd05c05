"""Run under a file size limit (see ``disk.run_with_file_size_limit``): stage or merge,
and print what happened as one JSON line. A WarehouseError is an outcome, not a crash."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import duckdb

from tests.faults.disk import big_batch
from warehouse.connection import WarehouseError
from warehouse.staging import StagedBatch, merge_pending, stage_batch
from warehouse.writer import BatchWrite


def keep(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> tuple[BatchWrite, int]:
    return batch, 0


def main(action: str, target: str, staging: str) -> None:
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
