"""Redirects and `<meta refresh>` stay on the source's hosts and ports.

Scrapy's offsite rule knows host names, not ports: a redirect from `site:8080` to `site:9090`
was followed and the other server's page stored under its own URL. And a `<meta refresh>`
on an article is followed like a redirect: when it leads off the site, the new request is
dropped as offsite and the article that carried the tag is lost with it.

Two middlewares read each answer before Scrapy's redirect middlewares do:

- OffsiteRedirectMiddleware (650, before RedirectMiddleware 600): a 3xx to the source's host on
  another port is not followed; the answer goes on as the 3xx it is (counted with the run's HTTP
  statuses) and `redirect/offsite_port` is counted. A 3xx to another host is left to Scrapy and
  `crawler.scrapy_glue.moves`, which record a moved site;
- OffsiteRefreshMiddleware (585, after HttpCompressionMiddleware 590 has unpacked the page, before
  MetaRefreshMiddleware 580): a `<meta refresh>` to another host or port is not followed; the
  page that carried it is read as itself, and `redirect/refresh_ignored` is counted. (Read at 650,
  a gzip-encoded page, as most servers send one, showed no tag, and its refresh was followed.)

An origin is the source's when its host is one of the spider's allowed domains and its port is
the asking page's port, a port one of the registry's URLs names, or a default port (80/443)
reached from a default port (an http -> https upgrade).
"""

from __future__ import annotations

import logging
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from w3lib.url import safe_url_string

from crawler.normalise.urls import host_in_domains
from crawler.scrapy_glue.meta_refresh import meta_refresh

logger = logging.getLogger(__name__)

REDIRECTS = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
STATS = "redirect/"


def origin(url: str) -> tuple[str, int] | None:
    """(host, port) of an absolute http(s) URL, the port made explicit; None when it has none."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    if not parts.hostname or port is None:
        return None
    return parts.hostname.lower().rstrip("."), port


def stays_on_site(
    source_url: str, target_url: str, domains: tuple[str, ...], known: frozenset[tuple[str, int]]
) -> bool:
    """Whether `target_url`, reached from `source_url`, is on the source's hosts and ports."""
    here, there = origin(source_url), origin(target_url)
    if here is None or there is None:
        return False
    host, port = there
    if domains and not host_in_domains(host, domains):
        return False
    defaults = set(DEFAULT_PORTS.values())
    return port == here[1] or there in known or (here[1] in defaults and port in defaults)


class _SiteOrigins:
    """What both middlewares know of the source: its domains and the origins its entry names."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._known: frozenset[tuple[str, int]] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if request.meta.get("dont_redirect") or request.meta.get("handle_httpstatus_all"):
            return response
        self.check(request, response, spider or getattr(self.crawler, "spider", None))
        return response

    def check(self, request: Request, response: Response, spider: Any) -> None:
        raise NotImplementedError

    @staticmethod
    def _domains(spider: Any) -> tuple[str, ...]:
        return tuple(getattr(spider, "allowed_domains", None) or ())

    def _known_origins(self, spider: Any) -> frozenset[tuple[str, int]]:
        """The origins the registry entry names (homepage, start URLs, feed, sitemap)."""
        if self._known is None:
            source = getattr(spider, "source", None)
            urls = getattr(source, "urls", ()) or getattr(spider, "start_urls", ())
            self._known = frozenset(o for url in urls if (o := origin(str(url))) is not None)
        return self._known

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(STATS + key)


class OffsiteRedirectMiddleware(_SiteOrigins):
    """A 3xx to another port of the source's host is not followed."""

    def check(self, request: Request, response: Response, spider: Any) -> None:
        if response.status not in REDIRECTS:
            return
        location = response.headers.get("Location")
        if not location or response.status in request.meta.get("handle_httpstatus_list", ()):
            return
        target = urljoin(request.url, safe_url_string(location))
        domains = self._domains(spider)
        there = origin(target)
        other_host = there is None or (domains and not host_in_domains(there[0], domains))
        if other_host or stays_on_site(request.url, target, domains, self._known_origins(spider)):
            return  # another host: Scrapy's offsite rule and the moves middleware see to it
        request.meta["dont_redirect"] = True
        self._inc("offsite_port")
        logger.warning("%s redirects to another port of its host (%s): not followed", request.url, target)


class OffsiteRefreshMiddleware(_SiteOrigins):
    """A `<meta refresh>` off the source's hosts and ports is not followed: the page is read as
    itself. Placed after decompression (see the module's docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.ignore_tags: list[str] = crawler.settings.getlist("METAREFRESH_IGNORE_TAGS")
        self.max_delay = crawler.settings.getint("METAREFRESH_MAXDELAY")
        self.enabled = crawler.settings.getbool("METAREFRESH_ENABLED")

    def check(self, request: Request, response: Response, spider: Any) -> None:
        if not self.enabled or response.status in REDIRECTS or not isinstance(response, HtmlResponse):
            return
        try:
            interval, url = meta_refresh(response, self.ignore_tags)
        except ValueError:
            return
        if not url or interval is None or interval >= self.max_delay:
            return
        if stays_on_site(request.url, url, self._domains(spider), self._known_origins(spider)):
            return
        request.meta["dont_redirect"] = True  # MetaRefreshMiddleware then hands the page on as it is
        self._inc("refresh_ignored")
        logger.info("%s: <meta refresh> to %s leads off the site: page read as it is", request.url, url)
