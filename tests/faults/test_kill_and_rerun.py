"""SIGKILL the flow process mid-run, run it again, and find every page exactly once.

The run's process is really killed (no clean-up of any kind runs), at two points:
while it fetches a batch, and while its batches wait staged because a reader holds the
warehouse file. The rerun must merge what was staged, fetch what was lost, and leave
one row per page, no duplicate, an empty staging folder and a file that opens cleanly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

from tests.prefect_harness import SERVER_STARTUP_TIMEOUT
from tests.readers import reader_holding
from warehouse.connection import connect
from warehouse.queries import table_counts
from warehouse.staging import pending_batches

from .pages_server import MISSING_EVERY, news_site

PAGES = 60
BATCH = 10  # ingest_child.py's batch size
CHILD = Path(__file__).with_name("ingest_child.py")


@pytest.fixture(scope="module")
def prefect_api() -> Iterator[str]:
    """A temporary Prefect server the flow processes report to."""
    with prefect_test_harness(server_startup_timeout=SERVER_STARTUP_TIMEOUT):
        yield str(PREFECT_API_URL.value())


def _setup(tmp_path: Path, base: str, lock_wait: float) -> tuple[Path, Path, Path, list[str]]:
    db, data = tmp_path / "w.duckdb", tmp_path / "data"
    urls = [f"{base}/story/{n}" for n in range(PAGES)]
    url_file = tmp_path / "urls.txt"
    url_file.write_text("\n".join(urls) + "\n")
    config = tmp_path / "pressroom.toml"
    config.write_text(
        f'[warehouse]\npath = "{db}"\ndata_dir = "{data}"\nlock_wait = {lock_wait}\n'
        '[fetch]\nallow_hosts = ["127.0.0.1"]\nper_host_delay = 0\nconcurrency = 4\n'
        "per_host_concurrency = 4\ntimeout = 20\n"
    )
    return db, data / "staged", config, urls


def _start(config: Path, url_file: Path, api: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, str(CHILD), str(config), str(url_file)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: anything it started goes with it
        )


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    # Children it may have left (none expected): its group, which only it led.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _wait_for(condition: object, what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120  # a hang guard only
    while not condition():  # type: ignore[operator]
        if process.poll() is not None:
            raise AssertionError(f"the flow process ended ({process.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within 120 s")
        time.sleep(0.05)


def _rerun(config: Path, url_file: Path, api: str, log: Path) -> None:
    process = _start(config, url_file, api, log)
    assert process.wait(timeout=300) == 0, log.read_text()[-4000:]


def _check_complete(db: Path, staging: Path, urls: list[str], killed_run: str | None) -> None:
    """One page row per URL, one article or error row per URL, nothing twice."""
    assert pending_batches(staging) == [] and not any(staging.glob(".*.tmp"))
    missing = {u for u in urls if int(u.rsplit("/", 1)[1]) % MISSING_EVERY == 0}
    with duckdb.connect(str(db), read_only=True) as con:  # opens cleanly, read-only
        assert all(n >= 0 for n in table_counts(con).values())  # every table reads whole
        pages = con.execute("SELECT canonical_url FROM pages").fetchall()
        articles = con.execute("SELECT article_id, url FROM articles").fetchall()
        errors = con.execute("SELECT url, stage, error_class FROM errors").fetchall()
        ok_fetches = con.execute(
            "SELECT url, count(*) FROM fetches WHERE status = 200 GROUP BY url"
        ).fetchall()
        runs = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
        why = dict(con.execute("SELECT run_id, error_message FROM runs").fetchall())
    page_urls = [p for (p,) in pages]
    assert sorted(set(page_urls)) == sorted(page_urls)  # no page twice
    assert set(urls) - missing <= set(page_urls)  # no page lost
    assert len({a for a, _ in articles}) == len(articles)  # no article twice
    assert {u for _, u in articles} == set(urls) - missing
    assert sorted(errors) == sorted((u, "fetch", "HTTPStatus") for u in missing)
    # Each article page was fetched fine and logged once: nothing was merged twice.
    assert dict(ok_fetches) == dict.fromkeys(set(urls) - missing, 1)
    assert sorted(runs.values()).count("completed") == 1
    # The killed run never closed its row; the rerun, on the same host, found its
    # process gone and marked it crashed.
    (killed,) = (killed_run,) if killed_run is not None else set(runs) - {completed_run(runs)}
    assert runs[killed] == "crashed"
    assert "ended without closing the run" in why[killed]


def completed_run(runs: dict[str, str]) -> str:
    (run_id,) = (r for r, status in runs.items() if status == "completed")
    return run_id


def _fetches_stored(db: Path) -> int | None:
    """Rows in ``fetches``, or None while the run holds the file (it is merging)."""
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute("SELECT count(*) FROM fetches").fetchone()
    except duckdb.Error:
        return None
    return None if row is None else int(row[0])


def _only_run(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        [(run_id,)] = con.execute("SELECT run_id FROM runs").fetchall()
    return str(run_id)


def test_killed_while_fetching_then_rerun(tmp_path: Path, prefect_api: str) -> None:
    # Requests past the 25th are held: batch 3 is in flight while batch 2, fetched
    # before it, is stored; with nothing else to do while it waits, the run merges the
    # two staged batches (far fewer pages than MERGE_EVERY); the kill comes once they
    # are in.
    with news_site(delay=0.05, hold_after=25) as (base, site):
        db, staging, config, urls = _setup(tmp_path, base, lock_wait=30)
        url_file = tmp_path / "urls.txt"
        process = _start(config, url_file, prefect_api, tmp_path / "killed.log")
        try:
            _wait_for(site.held.is_set, "a held request", process)
            _wait_for(lambda: _fetches_stored(db) == 2 * BATCH, "batch 2 stored", process)
            assert not site.gate.is_set()  # batch 3 is still held
            _kill(process)
        finally:
            if process.poll() is None:
                _kill(process)
        with duckdb.connect(str(db), read_only=True) as con:
            stored = con.execute("SELECT count(*) FROM fetches").fetchone()
        assert stored == (2 * BATCH,)  # two batches in, the third lost with the process
        killed = _only_run(db)
        site.hold_after = None
        site.gate.set()
        _rerun(config, url_file, prefect_api, tmp_path / "rerun.log")
    _check_complete(db, staging, urls, killed)


def test_killed_with_batches_staged_then_rerun(tmp_path: Path, prefect_api: str) -> None:
    with news_site(delay=0.05, hold_after=25) as (base, site):
        db, staging, config, urls = _setup(tmp_path, base, lock_wait=0.3)
        url_file = tmp_path / "urls.txt"
        with connect(db):
            pass  # the file exists, so a reader can hold it
        with reader_holding(db):
            # The reader keeps the run from merging: its row and batches wait staged.
            process = _start(config, url_file, prefect_api, tmp_path / "killed.log")
            try:
                _wait_for(site.held.is_set, "a held request", process)
                # Batch 2 is stored (staged) while batch 3's fetch is held.
                _wait_for(
                    lambda: len(pending_batches(staging)) == 3, "batches 1 and 2 staged", process
                )
                _kill(process)
            finally:
                if process.poll() is None:
                    _kill(process)
        assert len(pending_batches(staging)) == 3  # the run's row, batches 1 and 2
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM runs").fetchone() == (0,)
        site.hold_after = None
        site.gate.set()
        _rerun(config, url_file, prefect_api, tmp_path / "rerun.log")
    _check_complete(db, staging, urls, None)
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = sorted(s for (s,) in con.execute("SELECT status FROM runs").fetchall())
    assert statuses == ["completed", "crashed"]  # the killed run's row, merged from staging
