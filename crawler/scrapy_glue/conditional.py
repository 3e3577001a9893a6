"""Conditional GET for feeds and first listing pages: a night with no change costs a 304.

Requests that carry `meta["conditional"] = True` get If-None-Match / If-Modified-Since from the
validators the archive kept for the URL; a 200 answer's ETag / Last-Modified are kept for next
time. The spider handles the 304 itself (nothing new on that page).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from archive.store import Archive
from archive.validators import get_validators, store_validators
from crawler.distributed.store import RemoteStore, remote_store
from crawler.scrapy_glue.writer import SharedArchive, writer_for

CONDITIONAL_META = "conditional"


class ConditionalGetMiddleware:
    """Downloader middleware; configured by PRESSARCHIVE_CONDITIONAL_GET (default on)."""

    def __init__(self, crawler: Crawler, writer: SharedArchive) -> None:
        self.crawler = crawler
        self.writer = writer
        self.archive: Archive | None = None
        self.remote: RemoteStore | None = None  # a worker of a distributed run (crawler.distributed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("PRESSARCHIVE_CONDITIONAL_GET", True):
            raise NotConfigured("PRESSARCHIVE_CONDITIONAL_GET is off")
        middleware = cls(crawler, writer_for(crawler))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        self.remote = remote_store(self.crawler)
        if self.remote is None:
            self.archive = self.writer.acquire()

    def spider_closed(self, spider: Any) -> None:
        if self.archive is not None:
            self.writer.release()
            self.archive = None

    def process_request(self, request: Request) -> None:
        if not request.meta.get(CONDITIONAL_META):
            return
        if self.remote is not None:
            etag, last_modified = self.remote.get_validators(request.url)
        elif self.archive is not None:
            etag, last_modified = get_validators(self.archive.db, request.url)
        else:
            return
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
        if last_modified:
            request.headers.setdefault(b"If-Modified-Since", last_modified.encode("latin-1"))

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get(CONDITIONAL_META) or (self.archive is None and self.remote is None):
            return response
        stats = self.crawler.stats
        if response.status == 304:
            if stats is not None:
                stats.inc_value("conditional/not_modified")
        elif response.status == 200:
            etag = response.headers.get(b"ETag")
            modified = response.headers.get(b"Last-Modified")
            validators = (
                request.url,
                etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None,
                dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            )
            if self.remote is not None:
                self.remote.store_validators(*validators)
            elif self.archive is not None:
                store_validators(self.archive.db, *validators)
        return response
