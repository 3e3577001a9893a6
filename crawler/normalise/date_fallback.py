"""The slow path: dateparser (Russian only) for the shapes the pattern table does not know.

It is asked only when the text could hold a date the fast path missed: digits together with a
month word, or three numbers joined the way dates join them ("21 11 2025"; not "4.5", "2 из 15").
Answers are cached per (text, zone, local day of the fetch): the fast path already handles every
relative stamp, and a time is kept only when the text spells one out, so within one local day
the answer cannot change.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from typing import Any
from zoneinfo import ZoneInfo

from crawler.normalise.date_patterns import MONTHS, trie_regex

logger = logging.getLogger(__name__)

CACHE_SIZE = 4096
_HAS_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_MONTH_WORD = re.compile(r"(?<![а-яёa-z])" + trie_regex(MONTHS))
# three numbers joined the way dates join them: "21 11 2025", "2025 - 11 - 21" (not "4.5", "2 из 15")
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}(?:\s*[./-]\s*|\s+)\d{1,2}(?:\s*[./-]\s*|\s+)\d{1,4}(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?:\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2})(?!\d)")


def worth_asking(cleaned: str) -> bool:
    """True when `cleaned` (lower-cased) might hold a date: a digit and a month word, or date-like numbers."""
    if not any(char.isdigit() for char in cleaned):
        return False
    return bool(_MONTH_WORD.search(cleaned) or _NUMERIC_DATE.search(cleaned))


@functools.lru_cache(maxsize=CACHE_SIZE)
def parse_with_dateparser(
    cleaned: str, tz: str, today: datetime.date, order: str
) -> tuple[datetime.date, datetime.time | None, bool] | None:
    """(local date, local time or None, year inferred) from dateparser, or None. Never raises."""
    import dateparser  # deferred: importing it costs ~0.3 s and the fast path usually suffices

    zone = ZoneInfo(tz)
    settings: dict[str, Any] = {
        "TIMEZONE": tz,
        "TO_TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RELATIVE_BASE": datetime.datetime.combine(today, datetime.time(12, 0)),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month"],
        "DATE_ORDER": order,
    }
    try:
        result = dateparser.parse(cleaned, languages=["ru"], settings=settings)
    except Exception:  # third-party boundary: parse_date promises never to raise on text
        logger.debug("dateparser failed on %r", cleaned, exc_info=True)
        return None
    if result is None or not 1900 <= result.year <= 2100:
        return None
    local = result.astimezone(zone)
    time = local.time().replace(tzinfo=None, microsecond=0) if _HAS_TIME.search(cleaned) else None
    logger.debug("date %r read by dateparser", cleaned)
    return local.date(), time, _YEAR.search(cleaned) is None
