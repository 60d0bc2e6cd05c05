"""Selector lists shaped for Lexbor's matcher.

Lexbor tests every selector of a list, or of an ``:is()``, on every element it walks.
A query's cost therefore grows with the number of selectors in it far more than with
the number of elements it finds: over the zyte pages one walk costs about as much as
one more selector in a list. The functions here write a list of rules as one query
that keeps the rules' meaning and tests as few selectors per element as it can.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser, LexborNode

# A selector that is one attribute test, "[name]" or "[name<op>value]": the name.
_ATTRIBUTE_TEST_RE = re.compile(r"\[([\w-]+)(?:[~|^$*]?=(?:\"[^\"]*\"|'[^']*'|[^\]]*))?\]")


def each_once(selectors: Iterable[str]) -> str:
    """One selector matching what any of ``selectors`` match: inside ``:is()`` a node is
    found once, in document order, where a plain list reports it once per selector it
    matches (and every duplicate costs a handle, a hash or a text read)."""
    return ":is(" + ", ".join(selectors) + ")"


def by_attribute(selectors: Iterable[str]) -> str:
    """``each_once(selectors)``, with the tests of one attribute behind one test of its
    presence: ``[role]:is([role="banner"], [role="dialog"])``. An element without the
    attribute, which is most of them, then costs one test instead of one per value.
    A selector that is not a single attribute test stays as it is."""
    groups: dict[str, list[str]] = {}
    for selector in selectors:
        test = _ATTRIBUTE_TEST_RE.fullmatch(selector)
        groups.setdefault(test[1] if test else selector, []).append(selector)
    return each_once(
        members[0] if len(members) == 1 else f"[{name}]{each_once(members)}"
        for name, members in groups.items()
    )


def tag_ids(names: Iterable[str]) -> frozenset[int]:
    """Lexbor's ids of standard tags, which are fixed numbers (unlike a custom tag's):
    comparing ``node.tag_id`` costs less than decoding ``node.tag``."""
    factory = LexborHTMLParser("")
    return frozenset(factory.create_node(name).tag_id for name in names)


def with_tags(node: LexborNode, ids: frozenset[int]) -> list[LexborNode]:
    """What ``node.css(", ".join(names))`` finds for the tags whose ids (``tag_ids``)
    are ``ids``: ``node`` and the elements under it that have one of them, in document
    order. A type selector is one more test on every element walked, and a walk whose
    elements Python tells apart by id costs less once a list holds more than a handful
    of tags (the 27 block tags: less than half)."""
    return [element for element in node.traverse() if element.tag_id in ids]
