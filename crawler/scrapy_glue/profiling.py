"""The site profile in a crawl: loaded when a source's spider opens, learned from the run's first
article pages, stored when new (crawler.profiles.session decides).

The spider hands each fetched article to `offer`; the first pages wait until the profile is
learned, then come back to be extracted with it. Pages still waiting when the crawl runs out of
requests are released at spider_idle through one `data:` request, so their items go through the
pipelines like any other. A changed layout (the stored profile no longer fits) is counted as
`profile/relearned` and logged as a warning.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider

from crawler.distributed.store import remote_store
from crawler.profiles.keep import keep_profile, load_profile
from crawler.profiles.learn import SAMPLE_PAGES
from crawler.profiles.model import SiteProfile
from crawler.profiles.sample import SamplePage
from crawler.profiles.session import Held, ProfileSession
from crawler.scrapy_glue.writer import writer_for

logger = logging.getLogger(__name__)

FLUSH_URL = "data:,pressarchive-profile-flush"
STATS = "profile/"


class SpiderProfile:
    """One spider's ProfileSession, connected to its signals."""

    def __init__(self, spider: Any, stored: SiteProfile | None, sample_size: int) -> None:
        self.spider = spider
        self.session: ProfileSession[Any] = ProfileSession(
            spider.source.name, stored, sample_size=sample_size
        )
        self.flush_scheduled = False
        self.saved = False

    @classmethod
    def install(cls, spider: Any) -> SpiderProfile:
        crawler = spider.crawler
        sample_size = crawler.settings.getint("PRESSARCHIVE_PROFILE_PAGES", SAMPLE_PAGES)
        enabled = crawler.settings.getbool("PRESSARCHIVE_PROFILES", True)
        stored = None
        remote = remote_store(crawler)
        if enabled and remote is not None:  # a worker of a distributed run (crawler.distributed)
            stored = remote.load_profile()
        elif enabled:
            writer = writer_for(crawler)
            archive = writer.acquire()
            try:
                stored = load_profile(archive.db, spider.source.name)
            finally:
                writer.release()
        keeper = cls(spider, stored, sample_size)
        if not enabled:
            keeper.session.decided = True  # profiles off: every page is judged alone
        if stored is not None and crawler.stats is not None:
            crawler.stats.set_value(STATS + "stored_pages", stored.pages)
        crawler.signals.connect(keeper.spider_idle, signal=signals.spider_idle, weak=False)
        return keeper

    @property
    def profile(self) -> SiteProfile | None:
        return self.session.profile

    def offer(self, sample: SamplePage, payload: Any) -> list[Held[Any]]:
        released = self.session.offer(sample, payload)
        if released:  # the session has decided (it holds pages until then)
            self._after_decision()
        return released

    def take_held(self) -> list[Held[Any]]:
        released = self.session.finish()
        self._after_decision()
        return released

    def _after_decision(self) -> None:
        if self.saved:
            return
        self.saved = True
        stats = self.spider.crawler.stats
        new = self.session.to_store
        if self.session.relearned:
            stats.inc_value(STATS + "relearned")
        if new is None:
            if self.session.profile is not None:
                stats.inc_value(STATS + "kept")
            else:
                stats.inc_value(STATS + "none")
            return
        stats.inc_value(STATS + "learned")
        reason = "relearned" if self.session.relearned else "first"
        remote = remote_store(self.spider.crawler)
        if remote is not None:
            remote.keep_profile(new, reason)
        else:
            writer = writer_for(self.spider.crawler)
            archive = writer.acquire()
            try:
                keep_profile(archive.db, new, reason)
            finally:
                writer.release()
        logger.info(
            "%s: site profile learned from %d pages (title %s, body %s)",
            self.spider.name,
            new.pages,
            new.title.css if new.title else "-",
            new.body.css if new.body else "-",
        )

    def spider_idle(self, spider: Any) -> None:
        if spider is not self.spider or self.flush_scheduled or not self.session.held:
            return
        self.flush_scheduled = True
        request = Request(FLUSH_URL, callback=spider.release_held_pages, dont_filter=True, priority=100)
        request.meta["pressarchive_internal"] = True
        self.spider.crawler.engine.crawl(request)
        raise DontCloseSpider
