# Typographic quotes and dashes are deliberate: the demo must exercise non-ASCII text.
# ruff: noqa: RUF001
"""Render the demo site (``demo/site``) and its ground truth (``demo/truth.json``).

Run ``python -m demo.build_site`` after editing ``demo.content``; the output is checked in
and a test asserts that regenerating it changes nothing. Rendering is a pure function of
the content module: no clocks, no randomness, stable ordering everywhere.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

from demo.content import (
    AUTHOR_BIOS,
    COURIER,
    COURIER_PORT_STORY,
    COURIER_SECTIONS,
    COURIER_STORIES,
    LEDGER,
    LEDGER_CATEGORIES,
    LEDGER_DELETED,
    LEDGER_STORIES,
    LEDGER_SYNDICATION,
    LOAM,
    LOAM_LINKS,
    LOAM_STORIES,
    PARTNER_ORIGINS,
    Story,
    syndicated_story,
)

DEMO_DIR = Path(__file__).resolve().parent
SITE_DIR = DEMO_DIR / "site"
TRUTH_FILE = DEMO_DIR / "truth.json"

# WordPress shows only this many posts in its feed; older posts are reachable via the sitemap.
LEDGER_FEED_SIZE = 10
# Stamped into the theme's top bar by a date widget, as if the pages were saved that day.
LEDGER_TOPBAR_DATE = "Tuesday, June 14, 2016"
LEDGER_BUILD_DATE = "Tue, 14 Jun 2016 13:15:00 +0000"
COURIER_NEWS_SINCE = "2026-11-01"
COURIER_COOKIE_TEXT = (
    "We use cookies to measure how our journalism is read and to keep you signed in."
)
COURIER_NEWSLETTER_TEXT = "Get the day’s most important stories in your inbox before breakfast."
LOAM_FOOTER_TEXT = "This blog has no comments, no cookies and no newsletter."
LEDGER_SUBSCRIBE_TITLE = "Subscribe now to keep reading"
LEDGER_READ_MORE = "Click here to read complete article"
LEDGER_TEASER_WORDS = 20
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“‘\"])")
_WP_ENTITIES = {"’": "&#8217;", "‘": "&#8216;", "“": "&#8220;", "”": "&#8221;", "–": "&#8211;"}


@dataclass(frozen=True)
class Page:
    """A rendered article together with what the truth file says about it."""

    url: str
    story: Story
    outlet: str
    must_not_contain: tuple[str, ...]
    url_variants: tuple[str, ...]
    syndicated_from: str | None = None
    duplicate_of: str | None = None


def esc(text: str) -> str:
    """HTML-escape text for element content and attribute values."""
    return html.escape(text, quote=True)


def wp_esc(text: str) -> str:
    """Escape like WordPress's texturizer does: typographic characters become entities."""
    escaped = esc(text)
    for char, entity in _WP_ENTITIES.items():
        escaped = escaped.replace(char, entity)
    return escaped


def when(story: Story) -> datetime:
    return datetime.fromisoformat(story.published)


def sentences(paragraph: str) -> list[str]:
    return _SENTENCE_END.split(paragraph)


def must_contain(story: Story) -> list[str]:
    """Pick body sentences away from the lead paragraph, which teasers elsewhere may quote."""
    picks = [sentences(story.paragraphs[1])[0], sentences(story.paragraphs[-2])[-1]]
    if len(story.paragraphs) > 4:
        picks.append(sentences(story.paragraphs[2])[-1])
    return list(dict.fromkeys(picks))


def teaser(story: Story) -> str:
    return " ".join(story.paragraphs[0].split()[:LEDGER_TEASER_WORDS])


def file_for(url: str) -> str:
    """Path of the static file that answers ``url``, relative to the site root."""
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    elif "." not in path.rsplit("/", 1)[-1]:
        path += "/index.html"
    return f"{parts.netloc}/{path}"


# --- Tidewater Ledger: a syndicating WordPress site with the "Newspaper" theme --------------


def ledger_url(story: Story) -> str:
    return f"{LEDGER.origin}/{when(story):%Y/%m/%d}/{story.slug}/"


def ledger_tracked_url(story: Story) -> str:
    campaign = story.slug
    return f"{ledger_url(story)}?utm_source=rss&utm_medium=rss&utm_campaign={campaign}"


def ledger_posts() -> list[Story]:
    """Every live Ledger post, oldest first, including the reprinted Courier story."""
    copy = syndicated_story(COURIER_PORT_STORY, LEDGER_SYNDICATION)
    return sorted([*LEDGER_STORIES, copy], key=when)


def ledger_date(story: Story) -> str:
    published = when(story)
    return f"{published.month}/{published.day}/{published:%y}"


def ledger_via_link(story: Story) -> str:
    if story.via == COURIER.name:
        return courier_url(COURIER_PORT_STORY)
    return f"{PARTNER_ORIGINS[story.via or '']}/{story.slug}/"


def ledger_head(title: str, canonical: str, body_class: str) -> str:
    o = LEDGER.origin
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<link rel="canonical" href="{canonical}">
<link rel="alternate" type="application/rss+xml" title="Tidewater Ledger &raquo; Feed" \
href="{o}/feed/">
<link rel='stylesheet' id='td-theme-css' \
href='{o}/wp-content/themes/Newspaper/style.css?ver=6.7.1' type='text/css' media='all'>
<script type='text/javascript' src='{o}/wp-includes/js/jquery/jquery.js?ver=1.11.3'></script>
<meta name="generator" content="WordPress 4.5.2">
</head>
<body class="{body_class} td-newspaper td-full-layout">
<div id="td-outer-wrap">
<div class="td-header-wrap td-header-style-1">
<div class="td-header-top-menu">
<div class="td_data_time">{LEDGER_TOPBAR_DATE}</div>
<ul class="top-header-menu"><li class="menu-item"><a href="{o}/about/">About</a></li>\
<li class="menu-item"><a href="{o}/advertise/">Advertise</a></li>\
<li class="menu-item"><a href="{o}/contact/">Contact</a></li></ul>
</div>
<div class="td-header-sp-logo"><a class="td-main-logo" href="{o}/">\
<span class="td-logo-text">Tidewater Ledger</span>\
<span class="td-tagline-text">{esc(LEDGER.tagline)}</span></a></div>
<div class="td-header-menu-wrap"><nav id="td-header-menu" role="navigation">
<ul id="menu-main-menu" class="sf-menu">
<li class="menu-item menu-item-home"><a href="{o}/">Home</a></li>
{ledger_category_menu()}
</ul></nav></div>
</div>
"""


def ledger_category_menu() -> str:
    return "\n".join(
        f'<li class="menu-item menu-item-type-taxonomy"><a href="{LEDGER.origin}/category/{key}/">'
        f"{name}</a></li>"
        for key, name in LEDGER_CATEGORIES.items()
    )


def ledger_sidebar(posts: list[Story]) -> str:
    recent = "\n".join(
        f'<li><a href="{ledger_url(p)}">{wp_esc(p.title)}</a></li>' for p in reversed(posts[-5:])
    )
    counts = "\n".join(
        f'<li class="cat-item cat-item-{i}"><a href="{LEDGER.origin}/category/{key}/">{name}</a> '
        f"({sum(p.section == key for p in posts)})</li>"
        for i, (key, name) in enumerate(LEDGER_CATEGORIES.items(), start=2)
    )
    return f"""<div class="td-pb-span4 td-main-sidebar" role="complementary">
<div class="td-ss-main-sidebar">
<aside class="widget widget_search"><form role="search" method="get" class="td-search-form-widget" \
action="{LEDGER.origin}/"><input name="s" class="td-widget-search-input" type="text" value="">\
<input class="wpb_button wpb_btn-inverse btn" type="submit" value="Search"></form></aside>
<aside class="widget widget_recent_entries"><div class="block-title"><span>Recent Posts</span></div>
<ul>
{recent}
</ul></aside>
<aside class="widget widget_categories"><div class="block-title"><span>Categories</span></div>
<ul>
{counts}
</ul></aside>
<aside class="widget widget_text"><div class="block-title"><span>About the Ledger</span></div>
<div class="textwidget">The Tidewater Ledger is an independent community news site serving \
the lower bay since 2008. Tips? Write to newsroom@tidewaterledger.example.</div></aside>
</div>
</div>"""


def ledger_footer() -> str:
    return """<div class="td-footer-wrapper">
<div class="td-footer-info"><p>Tidewater Ledger &#8211; independent news for the lower bay. \
Reporting supported by readers like you.</p></div>
<ul class="td-social-list"><li><a href="https://www.facebook.com/tidewaterledger.example">\
Facebook</a></li><li><a href="https://twitter.com/tidewaterledgerx">Twitter</a></li></ul>
</div>
<div class="td-sub-footer-container"><div class="td-sub-footer-copy">&copy; Copyright 2016 \
&#8211; Tidewater Ledger. All rights reserved.</div></div>
</div><!--close td-outer-wrap-->
<script type='text/javascript' src='https://www.tidewaterledger.example/wp-content/themes/\
Newspaper/js/tagdiv_theme.js?ver=6.7.1'></script>
</body>
</html>
"""


def ledger_share(url: str, title: str, where: str) -> str:
    return f"""<div class="td-post-sharing td-post-sharing-{where}">
<span class="td-post-share-title">Share</span>
<a class="td-social-sharing-buttons td-social-facebook" \
href="https://www.facebook.com/sharer.php?u={url}">Facebook</a>
<a class="td-social-sharing-buttons td-social-twitter" \
href="https://twitter.com/intent/tweet?text={quote(title)}&amp;url={url}">Twitter</a>
<a class="td-social-sharing-buttons td-social-mail" href="mailto:?subject={quote(title)}">Email</a>
</div>"""


def ledger_check_also(others: list[Story]) -> str:
    items = "\n".join(
        f"""<div class="td-related-span4"><div class="td_module_related_posts">
<h3 class="entry-title td-module-title"><a href="{ledger_url(o)}" rel="bookmark">\
{wp_esc(o.title)}</a></h3>
<div class="td-excerpt">{wp_esc(teaser(o))} [&hellip;]</div>
</div></div>"""
        for o in others
    )
    return f"""<div class="td_block_wrap td_block_related_posts">
<h4 class="td-related-title"><span>Check Also</span></h4>
<div class="td-related-row">
{items}
</div></div>"""


def ledger_comment_form(post_id: int) -> str:
    o = LEDGER.origin
    return f"""<div class="comments" id="comments">
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="{o}/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-notes">Your email address will not be published. Required fields are \
marked *</p>
<p class="comment-form-comment"><label for="comment">Comment</label>\
<textarea id="comment" name="comment" cols="45" rows="8"></textarea></p>
<p class="comment-form-author"><label for="author">Name *</label>\
<input id="author" name="author" type="text" value=""></p>
<p class="comment-form-email"><label for="email">Email *</label>\
<input id="email" name="email" type="text" value=""></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" \
value="Post Comment"><input type="hidden" name="comment_post_ID" value="{post_id}"></p>
</form>
</div></div>"""


def ledger_body(story: Story, image: str) -> str:
    parts = [f"<p>{wp_esc(story.paragraphs[0])}</p>"]
    parts.append(
        f'<div id="attachment_{image}" style="width: 610px" class="wp-caption aligncenter">'
        f'<img class="wp-image-{image} size-large" src="{image_src(story)}" alt="" '
        f'width="600" height="400"><p class="wp-caption-text">{wp_esc(story.caption)}</p></div>'
    )
    parts.extend(f"<p>{wp_esc(text)}</p>" for text in story.paragraphs[1:])
    if story.via:
        parts.append(
            f'<p><a href="{ledger_via_link(story)}" target="_blank" rel="noopener">'
            f"{LEDGER_READ_MORE}</a></p>"
        )
    parts.append(
        f"""<div class="td-paywall-box"><h4 class="td-paywall-title">{LEDGER_SUBSCRIBE_TITLE}</h4>
<p>Support local reporting: unlimited Ledger stories for $1 a week.</p>
<a class="td-paywall-button" href="{LEDGER.origin}/subscribe/">Subscribe</a></div>"""
    )
    return "\n".join(parts)


def image_src(story: Story) -> str:
    return f"{LEDGER.origin}/wp-content/uploads/{when(story):%Y/%m}/{story.slug}-1024x683.jpg"


def ledger_byline(story: Story) -> str:
    author = story.authors[0]
    author_slug = slugify(author)
    line = (
        f'<span class="td-post-author-name">By <a href="{LEDGER.origin}/author/{author_slug}/">'
        f"{wp_esc(author)}</a></span>"
    )
    if story.via:
        origin = PARTNER_ORIGINS[story.via]
        line += f' | <span class="td-post-source">Via <a href="{origin}/">{wp_esc(story.via)}</a>'
        line += "</span>"
    return line


def slugify(text: str) -> str:
    ascii_text = text.replace("ë", "e").replace("á", "a").replace("í", "i").replace("ó", "o")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def render_ledger_article(story: Story, index: int, posts: list[Story]) -> str:
    url = ledger_url(story)
    post_id = 1000 + index * 7
    image = str(2000 + index * 7)
    category = LEDGER_CATEGORIES[story.section]
    others = [posts[(index + step) % len(posts)] for step in (1, 2)]
    author = story.authors[0]
    head = ledger_head(
        f"{wp_esc(story.title)} &#8211; Tidewater Ledger",
        url,
        f"post-template-default single single-post postid-{post_id} single-format-standard",
    )
    tags = "".join(
        f'<li><a href="{LEDGER.origin}/tag/{slugify(t)}/">{esc(t)}</a></li>' for t in story.tags
    )
    return f"""{head}<div class="td-main-content-wrap td-container-wrap">
<div class="td-container td-post-template-default">
<div class="td-crumb-container"><div class="entry-crumbs"><span><a href="{LEDGER.origin}/">Home\
</a></span> <i class="td-bread-sep"></i> <span><a href="{LEDGER.origin}/category/\
{story.section}/">{category}</a></span> <i class="td-bread-sep"></i> \
<span class="td-bred-no-url-last">{wp_esc(story.title)}</span></div></div>
<div class="td-pb-row">
<div class="td-pb-span8 td-main-content" role="main">
<div class="td-ss-main-content">
<article id="post-{post_id}" class="post-{post_id} post type-post status-publish \
format-standard has-post-thumbnail hentry category-{story.section}">
<div class="td-post-header">
<ul class="td-category"><li class="entry-category"><a href="{LEDGER.origin}/category/\
{story.section}/">{category}</a></li></ul>
<header class="td-post-title">
<h1 class="entry-title">{wp_esc(story.title)}</h1>
<p class="td-post-sub-title">{wp_esc(story.dek)}</p>
<div class="td-module-meta-info">
<div class="td-post-author-line">{ledger_byline(story)}</div>
<span class="td-post-date"><span class="posted-on">Posted on \
<span class="entry-date updated td-module-date">{ledger_date(story)}</span></span></span>
<div class="td-post-comments"><a href="{url}#respond"><i class="td-icon-comments"></i>0</a></div>
</div>
</header>
</div>
{ledger_share(url, story.title, "top")}
<div class="td-post-content entry-content">
<div class="td-post-featured-image"><figure><a href="{image_src(story)}" \
data-caption="{wp_esc(story.caption)}"><img width="696" height="464" class="entry-thumb" \
src="{image_src(story)}" alt="" title="{wp_esc(story.slug)}"></a>\
<figcaption class="wp-caption-text">{wp_esc(story.caption)}</figcaption></figure></div>
{ledger_body(story, image)}
</div>
<footer>
<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix">\
<li><span>TAGS</span></li>{tags}</ul></div>
{ledger_share(url, story.title, "bottom")}
<div class="author-box-wrap"><a href="{LEDGER.origin}/author/{slugify(author)}/">\
<img alt="" src="{LEDGER.origin}/wp-content/uploads/avatars/{slugify(author)}-96x96.jpg" \
class="avatar avatar-96 photo" height="96" width="96"></a>
<div class="desc"><div class="td-author-name vcard author"><span class="fn">\
<a href="{LEDGER.origin}/author/{slugify(author)}/">{wp_esc(author)}</a></span></div>
<div class="td-author-description">{wp_esc(AUTHOR_BIOS[author])}</div></div></div>
</footer>
</article>
{ledger_check_also(others)}
{ledger_comment_form(post_id)}
</div>
</div>
{ledger_sidebar(posts)}
</div>
</div>
</div>
{ledger_footer()}"""


def render_ledger_listing(title: str, url: str, stories: list[Story], posts: list[Story]) -> str:
    is_home = url == f"{LEDGER.origin}/"
    body_class = "home blog" if is_home else "archive category"
    head = ledger_head(
        f"{esc(title)} &#8211; Tidewater Ledger" if not is_home else "Tidewater Ledger",
        url,
        body_class,
    )
    items = "\n".join(
        f"""<div class="td_module_10 td_module_wrap">
<div class="td-module-thumb"><a href="{ledger_url(s)}"><img class="entry-thumb" \
src="{image_src(s)}" alt=""></a></div>
<div class="item-details">
<h3 class="entry-title td-module-title"><a href="{ledger_url(s)}" rel="bookmark">\
{wp_esc(s.title)}</a></h3>
<div class="td-module-meta-info"><span class="td-post-author-name">{wp_esc(s.authors[0])}</span> \
<span class="td-post-date">{ledger_date(s)}</span></div>
<div class="td-excerpt">{wp_esc(teaser(s))} [&hellip;]</div>
</div></div>"""
        for s in reversed(stories)
    )
    heading = "Latest News" if is_home else f"Category: {esc(title)}"
    return f"""{head}<div class="td-main-content-wrap td-container-wrap">
<div class="td-container"><div class="td-pb-row">
<div class="td-pb-span8 td-main-content"><div class="td-ss-main-content">
<div class="td-page-header"><h1 class="entry-title td-page-title"><span>{heading}</span></h1></div>
{items}
<div class="page-nav td-pb-padding-side"><span class="current">1</span></div>
</div></div>
{ledger_sidebar(posts)}
</div></div></div>
{ledger_footer()}"""


def render_ledger_feed(posts: list[Story]) -> str:
    items = []
    for index, story in reversed(list(enumerate(posts))):
        if index < len(posts) - LEDGER_FEED_SIZE:
            continue
        tracked = ledger_tracked_url(story).replace("&", "&#038;")
        items.append(
            f"""	<item>
		<title>{wp_esc(story.title)}</title>
		<link>{tracked}</link>
		<comments>{ledger_url(story)}#respond</comments>
		<pubDate>{rfc822(story)}</pubDate>
		<dc:creator><![CDATA[{story.authors[0]}]]></dc:creator>
		<category><![CDATA[{LEDGER_CATEGORIES[story.section]}]]></category>
		<guid isPermaLink="false">{LEDGER.origin}/?p={1000 + index * 7}</guid>
		<description><![CDATA[{teaser(story)} [&#8230;]]]></description>
		<slash:comments>0</slash:comments>
	</item>"""
        )
    body = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>Tidewater Ledger</title>
	<atom:link href="{LEDGER.origin}/feed/" rel="self" type="application/rss+xml" />
	<link>{LEDGER.origin}</link>
	<description>{esc(LEDGER.tagline)}</description>
	<lastBuildDate>{LEDGER_BUILD_DATE}</lastBuildDate>
	<language>en-US</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=4.5.2</generator>
{body}
</channel>
</rss>
"""


def rfc822(story: Story) -> str:
    return f"{when(story):%a, %d %b %Y %H:%M:%S %z}"


def sitemap(entries: Iterable[tuple[str, str]]) -> str:
    urls = "\n".join(
        f"  <url>\n    <loc>{esc(loc)}</loc>\n    <lastmod>{lastmod}</lastmod>\n  </url>"
        for loc, lastmod in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}\n</urlset>\n"
    )


def ledger_pages() -> tuple[dict[str, str], list[Page], list[str]]:
    """Files, article pages and listing URLs of the Ledger."""
    posts = ledger_posts()
    files: dict[str, str] = {}
    pages: list[Page] = []
    feed_slugs = {s.slug for s in posts[-LEDGER_FEED_SIZE:]}
    for index, story in enumerate(posts):
        url = ledger_url(story)
        files[file_for(url)] = render_ledger_article(story, index, posts)
        others = [posts[(index + step) % len(posts)] for step in (1, 2)]
        boilerplate = [
            "Leave a Reply",
            LEDGER_SUBSCRIBE_TITLE,
            AUTHOR_BIOS[story.authors[0]],
            teaser(others[0]),
        ]
        if story.via:
            boilerplate.append(LEDGER_READ_MORE)
        copied = story.via == COURIER.name
        pages.append(
            Page(
                url=url,
                story=story,
                outlet=LEDGER.name,
                must_not_contain=tuple(boilerplate),
                url_variants=(url, ledger_tracked_url(story))
                if story.slug in feed_slugs
                else (url,),
                syndicated_from=story.via,
                duplicate_of=courier_url(COURIER_PORT_STORY) if copied else None,
            )
        )
    home = f"{LEDGER.origin}/"
    files[file_for(home)] = render_ledger_listing("Tidewater Ledger", home, posts, posts)
    listings = [home]
    for key, name in LEDGER_CATEGORIES.items():
        url = f"{LEDGER.origin}/category/{key}/"
        in_category = [p for p in posts if p.section == key]
        files[file_for(url)] = render_ledger_listing(name, url, in_category, posts)
        listings.append(url)
    files[f"{urlsplit(LEDGER.origin).netloc}/feed/index.xml"] = render_ledger_feed(posts)
    every_post = sorted([*posts, LEDGER_DELETED], key=when)
    files[f"{urlsplit(LEDGER.origin).netloc}/sitemap.xml"] = sitemap(
        [(url, "2016-06-14") for url in listings]
        + [(ledger_url(s), when(s).date().isoformat()) for s in every_post]
    )
    files[f"{urlsplit(LEDGER.origin).netloc}/robots.txt"] = (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {LEDGER.origin}/sitemap.xml\n"
    )
    return files, pages, listings


# --- The Meridian Courier: a modern news site with structured data --------------------------


def courier_url(story: Story) -> str:
    return f"{COURIER.origin}/{story.section}/{when(story):%Y/%m/%d}/{story.slug}"


def courier_image(story: Story) -> str:
    return f"{COURIER.origin}/media/{when(story):%Y}/{story.slug}-1600x900.jpg"


def long_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def courier_json_ld(story: Story, index: int) -> str:
    url = courier_url(story)
    people = [
        {"@type": "Person", "name": name, "url": f"{COURIER.origin}/authors/{slugify(name)}"}
        for name in story.authors
    ]
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": story.title,
        "description": story.dek,
        "image": [courier_image(story)],
        "datePublished": story.published,
    }
    if story.modified:
        data["dateModified"] = story.modified
    # Single authors appear as one object, several as a list: both shapes occur in the wild.
    data["author"] = people if len(people) > 1 else people[0]
    data["publisher"] = {
        "@type": "NewsMediaOrganization",
        "name": COURIER.name,
        "logo": {"@type": "ImageObject", "url": f"{COURIER.origin}/static/logo-600x60.png"},
    }
    data["articleSection"] = COURIER_SECTIONS[story.section]
    data["keywords"] = list(story.tags)
    if not story.free:
        data["isAccessibleForFree"] = False
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".article-body",
        }
    elif index % 2 == 0:
        data["isAccessibleForFree"] = True
    return json.dumps(data, ensure_ascii=False, indent=2)


def courier_head(title: str, canonical: str, meta: str) -> str:
    o = COURIER.origin
    nav = "".join(
        f'<li><a href="{o}/{key}/">{name}</a></li>' for key, name in COURIER_SECTIONS.items()
    )
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="canonical" href="{canonical}">
<link rel="preload" href="{o}/static/fonts/serif-text.woff2" as="font" crossorigin>
<link rel="stylesheet" href="{o}/static/app.3f9c2e.css">
{meta}
<script async src="{o}/static/consent.8d1b.js"></script>
</head>
<body>
<div id="cookie-consent" class="consent-banner" role="dialog" aria-label="Cookie consent">
<p>{COURIER_COOKIE_TEXT} You can change your choices at any time in Privacy settings.</p>
<button type="button" class="consent-accept">Accept all</button>
<button type="button" class="consent-manage">Manage choices</button>
</div>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<a class="site-logo" href="{o}/" aria-label="The Meridian Courier home">The Meridian Courier</a>
<nav class="site-nav" aria-label="Sections"><ul>{nav}</ul></nav>
<a class="cta-subscribe" href="{o}/subscribe?ref=header">Subscribe</a>
<a class="cta-signin" href="{o}/account/sign-in">Sign in</a>
</header>
"""


def courier_footer() -> str:
    o = COURIER.origin
    return f"""<footer class="site-footer">
<nav aria-label="Footer"><ul>
<li><a href="{o}/about">About us</a></li>
<li><a href="{o}/corrections">Corrections</a></li>
<li><a href="{o}/privacy">Privacy settings</a></li>
<li><a href="{o}/careers">Careers</a></li>
</ul></nav>
<p class="legal">&copy; 2026 Meridian Courier Media Ltd. Registered in England and Wales.</p>
</footer>
<script src="{o}/static/app.3f9c2e.js" defer></script>
</body>
</html>
"""


def courier_byline(story: Story) -> str:
    links = [
        f'<a rel="author" class="byline-author" href="{COURIER.origin}/authors/{slugify(n)}">'
        f"{esc(n)}</a>"
        for n in story.authors
    ]
    joined = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
    return f'<p class="article-byline"><span class="byline-prefix">By</span> {joined}</p>'


def courier_dates(story: Story) -> str:
    published = when(story)
    text = f'<time class="published" datetime="{story.published}">{long_date(published)}</time>'
    if story.modified:
        modified = datetime.fromisoformat(story.modified)
        text += (
            f' <span class="updated">Updated <time datetime="{story.modified}">'
            f"{modified:%H:%M} {long_date(modified)}</time></span>"
        )
    return f'<div class="article-dates">{text}</div>'


def courier_newsletter() -> str:
    return f"""<aside class="newsletter-signup" data-component="newsletter-inline">
<h2 class="newsletter-title">The Morning Meridian</h2>
<p>{COURIER_NEWSLETTER_TEXT}</p>
<form action="{COURIER.origin}/newsletters/subscribe" method="post">
<label for="nl-email">Email address</label><input id="nl-email" type="email" name="email">
<button type="submit">Sign up</button>
</form>
</aside>"""


def courier_cards(stories: Iterable[Story], heading: str, css: str, with_dek: bool) -> str:
    items = "\n".join(
        f'<li><a href="{courier_url(s)}">{esc(s.title)}</a>'
        + (f"<p>{esc(s.dek)}</p>" if with_dek else "")
        + "</li>"
        for s in stories
    )
    tag = "ul" if with_dek else "ol"
    return f'<section class="{css}">\n<h2>{heading}</h2>\n<{tag}>\n{items}\n</{tag}>\n</section>'


def courier_most_read() -> list[Story]:
    # A fixed, hand-picked order stands in for the analytics-driven list.
    return [COURIER_STORIES[i] for i in (16, 4, 12, 7, 10)]


def render_courier_article(story: Story, index: int) -> str:
    url = courier_url(story)
    section = COURIER_SECTIONS[story.section]
    meta = f"""<meta name="description" content="{esc(story.dek)}">
<meta property="og:site_name" content="{esc(COURIER.name)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(story.title)}">
<meta property="og:description" content="{esc(story.dek)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{courier_image(story)}">
<meta property="article:published_time" content="{story.published}">
"""
    if story.modified:
        meta += f'<meta property="article:modified_time" content="{story.modified}">\n'
    meta += f"""<meta property="article:section" content="{section}">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">
{courier_json_ld(story, index)}
</script>"""
    body = [f"<p>{esc(text)}</p>" for text in story.paragraphs]
    body.insert(2, courier_newsletter())
    related = [s for s in COURIER_STORIES if s.section == story.section and s != story][:3]
    tags = "".join(
        f'<li><a href="{COURIER.origin}/topics/{slugify(t)}">{esc(t)}</a></li>' for t in story.tags
    )
    paywall = "" if story.free else ' data-paywall="metered"'
    return f"""{courier_head(f"{esc(story.title)} | The Meridian Courier", url, meta)}
<main id="main" class="layout-article">
<article class="article" data-article-id="mc-{4100 + index}"{paywall}>
<header class="article-header">
<a class="article-kicker" href="{COURIER.origin}/{story.section}/">{section}</a>
<h1 class="article-headline">{esc(story.title)}</h1>
<p class="article-standfirst">{esc(story.dek)}</p>
{courier_byline(story)}
{courier_dates(story)}
</header>
<figure class="article-lead-media">
<img src="{courier_image(story)}" alt="{esc(story.caption)}" width="1600" height="900">
<figcaption>{esc(story.caption)} <span class="credit">Photograph: Courier staff</span></figcaption>
</figure>
<div class="article-body" data-component="text-block">
{chr(10).join(body)}
</div>
<footer class="article-footer">
<ul class="article-topics">{tags}</ul>
<div class="share-tools"><button type="button" data-share="copy">Copy link</button>\
<a href="mailto:?subject={quote(story.title)}&amp;body={url}">Email</a></div>
</footer>
</article>
{courier_cards(related, "Related stories", "related-stories", with_dek=True)}
</main>
<aside class="rail">
{courier_cards(courier_most_read(), "Most read", "most-read", with_dek=False)}
</aside>
{courier_footer()}"""


def render_courier_listing(title: str, url: str, stories: list[Story]) -> str:
    meta = f"""<meta name="description" content="{esc(COURIER.tagline)}">
<meta property="og:site_name" content="{esc(COURIER.name)}">
<meta property="og:type" content="website">
<meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="{url}">"""
    cards = "\n".join(
        f"""<li class="card">
<a class="card-kicker" href="{COURIER.origin}/{s.section}/">{COURIER_SECTIONS[s.section]}</a>
<h3 class="card-headline"><a href="{courier_url(s)}">{esc(s.title)}</a></h3>
<p class="card-standfirst">{esc(s.dek)}</p>
<time datetime="{s.published}">{long_date(when(s))}</time>
</li>"""
        for s in sorted(stories, key=when, reverse=True)
    )
    page_title = COURIER.name if title == COURIER.name else f"{title} | {COURIER.name}"
    return f"""{courier_head(esc(page_title), url, meta)}
<main id="main" class="layout-front">
<h1 class="front-title">{esc(title)}</h1>
<ul class="card-list">
{cards}
</ul>
</main>
<aside class="rail">
{courier_cards(courier_most_read(), "Most read", "most-read", with_dek=False)}
</aside>
{courier_footer()}"""


def sitemap_index(locations: list[str]) -> str:
    items = "\n".join(
        f"  <sitemap>\n    <loc>{loc}</loc>\n    <lastmod>2026-11-26</lastmod>\n  </sitemap>"
        for loc in locations
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{items}\n</sitemapindex>\n"
    )


def news_sitemap(stories: list[Story]) -> str:
    items = "\n".join(
        f"""  <url>
    <loc>{courier_url(s)}</loc>
    <news:news>
      <news:publication>
        <news:name>{esc(COURIER.name)}</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>{s.published}</news:publication_date>
      <news:title>{esc(s.title)}</news:title>
    </news:news>
  </url>"""
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"\n'
        '        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{items}\n</urlset>\n"
    )


def courier_pages() -> tuple[dict[str, str], list[Page], list[str]]:
    """Files, article pages and listing URLs of the Courier."""
    files: dict[str, str] = {}
    pages: list[Page] = []
    host = urlsplit(COURIER.origin).netloc
    boilerplate = (COURIER_COOKIE_TEXT, COURIER_NEWSLETTER_TEXT)
    for index, story in enumerate(COURIER_STORIES):
        url = courier_url(story)
        files[file_for(url)] = render_courier_article(story, index)
        pages.append(Page(url, story, COURIER.name, boilerplate, (url,)))
    home = f"{COURIER.origin}/"
    files[file_for(home)] = render_courier_listing(COURIER.name, home, list(COURIER_STORIES))
    listings = [home]
    for key, name in COURIER_SECTIONS.items():
        url = f"{COURIER.origin}/{key}/"
        in_section = [s for s in COURIER_STORIES if s.section == key]
        files[file_for(url)] = render_courier_listing(name, url, in_section)
        listings.append(url)
    children = ["articles", "news", "sections"]
    files[f"{host}/sitemap_index.xml"] = sitemap_index(
        [f"{COURIER.origin}/sitemaps/{name}.xml" for name in children]
    )
    files[f"{host}/sitemaps/articles.xml"] = sitemap(
        (courier_url(s), (s.modified or s.published)[:10]) for s in COURIER_STORIES
    )
    recent = [s for s in COURIER_STORIES if s.published[:10] >= COURIER_NEWS_SINCE]
    files[f"{host}/sitemaps/news.xml"] = news_sitemap(recent)
    files[f"{host}/sitemaps/sections.xml"] = sitemap((url, "2026-11-26") for url in listings)
    files[f"{host}/robots.txt"] = (
        "User-agent: *\nDisallow: /account/\nDisallow: /newsletters/\n\n"
        f"Sitemap: {COURIER.origin}/sitemap_index.xml\n"
    )
    return files, pages, listings


# --- Lantern & Loam: a hand-written personal blog without any metadata ---------------------


def loam_url(story: Story) -> str:
    return f"{LOAM.origin}/posts/{story.slug}.html"


def render_loam_post(story: Story) -> str:
    paragraphs = "\n".join(f"<p>{esc(text)}</p>" for text in story.paragraphs)
    links = LOAM_LINKS.get(story.slug, ())
    link_list = ""
    if links:
        items = "\n".join(f'<li><a href="{href}">{esc(text)}</a></li>' for text, href in links)
        link_list = f"<ul>\n{items}\n</ul>\n"
    byline = f"Posted {long_date(when(story))} by {story.authors[0]}"
    if story.authors[0] != "Ines Varga":
        byline = f"Guest post by {story.authors[0]}, {long_date(when(story))}"
    return f"""<html>
<head>
<title>{esc(story.title)}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<p><a href="{LOAM.origin}/">{esc(LOAM.name)}</a></p>
<h2>{esc(story.title)}</h2>
<p>{esc(byline)}</p>
{paragraphs}
{link_list}<hr>
<p><a href="{LOAM.origin}/">&larr; all posts</a> &middot; <a href="{LOAM.origin}/atom.xml">feed</a>\
</p>
<p><small>{LOAM_FOOTER_TEXT}</small></p>
</body>
</html>
"""


def render_loam_index() -> str:
    items = "\n".join(
        f'<li>{long_date(when(s))}: <a href="{loam_url(s)}">{esc(s.title)}</a></li>'
        for s in sorted(LOAM_STORIES, key=when, reverse=True)
    )
    return f"""<html>
<head>
<title>{esc(LOAM.name)}</title>
</head>
<body>
<h1>{esc(LOAM.name)}</h1>
<p>{esc(LOAM.tagline)}.</p>
<ul>
{items}
</ul>
<p><a href="{LOAM.origin}/atom.xml">Subscribe with a feed reader</a></p>
<p><small>{LOAM_FOOTER_TEXT}</small></p>
</body>
</html>
"""


def render_loam_feed() -> str:
    stories = sorted(LOAM_STORIES, key=when, reverse=True)
    host = urlsplit(LOAM.origin).netloc
    entries = "\n".join(
        f"""  <entry>
    <title>{esc(s.title)}</title>
    <link rel="alternate" type="text/html" href="{loam_url(s)}"/>
    <id>tag:{host},{s.published[:10]}:/posts/{s.slug}</id>
    <published>{s.published}</published>
    <updated>{s.published}</updated>
    <author><name>{esc(s.authors[0])}</name></author>
    <summary>{esc(s.paragraphs[0])}</summary>
  </entry>"""
        for s in stories
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{esc(LOAM.name)}</title>
  <subtitle>{esc(LOAM.tagline)}</subtitle>
  <link rel="alternate" type="text/html" href="{LOAM.origin}/"/>
  <link rel="self" type="application/atom+xml" href="{LOAM.origin}/atom.xml"/>
  <id>{LOAM.origin}/</id>
  <updated>{stories[0].published}</updated>
  <author><name>Ines Varga</name></author>
{entries}
</feed>
"""


def loam_pages() -> tuple[dict[str, str], list[Page], list[str]]:
    """Files, article pages and listing URLs of the blog."""
    files: dict[str, str] = {}
    pages: list[Page] = []
    for story in LOAM_STORIES:
        url = loam_url(story)
        files[file_for(url)] = render_loam_post(story)
        pages.append(Page(url, story, LOAM.name, (LOAM_FOOTER_TEXT,), (url,)))
    home = f"{LOAM.origin}/"
    files[file_for(home)] = render_loam_index()
    files[f"{urlsplit(LOAM.origin).netloc}/atom.xml"] = render_loam_feed()
    return files, pages, [home]


# --- Truth and the build entry point --------------------------------------------------------

OutletBuilder = Callable[[], tuple[dict[str, str], list[Page], list[str]]]
BUILDERS: tuple[OutletBuilder, ...] = (ledger_pages, courier_pages, loam_pages)


def truth_entry(page: Page) -> dict[str, object]:
    story = page.story
    return {
        "url": page.url,
        "kind": "article",
        "outlet": page.outlet,
        "title": story.title,
        "authors": list(story.authors),
        "published": story.published[:10],
        "modified": story.modified[:10] if story.modified else None,
        "canonical_url": page.url,
        "must_contain": must_contain(story),
        "must_not_contain": list(page.must_not_contain),
        "syndicated_from": page.syndicated_from,
        "duplicate_of": page.duplicate_of,
        "url_variants": list(page.url_variants),
    }


def simple_entry(url: str, kind: str, outlet: str) -> dict[str, object]:
    return {"url": url, "kind": kind, "outlet": outlet, "url_variants": [url]}


def render_all() -> tuple[dict[str, str], str]:
    """Every site file (path relative to ``demo/site``) and the truth file's text."""
    files: dict[str, str] = {}
    truth: list[dict[str, object]] = []
    for builder, outlet in zip(BUILDERS, (LEDGER, COURIER, LOAM), strict=True):
        outlet_files, pages, listings = builder()
        files.update(outlet_files)
        truth.extend(simple_entry(url, "listing", outlet.name) for url in listings)
        truth.extend(truth_entry(page) for page in pages)
    truth.append(simple_entry(ledger_url(LEDGER_DELETED), "missing", LEDGER.name))
    return dict(sorted(files.items())), json.dumps(truth, ensure_ascii=False, indent=2) + "\n"


def write_all(site_dir: Path = SITE_DIR, truth_file: Path = TRUTH_FILE) -> int:
    """Replace ``site_dir`` with a fresh rendering and rewrite the truth file."""
    files, truth = render_all()
    if site_dir.exists():
        shutil.rmtree(site_dir)
    for relative, text in files.items():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    truth_file.write_text(truth, encoding="utf-8", newline="\n")
    return len(files)


if __name__ == "__main__":
    print(f"wrote {write_all()} files to {SITE_DIR} and {TRUTH_FILE}")
