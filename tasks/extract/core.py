"""The one entry point: a page in, an ``Article`` or a ``NotArticle`` out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser

from tasks.extract import rules
from tasks.extract.guard import guard_page
from tasks.extract.kind import UNMEASURED, classify_page, declares_article, measure_page
from tasks.extract.language import guess_language
from tasks.extract.metadata import PageMetadata, credit_source, read_metadata, via_from_canonical
from tasks.extract.options import ExtractOptions
from tasks.extract.text import Body, count_words, extract_body
from tasks.records import Article, Extraction, Image, NotArticle

EXTRACTOR_VERSION = "0.13.0"
_BINARY_RE = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_BINARY_SAMPLE = 4096
_BINARY_MAX_SHARE = 0.05
_NOSCRIPT_RE = re.compile(r"</?noscript\b[^>]*>", re.IGNORECASE)
_DEFAULT_OPTIONS = ExtractOptions()
# The reason of a page whose extraction raised (a bug, caught so that no page crashes
# its caller), as guard.REFUSED starts that of a page refused before parsing.
FAILED = "extraction failed: "


def extract_article(
    html: str | bytes, url: str | None = None, *, options: ExtractOptions | None = None
) -> Extraction:
    """Extract the article in ``html``; pure, no I/O, and never raises on any input.

    A page that is not an article (a listing, a homepage, an empty or broken page)
    comes back as a ``NotArticle`` whose ``reason`` says why.
    """
    options = options or _DEFAULT_OPTIONS
    page = guard_page(html)  # hostile input: refused before any parsing
    if page.refused is not None:
        return _not_article(url, "other", page.refused, None)
    try:
        return _extract(page.text, page.markup, url, options, page.source_text)
    except Exception as exc:  # a malformed page is a value, never a crash of the caller
        return NotArticle(
            url=url,
            page_kind="other",
            reason=f"{FAILED}{type(exc).__name__}: {exc}",
            extractor_version=EXTRACTOR_VERSION,
        )


def _extract(
    text: str,
    markup: str | bytes,
    url: str | None,
    options: ExtractOptions,
    source: Callable[[], str],
) -> Extraction:
    """``markup`` is ``text`` or the same page as UTF-8 bytes, for the parser; both lean
    (no script text). ``source`` gives the page whole."""
    if not text or text.isspace():  # as ``not text.strip()``, without copying the page
        return _not_article(url, "other", "empty document", None)
    if _looks_binary(text):
        return _not_article(url, "other", "binary data, not HTML", None)
    tree = LexborHTMLParser(markup)
    if tree.body is None:
        return _not_article(url, "other", "no <body>", None)
    meta = read_metadata(tree, url, text, source=source, images=options.include_images)
    # Measuring walks the whole page, and classify_page ignores the shape of a page that
    # declares itself an article.
    shape = UNMEASURED if declares_article(meta) else measure_page(tree)
    authors = tuple(meta.authors)
    headings = (meta.title,) if meta.title else ()
    body, words = _read_body(
        tree,
        text,
        url,
        options,
        retry_below=options.retry_below_words,
        authors=authors,
        headings=headings,
        boxed_captions=meta.caption_classes,
    )
    # The text is read for a notice only on a short page.
    short = words <= rules.NOTICE_TEXT_MAX_WORDS
    kind, reason = classify_page(meta, url, shape, words, options, body.text if short else "")
    if kind != "article" and not options.keep_non_articles:
        return _not_article(url, kind, reason, meta)
    if kind != "article" and reason != "discussion thread":
        # A listing's content is its links, and a page that is no story (a product, a
        # store front, a short page) has none to single out: read it whole, links kept.
        whole = LexborHTMLParser(markup)
        retry_below = options.retry_whole_below_words
        body, words = _read_body(whole, text, url, options, retry_below=retry_below, listing=True)
    elif reason == "discussion thread":
        # A thread's content is its replies, which the article rules drop as comments;
        # forum software often serves them to crawlers inside <noscript>.
        body = extract_body(_noscript_opened(text), url, options, thread=True, listing=True)
        words = count_words(body.text)
    lead = meta.lead_image
    return _article(url, meta, body, words, kind, lead)


def _read_body(
    tree: LexborHTMLParser,
    text: str,
    url: str | None,
    options: ExtractOptions,
    *,
    retry_below: int,
    listing: bool = False,
    authors: tuple[str, ...] = (),
    headings: tuple[str, ...] = (),
    boxed_captions: bool = True,
) -> tuple[Body, int]:
    """The body of ``tree`` (``text`` parsed) and its word count. Fewer words than
    ``retry_below`` means class names may have misled the cleaning (everything is a
    "widget"), or the content sits in <noscript> for crawlers: the page is read again
    without class rules, noscript opened, and the read with more words is kept."""
    body = extract_body(
        tree,
        url,
        options,
        listing=listing,
        authors=authors,
        headings=headings,
        boxed_captions=boxed_captions,
    )
    words = count_words(body.text)
    if words < retry_below:
        retry = extract_body(
            _noscript_opened(text),
            url,
            options,
            by_class=False,
            listing=listing,
            authors=authors,
            headings=headings,
            boxed_captions=boxed_captions,
        )
        retry_words = count_words(retry.text)
        if retry_words > words:
            return retry, retry_words
    return body, words


def _noscript_opened(text: str) -> LexborHTMLParser:
    """``text`` parsed with its <noscript> tags dropped: their content, which a parser
    that runs no script reads as text, becomes markup like the rest of the page."""
    return LexborHTMLParser(_NOSCRIPT_RE.sub("", text))


def _looks_binary(text: str) -> bool:
    """Control characters or undecodable bytes in bulk: an image, a PDF, a zip."""
    sample = text[:_BINARY_SAMPLE]
    odd = len(_BINARY_RE.findall(sample))
    return odd > len(sample) * _BINARY_MAX_SHARE


def _not_article(url: str | None, kind: str, reason: str, meta: PageMetadata | None) -> NotArticle:
    return NotArticle(
        url=url,
        page_kind="listing" if kind == "listing" else "other",
        reason=reason,
        title=meta.title if meta else None,
        canonical_url=meta.canonical_url if meta else None,
        extractor_version=EXTRACTOR_VERSION,
    )


def _with_lead(lead: Image | None, images: tuple[Image, ...]) -> tuple[Image, ...]:
    """The body's images, after the lead picture above them where the body lacks it.
    Where the body has it, the lead's caption fills a caption the body's copy lacks: the
    lead is read before cleaning, which takes a caption hidden from screen readers
    (``aria-hidden``, as it repeats the picture's alt) with the rest of the hidden."""
    if lead is None:
        return images
    for index, image in enumerate(images):
        if image.src == lead.src:
            if image.caption is None and lead.caption is not None:
                return (*images[:index], replace(image, caption=lead.caption), *images[index + 1 :])
            return images
    return (lead, *images)


def _dek(meta: PageMetadata, text: str) -> str | None:
    """The subtitle, unless it is the description and the story opens with it: then it
    is the lead paragraph, not a dek (unless the page sets it as a heading). A dek in
    the story's box stays in the text, as the corpus annotators kept it on about half
    the pages where it opens the story."""
    subtitle = meta.subtitle
    lead = meta.dek_is_description and not meta.dek_is_heading
    # The lead paragraph may open with a dateline ("GYUMRI, JUNE 18, ARMENPRESS: ...").
    opening = text[: len(subtitle) + _DATELINE_CHARS].split("\n\n", 1)[0] if subtitle else ""
    if subtitle and lead and subtitle in opening:
        return None
    return subtitle


# How far into the story's first paragraph its dateline may run.
_DATELINE_CHARS = 80


def _article(
    url: str | None, meta: PageMetadata, body: Body, words: int, kind: str, lead: Image | None
) -> Article:
    published, modified = meta.published, meta.modified
    return Article(
        url=url,
        canonical_url=meta.canonical_url,
        title=meta.title,
        text=body.text,
        authors=tuple(meta.authors),
        subtitle=_dek(meta, body.text),
        published_at=published.at if published else None,
        published_date=published.date if published else None,
        modified_at=modified.at if modified else None,
        modified_date=modified.date if modified else None,
        # A page that declares no language is read for one.
        language=meta.language or guess_language(body.text),
        site_name=meta.site_name,
        section=meta.section,
        description=meta.description,
        tags=tuple(meta.tags),
        images=_with_lead(lead, body.images),
        links=body.links,
        syndicated_from=meta.via
        or credit_source((*body.paragraphs, *body.credits), body.links, meta.site_name, url)
        or via_from_canonical(url, meta.canonical_url),
        is_paywalled=body.paywalled or meta.accessible_for_free is False or meta.walled,
        page_kind="article" if kind == "article" else ("listing" if kind == "listing" else "other"),
        word_count=words,
        extractor_version=EXTRACTOR_VERSION,
    )
