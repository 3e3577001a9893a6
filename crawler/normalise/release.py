"""RawRelease + Source -> archive.records.Release: the one place raw page strings become a record.

Every refusal is a NotARelease with a stable reason slug, so the pipeline can count it.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import replace

from archive.records import Release
from crawler.normalise.bodies import content_hash, html_to_text, sanitise_html
from crawler.normalise.dates import ParsedDate, date_from_url, parse_date
from crawler.normalise.urls import canonicalize_url, release_id, url_host
from crawler.pages.base import RawRelease
from crawler.sources import Source

logger = logging.getLogger(__name__)

NOT_A_RELEASE_REASONS = ("no_title", "empty_body", "block_page")

# Anti-bot and captcha pages seen on Russian sites (sites.md section 8) and the usual captcha words.
_BLOCK_MARKERS = re.compile(
    r"ваш\s+запрос\s+показался\s+нам\s+подозрительным|подтвердите,?\s+что\s+вы\s+не\s+робот|"
    r"я\s+не\s+робот|\bcaptcha\b|smartcaptcha|recaptcha|hcaptcha|looks\s+like\s+you'?re\s+using\s+a\s+vpn|"
    r"доступ\s+(?:к\s+сайту\s+)?(?:временно\s+)?ограничен|access\s+denied",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


class NotARelease(Exception):
    """The page is not a release; `reason` is a stable slug for counters."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


def _clean_line(text: str | None) -> str:
    return _SPACES.sub(" ", (text or "").replace("\u00a0", " ")).strip()


def _utc_iso(moment: datetime.datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("fetched_at must be timezone-aware")
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_time_from(base: ParsedDate, other: ParsedDate | None, suffix: str) -> ParsedDate | None:
    """`base` with the time of `other` when `base` has none and both name the same local date."""
    if other is None or other.local_time is None or base.local_time is not None:
        return None
    if base.precision != "day" or other.local_date != base.local_date:
        return None
    return replace(base, local_time=other.local_time, precision="minute", method=f"{base.method}+{suffix}")


def resolve_date(
    raw: RawRelease, source: Source, now: datetime.datetime, listing_date_text: str | None = None
) -> ParsedDate | None:
    """The date cascade: the article's own date, else the URL's, else the listing's.

    A day-precision article date borrows the time from the URL slug (or else the listing) when
    they name the same local date.
    """
    tz = source.timezone
    url_date = date_from_url(raw.url, tz)
    listing_date = parse_date(listing_date_text, tz, now, method="listing") if listing_date_text else None
    article = None
    if raw.date_text:
        article = parse_date(raw.date_text, tz, now, method=raw.date_method or "text")
        if article is None:
            logger.info("unparsed article date %r on %s", raw.date_text, raw.url)
    if article is not None:
        return (
            _with_time_from(article, url_date, "url")
            or _with_time_from(article, listing_date, "listing")
            or article
        )
    return url_date or listing_date


def _canonical(raw: RawRelease) -> str:
    if raw.canonical_url and url_host(raw.canonical_url) == url_host(raw.url):
        return canonicalize_url(raw.canonical_url)
    return canonicalize_url(raw.url)


def is_block_page(*texts: str) -> bool:
    """True when the text reads like an anti-bot answer or a captcha."""
    return any(text and _BLOCK_MARKERS.search(text[:5000]) for text in texts)


def build_release(
    raw: RawRelease,
    source: Source,
    *,
    fetched_at: datetime.datetime,
    http_status: int = 200,
    listing_date_text: str | None = None,
) -> Release:
    """Normalise one extracted page into a Release, or raise NotARelease(reason)."""
    fetched = _utc_iso(fetched_at)
    title = _clean_line(raw.title)
    body_html = sanitise_html(raw.body_html or "", base_url=raw.url)
    body_text = html_to_text(body_html)
    if is_block_page(title, body_text):
        raise NotARelease("block_page", raw.url)
    if not title:
        raise NotARelease("no_title", raw.url)
    if not body_text:
        raise NotARelease("empty_body", raw.url)

    date = resolve_date(raw, source, fetched_at, listing_date_text)
    flags: tuple[str, ...] = ()
    if date is None:
        flags = ("unparsed",) if raw.date_text else ("missing",)
    canonical = _canonical(raw)
    methods = dict(raw.methods)
    if date is not None and date.method:
        methods["date"] = date.method
    utc = date.utc if date is not None else None
    return Release(
        release_id=release_id(canonical),
        source=source.name,
        region=source.region,
        publisher_kind=source.publisher_kind,
        url=raw.url,
        canonical_url=canonical,
        title=title,
        body_text=body_text,
        body_html=body_html,
        content_hash=content_hash(title, body_text),
        fetched_at=fetched,
        timezone=source.timezone,
        published_date=date.local_date.isoformat() if date else None,
        published_time=date.local_time.strftime("%H:%M") if date and date.local_time else None,
        published_utc=utc.strftime("%Y-%m-%dT%H:%M:%SZ") if utc else None,
        date_precision=date.precision if date else None,
        date_raw=date.raw if date else None,
        date_method=date.method if date else None,
        date_flags=flags,
        lead=_clean_line(raw.lead) or None,
        images=raw.images,
        http_status=http_status,
        methods=methods,
    )
