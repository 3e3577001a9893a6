"""Helpers shared by page objects: parsing, selector text, links, metadata, listings by selectors.

Pure functions on parsel selectors; no Scrapy import.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from typing import Any

from cssselect import SelectorError
from lxml import etree
from parsel import Selector, SelectorList

from crawler.normalise.urls import absolute_url, host_in_domains, url_host
from crawler.pages.base import Listing, ListingLink
from crawler.sources import Selectors, Source

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u200b\ufeff]+")


def parse_html(html: str, url: str) -> Selector:
    """A parsel Selector over the page (an empty document for empty input)."""
    return Selector(text=html if html and html.strip() else "<html></html>", base_url=url)


def css(node: Selector | SelectorList[Selector], query: str) -> SelectorList[Selector]:
    """`node.css(query)`, with a bad selector reported as ValueError naming it."""
    try:
        return node.css(query)
    except (SelectorError, SyntaxError) as exc:
        raise ValueError(f"invalid CSS selector {query!r}: {exc}") from exc


def clean_text(text: str | None) -> str:
    """Whitespace runs (NBSP included) collapsed to one space, trimmed."""
    return _SPACES.sub(" ", text or "").strip()


def _texts(element: Any, skip: set[Any]) -> Iterator[str]:
    tag = element.tag if isinstance(element.tag, str) else None
    if element in skip or tag is None or tag in ("script", "style", "template"):
        return
    if element.text:
        yield element.text
    for child in element:
        yield from _texts(child, skip)
        if child.tail:
            yield child.tail


def node_text(node: Selector, exclude: tuple[Selector, ...] = ()) -> str:
    """All text inside one element (scripts, styles and the `exclude` subtrees left out), cleaned."""
    if not isinstance(node.root, etree._Element):
        return clean_text(str(node.root))
    return clean_text(" ".join(_texts(node.root, {item.root for item in exclude})))


def selected_text(node: Selector | SelectorList[Selector], query: str | None) -> str | None:
    """The text of every element `query` matches, joined by spaces; None when nothing matches."""
    if not query:
        return None
    text = clean_text(" ".join(node_text(item) for item in css(node, query)))
    return text or None


def first_text(
    node: Selector | SelectorList[Selector], query: str | None, attributes: tuple[str, ...] = ()
) -> str | None:
    """The text of the first element `query` matches with any text.

    With `attributes` (for dates: "datetime", "content"), an element carrying one of them gives
    that value instead: <time datetime> and RDFa content hold more than the visible text.
    """
    if not query:
        return None
    for item in css(node, query):
        if attributes and isinstance(item.root, etree._Element):
            for name in attributes:
                if value := clean_text(item.root.get(name)):
                    return value
        if text := node_text(item):
            return text
    return None


def first_html(node: Selector, query: str | None) -> str | None:
    """The outer HTML of the first element `query` matches."""
    if not query:
        return None
    matched = css(node, query)
    return matched[0].get() if matched else None


@functools.lru_cache(maxsize=4)
def meta_map(page: Selector) -> dict[str, str]:
    """Every <meta property|name|itemprop|http-equiv=K content=V>: lower-cased K -> first non-empty V.

    Built once per page (cached for the few pages in flight) instead of one XPath per name.
    """
    found: dict[str, str] = {}
    root = page.root
    if not isinstance(root, etree._Element):
        return found
    for element in root.iter("meta"):
        value = clean_text(element.get("content"))
        if not value:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            for key in (element.get(attribute) or "").lower().split():
                found.setdefault(key, value)
    return found


def meta_content(page: Selector, *names: str) -> str | None:
    """The first non-empty content of <meta property|name|itemprop=NAME> (case-insensitive names)."""
    values = meta_map(page)
    for name in names:
        if value := values.get(name.lower()):
            return value
    return None


def canonical_link(page: Selector, url: str) -> str | None:
    """<link rel=canonical>, else og:url, as an absolute URL."""
    href = page.xpath("//link[@rel='canonical']/@href").get() or meta_content(page, "og:url")
    return absolute_url(url, href)


def page_title_tag(page: Selector) -> str | None:
    """The <title> text without a trailing " | Site name" part."""
    title = clean_text(page.xpath("//title//text()").get())
    if not title:
        return None
    return clean_text(re.split(r"\s+[|–—]\s+", title)[0]) or title


def image_urls(body: Selector | None, url: str) -> tuple[str, ...]:
    """Absolute img[src] URLs inside the body, deduplicated, in page order."""
    if body is None:
        return ()
    found = (absolute_url(url, src) for src in body.xpath(".//img/@src").getall())
    return tuple(dict.fromkeys(src for src in found if src))


_NON_CONTENT_XPATH = (
    "ancestor-or-self::*[self::nav or self::aside or @role='navigation' or @role='complementary'"
    " or ((self::header or self::footer) and not(ancestor::article or ancestor::main))]"
)


def in_non_content(node: Selector) -> bool:
    """True inside nav/aside or a page-level header/footer (menus, today-stamps, sidebars).

    A header/footer inside <article> or <main> (a teaser's entry header) is content.
    """
    return bool(node.xpath(_NON_CONTENT_XPATH))


def allowed_domains(source: Source, listing_url: str) -> tuple[str, ...]:
    return source.allowed_domains or (url_host(listing_url),)


def link_allowed(link: str, domains: tuple[str, ...]) -> bool:
    return host_in_domains(url_host(link), domains)


def item_link(item: Selector, link_query: str | None) -> Selector | None:
    """The article <a> of a listing item: the link selector's first match with an href.

    A match that is not an <a> counts through its nearest <a> ancestor or first <a> descendant.
    """
    candidates = css(item, link_query) if link_query else item.xpath("descendant-or-self::a[@href]")
    for candidate in candidates:
        anchor = candidate.xpath("ancestor-or-self::a[@href][1] | descendant::a[@href][1]")
        if anchor:
            return anchor[0]
    return None


def listing_by_selectors(url: str, page: Selector, source: Source, selectors: Selectors) -> Listing:
    """Links from the items `selectors.item` matches, with their titles and dates.

    Items inside nav/aside or the page header/footer are skipped: a sidebar of "other news" often
    reuses the list's own markup.
    """
    domains = allowed_domains(source, url)
    links: dict[str, ListingLink] = {}
    for item in css(page, selectors.item or ""):
        if in_non_content(item):
            continue
        anchor = item_link(item, selectors.link)
        if anchor is None:
            continue
        href = absolute_url(url, anchor.attrib.get("href"))
        if href is None or href in links or not link_allowed(href, domains):
            continue
        date_nodes = tuple(css(item, selectors.list_date)) if selectors.list_date else ()
        date_text = clean_text(" ".join(node_text(node) for node in date_nodes)) or None
        title = node_text(anchor, exclude=date_nodes) or None
        links[href] = ListingLink(url=href, title=title, date_text=date_text)
    return Listing(
        links=tuple(links.values()), next_page=next_page_url(url, page, source, selectors.next_page)
    )


def next_page_url(url: str, page: Selector, source: Source, query: str | None) -> str | None:
    """The absolute next-page URL from `query` (first match with an href that leads elsewhere)."""
    if not query:
        return None
    domains = allowed_domains(source, url)
    for node in css(page, query):
        href = node.attrib.get("href") or node.xpath("(.//a/@href)[1]").get()
        target = absolute_url(url, href)
        if target and target != url.split("#", 1)[0] and link_allowed(target, domains):
            return target
    return None
