"""How the extractor finds elements: selector lists shaped for Lexbor's matcher, and
the walks in C that stand in for its costliest queries.

Lexbor tests every selector of a list, or of an ``:is()``, on every element it walks.
A query's cost therefore grows with the number of selectors in it far more than with
the number of elements it finds: over the zyte pages one walk costs about as much as
one more selector in a list. ``each_once``, ``by_attribute`` and ``by_shared_start``
write a list of rules as one query that keeps the rules' meaning and tests as few
selectors per element as it can.

Where tasks/extract/_lexbor.c is built and selectolax is a version it was tested on
(``COMPILED_QUERIES``), ``css``/``css_first`` run a selector parsed once (``Query``),
and ``with_tags``, ``judged_marks`` and ``Matching`` find elements by tag id or by
plain attribute tests in one walk, without Lexbor's matcher. Each answers what the
query it stands for answers (tests/hostile/test_properties.py); elsewhere the query is
run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from selectolax.lexbor import LexborHTMLParser, LexborNode

_CompiledQuery: Callable[[str], _lexbor.Query] | None
try:  # setup.py builds it; see _lexbor.c
    from tasks.extract import _lexbor

    _CompiledQuery = _lexbor.Query
except ImportError:  # not built, or a selectolax that does not export Lexbor's functions
    _CompiledQuery = None

# A Query makes its wrappers with LexborNode's Cython constructor, whose place in the
# module's vtable is fixed by selectolax's .pxd: compiled queries are used only with the
# versions they were tested on (tests/hostile/test_properties.py), and a later one is
# queried through selectolax's API until it has been. pyproject.toml pins the tested
# version, so that an install gets the fast path; moving the pin means running those
# properties on the new version and adding it here.
_TESTED_SELECTOLAX = ("1.0.2",)
try:
    _SELECTOLAX = version("selectolax")
except PackageNotFoundError:  # pragma: no cover - installed some other way
    _SELECTOLAX = ""
COMPILED_QUERIES = _CompiledQuery is not None and _SELECTOLAX in _TESTED_SELECTOLAX
# Text lengths counted in C need the place of a text node's data, which _lexbor.c finds
# on a node made for the purpose when it is imported.
_COUNTED_TEXT = COMPILED_QUERIES and bool(getattr(_lexbor, "TEXT_READ", 0))
_MAX_QUERIES = 512

# A selector that is one attribute test, "[name]" or "[name<op>value]": the name.
_ATTRIBUTE_TEST_RE = re.compile(r"\[([\w-]+)(?:[~|^$*]?=(?:\"[^\"]*\"|'[^']*'|[^\]]*))?\]")
# A substring test, "[name*="value"]": the name and the value.
_SUBSTRING_TEST_RE = re.compile(r'\[([\w-]+)\*="([^"]+)"( i)?\]')


class Query:
    """A selector parsed once: ``find(node)`` answers ``node.css(selector)`` and
    ``first(node)`` answers ``node.css_first(selector)``. Selectolax parses the
    selector again at every call and sets up the parser's memory each time, which on a
    small subtree costs more than the walk; the compiled query (_lexbor.c) does not."""

    __slots__ = ("find", "first", "selector")

    def __init__(self, selector: str) -> None:
        self.selector = selector
        self.find: Callable[[LexborNode], list[LexborNode]]
        self.first: Callable[[LexborNode], LexborNode | None]
        if COMPILED_QUERIES and _CompiledQuery is not None:
            compiled = _CompiledQuery(selector)
            self.find, self.first = compiled.find, compiled.first
        else:
            self.find = lambda node: node.css(selector)
            self.first = lambda node: node.css_first(selector)


_QUERIES: dict[str, Query] = {}


def query(selector: str) -> Query:
    """The ``Query`` of ``selector``, made on first use and kept (the rules' selectors
    are a fixed set; past ``_MAX_QUERIES`` a selector is parsed for the call alone)."""
    found = _QUERIES.get(selector)
    if found is None:
        found = Query(selector)
        if len(_QUERIES) < _MAX_QUERIES:
            _QUERIES[selector] = found
    return found


def css(node: LexborNode | LexborHTMLParser, selector: str) -> list[LexborNode]:
    """``node.css(selector)``, the selector parsed once (``query``)."""
    if isinstance(node, LexborHTMLParser):
        root = node.root
        return query(selector).find(root) if root is not None else []
    return query(selector).find(node)


def css_first(node: LexborNode | LexborHTMLParser, selector: str) -> LexborNode | None:
    """``node.css_first(selector)``, the selector parsed once (``query``)."""
    if isinstance(node, LexborHTMLParser):
        root = node.root
        return query(selector).first(root) if root is not None else None
    return query(selector).first(node)


def each_once(selectors: Iterable[str]) -> str:
    """One selector matching what any of ``selectors`` match: inside ``:is()`` a node is
    found once, in document order, where a plain list reports it once per selector it
    matches (and every duplicate costs a handle, a hash or a text read)."""
    return ":is(" + ", ".join(selectors) + ")"


def by_attribute(selectors: Iterable[str]) -> str:
    """``each_once(selectors)``, with the tests of one attribute behind one test of its
    presence: ``[role]:is([role="banner"], [role="dialog"])``. An element without the
    attribute, which is most of them, then costs one test instead of one per value.
    Within a group, substring tests go through ``by_shared_start``. A selector that is
    not a single attribute test stays as it is."""
    groups: dict[str, list[str]] = {}
    for selector in selectors:
        test = _ATTRIBUTE_TEST_RE.fullmatch(selector)
        groups.setdefault(test[1] if test else selector, []).append(selector)
    return each_once(
        members[0] if len(members) == 1 else f"[{name}]{by_shared_start(members)}"
        for name, members in groups.items()
    )


def by_shared_start(selectors: Iterable[str]) -> str:
    """``each_once(selectors)``, with substring tests of one attribute whose values
    start alike behind one test of their common start: ``[class*="sub"]:is(
    [class*="subtitle"], [class*="sub-title"])``. Lexbor compares a substring at every
    position of the value, so each one costs an element about as much as the next;
    behind the test of "sub", the elements whose class lacks it (most) cost one.
    A value holds each of the longer ones only if it holds their start, so the
    selector finds the same elements."""
    groups: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for selector in selectors:
        test = _SUBSTRING_TEST_RE.fullmatch(selector)
        # Tests that ignore case (" i") are gated by one that ignores it too.
        key = (test[1], test[2][:2], test[3] or "") if test else (selector, "", "")
        groups.setdefault(key, []).append((selector, test[2] if test else ""))
    parts = []
    for (name, _, flag), members in groups.items():
        if len(members) == 1:
            parts.append(members[0][0])
            continue
        start = members[0][1]
        for _, value in members:
            while not value.startswith(start):
                start = start[:-1]  # two characters at least: those of the group's key
        gate = f'[{name}*="{start}"{flag}]'
        parts.append(f"{gate}{each_once(selector for selector, _ in members)}")
    return each_once(parts)


def fixed_tag_id(name: str) -> int | None:
    """Lexbor's id of a standard tag, the same in every page; None for a name Lexbor
    does not know, whose id each page makes up anew."""
    first, second = LexborHTMLParser(""), LexborHTMLParser("")  # both alive: no reuse
    ids = {first.create_node(name).tag_id, second.create_node(name).tag_id}
    return ids.pop() if len(ids) == 1 else None


def tag_ids(names: Iterable[str]) -> frozenset[int]:
    """Lexbor's ids of standard tags, which are fixed numbers (unlike a custom tag's):
    comparing ``node.tag_id`` costs less than decoding ``node.tag``."""
    factory = LexborHTMLParser("")
    return frozenset(factory.create_node(name).tag_id for name in names)


def with_tags(node: LexborNode, ids: frozenset[int], query: str = "") -> list[LexborNode]:
    """What ``node.css(", ".join(names))`` finds for the tags whose ids (``tag_ids``)
    are ``ids``: ``node`` and the elements under it that have one of them, in document
    order. A type selector is one more test on every element walked: one walk that
    tells elements apart by id costs less once a list holds more than a handful of
    tags (the 27 block tags: less than half). The walk is in C (_lexbor.c) where it is
    built; elsewhere the elements ``query`` finds are told apart by id (a query that
    finds them all and fewer others than the whole page), or, with no query, every
    element of the page is, in Python."""
    if COMPILED_QUERIES:
        return _lexbor.elements(node, tuple(ids))
    found = css(node, query) if query else node.traverse()
    return [element for element in found if element.tag_id in ids]


_TAG_NAME_RE = re.compile(r"[a-z][a-z0-9]*")
# A selector that is one attribute test and nothing else: name, operator, quoted value.
# The attributes whose values a selector compares ASCII-case-insensitively in an HTML
# document (HTML's list, which Lexbor follows): [type="application/ld+json"] finds
# type="Application/LD+JSON".
_CASE_FREE_VALUES = frozenset(
    (
        *("accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset"),
        *("checked", "clear", "codetype", "color", "compact", "declare", "defer", "dir"),
        *("direction", "disabled", "enctype", "face", "frame", "hreflang", "http-equiv"),
        *("lang", "language", "link", "media", "method", "multiple", "nohref", "noresize"),
        *("noshade", "nowrap", "readonly", "rel", "rev", "rules", "scope", "scrolling"),
        *("selected", "shape", "target", "text", "type", "valign", "valuetype", "vlink"),
    )
)
# A selector that is one attribute test, on any element or on one tag's: the tag,
# name, operator, quoted value.
_SIMPLE_TEST_RE = re.compile(r'([a-z][a-z0-9]*)?\[([a-z][\w-]*)(?:(=|\*=)"([^"\\]*)")?\]')


class Matching:
    """The elements under a node that one of ``selectors`` matches, in document order:
    what ``node.css(", ".join(selectors))`` finds (each once). Where every selector is
    a plain attribute test (``[name]``, ``[name="value"]``, ``[name*="value"]``), on
    any element or a standard tag's (``meta[content]``), or a standard tag, one walk
    in C (_lexbor.c) tests them, compared as Lexbor compares; otherwise, or without the
    C module, the query is run."""

    __slots__ = ("_query", "_tags", "_tests")

    def __init__(self, selectors: Iterable[str], query: str | None = None) -> None:
        """``query``: the selectors as one query shaped for Lexbor (``by_attribute``),
        run where the walk is not; by default ``each_once(selectors)``."""
        selectors = tuple(selectors)
        self._query = query or each_once(selectors)
        tests: list[tuple[str, str, str, int, bool]] = []
        tags: list[int | None] = []
        for selector in selectors:
            test = _SIMPLE_TEST_RE.fullmatch(selector)
            if test is not None:
                tag = fixed_tag_id(test[1]) if test[1] else 0  # 0: any element
                name = test[2]
                tests.append(
                    (name, test[3] or "", test[4] or "", tag or 0, name in _CASE_FREE_VALUES)
                )
                if tag is None:
                    tags.append(None)  # a custom tag's id is the page's own: queried
            else:
                tags.append(fixed_tag_id(selector) if _TAG_NAME_RE.fullmatch(selector) else None)
        plain = None not in tags
        self._tests = tuple(tests) if plain else None
        self._tags = tuple(sorted(tag for tag in tags if tag is not None))

    @property
    def walked(self) -> bool:
        """Whether ``find`` is one walk in C."""
        return COMPILED_QUERIES and self._tests is not None

    def find(self, node: LexborNode) -> list[LexborNode]:
        if self.walked and self._tests is not None:
            return _lexbor.matching(node, self._tests, self._tags)
        return css(node, self._query)


Judged = tuple[LexborNode, int, int]  # an element, its verdict, its tag id


@dataclass(frozen=True, slots=True)
class MarkJudge:
    """How ``judged_marks`` judges an element's class and id: ``memo`` holds verdicts by
    (class, id); a pair it lacks is judged token by token (the class and id lower-cased
    and split at whitespace), each token's verdict from ``tokens`` or else
    ``judge_token(token)`` (``tokens`` is emptied when it holds ``token_max``), the
    pair's the strongest of its tokens' (1 content, before 2 boilerplate, before 3
    weak; only 1 counts without ``by_class``), or by ``judge(class, id)`` where either
    is outside ASCII."""

    memo: dict[tuple[str | None, str | None], int]
    judge: Callable[[str | None, str | None], int]
    tokens: dict[str, int]
    judge_token: Callable[[str], int]
    by_class: bool
    token_max: int


def judged_marks(
    node: LexborNode, unmarked: tuple[int, ...], tagged: tuple[int, ...], judge: MarkJudge
) -> list[Judged] | None:
    """What ``node.css("[class]:not(u), [id]:not(u), t")`` finds, for the tags ``u``
    among ``unmarked`` and ``t`` among ``tagged`` (tag ids, ``tag_ids``), each element
    with the verdict of its class and id as ``attributes`` reads them (``judge``) and
    its tag id; an element judged 0 is left out unless it has one of the tags ``t``.
    One walk in C (_lexbor.c), which judges ASCII marks itself and makes no wrapper for
    the elements it leaves out, most of a page's; None where it is not built."""
    if not COMPILED_QUERIES:
        return None
    return _lexbor.judged(
        node,
        unmarked,
        tagged,
        judge.memo,
        judge.judge,
        judge.tokens,
        judge.judge_token,
        judge.by_class,
        judge.token_max,
    )


def _read_length(
    node: LexborNode,
    /,
    *,
    deep: bool = True,
    separator: str = "",
    strip: bool = False,
    strip_whole: bool = False,
    limit: int = -1,
) -> int:
    text = node.text(deep=deep, separator=separator, strip=strip)
    return len(text.strip() if strip_whole else text)


# ``text_length(node, *, deep=True, separator="", strip=False, strip_whole=False,
# limit=-1)``: ``len(node.text(deep=deep, separator=separator, strip=strip))``, or the
# length of that text's ``.strip()`` with ``strip_whole``. Where ``limit`` is 0 or more,
# any number above it may be answered for a longer text: the count may stop there.
#
# Most of the extractor's reads of a node's text ask only how long it is. Selectolax
# decodes each text node into a string (and strips it) to join them; the count in C
# (_lexbor.c) reads the UTF-8 bytes where they are and builds nothing. It reads the text
# where it cannot count (a separator other than "" or " ", data that is not valid
# UTF-8); without the C module, the text is always read.
text_length = _lexbor.text_length if _COUNTED_TEXT else _read_length


def short_texts(nodes: list[LexborNode], limit: int, *, strip: bool) -> list[str | None] | None:
    """For each of ``nodes`` (elements in document order) its text joined with spaces
    (each fragment stripped if ``strip``, else the whole), where it is no longer than
    ``limit`` characters, else None; measured last to first, and the ancestors of a
    longer one passed over. In C (_lexbor.c), where only the short texts are built;
    None where it is not."""
    return _lexbor.short_texts(nodes, limit, strip) if _COUNTED_TEXT else None


def doomed_suspects(
    suspects: list[LexborNode], protected: set[int], doomed: set[int], limit: float
) -> list[LexborNode] | None:
    """The ``suspects`` (elements in document order) that go, in order: each whose
    ``mem_id`` is not in ``protected`` and whose parent or grandparent went (``doomed``,
    then those found), or whose text, each fragment stripped, is no longer than
    ``limit``. In C (_lexbor.c), where no wrapper is made for a parent; None where it is
    not built."""
    if not _COUNTED_TEXT:
        return None
    return _lexbor.doomed(suspects, protected, doomed, int(limit))
