"""Title rules of the extractor: which of the h1 and the metadata titles names the page.

One small page written here per rule; each test also shows the case the rule must leave
alone, so that it cannot pass by always taking one source.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from tasks.extract.metadata import PageMetadata, heading_node_text, read_metadata

URL = "https://news.example.com/stories/harbour-bridge-reopens"


def metadata(head: str = "", body: str = "", url: str | None = URL) -> PageMetadata:
    html = f"<html><head>{head}</head><body>{body}<p>Some text of the story.</p></body></html>"
    return read_metadata(LexborHTMLParser(html), url, html)


def ld_headline(text: str) -> str:
    return (
        '<script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "headline": "{text}"}}</script>'
    )


# ---------------------------------------------------------------- every metadata title confirms


def test_og_title_confirms_the_h1_where_the_json_ld_headline_is_a_short_one() -> None:
    meta = metadata(
        ld_headline("Commuter review")
        + "<meta property='og:title' content='I drove the new harbour bridge at rush hour'>",
        "<h1>I drove the new harbour bridge at rush hour</h1>",
    )
    assert meta.title == "I drove the new harbour bridge at rush hour"


def test_without_a_confirming_og_title_the_json_ld_headline_still_wins() -> None:
    meta = metadata(
        ld_headline("Commuter review"),
        "<h1>Subscribe to our newsletter today</h1>",
    )
    assert meta.title == "Commuter review"


# ---------------------------------------------------------------- leading runs of title parts


def test_h1_showing_the_first_parts_of_the_title_keeps_its_second_part() -> None:
    # Stripping by length alone would keep only "Moving house with children".
    meta = metadata(
        "<title>Moving house with children \u2013 a checklist | Family Matters Weekly</title>",
        "<h1>Moving house with children \u2013 a checklist</h1>",
    )
    assert meta.title == "Moving house with children \u2013 a checklist"


def test_h1_repeating_only_the_last_title_part_is_the_book_not_the_page() -> None:
    # The documentation's name in the h1, the chapter in an h2 and first in <title>.
    meta = metadata(
        "<title>Defining shared behaviour with traits - The Acme Programming Handbook</title>",
        "<h1>The Acme Programming Handbook</h1><h2>Defining shared behaviour with traits</h2>",
    )
    assert meta.title == "Defining shared behaviour with traits"


def test_h1_repeating_the_first_title_part_is_confirmed() -> None:
    meta = metadata(
        "<title>Webcams - Glacier Valley National Park</title>",
        "<h1>Webcams</h1>",
    )
    assert meta.title == "Webcams"


def test_a_run_of_title_parts_stops_at_the_site_name() -> None:
    # The h1 repeats the whole <title>, site name included: it is not confirmed as a
    # headline, and the title without the site's name is taken.
    meta = metadata(
        "<title>Moving house with children - Family Matters</title>"
        "<meta property='og:site_name' content='Family Matters'>",
        "<h1>Moving house with children - Family Matters</h1>",
    )
    assert meta.title == "Moving house with children"


# ---------------------------------------------------------------- separators the display dropped


def test_label_badge_before_the_h1_takes_the_metadata_spelling() -> None:
    meta = metadata(
        "<meta property='og:title' content='Question - Which tent for a first camping trip?'>",
        "<h1><span class='badge'>Question</span> Which tent for a first camping trip?</h1>",
    )
    assert meta.title == "Question - Which tent for a first camping trip?"


def test_h1_that_rewords_punctuation_keeps_its_own_spelling() -> None:
    # Not a dropped separator: the h1's colon is its own punctuation.
    meta = metadata(
        "<meta property='og:title' content='Mobile design - The complete guide for 2026'>",
        "<h1>Mobile design: The complete guide for 2026</h1>",
    )
    assert meta.title == "Mobile design: The complete guide for 2026"


# ---------------------------------------------------------------- the site's own title


def test_site_title_leading_with_the_site_name_gives_way_to_the_h1_below_the_front_page() -> None:
    meta = metadata(
        "<title>Forumly - Where conversations happen</title>",
        "<h1>Cast iron pan scratched by a metal spatula</h1>",
        url="https://forumly.example/r/cooking/comments/123/cast_iron_pan",
    )
    assert meta.title == "Cast iron pan scratched by a metal spatula"


def test_site_title_on_the_front_page_is_the_page_title() -> None:
    meta = metadata(
        "<title>Forumly - Where conversations happen</title>",
        "<h1>We respect your privacy and your cookies</h1>",
        url="https://forumly.example/",
    )
    assert meta.title == "Where conversations happen"


def test_a_title_that_only_says_home_gives_way_to_its_other_part() -> None:
    meta = metadata(
        "<meta property='og:title' content='Home'><title>Home - The Harbour Gazette</title>",
        url="https://gazette.example/",
    )
    assert meta.title == "The Harbour Gazette"


# ---------------------------------------------------------------- controls inside the h1


def test_button_and_hidden_tooltip_inside_the_h1_are_no_part_of_the_title() -> None:
    meta = metadata(
        "<title>Harbour bridge reopens | Example News</title>",
        "<h1>Harbour bridge reopens<button>Copy link</button>"
        "<span hidden>Save this page to your reading list</span></h1>",
    )
    assert meta.title == "Harbour bridge reopens"


def test_visually_hidden_text_of_an_h1_is_kept() -> None:
    # Screen-reader text is part of the heading as read; only never-rendered text goes.
    node = LexborHTMLParser(
        "<h1><span class='visually-hidden'>Collection:</span> Rain jackets</h1>"
    ).css_first("h1")
    assert node is not None
    assert heading_node_text(node) == "Collection: Rain jackets"


def test_style_element_inside_the_h1_is_no_part_of_the_title() -> None:
    node = LexborHTMLParser(
        "<h1><style>.brand{font-weight:700}</style><a class='brand'>Acme</a> Trail Jacket</h1>"
    ).css_first("h1")
    assert node is not None
    assert heading_node_text(node) == "Acme Trail Jacket"


# ---------------------------------------------------------------- a bar divides labels


def test_part_after_a_bar_in_a_confirmed_h1_is_a_label() -> None:
    # The JSON-LD headline (kept whole, as the story's own field) confirms the h1.
    meta = metadata(
        ld_headline("Best ferries to the islands in 2026 | Top 9 routes"),
        "<h1>Best ferries to the islands in 2026 | Top 9 routes</h1>",
    )
    assert meta.title == "Best ferries to the islands in 2026"


def test_section_label_after_a_bar_in_the_json_ld_headline_is_dropped() -> None:
    meta = metadata(ld_headline("Why the harbour bridge took four years | Opinion"))
    assert meta.title == "Why the harbour bridge took four years"


def test_one_word_label_before_a_bar_keeps_the_whole_title() -> None:
    meta = metadata(ld_headline("Opinion | Why the harbour bridge took four years"))
    assert meta.title == "Opinion | Why the harbour bridge took four years"


def test_ideographic_spaces_between_a_japanese_headline_s_phrases_are_kept() -> None:
    headline = "老朽水道管、全国で23\uff05に\u3000更新は年0.6\uff05どまり"
    meta = metadata(f"<title>{headline}\uff1a暁日新聞</title>", f"<h1>{headline}</h1>")
    assert meta.title == headline
