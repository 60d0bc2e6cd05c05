"""How far the title figure can go by choosing among the titles a page states.

    .venv/bin/python bench/titles.py [--limit N] [--list N]

The corpus counts a title right when it equals the annotator's, whitespace aside
(bench/metrics.py). Each wcxb-dev page states its title several times: its headings
(<h1>, <h2>), its <title>, the title <meta> tags and the JSON-LD headline and names,
each of which may carry labels after a separator ("Headline | Site"). An extractor that
picks one of those strings, or a run of their parts, can be right only where the
annotator's title is among them: the share of such pages is the ceiling of choosing,
whatever the rule. Each miss of ours is put in one of three kinds:

- typography: the annotator's title equals a stated one once curly quotes and dashes
  are made straight, marks the page does not have;
- absent: no stated string or run of parts equals it (another wording, a cut);
- chosen elsewhere: it is among the stated strings and ours picked another.

Where only one family holds the annotator's title, its headings or its metadata titles,
a rule that reads the other family alone cannot be right: the two counts bound any
such rule, and show how far the annotators agree on where a title comes from. The table
is written to bench/results/titles.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from selectolax.lexbor import LexborHTMLParser

from bench import metrics
from bench.extraction import RESULTS_DIR, corpus_dir, load_pages
from tasks.extract import ExtractOptions, extract_article
from tasks.extract.metadata import TITLE_META

# Wider than the extractor's own: a ceiling should miss no way of cutting a title.
_SEPARATOR_RE = re.compile(r"\s+[/|\u2013\u2014·•»:~-]{1,2}\s+|:\s+")
_TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_JSON_LD_NAMES = ("headline", "name", "alternativeHeadline")


@dataclass(frozen=True, slots=True)
class StatedTitles:
    """A page's title strings, normalised as the metric compares them."""

    headings: frozenset[str]  # <h1> and <h2> texts, and runs of their parts
    metadata: frozenset[str]  # <title>, title <meta> tags, JSON-LD, and runs of their parts

    @property
    def every(self) -> frozenset[str]:
        return self.headings | self.metadata


def stated_titles(html: bytes | str) -> StatedTitles:
    """Every title the page states, and each run of consecutive parts of each
    ("A | B | C" gives A, B, C, "A | B", "B | C" and the whole)."""
    tree = LexborHTMLParser(html)
    headings: set[str] = set()
    for node in tree.css("h1, h2"):
        headings.update(_runs_of_parts(metrics.normalise_title(node.text())))
    raw: list[str] = []
    title = tree.css_first("title")
    if title is not None:
        raw.append(title.text())
    for node in tree.css("meta[content]"):
        key = node.attributes.get("property") or node.attributes.get("name") or ""
        if key.lower() in TITLE_META:
            raw.append(node.attributes.get("content") or "")
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text() or "null")
        except ValueError:
            continue
        raw.extend(_json_ld_names(data))
    metadata: set[str] = set()
    for text in raw:
        metadata.update(_runs_of_parts(metrics.normalise_title(text)))
    return StatedTitles(frozenset(headings - {""}), frozenset(metadata - {""}))


def _json_ld_names(data: Any) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_names(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in _JSON_LD_NAMES and isinstance(value, str):
                yield value
            elif isinstance(value, list | dict):
                yield from _json_ld_names(value)


def _runs_of_parts(title: str) -> set[str]:
    cuts = [(m.start(), m.end()) for m in _SEPARATOR_RE.finditer(title)]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(title)]
    return {
        title[starts[first] : ends[last]].strip()
        for first in range(len(starts))
        for last in range(first, len(ends))
    }


def miss_kind(truth: str, stated: StatedTitles) -> str:
    """Why a wrong title was wrong: typography, absent, or chosen elsewhere."""
    if truth in stated.every:
        return "chosen elsewhere"
    straight = truth.translate(_TYPOGRAPHY)
    if any(title.translate(_TYPOGRAPHY) == straight for title in stated.every):
        return "typography"
    return "absent"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="pages to read")
    parser.add_argument("--list", type=int, default=0, help="print N misses of each kind")
    args = parser.parse_args(argv)
    if not corpus_dir().is_dir():
        print(f"corpus not found at {corpus_dir()} (set PRESSROOM_CORPUS)", file=sys.stderr)
        return 2

    options = ExtractOptions(keep_non_articles=True)  # as bench/extraction.py reads wcxb
    pages = load_pages("wcxb-dev", args.limit)
    right = reachable = 0
    misses: Counter[str] = Counter()
    sides: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for page in pages:
        truth = metrics.normalise_title(str(page.truth.get("title") or ""))
        ours = extract_article(page.html, page.url, options=options).title
        stated = stated_titles(page.html)
        reachable += truth in stated.every
        in_headings, in_metadata = truth in stated.headings, truth in stated.metadata
        if in_headings != in_metadata:
            sides["a heading" if in_headings else "a metadata title"] += 1
        if metrics.title_matches(ours, truth):
            right += 1
            continue
        kind = miss_kind(truth, stated)
        misses[kind] += 1
        examples.setdefault(kind, []).append(f"{page.page_id}: {truth!r} <- ours {ours!r}")

    total = len(pages)
    rows = [
        ("ours right", right),
        ("ceiling: the annotator's title is among the stated ones", reachable),
        ("ours wrong, chosen elsewhere", misses["chosen elsewhere"]),
        ("ours wrong, typography the page does not have", misses["typography"]),
        ("ours wrong, title absent from the page's stated ones", misses["absent"]),
        ("only a heading holds the annotator's title", sides["a heading"]),
        ("only a metadata title holds it", sides["a metadata title"]),
    ]
    lines = [
        f"wcxb-dev, {total} pages with a title",
        "",
        "| figure | pages | share |",
        "|---|---|---|",
        *(f"| {name} | {count} | {count / total:.3f} |" for name, count in rows),
    ]
    print("\n".join(lines))
    for kind, found in examples.items():
        for line in found[: args.list]:
            print(f"{kind}: {line}")
    if args.limit is None:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        header = ["# Titles: where the figure stands against the page", ""]
        (RESULTS_DIR / "titles.md").write_text("\n".join([*header, *lines, ""]), encoding="utf-8")
        print(f"written to {RESULTS_DIR / 'titles.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
