"""Page metadata from JSON-LD (with @graph, lists and @id references), OpenGraph,
Twitter cards, Dublin Core and other <meta> names, microdata, and <time> elements.

Read before the text step: cleaning destroys the scripts, bylines and <meta> tags.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tasks.extract import rules
from tasks.extract.authors import (
    Byline,
    clean_authors,
    parse_byline,
    parse_via,
    reads_as_bio,
    word_key,
)
from tasks.extract.dates import (
    DateSpan,
    ParsedDate,
    date_from_url,
    dates_in,
    find_date_at,
    parse_date,
    reads_day_first,
)
from tasks.extract.selectors import (
    Matching,
    by_attribute,
    css,
    css_first,
    short_texts,
    tag_ids,
    text_length,
    with_tags,
)
from tasks.extract.survey import Found, Survey
from tasks.extract.text import ancestor, elements_after, lead_image, sibling_element
from tasks.records import Image, Link

_SPACES_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")
_LANGUAGE_TAG_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_TITLE_SEPARATORS_RE = re.compile(r"\s+[/|\u2013\u2014·•»:-]{1,2}\s+")
_MAX_BYLINE_CHARS = 200
_MIN_HEADLINE_WORDS = 3
_MAX_HEADINGS = 3
# The pictures in links looked at for the masthead's logo.
_MAX_LOGOS = 5
_TITLE_LONGEST_SHARE = 0.6
# Below this share of common words an h1 and the metadata title are different texts.
_MIN_TITLE_OVERLAP = 0.2
# Words the part before a " | " needs to be the title rather than a label.
_MIN_BEFORE_BAR_WORDS = 2
# Titles that name no page: a front page's label, not its name.
_GENERIC_TITLES = frozenset({"home", "home page", "homepage"})
# Elements inside a heading whose text is no part of it: controls, code, and what
# the page hides (the ``hidden`` attribute: never rendered, unlike screen-reader text).
_HEADING_NOISE_TAGS = frozenset({"button", "script", "style", "template", "select", "textarea"})
_HEADING_NOISE = ", ".join((*sorted(_HEADING_NOISE_TAGS), "[hidden]"))
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
_PERMALINK_TAIL_RE = re.compile(r"\s*[\u00b6\u00a7]\s*$")

# <meta> names in order of trust, one tuple per field.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "originalpublicationdate",
    "article:published",
    "og:published_time",
    "release_date",
    # Highwire Press tags of scholarly pages (what Google Scholar reads).
    "citation_publication_date",
    "citation_online_date",
    "citation_date",
)
# Names that say "date" but not which one: read after the dates shown in the page,
# since some sites put the last change there.
DATE_META = ("dc.date", "dcterms.date", "dcterms.created", "dc.date.created", "date")
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
)
AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "twitter:creator",
)
TITLE_META = ("og:title", "twitter:title", "dc.title", "headline", "parsely-title")
DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")
SITE_NAME_META = ("og:site_name", "application-name", "publisher", "twitter:site")
TAG_META = ("article:tag", "news_keywords", "parsely-tags")
# The SEO keywords an editor (or a plugin) wrote for search engines, often site-wide
# words ("news, sports, classifieds"): the tags the page shows come first.
KEYWORDS_META = ("keywords",)
SECTION_META = ("article:section", "parsely-section", "section")
BYLINE_SELECTORS = (
    '[itemprop="author"] [itemprop="name"]',
    '[itemprop="author"]',
    '[rel="author"]',
    ".byline",
    ".byline-name",
    ".author-name",
    ".author",
    ".post-author",
    ".entry-author",
    '[class*="byline"]',
    '[class*="by-line"]',
    '[class*="author-name"]',
    '[class*="AuthorName"]',
    '[class*="author"]',
    '[class*="Author"]',
)
# A link to the author's archive page (the common CMS address scheme), read only when
# no byline markup names anyone.
ARCHIVE_LINK_SELECTORS = ('a[href*="/author/"]', 'a[href*="/authors/"]')
DATE_SELECTORS = (
    # A question's (or a thread's) first post: schema.org calls its date dateCreated.
    # One selector, so that the first in the page wins: on a Q&A page the question's
    # dateCreated comes before the answers' datePublished.
    '[itemprop="datePublished"], [itemprop="dateCreated"]',
    "time[pubdate]",
    "time.published",
    "time.entry-date",
    "time[datetime]",
    ".published",
    ".entry-date",
    ".post-date",
    ".date",
    '[class*="publish"]',
    '[class*="dateline"]',
    '[class*="timestamp"]',
    "time",
)

# The elements read from the whole page: <meta> values, JSON-LD blocks, headlines.
_PAGE_ELEMENTS = 'meta[content], script[type="application/ld+json"], h1'
_PAGE_ELEMENT_WALK = Matching(
    ("meta[content]", 'script[type="application/ld+json"]', "h1"), _PAGE_ELEMENTS
)
_SUBTITLE_ANY = by_attribute(rules.SUBTITLE_SELECTORS)


@dataclass(slots=True)
class PageMetadata:
    """Everything the page says about itself, before the body is read."""

    title: str | None = None
    # The <title> as written, site name and all.
    page_title: str | None = None
    subtitle: str | None = None
    # The subtitle is the description, shown under the headline: it may be the story's
    # lead paragraph rather than a dek.
    dek_is_description: bool = False
    # The dek is set as a heading under the headline (an <h2>): a dek, never the lead
    # paragraph, whether or not the story's text opens with it.
    dek_is_heading: bool = False
    # The picture between the headline and the story, which cleaning takes away.
    lead_image: Image | None = None
    # Whether any element's class may name a caption (the body's images outside a
    # <figure> are searched for one only then).
    caption_classes: bool = True
    authors: list[str] = field(default_factory=list)
    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    description: str | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    via: str | None = None
    accessible_for_free: bool | None = None
    # A membership plugin's or theme's wall box in the page (Ghost's upgrade prompt).
    walled: bool = False
    schema_types: set[str] = field(default_factory=set)
    # JSON-LD describes two stories or more at other addresses, none at this one.
    lists_stories: bool = False
    og_type: str | None = None


def read_metadata(
    tree: LexborHTMLParser,
    url: str | None,
    html: str = "",
    *,
    source: Callable[[], str] | None = None,
    images: bool = True,
) -> PageMetadata:
    """Collect the page's metadata; missing fields stay None or empty.

    ``html`` is the page's text that ``tree`` was parsed from. ``source`` gives the
    page whole where ``html`` is lean (``lean_markup``: no script text), searched for
    dates in inline application state (``"datePublished": "..."`` outside JSON-LD) when
    the markup has none. The lead picture is looked for only if ``images``.
    """
    host = _host(url or "")
    # One walk finds the three kinds of element read from the whole page; their tags
    # tell them apart. The <h1> elements serve the title and the headline node.
    found = _PAGE_ELEMENT_WALK.find(tree.root) if tree.root is not None else []
    h1s = [node for node in found if node.tag == "h1"]
    meta = _meta_tags([node for node in found if node.tag == "meta"])
    ld = _json_ld([node for node in found if node.tag == "script"])
    article = _main_ld_object(ld)
    out = PageMetadata()
    typed = [(obj, _types(obj)) for obj in ld.objects]
    out.schema_types = {t for _, types in typed for t in types}
    stories = [obj for obj, types in typed if any(t in rules.ARTICLE_TYPES for t in types)]
    out.lists_stories = len(stories) > 1 and _lists_stories(stories, url)
    out.og_type = _first(meta, ("og:type",))
    publisher = _trading_name(_ld_name(ld, article.get("publisher")), meta, ld)
    # The <title> is read once, for the site's name, the headline and the page kind.
    title_node = css_first(tree, "title")
    raw_title = title_node.text() if title_node is not None else None
    out.page_title = _clean(raw_title) if raw_title is not None else None
    out.site_name = (
        _host_site_name(publisher, _first(meta, SITE_NAME_META[:1]), host)
        or _site_name(meta, ld)
        or _home_heading(h1s, url or "", raw_title)
        or _home_logo(tree, url or "", raw_title)
        or _home_link(tree, url or "", raw_title)
    )
    out.title = choose_title(
        tree, meta, article, out.site_name, url or "", h1s=h1s, page_title=out.page_title
    )
    out.description = _text(article.get("description")) or _first(meta, DESCRIPTION_META)
    # The <h1> that shows the title: the byline and the dek are read from right after it.
    headline = _headline_node(tree, out.title, h1s)
    if images and headline is not None and headline.tag == "h1":
        out.lead_image = lead_image(headline, url, _first(meta, ("og:image", "twitter:image")))
    out.canonical_url = _canonical(tree, meta, url)
    out.language = _language(tree, meta, article)
    out.section = _text(article.get("articleSection")) or _first(meta, SECTION_META)
    out.accessible_for_free = _accessible(article)
    seen = _SURVEYED.found(tree.root)  # which byline, date, poster and tag rules may match
    out.caption_classes = seen.may_match(rules.CAPTION_CLASSED_SELECTOR)
    out.walled = any(
        seen.may_match(selector) and css_first(tree, selector) is not None
        for selector in rules.PAYWALL_BOX_SELECTORS
    )
    out.tags = (
        _tags(meta, article, TAG_META)
        or _shown_tags(tree, seen)
        or _archive_tags(tree, seen)
        or _archive_tags(tree, seen, rules.TAGGED_LINK_SELECTORS)
        or _shown_tags(tree, seen, rules.TAG_BOX_SELECTORS)
        or _tags(meta, {}, KEYWORDS_META)
    )
    byline = _byline(tree, seen)
    # The first byline found may be an author box at the end of the page, which names
    # the author but never the source: look for "Via X" under the headline too.
    header = _header_text(headline)
    out.via = (
        byline.via or parse_via(header) or _source_organisation(ld, article, out.site_name, host)
    )
    # The dek as shown; a JSON-LD alternativeHeadline is often a second, SEO headline.
    marked = any(seen.may_match(selector) for selector in rules.SUBTITLE_SELECTORS)
    out.subtitle = _subtitle(tree, headline, marked) or _alternative_headline(
        article, meta, headline
    )
    if out.subtitle is None:
        out.subtitle = _shown_description(out.description, header)
        out.dek_is_description = out.subtitle is not None
        out.dek_is_heading = _shown_as_heading(headline, out.subtitle)
    if out.subtitle is None and headline is not None:
        out.subtitle = _heading_dek(headline, out.title)
    people, organisations = _ld_authors(ld, article.get("author"))
    blocks = _TextBlocks(tree)
    if out.via and _part_names_site(out.via, out.site_name, host):
        out.via = None  # "via <this site>" credits no other outlet
    thread = reads_as_thread(out.schema_types, url)
    sources: tuple[Callable[[], Iterable[str]], ...] = (
        # The byline under the headline, where two readings of the page agree on it,
        # beats a JSON-LD or <meta> author that names someone else (often the account
        # that published the page).
        lambda: _shown_byline(tree, blocks, byline.names, header, people),
        # The JSON-LD of many templates names the first author only.
        lambda: _more_names(byline.names, people),
        lambda: people,
        # A thread's author is who wrote its first post; the byline markup of a thread
        # names each reply's author too, or labels the starter ("Topic Author").
        lambda: _poster_name(tree, seen) if thread else (),
        lambda: _shown_byline(tree, blocks, byline.names, header, _meta_authors(meta)),
        lambda: _meta_authors(meta),
        lambda: byline.names,
        lambda: _byline(tree, seen, ARCHIVE_LINK_SELECTORS).names,
        lambda: _header_byline(header),
        lambda: _text_byline(tree, blocks),
        lambda: () if thread else _poster_name(tree, seen),  # a thread asked already
        # A Chinese wire dateline's reporters: looked for only where "记者" is written.
        lambda: _dateline_reporters(blocks) if _REPORTER_WORD in html else (),
        # An organisation as author ("Cleveland Clinic") only when no person is named.
        lambda: organisations,
    )
    out.authors = list(choose_authors(sources, out.site_name, host, handles=thread))
    if out.subtitle and reads_as_bio(out.subtitle, out.authors):
        out.subtitle = None  # "Archie is a writer from London": the author's box, no dek
    if out.via and word_key(out.via) in {word_key(name) for name in out.authors}:
        if _labels_source(header, out.via):
            # "Source: Xinhua" under the headline (a Chinese portal's "来源"), and the
            # agency as the <meta> author: the agency is the story's source, and an
            # author only when no one is named.
            out.authors = list(
                choose_authors(sources, out.site_name, host, handles=thread, named_source=out.via)
            )
        else:
            out.via = None  # "via jane" credits who posted the page (a link aggregator)
    published = _published(
        tree, seen, meta, article, source or (lambda: html), headline, header, blocks, out
    )
    day_first = reads_day_first(out.language, host)
    out.published = published.in_locale(day_first, out.language) if published else None
    day = date_from_url(url)
    if day is not None and (out.published is None or _url_corrects(out.published, day)):
        # A URL date is the newsroom's local calendar date; a UTC timestamp can fall on
        # the next day. The instant stays exact, the date becomes the local one.
        out.published = ParsedDate(out.published.at if out.published else None, day)
    modified = parse_date(_text(article.get("dateModified"))) or _first_date(meta, MODIFIED_META)
    if modified is None:
        # No metadata says: the update the page shows ("Updated: 03/03/2012 4:20 pm",
        # "Last Updated ( Thursday, 04 March 2010 08:00 )").
        shown = _shown_date(header, update=True) or blocks.dates_read()[1]
        if shown is not None and (out.published is None or shown.date >= out.published.date):
            modified = shown  # an update before the story came out is another's date
    if modified is not None and modified.at is not None and not modified.at.utcoffset():
        # A UTC timestamp a day off the update the page shows ("Updated: Mar 4, 2025 /
        # 08:40 PM EST"): the instant stays, the date is the newsroom's.
        shown = _shown_date(header, update=True)
        if shown is not None and abs((shown.date - modified.date).days) == 1:
            modified = ParsedDate(modified.at, shown.date)
    out.modified = modified.in_locale(day_first, out.language) if modified else None
    return out


def reads_as_thread(schema_types: set[str], url: str | None) -> bool:
    """A discussion thread: schema.org says so, or its address is a forum's thread."""
    return bool(schema_types & rules.FORUM_TYPES) or bool(
        url and rules.FORUM_URL_RE.search(urlsplit(url).path)
    )


def _published(
    tree: LexborHTMLParser,
    seen: Found,
    meta: dict[str, list[str]],
    article: dict[str, Any],
    source: Callable[[], str],
    headline: LexborNode | None,
    header: str,
    blocks: _TextBlocks,
    page: PageMetadata,
) -> ParsedDate | None:
    """The publication date from the most trusted source that gives one. A JSON-LD
    datePublished that no <meta> tag repeats yields to the date shown under the
    headline when it is no earlier than its dateModified (a site builder's render
    time, ``_shown_date``), or when the header shows only a later date that another
    source gives too (``_reissued_date``). ``page`` has its title and description."""
    stated = parse_date(_text(article.get("datePublished")))
    if stated is not None:
        # The dek under the headline (the page's description) does not push the byline
        # line down out of the header.
        header = _without(header, page.description)
        changed = parse_date(_text(article.get("dateModified")))
        tagged = _tagged_dates(meta)
        # A <meta> tag that repeats it is a second source: no shown date replaces it.
        confirmed = any(parsed.date == stated.date for parsed in tagged)
        if changed is not None and stated.date >= changed.date:
            # Published no earlier than last modified: the time a site builder rendered
            # the page, not the story's date, when the line under the headline shows
            # another one.
            shown = _shown_date(header) or blocks.dates()[0]
            if shown is not None and shown.date != stated.date:
                # A day apart is the time zone: the instant stays, the date is the local one.
                near = abs((shown.date - stated.date).days) <= 1
                if near or not confirmed:
                    return ParsedDate(stated.at if near else None, shown.date)
        elif changed is not None and not confirmed:
            reissued = _reissued_date(
                stated,
                (changed, *tagged),
                header,
                lambda: _header_date(tree, headline, "", page.title),
            )
            if reissued is not None:
                return reissued
        return stated
    found = (
        _first_date(meta, PUBLISHED_META)
        or _undated_meta(meta, tree, seen)
        or _generic_meta_date(meta)
        or _source_date(source())
    )
    if found is not None:
        return found
    dateline, updated = blocks.dates()
    return (
        dateline
        or _header_date(tree, headline, header, page.title)
        or _byline_date(tree, seen)
        or updated
        or _wire_dateline(page.description)
    )


# The byline's box: its nearest ancestor of these, and that box's next sibling.
_BYLINE_BOX_TAGS = frozenset({"p", "div", "li", "section", "footer", "header", "span"})


def _byline_date(tree: LexborHTMLParser, seen: Found) -> ParsedDate | None:
    """A bare date in the byline's box or the box after it, where the byline is not
    under the headline ("Written by Jane Doe" then "April 8, 2024" at the story's end).
    Not in a comment section, nor an author's profile ("Joined March 2019")."""
    found = _first_byline(tree, seen, (*BYLINE_SELECTORS, *ARCHIVE_LINK_SELECTORS))
    if found is None:
        return None
    node = found[0]
    boxes = (up for up in chain((node,), _ancestors(node)) if up.tag in _BYLINE_BOX_TAGS)
    box = next(boxes, None)
    if box is None:
        return None
    texts = [box.text(separator=" ")]
    after = sibling_element(box)
    if after is not None:
        texts.append(after.text(separator=" "))
    near = " \n".join(text for text in texts if len(text) <= _MAX_BYLINE_CHARS)
    date = _unlabelled_date_at(near)
    return date.parsed if date is not None else None


def _without(text: str, part: str | None) -> str:
    """``text`` with every copy of ``part`` taken out (whitespace runs compared as one)."""
    if not part or len(part) < _MIN_DEK_CHARS:
        return text
    words = " ".join(text.split())
    return words.replace(part, " ") if part in words else text


# How far into the header text (whitespace collapsed) a date still belongs to the byline.
_SHOWN_DATE_CHARS = 200
# A description shorter than this is not taken out of the header as its dek.
_MIN_DEK_CHARS = 40
# The words of ``_UPDATED_LABEL_RE``, looked for anywhere in a text.
_UPDATE_WORDS = ("updated", "modified", "edited", "reviewed")
# The label may come before a time ("updated 3:21 p.m. EDT, Tue April 14, 2009").
_UPDATED_LABEL_RE = re.compile(
    r"\b(?:updated|modified|edited|reviewed)\b[^\d\n]{0,12}"
    r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?[^\d\n]{0,16})?$",
    re.I,
)


def _shown_date(header: str, *, update: bool = False) -> ParsedDate | None:
    """The first date in the line under the headline, within its first words, that is
    not labelled as an update ("Last updated: Dec 17, 2025"); with ``update``, the
    first that is."""
    if update and not any(word in header.lower() for word in _UPDATE_WORDS):
        return None  # most headers: no date of theirs is labelled so, none need be read
    for parsed, updated in _header_dates(header, _SHOWN_DATE_CHARS):
        if updated is update:
            return parsed
    return None


def _header_dates(header: str, chars: int) -> Iterator[tuple[ParsedDate, bool]]:
    """The dates written in the first ``chars`` characters (whitespace collapsed) of the
    text under the headline, each with whether it is labelled as an update."""
    for found in dates_in(header):
        if len(" ".join(header[: found.start].split())) > chars:
            return  # down in the story's text, no longer its header
        if _in_range(header, found):
            continue  # "July 22, 1938 - March 9, 2025": a life's or an event's dates
        if _in_prose(header, found):
            continue  # "... died on Sunday, March 9, 2025, at home": the story's own
        yield found.parsed, _UPDATED_LABEL_RE.search(header, 0, found.start) is not None


# A dash between a date and a year or another date: the two ends of a span of time. Not
# a time and a date ("14:12 - March 4, 2025") nor a date and a reading time ("Jun 8,
# 2023 - 11 min read").
_RANGE_BEFORE_RE = re.compile(r"\b(?:19|20)\d{2}\s*[-\u2013\u2014]\s*$")
_RANGE_AFTER_RE = re.compile(
    r"\s*[-\u2013\u2014]\s*(?:[^\W\d_]{3,}\.?\s+\d{1,2}\b|\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4}"
    r"|(?:19|20)\d{2}\b)"
)
_RANGE_WINDOW = 24


# A date in a sentence of the story: after "on" (and a weekday), "since", "until"...
# where no dateline's label comes before ("Posted on March 4, 2025" is a date line).
_PROSE_DATE_WORDS = frozenset({"on", "since", "until", "before", "after"})
_DATE_LABEL_WORDS = frozenset({"posted", "published", "updated", "written", "modified", "created"})
_PROSE_DATE_WINDOW = 40


def _in_prose(text: str, found: DateSpan) -> bool:
    """Whether the date ``found`` in ``text`` stands in a sentence ("... died peacefully
    on Sunday, March 9, 2025"), not on a date line."""
    words = text[max(0, found.start - _PROSE_DATE_WINDOW) : found.start].lower().split()
    if words and words[-1].rstrip(",").endswith("day"):
        words.pop()  # the weekday: "on Sunday, March 9"
    return (
        len(words) >= 2
        and words[-1] in _PROSE_DATE_WORDS
        and words[-2].rstrip(":") not in _DATE_LABEL_WORDS
    )


def _in_range(text: str, found: DateSpan) -> bool:
    """Whether the date ``found`` in ``text`` is one end of a range ("1938 - March 9,
    2025", "March 4, 2025 - March 9, 2025")."""
    before = text[max(0, found.start - _RANGE_WINDOW) : found.start]
    return (
        _RANGE_BEFORE_RE.search(before) is not None
        or _RANGE_AFTER_RE.match(text, found.end, found.end + _RANGE_WINDOW) is not None
    )


# A news-agency dateline opening the story (and so its summary): the place in capitals,
# the date, the agency in brackets, a dash: "RAJSHAHI, Dec 20, 2025 (BSS) - ...".
_WIRE_DATELINE_RE = re.compile(
    r"^(?:By\b[^\n]{0,60}?\s)?[A-Z][A-Z.'\u2019 -]+(?:,\s*[A-Z][\w.]*)?,\s*"
    r"(?P<date>[^()\n]{6,30}?)\s*(?:\([^()\n]{1,30}\)\s*)?[-\u2013\u2014]"
)


def _wire_dateline(summary: str | None) -> ParsedDate | None:
    """The date of a news-agency dateline at the start of the page's summary."""
    match = _WIRE_DATELINE_RE.match(summary) if summary else None
    return parse_date(match["date"]) if match is not None else None


# A date that two sources give is looked for this far under the headline.
_CORROBORATED_DATE_CHARS = 300


def _tagged_dates(meta: dict[str, list[str]]) -> list[ParsedDate]:
    """Every date the <meta> tags give for the publication (or an unnamed date)."""
    return [
        parsed
        for key in (*PUBLISHED_META, *DATE_META)
        for value in meta.get(key, ())
        if (parsed := parse_date(value)) is not None
    ]


def _reissued_date(
    stated: ParsedDate,
    others: tuple[ParsedDate, ...],
    header: str,
    near_headline: Callable[[], ParsedDate | None],
) -> ParsedDate | None:
    """The date a page goes by when its JSON-LD datePublished stands alone (no <meta>
    tag repeats it, see ``_published``) and is not shown under the headline, while the
    header shows a later date that another source gives too (``others``: the JSON-LD
    dateModified, "Updated Sep 5, 2024", or a <meta> date). Such a page has been
    re-issued on that date and shows readers no other. A day apart from the source is
    the time zone: the source's instant stays, the shown (local) date is the date."""
    shown = [parsed for parsed, _ in _header_dates(header, _CORROBORATED_DATE_CHARS)]
    if not shown:
        # Nothing in the lines under the headline: the date next to it in the page text.
        near = near_headline()
        shown = [near] if near is not None else []
    if any(parsed.date == stated.date for parsed in shown):
        return None
    for parsed in shown:
        if parsed.date <= stated.date:
            continue
        for source in others:
            if abs((source.date - parsed.date).days) <= 1:
                return ParsedDate(source.at, parsed.date)
    return None


def _undated_meta(
    meta: dict[str, list[str]], tree: LexborHTMLParser, seen: Found
) -> ParsedDate | None:
    """A plain "date" <meta> tag, unless it repeats the last-modified one, where the
    date shown in the page comes first."""
    plain = _first_date(meta, DATE_META)
    changed = _first_date(meta, MODIFIED_META)
    if plain is not None and changed is not None and plain.date == changed.date:
        return _element_date(tree, seen) or plain
    return plain or _element_date(tree, seen)


def _url_corrects(parsed: ParsedDate, day: dt.date) -> bool:
    """Whether the URL's date fixes the parsed one: a day apart (time zones), or the
    same numbers with day and month read the other way round ("03/10/2023")."""
    found = parsed.date
    swapped = found.year == day.year and (found.month, found.day) == (day.day, day.month)
    return abs((found - day).days) == 1 or (swapped and parsed.at is None)


# ---------------------------------------------------------------- <meta> tags


def _meta_tags(nodes: list[LexborNode]) -> dict[str, list[str]]:
    """The values of the page's ``<meta content>`` elements (``nodes``) by name (an old
    site's ``http-equiv="Content-Language"`` among them)."""
    found: dict[str, list[str]] = {}
    for node in nodes:
        attrs = node.attributes
        key = (
            attrs.get("property")
            or attrs.get("name")
            or attrs.get("itemprop")
            or attrs.get("http-equiv")
        )
        content = (attrs.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), []).append(content)
    return found


def _first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        values = meta.get(key)
        if values:
            return _clean(values[0])
    return None


def _first_date(meta: dict[str, list[str]], keys: tuple[str, ...]) -> ParsedDate | None:
    for key in keys:
        for value in meta.get(key, ()):
            parsed = parse_date(value)
            if parsed is not None:
                return parsed
    return None


def _clean(value: str) -> str | None:
    # Entities escaped twice by a CMS ("&amp;#8211;") reach us once-escaped.
    if "&" in value:
        value = html.unescape(value)
    if "\u3000" in value:
        # The ideographic space parts a Japanese or Chinese headline's phrases: kept.
        parts = (" ".join(part.split()) for part in value.split("\u3000"))
        return "\u3000".join(part for part in parts if part) or None
    return " ".join(value.split()) or None  # whitespace runs collapsed, ends stripped


# ---------------------------------------------------------------- JSON-LD


@dataclass(slots=True)
class _LinkedData:
    objects: list[dict[str, Any]]
    by_id: dict[str, dict[str, Any]]


def _json_ld(scripts: list[LexborNode]) -> _LinkedData:
    """The objects of the page's JSON-LD blocks (``scripts``)."""
    objects: list[dict[str, Any]] = []
    for script in scripts:
        raw = script.text(deep=True).strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            # Broken or absurdly nested JSON-LD costs the page its metadata, not its text.
            continue
        objects.extend(_flatten(data, 0))
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    return _LinkedData(objects, by_id)


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _flatten(graph, depth + 1)
        main = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(main, dict) and "@type" in main:
            yield from _flatten(main, depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    raw = obj.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    return [item.lower() for item in items if isinstance(item, str)]


def _lists_stories(stories: list[dict[str, Any]], url: str | None) -> bool:
    """Whether the JSON-LD article records ``stories`` are for two addresses or more,
    none of them the page's own (``url``, its path and query compared)."""
    addresses: set[str] = set()
    for obj in stories:
        address = obj.get("url") or obj.get("mainEntityOfPage")
        if isinstance(address, dict):
            address = address.get("@id")
        if not isinstance(address, str) or not address:
            return False  # a record without its own address may be the page's
        addresses.add(_address_key(address))
    return len(addresses) >= 2 and _address_key(url or "") not in addresses


def _address_key(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.path.rstrip('/')}?{parts.query}"


def _main_ld_object(ld: _LinkedData) -> dict[str, Any]:
    for obj in ld.objects:
        if any(t in rules.ARTICLE_TYPES for t in _types(obj)):
            return obj
    for obj in ld.objects:
        # A thread's opening post (or a Q&A page's question) speaks for the page.
        if any(t in rules.FORUM_TYPES for t in _types(obj)) and "author" in obj:
            return obj
    for obj in ld.objects:
        if "webpage" in _types(obj) and ("author" in obj or "datePublished" in obj):
            return obj
    return {}


def _resolve(ld: _LinkedData, value: Any) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
        ref = value.get("@id")
        if isinstance(ref, str) and ref in ld.by_id:
            return ld.by_id[ref]
    return value


def _ld_name(ld: _LinkedData, value: Any) -> str | None:
    value = _resolve(ld, value)
    if isinstance(value, list):
        value = value[0] if value else None
        value = _resolve(ld, value)
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _ld_authors(ld: _LinkedData, value: Any) -> tuple[list[str], list[str]]:
    """JSON-LD authors, people apart from organisations."""
    items = value if isinstance(value, list) else [value]
    people, organisations = [], []
    for item in items:
        resolved = _resolve(ld, item)
        name = _ld_name(ld, item)
        if not name or urlsplit(name).scheme:
            continue
        kinds = _types(resolved) if isinstance(resolved, dict) else []
        if any(kind in rules.ORGANISATION_TYPES for kind in kinds):
            organisations.append(name)
        else:
            people.append(name)
    return people, organisations


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return _clean(str(value))
    return None


def _accessible(article: dict[str, Any]) -> bool | None:
    for obj in (article, article.get("hasPart")):
        items = obj if isinstance(obj, list) else [obj]
        for item in items:
            if isinstance(item, dict) and "isAccessibleForFree" in item:
                value = item["isAccessibleForFree"]
                if isinstance(value, str):
                    return value.strip().lower() not in {"false", "no", "0"}
                return bool(value)
    return None


# ---------------------------------------------------------------- fields


def choose_title(
    tree: LexborHTMLParser,
    meta: dict[str, list[str]],
    article: dict[str, Any],
    site_name: str | None,
    url: str = "",
    *,
    h1s: list[LexborNode] | None = None,
    page_title: str | None,
) -> str | None:
    """The headline: an <h1> that the metadata titles (JSON-LD headline, og:title,
    <title>, or one of their " | " parts) confirm; else an h1 that reads like a
    headline unless the metadata title is the better bet (``_prefer_stated``); else
    the metadata title with the site's name stripped. ``h1s`` is the page's <h1>
    elements when the caller has them already, ``page_title`` its <title>, cleaned.
    What follows a " | " is a label (``_before_bar``), whichever source the title came
    from."""
    title = _pick_title(tree, meta, article, site_name, url, h1s, page_title)
    if not title:
        return title
    headline = _text(article.get("headline"))
    if headline and title != headline and title.endswith(headline):
        title = _without_kicker(title, headline, css(tree, "h1") if h1s is None else h1s)
    return _before_bar(title)


def _without_kicker(title: str, headline: str, h1s: list[LexborNode]) -> str:
    """The JSON-LD headline, where the <h1> showing ``title`` holds it as an element of
    its own after a kicker ("Kreißsaal-Schließung in Oberwerth" above "»Wenn die Wehen
    kommen…«"): the kicker is a label, no part of the title."""
    for h1 in h1s[:_MAX_HEADINGS]:
        if heading_node_text(h1) != title:
            continue
        for child in h1.iter():
            if child.is_element_node and _clean(child.text(separator=" ")) == headline:
                return headline
    return title


def _before_bar(title: str) -> str:
    """A vertical bar divides a page's labels, not a headline's words ("Headline |
    Section", an SEO title shown as the h1): the title is the part before it, unless
    that part is one word (a label first: "Opinion | Headline")."""
    head, bar, _ = title.partition(" | ")
    if bar and len(head.split()) >= _MIN_BEFORE_BAR_WORDS:
        return head.strip()
    return title


def _pick_title(
    tree: LexborHTMLParser,
    meta: dict[str, list[str]],
    article: dict[str, Any],
    site_name: str | None,
    url: str,
    h1s: list[LexborNode] | None,
    page_title: str | None,
) -> str | None:
    host = _host(url)
    headline = _whole_headline(_text(article.get("headline")), meta, page_title)
    meta_title = headline or _first(meta, TITLE_META)
    raw_stated = [t for t in (meta_title, page_title) if t]
    # A JSON-LD headline is the story's own field: a " - " in it is part of the
    # headline ("Squad 2024 - 2025") unless a part spells the site's name.
    below_front = not _is_front_page(url)
    stated = [
        strip_site_name(t, site_name, host, by_length=t is not headline, below_front=below_front)
        for t in raw_stated
    ]
    stated = _named_pages(raw_stated, stated)
    headings = _headings(css(tree, "h1") if h1s is None else h1s, site_name, host)
    # Any metadata title may confirm the h1, not only the one trusted most: the
    # JSON-LD headline can be a shortened one where og:title spells the h1.
    every_title = _every_title(meta, raw_stated)
    confirmed = _confirmed_heading(headings, every_title, stated, site_name, host)
    if confirmed is not None:
        return confirmed
    confirmations = [t.lower() for t in raw_stated]
    # The site's own title ("Site - What it does") on a page below the front page
    # names no page: an h1 that is no link does, however few words they share.
    site_own = (
        bool(raw_stated)
        and not _is_front_page(url)
        and _leads_with_site(raw_stated[0], site_name, host)
    )
    for heading, linked in headings:
        # A one- or two-word h1 that no metadata confirm is more likely a logo or a section.
        named = any(heading.lower() in c for c in confirmations)
        if not named and len(heading.split()) < _MIN_HEADLINE_WORDS:
            continue
        if stated and _prefer_stated(heading, stated[0], linked) and not (site_own and not linked):
            return stated[0]
        return heading
    if stated and not headings and len(_title_parts(stated[0])) > 1:
        # No <h1>, and no site name to strip: the part the page shows as a line of its
        # own ("Site - Section - Headline" over a bold headline in a table layout).
        shown = _shown_title_part(tree, stated[0])
        if shown is not None:
            return _clean(shown.text())
    if stated:
        return stated[0]
    return headings[0][0] if headings else None


def _shown_title_part(tree: LexborHTMLParser, title: str) -> LexborNode | None:
    """The element whose own text is a part of ``title`` that reads like a headline,
    the longest such part first."""
    body = tree.body
    parts = [title[start:end].strip() for start, end in _title_parts(title)]
    for part in sorted(parts, key=len, reverse=True):
        if len(part.split()) < _MIN_HEADLINE_WORDS or body is None:
            break
        if '"' in part or "\\" in part:
            continue  # not to be quoted in a selector
        # Lexbor tests each element's own text, in C. The selector differs from page
        # to page: selectolax parses it for this call and frees it, where ``css``
        # would keep it.
        for node in body.css(f':lexbor-contains("{part}")')[:_MAX_HEADINGS]:
            if _clean(node.text()) == part:
                return node
    return None


def _whole_headline(
    headline: str | None, meta: dict[str, list[str]], page_title: str | None
) -> str | None:
    """The JSON-LD headline, or where SEO plugins cut it short (schema.org advises at
    most 110 characters) the whole of it: the part of another title that goes on past
    its end within the same part ("... (Including" against "... (Including One Trick)
    - Site"). A title that only adds a part after a separator ("Squad 2024 - 2025 -
    Club") leaves the headline as it is."""
    if not headline:
        return headline
    for other in (*(_clean(v) for v in meta.get("og:title", ())[:1]), page_title):
        if not other or len(other) <= len(headline) or not other.startswith(headline):
            continue
        cut = len(headline)
        for start, end in _title_parts(other):
            if start < cut < end:
                return other[:end].rstrip()
    return headline


def _named_pages(raw_stated: list[str], stated: list[str]) -> list[str]:
    """The stated titles without those that only say "Home": such a title's other part
    (the site's name on its front page) is the page's name, if it has one."""
    named = []
    for raw, title in zip(raw_stated, stated, strict=True):
        if word_key(title) not in _GENERIC_TITLES:
            named.append(title)
            continue
        parts = [raw[start:end].strip() for start, end in _title_parts(raw)]
        rest = [part for part in parts if word_key(part) not in _GENERIC_TITLES]
        if rest:
            named.append(rest[0])
    return named


def _is_front_page(url: str) -> bool:
    """A site's home page (or an unknown address): nothing below "/", or the index page
    there ("/index.php", "/default.asp")."""
    parts = urlsplit(url)
    path = parts.path.strip("/")
    # "index.php?option=com_content&view=section": a section of the site, no home.
    return path == "" or (not parts.query and _INDEX_PAGE_RE.fullmatch(path) is not None)


def _links_home(href: str, url: str) -> bool:
    """Whether a masthead's link to ``href`` on the page at ``url`` leads to the site's
    home: its front page; an index page in a folder above the page ("/1/hi/default.stm"
    above "/1/hi/business/7276145.stm", a manual's "/en/latest/index.html"); or the one
    folder above the page that a blog lives in ("/blog/" above "/blog/2007/03/03/plot-19/",
    a TypePad blog's "/prairie_ballot/"); below the front page, never the page itself."""
    target, page = urlsplit(urljoin(url, href)), urlsplit(url)
    if _is_front_page(target.geturl()):
        return True
    if target.netloc != page.netloc or (target.path, target.query) == (page.path, page.query):
        return False
    path = target.path
    folder, _, name = path.rpartition("/")
    if _INDEX_PAGE_RE.fullmatch(name):
        return not target.query and page.path.startswith(folder + "/")
    return (
        path.endswith("/")
        and path.count("/") == 2
        and page.path.startswith(path)
        and len(page.path) > len(path)
    )


_INDEX_PAGE_RE = re.compile(r"(?:index|default|home)\.[a-z]{2,5}", re.IGNORECASE)


def _leads_with_site(title: str, site_name: str | None, host: str) -> bool:
    """Whether the title opens with the site's name ("Site - What it does"): the
    site's own title, the same on every page, rather than this page's."""
    spans = _title_parts(title)
    return len(spans) > 1 and _part_names_site(title[: spans[0][1]], site_name, host)


def _every_title(meta: dict[str, list[str]], raw_stated: list[str]) -> list[str]:
    """The metadata titles that can confirm an h1: the stated ones, then every
    TITLE_META tag the page carries, each once."""
    titles = list(raw_stated)
    for key in TITLE_META:
        for value in meta.get(key, ())[:1]:
            title = _clean(value)
            if title and title not in titles:
                titles.append(title)
    return titles


def _title_keys(title: str, site_name: str | None, host: str) -> set[str]:
    """The word keys of a title's parts and of its leading runs of parts: "A - B | Site"
    gives A, B, Site and "A - B", so that an h1 showing "A - B" is confirmed where
    stripping the site's name by length kept only "A". A run stops at a bar (which
    divides the page's labels) and before a part that names the site."""
    spans = _title_parts(title)
    # The last of several parts is where a site or section names itself.
    keys = {word_key(title[start:end]) for start, end in spans[: max(1, len(spans) - 1)]}
    for index in range(1, len(spans)):
        gap = title[spans[index - 1][1] : spans[index][0]]
        start, end = spans[index]
        if "|" in gap or _part_names_site(title[start:end], site_name, host):
            break
        keys.add(word_key(title[:end]))
    return keys


def _confirmed_heading(
    headings: list[tuple[str, bool]],
    raw_stated: list[str],
    stated: list[str],
    site_name: str | None = None,
    host: str = "",
) -> str | None:
    """The first h1 whose words a metadata title (or one of its parts, or a leading run
    of them) repeats, in the metadata's spelling where the display only changed case or
    quotes, or dropped a separator."""
    stated_keys = {word_key(t) for t in stated}
    for title in raw_stated:
        stated_keys |= _title_keys(title, site_name, host)
    for heading, _ in headings:
        # An h1 that spells a metadata title exactly beats an earlier one that only
        # shares its words with one of the title's parts (the site's name in a logo).
        if heading in stated:
            return heading
    for heading, _ in headings:
        if word_key(heading) not in stated_keys:
            continue
        for title in (*stated, *raw_stated):
            if word_key(title) != word_key(heading):
                continue
            if heading.isupper() and not title.isupper():
                # A headline in capitals for display: the metadata keep its real case.
                return title
            if _fold_quotes(heading) == _fold_quotes(title):
                # Typographic quotes added by the theme: the metadata keep them as typed.
                return title
            if _TITLE_SEPARATORS_RE.sub(" ", title) == heading:
                # A label shown as a badge before the title ("Question" + "Which
                # tent?"): the display dropped the " - " that the metadata keep.
                return title
        return heading
    return None


def _fold_quotes(text: str) -> str:
    return text.translate(_QUOTES)


def _headings(h1s: list[LexborNode], site_name: str | None, host: str) -> list[tuple[str, bool]]:
    """The first <h1> texts that can be a headline, each with whether it sits in a link
    (a logo, a link to a section) rather than standing on its own."""
    found = []
    for h1 in h1s[:_MAX_HEADINGS]:
        heading = heading_node_text(h1)
        if not heading or len(heading) <= 3 or _names_site(heading, site_name, host):
            continue
        found.append((heading, _in_link(h1)))
    return found


def heading_node_text(node: LexborNode) -> str | None:
    """``heading_text`` of an element, without the text of the controls and code a
    theme puts inside a heading (a "Copy item path" button, an inline <style>)."""
    if css_first(node, _HEADING_NOISE) is None:  # the common case: one call, no walk
        return heading_text(node.text(separator=" "))
    # One visit per node (a stack, not recursion: a hostile page nests deep).
    pieces: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag == "-text":
            pieces.append(current.text_content or "")
            continue
        for child in reversed(list(current.iter(include_text=True))):
            if child.tag not in _HEADING_NOISE_TAGS and "hidden" not in child.attributes:
                stack.append(child)
    return heading_text(" ".join(pieces))


def heading_text(raw: str) -> str | None:
    """A heading's text without invisible marks (soft hyphens, zero-width spaces) and
    the permalink sign documentation generators append ("Quickstart ¶")."""
    text = _INVISIBLE_RE.sub("", raw)
    text = _PERMALINK_TAIL_RE.sub("", text)
    return _clean(text)


def _in_link(node: LexborNode) -> bool:
    if css_first(node, "a[href]") is not None:
        return True
    parent = node.parent
    for _ in range(2):
        if parent is None:
            return False
        if parent.tag == "a":
            return True
        parent = parent.parent
    return False


def _prefer_stated(heading: str, stated: str, linked: bool) -> bool:
    """Whether the metadata title beats a visible h1 that says something else.

    The h1 loses when it is a link (a logo, a section name), when it shares almost no
    words with the metadata title (a slogan, a widget heading), or when it only adds
    a label or a separated part to the metadata title ("News Digital Cameras...",
    "... | Opinion"); it wins when it goes on where the metadata title stops
    ("Tiny House Living" -> "Tiny House Living: Why Live Small?")."""
    if linked:
        return True
    heading_key, stated_key = word_key(heading), word_key(stated)
    if heading_key in stated_key:
        return False
    if stated_key and stated_key in heading_key:
        # A label before the title ("News Digital Cameras...") or a part after a title
        # separator ("... | Opinion", "... - Site") makes the h1 lose; words after it
        # ("Tiny House Living: Why Live Small?") are the full headline that the
        # metadata shortened.
        return not heading_key.startswith(stated_key) or _adds_title_part(heading, stated)
    heading_words, stated_words = set(heading_key.split()), set(stated_key.split())
    union = heading_words | stated_words
    overlap = len(heading_words & stated_words) / len(union) if union else 0.0
    return overlap < _MIN_TITLE_OVERLAP


def _adds_title_part(heading: str, stated: str) -> bool:
    """Whether ``heading`` is ``stated`` followed by a separated part (" | Site")."""
    spans = _title_parts(heading)
    return len(spans) > 1 and word_key(heading[: spans[0][1]]) == word_key(stated)


def _names_site(text: str, site_name: str | None, host: str) -> bool:
    """The outlet's name or web address rather than a headline."""
    key = word_key(text)
    if site_name and key in word_key(site_name):
        return True
    squashed = key.replace(" ", "")
    return bool(host) and bool(squashed) and squashed in _squashed_host(host)


def _subtitle(tree: LexborHTMLParser, headline: LexborNode | None, marked: bool) -> str | None:
    """The dek: a short text classed as a subtitle or standfirst, not a heading of its
    own, among the first elements from the headline on (in it, or after it); on a page
    without a headline, the first such text in the page. Where no element of the page
    may be marked so (``marked``, from the attribute survey), only a plain "subhead"
    right under the headline is looked at."""
    body = tree.body
    if body is None:
        return None
    candidates: Iterable[LexborNode]
    follower = sibling_element(headline) if headline is not None else None
    if headline is None:
        candidates = css(body, _SUBTITLE_ANY) if marked else ()
    elif not marked:
        candidates = (follower,) if follower is not None and _subhead_follower(follower) else ()
    else:
        # Python tests a few dozen elements for less than Lexbor's substring tests of
        # every class in the page cost (the page-wide query was a twentieth of the time).
        window = islice(_elements_from(headline), rules.SUBTITLE_WINDOW)
        follower_id = follower.mem_id if follower is not None else None
        candidates = (
            node
            for node in window
            if _names_subtitle(node) or (node.mem_id == follower_id and _subhead_follower(node))
        )
    for node in islice(candidates, 5):
        if node.tag in {"h1", "a", "img"} or css_first(node, "h1, p p") is not None:
            continue
        marks = node.attributes.get("class") or ""
        if any(map(marks.__contains__, rules.SUBTITLE_NOT_CLASS_PARTS)):
            continue  # a teaser card's or a promotion's summary
        text = _clean(node.text(separator=" "))
        if not text or not rules.SUBTITLE_MIN_CHARS <= len(text) <= rules.SUBTITLE_MAX_CHARS:
            continue
        links = css(node, "a") if headline is None or not _in_link(headline) else None
        if links and _clean(" ".join(link.text(separator=" ") for link in links)) == text:
            # All link, under a headline that is none: another story's ("Excerpt-Title"
            # of a card). An e-mail's dek links to the story as its headline does.
            continue
        return text
    return None


# How far into the text under the headline a shown description may start (a kicker, a
# byline or a date line before it).
_DEK_LEAD_CHARS = 200


# A byline and a capitalised name to open a text: "By Md Aynal Haque ..." (not "By 2030"
# nor "By the time ...").
_OPENS_WITH_BYLINE_RE = re.compile(r"(?:By|BY)\s+[A-Z][\w.'\u2019-]*\s+[A-Z]")


def _shown_description(description: str | None, header: str) -> str | None:
    """The page's description where the page shows it under the headline, as its dek
    (a description the page does not show is a search engine's summary, not a dek)."""
    if not description or len(description) < rules.SUBTITLE_MIN_CHARS:
        return None
    if _OPENS_WITH_BYLINE_RE.match(description):
        return None  # "By Jane Doe DHAKA, Dec 20 - ...": the story's first lines, no dek
    shown = " ".join(header.split())
    return description if description in shown[: len(description) + _DEK_LEAD_CHARS] else None


def _shown_as_heading(headline: LexborNode | None, dek: str | None) -> bool:
    """Whether ``dek`` is the text of a heading among the first elements after the
    headline (an <h2> under the <h1>, as newsletter platforms set it)."""
    if headline is None or not dek:
        return False
    for node in islice(elements_after(headline), rules.SUBTITLE_WINDOW):
        if node.tag_id in _SUBHEADING_IDS and _clean(node.text(separator=" ")) == dek:
            return True
    return False


def _heading_dek(headline: LexborNode, title: str | None) -> str | None:
    """A sentence set as a sub-heading right under the headline, in boxes of its own,
    that no paragraph follows (a byline or the story's box does): the dek of a
    platform that names it by no class (Hashnode's <h2>). A short heading, or one the
    story's first paragraph follows, is the story's first section."""
    box = sibling_element(headline)
    shown = heading_node_text(headline)
    if box is None or not title or not shown or word_key(shown) != word_key(title):
        return None  # a masthead's <h1> (the blog's name), its tagline under it
    heading = box
    for _ in range(rules.HEADING_DEK_DEPTH):
        if heading.tag_id in _SUBHEADING_IDS:
            break
        children = list(heading.iter(include_text=False))
        if len(children) != 1:
            return None
        (child,) = children
        if text_length(heading, strip=True) != text_length(child, strip=True):
            return None  # text of the box's own beside the heading
        heading = child
    if heading.tag_id not in _SUBHEADING_IDS:
        return None
    after = sibling_element(box)
    if after is not None and after.tag_id in _PROSE_IDS:
        return None
    if css_first(heading, "a[href], li") is not None:
        return None  # a menu or a link set as a heading: no dek
    text = _clean(heading.text(separator=" "))
    if not text or len(text) > rules.SUBTITLE_MAX_CHARS or title in text:
        return None  # the headline again, in full where the <h1> cuts it
    return text if len(text.split()) >= rules.HEADING_DEK_MIN_WORDS else None


def _names_subtitle(node: LexborNode) -> bool:
    """What ``rules.SUBTITLE_SELECTORS`` test, for one element; case aside, as styled
    components write it ("css-1vjdm2m-Dek")."""
    attributes = node.attributes
    if attributes.get("itemprop") == rules.SUBTITLE_ITEMPROP:
        return True
    # Odoo names its dek by its id ("o_wblog_post_subtitle").
    ident = attributes.get("id")
    if ident and any(map(ident.lower().__contains__, rules.SUBTITLE_ID_PARTS)):
        return True
    marks = attributes.get("class")
    if marks is None:
        return False
    marks = marks.lower()
    if "subtitle-" in marks:
        marks = _TYPE_SIZE_RE.sub("", marks)
    return any(map(marks.__contains__, rules.SUBTITLE_CLASS_PARTS))


def _subhead_follower(node: LexborNode) -> bool:
    """A "subhead"-classed element right after the headline, not itself a heading: the
    dek (in a story's text, "subhead" classes its headings as often). A line of text
    alone: a box of byline, date or links under the headline is no dek."""
    marks = (node.attributes.get("class") or "").lower()
    if "subhead" not in marks or node.tag_id in _SUBHEADING_IDS:
        return False
    return all(child.tag in _INLINE_EMPHASIS for child in node.iter(include_text=False))


_INLINE_EMPHASIS = frozenset({"b", "i", "em", "strong", "br"})
# A design system's type size named "subtitle" ("crayons-subtitle-2"): a size, no dek.
_TYPE_SIZE_RE = re.compile(r"[\w-]*subtitle-\d\b")


def _alternative_headline(
    article: dict[str, Any], meta: dict[str, list[str]], headline: LexborNode | None
) -> str | None:
    """The JSON-LD alternativeHeadline, unless the headline shows it (a kicker in the
    <h1>, or in og:title before the headline): then it is a label, no dek."""
    alternative = _text(article.get("alternativeHeadline"))
    if not alternative:
        return None
    shown = [heading_node_text(headline) if headline is not None else None]
    shown += [_clean(value) for value in meta.get("og:title", ())[:1]]
    if any(text and alternative in text for text in shown):
        return None
    return alternative


def _elements_from(node: LexborNode) -> Iterator[LexborNode]:
    """``node``, the elements inside it, and every element after it, in document order."""
    if node.is_element_node:
        yield from node.traverse()
    yield from elements_after(node)


def strip_site_name(
    title: str,
    site_name: str | None,
    host: str = "",
    *,
    by_length: bool = True,
    below_front: bool = False,
) -> str:
    """Drop " | Site Name" style parts from a title: the parts from the one that spells
    the site's name or web address on ("Headline | Site | Section"), or up to it
    ("Site - Headline", and below the front page ``below_front`` "Site: Headline");
    failing those (and if ``by_length``), a part much longer than the rest is the title."""
    if below_front and site_name and title[: len(site_name) + 1].lower() == f"{site_name.lower()}:":
        # "Tidewater Notes: The ferry nobody wants to lose": an old blog's post. On the
        # front page, "Figma: The Collaborative Interface Design Tool" is the site's own.
        rest = title[len(site_name) + 1 :].strip()
        if rest:
            return strip_site_name(rest, site_name, host, by_length=by_length)
    spans = _title_parts(title)
    if len(spans) < 2:
        return title
    parts = [title[start:end] for start, end in spans]
    named = [_part_names_site(part, site_name, host) for part in parts]
    if any(named) and not all(named):
        # The first run of parts that are not the site's name.
        first = named.index(False)
        last = named.index(True, first) - 1 if True in named[first:] else len(parts) - 1
        if last > first and "|" in title[spans[first][1] : spans[first + 1][0]]:
            # "Headline | Section | Site": a bar divides the page's labels, not a headline.
            last = first
        return title[spans[first][0] : spans[last][1]].strip() or title
    if not by_length:
        return title
    longest = max(parts, key=len)
    if len(longest) >= _TITLE_LONGEST_SHARE * len(title) or longest is parts[0]:
        return longest.strip()
    return title


def _title_parts(title: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _TITLE_SEPARATORS_RE.finditer(title):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(title)))
    return [(a, b) for a, b in spans if b > a]


def _part_names_site(part: str, site_name: str | None, host: str) -> bool:
    key = word_key(part)
    if not key:
        return False
    if site_name and key == word_key(site_name):
        return True
    squashed = key.replace(" ", "")
    return len(squashed) >= 4 and bool(host) and squashed in _squashed_host(host)


def _source_organisation(
    ld: _LinkedData, article: dict[str, Any], site_name: str | None, host: str
) -> str | None:
    """The JSON-LD sourceOrganization (the wire a story came from) where it is another
    outlet than the site's: not its name or part of it ("DigitalOcean Community" on
    DigitalOcean), nor the publisher's."""
    source = _ld_name(ld, article.get("sourceOrganization"))
    if not source or _names_own_outlet(
        source, (site_name, _ld_name(ld, article.get("publisher"))), host
    ):
        return None
    return source


def _names_own_outlet(source: str, names: Iterable[str | None], host: str) -> bool:
    """Whether a credited ``source`` is the site itself: the same words as one of its
    ``names``, or some of them ("Al-Ofuq" on "Al-Ofuq News"), or its host's name; or
    the site with others ("Al-Ofuq + agencies")."""
    if "+" in source:
        return any(_names_own_outlet(part, names, host) for part in source.split("+"))
    key = word_key(source)
    for name in names:
        other = f" {word_key(name)} " if name else ""
        if other.strip() and (other in f" {key} " or f" {key} " in other):
            return True
    squashed = key.replace(" ", "")
    label = host.split(".")[0] if host else ""
    return bool(label) and (label in squashed or squashed in _squashed_host(host))


def _squashed_host(host: str) -> str:
    """The host without dots and hyphens, where a name spelled as one word is found
    ("clevelandclinic" in health.cleveland-clinic.org)."""
    return host.replace(".", "").replace("-", "")


def _trading_name(publisher: str | None, meta: dict[str, list[str]], ld: _LinkedData) -> str | None:
    """The publisher's name, or where it is a company's legal one ("Tannberger Anzeiger
    Medien GmbH") the site's name it opens with, as og:site_name or the WebSite states
    it ("Tannberger Anzeiger")."""
    form = rules.LEGAL_FORM_RE.search(publisher) if publisher else None
    if not publisher or form is None:
        return publisher
    names = [_first(meta, SITE_NAME_META[:1])]
    names += [_text(obj.get("name")) for obj in ld.objects if "website" in _types(obj)]
    key = word_key(publisher)
    for name in names:
        if name and key.startswith(word_key(name) + " ") and len(name) < len(publisher):
            return name
        if name and publisher[: form.start()] == name:  # "日本経商新聞社": no space before
            return name
    return publisher


# A site's name spelled in its host has at most this many words ("the" aside); an
# author's that is the outlet's own, this many.
_HOST_NAME_WORDS = 5
_HOST_AUTHOR_WORDS = 3
# Words that name a part of a site, not a site: og:site_name "Blog" on blog.example.com.
_GENERIC_SITE_WORDS = frozenset({"blog", "news", "home", "homepage", "site", "web", "the"})


def _host_site_name(publisher: str | None, site: str | None, host: str) -> str | None:
    """The publisher's name, unless it differs from og:site_name (``site``) and the host
    spells the site's name but not the publisher's: a platform or a wire named as the
    publisher ("Legacy" on obits.cedarvalleyledger.com, "Associated Press" on
    timesunion.com), or the company behind the paper ("Ediciones El Meridiano")."""
    if not publisher or not site or word_key(site) == word_key(publisher):
        return publisher
    generic = set(_WORD_RE.findall(site.lower())) <= _GENERIC_SITE_WORDS  # "Blog" on blog.*
    if not generic and _host_spells(site, host) and not _host_spells(publisher, host):
        return site
    return publisher


def _host_spells(name: str, host: str) -> bool:
    """Whether ``host`` spells a site's ``name`` as one word ("cedarvalleyledger" for "The
    Cedar Valley Ledger"), as ``_spelled_by_host`` reads a person's or a company's."""
    words = _WORD_RE.findall(name.lower())
    if words[:1] == ["the"]:
        words = words[1:]
    return bool(words) and _spelled_by_host(" ".join(words), host, _HOST_NAME_WORDS)


def _home_heading(h1s: list[LexborNode], url: str, raw_title: str | None) -> str | None:
    """On a page that names its site nowhere else (an old Blogger or WordPress theme):
    the <h1> that links to the home page, where the page's <title> (``raw_title``, as
    written) opens or ends with it ("Cinder Lane Bees: First Inspection")."""
    title_key = word_key(raw_title) if raw_title else ""
    if not title_key or not url:
        return None
    for h1 in h1s[:_MAX_HEADINGS]:
        link = h1 if h1.tag == "a" else css_first(h1, "a[href]")
        if link is None or not _links_home(link.attributes.get("href") or "", url):
            continue
        name = _clean(h1.text(separator=" "))
        if name and _at_either_end(title_key, name):
            return name
    return None


def _home_logo(tree: LexborHTMLParser, url: str, raw_title: str | None) -> str | None:
    """On a page that names its site nowhere else, as ``_home_heading``: the words of
    the masthead's logo (its ``alt``), a picture that links to the home page, where the
    page's <title> opens or ends with them ("Coldwater Valley Herald - Local News - …")
    or the site's address spells them ("ArticleHarbor.com" on articleharbor.com). The
    alt's wrapping words aside ("Kestrel logo", "Welcome to ..."), and a slogan after
    a dash ("PR Dispatch - United Business Releases")."""
    title_key = word_key(raw_title) if raw_title else ""
    body = tree.body
    if not title_key or not url or body is None:
        return None
    host = _host(url)
    for img in css(body, "a[href] img[alt]")[:_MAX_LOGOS]:
        alt = _LOGO_WORDS_RE.sub("", _clean(img.attributes.get("alt") or "") or "")
        names = [name for name in (alt, _LOGO_SLOGAN_RE.split(alt, 1)[0]) if name]
        name = next((name for name in names if _names_this_site(name, title_key, host)), None)
        if name is None:
            continue
        link = ancestor(img, "a", 3)
        if link is not None and _links_home(link.attributes.get("href") or "", url):
            return name
    return None


def _home_link(tree: LexborHTMLParser, url: str, raw_title: str | None) -> str | None:
    """On a page that names its site nowhere else, as ``_home_heading``: one of the
    page's first links that leads home (Drupal's "#site-name" link, a theme's text logo),
    where the first or the last part of the <title> is its text or opens it (a logo's
    tagline after the name), or a label of the host spells its text whole ("Lantern &
    Loam" on lanternandloam.example); not a section's name ("Forums")."""
    body = tree.body
    if not raw_title or not url or body is None:
        return None
    host = _host(url)
    for link in css(body, "a[href]")[:_MAX_HOME_LINKS]:
        href = link.attributes.get("href") or ""
        if _HOME_HREF_RE.fullmatch(href) is None or not _links_home(href, url):
            continue
        text = _clean(link.text(separator=" "))
        if not text or word_key(text) in rules.SECTION_NAMES:
            continue
        # The host spells only a link to its own home: a blog's platform spells its own
        # name in every subdomain ("Substack" on x.substack.com).
        own = _host(urljoin(url, href)) == host
        name = _end_part_opening(raw_title, text) or (
            text if own and _host_label(text, host) else None
        )
        if name and word_key(name) not in rules.SECTION_NAMES:
            return name
    return None


def _end_part_opening(title: str, text: str) -> str | None:
    """The first or the last of the parts of ``title`` (between separators: "Riders pack
    meeting | Eastgate Neighbors", "Slashdot: News for nerds") that ``text`` is or opens
    with, words compared: "Tidewater Ledger" for a logo's "Tidewater Ledger News from
    the lower bay"."""
    key = word_key(text)
    if title[: len(text) + 1].lower() == f"{text.lower()}:":
        return text
    spans = _title_parts(title)
    if len(spans) < 2:
        return None
    for start, end in (spans[0], spans[-1]):
        part = title[start:end].strip()
        part_key = word_key(part)
        if part_key and (key == part_key or key.startswith(part_key + " ")):
            return part
    return None


def _host_label(name: str, host: str) -> bool:
    """Whether a label of ``host`` spells ``name`` whole, a web address's ending and "&"
    for "and" aside ("PR Dispatch" on prdispatch.com, "Lantern & Loam" on
    lanternandloam.example); not the top-level domain ("App" on appaddict.app), a part of
    a label ("HRC" on hrcloud.com) or a section's word ("Community" on community.mybb.com)."""
    bare = _DOMAIN_ENDING_RE.sub("", name).replace("&", " and ")
    spelled = "".join(_WORD_RE.findall(bare.lower()))
    labels = host.split(".")[:-1]
    return (
        bool(spelled)
        and spelled not in rules.SECTION_NAMES
        and spelled in {label.replace("-", "") for label in labels}
    )


# The links at the top of a page looked at for the one that names the site, and what
# the address of one that may lead home looks like (a folder, an index page; no query
# but a root's), read before the address is resolved.
_MAX_HOME_LINKS = 20
_HOME_HREF_RE = re.compile(
    r"(?:(?:https?:)?//[^/?#]+)?(?:[^?#]*/)?(?:(?:index|default|home)\.[a-z]{2,5})?(?:\?[^#]*)?(?:#.*)?",
    re.IGNORECASE,
)


# The words around a site's name in its logo's alt: "Kestrel logo", "Logo of the
# Herald", "Welcome to Riverside Amateur Radio Club"; and the dash before a slogan.
_LOGO_WORDS_RE = re.compile(r"^(?:logo\s+(?:of\s+)?|welcome\s+to\s+)|\s+logo$", re.IGNORECASE)
_LOGO_SLOGAN_RE = re.compile(r"\s+[-\u2013\u2014|:]\s+")
# A name written as its web address ("ArticleHarbor.com"): the address's ending.
_DOMAIN_ENDING_RE = re.compile(r"\.(?:com|net|org|info|biz|co\.uk|[a-z]{2})$", re.IGNORECASE)


def _names_this_site(name: str, title_key: str, host: str) -> bool:
    """Whether a logo's ``name`` is this site's: the <title> (its ``word_key``) opens or
    ends with it, "The" or a web address's ending aside ("The New York Chronicle" in
    "... - New York Chronicle", "Telegram.co.uk" in "... - Telegram"),
    or a label of the site's host spells it whole (``_host_label``)."""
    bare = _DOMAIN_ENDING_RE.sub("", name)
    if any(_at_either_end(title_key, form) for form in (name, _THE_RE.sub("", name), bare)):
        return True
    return _host_label(name, host)


_THE_RE = re.compile(r"^the\s+", re.IGNORECASE)


def _at_either_end(title_key: str, name: str) -> bool:
    """Whether a title (``title_key``, its ``word_key``) opens or ends with ``name``."""
    key = word_key(name)
    return bool(key) and (title_key.startswith(key + " ") or title_key.endswith(" " + key))


def _site_name(meta: dict[str, list[str]], ld: _LinkedData) -> str | None:
    for obj in ld.objects:
        if "website" in _types(obj) or "organization" in _types(obj):
            name = _text(obj.get("name"))
            if name:
                return name
    name = _first(meta, SITE_NAME_META)
    if name and name.startswith("@"):
        return None
    return name


def _canonical(tree: LexborHTMLParser, meta: dict[str, list[str]], url: str | None) -> str | None:
    link = css_first(tree, 'link[rel="canonical"][href]')
    href = (link.attributes.get("href") or "").strip() if link is not None else ""
    href = href or (_first(meta, ("og:url",)) or "")
    if not href:
        # Without a declaration, the page's own address is its canonical one.
        return url
    absolute = urljoin(url, href) if url else href
    parts = urlsplit(absolute)
    if "%" in parts.netloc:
        # The path escaped into the host ("https://blog.example.fr%2Farticles%2F..."): a
        # broken declaration, which names no other site; the page's address stands.
        return url
    return absolute if parts.scheme in {"http", "https"} else None


def _language(
    tree: LexborHTMLParser, meta: dict[str, list[str]], article: dict[str, Any]
) -> str | None:
    html = css_first(tree, "html")
    lang = html.attributes.get("lang") if html is not None else None
    lang = lang or _text(article.get("inLanguage")) or _first(meta, ("content-language",))
    lang = lang or _first(meta, ("og:locale",))
    if not lang:
        return None
    lang = lang.strip().replace("_", "-")
    return lang if _LANGUAGE_TAG_RE.fullmatch(lang) else None


def _tags(meta: dict[str, list[str]], article: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """The tags the structured data names: JSON-LD keywords and the first of the
    ``keys`` <meta> tags, in order, that names any (only the first key's where JSON-LD
    names some)."""
    raw: list[str] = []
    keywords = article.get("keywords")
    if isinstance(keywords, list):
        raw.extend(k for k in keywords if isinstance(k, str))
    elif isinstance(keywords, str):
        raw.extend(keywords.split(","))
    for key in keys:
        values = meta.get(key, ())
        # One article:tag per tag, but where a page gives only one it may list them all
        # ("Rivers,Water,Environment").
        whole = key == "article:tag" and len(values) > 1
        for value in values:
            raw.extend([value] if whole else value.split(","))
        if raw:
            break
    seen: dict[str, str] = {}
    for tag in raw:
        cleaned = _clean(tag)
        if cleaned and cleaned.lower() not in seen:
            seen[cleaned.lower()] = cleaned
    return list(seen.values())


def _shown_tags(
    tree: LexborHTMLParser, seen: Found, links: tuple[str, ...] = rules.TAG_LINK_SELECTORS
) -> list[str]:
    """The story's tags as the page shows them, where its metadata names none: links
    marked rel="tag" (the microformat WordPress, Blogger and Squarespace write; "category
    tag" marks a category, a section) or classed as tag links ("blog-tag-link"), not a tag
    cloud's; or those the selectors ``links`` find. Only the selectors the page may match
    (``seen``) are queried."""
    body = tree.body
    selectors = [selector for selector in links if seen.may_match(selector)]
    if body is None or not selectors:
        return []
    found: dict[str, str] = {}
    for node in css(body, ", ".join(selectors)):
        attributes = node.attributes
        rel = (attributes.get("rel") or "").lower().split()
        marks = (attributes.get("class") or "").lower()
        if "category" in rel or any(map(marks.__contains__, rules.NOT_TAG_LINK_MARKS)):
            continue
        tag = _clean(node.text(separator=" "))
        if tag and len(tag) <= rules.TAG_MAX_CHARS and tag.lower() not in found:
            found[tag.lower()] = tag
    return list(found.values())[: rules.MAX_SHOWN_TAGS]


def _archive_tags(
    tree: LexborHTMLParser, seen: Found, links: tuple[str, ...] = rules.TAG_ARCHIVE_LINK_SELECTORS
) -> list[str]:
    """The story's tags as links to their archive pages (``links``: "/tag/public-transit"),
    where one list outside the page's frame holds them all, and no more than a story has."""
    body = tree.body
    selectors = [s for s in links if seen.may_match(s)]
    if body is None or not selectors:
        return []
    lists: dict[int, dict[str, str]] = {}
    # "/topic/" also names a forum's threads and a site's sections: such links are tags
    # only in a box under a title that says so ("Related topics"), asked once a box.
    titled: dict[int, bool] = {}
    for node in css(body, ", ".join(selectors)):
        path = urlsplit(node.attributes.get("href") or "").path
        box = node.parent
        archive = rules.TAG_ARCHIVE_PATH_RE.search(path)
        if box is None or archive is None:
            continue
        if box.parent is not None and _only_child(node):
            box = box.parent  # the list of the <li>s (or <div>s) that each wrap a link
        if archive["topic"]:
            if box.mem_id not in titled:
                titled[box.mem_id] = _titled_as_tags(box)
            if not titled[box.mem_id]:
                continue
        if _in_frame(node):
            continue
        tag = (_clean(node.text(separator=" ")) or "").lstrip("#")  # "#bookbinding" (Tumblr)
        if tag and len(tag) <= rules.TAG_MAX_CHARS:
            lists.setdefault(box.mem_id, {}).setdefault(tag.lower(), tag)
    if len(lists) != 1:
        return []
    (found,) = lists.values()
    return list(found.values()) if len(found) <= rules.MAX_ARCHIVE_TAGS else []


def _titled_as_tags(box: LexborNode) -> bool:
    """Whether a heading in the box or in one of its two boxes up says it lists tags."""
    current: LexborNode | None = box
    for _ in range(3):
        if current is None:
            return False
        for heading in css(current, _SUBHEADING_SELECTOR):
            if rules.TAG_TITLE_RE.match(heading.text(strip=True)):
                return True
        current = current.parent
    return False


def _only_child(node: LexborNode) -> bool:
    """Whether ``node`` is the only element in its parent."""
    parent = node.parent
    child = parent.child if parent is not None else None
    elements = 0
    while child is not None and elements < 2:
        elements += child.is_element_node
        child = child.next
    return elements == 1


def _in_frame(node: LexborNode) -> bool:
    """Whether ``node`` sits in the page's navigation, header, footer or an aside."""
    ancestors = list(_ancestors(node))
    for index, parent in enumerate(ancestors):
        if parent.tag in rules.FRAME_TAGS:
            # An <article>'s own <header> is the story's (its byline, its "Filed to"
            # tag), not the page's frame.
            if parent.tag == "header" and any(up.tag == "article" for up in ancestors[index:]):
                continue
            return True
    return False


def _meta_authors(meta: dict[str, list[str]]) -> list[str]:
    for key in AUTHOR_META:
        values = [v for v in meta.get(key, ()) if not urlsplit(v).scheme and not v.startswith("@")]
        if values:
            return values
    return _labelled_meta_author(meta)


_AUTHOR_LABEL_RE = re.compile(r"^(?:written by|author|authors|by)$", re.IGNORECASE)
_MAX_META_LABELS = 4


def _labelled_meta_author(meta: dict[str, list[str]]) -> list[str]:
    """The value of a ``twitter:labelN`` / ``twitter:dataN`` pair labelled "Written
    by", which link previews show as a card line (SEO plugins emit it)."""
    for number in range(1, _MAX_META_LABELS + 1):
        labels = meta.get(f"twitter:label{number}")
        if labels and _AUTHOR_LABEL_RE.match(labels[0].strip()):
            return meta.get(f"twitter:data{number}", [])[:1]
    return []


def choose_authors(
    sources: tuple[Callable[[], Iterable[str]], ...],
    site_name: str | None,
    host: str = "",
    *,
    handles: bool = False,
    named_source: str | None = None,
) -> tuple[str, ...]:
    """Names from the most trusted source that has any; the outlet's own name (its
    site name, or a name its web address spells) counts only when no source names
    anyone else, and so does the outlet the page names as its source (``named_source``). Sources are
    called in order, and only as long as needed.

    Unless ``handles`` (a thread, whose posters go by handles), an account handle
    ("andrew.keaveney", "KatieS": the CMS user who published the page) yields to a
    person's name from a later source, and is kept when no source has one."""
    outlet = (site_name, named_source)
    fallback: tuple[str, ...] = ()
    handle: tuple[str, ...] = ()
    for source in sources:
        raw = list(source())
        names = clean_authors(raw, exclude=outlet)
        if names and not all(_spelled_by_host(name, host) for name in names):
            if handles or not all(_HANDLE_RE.fullmatch(name) for name in names):
                return names
            handle = handle or names
        fallback = fallback or clean_authors(raw)
    return handle or fallback


# One word that no one writes as a name: with dots, underscores or digits, or a capital
# after lower-case letters ("KatieS", "jDoe"); a capitalised word ("Amanda") is a name.
_HANDLE_RE = re.compile(r"\S*[._@\d]\S*|\S*[a-z][A-Z]\S*")


def _spelled_by_host(name: str, host: str, max_words: int = _HOST_AUTHOR_WORDS) -> bool:
    """ "Paycom" on paycom.com, "Cleveland Clinic" on health.clevelandclinic.org: a name
    of at most ``max_words`` words that the host spells as one."""
    words = _WORD_RE.findall(name.lower())
    return bool(host) and len(words) <= max_words and "".join(words) in _squashed_host(host)


_HEADER_BYLINE_RE = re.compile(
    # The name may start on the next line of the source ("by\n  Jane Doe"), not go on.
    r"\b(?:[Bb]y|BY)[^\S\n]*:?\s+((?:Dr\.?[^\S\n]+)?[A-Z][\w.'\u2019-]+"
    # A capitalised preposition ends the name: "By Jane Doe In Travel Tips".
    r"(?:[^\S\n]+(?!(?:In|On|At|For|From|Of|The|And)\b)[A-Z][\w.'\u2019-]+){0,3})"
)
# "Photo by Jane Doe on Unsplash" credits a picture, not the story; "Sort by Best
# Match", "Shop by Category" and "Powered by WordPress" are page furniture.
_NOT_A_BYLINE_BEFORE_BY_RE = re.compile(
    r"\b(?:photos?|images?|illustration|video|sort|sorted|shop|filter|browse|order|search"
    r"|group|view|powered|sponsored|hosted|designed|built|made"
    # "Originally published by Meridian Press" credits an outlet, not a writer.
    r"|published|republished|reprinted|distributed|provided|syndicated)\s*$",
    re.IGNORECASE,
)


def _shown_byline(
    tree: LexborHTMLParser,
    blocks: Callable[[], list[LexborNode]],
    names: tuple[str, ...],
    header: str,
    stated: Sequence[str],
) -> tuple[str, ...]:
    """The names that the line under the headline shows, when the byline markup (or
    a "By Jane Doe" line elsewhere) confirms them and the ``stated`` (JSON-LD or meta
    tag) names are other people; else nothing."""
    if not stated:
        return ()
    shown = {word_key(name) for name in clean_authors(_header_byline(header))}
    named = {word_key(name) for name in clean_authors(stated)}
    # "Jane Doe Opinion Columnist" under the headline still names the stated Jane Doe.
    if not shown or any(a in b or b in a for a in shown for b in named):
        return ()
    sources: tuple[Callable[[], Iterable[str]], ...] = (
        lambda: names,
        lambda: _text_byline(tree, blocks),
    )
    for source in sources:
        confirming = tuple(source())
        if shown <= {word_key(name) for name in clean_authors(confirming)}:
            return confirming
    return ()


def _more_names(shown: tuple[str, ...], stated: Sequence[str]) -> tuple[str, ...]:
    """The byline markup's names where they are the ``stated`` ones and more (co-authors
    the metadata leaves out); else nothing."""
    if not stated or len(shown) <= len(stated):
        return ()
    shown_keys = {word_key(name) for name in clean_authors(shown)}
    return shown if {word_key(name) for name in clean_authors(stated)} < shown_keys else ()


def _header_byline(header: str) -> tuple[str, ...]:
    """A "By Jane Doe" line near the headline (``header``, see ``_header_text``), in
    markup without byline classes."""
    for match in _HEADER_BYLINE_RE.finditer(header):
        if not _NOT_A_BYLINE_BEFORE_BY_RE.search(header, 0, match.start()):
            return (match.group(1),)
    return ()


_NAME = r"(?:Dr\.?[^\S\n]+)?[A-Z][\w.'\u2019-]+(?:[^\S\n]+[A-Z][\w.'\u2019-]+){0,3}"
# A Korean byline alone in its element, "김민수 기자" and maybe the e-mail address; a
# Japanese or Chinese one after its label, "投稿者: 佐藤恵子 | 2007年03月03日".
_KOREAN_BYLINE_RE = re.compile(
    r"(?P<name>[\uac00-\ud7a3]{2,4})[^\S\n]?(?:선임기자|객원기자|기자|특파원)(?=$|[\s,(<\[])"
)
_CJK_LABELLED_BYLINE_RE = re.compile(
    r"(?:投稿者|作者|筆者|撰文|글쓴이|작성자)[^\S\n]*[:\uff1a][^\S\n]*(?P<name>[^\s|\uff5c:\uff1a]{2,12})"
)
_TEXT_BYLINE_RE = re.compile(
    r"^(?:(?:(?:written|posted|words|story|reported|article|text)[^\S\n]+)?by:?"
    r"|(?:authors?|contributors?|writers?):)[^\S\n]+"
    # One name, or two or more joined by commas and "and"/"&".
    rf"({_NAME}(?:(?:,[^\S\n]*|[^\S\n]+(?:and|&)[^\S\n]+){_NAME})*)"
    # and maybe when: "Posted by Jane at December 16, 2025 11:15 AM".
    r"(?:,?[^\S\n]+(?:at|on)[^\S\n]+[\w ,:./-]*\d[\w ,:./-]*)?$",
    re.IGNORECASE,
)
_MAX_TEXT_BYLINE_CHARS = 60
_TEXT_BYLINE_NODES = 600
_TEXT_BYLINE_HEADINGS = 100
_TEXT_BYLINE_STARTS = (
    *("by", "written", "posted", "words", "story", "reported", "article", "text"),
    *("author", "contributor", "writer"),
)
_NAME_JOIN_RE = re.compile(r",\s*|\s+(?:and|&)\s+", re.IGNORECASE)


# Short text elements where bylines and datelines are written (<font> on the sites of
# the 2000s); one query, read by both.
_TEXT_BLOCKS = "p, span, div, small, em, i, li, td, font"
_TEXT_BLOCK_IDS = tag_ids(name.strip() for name in _TEXT_BLOCKS.split(","))
_SUBHEADING_IDS = tag_ids(rules.SUBHEADING_TAGS)
_SUBHEADING_SELECTOR = ", ".join(rules.SUBHEADING_TAGS)
_PROSE_IDS = tag_ids(("p", "ul", "ol", "blockquote"))
_DATELINE_NODES = 400


class _TextBlocks:
    """The body's ``_TEXT_BLOCKS`` elements in document order (a call), queried on first
    use; and the datelines among them (``dates``), read once: the publication date and
    the update both ask for them. Most pages never read the blocks."""

    __slots__ = ("_dates", "_found", "_tree")

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._found: list[LexborNode] | None = None
        self._dates: tuple[ParsedDate | None, ParsedDate | None] | None = None

    def __call__(self) -> list[LexborNode]:
        if self._found is None:
            body = self._tree.body
            self._found = [] if body is None else with_tags(body, _TEXT_BLOCK_IDS, _TEXT_BLOCKS)
        return self._found

    def dates(self) -> tuple[ParsedDate | None, ParsedDate | None]:
        """``_text_dates`` of the blocks."""
        if self._dates is None:
            self._dates = _text_dates(self)
        return self._dates

    def dates_read(self) -> tuple[ParsedDate | None, ParsedDate | None]:
        """``dates`` where they were read already, else none: a fallback that is not
        worth reading them for."""
        return self._dates or (None, None)


def _text_byline(tree: LexborHTMLParser, blocks: Callable[[], list[LexborNode]]) -> tuple[str, ...]:
    """A short element that reads "Written by Jane Doe" anywhere in the page, for
    markup whose bylines carry no telling class; a heading that reads "By ..." counts
    only when the name is a link (a bare "By Category" heading is a filter)."""
    # <i> is a dateline element, not a byline one.
    nodes = islice((node for node in blocks() if node.tag != "i"), _TEXT_BYLINE_NODES)
    for text in _short_texts(list(nodes), _MAX_TEXT_BYLINE_CHARS, strip=False):
        if text is not None and text[:1].isalpha():
            found = _text_byline_names(text)
            if found:
                return found
    body = tree.body
    if body is None:
        return ()
    for node in css(body, "h3, h4, h5, h6")[:_TEXT_BYLINE_HEADINGS]:
        text = node.text(separator=" ").strip()
        if len(text) > _MAX_TEXT_BYLINE_CHARS or not text[:1].isalpha():
            continue
        if text[:2].lower() == "by" and css_first(node, "a[href]") is None:
            continue  # "By Category" is a filter; "By <a>Jane Doe</a>" links a person
        found = _text_byline_names(text)
        if found:
            return found
    return ()


def _short_texts(nodes: list[LexborNode], limit: int, *, strip: bool) -> list[str | None]:
    """The text of each of ``nodes`` (elements in document order) that is no longer than
    ``limit`` characters, None for the others: its fragments joined with spaces, each
    stripped (``strip``: markup indentation would inflate the length many times) or the
    whole stripped.

    An element's text holds the text of every element inside it, so an element that
    contains a longer one is longer itself. The nodes are read last to first, and the
    ancestors of a long one are passed over without reading their text: the page's
    wrappers, each of which would decode most of the page. In C where that is built
    (``short_texts``), a text is counted before it is read, and only a short one is read.
    """
    counted = short_texts(nodes, limit, strip=strip)
    if counted is not None:
        return counted
    texts: list[str | None] = [None] * len(nodes)
    too_long: set[int] = set()  # ``mem_id`` of the ancestors of a long element
    for index in range(len(nodes) - 1, -1, -1):
        node = nodes[index]
        if node.mem_id in too_long:
            continue
        text = _joined_text(node, strip)
        if len(text) <= limit:
            texts[index] = text
            continue
        parent = node.parent
        while parent is not None and parent.mem_id not in too_long:
            too_long.add(parent.mem_id)
            parent = parent.parent
    return texts


def _joined_text(node: LexborNode, strip: bool) -> str:
    """``node``'s text joined with spaces: each fragment stripped, or the whole."""
    text = node.text(separator=" ", strip=strip)
    return text if strip else text.strip()


def _labels_source(header: str, via: str) -> bool:
    """Whether the text under the headline gives ``via`` as its "Source:" (not "via")."""
    text = " ".join(header.split())
    label = rf"(?:{rules.SOURCE_LABELS})\s*[:\uff1a]\s*{re.escape(via)}"
    return re.search(label, text, re.IGNORECASE) is not None


# A Chinese wire story's dateline names its reporters, in full-width brackets after the
# agency, place and date: "新华社武汉3月4日电" then "记者" (reporters) and the names (Xinhua,
# Wuhan, March 4). Looked for in the opening blocks.
_DATELINE_REPORTERS_RE = re.compile(
    r"^[^\n\uff08(]{2,30}电\s*[\uff08(]\s*记者\s*(?P<names>[^\uff09)\n]{2,40})[\uff09)]"
)
_NAMES_SPLIT_RE = re.compile(r"[\u3001,\uff0c\s]+")
_DATELINE_REPORTER_BLOCKS = 40
_REPORTER_WORD = "\u8bb0\u8005"


def _dateline_reporters(blocks: Callable[[], list[LexborNode]]) -> tuple[str, ...]:
    for node in blocks()[:_DATELINE_REPORTER_BLOCKS]:
        opening = node.text()[:80]
        if _REPORTER_WORD not in opening:
            continue
        match = _DATELINE_REPORTERS_RE.match(opening.strip())
        if match is not None:
            return tuple(name for name in _NAMES_SPLIT_RE.split(match["names"]) if name)
    return ()


def _text_byline_names(text: str) -> tuple[str, ...]:
    if not text[:1].isascii():
        cjk = _KOREAN_BYLINE_RE.match(text) or _CJK_LABELLED_BYLINE_RE.match(text)
        return (cjk["name"],) if cjk is not None else ()
    if not text[:12].lower().startswith(_TEXT_BYLINE_STARTS):  # a C-speed first filter
        return ()
    # Elements joined with spaces put one before a comma: "By <a>Jane Doe</a>, Editor".
    match = _TEXT_BYLINE_RE.match(_SPACES_RE.sub(" ", text).replace(" ,", ","))
    if match is None:
        return ()
    # The pattern ignores case for "BY"/"Written By"; the names must be capitalised.
    if all(name[:1].isupper() for name in _NAME_JOIN_RE.split(match.group(1))):
        return (match.group(1),)
    return ()


# Forum software marks who wrote each post; the first one is the thread's author. The
# profile column of phpBB (.postprofile) and FluxBB (.postleft) names every poster,
# where phpBB classes only some names (a moderator's, "username-coloured").
POSTER_SELECTORS = (
    '[class*="username" i]',
    '[class*="user-name" i]',
    ".postleft dt",
    ".postprofile dt > a:last-child",
)
_POSTER_ANY = ", ".join(POSTER_SELECTORS)
_DATE_ANY = ", ".join(DATE_SELECTORS)
# The rules tried in turn, most of which match nothing on a given page: one walk tells
# which may match (survey.py), and those that cannot are not tried.
_SURVEYED = Survey(
    (
        *BYLINE_SELECTORS,
        *ARCHIVE_LINK_SELECTORS,
        *DATE_SELECTORS,
        _POSTER_ANY,
        *rules.TAG_LINK_SELECTORS,
        *rules.TAG_ARCHIVE_LINK_SELECTORS,
        *rules.TAGGED_LINK_SELECTORS,
        *rules.TAG_BOX_SELECTORS,
        rules.CAPTION_CLASSED_SELECTOR,
        *rules.PAYWALL_BOX_SELECTORS,
        *rules.SUBTITLE_SELECTORS,
    )
)
_MAX_POSTER_NODES = 5
_FORM_CONTROLS = "input, label, select, textarea"


def _poster_name(tree: LexborHTMLParser, seen: Found) -> tuple[str, ...]:
    """The name on the first post of a thread, for pages with no byline; the one in a
    site header or menu is the reader's own account."""
    body = tree.body
    if body is None or not seen.may_match(_POSTER_ANY):
        return ()
    for node in css(body, _POSTER_ANY)[:_MAX_POSTER_NODES]:
        if _in_site_chrome(node) or css_first(node, _FORM_CONTROLS) is not None:
            continue  # a sign-up form's "username" field (a spam trap's label) names no one
        name = _clean(node.text(separator=" "))
        return (name,) if name and len(name) <= _MAX_TEXT_BYLINE_CHARS else ()
    return ()


def _in_site_chrome(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in {"header", "nav"}:
            return True
        parent = parent.parent
    return False


def _byline(
    tree: LexborHTMLParser, seen: Found, selectors: tuple[str, ...] = BYLINE_SELECTORS
) -> Byline:
    found = _first_byline(tree, seen, selectors)
    if found is None:
        return Byline((), None)
    node, byline, later = found
    names = byline.names + _listed_beside(node, later)
    return Byline(names, byline.via or _nearby_via(node))


def _first_byline(
    tree: LexborHTMLParser, seen: Found, selectors: tuple[str, ...]
) -> tuple[LexborNode, Byline, list[LexborNode]] | None:
    """The first element, among the first three matches of each of ``selectors`` in
    turn, that names someone as a byline outside a comment section; with its byline and
    the selector's later matches."""
    body = tree.body
    if body is None:
        return None
    for selector in selectors:
        if not seen.may_match(selector):
            continue
        nodes = css(body, selector)
        for index, node in enumerate(nodes[:3]):
            byline = None if _in_comments(node) else _node_byline(node)
            if byline is not None and byline.names:
                return node, byline, nodes[index + 1 :]
    return None


# An author box's part that tells about the author ("author-description", "author-bio",
# "authorDesc"): a byline only where it reads as one ("This post was written by ..."); a
# short one would read as a list of names ("Licensed Q Arabica Grader, M.A. Journalism").
_AUTHOR_BOX_RE = re.compile(r"author[-_]?(?:desc|bio)", re.IGNORECASE)


def _node_byline(node: LexborNode) -> Byline | None:
    """The names ``node`` shows as a byline; an author box's description only after a
    "By" label (``_AUTHOR_BOX_RE``)."""
    # Microdata often carries the name in <meta itemprop="name" content="...">.
    raw = node.attributes.get("content") if node.tag == "meta" else None
    text = _byline_text(raw or node.text(separator="\n"))
    if not text or len(text) > _MAX_BYLINE_CHARS:
        return None
    about = _AUTHOR_BOX_RE.search(node.attributes.get("class") or "") is not None
    if about and rules.BYLINE_RE.match(" ".join(text.split())) is None:
        return None
    return parse_byline(text)


def _listed_beside(node: LexborNode, later: list[LexborNode]) -> tuple[str, ...]:
    """The co-authors shown as further items of one list with the byline ``node`` (a
    Webflow collection list, a <ul> of names): the next matches of the same selector,
    of the same tag and class, in a box whose whole text is no longer than a byline (a
    list of story cards, each with its author, holds their headlines too)."""
    names: list[str] = []
    shape = _item_shape(node)
    ancestors: set[int] = set()
    for other in later:
        if _item_shape(other) != shape:
            break
        ancestors = ancestors or {box.mem_id for box in _ancestors(node)}
        box = next((up for up in _ancestors(other) if up.mem_id in ancestors), None)
        if (
            box is None
            or text_length(box, separator=" ", limit=_MAX_BYLINE_CHARS) > _MAX_BYLINE_CHARS
        ):
            break
        byline = _node_byline(other)
        if byline is None or len(byline.names) != 1:
            break
        names.extend(byline.names)
    return tuple(names)


def _item_shape(node: LexborNode) -> tuple[str | None, ...]:
    """The tags and classes of an element and its parent: items of one list share them
    ("Written by" links in <li>s, and not the "Edited by" link in a <span>)."""
    parent = node.parent
    shape = (node.tag, node.attributes.get("class"))
    return shape if parent is None else (*shape, parent.tag, parent.attributes.get("class"))


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None and parent.tag != "body":
        yield parent
        parent = parent.parent


def _in_comments(node: LexborNode) -> bool:
    """Whether ``node`` is in a comment section (or is one: "comment-author"), where
    "author" names whoever wrote a comment."""
    current: LexborNode | None = node
    while current is not None and current.tag not in {"body", "html"}:
        attributes = current.attributes
        marks = f" {attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
        if rules.COMMENT_MARKS.search(marks):
            return True
        current = current.parent
    return False


def _nearby_via(node: LexborNode) -> str | None:
    """A "Via X" next to the byline, in the same line of the page header."""
    parent = node.parent
    for _ in range(2):
        if parent is None:
            return None
        text = parent.text(separator=" ")
        if len(text) > _MAX_BYLINE_CHARS * 2:
            return None
        via = parse_via(text)
        if via:
            return via
        parent = parent.parent
    return None


_BY_VERB_RE = re.compile(r"^(?:written|posted|words|story|text|article|reported)$", re.I)
_BY_ALONE_RE = re.compile(
    rf"^(?:(?:written|posted|words|story|text|article|reported)\s+)?by:?$|^authors?:?$"
    rf"|^(?:{rules.BY_WORDS}):?$",
    re.I,
)


def _byline_text(text: str) -> str:
    """The first line of a byline block ("By" alone on its line joins the next one, and
    a name linked after "and" or a comma joins the name before it: "By <a>Samira
    Holt</a> and <a>Dev Patil</a>"); later lines hold dates, roles and "Last updated"
    notes."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return ""
    head, rest = lines[0], lines[1:]
    if rest and _BY_VERB_RE.match(head) and rest[0].lower().startswith("by"):
        # "Posted" and "by" split over two lines of the page source.
        head, rest = f"{head} {rest[0]}", rest[1:]
    if _BY_ALONE_RE.match(head) and rest:
        head, rest = f"{head} {rest[0]}", rest[1:]
    while len(rest) > 1 and _joins_names(rest):
        head, rest = f"{head}{'' if rest[0] == ',' else ' '}{rest[0]} {rest[1]}", rest[2:]
    return head


# What stands between the last two linked names of a byline, alone on its line.
_NAME_AND_RE = re.compile(r"^(?:&|and|und|et|y|e|en|og|och|i|,\s*and)$", re.I)


def _joins_names(lines: list[str]) -> bool:
    """Whether ``lines`` open with what joins one more name to a byline: "and", or a
    comma in a list that "and" ends ("A, B and C"); a comma alone is followed by a role
    or a company as often ("Carlos Escobar, VP, IS Security, RevMed")."""
    index = 0
    while index + 2 < len(lines) and lines[index] == ",":
        index += 2
    return bool(_NAME_AND_RE.match(lines[index]))


def _element_date(tree: LexborHTMLParser, seen: Found) -> ParsedDate | None:
    if not seen.surveyed and css_first(tree, _DATE_ANY) is None:  # one walk, not one each
        return None
    for selector in DATE_SELECTORS:
        if not seen.may_match(selector):
            continue
        for node in css(tree, selector)[:3]:
            if _in_teaser(node) or _in_comments(node):
                continue  # another story's date, or a comment's
            attrs = node.attributes
            for value in (attrs.get("datetime"), attrs.get("content"), node.text(separator=" ")):
                if value and len(value) < _MAX_BYLINE_CHARS:
                    parsed = parse_date(value)
                    if parsed is not None:
                        return parsed
    return None


# Blocks that list other pages: a date there is another story's.
_TEASER_CLASS_RE = re.compile(r"related|search-?result|menu", re.I)
_TEASER_DEPTH = 8
# A link around a date and this much more text is a teaser card; around the date
# alone it is the post's permalink.
_TEASER_LINK_EXTRA_CHARS = 30


def _in_teaser(node: LexborNode) -> bool:
    """Whether a date element sits in a teaser: a link that also holds another page's
    title, a list item beside one ("More news releases from Tessaline"), or a
    related-posts, search-results or menu block (a mega-menu lists the latest stories
    with their dates)."""
    parent = node.parent
    for _ in range(_TEASER_DEPTH):
        if parent is None:
            return False
        if parent.tag == "a":
            extra = text_length(parent, strip=True) - text_length(node, strip=True)
            if extra > _TEASER_LINK_EXTRA_CHARS:
                return True
        elif _TEASER_CLASS_RE.search(parent.attributes.get("class") or ""):
            return True
        elif parent.tag == "li" and any(
            text_length(link, strip=True) > _TEASER_LINK_EXTRA_CHARS
            for link in css(parent, "a[href]")
        ):
            return True  # a list's item: the date beside another page's linked title
        parent = parent.parent
    return False


_DATELINE_LABELS = ("posted", "published", "updated", "written", "date")
_DATELINE_RE = re.compile(
    rf"\b(?P<label>{'|'.join(_DATELINE_LABELS)})\b(?:\s+on)?\s*:?\s*"
    r"(?P<date>[^|\n]{6,40})",
    re.IGNORECASE,
)
_DATELINE_LABEL_RE = re.compile("|".join(_DATELINE_LABELS))


def _may_name_dateline(text: str) -> bool:
    """False when ``text`` cannot match ``_DATELINE_RE``: it has none of the labels.
    Searching a lowercase copy for them costs a third of a search with IGNORECASE,
    which most short texts fail. Outside ASCII the pattern's case folding is wider
    than ``str.lower`` ("İ" matches "i"), so such a text is left to the pattern."""
    return not text.isascii() or _DATELINE_LABEL_RE.search(text.lower()) is not None


def _text_dates(
    blocks: Callable[[], list[LexborNode]],
) -> tuple[ParsedDate | None, ParsedDate | None]:
    """The first "Posted on 12/3/14" style dateline in the page text, and the first
    "Updated ..." one (a fallback: it is not the publication date)."""
    updated: ParsedDate | None = None
    for text in _short_texts(blocks()[:_DATELINE_NODES], _MAX_BYLINE_CHARS, strip=True):
        if text is None:
            continue
        match = _DATELINE_RE.search(text) if _may_name_dateline(text) else None
        parsed = parse_date(match["date"]) if match is not None else None
        if parsed is None:
            continue
        if match is not None and match["label"].lower() != "updated":
            return parsed, updated
        updated = updated or parsed
    return None, updated


_GENERIC_DATE_KEY_RE = re.compile(r"publi|date|created|issued", re.IGNORECASE)
_NOT_PUBLISHED_KEY_RE = re.compile(r"modif|updat|expir|review|birth|event|start|end", re.I)
_SOURCE_DATE_KEYS = (
    *("datePublished", "publishDate", "publishedAt", "published_at", "postDate"),
    *("publicationDate", "firstPublished", "date_published", "pubDate", "publishedDate"),
)
# The key quoted as in JSON, quoted as JSON escaped into an HTML attribute ("&quot;"),
# or bare as in a JavaScript object literal.
# Every key contains one of these; one scan per fragment instead of one per key.
_SOURCE_DATE_FRAGMENTS = ("ublish", "ublication", "ubDate", "ostDate")
# How far before a fragment its key (and the quote before it) can start.
_KEY_WINDOW = 20
_QUOTE = r"(?:[\"']|&quot;)"
_SOURCE_DATE_RE = re.compile(
    rf"(?:{_QUOTE}|[{{,\s])(?:{'|'.join(_SOURCE_DATE_KEYS)}){_QUOTE}?\s*:\s*{_QUOTE}"
    r"([^\"'&]{8,40})(?:[\"']|&quot;)"
)
_HEADER_WINDOW = 600


def _generic_meta_date(meta: dict[str, list[str]]) -> ParsedDate | None:
    for key, values in meta.items():
        if _GENERIC_DATE_KEY_RE.search(key) and not _NOT_PUBLISHED_KEY_RE.search(key):
            parsed = parse_date(values[0])
            if parsed is not None:
                return parsed
    return None


def _source_date(html: str) -> ParsedDate | None:
    """The first ``"datePublished": "..."`` in the source. A regex search would test
    every character of the page; ``str.find`` of a few fragments that the keys share
    is a C-speed scan, and the regex is then only tried in a short window around each
    occurrence (same first match)."""
    first: re.Match[str] | None = None
    for fragment in _SOURCE_DATE_FRAGMENTS:
        at = html.find(fragment)
        while at >= 0 and (first is None or at - _KEY_WINDOW < first.start()):
            match = _SOURCE_DATE_RE.search(html, max(0, at - _KEY_WINDOW), at + _KEY_WINDOW * 4)
            if match is not None:
                if first is None or match.start() < first.start():
                    first = match
                break
            at = html.find(fragment, at + 1)
    return parse_date(first.group(1)) if first else None


def _header_date(
    tree: LexborHTMLParser, headline: LexborNode | None, header: str, title: str | None
) -> ParsedDate | None:
    """A bare date shown next to the headline ("Jun 08, 2023 - 11 min read"): after it
    (``header``, see ``_header_text``) first, then the nearer of the first date below
    it and the last in the kicker line above it. Without a headline element, the
    title where the page text shows it marks the place."""
    found = _unlabelled_date_at(header)
    if found is not None:
        return found.parsed
    body = tree.body
    if body is None:
        return None
    full = body.text(separator="\n")
    heading = headline.text(separator=" ").strip() if headline is not None else ""
    at = full.find(heading) if heading else -1
    if at < 0 and title:
        # No heading shows the title (a page without an h1, or with a logo in it):
        # the title written in the page marks the header just as well.
        heading = title
        at = full.find(heading)
    if at < 0:
        return None
    after = _unlabelled_date_at(full[at + len(heading) : at + len(heading) + _HEADER_WINDOW * 2])
    start = max(0, at - _HEADER_WINDOW // 2)
    before = find_date_at(full[start:at], last=True)
    if after is None or before is None:
        span = after or before
        return span.parsed if span else None
    # The kicker line right above the headline beats a date further down in the text.
    return before.parsed if at - start - before.start < after.start else after.parsed


# Labels of dates that are not a post's: when its author joined the forum, founded
# their company or was born, or when a reader reviewed the product.
_PROFILE_LABEL_RE = re.compile(
    r"\b(?:joined|founded|registered|member since|born|reviewed)\b\s*:?\s*$", re.IGNORECASE
)
_PROFILE_LABEL_CHARS = 40


def _unlabelled_date_at(text: str) -> DateSpan | None:
    """The first date in ``text`` that is not labelled as a profile's date."""
    for found in dates_in(text):
        at = found.start
        if not _PROFILE_LABEL_RE.search(text, max(0, at - _PROFILE_LABEL_CHARS), at):
            return found
    return None


def _headline_node(
    tree: LexborHTMLParser, title: str | None, all_h1s: list[LexborNode]
) -> LexborNode | None:
    """The <h1> that shows the chosen title (a page may have a logo or a search box
    in an earlier one); else the first h1; on a page without one, the element that
    shows the title (a bold line in a table layout), or failing that the first h2."""
    h1s = all_h1s[: _MAX_HEADINGS + 1]
    if len(h1s) > 1 and title:
        for h1 in h1s:
            if heading_node_text(h1) == title:
                return h1
    if h1s:
        return h1s[0]
    shown = _shown_title_part(tree, title) if title else None
    return shown or css_first(tree, "h2")


def _header_text(headline: LexborNode | None) -> str:
    """The text right after the headline: its following siblings, then its parent's,
    up to a few hundred characters."""
    node = headline
    window = ""
    for _ in range(4):
        if node is None:
            break
        sibling = node.next
        while sibling is not None and len(window) < _HEADER_WINDOW:
            if sibling.tag not in {"script", "style"}:
                window += "\n" + sibling.text(separator=" ")
            sibling = sibling.next
        if len(window) >= _HEADER_WINDOW:
            break
        node = node.parent
    return window[:_HEADER_WINDOW]


def credit_source(
    paragraphs: Sequence[str], links: Sequence[Link], site_name: str | None, url: str | None
) -> str | None:
    """The outlet a credit line of the story names ("Originally published by Meridian
    Press", "This article is republished from The Conversation", "Kaynak: AA"), read
    from the story's first and last paragraphs; with the link's address where the line
    shows a cut URL, and none where it names the site itself ("Originally published on
    Live Science" on livescience.com)."""
    for paragraph in (*paragraphs[-rules.CREDIT_PARAGRAPHS :], *paragraphs[:1]):
        if len(paragraph) > rules.CREDIT_MAX_CHARS:
            continue
        if rules.CREDIT_LINE_RE.match(paragraph):
            source = parse_via(paragraph)
        elif source_line := rules.SOURCE_LINE_RE.match(paragraph):
            source = source_line["source"].strip()
        else:
            continue
        if source is None or _names_own_outlet(source, (site_name,), _host(url or "")):
            return None
        if source.startswith(("http://", "https://")):
            # The address as shown is often cut to the site; the link has the story's.
            return next((link.href for link in links if link.href.startswith(source)), source)
        return source
    return None


def via_from_canonical(url: str | None, canonical: str | None) -> str | None:
    """The other site a canonical URL points to, if it points away from this one."""
    if not url or not canonical:
        return None
    here = _host(url)
    there = _host(canonical)
    if here and there and here != there:
        return there
    return None


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host
