"""Signatures handed from a distributed crawl to the clustering after it (archive.clusters.update_clusters).

A distributed crawl's workers make each stored body's MinHash where they read the page
(PRESSARCHIVE_SIGN_BODIES, crawler.runs.page_jobs) and send it with the release; the writer keeps
them here, so its clustering need not read every new body back and hash it again. Free of numpy:
the writer only keeps bytes. (A crawl on one machine leaves the hashing to its clustering: no
process of it loads numpy while pages are read.)
"""

from __future__ import annotations

import sys
from array import array

# A stored signature is 64-bit little-endian values below 2**32 (archive.clusters._to_blob); kept
# here as their 32-bit halves, half the memory (1 MiB per 2,000 releases, 10 MiB at the limit),
# where the machine's own order is little-endian, as array's is.
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

    def add(self, release_id: str, content_hash: str, minhash: bytes | None) -> None:
        if minhash is not None and (release_id in self.by_release or len(self.by_release) < self.limit):
            self.by_release[release_id] = (content_hash, *_compact(minhash))

    def get(self, release_id: str, content_hash: str) -> bytes | None:
        """The signature of this content of the release; None if it was not kept or has changed."""
        known = self.by_release.get(release_id)
        return _expand(known[1], known[2]) if known is not None and known[0] == content_hash else None
