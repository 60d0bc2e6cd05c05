"""Giant hostile pages, generated on demand so that the repository stays small.

Each generator returns the page's bytes; ``GIANT_PAGES`` names them for tests and for
``bench/hostile.py``. The small hand-written nasty pages live in ``pages/`` beside this
file; these are the ones too big to check in.
"""

from __future__ import annotations

import functools
import gzip
import json
import zlib
from collections.abc import Callable

_PROSE = (
    "The council met on Tuesday evening to discuss the harbour budget, and members "
    "argued for an hour about dredging before voting to defer the decision again. "
)
_HEAD = b"<!doctype html><html><head><meta charset='utf-8'><title>Hostile</title></head><body>"
_TAIL = b"</body></html>"


def _page(body: bytes) -> bytes:
    return _HEAD + body + _TAIL


def deep_nesting(depth: int = 100_000) -> bytes:
    """``depth`` nested divs around one paragraph of prose."""
    return _page(b"<div>" * depth + b"<p>" + _PROSE.encode() + b"</p>" + b"</div>" * depth)


def unclosed_nesting(depth: int = 100_000) -> bytes:
    """``depth`` opened and never closed inline elements (the adoption agency's worst)."""
    return _page(b"<b><i>" * (depth // 2) + _PROSE.encode() * 3)


def deep_tables(depth: int = 20_000) -> bytes:
    """Tables nested ``depth`` deep, each cell holding the next table."""
    return _page(b"<table><tr><td>" * depth + _PROSE.encode() + b"</td></tr></table>" * depth)


def huge_attribute(size: int = 50 * 1024 * 1024) -> bytes:
    """One attribute value of ``size`` bytes on an otherwise ordinary article."""
    return _page(
        b'<article data-blob="' + b"a" * size + b'"><p>' + _PROSE.encode() + b"</p></article>"
    )


def million_paragraphs(count: int = 1_000_000) -> bytes:
    """``count`` empty paragraphs."""
    return _page(b"<p></p>" * count)


def huge_text_node(size: int = 20 * 1024 * 1024) -> bytes:
    """One paragraph whose text is ``size`` bytes of prose."""
    prose = _PROSE.encode()
    return _page(b"<article><p>" + prose * (size // len(prose)) + b"</p></article>")


def one_giant_word(size: int = 20 * 1024 * 1024) -> bytes:
    """A single ``size``-byte word with no space in it."""
    return _page(b"<article><p>" + b"x" * size + b"</p></article>")


def many_links(count: int = 100_000) -> bytes:
    """``count`` links in one list."""
    items = b"".join(
        b'<li><a href="/story/%d">Story number %d</a></li>' % (i, i) for i in range(count)
    )
    return _page(b"<ul>" + items + b"</ul>")


def many_scripts(count: int = 100_000) -> bytes:
    """``count`` script elements around a short article."""
    scripts = b"<script>var x = 1;</script>" * count
    return _page(scripts + b"<article><p>" + _PROSE.encode() * 3 + b"</p></article>")


def many_attributes(count: int = 200_000) -> bytes:
    """One element carrying ``count`` distinct attributes."""
    attrs = b" ".join(b"a%d=v" % i for i in range(count))
    return _page(b"<div " + attrs + b"><p>" + _PROSE.encode() + b"</p></div>")


# Attributes the HTML tokenizer reads where a simpler reading sees fewer or none: names
# holding a quote or a "<", names starting with "=", values with no space after them,
# an end tag's attributes, an element inside <svg> or <math> style or script (markup
# there, not text), and one after a "<script>" that is only an attribute's value.
_ATTRIBUTE_FORMS: dict[str, Callable[[int], bytes]] = {
    "quoted_names": lambda count: b"<div " + b" ".join(b'x"%d' % i for i in range(count)) + b">",
    "lt_names": lambda count: b"<div " + b" ".join(b"x<%d" % i for i in range(count)) + b">",
    "equals_names": lambda count: b"<div " + b" ".join(b"=%d" % i for i in range(count)) + b">",
    "unseparated": lambda count: b"<div " + b"".join(b'a%d="v"' % i for i in range(count)) + b">",
    "end_tag": lambda count: b"<div></div " + b" ".join(b"a%d" % i for i in range(count)) + b">",
    "svg_style": lambda count: (
        b"<svg><style><g " + b" ".join(b'x"%d' % i for i in range(count)) + b"></g></style></svg>"
    ),
    "nested_svg_style": lambda count: (
        b"<SVG><svg></svg><STYLE><g " + b" ".join(b"x%d" % i for i in range(count)) + b"></STYLE>"
    ),
    "math_script": lambda count: (
        b"<math><script><g " + b" ".join(b"x%d" % i for i in range(count)) + b"></script></math>"
    ),
    "after_quoted_gt": lambda count: (
        b"<div a = '>' " + b" ".join(b'x"%d' % i for i in range(count)) + b">"
    ),
    "script_in_value": lambda count: (
        b"<div data-x='<script>'><p " + b" ".join(b"x%d" % i for i in range(count)) + b"></div>"
    ),
}


ATTRIBUTE_FORM_NAMES = tuple(_ATTRIBUTE_FORMS)


def script_loop(statements: int = 3_000) -> bytes:
    """A script whose "i <n" reads like a tag with thousands of attributes to a reader
    that does not know it is script text, before a short article."""
    loop = b"for (let i = 0; i <n; i++) { " + b"total = total + 1; " * statements + b"}"
    return _page(
        b"<script>" + loop + b"</script><article><p>" + _PROSE.encode() + b"</p></article>"
    )


def textarea_text(words: int = 3_000) -> bytes:
    """A comment form's <textarea> holding a draft whose "a <b" is followed by thousands
    of words and no ">": text to the parser, a tag with thousands of attributes to a
    reader that does not know it is a textarea."""
    draft = b"If a <b then " + b"the draft goes on " * (words // 4)
    return _page(
        b"<article><p>" + _PROSE.encode() + b"</p></article>"
        b"<form><textarea name='comment'>" + draft + b"</textarea></form>"
    )


def attributes_as(form: str, count: int = 50_000) -> bytes:
    """An element with ``count`` attributes written in ``form`` (``_ATTRIBUTE_FORMS``),
    before a short article."""
    return _page(
        _ATTRIBUTE_FORMS[form](count) + b"<article><p>" + _PROSE.encode() + b"</p></article>"
    )


def giant_json_ld(size: int = 20 * 1024 * 1024) -> bytes:
    """A JSON-LD block of ``size`` bytes (a long list of authors)."""
    authors = [{"@type": "Person", "name": f"Author {i}"} for i in range(size // 40)]
    data = json.dumps({"@type": "NewsArticle", "headline": "Big", "author": authors})
    script = b'<script type="application/ld+json">' + data.encode() + b"</script>"
    return _page(script + b"<article><p>" + _PROSE.encode() * 3 + b"</p></article>")


def deep_json_ld(depth: int = 200_000) -> bytes:
    """JSON-LD nested ``depth`` arrays deep: a recursion bomb for a JSON parser."""
    data = b"[" * depth + b"]" * depth
    script = b'<script type="application/ld+json">' + data + b"</script>"
    return _page(script + b"<article><p>" + _PROSE.encode() * 3 + b"</p></article>")


def nul_flood(size: int = 5 * 1024 * 1024) -> bytes:
    """An article padded with ``size`` NUL bytes inside its text."""
    return _page(b"<article><p>" + _PROSE.encode() + b"\x00" * size + b"</p></article>")


def many_comments(count: int = 500_000) -> bytes:
    """``count`` HTML comments between the paragraphs of an article."""
    return _page(
        b"<article>" + b"<!-- c -->" * count + b"<p>" + _PROSE.encode() + b"</p></article>"
    )


def long_title(size: int = 10 * 1024 * 1024) -> bytes:
    """A ``<title>`` and ``og:title`` of ``size`` bytes."""
    title = b"T" * size
    head = (
        b"<!doctype html><html><head><title>"
        + title
        + b'</title><meta property="og:title" content="'
    )
    return (
        head
        + title
        + b'"></head><body><article><p>'
        + _PROSE.encode() * 3
        + b"</p></article>"
        + _TAIL
    )


def gzip_bomb(size: int = 1024 * 1024 * 1024) -> bytes:
    """A gzip stream that inflates to ``size`` bytes of spaces (about 1 MB per GiB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = b" " * (1 << 20)
    parts = [compressor.compress(b"<html><body>")]
    parts.extend(compressor.compress(chunk) for _ in range(size // len(chunk)))
    parts.append(compressor.flush())
    return b"".join(parts)


def small_gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=1)


# name -> generator of the page's bytes. Every one must extract to a typed result.
GIANT_PAGES: dict[str, Callable[[], bytes]] = {
    "deep_nesting_100k": deep_nesting,
    "deep_nesting_25k": lambda: deep_nesting(25_000),
    "unclosed_nesting_100k": unclosed_nesting,
    "unclosed_nesting_50k": lambda: unclosed_nesting(50_000),
    "deep_tables_20k": deep_tables,
    "huge_attribute_50mb": huge_attribute,
    "million_empty_paragraphs": million_paragraphs,
    "huge_text_node_20mb": huge_text_node,
    "one_giant_word_20mb": one_giant_word,
    "links_100k": many_links,
    "scripts_100k": many_scripts,
    "attributes_200k": many_attributes,
    **{
        f"attributes_{form}_50k": functools.partial(attributes_as, form, 50_000)
        for form in _ATTRIBUTE_FORMS
    },
    "json_ld_20mb": giant_json_ld,
    "json_ld_200k_deep": deep_json_ld,
    "nul_flood_5mb": nul_flood,
    "comments_500k": many_comments,
    "title_10mb": long_title,
}


# Pages just inside the guard's limits: they must still extract (to an article or a
# typed not-article), not be refused.
WITHIN_LIMITS: dict[str, Callable[[], bytes]] = {
    "deep_nesting_2k": lambda: deep_nesting(2_000),
    "attributes_1500": lambda: many_attributes(1_500),
    "script_loop_3000": script_loop,
    "textarea_text_3000": textarea_text,
    **{
        f"attributes_{form}_1500": functools.partial(attributes_as, form, 1_500)
        for form in _ATTRIBUTE_FORMS
    },
    "json_ld_2mb_defused": lambda: giant_json_ld(2 * 1024 * 1024),
    "text_node_5mb": lambda: huge_text_node(5 * 1024 * 1024),
    "title_3mb": lambda: long_title(3 * 1024 * 1024),
    "paragraphs_25k": lambda: million_paragraphs(25_000),
    "links_12k": lambda: many_links(12_000),
}
