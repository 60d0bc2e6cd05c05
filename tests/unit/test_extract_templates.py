"""Rules found by the third round of the platform zoo (tests/unit/platforms): each on a
small page of its own, written to fail without its rule."""

# Chinese text is written with full-width punctuation, the characters meant here.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from tasks.extract import extract_article
from tasks.extract.authors import split_names
from tasks.records import Article

URL = "https://harbour.example.org/news/2025/03/04/harbour-board-dredging"
PROSE = (
    "<p>The harbour board agreed on Monday to dredge the northern channel before winter, "
    "after pilots warned that silt had made the approach unsafe at low tide.</p>"
    "<p>Work will start next month and should take six weeks, the board said, with the "
    "channel closed to large vessels during the night while the dredger operates.</p>"
    "<p>Fishing crews welcomed the decision but asked for the closures to be announced a "
    "week in advance so that they can plan landings around them.</p>"
    "<p>The last dredging of the channel, eleven years ago, removed about forty thousand "
    "cubic metres of silt and kept the approach open for the ferries through the winter.</p>"
    "<p>The board expects to spend a little under two million pounds on the work, most of "
    "it from the port's reserves and the rest from a loan that the council has agreed.</p>"
    "<p>Pilots said they would keep guiding the largest ships in on the rising tide only "
    "until the dredger has finished and the channel has been surveyed again.</p>"
)
HEADLINE = "Harbour to be dredged before winter"


def extract(body: str, head: str = "", url: str = URL) -> Article:
    html = f"<html><head><title>{HEADLINE}</title>{head}</head><body>{body}</body></html>"
    result = extract_article(html, url)
    assert isinstance(result, Article), result
    return result


def story(inside: str = "", header: str = "", head: str = "") -> Article:
    """The harbour story, ``header`` under its headline and ``inside`` after its first
    paragraph."""
    text = PROSE.replace("</p>", f"</p>{inside}", 1)
    return extract(f"<article><h1>{HEADLINE}</h1>{header}{text}</article>", head)


# ---------------------------------------------------------------- sources and authors


@pytest.mark.parametrize(
    "header",
    [
        # "source" as a noun in the dek, and a photo library in a caption's credit.
        "<p class='dek'>A source tells the Gazette exclusively that the work will wait.</p>",
        "<p>Source of claim: a post shared on social media</p>",
        "<figure><img src='/p.jpg'><figcaption>Dredgers at work. Jo Hale via Getty Images"
        "</figcaption></figure>",
    ],
)
def test_only_a_source_label_or_via_names_an_outlet(header: str) -> None:
    assert story(header=header).syndicated_from is None


def test_a_source_label_under_the_headline_still_names_the_outlet() -> None:
    assert story(header="<p>Source: Coastal Wire</p>").syndicated_from == "Coastal Wire"


ZH_HEAD = (
    "<meta name='article:author' content='新华社'><meta property='og:site_name' content='天澜网'>"
)
ZH_STORY = (
    "<article><h1>长江中游首座船舶综合服务站投用</h1>"
    "<div class='date-source'><span>2025年03月04日 14:12</span> <span>来源：</span>"
    "<a href='http://www.news.example/'>新华社</a></div>"
    "<p>新华社武汉3月4日电（记者周晓燕、刘建波）长江中游首座集岸电供应与电池换电于一体的"
    "船舶综合服务站4日在武汉阳逻港区正式投入使用。</p>"
    "<p>记者在现场看到，一艘载有60个标准集装箱的电动货船缓缓靠泊，岸边门式起重机将船上两个"
    "集装箱式电池箱吊起移走，再将两个充满电的电池箱吊装到位。整个过程用时约二十分钟。</p>"
    "<p>海量资讯、精准解读，尽在天澜新闻APP</p>"
    "<p class='show_author'>责任编辑：王颖</p></article>"
)


def test_a_chinese_wire_story_names_its_reporters_and_its_agency_as_source() -> None:
    article = extract(ZH_STORY, ZH_HEAD, "https://news.tianlan.example/c/2025-03-04/doc-1.shtml")
    # The agency that the <meta> calls the author is the source the page labels.
    assert article.syndicated_from == "新华社"
    # The dateline's reporters are the authors; the editor in charge is not one.
    assert article.authors == ("周晓燕", "刘建波")
    # The app's slogan closes no story of its own.
    assert "尽在天澜新闻APP" not in article.text


def test_a_portal_s_note_of_the_original_title_is_no_text() -> None:
    article = story(inside="<p>原标题：长江中游首座船舶岸电与换电综合服务站在武汉投用</p>")
    assert "原标题" not in article.text


@pytest.mark.parametrize("credit", ["Staff Reporter", "নিজস্ব প্রতিবেদক"])
def test_a_desk_credit_beside_a_reporter_is_no_author(credit: str) -> None:
    authors = (
        f'[{{"@type": "Person", "name": "Shahnaz Parvin"}}, '
        f'{{"@type": "Person", "name": "{credit}"}}]'
    )
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        f'"{HEADLINE}", "author": {authors}}}</script>'
    )
    assert story(head=head).authors == ("Shahnaz Parvin",)


def test_an_underscore_parts_a_title_from_its_site_s_name() -> None:
    # A Chinese portal's <title> ends "_<site>", and its masthead logo says the name.
    body = (
        "<header><a href='https://news.tianlan.example/'><img src='/logo.png' alt='天澜网'>"
        f"</a></header><article><h1>{HEADLINE}</h1>{PROSE}</article>"
    )
    html = f"<html><head><title>{HEADLINE}_天澜网</title></head><body>{body}</body></html>"
    article = extract_article(html, "https://news.tianlan.example/c/2025-03-04/doc-1.shtml")
    assert isinstance(article, Article) and article.site_name == "天澜网"


def test_a_canonical_url_with_its_path_escaped_into_the_host_names_no_other_site() -> None:
    head = "<link rel='canonical' href='https://harbour.example.org%2Fnews%2Fdredging'>"
    article = story(head=head)
    assert article.syndicated_from is None
    assert article.canonical_url == URL


# ---------------------------------------------------------------- boxes and lines


def test_a_video_player_s_box_and_its_title_are_no_text() -> None:
    video = (
        "<div class='content-video'><div class='content-video__player'></div>"
        "<div class='content-video__title'>Dredgers at work on the northern channel</div></div>"
    )
    assert "Dredgers at work" not in story(inside=video).text


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ("<div><b>Enlarge this image</b></div>", "Enlarge"),
        (
            "<div class='trust-statement'><p>Why you can trust Harbour Tech</p><p>We spend hours "
            "testing every product or service we review, so you can be sure you're buying the "
            "best.</p></div>",
            "trust",
        ),
        (
            "<p class='powerpress_links'>Podcast: Play in new window | Download (Duration: "
            "31:02)</p>",
            "Podcast",
        ),
        ("<p>|</p>", "|"),
        ("<p>3 of 8</p>", "3 of 8"),
        ("<p>You've reached the end of this gallery</p>", "gallery"),
        (
            "<p>Support local journalism. Subscribe to the Gazette for full election coverage.</p>",
            "Support",
        ),
        (
            "<p>This story is available for republication under a Creative Commons license.</p>",
            "republication",
        ),
        ("<p>|4 min read</p>", "min read"),
        ("<p>4.92 from 13 votes</p>", "votes"),
        ("<p>Жарнама</p>", "Жарнама"),
        ("<p>Қате тапсаңыз, оны белгілеп, Ctrl+Enter басыңыз</p>", "Ctrl"),
        ("<p>BibTeX citation</p>", "BibTeX"),
        ("<p>For attribution, please cite this work as:</p>", "attribution"),
    ],
)
def test_template_lines_are_no_text(line: str, word: str) -> None:
    text = story(inside=line).text
    assert word not in text, text


def test_a_writer_s_own_why_you_can_trust_me_heading_stays() -> None:
    text = story(inside="<h2>Why you can trust my advice</h2>").text
    assert "Why you can trust my advice" in text


@pytest.mark.parametrize(
    "dek",
    [
        "<p class='strapline'>The board votes for six weeks of night work on the channel</p>",
        "<h2 class='article-subheading'>The board votes for six weeks of night work on the "
        "channel</h2>",
    ],
)
def test_a_strapline_or_the_article_s_subheading_is_the_dek(dek: str) -> None:
    assert (
        story(header=dek).subtitle == "The board votes for six weeks of night work on the channel"
    )


def test_a_picture_s_description_classed_img_desc_is_its_caption() -> None:
    picture = (
        "<div class='img_wrapper'><img src='https://harbour.example.org/dredger.jpg' "
        "alt='Dredger'><span class='img_descr'>The dredger arrives in the northern channel."
        "</span></div>"
    )
    article = story(inside=picture)
    captions = {image.src.rsplit("/", 1)[-1]: image.caption for image in article.images}
    assert captions.get("dredger.jpg") == "The dredger arrives in the northern channel."
    assert "The dredger arrives" not in article.text


def test_the_primary_image_box_holds_the_lead_picture() -> None:
    # Dotdash Meredith's lead picture: boxes, and no <figure>.
    lead = (
        "<div class='comp figure-article primary-image mntl-block'><div "
        "class='primary-image__media'><img src='https://harbour.example.org/lead.jpg' "
        "alt='The channel' width='1500' height='1000' class='primary-image__image'></div>"
        "</div>"
    )
    body = (
        f"<div class='article-header'><h1>{HEADLINE}</h1></div>{lead}"
        f"<div class='article-body'>{PROSE}</div>"
    )
    article = extract(body)
    assert [image.src.rsplit("/", 1)[-1] for image in article.images][:1] == ["lead.jpg"]


# ---------------------------------------------------------------- captions and pictures


def _captions(article: Article) -> dict[str, str | None]:
    return {image.src.rsplit("/", 1)[-1]: image.caption for image in article.images}


@pytest.mark.parametrize(
    ("figcaption", "caption"),
    [
        # A credit alone shows no caption (Future's reviews, Dotdash Meredith).
        ("<span class='credit' itemprop='copyrightHolder'>(Image credit: Jo Hale)</span>", None),
        ("<span class='figure-article-caption-owner'>Getty Images/Jo Hale</span>", None),
        # Adjacent spans: the credit follows the caption, a space apart.
        (
            "<span class='figure-article-caption-owner'>Jo Hale</span><span "
            "class='figure-article-caption-text'>The dredger in the channel.</span>",
            "The dredger in the channel. Jo Hale",
        ),
        # NPR's "credit-caption" box holds both: it is no credit of its own.
        (
            "<div class='credit-caption'><div class='caption'><p>The dredger in the channel."
            "</p></div><span class='credit'>Jo Hale for WPR</span></div>",
            "The dredger in the channel. Jo Hale for WPR",
        ),
    ],
)
def test_a_caption_s_credit_follows_it_and_alone_is_no_caption(
    figcaption: str, caption: str | None
) -> None:
    figure = (
        "<figure><img src='https://harbour.example.org/dredger.jpg' alt='Dredger'>"
        f"<figcaption>{figcaption}</figcaption></figure>"
    )
    assert _captions(story(inside=figure)).get("dredger.jpg", "missing") == caption


def test_an_affiliate_disclosure_under_the_headline_is_no_paragraph_of_the_story() -> None:
    # The lead picture comes after the dek and the disclosure, both long paragraphs.
    body = (
        f"<div class='article-header'><h1>{HEADLINE}</h1><p>The board has chosen the six "
        "weeks of night work that the pilots asked for, and the ferries will keep running "
        "through the winter while the dredger clears the northern channel of its silt.</p>"
        "<div class='mntl-disclaimer'><p>We independently evaluate all recommended products "
        "and services. If you click on links we provide, we may receive compensation.</p></div>"
        "</div><div class='img-placeholder'><figure><img "
        "src='https://harbour.example.org/lead.jpg' alt='The channel' width='1500'></figure>"
        f"</div><div class='article-body'>{PROSE}</div>"
    )
    assert "lead.jpg" in _captions(extract(body))


# ---------------------------------------------------------------- the text's own parts


def test_a_heading_s_table_of_contents_anchor_does_not_doom_it() -> None:
    heading = "<h2 id='toc-1-kettle-bluff-loop'>1. Kettle Bluff Loop</h2>"
    assert "1. Kettle Bluff Loop" in story(inside=heading).text


def test_a_writer_s_note_closing_a_column_is_no_text() -> None:
    head = "<meta name='author' content='Rosalind Achebe-Farr'>"
    note = (
        "<p><em>Rosalind Achebe-Farr is a psychiatric nurse practitioner and an adjunct "
        "professor of nursing.</em></p>"
    )
    body = f"<article><h1>{HEADLINE}</h1>{PROSE}{note}</article>"
    article = extract(body, head)
    assert article.authors == ("Rosalind Achebe-Farr",)
    assert "psychiatric nurse" not in article.text
    assert article.text.endswith("surveyed again.")


def test_a_company_named_as_author_may_close_the_text_with_its_own_name() -> None:
    head = "<meta name='author' content='Budlong'>"
    closing = (
        "<p>Budlong is dedicated to plumbing engineering that meets the highest standards of "
        "safety.</p>"
    )
    article = extract(f"<article><h1>{HEADLINE}</h1>{PROSE}{closing}</article>", head)
    assert article.text.endswith("highest standards of safety.")


# ---------------------------------------------------------------- the site's name


def _ld_publisher(name: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        f'"{HEADLINE}", "publisher": {{"@type": "Organization", "name": "{name}"}}}}</script>'
    )


@pytest.mark.parametrize(
    ("publisher", "site", "url", "expected"),
    [
        # A platform or a wire as the publisher: the site the host spells is the site.
        (
            "Legacy",
            "The Cedar Valley Ledger",
            "https://obits.cedarvalleyledger.example/o/1",
            "The Cedar Valley Ledger",
        ),
        ("Associated Press", "Times Union", "https://www.timesunion.example/news/1", "Times Union"),
        (
            "Ediciones El Meridiano",
            "El Meridiano",
            "https://elmeridiano.example/a/1",
            "El Meridiano",
        ),
        # Both spelled, neither, or a generic og:site_name: the publisher stays.
        ("SpaceNews", "SpaceNews.com", "https://spacenews.example/a/1", "SpaceNews"),
        ("The TurboTax Blog", "Blog", "https://blog.turbotax.example/a/1", "The TurboTax Blog"),
        (
            "Wirecutter",
            "Wirecutter: Reviews for the Real World",
            "https://www.nyt.example/w/1",
            "Wirecutter",
        ),
    ],
)
def test_the_site_the_host_spells_beats_a_publisher_it_does_not(
    publisher: str, site: str, url: str, expected: str
) -> None:
    head = _ld_publisher(publisher) + f"<meta property='og:site_name' content='{site}'>"
    body = f"<article><h1>{HEADLINE}</h1>{PROSE}</article>"
    assert extract(body, head, url).site_name == expected


# ---------------------------------------------------------------- dates under the headline

# JSON-LD that says the page was published when it was last modified: a site builder's
# render time, which the date shown under the headline replaces.
RENDERED = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
    f'"{HEADLINE}", "datePublished": "2025-03-14T00:00:00", '
    '"dateModified": "2025-03-14T05:02:11"}</script>'
)


@pytest.mark.parametrize(
    "header",
    [
        # A life's dates under an obituary's name, and a date in the story's first sentence.
        "<p>July 22, 1938 \u2013 March 9, 2025</p>",
        "<p>Margaret Hollister, 86, of Cedar Falls, passed away peacefully on Sunday, "
        "March 9, 2025, at home.</p>",
    ],
)
def test_a_range_or_a_sentence_s_date_is_not_the_date_shown(header: str) -> None:
    article = story(header=header, head=RENDERED)
    assert article.published_date is not None
    assert article.published_date.isoformat() == "2025-03-14"


@pytest.mark.parametrize(
    "header",
    ["<p>By Jo Hale Mar 9, 2025 | 6 comments</p>", "<p>Posted on March 9, 2025 by Jo Hale</p>"],
)
def test_a_byline_s_date_is_the_date_shown(header: str) -> None:
    article = story(header=header, head=RENDERED)
    assert article.published_date is not None
    assert article.published_date.isoformat() == "2025-03-09"


def test_a_captioned_picture_stays_whatever_a_weak_word_in_its_class_says() -> None:
    # CNN's "image__hide-placeholder": "hide" is weak boilerplate, but this is a figure.
    picture = (
        "<div class='image image__hide-placeholder'><div class='image__container'><img "
        "src='https://harbour.example.org/cluster.jpg' alt='A cluster'></div><div "
        "class='image__metadata'><div itemprop='caption' class='image__caption'>The dredger "
        "at work in the northern channel.</div></div></div>"
    )
    captions = _captions(story(inside=picture))
    assert captions.get("cluster.jpg") == "The dredger at work in the northern channel."


def test_the_usa_today_network_byline_box_and_its_papers_are_no_text() -> None:
    byline = (
        "<div class='gnt_ar_by'><a class='gnt_ar_by_a' href='/staff/1/keisha-albrecht/'>Keisha "
        "Albrecht</a><div class='gnt_ar_by_ttl'>The Tidewater Ledger</div><a class='gnt_ar_by_a' "
        "href='/staff/2/marcus-ybarra/'>Marcus Ybarra</a><div class='gnt_ar_by_ttl'>USA TODAY "
        "NETWORK - Virginia</div></div>"
    )
    article = extract(f"<article><h1>{HEADLINE}</h1>{byline}<div class='gnt_ar_b'>{PROSE}</div>")
    assert article.text.startswith("The harbour board agreed")
    assert "USA TODAY NETWORK" not in article.text


# ---------------------------------------------------------------- round four: more places


def test_a_croatian_page_s_listopad_is_october() -> None:
    html = (
        f"<html lang='hr'><head><title>{HEADLINE}</title></head><body><article>"
        f"<h1>{HEADLINE}</h1><p class='date'>4. listopada 2025.</p>{PROSE}</article></body></html>"
    )
    article = extract_article(html, "https://vijesti.example.hr/clanak/luka")
    assert isinstance(article, Article) and article.published_date is not None
    assert article.published_date.isoformat() == "2025-10-04"


def test_names_parted_by_the_enumeration_comma_are_two_authors() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        f'"{HEADLINE}", "author": {{"@type": "Person", "name": "林佳穎、陳冠宇"}}}}</script>'
    )
    assert story(head=head).authors == ("林佳穎", "陳冠宇")


def test_a_serbian_byline_and_source_line() -> None:
    byline = "<p class='author'>Аутор: Ана Ђорђевић</p>"
    article = extract(f"<article><h1>{HEADLINE}</h1>{byline}{PROSE}<p>Извор: Танјуг</p></article>")
    assert article.authors == ("Ана Ђорђевић",)
    assert article.syndicated_from == "Танјуг"


def test_a_source_line_naming_the_site_and_agencies_is_no_syndication() -> None:
    head = "<meta property='og:site_name' content='Al-Marsad Net'>"
    article = extract(
        f"<article><h1>{HEADLINE}</h1>{PROSE}<p>Source: Al-Marsad + agencies</p></article>", head
    )
    assert article.syndicated_from is None


def test_a_japanese_company_s_name_yields_to_its_paper_s() -> None:
    head = _ld_publisher("日本経商新聞社") + "<meta property='og:site_name' content='日本経商新聞'>"
    body = f"<article><h1>{HEADLINE}</h1>{PROSE}</article>"
    assert (
        extract(body, head, "https://www.nikkeisho.example/article/1").site_name == "日本経商新聞"
    )


def test_a_slide_s_counter_is_no_part_of_its_caption() -> None:
    figure = (
        "<figure><img src='https://harbour.example.org/lantern.jpg' alt='Lantern'><figcaption>"
        "<span class='counter'>1 of 8</span> <span class='caption-text'>A carp lantern on the "
        "promenade.</span></figcaption></figure>"
    )
    assert _captions(story(inside=figure)).get("lantern.jpg") == "A carp lantern on the promenade."


def test_a_wire_story_s_up_next_heads_its_closing_lines() -> None:
    closing = (
        "<p>UP NEXT</p><p>Pioneers: Host Kansas City next Sunday.</p>"
        "<p>Foxes: At Pittsburgh on Saturday.</p>"
    )
    article = extract(f"<article><h1>{HEADLINE}</h1>{PROSE}{closing}</article>")
    assert article.text.endswith(
        "UP NEXT\n\nPioneers: Host Kansas City next Sunday.\n\nFoxes: At Pittsburgh on Saturday."
    )


def test_a_clarification_in_an_aside_is_part_of_the_story() -> None:
    note = (
        "<aside class='clarification-box' role='note'><h4>Clarification</h4><p>This story has "
        "been updated to clarify that the dredger's owner is a former harbour pilot.</p></aside>"
    )
    article = extract(f"<article><h1>{HEADLINE}</h1>{note}{PROSE}</article>")
    assert "former harbour pilot" in article.text


# ---------------------------------------------------------------- round four: platforms


def test_tags_link_to_tumblr_s_tagged_pages_and_lose_their_hash() -> None:
    tags = (
        "<div class='post-tags'><a href='https://harbour.tumblr.example/tagged/dredging'>"
        "#dredging</a> <a href='https://harbour.tumblr.example/tagged/harbour%20board'>"
        "#harbour board</a></div>"
    )
    article = extract(f"<article><h1>{HEADLINE}</h1>{PROSE}{tags}</article>")
    assert article.tags == ("dredging", "harbour board")


def test_a_caption_marked_only_by_itemprop_is_read() -> None:
    # AEM's image component: no class on the page names a caption.
    picture = (
        "<div class='cmp-image'><img src='https://harbour.example.org/plant.jpg' alt='Plant'>"
        "<span class='cmp-image__title' itemprop='caption'>The plant as the architects drew it."
        "</span></div>"
    )
    assert (
        _captions(story(inside=picture)).get("plant.jpg") == "The plant as the architects drew it."
    )


def test_a_type_size_named_subtitle_is_no_dek() -> None:
    series = (
        "<nav><h2 class='crayons-subtitle-2'>Python Packaging in Practice (4 Part Series)</h2>"
        "</nav>"
    )
    assert story(header=series).subtitle is None


def test_a_dek_set_as_a_heading_under_the_headline_is_the_subtitle_and_may_open_the_text() -> None:
    dek = "The board votes for six weeks of night work to clear the northern channel of silt"
    head = f"<meta name='description' content='{dek}'>"
    article = extract(f"<article><h1>{HEADLINE}</h1><h2>{dek}</h2>{PROSE}</article>", head)
    assert article.subtitle == dek
    assert article.text.startswith(dek)


def test_the_links_of_a_box_named_for_the_story_s_subjects_are_its_tags() -> None:
    subjects = (
        "<footer class='yle__article__footer'><div class='yle__article__subjects'><h2>Aiheet"
        "</h2><a href='https://radio.example/t/18-12051/fi'>Kirjastot</a><a "
        "href='https://radio.example/t/18-215834/fi'>Pilkkiminen</a></div></footer>"
    )
    head = "<meta name='keywords' content='news, radio, finland'>"
    article = extract(f"<article><h1>{HEADLINE}</h1>{PROSE}{subjects}</article>", head)
    assert article.tags == ("Kirjastot", "Pilkkiminen")


# ---------------------------------------------------------------- page kinds


def kind_of(html: str, url: str) -> tuple[str, str]:
    result = extract_article(html, url)
    return result.page_kind, getattr(result, "reason", "")


CARDS = "".join(
    f"<div class='card'><time datetime='2025-03-0{n}'>March {n}, 2025</time><a "
    f"href='/news/story-{n}'>Harbour story number {n} of the week</a><p>{PROSE[:180]}</p></div>"
    for n in range(1, 6)
)


@pytest.mark.parametrize("schema_type", ["SearchResultsPage", "ProfilePage"])
def test_a_search_or_a_writer_s_page_lists_whatever_date_it_shows(schema_type: str) -> None:
    head = f'<script type="application/ld+json">{{"@type": "{schema_type}"}}</script>'
    html = f"<html><head>{head}</head><body><h1>Jo Hale</h1>{CARDS}</body></html>"
    assert kind_of(html, "https://harbour.example.org/people/jo-hale")[0] == "listing"


def test_a_search_term_at_the_front_page_asks_for_a_listing() -> None:
    html = f"<html><head><title>You searched for harbour</title></head><body>{CARDS}</body></html>"
    kind, reason = kind_of(html, "https://harbour.example.org/?s=harbour")
    assert kind == "listing" and reason.startswith("search results")


def test_a_date_archive_of_whole_posts_is_a_listing() -> None:
    posts = "".join(
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Post '
        f'{n}", "url": "https://harbour.example.org/2024/11/post-{n}.html"}}</script>'
        for n in (1, 2, 3)
    )
    body = "".join(f"<article><h2>Post {n}</h2>{PROSE}</article>" for n in (1, 2, 3))
    html = f"<html><head>{posts}</head><body>{body}</body></html>"
    kind, reason = kind_of(html, "https://harbour.example.org/2024/11/")
    assert kind == "listing" and reason.startswith("date archive")


@pytest.mark.parametrize("path", ["/signin/", "/newsletters/signup/", "/account/register"])
def test_an_account_page_is_no_article(path: str) -> None:
    html = f"<html><head><title>Harbour News</title></head><body>{PROSE}</body></html>"
    kind, reason = kind_of(html, f"https://harbour.example.org{path}")
    assert kind == "other" and reason.startswith("account page")


def test_a_video_page_with_a_line_or_two_is_no_article() -> None:
    head = (
        "<meta property='og:type' content='video.other'><script type='application/ld+json'>"
        '{"@type": "VideoObject", "name": "The dredger at work"}</script>'
    )
    body = (
        "<h1>The dredger at work</h1><div class='player'></div><p>Watch the dredger clear "
        "the northern channel on its first night of work, as pilots guide ships past.</p>"
        "<p class='credit'>Video by Ana Reyes</p>"
    )
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    kind, reason = kind_of(html, "https://harbour.example.org/video/2025/05/02/dredger-at-work")
    assert kind == "other" and reason.startswith("video page")


def test_video_by_is_no_part_of_a_name() -> None:
    assert split_names("Video by Ana Reyes") == ["Ana Reyes"]


# ---------------------------------------------------------------- hard structures


def test_the_headings_of_a_web_story_s_pages_stay() -> None:
    pages = "".join(
        f"<section class='page'><h1>{n}. Cove number {n}</h1><p>{PROSE[3:200]}</p></section>"
        for n in (1, 2, 3)
    )
    article = extract(f"<article><h1>{HEADLINE}</h1>{pages}</article>")
    assert all(f"{n}. Cove number {n}" in article.text for n in (1, 2, 3))
    assert HEADLINE not in article.text


def test_a_footnote_s_back_link_is_no_text() -> None:
    notes = (
        "<ol class='footnotes'><li id='fn1'>The board's minutes, 4 March. "
        "<a href='#ref1' aria-label='Jump to footnote reference 1'>\u21a9\ufe0e</a></li>"
        "<li id='fn2'>Pilots' letter of 2 March. <a href='#ref2' role='doc-backlink'>back</a>"
        "</li></ol>"
    )
    text = extract(f"<article><h1>{HEADLINE}</h1>{PROSE}{notes}</article>").text
    assert "The board's minutes, 4 March." in text
    assert "\u21a9" not in text and "back" not in text.split("Pilots' letter of 2 March.")[-1]


def test_a_cutline_is_a_caption() -> None:
    photo = (
        "<div class='photo'><img src='https://harbour.example.org/gail.jpg' alt='Gail'>"
        "<div class='cutline'>Library director Gail Sorensen at the harbour.</div></div>"
    )
    assert (
        _captions(story(inside=photo)).get("gail.jpg")
        == "Library director Gail Sorensen at the harbour."
    )


def test_a_plain_subhead_right_under_the_headline_is_the_dek() -> None:
    dek = "<div class='subhead'>The board votes for six weeks of <i>night</i> work</div>"
    assert story(header=dek).subtitle == "The board votes for six weeks of night work"


def test_a_subhead_box_of_byline_and_links_is_no_dek() -> None:
    box = "<div class='articleHeader--subhead'><a href='/by/jo'>Jo Hale</a> | March 4</div>"
    assert story(header=box).subtitle is None


# ---------------------------------------------------------------- round six


@pytest.mark.parametrize(
    ("byline", "name"),
    [("Oleh Siti Aminah", "Siti Aminah"), ("Հեղինակ\u055d Անի Սարգսյան", "Անի Սարգսյան")],
)
def test_malay_and_armenian_bylines(byline: str, name: str) -> None:
    assert split_names(byline) == [name]


def test_a_description_that_opens_the_lead_after_its_dateline_is_no_dek() -> None:
    lead = "The harbour board agreed on Monday to dredge the northern channel before winter"
    head = f"<meta name='description' content='{lead}.'>"
    first = f"<p>PORT ALDWIN, March 4 (Harbour Wire): {lead}.</p>"
    article = extract(f"<article><h1>{HEADLINE}</h1>{first}{PROSE}</article>", head)
    assert article.subtitle is None


def test_the_picture_the_page_shares_under_the_headline_is_its_lead() -> None:
    head = "<meta property='og:image' content='https://harbour.example.org/cover.png?w=1200'>"
    body = (
        f"<div class='framer-1x2y'><h1>{HEADLINE}</h1></div><div class='framer-3z4a' "
        "data-framer-background-image-wrapper='true'><img "
        "src='https://harbour.example.org/cover.png?w=2400' alt=''></div>"
        f"<div class='framer-5b6c'>{PROSE}</div>"
    )
    article = extract(body, head)
    assert [image.src.rsplit("/", 1)[-1] for image in article.images][:1] == ["cover.png?w=2400"]


def test_a_dek_named_by_its_id_is_the_subtitle() -> None:
    dek = (
        "<div id='o_wblog_post_subtitle' class='o_editable_no_shadow'>Six weeks of night work</div>"
    )
    assert story(header=dek).subtitle == "Six weeks of night work"


# The cover in plain boxes above the headline, served resized (DEV, Hashnode): the page
# shares it through an image service that quotes the original address.
COVER_SHARED = (
    "<meta property='og:image' content='https://img.harbour.example/resize/w=1000/"
    "https%3A%2F%2Fuploads.harbour.example%2Fcovers%2Fdredger-at-dawn.jpg'>"
)
COVER = "<img src='https://uploads.harbour.example/covers/dredger-at-dawn.jpg?w=1600' alt=''>"


def _lead_file(article: Article) -> str | None:
    return article.images[0].src.rsplit("/", 1)[-1] if article.images else None


def test_the_shared_cover_above_the_headline_in_the_story_is_its_lead() -> None:
    body = (
        f"<article><header><div class='relative'>{COVER}</div>"
        f"<div class='flex'><div class='reactions'>12 likes</div><h1>{HEADLINE}</h1></div>"
        f"</header><div class='prose'>{PROSE}</div></article>"
    )
    assert _lead_file(extract(body, COVER_SHARED)) == "dredger-at-dawn.jpg?w=1600"


@pytest.mark.parametrize(
    "body",
    [
        # The same picture outside the story's <article>: the site's header, no cover.
        f"<header class='masthead'>{COVER}</header><article><h1>{HEADLINE}</h1>"
        f"<div>{PROSE}</div></article>",
        # After the headline, past the story's start: a teaser's picture, no cover.
        f"<article><h1>{HEADLINE}</h1><div>{PROSE}</div><aside class='next-story'>{COVER}"
        "<a href='/next'>Next: the ferry timetable</a></aside></article>",
    ],
)
def test_no_cover_outside_the_story_or_after_its_headline(body: str) -> None:
    images = extract(body, COVER_SHARED).images
    assert not [image for image in images if "dredger-at-dawn" in image.src]


# ---------------------------------------------------------------- a dek set as a heading

DEK_SENTENCE = "Six weeks of night work will keep the northern channel open through the winter"
BYLINE_BOX = "<div class='meta'><a href='/authors/jo'>Jo Hale</a> · <span>Mar 4, 2025</span></div>"


def test_a_sentence_set_as_a_heading_under_the_headline_is_the_dek() -> None:
    # Hashnode: the <h2> in a box of its own between the headline and the byline.
    header = f"<div class='mb-8 px-4'><h2 class='font-heading text-xl'>{DEK_SENTENCE}</h2></div>"
    top = f"<div><h1>{HEADLINE}</h1>{header}{BYLINE_BOX}</div>"
    body = f"<article>{top}<div>{PROSE}</div></article>"
    assert extract(body).subtitle == DEK_SENTENCE


@pytest.mark.parametrize(
    "after_headline",
    [
        # A short heading: the story's first section.
        f"<h2>Why the channel silted up</h2>{BYLINE_BOX}",
        # A long heading the story's first paragraph follows: a section, no dek.
        f"<h2>{DEK_SENTENCE}</h2><p>The harbour board met on Monday.</p>",
        # A menu set as a heading, and another story's headline.
        "<h2><span>Port Aldwin</span><ul><li>Port Aldwin</li><li>Kilbride</li><li>West Haven"
        f"</li><li>North Quay</li><li>Saltmarsh</li><li>Elder Bay</li></ul></h2>{BYLINE_BOX}",
        "<h2><a href='/news/ferries'>Ferry timetable changes for the winter months announced "
        f"by the operator</a></h2>{BYLINE_BOX}",
    ],
)
def test_a_section_heading_or_a_menu_under_the_headline_is_no_dek(after_headline: str) -> None:
    body = f"<article><h1>{HEADLINE}</h1>{after_headline}<div>{PROSE}</div></article>"
    assert extract(body).subtitle is None


def test_a_blogs_tagline_under_its_masthead_is_no_dek() -> None:
    # Movable Type: the <h1> is the blog's name, linking home, its tagline an <h2>.
    masthead = (
        "<div id='banner'><h1 id='banner-header'><a href='/'>Harbour Notes</a></h1>"
        f"<h2 id='banner-description'>{DEK_SENTENCE}</h2></div>"
    )
    post = f"<div class='entry'><h3 class='entry-header'>{HEADLINE}</h3>{PROSE}</div>"
    html = (
        f"<html><head><title>Harbour Notes: {HEADLINE}</title></head>"
        f"<body>{masthead}{post}</body></html>"
    )
    article = extract_article(html, "https://harbournotes.example/archives/2006/03/dredged.html")
    assert isinstance(article, Article)
    assert (article.title, article.subtitle) == (HEADLINE, None)


@pytest.mark.parametrize(
    "picture",
    [
        # The BBC's "cap" under a picture, and CNN's "...cptn" box of the 2000s.
        "<div><img src='/media/dredger226.jpg' width='226' alt='The dredger'>"
        "<div class='cap'>The dredger at work in the northern channel</div></div>",
        "<div class='cnnStoryPhotoBox'><img src='/media/dredger226.jpg' alt='The dredger'>"
        "<div class='cnn_strylccimg300cptn'><p>The dredger at work in the northern channel"
        "</p></div></div>",
    ],
)
def test_the_short_caption_classes_of_legacy_templates(picture: str) -> None:
    article = story(inside=picture)
    assert _captions(article)["dredger226.jpg"] == "The dredger at work in the northern channel"
    assert "The dredger at work" not in article.text


def test_the_outlet_after_a_line_break_in_the_byline_is_no_part_of_the_name() -> None:
    # CNN's byline of 2009: "By Marisa Delgado<br/>CNN".
    head = "<meta property='og:site_name' content='HGN'>"
    byline = "<div class='hgnStoryByline'><strong>By Jo Hale</strong><br/>HGN</div>"
    assert story(header=byline, head=head).authors == ("Jo Hale",)


def test_a_picture_alone_in_a_box_with_its_caption_under_the_headline_is_the_lead() -> None:
    # The Telegraph's "embeddedImage" of 2009: no <figure>, no class naming a picture.
    lead = (
        "<div class='artIntro'><div class='embeddedImage'><img src='/media/quay460.jpg' "
        "width='460' height='288' alt=''><div class='caption'><p>The northern channel at low "
        "tide</p></div></div></div>"
    )
    body = f"<h1>{HEADLINE}</h1>{lead}<div id='mainBodyArea'>{PROSE}</div>"
    assert _captions(extract(body)) == {"quay460.jpg": "The northern channel at low tide"}
    # A box with a caption and two pictures is a gallery's or a layout's, no lead.
    two = lead.replace("<div class='caption'>", "<img src='/media/dock.jpg'><div class='caption'>")
    assert _captions(extract(f"<h1>{HEADLINE}</h1>{two}<div id='mainBodyArea'>{PROSE}</div>")) == {}


def test_a_size_in_pixels_with_its_unit_still_marks_a_button_as_no_picture() -> None:
    button = (
        "<figure><img src='/media/give-button.png' width='42px' height='18px' alt='Give'>"
        "<figcaption>Number of slices to send</figcaption></figure>"
    )
    body = f"<h1>{HEADLINE}</h1>{button}<div id='mainBodyArea'>{PROSE}</div>"
    assert "give-button.png" not in _captions(extract(body))


def test_the_title_of_a_picture_classed_caption_is_its_caption() -> None:
    # Joomla 1.5: caption.js shows the title of <img class="caption"> under it.
    picture = (
        "<p><img class='caption' src='/images/stories/scaffold.jpg' width='300' "
        "title='Scaffolding on the harbour office in October' alt='Scaffolding'></p>"
    )
    article = story(inside=picture)
    assert _captions(article) == {"scaffold.jpg": "Scaffolding on the harbour office in October"}


def test_an_emphasised_line_after_a_picture_ends_its_paragraph_as_its_caption() -> None:
    # TypePad and Blogger: the picture's link, a line break, and the caption in <em>.
    caption = "The dredger at work in the northern channel on Thursday."
    picture = (
        "<p><a href='/.a/6a00d834-pi'><img class='image-full' src='/images/dredger.jpg' "
        f"alt='The dredger'></a><br />\n<em>{caption}</em></p>"
    )
    article = story(inside=picture)
    assert _captions(article) == {"dredger.jpg": caption}
    assert caption not in article.text
    # An emphasised line of the story's own paragraph is no caption.
    inline = picture.replace("<br />", "<br />Seen from the quay. ")
    assert _captions(story(inside=inline)) == {"dredger.jpg": None}


@pytest.mark.parametrize(
    ("byline", "source"),
    [
        ("By JOHN SMITH, Associated Press Writer", "Associated Press"),
        ("By JANE DOE and JO HALE, Associated Press Writers", "Associated Press"),
        ("By Jane Doe, AP Business Writer", "AP"),
        ("By Jane Doe, Business Writer", None),  # the paper's own writer
    ],
)
def test_a_wire_named_in_its_writers_post_is_the_source(byline: str, source: str | None) -> None:
    article = story(header=f"<p class='byline'>{byline}</p>")
    assert article.syndicated_from == source
    assert article.authors and "Writer" not in " ".join(article.authors)


def test_a_picture_classed_as_a_photo_under_the_headline_is_the_lead() -> None:
    # HuffPost, 2012: <img class="entry_photo"> in a div.top-media, no figure.
    lead = "<div class='top-media'><img src='/gen/dredger-large570.jpg' class='entry_photo'></div>"
    body = f"<h1>{HEADLINE}</h1>{lead}<div class='entry_body_text'>{PROSE}</div>"
    assert "dredger-large570.jpg" in _captions(extract(body))
    # WordPress's "size-thumbnail" marks any small picture, an avatar as well.
    avatar = (
        "<div class='authors-block'><img src='/uploads/jo-hale-150x150.png' "
        "class='attachment-thumbnail size-thumbnail' width='150' height='150'></div>"
    )
    body = f"<h1>{HEADLINE}</h1>{avatar}<div class='entry_body_text'>{PROSE}</div>"
    assert _captions(extract(body)) == {}


@pytest.mark.parametrize(
    ("size", "lead"),
    [
        ("width='190' height='126'", True),  # NYT's inline picture of 2007
        ("width='130' height='86'", False),  # a thumbnail
        ("width='300' height='60'", False),  # a banner or a logo, wide and low
    ],
)
def test_a_lead_picture_is_large_on_its_longer_side(size: str, lead: bool) -> None:
    box = (
        f"<div class='inlineImage'><div class='image'><a href='/pop'><img src='/i/quay.jpg' "
        f"{size}></a></div><div class='caption'>The quay at dawn</div></div>"
    )
    body = f"<h1>{HEADLINE}</h1>{box}<div id='articleBody'>{PROSE}</div>"
    assert ("quay.jpg" in _captions(extract(body))) is lead


def test_an_inline_element_in_a_paragraphs_sentence_stays_whatever_its_class() -> None:
    # hNews: the dateline is a <span class="dateline"> opening the lead's sentence.
    lead = (
        "<p><span class='dateline'>PORT ALDWIN \u2014</span> The harbour board agreed on "
        "Monday to dredge the northern channel before winter, after pilots warned.</p>"
    )
    article = extract(f"<article><h1>{HEADLINE}</h1>{lead}{PROSE}</article>")
    assert article.text.startswith("PORT ALDWIN \u2014 The harbour board agreed")
    # A paragraph that is the element alone is no sentence: its class still counts.
    share = "<p><span class='share-tools'>Share this story</span></p>"
    assert "Share this" not in extract(f"<article><h1>{HEADLINE}</h1>{PROSE}{share}</article>").text


def test_tag_links_in_the_storys_own_header_are_its_tags() -> None:
    # Kinja: "Filed to:" and the tag's link in the <article>'s <header>.
    header = (
        "<header><div class='meta'>Filed to: <a href='/tag/dredging' class='js_tag'>"
        "Dredging</a></div></header>"
    )
    body = f"<article>{header}<h1>{HEADLINE}</h1><div>{PROSE}</div></article>"
    assert extract(body).tags == ("Dredging",)


def test_a_captions_opening_bullet_is_no_part_of_it() -> None:
    # A Korean paper's caption cell: "▲" before the caption.
    table = (
        "<table><tr><td><img src='/photo/quay400.jpg' width='400' height='266'></td></tr>"
        "<tr><td class='photo_caption'>\u25b2The quay at dawn on Monday.</td></tr></table>"
    )
    assert _captions(story(inside=table)) == {"quay400.jpg": "The quay at dawn on Monday."}


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        (
            "\u3010\u8a18\u8005\u9673\u6021\u541b\uff0f\u53f0\u5317\u5831\u5c0e\u3011",
            "\u9673\u6021\u541b",
        ),
        (
            "\u3014\u8a18\u8005\u738b\u5c0f\u660e\uff0f\u53f0\u5317\u96fb\u3015",
            "\u738b\u5c0f\u660e",
        ),
        ("\uff08\u8bb0\u8005 \u674e\u534e\uff09", "\u674e\u534e"),
    ],
)
def test_a_chinese_papers_bracketed_byline_gives_the_reporters_name(byline: str, name: str) -> None:
    assert split_names(byline) == [name]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        # A Korean paper's reporter line, the e-mail address after the name and title.
        (
            "<div id='reporter_info'><span class='j1'>김민수 기자</span> "
            "<a href='mailto:minsu@harbour.example'>minsu@harbour.example</a></div>",
            "김민수",
        ),
        # A Japanese blog's labelled byline with the date after it.
        ("<div class='posted'>投稿者: 佐藤恵子 | 2007年03月03日 10:15</div>", "佐藤恵子"),
    ],
)
def test_a_korean_or_japanese_text_byline_names_the_writer(line: str, name: str) -> None:
    assert story(header=line).authors == (name,)
