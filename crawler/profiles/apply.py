"""A profile's parts read off one page (the page objects call these)."""

from __future__ import annotations

from crawler.pages.common import element_text
from crawler.pages.tree import PageTree
from crawler.profiles.locate import pick
from crawler.profiles.model import SiteProfile

MAX_TITLE = 500
MAX_DATE = 160  # characters: a longer "date" is a paragraph the locator hit by mistake


def profile_title(tree: PageTree, profile: SiteProfile) -> str | None:
    """The text of the profile's headline element on this page, if it has one that reads as a title."""
    element = pick(tree, profile.title)
    if element is None:
        return None
    text = element_text(element)
    return text if 3 <= len(text) <= MAX_TITLE else None


def profile_date(tree: PageTree, profile: SiteProfile) -> str | None:
    """The text of the profile's date element on this page (the date parser finds the date in it)."""
    element = pick(tree, profile.date)
    if element is None:
        return None
    text = element_text(element)
    return text if text and len(text) <= MAX_DATE else None
