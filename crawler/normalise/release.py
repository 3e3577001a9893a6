"""RawRelease + Source -> archive.records.Release: the one place raw page strings become a record.

Every refusal is a NotARelease with a stable reason slug, so the pipeline can count it.
"""

from __future__ import annotations

import datetime
import logging
import re

from archive.records import Release
from crawler.normalise.bodies import content_hash, html_to_text, sanitise_html
from crawler.normalise.date_cascade import DateOutcome, local_stamp, resolve_dates
from crawler.normalise.dates import ParsedDate
from crawler.normalise.urls import canonicalize_url, release_id, url_host
from crawler.pages.base import RawRelease
from crawler.pages.verdict import is_block_text, page_verdict
from crawler.registry.sources import Source

logger = logging.getLogger(__name__)

# block_page / maintenance / http_<status> come from crawler.pages.verdict; listing_page from the page object.
NOT_A_RELEASE_REASONS = ("no_title", "empty_body", "block_page", "maintenance", "listing_page", "http_error")

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


def date_outcome(
    raw: RawRelease,
    source: Source,
    now: datetime.datetime,
    listing_date_text: str | None = None,
    listing_date_method: str = "listing",
) -> DateOutcome:
    """The date cascade (crawler.normalise.date_cascade): publication date, flags, update stamp."""
    return resolve_dates(
        url=raw.url,
        date_text=raw.date_text,
        date_method=raw.date_method,
        updated_text=raw.updated_text,
        source=source,
        now=now,
        side_text=listing_date_text,
        side_method=listing_date_method,
    )


def resolve_date(
    raw: RawRelease,
    source: Source,
    now: datetime.datetime,
    listing_date_text: str | None = None,
    listing_date_method: str = "listing",
) -> ParsedDate | None:
    """The publication date the cascade chose (see date_outcome), or None."""
    return date_outcome(raw, source, now, listing_date_text, listing_date_method).published


def _canonical(raw: RawRelease) -> str:
    if raw.canonical_url and url_host(raw.canonical_url) == url_host(raw.url):
        return canonicalize_url(raw.canonical_url)
    return canonicalize_url(raw.url)


def is_block_page(*texts: str) -> bool:
    """True when the text reads like an anti-bot answer or a captcha."""
    return is_block_text(*texts)


# The body HTML kept per release: a long press release is some 50,000 characters of HTML.
BODY_MAX_CHARS = 500_000


def build_release(
    raw: RawRelease,
    source: Source,
    *,
    fetched_at: datetime.datetime,
    http_status: int = 200,
    listing_date_text: str | None = None,
    listing_date_method: str = "listing",
    body_max_chars: int = BODY_MAX_CHARS,
) -> Release:
    """Normalise one extracted page into a Release, or raise NotARelease(reason).

    A body longer than `body_max_chars` of HTML is cut there (sanitising closes what the cut left
    open) and the release says so in its methods (`body_cut`: the length it had).
    """
    fetched = _utc_iso(fetched_at)
    title = _clean_line(raw.title)
    raw_body = raw.body_html or ""
    cut = 0 < body_max_chars < len(raw_body)
    body_html = sanitise_html(raw_body[:body_max_chars] if cut else raw_body, base_url=raw.url)
    body_text = html_to_text(body_html)
    verdict = page_verdict(http_status, title, body_text)
    if verdict:
        raise NotARelease(verdict, raw.url)
    if raw.page_kind != "article":
        raise NotARelease(f"{raw.page_kind}_page" if raw.page_kind == "listing" else raw.page_kind, raw.url)
    if not title:
        raise NotARelease("no_title", raw.url)
    if not body_text:
        raise NotARelease("empty_body", raw.url)

    outcome = date_outcome(raw, source, fetched_at, listing_date_text, listing_date_method)
    date, flags, updated = outcome.published, outcome.flags, outcome.updated
    canonical = _canonical(raw)
    methods = dict(raw.methods)
    if cut:
        methods["body_cut"] = str(len(raw_body))
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
        updated_at=local_stamp(updated) if updated else None,
        updated_raw=updated.raw if updated else None,
        lead=_clean_line(raw.lead) or None,
        images=raw.images,
        attachments=raw.attachments,
        tags=raw.tags,
        language=raw.language,
        http_status=http_status,
        methods=methods,
    )
