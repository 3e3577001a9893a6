"""What a page object returns: raw strings as they stand on the page, plus how each was found.

Page objects are pure: (url, html, source) -> RawRelease / Listing. No Scrapy import here, so the
same code re-extracts history from raw captures and runs in unit tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from archive.records import Attachment
from crawler.profiles.model import SiteProfile
from crawler.registry.sources import Selectors, Source

if TYPE_CHECKING:
    from crawler.pages.tree import PageTree


@dataclass(frozen=True)
class RawRelease:
    url: str
    title: str | None = None
    date_text: str | None = None  # the date string as on the page
    date_method: str | None = None  # meta | jsonld | time_element | selector | text | url
    updated_text: str | None = None  # an "Обновлено …" stamp, kept apart from the publication date
    body_html: str | None = None  # the body fragment, unsanitised
    lead: str | None = None
    canonical_url: str | None = None
    images: tuple[str, ...] = ()  # absolute URLs: the cover (og:image) first, then the body's
    attachments: tuple[Attachment, ...] = ()  # PDF/DOC/XLS ... links with their text and stated size
    tags: tuple[str, ...] = ()  # tags and rubrics as the page names them
    language: str | None = None  # ISO 639 code, e.g. "ru"
    page_kind: str = "article"  # article | listing | maintenance | block_page (crawler.pages.verdict)
    methods: dict[str, str] = field(default_factory=dict)  # field -> method that produced it


@dataclass(frozen=True)
class ListingLink:
    url: str  # absolute
    title: str | None = None
    date_text: str | None = None


@dataclass(frozen=True)
class Listing:
    links: tuple[ListingLink, ...]
    next_page: str | None = None  # absolute URL of the next listing page, if any
    next_method: str | None = None  # how the next page was found (crawler.discovery.pagination)
    feeds: tuple[str, ...] = ()  # feeds the page announces (<link rel="alternate">)
    links_method: str | None = None  # selectors | heuristic


class PageObject(Protocol):
    """One platform/layout: its default selectors and its article extraction."""

    name: str
    selectors: Selectors

    def extract(
        self,
        url: str,
        html: str,
        source: Source,
        profile: SiteProfile | None = None,
        title_hint: str | None = None,
        tree: PageTree | None = None,
    ) -> RawRelease: ...

    def listing(self, url: str, html: str, source: Source, profile: SiteProfile | None = None) -> Listing: ...

    def listing_of(self, tree: PageTree, source: Source, profile: SiteProfile | None = None) -> Listing:
        """`listing` of a page parsed already (the crawl judged it first: crawler.pages.verdict)."""
        ...
