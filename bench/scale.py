"""pressroom end to end at scale: a synthetic corpus ingested from a WARC file and over HTTP.

    .venv/bin/python bench/scale.py [--pages 100000] [--workdir DIR] [--keep]
                                    [--only warc|http] [--once]

1. Generates ``--pages`` article pages with the demo site's two newspaper templates (the
   Ledger's WordPress theme and the Courier's JSON-LD layout, boilerplate included) and
   text from ``bench/synthetic.py``: about 10% are edited copies of an earlier story
   (true 3-word-shingle Jaccard 0.85-0.95), published up to two days later on either
   template. Pages stream into one gzip WARC file; only their offsets stay in memory.
2. Ingests the WARC file with ``pressroom ingest warc``, then serves the same pages from
   a loopback server (a separate process reading them back from the WARC by offset,
   behind a sitemap index) and ingests them with ``pressroom ingest sitemap``.
3. Runs each ingest a second time on the same corpus (the HTTP one with a recrawl
   interval of 0, so every page is fetched, extracted and deduplicated again), unless
   ``--once``.

The runs report to a Prefect server started here on loopback beforehand, as a deployment
reports to its server; that server is not part of the figures.

Printed per run: wall time, pages/s, pages per CPU-second (user + system time of the CLI
and its workers, the figure to read when other work shares the cores), peak RSS of the
whole process tree (the CLI, its extraction workers and anything else it starts;
sampled every 0.1 s from /proc),
DuckDB file size, rows added, and dedup precision/recall of the planted copies (a copy
counts as found when it is marked a duplicate of an article of its own family; a
marked duplicate whose original is of another family is a false positive).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb
import httpx

from bench.synthetic import Corpus
from demo.build_site import (
    courier_url,
    ledger_posts,
    ledger_url,
    render_courier_article,
    render_ledger_article,
)
from demo.content import AUTHOR_BIOS, COURIER, COURIER_SECTIONS, LEDGER, LEDGER_CATEGORIES, Story
from demo.server import rewrite_origins
from tasks.archive import WarcArchive, read_record
from warehouse.queries import table_counts

_PER_SITEMAP = 40_000
_LEDGER_AUTHORS = sorted(AUTHOR_BIOS)
_LEDGER_SECTIONS = sorted(LEDGER_CATEGORIES)
_COURIER_SECTIONS = sorted(COURIER_SECTIONS)
_SLUG = re.compile(r"[^a-z0-9]+")


# --- the corpus ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Generated:
    """Where the corpus is: one WARC file, each page's record offset and URL, and the
    family (index of the original) of every page, for scoring dedupe."""

    warc: Path
    offsets: list[int]
    urls: list[str]
    families: list[int]


def _story(corpus: Corpus, index: int) -> tuple[Story, bool]:
    """Story ``index`` and whether it goes out on the Ledger's template (else the Courier's)."""
    item = corpus.article(index)
    article = item.article
    paragraphs = tuple(p for p in article.text.split("\n\n") if p.strip())
    first = paragraphs[0].split(". ")
    published = article.published_date or corpus.base_time.date()
    hour = index % 24
    ledger = index % 2 == 0
    sections = _LEDGER_SECTIONS if ledger else _COURIER_SECTIONS
    title = f"{article.title or 'Untitled'} ({index})"
    story = Story(
        slug=f"{_SLUG.sub('-', (article.title or 'story').lower()).strip('-')[:48]}-{index}",
        title=title,
        dek=first[0][:160] + ".",
        authors=(_LEDGER_AUTHORS[index % len(_LEDGER_AUTHORS)],)
        if ledger
        else tuple(article.authors),
        published=f"{published:%Y-%m-%d}T{hour:02d}:15:00+00:00",
        section=sections[index % len(sections)],
        caption=f"Photograph for story {index}: {first[-1][:80]}",
        paragraphs=paragraphs,
        tags=tuple(article.tags),
    )
    return story, ledger


def render(corpus: Corpus, index: int, posts: list[Story]) -> tuple[str, str]:
    """(url, html) of page ``index``."""
    story, ledger = _story(corpus, index)
    if ledger:
        return ledger_url(story), render_ledger_article(story, index % len(posts), posts)
    return courier_url(story), render_courier_article(story, index)


def generate(count: int, folder: Path, seed: int = 7) -> Generated:
    corpus = Corpus(seed)
    posts = ledger_posts()
    offsets: list[int] = []
    urls: list[str] = []
    families: list[int] = []
    fetched_at = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    headers = [("Content-Type", "text/html; charset=utf-8")]
    with WarcArchive(folder, max_file_bytes=1 << 40) as archive:
        for index in range(count):
            url, html = render(corpus, index, posts)
            path, offset = archive.write_response(
                url=url,
                status=200,
                reason="OK",
                headers=headers,
                body=html.encode(),
                fetched_at=fetched_at,
            )
            offsets.append(offset)
            urls.append(url)
            original = corpus.origin(index)
            families.append(index if original is None else original)
            if (index + 1) % 10_000 == 0:
                print(f"  generated {index + 1:,} pages", flush=True)
    return Generated(path, offsets, urls, families)


# --- the loopback site ---------------------------------------------------------------------


def _path_of(url: str) -> str:
    return urlsplit(url).path


def _sitemaps(base: str, urls: list[str]) -> dict[str, bytes]:
    documents: dict[str, bytes] = {}
    children = []
    for number, start in enumerate(range(0, len(urls), _PER_SITEMAP)):
        name = f"/sitemap-{number}.xml"
        children.append(f"<sitemap><loc>{base}{name}</loc></sitemap>")
        entries = "".join(
            f"<url><loc>{base}{_path_of(u)}</loc></url>" for u in urls[start:][:_PER_SITEMAP]
        )
        documents[name] = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        ).encode()
    documents["/sitemap.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{''.join(children)}</sitemapindex>"
    ).encode()
    documents["/robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode()
    return documents


class _Site(asyncio.Protocol):
    """HTTP/1.1 with keep-alive: sitemaps from memory, pages read back from the WARC."""

    def __init__(self, documents: dict[str, bytes], offsets: dict[str, int], warc: Path, base: str):
        self.documents, self.offsets, self.warc, self.base = documents, offsets, warc, base
        self.buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            path = head.split(b" ", 2)[1].decode()
            self.transport.write(self._answer(path.split("?", 1)[0]))

    def _answer(self, path: str) -> bytes:
        if path in self.documents:
            body, kind = self.documents[path], "application/xml"
            if path.endswith(".txt"):
                kind = "text/plain"
        elif path in self.offsets:
            record = read_record(self.warc, self.offsets[path])
            origins = {LEDGER.origin: self.base, COURIER.origin: self.base}
            body, kind = rewrite_origins(record.body.decode(), origins).encode(), "text/html"
        else:
            body, kind = b"not found", "text/plain"
            return (
                b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
        return (
            f"HTTP/1.1 200 OK\r\nContent-Type: {kind}; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body


def _serve(sock: socket.socket, warc: str, offsets: list[int], urls: list[str]) -> None:
    host, port = sock.getsockname()[:2]
    base = f"http://{host}:{port}"
    documents = _sitemaps(base, urls)
    by_path = {_path_of(u): o for u, o in zip(urls, offsets, strict=True)}

    async def run() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: _Site(documents, by_path, Path(warc), base), sock=sock
        )
        await server.serve_forever()

    asyncio.run(run())


# --- measuring a run -----------------------------------------------------------------------


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


@dataclass(frozen=True, slots=True)
class RunFigures:
    label: str
    pages: int
    seconds: float
    cpu_seconds: float
    peak_rss: int
    db_bytes: int
    added: dict[str, int]
    precision: float
    recall: float
    exit_code: int

    def line(self) -> str:
        added = sum(self.added.values())
        return (
            f"{self.label:<12} {self.seconds:>7.1f} s {self.pages / self.seconds:>7.1f} pages/s"
            f" {self.pages / self.cpu_seconds:>7.1f} pages/CPU-s"
            f" {self.peak_rss / 2**20:>8.0f} MiB peak RSS {self.db_bytes / 2**20:>8.0f} MiB db"
            f" {added:>9,} rows added  dedupe P {self.precision:.4f} R {self.recall:.4f}"
            f"  exit {self.exit_code}"
        )


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished children and the processes they reaped."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _counts(db: Path) -> dict[str, int]:
    if not db.exists():
        return {}
    with duckdb.connect(str(db), read_only=True) as con:
        return table_counts(con)


def _dedupe_scores(db: Path, generated: Generated, base: str | None) -> tuple[float, float]:
    """Precision and recall of the planted copies among the articles of ``db``."""
    family = {}
    for url, fam in zip(generated.urls, generated.families, strict=True):
        key = _path_of(url) if base else url
        family[key] = fam
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT a.url, o.url FROM articles a LEFT JOIN articles o"
            " ON o.article_id = a.duplicate_of"
        ).fetchall()
    planted = sum(1 for i, f in enumerate(generated.families) if f != i)
    marked = right = 0
    for url, original in rows:
        if original is None:
            continue
        marked += 1
        key, other = (_path_of(url), _path_of(original)) if base else (url, original)
        if key in family and family.get(key) == family.get(other):
            right += 1
    precision = right / marked if marked else 1.0
    recall = right / planted if planted else 1.0
    return precision, recall


@contextmanager
def prefect_server(folder: Path) -> Iterator[dict[str, str]]:
    """A Prefect server on loopback for the runs (as in production, where flows report to
    a server that runs elsewhere); yields the environment that points the CLI at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "PREFECT_HOME": str(folder / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    command = [str(Path(sys.executable).with_name("prefect")), "server", "start"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    log = (folder / "prefect-server.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"prefect server did not start; see {log.name}")
            time.sleep(0.5)
        yield {**env, "PREFECT_API_URL": api}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _run(
    label: str,
    command: list[str],
    db: Path,
    generated: Generated,
    base: str | None,
    env: dict[str, str],
) -> RunFigures:
    """Run ``command`` to its end, sampling the RSS of its process tree; then score it."""
    before = _counts(db)
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True)
    reader.start()
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    reader.join()
    log = db.parent / (label.replace(", ", "-") + ".log")
    log.write_bytes(b"".join(output))  # the run's own log, kept with --keep or --workdir
    if process.returncode != 0:
        sys.stdout.write(b"".join(output[-40:]).decode(errors="replace"))
    after = _counts(db)
    added = {t: after.get(t, 0) - before.get(t, 0) for t in after}
    precision, recall = _dedupe_scores(db, generated, base)
    return RunFigures(
        label,
        len(generated.urls),
        seconds,
        cpu,
        peak,
        db.stat().st_size,
        {t: n for t, n in added.items() if n},
        precision,
        recall,
        process.returncode,
    )


def _clear_outputs(folder: Path) -> None:
    """Remove what an earlier run left in ``folder``: a warehouse, staged batches or a
    corpus from before would be counted as this run's (a stale warehouse makes every
    page a revision of itself, and scores copies against the wrong originals)."""
    for path in folder.iterdir():
        if path.name in ("corpus", "prefect-home") or path.name.endswith("-data"):
            shutil.rmtree(path)
        elif path.suffix in (".duckdb", ".wal", ".toml", ".log"):
            path.unlink()


def _config(folder: Path, db: Path) -> Path:
    """A pressroom.toml for the loopback site: no politeness delay, many requests in flight."""
    path = folder / f"{db.stem}.toml"
    path.write_text(
        f'[warehouse]\npath = "{db}"\ndata_dir = "{folder / (db.stem + "-data")}"\n'
        "[fetch]\nconcurrency = 32\nper_host_concurrency = 32\nper_host_delay = 0\n"
        'allow_hosts = ["127.0.0.1"]\n'
    )
    return path


def _ingest_warc(
    cli: str, folder: Path, generated: Generated, env: dict[str, str], again: bool = True
) -> list[RunFigures]:
    db = folder / "warc.duckdb"
    command = [cli, "ingest", "warc", str(generated.warc), "--source", "scale-warc"]
    command += ["--config", str(_config(folder, db))]
    figures = []
    for label in ("warc", "warc, again")[: 2 if again else 1]:
        figures.append(_run(label, command, db, generated, None, env))
        print(figures[-1].line(), flush=True)
    return figures


def _ingest_http(
    cli: str, folder: Path, generated: Generated, env: dict[str, str], again: bool = True
) -> list[RunFigures]:
    db = folder / "http.duckdb"
    sock = socket.create_server(("127.0.0.1", 0))
    server = multiprocessing.get_context("spawn").Process(
        target=_serve,
        args=(sock, str(generated.warc), generated.offsets, generated.urls),
        daemon=True,
    )
    server.start()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    command = [cli, "ingest", "sitemap", f"{base}/sitemap.xml", "--source", "scale-http"]
    command += ["--config", str(_config(folder, db)), "--recrawl-interval", "0"]
    figures = []
    try:
        for label in ("http", "http, again")[: 2 if again else 1]:
            figures.append(_run(label, command, db, generated, base, env))
            print(figures[-1].line(), flush=True)
    finally:
        server.kill()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, help="Where to build (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="Keep the workdir afterwards")
    parser.add_argument("--only", choices=["warc", "http"], help="Run one of the two ingests")
    parser.add_argument("--once", action="store_true", help="Skip the second run of each")
    args = parser.parse_args()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="pressroom-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    _clear_outputs(folder)
    cli = str(Path(sys.executable).with_name("pressroom"))
    print(f"pressroom scale benchmark: {args.pages:,} pages in {folder}", flush=True)
    try:
        started = time.perf_counter()
        generated = generate(args.pages, folder / "corpus")
        warc_mib = generated.warc.stat().st_size / 2**20
        planted = sum(1 for i, f in enumerate(generated.families) if f != i)
        print(
            f"generated {args.pages:,} pages ({planted:,} planted copies) into a"
            f" {warc_mib:,.0f} MiB WARC in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        figures: list[RunFigures] = []
        with prefect_server(folder) as env:
            if args.only in (None, "warc"):
                figures += _ingest_warc(cli, folder, generated, env, not args.once)
            if args.only in (None, "http"):
                figures += _ingest_http(cli, folder, generated, env, not args.once)
        print()
        print("| run | pages/s | pages/CPU-s | peak RSS | DuckDB | rows added | dedupe P / R |")
        print("|---|---|---|---|---|---|---|")
        for f in figures:
            print(
                f"| {f.label} | {f.pages / f.seconds:,.0f} | {f.pages / f.cpu_seconds:,.0f}"
                f" | {f.peak_rss / 2**20:,.0f} MiB"
                f" | {f.db_bytes / 2**20:,.0f} MiB | {sum(f.added.values()):,} |"
                f" {f.precision:.4f} / {f.recall:.4f} |"
            )
        for f in figures:
            if f.label.endswith("again"):
                print(f"{f.label}: rows added per table {json.dumps(f.added) or '{}'}")
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
