"""tasks.robots parsing and matching: pure functions over robots.txt text (RFC 9309)."""

from __future__ import annotations

import pytest

from tasks.robots import RobotsRules, origin_of, parse_robots, product_token

WORDPRESS = """# a common file
User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: https://news.test/sitemap.xml
"""


def allows(text: str, path: str, token: str = "pressroom") -> bool:
    return parse_robots(text, token).allows(f"https://news.test{path}")


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/", True),
        ("/wp-admin/", False),
        ("/wp-admin/options.php", False),
        ("/wp-admin/admin-ajax.php", True),  # longest match wins, not first match
        ("/robots.txt", True),
    ],
)
def test_longest_match_wins(path: str, allowed: bool) -> None:
    assert allows(WORDPRESS, path) is allowed


def test_allow_wins_a_tie() -> None:
    text = "User-agent: *\nDisallow: /page\nAllow: /page\n"
    assert allows(text, "/page")


@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/a.pdf", False), ("/a.pdf?x=1", True), ("/x/print/y", False), ("/x/y", True)],
)
def test_wildcards_and_end_anchor(path: str, allowed: bool) -> None:
    text = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*/print/\n"
    assert allows(text, path) is allowed


def test_groups_for_our_token_replace_star_and_merge() -> None:
    text = (
        "User-agent: *\nDisallow: /\n\n"
        "User-agent: PressRoom\nUser-agent: other\nDisallow: /a\n\n"
        "User-agent: pressroom\nDisallow: /b\nCrawl-delay: 2\n"
    )
    assert not allows(text, "/a") and not allows(text, "/b") and allows(text, "/c")
    assert parse_robots(text, "pressroom").crawl_delay == 2.0
    assert not allows(text, "/c", token="somebot")


def test_empty_disallow_and_no_groups_allow_everything() -> None:
    assert allows("User-agent: *\nDisallow:\n", "/anything")
    assert allows("", "/anything")
    assert allows("Disallow: /\n", "/anything")  # a rule outside any group is ignored


def test_percent_encoding_is_matched_either_way() -> None:
    text = "User-agent: *\nDisallow: /caf%C3%A9\n"
    assert not allows(text, "/café/menu")
    assert not allows(text, "/caf%c3%a9/menu")


def test_bad_crawl_delay_is_ignored() -> None:
    assert parse_robots("User-agent: *\nCrawl-delay: soon\n", "pressroom").crawl_delay is None


def test_disallow_all_rules_refuse_everything() -> None:
    rules = RobotsRules(origin="https://news.test:443", reason="HTTP 503", disallow_all=True)
    assert not rules.allows("https://news.test/robots.txt")


def test_product_token_and_origin() -> None:
    assert product_token("pressroom/0.1 (+news ingestion)") == "pressroom"
    assert product_token("Desk-Bot/1") == "desk-bot"
    assert origin_of("https://News.Test/a?b") == "https://news.test:443"
    assert origin_of("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
