"""Property-based tests: whatever bytes arrive, extraction and the feed, sitemap, robots
and WARC readers return typed values (or their one documented error), never raise."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode
from warcio.warcwriter import WARCWriter

from tasks.archive import iter_warc
from tasks.discover import (
    DocumentError,
    feed_links,
    parse_feed,
    parse_lastmod,
    parse_sitemap,
    robots_sitemaps,
    sniff_kind,
)
from tasks.extract import _lexbor, extract_article, guard, metadata, rules, selectors, survey, text
from tasks.extract.guard import InputLimits, check_input, guard_input, nesting_depth
from tasks.extract.survey import Survey
from tasks.load import load_file
from tasks.pipeline import extract_page
from tests.hostile.support import PAGES, assert_typed, fetched

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTROL = (PAGES / "control_article.html").read_bytes()
TAGS = ["div", "p", "article", "span", "a", "table", "td", "script", "b", "svg", "path", "li"]

fragments = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "&#x0;", "&#xD800;", "&amp", "<", ">", '"', "/>"]),
    st.sampled_from(['<script type="application/ld+json">', '{"@type": "NewsArticle"', "]]"]),
    st.text(min_size=1, max_size=40),
)
html_soup = st.lists(fragments, max_size=80).map("".join)


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_extract_to_a_typed_result(body: bytes) -> None:
    assert_typed(extract_page(fetched(body)))
    assert_typed(extract_article(body, "https://hostile.test/x"))


@SETTINGS
@given(
    html_soup,
    st.sampled_from([None, "text/html", "text/html; charset=utf-16", "text/html; charset=bogus"]),
)
def test_tag_soup_extracts_to_a_typed_result(html: str, content_type: str | None) -> None:
    body = html.encode("utf-8", "surrogatepass")
    assert_typed(extract_page(fetched(body, content_type=content_type)))


@SETTINGS
@given(st.integers(min_value=0, max_value=len(CONTROL)), st.binary(max_size=16))
def test_truncated_or_spliced_article_extracts(cut: int, junk: bytes) -> None:
    assert_typed(extract_page(fetched(CONTROL[:cut])))
    assert_typed(extract_page(fetched(CONTROL[:cut] + junk + CONTROL[cut:])))


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text_including_lone_surrogates_extracts(text: str) -> None:
    assert_typed(extract_article(text, None))
    _, reason = guard_input(text)
    assert reason is None or reason.startswith("refused: ")


@SETTINGS
@given(
    st.lists(st.sampled_from(["<div>", "</div>", "<p>", "<path/>", "<b>", "</b>"]), max_size=200)
)
def test_nesting_estimate_is_never_negative_nor_above_the_tags(tags: list[str]) -> None:
    depth = nesting_depth("".join(tags))
    assert 0 <= depth <= sum(1 for t in tags if t in ("<div>", "<b>"))


xml_soup = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<rss>",
                "</rss>",
                "<feed>",
                "<urlset>",
                "<sitemapindex>",
                "<item>",
                "<entry>",
                "<url>",
                "<loc>",
                "</loc>",
                "<link>",
                "</link>",
                "<link href='x'/>",
                "<?xml version='1.0'?>",
                "<!DOCTYPE x [<!ENTITY e 'v'>]>",
                "&e;",
                "&amp;",
                "<![CDATA[",
                "]]>",
                "<lastmod>",
                "2024-13-45T99:00:00+99:00",
                "</item>",
                "</url>",
                "\x00",
                "\x1f\x8b",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=40,
).map("".join)


@SETTINGS
@given(
    st.one_of(st.binary(max_size=2048), xml_soup.map(lambda s: s.encode("utf-8", "surrogatepass")))
)
def test_feed_and_sitemap_readers_raise_only_document_errors(body: bytes) -> None:
    for parse in (parse_feed, parse_sitemap):
        try:
            parse(body, "https://hostile.test/feed.xml")
        except DocumentError as exc:
            assert exc.error_class and str(exc)
    assert sniff_kind(body) in ("rss", "atom", "sitemap", "sitemapindex", "html", "unknown")
    assert isinstance(feed_links(body, "https://hostile.test/"), list)
    assert isinstance(robots_sitemaps(body, "https://hostile.test/"), list)


@SETTINGS
@given(st.one_of(st.none(), st.text(max_size=40)))
def test_lastmod_parsing_never_raises(text: str | None) -> None:
    assert isinstance(parse_lastmod(text), dt.datetime | dt.date | type(None))


def _warc_bytes(bodies: list[bytes]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for i, body in enumerate(bodies):
        record = writer.create_warc_record(
            f"https://hostile.test/{i}", "resource", payload=io.BytesIO(body), length=len(body)
        )
        writer.write_record(record)
    return out.getvalue()


VALID_WARC = _warc_bytes([CONTROL, b"<p>two</p>", b"\x00\xff"])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.binary(max_size=2048),
        st.integers(min_value=0, max_value=len(VALID_WARC)).map(lambda n: VALID_WARC[:n]),
        st.tuples(st.integers(0, len(VALID_WARC) - 1), st.binary(min_size=1, max_size=8)).map(
            lambda c: VALID_WARC[: c[0]] + c[1] + VALID_WARC[c[0] + len(c[1]) :]
        ),
    )
)
def test_warc_reader_yields_pages_and_never_raises(tmp_path_factory: object, data: bytes) -> None:
    path = Path(tmp_path_factory.mktemp("warc")) / "fuzz.warc.gz"  # type: ignore[attr-defined]
    path.write_bytes(data)
    pages = list(iter_warc(path))
    bad = [p for p in pages if p.error_class == "BadWARC"]
    assert len(bad) <= 1 and (not bad or pages[-1] is bad[0])
    for page in pages:
        assert_typed(extract_page(page))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=1024), st.sampled_from(["page.html", "page.html.gz"]))
def test_saved_file_of_any_bytes_is_one_typed_page(
    tmp_path_factory: object, data: bytes, name: str
) -> None:
    path = Path(tmp_path_factory.mktemp("saved")) / name  # type: ignore[attr-defined]
    path.write_bytes(data)
    page = load_file(path)
    assert (page.body is None) == (page.error_class is not None)
    assert_typed(extract_page(page))


# Attributes as the tokenizer reads them where a simpler reading may see fewer: names
# holding quotes or "<", names starting with "=", values with no space after them,
# quoted ">" and "<"; inside start and end tags, among raw-text elements, foreign
# content and comments. "{n}" makes each name distinct (the parser keeps one of several
# attributes of the same name).
_ATTRIBUTES = st.sampled_from(
    [
        *(" a{n}", ' x"{n}', " x<{n}", " ={n}", "={n}", ' c{n}="v"', " d{n}='>'", ' e{n}=">"'),
        *("f{n}='<'", ' g{n}="a b"', " h{n}=i", " /", "/", " ", " '", ' "'),
    ]
)
_TAG_STARTS = st.sampled_from(["<div", "<p", "</div", "<svg", "<style", "<script", "<SVG", "<g"])
_MARKUP = st.one_of(
    st.builds(
        lambda start, attributes, end: start + "".join(attributes) + end,
        _TAG_STARTS,
        st.lists(_ATTRIBUTES, max_size=14),
        st.sampled_from([">", "/>", ""]),
    ),
    st.sampled_from(["<svg>", "</svg>", "<math>", "</math>", "<style>", "</style>", "<script>"]),
    st.sampled_from(["</script>", "<!--", "-->", "<frameset>", "<textarea>", "text ", "<"]),
    st.sampled_from(["</textarea>", "<title>", "</title>", "<xmp>", "<iframe>", "</iframe>"]),
    st.sampled_from(["<noembed>", "<noframes>", "</noframes>", "<noscript>", "<select>", "<mi>"]),
    # No raw-text element to the tokenizer, whatever Unicode case folding says.
    st.sampled_from(["<\u017fcript>", "<\u0130frame>", "<t\u0131tle>"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_MARKUP, max_size=30))
def test_a_page_the_attribute_guard_passes_has_no_element_over_the_limit(
    pieces: list[str],
) -> None:
    # Soundness against the parser itself: with a limit of 6, whatever the guard lets
    # through, no element Lexbor builds carries more than 6 attributes.
    names = itertools.count()
    markup = re.sub(r"\{n\}", lambda _: str(next(names)), "".join(pieces))
    text = "<html><body>" + markup
    limits = InputLimits(max_attributes=6)
    if check_input(text, limits) is not None:
        return
    tree = LexborHTMLParser(text)
    widest = max((len(node.attributes) for node in tree.root.traverse()), default=0)
    assert widest <= limits.max_attributes, text


# The attribute count runs in C (tasks/extract/_guardscan.c) where it is built, and the
# regex it transcribes is the specification: both must give the same answer on every
# page, at every limit, for each width of str (one-byte, two-byte and four-byte text).
_SCAN_CHARACTERS = st.sampled_from(
    [
        *("<", ">", "/", "=", '"', "'", " ", "\n", "\x1c", "\u3000", "a", "x", "é", "\u2014"),
        *("\U0001f600", "\u017fcript", "\u0130frame", "t\u0131tle", "SVG", "Math", "<svg"),
        *("</svg", "<math", "</math", "<frameset", "<script", "</SCRIPT", "<textarea", "</"),
        # Wide characters that hold the byte of "<" (0x3C) and are none.
        *("\u013c", "\u3c00", "\u3c3c", "\U0001f63c", "\U0003c000"),
    ]
)


def _guard_answers(text: str, limit: int) -> tuple[bool, bool]:
    scanned = guard._scan_tags_within
    assert scanned is not None, "the C guard was not built: pip install -e . with a compiler"
    return scanned(text, limit), guard._tags_within(limit).fullmatch(text) is not None


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_MARKUP, max_size=30), st.integers(min_value=1, max_value=6))
def test_the_c_attribute_count_answers_as_the_regex(pieces: list[str], limit: int) -> None:
    names = itertools.count()
    text = re.sub(r"\{n\}", lambda _: str(next(names)), "".join(pieces))
    scanned, matched = _guard_answers(text, limit)
    assert scanned == matched, (limit, text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_SCAN_CHARACTERS, max_size=40), st.integers(min_value=1, max_value=3))
def test_the_c_attribute_count_folds_case_and_reads_wide_text_as_the_regex(
    pieces: list[str], limit: int
) -> None:
    # "\u017fcript" would be <script> to Python's Unicode case folding ("\u017f" folds to
    # "s"), and is not to the tokenizer; the emoji makes the text four-byte, the dash
    # two-byte.
    text = "".join(pieces)
    scanned, matched = _guard_answers(text, limit)
    assert scanned == matched, (limit, text)


# Characters one of whose bytes is that of "<" (0x3C) in two- or four-byte text.
_NEAR_MISSES = ("\u013c", "\u203c", "\u3c3c", "\u3c2f", "\U00013c3c", "\U0003c000")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_SCAN_CHARACTERS, st.sampled_from(_NEAR_MISSES)), max_size=40))
def test_the_c_tag_count_counts_as_str_count(pieces: list[str]) -> None:
    text = "".join(pieces)
    counted = guard._scan_tag_counts
    assert counted is not None, "the C guard was not built: pip install -e . with a compiler"
    assert counted(text) == (text.count("<"), text.count("</")), text


# The class/id token rules run in C (tasks/extract/_marks.c) where it is built; each
# must answer as the regex it transcribes on any text: words of the rules' literals cut,
# joined and spliced with separators, other letters, capitals and wide characters.
_TOKEN_RULES = {
    "any": rules.ANY_MARK,
    "content": rules.CONTENT_MARKS,
    "boilerplate": rules.BOILERPLATE_MARKS,
    "thread boilerplate": rules.THREAD_BOILERPLATE_MARKS,
    "weak": rules.WEAK_BOILERPLATE_MARKS,
    "comments": rules.COMMENT_MARKS,
}
_LITERALS = sorted(
    {*rules.CONTENT_PREFIXES, *rules.BOILERPLATE_PREFIXES, *rules.BOILERPLATE_WORDS}
    | {*rules.WEAK_BOILERPLATE_PREFIXES, *rules.WEAK_BOILERPLATE_WORDS, "comment"}
)
_TOKEN_PIECES = st.one_of(
    st.sampled_from(_LITERALS),
    st.sampled_from(_LITERALS).map(lambda literal: literal[: len(literal) // 2 + 1]),
    st.sampled_from(_LITERALS).map(lambda literal: literal.replace("-", "_")),
    st.sampled_from(["-", "_", " ", ":", "a", "x", "7", "A", "\u0130", "\u2014", "\U0001f600"]),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_TOKEN_PIECES, max_size=8))
def test_the_c_token_rules_answer_as_their_regexes(pieces: list[str]) -> None:
    text = " " + "".join(pieces)
    assert rules._CRule is not None, "the C rules were not built: pip install -e . with a compiler"
    for name, rule in _TOKEN_RULES.items():
        assert bool(rule.search(text)) == bool(rule.pattern.search(text)), (name, text)


_LAYOUT_PIECES = st.sampled_from(
    [
        *("content", "sidebar", "side", "bar", "has", "with", "no", "non", "not", "n", "o"),
        *("t", "embed", "emb", "ed", "-", "_", "x", "wrap"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_LAYOUT_PIECES, max_size=8))
def test_every_layout_token_holds_a_layout_hint(pieces: list[str]) -> None:
    # The judge skips LAYOUT_TOKEN_RE for a token without any of LAYOUT_TOKEN_HINTS.
    token = "".join(pieces)
    if rules.LAYOUT_TOKEN_RE.search(token):
        assert any(hint in token for hint in rules.LAYOUT_TOKEN_HINTS), token


@pytest.mark.parametrize(
    ("text", "within"),
    [
        ("<p a b>", True),
        ("<p a b c>", False),
        ("</p a b c>", False),  # end tags count too
        ("<script><p a b c></script>", True),  # a script's text is no markup
        # A long s or a dotted capital I makes no <script> or <iframe> for the tokenizer,
        # as for Python's case folding: the tags after them are read.
        ("<\u017fcript><p a b c></script>", False),
        ("<\u0130frame><p a b c></iframe>", False),
        ("<SCRIPT><p a b c></Script>", True),
        ("<svg><script><p a b c></script></svg>", False),  # in SVG it is markup
        ("<svg><svg></svg><p a b c>", False),  # after a nested <svg>, all of the page
        ("<p title='<p a b c>'>", True),  # quoted: one value
        ('<p a="x y z" b>', True),
        ("<p a='unclosed b c>", False),  # an unclosed quote reads as a bare value
        ("<p <a <b <c>", False),  # "<a", "<b" and "<c" are attribute names
        ("<math><p a b c></math>", False),
        ("<frameset><p a b c>", False),
    ],
)
def test_the_attribute_count_reads_tags_as_the_tokenizer(text: str, within: bool) -> None:
    assert _guard_answers(text, 2) == (within, within)


# The survey (tasks/extract/survey.py, _lexbor.c) may tell the byline and date rules
# that a selector cannot match a page, which is then not tried: it must never say so of
# a selector Lexbor's query finds something for. Pages are built of elements whose
# classes, ids and attributes are cut from the surveyed rules' own literals, in any case,
# nested, with entities and wide characters; the selectors are the rules themselves and
# others written with every kind of test the reading of needs knows.
_SURVEYED_SELECTORS = (
    *metadata.BYLINE_SELECTORS,
    *metadata.DATE_SELECTORS,
    *metadata.ARCHIVE_LINK_SELECTORS,
    *metadata.POSTER_SELECTORS,
    ".Byline",
    "#main-author",
    'span[data-role^="auth"]',
    'a[href$=".html"]',
    '[lang|="en"]',
    '[class~="date"]',
    "div > time + span",
    ":not(.byline) a",
    "article .author:not(p)",
    "my-card .name",
    "h2, .post-date",
)
_SURVEY = Survey(_SURVEYED_SELECTORS)
_SURVEY_WORDS = st.sampled_from(
    [
        *("author", "Author", "AUTHOR", "byline", "by-line", "date", "Date", "published"),
        *("publish", "name", "datePublished", "dateCreated", "post", "entry", "-", " "),
        *("username", "user_name", "postleft", "main", "auth", "/author/", ".html", "en"),
        *("en-GB", "time", "stamp", "é", "\u0130", "&amp;", "&#97;uthor", "x"),
        *("display:none", "display: none", "DISPLAY:NONE", "visibility:hidden", "true"),
        *("TRUE", "banner", "navigation", "Banner", "BreadcrumbList", "readcrumb", ";"),
        *("articleBody", "articlebody", "tru", "navigatio", "articleBod", "text", "main"),
        *("application/ld+json", "Application/LD+JSON", "application/ld+jso", "+json"),
    ]
)
_SURVEY_ATTRIBUTES = st.sampled_from(
    [
        *("class", "CLASS", "id", "iD", "itemprop", "rel", "href", "data-role", "lang"),
        *("datetime", "xml:id", "xlink:class", "class=''", "id", "classes", "idx"),
        *("hidden", "HIDDEN", "style", "aria-hidden", "role", "itemtype", "aria-label"),
        *("itemprop", "xml:hidden", "content", "type", "TYPE", "name", "data-article-body"),
    ]
)
_SURVEY_TAGS = st.sampled_from(
    [
        *("div", "span", "a", "time", "dt", "p", "h2", "my-card", "svg", "img", "nav", "footer"),
        *("article", "g", "meta", "script", "h1", "main"),
    ]
)


@st.composite
def _surveyed_page(draw: st.DrawFn) -> str:
    def attribute() -> str:
        name, words = draw(_SURVEY_ATTRIBUTES), draw(st.lists(_SURVEY_WORDS, max_size=4))
        return f" {name}" if draw(st.booleans()) and not words else f' {name}="{"".join(words)}"'

    def attributes() -> str:
        return "".join(attribute() for _ in range(draw(st.integers(0, 2))))

    def element(depth: int) -> str:
        tag = draw(_SURVEY_TAGS)
        children = draw(st.integers(0, 2 if depth < 3 else 0))
        inner = "".join(element(depth + 1) for _ in range(children))
        return f"<{tag}{attributes()}>{inner}</{tag}>"

    # The root's own attributes count: a query matches the element it starts from.
    elements = "".join(element(0) for _ in range(draw(st.integers(0, 4))))
    return f"<html{attributes()}><body{attributes()}>{elements}</body></html>"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_surveyed_page())
def test_the_survey_never_rules_out_a_selector_that_matches(html: str) -> None:
    assert survey._Walk is not None, "the survey was not built: pip install -e . with a compiler"
    tree = LexborHTMLParser(html)
    seen = _SURVEY.found(tree.root)
    for selector in _SURVEYED_SELECTORS:
        if tree.css(selector):
            assert seen.may_match(selector), (selector, html)


def _assert_judged_as_in_python(
    body: LexborNode, by_class: bool, thread: bool, token_max: int, html: str
) -> None:
    judged: list[tuple[str | None, str | None]] = []

    def judge(class_: str | None, id_: str | None) -> int:
        judged.append((class_, id_))
        return text._judge_marks(f"{class_ or ''} {id_ or ''}", by_class, thread)

    def judge_token(token: str) -> int:
        return text._judge_token(token, thread)

    memo: dict[tuple[str | None, str | None], int] = {}
    tokens: dict[str, int] = {}
    marks = selectors.MarkJudge(memo, judge, tokens, judge_token, by_class, token_max)
    walked = selectors.judged_marks(
        body, text._UNMARKED_TAG_IDS, text._BOILERPLATE_TAG_ID_ORDER, marks
    )
    assert walked is not None
    assert len(tokens) <= token_max
    found = [
        (n.mem_id, (n.attributes.get("class"), n.attributes.get("id")), n.tag_id)
        for n in body.css(text._MARKED_SELECTOR)
    ]
    verdicts = {
        key: text._judge_marks(f"{key[0] or ''} {key[1] or ''}", by_class, thread)
        for _, key, _ in found
    }
    assert memo == verdicts, html
    # The judge in Python is asked only about marks outside ASCII.
    assert all(not f"{c or ''}{i or ''}".isascii() for c, i in judged), judged
    expected = [
        (mem_id, verdicts[key], tag)
        for mem_id, key, tag in found
        if verdicts[key] != 0 or tag in text._BOILERPLATE_TAG_IDS
    ]
    assert [(n.mem_id, verdict, tag) for n, verdict, tag in walked] == expected, html


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_surveyed_page())
@example(
    '<html><head><script type="Application/LD+JSON">{}</script><meta CONTENT="x"></head>'
    '<body><div ROLE="MAIN" lang="EN"><h1>t</h1><svg><script type="application/ld+json">'
    "</script></svg><main data-article-body></main></div></body></html>"
)
def test_the_walks_find_the_elements_the_queries_find(html: str) -> None:
    # The judge's marked elements with their verdict and tag (one walk in C, which reads
    # class and id, judges ASCII marks token by token and memoises the verdicts), and
    # the elements of some tags, against selectolax's query and attributes and the
    # judge in Python.
    assert selectors.COMPILED_QUERIES, "compiled queries are off: built? selectolax tested?"
    body = LexborHTMLParser(html).body
    assert body is not None
    for by_class, thread, token_max in ((True, False, 65_536), (False, False, 3), (True, True, 2)):
        _assert_judged_as_in_python(body, by_class, thread, token_max, html)
    walks = (
        (text._HIDDEN, text._HIDDEN_SELECTOR),
        (text._PROTECTED, text._PROTECTED_SELECTOR),
        (metadata._PAGE_ELEMENT_WALK, metadata._PAGE_ELEMENTS),
        *((walk, ", ".join(selectors)) for selectors, walk in text._CONTENT_WALKS.items()),
    )
    for matching, query in walks:
        assert matching.walked, query
        expected_ids = [n.mem_id for n in body.css(query)]
        assert [n.mem_id for n in matching.find(body)] == expected_ids, (query, html)
    for names in (rules.STRIPPED_TAGS, ("div", "a", "svg"), ("span", "body"), ()):  # standard
        ids = selectors.tag_ids(names)
        by_query = [n.mem_id for n in body.css(", ".join(names))] if names else []
        assert [n.mem_id for n in selectors.with_tags(body, ids)] == by_query, (names, html)


# A text's length counted in C (selectors.text_length) must be the length of the text
# selectolax builds, in every way the extractor reads it, on any page: soup with
# entities, NUL characters, lone surrogates' references and wide characters.
_TEXT_READS = list(itertools.product((True, False), ("", " ", " | "), (False, True), (False, True)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(html_soup, _surveyed_page()), st.integers(min_value=0, max_value=80))
def test_a_counted_text_length_is_the_length_of_the_text(html: str, limit: int) -> None:
    assert selectors._COUNTED_TEXT, "text lengths are not counted in C: built?"
    tree = LexborHTMLParser(html)
    for node in tree.root.traverse(include_text=True):
        for deep, separator, strip, whole in _TEXT_READS:
            read = node.text(deep=deep, separator=separator, strip=strip)
            length = len(read.strip() if whole else read)
            how = {"deep": deep, "separator": separator, "strip": strip, "strip_whole": whole}
            counted = selectors.text_length(
                node, deep=deep, separator=separator, strip=strip, strip_whole=whole
            )
            assert counted == length, (how, html)
            capped = selectors.text_length(
                node, deep=deep, separator=separator, strip=strip, strip_whole=whole, limit=limit
            )
            assert capped == length if length <= limit else capped > limit, (how, limit, html)


@pytest.mark.parametrize(
    "page",
    [b"<p>caf\xe9 <b>\xff\xfe</b> ok \xe2\x82</p>", b"<div> \xc0\xaf <i>\xed\xa0\x80 </i></div>"],
)
def test_a_text_that_is_not_utf8_is_measured_as_selectolax_decodes_it(page: bytes) -> None:
    # Lexbor keeps the bytes of a page handed over as bytes; selectolax decodes them
    # with "replace", which the count cannot mimic: such a text is read.
    node = LexborHTMLParser(page).body
    assert node is not None
    for deep, separator, strip, whole in _TEXT_READS:
        read = node.text(deep=deep, separator=separator, strip=strip)
        length = len(read.strip() if whole else read)
        assert "\ufffd" in read or not deep
        counted = selectors.text_length(
            node, deep=deep, separator=separator, strip=strip, strip_whole=whole
        )
        assert counted == length


# A compiled query (selectors.Query, in _lexbor.c) must find what selectolax's own
# css() and css_first() find, node for node and in the same order, from any element:
# the rules' selectors and others with every combinator, on the pages above.
_QUERIED_SELECTORS = (
    *_SURVEYED_SELECTORS,
    text._MARKED_SELECTOR,
    text._HIDDEN_SELECTOR,
    text._STRIPPED_CANDIDATES,
    text._PROTECTED_SELECTOR,
    rules.PARAGRAPH_SELECTOR,
    rules.LINKED_PARAGRAPH_SELECTOR,
    "*",
    "body",
    "html",
    "div ~ span",
    "div + a",
    "span:first-child",
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_surveyed_page(), st.integers(min_value=0, max_value=12))
def test_a_compiled_query_finds_what_selectolax_finds(html: str, start: int) -> None:
    assert selectors.COMPILED_QUERIES, "compiled queries are off: built? selectolax tested?"
    assert _lexbor.NODE_FIELD_READ, "the node's address is asked for, not read"
    tree = LexborHTMLParser(html)
    elements = tree.root.css("*") if tree.root is not None else []
    node = elements[start % len(elements)]
    for selector in _QUERIED_SELECTORS:
        compiled = selectors.query(selector)
        assert [n.mem_id for n in compiled.find(node)] == [n.mem_id for n in node.css(selector)]
        first, expected = compiled.first(node), node.css_first(selector)
        assert (first and first.mem_id) == (expected and expected.mem_id), (selector, html)


# The two kinds of hint a line is searched for (a paywall's, a dropped phrase's) are
# found in one search: it must answer what a search for each answers, on lines built of
# the hints themselves, overlapping and repeated, and any other text.
_hint_lines = st.lists(
    st.one_of(
        st.sampled_from((*rules.PAYWALL_HINTS, *rules.DROPPED_PHRASE_HINTS)),
        st.sampled_from(("subscr", "sub", "ibe", "newslet", "cookie", "log", " in")),
        st.text(max_size=12),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_hint_lines)
def test_one_search_finds_both_kinds_of_hint(line: str) -> None:
    lowered = line.lower()
    expected = (
        text._PAYWALL_HINT_RE.search(lowered) is not None,
        text._DROPPED_PHRASE_HINT_RE.search(lowered) is not None,
    )
    assert text._hints(lowered) == expected, lowered


# The short texts of a page's blocks read in C (selectors.short_texts, which passes
# over the ancestors of a long block without measuring them) are what reading each
# block gives, on any page.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(html_soup, _surveyed_page()), st.integers(min_value=0, max_value=60))
def test_short_texts_are_each_blocks_own_text(html: str, limit: int) -> None:
    body = LexborHTMLParser(html).body
    assert body is not None
    blocks = body.css("div, p, span, li, td, a, b, article")
    for strip in (True, False):
        texts = [
            node.text(separator=" ", strip=True) if strip else node.text(separator=" ").strip()
            for node in blocks
        ]
        expected = [text if len(text) <= limit else None for text in texts]
        assert selectors.short_texts(blocks, limit, strip=strip) == expected, (strip, html)


# The suspects the boilerplate cleaning dooms, chosen in C (selectors.doomed_suspects:
# no wrapper for a parent, text lengths counted), are those the rule picks: not
# protected, and inside a doomed parent or grandparent or holding at most `limit`
# characters of stripped text.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(html_soup, _surveyed_page()), st.integers(0, 40), st.randoms())
def test_the_doomed_suspects_are_those_the_rule_picks(html: str, limit: int, rng: Random) -> None:
    body = LexborHTMLParser(html).body
    assert body is not None
    suspects = body.css("div, nav, footer, p, span, a, article, li")
    elements = [node.mem_id for node in body.traverse()]
    protected = {mem_id for mem_id in elements if rng.random() < 0.2}
    doomed = {mem_id for mem_id in elements if rng.random() < 0.2}
    expected = []
    gone = set(doomed)
    for node in suspects:
        parent = node.parent
        grandparent = parent.parent if parent is not None else None
        inside = any(up is not None and up.mem_id in gone for up in (parent, grandparent))
        if node.mem_id not in protected and (inside or len(node.text(strip=True)) <= limit + 0.5):
            expected.append(node.mem_id)
            gone.add(node.mem_id)
    found = selectors.doomed_suspects(suspects, protected, doomed, limit + 0.5)
    assert found is not None, "built?"
    assert [node.mem_id for node in found] == expected, html
