from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from tasks.dedupe import DedupeSettings, fingerprint
from tasks.records import Article, DuplicateDecision, Image, Link, StoredArticle
from warehouse.connection import connect
from warehouse.search import refresh_search_index, search_articles
from warehouse.writer import BatchWrite, write_batch

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
SETTINGS = DedupeSettings()


def _stored(
    article_id: str, text: str, site: str = "news.example", **fields: object
) -> StoredArticle:
    url = f"https://{site}/{article_id}"
    article = Article(
        url=url,
        canonical_url=url,
        title=f"Title of {article_id}",
        text=text,
        published_date=dt.date(2026, 11, 20),
        word_count=len(text.split()),
        extractor_version="test",
    )
    return StoredArticle(
        article_id,
        "src",
        url,
        url,
        dataclasses.replace(article, **fields),
        fingerprint(text, SETTINGS),
        NOW,  # type: ignore[arg-type]
    )


def test_tags_images_and_links_are_replaced_with_the_article(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = _stored(
        "a",
        "some text",
        tags=("Harbour", "Ferries"),
        images=(Image("https://news.example/a.jpg", "alt", "A caption"),),
        links=(Link("https://other.example/", "other"), Link("https://third.example/", "third")),
    )
    second = _stored(
        "a", "some text", tags=("Harbour",), links=(Link("https://other.example/", "other"),)
    )
    with connect(db) as con:
        write_batch(con, "r1", "src", BatchWrite(articles=[first]))
        assert con.execute("SELECT count(*) FROM article_tags").fetchone() == (2,)
        assert con.execute("SELECT src, alt, caption FROM images").fetchall() == [
            ("https://news.example/a.jpg", "alt", "A caption")
        ]
        write_batch(con, "r2", "src", BatchWrite(articles=[second]))
        assert con.execute("SELECT tags FROM v_articles").fetchone() == (["Harbour"],)
        assert con.execute("SELECT count(*) FROM images").fetchone() == (0,)
        assert con.execute("SELECT href FROM links").fetchall() == [("https://other.example/",)]
        assert con.execute("SELECT count(*) FROM tags").fetchone() == (2,)  # tags are kept


def test_changed_text_keeps_the_previous_version_as_a_revision(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    v1 = _stored("a", "the council approved the budget on monday")
    v2 = dataclasses.replace(
        _stored("a", "the council approved the amended budget on tuesday"),
        seen_at=NOW + dt.timedelta(hours=1),
    )
    with connect(db) as con:
        write_batch(con, "r1", "src", BatchWrite(articles=[v1]))
        write_batch(con, "r2", "src", BatchWrite(articles=[v1]))  # unchanged: no revision
        assert con.execute("SELECT count(*) FROM article_revisions").fetchone() == (0,)
        write_batch(con, "r3", "src", BatchWrite(articles=[v2]))
        rows = con.execute(
            "SELECT text, text_hash, replaced_at, words_changed FROM article_revisions"
        ).fetchall()
        current = con.execute("SELECT text FROM articles").fetchone()
    assert rows == [
        (v1.article.text, v1.fingerprint.text_hash, v2.seen_at, 3)
    ]  # -monday +amended +tuesday
    assert current == (v2.article.text,)


def test_cluster_views_follow_duplicate_decisions(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    words = " ".join(f"w{i}" for i in range(100))
    original = _stored("o", words, site="wire.example", site_name="The Wire")
    copy = _stored("c", words, site="gazette.example")
    alone = _stored("x", "unrelated story entirely")
    with connect(db) as con:
        write_batch(
            con,
            "r1",
            "src",
            BatchWrite(
                articles=[original, copy, alone],
                decisions=[DuplicateDecision("c", "o", "exact", 1.0)],
            ),
        )
        members = con.execute(
            "SELECT cluster_id, article_id, similarity, matched_by FROM cluster_members"
            " ORDER BY article_id"
        ).fetchall()
        clusters = con.execute(
            "SELECT representative_id, size, sites FROM duplicate_clusters"
        ).fetchall()
        syndication = con.execute(
            "SELECT republished_by, original_site, copies FROM v_syndication"
        ).fetchall()
        health = con.execute(
            "SELECT articles, missing_author, short_text FROM v_extraction_health"
        ).fetchall()
    assert members == [("o", "c", 1.0, "exact"), ("o", "o", 1.0, "representative")]
    assert clusters == [("o", 2, 2)]
    assert syndication == [("gazette.example", "wire.example", 1)]
    assert health == [(3, 1.0, 1.0)]


def test_search_finds_originals_by_bm25(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    harbour = _stored(
        "h", "The harbour commission voted to dredge the channel before winter storms"
    )
    copy = _stored(
        "hc",
        "The harbour commission voted to dredge the channel before winter storms",
        site="copy.example",
    )
    bakery = _stored("b", "A bakery on Mill Street won the regional sourdough prize")
    with connect(db) as con:
        write_batch(
            con,
            "r1",
            "src",
            BatchWrite(
                articles=[harbour, copy, bakery],
                decisions=[DuplicateDecision("hc", "h", "exact", 1.0)],
            ),
        )
        refresh_search_index(con)
    result = search_articles(db, "dredging harbour")
    assert [row[-1] for row in result.rows] == [harbour.canonical_url]
    assert search_articles(db, "sourdough", source="other").rows == []
    assert search_articles(db, "sourdough", since=dt.date(2027, 1, 1)).rows == []
    assert [r[3] for r in search_articles(db, "sourdough", since=dt.date(2026, 1, 1)).rows] == [
        "Title of b"
    ]


def test_search_works_for_a_service_account_without_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HOME", raising=False)
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        write_batch(con, "r1", "src", BatchWrite(articles=[_stored("b", "the sourdough prize")]))
        refresh_search_index(con)
    assert [r[3] for r in search_articles(db, "sourdough").rows] == ["Title of b"]
