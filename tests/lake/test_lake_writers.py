"""Many processes writing one lake at once, a reader beside them, maintenance after,
and the search index kept beside the lake."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa

from tests.lake.lake_writer import article_id_of, article_rows
from warehouse.lake import (
    LakeSettings,
    attach_lake,
    commit_with_retry,
    connect_lake,
    lake_table_counts,
    maintain_lake,
    merge_rows,
)
from warehouse.search import search_articles

WRITER = Path(__file__).with_name("lake_writer.py")
WORKERS = 4
BATCH = 40
# Writer w merges articles [w * 60, w * 60 + 120): each shares half its articles with
# the next writer, so every batch races another writer's batch for the same keys.
SPANS = [(w * 60, w * 60 + 120) for w in range(WORKERS)]


def _writer_command(lake: LakeSettings, worker: int, first: int, last: int) -> list[str]:
    args = [lake.catalog, lake.data_path, str(worker), f"{first}:{last}", str(BATCH)]
    return [sys.executable, str(WRITER), *args]


def _start_writers(lake: LakeSettings) -> list[subprocess.Popen[str]]:
    return [
        subprocess.Popen(
            [*_writer_command(lake, w, first, last)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        for w, (first, last) in enumerate(SPANS)
    ]


def test_four_writers_lose_and_duplicate_nothing_while_a_reader_reads(
    lake: LakeSettings,
) -> None:
    with connect_lake(lake):
        pass  # the layout exists before anyone reads
    writers = _start_writers(lake)
    reader = duckdb.connect()
    attach_lake(reader, lake, read_only=True)
    seen: list[tuple[int, int]] = []
    reader_errors: list[str] = []
    while any(w.poll() is None for w in writers):
        try:
            row = reader.execute(
                "SELECT count(*), count(DISTINCT article_id) FROM articles"
            ).fetchone()
            assert row is not None
            seen.append((int(row[0]), int(row[1])))
        except duckdb.Error as exc:
            reader_errors.append(str(exc))
        time.sleep(0.05)
    outputs = [w.communicate() for w in writers]
    assert [w.returncode for w in writers] == [0] * WORKERS, [err for _, err in outputs]
    reports = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]

    expected = {article_id_of(n) for first, last in SPANS for n in range(first, last)}
    rows = reader.execute("SELECT article_id, title FROM articles").fetchall()
    runs = reader.execute("SELECT run_id FROM runs ORDER BY run_id").fetchall()
    reader.close()
    assert reader_errors == []
    assert seen, "the reader never ran while the writers wrote"
    # Every snapshot the reader saw held each article once, and none went backwards.
    assert all(total == distinct for total, distinct in seen)
    assert [d for _, d in seen] == sorted(d for _, d in seen)
    assert len(rows) == len(expected) and {r[0] for r in rows} == expected
    titles = {article_id_of(n): f"Story {n}" for first, last in SPANS for n in range(first, last)}
    assert all(title == titles[article_id] for article_id, title in rows)
    batches = [
        (w, b) for w, (first, last) in enumerate(SPANS) for b in range((last - first) // BATCH)
    ]
    assert [r[0] for r in runs] == sorted(f"{w}-{b}" for w, b in batches)
    assert all(len(r["attempts"]) == (SPANS[0][1] - SPANS[0][0]) // BATCH for r in reports)


def test_maintenance_compacts_and_keeps_every_row(lake: LakeSettings) -> None:
    with connect_lake(lake) as con:
        for start in range(0, 200, 20):  # ten commits, ten small files of articles
            rows = article_rows(list(range(start, start + 20)), dt.datetime.now(dt.UTC), "s")
            commit_with_retry(
                con, partial(merge_rows, table="articles", rows=rows, keys=["article_id"])
            )
        # Rewrite half of them: the old versions become deleted rows in old files.
        rows = article_rows(list(range(0, 100)), dt.datetime.now(dt.UTC), "t")
        commit_with_retry(
            con, partial(merge_rows, table="articles", rows=rows, keys=["article_id"])
        )
        before = lake_table_counts(con)
        by_source = con.execute(
            "SELECT source_id, count(*) FROM articles GROUP BY ALL ORDER BY 1"
        ).fetchall()
        done = maintain_lake(
            con, expire_older_than=dt.timedelta(0), delete_older_than=dt.timedelta(0)
        )
        after = lake_table_counts(con)
        after_by_source = con.execute(
            "SELECT source_id, count(*) FROM articles GROUP BY ALL ORDER BY 1"
        ).fetchall()
        snapshots = con.execute("SELECT count(*) FROM ducklake_snapshots('lake')").fetchone()
    assert after == before and before["articles"] == 200
    assert by_source == after_by_source == [("s", 100), ("t", 100)]
    assert done.files_after < done.files_before
    assert done.files_deleted > 0
    assert snapshots == (1,)  # everything older than now was expired
    # What is left on disk is what the current snapshot reads (deletion files aside).
    on_disk = [p for p in Path(lake.data_path).rglob("*.parquet") if "-delete" not in p.name]
    assert len(on_disk) == done.files_after


def test_search_index_beside_the_lake_finds_originals_only(
    lake: LakeSettings, tmp_path: Path
) -> None:
    from warehouse.lake import refresh_lake_search_index

    index = tmp_path / "search.duckdb"
    at = dt.datetime.now(dt.UTC)
    with connect_lake(lake) as con:
        rows = article_rows([1, 2, 3], at, "s")
        copy_of = pa.table(
            {
                "article_id": [article_id_of(3)],
                "duplicate_of": [article_id_of(1)],
                "duplicate_kind": ["near"],
                "similarity": [0.9],
            }
        )

        def write(c: duckdb.DuckDBPyConnection) -> None:
            merge_rows(c, "articles", rows, ["article_id"])
            merge_rows(c, "articles", copy_of, ["article_id"])

        commit_with_retry(con, write)
        assert refresh_lake_search_index(con, index) == 3
    found = search_articles(index, "harbour council")
    assert {r[3] for r in found.rows} == {"Story 1", "Story 2"}
    assert search_articles(index, "nothing-like-this").rows == []
    assert not list(tmp_path.glob(".*.tmp"))
