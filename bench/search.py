"""Benchmark refreshing the BM25 search index: full build against incremental update.

    .venv/bin/python bench/search.py [--articles 20000] [--new-share 0.01] [--verify]
                                     [--crossover 0.05,0.1,0.25]

Writes ``--articles`` synthetic ~5 KB articles (bench/synthetic.py) into a fresh DuckDB
file in a temporary folder through ``write_batch``, as bench/warehouse.py does (not
timed), then times ``warehouse.search.refresh_search_index``:

- full build: the first refresh, with no index yet (``PRAGMA create_fts_index`` plus
  the record of what was indexed);
- unchanged: a refresh when nothing changed (the cost of finding the changes);
- incremental, new: after writing ``--new-share`` more articles;
- incremental, edited: after rewriting the text of ``--new-share`` of the articles;
- incremental, deleted: after deleting ``--new-share`` of the articles.

``--crossover`` edits each listed share of the articles in turn and times the
incremental update of each (forced, whatever ``FULL_REBUILD_SHARE`` says), to place the
share above which a full build is cheaper. ``--verify`` builds a reference index with a
bare ``PRAGMA create_fts_index`` on a copy of the articles and prints the largest BM25
score difference over a set of queries.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import Corpus, SyntheticArticle, page_rows, stored_articles
from tasks.dedupe import DedupeSettings, fingerprint_batch
from tests.fts_reference import reference_index
from warehouse.connection import connect
from warehouse.search import FULL_REBUILD_SHARE, IndexRefresh, load_fts, refresh_search_index
from warehouse.writer import BatchWrite, write_batch

SETTINGS = DedupeSettings()


def write_articles(
    con: duckdb.DuckDBPyConnection, items: Sequence[SyntheticArticle], run_id: str
) -> None:
    fingerprints = fingerprint_batch([i.article.text for i in items], SETTINGS)
    pages, urls = page_rows(items)
    batch = BatchWrite(
        pages=pages, page_urls=urls, articles=stored_articles(items, fingerprints, "bench")
    )
    write_batch(con, run_id, "bench", batch)


def edited(
    corpus: Corpus, items: Sequence[SyntheticArticle], round_: int
) -> list[SyntheticArticle]:
    """The articles with one more sentence of vocabulary words at the end."""
    out = []
    vocabulary = len(corpus.words)
    for item in items:
        extra = " ".join(
            str(corpus.words[(item.index * 31 + round_ * 17 + k * 101) % vocabulary])
            for k in range(12)
        )
        text = f"{item.article.text}\n\n{extra.capitalize()}."
        out.append(dataclasses.replace(item, article=dataclasses.replace(item.article, text=text)))
    return out


def delete_articles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Remove articles and every row keyed by them, as a purge would."""
    tables = con.execute(
        "SELECT table_name FROM duckdb_columns() WHERE schema_name = 'main'"
        " AND column_name = 'article_id'"
        " AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main')"
    ).fetchall()
    for (table,) in tables:
        con.execute(f"DELETE FROM {table} WHERE article_id IN ?", [article_ids])


def timed_refresh(con: duckdb.DuckDBPyConnection, share: float) -> tuple[float, IndexRefresh]:
    start = time.perf_counter()
    refresh = refresh_search_index(con, full_rebuild_share=share)
    return time.perf_counter() - start, refresh


def report(label: str, seconds: float, refresh: IndexRefresh, full: float | None) -> None:
    what = f"{refresh.mode}: +{refresh.added:,} ~{refresh.changed:,} -{refresh.removed:,}"
    ratio = f"  ({full / seconds:,.0f}x faster than the full build)" if full else ""
    print(f"{label:<28}{seconds:>9.2f} s   {what}{ratio}")


QUERIES = 20


def bm25_scores(path: Path, queries: Sequence[str]) -> dict[tuple[int, str], float]:
    """Every non-NULL ``match_bm25`` score of ``queries`` in the warehouse at ``path``."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        load_fts(con)
        scores = {}
        for number, query in enumerate(queries):
            for article_id, score in con.execute(
                "SELECT article_id, fts_main_articles.match_bm25(article_id, ?) AS s"
                " FROM articles WHERE s IS NOT NULL",
                [query],
            ).fetchall():
                scores[(number, article_id)] = float(score)
        return scores
    finally:
        con.close()


def max_score_difference(db: Path, folder: Path, corpus: Corpus) -> tuple[float, int]:
    """Largest |score difference| against a bare full build of a copy of the articles,
    and the number of scores compared (inf when the sets of matches differ)."""
    reference = reference_index(db, folder)
    words = corpus.words
    queries = [
        " ".join(str(words[(q * 97 + k * 389) % len(words)]) for k in range(1 + q % 3))
        for q in range(QUERIES)
    ]
    ours, theirs = bm25_scores(db, queries), bm25_scores(reference, queries)
    if ours.keys() != theirs.keys():
        return float("inf"), len(theirs)
    return max((abs(ours[k] - theirs[k]) for k in theirs), default=0.0), len(theirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="articles in the corpus")
    parser.add_argument("--batch", type=int, default=5_000, help="articles per write_batch")
    parser.add_argument("--new-share", type=float, default=0.01, help="share added/edited/deleted")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus")
    parser.add_argument("--crossover", default="", help="comma-separated shares to edit")
    parser.add_argument("--verify", action="store_true", help="compare with a bare full build")
    args = parser.parse_args()

    corpus = Corpus(args.seed)
    step = max(1, round(args.articles * args.new_share))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "bench.duckdb"
        with connect(db) as con:
            start = time.perf_counter()
            for items in corpus.batches(args.articles, args.batch):
                write_articles(con, items, "bench-load")
            con.execute("CHECKPOINT")
            loaded = time.perf_counter() - start
            print(f"articles written            {args.articles:>9,}   in {loaded:.1f} s (untimed)")

            full, refresh = timed_refresh(con, FULL_REBUILD_SHARE)
            report("full build", full, refresh, None)
            seconds, refresh = timed_refresh(con, FULL_REBUILD_SHARE)
            report("refresh, nothing changed", seconds, refresh, full)

            new = [corpus.article(i) for i in range(args.articles, args.articles + step)]
            write_articles(con, new, "bench-new")
            seconds, refresh = timed_refresh(con, FULL_REBUILD_SHARE)
            report(f"refresh, {step:,} new", seconds, refresh, full)

            old = [
                corpus.article(i) for i in range(0, args.articles, max(1, args.articles // step))
            ][:step]
            write_articles(con, edited(corpus, old, 1), "bench-edit")
            seconds, refresh = timed_refresh(con, FULL_REBUILD_SHARE)
            report(f"refresh, {len(old):,} edited", seconds, refresh, full)

            delete_articles(con, [item.article_id for item in new])
            seconds, refresh = timed_refresh(con, FULL_REBUILD_SHARE)
            report(f"refresh, {len(new):,} deleted", seconds, refresh, full)

            for round_, share in enumerate(float(s) for s in args.crossover.split(",") if s):
                count = max(1, round(args.articles * share))
                picked = [corpus.article(i) for i in range(count)]
                write_articles(con, edited(corpus, picked, 2 + round_), f"bench-x{round_}")
                seconds, refresh = timed_refresh(con, 1.0)
                report(f"forced, {share:.0%} edited", seconds, refresh, full)
            con.execute("CHECKPOINT")
        if args.verify:
            worst, compared = max_score_difference(db, folder, corpus)
            print(f"max |score - full build|    {worst:>9.2e}   over {compared:,} scores", end="")
            print(f" of {QUERIES} queries")


if __name__ == "__main__":
    main()
