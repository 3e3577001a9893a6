"""One writing connection per process, shared by every crawler of a run.

SQLite 3.40 (this platform) is inside the WAL-reset bug range, so all writes of a process go
through one connection. Scrapy deep-copies settings per crawler; this handle survives the copy
as itself, so every crawler's pipeline reaches the same Archive.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from archive.disk_space import DEFAULT_RESERVE_MB, SpaceGuard
from archive.store import Archive

logger = logging.getLogger(__name__)


class SharedArchive:
    """A lazily opened, reference-counted Archive for one database path."""

    def __init__(self, db_path: str | Path, cache_kib: int | None = None) -> None:
        self.db_path = Path(db_path)
        self.cache_kib = cache_kib  # the connection's page cache (PRAGMA cache_size), None: the archive's
        self._archive: Archive | None = None
        self._users = 0
        self._space: SpaceGuard | None = None

    def space(self, reserve_mb: int = DEFAULT_RESERVE_MB) -> SpaceGuard:
        """The run's watch on the archive's free space (crawler.scrapy_glue.disk_guard): one for
        every crawler of the process, so a full disk stops them all."""
        if self._space is None:
            self._space = SpaceGuard(self.db_path.parent, max(0, reserve_mb) * 1024 * 1024)
        return self._space

    @property
    def disk_full(self) -> str | None:
        """Why the run stopped for lack of space, or None."""
        return self._space.tripped if self._space is not None else None

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self  # shared on purpose: see the module docstring

    def acquire(self) -> Archive:
        if self._archive is None:
            logger.info("opening archive %s", self.db_path)
            self._archive = Archive.open(self.db_path)
            if self.cache_kib is not None:
                self._archive.db.execute(f"PRAGMA cache_size = -{int(self.cache_kib)}")
        self._users += 1
        return self._archive

    def release(self) -> None:
        self._users -= 1
        if self._users <= 0 and self._archive is not None:
            self._archive.close()
            self._archive = None
            self._users = 0


def writer_for(crawler: Any) -> SharedArchive:
    """The process's SharedArchive for a crawler: the one `pressarchive crawl` put in the settings,
    else one made for `scrapy crawl` and kept on the crawler so its pipeline and middlewares share it."""
    writer = crawler.settings.get("PRESSARCHIVE_WRITER")
    if writer is None:
        writer = getattr(crawler, "_pressarchive_writer", None)
    if writer is None:
        writer = SharedArchive(crawler.settings["PRESSARCHIVE_DB"])
        crawler._pressarchive_writer = writer
    assert isinstance(writer, SharedArchive)
    return writer


@contextmanager
def borrowed_archive(crawler: Any) -> Iterator[Archive]:
    """The process's archive for the length of a `with` block (acquired, then released)."""
    writer = writer_for(crawler)
    archive = writer.acquire()
    try:
        yield archive
    finally:
        writer.release()
