"""Every page the spider asked for and did not get, counted by why (`pages/failed/<kind>`).

Without an errback, Scrapy lets a request vanish with at most a log line: a redirect loop
("max redirections reached"), a gzip bomb (decompressed past DOWNLOAD_MAXSIZE), a robots.txt
refusal. The spider gives each of its requests `count_failure` as errback: it counts the failure
under one kind and hands it on unchanged, so Scrapy's own handling (the HTTP error statistics, the
"Error downloading" log line that the run's error count reads) is as before.

Kinds: http_<status> (an answer the spider does not read), redirect_loop, too_large, robots,
offsite, asked_to_wait (crawler.scrapy_glue.retry_after), ignored (any other refusal) and the
transport classes of crawler.scrapy_glue.errors (tls, dns, timeout, connection, other).
"""

from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from crawler.scrapy_glue.errors import classify_exception
from crawler.scrapy_glue.retry_after import HostAskedToWait

logger = logging.getLogger(__name__)

STATS_PREFIX = "pages/failed/"


def failure_kind(exception: BaseException) -> str:
    """The kind a failed request is counted under."""
    if isinstance(exception, HttpError):
        return f"http_{exception.response.status}"
    if isinstance(exception, HostAskedToWait):
        return "asked_to_wait"
    text = str(exception).lower()
    if "max redirections" in text:
        return "redirect_loop"
    if "max size" in text or "maxsize" in text:
        return "too_large"
    if isinstance(exception, IgnoreRequest):
        if "robots.txt" in text:
            return "robots"
        if "offsite" in text:
            return "offsite"
        return "ignored"
    return classify_exception(exception)


def count_failure(stats: StatsCollector | None, failure: Failure, url: str) -> Failure:
    """Count the failure of the request for `url` and hand it on as it came."""
    kind = failure_kind(failure.value)
    if stats is not None:
        stats.inc_value(STATS_PREFIX + kind)
    if kind in ("redirect_loop", "too_large"):
        logger.warning("page not read (%s): %s", kind, url)
    return failure
