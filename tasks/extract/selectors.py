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
