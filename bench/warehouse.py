"""Benchmark the warehouse writer on synthetic articles and print its figures.

    .venv/bin/python bench/warehouse.py [--articles 100000] [--batch 5000]
        [--mode both|per-batch|multi-batch] [--transaction-rows 25000] [--dedupe]
        [--breakdown] [--merge-threads N] [--staged DIR]

Goes the way a run's batches go: each batch of ``--batch`` synthetic ~5 KB articles
(bench/synthetic.py: authors, tags, MinHash signatures and 32 LSH bands each, plus their
page and URL rows) is fingerprinted and staged on disk with ``stage_batch``, then
``merge_pending`` merges the staged batches into a fresh DuckDB file in a temporary
folder. Generating and fingerprinting are not timed; staging (building the batch's
tables a column at a time and writing them as an Arrow file) is timed on its own, so
that work moved from the merge to staging shows.

Two ways to merge, each into its own file from the same staged batches:

* per-batch: as runs merged before they merged every 5,000 pages
  (``flows.runs.MERGE_EVERY``): each staged batch on its own, by one ``merge_pending``
  call that opens the file, merges the batch and closes the file;
* multi-batch: one ``merge_pending`` call over all the staged batches, as after a run
  that left them staged (a locked file): consecutive batches share a transaction until
  it holds ``--transaction-rows`` pages (by default ``staging.ROWS_PER_TRANSACTION``,
  25,000; 0 is a transaction per batch over the one connection, as runs merge now).

The merge figures cover the whole ``merge_pending`` call: opening the file, reading
each staged batch back, writing it, the commits, the checkpoints and closing the file
(which folds what is left in the WAL into it). Duplicates are decided by a step that
keeps every batch as it is, unless ``--dedupe`` runs the flows' own decision (band
lookups against everything stored; bench/dedupe.py measures that part on its own).
``--breakdown`` times the steps inside the merge by wrapping the writer's and the
staging module's private functions (the bench's only intrusion). ``--merge-threads N``
merges with N DuckDB threads instead of ``staging.MERGE_THREADS`` (1), to compare: 0
leaves DuckDB's default (one per core), as merges had before. ``--staged DIR`` stages
into DIR and keeps it, or merges the batches already staged there (generating and
staging 100,000 articles takes minutes; the merges under comparison take seconds).
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from bench.synthetic import Corpus, page_rows, stored_articles
from tasks.dedupe import DedupeSettings, fingerprint_batch
from tasks.pipeline import decide_duplicates
from warehouse import staging, writer
from warehouse.queries import known_articles_for
from warehouse.staging import ROWS_PER_TRANSACTION, StagedBatch, merge_pending, stage_batch
from warehouse.writer import BatchWrite

_STEPS = {
    writer: (
        "_write_pages",
        "_write_page_urls",
        "_write_revisions",
        "_write_articles",
        "_delete_parts",
        "_write_details",
        "_write_authors",
        "_write_signatures",
        "_write_decisions",
        "_clear_errors",
        "_stored_keys",
    ),
    staging: ("read_staged", "_already_stored"),
}


def time_steps(spent: dict[str, float]) -> None:
    """Wrap the step functions so each adds its wall time to ``spent``."""
    for module, names in _STEPS.items():
        for name in names:
            step: Callable[..., Any] = getattr(module, name)

            @functools.wraps(step)
            def timed(*args: Any, _step: Callable[..., Any] = step, **kwargs: Any) -> Any:
                start = time.perf_counter()
                try:
                    return _step(*args, **kwargs)
                finally:
                    spent[_step.__name__] += time.perf_counter() - start

            setattr(module, name, timed)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def keep(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> tuple[BatchWrite, int]:
    return batch, 0


def dedupe(settings: DedupeSettings) -> staging.Decide:
    """The flows' decision step (``tasks.steps.load_batch``)."""

    def decide(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> tuple[BatchWrite, int]:
        return decide_duplicates(batch, lambda bands: known_articles_for(con, bands), settings)

    return decide


@dataclass(frozen=True, slots=True)
class Staged:
    folder: Path
    articles: int
    batches: int
    wall: float
    cpu: float
    size_mb: float


def stage_corpus(folder: Path, articles: int, batch: int, seed: int) -> Staged:
    """Generate, fingerprint and stage the corpus; time only ``stage_batch``."""
    corpus, settings = Corpus(seed), DedupeSettings()
    wall = cpu = 0.0
    written = batches = 0
    for items in corpus.batches(articles, batch):
        fingerprints = fingerprint_batch([i.article.text for i in items], settings)
        pages, urls = page_rows(items)
        write = BatchWrite(
            pages=pages, page_urls=urls, articles=stored_articles(items, fingerprints, "bench")
        )
        start, started_cpu = time.perf_counter(), time.process_time()
        stage_batch(folder, StagedBatch("bench-run", "bench", write))
        wall += time.perf_counter() - start
        cpu += time.process_time() - started_cpu
        written += len(items)
        batches += 1
    size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    return Staged(folder, written, batches, wall, cpu, size)


def linked_copy(folder: Path, into: Path) -> Path:
    """The staged batches of ``folder`` again, as hard links (a merge deletes them), or
    copies when ``into`` is on another file system."""
    into.mkdir()
    for path in staging.pending_batches(folder):
        try:
            os.link(path, into / path.name)
        except OSError:
            shutil.copyfile(path, into / path.name)
    return into


def merge_one_at_a_time(
    staged: Path, db: Path, decide: staging.Decide
) -> list[staging.MergeResult]:
    """Merge the staged batches the way runs merged them before ``MERGE_EVERY``:
    ``load_batch`` staged one batch, then called ``merge_pending``, which opened the
    file, merged and closed it.
    Prints what the second and the last batch cost, to show whether a batch's merge
    grows with what is stored (the first pays for creating the file)."""
    results, costs = [], []
    for path in sorted(staged.iterdir()):
        alone = staged / "alone"
        alone.mkdir()
        path.rename(alone / path.name)
        start, started_cpu = time.perf_counter(), time.process_time()
        results.append(merge_pending(db, alone, decide))
        costs.append((time.perf_counter() - start, time.process_time() - started_cpu))
        alone.rmdir()
    if len(costs) > 2:
        stored = sum(c.articles_new for r in results[:-1] for c in r.counts)
        (wall_2, cpu_2), (wall_n, cpu_n) = costs[1], costs[-1]
        print(f"\n  batch 2 merge wall / CPU  {wall_2:>8.2f} s / {cpu_2:.2f} s")
        print(f"  last batch (onto {stored:,})  {wall_n:>8.2f} s / {cpu_n:.2f} s", end="")
        print(f"   (peak RSS so far {peak_rss_mb():,.0f} MB)")
    return results


def measure_merge(
    label: str,
    staged: Path,
    db: Path,
    rows: int | None,
    decide: staging.Decide,
    spent: dict[str, float] | None,
) -> None:
    """Merge ``staged`` into ``db`` and print the figures (and ``spent``'s, when timed):
    one ``merge_pending`` call per batch when ``rows`` is None, else one call merging
    everything in transactions of at least ``rows`` pages."""
    if spent is not None:
        spent.clear()
    start, started_cpu = time.perf_counter(), time.process_time()
    if rows is None:
        results = merge_one_at_a_time(staged, db, decide)
    else:
        results = [merge_pending(db, staged, decide, rows_per_transaction=rows)]
    wall = time.perf_counter() - start
    cpu = time.process_time() - started_cpu
    written = sum(c.articles_new for r in results for c in r.counts)
    merged = sum(r.merged for r in results)
    if rows is None:
        how = "one merge_pending call (open, one transaction, close) per batch"
    else:
        how = f"one merge_pending call, transactions of >= {rows:,} pages"
    print(f"\n{label} merge: {merged} batches, {how}")
    print(f"  articles written        {written:>10,}")
    print(f"  merge wall              {wall:>10.2f} s   (open, read, write, commit, close)")
    print(f"  article rows/s          {written / wall:>10,.0f}   (target >= 20,000)")
    # CPU seconds say more than wall time on a shared machine: a busy neighbour stretches
    # the wall time, not the work done.
    print(f"  merge CPU               {cpu:>10.2f} s   (all threads)")
    print(f"  rows per CPU second     {written / cpu:>10,.0f}")
    print(f"  database size           {db.stat().st_size / 2**20:>10,.1f} MB")
    print(f"  peak RSS so far         {peak_rss_mb():>10,.0f} MB")
    if spent is not None:
        print("  steps (wall s, share of the merge):")
        for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"    {name:<22}{seconds:>9.2f}  {seconds / wall:>6.1%}")
        rest = wall - sum(spent.values())
        print(f"    {'the rest':<22}{rest:>9.2f}  {rest / wall:>6.1%}", end="")
        print("   (opening, decisions, COMMIT, checkpoints, closing)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to write")
    parser.add_argument("--batch", type=int, default=5_000, help="articles per staged batch")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus")
    parser.add_argument(
        "--mode", choices=("both", "per-batch", "multi-batch"), default="both", help="merges"
    )
    parser.add_argument(
        "--transaction-rows",
        type=int,
        default=ROWS_PER_TRANSACTION,
        help="pages per transaction of the multi-batch merge",
    )
    parser.add_argument("--dedupe", action="store_true", help="decide duplicates as flows do")
    parser.add_argument(
        "--staged", type=Path, help="stage into this folder and keep it, or reuse what it holds"
    )
    parser.add_argument("--breakdown", action="store_true", help="time the merge's steps")
    parser.add_argument(
        "--merge-threads",
        type=int,
        default=staging.MERGE_THREADS,
        help="DuckDB threads of a merge (0: DuckDB's default, one per core)",
    )
    args = parser.parse_args()
    staging.MERGE_THREADS = args.merge_threads or os.cpu_count() or 1

    decide = dedupe(DedupeSettings()) if args.dedupe else keep
    spent: dict[str, float] | None = None
    if args.breakdown:
        spent = defaultdict(float)
        time_steps(spent)
    cpu_start = time.process_time()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        kept = args.staged is not None and staging.pending_batches(args.staged)
        if kept:
            print(f"staged batches reused   {len(kept):>12}  from {args.staged}")
            staged_folder = args.staged
        else:
            staged = stage_corpus(
                args.staged or root / "staged", args.articles, args.batch, args.seed
            )
            staged_folder = staged.folder
            print(f"articles staged         {staged.articles:>12,}  in {staged.batches} batches")
            print(f"stage_batch wall / CPU  {staged.wall:>12.2f} s / {staged.cpu:.2f} s", end="")
            print(f"   ({staged.size_mb:,.0f} MB of Arrow files, fsynced)")
            print(f"peak RSS after staging  {peak_rss_mb():>12,.0f} MB")
        print(f"decisions               {'as flows do' if args.dedupe else 'none':>12}")
        print(f"DuckDB threads a merge  {staging.MERGE_THREADS:>12}")
        if args.mode in ("both", "per-batch"):
            source = linked_copy(staged_folder, root / "per-batch")
            measure_merge("per-batch", source, root / "per.duckdb", None, decide, spent)
            (root / "per.duckdb").unlink()
        if args.mode in ("both", "multi-batch"):
            rows = args.transaction_rows
            db = root / "multi.duckdb"
            source = linked_copy(staged_folder, root / "multi-batch")
            measure_merge("multi-batch", source, db, rows, decide, spent)
    print(f"\nprocess CPU             {time.process_time() - cpu_start:>12.2f} s   (all threads)")


if __name__ == "__main__":
    main()
