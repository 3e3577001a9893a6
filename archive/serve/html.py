"""HTML from the publishers' sites, made safe to show: nh3 at render time, links made absolute.

body_html was cleaned on write already; cleaning again when rendering is defence in depth
(an archive written by an older version, or edited by hand, is still shown safely). Scripts,
event handlers (onerror=...), javascript: URLs, forms and frames never reach a page.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import nh3
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_ATTRIBUTES = frozenset({"href", "src"})


def clean_html(value: str | None, base_url: str | None = None) -> str:
    """nh3-cleaned HTML; relative links resolved against `base_url` (the page they came from)."""
    if not value:
        return ""

    def absolutise(tag: str, attribute: str, url: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES:
            return url
        resolved = urljoin(base_url, url.strip()) if base_url else url.strip()
        scheme = urlsplit(resolved).scheme.lower()
        return resolved if scheme in SAFE_SCHEMES or not scheme else None

    return nh3.clean(value, attribute_filter=absolutise, url_schemes=set(SAFE_SCHEMES))


def is_web_url(url: object) -> bool:
    """http(s) only: what may become a link to somewhere else."""
    return isinstance(url, str) and url.strip().lower().startswith(("http://", "https://"))


def safe_markup(value: str | None, base_url: str | None = None) -> Markup:
    return Markup(clean_html(value, base_url))
