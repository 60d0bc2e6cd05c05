"""tasks.load: saved pages on disk become FetchedPage records."""

from __future__ import annotations

import datetime as dt
import gzip
import os
from pathlib import Path

import pytest

from tasks.load import load_dir, load_files

PAGE = "<!doctype html><html><body><p>Grüße aus Köln</p></body></html>".encode()


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / "b" / "deep" / "c.HTM").write_bytes(PAGE)
    (tmp_path / "b" / "page.html.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "b" / "old.htm.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "b" / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00 not gzip at all")
    (tmp_path / "notes.txt").write_text("not a page")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "folder.html").mkdir()  # a folder with a page-like name is skipped
    return tmp_path


def test_load_dir_is_recursive_sorted_and_filtered(saved: Path) -> None:
    pages = list(load_dir(saved))
    names = [page.url.rsplit("/", 2)[-2:] for page in pages]
    assert names == [
        [saved.name, "a.html"],
        ["b", "broken.html.gz"],
        ["deep", "c.HTM"],
        ["b", "old.htm.gz"],
        ["b", "page.html.gz"],
    ]


def test_pages_carry_file_uri_body_and_metadata(saved: Path) -> None:
    when = dt.datetime(2024, 3, 1, 12, 30, tzinfo=dt.UTC)
    os.utime(saved / "a.html", (when.timestamp(), when.timestamp()))
    page = next(iter(load_dir(saved)))
    assert page.url == (saved / "a.html").resolve().as_uri()
    assert page.url.startswith("file:///")
    assert page.final_url == page.url
    assert (page.status, page.content_type, page.body) == (None, "text/html", PAGE)
    assert page.ok
    assert page.fetched_at == when
    assert page.elapsed_ms >= 0


def test_gzip_pages_are_gunzipped_and_bad_gzip_is_an_error(saved: Path) -> None:
    pages = {page.url.rsplit("/", 1)[1]: page for page in load_dir(saved)}
    assert pages["page.html.gz"].body == PAGE
    assert pages["old.htm.gz"].body == PAGE
    broken = pages["broken.html.gz"]
    assert (broken.body, broken.error_class) == (None, "BadGzip")
    assert broken.error_message is not None and "broken.html.gz" in broken.error_message


def test_load_files_keeps_order_and_reports_unreadable_files(saved: Path) -> None:
    missing = saved / "gone.html"
    pages = list(load_files([str(saved / "notes.txt"), missing, saved / "a.html"]))
    assert [page.url for page in pages] == [
        (saved / "notes.txt").resolve().as_uri(),
        missing.resolve().as_uri(),
        (saved / "a.html").resolve().as_uri(),
    ]
    assert pages[0].body == b"not a page"
    assert (pages[1].body, pages[1].error_class) == (None, "ReadError")
    assert pages[1].error_message is not None and "gone.html" in pages[1].error_message
    assert pages[2].ok


def test_non_ascii_file_names_become_percent_encoded_uris(tmp_path: Path) -> None:
    (tmp_path / "café.html").write_bytes(PAGE)
    [page] = load_dir(tmp_path)
    assert page.url.endswith("/caf%C3%A9.html")
    assert page.body == PAGE


def test_missing_folder_raises_at_call_time(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        load_dir(tmp_path / "nowhere")


def test_file_instead_of_folder_raises(saved: Path) -> None:
    with pytest.raises(NotADirectoryError, match=r"a\.html"):
        load_dir(saved / "a.html")


def test_empty_folder_yields_nothing(tmp_path: Path) -> None:
    assert list(load_dir(tmp_path)) == []
