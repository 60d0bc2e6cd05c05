"""Deterministic keys: the same canonical URL or name always gives the same id."""

from __future__ import annotations

import hashlib


def stable_id(*parts: str) -> str:
    """A 16-hex-digit key derived from ``parts``; stable across runs and machines."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8)
    return digest.hexdigest()


def page_id_for(canonical_url: str) -> str:
    return stable_id("page", canonical_url)


def author_id_for(name: str) -> str:
    return stable_id("author", " ".join(name.casefold().split()))


def tag_id_for(name: str) -> str:
    return stable_id("tag", " ".join(name.casefold().split()))
