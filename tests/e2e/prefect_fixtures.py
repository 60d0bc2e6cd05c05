"""A real Prefect server and pressroom's served deployments, in subprocesses, for the
end-to-end tests of deployments and the UI. Everything listens on 127.0.0.1 only, and
every subprocess is stopped (its whole process group) when its fixture ends, even after
a failure."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from demo.server import DemoSite, serve_demo_site

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.5) -> Any:
    """Poll ``check`` until it returns something truthy; fail naming ``what`` after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop ``process`` and its children (it leads its own session), kindly then not."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def tail(path: Path, chars: int = 4000) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-chars:] if path.exists() else ""


class RetryingTransport(httpx.HTTPTransport):
    """Asks again when the server answers 503, its word for "SQLite was busy, retry",
    as Prefect's own client does."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for _ in range(5):
            response = super().handle_request(request)
            if response.status_code != 503:
                return response
            response.close()
            time.sleep(1)
        return super().handle_request(request)


@dataclass(frozen=True)
class PrefectServer:
    """A running ``prefect server start``: its URLs and the environment for its clients."""

    url: str
    env: dict[str, str]
    log: Path

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.api_url, timeout=30, transport=RetryingTransport())


@contextmanager
def running_prefect_server(
    home: Path, settings: Mapping[str, str] | None = None
) -> Iterator[PrefectServer]:
    """``prefect server start`` on a free port of 127.0.0.1, with its own PREFECT_HOME
    and any further Prefect ``settings`` (environment variables) for the server."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": "",
        "PREFECT_UI_ENABLED": "true",
        # The UI's scripts call the API at this address (default: port 4200).
        "PREFECT_UI_API_URL": f"{url}/api",
        "PREFECT_UI_URL": url,
        # SQLite's connect timeout (default 10 s): the suite's other work keeps disks busy.
        "PREFECT_API_DATABASE_TIMEOUT": "60",
        **(settings or {}),
    }
    log = home / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=home,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:

        def healthy() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"prefect server exited:\n{tail(log)}")
            try:
                return httpx.get(f"{url}/api/health", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(healthy, 90, "the Prefect server's /api/health")
        client_env = {**env, "PREFECT_API_URL": f"{url}/api", "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
        yield PrefectServer(url, client_env, log)
    finally:
        stop_process(process)


@dataclass(frozen=True)
class Served:
    """``python -m deployments.serve`` running against a server, for a configuration."""

    server: PrefectServer
    config: Path
    db: Path
    site: DemoSite
    log: Path


# Schedules that fire once a year. A served deployment runs its schedule for real: an
# hourly one fired while the suite ran across the hour and fetched the ledger feed
# before the UI test's quick run did, which then found nothing new to fetch. The
# nightly maintenance would likewise run in a suite that crosses 03:00.
LEDGER_SCHEDULE = "0 4 1 1 *"
COURIER_SCHEDULE = "30 6 1 7 *"
MAINTENANCE_TEST_SCHEDULE = "15 5 1 4 *"


def write_config(folder: Path, site: DemoSite) -> Path:
    ledger_feed, _, courier_sitemaps, loam_feed = site.entry_points()
    config = folder / "pressroom.toml"
    config.write_text(
        f"""
[warehouse]
path = "news.duckdb"
data_dir = "news-data"

[fetch]
user_agent = "pressroom-e2e"
per_host_delay = 0

[maintenance]
schedule = "{MAINTENANCE_TEST_SCHEDULE}"

[[sources]]
name = "ledger"
kind = "feed"
location = "{ledger_feed}"
schedule = "{LEDGER_SCHEDULE}"

[[sources]]
name = "courier"
kind = "sitemap"
location = "{courier_sitemaps}"
schedule = "{COURIER_SCHEDULE}"

[[sources]]
name = "loam"
kind = "feed"
location = "{loam_feed}"
""",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="session")
def demo_site() -> Iterator[DemoSite]:
    with serve_demo_site() as site:
        yield site


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    with running_prefect_server(tmp_path_factory.mktemp("prefect-home")) as server:
        yield server


@pytest.fixture(scope="session")
def served(
    prefect_server: PrefectServer,
    demo_site: DemoSite,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Served]:
    """The deployments of a pressroom.toml over the demo site, served until the session ends."""
    folder = tmp_path_factory.mktemp("served")
    config = write_config(folder, demo_site)
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "deployments.serve", "--config", str(config)],
            env={**prefect_server.env, "PYTHONPATH": str(ROOT)},
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        with prefect_server.client() as api:

            def registered() -> bool:
                if process.poll() is not None:
                    raise AssertionError(f"deployments.serve exited:\n{tail(log)}")
                names = {d["name"] for d in api.post("/deployments/filter", json={}).json()}
                return {"ingest-ledger", "ingest-adhoc", "maintenance"} <= names

            wait_until(registered, 60, "the served deployments")
        yield Served(prefect_server, config, folder / "news.duckdb", demo_site, log)
    finally:
        stop_process(process)


def deployment_id(api: httpx.Client, flow: str, name: str) -> str:
    response = api.get(f"/deployments/name/{flow}/{name}")
    response.raise_for_status()
    return str(response.json()["id"])


def wait_for_final_state(
    api: httpx.Client, flow_run_id: str, timeout: float = 120, log: Path | None = None
) -> dict[str, Any]:
    """The flow run once it is in a final state; fails on timeout, with the serve log."""

    def final() -> dict[str, Any] | None:
        run: dict[str, Any] = api.get(f"/flow_runs/{flow_run_id}").json()
        state = run.get("state") or {}
        return run if state.get("type") in FINAL_STATES else None

    try:
        result: dict[str, Any] = wait_until(final, timeout, f"flow run {flow_run_id}", 1.0)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{tail(log) if log else ''}") from exc
    return result


def wait_for_log(
    api: httpx.Client, flow_run_id: str, needle: str, timeout: float = 60
) -> dict[str, Any]:
    """The first stored log line of the flow run that contains ``needle``.

    A run's state turns final before its last log lines are flushed to the server (the
    log worker sends them in batches), so a test that reads the closing lines waits here.
    """

    def found() -> dict[str, Any] | None:
        logs = api.post(
            "/logs/filter",
            json={"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "sort": "TIMESTAMP_ASC"},
        ).json()
        return next((line for line in logs if needle in line["message"]), None)

    result: dict[str, Any] = wait_until(found, timeout, f"log {needle!r} of {flow_run_id}")
    return result


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows from the warehouse, opened read-only and closed again at once."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
