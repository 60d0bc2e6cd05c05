"""The HTTP charset reaches the extractor: a page labelled only by its server decodes right."""

from __future__ import annotations

import datetime as dt

from tasks.pipeline import extract_page
from tasks.records import Article, FetchedPage

PARAGRAPH = "Les élèves de l'école Saint-Étienne ont présenté leurs travaux à la mairie. " * 6
HTML = (
    "<html><head><title>Fête de l'école</title></head><body><article>"
    f"<h1>Fête de l'école</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
)


def _page(body: bytes, content_type: str) -> FetchedPage:
    return FetchedPage(
        "https://ecole.example/2026/11/27/fete-de-l-ecole",
        "https://ecole.example/2026/11/27/fete-de-l-ecole",
        200,
        body,
        content_type,
        dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
        1.0,
    )


def test_http_charset_decodes_a_page_without_meta() -> None:
    result = extract_page(_page(HTML.encode("cp1252"), "text/html; charset=windows-1252"))
    assert isinstance(result, Article)
    assert result.title == "Fête de l'école"
    assert "élèves de l'école Saint-Étienne" in result.text


def test_wrong_http_charset_loses_to_valid_utf8() -> None:
    # Servers often say latin-1 for pages that are UTF-8; valid UTF-8 wins.
    result = extract_page(_page(HTML.encode("utf-8"), 'text/html; charset="iso-8859-1"'))
    assert isinstance(result, Article)
    assert "Saint-Étienne" in result.text and "Ã" not in result.text
