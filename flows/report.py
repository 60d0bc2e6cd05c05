"""What a run shows in the Prefect UI: a table of counts, a markdown summary, progress."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from uuid import UUID

from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)

from warehouse.queries import RunReport
from warehouse.writer import RUN_COUNTS

if TYPE_CHECKING:  # flows.runs imports this module to publish its artifacts
    from flows.runs import RunSummary


def artifact_key(source_id: str, kind: str) -> str:
    """Prefect artifact keys allow lowercase letters, digits and dashes only."""
    return f"{kind}-" + (re.sub(r"[^a-z0-9-]+", "-", source_id.lower()).strip("-") or "source")


def start_progress(source_id: str) -> UUID:
    artifact_id = create_progress_artifact(
        0.0, key=artifact_key(source_id, "progress"), description="Share of batches stored"
    )
    assert isinstance(artifact_id, UUID)  # called from sync code: Prefect returns the value
    return artifact_id


def report_progress(artifact_id: UUID, done: int, total: int) -> None:
    update_progress_artifact(artifact_id, 100.0 * done / total if total else 100.0)


def publish_run(summary: RunSummary, report: RunReport | None) -> None:
    """The run's table artifact (one row per source) and its markdown summary."""
    row = {"source": summary.source_id, **{c: getattr(summary, c) for c in RUN_COUNTS}}
    create_table_artifact(
        [row], key=artifact_key(summary.source_id, "counts"), description="Pages and articles"
    )
    create_markdown_artifact(
        render_markdown(summary, report),
        key=artifact_key(summary.source_id, "summary"),
        description="Run summary",
    )


def render_markdown(summary: RunSummary, report: RunReport | None) -> str:
    lines = [
        f"# Run of `{summary.source_id}`",
        "",
        f"{summary.pages_discovered} pages discovered, {summary.pages_fetched} fetched,"
        f" {summary.pages_unchanged} unchanged (304), {summary.pages_skipped} skipped as fresh;"
        f" {summary.articles_new} new articles, {summary.articles_updated} updated,"
        f" {summary.duplicates} duplicates, {summary.errors} errors in {summary.elapsed_s:.1f} s.",
    ]
    if summary.batches_waiting:
        lines += [
            "",
            f"**The warehouse was locked: {summary.batches_waiting} batches are staged and the"
            " next run merges them first.**",
        ]
    if report is None:
        return "\n".join(lines) + "\n"
    lines += _table("Slowest hosts", ("host", "fetches", "mean ms"), report.slowest_hosts)
    lines += _table("Most common errors", ("error", "count", "example"), report.common_errors)
    lines += _table(
        "Pages that are not articles", ("kind", "count", "example"), report.not_articles
    )
    if report.samples:
        lines += ["", "## Sample articles"]
        for title, authors, date, opening in report.samples:
            lines += [
                "",
                f"**{_cell(title or '(untitled)')}**  ",
                f"{', '.join(authors) or 'no author'} · {date or 'no date'}  ",
                f"> {_cell(opening)}…",
            ]
    return "\n".join(lines) + "\n"


def _table(heading: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    """A markdown section of ``rows`` under ``heading``; nothing for no rows."""
    if not rows:
        return []
    lines = ["", f"## {heading}", "", f"| {' | '.join(header)} |", "|---" * len(header) + "|"]
    return lines + ["| " + " | ".join(_cell(str(v)) for v in row) + " |" for row in rows]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
