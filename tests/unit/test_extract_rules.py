"""Rules learned from real pages, each pinned by a small inline page."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from tasks.extract import ExtractOptions, extract_article
from tasks.extract import metadata as metadata_module
from tasks.extract import text as text_module
from tasks.extract.rules import (
    BLOCK_TAGS,
    FURNITURE_SELECTORS,
    HIDDEN_SELECTORS,
    STRIPPED_SELECTOR,
    STRIPPED_TAGS,
    SUBTITLE_SELECTORS,
)
from tasks.extract.selectors import by_attribute, by_shared_start, each_once, tag_ids, with_tags
from tasks.extract.text import (
    _BOILERPLATE,
    _CONTENT,
    _NEUTRAL,
    _WEAK,
    _collect_media,
    _judge_marks,
    clean_tree,
    collect_images,
    collect_links,
    extract_body,
)
from tasks.records import Article, NotArticle

PROSE = (
    "<p>The harbour board agreed on Monday to dredge the northern channel before winter, "
    "after pilots warned that silt had made the approach unsafe at low tide.</p>"
    "<p>Work will start next month and should take six weeks, the board said, with the "
    "channel closed to large vessels during the night while the dredger operates.</p>"
    "<p>Fishing crews welcomed the decision but asked for the closures to be announced a "
    "week in advance so that they can plan landings around them.</p>"
)
URL = "https://port.example.org/news/harbour-board-dredging"
URL_ONE = "https://ecole.example/fete"


def extract(html: str, url: str = URL, **options: object) -> Article:
    result = extract_article(html, url, options=ExtractOptions(**options))  # type: ignore[arg-type]
    assert isinstance(result, Article), result
    return result


def doc(body: str, head: str = "") -> str:
    return (
        f"<html><head><title>Harbour to be dredged</title>{head}</head><body>{body}</body></html>"
    )


def with_box(box: str) -> Article:
    """The harbour story with ``box`` after its first paragraph."""
    story = PROSE.replace("</p>", f"</p>{box}", 1)
    return extract(doc(f"<h1>Harbour to be dredged</h1><article>{story}</article>"))


def test_streamed_hidden_content_is_kept() -> None:
    # React streaming SSR parks the page in <div hidden> and swaps it in with script.
    html = doc(f"<div hidden id='S:0'><h1>Harbour to be dredged</h1>{PROSE}</div>")
    assert "northern channel" in extract(html).text


def test_small_hidden_element_is_dropped() -> None:
    html = doc(f"<article>{PROSE}<p hidden>Secret tracking text here.</p></article>")
    assert "Secret" not in extract(html).text


def test_hidden_block_that_holds_the_headline_is_the_page_not_boilerplate() -> None:
    # A shop theme hides its product block ("defer-block", display: none) until script
    # shows it, under a header and footer that hold more text than the block itself.
    links = "".join(f"<li><a href='/c/{i}'>Department number {i}</a></li>" for i in range(60))
    body = (
        f"<header><ul>{links}</ul></header>"
        "<div class='product-wrapper defer-block' style='display: none'><article>"
        f"<h1>Harbour to be dredged</h1>{PROSE}</article></div>"
        f"<div class='hide-footer'><ul>{links}</ul></div>"
    )
    assert "northern channel" in _cleaned_text(body)
    # Hidden without the headline (a closed dialog), it is dropped as before.
    assert "northern channel" not in _cleaned_text(body.replace("h1>", "h3>"))


def test_hidden_tab_panels_are_content_the_reader_switches_to() -> None:
    # A guide shows one install command per system; the other panels are hidden until
    # their tab is chosen, and the reader needs whichever one applies.
    tabs = (
        "<div role='tablist'><button role='tab'>macOS</button>"
        "<button role='tab'>Linux</button></div>"
        "<div role='tabpanel'><pre>brew install harbour-tides</pre></div>"
        "<div role='tabpanel' hidden><pre>apt-get install harbour-tides</pre></div>"
    )
    text = extract(doc(f"<article><h1>Installing the tide tables</h1>{PROSE}{tabs}</article>")).text
    assert "brew install harbour-tides" in text
    assert "apt-get install harbour-tides" in text
    # The same hidden block in no tab role is dropped.
    untabbed = tabs.replace("role='tabpanel' hidden", "hidden")
    text = extract(
        doc(f"<article><h1>Installing the tide tables</h1>{PROSE}{untabbed}</article>")
    ).text
    assert "apt-get" not in text


def test_collapsed_answers_are_content_but_a_labelled_dialog_is_not() -> None:
    faq = (
        "<h2>Questions</h2>"
        "<button id='q1' aria-controls='a1'>When does the channel close?</button>"
        "<div id='a1' role='region' aria-labelledby='q1' hidden><p>From ten at night "
        "until five in the morning, while the dredger works.</p></div>"
        "<button id='q2' aria-controls='a2'>Who pays for the work?</button>"
        "<div id='a2' aria-labelledby='q2' style='display: none'><p>The port authority, "
        "from its maintenance budget.</p></div>"
        "<div role='dialog' aria-labelledby='c1' hidden><h2 id='c1'>Your privacy</h2>"
        "<p>We use cookies to measure how the site is used.</p></div>"
    )
    text = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{faq}</article>")).text
    assert "From ten at night" in text
    assert "maintenance budget" in text
    assert "cookies" not in text


def test_a_token_that_says_what_a_node_is_not_is_no_mark() -> None:
    verdicts = {
        "wsite-elements wsite-not-footer": _NEUTRAL,
        "layout no-sidebar": _NEUTRAL,
        "non_header": _NEUTRAL,
        "site-footer": _BOILERPLATE,
        "cookie-notice": _BOILERPLATE,  # "notice" holds "no" but negates nothing
    }
    for marks, verdict in verdicts.items():
        assert _judge_marks(marks, by_class=True, thread=False) == verdict, marks


def test_widget_with_prose_is_kept_but_share_widget_is_not() -> None:
    body = (
        f"<article><div class='product-widget'>{PROSE}</div>"
        "<div class='share-widget'><a href='#'>Facebook</a> <a href='#'>Twitter</a></div></article>"
    )
    text = extract(doc(body)).text
    assert "northern channel" in text
    assert "Facebook" not in text


def test_a_table_of_contents_label_goes_where_its_entries_went() -> None:
    toc = (
        "<p><strong>Table of Contents</strong></p><nav class='toc'><ul>"
        "<li><a href='#why'>Why dredge now</a></li><li><a href='#cost'>The cost</a></li>"
        "</ul></nav>"
    )
    text = extract(doc(f"<article><h1>Harbour to be dredged</h1>{toc}{PROSE}</article>")).text
    assert text.startswith("The harbour board agreed")
    # Where its entries stay (a guide's chapters in plain paragraphs), the label stays.
    chapters = "".join(f"<p>Chapter {n}: The {part}</p>" for n, part in enumerate(["tide", "silt"]))
    listed = f"<p>Contents</p>{chapters}"
    text = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{listed}</article>")).text
    assert "Contents\n\nChapter 0: The tide" in text


def test_a_call_to_action_box_is_boilerplate_though_it_holds_prose() -> None:
    appeal = (
        "<div class='zone-widget-custom-cta-letter'><h5>A Word to Our Loyal Readers</h5>"
        "<p>Most of our assignments begin when readers ask us whether something is true, and "
        "each tip sends our reporters across a vast range of records, courts and archives "
        "before we can say. We need your financial support to keep doing it.</p></div>"
    )
    story = PROSE * 3
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{story}{appeal}</article>"))
    assert "dredge the northern channel" in result.text
    assert "Loyal Readers" not in result.text and "financial support" not in result.text


def test_page_builder_classes_do_not_count_as_boilerplate() -> None:
    body = f"<div class='elementor-widget elementor-widget-text-editor'>{PROSE}</div>"
    assert "northern channel" in extract(doc(body)).text


def test_paywall_class_wrapping_the_story_keeps_the_story() -> None:
    body = (
        f"<article><p>Lead paragraph of the story.</p><div class='paywall'>{PROSE}</div></article>"
    )
    assert "Fishing crews" in extract(doc(body)).text


def test_caption_utility_class_does_not_drop_the_body() -> None:
    body = f"<article class='[&_figcaption]:mt-2 prose'>{PROSE}</article>"
    assert "northern channel" in extract(doc(body)).text


def test_noscript_content_is_read_when_the_page_is_an_empty_shell() -> None:
    body = f"<div id='app'></div><noscript><div class='crawler-post'>{PROSE}</div></noscript>"
    assert "northern channel" in extract(doc(body)).text


def test_byline_split_over_two_elements_and_dateline_after_headline() -> None:
    body = (
        "<h2>Harbour to be dredged</h2><p>Posted 2 April 2020 by Ines Varga</p>"
        f"{PROSE}<p><small>This site has no comments and no newsletter.</small></p>"
    )
    result = extract(doc(body))
    assert result.authors == ("Ines Varga",)
    assert result.published_date == dt.date(2020, 4, 2)
    assert "Posted 2 April" not in result.text
    assert "no newsletter" not in result.text


def test_via_in_a_sibling_of_the_byline() -> None:
    body = (
        "<h1>Harbour to be dredged</h1><div class='meta'><span class='author-name'>By "
        "<a href='/a/jo'>Jo Park</a></span> | <span class='source'>Via "
        f"<a href='https://bay.example'>Bay Weekly</a></span></div><article>{PROSE}</article>"
    )
    result = extract(doc(body))
    assert result.authors == ("Jo Park",)
    assert result.syndicated_from == "Bay Weekly"


def test_share_via_email_under_the_headline_names_no_source() -> None:
    share = "<div class='share'><a>Share via email</a> <button>Copy link</button></div>"
    result = extract(doc(f"<h1>Harbour to be dredged</h1>{share}<article>{PROSE}</article>"))
    assert result.syndicated_from is None


@pytest.mark.parametrize(
    ("credit", "source"),
    [
        (
            "<p>Originally published by <a href='https://mp.example/'>Meridian Press</a></p>",
            "Meridian Press",
        ),
        (
            "<p><em>This story was originally published in the Valley Courier and is "
            "shared here with permission.</em></p>",
            "the Valley Courier",
        ),
        (
            "<p>Originally published at <a href='https://jo.example/2024/02/27/silt/'>"
            "https://jo.example</a> on February 27, 2024.</p>",
            "https://jo.example/2024/02/27/silt/",
        ),
        (
            "<p>This article is republished from The Harbour Review under a Creative "
            "Commons license. Read the original article.</p>",
            "The Harbour Review",
        ),
    ],
)
def test_credit_line_at_the_foot_of_the_story_is_the_source(credit: str, source: str) -> None:
    # A story long enough that its foot is well below the headline's surroundings.
    body = f"<h1>Harbour to be dredged</h1><article>{PROSE * 3}{credit}</article>"
    assert extract(doc(body)).syndicated_from == source


@pytest.mark.parametrize(
    ("inside", "after"),
    [
        # A box of its own after the story's box (an AMP template).
        (
            "",
            "<div class='asset-source-credit'>Originally published by "
            "<a href='https://meridian.example/'>Meridian Press</a></div>",
        ),
        # Inside the story, classed as a credit: it goes with the captions.
        ("<div class='source-credit'>Originally published by Meridian Press</div>", ""),
    ],
)
def test_credit_line_set_apart_from_the_story_is_the_source(inside: str, after: str) -> None:
    story = f"<h1>Harbour to be dredged</h1><article>{PROSE * 3}{inside}</article>"
    body = f"{story}{after}<footer><p>Port News, 1 Quay Street.</p></footer>"
    result = extract(doc(body))
    assert result.syndicated_from == "Meridian Press"
    assert "Originally published" not in result.text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Continental News Wire", "Continental News Wire"),
        # The site's own organisation, or a part of it, is no other outlet.
        ("Port News", None),
        ("Port News Community", None),
    ],
)
def test_json_ld_source_organization_names_the_wire(source: str, expected: str | None) -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Harbour to be dredged",
        "sourceOrganization": {"@type": "NewsMediaOrganization", "name": source},
        "publisher": {"@type": "Organization", "name": "Port News"},
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    body = f"<h1>Harbour to be dredged</h1><article>{PROSE}</article>"
    assert extract(doc(body, head)).syndicated_from == expected


def test_a_chinese_source_line_names_the_outlet() -> None:
    source = (
        "<div class='box01'>2025年04月09日 10:26 | \u6765\u6e90\uff1a"
        "<a href='/'>青澜日报</a> 分享到</div>"
    )
    body = f"<h1>电池回收迎来高峰</h1>{source}<article>{PROSE}</article>"
    assert extract(doc(body)).syndicated_from == "青澜日报"


@pytest.mark.parametrize(
    "line",
    [
        "\uff08责编\uff1a王小明、李华\uff09",
        "《 青澜日报 》\uff08 2025年04月09日 第 05 版\uff09",
        "Подписывайтесь на наш Telegram-канал, чтобы первыми узнавать главные новости",
        # A wire's notice, longer than a site's own copyright line.
        "Copyright 2025 Continental News Wire. All rights reserved. This story may not be "
        "republished, broadcast or rewritten without written permission.",
    ],
)
def test_closing_lines_that_are_no_paragraphs_of_the_story(line: str) -> None:
    story = f"{PROSE * 3}<p><i>{line}</i></p>"
    text = extract(doc(f"<h1>Harbour to be dredged</h1><article>{story}</article>")).text
    assert line not in text
    assert text.endswith("plan landings around them.")


def test_a_picture_text_paragraph_after_an_image_is_its_caption() -> None:
    photo = (
        "<p style='text-align: center;'><img src='/media/quay.jpg' width='760'></p>"
        "<p class='pictext'>The northern quay at low tide.</p>"
    )
    story = f"<div class='rm_txt_con'>{photo}{PROSE}</div>"
    result = extract(doc(f"<h1>Harbour to be dredged</h1><article>{story}</article>"))
    assert result.images[0].caption == "The northern quay at low tide."
    assert result.text.startswith("The harbour board agreed")


def test_a_bem_announce_element_under_the_headline_is_the_dek() -> None:
    dek = (
        "<p class='article__announce'>The board will close the channel at night for six weeks.</p>"
    )
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{dek}{PROSE}</article>"))
    assert result.subtitle == "The board will close the channel at night for six weeks."


def test_kicker_in_the_h1_is_no_part_of_the_title_nor_the_dek() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "»Wenn die Wehen kommen, fahren wir jetzt 50 Minuten«",
        "alternativeHeadline": "Kreißsaal-Schließung in Oberwerth",
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    h1 = (
        "<h1><span class='fb-kicker'>Kreißsaal-Schließung in Oberwerth</span> "
        "<span class='fb-headline'>»Wenn die Wehen kommen, fahren wir jetzt 50 Minuten«</span></h1>"
    )
    result = extract(doc(f"<article>{h1}{PROSE}</article>", head))
    assert result.title == "»Wenn die Wehen kommen, fahren wir jetzt 50 Minuten«"
    assert result.subtitle is None


def test_a_styled_component_dek_is_the_dek_and_a_card_s_linked_excerpt_is_not() -> None:
    dek = "<h2 class='css-1vjdm2m-Dek'>The sale would make the company the second chip seller</h2>"
    card = (
        "<div class='Excerpt-Header'><h2 class='Excerpt-Title'><a href='/other'>Another "
        "story about chips and the people who sell them</a></h2></div>"
    )
    header = "<h1>Harbour to be dredged</h1>"
    assert extract(doc(f"<article>{header}{dek}{PROSE}</article>")).subtitle == (
        "The sale would make the company the second chip seller"
    )
    assert extract(doc(f"<article>{header}{card}{PROSE}</article>")).subtitle is None


def test_the_titles_of_entries_in_their_headers_are_kept() -> None:
    entry = (
        "<article class='block'><header><a href='#b1'><time datetime='2025-01-24T16:05Z'>"
        "30m ago</time></a><h2>Red warning lifted for the south coast</h2></header>"
        "<div class='block-elements'>{}</div><footer><button>Share</button></footer></article>"
    )
    blog = f"<main><h1>Storm live</h1>{entry.format(PROSE)}{entry.format(PROSE)}</main>"
    text = extract(doc(blog)).text
    assert text.startswith("Red warning lifted for the south coast")
    assert "30m ago" not in text


@pytest.mark.parametrize("line", ["- Advertisement -", "Updated at 16:05 GMT", "Updated 10:02 EDT"])
def test_ad_labels_and_update_times_are_no_paragraphs(line: str) -> None:
    story = f"<p>{line}</p>{PROSE}"
    result = extract(doc(f"<h1>Harbour to be dredged</h1><article>{story}</article>"))
    assert result.text.startswith("The harbour board agreed")


def test_read_the_original_article_line_names_the_source() -> None:
    credit = "<p>Read the original article on The Riverton Gazette.</p>"
    body = f"<h1>Harbour to be dredged</h1><article>{PROSE * 3}{credit}</article>"
    result = extract(doc(body))
    assert result.syndicated_from == "The Riverton Gazette"


@pytest.mark.parametrize(
    "line",
    ["Leia também", "Leggi anche", "À lire aussi", "Lesen Sie auch:", "Source: News agencies"],
)
def test_read_also_labels_and_a_source_line_are_no_paragraphs(line: str) -> None:
    story = f"{PROSE}<p><strong>{line}</strong></p>{PROSE.replace('harbour', 'port')}"
    text = extract(doc(f"<h1>Harbour to be dredged</h1><article>{story}</article>")).text
    assert line not in text
    assert text.endswith("plan landings around them.")


def test_most_watched_videos_box_ends_the_story() -> None:
    box = (
        "<p><strong>VÍDEOS: mais assistidos do n1 Santa Aurora</strong></p>"
        "<div class='video-player__title'>Moradores flagram capivaras atravessando avenida</div>"
    )
    text = extract(doc(f"<h1>Harbour to be dredged</h1><article>{PROSE * 2}{box}</article>")).text
    assert "capivaras" not in text and "VÍDEOS" not in text


def test_a_press_release_s_contact_block_ends_its_text() -> None:
    contact = (
        "<p>Media Contact:</p><p>Theo Marchetti</p><p>press@brambleworth.example</p>"
        "<p>503-555-0147</p>"
    )
    text = extract(
        doc(f"<h1>Harbour to be dredged</h1><article>{PROSE * 2}{contact}</article>")
    ).text
    assert text.endswith("plan landings around them.")


def test_credit_line_naming_the_site_itself_is_no_syndication() -> None:
    head = "<meta property='og:site_name' content='Port News'>"
    credit = "<p>Originally published on Port News.</p>"
    body = f"<h1>Harbour to be dredged</h1><article>{PROSE * 3}{credit}</article>"
    assert extract(doc(body, head)).syndicated_from is None


def test_canonical_pointing_to_another_site_is_syndication() -> None:
    head = "<link rel='canonical' href='https://original.example.com/story'>"
    result = extract(doc(f"<article>{PROSE}</article>", head))
    assert result.canonical_url == "https://original.example.com/story"
    assert result.syndicated_from == "original.example.com"


def test_canonical_defaults_to_the_page_url() -> None:
    assert extract(doc(f"<article>{PROSE}</article>")).canonical_url == URL


def test_url_date_wins_over_a_utc_timestamp_one_day_later() -> None:
    head = "<meta property='article:published_time' content='2019-11-19T02:30:00+00:00'>"
    url = "https://port.example.org/2019/11/18/harbour-board-dredging/"
    result = extract(doc(f"<article>{PROSE}</article>", head), url)
    assert result.published_date == dt.date(2019, 11, 18)
    assert result.published_at == dt.datetime(2019, 11, 19, 2, 30, tzinfo=dt.UTC)


def test_forum_threads_are_other_but_keep_replies_on_request() -> None:
    # XenForo's "/threads/" with replies classed as comments; and forum software that
    # names a thread "thread-1234.html" and marks each post as the content ("post_body").
    xenforo = (
        "<article class='message comment'><div class='message-author'>user{i}</div>"
        "<div class='comment-body'>{reply}</div></article>"
    )
    mybb = (
        "<div class='post'><div class='post_author'>user{i}</div>"
        "<div class='post_body' id='pid_{i}'>{reply}</div></div>"
    )
    for post, url in (
        (xenforo, "https://forum.example.org/threads/harbour-dredging.1234/"),
        (mybb, "https://forum.example.org/thread-1234.html"),
    ):
        posts = "".join(post.format(i=i, reply=_reply(i)) for i in range(4))
        _assert_thread(posts, url, 4)


def _reply(number: int) -> str:
    return (
        f"<p>Reply number {number}: the dredging schedule looks sensible to me, but the "
        "night closures will hurt the early boats.</p>"
    )


def _assert_thread(posts: str, url: str, count: int) -> None:
    """A page of ``count`` replies is no article but a thread, read whole on request."""
    result = extract_article(doc(posts), url)
    assert isinstance(result, NotArticle)
    assert (result.page_kind, result.reason) == ("other", "discussion thread")
    kept = extract(doc(posts), url, keep_non_articles=True)
    assert all(f"Reply number {i}" in kept.text for i in range(count))


def test_an_underscore_spells_a_rule_as_a_hyphen_does() -> None:
    verdicts = {
        "hs_cos_wrapper hs_cos_wrapper_meta_field hs_cos_wrapper_post_body": _CONTENT,
        "post_body": _CONTENT,
        "article__body": _CONTENT,
        "skip_link": _BOILERPLATE,
    }
    for marks, verdict in verdicts.items():
        assert _judge_marks(marks, by_class=True, thread=False) == verdict, marks


def test_product_page_is_other() -> None:
    head = "<meta property='og:type' content='product'>"
    result = extract_article(doc(f"<main>{PROSE}</main>", head), URL)
    assert isinstance(result, NotArticle)
    assert result.page_kind == "other"


def test_section_front_with_a_few_cards_is_a_listing() -> None:
    cards = "".join(
        f"<li><h3><a href='/news/2024/0{i}/story'>Headline number {i} for the section</a></h3>"
        f"<p>Standfirst {i}.</p></li>"
        for i in range(1, 5)
    )
    head = "<meta property='og:type' content='website'>"
    result = extract_article(doc(f"<main><h1>World</h1><ul>{cards}</ul></main>", head), URL)
    assert isinstance(result, NotArticle)
    assert result.page_kind == "listing"


@pytest.mark.parametrize(
    ("types", "kind"),
    [(["CollectionPage", "ItemList"], "listing"), (["WebPage", "Article"], "article")],
)
def test_og_type_article_gives_way_to_schema_org_saying_the_page_is_a_list(
    types: list[str], kind: str
) -> None:
    # A recipe site's category page: og:type "article" on every page of the CMS, while
    # its JSON-LD says what this one is.
    graph = ", ".join(f'{{"@type": "{t}", "name": "Dinner"}}' for t in types)
    head = (
        "<meta property='og:type' content='article'>"
        f'<script type="application/ld+json">{{"@graph": [{graph}]}}</script>'
    )
    cards = "".join(
        f"<li><a href='/recipe/{i}/'>Sheet pan supper number {i}</a> from the test kitchen</li>"
        for i in range(12)
    )
    result = extract_article(doc(f"<main><h1>Dinner</h1>{PROSE}<ul>{cards}</ul></main>", head), URL)
    assert result.page_kind == kind


def test_repeated_title_and_lone_updated_line_are_dropped() -> None:
    body = (
        "<article><h2>Harbour to be dredged</h2><p>Updated at 1:23 p.m.</p>"
        f"{PROSE}<p>Like this story? Share it with a friend!</p></article>"
    )
    text = extract(doc(body)).text
    assert "Harbour to be dredged" not in text
    assert "Updated at" not in text
    assert "Like this story" not in text


def test_random_binary_is_not_an_article() -> None:
    blob = bytes(range(256)) * 400
    result = extract_article(blob, URL)
    assert isinstance(result, NotArticle)
    assert "binary" in result.reason


def test_absurdly_nested_json_ld_costs_only_the_metadata() -> None:
    head = '<script type="application/ld+json">' + "[" * 5000 + "</script>"
    assert "northern channel" in extract(doc(f"<article>{PROSE}</article>", head)).text


def test_deeply_nested_markup_is_extracted() -> None:
    html = doc("<div>" * 3000 + PROSE + "</div>" * 3000)
    assert "northern channel" in extract(html).text


def test_breadcrumb_trail_is_neither_text_nor_links() -> None:
    body = (
        "<div class='main-content-wrap'><div class='entry-crumbs'><a href='/'>Home</a> "
        "<a href='/category/harbour/'>Harbour</a> <span>Harbour to be dredged</span></div>"
        "<nav aria-label='Breadcrumb'><a href='/news/'>News</a></nav>"
        f"<div class='entry-content'>{PROSE}</div></div>"
    )
    result = extract(doc(body))
    assert result.text.startswith("The harbour board")
    assert result.links == ()


def test_inner_content_container_wins_over_a_wrapper_also_called_content() -> None:
    body = (
        "<div class='td-main-content-wrap'><p class='kicker'>News every morning.</p>"
        f"<div class='entry-content'>{PROSE}</div></div>"
    )
    text = extract(doc(body)).text
    assert "northern channel" in text
    assert "every morning" not in text


LEAD_ART = (
    "<figure class='lead-art'><img src='/media/quay.jpg' width='1200' height='800' "
    "alt='The quay'><figcaption>The northern quay at low tide.</figcaption></figure>"
)


def test_lead_art_between_the_headline_and_the_story_is_the_first_image() -> None:
    body = (
        "<header><h1>Harbour to be dredged</h1><p class='byline'><img class='avatar' "
        "src='/people/jo.jpg' width='40' height='40'>By Jo Park</p>"
        f"{LEAD_ART}</header><article>{PROSE}<figure><img src='/media/dredger.jpg'>"
        "<figcaption>The dredger arrives.</figcaption></figure></article>"
    )
    images = extract(doc(body)).images
    assert [image.src.rsplit("/", 1)[1] for image in images] == ["quay.jpg", "dredger.jpg"]
    assert images[0].caption == "The northern quay at low tide."
    # Without images, the lead picture is not looked for either.
    assert extract(doc(body), include_images=False).images == ()


@pytest.mark.parametrize(
    "table",
    [
        # The row under the picture has two cells: a layout's columns.
        "<table><tr><td><img src='/media/quay.jpg'></td></tr><tr><td>The northern quay."
        "</td><td>Tide tables</td></tr></table>",
        # The picture shares its cell with text.
        "<table><tr><td><img src='/media/quay.jpg'> Quay</td></tr><tr><td>The northern "
        "quay.</td></tr></table>",
        # A table of many rows is a layout, not a picture's box.
        "<table><tr><td><img src='/media/quay.jpg'></td></tr><tr><td>The northern quay."
        "</td></tr>" + "<tr><td>Tide tables</td></tr>" * 3 + "</table>",
    ],
)
def test_a_cell_under_a_picture_in_a_layout_table_is_no_caption(table: str) -> None:
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{table}</article>"))
    assert [image.caption for image in result.images] == [None]


def test_a_picture_deep_in_a_photo_viewer_s_figure_has_the_figure_s_caption() -> None:
    viewer = (
        "<figure role='group'><div data-testid='imageblock-wrapper'><div data-testid="
        "'photoviewer-wrapper'><div data-testid='photoviewer-children'><picture><source "
        "srcset='/media/quay.webp'><img src='/media/quay.jpg'></picture></div></div></div>"
        "<figcaption><span>The northern quay at low tide.</span></figcaption></figure>"
    )
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{viewer}</article>"))
    assert [image.caption for image in result.images] == ["The northern quay at low tide."]


def test_a_caption_hidden_from_screen_readers_is_still_the_picture_s() -> None:
    # Le Monde's caption repeats the alt for sighted readers alone; cleaning takes what
    # is hidden, so the caption comes from the lead picture read before it.
    figure = (
        "<figure class='article__media'><img src='/media/quay.jpg' width='664' "
        "height='443' alt='The quay'><figcaption class='article__legend' aria-hidden='true'>"
        "The northern quay at low tide.</figcaption></figure>"
    )
    body = f"<article><h1>Harbour to be dredged</h1>{figure}{PROSE}</article>"
    result = extract(doc(body))
    assert [image.caption for image in result.images] == ["The northern quay at low tide."]
    assert "northern quay" not in result.text


def test_a_tracking_pixel_is_no_picture_of_the_story() -> None:
    pixels = (
        "<img src='https://origin.example/?republication-pixel=true' width='1' height='1'>"
        "<img id='tracker' src='https://origin.example/count.gif' style='width:1px;height:1px;'>"
    )
    # Sized by the style sheet (Next.js writes 0), or by a least size: pictures.
    shown = (
        "<img src='/media/dredger.jpg' width='0' height='0' class='w-full'>"
        "<img src='/media/crew.jpg' style='width: 0px; height: 0px; min-width: 100%'>"
    )
    body = f"<article><h1>Harbour to be dredged</h1>{PROSE}{pixels}{shown}</article>"
    srcs = [image.src.rsplit("/", 1)[1] for image in extract(doc(body)).images]
    assert srcs == ["dredger.jpg", "crew.jpg"]


@pytest.mark.parametrize(
    "line",
    [
        # A "read also" label in another language with the other story's headline.
        "<p>Читайте также: в порту закрыли переправу <a href='/news/1'>через реку</a></p>",
        "<p><strong>Lire aussi |</strong> Les huîtres de la rade, <a href='/a/2'>deux ans "
        "après</a></p>",
        # The ad label of WordPress.com, in the plural.
        "<div class='wpa'><span class='wpa-about'>Advertisements</span></div>",
        # A local TV station's sign-off.
        "<p><em>For the latest news, weather, sports, and streaming video, head to <a "
        "href='/'>WTKQ</a>.</em></p>",
        # A Spanish paper's wall between the free paragraphs and the rest, and its
        # licensing offer.
        "<div class='a_pay'><p>Suscríbete para seguir leyendo</p><p>Lee sin límites</p>"
        "<p><a href='/subs'>Seguir leyendo</a> <a href='/login'>Ya soy suscriptor</a></p></div>",
        "<p class='a_lic'>Si está interesado en licenciar este contenido, <a href='/l'>"
        "pinche aquí</a></p>",
        # A wire's funding note.
        "<p><i>The Associated Press receives support from the Halden Foundation for its "
        "coverage of water issues. AP is solely responsible for all content.</i></p>",
        # A picture's credit left alone in the text, with or without its colon.
        "<p>Photo: Jo Hale/Harbour Wire</p>",
        "<div class='zcopy'>Фото ИА «Северпресс»</div>",
        # The writer's post under the byline, in the story's box (the BBC's of 2008).
        "<p><span class='byd'>Business reporter, Harbour News</span></p>",
        # A widget's placeholder, with its words and an ellipsis.
        "<div class='specs'><p>Loading prices for your region\u2026</p></div>",
        "<p>Loading comments...</p>",
    ],
)
def test_lines_that_belong_to_no_story_are_dropped(line: str) -> None:
    text = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{line}</article>")).text
    assert text.count("\n\n") == 2, text


@pytest.mark.parametrize(
    "line",
    [
        *("Pixel Editor", "Letters to the editor", "Lead Writer"),
        # A sentence that opens with the word, not a placeholder.
        "Loading the ferry took an hour...",
    ],
)
def test_a_program_or_a_column_named_like_a_post_stays(line: str) -> None:
    body = f"<article><h1>Harbour to be dredged</h1>{PROSE}<p>{line}</p></article>"
    assert extract(doc(body)).text.endswith(f"\n\n{line}")


def test_about_the_author_in_spanish_ends_the_story() -> None:
    bio = "<p>Sobre la firma</p><p>Lucía Pardo</p><p><a href='https://x.example/lp'>@lp</a></p>"
    text = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{bio}</article>")).text
    assert "Sobre la firma" not in text and "@lp" not in text
    assert text.count("\n\n") == 2


def test_a_lazy_image_named_only_in_data_delayed_url_is_read() -> None:
    # LinkedIn's articles.
    img = "<img class='lazy-load' data-delayed-url='https://media.example/chart.png' alt=''>"
    body = f"<article><h1>Harbour to be dredged</h1>{PROSE}<figure>{img}</figure></article>"
    assert [image.src for image in extract(doc(body)).images] == ["https://media.example/chart.png"]


def test_code_in_a_pre_keeps_its_lines_and_indentation() -> None:
    code = (
        "<pre><code class='language-python'><span class='token keyword'>def</span> drain("
        "queue):\n    pipe = queue.pipeline()\n\n    return pipe.execute()\n</code>"
        "<button>Copy</button></pre>"
    )
    text = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{code}</article>")).text
    block = "def drain(queue):\n    pipe = queue.pipeline()\n    return pipe.execute()"
    # Its blank line goes, so that a blank line still parts paragraphs; the button's
    # label is no line of it.
    assert text.endswith(f"them.\n\n{block}")


def test_a_caption_class_in_camel_case_is_a_caption() -> None:
    # MailOnline's "imageCaption", CNBC's "InlineImage-imageEmbedCredit".
    group = (
        "<div class='artSplitter'><img src='/media/quay.jpg'><span class='InlineImage-"
        "imageEmbedCredit'>Jo Park | Harbour Press</span><p class='imageCaption'>The northern "
        "quay at low tide.</p></div>"
    )
    body = f"<article><h1>Harbour to be dredged</h1>{PROSE}{group}</article>"
    result = extract(doc(body))
    assert [image.caption for image in result.images] == ["The northern quay at low tide."]
    assert "northern quay" not in result.text and "Jo Park" not in result.text


def test_a_provided_by_line_credits_the_source_and_stays() -> None:
    # A science news site's line under a university's story, its name a link.
    line = (
        "<div class='d-inline-block'>Provided by <a href='/partners/uni'>University of "
        "Example</a></div>"
    )
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{line}</article>"))
    assert result.syndicated_from == "University of Example"
    assert result.text.endswith("Provided by University of Example")


def test_related_articles_in_japanese_end_the_story() -> None:
    links = "".join(f"<br><a href='/a/{n}'>他の記事の見出し{n}</a>" for n in range(3))
    story = f"<p>港湾局は月曜日、冬の前に北水路を浚渫することを決めた。{'詳細' * 40}</p>"
    # The links in the last paragraph's <p>, after line breaks: no box of links to prune.
    body = f"<article><h1>北水路を浚渫へ</h1>{story[:-4]}<br><br>【関連記事】{links}</p></article>"
    text = extract(doc(body)).text
    assert "関連記事" not in text and "他の記事" not in text
    assert text.startswith("港湾局は月曜日")


def test_a_lazy_lead_picture_and_its_noscript_copy_are_one_picture_with_its_caption() -> None:
    lead = (
        "<div class='featured_image'><a href='/media/quay.jpg'><div class='thumbnail'>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' data-src='/media/quay.jpg' "
        "class='lazyload wp-post-image'><noscript><img src='/media/quay.jpg' "
        "class='wp-post-image'></noscript></div></a>"
        "<p class='wp-caption-text'>The northern quay at low tide.</p></div>"
    )
    body = f"<header><h1>Harbour to be dredged</h1>{lead}</header><article>{PROSE}</article>"
    images = extract(doc(body)).images
    assert [image.src for image in images] == ["https://port.example.org/media/quay.jpg"]
    assert images[0].caption == "The northern quay at low tide."


def test_a_feature_picture_above_the_headline_s_header_is_the_lead_art() -> None:
    # GeneratePress's "featured image: above title".
    feature = (
        "<div class='featured-image page-header-image-single'><img src='/media/quay.jpg' "
        "width='1600' height='1067' alt='The quay'></div>"
    )
    header = "<header class='entry-header'><h1>Harbour to be dredged</h1></header>"
    body = f"<article>{feature}{header}<div class='entry-content'>{PROSE}</div></article>"
    assert [image.src for image in extract(doc(body)).images] == [
        "https://port.example.org/media/quay.jpg"
    ]
    # A breadcrumb's arrow in the hero box above the headline is none.
    crumbs = (
        "<section class='blog-hero'><div class='breadcrumb'><a href='/blog'>Blog</a>"
        "<img src='/media/arrow.svg' alt=''><div>Harbour to be dredged</div></div>"
    )
    body = f"{crumbs}<h1>Harbour to be dredged</h1></section><article>{PROSE}</article>"
    assert extract(doc(body)).images == ()


def test_a_picture_after_the_story_has_begun_is_no_lead_art() -> None:
    # Two paragraphs of prose between the headline and the picture: the story began,
    # and the picture outside its container (a promotion below) is not its lead.
    body = (
        f"<h1>Harbour to be dredged</h1><article>{PROSE}</article>"
        "<div class='promo'><figure><img src='/media/ad.jpg'></figure></div>"
    )
    assert extract(doc(body)).images == ()


@pytest.mark.parametrize(
    "figure",
    [
        # Classic WordPress: a caption box, not a <figure>.
        "<div class='wp-caption'><img src='/media/quay.jpg'><p class='wp-caption-text'>"
        "The northern quay at low tide.</p></div>",
        # Blogger: the caption in the next row of a table around the picture.
        "<table class='tr-caption-container'><tr><td><a href='/media/quay.jpg'>"
        "<img src='/media/quay.jpg'></a></td></tr><tr><td class='tr-caption'>"
        "The northern quay at low tide.</td></tr></table>",
        # A table layout of the 2000s: the caption in the row under the picture, unclassed.
        "<table align='right'><tr><td><img src='/media/quay.jpg'></td></tr><tr><td><font "
        "size='1'>The northern quay at low tide.</font></td></tr></table>",
        # AMP: <amp-img>, with its <noscript> copy.
        "<figure><amp-img src='/media/quay.jpg' width='1200' height='800'><noscript>"
        "<img src='/media/quay.jpg'></noscript></amp-img><figcaption>The northern quay at "
        "low tide.</figcaption></figure>",
        # The file named only by the <picture>'s sources.
        "<figure><picture><source srcset='/media/quay.jpg 1x, /media/quay@2x.jpg 2x'>"
        "<img alt='The quay'></picture><figcaption>The northern quay at low tide."
        "</figcaption></figure>",
    ],
)
def test_captioned_picture_in_the_story(figure: str) -> None:
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{figure}</article>"))
    assert [image.src for image in result.images] == ["https://port.example.org/media/quay.jpg"]
    assert result.images[0].caption == "The northern quay at low tide."
    assert result.text.count("The northern quay at low tide.") <= 1


@pytest.mark.parametrize(
    "line", ["4 min read", "3 MIN. READ", "6 min readMar 5, 2024", "Reading Time: 8 minutes"]
)
def test_reading_time_line_is_no_paragraph_of_the_story(line: str) -> None:
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1><p>{line}</p>{PROSE}</article>"))
    assert line not in result.text
    assert result.text.startswith("The harbour board agreed")


@pytest.mark.parametrize(
    ("chrome", "label"),
    [
        # A label whose value is the link beside it.
        ("<span>Published in</span><div><a href='/'>Harbour Weekly</a></div>", "Published in"),
        # A picture viewer's button label.
        (
            "<div role='button'>Press enter or click to view image in full size</div>",
            "Press enter",
        ),
        # A vote or clap count.
        ("<div class='pw-multi-vote-count'><p><span>1.3K</span></p></div>", "1.3K"),
    ],
)
def test_story_header_chrome_is_no_paragraph_of_the_story(chrome: str, label: str) -> None:
    # A story long enough that cleaning takes the header's marked boxes away.
    body = f"<article><h1>Harbour to be dredged</h1><div>{chrome}</div>{PROSE * 3}</article>"
    text = extract(doc(body)).text
    assert label not in text
    assert "The harbour board agreed" in text


def test_section_heading_with_a_weak_class_stays_in_the_text() -> None:
    # Substack's section headings carry "header-with-anchor-widget": two weak words
    # ("header", "widget") that doom a box without prose, but not a heading.
    # A long story: the heading is a sliver of the page's text.
    heading = "<h2 class='header-with-anchor-widget'>What the pilots saw</h2>"
    part = "".join(
        f"<p>Paragraph {n} of the story, with words enough to count as prose here.</p>"
        for n in range(30)
    )
    story = f"{part}{heading}{part.replace('Paragraph', 'Part')}"
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{story}</article>"))
    assert "What the pilots saw" in result.text


def test_tags_shown_as_rel_tag_links_when_the_metadata_names_none() -> None:
    footer = (
        "<p class='labels'>Labels: <a rel='tag' href='/label/ports'>Ports</a>, "
        "<a rel='tag' href='/label/dredging'>Dredging</a>, <a rel='category tag' "
        "href='/category/news'>News</a></p>"
    )
    cloud = "<aside><a class='tag-cloud-link' href='/tag/weather'>weather</a></aside>"
    result = extract(
        doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{footer}</article>{cloud}")
    )
    assert result.tags == ("Ports", "Dredging")


def _tag_list(*names: str, prefix: str = "/tag/") -> str:
    items = "".join(
        f"<div class='ux'><a href='https://medium.example{prefix}{n.lower().replace(' ', '-')}"
        f"?source=post_page'><div class='uz'>{n}</div></a></div>"
        for n in names
    )
    return f"<div class='uu'>{items}</div>"


def test_tags_as_links_to_tag_pages_in_one_list() -> None:
    nav = "<nav><a href='/tag/weather/'>Weather</a><a href='/tag/sport/'>Sport</a></nav>"
    tags = _tag_list("Public Transit", "Night Shift")
    body = f"{nav}<article><h1>Harbour to be dredged</h1>{PROSE}{tags}</article>"
    assert extract(doc(body)).tags == ("Public Transit", "Night Shift")


@pytest.mark.parametrize(
    "links",
    [
        # Each story card of a list with its own tag: no list holds the story's tags.
        "".join(
            f"<div class='card'><h3>Story {n}</h3>{_tag_list(f'Topic {n}')}</div>" for n in range(3)
        ),
        # A tag cloud: more tags than a story has.
        _tag_list(*(f"Topic {n}" for n in range(20)), prefix="/tags/"),
    ],
)
def test_links_to_tag_pages_that_are_no_story_s_tags(links: str) -> None:
    body = f"<article><h1>Harbour to be dredged</h1>{PROSE}</article>{links}"
    assert extract(doc(body)).tags == ()


def test_metadata_tags_win_over_shown_ones() -> None:
    head = "<meta property='article:tag' content='harbour'>"
    links = "<a class='post-tag' href='/t/ports'>Ports</a>"
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}{links}</article>", head))
    assert result.tags == ("harbour",)


def test_shown_tags_win_over_the_seo_keywords_which_are_the_last_resort() -> None:
    head = "<meta name='keywords' content='harbour news, ports, shipping, weather'>"
    links = "<a class='post-tag' href='/t/dredging'>Dredging</a>"
    story = f"<article><h1>Harbour to be dredged</h1>{PROSE}"
    assert extract(doc(f"{story}{links}</article>", head)).tags == ("Dredging",)
    assert extract(doc(f"{story}</article>", head)).tags == (
        "harbour news",
        "ports",
        "shipping",
        "weather",
    )


def test_image_link_without_text_is_not_a_link() -> None:
    body = (
        "<article><a href='/uploads/dredger.jpg'><img src='/uploads/dredger.jpg' alt=''></a>"
        f"{PROSE}<p>See the <a href='/board/minutes'>board minutes</a> for details.</p></article>"
    )
    result = extract(doc(body))
    assert [link.text for link in result.links] == ["board minutes"]
    assert result.images[0].src.endswith("/uploads/dredger.jpg")


def test_dek_under_the_headline_is_the_subtitle() -> None:
    body = (
        "<article><header><h1>Harbour to be dredged</h1><p class='post-sub-title'>Pilots "
        f"warned of silt at low tide.</p></header>{PROSE}</article>"
    )
    assert extract(doc(body)).subtitle == "Pilots warned of silt at low tide."


def test_subtitle_classed_box_far_below_the_headline_is_no_dek() -> None:
    # A newsletter box or a teaser card with a "subtitle" class, after the story: the dek
    # is looked for only in the first elements from the headline on.
    story = "".join(f"<p>{sentence}</p>" for sentence in PROSE.split("</p><p>") * 15)
    box = "<aside><p class='newsletter__subtitle'>Get the harbour news in your inbox.</p></aside>"
    head = "<meta name='description' content='The channel is silting up.'>"
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{story}</article>{box}", head))
    # Nor is a description the page does not show: that stays the description.
    assert result.subtitle is None
    assert result.description == "The channel is silting up."


def test_description_shown_under_the_headline_is_the_dek() -> None:
    head = "<meta name='description' content='Pilots warned of silt at low tide.'>"
    body = (
        "<header><h1>Harbour to be dredged</h1><p>Pilots warned of silt at low tide.</p>"
        f"</header><article>{PROSE}</article>"
    )
    result = extract(doc(body, head))
    assert result.subtitle == "Pilots warned of silt at low tide."
    assert not result.text.startswith("Pilots")


def test_description_that_is_the_lead_paragraph_is_no_dek() -> None:
    lead = PROSE.split("</p>")[0].removeprefix("<p>")
    head = f"<meta name='description' content='{lead}'>"
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}</article>", head))
    assert result.text.startswith(lead)
    assert result.subtitle is None


@pytest.mark.parametrize(
    ("shown", "dek"),
    [
        # A wire story's description is its byline, dateline and lead: no dek.
        ("By Md Aynal Haque RAJSHAHI, Dec 20, 2025 (BSS) - Homestead gardens grow.", False),
        ("By 2030, half of the harbour's tugs will run on batteries.", True),
    ],
)
def test_description_that_opens_with_a_byline_is_no_dek(shown: str, dek: bool) -> None:
    head = f"<meta name='description' content=\"{shown}\">"
    body = (
        f"<header><h1>Harbour to be dredged</h1><p>{shown}</p></header><article>{PROSE}</article>"
    )
    result = extract(doc(body, head))
    assert result.subtitle == (shown if dek else None)


def test_author_note_classed_as_an_excerpt_is_no_dek() -> None:
    body = (
        "<article><h1>Harbour to be dredged</h1><div class='byline'>By <a href='/a/ar'>"
        "Archie Fenn</a></div><div class='with-excerpt'>Archie is a writer from the coast "
        f"who covers ports and shipping.</div>{PROSE}</article>"
    )
    result = extract(doc(body))
    assert result.authors == ("Archie Fenn",)
    assert result.subtitle is None


def test_teaser_card_excerpt_is_no_dek() -> None:
    card = "<div><p class='article-card__excerpt'>Ferry fares rise again next month.</p></div>"
    body = f"<article><h1>Harbour to be dredged</h1>{card}{PROSE}</article>"
    assert extract(doc(body)).subtitle is None


def test_excerpt_under_the_headline_beats_an_seo_alternative_headline() -> None:
    graph = {"@type": "NewsArticle", "alternativeHeadline": "Harbour dredging: what to know"}
    head = f"<script type='application/ld+json'>{json.dumps(graph)}</script>"
    body = (
        "<article><h1>Harbour to be dredged</h1><div class='entry-excerpt'><p>Pilots "
        f"warned of silt at low tide.</p></div>{PROSE}</article>"
    )
    assert extract(doc(body, head)).subtitle == "Pilots warned of silt at low tide."


def test_dek_of_a_page_without_headline_is_found_anywhere() -> None:
    body = f"<main>{PROSE}<div class='standfirst'>Pilots warned of silt at low tide.</div></main>"
    assert extract(doc(body)).subtitle == "Pilots warned of silt at low tide."


def test_article_at_a_one_word_path_is_an_article() -> None:
    result = extract(doc(f"<article><h1>Harbour to be dredged</h1>{PROSE}</article>"), URL_ONE)
    assert result.page_kind == "article"


def test_section_front_at_a_one_word_path_is_a_listing() -> None:
    cards = "".join(
        f"<div><h3><a href='/news/story-{i}'>Headline number {i} for the section</a></h3></div>"
        for i in range(1, 5)
    )
    result = extract_article(doc(f"<main>{cards}{PROSE}</main>"), URL_ONE)
    assert isinstance(result, NotArticle)
    assert result.page_kind == "listing"


def test_organisation_as_author_gives_way_to_a_named_person() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour '
        'to be dredged", "author": {"@type": "Organization", "name": "Port Weekly"}}</script>'
    )
    body = f"<article><h1>Harbour to be dredged</h1><p>Written by Ines Varga</p>{PROSE}</article>"
    assert extract(doc(body, head)).authors == ("Ines Varga",)


def test_organisation_is_the_author_when_no_person_is_named() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour '
        'to be dredged", "author": {"@type": "Organization", "name": "Port Weekly"}}</script>'
    )
    assert extract(doc(f"<article>{PROSE}</article>", head)).authors == ("Port Weekly",)


def test_author_spelled_by_the_web_address_gives_way_to_a_byline() -> None:
    head = "<meta name='author' content='Port Example'>"
    body = f"<article><h1>Harbour to be dredged</h1><p>By Ines Varga</p>{PROSE}</article>"
    assert extract(doc(body, head)).authors == ("Ines Varga",)


def test_byline_without_a_telling_class_anywhere_in_the_page() -> None:
    body = (
        f"<div class='brxe-block'><h1>Harbour to be dredged</h1></div>{PROSE}"
        "<div class='brxe-block'><p>Some other block.</p><p>Written by Ines Varga</p></div>"
    )
    assert extract(doc(body)).authors == ("Ines Varga",)


def test_headline_in_capitals_takes_the_case_of_the_metadata() -> None:
    head = "<meta property='og:title' content='Harbour to be Dredged'>"
    body = f"<article><h1>HARBOUR TO BE DREDGED</h1>{PROSE}</article>"
    html = (
        "<html><head><title>Harbour to be Dredged | Port Weekly</title>"
        f"{head}</head><body>{body}</body></html>"
    )
    assert extract(html).title == "Harbour to be Dredged"


def test_brief_at_a_dated_address_is_an_article() -> None:
    brief = (
        "<p>The harbour board agreed on Monday to dredge the northern channel before winter, "
        "after pilots warned that silt made the approach unsafe at low tide.</p>"
    )
    url = "https://port.example.org/2024/03/harbour.html"
    assert extract(doc(f"<article>{brief}</article>"), url).page_kind == "article"
    assert isinstance(extract_article(doc(f"<article>{brief}</article>"), URL), NotArticle)


def test_streamed_segments_are_kept_even_when_each_is_small() -> None:
    menu = "".join(f"<li><a href='/s/{i}'>Section number {i}</a></li>" for i in range(40))
    html = doc(
        f"<ul class='menu'>{menu}</ul><div hidden id='S:1'><h1>Harbour</h1>{PROSE}</div>"
        f"<div hidden id='S:2'>{PROSE.replace('harbour', 'port')}</div>"
    )
    assert "northern channel" in extract(html).text


def _cleaned_text(body: str) -> str:
    """The page text after the class rules alone (no retry that could hide a rule)."""
    tree = LexborHTMLParser(doc(body))
    assert tree.body is not None
    clean_tree(tree.body, ExtractOptions())
    return tree.body.text(separator=" ")


def test_content_sidebar_layout_wrapper_is_not_a_sidebar() -> None:
    menu = "".join(f"<li><a href='/s/{i}'>Section number {i}</a></li>" for i in range(60))
    body = (
        f"<ul>{menu}</ul><div class='content-sidebar-wrap'><div>{PROSE}</div>"
        "<div class='sidebar'><p>Sidebar blurb.</p></div></div>"
    )
    text = _cleaned_text(body)
    assert "northern channel" in text
    assert "Sidebar blurb" not in text


def test_weak_sign_on_a_node_holding_much_of_the_text_is_kept() -> None:
    prose_in_divs = PROSE.replace("<p>", "<div>").replace("</p>", "</div>")
    menu = "".join(f"<li><a href='/s/{i}'>Section number {i}</a></li>" for i in range(60))
    body = f"<ul>{menu}</ul><div class='header-container-wrapper'>{prose_in_divs}</div>"
    assert "northern channel" in _cleaned_text(body)


def test_class_verdict_is_the_strongest_of_its_tokens() -> None:
    # Content beats boilerplate beats a weak sign; layout and page-builder tokens count
    # for nothing; a word rule needs the whole word ("ad" is not "address").
    assert _judge_marks("post-content share-bar", by_class=True, thread=False) == _CONTENT
    assert _judge_marks("Col-MD-8 Post-Share", by_class=True, thread=False) == _BOILERPLATE
    assert _judge_marks("teaser-card", by_class=True, thread=False) == _WEAK
    assert _judge_marks("address top-ad", by_class=True, thread=False) == _BOILERPLATE
    assert _judge_marks("address", by_class=True, thread=False) == _NEUTRAL
    assert _judge_marks("content-sidebar-wrap", by_class=True, thread=False) == _NEUTRAL
    assert _judge_marks("elementor-widget", by_class=True, thread=False) == _NEUTRAL
    assert _judge_marks("comment-list", by_class=True, thread=True) == _NEUTRAL
    assert _judge_marks("share-bar", by_class=False, thread=False) == _NEUTRAL


def test_teaser_excerpts_do_not_outvote_the_story() -> None:
    # Related posts with excerpts ("... and then …") hold more text than a one-paragraph
    # story; the excerpts must not win the story's place.
    story = (
        "<article><h1>Harbour to be dredged</h1><p>The harbour board agreed on Monday to "
        "dredge the northern channel before winter, after pilots warned that silt had made "
        "the approach unsafe at low tide, and work will start next month.</p></article>"
    )
    related = "".join(
        f"<article><h3><a href='/news/{i}'>Earlier story {i}</a></h3><p>The council met "
        f"again on Tuesday number {i} to discuss the ferry timetable, the car park and the "
        f"price of the new pontoon that fishermen …</p></article>"
        for i in range(6)
    )
    head = "<meta property='og:type' content='article'>"
    html = doc(f"<div class='posts'>{story}{related}</div>", head)
    text = extract(html).text
    assert "northern channel" in text
    assert "ferry timetable" not in text


def test_marked_content_of_bare_divs_and_spans_is_trusted() -> None:
    # Blogger-style markup: no <p> at all, the story in spans inside a content div.
    lines = PROSE.replace("<p>", "<div><span>").replace("</p>", "</span></div>")
    nav = "".join(f"<div><span>Other post number {i} about the town</span></div>" for i in range(4))
    html = doc(f"<div class='post-content'>{lines}</div><div class='list'>{nav}</div>")
    text = extract(html).text
    assert all(words in text for words in ("northern channel", "six weeks", "Fishing crews"))
    assert "Other post" not in text


def test_root_that_is_itself_a_link_farm_gives_no_text() -> None:
    links = " ".join(f"<a href='/t/{i}'>Terms of use {i}</a>" for i in range(8))
    tree = LexborHTMLParser(doc(f"<div class='legal'>{links} and little else.</div>"))
    assert tree.body is not None
    body = extract_body(tree, URL, ExtractOptions())
    assert body.text == ""


def test_reading_list_whose_items_carry_their_own_words_is_kept() -> None:
    # A wiki's "further reading": each item a link and who wrote it. Link-dense, yet
    # no menu; the bare list of links beside it is one.
    reading = "".join(
        f"<li><a href='/r/{i}'>Dredging shallow approaches, part {i}</a> by Ana Pilot</li>"
        for i in range(5)
    )
    menu = "".join(f"<li><a href='/m/{i}'>Harbour section {i}</a></li>" for i in range(5))
    html = doc(f"<article>{PROSE}<ul>{reading}</ul><ul>{menu}</ul></article>")
    text = extract(html).text
    assert all(f"part {i} by Ana Pilot" in text for i in range(5))
    assert "Harbour section" not in text


def test_skip_links_are_no_text() -> None:
    # A wiki's accessibility links, run together where the theme hides them.
    skips = "<a href='#nav'>Jump to navigation</a><a href='#search'>Jump to search</a>"
    html = doc(f"<article>{skips}{PROSE}Skip to main content</article>")
    text = extract(html).text
    assert "northern channel" in text
    assert "Jump to" not in text and "Skip to" not in text


def test_text_shown_twice_is_kept_once_and_a_lone_repeat_stays() -> None:
    # The story rendered twice (a layout per screen size), and a meal plan whose days
    # repeat a line: the copy goes, the plan keeps each day's line.
    days = "".join(
        f"<h3>Day {day}</h3><p>Meal 2</p><p>One bowl of {food} with a spoon of honey.</p>"
        for day, food in ((1, "oats"), (2, "rice"), (3, "barley"))
    )
    story = PROSE + (
        "<p>The board's engineer said the channel had lost almost a metre of depth since "
        "the last dredging, eleven years ago, and that the silt came mostly from the river "
        "after the wet spring, not from the sea as the pilots had assumed.</p>"
        "<p>The spoil will be taken out to the licensed dumping ground beyond the headland, "
        "and the board will test it for metals first, as the licence requires, before the "
        "first barge leaves the harbour.</p>"
        "<p>Harbour users can send questions about the closures to the board's office on "
        "the quay, which will publish a weekly notice of the nights the channel is shut, "
        "the tides expected and the berths that stay open to the fishing fleet.</p>"
    )
    twice = f"<article><div>{story}</div><div>{story}</div>{days}</article>"
    text = extract(doc(twice)).text
    assert text.count("northern channel") == 1
    assert text.count("Fishing crews welcomed") == 1
    assert text.count("Meal 2") == 3
    stutter = "<p>The dredger arrives on the first of the month.</p>" * 2
    assert extract(doc(f"<article>{PROSE}{stutter}</article>")).text.count("dredger arrives") == 1


@pytest.mark.parametrize(
    ("paragraphs", "size", "captions", "kept"),
    [
        ("a b c x a b c y x", 400, "", "a b c x y x"),  # three in order, 1,200 chars: a copy
        ("a b c x a b c y x", 300, "", "a b c x a b c y x"),  # 900 chars: the text's own
        ("a b x a b y", 600, "", "a b x a b y"),  # two in order: the text's own
        ("q a b c a b c", 400, "", "q a b c"),  # the copy right after the original
        ("cap t cap", 10, "cap", "cap t"),  # a caption, once
        ("t t u t", 10, "", "t u t"),  # a stutter
    ],
)
def test_copies_are_long_runs_stutters_and_captions(
    paragraphs: str, size: int, captions: str, kept: str
) -> None:
    def long(letters: str) -> list[str]:
        return [letter * size for letter in letters.split()]

    found = text_module._without_copies(long(paragraphs), frozenset(long(captions)))
    assert found == long(kept)


def test_a_quoted_post_keeps_its_signature_where_a_lone_date_goes() -> None:
    tweet = (
        "<blockquote class='twitter-tweet'><p>Dredging starts tonight: large vessels keep "
        "clear of the northern channel after dark.</p>— Port Authority (@portauth) May 3, "
        "2024</blockquote>"
    )
    html = doc(f"<article><p>May 3, 2024</p>{PROSE}{tweet}</article>")
    text = extract(html).text
    assert "— Port Authority (@portauth) May 3, 2024" in text
    assert "\n\nMay 3, 2024\n\n" not in f"\n\n{text}\n\n"


def test_an_embedded_post_in_a_social_embed_wrapper_is_text() -> None:
    # The wrapper's class names a social widget; what it wraps is a post the story quotes.
    embed = (
        "<div class='social-media-embed'><blockquote class='twitter-tweet'><p>Dredging "
        "starts tonight: large vessels keep clear of the northern channel after dark.</p>"
        "</blockquote></div>"
    )
    share = "<div class='social-share'><a href='/s/1'>Share</a> Share this story</div>"
    text = extract(doc(f"<article>{PROSE}{embed}{share}</article>")).text
    assert "large vessels keep clear" in text
    assert "Share this story" not in text


def test_page_that_is_no_story_is_read_whole_on_request() -> None:
    # A store front: short blurbs in cards, none a story. With keep_non_articles the
    # text is the cards', not the single best card's.
    cards = "".join(
        f"<div class='card'><h3>Mooring ring {i}</h3><span>Galvanised, fits bollards of "
        f"every size, model {i}.</span></div>"
        for i in range(5)
    )
    head = "<meta property='og:type' content='product'>"
    result = extract(doc(f"<main>{cards}</main>", head), keep_non_articles=True)
    assert result.page_kind == "other"
    assert all(f"Mooring ring {i}" in result.text for i in range(5))


def test_page_read_whole_to_next_to_nothing_is_read_again_without_class_rules() -> None:
    # A shop theme that wraps the whole product in "product-meta" (read as a byline's
    # "post-meta"): the class rules leave next to nothing of the page read whole, and
    # the conservative second read (no class rules), as for articles, keeps it.
    description = (
        "<div class='product-meta'><h2>Galvanised mooring ring</h2><div class='price'>"
        "$39.00</div><div class='product-description'><p>Forged from one bar of "
        "galvanised steel, the ring takes lines up to 40 mm and fits bollards of every "
        "common size. Each ring is load tested before it leaves the yard, and comes with "
        "a certificate and two stainless shackles.</p></div></div>"
    )
    head = "<meta property='og:type' content='product'>"
    # The shop's menu, newsletter box and footer around it: each is dropped.
    menu = "".join(f"<li><a href='/shop/{i}'>Chandlery department {i}</a></li>" for i in range(8))
    around = (
        f"<nav><ul>{menu}</ul></nav>"
        "<div class='newsletter'>Sign up for our newsletter and hear first about new "
        "fittings, seasonal offers and the opening hours of the yard over the holidays.</div>"
    )
    footer = (
        "<p>Quay Street 4, open from eight until six on weekdays and from nine until noon "
        "on Saturdays. Returns within thirty days with the receipt.</p>"
    )
    html = doc(f"{around}<main>{description}</main><footer>{footer}</footer>", head)
    result = extract(html, keep_non_articles=True)
    assert result.page_kind == "other"
    assert "Forged from one bar of galvanised steel" in result.text
    assert "newsletter" not in result.text and "Quay Street" not in result.text
    # With the second read switched off the class rules alone speak: nothing is left.
    only_rules = extract(html, keep_non_articles=True, retry_whole_below_words=0)
    assert "galvanised steel" not in only_rules.text


def test_table_cells_are_words_apart_and_rows_paragraphs() -> None:
    # A minified table has no whitespace between its cells: their texts must not run
    # together ("item_idString"), and each row stays one paragraph.
    table = (
        "<table><tr><th>Attribute</th><th>Type</th><th>Description</th></tr>"
        "<tr><td>item_id</td><td>String</td><td>The <b>merchant's</b> own id</td></tr>"
        "<tr><td>gtin</td><td>Number</td><td>Trade item number</td></tr></table>"
    )
    result = extract(doc(f"<article>{PROSE}{table}</article>"))
    rows = result.text.split("\n\n")[-3:]
    assert rows == [
        "Attribute Type Description",
        "item_id String The merchant's own id",
        "gtin Number Trade item number",
    ]


def test_token_memo_is_bounded_and_never_changes_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    # The token memo is dropped whole when full: verdicts are the same with a memo of
    # two tokens as with a fresh one, and it never holds more than its bound.
    cases = [
        ("post-content share-bar", _CONTENT),
        ("Col-MD-8 Post-Share", _BOILERPLATE),
        ("teaser-card row", _WEAK),
        ("address top-ad", _BOILERPLATE),
        ("address grid", _NEUTRAL),
    ]
    memo = text_module._TOKEN_VERDICTS[False]
    monkeypatch.setattr(text_module, "_TOKEN_MEMO_MAX", 2)
    memo.clear()
    for _ in range(2):
        for marks, verdict in cases:
            assert _judge_marks(marks, by_class=True, thread=False) == verdict
            assert len(memo) <= 2
    memo.clear()


def test_each_once_finds_a_node_matched_by_several_selectors_once() -> None:
    # The cleaning walks rely on it: a plain selector list reports a node once per
    # selector it matches, which would judge (or read the text of) the node twice.
    body = LexborHTMLParser("<div class='a' id='b'><nav class='c'></nav></div>").body
    assert body is not None
    plain = body.css("[class], [id], nav")
    once = body.css(each_once(("[class]", "[id]", "nav")))
    assert [n.tag for n in plain] == ["div", "div", "nav", "nav"]
    assert [n.tag for n in once] == ["div", "nav"]


def test_selectors_grouped_by_attribute_find_what_the_plain_list_finds() -> None:
    # The hidden-node query tests each attribute's presence once and its values behind
    # it; it must find the same nodes, once each and in document order, as the rules.
    rules = (*HIDDEN_SELECTORS, *FURNITURE_SELECTORS, "nav", "[data-x]")
    grouped = by_attribute(rules)
    assert grouped.count("[role]:is(") == 1 and grouped.count("[style]:is(") == 1
    assert "nav" in grouped and "[data-x]" in grouped
    markup = (
        "<div style='color: red'>shown</div><div style='display: none'>a</div>"
        "<p role='note'>shown</p><section role='banner' hidden>b</section>"
        "<nav role='navigation'>c</nav><span aria-hidden='false'>shown</span>"
        "<span aria-hidden='true' style='visibility:hidden'>d</span>"
        "<ol itemtype='https://schema.org/BreadcrumbList'><li data-x>e</li></ol>"
        "<div aria-label='Breadcrumbs'>f</div><div role='dialog'>g</div>"
    )
    assert _found_texts(markup, rules, grouped) == ["a", "b", "c", "d", "e", "e", "f", "g"]


def test_substring_tests_with_a_shared_start_find_what_the_plain_list_finds() -> None:
    # The subtitle query puts "subtitle", "sub-title"... behind one test of "sub", and
    # "dek", "deck" behind "de"; it must find the same nodes, once each, in order.
    rules = (*SUBTITLE_SELECTORS, '[id*="x"]')
    gated = by_shared_start(rules)
    assert '[class*="sub" i]:is(' in gated and '[class*="de" i]:is(' in gated
    assert '[class*="standfirst" i]' in gated and '[id*="x"]' in gated
    assert '[class]:is([class*="sub" i]:is(' in by_attribute(rules)
    markup = (
        "<p class='subtitle'>a</p><p class='submenu'>shown</p><p class='sub-headline'>b</p>"
        "<p class='deck sub-title'>c</p><p class='header'>shown</p><p class='Dek'>d</p>"
        "<p itemprop='alternativeHeadline'>e</p><p id='box'>f</p><p>shown</p>"
    )
    for query in (gated, by_attribute(rules)):
        assert _found_texts(markup, rules, query) == ["a", "b", "c", "d", "e", "f"]


def test_the_subtitle_test_of_one_element_finds_what_the_page_wide_query_finds() -> None:
    # Near the headline the dek is tested in Python (_names_subtitle); on a page without
    # one, by the query. Both must pick the same elements: classes case aside, exact itemprop,
    # an id only for "subtitle".
    markup = (
        "<p class='post-subtitle'>a</p><p class='SubTitle'>b</p><p class='deck-x'>c</p>"
        "<p class='dekko'>d</p><p class='de k'>no</p><p itemprop='alternativeHeadline'>e</p>"
        "<p itemprop='alternativeheadline'>no</p><p itemprop='alternativeHeadline name'>no</p>"
        "<p id='post_subtitle'>f</p><p id='deck'>no</p><p class='x standfirst'>g</p>"
        "<p class>no</p><p>no</p>"
    )
    body = LexborHTMLParser(doc(markup)).body
    assert body is not None
    queried = [node.text() for node in body.css(metadata_module._SUBTITLE_ANY)]
    tested = [node.text() for node in body.traverse() if metadata_module._names_subtitle(node)]
    assert queried == tested == ["a", "b", "c", "d", "e", "f", "g"]


def _found_texts(markup: str, rules: tuple[str, ...], query: str) -> list[str]:
    """The text of each node ``query`` finds in a page of ``markup``, once it is checked
    to find what ``rules`` do as a plain list: the same nodes, once each, in order."""
    body = LexborHTMLParser(doc(markup)).body
    assert body is not None
    found = body.css(query)
    assert [node.mem_id for node in found] == [node.mem_id for node in body.css(each_once(rules))]
    return [node.text() for node in found]


def test_media_of_several_roots_from_one_walk_match_the_separate_collectors() -> None:
    page = LexborHTMLParser(
        "<div id='one'><p><a href='/a'>First</a> <img src='/1.jpg' alt='One'></p>"
        "<a href='#top'>Top</a><a href='mailto:x@example.org'>Mail</a></div>"
        "<div id='two'><figure><a href='/2.jpg'><img data-src='/2.jpg'></a>"
        "<figcaption>Quay at dusk</figcaption></figure><a href='/b'>Second</a>"
        "<a href='/a'>Again</a></div>"
    )
    roots = [page.css_first("#one"), page.css_first("#two")]
    assert all(root is not None for root in roots)
    found = [root for root in roots if root is not None]
    images, links = _collect_media(found, URL, ExtractOptions())
    assert images == collect_images(found, URL)
    assert links == collect_links(found, URL)
    assert [image.src for image in images] == [
        "https://port.example.org/1.jpg",
        "https://port.example.org/2.jpg",
    ]
    assert images[1].caption == "Quay at dusk"
    assert [link.text for link in links] == ["First", "Second"]
    only_links = _collect_media(found, URL, ExtractOptions(include_images=False))
    assert only_links == ((), links)


def test_stripped_candidates_find_every_stripped_tag_as_the_tag_list_does() -> None:
    # Cleaning finds stripped elements among the elements that are none of the commonest
    # tags, told apart by tag id; Lexbor's own answer to the list of stripped tags is the
    # reference, SVG children (a <style> and an <a> inside <svg>) included.
    inner = "".join(f"<div><{tag} class='x'>{tag} text</{tag}></div>" for tag in STRIPPED_TAGS)
    body = LexborHTMLParser(
        doc(
            f"<main><p>Prose<span>more</span></p>{inner}<img src='/a.png'><li>item</li>"
            "<svg><style>s</style><a href='/in-svg'>link</a><path d='M0'/></svg></main>"
        )
    ).body
    assert body is not None
    expected = [node.mem_id for node in body.css(each_once((STRIPPED_SELECTOR,)))]
    found = [
        node.mem_id
        for node in body.css(text_module._STRIPPED_CANDIDATES)
        if node.tag_id in text_module._STRIPPED_TAG_IDS
    ]
    assert found == expected
    assert len(expected) >= len(STRIPPED_TAGS)


WIDGET_PROSE = (
    "The dredger itself, a hired vessel from the south coast, arrives on Friday and will "
    "moor at the old quay, where the board has cleared two berths for it."
)
# No content classes: the wrapper (a "footer" class around the whole story) is judged by
# its text alone, and a widget keeps its long paragraph.
NESTED_BOILERPLATE = doc(
    "<nav class='menu'><ul class='menu-list'><li class='menu-item'><a href='/a'>A</a></li>"
    "<li class='menu-item'><div class='menu-label'><span class='menu-text'>B</span></div>"
    "</li></ul></nav><div class='site-footer-pad'><h1>Harbour to be dredged</h1>"
    f"{PROSE}<div class='share-bar'><div class='share-buttons'><span class='share-label'>"
    "Share</span></div></div><div class='widget'><div class='widget-body'><p>Short widget "
    f"note.</p></div></div><div class='widget'><p>{WIDGET_PROSE}</p></div></div>"
    "<div class='sidebar'><div class='sidebar-box'><div class='related-posts'><p>Other "
    "story</p></div></div></div>"
)


def test_nodes_inside_doomed_or_prose_free_nodes_are_judged_as_if_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A suspect inside a doomed node, or a weak node inside one without prose, is
    # settled without reading its text; reading every text gives the same page.
    fast = extract(NESTED_BOILERPLATE)
    monkeypatch.setattr(text_module, "_child_of", lambda node, ids: False)
    assert extract(NESTED_BOILERPLATE) == fast
    assert fast.text.startswith("The harbour board") and WIDGET_PROSE in fast.text
    assert "Share" not in fast.text and "Short widget note" not in fast.text
    assert "Other story" not in fast.text


def test_mark_memo_is_dropped_when_full_and_never_changes_a_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(text_module, "_TOKEN_MEMO_MAX", 2)
    text_module._MARK_VERDICTS.clear()
    first = extract(NESTED_BOILERPLATE)
    memo = text_module._MARK_VERDICTS[(True, False)]
    one_page = len(memo)
    assert one_page > 2  # a page's own pairs are all kept while it is read
    assert extract(NESTED_BOILERPLATE) == first  # judged from the memo...
    assert len(memo) == one_page  # ...which was dropped first, being full
    text_module._MARK_VERDICTS.clear()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "_",
        "The board met on Monday.",
        "don't stop: U.S. output rose 2,000 units — a record_high",
        "état, naïve café; e\u0301 (a combining accent is no word character)",
        "Ⅻ ½ ² ٣٤ १२ 三月 한국어",
        "x\U0001d400y, an emoji 😀 and a letter past the BMP",
        "a lone surrogate \ud800 in text",
        "ends with a word",
        "—starts and ends with punctuation—",
        "老朽水道管、全国で23\uff05に　データ・ベース。ｱｲｳ COVID-19対策",
    ],
)
def test_count_words_counts_what_the_word_regex_finds(text: str) -> None:
    assert text_module.count_words(text) == len(text_module.WORD_RE.findall(text))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The board met on Monday.", 5),
        # Each Chinese or Japanese character is a word; "23" and "COVID" are runs.
        ("全国で23\uff05に", 5),
        ("データ・ベース。", 6),
        ("COVID-19対策", 4),
        # Korean spaces its words.
        ("한국어 문장", 2),
    ],
)
def test_count_words_counts_unspaced_scripts_by_the_character(text: str, words: int) -> None:
    assert text_module.count_words(text) == words


def test_with_tags_finds_what_the_type_selector_list_finds() -> None:
    # The paragraph breaks and the voters come from a walk filtered by tag id; Lexbor's
    # answer to the list of tags is the reference: the root itself, document order,
    # comments, SVG children and a template's content (which neither sees).
    body = LexborHTMLParser(
        doc(
            "<div id='root'><p>One <b>bold</b></p><!-- note --><ul><li>item</li></ul>"
            "<svg><title>icon</title><a href='/x'>in svg</a></svg><br><table><tr><td>cell"
            "</td></tr></table><template><p>hidden</p></template><center>old</center></div>"
        )
    ).body
    assert body is not None
    root = body.css_first("#root")
    assert root is not None
    for names in (BLOCK_TAGS, ("p", "td", "span"), ("a", "title")):
        expected = [node.mem_id for node in root.css(", ".join(names))]
        assert [node.mem_id for node in with_tags(root, tag_ids(names))] == expected
    assert [node.tag for node in with_tags(root, tag_ids(BLOCK_TAGS))][:3] == ["div", "p", "ul"]


_URL_PIECES = st.sampled_from(
    [*"aZ09-._~:/?#[]@!$&'()*+,;=% \t\n\x01é", "http://", "https://", "HTTP://", "//", "?#"]
)
_BASES = st.sampled_from(
    ["https://port.example.org/a/b.html?x=1", "http://port.example.org/", "file:///tmp/p.html"]
)


def _joined(base: str, href: str, join: Callable[[str, str], str]) -> str:
    try:
        return join(base, href)
    except ValueError as exc:  # urljoin refuses a malformed IPv6 host
        return f"ValueError: {exc}"


@settings(max_examples=3000, deadline=None)
@given(base=_BASES, lead=st.sampled_from(["http://", "https://", ""]), parts=st.lists(_URL_PIECES))
def test_join_url_gives_what_urljoin_gives(base: str, lead: str, parts: list[str]) -> None:
    href = lead + "".join(parts)
    assert _joined(base, href, text_module.join_url) == _joined(base, href, urljoin)


@pytest.mark.parametrize(
    "href",
    [
        "https://other.example/story?id=7#top",
        "https://other.example/story?",
        "https://other.example/story#",
        "https://other.example/a;b",
        "https://other.example/a;?q",
        "http:///no-host",
        "https://[::1/x",
        "https://other.example/a\tb",
        "HTTPS://OTHER.example/x",
        "/relative/path",
    ],
)
def test_join_url_edge_cases_match_urljoin(href: str) -> None:
    base = "https://port.example.org/news/item.html"
    assert _joined(base, href, text_module.join_url) == _joined(base, href, urljoin)


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Kaynak: AA", "AA"),
        ("Źródło: PAP", "PAP"),
        ("Fuente: EFE", "EFE"),
        ("Source: Reuters.", "Reuters"),
        ("Nguồn: TTXVN", "TTXVN"),
        ("Zdroj: ČTK", "ČTK"),
        ("Källa: TT", "TT"),
        # Data cited, no outlet credited; and the site itself.
        ("Source: Census Bureau, 2024; BLS", None),
        ("Kaynak: Port Courier", None),
    ],
)
def test_a_closing_source_line_credits_the_outlet_and_leaves_the_text(
    line: str, source: str | None
) -> None:
    head = "<meta property='og:site_name' content='Port Courier'>"
    result = extract(
        # The story is long enough that the line is not read as part of its header.
        doc(f"<h1>Harbour to be dredged</h1><article>{PROSE * 2}<p>{line}</p></article>", head)
    )
    assert result.syndicated_from == source
    assert line not in result.text
    assert result.text.endswith("plan landings around them.")


@pytest.mark.parametrize(
    "label", ["Pubblicità", "Anzeige", "Reklama", "Quảng cáo", "- Publicidad -"]
)
def test_an_ad_slot_s_label_in_another_language_is_no_paragraph(label: str) -> None:
    story = PROSE.replace("</p>", f"</p><p>{label}</p>", 1)
    result = extract(doc(f"<h1>Harbour to be dredged</h1><article>{story}</article>"))
    assert label not in result.text
    assert result.text.count("\n\n") == 2


@pytest.mark.parametrize(
    "marks",
    [
        *("news-detail-spot", "article__spot", "chapo", "sommario", "story-synopsis"),
        "gem-c-lead-paragraph",  # GOV.UK
    ],
)
def test_a_dek_named_in_another_language_is_the_subtitle(marks: str) -> None:
    dek = f"<h2 class='{marks}'>The board will close the channel at night for six weeks.</h2>"
    header = f"<header><h1>Harbour to be dredged</h1>{dek}</header>"
    assert extract(doc(f"{header}<article>{PROSE}</article>")).subtitle == (
        "The board will close the channel at night for six weeks."
    )


def test_a_spotlight_box_under_the_headline_is_no_dek() -> None:
    box = "<div class='hero-spotlight'>Watch: the dredger at work in the northern channel</div>"
    result = extract(
        doc(f"<header><h1>Harbour to be dredged</h1>{box}</header><article>{PROSE}</article>")
    )
    assert result.subtitle is None


def test_a_view_photo_button_on_a_picture_goes_and_the_picture_stays() -> None:
    photo = (
        "<div class='photo'><div class='photo__wrap'><img src='/media/quay.jpg' width='750' "
        "height='500' alt='The quay'><a class='photo__icon' href='/gallery/1'>View photo</a>"
        "</div><div class='photo__caption'>The northern quay at low tide.</div></div>"
    )
    result = with_box(photo)
    assert [image.src for image in result.images] == ["https://port.example.org/media/quay.jpg"]
    assert "View photo" not in result.text


@pytest.mark.parametrize(
    "box",
    [
        # A shop's button beside its logo, and a teaser card: no picture of the story's.
        "<div><img src='/media/shop.png' width='300'><a href='/buy'>$19 at Shop</a></div>",
        "<div><img src='/media/wabc.png' alt='WABC logo'><a href='/about'>WABC</a></div>",
        "<div><img src='/media/next.jpg'><a href='/next'>Dredging the south channel next</a></div>",
    ],
)
def test_a_link_box_with_a_logo_or_a_headline_goes_whole(box: str) -> None:
    result = with_box(box)
    assert result.images == ()


def test_lead_art_in_a_photo_box_is_the_first_image_but_a_poster_s_photo_is_not() -> None:
    lead = (
        "<div class='photo' id='photo-main'><div class='photo__wrap'><img "
        "src='/media/quay.jpg' width='750' height='500' alt='The quay'></div></div>"
    )
    body = f"<header><h1>Harbour to be dredged</h1>{lead}</header><article>{PROSE}</article>"
    assert [image.src for image in extract(doc(body)).images] == [
        "https://port.example.org/media/quay.jpg"
    ]
    poster = "<a class='ipsUserPhoto' href='/profile/7'><img src='/media/jo.jpg'></a>"
    body = f"<header><h1>Harbour to be dredged</h1>{poster}</header><article>{PROSE}</article>"
    assert extract(doc(body)).images == ()


@pytest.mark.parametrize(
    ("byline", "names", "via"),
    [
        # A wire's style: names in capitals, its own name after them.
        (
            "By HOLLIS BRANDT and RENATA OKAFOR Associated Press",
            ("Hollis Brandt", "Renata Okafor"),
            "Associated Press",
        ),
        ("By J.R. O'NEIL Reuters", ("J.R. O'Neil",), "Reuters"),
        ("By SEAN MCCANN", ("Sean McCann",), None),
        # ... or in the writer's post: the wire's writer.
        ("TOM KRISHER, AP Auto Writer", ("Tom Krisher",), "AP"),
        # A role, whom the writer writes for, and one-word names in capitals are no outlet.
        ("By JOHN SMITH Staff Writer", ("John Smith",), None),
        ("By JOHN SMITH For The Times", ("John Smith",), None),
        ("CBS News", ("CBS News",), None),
        ("PJ Hamel", ("PJ Hamel",), None),
        ("A. J. Neal", ("A. J. Neal",), None),
        ("NETGEAR Orbi Team", ("NETGEAR Orbi Team",), None),
    ],
)
def test_a_byline_in_capitals_gives_names_as_written_and_the_wire_after_them(
    byline: str, names: tuple[str, ...], via: str | None
) -> None:
    assert metadata_module.parse_byline(byline) == (names, via)


def test_a_partnership_line_names_the_source_and_stays_in_the_text() -> None:
    line = "This story was produced in partnership with Tamarack Public Media."
    story = f"<h1>Harbour to be dredged</h1><article>{PROSE * 2}<p><em>{line}</em></p></article>"
    result = extract(doc(story))
    assert result.syndicated_from == "Tamarack Public Media"
    assert result.text.endswith(line)


@pytest.mark.parametrize(
    ("metas", "tags"),
    [
        (["Rivers,Water,UK news"], ("Rivers", "Water", "UK news")),
        (["Washington, D.C.", "Politics"], ("Washington, D.C.", "Politics")),
    ],
)
def test_one_article_tag_may_list_them_all(metas: list[str], tags: tuple[str, ...]) -> None:
    head = "".join(f"<meta property='article:tag' content='{meta}'>" for meta in metas)
    result = extract(doc(f"<h1>Harbour to be dredged</h1><article>{PROSE}</article>", head))
    assert result.tags == tags


@pytest.mark.parametrize(("title", "tags"), [("Related topics", ("NHS", "GPs")), ("", ())])
def test_topic_links_are_tags_under_a_title_that_says_so(title: str, tags: tuple[str, ...]) -> None:
    links = "".join(
        f"<li><a href='/news/topics/c{i}'>{t}</a></li>"
        for i, t in enumerate(tags or ("NHS", "GPs"))
    )
    box = f"<section><h2>{title}</h2><ul>{links}</ul></section>" if title else f"<ul>{links}</ul>"
    result = extract(doc(f"<h1>Harbour to be dredged</h1><article>{PROSE}</article>{box}"))
    assert result.tags == tags


@pytest.mark.parametrize(
    "signup",
    [
        "<div class='wp-block-group'><h3>Sign up for Mill Notes</h3><p>A monthly email with "
        "new recipes and harvest reports.</p><form><input type='email' name='email'>"
        "<input type='submit' value='Subscribe'></form></div>",
        # Divi wraps the form alone; the title and promise are in a sibling box.
        "<div class='et_pb_module et_pb_newsletter'><div class='et_pb_newsletter_description'>"
        "<h2>Get Mill Notes</h2><div><p>A monthly email with new recipes.</p></div></div>"
        "<div class='et_pb_newsletter_form'><form method='post'><p><input type='text' "
        "name='et_pb_signup_email'></p><p><button>Subscribe</button></p></form></div></div>",
    ],
)
def test_a_newsletter_box_with_its_form_goes(signup: str) -> None:
    text = with_box(signup).text
    assert "Mill Notes" not in text and "monthly email" not in text
    assert text.count("\n\n") == 2


def test_a_form_in_the_story_leaves_the_story() -> None:
    # The story's own box around a form (a short story with a sign-up at its foot) stays.
    form = "<form><input type='email'></form>"
    text = extract(doc(f"<h1>Harbour to be dredged</h1><article>{PROSE}{form}</article>")).text
    assert text.startswith("The harbour board agreed")


@pytest.mark.parametrize("target", [True, False])
def test_a_promotion_readers_may_skip_is_skipped(target: bool) -> None:
    # As the Guardian's renderer writes it: the link and its target bare in the story.
    promo = (
        "<a href='#s11'>skip past newsletter promotion</a>"
        "<div><p>Sign up to Field Notes</p><p>Free weekly newsletter</p>"
        "<p>Our pick of the week's stories about the natural world.</p></div>"
        + ("<div id='s11'>after newsletter promotion</div>" if target else "")
    )
    text = with_box(promo).text
    assert "newsletter" not in text and "Field Notes" not in text
    # Without the target, the promotion's own lines go by their wording, and its promise
    # stays: nothing says where the promotion ends.
    promise = [] if target else ["Our pick of the week's stories about the natural world."]
    assert text.split("\n\n")[1:-2] == promise
    assert text.endswith("plan landings around them.")


def test_a_follow_us_line_and_a_picture_s_copyright_are_no_text() -> None:
    figure = (
        "<figure><img src='/media/quay.jpg'><span class='ssrcss-1f1bcwr-Copyright'>"
        "Stillframe Images</span><figcaption>The northern quay.</figcaption></figure>"
    )
    follow = (
        "<p><i>Follow Port News on Facebook, X and Instagram. Send your story ideas to "
        "news@port.example.</i></p>"
    )
    story = f"{figure}{PROSE}{follow}"
    text = extract(doc(f"<h1>Harbour to be dredged</h1><article>{story}</article>")).text
    assert text.startswith("The harbour board agreed")
    assert text.endswith("plan landings around them.")


def test_a_source_line_just_after_the_story_s_box_credits_the_outlet() -> None:
    story = f"<h1>Harbour to be dredged</h1><article>{PROSE * 2}</article><p>Zdroj: ČTK</p>"
    assert extract(doc(story)).syndicated_from == "ČTK"


def test_lead_art_in_a_box_named_in_another_language_is_the_first_image() -> None:
    lead = "<div class='opener-foto'><img src='/media/quay.jpg' width='760' height='428'></div>"
    body = f"<header><h1>Harbour to be dredged</h1>{lead}</header><article>{PROSE}</article>"
    assert [image.src for image in extract(doc(body)).images] == [
        "https://port.example.org/media/quay.jpg"
    ]
