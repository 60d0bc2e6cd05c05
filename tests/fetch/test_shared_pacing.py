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
claim = pacer.try_start
def recorded(origin):
    granted = claim(origin)
    if granted:  # the start time the pacer just wrote, as it wrote it
        with open(Path(folder) / f"claims-{tag}.txt", "a") as out:
            out.write(pacer._file(origin).read_text() + "\\n")
    return granted
pacer.try_start = recorded
pages = asyncio.run(fetch_pages([f"{base}/{tag}/{i}" for i in range(3)], settings, pacer=pacer))
sys.exit(0 if all(p.ok for p in pages) else 1)
"""


def test_two_processes_share_one_hosts_delay(server: str, tmp_path: Path) -> None:
    children = [
        subprocess.Popen([sys.executable, "-c", _CHILD, server, str(tmp_path), tag, str(DELAY)])
        for tag in "ab"
    ]
    assert [child.wait(timeout=60) for child in children] == [0, 0]
    assert len(_Recorder.starts) == 6
    # The starts the two pacers granted, as written under the lock: consecutive ones, of
    # either process, are a whole delay apart. (Arrival times at the server would not
    # show this on a busy machine, where a granted request can reach it late.)
    claims = sorted(
        float(line) for f in tmp_path.glob("claims-*.txt") for line in f.read_text().split()
    )
    assert len(claims) == 6
    gaps = [round(b - a, 3) for a, b in itertools.pairwise(claims)]
    assert min(gaps) >= DELAY, gaps


def test_a_claimed_start_makes_the_next_wait(tmp_path: Path) -> None:
    first, second = SharedHostPacer(tmp_path, 5.0), SharedHostPacer(tmp_path, 5.0)
    assert first.try_start("https://a.example")
    assert not second.try_start("https://a.example")
    assert 4.0 < second.wait_time("https://a.example") <= 5.0
    assert second.try_start("https://b.example")  # another origin is not held back
