"""The extractor reads the same without its compiled reads (tasks/extract/_lexbor.c).

Where no C compiler was at hand at install, or selectolax is a version the C reads were
not tested on, every read in C has a Python path: text lengths read through selectolax,
the boilerplate judge's walk as a query, short texts and doomed suspects in loops, the
attribute walks as queries. These paths must give the same Article as the C ones; the
pages here are the two zoos written for this project (tests/unit/platforms and
tests/unit/nonarticles), 88 pages of many templates and languages.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tasks.extract import ExtractOptions, extract_article, kind, metadata, selectors, text

HERE = Path(__file__).parent
PAGES = sorted((*(HERE / "platforms").glob("*.html"), *(HERE / "nonarticles").glob("*.html")))
KEEP = ExtractOptions(keep_non_articles=True)


def _read(page: Path) -> dict[str, object]:
    return dataclasses.asdict(
        extract_article(page.read_bytes(), f"https://example.org/{page.stem}", options=KEEP)
    )


def test_the_zoos_are_there() -> None:
    assert len(PAGES) >= 80


def test_the_compiled_reads_are_in_use() -> None:
    assert selectors.COMPILED_QUERIES and selectors._COUNTED_TEXT, "C reads not built?"


@pytest.fixture(scope="module")
def with_c() -> dict[str, dict[str, object]]:
    return {page.stem: _read(page) for page in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_each_page_reads_the_same_without_c(
    page: Path, with_c: dict[str, dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "COMPILED_QUERIES", False)
    monkeypatch.setattr(selectors, "_COUNTED_TEXT", False)
    for module in (selectors, text, metadata, kind):
        monkeypatch.setattr(module, "text_length", selectors._read_length)
    assert metadata._PAGE_ELEMENT_WALK.walked is False
    assert _read(page) == with_c[page.stem]
