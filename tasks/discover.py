"""Discover page URLs from RSS/Atom feeds and XML sitemaps (plain, gzip, Google News, indexes).

Parsing is pure (``parse_feed``, ``parse_sitemap``, ``sniff_kind``: bytes in, records out)
and separate from fetching (``discover_urls``), which fetches entry points with
``tasks.fetch``, follows sitemap indexes and turns every failure into a ``PageError``.

XML is parsed with defusedxml: entity declarations and external references are refused,
so a billion-laughs document is an error value, not a memory blow-up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import httpx
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from selectolax.lexbor import LexborHTMLParser

from tasks.fetch import DEFAULT_SETTINGS, FetchSettings, fetch_pages, make_client
from tasks.records import FetchedPage, PageError

DocumentKind = Literal["rss", "atom", "sitemap", "sitemapindex", "html", "unknown"]

# Content types kept as bodies during discovery. HTML is accepted on purpose: feeds are
# sometimes served as text/html, and sniffing the body tells the truth either way.
DISCOVERY_ACCEPT: tuple[str, ...] = (
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
    "text/plain",
    "text/html",
    "application/xhtml+xml",
)

# The sitemaps.org limit for one uncompressed sitemap; also bounds a gzip bomb.
MAX_XML_BYTES = 50 * 1024 * 1024

_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 4096
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w:.\-]*)")
_ROOT_KINDS: dict[str, DocumentKind] = {
    "rss": "rss",
    "rdf": "rss",  # RSS 1.0 (rdf:RDF)
    "feed": "atom",
    "urlset": "sitemap",
    "sitemapindex": "sitemapindex",
    "html": "html",
}


@dataclass(frozen=True)
class DiscoveredURL:
    """A page URL found in a feed or sitemap (``source_url``).

    ``lastmod`` is an aware datetime when the source gave a time with an offset, else
    the calendar date; None when unknown.
    """

    url: str
    source_url: str
    kind: Literal["feed", "sitemap", "page"]
    lastmod: dt.datetime | dt.date | None = None
    title: str | None = None


@dataclass(frozen=True)
class DiscoveryResult:
    """Unique page URLs in discovery order, every feed/sitemap fetched, and what failed."""

    urls: tuple[DiscoveredURL, ...]
    fetched: tuple[FetchedPage, ...]
    errors: tuple[PageError, ...]


class DocumentError(ValueError):
    """A feed or sitemap that cannot be read: malformed, refused, too large, wrong kind."""

    def __init__(self, error_class: str, message: str) -> None:
        super().__init__(message)
        self.error_class = error_class


def sniff_kind(body: bytes) -> DocumentKind:
    """Say what a fetched body is from its first element (gzip bodies are looked into)."""
    head = body[:_SNIFF_BYTES]
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(body, _SNIFF_BYTES)
        except zlib.error:
            return "unknown"
    head = _COMMENT.sub(b"", head)
    if b"<!doctype html" in head.lower():
        return "html"
    match = _FIRST_TAG.search(head)
    if match is None:
        return "unknown"
    return _ROOT_KINDS.get(_local(match.group(1).decode("ascii")), "unknown")


def parse_feed(xml: bytes, base_url: str) -> list[DiscoveredURL]:
    """Return the item links of an RSS (0.9x/1.0/2.0) or Atom feed, resolved against ``base_url``.

    Raises ``DocumentError`` when the document is not well-formed, declares entities,
    or is not a feed.
    """
    root = _parse_xml(xml)
    kind = _ROOT_KINDS.get(_local(root.tag))
    if kind == "rss":
        entries = (_rss_item(item, base_url) for item in _descendants(root, "item"))
    elif kind == "atom":
        entries = (_atom_entry(entry, base_url) for entry in _descendants(root, "entry"))
    else:
        raise DocumentError("NotFeed", f"root element <{_local(root.tag)}> is not rss or feed")
    return [entry for entry in entries if entry is not None]


def parse_sitemap(xml: bytes, base_url: str) -> tuple[list[DiscoveredURL], list[str]]:
    """Return ``(page URLs, child sitemap URLs)`` of a urlset or sitemapindex.

    Google News entries give ``news:publication_date`` as ``lastmod`` and ``news:title``
    as ``title``. Gzip bodies are accepted. Raises ``DocumentError`` like ``parse_feed``.
    """
    root = _parse_xml(xml)
    root_name = _local(root.tag)
    if root_name == "sitemapindex":
        children = [_resolve(base_url, loc) for loc in _locs(root, "sitemap")]
        return [], [child for child in children if child]
    if root_name != "urlset":
        raise DocumentError("NotSitemap", f"root element <{root_name}> is not urlset")
    pages: list[DiscoveredURL] = []
    for entry in _children(root, "url"):
        url = _resolve(base_url, _text(entry, "loc"))
        if not url:
            continue
        news = _child(entry, "news")
        published = _text(news, "publication_date") if news is not None else None
        pages.append(
            DiscoveredURL(
                url=url,
                source_url=base_url,
                kind="sitemap",
                lastmod=parse_lastmod(published or _text(entry, "lastmod")),
                title=_text(news, "title") if news is not None else None,
            )
        )
    return pages, []


def parse_lastmod(text: str | None) -> dt.datetime | dt.date | None:
    """Read a W3C/ISO 8601 or RFC 822 date; a time without an offset is kept as a date."""
    if not text:
        return None
    text = text.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo is not None else parsed.date()


def discover_urls(
    entry_urls: Sequence[str],
    settings: FetchSettings = DEFAULT_SETTINGS,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    max_sitemaps: int = 100,
) -> DiscoveryResult:
    """Fetch feeds and sitemaps from ``entry_urls`` and collect the page URLs they list.

    Sitemap indexes are followed breadth-first, each sitemap at most once; at most
    ``max_sitemaps`` documents (entry points included) are fetched, the rest become
    ``SitemapLimit`` errors. Never raises for a bad entry point: a failed fetch, a body
    that is neither feed nor sitemap, or refused XML is a ``PageError`` in ``errors``.
    Must not run inside an event loop (use ``discover_urls_async`` there).
    """

    async def run() -> DiscoveryResult:
        async with make_client(settings, transport) as client:
            return await discover_urls_async(
                entry_urls, settings, client=client, max_sitemaps=max_sitemaps
            )

    return asyncio.run(run())


async def discover_urls_async(
    entry_urls: Sequence[str],
    settings: FetchSettings = DEFAULT_SETTINGS,
    *,
    client: httpx.AsyncClient | None = None,
    max_sitemaps: int = 100,
) -> DiscoveryResult:
    """``discover_urls`` on a caller's client (or one made from ``settings``)."""
    if max_sitemaps < 1:
        raise ValueError(f"max_sitemaps must be >= 1, got {max_sitemaps}")
    xml_settings = replace(settings, accept=DISCOVERY_ACCEPT)
    if client is None:
        async with make_client(xml_settings) as own_client:
            return await _discover(entry_urls, xml_settings, own_client, max_sitemaps)
    return await _discover(entry_urls, xml_settings, client, max_sitemaps)


@dataclass
class _Discovery:
    entry_points: set[str] = field(default_factory=set)
    # robots.txt URL -> the home page that advertised no feed, for an error if it has none
    awaiting_robots: dict[str, str] = field(default_factory=dict)
    urls: dict[str, DiscoveredURL] = field(default_factory=dict)
    fetched: list[FetchedPage] = field(default_factory=list)
    errors: list[PageError] = field(default_factory=list)

    def error(self, url: str, error_class: str, message: str) -> None:
        self.errors.append(
            PageError(url=url, stage="fetch", error_class=error_class, message=message)
        )


async def _discover(
    entry_urls: Sequence[str], settings: FetchSettings, client: httpx.AsyncClient, limit: int
) -> DiscoveryResult:
    state = _Discovery(entry_points=set(entry_urls))
    queue = list(dict.fromkeys(entry_urls))
    seen = set(queue)
    while queue:
        budget = limit - len(state.fetched)
        if budget <= 0:
            for url in queue:
                state.error(url, "SitemapLimit", f"not fetched: max_sitemaps={limit} reached")
            break
        batch, queue = queue[:budget], queue[budget:]
        for page in await fetch_pages(batch, settings, client=client):
            state.fetched.append(page)
            for child in _read_document(page, state):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
    return DiscoveryResult(tuple(state.urls.values()), tuple(state.fetched), tuple(state.errors))


def _read_document(page: FetchedPage, state: _Discovery) -> list[str]:
    """Add the page URLs of one fetched document to ``state``; return child sitemap URLs."""
    looked_up_robots = (
        urlsplit(page.url).path == "/robots.txt" and page.url not in state.entry_points
    )
    if looked_up_robots:
        sitemaps = [] if page.body is None else robots_sitemaps(page.body, page.final_url)
        home = state.awaiting_robots.pop(page.url, None)
        if home is not None and not sitemaps:
            state.error(
                home,
                "NoFeedFound",
                "an HTML page that advertises no RSS/Atom feed, on a site whose robots.txt"
                " declares no sitemap",
            )
        return sitemaps
    if page.body is None or page.error_class is not None:
        state.error(page.url, page.error_class or "FetchError", page.error_message or "no body")
        return []
    kind = sniff_kind(page.body)
    children: list[str] = []
    if kind == "html" and page.url in state.entry_points:
        # A home page given as a source: follow its advertised feeds and the sitemaps
        # its robots.txt declares.
        feeds = feed_links(page.body, page.final_url)
        robots = urljoin(page.final_url, "/robots.txt")
        if not feeds:
            state.awaiting_robots[robots] = page.url
        return [*feeds, robots]
    try:
        if kind in ("rss", "atom"):
            found = parse_feed(page.body, page.final_url)
        elif kind in ("sitemap", "sitemapindex"):
            found, children = parse_sitemap(page.body, page.final_url)
        else:
            raise DocumentError(
                "NotXML", f"expected a feed or sitemap, got {kind} ({page.content_type})"
            )
    except DocumentError as exc:
        state.error(page.url, exc.error_class, str(exc))
        return []
    for entry in found:
        state.urls.setdefault(entry.url, entry)
    return children


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def feed_links(html: bytes, base_url: str) -> list[str]:
    """The feeds a page advertises with ``<link rel="alternate" type="application/rss+xml">``
    (or Atom), resolved against ``base_url``, in page order."""
    tree = LexborHTMLParser(html)
    found: list[str] = []
    for link in tree.css("link[href]"):
        rel = (link.attributes.get("rel") or "").lower().split()
        kind = (link.attributes.get("type") or "").lower().strip()
        href = link.attributes.get("href")
        if "alternate" in rel and kind in _FEED_TYPES[:2] and href:
            url = urljoin(base_url, href.strip())
            if url not in found:
                found.append(url)
    return found


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs a robots.txt declares."""
    found: list[str] = []
    for line in body.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = urljoin(base_url, value.strip())
            if url not in found:
                found.append(url)
    return found


def _parse_xml(xml: bytes) -> Element:
    if xml.startswith(_GZIP_MAGIC):
        xml = _gunzip(xml)
    try:
        root: Element = SafeElementTree.fromstring(
            xml, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise DocumentError("XMLForbidden", f"refused XML: {exc}") from None
    except ParseError as exc:
        raise DocumentError("InvalidXML", f"not well-formed XML: {exc}") from None
    return root


def _gunzip(data: bytes) -> bytes:
    decompressor = zlib.decompressobj(wbits=31)
    try:
        out = decompressor.decompress(data, MAX_XML_BYTES)
    except zlib.error as exc:
        raise DocumentError("BadGzip", f"cannot gunzip: {exc}") from None
    if decompressor.unconsumed_tail:
        raise DocumentError("TooLarge", f"gunzipped body exceeds {MAX_XML_BYTES} bytes")
    if not decompressor.eof:
        raise DocumentError("BadGzip", "cannot gunzip: the gzip stream is truncated")
    return out


def _rss_item(item: Element, base_url: str) -> DiscoveredURL | None:
    link = _text(item, "link")
    if not link:
        guid = _child(item, "guid")
        if guid is not None and guid.get("isPermaLink", "true").lower() != "false":
            link = (guid.text or "").strip()
    url = _resolve(base_url, link)
    if not url:
        return None
    when = _text(item, "pubdate") or _text(item, "date") or _text(item, "updated")
    return DiscoveredURL(url, base_url, "feed", parse_lastmod(when), _text(item, "title"))


def _atom_entry(entry: Element, base_url: str) -> DiscoveredURL | None:
    links = [link for link in _children(entry, "link") if link.get("href")]
    alternate = [link for link in links if link.get("rel", "alternate") == "alternate"]
    chosen = (alternate or links)[:1]
    url = _resolve(base_url, chosen[0].get("href") if chosen else None)
    if not url:
        return None
    when = _text(entry, "updated") or _text(entry, "published")
    return DiscoveredURL(url, base_url, "feed", parse_lastmod(when), _text(entry, "title"))


def _locs(root: Element, parent: str) -> Iterator[str | None]:
    for entry in _children(root, parent):
        yield _text(entry, "loc")


def _resolve(base_url: str, link: str | None) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    try:
        return urljoin(base_url, link)
    except ValueError:  # e.g. a malformed IPv6 host; one bad link must not sink the feed
        return ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _children(element: Element, name: str) -> Iterator[Element]:
    return (child for child in element if _local(child.tag) == name)


def _descendants(element: Element, name: str) -> Iterator[Element]:
    return (
        child
        for child in element.iter()
        if isinstance(child.tag, str) and _local(child.tag) == name
    )


def _child(element: Element, name: str) -> Element | None:
    return next(_children(element, name), None)


def _text(element: Element | None, name: str) -> str | None:
    child = _child(element, name) if element is not None else None
    text = (child.text or "").strip() if child is not None else ""
    return text or None
