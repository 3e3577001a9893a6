"""Where an article's content is when no selector says: trafilatura's body, the densest block of
paragraphs, document links in the content; link density and the language of a text.

Functions on lxml elements of a crawler.pages.tree.PageTree; no Scrapy import.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import etree
from parsel import Selector

from crawler.discovery.listing import side_block
from crawler.pages.assets import DOCUMENT_KINDS
from crawler.pages.common import clean_text, element_in_non_content, element_text, nothing_skipped
from crawler.pages.tree import PageTree

logger = logging.getLogger(__name__)

_DOCUMENT_HREF = re.compile(r"\.(?:" + "|".join(sorted(DOCUMENT_KINDS)) + r")(?:$|[?#])", re.IGNORECASE)
_BLOCKS_WITH_PARAGRAPHS = etree.XPath("//body//*[p]")
_TATAR = re.compile(r"[әөүҗңһӘӨҮҖҢҺ]")
_BASHKIR = re.compile(r"[ҙҡғҫҠҒҘҪ]")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]+")  # runs: fewer matches to count than single letters
_LATIN = re.compile(r"[a-zA-Z]")


def trafilatura_body(extracted: str) -> str:
    """The inner HTML of trafilatura's <body>, without the <h1> title it repeats."""
    body = Selector(text=extracted).css("body")
    if not body:
        return extracted
    return "".join(node.get() for node in body[0].xpath("./node()[not(self::h1)]")).strip()


def in_side_block(tree: PageTree, element: Any) -> bool:
    """crawler.discovery.listing.side_block for an element of the tree."""
    return side_block(tree.wrap(element))


def document_links(tree: PageTree) -> list[Any]:
    """<a> elements whose href ends like a document (or that carry `download`), in page order."""
    if not tree.is_tree:
        return []
    return [
        element
        for element in tree.root.iter("a")
        if element.get("download") is not None or _DOCUMENT_HREF.search(element.get("href") or "")
    ]


def below_link_density(element: Any, limit: float) -> bool:
    """link_density(element) < limit, deciding early when it can: element_text(element) is at
    least the sum of its text nodes' cleaned lengths (words of different nodes stay apart), so
    once that sum passes linked / limit the answer is known without cleaning the whole text."""
    if not nothing_skipped(element):
        return link_density(element) < limit
    enough = sum(len(element_text(anchor)) for anchor in element.iterdescendants("a")) / limit
    total = 0
    for piece in element.itertext():  # lazily: the first paragraphs usually decide
        total += len(clean_text(piece))
        if total > enough:
            return True
    return link_density(element) < limit


def link_density(element: Any) -> float:
    """The share of an element's text that sits inside links."""
    total = len(element_text(element))
    if not total:
        return 1.0
    if not isinstance(element, etree._Element):
        return 0.0
    linked = sum(len(element_text(anchor)) for anchor in element.iterdescendants("a"))
    return linked / total


def densest_block(tree: PageTree) -> Any | None:
    """The content element with the most text in its direct <p> children (a last-resort body)."""
    if not tree.is_tree:
        return None
    best: tuple[int, Any] | None = None
    for node in _BLOCKS_WITH_PARAGRAPHS(tree.root):
        if element_in_non_content(node) or in_side_block(tree, node):
            continue
        size = sum(len(element_text(p)) for p in node.iterchildren("p"))
        if size and (best is None or size > best[0]):
            best = (size, node)
    return best[1] if best and best[0] >= 200 else None


def text_language(text: str) -> str | None:
    """ "ru" for Cyrillic text ("tt"/"ba" when Tatar or Bashkir letters show), "en" for Latin; else None."""
    cyrillic, latin = sum(map(len, _CYRILLIC.findall(text))), len(_LATIN.findall(text))
    if cyrillic + latin < 20:
        return None
    if cyrillic >= latin:
        if len(_TATAR.findall(text)) * 200 > cyrillic:
            return "tt"
        if len(_BASHKIR.findall(text)) * 200 > cyrillic:
            return "ba"
        return "ru"
    return "en"


__all__ = [
    "below_link_density",
    "densest_block",
    "document_links",
    "in_side_block",
    "link_density",
    "text_language",
    "trafilatura_body",
]
