"""Benchmark writing one DuckLake from 1, 2 and 4 processes at once, with a reader.

    .venv/bin/python bench/scale_out.py [--writers 1 2 4] [--batches 5] [--batch 2000]

For each writer count: a fresh lake (a new database on a throwaway local PostgreSQL
cluster, tests/lake/pg_cluster.py; Parquet files in a temporary folder), then that many
writer processes, each merging ``--batches`` batches of ``--batch`` new synthetic ~5 KB
articles into ``articles`` with ``MERGE INTO``, one ``commit_with_retry`` transaction
per batch. Meanwhile this process attaches the lake
read-only and runs a query (articles per site and the newest title) in a loop.

Figures: article rows/s over the wall time from the first writer's first batch to the
last writer's last commit; commits that had to be retried (conflicts); the reader's
query latency (median, 95th percentile, max) while the writers ran and its error count.
Generating articles is not timed. The machine is shared: wall-clock figures are noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.lake.pg_cluster import throwaway_postgres
from warehouse.lake import LakeSettings, attach_lake, commit_with_retry, connect_lake, merge_rows

_TS = pa.timestamp("us", tz="UTC")
_WORDS = [
    "council",
    "harbour",
    "budget",
    "vote",
    "school",
    "river",
    "festival",
    "court",
    "election",
    "minister",
    "report",
    "market",
    "bridge",
    "police",
    "hospital",
    "station",
    "museum",
    "weather",
    "season",
    "transport",
]


def synthetic_articles(first: int, count: int) -> pa.Table:
    """``count`` articles numbered from ``first``, each ~5 KB of text."""
    numbers = range(first, first + count)
    texts = [
        " ".join(_WORDS[(n * 7 + i * 3) % len(_WORDS)] + str(i % 97) for i in range(800))
        for n in numbers
    ]
    ids = [hashlib.sha1(f"bench-{n}".encode()).hexdigest() for n in numbers]
    urls = [f"https://site{n % 20}.example/story/{n}" for n in numbers]
    now = dt.datetime.now(dt.UTC)
    return pa.table(
        {
            "article_id": pa.array(ids, pa.string()),
            "page_id": pa.array(ids, pa.string()),
            "source_id": pa.array(["bench"] * count, pa.string()),
            "url": pa.array(urls, pa.string()),
            "canonical_url": pa.array(urls, pa.string()),
            "site": pa.array([f"site{n % 20}.example" for n in numbers], pa.string()),
            "title": pa.array([f"Story {n}" for n in numbers], pa.string()),
            "is_paywalled": pa.array([False] * count, pa.bool_()),
            "text": pa.array(texts, pa.string()),
            "word_count": pa.array([800] * count, pa.int32()),
            "text_hash": pa.array([hashlib.sha1(t.encode()).hexdigest() for t in texts]),
            "extractor_version": pa.array(["bench"] * count, pa.string()),
            "first_seen_at": pa.array([now] * count, _TS),
            "updated_at": pa.array([now] * count, _TS),
        }
    )


def write_as_worker(catalog: str, data_path: str, worker: int, batches: int, batch: int) -> None:
    """One writer process: print a JSON line with its timings and commit attempts."""
    tables = [synthetic_articles((worker * batches + b) * batch, batch) for b in range(batches)]
    attempts = []
    with connect_lake(LakeSettings(catalog, data_path)) as con:
        started = time.time()
        for rows in tables:

            def merge(c: duckdb.DuckDBPyConnection, rows: pa.Table = rows) -> None:
                merge_rows(c, "articles", rows, ["article_id"])

            attempts.append(commit_with_retry(con, merge).attempts)
        finished = time.time()
    print(json.dumps({"started": started, "finished": finished, "attempts": attempts}))


def measure(catalog: str, writers: int, batches: int, batch: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="scale-out-") as folder:
        lake = LakeSettings(catalog, f"{folder}/data/")
        with connect_lake(lake):
            pass  # the layout, before anyone writes or reads
        reader = duckdb.connect()
        attach_lake(reader, lake, read_only=True)
        query = "SELECT site, count(*) AS n, max(title) FROM articles GROUP BY site ORDER BY n DESC"
        sizes = [str(batches), str(batch)]
        procs = [
            subprocess.Popen(
                [sys.executable, __file__, "--worker", str(w), catalog, lake.data_path, *sizes],
                stdout=subprocess.PIPE,
                text=True,
            )
            for w in range(writers)
        ]
        latencies: list[float] = []
        errors = 0
        while any(p.poll() is None for p in procs):
            start = time.perf_counter()
            try:
                reader.execute(query).fetchall()
                latencies.append(time.perf_counter() - start)
            except duckdb.Error:
                errors += 1
            time.sleep(0.1)
        reports = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
        if any(p.returncode for p in procs):
            raise SystemExit("a writer failed")
        row = reader.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone()
        reader.close()
    assert row is not None and row[0] == row[1] == writers * batches * batch, row
    wall = max(r["finished"] for r in reports) - min(r["started"] for r in reports)
    attempts = [a for r in reports for a in r["attempts"]]
    latencies.sort()
    return {
        "rows_per_s": row[0] / wall,
        "wall_s": wall,
        "commits": len(attempts),
        "retried_commits": sum(1 for a in attempts if a > 1),
        "attempts_max": max(attempts),
        "reader_queries": len(latencies),
        "reader_median_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "reader_p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))]
        if latencies
        else float("nan"),
        "reader_max_ms": 1000 * latencies[-1] if latencies else float("nan"),
        "reader_errors": errors,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker, catalog, data_path, batches, batch = sys.argv[2:7]
        write_as_worker(catalog, data_path, int(worker), int(batches), int(batch))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--batches", type=int, default=5, help="batches per writer")
    parser.add_argument("--batch", type=int, default=2000, help="articles per batch")
    args = parser.parse_args()
    print(
        f"DuckLake on PostgreSQL: {args.batches} batches x {args.batch} new ~5 KB articles"
        " per writer, MERGE INTO, one transaction per batch"
    )
    print(
        f"{'writers':>7} {'rows/s':>8} {'wall s':>7} {'commits':>7} {'retried':>7}"
        f" {'max att':>7} {'reads':>5} {'read p50 ms':>11} {'p95 ms':>7} {'max ms':>7}"
        f" {'errors':>6}"
    )

    with throwaway_postgres() as server:
        for writers in args.writers:
            catalog = "postgres:" + server.conninfo(server.create_database())
            figures = measure(catalog, writers, args.batches, args.batch)
            print(
                f"{writers:>7} {figures['rows_per_s']:>8,.0f} {figures['wall_s']:>7.1f}"
                f" {figures['commits']:>7.0f} {figures['retried_commits']:>7.0f}"
                f" {figures['attempts_max']:>7.0f} {figures['reader_queries']:>5.0f}"
                f" {figures['reader_median_ms']:>11.1f} {figures['reader_p95_ms']:>7.1f}"
                f" {figures['reader_max_ms']:>7.1f} {figures['reader_errors']:>6.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
