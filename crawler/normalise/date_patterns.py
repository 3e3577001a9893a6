"""The vocabulary and the regex table of the date fast path: text -> Fields, with no clock and no zone.

Everything here is a pure function of the text (and of the registry's order hint), so its results
can be cached. One combined regex holds every absolute pattern as a named alternative: a search
finds the leftmost date in the text, and at one position the alternatives are tried in the order
of PATTERNS (the more specific first). Registry formats (`date_formats`) compile to the same kind
of pattern and are tried before the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

DATE_ORDERS = ("DMY", "MDY", "YMD")

_RU_MONTHS = (
    ("января", "январь", "январе", "янв"),
    ("февраля", "февраль", "феврале", "февр", "фев"),
    ("марта", "март", "марте", "мар"),
    ("апреля", "апрель", "апреле", "апр"),
    ("мая", "май", "мае"),
    ("июня", "июнь", "июне", "июн"),
    ("июля", "июль", "июле", "июл"),
    ("августа", "август", "августе", "авг"),
    ("сентября", "сентябрь", "сентябре", "сент", "сен"),
    ("октября", "октябрь", "октябре", "окт"),
    ("ноября", "ноябрь", "ноябре", "нояб", "ноя"),
    ("декабря", "декабрь", "декабре", "дек"),
)
_EN_MONTHS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
MONTHS: dict[str, int] = {
    form: number
    for table in (_RU_MONTHS, _EN_MONTHS)
    for number, forms in enumerate(table, 1)
    for form in forms
}
RU_MONTH_WORDS = frozenset(form for forms in _RU_MONTHS for form in forms)

_WEEKDAYS = (
    "понедельник", "вторник", "среда", "среду", "четверг", "пятница", "пятницу", "суббота", "субботу",
    "воскресенье", "пн", "вт", "ср", "чт", "пт", "сб", "вс",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
)  # fmt: skip


_Trie = dict[str, "_Trie"]


def trie_regex(words: Iterable[str]) -> str:
    """An alternation of words as a trie ('янв(?:ар(?:е|ь|я))?'): one step per character, not per word."""
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return "(?:" + emit(root) + ")"


_EN_MONTH_WORDS = frozenset(form for forms in _EN_MONTHS for form in forms)
# Every regex here runs on lower-cased text (case-insensitive matching of Cyrillic is slow in `re`).
RU_MONTH = rf"(?P<month_name>{trie_regex(RU_MONTH_WORDS)})(?![а-яё])\.?"
EN_MONTH = rf"(?P<month_name>{trie_regex(_EN_MONTH_WORDS)})(?![a-z])\.?"
ANY_MONTH = rf"(?P<month_name>{trie_regex(RU_MONTH_WORDS | _EN_MONTH_WORDS)})(?![а-яёa-z])\.?"
TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?!\d)"
AMPM = r"(?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?![a-z]))?"
OFFSET = r"(?P<offset>z|[+-]\d{2}:?\d{2}|gmt|utc|ut)(?![a-zа-яё])"
TIME_SEP = r"(?:\s*(?:,|\bв\b|-|–|—|\||/|•|·)?\s*)"
YEAR_WORD = r"(?:\s*г(?:ода|\.|(?![а-яё])))?"
WEEKDAY = rf"(?:{trie_regex(_WEEKDAYS)}(?![а-яёa-z])\.?,?\s*)"
_ORDINAL = r"(?:-?(?:го|е|ое|st|nd|rd|th)(?![а-яёa-z]))?"


class Fields(NamedTuple):
    """What one pattern read from the text, before year inference and zone work.

    `offset_minutes` is a UTC offset written in the date itself (ISO 8601, RFC 822); zone words
    around it («(МСК)», "UTC+5") are read by the caller. A NamedTuple: built once per string read.
    """

    year: int | None
    month: int
    day: int | None
    hour: int | None = None
    minute: int | None = None
    second: int = 0
    offset_minutes: int | None = None
    rule: str = ""


FieldsReader = Callable[[dict[str, str | None], str, str], "Fields | None"]


@dataclass(frozen=True)
class DatePattern:
    name: str
    source: str  # the regex text, with plain group names (day, month, year, hour, ...)
    read: FieldsReader


def full_year(text: str) -> int:
    """A 2-digit year by the POSIX pivot: 00-68 -> 2000s, 69-99 -> 1900s."""
    year = int(text)
    if len(text) <= 2:
        year += 2000 if year < 69 else 1900
    return year


def offset_minutes(text: str | None) -> int | None:
    """'+03:00', '+0300', 'Z', 'GMT' -> minutes east of UTC."""
    if not text:
        return None
    if text.lower() in ("z", "gmt", "utc", "ut"):
        return 0
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:])
    return -minutes if text[0] == "-" else minutes


def _twelve_hour(hour: int, ampm: str) -> int:
    if not 1 <= hour <= 12:
        return 99  # "15:00 pm" is no time; validated() drops it
    return hour % 12 + (12 if ampm.startswith("p") else 0)


def read_named(groups: dict[str, str | None], order: str, rule: str = "") -> Fields | None:
    """Fields from named groups (day, month or month_name, year, hour, minute, second, offset).

    Written flat, without helpers: it runs once for every string the fast path reads.
    """
    get = groups.get
    name = get("month_name")
    if name:
        month = MONTHS.get(name.rstrip("."))
        if month is None:
            return None
    else:
        month_text = get("month")
        if not month_text:
            return None
        month = int(month_text)
    year, day, hour, minute, second = get("year"), get("day"), get("hour"), get("minute"), get("second")
    hour_value = int(hour) if hour else None
    ampm = get("ampm")
    if hour_value is not None and ampm:
        hour_value = _twelve_hour(hour_value, ampm)
    return Fields(
        full_year(year) if year else None,
        month,
        int(day) if day else None,
        hour_value,
        int(minute) if minute else None,
        int(second) if second else 0,
        offset_minutes(get("offset")),
        rule,
    )


def _read_numeric_triple(groups: dict[str, str | None], order: str, rule: str) -> Fields | None:
    """`a.b.c` in the source's order; a reading with month > 12 is swapped when only one is valid."""
    a, b, c = groups["a"] or "", groups["b"] or "", groups["c"] or ""
    if order == "YMD" and len(a) <= 2 and len(c) <= 2:
        year, month, day = a, b, c
    elif order == "MDY":
        month, day, year = a, b, c
    else:
        day, month, year = a, b, c
    if len(year) not in (2, 4):
        return None
    if int(month) > 12 and int(day) <= 12:
        month, day = day, month
    named = {**groups, "day": day, "month": month, "year": year}
    return read_named(named, order, rule)


def _read_numeric_pair(groups: dict[str, str | None], order: str, rule: str) -> Fields | None:
    a, b = groups["a"] or "", groups["b"] or ""
    day, month = (b, a) if order == "MDY" else (a, b)
    if int(month) > 12 and int(day) <= 12:
        month, day = day, month
    return read_named({**groups, "day": day, "month": month}, order, rule)


def _pattern(name: str, source: str, read: FieldsReader = read_named) -> DatePattern:
    return DatePattern(name, source, read)


_NUM_SEP = r"(?P<sep>[./-])"
# The table, most specific first. Each alternative is anchored so it never starts inside a number.
PATTERNS: tuple[DatePattern, ...] = (
    _pattern(
        "iso8601",
        r"(?<![\d.])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d])"
        rf"(?:(?:t|\s+){TIME}(?:[.,]\d+)?(?:\s*{OFFSET})?)?",
    ),
    _pattern(
        "ymd_numeric",
        r"(?<![\d.])(?P<year>\d{4})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d.])"
        rf"{YEAR_WORD}(?:{TIME_SEP}{TIME})?",
    ),
    _pattern(
        "rfc822",
        rf"(?<![\d:])(?P<day>\d{{1,2}})\s*{EN_MONTH}\s*,?\s*(?P<year>\d{{4}})(?!\d)"
        rf"(?:{TIME_SEP}{TIME}{AMPM}(?:\s*{OFFSET})?)?",
    ),
    _pattern(
        "en_month_first",
        rf"(?<![a-z]){EN_MONTH}\s*(?P<day>\d{{1,2}}){_ORDINAL},?\s*(?P<year>\d{{4}})(?!\d)"
        rf"(?:{TIME_SEP}{TIME}{AMPM}(?:\s*{OFFSET})?)?",
    ),
    _pattern(
        "time_first_ru",
        rf"(?<![\d:]){TIME}\s*(?:[-–—,|/•·]\s*)?{WEEKDAY}?(?P<day>\d{{1,2}}){_ORDINAL}\s*{RU_MONTH}"
        rf"(?:\s*(?P<year>\d{{4}})(?!\d){YEAR_WORD})?",
    ),
    _pattern(
        "time_first_numeric",
        rf"(?<![\d:]){TIME}\s*(?:[-–—,|/•·]\s*)?(?P<day>\d{{1,2}})(?P<sep>[./-])(?P<month>\d{{1,2}})(?P=sep)"
        r"(?P<year>\d{4}|\d{2})(?![\d./-])",
    ),
    _pattern(
        "year_first_ru",  # "2025, 21 ноября", "2025 г., 21 ноября, 12:41"
        rf"(?<![\d.])(?P<year>\d{{4}}){YEAR_WORD}\s*,\s*(?P<day>\d{{1,2}}){_ORDINAL}\s*{RU_MONTH}"
        rf"(?:{TIME_SEP}{TIME})?",
    ),
    _pattern(
        "day_range_ru",  # "10–15 марта 2025", "с 10 по 15 марта": the first day (an event's start)
        rf"(?<![\d:])(?<!\d[.,])(?P<day>\d{{1,2}})\s*(?:[-–—]|по)\s*\d{{1,2}}\s*{RU_MONTH}"
        rf"(?:\s*,?\s*(?P<year>\d{{4}})(?!\d){YEAR_WORD})?",
    ),
    _pattern(
        "day_month_ru",
        rf"(?<![\d:])(?<!\d[.,])(?P<day>\d{{1,2}}){_ORDINAL}\s*{RU_MONTH}(?:\s*,?\s*(?P<year>\d{{4}})(?!\d){YEAR_WORD})?"
        rf"(?:{TIME_SEP}{TIME})?",
    ),
    _pattern(
        "numeric_dmy",
        rf"(?<![\d.:/-])(?P<a>\d{{1,2}}){_NUM_SEP}(?P<b>\d{{1,2}})(?P=sep)(?P<c>\d{{4}}|\d{{2}})(?![\d])"
        rf"(?![./-]\d){YEAR_WORD}(?:{TIME_SEP}{TIME})?",
        _read_numeric_triple,
    ),
    _pattern(
        "month_year",
        rf"(?<![\d\w])(?<!\d\s){ANY_MONTH}\s*,?\s*(?P<year>\d{{4}})(?!\d){YEAR_WORD}",
    ),
    _pattern(
        "day_month_slash",  # "17/03" (tatarstan.ru), with a time or not; "1/2" is a fraction
        rf"(?<![\d./:-])(?P<a>\d{{1,2}})/(?P<b>\d{{2}})(?![\d/.,-]|:\d)(?:{TIME_SEP}{TIME})?",
        _read_numeric_pair,
    ),
    _pattern(
        "day_month_dot_time",  # "17.03 14:30": a dotted day and month only with a time after them
        rf"(?<![\d./:-])(?P<a>\d{{1,2}})\.(?P<b>\d{{2}})\.?(?:\s*[,|]?\s*|\s+в\s+){TIME}",
        _read_numeric_pair,
    ),
)

# Shapes accepted only when they are the whole (cleaned) text: alone they are dates, inside
# a sentence they are too often a decimal, a score or a document number.
SHORT_ONLY: tuple[DatePattern, ...] = (
    _pattern("day_month_dotted", r"(?P<a>\d{1,2})\.(?P<b>\d{2})\.?", _read_numeric_pair),
    _pattern("iso_year_month", r"(?P<year>\d{4})-(?P<month>\d{1,2})"),
)

URL_PATTERNS: tuple[DatePattern, ...] = (
    _pattern(
        "url_mosreg_slug",
        r"/(?P<day>\d{2})-(?P<month>\d{2})-(?P<year>\d{4})-(?P<hour>\d{2})-(?P<minute>\d{2})-(?P<second>\d{2})-",
    ),
    _pattern(
        "url_compact_time",
        r"/(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})(?P<second>\d{2})(?:[/.]|$)",
    ),
    _pattern("url_compact", r"/(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:[/._-]|$)"),
    _pattern("url_slashes", r"/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:[/.]|$)"),
    _pattern("url_dashes", r"/(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[/._]|$)"),
)


# --- the combined regex -------------------------------------------------------------------------

_GROUP = re.compile(r"\(\?P<([a-z_]+)>")
_BACKREF = re.compile(r"\(\?P=([a-z_]+)\)")


def _renamed(source: str, index: int) -> str:
    """Group names suffixed with the alternative's index, so one regex can hold every pattern."""
    source = _GROUP.sub(lambda m: f"(?P<{m.group(1)}_{index}>", source)
    return _BACKREF.sub(lambda m: f"(?P={m.group(1)}_{index})", source)


@dataclass(frozen=True)
class PatternSet:
    """Patterns compiled into one regex; `scan` yields Fields for each leftmost match that reads."""

    patterns: tuple[DatePattern, ...]
    regex: re.Pattern[str]
    names: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # per pattern: plain and renamed groups

    @classmethod
    def build(cls, patterns: tuple[DatePattern, ...], *, whole: bool = False) -> PatternSet:
        parts = [f"(?P<p_{i}>{_renamed(p.source, i)})" for i, p in enumerate(patterns)]
        body = "|".join(parts)
        regex = rf"^\s*(?:{body})\s*$" if whole else body
        names = []
        for i, p in enumerate(patterns):
            plain = (*dict.fromkeys(_GROUP.findall(p.source)), "p")  # "p": at least two groups
            names.append((plain, (*(f"{name}_{i}" for name in plain[:-1]), f"p_{i}")))
        return cls(patterns, re.compile(regex), tuple(names))

    def scan(self, text: str, order: str) -> Fields | None:
        found = self.find(text, order)
        return found[0] if found else None

    def find(self, text: str, order: str) -> tuple[Fields, int, int] | None:
        """The leftmost match that reads as a valid date, with its span; a failed one restarts a char on."""
        position = 0
        while position <= len(text):
            match = self.regex.search(text, position)
            if match is None:
                return None
            fields = self._read(match, order)
            if fields is not None:
                return fields, match.start(), match.end()
            position = match.start() + 1
        return None

    def _read(self, match: re.Match[str], order: str) -> Fields | None:
        index = int((match.lastgroup or "p_0")[2:])  # the wrapper group closes last
        pattern = self.patterns[index]
        shorts, fulls = self.names[index]
        groups = dict(zip(shorts, match.group(*fulls), strict=True))
        fields = pattern.read(groups, order, pattern.name)
        return validated(fields) if fields is not None else None


def _days_in_month(year: int | None, month: int) -> int:
    if month == 2:
        leap = year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def validated(fields: Fields) -> Fields | None:
    """None for an impossible date; an impossible time is dropped and the date kept."""
    if not 1 <= fields.month <= 12:
        return None
    if fields.year is not None and not 1900 <= fields.year <= 2100:
        return None
    if fields.day is not None and not 1 <= fields.day <= _days_in_month(fields.year, fields.month):
        return None
    if fields.hour is None or fields.minute is None:
        if fields.hour is None and fields.minute is None:
            return fields
        return fields._replace(hour=None, minute=None, second=0)
    if not (0 <= fields.hour <= 23 and 0 <= fields.minute <= 59 and 0 <= fields.second <= 59):
        return fields._replace(hour=None, minute=None, second=0, offset_minutes=None)
    if fields.offset_minutes is not None and abs(fields.offset_minutes) > 14 * 60:
        return None
    return fields


TABLE = PatternSet.build(PATTERNS)
SHORT_TABLE = PatternSet.build(SHORT_ONLY, whole=True)
URL_TABLE = PatternSet.build(URL_PATTERNS)
