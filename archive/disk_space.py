"""Free space where the archive lives: a run stops while there is still room to stop cleanly.

A disk that fills in the middle of a crawl leaves SQLite consistent (its transactions are atomic)
but would cut a WARC record in half, and turns every later write into an error. So a writing run
watches the free space of the archive's file system and stops, with one message, while a reserve
is left (as Heritrix's DiskSpaceMonitor pauses a crawl); a write that fails for lack of space
anyway (another process filled the disk faster) stops it the same way (`is_disk_full`).
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_RESERVE_MB = 256
EXIT_DISK_FULL = 74  # EX_IOERR (sysexits.h): the run stopped, nothing lost; free space and rerun

_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_SQLITE_FULL = 13
_SQLITE_IOERR = 10


class DiskFull(Exception):
    """The archive's disk has (nearly) no room left; the message is for the operator, in Russian."""


def free_bytes(directory: Path) -> int:
    """Bytes an unprivileged process may still write on `directory`'s file system."""
    stats = os.statvfs(directory)
    return stats.f_bavail * stats.f_frsize


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 20:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def is_disk_full(exc: BaseException, directory: Path | None = None) -> bool:
    """Whether `exc` (or what caused it) is a write refused for lack of space: ENOSPC, EDQUOT or
    EFBIG from the OS, SQLITE_FULL from SQLite, or a SQLite write I/O error on a file system with
    (almost) nothing left (SQLite reports a short write past the file size limit as one)."""
    for error in _chain(exc):
        if isinstance(error, DiskFull):
            return True
        if isinstance(error, OSError) and error.errno in _FULL_ERRNOS:
            return True
        if isinstance(error, sqlite3.Error):
            code = getattr(error, "sqlite_errorcode", None)
            if code == _SQLITE_FULL or "database or disk is full" in str(error):
                return True
            if code is not None and code & 0xFF == _SQLITE_IOERR and directory is not None:
                try:
                    return free_bytes(directory) < 1024 * 1024
                except OSError:
                    return False
    return False


def mebibytes(size: int) -> str:
    """A size for the operator: «0,9 МБ», «1 024 МБ»."""
    value = size / (1024 * 1024)
    text = f"{value:,.1f}" if value < 10 else f"{value:,.0f}"
    return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0МБ"


def disk_full_message(directory: Path, free: int | None, reserve: int | None) -> str:
    """Why the run stopped: too little room left (`reserve`: the bound it fell under), or a write
    refused for lack of space (`reserve` None)."""
    where = f"{directory}: свободно {mebibytes(free)}" if free is not None else str(directory)
    if reserve is None:
        what = f"на диске архива нет места ({where})"
    else:
        bound = f"нужно не меньше {mebibytes(reserve)}, PRESSARCHIVE_MIN_FREE_MB"
        what = f"на диске архива кончается место ({where}, {bound})"
    return (
        f"{what}. Обход остановлен, база цела. Освободите место и запустите снова: недописанные"
        " файлы WARC будут починены (pressarchive verify --repair)."
    )


@dataclass
class SpaceGuard:
    """Watches one directory's file system for a writing run. `check()` is cheap (one statvfs,
    at most every `interval` seconds); once tripped it stays tripped, with its message."""

    directory: Path
    reserve_bytes: int = DEFAULT_RESERVE_MB * 1024 * 1024
    interval: float = 1.0
    tripped: str | None = None
    _checked_at: float = field(default=-1e9, repr=False)

    def check(self, force: bool = False) -> str | None:
        """The message when the run must stop (too little room), else None."""
        if self.tripped is not None:
            return self.tripped
        now = time.monotonic()
        if not force and now - self._checked_at < self.interval:
            return None
        self._checked_at = now
        try:
            free = free_bytes(self.directory)
        except OSError as exc:  # the directory vanished or cannot be read: not ours to judge here
            logger.debug("statvfs %s: %s", self.directory, exc)
            return None
        if free < self.reserve_bytes:
            self.trip(disk_full_message(self.directory, free, self.reserve_bytes))
        return self.tripped

    def trip(self, message: str | None = None) -> str:
        """Stop the run: the first reason is the one kept and reported."""
        if self.tripped is None:
            self.tripped = message or disk_full_message(self.directory, None, None)
            logger.warning("%s", self.tripped)  # the command says it once, in its own words
        return self.tripped

    def trip_on(self, exc: BaseException) -> bool:
        """Trip when `exc` is a write refused for lack of space; whether it was."""
        if not is_disk_full(exc, self.directory):
            return False
        free: int | None
        try:
            free = free_bytes(self.directory)
        except OSError:
            free = None
        self.trip(disk_full_message(self.directory, free, None))
        return True
