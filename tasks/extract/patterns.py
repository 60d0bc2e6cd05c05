"""Anchored line patterns matched by the first character of the line.

A list of whole-line patterns ("^advertisement$", "^(click to )?enlarge ...") is matched
against most short paragraphs of every page. As one alternation, each match tries every
pattern at the line's start. Most patterns can start with only a few characters, so the
patterns are grouped by the (lower-cased) first character they can match, and a line is
matched against its character's group alone: the same answer, for a fraction of the work.

The first characters are read from the parsed pattern (``re._parser``, the standard
library's own parser). A pattern whose start it cannot tell (a class too wide, a
construct not read here, or a parser that has changed) goes into every group, so the
answer never changes; only the saving shrinks.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

_p: Any
_c: Any
try:
    _p = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
except ImportError:  # a Python without them: every pattern in every group
    _p = _c = None

# A character class wider than this is read as "any character".
_WIDEST_CLASS = 200

_FirstChars = tuple[frozenset[str] | None, bool]  # the characters (None: any), optional


class FirstCharPatterns:
    """``patterns`` (each anchored at the line's start), as ``re.compile`` of their
    alternation with ``flags`` would match them, grouped by first character."""

    def __init__(self, patterns: Sequence[str], flags: int = 0) -> None:
        self._flags = flags
        groups: dict[str, list[str]] = {}
        anywhere: list[str] = []
        for pattern in patterns:
            chars = _first_chars(pattern, flags)
            if chars is None:
                anywhere.append(pattern)
                continue
            for char in chars:
                groups.setdefault(char, []).append(pattern)
        # Every group keeps the patterns' order (the alternation's), with those that may
        # start anywhere among them.
        order = {pattern: index for index, pattern in enumerate(patterns)}
        # Characters whose groups hold the same patterns share one compiled pattern.
        compiled: dict[tuple[str, ...], re.Pattern[str] | None] = {}
        self._groups = {}
        for char, group in groups.items():
            members = tuple(sorted({*group, *anywhere}, key=order.__getitem__))
            if members not in compiled:
                compiled[members] = self._compile(members)
            self._groups[char] = compiled[members]
        self._anywhere = self._compile(anywhere)
        self.pattern = re.compile("|".join(f"(?:{pattern})" for pattern in patterns), flags)

    def _compile(self, patterns: Iterable[str]) -> re.Pattern[str] | None:
        joined = "|".join(f"(?:{pattern})" for pattern in patterns)
        return re.compile(joined, self._flags) if joined else None

    def match(self, line: str) -> re.Match[str] | None:
        """What ``self.pattern.match(line)`` gives. A line that opens with a character
        outside ASCII is matched against every pattern: case folding there reaches
        beyond ``str.lower`` (a long s matches "s")."""
        first = line[:1]
        if not first.isascii():
            return self.pattern.match(line)
        regex = self._groups.get(first.lower(), self._anywhere)
        return regex.match(line) if regex is not None else None


def _first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    """The lower-cased characters a match of ``pattern`` can start with; None where
    that cannot be told (then it may start with any)."""
    if _p is None or not flags & re.IGNORECASE:
        return None  # the groups are keyed by lower-case characters: case must not count
    try:
        chars, optional = _sequence(_p.parse(pattern, flags))
    except Exception:  # a private parser: any surprise means "any character"
        return None
    return None if chars is None or optional else chars


def _sequence(items: Iterable[tuple[Any, Any]]) -> _FirstChars:
    found: set[str] = set()
    for op, argument in items:
        if op is _c.AT:  # "^", "\b": no character
            continue
        chars, optional = _item(op, argument)
        if chars is None:
            return None, False
        found |= chars
        if not optional:
            return frozenset(found), False
    return frozenset(found), True


def _item(op: Any, argument: Any) -> _FirstChars:
    if op is _c.LITERAL:
        return frozenset(chr(argument).lower()), False
    if op is _c.IN:
        return _class(argument), False
    if op is _c.SUBPATTERN:
        return _sequence(argument[-1])
    if op is _c.BRANCH:
        found: set[str] = set()
        optional = False
        for branch in argument[1]:
            chars, empty = _sequence(branch)
            if chars is None:
                return None, False
            found |= chars
            optional = optional or empty
        return frozenset(found), optional
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        least, _most, body = argument
        chars, empty = _sequence(body)
        return chars, least == 0 or empty
    return None, False


def _class(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    found: set[str] = set()
    for op, argument in items:
        if op is _c.LITERAL:
            found.add(chr(argument).lower())
        elif op is _c.RANGE:
            low, high = argument
            if high - low > _WIDEST_CLASS:
                return None
            found.update(chr(code).lower() for code in range(low, high + 1))
        elif op is _c.CATEGORY and argument is _c.CATEGORY_DIGIT:
            found.update("0123456789")
        else:
            return None
    return frozenset(found)
