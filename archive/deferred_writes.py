"""Rows committed a batch at a time: the crawl's captures index.

A crawl indexes every response's WARC record as it is written (archive.captures). One transaction
per row cost the crawl's event loop about 0.13 ms a response in BEGIN and COMMIT alone, more than
the row itself, and a WAL frame for every page the row touched. `ArchiveDatabase.defer` writes such
rows into one open transaction instead, committed when it holds the caller's `limit` rows, when the
caller asks (`commit_deferred`: the crawl does within a quarter second), when the archive closes, and
before any other transaction begins on the connection (`atomic`, archive.transactions), so every
other write keeps its own commit and its own rollback, and is never committed before the deferred
rows it may point at.

What a crash costs: a kill loses the deferred rows not yet committed, never a half transaction.
Their WARC records stay on disk, and the next writing run indexes them from the records themselves
(archive.warc_repair.index_loose, in its pass over the files no run sealed); until then
`pressarchive verify` reports them as not indexed. A COMMIT that fails (a full disk) rolls the
rows back: their ids were handed out already, and SQLite would give the next rows the same ids
again, so the connection then refuses every write with that error (the crawl stops on it:
crawler.scrapy_glue.disk_guard).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from sqlite_utils import Database

logger = logging.getLogger(__name__)

T = TypeVar("T")


class DeferredWriteLost(sqlite3.OperationalError):
    """Deferred rows were rolled back; the connection refuses writes from then on (the cause: why)."""


class ArchiveDatabase(Database):
    """sqlite-utils' Database with deferred rows (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deferred_rows = 0  # written in the open deferred transaction, not committed yet
        self.lost: BaseException | None = None  # why deferred rows were rolled back

    def defer(self, write: Callable[[], T], limit: int) -> T:
        """Run `write` (one row's statements) in the open deferred transaction, beginning one if
        none is open; commit once it holds `limit` rows. Inside a caller's own transaction the
        write is simply part of it."""
        self.refuse_after_loss()
        conn = self.conn
        if conn.in_transaction and not self.deferred_rows:
            return write()
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
        try:
            result = write()
        except BaseException as exc:
            if self.deferred_rows and not conn.in_transaction:  # SQLite rolled back the whole batch
                self._lose(exc)
            elif not self.deferred_rows and conn.in_transaction:  # nothing of ours to keep open
                conn.execute("ROLLBACK")
            raise
        self.deferred_rows += 1
        if self.deferred_rows >= limit:
            self.commit_deferred()
        return result

    def commit_deferred(self) -> None:
        """Commit the deferred rows now (nothing when there are none)."""
        if not self.deferred_rows:
            return
        rows, self.deferred_rows = self.deferred_rows, 0
        if not self.conn.in_transaction:  # committed already by someone's `with conn:`
            return
        try:
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                with contextlib.suppress(Exception):
                    self.conn.execute("ROLLBACK")
            logger.error("%d deferred rows were not committed: %s", rows, exc)
            self._lose(exc)
            raise

    def refuse_after_loss(self) -> None:
        """Raise the error that lost deferred rows, if one did (see the module docstring)."""
        if self.lost is not None:
            message = f"deferred rows were rolled back ({self.lost}): no more writes"
            raise DeferredWriteLost(message) from self.lost

    def _lose(self, exc: BaseException) -> None:
        self.deferred_rows = 0
        self.lost = exc

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """sqlite-utils' atomic(), after the deferred rows are committed."""
        self.refuse_after_loss()
        self.commit_deferred()
        with super().atomic():
            yield self

    def close(self) -> None:
        try:
            self.commit_deferred()
        finally:
            super().close()


def settle_deferred(db: Database) -> None:
    """Before a transaction of the caller's own: the deferred rows committed (or their loss raised)."""
    if isinstance(db, ArchiveDatabase):
        db.refuse_after_loss()
        db.commit_deferred()
