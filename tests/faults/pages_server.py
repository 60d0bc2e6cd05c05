"""A loopback news site for the kill tests: article pages, a few missing ones, a pause
per response, and a gate that holds every request past a given count until opened, so a
test knows exactly where the run it kills stood."""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "po", "qu", "fa")
WORDS = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("n", "r", "s", "")]
MISSING_EVERY = 12  # /story/0, /story/12, ... answer 404


def article_page(n: int) -> bytes:
    """An article with its own words (no two pages are near-copies) and a byline."""
    rng = random.Random(n)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(70)) + ".</p>" for _ in range(5)
    )
    title = f"Dispatch {n}: " + " ".join(rng.choice(WORDS) for _ in range(5))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><nav><a href='/'>Front page</a></nav>"
        f"<article><h1>{title}</h1><p class='byline'>By Writer {n % 7}</p>{paragraphs}"
        "</article><footer>The Loopback Ledger</footer></body></html>"
    ).encode()


@dataclass
class SiteState:
    delay: float
    hold_after: int | None = None  # requests past this count wait for ``gate``
    served: int = 0
    gate: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    held: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    site: SiteState

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if not self.path.startswith("/story/"):
            self.send_error(404)  # robots.txt too: no rules
            return
        with self.site.lock:
            self.site.served += 1
            number = self.site.served
        limit = self.site.hold_after
        if limit is not None and number > limit:
            self.site.held.set()
            self.site.gate.wait()
        self.site.gate.wait(self.site.delay)  # the pause per response (or none once open)
        n = int(self.path.rsplit("/", 1)[1])
        if n % MISSING_EVERY == 0:
            with contextlib.suppress(OSError):
                self.send_error(404)
            return
        body = article_page(n)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # a killed client is gone: nobody to answer
            self.wfile.write(body)


@contextmanager
def news_site(delay: float, hold_after: int | None = None) -> Iterator[tuple[str, SiteState]]:
    site = SiteState(delay, hold_after)
    handler = type("SiteHandler", (_Handler,), {"site": site})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    finally:
        site.gate.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
