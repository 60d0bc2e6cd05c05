"""The demo: serve the bundled news sites on 127.0.0.1 and ingest them through Prefect."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from demo.server import serve_demo_site
from flows.ingest import ingest_urls
from flows.runs import RunSummary
from warehouse.queries import QueryResult, run_query

EXAMPLE_QUERY = """\
SELECT site, any_value(site_name) AS site_name, count(*) AS articles,
       count(duplicate_of) AS copies_of_other_articles,
       min(published_date) AS earliest, max(published_date) AS latest
FROM articles
GROUP BY site
ORDER BY articles DESC"""


@dataclass(frozen=True, slots=True)
class DemoResult:
    summary: RunSummary
    query: str
    result: QueryResult


DEMO_PORT = 8471


def run_demo(db: str | Path = "pressroom.duckdb", first_port: int = DEMO_PORT) -> DemoResult:
    """Serve the demo sites, ingest everything their feeds and sitemaps list into ``db``,
    and run one example query on the result.

    The outlets listen on fixed ports (``first_port`` and the next two): a page's
    identity is its URL, so a second demo run meets the same pages again."""
    with serve_demo_site(first_port=first_port) as site:
        # recrawl_interval=0: a second demo run asks every page again, conditionally,
        # and the demo server's ETags answer 304 for what did not change.
        # The demo sites are on loopback, which the fetcher refuses unless allowed.
        summary = ingest_urls(
            discover_from=site.entry_points(),
            db=str(db),
            source="demo",
            recrawl_interval=0,
            allow_hosts=["127.0.0.1"],
        )
    return DemoResult(summary, EXAMPLE_QUERY, run_query(db, EXAMPLE_QUERY))
