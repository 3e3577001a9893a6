"""Russian date strings -> ParsedDate: a table of regex patterns first, dateparser as the fallback.

The fast path covers the formats in shared/knowledge/date-formats.md (about 3 µs a string); each
pattern is one row of PATTERNS, so new formats are added as data. Nothing is invented: a time is
kept only when the text gave one, a year-less date gets the most recent fitting year.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

logger = logging.getLogger(__name__)

PRECISIONS = ("minute", "day", "month")
MAX_TEXT = 200  # longer strings are not date stamps; cut before any regex or dateparser work

_MONTH_TOKENS: dict[str, int] = {}
for _number, _forms in enumerate(
    (
        ("января", "январь", "янв"),
        ("февраля", "февраль", "февр", "фев"),
        ("марта", "март", "мар"),
        ("апреля", "апрель", "апр"),
        ("мая", "май"),
        ("июня", "июнь", "июн"),
        ("июля", "июль", "июл"),
        ("августа", "август", "авг"),
        ("сентября", "сентябрь", "сент", "сен"),
        ("октября", "октябрь", "окт"),
        ("ноября", "ноябрь", "нояб", "ноя"),
        ("декабря", "декабрь", "дек"),
    ),
    start=1,
):
    for _form in _forms:
        _MONTH_TOKENS[_form] = _number
_EN_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}

_MONTH_RE = "|".join(sorted(_MONTH_TOKENS, key=len, reverse=True))
_RU_MONTH = rf"(?P<month_name>{_MONTH_RE})(?![а-яё])\.?"
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?!\d)"
_TIME_SEP = r"(?:\s*(?:,|\bв\b|-|–|—|\|)?\s*)"
_OFFSET = r"(?P<offset>Z|[+-]\d{2}:?\d{2}|GMT|UTC|UT)"
_YEAR_WORD = r"(?:\s*г(?:ода|\.|(?![а-яё])))?"

_LABELS = re.compile(
    r"^\s*(?:опубликовано|дата\s+публикации|дата\s+размещения|размещено|опубликован[аы]?|дата|"
    r"published|date)(?![а-яёa-z])\s*:?\s*",
    re.IGNORECASE,
)
_MSK = re.compile(r"\(?\s*\bмск\b\s*\)?", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u200a\u202f\u2060\ufeff]+")


@dataclass(frozen=True)
class ParsedDate:
    local_date: datetime.date
    local_time: datetime.time | None  # only when the text gave a time; never invented
    timezone: str  # IANA
    precision: str  # "minute" | "day" | "month"
    raw: str
    method: str | None = None

    @property
    def utc(self) -> datetime.datetime | None:
        """The aware UTC instant, only when the text gave a time."""
        if self.local_time is None:
            return None
        local = datetime.datetime.combine(self.local_date, self.local_time, tzinfo=ZoneInfo(self.timezone))
        return local.astimezone(datetime.UTC)


@dataclass(frozen=True)
class _Fields:
    """What one pattern match found, before validation and time-zone work."""

    year: int | None
    month: int
    day: int | None
    hour: int | None = None
    minute: int | None = None
    second: int = 0
    offset: datetime.tzinfo | None = None


@dataclass(frozen=True)
class DatePattern:
    name: str
    regex: re.Pattern[str]
    to_fields: Callable[[re.Match[str]], _Fields | None]


def _int(match: re.Match[str], group: str) -> int | None:
    value = match.groupdict().get(group)
    return int(value) if value else None


def _offset(text: str | None) -> datetime.tzinfo | None:
    if not text:
        return None
    if text.upper() in ("Z", "GMT", "UTC", "UT"):
        return datetime.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    delta = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return datetime.timezone(sign * delta)


def _generic_fields(match: re.Match[str]) -> _Fields | None:
    groups = match.groupdict()
    if groups.get("month_name"):
        month = _MONTH_TOKENS[groups["month_name"].lower()]
    elif groups.get("month_en"):
        month = _EN_MONTHS[groups["month_en"].lower()[:3]]
    else:
        month = int(groups["month"])
    year = _int(match, "year")
    if year is not None and year < 100:
        year += 2000
    return _Fields(
        year=year,
        month=month,
        day=_int(match, "day"),
        hour=_int(match, "hour"),
        minute=_int(match, "minute"),
        second=_int(match, "second") or 0,
        offset=_offset(groups.get("offset")),
    )


def _pattern(name: str, regex: str) -> DatePattern:
    return DatePattern(name, re.compile(regex, re.IGNORECASE), _generic_fields)


# Order matters: the first pattern that matches and validates wins.
PATTERNS: list[DatePattern] = [
    _pattern(
        "iso8601",
        rf"(?<!\d)(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?!\d)"
        rf"(?:[T\s]+{_TIME}(?:\.\d+)?\s*{_OFFSET}?)?",
    ),
    _pattern(
        "rfc822",
        r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?(?P<day>\d{1,2})\s+"
        r"(?P<month_en>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<year>\d{4})"
        rf"(?:\s+{_TIME}\s*{_OFFSET}?)?",
    ),
    _pattern(
        "time_first_ru",
        rf"{_TIME}\s*(?:[-–—,|]\s*)?(?P<day>\d{{1,2}})\s+{_RU_MONTH}\s*(?P<year>\d{{4}})",
    ),
    _pattern(
        "time_first_numeric",
        rf"{_TIME}\s*(?:[-–—,|]\s*)?(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})(?!\d)",
    ),
    _pattern(
        "day_month_ru",
        rf"(?<!\d)(?P<day>\d{{1,2}})\s*{_RU_MONTH}(?:\s*(?P<year>\d{{4}})(?!\d){_YEAR_WORD})?"
        rf"(?:{_TIME_SEP}{_TIME})?",
    ),
    _pattern(
        "numeric_dmy",
        rf"(?<!\d)(?<!\d[./-])(?P<day>\d{{1,2}})(?P<sep>[./-])(?P<month>\d{{1,2}})(?P=sep)"
        rf"(?P<year>\d{{4}}|\d{{2}})(?!\d)(?![./-]\d){_YEAR_WORD}(?:{_TIME_SEP}{_TIME})?",
    ),
    _pattern("month_year_ru", rf"(?<![\d\w])(?<!\d\s){_RU_MONTH}\s*(?P<year>\d{{4}})(?!\d){_YEAR_WORD}"),
    _pattern("day_slash_month", r"(?<![\d./])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?![\d/])"),
]

_URL_PATTERNS: list[DatePattern] = [
    _pattern(
        "url_mosreg_slug",
        r"/(?P<day>\d{2})-(?P<month>\d{2})-(?P<year>\d{4})-(?P<hour>\d{2})-(?P<minute>\d{2})-(?P<second>\d{2})-",
    ),
    _pattern(
        "url_compact_time",
        r"/(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})(?P<second>\d{2})(?:[/.]|$)",
    ),
    _pattern("url_compact", r"/(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:[/.]|$)"),
    _pattern("url_slashes", r"/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:[/.]|$)"),
    _pattern("url_dashes", r"/(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[/.]|$)"),
]


def clean_date_text(text: str) -> str:
    """Collapse odd spaces, drop labels ("Опубликовано:") and the "(МСК)" marker."""
    text = _SPACES.sub(" ", text).strip()
    text = _LABELS.sub("", text)
    text = _MSK.sub(" ", text)
    return _SPACES.sub(" ", text).strip(" |•·")


def _aware_now(now: datetime.datetime) -> datetime.datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_date needs a timezone-aware `now`")
    return now


def _infer_year(month: int, day: int, today: datetime.date) -> int | None:
    """The most recent year in which (day, month) is not after today + 1 day."""
    limit = today + datetime.timedelta(days=1)
    for year in range(limit.year, limit.year - 9, -1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        if candidate <= limit:
            return year
    return None


def _build(fields: _Fields, zone: ZoneInfo, tz: str, raw: str, today: datetime.date) -> ParsedDate | None:
    """Validate the fields and turn them into a ParsedDate in `tz`, or None when impossible."""
    year = fields.year
    if year is None:
        if fields.day is None:
            return None
        year = _infer_year(fields.month, fields.day, today)
        if year is None:
            return None
    if not 1900 <= year <= 2100:
        return None
    try:
        date = datetime.date(year, fields.month, fields.day or 1)
        time = None
        if fields.hour is not None and fields.minute is not None:
            time = datetime.time(fields.hour, fields.minute, fields.second)
    except ValueError:
        return None
    if time is not None and fields.offset is not None:
        local = datetime.datetime.combine(date, time, tzinfo=fields.offset).astimezone(zone)
        date, time = local.date(), local.time().replace(tzinfo=None)
    precision = "minute" if time is not None else ("day" if fields.day is not None else "month")
    return ParsedDate(local_date=date, local_time=time, timezone=tz, precision=precision, raw=raw)


def _fast_path(text: str, zone: ZoneInfo, tz: str, raw: str, today: datetime.date) -> ParsedDate | None:
    cleaned = clean_date_text(text)
    # a "(МСК)" marker means Moscow time whatever the source's zone
    msk = _MSK.search(text) is not None
    for pattern in PATTERNS:
        for match in pattern.regex.finditer(cleaned):
            fields = pattern.to_fields(match)
            if fields is None:
                continue
            if msk and fields.offset is None and fields.hour is not None:
                fields = replace(fields, offset=_moscow_offset(fields))
            parsed = _build(fields, zone, tz, raw, today)
            if parsed is not None:
                return parsed
    return None


def _moscow_offset(fields: _Fields) -> datetime.tzinfo:
    """The fixed UTC offset of Moscow on the given date (Moscow had DST until 2011)."""
    moscow = ZoneInfo("Europe/Moscow")
    try:
        day = datetime.datetime(fields.year or 2000, fields.month, fields.day or 1, 12, tzinfo=moscow)
    except ValueError:
        day = datetime.datetime(2000, 1, 1, 12, tzinfo=moscow)
    return datetime.timezone(day.utcoffset() or datetime.timedelta(hours=3))


_HAS_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_DATEPARSER_HINT = re.compile(r"\d|вчера|сегодня|позавчера|назад|только что", re.IGNORECASE)


def _dateparser(text: str, zone: ZoneInfo, tz: str, raw: str, now: datetime.datetime) -> ParsedDate | None:
    cleaned = clean_date_text(text)
    if not cleaned or not _DATEPARSER_HINT.search(cleaned):
        return None
    import dateparser  # deferred: importing it costs ~0.3 s and the fast path usually suffices

    settings = {
        "TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TO_TIMEZONE": tz,
        "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month"],
    }
    try:
        result = dateparser.parse(cleaned, languages=["ru"], settings=settings)
    except Exception:  # third-party boundary: parse_date promises never to raise on text
        logger.debug("dateparser failed on %r", cleaned, exc_info=True)
        return None
    if result is None:
        return None
    local = result.astimezone(zone)
    time = local.time().replace(tzinfo=None, microsecond=0) if _HAS_TIME.search(cleaned) else None
    return ParsedDate(
        local_date=local.date(),
        local_time=time,
        timezone=tz,
        precision="minute" if time is not None else "day",
        raw=raw,
    )


def parse_date(text: str, tz: str, now: datetime.datetime, *, method: str | None = None) -> ParsedDate | None:
    """Parse one date string as seen on a page of a source in zone `tz`.

    `now` (aware) anchors year-less and relative dates. Returns None for anything that is not a
    date; never raises on the text. Raises ValueError for a naive `now` (a programming error).
    """
    now = _aware_now(now)
    if not isinstance(text, str):
        return None
    raw = text.strip()
    if not raw or len(raw) > MAX_TEXT:
        return None
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    parsed = _fast_path(raw, zone, tz, raw, today)
    if parsed is None:
        parsed = _dateparser(raw, zone, tz, raw, now)
        if parsed is not None:
            parsed = replace(parsed, method=method)
            logger.debug("date %r parsed by dateparser", raw)
            return parsed
        return None
    return replace(parsed, method=method)


def looks_like_date(text: str) -> bool:
    """True when a short text is mostly a date (fast path only; used by listing heuristics)."""
    cleaned = clean_date_text(text)
    if not cleaned or len(cleaned) > 60:
        return False
    for pattern in PATTERNS:
        match = pattern.regex.search(cleaned)
        if match and (match.end() - match.start()) * 2 >= len(cleaned):
            return True
    return False


def date_from_url(url: str, tz: str) -> ParsedDate | None:
    """A date in the URL path: /YYYY/MM/DD/, /YYYYMMDD/, /YYYY-MM-DD/, mosreg DD-MM-YYYY-HH-MM-SS-slug."""
    if not isinstance(url, str):
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.IGNORECASE).split("?")[0]
    path = path.split("#")[0]
    zone = ZoneInfo(tz)
    far_future = datetime.date(2100, 1, 1)
    for pattern in _URL_PATTERNS:
        for match in pattern.regex.finditer(path):
            fields = pattern.to_fields(match)
            if fields is None or (fields.year or 0) < 1990:
                continue
            parsed = _build(fields, zone, tz, match.group(0).strip("/.-"), far_future)
            if parsed is not None:
                return replace(parsed, method="url")
    return None
