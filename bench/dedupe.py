"""Benchmark near-duplicate detection across batches and print its figures.

    .venv/bin/python bench/dedupe.py [--articles 100000] [--batch 5000] [--per-article]

Runs the dedupe part of ``tasks.pipeline.prepare_batch`` on synthetic ~5 KB articles
(bench/synthetic.py, ~10% planted edited copies with true 3-word-shingle Jaccard in
[0.85, 0.95]) against a fresh DuckDB file, batch after batch: fingerprint ->
``known_articles_for`` -> ``assign_duplicates`` -> ``write_batch``. Later batches are
thus compared with every article stored before. Generating the articles is not timed.

A planted copy is found when it ends in the same cluster as its original (clusters
named by ``coalesce(duplicate_of, article_id)``). Precision is the share of articles
marked duplicates whose representative is of their own planted family; recall the
share of planted copies found. Docs/s is articles over the timed wall time.
``--per-article`` fingerprints one text at a time, as ``prepare_batch`` does today,
instead of ``fingerprint_batch``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import Corpus, SyntheticArticle, page_rows, stored_articles
from tasks.dedupe import DedupeSettings, assign_duplicates, fingerprint, fingerprint_batch
from tasks.records import DedupeItem, Fingerprint, StoredArticle
from warehouse.connection import connect
from warehouse.queries import known_articles_for
from warehouse.writer import BatchWrite, write_batch


def dedupe_items(stored: list[StoredArticle], known: list[DedupeItem]) -> list[DedupeItem]:
    """The batch's DedupeItems, built as ``prepare_batch`` builds them."""
    first_seen = {k.article_id: k.first_seen_at for k in known}
    return sorted(
        (
            DedupeItem(
                article_id=s.article_id,
                fingerprint=s.fingerprint,
                canonical_url=s.canonical_url,
                site_name=s.article.site_name,
                syndicated_from=s.article.syndicated_from,
                published_date=s.article.published_date,
                first_seen_at=first_seen.get(s.article_id) or s.seen_at,
            )
            for s in stored
        ),
        key=lambda d: d.article_id,
    )


def fingerprints_of(
    items: list[SyntheticArticle], settings: DedupeSettings, per_article: bool
) -> list[Fingerprint]:
    texts = [i.article.text for i in items]
    if per_article:
        return [fingerprint(t, settings) for t in texts]
    return fingerprint_batch(texts, settings)


def score(con: duckdb.DuckDBPyConnection, truth: pa.Table) -> tuple[float, float, int, int]:
    """(precision, recall, articles marked duplicate, planted copies)."""
    con.register("_truth", truth)
    try:
        row = con.execute(
            """
            WITH c AS (
                SELECT a.article_id, coalesce(a.duplicate_of, a.article_id) AS cluster,
                       a.duplicate_of, t.family
                FROM articles a JOIN _truth t USING (article_id)
            ), marked AS (
                SELECT c.family = r.family AS correct
                FROM c JOIN c AS r ON r.article_id = c.duplicate_of
            ), planted AS (
                SELECT copy.cluster = orig.cluster AS found
                FROM c AS copy JOIN c AS orig ON orig.article_id = copy.family
                WHERE copy.article_id <> copy.family
            )
            SELECT (SELECT avg(correct::INT) FROM marked), (SELECT avg(found::INT) FROM planted),
                   (SELECT count(*) FROM marked), (SELECT count(*) FROM planted)
            """
        ).fetchone()
    finally:
        con.unregister("_truth")
    assert row is not None
    return float(row[0] or 0.0), float(row[1] or 0.0), int(row[2]), int(row[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to dedupe")
    parser.add_argument("--batch", type=int, default=5_000, help="articles per batch")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus")
    parser.add_argument("--per-article", action="store_true", help="fingerprint one at a time")
    parser.add_argument("--threshold", type=float, default=None, help="override the threshold")
    args = parser.parse_args()

    settings = DedupeSettings() if args.threshold is None else DedupeSettings(args.threshold)
    corpus = Corpus(args.seed)
    spent: dict[str, float] = defaultdict(float)
    ids: list[str] = []
    families: list[str] = []
    jaccards: list[float] = []
    known_rows = 0
    with tempfile.TemporaryDirectory() as folder, connect(Path(folder) / "bench.duckdb") as con:
        for items in corpus.batches(args.articles, args.batch):
            marks = [time.perf_counter()]
            stored = stored_articles(items, fingerprints_of(items, settings, args.per_article), "b")
            marks.append(time.perf_counter())
            known = known_articles_for(
                con, [(b, h) for s in stored for b, h in enumerate(s.fingerprint.band_hashes)]
            )
            marks.append(time.perf_counter())
            decisions = assign_duplicates(dedupe_items(stored, known), known, settings)
            marks.append(time.perf_counter())
            pages, urls = page_rows(items)
            write_batch(
                con,
                "bench-run",
                "bench",
                BatchWrite(pages=pages, page_urls=urls, articles=stored, decisions=decisions),
            )
            marks.append(time.perf_counter())
            for name, start, stop in zip(
                ("fingerprint", "known_articles_for", "assign_duplicates", "write_batch"),
                marks,
                marks[1:],
                strict=False,
            ):
                spent[name] += stop - start
            known_rows += len(known)
            for item in items:
                ids.append(item.article_id)
                origin = item.original
                families.append(corpus.original_id(origin) if origin is not None else "")
                if item.jaccard is not None:
                    jaccards.append(item.jaccard)
        truth = pa.table(
            {
                "article_id": ids,
                "family": [f or i for i, f in zip(ids, families, strict=True)],
            }
        )
        precision, recall, marked, planted = score(con, truth)

    total = sum(spent.values())
    dedupe_only = total - spent["write_batch"]
    print(f"articles                {len(ids):>10,}  in batches of {args.batch:,}")
    print(f"planted copies          {planted:>10,}  (true Jaccard {min(jaccards):.3f}-", end="")
    print(f"{max(jaccards):.3f}, mean {sum(jaccards) / len(jaccards):.3f})")
    print(f"marked duplicates       {marked:>10,}")
    print(f"precision               {precision:>10.4f}   (target >= 0.95)")
    print(f"recall                  {recall:>10.4f}   (target >= 0.95)")
    print(f"docs/s                  {len(ids) / total:>10,.0f}   (target >= 2,000; all four steps)")
    print(f"docs/s without writes   {len(ids) / dedupe_only:>10,.0f}")
    print(f"known articles fetched  {known_rows:>10,}")
    for name, seconds in spent.items():
        print(f"  {name:<22}{seconds:>8.2f} s  {seconds / total:>6.1%}")
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS                {peak_rss:>10,.0f} MB")


if __name__ == "__main__":
    main()
