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
    listing_date_text: str | None = None  # the date the listing (or the feed) showed next to the link
    listing_date_method: str = "listing"  # "listing" or "feed": where listing_date_text came from
    capture_id: int | None = None  # the captures row of the response (set by crawler.scrapy_glue.capture)


@dataclass(frozen=True)
class ReleaseGone:
    """A known release's URL answered 404/410 or redirected to a listing or home page."""

    release_id: str
    url: str
    source: str
    checked_at: dt.datetime  # aware, UTC
    http_status: int
    redirect_to: str | None = None
    capture_id: int | None = None
