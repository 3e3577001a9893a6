"""The release list of a listing page found by structure, when no selectors are configured.

As newsworker does: a release list is a run of repeated blocks that each hold one link and a date.
Every element whose own text looks like a date is climbed up to the largest ancestor that still
holds exactly one distinct link; blocks are grouped by their tag path, and groups of three or more
(else two) are kept. Menus, page headers and footers, sidebars and "other news" widgets are left out
(by element and by class/id words), and so are off-site links. Without any dated block, links that
go deeper into the listing's own path are taken instead (lists that show no dates).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from parsel import Selector

from crawler.discovery.pagination import page_number
from crawler.normalise.dates import looks_like_date
from crawler.normalise.urls import absolute_url, host_in_domains, url_host
from crawler.pages.base import ListingLink
from crawler.pages.common import in_non_content, node_text

logger = logging.getLogger(__name__)

MAX_CLIMB = 6  # levels from a date element up to its block
# class/id words of blocks that repeat other news beside the real list
SIDE_WORDS = re.compile(
    r"(?:^|[\s_-])(sidebar|aside|widget|other|popular|related|similar|recent|latest|also|banner|"
    r"menu|footer|header|slider|carousel)(?:$|[\s_-]|news)",
    re.IGNORECASE,
)
_SKIP_TAGS = frozenset({"script", "style", "title", "option", "head", "noscript"})


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


def side_block(node: Selector) -> bool:
    """True when the node or an ancestor is named like a sidebar, a widget or an "other news" block."""
    for element in node.root.iterancestors():
        words = f"{element.get('class', '')} {element.get('id', '')}"
        if words.strip() and SIDE_WORDS.search(words):
            return True
    return False


def _allowed(link: str, domains: tuple[str, ...]) -> bool:
    return not domains or host_in_domains(url_host(link), domains)


def _title(block: Selector, date_node: Selector | None) -> str | None:
    anchor = block.xpath("descendant-or-self::a[@href][normalize-space()][1]") or block.xpath(
        "descendant-or-self::a[@href][1]"
    )
    if not anchor:
        return None
    exclude = (date_node,) if date_node is not None else ()
    return node_text(anchor[0], exclude=exclude) or anchor[0].attrib.get("title") or None


def dated_blocks(
    url: str, page: Selector, domains: tuple[str, ...]
) -> list[list[tuple[int, ListingLink, bool]]]:
    """Groups of (position, link, in_side_block) with the same tag path, in page order."""
    groups: dict[tuple[str, ...], list[tuple[int, ListingLink, bool]]] = {}
    seen: set[str] = set()
    for position, date_node in enumerate(page.xpath("//body//*[text()[normalize-space()]]")):
        if date_node.root.tag in _SKIP_TAGS:
            continue
        if not any(looks_like_date(text) for text in date_node.xpath("text()").getall()):
            continue
        if in_non_content(date_node):
            continue
        found = _block_for_date(date_node, url)
        if found is None or found[1] in seen or not _allowed(found[1], domains):
            continue
        block, href = found
        seen.add(href)
        link = ListingLink(url=href, title=_title(block, date_node), date_text=node_text(date_node) or None)
        groups.setdefault(_tag_path(block), []).append((position, link, side_block(block)))
    return list(groups.values())


def listing_by_heuristic(url: str, page: Selector, domains: tuple[str, ...]) -> tuple[ListingLink, ...]:
    """The release links of a listing page with no configured selectors, in page order."""
    groups = dated_blocks(url, page, domains)
    main = [[entry for entry in group if not entry[2]] for group in groups]
    main = [group for group in main if group]
    chosen = main if any(len(group) >= 2 for group in main) else groups
    minimum = 3 if any(len(group) >= 3 for group in chosen) else 2
    kept = sorted(
        (position, link) for group in chosen if len(group) >= minimum for position, link, _ in group
    )
    if kept:
        return tuple(link for _, link in kept)
    return links_below_path(url, page, domains)


def links_below_path(url: str, page: Selector, domains: tuple[str, ...]) -> tuple[ListingLink, ...]:
    """Content links that go deeper into the listing's own path (lists without dates)."""
    base = urlsplit(url).path.rstrip("/") + "/"
    found: dict[str, ListingLink] = {}
    for anchor in page.xpath("//body//a[@href]"):
        href = absolute_url(url, anchor.attrib.get("href"))
        if not href or href in found or not _allowed(href, domains):
            continue
        path = urlsplit(href).path
        if not path.startswith(base) or path.rstrip("/") + "/" == base or page_number(href) is not None:
            continue
        if in_non_content(anchor) or side_block(anchor):
            continue
        title = node_text(anchor)
        if len(title) < 15:  # "Подробнее", pager numbers, icons
            continue
        found[href] = ListingLink(url=href, title=title)
    return tuple(found.values()) if len(found) >= 3 else ()
