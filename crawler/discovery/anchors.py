"""The links of a listing page, each with what it is: a release link, or a rubric, tag, author,
calendar, pager or section link, and how much it looks like a headline.

Used by crawler.discovery.listing to pick, in each item of a list, the link that carries the
headline. Pure functions on lxml elements; no Scrapy import.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from crawler.discovery.pagination import page_number
from crawler.normalise.urls import canonicalize_url, host_in_domains, url_host
from crawler.pages.common import element_in_non_content, element_text
from crawler.pages.links import Resolver, document_base, resolver

logger = logging.getLogger(__name__)

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# class words of a headline (news-card__title, views-field-title, div.name, .zagolovok)
TITLE_CLASS = re.compile(
    r"(?:^|[\s_-])(title|name|head|heading|headline|zagolovok|caption|subject)(?:$|[\s_-])", re.IGNORECASE
)
HEADLINE_PROPS = frozenset({"headline", "name"})
MORE_TEXT = re.compile(
    r"^(?:подробнее|подробно|читать(?:\s+(?:далее|дальше|полностью|больше|новость|статью))?|далее|дальше|"
    r"ещ[её]|узнать\s+больше|перейти|смотреть|открыть|read\s+more|more|details|continue(?:\s+reading)?)"
    r"[\s.…:»›>→]*$|^[\s.…»›>→]+$",
    re.IGNORECASE,
)
# path segments of rubric, tag and author pages (shared by many items, never a release)
RUBRIC_SEGMENTS = frozenset(
    {"category", "categories", "cat", "tag", "tags", "rubric", "rubrics", "rubrika", "rubriki", "author",
     "authors", "section", "sections", "theme", "themes", "tema", "temy", "topic", "topics", "razdel",
     "label", "labels", "tegi", "teg"}
)  # fmt: skip
RUBRIC_KEYS = frozenset(
    {"cat", "category", "categories", "category_id", "cat_id", "rubric", "rubric_id", "rubrics", "tag",
     "tags", "tag_id", "section", "section_id", "sections", "theme", "theme_id", "topic", "topic_id",
     "author", "author_id", "tema", "set_filter"}
)  # fmt: skip
# query keys that name one object: a URL with one of them is a page of its own (?ELEMENT_ID=, ?id=)
ID_KEYS = frozenset(
    {"element_id", "id", "news_id", "nid", "item", "item_id", "article", "article_id", "post", "p", "newsid",
     "doc_id", "document_id", "element_code", "code"}
)  # fmt: skip
CALENDAR_KEYS = frozenset(
    {"date", "day", "d", "calendar", "show_calend", "calend", "date_from", "date_to", "year"}
)
_DAY_ARCHIVE = re.compile(r"/(?:(?:19|20)\d{2}/\d{1,2}(?:/\d{1,2})?|(?:19|20)\d{2}-\d{2}-\d{2}(?:\.\w+)?)/?$")
# a year's archive page: /news/2010/, /news/2010.htm, /news/archive2010.html, /arhiv_2010.php
_YEAR_ARCHIVE = re.compile(
    r"/(?:archive|arhiv|arkhiv|arch|year|god)?[-_]?(?:19|20)\d{2}(?:\.(?:s?html?|php|aspx?))?/?$",
    re.IGNORECASE,
)
_CALENDAR_SEGMENTS = frozenset({"calendar", "kalendar", "calendar-events"})
# texts of calendar cells and pagers: «17», «17 Пн», «2», «»»
_BARE = re.compile(r"^\W*\d{1,2}\W*(?:[A-Za-zА-Яа-яЁё]{2,3}\.?)?\W*$|^\W*$")


@dataclass(frozen=True)
class Anchor:
    """One <a href> of the page's content, resolved."""

    element: Any
    url: str  # absolute, without fragment
    index: int  # position among the page's anchors (document order)
    text: str
    kind: str  # release | rubric | calendar | pager | section
    heading: bool  # in or around a heading, a title/name class or itemprop=headline
    more: bool  # «Подробнее», «Читать далее», an arrow
    bare: bool  # no words: an image, a number, a day of a calendar

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def minor(self) -> bool:
        """A link that cannot be an item's headline beside another: «Подробнее», an image, a number."""
        return self.more or self.bare

    def score(self) -> float:
        """How much the link looks like the item's headline: a heading first, then the longer text."""
        if self.kind != "release" or self.minor:
            return 0.0
        return (8.0 if self.heading else 0.0) + min(len(self.text), 150) / 15


def url_kind(target: str, listing_url: str) -> str:
    """release, or what else a link of a listing page is: rubric (category, tag, author, filter),
    calendar (a day or month archive, a period filter), pager, section (this listing or a page above)."""
    parts = urlsplit(target)
    keys = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    raw_keys = parts.query.lower()
    if keys & ID_KEYS:
        return "release"
    if keys & RUBRIC_KEYS or "filter" in raw_keys:
        return "rubric"
    if keys & CALENDAR_KEYS:
        return "calendar"
    if page_number(target) is not None:
        return "pager"
    segments = [segment.lower() for segment in parts.path.split("/") if segment]
    if any(segment in RUBRIC_SEGMENTS for segment in segments[:-1]) or (
        segments and segments[-1] in RUBRIC_SEGMENTS
    ):
        return "rubric"
    if (
        any(segment in _CALENDAR_SEGMENTS for segment in segments)
        or _DAY_ARCHIVE.search(parts.path)
        or (_YEAR_ARCHIVE.search(parts.path))
    ):
        return "calendar"
    here = urlsplit(listing_url)
    if parts.netloc.lower() == here.netloc.lower():
        path, base = parts.path.rstrip("/"), here.path.rstrip("/")
        if not parts.query and (path == base or base.startswith(path + "/") or not path):
            return "section"  # this listing, a page above it, the home page
        if path == base and canonicalize_url(target) == canonicalize_url(listing_url):
            return "section"
    return "release"


def _has_heading_around(element: Any) -> bool:
    """The link sits in a heading (h1-h6, a title/name class, itemprop=headline) up to three
    levels up, or holds one."""
    node = element
    for _ in range(4):
        if node is None or not isinstance(node.tag, str):
            break
        if _heading_like(node):
            return True
        node = node.getparent()
    return any(_heading_like(inner) for inner in element.iterdescendants() if isinstance(inner.tag, str))


def _heading_like(node: Any) -> bool:
    if node.tag in HEADING_TAGS:
        return True
    prop = node.get("itemprop")
    if prop and HEADLINE_PROPS & set(prop.split()):
        return True
    classes = node.get("class")
    return bool(classes) and TITLE_CLASS.search(classes) is not None


def heading_like(node: Any) -> bool:
    """An element that holds a headline: h1-h6, a title/name class, itemprop=headline|name."""
    return isinstance(node.tag, str) and _heading_like(node)


def collect_anchors(
    root: Any, listing_url: str, domains: tuple[str, ...], resolve: Resolver | None = None
) -> list[Anchor]:
    """The content links of the page (not in nav/aside/page header or footer), on allowed hosts;
    `resolve` is the page's resolver when the caller has made it."""
    resolve = resolve or resolver(document_base(root, listing_url))
    here = listing_url.split("#", 1)[0]
    kinds: dict[str, str | None] = {}  # URL -> its kind, None when off the source's hosts
    found: list[Anchor] = []
    body = root.find("body") if root.tag != "body" else root
    for element in (body if body is not None else root).iter("a"):
        href = element.get("href")
        target = resolve(href) if href and not href.startswith("#") else None
        if not target:
            continue
        target = target.split("#", 1)[0]
        if target == here:
            continue
        if target not in kinds:
            allowed = not domains or host_in_domains(url_host(target), domains)
            kinds[target] = url_kind(target, listing_url) if allowed else None
        kind = kinds[target]
        if kind is None or element_in_non_content(element):
            continue
        found.append(make_anchor(element, target, listing_url, len(found), kind))
    return found


def make_anchor(
    element: Any, target: str, listing_url: str, index: int = 0, url_kind_of_target: str | None = None
) -> Anchor:
    """An Anchor for one <a> already resolved to `target` (crawler.profiles.listing), its kind
    `url_kind` unless its rel says tag, category or author; `url_kind_of_target` when known."""
    text = element_text(element)
    rel = (element.get("rel") or "").lower().split()
    if {"tag", "category", "author"} & set(rel):
        kind = "rubric"
    else:
        kind = url_kind_of_target or url_kind(target, listing_url)
    return Anchor(
        element=element,
        url=target,
        index=index,
        text=text,
        kind=kind,
        heading=_has_heading_around(element),
        more=bool(text) and MORE_TEXT.match(text) is not None,
        bare=_BARE.match(text) is not None,
    )


def is_element(node: Any) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


__all__ = ["Anchor", "collect_anchors", "heading_like", "is_element", "make_anchor", "url_kind"]
