"""The discovery plan of one crawl of one source, as plain state the spider consults.

Order: the feed first (the registry's, else one the first listing page announces), the listing
pages with their detected pagination, then the sitemap (restricted to the press section, whose
article paths the first listing page shows). Pagination stops at `max_pages`, on a page already
visited, and on a page that shows no release the earlier listing pages did not (a pager that
repeats its last page, a calendar that never ends). No Scrapy here: the spider turns the decisions
into requests.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from crawler.discovery.sitemaps import article_prefixes, section_prefixes
from crawler.normalise.urls import canonicalize_url
from crawler.pages.base import Listing
from crawler.registry.sources import Source

logger = logging.getLogger(__name__)


@dataclass
class Decision:
    """What to do after one listing page."""

    follow: str | None  # the next listing page to fetch, if any
    stop_reason: str | None  # last_page | depth_limit | repeat_page | repeat_links (None when following)
    new_links: int


@dataclass
class DiscoveryFlow:
    source: Source
    max_pages: int
    visited_listings: set[str] = field(default_factory=set)
    listing_links: set[str] = field(default_factory=set)
    article_urls: list[str] = field(default_factory=list)  # for the sitemap's section prefixes
    feed_requested: bool = False
    sitemap_requested: bool = False

    @classmethod
    def for_source(cls, source: Source, max_pages: int | None = None) -> DiscoveryFlow:
        return cls(source=source, max_pages=max_pages or source.max_pages)

    def visit_listing(self, url: str) -> None:
        self.visited_listings.add(canonicalize_url(url))

    def after_listing(self, url: str, listing: Listing, depth: int) -> Decision:
        """Record a parsed listing page; decide whether to follow its next page."""
        self.visit_listing(url)
        fresh = [link.url for link in listing.links if link.url not in self.listing_links]
        self.listing_links.update(fresh)
        if depth == 1:
            self.article_urls.extend(link.url for link in listing.links)
        if not listing.next_page:
            return Decision(None, "last_page", len(fresh))
        if canonicalize_url(listing.next_page) in self.visited_listings:
            return Decision(None, "repeat_page", len(fresh))
        if listing.links and not fresh:
            return Decision(None, "repeat_links", 0)
        if depth >= self.max_pages:
            return Decision(None, "depth_limit", len(fresh))
        return Decision(listing.next_page, None, len(fresh))

    def feed_to_request(self, announced: tuple[str, ...]) -> str | None:
        """The registry's feed at the start, else the first feed a listing page announces (once)."""
        if self.feed_requested:
            return None
        url = self.source.feed_url or (announced[0] if announced else None)
        if url:
            self.feed_requested = True
        return url

    def sitemap_to_request(self) -> str | None:
        """The registry's sitemap, once, after the first listing page taught the article paths."""
        if self.sitemap_requested or not self.source.sitemap_url:
            return None
        self.sitemap_requested = True
        return self.source.sitemap_url

    def section(self) -> tuple[str, ...]:
        """Path prefixes of the press section: the listings' paths and the article links' parents."""
        if self.source.section_paths:  # the registry narrowed the source: its paths are the section
            return self.source.section_paths
        prefixes = section_prefixes(self.source.start_urls) + article_prefixes(self.article_urls)
        return tuple(dict.fromkeys(prefixes))

    @staticmethod
    def since(max_age_days: int | None, now: dt.datetime | None = None) -> dt.date | None:
        """The oldest sitemap lastmod worth following (None: no cut-off)."""
        if not max_age_days:
            return None
        moment = now or dt.datetime.now(dt.UTC)
        return (moment - dt.timedelta(days=max_age_days)).date()
