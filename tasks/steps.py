"""Prefect tasks: a thin layer over the plain functions, one task run per stage of a batch:
fetch, extract (and fingerprint the articles), store (load into the warehouse, where
duplicates are decided).

A task handles a batch of pages, never one page: a task run costs milliseconds of
orchestration, which would dominate at thousands of pages. Inputs are large byte
strings, so nothing is cached or hashed (``NO_CACHE``) and no result is persisted.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TypeVar, overload

import duckdb
from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.archive import WarcArchive
from tasks.dedupe import DedupeSettings
from tasks.discover import DiscoveryResult, discover_urls
from tasks.fetch import FetchSettings, HostPacer, Validators, fetch_pages_with_attempts
from tasks.pipeline import (
    BatchOutcome,
    Extracted,
    URLGroup,
    decide_duplicates,
    extract_and_fingerprint,
    prepare_batch,
)
from tasks.records import Extraction, FetchedPage, Fingerprint, PageError
from tasks.robots import RobotsCache
from warehouse.connection import Warehouse
from warehouse.queries import known_articles_for
from warehouse.staging import MergeResult, StagedBatch, merge_pending, stage_batch
from warehouse.writer import BatchWrite

T = TypeVar("T")


class Batch(Sequence[T]):
    """Records handed to a task as one argument that Prefect does not walk.

    Prefect visits every list, tuple, dict and dataclass among a task's arguments in
    search of futures: over 200 pages with their bodies and headers that walk costs
    50-120 ms per batch (twice: once to record the task's inputs, once to resolve
    them). A ``Sequence`` that is none of those is passed as it is, under every task
    runner; Prefect's own ``quote`` would do in-process, but a Dask task runner hands
    it to its workers still wrapped.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[T]) -> None:
        self._items = tuple(items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __reduce__(self) -> tuple[type[Batch[T]], tuple[tuple[T, ...]]]:
        return (Batch, (self._items,))


@task(name="discover", cache_policy=NO_CACHE, persist_result=False)
def discover_task(entry_points: Sequence[str], settings: FetchSettings) -> DiscoveryResult:
    return discover_urls(entry_points, settings)


@task(name="fetch-batch", cache_policy=NO_CACHE, persist_result=False)
def fetch_batch(
    groups: Sequence[URLGroup],
    settings: FetchSettings,
    validators: Validators | None = None,
    archive: WarcArchive | None = None,
    robots: RobotsCache | None = None,
    pacer: HostPacer | None = None,
) -> tuple[list[FetchedPage], list[FetchedPage]]:
    """(last attempt per group, earlier attempts that were retried). ``robots`` and
    ``pacer`` carry robots.txt rules and per-host delays from batch to batch."""

    async def run() -> list[list[FetchedPage]]:
        return await fetch_pages_with_attempts(
            [g.fetch_url for g in groups],
            settings,
            validators=validators,
            archive=archive,
            robots=robots,
            pacer=pacer,
        )

    attempts = asyncio.run(run())
    return [a[-1] for a in attempts], [p for a in attempts for p in a[:-1]]


@task(name="extract-batch", cache_policy=NO_CACHE, persist_result=False)
def extract_batch(
    pages: Sequence[FetchedPage], settings: DedupeSettings, pool: Executor | None = None
) -> Extracted:
    """Extract and fingerprint a batch, across the processes of ``pool`` when there is
    one: parsing is CPU-bound, and a thread per core would share one interpreter lock."""
    if pool is None or len(pages) < 2:
        return extract_and_fingerprint(pages, settings)
    size = -(-len(pages) // _CHUNKS_PER_BATCH)
    chunks = [pages[i : i + size] for i in range(0, len(pages), size)]
    parts = list(pool.map(functools.partial(extract_and_fingerprint, settings=settings), chunks))
    return Extracted(
        [result for part in parts for result in part.results],
        [print_ for part in parts for print_ in part.fingerprints],
    )


# Pieces a batch is cut into across the pool: enough that the processes finish together,
# few enough that each piece's articles are fingerprinted in a few numpy calls.
_CHUNKS_PER_BATCH = 8


@task(name="store-batch", cache_policy=NO_CACHE, persist_result=False)
def store_batch(
    db: Warehouse,
    staging: Path,
    run_id: str,
    batch: Batch[FetchedPage],
    groups: Sequence[URLGroup],
    extractions: Sequence[Extraction | PageError | None],
    settings: DedupeSettings,
    attempts: Sequence[FetchedPage] = (),
    *,
    source_id: str,
    replayed: bool = False,
    lock_wait: float = 60.0,
    fingerprints: Sequence[Fingerprint | None] | None = None,
    merge: bool = True,
) -> tuple[BatchOutcome, MergeResult]:
    """Key and canonicalise the pages of ``batch`` (with their ``groups`` of URLs and
    ``extractions``), then load them as ``load_batch`` does, where duplicates are
    decided. One task run, not two: every task run is state events for the Prefect
    server to record. ``fingerprints`` are the articles' fingerprints as extraction took
    them (``extract_batch``); without them they are taken here. ``replayed`` pages came
    from the archive, not the network, so they are not logged as fetches. Without
    ``merge`` the batch is only staged (see ``load_batch``)."""
    outcome = prepare_batch(source_id, groups, batch, extractions, settings, attempts, fingerprints)
    write = outcome.write
    if replayed:
        write = dataclasses.replace(write, fetches=())
    merged = load_batch.fn(db, staging, run_id, source_id, write, settings, lock_wait, merge)
    return outcome, merged


@task(name="load-batch", cache_policy=NO_CACHE, persist_result=False)
def load_batch(
    db: Warehouse,
    staging: Path,
    run_id: str,
    source_id: str,
    batch: BatchWrite,
    settings: DedupeSettings,
    lock_wait: float = 60.0,
    merge: bool = True,
) -> MergeResult:
    """Stage the batch on disk, then (with ``merge``) merge every staged batch into
    ``db`` as ``merge_staged_batches`` does. Without ``merge`` the batch waits staged,
    durable, for a later merge: a run merges several batches at a time."""
    stage_batch(staging, StagedBatch(run_id, source_id, batch))
    if not merge:
        return MergeResult(0, 0, (), 0)
    return merge_staged_batches(db, staging, settings, lock_wait)


def merge_staged_batches(
    db: Warehouse, staging: Path, settings: DedupeSettings, lock_wait: float = 60.0
) -> MergeResult:
    """Merge every staged batch into ``db``, oldest first, each in its own transaction
    and all over one connection, deciding duplicates against what is stored at that
    moment. A file locked by another process for longer than ``lock_wait`` seconds
    leaves the batches staged for the next run.

    One transaction a batch: merging ten staged 500-page batches into the 100k scale
    run's file took 2.2 CPU-s and 270 MiB more than the process held before, against
    3.0 CPU-s and 550 MiB in one transaction (which holds every batch's rows until it
    commits, then checkpoints); what costs is a merge's connection, whose close
    checkpoints the file, not its transactions."""

    def decide(con: duckdb.DuckDBPyConnection, staged: BatchWrite) -> tuple[BatchWrite, int]:
        return decide_duplicates(staged, lambda bands: known_articles_for(con, bands), settings)

    return merge_pending(db, staging, decide, wait=lock_wait, rows_per_transaction=0)
