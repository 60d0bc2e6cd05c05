"""Prefect tasks: a thin layer over the plain functions, one task per stage of a batch.

A task handles a batch of pages, never one page: a task run costs milliseconds of
orchestration, which would dominate at thousands of pages. Inputs are large byte
strings, so nothing is cached or hashed (``NO_CACHE``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path

import duckdb
from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.archive import WarcArchive
from tasks.dedupe import DedupeSettings
from tasks.discover import DiscoveryResult, discover_urls
from tasks.fetch import FetchSettings, HostPacer, Validators, fetch_pages_with_attempts
from tasks.pipeline import (
    BatchOutcome,
    URLGroup,
    decide_duplicates,
    extract_page,
    extract_pages,
    prepare_batch,
)
from tasks.records import Extraction, FetchedPage, PageError
from tasks.robots import RobotsCache
from warehouse.queries import known_articles_for
from warehouse.staging import MergeResult, StagedBatch, merge_pending, stage_batch
from warehouse.writer import BatchWrite


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(entry_points: Sequence[str], settings: FetchSettings) -> DiscoveryResult:
    return discover_urls(entry_points, settings)


@task(name="fetch-batch", cache_policy=NO_CACHE)
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


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(
    pages: Sequence[FetchedPage], pool: Executor | None = None
) -> list[Extraction | PageError | None]:
    """Extract a batch, across the processes of ``pool`` when there is one: parsing is
    CPU-bound, and a thread per core would share one interpreter lock."""
    if pool is None or len(pages) < 2:
        return extract_pages(pages)
    chunk = max(1, len(pages) // 8)
    return list(pool.map(extract_page, pages, chunksize=chunk))


@task(name="dedupe-batch", cache_policy=NO_CACHE)
def dedupe_batch(
    source_id: str,
    groups: Sequence[URLGroup],
    pages: Sequence[FetchedPage],
    extractions: Sequence[Extraction | PageError | None],
    settings: DedupeSettings,
    attempts: Sequence[FetchedPage] = (),
) -> BatchOutcome:
    """Key, canonicalise and fingerprint the batch; duplicate decisions follow at load."""
    return prepare_batch(source_id, groups, pages, extractions, settings, attempts)


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch(
    db: Path,
    staging: Path,
    run_id: str,
    source_id: str,
    batch: BatchWrite,
    settings: DedupeSettings,
    lock_wait: float = 60.0,
) -> MergeResult:
    """Stage the batch on disk, then merge every staged batch into ``db``, deciding
    duplicates against what is stored at that moment. A file locked by another process
    for longer than ``lock_wait`` seconds leaves the batches staged for the next run."""
    stage_batch(staging, StagedBatch(run_id, source_id, batch))

    def decide(con: duckdb.DuckDBPyConnection, staged: BatchWrite) -> tuple[BatchWrite, int]:
        return decide_duplicates(staged, lambda bands: known_articles_for(con, bands), settings)

    return merge_pending(db, staging, decide, wait=lock_wait)
