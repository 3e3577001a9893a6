"""Structured evidence of a release list: schema.org microdata cards (itemtype NewsArticle, Article,
BlogPosting ... with itemprop url/headline/datePublished) and JSON-LD (an ItemList, or several
article objects). Pure functions on lxml elements; no Scrapy import.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawler.pages.common import clean_text, element_text
from crawler.pages.links import Resolver
from crawler.pages.metadata import jsonld_objects

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "blogposting", "reportagenews", "pressrelease", "analysisnewsarticle",
     "report", "scholarlyarticle", "techarticle", "posting", "socialmediaposting"}
)  # fmt: skip
_URL_PROPS = ("url", "mainEntityOfPage")
_TITLE_PROPS = ("headline", "name")


@dataclass(frozen=True)
class Entry:
    """One release as structured data states it."""

    url: str
    title: str | None = None
    date: str | None = None


def _type_name(value: str) -> str:
    return value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower()


def is_card(element: Any) -> bool:
    """An element with itemscope and an article-like itemtype."""
    if element.get("itemscope") is None:
        return False
    types = (element.get("itemtype") or "").split()
    return any(_type_name(value) in ARTICLE_TYPES for value in types)


def microdata_cards(root: Any) -> list[Any]:
    """The innermost article-like itemscope elements of the page, in document order."""
    cards = [element for element in root.iter(etree.Element) if is_card(element)]
    if len(cards) < 2:
        return cards
    inside = {ancestor for card in cards for ancestor in card.iterancestors()}  # elements kept alive
    return [card for card in cards if card not in inside]


def _own_props(card: Any, names: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(itemprop, element) of the card's own properties (not those of a nested itemscope)."""
    found = []
    stack = list(card)
    while stack:
        element = stack.pop(0)
        if not isinstance(element.tag, str):
            continue
        props = (element.get("itemprop") or "").split()
        for name in names:
            if name in props:
                found.append((name, element))
        if element.get("itemscope") is None:
            stack[0:0] = list(element)
    return found


def _value(element: Any) -> str:
    for attribute in ("content", "datetime", "href", "src"):
        if (value := element.get(attribute)) is not None and clean_text(value):
            return clean_text(value)
    return element_text(element)


def card_entry(card: Any, resolve: Resolver) -> Entry | None:
    """The release a microdata card describes: its url (or its headline's link), headline and date."""
    url = None
    for _, element in _own_props(card, _URL_PROPS):
        href = element.get("href") or element.get("content") or element.get("itemid")
        if href and (url := resolve(href)):
            break
    title = None
    for _, element in _own_props(card, _TITLE_PROPS):
        title = clean_text(element.get("content")) or element_text(element) or None
        if url is None:
            link = element if element.tag == "a" else next(element.iter("a"), None)
            if link is not None and link.get("href"):
                url = resolve(link.get("href"))
        if title:
            break
    if not url:
        return None
    dates = _own_props(card, ("datePublished",))
    date = _value(dates[0][1]) if dates else None
    return Entry(url=url.split("#", 1)[0], title=title, date=date or None)


def jsonld_entries(root: Any, resolve: Resolver) -> list[Entry]:
    """The releases a JSON-LD ItemList names, else the article objects with a url (two or more)."""
    listed: list[Entry] = []
    articles: list[Entry] = []
    for item in jsonld_objects(root):
        types = {_type_name(str(value)) for value in _as_list(item.get("@type"))}
        if "itemlist" in types:
            elements = _as_list(item.get("itemListElement"))
            listed += [entry for element in elements if (entry := _entry(element, resolve))]
        elif types & ARTICLE_TYPES and (entry := _entry(item, resolve)):
            articles.append(entry)
    entries = listed or (articles if len({entry.url for entry in articles}) >= 2 else [])
    return list({entry.url: entry for entry in entries}.values())


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _entry(element: Any, resolve: Resolver) -> Entry | None:
    """A ListItem ({url, name} or {item: {...}}), a bare URL, or an article object."""
    if isinstance(element, str):
        url = resolve(element)
        return Entry(url.split("#", 1)[0]) if url else None
    if not isinstance(element, dict):
        return None
    inner = element.get("item")
    if isinstance(inner, dict):
        merged = {**inner, **{key: value for key, value in element.items() if key in ("url", "name")}}
        return _entry(merged, resolve)
    raw = element.get("url") or (inner if isinstance(inner, str) else None) or element.get("@id")
    if isinstance(raw, dict):
        raw = raw.get("@id") or raw.get("url")
    if not isinstance(raw, str) or not (url := resolve(raw)):
        return None
    title = element.get("headline") or element.get("name")
    date = element.get("datePublished")
    return Entry(
        url=url.split("#", 1)[0],
        title=clean_text(title) or None if isinstance(title, str) else None,
        date=clean_text(date) or None if isinstance(date, str) else None,
    )


__all__ = ["Entry", "card_entry", "is_card", "jsonld_entries", "microdata_cards"]
