"""Quality gate: extraction on the evaluation corpus must not fall below pinned floors.

Shingle F1 on the Zyte article-extraction benchmark, and word F1 on the WCXB dev
split's article pages. The floors live in ``extraction_floors.json`` beside this file.
The corpus lives outside the repo (``PRESSROOM_CORPUS`` or ``<repo>/../shared/corpus``);
a test is skipped, with the reason, when it is not there.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.metrics import mean, shingle_counts, shingle_score, word_f1
from tasks.extract import ExtractOptions, extract_article
from tasks.records import Article

FLOORS: dict[str, float] = json.loads(
    (Path(__file__).with_name("extraction_floors.json")).read_text(encoding="utf-8")
)
ZYTE_PAGES = 181
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


def test_wcxb_dev_article_word_f1_above_floor() -> None:
    # As the benchmark does: text even where the page is judged not an article, so a
    # misclassified article costs its words rather than the whole page.
    keep = ExtractOptions(keep_non_articles=True)
    scores = [
        word_f1(_text(html, truth["url"], keep), truth["main_text"] or "")
        for truth, html in _pages("wcxb-dev", "article")
    ]
    floor = FLOORS["wcxb_dev_article_word_f1"]
    assert len(scores) == WCXB_ARTICLE_PAGES
    assert mean(scores) >= floor, f"wcxb-dev article word F1 {mean(scores):.3f} < floor {floor}"
