from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from tasks.dedupe import DedupeSettings, fingerprint
from tasks.records import Article, DuplicateDecision, FetchedPage, PageError, StoredArticle
from warehouse.connection import WarehouseError, applied_migrations, connect, list_migrations
from warehouse.queries import known_articles_for, run_query, table_counts
from warehouse.writer import BatchWrite, PageRow, PageURL, write_batch

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
SETTINGS = DedupeSettings()


def _article(article_id: str, text: str, authors: tuple[str, ...] = ("Ana Ruiz",)) -> StoredArticle:
    return StoredArticle(
        article_id=article_id,
        source_id="test",
        url=f"https://news.example/{article_id}",
        canonical_url=f"https://news.example/{article_id}",
        article=Article(
            url=f"https://news.example/{article_id}",
            canonical_url=f"https://news.example/{article_id}",
            title=f"Story {article_id}",
            text=text,
            authors=authors,
            published_date=dt.date(2026, 11, 1),
            word_count=len(text.split()),
            extractor_version="test",
        ),
        fingerprint=fingerprint(text, SETTINGS),
        seen_at=NOW,
    )


def _fetch(url: str, status: int = 200) -> FetchedPage:
    return FetchedPage(url, url, status, b"<html></html>", "text/html", NOW, 1.5)


def _batch(*articles: StoredArticle, errors: tuple[PageError, ...] = ()) -> BatchWrite:
    return BatchWrite(
        fetches=[_fetch(a.url) for a in articles],
        pages=[PageRow(a.article_id, a.canonical_url, "article", 200, NOW) for a in articles],
        page_urls=[PageURL(a.url, a.article_id, NOW) for a in articles],
        articles=articles,
        errors=errors,
    )


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        first = applied_migrations(con)
    with connect(db) as con:
        again = applied_migrations(con)
    assert [v for v, _, _ in first] == [m.version for m in list_migrations()]
    assert first == again
    assert list_migrations()[0].name == "init"


def test_read_only_open_of_a_missing_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    with pytest.raises(WarehouseError, match=r"nope\.duckdb"), connect(missing, read_only=True):
        pass


def test_write_batch_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    batch = _batch(
        _article("a", "one two three four five six"), _article("b", "seven eight nine ten")
    )
    with connect(db) as con:
        first = write_batch(con, "run-1", "test", batch)
        counts = table_counts(con)
        second = write_batch(con, "run-2", "test", batch)
        again = table_counts(con)
    assert (first.articles_new, first.articles_updated) == (2, 0)
    assert (second.articles_new, second.articles_updated, second.articles_unchanged) == (0, 0, 2)
    assert counts["articles"] == again["articles"] == 2
    assert again["authors"] == 1 and again["article_authors"] == 2
    assert again["article_bands"] == 2 * SETTINGS.bands
    assert again["fetches"] == 2 * counts["fetches"]  # the fetch log is append-only


def test_changed_text_counts_as_an_update(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        write_batch(con, "r1", "test", _batch(_article("a", "the first version of the story")))
        counts = write_batch(con, "r2", "test", _batch(_article("a", "a second, longer version")))
        text = con.execute("SELECT text FROM articles WHERE article_id = 'a'").fetchone()
    assert counts.articles_updated == 1
    assert text == ("a second, longer version",)


def test_errors_are_upserted_and_cleared_when_the_page_recovers(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    error = PageError("https://news.example/gone", "fetch", "HTTPStatus", "HTTP 404 Not Found", NOW)
    failing = BatchWrite(fetches=[_fetch(error.url, 404)], errors=[error])
    with connect(db) as con:
        write_batch(con, "r1", "test", failing)
        write_batch(con, "r2", "test", failing)
        row = con.execute("SELECT occurrences, run_id, message FROM errors").fetchall()
        write_batch(con, "r3", "test", BatchWrite(fetches=[_fetch(error.url)]))
        left = con.execute("SELECT count(*) FROM errors").fetchone()
    assert row == [(2, "r2", "HTTP 404 Not Found")]
    assert left == (0,)


def test_a_failed_batch_leaves_no_rows(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    good = _article("a", "text that would be stored")
    # The errors go last; a NULL message breaks their NOT NULL constraint after every
    # other table of the batch has been written.
    broken = PageError(good.url, "extract", "Bug", None, NOW)  # type: ignore[arg-type]
    bad = BatchWrite(
        fetches=[_fetch(good.url)],
        pages=[PageRow("a", good.canonical_url, "article", 200, NOW)],
        articles=[good],
        errors=[broken],
    )
    with connect(db) as con:
        with pytest.raises(duckdb.Error):
            write_batch(con, "r1", "test", bad)
        counts = table_counts(con)
    assert (
        counts["articles"] == counts["fetches"] == counts["pages"] == counts["article_bands"] == 0
    )


def test_known_articles_share_a_band_and_bring_their_cluster(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    words = " ".join(f"word{i}" for i in range(200))
    original, copy, other = (
        _article("o", words),
        _article("c", words),
        _article("x", "unrelated text here"),
    )
    batch = BatchWrite(
        articles=[original, copy, other],
        decisions=[DuplicateDecision("c", "o", "exact", 1.0)],
    )
    with connect(db) as con:
        write_batch(con, "r1", "test", batch)
        probe = list(enumerate(fingerprint(words, SETTINGS).band_hashes))
        known = {k.article_id: k for k in known_articles_for(con, probe)}
    assert set(known) == {"o", "c"}
    assert known["c"].duplicate_of == "o"
    assert known["o"].fingerprint == original.fingerprint


def test_run_query_is_read_only(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        write_batch(con, "r1", "test", _batch(_article("a", "some words")))
    result = run_query(db, "SELECT count(*) AS n FROM articles")
    assert (result.columns, result.rows) == (["n"], [(1,)])
    with pytest.raises(duckdb.Error, match="read-only"):
        run_query(db, "DELETE FROM articles")
