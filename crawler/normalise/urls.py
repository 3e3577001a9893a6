"""URL identity: canonical form, stable release ids, hosts and domain checks."""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize

logger = logging.getLogger(__name__)

# Query keys that track a visit and never identify a page (utm_* is matched by prefix).
TRACKING_PARAMS = frozenset(
    {"yclid", "ysclid", "gclid", "fbclid", "_openstat", "mc_cid", "mc_eid", "_ga", "from_block", "clid"}
)
SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "ftp:")


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith("utm_") or key in TRACKING_PARAMS


def canonicalize_url(url: str) -> str:
    """One spelling per page: w3lib's canonical form, no fragment, no tracking parameters.

    The query that identifies a page (?id=, ?page=, ?ELEMENT_ID=) is kept, sorted by key.
    """
    parts = urlsplit(url.strip())
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _is_tracking(unquote_plus(pair.split("=")[0]))
    )
    stripped = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))
    return _w3lib_canonicalize(stripped, keep_fragments=False)


def release_id(canonical_url: str) -> str:
    """A stable id: the first 16 hex digits of the sha256 of the canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def url_host(url: str) -> str:
    """The lower-case host name of an absolute URL ("" when there is none)."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def host_in_domains(host: str, domains: tuple[str, ...] | list[str]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one (Scrapy's offsite rule)."""
    host = host.lower().rstrip(".")
    for domain in domains:
        domain = domain.lower().strip().rstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def absolute_url(base: str, href: str | None) -> str | None:
    """`href` resolved against `base`; None for empty, fragment-only and non-web links."""
    if href is None:
        return None
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(SKIPPED_SCHEMES):
        return None
    try:
        absolute = urljoin(base, href)
    except ValueError:
        logger.debug("unparseable link %r on %s", href, base)
        return None
    if urlsplit(absolute).scheme not in ("http", "https"):
        return None
    return absolute.split("#", 1)[0]
