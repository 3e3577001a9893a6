"""Scrapy glue for attachments: each stored release's files are asked for, read and stored.

When the pipeline takes a release, `AttachmentPlan.ask` gives the requests for the files it links
to: on the source's own hosts, of a document kind, within the run's budget
(`PRESSARCHIVE_ATTACHMENTS_PER_RUN`) and size (`PRESSARCHIVE_ATTACHMENT_MAX_BYTES`), a file
asked once per run however many releases link to it, with a conditional GET (a file unchanged
since the last run costs a 304). The response is captured to WARC like any other; the spider's
`parse_attachment` hands it on as an `AttachmentFetch`; the pipeline reads its text in the
bounded reader process (crawler.attachments.sandbox; one file at a time, off the event loop) and
stores it for every release that links to it (archive.attachments).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
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
from crawler.scrapy_glue.failures import failure_kind
from crawler.scrapy_glue.writer import writer_for

logger = logging.getLogger(__name__)

STATS = "attachments/"
# The kinds asked for by the link's extension (None: a link marked `download`, judged by its bytes).
FETCHED_KINDS = frozenset({"pdf", "doc", "docx", "rtf", "odt", "xls", "xlsx", "ods", None})
ATTACHMENT_PRIORITY = -20  # after the listings and articles that lead to more of them


@dataclass(frozen=True)
class AttachmentFetch:
    """What one request for a file gave: the answer (and its bytes), or why there is none."""

    url: str
    fetched_at: str
    http_status: int | None = None
    body: bytes = b""
    content_type: str = ""
    capture_id: int | None = None
    failure: str | None = None  # the request failed: too_large, timeout, connection ...


@dataclass
class AttachmentPlan:
    """One spider's files: which to ask for, and which releases wait for each."""

    crawler: Crawler
    budget: int
    max_bytes: int
    asked: int = 0
    waiting: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # url -> (release, title)

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> AttachmentPlan:
        settings = crawler.settings
        return cls(
            crawler,
            settings.getint("PRESSARCHIVE_ATTACHMENTS_PER_RUN", 300),
            settings.getint("PRESSARCHIVE_ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024),
        )

    def ask(self, release: Release) -> list[Request]:
        """The requests for the release's files not yet asked for in this run."""
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
            if self.asked >= self.budget:
                stats.inc_value(STATS + "over_budget")
                continue
            self.asked += 1
            self.waiting[url] = [(release.release_id, attachment.title)]
            requests.append(
                Request(
                    url,
                    callback=spider.parse_attachment,
                    errback=spider.attachment_failed,
                    meta={
                        "download_maxsize": self.max_bytes,
                        "download_warnsize": self.max_bytes,
                        "handle_httpstatus_all": True,
                        CONDITIONAL_META: True,
                    },
                    priority=ATTACHMENT_PRIORITY,
                )
            )
        if requests:
            stats.inc_value(STATS + "asked", len(requests))
        return requests


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
    )


def failed(failure: Failure) -> AttachmentFetch:
    """A file that was asked for and not got (too large, timed out ...): still one outcome."""
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    return AttachmentFetch(url=url, fetched_at=utc_now(), failure=failure_kind(failure.value))


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
