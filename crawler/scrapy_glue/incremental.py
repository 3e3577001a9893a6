"""What an incremental crawl already knows: the source's release URLs in the archive.

Links are compared after canonicalisation, as the archive stores them, so `?utm_source=` or a
fragment does not make a known release look new.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive.validators import known_release_urls
from crawler.distributed.store import remote_store
from crawler.normalise.urls import canonicalize_url
from crawler.scrapy_glue.writer import borrowed_archive

MODES = ("full", "deep", "incremental")


@dataclass(frozen=True)
class KnownReleases:
    urls: frozenset[str]

    @classmethod
    def empty(cls) -> KnownReleases:
        return cls(frozenset())

    @classmethod
    def load(cls, crawler: Any, source: str) -> KnownReleases:
        remote = remote_store(crawler)
        if remote is not None:  # a worker of a distributed run (crawler.distributed)
            urls = remote.known_release_urls()
        else:
            with borrowed_archive(crawler) as archive:
                urls = known_release_urls(archive.db, source)
        return cls(frozenset(canonicalize_url(u) for u in urls))

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and canonicalize_url(url) in self.urls

    def __len__(self) -> int:
        return len(self.urls)
