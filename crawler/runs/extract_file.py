"""Extraction of one saved page, with no network: what `pressarchive extract` prints."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from crawler.normalise.encoding import decode_html
from crawler.normalise.html_cap import DEFAULT_MAX_CHARS, cap_html
from crawler.normalise.release import NotARelease, build_release
from crawler.pages import get_page_object
from crawler.profiles.model import SiteProfile
from crawler.registry.sources import Source


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
    html: str,
    url: str,
    source: Source | None,
    now: dt.datetime | None = None,
    *,
    platform: str | None = None,
    http_status: int = 200,
    profile: SiteProfile | None = None,
) -> dict[str, Any]:
    """The raw fields with their methods and the normalised release (or why it is not one), read
    with the site's profile when one is given (crawler.profiles)."""
    source = source or adhoc_source(url)
    if platform:
        source = dataclasses.replace(source, platform=platform)
    fetched_at = now or dt.datetime.now(dt.UTC)
    raw = get_page_object(source.platform).extract(url, html, source, profile=profile)
    result: dict[str, Any] = {
        "source": source.name,
        "platform": source.platform,
        "profile": profile.summary() if profile is not None else None,
        "methods": dict(raw.methods),
        "raw": asdict(raw),
    }
    try:
        result["release"] = asdict(build_release(raw, source, fetched_at=fetched_at, http_status=http_status))
    except NotARelease as exc:
        result["not_a_release"] = exc.reason
    return result


def extract_saved_bytes(
    body: bytes,
    url: str,
    source: Source | None,
    *,
    encoding: str | None = None,
    platform: str | None = None,
    http_status: int = 200,
    now: dt.datetime | None = None,
    profile: SiteProfile | None = None,
) -> dict[str, Any]:
    """`extract_saved_page` on the page's bytes: the charset detected (or the one given) is reported."""
    if encoding:
        text, used = body.decode(encoding, errors="replace"), encoding
    else:
        decoded = decode_html(body)
        text, used = decoded.text, f"{decoded.encoding} ({decoded.method})"
    capped = cap_html(text)  # as the crawl reads it (crawler.normalise.html_cap)
    result = extract_saved_page(
        capped.text, url, source, now, platform=platform, http_status=http_status, profile=profile
    )
    cut = {"html_cut": f"{capped.original_chars} characters, read {DEFAULT_MAX_CHARS}"} if capped.cut else {}
    return {"encoding": used, **cut, **result}
