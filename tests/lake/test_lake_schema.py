"""The warehouse layout on a DuckLake with a real PostgreSQL catalog."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.lake.lake_writer import article_id_of, article_rows
from warehouse.connection import connect
from warehouse.lake import (
    COMMITS_TABLE,
    LakeSettings,
    attach_lake,
    commit_with_retry,
    connect_lake,
    lake_table_counts,
    merge_rows,
    migrate_lake,
    reference_layout,
)


def _file_layout(path: Path) -> dict[str, list[tuple[str, str, bool]]]:
    with connect(path) as con:
        rows = con.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns()"
            " WHERE schema_name = 'main' AND database_name = current_database()"
            " ORDER BY table_name, column_index"
        ).fetchall()
    layout: dict[str, list[tuple[str, str, bool]]] = {}
    for table, *column in rows:
        layout.setdefault(table, []).append(tuple(column))
    return layout


def test_lake_has_the_tables_columns_and_views_of_a_migrated_file(
    lake: LakeSettings, tmp_path: Path
) -> None:
    with connect_lake(lake) as con:
        lake_rows = con.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns()"
            " WHERE database_name = 'lake' AND schema_name = 'main'"
            " ORDER BY table_name, column_index"
        ).fetchall()
        views = {
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE database_name = 'lake'"
            ).fetchall()
        }
        for view in views:  # every view binds and runs on the empty lake
            con.execute(f'SELECT * FROM "{view}"').fetchall()
        versions = con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
    in_lake: dict[str, list[tuple[str, str, bool]]] = {}
    for table, *column in lake_rows:
        in_lake.setdefault(table, []).append(tuple(column))
    in_file = _file_layout(tmp_path / "file.duckdb")
    assert in_lake.pop(COMMITS_TABLE) == [("commits", "BIGINT", False)]
    assert in_lake == in_file
    assert views == set(reference_layout().views) and "v_articles" in views
    assert [v for (v,) in versions] == [v for v, _ in reference_layout().versions]


def test_lake_migrates_once(lake: LakeSettings) -> None:
    with connect_lake(lake) as con:
        assert migrate_lake(con) == []
    with connect_lake(lake) as con:
        assert migrate_lake(con) == []
        counts = lake_table_counts(con)
    assert counts["schema_migrations"] == len(reference_layout().versions)
    assert counts[COMMITS_TABLE] == 1


def test_lake_refuses_keys_so_the_layout_has_none(lake: LakeSettings) -> None:
    """Why the lake's tables are written without PRIMARY KEY (measured, DuckLake 1.5.5)."""
    with connect_lake(lake) as con:
        with pytest.raises(duckdb.NotImplementedException, match="PRIMARY KEY"):
            con.execute("CREATE TABLE keyed (id VARCHAR PRIMARY KEY)")
        with pytest.raises(duckdb.NotImplementedException, match="indexes"):
            con.execute("CREATE INDEX articles_site ON articles (site)")


def test_processes_creating_one_lake_at_once_record_each_migration_once(
    lake: LakeSettings,
) -> None:
    script = (
        "import sys\nfrom warehouse.lake import LakeSettings, connect_lake\n"
        "with connect_lake(LakeSettings(sys.argv[1], sys.argv[2])):\n    pass\n"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, lake.catalog, lake.data_path])
        for _ in range(4)
    ]
    assert [w.wait(timeout=300) for w in workers] == [0, 0, 0, 0]
    with connect_lake(lake, read_only=True) as con:
        versions = con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
        commits = con.execute(f"SELECT count(*) FROM {COMMITS_TABLE}").fetchone()
        tables = con.execute(
            "SELECT count(*), count(DISTINCT table_name) FROM duckdb_tables()"
            " WHERE database_name = 'lake'"
        ).fetchone()
    assert [v for (v,) in versions] == [v for v, _ in reference_layout().versions]
    assert commits == (1,)
    assert tables is not None and tables[0] == tables[1] == len(reference_layout().tables) + 2


def test_a_postgres_uri_catalog_attaches_the_same_lake(
    lake: LakeSettings, postgres_server: object
) -> None:
    with connect_lake(lake) as con:
        rows = article_rows([1, 2], dt.datetime.now(dt.UTC), "s")
        commit_with_retry(con, lambda c: merge_rows(c, "articles", rows, ["article_id"]))
    conninfo = dict(part.split("=", 1) for part in lake.catalog.removeprefix("postgres:").split())
    uri = (
        f"postgresql://{conninfo['user']}@{conninfo['host']}:{conninfo['port']}"
        f"/{conninfo['dbname']}"
    )
    con = duckdb.connect()
    try:
        attach_lake(con, LakeSettings(uri, lake.data_path, alias="news"), read_only=True)
        ids = con.execute("SELECT article_id FROM news.articles ORDER BY 1").fetchall()
    finally:
        con.close()
    assert ids == sorted((article_id_of(n),) for n in (1, 2))
