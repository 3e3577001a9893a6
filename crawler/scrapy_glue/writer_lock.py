"""`scrapy crawl NAME` takes the archive's writer lock, as every pressarchive command that writes.

`pressarchive crawl` and `nightly` hold `archive.db.lock` (crawler.nightly.lock, taken by
crawler.commands._writing.writing) for the whole run; the bare Scrapy command went around it and
wrote the archive beside them. This extension takes the same lock when a crawler starts, before
the pipeline opens the archive, and lets it go when the last crawler of the process has closed.

- A process that holds the lock already (the pressarchive command that started the crawl) is not
  asked again: the lock file names its pid.
- Another writer holds it: waited for up to `PRESSARCHIVE_WRITER_WAIT` seconds (0: not at all),
  then the crawl is refused before anything is opened or written: one line on stderr naming the
  holder, as the CLI says it (Scrapy's log has it too), and the process exits with code 75, as a
  pressarchive command refused by a busy archive does.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.commands._writing import describe_holder
from crawler.nightly.lock import LockHeld, RunLock, writer_lock_path

logger = logging.getLogger(__name__)

WAIT_SETTING = "PRESSARCHIVE_WRITER_WAIT"
EXIT_BUSY = 75  # EX_TEMPFAIL, as the CLI's commands exit when the archive is busy
# The locks this process took here, by path, with how many crawlers use each.
_TAKEN: dict[Path, tuple[RunLock, int]] = {}


class ArchiveBusy(RuntimeError):
    """Another command writes the archive: the crawl does not start."""


def busy_message(db_path: Path, holder: str, wait: float) -> str:
    waited = f" (ждал {wait:g} с)" if wait else ""
    return (
        f"Архив {db_path} занят{waited}: пишет {describe_holder(holder)}."
        f" Повторите позже или дайте -s {WAIT_SETTING}=СЕКУНДЫ."
    )


def acquire(db_path: Path, command: str, wait: float = 0.0) -> Path | None:
    """Hold the writer lock of `db_path` for one more crawler of this process; the lock's path, or
    None when the process held it already (a pressarchive command). ArchiveBusy when another holds it."""
    path = writer_lock_path(db_path).resolve()
    if path in _TAKEN:
        lock, users = _TAKEN[path]
        _TAKEN[path] = (lock, users + 1)
        return path

    def waiting(holder: str) -> None:
        print(f"Архив {db_path} занят: пишет {describe_holder(holder)}. Жду до {wait:g} с…", file=sys.stderr)

    lock = RunLock(path, command=command, wait=wait, on_wait=waiting)
    try:
        lock.__enter__()
    except LockHeld as exc:
        if exc.holder.startswith(f"pid {os.getpid()} "):
            return None  # this process holds it: the pressarchive command that runs the crawl
        raise ArchiveBusy(busy_message(db_path, exc.holder, wait)) from None
    _TAKEN[path] = (lock, 1)
    return path


def release(path: Path | None) -> None:
    """One crawler of the process is done with the lock; the last one lets it go."""
    if path is None or path not in _TAKEN:
        return
    lock, users = _TAKEN[path]
    if users > 1:
        _TAKEN[path] = (lock, users - 1)
        return
    del _TAKEN[path]
    lock.__exit__(None, None, None)


class WriterLock:
    """Extension: the archive's writer lock for the crawler's run (see the module docstring)."""

    def __init__(self, crawler: Crawler, path: Path | None) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        db_path = Path(settings["PRESSARCHIVE_DB"])
        spider = getattr(crawler.spidercls, "name", "") or "?"
        try:
            path = acquire(db_path, f"scrapy crawl {spider}", settings.getfloat(WAIT_SETTING, 0.0))
        except ArchiveBusy as exc:
            logger.error("%s", exc)
            print(exc, file=sys.stderr)
            raise SystemExit(EXIT_BUSY) from None  # nothing is open yet: the process just ends
        extension = cls(crawler, path)
        # engine_stopped, not spider_closed: the pipeline records the run on spider_closed, after
        # this extension's handler would run (extensions are connected first)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        release(self.path)
        self.path = None
