from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tasks.dedupe import DedupeSettings, fingerprint
from tasks.records import Article, DuplicateDecision, FetchedPage, PageError, StoredArticle
from warehouse.connection import WarehouseError, applied_migrations, connect, list_migrations
from warehouse.queries import known_articles_for, run_query, run_report, table_counts
from warehouse.writer import BatchWrite, PageRow, PageURL, RunRecord, SourceEntry, write_batch

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


def test_a_page_refetch_keeps_what_a_304_does_not_carry(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    later = NOW + dt.timedelta(hours=1)
    url, tracked = "https://news.example/p", "https://news.example/p?utm_source=x"
    first = BatchWrite(
        pages=[PageRow("p", url, "article", 200, NOW, '"v1"', "Mon", "a.warc.gz", 10)],
        page_urls=[PageURL(url, "p", NOW), PageURL(tracked, "p", NOW)],
        source_entries=[SourceEntry(url, NOW, NOW)],
    )
    second = BatchWrite(
        pages=[PageRow("p", url, None, 304, later)],
        page_urls=[PageURL(tracked, "q", later)],
        source_entries=[SourceEntry(url, None, later)],
    )
    with connect(db) as con:
        write_batch(con, "r1", "test", first)
        write_batch(con, "r2", "test", second)
        page = con.execute(
            "SELECT page_kind, last_status, first_seen_at, last_fetched_at, etag,"
            " last_modified, archive_path, archive_offset FROM pages"
        ).fetchall()
        urls = con.execute(
            "SELECT url, page_id, first_seen_at FROM page_urls ORDER BY url"
        ).fetchall()
        entry = con.execute(
            "SELECT lastmod, first_seen_at, last_seen_at FROM source_entries"
        ).fetchall()
    assert page == [("article", 304, NOW, later, '"v1"', "Mon", "a.warc.gz", 10)]
    assert urls == [(url, "p", NOW), (tracked, "q", NOW)]
    assert entry == [(NOW, NOW, later)]


def test_a_page_that_is_no_article_keeps_why_until_it_reads_as_one(tmp_path: Path) -> None:
    url, other = "https://news.example/world", "https://news.example/about"
    why = "14 teasers, link density 0.71"

    def run(con: duckdb.DuckDBPyConnection, hour: int, page: PageRow) -> None:
        started = NOW + dt.timedelta(hours=hour)
        at = RunRecord(f"r{hour}", "test", "urls", "-", None, started)
        write_batch(con, at.run_id, "test", BatchWrite(run=at, pages=[page]))

    def stored(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
        return con.execute(
            "SELECT page_id, page_kind, kind_reason, last_status FROM pages ORDER BY 1"
        ).fetchall()

    with connect(tmp_path / "w.duckdb") as con:
        run(con, 0, PageRow("p", url, "listing", 200, NOW, kind_reason=why))
        assert stored(con) == [("p", "listing", why, 200)]
        # A 304 and a failed fetch carry no kind: the stored kind and its reason stay.
        run(con, 1, PageRow("p", url, None, 304, NOW + dt.timedelta(hours=1)))
        assert stored(con) == [("p", "listing", why, 304)]
        first = run_report(con, "r1")
        short = "only 12 words of text"
        run(
            con,
            2,
            PageRow("q", other, "other", 200, NOW + dt.timedelta(hours=2), kind_reason=short),
        )
        second = run_report(con, "r2")
        # Read as an article now: the reason for the old kind goes with it.
        run(con, 3, PageRow("p", url, "article", 200, NOW + dt.timedelta(hours=3)))
        assert stored(con) == [("p", "article", None, 200), ("q", "other", short, 200)]
    assert first.not_articles == [("listing", 1, f"{url}: {why}")]
    # A run's report counts the pages fetched since it started, not the source's older ones.
    assert second.not_articles == [("other", 1, f"{other}: {short}")]


def test_a_run_row_is_started_then_finished(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    started = RunRecord("run-1", "gazette", "feed", "https://news.example/feed", None, NOW)
    finished = dataclasses.replace(
        started,
        status="completed",
        finished_at=NOW + dt.timedelta(minutes=5),
        counts={"pages_fetched": 3, "articles_new": 2},
    )
    with connect(db) as con:
        write_batch(con, "run-1", "gazette", BatchWrite(run=started))
        running = con.execute("SELECT status, finished_at FROM runs").fetchall()
        write_batch(con, "run-1", "gazette", BatchWrite(run=finished))
        row = con.execute(
            "SELECT status, started_at, pages_fetched, articles_new, errors FROM runs"
        ).fetchall()
        sources = con.execute("SELECT source_id, kind FROM sources").fetchall()
    assert running == [("running", None)]
    assert row == [("completed", NOW, 3, 2, None)]
    assert sources == [("gazette", "feed")]


def test_a_starting_run_marks_crashed_only_this_hosts_runs_whose_process_is_gone(
    tmp_path: Path,
) -> None:
    db = tmp_path / "w.duckdb"
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    gone = int(done.stdout)  # a process that has ended
    here = "host-a"

    now = dt.datetime.now(dt.UTC)

    def started(run_id: str, host: str, pid: int, at: dt.datetime = now) -> RunRecord:
        return RunRecord(run_id, "gazette", "feed", "f", None, at, host=host, pid=pid)

    with connect(db) as con:
        # Another host's run first: it cannot judge host-a's process.
        for record in (started("killed", here, gone), started("elsewhere", "host-b", gone)):
            write_batch(con, record.run_id, "gazette", BatchWrite(run=record))
        before = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
        for record in (
            started("alive", here, os.getpid()),
            # This process lives, but it started after this run did (NOW is days ago):
            # the run's own process ended and its pid went to another, as after a reboot.
            started("pid-reused", here, os.getpid(), NOW),
            started("next", here, os.getpid()),
        ):
            write_batch(con, record.run_id, "gazette", BatchWrite(run=record))
        after = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
        (why,) = con.execute("SELECT error_message FROM runs WHERE run_id = 'killed'").fetchone()
    assert set(before.values()) == {"running"}
    assert after == {
        "killed": "crashed",
        "alive": "running",
        "pid-reused": "crashed",
        "elsewhere": "running",
        "next": "running",
    }
    assert why.startswith(f"its process (pid {gone} on host-a) ended without closing the run")


def test_an_article_listed_twice_in_a_batch_is_written_once_as_last_listed(
    tmp_path: Path,
) -> None:
    db = tmp_path / "w.duckdb"
    early, late = _article("a", "the early text"), _article("a", "the late text", ("Bo Li",))
    with connect(db) as con:
        counts = write_batch(con, "r1", "test", BatchWrite(articles=[early, late]))
        rows = con.execute("SELECT text FROM articles").fetchall()
        authors = con.execute("SELECT author_id FROM article_authors").fetchall()
        bands = con.execute("SELECT count(*) FROM article_bands").fetchone()
    assert (counts.articles_new, counts.articles_updated, counts.articles_unchanged) == (1, 0, 0)
    assert rows == [("the late text",)]
    assert len(authors) == 1 and bands == (SETTINGS.bands,)


def test_decisions_reach_new_and_stored_articles(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    words = " ".join(f"word{i}" for i in range(200))
    stored, copy, newer = _article("s", words), _article("c", words), _article("n", words)
    with connect(db) as con:
        write_batch(con, "r1", "test", BatchWrite(articles=[stored]))
        # A new original takes over a stored article; a new copy points to it too.
        write_batch(
            con,
            "r2",
            "test",
            BatchWrite(
                articles=[copy, newer],
                decisions=[
                    DuplicateDecision("s", "n", "exact", 1.0),
                    DuplicateDecision("c", "n", "near", 0.9),
                    DuplicateDecision("n", None, None, None),
                ],
            ),
        )
        rows = con.execute(
            "SELECT article_id, duplicate_of, duplicate_kind, similarity FROM articles"
            " ORDER BY article_id"
        ).fetchall()
    assert rows == [("c", "n", "near", 0.9), ("n", None, None, None), ("s", "n", "exact", 1.0)]


def test_articles_record_their_site_without_www_and_with_a_port(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    urls = {
        "a": "https://WWW.News.Example/a",
        "b": "http://news.example:8080/b?x=1",
        "c": "https://news.example?id=c",
        "d": "https://user@other.example/d#top",
    }
    items = [
        dataclasses.replace(_article(k, f"text {k}"), url=u, canonical_url=u)
        for k, u in urls.items()
    ]
    with connect(db) as con:
        write_batch(con, "r1", "test", BatchWrite(articles=items))
        sites = dict(con.execute("SELECT article_id, site FROM articles").fetchall())
    assert sites == {
        "a": "news.example",
        "b": "news.example:8080",
        "c": "news.example",
        "d": "other.example",
    }
