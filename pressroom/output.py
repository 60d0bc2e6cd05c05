"""Rendering query results and articles for the terminal: table, csv, json, jsonl, text."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from tasks.records import Article, Extraction, NotArticle, PageError


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def render_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    """``rows`` as an aligned table, CSV or a JSON array of objects."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps(
            [dict(zip(columns, map(_plain, row), strict=True)) for row in rows],
            ensure_ascii=False,
            indent=2,
        )
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*("NULL" if v is None else str(_plain(v)) for v in row))
    console = Console(file=io.StringIO(), width=160, force_terminal=False)
    console.print(table)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return f"{out}({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def extraction_record(source: str, result: Extraction | PageError) -> dict[str, Any]:
    """One JSON object per input: the article's fields, or what the page is and why."""
    if isinstance(result, PageError):
        return {"input": source, "status": "error", **_plain(dataclasses.asdict(result))}
    status = "not_article" if isinstance(result, NotArticle) else "article"
    return {"input": source, "status": status, **_plain(dataclasses.asdict(result))}


def render_extraction_text(source: str, result: Extraction | PageError) -> str:
    if isinstance(result, PageError):
        return f"== {source}\nerror: {result.error_class}: {result.message}\n"
    if isinstance(result, NotArticle):
        return f"== {source}\nnot an article ({result.page_kind}): {result.reason}\n"
    date = result.published_at or result.published_date
    lines = [
        f"== {source}",
        f"title:     {result.title or ''}",
        f"authors:   {', '.join(result.authors)}",
        f"published: {_plain(date) if date else ''}",
        f"canonical: {result.canonical_url or ''}",
        "",
        result.text,
        "",
    ]
    return "\n".join(lines)


def render_extraction_markdown(source: str, result: Extraction | PageError) -> str:
    """The article as Markdown: title, dek, byline, then the text; or what went wrong."""
    if not isinstance(result, Article):
        return f"<!-- {source}: {render_extraction_text(source, result).splitlines()[1]} -->\n"
    date = result.published_at or result.published_date
    lines = [f"# {result.title or '(untitled)'}", ""]
    if result.subtitle:
        lines += [f"*{result.subtitle}*", ""]
    byline = ", ".join(result.authors)
    meta = " · ".join(
        x for x in (byline, _plain(date) if date else "", result.site_name or "") if x
    )
    if meta:
        lines += [meta, ""]
    if result.syndicated_from:
        lines += [f"Originally published by {result.syndicated_from}.", ""]
    lines += [result.text, ""]
    for image in result.images:
        lines += [
            f"![{image.alt or ''}]({image.src})" + (f" — {image.caption}" if image.caption else ""),
            "",
        ]
    if result.canonical_url:
        lines += [f"<{result.canonical_url}>", ""]
    return "\n".join(lines)


def render_extractions(results: Sequence[tuple[str, Extraction | PageError]], fmt: str) -> str:
    """Every input's extraction in ``fmt``: jsonl (a line each), json (one array), text or
    markdown (one block each, separated by a blank line)."""
    if fmt == "jsonl":
        return "".join(
            json.dumps(extraction_record(s, r), ensure_ascii=False) + "\n" for s, r in results
        )
    if fmt == "json":
        return (
            json.dumps([extraction_record(s, r) for s, r in results], ensure_ascii=False, indent=2)
            + "\n"
        )
    render = render_extraction_markdown if fmt == "markdown" else render_extraction_text
    return "\n".join(render(s, r) for s, r in results)
