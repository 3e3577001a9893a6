"""The last step of the date cascade: a date-looking text near the article's title.

Candidates are short elements whose whole text reads as a date («17 марта 2018, 14:30»,
«Опубликовано: 12.03.2025»). Left out: menus, page headers/footers, sidebars and "other news"
blocks, links to other pages (a list item's date), update stamps («Обновлено …»), and the
header's "today" stamp («Пятница, 03 октября 2025», «Сегодня 26.11.2026»). The candidate closest
to the title wins, after it rather than before, one whose class says date/time before one that
does not.
"""

from __future__ import annotations

import re

from parsel import Selector

from crawler.discovery.listing import side_block
from crawler.normalise.dates import looks_like_date
from crawler.pages.common import clean_text, in_non_content, node_text

MAX_DATE_CHARS = 80
MAX_DISTANCE = 60  # elements between the title and the date, in document order
_UPDATED = re.compile(r"обновлен|изменен|отредактирован|updated|modified", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"^\s*(понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс|сегодня|today)\b",
    re.IGNORECASE,
)
_DATE_CLASS = re.compile(r"date|time|pub|created|posted|submitted|meta|дата", re.IGNORECASE)


def title_node(page: Selector, title: str | None) -> Selector | None:
    """The heading that carries the title (an h1, else an h2/h3 with the same text)."""
    headings = [
        node for node in page.xpath("//body//h1 | //body//h2 | //body//h3") if not in_non_content(node)
    ]
    if title:
        wanted = clean_text(title).lower()
        for node in headings:
            if node_text(node).lower() == wanted:
                return node
    h1 = [node for node in headings if node.root.tag == "h1"]
    if h1:
        return h1[0]
    if title:  # no heading: the element that holds exactly the title (<b> in an old table layout)
        for node in page.xpath("//body//*[text()[normalize-space()]]"):
            if node_text(node).lower() == wanted and not in_non_content(node):
                return node
    return None


def _candidates(page: Selector) -> list[Selector]:
    found: list[Selector] = []
    for node in page.xpath("//body//*[text()[normalize-space()]]"):
        if node.root.tag in ("script", "style", "option", "a", "title"):
            continue
        text = node_text(node)
        if not text or len(text) > MAX_DATE_CHARS or not looks_like_date(text):
            continue
        if _UPDATED.search(text) or _WEEKDAY.match(text):
            continue
        if node.xpath("ancestor::a[@href]") or in_non_content(node) or side_block(node):
            continue
        found.append(node)
    # a date split over two elements (day and year): keep the outermost element that still reads as one
    outer = []
    for node in found:
        parent = node.xpath("..")
        if parent and parent[0].root in {item.root for item in found}:
            continue
        outer.append(node)
    return outer


def _parent_candidate(node: Selector) -> Selector:
    """The parent when the parent's text is still a short date (day and year in two spans)."""
    parent = node.xpath("..")
    if parent and parent[0].root.tag not in ("body", "html"):
        text = node_text(parent[0])
        if len(text) <= MAX_DATE_CHARS and looks_like_date(text) and not _UPDATED.search(text):
            return parent[0]
    return node


def date_near_title(page: Selector, title: str | None) -> str | None:
    """The date text closest to the title; None when no candidate is near enough."""
    heading = title_node(page, title)
    candidates = [_parent_candidate(node) for node in _candidates(page)]
    if not candidates:
        return None
    order = {element: index for index, element in enumerate(page.root.iter())}
    anchor = order.get(heading.root, 0) if heading is not None else 0
    best: tuple[float, str] | None = None
    for node in candidates:
        distance = order.get(node.root, 0) - anchor
        if abs(distance) > MAX_DISTANCE and heading is not None:
            continue
        score = float(distance if distance >= 0 else -distance * 1.5 + 2)
        classes = f"{node.attrib.get('class', '')} {node.attrib.get('id', '')}"
        if _DATE_CLASS.search(classes):
            score -= 5
        text = node_text(node)
        if best is None or score < best[0]:
            best = (score, text)
    return best[1] if best else None
