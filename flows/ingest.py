"""Ingest flows: wiring only. The work is in ``tasks``; the SQL in ``warehouse``.

A run records a ``runs`` row, lists the pages its source offers, leaves alone those
fetched recently (the recrawl interval), asks the rest with conditional GETs, and
processes pages in batches: fetch -> extract -> store (fingerprint and load, where
duplicates are decided), one Prefect task run each.
Raw responses are archived in WARC files beside the warehouse, so ``reprocess`` can
re-extract any page without fetching it again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from prefect import flow, get_run_logger
from pydantic import Field

from flows.runs import (
    BatchPipeline,
    Run,
    RunSummary,
    batched,
    note_errors,
    opaque,
    open_run,
    recorded,
    worked_ahead,
    write,
)
from pressroom.config import Config, SourceConfig, SourceKind, load_config
from tasks.archive import WarcArchive, iter_warc
from tasks.dedupe import DedupeSettings
from tasks.discover import DiscoveredURL
from tasks.fetch import FetchSettings, Validators
from tasks.load import load_dir
from tasks.pipeline import URLGroup, plan_fetches, plan_urls
from tasks.records import FetchedPage
from tasks.steps import discover_task, fetch_batch
from tasks.urls import canonicalize_url
from warehouse.queries import PageState, page_states
from warehouse.staging import connect_when_free
from warehouse.writer import BatchWrite, PageURL, SourceEntry

# Pages per batch: each batch costs three task runs (fetch, extract, store) of ~5-15 ms
# each in the flow and more in the Prefect server, and one merge into the warehouse.
# Measured on 5,000 loopback pages (bench/orchestration.py, quiet machine): Prefect's
# share of the run is 10.5 % at 200 pages a batch and 7.3 % at 500; a batch stays ~25 MB.
BATCH_SIZE = 500


def _discover(run: Run, entry_points: Sequence[str]) -> list[DiscoveredURL]:
    found = discover_task(entry_points, run.fetch)
    now = dt.datetime.now(dt.UTC)
    entries = [SourceEntry(d.url, _as_datetime(d.lastmod), now) for d in found.urls]
    write(run, BatchWrite(fetches=found.fetched, errors=found.errors, source_entries=entries))
    note_errors(run.summary, found.errors)
    return list(found.urls)


def _record_spellings(
    run: Run, skipped: Sequence[URLGroup], states: Mapping[str, PageState]
) -> None:
    """Every spelling of a page left alone as fresh still maps to it in ``page_urls``:
    another run (or another source) may have met the page under a different one."""
    now = dt.datetime.now(dt.UTC)
    spellings: list[PageURL] = []
    for group in skipped:
        state = states.get(group.canonical_url)
        if state is not None and state.page_id is not None:  # None: never fetched (max_pages)
            urls = (group.canonical_url, *group.variants)
            spellings.extend(PageURL(url, state.page_id, now) for url in urls)
    if spellings:
        write(run, BatchWrite(page_urls=spellings))


def _as_datetime(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(), dt.UTC)


def _plan(
    run: Run,
    urls: Sequence[str],
    entry_points: Sequence[str],
    source: SourceConfig | None,
    recrawl_interval: float,
    max_pages: int | None,
) -> tuple[list[URLGroup], Validators]:
    """The pages to fetch and the validators to ask them with; what planning read (every
    URL found, the stored state of each page) is let go before the first fetch."""
    logger = get_run_logger()
    found = _discover(run, entry_points) if entry_points else []
    wanted = [*urls, *(d.url for d in found)]
    if source is not None:
        wanted = [u for u in wanted if source.wants(u)]
    groups = plan_urls(wanted)
    lastmods = {canonicalize_url(d.url): d.lastmod for d in found if d.lastmod is not None}
    # Read-only: a user's SQL session (read-only too) does not stop the run from planning.
    with connect_when_free(run.db, read_only=True, wait=run.lock_wait) as con:
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
    _record_spellings(run, plan.skipped, states)
    logger.info(
        "%d URLs name %d pages: %d to fetch, %d fetched recently",
        len(wanted),
        len(groups),
        len(plan.to_fetch),
        len(plan.skipped),
    )
    return plan.to_fetch, plan.validators


def _ingest_urls(
    run: Run,
    urls: Sequence[str],
    entry_points: Sequence[str],
    source: SourceConfig | None,
    recrawl_interval: float,
    max_pages: int | None,
) -> None:
    to_fetch, validators = _plan(run, urls, entry_points, source, recrawl_interval, max_pages)
    run.data_dir.mkdir(parents=True, exist_ok=True)
    run.batches_total = -(-len(to_fetch) // run.batch_size)
    # Three batches at once: N+2 is fetched, in a thread, while N+1 is extracted in the
    # pool and N is stored. Storing one batch before extracting the next left the pool
    # idle while this process stored (measured on the 100k loopback run: each extraction
    # worker busy ~20 % of the time, this process ~100 %). While a fetch is slower than
    # that, the batches already fetched are stored rather than left waiting behind it,
    # and once they are, what is staged is merged. A run killed outright loses the work
    # on at most those three batches, no page: none of them is recorded as fetched, so
    # the rerun fetches them again, and it merges first what the killed run had staged
    # (tests/faults).

    def fetch(chunk: list[URLGroup]) -> tuple[list[FetchedPage], list[FetchedPage]]:
        return fetch_batch(
            opaque(chunk), run.fetch, opaque(validators), archive, run.robots, run.pacer
        )

    def store_while_fetching(wait: Callable[[float], bool]) -> bool:
        before = run.batches_done
        busy = pipeline.while_waiting(wait)
        _log_stored(run.batches_done - before, run)
        return busy

    with (
        WarcArchive(run.data_dir / "warc") as archive,
        BatchPipeline(run) as pipeline,
        worked_ahead(batched(to_fetch, run.batch_size), fetch, store_while_fetching) as fetched,
    ):
        for chunk, (pages, retried) in fetched:
            _log_stored(pipeline.submit(chunk, pages, retried), run)


def _ingest_files(run: Run, pages: Iterable[FetchedPage]) -> None:
    # Batch N+1 is read and extracted while batch N is stored.
    with BatchPipeline(run) as pipeline:
        for chunk in batched(pages, run.batch_size):
            run.summary.pages_discovered += len(chunk)
            groups = [URLGroup(canonicalize_url(p.url), (p.url,)) for p in chunk]
            _log_stored(pipeline.submit(groups, chunk), run)
        _log_stored(pipeline.drain(), run)


def _log_stored(batches: int, run: Run) -> None:
    if batches:
        get_run_logger().info("%d batches of pages stored", run.batches_done)


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


def fetch_settings(config: Config, source: SourceConfig | None) -> FetchSettings:
    """The fetcher's settings for ``source`` under ``config`` (a source may slow its hosts)."""
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
        allow_hosts=(*FetchSettings().allow_hosts, *f.allow_hosts),
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
    ] = BATCH_SIZE,
    recrawl_interval: Annotated[
        float | None,
        Field(ge=0, description="Seconds before a page is fetched again (default: the source's)."),
    ] = None,
    max_pages: Annotated[int | None, Field(ge=1, description="Fetch at most this many.")] = None,
    near_duplicate_threshold: Annotated[
        float, Field(gt=0, le=1, description="MinHash Jaccard for near-duplicates.")
    ] = 0.8,
    workers: Annotated[
        int, Field(ge=0, le=64, description="Extraction processes (0: one per core).")
    ] = 0,
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
    fetch = fetch_settings(settings, spec)
    target = settings.warehouse.target(db)
    run = open_run(
        target,
        spec.name,
        spec.kind,
        " ".join(spec.locations),
        fetch,
        DedupeSettings(threshold=near_duplicate_threshold),
        Path(settings.warehouse.data_dir) if config or db is None else None,
        batch_size,
        settings.warehouse.lock_wait,
        workers,
    )
    with recorded(run, started):
        if spec.kind in ("dir", "warc"):
            _check_locations(spec.kind, spec.locations)
            pages = _file_pages(spec.kind, spec.locations)
            _ingest_files(run, (p for p in pages if spec.wants(p.url)))
        else:
            urls = _url_list(spec.locations) if spec.kind == "urls" else []
            entry_points = spec.locations if spec.kind in ("feed", "sitemap") else []
            interval = spec.recrawl_interval if recrawl_interval is None else recrawl_interval
            _ingest_urls(run, urls, entry_points, spec, interval, max_pages or spec.max_pages)
    return run.summary


@flow(name="ingest-urls")
def ingest_urls(
    urls: list[str] | None = None,
    discover_from: list[str] | None = None,
    db: str = "pressroom.duckdb",
    source: str = "urls",
    batch_size: int = BATCH_SIZE,
    concurrency: int = 16,
    per_host_delay: float = 0.0,
    recrawl_interval: float = 86400.0,
    near_duplicate_threshold: float = 0.8,
    lock_wait: float = 60.0,
    workers: int = 0,
    allow_hosts: list[str] | None = None,
) -> RunSummary:
    """Fetch ``urls``, plus every page listed by the feeds and sitemaps in
    ``discover_from``, extract articles, deduplicate them and store them in ``db``."""
    started = time.perf_counter()
    location = " ".join([*(discover_from or []), *(urls or [])])
    fetch = FetchSettings(concurrency=concurrency, per_host_delay=per_host_delay)
    if allow_hosts:
        fetch = dataclasses.replace(fetch, allow_hosts=(*fetch.allow_hosts, *allow_hosts))
    dedupe = DedupeSettings(threshold=near_duplicate_threshold)
    run = open_run(
        Path(db), source, "urls", location, fetch, dedupe, None, batch_size, lock_wait, workers
    )
    with recorded(run, started):
        _ingest_urls(run, urls or [], discover_from or [], None, recrawl_interval, None)
    return run.summary


@flow(name="ingest-dir")
def ingest_dir(
    path: str,
    db: str = "pressroom.duckdb",
    source: str = "dir",
    batch_size: int = BATCH_SIZE,
    near_duplicate_threshold: float = 0.8,
) -> RunSummary:
    """Extract, deduplicate and store every saved page (.html, .htm, .html.gz) under ``path``."""
    started = time.perf_counter()
    pages = load_dir(path)  # raises at once for a missing folder: a configuration error
    dedupe = DedupeSettings(threshold=near_duplicate_threshold)
    location = str(Path(path).resolve())
    run = open_run(Path(db), source, "dir", location, FetchSettings(), dedupe, None, batch_size)
    with recorded(run, started):
        _ingest_files(run, pages)
    return run.summary


TaskRunnerName = Literal["threads", "dask"]


def ingest_flow(task_runner: TaskRunnerName = "threads", dask_address: str | None = None) -> Any:
    """The ``ingest`` flow with the chosen task runner.

    ``dask`` sends extraction to a Dask cluster: the scheduler at ``dask_address``, or a
    local cluster of one worker process per core. Its workers then do the CPU work, so
    the run makes no process pool of its own (``workers=1``).
    """
    if task_runner == "threads":
        return ingest
    from prefect_dask.task_runners import DaskTaskRunner

    runner = (
        DaskTaskRunner(address=dask_address)
        if dask_address
        else DaskTaskRunner(cluster_kwargs={"n_workers": os.cpu_count() or 1, "processes": True})
    )
    return ingest.with_options(task_runner=runner)  # type: ignore[arg-type]
