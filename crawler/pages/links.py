"""crawler.normalise.urls.absolute_url, with a short cut for the two shapes most links have.

urljoin parses the base URL again for every link and rebuilds the result through named tuples.
For a root-relative path ("/upload/a.jpg") or an absolute http(s) URL without a query, fragment,
parameters, brackets or control characters, the stdlib's result is known without that work:
the base's scheme and host before the path, or the URL itself. Anything else goes to
absolute_url. tests/test_pages_links.py holds the short cut to absolute_url's answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from crawler.normalise.urls import absolute_url

logger = logging.getLogger(__name__)

Resolver = Callable[[str | None], str | None]
_AWKWARD = frozenset("?#;[]\t\r\n")  # query, fragment, params, IPv6 brackets, what urlsplit drops


def _plain(href: str) -> bool:
    return _AWKWARD.isdisjoint(href)


def resolver(base: str) -> Resolver:
    """absolute_url(base, href) as a function of href, with the base parsed once."""
    try:
        parts = urlsplit(base)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or not parts.netloc.isascii()
        or not _plain(parts.netloc)
    ):
        return lambda href: absolute_url(base, href)
    prefix = f"{parts.scheme}://{parts.netloc}"

    def resolve(href: str | None) -> str | None:
        if href is None:
            return None
        href = href.strip()
        if not _plain(href):
            return absolute_url(base, href)
        if href.startswith("/") and not href.startswith("//"):
            # urljoin keeps a root-relative path as it is unless it has dot or empty segments
            if "//" in href or "/./" in href or "/../" in href or href.endswith(("/.", "/..")):
                return absolute_url(base, href)
            return prefix + href
        if href.startswith(("http://", "https://")):
            host = href.split("://", 1)[1].split("/", 1)[0]
            if host and host.isascii():
                return href  # urljoin gives it back (same scheme: rebuilt identically)
        return absolute_url(base, href)

    return resolve


def document_base(root: Any, url: str) -> str:
    """The URL the page's relative links resolve against: its first `<base href>` (resolved
    against `url`) when that is a web address, else `url` itself (MODX and Joomla templates set
    <base> on every page and write their links relative to it)."""
    if not isinstance(getattr(root, "tag", None), str):
        return url
    root = root.getroottree().getroot()  # the document's, whichever element was given
    head = root.find("head") if root.tag != "head" else root
    for element in head if head is not None else ():
        if element.tag == "base" and (href := (element.get("href") or "").strip()):
            base = absolute_url(url, href)
            if base and urlsplit(base).scheme in ("http", "https"):
                return base
            return url
    return url


__all__ = ["Resolver", "document_base", "resolver"]
