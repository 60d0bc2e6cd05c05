"""Bulk writes into the warehouse.

Every write stages a batch as an Arrow table, built a column at a time, and merges it
with a few set-based statements; nothing is written row by row. A batch of pages is written
inside one transaction by :func:`write_batch`, so a crash never leaves half a batch.

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
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.ids import author_id_for, tag_id_for
from tasks.records import DuplicateDecision, FetchedPage, PageError, StoredArticle
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


# --- staging ---------------------------------------------------------------------------


def _from_columns(schema: pa.Schema, columns: Sequence[Sequence[Any]]) -> pa.Table:
    """An Arrow table from one Python sequence per column of ``schema``."""
    arrays = [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _from_rows(schema: pa.Schema, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """An Arrow table from tuples in the order of ``schema``'s columns."""
    if not rows:
        return schema.empty_table()
    return _from_columns(schema, list(zip(*rows, strict=True)))


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
    known_keys = known[key].combine_chunks().cast(rows.schema.field(key).type)
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


# --- runs, fetches, pages --------------------------------------------------------------


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
        "SELECT run_id, pid FROM runs WHERE status = 'running' AND host = ? AND run_id <> ?",
        [starting.host, starting.run_id],
    ).fetchall()
    for run_id, pid in rows:
        if pid is None or _process_alive(pid):
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


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


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


def _write_fetches(
    con: duckdb.DuckDBPyConnection, run_id: str, pages: Sequence[FetchedPage]
) -> None:
    """Append to the fetch log (its rows are never updated)."""
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
    _insert(con, "fetches", _from_rows(_FETCH_SCHEMA, rows))


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
    ]
)
# A page row with None for these keeps the stored value (a 304 carries no new copy).
_PAGE_KEPT = ("page_kind", "etag", "last_modified", "archive_path", "archive_offset")
_PAGE_SETS = ", ".join(
    [f"{c} = coalesce(s.{c}, pages.{c})" for c in _PAGE_KEPT]
    + ["last_status = s.last_status", "last_fetched_at = s.last_fetched_at"]
)


def _write_pages(con: duckdb.DuckDBPyConnection, source_id: str, pages: Sequence[PageRow]) -> None:
    unique = {p.page_id: p for p in pages}.values()
    rows = [
        (
            p.page_id,
            p.canonical_url,
            source_id,
            p.page_kind,
            p.last_status,
            p.fetched_at,
            p.fetched_at,
            p.etag,
            p.last_modified,
            p.archive_path,
            p.archive_offset,
        )
        for p in unique
    ]
    _upsert(con, "pages", "page_id", _from_rows(_PAGE_SCHEMA, rows), _PAGE_SETS)


_PAGE_URL_SCHEMA = pa.schema([("url", _S), ("page_id", _S), ("first_seen_at", _TS)])


def _write_page_urls(con: duckdb.DuckDBPyConnection, urls: Sequence[PageURL]) -> None:
    unique = {u.url: u for u in urls}.values()
    rows = _from_rows(_PAGE_URL_SCHEMA, [(u.url, u.page_id, u.seen_at) for u in unique])
    _upsert(con, "page_urls", "url", rows, "page_id = s.page_id")


# --- articles --------------------------------------------------------------------------


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


def _article_table(
    items: Sequence[StoredArticle], decisions: dict[str, DuplicateDecision]
) -> pa.Table:
    """The batch's articles, with the duplicate decisions made about them."""
    arts = [i.article for i in items]
    ids = [i.article_id for i in items]
    seen = [i.seen_at for i in items]
    made = [decisions.get(i) for i in ids]
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
        [d.duplicate_of if d else None for d in made],
        [d.kind if d else None for d in made],
        [d.similarity if d else None for d in made],
    ]
    return _from_columns(_ARTICLE_SCHEMA, columns)


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


def _write_revisions(con: duckdb.DuckDBPyConnection, changed: Sequence[StoredArticle]) -> None:
    """Keep the stored version of every article whose text this batch changes."""
    if not changed:
        return
    by_id = {i.article_id: i for i in changed}
    # Only the changed articles' texts are read: a join that needed the text column
    # would read every stored text.
    with _registered(con, _changed=pa.table({"article_id": pa.array(list(by_id), _S)})):
        stored = con.execute(
            "SELECT article_id, text_hash, title, text, word_count, updated_at FROM articles"
            " WHERE article_id IN (SELECT article_id FROM _changed)"
        ).fetchall()
    rows = [
        (
            article_id,
            old_hash,
            title,
            text,
            words,
            stored_at,
            by_id[article_id].seen_at,
            _words_changed(text, by_id[article_id].article.text),
        )
        for article_id, old_hash, title, text, words, stored_at in stored
    ]
    _insert_missing(
        con,
        "article_revisions",
        ("article_id", "text_hash", "replaced_at"),
        _from_rows(_REVISION_SCHEMA, rows),
    )


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


def _write_authors(con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle]) -> None:
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
    _insert_missing(
        con,
        "authors",
        ("author_id",),
        _from_columns(
            pa.schema([("author_id", _S), ("name", _S)]), [list(authors), list(authors.values())]
        ),
    )
    _insert(
        con,
        "article_authors",
        _from_rows(
            pa.schema([("article_id", _S), ("author_id", _S), ("position", _I32)]),
            [(a, b, p) for (a, b), p in links.items()],
        ),
    )


def _write_details(con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle]) -> None:
    """Tags, images and links of the batch's articles."""
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
    _insert_missing(
        con,
        "tags",
        ("tag_id",),
        _from_columns(pa.schema([("tag_id", _S), ("name", _S)]), [list(tags), list(tags.values())]),
    )
    _insert(
        con,
        "article_tags",
        _from_rows(pa.schema([("article_id", _S), ("tag_id", _S)]), sorted(tag_links)),
    )
    image_schema = pa.schema(
        [("article_id", _S), ("position", _I32), ("src", _S), ("alt", _S), ("caption", _S)]
    )
    _insert(con, "images", _from_rows(image_schema, images))
    link_schema = pa.schema([("article_id", _S), ("position", _I32), ("href", _S), ("text", _S)])
    _insert(con, "links", _from_rows(link_schema, links))


def _uint64_lists(
    values: Sequence[Sequence[int]],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """(lengths, flat values) of a list of uint64 lists, built without a Python loop over
    the values when every list has the same length (as every signature does)."""
    lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
    if len(values) and (lengths == lengths[0]).all():
        flat = np.array(values, dtype=np.uint64).reshape(-1)
    else:
        flat = np.fromiter(
            (x for v in values for x in v), dtype=np.uint64, count=int(lengths.sum())
        )
    return lengths, flat


def _signature_tables(items: Sequence[StoredArticle]) -> tuple[pa.Table, pa.Table]:
    """(article_id, minhash) and (band, band_hash, article_id), built a column at a time:
    a 5,000-article batch has 160,000 band rows, too many to build as Python rows."""
    ids = pa.array([i.article_id for i in items], _S)
    lengths, flat = _uint64_lists([i.fingerprint.minhash for i in items])
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int32)
    signatures = pa.table(
        {"article_id": ids, "minhash": pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat))}
    )
    bands_per, band_hashes = _uint64_lists([i.fingerprint.band_hashes for i in items])
    starts = np.repeat(np.cumsum(bands_per) - bands_per, bands_per)
    band_numbers = np.arange(len(band_hashes), dtype=np.int64) - starts
    bands = pa.table(
        {
            "band": pa.array(band_numbers.astype(np.int16), pa.int16()),
            "band_hash": pa.array(band_hashes, pa.uint64()),
            "article_id": ids.take(pa.array(np.repeat(np.arange(len(items)), bands_per))),
        }
    )
    return signatures, bands


def _write_signatures(
    con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle], stored: pa.Table
) -> None:
    signatures, bands = _signature_tables(items)
    new, old = _split(signatures, "article_id", stored)
    _update(con, "article_signatures", ("article_id",), old, "minhash = s.minhash")
    _insert(con, "article_signatures", new)
    _insert(con, "article_bands", bands)


def _write_decisions(
    con: duckdb.DuckDBPyConnection, decisions: Sequence[DuplicateDecision]
) -> None:
    schema = pa.schema(
        [
            ("article_id", _S),
            ("duplicate_of", _S),
            ("duplicate_kind", _S),
            ("similarity", pa.float64()),
        ]
    )
    rows = [(d.article_id, d.duplicate_of, d.kind, d.similarity) for d in decisions]
    _update(
        con,
        "articles",
        ("article_id",),
        _from_rows(schema, rows),
        "duplicate_of = s.duplicate_of, duplicate_kind = s.duplicate_kind,"
        " similarity = s.similarity",
    )


def _changed_texts(items: Sequence[StoredArticle], stored: pa.Table) -> list[StoredArticle]:
    """The batch's articles that are stored with another text."""
    hashes = dict(
        zip(stored["article_id"].to_pylist(), stored["text_hash"].to_pylist(), strict=True)
    )
    return [
        i
        for i in items
        if i.article_id in hashes and hashes[i.article_id] != i.fingerprint.text_hash
    ]


def _write_articles(con: duckdb.DuckDBPyConnection, new: pa.Table, old: pa.Table) -> None:
    """Insert the new articles; refresh the stored ones (but for their duplicate columns)."""
    _update(con, "articles", ("article_id",), old, _ARTICLE_SETS)
    _insert(con, "articles", new)


def _write_article_batch(
    con: duckdb.DuckDBPyConnection,
    items: Sequence[StoredArticle],
    decisions: dict[str, DuplicateDecision],
) -> tuple[BatchCounts, set[str]]:
    """Write the articles (each listed once) and everything they own; return the counts
    and the ids of the new articles, whose duplicate decisions went in with them."""
    table = _article_table(items, decisions)
    stored = _stored_keys(con, "articles", "article_id", table, "text_hash")
    changed = _changed_texts(items, stored)
    new, old = _split(table, "article_id", stored)
    _write_revisions(con, changed)
    _write_articles(con, new, old)
    _delete_parts(con, old)
    _write_details(con, items)
    _write_authors(con, items)
    _write_signatures(con, items, stored)
    counts = BatchCounts(new.num_rows, len(changed), old.num_rows - len(changed))
    return counts, set(new["article_id"].to_pylist())


# --- errors, feeds, 304s ---------------------------------------------------------------


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


def _write_errors(con: duckdb.DuckDBPyConnection, run_id: str, errors: Sequence[PageError]) -> None:
    unique = {(e.url, e.stage): e for e in errors}.values()
    rows = [(e.url, e.stage, e.error_class, e.message, run_id, e.at, e.at, 1) for e in unique]
    _merge_small(
        con,
        "errors",
        ("url", "stage"),
        _from_rows(_ERROR_SCHEMA, rows),
        "error_class = s.error_class, message = s.message, run_id = s.run_id,"
        " last_seen_at = s.last_seen_at, occurrences = errors.occurrences + 1",
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


def _write_source_entries(
    con: duckdb.DuckDBPyConnection, source_id: str, entries: Sequence[SourceEntry]
) -> None:
    unique = {e.url: e for e in entries}.values()
    rows = [(source_id, e.url, e.lastmod, e.seen_at, e.seen_at) for e in unique]
    _merge_small(
        con,
        "source_entries",
        ("source_id", "url"),
        _from_rows(_ENTRY_SCHEMA, rows),
        "lastmod = coalesce(s.lastmod, source_entries.lastmod), last_seen_at = s.last_seen_at",
    )


def _touch_unchanged(
    con: duckdb.DuckDBPyConnection, unchanged: Sequence[tuple[str, dt.datetime]]
) -> None:
    rows = _from_rows(pa.schema([("url", _S), ("fetched_at", _TS)]), list(unchanged))
    with _registered(con, _unchanged=rows):
        con.execute(
            "UPDATE pages SET last_status = 304, last_fetched_at = t.fetched_at"
            " FROM (SELECT u.page_id, max(c.fetched_at) AS fetched_at"
            "       FROM _unchanged c JOIN page_urls u USING (url) GROUP BY u.page_id) t"
            " WHERE pages.page_id = t.page_id"
        )


def _clear_errors(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> None:
    """A page that now succeeds is no longer failing: its error rows go."""
    if urls:
        with _registered(con, _recovered=pa.table({"url": pa.array(urls, _S)})):
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
    if batch.run is not None:
        _write_run(con, batch.run)
    if batch.fetches:
        _write_fetches(con, run_id, batch.fetches)
    if batch.pages:
        _write_pages(con, source_id, batch.pages)
    if batch.page_urls:
        _write_page_urls(con, batch.page_urls)
    decisions = {d.article_id: d for d in batch.decisions}
    counts, inserted = BatchCounts(0, 0, 0), set[str]()
    if batch.articles:
        items = list({i.article_id: i for i in batch.articles}.values())
        counts, inserted = _write_article_batch(con, items, decisions)
    # Decisions about new articles were inserted with them; the rest update stored rows.
    remaining = [d for d in decisions.values() if d.article_id not in inserted]
    if remaining:
        _write_decisions(con, remaining)
    failing = {e.url for e in batch.errors}
    _clear_errors(con, [p.url for p in batch.fetches if p.url not in failing])
    if batch.errors:
        _write_errors(con, run_id, batch.errors)
    if batch.source_entries:
        _write_source_entries(con, source_id, batch.source_entries)
    if batch.unchanged:
        _touch_unchanged(con, batch.unchanged)
    return counts
