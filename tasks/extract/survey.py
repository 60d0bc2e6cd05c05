"""Which selectors of a rule list can match a page, from one walk of its attributes.

The byline and date rules are lists of selectors tried in turn, each a walk of the
whole page by Lexbor, and on most pages most of them match nothing. A selector names
what every element it matches has: ``.byline`` a class that holds "byline",
``[itemprop="author"] [itemprop="name"]`` an itemprop holding "author" on one element
and one holding "name" on another, ``time.published`` a <time>. ``Survey`` gathers
those needs of a set of selectors; one walk of a page (tasks/extract/_lexbor.c) tells
which needs the page meets, and a selector whose needs are not all met is not tried.

Needs are read loosely, never strictly: a class token is looked for as a substring,
case is folded, and what a selector says inside ``:not()``, ``:is()`` or another
function is ignored. A selector may therefore be tried in vain, but never skipped where
it would have matched. Without the compiled walk every selector is tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from tasks.extract.selectors import fixed_tag_id

_Walk: type[_lexbor.Survey] | None
try:  # setup.py builds it; see _lexbor.c
    from tasks.extract import _lexbor

    _Walk = _lexbor.Survey
except ImportError:  # not built, or a selectolax that does not export Lexbor's accessors
    _Walk = None

# A need is ("attribute", "literal") or ("", "tag").
Need = tuple[str, str]

_FUNCTION_RE = re.compile(r":[\w-]+\(")
_ATTRIBUTE_RE = re.compile(
    r"\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\]\s]*))\s*[iIsS]?\s*)?\]"
)
_CLASS_OR_ID_RE = re.compile(r"([.#])([\w-]+)")
_TAG_RE = re.compile(r"(?:^|[\s>+~])([a-zA-Z][\w-]*)")
_PSEUDO_RE = re.compile(r"::?[\w-]+")


def _split_top(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` where it is outside brackets and parentheses."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:at])
            start = at + 1
    parts.append(text[start:])
    return parts


def _without_functions(text: str) -> str | None:
    """``text`` without its functional pseudo-classes and their arguments, or None
    where the parentheses do not balance."""
    while match := _FUNCTION_RE.search(text):
        depth, at = 1, match.end()
        while depth and at < len(text):
            depth += {"(": 1, ")": -1}.get(text[at], 0)
            at += 1
        if depth:
            return None
        text = text[: match.start()] + text[at:]
    return text


def needs(selector: str) -> tuple[frozenset[Need], ...]:
    """For each selector of the list ``selector``, what an element it matches (or one
    of its ancestors) must have. An empty set needs nothing: always tried. A selector
    that escapes characters needs nothing either (its literals are not read here)."""
    alternatives: list[frozenset[Need]] = []
    for part in _split_top(selector, ","):
        text = _without_functions(part) if "\\" not in part else None
        if text is None or not text.isascii():
            alternatives.append(frozenset())
            continue
        found: set[Need] = set()
        for name, double, single, bare in _ATTRIBUTE_RE.findall(text):
            found.add((name.lower(), (double or single or bare).lower()))
        text = _ATTRIBUTE_RE.sub(" ", text)
        found.update(
            ("class" if mark == "." else "id", name.lower())
            for mark, name in _CLASS_OR_ID_RE.findall(text)
        )
        text = _PSEUDO_RE.sub("", _CLASS_OR_ID_RE.sub("", text))
        found.update(("", tag.lower()) for tag in _TAG_RE.findall(text))
        alternatives.append(frozenset(found))
    return tuple(alternatives)


@dataclass(frozen=True, slots=True)
class Found:
    """What one walk of a page found, asked of one selector at a time."""

    met: int  # byte i of the walk's answer, as bit 8 * i
    masks: dict[str, tuple[int, ...]] | None  # None: not surveyed, everything may match

    @property
    def surveyed(self) -> bool:
        return self.masks is not None

    def may_match(self, selector: str) -> bool:
        """Whether ``selector`` (one of the survey's) may match: one of its
        alternatives has every need met. A selector the survey was not given may."""
        if self.masks is None or selector not in self.masks:
            return True
        return any(self.met & mask == mask for mask in self.masks[selector])


EVERYTHING = Found(0, None)


class Survey:
    """The needs of a fixed set of selectors, looked for in a page in one walk."""

    def __init__(self, selectors: Iterable[str]) -> None:
        wanted = {selector: needs(selector) for selector in selectors}
        every = sorted({need for alts in wanted.values() for alt in alts for need in alt})
        # A tag with no fixed Lexbor id (a custom element) is not looked for: always met.
        maybe_ids = {tag: fixed_tag_id(tag) for attribute, tag in every if not attribute}
        ids = {tag: tag_id for tag, tag_id in maybe_ids.items() if tag_id is not None}
        pairs = tuple(need for need in every if need[0])
        tags = tuple(need for need in every if need[1] in ids and not need[0])
        # The walk answers a byte a need; read as one little-endian int, need i is bit 8i.
        bit = {need: 1 << (8 * at) for at, need in enumerate((*pairs, *tags))}
        self._masks = {
            selector: tuple(sum(bit.get(need, 0) for need in alt) for alt in alternatives)
            for selector, alternatives in wanted.items()
        }
        self._walk = _Walk(pairs, tuple(ids[tag] for _, tag in tags)) if _Walk is not None else None

    def found(self, node: LexborNode | None) -> Found:
        """What ``node`` and the elements under it have of the selectors' needs."""
        if self._walk is None or node is None:
            return EVERYTHING
        return Found(int.from_bytes(self._walk.found(node), "little"), self._masks)
