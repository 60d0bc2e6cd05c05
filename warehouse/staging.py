"""Batches staged on disk, outside the DuckDB file, until the file can be written.

DuckDB lets one process hold a file read-write, and while any other process holds it
(even read-only) an open for writing fails at once. A run therefore writes each batch
to the staging folder first, then merges the staged batches in short transactions,
retrying while the file is locked. Whatever cannot be merged in time stays on disk and
the next run merges it first: a user's SQL session never makes a run lose data.

A staged batch is a pickle of pressroom's own records, written atomically (temporary
name, then rename) and read back only by pressroom from its own data folder.
"""

from __future__ import annotations

import os
import pickle
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.connection import WarehouseError, connect
from warehouse.writer import BatchCounts, BatchWrite, write_batch

_SUFFIX = ".batch"


class WarehouseLocked(WarehouseError):
    """Another process held the warehouse file for longer than the run would wait."""


@dataclass(frozen=True, slots=True)
class StagedBatch:
    run_id: str
    source_id: str
    write: BatchWrite


def stage_batch(folder: Path, batch: StagedBatch) -> Path:
    """Write ``batch`` to ``folder``; names sort in staging order."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}{_SUFFIX}"
        temporary = folder / f".{name}.tmp"
        with open(temporary, "wb") as file:
            pickle.dump(batch, file, protocol=pickle.HIGHEST_PROTOCOL)
            file.flush()
            os.fsync(file.fileno())
        final = folder / name
        os.replace(temporary, final)
    except OSError as exc:
        raise WarehouseError(f"cannot stage a batch in {folder}: {exc.strerror or exc}") from exc
    return final


def pending_batches(folder: Path) -> list[Path]:
    """Staged batches not merged yet, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(_SUFFIX))


def read_staged(path: Path) -> StagedBatch:
    with open(path, "rb") as file:
        batch = pickle.load(file)
    if not isinstance(batch, StagedBatch):
        raise WarehouseError(f"{path} is not a staged pressroom batch")
    return batch


def _is_lock_error(exc: duckdb.Error) -> bool:
    message = str(exc)
    return "lock" in message.lower() or "Conflicting" in message


@contextmanager
def connect_when_free(
    path: str | Path,
    *,
    read_only: bool = False,
    wait: float = 60.0,
    first_delay: float = 0.05,
    max_delay: float = 2.0,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``connect``, retrying with exponential backoff while another process holds the
    file, for at most ``wait`` seconds; then ``WarehouseLocked``."""
    deadline = time.monotonic() + wait
    delay = first_delay
    while True:
        try:
            cm = connect(path, read_only=read_only)
            con = cm.__enter__()
        except (duckdb.IOException, WarehouseError) as exc:
            cause = exc.__cause__ if isinstance(exc, WarehouseError) else exc
            if not isinstance(cause, duckdb.Error) or not _is_lock_error(cause):
                raise
            if time.monotonic() + delay > deadline:
                raise WarehouseLocked(
                    f"{path} stayed locked by another process for {wait:.0f} s: {cause}"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, max_delay)
            continue
        break
    try:
        yield con
    finally:
        cm.__exit__(None, None, None)


Decide = Callable[[duckdb.DuckDBPyConnection, BatchWrite], tuple[BatchWrite, int]]


@dataclass(frozen=True, slots=True)
class MergeResult:
    merged: int
    left: int
    counts: tuple[BatchCounts, ...]
    copies: int


def merge_pending(
    db: str | Path, folder: Path, decide: Decide, *, wait: float = 60.0
) -> MergeResult:
    """Merge every staged batch into ``db``, oldest first, each in its own transaction.

    ``decide`` completes a batch inside the open connection (duplicate decisions against
    what is stored) before it is written. A batch is deleted only after its transaction
    committed, so a crash between the two merges it again, harmlessly: every write is an
    upsert. When the file stays locked past ``wait``, the rest stays staged.
    """
    pending = pending_batches(folder)
    counts: list[BatchCounts] = []
    copies = 0
    if not pending:
        return MergeResult(0, 0, (), 0)
    try:
        with connect_when_free(db, wait=wait) as con:
            for path in pending:
                staged = read_staged(path)
                write, found = decide(con, staged.write)
                counts.append(write_batch(con, staged.run_id, staged.source_id, write))
                copies += found
                path.unlink()
    except WarehouseLocked:
        pass
    return MergeResult(len(counts), len(pending) - len(counts), tuple(counts), copies)
