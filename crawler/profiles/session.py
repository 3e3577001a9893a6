"""One source's profile during one run: the first article pages wait until a profile is learned.

The crawl (spiders/release.py), the re-extraction of history and the benchmark all go through this:
the first SAMPLE_PAGES article pages of a run are held, a profile is learned from them, and they
are released to be extracted with it, as is every later page. A profile stored by an earlier run
is kept when the new pages still fit it, and replaced (with `relearned` set) when they do not: a
layout changed. Pure: no Scrapy, no archive; the caller loads and stores profiles.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from crawler.pages.tree import PageTree
from crawler.profiles.learn import MIN_PAGES, SAMPLE_PAGES, learn_from_pages
from crawler.profiles.listing import learn_listing
from crawler.profiles.locate import pick
from crawler.profiles.model import SiteProfile
from crawler.profiles.sample import SamplePage, study

logger = logging.getLogger(__name__)

P = TypeVar("P")
FIT_SHARE = 0.6  # a profile fits pages when its locators find their elements on this share of them
LISTING_PAGES = 3  # the run's first listing pages the listing profile is learned from


@dataclass
class Held(Generic[P]):
    sample: SamplePage
    payload: P  # whatever the caller needs to finish the page (the response's context)


class ProfileSession(Generic[P]):
    def __init__(
        self,
        source: str,
        stored: SiteProfile | None = None,
        *,
        sample_size: int = SAMPLE_PAGES,
        now: dt.datetime | None = None,
    ) -> None:
        self.source = source
        self.stored = stored
        self.profile: SiteProfile | None = stored
        self.sample_size = max(sample_size, MIN_PAGES)
        self.now = now
        self.held: list[Held[P]] = []
        self.decided = False
        self.learned: SiteProfile | None = None  # learned in this run (stored or not)
        self.relearned = False  # a stored profile no longer fitted and was replaced
        self.listings: list[tuple[str, str]] = []  # (url, html) of the run's first listing pages

    def note_listing(self, url: str, html: str) -> None:
        """A listing page of the run: the first LISTING_PAGES teach the profile its release list."""
        if len(self.listings) < LISTING_PAGES and not self.decided:
            self.listings.append((url, html))

    def offer(self, sample: SamplePage, payload: P) -> list[Held[P]]:
        """The pages ready to be extracted with `self.profile` now (none while gathering)."""
        if self.decided:
            return [Held(sample, payload)]
        self.held.append(Held(sample, payload))
        if len(self.held) < self.sample_size:
            return []
        return self.finish()

    def finish(self) -> list[Held[P]]:
        """Decide on the profile with the pages gathered so far; release them all."""
        if not self.decided:
            self.decided = True
            self._decide([held.sample for held in self.held])
        released, self.held = self.held, []
        return released

    def _decide(self, samples: list[SamplePage]) -> None:
        enough = len(samples) >= MIN_PAGES
        pages = [page for sample in samples if (page := study(sample)) is not None] if enough else []
        fresh = learn_from_pages(self.source, pages, now=self.now)  # None with fewer than MIN_PAGES
        if fresh is not None and self.listings:
            fresh = replace(fresh, listing=learn_listing(self.listings), listing_pages=len(self.listings))
        self.learned = fresh
        stored = self.stored
        if fresh is None:
            self.profile = stored
            return
        if stored is None:
            self.profile = fresh
            return
        trees = {id(page.sample): page.tree for page in pages}  # each page parsed once, by study
        if fits(stored, [trees.get(id(sample), sample) for sample in samples]) and (
            stored.pages >= fresh.pages or stored.same_template(fresh)
        ):
            self.profile = stored
            return
        self.profile = fresh
        self.relearned = not stored.same_template(fresh)
        if self.relearned:
            logger.warning("%s: the stored site profile no longer fits; learned again", self.source)

    @property
    def to_store(self) -> SiteProfile | None:
        """The profile to save for the next run, if it is new."""
        if self.learned is None or self.profile is not self.learned:
            return None
        return self.learned


def fits(profile: SiteProfile, pages: Sequence[SamplePage | PageTree]) -> bool:
    """True when the profile's title and body locators find an element on most of the pages (a
    page given as a SamplePage is parsed here)."""
    locators = [locator for locator in (profile.title, profile.body) if locator is not None]
    if not locators or not pages:
        return bool(pages)
    hits = 0
    for page in pages:
        tree = page if isinstance(page, PageTree) else PageTree(page.html, page.url)
        if all(pick(tree, locator) is not None for locator in locators):
            hits += 1
    return hits >= FIT_SHARE * len(pages)
