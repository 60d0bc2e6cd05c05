from __future__ import annotations

import pytest

from tasks.urls import canonicalize_url, choose_canonical, same_site, site_of


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG:443/a/b/", "https://example.org/a/b"),
        ("http://example.org:80/", "http://example.org/"),
        ("http://example.org:8080/x", "http://example.org:8080/x"),
        ("https://example.org/story/?utm_source=rss&utm_medium=feed", "https://example.org/story"),
        ("https://example.org/s?b=2&a=1&fbclid=XYZ#comments", "https://example.org/s?a=1&b=2"),
        ("https://example.org/news/index.html", "https://example.org/news"),
        (
            "https://example.org/?ref=home&id=7&gclid=1&mc_cid=2&mc_eid=3&_ga=4",
            "https://example.org/?id=7",
        ),
        ("https://example.org/q?empty=", "https://example.org/q?empty="),
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonicalize_url_keeps_non_http_urls_but_drops_the_fragment() -> None:
    assert canonicalize_url("file:///tmp/a.html#x") == "file:///tmp/a.html"


def test_configurable_tracking_list() -> None:
    assert canonicalize_url("https://e.org/?src=x&id=1", tracking=frozenset({"src"})) == (
        "https://e.org/?id=1"
    )


def test_sites() -> None:
    assert site_of("https://www.Example.org/a") == "example.org"
    assert same_site("https://www.example.org/a", "http://example.org/b")
    assert not same_site("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a")


def test_choose_canonical_honours_same_site_only() -> None:
    page = "https://www.example.org/2014/12/03/story/?utm_source=rss"
    assert (
        choose_canonical(page, "/2014/12/03/story/") == "https://www.example.org/2014/12/03/story"
    )
    # A canonical on another site is syndication evidence, not this page's identity.
    assert choose_canonical(page, "https://other.example/story") == (
        "https://www.example.org/2014/12/03/story"
    )
    assert choose_canonical(page, None) == "https://www.example.org/2014/12/03/story"


def test_choose_canonical_for_saved_files_takes_the_declared_address() -> None:
    assert choose_canonical("file:///data/a.html", "https://news.example/a/") == (
        "https://news.example/a"
    )
