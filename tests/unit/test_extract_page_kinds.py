"""The page-kind zoo: pages a crawler is served with status 200 that are no article (an
archive, a search, a bot check, a consent wall, a soft 404, a shop's product, a sign-in
form, a job advertisement, an event, a search's results, a writer's page, a blog's date
archive that shows its posts whole, a newsletter's sign-up page, a short video page, a
privacy policy), and near misses that are articles (a post about
error pages, a 70-word brief, a story under a cookie banner, a story titled "Contact
lenses ...", a paywalled teaser, a photo gallery, a recipe post, an obituary, a podcast
transcript, an AMP page). Written here after the
markup each kind of page really has; ``nonarticles/<slug>.json`` states the kind a reader
gives it, written before the extractor read the page.

An error page is "other", not a listing, though it may offer a rail of stories: the
page exists to say the story is not there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tasks.extract import extract_article
from tasks.records import Article, NotArticle

PAGES = Path(__file__).parent / "nonarticles"
SLUGS = sorted(path.stem for path in PAGES.glob("*.json"))


def _truth(slug: str) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads((PAGES / f"{slug}.json").read_text(encoding="utf-8"))
    return truth


def test_the_zoo_holds_every_kind() -> None:
    kinds = [_truth(slug)["expected_kind"] for slug in SLUGS]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        "listing": 15,
        "other": 25,
        "article": 12,
    }
    for slug in SLUGS:
        assert (PAGES / f"{slug}.html").is_file(), slug


@pytest.mark.parametrize("slug", SLUGS)
def test_page_kind(slug: str) -> None:
    truth = _truth(slug)
    result = extract_article((PAGES / f"{slug}.html").read_bytes(), truth["url"])
    assert result.page_kind == truth["expected_kind"], getattr(result, "reason", "")
    if truth["expected_kind"] == "article":
        assert isinstance(result, Article)
        assert result.word_count > 50
    else:
        assert isinstance(result, NotArticle)
        assert result.reason  # says why
