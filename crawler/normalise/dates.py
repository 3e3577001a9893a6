"""Russian date strings -> ParsedDate: a regex table first, relative stamps, dateparser last.

Reading a text is split in two: `_read` turns the text into clock-free Fields (or a relative
stamp) and is cached; `_resolve` adds the source's zone and the fetch time (year inference,
«вчера», offsets). Nothing is invented: a time is kept only when the text gave one, a year-less
date gets the most recent year that is not after the fetch day + 1, and a text with no date gives
None (never "today"). The formats, the decisions and their reasons are in docs/dates.md.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from crawler.normalise.date_fallback import parse_with_dateparser, worth_asking
from crawler.normalise.date_formats import compile_formats
from crawler.normalise.date_patterns import (
    DATE_ORDERS,
    SHORT_TABLE,
    TABLE,
    URL_TABLE,
    Fields,
    PatternSet,
)
from crawler.normalise.date_relative import Relative, read_relative, resolve_relative

logger = logging.getLogger(__name__)

PRECISIONS = ("minute", "day", "month")
MAX_TEXT = 200  # only the first characters are read: a date stamp is short, a paragraph is not one
CACHE_SIZE = 8192
MOSCOW = ZoneInfo("Europe/Moscow")

# quotes and the odd spaces str.split() does not know; the other spaces it collapses itself
_ODD_CHARS = str.maketrans(dict.fromkeys("«»\"“”„‟'\u00a0\u2007\u2009\u200a\u200b\u202f\u2060\ufeff", " "))
# Cheap substring tests first: the regexes below run only on the few texts that need them.
_ZONE_STEMS = ("мск", "msk", "utc", "gmt", "моск", "местн")
_LABEL_STEMS = ("опубл", "дата", "размещ", "создан", "добавл", "publish", "posted", "date")
_UPDATE_STEMS = ("обновл", "измен", "updat", "modif")
_LABEL_WORDS = (
    r"опубликовано|опубликована|опубликован|дата\s+публикации|дата\s+размещения|дата\s+создания|"
    r"дата\s+новости|размещено|создано|добавлено|дата|published|posted|date"
)
_LABELS = re.compile(rf"(?<![а-яёa-z])(?:{_LABEL_WORDS})(?![а-яёa-z])\s*:?", re.IGNORECASE)
_LEADING_OT = re.compile(r"^от\s+(?=\d)", re.IGNORECASE)
_UPDATE_LABEL = re.compile(
    r"(?<![а-яёa-z])(?:обновлено|обновлена|обновлен|изменено|дата\s+изменения|дата\s+обновления|"
    r"последнее\s+(?:изменение|обновление)|updated|last\s+modified|modified)(?![а-яёa-z])\s*:?",
    re.IGNORECASE,
)
_ZONE_MARK = re.compile(
    r"\(?\s*(?:(?<![а-яёa-z])(?:мск|msk)(?:\s*(?P<msk_shift>[+-]\s*\d{1,2}))?(?![а-яёa-z\d])"
    r"|(?:по\s+)?московскому\s+времени|по\s+москве|время\s+московское"
    r"|(?<![а-яёa-z])(?P<utc>utc|gmt)(?:\s*(?P<utc_offset>[+-]\s*\d{1,2}(?::?\d{2})?))?(?![a-z\d])"
    r"|(?P<local>(?:по\s+)?местному\s+времени|местное\s+время))\s*\)?",
    re.IGNORECASE,
)
_EDGES = " |•·,;:-–—/"


@functools.lru_cache(maxsize=64)
def _format_table(formats: tuple[str, ...]) -> PatternSet | None:
    return compile_formats(formats)


@dataclass(frozen=True)
class DateHints:
    """A source's hints from the registry: the order of numeric dates and formats to try first."""

    order: str = "DMY"
    formats: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.order not in DATE_ORDERS:
            raise ValueError(f"date order {self.order!r} is not one of {', '.join(DATE_ORDERS)}")
        _format_table(self.formats)  # raises ValueError naming a bad format


DEFAULT_HINTS = DateHints()


@dataclass(frozen=True)
class ParsedDate:
    """One date as read: the local date always, the time only when given, never a naive datetime."""

    local_date: datetime.date
    local_time: datetime.time | None  # only when the text gave a time; never invented
    timezone: str  # IANA
    precision: str  # "minute" | "day" | "month"
    raw: str
    method: str | None = None  # where on the page: meta | jsonld | time_element | selector | text | url | ...
    year_inferred: bool = False  # the text had no year; it was inferred from the fetch time
    rule: str | None = field(default=None, compare=False)  # which reader matched (explanation only)

    @property
    def utc(self) -> datetime.datetime | None:
        """The aware UTC instant, only when the text gave a time."""
        local = self.local_datetime
        return local.astimezone(datetime.UTC) if local is not None else None

    @property
    def local_datetime(self) -> datetime.datetime | None:
        """The aware local moment, only when the text gave a time."""
        if self.local_time is None:
            return None
        return datetime.datetime.combine(self.local_date, self.local_time, tzinfo=ZoneInfo(self.timezone))

    def isoformat(self) -> str:
        """ISO 8601 at the precision known: '2025-11-21T12:41:00+03:00', '2025-11-21' or '2025-11'."""
        local = self.local_datetime
        if local is not None:
            return local.isoformat(timespec="seconds")
        if self.precision == "month":
            return f"{self.local_date.year:04d}-{self.local_date.month:02d}"
        return self.local_date.isoformat()

    def as_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready values (the `pressarchive dates` output)."""
        utc = self.utc
        return {
            "local_date": self.local_date.isoformat(),
            "local_time": self.local_time.isoformat() if self.local_time else None,
            "timezone": self.timezone,
            "utc": utc.strftime("%Y-%m-%dT%H:%M:%SZ") if utc else None,
            "precision": self.precision,
            "iso": self.isoformat(),
            "raw": self.raw,
            "method": self.method,
            "rule": self.rule,
            "year_inferred": self.year_inferred,
        }


@dataclass(frozen=True)
class _Reading:
    """What a text says, before any clock or zone: Fields, a relative stamp, or nothing."""

    cleaned: str
    fields: Fields | None = None
    relative: Relative | None = None
    zone: datetime.tzinfo | str | None = None  # a zone word: a fixed offset, or "moscow+N"
    fallback: bool = False  # worth asking dateparser


# --- cleaning -------------------------------------------------------------------------------------


def _zone_of(match: re.Match[str]) -> datetime.tzinfo | str | None:
    """A zone word as a fixed offset ("UTC+5"), "moscow+N" («МСК+2»), or None (local time)."""
    if match.group("local"):
        return None
    if match.group("utc"):
        offset = (match.group("utc_offset") or "+0").replace(" ", "")
        hours, _, minutes = offset[1:].partition(":")
        if not minutes and len(hours) > 2:
            hours, minutes = hours[:-2], hours[-2:]
        total = int(hours) * 60 + int(minutes or 0)
        if total > 14 * 60:
            return None
        return datetime.timezone(datetime.timedelta(minutes=-total if offset[0] == "-" else total))
    shift = (match.group("msk_shift") or "+0").replace(" ", "")
    return f"moscow{int(shift):+d}"


def _has_any(low: str, stems: tuple[str, ...]) -> bool:
    for stem in stems:  # noqa: SIM110 (a plain loop: any() with a generator costs ~1 µs here)
        if stem in low:
            return True
    return False


def _prepare(text: str) -> tuple[str, datetime.tzinfo | str | None]:
    """The text without odd spaces, quotes, labels and zone words, and the zone those words named."""
    text = " ".join(text.translate(_ODD_CHARS).split())
    low = text.lower()
    zone = None
    if _has_any(low, _ZONE_STEMS) and (mark := _ZONE_MARK.search(text)) is not None:
        zone = _zone_of(mark)
        text = _ZONE_MARK.sub(" ", text)
    if _has_any(low, _LABEL_STEMS):
        text = _LABELS.sub(" ", text)
    text = text.strip()
    if text[:3].lower() == "от ":
        text = _LEADING_OT.sub("", text)
    return " ".join(text.split()).strip(_EDGES), zone


def clean_date_text(text: str) -> str:
    """Collapse odd spaces; drop quotes, labels («Опубликовано:») and zone words («(МСК)»)."""
    return _prepare(text)[0]


def split_updated(text: str) -> tuple[str, str | None]:
    """(the text before an «Обновлено» label, the text after it or None when there is no label)."""
    match = _UPDATE_LABEL.search(text) if _has_any(text.lower(), _UPDATE_STEMS) else None
    if match is None:
        return text, None
    return text[: match.start()], text[match.end() :]


# --- reading (cached, clock-free) -----------------------------------------------------------------


@functools.lru_cache(maxsize=CACHE_SIZE)
def _read(text: str, hints: DateHints) -> _Reading:
    cleaned, zone = _prepare(text)
    cleaned = cleaned.lower()
    if not cleaned:
        return _Reading(cleaned)
    formats = _format_table(hints.formats)
    fields = formats.scan(cleaned, hints.order) if formats else None
    fields = fields or TABLE.scan(cleaned, hints.order) or SHORT_TABLE.scan(cleaned, hints.order)
    if fields is not None:
        return _Reading(cleaned, fields=fields, zone=zone)
    relative = read_relative(cleaned)
    if relative is not None:
        return _Reading(cleaned, relative=relative, zone=zone)
    return _Reading(cleaned, fallback=worth_asking(cleaned))


# --- resolving (zone and fetch time) --------------------------------------------------------------


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


def _stated_zone(
    fields_offset: int | None, zone_word: datetime.tzinfo | str | None, day: datetime.date
) -> datetime.tzinfo | None:
    """The zone the text states for its time: its own offset, else a zone word, else None (local)."""
    if fields_offset is not None:
        return datetime.timezone(datetime.timedelta(minutes=fields_offset))
    if isinstance(zone_word, str):  # "moscow+N": Moscow's offset on that day (DST until 2011) + N hours
        noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=MOSCOW)
        shift = datetime.timedelta(hours=int(zone_word.removeprefix("moscow")))
        return datetime.timezone((noon.utcoffset() or datetime.timedelta(hours=3)) + shift)
    return zone_word


def _to_local(
    day: datetime.date, time: datetime.time | None, stated: datetime.tzinfo | None, zone: ZoneInfo
) -> tuple[datetime.date, datetime.time | None]:
    if time is None or stated is None:
        return day, time
    local = datetime.datetime.combine(day, time, tzinfo=stated).astimezone(zone)
    return local.date(), local.time().replace(tzinfo=None)


def _from_fields(
    reading: _Reading, fields: Fields, tz: str, today: datetime.date, raw: str, method: str | None
) -> ParsedDate | None:
    year, inferred = fields.year, False
    if year is None:
        year = _infer_year(fields.month, fields.day or 1, today) if fields.day is not None else None
        if year is None:
            return None
        inferred = True
    day = datetime.date(year, fields.month, fields.day or 1)
    time = None
    if fields.hour is not None and fields.minute is not None:
        time = datetime.time(fields.hour, fields.minute, fields.second)
    stated = _stated_zone(fields.offset_minutes, reading.zone, day)
    day, time = _to_local(day, time, stated, _zone(tz))
    precision = "minute" if time is not None else ("day" if fields.day is not None else "month")
    return ParsedDate(day, time, tz, precision, raw, method, inferred, fields.rule)


@functools.cache
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def _resolve(
    reading: _Reading, tz: str, now: datetime.datetime, raw: str, hints: DateHints, method: str | None
) -> ParsedDate | None:
    zone = _zone(tz)
    now_local = now.astimezone(zone)
    if reading.fields is not None:
        return _from_fields(reading, reading.fields, tz, now_local.date(), raw, method)
    if reading.relative is not None:
        day, time, precision = resolve_relative(reading.relative, now_local)
        if time is not None and reading.relative.hour is not None:
            day, time = _to_local(day, time, _stated_zone(None, reading.zone, day), zone)
        return ParsedDate(day, time, tz, precision, raw, method, False, reading.relative.rule)
    if reading.fallback:
        found = parse_with_dateparser(reading.cleaned, tz, now_local.date(), hints.order)
        if found is not None:
            day, time, inferred = found
            precision = "minute" if time is not None else "day"
            return ParsedDate(day, time, tz, precision, raw, method, inferred, "dateparser")
    return None


# --- the public functions -------------------------------------------------------------------------


def _aware_now(now: datetime.datetime) -> datetime.datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_date needs a timezone-aware `now`")
    return now


def _parse(
    text: str, tz: str, now: datetime.datetime, method: str | None, hints: DateHints | None
) -> ParsedDate | None:
    raw = text.strip()
    if len(raw) > MAX_TEXT:
        raw = raw[:MAX_TEXT].rstrip()
    if not raw:
        return None
    hints = hints or DEFAULT_HINTS
    try:
        parsed = _resolve(_read(raw, hints), tz, now, raw, hints, method)
        if parsed is not None:
            _ = parsed.utc  # an instant the calendar cannot hold fails here, not in a caller
    except OverflowError:  # a date at, or moved past, the calendar's ends (years 1 and 9999)
        logger.debug("date beyond the calendar: %r (now %s)", raw, now)
        return None
    return parsed


def parse_date(
    text: str, tz: str, now: datetime.datetime, *, method: str | None = None, hints: DateHints | None = None
) -> ParsedDate | None:
    """The publication date in one date string from a page of a source in zone `tz`.

    `now` (aware: the fetch time) anchors year-less and relative dates. Text after an «Обновлено»
    label is an update stamp and is ignored here (see parse_update). Returns None for anything
    that is not a date; never raises on the text. Raises ValueError for a naive `now`.
    """
    now = _aware_now(now)
    if not isinstance(text, str):
        return None
    published, _ = split_updated(text)
    return _parse(published, tz, now, method, hints)


def parse_update(
    text: str, tz: str, now: datetime.datetime, *, method: str | None = None, hints: DateHints | None = None
) -> ParsedDate | None:
    """The update stamp in `text`: what follows an «Обновлено» label, or the whole text without one."""
    now = _aware_now(now)
    if not isinstance(text, str):
        return None
    before, after = split_updated(text)
    return _parse(after if after is not None else before, tz, now, method, hints)


def is_future(parsed: ParsedDate, now: datetime.datetime) -> bool:
    """More than a day after `now` (the fetch time): an announced event, not a publication."""
    now = _aware_now(now)
    utc = parsed.utc
    if utc is not None:
        return utc - now > datetime.timedelta(days=1)  # differences: no overflow at the calendar's ends
    try:
        today = now.astimezone(_zone(parsed.timezone)).date()
    except OverflowError:  # `now` at the calendar's end: compare the dates as they stand
        today = now.date()
    return parsed.local_date - today > datetime.timedelta(days=1)


@functools.lru_cache(maxsize=CACHE_SIZE)
def looks_like_date(text: str) -> bool:
    """True when a short text is mostly a date or a relative stamp (used by listing heuristics)."""
    cleaned = clean_date_text(text).lower()
    if not cleaned or len(cleaned) > 60:
        return False
    if SHORT_TABLE.scan(cleaned, "DMY") is not None:
        return True
    if read_relative(cleaned) is not None:  # «вчера, 14:30», «3 часа назад»; a bare «Сегодня» is a tab
        return any(char.isdigit() for char in cleaned) or "назад" in cleaned
    found = TABLE.find(cleaned, "DMY")
    return found is not None and (found[2] - found[1]) * 2 >= len(cleaned)


def date_from_url(url: str, tz: str) -> ParsedDate | None:
    """A date in the URL path: /YYYY/MM/DD/, /YYYYMMDD/, /YYYY-MM-DD/, mosreg DD-MM-YYYY-HH-MM-SS-slug."""
    if not isinstance(url, str):
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.IGNORECASE)
    path = path.split("?")[0].split("#")[0]
    found = URL_TABLE.find(path, "DMY")
    if found is None or (found[0].year or 0) < 1990:
        return None
    fields, start, end = found
    reading = _Reading(path, fields=fields)
    far_future = datetime.date(2100, 1, 1)
    return _from_fields(reading, fields, tz, far_future, path[start:end].strip("/._-"), "url")


def clear_caches() -> None:
    """Forget every cached reading (benchmarks measure the cold path with this)."""
    _read.cache_clear()
    looks_like_date.cache_clear()
    parse_with_dateparser.cache_clear()
