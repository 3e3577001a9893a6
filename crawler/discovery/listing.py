"""The release list of a listing page found by structure, when no selectors are configured.

1. The page's content links (crawler.discovery.anchors), each with its kind: rubric, tag, author,
   calendar, pager and section links are never releases.
2. Candidate lists: elements with the same path of tags and classes form a group; an element is an
   item when, among its links, one URL is the headline's: links whose URL recurs in several items
   of the group are rubrics, a thumbnail or «Подробнее» to the headline's URL is the same release,
   and beside a headline (in h1-h6, a title/name class, itemprop=headline, or the longer text) a
   short link is a category or an author. The same list seen at several depths counts once, at
   its outermost items. schema.org microdata cards (NewsArticle ...) form a list of their own.
3. The main list: dated lists before date-less ones, then the most items and the most headline
   text; lists under a sidebar/widget/popular/other class or a label such as «Другие новости»,
   «Популярное», «Читайте также» are not it (unless nothing else is). Date-less lists count when
   their items carry headlines and links to pages of their own.
4. Beside the main list, sister lists (the tabs of one block, a featured item above the list)
   are kept when they sit within a few levels of it, link to the same part of the site and carry
   dates or headlines. A JSON-LD ItemList names the releases when no list on the page covers it.
Without any list, links that go deeper into the listing's own path are taken (links_below_path).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from crawler.discovery.anchors import Anchor, collect_anchors, is_element
from crawler.discovery.items import SIDE_WORDS, Candidate, Item, ItemReader, side_element
from crawler.discovery.pagination import page_number
from crawler.discovery.structured import card_entry, jsonld_entries, microdata_cards
from crawler.normalise.urls import absolute_url, host_in_domains, url_host
from crawler.pages.base import ListingLink
from crawler.pages.common import in_non_content, node_text
from crawler.pages.links import Resolver, document_base, resolver

logger = logging.getLogger(__name__)

MAX_VICINITY = 3  # levels above the main list where a sister list or a featured item may sit
_STATE_CLASS = re.compile(
    r"(?:^|[-_])(odd|even|first|last|active|current|selected|hide|hidden|show|shown|open|closed|"
    r"collapsed|visible|in|fade)$",
    re.IGNORECASE,
)


def side_block(node: Selector) -> bool:
    """`side_element` for a parsel node (crawler.pages.content and textdate use it)."""
    return side_element(node.root)


def _local_signature(element: Any) -> str:
    """The tag, the first class word (not a number, not a state such as «active», «odd») and a
    fixed id: items of one list differ in the rest (WordPress's category-*, tag-*, post-123)."""
    first = next(
        (
            token
            for token in (element.get("class") or "").split()
            if not any(char.isdigit() for char in token) and not _STATE_CLASS.search(token)
        ),
        "",
    )
    ident = element.get("id") or ""
    if any(char.isdigit() for char in ident):
        ident = ""
    return f"{element.tag}.{first}#{ident}"


def _family(url: str) -> tuple[str, str]:
    """The part of the site a link leads to: its host and first path segment (digits folded)."""
    parts = urlsplit(url)
    first = next((segment for segment in parts.path.split("/") if segment), "")
    return parts.netloc.lower(), re.sub(r"\d+", "0", first.lower())


def _own_page_url(url: str) -> bool:
    """A URL that names a page of its own (an id, a slug, a deeper path), not a section of a menu."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    return (
        len(segments) >= 2
        or any(char.isdigit() for char in parts.path + parts.query)
        or (bool(segments) and len(segments[-1]) >= 20)
    )


class ListingPage:
    """One listing page's links, grouped into candidate lists."""

    def __init__(self, url: str, root: Any, domains: tuple[str, ...]) -> None:
        self.url = url
        self.root = root
        self.domains = domains
        self.body = root.find("body") if root.tag != "body" else root
        if self.body is None:
            self.body = root
        self.resolve = resolver(document_base(root, url))  # against the page's <base href>
        self.anchors = [a for a in collect_anchors(root, url, domains, self.resolve) if a.kind == "release"]
        self.members: dict[Any, list[int]] = {}  # element -> positions of its release links
        self.elements: list[Any] = []  # elements with release links, in document order
        for position, anchor in enumerate(self.anchors):
            node = anchor.element
            while node is not None and node is not self.body and node.tag != "html":
                found = self.members.get(node)
                if found is None:
                    self.members[node] = [position]
                    self.elements.append(node)
                else:
                    found.append(position)
                node = node.getparent()
        self.reader = ItemReader(self)
        self._keys: dict[Any, tuple[int, int]] = {}
        self._interned: dict[tuple[int, str], int] = {}

    # --- structure -----------------------------------------------------------------------------
    def key(self, element: Any) -> tuple[int, int]:
        """(signature, depth) of an element: its path of tags and classes from the body."""
        chain = []
        node = element
        while node is not None and node not in self._keys and node is not self.body and node.tag != "html":
            chain.append(node)
            node = node.getparent()
        above, depth = self._keys.get(node, (0, 0)) if node is not None else (0, 0)
        for current in reversed(chain):
            local = (above, _local_signature(current))
            above = self._interned.setdefault(local, len(self._interned) + 1)
            depth += 1
            self._keys[current] = (above, depth)
        return self._keys[element]

    def urls(self, element: Any) -> set[str]:
        return {self.anchors[position].url for position in self.members.get(element, ())}

    def headline(self, element: Any, urls: set[str] | list[str]) -> Anchor | None:
        """The element's headline link among links to `urls`; None when two links could both be
        headlines (the element holds several items)."""
        wanted = set(urls)
        best: dict[str, Anchor] = {}
        for position in self.members.get(element, ()):
            anchor = self.anchors[position]
            if anchor.url in wanted:
                held = best.get(anchor.url)
                if held is None or (anchor.score(), len(anchor.text)) > (held.score(), len(held.text)):
                    best[anchor.url] = anchor
        ranked = sorted(best.values(), key=lambda a: (a.score(), len(a.text)), reverse=True)
        if not ranked:
            return None
        if all(_beats(ranked[0], other) for other in ranked[1:]):
            return ranked[0]
        return None

    def items_of(self, elements: list[Any]) -> list[Item]:
        """The items among elements of one group: URLs in several of them are rubrics."""
        urls_of = [self.urls(element) for element in elements]
        counts = Counter(url for urls in urls_of for url in urls)
        items = []
        for element, urls in zip(elements, urls_of, strict=True):
            own = [url for url in urls if counts[url] == 1]
            anchor = self.headline(element, own) if own else None
            if anchor is None and not own:  # a split item: the «Подробнее» row repeats the headline's URL
                twice = [url for url in urls if counts[url] == 2]
                found = self.headline(element, twice) if twice else None
                if found is not None and not found.minor and (found.heading or found.words >= 4):
                    anchor = found
            if anchor is not None:
                items.append(Item(element, anchor, anchor.url, self.members[element][0]))
        return items

    def candidates(self) -> list[Candidate]:
        """Every candidate list: same-path elements under one parent with two or more items (each
        list once, at its outermost items), and the microdata cards."""
        groups: dict[tuple[int, Any], list[Any]] = {}
        for element in self.elements:
            groups.setdefault((self.key(element)[0], element.getparent()), []).append(element)
        found: list[tuple[int, int, list[Item]]] = []
        for (signature, _), elements in groups.items():
            if len(elements) < 2:
                continue
            items = self.items_of(elements)
            if len(items) >= 2 and len(items) * 5 >= len(elements) * 2:
                found.append((self.key(elements[0])[1], signature, items))
        found.sort(key=lambda entry: entry[0])
        kept: list[Candidate] = []
        structured = self._cards()
        if structured is not None:
            kept.append(structured)
        for depth, signature, items in found:
            urls = frozenset(item.url for item in items)
            if any(urls <= candidate.primaries() for candidate in kept):
                continue  # the same list, deeper
            candidate = self.reader.candidate(items, depth)
            candidate.signature = signature
            kept.append(candidate)
        return kept

    def _cards(self) -> Candidate | None:
        """The microdata cards (itemtype NewsArticle ...) as one list, when there are two or more."""
        cards = microdata_cards(self.root)
        if len(cards) < 2:
            return None
        items = []
        for card in cards:
            entry = card_entry(card, self.resolve)
            if entry is None or card not in self.members:
                continue
            anchor = self.headline(card, [entry.url])
            if anchor is None:
                continue
            items.append(Item(card, anchor, entry.url, self.members[card][0], entry.title, entry.date))
        if len(items) < 2:
            return None
        candidate = self.reader.candidate(items, self.key(items[0].element)[1])
        candidate.structured = True
        candidate.signature = self.key(items[0].element)[0]
        candidate.score = candidate.score * 2 + 5
        return candidate


def _beats(best: Anchor, other: Anchor) -> bool:
    """`best` is the headline and `other` a category, author, «Подробнее» or image beside it; a
    link of four words or more is a headline of its own (the element holds several items)."""
    if other.minor or not other.text:
        return True
    if best.minor or other.words > 3:
        return False
    if best.heading != other.heading:
        return best.heading
    return len(best.text) >= 2 * len(other.text)


def _eligible(candidate: Candidate) -> bool:
    """A list that can be the main one: dated, structured, or headlines to pages of their own."""
    if candidate.structured or candidate.is_dated:
        return True
    if candidate.size < 3:
        return False
    headlines = candidate.words >= 4 or candidate.headings * 2 >= candidate.size
    own = sum(_own_page_url(item.url) for item in candidate.items) * 2 >= candidate.size
    return headlines and own


def choose(candidates: list[Candidate]) -> Candidate | None:
    """The main list: dated before date-less, then the highest score; side and «other news» lists
    only when there is nothing else."""
    main = [c for c in candidates if not c.side and not c.other and _eligible(c)]
    if not main:
        main = [c for c in candidates if c.is_dated or c.structured]
    if not main:
        return None
    return max(main, key=lambda c: (c.structured or c.is_dated, c.score))


def _other_column(element: Any, main_lca: Any) -> bool:
    """True when the element and the main list sit in different cells of one table row: the
    columns of a table layout (a sidebar of «other news» beside the content)."""
    mine = [main_lca, *main_lca.iterancestors()]
    held = set(mine)
    theirs = [element, *element.iterancestors()]
    for position, node in enumerate(theirs):
        if node in held:
            index = mine.index(node)
            if index == 0 or position == 0:
                return False
            return mine[index - 1].tag in ("td", "th") and theirs[position - 1].tag in ("td", "th")
    return False


def _near(lca: Any, main_lca: Any) -> bool:
    if _other_column(lca, main_lca):
        return False
    node = main_lca
    for _ in range(MAX_VICINITY + 1):
        if node is None:
            return False
        if node is lca or any(ancestor is node for ancestor in lca.iterancestors()):
            return True
        node = node.getparent()
    return False


def main_and_sisters(page: ListingPage) -> list[Item]:
    """The items of the main list and of its sister lists, in page order."""
    candidates = page.candidates()
    main = choose(candidates)
    if main is None:
        return _lone_items(page, candidates)
    chosen = list(main.items)
    families = {_family(item.url) for item in chosen}
    taken = {item.url for item in chosen}
    for candidate in candidates:
        if candidate is main or candidate.side or candidate.other:
            continue
        new = [item for item in candidate.items if item.url not in taken]
        same_template = candidate.signature == main.signature
        if not new or not (candidate.is_dated or candidate.headings * 2 >= candidate.size or same_template):
            continue
        if not same_template and sum(_family(item.url) in families for item in new) * 2 < len(new):
            continue
        if _near(candidate.lca, main.lca):
            chosen += new
            taken.update(item.url for item in new)
            families.update(_family(item.url) for item in new)
    listed = _listed(page, candidates)
    chosen += _featured(page, main, taken, families, chosen, listed)
    return sorted(chosen, key=lambda item: item.order)


def _listed(page: ListingPage, candidates: list[Candidate]) -> set[int]:
    """The positions of the release links inside the items of any candidate list."""
    return {position for c in candidates for item in c.items for position in page.members[item.element]}


def _featured(
    page: ListingPage,
    main: Candidate,
    taken: set[str],
    families: set[tuple[str, str]],
    chosen: list[Item],
    listed: set[int],
) -> list[Item]:
    """Single items near the main list («Главная новость» above it), in no list of their own:
    dated, with a headline, to the same part of the site, in no sidebar."""
    root = main.lca
    for _ in range(MAX_VICINITY):
        if root is page.body or root.getparent() is None:
            break
        root = root.getparent()
    held = {position for item in chosen for position in page.members.get(item.element, ())}
    found: list[Item] = []
    positions = range(len(page.anchors)) if root is page.body else page.members.get(root, ())
    for position in positions:
        anchor = page.anchors[position]
        if (
            position in held
            or position in listed
            or anchor.url in taken
            or _family(anchor.url) not in families
        ):
            continue
        item = _single_item(page, anchor, root, held)
        if item is None or _other_column(item.element, main.lca):
            continue
        found.append(item)
        taken.add(item.url)
        held.update(page.members[item.element])
    return found


def _single_item(page: ListingPage, anchor: Anchor, root: Any, held: set[int]) -> Item | None:
    """The largest element below `root` whose only headline is `anchor`, as an item when it is
    dated and headed and in no sidebar or «other news» block."""
    best = None
    node = anchor.element
    while node is not None and node is not root:
        inside = page.members.get(node, ())
        if any(other in held for other in inside):
            break
        headline = page.headline(node, page.urls(node))
        if headline is None or headline.url != anchor.url:
            break
        best = node
        node = node.getparent()
    if best is None:
        return None
    headline = page.headline(best, [anchor.url])
    if headline is None:
        return None
    item = Item(best, headline, anchor.url, page.members[best][0])
    link = page.reader.link(item)
    if not link.date_text or not (headline.heading or len((link.title or "").split()) >= 4):
        return None
    if side_element(best) or page.reader.other_news([item]):
        return None
    return item


def _lone_items(page: ListingPage, candidates: list[Candidate]) -> list[Item]:
    """With no list on the page (the last page of a pager holding one or two releases, each in a
    block of its own, as Joomla K2's leading and primary groups): the dated, headed single items
    in no candidate list."""
    listed = _listed(page, candidates)
    held: set[int] = set()
    found: list[Item] = []
    for position, anchor in enumerate(page.anchors):
        if position in held or position in listed or any(item.url == anchor.url for item in found):
            continue
        item = _single_item(page, anchor, page.body, held)
        if item is not None and not side_element(anchor.element):  # the item may be the sidebar
            found.append(item)
            held.update(page.members[item.element])
    return found


def listing_items(url: str, root: Any, domains: tuple[str, ...]) -> tuple[ListingPage, list[Item]]:
    """The page's grouping and the items the heuristic takes (crawler.profiles.listing learns from them)."""
    page = ListingPage(url, root, domains)
    return page, main_and_sisters(page)


def listing_by_heuristic(url: str, page: Selector | Any, domains: tuple[str, ...]) -> tuple[ListingLink, ...]:
    """The release links of a listing page with no configured selectors, in page order."""
    root = page.root if isinstance(page, Selector) else getattr(page, "root", page)
    if not is_element(root):
        return ()
    listing, items = listing_items(url, root, domains)
    links = [listing.reader.link(item) for item in items]
    links = list({link.url: link for link in reversed(links)}.values())[::-1]  # first of each URL
    structured = _jsonld_links(url, root, domains, links, listing.resolve)
    if structured:
        return structured
    if links:
        return tuple(links)
    selector = page if isinstance(page, Selector) else Selector(root=root, type="html", base_url=url)
    return links_below_path(url, selector, domains)


def _jsonld_links(
    url: str, root: Any, domains: tuple[str, ...], links: list[ListingLink], resolve: Resolver
) -> tuple[ListingLink, ...]:
    """The JSON-LD list's releases when the page's lists cover less than half of it."""
    entries = [
        entry
        for entry in jsonld_entries(root, resolve)
        if entry.url != url and (not domains or host_in_domains(url_host(entry.url), domains))
    ]
    if len(entries) < 2:
        return ()
    shown = {link.url for link in links}
    if sum(entry.url in shown for entry in entries) * 2 >= len(entries):
        return ()
    return tuple(ListingLink(url=entry.url, title=entry.title, date_text=entry.date) for entry in entries)


def links_below_path(url: str, page: Selector, domains: tuple[str, ...]) -> tuple[ListingLink, ...]:
    """Content links that go deeper into the listing's own path (lists without dates)."""
    base = urlsplit(url).path.rstrip("/") + "/"
    relative_to = document_base(page.root, url)
    found: dict[str, ListingLink] = {}
    for anchor in page.xpath("//body//a[@href]"):
        href = absolute_url(relative_to, anchor.attrib.get("href"))
        if not href or href in found or (domains and not host_in_domains(url_host(href), domains)):
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


__all__ = [
    "SIDE_WORDS",
    "Candidate",
    "Item",
    "ListingPage",
    "choose",
    "links_below_path",
    "listing_by_heuristic",
    "listing_items",
    "side_block",
    "side_element",
]
