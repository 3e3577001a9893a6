"""A hostile ministry press section on loopback (tests/hostile/site.py) for the crawl's tests."""

from hostile.site import LISTING_PATH, PAGES, HostileSite, Page, hostile_site, write_registry

__all__ = ["LISTING_PATH", "PAGES", "HostileSite", "Page", "hostile_site", "write_registry"]
