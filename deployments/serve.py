"""Serve pressroom's deployments from one long-running process (``prefect.serve``).

One ``ingest-<source>`` deployment per source of ``pressroom.toml`` (on its ``schedule``
when it has one), ``ingest-adhoc`` with no schedule for runs filled in from the UI's
form, and ``maintenance`` (on the ``[maintenance]`` schedule, nightly by default). Every
one of them writes the same DuckDB file, and DuckDB lets one process write a file at a
time: each deployment has a concurrency limit of 1, and the serving process runs one
flow run at a time (``limit=1``), so scheduled runs of different deployments queue
instead of failing on the file's lock.

    python -m deployments.serve --config pressroom.toml
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prefect import Flow, serve
from prefect.deployments.runner import RunnerDeployment
from prefect.types.entrypoint import EntrypointType

from flows.ingest import ingest
from flows.maintenance import maintenance
from pressroom.config import Config, load_config

TAGS = ["pressroom"]


def ingest_deployment_name(source: str) -> str:
    return f"ingest-{source}"


def _deployment(
    flow: Flow[..., Any],
    name: str,
    cron: str | None,
    parameters: dict[str, Any],
    description: str,
    concurrency_limit: int | None = 1,
) -> RunnerDeployment:
    # What flow.to_deployment does for a local flow, typed as the one thing it returns.
    return RunnerDeployment.from_flow(
        flow,
        name=name,
        cron=cron,
        parameters=parameters,
        description=description,
        # One run at a time when every deployment writes the same DuckDB file; a lake
        # takes concurrent writers (None: no limit).
        concurrency_limit=concurrency_limit,
        tags=[*TAGS, flow.name],
        # By module path, so the runs find the flows wherever pressroom is installed.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def build_deployments(config: Config, config_path: str) -> list[RunnerDeployment]:
    """The deployments for ``config``, whose file is at ``config_path`` (the runs read it)."""
    limit = _run_limit(config)
    deployments = [
        _deployment(
            ingest,
            ingest_deployment_name(source.name),
            source.schedule,
            {"source": source.name, "config": config_path},
            f"Ingest the {source.kind} source {source.name!r} of {config_path}.",
            limit,
        )
        for source in config.sources
    ]
    adhoc = _deployment(
        ingest,
        "ingest-adhoc",
        None,
        {"config": config_path},
        "Ingest a source given in the form: a name from the configuration,"
        " or a kind and its locations.",
        limit,
    )
    nightly = _deployment(
        maintenance,
        "maintenance",
        config.maintenance.schedule,
        {"config": config_path},
        "Rebuild the search index, compact the warehouse, export every table to Parquet.",
    )
    return [*deployments, adhoc, nightly]


def _run_limit(config: Config) -> int | None:
    """Runs at once: one for a DuckDB file (one writer), any number for a lake."""
    return 1 if config.warehouse.kind == "duckdb" else None


def serve_deployments(config_path: str | Path = "pressroom.toml") -> None:
    """Register the deployments of the configuration at ``config_path`` and run their
    flow runs until interrupted: one at a time when they share one DuckDB file,
    side by side when they write a lake."""
    path = str(Path(config_path).resolve())
    config = load_config(path)
    deployments = build_deployments(config, path)
    serve(*deployments, pause_on_shutdown=False, limit=_run_limit(config))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m deployments.serve",
        description="Serve pressroom's Prefect deployments (schedules from pressroom.toml).",
    )
    parser.add_argument(
        "--config", default="pressroom.toml", help="the configuration file (pressroom.toml)"
    )
    args = parser.parse_args(argv)
    serve_deployments(args.config)


if __name__ == "__main__":
    main()
