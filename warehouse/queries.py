"""Reads from the warehouse: what dedupe needs, and the user's own SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from tasks.records import DedupeItem, Fingerprint
from warehouse.connection import Warehouse, connect


def known_articles_for(
    con: duckdb.DuckDBPyConnection, band_hashes: Sequence[tuple[int, int]]
) -> list[DedupeItem]:
    """Stored articles sharing a (band, band_hash) with the given ones, plus the other
    members of their duplicate clusters (so a new original can take the whole cluster)."""
    if not band_hashes:
        return []
    probe = pa.table(
        {
            "band": pa.array([b for b, _ in band_hashes], pa.int16()),
            "band_hash": pa.array([h for _, h in band_hashes], pa.uint64()),
        }
    )
    # Everything comes back in one query, bands included: a Python list bound as a
    # parameter costs DuckDB ~70 us per element (it tries to import pandas for each).
    con.register("_probe", probe)
    try:
        rows = con.execute(
            """
            WITH hits AS (
                SELECT DISTINCT b.article_id
                FROM article_bands b JOIN _probe USING (band, band_hash)
            ), roots AS (
                SELECT coalesce(a.duplicate_of, a.article_id) AS root
                FROM articles a JOIN hits USING (article_id)
            ), members AS (
                SELECT a.article_id FROM articles a
                WHERE a.article_id IN (SELECT root FROM roots)
                   OR a.duplicate_of IN (SELECT root FROM roots)
                UNION SELECT article_id FROM hits
            ), bands AS (
                SELECT b.article_id, list(b.band_hash ORDER BY b.band) AS band_hashes
                FROM article_bands b JOIN members USING (article_id)
                GROUP BY b.article_id
            )
            SELECT a.article_id, a.text_hash, s.minhash, a.canonical_url, a.site_name,
                   a.syndicated_from, a.published_date, a.first_seen_at, a.duplicate_of,
                   coalesce(bands.band_hashes, []::UBIGINT[])
            FROM articles a
            JOIN members USING (article_id)
            JOIN article_signatures s USING (article_id)
            LEFT JOIN bands USING (article_id)
            """
        ).fetchall()
    finally:
        con.unregister("_probe")
    return [
        DedupeItem(
            article_id=article_id,
            fingerprint=Fingerprint(
                text_hash=hash_, minhash=tuple(minhash), band_hashes=tuple(bands)
            ),
            canonical_url=canonical,
            site_name=site,
            syndicated_from=via,
            published_date=published,
            first_seen_at=seen,
            duplicate_of=dup,
        )
        for article_id, hash_, minhash, canonical, site, via, published, seen, dup, bands in rows
    ]


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(path: Warehouse, sql: str, params: Sequence[Any] | None = None) -> QueryResult:
    """Run ``sql`` on the warehouse at ``path``, opened read-only and closed at once."""
    with connect(path, read_only=True) as con:
        cursor = con.execute(sql, list(params) if params else None)
        columns = [d[0] for d in cursor.description or []]
        return QueryResult(columns, cursor.fetchall())


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every table in the main schema."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            " AND table_catalog = current_database() AND table_type = 'BASE TABLE'"
            " ORDER BY table_name"
        ).fetchall()
    ]
    counts = {}
    for name in names:
        row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        counts[name] = int(row[0]) if row else 0
    return counts


@dataclass(frozen=True, slots=True)
class PageState:
    """What the warehouse knows of a page before fetching it again."""

    canonical_url: str
    last_fetched_at: dt.datetime | None
    last_status: int | None
    etag: str | None
    last_modified: str | None
    has_article: bool
    page_id: str | None = None


def page_states(
    con: duckdb.DuckDBPyConnection, canonical_urls: Sequence[str]
) -> dict[str, PageState]:
    """The stored state of the page behind each of ``canonical_urls`` (any URL the page
    was met under), keyed by that URL."""
    if not canonical_urls:
        return {}
    con.register("_wanted", pa.table({"url": pa.array(list(canonical_urls), pa.string())}))
    try:
        rows = con.execute(
            "SELECT u.url, p.last_fetched_at, p.last_status, p.etag, p.last_modified,"
            " a.article_id IS NOT NULL, p.page_id"
            " FROM _wanted w JOIN page_urls u USING (url) JOIN pages p USING (page_id)"
            " LEFT JOIN articles a ON a.article_id = p.page_id"
        ).fetchall()
    finally:
        con.unregister("_wanted")
    return {r[0]: PageState(*r) for r in rows}


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """Where a page's last archived response lies."""

    page_id: str
    canonical_url: str
    source_id: str
    archive_path: str
    archive_offset: int


def archived_pages(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str | None = None,
    fetched_since: dt.datetime | None = None,
    fetched_until: dt.datetime | None = None,
    other_than_version: str | None = None,
) -> list[ArchivedPage]:
    """Pages with an archived response, filtered by source, by when they were last
    fetched, and (``other_than_version``) to those whose article was extracted by
    another extractor version or never became an article."""
    rows = con.execute(
        """
        SELECT p.page_id, p.canonical_url, p.source_id, p.archive_path, p.archive_offset
        FROM pages p LEFT JOIN articles a ON a.article_id = p.page_id
        WHERE p.archive_path IS NOT NULL
          AND ($source IS NULL OR p.source_id = $source)
          AND ($since IS NULL OR p.last_fetched_at >= $since)
          AND ($until IS NULL OR p.last_fetched_at < $until)
          AND ($version IS NULL OR a.extractor_version IS DISTINCT FROM $version)
        ORDER BY p.archive_path, p.archive_offset
        """,
        {
            "source": source,
            "since": fetched_since,
            "until": fetched_until,
            "version": other_than_version,
        },
    ).fetchall()
    return [ArchivedPage(*r) for r in rows]


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run's summary artifact shows beyond its counts."""

    slowest_hosts: list[tuple[str, int, float]]  # host, fetches, mean elapsed ms
    common_errors: list[tuple[str, int, str]]  # error class, count, an example "url: message"
    # page kind, count, an example "url: reason", of the run's pages that are no article
    not_articles: list[tuple[str, int, str]]
    samples: list[tuple[str | None, list[str], str | None, str]]  # title, authors, date, opening


def run_report(con: duckdb.DuckDBPyConnection, run_id: str, *, limit: int = 3) -> RunReport:
    """The slowest hosts, the most common errors and a few articles of run ``run_id``."""
    hosts = con.execute(
        """
        SELECT regexp_extract(url, '^[A-Za-z]+://([^/?#]+)', 1) AS host, count(*) AS n,
               round(avg(elapsed_ms), 1) AS mean_ms
        FROM fetches WHERE run_id = ? GROUP BY host ORDER BY mean_ms DESC LIMIT 5
        """,
        [run_id],
    ).fetchall()
    errors = con.execute(
        """
        SELECT error_class, count(*) AS n, any_value(url || ': ' || message) AS example
        FROM errors WHERE run_id = ? GROUP BY error_class ORDER BY n DESC LIMIT 5
        """,
        [run_id],
    ).fetchall()
    # A page has no run id: the run's pages are its source's fetched since it started.
    not_articles = con.execute(
        """
        SELECT p.page_kind, count(*) AS n, any_value(p.canonical_url || ': ' || p.kind_reason)
        FROM pages p JOIN runs r ON p.source_id = r.source_id
        WHERE r.run_id = ? AND p.last_fetched_at >= r.started_at AND p.kind_reason IS NOT NULL
        GROUP BY p.page_kind ORDER BY n DESC, p.page_kind
        """,
        [run_id],
    ).fetchall()
    # The run's newest articles are picked from narrow columns first, then read: one
    # query doing both carried every article's text and author list along to the top-3
    # (at 100k articles, 25 s and 1.2 GB for three rows).
    picked = con.execute(
        """
        SELECT article_id FROM articles
        WHERE updated_at >= (SELECT started_at FROM runs WHERE run_id = ?)
        ORDER BY published_date DESC NULLS LAST, article_id
        LIMIT ?
        """,
        [run_id, limit],
    ).fetchall()
    ids = [row[0] for row in picked]
    samples = con.execute(
        """
        SELECT a.title,
               coalesce((SELECT list(au.name ORDER BY aa.position) FROM article_authors aa
                         JOIN authors au USING (author_id) WHERE aa.article_id = a.article_id),
                        []) AS authors,
               CAST(coalesce(a.published_at::VARCHAR, a.published_date::VARCHAR) AS VARCHAR),
               left(a.text, 240)
        FROM articles a
        WHERE list_contains(?, a.article_id)
        ORDER BY list_position(?, a.article_id)
        """,
        [ids, ids],
    ).fetchall()
    return RunReport(
        [(str(h), int(n), float(m)) for h, n, m in hosts],
        [(str(c), int(n), str(e)) for c, n, e in errors],
        [(str(k), int(n), str(e)) for k, n, e in not_articles],
        [(t, list(a), d, str(x)) for t, a, d, x in samples],
    )
