"""Scrapy glue for attachments: each stored release's files are asked for, read and stored.

When the pipeline takes a release, `AttachmentPlan.ask` gives the requests for the files it links
to: on the source's own hosts, of a document kind, within the run's budget
(`PRESSARCHIVE_ATTACHMENTS_PER_RUN`) and size (`PRESSARCHIVE_ATTACHMENT_MAX_BYTES`), a file
asked once per run however many releases link to it, with a conditional GET (a file unchanged
since the last run costs a 304). The response is captured to WARC like any other; the spider's
`parse_attachment` hands it on as an `AttachmentFetch`; the pipeline reads its text in the
bounded reader process (crawler.attachments.sandbox; one file at a time, off the event loop) and
stores it for every release that links to it (archive.attachments).

Two things are shared by every crawler of the process through their SharedArchive: the reader and
the run's byte budget for files (`PRESSARCHIVE_ATTACHMENTS_RUN_MAX_MB`, on bytes received). A file
not fetched for a budget is recorded with its reason and asked for again the next night.

A file is not a page of the site: its requests are never retried (a file that fails is asked for
again the next night) and `AttachmentTraffic` counts their share of the Scrapy stats the run's
record reads (`attachments/share/<key>`), which `without_attachments` takes out of the run's own
figures, so a site whose PDFs time out is not judged a broken press section.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import StopDownload
from scrapy.http import Headers, Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.python import global_object_name
from twisted.internet import defer
from twisted.internet.threads import deferToThreadPool
from twisted.python.failure import Failure
from twisted.python.threadpool import ThreadPool

from archive.records import Release
from crawler.attachments.kinds import sniff
from crawler.attachments.model import AttachmentText
from crawler.attachments.sandbox import AttachmentReader
from crawler.scrapy_glue.capture import CAPTURE_META
from crawler.scrapy_glue.conditional import CONDITIONAL_META
from crawler.scrapy_glue.errors import STATS_PREFIX as ERROR_CLASS_PREFIX
from crawler.scrapy_glue.errors import classify_exception
from crawler.scrapy_glue.failures import failure_kind
from crawler.scrapy_glue.writer import writer_for

logger = logging.getLogger(__name__)

STATS = "attachments/"
# The kinds asked for by the link's extension (None: a link marked `download`, judged by its bytes).
FETCHED_KINDS = frozenset({"pdf", "doc", "docx", "rtf", "odt", "xls", "xlsx", "ods", None})
ATTACHMENT_PRIORITY = -20  # after the listings and articles that lead to more of them
ATTACHMENT_META = "pressarchive_attachment"  # marks a file's request (AttachmentTraffic)
ANSWERED_META = "pressarchive_attachment_answered"  # id() of the request object that got an answer
ENCODED_META = "pressarchive_attachment_encoded"  # the answer came content-encoded (gzip ...)
OVER_RUN_BUDGET_META = "pressarchive_attachment_over_run_budget"
# The share of these Scrapy stats that the files' requests made (SHARE + key), for without_attachments.
SHARE = STATS + "share/"

# Files not fetched for a budget: their status and the reason readers see. Asked for the next night.
OVER_BUDGET = "over_budget"
OVER_RUN_BUDGET = "over_run_budget"
SKIPPED_REASONS = {
    OVER_BUDGET: "превышено число файлов источника за ночь",
    OVER_RUN_BUDGET: "превышен общий объём файлов за ночь",
}


@dataclass(frozen=True)
class AttachmentFetch:
    """What one request for a file gave: the answer (and its bytes), or why there is none."""

    url: str
    fetched_at: str
    http_status: int | None = None
    body: bytes = b""
    content_type: str = ""
    capture_id: int | None = None
    failure: str | None = None  # the request failed: too_large, timeout, connection, over_run_budget ...
    decoded: bool = False  # the body was content-decoded after its capture: the WARC holds other bytes


@dataclass(frozen=True)
class Skipped:
    """A release's file not asked for: `status` is a key of SKIPPED_REASONS."""

    release_id: str
    url: str
    title: str | None
    status: str


class RunBudget:
    """The bytes of files all crawlers of the run may receive together; 0: no bound.

    Counted on bytes received. An answer whose length is known reserves it when its headers
    arrive, so files received at the same time cannot pass the bound together; one of unknown
    length is let through while there is room and may pass it by its own size.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.used = 0
        self.reserved: dict[int, int] = {}  # id(request) -> bytes announced and not yet received

    @property
    def exhausted(self) -> bool:
        return bool(self.max_bytes) and self.used >= self.max_bytes

    def admit(self, request: Request, length: int | None) -> bool:
        """Whether an answer of `length` bytes (None: unknown) may be received; if so it is reserved."""
        if not self.max_bytes:
            return True
        ahead = self.used + sum(self.reserved.values())
        if ahead + (length or 0) > self.max_bytes or ahead >= self.max_bytes:
            return False
        if length:
            self.reserved[id(request)] = length
        return True

    def received(self, request: Request, size: int) -> None:
        self.used += size
        left = self.reserved.get(id(request))
        if left is not None:
            self.reserved[id(request)] = max(0, left - size)

    def done(self, request: Request) -> None:
        self.reserved.pop(id(request), None)


def run_budget_for(crawler: Crawler) -> RunBudget:
    """The run's budget, shared by its crawlers through their SharedArchive as the reader is, and
    kept as long as the SharedArchive (one night's `pressarchive crawl`)."""
    writer = writer_for(crawler)
    budget = getattr(writer, "_attachment_budget", None)
    if budget is None:
        megabytes = crawler.settings.getfloat("PRESSARCHIVE_ATTACHMENTS_RUN_MAX_MB", 2048)
        budget = writer._attachment_budget = RunBudget(int(megabytes * 1024 * 1024))  # type: ignore[attr-defined]
    assert isinstance(budget, RunBudget)
    return budget


@dataclass
class AttachmentPlan:
    """One spider's files: which to ask for, and which releases wait for each."""

    crawler: Crawler
    budget: int
    max_bytes: int
    run_budget: RunBudget = field(default_factory=lambda: RunBudget(0))
    asked: int = 0
    waiting: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # url -> (release, title)
    skipped: list[Skipped] = field(default_factory=list)  # stored by the pipeline when the spider closes
    traffic: AttachmentTraffic | None = None  # held here: Scrapy's signals keep weak references

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> AttachmentPlan:
        settings = crawler.settings
        plan = cls(
            crawler,
            settings.getint("PRESSARCHIVE_ATTACHMENTS_PER_RUN", 300),
            settings.getint("PRESSARCHIVE_ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024),
            run_budget_for(crawler),
        )
        plan.traffic = AttachmentTraffic(crawler, plan.run_budget)
        plan.traffic.connect()
        return plan

    def ask(self, release: Release) -> list[Request]:
        """The requests for the release's files not yet asked for in this run; the files over a
        budget are noted in `skipped`."""
        spider = self.crawler.spider
        stats = self.crawler.stats
        domains = list(getattr(spider, "allowed_domains", None) or [])
        requests = []
        for attachment in release.attachments:
            url = attachment.url
            if attachment.kind not in FETCHED_KINDS:
                stats.inc_value(STATS + "kind_not_read")
                continue
            if domains and not on_hosts(url, domains):
                stats.inc_value(STATS + "offsite")
                continue
            known = self.waiting.get(url)
            if known is not None:
                known.append((release.release_id, attachment.title))
                continue
            over = OVER_BUDGET if self.asked >= self.budget else None
            if over is None and self.run_budget.exhausted:
                over = OVER_RUN_BUDGET
            if over is not None:
                stats.inc_value(STATS + over)
                self.skipped.append(Skipped(release.release_id, url, attachment.title, over))
                continue
            self.asked += 1
            self.waiting[url] = [(release.release_id, attachment.title)]
            requests.append(self._request(url))
        if requests:
            stats.inc_value(STATS + "asked", len(requests))
        return requests

    def _request(self, url: str) -> Request:
        spider = self.crawler.spider
        return Request(
            url,
            callback=spider.parse_attachment,
            errback=spider.attachment_failed,
            meta={
                "download_maxsize": self.max_bytes,
                "download_warnsize": self.max_bytes,
                "handle_httpstatus_all": True,
                "dont_retry": True,  # asked again the next night; one attempt keeps its stats exact
                CONDITIONAL_META: True,
                ATTACHMENT_META: True,
            },
            priority=ATTACHMENT_PRIORITY,
        )


class AttachmentTraffic:
    """Signal handlers on one crawler's file requests: their bytes against the run's budget, and
    their share of the Scrapy stats the run's record reads (see `without_attachments`).

    Scrapy's stats cannot tell a file from a page: `downloader/request_count` is counted as a
    request reaches the downloader, `response_received_count` as the engine gets an answer,
    `downloader/exception_type_count/*` and `errors/class/*` by downloader middlewares for an
    exception from the download or a request middleware, `conditional/not_modified` for a 304.
    The same events are counted here for files, under SHARE; an exception raised while an answer
    went through the middlewares (a redirect loop) passes none of those counters, and is counted
    by `failed` only when no answer came (ANSWERED_META).
    """

    def __init__(self, crawler: Crawler, budget: RunBudget) -> None:
        self.crawler = crawler
        self.budget = budget
        self.conditional = crawler.settings.getbool("PRESSARCHIVE_CONDITIONAL_GET", True)

    def connect(self) -> None:
        connect = self.crawler.signals.connect
        connect(self.request_reached_downloader, signal=signals.request_reached_downloader)
        connect(self.headers_received, signal=signals.headers_received)
        connect(self.bytes_received, signal=signals.bytes_received)
        connect(self.response_downloaded, signal=signals.response_downloaded)
        connect(self.request_left_downloader, signal=signals.request_left_downloader)
        connect(self.response_received, signal=signals.response_received)

    def _share(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(SHARE + key)

    def request_reached_downloader(self, request: Request, spider: Any = None) -> None:
        if request.meta.get(ATTACHMENT_META):
            self._share("downloader/request_count")

    def headers_received(
        self, headers: Headers, body_length: Any, request: Request, spider: Any = None
    ) -> None:
        """A file's body is received only while the run's budget has room for it."""
        if not request.meta.get(ATTACHMENT_META):
            return
        encoding = (headers.get(b"Content-Encoding") or b"identity").strip().lower()
        request.meta[ENCODED_META] = encoding != b"identity"
        length = body_length if isinstance(body_length, int) else None
        if length == 0 or self.budget.admit(request, length):
            return
        request.meta[OVER_RUN_BUDGET_META] = True
        logger.info("run's budget for files reached: %s not fetched", request.url)
        raise StopDownload(fail=True)

    def bytes_received(self, data: bytes, request: Request, spider: Any = None) -> None:
        if request.meta.get(ATTACHMENT_META):
            self.budget.received(request, len(data))
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value(STATS + "bytes_received", len(data))

    def response_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        if request.meta.get(ATTACHMENT_META):
            # The id, not the request: a redirect's copy carries the meta on, and is another object.
            request.meta[ANSWERED_META] = id(request)

    def request_left_downloader(self, request: Request, spider: Any = None) -> None:
        if request.meta.get(ATTACHMENT_META):
            self.budget.done(request)

    def response_received(self, response: Response, request: Request, spider: Any = None) -> None:
        if not request.meta.get(ATTACHMENT_META):
            return
        self._share("response_received_count")
        if response.status == 304 and self.conditional and request.meta.get(CONDITIONAL_META):
            self._share("conditional/not_modified")


def without_attachments(values: Mapping[str, Any]) -> dict[str, Any]:
    """A run's stats less the files' share of them (AttachmentTraffic): the figures of the site's
    own pages, as the run's record and its health read them. A count that comes to nothing is
    left out, as Scrapy leaves out what never happened."""
    own = dict(values)
    for key, share in values.items():
        if not key.startswith(SHARE) or not isinstance(share, int):
            continue
        base = key.removeprefix(SHARE)
        left = int(own.get(base, 0)) - share
        if left > 0:
            own[base] = left
        else:
            own.pop(base, None)
    return own


def on_hosts(url: str, domains: Sequence[str]) -> bool:
    """Whether the URL's host is one of `domains` or below one (ports aside), as Scrapy's offsite
    rule reads allowed_domains."""
    host = (urlsplit(url).hostname or "").lower()
    for domain in domains:
        domain = domain.lower().split(":", 1)[0]
        if host == domain or host.endswith("." + domain):
            return True
    return False


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetched(response: Response) -> AttachmentFetch:
    """A file's answer as the pipeline takes it."""
    return AttachmentFetch(
        url=response.request.url if response.request is not None else response.url,
        fetched_at=utc_now(),
        http_status=response.status,
        body=response.body if response.status == 200 else b"",
        content_type=(response.headers.get("Content-Type") or b"").decode("latin-1"),
        capture_id=response.meta.get(CAPTURE_META),
        decoded=bool(response.meta.get(ENCODED_META)),
    )


def failed(failure: Failure, stats: StatsCollector | None = None) -> AttachmentFetch:
    """A file that was asked for and not got (too large, timed out, over the run's budget ...):
    still one outcome, and its share of Scrapy's failure stats counted (AttachmentTraffic)."""
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    if stats is not None and request is not None:
        count_failure_share(stats, request, failure.value)
    if request is not None and request.meta.get(OVER_RUN_BUDGET_META):
        kind = OVER_RUN_BUDGET
    else:
        kind = failure_kind(failure.value)
    return AttachmentFetch(url=url, fetched_at=utc_now(), failure=kind)


def count_failure_share(stats: StatsCollector, request: Request, exception: BaseException) -> None:
    """Count, under SHARE, what Scrapy's DownloaderStats and crawler.scrapy_glue.errors counted for
    this failure: they see an exception from the download or a request middleware, never one
    raised after an answer came (a redirect loop, a body too large once decompressed)."""
    if request.meta.get(ANSWERED_META) == id(request):
        return
    stats.inc_value(SHARE + "downloader/exception_count")
    stats.inc_value(SHARE + f"downloader/exception_type_count/{global_object_name(type(exception))}")
    stats.inc_value(SHARE + ERROR_CLASS_PREFIX + classify_exception(exception))


class SharedReader:
    """The run's attachment reader: one worker process, one file at a time, in its own thread so
    the event loop goes on while a file is read."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.reader = AttachmentReader(
            timeout=settings.getfloat("PRESSARCHIVE_ATTACHMENT_TIMEOUT", 60.0),
            memory_mib=settings.getint("PRESSARCHIVE_ATTACHMENT_MEMORY_MB", 1024),
            max_bytes=settings.getint("PRESSARCHIVE_ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024),
            ocr=settings.getbool("PRESSARCHIVE_ATTACHMENT_OCR", False),
        )
        self.pool = ThreadPool(1, 1, name="attachments")
        self.pool.start()
        self.users: set[int] = set()  # the crawlers reading with it (reader_for, close_reader)

    def read(self, data: bytes, url: str, content_type: str) -> defer.Deferred[AttachmentText]:
        from twisted.internet import reactor  # the one Scrapy installed (never import it at module level)

        kind = sniff(data, url, content_type)
        return deferToThreadPool(reactor, self.pool, self.reader.read, data, kind)  # type: ignore[arg-type]

    def close(self) -> None:
        self.pool.stop()
        self.reader.close()


def reader_for(crawler: Crawler) -> SharedReader:
    """The run's reader, shared by its crawlers through their SharedArchive (one reader process for a
    night of many sources, not one each), made when first needed."""
    writer = writer_for(crawler)
    reader = getattr(writer, "_attachment_reader", None)
    if reader is None:
        reader = writer._attachment_reader = SharedReader(crawler)  # type: ignore[attr-defined]
    assert isinstance(reader, SharedReader)
    reader.users.add(id(crawler))
    return reader


def close_reader(crawler: Any) -> None:
    """This crawler is done with the reader; the last one to be done closes it."""
    writer = writer_for(crawler)
    reader = getattr(writer, "_attachment_reader", None)
    if reader is None:
        return
    reader.users.discard(id(crawler))
    if not reader.users:
        reader.close()
        writer._attachment_reader = None
