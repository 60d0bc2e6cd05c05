"""tasks.discover end to end: feeds and sitemaps served by the real local server."""

from __future__ import annotations

import datetime as dt

from tasks.discover import discover_urls

from .fetch_server import LocalServer, unpaced

FAST = unpaced(connect_timeout=1.0, read_timeout=1.0, backoff_base=0.01, backoff_max=0.05)


def test_rss_and_atom_feeds_give_unique_urls_in_order(server: LocalServer) -> None:
    rss, atom = server.url("/feeds/rss.xml"), server.url("/feeds/atom.xml")
    result = discover_urls([rss, atom], FAST)
    assert [found.url for found in result.urls] == [
        server.url("/news/first"),
        "http://news.test/news/second",
        server.url("/news/atom-one"),  # the alternate link, not rel=self
    ]
    first, _, atom_one = result.urls
    assert (first.source_url, first.kind, first.title) == (rss, "feed", "First story")
    assert first.lastmod == dt.datetime(2024, 3, 5, 9, 0, tzinfo=dt.UTC)
    assert atom_one.lastmod == dt.datetime(2024, 3, 6, 8, 30, tzinfo=dt.UTC)
    assert atom_one.source_url == atom
    assert [page.url for page in result.fetched] == [rss, atom]
    assert result.errors == ()


def test_sitemap_index_is_followed_into_plain_gzip_and_news_sitemaps(
    server: LocalServer,
) -> None:
    index = server.url("/sitemaps/index.xml")
    result = discover_urls([index], FAST)
    assert [found.url for found in result.urls] == [
        server.url("/news/s1"),
        server.url("/news/s2"),
        server.url("/news/gz1"),  # /news/s1 again in the gzip sitemap: first seen wins
        server.url("/news/breaking"),
    ]
    by_url = {found.url: found for found in result.urls}
    assert by_url[server.url("/news/s1")].lastmod == dt.date(2024, 3, 1)
    assert by_url[server.url("/news/s1")].source_url == server.url("/sitemaps/pages.xml")
    breaking = by_url[server.url("/news/breaking")]
    assert breaking.title == "Breaking: café opens"
    assert breaking.lastmod == dt.datetime(2024, 3, 7, 5, 15, tzinfo=dt.UTC)
    assert breaking.kind == "sitemap"
    assert [page.url for page in result.fetched] == [
        index,
        server.url("/sitemaps/pages.xml"),
        server.url("/sitemaps/pages.xml.gz"),
        server.url("/sitemaps/news.xml"),
    ]
    assert result.errors == ()


def test_sitemap_loops_fetch_each_sitemap_once(server: LocalServer) -> None:
    result = discover_urls([server.url("/sitemaps/loop.xml")], FAST)
    assert [page.url.rsplit("/", 1)[1] for page in result.fetched] == [
        "loop.xml",
        "loop-b.xml",
        "pages.xml",
    ]
    assert [found.url for found in result.urls] == [
        server.url("/news/s1"),
        server.url("/news/s2"),
    ]
    assert result.errors == ()


def test_max_sitemaps_bounds_the_walk(server: LocalServer) -> None:
    result = discover_urls([server.url("/sitemaps/index.xml")], FAST, max_sitemaps=2)
    assert len(result.fetched) == 2
    assert [error.error_class for error in result.errors] == ["SitemapLimit", "SitemapLimit"]
    assert [error.url for error in result.errors] == [
        server.url("/sitemaps/pages.xml.gz"),
        server.url("/sitemaps/news.xml"),
    ]


def test_bad_entry_points_are_errors_not_exceptions(server: LocalServer) -> None:
    entries = {
        "/xml/bomb.xml": "XMLForbidden",
        "/xml/broken.xml": "InvalidXML",
        "/feeds/missing.xml": "HTTPStatus",
        "/page": "NoFeedFound",
        "/image.png": "UnexpectedType",
    }
    result = discover_urls([server.url(path) for path in entries], FAST)
    assert result.urls == ()
    # Every entry point, plus the robots.txt an HTML page sends discovery to.
    assert len(result.fetched) == len(entries) + 1
    assert result.fetched[-1].url == server.url("/robots.txt")
    # The page's error comes once its robots.txt has been read, after the others.
    assert sorted((error.url, error.error_class) for error in result.errors) == sorted(
        (server.url(path), error_class) for path, error_class in entries.items()
    )
    assert all(error.stage == "fetch" and error.message for error in result.errors)


def test_feed_served_as_html_is_still_read(server: LocalServer) -> None:
    result = discover_urls([server.url("/feeds/rss-as-html")], FAST)
    assert [found.url for found in result.urls][:1] == [server.url("/news/first")]
    assert result.errors == ()


def test_a_home_page_leads_to_its_feeds_and_robots_sitemaps() -> None:
    from demo.server import load_truth, serve_demo_site
    from tasks.discover import discover_urls
    from tasks.fetch import FetchSettings

    with serve_demo_site() as site:
        ledger_home = site.local_url("https://www.tidewaterledger.example/")
        courier_home = site.local_url("https://news.meridiancourier.example/")
        result = discover_urls([ledger_home, courier_home], FetchSettings(per_host_delay=0))
        fetched = [p.url for p in result.fetched]
        # The Ledger's home advertises its RSS feed; its robots.txt names its sitemap.
        assert site.local_url("https://www.tidewaterledger.example/feed/") in fetched
        assert site.local_url("https://www.tidewaterledger.example/sitemap.xml") in fetched
        urls = {site.fictional_url(d.url).split("?")[0] for d in result.urls}
    truth = {t["url"] for t in load_truth() if t["kind"] in ("article", "missing")}
    for outlet in ("https://www.tidewaterledger.example/", "https://news.meridiancourier.example/"):
        expected = {u for u in truth if u.startswith(outlet)}
        assert expected and expected <= urls, outlet
    assert not result.errors
