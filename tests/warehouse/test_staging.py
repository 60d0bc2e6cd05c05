"""A user holding the warehouse open never costs a run its data: batches wait on disk."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tasks.dedupe import DedupeSettings, fingerprint
from tasks.records import Article, StoredArticle
from tests.readers import reader_holding
from warehouse.connection import connect
from warehouse.staging import (
    StagedBatch,
    WarehouseLocked,
    connect_when_free,
    merge_pending,
    pending_batches,
    stage_batch,
)
from warehouse.writer import BatchWrite

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def _batch(article_id: str) -> BatchWrite:
    url = f"https://news.example/{article_id}"
    text = f"story {article_id} " * 40
    article = Article(url, url, f"Title {article_id}", text, word_count=80, extractor_version="t")
    stored = StoredArticle(
        article_id, "src", url, url, article, fingerprint(text, DedupeSettings()), NOW
    )
    return BatchWrite(articles=[stored])


def _keep(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> tuple[BatchWrite, int]:
    return batch, 0


def _count(db: Path) -> int:
    with connect(db, read_only=True) as con:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
    return int(row[0]) if row else -1


def test_staged_batches_merge_in_order_and_are_removed(tmp_path: Path) -> None:
    db, staging = tmp_path / "w.duckdb", tmp_path / "staged"
    for name in ("a", "b", "c"):
        stage_batch(staging, StagedBatch("run", "src", _batch(name)))
    assert len(pending_batches(staging)) == 3
    result = merge_pending(db, staging, _keep)
    assert (result.merged, result.left) == (3, 0)
    assert [c.articles_new for c in result.counts] == [1, 1, 1]
    assert pending_batches(staging) == [] and _count(db) == 3


def test_a_reader_holding_the_file_keeps_batches_staged_until_it_lets_go(tmp_path: Path) -> None:
    db, staging = tmp_path / "w.duckdb", tmp_path / "staged"
    merge_pending(db, staging, _keep)  # creates nothing: nothing staged
    with connect(db):
        pass  # the file exists, migrated
    with reader_holding(db):
        with pytest.raises(WarehouseLocked, match=r"w\.duckdb"), connect_when_free(db, wait=0.3):
            pass
        stage_batch(staging, StagedBatch("run", "src", _batch("a")))
        started = time.monotonic()
        held = merge_pending(db, staging, _keep, wait=0.5)
        assert time.monotonic() - started < 5
        assert (held.merged, held.left) == (0, 1)
        assert len(pending_batches(staging)) == 1
        # Reading alongside the user's read-only session still works.
        with connect_when_free(db, read_only=True, wait=1) as con:
            assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    released = merge_pending(db, staging, _keep, wait=5)
    assert (released.merged, released.left) == (1, 0)
    assert _count(db) == 1 and pending_batches(staging) == []


def test_a_run_waits_for_a_reader_that_lets_go_in_time(tmp_path: Path) -> None:
    db, staging = tmp_path / "w.duckdb", tmp_path / "staged"
    with connect(db):
        pass
    stage_batch(staging, StagedBatch("run", "src", _batch("a")))
    with reader_holding(db) as reader:
        # The reader lets go after half a second, while the merge (allowed 10 s) retries.
        assert reader.stdin is not None
        threading.Timer(0.5, reader.stdin.close).start()
        result = merge_pending(db, staging, _keep, wait=10)
    assert (result.merged, result.left) == (1, 0)
    assert _count(db) == 1
