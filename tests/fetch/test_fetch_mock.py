"""tasks.fetch at its transport seam: failures a local server cannot produce (DNS, TLS)."""

from __future__ import annotations

import asyncio

import httpx

from tasks.fetch import FetchSettings, fetch_pages, fetch_pages_sync

from .fetch_server import unpaced

FAST = unpaced(backoff_base=0.001, backoff_max=0.01)


def test_dns_failure_is_a_retried_connect_error() -> None:
    calls: list[str] = []

    def resolve_nothing(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    [page] = fetch_pages_sync(
        ["https://nowhere.invalid/a"], FAST, transport=httpx.MockTransport(resolve_nothing)
    )
    assert (page.error_class, page.attempt, page.body) == ("ConnectError", 3, None)
    assert page.error_message == "ConnectError: [Errno -2] Name or service not known"
    assert calls == ["https://nowhere.invalid/a"] * 3


def test_invalid_urls_never_reach_the_transport() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"unexpected request to {request.url}")

    urls = ["javascript:alert(1)", "data:text/html,hi", "http://", "https://[::1"]
    pages = fetch_pages_sync(urls, FAST, transport=httpx.MockTransport(fail))
    assert [page.error_class for page in pages] == ["InvalidURL"] * 4


def test_read_error_mid_body_is_retried_then_recovers() -> None:
    attempts: list[int] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            raise httpx.ReadError("connection reset by peer", request=request)
        return httpx.Response(200, html="<html><body>ok</body></html>")

    [page] = fetch_pages_sync(["http://news.test/a"], FAST, transport=httpx.MockTransport(flaky))
    assert page.ok and page.attempt == 2


def test_http_date_retry_after_falls_back_to_backoff() -> None:
    hits: list[int] = []

    def busy_once(request: httpx.Request) -> httpx.Response:
        hits.append(1)
        if len(hits) == 1:
            return httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
        return httpx.Response(200, html="<html></html>")

    [page] = fetch_pages_sync(["http://news.test/"], FAST, transport=httpx.MockTransport(busy_once))
    assert page.ok and page.attempt == 2


def test_callers_client_is_used_and_left_open() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["User-Agent"])
        return httpx.Response(200, html="<!doctype html><p>x</p>")

    async def run() -> bool:
        settings = unpaced(user_agent="desk-bot/1")
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
            [page] = await fetch_pages(["http://news.test/"], settings, client=client)
            assert page.ok
            return client.is_closed

    assert asyncio.run(run()) is False
    assert seen == ["desk-bot/1"]


def test_xhtml_is_html_and_accept_can_be_widened() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        kind = "application/xhtml+xml" if request.url.path == "/x" else "application/xml"
        return httpx.Response(
            200, content=b"<?xml version='1.0'?><a/>", headers={"Content-Type": kind}
        )

    transport = httpx.MockTransport(answer)
    xhtml, xml = fetch_pages_sync(["http://n.test/x", "http://n.test/y"], FAST, transport=transport)
    assert xhtml.ok
    assert xml.error_class == "NotHTML"
    wide = unpaced(accept=("application/xml",))
    [xml_again] = fetch_pages_sync(["http://n.test/y"], wide, transport=transport)
    assert xml_again.ok


def test_bad_settings_raise_with_the_field_name() -> None:
    try:
        FetchSettings(per_host_concurrency=0)
    except ValueError as exc:
        assert "per_host_concurrency" in str(exc)
    else:
        raise AssertionError("FetchSettings accepted per_host_concurrency=0")
