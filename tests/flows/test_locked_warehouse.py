"""A run while a user holds the warehouse open: nothing is lost, the next run merges."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from demo.server import serve_demo_site
from flows.ingest import ingest_urls
from warehouse.connection import connect
from warehouse.staging import pending_batches


def _hold_read_only(db: Path) -> subprocess.Popen[str]:
    code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True);"
        " print('open', flush=True); sys.stdin.readline()"
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", code, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stdout.readline().strip() == "open"
    return reader


def _release(reader: subprocess.Popen[str]) -> None:
    assert reader.stdin is not None and reader.stdout is not None
    reader.stdin.close()
    reader.wait(timeout=10)
    reader.stdout.close()


def test_locked_run_stages_and_the_next_run_merges_first(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with connect(db):
        pass  # a warehouse exists, and a user opens it for a long SQL session
    reader = _hold_read_only(db)
    try:
        with serve_demo_site() as site:
            feed = [site.entry_points()[3]]  # the blog's Atom feed: 10 articles
            locked = ingest_urls(discover_from=feed, db=str(db), source="blog", lock_wait=0.3)
            staged = pending_batches(tmp_path / "news-data" / "staged")
            # Still locked: nothing merged, everything waits on disk.
            assert locked.batches_waiting == len(staged) > 0
            assert locked.articles_new == 0 and locked.pages_fetched == 10
            con = duckdb.connect(str(db), read_only=True)
            assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
            con.close()
            _release(reader)
            after = ingest_urls(discover_from=feed, db=str(db), source="blog", lock_wait=10)
    finally:
        if reader.returncode is None:
            _release(reader)
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
