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
_TATAR_OR_BASHKIR = re.compile(r"[әөүҗңһӘӨҮҖҢҺҙҡғҫҠҒҘҪ]")
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


# In windows-1251, [а-яёА-ЯЁ] are exactly the bytes 0xC0-0xFF, 0xA8 and 0xB8, and [a-zA-Z] the ASCII
# letters: counting those bytes counts the letters, in C. Tatar and Bashkir letters are not in it.
_CP1251_CYRILLIC = bytes(range(0xC0, 0x100)) + b"\xa8\xb8"
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def text_language(text: str) -> str | None:
    """ "ru" for Cyrillic text ("tt"/"ba" when Tatar or Bashkir letters show), "en" for Latin; else None."""
    try:
        encoded = text.encode("cp1251")
    except UnicodeEncodeError:  # a character windows-1251 lacks: count with the regexes
        pass
    else:  # no Tatar or Bashkir letter in it
        cyrillic = len(encoded) - len(encoded.translate(None, _CP1251_CYRILLIC))
        latin = len(encoded) - len(encoded.translate(None, _ASCII_LETTERS))
        if cyrillic + latin < 20:
            return None
        return "ru" if cyrillic >= latin else "en"
    cyrillic, latin = sum(map(len, _CYRILLIC.findall(text))), len(_LATIN.findall(text))
    if cyrillic + latin < 20:
        return None
    if cyrillic >= latin:
        if not _TATAR_OR_BASHKIR.search(text):  # one scan for the common case: neither
            return "ru"
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
