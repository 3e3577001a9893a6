"""`pressarchive discover`: the site profile learned from the first articles the listing leads to.

The same learning as a crawl's first run (crawler.profiles), on up to `limit` article pages fetched
from the listing's links (their titles and dates are the site's own word on each release), and the
first of them extracted with it, so an operator sees what the archive will make of the site before
adding it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from crawler.normalise.encoding import decode_html
from crawler.normalise.release import NotARelease, build_release
from crawler.pages import get_page_object
from crawler.pages.base import ListingLink
from crawler.pages.verdict import html_verdict
from crawler.profiles.learn import learn_profile
from crawler.profiles.sample import SamplePage
from crawler.registry.sources import Source

logger = logging.getLogger(__name__)

SHOWN = 3  # articles shown extracted with the profile


def probe_profile(
    links: list[ListingLink],
    fetch: Callable[[str], Any],
    source: Source,
    platform: str,
    limit: int,
    now: dt.datetime,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(the learned profile's summary or None, the first articles extracted with it)."""
    samples: list[SamplePage] = []
    for link in links:
        if len(samples) >= limit:
            break
        fetched = fetch(link.url)
        if fetched is None or fetched.status >= 400:
            continue
        html = decode_html(fetched.body, fetched.content_type).text
        if html_verdict(fetched.status, html, fetched.url):
            continue
        samples.append(SamplePage(fetched.url, html, link.title, link.date_text))
    profile = learn_profile(source.name, samples, now=now)
    shown = []
    page_object = get_page_object(platform)
    for sample in samples[:SHOWN]:
        raw = page_object.extract(
            sample.url, sample.html, source, profile=profile, title_hint=sample.title_hint
        )
        entry: dict[str, Any] = {"url": sample.url, "methods": dict(raw.methods)}
        try:
            release = build_release(raw, source, fetched_at=now, listing_date_text=sample.date_hint)
        except NotARelease as exc:
            entry["not_a_release"] = exc.reason
        else:
            entry.update(
                title=release.title,
                date=release.published_date,
                time=release.published_time,
                body_start=release.body_text[:120],
                body_chars=len(release.body_text),
            )
        shown.append(entry)
    summary = profile.summary() if profile is not None else None
    if summary is None and samples:
        summary = {"notes": [f"{len(samples)} article page(s) fetched: too few to learn from"]}
    return summary, shown
