"""Scrapy glue for raw capture: every response (articles, listings, feeds, robots.txt) to WARC.

`CaptureMiddleware` is a downloader middleware placed next to the downloader (order 950), so it
sees each response as it came off the wire (still content-encoded, before redirects are
followed). It writes a request+response pair (a revisit record when the payload equals the
URL's last capture), indexes it in `captures` and puts the row id in `request.meta["capture_id"]`;
the spider stamps it on the page's Fetch (crawler.runs.page_jobs), so the pipeline links the
release version to it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response

from archive import captures as capture_index
from archive.captures import StoredCapture
from archive.disk_space import SpaceGuard
from archive.records import Capture
from archive.store import Archive
from archive.warc import (
    LISTING_DATE_FIELD,
    PAGE_FIELD,
    SOURCE_FIELD,
    Encoded,
    Exchange,
    WarcRotator,
    Written,
)
from crawler.runs.capture_jobs import encode_capture
from crawler.runs.extract_pool import EXTRACT_POOL_SETTING
from crawler.scrapy_glue.disk_guard import space_guard
from crawler.scrapy_glue.writer import SharedArchive, writer_for

logger = logging.getLogger(__name__)

CAPTURE_META = "capture_id"
STATS_PREFIX = "capture/"


def _header_pairs(headers: Headers) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def page_kind(request: Request) -> str:
    """What the crawl fetched the URL as: the callback's name without `parse_` (article,
    listing, recheck, feed ...), or "other" (robots.txt, redirects followed by Scrapy)."""
    name = getattr(request.callback, "__name__", "") or ""
    return name.removeprefix("parse_") or "other"


def utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def capture_row(exchange: Exchange, written: Written) -> Capture:
    """The `captures` row of an exchange whose records were just written."""
    return Capture(
        url=exchange.url,
        fetched_at=utc_iso(exchange.fetched_at),
        warc_file=written.warc_file,
        warc_offset=written.offset,
        warc_length=written.length,
        record_type=written.record_type,
        payload_digest=written.payload_digest,
        http_status=exchange.status,
    )


_encoder: ThreadPoolExecutor | None = None


def _encoding_thread() -> ThreadPoolExecutor:
    """The process's one thread for WARC records. Not the reactor's pool of up to ten: each of its
    threads took a malloc arena of its own for zlib's buffers, 4 MiB more at the peak of
    bench_crawl's crawl without a worker (116 against 112 MiB), for no speed (zlib and SHA-1 let
    go of the GIL; one thread keeps up with the crawl)."""
    global _encoder
    if _encoder is None:
        _encoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc")
    return _encoder


# Article pages waiting for the extraction worker past which a WARC record is encoded in the crawl's
# process, at once: the worker is then the crawl's bottleneck and the event loop has time to spare
# (A/B runs on bench_crawl's bitrix site: 327-329 against 307-311 pages/s with every record in the
# worker; 4, 8, 12 and 20 measured alike; on a thread of the crawl's process the GIL made it slower).
WORKER_BACKLOG = 8
HERE_MAX_BYTES = 1024 * 1024  # a larger body (a document file) would stop the event loop: to the worker

# Captures rows committed together (archive.deferred_writes): at most this many, at most this long
# after the first of them; always before a release batch (which links to them) is written. A kill
# leaves at most these rows out; the next run indexes their records (archive.warc_repair).
CAPTURE_BATCH = 16
CAPTURE_COMMIT_SECONDS = 0.25


async def encoded_capture(crawler: Crawler, exchange: Exchange, previous: StoredCapture | None) -> Encoded:
    """`encode_capture`, off the event loop while it can be: in the extraction worker, ahead of the
    articles waiting there (the response holds its download slot until its record is written), or
    here when more than WORKER_BACKLOG of them wait (a body under HERE_MAX_BYTES); with no worker,
    on a thread of its own."""
    pool = crawler.settings.get(EXTRACT_POOL_SETTING)
    if pool is not None and pool.workers:
        if pool.backlog > WORKER_BACKLOG and len(exchange.body) <= HERE_MAX_BYTES:
            return encode_capture((exchange, previous))
        encoded, _ = await pool.call(encode_capture, (exchange, previous), urgent=True)
        return encoded
    return await asyncio.wrap_future(_encoding_thread().submit(encode_capture, (exchange, previous)))


class CaptureMiddleware:
    """Downloader middleware: one WARC exchange and one `captures` row per response."""

    def __init__(self, crawler: Crawler, writer: SharedArchive, data_dir: Path, max_bytes: int) -> None:
        self.crawler = crawler
        self.writer = writer
        self.space: SpaceGuard = space_guard(crawler)
        self.data_dir = data_dir
        self.max_bytes = max_bytes
        self.archive: Archive | None = None
        self.rotator: WarcRotator | None = None
        self._commit_timer: asyncio.TimerHandle | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("PRESSARCHIVE_CAPTURE", True):
            raise NotConfigured("PRESSARCHIVE_CAPTURE is off")
        data_dir = Path(settings["PRESSARCHIVE_DB"]).parent
        max_bytes = settings.getint("PRESSARCHIVE_WARC_MAX_BYTES", 100 * 1024 * 1024)
        middleware = cls(crawler, writer_for(crawler), data_dir, max_bytes)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        self.archive = self.writer.acquire()
        source = getattr(spider, "source", None)
        prefix = getattr(source, "name", None) or spider.name
        info = {"operator": self.crawler.settings.get("PRESSARCHIVE_CONTACT", ""), "source": prefix}
        self.rotator = WarcRotator(self.data_dir, prefix, max_bytes=self.max_bytes, info=info)

    def spider_closed(self, spider: Any) -> None:
        if self._commit_timer is not None:
            self._commit_timer.cancel()
            self._commit_timer = None
        if self.archive is not None:
            self._commit_captures()
        if self.rotator is not None:
            self.rotator.close()
            self.rotator = None
        if self.archive is not None:
            self.writer.release()
            self.archive = None

    async def process_response(self, request: Request, response: Response) -> Response:
        if (
            self.archive is None
            or self.rotator is None
            or not response.url.startswith(("http://", "https://"))
        ):
            return response
        exchange = self._exchange(request, response)
        previous = capture_index.last_response(self.archive.db, exchange.url)
        # Written and indexed here, one record at a time.
        encoded = await encoded_capture(self.crawler, exchange, previous)
        if self.archive is None or self.rotator is None:  # the spider closed meanwhile
            return response
        stats = self.crawler.stats
        try:
            written = self.rotator.append_encoded(encoded)
            capture_id = self.archive.add_capture(capture_row(exchange, written), batch=CAPTURE_BATCH)
        except (OSError, sqlite3.Error) as exc:
            if not self.space.trip_on(exc):
                raise
            # No room for the record (undone whole: archive.warc) or its index row: the run stops
            # (crawler.scrapy_glue.disk_guard); the page is counted as failed, fetched again next run.
            if stats is not None:
                stats.inc_value(STATS_PREFIX + "disk_full")
            raise IgnoreRequest(f"disk full, not captured: {response.url}") from None
        request.meta[CAPTURE_META] = capture_id
        if self._commit_timer is None:
            loop = asyncio.get_running_loop()
            self._commit_timer = loop.call_later(CAPTURE_COMMIT_SECONDS, self._commit_captures)
        if stats is not None:
            stats.inc_value(STATS_PREFIX + written.record_type)
            stats.inc_value(STATS_PREFIX + "bytes", written.length)
        return response

    def _commit_captures(self) -> None:
        """The captures rows waiting in their batch, committed (the timer's call, and at close)."""
        self._commit_timer = None
        if self.archive is None:
            return
        try:
            self.archive.commit_captures()
        except (OSError, sqlite3.Error) as exc:
            # Rolled back: their records stay in the WARC file, indexed by the next run
            # (archive.warc_repair.index_loose); the archive refuses further writes (archive.deferred_writes).
            if not self.space.trip_on(exc):
                logger.exception("captures rows not committed")

    def _exchange(self, request: Request, response: Response) -> Exchange:
        source = getattr(self.crawler.spider, "source", None)
        fields = {
            SOURCE_FIELD: getattr(source, "name", "") or "",
            PAGE_FIELD: page_kind(request),
            LISTING_DATE_FIELD: str(request.cb_kwargs.get("listing_date_text") or ""),
        }
        return Exchange(
            url=response.url,
            fetched_at=dt.datetime.now(dt.UTC),
            status=response.status,
            response_headers=_header_pairs(response.headers),
            body=response.body,
            method=request.method,
            request_headers=_header_pairs(request.headers),
            request_body=request.body,
            protocol=response.protocol or "HTTP/1.1",
            fields={k: v for k, v in fields.items() if v},
        )
