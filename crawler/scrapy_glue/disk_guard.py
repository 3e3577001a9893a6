"""Scrapy glue for a full disk: every spider of the run stops cleanly, with one message.

The extension polls the archive's free space (archive.disk_space.SpaceGuard, shared by the run's
crawlers through crawler.scrapy_glue.writer.SharedArchive) when a spider opens and every
`PRESSARCHIVE_DISK_CHECK_SECONDS`; a spider or pipeline error that is a write refused for lack of
space trips it too (the capture middleware and the pipeline trip it on their own writes). Once
tripped, each spider closes with the reason `disk_full`, its run recorded while the reserve
(`PRESSARCHIVE_MIN_FREE_MB`) still leaves room; the CLI then says it once and exits 74.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from archive.disk_space import DEFAULT_RESERVE_MB, SpaceGuard
from crawler.scrapy_glue.writer import writer_for

logger = logging.getLogger(__name__)

REASON = "disk_full"


def space_guard(crawler: Crawler) -> SpaceGuard:
    """The run's SpaceGuard, made with this crawler's reserve when first asked for."""
    reserve = crawler.settings.getint("PRESSARCHIVE_MIN_FREE_MB", DEFAULT_RESERVE_MB)
    return writer_for(crawler).space(reserve)


class DiskGuard:
    """Closes its spider with `disk_full` as soon as the run's SpaceGuard trips."""

    def __init__(self, crawler: Crawler, guard: SpaceGuard, interval: float) -> None:
        self.crawler = crawler
        self.guard = guard
        self.interval = interval
        self.closing = False
        self._loop: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("PRESSARCHIVE_DISK_CHECK_SECONDS", 1.0)
        extension = cls(crawler, space_guard(crawler), max(0.05, interval))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.spider_error, signal=signals.spider_error)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        return extension

    def spider_opened(self, spider: Any) -> None:
        self._loop = LoopingCall(self.poll)
        self._loop.start(self.interval, now=False).addErrback(self._loop_failed)
        self.guard.check(force=True)
        self.poll()

    def spider_closed(self, spider: Any) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self._loop = None

    def spider_error(self, failure: Failure, response: Any, spider: Any) -> None:
        self._trip_on(failure)

    def item_error(self, item: Any, response: Any, spider: Any, failure: Failure) -> None:
        self._trip_on(failure)

    def _trip_on(self, failure: Failure) -> None:
        if isinstance(failure.value, BaseException) and self.guard.trip_on(failure.value):
            self.poll()

    def poll(self) -> None:
        """Close the spider once the guard has tripped (checking the free space if it is time)."""
        if self.closing or self.guard.check() is None:
            return
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return
        self.closing = True
        stats = self.crawler.stats
        if stats is not None:
            stats.set_value("disk/stopped", 1)
        logger.warning("%s: stopping: %s", getattr(engine.spider, "name", "?"), self.guard.tripped)
        closing = deferred_from_coro(engine.close_spider_async(reason=REASON))
        closing.addErrback(lambda f: logger.error("cannot close the spider: %s", f.getErrorMessage()))

    def _loop_failed(self, failure: Failure) -> None:
        logger.error("the free-space check failed: %s", failure.getErrorMessage())
