"""Where a site's pages hold the publication date: an element whose text holds one, agreeing with
the listing's date when known; never a stamp that reads the same on every page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lxml import etree

from crawler.normalise.dates import looks_like_date, parse_date
from crawler.pages.common import element_in_non_content, element_text
from crawler.profiles.blocks import BLOCK_TAGS, Block
from crawler.profiles.locate import Wanted, pick
from crawler.profiles.model import Locator
from crawler.profiles.sample import StudiedPage

_UPDATE_WORDS = re.compile(r"обновлен|изменен|отредактирован", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|pub|created|posted|дата", re.IGNORECASE)
MAX_DATE_TEXT = 120


def date_wish(page: StudiedPage, repeated: set[str], headline: Any | None, now: dt.datetime) -> Wanted:
    """The elements on one page that hold a publication date, scored: agreeing with the listing's
    date for this page, reading as a date alone, named like a date, close after the headline."""
    hint = _day(page.sample.date_hint, now) if page.sample.date_hint else None
    order = {element: index for index, element in enumerate(page.body.iter())} if headline is not None else {}
    anchor = order.get(headline, 0)
    scores: dict[Any, float] = {}
    for block in page.blocks:
        text = block.text
        if len(text) > MAX_DATE_TEXT or block.linked * 2 > len(text) or block.key in repeated:
            continue
        if _UPDATE_WORDS.match(text) or (day := _day(text, now)) is None:
            continue
        for element in _date_holders(block, day, now):
            score = 1.0 + (1.0 if looks_like_date(element_text(element)) else 0.0)
            if hint is not None:
                score += 3.0 if day == hint else -3.0
            names = f"{element.get('class') or ''} {element.get('id') or ''}"
            if _DATE_CLASS.search(names):
                score += 1.0
            if headline is not None and 0 <= order.get(element, -1000) - anchor <= 30:
                score += 1.0
            if element_in_non_content(element):
                score -= 4.0
            if score > 0:
                scores[element] = max(score, scores.get(element, 0.0))
    proposer = max(scores, key=lambda element: scores[element]) if scores else None
    return Wanted(page.tree, scores, proposer)


def _date_holders(block: Block, day: dt.date, now: dt.datetime) -> list[Any]:
    """The smallest elements of the block whose whole text still gives `day`."""
    found = []
    for element in block.element.iter(etree.Element):
        if element is not block.element and (element.tag in BLOCK_TAGS or element.tag == "a"):
            continue
        text = element_text(element)
        if len(text) <= MAX_DATE_TEXT and _day(text, now) == day:
            found.append(element)
    outer = {ancestor for element in found for ancestor in element.iterancestors()}
    return [element for element in found if element not in outer]


def _day(text: str | None, now: dt.datetime) -> dt.date | None:
    parsed = parse_date(text or "", "Europe/Moscow", now)
    return parsed.local_date if parsed is not None else None


def dates_differ(dates: list[Wanted], locator: Locator, now: dt.datetime) -> bool:
    """True when the locator reads more than one date across the pages (or there are two pages)."""
    days = set()
    for wish in dates:
        element = pick(wish.tree, locator)
        if element is not None:
            days.add(_day(element_text(element), now))
    return len(days) > 1 or len(dates) < 3
