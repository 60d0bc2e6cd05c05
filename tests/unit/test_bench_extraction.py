"""The extraction benchmark's own bookkeeping: pages the extractor gave up on, and the
slowest page, as issue 3 asks the benchmark to show."""

from __future__ import annotations

from collections.abc import Callable

from bench.extraction import (
    WARM_UP,
    Output,
    Page,
    Run,
    interleaved_speeds,
    ours,
    report_failures_and_slowest,
    run_extractor,
)
from tasks.extract import ExtractOptions

STORY = (
    "<html><head><title>Harbour to be dredged</title></head><body><article>"
    "<h1>Harbour to be dredged</h1>"
    + "<p>The harbour board agreed on Monday to dredge the northern channel before winter, "
    "after pilots warned that silt had made the approach unsafe at low tide.</p>"
    * 4
    + "</article></body></html>"
)


def _page(page_id: str, html: str) -> Page:
    return Page("zyte", page_id, f"https://port.example.org/{page_id}", html.encode(), {})


def test_refused_pages_are_counted_with_their_reason_and_the_slowest_is_named() -> None:
    pages = [
        _page("story", STORY),
        _page("tags", "<b>" * 70_000),  # past the guard's limit on '<'
        _page("empty", ""),  # not an article, but no failure either
    ]
    run = run_extractor("ours", ours(ExtractOptions()), {"zyte": pages})
    line = report_failures_and_slowest(run, "zyte")
    assert line.startswith("ours zyte: 1 pages failed or refused (refused: too many tags")
    assert run.outputs[("zyte", "story")].failure is None
    assert run.outputs[("zyte", "empty")].failure is None
    # The slowest page is one of the run's and the line names it (which one is a matter
    # of timing: the story is parsed and read, the refused page stops at a count of '<').
    seconds, slowest = run.slowest["zyte"]
    assert slowest in {"story", "tags", "empty"} and seconds > 0
    assert line.endswith(f" ms CPU ({slowest})")


def test_a_clean_run_reports_no_failure() -> None:
    run = Run("ours")
    run.slowest["zyte"] = (0.0123, "p1")
    assert report_failures_and_slowest(run, "zyte") == (
        "ours zyte: 0 pages failed or refused, slowest page 12 ms CPU (p1)"
    )


def test_each_extractor_reads_the_warm_up_page_first_and_untimed() -> None:
    read: list[str] = []

    def extractor(page: Page) -> Output:
        read.append(page.page_id)
        return Output("", None, (), None, "other")

    run = run_extractor("peer", extractor, {"zyte": [_page("p1", STORY), _page("p2", STORY)]})
    assert read == [WARM_UP.page_id, "p1", "p2"]
    assert sorted(run.outputs) == [("zyte", "p1"), ("zyte", "p2")]
    # The warm-up page is one our extractor reads as the article it is.
    assert ours(ExtractOptions())(WARM_UP).kind == "article"


def test_failures_are_counted_for_the_set_reported() -> None:
    run = Run("ours")
    run.outputs[("zyte", "p1")] = Output("", None, (), None, "other", failure="refused: x")
    run.outputs[("wcxb-dev", "p2")] = Output("text", None, (), None, "article")
    run.slowest.update({"zyte": (0.001, "p1"), "wcxb-dev": (0.002, "p2")})
    assert report_failures_and_slowest(run, "wcxb-dev").startswith(
        "ours wcxb-dev: 0 pages failed or refused,"
    )
    assert report_failures_and_slowest(run, "zyte").startswith(
        "ours zyte: 1 pages failed or refused (refused: x)"
    )


def test_interleaved_speeds_hand_each_page_to_every_extractor_in_rotating_order() -> None:
    read: list[tuple[str, str]] = []

    def reader(name: str) -> Callable[[Page], Output]:
        def extractor(page: Page) -> Output:
            read.append((name, page.page_id))
            return Output("", None, (), None, "other")

        return extractor

    pages = [_page(page_id, STORY) for page_id in ("p1", "p2", "p3")]
    speeds = interleaved_speeds({name: reader(name) for name in "abc"}, pages)
    warm = WARM_UP.page_id
    assert read == [
        *(("a", warm), ("b", warm), ("c", warm)),
        *(("a", "p1"), ("b", "p1"), ("c", "p1")),
        *(("b", "p2"), ("c", "p2"), ("a", "p2")),
        *(("c", "p3"), ("a", "p3"), ("b", "p3")),
    ]
    assert sorted(speeds) == ["a", "b", "c"]
    assert all(speed >= 0 for speed in speeds.values())
