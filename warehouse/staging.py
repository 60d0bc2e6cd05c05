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
import dataclasses
import gc
import os
import pickle
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import duckdb
import numpy as np

from tasks.records import Fingerprint
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
            _Pickler(file).dump(batch)
            file.flush()
            os.fsync(file.fileno())
        final = folder / name
        os.replace(temporary, final)
    except OSError as exc:
        with contextlib.suppress(OSError):  # a folder that cannot be made holds nothing
            temporary.unlink(missing_ok=True)
        raise WarehouseError(f"cannot stage a batch in {folder}: {_reason(exc)}") from exc
    return final


class _Pickler(pickle.Pickler):
    """Pickles records so that they load fast: a batch holds hundreds of thousands.

    A frozen dataclass with slots loads through ``dataclasses``' ``__setstate__``, which
    lists the class's fields again for every instance (more than half of reading a
    batch back, measured); it is stored as its class and field values instead, and
    loads through its ``__init__``. A fingerprint's integers (160 per article) are
    stored as the bytes of an unsigned 64-bit array.
    """

    def __init__(self, file: BinaryIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._fields: dict[type, tuple[str, ...] | None] = {}

    def reducer_override(self, obj: object) -> Any:
        cls = type(obj)
        if isinstance(obj, Fingerprint):
            packed = _packed_fingerprint(obj)
            if packed is not None:
                return packed
        if cls not in self._fields:
            self._fields[cls] = _init_fields(cls)
        names = self._fields[cls]
        if names is None:
            return NotImplemented
        return cls, tuple(getattr(obj, name) for name in names)


def _init_fields(cls: type) -> tuple[str, ...] | None:
    """The fields ``cls.__init__`` takes, in order, when ``cls`` is a dataclass that its
    ``__init__`` rebuilds from its fields alone; else None."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        return None
    fields = dataclasses.fields(cls)
    if not all(f.init for f in fields):
        return None
    return tuple(f.name for f in fields)


def _packed_fingerprint(fingerprint: Fingerprint) -> tuple[Any, ...] | None:
    try:
        minhash = np.array(fingerprint.minhash, dtype=np.uint64).tobytes()
        bands = np.array(fingerprint.band_hashes, dtype=np.uint64).tobytes()
    except (OverflowError, ValueError, TypeError):
        return None  # not 64-bit unsigned integers: pickled as it is
    return _unpacked_fingerprint, (fingerprint.text_hash, minhash, bands)


def _unpacked_fingerprint(text_hash: str, minhash: bytes, bands: bytes) -> Fingerprint:
    return Fingerprint(
        text_hash,
        tuple(np.frombuffer(minhash, dtype=np.uint64).tolist()),
        tuple(np.frombuffer(bands, dtype=np.uint64).tolist()),
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a batch loads and is written: the hundreds
    of thousands of objects they make would set it off again and again, each time
    walking every object held (a third of reading a batch back, measured; 3.5 of 22
    CPU-s merging 100k articles). Cycles made meanwhile are collected after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        with open(path, "rb") as file, _collector_paused():
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

# How many pages one transaction merges when batches wait (a run merges each batch as it
# is staged; batches pile up only while the file is locked). A transaction that spans
# batches checkpoints at its commit instead of logging to the WAL, which writes its rows
# once: 4,750 rows per CPU-second at 25,000 pages against ~3,000 one batch at a time.
# DuckDB holds the open transaction in memory, so its size is also the merge's memory:
# 25,000 pages peaked at 964 MB, a whole row group (122,880) at 1.96 GB for 7,066 rows
# per CPU-second (bench/warehouse.py --mode multi-batch --transaction-rows N).
ROWS_PER_TRANSACTION = 25_000


@dataclass(frozen=True, slots=True)
class MergeResult:
    merged: int
    left: int
    counts: tuple[BatchCounts, ...]
    copies: int


def staged_rows(batch: BatchWrite) -> int:
    """How many pages ``batch`` writes: what a transaction's size is counted in."""
    return max(len(batch.pages), len(batch.articles), len(batch.fetches), 1)


def merge_pending(
    db: Warehouse,
    folder: Path,
    decide: Decide,
    *,
    wait: float = 60.0,
    rows_per_transaction: int = ROWS_PER_TRANSACTION,
) -> MergeResult:
    """Merge every staged batch into ``db``, oldest first; consecutive batches share a
    transaction until it has written ``rows_per_transaction`` pages (0: one transaction
    per batch).

    Each batch is read, completed by ``decide`` (duplicate decisions against what is
    stored, including the batches merged before it in the same transaction) and written
    in turn, so a transaction of many batches decides and stores exactly what one
    transaction per batch would; only one batch is held in memory at a time. Batches
    are deleted only after their transaction committed; a crash between the two leaves
    batches already stored, which the next merge recognises by their first fetch and
    only deletes (their page rows are upserts, but their ``fetches`` rows would be
    logged twice). When the file stays locked past ``wait``, the rest stays staged.

    A transaction that cannot be written (disk full, file unwritable) is rolled back
    whole and its batches stay staged for the next run; ``WarehouseError`` names the file
    and the cause.
    """
    pending = pending_batches(folder)
    counts: list[BatchCounts] = []
    copies = 0
    merged = 0
    if not pending:
        return MergeResult(0, 0, (), 0)
    try:
        with connect_when_free(db, wait=wait) as con:
            threshold = _prepare_for_merging(con, db)
            while merged < len(pending):
                group = _merge_group(
                    con, db, pending[merged:], decide, rows_per_transaction, threshold
                )
                for path in pending[merged : merged + group.batches]:
                    path.unlink(missing_ok=True)
                merged += group.batches
                counts.extend(group.counts)
                copies += group.copies
    except WarehouseLocked:
        pass
    return MergeResult(merged, len(pending) - merged, tuple(counts), copies)


def _prepare_for_merging(con: duckdb.DuckDBPyConnection, db: Warehouse) -> str | None:
    """Set up the merging connection; return a file's checkpoint threshold (None for a
    lake), for :func:`_merge_group` to put back after a commit that checkpoints.

    No OR filters built from a hash join's small side: when a batch's decisions look up
    the bands of an earlier batch of the same transaction (a few dozen rows), DuckDB
    pushes such a filter into the scan of the registered Arrow probe, and pyarrow fails
    on band hashes above 2**63 ("Python int too large to convert to C long"). A join
    with more than 50 distinct keys never builds one, so nothing else changes.
    """
    con.execute("SET dynamic_or_filter_threshold = 0")
    if isinstance(db, LakeSettings):
        return None
    row = con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()
    return str(row[0]) if row else None


def _checkpoint_at_commit(con: duckdb.DuckDBPyConnection) -> None:
    """Make the open transaction's COMMIT fold it into the file at once (a checkpoint)
    instead of logging it to the WAL.

    A merge closes the file when it is done, and closing checkpoints what the commits
    logged, so for a big transaction the log only writes everything twice: a commit
    that checkpoints skips the WAL and writes its rows once, compressed (measured on
    100k articles in one transaction: a 2.0 CPU-s commit instead of 3.6 for the log,
    then 3.6 for the checkpoint). Only transactions of several batches do it: a
    checkpoint that fails (disk full) leaves DuckDB unusable in this process until it
    ends, where a failed log write only rolls back; either way the batches stay staged.
    """
    con.execute("SET checkpoint_threshold = '0b'")


@dataclass(frozen=True, slots=True)
class _Group:
    batches: int  # staged files the transaction consumed, merged or already stored
    counts: tuple[BatchCounts, ...]
    copies: int


def _merge_group(
    con: duckdb.DuckDBPyConnection,
    db: Warehouse,
    paths: Sequence[Path],
    decide: Decide,
    rows_per_transaction: int,
    threshold: str | None,
) -> _Group:
    """Merge the first of ``paths`` and the ones after it, in one transaction, until it
    has written ``rows_per_transaction`` pages; commit it. A transaction of several
    batches on a file checkpoints at its commit; ``threshold`` is put back after."""
    checkpointing: list[bool] = []

    def merge(c: duckdb.DuckDBPyConnection) -> _Group:
        # Everything is read and decided inside the transaction: on a lake, a commit
        # another writer made meanwhile makes this one conflict, and it runs again whole.
        counts: list[BatchCounts] = []
        copies = rows = taken = 0
        for path in paths:
            taken += 1
            with _collector_paused():
                staged = _read_unless_gone(path)
                if staged is not None and not _already_stored(c, staged):
                    write, found = decide(c, staged.write)
                    counts.append(
                        write_batch_in_transaction(c, staged.run_id, staged.source_id, write)
                    )
                    copies += found
                    rows += staged_rows(write)
            if rows >= rows_per_transaction:
                break
        if len(counts) > 1 and threshold is not None:
            _checkpoint_at_commit(c)
            checkpointing.append(True)
        return _Group(taken, tuple(counts), copies)

    try:
        return in_transaction(con, db, merge)
    except duckdb.Error as exc:
        raise WarehouseError(
            f"cannot write to the warehouse {describe(db)}: {_reason(exc)}; the batch stays"
            f" staged as {paths[0]}, with the batches after it, and the next run merges them"
        ) from exc
    finally:
        if checkpointing:
            with contextlib.suppress(duckdb.Error):  # a failed checkpoint ends the instance
                con.execute(f"SET checkpoint_threshold = '{threshold}'")


def _read_unless_gone(path: Path) -> StagedBatch | None:
    """The staged batch at ``path``; None when another process sharing the folder merged
    (and deleted) it meanwhile."""
    try:
        return read_staged(path)
    except WarehouseError:
        if not path.exists():
            return None
        raise


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
