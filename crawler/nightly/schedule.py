"""When to look again: the re-check back-off for known releases and the periodic deep pass.

Press services edit a release mostly in its first days, rarely after a month; removals come
later. So a release is re-fetched 1, 2, 4, 7, 14 and 30 days after it was first seen, then
monthly until it is a year old, then no more (a deep pass still sees it on the listings).
"""

from __future__ import annotations

import datetime as dt

RECHECK_AGES_DAYS: tuple[int, ...] = (1, 2, 4, 7, 14, 30, *range(60, 366, 30))
DEFAULT_DEEP_EVERY_DAYS = 7


def parse_utc(value: str) -> dt.datetime:
    """ "2026-11-26T04:25:05Z" -> aware datetime."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def recheck_due(first_seen: dt.datetime, last_checked: dt.datetime, now: dt.datetime) -> bool:
    """True when a check point (an age in RECHECK_AGES_DAYS) fell between the last check and now."""
    for age in RECHECK_AGES_DAYS:
        point = first_seen + dt.timedelta(days=age)
        if point > now:
            return False
        if point > last_checked:
            return True
    return False


def deep_pass_due(
    last_deep_at: str | None, now: dt.datetime, every_days: int = DEFAULT_DEEP_EVERY_DAYS
) -> bool:
    """A full-pagination pass is due when none ran in the last `every_days` days."""
    if last_deep_at is None:
        return True
    # a little slack, so a timer firing a few minutes early still counts the week
    return now - parse_utc(last_deep_at) >= dt.timedelta(days=every_days) - dt.timedelta(hours=1)
