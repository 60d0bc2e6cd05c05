"""Extraction rules as data: a site quirk is a row here, not a branch in the code.

Class/id tokens are matched against the lower-cased ``class`` and ``id`` of an element.
A *prefix* matches at the start of a dash/underscore-separated word and may run on
(``share`` matches ``share-bar``, ``sharebar`` and ``post-share``); a *word* must be a
whole word (``ad`` matches ``top-ad`` but not ``address``).
"""

from __future__ import annotations

import re

# Removed with their content before anything else looks at the tree.
STRIPPED_TAGS: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "object",
    "embed",
    "button",
    "select",
    "input",
    "textarea",
    "dialog",
    "map",
    "video",
    "audio",
    "link",
    "meta",
)

# Tags that are boilerplate by their nature, unless they hold most of the page's text.
BOILERPLATE_TAGS: tuple[str, ...] = ("nav", "footer", "aside", "header", "menu", "form")

# Attribute selectors for things that are hidden from the reader.
HIDDEN_SELECTORS: tuple[str, ...] = (
    "[hidden]",
    '[style*="display:none"]',
    '[style*="display: none"]',
    '[style*="visibility:hidden"]',
    '[aria-hidden="true"]',
    '[role="navigation"]',
    '[role="banner"]',
    '[role="contentinfo"]',
    '[role="complementary"]',
    '[role="dialog"]',
    '[role="alert"]',
)

BOILERPLATE_PREFIXES: tuple[str, ...] = (
    # navigation and page furniture
    "nav",
    "menu",
    "breadcrumb",
    "pagination",
    "pager",
    "sidebar",
    "widget",
    "masthead",
    "toolbar",
    "footer",
    "header",
    "skip",
    "sitemap",
    "post-nav",
    "nav-links",
    "next-post",
    "prev-post",
    "previous-post",
    # sharing and social
    "share",
    "sharing",
    "sharedaddy",
    "social",
    "sociable",
    "addtoany",
    "a2a",
    "rrssb",
    "ssba",
    "follow",
    # related / recommended blocks
    "related",
    "jp-relatedposts",
    "yarpp",
    "crp",
    "recommend",
    "more-stories",
    "more-articles",
    "morestories",
    "most-read",
    "mostread",
    "most-popular",
    "popular",
    "trending",
    "also-read",
    "check-also",
    "read-next",
    "readnext",
    "read-more",
    "see-also",
    "outbrain",
    "taboola",
    "teaser",
    "upnext",
    "up-next",
    # comments
    "comment",
    "disqus",
    "respond",
    "reply",
    # subscription walls, newsletters, consent
    "newsletter",
    "subscri",
    "signup",
    "sign-up",
    "paywall",
    "regwall",
    "piano",
    "meter",
    "cookie",
    "consent",
    "gdpr",
    "modal",
    "popup",
    "overlay",
    "optin",
    "email-capture",
    # ads and promotions
    "advert",
    "adslot",
    "ad-slot",
    "ad-container",
    "ad-wrapper",
    "adunit",
    "ad-unit",
    "adsense",
    "dfp",
    "gpt-ad",
    "google-ad",
    "sponsor",
    "promo",
    "banner",
    "affiliate-disclos",
    "disclaimer",
    # author bios, bylines, meta lines, tags: they belong in their own fields
    "author",
    "byline",
    "bio",
    "about-the-author",
    "entry-meta",
    "post-meta",
    "article-meta",
    "meta",
    "dateline",
    "timestamp",
    "date",
    "posted-on",
    "tags",
    "tag-list",
    "tagcloud",
    "tag-cloud",
    "categories",
    "cat-links",
    "tag-links",
    # screen-reader-only and print-only text
    "screen-reader",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "hidden",
    "print-only",
    "noprint",
    "d-none",
)

BOILERPLATE_WORDS: tuple[str, ...] = (
    "ad",
    "ads",
    "rail",
    "aside",
    "tags",
    "tag",
    "hide",
    "share",
    "print",
    "toc",
)

# Tokens that mark the article body itself; an element carrying one is never boilerplate.
CONTENT_PREFIXES: tuple[str, ...] = (
    "articlebody",
    "article-body",
    "article__body",
    "article-content",
    "article__content",
    "articlecontent",
    "article-text",
    "article__text",
    "entry-content",
    "entry__content",
    "entry-body",
    "post-content",
    "post__content",
    "postcontent",
    "post-body",
    "postbody",
    "post-entry",
    "post-text",
    "story-body",
    "storybody",
    "story-content",
    "story-text",
    "story__body",
    "body-text",
    "bodytext",
    "content-body",
    "main-content",
    "single-content",
    "td-post-content",
    "rich-text",
    "richtext",
    "blog-content",
    "blog-post-content",
    "page-content",
    "text-content",
    "article-main",
    "paywall-content",
    "caas-body",
    "field-body",
    "field--name-body",
)

# Where to look for the article body, most specific first.
CONTENT_SELECTORS: tuple[str, ...] = (
    '[itemprop="articleBody"]',
    '[itemprop="text"]',
    "[data-article-body]",
    "article",
    '[role="main"]',
    "main",
)

# Elements whose text votes for the container that holds them.
PARAGRAPH_SELECTOR = "p, pre, blockquote"

# Elements after which rendered text breaks into a new paragraph.
BLOCK_SELECTOR = (
    "p, div, section, article, main, h1, h2, h3, h4, h5, h6, li, dd, dt, blockquote, pre, "
    "figure, figcaption, table, tr, ul, ol, dl, br, hr, address, center"
)

# Containers checked for link density (navigation lists, link farms, "read more" lines).
LINK_BLOCK_SELECTOR = "ul, ol, dl, p, div, section, table"

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _token_regex(prefixes: tuple[str, ...], words: tuple[str, ...] = ()) -> re.Pattern[str]:
    parts = []
    if prefixes:
        parts.append("(?:" + "|".join(re.escape(p) for p in prefixes) + ")")
    if words:
        parts.append("(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z0-9])")
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + ")")


BOILERPLATE_RE = _token_regex(BOILERPLATE_PREFIXES, BOILERPLATE_WORDS)
CONTENT_RE = _token_regex(CONTENT_PREFIXES)

_I = re.IGNORECASE

# A rendered paragraph matching one of these is dropped (whole-line boilerplate).
DROPPED_LINE_PATTERNS: tuple[str, ...] = (
    r"^(advertisement|advertising|sponsored( content)?|ad|story continues below( advertisement)?)$",
    r"^(share|share this( article| story| post)?|share on \w+|tweet|email|print|facebook|twitter"
    r"|linkedin|pinterest|whatsapp|reddit|copy link|comments?)\s*:?$",
    r"^click here to (read|see|view)\b",
    r"^(read more|related|see also|also read|check also|read also|recommended|more|watch|listen)"
    r"\s*[:»›>|-].{0,200}$",
    r"^(subscribe|sign up|register)\b.{0,120}(newsletter|keep reading|continue reading|inbox"
    r"|unlimited|access)",
    r"^(by|posted by|written by|words by|story by)\s+\S+(\s+\S+){0,5}$",
    r"^(by|posted by|written by)\s+[^.!?]{0,80}\|",
    r"^(published|updated|posted|last updated|first published)(\s+on)?\s*:?\s*.{0,40}\d{4}.{0,20}$",
    r"^(tags|filed under|categories|category|topics)\s*:",
    r"^(leave a (reply|comment)|cancel reply|your email address will not be published.*)$",
    r"we may earn (a )?(small )?commission",
    r"^(this (web)?site|we) uses? cookies",
    r"^skip to (main )?content$",
    r"^(all rights reserved|copyright|©).{0,120}$",
    r"^(follow us|follow)\b.{0,60}$",
    r"^(previous|next) (article|post|story)\b.{0,150}$",
)
DROPPED_LINE_RE = re.compile("|".join(f"(?:{p})" for p in DROPPED_LINE_PATTERNS), _I)

# A short paragraph matching one of these starts the trailing boilerplate of a page.
STOP_LINE_PATTERNS: tuple[str, ...] = (
    r"related( articles| posts| stories| content| coverage| reading| links)?",
    r"you (may|might) (also )?(like|enjoy|be interested in)",
    r"more (stories|articles|news|from .{1,40}|on this( topic)?)",
    r"leave a (reply|comment)",
    r"\d+\s+(comments?|responses?|replies|thoughts on .*)",
    r"(comments?|discussion|join the (conversation|discussion))",
    r"most (read|popular|viewed|shared)",
    r"recommended( for you| stories| reading)?",
    r"(read|up) next",
    r"check also",
    r"about the author",
    r"what to read next",
    r"trending( now| stories)?",
    r"popular (posts|stories|articles)",
    r"further reading",
    r"latest (news|stories|posts|articles)",
    r"you may have missed",
    r"post navigation",
    r"share this( article| post| story| page)?",
    r"sign up for (our|the) .{1,40}newsletter",
)
STOP_LINE_RE = re.compile(r"^(?:" + "|".join(STOP_LINE_PATTERNS) + r")\s*[:.!]?$", _I)

# "subscribe to keep reading" walls: the text is cut and the article flagged as paywalled.
PAYWALL_RE = re.compile(
    r"(subscribe|sign in|log in|register|become a (member|subscriber))\b.{0,60}"
    r"\b(to (continue|keep) reading|to read (the|this) (full|rest|whole)|for full access"
    r"|to unlock|to read more)"
    r"|this (article|content|story) is (for|available (only )?to) (subscribers|members)"
    r"|already a subscriber\?",
    _I,
)

# Byline text: "By Jane Doe", "Posted by Jane", "Written by X | Via The Diplomat".
BYLINE_RE = re.compile(
    r"^\s*(?:(?:posted|written|words|story|reporting|text)\s+)?by\s*:?\s+(?P<names>.+)$", _I
)
VIA_RE = re.compile(
    r"(?:^|[|–—-]\s*|\s)(?:via|source|originally (?:published|appeared) (?:at|by|in|on))"
    r"\s*:?\s+(?P<source>[^|.,;]{2,80})",
    _I,
)

# Author strings that are not people.
NON_AUTHOR_RE = re.compile(
    r"^(admin|administrator|staff|editor|editors|editorial( team| staff)?|guest|unknown"
    r"|anonymous|team|webmaster|wordpress|null|none|author)$|https?://|@|\d{3,}",
    _I,
)
# Role and affiliation words stripped from the end of a name ("Jane Doe, Staff Writer").
AUTHOR_ROLE_RE = re.compile(
    r"\s*[,|–—-]\s*(staff|senior|chief|contributing|special|associate|managing|executive"
    r"|deputy|guest)?\s*(writer|reporter|editor|correspondent|columnist|contributor|producer"
    r"|journalist|photographer|analyst|intern|critic)\b.*$",
    _I,
)

# URL path segments that mark a listing rather than an article.
LISTING_URL_RE = re.compile(
    r"/(category|categories|tag|tags|topic|topics|section|sections|author|authors|archive"
    r"|archives|search|page/\d+|latest|index(\.\w+)?)(/|$)",
    _I,
)
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "socialmediaposting",
        "liveblogposting",
        "report",
        "review",
        "posting",
        "medicalwebpage",
        "howto",
        "recipe",
    }
)
LISTING_TYPES = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "website"}
)
