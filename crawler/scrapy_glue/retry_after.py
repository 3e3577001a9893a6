"""`Retry-After` honoured: a site that asks the crawler to wait is waited for, or left alone.

Scrapy's RetryMiddleware retries a 429 or 503 at once, whatever the site asked: a 429 saying
"wait 86,400 s" got three requests in 5.5 s. This middleware sits just before it (between the
downloader and the retry middleware) and reads the header first:

- a wait up to `PRESSARCHIVE_RETRY_AFTER_MAX` seconds: the host's download slot is paused for
  that long (no request of this crawl reaches the host meanwhile) and the request is retried
  once the pause is over, within Scrapy's RETRY_TIMES;
- a longer wait: the host is left alone for the rest of the run. The answer goes on to the
  spider as the error it is (counted with the run's HTTP errors), every later request to the
  host is dropped before it is sent and counted (`retry_after/skipped`), and the run's stats
  say which host asked for how long (`retry_after/refused_host`, `retry_after/refused_seconds`),
  which the source's health reports.

A header that is neither a number of seconds nor an HTTP date is left to Scrapy's own retries.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import math
import time
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.httpobj import urlparse_cached
from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


class HostAskedToWait(IgnoreRequest):
    """A request not sent because its host asked for a longer pause than the run allows."""


STATUSES = frozenset({429, 503})
DEFAULT_MAX_SECONDS = 300.0
STATS = "retry_after/"


def retry_after_seconds(value: bytes | str | None, now: dt.datetime | None = None) -> float | None:
    """The wait a `Retry-After` header asks for, in seconds (>= 0); None when it says nothing usable.

    The header holds either whole seconds ("120") or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT").
    """
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text or len(text) > 64:
        return None
    if text.isascii() and text.isdigit():
        return float(int(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler, max_seconds: float) -> None:
        self.crawler = crawler
        self.max_seconds = max_seconds
        self.refused: dict[str, float] = {}  # host -> the wait it asked for, beyond the cap
        self.paused_until: dict[str, float] = {}  # download slot -> end of its pause (monotonic)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        max_seconds = crawler.settings.getfloat("PRESSARCHIVE_RETRY_AFTER_MAX", DEFAULT_MAX_SECONDS)
        middleware = cls(crawler, max_seconds)
        crawler.signals.connect(middleware.response_downloaded, signal=signals.response_downloaded)
        return middleware

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = urlparse_cached(request).hostname or ""
        if host in self.refused:
            self._inc("skipped")
            raise HostAskedToWait(f"{host} asked for {self.refused[host]:.0f} s (Retry-After)")

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        """Pause or leave the host the moment its answer arrives.

        The downloader sends this signal before it frees the answer's place in the host's slot and
        sends the next queued request; the middleware's own process_response comes after that, too
        late to hold a request already on its way.
        """
        wait = self._asked_wait(request, response)
        if wait is None:
            return
        host = urlparse_cached(request).hostname or ""
        if wait > self.max_seconds:
            self._refuse(host, wait, request, response)
        else:
            self._pause(request, wait)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        wait = self._asked_wait(request, response)
        if wait is None:
            return response
        host = urlparse_cached(request).hostname or ""
        if host in self.refused:
            request.meta["dont_retry"] = True  # the answer goes on as the error it is
            return response
        retry = get_retry_request(
            request, spider=spider or self.crawler.spider, reason=f"retry_after_{response.status}"
        )
        if retry is None:  # out of retries
            request.meta["dont_retry"] = True
            return response
        self._inc("waited")
        self._inc("seconds", math.ceil(wait))
        logger.info("%s asked to wait %.0f s (HTTP %s): host paused", host, wait, response.status)
        return retry

    def _asked_wait(self, request: Request, response: Response) -> float | None:
        if response.status not in STATUSES or request.meta.get("dont_retry"):
            return None
        return retry_after_seconds(response.headers.get("Retry-After"))

    def _refuse(self, host: str, wait: float, request: Request, response: Response) -> None:
        """Leave the host alone for the rest of the run."""
        if host not in self.refused:
            self.refused[host] = wait
            stats = self.crawler.stats
            if stats is not None:
                stats.set_value(STATS + "refused_host", host)
                stats.set_value(STATS + "refused_seconds", min(math.ceil(wait), 2**53))
            logger.warning(
                "%s asked to wait %.0f s (HTTP %s), more than the %.0f s allowed: no more requests to it "
                "in this run",
                host,
                wait,
                response.status,
                self.max_seconds,
            )
        self._drop_queued(request, host)

    def _drop_queued(self, request: Request, host: str) -> None:
        """Requests already waiting in the host's download slot are dropped (and counted) unsent."""
        slot = self._slot(request)
        while slot is not None and slot.queue:
            _queued, waiting = slot.queue.popleft()
            self._inc("skipped")
            waiting.errback(Failure(HostAskedToWait(f"{host} asked for {self.refused[host]:.0f} s")))

    def _slot(self, request: Request) -> Any:
        downloader = getattr(self.crawler.engine, "downloader", None)
        key = request.meta.get("download_slot")
        return downloader.slots.get(key) if downloader is not None and key is not None else None

    def _pause(self, request: Request, wait: float) -> None:
        """Hold the host's download slot for `wait` seconds.

        The downloader leaves a slot's queue alone while the slot has a pending `latercall` (the
        same mechanism as DOWNLOAD_DELAY), so the pause is exact, unlike a raised delay, which
        jitter and AutoThrottle would shorten.
        """
        slot, key = self._slot(request), request.meta.get("download_slot")
        if slot is None:
            return
        until = time.monotonic() + wait
        if until <= self.paused_until.get(key, 0.0):  # already paused for longer
            return
        self.paused_until[key] = until
        if slot.latercall is not None:
            slot.latercall.cancel()
        slot.latercall = call_later(wait, self.crawler.engine.downloader._latercall, slot)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(STATS + key, count)
