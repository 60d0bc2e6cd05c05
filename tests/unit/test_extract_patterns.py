"""FirstCharPatterns answers as the alternation of its patterns does."""

from __future__ import annotations

import re

import pytest

from tasks.extract import rules
from tasks.extract.patterns import FirstCharPatterns

PATTERNS = (
    r"^advertisement$",
    r"^(click to )?enlarge (this )?(image|photo)$",
    r"^[|\u00b7\u2022/]{1,3}$",
    r"^\d{1,3}\s+(of|/)\s+\d{1,3}$",
    r"^.{0,30}app$",  # may start with anything
    r"^(подписывайтесь|подпишитесь) на .{0,40}$",
    r"^原标题\s*[:\uff1a].{1,80}$",
)
LINES = (
    "Advertisement",
    "ADVERTISEMENT",
    "advertisement here",
    "Enlarge this image",
    "Click to enlarge photo",
    "|",
    "\u2022",
    "3 of 8",
    "12 / 40",
    "Get the app",
    "Подписывайтесь на наш канал",
    "原标题\uff1a长江中游首座船舶综合服务站投用",
    "The harbour board agreed on Monday to dredge the channel.",
    "",
    "\u017fomething",  # a long s, which ignoring case matches "s"
)


@pytest.mark.parametrize("line", LINES)
def test_it_matches_as_the_alternation_does(line: str) -> None:
    grouped = FirstCharPatterns(PATTERNS, re.IGNORECASE)
    alternation = re.compile("|".join(f"(?:{p})" for p in PATTERNS), re.IGNORECASE)
    expected = alternation.match(line)
    found = grouped.match(line)
    assert (found and found.group()) == (expected and expected.group())


def test_a_pattern_that_may_start_with_anything_is_in_every_group() -> None:
    grouped = FirstCharPatterns((r"^advertisement$", r"^.{0,30}app$"), re.IGNORECASE)
    assert grouped.match("Get the app") is not None
    assert grouped.match("advertisement") is not None
    assert grouped.match("Xylophone app") is not None


def test_the_dropped_lines_match_as_their_alternation_on_the_rules_own_examples() -> None:
    lines = (
        "Advertisement",
        "Enlarge this image",
        "|4 min read",
        "4.92 from 13 votes",
        "Sign up here.",
        "3 of 8",
        "Why you can trust Harbour Tech",
        "Why you can trust my advice",
        "The harbour board agreed on Monday to dredge the channel.",
    )
    for line in lines:
        found = rules.DROPPED_LINES.match(line)
        expected = rules.DROPPED_LINES.pattern.match(line)
        assert (found and found.group()) == (expected and expected.group()), line
