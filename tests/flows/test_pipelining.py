"""Batches pipelined (the next extracted while the current one is stored) and merged
several to a transaction decide and store exactly what strictly sequential batches,
each merged on its own, do; the search index a run builds as it goes scores as a full
build does. Real demo pages, real DuckDB files, real Prefect."""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

import flows.runs
import tasks.steps
from demo.server import serve_demo_site, site_root
from flows.ingest import ingest_dir, ingest_urls
from flows.runs import RunSummary, data_dir_for
from tests.fts_reference import assert_same_scores, reference_index
from warehouse.connection import connect
from warehouse.search import IndexRefresh, index_new_articles
from warehouse.staging import MergeResult, merge_pending

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


# The reference run stores and merges each batch before it extracts the next; the other
# keeps two batches extracted ahead and merges at its end (its default, MERGE_EVERY, is
# far more pages than the demo site has).
RUNS = {0: 1, 2: flows.runs.MERGE_EVERY}  # batches ahead: pages staged between merges


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
    for ahead, merge_every in RUNS.items():
        monkeypatch.setattr(flows.runs, "PIPELINE_AHEAD", ahead)
        monkeypatch.setattr(flows.runs, "MERGE_EVERY", merge_every)
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
        for ahead, merge_every in RUNS.items():
            monkeypatch.setattr(flows.runs, "PIPELINE_AHEAD", ahead)
            monkeypatch.setattr(flows.runs, "MERGE_EVERY", merge_every)
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
    monkeypatch.setattr(flows.runs, "MERGE_EVERY", 4)  # the index catches up after merges
    monkeypatch.setattr(flows.runs, "index_new_articles", recorded)
    db = tmp_path / "w.duckdb"
    summary = ingest_dir(path=str(site_root()), db=str(db), batch_size=2)
    assert len(catch_ups) >= 2
    assert catch_ups[0].mode == "full"
    assert {c.mode for c in catch_ups[1:]} == {"incremental"}
    assert sum(c.added for c in catch_ups) <= summary.articles_new
    assert assert_same_scores(db, reference_index(db, tmp_path), QUERIES) > 0


def test_a_run_merges_its_staged_batches_every_merge_every_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 2 pages, a merge every 6: each merge takes three staged batches, the
    run's end merges the rest before it counts, and nothing stays staged."""
    merges: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> MergeResult:
        result = merge_pending(*args, **kwargs)
        merges.append(result.merged)
        return result

    monkeypatch.setattr(tasks.steps, "merge_pending", counted)
    monkeypatch.setattr(flows.runs, "MERGE_EVERY", 6)
    db = tmp_path / "w.duckdb"
    summary = ingest_dir(path=str(site_root()), db=str(db), batch_size=2)
    batches = -(-summary.pages_discovered // 2)
    assert batches >= 7
    rest = [batches % 3] if batches % 3 else []
    # The run's opening row, three batches at a time, the rest, the run's closing row.
    assert merges == [1, *[3] * (batches // 3), *rest, 1]
    with connect(db, read_only=True) as con:
        (stored,) = con.execute("SELECT count(*) FROM articles").fetchone() or (0,)
        row = con.execute("SELECT articles_new, not_articles FROM runs").fetchone()
    assert stored == summary.articles_new > 0
    assert row == (summary.articles_new, summary.not_articles)  # the closing row counts all
    assert not list((data_dir_for(db) / "staged").glob("*"))


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
    says it has nothing left; once the work is done it is not called. The ``wait`` it is
    handed waits for that work."""
    release = threading.Event()
    chores = ["store batch 1", "store batch 2"]
    done_chores: list[str] = []

    def work(n: int) -> int:
        if n == 1:
            assert release.wait(10)  # held until both chores are done
        return n

    def while_waiting(wait: Callable[[float], bool]) -> bool:
        if not chores:
            release.set()
            assert wait(10)  # the work it waits on, released, is done
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
