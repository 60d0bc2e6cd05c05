"""Batches staged on disk, outside the DuckDB file, until the file can be written.

DuckDB lets one process hold a file read-write, and while any other process holds it
(even read-only) an open for writing fails at once. A run therefore writes each batch
to the staging folder first, then merges the staged batches in short transactions,
retrying while the file is locked. Whatever cannot be merged in time stays on disk and
the next run merges it first: a user's SQL session never makes a run lose data.

A staged batch is one file of the batch's tables (``warehouse.writer.batch_tables``) in
Arrow's IPC stream format, one stream per table, then a JSON footer naming them with
their offsets, the footer's length and a magic tag. It is written atomically (temporary
name, fsync, rename). A merge maps the file into memory and scans its tables straight
into DuckDB: reading it back makes no Python object per row. Batches staged by earlier
versions (pickles of pressroom's records, ``*.batch``) are still read and merged.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import json
import os
import pickle
import struct
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import duckdb
import numpy as np
import pyarrow as pa

from tasks.records import Fingerprint
from warehouse.connection import (
    LakeSettings,
    Warehouse,
    WarehouseError,
    connect,
    describe,
    in_transaction,
)
from warehouse.writer import (
    TABLE_SCHEMAS,
    BatchCounts,
    BatchTables,
    BatchWrite,
    RunRecord,
    batch_tables,
    batch_view,
    write_tables_in_transaction,
)

_SUFFIX = ".arrows"
_LEGACY_SUFFIX = ".batch"  # pickles, staged before the Arrow files
_MAGIC = b"PRESSROOM-STAGED-ARROW-1"
_FOOTER_SIZE = struct.Struct("<Q")
_ALIGN = 64  # each table's stream starts at a multiple of this: Arrow reads it in place


class WarehouseLocked(WarehouseError):
    """Another process held the warehouse file for longer than the run would wait."""


@dataclass(frozen=True, slots=True)
class StagedBatch:
    run_id: str
    source_id: str
    write: BatchWrite


def stage_batch(folder: Path, batch: StagedBatch) -> Path:
    """Write ``batch`` to ``folder`` as its tables; names sort in staging order.

    A batch that cannot be written whole (folder unwritable, disk full) leaves nothing
    behind and raises ``WarehouseError`` naming the folder.
    """
    tables = batch_tables(batch.run_id, batch.source_id, batch.write)
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}{_SUFFIX}"
    temporary = folder / f".{name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as file:
            _write_tables(file, tables)
            file.flush()
            os.fsync(file.fileno())
        final = folder / name
        os.replace(temporary, final)
    except OSError as exc:
        with contextlib.suppress(OSError):  # a folder that cannot be made holds nothing
            temporary.unlink(missing_ok=True)
        raise WarehouseError(f"cannot stage a batch in {folder}: {_reason(exc)}") from exc
    return final


def _write_tables(file: BinaryIO, batch: BatchTables) -> None:
    sections: dict[str, tuple[int, int]] = {}
    for name, table in batch.tables.items():
        start = file.tell()
        with pa.ipc.new_stream(file, table.schema) as writer:  # leaves the file open
            writer.write_table(table)
        size = file.tell() - start
        file.write(b"\0" * (-size % _ALIGN))
        sections[name] = (start, size)
    footer = json.dumps(
        {
            "run_id": batch.run_id,
            "source_id": batch.source_id,
            "run": _run_fields(batch.run),
            "tables": sections,
        }
    ).encode()
    file.write(footer)
    file.write(_FOOTER_SIZE.pack(len(footer)))
    file.write(_MAGIC)


def _read_tables(path: Path) -> BatchTables:
    """The tables of a staged file, read in place from its memory map."""
    data = pa.memory_map(str(path)).read_buffer()
    tail = len(_MAGIC) + _FOOTER_SIZE.size
    if data.size < tail or data.slice(data.size - len(_MAGIC)).to_pybytes() != _MAGIC:
        raise WarehouseError(f"{path} is not a staged pressroom batch (cut short?)")
    (length,) = _FOOTER_SIZE.unpack(data.slice(data.size - tail, _FOOTER_SIZE.size).to_pybytes())
    footer = json.loads(data.slice(data.size - tail - length, length).to_pybytes())
    tables = {}
    for name, (start, size) in footer["tables"].items():
        table = _in_current_layout(name, pa.ipc.open_stream(data.slice(start, size)).read_all())
        if table is None:
            raise WarehouseError(f"{path} holds a table {name!r} this version does not write")
        tables[name] = table
    run = _run_record(footer["run"])
    return BatchTables(footer["run_id"], footer["source_id"], run, tables)


def _in_current_layout(name: str, table: pa.Table) -> pa.Table | None:
    """``table`` as this version writes the table ``name``, or None when it cannot be.
    A table staged by an earlier version lacks the columns added since (at the end, and
    nullable, as ``pages.kind_reason``): they are added as nulls, as the migration that
    added each gave the rows stored before it."""
    current = TABLE_SCHEMAS.get(name)
    if current is None:
        return None
    staged = len(table.schema)
    added = list(current)[staged:]
    if not table.schema.equals(pa.schema(list(current)[:staged])) or not all(
        field.nullable for field in added
    ):
        return None
    for field in added:
        table = table.append_column(field, pa.nulls(table.num_rows, field.type))
    return table


_RUN_TIMES = ("started_at", "finished_at")


def _run_fields(run: RunRecord | None) -> dict[str, Any] | None:
    if run is None:
        return None
    fields = {f.name: getattr(run, f.name) for f in dataclasses.fields(run)}
    for name in _RUN_TIMES:
        if fields[name] is not None:
            fields[name] = fields[name].isoformat()
    return fields


def _run_record(fields: dict[str, Any] | None) -> RunRecord | None:
    if fields is None:
        return None
    for name in _RUN_TIMES:
        if fields[name] is not None:
            fields[name] = dt.datetime.fromisoformat(fields[name])
    return RunRecord(**fields)


def _unpacked_fingerprint(text_hash: str, minhash: bytes, bands: bytes) -> Fingerprint:
    """How a legacy pickle stored a fingerprint: its integers as uint64 bytes."""
    return Fingerprint(
        text_hash,
        tuple(np.frombuffer(minhash, dtype=np.uint64).tolist()),
        tuple(np.frombuffer(bands, dtype=np.uint64).tolist()),
    )


def _read_legacy(path: Path) -> BatchTables:
    """A batch staged as a pickle by an earlier version, as tables."""
    with open(path, "rb") as file, _collector_paused():
        batch = pickle.load(file)
    if not isinstance(batch, StagedBatch):
        raise WarehouseError(f"{path} is not a staged pressroom batch")
    return batch_tables(batch.run_id, batch.source_id, batch.write)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a batch loads and is written: the records a
    legacy pickle or a duplicate decision makes (hundreds of thousands of objects) would
    set it off again and again, each time walking every object held (3.5 of 22 CPU-s
    merging 100k pickled articles). Cycles made meanwhile are collected after."""
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
    return sorted(p for p in folder.iterdir() if p.name.endswith((_SUFFIX, _LEGACY_SUFFIX)))


def read_staged(path: Path) -> BatchTables:
    """The tables of the batch staged at ``path`` (an Arrow file, or a legacy pickle)."""
    try:
        if path.name.endswith(_LEGACY_SUFFIX):
            return _read_legacy(path)
        return _read_tables(path)
    except (
        OSError,
        EOFError,
        ValueError,
        KeyError,
        TypeError,
        struct.error,
        pickle.UnpicklingError,
        pa.ArrowException,
    ) as exc:
        raise WarehouseError(f"cannot read the staged batch {path}: {_reason(exc)}") from exc


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


# Takes the duplicate decisions of a staged batch: given the batch's run, articles and
# staged decisions (``warehouse.writer.batch_view``), returns it with its decisions, and
# how many of its articles are copies. Only the decisions of what it returns are written;
# the rest of the batch is written from its staged tables.
Decide = Callable[[duckdb.DuckDBPyConnection, BatchWrite], tuple[BatchWrite, int]]

# How many pages one transaction merges when batches wait (a run merges each batch as it
# is staged; batches pile up only while the file is locked). A transaction that spans
# batches checkpoints at its commit instead of logging to the WAL, which writes its rows
# once: ~10,000 rows per CPU-second at 25,000 pages against ~3,500 one batch at a time
# (batches staged as Arrow files). DuckDB holds the open transaction in memory, so its
# size is also the merge's memory: 25,000 pages peaked at ~950 MB (bench/warehouse.py
# --mode multi-batch --transaction-rows N).
ROWS_PER_TRANSACTION = 25_000

# DuckDB threads of a merge into a file. A merge is a chain of short statements (a few
# thousand rows each) and the compression of what they append, which a second thread
# barely shortens while its hand-offs cost CPU; when the cores are busy (another run, an
# extraction pool) they cost wall time too, as threads wait for each other's turn.
# Measured back to back on 2 shared cores, 100k articles (bench/warehouse.py
# --merge-threads 1 or 0): 25,000-page transactions 5.2-5.7 CPU-s at 1 thread against
# 6.9-11.3 at DuckDB's default (2), and less wall time in every pair; one transaction per
# batch 13.5-14.5 CPU-s against 15.4-19.7, wall time lower in 4 of 6 pairs (the close's
# checkpoint of a lone batch can use a second core when one is free).
MERGE_THREADS = 1


@dataclass(frozen=True, slots=True)
class MergeResult:
    merged: int
    left: int
    counts: tuple[BatchCounts, ...]
    copies: int


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

    Each batch is read (its tables, in place), completed by ``decide`` (duplicate
    decisions against what is stored, including the batches merged before it in the
    same transaction) and written in turn, so a transaction of many batches decides and
    stores exactly what one transaction per batch would; only one batch is held in
    memory at a time. Batches are deleted only after their transaction committed; a
    crash between the two leaves batches already stored, which the next merge
    recognises by their first fetch and only deletes (their page rows are upserts, but
    their ``fetches`` rows would be logged twice). When the file stays locked past
    ``wait``, the rest stays staged.

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
    # The connection is this merge's own (its in-memory instance holds the file), so the
    # setting ends with it.
    con.execute(f"SET threads = {MERGE_THREADS}")
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
                    decided, found = decide(c, batch_view(staged))
                    counts.append(write_tables_in_transaction(c, staged, decided.decisions))
                    copies += found
                    rows += max(staged.pages, 1)
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


def _read_unless_gone(path: Path) -> BatchTables | None:
    """The staged batch at ``path``; None when another process sharing the folder merged
    (and deleted) it meanwhile."""
    try:
        return read_staged(path)
    except WarehouseError:
        if not path.exists():
            return None
        raise


def _already_stored(con: duckdb.DuckDBPyConnection, staged: BatchTables) -> bool:
    """True when the batch's first fetch is logged: its transaction committed, and the
    process died before it could delete the staged file."""
    fetches = staged.table("fetches")
    if not fetches.num_rows:
        return False  # nothing but upserts: merging it again changes nothing
    first = fetches.slice(0, 1).to_pylist()[0]
    row = con.execute(
        "SELECT count(*) FROM fetches WHERE run_id = ? AND url = ? AND fetched_at = ?",
        [first["run_id"], first["url"], first["fetched_at"]],
    ).fetchone()
    return bool(row and row[0])
