"""Two processes fetching from one host keep its request starts apart."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tasks.pacing import SharedHostPacer

DELAY = 0.3


class _Recorder(BaseHTTPRequestHandler):
    starts: ClassVar[list[float]] = []

    def do_GET(self) -> None:
        _Recorder.starts.append(time.time())
        body = b"<html><body><p>ok</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Recorder.starts = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


_CHILD = """
import asyncio, sys
from pathlib import Path
from typing import ClassVar
from tasks.fetch import FetchSettings, fetch_pages
from tasks.pacing import SharedHostPacer
base, folder, tag, delay = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
settings = FetchSettings(per_host_delay=delay, obey_robots=False)
pacer = SharedHostPacer(Path(folder), delay)
pages = asyncio.run(fetch_pages([f"{base}/{tag}/{i}" for i in range(3)], settings, pacer=pacer))
sys.exit(0 if all(p.ok for p in pages) else 1)
"""


def test_two_processes_share_one_hosts_delay(server: str, tmp_path: Path) -> None:
    children = [
        subprocess.Popen([sys.executable, "-c", _CHILD, server, str(tmp_path), tag, str(DELAY)])
        for tag in "ab"
    ]
    assert [child.wait(timeout=60) for child in children] == [0, 0]
    starts = sorted(_Recorder.starts)
    assert len(starts) == 6
    # Each process alone would take 2 delays; paced together, six starts need five.
    # The span is measured on the server, so it tolerates the jitter of one request
    # reaching it late on a busy machine, where single gaps would not.
    span = starts[-1] - starts[0]
    assert span >= 5 * DELAY - 0.1, [round(b - a, 3) for a, b in itertools.pairwise(starts)]


def test_a_claimed_start_makes_the_next_wait(tmp_path: Path) -> None:
    first, second = SharedHostPacer(tmp_path, 5.0), SharedHostPacer(tmp_path, 5.0)
    assert first.try_start("https://a.example")
    assert not second.try_start("https://a.example")
    assert 4.0 < second.wait_time("https://a.example") <= 5.0
    assert second.try_start("https://b.example")  # another origin is not held back
