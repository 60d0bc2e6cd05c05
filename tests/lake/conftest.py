"""Fixtures of the DuckLake tests: one throwaway PostgreSQL server for the session
(tests/lake/pg_cluster.py), and a fresh lake on it for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lake.pg_cluster import PostgresServer, PostgresUnavailable, throwaway_postgres
from warehouse.lake import LakeSettings


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        with throwaway_postgres() as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture
def lake(postgres_server: PostgresServer, tmp_path: Path) -> LakeSettings:
    """A new, empty lake: a fresh catalog database and a data folder of its own."""
    database = postgres_server.create_database()
    return LakeSettings(
        catalog="postgres:" + postgres_server.conninfo(database),
        data_path=str(tmp_path / "lake-data") + "/",
    )
