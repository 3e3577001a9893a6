"""Every page the spider asked for and did not get, counted by why (`pages/failed/<kind>`).

Without an errback, Scrapy lets a request vanish with at most a log line: a redirect loop
("max redirections reached"), a gzip bomb (decompressed past DOWNLOAD_MAXSIZE), a robots.txt
refusal. The spider gives each of its requests `count_failure` as errback: it counts the failure
under one kind and hands it on unchanged, so Scrapy's own handling (the HTTP error statistics, the
"Error downloading" log line that the run's error count reads) is as before.

Kinds: http_<status> (an answer the spider does not read), redirect_loop, too_large, robots,
offsite, asked_to_wait (crawler.scrapy_glue.retry_after), url_too_long, ignored (any other refusal)
and the transport classes of crawler.scrapy_glue.errors (tls, dns, timeout, connection, other).

Three ways a request used to vanish without its errback, each counted here too:

- the scheduler's duplicate filter drops it (`DroppedRequests`): a redirect or <meta refresh> back
  to a page of its own chain (A -> B -> A) is a `redirect_loop`; one to a page this run asked for
  already is that page's (`releases/dropped/duplicate`); a second link to a page already asked for
  is not a page of its own (`links/duplicate`, so links/found less it is what the pages account for);
- a URL longer than URLLENGTH_LIMIT is never asked (`UrlLengthCounted`: `url_too_long`);
- a callback that raises (a page no parser survives: 5,000 nested elements) loses its page with a
  traceback (`CallbackErrors`: counted as `releases/dropped/unparseable`, as the extraction worker
  counts it, or `pages/dropped/listing_unparseable` for a listing, and logged).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.spidermiddlewares.urllength import UrlLengthMiddleware
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from crawler.scrapy_glue.disk_guard import space_guard
from crawler.scrapy_glue.errors import classify_exception
from crawler.scrapy_glue.retry_after import HostAskedToWait

logger = logging.getLogger(__name__)

STATS_PREFIX = "pages/failed/"
DUPLICATE_LINKS = "links/duplicate"
DUPLICATE_TARGET = "releases/dropped/duplicate"
UNPARSEABLE_ARTICLE = "releases/dropped/unparseable"
UNPARSEABLE_LISTING = "pages/dropped/listing_unparseable"
ARTICLE_CALLBACKS = frozenset({"parse_article", "parse_recheck"})
LISTING_CALLBACKS = frozenset({"parse_listing"})


def failure_kind(exception: BaseException) -> str:
    """The kind a failed request is counted under."""
    if isinstance(exception, HttpError):
        return f"http_{exception.response.status}"
    if isinstance(exception, HostAskedToWait):
        return "asked_to_wait"
    text = str(exception).lower()
    if "max redirections" in text:
        return "redirect_loop"
    if "max size" in text or "maxsize" in text:
        return "too_large"
    if isinstance(exception, IgnoreRequest):
        if "robots.txt" in text:
            return "robots"
        if "offsite" in text:
            return "offsite"
        return "ignored"
    return classify_exception(exception)


def count_failure(stats: StatsCollector | None, failure: Failure, url: str) -> Failure:
    """Count the failure of the request for `url` and hand it on as it came."""
    kind = failure_kind(failure.value)
    if stats is not None:
        stats.inc_value(STATS_PREFIX + kind)
    if kind in ("redirect_loop", "too_large"):
        logger.warning("page not read (%s): %s", kind, url)
    return failure


class DroppedRequests:
    """Extension: a request the scheduler drops as a duplicate ends counted (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.request_dropped, signal=signals.request_dropped)
        return extension

    def request_dropped(self, request: Request, spider: Any = None) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        chain: list[str] = list(request.meta.get("redirect_urls") or ())
        if request.url in chain:
            stats.inc_value(STATS_PREFIX + "redirect_loop")
            logger.warning("page not read (redirect_loop): %s", chain[0])
        elif chain:
            stats.inc_value(DUPLICATE_TARGET)
            logger.info("%s redirects to %s, asked for already in this run", chain[0], request.url)
        else:
            stats.inc_value(DUPLICATE_LINKS)


class UrlLengthCounted(UrlLengthMiddleware):
    """Scrapy's URL length limit, with the request it does not send counted (`url_too_long`)."""

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        kept = super().get_processed_request(request, response)
        if kept is None:
            self.crawler.stats.inc_value(STATS_PREFIX + "url_too_long")
        return kept


class CallbackErrors:
    """Spider middleware: an exception a callback raises is counted and logged, never a lost page."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any] | None:
        if isinstance(exception, HttpError):
            return None  # an answer the spider does not read: counted by count_failure
        request = response.request
        callback = getattr(request.callback, "__name__", "") if request is not None else ""
        if space_guard(self.crawler).trip_on(exception):
            # the archive's disk is full (a callback's own write): the run stops, said once
            # (crawler.scrapy_glue.disk_guard); the page is fetched again by the next run
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value(f"pages/dropped/disk_full/{callback or 'callback'}")
            logger.warning("not stored, no room on the disk: %s", response.url)
            return ()
        if callback in ARTICLE_CALLBACKS:
            key = UNPARSEABLE_ARTICLE
        elif callback in LISTING_CALLBACKS:
            key = UNPARSEABLE_LISTING
        else:
            key = f"pages/dropped/{callback or 'callback'}_error"
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
        logger.error(
            "cannot read %s (%s: %s)", response.url, type(exception).__name__, exception, exc_info=exception
        )
        return ()
