from __future__ import annotations

import datetime as dt

from tasks.pipeline import URLGroup, plan_fetches, plan_urls
from warehouse.queries import PageState

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
HOUR = 3600.0


def _state(url: str, hours_ago: float, status: int = 200, etag: str | None = '"v1"') -> PageState:
    return PageState(url, NOW - dt.timedelta(hours=hours_ago), status, etag, None, True)


def test_plan_urls_groups_spellings_and_fetches_the_cleanest() -> None:
    groups = plan_urls(
        [
            "https://a.example/story/?utm_source=rss&utm_medium=feed",
            "https://a.example/story/",
            "https://a.example/other",
            "https://a.example/story/",
        ]
    )
    assert [g.canonical_url for g in groups] == [
        "https://a.example/story",
        "https://a.example/other",
    ]
    assert groups[0].variants == (
        "https://a.example/story/?utm_source=rss&utm_medium=feed",
        "https://a.example/story/",
    )
    assert groups[0].fetch_url == "https://a.example/story/"


def test_fresh_pages_are_skipped_and_stale_ones_asked_conditionally() -> None:
    fresh, stale, new = (
        URLGroup(u, (u,))
        for u in ("https://a.example/1", "https://a.example/2", "https://a.example/3")
    )
    states = {
        fresh.canonical_url: _state(fresh.canonical_url, 1),
        stale.canonical_url: _state(stale.canonical_url, 30),
    }
    plan = plan_fetches([fresh, stale, new], states, recrawl_interval=24 * HOUR, now=NOW)
    assert plan.to_fetch == [stale, new]
    assert plan.skipped == [fresh]
    assert plan.validators == {stale.fetch_url: ('"v1"', None)}


def test_a_newer_lastmod_or_a_failure_overrides_freshness() -> None:
    changed, failed = (URLGroup(u, (u,)) for u in ("https://a.example/1", "https://a.example/2"))
    states = {
        changed.canonical_url: _state(changed.canonical_url, 2),
        failed.canonical_url: _state(failed.canonical_url, 1, status=503),
    }
    lastmods: dict[str, dt.datetime | dt.date] = {
        changed.canonical_url: NOW - dt.timedelta(hours=1)
    }
    plan = plan_fetches(
        [changed, failed], states, recrawl_interval=24 * HOUR, now=NOW, lastmods=lastmods
    )
    assert plan.to_fetch == [changed, failed]
    older: dict[str, dt.datetime | dt.date] = {
        changed.canonical_url: (NOW - dt.timedelta(days=3)).date()
    }
    assert plan_fetches(
        [changed], states, recrawl_interval=24 * HOUR, now=NOW, lastmods=older
    ).skipped == [changed]


def test_max_pages_caps_the_fetches_and_the_rest_wait() -> None:
    groups = [URLGroup(f"https://a.example/{i}", (f"https://a.example/{i}",)) for i in range(5)]
    plan = plan_fetches(groups, {}, recrawl_interval=HOUR, now=NOW, max_pages=2)
    assert plan.to_fetch == groups[:2] and plan.skipped == groups[2:]


def test_zero_interval_always_refetches() -> None:
    group = URLGroup("https://a.example/1", ("https://a.example/1",))
    plan = plan_fetches(
        [group],
        {group.canonical_url: _state(group.canonical_url, 0.01)},
        recrawl_interval=0,
        now=NOW,
    )
    assert plan.to_fetch == [group]
