"""The atheris fuzz target runs for a bounded time in its own process and finds no crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TARGET = Path(__file__).with_name("fuzz_extract.py")
SEEDS = Path(__file__).with_name("pages")


def test_fuzz_target_runs_clean_for_a_bounded_time(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Seeds: the nasty pages, each once per target (first byte selects it).
    for i, page in enumerate(sorted(p for p in SEEDS.iterdir() if not p.name.endswith(".gz"))):
        for target in range(4):
            (corpus / f"{i}-{target}").write_bytes(bytes([target]) + page.read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            str(TARGET),
            "-max_total_time=15",
            "-timeout=30",  # a hang detector only: one input stuck this long is a crash
            "-rss_limit_mb=3072",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done" in done.stderr and "runs in" in done.stderr
    assert not list(tmp_path.glob("crash-*")) and not list(tmp_path.glob("timeout-*"))
