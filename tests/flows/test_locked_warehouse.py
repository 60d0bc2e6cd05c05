"""A run while a user holds the warehouse open: nothing is lost, the next run merges."""

from __future__ import annotations

from pathlib import Path

import duckdb

from demo.server import serve_demo_site
from flows.ingest import ingest_urls
from tests.readers import reader_holding, release
from warehouse.connection import connect
from warehouse.staging import pending_batches


def test_locked_run_stages_and_the_next_run_merges_first(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with connect(db):
        pass  # a warehouse exists, and a user opens it for a long SQL session
    with reader_holding(db) as reader, serve_demo_site() as site:
        feed = [site.entry_points()[3]]  # the blog's Atom feed: 10 articles
        locked = ingest_urls(discover_from=feed, db=str(db), source="blog", lock_wait=0.3)
        staged = pending_batches(tmp_path / "news-data" / "staged")
        # Still locked: nothing merged, everything waits on disk.
        assert locked.batches_waiting == len(staged) > 0
        assert locked.articles_new == 0 and locked.pages_fetched == 10
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
        con.close()
        release(reader)
        after = ingest_urls(discover_from=feed, db=str(db), source="blog", lock_wait=10)
    assert after.batches_waiting == 0
    assert pending_batches(tmp_path / "news-data" / "staged") == []
    con = duckdb.connect(str(db), read_only=True)
    articles = con.execute(
        "SELECT count(*), count(DISTINCT canonical_url) FROM articles"
    ).fetchone()
    runs = con.execute("SELECT run_id, status FROM runs ORDER BY started_at").fetchall()
    con.close()
    assert articles == (10, 10)  # every page once, none lost, none twice
    assert runs == [(locked.run_id, "completed"), (after.run_id, "completed")]
