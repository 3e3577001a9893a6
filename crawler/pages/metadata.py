"""Structured metadata of an article page: JSON-LD, OpenGraph/article:*, Dublin Core, RDFa, <time>, lang.

Each function returns (value, method) or None, so the page object can record how a field was found.
Pure functions on parsel selectors; no Scrapy import.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from parsel import Selector

from crawler.normalise.urls import absolute_url
from crawler.pages.common import clean_text, in_non_content, meta_content

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "blogposting", "reportagenews", "pressrelease", "analysisnewsarticle",
     "report", "webpage"}
)  # fmt: skip
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "date",
)
UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "dateModified",
    "dcterms.modified",
    "dc.date.modified",
)
TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title")
DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")
TAG_META = ("article:tag",)
SECTION_META = ("article:section",)

_RDFA_PUBLISHED = (
    "//*[@itemprop='datePublished' or contains(concat(' ', normalize-space(@property), ' '), ' dc:date ')"
    " or contains(concat(' ', normalize-space(@property), ' '), ' dc:created ')"
    " or contains(concat(' ', normalize-space(@property), ' '), ' dcterms:created ')]"
)
_RDFA_MODIFIED = "//*[@itemprop='dateModified' or contains(@property, 'dc:modified')]"
_HAS_JSONLD = etree.XPath("boolean(//script[@type='application/ld+json'])")
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_].*)?$", re.IGNORECASE)


def jsonld_objects(page: Selector) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page (lists and @graph unfolded); bad JSON is skipped."""
    for script in page.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(script)
        except ValueError:
            logger.debug("skipping unparseable JSON-LD block")
            continue
        stack: list[Any] = [data]
        while stack:
            current = stack.pop(0)
            if isinstance(current, list):
                stack.extend(current)
            elif isinstance(current, dict):
                graph = current.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
                yield current


def _types(item: dict[str, Any]) -> set[str]:
    kinds = item.get("@type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {kind.lower() for kind in kinds if isinstance(kind, str)}


@functools.lru_cache(maxsize=4)
def jsonld_articles(page: Selector) -> list[dict[str, Any]]:
    """JSON-LD objects of an article type; a NewsArticle before a plain WebPage (cached per page)."""
    if not isinstance(page.root, etree._Element) or not _HAS_JSONLD(page.root):
        return []
    found = [item for item in jsonld_objects(page) if _types(item) & ARTICLE_TYPES]
    return sorted(found, key=lambda item: "webpage" in _types(item))


def jsonld_value(page: Selector, key: str) -> str | None:
    """The first non-empty string (or the name of an object) under `key` in an article object."""
    for article in jsonld_articles(page):
        value = article.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("url") or value.get("@id")
        if isinstance(value, list) and value and isinstance(value[0], str):
            value = value[0]
        if isinstance(value, str) and clean_text(value):
            return clean_text(value)
    return None


def jsonld_strings(page: Selector, key: str) -> tuple[str, ...]:
    """A list-or-comma-string JSON-LD value (keywords, articleSection) as separate strings."""
    for article in jsonld_articles(page):
        value = article.get(key)
        if isinstance(value, str):
            parts = [clean_text(part) for part in value.split(",")]
        elif isinstance(value, list):
            parts = [clean_text(part) for part in value if isinstance(part, str)]
        else:
            continue
        if parts := [part for part in parts if part]:
            return tuple(parts)
    return ()


def _time_text(node: Selector) -> str:
    return clean_text(node.attrib.get("datetime")) or clean_text(" ".join(node.css("::text").getall()))


def published_from_metadata(page: Selector) -> tuple[str, str] | None:
    """The publication date from JSON-LD, meta tags, RDFa/microdata, or a <time> in the content."""
    if text := jsonld_value(page, "datePublished") or jsonld_value(page, "dateCreated"):
        return text, "jsonld"
    if text := meta_content(page, *DATE_META):
        return text, "meta"
    for node in page.xpath(_RDFA_PUBLISHED):
        value = node.attrib.get("content") or node.attrib.get("datetime") or node_plain(node)
        if clean_text(value) and not in_non_content(node):
            return clean_text(value), "meta"
    times = [node for node in page.css("time") if not in_non_content(node)]
    # prefer a <time> marked as the publication; skip one marked only as the update
    marked = [node for node in times if "published" in (node.attrib.get("class") or "")]
    for node in marked + [node for node in times if not _is_updated_time(node)]:
        if text := _time_text(node):
            return text, "time_element"
    return None


def updated_from_metadata(page: Selector) -> tuple[str, str] | None:
    """An update stamp from JSON-LD dateModified, meta tags, microdata or <time class=updated>."""
    if text := jsonld_value(page, "dateModified"):
        return text, "jsonld"
    if text := meta_content(page, *UPDATED_META):
        return text, "meta"
    for node in page.xpath(_RDFA_MODIFIED):
        value = node.attrib.get("content") or node.attrib.get("datetime") or node_plain(node)
        if clean_text(value):
            return clean_text(value), "meta"
    for node in page.css("time.updated"):
        if "published" not in (node.attrib.get("class") or "") and (text := _time_text(node)):
            return text, "time_element"
    return None


def _is_updated_time(node: Selector) -> bool:
    classes = node.attrib.get("class") or ""
    return ("updated" in classes and "published" not in classes) or node.attrib.get(
        "itemprop"
    ) == "dateModified"


def node_plain(node: Selector) -> str:
    return clean_text(" ".join(node.css("::text").getall()))


def language(page: Selector) -> tuple[str, str] | None:
    """ISO 639 code from <html lang>, xml:lang, Content-Language or og:locale."""
    root = page.root
    if not isinstance(root, etree._Element):
        return None
    html = root if root.tag == "html" else root.find("html")
    attributes = (html.get("lang"), html.get(f"{{{_XML_NS}}}lang")) if html is not None else ()
    for value, method in [(value, "html_lang") for value in attributes] + [
        (meta_content(page, "content-language", "og:locale", "dc.language", "language"), "meta")
    ]:
        if value and (match := _LANG.match(value.strip())):
            return match.group(1).lower(), method
    return None


def cover_image(page: Selector, url: str) -> str | None:
    """og:image, else the JSON-LD image, as an absolute URL."""
    value = meta_content(page, "og:image", "og:image:url", "twitter:image") or jsonld_value(page, "image")
    return absolute_url(url, value) if value else None


def tags_from_metadata(page: Selector) -> tuple[tuple[str, ...], str] | None:
    """article:tag / article:section meta, else JSON-LD keywords and articleSection."""
    tags = [clean_text(value) for value in page.xpath("//meta[@property='article:tag']/@content").getall()]
    tags += [
        clean_text(value) for value in page.xpath("//meta[@property='article:section']/@content").getall()
    ]
    if tags := [tag for tag in tags if tag]:
        return tuple(dict.fromkeys(tags)), "meta"
    found = jsonld_strings(page, "keywords") + jsonld_strings(page, "articleSection")
    if found:
        return tuple(dict.fromkeys(found)), "jsonld"
    return None
