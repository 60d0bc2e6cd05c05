"""Scale-out: the ingest flow with its extraction on a Dask LocalCluster."""

from __future__ import annotations

from pathlib import Path

import duckdb
from distributed import LocalCluster

from demo.server import serve_demo_site
from flows.ingest import ingest_flow


def test_ingest_on_a_dask_cluster(tmp_path: Path) -> None:
    db = tmp_path / "dask.duckdb"
    with (
        LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        serve_demo_site() as site,
    ):
        flow = ingest_flow("dask", cluster.scheduler_address)
        summary = flow(
            kind="feed", location=[site.entry_points()[3]], db=str(db), workers=1, batch_size=4
        )
    assert summary.articles_new == 10
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (10,)
    con.close()
