"""Quality gate: shingle F1 on the Zyte article-extraction benchmark must not regress.

The corpus lives outside the repo (``PRESSROOM_CORPUS`` or ``<repo>/../shared/corpus``);
the test is skipped, with the reason, when it is not there.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from bench.metrics import shingle_counts, shingle_score
from tasks.extract import extract_article
from tasks.records import Article

# Measured 0.964 when pinned; a drop below this floor is a regression.
ZYTE_F1_FLOOR = 0.955
ZYTE_PAGES = 181


def _corpus() -> Path:
    env = os.environ.get("PRESSROOM_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "corpus"


def test_zyte_shingle_f1_above_floor() -> None:
    base = _corpus() / "zyte"
    truth_file = base / "truth.jsonl"
    if not truth_file.is_file():
        pytest.skip(f"evaluation corpus not found at {base} (set PRESSROOM_CORPUS)")
    counts = []
    with truth_file.open(encoding="utf-8") as lines:
        for line in lines:
            truth = json.loads(line)
            html = gzip.decompress((base / "pages" / f"{truth['id']}.html.gz").read_bytes())
            result = extract_article(html, truth["url"])
            text = result.text if isinstance(result, Article) else ""
            counts.append(shingle_counts(text, truth["main_text"]))
    score = shingle_score(counts)
    assert score.pages == ZYTE_PAGES
    assert score.f1 >= ZYTE_F1_FLOOR, f"zyte shingle F1 {score.f1:.3f} < floor {ZYTE_F1_FLOOR}"
