"""Duplicate detection: exact copies by text hash, near copies by MinHash over word shingles.

The functions here are pure. The warehouse stores every article's signature and LSH band
hashes, hands back the stored articles that share a band with a new batch
(``KnownArticle``), and :func:`assign_duplicates` decides, for the batch and for those,
which article represents each cluster. The representative is the original: the copy
others attribute ("Via X", a canonical URL pointing to it), else the earliest published,
else the first seen.

Fingerprints are computed with numpy over whole chunks of texts, without a Python call
per word or shingle: words get a vectorised polynomial hash, 3-word shingles a mixed
32-bit hash, and the MinHash functions are x -> a * x + b modulo 2**32 (a odd). The
values are pinned by a test: stored signatures are compared with new ones, so changing
them means recomputing every stored signature.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from tasks.records import DedupeItem, DuplicateDecision, Fingerprint
from tasks.urls import site_of

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class DedupeSettings:
    """How near a near-duplicate must be. ``bands * rows`` must equal ``num_perm``."""

    threshold: float = 0.8
    shingle_size: int = 3
    num_perm: int = 128
    bands: int = 32
    # Any seed gives an unbiased estimate (sd ~0.03 at J = 0.85 with 128 permutations);
    # seed 1 happened to put the demo site's syndicated copy (true J 0.850) at 0.773.
    seed: int = 2

    def __post_init__(self) -> None:
        if self.num_perm % self.bands:
            raise ValueError(
                f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})"
            )
        if not 0 < self.threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], not {self.threshold}")


# For ASCII text \w is [A-Za-z0-9_] and casefold is lower(): one byte translation
# (everything else to a space) gives the same words three times faster than the regex.
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 or c == 95 else 32
    for c in range(256)
)


def normalize_text(text: str) -> str:
    """Lowercased words joined by single spaces: what the hashes are computed over."""
    if text.isascii():
        return b" ".join(text.encode("ascii").translate(_ASCII_WORDS).split()).decode("ascii")
    return " ".join(_WORD.findall(text.casefold()))


def text_hash(text: str) -> str:
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


_WORD_BASE = np.uint32(0x01000193)  # odd, so its powers modulo 2**32 never vanish
_SHINGLE_BASE = np.uint32(0x9E3779B1)
_BAND_MULTIPLIERS = np.random.default_rng(20241127).integers(
    0, 2**64, size=64, dtype=np.uint64
) | np.uint64(1)
_EMPTY = 2**32  # the signature value of a text without words: above any hashed value
_MASK32 = np.uint32(0xFFFFFFFF)


@functools.cache
def _permutations(
    num_perm: int, seed: int
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """``num_perm`` hash functions x -> a * x + b (mod 2**32), a odd: bijections of the
    32-bit shingle hashes, in 32-bit arithmetic because numpy vectorises it about nine
    times faster than 64-bit multiplication."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**32, size=num_perm, dtype=np.uint32) | np.uint32(1)
    b = rng.integers(0, 2**32, size=num_perm, dtype=np.uint32)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def _mix32(h: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """MurmurHash3's finaliser: every input bit flips each output bit with p ~ 1/2."""
    h = h ^ (h >> np.uint32(16))
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def _mix64(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    h = h ^ (h >> np.uint64(33))
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return h


def _word_hashes(joined: bytes) -> npt.NDArray[np.uint32]:
    """A 32-bit hash of every space-separated word of ``joined``, with no Python loop:
    each byte is weighted by a power of an odd base given by its offset in its word,
    and the weighted bytes are summed per word."""
    data = np.frombuffer(joined, dtype=np.uint8)
    spaces = data == 32
    starts = np.concatenate(([0], np.flatnonzero(spaces) + 1))
    lengths = np.diff(np.concatenate((starts, [data.size + 1]))) - 1
    offsets = np.arange(data.size) - np.repeat(starts, lengths + 1)[: data.size]
    powers = np.cumprod(np.full(int(lengths.max()) + 1, _WORD_BASE, dtype=np.uint32))
    weighted = np.where(spaces, np.uint32(0), data * powers[offsets])
    sums: npt.NDArray[np.uint32] = np.add.reduceat(weighted, starts, dtype=np.uint32)
    return _mix32(sums ^ lengths.astype(np.uint32))


def _shingle_hashes(
    words: npt.NDArray[np.uint32], counts: npt.NDArray[np.int64], size: int
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """Hashes of the ``size``-word shingles of consecutive texts of ``counts`` words
    (one shingle of all the words for a shorter text), and each text's shingle count."""
    firsts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    per_text = np.maximum(1, counts - size + 1)
    text_of = np.repeat(np.arange(counts.size), per_text)
    offsets = np.concatenate(([0], np.cumsum(per_text)[:-1]))
    positions = firsts[text_of] + np.arange(per_text.sum()) - offsets[text_of]
    ends = (firsts + counts)[text_of]
    acc = np.zeros(positions.size, dtype=np.uint32)
    for j in range(size):
        index = positions + j
        inside = index < ends
        step = acc * _SHINGLE_BASE + words[np.minimum(index, words.size - 1)]
        acc = np.where(inside, step, acc)
    return _mix32(acc), per_text


def _minhashes(
    shingles: npt.NDArray[np.uint32], per_text: npt.NDArray[np.int64], settings: DedupeSettings
) -> npt.NDArray[np.uint32]:
    """The (texts, num_perm) signatures: per text and hash function, the least value."""
    a, b = _permutations(settings.num_perm, settings.seed)
    out = np.empty((per_text.size, settings.num_perm), dtype=np.uint32)
    offsets = np.concatenate(([0], np.cumsum(per_text)))
    # Chunks of about 16k shingles keep the (num_perm, chunk) matrix in cache; laid out
    # permutation-major so that reduceat runs along contiguous memory.
    start = 0
    while start < per_text.size:
        stop = int(np.searchsorted(offsets, offsets[start] + 16_384, side="right"))
        stop = max(stop - 1, start + 1)
        chunk = shingles[offsets[start] : offsets[stop]]
        values = np.multiply.outer(a, chunk)
        values += b[:, None]
        out[start:stop] = np.minimum.reduceat(
            values, offsets[start:stop] - offsets[start], axis=1
        ).T
        start = stop
    return out


def _band_hashes(signatures: npt.NDArray[np.uint64], bands: int) -> npt.NDArray[np.uint64]:
    rows = signatures.shape[1] // bands
    grouped = signatures.reshape(signatures.shape[0], bands, rows)
    multipliers = np.resize(_BAND_MULTIPLIERS, rows)
    return _mix64((grouped * multipliers).sum(axis=2, dtype=np.uint64))


def _signatures(normalized: Sequence[str], settings: DedupeSettings) -> npt.NDArray[np.uint64]:
    worded = [i for i, n in enumerate(normalized) if n]
    signatures = np.full((len(normalized), settings.num_perm), _EMPTY, dtype=np.uint64)
    if worded:
        joined = " ".join(normalized[i] for i in worded).encode("utf-8")
        counts = np.array([normalized[i].count(" ") + 1 for i in worded], dtype=np.int64)
        shingles, per_text = _shingle_hashes(_word_hashes(joined), counts, settings.shingle_size)
        signatures[worded] = _minhashes(shingles, per_text, settings)
    return signatures


# Texts fingerprinted together: enough to amortise numpy's per-call cost, few enough
# (~300 KB of text) that the intermediate arrays stay in cache.
_CHUNK = 64


def fingerprint_batch(texts: Sequence[str], settings: DedupeSettings) -> list[Fingerprint]:
    """:func:`fingerprint` of each of ``texts``: the same results, computed a chunk of
    texts at a time, which is faster than one call per text."""
    normalized = [normalize_text(t) for t in texts]
    fingerprints: list[Fingerprint] = []
    for start in range(0, len(normalized), _CHUNK):
        chunk = normalized[start : start + _CHUNK]
        signatures = _signatures(chunk, settings)
        bands = _band_hashes(signatures, settings.bands)
        fingerprints.extend(
            Fingerprint(
                text_hash=hashlib.sha1(n.encode("utf-8")).hexdigest(),
                minhash=tuple(signature),
                band_hashes=tuple(band),
            )
            for n, signature, band in zip(chunk, signatures.tolist(), bands.tolist(), strict=True)
        )
    return fingerprints


def fingerprint(text: str, settings: DedupeSettings) -> Fingerprint:
    """Text hash, MinHash signature and LSH band hashes of ``text``."""
    return fingerprint_batch([text], settings)[0]


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (1.0 for equal hashes)."""
    if a.text_hash == b.text_hash:
        return 1.0
    if len(a.minhash) != len(b.minhash):
        raise ValueError("signatures of different lengths: computed with different settings")
    equal: int = sum(map(operator.eq, a.minhash, b.minhash))
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
    # One table per band, so a lookup is an int key, not a fresh (band, value) tuple.
    by_band: defaultdict[int, dict[int, list[str]]] = defaultdict(dict)
    for item in known:
        for band, value in enumerate(item.fingerprint.band_hashes):
            by_band[band].setdefault(value, []).append(item.article_id)
    for item in new:
        clusters.find(item.article_id)
        seen: set[str] = set()
        for band, value in enumerate(item.fingerprint.band_hashes):
            table = by_band[band]
            peers = table.get(value)
            if peers is None:
                table[value] = [item.article_id]
                continue
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
        if len(members) == 1:  # most articles: no need to weigh originality
            original = members[0]
        else:
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
