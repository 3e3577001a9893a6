"""Redirects off a source's hosts, recorded: a site that moved must say where it went.

Scrapy follows a redirect and then drops the new request when its host is outside
`allowed_domains`, which leaves only a line in the log. This middleware sits between the
downloader and the redirect middleware, sees the 3xx answer itself, and records the first
off-site target as `moved/to` (and counts `moved/redirects`), so the source's triage can say
"moved" and suggest the new host for the registry.
"""

from __future__ import annotations

from typing import Any, Self
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.normalise.urls import host_in_domains, url_host

REDIRECTS = frozenset({301, 302, 303, 307, 308})


class MovedHostMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if response.status not in REDIRECTS or self.crawler.stats is None:
            return response
        location = response.headers.get("Location")
        spider = spider or getattr(self.crawler, "spider", None)
        domains = tuple(getattr(spider, "allowed_domains", None) or ())
        if not location or not domains:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        host = url_host(target)
        if host and not host_in_domains(host, domains):
            self.crawler.stats.inc_value("moved/redirects")
            if self.crawler.stats.get_value("moved/to") is None:
                self.crawler.stats.set_value("moved/to", target)
                self.crawler.stats.set_value("moved/from", request.url)
        return response
