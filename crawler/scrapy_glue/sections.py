"""The press-section search in a crawl, for sources registered with only a home page.

A stored section (archive.sections) is used as the source's listing until it stops working; then it
is retired, `section/stale` is counted (health says so) and the home page is searched again in the
same run. The search itself is crawler.discovery.section_search; this module keeps its state per
spider, counts its outcome in the stats (`section/*`, read by `pressarchive status --triage`) and
stores the choice with its evidence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from archive.sections import StoredSection, current_section, retire_section, save_section
from crawler.discovery.section_search import SectionChoice, SectionSearch
from crawler.distributed.store import remote_store
from crawler.normalise.urls import host_in_domains, url_host
from crawler.registry.sources import Source
from crawler.scrapy_glue.writer import borrowed_archive

logger = logging.getLogger(__name__)

STATS = "section/"
MAX_HOME_REDIRECTS = 5


class SpiderSections:
    """One spider's press-section state: the stored choice, the running search, the outcome."""

    def __init__(self, spider: Any, stored: StoredSection | None) -> None:
        self.spider = spider
        self.stored = stored  # the section in use, until it goes stale
        self.search: SectionSearch | None = None
        self.pending: set[str] = set()
        self.answers: dict[str, Any] = {}  # candidate URL -> its response, for lists only
        self.reason = "first"

    @classmethod
    def install(cls, spider: Any) -> SpiderSections:
        remote = remote_store(spider.crawler)
        if remote is not None:  # a worker of a distributed run (crawler.distributed)
            stored = remote.current_section()
        else:
            with borrowed_archive(spider.crawler) as archive:
                stored = current_section(archive.db, spider.source.name)
        keeper = cls(spider, stored)
        spider.crawler.signals.connect(keeper.spider_idle, signal=signals.spider_idle, weak=False)
        return keeper

    def spider_idle(self, spider: Any) -> None:
        """Probes that never came back (dropped by a middleware): decide with the answers there are."""
        if spider is not self.spider or self.search is None or not self.pending:
            return
        logger.warning("%s: %d candidate pages never answered", spider.name, len(self.pending))
        for url in sorted(self.pending):
            self.search.failed(url, "no answer")
        self.pending.clear()
        requests = list(spider._section_decided())
        for request in requests:
            spider.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    @property
    def stats(self) -> Any:
        return self.spider.crawler.stats

    def stored_source(self, source: Source) -> Source:
        """The source with the stored section as its listing (and feed, when the registry has none)."""
        assert self.stored is not None
        self.stats.set_value(STATS + "stored", self.stored.listing_url or self.stored.feed_url)
        return with_section(source, self.stored.listing_url, self.stored.feed_url)

    def went_stale(self, why: str) -> None:
        """The stored section no longer lists releases: retire it and look again."""
        logger.warning(
            "stored press section of %s stopped working (%s): searching the home page again",
            self.spider.source.name,
            why,
        )
        self.stats.set_value(STATS + "stale", why)
        self.stored = None
        self.reason = "stale"
        remote = remote_store(self.spider.crawler)
        if remote is not None:
            remote.retire_section()
            return
        with borrowed_archive(self.spider.crawler) as archive:
            retire_section(archive.db, self.spider.source.name)

    def start(self, now: dt.datetime) -> None:
        self.search = SectionSearch(self.spider.source, now)

    def moved(self, home: str, target: str) -> None:
        """The home page redirected to another host: the registry entry needs the new one."""
        logger.warning("home page %s moved to %s (another host): not followed", home, target)
        self.stats.set_value(STATS + "moved_to", target)

    def done(self) -> SectionChoice | None:
        """All candidates answered: the choice, stored and counted; None when nothing fits."""
        assert self.search is not None
        choice = self.search.choose()
        self.stats.set_value(STATS + "probed", len(self.search.probes))
        if choice is None:
            self.stats.set_value(STATS + "not_found", 1)
            logger.warning(
                "%s: no press section found from the home page (%d pages looked at)",
                self.spider.source.name,
                len(self.search.probes),
            )
            return None
        self.stats.set_value(STATS + "found", choice.listing_url or choice.feed_url)
        self.stats.set_value(STATS + "method", choice.method)
        logger.info("%s: press section %s", self.spider.source.name, choice.summary())
        stored = StoredSection(
            source=self.spider.source.name,
            chosen_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            listing_url=choice.listing_url,
            feed_url=choice.feed_url,
            method=choice.method,
            evidence=json.dumps(choice.evidence, ensure_ascii=False),
            reason=self.reason,
        )
        remote = remote_store(self.spider.crawler)
        if remote is not None:
            remote.save_section(stored)
            return choice
        with borrowed_archive(self.spider.crawler) as archive:
            save_section(archive.db, stored)
        return choice


def with_section(source: Source, listing_url: str | None, feed_url: str | None) -> Source:
    """`source` crawling the found section; its hosts stay allowed (a press.* subdomain is added)."""
    domains = list(source.allowed_domains)
    for url in (listing_url, feed_url):
        host = url_host(url) if url else ""
        if host and not host_in_domains(host, domains):
            domains.append(host)
    return dataclasses.replace(
        source,
        start_urls=(listing_url,) if listing_url else (),
        feed_url=source.feed_url or feed_url,
        allowed_domains=tuple(domains),
    )
