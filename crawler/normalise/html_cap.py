"""A bound on the HTML handed to extraction, so one enormous page cannot take the crawl's memory.

A press release page is tens to hundreds of kilobytes. The odd one is not: a 30 MB article (an
inline base64 scan, a megabyte of inline scripts, a runaway CMS loop) took 93 s and 2.2 GB to
extract. Pages longer than the bound first lose what is never text: the contents of `<script>`,
`<style>` and `<svg>` and long `data:` URIs; what is still too long is cut at the bound (lxml
closes the open elements). The capture keeps the page as it came; only the reading is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.normalise.encoding import decode_html

DEFAULT_MAX_CHARS = 2_000_000
# A listing is read further: its worth is its links, and an «all news» page of 10,000 items is
# some 2.5 million characters even without its scripts (PRESSARCHIVE_LISTING_MAX_CHARS).
LISTING_MAX_CHARS = 8_000_000

_BULK_OPEN = re.compile(r"<(script|style|svg)\b[^>]*>", re.IGNORECASE)
_DATA_URI = re.compile(r"data:[^\"'\s)>]{512,}", re.IGNORECASE)


@dataclass(frozen=True)
class CappedHtml:
    text: str
    cut: bool = False  # the page was longer than the bound: slimmed and perhaps cut
    original_chars: int = 0


def cap_html(html: str, max_chars: int = DEFAULT_MAX_CHARS) -> CappedHtml:
    """`html` if it is within `max_chars`; otherwise slimmed, then cut at `max_chars`."""
    if max_chars <= 0 or len(html) <= max_chars:
        return CappedHtml(html, False, len(html))
    slim = _DATA_URI.sub("data:,", _without_bulk(html))
    return CappedHtml(slim[:max_chars], True, len(html))


def read_html(body: bytes, content_type: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> CappedHtml:
    """A page's bytes decoded (crawler.normalise.encoding) and bounded for extraction."""
    return cap_html(decode_html(body, content_type).text, max_chars)


def _without_bulk(html: str) -> str:
    """`html` with the contents of script, style and svg elements dropped (the tags kept).

    A linear scan: each opening tag is matched by a search for its closing tag from there, and an
    element that never closes ends the scan (the rest is kept as it is).
    """
    lowered = html.lower()
    parts: list[str] = []
    position = 0
    while (match := _BULK_OPEN.search(html, position)) is not None:
        closing = f"</{match.group(1).lower()}"
        end = lowered.find(closing, match.end())
        if end < 0:
            break
        parts.append(html[position : match.end()])
        position = end
    parts.append(html[position:])
    return "".join(parts)
