"""Starts the real HTTP servers (127.0.0.1, random port, own thread) for tests in this folder.

``server`` lives for the session; ``fresh_server`` is a new origin per test, for tests
whose subject is per-origin state (robots.txt, request spacing).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from .fetch_server import Handler, LocalServer, QuietServer, ServerState


@contextmanager
def running_server() -> Iterator[LocalServer]:
    state = ServerState()
    handler = type("BoundHandler", (Handler,), {"state": state})
    httpd = QuietServer(("127.0.0.1", 0), handler)
    # A short poll interval: shutdown() waits for it, once per fresh_server test.
    thread = threading.Thread(
        target=httpd.serve_forever, args=(0.05,), name="test-http-server", daemon=True
    )
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{httpd.server_address[1]}", state)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def server() -> Iterator[LocalServer]:
    with running_server() as local:
        yield local


@pytest.fixture
def fresh_server() -> Iterator[LocalServer]:
    with running_server() as local:
        yield local
