"""tasks.fetch against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket

import pytest

from tasks.fetch import (
    FetchSettings,
    fetch_pages,
    fetch_pages_sync,
    fetch_pages_with_attempts,
    make_client,
    tls_context,
)
from tasks.records import FetchedPage

from .fetch_server import HTML_PAGE, LocalServer, unpaced

# Small limits keep the suite fast; retries still happen, just quickly.
FAST = unpaced(
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=5.0,
    backoff_base=0.01,
    backoff_max=0.05,
)


def fetch_one(url: str, settings: FetchSettings = FAST) -> FetchedPage:
    [page] = fetch_pages_sync([url], settings)
    return page


def test_html_page_is_returned_with_body_status_and_headers(server: LocalServer) -> None:
    url = server.url("/page")
    page = fetch_one(url)
    assert page.ok
    assert page.body == HTML_PAGE
    assert "Zoë\u2019s naïve café — 東京" in page.body.decode("utf-8")
    assert (page.url, page.final_url, page.status, page.attempt) == (url, url, 200, 1)
    assert page.content_type == "text/html; charset=utf-8"
    assert ("content-type", "text/html; charset=utf-8") in page.headers
    assert page.fetched_at.tzinfo is dt.UTC
    assert page.elapsed_ms > 0


def test_user_agent_from_settings_is_sent(server: LocalServer) -> None:
    path = f"/busy/{server.token()}"
    fetch_one(server.url(path + "?hold=0"), unpaced(user_agent="pressroom-test/9"))
    assert "pressroom-test/9" in server.state.user_agents


def test_redirect_chain_is_followed_and_final_url_recorded(server: LocalServer) -> None:
    page = fetch_one(server.url("/redirect/3"))
    assert page.ok
    assert page.final_url == server.url("/page")
    assert page.url == server.url("/redirect/3")
    assert page.status == 200


@pytest.mark.parametrize(("hops", "ok"), [(5, True), (6, False)])
def test_max_redirects_is_the_limit(server: LocalServer, hops: int, ok: bool) -> None:
    # /redirect/N answers N+1 redirects in total (the last one to /page).
    page = fetch_one(server.url(f"/redirect/{hops - 1}"), FAST)
    assert page.ok is ok
    if not ok:
        assert page.error_class == "TooManyRedirects"
        assert page.body is None
        assert page.status == 301


def test_redirect_loop_is_too_many_redirects(server: LocalServer) -> None:
    page = fetch_one(server.url("/loop/a"))
    assert page.error_class == "TooManyRedirects"
    assert page.error_message is not None and "more than 5 redirects" in page.error_message
    assert page.body is None
    assert page.attempt == 1  # not retried


def test_redirect_to_ftp_is_invalid_url(server: LocalServer) -> None:
    page = fetch_one(server.url("/redirect-ftp"))
    assert page.error_class == "InvalidURL"
    assert page.body is None


def test_404_is_a_record_not_retried(server: LocalServer) -> None:
    path = f"/status/404?{server.token()}"
    page = fetch_one(server.url(path))
    assert (page.status, page.body, page.error_class) == (404, None, "HTTPStatus")
    assert page.error_message == "HTTP 404 Not Found"
    assert page.attempt == 1
    assert server.state.paths.count(path) == 1


def test_500_twice_then_200_succeeds_on_third_attempt(server: LocalServer) -> None:
    path = f"/flaky/{server.token()}"
    [attempts] = asyncio.run(fetch_pages_with_attempts([server.url(path + "?fails=2")], FAST))
    assert [page.status for page in attempts] == [500, 500, 200]
    assert [page.attempt for page in attempts] == [1, 2, 3]
    assert [page.error_class for page in attempts] == ["HTTPStatus", "HTTPStatus", None]
    assert attempts[0].error_message == "HTTP 500 Internal Server Error"
    assert attempts[-1].body == HTML_PAGE
    assert server.hits(path) == 3


def test_retries_stop_at_max_attempts(server: LocalServer) -> None:
    path = f"/flaky/{server.token()}"
    page = fetch_one(server.url(path + "?fails=5&code=502"))
    assert (page.status, page.error_class, page.attempt) == (502, "HTTPStatus", 3)
    assert server.hits(path) == 3


def test_retry_after_is_honoured(server: LocalServer) -> None:
    path = f"/retry-after/{server.token()}"
    settings = unpaced(backoff_base=0.01, backoff_max=8.0)
    [attempts] = asyncio.run(fetch_pages_with_attempts([server.url(path + "?after=1")], settings))
    assert [page.status for page in attempts] == [503, 200]
    waited = (attempts[1].fetched_at - attempts[0].fetched_at).total_seconds()
    assert waited >= 1.0


def test_retry_after_is_capped_at_backoff_max(server: LocalServer) -> None:
    path = f"/retry-after/{server.token()}"
    settings = unpaced(backoff_base=0.01, backoff_max=0.1)
    [attempts] = asyncio.run(fetch_pages_with_attempts([server.url(path + "?after=30")], settings))
    assert [page.status for page in attempts] == [503, 200]
    assert attempts[-1].attempt == 2
    assert (attempts[1].fetched_at - attempts[0].fetched_at).total_seconds() < 5


def test_429_is_retried_until_max_attempts(server: LocalServer) -> None:
    path = f"/status/429?{server.token()}"
    page = fetch_one(server.url(path))
    assert (page.status, page.error_class, page.attempt) == (429, "HTTPStatus", 3)
    assert page.error_message == "HTTP 429 Too Many Requests"
    assert server.state.paths.count(path) == 3


def test_slow_answer_is_a_read_timeout(server: LocalServer) -> None:
    settings = unpaced(read_timeout=0.1, max_attempts=1)
    page = fetch_one(server.url("/slow?seconds=0.4"), settings)
    assert (page.status, page.body, page.error_class) == (None, None, "Timeout")
    assert page.error_message is not None and "ReadTimeout" in page.error_message


def test_total_timeout_bounds_the_whole_attempt(server: LocalServer) -> None:
    settings = unpaced(read_timeout=5.0, total_timeout=0.1, max_attempts=1)
    page = fetch_one(server.url("/slow?seconds=0.4"), settings)
    assert page.error_class == "Timeout"
    assert page.error_message is not None and "total_timeout" in page.error_message


def test_timeouts_are_retried(server: LocalServer) -> None:
    settings = unpaced(read_timeout=0.1, max_attempts=2, backoff_base=0.01)
    page = fetch_one(server.url("/slow?seconds=0.3"), settings)
    assert (page.error_class, page.attempt) == ("Timeout", 2)


def test_image_is_not_html_and_keeps_no_body(server: LocalServer) -> None:
    page = fetch_one(server.url("/image.png"))
    assert (page.status, page.body, page.error_class) == (200, None, "NotHTML")
    assert page.content_type == "image/png"
    assert page.error_message is not None and "image/png" in page.error_message


@pytest.mark.parametrize("length", ["yes", "no"])
def test_body_over_max_bytes_is_too_large(server: LocalServer, length: str) -> None:
    settings = unpaced(max_bytes=10_000)
    page = fetch_one(server.url(f"/big?size=50000&length={length}"), settings)
    assert (page.status, page.body, page.error_class) == (200, None, "TooLarge")
    assert page.attempt == 1


def test_body_under_max_bytes_is_kept(server: LocalServer) -> None:
    page = fetch_one(server.url("/big?size=5000&length=no"), unpaced(max_bytes=10_000))
    assert page.ok
    assert page.body is not None and len(page.body) == 5000 + len(b"<html><body></body></html>")


def test_missing_content_type_is_sniffed(server: LocalServer) -> None:
    html, binary = fetch_pages_sync(
        [server.url("/no-type-html"), server.url("/no-type-binary")], FAST
    )
    assert html.ok and html.body == HTML_PAGE and html.content_type is None
    assert (binary.body, binary.error_class) == (None, "NotHTML")


def test_connection_refused_is_a_retried_connect_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    page = fetch_one(f"http://127.0.0.1:{port}/")
    assert (page.status, page.body, page.error_class, page.attempt) == (
        None,
        None,
        "ConnectError",
        3,
    )


def test_non_http_urls_make_no_request(server: LocalServer) -> None:
    bad = ["ftp://127.0.0.1/page", "file:///etc/passwd", "mailto:desk@news.test", "/page", ""]
    before = len(server.state.paths)
    pages = fetch_pages_sync([*bad, server.url("/page")], FAST)
    assert [page.error_class for page in pages] == ["InvalidURL"] * len(bad) + [None]
    assert [page.url for page in pages[:-1]] == bad
    assert all(page.attempt == 1 and page.body is None for page in pages[:-1])
    assert server.state.paths[before:] == ["/page"]


def test_results_keep_input_order(server: LocalServer) -> None:
    token = server.token()
    holds = [0.3, 0.0, 0.2, 0.0, 0.1]
    urls = [server.url(f"/busy/{token}-{i}?hold={hold}") for i, hold in enumerate(holds)]
    urls.insert(2, server.url("/status/404"))
    pages = fetch_pages_sync(urls, FAST)
    assert [page.url for page in pages] == urls
    assert pages[2].status == 404


def test_per_host_concurrency_is_respected(server: LocalServer) -> None:
    path = f"/busy/{server.token()}"
    settings = unpaced(concurrency=16, per_host_concurrency=3)
    pages = fetch_pages_sync([server.url(f"{path}?hold=0.1&n={i}") for i in range(9)], settings)
    assert all(page.ok for page in pages)
    assert server.peak(path) == 3


def test_global_concurrency_spans_hosts(server: LocalServer) -> None:
    path = f"/busy/{server.token()}"
    port = server.base_url.rsplit(":", 1)[1]
    hosts = [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]
    urls = [f"{hosts[i % 2]}{path}?hold=0.1&n={i}" for i in range(12)]
    settings = unpaced(concurrency=4, per_host_concurrency=3)
    pages = fetch_pages_sync(urls, settings)
    assert all(page.ok for page in pages)
    assert server.peak(path) == 4
    assert server.peak(f"{path}@127.0.0.1") <= 3
    assert server.peak(f"{path}@localhost") <= 3


def test_fetch_pages_with_own_client_is_async(server: LocalServer) -> None:
    async def run() -> list[FetchedPage]:
        return await fetch_pages([server.url("/page"), server.url("/status/404")], FAST)

    ok, missing = asyncio.run(run())
    assert ok.ok and missing.status == 404


def test_clients_share_one_tls_context(server: LocalServer) -> None:
    """Building TLS settings loads the whole root store (~0.1 s of CPU); a run makes a
    client per batch, so every client of the process reuses the first one's."""
    first, second = make_client(FAST), make_client(FAST)
    contexts = {
        id(pool._pool._ssl_context)
        for client in (first, second)
        for pool in client._transport._pools  # type: ignore[attr-defined]
    }
    assert contexts == {id(tls_context())}
    for client in (first, second):
        asyncio.run(client.aclose())
    assert fetch_one(server.url("/page")).ok  # and a fetch made after still works
