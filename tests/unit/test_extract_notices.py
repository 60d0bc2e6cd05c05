"""Pages served in place of a story: an error page, a bot check, a consent wall, a
maintenance notice, a site page. Told by a title that is the notice and nothing more."""

from __future__ import annotations

import pytest

from tasks.extract import extract_article
from tasks.extract.kind import notice_of
from tasks.records import Article, NotArticle
from tests.unit.test_extract_rules import PROSE

STORY_URL = "https://courier.example/2025/04/22/harbour-dredging-starts"


def page(title: str, h1: str, body: str = PROSE, head: str = "") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head>"
        f"<body><main><h1>{h1}</h1>{body}</main></body></html>"
    )


@pytest.mark.parametrize(
    ("titles", "reason"),
    [
        (("Page not found | The Courier",), "error page"),
        (("Oops! That page can\u2019t be found.",), "error page"),
        (("Sorry, we couldn't find that page",), "error page"),
        (("404",), "error page"),
        (("Page introuvable - Le Courrier",), "error page"),
        (("Access Denied",), "access refused"),
        (("Just a moment...",), "bot check"),
        (("Attention Required! | Cloudflare",), "bot check"),
        (("El Diario | Tu privacidad",), "consent wall"),
        (("Before you continue to YouTube",), "consent wall"),
        (("We value your privacy",), "consent wall"),
        (("Maintenance en cours \u2013 Le Journal",), "maintenance page"),
        (("We\u2019ll be back soon!",), "maintenance page"),
        (("Contact us | The Courier",), "site page"),
        (("Impressum",), "site page"),
        (("Sign in",), "site page"),
        (("Subscribe | The Harbor Ledger",), "site page"),
        (("Ops! Página não encontrada",), "error page"),
        (("お探しのページは見つかりませんでした\uff5c北浜新報",), "error page"),
        (("Wir brauchen Ihre Zustimmung",), "consent wall"),
    ],
)
def test_a_notice_title_names_what_the_page_is(titles: tuple[str, ...], reason: str) -> None:
    found = notice_of(titles)
    assert found is not None and found.startswith(reason), found


@pytest.mark.parametrize(
    "title",
    [
        "Why \u201cPage Not Found\u201d Pages Deserve More Design Love | Blog",
        "Not found: the wreck that divers sought for forty years",
        "About",  # a writer's about page reads as a post
        "Contact tracing app reaches a million users",
        "Maintenance backlog leaves bridges at risk - The Courier",
        "Your privacy is the product, say regulators",
        None,
    ],
)
def test_a_title_that_only_mentions_a_notice_is_none(title: str | None) -> None:
    assert notice_of((title,)) is None


def test_a_soft_404_with_a_rail_of_stories_is_other() -> None:
    rail = "".join(
        f"<li><h3><a href='/2025/04/0{i}/story-{i}'>Story number {i} of the week</a></h3></li>"
        for i in range(1, 7)
    )
    html = page(
        "Page not found - The Courier",
        "Oops! That page can\u2019t be found.",
        "<p>It looks like nothing was found at this location. Maybe try a search?</p>"
        f"<ul>{rail}</ul>",
    )
    result = extract_article(html, STORY_URL)
    assert isinstance(result, NotArticle)
    assert result.page_kind == "other"
    assert result.reason.startswith("error page")


def test_a_consent_wall_at_the_story_s_address_is_other_even_as_og_article() -> None:
    wall = PROSE.replace("harbour board", "consent platform")
    html = page(
        "The Courier | Your privacy choices",
        "We value your privacy",
        wall,
        "<meta property='og:type' content='article'>",
    )
    result = extract_article(html, STORY_URL)
    assert isinstance(result, NotArticle)
    assert result.reason.startswith("consent wall")


def test_a_story_whose_json_ld_says_article_is_read_whatever_its_title() -> None:
    ld = '{"@type": "NewsArticle", "headline": "Not Found"}'
    head = f'<script type="application/ld+json">{ld}</script>'
    result = extract_article(page("Not Found", "Not Found", head=head), STORY_URL)
    assert isinstance(result, Article)
    assert result.text.startswith("The harbour board agreed")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://courier.example/index.html", "listing"),
        ("https://courier.example/en/default.aspx", "listing"),
        ("https://courier.example/index.php?/topic/12-harbour-dredging/", "article"),
    ],
)
def test_a_front_page_under_a_file_name_is_a_listing(url: str, kind: str) -> None:
    result = extract_article(page("The Courier", "Harbour to be dredged"), url)
    assert result.page_kind == kind


@pytest.mark.parametrize(("og_type", "kind"), [("product", "other"), ("product.group", "listing")])
def test_a_product_is_other_and_a_product_group_is_judged_by_its_shape(
    og_type: str, kind: str
) -> None:
    cards = "".join(
        f"<li><h3><a href='/shop/sofa-{i}'>Sofa model {i}</a></h3><p>From 499.</p></li>"
        for i in range(1, 9)
    )
    head = f"<meta property='og:type' content='{og_type}'>"
    html = page("Sofas", "Sofas", f"<p>Our sofas.</p><ul>{cards}</ul>", head)
    result = extract_article(html, "https://shop.example/cat/sofas/")
    assert isinstance(result, NotArticle)
    assert result.page_kind == kind


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("Please enable JS and disable any ad blocker.", "other"),
        ("JavaScript is disabled in your browser. Please enable JavaScript and reload.", "other"),
        ("The board will enable JavaScript-free forms on its site.", "article"),
    ],
)
def test_a_short_page_that_asks_for_a_script_is_other(said: str, kind: str) -> None:
    story = f"<p>{said}</p>" + PROSE[: PROSE.index("</p>") + 4]
    result = extract_article(page("calderpost.example", "", story), STORY_URL)
    assert result.page_kind == kind


@pytest.mark.parametrize(
    ("types", "kind"),
    [('"Event"', "other"), ('"JobPosting"', "other"), ('["Event", "NewsArticle"]', "article")],
)
def test_an_event_or_a_job_advertisement_is_no_story(types: str, kind: str) -> None:
    head = f'<script type="application/ld+json">{{"@type": {types}, "name": "Forum"}}</script>'
    html = page("Climate forum", "Climate forum", PROSE * 2, head)
    assert extract_article(html, "https://mag.example/events/2025/10/14/forum").page_kind == kind
