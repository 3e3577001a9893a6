"""Helpers shared by page objects: parsing, selector text, links, metadata, listings by selectors.

Pure functions on parsel selectors; no Scrapy import.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from parsel import Selector, SelectorList

from crawler.normalise.bodies import collapse_whitespace
from crawler.normalise.urls import absolute_url, host_in_domains, url_host
from crawler.pages.base import ListingLink
from crawler.pages.cssmatch import css, css_elements
from crawler.pages.tree import PageTree
from crawler.pages.tree import parse_html as parse_html  # re-exported: discovery and verdict use it
from crawler.registry.sources import Selectors, Source

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u200b\ufeff]+")


_ZERO_WIDTH_AS_SPACE = str.maketrans({"\u200b": " ", "\ufeff": " "})


def clean_text(text: str | None) -> str:
    """Whitespace runs (NBSP included) collapsed to one space, trimmed.

    The same as `_SPACES.sub(" ", text).strip()`: regex \\s is str.isspace(), which str.split()
    splits on; only the zero-width space and the BOM need turning into spaces first.
    """
    if not text:
        return ""
    if "\u200b" in text or "\ufeff" in text:
        text = text.translate(_ZERO_WIDTH_AS_SPACE)
    return collapse_whitespace(text)


def _hidden(element: Any, skip: set[Any] | frozenset[Any]) -> bool:
    tag = element.tag if isinstance(element.tag, str) else None
    return element in skip or tag is None or tag in ("script", "style", "template")


def _texts(element: Any, skip: set[Any] | frozenset[Any]) -> Iterator[str]:
    """The element's text nodes in page order, leaving out `skip` and scripts, styles, templates,
    comments (a skipped child's tail is kept). A loop with its own stack, not recursion: a page of
    5,000 nested elements must not exhaust Python's."""
    if _hidden(element, skip):
        return
    if element.text:
        yield element.text
    children = [iter(element)]
    tails: list[str | None] = [None]  # the tail to give once the matching children are done
    while children:
        child = next(children[-1], None)
        if child is None:
            children.pop()
            tail = tails.pop()
            if tail:
                yield tail
        elif _hidden(child, skip):
            if child.tail:
                yield child.tail
        else:
            if child.text:
                yield child.text
            children.append(iter(child))
            tails.append(child.tail)


_SKIPPED_TEXT = ("script", "style", "template", etree.Entity)
_DESCENDANT_TEXT = etree.XPath("descendant-or-self::text()", smart_strings=False)


def nothing_skipped(element: Any) -> bool:
    """True for an element with no script, style, template or entity in it: `_texts` then yields
    exactly its text nodes in page order (lxml's itertext, or descendant-or-self::text())."""
    return (
        isinstance(element, etree._Element)
        and isinstance(element.tag, str)
        and next(element.iter(*_SKIPPED_TEXT), None) is None
    )


# The text nodes `_texts` keeps when the element has scripts, styles or templates inside: those
# under such an element are left out (entity references are no text nodes in either).
_VISIBLE_TEXT = etree.XPath(
    "descendant-or-self::text()[not(ancestor::script or ancestor::style or ancestor::template)]",
    smart_strings=False,
)


def text_pieces(element: Any) -> list[str] | None:
    """The texts `_texts` yields, from one XPath in C, when nothing_skipped(element); else None."""
    return _DESCENDANT_TEXT(element) if nothing_skipped(element) else None  # type: ignore[no-any-return]


def visible_pieces(element: Any) -> list[str] | None:
    """The texts `_texts` yields, from one XPath in C, for any element that is not itself inside a
    script, style or template (the XPath's ancestor test would look above it); else None."""
    if not isinstance(element, etree._Element) or not isinstance(element.tag, str):
        return None
    if next(element.iterancestors("script", "style", "template"), None) is not None:
        return None
    return _VISIBLE_TEXT(element)  # type: ignore[no-any-return]


def element_text(element: Any, exclude: frozenset[Any] = frozenset()) -> str:
    """`node_text` for an lxml element (a string, as parsel's ::text gives, is cleaned as it is)."""
    if not isinstance(element, etree._Element):
        return clean_text(str(element))
    if len(element) > 4 and not exclude:  # a big subtree: its text nodes from one XPath in C
        pieces = text_pieces(element)
        if pieces is None:
            pieces = visible_pieces(element)
        if pieces is not None:
            return clean_text(" ".join(pieces))
    return clean_text(" ".join(_texts(element, exclude)))


def node_text(node: Selector, exclude: tuple[Selector, ...] = ()) -> str:
    """All text inside one element (scripts, styles and the `exclude` subtrees left out), cleaned."""
    return element_text(node.root, frozenset(item.root for item in exclude))


def plain_text(element: Any) -> str:
    """Every text node under an element joined by spaces, cleaned: parsel's `css("::text")` joined."""
    if not isinstance(element, etree._Element):
        return clean_text(str(element))
    return clean_text(" ".join(_DESCENDANT_TEXT(element)))


def outer_html(tree: PageTree, element: Any) -> str:
    """An element's HTML as parsel's `get()` gives it (a string result as it is)."""
    if not isinstance(element, etree._Element):
        return str(element)
    method = "html" if tree.type == "html" else "xml"
    return etree.tostring(element, method=method, encoding="unicode", with_tail=False)


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


def first_text_in(tree: PageTree, query: str | None, attributes: tuple[str, ...] = ()) -> str | None:
    """`first_text` on a whole page, with the page's compiled selectors."""
    for element in tree.select(query):
        if attributes and isinstance(element, etree._Element):
            for name in attributes:
                if value := clean_text(element.get(name)):
                    return value
        if text := element_text(element):
            return text
    return None


def first_html(node: Selector, query: str | None) -> str | None:
    """The outer HTML of the first element `query` matches."""
    if not query:
        return None
    matched = css(node, query)
    return matched[0].get() if matched else None


def meta_values(root: Any, metas: list[tuple[Any, dict[str, str]]] | None = None) -> dict[str, str]:
    """Every <meta property|name|itemprop|http-equiv=K content=V>: lower-cased K -> first non-empty V.

    Built once per page instead of one XPath per name (`metas`: PageTree.meta_attributes()).
    """
    found: dict[str, str] = {}
    if not isinstance(root, etree._Element):
        return found
    if metas is None:
        metas = [(meta, dict(meta.items())) for meta in root.iter("meta")]
    for _, attributes in metas:
        value = clean_text(attributes.get("content"))
        if not value:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            for key in (attributes.get(attribute) or "").lower().split():
                found.setdefault(key, value)
    return found


@functools.lru_cache(maxsize=4)
def meta_map(page: Selector) -> dict[str, str]:
    """`meta_values` of a parsel page (cached for the few pages in flight)."""
    return meta_values(page.root)


def tree_meta_map(tree: PageTree) -> dict[str, str]:
    """`meta_values` of a PageTree, computed once per page."""
    if (found := tree.memo.get("meta")) is None:
        found = tree.memo["meta"] = meta_values(tree.root, tree.meta_attributes())
    return found


def _first_value(values: dict[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        if value := values.get(name.lower()):
            return value
    return None


def meta_content(page: Selector, *names: str) -> str | None:
    """The first non-empty content of <meta property|name|itemprop=NAME> (case-insensitive names)."""
    return _first_value(meta_map(page), names)


def tree_meta(tree: PageTree, *names: str) -> str | None:
    """`meta_content` on a PageTree."""
    return _first_value(tree_meta_map(tree), names)


_TITLE_TEXT = etree.XPath("//title//text()", smart_strings=False)


def canonical_link(tree: PageTree, url: str) -> str | None:
    """<link rel=canonical>, else og:url, as an absolute URL."""
    href = None
    if tree.is_tree:  # //link[@rel='canonical']/@href
        href = next(
            (
                value
                for link in tree.root.iter("link")
                if link.get("rel") == "canonical" and (value := link.get("href")) is not None
            ),
            None,
        )
    return tree.resolver(url)(href or tree_meta(tree, "og:url"))


def _title_tag_text(title: str | None) -> str | None:
    title = clean_text(title)
    if not title:
        return None
    return clean_text(re.split(r"\s+[|–—]\s+", title)[0]) or title


def page_title_tag(page: Selector) -> str | None:
    """The <title> text without a trailing " | Site name" part."""
    return _title_tag_text(page.xpath("//title//text()").get())


def tree_title_tag(tree: PageTree, split: bool = True) -> str | None:
    """`page_title_tag` on a PageTree; with split=False the whole <title>, cleaned."""
    found = _TITLE_TEXT(tree.root) if tree.is_tree else []
    if not split:
        return clean_text(found[0] if found else None) or None
    return _title_tag_text(found[0] if found else None)


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


_CONTENT_TAGS = ("article", "main")


def element_in_non_content(element: Any) -> bool:
    """`in_non_content` for an lxml element (False for a string): _NON_CONTENT_XPATH walked in
    Python, several times cheaper than libxml2's ancestor axis with predicates."""
    if not isinstance(element, etree._Element):
        return False
    chain = [element, *element.iterancestors()]
    for position, node in enumerate(chain):
        tag = node.tag
        if tag == "nav" or tag == "aside":
            return True
        if (tag == "header" or tag == "footer") and not any(
            above.tag in _CONTENT_TAGS for above in chain[position + 1 :]
        ):
            return True
        if node.get("role") in ("navigation", "complementary"):
            return True
    return False


def in_non_content(node: Selector) -> bool:
    """True inside nav/aside or a page-level header/footer (menus, today-stamps, sidebars).

    A header/footer inside <article> or <main> (a teaser's entry header) is content.
    """
    return element_in_non_content(node.root)


def allowed_domains(source: Source, listing_url: str) -> tuple[str, ...]:
    return source.allowed_domains or (url_host(listing_url),)


def link_allowed(link: str, domains: tuple[str, ...]) -> bool:
    return host_in_domains(url_host(link), domains)


_ANCHORS = etree.XPath("descendant-or-self::a[@href]")
_NEAREST_ANCHOR = etree.XPath("ancestor-or-self::a[@href][1] | descendant::a[@href][1]")


def item_anchor(item: Any, link_query: str | None) -> Any | None:
    """The article <a> of a listing item: the link selector's first match with an href (None if
    none has one). A match that is not an <a> counts through its nearest <a> ancestor or first <a>
    descendant."""
    if not isinstance(item, etree._Element):
        return None
    candidates = css_elements(item, link_query) if link_query else _ANCHORS(item)
    for candidate in candidates:
        if not isinstance(candidate, etree._Element):
            continue
        anchor = _NEAREST_ANCHOR(candidate)
        if anchor:
            return anchor[0]
    return None


def links_by_selectors(
    url: str, tree: PageTree, source: Source, selectors: Selectors
) -> tuple[ListingLink, ...]:
    """The links of the items `selectors.item` matches, with their titles and dates.

    Items inside nav/aside or the page header/footer are skipped: a sidebar of "other news" often
    reuses the list's own markup. Read on lxml elements: the items from the page's index
    (PageTree.select), each item's queries compiled once (cssmatch.css_elements).
    """
    domains = allowed_domains(source, url)
    links: dict[str, ListingLink] = {}
    for item in tree.select(selectors.item):
        if element_in_non_content(item):
            continue
        anchor = item_anchor(item, selectors.link)
        if anchor is None:
            continue
        href = absolute_url(url, anchor.get("href"))
        if href is None or href in links or not link_allowed(href, domains):
            continue
        date_nodes = tuple(css_elements(item, selectors.list_date)) if selectors.list_date else ()
        date_text = clean_text(" ".join(element_text(node) for node in date_nodes)) or None
        title = element_text(anchor, frozenset(date_nodes)) or None
        links[href] = ListingLink(url=href, title=title, date_text=date_text)
    return tuple(links.values())
