"""Feeds and sitemaps that attack the XML parser: entity expansion, external entities,
external DTDs. Each is refused (or read without the attack) with a clear error; nothing
expands, no file is read, no request leaves for the attacker's URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tasks.discover import DocumentError, discover_urls, parse_feed, parse_sitemap
from tasks.fetch import FetchSettings

SECRET = "pressroom-hostile-secret-7f3a"
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10)
        for i in range(9)
    )
    + b"]><rss><channel><item><title>&j;</title><link>https://n.test/a</link></item>"
    b"</channel></rss>"
)
QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY big "'
    + b"x" * 3_000
    + b'">]><urlset><url><loc>https://n.test/'
    + b"&big;" * 30_000  # 90 MB once expanded
    + b"</loc></url></urlset>"
)


def _file_entity(path: Path, root: bytes) -> bytes:
    return b'<?xml version="1.0"?><!DOCTYPE %s [<!ENTITY x SYSTEM "%s">]>' % (
        root,
        path.as_uri().encode(),
    ) + (
        b"<rss><channel><item><link>https://n.test/&x;</link></item></channel></rss>"
        if root == b"rss"
        else b"<urlset><url><loc>https://n.test/&x;</loc></url></urlset>"
    )


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.mark.parametrize("parse", [parse_feed, parse_sitemap])
def test_billion_laughs_is_refused(parse: object) -> None:
    with pytest.raises(DocumentError) as refused:
        parse(LAUGHS, "https://n.test/feed")  # type: ignore[operator]
    assert refused.value.error_class == "XMLForbidden"
    assert "a" * 1000 not in str(refused.value)


def test_quadratic_blowup_is_refused() -> None:
    with pytest.raises(DocumentError) as refused:
        parse_sitemap(QUADRATIC, "https://n.test/sitemap.xml")
    assert refused.value.error_class == "XMLForbidden"


@pytest.mark.parametrize(("parse", "root"), [(parse_feed, b"rss"), (parse_sitemap, b"urlset")])
def test_external_file_entity_is_refused_unread(
    parse: object, root: bytes, secret_file: Path
) -> None:
    with pytest.raises(DocumentError) as refused:
        parse(_file_entity(secret_file, root), "https://n.test/x")  # type: ignore[operator]
    assert refused.value.error_class == "XMLForbidden"
    assert SECRET not in str(refused.value)


def test_parameter_entity_is_refused(secret_file: Path) -> None:
    doc = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY %% p SYSTEM "%s"> %%p;]><rss/>' % (
        secret_file.as_uri().encode()
    )
    with pytest.raises(DocumentError) as refused:
        parse_feed(doc, "https://n.test/x")
    assert refused.value.error_class == "XMLForbidden"


class _Recorder(BaseHTTPRequestHandler):
    documents: ClassVar[dict[str, bytes]] = {}
    requested: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requested.append(self.path)
        body = self.documents.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def xml_server(secret_file: Path) -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Handler", (_Recorder,), {"documents": {}, "requested": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    handler.documents.update(
        {
            "/laughs.xml": LAUGHS,
            "/quadratic.xml": QUADRATIC,
            "/xxe-file.xml": _file_entity(secret_file, b"rss"),
            "/xxe-http.xml": (
                b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "%s/steal">]>'
                b"<rss><channel><item><link>https://n.test/&x;</link></item></channel></rss>"
                % origin.encode()
            ),
            "/dtd.xml": (
                b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "%s/evil.dtd">'
                b"<rss><channel><item><link>https://n.test/&x;</link></item></channel></rss>"
                % origin.encode()
            ),
            "/evil.dtd": b'<!ENTITY x "' + SECRET.encode() + b'">',
        }
    )
    try:
        yield origin, handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_hostile_feeds_over_http_are_error_rows_without_requests_out(
    xml_server: tuple[str, type[_Recorder]],
) -> None:
    origin, handler = xml_server
    names = ["laughs", "quadratic", "xxe-file", "xxe-http", "dtd"]
    result = discover_urls([f"{origin}/{n}.xml" for n in names], FetchSettings(obey_robots=False))
    classes = {e.url.rsplit("/", 1)[1]: e.error_class for e in result.errors}
    assert classes == {
        "laughs.xml": "XMLForbidden",
        "quadratic.xml": "XMLForbidden",
        "xxe-file.xml": "XMLForbidden",
        "xxe-http.xml": "XMLForbidden",
        # The external DTD is never fetched, so its entity stays undefined.
        "dtd.xml": "InvalidXML",
    }
    assert result.urls == ()
    assert sorted(handler.requested) == sorted(f"/{n}.xml" for n in names)
    assert all(SECRET not in e.message for e in result.errors)
