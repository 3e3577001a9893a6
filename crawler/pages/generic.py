"""The generic page object: a documented cascade per field, each step named in RawRelease.methods.

  title        selector -> jsonld (headline) -> meta (og:title, twitter, DC; a site-name suffix
               trimmed when the page's single h1 says the same) -> h1 -> title_tag
  date         selector -> jsonld (datePublished) -> meta (article:published_time, Dublin Core,
               RDFa dc:date, itemprop) -> time_element -> text (a date next to the title);
               the URL, the feed and the listing follow in crawler.normalise.release
  updated      selector (platform) -> jsonld (dateModified) -> meta -> time_element -> text («Обновлено …»)
  body         selector -> trafilatura (HTML) -> text_blocks (the element with the most paragraph text)
  lead         selector (platform) -> first_paragraph (of the body) -> meta (description)
  images       the cover (og:image / JSON-LD image) and the body's images
  attachments  document links in the platform's files block and the body, else in the page's content
  tags         selector (platform) -> rel_tag -> meta (article:tag/section) / jsonld (keywords) -> class
  language     html_lang / meta -> text (letters)
Listing: configured item selector, else the structural heuristic (crawler.discovery.listing);
pagination always by the detection cascade (crawler.discovery.pagination).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TypeVar

import trafilatura
from lxml import etree
from parsel import Selector

from archive.records import Attachment
from crawler.discovery.feeds import autodiscover
from crawler.discovery.listing import listing_by_heuristic, side_block
from crawler.discovery.pagination import find_next_page
from crawler.normalise.bodies import html_to_text, remove_boilerplate
from crawler.pages.assets import DOCUMENT_KINDS, attachments_in, images_in
from crawler.pages.base import Listing, ListingLink, RawRelease
from crawler.pages.common import (
    allowed_domains,
    canonical_link,
    css,
    first_text,
    in_non_content,
    listing_by_selectors,
    meta_content,
    node_text,
    page_title_tag,
    parse_html,
)
from crawler.pages.metadata import (
    DESCRIPTION_META,
    TITLE_META,
    cover_image,
    jsonld_value,
    language,
    published_from_metadata,
    tags_from_metadata,
    updated_from_metadata,
)
from crawler.pages.textdate import date_near_title
from crawler.sources import Selectors, Source

logger = logging.getLogger(__name__)

T = TypeVar("T")
DATE_ATTRIBUTES = ("datetime", "content")
TAG_CLASSES = ".tags a, .news-tags a, .article-tags a, .field-name-field-tags a, .tag-list a, .post-tags a"
_UPDATED_LABEL = re.compile(
    r"^\s*(обновлено|изменено|дата\s+изменения|последнее\s+изменение|обновлен[оа]?)\b", re.I
)
# text nodes that may start an update stamp; the regex below decides (contains() is cheap in libxml2)
_UPDATED_XPATH = (
    "//body//text()[contains(., 'бновлен') or contains(., 'БНОВЛЕН') or contains(., 'зменен')"
    " or contains(., 'ЗМЕНЕН')]/.."
)
_DOCUMENT_HREF = re.compile(r"\.(?:" + "|".join(sorted(DOCUMENT_KINDS)) + r")(?:$|[?#])", re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—]+$")
_TATAR = re.compile(r"[әөүҗңһӘӨҮҖҢҺ]")
_BASHKIR = re.compile(r"[ҙҡғҫҠҒҘҪ]")
LISTING_MIN_ITEMS = 5
LINK_DENSE = 0.5  # share of a body's text inside links above which it may be a list, not an article


class GenericPage:
    """Any site: selectors when the registry gives them, structured data and trafilatura otherwise."""

    name = "generic"
    selectors = Selectors()
    lead_selector: str | None = None
    updated_selector: str | None = None
    tags_selector: str | None = None
    attachments_selector: str | None = None

    def effective_selectors(self, source: Source) -> Selectors:
        return source.selectors.merged_over(self.selectors)

    # --- article -------------------------------------------------------------------------------
    def extract(self, url: str, html: str, source: Source) -> RawRelease:
        page = parse_html(html, url)
        selectors = self.effective_selectors(source)
        methods: dict[str, str] = {}
        title = _take(methods, "title", self.title(page, selectors))
        body_html, body_nodes = self.body(page, html, url, selectors, methods)
        date_text = _take(methods, "date", self.date(page, selectors, title))
        updated_text = _take(methods, "updated", self.updated(page))
        lead = _take(methods, "lead", self.lead(page, body_nodes))
        tags = _take(methods, "tags", self.tags(page)) or ()
        lang = _take(methods, "language", self.language(page, body_nodes))
        attachments = self.attachments(page, url, body_nodes, methods)
        images = self.images(page, url, body_nodes, methods)
        return RawRelease(
            url=url,
            title=title,
            date_text=date_text,
            date_method=methods.get("date"),
            updated_text=updated_text,
            body_html=body_html,
            lead=lead,
            canonical_url=canonical_link(page, url),
            images=images,
            attachments=attachments,
            tags=tags,
            language=lang,
            page_kind=self.page_kind(page, url, source, body_nodes, methods.get("body")),
            methods=methods,
        )

    def title(self, page: Selector, selectors: Selectors) -> tuple[str, str] | None:
        if text := first_text(page, selectors.title):
            return text, "selector"
        if text := jsonld_value(page, "headline"):
            return text, "jsonld"
        headings = [h for h in page.css("h1") if not in_non_content(h)]
        heading = node_text(headings[0]) if len(headings) == 1 else ""
        if text := meta_content(page, *TITLE_META):
            if heading and text != heading and text.startswith(heading) and _SITE_SUFFIX.search(text):
                return heading, "h1"
            return text, "meta"
        if heading:
            return heading, "h1"
        if text := page_title_tag(page):
            return text, "title_tag"
        return None

    def date(self, page: Selector, selectors: Selectors, title: str | None) -> tuple[str, str] | None:
        if text := first_text(page, selectors.date, DATE_ATTRIBUTES):
            return text, "selector"
        if found := published_from_metadata(page):
            return found
        if text := date_near_title(page, title):
            return text, "text"
        return None

    def updated(self, page: Selector) -> tuple[str, str] | None:
        if self.updated_selector and (text := first_text(page, self.updated_selector, DATE_ATTRIBUTES)):
            return text, "selector"
        if found := updated_from_metadata(page):
            return found
        for node in page.xpath(_UPDATED_XPATH):
            text = node_text(node)
            if len(text) <= 80 and _UPDATED_LABEL.match(text) and not in_non_content(node):
                return text, "text"
        return None

    def body(
        self, page: Selector, html: str, url: str, selectors: Selectors, methods: dict[str, str]
    ) -> tuple[str | None, list[Selector]]:
        """The body HTML and the nodes it came from (for images, attachments and the lead)."""
        if selectors.body and (nodes := list(css(page, selectors.body))):
            methods["body"] = "selector"
            return nodes[0].get(), nodes[:1]
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
        if extracted and (fragment := _trafilatura_body(extracted)):
            methods["body"] = "trafilatura"
            return fragment, [parse_html(fragment, url)]
        if (node := densest_block(page)) is not None:
            methods["body"] = "text_blocks"
            return node.get(), [node]
        return None, []

    def lead(self, page: Selector, body_nodes: list[Selector]) -> tuple[str, str] | None:
        if self.lead_selector and (text := first_text(page, self.lead_selector)):
            return text, "selector"
        for node in body_nodes:
            for paragraph in node.xpath(".//p"):
                if len(text := node_text(paragraph)) >= 40:
                    return text, "first_paragraph"
        if body_nodes and not body_nodes[0].xpath(".//p"):  # <br><br> between paragraphs
            for block in html_to_text(remove_boilerplate(body_nodes[0].get())).split("\n\n"):
                if len(block) >= 40:
                    return block, "first_paragraph"
        if text := meta_content(page, *DESCRIPTION_META):
            return text, "meta"
        return None

    def tags(self, page: Selector) -> tuple[tuple[str, ...], str] | None:
        if self.tags_selector and (found := _texts(css(page, self.tags_selector))):
            return found, "selector"
        if found := _texts(page.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")):
            return found, "rel_tag"
        if metadata := tags_from_metadata(page):
            return metadata
        if found := _texts([node for node in page.css(TAG_CLASSES) if not in_non_content(node)]):
            return found, "class"
        return None

    def language(self, page: Selector, body_nodes: list[Selector]) -> tuple[str, str] | None:
        if found := language(page):
            return found
        text = " ".join(node_text(node) for node in body_nodes)[:5000]
        if code := text_language(text):
            return code, "text"
        return None

    def attachments(
        self, page: Selector, url: str, body_nodes: list[Selector], methods: dict[str, str]
    ) -> tuple[Attachment, ...]:
        nodes = list(css(page, self.attachments_selector)) if self.attachments_selector else []
        found = attachments_in(nodes + body_nodes, url)
        if found:
            methods["attachments"] = "selector" if nodes else "body"
            return found
        content = [  # document-looking links only, then the content checks
            node for node in document_links(page) if not in_non_content(node) and not side_block(node)
        ]
        found = attachments_in(content, url)
        if found:
            methods["attachments"] = "content"
        return found

    def images(
        self, page: Selector, url: str, body_nodes: list[Selector], methods: dict[str, str]
    ) -> tuple[str, ...]:
        cover = cover_image(page, url)
        found = tuple(dict.fromkeys(((cover,) if cover else ()) + images_in(body_nodes, url)))
        if found:
            methods["images"] = "meta+body" if cover else "body"
        return found

    def page_kind(
        self, page: Selector, url: str, source: Source, body_nodes: list[Selector], body_method: str | None
    ) -> str:
        """ "listing" when the page is a list of dated release links rather than one release: at least
        LISTING_MIN_ITEMS dated items found by structure, and (when there is a body) most of their
        titles or dates inside it. A selector-matched body with few links is an article without more ado."""
        if body_nodes and body_method == "selector" and link_density(body_nodes[0]) < LINK_DENSE:
            return "article"
        links = listing_by_heuristic(url, page, allowed_domains(source, url))
        dated = [link for link in links if link.date_text and link.title]
        if len(dated) < LISTING_MIN_ITEMS:
            return "article"
        if not body_nodes:
            return "listing"
        body = node_text(body_nodes[0]).lower()
        # an extracted "body" made of the list's titles, or of its dates and teasers
        inside = sum(
            1
            for link in dated
            if (link.title or "").lower()[:60] in body or (link.date_text or "").lower() in body
        )
        return "listing" if inside * 2 >= len(dated) else "article"

    # --- listing -------------------------------------------------------------------------------
    def listing(self, url: str, html: str, source: Source) -> Listing:
        page = parse_html(html, url)
        selectors = self.effective_selectors(source)
        domains = allowed_domains(source, url)
        links: tuple[ListingLink, ...] = ()
        if selectors.item:
            links = listing_by_selectors(url, page, source, selectors).links
            method = "selectors"
        if not links:  # no selectors, or the platform's defaults do not fit this site
            links = listing_by_heuristic(url, page, domains)
            method = "heuristic"
        following = find_next_page(url, page, domains, selectors.next_page)
        return Listing(
            links=links,
            next_page=following.url if following else None,
            next_method=following.method if following else None,
            feeds=autodiscover(url, page),
            links_method=method,
        )


def _take(methods: dict[str, str], name: str, found: tuple[T, str] | None) -> T | None:
    """The value of a cascade step's (value, method), recording the method under `name`."""
    if found is None:
        return None
    value, methods[name] = found
    return value


def _texts(nodes: Iterable[Selector]) -> tuple[str, ...]:
    found = [node_text(node) for node in nodes]
    return tuple(dict.fromkeys(text for text in found if text and len(text) <= 80))


def _trafilatura_body(extracted: str) -> str:
    """The inner HTML of trafilatura's <body>, without the <h1> title it repeats."""
    body = Selector(text=extracted).css("body")
    if not body:
        return extracted
    return "".join(node.get() for node in body[0].xpath("./node()[not(self::h1)]")).strip()


def document_links(page: Selector) -> list[Selector]:
    """<a> elements whose href ends like a document (or that carry `download`), in page order."""
    root = page.root
    if not isinstance(root, etree._Element):
        return []
    return [
        Selector(root=element)
        for element in root.iter("a")
        if element.get("download") is not None or _DOCUMENT_HREF.search(element.get("href") or "")
    ]


def link_density(node: Selector) -> float:
    """The share of a node's text that sits inside links."""
    total = len(node_text(node))
    if not total:
        return 1.0
    linked = sum(len(node_text(anchor)) for anchor in node.xpath(".//a"))
    return linked / total


def densest_block(page: Selector) -> Selector | None:
    """The content element with the most text in its direct <p> children (a last-resort body)."""
    best: tuple[int, Selector] | None = None
    for node in page.xpath("//body//*[p]"):
        if in_non_content(node) or side_block(node):
            continue
        size = sum(len(node_text(p)) for p in node.xpath("./p"))
        if size and (best is None or size > best[0]):
            best = (size, node)
    return best[1] if best and best[0] >= 200 else None


_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")


def text_language(text: str) -> str | None:
    """ "ru" for Cyrillic text ("tt"/"ba" when Tatar or Bashkir letters show), "en" for Latin; else None."""
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic + latin < 20:
        return None
    if cyrillic >= latin:
        if len(_TATAR.findall(text)) * 200 > cyrillic:
            return "tt"
        if len(_BASHKIR.findall(text)) * 200 > cyrillic:
            return "ba"
        return "ru"
    return "en"


__all__ = ["GenericPage", "text_language"]
