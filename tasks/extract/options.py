"""The one settings object of the extractor: every tunable threshold lives here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Thresholds that steer extraction; the defaults are tuned on the evaluation corpus.

    ``keep_non_articles`` makes a listing or other page come back as an ``Article``
    carrying its ``page_kind`` instead of a ``NotArticle``: useful to benchmark the text
    extractor on every kind of page, or for callers that want the text regardless.
    """

    # A paragraph shorter than this (in characters) does not vote for its container.
    min_scoring_paragraph: int = 25
    # A container matched by a content selector is trusted when it holds at least this
    # share of the paragraph text of the best-scoring container.
    selector_min_share: float = 0.5
    # Absolute floor (characters of paragraph text) for trusting a content selector.
    selector_min_chars: int = 200
    # Of nested content selectors the inner one wins when it holds this share of the
    # outer one's paragraph text.
    inner_content_min_share: float = 0.9
    # A generic container (article, main) is trusted up to this multiple of the region.
    generic_max_ratio: float = 1.6
    # The best container grows (up to max_climb levels) until it holds this share of
    # all paragraph text left after cleaning.
    root_min_share: float = 0.7
    max_climb: int = 15
    # A sibling of the chosen container joins it when its score is at least this share.
    sibling_min_share: float = 0.2
    # A boilerplate-looking node is kept when it holds more than this share of the body
    # text: such a node is a page wrapper with an unlucky class name, not a share bar.
    boilerplate_max_share: float = 0.6
    # A node with only a weak boilerplate sign ("widget", "teaser") is kept when it
    # holds a paragraph at least this long.
    weak_prose_chars: int = 150
    # ... or when it holds at least this share of the page's text.
    weak_max_share: float = 0.3
    # Lists and short blocks whose text is mostly link text are navigation.
    max_link_density: float = 0.6
    # A block under this many characters is judged by link density at all.
    link_block_max_chars: int = 600
    # Below this many words the body is extracted again, conservatively.
    retry_below_words: int = 80
    # ... and a page that is no article, read whole, below this many: next to nothing.
    # (Its short reads are mostly right, a name and a price; the retry reads more.)
    retry_whole_below_words: int = 20
    # Below this many words the page is not an article.
    min_article_words: int = 40
    # ... or below this many when the page declares itself an article or its address
    # is dated (/2018/10/).
    min_brief_words: int = 20
    # Share of body words inside links above which a page is a listing.
    listing_link_density: float = 0.55
    # Repeated teaser blocks (article/h2/h3 cards with links) that mark a listing.
    listing_min_teasers: int = 6
    # An undated, authorless page with many teasers is a listing above this density.
    undated_listing_link_density: float = 0.3
    # A page not declared an article, with this many linked headlines and fewer words
    # than listing_max_words of its own, is a section front.
    listing_min_cards: int = 3
    listing_max_words: int = 300
    keep_non_articles: bool = False
    include_images: bool = True
    # Figure captions and photo credits in the text (they are always on the images).
    include_captions: bool = False
    include_links: bool = True
