"""The ingest flows against the demo sites served on 127.0.0.1 and a real DuckDB file."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from prefect.utilities.collections import visit_collection

from demo.server import load_truth, serve_demo_site, site_root
from flows.ingest import ingest_dir, ingest_urls
from tasks.ids import page_id_for
from tasks.records import FetchedPage
from tasks.steps import Batch
from tasks.urls import canonicalize_url
from warehouse.connection import connect
from warehouse.queries import table_counts

TRUTH = load_truth()
ARTICLES = [t for t in TRUTH if t["kind"] == "article"]
# Logs that grow with every run by design; every other table must not.
APPEND_ONLY = {"fetches", "runs", "schema_migrations"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo ingested three times into one file (the last time with recrawl interval
    0), with small batches so that duplicates must be found across batches."""
    db = tmp_path_factory.mktemp("flows") / "demo.duckdb"
    with serve_demo_site() as site:
        first = ingest_urls(
            discover_from=site.entry_points(), db=str(db), source="demo", batch_size=7
        )
        with connect(db) as con:
            counts_after_first = table_counts(con)
        second = ingest_urls(
            discover_from=site.entry_points(), db=str(db), source="demo", batch_size=7
        )
        with connect(db) as con:
            counts_after_second = table_counts(con)
        third = ingest_urls(
            discover_from=site.entry_points(),
            db=str(db),
            source="demo",
            batch_size=7,
            recrawl_interval=0,
        )
        origins = dict(site.origins)
    return {
        "db": db,
        "first": first,
        "second": second,
        "third": third,
        "counts": (counts_after_first, counts_after_second),
        "local": lambda url: _localize(url, origins),
    }


def _localize(url: str, origins: dict[str, str]) -> str:
    for fictional, local in origins.items():
        if url.startswith(fictional):
            return local + url[len(fictional) :]
    return url


def _article_id(local_url: str) -> str:
    return page_id_for(canonicalize_url(local_url))


def test_every_truth_article_is_stored(demo_db: dict[str, Any]) -> None:
    con = duckdb.connect(str(demo_db["db"]), read_only=True)
    stored = {
        r[0]: r[1:]
        for r in con.execute("SELECT article_id, title, published_date FROM articles").fetchall()
    }
    con.close()
    assert len(stored) >= 40
    for truth in ARTICLES:
        article_id = _article_id(demo_db["local"](truth["canonical_url"]))
        assert article_id in stored, truth["url"]
        assert stored[article_id][0] == truth["title"]
        assert str(stored[article_id][1]) == truth["published"]


def test_listing_pages_are_not_articles(demo_db: dict[str, Any]) -> None:
    listings = [t for t in TRUTH if t["kind"] == "listing"]
    con = duckdb.connect(str(demo_db["db"]), read_only=True)
    met = 0
    for truth in listings:
        page_id = _article_id(demo_db["local"](truth["url"]))
        articles = con.execute("SELECT count(*) FROM articles WHERE article_id = ?", [page_id])
        assert articles.fetchone() == (0,), truth["url"]
        kind = con.execute(
            "SELECT page_kind, kind_reason FROM pages WHERE page_id = ?", [page_id]
        ).fetchone()
        if kind is not None:  # a listing that no feed or sitemap names is never met
            met += 1
            assert kind[0] in {"listing", "other"}, truth["url"]
            assert kind[1], truth["url"]  # and why, as the extractor said it
    con.close()
    assert met >= 5


def test_syndicated_copy_points_at_its_original(demo_db: dict[str, Any]) -> None:
    copies = [t for t in ARTICLES if t.get("duplicate_of")]
    assert copies
    con = duckdb.connect(str(demo_db["db"]), read_only=True)
    for truth in copies:
        copy_id = _article_id(demo_db["local"](truth["canonical_url"]))
        original_id = _article_id(demo_db["local"](truth["duplicate_of"]))
        row = con.execute(
            "SELECT duplicate_of, duplicate_kind, similarity FROM articles WHERE article_id = ?",
            [copy_id],
        ).fetchone()
        assert row is not None
        assert row[0] == original_id
        assert row[1] == "near" and row[2] >= 0.8
        original = con.execute(
            "SELECT duplicate_of FROM articles WHERE article_id = ?", [original_id]
        ).fetchone()
        assert original == (None,)
    con.close()


def test_tracking_parameter_variant_maps_to_the_same_page(demo_db: dict[str, Any]) -> None:
    variants = [t for t in ARTICLES if len(t.get("url_variants") or []) > 1]
    assert variants
    con = duckdb.connect(str(demo_db["db"]), read_only=True)
    for truth in variants:
        pages = {
            con.execute(
                "SELECT page_id FROM page_urls WHERE url = ?", [demo_db["local"](u)]
            ).fetchone()
            for u in truth["url_variants"]
        }
        assert pages == {(_article_id(demo_db["local"](truth["canonical_url"])),)}
    con.close()


def test_missing_page_is_an_error_row(demo_db: dict[str, Any]) -> None:
    missing = [t for t in TRUTH if t["kind"] == "missing"]
    assert missing
    con = duckdb.connect(str(demo_db["db"]), read_only=True)
    for truth in missing:
        row = con.execute(
            "SELECT stage, error_class, message, occurrences FROM errors WHERE url = ?",
            [demo_db["local"](truth["url"])],
        ).fetchone()
        assert row is not None and row[0] == "fetch" and "404" in row[2]
        assert row[3] == 3  # seen by all three runs, one row
    con.close()


def test_recrawls_skip_fresh_pages_and_ask_stale_ones_conditionally(
    demo_db: dict[str, Any],
) -> None:
    first, second, third = demo_db["first"], demo_db["second"], demo_db["third"]
    # Second run, within the recrawl interval: every page fetched fine is left alone;
    # only the one that failed (404) is asked again.
    assert second.pages_fetched == 0 and second.articles_new == 0
    assert second.pages_skipped == first.pages_fetched
    # Third run, interval 0: every page asked with its ETag, and the server answers 304.
    assert third.pages_unchanged == first.pages_fetched
    assert third.pages_fetched == third.articles_new == third.articles_updated == 0


def test_runs_are_recorded_with_their_counts(demo_db: dict[str, Any]) -> None:
    first, second = demo_db["first"], demo_db["second"]
    assert first.articles_new >= 40 and first.errors >= 1 and first.duplicates >= 2
    con = duckdb.connect(str(demo_db["db"]), read_only=True)
    runs = con.execute(
        "SELECT run_id, flow_run_id, status, articles_new, errors FROM runs ORDER BY started_at"
    ).fetchall()
    con.close()
    assert [(r[0], r[2], r[3]) for r in runs] == [
        (first.run_id, "completed", first.articles_new),
        (second.run_id, "completed", 0),
        (demo_db["third"].run_id, "completed", 0),
    ]
    assert all(r[1] == r[0] for r in runs)  # the Prefect flow run id


def test_rerun_adds_no_rows_but_to_the_logs(demo_db: dict[str, Any]) -> None:
    before, after = demo_db["counts"]
    assert {k: v for k, v in before.items() if k not in APPEND_ONLY} == {
        k: v for k, v in after.items() if k not in APPEND_ONLY
    }
    assert after["runs"] == before["runs"] + 1
    assert after["fetches"] > before["fetches"]


def test_ingest_dir_reads_saved_pages_and_reports_bad_files(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    sources = [t for t in ARTICLES[:5]]
    for i, truth in enumerate(sources):
        page = _file_for(truth["url"])
        target = saved / f"sub{i % 2}" / f"page{i}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        if i == 0:
            target = target.with_suffix(".html.gz")
            target.write_bytes(gzip.compress(page.read_bytes()))
        else:
            shutil.copy(page, target)
    (saved / "broken.html.gz").write_bytes(b"not gzip at all")
    db = tmp_path / "dir.duckdb"
    summary = ingest_dir(path=str(saved), db=str(db), source="saved")
    assert summary.articles_new == 5
    assert summary.errors == 1
    con = duckdb.connect(str(db), read_only=True)
    titles = {r[0] for r in con.execute("SELECT title FROM articles").fetchall()}
    error = con.execute("SELECT stage, error_class FROM errors").fetchall()
    con.close()
    assert titles == {t["title"] for t in sources}
    assert error == [("load", "BadGzip")]


def _file_for(url: str) -> Path:
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    folder = site_root() / host / path.split("?")[0]
    return folder / "index.html" if folder.is_dir() else folder


def test_each_run_publishes_its_artifacts(demo_db: dict[str, Any]) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    first = demo_db["first"]

    async def artifacts() -> list[Any]:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[first.run_id])
                )
            )

    import asyncio

    found = {a.type: a for a in asyncio.run(artifacts())}
    assert {"table", "markdown", "progress"} <= set(found)
    table = found["table"].data
    rows = json.loads(table) if isinstance(table, str) else table
    assert rows[0]["source"] == "demo" and rows[0]["articles_new"] == first.articles_new
    markdown = found["markdown"].data
    assert "## Slowest hosts" in markdown and "## Most common errors" in markdown
    assert "HTTPStatus" in markdown and "## Sample articles" in markdown
    assert "## Pages that are not articles" in markdown and "| listing |" in markdown
    assert found["progress"].data == 100.0


def test_a_batch_is_one_value_to_prefect_and_whole_after_pickling() -> None:
    """Prefect walks lists and dataclasses in task arguments, page by page; a Batch is
    not walked (the saving the ingest flows count on), and survives the pickling a Dask
    worker's arguments go through."""
    pages = [
        FetchedPage(
            f"http://127.0.0.1/{n}",
            f"http://127.0.0.1/{n}",
            200,
            b"<p>x</p>",
            "text/html",
            dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            1.0,
        )
        for n in range(3)
    ]
    seen: list[Any] = []
    visit_collection(Batch(pages), lambda value: seen.append(value), return_data=False)
    assert len(seen) == 1 and isinstance(seen[0], Batch)
    seen.clear()
    visit_collection(pages, lambda value: seen.append(value), return_data=False)
    assert len(seen) > len(pages)  # the list itself, each page, and each page's fields
    batch = pickle.loads(pickle.dumps(Batch(pages)))
    assert isinstance(batch, Batch) and list(batch) == pages
    assert len(batch) == 3 and batch[1] == pages[1] and list(batch[1:]) == pages[1:]
