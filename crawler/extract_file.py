"""Extraction of one saved page, with no network: what `pressarchive extract` prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from crawler.normalise.release import NotARelease, build_release
from crawler.pages import get_page_object
from crawler.sources import Source


def adhoc_source(url: str) -> Source:
    """A generic source for a page that is in no registry entry (Moscow time, generic platform)."""
    host = urlsplit(url).hostname or "localhost"
    return Source(
        name="adhoc",
        title=host,
        region="",
        publisher_kind="other",
        timezone="Europe/Moscow",
        start_urls=(url,),
        platform="generic",
        allowed_domains=(host,),
    )


def extract_saved_page(
    html: str, url: str, source: Source | None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The raw fields with their methods and the normalised release (or why it is not one)."""
    source = source or adhoc_source(url)
    fetched_at = now or dt.datetime.now(dt.UTC)
    raw = get_page_object(source.platform).extract(url, html, source)
    result: dict[str, Any] = {"source": source.name, "platform": source.platform, "raw": asdict(raw)}
    try:
        result["release"] = asdict(build_release(raw, source, fetched_at=fetched_at))
    except NotARelease as exc:
        result["not_a_release"] = exc.reason
    return result
