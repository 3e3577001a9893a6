"""Learning a site profile from a handful of the source's own pages.

What repeats across a site's article pages is its template; what differs is the releases. From a
few pages (the first articles of a crawl, or captures already archived):

- the repeated blocks: block texts found on at least half of the pages (crawler.profiles.blocks);
- the constant prefix and suffix of `<title>` around the headline (cut at a separator), or the
  fact that `<title>` is the site's name only;
- the headline's element: on each page, the element whose text is the title the site gives the
  release elsewhere (the listing's link text, `<title>` without its affixes, og:title, JSON-LD);
  the CSS that picks it on most pages (crawler.profiles.locate);
- the body's container: on each page, the deepest element that holds nearly all of the page's
  own text (text that is in no repeated block, no link, not the headline, not a date line); the
  CSS that picks such an element on most pages.

Each part keeps its evidence (on how many pages it agreed); a part the pages do not agree on is
left out with a note, and extraction falls back to the generic cascade for it.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawler.normalise.dates import looks_like_date, parse_date
from crawler.pages.common import element_in_non_content, element_text, tree_meta
from crawler.pages.metadata import TITLE_META, jsonld_value
from crawler.pages.tree import PageTree
from crawler.profiles.blocks import BLOCK_TAGS, Block, block_key, fold, page_blocks
from crawler.profiles.chrome import is_chrome_text
from crawler.profiles.locate import Wanted, induce
from crawler.profiles.model import SiteProfile

logger = logging.getLogger(__name__)

_NOT_CONTAINERS = frozenset(
    {
        "p",
        "li",
        "span",
        "a",
        "b",
        "strong",
        "i",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "font",
        "figcaption",
    }
)
MIN_PAGES = 3  # fewer pages cannot tell the template from the release
SAMPLE_PAGES = 8  # the first article pages of a run that a profile is learned from
BODY_SHARE = 0.97  # a body container holds at least this share of the page's own text
_SEPARATOR = re.compile(r"\s*(?:::|\||—|–|-|/|\\|»|«|:|•|·|>)\s*$")
_SEPARATOR_START = re.compile(r"^\s*(?:::|\||—|–|-|/|\\|»|«|:|•|·|<)\s*")
_TITLE_TEXT = etree.XPath("//title//text()", smart_strings=False)
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
_CRUMB = re.compile(r"crumb|breadcrumb|(?:^|[\s_-])path(?:$|[\s_-])|navigation|(?:^|[\s_-])nav", re.I)
_TITLE_CLASS = re.compile(r"title|head|zag|caption|name|header|subject", re.I)
_HEADING_SCORE = {"h1": 6.0, "h2": 4.0, "h3": 3.0, "h4": 2.0, "h5": 2.0, "h6": 2.0, "strong": 1.5, "b": 1.5}


@dataclass(frozen=True)
class SamplePage:
    """One article page of the source, with what the listing said of it (when known)."""

    url: str
    html: str
    title_hint: str | None = None  # the listing link's text
    date_hint: str | None = None  # the date the listing showed beside it


@dataclass
class _Page:
    sample: SamplePage
    tree: PageTree
    body: Any
    blocks: list[Block]
    title_tag: str


def learn_profile(
    source: str,
    samples: Sequence[SamplePage],
    *,
    listing_pages: int = 0,
    now: dt.datetime | None = None,
) -> SiteProfile | None:
    """The profile of `source` from its article pages, or None with fewer than MIN_PAGES usable."""
    pages = [page for sample in samples if (page := _page(sample)) is not None]
    if len(pages) < MIN_PAGES:
        return None
    count = len(pages)
    minimum = max(2, math.ceil(0.6 * count))
    notes: list[str] = []
    repeated, samples_text = _repeated_blocks(pages)
    prefix, suffix, constant = title_affixes([page.title_tag for page in pages])
    headlines = [_headline(page, prefix, suffix, constant, repeated) for page in pages]
    title = induce(headlines, minimum)
    if title is None:
        notes.append(f"title: no element agreed on {minimum} of {count} pages")
    chosen_titles = [_chosen_text(wish) for wish in headlines]
    body = induce(
        [_body(page, repeated, text) for page, text in zip(pages, chosen_titles, strict=True)], minimum
    )
    if body is None:
        notes.append(f"body: no element agreed on {minimum} of {count} pages")
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    if title is None and body is None and not repeated and not (prefix or suffix or constant):
        logger.info("%s: nothing in common on %d pages; no profile", source, count)
        return None
    dates = [
        _date(page, repeated, wish.proposer, moment) for page, wish in zip(pages, headlines, strict=True)
    ]
    date = induce(dates, minimum)
    if date is not None and not _dates_differ(dates, date, moment):
        date = None  # the same date on every page: a "today" stamp, not the publication date
    if date is None:
        notes.append(f"date: no element agreed on {minimum} of {count} pages")
    return SiteProfile(
        source=source,
        learned_at=moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        pages=count,
        title_prefix=prefix,
        title_suffix=suffix,
        title_tag_constant=constant,
        title=title,
        date=date,
        body=body,
        boilerplate=frozenset(repeated),
        samples=tuple(samples_text),
        listing_pages=listing_pages,
        notes=tuple(notes),
    )


def _page(sample: SamplePage) -> _Page | None:
    try:
        tree = PageTree(sample.html, sample.url)
    except (ValueError, etree.ParserError):
        return None
    if not tree.is_tree or tree.type != "html":
        return None
    bodies = [element for element in tree.root if element.tag == "body"]
    body = bodies[0] if bodies else tree.root
    found = _TITLE_TEXT(tree.root)
    return _Page(sample, tree, body, page_blocks(body), " ".join(" ".join(found[:1]).split()))


def _repeated_blocks(pages: list[_Page]) -> tuple[set[str], list[str]]:
    """Keys of the block texts found on at least half of the pages (two at least), and a few of
    them as text."""
    counts: Counter[str] = Counter()
    texts: dict[str, str] = {}
    for page in pages:
        keys = set()
        for block in page.blocks:
            key = block_key(block.text)
            keys.add(key)
            texts.setdefault(key, block.text)
        counts.update(keys)
    threshold = max(2, math.ceil(len(pages) / 2))
    repeated = {key for key, seen in counts.items() if seen >= threshold}
    shown = sorted((texts[key] for key in repeated if 3 <= len(texts[key]) <= 80), key=len, reverse=True)
    return repeated, shown[:8]


def title_affixes(titles: list[str]) -> tuple[str, str, bool]:
    """The constant text before and after the headline in the pages' <title>s, each cut at a
    separator («Министерство … :: », « | Сайт»); and whether <title> is the same on every page."""
    titles = [title for title in titles if title]
    if len(titles) < 2:
        return "", "", False
    if len(set(titles)) == 1:
        return "", "", True
    prefix = _common_prefix(titles)
    suffix = _common_prefix([title[::-1] for title in titles])[::-1]
    prefix = _cut_prefix(prefix)
    suffix = _cut_suffix(suffix)
    if any(len(title) <= len(prefix) + len(suffix) for title in titles):
        return "", "", False
    return prefix, suffix, False


def _common_prefix(texts: list[str]) -> str:
    first, last = min(texts), max(texts)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def _cut_prefix(prefix: str) -> str:
    """The common prefix up to and including its last separator (nothing without one)."""
    best = ""
    for position in range(len(prefix), 0, -1):
        if _SEPARATOR.search(prefix[:position]):
            best = prefix[:position]
            break
    return best if best.strip() and len(best.strip()) > 1 else ""


def _cut_suffix(suffix: str) -> str:
    for position in range(len(suffix)):
        if _SEPARATOR_START.match(suffix[position:]):
            found = suffix[position:]
            return found if len(found.strip()) > 1 else ""
    return ""


def strip_affixes(title: str, prefix: str, suffix: str) -> str:
    """`title` without the profile's constant <title> prefix and suffix (never emptied)."""
    text = title
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    return text.strip() or title


def _hints(page: _Page, prefix: str, suffix: str, constant: bool) -> list[tuple[str, bool]]:
    """What the site says the headline is, each with whether it may be cut short («…»)."""
    found: list[tuple[str, bool]] = []
    if page.sample.title_hint:
        hint = page.sample.title_hint.strip()
        truncated = bool(_ELLIPSIS.search(hint))
        found.append((_ELLIPSIS.sub("", hint), truncated))
    if page.title_tag and not constant and (prefix or suffix):
        found.append((strip_affixes(page.title_tag, prefix, suffix), False))
    meta = tree_meta(page.tree, *TITLE_META)
    if meta:
        found.append((strip_affixes(meta, prefix, suffix), False))
    if headline := jsonld_value(page.tree, "headline"):
        found.append((headline, False))
    if page.title_tag and not constant and not (prefix or suffix):
        found.append((page.title_tag, False))
    return [(fold(text), truncated) for text, truncated in found if len(fold(text)) >= 8]


def _headline(page: _Page, prefix: str, suffix: str, constant: bool, repeated: set[str]) -> Wanted:
    """The elements on one page that hold the headline, scored: those that say what the site
    says the headline is (the listing's link text, <title>, og:title, JSON-LD); when none does,
    the unique short blocks that look like one (a heading first)."""
    hints = _hints(page, prefix, suffix, constant)
    scores = _headline_scores(page, hints, repeated) if hints else {}
    if not scores:
        scores = _headline_scores(page, [], repeated)
    proposer = max(scores, key=lambda element: scores[element]) if scores else None
    return Wanted(page.tree, scores, proposer)


def _headline_scores(page: _Page, hints: list[tuple[str, bool]], repeated: set[str]) -> dict[Any, float]:
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
        and block_key(text) not in repeated
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


def _chosen_text(wish: Wanted) -> str:
    return fold(element_text(wish.proposer)) if wish.proposer is not None else ""


def _body(page: _Page, repeated: set[str], title: str) -> Wanted:
    """The elements on one page that hold nearly all of its own text, deeper ones scored higher."""
    weights: dict[Any, int] = {}
    for block in page.blocks:
        text = block.text
        if block_key(text) in repeated or block.linked * 2 > len(text):
            continue
        if (title and fold(text) == title) or is_chrome_text(text):
            continue
        weight = len(text)
        element = block.element
        while element is not None:
            weights[element] = weights.get(element, 0) + weight
            element = element.getparent()
    total = weights.get(page.body, 0)
    if not total:
        return Wanted(page.tree, {}, None)
    chain = {element: weight for element, weight in weights.items() if weight >= BODY_SHARE * total}
    depth = {element: sum(1 for _ in element.iterancestors()) for element in chain}
    outer = {page.body, *page.body.iterancestors()}  # the whole page is no container
    scores = {
        element: 1.0 + depth[element] / 100
        for element in chain
        if element not in outer and element.tag not in _NOT_CONTAINERS  # one paragraph is no body
    }
    proposer = max(scores, key=lambda element: scores[element]) if scores else None
    return Wanted(page.tree, scores, proposer)


_UPDATE_WORDS = re.compile(r"обновлен|изменен|отредактирован", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|pub|created|posted|дата", re.IGNORECASE)
MAX_DATE_TEXT = 120


def _date(page: _Page, repeated: set[str], headline: Any | None, now: dt.datetime) -> Wanted:
    """The elements on one page that hold a publication date, scored: agreeing with the listing's
    date for this page, reading as a date alone, named like a date, close after the headline."""
    hint = _day(page.sample.date_hint, now) if page.sample.date_hint else None
    order = {element: index for index, element in enumerate(page.body.iter())} if headline is not None else {}
    anchor = order.get(headline, 0)
    scores: dict[Any, float] = {}
    for block in page.blocks:
        text = block.text
        if len(text) > MAX_DATE_TEXT or block.linked * 2 > len(text) or block_key(text) in repeated:
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
    inner = [
        element
        for element in found
        if not any(other is not element and element in set(other.iterancestors()) for other in found)
    ]
    return inner or found


def _day(text: str | None, now: dt.datetime) -> dt.date | None:
    parsed = parse_date(text or "", "Europe/Moscow", now)
    return parsed.local_date if parsed is not None else None


def _dates_differ(dates: list[Wanted], locator: Any, now: dt.datetime) -> bool:
    """True when the locator reads more than one date across the pages (or there are two pages)."""
    days = set()
    for wish in dates:
        element = locator.pick(_select_all(wish.tree, locator.css))
        if element is not None:
            days.add(_day(element_text(element), now))
    return len(days) > 1 or len(dates) < 3


def _select_all(tree: PageTree, css: str) -> list[Any]:
    try:
        return tree.select(css)
    except ValueError:
        return []
