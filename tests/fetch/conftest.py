"""Starts the real HTTP server (127.0.0.1, random port, own thread) for tests in this folder."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from .fetch_server import Handler, LocalServer, QuietServer, ServerState


@pytest.fixture(scope="session")
def server() -> Iterator[LocalServer]:
    state = ServerState()
    handler = type("BoundHandler", (Handler,), {"state": state})
    httpd = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="test-http-server", daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{httpd.server_address[1]}", state)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
