"""What every flow run shares: its summary, its ``runs`` row, its batches."""

from __future__ import annotations

import concurrent.futures
import contextvars
import dataclasses
import datetime as dt
import multiprocessing
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TypeVar, cast
from uuid import UUID

from prefect import get_run_logger
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote

from flows.report import publish_run, report_progress, start_progress
from tasks.dedupe import DedupeSettings
from tasks.fetch import FetchSettings, HostPacer
from tasks.pacing import SharedHostPacer
from tasks.pipeline import Extracted, URLGroup
from tasks.records import FetchedPage, PageError
from tasks.robots import RobotsCache
from tasks.steps import Batch, extract_batch, load_batch, merge_staged_batches, store_batch
from warehouse.connection import LakeSettings, Warehouse, WarehouseError, describe
from warehouse.lake import LAKE_SEARCH_INDEX, refresh_lake_search_index
from warehouse.queries import run_report
from warehouse.search import index_new_articles, refresh_search_index
from warehouse.staging import MergeResult, WarehouseLocked, connect_when_free
from warehouse.writer import BatchWrite, RunRecord

T = TypeVar("T")
R = TypeVar("R")

# Seconds between moves of a run's progress bar: each move is a call to the Prefect API,
# and a person watching the UI needs no finer steps.
PROGRESS_INTERVAL = 5.0
# New articles a run stores between catch-ups of the search index (see
# ``index_new_articles``): tokenizing them while the next batches are extracted keeps
# both cores busy, and leaves the closing refresh a few batches' worth; each catch-up
# costs a connection and a dozen statements (~0.1 s) besides the tokenizing.
INDEX_EVERY = 1_000
# Batches a run keeps extracted, or being extracted, beside the one it stores.
PIPELINE_AHEAD = 1
# Pages a run stages before it merges them into the warehouse, over one connection. Each
# merge opens the file, and its close checkpoints the tables, a cost that grows with the
# file rather than the batch: merging every 500-page batch cost the 100k loopback run
# ~25 % of the flow process (measured with py-spy). A run merges sooner when it waits
# on a slow fetch with nothing else to do (``MERGE_WHEN_IDLE_AFTER``), and at its end.
MERGE_EVERY = 5_000
# Seconds a run waits on a fetch, with every extracted batch stored, before it merges
# what it has staged: the network is slow, so the merge costs the run no time.
MERGE_WHEN_IDLE_AFTER = 0.5


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
    batches_waiting: int = 0  # staged because the file was locked; the next run merges them
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
    record: RunRecord
    warehouse: Warehouse
    fetch: FetchSettings
    dedupe: DedupeSettings
    data_dir: Path
    batch_size: int
    lock_wait: float = 60.0
    pool: Executor | None = None  # processes for extraction; None extracts in this one
    progress: UUID | None = None  # the run's progress artifact
    batches_total: int = 0  # known once the run has planned its work; 0 while unknown
    batches_done: int = 0
    progress_shown_at: float = 0.0  # time.monotonic() of the bar's last move
    index_every: int = INDEX_EVERY  # new articles between catch-ups of the search index
    unindexed: int = 0  # new articles stored since the last catch-up
    merge_every: int = MERGE_EVERY  # pages staged between merges (1: merge every batch)
    unmerged: int = 0  # pages staged since the last merge
    robots: RobotsCache = field(default_factory=RobotsCache)
    pacer: HostPacer = field(default_factory=HostPacer)

    @property
    def db(self) -> Warehouse:
        return self.warehouse

    @property
    def staging(self) -> Path:
        return self.data_dir / "staged"


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@contextmanager
def worked_ahead(
    items: Iterable[T],
    work: Callable[[T], R],
    while_waiting: Callable[[Callable[[float], bool]], bool] | None = None,
) -> Iterator[Iterator[tuple[T, R]]]:
    """``(item, work(item))`` in order, with the next item's ``work`` done in a thread
    while the caller handles the current one; never more than one ahead.

    When the caller asks for an item whose work is not done yet, ``while_waiting`` is
    called until the work is done or it returns False (it had nothing left to do): a
    run stores the batches it has extracted rather than wait idle on a slow fetch. It is
    handed ``wait(seconds)``, which waits up to that long for the work and says whether
    it is done.

    The thread runs in a copy of the caller's context, so a Prefect task called by
    ``work`` joins the caller's flow run. Leaving the block waits for the work under
    way, so whatever ``work`` writes to (an archive) is still open until it is done.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="ahead") as thread:

        def start(item: T) -> Future[R]:
            return thread.submit(contextvars.copy_context().run, work, item)

        def waiter(running: Future[R]) -> Callable[[float], bool]:
            return lambda seconds: bool(concurrent.futures.wait([running], timeout=seconds).done)

        def results() -> Iterator[tuple[T, R]]:
            iterator = iter(items)
            current = next(iterator, _END)
            running = None if current is _END else start(cast(T, current))
            while running is not None:
                wait = waiter(running)
                while while_waiting is not None and not running.done() and while_waiting(wait):
                    pass
                done = running.result()
                following = next(iterator, _END)
                running = None if following is _END else start(cast(T, following))
                yield cast(T, current), done
                current = following

        yield results()


_END = object()


def _run_id() -> str:
    context = FlowRunContext.get()
    if context is not None and context.flow_run is not None:
        return str(context.flow_run.id)
    return str(uuid.uuid4())


def data_dir_for(db: Warehouse) -> Path:
    """Where a warehouse keeps its archives and staged batches when the configuration
    names no place (a lake is always given its data folder by the configuration)."""
    if isinstance(db, LakeSettings):
        return Path("pressroom-data")
    path = Path(db)
    return path.parent / f"{path.stem}-data"


def opaque(value: T) -> T:
    """``value`` as a task argument Prefect passes through without walking it.

    Prefect visits every argument to find futures and states in it; over a batch of
    pages, each with its body, headers and extraction, that walk alone cost ~7 ms per
    page (measured with bench/orchestration.py), more than extracting the page.
    """
    return cast(T, quote(value))


def write(run: Run, batch: BatchWrite) -> MergeResult:
    """Stage ``batch`` beside the warehouse, then merge everything staged (batches a
    locked file kept back from earlier runs first); what stays locked stays staged."""
    return load_batch(
        run.db,
        run.staging,
        run.summary.run_id,
        run.summary.source_id,
        opaque(batch),
        run.dedupe,
        run.lock_wait,
    )


def open_run(
    db: Warehouse,
    source_id: str,
    kind: str,
    location: str,
    fetch: FetchSettings,
    dedupe: DedupeSettings,
    data_dir: Path | None,
    batch_size: int,
    lock_wait: float = 60.0,
    workers: int = 0,
) -> Run:
    """Record the run's start and set up what its batches share. ``workers`` processes
    extract pages (0: one per core; 1: no pool, extract in this process)."""
    run_id = _run_id()
    flow_run_id = run_id if FlowRunContext.get() is not None else None
    record = RunRecord(
        run_id,
        source_id,
        kind,
        location,
        flow_run_id,
        started_at=dt.datetime.now(dt.UTC),
        host=socket.gethostname(),
        pid=os.getpid(),
    )
    data_dir = data_dir or data_dir_for(db)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(
            f"cannot create the data folder {data_dir}: {exc.strerror or exc}"
        ) from exc
    run = Run(
        RunSummary(run_id=run_id, source_id=source_id, db=describe(db)),
        record,
        db,
        fetch,
        dedupe,
        data_dir,
        batch_size,
        lock_wait,
        pool=_extraction_pool(workers),
        pacer=_pacer(fetch.per_host_delay, data_dir),
        index_every=INDEX_EVERY,
        merge_every=MERGE_EVERY,
    )
    run.progress = start_progress(source_id)
    merged = write(run, BatchWrite(run=record))
    if merged.left:
        get_run_logger().warning(
            "%s is locked by another process: %d batches wait in %s", db, merged.left, run.staging
        )
    return run


def _pacer(delay: float, data_dir: Path) -> HostPacer:
    """Pacing shared with every run on this machine that uses the same data folder."""
    return SharedHostPacer(data_dir / "hosts", delay) if delay > 0 else HostPacer(0.0)


def _extraction_pool(workers: int) -> Executor | None:
    count = workers or os.cpu_count() or 1
    if count <= 1:
        return None
    # spawn, not fork: the flow process runs threads (Prefect's, httpx's) that a fork
    # would copy mid-flight.
    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))


def close_run(run: Run, status: str, started: float, error: str | None = None) -> None:
    """Record the run's end and counts (and ``error``, why it failed); refresh the search
    index when the file is free."""
    logger = get_run_logger()
    _stop_pool(run)
    run.summary.elapsed_s = round(time.perf_counter() - started, 3)
    if status == "completed" and run.progress is not None and not run.batches_total:
        report_progress(run.progress, 1, 1)  # a run over files learns its size only at the end
    final = dataclasses.replace(
        run.record,
        status=status,
        finished_at=dt.datetime.now(dt.UTC),
        counts=run.summary.counts(),
        error_message=error,
    )
    merged = write(run, BatchWrite(run=final))
    run.summary.batches_waiting = merged.left
    report = None
    if not merged.left:
        with connect_when_free(run.db, read_only=True, wait=run.lock_wait) as con:
            report = run_report(con, run.summary.run_id)
    publish_run(run.summary, report)
    if merged.left:
        logger.warning(
            "%s stayed locked for %.0f s: %d staged batches wait in %s and the next run"
            " merges them first; nothing is lost",
            run.db,
            run.lock_wait,
            merged.left,
            run.staging,
        )
        return
    if status == "completed":
        try:
            with connect_when_free(run.db, wait=run.lock_wait) as con:
                if isinstance(run.db, LakeSettings):
                    refresh_lake_search_index(con, run.data_dir / LAKE_SEARCH_INDEX, run.db.alias)
                else:
                    refresh_search_index(con)
        except WarehouseLocked as exc:
            logger.warning("search index not refreshed: %s", exc)


@contextmanager
def recorded(run: Run, started: float) -> Iterator[Run]:
    """Close the run's row when the block ends: completed, or failed if it raised."""
    try:
        yield run
        # The extraction processes are done; their memory is let go before the last
        # merge, the largest, which then runs beside nothing else.
        _stop_pool(run)
        merge_staged(run)  # the last batches, so that the run's counts are whole
    except BaseException as exc:
        close_run(run, "failed", started, f"{type(exc).__name__}: {exc}")
        raise
    close_run(run, "completed", started)
    get_run_logger().info("run %s: %s", run.summary.run_id, run.summary.counts())


def _stop_pool(run: Run) -> None:
    if run.pool is not None:
        run.pool.shutdown(wait=True, cancel_futures=True)
        run.pool = None


def note_errors(summary: RunSummary, errors: Sequence[PageError]) -> None:
    summary.errors += len(errors)
    summary.error_samples.extend(f"{e.url}: {e.error_class}: {e.message}" for e in errors)


def _add_merged(summary: RunSummary, merged: MergeResult) -> None:
    for counts in merged.counts:
        summary.articles_new += counts.articles_new
        summary.articles_updated += counts.articles_updated
        summary.articles_unchanged += counts.articles_unchanged
    summary.duplicates += merged.copies


@dataclass(frozen=True, slots=True)
class PendingBatch:
    """A batch whose extraction is under way (``extracted``), waiting to be stored."""

    groups: Sequence[URLGroup]
    pages: Batch[FetchedPage]
    retried: Sequence[FetchedPage]
    extracted: PrefectFuture[Extracted]
    source_id: str
    replayed: bool


def start_batch(
    run: Run,
    groups: Sequence[URLGroup],
    pages: Sequence[FetchedPage],
    retried: Sequence[FetchedPage] = (),
    *,
    source_id: str | None = None,
    replayed: bool = False,
) -> PendingBatch:
    """Submit a batch's extraction and return at once; ``finish_batch`` stores it."""
    # Submitted: under a Dask task runner the batch is extracted on a worker, which is
    # handed a Batch as it is (a quoted argument would reach it still wrapped).
    batch = Batch(pages)
    future = extract_batch.submit(batch, run.dedupe, run.pool)
    source = source_id or run.summary.source_id
    return PendingBatch(groups, batch, retried, future, source, replayed)


def finish_batch(run: Run, pending: PendingBatch) -> None:
    """Wait for a batch's extraction (and fingerprints), then load it, and add its counts
    to the run's."""
    summary = run.summary
    extracted = pending.extracted.result()
    run.unmerged += len(pending.pages)
    merge = run.unmerged >= run.merge_every
    outcome, merged = store_batch(
        run.db,
        run.staging,
        summary.run_id,
        pending.pages,
        opaque(pending.groups),
        opaque(extracted.results),
        run.dedupe,
        opaque(pending.retried),
        source_id=pending.source_id,
        replayed=pending.replayed,
        lock_wait=run.lock_wait,
        fingerprints=opaque(extracted.fingerprints),
        merge=merge,
    )
    summary.pages_fetched += sum(1 for p in pending.pages if p.ok)
    summary.pages_unchanged += sum(1 for p in pending.pages if p.not_modified)
    summary.not_articles += outcome.not_articles
    summary.duplicates += outcome.url_duplicates
    note_errors(summary, outcome.write.errors)
    run.batches_done += 1
    if merge:
        _merged(run, merged)
    _show_progress(run)


def merge_staged(run: Run) -> bool:
    """Merge what the run has staged since its last merge; returns whether there was
    anything. Batches a locked file keeps back stay staged (see ``merge_pending``)."""
    if not run.unmerged:
        return False
    _merged(run, merge_staged_batches(run.db, run.staging, run.dedupe, run.lock_wait))
    return True


def _merged(run: Run, merged: MergeResult) -> None:
    """Count a merge's batches into the run's and catch the search index up."""
    run.unmerged = 0
    if merged.merged:
        get_run_logger().info(
            "%d staged batches merged into %s (%d new articles)",
            merged.merged,
            describe(run.db),
            sum(c.articles_new for c in merged.counts),
        )
    _add_merged(run.summary, merged)
    run.unindexed += sum(c.articles_new for c in merged.counts)
    if run.unindexed >= run.index_every > 0:
        _catch_up_search_index(run)


def _catch_up_search_index(run: Run) -> None:
    """Index the articles stored so far, unless the file is busy (another process has
    it, so the batches are staged): the closing refresh indexes whatever is left."""
    if isinstance(run.db, LakeSettings):
        return  # a lake's index is a separate file, rebuilt when the run closes
    try:
        with connect_when_free(run.db, wait=0.0) as con:
            index_new_articles(con)
    except WarehouseLocked:
        return
    run.unindexed = 0


def process_batch(
    run: Run,
    groups: Sequence[URLGroup],
    pages: Sequence[FetchedPage],
    retried: Sequence[FetchedPage] = (),
    *,
    source_id: str | None = None,
    replayed: bool = False,
) -> None:
    """Extract and fingerprint one batch, then load it, and add its counts to the run's.

    ``source_id`` overrides the run's source (a reprocess run spans sources);
    ``replayed`` pages came from the archive, not the network, so they are not logged
    as fetches.
    """
    pending = start_batch(run, groups, pages, retried, source_id=source_id, replayed=replayed)
    finish_batch(run, pending)


class BatchPipeline:
    """Batches in order, with the next ones extracted while the current one is stored.

    Extraction runs in the pool's processes and storing in this one, so with both at
    work the cores are busy together; storing stays strictly in submission order (the
    duplicate decisions depend on it). At most ``ahead`` batches (default
    ``PIPELINE_AHEAD``) wait extracted or being extracted beside the one being stored,
    which bounds the memory held; ``ahead=0`` stores each batch as soon as it is
    extracted, before the caller reads or fetches the next.

    Used as a context manager: leaving the block stores what is still pending. When the
    block raises while fetching or reading the next batch, the batches already under
    way are still stored (as the run did before pipelining); when storing itself
    failed, nothing more is tried.
    """

    def __init__(self, run: Run, ahead: int | None = None) -> None:
        self.run = run
        self.ahead = PIPELINE_AHEAD if ahead is None else ahead
        self._pending: deque[PendingBatch] = deque()
        self._store_failed = False

    def submit(
        self,
        groups: Sequence[URLGroup],
        pages: Sequence[FetchedPage],
        retried: Sequence[FetchedPage] = (),
        *,
        source_id: str | None = None,
        replayed: bool = False,
    ) -> int:
        """Start extracting a batch; store the oldest ones beyond ``ahead``. Returns how
        many batches were stored by this call."""
        self._pending.append(
            start_batch(self.run, groups, pages, retried, source_id=source_id, replayed=replayed)
        )
        stored = 0
        while len(self._pending) > self.ahead:
            self._store_oldest()
            stored += 1
        return stored

    def store_next(self) -> bool:
        """Store the oldest pending batch, if there is one; returns whether there was."""
        if not self._pending:
            return False
        self._store_oldest()
        return True

    def while_waiting(self, wait: Callable[[float], bool]) -> bool:
        """What a run does while a fetch is under way (``worked_ahead``): store the
        oldest pending batch; with none left, merge what is staged once the fetch has
        kept it waiting ``MERGE_WHEN_IDLE_AFTER`` seconds. Returns whether it did
        anything."""
        if self.store_next():
            return True
        return not wait(MERGE_WHEN_IDLE_AFTER) and merge_staged(self.run)

    def drain(self) -> int:
        """Store every pending batch; returns how many."""
        stored = 0
        while self._pending:
            self._store_oldest()
            stored += 1
        return stored

    def _store_oldest(self) -> None:
        pending = self._pending.popleft()
        try:
            finish_batch(self.run, pending)
        except BaseException:
            self._store_failed = True
            raise

    def __enter__(self) -> BatchPipeline:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None or (isinstance(error, Exception) and not self._store_failed):
            self.drain()
        self._pending.clear()


def _show_progress(run: Run) -> None:
    """Move the progress bar at most every ``PROGRESS_INTERVAL`` seconds, and at the end."""
    if run.progress is None or not run.batches_total:
        return
    now = time.monotonic()
    last = run.batches_done >= run.batches_total
    if last or now - run.progress_shown_at >= PROGRESS_INTERVAL:
        report_progress(run.progress, run.batches_done, run.batches_total)
        run.progress_shown_at = now
