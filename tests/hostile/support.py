"""What every hostile-input test checks of a result: a typed value that says why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tasks.records import Article, Extraction, FetchedPage, NotArticle, PageError

PAGES = Path(__file__).parent / "pages"


def fetched(
    body: bytes | None, url: str = "https://hostile.test/page", **extra: object
) -> FetchedPage:
    """A page as the fetcher would hand it on: 200, HTML, the given body."""
    fields: dict[str, object] = {
        "url": url,
        "final_url": url,
        "status": 200,
        "body": body,
        "content_type": "text/html",
        "fetched_at": dt.datetime(2024, 3, 5, tzinfo=dt.UTC),
        "elapsed_ms": 1.0,
    }
    fields.update(extra)
    return FetchedPage(**fields)  # type: ignore[arg-type]


def assert_typed(result: Extraction | PageError | None) -> str:
    """``result`` is an article, a not-article with a reason, or an extract/load error
    with a class and a message; return a one-word label for it."""
    if isinstance(result, Article):
        assert isinstance(result.text, str) and result.word_count >= 0
        assert result.page_kind in ("article", "listing", "other")
        return "article"
    if isinstance(result, NotArticle):
        assert result.reason.strip(), "a not-article must say why"
        return "not-article"
    assert isinstance(result, PageError), f"untyped result {result!r}"
    assert result.error_class.strip() and result.message.strip()
    assert result.stage in ("extract", "load", "fetch")
    return "error"
