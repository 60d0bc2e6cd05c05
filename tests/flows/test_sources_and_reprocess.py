"""The general ingest flow over every source kind, from pressroom.toml or ad hoc, and
the reprocess flow replaying the archive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from demo.server import DemoSite, serve_demo_site
from flows.ingest import ingest
from flows.reprocess import reprocess
from tasks.extract import EXTRACTOR_VERSION


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    with serve_demo_site() as served:
        yield served


def _config(tmp_path: Path, site: DemoSite) -> Path:
    ledger, courier, _ = site.entry_points()[0], site.entry_points()[2], site.entry_points()[3]
    file = tmp_path / "pressroom.toml"
    file.write_text(
        f"""
[warehouse]
path = "news.duckdb"
data_dir = "archive"

[fetch]
user_agent = "pressroom-tests"
per_host_delay = 0

[[sources]]
name = "ledger"
kind = "feed"
location = "{ledger}"
exclude = ["/2016/"]

[[sources]]
name = "courier"
kind = "sitemap"
location = "{courier}"
max_pages = 5
""",
        encoding="utf-8",
    )
    return file


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_sources_from_the_configuration(tmp_path: Path, site: DemoSite) -> None:
    config = _config(tmp_path, site)
    ledger = ingest(source="ledger", config=str(config))
    db = tmp_path / "news.duckdb"
    assert ledger.db == str(db) and db.exists()
    urls = [
        u for (u,) in _rows(db, "SELECT canonical_url FROM articles WHERE source_id = 'ledger'")
    ]
    assert urls and not any("/2016/" in u for u in urls)  # exclude pattern honoured
    assert ledger.articles_new == len(urls)

    courier = ingest(source="courier", config=str(config))
    assert courier.pages_fetched == 5  # max_pages
    assert courier.pages_skipped > 0
    # The next run goes on where this one stopped: the five fetched are fresh, five more come.
    again = ingest(source="courier", config=str(config))
    assert again.pages_fetched == 5
    fetched = _rows(
        db, "SELECT count(DISTINCT url) FROM fetches WHERE url LIKE '%/20%' AND status = 200"
    )
    assert fetched[0][0] == len(urls) + 10
    entries = _rows(
        db, "SELECT count(*), count(lastmod) FROM source_entries WHERE source_id = 'courier'"
    )
    assert entries[0][0] > 5 and entries[0][1] > 0  # every sitemap entry remembered, with lastmod

    # Archived responses sit under the configured data_dir, and fetches point into them.
    archived = _rows(
        db, "SELECT archive_path, archive_offset FROM fetches WHERE archive_path IS NOT NULL"
    )
    assert archived and all(Path(p).is_relative_to(tmp_path / "archive") for p, _ in archived)


def test_ad_hoc_warc_and_dir_sources(tmp_path: Path, site: DemoSite) -> None:
    first = tmp_path / "first.duckdb"
    fetched = ingest(kind="feed", location=[site.entry_points()[3]], db=str(first), source="loam")
    assert fetched.articles_new == 10
    warcs = sorted((tmp_path / "first-data" / "warc").glob("*.warc.gz"))
    assert warcs

    replayed = tmp_path / "from-warc.duckdb"
    summary = ingest(kind="warc", location=[str(w) for w in warcs], db=str(replayed))
    assert summary.articles_new == 10
    titles = "SELECT title FROM articles ORDER BY title"
    assert _rows(replayed, titles) == _rows(first, titles)

    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        ingest(kind="dir", location=[str(tmp_path / "no-such-folder")], db=str(replayed))


def test_reprocess_replays_the_archive_without_fetching(tmp_path: Path, site: DemoSite) -> None:
    db = tmp_path / "r.duckdb"
    ingest(kind="feed", location=[site.entry_points()[3]], db=str(db), source="loam")
    fetches_before = _rows(db, "SELECT count(*) FROM fetches")
    con = duckdb.connect(str(db))
    con.execute("UPDATE articles SET extractor_version = 'old', title = 'stale'")
    con.close()

    summary = reprocess(db=str(db), outdated_only=True)
    assert summary.pages_discovered == 10 and summary.articles_updated == 0
    assert summary.articles_unchanged == 10  # same text, so no revision, fields refreshed
    assert _rows(db, "SELECT DISTINCT extractor_version, source_id FROM articles") == [
        (EXTRACTOR_VERSION, "loam")
    ]
    assert _rows(db, "SELECT count(*) FROM articles WHERE title = 'stale'") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM fetches") == fetches_before

    # Nothing is outdated any more; and a lost archive file is an error row, not a crash.
    assert reprocess(db=str(db), outdated_only=True).pages_discovered == 0
    for warc in (tmp_path / "r-data" / "warc").glob("*.warc.gz"):
        warc.unlink()
    broken = reprocess(db=str(db))
    assert broken.errors == 10
    assert _rows(db, "SELECT DISTINCT error_class FROM errors") == [("ArchiveUnreadable",)]
