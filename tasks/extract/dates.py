"""Dates as pages write them, to an aware datetime when a time with an offset is given
and to a calendar date otherwise. A time is never invented: "2014-12-03" and
"Posted on 12/3/14" give a date and no datetime.
"""

# Turkish month names have a dotless i, which is the letter meant, not a look-alike.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import NamedTuple

_ISO_RE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?"
)
# "2025.12.17" and "2025/12/17": year first with dots or slashes.
_YMD_RE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.])"
)
# "2025年3月4日" (Chinese, Japanese) and "2025년 3월 4일" (Korean).
_CJK_RE = re.compile(r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]")
_COMPACT_RE = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:T|$)")
_NUMERIC_RE = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?!\d)"
)
# "11-29-2024" (forum post stamps): dashes only with a four-digit year, and only where
# a value is parsed, never searched for in running text.
_DASHED_RE = re.compile(
    r"(?<![\d-])(?P<a>\d{1,2})(?P<sep>-)(?P<b>\d{1,2})-(?P<y>(?:19|20)\d{2})(?![\d-])"
)
# Month names as pages write them, each month's number and then its names: English,
# French, German, Spanish, Italian, Portuguese, Dutch, the Scandinavian languages,
# Romanian, Indonesian, then the forms a date takes in Polish, Czech, Russian,
# Ukrainian, Finnish and Greek (the genitive: "4 марта 2025"), Turkish, Hungarian,
# Arabic, Urdu, Hindi, Bengali, Croatian, Serbian (both alphabets), Malay, Tagalog,
# Kazakh, Georgian, Armenian (and its genitive) and Tamil.
_MONTH_TABLE = """
 1 jan january janv januar enero gennaio janeiro januari ianuarie stycznia ledna
   января січня tammikuuta ιανουαρίου ocak január يناير جنوری जनवरी জানুয়ারি
   siječnja јануар јануара
   аңтар იანვარი հունվար հունվարի ஜனவரி
 2 feb february febr févr februar febrero febbraio fevereiro februari februarie
   lutego února февраля лютого helmikuuta φεβρουαρίου şubat február فبراير فروری
   फ़रवरी फरवरी ফেব্রুয়ারি veljače фебруар фебруара
   pebrero ақпан თებერვალი փետրվար փետրվարի பிப்ரவரி
 3 mar march mars märz marzo março maart marts martie maret marca března марта
   березня maaliskuuta μαρτίου mart március مارس مارچ मार्च মার্চ ožujka март
   mac marso наурыз მარტი մարտ մարտի மார்ச்
 4 apr april avr avril abril aprile aprilie kwietnia dubna апреля квітня huhtikuuta
   απριλίου nisan április أبريل اپریل अप्रैल এপ্রিল travnja април априла
   сәуір აპრილი ապրիլ ապրիլի ஏப்ரல்
 5 may mai mayo maggio maio mei maj maja května мая травня toukokuuta μαΐου mayıs
   május مايو مئی मई মে svibnja мај маја
   мамыр მაისი մայիս մայիսի மே
 6 jun june juin juni junio giugno junho iunie czerwca června июня червня kesäkuuta
   ιουνίου haziran június يونيو جون जून জুন lipnja јун јуна
   hunyo маусым ივნისი հունիս հունիսի ஜூன்
 7 jul july juil juillet juli julio luglio julho iulie lipca července июля липня
   heinäkuuta ιουλίου temmuz július يوليو جولائی जुलाई জুলাই srpnja јул јула
   julai hulyo шілде ივლისი հուլիս հուլիսի ஜூலை
 8 aug august août agosto augustus augusti agustus sierpnia srpna августа серпня
   elokuuta αυγούστου ağustos augusztus أغسطس اگست अगस्त আগস্ট kolovoza avgust
   avgusta август
   ogos тамыз აგვისტო օգոստոս օգոստոսի ஆகஸ்ட்
 9 sep sept september septembre septiembre settembre setembro septembrie września
   září сентября вересня syyskuuta σεπτεμβρίου eylül szeptember سبتمبر ستمبر सितंबर
   सितम्बर সেপ্টেম্বর rujna septembar septembra септембар септембра
   setyembre қыркүйек სექტემბერი սեպտեմբեր սեպտեմբերի செப்டம்பர்
10 oct october octobre oktober octubre ottobre outubro octombrie października října
   октября жовтня lokakuuta οκτωβρίου ekim október أكتوبر اکتوبر अक्टूबर অক্টোবর
   oktobar oktobra октобар октобра
   oktubre қазан ოქტომბერი հոկտեմբեր հոկտեմբերի அக்டோபர்
11 nov november novembre noviembre novembro noiembrie listopada listopadu ноября
   листопада marraskuuta νοεμβρίου kasım نوفمبر نومبر नवंबर नवम्बर নভেম্বর studenoga
   studenog novembar novembra новембар новембра
   nobyembre қараша ნოემბერი նոյեմբեր նոյեմբերի நவம்பர்
12 dec december décembre dezember dic diciembre dicembre dezembro desember decembrie
   grudnia prosince декабря грудня joulukuuta δεκεμβρίου aralık ديسمبر دسمبر दिसंबर
   दिसम्बर ডিসেম্বর prosinca decembar decembra децембар децембра
   disember disyembre желтоқсан დეკემბერი դեկտեմբեր դեկտեմբերի டிசம்பர்
"""
# Where a name means another month in one language than in the table: Croatian
# "listopada" is October, Polish (and the table) November. A date read with such a name
# carries the language's reading too (``ParsedDate.in_locale``).
_LANGUAGE_MONTHS: dict[str, dict[str, int]] = {"hr": {"listopad": 10, "listopada": 10}}


def _month_numbers(table: str) -> dict[str, int]:
    """Each name of ``table`` with its month's number; each also as its capitals
    lower-case back ("KASIM" to "kasim", "ΜΑΪΟΥ" to "μαϊου"), since a page may write the
    month in capitals and a pattern that ignores case does not restore a dotless i or
    an accent."""
    numbers: dict[str, int] = {}
    number = 0
    for row in table.splitlines():
        number = int(row[:2]) if row[:2].strip() else number
        for name in row[2:].split():
            numbers[name] = numbers[name.upper().lower()] = number
    return numbers


_MONTHS = _month_numbers(_MONTH_TABLE)
# Where a month name may stand: a word (a letter, then up to 15 more characters that
# are no space, digit or punctuation; Indic scripts write vowel signs that are no
# letters). The name found is then looked up in ``_MONTHS``: one pattern for any word
# costs a search half what an alternation of all the names does.
_MONTH_WORD = r"[^\W\d_][^\s\d.,:;!?()\[\]/|\"'\u201c\u201d\u00ab\u00bb-]{1,15}"
_MDY_RE = re.compile(
    rf"\b(?P<mon>{_MONTH_WORD})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
# "2023 Jan 7", the year-first order of citations (PubMed, Highwire Press tags), and
# Hungarian's "2025. március 4.".
_YMD_NAME_RE = re.compile(
    rf"\b(?P<y>\d{{4}})[.,]?\s+(?P<mon>{_MONTH_WORD})\.?\s+(?P<d>\d{{1,2}})(?!\d)",
    re.IGNORECASE,
)
_DMY_RE = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:(?:of|de)\s+)?(?P<mon>{_MONTH_WORD})\.?,?"
    rf"\s+(?:del?\s+)?(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
_URL_DATE_RE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?:/|-|$)"
)
_URL_NAMED_DATE_RE = re.compile(
    rf"/(?P<y>(?:19|20)\d{{2}})/(?P<mon>{_MONTH_WORD})/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|-|$)",
    re.IGNORECASE,
)
_URL_MONTH_RE = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0[1-9]|1[0-2])/")
_TZ_RE = re.compile(r"(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})?")


class ParsedDate(NamedTuple):
    """``at`` is set only when the source gave a time and an offset; ``date`` always.
    ``day_first`` is the other reading of a date such as "03/10/2023", read month
    first here as US pages write it; the page's locale decides (``in_locale``)."""

    at: dt.datetime | None
    date: dt.date
    day_first: dt.date | None = None
    # The reading of a month's name in the one language where it means another month
    # (``_LANGUAGE_MONTHS``): the language and the date.
    in_language: tuple[str, dt.date] | None = None

    def in_locale(self, page_reads_day_first: bool, language: str | None = None) -> ParsedDate:
        """The date as the page means it (see ``reads_day_first``), in its language."""
        if self.in_language is not None and language:
            code, date = self.in_language
            if language.lower().split("-")[0] == code:
                return ParsedDate(None, date)
        if self.day_first is None or not page_reads_day_first:
            return self
        return ParsedDate(None, self.day_first)


# English as written in the US (and unmarked English) puts the month first; so do
# pages under the top-level domains of the countries that write it that way.
_MONTH_FIRST_LANGUAGES = frozenset({"en", "en-us", "en-ph", "en-ca"})
_MONTH_FIRST_TLDS = frozenset({"us", "ph", "ca"})


def reads_day_first(language: str | None, host: str = "") -> bool:
    """Whether a page writes 03/10/2023 for 3 October: from its language (all but US
    English), else from a country top-level domain (.br, .de, .uk; not .us). Pages
    with neither read the US way."""
    if language:
        return language.lower() not in _MONTH_FIRST_LANGUAGES
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    return len(tld) == 2 and tld.isalpha() and tld not in _MONTH_FIRST_TLDS


def parse_date(text: str | None) -> ParsedDate | None:
    """Parse a date as found in metadata or a dateline; None when there is none."""
    if not text:
        return None
    text = text.strip()[:200]
    parsers = (_parse_iso, _parse_compact, _parse_rfc2822, _parse_month_name, _parse_ymd)
    for parse in (*parsers, _parse_numeric, _parse_dashed):
        found = parse(text)
        if found is not None:
            return found
    return None


# The formats find_date reads. Each needs a digit, and all but the numeric one a run of
# four (the year): one quick search for those spares the longer patterns most texts.
_FOUND_FORMATS = (_ISO_RE, _MDY_RE, _DMY_RE, _CJK_RE, _NUMERIC_RE)
_YEARLESS_FORMATS = (_NUMERIC_RE,)
_DIGIT_RE = re.compile(r"\d")
_FOUR_DIGITS_RE = re.compile(r"\d{4}")


def _formats_in(text: str) -> tuple[re.Pattern[str], ...]:
    """The formats of ``_FOUND_FORMATS`` that can match in ``text``, in their order."""
    if _FOUR_DIGITS_RE.search(text) is not None:
        return _FOUND_FORMATS
    return _YEARLESS_FORMATS if _DIGIT_RE.search(text) is not None else ()


def find_date(text: str) -> ParsedDate | None:
    """The first date written anywhere in ``text`` (a dateline, a header line)."""
    best: ParsedDate | None = None
    best_at = len(text) + 1
    # The text step drops paragraphs that are only a date: a new format here changes
    # its output too, so year-first dates are left to ``parse_date``.
    for regex in _formats_in(text):
        for match in regex.finditer(text):
            if match.start() >= best_at:
                break
            parsed = parse_date(match.group(0))
            if parsed is not None:
                best, best_at = parsed, match.start()
                break
    return best


class DateSpan(NamedTuple):
    """A date written in a text, and where it starts and ends."""

    start: int
    end: int
    parsed: ParsedDate


def find_date_at(text: str, *, last: bool = False) -> DateSpan | None:
    """The first (or, with ``last``, the last) date written in ``text`` in the formats
    ``find_date`` reads, with where it is."""
    found: list[DateSpan] = []
    for regex in _formats_in(text):
        for match in regex.finditer(text):
            parsed = parse_date(match.group(0))
            if parsed is not None:
                found.append(DateSpan(match.start(), match.end(), parsed))
                if not last:
                    break
    if not found:
        return None
    pick = max if last else min
    return pick(found, key=lambda span: span.start)


def dates_in(text: str) -> Iterator[DateSpan]:
    """Every date written in ``text``, in order, each found by ``find_date_at`` on the
    text after the one before it (positions are in ``text``)."""
    start = 0
    while (found := find_date_at(text[start:])) is not None:
        yield DateSpan(start + found.start, start + found.end, found.parsed)
        start += found.end


def date_from_url(url: str | None) -> dt.date | None:
    """The date in a URL path such as /2014/12/03/ or /2023/october/03/ (a month
    alone is not a date)."""
    if not url:
        return None
    match = _URL_DATE_RE.search(url)
    if match is not None:
        return _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
    named = _URL_NAMED_DATE_RE.search(url)
    if named is not None:
        month = _MONTHS.get(named["mon"].lower())
        return _make_date(int(named["y"]), month, int(named["d"])) if month else None
    return None


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _offset(tz: str) -> dt.tzinfo | None:
    if tz.upper() in {"Z", "UTC", "GMT"}:
        return dt.UTC
    match = _TZ_RE.fullmatch(tz)
    if match is None:
        return None
    minutes = int(match["h"]) * 60 + int(match["m"] or 0)
    if minutes >= 24 * 60:
        return None
    sign = -1 if match["sign"] == "-" else 1
    return dt.timezone(dt.timedelta(minutes=sign * minutes))


def _parse_iso(text: str) -> ParsedDate | None:
    match = _ISO_RE.search(text)
    if match is None:
        return None
    day = _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
    if day is None:
        return None
    if match["H"] is None or match["tz"] is None:
        return ParsedDate(None, day)
    tzinfo = _offset(match["tz"])
    hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    if tzinfo is None or hour > 23 or minute > 59 or second > 59:
        return ParsedDate(None, day)
    at = dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo)
    return ParsedDate(at, day)


def _parse_compact(text: str) -> ParsedDate | None:
    match = _COMPACT_RE.match(text)
    if match is None:
        return None
    day = _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
    return ParsedDate(None, day) if day else None


def _parse_rfc2822(text: str) -> ParsedDate | None:
    if "," not in text[:5] or ":" not in text:
        return None
    try:
        at = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if _make_date(at.year, at.month, at.day) is None:
        return None
    if at.tzinfo is None:
        return ParsedDate(None, at.date())
    return ParsedDate(at, at.date())


def _parse_month_name(text: str) -> ParsedDate | None:
    for regex in (_MDY_RE, _DMY_RE, _YMD_NAME_RE):
        for match in regex.finditer(text):
            name = match["mon"].lower()
            month = _MONTHS.get(name)
            if month is not None:
                year, day_of_month = int(match["y"]), int(match["d"])
                day = _make_date(year, month, day_of_month)
                return (
                    ParsedDate(None, day, None, _in_language(name, year, day_of_month))
                    if day
                    else None
                )
    return None


def _in_language(name: str, year: int, day_of_month: int) -> tuple[str, dt.date] | None:
    for language, months in _LANGUAGE_MONTHS.items():
        month = months.get(name)
        if month is not None:
            day = _make_date(year, month, day_of_month)
            return (language, day) if day else None
    return None


def _parse_ymd(text: str) -> ParsedDate | None:
    """Year, month and day in numbers: "2025.12.17", "2025/12/17", "2025年3月4日"."""
    match = _YMD_RE.search(text) or _CJK_RE.search(text)
    if match is None:
        return None
    day = _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
    return ParsedDate(None, day) if day else None


def _parse_numeric(text: str) -> ParsedDate | None:
    """M/D/YY as US pages write it, D.M.YYYY as European ones do; the order flips when
    the first number cannot be a month. An M/D reading that could be D/M carries that
    one too (``ParsedDate.day_first``)."""
    return _numeric_date(_NUMERIC_RE.search(text))


def _parse_dashed(text: str) -> ParsedDate | None:
    """M-D-YYYY or D-M-YYYY where one number cannot be a month: both orders are common
    with dashes, and neither the language nor the country of a page tells which."""
    match = _DASHED_RE.search(text)
    if match is None or max(int(match["a"]), int(match["b"])) <= 12:
        return None
    return _numeric_date(match)


def _numeric_date(match: re.Match[str] | None) -> ParsedDate | None:
    if match is None:
        return None
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    day_first = match["sep"] == "." or first > 12
    month, day_of_month = (second, first) if day_first else (first, second)
    day = _make_date(year, month, day_of_month)
    if day is None:
        return None
    if day_first or first == second:
        return ParsedDate(None, day)
    # Both numbers can be the month: keep the other reading for the page's language.
    return ParsedDate(None, day, _make_date(year, second, first))
