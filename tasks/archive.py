"""Raw HTTP responses in WARC files: written while fetching, read back to reprocess or ingest.

``WarcArchive`` appends gzip WARC files (one gzip member per record, so a record can be
read alone by seeking to its offset). ``read_record`` is that seek-and-read;
``iter_warc`` walks any WARC file, ours or a third party's, gzip or not, as pages.

The body is archived as it came over the wire (still content-encoded); only the
chunked transfer coding, which httpx has already removed, is dropped from the headers.
Readers (``read_record``, ``iter_warc``, any WARC tool) undo the content encoding.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.fetch import DEFAULT_SETTINGS, HTML_TYPES, sniff_media_type
from tasks.records import FetchedPage

Headers = Sequence[tuple[str, str]]


# The largest body a record may carry once decoded, as for a fetched page; a larger one
# is read no further and becomes a TooLarge page.
MAX_BODY_BYTES = DEFAULT_SETTINGS.max_decompressed_bytes

# What writers put in a resource record's Content-Type when they know none (warcio's default).
_UNTYPED = frozenset({"application/warc-record", "application/octet-stream"})


class ArchiveError(OSError):
    """The archive could not be written; the message names the file or folder and why."""


class _Damaged(Exception):
    """A record that warcio read without complaint but is not whole or not WARC."""


# warcio meets a damaged file with whatever its parser trips on (ArchiveLoadFailed,
# zlib.error, EOFError, ValueError, even AttributeError on a cut header): all of them,
# here and only here, mean "this file is damaged".
_DAMAGE = (Exception,)


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """One response record read back: headers as archived, ``body`` decoded (read no
    further than one byte past ``MAX_BODY_BYTES``)."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: dt.datetime

    @property
    def content_type(self) -> str | None:
        return _header(self.headers, "content-type")


class WarcArchive:
    """Appends response (and request) records to ``pressroom-YYYYMMDDHHMMSS-<n>.warc.gz``
    files under ``folder``, starting a new file once one reaches ``max_file_bytes``.

    Safe to share between the tasks and threads of one process (writes take a lock).
    Use it as a context manager, or call ``close()``: that flushes and closes the file.
    """

    def __init__(self, folder: Path, *, max_file_bytes: int = 1024**3) -> None:
        if max_file_bytes <= 0:
            raise ValueError(f"WarcArchive max_file_bytes must be > 0, got {max_file_bytes!r}")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_file_bytes = max_file_bytes
        self._stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        self._lock = threading.Lock()
        self._number = 0
        self._file: IO[bytes] | None = None
        self._path: Path | None = None
        self._writer: Any = None
        self.paths: list[Path] = []  # every file this archive wrote, in order

    def write_response(
        self,
        *,
        url: str,
        status: int,
        reason: str,
        headers: Headers,
        body: bytes,
        fetched_at: dt.datetime,
        request_headers: Headers | None = None,
        http_version: str = "HTTP/1.1",
    ) -> tuple[Path, int]:
        """Archive one response; return (file, offset) from which ``read_record`` reads it.

        ``body`` is the payload as received (content-encoded if ``headers`` say so).
        With ``request_headers`` a GET request record follows, tied to the response.
        """
        kept = [(name, value) for name, value in headers if name.lower() != "transfer-encoding"]
        status_line = f"{status} {reason}".strip()
        date = _warc_date(fetched_at)
        with self._lock:
            try:
                return self._write(
                    url, status_line, kept, body, date, request_headers, http_version
                )
            except OSError as exc:
                raise self._failed(exc) from exc

    def _write(
        self,
        url: str,
        status_line: str,
        kept: list[tuple[str, str]],
        body: bytes,
        date: str,
        request_headers: Headers | None,
        http_version: str,
    ) -> tuple[Path, int]:
        writer, file, path = self._open()
        response = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            # A known length keeps warcio from spooling the body to a temporary file.
            length=len(body),
            http_headers=StatusAndHeaders(status_line, kept, protocol=http_version),
            warc_headers_dict={"WARC-Date": date},
        )
        offset = file.tell()
        writer.write_record(response)
        if request_headers is not None:
            target = _request_target(url)
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    f"GET {target} {http_version}",
                    list(request_headers),
                    is_http_request=True,
                ),
                warc_headers_dict={
                    "WARC-Date": date,
                    "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
                },
            )
            writer.write_record(request)
        # Flushed per record: a reprocess run may read the file while we still write.
        file.flush()
        return path, offset

    def _failed(self, exc: OSError) -> ArchiveError:
        """The error for a write that failed (full disk, file too large, folder gone).

        The file is closed as it is: its whole records stay readable (``iter_warc`` ends
        with one ``BadWARC`` page for the cut record), and a later write starts a new file.
        """
        where = self._path or self.folder
        if self._file is not None:
            with contextlib.suppress(OSError):  # closing flushes; the disk may still be full
                self._file.close()
        self._file, self._writer, self._path = None, None, None
        reason = exc.strerror or str(exc)
        return ArchiveError(f"cannot write the WARC archive {where}: {reason}")

    def close(self) -> None:
        """Flush and close the current file; a later write starts a new one."""
        with self._lock:
            if self._file is not None:
                self._file.close()
            self._file, self._writer, self._path = None, None, None

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _open(self) -> tuple[Any, IO[bytes], Path]:
        if self._file is not None and self._file.tell() >= self.max_file_bytes:
            self._file.close()
            self._file = None
        if self._file is None or self._path is None:
            while True:
                path = self.folder / f"pressroom-{self._stamp}-{self._number}.warc.gz"
                self._number += 1
                try:
                    # "x": two archives started in the same second must not share a file.
                    self._file = path.open("xb")
                except FileExistsError:
                    continue
                break
            self._path = path
            self.paths.append(path)
            members = _GzipMembers(self._file)
            self._writer = WARCWriter(members, gzip=False, warc_version="WARC/1.1")
            self._writer.write_record(
                self._writer.create_warcinfo_record(
                    path.name, {"software": "pressroom", "format": "WARC File Format 1.1"}
                )
            )
        return self._writer, self._file, self._path


# zlib level of the archive's gzip members. warcio's own writer uses 9; on ~16 KB HTML
# pages 1 takes half the CPU (0.16 against 0.30 ms a page) for files ~10 % larger
# (0.376 against 0.342 of the raw size), and the archive is written by the process
# that also fetches and stores every batch.
GZIP_LEVEL = 1


class _GzipMembers:
    """A file that warcio writes uncompressed records into, each of which becomes one
    gzip member: warcio ends every record with ``flush``."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._compressor = self._member()

    @staticmethod
    def _member() -> Any:
        return zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)

    def write(self, data: bytes) -> int:
        self._out.write(self._compressor.compress(data))
        return len(data)

    def flush(self) -> None:
        self._out.write(self._compressor.flush())
        self._compressor = self._member()
        self._out.flush()


def read_record(path: Path | str, offset: int) -> ArchivedResponse:
    """Read the response record at ``offset`` of WARC file ``path`` (as returned by
    ``WarcArchive.write_response``). Raises ValueError if no response record starts there."""
    with open(path, "rb") as file:
        file.seek(offset)
        try:
            record = next(iter(ArchiveIterator(file)))
            if record.rec_type not in ("response", "resource"):
                raise ValueError(f"{path}@{offset} is a {record.rec_type} record, not a response")
            return _archived(record)
        except (StopIteration, *_DAMAGE) as exc:
            raise ValueError(f"no readable WARC record at {path}@{offset}: {exc!r}") from exc


def iter_warc(path: Path | str) -> Iterator[FetchedPage]:
    """Every response and resource record of WARC file ``path`` (gzip or not) as a page.

    HTML records (a resource without a content type counts as HTML) carry their body;
    other types are ``NotHTML`` pages, 3xx-5xx responses ``HTTPStatus`` pages. A damaged
    file ends with one ``BadWARC`` page: this never raises for the file's contents
    (a missing file is a configuration error and does raise).
    """
    with open(path, "rb") as file:
        records = ArchiveIterator(file)
        offset = end = 0
        try:
            for record in records:
                page = None
                if record.rec_type in ("response", "resource"):
                    page = _page(record, str(path))  # reads the content: before the offset
                else:
                    _check_whole(record)
                # warcio knows a record's offset once it has read to the record's end.
                offset = records.get_record_offset()
                end = offset + records.get_record_length()
                if page is not None:
                    yield dataclasses.replace(page, archive_offset=offset)
            _check_nothing_after(file, end)
        except _DAMAGE as exc:
            where = f"{Path(path).resolve().as_uri()}#offset={offset}"
            yield FetchedPage(
                url=where,
                final_url=where,
                status=None,
                body=None,
                content_type=None,
                fetched_at=dt.datetime.now(dt.UTC),
                elapsed_ms=0.0,
                error_class="BadWARC",
                error_message=f"damaged WARC after offset {offset}: {type(exc).__name__}: {exc}",
                archive_path=str(path),
            )


def _archived(record: Any) -> ArchivedResponse:
    # warcio is lenient: garbage can parse as ARC records, and a truncated record just
    # ends early. Both are damage here.
    if record.format != "warc":
        raise _Damaged(f"not a WARC record (looks like {record.format!r})")
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not url:
        raise _Damaged(f"a {record.rec_type} record without WARC-Target-URI")
    fetched_at = _parse_date(record.rec_headers.get_header("WARC-Date"))
    # Bounded: a content-encoded body can inflate without limit (a gzip bomb).
    body = record.content_stream().read(MAX_BODY_BYTES + 1)
    _check_whole(record)
    if record.rec_type == "resource" or record.http_headers is None:
        content_type = record.rec_headers.get_header("Content-Type")
        if content_type in _UNTYPED:
            content_type = None
        headers: tuple[tuple[str, str], ...] = (
            (("Content-Type", str(content_type)),) if content_type else ()
        )
        return ArchivedResponse(url, 200, headers, body, fetched_at)
    status = int(record.http_headers.get_statuscode())
    headers = tuple((str(k), str(v)) for k, v in record.http_headers.headers)
    return ArchivedResponse(url, status, headers, body, fetched_at)


def _check_whole(record: Any) -> None:
    """Read what is left of ``record``; raise ``_Damaged`` if the file ends before it does."""
    if record.format != "warc":
        raise _Damaged(f"not a WARC record (looks like {record.format!r})")
    stream = record.raw_stream
    # A whole WARC record declares its length; warcio then reads it through a LimitReader.
    if not isinstance(stream, LimitReader) or not record.rec_headers.get_header("Content-Length"):
        raise _Damaged(f"a {record.rec_type} record without a readable Content-Length")
    while stream.read(65536):
        pass
    if stream.limit > 0:
        raise _Damaged(f"record truncated: {stream.limit} bytes missing")


def _check_nothing_after(file: IO[bytes], end: int) -> None:
    # warcio ends quietly at a gzip member cut short; what it left unread is the evidence.
    file.seek(end)
    tail = file.read(1 << 16)
    if tail.strip(b"\r\n\t "):
        raise _Damaged(f"{len(tail)}+ unreadable bytes after the last whole record")


def _page(record: Any, path: str) -> FetchedPage:
    archived = _archived(record)
    resource = record.rec_type == "resource"
    content_type = archived.content_type
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if not media_type and not resource:
        media_type = sniff_media_type(archived.body[:1024]) or ""
    error: tuple[str, str] | None = None
    if len(archived.body) > MAX_BODY_BYTES:
        error = ("TooLarge", f"the record's body exceeds {MAX_BODY_BYTES:,} bytes (decoded)")
    elif not resource and archived.status >= 300:
        error = ("HTTPStatus", f"archived response is HTTP {archived.status}")
    elif media_type and not media_type.startswith(HTML_TYPES):
        error = ("NotHTML", f"content type {media_type!r} is not HTML")
    elif not media_type and not resource:
        error = ("NotHTML", "no content type and the body does not look like HTML")
    return FetchedPage(
        url=archived.url,
        final_url=archived.url,
        status=None if resource else archived.status,
        body=None if error else archived.body,
        content_type=content_type,
        fetched_at=archived.fetched_at,
        elapsed_ms=0.0,
        error_class=error[0] if error else None,
        error_message=error[1] if error else None,
        headers=tuple((name.lower(), value) for name, value in archived.headers),
        archive_path=path,
    )


def _header(headers: Headers, name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _request_target(url: str) -> str:
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


def _warc_date(moment: dt.datetime) -> str:
    # WARC/1.1 allows sub-second dates; fetched_at round-trips exactly.
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_date(value: str | None) -> dt.datetime:
    if not value:
        return dt.datetime.fromtimestamp(0, dt.UTC)
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        return dt.datetime.fromtimestamp(0, dt.UTC)
