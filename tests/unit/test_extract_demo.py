"""Extraction measured on the demo sites' truth file: every field the truth names."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from demo.server import load_truth, resolve_file, site_root
from tasks.extract import extract_article
from tasks.records import Article, NotArticle
from tasks.urls import canonicalize_url

TRUTH = load_truth()
ARTICLES = [t for t in TRUTH if t["kind"] == "article"]
LISTINGS = [t for t in TRUTH if t["kind"] == "listing"]


def _page(url: str) -> Path:
    parts = urlsplit(url)
    found = resolve_file(site_root() / parts.netloc, parts.path)
    assert found is not None, url
    return found


def _extract(truth: dict[str, Any]) -> Article:
    result = extract_article(_page(truth["url"]).read_bytes(), truth["url"])
    assert isinstance(result, Article), f"{truth['url']}: {result}"
    return result


@pytest.mark.parametrize("truth", ARTICLES, ids=lambda t: t["url"].split("://")[1][:70])
def test_article_fields_match_the_truth(truth: dict[str, Any]) -> None:
    article = _extract(truth)
    assert article.title == truth["title"]
    assert list(article.authors) == truth["authors"]
    assert article.published_date is not None
    assert article.published_date.isoformat() == truth["published"]
    assert article.canonical_url is not None
    assert canonicalize_url(article.canonical_url) == canonicalize_url(truth["canonical_url"])
    assert article.syndicated_from == truth["syndicated_from"]


@pytest.mark.parametrize("truth", ARTICLES, ids=lambda t: t["url"].split("://")[1][:70])
def test_article_text_keeps_the_story_and_drops_the_boilerplate(truth: dict[str, Any]) -> None:
    text = _extract(truth).text
    for sentence in truth["must_contain"]:
        assert sentence in text
    for sentence in truth["must_not_contain"]:
        assert sentence not in text


@pytest.mark.parametrize("truth", LISTINGS, ids=lambda t: t["url"].split("://")[1][:70])
def test_listing_pages_are_not_articles(truth: dict[str, Any]) -> None:
    result = extract_article(_page(truth["url"]).read_bytes(), truth["url"])
    assert isinstance(result, NotArticle)
    assert result.page_kind in {"listing", "other"}
    assert result.reason
