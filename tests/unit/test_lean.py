"""``lean_markup``: a page without its script and style text and its comments.

The cut must read the page as the HTML tokenizer does, or it would cut what the parser
reads as the story (a "<script>" inside a quoted attribute, a "<!--" in a <title>). The
oracle is Lexbor itself: the tree it builds of the lean page must be the tree of the
page, with those texts emptied and the comments gone (``_shape``). That is checked on
hand-written cases, on generated tag soup, on both zoos and on the evaluation corpus;
and the C scan and the Python one (the fallback where C is not built) must agree.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from tasks.extract import ExtractOptions, extract_article, lean
from tasks.extract.encoding import decode_html, decode_html_exact
from tasks.extract.guard import guard_page
from tasks.extract.lean import _lean_c, lean_markup, lean_markup_py
from tasks.records import Article

HERE = Path(__file__).parent
ZOO = sorted((*(HERE / "platforms").glob("*.html"), *(HERE / "nonarticles").glob("*.html")))

CASES = [
    # What goes: script and style text, comments of every ending the tokenizer knows.
    ("<p>a<script>if (a<b) x()</script>b</p>", "<p>a<script></script>b</p>"),
    ("<style>p > a { color: red }</style><p>x", "<style></style><p>x"),
    ("a<!-- note -->b<!---->c<!-->d<!--->e<!-- x --!>f", "abcdef"),
    ("<!-- a -- b --->x", "x"),
    (
        "<SCRIPT type=module>a</SCRIPT ><Style>b</sTyle/>",
        "<SCRIPT type=module></SCRIPT ><Style></sTyle/>",
    ),
    ("<script/>a</script>", "<script/></script>"),  # a self-closed script still opens
    # What stays: JSON-LD, whose type a character reference may spell too.
    ('<script type="application/ld+json">{"a": 1}</script>', None),
    ('<script type="application/ld&#x2B;json">{"a": 1}</script>', None),
    # A "<" inside a quoted value, a raw text element's text, a bogus comment: no tag.
    (
        '<div title="<script>">x</div><script>y</script>',
        '<div title="<script>">x</div><script></script>',
    ),
    ("<a href='<!--'>x</a><!--y-->", "<a href='<!--'>x</a>"),
    ("<title>a <!-- b --> c</title>", None),
    ("<textarea><script>a</script></textarea>", None),
    ("<xmp><!-- a --></xmp><iframe><style>b</style></iframe>", None),
    ("<noembed><!--a--></noembed><noframes><!--b--></noframes>", None),
    ("<?xml version='1.0'?><!DOCTYPE html><!x <!-- y> z", None),
    ("</ <!-- x -->><p>", None),
    # <noscript> is markup to a parser that runs no script: its comments go.
    ("<noscript><!-- a --><img src=x></noscript>", "<noscript><img src=x></noscript>"),
    # Foreign content is passed over to its end tag, or left whole when nested.
    ("<svg><style>a</style><!--b--></svg><!--c-->", "<svg><style>a</style><!--b--></svg>"),
    ("<svg/><!--c-->", "<svg/>"),
    ("<svg><svg></svg></svg><!--c-->", None),
    ("<math><mi><!--a--></mi></math><!--b-->", "<math><mi><!--a--></mi></math>"),
    # Where the tokenizer's reading is uncertain, nothing more is cut.
    (
        "<!--a--><script><!--<script>x</script>y</script><!--b-->",
        "<script><!--<script>x</script>y</script><!--b-->",
    ),
    ("<script><!-- a --></script><!--b-->", "<script></script>"),  # escaped, not double
    ("<!--a--><plaintext><!--b-->", "<plaintext><!--b-->"),
    ("<!--a--><frameset><!--b-->", "<frameset><!--b-->"),
    ("<!--a--><script>x", "<script>x"),
    ("<!--a--><!-- b", "<!-- b"),
    ("<!--a--><p title='x", "<p title='x"),
    ("<script>x</script", None),
    # A cut that would join its sides into something else is not made.
    ("a\r<!-- x -->\nb", None),
    ("&amp<!-- x -->;", None),
    ("&#38<!-- x -->;x&<!-- y -->", "&#38<!-- x -->;x&<!-- y -->"),
    ("a <!-- x -->; b&c <!-- y -->d", "a ; b&c d"),
    # Text outside ASCII, in each width of str.
    (
        "<p>caf\u00e9<!-- \u00fc -->\u00f6<script>\u00df</script>",
        "<p>caf\u00e9\u00f6<script></script>",
    ),
    ("<p>\u4e2d<!-- \u6587 --><style>\u5b57</style>", "<p>\u4e2d<style></style>"),
    ("<p>\U0001f600<!-- x --><script>\U0001f601</script>", "<p>\U0001f600<script></script>"),
]


@pytest.mark.parametrize(("markup", "lean"), CASES)
def test_cuts_what_the_tokenizer_reads_as_script_style_or_comment(
    markup: str, lean: str | None
) -> None:
    expected = markup if lean is None else lean
    assert lean_markup(markup) == expected
    assert lean_markup_py(markup) == expected
    if markup.isascii():
        assert lean_markup(markup.encode()) == expected.encode()
        assert lean_markup_py(markup.encode()) == expected.encode()
    assert _shape(expected) == _shape(markup)


def test_nothing_to_cut_gives_the_input_itself() -> None:
    text = "<p>Nothing but the story.</p>"
    data = text.encode()
    assert lean_markup(text) is text and lean_markup(data) is data
    assert lean_markup_py(text) is text and lean_markup_py(data) is data


def test_the_c_scan_is_built() -> None:
    assert _lean_c is not None, "tasks/extract/_guardscan.c not built?"


def test_utf8_bytes_are_cut_where_their_text_is() -> None:
    text = "<p>\u00e9t\u00e9<!-- \u00e0 --></p><script>var s = '\u2019';</script>"
    assert lean_markup(text.encode()).decode() == lean_markup(text)


def _shape(markup: str | bytes) -> list[tuple[str, str]]:
    """The tree Lexbor builds of ``markup``, in document order, as what the extractor
    may read of it: each element with its attributes, each run of text; script (but
    JSON-LD) and style text emptied, comments left out, text on either side of one
    joined, empty texts left out."""
    shape: list[tuple[str, str]] = []
    parents: list[int] = []
    tree = LexborHTMLParser(markup)
    for node in tree.root.traverse(include_text=True) if tree.root else ():
        if node.tag == "-comment":
            continue
        parent = node.parent
        if node.tag != "-text":
            attributes = sorted((name, value or "") for name, value in node.attributes.items())
            shape.append((node.tag or "", repr(attributes)))
            parents.append(-1)
            continue
        text = node.text_content or ""
        in_code = parent is not None and parent.tag in ("script", "style")
        if in_code and "ld+json" not in (parent.attributes.get("type") or "").lower():
            text = ""
        key = parent.mem_id if parent is not None else 0
        if shape and shape[-1][0] == "-text" and parents[-1] == key:
            shape[-1] = ("-text", shape[-1][1] + text)
        else:
            shape.append(("-text", text))
            parents.append(key)
    return [(tag, value) for tag, value in shape if tag != "-text" or value]


# Tag soup from the pieces the cut reads: the elements it treats apart, comments of
# each ending, quotes, references, line breaks, and text outside ASCII.
_PIECES = st.sampled_from(
    [
        *("<script>", "</script>", "<SCRIPT type=x>", "<script type='application/ld+json'>"),
        *("<style>", "</style>", "<title>", "</title>", "<textarea>", "</textarea>"),
        *("<svg>", "</svg>", "<svg/>", "<math>", "</math>", "<noscript>", "</noscript>"),
        *("<xmp>", "</xmp>", "<iframe>", "</iframe>", "<plaintext>", "<template>"),
        *("<!--", "-->", "--!>", "<!-->", "<!--->", "-", "<!", "<!DOCTYPE html>", "<?x ", "</"),
        *("<p>", "</p>", "<div class='", "'>", '<a href="', '">', "</a>", "<br/>", "<table>"),
        *("<td>", "<li>", ">", "<", "=", "/", "'", '"', " ", "\r", "\n", "&amp", "&#38", ";"),
        *("x", "story", "caf\u00e9", "\u4e2d\u6587", "\U0001f600", "<b>", "</b>", "<select>"),
    ]
)
_SOUP = st.lists(_PIECES, max_size=40).map("".join)
_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_SOUP)
@example("<p>a<!--x-->b<script>c<!--<script>d</script>e</script>f")
def test_generated_soup_keeps_its_tree_and_both_scans_agree(markup: str) -> None:
    lean = lean_markup(markup)
    assert lean == lean_markup_py(markup)
    assert _shape(lean) == _shape(markup)


@pytest.mark.parametrize("page", ZOO, ids=[page.stem for page in ZOO])
def test_zoo_pages_keep_their_tree(page: Path) -> None:
    data = page.read_bytes()
    lean = lean_markup(data)
    assert lean == lean_markup_py(data)
    assert _shape(lean) == _shape(data)


def _corpus() -> Path:
    env = os.environ.get("PRESSROOM_CORPUS")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "corpus"


def test_corpus_pages_keep_their_tree() -> None:
    """Every zyte page and every fourth wcxb-dev page (the whole corpus was checked
    when the cut was written: 1,678 pages, two fifths of their bytes cut)."""
    base = _corpus()
    if not (base / "zyte").is_dir():
        pytest.skip(f"evaluation corpus not found at {base} (set PRESSROOM_CORPUS)")
    pages = [*sorted((base / "zyte" / "pages").glob("*.html.gz"))]
    pages += sorted((base / "wcxb-dev" / "pages").glob("*.html.gz"))[::4]
    cut = 0
    for page in pages:
        data = gzip.decompress(page.read_bytes())
        lean = lean_markup(data)
        assert lean == lean_markup_py(data), page.name
        assert _shape(lean) == _shape(data), page.name
        cut += len(data) - len(lean)
    assert cut > 0


# The guard: what it hands on is lean; the page whole stays at hand.

_STORY = "<p>" + "The council voted on Tuesday to keep the library open late. " * 12 + "</p>"


def _page(body: str, head: str = "") -> str:
    return (
        f"<html><head><title>Library hours</title>{head}</head>"
        f"<body><article><h1>Library hours</h1>{body}</article></body></html>"
    )


def test_the_guard_reads_utf8_bytes_lean_and_keeps_the_source() -> None:
    script = '<script>window.state = {"datePublished": "2024-05-02", "b": "\xff"}</script>'
    html = _page(_STORY + "<!-- ad slot -->" + script).encode("utf-8", "surrogateescape")
    html = html.replace("\u00ff".encode(), b"\xff")  # a byte that is no UTF-8, in a script
    guarded = guard_page(html)
    assert guarded.refused is None
    assert "ad slot" not in guarded.text and "datePublished" not in guarded.text
    assert isinstance(guarded.markup, bytes) and guarded.markup.decode() == guarded.text
    assert "datePublished" in guarded.source_text()
    # The date in the script's application state is still found.
    article = extract_article(html, "https://news.example/library")
    assert isinstance(article, Article) and article.published_date is not None
    assert str(article.published_date) == "2024-05-02"


def test_a_code_page_is_decoded_whole_before_it_is_cut() -> None:
    html = _page("<p>Gr\u00fc\u00dfe aus K\u00f6ln.</p><!-- \u00e9 -->" + _STORY).encode("cp1252")
    guarded = guard_page(html)
    assert guarded.text == lean_markup(decode_html(html))
    assert "Gr\u00fc\u00dfe aus K\u00f6ln." in guarded.text and "<!--" not in guarded.text


def test_iso_2022_jp_is_read_by_its_declaration() -> None:
    """ISO-2022-JP is 7-bit, so it is valid UTF-8 as well: before this rule the page
    came out as its escape sequences and ASCII pairs."""
    story = "\u56f3\u66f8\u9928\u306e\u958b\u9928\u6642\u9593\u3092\u5ef6\u9577\u3059\u308b\u3002"
    head = '<meta charset="iso-2022-jp">'
    html = _page(f"<p>{story * 10}</p><!-- \u6ce8 -->", head).encode("iso2022_jp")
    assert decode_html_exact(html) == (html.decode("iso2022_jp"), False)
    guarded = guard_page(html)
    assert story in guarded.text and "<!--" not in guarded.text
    article = extract_article(html, "https://news.example.jp/library")
    assert isinstance(article, Article) and story in article.text


def _without_the_c_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lean, "_lean_c", None)
    monkeypatch.setattr(lean, "COMPILED", False)


def test_without_the_c_cut_the_limits_are_checked_on_the_whole_page_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Python cut reads tag by tag: the guard's limits bound how much it reads."""
    comments = _page("<!-- c -->" * 70_000 + _STORY)
    assert guard_page(comments).refused is None  # cut in C, then checked
    _without_the_c_cut(monkeypatch)
    refused = guard_page(comments).refused
    assert refused is not None and "too many tags" in refused
    script = _page(_STORY + "<!-- ad --><script>var a = 1 < 2;</script>")
    guarded = guard_page(script.encode())
    assert guarded.refused is None and guarded.markup == guarded.text
    assert guarded.text == lean_markup_py(script) and "ad" not in guarded.text.split("<p>")[-1]


@pytest.mark.parametrize("page", ZOO[::3], ids=[page.stem for page in ZOO[::3]])
def test_zoo_pages_read_the_same_without_the_c_cut(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep = ExtractOptions(keep_non_articles=True)
    url = f"https://example.org/{page.stem}"
    with_c = extract_article(page.read_bytes(), url, options=keep)
    _without_the_c_cut(monkeypatch)
    assert extract_article(page.read_bytes(), url, options=keep) == with_c
