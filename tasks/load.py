"""Load saved HTML pages from disk as ``FetchedPage`` records (the offline twin of fetch).

A file that cannot be read or gunzipped is a record with an error, never an exception;
a folder that does not exist is bad configuration and raises.
"""

from __future__ import annotations

import datetime as dt
import gzip
import time
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from tasks.fetch import DEFAULT_SETTINGS
from tasks.records import FetchedPage

HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".html.gz", ".htm.gz")
# A saved page may be as large as a fetched one once decoded, and no larger: a bigger
# file (or a gzip bomb) is a TooLarge error, read no further than the limit.
MAX_PAGE_BYTES = DEFAULT_SETTINGS.max_decompressed_bytes


def load_dir(path: str | Path) -> Iterator[FetchedPage]:
    """Yield one page per ``.html``/``.htm`` file (optionally ``.gz``) under ``path``.

    Recursive and sorted by relative path, so two runs yield the same order. Raises
    ``FileNotFoundError``/``NotADirectoryError`` at call time if ``path`` is not a folder.
    """
    folder = Path(path)
    if not folder.exists():
        raise FileNotFoundError(f"cannot load pages: {folder} does not exist")
    if not folder.is_dir():
        raise NotADirectoryError(f"cannot load pages: {folder} is not a folder")
    files = sorted(
        (file for file in folder.rglob("*") if _is_html_file(file)),
        key=lambda file: file.relative_to(folder).as_posix(),
    )
    return load_files(files)


def load_files(paths: Sequence[str | Path]) -> Iterator[FetchedPage]:
    """Yield one page per path, in the given order; ``.gz`` names are gunzipped.

    A missing or unreadable file gives ``error_class="ReadError"``, a broken gzip
    ``"BadGzip"``, one larger than ``MAX_PAGE_BYTES`` (gunzipped) ``"TooLarge"``; all with
    ``body=None``.
    """
    for path in paths:
        yield load_file(Path(path))


def load_file(path: Path) -> FetchedPage:
    """Read one saved page; never raises for a file that cannot be read."""
    started = time.perf_counter()
    url = path.resolve().as_uri()
    body: bytes | None = None
    error_class: str | None = None
    message: str | None = None
    try:
        body = _read_bounded(path)
        if len(body) > MAX_PAGE_BYTES:
            body = None
            error_class = "TooLarge"
            message = f"{path} holds more than {MAX_PAGE_BYTES:,} bytes (gunzipped)"
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        error_class, message = "BadGzip", f"cannot gunzip {path}: {exc}"
    except OSError as exc:
        error_class, message = "ReadError", f"cannot read {path}: {exc.strerror or exc}"
    return FetchedPage(
        url=url,
        final_url=url,
        status=None,
        body=body,
        content_type="text/html",
        fetched_at=_modified_at(path),
        elapsed_ms=(time.perf_counter() - started) * 1000,
        error_class=error_class,
        error_message=message,
    )


def _read_bounded(path: Path) -> bytes:
    """The file's bytes (gunzipped for a .gz name), at most one byte past the limit."""
    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rb") as file:
            return file.read(MAX_PAGE_BYTES + 1)
    with path.open("rb") as file:
        return file.read(MAX_PAGE_BYTES + 1)


def _is_html_file(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES) and path.is_file()


def _modified_at(path: Path) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except OSError:
        # No mtime for a file we cannot stat; "now" is the honest time of the attempt.
        return dt.datetime.now(dt.UTC)
