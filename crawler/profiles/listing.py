"""A source's listing profile: the CSS of the repeated item and of its headline link, learned from
the source's own listing pages, and applied to them.

Learning: on every page the structural heuristic (crawler.discovery.listing) names the release
items and their headline links; the items propose selectors (their tag, classes, id, with one or
two ancestors: crawler.profiles.locate), each is tried on every page, and the one whose items
hold exactly the releases the heuristic found (90% either way) on the most pages wins; then the
headline link inside an item the same way (None when the item's headline is its only release
link). The profile keeps on how many pages it agreed; it is not learned unless most pages agree.
Only the CSS subset crawler.pages.cssmatch compiles is written (tags, classes, ids, child and
descendant combinators), so applying a profile is an index lookup per page.

Applying: the items the profile's CSS matches (not in nav/aside/page header or footer), one link
each, its title and date read as the heuristic reads them; the heuristic itself when the profile
finds nothing (a redesign). Pure functions; no Scrapy import.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from crawler.discovery.anchors import HEADING_TAGS, Anchor, make_anchor
from crawler.discovery.items import Item, ItemReader
from crawler.discovery.listing import ListingPage, listing_by_heuristic, listing_items
from crawler.normalise.urls import host_in_domains, url_host
from crawler.pages.base import ListingLink
from crawler.pages.common import element_in_non_content
from crawler.pages.tree import PageTree
from crawler.profiles.locate import compounds, proposals, select
from crawler.profiles.model import ListingProfile
from crawler.registry.sources import site_host

logger = logging.getLogger(__name__)

AGREEMENT = 0.9  # share of the heuristic's releases a profile must reproduce on a page, either way
SAMPLE_ITEMS = 3  # items of each page whose selectors are proposed (first, middle, last)
UNION_TRIES = 8  # selectors tried as the first of a pair, for lists in two shapes


@dataclass
class _Page:
    """One listing page with what the heuristic found on it."""

    url: str
    domains: tuple[str, ...]  # its host without www.: the links the heuristic reads
    tree: PageTree
    grouping: ListingPage
    items: list[Item]
    wanted: set[str] = field(default_factory=set)


def learn_listing(pages: list[tuple[str, str]]) -> ListingProfile | None:
    """The item and link CSS that reproduce the heuristic's releases on most of `pages` ((url, html)
    of one source's listing pages); None when no selector agrees on most of them."""
    studied = [page for url, html in pages if (page := _study(url, html)) is not None]
    if not studied:
        return None
    item_css = _best_items(studied)
    if item_css is None:
        return None
    link_css = _best_link(studied, item_css)
    agreed = sum(_agrees(page, _apply(page, item_css, link_css)) for page in studied)
    if agreed * 2 <= len(studied):
        return None
    return ListingProfile(item=item_css, link=link_css, agreed=agreed, seen=len(studied))


def listing_by_profile(
    url: str, html_or_tree: str | PageTree, profile: ListingProfile, domains: tuple[str, ...]
) -> tuple[ListingLink, ...]:
    """The release links the profile names on a listing page, in page order; the structural
    heuristic's when it names none."""
    tree = html_or_tree if isinstance(html_or_tree, PageTree) else PageTree(html_or_tree, url)
    if not tree.is_tree:
        return ()
    reader = ItemReader(_NoPage(tree.root))
    found: dict[str, ListingLink] = {}
    for element, anchor in _items(tree, url, profile.item, profile.link, domains):
        if anchor.url not in found:
            found[anchor.url] = reader.link(Item(element, anchor, anchor.url, len(found)))
    if found:
        return tuple(found.values())
    return listing_by_heuristic(url, tree.selector, domains)


# --- applying --------------------------------------------------------------------------------------
@dataclass
class _NoPage:
    """ItemReader's view of a page read by a profile: no grouping of links."""

    body: Any
    anchors: list[Anchor] = field(default_factory=list)
    members: dict[Any, list[int]] = field(default_factory=dict)


def _items(
    tree: PageTree, url: str, item_css: str, link_css: str | None, domains: tuple[str, ...]
) -> list[tuple[Any, Anchor]]:
    """(item element, its headline Anchor) for every item the CSS matches, in page order."""
    resolve = tree.resolver(url)
    links = set(select(tree, link_css)) if link_css else None
    found = []
    for element in select(tree, item_css):
        if element_in_non_content(element):
            continue
        candidates = [a for a in element.iter("a") if links is None or a in links]
        anchors = []
        for index, candidate in enumerate(candidates):
            target = resolve(candidate.get("href"))  # absolute, without its #fragment
            if not target or (domains and not host_in_domains(url_host(target), domains)):
                continue
            anchor = make_anchor(candidate, target, url, index)
            if anchor.kind == "release":
                anchors.append(anchor)
        if not anchors:
            continue
        if links is not None:
            found.append((element, anchors[0]))
        else:
            found.append((element, max(anchors, key=lambda a: (a.score(), len(a.text)))))
    return found


# --- learning --------------------------------------------------------------------------------------
def _domains(url: str) -> tuple[str, ...]:
    host = site_host(url)
    return (host,) if host else ()


def _study(url: str, html: str) -> _Page | None:
    tree = PageTree(html, url)
    if not tree.is_tree or tree.type != "html":
        return None
    domains = _domains(url)
    grouping, items = listing_items(url, tree.root, domains)
    if len(items) < 2:
        return None
    return _Page(url, domains, tree, grouping, items, {item.url for item in items})


def _apply(page: _Page, item_css: str, link_css: str | None) -> list[str]:
    return [anchor.url for _, anchor in _items(page.tree, page.url, item_css, link_css, page.domains)]


def _agrees(page: _Page, urls: list[str]) -> bool:
    got = set(urls)
    if not got:
        return False
    common = len(got & page.wanted)
    return common >= AGREEMENT * len(page.wanted) and common >= AGREEMENT * len(got)


def _samples(items: list[Item]) -> list[Item]:
    picks = {0, len(items) // 2, len(items) - 1}
    return [items[index] for index in sorted(picks)][:SAMPLE_ITEMS]


def _item_fit(page: _Page, css: str) -> tuple[float, float]:
    """(recall, precision) of the elements `css` matches as the page's items: an element that holds
    exactly one of the heuristic's releases is an item; one with several, or with release links
    but none of those, is a mistake."""
    hits: set[str] = set()
    good = bad = 0
    for element in select(page.tree, css):
        if element_in_non_content(element):
            continue
        urls = page.grouping.urls(element)
        if not urls:
            continue
        wanted = urls & page.wanted
        if len(wanted) == 1:
            good += 1
            hits |= wanted
        else:
            bad += 1
    if not good:
        return 0.0, 0.0
    return len(hits) / len(page.wanted), good / (good + bad)


def _fit_rank(pages: list[_Page], css: str) -> tuple[int, float, bool, int]:
    """(pages where `css` names the heuristic's items, recall + precision, named, shortness)."""
    fits = [_item_fit(page, css) for page in pages]
    agreed = sum(recall >= AGREEMENT and precision >= AGREEMENT for recall, precision in fits)
    fit = sum(recall + precision for recall, precision in fits) / len(fits)
    named = "." in css or "#" in css  # a class or an id: steadier than a bare tag
    return agreed, round(fit, 6), named, -len(css)


def _best_items(pages: list[_Page]) -> str | None:
    proposed: dict[str, None] = {}
    for page in pages:
        for item in _samples(page.items):
            proposed.update(dict.fromkeys(proposals(item.element)))
    if not proposed:
        return None
    ranked = sorted(((_fit_rank(pages, css), css) for css in proposed), reverse=True)
    best = ranked[0]
    if best[0][0] < len(pages):  # two shapes of item (a featured card, tabs): the best pair
        precise = [css for _, css in ranked if all(_item_fit(page, css)[1] >= AGREEMENT for page in pages)]
        for first in precise[:UNION_TRIES]:
            for other in precise:
                if other != first:
                    union = f"{first}, {other}"
                    best = max(best, (_fit_rank(pages, union), union))
    return best[1] if best[0][0] else None


def _link_proposals(anchor: Any, item: Any) -> list[str]:
    """Ways to name the headline link inside its item: its own classes, its parent's, a heading."""
    own = compounds(anchor)
    found = list(own[1:])
    parent = anchor.getparent()
    if parent is not None and parent is not item and isinstance(parent.tag, str):
        for form in compounds(parent)[:2]:
            found += [f"{form} > {name}" for name in own]
    for ancestor in anchor.iterancestors():
        if ancestor is item:
            break
        if ancestor.tag in HEADING_TAGS:
            found.append(f"{ancestor.tag} a")
            break
    return list(dict.fromkeys(found))


def _best_link(pages: list[_Page], item_css: str) -> str | None:
    proposed: dict[str, None] = {}
    several = False
    for page in pages:
        for item in page.items:
            several = several or len(page.grouping.urls(item.element)) > 1
        for item in _samples(page.items):
            proposed.update(dict.fromkeys(_link_proposals(item.anchor.element, item.element)))
    choices: list[str | None] = [None, *proposed]
    best: tuple[tuple[int, int, int], str | None] | None = None
    for css in choices:
        agreed = sum(_agrees(page, _apply(page, item_css, css)) for page in pages)
        # a named link when items hold other release links (rubrics), else the item's headline
        rank = (agreed, int((css is not None) == several), -len(css or ""))
        if best is None or rank > best[0]:
            best = (rank, css)
    return best[1] if best else None


__all__ = ["learn_listing", "listing_by_profile"]
