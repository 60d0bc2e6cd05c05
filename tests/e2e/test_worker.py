"""prefect.yaml the way the README deploys it: a process work pool, ``prefect deploy --all``
from the repository folder, and a ``prefect worker start`` that picks up a run asked
through the API with parameters of its own, runs it to Completed, and leaves its rows in
the warehouse its configuration names."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from demo.server import DemoSite
from tests.e2e.prefect_fixtures import (
    BIN,
    ROOT,
    PrefectServer,
    deployment_id,
    query,
    running_prefect_server,
    tail,
    wait_for_final_state,
)

POOL = "pressroom"
MAX_PAGES = 3  # not the deployment's default (none): the run must obey it


def _cli(server: PrefectServer, *args: str, timeout: float = 180) -> str:
    """Run the Prefect CLI from the repository folder, as the README does; fail with its
    output when it fails."""
    done = subprocess.run(
        [str(BIN / "prefect"), "--no-prompt", *args],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout[-3000:]}{done.stderr}"
    return done.stdout


def _write_config(folder: Path, site: DemoSite) -> Path:
    """A configuration elsewhere than the checkout, declaring the ``gazette`` source that
    prefect.yaml's ``ingest-gazette`` deployment runs, over a demo outlet's feed. Loopback
    is allowed here, in the file, not by the environment: the run must read this file."""
    feed = site.entry_points()[3]
    config = folder / "pressroom.toml"
    config.write_text(
        f"""
[warehouse]
path = "worker.duckdb"
data_dir = "worker-data"

[fetch]
user_agent = "pressroom-e2e-worker"
per_host_delay = 0
allow_hosts = ["127.0.0.1"]

[[sources]]
name = "gazette"
kind = "feed"
location = "{feed}"
""",
        encoding="utf-8",
    )
    return config


def _artifacts(api: Any, flow_run_id: str) -> dict[str, dict[str, Any]]:
    found = api.post(
        "/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}}
    )
    assert found.status_code == 200, found.text
    return {a["key"]: a for a in found.json()}


def test_worker_runs_a_prefect_yaml_deployment(tmp_path: Path, demo_site: DemoSite) -> None:
    config = _write_config(tmp_path, demo_site)
    # No scheduler: a scheduled run of prefect.yaml's hourly deployment falling due
    # during the test would compete with the run asked here for the pool's one slot.
    scheduler_off = {"PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false"}
    with running_prefect_server(tmp_path / "home", scheduler_off) as server:
        _cli(server, "work-pool", "create", POOL, "--type", "process")
        _cli(server, "work-pool", "set-concurrency-limit", POOL, "1")
        _cli(server, "deploy", "--all")
        with server.client() as api:
            created = api.post(
                f"/deployments/{deployment_id(api, 'ingest', 'ingest-gazette')}/create_flow_run",
                json={
                    "parameters": {"config": str(config), "max_pages": MAX_PAGES, "batch_size": 2}
                },
            )
            assert created.status_code == 201, created.text
            flow_run_id = str(created.json()["id"])

            worker_log = tmp_path / "worker.log"
            # The worker stands for another machine: its own folder, and no loopback
            # allowance in its environment (the configuration file gives it).
            env = {k: v for k, v in server.env.items() if k != "PRESSROOM_ALLOW_HOSTS"}
            worker_home = tmp_path / "worker"
            worker_home.mkdir()
            with worker_log.open("wb") as out:
                worker = subprocess.run(
                    [str(BIN / "prefect"), "worker", "start", "--pool", POOL, "--run-once"],
                    cwd=worker_home,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    timeout=300,
                    check=False,
                )
            assert worker.returncode == 0, tail(worker_log)
            run = wait_for_final_state(api, flow_run_id, timeout=180, log=worker_log)
            assert run["state"]["type"] == "COMPLETED", tail(worker_log)
            assert run["work_pool_name"] == POOL
            assert run["parameters"]["max_pages"] == MAX_PAGES
            assert run["parameters"]["source"] == "gazette"  # the deployment's own
            artifacts = _artifacts(api, flow_run_id)

    table = artifacts["counts-gazette"]
    rows = table["data"] if isinstance(table["data"], list) else json.loads(table["data"])
    assert rows[0]["source"] == "gazette" and rows[0]["pages_fetched"] == MAX_PAGES
    assert artifacts["progress-gazette"]["data"] == 100.0

    db = tmp_path / "worker.duckdb"  # where the configuration, not the checkout, says
    runs = query(
        db,
        "SELECT source_id, status, flow_run_id, pages_fetched, articles_new FROM runs"
        " WHERE run_id = ?",
        [flow_run_id],
    )
    assert len(runs) == 1
    source_id, status, recorded_flow_run, pages_fetched, articles_new = runs[0]
    assert (source_id, status, recorded_flow_run) == ("gazette", "completed", flow_run_id)
    assert pages_fetched == MAX_PAGES
    assert 1 <= articles_new <= MAX_PAGES
    stored = query(
        db,
        "SELECT count(*), count(title), min(word_count) FROM articles WHERE source_id = 'gazette'",
    )
    count, titled, fewest_words = stored[0]
    assert count == articles_new and titled == count and fewest_words > 0
    assert (tmp_path / "worker-data" / "warc").is_dir()  # raw responses archived beside it
