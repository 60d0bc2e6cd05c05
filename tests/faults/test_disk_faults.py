"""An unwritable or full data folder or warehouse: an error naming the path, no
half-written rows, and the batch kept staged so that nothing is lost once there is room."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tasks.archive import iter_warc
from warehouse.connection import WarehouseError, connect
from warehouse.staging import StagedBatch, merge_pending, pending_batches, stage_batch
from warehouse.writer import BatchWrite

from .disk import big_batch, fill, remount, row_counts, run_with_file_size_limit, small_filesystem

BATCH = 20
STORED = {
    "fetches": BATCH + 1,
    "pages": BATCH,
    "page_urls": BATCH,
    "articles": BATCH,
    "article_authors": BATCH,
    "article_signatures": BATCH,
    "article_bands": BATCH * 32,
    "errors": 1,
}
NOTHING = dict.fromkeys(STORED, 0)


def keep(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> tuple[BatchWrite, int]:
    return batch, 0


def test_staging_folder_under_a_file_names_the_folder(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    folder = tmp_path / "data" / "staged"
    with pytest.raises(WarehouseError) as info:
        stage_batch(folder, StagedBatch("run", "src", big_batch(1, words=50)))
    assert str(folder) in str(info.value) and "Not a directory" in str(info.value)


def test_warehouse_under_a_file_names_the_path(tmp_path: Path) -> None:
    (tmp_path / "db").write_text("a file where the warehouse folder should be")
    db = tmp_path / "db" / "w.duckdb"
    with pytest.raises(WarehouseError) as info, connect(db):
        pass
    assert str(db) in str(info.value)


def test_file_size_limit_in_staging_leaves_nothing_behind(tmp_path: Path) -> None:
    staging = tmp_path / "staged"
    staging.mkdir()
    done = run_with_file_size_limit(200_000, "stage", "-", str(staging))
    assert done.returncode == 0, done.stderr
    error = json.loads(done.stdout)["error"]
    assert error.startswith(f"cannot stage a batch in {staging}: File too large")
    assert list(staging.iterdir()) == []  # no half-written batch, not even a temporary one


def test_file_size_limit_on_the_archive_names_the_file_and_keeps_its_records(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "warc"
    done = run_with_file_size_limit(1_000_000, "archive", str(folder), "-")
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    (warc,) = folder.iterdir()
    assert outcome["error"] == f"cannot write the WARC archive {warc}: File too large"
    assert 5 <= outcome["written"] < 10  # 100 KB records under a 1 MB limit
    pages = list(iter_warc(warc))
    whole = [p for p in pages if p.error_class is None]
    assert [p.url for p in whole] == [f"https://news.example/{n}" for n in range(len(whole))]
    assert len(whole) == outcome["written"]  # every record reported written reads back
    assert [p.error_class for p in pages[len(whole) :]] in ([], ["BadWARC"])


def test_file_size_limit_in_the_warehouse_rolls_the_batch_back(tmp_path: Path) -> None:
    db, staging = tmp_path / "w.duckdb", tmp_path / "staged"
    with connect(db):
        pass
    stage_batch(staging, StagedBatch("run", "src", big_batch(BATCH)))
    # The batch's log (db.wal) must grow past 1.5 MB; the limit stops it there.
    done = run_with_file_size_limit(1_500_000, "merge", str(db), str(staging))
    assert done.returncode == 0, done.stderr
    error = json.loads(done.stdout)["error"]
    assert error.startswith(f"cannot write to the warehouse {db}: ")
    assert "File too large" in error and "stays staged" in error
    assert len(pending_batches(staging)) == 1
    assert row_counts(db) == NOTHING
    assert merge_pending(db, staging, keep).merged == 1  # without the limit: all of it
    assert row_counts(db) == STORED and pending_batches(staging) == []


def test_full_disk_during_a_merge_keeps_the_batch_staged(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "small", "8m") as disk:
        if disk is None:
            pytest.skip("cannot mount a tmpfs here (needs root); the file size test covers it")
        db, staging = disk / "w.duckdb", tmp_path / "staged"
        with connect(db):
            pass
        filler = fill(disk, leave=300_000)
        stage_batch(staging, StagedBatch("run", "src", big_batch(BATCH)))
        with pytest.raises(WarehouseError) as info:
            merge_pending(db, staging, keep)
        message = str(info.value)
        assert message.startswith(f"cannot write to the warehouse {db}: ")
        assert "No space left on device" in message
        assert len(pending_batches(staging)) == 1
        filler.unlink()
        assert row_counts(db) == NOTHING
        assert merge_pending(db, staging, keep).merged == 1
        assert row_counts(db) == STORED


def test_full_staging_disk_names_the_folder(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "small", "1m") as disk:
        if disk is None:
            pytest.skip("cannot mount a tmpfs here (needs root); the file size test covers it")
        folder = disk / "staged"
        with pytest.raises(WarehouseError) as info:
            stage_batch(folder, StagedBatch("run", "src", big_batch(BATCH)))
        assert str(info.value).startswith(f"cannot stage a batch in {folder}: No space left")
        assert list(folder.iterdir()) == []


def test_read_only_warehouse_disk_names_the_file(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "small", "8m") as disk:
        if disk is None:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        db, staging = disk / "w.duckdb", tmp_path / "staged"
        with connect(db):
            pass
        stage_batch(staging, StagedBatch("run", "src", big_batch(2)))
        remount(disk, "ro")
        try:
            with pytest.raises(WarehouseError) as info:
                merge_pending(db, staging, keep)
            assert str(db) in str(info.value) and "Read-only file system" in str(info.value)
            assert len(pending_batches(staging)) == 1
            with pytest.raises(WarehouseError) as staged:
                stage_batch(disk / "staged", StagedBatch("run", "src", big_batch(1, words=50)))
            assert f"{disk / 'staged'}: Read-only file system" in str(staged.value)
        finally:
            remount(disk, "rw")
        assert merge_pending(db, staging, keep).merged == 1
        assert row_counts(db)["articles"] == 2
