"""Extraction rules as data: a site quirk is a row here, not a branch in the code.

Class/id tokens are matched against the lower-cased ``class`` and ``id`` of an element.
A *prefix* matches at the start of a dash/underscore-separated word and may run on
(``share`` matches ``share-bar``, ``sharebar`` and ``post-share``); a *word* must be a
whole word (``ad`` matches ``top-ad`` but not ``address``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tasks.extract.patterns import FirstCharPatterns

_CRule: Callable[[tuple[str, ...], tuple[str, ...]], _marks.Rule] | None
try:  # the token rules in C (setup.py builds them; see _marks.c)
    from tasks.extract import _marks

    _CRule = _marks.Rule
except ImportError:  # not built (no compiler where pressroom was installed): the regex
    _CRule = None

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
STRIPPED_SELECTOR = ", ".join(STRIPPED_TAGS)

# A newsletter box: the parent of a form with an e-mail field (the field at most this
# deep in the form), holding no more text than this.
SIGNUP_FORM_DEPTH = 4
SIGNUP_BOX_MAX_CHARS = 400
# How many boxes up from the form's parent a newsletter box may reach.
SIGNUP_BOX_DEPTH = 3

# Tags that are boilerplate by their nature, unless they hold most of the page's text.
BOILERPLATE_TAGS: tuple[str, ...] = ("nav", "footer", "aside", "header", "menu", "form")
# ... and what no tag or class makes boilerplate: the editors' note of a correction or a
# clarification, set in an <aside> ("clarification-box") at the story's top or foot.
CORRECTION_MARKS: tuple[str, ...] = ("correction", "clarification")

# Elements whose class/id are judged. Links and images never hold a block of their own
# (their container is judged), and skipping them saves a fifth of the work.
MARKED_ATTRIBUTES: tuple[str, ...] = ("class", "id")
UNMARKED_TAGS: tuple[str, ...] = ("a", "img")
MARKED_SELECTOR = ", ".join(
    f"[{name}]" + "".join(f":not({tag})" for tag in UNMARKED_TAGS) for name in MARKED_ATTRIBUTES
)

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
# Attribute selectors for page furniture that class names may not reveal: breadcrumb
# trails ("Home > Waterfront > <title>") belong to no article's text or links.
FURNITURE_SELECTORS: tuple[str, ...] = (
    '[itemtype*="BreadcrumbList"]',
    '[aria-label*="readcrumb"]',
)

BOILERPLATE_PREFIXES: tuple[str, ...] = (
    # navigation and page furniture
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "crumb",
    "pagination",
    "sidebar",
    "masthead",
    "toolbar",
    "footer",
    "sitemap",
    "post-nav",
    "nav-links",
    "next-post",
    "prev-post",
    "previous-post",
    "skip-link",
    "skiplink",
    # sharing and social
    "share",
    "sharing",
    "sharedaddy",
    # A podcast plugin's "Play in new window | Download" line (Blubrry PowerPress).
    "powerpress",
    "social",
    "sociable",
    "addtoany",
    "a2a",
    "rrssb",
    "ssba",
    "vote-count",
    # related / recommended blocks
    "related",
    "jp-relatedposts",
    "yarpp",
    "crp_",
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
    "see-also",
    "outbrain",
    "taboola",
    "upnext",
    "up-next",
    # comments (and "comentarios", "Kommentare")
    "comment",
    "comentario",
    "kommentar",
    "disqus",
    # subscription walls, newsletters, consent
    "newsletter",
    "subscri",
    "signup",
    "sign-up",
    "regwall",
    "cookie",
    "consent",
    "gdpr",
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
    "gpt-ad",
    "google-ad",
    "sponsor",
    "affiliate-disclos",
    "disclaimer",
    # author bios, bylines, meta lines, tags: they belong in their own fields
    "author",
    "byline",
    "gnt_ar_by",  # the USA TODAY Network's byline box: names and their papers
    "about-the-author",
    "entry-meta",
    "post-meta",
    "article-meta",
    "dateline",
    "timestamp",
    "posted-on",
    "tag-list",
    "tagcloud",
    "tag-cloud",
    "cat-links",
    "tag-links",
    # screen-reader-only and print-only text
    "screen-reader",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "print-only",
    "noprint",
)

# Short or common words that only count when they stand alone between separators
# ("pager" but not "pagerow", "modal" in "modal-dialog" but the article is "modal-enabled"
# only through a state flag, which STATE_FLAG_RE rescues).
BOILERPLATE_WORDS: tuple[str, ...] = (
    "nav",
    "pager",
    "skip",
    "modal",
    "popup",
    "overlay",
    "meter",
    "piano",
    "dfp",
    "follow",
    "reply",
    "respond",
    "bio",
    "date",
    "meta",
    "tags",
    "tag",
    "categories",
    "d-none",
    "ad",
    "ads",
    "rail",
    "aside",
    "toc",
    # A call to action: a donation appeal, a sign-up or download box.
    "cta",
)

# Class names of page builders, whose every block is a "widget" or a "module": their
# words say nothing about the content, so such class tokens are ignored.
NEUTRAL_CLASS_PREFIXES: tuple[str, ...] = (
    "elementor",
    "et_pb",
    "wp-block",
    "vc_",
    "fl-",
    "brxe",
    "wpb_",
    "kt-",
    "uagb",
    "sqs-",
    "e-con",
)

# Layout classes naming the columns a wrapper holds ("content-sidebar-wrap",
# "has-sidebar"), tokens that say what a node is not ("wsite-not-footer" around a
# site builder's content, "no-sidebar"), and the wrappers of embedded posts
# ("social-media-embed" around a quoted tweet): the wrapper holds the content too, so
# such a token is ignored.
LAYOUT_TOKEN_RE = re.compile(
    r"content-sidebar|sidebar-content|(?:has|with)-sidebar"
    r"|(?:^|[-_])(?:no[nt]?[-_]|embed(?:$|[-_]))"
)
# Every match of LAYOUT_TOKEN_RE holds one of these: a token without them is no layout
# token, which an ``in`` test says for less than a search of the pattern.
LAYOUT_TOKEN_HINTS: tuple[str, ...] = ("sidebar", "no", "embed")
# Segments that React's streaming render parks in <div hidden id="S:0"> until swapped in.
STREAMED_ID_RE = re.compile(r"^[SB]:\w+$")
# Hidden elements in these roles are content the reader switches to, not boilerplate;
# so are hidden elements labelled by another (aria-labelledby) in these roles ("" for
# none): collapsed accordion panels, where a labelled dialog or menu is furniture.
SHOWN_LATER_ROLES: frozenset[str] = frozenset({"tabpanel"})
LABELLED_PANEL_ROLES: frozenset[str] = frozenset({"", "region"})
NEUTRAL_CLASS_RE = re.compile("|".join(re.escape(p) for p in NEUTRAL_CLASS_PREFIXES))

# Weak signs: such a node goes only when it holds no prose (a paragraph of
# WEAK_PROSE_CHARS or more); product "widgets" and "teaser" ledes often carry the text.
# "paywall" wraps the premium part of the story as often as the subscribe prompt.
WEAK_BOILERPLATE_PREFIXES: tuple[str, ...] = ("widget", "paywall", "video")
WEAK_BOILERPLATE_WORDS: tuple[str, ...] = (
    "promo",
    "banner",
    "teaser",
    "header",
    "hide",
    "print",
    "module",
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
    "field-name-body",
    "field-item",
)

# Where the page itself says the article body is; trusted when it holds enough text.
EXPLICIT_CONTENT_SELECTORS: tuple[str, ...] = (
    '[itemprop="articleBody"]',
    '[name="articleBody"]',
    "[data-article-body]",
)
# Generic containers: trusted only when about as large as the best-scoring region.
GENERIC_CONTENT_SELECTORS: tuple[str, ...] = (
    '[itemprop="text"]',
    "article",
    '[role="main"]',
    "main",
)

# An element classed as a caption: what the body's images outside a <figure> are searched
# for, and what the attribute survey checks a page for first. Case aside: MailOnline's
# "imageCaption"; a newspaper's word for a caption ("cutline") and the short forms of the
# 2000s (CNN's "cnnStoryPhotoCptn", the BBC's "cap"); a picture's description under it
# (Sina's "img_descr", Naver's "img_desc").
CAPTION_CLASSED_SELECTOR = (
    '[class*="caption" i], [class*="cutline" i], [class*="cptn" i], [class~="cap"], '
    '[class*="pictext"], [itemprop="caption"], '
    '[class*="img_desc" i], [class*="img-desc" i], [class*="image-desc" i]'
)
# Captions and photo credits: kept on the Image records; in the text only on request.
# The caption-classed elements, figcaptions, and credits and copyright lines (CNBC's
# "InlineImage-imageEmbedCredit", "ssrcss-1f1bcwr-Copyright", "image-copyright").
CAPTION_SELECTOR = (
    f"figcaption, {CAPTION_CLASSED_SELECTOR}, "
    '[class*="credit" i], [itemprop="creditText"], [class*="copyright" i]'
)
# Class tokens that really mean a caption (utility classes like "[&_figcaption]:mt-2"
# merely style one); and a caption is short.
CAPTION_CLASS_RE = re.compile(
    r"(?:^|\s)(?:[\w-]*(?:caption|cutline|cptn|credit|pictext|copyright|im(?:g|age)[_-]desc)"
    r"[\w-]*|cap)(?:\s|$)",
    re.IGNORECASE,
)
CAPTION_MAX_CHARS = 400
# What a footnote's link back to its reference shows.
BACKLINK_GLYPHS = frozenset({"\u21a9", "\u2191", "^"})
# The part of a caption that credits the picture: a caption that is nothing else shows
# no caption ("(Image credit: Future)", "Getty Images/Jo Hale"); where there is more,
# the credit follows it, a space apart.
CAPTION_CREDIT_SELECTOR = (
    '[class*="credit" i], [class*="caption-owner" i], [class*="copyright" i], '
    '[itemprop="copyrightHolder"], [itemprop="creditText"]'
)
# The tags of a picture: <amp-img> is an AMP page's <img>.
IMAGE_TAGS: tuple[str, ...] = ("img", "amp-img")
# How many boxes up from an image outside a <figure> its caption-classed element may be
# (Blogger's caption table: img, link, cell, row, table body, table).
CAPTION_BOX_DEPTH = 5
# How deep in its <figure> a picture may be for the figure's caption to be its.
FIGURE_DEPTH = 8
# A table around a picture and its caption has no more rows than this.
CAPTION_TABLE_ROWS = 3

# The lead picture above the body: how many elements after the <h1> it may be found
# in, before a paragraph of this many characters (the story has begun); the least width
# or height it may declare; what names a picture that is not one; and the class parts
# of a box that shows one (within a few levels up, when it is not in a <figure>).
LEAD_IMAGE_WINDOW = 200
LEAD_PROSE_CHARS = 120
LEAD_IMAGE_MIN_PIXELS = 150
# ... on its longer side; on its shorter side, this.
LEAD_IMAGE_MIN_SIDE = 100
# An image this small or smaller, declared so, is a tracking pixel.
PIXEL_MAX_SIZE = 2
NOT_PICTURE_MARKS: tuple[str, ...] = ("avatar", "author", "profile", "logo", "icon", "emoji")
# ... and of the box a picture is in, where a box named for a photo holds a person's.
NOT_PICTURE_BOX_MARKS: tuple[str, ...] = ("avatar", "userphoto", "user-photo", "profile-pic")
LEAD_IMAGE_BOX_DEPTH = 3
# How far above the headline the <article> may be whose cover it heads (text._cover_above).
COVER_ARTICLE_DEPTH = 8
# The longest label of a button on a picture ("View photo", "Lihat Foto").
PICTURE_BUTTON_MAX_WORDS = 3
PICTURE_BUTTON_MAX_CHARS = 30
# ... and of the picture itself ("entry_photo", "hero-image"; not WordPress's
# "size-thumbnail", which any avatar may have).
LEAD_IMAGE_MARKS: tuple[str, ...] = ("photo", "hero", "feature", "lead")
LEAD_IMAGE_BOX_MARKS: tuple[str, ...] = (
    *("hero", "cover", "feature", "lead", "thumbnail"),
    *("post-image", "article-image", "blog-image", "entry-image", "photo", "foto"),
    "primary-image",  # Dotdash Meredith's "primary-image__media"
    "article__image",
)

# Elements whose text votes for the container that holds them.
PARAGRAPH_TAGS: tuple[str, ...] = ("p", "pre", "blockquote")
PARAGRAPH_SELECTOR = ", ".join(PARAGRAPH_TAGS)
LINKED_PARAGRAPH_SELECTOR = ", ".join(f"a {tag}" for tag in PARAGRAPH_TAGS)
# Containers whose own text (outside any child element) votes for themselves.
TEXT_BLOCK_TAGS: tuple[str, ...] = ("div", "td", "section", "article", "font", "span")
# How the excerpt of a teaser ends: such paragraphs do not vote for their container.
EXCERPT_ENDINGS: tuple[str, ...] = ("\u2026", "...", "[\u2026]", "[...]")

# Elements after which rendered text breaks into a new paragraph.
BLOCK_TAGS: tuple[str, ...] = (
    *("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li"),
    *("dd", "dt", "blockquote", "pre", "figure", "figcaption", "table", "tr", "ul", "ol"),
    *("dl", "br", "hr", "address", "center"),
)
# Table cells: words apart, not paragraphs (a row is one). Minified tables put no
# whitespace between cells, whose texts would otherwise run together.
CELL_TAGS: tuple[str, ...] = ("td", "th")

# Containers checked for link density (navigation lists, link farms, "read more" lines).
FINE_PRINT_SELECTOR = "p > small"
LINK_BLOCK_TAGS = frozenset({"ul", "ol", "dl", "p", "div", "section", "table"})

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The headings under the headline: a section's, a box's, a dek set as one.
SUBHEADING_TAGS: tuple[str, ...] = ("h2", "h3", "h4", "h5", "h6")


def _alternation(literals: tuple[str, ...]) -> str:
    """The literals as one regex factored into a trie ("shar(?:e|ing)"): Python's re tries
    the branches of an alternation one by one, so a shared start is compared only once."""
    by_first: dict[str, list[str]] = {}
    ends_here = False
    for literal in sorted(set(literals)):
        if literal:
            by_first.setdefault(literal[0], []).append(literal[1:])
        else:
            ends_here = True
    branches = [re.escape(first) + _alternation(tuple(rest)) for first, rest in by_first.items()]
    if not branches:
        return ""
    joined = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{joined})?" if ends_here else joined


def _token_regex(prefixes: tuple[str, ...], words: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A regex for class/id tokens, to be searched in ``" " + token``: the separator
    before a word starts the pattern, so re jumps between candidate positions instead of
    testing a look-behind at every character."""
    parts = []
    if prefixes:
        parts.append(_alternation(prefixes))
    if words:
        parts.append(_alternation(words) + r"(?![a-z0-9])")
    # A hyphen in a rule matches an underscore too: "post-body" is also "post_body".
    return re.compile(r"[^a-z0-9](?:" + "|".join(parts).replace(r"\-", "[-_]") + ")")


class TokenRule:
    """Prefixes and words searched at the word starts of class/id tokens (see the module
    docstring): ``search(" " + token)`` is truthy where one of them matches. ``pattern``
    (``_token_regex``) is the specification; the C matcher (tasks/extract/_marks.c),
    where the install built it, answers the same at a fraction of the cost."""

    __slots__ = ("pattern", "search")

    def __init__(self, prefixes: tuple[str, ...], words: tuple[str, ...] = ()) -> None:
        self.pattern = _token_regex(prefixes, words)
        self.search: Callable[[str], object] = (
            self.pattern.search if _CRule is None else _CRule(prefixes, words).search
        )


BOILERPLATE_MARKS = TokenRule(BOILERPLATE_PREFIXES, BOILERPLATE_WORDS)
# In a discussion thread the replies, their authors and dates are the content.
THREAD_CONTENT_TOKENS = frozenset(
    {"comment", "disqus", "reply", "respond", "author", "byline", "meta", "date", "timestamp"}
)
THREAD_BOILERPLATE_MARKS = TokenRule(
    tuple(t for t in BOILERPLATE_PREFIXES if t not in THREAD_CONTENT_TOKENS),
    tuple(t for t in BOILERPLATE_WORDS if t not in THREAD_CONTENT_TOKENS),
)
WEAK_BOILERPLATE_MARKS = TokenRule(WEAK_BOILERPLATE_PREFIXES, WEAK_BOILERPLATE_WORDS)
CONTENT_MARKS = TokenRule(CONTENT_PREFIXES)
# A comment section (its class or id): the names in it are commenters, not authors.
# Not "commentary" (an opinion section) nor "commenting" (a site's name for its pages).
COMMENT_MARKS = TokenRule(
    ("comment-", "comments", "commentlist", "comentario", "kommentar", "disqus", "respond"),
    ("comment",),
)
# Any of the above: most tokens ("row", "col-md-8") match none, and one search says so.
ANY_MARK = TokenRule(
    CONTENT_PREFIXES + BOILERPLATE_PREFIXES + WEAK_BOILERPLATE_PREFIXES,
    BOILERPLATE_WORDS + WEAK_BOILERPLATE_WORDS,
)

_I = re.IGNORECASE

# "Source", as a closing credit line names it: "Fuente: EFE", "Źródło: PAP", "Kaynak: AA".
SOURCE_LABELS = (
    r"sources?|المصدر|fuente|fonte|quelle|źródło|zdroj|kaynak|bron|sumber|nguồn|источник"
    r"|出典|출처|källa|kilde|lähde|forrás|izvor|sursa|πηγή|מקור|स्रोत|ที่มา|来源|來源"
    r"|извор|източник|джерело"
)

# A rendered paragraph matching one of these is dropped (whole-line boilerplate).
DROPPED_LINE_PATTERNS: tuple[str, ...] = (
    # An ad slot's label, bare or between dashes ("- Advertisement -", tagDiv's).
    r"^([-\u2013\u2014]\s*)?(advertisements?|advertising|advert|sponsored( content)?|ad"
    # ... and in other languages: "Pubblicità", "Anzeige", "Reklama", "Quảng cáo".
    r"|publicidad|publicidade|publicité|pubblicità|anzeige|werbung|advertentie|reklama|reklam"
    r"|iklan|quảng cáo|реклама|إعلان|광고|広告|广告|жарнама|գովազդ|რეკლამა|விளம்பரம்|विज्ञापन"
    r"|story continues below( advertisement)?|by|this slideshow requires javascript\.?"
    # A widget's placeholder: "Loading...", "Loading prices for your region\u2026".
    r"|loading((\s+[^\s.\u2026]+){0,4}\s*(\.{3}|\u2026)|\.*))(\s*[-\u2013\u2014])?$",
    r"^(share|share this( article| story| post)?|share on \w+|tweet|email|print|facebook|twitter"
    r"|linkedin|pinterest|whatsapp|reddit|copy link|comments?)\s*:?$",
    r"^click here to (read|see|view)\b",
    r"^(read more|related|see also|also read|check also|read also|recommended|more|watch|listen)"
    r"\s*[:»\u203a>|-].{0,200}$",
    r"^(subscribe|sign up|register)\b.{0,120}(newsletter|keep reading|continue reading|inbox"
    r"|unlimited|access)",
    # A separator left alone between two parts that went ("March 4 | 14:12").
    r"^[|\u00b7\u2022/]{1,3}$",
    # A slideshow's counter ("1 of 8", "3 / 12") and its end card.
    r"^\d{1,3}\s+(of|/)\s+\d{1,3}$",
    r"^you('|\u2019)ve reached the end of (this|the) (gallery|slideshow)\b.{0,60}$",
    # A newsroom's appeal in a box of its own: "Support local journalism. Subscribe ...".
    r"^support (local|independent|our|quality) (journalism|news|reporting)\b.{0,160}$",
    # A nonprofit's republishing note (Largo): "This story is available for republication
    # under a Creative Commons license." (A credit "republished from X" names a source.)
    r"^this (story|article) is available for republication\b.{0,120}$",
    # A photo viewer's toggle ("Enlarge this image", NPR's, in a <b>).
    r"^(click to )?enlarge (this )?(image|photo|picture)$",
    # A review site's trust box (Future's): "Why you can trust TechRadar" and its promise.
    r"^why you can trust (?!my\b|our\b|me\b|us\b)[\w .&'\u2019-]{2,40}$",
    r"^we spend hours testing every product or service we review\b.{0,120}$",
    # A Chinese story's editor line ("(责编: 王小明、李华)" in full-width marks) and its
    # print edition ("《 青澜日报 》(2025年04月09日 第 05 版)").
    r"^[\uff08(]\s*(责编|责任编辑|编辑)\s*[:\uff1a].{1,40}[\uff09)]$",
    r"^《[^》]{1,30}》\s*[\uff08(].{0,40}第\s*\d+\s*版\s*[\uff09)]$",
    # A portal's note of the story's title as first published ("原标题", original
    # title, and a colon), and its app's slogan closing the story ("... 尽在新浪新闻APP",
    # all of it in the Sina News app).
    r"^原标题\s*[:\uff1a].{1,80}$",
    r"^.{0,30}尽在.{1,20}(app|客户端)$",
    # "Подписывайтесь на наш Telegram-канал": a promotion of the outlet's channels.
    r"^(подписывайтесь|подпишитесь) на .{0,160}$",
    # A paper's "cite this" box (Quarto): its label and the line before the reference.
    r"^bibtex citation$",
    r"^for attribution,? please cite this (work|article|post) as:?$",
    # A typo-report notice: "Found a mistake? Select it and press Ctrl+Enter".
    r"^.{0,120}\bctrl\s*\+\s*enter\b.{0,60}$",
    # A sign-up box's kicker and button ("Newsletter", "Apúntate aquí", "Sign up now").
    r"^((free|daily|weekly|monthly) )*newsletters?$",
    # Its title and its fine print: "Sign up to Field Notes", "Privacy Notice: ...".
    r"^sign up to [\w'\u2019 ]{1,40}$",
    r"^privacy notice:.{0,300}$",
    # A Spanish paper's subscription wall between the free paragraphs and the rest:
    # "Suscríbete para seguir leyendo", "Lee sin límites", "Seguir leyendo Ya soy
    # suscriptor"; and its licensing offer under the story.
    r"^(suscríbete|suscribete|abónate) para (seguir leyendo|leer)\b.{0,60}$",
    r"^lee sin límites\.?$",
    r"^(seguir leyendo\s*)?ya soy suscriptor$",
    r"^si está interesad[oa] en licenciar este contenido\b.{0,60}$",
    # A local TV station's sign-off under each story (Nexstar's stations).
    r"^for the latest news, weather, sports,? and streaming video, head to .{1,60}$",
    # "Recibe cada mañana las claves de la actualidad": a Spanish newsletter's promise.
    r"^recibe (cada|todas las|todos los) (mañana|semana|día|noche|tarde|lunes|viernes)s?\b",
    r"^(sign up|subscribe|apúntate|suscríbete|inscríbete|abonnez-vous|inscrivez-vous"
    r"|jetzt anmelden)( aquí| ahora| gratis| here| now| today| for free)?\s*[.!]?$",
    r"^(by|posted by|written by|words by|story by)\s+\S+(\s+\S+){0,5}$",
    r"^(by|posted by|written by)\s+[^.!?]{0,80}\|",
    r"^(published|updated|posted|last updated|first published)(\s+(on|at))?\s*:?\s*.{0,40}"
    r"(\d{4}|\d{1,2}:\d{2}\s*([ap]\.?m\.?|(gmt|bst|utc|cet|cest|[ecmp][sd]t|ist|aest|jst)\b))"
    r".{0,20}$",
    r"^(tags|tagged|tagged with|categories|filed under|related topics|topics)$",
    r"^like this (story|article|post)\?",
    r"^also (on|read on|at) \S+\.\w+\b.{0,200}$",
    r"^(tags|filed under|categories|category|topics)\s*:",
    r"^(leave a (reply|comment)|cancel reply|your email address will not be published.*)$",
    r"^(this (web)?site|we) uses? cookies",
    r"^((skip|jump) to (the )?(main )?(content|navigation|search|main|menu|footer)\s*)+$",
    r"^(all rights reserved|copyright|©|\u24d2).{0,120}$",
    # The title of a "read also" box inside the story, which may come late in it: "Leia
    # também", "Lee también", "À lire aussi", "Lesen Sie auch", "Leggi anche",
    # "Читайте также", "اقرأ أيضا".
    r"^((leia|veja|lee|lea) (também|tambien|también)|(à )?lire aussi|(lesen sie|siehe) auch"
    r"|leggi anche|читайте также|اقرأ أيضا)\s*:?$",
    # ... and with the other story's headline after it: "Читайте также: на реке закрыли
    # переправу", "Lire aussi | Les huîtres de la rade".
    r"^((leia|veja|lee|lea) (também|tambien|también)|(à )?lire aussi|(lesen sie|siehe) auch"
    r"|leggi anche|читайте также|اقرأ أيضا)\s*[:|»\u203a>\u2013\u2014-].{0,200}$",
    # A closing "Source: <outlet>" line: "المصدر: الأفق", "Fuente: EFE", "Źródło: PAP".
    rf"^({SOURCE_LABELS})\s*[:\uff1a]\s*\S.{{0,50}}$",
    # A wire's notice, longer: "Copyright 2025 X. All rights reserved. This material may
    # not be published, broadcast, rewritten or redistributed without permission."
    r"^(copyright|©).{0,80}all rights reserved\..{0,160}$",
    r"^(follow us|follow)\b.{0,60}$",
    # "Follow SBC Pendleshire on Facebook, X and Instagram. Send your story ideas to ..."
    r"^follow .{1,60}\bon (facebook|x|twitter|instagram|threads|bluesky|tiktok|youtube"
    r"|linkedin|whatsapp|telegram)\b.{0,160}$",
    r"^(previous|next) (article|post|story)\b.{0,150}$",
    # Reading time, alone or run into the date beside it ("3 min readMar 5, 2024"), or
    # left behind a separator when the date before it went ("|4 min read").
    r"^([|\u00b7\u2022]\s*)?\d+\s*(min(ute)?s?|m)\.?\s*read(ing)?( time)?.{0,40}$",
    # A recipe card's rating ("4.92 from 13 votes").
    r"^\d(\.\d+)? from \d+ (votes?|ratings?|reviews?)$",
    r"^(reading time|read time|lesezeit|temps de lecture|tiempo de lectura)\s*:?\s*\d+.{0,30}$",
    # A label whose value is a link beside it ("Published in" + the publication's name).
    r"^(published|posted|filed) in$",
    # The label of a picture viewer's button (Medium).
    r"^(press enter or )?click to view image in full size$",
    # A picture's credit left alone in the text: "Photo: Jo Hale/Reuters", "Фото ИА
    # «Северпресс»" (Russian sets it without a colon).
    r"^(photo|foto|фото|写真|사진)\s*[:\uff1a]\s*[^.!?]{1,60}$",
    r"^фото\s+[^.!?]{2,60}$",
    # A byline's second line, the writer's post: "Business reporter, BRC News",
    # "Political Correspondent" (an "editor" or a "writer" may be a program's).
    r"^((?!(to|the|of|for|a|an|our|my|your|dear)\b)[\w-]+\s+){0,3}(reporter|correspondent"
    r"|columnist)s?(\s*,\s*[^,.!?]{2,40})?$",
)
# Matched by the line's first character (patterns.py); ``.pattern`` is their alternation.
DROPPED_LINES = FirstCharPatterns(DROPPED_LINE_PATTERNS, _I)
# A table of contents' label: dropped where no list of its entries follows it.
TOC_LABEL_RE = re.compile(
    r"^(table of contents|contents|in this (article|post|guide)|on this page|jump to"
    r"|inhalt(sverzeichnis)?|sommaire|índice|contenido|indice|содержание)\s*:?$",
    _I,
)
# Phrases that mark a short paragraph as boilerplate wherever they stand in it.
# DROPPED_PHRASE_HINTS is a cheap prefilter: each phrase holds one of these words.
DROPPED_PHRASE_HINTS: tuple[str, ...] = (
    "commission",
    "compensation",
    "affiliate",
    "cookies",
    "newsletter",
    "inbox",
    "solely responsible",
)
DROPPED_PHRASE_RE = re.compile(
    r"we may (earn|receive) (a )?(small )?(commission|compensation)|affiliate links?"
    r"|this (web)?site uses cookies|sign up for .{0,60}newsletter"
    r"|delivered (straight )?to your inbox"
    # A newsletter's promise that ends in its sign-up link: "The Daily Briefing
    # newsletter provides all the news you need to start your day. Sign up here."
    r"|newsletter\b.{0,160}\b(sign up|subscribe)( here| now| today)?[.!]?$"
    # A wire's funding note: "The Associated Press receives support from the X
    # Foundation for its coverage of ... AP is solely responsible for all content."
    r"|\bsolely responsible for all content\b",
    _I,
)

# A link that lets readers skip a promotion inside the story ("skip past newsletter
# promotion"), and how far its target ("after newsletter promotion") may be.
SKIP_LINK_RE = re.compile(r"^skip past (?P<what>[\w ]{3,60})$", _I)
SKIPPED_MAX_PARAGRAPHS = 12

# A short paragraph matching one of these starts the trailing boilerplate of a page.
STOP_LINE_PATTERNS: tuple[str, ...] = (
    r"related( articles| posts| stories| content| coverage| reading| links)?",
    r"you (may|might) (also )?(like|enjoy|be interested in)",
    r"more (stories|articles|news|from .{1,40}|on this( topic)?)",
    r"(our |the )?(latest|top|more|related|popular|recommended|trending|editor'?s'? picks?)"
    r" (stories|news|articles|posts|videos|headlines|reads)( for you)?",
    r"leave a (reply|comment)",
    r"\d+\s+(comments?|responses?|replies|thoughts on .*)",
    r"(comments?|discussion|join the (conversation|discussion))",
    r"most (read|popular|viewed|shared)",
    r"recommended( for you| stories| reading)?",
    r"(read|up) next",
    r"check also",
    r"about the author",
    # ... in Spanish, Portuguese, French, German and Italian.
    r"sobre (la firma|el autor|a autora|o autor)|à propos de l'auteur|über (den|die) autor(in)?"
    r"|sull'autore",
    r"what to read next",
    r"trending( now| stories)?",
    r"popular (posts|stories|articles)",
    r"further reading",
    r"latest (news|stories|posts|articles)",
    r"you may have missed",
    r"post navigation",
    r"share this( article| post| story| page)?",
    r"sign up for (our|the) .{1,40}newsletter",
    # The same boxes' titles in other languages: "VÍDEOS: mais assistidos do g1", "Lo
    # más leído".
    r"(v[íi]deos?\s*:?\s*)?mais (lidas|lidos|vistos|vistas|assistidos)( .{1,60})?",
    r"lo más (leído|visto)",
    # A press release's contact block after its text.
    r"(media|press|investor) (contacts?|relations|inquiries|enquiries)",
    # "Related articles" in Japanese, Korean and Chinese, bracketed or not: "【関連記事】".
    r"[【\[]?(関連記事|関連ニュース|관련\s?기사|관련\s?뉴스|相关新闻|相关阅读|相关报道|相關新聞"
    r"|延伸閱讀)[】\]]?",
)
STOP_LINES = FirstCharPatterns([rf"^(?:{p})\s*[:.!]?$" for p in STOP_LINE_PATTERNS], _I)

# "subscribe to keep reading" walls: the text is cut and the article flagged as paywalled.
# PAYWALL_HINTS is a cheap prefilter: a paragraph without any of them is not a wall.
PAYWALL_HINTS: tuple[str, ...] = (
    "subscri",
    "sign in",
    "log in",
    "register",
    "member",
    "full story",
    "full article",
)
PAYWALL_RE = re.compile(
    r"(subscribe|sign in|log in|register|become a (member|subscriber))\b.{0,60}"
    r"\b(to (continue|keep) reading|to read (the|this) (full|rest|whole)|for full access"
    r"|to unlock|to read more)"
    r"|this (post|article|content|story) is (for|available (only )?to) (paying |paid )?"
    r"(subscribers|members)"
    r"|^to (read|continue reading) the (full|rest of the) (story|article)",
    _I,
)
# The boxes membership plugins and themes put where a story stops for a visitor who
# has not paid: Ghost's upgrade prompt, Paid Memberships Pro's and MemberPress's notices.
# Cleaning takes them (an <aside>) before their lines are read: found in the page, they
# mark it paywalled.
PAYWALL_BOX_SELECTORS: tuple[str, ...] = (
    ".gh-post-upgrade-cta",
    ".pmpro_content_message",
    ".mepr-unauthorized-message",
)
# A login prompt is a wall only where the text ends: early in it, with most of the
# story after it, it sits in a box that sells something else (a report, an app).
LOGIN_PROMPT_RE = re.compile(r"already a subscriber\?", _I)

# "By" in other languages, opening a byline: "Par Jeanne Le Bihan", "Por María López",
# "Von Max Muster", "Door Sanne de Vries", "Av Kari Nordmann", "Af Jens Hansen".
BY_WORDS = "par|por|von|door|av|af|oleh"
# Byline text: "By Jane Doe", "Posted by Jane", "Written by X | Via The Diplomat".
BYLINE_RE = re.compile(
    # "This post was written by Jane Doe", "Started by jdoe" (a thread's first post).
    r"^\s*(?:(?:this\s+(?:post|article|story|piece)\s+(?:was\s+)?)?"
    r"(?:posted|written|words|story|reporting|text|authored|started"
    # A reviewer's credit, where the page names no writer: "Medically reviewed by".
    r"|(?:medically\s+|legally\s+)?reviewed)\s+)?"
    rf"(?:by|{BY_WORDS})\s*:?\s+(?P<names>.+)$",
    _I,
)
# The words that credit another outlet: "originally published by", "republished from".
_CREDIT_PHRASE = (
    r"originally (?:published|appeared) (?:at|by|in|on)|republished (?:with permission )?from"
    r"|read the original (?:article|story) (?:at|on)"
    # A story two newsrooms made together: "produced in partnership with X".
    r"|(?:produced|published|reported|co-published) in (?:partnership|collaboration) with"
    r"|co-published (?:with|by)"
)
# The news agencies by name, and those a byline may say it was written with: "Le Monde
# avec AFP", "mit dpa", "avec agences".
WIRE_SERVICES: tuple[str, ...] = (
    *("AFP", "AP", "Reuters", "dpa", "EFE", "ANSA", "Europa Press", "Belga", "APA", "Lusa"),
    *("ANP", "PAP", "CTK", "MTI", "TASS", "Anadolu", "Kyodo", "Xinhua", "Yonhap", "AAP"),
    *("Keystone-ATS", "Keystone-SDA", "KNA", "epd", "NTB", "Ritzau", "STT"),
)
NEWS_AGENCIES: tuple[str, ...] = (
    *WIRE_SERVICES,
    *("Agencias", "agences", "agencies", "Agenturen"),
)
_WITH_AGENCY = (
    r"(?:avec|with|mit|con|com)(?=\s+(?:" + "|".join(map(re.escape, NEWS_AGENCIES)) + r")"
    r"\s*(?:$|[|.,;)]))"
)
VIA_RE = re.compile(
    rf"(?:^|[|\u2013\u2014-]\s*|\s)(?:(?:via|{_CREDIT_PHRASE}|{_WITH_AGENCY})"
    r"(?:[^\S\n]*[:\uff1a][^\S\n]*|[^\S\n]+)"
    # "Source" only as a label, with its colon: as a noun in a sentence ("a source tells
    # the magazine", "Source of claim") it credits no outlet. "来源" is a Chinese
    # portal's "Source", its colon full-width.
    r"|(?:source|\u6765\u6e90)[^\S\n]*[:\uff1a][^\S\n]*)"
    r"(?P<source>https?://[^\s|,;]{4,80}|[^|.,;\n]{2,80})",
    _I,
)
# What "via" names in a share bar or a sign-in box, a channel rather than an outlet:
# "Share via email", "Sign in via Google"; or in a photo credit, a picture library ("Jane
# Doe via Getty Images").
VIA_CHANNEL_RE = re.compile(
    r"^(?:e-?mail|sms|text(?: message)?|whats ?app|messenger|facebook|twitter|x|linkedin"
    r"|reddit|pinterest|telegram|google|apple|rss|print|the app|app|link|copy link"
    r"|getty images|shutterstock|istock|unsplash|pexels|pixabay|flickr|wikimedia)\b",
    _I,
)
# A credit line of its own at the foot of a story: "Originally published by Meridian
# Press", "This story was originally published in the Valley Courier and is shared
# here with permission.", "This article is republished from The Conversation".
CREDIT_LINE_RE = re.compile(
    rf"^(?:this (?:story|article|post|piece|essay) (?:was|is) )?(?:{_CREDIT_PHRASE})\b", _I
)
# A closing "Source: <outlet>" line as a credit: a name, no figures or lists ("Source:
# Census Bureau, 2024; BLS" cites data, it credits no outlet).
# "Provided by University of Example" under a science news site's story is one too.
SOURCE_LINE_RE = re.compile(
    rf"^(?:(?:{SOURCE_LABELS})\s*[:\uff1a]|provided by\s)\s*(?P<source>[^\d;|,.]{{2,50}}?)\.?$",
    _I,
)
# How many elements after the story's box a credit line set apart from it may be in, how
# many of the story's last paragraphs may hold one, and how long such a line may be.
CREDIT_WINDOW = 3
CREDIT_PARAGRAPHS = 3
CREDIT_MAX_CHARS = 240

# How an author's note opens when it follows the author's name in a box after the story
# (besides "<name> is ..."): a role ("Redactora de Sociedad...", "Senior reporter at...").
AUTHOR_BIO_OPENING_RE = re.compile(
    r"^(?:(?:senior|staff|freelance|contributing|chief|political|science)\s+)?"
    r"(?:reporter|writer|editor|journalist|correspondent|columnist|redactora?|periodista"
    r"|corresponsal|journaliste|rédact(?:eur|rice)|redakteur(?:in)?|journalist(?:in)?"
    r"|korrespondent(?:in)?|autora?|autorin|giornalista|redattrice|redattore)\b",
    _I,
)
# The longest such note.
AUTHOR_BIO_MAX_CHARS = 400

# Scripts written without spaces between words: kana, CJK ideographs, half-width
# katakana. A word count counts each of their characters; a name in them ends at the
# first space. UNSPACED_CLASS is the same ranges as the inside of a regex [...] class.
UNSPACED_RANGES: tuple[tuple[int, int], ...] = (
    *((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF)),
    *((0xF900, 0xFAFF), (0xFF66, 0xFF9F)),
)
UNSPACED_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in UNSPACED_RANGES)

# Author strings that are not people.
NON_AUTHOR_RE = re.compile(
    r"^(admin|administrator|staff|editor|editors|editorial( team| staff)?|guest|unknown"
    r"|anonymous|team|webmaster|wordpress|null|none|(co-?)?authors?|the author|name|by|written by"
    r"|posted by|share|follow|contact|about"
    # A desk's credit, no person: "Staff Reporter", Bengali "নিজস্ব প্রতিবেদক" (own reporter).
    r"|staff (reporter|writer|correspondent)|নিজস্ব প্রতিবেদক|নিজস্ব সংবাদদাতা)$"
    # The editor in charge under a Chinese story ("责任编辑" and a colon), not its writer.
    r"|^(责任编辑|编辑|责编)\s*[:\uff1a]"
    r"|https?://|@|\d{3,}|\*",
    _I,
)
# Role and affiliation words stripped from the end of a name ("Jane Doe, Staff Writer").
AUTHOR_ROLE_RE = re.compile(
    r"\s*[,|\u2013\u2014-]\s*(staff|senior|chief|contributing|special|associate|managing|executive"
    r"|deputy|guest)?\s*(writer|reporter|editor|correspondent|columnist|contributor|producer"
    r"|journalist|photographer|analyst|intern|critic"
    # "Jane Doe, Head of Marketing", "Jane Doe, Director of Research at Example"
    r"|head|director|manager|president|officer|lead)s?\b.*$"
    # "Jane Doe, Shipping Expert", "Jane Doe - Senior Tax Specialist"
    r"|\s*[,|\u2013\u2014-]\s*(?:\w+\s+){0,2}(expert|specialist|consultant|advis[eo]r)s?\b.*$"
    # "Tom Krisher, AP Auto Writer", "Steve Peoples, AP National Political Writer"
    r"|\s*[,|\u2013\u2014-]\s*(?:[\w.]+\s+){1,3}(writer|reporter|correspondent|editor"
    r"|columnist)s?\b.*$"
    # "Justin Meserole, Trial Attorney at Morgan & Morgan": a role at a company.
    r"|\s*[,|\u2013\u2014]\s*(?:[\w.]+\s+){1,3}at\s+[A-Z0-9].*$",
    _I,
)

# URL path segments that mark a listing rather than an article.
LISTING_URL_RE = re.compile(
    r"/(category|categories|tag|tags|topic|topics|section|sections|author|authors|archive"
    r"|archives)/[^/]+/?(page/\d+/?)?$|/(search|latest|page/\d+)/?$",
    _I,
)
# A one-word path ("/world/", "/news", "/blog") is a section front, not a story slug.
SECTION_PATH_RE = re.compile(r"^/[a-z]+/?$", _I)
# A dated path or a long slug ending the path is an article, whatever words precede it.
DATED_URL_RE = re.compile(r"/(19|20)\d{2}/\d{1,2}/")
ARTICLE_URL_RE = re.compile(r"/(19|20)\d{2}/\d{1,2}/|/[^/]*\w+-\w+-\w+-\w+[^/]*\.html?$", _I)
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
FORUM_TYPES = frozenset({"discussionforumposting", "qapage", "question"})
# Thread addresses of forum software: XenForo "/threads/", Discourse "/t/slug/12",
# phpBB "viewtopic.php", vBulletin "showthread.php", MyBB "/thread-12.html", and others.
FORUM_URL_RE = re.compile(
    r"/threads?/|/t/[^/]+/\d+|viewtopic\.php|showthread\.php|/questions/\d+|/comments/\w+/"
    r"|/discussion/\d+|/topic/\d+-|/thread-\d+",
    _I,
)
ORGANISATION_TYPES = frozenset(
    {"organization", "newsmediaorganization", "corporation", "localbusiness", "ngo"}
)
PRODUCT_TYPES = frozenset(
    {"product", "productgroup", "offer", "aggregateoffer", "softwareapplication"}
)
PRODUCT_OG_TYPES = frozenset({"product", "product.item", "og:product"})
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})
# ... of which these list other pages whatever date the page shows (its first result's,
# its first story card's): a search's results, a writer's page.
DATED_LISTING_TYPES = frozenset({"searchresultspage", "profilepage"})
# A search at the front page or a search path: "/?s=harbour", "/search?q=harbour".
SEARCH_PATH_RE = re.compile(r"^/(search/?)?$", _I)
SEARCH_QUERY_KEYS = frozenset({"s", "q", "query", "search"})
# A date archive: a path that ends in a year, a month or a day ("/2024/11/").
DATE_ARCHIVE_PATH_RE = re.compile(r"/(19|20)\d{2}(/\d{1,2}){0,2}/?$")
# An account's pages: signing in or up, registering, subscribing ("/newsletters/signup/").
ACCOUNT_PATH_RE = re.compile(r"/(sign-?in|log-?in|sign-?up|register|subscribe)(/[^/]*)?/?$", _I)
# A video's page, with no story written around it: a player and a line or two.
VIDEO_TYPES = frozenset({"videoobject"})
VIDEO_PAGE_MAX_WORDS = 80
# A site's front page served under a file name ("/index.html", "/en/default.aspx").
INDEX_PATH_RE = re.compile(r"^(/[a-z]{2}([-_][a-z]{2})?)?/(index|default|home)\.[a-z]{2,5}$", _I)

# Pages a crawler is served in place of the story it asked for, told by their title: the
# headline, or a part of the <title> between separators, is one of these notices, whole.
# Each row is the reason given and the notices, in the languages seen.
_APOSTROPHE = "['\u2019]"
NOTICE_TITLES: tuple[tuple[str, str], ...] = (
    (
        "error page",
        r"(error )?(404|410|500)( error)?( page)?( not found)?|(page|file|article|story|content)"
        r" (was )?not found|not found|((oops|ops|oups|uups)!?,? )?(sorry, )?(that |this |the )?page"
        rf" (can{_APOSTROPHE}?t|cannot|could not|couldn{_APOSTROPHE}t) be found"
        rf"|(sorry, )?(we )?(can{_APOSTROPHE}?t|cannot|couldn{_APOSTROPHE}t|could not) find"
        rf" (that|the|this|what you{_APOSTROPHE}re looking for)( page)?|page introuvable"
        r"|seite nicht gefunden|página no encontrada|pagina non trovata|página não encontrada"
        r"|pagina niet gevonden|strona nie została znaleziona|sayfa bulunamad\u0131"
        r"|((oops|ops|oups|uups)!?,? )?(página no encontrada|página não encontrada|page"
        r" introuvable|seite nicht gefunden|erro 404|error 404|erreur 404|fehler 404)"
        # "The page you are looking for was not found" in Japanese, Chinese and Korean.
        r"|(お探しの)?ページ(は|が)見つかりません(でした)?|页面不存在|找不到(该|此)?页面"
        r"|페이지를 찾을 수 없습니다",
    ),
    (
        "access refused",
        rf"(403 )?forbidden|access denied|(you|you{_APOSTROPHE}ve|you have) been blocked"
        r"|request (blocked|rejected)|unauthori[sz]ed( access)?",
    ),
    (
        "bot check",
        r"just a moment|attention required|are you a (robot|human)|(please )?verify(ing)?"
        r" (that )?you are (a )?human|security check|one more step|checking your browser.*"
        r"|bot (check|verification)|captcha( check)?",
    ),
    (
        "consent wall",
        r"(we value|we care about|we respect) your privacy|your privacy( choices)?|before you"
        r" continue( to .+)?|(cookie|privacy) (consent|settings|preferences|choices)"
        r"|(valoramos|respetamos) tu privacidad|tu privacidad|(wir respektieren )?ihre"
        r" privatsphäre|(nous respectons )?votre vie privée|(rispettiamo )?la tua privacy"
        r"|(wij respecteren )?uw privacy|sua privacidade|(wir brauchen ihre )?zustimmung"
        r"|einwilligung|consentement|consenso",
    ),
    (
        "maintenance page",
        r"(site |scheduled |under )?maintenance( mode| in progress)?|down for maintenance"
        rf"|(we{_APOSTROPHE}ll|we will) be (right )?back( soon)?|be right back"
        r"|(temporarily|service) unavailable|maintenance en cours|nous serons (bientôt )?de"
        r" retour|wartungsarbeiten|en mantenimiento|in manutenzione",
    ),
    (
        "site page",
        # Not "About": a writer's about page is prose that readers take for a post.
        r"contact( us)?|contacts|privacy( policy| notice)?|terms( of (use|service))?"
        r"|terms (and|&) conditions|cookie policy|imprint|impressum|datenschutz(erklärung)?"
        r"|kontakt|contacto|contáctenos|contactez-nous|nous contacter|mentions légales"
        r"|aviso legal|contatti|(sign|log) ?in|register|create (an )?account"
        # A subscription offer served in place of the story.
        r"|subscribe( now| today)?|subscribe to (continue|keep) reading"
        r"|subscription (plans|offers)",
    ),
)
NOTICE_TITLE_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(rf"(?:{notices})[\s.!?\u2026]*", _I)) for reason, notices in NOTICE_TITLES
)
# A full-width bar (U+FF5C) needs no spaces around it.
NOTICE_SEPARATOR_RE = re.compile(r"\s+[|\u2013\u2014\u00b7:-]+\s+|\s*\uff5c\s*")
# What a short page says where a script must run before the story is shown (a bot
# check that names no notice in its title), and how short such a page is.
NOTICE_TEXT_RE = re.compile(
    r"\b(please )?(enable|turn on) (js|javascript)(?![\w-])|\bjavascript is (disabled|required)\b"
    r"|\bverify (that )?you are (a )?human\b|\bchecking (if the site connection is secure|your"
    r" browser)\b",
    _I,
)
NOTICE_TEXT_MAX_WORDS = 80
# schema.org types of pages that are no story: an event's page, a job advertisement.
NOT_STORY_TYPES = frozenset({"event", "jobposting"})
# A company's legal form after its name ("... Medien GmbH", "... Inc."): a publisher
# named so is the company, and the site goes by the name without it.
LEGAL_FORM_RE = re.compile(
    r"(?:,?\s+(?:\w+\s+)?(?:gmbh|ag|kg|se|inc|ltd|llc|llp|plc|corp|co|limited|corporation"
    r"|s\.?a\.?s?|s\.?r\.?l|b\.?v|n\.?v|oy|ab|as|a/s|pty(?:\s+ltd)?)\.?)+$"
    # A Japanese or Chinese company: the paper's name and "社", "株式会社", "公司"...
    r"|(?<=[\u3040-\u30ff\u4e00-\u9fff])(?:株式会社|有限会社|有限公司|股份有限公司|公司|社)$",
    _I,
)

# Tag links the page shows, read where its metadata names no tags: rel="tag" (a
# microformat) or a class that says so. Surveyed (tasks/extract/survey.py): a selector
# is queried only on pages that may match it.
TAG_LINK_SELECTORS: tuple[str, ...] = (
    'a[rel~="tag"]',
    *(f'a[class*="{part}"]' for part in ("tag-link", "post-tag", "blog-tag")),
)
NOT_TAG_LINK_MARKS: tuple[str, ...] = ("cloud", "tagline")
# The links of a box that the template names for the story's tags or subjects (Yle's
# "yle__article__subjects", "article-tags"), whatever their addresses: read where no
# link is marked as a tag and none goes to a tag's page.
TAG_BOX_SELECTORS: tuple[str, ...] = tuple(
    f'[class*="{part}"] a[href]'
    for part in (
        *("article-tags", "article__tags", "story-tags", "entry-tags", "tags-list"),
        *("article-topics", "article__topics", "story-topics", "article__subjects"),
    )
)
# Links to a tag's archive page ("/tag/<slug>", Medium, Ghost, Hugo; "/topics/<id>", a
# broadcaster's "Related topics"): read where the page marks no tag links, when one
# list holds them all (a tag cloud holds more, and story cards each hold their own) and
# it is no part of the page's frame.
TAG_ARCHIVE_LINK_SELECTORS: tuple[str, ...] = tuple(
    f'a[href*="/{part}/"]' for part in ("tag", "tags", "topic", "topics")
)
# Tumblr's tag pages are "/tagged/<tag>", which Medium's publications link from their
# menus too: read only where no link goes to a "/tag/" page.
TAGGED_LINK_SELECTORS: tuple[str, ...] = ('a[href*="/tagged/"]',)
TAG_ARCHIVE_PATH_RE = re.compile(r"/(?:tags?|tagged|(?P<topic>topics?))/[^/?#]+/?(?:[?#]|$)")
# The title of a list of the story's tags ("Topics" alone titles a site's menu too).
TAG_TITLE_RE = re.compile(
    r"^((related|more on these|explore more on these) topics|(related )?tags)$", _I
)
MAX_ARCHIVE_TAGS = 12
FRAME_TAGS = frozenset({"nav", "header", "footer", "aside"})
TAG_MAX_CHARS = 60
MAX_SHOWN_TAGS = 20

# The dek (standfirst, subtitle) under the headline: an element with this itemprop, or
# whose class contains one of these parts (compared as written, as CSS compares them).
SUBTITLE_ITEMPROP = "alternativeHeadline"
SUBTITLE_CLASS_PARTS: tuple[str, ...] = (
    "sub-title",
    "subtitle",
    "subheadline",
    "sub-headline",
    "standfirst",
    "dek",
    "deck",
    "excerpt",
    "__announce",  # a BEM element ("article__announce"), not an announcement bar
    # The same in other languages: a Turkish "spot", a French "chapô", an Italian
    # "sommario", a Spanish or Portuguese "subtítulo".
    "-spot",
    "__spot",
    "chapo",
    "chapeau",
    "sommario",
    "sottotitolo",
    "subtitulo",
    "synopsis",  # "story-synopsis", an Indian portal's dek
    "lead-paragraph",  # GOV.UK's "gem-c-lead-paragraph"
    "strapline",  # Future's reviews
    # The article's own subheading (Dotdash Meredith); a bare "subheading" classes the
    # headings in a story's text as often.
    "article-subheading",
    "article__subheading",
)
# ... unless the class also says whose summary it is: a teaser card's, a promotion's.
SUBTITLE_NOT_CLASS_PARTS: tuple[str, ...] = ("card", "teaser", "promo", "related", "spotlight")
# ... or an id that says so (Odoo's "o_wblog_post_subtitle").
SUBTITLE_ID_PARTS: tuple[str, ...] = ("subtitle",)
SUBTITLE_SELECTORS: tuple[str, ...] = (
    f'[itemprop="{SUBTITLE_ITEMPROP}"]',
    # Case aside: styled components write "css-1vjdm2m-Dek".
    *(f'[class*="{part}" i]' for part in SUBTITLE_CLASS_PARTS),
    *(f'[id*="{part}" i]' for part in SUBTITLE_ID_PARTS),
)
# The names of a site's sections, which a link home may show beside its own ("Forums"):
# no site's name (``word_key`` spelling).
SECTION_NAMES = frozenset(
    {
        *("home", "forum", "forums", "wiki", "blog", "news", "docs", "documentation", "help"),
        *("shop", "store", "community", "library", "support"),
    }
)
# How many elements from the headline on, in document order, may hold the dek. Further
# down, a subtitle-classed element is a teaser's, a promotion's or a menu's.
SUBTITLE_WINDOW = 40
SUBTITLE_MIN_CHARS = 20
SUBTITLE_MAX_CHARS = 400
# A dek set as a sub-heading under the headline (metadata._heading_dek): how deep in
# its own boxes it may be, and the fewest words of it (a section's heading has fewer).
HEADING_DEK_DEPTH = 3
HEADING_DEK_MIN_WORDS = 8

# Nodes whose ancestors are never removed as boilerplate, whatever their class says:
# these tags, and elements whose attribute has this exact value.
PROTECTED_TAGS: tuple[str, ...] = ("article",)
PROTECTED_ATTRIBUTES: tuple[tuple[str, str], ...] = (("itemprop", "articleBody"),)
PROTECTED_SELECTOR = ", ".join(
    (*(f'[{name}="{value}"]' for name, value in PROTECTED_ATTRIBUTES), *PROTECTED_TAGS)
)
