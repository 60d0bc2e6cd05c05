"""A server that accepts and never answers, or trickles a byte a second, costs a page at
most ``total_timeout``: all attempts together, then a ``Timeout`` record saying so."""

from __future__ import annotations

import asyncio
import time

import pytest

from tasks.fetch import FetchSettings, fetch_pages_with_attempts
from tasks.records import FetchedPage

from .slow_server import Behaviour, slow_server

TOTAL = 4.0
# Longer than the trickle's interval, so the per-read timeout never trips on a trickle.
READ = 2.5
HANG_GUARD = TOTAL + 5  # loose: this only tells a hang from a deadline


def settings(**changes: object) -> FetchSettings:
    base: dict[str, object] = {
        "allow_hosts": ("127.0.0.1",),
        "per_host_delay": 0.0,
        "obey_robots": False,
        "connect_timeout": 2.0,
        "read_timeout": READ,
        "total_timeout": TOTAL,
        "max_attempts": 3,
        "backoff_base": 0.2,
    }
    base.update(changes)
    return FetchSettings(**base)  # type: ignore[arg-type]


def fetch(urls: list[str], config: FetchSettings) -> tuple[list[list[FetchedPage]], float]:
    started = time.monotonic()
    attempts = asyncio.run(fetch_pages_with_attempts(urls, config))
    return attempts, time.monotonic() - started


def test_silent_server_is_retried_only_within_the_budget() -> None:
    with slow_server("silent") as server:
        [attempts], elapsed = fetch([f"{server.url}/story"], settings())
    # The first attempt ends on the read timeout (2.5 s); the second gets what is left of
    # the 4 s and is cut off there; a third would exceed the budget, so there is none.
    assert [p.attempt for p in attempts] == [1, 2]
    first, last = attempts
    assert first.error_class == "Timeout" and "ReadTimeout" in (first.error_message or "")
    assert (last.status, last.body, last.error_class) == (None, None, "Timeout")
    assert last.error_message is not None
    assert last.error_message.startswith("timed out after 4 s (2 attempts together)")
    assert elapsed < HANG_GUARD


@pytest.mark.parametrize("behaviour", ["trickle-headers", "trickle-body"])
def test_trickling_server_is_cut_off_at_the_total_timeout(behaviour: Behaviour) -> None:
    with slow_server(behaviour, interval=1.0) as server:
        [attempts], elapsed = fetch([f"{server.url}/story"], settings())
        served = server.requests
    # Each byte arrives within the read timeout, so only the page's deadline stops it;
    # nothing of the budget is left for a retry.
    assert len(attempts) == 1 and served == 1
    [page] = attempts
    assert (page.body, page.error_class) == (None, "Timeout")
    assert page.error_message == "timed out after 4 s: no complete answer within total_timeout=4s"
    assert elapsed < HANG_GUARD


def test_trickle_slower_than_the_read_timeout_is_a_read_timeout() -> None:
    # The other side of the line: a pause longer than read_timeout is httpx's to report.
    with slow_server("trickle-body", interval=1.0) as server:
        [attempts], _ = fetch([f"{server.url}/story"], settings(read_timeout=0.5, max_attempts=1))
    [page] = attempts
    assert page.error_class == "Timeout" and "ReadTimeout" in (page.error_message or "")


def test_stalled_robots_txt_costs_the_origin_one_timeout() -> None:
    with slow_server("silent") as server:
        urls = [f"{server.url}/a", f"{server.url}/b", f"{server.url}/c"]
        attempts, elapsed = fetch(urls, settings(obey_robots=True))
        served = server.requests
    # robots.txt was asked once for the origin; it never came, so no page was requested.
    assert served == 1
    for [page] in attempts:
        assert page.error_class == "RobotsDisallowed"
        assert page.error_message is not None and "robots.txt" in page.error_message
    assert elapsed < HANG_GUARD
