"""Conditional GET, decompression limits, charset and redirect chains on a real server."""

from __future__ import annotations

from tasks.fetch import fetch_pages_sync
from tasks.records import FetchedPage

from .fetch_server import HTML_PAGE, LocalServer, unpaced

FAST = unpaced(connect_timeout=1.0, read_timeout=1.0, backoff_base=0.01, backoff_max=0.05)


def header(page: FetchedPage, name: str) -> str | None:
    return next((value for key, value in page.headers if key == name), None)


def test_validators_are_sent_and_304_is_not_modified_not_an_error(server: LocalServer) -> None:
    path = f"/cond/{server.token()}"
    url = server.url(path)
    [first] = fetch_pages_sync([url], FAST)
    assert first.ok and first.body == HTML_PAGE
    etag, modified = header(first, "etag"), header(first, "last-modified")
    assert etag == '"v1"' and modified is not None

    [second] = fetch_pages_sync([url], FAST, validators={url: (etag, modified)})
    assert second.not_modified
    assert (second.status, second.body, second.error_class) == (304, None, None)
    assert not second.ok  # nothing to parse: callers check not_modified first
    assert second.attempt == 1
    assert server.state.conditionals[path] == [(None, None), (etag, modified)]


def test_last_modified_alone_gives_304(server: LocalServer) -> None:
    path = f"/cond/{server.token()}"
    url = server.url(path)
    modified = "Wed, 21 Oct 2015 07:28:00 GMT"
    [page] = fetch_pages_sync([url], FAST, validators={url: (None, modified)})
    assert page.not_modified and page.error_class is None
    assert server.state.conditionals[path] == [(None, modified)]


def test_stale_validators_get_the_full_page(server: LocalServer) -> None:
    url = server.url(f"/cond/{server.token()}")
    [page] = fetch_pages_sync([url], FAST, validators={url: ('"v0"', None)})
    assert page.ok and page.status == 200 and not page.not_modified


def test_gzip_bomb_is_too_large_decompressed(server: LocalServer) -> None:
    settings = unpaced(max_bytes=100_000, max_decompressed_bytes=200_000, max_attempts=1)
    [page] = fetch_pages_sync([server.url("/gzip-bomb?size=5000000")], settings)
    assert (page.status, page.body, page.error_class) == (200, None, "TooLarge")
    assert page.error_message is not None and "decompressed" in page.error_message


def test_gzip_page_under_the_cap_is_decoded(server: LocalServer) -> None:
    settings = unpaced(max_decompressed_bytes=len(HTML_PAGE))
    [page] = fetch_pages_sync([server.url("/gzip-page")], settings)
    assert page.ok and page.body == HTML_PAGE


def test_deflate_with_and_without_zlib_wrapper_is_decoded(server: LocalServer) -> None:
    pages = fetch_pages_sync([server.url("/deflate"), server.url("/deflate?raw=1")], FAST)
    assert [page.body for page in pages] == [HTML_PAGE, HTML_PAGE]


def test_charset_stays_in_content_type(server: LocalServer) -> None:
    [page] = fetch_pages_sync([server.url("/latin1")], FAST)
    assert page.ok
    assert page.content_type == "text/html; charset=ISO-8859-1"
    assert page.body is not None and "déjà" in page.body.decode("latin-1")


def test_redirect_chain_is_recorded(server: LocalServer) -> None:
    direct, redirected = fetch_pages_sync([server.url("/page"), server.url("/redirect/2")], FAST)
    assert direct.redirects == ()
    assert redirected.ok and redirected.final_url == server.url("/page")
    assert redirected.redirects == tuple(server.url(f"/redirect/{n}") for n in (2, 1, 0))
