"""Metadata rules of the extractor (title, authors, dates, encoding), one small page
written here per rule."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from tasks.extract.authors import clean_authors, split_names
from tasks.extract.dates import parse_date
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


def test_h1_spelling_the_title_exactly_beats_an_earlier_near_copy() -> None:
    meta = metadata(
        "<title>Nintendo Switch \u2013 OLED Model - Nintendo - Official Site</title>"
        "<meta property='og:site_name' content='Nintendo'>",
        "<h1>Nintendo Switch - OLED Model</h1><h1>Nintendo Switch \u2013 OLED Model</h1>",
    )
    assert meta.title == "Nintendo Switch \u2013 OLED Model"


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


def test_h1_that_completes_a_shortened_metadata_title_wins() -> None:
    meta = metadata(
        "<title>Tiny House Living | Example Homes</title>",
        "<h1>Tiny House Living: Why Live Small?</h1>",
    )
    assert meta.title == "Tiny House Living: Why Live Small?"


def test_h1_that_adds_a_separated_section_to_the_metadata_title_loses() -> None:
    meta = metadata(
        "<meta property='og:title' content='How sleep shapes memory'>",
        "<h1>How sleep shapes memory | Opinion</h1>",
    )
    assert meta.title == "How sleep shapes memory"


def test_json_ld_headline_keeps_a_dash_inside_it() -> None:
    article = {"@type": "NewsArticle", "headline": "Squad 2024 - 2025"}
    meta = metadata(
        f"<script type='application/ld+json'>{json.dumps(article)}</script>",
        "<h1>Club news</h1>",
    )
    assert meta.title == "Squad 2024 - 2025"


def test_json_ld_headline_cut_short_is_completed_from_another_title() -> None:
    head = "Fix It Friday: We Help 4 Readers Find Solutions (Including"
    article = {"@type": "BlogPosting", "headline": head}
    meta = metadata(
        f"<script type='application/ld+json'>{json.dumps(article)}</script>",
        f"<meta property='og:title' content='{head} One Trick That Works) - Jo Home'>",
        "<h2>Fix It Friday</h2>",
    )
    assert meta.title == f"{head} One Trick That Works)"


def test_title_that_only_adds_a_part_leaves_the_json_ld_headline() -> None:
    article = {"@type": "NewsArticle", "headline": "Squad 2024 - 2025"}
    meta = metadata(
        f"<script type='application/ld+json'>{json.dumps(article)}</script>",
        "<title>Squad 2024 - 2025 - United Football Club</title>",
    )
    assert meta.title == "Squad 2024 - 2025"


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
        # A bar after the headline starts the page's labels, even before the site name.
        ("Bridge reopens | Traffic & Roads | Example News", "Example News", "", "Bridge reopens"),
        # A dash between the headline's parts stays when a bar comes later.
        (
            "Bridge reopens - what changes | Example News",
            "Example News",
            "",
            "Bridge reopens - what changes",
        ),
    ],
)
def test_strip_site_name(title: str, site: str | None, host: str, expected: str) -> None:
    assert strip_site_name(title, site, host) == expected


# ---------------------------------------------------------------- site name


def _publisher_ld(name: str) -> str:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "NewsArticle", "headline": "Bridge reopens", "publisher": {"@id": "#org"}},
            {"@type": "Organization", "@id": "#org", "name": name},
        ],
    }
    return f"<script type='application/ld+json'>{json.dumps(graph)}</script>"


@pytest.mark.parametrize(
    ("publisher", "expected"),
    [
        # A company's legal name opens with the name the site goes by: the site's.
        ("Harbour Courier Medien GmbH", "Harbour Courier"),
        ("Harbour Courier Media, Inc.", "Harbour Courier"),
        ("Harbour Courier Ltd", "Harbour Courier"),
        # Another publisher (a wire, a group) is the publisher's name, as stated.
        ("Associated Press", "Associated Press"),
        ("Coastline Newspapers Inc.", "Coastline Newspapers Inc."),
    ],
)
def test_site_name_is_the_publisher_without_its_legal_form(publisher: str, expected: str) -> None:
    head = "<meta property='og:site_name' content='Harbour Courier'>" + _publisher_ld(publisher)
    assert metadata(head).site_name == expected


def test_heading_linking_home_names_a_site_that_says_its_name_nowhere_else() -> None:
    head = "<title>Cinder Lane Bees: First inspection of spring</title>"
    home = "<h1 class='title'><a href='https://news.example.com/'>Cinder Lane Bees</a></h1>"
    story = "<h3>First inspection of spring</h3>"
    assert metadata(head, home + story).site_name == "Cinder Lane Bees"
    # A heading linking elsewhere, or one the <title> does not repeat, names no site.
    section = home.replace("https://news.example.com/", "/bees/")
    assert metadata(head, section + story).site_name is None
    other = home.replace("Cinder Lane Bees</a>", "Welcome</a>")
    assert metadata(head, other + story).site_name is None


def test_masthead_logo_linking_home_names_a_site_that_says_its_name_nowhere_else() -> None:
    head = "<title>Coldwater Valley Herald - Local News - Fire company asks for pay</title>"
    logo = "<a href='/'><img src='/images/masthead.gif' alt='Coldwater Valley Herald'></a>"
    assert metadata(head, logo).site_name == "Coldwater Valley Herald"
    # A picture linking elsewhere, or one whose words the <title> does not open or end
    # with, names no site.
    assert metadata(head, logo.replace("href='/'", "href='/news/'")).site_name is None
    assert metadata(head, logo.replace("alt='Coldwater", "alt='Subscribe to")).site_name is None
    # The word "logo" in the alt is no part of the name.
    for alt in ("Coldwater Valley Herald logo", "Logo of Coldwater Valley Herald"):
        named = logo.replace("alt='Coldwater Valley Herald'", f"alt='{alt}'")
        assert metadata(head, named).site_name == "Coldwater Valley Herald"


@pytest.mark.parametrize(
    ("title", "alt", "href", "url", "name"),
    [
        # A legacy site's home page is its index page.
        (
            "Riverside Amateur Radio Club - Field Day moves",
            "Welcome to Riverside Amateur Radio Club",
            "index.php",
            "http://radio.example/modules.php?name=News&sid=12",
            "Riverside Amateur Radio Club",
        ),
        (
            "Fire company asks for pay - The Ledger",
            "The Ledger",
            "/default.asp",
            "http://ledger.example/story.asp?id=7",
            "The Ledger",
        ),
        # "The", a web address's ending or a slogan after a dash aside.
        (
            "Snow closes schools - New York Chronicle",
            "The New York Chronicle",
            "/",
            "http://chronicle.example/2007/03/03/snow.html",
            "The New York Chronicle",
        ),
        (
            "Council tax rises capped - Telegram",
            "Telegram.co.uk",
            "/",
            "http://www.telegram.example/news/6551187.html",
            "Telegram.co.uk",
        ),
        # A name the <title> lacks, which a label of the host spells whole.
        (
            "Kestrel tablets for field crews",
            "PR Dispatch - United Business Releases",
            "/",
            "https://www.prdispatch.example/news-releases/kestrel-300.html",
            "PR Dispatch",
        ),
        (
            "Growing tomatoes in containers",
            "ArticleHarbor.com",
            "/",
            "http://articleharbor.example/?Tomatoes&id=2011",
            "ArticleHarbor.com",
        ),
        # Not a label spelled in part, nor the top-level domain.
        (
            "Photo frame app makes old hardware useful",
            "App Logo",
            "/",
            "https://appaddict.app/post/photo-frame",
            None,
        ),
        ("How to run payroll", "HRC", "/", "https://www.hrcloud.example/blog/payroll", None),
    ],
)
def test_the_masthead_logo_names_the_site_beyond_its_exact_words(
    title: str, alt: str, href: str, url: str, name: str | None
) -> None:
    logo = f"<a href='{href}'><img src='/images/masthead.gif' alt='{alt}'></a>"
    assert metadata(f"<title>{title}</title>", logo, url).site_name == name


def test_an_old_blogs_name_before_a_colon_is_no_part_of_a_posts_title() -> None:
    # Movable Type, TypePad and Blogger titled a post "Blog Name: Post Title", no space
    # before the colon; the blog's front page "Name: What it does" is the site's own.
    head = "<title>Tidewater Notes: The ferry nobody wants to lose</title>"
    masthead = "<h1 id='banner-header'><a href='/'>Tidewater Notes</a></h1>"
    post = "https://tidewater.example/archives/2006/03/the_ferry_nobody.html"
    found = metadata(head, masthead, post)
    assert (found.site_name, found.title) == ("Tidewater Notes", "The ferry nobody wants to lose")
    front = metadata(head, masthead, "https://tidewater.example/")
    assert front.title == "Tidewater Notes: The ferry nobody wants to lose"


@pytest.mark.parametrize(
    ("href", "name"),
    [
        ("/blog/", "Notes from Plot 19"),  # the folder the blog lives in, above the post
        ("/blog/2007/", None),  # deeper: an archive's
        ("https://other.example/blog/", None),  # another site's
    ],
)
def test_a_blog_in_a_folder_links_home_to_the_folder(href: str, name: str | None) -> None:
    head = "<title>Notes from Plot 19 &raquo; Blog Archive &raquo; Broad beans in March</title>"
    masthead = f"<h1><a href='{href}'>Notes from Plot 19</a></h1>"
    url = "https://plot19.example/blog/2007/03/03/broad-beans-in-march/"
    assert metadata(head, masthead, url).site_name == name


@pytest.mark.parametrize(
    ("link", "url", "name"),
    [
        # Drupal's "#site-name": a plain link home, its text ending the <title>.
        (
            "<div id='site-name'><a href='/'>Eastgate Neighbors</a></div>",
            "https://eastgate.example/news/route-14",
            "Eastgate Neighbors",
        ),
        # A manual's home: the index page of a folder above the page.
        (
            "<a href='../index.html'>Eastgate Neighbors</a>",
            "https://eastgate.example/en/latest/news/route-14.html",
            "Eastgate Neighbors",
        ),
        # The page itself, however it is written, is no home.
        (
            "<a href='index.html'>Eastgate Neighbors</a>",
            "https://eastgate.example/pub/route-14/index.html",
            None,
        ),
        # A section's name is no site's.
        ("<a href='/'>Forums</a>", "https://eastgate.example/viewtopic.php?t=9", None),
        # Joomla's section: its index page with a query is no home.
        (
            "<a href='/index.php?option=com_content&amp;view=section&amp;id=5'>Eastgate "
            "Neighbors</a>",
            "https://eastgate.example/news/route-14",
            None,
        ),
        # Words that open the headline are no part of the <title> of their own.
        ("<a href='/'>Riders</a>", "https://eastgate.example/news/route-14", None),
    ],
)
def test_a_link_home_at_the_top_names_the_site(link: str, url: str, name: str | None) -> None:
    site = "Forums" if name is None and "Forums" in link else "Eastgate Neighbors"
    head = f"<title>Riders pack meeting over Route 14 cuts | {site}</title>"
    assert metadata(head, link, url).site_name == name


@pytest.mark.parametrize(
    ("title", "link", "url", "name"),
    [
        # A theme's text logo: the name, then its tagline, in one link home.
        (
            "Ferry terminal delayed &#8211; Tidewater Ledger",
            "<a href='https://www.tidewater.example/'><span>Tidewater Ledger</span>"
            "<span>News from the lower bay</span></a>",
            "https://www.tidewater.example/2014/03/12/ferry/",
            "Tidewater Ledger",
        ),
        # A <title> without the name, which the host spells, "&" for "and".
        (
            "Planting a hedge for the birds",
            "<a href='https://lanternandloam.example/'>Lantern &amp; Loam</a>",
            "https://lanternandloam.example/posts/hedge.html",
            "Lantern & Loam",
        ),
        # A platform's home on another host spells its own name in every blog's address.
        (
            "Planting a hedge for the birds",
            "<a href='https://substack.example/'>Substack</a>",
            "https://hedges.substack.example/p/planting",
            None,
        ),
    ],
)
def test_a_link_home_names_the_site_by_its_title_part_or_its_host(
    title: str, link: str, url: str, name: str | None
) -> None:
    assert metadata(f"<title>{title}</title>", link, url).site_name == name


def test_without_an_h1_the_title_part_the_page_shows_is_the_headline() -> None:
    # A table layout of the 2000s: the headline a bold line, the byline under it.
    head = "<title>Valley Herald - Local News - Fire company asks township for pay</title>"
    body = (
        "<table><tr><td><font size='1'><b>LOCAL NEWS</b></font></td></tr><tr><td><font "
        "size='5'><b>Fire company asks township for pay</b></font></td></tr><tr><td><font "
        "size='2'><b>By DALE WHITACRE</b><br>Staff Writer</font></td></tr></table>"
    )
    meta = metadata(head, body)
    assert meta.title == "Fire company asks township for pay"
    assert meta.authors == ["Dale Whitacre"]
    # Nothing on the page shows a part of the title: the title stays whole.
    shown = metadata(head, body.replace("<b>Fire company", "<b>A fire company"))
    assert shown.title == "Valley Herald - Local News - Fire company asks township for pay"


# ---------------------------------------------------------------- authors


_AUTHOR_ITEM = (
    "<div role='listitem' class='blog-author-item'><a href='/blog-authors/{slug}' "
    "class='blog-author-link'><div class='blog-author-name'>{name}</div></a></div>"
)


def _author_list(*names: str) -> str:
    items = "".join(
        _AUTHOR_ITEM.format(slug=name.lower().replace(" ", "-"), name=name) for name in names
    )
    return f"<h1>Bridge reopens</h1><div role='list' class='blog-authors-list'>{items}</div>"


def test_authors_listed_as_items_of_one_list_are_all_read() -> None:
    assert metadata(body=_author_list("Teodora Vance", "Idris Kello")).authors == [
        "Teodora Vance",
        "Idris Kello",
    ]


def test_an_editor_beside_the_written_by_list_is_no_author() -> None:
    byline = (
        "<span>Written by: <ul><li><a href='/authors/emily-walker/'>Emily Walker</a></li>"
        "<li><a href='/authors/casey-mcdevitt/'>Casey McDevitt</a></li></ul></span>"
        "<span>Edited by: <a href='/authors/kristina-zagame/'>Kristina Zagame</a></span>"
    )
    assert metadata(body=f"<h1>Bridge reopens</h1>{byline}").authors == [
        "Emily Walker",
        "Casey McDevitt",
    ]


def test_authors_of_story_cards_in_a_list_are_not_co_authors() -> None:
    card = (
        "<div class='card'><h3>{title}</h3><p>The council met to decide on the bridge and "
        "the ferry, and residents spoke for an hour.</p><div class='author-name'>{name}</div>"
        "</div>"
    )
    cards = card.format(title="Bridge reopens", name="Ann Lee") + card.format(
        title="Ferry fares rise", name="Bo Chen"
    )
    assert metadata(body=f"<div class='cards'>{cards}</div>").authors == ["Ann Lee"]


def test_shown_byline_naming_more_authors_than_the_json_ld_is_read_whole() -> None:
    ld = {"@type": "NewsArticle", "headline": "Bridge reopens", "author": {"name": "Ann Lee"}}
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    byline = "<div class='byline'>By Ann Lee, Bo Chen</div>"
    assert metadata(head, f"<h1>Bridge reopens</h1>{byline}").authors == ["Ann Lee", "Bo Chen"]


@pytest.mark.parametrize(
    "byline", ["Mike Marshall, Shipping Expert", "Mike Marshall - Senior Tax Specialist"]
)
def test_an_expert_role_after_the_name_is_no_second_author(byline: str) -> None:
    body = f"<h1>Bridge reopens</h1><div class='author-name'>{byline}</div>"
    assert metadata(body=body).authors == ["Mike Marshall"]


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
    ("raw", "names"),
    [
        ("Brambleworth Energy, Inc.", ["Brambleworth Energy, Inc."]),
        ("Acme Ltd", ["Acme Ltd"]),
        # People and a company, or two people, are split as before.
        ("Jane Doe, Acme Inc.", ["Jane Doe", "Acme Inc"]),
        ("Jane Doe and Acme Inc.", ["Jane Doe", "Acme Inc"]),
        ("Jane Doe, John Smith", ["Jane Doe", "John Smith"]),
    ],
)
def test_a_company_s_legal_form_after_a_comma_is_no_second_author(
    raw: str, names: list[str]
) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize(
    "furniture",
    ["Sign In", "About the Author", "View more posts", "page.head.extra.author", "co-authors"],
)
def test_page_furniture_is_not_an_author(furniture: str) -> None:
    assert clean_authors([furniture]) == ()


def test_furniture_in_a_byline_class_falls_back_to_a_real_byline() -> None:
    meta = metadata(
        body="<div class='author-box'>Sign In</div><p class='byline'>By Jane Doe</p>",
    )
    assert meta.authors == ["Jane Doe"]


def test_commenters_are_not_the_author() -> None:
    # WordPress marks each comment "comment-author"; a byline rule reading the first
    # element classed "author" would name a commenter (or a spammer).
    comments = (
        "<div id='comments' class='comments-area'><ol class='comment-list'><li>"
        "<div class='comment-author vcard'><b class='fn'>Cheap Pills Online</b> says:</div>"
        "<p>Great post!</p></li></ol></div>"
    )
    assert metadata(body=comments).authors == []
    byline = "<p class='post-author'>By Jane Doe</p>"
    assert metadata(body=comments + byline).authors == ["Jane Doe"]
    # An opinion section's "commentary" class is no comment section.
    commentary = "<div class='article-commentary'><p class='post-author'>Jane Doe</p></div>"
    assert metadata(body=comments + commentary).authors == ["Jane Doe"]


def test_russian_byline_labels_are_not_part_of_the_name() -> None:
    assert split_names("Текст: Иван Петров") == ["Иван Петров"]
    assert split_names("Автор: Иван Петров") == ["Иван Петров"]


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        # Korean, Japanese and Chinese bylines put the reporter's title after the name.
        ("김민수 기자", ["김민수"]),
        ("山田太郎記者", ["山田太郎"]),
        ("王小明 记者", ["王小明"]),
        # Whom the story was written for.
        ("By JANE DOE FOR MAILONLINE", ["Jane Doe"]),
        ("Jane Doe and John Roe for The Conversation", ["Jane Doe", "John Roe"]),
        # A spaced middle dot parts the name from its role and company.
        ("Dana Whitlock \u00b7 VP Growth at Example Corp", ["Dana Whitlock"]),
        # An e-mail address beside the name, bracketed or not.
        ("김민수 기자(minsu.kim@hanbit.example)", ["김민수"]),
        ("Jane Doe (jane.doe@harbour.example)", ["Jane Doe"]),
        ("Jane Doe jane.doe@harbour.example", ["Jane Doe"]),
    ],
)
def test_reporter_titles_and_e_mail_addresses_are_no_part_of_a_name(
    raw: str, names: list[str]
) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize(
    ("byline", "authors", "via"),
    [
        # "By" in another language, the name a link on the next line of the source.
        ("Par <a href='/signataires/jeanne'>Jeanne Le Bihan</a>", ["Jeanne Le Bihan"], None),
        ("Von <a href='/autor/max'>Max Muster</a>", ["Max Muster"], None),
        # The news agency a story was written with is its source, no co-author.
        ("Par Jeanne Le Bihan avec AFP", ["Jeanne Le Bihan"], "AFP"),
        ("Von Max Muster mit dpa", ["Max Muster"], "dpa"),
        ("By Jane Doe with John Roe", ["Jane Doe with John Roe"], None),
        # Each co-author linked: the names after the first are on lines of their own.
        (
            "By&nbsp;<a href='/h'>SAMIRA HOLT</a> and&nbsp;<a href='/p'>DEV PATIL</a>",
            ["Samira Holt", "Dev Patil"],
            None,
        ),
        (
            "By <a>Ann Lee</a>, <a>Bo Chan</a> and <a>Cy Diaz</a>",
            ["Ann Lee", "Bo Chan", "Cy Diaz"],
            None,
        ),
    ],
)
def test_byline_in_other_languages_with_agencies_and_linked_co_authors(
    byline: str, authors: list[str], via: str | None
) -> None:
    meta = metadata(body=f"<div class='byline'>{byline}</div>")
    assert (meta.authors, meta.via) == (authors, via)


def test_a_role_after_a_comma_beside_a_linked_name_is_no_co_author() -> None:
    card = (
        "<div class='byline'><span>Carlos Escobar</span>, <span>VP, IS Security, Risk, and "
        "Compliance</span>, <span>RevMed</span></div>"
    )
    assert metadata(body=card).authors == ["Carlos Escobar"]


def test_via_the_author_is_no_syndication_source() -> None:
    # A link aggregator credits who posted the link: "via jdoe 2 hours ago".
    posted = "<span>via</span> <a class='u-author' href='/~jdoe'>jdoe</a> 2 hours ago"
    meta = metadata(body=f"<div class='byline'>{posted}</div>")
    assert (meta.authors, meta.via) == (["jdoe"], None)
    meta = metadata(body="<p class='byline'>By Jane Doe | Via The Harbour Gazette</p>")
    assert (meta.authors, meta.via) == (["Jane Doe"], "The Harbour Gazette")


def test_author_bio_sentence_names_the_author_without_the_role() -> None:
    meta = metadata(
        body=(
            "<div class='author-avatar'><img alt=''></div><div class='author-bio'>"
            "This post was written by Dana Pell, Head of Marketing and Community</div>"
        )
    )
    assert meta.authors == ["Dana Pell"]
    assert split_names("Sam Ortiz, Director of Research at Example Labs") == ["Sam Ortiz"]


def test_words_after_a_name_are_not_part_of_it() -> None:
    assert split_names("Jane Doe Last") == ["Jane Doe"]
    assert split_names("Jane Doe October") == ["Jane Doe"]
    # Months that are also names stay: "May" is a surname.
    assert split_names("Theresa May") == ["Theresa May"]


def test_twitter_card_label_written_by_names_the_author() -> None:
    meta = metadata(
        "<meta name='twitter:label1' content='Written by'>"
        "<meta name='twitter:data1' content='Jane Doe'>"
        "<meta name='twitter:label2' content='Est. reading time'>"
        "<meta name='twitter:data2' content='4 minutes'>"
    )
    assert meta.authors == ["Jane Doe"]


def test_text_by_label_on_its_own_line_joins_the_linked_name() -> None:
    meta = metadata(
        body="<div class='collection-byline'>Text by\n<a href='/people/jd'>Jane Doe</a></div>"
    )
    assert meta.authors == ["Jane Doe"]


def test_posted_and_by_split_over_source_lines_still_read_as_a_byline() -> None:
    meta = metadata(
        body=(
            "<span class='story-byline'>\n Posted\n  by \n <a>BeauHD</a>"
            " <time>on Friday December 19, 2025 @08:00PM</time> from the jobs dept.</span>"
        )
    )
    assert meta.authors == ["BeauHD"]


def test_written_by_line_with_two_names() -> None:
    meta = metadata(body="<p>Written by <a href='/team'>Jane Doe and John Roe</a></p>")
    assert meta.authors == ["Jane Doe", "John Roe"]


def test_author_label_and_written_by_heading_name_the_author() -> None:
    assert metadata(body="<div><b>Author:</b> Jane Doe</div>").authors == ["Jane Doe"]
    assert metadata(body="<h3>Written by Jane Doe</h3>").authors == ["Jane Doe"]


def test_a_filter_heading_reading_by_category_is_not_an_author() -> None:
    assert metadata(body="<h4>By Category</h4><h4>By Event Type</h4>").authors == []


def test_link_to_an_author_archive_names_the_author() -> None:
    meta = metadata(body="<a href='/blog/author/jane-doe/'>View all posts by Jane Doe</a>")
    assert meta.authors == ["Jane Doe"]


def test_forum_poster_name_outside_the_site_header() -> None:
    meta = metadata(
        body=(
            "<header><span class='auth-user-name'>Account</span></header>"
            "<div class='post'><a class='username' href='/u/1'>b.scherer</a><p>Hello</p></div>"
        )
    )
    assert meta.authors == ["b.scherer"]


def test_a_sign_up_forms_username_field_names_no_poster() -> None:
    # A newsletter form's spam trap: a "username" box the page hides with a style sheet.
    trap = (
        "<form class='signup'><div class='username_8812'><style>.username_8812{display:none}"
        "</style><label for='u'>If you are a human, ignore this field</label>"
        "<input type='text' name='username' id='u'></div></form>"
    )
    assert metadata(body=f"<p>Sign up for our newsletter.</p>{trap}").authors == []
    poster = "<div class='post'><a class='username' href='/u/1'>b.scherer</a><p>Hi</p></div>"
    assert metadata(body=trap + poster).authors == ["b.scherer"]


def test_an_author_boxs_description_is_a_byline_only_where_it_reads_as_one() -> None:
    about = "<div class='author-description'>Licensed Q Arabica Grader, M.A. Journalism</div>"
    assert metadata(body=f"<p>Brewing notes.</p>{about}").authors == []
    bio = (
        "<div class='author-bio'>This post was written by Danielle Padula, Head of "
        "Marketing and Community Development</div>"
    )
    assert metadata(body=f"<p>Journal metadata.</p>{bio}").authors == ["Danielle Padula"]


def test_a_date_beside_the_byline_at_the_storys_end_is_the_publication_date() -> None:
    story = "<h1>How apps are made</h1>" + "<p>Planning comes first, then design.</p>" * 5
    byline = (
        "<div><p>Written by <a href='/blog/author/moses-kim'>Moses Kim</a></p>"
        "<p>April 8, 2024</p></div><div class='share'>Share</div>"
    )
    meta = metadata(body=story + byline)
    assert meta.authors == ["Moses Kim"]
    assert meta.published is not None and meta.published.date == dt.date(2024, 4, 8)
    # A review's date beside its reviewer's name is no publication date.
    review = "<div class='review-author'>John Warren <span>Reviewed 06/08/2024</span></div>"
    assert metadata(body=story + review).published is None


THREAD_URL = "https://forum.example.org/viewtopic.php?t=4207"


def test_thread_author_is_the_first_poster_not_a_reply_byline() -> None:
    # Each post carries an "author" line; on a thread the page's author is who opened
    # it, and a byline rule reading the first "author" element would take a label.
    posts = "".join(
        f"<div class='post'><p class='author'>{label}</p>"
        f"<a class='username' href='/u/{name}'>{name}</a><p>Reply text.</p></div>"
        for label, name in (("Topic Author", "ferrywatcher"), ("Member", "quaymaster"))
    )
    assert metadata(body=posts, url=THREAD_URL).authors == ["ferrywatcher"]
    # The same markup at an article's address keeps the byline rule.
    assert metadata(body=posts).authors == ["Topic Author"]


def test_phpbb_profile_column_names_a_poster_whose_name_has_no_class() -> None:
    # phpBB classes a moderator's name ("username-coloured") but not a member's: the
    # profile column's last link names every poster, the first post's included.
    def post(name: str, classes: str) -> str:
        return (
            "<div class='post'><dl class='postprofile'><dt>"
            f"<a href='/memberlist.php?u=1' class='avatar'><img alt='avatar'></a><br>"
            f"<a href='/memberlist.php?u=2' {classes}>{name}</a></dt></dl>"
            "<div class='content'>Reply text.</div></div>"
        )

    body = post("harbourpilot", "") + post("Night Moderator", "class='username-coloured'")
    assert metadata(body=body, url=THREAD_URL).authors == ["harbourpilot"]


def test_forum_handle_with_digits_is_a_name_but_a_number_is_not() -> None:
    assert clean_authors(["paulb203"]) == ("paulb203",)
    assert clean_authors(["223509017"]) == ()


def test_header_byline_stops_at_a_capitalised_preposition_and_skips_photo_credits() -> None:
    meta = metadata(
        body=(
            "<h1>Travel insurance for budget travellers</h1>"
            "<div>Photo by Sam Lens on Unsplash</div>"
            "<div>On January 12, 2025 By Gabby Boucher In Budget Travel</div>"
        )
    )
    assert meta.authors == ["Gabby Boucher"]


def test_sort_by_and_shop_by_lines_under_the_headline_are_not_bylines() -> None:
    meta = metadata(
        body="<h1>Hiking boots</h1><div>Sort by\n Best Match</div><div>Shop by\n Category</div>"
    )
    assert meta.authors == []


def test_byline_name_may_start_on_the_next_source_line() -> None:
    meta = metadata(
        body=(
            "<h1>Home gym setups</h1>"
            "<div> by\n   <span>Alex Rowe</span>\n  in\n  <a href='/c/'>Training</a></div>"
        )
    )
    assert meta.authors == ["Alex Rowe"]


def test_role_after_a_spaced_dash_is_not_part_of_the_name() -> None:
    assert split_names("David Jackson - FullStack Editorial Team") == ["David Jackson"]
    assert split_names("Ann Lee \u2013 Reuters") == ["Ann Lee"]


def test_posted_by_with_the_time_after_the_name() -> None:
    meta = metadata(
        body="<span class='posted'>Posted by David at December 16, 2025 11:15 AM</span>"
    )
    assert meta.authors == ["David"]


def test_heading_byline_counts_when_the_name_is_a_link() -> None:
    meta = metadata(body="<h3>By <a href='/people/cp/'>Charles Patterson</a>, Columnist</h3>")
    assert meta.authors == ["Charles Patterson"]


def test_shown_byline_beats_a_meta_author_naming_someone_else() -> None:
    meta = metadata(
        "<meta name='author' content='Josh Editor'>",
        (
            "<h1>Best retirement calculators</h1>"
            "<div class='byline'>By <a href='/cp/'>Charles Patterson</a></div>"
        ),
    )
    assert meta.authors == ["Charles Patterson"]


def _ld_author(name: str) -> str:
    article = {"@context": "https://schema.org", "@type": "NewsArticle", "author": name}
    return f"<script type='application/ld+json'>{json.dumps(article)}</script>"


def test_shown_byline_beats_a_json_ld_author_naming_someone_else() -> None:
    shown = (
        "<h1>Best retirement calculators</h1>"
        "<div class='byline'>By <a href='/cp/'>Charles Patterson</a></div>"
    )
    meta = metadata(_ld_author("Josh Editor"), shown)
    assert meta.authors == ["Charles Patterson"]
    # Without a byline under the headline, JSON-LD is the most trusted source.
    assert metadata(_ld_author("Josh Editor"), "<h1>Best calculators</h1>").authors == [
        "Josh Editor"
    ]


@pytest.mark.parametrize("handle", ["andrew.keaveney", "KatieS", "jdoe_42"])
def test_an_account_handle_yields_to_a_persons_name(handle: str) -> None:
    byline = "<p class='entry-author'>Denise Everheart</p>"
    assert metadata(_ld_author(handle), byline).authors == ["Denise Everheart"]
    # With no one else named, the handle is the author; on a thread it always is.
    assert metadata(_ld_author(handle)).authors == [handle]
    thread = metadata(_ld_author(handle), byline, url=THREAD_URL)
    assert thread.authors == [handle]


def test_meta_author_stays_when_the_shown_line_adds_a_role() -> None:
    meta = metadata(
        "<meta name='byl' content='By Jane Doe'>",
        (
            "<h1>Republicans follow along</h1>"
            "<div class='byline'><a href='/by/jane-doe'>Jane Doe</a></div>"
            "<p>By Jane Doe Opinion Columnist</p>"
        ),
    )
    assert meta.authors == ["Jane Doe"]


def test_meta_author_stays_when_the_shown_byline_agrees() -> None:
    meta = metadata(
        "<meta name='author' content='Chen Zhao, Daryl Fairweather'>",
        "<h1>Housing predictions</h1><div class='byline'>By Chen Zhao</div>",
    )
    assert meta.authors == ["Chen Zhao", "Daryl Fairweather"]


# ---------------------------------------------------------------- dates


def test_posted_on_dateline_indented_over_many_lines() -> None:
    padding = "\n" + " " * 60
    meta = metadata(
        body=(
            f"<div><span>Posted on</span>{padding}<div>{padding}"
            f"<span>Nov 21, 2018</span>{padding}</div>{padding}</div>"
        ),
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2018, 11, 21)


def test_an_updated_line_gives_way_to_the_date_next_to_the_headline() -> None:
    meta = metadata(
        body=(
            "<h1>How to use gym equipment</h1>"
            "<p><span>August 16, 2019</span> <span>- Updated July 9, 2025</span></p>"
        ),
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2019, 8, 16)


def test_dateline_and_byline_in_italics_are_both_read() -> None:
    # One query of the page's short text elements serves both scans: the dateline scan
    # reads <i>, the byline scan skips it, and neither loses its place in the page.
    meta = metadata(
        body=(
            "<i>Posted on March 3, 2024</i><i>Written by Ann Lee</i><em>Written by Jane Doe</em>"
        ),
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2024, 3, 3)
    assert meta.authors == ["Jane Doe"]


def test_an_updated_line_is_used_when_it_is_the_only_date() -> None:
    meta = metadata(body="<p>Updated: March 3, 2024</p>", url=None)
    assert meta.published is not None and meta.published.date == dt.date(2024, 3, 3)


def test_date_is_read_after_the_h1_that_shows_the_title_not_a_search_box() -> None:
    meta = metadata(
        "<title>Scientific trends in psychiatry | Example Association</title>",
        (
            "<header><h1>Search</h1><div>Close search</div>"
            f"<nav>{' '.join(f'<a>Menu item {n}</a>' for n in range(80))}</nav></header>"
            "<main><h1>Scientific trends in psychiatry</h1>"
            "<ul><li class='c-meta__stamp'>December 24, 2024</li></ul></main>"
        ),
        url=None,
    )
    assert meta.title == "Scientific trends in psychiatry"
    assert meta.published is not None and meta.published.date == dt.date(2024, 12, 24)


@pytest.mark.parametrize(
    "source",
    [
        # JSON-LD escaped into an HTML attribute by a front-end framework.
        "<div data-page='{&quot;datePublished&quot;:&quot;2025-11-17T09:00:00-05:00&quot;}'>",
        # A JavaScript object literal with a bare key.
        "<script>var page = {slug: 'x', publishedDate:\"2025-11-17T00:00:00.000Z\"};</script>",
    ],
)
def test_publication_date_in_application_state(source: str) -> None:
    meta = metadata(body=source, url=None)
    assert meta.published is not None and meta.published.date == dt.date(2025, 11, 17)


@pytest.mark.parametrize(
    "key",
    [
        *("datePublished", "publishDate", "publishedAt", "published_at", "postDate"),
        *("publicationDate", "firstPublished", "date_published", "pubDate", "publishedDate"),
    ],
)
def test_each_application_state_key_is_found(key: str) -> None:
    source = f'<script>window.__STATE__ = {{"id": 7, "{key}": "2023-04-13T08:00:00Z"}}</script>'
    meta = metadata(body=source, url=None)
    assert meta.published is not None and meta.published.date == dt.date(2023, 4, 13)


def test_citation_publication_date_of_a_scholarly_page() -> None:
    meta = metadata("<meta name='citation_publication_date' content='2023 Jan 7'>", url=None)
    assert meta.published is not None and meta.published.date == dt.date(2023, 1, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024 Jun 30;28(2):43-51", dt.date(2024, 6, 30)),
        ("Essay - Published: 2025.12.17 |", dt.date(2025, 12, 17)),
        ("2025/12/17", dt.date(2025, 12, 17)),
    ],
)
def test_year_first_dates(text: str, expected: dt.date) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.date == expected and parsed.at is None


def test_version_numbers_are_not_year_first_dates() -> None:
    assert parse_date("release v2.1.3") is None
    assert parse_date("2025.13.40") is None


def test_url_date_with_a_month_name() -> None:
    meta = metadata(url="https://www.example.org/blog/2023/october/03/wine-styles")
    assert meta.published is not None and meta.published.date == dt.date(2023, 10, 3)


def test_url_date_settles_a_day_month_order_read_the_us_way() -> None:
    meta = metadata(
        body="<h1>How many wine styles are there?</h1><p>03/10/2023</p>",
        url="https://www.example.co.uk/blog/2023/10/03/wine-styles",
    )
    assert meta.published is not None and meta.published.date == dt.date(2023, 10, 3)


def test_question_date_created_microdata() -> None:
    meta = metadata(
        body=(
            "<p>Modified <time datetime='2018-05-21 20:37:55Z'>7 years ago</time></p>"
            "<time itemprop='dateCreated' datetime='2014-02-04 13:02:51Z'>12 years ago</time>"
        ),
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2014, 2, 4)


def test_question_date_created_beats_the_answers_date_published() -> None:
    meta = metadata(
        body=(
            "<div class='question'><time itemprop='dateCreated' datetime='2011-02-11 23:49:17Z'>"
            "14 years ago</time><p>How do I plan a catering event?</p></div>"
            "<div class='answer'><div itemprop='datePublished'>2011-02-12 01:30:35 +00:00</div>"
            "<p>Start with the guest list.</p></div>"
        ),
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2011, 2, 11)


def test_named_published_meta_beats_a_plain_date_meta() -> None:
    meta = metadata(
        "<meta name='date' content='01/07/16'>"
        "<meta property='og:published_time' content='2024-10-08T00:00:00-04:00'>",
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2024, 10, 8)


def test_plain_date_meta_repeating_the_modified_one_yields_to_the_shown_date() -> None:
    meta = metadata(
        "<meta name='DC.date' content='2024-07-05T14:20:08Z'>"
        "<meta property='og:updated_time' content='2024-07-05T14:20:08-04:00'>",
        "<h1>Healthy eating tips</h1><time datetime='2024-03-01'>March 1, 2024</time>",
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2024, 3, 1)


def test_plain_date_meta_is_used_when_it_is_not_the_modified_date() -> None:
    meta = metadata(
        "<meta name='date' content='2024-07-05'>"
        "<meta property='article:modified_time' content='2024-09-01T10:00:00Z'>",
        "<h1>Healthy eating tips</h1><time datetime='2024-03-01'>March 1, 2024</time>",
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2024, 7, 5)


def test_kicker_date_just_above_the_headline_beats_a_date_in_the_story() -> None:
    story = "Engineers weighed every option for the car. " * 16
    meta = metadata(
        body=(
            "<div><a href='/blog'>Back to blog</a><div><span>Dec 12, 2025</span>"
            "<span>4 min read</span></div></div>"
            "<div><h1>Why Rust for embedded systems</h1></div>"
            f"<article><p>{story}</p><p>The course began on October 30, 2025.</p></article>"
        ),
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2025, 12, 12)


def test_date_next_to_the_title_on_a_page_without_an_h1() -> None:
    meta = metadata(
        "<title>Amd RX7800XT wrong refresh rate - Forum</title>",
        (
            "<table><tr><td class='thead'>30th March 2025, 16:26</td></tr>"
            "<tr><td><div class='smallfont'><strong>Amd RX7800XT wrong refresh rate</strong>"
            "</div><div>My monitor shows 60 Hz.</div></td></tr></table>"
        ),
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2025, 3, 30)


def _builder_page(header: str, published: str = "Jun 24, 2025") -> PageMetadata:
    ld = json.dumps(
        {
            "@type": "BlogPosting",
            "headline": "How much to charge for yoga classes",
            "datePublished": published,
            "dateModified": "Jun 24, 2025",
        }
    )
    return metadata(
        f"<script type='application/ld+json'>{ld}</script>",
        f"<h1>How much to charge for yoga classes</h1><div>{header}</div>",
        url=None,
    )


def test_shown_date_beats_a_json_ld_date_published_no_earlier_than_modified() -> None:
    meta = _builder_page("January 31, 2024 Written By Miguel Zabludovsky")
    assert meta.published is not None and meta.published.date == dt.date(2024, 1, 31)


def test_shown_date_a_day_off_keeps_the_json_ld_instant() -> None:
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "Is football violence a crime?",
            "datePublished": "2019-11-19T00:04:00.000Z",
            "dateModified": "2019-11-19T00:04:00.000Z",
        }
    )
    meta = metadata(
        f"<script type='application/ld+json'>{ld}</script>",
        "<h1>Is football violence a crime?</h1><p>By Randy Maniloff Nov. 18, 2019 7:04 pm ET</p>",
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2019, 11, 18)
    assert meta.published.at == dt.datetime(2019, 11, 19, 0, 4, tzinfo=dt.UTC)


def test_shown_update_date_does_not_replace_the_json_ld_date() -> None:
    meta = _builder_page("Ryan Carrigan Last Updated: Dec 17, 2025 - 5 min read")
    assert meta.published is not None and meta.published.date == dt.date(2025, 6, 24)


@pytest.mark.parametrize(
    ("header", "modified"),
    [
        # HuffPost, 2012: both stamps under the headline, no metadata.
        ("First Posted: 03/03/2012 10:15 am Updated: 03/05/2012 4:20 pm", dt.date(2012, 3, 5)),
        # CNN, 2009: a time between the label and the date.
        ("updated 3:21 p.m. EDT, Tue April 14, 2009", dt.date(2009, 4, 14)),
        # An "update" shown before the story's own date is another's.
        ("Published March 5, 2012. Reviewed: March 1, 2012", None),
    ],
)
def test_the_update_the_page_shows_is_its_modified_date(
    header: str, modified: dt.date | None
) -> None:
    meta = metadata(
        "<title>Snow closes schools</title>", f"<h1>Snow closes schools</h1><p>{header}</p>"
    )
    assert (meta.modified.date if meta.modified else None) == modified


def test_a_table_cells_update_line_is_the_modified_date() -> None:
    # Joomla 1.5: the dates in cells of the story's table, the update after the story.
    table = (
        "<table class='contentpaneopen'><tr><td class='createdate'>Wednesday, 03 March 2010 "
        "10:15</td></tr><tr><td>The parish council met on Tuesday.</td></tr><tr>"
        "<td class='modifydate'>Last Updated ( Thursday, 04 March 2010 08:00 )</td></tr></table>"
    )
    meta = metadata("<title>Hall roof repairs</title>", f"<h1>Hall roof repairs</h1>{table}")
    assert meta.modified is not None and meta.modified.date == dt.date(2010, 3, 4)


def test_a_dateline_in_a_font_element_is_read() -> None:
    # A small paper's site of 2005: the story's lines set in <font>, no <p> nor <span>.
    body = (
        "<table><tr><td><font size='5'><b>Millbrook Diner reopens</b></font><br>"
        "<font size='2'><b>By Gail Thornbury</b><br><font size='1'>Posted Friday, "
        "September 16, 2005</font></font><br><br><font size='2'>MILLBROOK - At 5:30 on "
        "Tuesday there was a line outside the diner, and it stretched past the hardware "
        "store.<br><br>Regulars who had waited almost exactly a year for the diner on Main "
        "Street to reopen stood in the cool air, trading stories.</font></td></tr></table>"
    )
    meta = metadata("<title>The Millbrook Ledger Online - Local News</title>", body)
    assert meta.published is not None and meta.published.date == dt.date(2005, 9, 16)


def test_json_ld_date_published_before_modified_beats_the_shown_date() -> None:
    meta = _builder_page("January 31, 2024 Written By Miguel Zabludovsky", "Mar 2, 2025")
    assert meta.published is not None and meta.published.date == dt.date(2025, 3, 2)


def test_date_in_a_teaser_card_link_is_another_story_s() -> None:
    meta = metadata(
        body=(
            "<h1>How to lose weight in a healthy way</h1>"
            "<a class='result' href='/blog/other'><span class='title'>Ten walking routes for "
            "the winter months</span><span class='date'>December 17, 2025</span></a>"
            "<p>Posted June 13, 2025</p>"
        ),
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2025, 6, 13)


def test_date_beside_another_pages_title_in_a_list_item_is_another_story_s() -> None:
    # PR Newswire, 2010: "More news releases from Tessaline", each a date and a link.
    more = (
        "<ul><li><span class='date'>Feb 11, 2010</span> <a href='/news/results'>Tessaline "
        "Reports Fourth Quarter and Fiscal 2009 Results</a></li></ul>"
    )
    body = f"<h1>Tessaline introduces rugged tablets</h1>{more}<p>Posted March 3, 2010</p>"
    meta = metadata(body=body, url=None)
    assert meta.published is not None and meta.published.date == dt.date(2010, 3, 3)


def test_date_in_a_permalink_is_the_post_s_own() -> None:
    meta = metadata(
        body=(
            "<h1>SMF or MyBB for a new forum?</h1><span class='meta'>"
            "<a class='permalink' href='/discussion/1'>"
            "<time datetime='2025-03-01T16:35:52+00:00'>March 2025</time></a></span>"
        ),
        url=None,
    )
    assert meta.published is not None and meta.published.date == dt.date(2025, 3, 1)


def test_slashed_date_reads_day_first_on_a_british_page() -> None:
    html = (
        "<html lang='en-GB'><head><meta name='date' content='03/10/2023'></head>"
        "<body><p>Text.</p></body></html>"
    )
    meta = read_metadata(LexborHTMLParser(html), None, html)
    assert meta.published is not None and meta.published.date == dt.date(2023, 10, 3)


def test_slashed_date_reads_month_first_on_a_us_page() -> None:
    html = (
        "<html lang='en-US'><head><meta name='date' content='03/10/2023'></head>"
        "<body><p>Text.</p></body></html>"
    )
    meta = read_metadata(LexborHTMLParser(html), None, html)
    assert meta.published is not None and meta.published.date == dt.date(2023, 3, 10)


def test_slashed_date_reads_day_first_under_a_country_domain_without_a_language() -> None:
    body = "<h1>Ambulance cars broken into overnight</h1><p>05/10/2018 - Posted by: Clara</p>"
    meta = metadata(body=body, url="http://news.example.com.br/news/ambulance-cars")
    assert meta.published is not None and meta.published.date == dt.date(2018, 10, 5)
    meta = metadata(body=body, url="http://news.example.com/news/ambulance-cars")
    assert meta.published is not None and meta.published.date == dt.date(2018, 5, 10)


@pytest.mark.parametrize("text", ["3 hours ago", "Yesterday at 4:25 AM", "12 years ago"])
def test_relative_dates_are_never_invented(text: str) -> None:
    assert parse_date(text) is None


def test_offset_timestamp_keeps_the_page_s_local_calendar_date() -> None:
    parsed = parse_date("2025-12-18T22:30:00-05:00")
    assert parsed is not None and parsed.date == dt.date(2025, 12, 18)
    assert parsed.at is not None and parsed.at.astimezone(dt.UTC).date() == dt.date(2025, 12, 19)


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


# ---------------------------------------------------------------- language


def test_language_from_an_old_site_s_content_language_meta() -> None:
    # The HTTP header's stand-in that sites of the 2000s wrote instead of <html lang>.
    meta = metadata("<meta http-equiv='Content-Language' content='en-us'>")
    assert meta.language == "en-us"
