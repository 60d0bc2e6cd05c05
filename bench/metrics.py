"""Extraction metrics, exactly as the evaluation corpus README defines them.

Importable by tests (the corpus quality gate) and by ``bench/extraction.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\w+")
_SHINGLE = 4
_SPACES_RE = re.compile(r"\s+")
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)


def tokens(text: str) -> list[str]:
    """``\\w+`` tokens, case kept."""
    return _TOKEN_RE.findall(text)


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """4-token shingles as a multiset; fewer than 4 tokens give one shorter shingle."""
    toks = tokens(text)
    if not toks:
        return Counter()
    if len(toks) < _SHINGLE:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + _SHINGLE]) for i in range(len(toks) - _SHINGLE + 1))


@dataclass(frozen=True, slots=True)
class ShingleCounts:
    tp: int
    fp: int
    fn: int
    exact: bool


def shingle_counts(predicted: str, expected: str) -> ShingleCounts:
    """TP/FP/FN of one page's shingle multisets, and whether the token lists match."""
    pred, gold = shingles(predicted), shingles(expected)
    tp = sum((pred & gold).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    return ShingleCounts(tp, fp, fn, tokens(predicted) == tokens(expected))


@dataclass(frozen=True, slots=True)
class ShingleScore:
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int


def shingle_score(pages: Sequence[ShingleCounts]) -> ShingleScore:
    """The Zyte benchmark's score: precision and recall averaged over pages, then F1."""
    precisions = []
    recalls = []
    for page in pages:
        # Pages with nothing predicted (or nothing expected) leave the precision (or
        # recall) average, as the benchmark defines it.
        if page.tp + page.fp > 0:
            precisions.append(page.tp / (page.tp + page.fp))
        if page.tp + page.fn > 0:
            recalls.append(page.tp / (page.tp + page.fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(page.exact for page in pages) / len(pages) if pages else 0.0
    return ShingleScore(precision, recall, f1, accuracy, len(pages))


def word_f1(predicted: str, expected: str) -> float:
    """WCXB's per-page metric: F1 of the bags of lower-cased ``\\w+`` tokens."""
    pred = Counter(t.lower() for t in tokens(predicted))
    gold = Counter(t.lower() for t in tokens(expected))
    if not pred and not gold:
        return 1.0
    overlap = sum((pred & gold).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def normalise_title(title: str | None) -> str:
    return _SPACES_RE.sub(" ", title or "").strip()


def title_matches(predicted: str | None, expected: str | None) -> bool:
    """Exact match after whitespace normalisation."""
    return normalise_title(predicted) == normalise_title(expected)


def _names(value: str | Sequence[str] | None) -> set[str]:
    if not value:
        return set()
    items = [value] if isinstance(value, str) else list(value)
    out = set()
    for item in items:
        for part in _NAME_SPLIT_RE.split(item):
            key = " ".join(t.lower() for t in tokens(part))
            if key:
                out.add(key)
    return out


def author_matches(predicted: Sequence[str], expected: str | None) -> bool:
    """True when the normalised names overlap (lower-cased tokens, split on , ; & and)."""
    return bool(_names(predicted) & _names(expected))


def date_matches(predicted: str | None, expected: str | None) -> bool:
    """Equal as calendar dates (both as YYYY-MM-DD)."""
    return bool(predicted) and predicted == expected
