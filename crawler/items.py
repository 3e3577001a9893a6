"""What the spider hands to the pipelines: an extracted page and the context of its fetch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crawler.pages.base import RawRelease


@dataclass(frozen=True)
class ExtractedPage:
    """A page object's output plus what the crawl knew when it fetched the page."""

    raw: RawRelease
    source: str
    fetched_at: dt.datetime  # aware, UTC
    http_status: int
    listing_date_text: str | None = None  # the date the listing showed next to the link
