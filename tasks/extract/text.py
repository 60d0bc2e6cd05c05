"""The article body: clean the tree, find the content root, render paragraphs.

Every step is a small function over the parsed tree and the options. Node-level
decisions are made first and applied afterwards by detaching the chosen nodes, which
leaves every handle valid (see ``_destroy``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tasks.extract import rules
from tasks.extract.dates import find_date
from tasks.extract.options import ExtractOptions
from tasks.records import Image, Link

# A private-use character marks block boundaries while the tree is flattened to text.
_BREAK = "\ue000"
_SPACES_RE = re.compile(r"\s+")
_STOP_LINE_MAX_CHARS = 80
_DROPPED_LINE_MAX_CHARS = 300
_PAYWALL_LINE_MAX_CHARS = 400
# A stop line this early in the text is a box before the article, not its end.
_STOP_MIN_POSITION = 0.4
_DATELINE_MAX_CHARS = 50
_DATELINE_MAX_WORDS = 9
_WORD_RE = re.compile(r"\w+")
_NEVER_BOILERPLATE = frozenset({"html", "body", "main", "article"})


@dataclass(frozen=True, slots=True)
class Body:
    """What the text step found: paragraphs in reading order and their media."""

    paragraphs: tuple[str, ...]
    images: tuple[Image, ...]
    links: tuple[Link, ...]
    paywalled: bool

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
) -> Body:
    """Find and render the main text of a parsed page (the tree is modified).

    ``by_class=False`` skips the class/id boilerplate rules: the conservative second
    pass for pages whose class names mislead them (everything is a "widget").
    ``listing=True`` reads a listing page, whose content *is* its links: linked
    paragraphs count and link-dense lists stay. ``thread=True`` reads a discussion
    thread, whose replies (classed as comments) are the content. ``authors`` and
    ``headings`` (the title) are dropped where the body repeats them.
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
    images = collect_images(roots, url) if options.include_images else ()
    links = collect_links(roots, url) if options.include_links else ()
    if not options.include_captions:
        _destroy(
            [
                node
                for root in roots
                for node in root.css(rules.CAPTION_SELECTOR)
                if _is_caption(node)
            ]
        )
    paragraphs: list[str] = []
    for root in roots:
        paragraphs.extend(render_paragraphs(root))
    kept, paywalled = filter_paragraphs(paragraphs, authors, headings, thread=thread)
    return Body(tuple(kept), images, links, paywalled)


def clean_tree(
    body: LexborNode, options: ExtractOptions, *, by_class: bool = True, thread: bool = False
) -> list[LexborNode]:
    """Drop scripts, hidden and boilerplate nodes; return nodes marked as content."""
    _destroy(body.css(rules.STRIPPED_SELECTOR))
    total = len(body.text(strip=True)) or 1
    limit = total * options.boilerplate_max_share
    # Hidden nodes holding most of the text, or named as streamed segments (React's
    # <div hidden id="S:0">), are page content swapped in by script, not boilerplate.
    doomed = [
        node
        for node in body.css(", ".join(rules.HIDDEN_SELECTORS + rules.FURNITURE_SELECTORS))
        if _text_at_most(node, limit)
        and not rules.STREAMED_ID_RE.match(node.attributes.get("id") or "")
    ]
    content: list[LexborNode] = []
    suspects: list[LexborNode] = []
    boilerplate_tags = set(rules.BOILERPLATE_TAGS)
    selector = f"{rules.MARKED_SELECTOR}, " + ", ".join(rules.BOILERPLATE_TAGS)
    # Class strings repeat a lot within a page (menu items, cards): judge each once.
    verdicts: dict[str, int] = {}
    for node in dict.fromkeys(body.css(selector)):
        attrs = node.attributes
        marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        verdict = verdicts.get(marks)
        if verdict is None:
            verdict = verdicts[marks] = _judge_marks(marks, by_class, thread)
        if verdict == _CONTENT:
            content.append(node)
        elif node.tag in _NEVER_BOILERPLATE:
            continue
        elif (
            verdict == _BOILERPLATE
            or node.tag in boilerplate_tags
            or (verdict == _WEAK and not _has_prose(node, options, total))
        ):
            suspects.append(node)
    protected = _ancestors_of(content + body.css(rules.PROTECTED_SELECTOR), options)
    for node in suspects:
        if node not in protected and _text_at_most(node, limit):
            doomed.append(node)
    doomed_set = set(doomed)
    content = [node for node in content if not _inside(node, doomed_set)]
    _destroy(doomed)
    return content


_NEUTRAL, _CONTENT, _BOILERPLATE, _WEAK = 0, 1, 2, 3


def _text_at_most(node: LexborNode, limit: float) -> bool:
    """``len(node.text(strip=True)) <= limit``, mostly without stripping every fragment:
    the raw text is cheaper to get and never shorter."""
    return len(node.text()) <= limit or len(node.text(strip=True)) <= limit


def _has_prose(node: LexborNode, options: ExtractOptions, total: int) -> bool:
    """A long paragraph, or a large share of the page's text (prose in bare divs)."""
    if any(len(p.text(strip=True)) >= options.weak_prose_chars for p in node.css("p")):
        return True
    return len(node.text(strip=True)) >= options.weak_max_share * total


def _judge_marks(marks: str, by_class: bool, thread: bool) -> int:
    """The verdict of a node's class and id: content beats boilerplate beats weak.

    A token rule never spans whitespace, so the verdict of the whole string is the
    strongest verdict of its tokens, and each token is judged once per process.
    """
    lowered = marks.lower()
    if not rules.ANY_MARK_RE.search(" " + lowered):  # the token regexes need a separator
        return _NEUTRAL
    verdicts = {_judge_token(token, thread) for token in lowered.split()}
    if _CONTENT in verdicts:
        return _CONTENT
    if not by_class:
        return _NEUTRAL
    if _BOILERPLATE in verdicts:
        return _BOILERPLATE
    return _WEAK if _WEAK in verdicts else _NEUTRAL


# A pure function of one class token: the memo only saves time (tokens repeat across
# pages: "container", "row", "share-bar"), it never changes a result.
@lru_cache(maxsize=16384)
def _judge_token(token: str, thread: bool) -> int:
    padded = " " + token  # the token regexes start at the separator before a word
    if not rules.ANY_MARK_RE.search(padded):
        return _NEUTRAL
    if rules.LAYOUT_TOKEN_RE.search(token) or token.startswith(rules.NEUTRAL_CLASS_PREFIXES):
        return _NEUTRAL
    if rules.CONTENT_RE.search(padded):
        return _CONTENT
    boilerplate = rules.THREAD_BOILERPLATE_RE if thread else rules.BOILERPLATE_RE
    if boilerplate.search(padded):
        return _BOILERPLATE
    if rules.WEAK_BOILERPLATE_RE.search(padded):
        return _WEAK
    return _NEUTRAL


def _ancestors_of(nodes: list[LexborNode], options: ExtractOptions) -> set[LexborNode]:
    """Ancestors of the nodes that hold real text: wrappers that must not go."""
    out: set[LexborNode] = set()
    for node in nodes:
        if len(node.text(strip=True)) < options.selector_min_chars:
            continue
        parent = node.parent
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


def score_containers(body: LexborNode, options: ExtractOptions, listing: bool = False) -> Votes:
    """Readability-style votes: each paragraph's length goes to its parent, half to the
    grandparent; a div or cell with enough text of its own votes for itself."""
    scores: dict[LexborNode, float] = defaultdict(float)
    minimum = options.min_scoring_paragraph
    # A paragraph inside a link is a teaser's blurb, not article text.
    linked = set() if listing else set(body.css(rules.LINKED_PARAGRAPH_SELECTOR))
    paragraphs = 0
    for para in body.css(rules.PARAGRAPH_SELECTOR):
        length = _prose_chars(para.text(strip=True))
        if para in linked:
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
    for block in body.css("div, td, section, article, font, span"):
        own = len(block.text(deep=False, strip=True))
        if own < minimum:
            continue
        scores[block] += own
        parent = block.parent
        if parent is not None:
            scores[parent] += own / 2
    if listing:
        total = len(body.text(strip=True))
    else:
        total = len(body.text(deep=False, strip=True)) + paragraphs
    return Votes(scores, total)


def paragraph_chars(node: LexborNode, listing: bool = False) -> int:
    """Characters of paragraph text under ``node``: the measure of content it holds."""
    if listing:
        return len(node.text(strip=True))
    own = len(node.text(deep=False, strip=True))
    paragraphs = sum(_prose_chars(p.text(strip=True)) for p in node.css(rules.PARAGRAPH_SELECTOR))
    linked = sum(
        _prose_chars(p.text(strip=True)) for p in node.css(rules.LINKED_PARAGRAPH_SELECTOR)
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
    best = max(scores, key=scores.__getitem__)
    best = _climb(best, body, votes.total_chars, options, listing)
    region = _merge_siblings(best, scores, options)
    region_chars = sum(paragraph_chars(node, listing) for node in region) or 1
    low = max(options.selector_min_chars, options.selector_min_share * region_chars)
    explicit = [*marked, *_select_in_order(body, rules.EXPLICIT_CONTENT_SELECTORS)]
    # A page without paragraphs keeps its text in bare divs and spans: there a container
    # marked as the content is measured by all its text.
    whole = listing or votes.total_chars < options.selector_min_chars
    trusted = [c for c in dict.fromkeys(explicit) if paragraph_chars(c, whole) >= low]
    if trusted:
        return [_innermost(trusted, options, whole)]
    # Each reply of a thread is an <article>: no single one is the content.
    generic = [] if thread else _select_in_order(body, rules.GENERIC_CONTENT_SELECTORS)
    for candidate in dict.fromkeys(generic):
        if low <= paragraph_chars(candidate, listing) <= options.generic_max_ratio * region_chars:
            return [candidate]
    return region


def _select_in_order(body: LexborNode, selectors: tuple[str, ...]) -> list[LexborNode]:
    """The matches of each selector in turn. Every query walks the whole page, and most
    pages match none or one of these, so one query over all of them comes first."""
    found = body.css(", ".join(selectors))
    if len(found) <= 1:
        return found
    return [node for selector in selectors for node in body.css(selector)]


def _innermost(nodes: list[LexborNode], options: ExtractOptions, listing: bool) -> LexborNode:
    """The deepest of nested candidates that keeps most of the text: a page wrapper
    classed "main-content-wrap" holds breadcrumbs and teasers around the story."""
    chosen = nodes[0]
    chars = paragraph_chars(chosen, listing)
    for node in nodes[1:]:
        if not _inside(node, {chosen}):
            continue
        inner = paragraph_chars(node, listing)
        if inner >= options.inner_content_min_share * chars:
            chosen, chars = node, inner
    return chosen


def _climb(
    node: LexborNode, body: LexborNode, total: int, options: ExtractOptions, listing: bool
) -> LexborNode:
    """Go up from the best container while it holds too small a share of the text:
    bodies split into several columns or sections vote for each part separately."""
    chars = paragraph_chars(node, listing)
    for _ in range(options.max_climb):
        parent = node.parent
        if parent is None or _same(parent, body) or chars >= options.root_min_share * total:
            break
        node, chars = parent, paragraph_chars(parent, listing)
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
            or (child.tag == "p" and len(child.text(strip=True)) >= 80)
        ):
            region.append(child)
    return region


def prune_root(root: LexborNode, options: ExtractOptions, listing: bool = False) -> None:
    """Remove link farms, fine print and the title inside the chosen root."""
    doomed: list[LexborNode] = list(root.css("h1"))
    for small in root.css(rules.FINE_PRINT_SELECTOR):
        parent = small.parent
        # A paragraph that is all <small> is fine print ("no cookies, no comments").
        if (
            parent is not None
            and parent.tag == "p"
            and len(parent.text(strip=True)) == len(small.text(strip=True))
        ):
            doomed.append(parent)
    if not listing:
        for node, link_chars in _link_chars(root).items():
            if node.tag not in rules.LINK_BLOCK_TAGS:
                continue
            text_chars = len(node.text(strip=True))
            if text_chars == 0:
                continue
            is_list = node.tag in {"ul", "ol", "dl"}
            if not is_list and text_chars > options.link_block_max_chars:
                continue
            if link_chars / text_chars > options.max_link_density:
                doomed.append(node)
    _destroy(doomed)


def _link_chars(root: LexborNode) -> dict[LexborNode, int]:
    """Characters of link text under each node of ``root`` (itself included) that holds
    any: one walk up from each link instead of a search below every block."""
    out: dict[LexborNode, int] = defaultdict(int)
    top = root.mem_id
    for anchor in root.css("a"):
        chars = len(anchor.text(strip=True))
        node: LexborNode | None = anchor
        while chars and node is not None:
            out[node] += chars
            node = None if node.mem_id == top else node.parent
    return out


def render_paragraphs(root: LexborNode) -> list[str]:
    """The text of ``root`` as paragraphs: one per block element, whitespace collapsed."""
    for block in root.css(rules.BLOCK_SELECTOR):
        block.insert_before(_BREAK)
        block.insert_after(_BREAK)
    raw = root.text(deep=True)
    out = []
    for piece in raw.split(_BREAK):
        para = _SPACES_RE.sub(" ", piece).strip()
        if para:
            out.append(para)
    return out


def filter_paragraphs(
    paragraphs: list[str],
    authors: tuple[str, ...] = (),
    headings: tuple[str, ...] = (),
    *,
    thread: bool = False,
) -> tuple[list[str], bool]:
    """Drop whole-line boilerplate, bylines and datelines, and the title
    (``headings``) repeated in the body; cut at trailing boxes and paywalls; dedupe."""
    bylines = {name.lower() for name in authors} | {f"by {name.lower()}" for name in authors}
    total = sum(len(p) for p in paragraphs) or 1
    seen: set[str] = {h for h in headings if h}
    kept: list[str] = []
    position = 0
    paywalled = False
    for para in paragraphs:
        position += len(para)
        size = len(para)
        if size <= _PAYWALL_LINE_MAX_CHARS and _is_paywall(para):
            paywalled = True
            break
        if not thread and size <= _STOP_LINE_MAX_CHARS and rules.STOP_LINE_RE.match(para):
            if position / total >= _STOP_MIN_POSITION:
                break
            continue
        if size <= _DROPPED_LINE_MAX_CHARS and (
            rules.DROPPED_LINE_RE.match(para) or _has_dropped_phrase(para)
        ):
            continue
        if para in seen or (size <= _DATELINE_MAX_CHARS and _is_byline_or_date(para, bylines)):
            continue
        seen.add(para)
        kept.append(para)
    return kept, paywalled


def _is_caption(node: LexborNode) -> bool:
    if len(node.text(strip=True)) > rules.CAPTION_MAX_CHARS:
        return False
    if node.tag == "figcaption" or "itemprop" in node.attributes:
        return True
    return bool(rules.CAPTION_CLASS_RE.search(node.attributes.get("class") or ""))


def _is_byline_or_date(para: str, bylines: set[str]) -> bool:
    """A paragraph that is only an author's name or only a date (with a time)."""
    if para.lower().strip(" .,|") in bylines:
        return True
    found = find_date(para)
    return found is not None and len(_WORD_RE.findall(para)) <= _DATELINE_MAX_WORDS


def _has_dropped_phrase(para: str) -> bool:
    lowered = para.lower()
    return any(hint in lowered for hint in rules.DROPPED_PHRASE_HINTS) and bool(
        rules.DROPPED_PHRASE_RE.search(para)
    )


def _is_paywall(para: str) -> bool:
    lowered = para.lower()
    return any(hint in lowered for hint in rules.PAYWALL_HINTS) and bool(
        rules.PAYWALL_RE.search(para)
    )


def collect_images(roots: list[LexborNode], url: str | None) -> tuple[Image, ...]:
    """Images in the body with their alt text and figure caption, each once."""
    images: dict[str, Image] = {}
    for root in roots:
        for img in root.css("img"):
            src = _image_src(img)
            if not src or src.startswith("data:"):
                continue
            src = urljoin(url, src) if url else src
            if src in images:
                continue
            caption = None
            figure = _ancestor(img, "figure")
            if figure is not None:
                figcaption = figure.css_first("figcaption")
                if figcaption is not None:
                    caption = _SPACES_RE.sub(" ", figcaption.text()).strip() or None
            alt = (img.attributes.get("alt") or "").strip() or None
            images[src] = Image(src=src, alt=alt, caption=caption)
    return tuple(images.values())


def _image_src(img: LexborNode) -> str | None:
    attrs = img.attributes
    for key in ("data-src", "data-lazy-src", "data-original", "src"):
        value = attrs.get(key)
        if value and not value.startswith("data:"):
            return value.strip()
    srcset = attrs.get("srcset") or attrs.get("data-srcset")
    if srcset:
        return srcset.split(",")[0].strip().split(" ")[0]
    return None


def _ancestor(node: LexborNode, tag: str, depth: int = 4) -> LexborNode | None:
    parent = node.parent
    while parent is not None and depth > 0:
        if parent.tag == tag:
            return parent
        parent = parent.parent
        depth -= 1
    return None


def collect_links(roots: list[LexborNode], url: str | None) -> tuple[Link, ...]:
    """Links inside the body that lead to another page, with their anchor text."""
    links: dict[str, Link] = {}
    for root in roots:
        for anchor in root.css("a[href]"):
            href = (anchor.attributes.get("href") or "").strip()
            if not href or href.startswith("#"):
                continue
            absolute = urljoin(url, href) if url else href
            if urlsplit(absolute).scheme not in {"http", "https"}:
                continue
            text = _SPACES_RE.sub(" ", anchor.text()).strip()
            # An image wrapped in a link to its own file is not a link to another page.
            if text and absolute not in links:
                links[absolute] = Link(href=absolute, text=text)
    return tuple(links.values())
