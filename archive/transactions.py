"""One short write transaction that takes SQLite's write lock before it reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from archive.deferred_writes import settle_deferred


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, so the transaction's checks and writes see one state; a savepoint
    inside a caller's transaction. Rolled back on any exception. Deferred rows
    (archive.deferred_writes) are committed first: this transaction keeps its own commit."""
    settle_deferred(db)
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
