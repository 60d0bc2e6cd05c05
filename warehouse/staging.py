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

import contextlib
import os
import pickle
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.connection import (
    LakeSettings,
    Warehouse,
    WarehouseError,
    connect,
    describe,
    in_transaction,
)
from warehouse.writer import BatchCounts, BatchWrite, write_batch_in_transaction

_SUFFIX = ".batch"


class WarehouseLocked(WarehouseError):
    """Another process held the warehouse file for longer than the run would wait."""


@dataclass(frozen=True, slots=True)
class StagedBatch:
    run_id: str
    source_id: str
    write: BatchWrite


def stage_batch(folder: Path, batch: StagedBatch) -> Path:
    """Write ``batch`` to ``folder``; names sort in staging order.

    A batch that cannot be written whole (folder unwritable, disk full) leaves nothing
    behind and raises ``WarehouseError`` naming the folder.
    """
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}{_SUFFIX}"
    temporary = folder / f".{name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as file:
            pickle.dump(batch, file, protocol=pickle.HIGHEST_PROTOCOL)
            file.flush()
            os.fsync(file.fileno())
        final = folder / name
        os.replace(temporary, final)
    except OSError as exc:
        with contextlib.suppress(OSError):  # a folder that cannot be made holds nothing
            temporary.unlink(missing_ok=True)
        raise WarehouseError(f"cannot stage a batch in {folder}: {_reason(exc)}") from exc
    return final


def _reason(exc: BaseException) -> str:
    """What went wrong, without the noise: errno text and file for an OSError; for a
    DuckDB error, the first in the chain that is not a failed clean-up (a ROLLBACK after
    a failed COMMIT raises 'no transaction is active' and hides why the COMMIT failed)."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    seen: BaseException | None = exc
    while seen is not None:
        if "no transaction is active" not in str(seen):
            return str(seen)
        seen = seen.__context__
    return str(exc)


def pending_batches(folder: Path) -> list[Path]:
    """Staged batches not merged yet, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(_SUFFIX))


def read_staged(path: Path) -> StagedBatch:
    try:
        with open(path, "rb") as file:
            batch = pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError) as exc:
        raise WarehouseError(f"cannot read the staged batch {path}: {_reason(exc)}") from exc
    if not isinstance(batch, StagedBatch):
        raise WarehouseError(f"{path} is not a staged pressroom batch")
    return batch


def _is_lock_error(exc: duckdb.Error) -> bool:
    message = str(exc)
    return "lock" in message.lower() or "Conflicting" in message


@contextmanager
def connect_when_free(
    path: Warehouse,
    *,
    read_only: bool = False,
    wait: float = 60.0,
    first_delay: float = 0.05,
    max_delay: float = 2.0,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``connect``, retrying with exponential backoff while another process holds the
    file, for at most ``wait`` seconds; then ``WarehouseLocked``. A lake has no lock
    to wait for: its writers meet at commit time (``in_transaction``)."""
    if isinstance(path, LakeSettings):
        with connect(path, read_only=read_only) as lake:
            yield lake
        return
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
    db: Warehouse, folder: Path, decide: Decide, *, wait: float = 60.0
) -> MergeResult:
    """Merge every staged batch into ``db``, oldest first, each in its own transaction.

    ``decide`` completes a batch inside the open connection (duplicate decisions against
    what is stored) before it is written. A batch is deleted only after its transaction
    committed; a crash between the two leaves a batch that is already stored, which the
    next merge recognises by its first fetch and only deletes (its page rows are upserts,
    but its ``fetches`` rows would be logged twice). When the file stays locked past
    ``wait``, the rest stays staged.

    A batch that cannot be written (disk full, file unwritable) is rolled back whole and
    stays staged for the next run; ``WarehouseError`` names the file and the cause.
    """
    pending = pending_batches(folder)
    counts: list[BatchCounts] = []
    copies = 0
    merged = 0
    if not pending:
        return MergeResult(0, 0, (), 0)
    try:
        with connect_when_free(db, wait=wait) as con:
            for path in pending:
                try:
                    staged = read_staged(path)
                except WarehouseError:
                    if not path.exists():
                        continue  # another process sharing the folder merged it meanwhile
                    raise

                def merge(
                    c: duckdb.DuckDBPyConnection, staged: StagedBatch = staged
                ) -> tuple[BatchCounts, int] | None:
                    # Decided inside the transaction: on a lake, a commit another writer
                    # made meanwhile makes this one conflict, and it is decided again.
                    if _already_stored(c, staged):
                        return None
                    write, found = decide(c, staged.write)
                    written = write_batch_in_transaction(c, staged.run_id, staged.source_id, write)
                    return written, found

                try:
                    outcome = in_transaction(con, db, merge)
                except duckdb.Error as exc:
                    raise WarehouseError(
                        f"cannot write to the warehouse {describe(db)}: {_reason(exc)}; the"
                        f" batch stays staged as {path} and the next run merges it"
                    ) from exc
                if outcome is not None:
                    counts.append(outcome[0])
                    copies += outcome[1]
                path.unlink(missing_ok=True)
                merged += 1
    except WarehouseLocked:
        pass
    return MergeResult(merged, len(pending) - merged, tuple(counts), copies)


def _already_stored(con: duckdb.DuckDBPyConnection, staged: StagedBatch) -> bool:
    """True when the batch's first fetch is logged: its transaction committed, and the
    process died before it could delete the staged file."""
    if not staged.write.fetches:
        return False  # nothing but upserts: merging it again changes nothing
    first = staged.write.fetches[0]
    row = con.execute(
        "SELECT count(*) FROM fetches WHERE run_id = ? AND url = ? AND fetched_at = ?",
        [staged.run_id, first.url, first.fetched_at],
    ).fetchone()
    return bool(row and row[0])
