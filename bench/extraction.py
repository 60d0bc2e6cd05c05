"""Benchmark the article extractor on the evaluation corpus and print its figures.

    .venv/bin/python bench/extraction.py [--set zyte|wcxb-dev|all] [--limit N] [--peers]
    .venv/bin/python bench/extraction.py --set zyte --worst 15   # pages to look at

Accuracy metrics are those of the corpus README (see bench/metrics.py). Speed is pages
per CPU-second of the extraction call alone (decompressing is not timed), after each
extractor has read one small page untimed (``WARM_UP``, the same for all), so that work done
once per process (compiling patterns, building tables) is not charged to the first
corpus page: the figure is the throughput of a long-running ingest. With
``--peers`` trafilatura, readability-lxml and resiliparse (bench/requirements-peers.txt)
run on the same pages in the same process, and the table, with each figure's ratio to
trafilatura's, is written as Markdown and JSON to bench/results/.

The zyte speeds of a run with peers are taken first, before anything has read a corpus
page, with the extractors interleaved: each page goes to every extractor in turn, the
order rotating from page to page (``interleaved_speeds``). A machine whose speed drifts
during the run then slows them all alike; timed one after the other, each extractor met
a different machine, and on a shared one the ratios swung by half from run to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata
import json
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import metrics
from tasks.extract import EXTRACTOR_VERSION, ExtractOptions, extract_article
from tasks.extract.core import FAILED
from tasks.extract.guard import REFUSED
from tasks.records import Article

RESULTS_DIR = Path(__file__).resolve().parent / "results"
PAGE_TYPES = ("article", "service", "product", "collection", "forum", "listing", "documentation")
REFERENCE = "trafilatura"


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
    # Why the extractor gave up on the page: it raised, or refused the page as hostile.
    failure: str | None = None


@dataclass(slots=True)
class Run:
    name: str
    outputs: dict[tuple[str, str], Output] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    # Per set: the CPU seconds of the slowest page, and its id.
    slowest: dict[str, tuple[float, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Peer:
    """An extractor to compare against; ``fields`` are the metadata it reports."""

    name: str
    version: str
    extract: Extractor
    fields: frozenset[str]


Extractor = Callable[[Page], Output]
Figures = dict[str, float | None]

# Read by every extractor before its timed pages (see the module's docstring).
WARM_UP = Page(
    "warm-up",
    "warm-up",
    "https://news.example.org/2026/11/28/ferry-timetable",
    (
        b"<!doctype html><html lang=en><head><meta charset=utf-8>"
        b"<title>Winter ferry timetable published | Harbour News</title>"
        b'<meta property="og:title" content="Winter ferry timetable published"></head><body>'
        b"<nav><a href=/>Home</a> <a href=/local>Local</a></nav><article>"
        b"<h1>Winter ferry timetable published</h1><p class=byline>By Ana Ortiz</p>"
        b"<time datetime=2026-11-28>28 November 2026</time>"
        b"<p>The island ferry will sail four times a day from December, the operator said, "
        b"with an extra evening crossing on Fridays while the bridge is closed.</p>"
        b"<p>Season tickets bought before the change stay valid, and the first morning "
        b"sailing moves half an hour earlier to meet the school bus on the mainland.</p>"
        b"<p>The timetable is posted at both terminals and runs until the end of March.</p>"
        b"</article><footer>Subscribe to our newsletter</footer></body></html>"
    ),
    {},
)


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
        failure = result.reason if result.reason.startswith((FAILED, REFUSED)) else None
        return Output("", result.title, (), None, result.page_kind, failure=failure)

    return run


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def trafilatura_peer(with_metadata: bool = True) -> Peer | None:
    """trafilatura as pressroom is used: text and metadata. ``with_metadata=False`` is
    its text-only default (``extract()``), faster by about a third: the figure issue 3
    took its ~59 pages per CPU-second from."""
    try:
        import trafilatura  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None

    def run(page: Page) -> Output:
        doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=with_metadata)
        if doc is None:
            return Output("", None, (), None, "other")
        author = getattr(doc, "author", None)
        authors = tuple(a.strip() for a in author.split(";")) if author else ()
        date = getattr(doc, "date", None)
        return Output(
            getattr(doc, "text", None) or "",
            getattr(doc, "title", None),
            authors,
            date,
            "article",
            date,
        )

    if not with_metadata:
        return Peer("trafilatura, text only", _version("trafilatura"), run, frozenset())
    fields = frozenset({"title", "author", "date"})
    return Peer("trafilatura", _version("trafilatura"), run, fields)


def trafilatura_text_peer() -> Peer | None:
    return trafilatura_peer(with_metadata=False)


def readability_peer() -> Peer | None:
    try:
        import lxml.html  # type: ignore[import-not-found, import-untyped, unused-ignore]
        from readability import Document  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None

    def run(page: Page) -> Output:
        try:
            doc = Document(page.html, url=page.url)
            summary = doc.summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
            return Output(text, doc.short_title() or None, (), None, "article")
        except Exception:  # a peer failing on a page scores that page as empty
            return Output("", None, (), None, "other")

    return Peer("readability", _version("readability-lxml"), run, frozenset({"title"}))


def resiliparse_peer() -> Peer | None:
    try:
        from resiliparse.extract.html2text import (  # type: ignore[import-not-found, import-untyped, unused-ignore]
            extract_plain_text,
        )
        from resiliparse.parse.encoding import (  # type: ignore[import-not-found, import-untyped, unused-ignore]
            detect_encoding,
        )
        from resiliparse.parse.html import HTMLTree  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None

    def run(page: Page) -> Output:
        tree = HTMLTree.parse_from_bytes(page.html, detect_encoding(page.html) or "utf-8")
        text = extract_plain_text(tree, main_content=True)
        return Output(text, tree.title or None, (), None, "article")

    return Peer("resiliparse", _version("resiliparse"), run, frozenset({"title"}))


def interleaved_speeds(extractors: dict[str, Extractor], pages: list[Page]) -> dict[str, float]:
    """Pages per CPU-second of each extractor on ``pages``, each page handed to every
    extractor in turn, the first of them rotating from page to page (see the module's
    docstring). Each extractor reads ``WARM_UP`` first, untimed."""
    names = list(extractors)
    spent = dict.fromkeys(names, 0.0)
    for extractor in extractors.values():
        extractor(WARM_UP)
    for index, page in enumerate(pages):
        for turn in range(len(names)):
            name = names[(index + turn) % len(names)]
            start = time.process_time()
            extractors[name](page)
            spent[name] += time.process_time() - start
    return {name: len(pages) / seconds if seconds else 0.0 for name, seconds in spent.items()}


def run_extractor(name: str, extractor: Extractor, pages_by_set: dict[str, list[Page]]) -> Run:
    run = Run(name)
    extractor(WARM_UP)
    for set_name, pages in pages_by_set.items():
        spent = 0.0
        slowest = (0.0, "")
        for page in pages:
            start = time.process_time()
            output = extractor(page)
            took = time.process_time() - start
            spent += took
            slowest = max(slowest, (took, page.page_id))
            run.outputs[(set_name, page.page_id)] = output
        run.cpu_seconds[set_name] = spent
        run.slowest[set_name] = slowest
    return run


def _speed(run: Run, set_name: str, pages: int) -> float:
    spent = run.cpu_seconds.get(set_name, 0.0)
    return pages / spent if spent else 0.0


def zyte_figures(run: Run, pages: list[Page], speed: float | None = None) -> Figures:
    """The zyte figures of ``run``; its speed is ``speed`` where that was measured apart
    (``interleaved_speeds``)."""
    counts = [
        metrics.shingle_counts(run.outputs[("zyte", p.page_id)].text, _text(p.truth)) for p in pages
    ]
    score = metrics.shingle_score(counts)
    return {
        "zyte F1": score.f1,
        "zyte P": score.precision,
        "zyte R": score.recall,
        "zyte accuracy": score.accuracy,
        "zyte pages/CPU-s": speed if speed is not None else _speed(run, "zyte", len(pages)),
    }


def wcxb_figures(run: Run, pages: list[Page], fields: frozenset[str]) -> Figures:
    by_type: dict[str, list[float]] = {}
    f1_all: list[float] = []
    hits = {"title": 0, "author": 0, "date": 0}
    totals = {"title": len(pages), "author": 0, "date": 0}
    for page in pages:
        out = run.outputs[("wcxb-dev", page.page_id)]
        truth = page.truth
        f1 = metrics.word_f1(out.text, _text(truth))
        f1_all.append(f1)
        by_type.setdefault(str(truth.get("page_type")), []).append(f1)
        hits["title"] += metrics.title_matches(out.title, _str(truth.get("title")))
        if truth.get("author"):
            totals["author"] += 1
            hits["author"] += metrics.author_matches(out.authors, _str(truth["author"]))
        if truth.get("publish_date"):
            totals["date"] += 1
            hits["date"] += metrics.date_matches(out.date, _str(truth["publish_date"]))
    figures: Figures = {"wcxb F1 all": metrics.mean(f1_all)}
    for page_type in PAGE_TYPES:
        values = by_type.get(page_type)
        figures[f"wcxb F1 {page_type}"] = metrics.mean(values) if values else None
    for name in ("title", "author", "date"):
        usable = name in fields and totals[name]
        figures[f"wcxb {name}"] = hits[name] / totals[name] if usable else None
    figures["wcxb pages/CPU-s"] = _speed(run, "wcxb-dev", len(pages))
    return figures


def report_failures_and_slowest(run: Run, set_name: str) -> str:
    """The pages the extractor gave up on (it raised, or refused them) and its slowest
    page: issue 3 asks for none of the former and no page over a second."""
    failures = [
        out.failure
        for (page_set, _), out in run.outputs.items()
        if page_set == set_name and out.failure
    ]
    seconds, page_id = run.slowest[set_name]
    shown = f" ({'; '.join(sorted(set(failures))[:3])})" if failures else ""
    return (
        f"{run.name} {set_name}: {len(failures)} pages failed or refused{shown},"
        f" slowest page {seconds * 1000:.0f} ms CPU ({page_id})"
    )


def report_kinds(pages: list[Page], pages_kinds: dict[str, str]) -> list[str]:
    """How often the default API calls a wcxb page an article, by the page's true type."""
    by_type: dict[str, list[bool]] = {}
    for page in pages:
        by_type.setdefault(str(page.truth.get("page_type")), []).append(
            pages_kinds[page.page_id] == "article"
        )
    parts = [f"{t} {sum(v) / len(v):.2f}" for t, v in sorted(by_type.items())]
    return ["ours wcxb-dev share returned as Article: " + ", ".join(parts)]


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


def format_tables(table: dict[str, Figures]) -> list[str]:
    """Markdown tables (zyte; wcxb-dev text; wcxb-dev metadata and speed), one row per
    extractor, each figure with its ratio to trafilatura's when trafilatura ran."""
    columns = list(dict.fromkeys(key for figures in table.values() for key in figures))
    groups = (
        [c for c in columns if c.startswith("zyte")],
        [c for c in columns if c.startswith("wcxb F1")],
        [c for c in columns if c.startswith("wcxb") and not c.startswith("wcxb F1")],
    )
    out: list[str] = []
    for group in groups:
        if group:
            out += [*format_table(table, group), ""]
    return out[:-1]


def format_table(table: dict[str, Figures], columns: list[str]) -> list[str]:
    reference = table.get(REFERENCE, {})
    lines = [
        "| extractor | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for name, figures in table.items():
        cells = []
        for column in columns:
            value, base = figures.get(column), reference.get(column)
            if value is None:
                cells.append("—")
                continue
            shown = f"{value:,.0f}" if "pages/CPU-s" in column else f"{value:.3f}"
            if base and name != REFERENCE:
                shown += f" ({value / base:.2f}x)"
            cells.append(shown)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def machine() -> dict[str, str]:
    packages = ("selectolax", "lxml", "trafilatura", "readability-lxml", "resiliparse")
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "pressroom extractor": EXTRACTOR_VERSION,
        **{package: _version(package) for package in packages},
    }


def write_results(table: dict[str, Figures], lines: list[str], info: dict[str, str]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    markdown = RESULTS_DIR / "extraction.md"
    header = [
        "# Extraction benchmark",
        "",
        "Written by `bench/extraction.py --peers`; figures as defined in the corpus README.",
        "Ratios in brackets (x) are to trafilatura's figure in the same run.",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
        "",
    ]
    markdown.write_text("\n".join([*header, *lines, ""]), encoding="utf-8")
    payload = {"machine": info, "figures": table}
    (RESULTS_DIR / "extraction.json").write_text(json.dumps(payload, indent=2) + "\n")
    return markdown


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
    parser.add_argument(
        "--peers", action="store_true", help="also run trafilatura, readability, resiliparse"
    )
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    args = parser.parse_args(argv)

    if not corpus_dir().is_dir():
        print(f"corpus not found at {corpus_dir()} (set PRESSROOM_CORPUS)", file=sys.stderr)
        return 2
    sets = ["zyte", "wcxb-dev"] if args.set == "all" else [args.set]
    pages_by_set = {name: load_pages(name, args.limit) for name in sets}
    zyte, wcxb = pages_by_set.get("zyte"), pages_by_set.get("wcxb-dev")

    # zyte goes through the public API as callers use it; wcxb-dev mixes page types, so
    # its text figures keep non-articles (as peers do) and the kind is reported apart.
    table: dict[str, Figures] = {}
    lines: list[str] = []
    peers: list[Peer] = []
    if args.peers:
        makers = (trafilatura_peer, trafilatura_text_peer, readability_peer, resiliparse_peer)
        for make in makers:
            peer = make()
            if peer is None:
                lines.append(f"{make.__name__}: not importable (bench/requirements-peers.txt)")
            else:
                peers.append(peer)
    speeds: dict[str, float] = {}
    if zyte and peers:
        timed = {"ours": ours(ExtractOptions()), **{peer.name: peer.extract for peer in peers}}
        speeds = interleaved_speeds(timed, zyte)
        lines.append("zyte pages/CPU-s: all extractors interleaved page by page, before the rest")
    ours_runs: dict[str, Run] = {}
    figures: Figures = {}
    if zyte:
        ours_runs["zyte"] = run_extractor("ours", ours(ExtractOptions()), {"zyte": zyte})
        figures |= zyte_figures(ours_runs["zyte"], zyte, speeds.get("ours"))
    if wcxb:
        keep = ours(ExtractOptions(keep_non_articles=True))
        ours_runs["wcxb-dev"] = run_extractor("ours", keep, {"wcxb-dev": wcxb})
        figures |= wcxb_figures(ours_runs["wcxb-dev"], wcxb, frozenset({"title", "author", "date"}))
        api = run_extractor("ours-api", ours(ExtractOptions()), {"wcxb-dev": wcxb})
        lines += report_kinds(wcxb, {pid: out.kind for (_, pid), out in api.outputs.items()})
    if zyte:
        articles = sum(out.kind == "article" for out in ours_runs["zyte"].outputs.values())
        lines.append(f"ours zyte returned as Article: {articles}/{len(zyte)}")
    for set_name, run in ours_runs.items():
        lines.append(report_failures_and_slowest(run, set_name))
    rss = f"{peak_rss_mib():,.0f} MiB"
    if speeds:  # the peers ran in this process already: the peak is no longer ours alone
        lines.append(f"peak RSS {rss} of the process, the interleaved zyte pass included")
    else:
        lines.append(f"ours peak RSS {rss} before any peer")
    table["ours"] = figures

    for peer in peers:
        run = run_extractor(peer.name, peer.extract, pages_by_set)
        figures = {}
        if zyte:
            figures |= zyte_figures(run, zyte, speeds.get(peer.name))
        if wcxb:
            figures |= wcxb_figures(run, wcxb, peer.fields)
        table[f"{peer.name}"] = figures
        lines.append(f"{peer.name} {peer.version}")

    output = [*format_tables(table), "", *lines]
    if args.peers and args.limit is None and args.set == "all":
        output.append(f"written to {write_results(table, output, machine())}")
    for set_name, run in ours_runs.items():
        if args.worst:
            output.append(f"worst pages of ours on {set_name} (by word F1):")
            output += report_worst(run, pages_by_set[set_name], args.worst)
    print("\n".join(output))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
