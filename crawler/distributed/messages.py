"""What workers send the writer: one Redis stream of typed messages, in the order they happened.

Each message is `kind`, `source` and a pickled, zlib-compressed body. Pickle carries the crawl's own
records (Release, Exchange, SiteProfile ...) whole, so the writer stores exactly what a one-machine
crawl would; it also means that whoever can write to the Redis server can make the writer run code:
the server must be reachable by the run's machines only (docs/distributed.md).
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # redis is imported by the distributed run only, not by every crawl
    import redis


# kinds, in the writer's words (crawler.distributed.drain)
# a response: (key, Exchange without its body, its WARC record as encoded by the worker); written to
# WARC (or a revisit, when the archive has the payload) and indexed by the writer
CAPTURE = "capture"
RELEASE = "release"  # (Release, MinHash signature, capture key) of an extracted article
GONE = "gone"  # a ReleaseGone whose capture_id is a capture key
ATTACHMENT = "attachment"  # (AttachmentFetch, AttachmentText | None, digest, waiting, capture key)
SKIPPED = "skipped"  # list[Skipped]: files over a budget, recorded as such
PROFILE = "profile"  # (SiteProfile, reason): a site profile learned
SECTION = "section"  # StoredSection chosen, or None with the source: retired
VALIDATORS = "validators"  # (url, etag, last_modified, at) of a conditional GET's answer
CHECKED = "checked"  # (release ids, at): re-checks asked
STATS = "stats"  # a worker's Scrapy stats for the source, when its spider closed
DONE = "done"  # (finish reason): the source's crawl ended; its run is recorded

KINDS = (CAPTURE, RELEASE, GONE, ATTACHMENT, SKIPPED, PROFILE, SECTION, VALIDATORS, CHECKED, STATS, DONE)


@dataclass(frozen=True)
class Message:
    id: str
    kind: str
    source: str
    body: Any


def pack(body: Any) -> bytes:
    return zlib.compress(pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))


def fields(kind: str, source: str, body: Any) -> dict[str, Any]:
    if kind not in KINDS:
        raise ValueError(f"unknown message kind {kind!r}")
    return {"kind": kind, "source": source, "body": pack(body)}


def send(server: redis.Redis, stream: str, kind: str, source: str, body: Any) -> str:
    """Append one message; returns its stream id."""
    found = server.xadd(stream, fields(kind, source, body))
    return found.decode() if isinstance(found, bytes) else str(found)


def decode(entry_id: bytes | str, values: dict[bytes, bytes]) -> Message:
    return Message(
        id=entry_id.decode() if isinstance(entry_id, bytes) else entry_id,
        kind=values[b"kind"].decode(),
        source=values[b"source"].decode(),
        body=unpack(values[b"body"]),
    )
