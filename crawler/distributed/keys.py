"""The Redis keys of one distributed run, all under one namespace (one archive per namespace)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

DEFAULT_NAMESPACE = "pressarchive"


def _glob_escaped(text: str) -> str:
    """`text` matched literally by a Redis glob pattern (SCAN MATCH): a namespace may hold * or [."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


def runs_pattern(namespace: str) -> str:
    """SCAN MATCH pattern of every run's keys in the namespace (not `current`)."""
    return f"{_glob_escaped(namespace)}:run:*"


def delete_matching(server: Any, pattern: str) -> int:
    """Delete the keys SCAN finds for `pattern` (a redis.Redis client); how many."""
    deleted = 0
    batch: list[bytes] = []
    for key in server.scan_iter(match=pattern, count=500):
        batch.append(key)
        if len(batch) >= 500:
            deleted += server.delete(*batch)
            batch.clear()
    if batch:
        deleted += server.delete(*batch)
    return int(deleted)


@dataclass(frozen=True)
class RunKeys:
    """Where a run keeps its state in Redis.

    `current` names the run in progress; everything else is under the run's id, so a finished
    run's leftovers never mix with the next one's."""

    namespace: str
    run_id: str

    @classmethod
    def current_key(cls, namespace: str = DEFAULT_NAMESPACE) -> str:
        return f"{namespace}:current"

    def _key(self, *parts: str) -> str:
        return ":".join((self.namespace, "run", self.run_id, *parts))

    @property
    def pattern(self) -> str:
        """SCAN MATCH pattern of every key of this run (all are under its id)."""
        return f"{_glob_escaped(self._key(''))}*"

    @property
    def meta(self) -> str:
        """Hash: the run's sources, modes and settings (pickled), its archive, when it started."""
        return self._key("meta")

    @property
    def stream(self) -> str:
        """Stream: everything the workers send the writer, in order."""
        return self._key("stream")

    @property
    def done(self) -> str:
        """Set: sources whose crawl ended (their last message is on the stream)."""
        return self._key("done")

    @property
    def stored(self) -> str:
        """Set: sources whose end the writer has stored (their run recorded)."""
        return self._key("stored")

    @property
    def workers(self) -> str:
        """Hash: worker id -> last heartbeat (UTC seconds), for the operator."""
        return self._key("workers")

    @property
    def counters(self) -> str:
        """Hash: source -> the writer's running figures of its run (pickled)."""
        return self._key("counters")

    def lease(self, source: str) -> str:
        """String with a time-to-live: the worker crawling the source now."""
        return self._key("source", source, "lease")

    def requests(self, source: str) -> str:
        """Sorted set: the source's requests waiting (scrapy-redis's priority queue)."""
        return self._key("source", source, "requests")

    def inflight(self, source: str) -> str:
        """Hash: requests taken from the queue and not yet done (id -> the request)."""
        return self._key("source", source, "inflight")

    def inflight_ids(self, source: str) -> str:
        """Counter: the ids given to in-flight requests."""
        return self._key("source", source, "inflight_ids")

    def dupefilter(self, source: str) -> str:
        """Set: fingerprints of the source's requests seen this run."""
        return self._key("source", source, "dupefilter")

    def context(self, source: str) -> str:
        """Hash: what the spider reads of the archive (crawler.distributed.context)."""
        return self._key("source", source, "context")

    def started(self, source: str) -> str:
        """String: set once the source's start requests are queued; a resumed crawl skips them."""
        return self._key("source", source, "started")
