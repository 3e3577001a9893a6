"""The Scrapy components of a distributed run's worker (crawler.distributed.worker).

A worker crawls like a one-machine crawl, with four differences:
- `RemoteCapture`: a response is sent to the writer as received (the writer writes the WARC
  record and indexes it); the page's Fetch carries the capture's key instead of its row id;
- `ShippingPipeline`: releases, re-check verdicts and files go to the writer instead of the archive,
  counted in the run's stats exactly as ArchivePipeline counts them;
- `Acknowledgements`: a request taken from the Redis queue is acknowledged once everything its
  answer led to (requests queued, messages sent) is done, so a worker killed at any moment loses
  nothing (crawler.distributed.queue);
- `ResumedStart`: a worker that takes over a source another worker left does not queue the start
  requests again: the queue already holds the crawl where it stopped.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future

from archive.warc import payload_digest
from crawler.distributed import messages
from crawler.distributed.queue import INFLIGHT_META, ReliableQueue
from crawler.distributed.store import RemoteStore, remote_store
from crawler.runs.page_jobs import ArticleOutcome
from crawler.scrapy_glue.attachments import (
    SKIPPED_REASONS,
    AttachmentFetch,
    AttachmentPlan,
    Skipped,
    close_reader,
    reader_for,
)
from crawler.scrapy_glue.capture import CAPTURE_META, STATS_PREFIX, CaptureMiddleware, encoded_capture
from crawler.scrapy_glue.items import ReleaseGone
from crawler.scrapy_glue.pipelines import counted_release

logger = logging.getLogger(__name__)

SCHEDULER_ATTRIBUTE = "_pressarchive_scheduler"  # the crawler's RedisScheduler, set by it


def _store(crawler: Crawler) -> RemoteStore:
    store = remote_store(crawler)
    if store is None:
        raise RuntimeError("a distributed worker's component runs without its RemoteStore")
    return store


class RemoteCapture(CaptureMiddleware):
    """Downloader middleware (in CaptureMiddleware's place): the exchange goes to the writer."""

    def spider_opened(self, spider: Any) -> None:
        self.remote = _store(self.crawler)

    def spider_closed(self, spider: Any) -> None:
        return None

    async def process_response(self, request: Request, response: Response) -> Response:
        if not response.url.startswith(("http://", "https://")):
            return response
        key = uuid.uuid4().hex
        exchange = self._exchange(request, response)
        # The full record is gzipped here (encoded_capture: off the event loop unless the worker lags),
        # so the one writer only appends it; the writer makes a revisit instead when the archive's
        # last capture of the URL had the same payload, from the exchange sent without its body.
        encoded = await encoded_capture(self.crawler, exchange, None)
        light = dataclasses.replace(exchange, body=b"")
        light.__dict__["digest"] = exchange.digest  # the payload's digest, for the revisit
        self.remote.send(messages.CAPTURE, (key, light, encoded))
        request.meta[CAPTURE_META] = key
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(STATS_PREFIX + "sent")
            self.crawler.stats.inc_value(STATS_PREFIX + "bytes", len(response.body))
        return response


class ShippingPipeline:
    """Item pipeline (in ArchivePipeline's place): see the module docstring."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        attachments = crawler.settings.getbool("PRESSARCHIVE_ATTACHMENTS", True)
        self.plan: AttachmentPlan | None = AttachmentPlan.for_crawler(crawler) if attachments else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def stats(self) -> Any:
        return self.crawler.stats

    async def process_item(self, item: Any) -> Any:
        store = _store(self.crawler)
        if isinstance(item, ReleaseGone):
            store.send(messages.GONE, item)
            return item
        if isinstance(item, AttachmentFetch):
            await self._attachment(store, item)
            return item
        if not isinstance(item, ArticleOutcome):
            return item
        release = counted_release(self.stats, item)  # DropItem, counted, when there is none
        store.send(messages.RELEASE, (release, item.signature, item.fetch.capture_id))
        if self.plan is not None and release.attachments and self.crawler.engine is not None:
            for request in self.plan.ask(release):
                self.crawler.engine.crawl(request)
        return item

    async def _attachment(self, store: RemoteStore, item: AttachmentFetch) -> None:
        """A file's answer, read here (the worker has the reader) and sent without its bytes: the
        writer has them in the capture."""
        waiting = list(self.plan.waiting.get(item.url, [])) if self.plan is not None else []
        if item.failure in SKIPPED_REASONS:
            store.send(
                messages.SKIPPED, [Skipped(rid, item.url, title, item.failure) for rid, title in waiting]
            )
            return
        if item.failure is not None:
            self.stats.inc_value(f"attachments/failed/{item.failure}")
        if item.http_status is not None and item.http_status >= 400:
            self.stats.inc_value(f"attachments/http_{item.http_status}")
        text = digest = None
        size = len(item.body)
        if item.http_status == 200 and item.body:
            digest = payload_digest(item.body)
            text = await maybe_deferred_to_future(
                reader_for(self.crawler).read(item.body, item.url, item.content_type)
            )
            self.stats.inc_value(f"attachments/read/{text.status}")
        shipped = dataclasses.replace(item, body=b"")
        store.send(messages.ATTACHMENT, (shipped, text, digest, waiting, size))

    def spider_closed(self, spider: Any, reason: str) -> None:
        store = remote_store(self.crawler)
        try:
            if store is not None and self.plan is not None and self.plan.skipped:
                store.send(messages.SKIPPED, list(self.plan.skipped))
                self.plan.skipped.clear()
        finally:
            close_reader(self.crawler)


class StatsShipper:
    """Sends the writer what a crawler's Scrapy stats gained since the last time, so the run's
    figures survive a worker's death: shipped before every acknowledgement, a request's counts
    are on the stream before it is acknowledged (the next worker fetches it again otherwise)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.sent: dict[str, float] = {}

    def ship(self, final: bool = False) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        delta: dict[str, Any] = {}
        for key, value in stats.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                gained = value - self.sent.get(key, 0)
                if gained:
                    delta[key] = gained
                    self.sent[key] = value
            elif final and isinstance(value, str):
                delta[key] = value
        if delta:
            _store(self.crawler).send(messages.STATS, delta)


def stats_shipper(crawler: Crawler) -> StatsShipper:
    shipper = getattr(crawler, "_pressarchive_stats_shipper", None)
    if shipper is None:
        shipper = crawler._pressarchive_stats_shipper = StatsShipper(crawler)  # type: ignore[attr-defined]
    return shipper


class Acknowledgements:
    """Extension: acknowledges each request taken from the queue once its answer is handled.

    Scrapy's scraper handles an answer (callback or errback, then every item through the
    pipelines and every request into the scheduler) in `Scraper._scrape`; this wraps that method
    of the crawler's scraper (Scrapy 2.19, pinned) and acknowledges when it returns. While the site
    profile holds article pages back (the first pages of a source, crawler.scrapy_glue.profiling),
    their acknowledgements wait with them: a worker killed then asks for them again."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.waiting: list[str] = []
        self.acknowledged = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        return extension

    def engine_started(self) -> None:
        assert self.crawler.engine is not None
        scraper = self.crawler.engine.scraper
        scrape = scraper._scrape

        async def scrape_then_acknowledge(result: Any, request: Request) -> None:
            try:
                await scrape(result, request)
            finally:
                self.done(request)

        scraper._scrape = scrape_then_acknowledge  # type: ignore[method-assign]

    def _queue(self) -> ReliableQueue | None:
        scheduler = getattr(self.crawler, SCHEDULER_ATTRIBUTE, None)
        return getattr(scheduler, "queue", None)

    def done(self, request: Request) -> None:
        inflight_id = request.meta.get(INFLIGHT_META)
        queue = self._queue()
        if inflight_id is None or queue is None:
            return
        self.waiting.append(inflight_id)
        spider = self.crawler.spider
        profiling = getattr(spider, "profiling", None)
        if profiling is not None and profiling.session.held:
            return  # pages held for the profile: acknowledged when they are released
        stats_shipper(self.crawler).ship()
        queue.ack_many(self.waiting)
        self.acknowledged += len(self.waiting)
        self.waiting = []


class ResumedStart:
    """Spider middleware: the start requests of a source another worker began are not queued again
    (the queue holds the crawl where it stopped). A press-section search that had not chosen yet
    starts over from the home page: its state died with the other worker."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        store = _store(self.crawler)
        began = store.server.get(store.keys.started(store.source)) is not None
        async for request in start:
            if began and not self._searching():
                continue
            yield request
        if began:
            logger.info("%s: resumed where another worker stopped", store.source)
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("distributed/resumed")
        store.server.set(store.keys.started(store.source), "1")

    def _searching(self) -> bool:
        sections = getattr(self.crawler.spider, "sections", None)
        return sections is not None and sections.stored is None
