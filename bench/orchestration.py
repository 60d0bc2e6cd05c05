"""What Prefect costs an ingest run: the flow against its own task functions called bare.

    .venv/bin/python bench/orchestration.py [--pages 5000] [--batch 200]

A loopback server (a separate process) serves N demo-like article pages, each with its
own story text, byline and JSON-LD. The same ingest runs twice into fresh DuckDB files:
once as the ``ingest-urls`` flow (one Prefect task run per stage per batch, against a
temporary Prefect server that is started and warmed up before timing), once calling
the tasks' plain functions (``task.fn``) in the same order with the same process pool.
Printed: wall time of each, pages/s, and Prefect's overhead as a share of the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import socket
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The benchmark server is on loopback, which the fetcher refuses unless allowed.
os.environ["PRESSROOM_ALLOW_HOSTS"] = "127.0.0.1"
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect.testing.utilities import prefect_test_harness

from flows.ingest import ingest_urls
from tasks.dedupe import DedupeSettings
from tasks.fetch import FetchSettings
from tasks.pipeline import plan_urls
from tasks.steps import dedupe_batch, extract_batch, fetch_batch, load_batch
from warehouse.connection import connect
from warehouse.queries import run_report
from warehouse.search import refresh_search_index

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
    """The flow's work without Prefect: the same task functions, called directly, then
    the search index and the run report the flow makes at its end."""
    fetch = FetchSettings(per_host_delay=0, concurrency=16)
    dedupe = DedupeSettings()
    staging = db.parent / f"{db.stem}-data" / "staged"
    with ProcessPoolExecutor(
        os.cpu_count() or 1, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        groups = plan_urls(urls)
        for start in range(0, len(groups), batch):
            chunk = groups[start : start + batch]
            pages, retried = fetch_batch.fn(chunk, fetch)
            extractions = extract_batch.fn(pages, pool)
            outcome = dedupe_batch.fn("bench", chunk, pages, extractions, dedupe, retried)
            load_batch.fn(db, staging, "bare", "bench", outcome.write, dedupe)
    # What the flow does besides its batches: the search index and the run's report.
    with connect(db) as con:
        refresh_search_index(con)
        run_report(con, "bare")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = multiprocessing.get_context("fork").Process(target=serve, args=(sock,), daemon=True)
    server.start()
    sock.close()
    urls = [f"{base}/story/{n}" for n in range(args.pages)]
    try:
        with (
            tempfile.TemporaryDirectory() as folder,
            prefect_test_harness(server_startup_timeout=60),
        ):
            root = Path(folder)
            ingest_urls(
                urls=urls[:50], db=str(root / "warm.duckdb"), per_host_delay=0, batch_size=25
            )
            started = time.perf_counter()
            bare_run(urls, root / "bare.duckdb", args.batch)
            bare = time.perf_counter() - started
            started = time.perf_counter()
            summary = ingest_urls(
                urls=urls, db=str(root / "flow.duckdb"), per_host_delay=0, batch_size=args.batch
            )
            flow = time.perf_counter() - started
        print(f"{args.pages} pages, batches of {args.batch}, {os.cpu_count()} cores")
        print(f"bare task functions  {bare:8.1f} s  {args.pages / bare:7.0f} pages/s")
        print(
            f"ingest-urls flow     {flow:8.1f} s  {args.pages / flow:7.0f} pages/s"
            f"  ({summary.articles_new} articles stored)"
        )
        print(
            f"Prefect overhead     {flow - bare:8.1f} s"
            f"  {100 * (flow - bare) / flow:6.1f}% of the flow run"
        )
    finally:
        server.terminate()
        server.join(timeout=5)


if __name__ == "__main__":
    main()
