"""Raw socket servers on 127.0.0.1 that misbehave in time: they accept and never answer,
or answer one byte at a time. httpx's per-operation timeouts see each byte as progress."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

Behaviour = Literal["silent", "trickle-headers", "trickle-body"]

_BODY = b"<!DOCTYPE html><html><head><title>Slow</title></head><body>" + b"x" * 400 + b"</body>"


def _answer(behaviour: Behaviour) -> tuple[bytes, bytes]:
    """(bytes sent at once, bytes sent one at a time)."""
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        + f"Content-Length: {len(_BODY)}\r\n\r\n".encode()
    )
    if behaviour == "trickle-headers":
        return b"", head + _BODY
    if behaviour == "trickle-body":
        return head, _BODY
    return b"", b""


class SlowServer:
    """Accepts every connection; reads the request; then behaves as told until stopped."""

    def __init__(self, behaviour: Behaviour, interval: float) -> None:
        self.behaviour = behaviour
        self.interval = interval
        self.stopped = threading.Event()
        self.requests = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the listener was closed: stopping
            thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            conn.settimeout(5)
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            self.requests += 1
            at_once, slowly = _answer(self.behaviour)
            try:
                conn.sendall(at_once)
                for byte in slowly:
                    if self.stopped.wait(self.interval):
                        return
                    conn.sendall(bytes([byte]))
                self.stopped.wait()  # silent, or everything sent: hold the connection open
            except OSError:
                return  # the client gave up and closed: what it should do

    def stop(self) -> None:
        self.stopped.set()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)


@contextmanager
def slow_server(behaviour: Behaviour, interval: float = 1.0) -> Iterator[SlowServer]:
    server = SlowServer(behaviour, interval)
    thread = threading.Thread(target=server.serve, name=f"slow-{behaviour}", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop()
        thread.join(timeout=5)
