"""Publication times as Russian readers write them: «11:45 (МСК+2)», «09:45 по московскому времени».

A release's time is stored as the site printed it (`published_time`, local to the source's
`timezone`, an IANA id) with the UTC instant beside it (`published_utc`). Readers in Russia name a
zone by its distance from Moscow, never by an IANA id: Курган is «МСК+2», Калининград «МСК−1».
The offset is taken for the release's own date (zoneinfo), so a historical offset stays right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from archive.serve.labels import ru_date

MOSCOW = "Europe/Moscow"
MINUS = "\N{MINUS SIGN}"


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _local_moment(date: str, time: str, zone: ZoneInfo) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(f"{date[:10]}T{time[:5]}").replace(tzinfo=zone)
    except ValueError:
        return None


def msk_offset_label(zone_name: str | None, on: dt.datetime | None = None) -> str:
    """'Asia/Yekaterinburg' -> 'МСК+2'; Moscow -> 'МСК'; an unknown zone -> ''.

    `on` is the (aware) moment the offset is wanted for; now when omitted.
    """
    zone = _zone(zone_name or "")
    moscow = _zone(MOSCOW)
    if zone is None or moscow is None:
        return ""
    moment = on or dt.datetime.now(dt.UTC)
    offset = moment.astimezone(zone).utcoffset()
    msk = moment.astimezone(moscow).utcoffset()
    if offset is None or msk is None:
        return ""
    minutes = int((offset - msk).total_seconds() // 60)
    if minutes == 0:
        return "МСК"
    sign = "+" if minutes > 0 else MINUS
    hours, rest = divmod(abs(minutes), 60)
    return f"МСК{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_time_label(time: str | None, date: str | None, zone_name: str | None) -> str:
    """'11:45' on '2026-12-03' in 'Asia/Yekaterinburg' -> '11:45 (МСК+2)'; '' without a time."""
    if not time:
        return ""
    zone = _zone(zone_name or "")
    moment = _local_moment(date or "", time, zone) if zone and date else None
    label = msk_offset_label(zone_name, moment) if moment else ""
    return f"{time[:5]} ({label})" if label else time[:5]


def moscow_time(time: str | None, date: str | None, zone_name: str | None) -> tuple[str, str] | None:
    """The same moment on Moscow's clock: ('2026-12-03', '09:45'); None when it cannot be known."""
    zone = _zone(zone_name or "")
    moscow = _zone(MOSCOW)
    if not time or not date or zone is None or moscow is None:
        return None
    moment = _local_moment(date, time, zone)
    if moment is None:
        return None
    there = moment.astimezone(moscow)
    return there.date().isoformat(), f"{there:%H:%M}"


def when_label(row: Mapping[str, Any], moscow: bool = False) -> str:
    """A release's publication time for a page: '3 декабря 2026, 11:45 (МСК+2)'.

    `row` has published_date, published_time and timezone (missing keys read as empty). A
    day-precision date is the local day and gets no time and no zone. With `moscow`, a timed
    release is shown on Moscow's clock: '3 декабря 2026, 09:45 по московскому времени'.
    """
    date = row.get("published_date") or ""
    time = row.get("published_time") or ""
    zone_name = row.get("timezone") or ""
    if not date:
        return ""
    if not time:
        return ru_date(date)
    if moscow:
        converted = moscow_time(time, date, zone_name)
        if converted is not None:
            return f"{ru_date(converted[0])}, {converted[1]} по московскому времени"
    return f"{ru_date(date)}, {local_time_label(time, date, zone_name)}"


def iso_with_offset(row: Mapping[str, Any]) -> str:
    """The publication moment for machines: '2026-12-03T11:45:00+05:00'; a bare date as is.

    CSV and JSON carry this beside the local date and time, so a reader never has to guess the
    zone of a time.
    """
    date = row.get("published_date") or ""
    time = row.get("published_time") or ""
    zone = _zone(row.get("timezone") or "")
    if not date or not time or zone is None:
        return date
    moment = _local_moment(date, time, zone)
    return moment.isoformat() if moment else date


TIME_FILTERS = {"ru_when": when_label, "msk_label": msk_offset_label, "iso_with_offset": iso_with_offset}
