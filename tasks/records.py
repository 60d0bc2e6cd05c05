"""Records that cross a stage boundary: source -> fetch/load -> extract -> dedupe -> warehouse.

They are frozen so that a stage can hand them on without fearing that the next one
mutates what it still holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

PageKind = Literal["article", "listing", "other"]


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """One attempt to obtain a page, by HTTP or from disk.

    ``body`` is None when the attempt failed; ``error_class`` and ``error_message`` then
    say why. A page that answered 404 is a FetchedPage with ``status=404`` and an error.
    """

    url: str
    final_url: str
    status: int | None
    body: bytes | None
    content_type: str | None
    fetched_at: dt.datetime
    elapsed_ms: float
    attempt: int = 1
    error_class: str | None = None
    error_message: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    # Where the raw response was archived (a gzip WARC file and the record's offset).
    archive_path: str | None = None
    archive_offset: int | None = None
    redirects: tuple[str, ...] = ()  # the URLs passed through before final_url

    @property
    def ok(self) -> bool:
        return self.body is not None and self.error_class is None

    @property
    def not_modified(self) -> bool:
        """A conditional GET answered 304: the stored copy is current, nothing to parse."""
        return self.status == 304


@dataclass(frozen=True, slots=True)
class Image:
    src: str
    alt: str | None = None
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """A page that is an article, reduced to its parts.

    ``published_at``/``modified_at`` are timezone-aware and set only when the page gives
    a time with an offset (or in UTC); ``published_date``/``modified_date`` carry the
    calendar date whenever any date is known. A time is never invented.
    """

    url: str | None
    canonical_url: str | None
    title: str | None
    text: str
    authors: tuple[str, ...] = ()
    subtitle: str | None = None
    published_at: dt.datetime | None = None
    published_date: dt.date | None = None
    modified_at: dt.datetime | None = None
    modified_date: dt.date | None = None
    language: str | None = None
    site_name: str | None = None
    section: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    links: tuple[Link, ...] = ()
    syndicated_from: str | None = None
    is_paywalled: bool = False
    page_kind: PageKind = "article"
    word_count: int = 0
    extractor_version: str = ""


@dataclass(frozen=True, slots=True)
class NotArticle:
    """A page that parsed but is not an article: a listing, a homepage, an empty shell."""

    url: str | None
    page_kind: PageKind
    reason: str
    title: str | None = None
    canonical_url: str | None = None
    extractor_version: str = ""


Extraction = Article | NotArticle


@dataclass(frozen=True, slots=True)
class PageError:
    """Why a page produced no article: the row that stands for it in ``errors``."""

    url: str
    stage: Literal["fetch", "extract", "load"]
    error_class: str
    message: str
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    text_hash: str
    minhash: tuple[int, ...]
    band_hashes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DedupeItem:
    """What dedupe needs to know of an article, new or already stored."""

    article_id: str
    fingerprint: Fingerprint
    canonical_url: str
    site_name: str | None = None
    syndicated_from: str | None = None
    published_date: dt.date | None = None
    first_seen_at: dt.datetime | None = None
    duplicate_of: str | None = None  # for stored articles: their current representative


@dataclass(frozen=True, slots=True)
class DuplicateDecision:
    article_id: str
    duplicate_of: str | None
    kind: Literal["exact", "near"] | None
    similarity: float | None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article ready for the warehouse: keyed, fingerprinted, tied to its source."""

    article_id: str
    source_id: str
    url: str
    canonical_url: str
    article: Article
    fingerprint: Fingerprint
    seen_at: dt.datetime
