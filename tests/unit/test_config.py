from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.config import (
    MAINTENANCE_SCHEDULE,
    Config,
    ConfigError,
    load_config,
    parse_duration,
)

EXAMPLE = """
[warehouse]
path = "data/news.duckdb"

[fetch]
user_agent = "pressroom-test (+mailto:desk@example.org)"
per_host_delay = 0.5

[[sources]]
name = "gazette"
kind = "feed"
location = "https://example.org/feed.xml"
schedule = "0 * * * *"
recrawl_interval = "6h"
include = ["/news/"]
exclude = ["/video/"]

[[sources]]
name = "archive"
kind = "dir"
location = "saved"
max_pages = 100
"""


def test_example_config_loads_with_paths_relative_to_the_file(tmp_path: Path) -> None:
    file = tmp_path / "pressroom.toml"
    file.write_text(EXAMPLE, encoding="utf-8")
    config = load_config(file)
    assert config.warehouse.path == str(tmp_path / "data/news.duckdb")
    gazette = config.source("gazette")
    assert gazette.recrawl_interval == 6 * 3600
    assert gazette.locations == ["https://example.org/feed.xml"]
    assert gazette.wants("https://example.org/news/1") and not gazette.wants(
        "https://example.org/news/video/1"
    )
    assert not gazette.wants("https://example.org/sport/1")
    assert config.source("archive").locations == [str(tmp_path / "saved")]
    assert config.fetch.per_host_delay == 0.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[sources]]\nname = "x"\nkind = "ftp"\nlocation = "y"\n', "sources.0.kind"),
        ('[[sources]]\nname = "x"\nkind = "feed"\n', "sources.0.location"),
        ("[fetch]\nconcurency = 3\n", "fetch.concurency"),
        (
            '[[sources]]\nname = "x"\nkind = "feed"\nlocation = "y"\ninclude = ["("]\n',
            "not a regular expression",
        ),
        ('[[sources]]\nname = "a"\nkind = "feed"\nlocation = "y"\n' * 2, "repeated: a"),
        ("not toml [", "not valid TOML"),
        (
            '[[sources]]\nname = "x"\nkind = "feed"\nlocation = "y"\nschedule = "hourly"\n',
            "sources.0.schedule: Value error, 'hourly' is not a cron schedule",
        ),
        ('[maintenance]\nschedule = "0 25 * * *"\n', "maintenance.schedule: Value error, '0 25"),
        ('[maintenance]\nat = "0 3 * * *"\n', "maintenance.at"),
    ],
)
def test_mistakes_are_reported_with_their_key(tmp_path: Path, text: str, message: str) -> None:
    file = tmp_path / "pressroom.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace(".", r"\.").replace("(", r"\(")):
        load_config(file)


@pytest.mark.parametrize(
    ("text", "schedule"),
    [
        ("", MAINTENANCE_SCHEDULE),
        ('[maintenance]\nschedule = "30 1 * * 0"\n', "30 1 * * 0"),
        ('[maintenance]\nschedule = ""\n', None),
    ],
)
def test_maintenance_runs_nightly_unless_the_file_says_otherwise(
    tmp_path: Path, text: str, schedule: str | None
) -> None:
    file = tmp_path / "pressroom.toml"
    file.write_text(text, encoding="utf-8")
    assert load_config(file).maintenance.schedule == schedule


def test_missing_file_and_unknown_source_say_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no configuration file"):
        load_config(tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match="no source named 'nope'"):
        Config().source("nope")


def test_durations() -> None:
    assert [parse_duration(v) for v in (90, "90s", "15m", "6h", "1d", "1.5h")] == [
        90,
        90,
        900,
        21600,
        86400,
        5400,
    ]
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("soon")
