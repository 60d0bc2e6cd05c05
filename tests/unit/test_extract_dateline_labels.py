"""The label check that spares most page texts the dateline pattern must never turn
away a text that the pattern itself would read."""

from __future__ import annotations

import datetime as dt

from selectolax.lexbor import LexborHTMLParser

from tasks.extract.metadata import PageMetadata, read_metadata


def metadata(body: str) -> PageMetadata:
    html = f"<html><head></head><body><h1>A story of some words</h1>{body}</body></html>"
    return read_metadata(LexborHTMLParser(html), None, html)


def published_date(meta: PageMetadata) -> dt.date | None:
    return meta.published.date if meta.published is not None else None


def test_dateline_in_plain_text_is_read() -> None:
    meta = metadata("<div><span>Posted on March 3, 2021</span></div><p>The text.</p>")
    assert published_date(meta) == dt.date(2021, 3, 3)


def test_dateline_label_in_capitals_is_read() -> None:
    meta = metadata("<p>Some text.</p><small>PUBLISHED: 12 May 2019</small>")
    assert published_date(meta) == dt.date(2019, 5, 12)


def test_label_that_only_the_pattern_folds_to_ascii_is_still_read() -> None:
    # "İ" lowercases to two characters in Python but matches "i" in an IGNORECASE
    # pattern: a lowercase search for "published" alone would miss this dateline.
    meta = metadata("<p>Released June 5, 2020</p><p>PUBL\u0130SHED: March 3, 2021</p>")
    assert published_date(meta) == dt.date(2021, 3, 3)


def test_labelled_dateline_beats_an_unlabelled_date_above_it() -> None:
    meta = metadata("<p>Released March 3, 2021</p><p>Posted on: June 5, 2020</p>")
    assert published_date(meta) == dt.date(2020, 6, 5)
