"""A lake writer process for the concurrency tests: merges batches of articles, each
batch in its own transaction through ``commit_with_retry``, and prints a JSON line with
the attempts its commits took.

    python tests/lake/lake_writer.py CATALOG DATA_PATH WORKER FIRST_ID:LAST_ID BATCH

Articles are built here from their number alone (their title and text do not depend on
the writer), so writers whose ranges overlap write identical rows for shared ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from warehouse.lake import LakeSettings, commit_with_retry, connect_lake, merge_rows

_TS = pa.timestamp("us", tz="UTC")


def article_id_of(number: int) -> str:
    return hashlib.sha1(f"article-{number}".encode()).hexdigest()


def article_rows(numbers: Sequence[int], seen_at: dt.datetime, source_id: str) -> pa.Table:
    """Articles with every NOT NULL column of ``articles`` filled."""
    ids = [article_id_of(n) for n in numbers]
    texts = [
        f"Story {n} reports on harbour number {n % 7} and the council vote {n}. " * 20
        for n in numbers
    ]
    urls = [f"https://news{n % 3}.example/{n}" for n in numbers]
    size = len(numbers)
    return pa.table(
        {
            "article_id": pa.array(ids, pa.string()),
            "page_id": pa.array(ids, pa.string()),
            "source_id": pa.array([source_id] * size, pa.string()),
            "url": pa.array(urls, pa.string()),
            "canonical_url": pa.array(urls, pa.string()),
            "site": pa.array([f"news{n % 3}.example" for n in numbers], pa.string()),
            "title": pa.array([f"Story {n}" for n in numbers], pa.string()),
            "is_paywalled": pa.array([False] * size, pa.bool_()),
            "text": pa.array(texts, pa.string()),
            "word_count": pa.array([len(t.split()) for t in texts], pa.int32()),
            "text_hash": pa.array([hashlib.sha1(t.encode()).hexdigest() for t in texts]),
            "extractor_version": pa.array(["test"] * size, pa.string()),
            "first_seen_at": pa.array([seen_at] * size, _TS),
            "updated_at": pa.array([seen_at] * size, _TS),
        }
    )


def run_row(run_id: str, source_id: str, at: dt.datetime) -> pa.Table:
    return pa.table(
        {
            "run_id": pa.array([run_id], pa.string()),
            "source_id": pa.array([source_id], pa.string()),
            "started_at": pa.array([at], _TS),
            "finished_at": pa.array([at], _TS),
            "status": pa.array(["completed"], pa.string()),
        }
    )


def main(argv: Sequence[str]) -> None:
    catalog, data_path, worker, span, batch = argv
    first, last = (int(x) for x in span.split(":"))
    size = int(batch)
    source_id = f"writer-{worker}"
    attempts = []
    with connect_lake(LakeSettings(catalog, data_path)) as con:
        for number, start in enumerate(range(first, last, size)):
            numbers = list(range(start, min(start + size, last)))
            at = dt.datetime.now(dt.UTC)

            def write(
                c: duckdb.DuckDBPyConnection,
                numbers: list[int] = numbers,
                at: dt.datetime = at,
                number: int = number,
            ) -> None:
                merge_rows(c, "articles", article_rows(numbers, at, source_id), ["article_id"])
                merge_rows(c, "runs", run_row(f"{worker}-{number}", source_id, at), ["run_id"])

            attempts.append(commit_with_retry(con, write).attempts)
    print(json.dumps({"worker": worker, "attempts": attempts}))


if __name__ == "__main__":
    main(sys.argv[1:])
