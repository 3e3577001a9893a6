"""The generic page object: configured selectors, then structured metadata, then trafilatura.

Article fields, each a short cascade whose winning step is recorded in RawRelease.methods:
  title: selector -> jsonld (headline) -> meta (og:title) -> h1 -> title_tag
  date:  selector -> jsonld (datePublished) -> meta (article:published_time, Dublin Core, ...) ->
         time_element (<time datetime> outside nav/header/footer/aside)
  body:  selector -> trafilatura (HTML output)
Listing: configured item selector, else the repeated-block heuristic (listing_by_heuristic).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import trafilatura
from parsel import Selector

from crawler.normalise.dates import looks_like_date
from crawler.normalise.urls import absolute_url
from crawler.pages.base import Listing, ListingLink, RawRelease
from crawler.pages.common import (
    allowed_domains,
    canonical_link,
    clean_text,
    first_html,
    image_urls,
    in_non_content,
    link_allowed,
    listing_by_selectors,
    meta_content,
    next_page_url,
    node_text,
    page_title_tag,
    parse_html,
    selected_text,
)
from crawler.sources import Selectors, Source

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset({"newsarticle", "article", "blogposting", "reportagenews", "pressrelease"})
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
)
UPDATED_META = ("article:modified_time", "dateModified", "dcterms.modified")
DEFAULT_NEXT_PAGE = (
    "a[rel=next], link[rel=next], .pagination__next, li.pager-next a, a.next.page-numbers, "
    ".modern-page-next, .pagination .next a, a.pagination-next"
)


def jsonld_articles(page: Selector) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of an article type (lists and @graph unfolded); bad JSON is skipped."""
    for script in page.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(script)
        except ValueError:
            logger.debug("skipping unparseable JSON-LD block")
            continue
        stack = [data]
        while stack:
            current = stack.pop(0)
            if isinstance(current, list):
                stack.extend(current)
            elif isinstance(current, dict):
                stack.extend(current.get("@graph", []) if isinstance(current.get("@graph"), list) else [])
                kinds = current.get("@type", [])
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(kind, str) and kind.lower() in ARTICLE_TYPES for kind in kinds):
                    yield current


def _jsonld_value(page: Selector, key: str) -> str | None:
    for article in jsonld_articles(page):
        value = article.get(key)
        if isinstance(value, str) and clean_text(value):
            return clean_text(value)
    return None


class GenericPage:
    """Any site: selectors when the registry gives them, structured data and trafilatura otherwise."""

    name = "generic"
    selectors = Selectors(next_page=DEFAULT_NEXT_PAGE)
    lead_selector: str | None = None

    def effective_selectors(self, source: Source) -> Selectors:
        return source.selectors.merged_over(self.selectors)

    # --- article -------------------------------------------------------------------------------
    def extract(self, url: str, html: str, source: Source) -> RawRelease:
        page = parse_html(html, url)
        selectors = self.effective_selectors(source)
        methods: dict[str, str] = {}
        title, methods["title"] = self.title(page, selectors)
        date_text, date_method = self.date(page, selectors)
        body_html, methods["body"] = self.body(page, html, url, selectors)
        lead, lead_method = self.lead(page)
        if date_method:
            methods["date"] = date_method
        if lead_method:
            methods["lead"] = lead_method
        body_node = parse_html(body_html, url) if body_html else None
        return RawRelease(
            url=url,
            title=title,
            date_text=date_text,
            date_method=date_method,
            updated_text=_jsonld_value(page, "dateModified") or meta_content(page, *UPDATED_META),
            body_html=body_html,
            lead=lead,
            canonical_url=canonical_link(page, url),
            images=image_urls(body_node, url),
            methods={key: value for key, value in methods.items() if value},
        )

    def title(self, page: Selector, selectors: Selectors) -> tuple[str | None, str]:
        if text := selected_text(page, selectors.title):
            return text, "selector"
        if text := _jsonld_value(page, "headline"):
            return text, "jsonld"
        if text := meta_content(page, "og:title", "twitter:title", "dc.title"):
            return text, "meta"
        headings = [h for h in page.css("h1") if not in_non_content(h)]
        if len(headings) == 1 and (text := clean_text(" ".join(headings[0].css("::text").getall()))):
            return text, "h1"
        if text := page_title_tag(page):
            return text, "title_tag"
        return None, ""

    def date(self, page: Selector, selectors: Selectors) -> tuple[str | None, str | None]:
        if text := selected_text(page, selectors.date):
            return text, "selector"
        if text := _jsonld_value(page, "datePublished"):
            return text, "jsonld"
        if text := meta_content(page, *DATE_META):
            return text, "meta"
        for node in page.css("time"):
            if in_non_content(node):
                continue
            text = clean_text(node.attrib.get("datetime")) or clean_text(
                " ".join(node.css("::text").getall())
            )
            if text:
                return text, "time_element"
        return None, None

    def body(self, page: Selector, html: str, url: str, selectors: Selectors) -> tuple[str | None, str]:
        if selectors.body and (fragment := first_html(page, selectors.body)):
            return fragment, "selector"
        extracted = trafilatura.extract(
            html,
            url=url,
            output_format="html",
            include_images=True,
            include_links=True,
            include_tables=True,
            include_comments=False,
            favor_precision=True,
            with_metadata=False,
        )
        if extracted:
            return _trafilatura_body(extracted), "trafilatura"
        return None, ""

    def lead(self, page: Selector) -> tuple[str | None, str | None]:
        if self.lead_selector and (text := selected_text(page, self.lead_selector)):
            return text, "selector"
        return None, None

    # --- listing -------------------------------------------------------------------------------
    def listing(self, url: str, html: str, source: Source) -> Listing:
        page = parse_html(html, url)
        selectors = self.effective_selectors(source)
        if selectors.item:
            return listing_by_selectors(url, page, source, selectors)
        links = listing_by_heuristic(url, page, source)
        return Listing(links=links, next_page=next_page_url(url, page, source, selectors.next_page))


def _trafilatura_body(extracted: str) -> str:
    """The inner HTML of trafilatura's <body>, without the <h1> title it repeats."""
    body = Selector(text=extracted).css("body")
    if not body:
        return extracted
    return "".join(node.get() for node in body[0].xpath("./node()[not(self::h1)]")).strip()


# --- listing heuristic ---------------------------------------------------------------------------
MAX_CLIMB = 6  # levels from a date element up to its block


def _block_for_date(date_node: Selector, url: str) -> tuple[Selector, str] | None:
    """The largest ancestor of a date element that still holds exactly one distinct link."""
    start = date_node.xpath("ancestor-or-self::a[@href][1]")
    current = start[0] if start else date_node
    block: tuple[Selector, str] | None = None
    for _ in range(MAX_CLIMB):
        hrefs = {
            href
            for raw in current.xpath("descendant-or-self::a/@href").getall()
            if (href := absolute_url(url, raw))
        }
        if len(hrefs) > 1:
            break
        if len(hrefs) == 1:
            block = (current, hrefs.pop())
        parent = current.xpath("..")
        if not parent or parent[0].root.tag in ("body", "html"):
            break
        current = parent[0]
    return block


def _tag_path(node: Selector) -> tuple[str, ...]:
    return tuple(str(element.root.tag) for element in node.xpath("ancestor-or-self::*"))


def listing_by_heuristic(url: str, page: Selector, source: Source) -> tuple[ListingLink, ...]:
    """Repeated blocks that each hold one link and a date-looking text (nav/header/footer/aside ignored).

    Blocks are grouped by their tag path; groups of three or more (else two) are kept, in page order.
    """
    domains = allowed_domains(source, url)
    groups: dict[tuple[str, ...], list[tuple[int, ListingLink]]] = {}
    seen: set[str] = set()
    for position, date_node in enumerate(page.xpath("//body//*[text()[normalize-space()]]")):
        if not any(looks_like_date(text) for text in date_node.xpath("text()").getall()):
            continue
        if date_node.root.tag in ("script", "style", "title", "option") or in_non_content(date_node):
            continue
        found = _block_for_date(date_node, url)
        if found is None or found[1] in seen or not link_allowed(found[1], domains):
            continue
        block, href = found
        seen.add(href)
        anchor = block.xpath("descendant-or-self::a[@href][normalize-space()][1]") or block.xpath(
            "descendant-or-self::a[@href][1]"
        )
        title = node_text(anchor[0], exclude=(date_node,)) if anchor else ""
        link = ListingLink(url=href, title=title or None, date_text=node_text(date_node) or None)
        groups.setdefault(_tag_path(block), []).append((position, link))
    minimum = 3 if any(len(group) >= 3 for group in groups.values()) else 2
    kept = sorted(entry for group in groups.values() if len(group) >= minimum for entry in group)
    return tuple(link for _, link in kept)
