"""A second process holding a warehouse open read-only, as a user's SQL session does."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLD = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True);"
    " print('open', flush=True); sys.stdin.readline()"
)


@contextmanager
def reader_holding(db: Path) -> Iterator[subprocess.Popen[str]]:
    """The reader holds ``db`` from entry until its stdin is closed (or the block ends)."""
    reader = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "open"
        yield reader
    finally:
        release(reader)


def release(reader: subprocess.Popen[str]) -> None:
    """Let go of the file; wait until the reader process has ended."""
    if reader.stdin is not None and not reader.stdin.closed:
        reader.stdin.close()
    reader.wait(timeout=10)
    if reader.stdout is not None and not reader.stdout.closed:
        reader.stdout.close()
