"""The search index a bare ``PRAGMA create_fts_index`` builds, for tests to hold pressroom's
own index (chunked, incremental, caught up during a run) against, and its BM25 scores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from warehouse.connection import connect
from warehouse.search import load_fts


def reference_index(db: Path, folder: Path, name: str = "reference") -> Path:
    """A copy of ``db``'s articles, in article_id order, indexed by the extension's own
    full build (written out here, not through warehouse.search, so it stays independent
    of the code under test)."""
    reference = folder / f"{name}.duckdb"
    con = duckdb.connect(str(reference))
    try:
        load_fts(con)
        con.execute(f"ATTACH '{db}' AS source (READ_ONLY)")
        con.execute("CREATE TABLE articles AS SELECT * FROM source.articles ORDER BY article_id")
        con.execute("DETACH source")
        con.execute(
            "PRAGMA create_fts_index('articles', 'article_id', 'title', 'text',"
            " stemmer = 'porter', stopwords = 'english', overwrite = 1)"
        )
    finally:
        con.close()
    return reference


def bm25_scores(path: Path, queries: Sequence[str]) -> dict[tuple[str, str], float]:
    """Every (query, article_id) the index at ``path`` matches, with its BM25 score."""
    with connect(path, read_only=True) as con:
        load_fts(con)
        scores: dict[tuple[str, str], float] = {}
        for query in queries:
            for article_id, score in con.execute(
                "SELECT article_id, fts_main_articles.match_bm25(article_id, ?) FROM articles",
                [query],
            ).fetchall():
                if score is not None:
                    scores[(query, article_id)] = score
        return scores


def assert_same_scores(db: Path, reference: Path, queries: Sequence[str]) -> int:
    """``db``'s index scores what ``reference``'s does (to 1e-9); returns how many."""
    ours, theirs = bm25_scores(db, queries), bm25_scores(reference, queries)
    assert ours.keys() == theirs.keys()
    for key, score in theirs.items():
        assert abs(ours[key] - score) <= 1e-9, key
    return len(theirs)
