"""Bytes that had to be replaced to read a page, counted for the run (`crawl_runs.stats`).

The pages are decoded where they are read (crawler.normalise.encoding.decode_html, in the spider or
the extraction worker); a page that is UTF-8 but for a few invalid bytes keeps its text with those
bytes shown as U+FFFD. This middleware counts them, once per page as received (decompressed, after
redirects and retries): `decode/repaired_pages` and `decode/replaced_bytes`, so a damaged site shows
in the run's figures instead of only in its texts. A valid page costs one UTF-8 check.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from crawler.normalise.encoding import replaced_bytes

logger = logging.getLogger(__name__)

STATS_PREFIX = "decode/"


class DecodingStatsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        stats = self.crawler.stats
        if stats is None or not isinstance(response, TextResponse):
            return response
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        replaced = replaced_bytes(response.body, content_type)
        if replaced:
            logger.info("%d invalid bytes replaced in %s", replaced, response.url)
            stats.inc_value(STATS_PREFIX + "repaired_pages")
            stats.inc_value(STATS_PREFIX + "replaced_bytes", replaced)
        return response
