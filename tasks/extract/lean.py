"""The page without what the extractor never reads: script and style text, comments.

A news page is mostly not its story: on the zyte pages the text of scripts and style
sheets and the comments (React marks every text it joins with ``<!-- -->``) are 53 % of
the bytes, 39 % on wcxb-dev. The parser builds a node for each of them, and the guard's
scans and the decoding read each byte. ``lean_markup`` cuts them out before any of that,
in one C pass (``_guardscan.c``), and keeps the elements themselves: the tree of the lean
page is the tree of the page with those texts emptied and the comments gone. JSON-LD
scripts keep their text, which the metadata reads.

The cut follows the HTML tokenizer: a quoted attribute value hides a ">", and the text
of <title>, <textarea>, <xmp>, <iframe>, <noembed> and <noframes> is text, not markup
(<noscript> is markup: the parser runs no script). Where it cannot be sure how the
tokenizer reads on, it cuts nothing more: from a <plaintext> or <frameset> on, from a
comment or raw text that never ends, a script whose ``<!--`` may hide its end tag (the
"double-escaped" state), or an <svg> or <math> that holds another. The Python path below
is the specification and the fallback where the C module is not built;
tests/unit/test_lean.py checks that both agree, and that Lexbor builds the same tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import overload

_lean_c: Callable[[bytes | str], bytes | str] | None
try:
    from tasks.extract._guardscan import lean_markup as _lean_c
except ImportError:  # not built: the Python scan below
    _lean_c = None
# Whether the cut runs in C: a pass over the page at memory speed. The Python scan takes
# a few steps a tag, so the guard checks the page's limits before it runs (guard.py).
COMPILED = _lean_c is not None

_SPACE = " \t\n\f\r"
# Runs of a tag's parts, each matched at once: whitespace; whitespace and "/" before an
# attribute; an attribute's name; a bare value; a tag's name.
_SPACES = re.compile(r"[ \t\n\f\r]*")
_SEPARATORS = re.compile(r"[ \t\n\f\r/]*")
_NAME_RUN = re.compile(r"[^ \t\n\f\r/>=]*")
_BARE_RUN = re.compile(r"[^ \t\n\f\r>]*")
_TAG_NAME_RUN = re.compile(r"[^ \t\n\f\r/>]*")
_DIGITS = "0123456789#"
# How far back from a comment an "&" may open a character reference (the longest name
# has 31 letters).
_REFERENCE_MAX = 40
# The tokenizer folds the case of ASCII letters only ("\u212a".lower() is "k").
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Elements read apart: the first two have their text cut, the rest is raw text or
# foreign content passed over, and the last two end the scan.
_CUT = ("script", "style")
_RAW_TEXT = ("title", "textarea", "xmp", "iframe", "noembed", "noframes")
_FOREIGN = ("svg", "math")
_STOPS = ("plaintext", "frameset")


@overload
def lean_markup(markup: bytes) -> bytes: ...
@overload
def lean_markup(markup: str) -> str: ...
def lean_markup(markup: bytes | str) -> bytes | str:
    """``markup`` (bytes in an ASCII-compatible encoding, or str) without the text of its
    scripts but JSON-LD, the text of its style sheets, and its comments, of the same
    type; ``markup`` itself when there is nothing to cut."""
    if _lean_c is not None:
        return _lean_c(markup)
    return lean_markup_py(markup)


def lean_markup_py(markup: bytes | str) -> bytes | str:
    """``lean_markup`` in Python (bytes are read as Latin-1, one character a byte)."""
    text = markup.decode("latin-1") if isinstance(markup, bytes) else markup
    cuts = _cuts(text)
    if not cuts:
        return markup
    pieces, start = [], 0
    for cut_from, cut_to in cuts:
        pieces.append(text[start:cut_from])
        start = cut_to
    pieces.append(text[start:])
    lean = "".join(pieces)
    return lean.encode("latin-1") if isinstance(markup, bytes) else lean


def _fold(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _alpha(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _name_ends(text: str, at: int) -> bool:
    return at >= len(text) or text[at] in _SPACE or text[at] in "/>"


def _end_tag(text: str, at: int, name: str) -> int:
    """The next "</name" that ends a raw text element ``name`` (a delimiter after it)."""
    while (at := text.find("<", at)) >= 0:
        after = at + 2 + len(name)
        if (
            text.startswith("/", at + 1)
            and _fold(text[at + 2 : after]) == name
            and after < len(text)
            and _name_ends(text, after)
        ):
            return at
        at += 1
    return -1


def _tag_end(text: str, at: int) -> tuple[int, bool]:
    """The position after the ">" that ends the tag whose name ends at ``at`` (-1 when the
    text ends first), and whether "/>" ended it. Each run of characters is one regex
    match, so that a long name or value costs no Python step a character."""
    n = len(text)
    while True:
        before = at
        at = _past(_SEPARATORS, text, at)
        if at >= n:
            return -1, False
        if text[at] == ">":
            return at + 1, at > before and text[at - 1] == "/"
        at = _past(_NAME_RUN, text, at + 1)
        at = _past(_SPACES, text, at)
        if at >= n:
            return -1, False
        if text[at] != "=":
            continue
        at = _past(_SPACES, text, at + 1)
        if at >= n:
            return -1, False
        if text[at] in "\"'":
            close = text.find(text[at], at + 1)
            if close < 0:
                return -1, False
            at = close + 1
            continue
        at = _past(_BARE_RUN, text, at)


def _past(run: re.Pattern[str], text: str, at: int) -> int:
    """Where ``run`` matched at ``at`` ends (a run may be empty: it always matches)."""
    found = run.match(text, at)
    return found.end() if found is not None else at


def _comment_end(text: str, at: int) -> int:
    """The position after the comment opening at ``at``, or -1 if it never ends."""
    if text.startswith(">", at + 4):
        return at + 5
    if text.startswith("->", at + 4):
        return at + 6
    dash = at + 4
    while (dash := text.find("--", dash)) >= 0:
        end = dash + 2
        while text.startswith("-", end):
            end += 1
        if text.startswith(">", end):
            return end + 1
        if text.startswith("!>", end):
            return end + 2
        dash += 1
    return -1


def _joins(text: str, start: int, end: int) -> bool:
    """Whether cutting ``text[start:end]`` joins its sides into what they were not: "\\r"
    and "\\n" into one line break, or a character reference's start ("&amp", "&#38") and
    what follows into a longer one."""
    if text.endswith("\r", 0, start) and text.startswith("\n", end):
        return True
    at = start - 1
    while at >= 0 and start - at <= _REFERENCE_MAX and (_alpha(text[at]) or text[at] in _DIGITS):
        at -= 1
    return at >= 0 and text[at] == "&"


def _escapes(text: str, start: int, end: int) -> bool:
    """Whether "<!--" then "<script" (a delimiter after it) are in ``text[start:end]``."""
    opened = text.find("<!--", start, end)
    if opened < 0:
        return False
    at = opened + 4
    while (at := text.find("<", at, end)) >= 0:
        if _fold(text[at + 1 : at + 7]) == "script" and _name_ends(text, at + 7):
            return True
        at += 1
    return False


def _cuts(text: str) -> list[tuple[int, int]]:
    cuts: list[tuple[int, int]] = []
    n = len(text)
    at = 0
    while (at := text.find("<", at)) >= 0 and at + 1 < n:
        char = text[at + 1]
        if char == "!":
            if text.startswith("--", at + 2):
                end = _comment_end(text, at)
                if end < 0:
                    return cuts
                if not _joins(text, at, end):
                    cuts.append((at, end))
                at = end
                continue
            at = text.find(">", at + 2)  # a doctype, or a bogus comment
            if at < 0:
                return cuts
            continue
        if char == "?" or (char == "/" and (at + 2 >= n or not _alpha(text[at + 2]))):
            if char == "/" and text.startswith(">", at + 2):
                at += 3
                continue
            at = text.find(">", at + 2)  # a bogus comment
            if at < 0:
                return cuts
            continue
        closing = char == "/"
        name = at + 1 + closing
        if not _alpha(text[name]):
            at += 1
            continue
        name_end = _past(_TAG_NAME_RUN, text, name + 1)
        tag_end, self_closing = _tag_end(text, name_end)
        if tag_end < 0:
            return cuts
        at = tag_end
        tag = _fold(text[name:name_end])
        if closing or tag not in (*_CUT, *_RAW_TEXT, *_FOREIGN, *_STOPS):
            continue
        if tag in _STOPS:
            return cuts
        if tag in _FOREIGN:
            if self_closing:
                continue
            end = _end_tag(text, tag_end, tag)
            if end < 0 or any(
                _fold(text[inner + 1 : inner + 1 + len(other)]) == other
                and _name_ends(text, inner + 1 + len(other))
                for inner in _positions(text, "<", tag_end, end)
                for other in _FOREIGN
            ):
                return cuts
            at = end
            continue
        end = _end_tag(text, tag_end, tag)
        if end < 0:
            return cuts
        cut = tag == "style"
        if tag == "script":
            if _escapes(text, tag_end, end):
                return cuts
            # JSON-LD, or a type that a character reference may spell so.
            start_tag = _fold(text[name:tag_end])
            cut = "ld+json" not in start_tag and "&" not in start_tag
        if cut and end > tag_end:
            cuts.append((tag_end, end))
        at = end
    return cuts


def _positions(text: str, char: str, start: int, end: int) -> list[int]:
    found = []
    while (start := text.find(char, start, end)) >= 0:
        found.append(start)
        start += 1
    return found
