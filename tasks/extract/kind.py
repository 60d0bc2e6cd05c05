"""Article, listing or other: a category page or a homepage is not an article."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from tasks.extract import rules
from tasks.extract.metadata import PageMetadata, reads_as_thread
from tasks.extract.options import ExtractOptions
from tasks.extract.selectors import css, text_length
from tasks.records import PageKind


@dataclass(frozen=True, slots=True)
class PageShape:
    """Counts taken from the page before cleaning, for telling listings from articles."""

    teasers: int
    body_chars: int
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / self.body_chars if self.body_chars else 0.0


_ARTICLE_ID = LexborHTMLParser("").create_node("article").tag_id

# A page that declares itself an article is never judged by its shape.
UNMEASURED = PageShape(0, 0, 0)


def declares_article(meta: PageMetadata) -> bool:
    """The page says it is an article: a schema.org article type, or og:type article
    where its schema.org types do not say it is a list (a CMS that marks every page
    og:type article marks its category pages so too)."""
    if meta.schema_types & rules.ARTICLE_TYPES:
        # The records of several other stories (a blog's date archive shows each post
        # whole, with its own BlogPosting): the page lists them.
        return not meta.lists_stories
    return meta.og_type == "article" and not meta.schema_types & rules.LISTING_TYPES


def measure_page(tree: LexborHTMLParser) -> PageShape:
    """Teaser cards (linked headings, repeated <article>s) and overall link density."""
    body = tree.body
    if body is None:
        return PageShape(0, 0, 0)
    linked_headings = len(css(body, "h2 a[href], h3 a[href], h4 a[href]"))
    # One walk finds the <article>s and the links, told apart by tag.
    articles = link_chars = 0
    for node in css(body, "article, a"):
        if node.tag_id == _ARTICLE_ID:
            articles += 1
        else:
            link_chars += text_length(node, strip=True)
    body_chars = text_length(body, strip=True)
    return PageShape(max(linked_headings, articles), body_chars, link_chars)


def notice_of(titles: Iterable[str | None]) -> str | None:
    """What a page served in place of a story is (an error page, a bot check, a consent
    wall, a site page), where one of its ``titles``, or a part of one between
    separators, is such a notice and nothing more."""
    for title in titles:
        for part in rules.NOTICE_SEPARATOR_RE.split(title or ""):
            for reason, notice in rules.NOTICE_TITLE_RES:
                if notice.fullmatch(part.strip()):
                    return f"{reason} ({part.strip()!r})"
    return None


def _searches(path: str, query: str) -> bool:
    """Whether the address is a search's: a search path with a search term."""
    if not query or not rules.SEARCH_PATH_RE.match(path):
        return False
    keys = {part.split("=", 1)[0].lower() for part in query.split("&") if "=" in part}
    return bool(keys & rules.SEARCH_QUERY_KEYS)


def _is_video(meta: PageMetadata) -> bool:
    og_type = (meta.og_type or "").lower()
    return og_type.startswith("video") or bool(meta.schema_types & rules.VIDEO_TYPES)


def _is_product(meta: PageMetadata) -> bool:
    og_type = (meta.og_type or "").lower()
    return og_type.startswith("product") or bool(meta.schema_types & rules.PRODUCT_TYPES)


def classify_page(
    meta: PageMetadata,
    url: str | None,
    shape: PageShape,
    words: int,
    options: ExtractOptions,
    text: str = "",
) -> tuple[PageKind, str]:
    """The kind of page and, for a page that is not an article, the reason why;
    ``text`` is the main text read, ``words`` its count."""
    declared_article = declares_article(meta)
    address = urlsplit(url or "")
    path = address.path
    # The front page, at the root or under a file name ("/index.html"), with no query.
    if url and not address.query and (path.strip("/") == "" or rules.INDEX_PATH_RE.match(path)):
        return "listing", "homepage"
    # A JSON-LD article type is the story's own metadata; a notice page may carry the
    # og:type of the story it stands in for, or of every page of the site.
    story_typed = bool(meta.schema_types & rules.ARTICLE_TYPES)
    notice = None if story_typed else notice_of((meta.title, meta.page_title))
    if notice is not None:
        return "other", notice
    if not story_typed and words <= rules.NOTICE_TEXT_MAX_WORDS:
        said = rules.NOTICE_TEXT_RE.search(text)
        if said is not None:
            return "other", f"script required ({said.group()!r})"
    not_story = {t for t in meta.schema_types if t.endswith("event")} | (
        meta.schema_types & rules.NOT_STORY_TYPES
    )
    if not_story and not story_typed:
        return "other", "declared as " + ", ".join(sorted(not_story))
    if reads_as_thread(meta.schema_types, url):
        return "other", "discussion thread"
    # og:type "product.group" names a shop's category page too.
    if not declared_article and (meta.og_type or "").lower() in rules.PRODUCT_OG_TYPES:
        return "other", f"product page (og:type {meta.og_type})"
    listing_path = rules.LISTING_URL_RE.search(path) and not rules.ARTICLE_URL_RE.search(path)
    # A one-word path ("/world") is a section front only with a listing's shape: an
    # article may live at "/fete" too.
    listing_shape = (
        shape.teasers >= options.listing_min_cards
        or shape.link_density >= options.undated_listing_link_density
    )
    if rules.SECTION_PATH_RE.match(path) and not declared_article and listing_shape:
        return "listing", f"section path {path!r}"
    if listing_path and not declared_article:
        return "listing", f"listing URL path {path!r}"
    listing_types = meta.schema_types & rules.LISTING_TYPES
    dated_listing = listing_types & rules.DATED_LISTING_TYPES
    if listing_types and not declared_article and (not meta.published or dated_listing):
        return "listing", "declared as " + ", ".join(sorted(meta.schema_types))
    if not declared_article and _searches(address.path, address.query):
        return "listing", f"search results ({address.query!r})"
    if not declared_article and rules.DATE_ARCHIVE_PATH_RE.search(path):
        return "listing", f"date archive {path!r}"
    if not story_typed and rules.ACCOUNT_PATH_RE.search(path):
        return "other", f"account page {path!r}"
    if not story_typed and words < rules.VIDEO_PAGE_MAX_WORDS and _is_video(meta):
        return "other", f"video page ({words} words)"
    many_teasers = shape.teasers >= options.listing_min_teasers
    if many_teasers and shape.link_density >= options.listing_link_density and not declared_article:
        return "listing", f"{shape.teasers} teasers, link density {shape.link_density:.2f}"
    if (
        not declared_article
        and shape.teasers >= options.listing_min_cards
        and words < options.listing_max_words
    ):
        return "listing", f"{shape.teasers} linked headlines around only {words} words"
    undated = meta.published is None and not meta.authors
    # A schema.org Product may be each card's on a shop's category page: the page is a
    # product's only where its shape is no listing's.
    if not declared_article and _is_product(meta):
        declared = ", ".join(sorted(meta.schema_types & rules.PRODUCT_TYPES))
        return "other", f"product page ({declared or f'og:type {meta.og_type}'})"
    if (
        undated
        and not declared_article
        and shape.teasers >= 2 * options.listing_min_teasers
        and shape.link_density >= options.undated_listing_link_density
    ):
        return "listing", f"{shape.teasers} teasers and no date or author"
    # A brief (a photo story, a news flash) is still an article when the page or its
    # dated address says it is one.
    said_article = declared_article or bool(rules.DATED_URL_RE.search(path))
    minimum = options.min_brief_words if said_article else options.min_article_words
    if words < minimum:
        return "other", f"only {words} words of text"
    return "article", ""
