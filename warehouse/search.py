"""Full-text search over articles with DuckDB's fts extension (BM25).

The extension comes from the ``duckdb-extension-fts`` package on PyPI and is loaded from
it; nothing is downloaded at run time. The index is a snapshot: ingest runs refresh it
when they finish.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import duckdb_extensions

from warehouse.connection import connect
from warehouse.queries import QueryResult


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load fts from its PyPI package (installed under the connection's home directory,
    see ``warehouse.connection``), never from the network."""
    duckdb_extensions.import_extension("fts", con=con)


def refresh_search_index(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the BM25 index over the title and text of every article."""
    load_fts(con)
    con.execute(
        "PRAGMA create_fts_index('articles', 'article_id', 'title', 'text',"
        " stemmer = 'porter', stopwords = 'english', overwrite = 1)"
    )


def has_search_index(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_articles'"
    ).fetchone()
    return bool(row and row[0])


def search_articles(
    path: str | Path,
    query: str,
    *,
    source: str | None = None,
    since: dt.date | None = None,
    limit: int = 20,
) -> QueryResult:
    """The best-matching articles for ``query``, best first, from the warehouse opened
    read-only. Duplicates are left out: a story shows once, as its original."""
    with connect(path, read_only=True) as con:
        load_fts(con)
        if not has_search_index(con):
            return QueryResult(["score", "published_date", "site", "title", "canonical_url"], [])
        cursor = con.execute(
            """
            SELECT round(score, 3) AS score, published_date, site, title, canonical_url
            FROM (
                SELECT *, fts_main_articles.match_bm25(article_id, ?) AS score FROM articles
            )
            WHERE score IS NOT NULL AND duplicate_of IS NULL
              AND (? IS NULL OR source_id = ?)
              AND (? IS NULL OR coalesce(published_date, CAST(first_seen_at AS DATE)) >= ?)
            ORDER BY score DESC
            LIMIT ?
            """,
            [query, source, source, since, since, limit],
        )
        return QueryResult([d[0] for d in cursor.description or []], cursor.fetchall())
