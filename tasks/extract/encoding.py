"""Bytes to text: a BOM, then the page's own declaration, then a statistical guess.

Declarations lie in one common way: a page says ISO-8859-1 (or nothing) while its bytes
are UTF-8. Valid multi-byte UTF-8 almost never happens by chance in single-byte text, so
UTF-8 that decodes cleanly wins over a single-byte declaration; that avoids mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
# WHATWG: these labels mean windows-1252 in a browser, which is what authors tested with.
_WINDOWS_1252_ALIASES = frozenset({"latin_1", "iso8859_1", "ascii", "cp819"})
_SNIFF_BYTES = 4096
# The byte that switches ISO-2022 between its character sets.
_ESCAPE = b"\x1b"
# Statistical guesses between Latin single-byte code pages are unreliable on short
# pages; without a declaration a browser reads them as windows-1252, so do we.
_LATIN_GUESSES = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "latin_1",
        "iso8859_1",
        "iso8859_2",
        "iso8859_9",
        "iso8859_13",
        "iso8859_15",
        "mac_roman",
        "mac_latin2",
        "cp850",
        "cp437",
    }
)


def declared_charset(data: bytes) -> str | None:
    """The Python codec name the page declares in its first bytes, if it is a known one."""
    head = data[:_SNIFF_BYTES]
    match = _XML_DECL_RE.search(head) or _META_CHARSET_RE.search(head)
    if match is None:
        return None
    return normalise_charset(match.group(1).decode("ascii", "ignore"))


def normalise_charset(label: str) -> str | None:
    """A Python codec name for an HTTP/HTML charset label, or None if unknown; spelled
    with underscores ("iso8859_1", "utf_8"), which ``codecs`` names with hyphens as
    often ("iso8859-1", "utf-8") and the tests here compare with."""
    try:
        name = codecs.lookup(label.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None
    if name in _WINDOWS_1252_ALIASES:
        return "cp1252"
    return name


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode a page's bytes; never raises, never returns mojibake for valid UTF-8.

    ``declared`` is a charset from outside the document (an HTTP Content-Type header),
    which takes precedence over the document's own declaration.
    """
    return decode_html_exact(data, declared)[0]


def decode_html_exact(data: bytes, declared: str | None = None) -> tuple[str, bool]:
    """``decode_html`` and whether its text is exactly ``data`` read as UTF-8: then the
    bytes themselves can go to the parser (which reads UTF-8) instead of the text
    encoded once more."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), False
    if _ESCAPE in data:
        # ISO-2022 text (Japanese mail and old pages) is 7-bit, so valid UTF-8 too: only
        # its declaration tells, and its escape sequences say the declaration is right.
        charset = _declaration(data, declared)
        if charset is not None and charset.startswith("iso2022"):
            try:
                return data.decode(charset), False
            except UnicodeDecodeError:
                pass
    utf8 = decode_utf8(data)
    if utf8 is not None:
        return utf8
    # Valid UTF-8 wins over any declaration, so the declaration is read only now.
    charset = _declaration(data, declared)
    if charset is not None and charset.startswith("utf_16"):
        # A page that decoded far enough to read an ASCII <meta> is not UTF-16.
        charset = None
    if charset is not None and charset != "utf_8":
        try:
            return data.decode(charset), False
        except (UnicodeDecodeError, LookupError):
            pass
    return _guess(data), False


def _declaration(data: bytes, declared: str | None) -> str | None:
    """The charset from outside the document (``declared``), or else the page's own."""
    return (normalise_charset(declared) if declared else None) or declared_charset(data)


def cut_before_decoding(data: bytes) -> bool:
    """Whether every ASCII byte of ``data`` may be read as that character before the page
    is decoded: it opens with no BOM (UTF-16 and UTF-32 are no ASCII; UTF-8's is decoded
    away) and holds no ISO-2022 escape (whose two-byte text uses ASCII bytes)."""
    return not data.startswith(_BOM_PREFIXES) and _ESCAPE not in data


def decode_utf8(data: bytes) -> tuple[str, bool] | None:
    """``decode_html_exact`` of ``data`` that has no BOM, where its bytes are UTF-8;
    None where they are not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Checked on the bytes first: a C-speed scan that almost every page passes.
    # The signature starts with byte C3: ``find`` skips to it faster than the regex.
    first = data.find(b"\xc3")
    if first < 0 or _SUSPECT_BYTES_RE.search(data, first) is None:
        return text, True
    repaired = repair_double_encoding(text)
    return repaired, repaired == text


# A UTF-8 lead byte read as Latin-1 or windows-1252 (Â..ô) followed by what its
# continuation bytes become in those code pages: the signature of text that was decoded
# with the wrong codec and saved again as UTF-8 ("Investorâ\x80\x99s", "cafÃ©").
_CONTINUATION = "\u0080-\u00bf" + "".join(
    bytes([byte]).decode("cp1252", errors="ignore") for byte in range(0x80, 0xA0)
)
_DOUBLE_ENCODED_RE = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]{{1,3}}")
# The same signature in the UTF-8 bytes, loosely: a lead character (C3 82..C3 B4), then
# the first byte of a continuation character (C2 for U+0080-U+00BF; C5, C6, CB, E2 80,
# E2 82, E2 84 for the windows-1252 ones). A page without it has nothing to repair, and
# the literal C3 lets the regex engine skip ahead instead of testing every character.
_SUSPECT_BYTES_RE = re.compile(rb"\xc3[\x82-\xb4](?:[\xc2\xc5\xc6\xcb]|\xe2[\x80\x82\x84])")


def repair_double_encoding(text: str) -> str:
    """Undo UTF-8 that was decoded as Latin-1/windows-1252 and encoded again (the page
    itself is stored that way). Each suspect run is re-read only when its bytes form
    valid UTF-8 of the right length, so real accented text is left alone."""
    if text.isascii():  # O(1) for str: nothing to repair
        return text
    return _DOUBLE_ENCODED_RE.sub(_redecode, text)


def _redecode(match: re.Match[str]) -> str:
    run = match.group(0)
    raw = bytearray()
    for char in run:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return run
            raw.append(ord(char))  # C1 controls are undefined in cp1252, kept as Latin-1
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return run


def _guess(data: bytes) -> str:
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding and normalise_charset(best.encoding) in _LATIN_GUESSES:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")
