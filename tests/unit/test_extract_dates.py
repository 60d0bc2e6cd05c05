"""Publication-date rules of the extractor, one small page written here per rule."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from tasks.extract.dates import find_date, parse_date
from tasks.extract.metadata import PageMetadata, read_metadata

HEADLINE = "How to plan a vegetable garden"


def metadata(head: str = "", body: str = "", url: str | None = None) -> PageMetadata:
    html = f"<html><head>{head}</head><body>{body}<p>Some text of the story.</p></body></html>"
    return read_metadata(LexborHTMLParser(html), url, html)


def json_ld(**dates: str) -> str:
    article = {"@type": "Article", "headline": HEADLINE, **dates}
    return f"<script type='application/ld+json'>{json.dumps(article)}</script>"


def published_date(meta: PageMetadata) -> dt.date | None:
    return meta.published.date if meta.published is not None else None


# ------------------------------------------ a JSON-LD datePublished that stands alone

REVISED = json_ld(datePublished="2021-08-12T19:35:44+00:00", dateModified="2025-02-22T22:13:14Z")


def test_shown_date_that_json_ld_modified_confirms_beats_a_lone_date_published() -> None:
    meta = metadata(REVISED, f"<h1>{HEADLINE}</h1><p>By Ann Lee \u00b7 Updated: Feb 22, 2025</p>")
    assert published_date(meta) == dt.date(2025, 2, 22)
    # The instant is the one the JSON-LD gives for that date, not an invented time.
    assert meta.published is not None
    assert meta.published.at == dt.datetime(2025, 2, 22, 22, 13, 14, tzinfo=dt.UTC)


def test_date_published_repeated_by_a_meta_tag_is_kept() -> None:
    head = REVISED + "<meta property='article:published_time' content='2021-08-12T19:35:44Z'>"
    meta = metadata(head, f"<h1>{HEADLINE}</h1><p>By Ann Lee \u00b7 Last updated: Feb 22, 2025</p>")
    assert published_date(meta) == dt.date(2021, 8, 12)


def test_date_published_shown_under_the_headline_is_kept() -> None:
    meta = metadata(
        REVISED,
        f"<h1>{HEADLINE}</h1><p>Published Aug 12, 2021 \u00b7 Updated Feb 22, 2025</p>",
    )
    assert published_date(meta) == dt.date(2021, 8, 12)


def test_shown_date_no_other_source_gives_does_not_replace_date_published() -> None:
    meta = metadata(REVISED, f"<h1>{HEADLINE}</h1><p>By Ann Lee \u00b7 Updated Jan 5, 2024</p>")
    assert published_date(meta) == dt.date(2021, 8, 12)


def test_confirmed_date_shown_a_day_off_is_the_local_date() -> None:
    ld = json_ld(datePublished="2025-01-04T00:00:00Z", dateModified="2025-12-16T01:52:13Z")
    meta = metadata(ld, f"<h1>{HEADLINE}</h1><p>Updated on December 15, 2025</p>")
    assert published_date(meta) == dt.date(2025, 12, 15)
    assert meta.published is not None
    assert meta.published.at == dt.datetime(2025, 12, 16, 1, 52, 13, tzinfo=dt.UTC)


def test_confirmed_date_in_the_kicker_line_above_the_headline() -> None:
    ld = json_ld(datePublished="2024-04-05", dateModified="2025-12-17T09:00:08-05:00")
    meta = metadata(
        ld,
        f"<p class='kicker'>Gardening \u00b7 December 17, 2025</p><h1>{HEADLINE}</h1>"
        "<p>Start small, with a sunny bed.</p>",
    )
    assert published_date(meta) == dt.date(2025, 12, 17)


def test_meta_date_tag_confirms_the_shown_date() -> None:
    ld = json_ld(datePublished="2024-08-29T10:00:00Z", dateModified="2025-12-15T12:15:15-08:00")
    meta = metadata(
        ld + "<meta name='date' content='November 25, 2025'>",
        f"<h1>{HEADLINE}</h1><p>By Jo Park Nov 25, 2025 5:00 am PST</p>",
    )
    assert published_date(meta) == dt.date(2025, 11, 25)
    assert meta.published is not None and meta.published.at is None  # the tag has no time


# ------------------------------------------ a JSON-LD datePublished no earlier than modified

RENDER_TIME = "2025-11-29T12:28:31-05:00"
RENDERED = json_ld(datePublished=RENDER_TIME, dateModified=RENDER_TIME)


def test_published_dateline_beats_a_render_time_date_published() -> None:
    intro = "Start with a small bed in full sun and a path you can reach it by. " * 12
    meta = metadata(
        RENDERED,
        f"<h1>{HEADLINE}</h1><p>By Kim Roe, Contributor</p><p>{intro}</p>"
        "<footer><p>Published August 13, 2025</p></footer>",
    )
    assert published_date(meta) == dt.date(2025, 8, 13)
    assert meta.published is not None and meta.published.at is None


def test_meta_tag_repeating_a_render_time_date_published_keeps_it() -> None:
    meta = metadata(
        RENDERED + "<meta property='article:published_time' content='2025-11-29T17:28:31Z'>",
        f"<h1>{HEADLINE}</h1><p>The sign-up opened on Wednesday, November 26, 2025.</p>",
    )
    assert published_date(meta) == dt.date(2025, 11, 29)


def test_meta_tag_repeating_the_utc_instant_still_takes_the_local_date_shown() -> None:
    instant = "2019-11-19T00:04:00Z"
    meta = metadata(
        json_ld(datePublished=instant, dateModified=instant)
        + f"<meta property='article:published_time' content='{instant}'>",
        f"<h1>{HEADLINE}</h1><p>By Ann Lee Nov. 18, 2019 7:04 pm ET</p>",
    )
    assert published_date(meta) == dt.date(2019, 11, 18)
    assert meta.published is not None
    assert meta.published.at == dt.datetime(2019, 11, 19, 0, 4, tzinfo=dt.UTC)


def test_the_dek_does_not_push_the_byline_date_out_of_the_header() -> None:
    dek = (
        "A guide to planning a vegetable garden: where the sun falls, which beds to dig "
        "first, what to sow in spring and what to leave for the autumn months ahead."
    )
    meta = metadata(
        RENDERED + f"<meta name='description' content='{dek}'>",
        # Pages print the dek twice (one copy for small screens): over 300 characters.
        f"<h1>{HEADLINE}</h1><p>{dek}</p><p>{dek}</p><p>Shauna Lee August 25, 2024</p>",
    )
    assert published_date(meta) == dt.date(2024, 8, 25)


# ------------------------------------------ formats and places


def test_dashed_month_day_year_is_read_when_unambiguous() -> None:
    parsed = parse_date("11-29-2024,09:03 AM")
    assert parsed is not None and parsed.date == dt.date(2024, 11, 29) and parsed.at is None
    day_first = parse_date("29-11-2024")
    assert day_first is not None and day_first.date == dt.date(2024, 11, 29)
    assert parse_date("02-12-2025") is None  # 12 February or 2 December: not said


def test_portuguese_and_spanish_dates_with_their_connecting_words() -> None:
    # "22 de janeiro de 2018", as a Brazilian site's header writes it.
    for text, day in (
        ("segunda-feira, 22 de janeiro de 2018 às 0:13", dt.date(2018, 1, 22)),
        ("Publicado el 3 de marzo del 2020", dt.date(2020, 3, 3)),
        ("3 de março de 2020", dt.date(2020, 3, 3)),
    ):
        parsed = parse_date(text)
        assert parsed is not None and parsed.date == day, text
    header = "<h1>Calendário 2018</h1><p class='date'>22 de janeiro de 2018</p>"
    assert published_date(metadata(body=header)) == dt.date(2018, 1, 22)


def test_dashed_post_stamp_in_microdata_dates_a_thread() -> None:
    meta = metadata(
        body=(
            "<h1>Which host for a small shop?</h1><div class='post'>"
            "<span class='postdate' itemprop='datePublished'>11-29-2024,09:03 AM</span>"
            "<p>I need a host for a small shop.</p></div>"
        )
    )
    assert published_date(meta) == dt.date(2024, 11, 29)


def test_dates_in_a_menu_are_other_stories() -> None:
    menu = "".join(
        f"<div class='views-row'><time datetime='2025-0{month}-06T12:00:00Z'>0{month}/06/2025"
        f"</time><a href='/news/{month}'>Career news {month}</a></div>"
        for month in (1, 2, 3)
    )
    meta = metadata(
        body=(
            f"<nav><div class='menu-view menu-career-news'>{menu}</div></nav>"
            f"<article><h1>{HEADLINE}</h1><div class='node__meta'>"
            "<time datetime='2017-03-01T12:00:00Z'>03/01/2017</time> by Ann Lee</div>"
            "<p>Start small.</p></article>"
        )
    )
    assert published_date(meta) == dt.date(2017, 3, 1)


def test_profile_dates_next_to_a_forum_post_are_not_its_date() -> None:
    meta = metadata(
        body=(
            f"<h2>{HEADLINE}</h2><dl class='profile'><dd>Posts: 4032</dd>"
            "<dd>Founded: Dec 11, 2021</dd><dd>Joined: Jan 3, 2020</dd></dl>"
            "<div class='post'><p class='author'>by Green Thumb \u00bb Tue Aug 27, 2019 1:47 am"
            "</p><p>Start small.</p></div>"
        )
    )
    assert published_date(meta) == dt.date(2019, 8, 27)


def test_news_agency_dateline_in_the_summary_dates_an_undated_page() -> None:
    summary = "By Md Rahman RAJSHAHI, Dec 20, 2025 (BSS) - Home gardens feed more villages."
    meta = metadata(f"<meta name='description' content='{summary}'>", "<div>Home gardens.</div>")
    assert published_date(meta) == dt.date(2025, 12, 20)
    assert meta.published is not None and meta.published.at is None


def test_summary_without_a_dateline_gives_no_date() -> None:
    summary = "Gardening, Dec 20, 2025 - a look back at the year in home gardens."
    meta = metadata(f"<meta name='description' content='{summary}'>", "<div>Home gardens.</div>")
    assert meta.published is None


# ------------------------------------------ the update the page shows, and comments


def test_a_utc_modified_time_takes_the_update_date_the_page_shows() -> None:
    # An evening update in New York is the next day in UTC, as Yoast writes it.
    head = json_ld(datePublished="2025-03-04T23:12:00+00:00", dateModified="2025-03-05T01:40:12Z")
    shown = "<p>Posted: Mar 4, 2025 / 06:12 PM EST</p><p>Updated: Mar 4, 2025 / 08:40 PM EST</p>"
    meta = metadata(head, f"<h1>{HEADLINE}</h1>{shown}")
    assert meta.modified is not None
    assert meta.modified.date == dt.date(2025, 3, 4)
    assert meta.modified.at == dt.datetime(2025, 3, 5, 1, 40, 12, tzinfo=dt.UTC)
    # Shown a week apart, the update is another one: the metadata's date stays.
    earlier = shown.replace("Updated: Mar 4", "Updated: Feb 25")
    week = metadata(head, f"<h1>{HEADLINE}</h1>{earlier}")
    assert week.modified is not None and week.modified.date == dt.date(2025, 3, 5)


def test_a_comment_s_time_is_no_date_of_the_story() -> None:
    # The comment shows its date as an age, so that only its <time> gives one.
    comments = (
        "<div id='comments' class='comments-area'><article class='comment'><footer "
        "class='comment-meta'><time datetime='2025-03-06T09:14:00+05:00'>3 days ago</time>"
        "</footer><p>Great story, thanks.</p></article></div>"
    )
    assert metadata(body=f"<h1>{HEADLINE}</h1>{comments}").published is None


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("4 марта 2025", dt.date(2025, 3, 4)),  # Russian, the genitive
        ("4 березня 2025", dt.date(2025, 3, 4)),  # Ukrainian
        ("4 listopada 2025", dt.date(2025, 11, 4)),  # Polish
        ("4. května 2025", dt.date(2025, 5, 4)),  # Czech
        ("4 maart 2025", dt.date(2025, 3, 4)),  # Dutch
        ("4. maaliskuuta 2025", dt.date(2025, 3, 4)),  # Finnish
        ("4 martie 2025", dt.date(2025, 3, 4)),  # Romanian
        ("4 Agustus 2025", dt.date(2025, 8, 4)),  # Indonesian
        ("4 Μαρτίου 2025", dt.date(2025, 3, 4)),  # Greek
        ("4 KASIM 2025", dt.date(2025, 11, 4)),  # Turkish in capitals: no dotless i
        ("٤ مارس ٢٠٢٥", dt.date(2025, 3, 4)),  # Arabic, Arabic-Indic digits
        ("06 مارچ 2025", dt.date(2025, 3, 6)),  # Urdu
        ("4 मार्च 2025", dt.date(2025, 3, 4)),  # Hindi
        ("৪ মার্চ ২০২৫", dt.date(2025, 3, 4)),  # Bengali digits  # noqa: RUF001
        ("4. ožujka 2025.", dt.date(2025, 3, 4)),  # Croatian
        ("4. март 2025", dt.date(2025, 3, 4)),  # Serbian, Cyrillic
        ("4. oktobra 2025", dt.date(2025, 10, 4)),  # Serbian, Latin
        ("Khamis, 14 Ogos 2025 @ 11:42 AM", dt.date(2025, 8, 14)),  # Malay
        ("Marso 4, 2025", dt.date(2025, 3, 4)),  # Tagalog
        ("12 қыркүйек 2025, 14:20", dt.date(2025, 9, 12)),  # Kazakh
        ("21 ოქტომბერი, 2025", dt.date(2025, 10, 21)),  # Georgian
        ("հունիսի 18, 2025, 15:40", dt.date(2025, 6, 18)),  # Armenian, the genitive
        ("09 அக்டோபர், 2025", dt.date(2025, 10, 9)),  # Tamil
        ("2025年3月4日 14:12", dt.date(2025, 3, 4)),  # Chinese, Japanese
        ("2025년 3월 4일 오후 2:12", dt.date(2025, 3, 4)),  # Korean
    ],
)
def test_month_names_and_calendars_of_many_languages(written: str, day: dt.date) -> None:
    parsed = parse_date(written)
    assert parsed is not None and parsed.date == day and parsed.at is None
    found = find_date(f"Publié · {written} · 3 min")
    assert found is not None and found.date == day


def test_a_hungarian_date_puts_the_year_first() -> None:
    parsed = parse_date("2025. március 4. 14:12")
    assert parsed is not None and parsed.date == dt.date(2025, 3, 4)


def test_a_month_name_that_two_languages_read_apart_is_read_in_the_page_s() -> None:
    # "listopada" is November in Polish and Czech, October in Croatian.
    parsed = parse_date("4. listopada 2025.")
    assert parsed is not None and parsed.date == dt.date(2025, 11, 4)
    assert parsed.in_locale(True, "pl-PL").date == dt.date(2025, 11, 4)
    assert parsed.in_locale(True, "hr-HR").date == dt.date(2025, 10, 4)
