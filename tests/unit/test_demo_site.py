"""The bundled demo site: checked-in files, ground truth and the local server."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from demo.build_site import render_all
from demo.content import COURIER_PORT_STORY, LEDGER_SYNDICATION, syndicated_story
from demo.server import (
    FICTIONAL_ORIGINS,
    DemoSite,
    load_truth,
    resolve_file,
    serve_demo_site,
    site_root,
)

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
TRUTH = load_truth()
ARTICLES = [entry for entry in TRUTH if entry["kind"] == "article"]


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    with serve_demo_site() as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


def page_file(url: str) -> Path:
    path = resolve_file(site_root() / url.split("/")[2], "/" + url.split("/", 3)[3].split("?")[0])
    assert path is not None, url
    return path


def visible_text(html: str) -> str:
    tree = HTMLParser(html)
    for node in tree.css("script, style"):
        node.decompose()
    assert tree.body is not None
    return " ".join(tree.body.text(separator=" ").split())


def body_text(url: str) -> str:
    """The story text as written, i.e. the paragraphs the templates were given."""
    tree = HTMLParser(page_file(url).read_text(encoding="utf-8"))
    for selector in (".td-post-content > p", ".article-body > p", "body > p"):
        paragraphs = [p.text() for p in tree.css(selector) if not p.css_first("a, small")]
        if paragraphs:
            if selector == "body > p":
                paragraphs = paragraphs[1:]  # the byline line
            return " ".join(" ".join(paragraphs).split())
    raise AssertionError(f"no paragraphs found for {url}")


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: str, b: str) -> float:
    left, right = shingles(a), shingles(b)
    return len(left & right) / len(left | right)


def xml_locations(text: str) -> list[str]:
    root = ET.fromstring(text)
    if root.tag == "rss":
        return [item.findtext("link", "") for item in root.iter("item")]
    if root.tag == f"{ATOM_NS}feed":
        return [
            link.get("href", "")
            for entry in root.iter(f"{ATOM_NS}entry")
            for link in entry.iter(f"{ATOM_NS}link")
            if link.get("rel") == "alternate"
        ]
    return [loc.text or "" for loc in root.iter(f"{SITEMAP_NS}loc")]


def crawl_entry_points(site: DemoSite, client: httpx.Client) -> dict[str, str]:
    """Fictional URL of every page the feeds and sitemaps list -> the document listing it."""
    found: dict[str, str] = {}
    queue = list(site.entry_points())
    while queue:
        document = queue.pop(0)
        response = client.get(document)
        assert response.status_code == 200, document
        for location in xml_locations(response.text):
            fictional = site.fictional_url(location)
            if fictional.endswith(".xml"):
                queue.append(location)
            else:
                found[fictional] = document
    return found


# --- checked-in files ------------------------------------------------------------------------


def test_regenerating_the_site_reproduces_the_checked_in_files() -> None:
    files, truth = render_all()
    root = site_root()
    on_disk = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert on_disk == sorted(files)
    for relative, text in files.items():
        assert (root / relative).read_bytes() == text.encode("utf-8"), relative
    truth_file = Path(__file__).resolve().parents[2] / "demo" / "truth.json"
    assert truth_file.read_bytes() == truth.encode("utf-8")


def test_truth_counts_cover_three_outlets_and_special_pages() -> None:
    kinds = Counter(entry["kind"] for entry in TRUTH)
    assert kinds["article"] >= 40
    assert kinds["listing"] >= 5
    assert kinds["missing"] == 1
    per_outlet = Counter(entry["outlet"] for entry in ARTICLES)
    assert per_outlet == {"Tidewater Ledger": 16, "The Meridian Courier": 18, "Lantern & Loam": 10}
    urls = [entry["url"] for entry in TRUTH]
    assert len(urls) == len(set(urls))
    assert all(url.startswith(FICTIONAL_ORIGINS) for url in urls)


def test_truth_article_records_are_complete() -> None:
    for entry in ARTICLES:
        assert entry["title"] and entry["authors"], entry["url"]
        assert not any(a.startswith("By ") or "|" in a for a in entry["authors"])
        assert re.fullmatch(r"20(1[4-9]|2[0-6])-\d\d-\d\d", entry["published"])
        assert entry["modified"] is None or entry["modified"] >= entry["published"]
        assert entry["canonical_url"] == entry["url"]
        assert 2 <= len(entry["must_contain"]) <= 3
        assert all(len(s.split()) >= 6 for s in entry["must_contain"])
        assert entry["must_not_contain"]
        assert entry["url"] in entry["url_variants"]


def test_articles_are_distinct_stories_of_plausible_length() -> None:
    texts = {entry["url"]: body_text(entry["url"]) for entry in ARTICLES}
    for url, text in texts.items():
        assert 150 <= len(text.split()) <= 450, url
    copy = next(entry for entry in ARTICLES if entry["duplicate_of"])
    pair = {copy["url"], copy["duplicate_of"]}
    for (a, text_a), (b, text_b) in itertools.combinations(texts.items(), 2):
        if {a, b} != pair:
            assert jaccard(text_a, text_b) < 0.2, (a, b)


def test_stories_have_four_to_eight_paragraphs() -> None:
    for entry in ARTICLES:
        html = page_file(entry["url"]).read_text(encoding="utf-8")
        tree = HTMLParser(html)
        count = len(
            [
                p
                for sel in (".td-post-content > p", ".article-body > p", "body > p")
                for p in tree.css(sel)
                if not p.css_first("a, small")
            ]
        )
        if entry["outlet"] == "Lantern & Loam":
            count -= 1  # the plain-text byline
        assert 4 <= count <= 8, entry["url"]


def test_syndicated_copy_is_a_near_duplicate_not_a_copy() -> None:
    copy = next(entry for entry in ARTICLES if entry["duplicate_of"])
    original = next(entry for entry in ARTICLES if entry["url"] == copy["duplicate_of"])
    assert copy["syndicated_from"] == original["outlet"] == "The Meridian Courier"
    assert original["duplicate_of"] is None
    similarity = jaccard(body_text(copy["url"]), body_text(original["url"]))
    assert 0.8 <= similarity <= 0.95
    rebuilt = syndicated_story(COURIER_PORT_STORY, LEDGER_SYNDICATION)
    assert rebuilt.paragraphs[0] != COURIER_PORT_STORY.paragraphs[0]
    assert len(rebuilt.paragraphs) == len(COURIER_PORT_STORY.paragraphs) - 1
    page = page_file(copy["url"]).read_text(encoding="utf-8")
    assert "Via <a" in page and "The Meridian Courier</a>" in page
    assert f'<link rel="canonical" href="{copy["url"]}">' in page


def test_must_contain_and_must_not_contain_are_both_on_the_page() -> None:
    for entry in ARTICLES:
        page = visible_text(page_file(entry["url"]).read_text(encoding="utf-8"))
        story = body_text(entry["url"])
        for sentence in entry["must_contain"]:
            assert sentence in story, (entry["url"], sentence)
        for boilerplate in entry["must_not_contain"]:
            # A trap only counts if the page shows it, outside the story itself.
            assert boilerplate in page, (entry["url"], boilerplate)
            assert boilerplate not in story, (entry["url"], boilerplate)


def test_templates_carry_the_metadata_each_outlet_promises() -> None:
    for entry in ARTICLES:
        html = page_file(entry["url"]).read_text(encoding="utf-8")
        tree = HTMLParser(html)
        if entry["outlet"] == "Tidewater Ledger":
            date = tree.css_first(".entry-date")
            assert date is not None and re.fullmatch(r"\d{1,2}/\d{1,2}/\d\d", date.text())
            assert len(tree.css(".wp-caption-text")) == 2
        elif entry["outlet"] == "The Meridian Courier":
            ld_node = tree.css_first('script[type="application/ld+json"]')
            assert ld_node is not None
            ld: dict[str, Any] = json.loads(ld_node.text())
            people = ld["author"] if isinstance(ld["author"], list) else [ld["author"]]
            assert [p["name"] for p in people] == entry["authors"]
            assert ld["datePublished"][:10] == entry["published"]
            assert re.search(r"[+-]\d\d:\d\d$", ld["datePublished"])
            og_url = tree.css_first('meta[property="og:url"]')
            assert og_url is not None and og_url.attributes["content"] == entry["url"]
        else:
            for marker in ("ld+json", "og:", "canonical", 'name="author"', "<meta"):
                assert marker not in html, (entry["url"], marker)
    multi = [e for e in ARTICLES if e["outlet"] == "The Meridian Courier" and len(e["authors"]) > 1]
    assert len(multi) >= 3


# --- the server ------------------------------------------------------------------------------


def test_every_truth_url_is_served_or_missing_as_recorded(
    site: DemoSite, client: httpx.Client
) -> None:
    for entry in TRUTH:
        for url in entry["url_variants"]:
            response = client.get(site.local_url(url))
            expected = 404 if entry["kind"] == "missing" else 200
            assert response.status_code == expected, url
            assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_feeds_and_sitemaps_list_exactly_the_truth_urls(
    site: DemoSite, client: httpx.Client
) -> None:
    listed = crawl_entry_points(site, client)
    known = {variant for entry in TRUTH for variant in entry["url_variants"]}
    assert set(listed) <= known
    # Only the blog's front page is reachable by links alone, not from a feed or sitemap.
    assert known - set(listed) == {"https://lanternandloam.example/"}
    tracked = [url for url in listed if "utm_source=rss" in url]
    assert tracked and all(listed[url].endswith("/feed/") for url in tracked)


def test_tracking_parameters_do_not_change_the_page(site: DemoSite, client: httpx.Client) -> None:
    entry = next(e for e in ARTICLES if len(e["url_variants"]) == 2)
    clean, tracked = (client.get(site.local_url(u)).text for u in entry["url_variants"])
    assert clean == tracked
    assert f'<link rel="canonical" href="{site.local_url(entry["url"])}">' in clean


def test_entry_points_answer_with_feed_and_sitemap_types(
    site: DemoSite, client: httpx.Client
) -> None:
    types = [client.get(url).headers["content-type"] for url in site.entry_points()]
    assert types == [
        "application/rss+xml; charset=utf-8",
        "application/xml; charset=utf-8",
        "application/xml; charset=utf-8",
        "application/atom+xml; charset=utf-8",
    ]
    index = client.get(site.entry_points()[2]).text
    news = client.get(site.local_url("https://news.meridiancourier.example/sitemaps/news.xml"))
    assert "<sitemapindex" in index
    root = ET.fromstring(news.text)
    assert root.findall(f".//{NEWS_NS}publication_date")
    assert root.findall(f".//{NEWS_NS}title")


def test_served_text_points_at_local_origins_only(site: DemoSite, client: httpx.Client) -> None:
    for url in [entry["url"] for entry in TRUTH if entry["kind"] != "missing"]:
        text = client.get(site.local_url(url)).text
        assert not any(origin in text for origin in FICTIONAL_ORIGINS), url
    courier = next(e for e in ARTICLES if e["outlet"] == "The Meridian Courier")
    page = client.get(site.local_url(courier["url"])).text
    assert f'content="{site.local_url(courier["url"])}"' in page
    assert f'"@id": "{site.local_url(courier["url"])}"' in page


def test_non_ascii_text_survives_the_round_trip(site: DemoSite, client: httpx.Client) -> None:
    sao_paulo = next(e for e in ARTICLES if "São Paulo" in e["title"])
    response = client.get(site.local_url(sao_paulo["url"]))
    assert "São Paulo\u2019s busiest" in response.text
    assert int(response.headers["content-length"]) == len(response.content)


def test_url_mapping_round_trips_and_rejects_strangers(site: DemoSite) -> None:
    url = "https://news.meridiancourier.example/world/?page=2#top"
    local = site.local_url(url)
    assert local.startswith("http://127.0.0.1:") and local.endswith("/world/?page=2#top")
    assert site.fictional_url(local) == url
    assert set(site.origins) == set(FICTIONAL_ORIGINS)
    with pytest.raises(ValueError, match="not on any demo origin"):
        site.local_url("https://elsewhere.example/")


def test_missing_files_and_escapes_answer_404(site: DemoSite, client: httpx.Client) -> None:
    origin = site.origins["https://www.tidewaterledger.example"]
    for path in ("/no-such-page/", "/../truth.json", "/%2e%2e/truth.json", "/wp-content/x.jpg"):
        response = client.get(origin + path)
        assert response.status_code == 404, path
        assert "Not Found" in response.text
    head = client.head(origin + "/feed/")
    assert head.status_code == 200 and head.content == b""


def test_servers_stop_when_the_context_exits(client: httpx.Client) -> None:
    with serve_demo_site() as running:
        url = running.entry_points()[0]
        assert client.get(url).status_code == 200
    with pytest.raises(httpx.ConnectError):
        client.get(url)
