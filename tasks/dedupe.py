"""Duplicate detection: exact copies by text hash, near copies by MinHash over word shingles.

The functions here are pure. The warehouse stores every article's signature and LSH band
hashes, hands back the stored articles that share a band with a new batch
(``KnownArticle``), and :func:`assign_duplicates` decides, for the batch and for those,
which article represents each cluster. The representative is the original: the copy
others attribute ("Via X", a canonical URL pointing to it), else the earliest published,
else the first seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from tasks.records import DedupeItem, DuplicateDecision, Fingerprint
from tasks.urls import site_of

_WORD = re.compile(r"\w+")
_PRIME = np.uint64(4294967311)  # the first prime above 2**32


@dataclass(frozen=True, slots=True)
class DedupeSettings:
    """How near a near-duplicate must be. ``bands * rows`` must equal ``num_perm``."""

    threshold: float = 0.8
    shingle_size: int = 3
    num_perm: int = 128
    bands: int = 32
    seed: int = 1

    def __post_init__(self) -> None:
        if self.num_perm % self.bands:
            raise ValueError(
                f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})"
            )
        if not 0 < self.threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], not {self.threshold}")


def normalize_text(text: str) -> str:
    """Lowercased words joined by single spaces: what the hashes are computed over."""
    return " ".join(_WORD.findall(text.casefold()))


def text_hash(text: str) -> str:
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


def _permutations(
    settings: DedupeSettings,
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    rng = np.random.default_rng(settings.seed)
    # a < 2**31 and x < 2**32 keep a * x + b below 2**64: no overflow in uint64.
    a = rng.integers(1, 2**31, size=settings.num_perm, dtype=np.uint64)
    b = rng.integers(0, 2**32, size=settings.num_perm, dtype=np.uint64)
    return a, b


def _shingle_hashes(words: list[str], size: int) -> npt.NDArray[np.uint64]:
    if not words:
        return np.zeros(0, dtype=np.uint64)
    grams = {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "little")
            for g in grams
        ),
        dtype=np.uint64,
        count=len(grams),
    )


def fingerprint(text: str, settings: DedupeSettings) -> Fingerprint:
    """Text hash, MinHash signature and LSH band hashes of ``text``."""
    normalized = normalize_text(text)
    shingles = _shingle_hashes(normalized.split(), settings.shingle_size)
    if shingles.size:
        a, b = _permutations(settings)
        values = (np.outer(shingles, a) + b) % _PRIME
        minhash = values.min(axis=0)
    else:
        minhash = np.full(settings.num_perm, int(_PRIME), dtype=np.uint64)
    rows = settings.num_perm // settings.bands
    bands = tuple(
        int.from_bytes(
            hashlib.blake2b(minhash[i * rows : (i + 1) * rows].tobytes(), digest_size=8).digest(),
            "little",
        )
        for i in range(settings.bands)
    )
    return Fingerprint(
        text_hash=hashlib.sha1(normalized.encode("utf-8")).hexdigest(),
        minhash=tuple(int(v) for v in minhash),
        band_hashes=bands,
    )


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (1.0 for equal hashes)."""
    if a.text_hash == b.text_hash:
        return 1.0
    equal = sum(x == y for x, y in zip(a.minhash, b.minhash, strict=True))
    return equal / len(a.minhash)


@dataclass
class _Clusters:
    parent: dict[str, str] = field(default_factory=dict)

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _attributed(item: DedupeItem, members: Iterable[DedupeItem]) -> bool:
    """Does another member say it copied ``item`` (by outlet name or URL)?"""
    names = {item.site_name.casefold()} if item.site_name else set()
    site = site_of(item.canonical_url)
    for other in members:
        source = other.syndicated_from
        if other is item or not source:
            continue
        if source.casefold() in names or (
            "://" in source and site_of(source) == site and site_of(other.canonical_url) != site
        ):
            return True
    return False


def _originality(
    item: DedupeItem, members: Sequence[DedupeItem]
) -> tuple[int, dt.date, dt.datetime, str]:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return (
        0 if _attributed(item, members) else 1,
        item.published_date or dt.date.max,
        item.first_seen_at or far,
        item.article_id,
    )


def assign_duplicates(
    new: Sequence[DedupeItem], known: Sequence[DedupeItem], settings: DedupeSettings
) -> list[DuplicateDecision]:
    """Decide the representative of every cluster the batch ``new`` touches.

    ``known`` are stored articles that share a band hash with a new one, together with
    the other members of their clusters. Returns a decision for every new article and
    for every known one whose representative changes.
    """
    items = {item.article_id: item for item in known}
    items.update({item.article_id: item for item in new})
    clusters = _Clusters()
    for item in known:
        clusters.union(item.article_id, item.duplicate_of or item.article_id)
    by_band: dict[tuple[int, int], list[str]] = {}
    for item in known:
        for band, value in enumerate(item.fingerprint.band_hashes):
            by_band.setdefault((band, value), []).append(item.article_id)
    for item in new:
        clusters.find(item.article_id)
        seen: set[str] = set()
        for band, value in enumerate(item.fingerprint.band_hashes):
            peers = by_band.setdefault((band, value), [])
            for peer in peers:
                if peer in seen or peer == item.article_id:
                    continue
                seen.add(peer)
                if similarity(item.fingerprint, items[peer].fingerprint) >= settings.threshold:
                    clusters.union(item.article_id, peer)
            peers.append(item.article_id)

    components: dict[str, list[DedupeItem]] = {}
    for key, item in items.items():
        components.setdefault(clusters.find(key), []).append(item)
    new_ids = {item.article_id for item in new}
    decisions = []
    for members in components.values():
        original = min(members, key=lambda m: _originality(m, members))
        for member in members:
            is_original = member is original
            target = None if is_original else original.article_id
            if member.article_id not in new_ids and member.duplicate_of == target:
                continue
            sim = None if is_original else similarity(member.fingerprint, original.fingerprint)
            kind: Literal["exact", "near"] | None = None
            if sim is not None:
                kind = "exact" if sim == 1.0 else "near"
            decisions.append(DuplicateDecision(member.article_id, target, kind, sim))
    return decisions
