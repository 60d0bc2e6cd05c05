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
    # A sibling of the chosen container joins it when its score is at least this share.
    sibling_min_share: float = 0.2
    # A boilerplate-looking node is kept when it holds more than this share of the body
    # text: such a node is a page wrapper with an unlucky class name, not a share bar.
    boilerplate_max_share: float = 0.6
    # Lists and short blocks whose text is mostly link text are navigation.
    max_link_density: float = 0.5
    # A block under this many characters is judged by link density at all.
    link_block_max_chars: int = 600
    # Below this many words the page is not an article.
    min_article_words: int = 40
    # Share of body words inside links above which a page is a listing.
    listing_link_density: float = 0.55
    # Repeated teaser blocks (article/h2/h3 cards with links) that mark a listing.
    listing_min_teasers: int = 6
    keep_non_articles: bool = False
    include_images: bool = True
    include_links: bool = True
