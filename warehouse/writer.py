"""Bulk writes into the warehouse.

A batch of pages becomes Arrow tables in the column layout of the tables it writes
(:func:`batch_tables`, built a column at a time); that is what a run stages on disk
(``warehouse.staging``), and a merge scans those tables into DuckDB with a few set-based
statements: nothing is written row by row, and reading a staged batch back makes no
Python object per article. A batch is written inside one transaction, so a crash never
leaves half a batch.

Upserts do not lean on key constraints: the keys already stored are looked up first
(one semi-join), new rows go in with a plain ``INSERT`` and only known rows get an
``UPDATE``. In the common case (new articles) that skips both the conflict check of
``INSERT ... ON CONFLICT`` and the deletes of the rows an article owns, and the same
statements run on tables without PRIMARY KEY/UNIQUE constraints (DuckLake).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, overload

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.ids import author_id_for, tag_id_for
from tasks.records import (
    Article,
    DuplicateDecision,
    FetchedPage,
    Fingerprint,
    Image,
    Link,
    PageError,
    StoredArticle,
)
from tasks.urls import site_of
from warehouse.connection import committed


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
    kind_reason: str | None = None  # why a page that parsed is not an article


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
    error_message: str | None = None  # why a failed run failed
    host: str | None = None  # the machine and process running it (see ``_close_abandoned``)
    pid: int | None = None


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


_TS = pa.timestamp("us", tz="UTC")
_S, _I32, _I64 = pa.string(), pa.int32(), pa.int64()

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


# --- Arrow helpers ---------------------------------------------------------------------


def _from_columns(schema: pa.Schema, columns: Sequence[Sequence[Any]]) -> pa.Table:
    """An Arrow table from one Python sequence per column of ``schema``."""
    arrays = [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _from_rows(schema: pa.Schema, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """An Arrow table from tuples in the order of ``schema``'s columns."""
    if not rows:
        return schema.empty_table()
    return _from_columns(schema, list(zip(*rows, strict=True)))


def _key_array(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, **tables: pa.Table) -> Iterator[None]:
    """Make each Arrow table queryable under its keyword's name while the block runs."""
    for name, table in tables.items():
        con.register(name, table)
    try:
        yield
    finally:
        for name in tables:
            con.unregister(name)


def _stored_keys(
    con: duckdb.DuckDBPyConnection, table: str, key: str, rows: pa.Table, *extra: str
) -> pa.Table:
    """The ``key`` (and ``extra`` columns) of the stored rows of ``table`` whose key is in
    ``rows``: a semi-join that hashes the small staged side and scans only the key."""
    columns = ", ".join((key, *extra))
    with _registered(con, _probe=rows.select([key])):
        return con.execute(
            f"SELECT {columns} FROM {table} WHERE {key} IN (SELECT {key} FROM _probe)"
        ).to_arrow_table()


def _split(rows: pa.Table, key: str, known: pa.Table) -> tuple[pa.Table, pa.Table]:
    """(rows whose key is not in ``known``, rows whose key is)."""
    if known.num_rows == 0:
        return rows, rows.slice(0, 0)
    known_keys = _key_array(known[key]).cast(rows.schema.field(key).type)
    mask = pc.is_in(rows[key], value_set=known_keys)
    return rows.filter(pc.invert(mask)), rows.filter(mask)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    if rows.num_rows:
        with _registered(con, _new=rows):
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _new")


def _update(
    con: duckdb.DuckDBPyConnection, table: str, keys: Sequence[str], rows: pa.Table, sets: str
) -> None:
    """UPDATE the stored rows matching ``rows`` on ``keys``; ``sets`` names the staged
    row ``s`` and the stored one by the table's name."""
    if rows.num_rows:
        on = " AND ".join(f"{table}.{k} = s.{k}" for k in keys)
        with _registered(con, _old=rows):
            con.execute(f"UPDATE {table} SET {sets} FROM _old AS s WHERE {on}")


def _upsert(
    con: duckdb.DuckDBPyConnection, table: str, key: str, rows: pa.Table, sets: str
) -> None:
    """Insert the rows with a new ``key``; apply ``sets`` to the stored rows with a known one.
    ``rows`` holds each key once."""
    if rows.num_rows:
        new, old = _split(rows, key, _stored_keys(con, table, key, rows))
        _update(con, table, (key,), old, sets)
        _insert(con, table, new)


def _insert_missing(
    con: duckdb.DuckDBPyConnection, table: str, keys: Sequence[str], rows: pa.Table
) -> None:
    """Insert the rows whose ``keys`` are not stored yet (an anti-join in SQL): for small
    batches, lookup tables (authors, tags) and keys of several columns."""
    if rows.num_rows:
        on = " AND ".join(f"t.{k} = s.{k}" for k in keys)
        with _registered(con, _new=rows):
            con.execute(
                f"INSERT INTO {table} BY NAME SELECT * FROM _new AS s"
                f" WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE {on})"
            )


def _merge_small(
    con: duckdb.DuckDBPyConnection, table: str, keys: Sequence[str], rows: pa.Table, sets: str
) -> None:
    """The same as :func:`_upsert`, in SQL alone, for small batches: update the matching
    stored rows, then insert the others."""
    _update(con, table, keys, rows, sets)
    _insert_missing(con, table, keys, rows)


# --- the layout of a batch's tables ----------------------------------------------------


_FETCH_SCHEMA = pa.schema(
    [
        ("fetch_id", _S),
        ("run_id", _S),
        ("url", _S),
        ("final_url", _S),
        ("status", _I32),
        ("content_type", _S),
        ("bytes", _I64),
        ("elapsed_ms", pa.float64()),
        ("attempt", _I32),
        ("error_class", _S),
        ("error_message", _S),
        ("fetched_at", _TS),
        ("archive_path", _S),
        ("archive_offset", _I64),
        ("redirects", pa.list_(_S)),
    ]
)
_PAGE_SCHEMA = pa.schema(
    [
        ("page_id", _S),
        ("canonical_url", _S),
        ("source_id", _S),
        ("page_kind", _S),
        ("last_status", _I32),
        ("first_seen_at", _TS),
        ("last_fetched_at", _TS),
        ("etag", _S),
        ("last_modified", _S),
        ("archive_path", _S),
        ("archive_offset", _I64),
        ("kind_reason", _S),
    ]
)
_PAGE_URL_SCHEMA = pa.schema([("url", _S), ("page_id", _S), ("first_seen_at", _TS)])
_ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", _S),
        ("page_id", _S),
        ("source_id", _S),
        ("url", _S),
        ("canonical_url", _S),
        ("site", _S),
        ("title", _S),
        ("subtitle", _S),
        ("published_at", _TS),
        ("published_date", pa.date32()),
        ("modified_at", _TS),
        ("modified_date", pa.date32()),
        ("language", _S),
        ("site_name", _S),
        ("description", _S),
        ("syndicated_from", _S),
        ("is_paywalled", pa.bool_()),
        ("text", _S),
        ("word_count", _I32),
        ("text_hash", _S),
        ("extractor_version", _S),
        ("first_seen_at", _TS),
        ("updated_at", _TS),
        ("duplicate_of", _S),
        ("duplicate_kind", _S),
        ("similarity", pa.float64()),
    ]
)
# What the staged article rows carry besides the table's columns, so that the batch's
# ``StoredArticle`` records can be made again from them (duplicate decisions read them):
# the URLs the page declared, and the author and tag names as listed.
_ARTICLE_EXTRAS = pa.schema(
    [
        ("declared_url", _S),
        ("declared_canonical_url", _S),
        ("section", _S),
        ("page_kind", _S),
        ("author_names", pa.list_(_S)),
        ("tag_names", pa.list_(_S)),
    ]
)
_STAGED_ARTICLE_SCHEMA = pa.schema([*_ARTICLE_SCHEMA, *_ARTICLE_EXTRAS])
_U64S = pa.list_(pa.uint64())
# Band hashes ride along with the signature for the same reason (``article_bands`` has
# them one row each).
_SIGNATURE_SCHEMA = pa.schema([("article_id", _S), ("minhash", _U64S), ("band_hashes", _U64S)])
_BAND_SCHEMA = pa.schema([("band", pa.int16()), ("band_hash", pa.uint64()), ("article_id", _S)])
_DECISION_SCHEMA = pa.schema(
    [
        ("article_id", _S),
        ("duplicate_of", _S),
        ("duplicate_kind", _S),
        ("similarity", pa.float64()),
    ]
)
_ERROR_SCHEMA = pa.schema(
    [
        ("url", _S),
        ("stage", _S),
        ("error_class", _S),
        ("message", _S),
        ("run_id", _S),
        ("first_seen_at", _TS),
        ("last_seen_at", _TS),
        ("occurrences", _I32),
    ]
)
_ENTRY_SCHEMA = pa.schema(
    [
        ("source_id", _S),
        ("url", _S),
        ("lastmod", _TS),
        ("first_seen_at", _TS),
        ("last_seen_at", _TS),
    ]
)

# Every table a batch can hold, with its layout: each is inserted (or merged) as it is,
# but for the staged-only columns above.
TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "fetches": _FETCH_SCHEMA,
    "pages": _PAGE_SCHEMA,
    "page_urls": _PAGE_URL_SCHEMA,
    "articles": _STAGED_ARTICLE_SCHEMA,
    "authors": pa.schema([("author_id", _S), ("name", _S)]),
    "article_authors": pa.schema([("article_id", _S), ("author_id", _S), ("position", _I32)]),
    "tags": pa.schema([("tag_id", _S), ("name", _S)]),
    "article_tags": pa.schema([("article_id", _S), ("tag_id", _S)]),
    "images": pa.schema(
        [("article_id", _S), ("position", _I32), ("src", _S), ("alt", _S), ("caption", _S)]
    ),
    "links": pa.schema([("article_id", _S), ("position", _I32), ("href", _S), ("text", _S)]),
    "signatures": _SIGNATURE_SCHEMA,
    "bands": _BAND_SCHEMA,
    "decisions": _DECISION_SCHEMA,
    "errors": _ERROR_SCHEMA,
    "source_entries": _ENTRY_SCHEMA,
    # Pages that answered 304, by any URL they are known under, and URLs fetched without
    # an error this time (their error rows go).
    "unchanged": pa.schema([("url", _S), ("fetched_at", _TS)]),
    "recovered": pa.schema([("url", _S)]),
}
_ARTICLE_TABLES = (
    "articles",
    "authors",
    "article_authors",
    "tags",
    "article_tags",
    "images",
    "links",
    "signatures",
    "bands",
)


@dataclass(frozen=True, slots=True)
class BatchTables:
    """A batch in the column layout of the tables it writes (``TABLE_SCHEMAS``; a table
    the batch has no rows for may be left out): what a run stages on disk, and what the
    merge scans into DuckDB, with no Python object per row on the way."""

    run_id: str
    source_id: str
    run: RunRecord | None = None
    tables: Mapping[str, pa.Table] = field(default_factory=dict)

    def table(self, name: str) -> pa.Table:
        found = self.tables.get(name)
        return TABLE_SCHEMAS[name].empty_table() if found is None else found

    @property
    def pages(self) -> int:
        """How many pages the batch writes: what a transaction's size is counted in."""
        return max(int(self.table(n).num_rows) for n in ("pages", "articles", "fetches"))


def batch_tables(run_id: str, source_id: str, batch: BatchWrite) -> BatchTables:
    """``batch`` as tables, built a column at a time. A page, URL, article or error listed
    twice is kept once, as its last listing says."""
    built = {
        "fetches": _fetch_table(run_id, batch.fetches),
        "pages": _page_table(source_id, batch.pages),
        "page_urls": _page_url_table(batch.page_urls),
        **_article_tables(batch.articles),
        "decisions": _decision_table(batch.decisions),
        "errors": _error_table(run_id, batch.errors),
        "source_entries": _entry_table(source_id, batch.source_entries),
        "unchanged": _from_rows(TABLE_SCHEMAS["unchanged"], list(batch.unchanged)),
        "recovered": _recovered_table(batch.fetches, batch.errors),
    }
    tables = {name: table for name, table in built.items() if table.num_rows}
    return BatchTables(run_id, source_id, batch.run, tables)


def _fetch_table(run_id: str, pages: Sequence[FetchedPage]) -> pa.Table:
    """Rows of the fetch log (never updated: each gets its own id)."""
    rows = [
        (
            str(uuid.uuid4()),
            run_id,
            p.url,
            p.final_url,
            p.status,
            p.content_type,
            len(p.body) if p.body is not None else None,
            p.elapsed_ms,
            p.attempt,
            p.error_class,
            p.error_message,
            p.fetched_at,
            p.archive_path,
            p.archive_offset,
            list(p.redirects),
        )
        for p in pages
    ]
    return _from_rows(_FETCH_SCHEMA, rows)


def _page_table(source_id: str, pages: Sequence[PageRow]) -> pa.Table:
    unique = list({p.page_id: p for p in pages}.values())
    columns: list[Sequence[Any]] = [
        [p.page_id for p in unique],
        [p.canonical_url for p in unique],
        [source_id] * len(unique),
        [p.page_kind for p in unique],
        [p.last_status for p in unique],
        [p.fetched_at for p in unique],
        [p.fetched_at for p in unique],
        [p.etag for p in unique],
        [p.last_modified for p in unique],
        [p.archive_path for p in unique],
        [p.archive_offset for p in unique],
        [p.kind_reason for p in unique],
    ]
    return _from_columns(_PAGE_SCHEMA, columns)


def _page_url_table(urls: Sequence[PageURL]) -> pa.Table:
    unique = list({u.url: u for u in urls}.values())
    columns: list[Sequence[Any]] = [
        [u.url for u in unique],
        [u.page_id for u in unique],
        [u.seen_at for u in unique],
    ]
    return _from_columns(_PAGE_URL_SCHEMA, columns)


def _decision_table(decisions: Sequence[DuplicateDecision]) -> pa.Table:
    unique = {d.article_id: d for d in decisions}.values()
    rows = [(d.article_id, d.duplicate_of, d.kind, d.similarity) for d in unique]
    return _from_rows(_DECISION_SCHEMA, rows)


def _error_table(run_id: str, errors: Sequence[PageError]) -> pa.Table:
    unique = {(e.url, e.stage): e for e in errors}.values()
    rows = [(e.url, e.stage, e.error_class, e.message, run_id, e.at, e.at, 1) for e in unique]
    return _from_rows(_ERROR_SCHEMA, rows)


def _entry_table(source_id: str, entries: Sequence[SourceEntry]) -> pa.Table:
    unique = {e.url: e for e in entries}.values()
    rows = [(source_id, e.url, e.lastmod, e.seen_at, e.seen_at) for e in unique]
    return _from_rows(_ENTRY_SCHEMA, rows)


def _recovered_table(fetches: Sequence[FetchedPage], errors: Sequence[PageError]) -> pa.Table:
    """The URLs fetched that have no error in the batch: a page that now succeeds is no
    longer failing."""
    failing = {e.url for e in errors}
    urls = [p.url for p in fetches if p.url not in failing]
    return pa.table({"url": pa.array(urls, _S)})


# --- articles as tables ----------------------------------------------------------------


def _sites(urls: Sequence[str]) -> list[str]:
    """``site_of`` each URL, parsing each ``scheme://host`` prefix once: a batch comes
    from a few sites, and ``urlsplit`` on every URL cost as much as the article rows."""
    known: dict[str, str] = {}
    sites = []
    for url in urls:
        head = url.split("/", 3)
        # The prefix keeps the whole netloc (it ends at the first "/", "?" or "#").
        prefix = "/".join(head[:3]) if len(head) >= 3 and head[1] == "" else url
        site = known.get(prefix)
        if site is None:
            site = known[prefix] = site_of(prefix)
        sites.append(site)
    return sites


def _article_tables(articles: Sequence[StoredArticle]) -> dict[str, pa.Table]:
    """The article rows and the rows they own (authors, tags, images, links, signature,
    bands); an article listed twice is kept as last listed."""
    if isinstance(articles, StagedArticles):
        return dict(articles.tables)  # staged already: nothing to build
    items = list({i.article_id: i for i in articles}.values())
    if not items:
        return {}
    signatures, bands = _signature_tables(items)
    return {
        "articles": _article_table(items),
        **_author_tables(items),
        **_detail_tables(items),
        "signatures": signatures,
        "bands": bands,
    }


def _article_table(items: Sequence[StoredArticle]) -> pa.Table:
    """The articles' rows, without duplicate decisions (they are taken when the batch is
    merged); with what the staged-only columns keep."""
    arts = [i.article for i in items]
    ids = [i.article_id for i in items]
    seen = [i.seen_at for i in items]
    none = [None] * len(items)
    columns: list[Sequence[Any]] = [
        ids,
        ids,
        [i.source_id for i in items],
        [i.url for i in items],
        [i.canonical_url for i in items],
        _sites([i.canonical_url for i in items]),
        [a.title for a in arts],
        [a.subtitle for a in arts],
        [a.published_at for a in arts],
        [a.published_date for a in arts],
        [a.modified_at for a in arts],
        [a.modified_date for a in arts],
        [a.language for a in arts],
        [a.site_name for a in arts],
        [a.description for a in arts],
        [a.syndicated_from for a in arts],
        [a.is_paywalled for a in arts],
        [a.text for a in arts],
        [a.word_count for a in arts],
        [i.fingerprint.text_hash for i in items],
        [a.extractor_version for a in arts],
        seen,
        seen,
        none,
        none,
        none,
        [a.url for a in arts],
        [a.canonical_url for a in arts],
        [a.section for a in arts],
        [a.page_kind for a in arts],
        [list(a.authors) for a in arts],
        [list(a.tags) for a in arts],
    ]
    return _from_columns(_STAGED_ARTICLE_SCHEMA, columns)


def _author_tables(items: Sequence[StoredArticle]) -> dict[str, pa.Table]:
    ids: dict[str, str] = {}  # name -> author_id, hashed once per batch
    authors: dict[str, str] = {}
    links: dict[tuple[str, str], int] = {}
    for item in items:
        for position, name in enumerate(item.article.authors):
            author_id = ids.get(name)
            if author_id is None:
                author_id = ids[name] = author_id_for(name)
            authors.setdefault(author_id, name)
            links.setdefault((item.article_id, author_id), position)
    return {
        "authors": _from_columns(TABLE_SCHEMAS["authors"], [list(authors), list(authors.values())]),
        "article_authors": _from_rows(
            TABLE_SCHEMAS["article_authors"], [(a, b, p) for (a, b), p in links.items()]
        ),
    }


def _detail_tables(items: Sequence[StoredArticle]) -> dict[str, pa.Table]:
    """Tags, images and links of the articles."""
    ids: dict[str, str] = {}  # name -> tag_id, hashed once per batch
    tags: dict[str, str] = {}
    tag_links: set[tuple[str, str]] = set()
    images: list[tuple[str, int, str, str | None, str | None]] = []
    links: list[tuple[str, int, str, str]] = []
    for item in items:
        article = item.article
        for name in article.tags:
            tag_id = ids.get(name)
            if tag_id is None:
                tag_id = ids[name] = tag_id_for(name)
            tags.setdefault(tag_id, name)
            tag_links.add((item.article_id, tag_id))
        images.extend(
            (item.article_id, i, m.src, m.alt, m.caption) for i, m in enumerate(article.images)
        )
        links.extend((item.article_id, i, k.href, k.text) for i, k in enumerate(article.links))
    return {
        "tags": _from_columns(TABLE_SCHEMAS["tags"], [list(tags), list(tags.values())]),
        "article_tags": _from_rows(TABLE_SCHEMAS["article_tags"], sorted(tag_links)),
        "images": _from_rows(TABLE_SCHEMAS["images"], images),
        "links": _from_rows(TABLE_SCHEMAS["links"], links),
    }


def _uint64_lists(values: Sequence[Sequence[int]]) -> pa.ListArray:
    """A list<uint64> array of ``values``, built without a Python loop over the values
    when every list has the same length (as every signature does). Raises ValueError
    for a value that is not an unsigned 64-bit integer."""
    lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
    try:
        if len(values) and (lengths == lengths[0]).all():
            flat = np.array(values, dtype=np.uint64).reshape(-1)
        else:
            flat = np.fromiter(
                (x for v in values for x in v), dtype=np.uint64, count=int(lengths.sum())
            )
    except (OverflowError, TypeError) as exc:
        raise ValueError(f"a fingerprint holds a value that is not a uint64: {exc}") from exc
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat, pa.uint64()))


def _signature_tables(items: Sequence[StoredArticle]) -> tuple[pa.Table, pa.Table]:
    """(article_id, minhash, band_hashes) and (band, band_hash, article_id), built a
    column at a time: a 5,000-article batch has 160,000 band rows."""
    ids = pa.array([i.article_id for i in items], _S)
    minhash = _uint64_lists([i.fingerprint.minhash for i in items])
    band_lists = _uint64_lists([i.fingerprint.band_hashes for i in items])
    signatures = pa.Table.from_arrays([ids, minhash, band_lists], schema=_SIGNATURE_SCHEMA)
    owners = pc.list_parent_indices(band_lists)
    starts = np.asarray(band_lists.offsets)[:-1]
    owner_index = owners.to_numpy()
    band_numbers = np.arange(len(owner_index), dtype=np.int64) - starts[owner_index]
    bands = pa.Table.from_arrays(
        [
            pa.array(band_numbers.astype(np.int16), pa.int16()),
            band_lists.flatten(),
            ids.take(owners),
        ],
        schema=_BAND_SCHEMA,
    )
    return signatures, bands


class StagedArticles(Sequence[StoredArticle]):
    """A batch's articles held as their tables (``batch_tables``' article tables). The
    writer takes the tables as they are; ``StoredArticle`` records are made from them
    only when read, the first time (duplicate decisions read them)."""

    __slots__ = ("_records", "tables")

    def __init__(self, tables: Mapping[str, pa.Table]) -> None:
        self.tables = {
            name: tables.get(name, TABLE_SCHEMAS[name].empty_table()) for name in _ARTICLE_TABLES
        }
        self._records: list[StoredArticle] | None = None

    def __len__(self) -> int:
        return int(self.tables["articles"].num_rows)

    @overload
    def __getitem__(self, index: int) -> StoredArticle: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[StoredArticle]: ...

    def __getitem__(self, index: int | slice) -> StoredArticle | Sequence[StoredArticle]:
        if self._records is None:
            self._records = _stored_articles(self.tables)
        return self._records[index]


def batch_view(batch: BatchTables) -> BatchWrite:
    """``batch`` as a ``BatchWrite`` for duplicate decisions: its run, its articles (made
    from the tables only when read) and its decisions. Fetches, pages, URLs and errors
    are not made again: they are written from the tables as staged."""
    decisions = [
        DuplicateDecision(r["article_id"], r["duplicate_of"], r["duplicate_kind"], r["similarity"])
        for r in batch.table("decisions").to_pylist()
    ]
    return BatchWrite(run=batch.run, articles=StagedArticles(batch.tables), decisions=decisions)


def _stored_articles(tables: Mapping[str, pa.Table]) -> list[StoredArticle]:
    """The records the article tables were built from."""
    images: dict[str, list[Image]] = defaultdict(list)
    for row in tables["images"].to_pylist():
        images[row["article_id"]].append(Image(row["src"], row["alt"], row["caption"]))
    links: dict[str, list[Link]] = defaultdict(list)
    for row in tables["links"].to_pylist():
        links[row["article_id"]].append(Link(row["href"], row["text"]))
    signatures = tables["signatures"].to_pydict()
    prints = {
        article_id: (tuple(minhash), tuple(bands))
        for article_id, minhash, bands in zip(
            signatures["article_id"],
            signatures["minhash"],
            signatures["band_hashes"],
            strict=True,
        )
    }
    records = []
    for row in tables["articles"].to_pylist():
        article_id = row["article_id"]
        minhash, bands = prints[article_id]
        article = Article(
            url=row["declared_url"],
            canonical_url=row["declared_canonical_url"],
            title=row["title"],
            text=row["text"],
            authors=tuple(row["author_names"]),
            subtitle=row["subtitle"],
            published_at=row["published_at"],
            published_date=row["published_date"],
            modified_at=row["modified_at"],
            modified_date=row["modified_date"],
            language=row["language"],
            site_name=row["site_name"],
            section=row["section"],
            description=row["description"],
            tags=tuple(row["tag_names"]),
            images=tuple(images.get(article_id, ())),
            links=tuple(links.get(article_id, ())),
            syndicated_from=row["syndicated_from"],
            is_paywalled=row["is_paywalled"],
            page_kind=row["page_kind"],
            word_count=row["word_count"],
            extractor_version=row["extractor_version"],
        )
        records.append(
            StoredArticle(
                article_id=article_id,
                source_id=row["source_id"],
                url=row["url"],
                canonical_url=row["canonical_url"],
                article=article,
                fingerprint=Fingerprint(row["text_hash"], minhash, bands),
                seen_at=row["first_seen_at"],
            )
        )
    return records


# --- runs ------------------------------------------------------------------------------


def _write_run(con: duckdb.DuckDBPyConnection, run: RunRecord) -> None:
    """Upsert the run's source and its ``runs`` row (started, then finished with counts)."""
    source = pa.table(
        {
            "source_id": [run.source_id],
            "kind": [run.kind],
            "location": [run.location],
            "created_at": pa.array([run.started_at], _TS),
            "updated_at": pa.array([run.started_at], _TS),
        }
    )
    _merge_small(
        con,
        "sources",
        ("source_id",),
        source,
        "kind = s.kind, location = s.location, updated_at = s.updated_at",
    )
    row = pa.table(
        {
            "run_id": [run.run_id],
            "flow_run_id": pa.array([run.flow_run_id], _S),
            "source_id": [run.source_id],
            "started_at": pa.array([run.started_at], _TS),
            "finished_at": pa.array([run.finished_at], _TS),
            "status": [run.status],
            "error_message": pa.array([run.error_message], _S),
            "host": pa.array([run.host], _S),
            "pid": pa.array([run.pid], _I32),
            **{c: pa.array([run.counts.get(c)], _I32) for c in RUN_COUNTS},
        }
    )
    refreshed = ("finished_at", "status", "error_message", *RUN_COUNTS)
    updates = ", ".join(f"{c} = s.{c}" for c in refreshed)
    _merge_small(con, "runs", ("run_id",), row, updates)
    if run.status == "running" and run.host is not None:
        _close_abandoned(con, run)


def _close_abandoned(con: duckdb.DuckDBPyConnection, starting: RunRecord) -> None:
    """Mark crashed the runs of ``starting``'s host still ``running`` whose process is
    gone: it was killed (or the machine stopped) before it could close its row. Runs of
    other hosts are left alone; this host cannot tell whether their processes live."""
    rows = con.execute(
        "SELECT run_id, pid, started_at FROM runs"
        " WHERE status = 'running' AND host = ? AND run_id <> ?",
        [starting.host, starting.run_id],
    ).fetchall()
    for run_id, pid, started_at in rows:
        if pid is None or _runs_process(pid, started_at):
            continue
        con.execute(
            """
            UPDATE runs SET status = 'crashed', finished_at = ?, error_message = ?
            WHERE run_id = ?
            """,
            [
                starting.started_at,
                f"its process (pid {pid} on {starting.host}) ended without closing the run:"
                " killed, or the machine stopped; found by run " + starting.run_id,
                run_id,
            ],
        )


# How much earlier than its process's start, as /proc gives it, a run may seem to start:
# the boot time there is in whole seconds, and a step of the clock (NTP) moves it. A
# minute, so that a live run is not taken for a crashed one; a reused pid is one given
# out after its run's process ended, most often after a reboot, minutes later or more.
_START_SLACK = dt.timedelta(seconds=60)


def _runs_process(pid: int, run_started: dt.datetime) -> bool:
    """Whether process ``pid`` may still be the one that started a run at ``run_started``:
    it lives, and did not start after the run did. A process that started later holds
    the pid of one that ended (after a reboot, pids start over)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    began = _process_started(pid)
    return began is None or began <= run_started + _START_SLACK


def _process_started(pid: int) -> dt.datetime | None:
    """When process ``pid`` started, from Linux's /proc; None where it cannot be read
    (another system, the process gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as file:
            stat = file.read()
        with open("/proc/stat", encoding="ascii") as file:
            boot = next(line for line in file if line.startswith("btime "))
        # Fields after the command name, which is in parentheses and may hold spaces;
        # the 22nd field, the start in clock ticks after boot, is the 20th of these.
        ticks = int(stat.rpartition(")")[2].split()[19])
        since_boot = ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return dt.datetime.fromtimestamp(int(boot.split()[1]) + since_boot, dt.UTC)


# --- writing the tables ----------------------------------------------------------------


# A page row with None for these keeps the stored value (a 304 carries no new copy).
_PAGE_KEPT = ("page_kind", "etag", "last_modified", "archive_path", "archive_offset")
_PAGE_SETS = ", ".join(
    [f"{c} = coalesce(s.{c}, pages.{c})" for c in _PAGE_KEPT]
    # The reason goes with the kind it explains: kept with it, and cleared (NULL) when
    # the page is now read as an article.
    + ["kind_reason = CASE WHEN s.page_kind IS NULL THEN pages.kind_reason ELSE s.kind_reason END"]
    + ["last_status = s.last_status", "last_fetched_at = s.last_fetched_at"]
)


def _write_pages(con: duckdb.DuckDBPyConnection, pages: pa.Table) -> None:
    _upsert(con, "pages", "page_id", pages, _PAGE_SETS)


def _write_page_urls(con: duckdb.DuckDBPyConnection, urls: pa.Table) -> None:
    _upsert(con, "page_urls", "url", urls, "page_id = s.page_id")


# Columns an upsert refreshes: everything but the keys, first_seen_at and the duplicate
# columns, which only duplicate decisions change.
_ARTICLE_SETS = ", ".join(
    f"{f.name} = s.{f.name}"
    for f in _ARTICLE_SCHEMA
    if f.name
    not in {
        "article_id",
        "page_id",
        "first_seen_at",
        "duplicate_of",
        "duplicate_kind",
        "similarity",
    }
)
_DECISION_COLUMNS = ("duplicate_of", "duplicate_kind", "similarity")


def _words_changed(old: str, new: str) -> int:
    before, after = Counter(old.split()), Counter(new.split())
    return sum(((before - after) + (after - before)).values())


_REVISION_SCHEMA = pa.schema(
    [
        ("article_id", _S),
        ("text_hash", _S),
        ("title", _S),
        ("text", _S),
        ("word_count", _I32),
        ("fetched_at", _TS),
        ("replaced_at", _TS),
        ("words_changed", _I32),
    ]
)


def _changed_texts(articles: pa.Table, stored: pa.Table) -> pa.Array:
    """The ids of the batch's articles that are stored with another text."""
    if stored.num_rows == 0:
        return pa.array([], _S)
    at = pc.index_in(stored["article_id"], value_set=_key_array(articles["article_id"]))
    staged_hash = articles["text_hash"].take(at)
    differs = pc.not_equal(stored["text_hash"], staged_hash)
    return _key_array(stored["article_id"].filter(differs))


def _write_revisions(con: duckdb.DuckDBPyConnection, articles: pa.Table, changed: pa.Array) -> None:
    """Keep the stored version of every article whose text this batch changes."""
    if not len(changed):
        return
    # Only the changed articles' texts are read: a join that needed the text column
    # would read every stored text.
    with _registered(con, _changed=pa.table({"article_id": changed})):
        stored = con.execute(
            "SELECT article_id, text_hash, title, text, word_count, updated_at FROM articles"
            " WHERE article_id IN (SELECT article_id FROM _changed)"
        ).fetchall()
    staged = articles.filter(pc.is_in(articles["article_id"], value_set=changed))
    by_id = {
        row["article_id"]: row
        for row in staged.select(["article_id", "text", "first_seen_at"]).to_pylist()
    }
    rows = [
        (
            article_id,
            old_hash,
            title,
            text,
            words,
            stored_at,
            by_id[article_id]["first_seen_at"],
            _words_changed(text, by_id[article_id]["text"]),
        )
        for article_id, old_hash, title, text, words, stored_at in stored
    ]
    _insert_missing(
        con,
        "article_revisions",
        ("article_id", "text_hash", "replaced_at"),
        _from_rows(_REVISION_SCHEMA, rows),
    )


def _with_decisions(articles: pa.Table, decisions: pa.Table) -> pa.Table:
    """``articles`` with the duplicate columns the decisions about them give."""
    if not decisions.num_rows or not articles.num_rows:
        return articles
    at = pc.index_in(articles["article_id"], value_set=_key_array(decisions["article_id"]))
    for name in _DECISION_COLUMNS:
        index = articles.schema.get_field_index(name)
        articles = articles.set_column(index, articles.field(index), decisions[name].take(at))
    return articles


def _write_articles(con: duckdb.DuckDBPyConnection, new: pa.Table, old: pa.Table) -> None:
    """Insert the new articles; refresh the stored ones (but for their duplicate columns)."""
    _update(con, "articles", ("article_id",), old, _ARTICLE_SETS)
    _insert(con, "articles", new.select(_ARTICLE_SCHEMA.names))


# Tables holding rows an article owns, replaced wholesale when the article is rewritten.
_ARTICLE_PARTS = ("article_authors", "article_tags", "images", "links", "article_bands")


def _delete_parts(con: duckdb.DuckDBPyConnection, replaced: pa.Table) -> None:
    """Delete the rows owned by the stored articles this batch rewrites. A new article
    owns none (they are written with it, in one transaction), so an all-new batch skips
    the deletes and the scans of the large tables they cost."""
    if replaced.num_rows:
        with _registered(con, _replaced=replaced.select(["article_id"])):
            for table in _ARTICLE_PARTS:
                con.execute(
                    f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _replaced)"
                )


def _write_authors(con: duckdb.DuckDBPyConnection, batch: BatchTables) -> None:
    _insert_missing(con, "authors", ("author_id",), batch.table("authors"))
    _insert(con, "article_authors", batch.table("article_authors"))


def _write_details(con: duckdb.DuckDBPyConnection, batch: BatchTables) -> None:
    """Tags, images and links of the batch's articles."""
    _insert_missing(con, "tags", ("tag_id",), batch.table("tags"))
    _insert(con, "article_tags", batch.table("article_tags"))
    _insert(con, "images", batch.table("images"))
    _insert(con, "links", batch.table("links"))


def _write_signatures(con: duckdb.DuckDBPyConnection, batch: BatchTables, stored: pa.Table) -> None:
    signatures = batch.table("signatures").select(["article_id", "minhash"])
    new, old = _split(signatures, "article_id", stored)
    _update(con, "article_signatures", ("article_id",), old, "minhash = s.minhash")
    _insert(con, "article_signatures", new)
    _insert(con, "article_bands", batch.table("bands"))


def _write_decisions(con: duckdb.DuckDBPyConnection, decisions: pa.Table) -> None:
    sets = ", ".join(f"{c} = s.{c}" for c in _DECISION_COLUMNS)
    _update(con, "articles", ("article_id",), decisions, sets)


def _write_article_batch(
    con: duckdb.DuckDBPyConnection, batch: BatchTables, decisions: pa.Table
) -> tuple[BatchCounts, pa.Array]:
    """Write the articles (each listed once) and everything they own; return the counts
    and the ids of the new articles, whose duplicate decisions went in with them."""
    articles = batch.table("articles")
    stored = _stored_keys(con, "articles", "article_id", articles, "text_hash")
    changed = _changed_texts(articles, stored)
    new, old = _split(articles, "article_id", stored)
    _write_revisions(con, articles, changed)
    _write_articles(con, _with_decisions(new, decisions), old)
    _delete_parts(con, old)
    _write_details(con, batch)
    _write_authors(con, batch)
    _write_signatures(con, batch, stored)
    counts = BatchCounts(new.num_rows, len(changed), old.num_rows - len(changed))
    return counts, _key_array(new["article_id"])


# --- errors, feeds, 304s ---------------------------------------------------------------


def _write_errors(con: duckdb.DuckDBPyConnection, errors: pa.Table) -> None:
    _merge_small(
        con,
        "errors",
        ("url", "stage"),
        errors,
        "error_class = s.error_class, message = s.message, run_id = s.run_id,"
        " last_seen_at = s.last_seen_at, occurrences = errors.occurrences + 1",
    )


def _write_source_entries(con: duckdb.DuckDBPyConnection, entries: pa.Table) -> None:
    _merge_small(
        con,
        "source_entries",
        ("source_id", "url"),
        entries,
        "lastmod = coalesce(s.lastmod, source_entries.lastmod), last_seen_at = s.last_seen_at",
    )


def _touch_unchanged(con: duckdb.DuckDBPyConnection, unchanged: pa.Table) -> None:
    with _registered(con, _unchanged=unchanged):
        con.execute(
            "UPDATE pages SET last_status = 304, last_fetched_at = t.fetched_at"
            " FROM (SELECT u.page_id, max(c.fetched_at) AS fetched_at"
            "       FROM _unchanged c JOIN page_urls u USING (url) GROUP BY u.page_id) t"
            " WHERE pages.page_id = t.page_id"
        )


def _clear_errors(con: duckdb.DuckDBPyConnection, recovered: pa.Table) -> None:
    """A page that now succeeds is no longer failing: its error rows go."""
    if recovered.num_rows:
        with _registered(con, _recovered=recovered):
            con.execute("DELETE FROM errors WHERE url IN (SELECT url FROM _recovered)")


# --- the batch -------------------------------------------------------------------------


def write_batch(
    con: duckdb.DuckDBPyConnection, run_id: str, source_id: str, batch: BatchWrite
) -> BatchCounts:
    """Write one batch of pages in a single transaction; return what changed in ``articles``.

    An article listed twice in the batch is written once, as its last listing says.
    """
    return committed(con, lambda c: write_batch_in_transaction(c, run_id, source_id, batch))


def write_batch_in_transaction(
    con: duckdb.DuckDBPyConnection, run_id: str, source_id: str, batch: BatchWrite
) -> BatchCounts:
    """``write_batch`` inside the caller's open transaction (see
    ``warehouse.connection.in_transaction``, which retries a lake's conflicting commits)."""
    return write_tables_in_transaction(con, batch_tables(run_id, source_id, batch))


def write_tables_in_transaction(
    con: duckdb.DuckDBPyConnection,
    batch: BatchTables,
    decisions: Sequence[DuplicateDecision] | None = None,
) -> BatchCounts:
    """Write ``batch`` inside the caller's open transaction, with ``decisions`` (by
    default, the decisions the batch holds); return what changed in ``articles``."""
    chosen = batch.table("decisions") if decisions is None else _decision_table(decisions)
    if batch.run is not None:
        _write_run(con, batch.run)
    _insert(con, "fetches", batch.table("fetches"))
    _write_pages(con, batch.table("pages"))
    _write_page_urls(con, batch.table("page_urls"))
    counts, inserted = BatchCounts(0, 0, 0), pa.array([], _S)
    if batch.table("articles").num_rows:
        counts, inserted = _write_article_batch(con, batch, chosen)
    # Decisions about new articles were inserted with them; the rest update stored rows.
    if chosen.num_rows:
        remaining = chosen.filter(pc.invert(pc.is_in(chosen["article_id"], value_set=inserted)))
        _write_decisions(con, remaining)
    _clear_errors(con, batch.table("recovered"))
    if batch.table("errors").num_rows:
        _write_errors(con, batch.table("errors"))
    if batch.table("source_entries").num_rows:
        _write_source_entries(con, batch.table("source_entries"))
    if batch.table("unchanged").num_rows:
        _touch_unchanged(con, batch.table("unchanged"))
    return counts
