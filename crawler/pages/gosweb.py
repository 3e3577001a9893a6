"""ГосВеб (Платформа ГосВеб, *.gosuslugi.ru and *.gosweb.gosuslugi.ru; NetCat underneath): sites.md §7
and tests/fixtures/real-html/SOURCES.md.

The listing is modelled on a real news list (ulmeria.gosuslugi.ru, 2026, fixture
ulmeria.gosuslugi.ru__gosweb-news-list-2026-09-15.html): cards `div.object-item` with schema.org
NewsArticle microdata (single-quoted attributes), the headline `h2.object-item-title > a`
(`itemprop=url`), the date in `meta[itemprop=datePublished]` as LOCAL time without an offset
(`2026-09-15 16:04:27`: the source's zone applies, crawler.normalise.dates reads it as local) or
in `span.item-date[title]` (the visible text says «Сегодня, 16:04»), the lead in
`div.object-item-announce`, rubric links `?filter[115][Category]=N` (never releases), detail pages
`<list path><slug>_<objectId>.html`.

Paging is NetCat's `?cur_cc=<component>&curPos=<offset>` (crawler.discovery.pagination, step
`offset`). One public scraper pages on the server with curPos; another says only the ~10 newest
items are in the HTML and the rest load in the browser. When a card list has no link to another
page, the listing says so: `next_method` is BROWSER_ONLY (no URL is invented).

The article defaults are a GUESS: no detail page of a ГосВеб site is in the stored material. They
follow the platform's CSS vocabulary (`tpl-component-gw-base-text` for the text block,
`tpl-component-gw-file` for documents, `tpl-text-header1` beside the list's `tpl-text-header2`),
plus the BEM-style classes of the earlier guess (`.news-detail__*`, which the golden corpus's
ГосВеб layout uses). Every key can be overridden in the registry, and a page they do not fit
falls back to the generic cascade (metadata, trafilatura, text heuristics).
"""

from __future__ import annotations

import logging
from typing import Any

from crawler.discovery.feeds import autodiscover
from crawler.discovery.pagination import find_next_page
from crawler.discovery.structured import card_entry
from crawler.pages.base import Listing, ListingLink
from crawler.pages.common import (
    allowed_domains,
    clean_text,
    element_in_non_content,
    element_text,
    link_allowed,
)
from crawler.pages.generic import GenericPage
from crawler.pages.tree import PageTree
from crawler.profiles.model import SiteProfile
from crawler.registry.sources import Selectors, Source

logger = logging.getLogger(__name__)

BROWSER_ONLY = "browser_only"  # next_method of a ГосВеб list with no pager link in its HTML
CARD = ".object-item"
CARD_LINK = ".object-item-title a"


class GoswebPage(GenericPage):
    name = "gosweb"
    selectors = Selectors(
        item=f"{CARD}, .news-list__item, .gw-news-list__item, .news-card",
        link=f"{CARD_LINK}, a.news-list__link, .news-list__title a, .gw-news-list__item a, .news-card a",
        list_date=".news-list__date, .gw-news-list__date, .news-card__date, .object-item .item-date",
        next_page=".pagination__next, .gw-pagination__next a",
        title="h1.news-detail__title, .gw-news-detail h1, h1.page-title, h1.tpl-text-header1",
        date=".news-detail__date, .gw-news-detail__date",
        body=(
            ".news-detail__text, .gw-news-detail__content, .news-detail__content, .tpl-component-gw-base-text"
        ),
    )
    lead_selector = ".news-detail__lead, .gw-news-detail__lead"
    tags_selector = ".news-detail__tags a, .gw-tags a"
    attachments_selector = ".news-detail__files, .gw-documents, .document-list, .tpl-component-gw-file"

    def listing_of(self, tree: PageTree, source: Source, profile: SiteProfile | None = None) -> Listing:
        """The platform's cards when the page has them (registry selectors aside), else the
        generic way; a card list without a pager link says that paging may be browser-only."""
        if source.selectors.item or "object-item" not in tree.html:
            return super().listing_of(tree, source, profile)
        url = tree.url
        domains = allowed_domains(source, url)
        links = card_links(tree, url, domains)
        if not links:
            return super().listing_of(tree, source, profile)
        following = find_next_page(url, tree.selector, domains, self.effective_selectors(source).next_page)
        return Listing(
            links=links,
            next_page=following.url if following else None,
            next_method=following.method if following else BROWSER_ONLY,
            feeds=autodiscover(url, tree.selector),
            links_method="selectors",
        )


def card_links(tree: PageTree, url: str, domains: tuple[str, ...]) -> tuple[ListingLink, ...]:
    """One link per `div.object-item` card: its headline link, title and date (microdata first)."""
    resolve = tree.resolver(url)
    found: dict[str, ListingLink] = {}
    for card in tree.select(CARD):
        if element_in_non_content(card):
            continue
        entry = card_entry(card, resolve)
        anchor = _first(card, _in_title)
        href = entry.url if entry else resolve(anchor.get("href")) if anchor is not None else None
        if not href or href in found or not link_allowed(href, domains):
            continue
        title = (entry.title if entry else None) or _anchor_title(anchor)
        found[href] = ListingLink(url=href, title=title or None, date_text=_card_date(card, entry))
    return tuple(found.values())


def _in_title(element: Any) -> bool:
    if element.tag != "a" or not element.get("href"):
        return False
    parent = element.getparent()
    return parent is not None and "object-item-title" in (parent.get("class") or "").split()


def _first(card: Any, test: Any) -> Any | None:
    return next((element for element in card.iter() if isinstance(element.tag, str) and test(element)), None)


def _anchor_title(anchor: Any | None) -> str:
    if anchor is None:
        return ""
    return element_text(anchor) or clean_text(anchor.get("title"))


def _card_date(card: Any, entry: Any | None) -> str | None:
    """datePublished (local time, no offset), else the date stamp's title («15 сентября 2026
    16:04»), else its text («Сегодня, 16:04», read against the fetch time)."""
    if entry is not None and entry.date:
        return str(entry.date)
    stamp = _first(card, lambda element: "item-date" in (element.get("class") or "").split())
    if stamp is None:
        return None
    return clean_text(stamp.get("title")) or element_text(stamp) or None


__all__ = ["BROWSER_ONLY", "GoswebPage", "card_links"]
