"""WARC archiving: fetch -> archive -> read back, and reading WARC files made elsewhere."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.archive import WarcArchive, iter_warc, read_record
from tasks.fetch import fetch_pages, fetch_pages_sync

from .fetch_server import HTML_PAGE, LocalServer, unpaced

FAST = unpaced(connect_timeout=1.0, read_timeout=1.0, backoff_base=0.01, backoff_max=0.05)


def test_fetched_pages_round_trip_through_the_archive(server: LocalServer, tmp_path: Path) -> None:
    paths = ["/page", "/gzip-page", "/latin1", "/redirect/1", "/status/404", "/image.png"]
    with WarcArchive(tmp_path) as archive:
        pages = fetch_pages_sync([server.url(p) for p in paths], FAST, archive=archive)
    assert [page.ok for page in pages] == [True, True, True, True, False, False]
    for page in pages[:4]:
        assert page.archive_path is not None and page.archive_offset is not None
        record = read_record(page.archive_path, page.archive_offset)
        assert record.body == page.body
        assert record.url == page.final_url
        assert record.status == 200
        assert record.fetched_at == page.fetched_at
        assert [(k.lower(), v) for k, v in record.headers] == list(page.headers)
    assert all(page.archive_path is None for page in pages[4:])
    gzip_record = read_record(pages[1].archive_path or "", pages[1].archive_offset or 0)
    assert ("content-encoding", "gzip") in pages[1].headers  # stored encoded, read decoded
    assert gzip_record.body == HTML_PAGE

    [warc] = tmp_path.iterdir()
    assert warc.name.startswith("pressroom-") and warc.name.endswith("-0.warc.gz")
    # Concurrent fetches reach the archive in completion order, not input order.
    read = {page.archive_offset: page for page in iter_warc(warc)}
    assert len(read) == 4
    for page in pages[:4]:
        again = read[page.archive_offset]
        assert again.ok and again.status == 200 and again.url == page.final_url
        assert (again.body, again.content_type) == (page.body, page.content_type)


def test_not_modified_is_not_archived(server: LocalServer, tmp_path: Path) -> None:
    url = server.url(f"/cond/{server.token()}")
    with WarcArchive(tmp_path) as archive:
        [page] = fetch_pages_sync([url], FAST, archive=archive, validators={url: ('"v1"', None)})
    assert page.not_modified and page.archive_path is None
    assert list(tmp_path.iterdir()) == []  # no file is started for nothing


def test_concurrent_fetches_share_one_archive_and_files_rotate(
    server: LocalServer, tmp_path: Path
) -> None:
    urls = [server.url(f"/page?n={i}") for i in range(20)]

    async def run(archive: WarcArchive) -> list[str]:
        pages = await fetch_pages(urls, unpaced(concurrency=8), archive=archive)
        return [read_record(p.archive_path or "", p.archive_offset or 0).url for p in pages]

    with WarcArchive(tmp_path, max_file_bytes=4000) as archive:
        assert asyncio.run(run(archive)) == urls
    assert len(archive.paths) > 1
    assert sorted(archive.paths) == sorted(tmp_path.iterdir())
    assert sum(len(list(iter_warc(path))) for path in archive.paths) == 20


def write_handmade_warc(path: Path) -> None:
    """An uncompressed WARC as another tool would write it: saved pages as resources."""
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=False)
        for url, content_type, body in [
            ("http://saved.test/story", "text/html; charset=utf-8", HTML_PAGE),
            ("http://saved.test/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ]:
            record = writer.create_warc_record(
                url,
                "resource",
                payload=io.BytesIO(body),
                length=len(body),
                warc_headers_dict={"Content-Type": content_type},
            )
            writer.write_record(record)
        # A record with no Content-Type at all, as some tools write them.
        body = b"<html><body>no type</body></html>"
        file.write(
            b"WARC/1.0\r\nWARC-Type: resource\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"WARC-Target-URI: http://saved.test/untyped\r\n"
            b"WARC-Date: 2024-03-05T10:00:00Z\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
            + b"\r\n\r\n"
        )
        missing = writer.create_warc_record(
            "http://saved.test/gone",
            "response",
            payload=io.BytesIO(b"gone"),
            length=4,
            http_headers=StatusAndHeaders(
                "404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            ),
        )
        writer.write_record(missing)


def test_iter_warc_reads_resource_records_of_an_uncompressed_warc(tmp_path: Path) -> None:
    warc = tmp_path / "saved.warc"
    write_handmade_warc(warc)
    story, logo, untyped, gone = iter_warc(warc)
    assert story.ok and story.body == HTML_PAGE and story.url == "http://saved.test/story"
    assert story.content_type == "text/html; charset=utf-8"
    assert story.fetched_at.tzinfo is not None
    assert (logo.error_class, logo.body) == ("NotHTML", None)
    assert untyped.ok and untyped.body == b"<html><body>no type</body></html>"
    assert untyped.fetched_at == dt.datetime(2024, 3, 5, 10, tzinfo=dt.UTC)
    assert (gone.status, gone.error_class) == (404, "HTTPStatus")
    assert story.archive_path == str(warc) and story.archive_offset == 0


@pytest.mark.parametrize("keep", [0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97])
def test_truncated_warc_gives_a_bad_warc_page(
    server: LocalServer, tmp_path: Path, keep: float
) -> None:
    with WarcArchive(tmp_path / "full") as archive:
        fetch_pages_sync([server.url("/page"), server.url("/gzip-page")], FAST, archive=archive)
    [full] = archive.paths
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * keep)])
    pages = list(iter_warc(cut))
    assert pages and pages[-1].error_class == "BadWARC"
    assert pages[-1].error_message is not None
    assert all(page.error_class is None for page in pages[:-1])


def test_garbage_is_a_bad_warc_page(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a WARC file\r\n\r\n" * 10)
    [page] = iter_warc(junk)
    assert page.error_class == "BadWARC"


def test_read_record_at_a_wrong_offset_says_so(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        path, offset = archive.write_response(
            url="http://x.test/",
            status=200,
            reason="OK",
            headers=[("Content-Type", "text/html")],
            body=b"<html></html>",
            fetched_at=dt.datetime(2024, 1, 2, 3, 4, 5, 678_000, tzinfo=dt.UTC),
        )
    record = read_record(path, offset)
    assert record.fetched_at == dt.datetime(2024, 1, 2, 3, 4, 5, 678_000, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="warcinfo"):
        read_record(path, 0)
    with pytest.raises(ValueError, match="no readable WARC record"):
        read_record(path, offset + 3)


def test_uncompressed_warc_cut_mid_record_gives_a_bad_warc_page(tmp_path: Path) -> None:
    warc = tmp_path / "saved.warc"
    write_handmade_warc(warc)
    data = warc.read_bytes()
    warc.write_bytes(data[: data.index(b"no type") + 3])
    pages = list(iter_warc(warc))
    assert [page.error_class for page in pages] == [None, "NotHTML", "BadWARC"]
