"""Where a site's pages hold the headline: the element that says what the site says elsewhere."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from crawler.pages.common import element_in_non_content, element_text, tree_meta
from crawler.pages.metadata import TITLE_META, jsonld_value
from crawler.profiles.affixes import strip_affixes
from crawler.profiles.blocks import BLOCK_TAGS, Block, fold
from crawler.profiles.chrome import is_chrome_text
from crawler.profiles.locate import Wanted
from crawler.profiles.sample import StudiedPage

ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
_CRUMB = re.compile(r"crumb|breadcrumb|(?:^|[\s_-])path(?:$|[\s_-])|navigation|(?:^|[\s_-])nav", re.I)
_TITLE_CLASS = re.compile(r"title|head|zag|caption|name|header|subject", re.I)
_HEADING_SCORE = {"h1": 6.0, "h2": 4.0, "h3": 3.0, "h4": 2.0, "h5": 2.0, "h6": 2.0, "strong": 1.5, "b": 1.5}


def _hints(page: StudiedPage, prefix: str, suffix: str, constant: bool) -> list[tuple[str, bool]]:
    """What the site says the headline is, each with whether it may be cut short («…»)."""
    found: list[tuple[str, bool]] = []
    if page.sample.title_hint:
        hint = page.sample.title_hint.strip()
        truncated = bool(ELLIPSIS.search(hint))
        found.append((ELLIPSIS.sub("", hint), truncated))
    if page.title_tag and not constant and (prefix or suffix):
        found.append((strip_affixes(page.title_tag, prefix, suffix), False))
    meta = tree_meta(page.tree, *TITLE_META)
    if meta:
        found.append((strip_affixes(meta, prefix, suffix), False))
    if headline := jsonld_value(page.tree, "headline"):
        found.append((headline, False))
    if page.title_tag and not constant and not (prefix or suffix):
        found.append((page.title_tag, False))
    folded = [(fold(text), truncated) for text, truncated in found]
    return [(text, truncated) for text, truncated in folded if len(text) >= 8]


def headline(page: StudiedPage, prefix: str, suffix: str, constant: bool, repeated: set[str]) -> Wanted:
    """The elements on one page that hold the headline, scored: those that say what the site
    says the headline is (the listing's link text, <title>, og:title, JSON-LD); when none does,
    the unique short blocks that look like one (a heading first)."""
    hints = _hints(page, prefix, suffix, constant)
    scores = _headline_scores(page, hints, repeated) if hints else {}
    if not scores:
        scores = _headline_scores(page, [], repeated)
    proposer = max(scores, key=lambda element: scores[element]) if scores else None
    return Wanted(page.tree, scores, proposer)


def _headline_scores(
    page: StudiedPage, hints: list[tuple[str, bool]], repeated: set[str]
) -> dict[Any, float]:
    scores: dict[Any, float] = {}
    for block in page.blocks:
        folded = fold(block.text)
        agreeing = [hint for hint, cut in hints if folded == hint or (cut and folded.startswith(hint))]
        if not agreeing and hints:
            agreeing = [
                hint
                for hint, _ in hints
                if len(hint) >= 20 and hint in folded and len(folded) < 2 * len(hint)
            ]
            if not agreeing:
                continue
        if not hints and not _headline_like(block, repeated):
            continue
        for element in _holders(block, set(agreeing) or {folded}):
            score = _headline_score(element) + len(agreeing) - 1
            if score > 0:
                scores[element] = max(score, scores.get(element, 0.0))
    return scores


def _headline_like(block: Block, repeated: set[str]) -> bool:
    """With no hint at all: a unique short block that is no link and no date."""
    text = block.text
    return (
        10 <= len(text) <= 300
        and block.key not in repeated
        and block.linked * 2 <= len(text)
        and not is_chrome_text(text)
    )


def _holders(block: Block, wanted: set[str]) -> list[Any]:
    """The block's element, or the inline elements inside it, whose whole text is a wanted text
    (a bold headline line inside a cell of an old table layout)."""
    found = []
    for element in block.element.iter(etree.Element):
        if element is not block.element and element.tag in BLOCK_TAGS:
            continue
        text = fold(element_text(element))
        if text in wanted or any(text.startswith(hint) for hint in wanted if len(hint) >= 20):
            found.append(element)
    return found


def _headline_score(element: Any) -> float:
    score = _HEADING_SCORE.get(element.tag, 1.0)
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    parent = element.getparent()
    if parent is not None:
        names += f" {parent.get('class') or ''}"
    if _TITLE_CLASS.search(names):
        score += 1.0
    if element_in_non_content(element):
        score -= 8.0
    for ancestor in [element, *element.iterancestors()]:
        words = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if words.strip() and _CRUMB.search(words):
            score -= 8.0
            break
        if ancestor.tag == "a":
            score -= 2.0
    return score


def chosen_text(wish: Wanted) -> str:
    return fold(element_text(wish.proposer)) if wish.proposer is not None else ""
