"""<meta http-equiv="refresh"> looked for in a page's bytes before its text.

Scrapy reads a refresh from the first 4,096 characters of `response.text`, which decodes the
whole page: 33 KB of Cyrillic for every article, in the crawl's process, whose worker decodes it
again to read it. Most pages have no refresh, and w3lib rules one out in the undecoded bytes
(for an encoding where markup is its own bytes; else it decodes the part it scans). `meta_refresh`
asks w3lib about the first SCAN_BYTES bytes, which hold at least those 4,096 characters: when
they have no refresh tag, neither have the characters; when they have one, Scrapy's own reading
decides. The answer is always Scrapy's (`response.encoding` is the one `response.text` is decoded
with, a byte order mark's included).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from scrapy.utils.response import get_meta_refresh
from w3lib.html import get_meta_refresh as refresh_in_markup

SCRAPY_SCAN_CHARS = 4096  # what scrapy.utils.response.get_meta_refresh reads of the text
SCAN_BYTES = 4 * SCRAPY_SCAN_CHARS  # no character takes more than four bytes


def meta_refresh(response: HtmlResponse, ignore_tags: Iterable[str]) -> tuple[Any, Any]:
    """`scrapy.utils.response.get_meta_refresh(response, ignore_tags)`: (interval, url) or
    (None, None), without decoding a page that has no refresh tag near its top."""
    tags = tuple(ignore_tags)
    _, url = refresh_in_markup(response.body, response.url, response.encoding, tags, max_scan=SCAN_BYTES)
    if url is None:
        return None, None
    return get_meta_refresh(response, ignore_tags=tags)


class ByteScanMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware, which returns a page with no refresh as it is: known here
    from its bytes (`meta_refresh`)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.ignore_tags = tuple(settings.getlist("METAREFRESH_IGNORE_TAGS"))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if isinstance(response, HtmlResponse) and meta_refresh(response, self.ignore_tags)[1] is None:
            return response
        if spider is None:  # Scrapy 2.13+ calls without it, and warns when it is given
            return super().process_response(request, response)
        return super().process_response(request, response, spider)
