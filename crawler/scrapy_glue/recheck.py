"""Re-checking known releases: is the page still there?

When a source's crawl has run out of listing pages (spider_idle), its recent releases (first seen
within PRESSARCHIVE_RECHECK_DAYS) that this run did not fetch are asked again, at most
PRESSARCHIVE_RECHECK_MAX per run, without following redirects:

- 404 or 410, or a redirect to a listing or the home page: the release is gone (`ReleaseGone`,
  which the pipeline turns into `removed_at` and a `removed` event);
- 200: the page is extracted like any article (an edit or a reappearance is recorded as usual);
- a redirect elsewhere (a moved article) is followed, at most MAX_HOPS times;
- anything else (403, 5xx, timeouts) proves nothing and changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from archive.validators import mark_checked
from crawler.distributed.store import remote_store
from crawler.nightly.schedule import RECHECK_AGES_DAYS, parse_utc, recheck_due
from crawler.normalise.urls import canonicalize_url
from crawler.registry.sources import Source
from crawler.scrapy_glue.capture import CAPTURE_META, page_kind, utc_iso
from crawler.scrapy_glue.items import ReleaseGone
from crawler.scrapy_glue.writer import writer_for

logger = logging.getLogger(__name__)

GONE_STATUSES = (404, 410)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_HOPS = 3
STATS_PREFIX = "recheck/"


def _comparable(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, parts.path.rstrip("/")


def is_listing_or_home(location: str, source: Source) -> bool:
    """True when a redirect target is the site's home page or one of its listing pages
    (a start URL, any page of it, or the feed), which is how many CMSs answer for a deleted page."""
    host, path = _comparable(location)
    pages = [*source.start_urls, *(u for u in (source.homepage, source.feed_url) if u)]
    hosts = {_comparable(u)[0] for u in pages}
    if host not in hosts:
        return False
    return path == "" or path in {_comparable(u)[1] for u in pages}


class Rechecker:
    """Connects to one spider's signals; see the module docstring."""

    def __init__(self, spider: Any) -> None:
        self.spider = spider
        self.crawler = spider.crawler
        self.fetched: set[str] = set()  # canonical URLs of article pages fetched this run
        self.scheduled = False

    @classmethod
    def install(cls, spider: Any) -> Rechecker:
        rechecker = cls(spider)
        # weak=False: nothing else holds the rechecker; it lives as long as the crawler's signals
        signals_ = spider.crawler.signals
        signals_.connect(rechecker.response_received, signal=signals.response_received, weak=False)
        signals_.connect(rechecker.spider_idle, signal=signals.spider_idle, weak=False)
        return rechecker

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        if page_kind(request) in ("article", "recheck") and 200 <= response.status < 300:
            # w3lib's canonical form costs ~30 us a URL: the same URL is not put in it twice
            self.fetched.add(canonicalize_url(request.url))
            if response.url != request.url:
                self.fetched.add(canonicalize_url(response.url))

    def spider_idle(self, spider: Any) -> None:
        if self.scheduled or spider is not self.spider:
            return
        self.scheduled = True
        requests = self.requests()
        if not requests:
            return
        logger.info("%s: re-checking %d known releases", self.spider.name, len(requests))
        engine = self.crawler.engine
        for request in requests:
            engine.crawl(request)
        raise DontCloseSpider

    def requests(self) -> list[Request]:
        """A full crawl asks again about recent releases its listings did not reach; the nightly
        modes (deep, incremental) ask about those whose back-off check point has come
        (crawler.nightly.schedule)."""
        settings = self.crawler.settings
        days = settings.getint("PRESSARCHIVE_RECHECK_DAYS", 60)
        limit = settings.getint("PRESSARCHIVE_RECHECK_MAX", 500)
        if days <= 0 or limit <= 0:
            return []
        now = dt.datetime.now(dt.UTC)
        scheduled = getattr(self.spider, "mode", "full") != "full"
        if scheduled:
            days = max(days, RECHECK_AGES_DAYS[-1] + 1)
        since = (now - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        remote = remote_store(self.crawler)
        if remote is not None:  # a worker of a distributed run (crawler.distributed)
            candidates = remote.recheck_candidates(since)
            wanted = self._wanted(candidates, scheduled, now, limit)
            remote.mark_checked([release_id for release_id, _ in wanted], utc_iso(now))
        else:
            writer = writer_for(self.crawler)
            archive = writer.acquire()
            try:
                candidates = archive.recheck_candidates(self.spider.source.name, since=since)
                wanted = self._wanted(candidates, scheduled, now, limit)
                mark_checked(archive.db, [release_id for release_id, _ in wanted], utc_iso(now))
            finally:
                writer.release()
        if scheduled:
            candidates = [c for c in candidates if _due(c, now)]
        stats = self.crawler.stats
        if stats is not None and len(candidates) > limit:
            stats.set_value(STATS_PREFIX + "skipped_over_limit", len(candidates) - limit)
        return [recheck_request(self.spider, release_id, url) for release_id, url in wanted]

    def _wanted(
        self, candidates: list[Any], scheduled: bool, now: dt.datetime, limit: int
    ) -> list[tuple[str, str]]:
        """(release_id, url) of the candidates due and not fetched this run, at most `limit`."""
        if scheduled:
            candidates = [c for c in candidates if _due(c, now)]
        return [
            (release_id, url)
            for release_id, url, canonical, *_ in candidates
            # the stored canonical URL first: a release this run fetched is not canonicalised again
            if canonical not in self.fetched and canonicalize_url(url) not in self.fetched
        ][:limit]


def _due(candidate: tuple[str, str, str, str, str, str | None], now: dt.datetime) -> bool:
    """Whether a back-off check point fell since the release was last seen or asked."""
    first_seen, last_seen, last_checked = candidate[3], candidate[4], candidate[5]
    last = max(last_seen, last_checked or last_seen)
    return recheck_due(parse_utc(first_seen), parse_utc(last), now)


def recheck_request(spider: Any, release_id: str, url: str, hops: int = 0) -> Request:
    return Request(
        url,
        callback=spider.parse_recheck,
        dont_filter=True,  # the URL may have been tried (and failed) earlier in this run
        priority=-10,
        meta={
            "dont_redirect": True,
            "handle_httpstatus_list": [*GONE_STATUSES, *REDIRECT_STATUSES],
            "recheck_release_id": release_id,
            "recheck_hops": hops,
        },
    )


class Present:
    """The release's page answered: the spider reads it as the article it is."""


PRESENT = Present()


def handle_response(spider: Any, response: Response) -> Iterator[Any]:
    """The callback's work for a re-check response (spiders.release.ReleaseSpider.parse_recheck):
    requests and items, or PRESENT for a page to read as an article."""
    stats = spider.crawler.stats
    release_id = response.meta["recheck_release_id"]
    status = response.status
    now = dt.datetime.now(dt.UTC)
    gone = None
    if status in GONE_STATUSES:
        gone = ReleaseGone(release_id, response.url, spider.source.name, now, status)
    elif status in REDIRECT_STATUSES:
        location = (response.headers.get(b"Location") or b"").decode("latin-1")
        target = urljoin(response.url, location) if location else ""
        if not target or is_listing_or_home(target, spider.source):
            gone = ReleaseGone(release_id, response.url, spider.source.name, now, status, redirect_to=target)
        elif response.meta.get("recheck_hops", 0) < MAX_HOPS:
            stats.inc_value(STATS_PREFIX + "moved")
            yield recheck_request(spider, release_id, target, response.meta.get("recheck_hops", 0) + 1)
            return
    if gone is not None:
        stats.inc_value(STATS_PREFIX + "gone")
        yield _with_capture(gone, response)
        return
    if 200 <= status < 300:
        stats.inc_value(STATS_PREFIX + "present")
        yield PRESENT
        return
    stats.inc_value(STATS_PREFIX + f"inconclusive/{status}")


def _with_capture(gone: ReleaseGone, response: Response) -> ReleaseGone:
    capture_id = response.meta.get(CAPTURE_META)
    if capture_id is None:
        return gone
    return dataclasses.replace(gone, capture_id=capture_id)
