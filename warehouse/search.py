"""Full-text search over articles with DuckDB's fts extension (BM25).

The extension comes from the ``duckdb-extension-fts`` package on PyPI and is loaded from
it; nothing is downloaded at run time. The index is a snapshot: ingest runs add their
new articles to it as they store batches (``index_new_articles``) and refresh it when
they finish.

The index is the extension's own tables in schema ``fts_main_articles`` (``docs``,
``terms``, ``dict``, ``stats``...), read at query time by its ``match_bm25`` macro. A
full build (``PRAGMA create_fts_index``) re-tokenizes every article, which grows with the
corpus; so the index also records what it holds (``indexed``: a hash of each article's
title and text) and how it was built (``index_scheme``), and a refresh re-tokenizes only
the articles added, changed or deleted since, with the extension's own tokenizer,
stopwords and stemmer, leaving tables a full build would also produce, up to the
numbering of documents and terms, which BM25 scores do not depend on. A full build is
made the same way, a chunk of articles at a time over the extension's empty tables, so
its memory does not grow with the corpus either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb
import duckdb_extensions

from warehouse.connection import connect
from warehouse.queries import QueryResult

_SCHEMA = "fts_main_articles"
_FIELDS = ("title", "text")
_STEMMER = "porter"
_BUILD_INDEX = (
    "PRAGMA create_fts_index('articles', 'article_id', 'title', 'text',"
    f" stemmer = '{_STEMMER}', stopwords = 'english', overwrite = 1)"
)
# Above this share of the corpus to re-tokenize, a full build is about as cheap as
# patching: on 20,000 articles, editing 50% took 70 s to patch against 98 s to rebuild,
# 100% took 127 s (bench/search.py --crossover).
FULL_REBUILD_SHARE = 0.5
# Articles tokenized per step of a full build: the terms of one step are held in memory
# at once (about 70 KiB an article of ~5 KB).
BUILD_CHUNK = 2_000
# DuckDB's memory while the index is built or refreshed (see ``_memory_capped``).
INDEX_MEMORY = "256MiB"

RefreshMode = Literal["full", "incremental", "unchanged"]


@dataclass(frozen=True, slots=True)
class IndexRefresh:
    """What a refresh did: ``full`` build, ``incremental`` update or nothing
    (``unchanged``), and how many articles it found added, changed and removed (all
    articles count as added for a full build)."""

    mode: RefreshMode
    added: int
    changed: int
    removed: int


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load fts from its PyPI package (installed under the connection's home directory,
    see ``warehouse.connection``), never from the network."""
    duckdb_extensions.import_extension("fts", con=con)


def refresh_search_index(
    con: duckdb.DuckDBPyConnection,
    *,
    full_rebuild_share: float = FULL_REBUILD_SHARE,
    build_chunk: int = BUILD_CHUNK,
) -> IndexRefresh:
    """Bring the BM25 index over the title and text of every article up to date, in
    one transaction. An index built here before is updated for only the articles
    added, changed or deleted since; a missing index, one built another way (a bare
    ``PRAGMA create_fts_index``, another fts version) or changes touching more than
    ``full_rebuild_share`` of the articles get a full build instead. Scores afterwards
    are those a full build would give. A full build tokenizes ``build_chunk`` articles at
    a time, so its memory does not grow with the corpus."""
    load_fts(con)
    with _memory_capped(con):
        if not _is_incremental_index(con):
            return _rebuild(con, build_chunk)
        con.begin()
        try:
            refresh = _update_in_place(con, full_rebuild_share)
        except BaseException:
            con.rollback()
            raise
        if refresh is None:  # too much changed: patching would be slower than a build
            con.rollback()
            return _rebuild(con, build_chunk)
        con.commit()
        return refresh


def index_new_articles(
    con: duckdb.DuckDBPyConnection, *, build_chunk: int = BUILD_CHUNK
) -> IndexRefresh:
    """Add to the index the articles it does not hold yet, in one transaction, without
    looking for changed or deleted ones: a catch-up an ingest run makes as it stores
    batches, so that tokenizing overlaps with extraction and the run's closing refresh
    (``refresh_search_index``, which finds every change) has little left to do. Finding
    them compares article ids only, not texts. With no index built here yet, this is a
    full build. They are added ``build_chunk`` at a time, a transaction each, as a full
    build tokenizes them: the words of one step are held at once (5,000 new articles on
    the 100k scale run's file: peak RSS 376-382 MiB in steps of 2,000, 455-491 MiB in
    one, for the same CPU)."""
    load_fts(con)
    with _memory_capped(con):
        if not _is_incremental_index(con):
            return _rebuild(con, build_chunk)
        added = 0
        while step := _add_unindexed(con, build_chunk):
            added += step
        return IndexRefresh("incremental" if added else "unchanged", added, 0, 0)


def _add_unindexed(con: duckdb.DuckDBPyConnection, most: int) -> int:
    """Add the oldest ``most`` articles the index lacks; returns how many it added."""
    s = _SCHEMA
    added = 0
    con.begin()
    try:
        # Only the id column is read to find them; their text is then read from the
        # row range they lie in (a run appends them, so the range is the newest rows),
        # not from every article: otherwise each catch-up of a run read and hashed the
        # text of the whole corpus, ~0.8 s at 100k articles.
        rows = _unindexed_rows(con, most)
        if rows is not None:
            con.execute(
                f"""
                CREATE TEMP TABLE fts_pending AS
                SELECT a.article_id AS name, hash(a.title) AS title_hash,
                       hash(a.text) AS text_hash, false AS was_indexed, true AS present
                FROM articles AS a ANTI JOIN {s}.indexed AS i ON i.name = a.article_id
                WHERE {rows}
                """
            )
            row = con.execute("SELECT count(*) FROM fts_pending").fetchone()
            added = int(row[0]) if row else 0
            _add_fresh_documents(con, rows)
            con.execute(
                f"INSERT INTO {s}.indexed SELECT name, title_hash, text_hash FROM fts_pending"
            )
            _write_stats(con)
            con.execute("DROP TABLE fts_pending")
    except BaseException:
        con.rollback()
        raise
    con.commit()
    return added


def _unindexed_rows(con: duckdb.DuckDBPyConnection, most: int) -> str | None:
    """A filter on ``articles AS a`` naming the row range that holds the first ``most``
    articles the index lacks (and perhaps some it holds, which the caller leaves out),
    read from ids alone; None when it lacks none. Row ids are only compared within this
    transaction, where they are stable."""
    row = con.execute(
        f"SELECT min(r), max(r) FROM (SELECT a.rowid AS r FROM articles AS a"
        f" ANTI JOIN {_SCHEMA}.indexed AS i ON i.name = a.article_id"
        f" ORDER BY a.rowid LIMIT {int(most)})"
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return f"a.rowid BETWEEN {int(row[0])} AND {int(row[1])}"


@contextmanager
def _memory_capped(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Cap DuckDB's memory on ``con`` at ``INDEX_MEMORY`` while the index is built or
    refreshed, then restore the setting. Finding changes reads every article's text,
    and DuckDB otherwise keeps what it read cached up to 80% of the machine's memory,
    so a refresh would hold more the larger the corpus; past the cap it evicts, and
    spills what it must keep to temporary files."""
    row = con.execute("SELECT current_setting('memory_limit')").fetchone()
    con.execute(f"SET memory_limit = '{INDEX_MEMORY}'")
    try:
        yield
    finally:
        if row is None:
            con.execute("RESET memory_limit")
        else:  # as DuckDB prints it, to 0.1 of its unit
            con.execute(f"SET memory_limit = '{row[0]}'")


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


def _scheme(con: duckdb.DuckDBPyConnection) -> str:
    """How the index is built: the build statement and the fts version, whose tokenizer
    and stemmer an incremental update must share with the build it extends."""
    row = con.execute(
        "SELECT extension_version FROM duckdb_extensions() WHERE extension_name = 'fts'"
    ).fetchone()
    return f"{_BUILD_INDEX} -- fts {row[0] if row else 'unknown'}"


def _is_incremental_index(con: duckdb.DuckDBPyConnection) -> bool:
    tables = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = ?", [_SCHEMA]
        ).fetchall()
    }
    if not {"docs", "terms", "dict", "stats", "indexed", "index_scheme"} <= tables:
        return False
    row = con.execute(f"SELECT min(scheme), max(scheme) FROM {_SCHEMA}.index_scheme").fetchone()
    scheme = _scheme(con)
    return row is not None and row[0] == scheme and row[1] == scheme


def _rebuild(con: duckdb.DuckDBPyConnection, chunk: int) -> IndexRefresh:
    """The full build, plus the record of what it indexed, in one transaction.

    ``PRAGMA create_fts_index`` tokenizes every article in one statement, holding all
    their terms in memory at once (717 MiB at 10,000 articles, growing with the
    corpus). So the build creates the extension's tables and macros over no article
    (the pragma run on an empty stand-in for ``articles``) and adds the articles
    ``chunk`` at a time the way a refresh adds new ones, which holds the terms of one
    chunk at a time and leaves the same index, up to the numbering of documents and
    terms."""
    s = _SCHEMA
    scheme = _scheme(con)
    con.begin()
    try:
        _create_empty_index(con)
        con.execute(
            f"CREATE TABLE {s}.indexed AS SELECT article_id AS name,"
            " hash(title) AS title_hash, hash(text) AS text_hash FROM articles LIMIT 0"
        )
        con.execute(f"CREATE TABLE {s}.index_scheme AS SELECT ? AS scheme", [scheme])
        con.execute(
            "CREATE TEMP TABLE fts_order AS SELECT article_id AS name,"
            " row_number() OVER (ORDER BY article_id) AS position FROM articles"
        )
        row = con.execute("SELECT count(*) FROM fts_order").fetchone()
        total = int(row[0]) if row else 0
        for first in range(0, total, max(1, chunk)):
            con.execute(
                """
                CREATE TEMP TABLE fts_pending AS
                SELECT a.article_id AS name, hash(a.title) AS title_hash,
                       hash(a.text) AS text_hash, false AS was_indexed, true AS present
                FROM articles AS a JOIN fts_order AS o ON o.name = a.article_id
                WHERE o.position > ? AND o.position <= ?
                """,
                [first, first + chunk],
            )
            _add_fresh_documents(con)
            con.execute(
                f"INSERT INTO {s}.indexed SELECT name, title_hash, text_hash FROM fts_pending"
            )
            con.execute("DROP TABLE fts_pending")
        con.execute("DROP TABLE fts_order")
        _write_stats(con)
    except BaseException:
        con.rollback()
        raise
    con.commit()
    return IndexRefresh("full", total, 0, 0)


def _create_empty_index(con: duckdb.DuckDBPyConnection) -> None:
    """The extension's index over no article, inside the caller's transaction: the
    pragma names its schema after the table's schema and name (``main.articles``), so
    it is run on an empty temporary table of that name, which is dropped again (a
    temporary table is in schema ``main`` of catalog ``temp``; the index is created in
    the database's own catalog)."""
    con.execute(
        "CREATE TEMP TABLE articles AS SELECT article_id, title, text FROM main.articles LIMIT 0"
    )
    try:
        con.execute(_BUILD_INDEX)
    finally:
        con.execute("DROP TABLE temp.main.articles")


def _write_stats(con: duckdb.DuckDBPyConnection) -> None:
    # The same statement as the build, so avgdl is computed, and rounded, the same way.
    s = _SCHEMA
    con.execute(f"DELETE FROM {s}.stats")
    con.execute(
        f"INSERT INTO {s}.stats SELECT COUNT(docs.docid) AS num_docs,"
        f" SUM(docs.len) / COUNT(docs.len) AS avgdl FROM {s}.docs AS docs"
    )


def _update_in_place(
    con: duckdb.DuckDBPyConnection, full_rebuild_share: float
) -> IndexRefresh | None:
    """Patch the index inside the caller's transaction; None (nothing written yet) when
    the changes exceed ``full_rebuild_share`` of the articles."""
    s = _SCHEMA
    # Every article whose indexed title or text differs from the current one, or that
    # exists on one side only.
    con.execute(
        f"""
        CREATE TEMP TABLE fts_pending AS
        SELECT coalesce(a.name, i.name) AS name, a.title_hash, a.text_hash,
               i.name IS NOT NULL AS was_indexed, a.name IS NOT NULL AS present
        FROM (
            SELECT article_id AS name, hash(title) AS title_hash, hash(text) AS text_hash
            FROM articles
        ) AS a
        FULL OUTER JOIN {s}.indexed AS i ON a.name = i.name
        WHERE a.name IS NULL OR i.name IS NULL
           OR a.title_hash IS DISTINCT FROM i.title_hash
           OR a.text_hash IS DISTINCT FROM i.text_hash
        """
    )
    row = con.execute(
        f"""
        SELECT count(*) FILTER (present AND NOT was_indexed),
               count(*) FILTER (present AND was_indexed),
               count(*) FILTER (NOT present),
               (SELECT count(*) FROM {s}.indexed)
        FROM fts_pending
        """
    ).fetchone()
    assert row is not None
    added, changed, removed, indexed = (int(v) for v in row)
    touched = added + changed + removed
    if touched == 0:
        con.execute("DROP TABLE fts_pending")
        return IndexRefresh("unchanged", 0, 0, 0)
    if touched > full_rebuild_share * max(indexed, 1):
        return None
    _remove_stale_documents(con)
    _add_fresh_documents(con)
    con.execute(f"DELETE FROM {s}.dict WHERE df = 0")
    _write_stats(con)
    con.execute(f"DELETE FROM {s}.indexed WHERE name IN (SELECT name FROM fts_pending)")
    con.execute(
        f"INSERT INTO {s}.indexed SELECT name, title_hash, text_hash FROM fts_pending WHERE present"
    )
    con.execute("DROP TABLE fts_pending")
    return IndexRefresh("incremental", added, changed, removed)


def _remove_stale_documents(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the documents of changed and deleted articles, and their share of df."""
    s = _SCHEMA
    con.execute(
        f"""
        CREATE TEMP TABLE fts_stale AS
        SELECT docs.docid FROM {s}.docs AS docs
        JOIN fts_pending AS p ON docs.name = p.name
        WHERE p.was_indexed
        """
    )
    con.execute(
        f"""
        UPDATE {s}.dict SET df = dict.df - gone.docs
        FROM (
            SELECT termid, count(DISTINCT docid) AS docs FROM {s}.terms
            WHERE docid IN (SELECT docid FROM fts_stale)
            GROUP BY termid
        ) AS gone
        WHERE dict.termid = gone.termid
        """
    )
    con.execute(f"DELETE FROM {s}.terms WHERE docid IN (SELECT docid FROM fts_stale)")
    con.execute(f"DELETE FROM {s}.docs WHERE docid IN (SELECT docid FROM fts_stale)")
    con.execute("DROP TABLE fts_stale")


def _add_fresh_documents(con: duckdb.DuckDBPyConnection, rows: str = "true") -> None:
    """Tokenize the new and changed articles as ``create_fts_index`` does — its
    ``tokenize`` macro, non-empty tokens not in its stopwords, then its stemmer — and
    add their documents, terms and df. ``rows``, a filter on ``articles AS a``, narrows
    where their text is read from.

    Cheaper than the build's own statements, with the same result: each distinct word
    is stemmed once, not at each occurrence (a quarter of the work), and documents
    get their number first, so the postings carry integers, not article ids."""
    s = _SCHEMA
    con.execute(
        f"""
        CREATE TEMP TABLE fts_new_docs AS
        SELECT (SELECT coalesce(max(docid), -1) FROM {s}.docs)
               + row_number() OVER (ORDER BY p.name) AS docid,
               p.name
        FROM fts_pending AS p
        WHERE p.present
        """
    )
    tokenized = " UNION ALL ".join(
        f"""
        SELECT unnest({s}.tokenize(a."{field}")) AS w, d.docid,
               (SELECT fieldid FROM {s}.fields WHERE field = '{field}') AS fieldid
        FROM articles AS a JOIN fts_new_docs AS d ON d.name = a.article_id
        WHERE {rows}
        """
        for field in _FIELDS
    )
    con.execute(
        f"""
        CREATE TEMP TABLE fts_words AS
        SELECT t.w, t.docid, t.fieldid FROM ({tokenized}) AS t
        WHERE t.w NOT NULL
          AND len(t.w) > 0
          AND t.w NOT IN (SELECT sw FROM {s}.stopwords)
        """
    )
    con.execute(
        f"CREATE TEMP TABLE fts_stems AS SELECT w, stem(w, '{_STEMMER}') AS term"
        " FROM (SELECT DISTINCT w FROM fts_words)"
    )
    con.execute(
        f"""
        INSERT INTO {s}.dict (termid, term, df)
        SELECT (SELECT coalesce(max(termid), -1) FROM {s}.dict)
               + row_number() OVER (ORDER BY term), term, 0
        FROM (SELECT DISTINCT term FROM fts_stems) AS fresh
        WHERE NOT EXISTS (SELECT 1 FROM {s}.dict AS d WHERE d.term = fresh.term)
        """
    )
    con.execute(
        f"""
        CREATE TEMP TABLE fts_postings AS
        SELECT f.docid, f.fieldid, ids.termid
        FROM fts_words AS f
        JOIN (
            SELECT st.w, dict.termid FROM fts_stems AS st
            JOIN {s}.dict AS dict ON dict.term = st.term
        ) AS ids ON ids.w = f.w
        """
    )
    con.execute(
        f"""
        UPDATE {s}.dict SET df = dict.df + came.docs
        FROM (
            SELECT termid, count(DISTINCT docid) AS docs FROM fts_postings GROUP BY termid
        ) AS came
        WHERE dict.termid = came.termid
        """
    )
    # A document for every present article, with no terms too: the build counts those
    # in num_docs and avgdl.
    con.execute(
        f"""
        INSERT INTO {s}.docs (docid, name, len)
        SELECT d.docid, d.name, coalesce(c.len, 0)
        FROM fts_new_docs AS d
        LEFT JOIN (SELECT docid, count(*) AS len FROM fts_postings GROUP BY docid) AS c
          ON c.docid = d.docid
        """
    )
    con.execute(
        f"INSERT INTO {s}.terms (docid, fieldid, termid)"
        " SELECT docid, fieldid, termid FROM fts_postings"
    )
    for table in ("fts_postings", "fts_stems", "fts_words", "fts_new_docs"):
        con.execute(f"DROP TABLE {table}")
