"""Ingest flows: wiring only. The work is in ``tasks``; the SQL in ``warehouse``.

A run records a ``runs`` row, lists the pages its source offers, leaves alone those
fetched recently (the recrawl interval), asks the rest with conditional GETs, and
processes pages in batches: fetch -> extract -> dedupe -> load, one Prefect task each.
Raw responses are archived in WARC files beside the warehouse, so ``reprocess`` can
re-extract any page without fetching it again.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from prefect import flow, get_run_logger
from prefect.context import FlowRunContext
from pydantic import Field

from pressroom.config import Config, SourceConfig, SourceKind, load_config
from tasks.archive import WarcArchive, iter_warc
from tasks.dedupe import DedupeSettings
from tasks.discover import DiscoveredURL
from tasks.fetch import FetchSettings, HostPacer
from tasks.load import load_dir
from tasks.pipeline import URLGroup, plan_fetches, plan_urls
from tasks.records import FetchedPage, PageError
from tasks.robots import RobotsCache
from tasks.steps import (
    dedupe_batch,
    discover_task,
    extract_batch,
    fetch_batch,
    load_batch,
)
from tasks.urls import canonicalize_url
from warehouse.connection import connect
from warehouse.queries import page_states
from warehouse.search import refresh_search_index
from warehouse.writer import (
    BatchWrite,
    SourceEntry,
    finish_run,
    start_run,
    upsert_source,
    write_batch,
)

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
class _Run:
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


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
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


def _open_run(
    db: Path,
    source_id: str,
    kind: str,
    location: str,
    fetch: FetchSettings,
    dedupe: DedupeSettings,
    data_dir: Path | None,
    batch_size: int,
) -> _Run:
    run_id = _run_id()
    with connect(db) as con:
        upsert_source(con, source_id, kind, location)
        flow_run_id = run_id if FlowRunContext.get() is not None else None
        start_run(con, run_id, source_id, flow_run_id)
    summary = RunSummary(run_id=run_id, source_id=source_id, db=str(db))
    return _Run(
        summary,
        fetch,
        dedupe,
        data_dir or data_dir_for(db),
        batch_size,
        pacer=HostPacer(fetch.per_host_delay),
    )


def _close_run(run: _Run, status: str, started: float) -> None:
    run.summary.elapsed_s = round(time.perf_counter() - started, 3)
    with connect(run.db) as con:
        finish_run(con, run.summary.run_id, run.summary.counts(), status)
        if status == "completed":
            refresh_search_index(con)


def _note_errors(summary: RunSummary, errors: Sequence[PageError]) -> None:
    summary.errors += len(errors)
    summary.error_samples.extend(f"{e.url}: {e.error_class}: {e.message}" for e in errors)


def _process_batch(
    run: _Run,
    groups: Sequence[URLGroup],
    pages: Sequence[FetchedPage],
    retried: Sequence[FetchedPage],
) -> None:
    summary = run.summary
    extractions = extract_batch(pages)
    outcome = dedupe_batch(
        run.db, summary.source_id, groups, pages, extractions, run.dedupe, retried
    )
    counts = load_batch(run.db, summary.run_id, summary.source_id, outcome)
    summary.pages_fetched += sum(1 for p in pages if p.ok)
    summary.pages_unchanged += sum(1 for p in pages if p.not_modified)
    summary.articles_new += counts.articles_new
    summary.articles_updated += counts.articles_updated
    summary.articles_unchanged += counts.articles_unchanged
    summary.not_articles += outcome.not_articles
    summary.duplicates += outcome.url_duplicates + outcome.content_duplicates
    _note_errors(summary, outcome.write.errors)


def _discover(run: _Run, entry_points: Sequence[str]) -> list[DiscoveredURL]:
    found = discover_task(entry_points, run.fetch)
    now = dt.datetime.now(dt.UTC)
    entries = [SourceEntry(d.url, _as_datetime(d.lastmod), now) for d in found.urls]
    with connect(run.db) as con:
        write_batch(
            con,
            run.summary.run_id,
            run.summary.source_id,
            BatchWrite(fetches=found.fetched, errors=found.errors, source_entries=entries),
        )
    _note_errors(run.summary, found.errors)
    return list(found.urls)


def _as_datetime(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(), dt.UTC)


def _ingest_urls(
    run: _Run,
    urls: Sequence[str],
    entry_points: Sequence[str],
    source: SourceConfig | None,
    recrawl_interval: float,
    max_pages: int | None,
) -> None:
    logger = get_run_logger()
    found = _discover(run, entry_points) if entry_points else []
    wanted = [*urls, *(d.url for d in found)]
    if source is not None:
        wanted = [u for u in wanted if source.wants(u)]
    groups = plan_urls(wanted)
    lastmods = {canonicalize_url(d.url): d.lastmod for d in found if d.lastmod is not None}
    with connect(run.db) as con:
        states = page_states(con, [g.canonical_url for g in groups])
    plan = plan_fetches(
        groups,
        states,
        recrawl_interval=recrawl_interval,
        now=dt.datetime.now(dt.UTC),
        lastmods=lastmods,
        max_pages=max_pages,
    )
    run.summary.pages_discovered = len(wanted)
    run.summary.pages_skipped = len(plan.skipped)
    logger.info(
        "%d URLs name %d pages: %d to fetch, %d fetched recently",
        len(wanted),
        len(groups),
        len(plan.to_fetch),
        len(plan.skipped),
    )
    run.data_dir.mkdir(parents=True, exist_ok=True)
    with WarcArchive(run.data_dir / "warc") as archive:
        for chunk in _batched(plan.to_fetch, run.batch_size):
            pages, retried = fetch_batch(
                chunk, run.fetch, plan.validators, archive, run.robots, run.pacer
            )
            _process_batch(run, chunk, pages, retried)
            logger.info("batch of %d pages stored", len(chunk))


def _ingest_files(run: _Run, pages: Iterable[FetchedPage]) -> None:
    logger = get_run_logger()
    for chunk in _batched(pages, run.batch_size):
        run.summary.pages_discovered += len(chunk)
        groups = [URLGroup(canonicalize_url(p.url), (p.url,)) for p in chunk]
        _process_batch(run, groups, chunk, ())
        logger.info("batch of %d saved pages stored", len(chunk))


def _finish(run: _Run, started: float) -> RunSummary:
    _close_run(run, "completed", started)
    get_run_logger().info("run %s: %s", run.summary.run_id, run.summary.counts())
    return run.summary


def _file_pages(kind: Literal["dir", "warc"], locations: Sequence[str]) -> Iterator[FetchedPage]:
    for location in locations:
        yield from (load_dir(location) if kind == "dir" else iter_warc(location))


def _check_locations(kind: SourceKind, locations: Sequence[str]) -> None:
    """Fail at once, naming the path, when a folder or WARC file is not there."""
    for location in locations:
        path = Path(location)
        if kind == "dir" and not path.is_dir():
            raise FileNotFoundError(f"cannot ingest {location}: it is not a folder")
        if kind == "warc" and not path.is_file():
            raise FileNotFoundError(f"cannot ingest {location}: no such WARC file")


def _url_list(locations: Sequence[str]) -> list[str]:
    """URLs given directly, or read from files of one URL per line (# for comments)."""
    urls: list[str] = []
    for location in locations:
        if "://" in location:
            urls.append(location)
            continue
        lines = Path(location).read_text(encoding="utf-8").splitlines()
        urls.extend(u.strip() for u in lines if u.strip() and not u.lstrip().startswith("#"))
    return urls


def _fetch_settings(config: Config, source: SourceConfig | None) -> FetchSettings:
    f = config.fetch
    delay = source.per_host_delay if source and source.per_host_delay is not None else None
    return FetchSettings(
        user_agent=f.user_agent,
        concurrency=f.concurrency,
        per_host_concurrency=f.per_host_concurrency,
        per_host_delay=f.per_host_delay if delay is None else delay,
        obey_robots=f.obey_robots,
        total_timeout=f.timeout,
        max_bytes=f.max_bytes,
    )


@flow(name="ingest")
def ingest(
    source: Annotated[str | None, Field(description="A source named in pressroom.toml.")] = None,
    kind: Annotated[SourceKind | None, Field(description="Ad hoc source: its kind.")] = None,
    location: Annotated[
        list[str] | None,
        Field(description="Ad hoc source: feed/sitemap/page URLs, URL files, folders, WARCs."),
    ] = None,
    config: Annotated[
        str | None, Field(description="Path of pressroom.toml (default: ./pressroom.toml).")
    ] = None,
    db: Annotated[
        str | None, Field(description="Warehouse file (default: the configuration's).")
    ] = None,
    batch_size: Annotated[
        int, Field(ge=1, le=10_000, description="Pages per batch (per task run).")
    ] = 100,
    recrawl_interval: Annotated[
        float | None,
        Field(ge=0, description="Seconds before a page is fetched again (default: the source's)."),
    ] = None,
    max_pages: Annotated[int | None, Field(ge=1, description="Fetch at most this many.")] = None,
    near_duplicate_threshold: Annotated[
        float, Field(gt=0, le=1, description="MinHash Jaccard for near-duplicates.")
    ] = 0.8,
) -> RunSummary:
    """Ingest one source: a name from pressroom.toml, or an ad hoc kind and location."""
    settings = load_config(config)
    if source is not None and kind is None:
        spec = settings.source(source)
    elif kind is not None and location:
        spec = SourceConfig(name=source or kind, kind=kind, location=location)
    else:
        raise ValueError("give a source name from the configuration, or a kind and a location")
    started = time.perf_counter()
    fetch = _fetch_settings(settings, spec)
    run = _open_run(
        Path(db or settings.warehouse.path),
        spec.name,
        spec.kind,
        " ".join(spec.locations),
        fetch,
        DedupeSettings(threshold=near_duplicate_threshold),
        Path(settings.warehouse.data_dir) if config or db is None else None,
        batch_size,
    )
    try:
        if spec.kind in ("dir", "warc"):
            _check_locations(spec.kind, spec.locations)
            pages = _file_pages(spec.kind, spec.locations)
            _ingest_files(run, (p for p in pages if spec.wants(p.url)))
        else:
            urls = _url_list(spec.locations) if spec.kind == "urls" else []
            entry_points = spec.locations if spec.kind in ("feed", "sitemap") else []
            interval = spec.recrawl_interval if recrawl_interval is None else recrawl_interval
            _ingest_urls(run, urls, entry_points, spec, interval, max_pages or spec.max_pages)
    except BaseException:
        _close_run(run, "failed", started)
        raise
    return _finish(run, started)


@flow(name="ingest-urls")
def ingest_urls(
    urls: list[str] | None = None,
    discover_from: list[str] | None = None,
    db: str = "pressroom.duckdb",
    source: str = "urls",
    batch_size: int = 100,
    concurrency: int = 16,
    per_host_delay: float = 0.0,
    recrawl_interval: float = 86400.0,
    near_duplicate_threshold: float = 0.8,
) -> RunSummary:
    """Fetch ``urls``, plus every page listed by the feeds and sitemaps in
    ``discover_from``, extract articles, deduplicate them and store them in ``db``."""
    started = time.perf_counter()
    location = " ".join([*(discover_from or []), *(urls or [])])
    fetch = FetchSettings(concurrency=concurrency, per_host_delay=per_host_delay)
    dedupe = DedupeSettings(threshold=near_duplicate_threshold)
    run = _open_run(Path(db), source, "urls", location, fetch, dedupe, None, batch_size)
    try:
        _ingest_urls(run, urls or [], discover_from or [], None, recrawl_interval, None)
    except BaseException:
        _close_run(run, "failed", started)
        raise
    return _finish(run, started)


@flow(name="ingest-dir")
def ingest_dir(
    path: str,
    db: str = "pressroom.duckdb",
    source: str = "dir",
    batch_size: int = 200,
    near_duplicate_threshold: float = 0.8,
) -> RunSummary:
    """Extract, deduplicate and store every saved page (.html, .htm, .html.gz) under ``path``."""
    started = time.perf_counter()
    pages = load_dir(path)  # raises at once for a missing folder: a configuration error
    dedupe = DedupeSettings(threshold=near_duplicate_threshold)
    location = str(Path(path).resolve())
    run = _open_run(Path(db), source, "dir", location, FetchSettings(), dedupe, None, batch_size)
    try:
        _ingest_files(run, pages)
    except BaseException:
        _close_run(run, "failed", started)
        raise
    return _finish(run, started)
