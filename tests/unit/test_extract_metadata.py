"""Metadata rules of the extractor (title, authors, dates, encoding), one small page
written here per rule."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from tasks.extract.authors import clean_authors, split_names
from tasks.extract.encoding import decode_html, repair_double_encoding
from tasks.extract.metadata import PageMetadata, heading_text, read_metadata, strip_site_name

URL = "https://news.example.com/stories/harbour-bridge-reopens"


def metadata(head: str = "", body: str = "", url: str | None = URL) -> PageMetadata:
    html = f"<html><head>{head}</head><body>{body}<p>Some text of the story.</p></body></html>"
    return read_metadata(LexborHTMLParser(html), url, html)


# ---------------------------------------------------------------- titles


def test_h1_confirmed_by_the_page_title_is_the_title() -> None:
    meta = metadata(
        "<title>Harbour bridge reopens after repairs | Example News</title>",
        "<h1>Harbour bridge reopens after repairs</h1>",
    )
    assert meta.title == "Harbour bridge reopens after repairs"


def test_h1_inside_a_link_is_a_logo_and_loses_to_og_title() -> None:
    meta = metadata(
        "<meta property='og:title' content='Harbour bridge reopens after repairs'>",
        "<a href='/'><h1>The Daily Harbour Gazette</h1></a>",
    )
    assert meta.title == "Harbour bridge reopens after repairs"


def test_h1_sharing_no_words_with_the_metadata_title_is_a_slogan() -> None:
    meta = metadata(
        "<title>Cloud Backup for Small Offices | Acme</title>",
        "<h1>Sleep well at night, every night</h1>",
    )
    assert meta.title == "Cloud Backup for Small Offices"


def test_h1_that_rewords_the_metadata_title_is_kept() -> None:
    meta = metadata(
        "<meta property='og:title' content='Harbour bridge reopens'>",
        "<h1>Harbour bridge open again to traffic after repairs</h1>",
    )
    assert meta.title == "Harbour bridge open again to traffic after repairs"


def test_h1_that_only_adds_a_label_to_the_metadata_title_loses() -> None:
    meta = metadata(
        "<meta property='og:title' content='Which tent for a first camping trip?'>",
        "<h1>Question Which tent for a first camping trip? Answered</h1>",
    )
    assert meta.title == "Which tent for a first camping trip?"


def test_typographic_quotes_of_the_theme_give_way_to_the_typed_title() -> None:
    meta = metadata(
        "<meta property='og:title' content=\"Why the bridge wasn't closed sooner\">",
        "<h1>Why the bridge wasn\u2019t closed sooner</h1>",
    )
    assert meta.title == "Why the bridge wasn't closed sooner"


def test_h1_in_capitals_takes_the_case_of_the_metadata() -> None:
    meta = metadata(
        "<title>Harbour Bridge Reopens | Example News</title>",
        "<h1>HARBOUR BRIDGE REOPENS</h1>",
    )
    assert meta.title == "Harbour Bridge Reopens"


def test_heading_text_drops_permalink_signs_and_invisible_marks() -> None:
    assert heading_text("Quick\u00adstart guide \u00b6") == "Quickstart guide"
    assert heading_text("Zero\u200bwidth") == "Zerowidth"
    assert heading_text("Plain title") == "Plain title"


def test_permalink_sign_does_not_stop_the_h1_matching_the_title() -> None:
    meta = metadata(
        "<title>Installation - Widgets 2.0 documentation</title>",
        "<h1>Installation<a class='headerlink' href='#installation'>\u00b6</a></h1>",
    )
    assert meta.title == "Installation"


@pytest.mark.parametrize(
    ("title", "site", "host", "expected"),
    [
        # The part spelling the site name goes, and so does everything after it.
        ("Bridge reopens | Example News | Local", "Example News", "", "Bridge reopens"),
        ("Example News \u2013 Bridge reopens", "Example News", "", "Bridge reopens"),
        # A part that spells the web address, when no site name is declared.
        ("Bridge reopens - Example.com", None, "example.com", "Bridge reopens"),
        # Without a site name: a first part longer than the others is the title.
        (
            "Which tent for a first trip / Camping Talk / Forums",
            None,
            "",
            "Which tent for a first trip",
        ),
        # A colon without a space before it is part of the headline.
        (
            "Bridge repairs: what changes for drivers",
            None,
            "",
            "Bridge repairs: what changes for drivers",
        ),
    ],
)
def test_strip_site_name(title: str, site: str | None, host: str, expected: str) -> None:
    assert strip_site_name(title, site, host) == expected


# ---------------------------------------------------------------- authors


def test_forum_thread_json_ld_names_the_opening_poster_and_date() -> None:
    thread = {
        "@context": "https://schema.org",
        "@type": "DiscussionForumPosting",
        "headline": "Which tent for a first camping trip?",
        "author": {"@type": "Person", "name": "trailmix42"},
        "datePublished": "2024-05-28T09:15:00+02:00",
    }
    meta = metadata(
        f"<script type='application/ld+json'>{json.dumps(thread)}</script>",
        "<div class='post'><span class='username'>replier7</span></div>",
    )
    assert meta.authors == ["trailmix42"]
    assert meta.published is not None
    assert meta.published.date == dt.date(2024, 5, 28)
    assert meta.published.at is not None and meta.published.at.utcoffset() is not None


def test_microdata_author_name_in_a_meta_tag_is_read() -> None:
    meta = metadata(
        body=(
            "<div itemprop='author' itemscope itemtype='https://schema.org/Person'>"
            "<a href='/users/1'>asker</a><meta itemprop='name' content='Quinn Asker'></div>"
        )
    )
    assert meta.authors == ["Quinn Asker"]


@pytest.mark.parametrize(
    "furniture", ["Sign In", "About the Author", "View more posts", "page.head.extra.author"]
)
def test_page_furniture_is_not_an_author(furniture: str) -> None:
    assert clean_authors([furniture]) == ()


def test_furniture_in_a_byline_class_falls_back_to_a_real_byline() -> None:
    meta = metadata(
        body="<div class='author-box'>Sign In</div><p class='byline'>By Jane Doe</p>",
    )
    assert meta.authors == ["Jane Doe"]


def test_words_after_a_name_are_not_part_of_it() -> None:
    assert split_names("Jane Doe Last") == ["Jane Doe"]
    assert split_names("Jane Doe October") == ["Jane Doe"]
    # Months that are also names stay: "May" is a surname.
    assert split_names("Theresa May") == ["Theresa May"]


# ---------------------------------------------------------------- encoding


def test_double_encoded_utf8_is_repaired() -> None:
    assert repair_double_encoding("Investor\u00e2\u0080\u0099s guide") == "Investor\u2019s guide"
    assert (
        repair_double_encoding("It\u00e2\u20ac\u2122s a caf\u00c3\u00a9") == "It\u2019s a caf\u00e9"
    )


def test_real_accented_text_is_left_alone() -> None:
    text = "Caf\u00e9 \u00e0 la cr\u00e8me \u2014 d\u00e9j\u00e0 vu, na\u00efve, \u00c3bc"
    assert repair_double_encoding(text) == text


def test_page_stored_double_encoded_decodes_without_mojibake() -> None:
    title = "A DIY Investor\u2019s Guide"
    stored = title.encode("utf-8").decode("latin-1").encode("utf-8")
    html = b"<html><head><meta charset='utf-8'><title>" + stored + b"</title></head></html>"
    assert title in decode_html(html)
