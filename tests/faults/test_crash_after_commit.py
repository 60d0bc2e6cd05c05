"""The narrowest crash window: a batch committed, the process killed before it deleted the
staged file. The next merge must not store the batch twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from warehouse.staging import StagedBatch, merge_pending, pending_batches, stage_batch
from warehouse.writer import BatchWrite

from .disk import big_batch, row_counts


def keep(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> tuple[BatchWrite, int]:
    return batch, 0


def test_a_batch_merged_before_the_crash_is_not_merged_again(tmp_path: Path) -> None:
    db, staging = tmp_path / "w.duckdb", tmp_path / "staged"
    staged = stage_batch(staging, StagedBatch("run", "src", big_batch(3, words=300)))
    survivor = tmp_path / staged.name
    shutil.copy(staged, survivor)
    first = merge_pending(db, staging, keep)
    stored = row_counts(db)
    shutil.copy(survivor, staged)  # as if the process died between COMMIT and unlink
    later = stage_batch(staging, StagedBatch("run", "src", big_batch(2, words=300, prefix="q")))
    again = merge_pending(db, staging, keep)
    assert (first.merged, again.merged, again.left) == (1, 2, 0)
    assert [c.articles_new for c in again.counts] == [2]  # only the later batch was written
    assert pending_batches(staging) == [] and not later.exists()
    after = row_counts(db)
    assert after["fetches"] == stored["fetches"] + 3  # the later batch's 2 pages and 1 error
    assert after["articles"] == stored["articles"] + 2 == 5
    with duckdb.connect(str(db), read_only=True) as con:
        occurrences = con.execute("SELECT url, occurrences FROM errors ORDER BY url").fetchall()
    assert [n for _, n in occurrences] == [1, 1]
