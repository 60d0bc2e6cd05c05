"""The direct reads of a parsed page (_lexbor.c): the survey that lets the byline and
date rules skip selectors a page cannot match, and queries parsed once."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from tasks.extract import selectors, survey
from tasks.extract.metadata import read_metadata
from tasks.extract.selectors import css, css_first
from tasks.extract.survey import EVERYTHING, Survey, needs


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (".byline", [{("class", "byline")}]),
        ("#Main", [{("id", "main")}]),
        ('[class*="AuthorName"]', [{("class", "authorname")}]),
        ("[class*='user-name' i]", [{("class", "user-name")}]),
        ("[rel=author]", [{("rel", "author")}]),
        ("time[pubdate]", [{("", "time"), ("pubdate", "")}]),
        ('[itemprop="author"] [itemprop="name"]', [{("itemprop", "author"), ("itemprop", "name")}]),
        (".postprofile dt > a:last-child", [{("class", "postprofile"), ("", "dt"), ("", "a")}]),
        # Alternatives each have their own needs; ":not()" says what is absent: no need.
        ("h2, .date", [{("", "h2")}, {("class", "date")}]),
        (":not(.byline) a", [{("", "a")}]),
        ("div:is(.a, .b)", [{("", "div")}]),
        # An escaped selector, or one outside ASCII, is not read: it needs nothing.
        (r".a\:b", [set()]),
        (".auteur-é", [set()]),
        ("*", [set()]),
    ],
)
def test_needs_reads_what_each_alternative_requires(selector: str, expected: list[set]) -> None:
    assert [set(alternative) for alternative in needs(selector)] == expected


_SELECTORS = (".byline", '[itemprop="author"] [itemprop="name"]', "time", "my-card", ".gone")


def _found(html: str) -> dict[str, bool]:
    seen = Survey(_SELECTORS).found(LexborHTMLParser(html).root)
    assert seen.surveyed
    return {selector: seen.may_match(selector) for selector in _SELECTORS}


def test_a_selector_the_page_cannot_match_is_ruled_out() -> None:
    page = (
        '<html><body><div class="Post-Byline">x</div><span itemprop="name">y</span></body></html>'
    )
    assert _found(page) == {
        ".byline": True,  # case folded, substring: loose, never strict
        '[itemprop="author"] [itemprop="name"]': False,  # no itemprop holds "author"
        "time": False,
        "my-card": True,  # a custom tag has no fixed id: never looked for
        ".gone": False,
    }


def test_every_need_of_a_descendant_selector_counts_and_the_root_is_walked() -> None:
    page = (
        '<html class="byline"><body><p itemprop="author">'
        '<span itemprop="name">Jane</span></p><time>May</time></body></html>'
    )
    assert _found(page) == {
        ".byline": True,
        '[itemprop="author"] [itemprop="name"]': True,
        "time": True,
        "my-card": True,
        ".gone": False,
    }


def test_without_a_node_or_the_compiled_walk_every_selector_may_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Survey(_SELECTORS).found(None) is EVERYTHING
    monkeypatch.setattr(survey, "_Walk", None)
    unbuilt = Survey(_SELECTORS).found(LexborHTMLParser("<p>x</p>").root)
    assert not unbuilt.surveyed
    assert all(unbuilt.may_match(selector) for selector in _SELECTORS)
    assert unbuilt.may_match(".not-a-surveyed-selector")


def test_the_byline_and_date_read_alike_with_and_without_the_survey(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = (
        '<html><body><h1>Harbour dredging starts</h1><div class="entry-meta">'
        '<span class="author-name">By Jane Doe</span>'
        '<span class="post-date">Posted on 12/3/14</span></div>'
        "<p>The dredgers arrived on Monday and started work at dawn.</p></body></html>"
    )
    surveyed = read_metadata(LexborHTMLParser(page), "https://example.com/a")
    monkeypatch.setattr(survey, "_Walk", None)
    monkeypatch.setattr("tasks.extract.metadata._SURVEYED", Survey(()))
    walked = read_metadata(LexborHTMLParser(page), "https://example.com/a")
    assert surveyed.authors == walked.authors == ["Jane Doe"]
    assert surveyed.published == walked.published
    assert surveyed.published is not None and str(surveyed.published.date) == "2014-12-03"


def test_a_query_answers_as_selectolax_with_or_without_the_compiled_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree = LexborHTMLParser(
        '<html><body class="page"><p>one</p><div><p class="x">two</p></div></body></html>'
    )
    body = tree.body
    assert body is not None

    def read(selector: str) -> tuple[list[str], str | None, list[str]]:
        first = css_first(body, selector)
        return (
            [node.text() for node in css(body, selector)],
            first.text() if first is not None else None,
            [node.tag for node in css(tree, selector)],  # a parser is queried from its root
        )

    compiled = {selector: read(selector) for selector in ("p", "p.x", ".page", "h1")}
    assert compiled["p"] == (["one", "two"], "one", ["p", "p"])
    assert compiled[".page"] == (["onetwo"], "onetwo", ["body"])  # the node itself counts
    assert compiled["h1"] == ([], None, [])
    monkeypatch.setattr(selectors, "COMPILED_QUERIES", False)
    monkeypatch.setattr(selectors, "_QUERIES", {})
    assert {selector: read(selector) for selector in compiled} == compiled
    assert selectors.query("p").find.__name__ == "<lambda>"  # selectolax's css() was asked
