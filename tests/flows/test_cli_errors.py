"""The ingest commands end a run whose warehouse cannot be written with one clear line
naming the path, and exit status 2 (Prefect has logged the failed run above it)."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from pressroom.cli import app


def test_ingest_into_a_warehouse_under_a_file_names_the_path(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text("<html><body><article><p>Words.</p></article></body></html>")
    (tmp_path / "blocked").write_text("a file where the warehouse folder should be")
    db = tmp_path / "blocked" / "w.duckdb"
    result = CliRunner().invoke(app, ["ingest", "dir", str(pages), "--db", str(db)])
    assert result.exit_code == 2, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: cannot create the data folder ")
    assert str(tmp_path / "blocked") in last and "Not a directory" in last


def test_a_failed_run_says_why_in_its_runs_row(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    missing = tmp_path / "no-such-folder"
    result = CliRunner().invoke(app, ["ingest", "dir", str(missing), "--db", str(db)])
    assert result.exit_code == 2, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT status, finished_at IS NOT NULL, error_message FROM runs"
        ).fetchall()
    assert len(rows) == 1
    status, finished, message = rows[0]
    assert (status, finished) == ("failed", True)
    assert message.startswith("FileNotFoundError: ") and str(missing) in message
