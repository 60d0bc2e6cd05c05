"""``_short_texts`` reads the page's text elements last to first and passes over the
ancestors of a long one: what it returns must be what reading each element gives."""

from __future__ import annotations

import datetime as dt

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from tasks.extract import metadata, selectors
from tasks.extract.metadata import _TEXT_BLOCKS, _short_texts, read_metadata

LONG = "A paragraph of the story that goes on and on. " * 6  # well over 200 characters
PAGE = f"""<html><body>
  <div class="page"><div class="wrap">
    <p>Short one <span>with a span</span></p>
    <div><p>{LONG}<em>inside a long one</em></p><span>after it</span></div>
    <ul><li>item <i>one</i></li><li>   spaced
        item   </li></ul>
    <p>\u00a0Caf\u00e9 <b> </b><i>\u4e2d\u6587</i>\u2003<span></span>\U0001f600 </p>
  </div></div>
  <small>{LONG}</small>
  <p>last</p>
</body></html>"""


def stripped(node: LexborNode) -> str:
    return node.text(separator=" ", strip=True)


def spaced(node: LexborNode) -> str:
    return node.text(separator=" ").strip()


def nodes(html: str) -> list[LexborNode]:
    body = LexborHTMLParser(html).body
    assert body is not None
    return body.css(_TEXT_BLOCKS)


@pytest.fixture(params=["compiled", "python"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Short texts read in C (where it is built) and by the loop in Python."""
    if request.param == "python":
        monkeypatch.setattr(metadata, "short_texts", lambda *args, **kwargs: None)
    else:
        assert selectors.short_texts(nodes(PAGE), 10, strip=True) is not None, "built?"
    return str(request.param)


@pytest.mark.parametrize("strip", [True, False])
def test_each_text_is_the_elements_own_or_none_when_too_long(strip: bool, reading: str) -> None:
    blocks = nodes(PAGE)
    read = stripped if strip else spaced
    for limit in (10, 30, 60, 200, 10_000):
        expected = [text if len(text := read(n)) <= limit else None for n in blocks]
        assert _short_texts(blocks, limit, strip=strip) == expected


def test_wrappers_of_a_long_element_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = nodes(PAGE)
    read: list[LexborNode] = []
    joined = metadata._joined_text

    def recording(node: LexborNode, strip: bool) -> str:
        read.append(node)
        return joined(node, strip)

    monkeypatch.setattr(metadata, "_joined_text", recording)
    monkeypatch.setattr(metadata, "short_texts", lambda *args, **kwargs: None)  # the loop
    texts = _short_texts(blocks, 200, strip=True)
    # Both wrapper divs hold the long paragraph: neither is read, and both are None.
    assert [n.attributes.get("class") for n in blocks[:2]] == ["page", "wrap"]
    assert texts[:2] == [None, None]
    assert len(read) == len(blocks) - 3  # the two wrappers and the div around the paragraph


def test_first_dateline_in_the_page_wins_although_texts_are_read_backwards() -> None:
    html = (
        f"<html><body><h1>A story of some words</h1><div><div>{LONG}"
        "<p>Posted on: June 5, 2020</p><p>Posted on: March 3, 2021</p></div></div>"
        "</body></html>"
    )
    meta = read_metadata(LexborHTMLParser(html), None, html)
    assert meta.published is not None
    assert meta.published.date == dt.date(2020, 6, 5)
