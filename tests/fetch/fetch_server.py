"""A real HTTP server for the fetch tests: one route per case, state tests can read.

Stateful routes (flaky, retry-after, busy) key their counters by the full path, so a test
that puts a fresh token in the path gets fresh counters.
"""

from __future__ import annotations

import collections
import gzip
import itertools
import threading
import time
import uuid
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tasks.fetch import FetchSettings

HTML_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Café</title></head>"
    "<body><p>Zoë\u2019s naïve café — 東京 ☕</p></body></html>"
).encode()

LATIN1_PAGE = "<html><head><title>Café</title></head><body>déjà vu</body></html>".encode("latin-1")

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

RSS_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title>
<item><title>First story</title><link>/news/first</link>
  <pubDate>Tue, 05 Mar 2024 10:00:00 +0100</pubDate></item>
<item><title>Second story</title><link>http://news.test/news/second</link></item>
</channel></rss>"""

ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title>
<entry><title>Atom one</title>
  <link rel="self" href="/feeds/entries/1.xml"/>
  <link rel="alternate" type="text/html" href="/news/atom-one"/>
  <updated>2024-03-06T08:30:00Z</updated></entry>
<entry><title>First story again</title><link href="/news/first"/></entry>
</feed>"""

URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/s1</loc><lastmod>2024-03-01</lastmod></url>
<url><loc>{base}/news/s2</loc><lastmod>2024-03-02T12:00:00+00:00</lastmod></url>
</urlset>"""

GZ_URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/gz1</loc></url>
<url><loc>{base}/news/s1</loc></url>
</urlset>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/news/breaking</loc>
  <news:news>
    <news:publication><news:name>Example</news:name><news:language>en</news:language>
    </news:publication>
    <news:publication_date>2024-03-07T06:15:00+01:00</news:publication_date>
    <news:title>Breaking: café opens</news:title>
  </news:news></url>
</urlset>"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemaps/pages.xml</loc></sitemap>
<sitemap><loc>{base}/sitemaps/pages.xml.gz</loc></sitemap>
<sitemap><loc>{base}/sitemaps/news.xml</loc></sitemap>
</sitemapindex>"""

LOOP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemaps/loop.xml</loc></sitemap>
<sitemap><loc>{base}/sitemaps/loop-b.xml</loc></sitemap>
</sitemapindex>"""

LOOP_INDEX_B = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemaps/loop.xml</loc></sitemap>
<sitemap><loc>{base}/sitemaps/pages.xml</loc></sitemap>
</sitemapindex>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol4;</loc></url></urlset>"""

BROKEN_XML = b"<?xml version='1.0'?><urlset><url><loc>http://x.test/a</loc></url>"

XML = "application/xml"


def unpaced(**changes: Any) -> FetchSettings:
    """Settings for tests that are not about politeness: no robots.txt, no host delay."""
    return FetchSettings(**{"per_host_delay": 0.0, "obey_robots": False, **changes})


@dataclass
class ServerState:
    """What the server saw; read by tests, written by handler threads under ``lock``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    hits: collections.Counter[str] = field(default_factory=collections.Counter)
    active: collections.Counter[str] = field(default_factory=collections.Counter)
    peak: collections.Counter[str] = field(default_factory=collections.Counter)
    paths: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    # (path, time.monotonic() when the request arrived): request spacing, seen server-side.
    starts: list[tuple[str, float]] = field(default_factory=list)
    # Conditional request headers per path: (If-None-Match, If-Modified-Since).
    conditionals: dict[str, list[tuple[str | None, str | None]]] = field(
        default_factory=lambda: collections.defaultdict(list)
    )
    robots: tuple[int, str] | None = None  # (status, body) of /robots.txt; None: 404


class Handler(BaseHTTPRequestHandler):
    state: ServerState  # set on a subclass per server

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output clean

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        with self.state.lock:
            self.state.hits[parts.path] += 1
            self.state.paths.append(self.path)
            self.state.user_agents.append(self.headers.get("User-Agent", ""))
            self.state.starts.append((parts.path, time.monotonic()))
            hits = self.state.hits[parts.path]
            robots = self.state.robots
        base = f"http://{self.headers['Host']}"
        route = parts.path.split("/")[1]
        if parts.path == "/page":
            self.reply(200, HTML_PAGE, "text/html; charset=utf-8")
        elif parts.path == "/robots.txt" and robots is not None:
            self.reply(robots[0], robots[1].encode(), "text/plain")
        elif route == "cond":
            self.conditional(parts.path)
        elif parts.path == "/gzip-page":
            body = gzip.compress(HTML_PAGE)
            self.reply(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        elif parts.path == "/deflate":
            packer = zlib.compressobj(wbits=-zlib.MAX_WBITS if query.get("raw") else zlib.MAX_WBITS)
            body = packer.compress(HTML_PAGE) + packer.flush()
            self.reply(200, body, "text/html", {"Content-Encoding": "deflate"})
        elif parts.path == "/gzip-bomb":
            size = int(query.get("size", "1000000"))
            body = gzip.compress(b"<html><body>" + b" " * size, compresslevel=9)
            self.reply(200, body, "text/html", {"Content-Encoding": "gzip"})
        elif parts.path == "/latin1":
            self.reply(200, LATIN1_PAGE, "text/html; charset=ISO-8859-1")
        elif route == "redirect":
            left = int(parts.path.rsplit("/", 1)[1])
            self.redirect("/page" if left == 0 else f"/redirect/{left - 1}")
        elif route == "loop":
            self.redirect("/loop/b" if parts.path == "/loop/a" else "/loop/a")
        elif parts.path == "/redirect-ftp":
            self.redirect("ftp://files.test/report.html")
        elif route == "status":
            code = int(parts.path.rsplit("/", 1)[1])
            extra = {"Retry-After": "0"} if code == 429 else {}
            self.reply(code, b"nope", "text/plain", extra)
        elif route == "flaky":
            if hits <= int(query.get("fails", "2")):
                self.reply(int(query.get("code", "500")), b"oops", "text/plain")
            else:
                self.reply(200, HTML_PAGE, "text/html")
        elif route == "retry-after":
            if hits == 1:
                self.reply(503, b"busy", "text/plain", {"Retry-After": query.get("after", "1")})
            else:
                self.reply(200, HTML_PAGE, "text/html")
        elif parts.path == "/slow":
            time.sleep(float(query.get("seconds", "0.5")))
            self.reply(200, HTML_PAGE, "text/html")
        elif parts.path == "/image.png":
            self.reply(200, PNG_BYTES, "image/png")
        elif parts.path == "/big":
            body = b"<html><body>" + b"x" * int(query.get("size", "100000")) + b"</body></html>"
            self.reply(200, body, "text/html", with_length=query.get("length") != "no")
        elif parts.path == "/no-type-html":
            self.reply(200, HTML_PAGE, None)
        elif parts.path == "/no-type-binary":
            self.reply(200, b"\x00\x01\x02 not markup", None)
        elif route == "busy":
            self.busy(parts.path, float(query.get("hold", "0.1")))
        else:
            self.xml_route(parts.path, base)

    def xml_route(self, path: str, base: str) -> None:
        documents: dict[str, tuple[bytes, str]] = {
            "/feeds/rss.xml": (RSS_FEED, "application/rss+xml"),
            "/feeds/atom.xml": (ATOM_FEED, "application/atom+xml"),
            "/feeds/rss-as-html": (RSS_FEED, "text/html"),
            "/sitemaps/index.xml": (SITEMAP_INDEX.format(base=base).encode(), XML),
            "/sitemaps/pages.xml": (URLSET.format(base=base).encode(), XML),
            "/sitemaps/pages.xml.gz": (
                gzip.compress(GZ_URLSET.format(base=base).encode()),
                "application/x-gzip",
            ),
            "/sitemaps/news.xml": (NEWS_SITEMAP.format(base=base).encode(), "text/xml"),
            "/sitemaps/loop.xml": (LOOP_INDEX.format(base=base).encode(), XML),
            "/sitemaps/loop-b.xml": (LOOP_INDEX_B.format(base=base).encode(), XML),
            "/xml/bomb.xml": (BILLION_LAUGHS, XML),
            "/xml/broken.xml": (BROKEN_XML, XML),
        }
        if path in documents:
            body, content_type = documents[path]
            self.reply(200, body, content_type)
        else:
            self.reply(404, b"not here", "text/plain")

    def busy(self, path: str, hold: float) -> None:
        """Count simultaneous requests per path and per (path, Host) while holding them."""
        keys = (path, f"{path}@{self.headers['Host'].split(':')[0]}")
        with self.state.lock:
            for key in keys:
                self.state.active[key] += 1
                self.state.peak[key] = max(self.state.peak[key], self.state.active[key])
        time.sleep(hold)
        with self.state.lock:
            for key in keys:
                self.state.active[key] -= 1
        self.reply(200, HTML_PAGE, "text/html")

    def conditional(self, path: str) -> None:
        """A page with validators that answers 304 when either of them matches."""
        etag, modified = '"v1"', "Wed, 21 Oct 2015 07:28:00 GMT"
        sent = (self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"))
        with self.state.lock:
            self.state.conditionals[path].append(sent)
        validators = {"ETag": etag, "Last-Modified": modified}
        if sent[0] == etag or sent[1] == modified:
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
        else:
            self.reply(200, HTML_PAGE, "text/html; charset=utf-8", validators)

    def redirect(self, location: str) -> None:
        self.reply(301, b"", "text/plain", {"Location": location})

    def reply(
        self,
        code: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
        *,
        with_length: bool = True,
    ) -> None:
        self.send_response(code)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        if with_length:
            self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (timeouts, size limits) resets the socket mid-reply.
        pass


@dataclass
class LocalServer:
    base_url: str
    state: ServerState

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def token(self) -> str:
        return uuid.uuid4().hex

    def hits(self, path: str) -> int:
        with self.state.lock:
            return self.state.hits[path]

    def peak(self, key: str) -> int:
        with self.state.lock:
            return self.state.peak[key]

    def start_gaps(self, prefix: str = "/") -> list[float]:
        """Seconds between consecutive request arrivals whose path starts with ``prefix``."""
        with self.state.lock:
            times = sorted(at for path, at in self.state.starts if path.startswith(prefix))
        return [later - earlier for earlier, later in itertools.pairwise(times)]
