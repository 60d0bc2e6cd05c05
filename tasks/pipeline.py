"""The per-batch work between fetching and the warehouse, as plain functions.

``plan_urls`` groups the URLs a source gave by canonical URL, so a page is fetched once
however many spellings point at it. ``extract_pages`` turns fetched pages into
extractions or errors, and ``extract_and_fingerprint`` fingerprints their articles as
well. ``prepare_batch`` keys the articles and assembles everything a batch writes;
``decide_duplicates`` takes its duplicate decisions when it is merged. The Prefect
tasks in ``tasks.steps`` wrap these; tests call them directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from tasks.dedupe import DedupeSettings, assign_duplicates, fingerprint_batch
from tasks.extract import extract_article
from tasks.extract.encoding import decode_html
from tasks.extract.guard import DEFAULT_LIMITS, REFUSED
from tasks.ids import page_id_for
from tasks.records import (
    Article,
    DedupeItem,
    Extraction,
    FetchedPage,
    Fingerprint,
    NotArticle,
    PageError,
    StoredArticle,
)
from tasks.urls import canonicalize_url, choose_canonical
from warehouse.queries import PageState
from warehouse.writer import BatchWrite, PageRow, PageURL

KnownLookup = Callable[[Sequence[tuple[int, int]]], list[DedupeItem]]


@dataclass(frozen=True, slots=True)
class URLGroup:
    """The spellings of one page's URL, and the one to fetch."""

    canonical_url: str
    variants: tuple[str, ...]

    @property
    def fetch_url(self) -> str:
        # The cleanest spelling as the source wrote it: canonical forms can differ in
        # ways a server cares about (a trailing slash costs a redirect on WordPress).
        return min(self.variants, key=lambda u: (len(urlsplit(u).query), len(u)))


def plan_urls(urls: Sequence[str]) -> list[URLGroup]:
    """Group ``urls`` by canonical URL, in order of first appearance."""
    groups: dict[str, list[str]] = {}
    for url in urls:
        variants = groups.setdefault(canonicalize_url(url), [])
        if url not in variants:
            variants.append(url)
    return [URLGroup(c, tuple(v)) for c, v in groups.items()]


@dataclass(frozen=True, slots=True)
class FetchPlan:
    """Which pages to fetch now, with what validators, and which to leave alone."""

    to_fetch: list[URLGroup]
    skipped: list[URLGroup]
    validators: dict[str, tuple[str | None, str | None]]


def plan_fetches(
    groups: Sequence[URLGroup],
    states: Mapping[str, PageState],
    *,
    recrawl_interval: float,
    now: dt.datetime,
    lastmods: Mapping[str, dt.datetime | dt.date] | None = None,
    max_pages: int | None = None,
) -> FetchPlan:
    """Skip pages fetched fine within ``recrawl_interval`` seconds, unless their feed or
    sitemap says they changed since (``lastmods``, by canonical URL); ask the rest with
    their stored validators; fetch at most ``max_pages``."""
    to_fetch: list[URLGroup] = []
    skipped: list[URLGroup] = []
    validators: dict[str, tuple[str | None, str | None]] = {}
    for group in groups:
        state = states.get(group.canonical_url)
        if state is not None and _fresh(
            state, recrawl_interval, now, (lastmods or {}).get(group.canonical_url)
        ):
            skipped.append(group)
            continue
        if max_pages is not None and len(to_fetch) >= max_pages:
            skipped.append(group)
            continue
        to_fetch.append(group)
        if state is not None and (state.etag or state.last_modified):
            validators[group.fetch_url] = (state.etag, state.last_modified)
    return FetchPlan(to_fetch, skipped, validators)


def _fresh(
    state: PageState, interval: float, now: dt.datetime, lastmod: dt.datetime | dt.date | None
) -> bool:
    if state.last_fetched_at is None or state.last_status not in (200, 304):
        return False
    if now - state.last_fetched_at >= dt.timedelta(seconds=interval):
        return False
    if lastmod is None:
        return True
    if isinstance(lastmod, dt.datetime):
        return lastmod <= state.last_fetched_at
    return lastmod <= state.last_fetched_at.date()


def extract_page(page: FetchedPage) -> Extraction | PageError | None:
    """The extraction of one fetched page, the error that says why there is none, or
    None for a page that answered 304 Not Modified (the stored copy is current)."""
    if page.not_modified:
        return None
    if not page.ok or page.body is None:
        return PageError(
            url=page.url,
            stage="load" if page.url.startswith("file:") else "fetch",
            error_class=page.error_class or "NoBody",
            message=page.error_message or "the response had no body",
            at=page.fetched_at,
        )
    if len(page.body) > DEFAULT_LIMITS.max_chars:  # refused before paying for decoding
        size = f"{len(page.body):,} bytes (limit {DEFAULT_LIMITS.max_chars:,})"
        return _extract_error(page, "RefusedInput", f"{REFUSED}page too large: {size}")
    try:
        # The HTTP charset outranks the page's own <meta>, so decode here, where it is known.
        html = decode_html(page.body, _charset(page.content_type))
        result = extract_article(html, page.final_url)
    except Exception as exc:  # the extractor promises not to raise; a bug must not sink the run
        return _extract_error(page, type(exc).__name__, str(exc) or repr(exc))
    # A page refused as hostile, or one the extractor failed on, is a failure with a
    # reason (an errors row), not a page that parsed and is not an article.
    if isinstance(result, NotArticle) and result.reason.startswith(REFUSED):
        return _extract_error(page, "RefusedInput", result.reason)
    if isinstance(result, NotArticle) and result.reason.startswith(_EXTRACTOR_FAILED):
        return _extract_error(page, "ExtractorFailed", result.reason)
    return result


# How extract_article reports an exception it caught (tasks/extract/core.py).
_EXTRACTOR_FAILED = "extraction failed: "


def _extract_error(page: FetchedPage, error_class: str, message: str) -> PageError:
    return PageError(page.url, "extract", error_class, message, at=page.fetched_at)


def _charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def extract_pages(pages: Sequence[FetchedPage]) -> list[Extraction | PageError | None]:
    return [extract_page(page) for page in pages]


@dataclass(frozen=True, slots=True)
class Extracted:
    """Extractions parallel to a batch's pages, and the fingerprint of each article's
    text (None for the other results).

    Fingerprinting where the pages are extracted puts its cost (~1 ms an article) in
    the extraction pool's processes, beside the parse, instead of in the process that
    stores the batches one after the other.
    """

    results: list[Extraction | PageError | None]
    fingerprints: list[Fingerprint | None]


def extract_and_fingerprint(pages: Sequence[FetchedPage], settings: DedupeSettings) -> Extracted:
    """``extract_pages``, with the fingerprints of the articles."""
    results = extract_pages(pages)
    return Extracted(results, fingerprints_of(results, settings))


def fingerprints_of(
    results: Sequence[Extraction | PageError | None], settings: DedupeSettings
) -> list[Fingerprint | None]:
    """The fingerprint of each article's text among ``results`` (None for the rest),
    computed together, which is faster than one at a time."""
    fingerprints: list[Fingerprint | None] = [None] * len(results)
    articles = [(i, r) for i, r in enumerate(results) if isinstance(r, Article)]
    texts = [article.text for _, article in articles]
    for (i, _), print_ in zip(articles, fingerprint_batch(texts, settings), strict=True):
        fingerprints[i] = print_
    return fingerprints


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What a batch will write, and the counts the run summary wants."""

    write: BatchWrite
    not_articles: int
    url_duplicates: int
    errors: int


def _header(page: FetchedPage, name: str) -> str | None:
    return next((v for k, v in page.headers if k.lower() == name), None)


def _stored(
    source_id: str, page: FetchedPage, article: Article, canonical: str, print_: Fingerprint
) -> StoredArticle:
    return StoredArticle(
        article_id=page_id_for(canonical),
        source_id=source_id,
        url=page.final_url,
        canonical_url=canonical,
        article=article,
        fingerprint=print_,
        seen_at=page.fetched_at,
    )


def _dedupe_item(item: StoredArticle, first_seen: dt.datetime | None) -> DedupeItem:
    return DedupeItem(
        article_id=item.article_id,
        fingerprint=item.fingerprint,
        canonical_url=item.canonical_url,
        site_name=item.article.site_name,
        syndicated_from=item.article.syndicated_from,
        published_date=item.article.published_date,
        first_seen_at=first_seen or item.seen_at,
    )


def prepare_batch(
    source_id: str,
    groups: Sequence[URLGroup],
    pages: Sequence[FetchedPage],
    extractions: Sequence[Extraction | PageError | None],
    settings: DedupeSettings,
    attempts: Sequence[FetchedPage] = (),
    fingerprints: Sequence[Fingerprint | None] | None = None,
) -> BatchOutcome:
    """Everything one batch writes but its duplicate decisions (``decide_duplicates``
    takes them when the batch is merged): pages, URL spellings, fingerprinted articles,
    errors. ``groups``, ``pages`` and ``extractions`` are parallel. ``attempts`` are
    earlier fetch attempts (retries) to log besides ``pages``. ``fingerprints``, parallel
    too, are the articles' fingerprints when extraction took them; else they are taken
    here."""
    if fingerprints is None:
        fingerprints = fingerprints_of(extractions, settings)
    page_rows: list[PageRow] = []
    page_urls: list[PageURL] = []
    articles: dict[str, StoredArticle] = {}
    errors: list[PageError] = []
    not_articles = url_duplicates = 0
    unchanged: list[tuple[str, dt.datetime]] = []
    for group, page, result, print_ in zip(groups, pages, extractions, fingerprints, strict=True):
        if result is None:  # 304: the stored page, article and validators stay
            unchanged.append((group.canonical_url, page.fetched_at))
            continue
        declared = None if isinstance(result, PageError) else result.canonical_url
        canonical = choose_canonical(page.final_url, declared)
        page_id = page_id_for(canonical)
        kind = reason = None
        if isinstance(result, PageError):
            errors.append(result)
        elif isinstance(result, NotArticle):
            kind, reason = result.page_kind, result.reason
            not_articles += 1
        else:
            kind = "article"
            if page_id in articles:
                url_duplicates += 1  # another spelling of a page this batch already has
            else:
                if print_ is None:
                    raise ValueError(f"no fingerprint for the article at {page.final_url}")
                articles[page_id] = _stored(source_id, page, result, canonical, print_)
        page_rows.append(
            PageRow(
                page_id,
                canonical,
                kind,
                page.status,
                page.fetched_at,
                etag=_header(page, "etag"),
                last_modified=_header(page, "last-modified"),
                archive_path=page.archive_path,
                archive_offset=page.archive_offset,
                kind_reason=reason,
            )
        )
        spellings = {*group.variants, group.canonical_url, page.url, page.final_url, canonical}
        url_duplicates += len(group.variants) - 1
        page_urls.extend(PageURL(u, page_id, page.fetched_at) for u in sorted(spellings))

    return BatchOutcome(
        write=BatchWrite(
            fetches=[*attempts, *pages],
            pages=page_rows,
            page_urls=page_urls,
            articles=list(articles.values()),
            errors=errors,
            unchanged=unchanged,
        ),
        not_articles=not_articles,
        url_duplicates=url_duplicates,
        errors=len(errors),
    )


def decide_duplicates(
    batch: BatchWrite, known_lookup: KnownLookup, settings: DedupeSettings
) -> tuple[BatchWrite, int]:
    """``batch`` with its duplicate decisions, taken against every stored article that
    shares an LSH band with one of its articles; and how many of its articles are copies.

    Run at merge time, inside the write transaction, so that decisions always see
    everything stored before, whichever process stored it.
    """
    stored = list(batch.articles)
    known = known_lookup(
        [(b, h) for item in stored for b, h in enumerate(item.fingerprint.band_hashes)]
    )
    first_seen = {k.article_id: k.first_seen_at for k in known}
    new_items = sorted(
        (_dedupe_item(item, first_seen.get(item.article_id)) for item in stored),
        key=lambda d: d.article_id,
    )
    decisions = assign_duplicates(new_items, known, settings)
    ids = {item.article_id for item in stored}
    copies = sum(1 for d in decisions if d.duplicate_of is not None and d.article_id in ids)
    return dataclasses.replace(batch, decisions=decisions), copies
