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
from collections import Counter
from collections.abc import Sequence
from typing import Any

from crawler.profiles.affixes import title_affixes
from crawler.profiles.blocks import fold
from crawler.profiles.chrome import is_chrome_text
from crawler.profiles.dating import date_wish, dates_differ
from crawler.profiles.headline import chosen_text, headline
from crawler.profiles.locate import Wanted, induce
from crawler.profiles.model import SiteProfile
from crawler.profiles.sample import SamplePage, StudiedPage, study

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
BODY_SHARE = 0.9  # a body container holds at least this share of the page's own text


def learn_profile(
    source: str,
    samples: Sequence[SamplePage],
    *,
    now: dt.datetime | None = None,
) -> SiteProfile | None:
    """The profile of `source` from its article pages, or None with fewer than MIN_PAGES usable."""
    return learn_from_pages(
        source, [page for sample in samples if (page := study(sample)) is not None], now=now
    )


def learn_from_pages(
    source: str, pages: list[StudiedPage], *, now: dt.datetime | None = None
) -> SiteProfile | None:
    """`learn_profile` on pages already studied (crawler.profiles.sample.study)."""
    if len(pages) < MIN_PAGES:
        return None
    count = len(pages)
    minimum = max(2, math.ceil(0.6 * count))
    notes: list[str] = []
    repeated, samples_text = _repeated_blocks(pages)
    prefix, suffix, constant = title_affixes([page.title_tag for page in pages])
    headlines = [headline(page, prefix, suffix, constant, repeated) for page in pages]
    title = induce(headlines, minimum)
    if title is None:
        notes.append(f"title: no element agreed on {minimum} of {count} pages")
    chosen_titles = [chosen_text(wish) for wish in headlines]
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
        date_wish(page, repeated, wish.proposer, moment) for page, wish in zip(pages, headlines, strict=True)
    ]
    date = induce(dates, minimum)
    if date is not None and not dates_differ(dates, date, moment):
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
        notes=tuple(notes),
    )


def _repeated_blocks(pages: list[StudiedPage]) -> tuple[set[str], list[str]]:
    """Keys of the block texts found on at least half of the pages (two at least), and a few of
    them as text."""
    counts: Counter[str] = Counter()
    texts: dict[str, str] = {}
    for page in pages:
        keys = set()
        for block in page.blocks:
            key = block.key
            keys.add(key)
            texts.setdefault(key, block.text)
        counts.update(keys)
    threshold = max(2, math.ceil(len(pages) / 2))
    repeated = {key for key, seen in counts.items() if seen >= threshold}
    shown = sorted((texts[key] for key in repeated if 3 <= len(texts[key]) <= 80), key=len, reverse=True)
    return repeated, shown[:8]


def _body(page: StudiedPage, repeated: set[str], title: str) -> Wanted:
    """The elements on one page that hold nearly all of its own text, deeper ones scored higher."""
    weights: dict[Any, int] = {}
    for block in page.blocks:
        text = block.text
        if block.key in repeated or block.linked * 2 > len(text):
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
