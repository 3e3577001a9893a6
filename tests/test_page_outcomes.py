"""The kind a failed request is counted under (`pages/failed/<kind>`, crawler.scrapy_glue.failures).

That every page a crawl asks for ends in one counted outcome (stored + dropped by reason + failed
by kind add up to the links the listings gave) is checked on the hostile site's crawl:
tests/test_hostile_crawl.py (a redirect loop, a gzip bomb, a 404, a page robots.txt forbids, a page
that is not a release, and the rest).
"""

from __future__ import annotations

import pytest
from scrapy.exceptions import IgnoreRequest

from crawler.scrapy_glue.failures import failure_kind
from crawler.scrapy_glue.retry_after import HostAskedToWait


@pytest.mark.parametrize(
    ("exception", "kind"),
    [
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (10000000 B) during decompression."), "too_large"),
        (
            ValueError("Received 40000000 bytes which is larger than download max size (33554432)"),
            "too_large",
        ),
        (IgnoreRequest("Forbidden by robots.txt"), "robots"),
        (HostAskedToWait("example.ru asked for 86400 s"), "asked_to_wait"),
        (IgnoreRequest("anything else"), "ignored"),
        (TimeoutError("timed out"), "timeout"),
        (ConnectionRefusedError("Connection refused"), "connection"),
    ],
)
def test_failure_kinds(exception: BaseException, kind: str) -> None:
    assert failure_kind(exception) == kind
