"""Batches pipelined (the next extracted while the current one is stored) decide and
store exactly what strictly sequential batches do, and the search index a run builds
as it goes scores as a full build does. Real demo pages, real DuckDB files, real Prefect."""

from __future__ import annotations

import contextvars
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

import flows.runs
from demo.server import serve_demo_site, site_root
from flows.ingest import ingest_dir, ingest_urls
from flows.runs import RunSummary
from tests.fts_reference import assert_same_scores, reference_index
from warehouse.connection import connect
from warehouse.search import IndexRefresh, index_new_articles

QUERIES = ("harbour", "council budget", "ferry", "bakery prize", "storm", "election")


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with connect(db, read_only=True) as con:
        return {
            "articles": con.execute(
                "SELECT article_id, title, duplicate_of, duplicate_kind, round(similarity, 6)"
                " FROM articles ORDER BY ALL"
            ).fetchall(),
            "pages": con.execute(
                "SELECT page_id, page_kind, last_status FROM pages ORDER BY ALL"
            ).fetchall(),
            "errors": con.execute("SELECT url, error_class FROM errors ORDER BY ALL").fetchall(),
        }


def _assert_same_runs(tmp_path: Path, summaries: dict[int, RunSummary]) -> None:
    """The runs with 0 and 2 batches ahead stored the same rows and counted the same."""
    sequential, pipelined = _rows(tmp_path / "ahead0.duckdb"), _rows(tmp_path / "ahead2.duckdb")
    assert pipelined == sequential
    assert any(row[2] is not None for row in sequential["articles"])  # copies were found
    counts = [{k: v for k, v in s.counts().items() if k != "elapsed_s"} for s in summaries.values()]
    assert counts[0] == counts[1]
    assert summaries[2].articles_new == len(sequential["articles"])


def test_pipelined_batches_store_what_sequential_batches_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One page per batch, so every duplicate is decided against pages stored by earlier
    batches: with two batches extracted ahead, the order of storing must not change."""
    summaries = {}
    for ahead in (0, 2):
        monkeypatch.setattr(flows.runs, "PIPELINE_AHEAD", ahead)
        db = tmp_path / f"ahead{ahead}.duckdb"
        summaries[ahead] = ingest_dir(path=str(site_root()), db=str(db), batch_size=1)
    _assert_same_runs(tmp_path, summaries)


def test_url_runs_pipelined_store_what_sequential_runs_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A URL run fetches one batch ahead in a thread and extracts the next while it
    stores one; one page per batch, the rows must be those of a run storing each batch
    before extracting the next."""
    summaries = {}
    with serve_demo_site() as site:
        for ahead in (0, 2):
            monkeypatch.setattr(flows.runs, "PIPELINE_AHEAD", ahead)
            summaries[ahead] = ingest_urls(
                discover_from=site.entry_points(),
                db=str(tmp_path / f"ahead{ahead}.duckdb"),
                source="demo",
                batch_size=1,
            )
    _assert_same_runs(tmp_path, summaries)


def test_the_search_index_catches_up_while_the_run_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a catch-up every 3 new articles, the run builds its index as it goes; after
    the closing refresh, scores are those of the extension's own full build."""
    catch_ups: list[IndexRefresh] = []

    def recorded(con: duckdb.DuckDBPyConnection) -> IndexRefresh:
        catch_ups.append(index_new_articles(con))
        return catch_ups[-1]

    monkeypatch.setattr(flows.runs, "INDEX_EVERY", 3)
    monkeypatch.setattr(flows.runs, "index_new_articles", recorded)
    db = tmp_path / "w.duckdb"
    summary = ingest_dir(path=str(site_root()), db=str(db), batch_size=2)
    assert len(catch_ups) >= 2
    assert catch_ups[0].mode == "full"
    assert {c.mode for c in catch_ups[1:]} == {"incremental"}
    assert sum(c.added for c in catch_ups) <= summary.articles_new
    assert assert_same_scores(db, reference_index(db, tmp_path), QUERIES) > 0


# --- worked_ahead: the next batch fetched while the caller stores the current one -----

_CALLER: contextvars.ContextVar[str] = contextvars.ContextVar("caller", default="none")


def test_worked_ahead_keeps_order_and_works_one_item_ahead() -> None:
    started: list[int] = []
    handled: list[int] = []

    def work(n: int) -> tuple[int, str]:
        started.append(n)
        return n * n, _CALLER.get()

    token = _CALLER.set("flow run 7")
    try:
        with flows.runs.worked_ahead(range(6), work) as results:
            for n, (square, caller) in results:
                ahead = min(n + 2, 6)  # items 0..n+1 (there are six)
                deadline = time.monotonic() + 10
                while len(started) < ahead and time.monotonic() < deadline:
                    time.sleep(0.005)
                time.sleep(0.05)  # room for the thread to run further ahead, were it to
                assert started == list(range(ahead))  # the next one is under way, no more
                assert (square, caller) == (n * n, "flow run 7")  # in the caller's context
                handled.append(n)
    finally:
        _CALLER.reset(token)
    assert handled == list(range(6))


def test_worked_ahead_does_other_work_while_waiting() -> None:
    """While the item asked for is still being worked on, ``while_waiting`` runs until it
    says it has nothing left; once the work is done it is not called."""
    release = threading.Event()
    chores = ["store batch 1", "store batch 2"]
    done_chores: list[str] = []

    def work(n: int) -> int:
        if n == 1:
            assert release.wait(10)  # held until both chores are done
        return n

    def while_waiting() -> bool:
        if not chores:
            release.set()
            return False
        done_chores.append(chores.pop(0))
        return True

    with flows.runs.worked_ahead(range(3), work, while_waiting) as results:
        got = [n for n, _ in results]
    assert got == [0, 1, 2]
    assert done_chores == ["store batch 1", "store batch 2"]
    assert release.is_set()  # it was asked once more, and said it had nothing left


def test_worked_ahead_raises_the_work_error_in_order() -> None:
    def work(n: int) -> int:
        if n == 2:
            raise ValueError("page 2 would not fetch")
        return n

    seen: list[int] = []
    with (
        pytest.raises(ValueError, match="page 2 would not fetch"),
        flows.runs.worked_ahead(range(5), work) as results,
    ):
        for n, _ in results:
            seen.append(n)
    assert seen == [0, 1]  # every item before the failing one was handed over


def test_worked_ahead_waits_for_the_work_under_way_when_left() -> None:
    finished = threading.Event()

    def work(n: int) -> int:
        if n == 1:
            time.sleep(0.2)
            finished.set()
        return n

    with flows.runs.worked_ahead(range(3), work) as results:
        for n, _ in results:
            if n == 0:
                break  # item 1 is under way in the thread
    assert finished.is_set()  # leaving the block waited for it
