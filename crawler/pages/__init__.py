"""Page objects, one per platform/layout, looked up by the registry's `platform` value.

The platform modules are imported on first use (crawler.pages.platforms), so that
crawler.discovery, which the page objects use, can import crawler.pages.base without a cycle.
"""

from __future__ import annotations

from typing import Any

from crawler.pages.base import Listing, ListingLink, PageObject, RawRelease

_PLATFORMS: dict[str, PageObject] = {}


def get_page_object(platform: str) -> PageObject:
    """The page object for a platform name; ValueError naming the known platforms otherwise."""
    if not _PLATFORMS:
        from crawler.pages.platforms import PLATFORMS

        _PLATFORMS.update(PLATFORMS)
    try:
        return _PLATFORMS[platform]
    except KeyError:
        known = ", ".join(sorted(_PLATFORMS))
        raise ValueError(f"unknown platform {platform!r}; known platforms: {known}") from None


def __getattr__(name: str) -> Any:
    if name == "PLATFORMS":
        from crawler.pages.platforms import PLATFORMS

        return PLATFORMS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["PLATFORMS", "Listing", "ListingLink", "PageObject", "RawRelease", "get_page_object"]
