"""Unit tests of the article extractor: one small inline page per rule."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from tasks.extract import EXTRACTOR_VERSION, ExtractOptions, dates, extract_article
from tasks.extract.authors import parse_byline, parse_via
from tasks.extract.dates import date_from_url, find_date, find_date_at, parse_date
from tasks.extract.encoding import decode_html
from tasks.extract.guard import guard_page
from tasks.extract.kind import measure_page
from tasks.extract.text import _collapse_spaces, _ParagraphChars, paragraph_chars, score_containers
from tasks.records import Article, NotArticle

BODY = (
    "<p>The city council voted on Tuesday to approve a new budget that funds road repairs "
    "across the eastern districts, a plan residents have asked for since the floods.</p>"
    "<p>Council members said the work would begin in the spring and last two years, "
    "with the busiest streets repaired first to limit disruption for commuters.</p>"
    "<p>Opponents argued the money should go to schools instead, but the measure passed "
    "by seven votes to two after a long debate that ran late into the evening.</p>"
)
URL = "https://news.example.com/2014/12/03/council-budget"


def page(body: str = BODY, head: str = "", before: str = "", after: str = "") -> str:
    return (
        f"<html lang='en'><head><title>Council approves budget | Example News</title>{head}"
        f"</head><body><nav><a href='/'>Home</a><a href='/news'>News</a></nav>{before}"
        f"<article><h1>Council approves budget</h1><div class='entry-content'>{body}</div>"
        f"</article>{after}<footer>Copyright Example News</footer></body></html>"
    )


def article(html: str | bytes, url: str | None = URL, **options: object) -> Article:
    result = extract_article(html, url, options=ExtractOptions(**options))  # type: ignore[arg-type]
    assert isinstance(result, Article), result
    return result


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_basic_article_fields() -> None:
    head = "<link rel='canonical' href='/2014/12/03/council-budget'>"
    result = article(page(head=head))
    assert result.title == "Council approves budget"
    assert result.text.startswith("The city council voted")
    assert result.text.count("\n\n") == 2
    assert "Home" not in result.text and "Copyright" not in result.text
    assert result.canonical_url == URL
    assert result.language == "en"
    assert result.word_count > 60
    assert result.extractor_version == EXTRACTOR_VERSION
    assert result.page_kind == "article"


def test_json_ld_graph_authors_list_and_offset_date() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Example News"},
            {
                "@type": "NewsArticle",
                "headline": "Council approves budget",
                "author": [{"@id": "#jane"}, {"@type": "Person", "name": "John Roe"}],
                "datePublished": "2014-12-03T09:30:00-05:00",
                "dateModified": "2014-12-04",
                "isAccessibleForFree": "False",
                "keywords": ["budget", "council"],
            },
            {"@type": "Person", "@id": "#jane", "name": "Jane Doe"},
        ],
    }
    result = article(page(head=ld(data)))
    assert result.authors == ("Jane Doe", "John Roe")
    assert result.published_at == dt.datetime(
        2014, 12, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))
    )
    assert result.published_date == dt.date(2014, 12, 3)
    assert result.modified_at is None
    assert result.modified_date == dt.date(2014, 12, 4)
    assert result.is_paywalled
    assert result.tags == ("budget", "council")
    assert result.site_name == "Example News"


def test_byline_with_via_gives_author_and_syndication() -> None:
    byline = "<p class='byline'>By Jane Doe | Via The Diplomat</p>"
    result = article(page(before=byline))
    assert result.authors == ("Jane Doe",)
    assert result.syndicated_from == "The Diplomat"
    assert "Via The Diplomat" not in result.text


def test_parse_byline_splits_names_and_strips_roles() -> None:
    assert parse_byline("By Jane Doe and John Roe, Staff Writers").names == (
        "Jane Doe",
        "John Roe",
    )
    assert parse_byline("Written by: Ann Lee | Via Reuters").via == "Reuters"


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # A role at a company after the name.
        ("By Jane Doe, Senior Engineer at Example Corp", ("Jane Doe",)),
        ("Written by Kat Lo, Editor-at-Large at Wired", ("Kat Lo",)),
        # A reviewer's credit, the only name a legal or health page may show.
        (
            "Reviewed by Justin C. Meserole, Trial Attorney at Morgan & Morgan, on "
            "December 9, 2024.",
            ("Justin C. Meserole",),
        ),
        ("Medically reviewed by Ann Lee", ("Ann Lee",)),
    ],
)
def test_parse_byline_drops_a_role_at_a_company_and_a_reviewed_by_label(
    byline: str, names: tuple[str, ...]
) -> None:
    assert parse_byline(byline).names == names


def test_posted_on_us_short_date_gives_date_without_time() -> None:
    dateline = "<p class='postmeta'>Posted on 12/3/14 by admin</p>"
    result = article(page(before=dateline), url="https://blog.example.com/council-budget")
    assert result.published_date == dt.date(2014, 12, 3)
    assert result.published_at is None


@pytest.mark.parametrize(
    ("text", "at", "day"),
    [
        ("2019-11-19T13:03:00Z", dt.datetime(2019, 11, 19, 13, 3, tzinfo=dt.UTC), None),
        (
            "2019-11-19T08:03:00+0530",
            dt.datetime(2019, 11, 19, 8, 3, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
            None,
        ),
        ("2019-11-19T08:03:00", None, dt.date(2019, 11, 19)),
        ("2019-11-19", None, dt.date(2019, 11, 19)),
        ("November 19, 2019", None, dt.date(2019, 11, 19)),
        ("19 Nov. 2019", None, dt.date(2019, 11, 19)),
        ("19.11.2019", None, dt.date(2019, 11, 19)),
    ],
)
def test_parse_date(text: str, at: dt.datetime | None, day: dt.date | None) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed.at == at
    assert parsed.date == (at.date() if at else day)


def test_date_from_url() -> None:
    assert date_from_url("https://x.org/2014/12/03/story") == dt.date(2014, 12, 3)
    assert date_from_url("https://x.org/2014/12/story") is None


def test_comment_form_and_check_also_removed() -> None:
    after = (
        "<div class='post-related'><h3>Check Also</h3><a href='/x'>Another story</a></div>"
        "<div id='respond' class='comment-respond'><h3>Leave a Reply</h3>"
        "<form><p>Your email address will not be published.</p><textarea></textarea></form></div>"
    )
    result = article(page(after=after))
    for junk in ("Check Also", "Another story", "Leave a Reply", "email address"):
        assert junk not in result.text


def test_check_also_inside_body_cuts_trailing_box() -> None:
    body = BODY + "<h3>Check Also</h3><p><a href='/y'>Unrelated headline elsewhere</a></p>"
    assert "Unrelated headline" not in article(page(body=body)).text


def test_box_title_before_long_prose_is_a_section_heading() -> None:
    # A paper's "Discussion" section, not a comment thread's title.
    discussion = (
        "<h2>Discussion</h2><p>"
        + "The vote shows how far residents' priorities have moved since the floods. " * 8
        + "</p>"
    )
    text = article(page(body=BODY + discussion)).text
    assert "Discussion" in text and "priorities have moved" in text
    # Before headlines, the same kind of line starts a trailing box.
    related = "<h3>Related</h3><p><a href='/a'>Mayor opens bridge</a></p>"
    assert "Mayor opens bridge" not in article(page(body=BODY + related)).text


def test_subscribe_wall_cuts_text_and_flags_paywall() -> None:
    body = BODY + "<p>Subscribe now to keep reading and get unlimited access.</p><p>Hidden.</p>"
    result = article(page(body=body))
    assert result.is_paywalled
    assert "Subscribe" not in result.text and "Hidden." not in result.text


def test_a_membership_theme_s_wall_box_flags_the_paywall() -> None:
    # Ghost's prompt is an <aside>, which cleaning takes before its lines are read.
    ghost = (
        "<aside class='gh-post-upgrade-cta'><div class='gh-post-upgrade-cta-content'><h2>This "
        "post is for paying subscribers only</h2><a class='gh-btn' href='#/portal/signup'>"
        "Subscribe now</a></div></aside>"
    )
    result = article(page(after=ghost))
    assert result.is_paywalled
    assert "paying subscribers" not in result.text
    # Its words alone, in the story's text, are a wall too.
    line = "<p>This post is for paying subscribers only</p>"
    assert article(page(body=BODY + line)).is_paywalled
    assert not article(page()).is_paywalled


def test_login_prompt_cuts_only_where_the_story_ends() -> None:
    promo = (
        "<p>Our budget report covers every district in detail.</p>"
        "<p>Already a subscriber? View your reports here.</p>"
    )
    # Early, with the story after it, the prompt sits in a box selling a report.
    early = article(page(body=promo + BODY))
    assert not early.is_paywalled
    assert "seven votes to two" in early.text and "Already a subscriber" not in early.text
    # After the story's opening, it is the wall of a free preview.
    late = article(page(body=BODY + promo.replace("Our budget", "The full budget") + BODY))
    assert late.is_paywalled
    assert late.text.count("seven votes to two") == 1
    # An explicit wall cuts wherever it stands, here after the first paragraph.
    first, rest = BODY.split("</p>", 1)
    wall = "<p>Subscribe now to keep reading and get unlimited access.</p>"
    walled = article(page(body=f"{first}</p>{wall}{rest}"))
    assert walled.is_paywalled and "seven votes to two" not in walled.text


def test_cookie_banner_and_newsletter_removed() -> None:
    before = "<div id='cookie-consent'><p>We use cookies to improve your experience.</p></div>"
    after = "<div class='newsletter-signup'><p>Sign up for our daily newsletter.</p></div>"
    result = article(page(before=before, after=after))
    assert "cookies" not in result.text and "newsletter" not in result.text


def test_a_sign_up_box_without_marks_is_removed_in_spanish_too() -> None:
    # An abbreviated class ("nl_inline") says nothing: the box's lines do.
    box = (
        "<div class='nl_inline'><p>Newsletter</p><p>Recibe cada mañana las claves de la "
        "actualidad, con el análisis de nuestros periodistas</p>"
        "<a href='/newsletters/'>Apúntate aquí</a></div>"
    )
    text = article(page(BODY.replace("</p>", f"</p>{box}", 1))).text
    for line in ("Newsletter", "Recibe cada mañana", "Apúntate"):
        assert line not in text


@pytest.mark.parametrize(
    "bio",
    [
        "Lucía Ferrán covers health and the rural clinics of the interior.",
        "Redactora de Sociedad especializada en sanidad.",
        "Senior reporter covering city hall since 2019.",
    ],
)
def test_an_author_s_note_after_the_story_is_no_paragraph(bio: str) -> None:
    # The note follows the author's name, in a box with no class that says so.
    ld_author = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Lucía Ferrán"}})
    box = f"<div class='a_ath'><a href='/autor/lucia-ferran/'>Lucía Ferrán</a><p>{bio}</p></div>"
    text = article(page(BODY * 2 + box, head=ld_author)).text
    assert bio not in text
    assert text.endswith("late into the evening.")


def test_a_lede_after_the_byline_name_is_kept() -> None:
    # Early in the page the author's name line is a byline, and what follows is the story.
    ld_author = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ann Lee"}})
    lede = "<p>Reporter Ann Lee went to the council meeting, which ran until midnight.</p>"
    text = article(page("<p>Ann Lee</p>" + lede + BODY, head=ld_author)).text
    assert text.startswith("Reporter Ann Lee went to the council meeting")


def test_a_comments_section_named_in_spanish_is_removed() -> None:
    comments = (
        "<section id='comentarios'><h2>Comentarios (38)</h2><ol><li><p>En mi pueblo la "
        "médica viene un martes sí y otro no, y si cae en festivo no viene ese mes.</p>"
        "</li></ol></section>"
    )
    # Inside the story's box, as a template may set it.
    assert "En mi pueblo" not in article(page(BODY * 2 + comments)).text


FIGURE = (
    "<figure><img src='/img/council.jpg' alt='Council chamber'>"
    "<figcaption>The council chamber on Tuesday.</figcaption></figure>"
)


def test_caption_recorded_on_image_not_in_text_by_default() -> None:
    result = article(page(body=BODY + FIGURE))
    assert "council chamber on Tuesday" not in result.text
    assert result.images[0].src == "https://news.example.com/img/council.jpg"
    assert result.images[0].alt == "Council chamber"
    assert result.images[0].caption == "The council chamber on Tuesday."


def test_caption_printed_again_as_a_paragraph_is_the_image_s_not_the_text_s() -> None:
    # A theme that prints the caption under the photo and again as a paragraph.
    result = article(page(body=BODY + FIGURE + "<p>The council chamber on Tuesday.</p>"))
    assert "council chamber on Tuesday" not in result.text
    assert result.images[0].caption == "The council chamber on Tuesday."


def test_caption_kept_once_when_captions_included() -> None:
    repeated = BODY + FIGURE + "<p>The council chamber on Tuesday.</p>"
    result = article(page(body=repeated), include_captions=True)
    assert result.text.count("The council chamber on Tuesday.") == 1
    assert len(result.images) == 1


def test_body_links_are_recorded_with_anchor_text() -> None:
    body = BODY + "<p>The full budget is <a href='https://city.example.org/budget'>online</a>.</p>"
    links = article(page(body=body)).links
    assert [(link.href, link.text) for link in links] == [
        ("https://city.example.org/budget", "online")
    ]


def test_listing_page_is_not_an_article() -> None:
    cards = "".join(
        f"<article><h2><a href='/2024/01/0{i}/story-{i}'>Story number {i} headline</a></h2>"
        f"<p>Short teaser {i}.</p></article>"
        for i in range(1, 10)
    )
    html = f"<html><head><title>News</title></head><body><main>{cards}</main></body></html>"
    result = extract_article(html, "https://news.example.com/category/politics/")
    assert isinstance(result, NotArticle)
    assert result.page_kind == "listing"
    assert result.reason


def test_homepage_is_not_an_article() -> None:
    result = extract_article(page(), "https://news.example.com/")
    assert isinstance(result, NotArticle)
    assert result.page_kind == "listing"


def test_keep_non_articles_returns_text_with_kind() -> None:
    result = article(page(), url="https://news.example.com/", keep_non_articles=True)
    assert result.page_kind == "listing"
    assert "city council" in result.text


@pytest.mark.parametrize(
    "html",
    ["", "   ", b"", b"\x00\xff\xfe\x81garbage\x9d", "<html>", "<<<>>>", b"\x89PNG\r\n\x1a\n"],
)
def test_garbage_is_not_an_article_and_never_raises(html: str | bytes) -> None:
    result = extract_article(html)
    assert isinstance(result, NotArticle)
    assert result.reason


def test_windows_1252_bytes_are_decoded() -> None:
    html = page(
        body="<p>" + "Caf\u00e9 \u201cquoted\u201d na\u00efve r\u00e9sum\u00e9 " * 10 + "</p>"
    )
    result = article(html.encode("cp1252"))
    assert "Caf\u00e9 \u201cquoted\u201d na\u00efve" in result.text


def test_declared_latin1_bytes_are_decoded() -> None:
    head = "<meta charset='iso-8859-1'>"
    html = page(
        head=head, body="<p>" + "Gr\u00fc\u00dfe aus K\u00f6ln und M\u00fcnchen. " * 8 + "</p>"
    )
    assert "Gr\u00fc\u00dfe aus K\u00f6ln" in article(html.encode("latin-1")).text


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "latin1", "us-ascii"])
def test_a_page_declared_latin1_is_read_as_windows_1252(label: str) -> None:
    # As browsers read it (WHATWG): a legacy page's curly quotes, dashes and euro sign
    # are windows-1252 bytes 0x80-0x9F, control characters in ISO-8859-1.
    head = f"<meta http-equiv='Content-Type' content='text/html; charset={label}'>"
    line = "\u201cWe\u2019ll pay \u20ac2,150\u201d \u2013 the caf\u00e9 owner said. "
    html = page(head=head, body=f"<p>{line * 8}</p>").encode("cp1252")
    assert line.strip() in article(html).text
    assert decode_html(html) == html.decode("cp1252")


def test_a_page_declaring_utf16_in_ascii_bytes_is_not_read_as_utf16() -> None:
    # A page whose <meta> could be read is no UTF-16: its bytes are windows-1252 here.
    head = "<meta charset='utf-16'>"
    html = page(head=head, body="<p>" + "Caf\u00e9 au lait, s\u2019il vous pla\u00eet. " * 8)
    assert "Caf\u00e9 au lait, s\u2019il vous pla\u00eet." in decode_html(html.encode("cp1252"))


def test_utf8_bytes_declared_as_latin1_are_not_mojibake() -> None:
    head = "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
    assert decode_html(f"<html><head>{head}</head><body>Caf\u00e9</body></html>".encode()).endswith(
        "Caf\u00e9</body></html>"
    )


def test_a_page_that_declares_no_language_is_read_for_one() -> None:
    undeclared = page().replace("<html lang='en'>", "<html>")
    assert article(undeclared).language == "en"
    german = (
        "<p>Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen, der die Reparatur "
        "der Straßen in den östlichen Bezirken finanziert, wie es die Anwohner seit dem "
        "Hochwasser gefordert haben.</p><p>Die Arbeiten sollen im Frühjahr beginnen und "
        "zwei Jahre dauern, wobei die verkehrsreichsten Straßen zuerst an der Reihe sind.</p>"
    )
    assert article(page(body=german).replace("<html lang='en'>", "<html>")).language == "de"
    # A declaration is the page's word, and is kept.
    assert article(page(body=german)).language == "en"


def test_dateline_and_byline_inside_body_are_dropped() -> None:
    body = "<p>By Jane Doe</p><p>Published on December 3, 2014</p>" + BODY
    result = article(page(body=body))
    assert "Jane Doe" not in result.text
    assert "Published on" not in result.text


def test_click_here_line_dropped() -> None:
    body = BODY + "<p>Click here to read complete article</p>"
    assert "Click here" not in article(page(body=body)).text


def test_a_newsletter_promise_ending_in_its_sign_up_link_is_dropped() -> None:
    promo = (
        "<p>The Daily Briefing newsletter brings you the news you need to start your day. "
        "<a href='/newsletters'>Sign up here.</a></p>"
    )
    text = article(page(body=BODY.replace("</p>", "</p>" + promo, 1))).text
    assert "Daily Briefing" not in text
    # A story about a newsletter keeps its sentences.
    story = "<p>Subscribers said the newsletter was the first thing they read each day.</p>"
    assert "first thing they read" in article(page(body=story + BODY)).text


@pytest.mark.parametrize(
    ("html", "parsed_as_bytes"),
    [
        (page().encode(), True),
        (page(body="<p>Caf\u00e9 \u201cquoted\u201d</p>" + BODY).encode(), True),
        (b"\xef\xbb\xbf" + page().encode(), False),  # a BOM: the text does not start so
        (page(body="<p>Caf\u00e9</p>" + BODY).encode("cp1252"), False),
        # UTF-8 read as windows-1252 and saved again: the text is repaired
        (page(body="<p>Investor\u00e2\u20ac\u2122s note</p>" + BODY).encode(), False),
    ],
)
def test_guard_hands_the_parser_the_input_bytes_only_when_they_are_the_text(
    html: bytes, parsed_as_bytes: bool
) -> None:
    guarded = guard_page(html)
    assert guarded.refused is None
    assert guarded.text == decode_html(html)
    assert (guarded.markup is html) is parsed_as_bytes
    markup = guarded.markup if isinstance(guarded.markup, bytes) else guarded.markup.encode()
    assert markup.decode() == guarded.text
    # Either way the article is the one the text gives.
    assert extract_article(html, URL) == extract_article(guarded.text, URL)


def test_refused_page_says_why_through_guard_page() -> None:
    guarded = guard_page("<div>" * 5_000 + "deep" + "</div>" * 5_000)
    assert guarded.refused is not None and "nested too deep" in guarded.refused


@pytest.mark.parametrize(
    "text",
    ["  a \n\t b  ", "\u00a0lead\u2003em\u2009thin\u3000ideo ", "x\x1cy\x1fz\x85w", "", " \n "],
)
def test_collapse_spaces_is_the_whitespace_regex(text: str) -> None:
    assert _collapse_spaces(text) == re.sub(r"\s+", " ", text).strip()


def test_memoised_paragraph_measure_matches_paragraph_chars() -> None:
    html = (
        "<html><body><div id='a'><p>" + "Plain paragraph text that counts. " * 3 + "</p>"
        "<a href='/x'><p>A teaser blurb inside a link is not counted at all</p></a>"
        "<div id='b'>Own text of a div.<p>A teaser excerpt that trails off ...</p>"
        "<blockquote>" + "Quoted words that count as prose. " * 2 + "</blockquote></div>"
        "</div></body></html>"
    )
    body = LexborHTMLParser(html).body
    assert body is not None
    measure = _ParagraphChars(score_containers(body, ExtractOptions()))
    for node in body.css("div, p, a, blockquote"):
        for listing in (False, True):
            assert measure(node, listing) == paragraph_chars(node, listing)
            assert measure(node, listing) == paragraph_chars(node, listing)  # memo hit


def test_page_shape_counts_teaser_cards_and_link_text() -> None:
    tree = LexborHTMLParser(
        "<body><article><h2><a href='/1'>One story</a></h2><p>Lead text</p></article>"
        "<article><h3><a href='/2'>Two</a></h3></article><a>Skip</a></body>"
    )
    shape = measure_page(tree)
    assert shape.teasers == 2
    assert shape.link_chars == len("One story") + len("Two") + len("Skip")
    assert shape.body_chars == len("One storyLead textTwoSkip")


@pytest.mark.parametrize(
    "text",
    [
        "Posted on 3/4/21 by Ann",
        "Published March 5, 2024, updated 5th of May 2023",
        "2023-11-02T10:00:00Z and then 12.05.2022",
        "no digits at all here",
        "only a number 42 and 7",
        "the year 2024 alone",
        "\u0661\u0662/\u0660\u0663/\u0662\u0660\u0662\u0664 in Arabic-Indic digits",
        "",
    ],
)
def test_date_formats_skipped_by_their_digits_would_not_have_matched(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # find_date and find_date_at try only the formats a text's digits allow; trying
    # every format finds the same dates.
    quick = (find_date(text), find_date_at(text), find_date_at(text, last=True))
    monkeypatch.setattr(dates, "_formats_in", lambda _text: dates._FOUND_FORMATS)
    assert (find_date(text), find_date_at(text), find_date_at(text, last=True)) == quick


@pytest.mark.parametrize(
    "text",
    [
        "By Jane Doe | Via The Diplomat",
        "Written by: Ann Lee\n  Originally published at Example Weekly on March 3",
        "By Ann Lee and Bo Chen, Staff Writers",
        "Jane Doe\n\nThe harbour board agreed on Monday. Source: Reuters, 2024",
        "",
    ],
)
def test_parse_via_is_the_via_of_parse_byline(text: str) -> None:
    assert parse_via(text) == parse_byline(text).via
