"""tasks.steps.extract_batch: a batch's pages extracted and their articles fingerprinted,
in the extraction pool's processes when there is one."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from tasks.dedupe import DedupeSettings, fingerprint
from tasks.pipeline import plan_urls, prepare_batch
from tasks.records import Article, FetchedPage, NotArticle, PageError
from tasks.steps import extract_batch

AT = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
SETTINGS = DedupeSettings()
WORDS = [
    "harbour",
    "ferry",
    "council",
    "budget",
    "storm",
    "school",
    "river",
    "market",
    "bridge",
    "library",
]


def _article(i: int) -> bytes:
    paragraphs = "".join(
        f"<p>{' '.join(WORDS[(i + j + k) % len(WORDS)] for k in range(30))} number {i}.</p>"
        for j in range(6)
    )
    return (
        f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


def _page(url: str, body: bytes | None) -> FetchedPage:
    error = None if body is not None else "ConnectError"
    return FetchedPage(
        url,
        url,
        200 if body else None,
        body,
        "text/html",
        AT,
        1.0,
        error_class=error,
        error_message=error and "refused",
    )


def _pages() -> list[FetchedPage]:
    pages = [_page(f"https://news.example/story-{i}", _article(i)) for i in range(10)]
    pages.insert(3, _page("https://news.example/down", None))
    pages.insert(6, _page("https://news.example/", b"<html><body><nav>Home</nav></body></html>"))
    return pages


def test_articles_are_fingerprinted_where_they_are_extracted() -> None:
    pages = _pages()
    extracted = extract_batch.fn(pages, SETTINGS)
    assert len(extracted.results) == len(extracted.fingerprints) == len(pages)
    kinds = [type(r) for r in extracted.results]
    assert kinds.count(Article) == 10
    assert kinds[3] is PageError and kinds[6] is NotArticle
    for result, print_ in zip(extracted.results, extracted.fingerprints, strict=True):
        if isinstance(result, Article):
            assert print_ == fingerprint(result.text, SETTINGS)
        else:
            assert print_ is None


def test_the_pool_gives_what_one_process_gives_in_page_order() -> None:
    pages = _pages()
    alone = extract_batch.fn(pages, SETTINGS)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        pooled = extract_batch.fn(pages, SETTINGS, pool)
    assert pooled == alone
    assert [getattr(r, "url", None) for r in pooled.results] == [
        getattr(r, "url", None) for r in alone.results
    ]


def test_prepare_batch_takes_the_fingerprints_or_computes_the_same_ones() -> None:
    pages = _pages()
    groups = plan_urls([p.url for p in pages])
    extracted = extract_batch.fn(pages, SETTINGS)
    given = prepare_batch(
        "s", groups, pages, extracted.results, SETTINGS, (), extracted.fingerprints
    )
    computed = prepare_batch("s", groups, pages, extracted.results, SETTINGS)
    assert [a.fingerprint for a in given.write.articles] == [
        a.fingerprint for a in computed.write.articles
    ]
    assert len(given.write.articles) == 10
