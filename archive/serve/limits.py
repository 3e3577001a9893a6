"""Limits that hold on the server's read connections, whatever SQL runs on them (issue 13).

Datasette's time limit is a progress handler, called between SQLite's virtual-machine steps; a
query that spends its time inside ONE step (`randomblob(900000000)`, `hex()` of a huge value, a
Python function on a huge argument) is never interrupted, and the values it makes fill memory.
So, on every reading connection:

- `SQLITE_LIMIT_LENGTH` (VALUE_BYTES): no value, in a step or in a row, is bigger than this, so
  one step costs a fraction of a second ("string or blob too big" otherwise);
- a row budget (RESULT_BYTES): the rows one statement hands to Python add up to at most this;
  the statement stops with ResultTooBig instead of growing the server by gigabytes;
- a watchdog (Watchdog): a statement still running STATEMENT_GRACE_S after Datasette's own time
  limit is interrupted from another thread (sqlite3_interrupt), which SQLite checks between rows
  whatever the progress handler does;
- process-wide heap limits (`set_heap_limits`, for the server process only): SQLite frees page
  cache above SOFT_HEAP_BYTES and fails an allocation (SQLITE_NOMEM) above HARD_HEAP_BYTES.

Values the archive stores are far below VALUE_BYTES (bodies are capped when crawled).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

MIB = 1024 * 1024
VALUE_BYTES = 16 * MIB  # the largest string or blob a reading connection makes or reads
RESULT_BYTES = 64 * MIB  # the rows one statement may hand to Python (1,000 whole releases: ~5-20 MB)
SOFT_HEAP_BYTES = 192 * MIB  # above this SQLite reuses page cache instead of growing
HARD_HEAP_BYTES = 320 * MIB  # above this an allocation fails: the statement ends with "out of memory"
STATEMENT_GRACE_S = 0.25  # past Datasette's time limit before the watchdog interrupts

RowFactory = Callable[[sqlite3.Cursor, tuple[Any, ...]], Any]


class ResultTooBig(sqlite3.OperationalError):
    """A statement's rows outgrew RESULT_BYTES."""


def set_value_limit(conn: sqlite3.Connection, value_bytes: int = VALUE_BYTES) -> None:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, value_bytes)


def set_heap_limits(soft: int = SOFT_HEAP_BYTES, hard: int = HARD_HEAP_BYTES) -> None:
    """SQLite's process-wide heap limits: for a process that only serves (they bind every
    connection of the process, the crawler's too)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"PRAGMA soft_heap_limit = {int(soft)}")
        conn.execute(f"PRAGMA hard_heap_limit = {int(hard)}")
    finally:
        conn.close()
    logger.info("SQLite heap limits: soft %d MiB, hard %d MiB", soft // MIB, hard // MIB)


def _row_size(row: tuple[Any, ...]) -> int:
    return sum(len(value) if isinstance(value, str | bytes) else 8 for value in row) + 16


def budget_rows(conn: sqlite3.Connection, budget: int = RESULT_BYTES) -> None:
    """Wrap the connection's row factory so the rows of one statement stay under `budget`."""
    inner: RowFactory | None = conn.row_factory
    spent: weakref.WeakKeyDictionary[sqlite3.Cursor, int] = weakref.WeakKeyDictionary()

    def counted(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> Any:
        total = spent.get(cursor, 0) + _row_size(row)
        if total > budget:
            if isinstance(conn, ReadConnection):
                conn.abandon(cursor)
            raise ResultTooBig(
                f"Ответ на запрос больше {budget // MIB} МиБ, он остановлен. Возьмите меньше строк"
                " (_size) или столбцов."
            )
        spent[cursor] = total
        return inner(cursor, row) if inner is not None else row

    conn.row_factory = counted


class Watchdog:
    """One thread that interrupts statements running past their deadline."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._deadlines: list[tuple[float, int]] = []
        self._watched: dict[int, tuple[sqlite3.Connection, int]] = {}
        self._tickets = itertools.count()
        self._thread: threading.Thread | None = None
        self.interrupted = 0

    def watch(self, conn: sqlite3.Connection, seconds: float) -> None:
        with self._lock:
            ticket = next(self._tickets)
            self._watched[id(conn)] = (conn, ticket)
            heapq.heappush(self._deadlines, (time.monotonic() + seconds, ticket))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sql-watchdog", daemon=True)
                self._thread.start()
            self._lock.notify()

    def release(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            self._watched.pop(id(conn), None)

    def _run(self) -> None:
        with self._lock:
            while True:
                if not self._deadlines:
                    self._lock.wait()
                    continue
                deadline, ticket = self._deadlines[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._lock.wait(wait)
                    continue
                heapq.heappop(self._deadlines)
                self._interrupt(ticket)

    def _interrupt(self, ticket: int) -> None:
        for key, (conn, watched_ticket) in list(self._watched.items()):
            if watched_ticket == ticket:  # still in the statement it was watched for
                del self._watched[key]
                self.interrupted += 1
                logger.warning("interrupted a statement that outran its time limit")
                conn.interrupt()


WATCHDOG = Watchdog()


class ReadConnection(sqlite3.Connection):
    """A reading connection whose statements the watchdog stops in time.

    Datasette (0.65.5) installs its time-limit progress handler before each statement it runs
    and removes it after (`datasette.utils.sqlite_timelimit`); those two calls mark the statement
    for the watchdog, with Datasette's own limit (`statement_seconds`) plus STATEMENT_GRACE_S."""

    statement_seconds: float = 3.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._abandoned: list[weakref.ref[sqlite3.Cursor]] = []

    def abandon(self, cursor: sqlite3.Cursor) -> None:
        """A cursor stopped mid-result (ResultTooBig): closed when its statement's time ends.

        Left open (an exception's traceback keeps it alive until the garbage collector runs), its
        statement would stay active, and SQLite clears an interrupt only when no statement of the
        connection is: every later statement on it would be "interrupted"."""
        self._abandoned.append(weakref.ref(cursor))

    def set_progress_handler(self, progress_handler: Callable[[], int | None] | None, n: int) -> None:
        super().set_progress_handler(progress_handler, n)
        if progress_handler is not None:
            WATCHDOG.watch(self, self.statement_seconds + STATEMENT_GRACE_S)
            return
        WATCHDOG.release(self)
        while self._abandoned:
            cursor = self._abandoned.pop()()
            if cursor is not None:
                cursor.close()
