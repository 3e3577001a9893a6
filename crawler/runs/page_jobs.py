"""The crawl's work on a fetched page, apart from fetching: an article page -> a Release (or the
reason it is none), a listing page -> its Listing (or the verdict that it is none).

Article pages are read in the crawl's extraction worker process (crawler.runs.extract_pool) or in
the crawling process itself (while a site profile is learned, or with no worker) by the same
functions, so nothing depends on where a page was read; listing pages always in the crawling
process (the crawl's next requests come from them). Pure: no Scrapy, no archive writes; the spider
and the pipeline act on the outcomes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import pickle
import traceback
from dataclasses import dataclass

from archive.records import Release
from crawler.normalise.html_cap import DEFAULT_MAX_CHARS, CappedHtml, read_html
from crawler.normalise.release import BODY_MAX_CHARS, NotARelease, build_release
from crawler.pages import get_page_object
from crawler.pages.base import Listing
from crawler.pages.tree import PageTree
from crawler.pages.verdict import tree_verdict
from crawler.profiles.model import SiteProfile
from crawler.registry.sources import Source

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetch:
    """What the crawl knew of an article page when it fetched it."""

    fetched_at: dt.datetime  # aware, UTC
    http_status: int
    listing_date_text: str | None = None  # the date the listing (or the feed) showed next to the link
    listing_date_method: str = "listing"  # "listing" or "feed": where listing_date_text came from
    listing_title: str | None = None
    capture_id: int | None = None  # the captures row of the response (crawler.scrapy_glue.capture)


@dataclass(frozen=True)
class Context:
    """The source and the profile pages are extracted with; sent to a worker once per change."""

    source: Source
    profile: SiteProfile | None
    html_max_chars: int = DEFAULT_MAX_CHARS  # PRESSARCHIVE_HTML_MAX_CHARS: the HTML read per page
    body_max_chars: int = BODY_MAX_CHARS  # PRESSARCHIVE_BODY_MAX_CHARS: the body HTML kept per release
    sign_bodies: bool = False  # PRESSARCHIVE_SIGN_BODIES: each release's MinHash made with its page

    def packed(self) -> tuple[int, bytes]:
        """A key and the pickled context: the worker unpickles a key it has not seen, once."""
        data = pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)
        return hash(data), data


@dataclass(frozen=True)
class FetchedPage:
    """A page as fetched, with the context to read it in: its bytes are decoded where a job runs."""

    url: str
    body: bytes
    content_type: str
    context_key: int
    context: bytes  # Context, pickled (Context.packed)

    def html(self) -> CappedHtml:
        """The page's text, bounded by its context's `html_max_chars`."""
        return read_html(self.body, self.content_type, self.unpacked().html_max_chars)

    def unpacked(self) -> Context:
        return _context(self.context_key, self.context)


@dataclass(frozen=True)
class ArticleJob:
    page: FetchedPage
    fetch: Fetch


@dataclass(frozen=True)
class ArticleOutcome:
    """A release to store, or the reason (`releases/dropped/<drop>`) the page gives none."""

    url: str
    fetch: Fetch
    release: Release | None = None
    drop: str | None = None
    error: str | None = None  # a traceback, when the page could not be parsed or extracted
    profile_page: bool = False  # an article page extracted with a profile (health: does it still fit?)
    body_missed: bool = False  # ... whose profile's body locator found nothing
    signature: bytes | None = None  # the body's MinHash (archive.clusters), when the context asks
    html_cut: bool = False  # the page was longer than Context.html_max_chars (counted: extract/html_cut)


def release_of(url: str, html: str, tree: PageTree | None, context: Context, fetch: Fetch) -> ArticleOutcome:
    """Extract and normalise one page (parsed already, or parsed here)."""
    source, profile = context.source, context.profile
    try:
        raw = get_page_object(source.platform).extract(
            url, html, source, profile=profile, title_hint=fetch.listing_title, tree=tree
        )
    except Exception:  # counted and reported, never fatal to the crawl
        return ArticleOutcome(url, fetch, drop="unparseable", error=traceback.format_exc())
    profile_page = profile is not None and raw.page_kind == "article"
    body_missed = profile_page and profile.body is not None and raw.methods.get("body") != "profile"
    try:
        release = build_release(
            raw,
            source,
            fetched_at=fetch.fetched_at,
            http_status=fetch.http_status,
            listing_date_text=fetch.listing_date_text,
            listing_date_method=fetch.listing_date_method,
            body_max_chars=context.body_max_chars,
        )
    except NotARelease as exc:
        return ArticleOutcome(url, fetch, drop=exc.reason, profile_page=profile_page, body_missed=body_missed)
    except Exception:
        return ArticleOutcome(url, fetch, drop="unparseable", error=traceback.format_exc())
    return ArticleOutcome(
        url,
        fetch,
        release=release,
        profile_page=profile_page,
        body_missed=body_missed,
        signature=_signature(release.body_text) if context.sign_bodies else None,
    )


def _signature(text: str) -> bytes | None:
    from archive.clusters import signature  # numpy: imported by the first page that asks

    return signature(text)


def parse_page(url: str, html: str) -> tuple[PageTree | None, str | None]:
    """The page's tree, or the traceback of why it has none."""
    try:
        return PageTree(html, url), None
    except Exception:
        return None, traceback.format_exc()


def judged_tree(url: str, html: str, fetch: Fetch) -> tuple[PageTree | None, bool, str | None]:
    """(tree, refused, error): `refused` for an error status or a block/maintenance page, which
    is extracted only to be counted by reason, never studied for the profile."""
    tree, error = parse_page(url, html)
    if tree is None:
        return None, True, error
    return tree, fetch.http_status >= 300 or bool(tree_verdict(fetch.http_status, tree)), None


_contexts: dict[int, Context] = {}


def _context(key: int, data: bytes) -> Context:
    context = _contexts.get(key)
    if context is None:
        if len(_contexts) > 256:  # a long night of many sources: forget the old ones
            _contexts.clear()
        context = _contexts[key] = pickle.loads(data)
    return context


def run_job(job: ArticleJob) -> ArticleOutcome:
    """The whole per-article work once the profile is decided, from the response's bytes: decode,
    parse, extract, normalise. (No verdict first: a refused page is extracted too, and the release
    built from it is dropped under the verdict's reason.)"""
    page = job.page
    html = page.html()
    tree, error = parse_page(page.url, html.text)
    if tree is None:
        outcome = ArticleOutcome(page.url, job.fetch, drop="unparseable", error=error)
    else:
        outcome = release_of(page.url, html.text, tree, page.unpacked(), job.fetch)
    return dataclasses.replace(outcome, html_cut=True) if html.cut else outcome


@dataclass(frozen=True)
class ListingOutcome:
    """The listing's links and next page; or why there are none (a verdict, or a traceback)."""

    url: str
    listing: Listing | None = None
    verdict: str | None = None  # crawler.pages.verdict: block_page, maintenance, ...
    error: str | None = None  # the page could not be read


def read_listing(url: str, html: str, http_status: int, context: Context) -> ListingOutcome:
    """Judge a listing page and read it, from one parse of it (a 45 KB listing: 0.4 ms a parse)."""
    tree = PageTree(html, url)
    if verdict := tree_verdict(http_status, tree):
        return ListingOutcome(url, verdict=verdict)
    source = context.source
    try:
        listing = get_page_object(source.platform).listing_of(tree, source, profile=context.profile)
    except Exception:  # a broken page must not stop the crawl; it is counted and logged
        return ListingOutcome(url, error=traceback.format_exc())
    return ListingOutcome(url, listing=listing)
