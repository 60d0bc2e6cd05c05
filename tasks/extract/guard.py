"""Hostile-input guard: cheap checks on a page's raw text before anything parses it.

The HTML parser and the extractor behind it take time that grows faster than the page
for a few shapes that no real article has: elements nested tens of thousands deep (the
parser's scope checks walk the whole stack of open elements), thousands of attributes
on one element, hundreds of thousands of elements, multi-megabyte JSON-LD. Each check
here runs in C-speed scans (``str.count``, one regex pass) and bounds one of them, so
that no page costs more than about a second or a bounded amount of memory.

``check_input`` says why a page is refused (or None); ``defuse_input`` returns the page
with the parts that are only expensive, never needed, removed (a degraded extraction
rather than none). ``guard_page`` checks the page lean (lean.py: without its script and
style text and its comments), which is what the parser then reads; the cut is one
linear pass that bounds nothing itself, and runs after the size limit only. The limits
are many times what the evaluation corpus needs: its largest page has 5.3 M characters,
21,646 '<', nesting ~1,400 deep by this estimate, 153 KB of JSON-LD (all measured on
the whole page).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tasks.extract import lean as lean_cut
from tasks.extract.encoding import cut_before_decoding, decode_html, decode_utf8
from tasks.extract.lean import lean_markup

_scan_tags_within: Callable[[str, int], bool] | None
_scan_tag_counts: Callable[[str], tuple[int, int]] | None
try:  # the attribute and tag counts in C (setup.py builds them; see _guardscan.c)
    from tasks.extract._guardscan import tag_counts as _scan_tag_counts
    from tasks.extract._guardscan import tags_within as _scan_tags_within
except ImportError:  # not built (no compiler where pressroom was installed): the regex
    _scan_tags_within = _scan_tag_counts = None


@dataclass(frozen=True, slots=True)
class InputLimits:
    """What a page may hold before the extractor refuses it (or drops the excess)."""

    # Characters (or bytes, before decoding) of the whole page.
    max_chars: int = 8 * 1024 * 1024
    # '<' characters: an upper bound on tags, which bounds elements.
    max_tags: int = 60_000
    # Estimated depth of nesting (tags that need a closing tag).
    max_depth: int = 3_000
    # Attributes on one element.
    max_attributes: int = 2_000
    # A JSON-LD block larger than this is dropped: metadata comes from the other tags.
    max_json_ld_chars: int = 512 * 1024


DEFAULT_LIMITS = InputLimits()
# Every reason the guard gives starts so, for callers that tell a refusal from a page
# that parsed and is not an article (the pipeline makes the former an error row).
REFUSED = "refused: "

# Elements that never deepen the tree: void elements, and those whose end tag is optional
# (an open <p> or <li> is closed by the next one).
_FLAT = frozenset(
    (
        *("area", "base", "br", "col", "embed", "hr", "img", "image", "input", "link", "meta"),
        *("source", "track", "wbr", "param", "keygen", "frame", "p", "li", "dt", "dd", "tr"),
        *("td", "th", "option", "optgroup", "rb", "rt", "rp", "colgroup", "caption", "thead"),
        *("tbody", "tfoot", "html", "head", "body"),
    )
)


def _steps() -> dict[str, int]:
    # 0 for a flat element; other names are +1 when opening, -1 when closing (see _depth).
    steps: dict[str, int] = {}
    for name in _FLAT:
        for spelling in (name, name.upper(), name.capitalize()):
            steps[spelling] = 0
            steps["/" + spelling] = 0
    return steps


_STEPS = _steps()
# SVG and MathML leaves, which close themselves when written "<path/>" (in HTML "<div/>"
# does not: it opens a div, so a self-closing slash alone proves nothing).
_FOREIGN_LEAVES = "path|circle|ellipse|line|polygon|polyline|rect|use|stop|animate|set|tspan|mspace"
# Tag names with "/" for a closing tag.
_NAME_RE = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*)")
# Per tag: (foreign leaf closed by "/>", or else the tag name with "/" for a closing tag).
_TAG_RE = re.compile(rf"<(?:((?ai:{_FOREIGN_LEAVES}))(?=[\s/])[^<>]*/>|(/?[a-zA-Z][a-zA-Z0-9]*))")
# One attribute as the HTML tokenizer reads it from "before attribute name" on:
# separators, then a name, which may hold quotes and "<" and may start with "=", then
# an optional value, quoted or bare. After a quoted value the next name may follow
# without a separator. Python's \s is wider than HTML's whitespace, so the count can
# only come out higher than the tokenizer's, never lower. Possessive, so linear; the
# commonest value, ="...", is tried first on its own.
_ATTRIBUTE = (
    r"""[\s/]*+[^\s/>][^\s/>=]*+"""
    r"""(?:="[^"]*+"|\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+"""
)
# Elements whose text the parser reads as text (outside foreign content: script data,
# RAWTEXT and RCDATA; not <noscript>, whose content is markup to a parser that runs no
# script, nor <plaintext>, left as markup, which counts more); elements whose content
# it reads as markup, these included; and those after which it may do so anywhere
# (``_tags_within``).
_RAW_TEXT_TAGS = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
_FOREIGN_TAGS = ("svg", "math")
_MARKUP_FROM_TAGS = (*_FOREIGN_TAGS, "frameset")
_JSON_LD_RE = re.compile(r"<script\b[^<>]*?ld\+json[^<>]*>", re.IGNORECASE)
_SCRIPT_END_RE = re.compile(r"</script", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class GuardedPage:
    """A page past the guard: its text, or why it is refused, and what to parse."""

    # The page lean (``lean_markup``: no script or style text, no comments), decoded.
    text: str
    refused: str | None
    # The lean UTF-8 bytes when ``text`` is exactly them decoded, else ``text``: the
    # parser reads UTF-8, and handing it the bytes saves encoding the page again.
    markup: str | bytes
    # The page as it came, scripts and all.
    source: str | bytes = ""

    def source_text(self) -> str:
        """The whole page as text, scripts included (decoded only when asked)."""
        return self.source if isinstance(self.source, str) else decode_html(self.source)


def guard_input(html: str | bytes, limits: InputLimits = DEFAULT_LIMITS) -> tuple[str, str | None]:
    """``(text, None)``: the page decoded and defused, for the extractor to parse; or
    ``(text, reason)``: why the page is refused (``text`` may then be empty).

    Never raises. Costs a few linear scans, a sixth of what extraction costs on the
    zyte pages (the tag-by-tag attribute count is most of it).
    """
    page = guard_page(html, limits)
    return page.text, page.refused


def guard_page(html: str | bytes, limits: InputLimits = DEFAULT_LIMITS) -> GuardedPage:
    """``guard_input`` as a record that also carries the markup to parse."""
    if len(html) > limits.max_chars:
        unit = "bytes" if isinstance(html, bytes) else "characters"
        too_large = f"{REFUSED}page too large: {len(html):,} {unit} (limit {limits.max_chars:,})"
        return GuardedPage("", too_large, "")
    if not lean_cut.COMPILED:
        return _guard_whole(html, limits)
    text, lean = _lean_text(html)
    reason = check_input(text, limits)
    if reason is not None:
        return GuardedPage(text, reason, text, html)
    defused = defuse_input(text, limits)
    markup = lean if defused is text else defused
    return GuardedPage(defused, None, markup, html)


def _guard_whole(html: str | bytes, limits: InputLimits) -> GuardedPage:
    """``guard_page`` where the cut is not built in C: the limits are checked on the whole
    page before the Python cut reads it tag by tag, so that it never reads more tags,
    or longer ones, than they allow (a page refused here may pass with the C cut: five
    hundred thousand comments)."""
    text = html if isinstance(html, str) else decode_html(html)
    reason = check_input(text, limits)
    if reason is not None:
        return GuardedPage(text, reason, text, html)
    lean = lean_markup(text)
    defused = defuse_input(lean, limits)
    return GuardedPage(defused, None, defused, html)


def _lean_text(html: str | bytes) -> tuple[str, str | bytes]:
    """The page decoded and lean (``lean_markup``), and what the parser is to read of it:
    the lean bytes where the text is exactly them read as UTF-8, else the text. The
    limits of ``check_input`` then hold for what the parser reads.

    UTF-8 bytes are made lean before they are decoded, so that only the lean part is
    decoded: an ASCII byte in UTF-8 is that character, as the cut reads it. Other pages
    (a declared or guessed code page, a BOM, ISO-2022's escapes) are decoded whole
    first, since in some encodings an ASCII byte is not always that character (a "<"
    inside ISO-2022-JP's two-byte text, or in UTF-16)."""
    if isinstance(html, str):
        text = lean_markup(html)
        return text, text
    if cut_before_decoding(html):
        lean = lean_markup(html)
        utf8 = decode_utf8(lean)
        if utf8 is not None:
            text, exact = utf8
            return text, lean if exact else text
    text = lean_markup(decode_html(html))
    return text, text


def check_input(text: str, limits: InputLimits = DEFAULT_LIMITS) -> str | None:
    """Why ``text`` is refused before parsing, or None when it may be parsed."""
    if len(text) > limits.max_chars:
        return f"{REFUSED}page too large: {len(text):,} characters (limit {limits.max_chars:,})"
    tags, closing = tag_counts(text)
    if tags > limits.max_tags:
        return f"{REFUSED}too many tags: {tags:,} '<' (limit {limits.max_tags:,})"
    # Fewer opening tags cannot nest deeper, and no '<' that opens a tag is one of "</".
    if tags > limits.max_depth and tags - closing > limits.max_depth:
        depth = _exceeds_depth(text, limits.max_depth)
        if depth is not None:
            limit = limits.max_depth
            return f"{REFUSED}elements nested too deep: about {depth:,} levels (limit {limit:,})"
    limit = limits.max_attributes
    if len(text) > 2 * limit and not tags_within(text, limit):
        return f"{REFUSED}an element with more than {limit:,} attributes"
    return None


def tag_counts(text: str) -> tuple[int, int]:
    """``(text.count("<"), text.count("</"))``: in C where it was built, in one pass."""
    if _scan_tag_counts is not None:
        return _scan_tag_counts(text)
    return text.count("<"), text.count("</")


def tags_within(text: str, limit: int) -> bool:
    """Whether every tag of ``text``, start or end, has at most ``limit`` attributes,
    read as the HTML tokenizer reads them (``_tags_within``). The C scan answers the
    same as the regex, in a fraction of its time; the regex is used where the C module
    was not built."""
    if _scan_tags_within is not None:
        return _scan_tags_within(text, limit)
    return _tags_within(limit).fullmatch(text) is not None


def nesting_depth(text: str) -> int:
    """An estimate of how deep ``text`` nests its elements, from its tags alone.

    Counts the tags that open and close a level (not void elements, elements with an
    optional end tag, or self-closed SVG/MathML leaves); a stray closing tag never takes
    the count below zero. Exact for well-formed markup, close for the rest.
    """
    return _depth([name for leaf, name in _TAG_RE.findall(text) if not leaf])


def _exceeds_depth(text: str, limit: int) -> int | None:
    """The estimated depth if it exceeds ``limit``, else None; the precise estimate only
    when a quicker one, blind to self-closed SVG leaves, cannot decide."""
    quick = _depth(_NAME_RE.findall(text))
    if quick <= limit:
        return None
    # Each "/>" can have added at most one level that a self-closed leaf does not.
    if quick - text.count("/>") > limit:
        return quick
    depth = nesting_depth(text)
    return depth if depth > limit else None


def _depth(names: list[str]) -> int:
    steps = np.fromiter(
        (_STEPS.get(name, -1 if name[0] == "/" else 1) for name in names),
        dtype=np.int8,
        count=len(names),
    )
    if not steps.size:
        return 0
    level = np.cumsum(steps, dtype=np.int64)
    floor = np.minimum(np.minimum.accumulate(level), 0)  # stray closing tags: never below 0
    return int((level - floor).max())


@functools.cache
def _tags_within(limit: int) -> re.Pattern[str]:
    """A pattern matching a whole page whose every tag, start or end, has at most
    ``limit`` attributes.

    The parser spends time on an element that grows with the square of its attributes
    (20,000 take half a second), end tags included. The page is read from start to end
    as the tokenizer reads it, one tag after the other, so that a "<" inside a quoted
    value or an attribute name starts no tag of its own.

    The text of <script>, <style>, <textarea> and the other raw-text elements is
    skipped (a script's "i <n; ..." is no tag), except where the parser reads it as
    markup: inside <svg> or <math>, which are read to their own end tag, and from a
    nested <svg> or <math>, or a <frameset>, to the end of the page. Skipping ends at
    the first "</" and raw-text element name, no later than the parser's text does.
    Element names are matched in ASCII case only, as the tokenizer does: to Python's
    Unicode case folding "<\u017fcript>" (a long s) would be a <script>, whose text is
    skipped, where the parser reads it as text and the tags after it as tags.
    """
    attributes = rf"(?:{_ATTRIBUTE}){{0,{limit}}}+(?!{_ATTRIBUTE})"
    # Most end tags are a name and ">": without a quote no value can hide a ">", and
    # fewer than 2 * limit characters hold fewer than limit attributes. Read in one
    # step, they skip the attribute-by-attribute reading.
    plain_end_tag = rf"/[a-zA-Z][^<>\"']{{0,{2 * limit - 2}}}+>"
    markup = rf"(?:{plain_end_tag}|/?[a-zA-Z][^\s/>]*+{attributes}|(?!/?[a-zA-Z]))"
    name_end = r"(?![^\s/>])"
    raw_names = "|".join(_RAW_TEXT_TAGS)
    raw_text = (
        rf"(?ai:{raw_names}){name_end}{attributes}[\s/]*+>(?:[^<]++|<(?!/(?ai:{raw_names})))*+"
    )
    # A foreign element's region ends at its own end tag; one holding a nested start,
    # whose end it could not tell from its own, ends nowhere (the page's rest).
    foreign_names = "|".join(_FOREIGN_TAGS)
    foreign = "|".join(
        rf"(?ai:{name}){name_end}{attributes}"
        rf"(?:[^<]++|<(?!(?ai:{foreign_names}){name_end}|/(?ai:{name}){name_end}){markup})*+"
        rf"(?=</(?ai:{name}){name_end})"
        for name in _FOREIGN_TAGS
    )
    markup_names = "|".join(_MARKUP_FROM_TAGS)
    html = rf"(?!(?ai:{markup_names}){name_end}){markup}"
    # The commonest tags first: end tags, and start tags whose name cannot be one of
    # the elements above (each alternative tried costs every tag a little).
    names = (*_RAW_TEXT_TAGS, *_MARKUP_FROM_TAGS)
    initials = "".join(sorted({letter for name in names for letter in (name[0], name[0].upper())}))
    common = rf"{plain_end_tag}|(?![{initials}])[a-zA-Z][^\s/>]*+{attributes}"
    rest = rf"<(?ai:{markup_names}){name_end}{attributes}(?:[^<]++|<{markup})*+"
    return re.compile(rf"[^<]*+(?:<(?:{common}|{raw_text}|{foreign}|{html})[^<]*+)*+(?:{rest})?")


def defuse_input(text: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """``text`` without the parts that are only expensive: JSON-LD blocks longer than
    ``limits.max_json_ld_chars`` are emptied (the page's other metadata remains)."""
    if len(text) <= limits.max_json_ld_chars:  # no block that long fits
        return text
    pieces: list[str] = []
    last = position = 0
    while (start := _JSON_LD_RE.search(text, position)) is not None:
        end = _SCRIPT_END_RE.search(text, start.end())
        stop = end.start() if end is not None else len(text)
        if stop - start.end() > limits.max_json_ld_chars:
            pieces.append(text[last : start.end()])
            last = stop
        position = stop
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)
