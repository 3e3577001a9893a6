"""Signatures handed from the crawl to the clustering after it (archive.clusters.update_clusters).

The crawl computes each stored body's MinHash where it extracts the page (crawler.runs.page_jobs:
in the extraction worker when there is one), so the clustering need not read every new body back
and hash it again in the crawl's own process. Free of numpy: the crawl's pipeline only keeps bytes.
"""

from __future__ import annotations

import sys
from array import array
from typing import Any

# The Scrapy setting that carries a crawl's Signatures to its pipelines (crawler.runs.crawl sets it).
SIGNATURES_SETTING = "PRESSARCHIVE_SIGNATURES"


# A stored signature is 64-bit little-endian values below 2**32 (archive.clusters._to_blob); kept
# here as their 32-bit halves, half the memory (1 MiB of a 2,000-release crawl's peak, 10 MiB at
# the limit), where the machine's own order is little-endian, as array's is.
_LITTLE = sys.byteorder == "little"


def _compact(blob: bytes) -> tuple[bytes, bool]:
    """The blob's 32-bit halves and True, or the blob itself and False when it is not one."""
    if _LITTLE and len(blob) % 8 == 0:
        try:
            return array("I", memoryview(blob).cast("Q")).tobytes(), True
        except OverflowError:  # a value of 2**32 or more: not a signature of ours
            pass
    return blob, False


def _expand(kept: bytes, compact: bool) -> bytes:
    return array("Q", memoryview(kept).cast("I")).tobytes() if compact else kept


class Signatures:
    """MinHash blobs (archive.clusters.signature) by release, with the content hash they were made
    from. Bounded: past `limit` releases the clustering computes the rest itself, as it always can."""

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self.by_release: dict[str, tuple[str, bytes, bool]] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> Signatures:
        return self  # one per crawl, shared by its spiders through Scrapy's (copied) settings

    def add(self, release_id: str, content_hash: str, minhash: bytes | None) -> None:
        if minhash is not None and (release_id in self.by_release or len(self.by_release) < self.limit):
            self.by_release[release_id] = (content_hash, *_compact(minhash))

    def get(self, release_id: str, content_hash: str) -> bytes | None:
        """The signature of this content of the release; None if it was not kept or has changed."""
        known = self.by_release.get(release_id)
        return _expand(known[1], known[2]) if known is not None and known[0] == content_hash else None
