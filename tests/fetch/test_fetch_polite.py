"""robots.txt and per-origin request spacing, against real servers on 127.0.0.1.

Spacing is measured where it matters, on the server: the arrival times of requests.
A small allowance (``SLACK``) covers the loopback latency that differs between two
requests (and thread scheduling on a busy machine); the delays are 0.3 s, enough to
tell pacing from none while keeping the suite fast.
"""

from __future__ import annotations

import asyncio
import socket

from tasks.fetch import Fetcher, FetchSettings, fetch_pages_sync
from tasks.records import FetchedPage

from .fetch_server import LocalServer, unpaced

SLACK = 0.1  # generous: other suites may load the machine; without pacing gaps are ~0
POLITE = FetchSettings(per_host_delay=0.0, connect_timeout=1.0, read_timeout=1.0)


def test_disallowed_urls_make_no_request(fresh_server: LocalServer) -> None:
    fresh_server.state.robots = (200, "User-agent: *\nDisallow: /private\n")
    urls = [fresh_server.url("/private/a"), fresh_server.url("/page"), fresh_server.url("/private")]
    blocked, allowed, blocked_too = fetch_pages_sync(urls, POLITE)
    assert allowed.ok
    for page in (blocked, blocked_too):
        assert (page.error_class, page.status, page.body) == ("RobotsDisallowed", None, None)
        assert page.error_message is not None and "disallows" in page.error_message
    assert fresh_server.hits("/private/a") == 0
    assert fresh_server.hits("/private") == 0
    assert fresh_server.hits("/robots.txt") == 1


def test_robots_txt_is_fetched_once_per_origin(fresh_server: LocalServer) -> None:
    fresh_server.state.robots = (200, "User-agent: *\nAllow: /\n")
    pages = fetch_pages_sync([fresh_server.url(f"/page?n={i}") for i in range(8)], POLITE)
    assert all(page.ok for page in pages)
    assert fresh_server.hits("/robots.txt") == 1


def test_our_product_token_group_wins_over_star(fresh_server: LocalServer) -> None:
    fresh_server.state.robots = (
        200,
        "User-agent: otherbot\nDisallow: /\n\nUser-agent: Pressroom\nDisallow: /page\n\n"
        "User-agent: *\nDisallow: /\n",
    )
    ours, theirs = (
        fetch_pages_sync([fresh_server.url("/page"), fresh_server.url("/gzip-page")], POLITE),
        fetch_pages_sync(
            [fresh_server.url("/page")], FetchSettings(per_host_delay=0.0, user_agent="otherbot/2")
        ),
    )
    assert [page.error_class for page in ours] == ["RobotsDisallowed", None]
    assert [page.error_class for page in theirs] == ["RobotsDisallowed"]
    assert fresh_server.hits("/page") == 0


def test_robots_404_allows_everything(fresh_server: LocalServer) -> None:
    [page] = fetch_pages_sync([fresh_server.url("/page")], POLITE)
    assert page.ok
    assert fresh_server.hits("/robots.txt") == 1


def test_robots_500_disallows_the_origin_for_the_session(fresh_server: LocalServer) -> None:
    fresh_server.state.robots = (500, "oops")
    pages = fetch_pages_sync([fresh_server.url("/page"), fresh_server.url("/gzip-page")], POLITE)
    assert [page.error_class for page in pages] == ["RobotsDisallowed"] * 2
    message = pages[0].error_message or ""
    assert "HTTP 500" in message and "disallowed for this session" in message
    assert fresh_server.hits("/page") == 0
    assert fresh_server.hits("/robots.txt") == 1


def test_unreachable_robots_disallows_with_the_reason() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    [page] = fetch_pages_sync([f"http://127.0.0.1:{port}/a"], POLITE)
    assert page.error_class == "RobotsDisallowed"
    assert page.error_message is not None and "ConnectError" in page.error_message


def test_obey_robots_false_skips_robots_txt(fresh_server: LocalServer) -> None:
    fresh_server.state.robots = (200, "User-agent: *\nDisallow: /\n")
    [page] = fetch_pages_sync([fresh_server.url("/page")], unpaced())
    assert page.ok
    assert fresh_server.hits("/robots.txt") == 0


def test_crawl_delay_spaces_requests_to_the_origin(fresh_server: LocalServer) -> None:
    fresh_server.state.robots = (200, "User-agent: *\nCrawl-delay: 0.3\n")
    settings = FetchSettings(per_host_delay=0.0, per_host_concurrency=4)
    pages = fetch_pages_sync([fresh_server.url(f"/page?n={i}") for i in range(3)], settings)
    assert all(page.ok for page in pages)
    gaps = fresh_server.start_gaps()  # robots.txt counts: it is a request to the host
    assert len(gaps) == 3
    assert min(gaps) >= 0.3 - SLACK


def test_per_host_delay_spaces_concurrent_requests(fresh_server: LocalServer) -> None:
    settings = unpaced(per_host_delay=0.3, per_host_concurrency=4, concurrency=8)
    pages = fetch_pages_sync([fresh_server.url(f"/page?n={i}") for i in range(4)], settings)
    assert all(page.ok for page in pages)
    gaps = fresh_server.start_gaps("/page")
    assert len(gaps) == 3
    assert min(gaps) >= 0.3 - SLACK


def test_different_origins_are_not_spaced_against_each_other(fresh_server: LocalServer) -> None:
    port = fresh_server.base_url.rsplit(":", 1)[1]
    urls = [f"http://127.0.0.1:{port}/busy/a?hold=0", f"http://localhost:{port}/busy/b?hold=0"]
    pages = fetch_pages_sync(urls, unpaced(per_host_delay=5.0))
    assert all(page.ok for page in pages)  # well within the 5 s a shared delay would cost
    assert fresh_server.start_gaps("/busy")[0] < 5.0


def test_a_fetcher_keeps_robots_and_spacing_across_calls(fresh_server: LocalServer) -> None:
    settings = FetchSettings(per_host_delay=0.3)

    async def run() -> list[FetchedPage]:
        async with Fetcher(settings) as fetcher:
            first = await fetcher.fetch_last([fresh_server.url("/page?n=1")])
            second = await fetcher.fetch_last([fresh_server.url("/page?n=2")])
            return first + second

    pages = asyncio.run(run())
    assert all(page.ok for page in pages)
    assert fresh_server.hits("/robots.txt") == 1
    assert min(fresh_server.start_gaps()) >= 0.3 - SLACK


def test_crawl_delay_is_capped_by_max_crawl_delay(fresh_server: LocalServer) -> None:
    fresh_server.state.robots = (200, "User-agent: *\nCrawl-delay: 3600\n")
    settings = FetchSettings(per_host_delay=0.0, max_crawl_delay=0.3)
    pages = fetch_pages_sync([fresh_server.url(f"/page?n={i}") for i in range(2)], settings)
    assert all(page.ok for page in pages)
    gaps = fresh_server.start_gaps()
    assert min(gaps) >= 0.3 - SLACK
    assert max(gaps) < 60  # the test finishing at all shows the hour was not waited
