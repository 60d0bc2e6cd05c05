"""Pure parsing in tasks.discover: bytes in, DiscoveredURL records out."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from tasks.discover import (
    MAX_XML_BYTES,
    DiscoveredURL,
    DocumentError,
    parse_feed,
    parse_lastmod,
    parse_sitemap,
    sniff_kind,
)

BASE = "https://news.test/feeds/main.xml"

RSS = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><title> Relative </title><link>../world/a</link>
  <pubDate>Mon, 04 Mar 2024 18:00:00 GMT</pubDate></item>
<item><title>Guid only</title><guid>https://news.test/world/b</guid>
  <pubDate>Mon, 04 Mar 2024 18:00:00 -0000</pubDate></item>
<item><title>Not a permalink</title><guid isPermaLink="false">tag:123</guid></item>
<item><title>DC date</title><link>https://news.test/world/c</link>
  <dc:date>2024-03-04T20:00:00+02:00</dc:date></item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://news.test/"><title>RDF</title></channel>
<item rdf:about="https://news.test/r1"><title>R1</title><link>https://news.test/r1</link></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>Alt</title><link rel="self" href="/self/1"/><link href="/story/1"/>
  <published>2024-03-01T10:00:00+01:00</published></entry>
<entry><title>Only related</title><link rel="related" href="https://other.test/x"/></entry>
<entry><title>No link</title></entry>
</feed>"""

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc> https://news.test/a </loc><lastmod>2024-03-01</lastmod></url>
<url><loc>https://news.test/b</loc><lastmod>2024-03-01T12:00:00</lastmod></url>
<url><lastmod>2024-03-01</lastmod></url>
</urlset>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.test/n1</loc><lastmod>2024-01-01</lastmod>
<news:news><news:publication><news:name>N</news:name><news:language>de</news:language>
</news:publication><news:publication_date>2024-03-07</news:publication_date>
<news:title>Stra\xc3\x9fenbahn f\xc3\xa4hrt wieder</news:title></news:news></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.test/sitemap-1.xml</loc></sitemap>
<sitemap><loc>/sitemap-2.xml.gz</loc><lastmod>2024-03-01</lastmod></sitemap>
</sitemapindex>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss><channel><item><link>&lol2;</link></item></channel></rss>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>&xxe;</loc></url></urlset>"""


def test_rss_links_are_resolved_with_titles_and_dates() -> None:
    found = parse_feed(RSS, BASE)
    assert [item.url for item in found] == [
        "https://news.test/world/a",
        "https://news.test/world/b",
        "https://news.test/world/c",
    ]
    assert found[0] == DiscoveredURL(
        url="https://news.test/world/a",
        source_url=BASE,
        kind="feed",
        lastmod=dt.datetime(2024, 3, 4, 18, 0, tzinfo=dt.UTC),
        title="Relative",
    )
    # "-0000" means "offset unknown": only the date is kept, no time is invented.
    assert found[1].lastmod == dt.date(2024, 3, 4)
    assert found[2].lastmod == dt.datetime(2024, 3, 4, 18, 0, tzinfo=dt.UTC)


def test_rss_1_0_items_are_read() -> None:
    assert [item.url for item in parse_feed(RSS1, BASE)] == ["https://news.test/r1"]


def test_atom_prefers_the_alternate_link() -> None:
    found = parse_feed(ATOM, BASE)
    assert [(item.url, item.title) for item in found] == [
        ("https://news.test/story/1", "Alt"),
        ("https://other.test/x", "Only related"),
    ]
    assert found[0].lastmod == dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_urlset_gives_pages_and_no_children() -> None:
    pages, children = parse_sitemap(URLSET, "https://news.test/sitemap.xml")
    assert children == []
    assert [(page.url, page.lastmod, page.kind) for page in pages] == [
        ("https://news.test/a", dt.date(2024, 3, 1), "sitemap"),
        ("https://news.test/b", dt.date(2024, 3, 1), "sitemap"),
    ]


def test_gzip_urlset_is_accepted() -> None:
    pages, _ = parse_sitemap(gzip.compress(URLSET), "https://news.test/sitemap.xml.gz")
    assert [page.url for page in pages] == ["https://news.test/a", "https://news.test/b"]


def test_google_news_sitemap_gives_publication_date_and_title() -> None:
    [page], _ = parse_sitemap(NEWS, "https://news.test/news.xml")
    assert page.lastmod == dt.date(2024, 3, 7)
    assert page.title == "Straßenbahn fährt wieder"


def test_sitemap_index_gives_children_resolved() -> None:
    pages, children = parse_sitemap(INDEX, "https://news.test/sitemap_index.xml")
    assert pages == []
    assert children == ["https://news.test/sitemap-1.xml", "https://news.test/sitemap-2.xml.gz"]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (RSS, "rss"),
        (RSS1, "rss"),
        (ATOM, "atom"),
        (URLSET, "sitemap"),
        (NEWS, "sitemap"),
        (gzip.compress(URLSET), "sitemap"),
        (INDEX, "sitemapindex"),
        (b"<!-- <rss> --><!DOCTYPE html><html><body></body></html>", "html"),
        (b"\xef\xbb\xbf<html lang='en'><p>x</p></html>", "html"),
        (b'{"json": true}', "unknown"),
        (b"\x1f\x8bnot really gzip", "unknown"),
        (b"", "unknown"),
    ],
)
def test_sniff_kind(body: bytes, kind: str) -> None:
    assert sniff_kind(body) == kind


@pytest.mark.parametrize(
    ("body", "error_class"),
    [
        (BOMB, "XMLForbidden"),
        (EXTERNAL, "XMLForbidden"),
        (b"<rss><channel><item>", "InvalidXML"),
        (b"\x1f\x8b\x08\x00broken", "BadGzip"),
    ],
)
def test_unsafe_or_broken_xml_is_a_document_error(body: bytes, error_class: str) -> None:
    for parse in (parse_feed, parse_sitemap):
        with pytest.raises(DocumentError) as caught:
            parse(body, BASE)
        assert caught.value.error_class == error_class


def test_gzip_bomb_is_too_large() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (MAX_XML_BYTES + 1) + b"</urlset>")
    with pytest.raises(DocumentError) as caught:
        parse_sitemap(bomb, BASE)
    assert caught.value.error_class == "TooLarge"


def test_wrong_root_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match="not urlset"):
        parse_sitemap(RSS, BASE)
    with pytest.raises(DocumentError, match="not rss or feed"):
        parse_feed(URLSET, BASE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("2024-03-01T10:00:00Z", dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC)),
        ("2024-03-01T10:00:00", dt.date(2024, 3, 1)),
        ("Fri, 01 Mar 2024 10:00:00 +0000", dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_lastmod(text: str | None, expected: dt.date | None) -> None:
    assert parse_lastmod(text) == expected
