"""Page objects, one per platform/layout, looked up by the registry's `platform` value."""

from __future__ import annotations

from crawler.pages.base import Listing, ListingLink, PageObject, RawRelease
from crawler.pages.generic import GenericPage
from crawler.pages.mosreg_ministry import MosregMinistryPage

_GENERIC = GenericPage()

PLATFORMS: dict[str, PageObject] = {
    "mosreg_ministry": MosregMinistryPage(),
    "generic": _GENERIC,
    # The registry already accepts these platforms; until their own adapters exist (a later issue)
    # they use the generic page object, whose selectors the registry entry can override.
    "bitrix": _GENERIC,
    "drupal": _GENERIC,
    "wordpress": _GENERIC,
    "gosweb": _GENERIC,
}


def get_page_object(platform: str) -> PageObject:
    """The page object for a platform name; ValueError naming the known platforms otherwise."""
    try:
        return PLATFORMS[platform]
    except KeyError:
        known = ", ".join(sorted(PLATFORMS))
        raise ValueError(f"unknown platform {platform!r}; known platforms: {known}") from None


__all__ = ["PLATFORMS", "Listing", "ListingLink", "PageObject", "RawRelease", "get_page_object"]
