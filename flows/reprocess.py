"""Re-extract stored pages from their archived responses with the current extractor.

Nothing is fetched: each page's last response is read back from the WARC file and
offset recorded in ``pages``, extracted, deduplicated and stored again, so an improved
extractor reaches the whole warehouse. Articles record the ``extractor_version``.
"""

from __future__ import annotations

import datetime as dt
import time
from itertools import groupby
from pathlib import Path
from typing import Annotated

from prefect import flow, get_run_logger
from pydantic import Field

from flows.runs import RunSummary, batched, open_run, process_batch, recorded
from pressroom.config import load_config
from tasks.archive import read_record
from tasks.dedupe import DedupeSettings
from tasks.extract import EXTRACTOR_VERSION
from tasks.fetch import FetchSettings
from tasks.pipeline import URLGroup
from tasks.records import FetchedPage
from warehouse.queries import ArchivedPage, archived_pages
from warehouse.staging import connect_when_free


def _replay(page: ArchivedPage) -> FetchedPage:
    """The archived response as a fetched page, or a page that says why it is unreadable."""
    try:
        record = read_record(page.archive_path, page.archive_offset)
    except (OSError, ValueError) as exc:
        return FetchedPage(
            url=page.canonical_url,
            final_url=page.canonical_url,
            status=None,
            body=None,
            content_type=None,
            fetched_at=dt.datetime.now(dt.UTC),
            elapsed_ms=0.0,
            error_class="ArchiveUnreadable",
            error_message=f"{page.archive_path}@{page.archive_offset}: {exc}",
        )
    return FetchedPage(
        url=record.url,
        final_url=record.url,
        status=record.status,
        body=record.body,
        content_type=record.content_type,
        fetched_at=record.fetched_at,
        elapsed_ms=0.0,
        headers=record.headers,
        archive_path=page.archive_path,
        archive_offset=page.archive_offset,
    )


@flow(name="reprocess")
def reprocess(
    db: Annotated[
        str | None, Field(description="Warehouse file (default: the configuration's).")
    ] = None,
    config: Annotated[
        str | None, Field(description="Path of pressroom.toml (default: ./pressroom.toml).")
    ] = None,
    source: Annotated[str | None, Field(description="Only pages of this source.")] = None,
    fetched_since: Annotated[
        dt.datetime | None, Field(description="Only pages last fetched at or after this time.")
    ] = None,
    fetched_until: Annotated[
        dt.datetime | None, Field(description="Only pages last fetched before this time.")
    ] = None,
    outdated_only: Annotated[
        bool, Field(description="Only pages not yet extracted by the current extractor.")
    ] = False,
    batch_size: Annotated[int, Field(ge=1, le=10_000, description="Pages per batch.")] = 200,
    near_duplicate_threshold: Annotated[float, Field(gt=0, le=1)] = 0.8,
) -> RunSummary:
    """Re-extract archived pages with the current extractor and store the results."""
    logger = get_run_logger()
    started = time.perf_counter()
    settings = load_config(config).warehouse
    target = settings.target(db)
    with connect_when_free(target, read_only=True) as con:
        selected = archived_pages(
            con,
            source=source,
            fetched_since=fetched_since,
            fetched_until=fetched_until,
            other_than_version=EXTRACTOR_VERSION if outdated_only else None,
        )
    run = open_run(
        target,
        "reprocess",
        "reprocess",
        f"source={source or '*'} extractor={EXTRACTOR_VERSION}",
        FetchSettings(),
        DedupeSettings(threshold=near_duplicate_threshold),
        Path(settings.data_dir) if config or db is None else None,
        batch_size,
    )
    run.summary.pages_discovered = len(selected)
    run.batches_total = sum(
        -(-sum(1 for _ in pages) // batch_size)
        for _, pages in groupby(
            sorted(selected, key=lambda p: p.source_id), key=lambda p: p.source_id
        )
    )
    logger.info(
        "%d archived pages to re-extract with extractor %s", len(selected), EXTRACTOR_VERSION
    )
    with recorded(run, started):
        by_source = sorted(selected, key=lambda p: p.source_id)
        for source_id, archived in groupby(by_source, key=lambda p: p.source_id):
            for batch in batched(archived, batch_size):
                groups = [URLGroup(p.canonical_url, (p.canonical_url,)) for p in batch]
                pages = [_replay(p) for p in batch]
                process_batch(run, groups, pages, source_id=source_id, replayed=True)
    return run.summary
