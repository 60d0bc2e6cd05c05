"""Coverage-guided fuzzing (atheris/libFuzzer) of extraction and the feed/sitemap readers.

    python tests/hostile/fuzz_extract.py -max_total_time=60 [corpus_dir]

The first input byte picks the target; the rest is the document. A crash is any
exception but the readers' documented ``DocumentError``, or a result of the wrong type.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# Libraries and the modules around extraction load uninstrumented (instrumenting them
# costs more time than the fuzzing budget); coverage guides on the readers themselves.
with atheris.instrument_imports(include=["tasks.extract", "tasks.discover", "tasks.pipeline"]):
    from tasks.discover import DocumentError, feed_links, parse_feed, parse_sitemap, sniff_kind
    from tasks.extract import extract_article
    from tasks.pipeline import extract_page
    from tasks.records import Article, FetchedPage, NotArticle, PageError

_AT = dt.datetime(2024, 3, 5, tzinfo=dt.UTC)
_CONTENT_TYPES = (None, "text/html", "text/html; charset=utf-16", "text/html; charset=nope")


def fuzz_one(data: bytes) -> None:
    """Feed ``data`` to one reader; raise on anything but a typed outcome."""
    if not data:
        return
    choice, body = data[0], data[1:]
    if choice % 4 == 0:
        page = FetchedPage(
            url="https://fuzz.test/p",
            final_url="https://fuzz.test/p",
            status=200,
            body=body,
            content_type=_CONTENT_TYPES[(choice >> 2) % len(_CONTENT_TYPES)],
            fetched_at=_AT,
            elapsed_ms=0.0,
        )
        result = extract_page(page)
        if not isinstance(result, Article | NotArticle | PageError):
            raise TypeError(f"extract_page returned {result!r}")
    elif choice % 4 == 1:
        text = body.decode("utf-8", "surrogateescape")
        if not isinstance(extract_article(text, None), Article | NotArticle):
            raise TypeError("extract_article returned an untyped result")
    else:
        parse = parse_feed if choice % 4 == 2 else parse_sitemap
        with contextlib.suppress(DocumentError):
            parse(body, "https://fuzz.test/feed.xml")
        sniff_kind(body)
        feed_links(body, "https://fuzz.test/")


def main() -> None:
    atheris.Setup(sys.argv, fuzz_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
