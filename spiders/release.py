"""The one release spider: listing pages -> article pages, driven by a registry Source.

The spider only navigates. Fields come from the platform's page object (crawler.pages); the
pipeline normalises and stores them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response, TextResponse

from crawler.items import ExtractedPage
from crawler.pages import get_page_object
from crawler.pages.base import PageObject
from crawler.sources import Source

logger = logging.getLogger(__name__)


class ReleaseSpider(scrapy.Spider):
    """Crawl one source's press section. Subclassed per source by `for_source`."""

    name = "release"
    source: ClassVar[Source]

    @classmethod
    def for_source(cls, source: Source) -> type[ReleaseSpider]:
        """A spider class named after the source, as `scrapy list` shows it."""
        attrs: dict[str, Any] = {
            "name": source.name,
            "source": source,
            "allowed_domains": list(source.allowed_domains),
            "__doc__": f"{source.title} ({source.region})",
        }
        # Scrapy does not verify certificates by default; an archive that claims provenance must.
        # Sources on the Russian Trusted Root CA turn it off in the registry (verify_tls = false).
        attrs["custom_settings"] = {"DOWNLOAD_VERIFY_CERTIFICATES": source.verify_tls}
        return type(f"ReleaseSpider_{source.name}", (cls,), attrs)

    @property
    def page_object(self) -> PageObject:
        return get_page_object(self.source.platform)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.source.start_urls:
            yield scrapy.Request(url, callback=self.parse_listing, cb_kwargs={"depth": 1})

    def parse_listing(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        stats.inc_value("pages/listing")
        if not isinstance(response, TextResponse):
            stats.inc_value("pages/dropped/not_text")
            logger.warning("listing is not a text page: %s", response.url)
            return
        try:
            listing = self.page_object.listing(response.url, response.text, self.source)
        except Exception:  # a broken page must not stop the crawl; it is counted and logged
            stats.inc_value("pages/dropped/listing_unparseable")
            logger.exception("cannot parse listing %s", response.url)
            return
        if not listing.links:
            stats.inc_value("pages/listing_empty")
            logger.warning("listing without release links: %s", response.url)
        for link in listing.links:
            stats.inc_value("links/found")
            yield response.follow(
                link.url, callback=self.parse_article, cb_kwargs={"listing_date_text": link.date_text}
            )
        if listing.next_page and depth < self.source.max_pages:
            yield response.follow(
                listing.next_page, callback=self.parse_listing, cb_kwargs={"depth": depth + 1}
            )
        elif listing.next_page:
            stats.inc_value("pages/listing_depth_limit")

    def parse_article(self, response: Response, listing_date_text: str | None) -> Iterator[ExtractedPage]:
        stats = self.crawler.stats
        stats.inc_value("pages/article")
        if not isinstance(response, TextResponse):
            stats.inc_value("releases/dropped/not_text")
            logger.warning("article is not a text page: %s", response.url)
            return
        try:
            raw = self.page_object.extract(response.url, response.text, self.source)
        except Exception:  # counted and reported, never fatal to the crawl
            stats.inc_value("releases/dropped/unparseable")
            logger.exception("cannot extract %s", response.url)
            return
        yield ExtractedPage(
            raw=raw,
            source=self.source.name,
            fetched_at=dt.datetime.now(dt.UTC),
            http_status=response.status,
            listing_date_text=listing_date_text,
        )
