"""The one release spider: feed, listing pages and sitemap -> article pages, driven by a registry Source.

The spider only navigates, in the order crawler.discovery.flow decides: the feed first (the
registry's, else one the first listing page announces; its dates become hints), the listing pages
with their detected pagination (stopping at max_pages, on a repeated page or on a page with no new
release), then the sitemap restricted to the press section. Fields come from the platform's page
object (crawler.pages); pages are decoded by crawler.normalise.encoding (windows-1251 and koi8-r,
declared or not); the pipeline normalises and stores. Anti-bot and maintenance answers reach the
callbacks (handle_httpstatus_list) so they are counted by reason, never stored.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.discovery.feeds import feed_links_in_section, parse_feed
from crawler.discovery.flow import DiscoveryFlow
from crawler.discovery.section_links import same_host
from crawler.discovery.section_search import SectionSearch
from crawler.discovery.sitemaps import parse_sitemap, select_entries
from crawler.normalise.html_cap import DEFAULT_MAX_CHARS, LISTING_MAX_CHARS, CappedHtml, read_html
from crawler.normalise.release import BODY_MAX_CHARS
from crawler.pages import get_page_object
from crawler.pages.base import PageObject
from crawler.pages.tree import PageTree
from crawler.pages.verdict import BLOCK_STATUSES, MAINTENANCE_STATUSES, html_verdict
from crawler.profiles.sample import SamplePage
from crawler.registry.sources import Source
from crawler.runs.extract_pool import EXTRACT_POOL_SETTING, ExtractPool
from crawler.runs.page_jobs import (
    ArticleJob,
    ArticleOutcome,
    Context,
    Fetch,
    FetchedPage,
    ListingOutcome,
    judged_tree,
    read_listing,
    release_of,
)
from crawler.scrapy_glue.attachments import AttachmentFetch
from crawler.scrapy_glue.attachments import failed as attachment_not_got
from crawler.scrapy_glue.attachments import fetched as attachment_fetched
from crawler.scrapy_glue.capture import CAPTURE_META
from crawler.scrapy_glue.conditional import CONDITIONAL_META
from crawler.scrapy_glue.failures import count_failure
from crawler.scrapy_glue.incremental import MODES, KnownReleases
from crawler.scrapy_glue.profiling import SpiderProfile
from crawler.scrapy_glue.sections import MAX_HOME_REDIRECTS, SpiderSections, with_section

logger = logging.getLogger(__name__)

DROP_PREFIX = "releases/dropped/"
# Answers that are counted by reason (block_page, maintenance) instead of vanishing as HTTP errors.
COUNTED_STATUSES = sorted(BLOCK_STATUSES | MAINTENANCE_STATUSES)
FEED_PRIORITY = 10  # the feed before the listings: its dates become the articles' hints
SITEMAP_PRIORITY = -10  # the sitemap after what the feed and the listings found


def page_text(response: Response, max_chars: int = DEFAULT_MAX_CHARS) -> CappedHtml | None:
    """The page's text decoded from its bytes (crawler.normalise.encoding) and bounded for extraction
    (crawler.normalise.html_cap); None for a binary answer."""
    if not isinstance(response, TextResponse):
        return None
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
    return read_html(response.body, content_type, max_chars)


class ReleaseSpider(scrapy.Spider):
    """Crawl one source's press section. Subclassed per source by `for_source`."""

    name = "release"
    source: ClassVar[Source]
    # full: every listing page and every article (pressarchive crawl, scrapy crawl);
    # deep: every listing page, only unknown articles; incremental: feed first, listings until a
    # page holds only known releases, conditional GET (crawler.scrapy_glue.incremental).
    mode: ClassVar[str] = "full"
    known: KnownReleases = KnownReleases.empty()
    profiling: SpiderProfile
    sections: SpiderSections | None = None  # sources given by their home page only

    @classmethod
    def for_source(cls, source: Source, mode: str = "full") -> type[ReleaseSpider]:
        """A spider class named after the source, as `scrapy list` shows it."""
        if mode not in MODES:
            raise ValueError(f"unknown crawl mode {mode!r}; known: {', '.join(MODES)}")
        attrs: dict[str, Any] = {
            "name": source.name,
            "source": source,
            "mode": mode,
            "allowed_domains": list(source.allowed_domains),
            "__doc__": f"{source.title} ({source.region})",
        }
        # Scrapy does not verify certificates by default; an archive that claims provenance must.
        # Sources on the Russian Trusted Root CA turn it off in the registry (verify_tls = false).
        attrs["custom_settings"] = {"DOWNLOAD_VERIFY_CERTIFICATES": source.verify_tls}
        return type(f"ReleaseSpider_{source.name}", (cls,), attrs)

    @property
    def page_object(self) -> PageObject:
        return get_page_object(self.source.platform)

    @property
    def flow(self) -> DiscoveryFlow:
        if not hasattr(self, "_flow"):
            self._flow = DiscoveryFlow.for_source(self.source)
        return self._flow

    def _request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        priority = kwargs.pop("priority", 0)
        dont_filter = kwargs.pop("dont_filter", False)
        errback = kwargs.pop("errback", None) or self._request_failed
        meta: dict[str, Any] = {"handle_httpstatus_list": COUNTED_STATUSES}
        if kwargs.pop("conditional", False):
            meta[CONDITIONAL_META] = True
            meta["handle_httpstatus_list"] = [*COUNTED_STATUSES, 304]
        if kwargs.pop("any_status", False):  # the callback judges every answer itself
            meta["handle_httpstatus_all"] = True
        if kwargs.pop("no_redirect", False):
            meta["dont_redirect"] = True
        return scrapy.Request(
            url,
            callback=callback,
            errback=errback,
            cb_kwargs=kwargs,
            meta=meta,
            priority=priority,
            dont_filter=dont_filter,
        )

    def _request_failed(self, failure: Failure) -> Failure:
        """Every request of the spider ends counted: a page asked for and not got, by why."""
        request = getattr(failure, "request", None)
        return count_failure(self.crawler.stats, failure, request.url if request is not None else "?")

    def _article_requests(
        self, links: Iterable[tuple[str, str | None, str | None]], method: str
    ) -> Iterator[scrapy.Request]:
        """Requests for the (url, date text, title) links worth fetching: all in a full crawl, else
        unknown ones. The title the listing or feed gives is the site's own word on the headline:
        the site profile learns from it (crawler.profiles)."""
        stats = self.crawler.stats
        for url, date_text, title in links:
            if not self.source.in_section(url):  # a portal narrowed to one ministry (section_paths)
                stats.inc_value("links/outside_section")
                continue
            stats.inc_value("links/found")
            if self.mode != "full" and url in self.known:
                stats.inc_value("links/known")
                continue
            kwargs: dict[str, Any] = {"listing_date_text": date_text, "listing_title": title}
            if method != "listing":
                kwargs["listing_date_method"] = method
            yield self._request(url, self.parse_article, **kwargs)

    def _listing_starts(self, dont_filter: bool = False) -> Iterator[scrapy.Request]:
        # A stored press section is judged on every answer: a 404 there means "look again".
        judged = self.sections is not None and self.sections.stored is not None
        for url in self.source.start_urls:
            yield self._request(
                url,
                self.parse_listing,
                depth=1,
                conditional=self.mode == "incremental",
                dont_filter=dont_filter,
                any_status=judged,
            )

    def _drop(self, reason: str, url: str) -> None:
        self.crawler.stats.inc_value(DROP_PREFIX + reason)
        logger.warning("not a release page (%s): %s", reason, url)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        from crawler.scrapy_glue.recheck import Rechecker

        Rechecker.install(self)  # once the listings are done: are the known releases still there?
        self.profiling = SpiderProfile.install(self)  # the site's template, learned from its pages
        if self.mode != "full":
            self.known = KnownReleases.load(self.crawler, self.source.name)
        if self.source.finds_section:  # only a home page: the press section is found, then kept
            self.sections = SpiderSections.install(self)
            if self.sections.stored is None:
                for request in self._home_search():
                    yield request
                return
            self.source = self.sections.stored_source(self.source)
        feed = self.flow.feed_to_request(())
        if feed and self.mode == "incremental":
            # Feed first; the listings only if the feed does not reach back to known releases.
            yield self._request(feed, self.parse_feed, priority=FEED_PRIORITY, conditional=True, gate=True)
            return
        if feed:
            yield self._request(feed, self.parse_feed, priority=FEED_PRIORITY)
        for request in self._listing_starts():
            yield request

    @property
    def _sections(self) -> SpiderSections:
        assert self.sections is not None  # only sources given by their home page search
        return self.sections

    @property
    def _search(self) -> SectionSearch:
        assert self._sections.search is not None  # started by _home_search
        return self._sections.search

    def _home_search(self) -> Iterator[scrapy.Request]:
        """Look for the press section from the home page (crawler.scrapy_glue.sections)."""
        assert self.source.homepage
        self._sections.start(dt.datetime.now(dt.UTC))
        yield self._request(
            self.source.homepage,
            self.parse_homepage,
            hops=0,
            any_status=True,
            no_redirect=True,
            dont_filter=True,
        )

    def parse_homepage(self, response: Response, hops: int) -> Iterator[scrapy.Request]:
        """The home page: redirects within the site followed, a move recorded, candidates fetched."""
        stats = self.crawler.stats
        stats.inc_value("pages/home")
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = response.urljoin(location.decode("latin-1"))
            if same_host(response.url, target) and hops < MAX_HOME_REDIRECTS:
                yield self._request(
                    target,
                    self.parse_homepage,
                    hops=hops + 1,
                    any_status=True,
                    no_redirect=True,
                    dont_filter=True,
                )
            else:
                self._sections.moved(response.url, target)
            return
        html = self._page_text(response)
        verdict = "not_text" if html is None else html_verdict(response.status, html, response.url)
        if verdict or html is None:
            stats.set_value("section/home_failed", verdict)
            self._drop(verdict or "not_text", response.url)
            return
        yield from self._ask_sections(self._search.home(response.url, html))
        yield from self._probe_answered(None)

    def _ask_sections(self, urls: list[str]) -> Iterator[scrapy.Request]:
        """Requests for the pages the search wants: candidate pages, feeds and sitemaps."""
        search = self._sections.search
        self._sections.pending.update(urls)
        for url in urls:
            if search.is_feed(url):
                callback = self.parse_section_feed
            elif search.is_sitemap(url):
                callback = self.parse_section_sitemap
            else:
                callback = self.parse_section_probe
            yield self._request(
                url,
                callback,
                asked=url,
                any_status=True,
                errback=self.section_probe_failed,
                priority=5,
                dont_filter=True,  # every probe must come back: the choice waits for all of them
            )

    def parse_section_probe(self, response: Response, asked: str) -> Iterator[scrapy.Request]:
        """A page the home page may lead to: is it the press section, or a landing page before it?"""
        self.crawler.stats.inc_value("pages/section_probe")
        more = self._search.probed(asked, response.status, self._page_text(response))
        if self._search.is_list(asked):
            self._sections.answers[asked] = response  # read as the first listing page if chosen
        yield from self._ask_sections(more)
        yield from self._probe_answered(asked)

    def parse_section_feed(self, response: Response, asked: str) -> Iterator[scrapy.Request]:
        self._search.feed(asked, response.status, response.body)
        yield from self._probe_answered(asked)

    def parse_section_sitemap(self, response: Response, asked: str) -> Iterator[scrapy.Request]:
        """The sitemap, read when no link of the home page led to a list: where its releases live."""
        yield from self._ask_sections(self._search.sitemap(asked, response.status, response.body))
        yield from self._probe_answered(asked)

    def section_probe_failed(self, failure: Any) -> Iterator[scrapy.Request]:
        asked = failure.request.cb_kwargs.get("asked", failure.request.url)
        self._search.failed(asked, type(failure.value).__name__)
        yield from self._probe_answered(asked)

    def _probe_answered(self, asked: str | None) -> Iterator[scrapy.Request]:
        """One page of the search answered; when none is pending, the sitemap if nothing fitted,
        else the decision."""
        self._sections.pending.discard(asked or "")
        if self._sections.pending:
            return
        if fallback := self._search.fallback():
            yield from self._ask_sections(fallback)
            return
        yield from self._section_decided()

    def _section_decided(self) -> Iterator[scrapy.Request]:
        """Every candidate answered: crawl the chosen section like a registered listing."""
        choice = self._sections.done()
        if choice is None:
            return
        self.source = with_section(self.source, choice.listing_url, choice.feed_url)
        self._flow = DiscoveryFlow.for_source(self.source)
        if feed := self.flow.feed_to_request(()):
            yield self._request(feed, self.parse_feed, priority=FEED_PRIORITY)
        answered = self._sections.answers.get(choice.listing_url or "")
        self._sections.answers.clear()
        if answered is not None:  # the probe's answer is the first listing page: not fetched again
            yield from self.parse_listing(answered, depth=1)
        else:
            yield from self._listing_starts(dont_filter=True)

    def parse_feed(self, response: Response, gate: bool = False) -> Iterator[scrapy.Request]:
        """RSS/Atom: every item on the source's hosts, its date kept as a hint (method "feed").

        As the gate of an incremental run, a 304 or a feed that reaches a known release ends the
        discovery; otherwise the listings are read too.
        """
        stats = self.crawler.stats
        stats.inc_value("pages/feed")
        if response.status == 304:
            stats.inc_value("incremental/feed_not_modified")
            return
        feed = parse_feed(response.body, response.url) if response.status < 400 else None
        if feed is None:
            stats.inc_value("feeds/unreadable")
            logger.warning("not a readable feed (HTTP %s): %s", response.status, response.url)
            if gate:
                yield from self._listing_starts()
            return
        items = list(feed_links_in_section(feed, tuple(self.source.allowed_domains)))
        stats.inc_value("links/feed", len(items))
        yield from self._article_requests(((i.url, i.date_text, i.title) for i in items), "feed")
        if gate and not any(i.url in self.known for i in items):
            stats.inc_value("incremental/feed_gap")
            yield from self._listing_starts()

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap index (its child sitemaps) or urlset (release URLs in the press section)."""
        stats = self.crawler.stats
        stats.inc_value("pages/sitemap")
        sitemap = parse_sitemap(response.body, response.url) if response.status < 400 else None
        if sitemap is None:
            stats.inc_value("sitemaps/unreadable")
            logger.warning("not a readable sitemap (HTTP %s): %s", response.status, response.url)
            return
        settings = self.crawler.settings
        since = DiscoveryFlow.since(settings.getint("PRESSARCHIVE_SITEMAP_MAX_AGE_DAYS", 0))
        entries = select_entries(sitemap, self.flow.section(), tuple(self.source.allowed_domains), since)
        limit = settings.getint("PRESSARCHIVE_SITEMAP_MAX_URLS", 5000)
        for entry in entries[:limit]:
            if sitemap.kind == "index":
                yield self._request(entry.url, self.parse_sitemap)
            else:
                stats.inc_value("links/sitemap")
                yield self._request(entry.url, self.parse_article, listing_date_text=None)

    def parse_listing(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        """A listing page, read here, not in the extraction worker: the crawl's next requests come
        from it, and a listing waiting behind the worker's queue of articles starved the downloads
        (docs/performance.md). The first ones teach the site's profile its release list."""
        stats = self.crawler.stats
        stats.inc_value("pages/listing")
        if response.status == 304:
            stats.inc_value("incremental/listing_not_modified")
            return
        html = self._page_text(response, listing=True)
        if html is None:
            stats.inc_value("pages/dropped/not_text")
            logger.warning("listing is not a text page: %s", response.url)
            return
        outcome = read_listing(response.url, html, response.status, self._context())
        if outcome.verdict is None:
            self.profiling.session.note_listing(response.url, html)
        yield from self._listed(outcome, depth)

    def _listed(self, outcome: ListingOutcome, depth: int) -> Iterator[scrapy.Request]:
        """The requests a read listing page leads to: its articles, feeds, sitemap and next page."""
        stats = self.crawler.stats
        if outcome.verdict:
            self._drop(outcome.verdict, outcome.url)
            if self._stored_section_failed(depth, outcome.verdict):
                yield from self._home_search()
                return
            yield from self._after_first_listing(depth, ())
            return
        listing = outcome.listing
        if listing is None:  # a broken page must not stop the crawl; it is counted and logged
            stats.inc_value("pages/dropped/listing_unparseable")
            logger.error("cannot parse listing %s\n%s", outcome.url, (outcome.error or "").rstrip())
            return
        if not listing.links:
            stats.inc_value("pages/listing_empty")
            logger.warning("listing without release links: %s", outcome.url)
            if self._stored_section_failed(depth, "no release links"):
                yield from self._home_search()
                return
        stats.inc_value(f"listing/links_by/{listing.links_method}")
        decision = self.flow.after_listing(outcome.url, listing, depth)
        yield from self._article_requests(
            ((link.url, link.date_text, link.title) for link in listing.links), "listing"
        )
        yield from self._after_first_listing(depth, listing.feeds)
        if (
            self.mode == "incremental"
            and listing.links
            and all(link.url in self.known for link in listing.links)
        ):
            stats.inc_value("pages/listing_stop/only_known")
            return
        if decision.follow:
            stats.inc_value(f"listing/next_by/{listing.next_method}")
            yield self._request(decision.follow, self.parse_listing, depth=depth + 1)
        else:
            stats.inc_value(f"pages/listing_stop/{decision.stop_reason}")

    def _stored_section_failed(self, depth: int, why: str) -> bool:
        """The first page of a stored press section failed: retire it (the caller searches again)."""
        if depth != 1 or self.sections is None or self.sections.stored is None or not self.source.homepage:
            return False
        self.sections.went_stale(why)
        return True

    def _after_first_listing(self, depth: int, announced: tuple[str, ...]) -> Iterator[scrapy.Request]:
        """After the first listing page: an announced feed (none in the registry), then the sitemap."""
        if depth != 1:
            return
        if self.mode == "incremental":
            return  # the registry's feed was the gate; sitemaps belong to deep and full passes
        if feed := self.flow.feed_to_request(announced):
            yield self._request(feed, self.parse_feed, priority=FEED_PRIORITY)
        if sitemap := self.flow.sitemap_to_request():
            yield self._request(sitemap, self.parse_sitemap, priority=SITEMAP_PRIORITY)

    def parse_attachment(self, response: Response) -> Iterator[AttachmentFetch]:
        """A release's file (crawler.scrapy_glue.attachments): handed to the pipeline to read."""
        yield attachment_fetched(response)

    def attachment_failed(self, failure: Failure) -> Iterator[AttachmentFetch]:
        """A file asked for and not got: its own outcome, not a page of the site that failed."""
        yield attachment_not_got(failure, self.crawler.stats)

    async def parse_recheck(self, response: Response) -> AsyncIterator[Any]:
        """A known release asked again whether it still exists (crawler.scrapy_glue.recheck)."""
        from crawler.scrapy_glue.recheck import PRESENT, handle_response

        for result in handle_response(self, response):
            if result is PRESENT:
                async for item in self.parse_article(response, listing_date_text=None):
                    yield item
            else:
                yield result

    async def parse_article(
        self,
        response: Response,
        listing_date_text: str | None,
        listing_date_method: str = "listing",
        listing_title: str | None = None,
    ) -> AsyncIterator[ArticleOutcome]:
        """An article page: held while the site's profile is being learned from the run's first
        pages (crawler.scrapy_glue.profiling), then extracted with it, in the extraction worker
        when there is one (crawler.runs.extract_pool)."""
        stats = self.crawler.stats
        stats.inc_value("pages/article")
        if not isinstance(response, TextResponse):
            stats.inc_value("releases/dropped/not_text")
            logger.warning("article is not a text page: %s", response.url)
            return
        fetch = Fetch(
            fetched_at=dt.datetime.now(dt.UTC),
            http_status=response.status,
            listing_date_text=listing_date_text,
            listing_date_method=listing_date_method,
            listing_title=listing_title,
            capture_id=response.meta.get(CAPTURE_META),
        )
        if self.profiling.session.decided:
            job = ArticleJob(self._fetched(response), fetch)
            outcome, in_worker = await self.extractor.run(job)
            stats.inc_value("extract/worker" if in_worker else "extract/in_process")
            yield outcome
            return
        html = self._page_text(response)
        assert html is not None
        sample = SamplePage(response.url, html, listing_title, listing_date_text)
        tree, refused, error = judged_tree(response.url, html, fetch)  # one parse: judged, then extracted
        if error is not None or refused:  # refused: extracted only to be counted; never a sample
            yield self._outcome(sample, fetch, tree, error)
            return
        for held in self.profiling.offer(sample, fetch):
            # pages held while the profile was learned are parsed again; this page's tree is fresh
            yield self._outcome(held.sample, held.payload, tree if held.sample is sample else None)

    def release_held_pages(self, response: Response) -> Iterator[ArticleOutcome]:
        """The article pages still held for the profile when the crawl ran out of requests."""
        for held in self.profiling.take_held():
            yield self._outcome(held.sample, held.payload)

    @property
    def extractor(self) -> ExtractPool:
        """The run's extraction worker (crawler.runs.crawl starts it), else in-process extraction."""
        if not hasattr(self, "_extractor"):
            self._extractor = self.crawler.settings.get(EXTRACT_POOL_SETTING) or ExtractPool(0)
        return self._extractor

    def _context(self) -> Context:
        return Context(
            self.source,
            self.profiling.profile,
            self._html_max_chars,
            self._body_max_chars,
            self.crawler.settings.getbool("PRESSARCHIVE_SIGN_BODIES"),
        )

    @property
    def _html_max_chars(self) -> int:
        return self.crawler.settings.getint("PRESSARCHIVE_HTML_MAX_CHARS", DEFAULT_MAX_CHARS)

    @property
    def _listing_max_chars(self) -> int:
        return self.crawler.settings.getint("PRESSARCHIVE_LISTING_MAX_CHARS", LISTING_MAX_CHARS)

    @property
    def _body_max_chars(self) -> int:
        return self.crawler.settings.getint("PRESSARCHIVE_BODY_MAX_CHARS", BODY_MAX_CHARS)

    def _page_text(self, response: Response, *, listing: bool = False) -> str | None:
        """`page_text` read in this process, a page cut to the bound counted (`extract/html_cut`)."""
        html = page_text(response, self._listing_max_chars if listing else self._html_max_chars)
        if html is None:
            return None
        if html.cut:
            self._count_cut(response.url, listing=listing)
        return html.text

    def _count_cut(self, url: str, *, listing: bool = False) -> None:
        self.crawler.stats.inc_value("extract/html_cut")
        if listing:  # the links past the cut are not read: said per page
            self.crawler.stats.inc_value("extract/listing_cut")
        bound = self._listing_max_chars if listing else self._html_max_chars
        logger.warning(
            "%s longer than %d characters read in part: %s", "listing" if listing else "page", bound, url
        )

    def _fetched(self, response: Response) -> FetchedPage:
        """The response for a worker, with the source and profile (pickled once per profile)."""
        profile = self.profiling.profile
        cached = getattr(self, "_packed", None)
        if cached is None or cached[0] is not profile:
            cached = self._packed = (profile, self._context().packed())
        key, packed = cached[1]
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        return FetchedPage(response.url, response.body, content_type, key, packed)

    def _outcome(
        self, sample: SamplePage, fetch: Fetch, tree: PageTree | None = None, error: str | None = None
    ) -> ArticleOutcome:
        """A page read in this process (while the profile is learned, or refused pages)."""
        self.crawler.stats.inc_value("extract/in_process")
        if error is not None:
            return ArticleOutcome(sample.url, fetch, drop="unparseable", error=error)
        return release_of(sample.url, sample.html, tree, self._context(), fetch)
