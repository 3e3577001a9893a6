"""The date cascade of one release: which date is its publication date, which its update, and why.

Candidates, best first: the article's own date (meta, JSON-LD, <time>, a selector or text near the
title; the page object says which), the URL's date, the date the listing or the feed showed next
to the link. The first candidate that is not in the future is the publication date; it may borrow
from the later ones what it lacks, when they name the same day:
  * a time ("selector+url": a mosreg article date plus the time in its URL slug);
  * a year, when its own was inferred («17/03» on a listing, 2018 in the URL).
A candidate more than a day after the fetch time is an announced event, not a publication: it is
set aside and the release is flagged "future" (with no date at all when nothing else is left).
No candidate at all: flagged "missing" (the page had no date text) or "unparsed" (it had one that
reads as no date); the date fields stay empty.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, replace

from crawler.normalise.dates import (
    DateHints,
    ParsedDate,
    clean_date_text,
    date_from_url,
    is_future,
    parse_date,
    parse_update,
    split_updated,
)
from crawler.registry.sources import Source

logger = logging.getLogger(__name__)

DATE_FLAGS = ("missing", "unparsed", "future", "year_inferred")


@dataclass(frozen=True)
class DateOutcome:
    """The cascade's answer: the publication date (or None), the flags, and the update stamp."""

    published: ParsedDate | None
    flags: tuple[str, ...] = ()
    updated: ParsedDate | None = None


def hints_for(source: Source) -> DateHints:
    """The registry's date hints of a source (`date_order`, `date_formats`)."""
    return DateHints(order=source.date_order, formats=source.date_formats)


def _same_day(a: ParsedDate, b: ParsedDate) -> bool:
    return a.local_date == b.local_date


def _borrow_time(base: ParsedDate, other: ParsedDate) -> ParsedDate | None:
    if base.local_time is not None or other.local_time is None or base.precision != "day":
        return None
    if not _same_day(base, other):
        return None
    return replace(base, local_time=other.local_time, precision="minute", method=_joined(base, other))


def _borrow_year(base: ParsedDate, other: ParsedDate) -> ParsedDate | None:
    """`base` (year inferred) in the year of `other` when both name the same day and month."""
    if not base.year_inferred or other.year_inferred or other.precision == "month":
        return None
    if (base.local_date.month, base.local_date.day) != (other.local_date.month, other.local_date.day):
        return None
    try:
        day = base.local_date.replace(year=other.local_date.year)
    except ValueError:  # 29 February in a common year
        return None
    return replace(base, local_date=day, year_inferred=False, method=_joined(base, other))


def _joined(base: ParsedDate, other: ParsedDate) -> str:
    """'selector+url': the base's method, then each lender's once."""
    methods = (base.method or "").split("+")
    return "+".join(methods if other.method in methods else [*methods, other.method or ""])


def _completed(base: ParsedDate, others: list[ParsedDate]) -> ParsedDate:
    """`base` with a year, then a time, borrowed from the first other candidate that can lend it."""
    for other in others:
        if (better := _borrow_year(base, other)) is not None:
            base = better
            break
    for other in others:
        if (better := _borrow_time(base, other)) is not None:
            return better
    return base


def resolve_dates(
    *,
    url: str,
    date_text: str | None,
    date_method: str | None,
    updated_text: str | None,
    source: Source,
    now: datetime.datetime,
    side_text: str | None = None,
    side_method: str = "listing",
) -> DateOutcome:
    """Run the cascade for one page fetched at `now` (aware). `side_*`: the listing's or feed's date."""
    tz, hints = source.timezone, hints_for(source)
    published_text, update_part = split_updated(date_text or "")
    article = parse_date(published_text, tz, now, method=date_method or "text", hints=hints)
    if article is None and clean_date_text(published_text):
        logger.info("unparsed article date %r on %s", published_text, url)
    side = parse_date(side_text, tz, now, method=side_method, hints=hints) if side_text else None
    candidates = [c for c in (article, date_from_url(url, tz), side) if c is not None]
    current = [c for c in candidates if not is_future(c, now)]
    flags: list[str] = []
    if len(current) < len(candidates):
        flags.append("future")
        logger.info("future date set aside on %s: %s", url, [c.raw for c in candidates if c not in current])
    published = _completed(current[0], current[1:]) if current else None
    if published is None and not flags:
        flags.append("unparsed" if clean_date_text(published_text) or side_text else "missing")
    elif published is not None and published.year_inferred:
        flags.append("year_inferred")
    if article is not None and side is not None and abs((article.local_date - side.local_date).days) > 1:
        # the site gives two dates for one release: kept as the article says, flagged for readers
        flags.append(f"{side_method}_disagrees")
        logger.info("article date %s and %s date %s disagree on %s", article.raw, side_method, side.raw, url)
    return DateOutcome(published, tuple(flags), _update(updated_text or update_part, tz, now, hints))


def _update(text: str | None, tz: str, now: datetime.datetime, hints: DateHints) -> ParsedDate | None:
    if not text:
        return None
    updated = parse_update(text, tz, now, hints=hints)
    if updated is not None and is_future(updated, now):
        logger.info("future update stamp %r ignored", text)
        return None
    return updated


def local_stamp(parsed: ParsedDate) -> str:
    """'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM' in the source's zone (Release.updated_at)."""
    if parsed.local_time is None:
        return parsed.local_date.isoformat()
    return f"{parsed.local_date.isoformat()}T{parsed.local_time.strftime('%H:%M')}"
