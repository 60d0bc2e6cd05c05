"""Quality gate: extraction on the evaluation corpus must not fall below pinned floors.

Shingle F1 on the Zyte article-extraction benchmark, word F1 on the WCXB dev split's
article pages, and title, author and publish-date accuracy on every WCXB dev page that
has them, as ``bench/extraction.py`` measures them. The floors live in
``extraction_floors.json`` beside this file.
The corpus lives outside the repo (``PRESSROOM_CORPUS`` or ``<repo>/../shared/corpus``);
a test is skipped, with the reason, when it is not there.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.metrics import (
    author_matches,
    date_matches,
    mean,
    shingle_counts,
    shingle_score,
    title_matches,
    word_f1,
)
from tasks.extract import ExtractOptions, extract_article
from tasks.records import Article

FLOORS: dict[str, float] = json.loads(
    (Path(__file__).with_name("extraction_floors.json")).read_text(encoding="utf-8")
)
ZYTE_PAGES = 181
WCXB_PAGES = 1_497
WCXB_ARTICLE_PAGES = 790


def _corpus() -> Path:
    env = os.environ.get("PRESSROOM_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _pages(set_name: str, page_type: str | None = None) -> Iterator[tuple[dict[str, Any], bytes]]:
    base = _corpus() / set_name
    truth_file = base / "truth.jsonl"
    if not truth_file.is_file():
        pytest.skip(f"evaluation corpus not found at {base} (set PRESSROOM_CORPUS)")
    with truth_file.open(encoding="utf-8") as lines:
        for line in lines:
            truth = json.loads(line)
            if page_type is not None and truth.get("page_type") != page_type:
                continue
            yield truth, gzip.decompress((base / "pages" / f"{truth['id']}.html.gz").read_bytes())


def _text(html: bytes, url: str, options: ExtractOptions | None = None) -> str:
    result = extract_article(html, url, options=options)
    return result.text if isinstance(result, Article) else ""


def test_zyte_shingle_f1_above_floor() -> None:
    counts = [
        shingle_counts(_text(html, truth["url"]), truth["main_text"])
        for truth, html in _pages("zyte")
    ]
    score = shingle_score(counts)
    floor = FLOORS["zyte_shingle_f1"]
    assert score.pages == ZYTE_PAGES
    assert score.f1 >= floor, f"zyte shingle F1 {score.f1:.3f} < floor {floor}"


@pytest.fixture(scope="module")
def wcxb_dev() -> list[tuple[dict[str, Any], Article]]:
    """Every WCXB dev page with what the extractor made of it. As the benchmark does:
    text and fields even where the page is judged not an article, so a misclassified
    article costs its words rather than the whole page."""
    keep = ExtractOptions(keep_non_articles=True)
    pages = []
    for truth, html in _pages("wcxb-dev"):
        result = extract_article(html, truth["url"], options=keep)
        assert isinstance(result, Article), f"{truth['id']}: {result}"
        pages.append((truth, result))
    assert len(pages) == WCXB_PAGES
    return pages


def test_wcxb_dev_article_word_f1_above_floor(
    wcxb_dev: list[tuple[dict[str, Any], Article]],
) -> None:
    scores = [
        word_f1(article.text, truth["main_text"] or "")
        for truth, article in wcxb_dev
        if truth.get("page_type") == "article"
    ]
    floor = FLOORS["wcxb_dev_article_word_f1"]
    assert len(scores) == WCXB_ARTICLE_PAGES
    assert mean(scores) >= floor, f"wcxb-dev article word F1 {mean(scores):.3f} < floor {floor}"


def _title(truth: dict[str, Any], article: Article) -> bool | None:
    return title_matches(article.title, truth.get("title"))


def _author(truth: dict[str, Any], article: Article) -> bool | None:
    return author_matches(article.authors, truth["author"]) if truth.get("author") else None


def _date(truth: dict[str, Any], article: Article) -> bool | None:
    if not truth.get("publish_date"):
        return None
    published = article.published_date
    return date_matches(published.isoformat() if published else None, truth["publish_date"])


@pytest.mark.parametrize(
    ("field", "matches"),
    [("title", _title), ("author", _author), ("date", _date)],
    ids=["title", "author", "date"],
)
def test_wcxb_dev_metadata_accuracy_above_floor(
    wcxb_dev: list[tuple[dict[str, Any], Article]],
    field: str,
    matches: Callable[[dict[str, Any], Article], bool | None],
) -> None:
    """Accuracy over the pages whose truth has the field (every page has a title)."""
    judged = [m for truth, article in wcxb_dev if (m := matches(truth, article)) is not None]
    accuracy = sum(judged) / len(judged)
    floor = FLOORS[f"wcxb_dev_{field}_accuracy"]
    assert len(judged) > 700
    assert accuracy >= floor, f"wcxb-dev {field} accuracy {accuracy:.3f} < floor {floor}"
