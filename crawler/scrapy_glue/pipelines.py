"""The only place the crawl meets the archive: normalise -> validate -> store in batches.

Every page that is not stored is counted under a stable reason (`releases/dropped/<reason>`) and
the counts are kept in the run's record in `crawl_runs`.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import statistics
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from sqlite_utils import Database

from archive.attachments import FetchedAttachment, save_attachment
from archive.captures import get_capture
from archive.disk_space import SpaceGuard
from archive.records import CrawlRun, Release
from archive.store import Archive
from crawler.attachments.model import AttachmentText
from crawler.registry.sources import Source
from crawler.runs.page_jobs import ArticleOutcome
from crawler.scrapy_glue.attachments import (
    SKIPPED_REASONS,
    AttachmentFetch,
    AttachmentPlan,
    Skipped,
    close_reader,
    reader_for,
    without_attachments,
)
from crawler.scrapy_glue.disk_guard import space_guard
from crawler.scrapy_glue.errors import STATS_PREFIX as ERROR_CLASS_PREFIX
from crawler.scrapy_glue.items import ReleaseGone
from crawler.scrapy_glue.writer import SharedArchive, writer_for

logger = logging.getLogger(__name__)

DROP_PREFIX = "releases/dropped/"


def utc_now_iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ArchivePipeline:
    """Store the releases of ArticleOutcome items (crawler.runs.page_jobs), batch by batch, in one
    transaction each; count the pages that give none by reason."""

    def __init__(self, crawler: Crawler, writer: SharedArchive, batch_size: int) -> None:
        self.crawler = crawler
        self.writer = writer
        self.batch_size = batch_size
        self.batch: dict[str, Release] = {}
        self.batch_captures: dict[str, int] = {}  # release_id -> captures row (crawler.scrapy_glue.capture)
        self.body_lengths: list[int] = []  # for the run's health figures
        self.archive: Archive | None = None
        self.run: CrawlRun | None = None
        self.run_id: int | None = None
        self.space: SpaceGuard = space_guard(crawler)
        attachments = crawler.settings.getbool("PRESSARCHIVE_ATTACHMENTS", True)
        self.plan: AttachmentPlan | None = AttachmentPlan.for_crawler(crawler) if attachments else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        writer = writer_for(crawler)
        pipeline = cls(crawler, writer, crawler.settings.getint("PRESSARCHIVE_BATCH_SIZE", 50))
        # The run is recorded on spider_closed, which comes after close_spider and carries the reason.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def source(self) -> Source:
        spider = self.crawler.spider
        assert spider is not None
        source: Source = spider.source
        return source

    def open_spider(self) -> None:
        self.archive = self.writer.acquire()
        mode = str(getattr(self.crawler.spider, "mode", "full"))
        self.run = CrawlRun(source=self.source.name, started_at=utc_now_iso(), mode=mode)
        try:
            self.archive.sync_sources([self.source.to_record()])
            self.run_id = self.archive.start_run(self.run.source, self.run.started_at)
        except (OSError, sqlite3.Error) as exc:
            if not self.space.trip_on(exc):
                raise
            logger.warning("%s: the run cannot be recorded: no room on the disk", self.source.name)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ReleaseGone):
            return self._release_gone(item)
        if isinstance(item, AttachmentFetch):
            return self._attachment(item)
        if not isinstance(item, ArticleOutcome):
            return item
        stats = self.crawler.stats
        assert stats is not None
        release = counted_release(stats, item)
        self.batch[release.release_id] = release
        if item.fetch.capture_id is not None:
            self.batch_captures[release.release_id] = item.fetch.capture_id
        if self.plan is not None and release.attachments and self.crawler.engine is not None:
            for request in self.plan.ask(release):
                self.crawler.engine.crawl(request)
        if len(self.batch) >= self.batch_size:
            self.flush()
        return item

    async def _attachment(self, item: AttachmentFetch) -> AttachmentFetch:
        """A file's answer: its text read in the bounded reader (a 200), then stored for every
        release of the run that links to it."""
        stats = self.crawler.stats
        assert stats is not None
        waiting = self.plan.waiting.get(item.url, []) if self.plan is not None else []
        if any(release_id in self.batch for release_id, _ in waiting):
            self.flush()  # the releases first: the files' rows point at them
        if item.failure in SKIPPED_REASONS:  # not fetched for the run's budget: next night
            self._store_skipped([Skipped(rid, item.url, title, item.failure) for rid, title in waiting])
            return item
        if item.failure is not None:
            stats.inc_value(f"attachments/failed/{item.failure}")
        if item.http_status is not None and item.http_status >= 400:
            stats.inc_value(f"attachments/http_{item.http_status}")
        if item.http_status != 200 or not item.body:
            self._store_attachment(item, waiting, None, None)
            return item
        digest = self._payload_digest(item)
        text = await maybe_deferred_to_future(
            reader_for(self.crawler).read(item.body, item.url, item.content_type)
        )
        self._store_attachment(item, waiting, text, digest)
        return item

    def _payload_digest(self, item: AttachmentFetch) -> str:
        """The file's SHA-1 payload digest, once for all its releases: the capture's, computed as
        its WARC record was written, when the capture holds these very bytes (not content-encoded
        on the wire); else computed here."""
        from archive.warc import payload_digest

        stats = self.crawler.stats
        assert stats is not None
        if item.capture_id is not None and not item.decoded and self.archive is not None:
            stored = get_capture(self.archive.db, item.capture_id)
            if stored is not None:
                stats.inc_value("attachments/digest/from_capture")
                return stored.capture.payload_digest
        stats.inc_value("attachments/digest/computed")
        return payload_digest(item.body)

    def _store_attachment(
        self,
        item: AttachmentFetch,
        waiting: list[tuple[str, str | None]],
        text: AttachmentText | None,
        digest: str | None,
    ) -> None:
        if self.archive is None:
            return
        stats = self.crawler.stats
        assert stats is not None
        if text is not None:
            stats.inc_value(f"attachments/read/{text.status}")
        for release_id, title in waiting:
            record = attachment_record(item, text, release_id, self.source.name, title, digest)
            stats.inc_value(f"attachments/{self._save_attachment(record)}")

    def _save_attachment(self, record: FetchedAttachment) -> str:
        """archive.attachments' outcome of one row, or why it was not stored."""
        assert self.archive is not None
        try:
            return save_attachment(self.archive.db, record)
        except sqlite3.IntegrityError:  # its release was not stored (dropped with its batch)
            return "orphan"
        except (OSError, sqlite3.Error) as exc:
            if not self.space.trip_on(exc):
                raise
            return "disk_full"

    def _store_skipped(self, skipped: list[Skipped]) -> None:
        """Files not fetched for a budget: a row with the status and the Russian reason where the
        release has none for the file yet (one that has keeps its last copy as it is, untouched);
        asked for again the next night."""
        if self.archive is None:
            return
        stats = self.crawler.stats
        assert stats is not None
        at = utc_now_iso()
        for skip in skipped:
            stats.inc_value(f"attachments/skipped/{skip.status}")
            if _attachment_row_exists(self.archive.db, skip.release_id, skip.url):
                continue
            outcome = self._save_attachment(skipped_record(skip, self.source.name, at))
            if outcome != "failed":  # "failed" is a row without a copy: recorded as meant
                stats.inc_value(f"attachments/{outcome}")

    def flush(self) -> None:
        if not self.batch or self.archive is None or self.run is None:
            return
        try:
            result = self.archive.save_releases(
                list(self.batch.values()), seen_at=utc_now_iso(), captures=self.batch_captures
            )
        except (OSError, sqlite3.Error) as exc:
            if not self.space.trip_on(exc):
                raise
            # The batch's transaction was rolled back whole; the run stops (disk_guard). Counted,
            # and fetched again by the next run: none of these releases is in the archive.
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value(DROP_PREFIX + "disk_full", len(self.batch))
            logger.warning("%d releases not stored: no room on the disk", len(self.batch))
            self.batch.clear()
            self.batch_captures.clear()
            return
        if result.reappeared and self.crawler.stats is not None:
            self.crawler.stats.inc_value("releases/reappeared", result.reappeared)
        self.run.items += len(self.batch)
        self.run.dated += sum(1 for r in self.batch.values() if r.published_date)
        self.body_lengths.extend(len(r.body_text) for r in self.batch.values())
        self.run.new += result.new
        self.run.updated += result.updated
        self.run.unchanged += result.unchanged
        self.batch.clear()
        self.batch_captures.clear()

    def _release_gone(self, item: ReleaseGone) -> ReleaseGone:
        """A re-check found the release's page gone: note it (its content stays)."""
        if self.archive is None:
            return item
        detail: dict[str, Any] = {"http_status": item.http_status, "url": item.url}
        if item.redirect_to:
            detail["redirect_to"] = item.redirect_to
        if item.capture_id is not None:
            detail["capture_id"] = item.capture_id
        at = item.checked_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        removed = self.archive.mark_removed(item.release_id, at=at, detail=detail)
        if removed and self.crawler.stats is not None:
            self.crawler.stats.inc_value("releases/removed")
        return item

    def close_spider(self) -> None:
        self.flush()
        if self.plan is not None:  # the releases are stored: the rows of their files over a budget
            self._store_skipped(self.plan.skipped)
            self.plan.skipped.clear()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.archive is None:
            return
        try:
            self.flush()  # normally empty already; kept so no release is lost if close_spider failed
            if self.space.tripped is not None:
                reason = "disk_full"  # whatever else closed the spider meanwhile
            self._finish_run(reason)
        except (OSError, sqlite3.Error) as exc:
            if not self.space.trip_on(exc):
                raise
            # Not even the run's record fits: it stays unfinished, which health reads as a failure.
            logger.warning("%s: the run's record not written: no room on the disk", self.source.name)
        finally:
            close_reader(self.crawler)
            self.writer.release()
            self.archive = None

    def _finish_run(self, reason: str) -> None:
        if self.run_id is None:  # the run's start could not be recorded
            return
        assert self.archive is not None and self.run is not None
        stats = self.crawler.stats
        assert stats is not None
        run = self.run
        fill_run(run, stats.get_stats(), self.body_lengths, reason)
        self.archive.finish_run(self.run_id, run)
        logger.info(
            "%s: %d pages, %d releases (%d new, %d updated), drops %s",
            run.source,
            run.pages,
            run.items,
            run.new,
            run.updated,
            run.drops or "none",
        )


def fill_run(run: CrawlRun, stats: dict[str, Any], body_lengths: list[int], reason: str) -> None:
    """The run's figures from the crawl's Scrapy stats (files are not pages of the site)."""
    values = without_attachments(stats)
    run.finished_at = utc_now_iso()
    run.finish_reason = reason
    run.pages = int(values.get("response_received_count", 0))
    run.drops = {
        key.removeprefix(DROP_PREFIX): int(count)
        for key, count in values.items()
        if key.startswith(DROP_PREFIX)
    }
    run.http_errors = http_error_counts(values)
    run.error_classes = error_classes(values)
    run.requests = int(values.get("downloader/request_count", 0))
    run.links_found = int(values.get("links/found", 0))
    run.median_body_length = int(statistics.median(body_lengths)) if body_lengths else None
    run.errors = int(values.get("log_count/ERROR", 0)) + sum(run.http_errors.values())
    run.stats = {key: value for key, value in values.items() if isinstance(value, int | float | str)}


def counted_release(stats: Any, item: ArticleOutcome) -> Release:
    """The outcome's release, its page counted in the run's stats; DropItem, counted by reason,
    when the page gives none. Shared by the one-machine pipeline and a distributed run's workers."""
    if item.profile_page:  # for health: does the profile still fit?
        stats.inc_value("profile/pages")
        if item.body_missed:
            stats.inc_value("profile/body_missed")
    if item.html_cut:  # read in the extraction worker: the page was longer than the bound
        stats.inc_value("extract/html_cut")
        logger.warning("page longer than the bound read in part: %s", item.url)
    if item.error is not None:  # counted and reported, never fatal to the crawl
        logger.error("cannot extract %s\n%s", item.url, item.error.rstrip())
    release = item.release
    if release is None:
        reason = item.drop or "unparseable"
        stats.inc_value(DROP_PREFIX + reason)
        raise DropItem(f"{reason}: {item.url}")
    for flag in release.date_flags:
        stats.inc_value(f"dates/{flag}")
    if "body_cut" in release.methods:  # a body longer than PRESSARCHIVE_BODY_MAX_CHARS, kept in part
        stats.inc_value("extract/body_cut")
    return release


def http_error_counts(stats: dict[str, Any]) -> dict[str, int]:
    """HTTP statuses and download failures from Scrapy's stats, e.g. {"404": 2, "TimeoutError": 1}."""
    counts: dict[str, int] = {}
    status_prefix = "httperror/response_ignored_status_count/"
    exception_prefix = "downloader/exception_type_count/"
    for key, value in stats.items():
        if key.startswith(status_prefix):
            counts[key.removeprefix(status_prefix)] = int(value)
        elif key.startswith(exception_prefix):
            name = key.removeprefix(exception_prefix).rsplit(".", 1)[-1]
            counts[name] = counts.get(name, 0) + int(value)
    return counts


def error_classes(stats: dict[str, Any]) -> dict[str, int]:
    """Failed requests by class: 4xx/5xx from ignored statuses, the rest from crawler.scrapy_glue.errors."""
    classes: dict[str, int] = {}
    for status, count in http_error_counts(stats).items():
        if status.isdigit():
            kind = f"{status[0]}xx"
            classes[kind] = classes.get(kind, 0) + count
    for key, value in stats.items():
        if key.startswith(ERROR_CLASS_PREFIX):
            kind = key.removeprefix(ERROR_CLASS_PREFIX)
            classes[kind] = classes.get(kind, 0) + int(value)
    return classes


def attachment_record(
    item: AttachmentFetch,
    text: AttachmentText | None,
    release_id: str,
    source: str,
    title: str | None,
    digest: str | None = None,
) -> FetchedAttachment:
    """One fetched file, as archive.attachments stores it for one release; `digest`: its SHA-1
    payload digest (ArchivePipeline._payload_digest), needed when it was got."""
    got = item.http_status == 200 and text is not None
    return FetchedAttachment(
        release_id=release_id,
        source=source,
        url=item.url,
        title=title,
        fetched_at=item.fetched_at,
        http_status=item.http_status or 0,
        capture_id=item.capture_id,
        kind=text.kind if text is not None else None,
        size=len(item.body) if got else None,
        payload_digest=digest if got else None,
        status=text.status if text is not None else item.failure,
        reason=text.reason_ru if text is not None else None,
        method=text.method or None if text is not None else None,
        pages=len(text.pages) if text is not None and text.pages else None,
        text=text.text or None if text is not None else None,
    )


def skipped_record(skip: Skipped, source: str, at: str) -> FetchedAttachment:
    """A file not fetched for a budget, as a row without a copy: its status and Russian reason."""
    return FetchedAttachment(
        release_id=skip.release_id,
        source=source,
        url=skip.url,
        title=skip.title,
        fetched_at=at,
        http_status=0,
        status=skip.status,
        reason=SKIPPED_REASONS[skip.status],
    )


def _attachment_row_exists(db: Database, release_id: str, url: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM attachments WHERE release_id = ? AND url = ?", [release_id, url]
    ).fetchone()
    return row is not None
