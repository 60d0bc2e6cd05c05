"""The title diagnostic (bench/titles.py): what it counts as a page's stated titles,
and how it names a miss."""

from __future__ import annotations

from bench.titles import StatedTitles, miss_kind, stated_titles

PAGE = """<html><head>
<title>Rivers rise after storm | Local News | The Courier</title>
<meta property="og:title" content="Rivers rise after the storm">
<script type="application/ld+json">
{"@graph": [{"@type": "NewsArticle", "headline": "Rivers Rise After Storm",
  "publisher": {"@type": "Organization", "name": "The Courier"}}]}
</script>
<script type="application/ld+json">{not json</script>
</head><body><h1>Storm: rivers rise  across the valley</h1><h2>More stories</h2>
<h3>Not a title</h3></body></html>"""


def test_stated_titles_hold_each_source_and_each_run_of_parts() -> None:
    stated = stated_titles(PAGE)
    assert {"Rivers rise after storm", "Local News", "The Courier"} <= stated.metadata
    assert {"Rivers rise after storm | Local News", "Local News | The Courier"} <= stated.metadata
    assert "Rivers rise after storm | Local News | The Courier" in stated.metadata
    assert {"Rivers rise after the storm", "Rivers Rise After Storm"} <= stated.metadata
    # Whitespace normalised as the metric does; a heading's parts count as well.
    assert {"Storm: rivers rise across the valley", "rivers rise across the valley"} <= (
        stated.headings
    )
    assert "More stories" in stated.headings
    assert "Not a title" not in stated.every
    assert "Rivers rise after storm | The Courier" not in stated.every  # runs are contiguous


def test_a_miss_is_typography_absent_or_chosen_elsewhere() -> None:
    stated = StatedTitles(
        frozenset({"It\u2019s raining \u2013 again"}), frozenset({"Weather | Site"})
    )
    assert miss_kind("It's raining - again", stated) == "typography"
    assert miss_kind("Weather | Site", stated) == "chosen elsewhere"
    assert miss_kind("It is raining again", stated) == "absent"
