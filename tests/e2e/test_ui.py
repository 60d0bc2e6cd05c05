"""The Prefect UI, driven as a person would (Debian's chromium through Playwright): run
served pressroom deployments from their pages, by "Quick run" and by "Custom run" with a
parameter changed in the form, and find the results in the warehouse.

The browser is the system's ``/usr/bin/chromium`` (``scripts/test.sh`` installs Debian's
package); Playwright never downloads one here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Response, expect, sync_playwright

from tests.e2e.prefect_fixtures import (
    Served,
    deployment_id,
    query,
    tail,
    wait_for_final_state,
    wait_for_log,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
UI_TIMEOUT_MS = 30_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (scripts/test.sh installs it)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(UI_TIMEOUT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def _is_created_flow_run(response: Response) -> bool:
    return response.request.method == "POST" and response.url.endswith("/create_flow_run")


def _create_flow_run(page: Page, ask: Callable[[], None]) -> dict[str, Any]:
    """The flow run that ``ask`` (clicks in the UI) creates. A busy SQLite answers 503
    ("retry"): the Python client retries by itself, the UI does not, so a person would
    click again; so does this, a few times."""
    for _ in range(3):
        with page.expect_response(_is_created_flow_run) as created:
            ask()
        response = created.value
        if response.status != 503:
            break
        page.wait_for_timeout(2000)
    assert response.status == 201, response.text()
    flow_run: dict[str, Any] = response.json()
    return flow_run


def _open_deployment(page: Page, served: Served, name: str) -> None:
    """From the UI's home, through the Deployments list, to the deployment ``name``."""
    page.goto(served.server.url + "/")
    expect(page).to_have_url(re.compile(r"/v2/"))  # the root sends browsers to the new UI
    page.get_by_role("link", name="Deployments", exact=True).first.click()
    page.get_by_role("link", name=name, exact=True).first.click()
    expect(page.get_by_text(name, exact=True).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/v2/deployments/deployment/[0-9a-f-]+"))


def _wait_completed(served: Served, flow_run_id: str) -> dict[str, Any]:
    with served.server.client() as api:
        run = wait_for_final_state(api, flow_run_id, log=served.log)
    assert run["state"]["type"] == "COMPLETED", tail(served.log)
    return run


def _screenshot_run_page(page: Page, served: Served, flow_run_id: str, file: str) -> None:
    summary = f"run {flow_run_id}:"
    with served.server.client() as api:  # the closing line is stored before the page loads
        wait_for_log(api, flow_run_id, summary)
    page.goto(f"{served.server.url}/v2/runs/flow-run/{flow_run_id}")
    expect(page.get_by_text("Completed").first).to_be_visible()
    # The flow's closing log line (its summary), read back from the server: the page is whole.
    expect(page.get_by_text(summary, exact=False).first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / file), full_page=True)


def test_quick_run_from_the_deployment_page(page: Page, served: Served) -> None:
    _open_deployment(page, served, "ingest-ledger")

    def quick_run() -> None:
        page.get_by_role("button", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Quick run").click()

    flow_run = _create_flow_run(page, quick_run)
    with served.server.client() as api:
        assert flow_run["deployment_id"] == deployment_id(api, "ingest", "ingest-ledger")
    run = _wait_completed(served, flow_run["id"])
    assert run["parameters"] == {"source": "ledger", "config": str(served.config)}

    rows = query(
        served.db,
        "SELECT source_id, status, pages_fetched FROM runs WHERE run_id = ?",
        [flow_run["id"]],
    )
    assert len(rows) == 1 and rows[0][:2] == ("ledger", "completed")
    assert rows[0][2] > 2  # the whole feed, not a handful
    (articles,) = query(served.db, "SELECT count(*) FROM articles WHERE source_id = 'ledger'")[0]
    assert articles > 2
    _screenshot_run_page(page, served, flow_run["id"], "quick-run.png")


def test_custom_run_with_a_parameter_changed_in_the_form(page: Page, served: Served) -> None:
    _open_deployment(page, served, "ingest-courier")
    page.get_by_role("button", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Custom run").click()
    expect(page).to_have_url(re.compile(r"/run\b"))

    # max_pages is optional (None): switch its field to "int", then type the number.
    field = (
        page.locator("div")
        .filter(has=page.get_by_text("max_pages (Optional)", exact=True))
        .filter(has=page.get_by_role("tab", name="int", exact=True))
        .last
    )
    field.get_by_role("tab", name="int", exact=True).click()
    field.locator("input").fill("3")
    submit = page.get_by_role("button", name="Submit", exact=True)
    flow_run_id = _create_flow_run(page, submit.click)["id"]
    run = _wait_completed(served, flow_run_id)
    assert run["parameters"]["max_pages"] == 3
    assert run["parameters"]["source"] == "courier"

    rows = query(
        served.db,
        "SELECT source_id, status, pages_fetched FROM runs WHERE run_id = ?",
        [flow_run_id],
    )
    assert rows == [("courier", "completed", 3)]  # the form's max_pages, not the whole sitemap
    fetched = query(
        served.db,
        "SELECT count(DISTINCT url) FROM fetches WHERE run_id = ? AND url NOT LIKE '%.xml'",
        [flow_run_id],
    )
    assert fetched == [(3,)]
    _screenshot_run_page(page, served, flow_run_id, "custom-run.png")

    # The run's report, as the UI lists it.
    page.get_by_role("tab", name="Artifacts", exact=True).click()
    for key in ("counts-courier", "summary-courier", "progress-courier"):
        expect(page.get_by_text(key, exact=True).first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "custom-run-artifacts.png"), full_page=True)
