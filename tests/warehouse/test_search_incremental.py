"""The incremental search index against a fresh full build of the same articles.

Each test writes articles with the real writer into a real DuckDB file, refreshes the
index incrementally over several batches of inserts, edits and deletions, and after each
batch copies the articles into a second DuckDB file where the extension's own ``PRAGMA
create_fts_index`` builds the reference index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import duckdb

from tasks.dedupe import DedupeSettings, fingerprint
from tasks.records import Article, StoredArticle
from tests.fts_reference import assert_same_scores, reference_index
from warehouse.connection import connect
from warehouse.search import (
    IndexRefresh,
    index_new_articles,
    load_fts,
    refresh_search_index,
    search_articles,
)
from warehouse.writer import BatchWrite, write_batch

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
SETTINGS = DedupeSettings()
QUERIES = (
    "harbour",
    "harbours dredging",
    "council budget vote",
    "sourdough bakery prize",
    "ferry timetable winter",
    "café",
    "storm",
    "the",  # a stopword only: no scores at all
    "zeppelin",  # in no article until a later batch adds it
    "2026 election",
)
# Titles and texts that exercise the tokenizer: accents, digits, punctuation, stopwords
# only, empty text, a NULL title, repeated words.
TEXTS = {
    "a": ("Harbour dredging approved", "The harbour commission voted to dredge the channel."),
    "b": ("Bakery wins", "A bakery on Mill Street won the regional sourdough prize, again."),
    "c": (None, "Council budget: the council voted 7-2 on the 2026 budget vote."),
    "d": ("Ferries", "Winter ferry timetable: ferries, ferries and more ferries!"),
    "e": ("Café owners", "Café owners on the harbour front fear winter storms."),
    "f": ("It is what it is", "the and of to a in is it you that"),
    "g": ("Empty", ""),
    "h": ("Storm", "Storms storm stormy storming; the storm passed the harbour."),
}


def _stored(article_id: str, title: str | None, text: str) -> StoredArticle:
    url = f"https://news.example/{article_id}"
    article = Article(
        url=url,
        canonical_url=url,
        title=title,
        text=text,
        published_date=dt.date(2026, 11, 20),
        word_count=len(text.split()),
        extractor_version="test",
    )
    return StoredArticle(article_id, "src", url, url, article, fingerprint(text, SETTINGS), NOW)


def _write(
    con: duckdb.DuckDBPyConnection, run: str, texts: Mapping[str, tuple[str | None, str]]
) -> None:
    articles = [_stored(i, title, text) for i, (title, text) in texts.items()]
    write_batch(con, run, "src", BatchWrite(articles=articles))


def _delete(con: duckdb.DuckDBPyConnection, *article_ids: str) -> None:
    """Remove articles with every row that refers to them, as a purge would."""
    tables = con.execute(
        "SELECT table_name FROM duckdb_columns()"
        " WHERE database_name = current_database() AND schema_name = 'main'"
        " AND column_name = 'article_id' AND table_name IN (SELECT table_name FROM duckdb_tables())"
    ).fetchall()
    for (table,) in tables:
        con.execute(f"DELETE FROM {table} WHERE article_id IN ?", [list(article_ids)])


def _index_contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The index without its internal numbering: what BM25 reads."""
    with connect(path, read_only=True) as con:
        load_fts(con)
        s = "fts_main_articles"
        return {
            "postings": con.execute(
                f"""
                SELECT docs.name, fields.field, dict.term, count(*)
                FROM {s}.terms AS terms
                JOIN {s}.docs AS docs USING (docid)
                JOIN {s}.dict AS dict USING (termid)
                JOIN {s}.fields AS fields USING (fieldid)
                GROUP BY ALL ORDER BY ALL
                """
            ).fetchall(),
            "docs": con.execute(f"SELECT name, len FROM {s}.docs ORDER BY name").fetchall(),
            "dict": con.execute(f"SELECT term, df FROM {s}.dict ORDER BY term").fetchall(),
            "stats": con.execute(f"SELECT num_docs, avgdl FROM {s}.stats").fetchall(),
            "ids": con.execute(
                f"SELECT count(DISTINCT docid) = count(*) FROM {s}.docs"
                f" UNION ALL SELECT count(DISTINCT termid) = count(*) FROM {s}.dict"
            ).fetchall(),
        }


def _assert_same_as_full_build(db: Path, tmp_path: Path, name: str) -> int:
    """Compare ``db``'s index with a full build; return how many scores were compared."""
    reference = reference_index(db, tmp_path, name)
    assert _index_contents(db) == _index_contents(reference)
    compared = assert_same_scores(db, reference, QUERIES)
    for query in QUERIES:
        found, expected = search_articles(db, query), search_articles(reference, query)
        assert sorted(found.rows) == sorted(expected.rows), query
    return compared


def test_incremental_refreshes_score_like_a_full_build(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    refreshes: list[IndexRefresh] = []
    compared = 0
    with connect(db) as con:
        _write(con, "r1", TEXTS)
        refreshes.append(refresh_search_index(con, full_rebuild_share=1.0))
    compared += _assert_same_as_full_build(db, tmp_path, "ref1")

    with connect(db) as con:  # inserts only, one with a word no article had
        _write(
            con,
            "r2",
            {
                "i": ("Zeppelin over the harbour", "A zeppelin was seen over the harbour."),
                "j": ("Sourdough", "Sourdough sourdough sourdough bakery."),
            },
        )
        refreshes.append(refresh_search_index(con, full_rebuild_share=1.0))
    compared += _assert_same_as_full_build(db, tmp_path, "ref2")

    with connect(db) as con:  # edits: text, title only, text to stopwords only, and back
        _write(
            con,
            "r3",
            {
                "a": ("Harbour dredging approved", "Dredging starts next week; harbours close."),
                "b": ("Bakery wins again, 2026", TEXTS["b"][1]),
                "d": ("Ferries", "the of and"),
                "f": ("Budget", "Budget vote: the council budget passed."),
            },
        )
        refreshes.append(refresh_search_index(con, full_rebuild_share=1.0))
    compared += _assert_same_as_full_build(db, tmp_path, "ref3")

    with connect(db) as con:  # deletions, one the only article with "zeppelin"
        _delete(con, "i", "g", "c")
        refreshes.append(refresh_search_index(con, full_rebuild_share=1.0))
    compared += _assert_same_as_full_build(db, tmp_path, "ref4")

    with connect(db) as con:  # all at once, and a deleted id comes back
        _delete(con, "h")
        _write(
            con,
            "r5",
            {
                "c": ("Council", "Council budget vote delayed by winter storms."),
                "k": ("Ferry café", "The ferry café reopens: ferry timetable inside."),
                "e": ("Café owners", "Café owners relieved as the storm passes."),
            },
        )
        refreshes.append(refresh_search_index(con, full_rebuild_share=1.0))
        with_zeppelin = con.execute(
            "SELECT count(*) FROM fts_main_articles.dict WHERE term = 'zeppelin'"
        ).fetchone()
    compared += _assert_same_as_full_build(db, tmp_path, "ref5")

    assert [r.mode for r in refreshes] == ["full"] + ["incremental"] * 4
    assert [(r.added, r.changed, r.removed) for r in refreshes[1:]] == [
        (2, 0, 0),
        (0, 4, 0),
        (0, 0, 3),
        (2, 1, 1),
    ]
    assert with_zeppelin == (0,)  # a term no document holds leaves the dictionary
    assert compared > 40
    top = search_articles(db, "ferry timetable").rows
    assert [row[-1] for row in top][:1] == ["https://news.example/k"]


def test_nothing_changed_leaves_the_index_alone(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        _write(con, "r1", TEXTS)
        assert refresh_search_index(con).mode == "full"
        _write(con, "r2", {"b": TEXTS["b"]})  # rewritten, same title and text
        assert refresh_search_index(con) == IndexRefresh("unchanged", 0, 0, 0)
    _assert_same_as_full_build(db, tmp_path, "ref")


def test_large_changes_and_foreign_indexes_get_a_full_build(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        _write(con, "r1", TEXTS)
        refresh_search_index(con)
        # Three of eight articles change: above a 25% share, below a 50% one.
        edits = {i: (f"New {i}", f"{TEXTS[i][1]} zeppelin") for i in ("a", "b", "c")}
        _write(con, "r2", edits)
        assert refresh_search_index(con, full_rebuild_share=0.25).mode == "full"
        _write(con, "r3", {i: (f"Newer {i}", TEXTS[i][1]) for i in ("a", "b", "c")})
        assert refresh_search_index(con, full_rebuild_share=0.5).mode == "incremental"
        # An index built without this module's record of what it holds is rebuilt.
        con.execute(
            "PRAGMA create_fts_index('articles', 'article_id', 'title', 'text',"
            " stemmer = 'porter', stopwords = 'english', overwrite = 1)"
        )
        _write(con, "r4", {"a": ("Zeppelin", "Zeppelin harbour")})
        assert refresh_search_index(con).mode == "full"
        # So is one recorded under another build scheme (another fts version, say).
        con.execute("UPDATE fts_main_articles.index_scheme SET scheme = 'older'")
        assert refresh_search_index(con).mode == "full"
        assert refresh_search_index(con).mode == "unchanged"
    _assert_same_as_full_build(db, tmp_path, "ref")


def test_a_failed_update_leaves_the_previous_index(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        _write(con, "r1", TEXTS)
        refresh_search_index(con)
    before = _index_contents(db)
    with connect(db) as con:
        _write(con, "r2", {"a": ("Changed", "Entirely different words now")})
        # Break the index so the update fails midway, after it has started writing.
        con.execute("ALTER TABLE fts_main_articles.terms RENAME COLUMN fieldid TO field_id")
        try:
            refresh_search_index(con, full_rebuild_share=1.0)
        except duckdb.Error:
            pass
        else:
            raise AssertionError("the update should fail on the broken terms table")
        con.execute("ALTER TABLE fts_main_articles.terms RENAME COLUMN field_id TO fieldid")
        in_progress = con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()
    assert in_progress == (0,)
    assert _index_contents(db) == before
    with connect(db) as con:
        assert refresh_search_index(con, full_rebuild_share=1.0).mode == "incremental"
    _assert_same_as_full_build(db, tmp_path, "ref")


def test_an_empty_corpus_and_emptying_it(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        assert refresh_search_index(con).mode == "full"
        _write(con, "r1", {"a": TEXTS["a"]})
        assert refresh_search_index(con, full_rebuild_share=1.0) == IndexRefresh(
            "incremental", 1, 0, 0
        )
        _delete(con, "a")
        assert refresh_search_index(con, full_rebuild_share=1.0).removed == 1
    assert search_articles(db, "harbour").rows == []
    _assert_same_as_full_build(db, tmp_path, "ref")


def test_refreshed_index_keeps_article_fields(tmp_path: Path) -> None:
    """A title-only edit moves the word between fields: a field-restricted query sees it."""
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        _write(con, "r1", TEXTS)
        refresh_search_index(con)
        _write(con, "r2", {"b": ("Zeppelin bakery", TEXTS["b"][1])})
        refresh_search_index(con, full_rebuild_share=1.0)
        load_fts(con)
        in_title = con.execute(
            "SELECT article_id FROM articles WHERE"
            " fts_main_articles.match_bm25(article_id, 'zeppelin', fields := 'title') IS NOT NULL"
        ).fetchall()
        in_text = con.execute(
            "SELECT article_id FROM articles WHERE"
            " fts_main_articles.match_bm25(article_id, 'zeppelin', fields := 'text') IS NOT NULL"
        ).fetchall()
    assert (in_title, in_text) == ([("b",)], [])
    _assert_same_as_full_build(db, tmp_path, "ref")


def test_a_full_build_in_chunks_scores_like_a_single_build(tmp_path: Path) -> None:
    """A full build tokenizes a few articles at a time (bounded memory); chunks of 3 over
    8 articles, one of them with empty text and one with no title, give the index of the
    extension's own single-statement build, and later refreshes extend it."""
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        _write(con, "r1", TEXTS)
        assert refresh_search_index(con, build_chunk=3) == IndexRefresh("full", len(TEXTS), 0, 0)
    _assert_same_as_full_build(db, tmp_path, "ref1")
    with connect(db) as con:
        _write(con, "r2", {"i": ("Zeppelin", "A zeppelin over the harbour.")})
        assert refresh_search_index(con, build_chunk=3).mode == "incremental"
        # A rebuild replaces the index in place (the pragma's overwrite), again in chunks.
        con.execute("DROP TABLE fts_main_articles.index_scheme")
        assert refresh_search_index(con, build_chunk=2).mode == "full"
        tables = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp'"
        ).fetchone()
    assert tables == (0,)  # no stand-in or scratch table is left behind
    _assert_same_as_full_build(db, tmp_path, "ref2")


def test_catching_up_on_new_articles_then_refreshing(tmp_path: Path) -> None:
    """``index_new_articles`` (what a run does between batches) adds only the articles
    the index lacks; the closing ``refresh_search_index`` then finds the edits it left."""
    db = tmp_path / "w.duckdb"
    first = {k: TEXTS[k] for k in "abcd"}
    with connect(db) as con:
        _write(con, "r1", first)
        assert index_new_articles(con, build_chunk=3) == IndexRefresh("full", 4, 0, 0)
        _write(con, "r2", {k: TEXTS[k] for k in "efgh"})
        # Three at a time: two steps, and every one of the four is added once.
        assert index_new_articles(con, build_chunk=3) == IndexRefresh("incremental", 4, 0, 0)
        assert index_new_articles(con) == IndexRefresh("unchanged", 0, 0, 0)
    _assert_same_as_full_build(db, tmp_path, "ref1")
    with connect(db) as con:
        _write(con, "r3", {"a": ("Zeppelin", "A zeppelin moored in the harbour.")})
        _write(con, "r3", {"i": ("Ferry strike", "The winter ferry strike ended.")})
        assert index_new_articles(con) == IndexRefresh("incremental", 1, 0, 0)
        # The edit of "a" is not looked for by the catch-up: its new words are not found.
        assert _matches(con, "zeppelin") == []
        assert refresh_search_index(con, full_rebuild_share=1.0) == IndexRefresh(
            "incremental", 0, 1, 0
        )
        assert _matches(con, "zeppelin") == [("a",)]
    _assert_same_as_full_build(db, tmp_path, "ref2")


def _matches(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT article_id FROM articles"
        " WHERE fts_main_articles.match_bm25(article_id, ?) IS NOT NULL ORDER BY ALL",
        [query],
    ).fetchall()
