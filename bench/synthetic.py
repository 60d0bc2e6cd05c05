"""Synthetic news articles for the warehouse and dedupe benchmarks, with planted copies.

Texts are ~5 KB of sentences drawn from a generated vocabulary of 5,000 words with a
Zipf-like frequency (short words frequent, as in English), so 3-word shingles repeat
and spread like those of real prose. About 10% of articles are edited copies of an
earlier original (words changed, inserted or deleted, a sentence dropped or added),
kept only when the true Jaccard similarity of their 3-word shingle sets to the
original lies in [0.85, 0.95].

Everything is a function of ``(seed, index)``: an article's text is regenerated from
its index when a later copy needs it, so the stream holds one batch at a time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from tasks.ids import page_id_for
from tasks.records import Article, Fingerprint, StoredArticle
from warehouse.writer import PageRow, PageURL

COPY_SHARE = 0.10
# Articles with a “quoted” sentence: not ASCII, so dedupe normalises them the slow way,
# as it must for much real copy (curly quotes, dashes, accented names).
NON_ASCII_SHARE = 0.35
JACCARD_BAND = (0.85, 0.95)
_VOCABULARY = 5_000
_ZIPF = 1.07
_TEXT_BYTES = 5_000
_OUTLETS = 200
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvyz" for v in "aeiou"] + ["el", "en", "er", "es"]
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    """One generated article. ``original`` is the index of the article this one is an
    edited copy of (None for an original); ``jaccard`` its true shingle Jaccard to it."""

    index: int
    article_id: str
    canonical_url: str
    article: Article
    seen_at: dt.datetime
    original: int | None = None
    jaccard: float | None = None


def _quoted(text: str) -> str:
    """``text`` with one sentence in curly quotes: the words, and so the shingles, stay."""
    start = text.find(". ", len(text) // 3)
    end = text.find(". ", start + 2)
    if start < 0 or end < 0:
        return text
    return f"{text[: start + 2]}\u201c{text[start + 2 : end + 1]}\u201d{text[end + 1 :]}"


def shingle_set(text: str, size: int = 3) -> set[tuple[str, ...]]:
    """The set of ``size``-word shingles over the words dedupe sees (case-folded \\w+)."""
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def jaccard(a: str, b: str) -> float:
    left, right = shingle_set(a), shingle_set(b)
    return len(left & right) / len(left | right) if left or right else 1.0


class Corpus:
    """The articles of one seed. ``batches`` streams them; any index can be rebuilt."""

    def __init__(self, seed: int = 7) -> None:
        self.seed = seed
        rng = np.random.default_rng([seed, 0])
        words: set[str] = set()
        while len(words) < _VOCABULARY:
            count = int(rng.choice([1, 2, 2, 3, 3, 3, 4, 4]))
            words.add("".join(rng.choice(_SYLLABLES, size=count)))
        # Frequent words are short, as in English, but not strictly by length.
        by_length = sorted(words, key=lambda w: (len(w) + float(rng.uniform(0, 24)), w))
        self.words = np.array(by_length, dtype=object)
        weights = 1.0 / np.arange(1, _VOCABULARY + 1) ** _ZIPF
        self.cdf = np.cumsum(weights / weights.sum())
        self.authors = [
            f"{by_length[200 + i].title()} {by_length[2500 + i].title()}" for i in range(2000)
        ]
        self.tags = [by_length[1000 + i] for i in range(400)]

    @cached_property
    def base_time(self) -> dt.datetime:
        return dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

    # --- texts -------------------------------------------------------------------------

    def _words(self, rng: np.random.Generator, count: int) -> list[str]:
        picks = np.searchsorted(self.cdf, rng.random(count))
        words: list[str] = self.words[np.minimum(picks, _VOCABULARY - 1)].tolist()
        return words

    def _sentence(self, rng: np.random.Generator) -> list[str]:
        return self._words(rng, int(rng.integers(6, 28)))

    def sentences(self, index: int) -> list[list[str]]:
        """The sentences of original ``index``, always the same for a seed."""
        rng = np.random.default_rng([self.seed, 1, index])
        target = _TEXT_BYTES + int(rng.integers(-600, 600))
        words = self._words(rng, 2 * target // 5)
        lengths = rng.integers(6, 28, size=len(words) // 6)
        out: list[list[str]] = []
        size = start = 0
        for length in lengths.tolist():
            sentence = words[start : start + length]
            start += length
            out.append(sentence)
            size += sum(map(len, sentence)) + len(sentence) + 1
            if size >= target or start >= len(words):
                break
        return out

    @staticmethod
    def render(sentences: list[list[str]]) -> str:
        paragraphs = []
        for start in range(0, len(sentences), 5):
            paragraphs.append(
                " ".join(" ".join(s).capitalize() + "." for s in sentences[start : start + 5] if s)
            )
        return "\n\n".join(paragraphs)

    # --- planted copies ----------------------------------------------------------------

    def origin(self, index: int) -> int | None:
        """The original that article ``index`` copies, or None when it is an original."""
        rng = np.random.default_rng([self.seed, 2, index])
        if index < 20 or rng.random() >= COPY_SHARE:
            return None
        while True:  # copies are of originals only, so a family is one original
            candidate = int(rng.integers(0, index))
            if self.origin(candidate) is None:
                return candidate

    def _edited(self, index: int, original: list[list[str]]) -> tuple[str, float]:
        """An edited copy of ``original`` whose true Jaccard to it lies in the band."""
        rng = np.random.default_rng([self.seed, 3, index])
        source = self.render(original)
        shingles = sum(len(s) for s in original)
        low, high = JACCARD_BAND
        target = float(rng.uniform(low + 0.01, high - 0.01))
        # A word edit replaces about 3 shingles: J ~ (n - 3k) / (n + 3k).
        edits = max(1, round(shingles * (1 - target) / (3 * (1 + target))))
        for _ in range(20):
            copy = [list(s) for s in original]
            remaining = edits
            if rng.random() < 0.5 and len(copy) > 3:  # drop or add a sentence
                if rng.random() < 0.5:
                    dropped = copy.pop(int(rng.integers(0, len(copy))))
                    remaining -= len(dropped) // 3
                else:
                    added = self._sentence(rng)
                    copy.insert(int(rng.integers(0, len(copy) + 1)), added)
                    remaining -= len(added) // 3
            for _ in range(max(0, remaining)):
                sentence = copy[int(rng.integers(0, len(copy)))]
                position = int(rng.integers(0, len(sentence) + 1))
                operation = rng.random()
                if operation < 0.6 and position < len(sentence):
                    sentence[position] = self._sentence(rng)[0]
                elif operation < 0.8:
                    sentence.insert(position, self._sentence(rng)[0])
                elif len(sentence) > 3 and position < len(sentence):
                    del sentence[position]
            text = self.render(copy)
            similarity = jaccard(source, text)
            if low <= similarity <= high:
                return text, similarity
            # Aim again: more edits when too similar, fewer when too different.
            edits = max(1, round(edits * (1 - target) / max(1e-3, 1 - similarity)))
        raise RuntimeError(f"no copy of article {index} landed in the band {JACCARD_BAND}")

    # --- articles ----------------------------------------------------------------------

    def _published(self, index: int) -> dt.date:
        return self.base_time.date() + dt.timedelta(days=index // 300)

    @staticmethod
    def _url(outlet: int, published: dt.date, index: int) -> str:
        return f"https://outlet{outlet}.example/news/{published:%Y/%m}/story-{index}"

    def original_id(self, index: int) -> str:
        """The article_id of original ``index``, without generating its text."""
        outlet = int(np.random.default_rng([self.seed, 4, index]).integers(0, _OUTLETS))
        return page_id_for(self._url(outlet, self._published(index), index))

    def article(self, index: int) -> SyntheticArticle:
        original = self.origin(index)
        rng = np.random.default_rng([self.seed, 4, index])
        outlet = int(rng.integers(0, _OUTLETS))
        similarity = None
        if original is None:
            sentences = self.sentences(index)
            text = self.render(sentences)
            published = self._published(index)
            title: str | None = " ".join(sentences[0][:8]).capitalize()
            authors = tuple(
                self.authors[int(i)] for i in rng.integers(0, len(self.authors), rng.integers(1, 3))
            )
            syndicated = None
        else:
            source = self.article(original)
            text, similarity = self._edited(index, self.sentences(original))
            assert source.article.published_date is not None
            published = source.article.published_date + dt.timedelta(days=int(rng.integers(0, 3)))
            title = source.article.title
            authors = source.article.authors
            # Half the copies credit the outlet they copied ("Via ..."), as wires are.
            syndicated = source.article.site_name if rng.random() < 0.5 else None
        url = self._url(outlet, published, index)
        tags = tuple(dict.fromkeys(self.tags[int(i)] for i in rng.integers(0, len(self.tags), 3)))
        if rng.random() < NON_ASCII_SHARE:
            text = _quoted(text)
        article = Article(
            url=url,
            canonical_url=url,
            title=title,
            text=text,
            authors=authors,
            published_date=published,
            language="en",
            site_name=f"Outlet {outlet}",
            tags=tags,
            syndicated_from=syndicated,
            word_count=len(text.split()),
            extractor_version="synthetic",
        )
        return SyntheticArticle(
            index=index,
            article_id=page_id_for(url),
            canonical_url=url,
            article=article,
            seen_at=self.base_time + dt.timedelta(seconds=index),
            original=original,
            jaccard=similarity,
        )

    def batches(self, count: int, batch: int) -> Iterator[list[SyntheticArticle]]:
        """Articles 0 .. count-1, ``batch`` at a time, in index order."""
        for start in range(0, count, batch):
            yield [self.article(i) for i in range(start, min(count, start + batch))]


def stored_articles(
    items: Sequence[SyntheticArticle], fingerprints: Sequence[Fingerprint], source_id: str
) -> list[StoredArticle]:
    return [
        StoredArticle(
            article_id=item.article_id,
            source_id=source_id,
            url=item.canonical_url,
            canonical_url=item.canonical_url,
            article=item.article,
            fingerprint=print_,
            seen_at=item.seen_at,
        )
        for item, print_ in zip(items, fingerprints, strict=True)
    ]


def page_rows(items: Sequence[SyntheticArticle]) -> tuple[list[PageRow], list[PageURL]]:
    """The pages and URL rows a real batch writes alongside its articles."""
    pages = [PageRow(i.article_id, i.canonical_url, "article", 200, i.seen_at) for i in items]
    urls = [PageURL(i.canonical_url, i.article_id, i.seen_at) for i in items]
    return pages, urls
