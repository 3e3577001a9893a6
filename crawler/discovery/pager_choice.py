"""Which of several pagers on a listing page is the main list's.

A Bitrix page may carry two pagers: the news list's (?PAGEN_2=N) and a sidebar widget's
(?PAGEN_1=N), the widget's often first in the document. Each pager belongs to the block around
it; the main list's block holds more headline-like links (the list itself) than a widget's.
Pure functions on lxml elements.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

HEADLINE_LENGTH = 15  # a link text this long is a headline, not a pager's number or arrow
MAX_CLIMB = 8  # levels above a pager link where its block may start


def _headlines(element: Any) -> int:
    count = 0
    for anchor in element.iter("a"):
        if len(" ".join("".join(anchor.itertext()).split())) >= HEADLINE_LENGTH:
            count += 1
    return count


def block_weight(anchor: Any) -> int:
    """The headline-like links of the smallest block around the pager link that holds any."""
    node = anchor.getparent()
    for _ in range(MAX_CLIMB):
        if node is None or node.tag in ("body", "html"):
            break
        if found := _headlines(node):
            return found
        node = node.getparent()
    return 0


def main_pager_links(anchors: list[Any], pager_of: Callable[[Any], str | None]) -> list[Any]:
    """`anchors` (lxml <a> elements of pagers, in page order) reduced to those of the main list's
    pager when they belong to several pagers (`pager_of`: the page parameter a link sets, None
    when it sets none); unchanged otherwise."""
    groups: dict[str, list[Any]] = {}
    for anchor in anchors:
        if (name := pager_of(anchor)) is not None:
            groups.setdefault(name, []).append(anchor)
    if len(groups) < 2:
        return anchors
    weights = {name: block_weight(members[0]) for name, members in groups.items()}
    best = max(groups, key=lambda name: weights[name])  # the first of equals, in page order
    kept = {id(anchor) for anchor in groups[best]}
    return [anchor for anchor in anchors if pager_of(anchor) is None or id(anchor) in kept]


__all__ = ["block_weight", "main_pager_links"]
