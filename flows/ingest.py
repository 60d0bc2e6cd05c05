"""Ingest flows: wiring only. The work is in ``tasks``; the SQL in ``warehouse``.

Each flow records a ``runs`` row, processes pages in batches (fetch -> extract -> dedupe
-> load, one Prefect task each), and returns a :class:`RunSummary`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

from prefect import flow, get_run_logger
from prefect.context import FlowRunContext

from tasks.dedupe import DedupeSettings
from tasks.fetch import FetchSettings
from tasks.load import load_dir
from tasks.pipeline import URLGroup, plan_urls
from tasks.records import FetchedPage, PageError
from tasks.steps import dedupe_batch, discover_task, extract_batch, fetch_batch, load_batch
from tasks.urls import canonicalize_url
from warehouse.connection import connect
from warehouse.writer import BatchWrite, finish_run, start_run, upsert_source, write_batch

T = TypeVar("T")


@dataclass
class RunSummary:
    """What one ingest run did; the same counts land in its ``runs`` row."""

    run_id: str
    source_id: str
    db: str
    pages_discovered: int = 0
    pages_fetched: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    not_articles: int = 0
    duplicates: int = 0
    errors: int = 0
    elapsed_s: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    @property
    def articles_stored(self) -> int:
        return self.articles_new + self.articles_updated + self.articles_unchanged

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if isinstance(v, int)}


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _run_id() -> str:
    context = FlowRunContext.get()
    if context is not None and context.flow_run is not None:
        return str(context.flow_run.id)
    return str(uuid.uuid4())


def _open_run(db: Path, source_id: str, kind: str, location: str) -> RunSummary:
    run_id = _run_id()
    with connect(db) as con:
        upsert_source(con, source_id, kind, location)
        flow_run_id = run_id if FlowRunContext.get() is not None else None
        start_run(con, run_id, source_id, flow_run_id)
    return RunSummary(run_id=run_id, source_id=source_id, db=str(db))


def _close_run(summary: RunSummary, status: str, started: float) -> None:
    summary.elapsed_s = round(time.perf_counter() - started, 3)
    with connect(summary.db) as con:
        finish_run(con, summary.run_id, summary.counts(), status)


def _process_batch(
    summary: RunSummary,
    groups: Sequence[URLGroup],
    pages: Sequence[FetchedPage],
    retried: Sequence[FetchedPage],
    dedupe: DedupeSettings,
) -> None:
    db = Path(summary.db)
    extractions = extract_batch(pages)
    outcome = dedupe_batch(db, summary.source_id, groups, pages, extractions, dedupe, retried)
    counts = load_batch(db, summary.run_id, summary.source_id, outcome)
    summary.pages_fetched += sum(1 for p in pages if p.ok)
    summary.articles_new += counts.articles_new
    summary.articles_updated += counts.articles_updated
    summary.articles_unchanged += counts.articles_unchanged
    summary.not_articles += outcome.not_articles
    summary.duplicates += outcome.url_duplicates + outcome.content_duplicates
    summary.errors += outcome.errors
    summary.error_samples.extend(
        f"{e.url}: {e.error_class}: {e.message}" for e in outcome.write.errors
    )


def _record_discovery(
    summary: RunSummary, fetched: Sequence[FetchedPage], errors: Sequence[PageError]
) -> None:
    with connect(summary.db) as con:
        write_batch(
            con, summary.run_id, summary.source_id, BatchWrite(fetches=fetched, errors=errors)
        )
    summary.errors += len(errors)
    summary.error_samples.extend(f"{e.url}: {e.error_class}: {e.message}" for e in errors)


@flow(name="ingest-urls")
def ingest_urls(
    urls: list[str] | None = None,
    discover_from: list[str] | None = None,
    db: str = "pressroom.duckdb",
    source: str = "urls",
    batch_size: int = 100,
    concurrency: int = 16,
    near_duplicate_threshold: float = 0.8,
) -> RunSummary:
    """Fetch ``urls``, plus every page listed by the feeds and sitemaps in
    ``discover_from``, extract articles, deduplicate them and store them in ``db``."""
    logger = get_run_logger()
    started = time.perf_counter()
    location = " ".join([*(discover_from or []), *(urls or [])])
    summary = _open_run(Path(db), source, "urls", location)
    fetch_settings = FetchSettings(concurrency=concurrency)
    dedupe = DedupeSettings(threshold=near_duplicate_threshold)
    try:
        wanted = list(urls or [])
        if discover_from:
            found = discover_task(discover_from, fetch_settings)
            _record_discovery(summary, found.fetched, found.errors)
            wanted.extend(d.url for d in found.urls)
        groups = plan_urls(wanted)
        summary.pages_discovered = len(wanted)
        logger.info("%d URLs name %d pages", len(wanted), len(groups))
        for chunk in _batched(groups, batch_size):
            pages, retried = fetch_batch(chunk, fetch_settings)
            _process_batch(summary, chunk, pages, retried, dedupe)
            logger.info("batch of %d pages stored", len(chunk))
    except BaseException:
        _close_run(summary, "failed", started)
        raise
    _close_run(summary, "completed", started)
    logger.info("run %s: %s", summary.run_id, summary.counts())
    return summary


@flow(name="ingest-dir")
def ingest_dir(
    path: str,
    db: str = "pressroom.duckdb",
    source: str = "dir",
    batch_size: int = 200,
    near_duplicate_threshold: float = 0.8,
) -> RunSummary:
    """Extract, deduplicate and store every saved page (.html, .htm, .html.gz) under ``path``."""
    logger = get_run_logger()
    started = time.perf_counter()
    pages = load_dir(path)  # raises at once for a missing folder: a configuration error
    summary = _open_run(Path(db), source, "dir", str(Path(path).resolve()))
    dedupe = DedupeSettings(threshold=near_duplicate_threshold)
    try:
        for chunk in _batched(pages, batch_size):
            summary.pages_discovered += len(chunk)
            groups = [URLGroup(canonicalize_url(p.url), (p.url,)) for p in chunk]
            _process_batch(summary, groups, chunk, (), dedupe)
            logger.info("batch of %d files stored", len(chunk))
    except BaseException:
        _close_run(summary, "failed", started)
        raise
    _close_run(summary, "completed", started)
    logger.info("run %s: %s", summary.run_id, summary.counts())
    return summary
