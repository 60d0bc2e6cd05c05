"""Four ingest processes write one lake at once, then the maintenance flow runs: the lake
ends up holding what one run into a DuckDB file holds, page for page.

Each process ingests its own slice of the demo site, and every slice also carries the
syndicated story and its original (under tracking-parameter spellings too), so four
writers race to store the same pages and to decide the same duplicate.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

from demo.server import DemoSite, load_truth, serve_demo_site
from tests.prefect_harness import SERVER_STARTUP_TIMEOUT
from warehouse.connection import Warehouse, connect
from warehouse.lake import LakeSettings
from warehouse.search import search_articles

PRESSROOM = Path(sys.executable).with_name("pressroom")
SLICES = 4
# What the lake must hold exactly as the file does (runs and fetches differ by design:
# four runs fetched what one run fetched once).
CONTENT_TABLES = (
    "pages",
    "page_urls",
    "articles",
    "authors",
    "article_authors",
    "tags",
    "article_tags",
    "images",
    "links",
    "errors",
    "article_signatures",
)


@pytest.fixture(scope="module")
def prefect_api() -> Iterator[str]:
    with prefect_test_harness(server_startup_timeout=SERVER_STARTUP_TIMEOUT):
        yield str(PREFECT_API_URL.value())


def _slices(site: DemoSite) -> tuple[list[list[str]], list[str]]:
    """Four slices of every URL the truth lists (variants included), and the URLs of the
    syndicated pair that every slice carries too."""
    truth = load_truth()
    urls: list[str] = []
    shared: list[str] = []
    for entry in truth:
        spellings = [entry["url"], *entry.get("url_variants", [])]
        if entry.get("duplicate_of"):
            shared += spellings
            original = next(e for e in truth if e["url"] == entry["duplicate_of"])
            shared += [original["url"], *original.get("url_variants", [])]
        urls += spellings
    shared = [site.local_url(u) for u in dict.fromkeys(shared)]
    local = [site.local_url(u) for u in dict.fromkeys(urls) if site.local_url(u) not in shared]
    return [local[n::SLICES] + shared for n in range(SLICES)], shared


def _config(tmp_path: Path, name: str, warehouse: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(
        f"[warehouse]\n{warehouse}\ndata_dir = '{tmp_path / (name + '-data')}'\n"
        "[fetch]\nallow_hosts = ['127.0.0.1']\nper_host_delay = 0\nobey_robots = false\n"
    )
    return path


def _ingest(
    config: Path, urls: list[str], source: str, api: str, log: Path
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    command = [str(PRESSROOM), "ingest", "urls", *urls, "--config", str(config)]
    with open(log, "wb") as out:
        return subprocess.Popen([*command, "--source", source], env=env, stdout=out, stderr=out)


def _content(target: Warehouse) -> dict[str, list[tuple[object, ...]]]:
    """The rows of the content tables that do not depend on which run wrote them."""
    with connect(target, read_only=True) as con:
        return {
            "pages": con.execute("SELECT page_id, canonical_url FROM pages ORDER BY 1").fetchall(),
            "page_urls": con.execute("SELECT url, page_id FROM page_urls ORDER BY 1").fetchall(),
            "articles": con.execute(
                "SELECT article_id, title, text_hash, duplicate_of, duplicate_kind"
                " FROM articles ORDER BY 1"
            ).fetchall(),
            "errors": con.execute(
                "SELECT url, stage, error_class FROM errors ORDER BY 1"
            ).fetchall(),
            "clusters": con.execute(
                "SELECT cluster_id, article_id FROM cluster_members ORDER BY 1, 2"
            ).fetchall(),
            "counts": [
                (t, con.execute(f"SELECT count(*) FROM {t}").fetchone()) for t in CONTENT_TABLES
            ],
        }


def test_four_processes_ingest_into_one_lake(
    lake: LakeSettings, tmp_path: Path, prefect_api: str
) -> None:
    lake_config = _config(
        tmp_path,
        "lake",
        f"kind = 'ducklake'\ncatalog = \"{lake.catalog}\"\ndata_path = '{lake.data_path}'",
    )
    file_db = tmp_path / "one.duckdb"
    file_config = _config(tmp_path, "file", f"path = '{file_db}'")
    with serve_demo_site() as site:
        slices, shared = _slices(site)
        processes = [
            _ingest(lake_config, urls, f"slice-{n}", prefect_api, tmp_path / f"slice-{n}.log")
            for n, urls in enumerate(slices)
        ]
        codes = [p.wait(timeout=600) for p in processes]
        logs = [(tmp_path / f"slice-{n}.log").read_text()[-3000:] for n in range(SLICES)]
        assert codes == [0] * SLICES, logs
        # The reference: every URL once, into one DuckDB file, by one process.
        every = list(dict.fromkeys(u for s in slices for u in s))
        reference = _ingest(file_config, every, "all", prefect_api, tmp_path / "file.log")
        assert reference.wait(timeout=600) == 0, (tmp_path / "file.log").read_text()[-3000:]

    expected = _content(file_db)
    stored = _content(lake)
    for table, rows in expected.items():
        missing, extra = set(rows) - set(stored[table]), set(stored[table]) - set(rows)
        assert not missing and not extra, (table, sorted(missing), sorted(extra))
    assert stored == expected
    with connect(lake, read_only=True) as con:
        ids = con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone()
        assert ids is not None and ids[0] == ids[1] == 44  # the demo's 44 articles, once each
        runs = con.execute("SELECT status, count(*) FROM runs GROUP BY 1").fetchall()
        assert runs == [("completed", SLICES)]
        copy = con.execute(
            "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"
            " AND duplicate_kind IS NOT NULL"
        ).fetchone()
        assert copy is not None and copy[0] >= 1  # the syndicated copy points to its original
    assert len(shared) >= 2

    maintained = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from flows.maintenance import maintenance;"
            " maintenance(config=sys.argv[1])",
            str(lake_config),
        ],
        env={**os.environ, "PREFECT_API_URL": prefect_api},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert maintained.returncode == 0, maintained.stderr[-3000:]
    assert _content(lake) == expected
    # pressroom search reads the index file maintenance rebuilt beside the lake.
    found = search_articles(tmp_path / "lake-data" / "search.duckdb", "oyster growers")
    with connect(lake, read_only=True) as con:
        titles = {t for (t,) in con.execute("SELECT title FROM articles").fetchall()}
    assert found.rows and all(row[3] in titles for row in found.rows)
