"""What every flow run shares: its summary, its ``runs`` row, its batches."""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

from prefect.context import FlowRunContext

from tasks.dedupe import DedupeSettings
from tasks.fetch import FetchSettings, HostPacer
from tasks.pipeline import URLGroup
from tasks.records import FetchedPage, PageError
from tasks.robots import RobotsCache
from tasks.steps import dedupe_batch, extract_batch, load_batch
from warehouse.connection import connect
from warehouse.search import refresh_search_index
from warehouse.writer import finish_run, start_run, upsert_source

T = TypeVar("T")


@dataclass
class RunSummary:
    """What one ingest run did; the same counts land in its ``runs`` row."""

    run_id: str
    source_id: str
    db: str
    pages_discovered: int = 0
    pages_fetched: int = 0
    pages_unchanged: int = 0
    pages_skipped: int = 0
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


@dataclass
class Run:
    """One run's settings and the state its batches share."""

    summary: RunSummary
    fetch: FetchSettings
    dedupe: DedupeSettings
    data_dir: Path
    batch_size: int
    robots: RobotsCache = field(default_factory=RobotsCache)
    pacer: HostPacer = field(default_factory=HostPacer)

    @property
    def db(self) -> Path:
        return Path(self.summary.db)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _run_id() -> str:
    context = FlowRunContext.get()
    if context is not None and context.flow_run is not None:
        return str(context.flow_run.id)
    return str(uuid.uuid4())


def data_dir_for(db: str | Path) -> Path:
    """Where a warehouse keeps its WARC archives when the configuration names no place."""
    path = Path(db)
    return path.parent / f"{path.stem}-data"


def open_run(
    db: Path,
    source_id: str,
    kind: str,
    location: str,
    fetch: FetchSettings,
    dedupe: DedupeSettings,
    data_dir: Path | None,
    batch_size: int,
) -> Run:
    run_id = _run_id()
    with connect(db) as con:
        upsert_source(con, source_id, kind, location)
        flow_run_id = run_id if FlowRunContext.get() is not None else None
        start_run(con, run_id, source_id, flow_run_id)
    summary = RunSummary(run_id=run_id, source_id=source_id, db=str(db))
    return Run(
        summary,
        fetch,
        dedupe,
        data_dir or data_dir_for(db),
        batch_size,
        pacer=HostPacer(fetch.per_host_delay),
    )


def close_run(run: Run, status: str, started: float) -> None:
    run.summary.elapsed_s = round(time.perf_counter() - started, 3)
    with connect(run.db) as con:
        finish_run(con, run.summary.run_id, run.summary.counts(), status)
        if status == "completed":
            refresh_search_index(con)


def note_errors(summary: RunSummary, errors: Sequence[PageError]) -> None:
    summary.errors += len(errors)
    summary.error_samples.extend(f"{e.url}: {e.error_class}: {e.message}" for e in errors)


def process_batch(
    run: Run,
    groups: Sequence[URLGroup],
    pages: Sequence[FetchedPage],
    retried: Sequence[FetchedPage] = (),
    *,
    source_id: str | None = None,
    replayed: bool = False,
) -> None:
    """Extract, deduplicate and load one batch, and add its counts to the run's.

    ``source_id`` overrides the run's source (a reprocess run spans sources);
    ``replayed`` pages came from the archive, not the network, so they are not logged
    as fetches.
    """
    summary = run.summary
    source = source_id or summary.source_id
    extractions = extract_batch(pages)
    outcome = dedupe_batch(run.db, source, groups, pages, extractions, run.dedupe, retried)
    if replayed:
        write = dataclasses.replace(outcome.write, fetches=())
        outcome = dataclasses.replace(outcome, write=write)
    counts = load_batch(run.db, summary.run_id, source, outcome)
    summary.pages_fetched += sum(1 for p in pages if p.ok)
    summary.pages_unchanged += sum(1 for p in pages if p.not_modified)
    summary.articles_new += counts.articles_new
    summary.articles_updated += counts.articles_updated
    summary.articles_unchanged += counts.articles_unchanged
    summary.not_articles += outcome.not_articles
    summary.duplicates += outcome.url_duplicates + outcome.content_duplicates
    note_errors(summary, outcome.write.errors)
