"""pressroom's deployments on a real Prefect server: served by ``python -m deployments.serve``,
run through the API with parameters of their own, and the warehouse checked afterwards;
``prefect.yaml`` deployed by the Prefect CLI to a process work pool."""

from __future__ import annotations

import importlib
import json
import subprocess
from pathlib import Path
from typing import Any

import yaml
from prefect import Flow
from prefect.cli.deploy._models import PrefectYamlModel

from deployments.serve import build_deployments
from pressroom.config import MAINTENANCE_SCHEDULE, load_config
from tests.e2e.prefect_fixtures import (
    BIN,
    COURIER_SCHEDULE,
    LEDGER_SCHEDULE,
    MAINTENANCE_TEST_SCHEDULE,
    ROOT,
    Served,
    deployment_id,
    query,
    running_prefect_server,
    tail,
    wait_for_final_state,
    write_config,
)

PREFECT_YAML = ROOT / "prefect.yaml"


def _by_name(api_deployments: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in api_deployments}


def _limit(deployment: dict[str, Any]) -> int | None:
    limit = deployment.get("global_concurrency_limit") or {}
    return limit.get("limit")


def _crons(deployment: dict[str, Any]) -> list[str]:
    return [s["schedule"]["cron"] for s in deployment["schedules"]]


def test_build_deployments_one_per_source_plus_adhoc_and_maintenance(
    tmp_path: Path, demo_site: Any
) -> None:
    config_path = write_config(tmp_path, demo_site)
    deployments = {d.name: d for d in build_deployments(load_config(config_path), "cfg.toml")}
    per_source = {"ingest-ledger", "ingest-courier", "ingest-loam"}
    assert set(deployments) == per_source | {"ingest-adhoc", "maintenance"}
    ledger = deployments["ingest-ledger"]
    assert ledger.parameters == {"source": "ledger", "config": "cfg.toml"}
    assert [s.schedule.cron for s in ledger.schedules or []] == [LEDGER_SCHEDULE]
    assert not deployments["ingest-loam"].schedules  # no schedule in its [[sources]] entry
    assert not deployments["ingest-adhoc"].schedules
    assert [s.schedule.cron for s in deployments["maintenance"].schedules or []] == [
        MAINTENANCE_TEST_SCHEDULE
    ]
    for deployment in deployments.values():
        assert deployment.concurrency_limit == 1, deployment.name
        assert deployment.entrypoint in ("flows.ingest.ingest", "flows.maintenance.maintenance")


def test_served_deployment_runs_with_its_own_parameters(served: Served) -> None:
    with served.server.client() as api:
        listed = _by_name(api.post("/deployments/filter", json={}).json())
        assert _crons(listed["ingest-ledger"]) == [LEDGER_SCHEDULE]
        assert _crons(listed["ingest-courier"]) == [COURIER_SCHEDULE]
        assert _crons(listed["ingest-loam"]) == []
        assert _crons(listed["ingest-adhoc"]) == []
        assert _crons(listed["maintenance"]) == [MAINTENANCE_TEST_SCHEDULE]
        for name in ("ingest-ledger", "ingest-courier", "ingest-loam", "ingest-adhoc"):
            assert _limit(listed[name]) == 1, name
        assert _limit(listed["maintenance"]) == 1
        assert listed["ingest-courier"]["parameters"] == {
            "source": "courier",
            "config": str(served.config),
        }

        # max_pages and batch_size are not the defaults: the run must use these.
        created = api.post(
            f"/deployments/{deployment_id(api, 'ingest', 'ingest-courier')}/create_flow_run",
            json={"parameters": {"max_pages": 2, "batch_size": 1}},
        )
        assert created.status_code == 201, created.text
        flow_run_id = created.json()["id"]
        run = wait_for_final_state(api, flow_run_id, log=served.log)
        assert run["state"]["type"] == "COMPLETED", tail(served.log)
        assert run["parameters"]["max_pages"] == 2
        assert run["parameters"]["source"] == "courier"

        artifacts = api.post(
            "/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}}
        )
        assert artifacts.status_code == 200
        by_key = {a["key"]: a for a in artifacts.json()}
        assert by_key["progress-courier"]["type"] == "progress"
        assert by_key["progress-courier"]["data"] == 100.0
        assert by_key["summary-courier"]["type"] == "markdown"
        assert "courier" in by_key["summary-courier"]["data"]
        table = by_key["counts-courier"]
        assert table["type"] == "table"
        rows = table["data"] if isinstance(table["data"], list) else json.loads(table["data"])
        assert rows[0]["source"] == "courier"
        assert rows[0]["pages_fetched"] == 2  # the run's max_pages, in its own report

        tasks = api.post(
            "/task_runs/filter", json={"flow_runs": {"id": {"any_": [flow_run_id]}}}
        ).json()
        # batch_size 1: each of the two pages was fetched by its own task run.
        assert sum(1 for t in tasks if t["name"].startswith("fetch-batch")) == 2, [
            t["name"] for t in tasks
        ]

    rows = query(
        served.db,
        "SELECT source_id, status, pages_fetched, articles_new FROM runs WHERE run_id = ?",
        [flow_run_id],
    )
    assert len(rows) == 1
    source_id, status, pages_fetched, articles_new = rows[0]
    assert (source_id, status) == ("courier", "completed")
    assert pages_fetched == 2
    assert 1 <= articles_new <= 2
    flow_ids = query(served.db, "SELECT flow_run_id FROM runs WHERE run_id = ?", [flow_run_id])
    assert flow_ids == [(flow_run_id,)]
    articles = query(
        served.db, "SELECT title FROM articles WHERE source_id = 'courier' AND title IS NOT NULL"
    )
    assert 1 <= len(articles) <= 2


def test_served_maintenance_exports_parquet(served: Served) -> None:
    with served.server.client() as api:
        if not served.db.exists():  # maintenance needs a warehouse: fill one first
            created = api.post(
                f"/deployments/{deployment_id(api, 'ingest', 'ingest-loam')}/create_flow_run",
                json={},
            )
            wait_for_final_state(api, created.json()["id"], log=served.log)
        created = api.post(
            f"/deployments/{deployment_id(api, 'maintenance', 'maintenance')}/create_flow_run",
            json={},
        )
        run = wait_for_final_state(api, created.json()["id"], log=served.log)
        assert run["state"]["type"] == "COMPLETED", tail(served.log)
    export = served.db.parent / "news-export"
    exported = {p.stem for p in export.glob("*.parquet")}
    assert {"articles", "runs", "fetches", "pages"} <= exported
    (count,) = query(served.db, "SELECT count(*) FROM articles")[0]
    assert query(served.db, f"SELECT count(*) FROM '{export / 'articles.parquet'}'") == [(count,)]


def test_served_runs_wait_for_each_other(served: Served) -> None:
    """Runs of two deployments asked at once do not overlap: they share a DuckDB file."""
    with served.server.client() as api:
        asked = [
            api.post(
                f"/deployments/{deployment_id(api, 'ingest', 'ingest-loam')}/create_flow_run",
                json={},
            ),
            api.post(
                f"/deployments/{deployment_id(api, 'ingest', 'ingest-adhoc')}/create_flow_run",
                json={
                    "parameters": {
                        "source": "loam",
                        "db": str(served.db.parent / "other.duckdb"),
                    }
                },
            ),
        ]
        runs = [wait_for_final_state(api, r.json()["id"], log=served.log) for r in asked]
    assert [r["state"]["type"] for r in runs] == ["COMPLETED", "COMPLETED"], tail(served.log)
    first, second = sorted(runs, key=lambda r: r["start_time"])
    assert first["end_time"] <= second["start_time"]
    assert query(served.db.parent / "other.duckdb", "SELECT count(*) FROM articles")[0][0] > 0


def test_prefect_yaml_is_valid_and_its_entrypoints_are_the_flows() -> None:
    raw = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    model = PrefectYamlModel.model_validate(raw)
    names = {d.name for d in model.deployments}
    assert {"ingest-adhoc", "maintenance"} <= names
    assert any(n and n.startswith("ingest-") and n != "ingest-adhoc" for n in names)
    for deployment in model.deployments:
        assert deployment.work_pool is not None and deployment.work_pool.name == "pressroom"
        limit = deployment.concurrency_limit
        assert getattr(limit, "limit", limit) == 1, deployment.name
        assert deployment.parameters.get("config") == "pressroom.toml"
        assert deployment.entrypoint is not None
        file, _, attribute = deployment.entrypoint.partition(":")
        module = importlib.import_module(file.removesuffix(".py").replace("/", "."))
        flow = getattr(module, attribute)
        assert isinstance(flow, Flow)
        unknown = set(deployment.parameters) - set(flow.parameters.properties)
        assert not unknown, f"{deployment.name}: {unknown} are not parameters of {flow.name}"
    schedules = {d.name: [s.cron for s in d.schedules or []] for d in model.deployments}
    assert schedules["maintenance"] == [MAINTENANCE_SCHEDULE]
    assert schedules["ingest-adhoc"] == []


def test_prefect_deploy_all_registers_prefect_yaml(tmp_path: Path) -> None:
    """The Prefect CLI itself accepts prefect.yaml: the deployments land on a pool."""
    with running_prefect_server(tmp_path / "home") as server:

        def cli(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [str(BIN / "prefect"), *args],
                cwd=ROOT,
                env=server.env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )

        created = cli("work-pool", "create", "pressroom", "--type", "process")
        assert created.returncode == 0, created.stdout + created.stderr
        deployed = cli("--no-prompt", "deploy", "--all")
        assert deployed.returncode == 0, deployed.stdout[-3000:] + deployed.stderr[-3000:]
        with server.client() as api:
            listed = _by_name(api.post("/deployments/filter", json={}).json())
    expected = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))["deployments"]
    assert set(listed) == {d["name"] for d in expected}
    for spec in expected:
        deployment = listed[spec["name"]]
        assert deployment["work_pool_name"] == "pressroom"
        assert _limit(deployment) == 1
        assert deployment["parameters"] == spec["parameters"]
        assert _crons(deployment) == [s["cron"] for s in spec["schedules"]]
        # Runs start in the folder deployed from, where pressroom.toml is.
        pull = deployment["pull_steps"][0]["prefect.deployments.steps.set_working_directory"]
        assert Path(pull["directory"]) == ROOT
