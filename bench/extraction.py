"""Benchmark the article extractor on the evaluation corpus and print its figures.

    .venv/bin/python bench/extraction.py [--set zyte|wcxb-dev|all] [--limit N] [--peers]
    .venv/bin/python bench/extraction.py --set zyte --worst 15   # pages to look at

Accuracy metrics are those of the corpus README (see bench/metrics.py). Speed is pages
per CPU-second of the extraction call alone (decompressing is not timed). With
``--peers`` trafilatura, if importable, runs on the same pages in the same process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import metrics
from tasks.extract import ExtractOptions, extract_article
from tasks.records import Article


@dataclass(frozen=True, slots=True)
class Page:
    set_name: str
    page_id: str
    url: str
    html: bytes
    truth: dict[str, object]


@dataclass(frozen=True, slots=True)
class Output:
    text: str
    title: str | None
    authors: tuple[str, ...]
    date: str | None
    kind: str
    # The newest date the page gives (modified, else published): what WCXB's truth and
    # trafilatura's default report, where ``date`` is strictly the publication date.
    latest_date: str | None = None


@dataclass(slots=True)
class Run:
    name: str
    outputs: dict[tuple[str, str], Output] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)


Extractor = Callable[[Page], Output]


def corpus_dir() -> Path:
    env = os.environ.get("PRESSROOM_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "corpus"


def load_pages(set_name: str, limit: int | None) -> list[Page]:
    base = corpus_dir() / set_name
    pages = []
    with (base / "truth.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            truth = json.loads(line)
            page_id = str(truth["id"])
            html = gzip.decompress((base / "pages" / f"{page_id}.html.gz").read_bytes())
            pages.append(Page(set_name, page_id, str(truth["url"]), html, truth))
            if limit is not None and len(pages) >= limit:
                break
    return pages


def ours(options: ExtractOptions) -> Extractor:
    def run(page: Page) -> Output:
        result = extract_article(page.html, page.url, options=options)
        if isinstance(result, Article):
            date = result.published_date.isoformat() if result.published_date else None
            latest = result.modified_date.isoformat() if result.modified_date else date
            return Output(result.text, result.title, result.authors, date, result.page_kind, latest)
        return Output("", result.title, (), None, result.page_kind)

    return run


def trafilatura_peer() -> Extractor | None:
    try:
        import trafilatura  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None

    def run(page: Page) -> Output:
        doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
        if doc is None:
            return Output("", None, (), None, "other")
        author = getattr(doc, "author", None)
        authors = tuple(a.strip() for a in author.split(";")) if author else ()
        return Output(
            getattr(doc, "text", None) or "",
            getattr(doc, "title", None),
            authors,
            getattr(doc, "date", None),
            "article",
            getattr(doc, "date", None),
        )

    return run


def run_extractor(name: str, extractor: Extractor, pages_by_set: dict[str, list[Page]]) -> Run:
    run = Run(name)
    for set_name, pages in pages_by_set.items():
        spent = 0.0
        for page in pages:
            start = time.process_time()
            output = extractor(page)
            spent += time.process_time() - start
            run.outputs[(set_name, page.page_id)] = output
        run.cpu_seconds[set_name] = spent
    return run


def report_zyte(run: Run, pages: list[Page]) -> list[str]:
    counts = [
        metrics.shingle_counts(run.outputs[("zyte", p.page_id)].text, _text(p.truth)) for p in pages
    ]
    score = metrics.shingle_score(counts)
    speed = len(pages) / run.cpu_seconds["zyte"] if run.cpu_seconds["zyte"] else 0.0
    return [
        f"{run.name:12} zyte ({score.pages} pages) shingle  P {score.precision:.3f}  "
        f"R {score.recall:.3f}  F1 {score.f1:.3f}  accuracy {score.accuracy:.3f}  "
        f"{speed:,.0f} pages/CPU-s"
    ]


def report_wcxb(run: Run, pages: list[Page]) -> list[str]:
    f1_all, f1_article = [], []
    title_hits, author_hits, author_n, date_hits, latest_hits, date_n = 0, 0, 0, 0, 0, 0
    for page in pages:
        out = run.outputs[("wcxb-dev", page.page_id)]
        truth = page.truth
        f1 = metrics.word_f1(out.text, _text(truth))
        f1_all.append(f1)
        if truth.get("page_type") == "article":
            f1_article.append(f1)
        title_hits += metrics.title_matches(out.title, _str(truth.get("title")))
        if truth.get("author"):
            author_n += 1
            author_hits += metrics.author_matches(out.authors, _str(truth["author"]))
        if truth.get("publish_date"):
            date_n += 1
            date_hits += metrics.date_matches(out.date, _str(truth["publish_date"]))
            latest_hits += metrics.date_matches(out.latest_date, _str(truth["publish_date"]))
    speed = len(pages) / run.cpu_seconds["wcxb-dev"] if run.cpu_seconds["wcxb-dev"] else 0.0
    return [
        f"{run.name:12} wcxb-dev ({len(pages)} pages) word F1  all {metrics.mean(f1_all):.3f}  "
        f"article {metrics.mean(f1_article):.3f} ({len(f1_article)})  {speed:,.0f} pages/CPU-s",
        f"{run.name:12} wcxb-dev metadata  title {title_hits / max(len(pages), 1):.3f} "
        f"({len(pages)})  author {author_hits / max(author_n, 1):.3f} ({author_n})  "
        f"date {date_hits / max(date_n, 1):.3f} / latest {latest_hits / max(date_n, 1):.3f} "
        f"({date_n})",
    ]


def report_kinds(pages: list[Page], pages_kinds: dict[str, str]) -> list[str]:
    """How often the default API calls a wcxb page an article, by the page's true type."""
    by_type: dict[str, list[bool]] = {}
    for page in pages:
        by_type.setdefault(str(page.truth.get("page_type")), []).append(
            pages_kinds[page.page_id] == "article"
        )
    parts = [f"{t} {sum(v) / len(v):.2f}" for t, v in sorted(by_type.items())]
    return ["ours         wcxb-dev share returned as Article: " + ", ".join(parts)]


def report_worst(run: Run, pages: list[Page], count: int) -> list[str]:
    scored = []
    for page in pages:
        out = run.outputs[(page.set_name, page.page_id)]
        f1 = metrics.word_f1(out.text, _text(page.truth))
        counts = metrics.shingle_counts(out.text, _text(page.truth))
        scored.append((f1, page, counts))
    scored.sort(key=lambda item: item[0])
    return [
        f"  {f1:.3f} {p.set_name}/{p.page_id[:16]} tp={c.tp} fp={c.fp} fn={c.fn} {p.url[:90]}"
        for f1, p, c in scored[:count]
    ]


def _text(truth: dict[str, object]) -> str:
    """The expected main text; a few wcxb pages have none (null in truth.jsonl)."""
    return str(truth.get("main_text") or "")


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=["zyte", "wcxb-dev", "all"], default="all")
    parser.add_argument("--limit", type=int, default=None, help="pages per set")
    parser.add_argument("--peers", action="store_true", help="also run trafilatura")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    args = parser.parse_args(argv)

    if not corpus_dir().is_dir():
        print(f"corpus not found at {corpus_dir()} (set PRESSROOM_CORPUS)", file=sys.stderr)
        return 2
    sets = ["zyte", "wcxb-dev"] if args.set == "all" else [args.set]
    pages_by_set = {name: load_pages(name, args.limit) for name in sets}
    loaded_rss = peak_rss_mib()

    # zyte goes through the public API as callers use it; wcxb-dev mixes page types, so
    # its text figures keep non-articles (as peers do) and the kind is reported apart.
    runs = []
    if "zyte" in pages_by_set:
        runs.append(run_extractor("ours", ours(ExtractOptions()), {"zyte": pages_by_set["zyte"]}))
    if "wcxb-dev" in pages_by_set:
        wcxb = {"wcxb-dev": pages_by_set["wcxb-dev"]}
        runs.append(run_extractor("ours", ours(ExtractOptions(keep_non_articles=True)), wcxb))
        default_run = run_extractor("ours-api", ours(ExtractOptions()), wcxb)
    rss = peak_rss_mib()

    lines: list[str] = []
    for run in runs:
        if "zyte" in run.cpu_seconds:
            lines += report_zyte(run, pages_by_set["zyte"])
        if "wcxb-dev" in run.cpu_seconds:
            lines += report_wcxb(run, pages_by_set["wcxb-dev"])
            kinds = {pid: out.kind for (_, pid), out in default_run.outputs.items()}
            lines += report_kinds(pages_by_set["wcxb-dev"], kinds)
    if "zyte" in pages_by_set:
        zyte_run = runs[0]
        articles = sum(out.kind == "article" for out in zyte_run.outputs.values())
        lines.append(f"ours         zyte returned as Article: {articles}/{len(zyte_run.outputs)}")
    lines.append(
        f"ours         peak RSS {rss:,.0f} MiB after our runs, before any peer "
        f"({loaded_rss:,.0f} MiB of it with the corpus loaded, before extracting)"
    )

    if args.peers:
        peer = trafilatura_peer()
        if peer is None:
            lines.append("trafilatura  not importable: pip install trafilatura to compare")
        else:
            peer_run = run_extractor("trafilatura", peer, pages_by_set)
            if "zyte" in pages_by_set:
                lines += report_zyte(peer_run, pages_by_set["zyte"])
            if "wcxb-dev" in pages_by_set:
                lines += report_wcxb(peer_run, pages_by_set["wcxb-dev"])
            lines.append(f"all          peak RSS {peak_rss_mib():,.0f} MiB (after peers)")

    if args.worst:
        for run in runs:
            set_name = next(iter(run.cpu_seconds))
            lines.append(f"worst pages of {run.name} on {set_name} (by word F1):")
            lines += report_worst(run, pages_by_set[set_name], args.worst)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
