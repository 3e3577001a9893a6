"""Download failures by class (tls, dns, timeout, connection, other), for the source's health.

Scrapy's own stats name only the outermost exception type, and since 2.19 most transport
failures arrive wrapped as DownloadFailedError: a certificate change and a dead DNS record look
the same there. This middleware reads the whole exception chain and the failure text and counts
`errors/class/<kind>` once per failed attempt.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler

STATS_PREFIX = "errors/class/"

_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tls", ("ssl", "tls", "certificate", "handshake")),
    ("dns", ("dnslookup", "dns lookup", "name or service not known", "no address associated")),
    ("timeout", ("timeout", "timedout", "timed out")),
    (
        "connection",
        (
            "connectionrefused",
            "connection refused",
            "connectionlost",
            "connectiondone",
            "responsenever",
            "connection was closed",
            "reset by peer",
        ),
    ),
)


def classify_exception(exception: BaseException) -> str:
    """tls | dns | timeout | connection | other, from every exception in the chain."""
    seen: set[int] = set()
    parts: list[str] = []
    current: BaseException | None = exception
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        module = type(current).__module__
        tls_module = module == "ssl" or module.startswith("OpenSSL")  # e.g. OpenSSL.SSL.Error
        parts.append(f"{'ssl ' if tls_module else ''}{type(current).__name__} {current}")
        current = current.__cause__ or current.__context__
    text = " ".join(parts).lower()
    for kind, markers in _MARKERS:
        if any(marker in text for marker in markers):
            return kind
    return "other"


class ErrorClassMiddleware:
    """Downloader middleware next to the downloader: sees every failed attempt, retries included."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(STATS_PREFIX + classify_exception(exception))
