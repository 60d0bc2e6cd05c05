"""A page left alone because it was fetched recently still gets every spelling it is met
under recorded in ``page_urls``."""

from __future__ import annotations

from pathlib import Path

import duckdb

from demo.server import load_truth, serve_demo_site
from flows.ingest import ingest


def test_a_fresh_page_met_under_another_spelling_records_it(tmp_path: Path) -> None:
    entry, spelling = next(
        (e, v)
        for e in load_truth()
        if e["kind"] == "article"
        for v in e.get("url_variants", [])
        if v != e["url"]
    )
    config = tmp_path / "pressroom.toml"
    db = tmp_path / "w.duckdb"
    config.write_text(
        f"[warehouse]\npath = '{db}'\ndata_dir = '{tmp_path / 'data'}'\n"
        "[fetch]\nallow_hosts = ['127.0.0.1']\nper_host_delay = 0\n"
    )
    with serve_demo_site() as site:
        plain, variant = site.local_url(entry["url"]), site.local_url(spelling)
        first = ingest(kind="urls", location=[plain], config=str(config))
        second = ingest(kind="urls", location=[variant], config=str(config))
    assert (first.pages_fetched, second.pages_fetched, second.pages_skipped) == (1, 0, 1)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT url, page_id FROM page_urls ORDER BY url").fetchall()
        (page_id,) = con.execute("SELECT page_id FROM pages").fetchone() or (None,)
    assert variant in {url for url, _ in rows}
    assert {pid for _, pid in rows} == {page_id}  # every spelling maps to the one page
