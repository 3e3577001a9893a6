"""A worker's view of the archive: reads from the source's context, writes sent to the writer.

The crawl's components (crawler.scrapy_glue: incremental, sections, profiling, conditional,
recheck) ask `remote_store(crawler)` first; on a one-machine crawl it is None and they use the
archive as they always have.
"""

from __future__ import annotations

import logging
import pickle
from typing import TYPE_CHECKING, Any

from archive.sections import StoredSection
from crawler.distributed import messages
from crawler.distributed.context import Candidate, SourceContext
from crawler.distributed.keys import RunKeys
from crawler.profiles.model import SiteProfile

if TYPE_CHECKING:  # redis is imported by the distributed run only, not by every crawl
    import redis

logger = logging.getLogger(__name__)


class RemoteStore:
    """One source's reads and writes during a distributed crawl (see the module docstring)."""

    def __init__(self, server: redis.Redis, keys: RunKeys, source: str, context: SourceContext) -> None:
        self.server = server
        self.keys = keys
        self.source = source
        self.context = context

    @classmethod
    def load(cls, server: redis.Redis, keys: RunKeys, source: str) -> RemoteStore:
        stored = server.hget(keys.context(source), "context")
        context = pickle.loads(stored) if stored else SourceContext()
        return cls(server, keys, source, context)

    def send(self, kind: str, body: Any) -> None:
        messages.send(self.server, self.keys.stream, kind, self.source, body)

    def _remember(self) -> None:
        """The context as it now stands, for a worker that resumes the source."""
        self.server.hset(self.keys.context(self.source), "context", pickle.dumps(self.context))

    # reads
    def known_release_urls(self) -> set[str]:
        return set(self.context.known_urls)

    def current_section(self) -> StoredSection | None:
        return self.context.section

    def load_profile(self) -> SiteProfile | None:
        return self.context.profile

    def get_validators(self, url: str) -> tuple[str | None, str | None]:
        return self.context.validators.get(url, (None, None))

    def recheck_candidates(self, since: str) -> list[Candidate]:
        return [c for c in self.context.recheck if c[3] >= since]

    # writes
    def save_section(self, stored: StoredSection) -> None:
        self.context.section = stored
        self._remember()
        self.send(messages.SECTION, stored)

    def retire_section(self) -> None:
        self.context.section = None
        self._remember()
        self.send(messages.SECTION, None)

    def keep_profile(self, profile: SiteProfile, reason: str) -> None:
        self.context.profile = profile
        self._remember()
        self.send(messages.PROFILE, (profile, reason))

    def store_validators(self, url: str, etag: str | None, last_modified: str | None, at: str) -> None:
        self.send(messages.VALIDATORS, (url, etag, last_modified, at))

    def mark_checked(self, release_ids: list[str], at: str) -> None:
        if release_ids:
            self.send(messages.CHECKED, (release_ids, at))


def remote_store(crawler: Any) -> RemoteStore | None:
    """The crawler's RemoteStore on a worker of a distributed run, else None."""
    store = getattr(getattr(crawler, "spidercls", None), "remote_store", None)
    return store if isinstance(store, RemoteStore) else None
