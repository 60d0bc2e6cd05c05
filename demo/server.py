"""Serve the bundled demo site over real HTTP on 127.0.0.1.

Each fictional outlet gets its own ``ThreadingHTTPServer`` on a free port. Text responses have
every fictional origin rewritten to the matching local origin, so absolute links, canonicals,
``og:url`` and feed entries all point back into the local servers.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

FICTIONAL_ORIGINS = (
    "https://www.tidewaterledger.example",
    "https://news.meridiancourier.example",
    "https://lanternandloam.example",
)

# Where a crawler starts, per outlet: feeds, sitemap indexes and plain sitemaps.
ENTRY_PATHS = (
    ("https://www.tidewaterledger.example", "/feed/"),
    ("https://www.tidewaterledger.example", "/sitemap.xml"),
    ("https://news.meridiancourier.example", "/sitemap_index.xml"),
    ("https://lanternandloam.example", "/atom.xml"),
)

# Files whose type a suffix cannot tell; keyed by path relative to the outlet's root.
SPECIAL_TYPES = {
    "feed/index.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
}
SUFFIX_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}
INDEX_FILES = ("index.html", "index.xml")
NOT_FOUND_BODY = (
    b"<!doctype html>\n<html><head><title>404 Not Found</title></head>"
    b"<body><h1>Not Found</h1><p>The requested page does not exist.</p></body></html>\n"
)


def site_root() -> Path:
    """The ``demo/site`` folder: one document root per fictional host name."""
    return Path(__file__).resolve().parent / "site"


def load_truth() -> list[dict[str, Any]]:
    """Ground truth for every URL a crawler meets, as parsed from ``demo/truth.json``."""
    path = Path(__file__).resolve().parent / "truth.json"
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


def _swap_origin(url: str, mapping: dict[str, str]) -> str:
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin not in mapping:
        raise ValueError(f"{url!r} is not on any demo origin; known: {sorted(mapping)}")
    target = urlsplit(mapping[origin])
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True)
class DemoSite:
    """The running demo site: which local origin stands in for which fictional one."""

    origins: dict[str, str]

    def local_url(self, url: str) -> str:
        """Map a fictional absolute URL to the local server that serves it (query kept)."""
        return _swap_origin(url, self.origins)

    def fictional_url(self, url: str) -> str:
        """Map a local URL back to the fictional URL it stands for."""
        return _swap_origin(url, {local: fictional for fictional, local in self.origins.items()})

    def entry_points(self) -> list[str]:
        """Local URLs of every feed, sitemap index and sitemap a crawler should start from."""
        return [self.local_url(origin + path) for origin, path in ENTRY_PATHS]


def resolve_file(document_root: Path, url_path: str) -> Path | None:
    """The file answering ``url_path`` under ``document_root``, or None if there is none.

    The query string must already be stripped: tracking parameters never change the file.
    A directory answers with its index file, with or without a trailing slash.
    """
    root = document_root.resolve()
    candidate = (root / unquote(url_path).lstrip("/")).resolve()
    if not candidate.is_relative_to(root):
        return None
    if candidate.is_dir():
        for name in INDEX_FILES:
            if (candidate / name).is_file():
                return candidate / name
        return None
    return candidate if candidate.is_file() else None


def content_type(document_root: Path, path: Path) -> str:
    relative = path.relative_to(document_root.resolve()).as_posix()
    if relative in SPECIAL_TYPES:
        return SPECIAL_TYPES[relative]
    return SUFFIX_TYPES.get(path.suffix, "application/octet-stream")


def rewrite_origins(text: str, origins: dict[str, str]) -> str:
    """Replace each fictional origin in ``text`` with its local origin."""
    for fictional, local in origins.items():
        text = text.replace(fictional, local)
    return text


class DemoHandler(BaseHTTPRequestHandler):
    """Serves one outlet's static files; knows every origin so it can rewrite them all."""

    server_version = "pressroom-demo/1.0"

    def __init__(self, *args: Any, document_root: Path, site: DemoSite, **kwargs: Any) -> None:
        self.document_root = document_root
        self.site = site
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        path = resolve_file(self.document_root, urlsplit(self.path).path)
        if path is None:
            self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", NOT_FOUND_BODY, send_body)
            return
        kind = content_type(self.document_root, path)
        body = path.read_bytes()
        if kind.endswith("charset=utf-8"):
            body = rewrite_origins(body.decode("utf-8"), self.site.origins).encode("utf-8")
        # A strong ETag from the served bytes, as a news CMS behind a cache sends, so that
        # recrawls of the demo exercise conditional GET.
        etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        if etag in (self.headers.get("If-None-Match") or ""):
            self._send(HTTPStatus.NOT_MODIFIED, kind, b"", send_body=False, etag=etag)
            return
        self._send(HTTPStatus.OK, kind, body, send_body, etag=etag)

    def _send(
        self, status: HTTPStatus, kind: str, body: bytes, send_body: bool, etag: str | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent: test output must not fill up with access logs."""


def _bind(host: str, port: int) -> ThreadingHTTPServer:
    # Bound before the handler exists: the handler needs every outlet's port to rewrite links.
    try:
        server = ThreadingHTTPServer((host, port), BaseHTTPRequestHandler, bind_and_activate=True)
    except OSError as exc:
        raise OSError(
            f"cannot serve the demo site on {host}:{port}: {exc.strerror};"
            " choose other ports with --port"
        ) from exc
    server.daemon_threads = True
    return server


@contextmanager
def serve_demo_site(host: str = "127.0.0.1", first_port: int = 0) -> Iterator[DemoSite]:
    """Start one local HTTP server per outlet; stop them all when the block exits.

    With ``first_port`` 0 each outlet gets a free port; otherwise the outlets take
    ``first_port``, ``first_port + 1``, ... so that their URLs, and with them the
    pages' identities in a warehouse, are the same from one run to the next.
    """
    servers: dict[str, ThreadingHTTPServer] = {}
    try:
        for i, origin in enumerate(FICTIONAL_ORIGINS):
            servers[origin] = _bind(host, first_port + i if first_port else 0)
    except OSError:
        for server in servers.values():
            server.server_close()
        raise
    site = DemoSite(
        origins={
            origin: f"http://{host}:{server.server_address[1]}"
            for origin, server in servers.items()
        }
    )
    running: list[tuple[ThreadingHTTPServer, threading.Thread]] = []
    try:
        for origin, server in servers.items():
            document_root = site_root() / urlsplit(origin).netloc
            server.RequestHandlerClass = partial(
                DemoHandler, document_root=document_root, site=site
            )
            thread = threading.Thread(
                target=server.serve_forever, name=f"demo-{origin}", daemon=True
            )
            thread.start()
            running.append((server, thread))
        yield site
    finally:
        # shutdown() waits for serve_forever to notice, so only servers that run get it.
        for server, thread in running:
            server.shutdown()
            thread.join(timeout=5)
        for server in servers.values():
            server.server_close()


def main() -> None:
    """Serve the demo site until interrupted, printing where each outlet lives."""
    with serve_demo_site() as site:
        for fictional, local in site.origins.items():
            print(f"{fictional} -> {local}")
        print("entry points:", *site.entry_points(), sep="\n  ")
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
