"""Structured metadata of an article page: JSON-LD, OpenGraph/article:*, Dublin Core, RDFa, <time>, lang.

Each function returns (value, method) or None, so the page object can record how a field was found.
Pure functions on a parsed page (crawler.pages.tree.PageTree); no Scrapy import.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from crawler.pages.common import clean_text, element_in_non_content, plain_text, tree_meta
from crawler.pages.cssmatch import split_tokens
from crawler.pages.tree import ASCII_REFERENCE, PageTree

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

_PUBLISHED_PROPERTIES = ("dc:date", "dc:created", "dcterms:created")
_MODIFIED_WORDS = (b"dateModified", b"dc:modified")  # what _is_modified_rdfa looks for
_JSONLD_TEXT = etree.XPath("//script[@type='application/ld+json']/text()", smart_strings=False)
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_].*)?$", re.IGNORECASE)


def jsonld_objects(root: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page under `root` (lists and @graph unfolded); bad JSON, and JSON
    nested deeper than the parser's recursion allows (a hostile page), is skipped."""
    for script in _JSONLD_TEXT(root):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
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


def jsonld_articles(tree: PageTree) -> list[dict[str, Any]]:
    """JSON-LD objects of an article type; a NewsArticle before a plain WebPage (once per page)."""
    if (found := tree.memo.get("jsonld")) is not None:
        return found  # type: ignore[no-any-return]
    found = []
    if tree.is_tree and any(  # boolean(//script[@type='application/ld+json'])
        script.get("type") == "application/ld+json" for script in tree.root.iter("script")
    ):
        found = [item for item in jsonld_objects(tree.root) if _types(item) & ARTICLE_TYPES]
        found.sort(key=lambda item: "webpage" in _types(item))
    tree.memo["jsonld"] = found
    return found


def jsonld_value(tree: PageTree, key: str) -> str | None:
    """The first non-empty string (or the name of an object) under `key` in an article object."""
    for article in jsonld_articles(tree):
        value = article.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("url") or value.get("@id")
        if isinstance(value, list) and value and isinstance(value[0], str):
            value = value[0]
        if isinstance(value, str) and clean_text(value):
            return clean_text(value)
    return None


def jsonld_strings(tree: PageTree, key: str) -> tuple[str, ...]:
    """A list-or-comma-string JSON-LD value (keywords, articleSection) as separate strings."""
    for article in jsonld_articles(tree):
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


def _time_text(node: Any) -> str:
    return clean_text(node.get("datetime")) or plain_text(node)


def _is_published_rdfa(element: Any) -> bool:
    """@itemprop='datePublished', or a dc:date / dc:created / dcterms:created @property word."""
    if element.get("itemprop") == "datePublished":
        return True
    words = split_tokens(element.get("property") or "")
    return any(name in words for name in _PUBLISHED_PROPERTIES)


def _is_modified_rdfa(element: Any) -> bool:
    return element.get("itemprop") == "dateModified" or "dc:modified" in (element.get("property") or "")


def _rdfa_value(element: Any) -> str:
    return clean_text(element.get("content") or element.get("datetime") or plain_text(element))


def published_from_metadata(tree: PageTree) -> tuple[str, str] | None:
    """The publication date from JSON-LD, meta tags, RDFa/microdata, or a <time> in the content."""
    if text := jsonld_value(tree, "datePublished") or jsonld_value(tree, "dateCreated"):
        return text, "jsonld"
    if text := tree_meta(tree, *DATE_META):
        return text, "meta"
    for node in tree.attributed():
        if _is_published_rdfa(node) and (value := _rdfa_value(node)) and not element_in_non_content(node):
            return value, "meta"
    times = [node for node in tree.select("time") if not element_in_non_content(node)]
    # prefer a <time> marked as the publication; skip one marked only as the update
    marked = [node for node in times if "published" in (node.get("class") or "")]
    for node in marked + [node for node in times if not _is_updated_time(node)]:
        if text := _time_text(node):
            return text, "time_element"
    return None


def updated_from_metadata(tree: PageTree) -> tuple[str, str] | None:
    """An update stamp from JSON-LD dateModified, meta tags, microdata or <time class=updated>."""
    if text := jsonld_value(tree, "dateModified"):
        return text, "jsonld"
    if text := tree_meta(tree, *UPDATED_META):
        return text, "meta"
    if tree.may_contain(_MODIFIED_WORDS, ASCII_REFERENCE):  # else no element can be RDFa-modified
        for node in tree.attributed():
            if _is_modified_rdfa(node) and (value := _rdfa_value(node)):
                return value, "meta"
    for node in tree.select("time.updated"):
        if "published" not in (node.get("class") or "") and (text := _time_text(node)):
            return text, "time_element"
    return None


def _is_updated_time(node: Any) -> bool:
    classes = node.get("class") or ""
    return ("updated" in classes and "published" not in classes) or node.get("itemprop") == "dateModified"


def language(tree: PageTree) -> tuple[str, str] | None:
    """ISO 639 code from <html lang>, xml:lang, Content-Language or og:locale."""
    root = tree.root
    if not isinstance(root, etree._Element):
        return None
    html = root if root.tag == "html" else root.find("html")
    attributes = (html.get("lang"), html.get(f"{{{_XML_NS}}}lang")) if html is not None else ()
    for value, method in [(value, "html_lang") for value in attributes] + [
        (tree_meta(tree, "content-language", "og:locale", "dc.language", "language"), "meta")
    ]:
        if value and (match := _LANG.match(value.strip())):
            return match.group(1).lower(), method
    return None


def cover_image(tree: PageTree, url: str) -> str | None:
    """og:image, else the JSON-LD image, as an absolute URL."""
    value = tree_meta(tree, "og:image", "og:image:url", "twitter:image") or jsonld_value(tree, "image")
    return tree.resolver(url)(value) if value else None


def _meta_property_values(tree: PageTree, name: str) -> list[str]:
    """//meta[@property=NAME]/@content, in page order."""
    return [
        value
        for _, attributes in tree.meta_attributes()
        if attributes.get("property") == name and (value := attributes.get("content")) is not None
    ]


def tags_from_metadata(tree: PageTree) -> tuple[tuple[str, ...], str] | None:
    """article:tag / article:section meta, else JSON-LD keywords and articleSection."""
    tags = [clean_text(value) for value in _meta_property_values(tree, "article:tag")]
    tags += [clean_text(value) for value in _meta_property_values(tree, "article:section")]
    if tags := [tag for tag in tags if tag]:
        return tuple(dict.fromkeys(tags)), "meta"
    found = jsonld_strings(tree, "keywords") + jsonld_strings(tree, "articleSection")
    if found:
        return tuple(dict.fromkeys(found)), "jsonld"
    return None
