"""The ``pressroom`` command: a thin layer over the flows, the extractor and the warehouse."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pressroom.config import SourceKind, WarehouseConfig
from tasks.records import Extraction, FetchedPage, PageError
from warehouse.connection import Warehouse

# Prefect reports usage to its authors by default; this machine, and many newsrooms',
# have no route out, and the attempt only adds noise and delay.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Without a Prefect server configured, a command starts a temporary one, whose first start
# in a new PREFECT_HOME creates its database. Prefect gives it 20 s, which a loaded
# two-core machine exceeded (the demo then failed before any page was read); 90 s is
# ample and costs nothing when the server is quick.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

app = typer.Typer(
    help="pressroom: fetch news pages, extract clean articles, deduplicate, store in DuckDB.",
    no_args_is_help=True,
    add_completion=False,
)
ingest_app = typer.Typer(
    help="Ingest pages from a source into the warehouse.", no_args_is_help=True
)
app.add_typer(ingest_app, name="ingest")

DbOption = Annotated[
    Path, typer.Option("--db", help="Path of the DuckDB warehouse file.", envvar="PRESSROOM_DB")
]
DEFAULT_DB = Path("pressroom.duckdb")
OptionalDbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The DuckDB warehouse file (default: the configuration's, else pressroom.duckdb).",
        envvar="PRESSROOM_DB",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Configuration file (default: ./pressroom.toml if present)."),
]


def _warehouse_config(config: Path | None) -> WarehouseConfig:
    from pressroom.config import ConfigError, load_config

    try:
        return load_config(config).warehouse
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _warehouse_path(db: Path | None, config: Path | None) -> Warehouse:
    """--db, else the configuration's warehouse (a file or a lake), else pressroom.duckdb."""
    return db if db is not None else _warehouse_config(config).target()


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ArticleFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    text = "text"
    markdown = "markdown"


def _print_summary(summary: object) -> None:
    from flows.runs import RunSummary

    assert isinstance(summary, RunSummary)
    typer.echo(
        "\n".join(
            [
                f"run {summary.run_id} (source {summary.source_id}) -> {summary.db}",
                f"  pages discovered   {summary.pages_discovered}",
                f"  pages fetched      {summary.pages_fetched}",
                f"  pages unchanged    {summary.pages_unchanged} (304 Not Modified)",
                f"  pages skipped      {summary.pages_skipped} (fetched within recrawl interval)",
                f"  articles stored    {summary.articles_stored}"
                f" ({summary.articles_new} new, {summary.articles_updated} updated,"
                f" {summary.articles_unchanged} unchanged)",
                f"  not articles       {summary.not_articles}",
                f"  duplicates found   {summary.duplicates}",
                f"  errors             {summary.errors}",
                f"  elapsed            {summary.elapsed_s:.1f} s",
            ]
        )
    )
    for sample in summary.error_samples[:5]:
        typer.echo(f"  error: {sample}")


@app.command()
def demo(
    db: DbOption = DEFAULT_DB,
    port: Annotated[
        int, typer.Option(help="First of the three ports the demo outlets listen on.")
    ] = 8471,
) -> None:
    """Serve the bundled demo news sites on 127.0.0.1 and ingest them into --db.

    Runs the ingest-urls flow through Prefect (a temporary local server when no
    PREFECT_API_URL is set), prints the run summary and one example query.
    """
    from pressroom.demo import run_demo
    from pressroom.output import render_rows

    try:
        result = run_demo(db, port)
    except OSError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    _print_summary(result.summary)
    typer.echo(f'\nExample query (pressroom sql --db {db} "..."):\n{result.query}\n')
    typer.echo(render_rows(result.result.columns, result.result.rows, "table"))


RecrawlOption = Annotated[
    float | None,
    typer.Option(help="Seconds before a page is fetched again (default: the source's, 1 day)."),
]
MaxPagesOption = Annotated[int | None, typer.Option(help="Fetch at most this many pages.")]
NameOption = Annotated[
    str | None, typer.Option("--source", help="Name recorded for this ad hoc source.")
]


class TaskRunner(StrEnum):
    threads = "threads"
    dask = "dask"


@ingest_app.callback()
def ingest_options(
    ctx: typer.Context,
    task_runner: Annotated[
        TaskRunner,
        typer.Option(help="Where extraction runs: threads and a process pool here, or Dask."),
    ] = TaskRunner.threads,
    dask_address: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address (default: a local cluster, one worker per core)."
        ),
    ] = None,
) -> None:
    """Ingest pages from a source into the warehouse."""
    ctx.obj = (task_runner, dask_address)


def _ingest(
    ctx: typer.Context,
    kind: SourceKind | None,
    locations: list[str],
    *,
    name: str | None,
    db: Path | None,
    config: Path | None,
    recrawl_interval: float | None = None,
    max_pages: int | None = None,
) -> None:
    from flows.ingest import ingest_flow
    from pressroom.config import ConfigError
    from warehouse.connection import WarehouseError

    runner, dask_address = ctx.obj or (TaskRunner.threads, None)
    dask = runner is TaskRunner.dask
    flow = ingest_flow("dask" if dask else "threads", dask_address)
    try:
        summary = flow(
            source=name,
            kind=kind,
            location=locations or None,
            config=str(config) if config else None,
            db=str(db) if db else None,
            recrawl_interval=recrawl_interval,
            max_pages=max_pages,
            workers=1 if dask else 0,
        )
    except (ConfigError, FileNotFoundError, WarehouseError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    _print_summary(summary)


@ingest_app.command("source")
def ingest_source_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A source named in the configuration file.")],
    config: ConfigOption = None,
    db: OptionalDbOption = None,
    recrawl_interval: RecrawlOption = None,
    max_pages: MaxPagesOption = None,
) -> None:
    """Ingest a source declared in pressroom.toml, by the name of its sources entry."""
    _ingest(
        ctx,
        None,
        [],
        name=name,
        db=db,
        config=config,
        recrawl_interval=recrawl_interval,
        max_pages=max_pages,
    )


@ingest_app.command("feed")
def ingest_feed_command(
    ctx: typer.Context,
    locations: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.")],
    source: NameOption = None,
    config: ConfigOption = None,
    db: OptionalDbOption = None,
    recrawl_interval: RecrawlOption = None,
    max_pages: MaxPagesOption = None,
) -> None:
    """Fetch every page an RSS or Atom feed lists."""
    _ingest(
        ctx,
        "feed",
        locations,
        name=source,
        db=db,
        config=config,
        recrawl_interval=recrawl_interval,
        max_pages=max_pages,
    )


@ingest_app.command("sitemap")
def ingest_sitemap_command(
    ctx: typer.Context,
    locations: Annotated[list[str], typer.Argument(help="Sitemap or sitemap-index URLs.")],
    source: NameOption = None,
    config: ConfigOption = None,
    db: OptionalDbOption = None,
    recrawl_interval: RecrawlOption = None,
    max_pages: MaxPagesOption = None,
) -> None:
    """Fetch every page a sitemap lists (indexes, gzip and Google News sitemaps included)."""
    _ingest(
        ctx,
        "sitemap",
        locations,
        name=source,
        db=db,
        config=config,
        recrawl_interval=recrawl_interval,
        max_pages=max_pages,
    )


@ingest_app.command("urls")
def ingest_urls_command(
    ctx: typer.Context,
    urls: Annotated[list[str] | None, typer.Argument(help="Page URLs to fetch.")] = None,
    file: Annotated[
        list[Path] | None, typer.Option("--file", "-f", help="A file with one URL per line.")
    ] = None,
    source: NameOption = None,
    config: ConfigOption = None,
    db: OptionalDbOption = None,
    recrawl_interval: RecrawlOption = None,
    max_pages: MaxPagesOption = None,
) -> None:
    """Fetch the given page URLs (and those listed in --file FILE)."""
    locations = [*(urls or []), *(str(f) for f in file or [])]
    if not locations:
        raise typer.BadParameter("give URLs or --file FILE")
    _ingest(
        ctx,
        "urls",
        locations,
        name=source,
        db=db,
        config=config,
        recrawl_interval=recrawl_interval,
        max_pages=max_pages,
    )


@ingest_app.command("dir")
def ingest_dir_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="Folders of saved pages (.html, .htm, .html.gz).")
    ],
    source: NameOption = None,
    config: ConfigOption = None,
    db: OptionalDbOption = None,
) -> None:
    """Extract and store every saved HTML page under the folders (recursively)."""
    _ingest(ctx, "dir", [str(p) for p in paths], name=source, db=db, config=config)


@ingest_app.command("warc")
def ingest_warc_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="WARC files (.warc or .warc.gz).")],
    source: NameOption = None,
    config: ConfigOption = None,
    db: OptionalDbOption = None,
) -> None:
    """Extract and store the HTML pages (response and resource records) of WARC files."""
    _ingest(ctx, "warc", [str(p) for p in paths], name=source, db=db, config=config)


@app.command()
def serve(config: ConfigOption = None) -> None:
    """Serve the deployments of every source in pressroom.toml (with their cron schedules)
    and the nightly maintenance flow from this process, until stopped.

    Runs can then be started from the Prefect UI or the API; schedules stay active when
    this process restarts.
    """
    from deployments.serve import serve_deployments

    serve_deployments(str(config or "pressroom.toml"))


@app.command()
def reprocess(
    source: Annotated[str | None, typer.Option(help="Only pages of this source.")] = None,
    outdated_only: Annotated[
        bool, typer.Option(help="Only pages not yet extracted by the current extractor.")
    ] = False,
    db: OptionalDbOption = None,
    config: ConfigOption = None,
) -> None:
    """Re-extract archived pages with the current extractor, without fetching them again."""
    from flows.reprocess import reprocess as reprocess_flow

    _print_summary(
        reprocess_flow(
            db=str(db) if db else None,
            config=str(config) if config else None,
            source=source,
            outdated_only=outdated_only,
        )
    )


@app.command()
def sql(
    query: Annotated[
        str, typer.Argument(help='The SQL to run, e.g. "select count(*) from articles".')
    ],
    format: Annotated[RowFormat, typer.Option("--format", help="Output format.")] = RowFormat.table,
    db: OptionalDbOption = None,
    config: ConfigOption = None,
) -> None:
    """Run a SQL query on the warehouse (opened read-only) and print the result."""
    import duckdb

    from pressroom.output import render_rows
    from warehouse.connection import WarehouseError
    from warehouse.queries import run_query

    try:
        result = run_query(_warehouse_path(db, config), query)
    except (WarehouseError, duckdb.Error) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(render_rows(result.columns, result.rows, format.value), nl=False)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for in titles and texts.")],
    source: Annotated[str | None, typer.Option(help="Only articles of this source.")] = None,
    since: Annotated[
        dt.datetime | None,
        typer.Option(
            help="Only articles published (or first seen) on or after this date.",
            formats=["%Y-%m-%d"],
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="How many articles to show.", min=1)] = 20,
    format: Annotated[RowFormat, typer.Option("--format", help="Output format.")] = RowFormat.table,
    db: OptionalDbOption = None,
    config: ConfigOption = None,
) -> None:
    """Full-text search (BM25) over the articles' titles and texts, best match first.

    The index is refreshed at the end of every ingest run; copies of a story are left out.
    """
    from pressroom.output import render_rows
    from warehouse.connection import WarehouseError
    from warehouse.search import search_articles

    try:
        settings = _warehouse_config(config)
        result = search_articles(
            settings.search_index(settings.target(db)),
            query,
            source=source,
            since=since.date() if since else None,
            limit=limit,
        )
    except WarehouseError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(render_rows(result.columns, result.rows, format.value), nl=False)


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(help="Saved pages (.html, .htm, .html.gz) or http(s) URLs.")
    ],
    format: Annotated[
        ArticleFormat, typer.Option("--format", help="Output format.")
    ] = ArticleFormat.text,
    url: Annotated[
        str | None, typer.Option(help="The page's address, to resolve links (one file only).")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Print the article extracted from each saved page or URL, in input order.

    With --format jsonl, exactly one JSON object per input (json: one array); a page
    that fails or is not an article still gets its record, saying so. URLs are fetched
    politely with the configuration's [fetch] settings.
    """
    from pressroom.output import render_extractions

    if url is not None and len(inputs) != 1:
        raise typer.BadParameter("--url goes with exactly one file")
    results = [(source, _extract_one(source, page, url)) for source, page in _pages(inputs, config)]
    sys.stdout.write(render_extractions(results, format.value))


def _pages(inputs: list[str], config: Path | None) -> list[tuple[str, FetchedPage]]:
    """Each input as a page: files read from disk, URLs fetched together; input order kept."""
    from flows.ingest import fetch_settings
    from pressroom.config import load_config
    from tasks.fetch import fetch_pages_sync
    from tasks.load import load_files

    urls = [i for i in inputs if i.startswith(("http://", "https://"))]
    fetched = (
        dict(
            zip(
                urls, fetch_pages_sync(urls, fetch_settings(load_config(config), None)), strict=True
            )
        )
        if urls
        else {}
    )
    files = iter(load_files([Path(i) for i in inputs if i not in fetched]))
    return [(i, fetched[i] if i in fetched else next(files)) for i in inputs]


def _extract_one(source: str, page: FetchedPage, url: str | None) -> Extraction | PageError:
    from tasks.extract import extract_article
    from tasks.pipeline import extract_page

    if url is not None and page.ok:
        return extract_article(page.body or b"", url)
    result = extract_page(page)
    if result is None:  # pragma: no cover - no validators are sent, so no 304 can come
        return PageError(source, "fetch", "NotModified", "the server answered 304")
    return result


def main() -> None:  # pragma: no cover - the console script calls app directly
    app()
