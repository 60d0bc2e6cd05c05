"""A user holding the warehouse open never costs a run its data: batches wait on disk."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from tasks.dedupe import DedupeSettings, fingerprint
from tasks.pipeline import decide_duplicates
from tasks.records import (
    Article,
    DuplicateDecision,
    FetchedPage,
    Fingerprint,
    Image,
    Link,
    PageError,
    StoredArticle,
)
from tests.readers import reader_holding
from warehouse import staging
from warehouse.connection import WarehouseError, connect
from warehouse.queries import known_articles_for
from warehouse.staging import (
    StagedBatch,
    WarehouseLocked,
    connect_when_free,
    merge_pending,
    pending_batches,
    read_staged,
    stage_batch,
)
from warehouse.writer import (
    BatchWrite,
    PageRow,
    PageURL,
    RunRecord,
    SourceEntry,
    batch_tables,
    batch_view,
    write_batch,
)

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def _stored(article_id: str, text: str | None = None) -> StoredArticle:
    url = f"https://news.example/{article_id}"
    text = text or f"story {article_id} " * 40
    article = Article(url, url, f"Title {article_id}", text, word_count=80, extractor_version="t")
    return StoredArticle(
        article_id, "src", url, url, article, fingerprint(text, DedupeSettings()), NOW
    )


def _batch(article_id: str, text: str | None = None) -> BatchWrite:
    return BatchWrite(articles=[_stored(article_id, text)])


def _dedupe(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> tuple[BatchWrite, int]:
    """The flows' decision step: against everything stored, inside the transaction."""
    return decide_duplicates(batch, lambda bands: known_articles_for(con, bands), DedupeSettings())


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


def test_a_merge_writes_with_its_own_thread_count_and_leaves_others_alone(
    tmp_path: Path,
) -> None:
    db, staging_folder = tmp_path / "w.duckdb", tmp_path / "staged"
    with connect(db) as con:
        default = con.execute("SELECT current_setting('threads')").fetchone()
    assert default is not None and int(default[0]) >= 1
    seen: list[int] = []

    def decide(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> tuple[BatchWrite, int]:
        row = con.execute("SELECT current_setting('threads')").fetchone()
        seen.append(int(row[0]) if row else -1)
        return batch, 0

    for name in ("a", "b"):
        stage_batch(staging_folder, StagedBatch("run", "src", _batch(name)))
    assert merge_pending(db, staging_folder, decide).merged == 2
    assert seen == [staging.MERGE_THREADS] * 2
    # The next connection to the file (maintenance, a reader) has DuckDB's default again.
    with connect(db) as con:
        assert con.execute("SELECT current_setting('threads')").fetchone() == default
    assert _count(db) == 2


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


WIRE = " ".join(f"word{i}" for i in range(300))


def _stage_story(staging: Path) -> None:
    """Four batches whose outcome depends on the ones before: an original, its exact copy,
    a new version of the original, and a batch that lists the copy again."""
    stage_batch(staging, StagedBatch("run", "src", _batch("a", WIRE)))
    stage_batch(staging, StagedBatch("run", "src", _batch("b", WIRE)))
    stage_batch(staging, StagedBatch("run", "src", _batch("a", WIRE + " with an update")))
    stage_batch(staging, StagedBatch("run", "src", _batch("b", WIRE)))


def _contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with connect(db, read_only=True) as con:
        return {
            "articles": con.execute(
                "SELECT article_id, duplicate_of, duplicate_kind, text_hash FROM articles"
                " ORDER BY article_id"
            ).fetchall(),
            "revisions": con.execute(
                "SELECT article_id, text_hash, words_changed FROM article_revisions"
            ).fetchall(),
            "bands": con.execute(
                "SELECT article_id, count(*) FROM article_bands GROUP BY ALL ORDER BY ALL"
            ).fetchall(),
        }


def test_batches_sharing_a_transaction_are_decided_and_stored_as_one_by_one(
    tmp_path: Path,
) -> None:
    one_by_one, together = tmp_path / "one.duckdb", tmp_path / "together.duckdb"
    _stage_story(tmp_path / "s1")
    _stage_story(tmp_path / "s2")
    single = merge_pending(one_by_one, tmp_path / "s1", _dedupe, rows_per_transaction=0)
    shared = merge_pending(together, tmp_path / "s2", _dedupe)  # all four in one
    assert (shared.merged, shared.left) == (4, 0) and pending_batches(tmp_path / "s2") == []
    assert shared.counts == single.counts
    assert [(c.articles_new, c.articles_updated, c.articles_unchanged) for c in shared.counts] == [
        (1, 0, 0),
        (1, 0, 0),
        (0, 1, 0),
        (0, 0, 1),
    ]
    assert shared.copies == single.copies == 2  # b copies a, both times b is listed
    stored = _contents(together)
    assert stored == _contents(one_by_one)
    assert [(a, d, k) for a, d, k, _ in stored["articles"]] == [
        ("a", None, None),
        ("b", "a", "near"),  # decided again by batch 4, against a's update of batch 3
    ]
    assert [(a, n) for a, _, n in stored["revisions"]] == [("a", 3)]
    assert stored["bands"] == [("a", 32), ("b", 32)]  # the rewritten article's bands, once


def test_a_transaction_that_fails_leaves_all_its_batches_staged(tmp_path: Path) -> None:
    db, staging = tmp_path / "w.duckdb", tmp_path / "staged"
    for name in ("a", "b"):
        stage_batch(staging, StagedBatch("run", "src", _batch(name)))
    # A page row without its canonical URL breaks the table's NOT NULL constraint.
    broken = BatchWrite(pages=[PageRow("c", None, "article", 200, NOW)])  # type: ignore[arg-type]
    stage_batch(staging, StagedBatch("run", "src", broken))
    with pytest.raises(WarehouseError, match="stays staged") as failed:
        merge_pending(db, staging, _keep)
    assert str(pending_batches(staging)[0]) in str(failed.value)
    assert len(pending_batches(staging)) == 3 and _count(db) == 0  # a and b rolled back too
    # Two pages a transaction: a and b commit together, the broken batch alone fails.
    with pytest.raises(WarehouseError, match="stays staged"):
        merge_pending(db, staging, _keep, rows_per_transaction=2)
    assert len(pending_batches(staging)) == 1 and _count(db) == 2


def _rich_batch() -> BatchWrite:
    """A batch with a row for every table a batch writes."""
    article = dataclasses.replace(
        _stored("a"),
        article=dataclasses.replace(
            _stored("a").article,
            authors=("Ana Ruiz", "Li Wei", "Ana Ruiz"),
            tags=("harbour", "Harbour", "quay"),
            images=(Image("https://news.example/a.jpg", "a quay", "The quay at dawn"),),
            links=(Link("https://elsewhere.example/", "elsewhere"), Link("/b", "b")),
            published_at=NOW,
            published_date=NOW.date(),
            section="Ports",
            page_kind="article",
        ),
    )
    url = "https://news.example/a"
    return BatchWrite(
        fetches=[FetchedPage(url, url, 200, b"<html>", "text/html", NOW, 1.5, redirects=(url,))],
        pages=[PageRow("a", url, "article", 200, NOW, etag='"x"')],
        page_urls=[PageURL(url + "?utm_source=x", "a", NOW)],
        articles=[article, _stored("b")],
        decisions=[DuplicateDecision("b", "a", "near", 0.9)],
        errors=[PageError(url + "/gone", "fetch", "HTTPStatusError", "404", at=NOW)],
        source_entries=[SourceEntry(url, None, NOW)],
        unchanged=[(url, NOW)],
    )


def test_a_staged_batch_reads_back_as_its_tables_and_records(tmp_path: Path) -> None:
    batch = _rich_batch()
    path = stage_batch(tmp_path, StagedBatch("run", "src", batch))
    assert path.name.endswith(".arrows") and pending_batches(tmp_path) == [path]
    staged = read_staged(path)
    expected = batch_tables("run", "src", batch)
    assert (staged.run_id, staged.source_id, staged.run) == ("run", "src", None)
    assert set(staged.tables) == set(expected.tables) >= {"articles", "bands", "errors"}
    for name, table in expected.tables.items():
        if name == "fetches":  # each fetch row gets its own id when staged
            table, read = table.drop_columns(["fetch_id"]), staged.table(name)
            assert read.drop_columns(["fetch_id"]).equals(table)
        else:
            assert staged.table(name).equals(table), name
    # What duplicate decisions read comes back whole: the records and the decisions.
    view = batch_view(staged)
    assert list(view.articles) == list(batch.articles)
    assert view.decisions == batch.decisions


def test_a_staged_run_row_reads_back(tmp_path: Path) -> None:
    run = RunRecord("run", "src", "feed", "https://news.example/feed", None, NOW, host="h", pid=7)
    finished = dataclasses.replace(
        run, status="completed", finished_at=NOW, counts={"articles_new": 2}
    )
    for record in (run, finished):
        staged = read_staged(stage_batch(tmp_path, StagedBatch("run", "src", BatchWrite(record))))
        assert staged.run == record and staged.tables == {}


def test_a_merged_staged_batch_stores_what_a_direct_write_stores(tmp_path: Path) -> None:
    staged_db, direct_db = tmp_path / "staged.duckdb", tmp_path / "direct.duckdb"
    stage_batch(tmp_path / "s", StagedBatch("run", "src", _rich_batch()))
    assert merge_pending(staged_db, tmp_path / "s", _keep).merged == 1
    with connect(direct_db) as con:
        write_batch(con, "run", "src", _rich_batch())
    assert _everything(staged_db) == _everything(direct_db)


def _everything(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a batch writes, but the fetch log's ids."""
    tables = [
        "pages",
        "page_urls",
        "articles",
        "authors",
        "article_authors",
        "tags",
        "article_tags",
        "images",
        "links",
        "article_signatures",
        "article_bands",
        "errors",
        "source_entries",
    ]
    with connect(db, read_only=True) as con:
        found = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
        found["fetches"] = con.execute(
            "SELECT * EXCLUDE (fetch_id) FROM fetches ORDER BY ALL"
        ).fetchall()
    assert found["articles"] and found["article_bands"] and found["images"]
    return found


def test_fingerprints_that_are_not_uint64s_are_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    odd = dataclasses.replace(_stored("b"), fingerprint=Fingerprint("h", (-1, 2**64, 3), ()))
    with pytest.raises(ValueError, match="uint64"):
        stage_batch(tmp_path, StagedBatch("run", "src", BatchWrite(articles=[odd])))
    assert list(tmp_path.iterdir()) == []


class _LegacyPickler(pickle.Pickler):
    """How pressroom staged a batch before the Arrow files: a pickle of its records, each
    as its class and field values, fingerprints as packed uint64 bytes."""

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, Fingerprint):
            minhash = np.array(obj.minhash, dtype=np.uint64).tobytes()
            bands = np.array(obj.band_hashes, dtype=np.uint64).tobytes()
            return staging._unpacked_fingerprint, (obj.text_hash, minhash, bands)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return type(obj), tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))
        return NotImplemented


def test_batches_staged_as_pickles_by_an_earlier_version_are_still_merged(
    tmp_path: Path,
) -> None:
    staging_dir, db = tmp_path / "staged", tmp_path / "w.duckdb"
    staging_dir.mkdir()
    old = staging_dir / f"{time.time_ns():020d}-0000beef.batch"
    with open(old, "wb") as file:
        _LegacyPickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(
            StagedBatch("run", "src", _rich_batch())
        )
    # A batch staged now, after it, updates article a: the pickle must go in first.
    newer = stage_batch(staging_dir, StagedBatch("run", "src", _batch("a", "a new text " * 30)))
    assert pending_batches(staging_dir) == [old, newer]
    result = merge_pending(db, staging_dir, _keep)
    assert (result.merged, result.left) == (2, 0) and pending_batches(staging_dir) == []
    assert [(c.articles_new, c.articles_updated) for c in result.counts] == [(2, 0), (0, 1)]
    with connect(db, read_only=True) as con:
        assert con.execute(
            "SELECT article_id, duplicate_of, text FROM articles ORDER BY 1"
        ).fetchall() == [("a", None, "a new text " * 30), ("b", "a", _stored("b").article.text)]
        assert con.execute("SELECT count(*) FROM article_revisions").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM images").fetchone() == (0,)  # a rewritten


def _restaged(path: Path, change: Any) -> None:
    """Write the batch staged at ``path`` again with ``change`` applied to its pages table."""
    staged = read_staged(path)  # mapped from the file: written anew beside it, then moved
    tables = {**staged.tables, "pages": change(staged.tables["pages"])}
    again = path.with_name(path.name + ".tmp")
    with open(again, "wb") as file:
        staging._write_tables(file, dataclasses.replace(staged, tables=tables))
    again.replace(path)


def test_a_batch_staged_before_kind_reasons_were_kept_is_merged_without_them(
    tmp_path: Path,
) -> None:
    staging_dir, db = tmp_path / "staged", tmp_path / "w.duckdb"
    url = "https://news.example/world"
    pages = [PageRow("w", url, "listing", 200, NOW, kind_reason="homepage")]
    old = stage_batch(staging_dir, StagedBatch("run", "src", BatchWrite(pages=pages)))
    # As the version before pages.kind_reason staged it: the column is not there.
    _restaged(old, lambda pages: pages.drop_columns(["kind_reason"]))
    assert merge_pending(db, staging_dir, _keep).merged == 1
    with connect(db, read_only=True) as con:
        stored = con.execute("SELECT page_id, page_kind, kind_reason FROM pages").fetchall()
    assert stored == [("w", "listing", None)]


def test_a_batch_staged_by_a_newer_version_is_refused_and_stays_staged(tmp_path: Path) -> None:
    staging_dir, db = tmp_path / "staged", tmp_path / "w.duckdb"
    pages = [PageRow("w", "https://news.example/w", "article", 200, NOW)]
    path = stage_batch(staging_dir, StagedBatch("run", "src", BatchWrite(pages=pages)))
    column = pa.array(["x"], pa.string())
    _restaged(path, lambda pages: pages.append_column("added_later", column))
    with pytest.raises(WarehouseError, match="'pages' this version does not write"):
        merge_pending(db, staging_dir, _keep)
    assert pending_batches(staging_dir) == [path]


def test_a_damaged_staged_file_is_named_and_stays_staged(tmp_path: Path) -> None:
    staging_dir, db = tmp_path / "staged", tmp_path / "w.duckdb"
    path = stage_batch(staging_dir, StagedBatch("run", "src", _rich_batch()))
    path.write_bytes(path.read_bytes()[:-10])  # cut short
    with pytest.raises(WarehouseError, match=str(path)):
        merge_pending(db, staging_dir, _keep)
    assert pending_batches(staging_dir) == [path]
