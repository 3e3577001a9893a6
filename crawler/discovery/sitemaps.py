"""XML sitemaps: index and urlset, gzip or not, filtered by lastmod and by the source's press section.

A sitemap lists a whole site; the crawl wants only the press releases. A URL is kept when its path
lies under one of the section prefixes (the listing pages' paths and the paths the listing's own
article links were seen under) and, when a cut-off is given, its lastmod is not older.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.normalise.urls import absolute_url, host_in_domains, url_host

logger = logging.getLogger(__name__)

_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
MAX_GZIP = 64 * 1024 * 1024  # a sitemap never needs more; stops a gzip bomb


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str | None = None


@dataclass(frozen=True)
class Sitemap:
    kind: str  # "index" | "urlset"
    entries: tuple[SitemapEntry, ...]


def _gunzip(body: bytes) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as handle:
        return handle.read(MAX_GZIP)


def parse_sitemap(body: bytes, url: str) -> Sitemap | None:
    """The entries of a <sitemapindex> or <urlset>; None when the document is neither."""
    try:
        root = etree.fromstring(_gunzip(body).lstrip(), parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError, OSError, EOFError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    kind = {"sitemapindex": "index", "urlset": "urlset"}.get(etree.QName(root).localname)
    if kind is None:
        return None
    entries: list[SitemapEntry] = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        values = {
            etree.QName(child).localname: (child.text or "").strip()
            for child in element
            if isinstance(child.tag, str)
        }
        location = absolute_url(url, values.get("loc"))
        if location:
            entries.append(SitemapEntry(location, values.get("lastmod") or None))
    return Sitemap(kind, tuple(entries))


def lastmod_date(text: str | None) -> dt.date | None:
    """The calendar date of a W3C-datetime lastmod ("2025-11-21", "2025-11-21T12:41:17+03:00")."""
    if not text or not (match := _ISO_DAY.match(text.strip())):
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def section_prefixes(urls: Iterable[str]) -> tuple[str, ...]:
    """Path prefixes of the press section: each URL's path as a directory ("/news" -> "/news/").

    For an article URL ("/content/slug", "/press/news/6439") its parent directory is used instead.
    """
    prefixes: list[str] = []
    for url in urls:
        path = urlsplit(url).path or "/"
        prefix = path if path.endswith("/") else path + "/"
        if prefix not in prefixes:
            prefixes.append(prefix)
    return tuple(prefixes)


def article_prefixes(urls: Iterable[str]) -> tuple[str, ...]:
    """The parent directories of article URLs ("/content/slug" -> "/content/")."""
    prefixes: list[str] = []
    for url in urls:
        parent = urlsplit(url).path.rstrip("/").rsplit("/", 1)[0] + "/"
        if parent != "/" and parent not in prefixes:
            prefixes.append(parent)
    return tuple(prefixes)


def in_section(url: str, prefixes: tuple[str, ...], domains: tuple[str, ...] = ()) -> bool:
    """True when `url` is on an allowed host and below one of the prefixes (itself excluded)."""
    if domains and not host_in_domains(url_host(url), domains):
        return False
    path = urlsplit(url).path or "/"
    return any(path.startswith(prefix) and path != prefix for prefix in prefixes)


def select_entries(
    sitemap: Sitemap,
    prefixes: tuple[str, ...],
    domains: tuple[str, ...] = (),
    since: dt.date | None = None,
) -> tuple[SitemapEntry, ...]:
    """Entries to follow: child sitemaps of an index (by lastmod only), or release URLs in the section.

    An entry without lastmod is kept (it may be new); one older than `since` is skipped.
    """
    kept: list[SitemapEntry] = []
    for entry in sitemap.entries:
        day = lastmod_date(entry.lastmod)
        if since is not None and day is not None and day < since:
            continue
        if sitemap.kind == "index":
            if not domains or host_in_domains(url_host(entry.url), domains):
                kept.append(entry)
        elif in_section(entry.url, prefixes, domains):
            kept.append(entry)
    return tuple(kept)


_SITEMAP_LINE = re.compile(r"(?im)^\s*sitemap\s*:\s*(\S+)")


def robots_sitemaps(text: str, robots_url: str) -> list[str]:
    """The sitemaps a robots.txt names in its `Sitemap:` lines, as absolute URLs."""
    return [urljoin(robots_url, match) for match in _SITEMAP_LINE.findall(text)]
