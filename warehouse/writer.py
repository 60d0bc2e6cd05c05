"""Bulk writes into the warehouse.

Every write stages a batch as an Arrow table and merges it with one statement
(``INSERT ... ON CONFLICT``); nothing is written row by row. A batch of pages is written
inside one transaction by :func:`write_batch`, so a crash never leaves half a batch.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from tasks.ids import author_id_for, tag_id_for
from tasks.records import DuplicateDecision, FetchedPage, PageError, StoredArticle
from tasks.urls import site_of


@dataclass(frozen=True, slots=True)
class PageRow:
    """A page's state after a fetch. None for etag, last_modified or the archive location
    keeps what is stored (a 304 carries no new copy)."""

    page_id: str
    canonical_url: str
    page_kind: str | None
    last_status: int | None
    fetched_at: dt.datetime
    etag: str | None = None
    last_modified: str | None = None
    archive_path: str | None = None
    archive_offset: int | None = None


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A URL listed by a feed or sitemap of a source."""

    url: str
    lastmod: dt.datetime | None
    seen_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PageURL:
    url: str
    page_id: str
    seen_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RunRecord:
    """A run's row as it starts (``finished_at`` None, status running) or ends."""

    run_id: str
    source_id: str
    kind: str
    location: str
    flow_run_id: str | None
    started_at: dt.datetime
    status: str = "running"
    finished_at: dt.datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BatchWrite:
    """Everything one batch of pages adds to the warehouse."""

    run: RunRecord | None = None
    fetches: Sequence[FetchedPage] = ()
    pages: Sequence[PageRow] = ()
    page_urls: Sequence[PageURL] = ()
    articles: Sequence[StoredArticle] = ()
    decisions: Sequence[DuplicateDecision] = ()
    errors: Sequence[PageError] = ()
    source_entries: Sequence[SourceEntry] = ()
    # Pages that answered 304, by any URL they are known under, with when they did.
    unchanged: Sequence[tuple[str, dt.datetime]] = ()


@dataclass(frozen=True, slots=True)
class BatchCounts:
    articles_new: int
    articles_updated: int
    articles_unchanged: int


@contextmanager
def _staged(
    con: duckdb.DuckDBPyConnection, name: str, rows: Sequence[dict[str, Any]], schema: pa.Schema
) -> Iterator[None]:
    con.register(name, pa.Table.from_pylist(list(rows), schema=schema))
    try:
        yield
    finally:
        con.unregister(name)


_TS = pa.timestamp("us", tz="UTC")


# The counts a run records in its row (and shows in its table artifact).
RUN_COUNTS = (
    "pages_discovered",
    "pages_fetched",
    "pages_unchanged",
    "pages_skipped",
    "articles_new",
    "articles_updated",
    "not_articles",
    "duplicates",
    "errors",
)


def _write_run(con: duckdb.DuckDBPyConnection, run: RunRecord) -> None:
    """Upsert the run's source and its ``runs`` row (started, then finished with counts)."""
    con.execute(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET"
        " kind = excluded.kind, location = excluded.location, updated_at = excluded.updated_at",
        [run.source_id, run.kind, run.location, run.started_at, run.started_at],
    )
    columns = ", ".join(RUN_COUNTS)
    values = ", ".join("?" for _ in RUN_COUNTS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in RUN_COUNTS)
    con.execute(
        f"INSERT INTO runs (run_id, flow_run_id, source_id, started_at, finished_at, status,"
        f" {columns}) VALUES (?, ?, ?, ?, ?, ?, {values})"
        " ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at,"
        f" status = excluded.status, {updates}",
        [
            run.run_id,
            run.flow_run_id,
            run.source_id,
            run.started_at,
            run.finished_at,
            run.status,
            *(run.counts.get(c) for c in RUN_COUNTS),
        ],
    )


_FETCH_SCHEMA = pa.schema(
    [
        ("fetch_id", pa.string()),
        ("run_id", pa.string()),
        ("url", pa.string()),
        ("final_url", pa.string()),
        ("status", pa.int32()),
        ("content_type", pa.string()),
        ("bytes", pa.int64()),
        ("elapsed_ms", pa.float64()),
        ("attempt", pa.int32()),
        ("error_class", pa.string()),
        ("error_message", pa.string()),
        ("fetched_at", _TS),
        ("archive_path", pa.string()),
        ("archive_offset", pa.int64()),
        ("redirects", pa.list_(pa.string())),
    ]
)


def _write_fetches(
    con: duckdb.DuckDBPyConnection, run_id: str, pages: Sequence[FetchedPage]
) -> None:
    rows = [
        {
            "fetch_id": str(uuid.uuid4()),
            "run_id": run_id,
            "url": p.url,
            "final_url": p.final_url,
            "status": p.status,
            "content_type": p.content_type,
            "bytes": len(p.body) if p.body is not None else None,
            "elapsed_ms": p.elapsed_ms,
            "attempt": p.attempt,
            "error_class": p.error_class,
            "error_message": p.error_message,
            "fetched_at": p.fetched_at,
            "archive_path": p.archive_path,
            "archive_offset": p.archive_offset,
            "redirects": list(p.redirects),
        }
        for p in pages
    ]
    with _staged(con, "_fetches", rows, _FETCH_SCHEMA):
        con.execute("INSERT INTO fetches BY NAME SELECT * FROM _fetches")


_PAGE_SCHEMA = pa.schema(
    [
        ("page_id", pa.string()),
        ("canonical_url", pa.string()),
        ("source_id", pa.string()),
        ("page_kind", pa.string()),
        ("last_status", pa.int32()),
        ("first_seen_at", _TS),
        ("last_fetched_at", _TS),
        ("etag", pa.string()),
        ("last_modified", pa.string()),
        ("archive_path", pa.string()),
        ("archive_offset", pa.int64()),
    ]
)


def _write_pages(con: duckdb.DuckDBPyConnection, source_id: str, pages: Sequence[PageRow]) -> None:
    unique = {p.page_id: p for p in pages}
    rows = [
        {
            "page_id": p.page_id,
            "canonical_url": p.canonical_url,
            "source_id": source_id,
            "page_kind": p.page_kind,
            "last_status": p.last_status,
            "first_seen_at": p.fetched_at,
            "last_fetched_at": p.fetched_at,
            "etag": p.etag,
            "last_modified": p.last_modified,
            "archive_path": p.archive_path,
            "archive_offset": p.archive_offset,
        }
        for p in unique.values()
    ]
    kept = ("page_kind", "etag", "last_modified", "archive_path", "archive_offset")
    keep = ", ".join(f"{c} = coalesce(excluded.{c}, pages.{c})" for c in kept)
    with _staged(con, "_pages", rows, _PAGE_SCHEMA):
        con.execute(
            "INSERT INTO pages BY NAME SELECT * FROM _pages ON CONFLICT (page_id) DO UPDATE SET"
            f" {keep}, last_status = excluded.last_status,"
            " last_fetched_at = excluded.last_fetched_at"
        )


_PAGE_URL_SCHEMA = pa.schema(
    [("url", pa.string()), ("page_id", pa.string()), ("first_seen_at", _TS)]
)


def _write_page_urls(con: duckdb.DuckDBPyConnection, urls: Sequence[PageURL]) -> None:
    unique = {u.url: u for u in urls}
    rows = [
        {"url": u.url, "page_id": u.page_id, "first_seen_at": u.seen_at} for u in unique.values()
    ]
    with _staged(con, "_page_urls", rows, _PAGE_URL_SCHEMA):
        con.execute(
            "INSERT INTO page_urls BY NAME SELECT * FROM _page_urls"
            " ON CONFLICT (url) DO UPDATE SET page_id = excluded.page_id"
        )


_ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("page_id", pa.string()),
        ("source_id", pa.string()),
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("site", pa.string()),
        ("title", pa.string()),
        ("subtitle", pa.string()),
        ("published_at", _TS),
        ("published_date", pa.date32()),
        ("modified_at", _TS),
        ("modified_date", pa.date32()),
        ("language", pa.string()),
        ("site_name", pa.string()),
        ("description", pa.string()),
        ("syndicated_from", pa.string()),
        ("is_paywalled", pa.bool_()),
        ("text", pa.string()),
        ("word_count", pa.int32()),
        ("text_hash", pa.string()),
        ("extractor_version", pa.string()),
        ("first_seen_at", _TS),
        ("updated_at", _TS),
    ]
)

# Columns an upsert refreshes: everything but the keys, first_seen_at and the duplicate
# columns, which only duplicate decisions change.
_ARTICLE_REFRESHED = [
    f.name for f in _ARTICLE_SCHEMA if f.name not in {"article_id", "page_id", "first_seen_at"}
]


def _article_row(item: StoredArticle) -> dict[str, Any]:
    a = item.article
    return {
        "article_id": item.article_id,
        "page_id": item.article_id,
        "source_id": item.source_id,
        "url": item.url,
        "canonical_url": item.canonical_url,
        "site": site_of(item.canonical_url),
        "title": a.title,
        "subtitle": a.subtitle,
        "published_at": a.published_at,
        "published_date": a.published_date,
        "modified_at": a.modified_at,
        "modified_date": a.modified_date,
        "language": a.language,
        "site_name": a.site_name,
        "description": a.description,
        "syndicated_from": a.syndicated_from,
        "is_paywalled": a.is_paywalled,
        "text": a.text,
        "word_count": a.word_count,
        "text_hash": item.fingerprint.text_hash,
        "extractor_version": a.extractor_version,
        "first_seen_at": item.seen_at,
        "updated_at": item.seen_at,
    }


def _count_changes(con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle]) -> BatchCounts:
    stored = dict(
        con.execute(f"SELECT article_id, text_hash FROM articles WHERE {_IN_BATCH}").fetchall()
    )
    new = sum(1 for i in items if i.article_id not in stored)
    updated = sum(
        1
        for i in items
        if i.article_id in stored and stored[i.article_id] != i.fingerprint.text_hash
    )
    return BatchCounts(new, updated, len(items) - new - updated)


def _write_articles(con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle]) -> None:
    rows = [_article_row(i) for i in items]
    refreshed = ", ".join(f"{c} = excluded.{c}" for c in _ARTICLE_REFRESHED)
    with _staged(con, "_articles", rows, _ARTICLE_SCHEMA):
        con.execute(
            "INSERT INTO articles BY NAME SELECT * FROM _articles"
            f" ON CONFLICT (article_id) DO UPDATE SET {refreshed}"
        )


def _write_authors(con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle]) -> None:
    authors: dict[str, str] = {}
    links: dict[tuple[str, str], int] = {}
    for item in items:
        for position, name in enumerate(item.article.authors):
            author_id = author_id_for(name)
            authors.setdefault(author_id, name)
            links.setdefault((item.article_id, author_id), position)
    author_rows = [{"author_id": k, "name": v} for k, v in authors.items()]
    link_rows = [{"article_id": a, "author_id": b, "position": p} for (a, b), p in links.items()]
    with (
        _staged(
            con,
            "_authors",
            author_rows,
            pa.schema([("author_id", pa.string()), ("name", pa.string())]),
        ),
        _staged(
            con,
            "_article_authors",
            link_rows,
            pa.schema(
                [("article_id", pa.string()), ("author_id", pa.string()), ("position", pa.int32())]
            ),
        ),
    ):
        con.execute("INSERT INTO authors BY NAME SELECT * FROM _authors ON CONFLICT DO NOTHING")
        con.execute(f"DELETE FROM article_authors WHERE {_IN_BATCH}")
        con.execute("INSERT INTO article_authors BY NAME SELECT * FROM _article_authors")


def _write_details(con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle]) -> None:
    """Tags, images and links: replaced wholesale for the batch's articles."""
    tags: dict[str, str] = {}
    tag_links: set[tuple[str, str]] = set()
    images: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for item in items:
        for name in item.article.tags:
            tag_id = tag_id_for(name)
            tags.setdefault(tag_id, name)
            tag_links.add((item.article_id, tag_id))
        images.extend(
            {
                "article_id": item.article_id,
                "position": i,
                "src": m.src,
                "alt": m.alt,
                "caption": m.caption,
            }
            for i, m in enumerate(item.article.images)
        )
        links.extend(
            {"article_id": item.article_id, "position": i, "href": k.href, "text": k.text}
            for i, k in enumerate(item.article.links)
        )
    s, i32 = pa.string(), pa.int32()
    with (
        _staged(
            con,
            "_tags",
            [{"tag_id": k, "name": v} for k, v in tags.items()],
            pa.schema([("tag_id", s), ("name", s)]),
        ),
        _staged(
            con,
            "_article_tags",
            [{"article_id": a, "tag_id": t} for a, t in sorted(tag_links)],
            pa.schema([("article_id", s), ("tag_id", s)]),
        ),
        _staged(
            con,
            "_images",
            images,
            pa.schema(
                [("article_id", s), ("position", i32), ("src", s), ("alt", s), ("caption", s)]
            ),
        ),
        _staged(
            con,
            "_links",
            links,
            pa.schema([("article_id", s), ("position", i32), ("href", s), ("text", s)]),
        ),
    ):
        con.execute("INSERT INTO tags BY NAME SELECT * FROM _tags ON CONFLICT DO NOTHING")
        for table in ("article_tags", "images", "links"):
            con.execute(f"DELETE FROM {table} WHERE {_IN_BATCH}")
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _{table}")


def _words_changed(old: str, new: str) -> int:
    before, after = Counter(old.split()), Counter(new.split())
    return sum(((before - after) + (after - before)).values())


def _write_revisions(con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle]) -> None:
    """Keep the stored version of every article whose text changed in this batch."""
    changed = {i.article_id: i for i in items}
    stored = con.execute(
        "SELECT a.article_id, a.text_hash, a.title, a.text, a.word_count, a.updated_at"
        " FROM articles a JOIN _batch_ids b USING (article_id) WHERE a.text_hash <> b.text_hash"
    ).fetchall()
    rows = [
        {
            "article_id": article_id,
            "text_hash": old_hash,
            "title": title,
            "text": text,
            "word_count": words,
            "fetched_at": stored_at,
            "replaced_at": changed[article_id].seen_at,
            "words_changed": _words_changed(text, changed[article_id].article.text),
        }
        for article_id, old_hash, title, text, words, stored_at in stored
        if old_hash != changed[article_id].fingerprint.text_hash
    ]
    if not rows:
        return
    schema = pa.schema(
        [
            ("article_id", pa.string()),
            ("text_hash", pa.string()),
            ("title", pa.string()),
            ("text", pa.string()),
            ("word_count", pa.int32()),
            ("fetched_at", _TS),
            ("replaced_at", _TS),
            ("words_changed", pa.int32()),
        ]
    )
    with _staged(con, "_revisions", rows, schema):
        con.execute(
            "INSERT INTO article_revisions BY NAME SELECT * FROM _revisions ON CONFLICT DO NOTHING"
        )


def _signature_tables(items: Sequence[StoredArticle]) -> tuple[pa.Table, pa.Table]:
    """(article_id, minhash) and (band, band_hash, article_id), built a column at a time:
    a 5,000-article batch has 160,000 band rows, too many to build as Python dicts."""
    ids = pa.array([i.article_id for i in items], pa.string())
    lengths = np.array([len(i.fingerprint.minhash) for i in items], dtype=np.int32)
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int32)
    flat = np.fromiter(
        (v for i in items for v in i.fingerprint.minhash), dtype=np.uint64, count=int(offsets[-1])
    )
    signatures = pa.table(
        {"article_id": ids, "minhash": pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat))}
    )
    bands_per = np.array([len(i.fingerprint.band_hashes) for i in items], dtype=np.int64)
    band_hashes = np.fromiter(
        (v for i in items for v in i.fingerprint.band_hashes),
        dtype=np.uint64,
        count=int(bands_per.sum()),
    )
    band_numbers = (
        np.concatenate([np.arange(n, dtype=np.int16) for n in bands_per])
        if len(items)
        else np.zeros(0, np.int16)
    )
    bands = pa.table(
        {
            "band": pa.array(band_numbers, pa.int16()),
            "band_hash": pa.array(band_hashes, pa.uint64()),
            "article_id": ids.take(pa.array(np.repeat(np.arange(len(items)), bands_per))),
        }
    )
    return signatures, bands


def _write_signatures(con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle]) -> None:
    signatures, bands = _signature_tables(items)
    con.register("_signatures", signatures)
    con.register("_bands", bands)
    try:
        con.execute(
            "INSERT INTO article_signatures BY NAME SELECT * FROM _signatures"
            " ON CONFLICT (article_id) DO UPDATE SET minhash = excluded.minhash"
        )
        con.execute(f"DELETE FROM article_bands WHERE {_IN_BATCH}")
        con.execute("INSERT INTO article_bands BY NAME SELECT * FROM _bands")
    finally:
        con.unregister("_signatures")
        con.unregister("_bands")


def _write_decisions(
    con: duckdb.DuckDBPyConnection, decisions: Sequence[DuplicateDecision]
) -> None:
    rows = [
        {
            "article_id": d.article_id,
            "duplicate_of": d.duplicate_of,
            "duplicate_kind": d.kind,
            "similarity": d.similarity,
        }
        for d in decisions
    ]
    schema = pa.schema(
        [
            ("article_id", pa.string()),
            ("duplicate_of", pa.string()),
            ("duplicate_kind", pa.string()),
            ("similarity", pa.float64()),
        ]
    )
    with _staged(con, "_decisions", rows, schema):
        con.execute(
            "UPDATE articles SET duplicate_of = d.duplicate_of, duplicate_kind = d.duplicate_kind,"
            " similarity = d.similarity FROM _decisions d WHERE articles.article_id = d.article_id"
        )


_ERROR_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("stage", pa.string()),
        ("error_class", pa.string()),
        ("message", pa.string()),
        ("run_id", pa.string()),
        ("first_seen_at", _TS),
        ("last_seen_at", _TS),
        ("occurrences", pa.int32()),
    ]
)


def _write_errors(con: duckdb.DuckDBPyConnection, run_id: str, errors: Sequence[PageError]) -> None:
    unique = {(e.url, e.stage): e for e in errors}
    rows = [
        {
            "url": e.url,
            "stage": e.stage,
            "error_class": e.error_class,
            "message": e.message,
            "run_id": run_id,
            "first_seen_at": e.at,
            "last_seen_at": e.at,
            "occurrences": 1,
        }
        for e in unique.values()
    ]
    with _staged(con, "_errors", rows, _ERROR_SCHEMA):
        con.execute(
            "INSERT INTO errors BY NAME SELECT * FROM _errors"
            " ON CONFLICT (url, stage) DO UPDATE SET"
            " error_class = excluded.error_class, message = excluded.message,"
            " run_id = excluded.run_id, last_seen_at = excluded.last_seen_at,"
            " occurrences = errors.occurrences + 1"
        )


def _write_source_entries(
    con: duckdb.DuckDBPyConnection, source_id: str, entries: Sequence[SourceEntry]
) -> None:
    unique = {e.url: e for e in entries}
    rows = [
        {
            "source_id": source_id,
            "url": e.url,
            "lastmod": e.lastmod,
            "first_seen_at": e.seen_at,
            "last_seen_at": e.seen_at,
        }
        for e in unique.values()
    ]
    schema = pa.schema(
        [
            ("source_id", pa.string()),
            ("url", pa.string()),
            ("lastmod", _TS),
            ("first_seen_at", _TS),
            ("last_seen_at", _TS),
        ]
    )
    with _staged(con, "_entries", rows, schema):
        con.execute(
            "INSERT INTO source_entries BY NAME SELECT * FROM _entries"
            " ON CONFLICT (source_id, url) DO UPDATE SET"
            " lastmod = coalesce(excluded.lastmod, source_entries.lastmod),"
            " last_seen_at = excluded.last_seen_at"
        )


def _touch_unchanged(
    con: duckdb.DuckDBPyConnection, unchanged: Sequence[tuple[str, dt.datetime]]
) -> None:
    rows = [{"url": url, "fetched_at": at} for url, at in unchanged]
    with _staged(con, "_unchanged", rows, pa.schema([("url", pa.string()), ("fetched_at", _TS)])):
        con.execute(
            "UPDATE pages SET last_status = 304, last_fetched_at = t.fetched_at"
            " FROM (SELECT DISTINCT u.page_id, max(c.fetched_at) AS fetched_at"
            "       FROM _unchanged c JOIN page_urls u USING (url) GROUP BY u.page_id) t"
            " WHERE pages.page_id = t.page_id"
        )


def _clear_errors(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> None:
    """A page that now succeeds is no longer failing: its error rows go."""
    rows = [{"url": u} for u in urls]
    with _staged(con, "_recovered", rows, pa.schema([("url", pa.string())])):
        con.execute("DELETE FROM errors WHERE url IN (SELECT url FROM _recovered)")


# Every per-article statement of a batch joins this staged table of the batch's ids
# instead of taking a list parameter: DuckDB converts a Python list element by element,
# and list_contains scans the whole table, where a semi-join uses a hash table.
_IN_BATCH = "article_id IN (SELECT article_id FROM _batch_ids)"
_BATCH_IDS = pa.schema([("article_id", pa.string()), ("text_hash", pa.string())])


def write_batch(
    con: duckdb.DuckDBPyConnection, run_id: str, source_id: str, batch: BatchWrite
) -> BatchCounts:
    """Write one batch of pages in a single transaction; return what changed in ``articles``."""
    ids = [
        {"article_id": a.article_id, "text_hash": a.fingerprint.text_hash} for a in batch.articles
    ]
    with _staged(con, "_batch_ids", ids, _BATCH_IDS):
        return _write_batch(con, run_id, source_id, batch)


def _write_batch(
    con: duckdb.DuckDBPyConnection, run_id: str, source_id: str, batch: BatchWrite
) -> BatchCounts:
    con.execute("BEGIN TRANSACTION")
    try:
        if batch.run is not None:
            _write_run(con, batch.run)
        counts = _count_changes(con, batch.articles)
        if batch.fetches:
            _write_fetches(con, run_id, batch.fetches)
        if batch.pages:
            _write_pages(con, source_id, batch.pages)
        if batch.page_urls:
            _write_page_urls(con, batch.page_urls)
        if batch.articles:
            _write_revisions(con, batch.articles)
            _write_articles(con, batch.articles)
            _write_details(con, batch.articles)
            _write_authors(con, batch.articles)
            _write_signatures(con, batch.articles)
        if batch.decisions:
            _write_decisions(con, batch.decisions)
        failing = {e.url for e in batch.errors}
        _clear_errors(con, [p.url for p in batch.fetches if p.url not in failing])
        if batch.errors:
            _write_errors(con, run_id, batch.errors)
        if batch.source_entries:
            _write_source_entries(con, source_id, batch.source_entries)
        if batch.unchanged:
            _touch_unchanged(con, batch.unchanged)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts
