"""Author names from bylines and metadata: "By Jane Doe and John Roe | Via The Diplomat"
gives ("Jane Doe", "John Roe") and the syndication source "The Diplomat"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from tasks.extract.rules import (
    AUTHOR_ROLE_RE,
    BYLINE_RE,
    NON_AUTHOR_RE,
    UNSPACED_CLASS,
    VIA_CHANNEL_RE,
    VIA_RE,
    WIRE_SERVICES,
)

# The enumeration comma of Chinese and Japanese ("、") and the full-width comma part
# names as a comma does.
_SPLIT_RE = re.compile(
    r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\s\|\s|/|\u3001|\uff0c)\s*", re.IGNORECASE
)
# One company's name and its legal form: "Brambleworth Energy, Inc.", "Acme Ltd"; not
# after a spaced dash or middle dot, which part a name from its role and company
# ("Dana Whitlock · VP Growth at Example Corp").
_COMPANY_RE = re.compile(
    r"^(?!.*\b(?:and|und|et|y)\b)(?!.*\s[-\u2013\u2014\u00b7]\s)[^,;&|/]+?,?\s+"
    r"(?:inc|llc|llp|ltd|plc|corp|gmbh|ag|s\.a|pty ltd|limited|corporation)\.?$",
    re.IGNORECASE,
)
_PREFIX_RE = re.compile(
    r"^\s*(?:(?:posted|written|words|story|reporting|text|photos?|article|video)\s+"
    # An author-archive link: "View all posts by Jane Doe", "More articles by Jane Doe".
    r"|(?:(?:view|see|read|more)\s+)?(?:all\s+)?(?:(?:more\s+)?(?:posts|articles|stories))\s+)?"
    # "Автор:" and "Текст:" (author, text) open Russian bylines, "Аутор:" Serbian ones,
    # "Oleh" Malay and Indonesian ones, "Հեղինակ" and the Armenian comma Armenian ones.
    r"(?:by|from|author|authors|autor|автор|аутор|текст|oleh|հեղինակ)\s*[:\u055d]?(?:\s+|$)",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(
    r"\s*(?:\bon\s+\w+\s+\d{1,2}|\bupdated\b|\bpublished\b|\bposted\b|\d{1,2}[:/]\d{2}"
    r"|\blast\s+updated\b|\b(?:co-?)?founder\b|\bceo\b|\bsigning\b|\b\d+\s+min\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d).*$",
    re.IGNORECASE,
)
# A spaced dash, or a spaced middle dot ("Dana Whitlock · VP Growth at Example Corp").
# Whom the writer wrote the story for, after the name: "JANE DOE FOR MAILONLINE", "Jane
# Doe for The Conversation".
_FOR_OUTLET_RE = re.compile(
    r"\s+(?:for|FOR|For)\s+(?:(?:the|THE|The)\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3}\s*$"
)
_DASH_RE = re.compile(r"\s[-\u2013\u2014\u00b7]\s")
# A word of a name or title; "_" parts words, as it parts a title from its site's name
# on Chinese portals ("<headline>_<site>").
_WORD_RE = re.compile(r"[^\W_]+")
# Page furniture that byline selectors pick up next to or instead of a name.
_NOT_A_NAME_RE = re.compile(
    r"^(?:posts?|location|via|sign in|log ?in|sign up|guide|company size|about the authors?"
    r"|authored by|recipe by|view (?:all|more) posts|more posts|menu|search|home|reply"
    r"|comments?|joined|member|moderator|see more|read more|profile)$"
    # An unfilled template variable ("page.head.extra.author", "{{ author }}").
    r"|^\w+(?:\.\w+){2,}$|[{}]",
    re.IGNORECASE,
)
# A word that ends a byline's name part: "Jane Doe Last updated", "Jane Doe October 3"
# (months that are also first names or surnames are left alone).
_NAME_TAIL_RE = re.compile(
    r"\s+(?:last|is|was|(?:jan|febr)uary|september|october|november|december)$",
    re.IGNORECASE,
)
# What follows the source's name on a byline line: the date, counters, share buttons.
# A name in a script written without spaces: it runs to the first space.
_UNSPACED_NAME_RE = re.compile(rf"[{UNSPACED_CLASS}]\S*")
_VIA_END_RE = re.compile(
    r"\s+(?:posted|published|updated|share|on\s+\w+\s+\d|\d"
    r"|and\s+(?:is|was|has|appears)\b|with\s+permission\b|under\s+(?:a\s+)?creative\s+commons\b).*$",
    re.I,
)
# A wire's byline sets its names in capitals and its own name after them: "By HOLLIS
# BRANDT and RENATA OKAFOR Associated Press". The words after the last word in
# capitals, each capitalised (or a short joining word), name the outlet.
# Two words in capitals at least: "CBS News", "PJ Hamel" and "NETGEAR Orbi Team" are one
# name each.
_CAPS_OUTLET_RE = re.compile(
    r"(?:^|\s)[A-Z]['\u2019.-]?[A-Z][A-Z'\u2019.-]*\s+[A-Z]['\u2019.-]?[A-Z][A-Z'\u2019.-]*"
    r"\s+(?P<outlet>[A-Z][a-z][\w'\u2019&.-]*"
    r"(?:\s+(?:[A-Z][\w'\u2019&.-]*|of|the|de|du|und|and|&))*)$"
)
_NAME_PART_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_MAX_NAME_WORDS = 6
_HANDLE_DIGITS_RE = re.compile(r"^([A-Za-z][\w.-]*?)\d+$")
_MAX_NAME_CHARS = 60
_MAX_CREDENTIAL_CHARS = 6


# Weekday and month names, or a day number ("20 Dec"): a date that slipped into the
# author field. Digits in a handle ("ejp55230") are fine.
_DATE_WORD_RE = re.compile(
    r"^(mon|tues?|wed|thu(rs)?|fri|sat|sun)(day)?\.?$|^\d{1,2}\s"
    r"|^(jan(uary)?|feb(ruary)?|mar(ch)?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?"
    r"|dec(ember)?)\.?$",
    re.IGNORECASE,
)


class Byline(NamedTuple):
    names: tuple[str, ...]
    via: str | None


def parse_byline(text: str) -> Byline:
    """Split a byline into names and a "Via X" / "originally published at X" source."""
    text = " ".join(text.split())  # collapse whitespace runs, strip the ends
    via, end = _find_via(text)
    if via is None and (caps_outlet := _caps_outlet(text)) is not None:
        via, end = caps_outlet["outlet"], caps_outlet.start("outlet")
    text = text[:end].split("|")[0]
    by_match = BYLINE_RE.match(text)
    if by_match is not None:
        text = by_match["names"]
    return Byline(tuple(split_names(text)), via)


_INLINE_SPACES_RE = re.compile(r"[^\S\n]+")


def parse_via(text: str) -> str | None:
    """``parse_byline(text).via`` without reading the names, which costs a few regex
    passes over the whole text (a header line of hundreds of characters). The text's
    lines stay apart: a source named at the end of one does not run on into the next."""
    found = _find_via(" ".join(text.split()))[0]
    if found is None:
        return None  # most texts: read once, with all whitespace collapsed
    return _find_via(_INLINE_SPACES_RE.sub(" ", text))[0]


def _caps_outlet(text: str) -> re.Match[str] | None:
    """The outlet after a byline's names in capitals, not a role ("Staff Writer") nor
    whom the writer writes for ("For The Times")."""
    found = _CAPS_OUTLET_RE.search(text)
    if found is None or found["outlet"].startswith(("For ", "Special ")):
        return None
    return None if AUTHOR_ROLE_RE.match(", " + found["outlet"]) else found


def _find_via(text: str) -> tuple[str | None, int]:
    """The source that a whitespace-collapsed byline names, and where the names end."""
    end = len(text)
    for via_match in VIA_RE.finditer(text):
        end = min(end, via_match.start())
        if VIA_CHANNEL_RE.match(via_match["source"]):
            continue  # "Share via email": a share button, no source
        source = _VIA_END_RE.sub("", via_match["source"])
        unspaced = _UNSPACED_NAME_RE.match(source)
        if unspaced:  # a Chinese or Japanese name ends at the first space
            source = unspaced.group()
        return source.strip(" :-\u2013\u2014") or None, end
    # Looked for only where a post's word is: most bylines hold none.
    wire = _WIRE_WRITER_RE.search(text) if any(map(text.__contains__, _WIRE_POSTS)) else None
    if wire is not None:  # "By JOHN SMITH, Associated Press Writer"
        return wire["agency"], min(end, wire.start())
    return None, end


_WIRE_POSTS = ("Writer", "Correspondent", "Reporter")
# A wire's writer, the agency named in the post after the names: "..., Associated Press
# Writer", "..., AP Business Writer", "..., Reuters Correspondent".
_WIRE_WRITER_RE = re.compile(
    r",\s*(?P<agency>(?:The\s+)?Associated Press|"
    + "|".join(map(re.escape, WIRE_SERVICES))
    + r")(?:\s+[A-Z][a-z]+){0,2}\s+(?:Writer|Correspondent|Reporter)s?\b"
)


# An e-mail address beside a name, bracketed or not: "김민수 기자(minsu.kim@hanbit.kr)".
_EMAIL_RE = re.compile(r"\s*[(\[<]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)\]>]?")
# A reporter's title after the name in Korean, Japanese and Chinese bylines ("김민수 기자",
# "山田太郎記者", "王小明 记者"), with or without a space.
_CJK_TITLE_RE = re.compile(
    r"\s*(?:선임기자|객원기자|수습기자|기자|특파원|논설위원|편집위원|記者|特派員|编辑委员|编委|记者"
    r"|通讯员|特派记者|編集委員)(?=$|[\s,;/·])"
)


# A Chinese paper's byline in full-width brackets (lenticular, tortoise-shell or round):
# "【記者陳怡君" + full-width slash + "台北報導】", the title, the name, and after the slash
# the place it was filed from.
_CJK_BRACKETED_RE = re.compile(
    r"^[\u3010\u3014\uff08]\s*(?:記者|记者|特派員|特派员)?\s*(?P<name>[^\uff0f/\u3011\u3015\uff09]{1,12}?)"
    r"\s*(?:[\uff0f/][^\u3011\u3015\uff09]*)?[\u3011\u3015\uff09]$"
)


def split_names(text: str) -> list[str]:
    """Names in one author string, with prefixes, roles, e-mail addresses and dates
    removed."""
    text = _PREFIX_RE.sub("", " ".join(text.split()))
    if "@" in text:
        text = _EMAIL_RE.sub("", text)
    if (bracketed := _CJK_BRACKETED_RE.match(text)) is not None:
        text = bracketed["name"]  # the reporter, then the place: the name alone
    text = _CJK_TITLE_RE.sub("", text)
    if (caps_outlet := _CAPS_OUTLET_RE.search(text)) is not None:
        text = text[: caps_outlet.start("outlet")]
    text = AUTHOR_ROLE_RE.sub("", text)
    text = _FOR_OUTLET_RE.sub("", text)
    text = _TRAILING_RE.sub("", text)
    if _COMPANY_RE.match(text):
        # A company's name, "Brambleworth Energy, Inc.": its comma parts no two people.
        name = text.strip(" ,:;-\u2013\u2014|·•\"'()[]")
        return [name] if _looks_like_name(name) else []
    names = []
    for part in _SPLIT_RE.split(text):
        head = _DASH_RE.split(part, maxsplit=1)[0]
        if len(head.split()) >= 2:
            # "Jane Doe - Editorial Team": what follows a spaced dash is a role or an
            # outlet (a one-word head, "GURUS - Drupal", is left whole).
            part = head
        name = _undouble(part.strip(" .,:;-\u2013\u2014|·•\"'()[]"))
        name = _NAME_TAIL_RE.sub("", name)
        if _looks_like_name(name):
            names.append(_in_name_case(name))
    return names


def _in_name_case(name: str) -> str:
    """A name of two or more words set in capitals ("HOLLIS BRANDT", a wire's style) as
    a name is written: "Hollis Brandt", "Seán O'Dwyer-McCann". A one-word name in
    capitals may be a handle or an acronym and is left as it is."""
    if len(name.split()) < 2 or not name.isupper():
        return name
    return _NAME_PART_RE.sub(_capitalised, name)


def _capitalised(part: re.Match[str]) -> str:
    word = part.group()
    if len(word) > 3 and word.startswith("MC"):
        return "Mc" + word[2:].capitalize()
    return word.capitalize()


def _undouble(name: str) -> str:
    """ "Jane Doe Jane Doe" (a name and its visually hidden twin) is "Jane Doe"."""
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return name


def clean_authors(raw: Iterable[str], exclude: Iterable[str | None] = ()) -> tuple[str, ...]:
    """Deduplicated names, in order of first appearance; outlet names are dropped, and
    so is an outlet's name after a person's, where a line break parted them in the
    byline ("By Marisa Delgado<br>WNN")."""
    excluded = {word_key(e) for e in exclude if e}
    seen: set[str] = set()
    out: list[str] = []
    for item in raw:
        for name in split_names(item):
            key = word_key(name)
            if excluded and any(key.endswith(f" {outlet}") for outlet in excluded):
                name = _without_outlet(name, excluded)
                key = word_key(name)
            if key in seen or key in excluded:
                continue
            seen.add(key)
            out.append(name)
    return tuple(out)


def _without_outlet(name: str, outlets: set[str]) -> str:
    """``name`` without the last words where they are one of ``outlets`` (``word_key``s)
    and a name of two words or more comes before them."""
    words = name.split()
    for outlet in outlets:
        size = len(outlet.split())
        if len(words) >= size + 2 and word_key(" ".join(words[-size:])) == outlet:
            return " ".join(words[:-size])
    return name


def word_key(text: str) -> str:
    """``text`` as its lower-cased words alone: how names and titles are compared
    ("Jane  Doe," and "jane doe" are one name)."""
    return " ".join(_WORD_RE.findall(text.lower()))


def _looks_like_name(name: str) -> bool:
    if not name or len(name) > _MAX_NAME_CHARS:
        return False
    # A forum handle's digits ("paulb203") are part of the name, where a run of digits
    # alone is an id or a phone number.
    handle = _HANDLE_DIGITS_RE.sub(r"\1", name) if name[-1].isdigit() else name
    if NON_AUTHOR_RE.search(handle):
        return False
    if _NOT_A_NAME_RE.search(name):
        return False
    words = name.split()
    if len(words) > _MAX_NAME_WORDS or _DATE_WORD_RE.search(name):
        return False
    if len(words) == 1 and len(name) <= _MAX_CREDENTIAL_CHARS and name.replace(".", "").isupper():
        # "MS", "RD", "PhD." after a comma are credentials, not co-authors.
        return False
    return any(ch.isalpha() for ch in name)


_BIO_VERBS = frozenset({"is", "was", "has", "writes", "covers", "joined", "leads"})


def reads_as_bio(text: str, authors: Iterable[str], *, full_name: bool = False) -> bool:
    """Whether ``text`` opens as a note about one of the authors: their name (or first
    name) and a verb, "Amar is an avid traveler", "Jane Doe covers energy". With
    ``full_name``, only a person's whole name of two words or more counts (a company
    named as the author opens its own sentences: "Budlong is dedicated to ...")."""
    words = text.split(maxsplit=3)
    for name in authors:
        parts = name.split()
        sizes = ((len(parts),) if len(parts) > 1 else ()) if full_name else (len(parts), 1)
        for size in sizes if parts else ():
            if len(words) > size and words[:size] == parts[:size]:
                return words[size].lower() in _BIO_VERBS
    return False
