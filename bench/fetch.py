"""Benchmark the fetcher against a fast loopback server and print its figures.

    .venv/bin/python bench/fetch.py [--pages 2000] [--concurrency 32 128] [--no-archive]

The server is a raw asyncio HTTP/1.1 server (keep-alive, ~20 KB generated HTML pages) in
a separate process, so it does not compete for this process's GIL. Politeness is off
(``per_host_delay=0``, ``obey_robots=False``): this measures the fetcher's own cost.
Figures: pages/s (wall), client CPU-seconds per page (``getrusage`` of this process
only) and peak RSS of this process. A last run writes every page to a WARC archive.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The benchmark server is on loopback, which the fetcher refuses unless allowed.
os.environ["PRESSROOM_ALLOW_HOSTS"] = "127.0.0.1"

from tasks.archive import WarcArchive
from tasks.fetch import Fetcher, FetchSettings

PAGE_BYTES = 20_000


def make_page(n: int) -> bytes:
    """A ~20 KB HTML page whose text depends on ``n`` (so pages are not identical)."""
    paragraph = f"<p>Story {n}: the council met on Tuesday to discuss item {n % 97}. </p>\n"
    head = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Story {n}</title>"
    body = paragraph * (PAGE_BYTES // len(paragraph))
    return f"{head}</head><body><article>{body}</article></body></html>".encode()


class _PageServer(asyncio.Protocol):
    """Answers every GET with a page; requests have no body, so a blank line ends each."""

    pages: list[bytes]

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            request, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            target = request.split(b" ", 2)[1]
            number = int(target.rsplit(b"/", 1)[-1] or b"0")
            body = self.pages[number % len(self.pages)]
            self.transport.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )


def serve(sock: socket.socket) -> None:
    """Child process: serve pages on the already-listening ``sock`` until killed."""

    async def run() -> None:
        _PageServer.pages = [make_page(n) for n in range(256)]
        server = await asyncio.get_running_loop().create_server(_PageServer, sock=sock)
        async with server:
            await server.serve_forever()

    asyncio.run(run())


async def fetch_all(
    base: str, pages: int, concurrency: int, archive: WarcArchive | None
) -> tuple[int, float]:
    settings = FetchSettings(
        concurrency=concurrency,
        per_host_concurrency=concurrency,
        per_host_delay=0.0,
        obey_robots=False,
    )
    urls = [f"{base}/story/{n}" for n in range(pages)]
    async with Fetcher(settings, archive=archive) as fetcher:
        started = time.perf_counter()
        results = await fetcher.fetch_last(urls)
        elapsed = time.perf_counter() - started
    return sum(page.ok for page in results), elapsed


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_once(base: str, pages: int, concurrency: int, label: str, archive_to: Path | None) -> None:
    cpu = cpu_seconds()
    if archive_to is None:
        ok, elapsed = asyncio.run(fetch_all(base, pages, concurrency, None))
    else:
        with WarcArchive(archive_to) as archive:
            ok, elapsed = asyncio.run(fetch_all(base, pages, concurrency, archive))
    used = cpu_seconds() - cpu
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:<22} {ok:>6}/{pages:<6} {pages / elapsed:>9.0f} pages/s "
        f"{used / pages * 1000:>8.3f} ms CPU/page {peak_mib:>8.1f} MiB peak RSS"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages per run")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[32, 128], help="concurrency levels"
    )
    parser.add_argument("--no-archive", action="store_true", help="skip the WARC run")
    args = parser.parse_args()

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = multiprocessing.get_context("fork").Process(target=serve, args=(sock,), daemon=True)
    server.start()
    sock.close()  # the child holds it now
    try:
        print(f"fetching {args.pages} pages of ~{PAGE_BYTES // 1000} KB from {base}")
        run_once(base, min(args.pages, 200), 32, "warm-up", None)
        for concurrency in args.concurrency:
            run_once(base, args.pages, concurrency, f"concurrency {concurrency}", None)
        if not args.no_archive:
            with tempfile.TemporaryDirectory() as folder:
                label = f"concurrency {args.concurrency[0]} + WARC"
                run_once(base, args.pages, args.concurrency[0], label, Path(folder))
    finally:
        server.terminate()
        server.join(timeout=5)


if __name__ == "__main__":
    main()
