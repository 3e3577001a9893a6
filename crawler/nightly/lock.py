"""Run locks: one nightly run at a time (nightly.lock), one writer of an archive at a time
(ARCHIVE.db.lock, see `writer_lock_path`).

flock(2) on a file beside the database: the kernel drops it when the process dies (even on
kill -9), so a crash never leaves a stale lock behind. A crawl's forked extraction worker shares
the open file; it exits within a second of its parent, and the lock goes with it. The file records
who holds it («pid 4121 since 2026-11-26T02:15:03Z: pressarchive crawl»).

A lock taken with `wait` > 0 is asked for again every POLL_SECONDS until it is free or the wait is
over; `on_wait(holder)` is called once, when the wait begins.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2
UNKNOWN_HOLDER = "unknown process"


class LockHeld(RuntimeError):
    """Another run holds the lock; the message says which (`holder`: the lock file's line)."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"another run holds {path} ({holder})")
        self.path = path
        self.holder = holder


def writer_lock_path(db_path: Path) -> Path:
    """The archive's writer lock: `archive.db.lock` beside `archive.db` (one per database)."""
    return db_path.with_name(f"{db_path.name}.lock")


class RunLock:
    def __init__(
        self,
        path: Path,
        *,
        command: str = "",
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.command = command
        self.wait = wait
        self.on_wait = on_wait
        self._file: IO[str] | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            self._take(handle)
        except BaseException:
            handle.close()
            raise
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        handle.write(f"pid {os.getpid()} since {started}{f': {self.command}' if self.command else ''}\n")
        handle.flush()
        self._file = handle
        logger.debug("lock %s taken", self.path)
        return self

    def _take(self, handle: IO[str]) -> None:
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                holder = _holder(handle)
            left = deadline - time.monotonic()
            if left <= 0:
                raise LockHeld(self.path, holder)
            if not told and self.on_wait is not None:
                self.on_wait(holder)
                told = True
            time.sleep(min(POLL_SECONDS, left))

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._file is not None:
            self._file.seek(0)
            self._file.truncate()
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    return handle.read().strip() or UNKNOWN_HOLDER
