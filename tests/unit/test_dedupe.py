from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from tasks.dedupe import (
    DedupeSettings,
    assign_duplicates,
    fingerprint,
    fingerprint_batch,
    normalize_text,
    similarity,
    text_hash,
)
from tasks.records import DedupeItem

SETTINGS = DedupeSettings()


def _story(seed: int, words: int = 300) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(2000)]
    return [rng.choice(vocabulary) for _ in range(words)]


def _edited(words: list[str], every: int, keep: int) -> str:
    copy = list(words)
    for i in range(0, len(copy), every):
        copy[i] = "edited"
    return " ".join(copy[:keep])


def _item(article_id: str, text: str, **kwargs: object) -> DedupeItem:
    return DedupeItem(
        article_id, fingerprint(text, SETTINGS), f"https://{article_id}.example/x", **kwargs
    )  # type: ignore[arg-type]


def test_normalized_text_ignores_case_punctuation_and_spacing() -> None:
    assert normalize_text("Hello,  World!\n\nAgain.") == "hello world again"
    assert text_hash("Hello, World") == text_hash("hello   world.")


def test_similarity_estimates_jaccard() -> None:
    words = _story(1)
    original = fingerprint(" ".join(words), SETTINGS)
    assert similarity(original, fingerprint(" ".join(words), SETTINGS)) == 1.0
    near = fingerprint(_edited(words, every=150, keep=290), SETTINGS)
    assert 0.8 <= similarity(original, near) < 1.0
    unrelated = fingerprint(" ".join(_story(2)), SETTINGS)
    assert similarity(original, unrelated) < 0.1


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="multiple of bands"):
        DedupeSettings(num_perm=100, bands=32)
    with pytest.raises(ValueError, match="threshold"):
        DedupeSettings(threshold=0)


def test_attributed_copy_is_the_original_even_when_published_later() -> None:
    words = _story(3)
    original = _item(
        "wire", " ".join(words), site_name="Northwire", published_date=dt.date(2020, 5, 2)
    )
    copy = _item(
        "gazette",
        _edited(words, every=150, keep=290),
        syndicated_from="Northwire",
        published_date=dt.date(2020, 5, 1),
    )
    decisions = {d.article_id: d for d in assign_duplicates([copy, original], [], SETTINGS)}
    assert decisions["wire"].duplicate_of is None
    assert decisions["gazette"].duplicate_of == "wire"
    assert decisions["gazette"].kind == "near"
    assert decisions["gazette"].similarity is not None and decisions["gazette"].similarity >= 0.8


def test_exact_copy_and_earliest_published_wins() -> None:
    text = " ".join(_story(4))
    late = _item("late", text, published_date=dt.date(2021, 1, 2))
    early = _item("early", text, published_date=dt.date(2021, 1, 1))
    decisions = {d.article_id: d for d in assign_duplicates([late, early], [], SETTINGS)}
    assert decisions["late"].duplicate_of == "early"
    assert decisions["late"].kind == "exact"
    assert decisions["late"].similarity == 1.0


def test_a_new_original_takes_over_a_stored_cluster() -> None:
    words = _story(5)
    stored_copy = _item(
        "copy", _edited(words, every=150, keep=290), published_date=dt.date(2022, 3, 4)
    )
    new_original = _item("orig", " ".join(words), published_date=dt.date(2022, 3, 1))
    decisions = {
        d.article_id: d for d in assign_duplicates([new_original], [stored_copy], SETTINGS)
    }
    assert decisions["orig"].duplicate_of is None
    assert decisions["copy"].duplicate_of == "orig"


def test_unchanged_stored_articles_get_no_decision() -> None:
    words = _story(6)
    stored = _item("a", " ".join(words), published_date=dt.date(2020, 1, 1))
    unrelated = _item("b", " ".join(_story(7)))
    decisions = assign_duplicates([unrelated], [stored], SETTINGS)
    assert [(d.article_id, d.duplicate_of) for d in decisions] == [("b", None)]


def test_ascii_shortcut_normalizes_as_the_regex_does() -> None:
    rng = random.Random(8)
    for _ in range(2000):
        text = "".join(chr(rng.randrange(128)) for _ in range(rng.randrange(40)))
        assert normalize_text(text) == " ".join(re.findall(r"\w+", text.casefold()))
    assert normalize_text("Straße “Quoted” café_2") == "strasse quoted café_2"


def test_batch_fingerprints_equal_single_ones() -> None:
    texts = [
        " ".join(_story(9)),
        "",
        "two words",
        "one",
        "!!!",
        "Ünïcödé wörds, “quoted” — and ASCII",
        " ".join(_story(10, words=5000)),
    ] * 30  # more than one chunk
    batch = fingerprint_batch(texts, SETTINGS)
    assert batch == [fingerprint(t, SETTINGS) for t in texts]
    assert batch[1] != batch[2] and batch[1].minhash == fingerprint("...", SETTINGS).minhash
    assert len(batch[0].minhash) == 128 and len(batch[0].band_hashes) == 32


def test_fingerprint_depends_on_words_not_their_spelling() -> None:
    assert fingerprint("Hello, World! Again", SETTINGS) == fingerprint(
        "hello world again", SETTINGS
    )
    assert fingerprint("a b c", SETTINGS) != fingerprint("a c b", SETTINGS)


def test_similarity_is_an_unbiased_estimate_over_many_pairs() -> None:
    errors = []
    for seed in range(60):
        words = _story(seed, words=800)
        rng = random.Random(seed)
        copy = list(words)
        for _ in range(rng.randint(5, 60)):
            copy[rng.randrange(len(copy))] = f"x{rng.randrange(10**6)}"
        shingles = [{tuple(w[i : i + 3]) for i in range(len(w) - 2)} for w in (words, copy)]
        true = len(shingles[0] & shingles[1]) / len(shingles[0] | shingles[1])
        estimate = similarity(
            fingerprint(" ".join(words), SETTINGS), fingerprint(" ".join(copy), SETTINGS)
        )
        errors.append(estimate - true)
    mean = sum(errors) / len(errors)
    spread = (sum(e * e for e in errors) / len(errors)) ** 0.5
    # 128 permutations: the standard error at J ~ 0.8 is sqrt(0.8 * 0.2 / 128) ~ 0.035.
    assert abs(mean) < 0.015
    assert spread < 0.05


def test_other_settings_give_signatures_of_their_size() -> None:
    settings = DedupeSettings(num_perm=64, bands=16, shingle_size=2, seed=3)
    print_ = fingerprint(" ".join(_story(11)), settings)
    assert len(print_.minhash) == 64 and len(print_.band_hashes) == 16
    assert print_ != fingerprint(" ".join(_story(11)), SETTINGS)


def test_fingerprints_are_pinned() -> None:
    # Stored signatures are compared with new ones for ever: a change here means every
    # warehouse's article_signatures and article_bands must be recomputed.
    stored = fingerprint("The quick brown fox jumps over the lazy dog", SETTINGS)
    assert stored.minhash[:4] == (549974602, 327947309, 800092722, 1185256617)
    assert stored.band_hashes[:2] == (11524423703132486330, 11430713371321943141)
