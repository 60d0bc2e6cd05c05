"""The README's main job, as a user runs it: `pressroom demo`, then `sql` and `extract`."""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from demo.server import load_truth, serve_demo_site, site_root

PRESSROOM = [sys.executable, "-m", "pressroom"]


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PRESSROOM, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _free_port_base(count: int = 3) -> int:
    """A port p such that p .. p+count-1 are free on 127.0.0.1 now."""
    for _ in range(50):
        base = random.randint(20000, 60000)
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free run of ports on 127.0.0.1")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    cwd = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "PREFECT_HOME": str(cwd / "prefect-home"),  # ephemeral Prefect, its own database
        "PREFECT_API_URL": "",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    return cwd, env


def test_demo_twice_then_sql_and_extract(workdir: tuple[Path, dict[str, str]]) -> None:
    cwd, env = workdir
    port = str(_free_port_base())
    first = _run(["demo", "--port", port], env, cwd)
    assert first.returncode == 0, first.stderr[-3000:]
    assert (cwd / "pressroom.duckdb").exists()  # the default path, in the working directory
    for label in (
        "pages discovered",
        "pages fetched",
        "articles stored",
        "duplicates found",
        "errors",
        "elapsed",
    ):
        assert label in first.stdout
    assert "Example query" in first.stdout and "site_name" in first.stdout
    stored = int(re.search(r"articles stored\s+(\d+)", first.stdout)[1])  # type: ignore[index]
    assert stored >= 40

    count = _run(["sql", "select count(*) as n from articles", "--format", "json"], env, cwd)
    assert count.returncode == 0, count.stderr
    assert json.loads(count.stdout) == [{"n": stored}]

    second = _run(["demo", "--port", port], env, cwd)
    assert second.returncode == 0, second.stderr[-3000:]
    fetched = int(re.search(r"pages fetched\s+(\d+)", first.stdout)[1])  # type: ignore[index]
    assert re.search(r"pages unchanged\s+(\d+)", second.stdout)[1] == str(fetched)  # type: ignore[index]
    assert "0 new" in second.stdout
    again = _run(["sql", "select count(*) as n from articles", "--format", "csv"], env, cwd)
    assert again.stdout == f"n\n{stored}\n"

    found = _run(["search", "quays raised harbour", "--format", "json"], env, cwd)
    assert found.returncode == 0, found.stderr
    titles = [row["title"] for row in json.loads(found.stdout)]
    assert titles and "quays" in titles[0].lower()
    assert len([t for t in titles if "quays" in t.lower()]) == 1  # the syndicated copy is left out


def test_sql_reports_a_bad_query_clearly(workdir: tuple[Path, dict[str, str]]) -> None:
    cwd, env = workdir
    result = _run(
        ["sql", "select * from no_such_table", "--db", str(cwd / "missing.duckdb")], env, cwd
    )
    assert result.returncode == 1
    assert "missing.duckdb" in result.stderr


def test_extract_prints_title_authors_date_and_text(workdir: tuple[Path, dict[str, str]]) -> None:
    cwd, env = workdir
    truth = next(t for t in load_truth() if t["kind"] == "article" and t["authors"])
    rest = truth["url"].split("://", 1)[1]
    page = site_root() / rest.split("?")[0] / "index.html"
    result = _run(["extract", str(page)], env, cwd)
    assert result.returncode == 0, result.stderr
    assert truth["title"] in result.stdout
    assert truth["authors"][0] in result.stdout
    assert truth["published"] in result.stdout
    assert truth["must_contain"][0] in result.stdout

    listing = site_root() / "news.meridiancourier.example" / "world" / "index.html"
    with serve_demo_site() as site:
        live = site.local_url(truth["url"])
        gone = site.local_url("https://www.tidewaterledger.example/no-such-story/")
        inputs = [str(page), str(cwd / "nope.html"), live, str(listing), gone]
        lines = _run(["extract", *inputs, "--format", "jsonl"], env, cwd)
    records = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [r["input"] for r in records] == inputs  # one line per input, in input order
    assert [r["status"] for r in records] == ["article", "error", "article", "not_article", "error"]
    assert records[0]["title"] == records[2]["title"] == truth["title"]
    assert records[0]["authors"] == truth["authors"]
    assert records[3]["page_kind"] == "listing" and records[3]["reason"]
    assert "404" in records[4]["message"]

    as_json = json.loads(_run(["extract", str(page), "--format", "json"], env, cwd).stdout)
    assert [r["title"] for r in as_json] == [truth["title"]]
    markdown = _run(["extract", str(page), "--format", "markdown"], env, cwd).stdout
    assert markdown.startswith(f"# {truth['title']}\n")
    assert truth["must_contain"][0] in markdown
