"""Benchmark the warehouse writer on synthetic articles and print its figures.

    .venv/bin/python bench/warehouse.py [--articles 100000] [--batch 5000] [--breakdown]

Writes ``--articles`` synthetic ~5 KB articles (bench/synthetic.py: authors, tags,
MinHash signatures and 32 LSH bands each, plus their page and URL rows) into a fresh
DuckDB file in a temporary folder through ``write_batch``, one transaction per batch.
Generating the articles is not timed. Figures: article rows/s over the wall time of the
``write_batch`` calls alone (plus the closing CHECKPOINT); end to end, rows/s including
fingerprinting and building the records; database size; peak RSS. ``--breakdown`` times
each step inside ``write_batch`` (by wrapping the writer's private step functions: the
bench's only intrusion).
"""

from __future__ import annotations

import argparse
import functools
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import Corpus, page_rows, stored_articles
from tasks.dedupe import DedupeSettings, fingerprint_batch
from warehouse import writer
from warehouse.connection import connect
from warehouse.writer import BatchWrite, write_batch

_STEPS = (
    "_write_pages",
    "_write_page_urls",
    "_article_table",
    "_write_revisions",
    "_write_articles",
    "_delete_parts",
    "_write_details",
    "_write_authors",
    "_write_signatures",
    "_write_decisions",
    "_clear_errors",
)


def time_steps(spent: dict[str, float]) -> None:
    """Wrap the writer's step functions so each adds its wall time to ``spent``."""
    for name in _STEPS:
        step: Callable[..., Any] = getattr(writer, name)

        @functools.wraps(step)
        def timed(*args: Any, _step: Callable[..., Any] = step, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return _step(*args, **kwargs)
            finally:
                spent[_step.__name__] += time.perf_counter() - start

        setattr(writer, name, timed)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to write")
    parser.add_argument("--batch", type=int, default=5_000, help="articles per write_batch")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus")
    parser.add_argument("--breakdown", action="store_true", help="time each writer step")
    parser.add_argument(
        "--checkpoint-threshold",
        help="set DuckDB's checkpoint_threshold (e.g. 1GB) instead of the connection's own",
    )
    args = parser.parse_args()

    spent: dict[str, float] = defaultdict(float)
    if args.breakdown:
        time_steps(spent)
    corpus = Corpus(args.seed)
    settings = DedupeSettings()
    write_seconds = prepare_seconds = write_cpu = 0.0
    written = 0
    per_batch: list[float] = []
    cpu_start = time.process_time()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        with connect(db) as con:
            if args.checkpoint_threshold:
                con.execute("SET checkpoint_threshold = ?", [args.checkpoint_threshold])
            for items in corpus.batches(args.articles, args.batch):
                start = time.perf_counter()
                fingerprints = fingerprint_batch([i.article.text for i in items], settings)
                articles = stored_articles(items, fingerprints, "bench")
                pages, urls = page_rows(items)
                batch = BatchWrite(pages=pages, page_urls=urls, articles=articles)
                prepared, cpu = time.perf_counter(), time.process_time()
                write_batch(con, "bench-run", "bench", batch)
                done = time.perf_counter()
                write_cpu += time.process_time() - cpu
                prepare_seconds += prepared - start
                write_seconds += done - prepared
                per_batch.append(done - prepared)
                written += len(items)
            # The last batches' writes may sit in the WAL: folding them into the file
            # is part of the cost of writing.
            start, cpu = time.perf_counter(), time.process_time()
            con.execute("CHECKPOINT")
            checkpoint_seconds = time.perf_counter() - start
            write_cpu += time.process_time() - cpu
            write_seconds += checkpoint_seconds
        size_mb = db.stat().st_size / 2**20

    print(f"articles written        {written:>12,}  in {len(per_batch)} batches of {args.batch:,}")
    print(f"write_batch wall        {write_seconds:>12.2f} s   (closing CHECKPOINT", end="")
    print(f" {checkpoint_seconds:.2f} s)")
    print(f"write_batch rows/s      {written / write_seconds:>12,.0f}   (target >= 20,000)")
    # CPU seconds say more than wall time on a shared machine: a busy neighbour stretches
    # the wall time, not the work done.
    print(f"write_batch CPU         {write_cpu:>12.2f} s   (all threads, CHECKPOINT included)")
    print(f"rows per CPU second     {written / write_cpu:>12,.0f}")
    print(f"fingerprint+build wall  {prepare_seconds:>12.2f} s")
    end_to_end = written / (write_seconds + prepare_seconds)
    print(f"end-to-end rows/s       {end_to_end:>12,.0f}   (fingerprint, build, write)")
    print(f"first / last batch      {per_batch[0]:>12.2f} s / {per_batch[-1]:.2f} s")
    print(f"database size           {size_mb:>12,.1f} MB")
    print(f"peak RSS                {peak_rss_mb():>12,.0f} MB")
    print(f"process CPU             {time.process_time() - cpu_start:>12.2f} s   (all threads)")
    if args.checkpoint_threshold:
        threshold = args.checkpoint_threshold
        print(f"checkpoint_threshold    {threshold:>12}   (set by --checkpoint-threshold)")
    if args.breakdown:
        print("write_batch steps (wall s, share of write_batch):")
        for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<22}{seconds:>9.2f}  {seconds / write_seconds:>6.1%}")
        rest = write_seconds - sum(spent.values())
        print(f"  {'the rest':<22}{rest:>9.2f}  {rest / write_seconds:>6.1%}", end="")
        print("   (lookups of stored keys, COMMIT and checkpoints)")


if __name__ == "__main__":
    main()
