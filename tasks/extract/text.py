"""The article body: clean the tree, find the content root, render paragraphs.

Every step is a small function over the parsed tree and the options. Node-level
decisions are made first and applied afterwards by detaching the chosen nodes, which
leaves every handle valid (see ``_destroy``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from urllib.parse import unquote, urljoin, urlsplit

import numpy as np
from selectolax.lexbor import LexborHTMLParser, LexborNode

from tasks.extract import rules
from tasks.extract.authors import reads_as_bio
from tasks.extract.dates import find_date
from tasks.extract.options import ExtractOptions
from tasks.extract.selectors import (
    Judged,
    MarkJudge,
    Matching,
    by_attribute,
    css,
    css_first,
    doomed_suspects,
    each_once,
    fixed_tag_id,
    judged_marks,
    tag_ids,
    text_length,
    with_tags,
)
from tasks.records import Image, Link

# A private-use character marks block boundaries while the tree is flattened to text.
_BREAK = "\ue000"
# Opens the text of a <pre> between two breaks (``render_paragraphs``).
_PRE = "\ue001"
_STOP_LINE_MAX_CHARS = 80
_DROPPED_LINE_MAX_CHARS = 300
_PAYWALL_LINE_MAX_CHARS = 400
_HINTED_LINE_MAX_CHARS = max(_DROPPED_LINE_MAX_CHARS, _PAYWALL_LINE_MAX_CHARS)
_NO_HINTS = (False, False)
# A stop line this early in the text is a box before the article, not its end.
_STOP_MIN_POSITION = 0.4
# A paragraph this long after a stop line makes the line a section heading.
_SECTION_PROSE_CHARS = 400
# Paragraphs repeating earlier ones in order, at least this many and this long
# together: the text shown twice. Shorter runs are the text's own (a meal plan's
# "Pre-workout supplement / Drink 30 minutes before / ..." under each of its plans).
_COPY_MIN_RUN = 3
_COPY_MIN_CHARS = 1000
_DATELINE_MAX_CHARS = 50
_DATELINE_MAX_WORDS = 9
# The handle in the signature line of an embedded social post: "(@portauth)".
_POST_SIGNATURE_RE = re.compile(r"\(@\w+\)")
_NEVER_BOILERPLATE = ("html", "body", "main", "article")


def _tag_id(name: str) -> int:
    (tag_id,) = tag_ids((name,))
    return tag_id


_NEVER_BOILERPLATE_IDS = tag_ids(_NEVER_BOILERPLATE)
_BOILERPLATE_TAG_IDS = tag_ids(rules.BOILERPLATE_TAGS)
(_ASIDE_ID,) = tag_ids(("aside",))
_HEADER_ID = fixed_tag_id("header")
_INPUT_ID = fixed_tag_id("input")
_SUBHEADING_SELECTOR = ", ".join(rules.SUBHEADING_TAGS)
_STRIPPED_TAG_IDS = tag_ids(rules.STRIPPED_TAGS)


_MARKED_SELECTOR = each_once((rules.MARKED_SELECTOR, *rules.BOILERPLATE_TAGS))
_UNMARKED_TAG_IDS = tuple(sorted(tag_ids(rules.UNMARKED_TAGS)))
_BOILERPLATE_TAG_ID_ORDER = tuple(sorted(_BOILERPLATE_TAG_IDS))
_PROTECTED_SELECTOR = each_once((rules.PROTECTED_SELECTOR,))
_PROTECTED = Matching(
    (*(f'[{name}="{value}"]' for name, value in rules.PROTECTED_ATTRIBUTES), *rules.PROTECTED_TAGS),
    _PROTECTED_SELECTOR,
)
_CAPTION_SELECTOR = each_once((rules.CAPTION_SELECTOR,))
_CAPTION_BOX_LIMIT_IDS = tag_ids(("body", "article", "main"))
_HEADING_IDS = tag_ids(rules.SUBHEADING_TAGS)
_BLOCK_TAG_IDS = tag_ids(rules.BLOCK_TAGS)
_CELL_TAG_IDS = tag_ids(rules.CELL_TAGS)
_LAID_OUT_TAG_IDS = _BLOCK_TAG_IDS | _CELL_TAG_IDS
_H1_ID, _A_ID, _IMG_ID = _tag_id("h1"), _tag_id("a"), _tag_id("img")
_P_ID, _PRE_ID = _tag_id("p"), _tag_id("pre")
_TD_ID, _TR_ID = _tag_id("td"), _tag_id("tr")
_KNOWN_TAG_IDS = 0xFFFF
_PARAGRAPH_TAG_IDS = tag_ids(rules.PARAGRAPH_TAGS)
# <amp-img> is an AMP page's <img> (its <noscript> copy, markup to Lexbor, is the same picture).
_IMAGE_SELECTOR, _LINK_SELECTOR = ", ".join(rules.IMAGE_TAGS), "a[href]"
_IMAGE_TAGS = frozenset(rules.IMAGE_TAGS)
_PICTURE_OR_CAPTION_SELECTOR = f"{_IMAGE_SELECTOR}, {rules.CAPTION_CLASSED_SELECTOR}"
_MEDIA_SELECTOR = f"{_IMAGE_SELECTOR}, {_LINK_SELECTOR}"
_VOTER_TAG_IDS = tag_ids((*rules.PARAGRAPH_TAGS, *rules.TEXT_BLOCK_TAGS))
# Where the compiled walk is not at hand: Lexbor tests each selector of a list on every
# element, and a list of the many stripped tags costs many times one query for the
# elements that are none of the commonest tags (of which there are fewer), which are
# then told apart by tag id.
_COMMON_TAGS = ("div", "a", "span", "p", "li", "img")
if not set(_COMMON_TAGS).isdisjoint(rules.STRIPPED_TAGS):
    raise ValueError("a stripped tag cannot be among the common tags skipped")
if not set(rules.UNMARKED_TAGS).isdisjoint(rules.BOILERPLATE_TAGS):
    raise ValueError("a boilerplate tag cannot be among the tags never judged by marks")
_STRIPPED_CANDIDATES = ":not(" + ", ".join(_COMMON_TAGS) + ")"
_HIDDEN_SELECTORS = (*rules.HIDDEN_SELECTORS, *rules.FURNITURE_SELECTORS)
_HIDDEN_SELECTOR = by_attribute(_HIDDEN_SELECTORS)
_HIDDEN = Matching(_HIDDEN_SELECTORS, _HIDDEN_SELECTOR)  # one walk in C: attribute tests


@dataclass(frozen=True, slots=True)
class Body:
    """What the text step found: paragraphs in reading order and their media."""

    paragraphs: tuple[str, ...]
    images: tuple[Image, ...]
    links: tuple[Link, ...]
    paywalled: bool
    # Credit lines set apart from the story's text: in the elements right after its box
    # ("Originally published by Meridian Press" after an AMP story), or classed as a
    # (photo) credit and taken out with the captions.
    credits: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def extract_body(
    tree: LexborHTMLParser,
    url: str | None,
    options: ExtractOptions,
    *,
    by_class: bool = True,
    authors: tuple[str, ...] = (),
    listing: bool = False,
    thread: bool = False,
    headings: tuple[str, ...] = (),
    boxed_captions: bool = True,
) -> Body:
    """Find and render the main text of a parsed page (the tree is modified).

    ``by_class=False`` skips the class/id boilerplate rules: the conservative second
    pass for pages whose class names mislead them (everything is a "widget").
    ``listing=True`` reads a listing page, whose content *is* its links: linked
    paragraphs count and link-dense lists stay. ``thread=True`` reads a discussion
    thread, whose replies (classed as comments) are the content. ``authors`` and
    ``headings`` (the title) are dropped where the body repeats them.
    ``boxed_captions=False`` says no class on the page names a caption: images outside
    a <figure> are not searched for one.
    """
    body = tree.body
    if body is None:
        return Body((), (), (), False)
    content_candidates = clean_tree(body, options, by_class=by_class, thread=thread)
    roots = find_roots(body, content_candidates, options, listing=listing, thread=thread)
    for root in roots:
        prune_root(root, options, listing=listing)
    # A root that is itself a link farm was detached by its pruning: nothing of it stays.
    roots = [root for root in roots if root.parent is not None]
    images, links = _collect_media(roots, url, options, boxed_captions)
    credits = _credits_after(roots[-1]) if roots else []
    if not options.include_captions:
        captions = [
            node for root in roots for node in css(root, _CAPTION_SELECTOR) if _is_caption(node)
        ]
        captions.extend(
            cell
            for root in roots
            for img in css(root, _IMAGE_SELECTOR)
            if (cell := _caption_cell(img)) is not None
        )
        # A credit line classed as a (photo) credit goes with the captions.
        for node in captions:
            caption = node.text(separator=" ")
            if rules.CREDIT_LINE_RE.match(caption.lstrip()):
                credits.append(" ".join(caption.split()))
        _destroy(captions)
    paragraphs: list[str] = []
    for root in roots:
        paragraphs.extend(render_paragraphs(root))
    # A closing "Source: AA" line is dropped from the text but credits the outlet.
    credits.extend(
        line for line in paragraphs[-rules.CREDIT_PARAGRAPHS :] if rules.SOURCE_LINE_RE.match(line)
    )
    kept, paywalled = filter_paragraphs(
        paragraphs,
        authors,
        headings,
        thread=thread,
        every_repeat=thread or listing,
        captions=frozenset(image.caption for image in images if image.caption),
        drop_captions=not options.include_captions,
    )
    return Body(tuple(kept), images, links, paywalled, tuple(credits))


def clean_tree(
    body: LexborNode, options: ExtractOptions, *, by_class: bool = True, thread: bool = False
) -> list[LexborNode]:
    """Drop scripts, hidden and boilerplate nodes; return nodes marked as content."""
    # Stripped and hidden nodes are both found before anything is detached. A hidden
    # node inside a stripped one is then found too (a query after stripping would miss
    # it): it is detached with the stripped one, and detaching it again changes nothing.
    stripped_ids = _STRIPPED_TAG_IDS
    stripped = with_tags(body, stripped_ids, _STRIPPED_CANDIDATES)
    hidden = [node for node in _HIDDEN.find(body) if node.tag_id not in stripped_ids]
    signups = [
        box
        for node in stripped
        if node.tag_id == _INPUT_ID and (box := _signup_box(node)) is not None
    ]
    _destroy(stripped)
    total = text_length(body, strip=True) or 1
    limit = total * options.boilerplate_max_share
    # Hidden nodes holding most of the text are page content that script shows.
    doomed = [node for node in hidden if _text_at_most(node, limit) and not _shown_later(node)]
    content: list[LexborNode] = []
    suspects: list[LexborNode] = []
    # The ``mem_id`` of weak nodes found to hold no prose and no captioned picture.
    prose_free: set[int] = set()
    # Protected nodes are few, and their own query costs less than a test of every
    # marked node; nothing protected and unmarked would be judged below.
    protected_nodes = _PROTECTED.find(body)
    headers: list[LexborNode] = []
    for node, verdict, tag in _judged(body, by_class, thread):
        if tag == _HEADER_ID:
            headers.append(node)
        if verdict == _CONTENT:
            content.append(node)
            continue
        if tag in _NEVER_BOILERPLATE_IDS:
            continue
        if verdict == _BOILERPLATE and tag in _HEADING_IDS and by_class:
            # A heading's id is the anchor a table of contents links to, named for its
            # words or its place ("toc-1-kettle-bluff-loop"): only its class can doom it.
            verdict = _judge_marks(node.attributes.get("class") or "", by_class, thread)
        if verdict == _BOILERPLATE and tag in _RUNNING_TAG_IDS and _runs_in_sentence(node):
            continue  # hNews' <span class="dateline"> opening the lead: the sentence's
        if verdict == _BOILERPLATE or tag in _BOILERPLATE_TAG_IDS:
            if tag != _ASIDE_ID or not _notes_correction(node):
                suspects.append(node)
        elif (
            verdict == _WEAK
            # A heading never holds a paragraph: its own weak class ("header-with-anchor-
            # widget" on a section heading) says nothing against it.
            and tag not in _HEADING_IDS
            # Inside a node without prose or a captioned picture there is neither: no
            # need to look.
            and (
                _child_of(node, prose_free)
                or (not _has_prose(node, options, total) and not _captioned_picture(node))
            )
        ):
            prose_free.add(node.mem_id)
            suspects.append(node)
    protected = _ancestors_of(content + protected_nodes, options)
    suspects.extend(signups)
    # A suspect right inside a doomed node (a menu's items, a footer's widgets: most
    # suspects) holds no more text than it, so it is doomed without reading its text.
    doomed_ids = {node.mem_id for node in doomed}
    protected_ids = {node.mem_id for node in protected}
    found = doomed_suspects(suspects, protected_ids, doomed_ids, limit)
    if found is None:
        found = []
        for node in suspects:
            if node.mem_id not in protected_ids and (
                _child_of(node, doomed_ids) or _text_at_most(node, limit)
            ):
                found.append(node)
                doomed_ids.add(node.mem_id)
    doomed.extend(found)
    doomed_set = set(doomed)  # a node hashes as its mem_id
    content = [node for node in content if not _inside(node, doomed_set)]
    for node in headers:
        if node in doomed_set:
            _keep_entry_heading(node)
    _destroy(doomed)
    return content


_SIGNUP_BOX_LIMITS = frozenset({"body", "html", "article", "main"})


def _signup_box(node: LexborNode) -> LexborNode | None:
    """The box around a newsletter form, where the <input> ``node`` is its e-mail field:
    the form's parent, with the box's title and promise ("Sign up for Mill Notes", "A
    monthly email with new recipes"), where it holds no more than a box's text. A page
    builder wraps the form alone (Divi's "et_pb_newsletter_form", beside the title and
    promise): the box is the widest of the form's parent and the next few ancestors that
    still hold no more than that."""
    attributes = node.attributes
    if attributes.get("type") != "email" and "email" not in (attributes.get("name") or ""):
        return None
    form = ancestor(node, "form", depth=rules.SIGNUP_FORM_DEPTH)
    found = None
    box = form.parent if form is not None else None
    for _ in range(rules.SIGNUP_BOX_DEPTH):
        if box is None or box.tag in _SIGNUP_BOX_LIMITS:
            break
        if not _text_at_most(box, rules.SIGNUP_BOX_MAX_CHARS):
            break
        found, box = box, box.parent
    return found


def _keep_entry_heading(header: LexborNode) -> None:
    """A <header> of an <article> inside the page, with no <h1> (a live blog's entry, a
    section of the story), goes with its times and buttons but not its heading: the
    entry's title is moved out before it."""
    if ancestor(header, "article", depth=2) is None:
        return
    headings = css(header, _SUBHEADING_SELECTOR)
    if not headings or css_first(header, "h1") is not None:
        return
    for heading in headings:
        header.insert_before(heading)


# The same numbers in _lexbor.c, which judges ASCII marks token by token.
_NEUTRAL, _CONTENT, _BOILERPLATE, _WEAK = 0, 1, 2, 3


def _judged(body: LexborNode, by_class: bool, thread: bool) -> list[Judged]:
    """The elements ``_MARKED_SELECTOR`` finds, each with the verdict of its class and
    id and its tag id (a number: cheaper than the tag's name), less those judged
    neutral that have no boilerplate tag: nothing below looks at them. A node with
    neither mark (a boilerplate tag) is judged as the empty string: neutral, so only
    its tag can doom it. Verdicts are memoised by (class, id) (``_mark_verdicts``) and
    by token (``_TOKEN_VERDICTS``)."""
    memo = _mark_verdicts(by_class, thread)

    def judge(class_: str | None, id_: str | None) -> int:
        return _judge_marks(f"{class_ or ''} {id_ or ''}", by_class, thread)

    def judge_token(token: str) -> int:
        return _judge_token(token, thread)

    # The walk in C reads the two marks it knows.
    if rules.MARKED_ATTRIBUTES == ("class", "id"):
        tokens = _TOKEN_VERDICTS[thread]
        marks = MarkJudge(memo, judge, tokens, judge_token, by_class, _TOKEN_MEMO_MAX)
        found = judged_marks(body, _UNMARKED_TAG_IDS, _BOILERPLATE_TAG_ID_ORDER, marks)
        if found is not None:
            return found
    found = []
    for node in css(body, _MARKED_SELECTOR):
        attributes = node.attributes
        key = (attributes.get("class"), attributes.get("id"))
        verdict = memo.get(key)
        if verdict is None:
            verdict = memo[key] = judge(*key)
        tag = node.tag_id
        if verdict != _NEUTRAL or tag in _BOILERPLATE_TAG_IDS:
            found.append((node, verdict, tag))
    return found


def _shown_later(node: LexborNode) -> bool:
    """Whether a hidden node is content that script or the reader shows: a streamed
    segment (React's <div hidden id="S:0">), a tab panel (one of a documentation
    page's code samples per language), a collapsed panel labelled by its heading (an
    FAQ's answer under its question; a labelled dialog is no such panel), or a block
    that holds the headline (a shop's product block). The headline is looked for
    last, in the subtree."""
    attributes = node.attributes
    role = attributes.get("role") or ""
    return (
        rules.STREAMED_ID_RE.match(attributes.get("id") or "") is not None
        or role in rules.SHOWN_LATER_ROLES
        or ("aria-labelledby" in attributes and role in rules.LABELLED_PANEL_ROLES)
        or css_first(node, "h1") is not None
    )


def _child_of(node: LexborNode, ids: set[int]) -> bool:
    """Whether the parent or grandparent of ``node`` is among ``ids`` (``mem_id``)."""
    parent = node.parent
    if parent is None:
        return False
    if parent.mem_id in ids:
        return True
    grandparent = parent.parent
    return grandparent is not None and grandparent.mem_id in ids


def _text_at_most(node: LexborNode, limit: float) -> bool:
    """``len(node.text(strip=True)) <= limit``."""
    return text_length(node, strip=True, limit=int(limit)) <= limit


# Inline elements that may run in a paragraph's sentence, and how much more text the
# paragraph must hold for one to be part of it rather than the paragraph's whole.
_RUNNING_TAG_IDS = tag_ids(("span", "abbr", "em", "strong", "b", "i", "small"))
_RUNNING_MIN_CHARS = 80


def _runs_in_sentence(node: LexborNode) -> bool:
    """Whether an inline element sits in a paragraph's running text, whatever its class
    says (hNews' <span class="dateline"> opening the lead, a citation's <span>)."""
    parent = node.parent
    if parent is None or parent.tag_id != _P_ID:
        return False
    own = text_length(node, strip=True)
    return (
        text_length(parent, strip=True, limit=own + _RUNNING_MIN_CHARS) - own >= _RUNNING_MIN_CHARS
    )


def _notes_correction(node: LexborNode) -> bool:
    """Whether the <aside> ``node`` is the editors' correction or clarification of the
    story, at its top or foot: part of the story, whatever its tag."""
    marks = (node.attributes.get("class") or "").lower()
    return any(mark in marks for mark in rules.CORRECTION_MARKS)


def _is_backlink(anchor: LexborNode) -> bool:
    """A footnote's link back to where it is cited ("↩︎", role="doc-backlink"): no text."""
    attributes = anchor.attributes
    if not (attributes.get("href") or "").startswith("#"):
        return False
    if attributes.get("role") == "doc-backlink":
        return True
    return anchor.text(strip=True).rstrip("\ufe0e\ufe0f") in rules.BACKLINK_GLYPHS


def _captioned_picture(node: LexborNode) -> bool:
    """Whether ``node`` holds a picture and its caption: the story's figure, whatever a
    weak word in its class says ("image__hide-placeholder" hides a placeholder)."""
    return (
        css_first(node, _IMAGE_SELECTOR) is not None
        and css_first(node, _FIGURE_CAPTION_SELECTOR) is not None
    )


def _has_prose(node: LexborNode, options: ExtractOptions, total: int) -> bool:
    """A long paragraph, or a large share of the page's text (prose in bare divs)."""
    if any(text_length(p, strip=True) >= options.weak_prose_chars for p in css(node, "p")):
        return True
    return text_length(node, strip=True) >= options.weak_max_share * total


# Verdicts of single class/id tokens, by ``thread``. Tokens repeat across the pages of
# one site or CMS ("entry-content", "row", "share-bar"): each is judged once, and the
# memo is dropped whole when it reaches _TOKEN_MEMO_MAX tokens, which bounds its memory.
_TOKEN_MEMO_MAX = 65_536
_TOKEN_VERDICTS: tuple[dict[str, int], dict[str, int]] = ({}, {})


# Verdicts of whole (class, id) pairs, by ``(by_class, thread)``. Class strings repeat a
# lot within a page (menu items, cards) and across the pages of a site or CMS: each pair
# is judged once while the memo holds it, keyed by the attribute values themselves (no
# string is built for a repeat); the memo is dropped whole when a page starts with it
# holding _TOKEN_MEMO_MAX pairs.
_MarkVerdicts = dict[tuple[str | None, str | None], int]
_MARK_VERDICTS: dict[tuple[bool, bool], _MarkVerdicts] = {}


def _mark_verdicts(by_class: bool, thread: bool) -> _MarkVerdicts:
    memo = _MARK_VERDICTS.setdefault((by_class, thread), {})
    if len(memo) >= _TOKEN_MEMO_MAX:
        memo.clear()
    return memo


def _judge_marks(marks: str, by_class: bool, thread: bool) -> int:
    """The verdict of a node's class and id: content beats boilerplate beats weak.

    A token rule never spans whitespace, so the verdict of the whole string is the
    strongest verdict of its tokens; a token is judged once while the memo holds it.
    """
    memo = _TOKEN_VERDICTS[thread]
    boilerplate = weak = False
    for token in marks.lower().split():
        verdict = memo.get(token)
        if verdict is None:
            if len(memo) >= _TOKEN_MEMO_MAX:
                memo.clear()
            verdict = memo[token] = _judge_token(token, thread)
        if verdict == _CONTENT:
            return _CONTENT
        if verdict == _BOILERPLATE:
            boilerplate = True
        elif verdict == _WEAK:
            weak = True
    if not by_class or not (boilerplate or weak):
        return _NEUTRAL
    return _BOILERPLATE if boilerplate else _WEAK


def _judge_token(token: str, thread: bool) -> int:
    """The verdict of one lower-cased class or id token."""
    padded = " " + token  # the token regexes start at the separator before a word
    if not rules.ANY_MARK.search(padded):
        return _NEUTRAL
    if token.startswith(rules.NEUTRAL_CLASS_PREFIXES) or (
        any(hint in token for hint in rules.LAYOUT_TOKEN_HINTS)
        and rules.LAYOUT_TOKEN_RE.search(token)
    ):
        return _NEUTRAL
    if rules.CONTENT_MARKS.search(padded):
        return _CONTENT
    boilerplate = rules.THREAD_BOILERPLATE_MARKS if thread else rules.BOILERPLATE_MARKS
    if boilerplate.search(padded):
        return _BOILERPLATE
    if rules.WEAK_BOILERPLATE_MARKS.search(padded):
        return _WEAK
    return _NEUTRAL


def _ancestors_of(nodes: list[LexborNode], options: ExtractOptions) -> set[LexborNode]:
    """Ancestors of the nodes that hold real text: wrappers that must not go."""
    out: set[LexborNode] = set()
    for node in nodes:
        # A node already in ``out``, or whose parent is, has all its ancestors there: its
        # text (often the whole story, for an <article> around the marked body) need
        # not be read.
        if node in out:
            continue
        parent = node.parent
        if parent is None or parent in out:
            continue
        if (
            text_length(node, strip=True, limit=options.selector_min_chars)
            < options.selector_min_chars
        ):
            continue
        while parent is not None and parent not in out:
            out.add(parent)
            parent = parent.parent
    return out


def _inside(node: LexborNode, nodes: set[LexborNode]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent in nodes:
            return True
        parent = parent.parent
    return False


def _same(node: LexborNode, other: LexborNode) -> bool:
    """Whether two handles are one node: ``==`` on Lexbor nodes compares serialized HTML,
    which costs two serializations and calls two copies of a block the same."""
    return node.mem_id == other.mem_id


def _destroy(nodes: list[LexborNode]) -> None:
    """Detach ``nodes`` from the document.

    Detaching (``recursive=False``) unlinks a node with its subtree in one step; the
    memory stays with the document until it is freed, so a node inside one already
    detached, or listed twice, is safe to detach again and nothing needs sorting.
    """
    for node in nodes:
        node.decompose(recursive=False)


@dataclass(frozen=True, slots=True)
class Votes:
    """The containers' scores, and the paragraph text of the whole page (as
    ``paragraph_chars`` of the body), counted in the same walk."""

    scores: dict[LexborNode, float]
    total_chars: int
    # Outside listings: each paragraph's prose characters and the paragraphs inside
    # links, by ``mem_id``, for measuring containers without reading paragraphs again.
    prose: dict[int, int] | None = None
    linked: frozenset[int] = frozenset()


def score_containers(body: LexborNode, options: ExtractOptions, listing: bool = False) -> Votes:
    """Readability-style votes: each paragraph's length goes to its parent, half to the
    grandparent; a div or cell with enough text of its own votes for itself."""
    scores: dict[LexborNode, float] = defaultdict(float)
    minimum = options.min_scoring_paragraph
    # A paragraph inside a link is a teaser's blurb, not article text.
    linked = frozenset(
        () if listing else (p.mem_id for p in css(body, rules.LINKED_PARAGRAPH_SELECTOR))
    )
    # One walk finds both kinds of voter, told apart by tag; paragraphs vote first.
    paras: list[LexborNode] = []
    blocks: list[LexborNode] = []
    for node in with_tags(body, _VOTER_TAG_IDS):
        (paras if node.tag_id in _PARAGRAPH_TAG_IDS else blocks).append(node)
    prose: dict[int, int] = {}
    paragraphs = 0
    for para in paras:
        length = prose[para.mem_id] = _prose_chars(para.text(strip=True))
        if para.mem_id in linked:
            continue
        paragraphs += length
        if length < minimum:
            continue
        parent = para.parent
        if parent is None:
            continue
        scores[parent] += length
        grandparent = parent.parent
        if grandparent is not None:
            scores[grandparent] += length / 2
    for block in blocks:
        own = text_length(block, deep=False, strip=True)
        if own < minimum:
            continue
        scores[block] += own
        parent = block.parent
        if parent is not None:
            scores[parent] += own / 2
    if listing:
        return Votes(scores, text_length(body, strip=True))
    return Votes(scores, text_length(body, deep=False, strip=True) + paragraphs, prose, linked)


class _ParagraphChars:
    """``paragraph_chars`` for the tree ``votes`` were counted on, unchanged since:
    paragraphs are not read again, and a node measured twice (the climb, the region,
    the candidates) is measured once."""

    def __init__(self, votes: Votes) -> None:
        self._prose = votes.prose
        self._linked = votes.linked
        self._memo: dict[tuple[int, bool], int] = {}

    def __call__(self, node: LexborNode, listing: bool) -> int:
        key = (node.mem_id, listing)
        chars = self._memo.get(key)
        if chars is None:
            chars = self._memo[key] = self._measure(node, listing)
        return chars

    def _measure(self, node: LexborNode, listing: bool) -> int:
        prose = self._prose
        if listing or prose is None:
            return paragraph_chars(node, listing)
        # As paragraph_chars: the linked paragraphs under a node are those of the page.
        chars = text_length(node, deep=False, strip=True)
        for para in css(node, rules.PARAGRAPH_SELECTOR):
            key = para.mem_id
            if key not in self._linked:
                known = prose.get(key)
                chars += _prose_chars(para.text(strip=True)) if known is None else known
        return chars


def paragraph_chars(node: LexborNode, listing: bool = False) -> int:
    """Characters of paragraph text under ``node``: the measure of content it holds."""
    if listing:
        return text_length(node, strip=True)
    own = text_length(node, deep=False, strip=True)
    paragraphs = sum(_prose_chars(p.text(strip=True)) for p in css(node, rules.PARAGRAPH_SELECTOR))
    linked = sum(
        _prose_chars(p.text(strip=True)) for p in css(node, rules.LINKED_PARAGRAPH_SELECTOR)
    )
    return own + paragraphs - linked


def _prose_chars(text: str) -> int:
    """The length of a paragraph, or 0 for a teaser's excerpt ("... and then …")."""
    return 0 if text.endswith(rules.EXCERPT_ENDINGS) else len(text)


def find_roots(
    body: LexborNode,
    marked: list[LexborNode],
    options: ExtractOptions,
    listing: bool = False,
    thread: bool = False,
) -> list[LexborNode]:
    """The node(s) holding the article body, in document order."""
    votes = score_containers(body, options, listing)
    scores = votes.scores
    if not scores:
        return [body]
    measure = _ParagraphChars(votes)
    best = max(scores, key=scores.__getitem__)
    best = _climb(best, body, votes.total_chars, options, listing, measure)
    region = _merge_siblings(best, scores, options)
    region_chars = sum(measure(node, listing) for node in region) or 1
    low = max(options.selector_min_chars, options.selector_min_share * region_chars)
    explicit = [*marked, *_select_in_order(body, rules.EXPLICIT_CONTENT_SELECTORS)]
    # A page without paragraphs keeps its text in bare divs and spans: there a container
    # marked as the content is measured by all its text.
    whole = listing or votes.total_chars < options.selector_min_chars
    trusted = [c for c in dict.fromkeys(explicit) if measure(c, whole) >= low]
    if trusted:
        return [_innermost(trusted, options, whole, measure)]
    # Each reply of a thread is an <article>: no single one is the content.
    generic = [] if thread else _select_in_order(body, rules.GENERIC_CONTENT_SELECTORS)
    for candidate in dict.fromkeys(generic):
        if low <= measure(candidate, listing) <= options.generic_max_ratio * region_chars:
            return [candidate]
    return region


def _select_in_order(body: LexborNode, selectors: tuple[str, ...]) -> list[LexborNode]:
    """The matches of each selector in turn. Every query walks the whole page, and most
    pages match none or one of these, so one walk for all of them comes first."""
    found = _CONTENT_WALKS[selectors].find(body)
    if len(found) <= 1:
        return found
    return [node for selector in selectors for node in css(body, selector)]


_CONTENT_WALKS = {
    selectors: Matching(selectors)
    for selectors in (rules.EXPLICIT_CONTENT_SELECTORS, rules.GENERIC_CONTENT_SELECTORS)
}


def _innermost(
    nodes: list[LexborNode], options: ExtractOptions, listing: bool, measure: _ParagraphChars
) -> LexborNode:
    """The deepest of nested candidates that keeps most of the text: a page wrapper
    classed "main-content-wrap" holds breadcrumbs and teasers around the story."""
    chosen = nodes[0]
    chars = measure(chosen, listing)
    for node in nodes[1:]:
        if not _inside(node, {chosen}):
            continue
        inner = measure(node, listing)
        if inner >= options.inner_content_min_share * chars:
            chosen, chars = node, inner
    return chosen


def _climb(
    node: LexborNode,
    body: LexborNode,
    total: int,
    options: ExtractOptions,
    listing: bool,
    measure: _ParagraphChars,
) -> LexborNode:
    """Go up from the best container while it holds too small a share of the text:
    bodies split into several columns or sections vote for each part separately."""
    chars = measure(node, listing)
    for _ in range(options.max_climb):
        parent = node.parent
        if parent is None or _same(parent, body) or chars >= options.root_min_share * total:
            break
        node, chars = parent, measure(parent, listing)
    return node


def _merge_siblings(
    best: LexborNode, scores: dict[LexborNode, float], options: ExtractOptions
) -> list[LexborNode]:
    parent = best.parent
    if parent is None or best.tag == "body":
        return [best]
    threshold = scores[best] * options.sibling_min_share
    region = []
    for child in parent.iter(include_text=False):
        if (
            _same(child, best)
            or scores.get(child, 0.0) >= threshold
            or (child.tag == "p" and text_length(child, strip=True, limit=80) >= 80)
        ):
            region.append(child)
    return region


def prune_root(root: LexborNode, options: ExtractOptions, listing: bool = False) -> None:
    """Remove link farms, fine print and the title inside the chosen root."""
    # One walk for the three kinds of node looked at, told apart by tag.
    doomed: list[LexborNode] = []
    smalls: list[LexborNode] = []
    anchors: list[LexborNode] = []
    h1s: list[LexborNode] = []
    for node in css(root, f"h1, {rules.FINE_PRINT_SELECTOR}" + ("" if listing else ", a")):
        tag = node.tag_id
        (anchors if tag == _A_ID else h1s if tag == _H1_ID else smalls).append(node)
    # One <h1> in the root is the title; several head the root's sections (a web
    # story's pages), and the title among them goes as a repeat of the headline.
    if len(h1s) == 1:
        doomed.extend(h1s)
    for small in smalls:
        parent = small.parent
        # A paragraph that is all <small> is fine print ("no cookies, no comments").
        if (
            parent is not None
            and parent.tag == "p"
            and text_length(parent, strip=True) == text_length(small, strip=True)
        ):
            doomed.append(parent)
    doomed.extend(anchor for anchor in anchors if _is_backlink(anchor))
    if not listing:
        linked = _link_chars(root, anchors)
        for node, link_chars in linked.items():
            if node.tag not in rules.LINK_BLOCK_TAGS:
                continue
            text_chars = text_length(node, strip=True)
            if text_chars == 0:
                continue
            is_list = node.tag in {"ul", "ol", "dl"}
            if not is_list and text_chars > options.link_block_max_chars:
                continue
            if (
                link_chars / text_chars > options.max_link_density
                and not (is_list and _annotated(node, linked))
                and not _credit_line(node)
            ):
                # A button on a picture has a label of a few words: most link blocks
                # (menus, story links) are told apart by their length alone.
                button = (
                    _picture_button(node)
                    if not is_list and link_chars <= rules.PICTURE_BUTTON_MAX_CHARS
                    else None
                )
                doomed.append(button or node)
    _destroy(doomed)


def _credit_line(node: LexborNode) -> bool:
    """A line that credits the story's source with a link to it ("Provided by <a>Example
    University</a>", "Originally published at <a>…</a>"): no link block to prune."""
    return _credits_source(" ".join(node.text(separator=" ").split()))  # short: a link block's


def _credits_source(line: str) -> bool:
    """Whether ``line`` (stripped) is a credit line or a "Source: X" one."""
    return bool(rules.CREDIT_LINE_RE.match(line) or rules.SOURCE_LINE_RE.match(line))


def _picture_button(box: LexborNode) -> LexborNode | None:
    """The one link of a box around a picture, where the link is a button on it ("View
    photo", "Lihat Foto", "Enlarge"): the button goes, the picture stays. A card's one
    link is its headline, longer than such a label."""
    found = css(box, f"a, {_IMAGE_SELECTOR}")
    links = [node for node in found if node.tag_id == _A_ID]
    if len(links) != 1 or len(found) == 1:
        return None
    link = links[0]
    label = link.text(strip=True)
    # A shop's button beside its logo ("$19 at Amazon") is no picture's.
    if len(label.split()) > rules.PICTURE_BUTTON_MAX_WORDS or any(c.isdigit() for c in label):
        return None
    inside = {node.mem_id for node in css(link, _IMAGE_SELECTOR)}
    pictures = [node for node in found if node.tag_id != _A_ID and node.mem_id not in inside]
    return link if pictures and all(_is_picture(node, alt=True) for node in pictures) else None


def _annotated(node: LexborNode, link_chars: dict[LexborNode, int]) -> bool:
    """Most items of the list carry words of their own beside their link ("Tuning
    Your Server by Greg Smith"): a reading list, not a menu. ``link_chars`` is
    ``_link_chars`` of the root (a node hashes as its ``mem_id``, so another handle on
    an item finds its count)."""
    items = css(node, "li")
    own = 0
    for item in items:
        own += text_length(item, strip=True) - link_chars.get(item, 0) >= 8
    return bool(items) and own * 2 > len(items)


def _link_chars(root: LexborNode, anchors: list[LexborNode]) -> dict[LexborNode, int]:
    """Characters of link text under each node of ``root`` (itself included) that holds
    any, from the ``anchors`` in it: one walk up from each link instead of a search
    below every block."""
    out: dict[LexborNode, int] = defaultdict(int)
    top = root.mem_id
    for anchor in anchors:
        chars = text_length(anchor, strip=True)
        node: LexborNode | None = anchor
        while chars and node is not None:
            out[node] += chars
            node = None if node.mem_id == top else node.parent
    return out


# Whether each character of the Basic Multilingual Plane is a word character as ``\w``
# reads it (``str.isalnum()`` or "_"), for counting words without a regex.
_BMP_WORD_CHARS = np.fromiter(
    (chr(code).isalnum() or code == ord("_") for code in range(0x10000)),
    dtype=np.bool_,
    count=0x10000,
)
# Each word character of a script written without spaces (rules.UNSPACED_RANGES) counts
# as a word, as word processors count Chinese and Japanese (a run of them would be a
# whole sentence).
_BMP_UNSPACED_CHARS = np.zeros(0x10000, dtype=np.bool_)
for _first, _last in rules.UNSPACED_RANGES:
    _BMP_UNSPACED_CHARS[_first : _last + 1] = True
_BMP_UNSPACED_CHARS &= _BMP_WORD_CHARS
# What count_words counts: an unspaced word character, or a run of other ones.
WORD_RE = re.compile(rf"(?=\w)[{rules.UNSPACED_CLASS}]|[^\W{rules.UNSPACED_CLASS}]+")


def count_words(text: str) -> int:
    r"""``len(WORD_RE.findall(text))`` (runs of ``\w``, each Chinese or Japanese character
    apart), six times faster on article text: the regex asks Unicode's tables about each
    character in turn, where here one array lookup marks them all and a word is a word
    character after a non-word one, or an unspaced one."""
    if not text:
        return 0
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    top = codes.max()
    if top > 0xFFFF:  # beyond the table (emoji, rare scripts): the regex
        return len(WORD_RE.findall(text))
    word = _BMP_WORD_CHARS[codes]
    if top < rules.UNSPACED_RANGES[0][0]:  # most text: no unspaced script, one lookup
        return int(word[0]) + int(np.count_nonzero(word[1:] & ~word[:-1]))
    unspaced = _BMP_UNSPACED_CHARS[codes]
    word &= ~unspaced
    runs = int(word[0]) + int(np.count_nonzero(word[1:] & ~word[:-1]))
    return runs + int(np.count_nonzero(unspaced))


# An absolute web address that urljoin gives back as it is, whatever the page's address:
# printable ASCII (nothing to strip or drop), a host, no "[ ]" (an IPv6 host, which it
# checks) and no ";" (empty path parameters, which it drops). An empty query or
# fragment ("?" or "#" with nothing after it) is dropped too: join_url tests for it.
_PLAIN_WEB_URL_RE = re.compile(
    r"https?://[^/?#;\[\]\x00-\x20\x7f-\U0010ffff][^;\[\]\x00-\x20\x7f-\U0010ffff]*"
)


def join_url(base: str, href: str) -> str:
    """``urljoin(base, href)``, without parsing the commonest link: a plain absolute
    web address, which it would give back unchanged (most links in a story)."""
    if _PLAIN_WEB_URL_RE.fullmatch(href) and href[-1] not in "?#" and "?#" not in href:
        return href
    return urljoin(base, href)


def _collapse_spaces(text: str) -> str:
    r"""Runs of whitespace as one space, none at the ends: what ``re.sub(r"\s+", " ",
    text).strip()`` gives (both use Unicode whitespace), several times faster."""
    return " ".join(text.split())


def render_paragraphs(root: LexborNode) -> list[str]:
    """The text of ``root`` as paragraphs: one per block element, whitespace collapsed;
    a table's cells apart by a space. A <pre> (code, verse) keeps its lines and their
    indentation, its blank lines dropped so that a blank line still parts paragraphs."""
    pre = False
    for node in with_tags(root, _LAID_OUT_TAG_IDS):
        if node.tag_id in _CELL_TAG_IDS:
            node.insert_after(" ")
            continue
        if node.tag_id == _PRE_ID:
            pre = True
            node.insert_before(_BREAK + _PRE)
        else:
            node.insert_before(_BREAK)
        node.insert_after(_BREAK)
    raw = root.text(deep=True)
    if pre:
        return [para for para in map(_rendered, raw.split(_BREAK)) if para]
    # _collapse_spaces inlined: most pieces are the empty gaps between two breaks.
    collapsed = (" ".join(piece.split()) for piece in raw.split(_BREAK))
    return [para for para in collapsed if para]


def _rendered(piece: str) -> str:
    """A piece of text between two breaks as a paragraph (``render_paragraphs``)."""
    if not piece.startswith(_PRE):
        return " ".join(piece.split())
    lines = (line.rstrip() for line in piece[len(_PRE) :].split("\n"))
    return "\n".join(line.replace("\t", "    ") for line in lines if line.strip())


_SKIP_LINK_MAX_CHARS = 80
_TOC_LABEL_MAX_CHARS = 30
_LIST_LINE_MAX_CHARS = 80


def filter_paragraphs(
    paragraphs: list[str],
    authors: tuple[str, ...] = (),
    headings: tuple[str, ...] = (),
    *,
    thread: bool = False,
    every_repeat: bool = True,
    captions: frozenset[str] = frozenset(),
    drop_captions: bool = False,
) -> tuple[list[str], bool]:
    """Drop whole-line boilerplate, bylines and datelines, and the title
    (``headings``) repeated in the body; cut at trailing boxes and paywalls. Repeats go:
    every one (``every_repeat``, for threads and pages read whole), or only copies
    (``_without_copies``). A paragraph that is an image's caption (``captions``) is the
    image's, not the text's, when ``drop_captions``."""
    bylines = {name.lower() for name in authors} | {f"by {name.lower()}" for name in authors}
    total = sum(len(p) for p in paragraphs) or 1
    seen: set[str] = {h for h in headings if h}
    kept: list[str] = []
    position = 0
    paywalled = False
    after_name = False  # the paragraph before was an author's name, late in the page
    skip_to = 0  # a promotion the page lets readers skip runs up to here
    for index, para in enumerate(paragraphs):
        position += len(para)
        size = len(para)
        if index < skip_to:
            continue
        if (
            size <= _SKIP_LINK_MAX_CHARS
            and para.startswith(("skip", "Skip"))
            and (skipped := _skipped_run(paragraphs, index))
        ):
            skip_to = index + skipped
            continue
        if after_name:
            after_name = False
            if size <= rules.AUTHOR_BIO_MAX_CHARS and _opens_as_bio(para, authors):
                continue  # the author's note in a box after the story
        # Both kinds of hint in one search, and only where one of them is looked for.
        wall_hint, phrase_hint = (
            _hints(para.lower()) if size <= _HINTED_LINE_MAX_CHARS else _NO_HINTS
        )
        # Past this share of the text a box's title or a login prompt ends the story.
        late = position / total >= _STOP_MIN_POSITION
        wall = _wall_line(para, wall_hint) if size <= _PAYWALL_LINE_MAX_CHARS else None
        if wall == _WALL or (wall == _LOGIN_PROMPT and late):
            paywalled = True
            break
        if wall is not None:  # an early login prompt: a box, not the end of the story
            continue
        if (
            not thread
            and size <= _STOP_LINE_MAX_CHARS
            and rules.STOP_LINES.match(para)
            and not _heads_prose(paragraphs, index)
        ):
            if late:
                break
            continue
        if size <= _DROPPED_LINE_MAX_CHARS and (
            rules.DROPPED_LINES.match(para) or _has_dropped_phrase(para, phrase_hint)
        ):
            continue
        if (
            size <= _TOC_LABEL_MAX_CHARS
            and rules.TOC_LABEL_RE.match(para)
            and not _heads_list(paragraphs, index)
        ):
            continue  # a table of contents' label, its links gone with their box
        if drop_captions and para in captions:
            continue
        if para in seen:
            continue
        if size <= _DATELINE_MAX_CHARS and _is_byline_or_date(para, bylines):
            after_name = late and para.lower() in bylines
            continue
        if every_repeat:
            seen.add(para)
        kept.append(para)
    closing = kept[-1] if len(kept) > 1 else ""
    if len(closing) <= rules.AUTHOR_BIO_MAX_CHARS and reads_as_bio(
        closing, authors, full_name=True
    ):
        kept.pop()  # the writer's note closing a column ("Jane Doe is a nurse ...")
    return (kept if every_repeat else _without_copies(kept, captions)), paywalled


def _skipped_run(paragraphs: list[str], index: int) -> int:
    """How many paragraphs from ``index`` on a promotion takes, where the page offers to
    skip it: from "skip past newsletter promotion" to "after newsletter promotion" (the
    link and the target it jumps to). Where the target went with the promotion's box,
    only the link: nothing else tells where the promotion ends. 0 where ``index`` opens
    none."""
    found = rules.SKIP_LINK_RE.match(paragraphs[index])
    if found is None:
        return 0
    after = f"after {found['what']}".lower()
    window = paragraphs[index + 1 : index + 1 + rules.SKIPPED_MAX_PARAGRAPHS]
    for offset, para in enumerate(window, start=2):
        if para.lower() == after:
            return offset
    return 1


def _opens_as_bio(para: str, authors: tuple[str, ...]) -> bool:
    """Whether ``para`` opens as a note about an author: "<name> is ...", or a role."""
    return reads_as_bio(para, authors) or rules.AUTHOR_BIO_OPENING_RE.match(para) is not None


def _without_copies(paragraphs: list[str], captions: frozenset[str]) -> list[str]:
    """``paragraphs`` without the second showing of content: a paragraph that repeats
    the one before it or an image's caption, and runs of ``_COPY_MIN_RUN`` or more
    paragraphs, ``_COPY_MIN_CHARS`` together, that repeat earlier ones in the same
    order (a page that renders its text twice, for two screen sizes). Other repeats are
    the text's own: a meal plan's "Meal 2" on each day."""
    count = len(paragraphs)
    if len(set(paragraphs)) == count:  # most pages: nothing repeats
        return paragraphs
    first: dict[str, int] = {}
    first_pair: dict[tuple[str, str], int] = {}
    for index, para in enumerate(paragraphs):
        first.setdefault(para, index)
        if index + 1 < count:
            first_pair.setdefault((para, paragraphs[index + 1]), index)
    # Whether paragraphs index and index + 1 stood side by side earlier.
    repeats_pair = [first_pair[(paragraphs[i], paragraphs[i + 1])] < i for i in range(count - 1)]
    copied = [False] * count
    index = 0
    while index < count - 1:
        end = index
        while end < count - 1 and repeats_pair[end]:
            end += 1
        run = paragraphs[index : end + 1]
        if len(run) >= _COPY_MIN_RUN and sum(map(len, run)) >= _COPY_MIN_CHARS:
            copied[index : end + 1] = [True] * (end - index + 1)
        index = max(end, index + 1)
    return [
        para
        for index, para in enumerate(paragraphs)
        if first[para] == index
        or not (copied[index] or para in captions or paragraphs[index - 1] == para)
    ]


# How many short sentences after a box-title line make it a section's heading.
_SECTION_SENTENCES = 2


def _heads_list(paragraphs: list[str], index: int) -> bool:
    """Whether the paragraphs after ``paragraphs[index]`` are a list of short lines that
    end in no full stop (a table of contents' entries, a forum's boards)."""
    following = paragraphs[index + 1 : index + 1 + _SECTION_SENTENCES]
    return len(following) == _SECTION_SENTENCES and all(
        len(line) <= _LIST_LINE_MAX_CHARS and not line.endswith(".") for line in following
    )


def _heads_prose(paragraphs: list[str], index: int) -> bool:
    """Whether the paragraph after ``paragraphs[index]`` is long prose: then a line
    that reads like a box's title ("Discussion", "Related work") heads a section of
    the text; a trailing box lists headlines, links and short teasers."""
    following = paragraphs[index + 1 : index + 1 + _SECTION_SENTENCES]
    if following and len(following[0]) >= _SECTION_PROSE_CHARS:
        return True
    # Short lines that are sentences all ("Pioneers: Host Kansas City next Sunday." under
    # a wire story's "UP NEXT"); a box's headlines end in no full stop.
    return len(following) == _SECTION_SENTENCES and all(
        line.endswith((".", "!", "?")) for line in following
    )


def _is_caption(node: LexborNode) -> bool:
    if text_length(node, strip=True, limit=rules.CAPTION_MAX_CHARS) > rules.CAPTION_MAX_CHARS:
        return False
    if node.tag == "figcaption" or "itemprop" in node.attributes:
        return True
    return bool(rules.CAPTION_CLASS_RE.search(node.attributes.get("class") or ""))


def _is_byline_or_date(para: str, bylines: set[str]) -> bool:
    """A paragraph that is only an author's name or only a date (with a time); not the
    signature of a quoted post ("— Port Authority (@portauth) May 3, 2024")."""
    if para.lower().strip(" .,|") in bylines:
        return True
    if _POST_SIGNATURE_RE.search(para):
        return False
    found = find_date(para)
    return found is not None and len(WORD_RE.findall(para)) <= _DATELINE_MAX_WORDS


def _hint_regex(hints: tuple[str, ...]) -> re.Pattern[str]:
    """A regex that finds any of ``hints`` in a lower-cased text: one search costs about
    half of testing each hint with ``in``."""
    return re.compile("|".join(map(re.escape, hints)))


_DROPPED_PHRASE_HINT_RE = _hint_regex(rules.DROPPED_PHRASE_HINTS)
_PAYWALL_HINT_RE = _hint_regex(rules.PAYWALL_HINTS)
# Either kind of hint, in one search of a line that has none (most lines). A plain
# alternation of the hints: named groups would halve the search's speed.
_ANY_HINT_RE = _hint_regex((*rules.PAYWALL_HINTS, *rules.DROPPED_PHRASE_HINTS))
_PAYWALL_HINT_SET = frozenset(rules.PAYWALL_HINTS)


def _hints(lowered: str) -> tuple[bool, bool]:
    """Whether the lower-cased line ``lowered`` holds a paywall hint, and whether it
    holds a dropped phrase's hint. The first hint found is the first of either kind: a
    hint of the other kind starts there or later."""
    found = _ANY_HINT_RE.search(lowered)
    if found is None:
        return False, False
    if found[0] in _PAYWALL_HINT_SET:
        return True, _DROPPED_PHRASE_HINT_RE.search(lowered, found.start()) is not None
    return _PAYWALL_HINT_RE.search(lowered, found.start()) is not None, True


def _is_disclosure(para: str) -> bool:
    """Whether ``para`` holds a dropped phrase ("we may receive compensation")."""
    return _has_dropped_phrase(para, _DROPPED_PHRASE_HINT_RE.search(para.lower()) is not None)


def _has_dropped_phrase(para: str, hinted: bool) -> bool:
    """``hinted``: whether ``para`` holds a dropped phrase's hint (``_hints``)."""
    return hinted and bool(rules.DROPPED_PHRASE_RE.search(para))


_WALL, _LOGIN_PROMPT = "wall", "login prompt"


def _wall_line(para: str, hinted: bool) -> str | None:
    """``_WALL`` for a subscription wall's line, ``_LOGIN_PROMPT`` for a bare login
    prompt ("Already a subscriber?"), None for any other line; ``hinted``: whether
    ``para`` holds a paywall hint (``_hints``)."""
    if not hinted:
        return None
    if rules.PAYWALL_RE.search(para):
        return _WALL
    return _LOGIN_PROMPT if rules.LOGIN_PROMPT_RE.search(para) else None


def _collect_media(
    roots: list[LexborNode], url: str | None, options: ExtractOptions, boxed: bool = True
) -> tuple[tuple[Image, ...], tuple[Link, ...]]:
    """``collect_images`` and ``collect_links`` as the options ask, from one walk of each
    root that finds both (an <img> is never an <a>, so the tag tells them apart)."""
    if not (options.include_images and options.include_links):
        images = collect_images(roots, url, boxed) if options.include_images else ()
        links = collect_links(roots, url) if options.include_links else ()
        return images, links
    imgs: list[LexborNode] = []
    anchors: list[LexborNode] = []
    for root in roots:
        for node in css(root, _MEDIA_SELECTOR):
            (anchors if node.tag_id == _A_ID else imgs).append(node)
    return _images_of(imgs, url, boxed), _links_of(anchors, url)


def collect_images(
    roots: list[LexborNode], url: str | None, boxed: bool = True
) -> tuple[Image, ...]:
    """Images in the body with their alt text and caption, each once; ``boxed=False``
    where no class on the page names a caption."""
    return _images_of([img for root in roots for img in css(root, _IMAGE_SELECTOR)], url, boxed)


def _images_of(imgs: list[LexborNode], url: str | None, boxed: bool = False) -> tuple[Image, ...]:
    images: dict[str, Image] = {}
    for img in imgs:
        src = _image_src(img)
        if not src or src.startswith("data:") or _is_pixel(img):
            continue
        src = join_url(url, src) if url else src
        if src in images:
            continue
        alt = (img.attributes.get("alt") or "").strip() or None
        images[src] = Image(src=src, alt=alt, caption=_caption_of(img, boxed))
    return tuple(images.values())


def _caption_of(img: LexborNode, boxed: bool) -> str | None:
    """The figure's <figcaption>; outside a figure, the caption cell under it, the title
    of a picture classed "caption" (Joomla), or (where ``boxed`` says the page has any)
    a caption-classed element in the nearest box that holds this image alone
    ("wp-caption-text" in a classic WordPress "wp-caption" div, "tr-caption" in
    Blogger's caption table)."""
    # A photo viewer nests the picture deep in its figure (five boxes in a news site's).
    figure = ancestor(img, "figure", rules.FIGURE_DEPTH)
    if figure is not None:
        figcaption = css_first(figure, "figcaption")
        return _caption_text(figcaption) if figcaption is not None else None
    cell = _caption_cell(img)
    if cell is not None:
        return _CAPTION_OPENING_RE.sub("", _collapse_spaces(cell.text(separator=" "))) or None
    attributes = img.attributes
    if "caption" in (attributes.get("class") or "").lower().split():
        # Joomla's <img class="caption" title="...">, its title shown under it by a script.
        title = _collapse_spaces(attributes.get("title") or "")
        if title:
            return title
    emphasis = _emphasis_caption(img)
    if emphasis is not None:
        return emphasis
    box = img.parent if boxed else None
    for _ in range(rules.CAPTION_BOX_DEPTH):
        if box is None or box.tag_id in _CAPTION_BOX_LIMIT_IDS:
            return None
        # One query finds both the box's pictures and its caption-classed elements.
        found = css(box, _PICTURE_OR_CAPTION_SELECTOR)
        # A lazy image's <noscript> copy is the same picture, not a second one.
        pictures = [_is_image(node) and not _in_noscript(node) for node in found]
        if sum(pictures) > 1:
            return None  # a gallery or the story itself: no caption is this image's alone
        for node, picture in zip(found, pictures, strict=True):
            if picture or not _is_caption(node):
                continue
            if css_first(node, _IMAGE_SELECTOR) is None:  # not the box around a picture
                return _caption_text(node)
        box = box.parent
    return None


def _emphasis_caption(img: LexborNode) -> str | None:
    """The caption of an old blog's picture (TypePad, Blogger): the picture (or its
    link), a line break, and an <em> or <i> line that ends the paragraph, which holds no
    other text."""
    parent = img.parent
    shown = parent if parent is not None and parent.tag_id == _A_ID else img
    if shown.next is None:
        return None  # the last in its box: no line after it (most pictures)
    brk = sibling_element(shown)
    line = sibling_element(brk) if brk is not None and brk.tag_id == _BR_ID else None
    if line is None or line.tag_id not in _EMPHASIS_IDS or sibling_element(line) is not None:
        return None
    paragraph = shown.parent
    length = text_length(line, strip=True)
    if paragraph is None or text_length(paragraph, strip=True) != length:
        return None  # text of the paragraph's own: a line of the story, no caption
    return _collapse_spaces(line.text()) if 0 < length <= rules.CAPTION_MAX_CHARS else None


_BR_ID = _tag_id("br")
_EMPHASIS_IDS = tag_ids(("em", "i"))
_CAPTION_PART_SELECTOR = '[class*="caption" i]'
# What shows a picture's caption beside it, for a box's one query (the caption rules'
# credits and copyright lines aside).
_FIGURE_CAPTION_SELECTOR = 'figcaption, [itemprop="caption"], [class*="caption" i]'
# What opens a caption and is no part of it: a slideshow's counter ("1 of 8 "), or the
# bullet of a Korean or Japanese paper's caption ("▲ Rescue workers ...").
_CAPTION_OPENING_RE = re.compile(
    r"^(?:\d{1,3}\s+(?:of|/)\s+\d{1,3}\s+|[\u25b2\u25b3\u25b6\u25b7\u25a0\u25a1\u25cf\u25c6]\s*)"
)


def _caption_text(box: LexborNode) -> str | None:
    """A caption's text (a <figcaption>, a caption-classed box), with its credit
    (``rules.CAPTION_CREDIT_SELECTOR``) after it, a space apart (templates set the two
    as adjacent spans); None where it holds a credit alone."""
    whole = _CAPTION_OPENING_RE.sub("", _collapse_spaces(box.text()))
    credits = [
        node
        for node in (css(box, rules.CAPTION_CREDIT_SELECTOR) if whole else ())
        # NPR's "credit-caption" box holds the caption and the credit (the query
        # finds the node itself too).
        if all(part.mem_id == node.mem_id for part in css(node, _CAPTION_PART_SELECTOR))
    ]
    if not credits:
        return whole or None
    credit = " ".join(_collapse_spaces(node.text()) for node in credits)
    caption = whole
    for node in credits:
        caption = caption.replace(_collapse_spaces(node.text()), " ")
    caption = _collapse_spaces(caption)
    if not any(character.isalnum() for character in caption):
        return None  # a credit alone: no caption is shown
    return f"{caption} {credit}" if credit else caption


def lead_image(headline: LexborNode, url: str | None, shared: str | None = None) -> Image | None:
    """The story's lead picture where the template puts it between the headline and
    the story (Ghost's feature image, a news site's lead art), which cleaning takes
    away with the page's header: the first picture after the headline, before the
    second paragraph of prose (the first may be the dek), shown as a figure, in a box
    named for one or as the picture the page shares (``shared``, its og:image), and no
    avatar, logo or icon; else a cover above the headline (``_cover_above``). Read from
    the page before cleaning."""
    picture = _picture_above(headline) or _picture_below(headline, shared)
    picture = picture or _cover_above(headline, shared)
    if picture is None:
        return None
    found = _images_of([picture], url, boxed=True)
    return found[0] if found else None


def _picture_below(headline: LexborNode, shared: str | None) -> LexborNode | None:
    """The lead picture after the headline (``lead_image``)."""
    prose = 0
    for count, node in enumerate(elements_after(headline)):
        if count > rules.LEAD_IMAGE_WINDOW:
            return None
        if node.tag_id == _P_ID and text_length(node) >= rules.LEAD_PROSE_CHARS:
            if prose and _is_disclosure(node.text()):
                continue  # an affiliate disclosure under the dek is no paragraph of the story
            prose += 1
            if prose > 1:
                return None  # past the dek, the story has started: its pictures are the body's
        if (
            _is_image(node)
            and _is_picture(node)
            and (_shown_as_figure(node) or _shares(node, shared))
        ):
            return node
    return None


def _shares(img: LexborNode, shared: str | None) -> bool:
    """Whether ``img`` is the picture the page shares (og:image), query aside: the cover
    a page builder sets under the headline in plain boxes (Framer)."""
    src = img.attributes.get("src") or ""
    if not shared or not src:
        return False
    return src.split("?", 1)[0] == shared.split("?", 1)[0]


def _cover_above(headline: LexborNode, shared: str | None) -> LexborNode | None:
    """The cover a blog platform sets above the headline inside the story's <article>
    (DEV, Hashnode), in plain boxes or past a bar of reactions: the first picture before
    the headline in the <article> that holds it, where it is the picture the page
    shares. An image service serves the two at different sizes, or the shared one
    through a redirect: the file's name tells them for the same (``_picture_file``)."""
    story = ancestor(headline, "article", rules.COVER_ARTICLE_DEPTH) if shared else None
    wanted = _picture_file(shared) if story is not None and shared else None
    if story is None or wanted is None:
        return None
    # The boxes before the headline, and before each box around it, up to the <article>.
    node: LexborNode | None = headline
    while node is not None and node.mem_id != story.mem_id:
        box = sibling_element(node, after=False)
        while box is not None:
            for img in css(box, "img"):
                if (
                    _picture_file(_image_src(img) or "") == wanted
                    and _is_picture(img)
                    and not _in_noscript(img)
                ):
                    return img
            box = sibling_element(box, after=False)
        node = node.parent
    return None


# A picture's file name in a web address, its extension kept and a WordPress size
# suffix ("-1024x576") dropped, after the address is unquoted: an image service that
# resizes puts the original address, quoted, in its own path or query.
_PICTURE_FILE_RE = re.compile(
    r"([^/?&=#]+?)(?:-\d+x\d+)?\.(jpe?g|png|webp|gif|avif)(?![\w.])", re.IGNORECASE
)


def _picture_file(address: str) -> str | None:
    """The file name ``_PICTURE_FILE_RE`` finds first in ``address``, lower-cased."""
    found = _PICTURE_FILE_RE.search(unquote(address))
    return f"{found[1]}.{found[2]}".lower() if found is not None else None


def _caption_cell(img: LexborNode) -> LexborNode | None:
    """The caption of a picture in a small table of its own, a layout of the 2000s
    (Blogger's still): the picture alone in a row, the caption the one cell of the row
    under it, in a table of no more than ``rules.CAPTION_TABLE_ROWS`` rows. No class need
    say so."""
    cell = img.parent
    if cell is not None and cell.tag_id != _TD_ID:
        cell = cell.parent  # <td><a href><img></a></td>
    if cell is None or cell.tag_id != _TD_ID:
        return None
    row = cell.parent
    if row is None or row.tag_id != _TR_ID or len(_cells(row)) != 1:
        return None
    if text_length(cell, strip=True, limit=1) or len(css(cell, _IMAGE_SELECTOR)) != 1:
        return None  # text or a second picture beside it: a layout cell, no picture's own
    below = sibling_element(row)
    if below is None or below.tag_id != _TR_ID:
        return None
    cells = _cells(below)
    table = ancestor(row, "table", 2)
    if len(cells) != 1 or table is None or len(css(table, "tr")) > rules.CAPTION_TABLE_ROWS:
        return None
    (caption,) = cells
    length = text_length(caption, strip=True, limit=rules.CAPTION_MAX_CHARS + 1)
    if not 0 < length <= rules.CAPTION_MAX_CHARS or css_first(caption, _IMAGE_SELECTOR):
        return None
    return caption


def sibling_element(node: LexborNode, *, after: bool = True) -> LexborNode | None:
    """The element right after ``node`` (or, unless ``after``, right before it) among its
    siblings, text and comments passed over."""
    sibling = node.next if after else node.prev
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.next if after else sibling.prev
    return sibling


def _cells(row: LexborNode) -> list[LexborNode]:
    return [child for child in row.iter() if child.tag_id in _CELL_TAG_IDS]


def _picture_above(headline: LexborNode) -> LexborNode | None:
    """The feature picture a theme sets right above the headline's header ("featured
    image: above title" in GeneratePress, Astra, Kadence): the one picture of the box
    just before the headline or its header, a box named for a feature picture that
    links nowhere but to the picture (a breadcrumb's arrow is no feature picture)."""
    node: LexborNode | None = headline
    for _ in range(rules.LEAD_IMAGE_BOX_DEPTH):
        if node is None or node.tag in {"body", "article", "main"}:
            return None
        box = sibling_element(node, after=False)
        if box is not None:
            return _feature_picture(box)
        node = node.parent
    return None


def _feature_picture(box: LexborNode) -> LexborNode | None:
    """The one picture of ``box`` where the box is a feature picture's (``_picture_above``)."""
    pictures = [img for img in css(box, _IMAGE_SELECTOR) if not _in_noscript(img)]
    if len(pictures) != 1 or not _is_picture(pictures[0]) or not _shown_as_figure(pictures[0]):
        return None
    if (_image_src(pictures[0]) or "").lower().split("?")[0].endswith(".svg"):
        return None  # an icon or a drawing
    links = css(box, _LINK_SELECTOR)
    if len(links) > 1 or (links and css_first(links[0], _IMAGE_SELECTOR) is None):
        return None
    if text_length(box, strip=True, limit=rules.CAPTION_MAX_CHARS + 1) > rules.CAPTION_MAX_CHARS:
        return None
    return pictures[0]


def _is_image(node: LexborNode) -> bool:
    """An <img> or <amp-img>, told by tag id where it can be: Lexbor numbers the tags it
    knows, and a custom element's number is its name's address."""
    tag_id = node.tag_id
    return tag_id == _IMG_ID or (tag_id > _KNOWN_TAG_IDS and node.tag in _IMAGE_TAGS)


def _shown_as_figure(img: LexborNode) -> bool:
    """Inside a <figure> or <picture>, classed or in a box classed as a feature picture
    (HuffPost's "entry_photo"), or alone in a box with a caption (the figures of the
    2000s: a div, the picture, a div.caption)."""
    own = (img.attributes.get("class") or "").lower()
    if own and any(map(own.__contains__, rules.LEAD_IMAGE_MARKS)):
        return True
    box = img.parent
    for _ in range(rules.LEAD_IMAGE_BOX_DEPTH):
        if box is None:
            return False
        if box.tag in {"figure", "picture"}:
            return True
        marks = (box.attributes.get("class") or "").lower()
        if any(map(marks.__contains__, rules.NOT_PICTURE_BOX_MARKS)):
            return False  # a poster's photo ("ipsUserPhoto"), an author's
        if any(map(marks.__contains__, rules.LEAD_IMAGE_BOX_MARKS)):
            return True
        if css_first(box, rules.CAPTION_CLASSED_SELECTOR) is not None:
            return len(css(box, _IMAGE_SELECTOR)) == 1
        box = box.parent
    return False


def _credits_after(root: LexborNode) -> list[str]:
    """Credit lines ("Originally published by Meridian Press", "Zdroj: ČTK") among the
    first elements after the story's box, where a template sets them apart from it."""
    found = []
    for node in islice(elements_after(root), rules.CREDIT_WINDOW):
        # The element's own text opens the line: a footer's whole text is not read.
        if not _credits_source(node.text(deep=False).strip()):
            continue
        line = " ".join(node.text(separator=" ").split())
        if len(line) <= rules.CREDIT_MAX_CHARS:
            found.append(line)
    return found


def elements_after(node: LexborNode) -> Iterator[LexborNode]:
    """The elements after ``node`` (not inside it), in document order."""
    current: LexborNode | None = node
    while current is not None:
        while current is not None and current.next is None:
            current = current.parent
        current = current.next if current is not None else None
        if current is not None and current.is_element_node:
            yield from current.traverse()  # it, then its descendants, in document order


_PIXEL_STYLE_RE = re.compile(r"(?:^|[;\s])(?P<side>width|height)\s*:\s*[0-2](?:\.\d+)?px", re.I)


def _is_pixel(img: LexborNode) -> bool:
    """A tracking pixel, no picture: declared at most ``rules.PIXEL_MAX_SIZE`` pixels
    both wide and high, in its attributes or its style (a republishing plugin's counter).
    A size of 0 leaves the size to the style sheet (Next.js's images), and a style that
    sets a least size draws a picture."""
    attributes = img.attributes
    sizes = [attributes.get("width") or "", attributes.get("height") or ""]
    if all(size.isdigit() and 0 < int(size) <= rules.PIXEL_MAX_SIZE for size in sizes):
        return True
    style = attributes.get("style")
    if style is None or "min-" in style:
        return False
    return {match["side"].lower() for match in _PIXEL_STYLE_RE.finditer(style)} == {
        "width",
        "height",
    }


# A declared size in pixels: "300", or "42px" as browsers forgive it.
_PIXELS_RE = re.compile(r"(\d+)(?:px)?", re.IGNORECASE)


def _is_picture(img: LexborNode, *, alt: bool = False) -> bool:
    """An image shown as a picture: not declared smaller than a thumbnail (the 190x126
    inline pictures of the 2000s are pictures), and not marked or named as an avatar, a
    logo or an icon; with ``alt``, not described as a logo either ("WABC logo")."""
    attributes = img.attributes
    sizes = [
        _PIXELS_RE.fullmatch((attributes.get(key) or "").strip()) for key in ("width", "height")
    ]
    declared = [int(size[1]) for size in sizes if size is not None]
    if declared and (
        max(declared) < rules.LEAD_IMAGE_MIN_PIXELS or min(declared) < rules.LEAD_IMAGE_MIN_SIDE
    ):
        return False  # a thumbnail, an avatar; a logo or a button, wide and low
    marks = f"{attributes.get('class') or ''} {attributes.get('src') or ''}".lower()
    if any(map(marks.__contains__, rules.NOT_PICTURE_MARKS)):
        return False
    return not (alt and "logo" in (attributes.get("alt") or "").lower().split())


def _image_src(img: LexborNode) -> str | None:
    attrs = img.attributes
    # LinkedIn's lazy images name their file in "data-delayed-url" alone.
    for key in ("data-src", "data-lazy-src", "data-original", "data-delayed-url", "src"):
        value = attrs.get(key)
        if value and not value.startswith("data:"):
            return value.strip()
    srcset = attrs.get("srcset") or attrs.get("data-srcset")
    if not srcset:
        # An <img> with neither: the <picture> around it names the files in its <source>s.
        parent = img.parent
        source = css_first(parent, "source[srcset]") if parent and parent.tag == "picture" else None
        srcset = source.attributes.get("srcset") if source is not None else None
    if srcset:
        return srcset.split(",")[0].strip().split(" ")[0]
    return None


def _in_noscript(node: LexborNode) -> bool:
    """Inside a <noscript> (as an <img> in a <picture> in one), which a parser that runs no
    script reads as markup."""
    return ancestor(node, "noscript", 2) is not None


def ancestor(node: LexborNode, tag: str, depth: int = 4) -> LexborNode | None:
    """The nearest ``tag`` element among the ``depth`` elements above ``node``."""
    parent = node.parent
    while parent is not None and depth > 0:
        if parent.tag == tag:
            return parent
        parent = parent.parent
        depth -= 1
    return None


def collect_links(roots: list[LexborNode], url: str | None) -> tuple[Link, ...]:
    """Links inside the body that lead to another page, with their anchor text."""
    return _links_of([a for root in roots for a in css(root, _LINK_SELECTOR)], url)


def _links_of(anchors: list[LexborNode], url: str | None) -> tuple[Link, ...]:
    links: dict[str, Link] = {}
    for anchor in anchors:
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        absolute = join_url(url, href) if url else href
        # Most links start so, and then their scheme is known without parsing them.
        web = absolute.startswith(("http://", "https://"))
        if not web and urlsplit(absolute).scheme not in {"http", "https"}:
            continue
        text = _collapse_spaces(anchor.text())
        # An image wrapped in a link to its own file is not a link to another page.
        if text and absolute not in links:
            links[absolute] = Link(href=absolute, text=text)
    return tuple(links.values())
