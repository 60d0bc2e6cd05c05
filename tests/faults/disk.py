"""Places that cannot be written, made for real: a tmpfs of a few MB (when this process may
mount, as root in CI), a folder under a regular file, and a file size limit (RLIMIT_FSIZE)
in a child process, which makes writes past it fail with EFBIG as a full disk would."""

from __future__ import annotations

import datetime as dt
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tasks.dedupe import DedupeSettings, fingerprint
from tasks.records import Article, FetchedPage, PageError, StoredArticle
from warehouse.connection import connect
from warehouse.queries import table_counts
from warehouse.writer import BatchWrite, PageRow, PageURL

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


@contextmanager
def small_filesystem(where: Path, size: str) -> Iterator[Path | None]:
    """A tmpfs of ``size`` mounted at ``where``; None when mounting is not allowed here."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def big_batch(count: int, words: int = 20_000, prefix: str = "p") -> BatchWrite:
    """``count`` long articles with their fetches, pages, URLs and one error row: a batch
    that writes a few MB into every table it touches."""
    articles = []
    for i in range(count):
        url = f"https://news.example/{prefix}{i}"
        text = " ".join(f"{prefix}{i}w{j}" for j in range(words))
        article = Article(
            url,
            url,
            f"Story {i}",
            text,
            authors=("Ana Ruiz",),
            word_count=words,
            extractor_version="t",
        )
        fp = fingerprint(text, DedupeSettings())
        articles.append(StoredArticle(f"{prefix}{i}", "src", url, url, article, fp, NOW))
    failing = f"https://news.example/{prefix}-broken"
    return BatchWrite(
        fetches=[
            *(
                FetchedPage(a.url, a.url, 200, b"<html></html>", "text/html", NOW, 1.0)
                for a in articles
            ),
            FetchedPage(
                failing,
                failing,
                500,
                None,
                "text/html",
                NOW,
                1.0,
                error_class="HTTPStatus",
                error_message="HTTP 500",
            ),
        ],
        pages=[PageRow(a.article_id, a.canonical_url, "article", 200, NOW) for a in articles],
        page_urls=[PageURL(a.url, a.article_id, NOW) for a in articles],
        articles=articles,
        errors=[PageError(failing, "fetch", "HTTPStatus", "HTTP 500", NOW)],
    )


ROW_TABLES = (
    "fetches",
    "pages",
    "page_urls",
    "articles",
    "article_authors",
    "article_signatures",
    "article_bands",
    "errors",
)


def row_counts(db: Path) -> dict[str, int]:
    with connect(db, read_only=True) as con:
        counts = table_counts(con)
    return {table: counts[table] for table in ROW_TABLES}


def fill(folder: Path, leave: int) -> Path:
    """A file that takes all but ``leave`` bytes of ``folder``'s filesystem."""
    stat = os.statvfs(folder)
    filler = folder / "filler"
    filler.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


def run_with_file_size_limit(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``tests/faults/limited.py ARGS`` where no file may grow past ``limit`` bytes."""

    def limit_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, str(Path(__file__).with_name("limited.py")), *args],
        preexec_fn=limit_files,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
