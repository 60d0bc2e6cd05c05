"""What Prefect costs an ingest run: the flow against its own task functions called bare.

    .venv/bin/python bench/orchestration.py [--pages 5000] [--batch 200] [--rounds 1]

A loopback server (a separate process) serves N demo-like article pages, each with its
own story text, byline and JSON-LD. The same ingest runs into fresh DuckDB files: as
the ``ingest-urls`` flow (one Prefect task run per stage of a batch, against a temporary
Prefect server that is started and warmed up before timing), and bare: the tasks' plain
functions (``task.fn``) called in the same order, with everything else the flow does
done the same way without Prefect (the run's row at its start and end, planning against
stored page states, the WARC archive, robots.txt and pacing state shared across
batches, a process pool of one process per core, the search index and the run report
at the end). Both must leave the same rows, or no figure is printed.

Each round times bare then flow, then flow then bare (so a machine growing busier or
quieter does not favour one side); with several rounds the medians are printed too.
Printed: wall time of each run, pages/s, and Prefect's overhead as a share of the
flow run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import random
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The benchmark server is on loopback, which the fetcher refuses unless allowed.
os.environ["PRESSROOM_ALLOW_HOSTS"] = "127.0.0.1"
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect.server.api.server import SubprocessASGIServer
from prefect.testing.utilities import prefect_test_harness

from flows.ingest import ingest_urls
from flows.runs import (
    INDEX_EVERY,
    MERGE_EVERY,
    MERGE_WHEN_IDLE_AFTER,
    PIPELINE_AHEAD,
    batched,
    data_dir_for,
    worked_ahead,
)
from tasks.archive import WarcArchive
from tasks.dedupe import DedupeSettings
from tasks.fetch import FetchSettings, HostPacer
from tasks.pipeline import URLGroup, plan_fetches, plan_urls
from tasks.records import FetchedPage
from tasks.robots import RobotsCache
from tasks.steps import (
    Batch,
    extract_batch,
    fetch_batch,
    load_batch,
    merge_staged_batches,
    store_batch,
)
from warehouse.connection import connect
from warehouse.queries import page_states, run_report, table_counts
from warehouse.search import index_new_articles, refresh_search_index
from warehouse.staging import MergeResult, connect_when_free
from warehouse.writer import BatchWrite, RunRecord

SOURCE = "bench"
_WORDS = [
    f"{a}{b}"
    for a in ("har", "cou", "fer", "tid", "pol", "mar", "sch", "riv")
    for b in ("bour", "ncil", "ry", "al", "icy", "ket", "ool", "er", "ing", "ton", "ward", "ly")
]


def make_page(n: int) -> bytes:
    """An article page with its own text (so near-duplicate detection has work to do)."""
    rng = random.Random(n)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(_WORDS) for _ in range(60)) + ".</p>" for _ in range(6)
    )
    title = f"Story {n}: " + " ".join(rng.choice(_WORDS) for _ in range(6))
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": f"2026-11-{1 + n % 28:02d}T08:00:00+01:00",
            "author": {"@type": "Person", "name": f"Reporter {n % 40}"},
        }
    )
    html = (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<script type='application/ld+json'>{ld}</script></head><body>"
        "<nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1><p class='byline'>By Reporter {n % 40}</p>{paragraphs}"
        "</article><footer>Copyright the Bench Gazette</footer></body></html>"
    )
    return html.encode()


class _Server(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport, self.buffer = transport, b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            request, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            target = request.split(b" ", 2)[1]
            if target == b"/robots.txt":
                body, kind = b"User-agent: *\nAllow: /\n", b"text/plain"
            else:
                body, kind = (
                    make_page(int(target.rsplit(b"/", 1)[-1] or b"0")),
                    b"text/html; charset=utf-8",
                )
            self.transport.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: "
                + kind
                + b"\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\n\r\n"
                + body
            )


def serve(sock: socket.socket) -> None:
    async def run() -> None:
        server = await asyncio.get_running_loop().create_server(_Server, sock=sock)
        async with server:
            await server.serve_forever()

    asyncio.run(run())


def bare_run(urls: list[str], db: Path, batch: int) -> None:
    """What ``ingest_urls(urls, db=db, source=SOURCE, per_host_delay=0, batch_size=batch)``
    does, step for step, with the task functions called directly and no Prefect."""
    fetch = FetchSettings(concurrency=16, per_host_delay=0.0)
    dedupe = DedupeSettings()
    data_dir = data_dir_for(db)
    staging = data_dir / "staged"
    run_id = str(uuid.uuid4())
    record = RunRecord(
        run_id, SOURCE, "urls", " ".join(urls), None, started_at=dt.datetime.now(dt.UTC)
    )
    pool = ProcessPoolExecutor(os.cpu_count() or 1, mp_context=multiprocessing.get_context("spawn"))
    load_batch.fn(db, staging, run_id, SOURCE, BatchWrite(run=record), dedupe)
    groups = plan_urls(urls)
    with connect_when_free(db, read_only=True, wait=60.0) as con:
        states = page_states(con, [g.canonical_url for g in groups])
    plan = plan_fetches(groups, states, recrawl_interval=86400.0, now=dt.datetime.now(dt.UTC))
    robots, pacer = RobotsCache(), HostPacer(0.0)
    data_dir.mkdir(parents=True, exist_ok=True)
    # As ``_ingest_urls``: the next batch is fetched in a thread while the one before is
    # extracted in the pool (submitted, as Prefect's thread runner does) and the one
    # before that stored; extracted batches are stored while a fetch is slow; staged
    # batches are merged every MERGE_EVERY pages, when a fetch keeps the run idle, and at
    # the end; the search index catches up every INDEX_EVERY new articles.
    unindexed = unmerged = 0
    extractor = ThreadPoolExecutor(1)
    pending: deque[tuple[list[URLGroup], Batch[FetchedPage], list[FetchedPage], Future[Any]]]
    pending = deque()

    def fetch_chunk(chunk: list[URLGroup]) -> tuple[list[FetchedPage], list[FetchedPage]]:
        return fetch_batch.fn(chunk, fetch, plan.validators, archive, robots, pacer)

    def merged(result: MergeResult) -> None:
        nonlocal unindexed, unmerged
        unmerged = 0
        unindexed += sum(c.articles_new for c in result.counts)
        if unindexed >= INDEX_EVERY:
            with connect_when_free(db, wait=0.0) as con:
                index_new_articles(con)
            unindexed = 0

    def merge_rest() -> bool:
        if not unmerged:
            return False
        merged(merge_staged_batches(db, staging, dedupe))
        return True

    def store_oldest() -> bool:
        nonlocal unmerged
        if not pending:
            return False
        chunk, pages, retried, future = pending.popleft()
        extracted = future.result()
        unmerged += len(pages)
        merge = unmerged >= MERGE_EVERY
        _, result = store_batch.fn(
            db,
            staging,
            run_id,
            pages,
            chunk,
            extracted.results,
            dedupe,
            retried,
            source_id=SOURCE,
            fingerprints=extracted.fingerprints,
            merge=merge,
        )
        if merge:
            merged(result)
        return True

    def while_waiting(wait: Callable[[float], bool]) -> bool:
        return store_oldest() or (not wait(MERGE_WHEN_IDLE_AFTER) and merge_rest())

    with (
        WarcArchive(data_dir / "warc") as archive,
        worked_ahead(batched(plan.to_fetch, batch), fetch_chunk, while_waiting) as fetched,
    ):
        for chunk, (fetched_pages, retried) in fetched:
            pages = Batch(fetched_pages)
            future = extractor.submit(extract_batch.fn, pages, dedupe, pool)
            pending.append((chunk, pages, retried, future))
            while len(pending) > PIPELINE_AHEAD:
                store_oldest()
        while store_oldest():
            pass
    merge_rest()
    extractor.shutdown()
    pool.shutdown(wait=True, cancel_futures=True)
    final = RunRecord(
        run_id,
        SOURCE,
        "urls",
        record.location,
        None,
        record.started_at,
        status="completed",
        finished_at=dt.datetime.now(dt.UTC),
    )
    load_batch.fn(db, staging, run_id, SOURCE, BatchWrite(run=final), dedupe)
    with connect_when_free(db, read_only=True, wait=60.0) as con:
        run_report(con, run_id)
    with connect_when_free(db, wait=60.0) as con:
        refresh_search_index(con)


def flow_run(urls: list[str], db: Path, batch: int) -> None:
    ingest_urls(urls=urls, db=str(db), source=SOURCE, per_host_delay=0, batch_size=batch)


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu_here: float  # this process, every thread: the flow engine, its clients, the work
    cpu_server: float  # the temporary Prefect server's process


def server_cpu_seconds() -> float:
    """CPU seconds used so far by the temporary Prefect server (Linux /proc; 0 elsewhere)."""
    process = SubprocessASGIServer().server_process  # the harness's server
    stat = Path(f"/proc/{process.pid}/stat") if process else None
    if stat is None or not stat.exists():
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(
    run: Callable[[list[str], Path, int], None], urls: list[str], db: Path, batch: int
) -> Timing:
    wall, here, server = time.perf_counter(), time.process_time(), server_cpu_seconds()
    run(urls, db, batch)
    return Timing(
        time.perf_counter() - wall,
        time.process_time() - here,
        server_cpu_seconds() - server,
    )


def stored_rows(db: Path) -> dict[str, int]:
    with connect(db, read_only=True) as con:
        return table_counts(con)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1, help="bare+flow pairs, order alternating")
    args = parser.parse_args()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = multiprocessing.get_context("fork").Process(target=serve, args=(sock,), daemon=True)
    server.start()
    sock.close()
    urls = [f"{base}/story/{n}" for n in range(args.pages)]
    runs = {"bare": bare_run, "flow": flow_run}
    times: dict[str, list[Timing]] = {"bare": [], "flow": []}
    try:
        with (
            tempfile.TemporaryDirectory() as folder,
            prefect_test_harness(server_startup_timeout=60),
        ):
            root = Path(folder)
            ingest_urls(
                urls=urls[:50], db=str(root / "warm.duckdb"), per_host_delay=0, batch_size=25
            )
            for round_ in range(args.rounds):
                order = ("bare", "flow") if round_ % 2 == 0 else ("flow", "bare")
                for name in order:
                    db = root / f"{name}-{round_}.duckdb"
                    times[name].append(timed(runs[name], urls, db, args.batch))
                    took = times[name][-1]
                    print(
                        f"round {round_ + 1}: {name:4} {took.wall:6.1f} s wall,"
                        f" CPU {took.cpu_here:5.1f} s here"
                        f" + {took.cpu_server:5.1f} s Prefect server",
                        flush=True,
                    )
                bare_rows = stored_rows(root / f"bare-{round_}.duckdb")
                flow_rows = stored_rows(root / f"flow-{round_}.duckdb")
                if bare_rows != flow_rows:
                    raise SystemExit(f"the runs differ: bare {bare_rows} flow {flow_rows}")
        print(
            f"{args.pages} pages, batches of {args.batch}, {os.cpu_count()} cores;"
            f" both runs stored {bare_rows['articles']} articles, {bare_rows['fetches']}"
            f" fetches, {bare_rows['pages']} pages"
        )

        # The median of one round is that round; of several, the middle of them.
        def median(name: str, part: str) -> float:
            return float(statistics.median(getattr(t, part) for t in times[name]))

        bare, flow = median("bare", "wall"), median("flow", "wall")
        label = f"median of {args.rounds} rounds: " if args.rounds > 1 else ""
        print(f"{label}bare task functions  {bare:8.1f} s  {args.pages / bare:7.0f} pages/s")
        print(f"{label}ingest-urls flow     {flow:8.1f} s  {args.pages / flow:7.0f} pages/s")
        print(
            f"{label}Prefect overhead     {flow - bare:8.1f} s"
            f"  {100 * (flow - bare) / flow:6.1f}% of the flow run"
        )
        # CPU seconds move less than wall time on a shared machine: what the flow run
        # spent beyond the bare run, in this process and in the Prefect server.
        extra = median("flow", "cpu_here") - median("bare", "cpu_here")
        server_cpu = median("flow", "cpu_server") - median("bare", "cpu_server")
        print(
            f"{label}Prefect CPU          {extra:8.1f} s in this process"
            f" + {server_cpu:.1f} s in the server"
        )
    finally:
        server.terminate()
        server.join(timeout=5)


if __name__ == "__main__":
    main()
