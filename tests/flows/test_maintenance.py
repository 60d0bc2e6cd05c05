"""The maintenance flow on a real warehouse filled by a real ingest of the demo site."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from demo.server import serve_demo_site
from flows.ingest import ingest_urls
from flows.maintenance import default_export_dir, maintenance
from warehouse.connection import connect
from warehouse.maintenance import list_tables
from warehouse.search import has_search_index, search_articles


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("maintenance") / "news.duckdb"
    with serve_demo_site() as site:
        summary = ingest_urls(discover_from=site.entry_points()[:1], db=str(db))
    assert summary.articles_new > 0
    return db


def test_exports_every_table_to_parquet_with_its_rows(warehouse: Path) -> None:
    with connect(warehouse) as con:
        con.execute("PRAGMA drop_fts_index('articles')")  # maintenance must rebuild it
        assert not has_search_index(con)
        expected = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # type: ignore[index]
            for t in list_tables(con)
        }

    summary = maintenance(str(warehouse))

    target = default_export_dir(warehouse)
    assert target == warehouse.parent / "news-export"
    assert Path(summary.export_dir) == target
    assert {"articles", "runs", "pages", "fetches", "schema_migrations"} <= set(expected)
    assert {t.table: t.rows for t in summary.tables} == expected
    assert expected["articles"] > 0
    reader = duckdb.connect()
    for table, rows in expected.items():
        file = target / f"{table}.parquet"
        assert file.is_file()
        counted = reader.execute("SELECT count(*) FROM read_parquet(?)", [str(file)]).fetchone()
        assert counted == (rows,)
    titles = reader.execute(
        "SELECT count(*) FROM read_parquet(?) WHERE title IS NOT NULL",
        [str(target / "articles.parquet")],
    ).fetchone()
    assert titles == (expected["articles"],)
    with connect(warehouse, read_only=True) as con:
        assert has_search_index(con)
    word = _a_title_word(warehouse)
    assert search_articles(warehouse, word).rows


def test_export_dir_and_vacuum_options(warehouse: Path, tmp_path: Path) -> None:
    summary = maintenance(str(warehouse), export_dir=str(tmp_path / "out"), vacuum=True)
    assert (tmp_path / "out" / "articles.parquet").is_file()
    assert summary.size_after > 0
    # The file is whole after compaction: it opens and keeps its rows.
    with connect(warehouse, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (
            next(t.rows for t in summary.tables if t.table == "articles"),
        )


def test_db_from_the_configuration(warehouse: Path, tmp_path: Path) -> None:
    config = tmp_path / "pressroom.toml"
    config.write_text(f'[warehouse]\npath = "{warehouse.as_posix()}"\n', encoding="utf-8")
    summary = maintenance(config=str(config), export_dir=str(tmp_path / "x"))
    assert summary.db == str(warehouse)


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no warehouse at"):
        maintenance(str(tmp_path / "absent.duckdb"))


def _a_title_word(db: Path) -> str:
    with connect(db, read_only=True) as con:
        row = con.execute("SELECT title FROM articles ORDER BY title LIMIT 1").fetchone()
    assert row is not None
    return max(str(row[0]).split(), key=len)
