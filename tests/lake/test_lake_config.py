"""``[warehouse] kind = "ducklake"`` in pressroom.toml: accepted forms and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.config import ConfigError, load_config
from warehouse.lake import LakeSettings


def test_a_postgres_lake_is_configured_with_paths_relative_to_the_file(tmp_path: Path) -> None:
    config = load_config(
        _write(
            tmp_path,
            'kind = "ducklake"\ncatalog = "postgres:host=db dbname=news"\ndata_path = "lake"\n',
        )
    )
    assert config.warehouse.kind == "ducklake"
    assert config.warehouse.catalog == "postgres:host=db dbname=news"
    assert config.warehouse.data_path == str(tmp_path / "lake")
    lake = LakeSettings(config.warehouse.catalog, config.warehouse.data_path)
    assert lake.attach_target == "ducklake:postgres:host=db dbname=news"


def test_uri_and_file_catalogs(tmp_path: Path) -> None:
    uri = load_config(
        _write(
            tmp_path,
            'kind = "ducklake"\ncatalog = "postgresql://u@db:5432/news"\ndata_path = "s3://bucket/news/"\n',
        )
    )
    assert uri.warehouse.data_path == "s3://bucket/news/"
    assert LakeSettings(str(uri.warehouse.catalog), "x").attach_target == (
        "ducklake:postgres:postgresql://u@db:5432/news"
    )
    local = load_config(
        _write(tmp_path, 'kind = "ducklake"\ncatalog = "sqlite:meta.sqlite"\ndata_path = "lake"\n')
    )
    assert local.warehouse.catalog == f"sqlite:{tmp_path / 'meta.sqlite'}"
    assert LakeSettings(str(local.warehouse.catalog), "x").catalog_kind == "sqlite"


def test_the_default_is_the_single_file(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, 'path = "news.duckdb"\n'))
    assert config.warehouse.kind == "duckdb"
    assert config.warehouse.catalog is None and config.warehouse.data_path is None


@pytest.mark.parametrize(
    ("warehouse", "message"),
    [
        ('kind = "ducklake"\n', "needs catalog and data_path"),
        ('kind = "ducklake"\ncatalog = "postgres:dbname=x"\n', "needs data_path"),
        ('kind = "ducklake"\ncatalog = "mysql:db"\ndata_path = "d"\n', "not a DuckLake catalog"),
        ('kind = "ducklake"\ncatalog = "postgres:"\ndata_path = "d"\n', "not a DuckLake catalog"),
        ('catalog = "postgres:dbname=x"\n', "settings of kind = 'ducklake'"),
        ('kind = "lake"\n', "warehouse.kind"),
    ],
)
def test_wrong_lake_settings_say_what_to_fix(tmp_path: Path, warehouse: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(_write(tmp_path, warehouse))


def _write(tmp_path: Path, warehouse: str) -> Path:
    file = tmp_path / "pressroom.toml"
    file.write_text("[warehouse]\n" + warehouse, encoding="utf-8")
    return file


def test_a_lake_configuration_targets_the_lake_and_lifts_the_one_run_limit(tmp_path: Path) -> None:
    from deployments.serve import build_deployments

    path = _write(
        tmp_path,
        'kind = "ducklake"\ncatalog = "postgres:host=db dbname=news"\ndata_path = "lake"\n',
    )
    with path.open("a") as file:
        file.write(
            '\n[[sources]]\nname = "wire"\nkind = "feed"\nlocation = "https://w.example/rss"\n'
        )
    config = load_config(path)
    assert config.warehouse.target() == LakeSettings(
        "postgres:host=db dbname=news", str(tmp_path / "lake")
    )
    assert config.warehouse.target("other.duckdb") == Path("other.duckdb")  # --db wins
    assert config.warehouse.search_index(config.warehouse.target()).name == "search.duckdb"
    deployments = {d.name: d for d in build_deployments(config, str(path))}
    assert deployments["ingest-wire"].concurrency_limit is None  # writers may overlap
    assert deployments["ingest-adhoc"].concurrency_limit is None
