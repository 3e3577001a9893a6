"""Run locks: one nightly run at a time (nightly.lock), one writer of an archive at a time
(ARCHIVE.db.lock, see `writer_lock_path`).

flock(2) on a file beside the database: the kernel drops it when the process dies (even on
kill -9), so a crash never leaves a stale lock behind. A process forked while a lock is held (a
crawl's extraction worker) closes its copy of the file at once, so the lock dies with its holder
and never outlives it in a child. The file records who holds it («pid 4121 since
2026-11-26T02:15:03Z: pressarchive crawl»).

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

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2
UNKNOWN_HOLDER = "unknown process"
_HELD: set[RunLock] = set()  # the locks this process holds (a forked child lets go of them)


def _forget_in_child() -> None:
    """In a forked child: close the inherited lock files (never unlock: the parent holds them)."""
    for lock in list(_HELD):
        lock._drop()
    _HELD.clear()


os.register_at_fork(after_in_child=_forget_in_child)


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
        self._fd: int | None = None  # a bare descriptor: a forked child can close it and nothing else

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            self._take(fd)
        except BaseException:
            os.close(fd)
            raise
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        line = f"pid {os.getpid()} since {started}{f': {self.command}' if self.command else ''}\n"
        os.ftruncate(fd, 0)
        os.pwrite(fd, line.encode("utf-8"), 0)
        self._fd = fd
        _HELD.add(self)
        logger.debug("lock %s taken", self.path)
        return self

    def _take(self, fd: int) -> None:
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                holder = _holder(fd)
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
        _HELD.discard(self)
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def _drop(self) -> None:
        """In a forked child: close the inherited descriptor; the parent's lock stays."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _holder(fd: int) -> str:
    return os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or UNKNOWN_HOLDER
