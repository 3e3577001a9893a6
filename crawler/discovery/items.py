"""What one item of a listing says (its headline, its date as shown) and what a candidate list
weighs (its items, dates, headlines, whether it is a sidebar or a block of «other news»).

Used by crawler.discovery.listing. Pure functions on lxml elements; no Scrapy import.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Protocol

from crawler.discovery.anchors import HEADING_TAGS, Anchor, heading_like, is_element
from crawler.normalise.dates import looks_like_date
from crawler.pages.base import ListingLink
from crawler.pages.common import clean_text, element_text

logger = logging.getLogger(__name__)

MAX_DATE_CHARS = 80
# class/id words of blocks that repeat other news beside the real list
SIDE_WORDS = re.compile(
    r"(?:^|[\s_-])(sidebar|aside|widget|other|popular|related|similar|recent|latest|also|banner|"
    r"menu|footer|header|slider|carousel)(?:$|[\s_-]|news)",
    re.IGNORECASE,
)
# the label of a block of other news before or above a list
OTHER_LABEL = re.compile(
    r"^\W*(?:други[ех]|ещ[её]\s|похож|популярн|самое\s|самые\s|читайте\s+также|смотрите\s+также|"
    r"(?:новости|материалы|статьи)\s+по\s+теме|по\s+теме|рекомендуем|вам\s+может|новости\s+партн|"
    r"related|popular|most\s+read|see\s+also|read\s+also)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"сегодня|вчера|назад|today|yesterday|ago", re.IGNORECASE)
_SKIP_TAGS = frozenset({"script", "style", "title", "option", "head", "noscript", "template"})
_HEADLINE_PROPS = frozenset({"headline"})
_LABEL_CHARS = 60
_LABEL_LEVELS = 4


@dataclass(frozen=True)
class Item:
    """One item of a list: its element, its headline link, the release it links to."""

    element: Any
    anchor: Anchor
    url: str
    order: int  # position of the item's first link among the page's release links
    title: str | None = None  # as structured data (microdata) states it
    date: str | None = None


@dataclass
class Candidate:
    """A candidate list with what the choice weighs."""

    items: list[Item]
    links: list[ListingLink]
    depth: int
    lca: Any  # the lowest element that holds every item
    structured: bool = False
    signature: int = 0  # the items' path of tags and classes (crawler.discovery.listing)
    side: bool = False
    other: bool = False
    dated: int = 0
    headings: int = 0
    words: float = 0.0  # mean number of words of the headlines
    score: float = 0.0
    _primaries: frozenset[str] | None = None

    @property
    def size(self) -> int:
        return len(self.items)

    @property
    def is_dated(self) -> bool:
        return self.dated * 2 >= self.size

    def primaries(self) -> frozenset[str]:
        if self._primaries is None:
            self._primaries = frozenset(item.url for item in self.items)
        return self._primaries


class PageLinks(Protocol):
    """What ItemReader needs of a page: its body, its release links and which element holds which."""

    body: Any
    anchors: list[Anchor]
    members: dict[Any, list[int]]


def side_element(element: Any) -> bool:
    """True when an ancestor is named like a sidebar, a widget or an "other news" block."""
    for ancestor in element.iterancestors():
        words = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if words.strip() and SIDE_WORDS.search(words):
            return True
    return False


def lowest_common_ancestor(elements: list[Any]) -> Any:
    first = elements[0]
    chain = [first, *first.iterancestors()]
    index = {node: position for position, node in enumerate(chain)}
    lowest = 0
    for element in elements[1:]:
        node = element
        while node is not None and node not in index:
            node = node.getparent()
        if node is None:
            return chain[-1]
        lowest = max(lowest, index[node])
    return chain[lowest]


class ItemReader:
    """Reads items' titles and dates (each once) and weighs candidate lists."""

    def __init__(self, page: PageLinks) -> None:
        self.page = page
        self._links: dict[Any, tuple[ListingLink, bool]] = {}

    # --- one item ------------------------------------------------------------------------------
    def date(self, item: Item) -> tuple[Any | None, str | None]:
        """The item's date element and text: itemprop=datePublished, else the first element whose
        own text reads as a date (not the headline link itself), as shown."""
        if item.date:
            return None, item.date
        for element in item.element.iter():
            if is_element(element) and "datePublished" in (element.get("itemprop") or "").split():
                value = clean_text(element.get("content") or element.get("datetime")) or element_text(element)
                if value:
                    return element, value
        headline = item.anchor.element
        above = set(headline.iterancestors())
        for element in item.element.iter():
            if not is_element(element) or element.tag in _SKIP_TAGS or element is headline:
                continue
            own = (element.text, *(child.tail for child in element))
            dates = [text for text in own if text and text.strip() and looks_like_date(text)]
            if not dates:
                continue
            if element in above:  # «<p><a>Заголовок</a> 10.03.2025</p>»: the date beside the link
                return element, clean_text(dates[0])
            text = element_text(element)
            if not text or len(text) > MAX_DATE_CHARS:
                continue
            stated = clean_text(element.get("title"))
            if _RELATIVE.search(text) and stated and looks_like_date(stated):
                return element, stated  # «Сегодня, 16:04» with title='15 сентября 2026 16:04'
            return element, text
        return None, None

    def title(self, item: Item, date_node: Any | None) -> str | None:
        """The headline: a heading inside the link, else a link-less heading above it (the link
        is on the lead), else the link's text without the date; the title attribute or the image's
        alt text for an image link."""
        if item.title:
            return item.title
        anchor = item.anchor.element
        exclude = frozenset({date_node}) if date_node is not None else frozenset()
        for inner in anchor.iterdescendants():
            heading = is_element(inner) and heading_like(inner) and inner is not date_node
            if heading and (text := element_text(inner, exclude)):
                return text
        if not item.anchor.heading:
            for element in item.element.iter():
                if element is anchor:
                    break
                unlinked = is_element(element) and _real_heading(element) and not _has_link(element)
                if unlinked and (text := element_text(element, exclude)):
                    return text
        if text := element_text(anchor, exclude):
            return text
        for position in self._positions(item):
            other = self._anchor(position)
            if other.url == item.url and other.text:
                return other.text
        image = next(anchor.iter("img"), None)
        alt = clean_text(image.get("alt")) if image is not None else ""
        return clean_text(anchor.get("title")) or alt or None

    def link(self, item: Item) -> ListingLink:
        return self._read(item)[0]

    def _read(self, item: Item) -> tuple[ListingLink, bool]:
        found = self._links.get(item.element)
        if found is None or found[0].url != item.url:
            node, date_text = self.date(item)
            link = ListingLink(url=item.url, title=self.title(item, node), date_text=date_text)
            found = self._links[item.element] = (link, date_text is not None)
        return found

    def _positions(self, item: Item) -> list[int]:
        return self.page.members.get(item.element, [])

    def _anchor(self, position: int) -> Anchor:
        return self.page.anchors[position]

    # --- a list --------------------------------------------------------------------------------
    def candidate(self, items: list[Item], depth: int) -> Candidate:
        read = [self._read(item) for item in items]
        links = [link for link, _ in read]
        lca = lowest_common_ancestor([item.element for item in items])
        words = [len((link.title or "").split()) for link in links]
        candidate = Candidate(
            items=items,
            links=links,
            depth=depth,
            lca=lca,
            side=side_element(items[0].element),
            other=self.other_news(items),
            dated=sum(dated for _, dated in read),
            headings=sum(item.anchor.heading for item in items),
            words=sum(words) / len(words),
        )
        candidate.score = sum(
            1 + 0.5 * dated + 0.5 * item.anchor.heading + min(count, 15) / 10
            for (_, dated), item, count in zip(read, items, words, strict=True)
        )
        return candidate

    def other_news(self, items: list[Item]) -> bool:
        """A label such as «Другие новости», «Популярное», «Читайте также» right before the list
        (before its first item, or before a block that holds it, up to four levels up)."""
        elements = {item.element for item in items}
        node = items[0].element
        for _ in range(_LABEL_LEVELS):
            if node is None or node is self.page.body:
                return False
            previous = node.getprevious()
            while previous is not None and (
                not is_element(previous) or previous.tag in _SKIP_TAGS or _short_text(previous) == ""
            ):
                previous = previous.getprevious()
            if previous is not None and previous not in elements:
                text = _short_text(previous)
                return text is not None and OTHER_LABEL.match(text) is not None
            node = node.getparent()
        return False


def _short_text(element: Any) -> str | None:
    """The element's text when it is a label (up to _LABEL_CHARS; "" for none), None when longer;
    read only as far as needed, so a long block before a list costs little."""
    pieces = []
    size = 0
    for piece in element.itertext():
        size += len(piece)
        if size > _LABEL_CHARS * 4:
            return None
        pieces.append(piece)
    text = clean_text(" ".join(pieces))
    return text if len(text) <= _LABEL_CHARS else None


def _has_link(element: Any) -> bool:
    return next(element.iter("a"), None) is not None


def _real_heading(element: Any) -> bool:
    return element.tag in HEADING_TAGS or bool(_HEADLINE_PROPS & set((element.get("itemprop") or "").split()))


__all__ = [
    "OTHER_LABEL",
    "SIDE_WORDS",
    "Candidate",
    "Item",
    "ItemReader",
    "lowest_common_ancestor",
    "side_element",
]
