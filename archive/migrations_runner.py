"""Applying the archive's migrations (archive.migrations) all or nothing, and knowing a newer schema.

Every pending migration and the record of it (`_sqlite_migrations`, the sqlite-utils convention)
run in ONE write transaction taken before anything is read (BEGIN IMMEDIATE): a process killed in
the middle leaves the archive at the schema it had, never between two; two processes opening an
old archive at once upgrade it once. `PRAGMA user_version` holds the number of migrations applied,
for tools that read only that.

An archive holding a migration this program does not know was written by a newer pressarchive:
it is refused (SchemaError) before anything is read or written, so an older program never
writes into a schema it does not understand.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from archive.transactions import write_transaction

logger = logging.getLogger(__name__)


class ArchiveError(Exception):
    """The archive cannot be used as it is (archive.db.ArchiveFileError, SchemaError); the message
    is Russian and says what to do."""


class SchemaError(ArchiveError):
    """The archive's schema is not one this program can use (newer, or an upgrade still owed)."""


@dataclass(frozen=True)
class SchemaState:
    applied: tuple[str, ...]  # in the order they were applied
    pending: tuple[str, ...]  # known to this program, not applied yet
    unknown: tuple[str, ...]  # applied, not known to this program: a newer pressarchive wrote them

    @property
    def version(self) -> int:
        return len(self.applied)


def schema_state(conn: sqlite3.Connection, known: Migrations) -> SchemaState:
    """What `conn`'s database holds of the migration set `known` (reads only)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [known.migrations_table]
    ).fetchone()
    applied: list[str] = []
    if exists:
        rows = conn.execute(
            f"SELECT name FROM [{known.migrations_table}] WHERE migration_set = ? ORDER BY rowid",
            [known.name],
        )
        applied = [row[0] for row in rows]
    names = [migration.name for migration in known._migrations]
    done = set(applied)
    return SchemaState(
        applied=tuple(applied),
        pending=tuple(name for name in names if name not in done),
        unknown=tuple(name for name in applied if name not in set(names)),
    )


def refuse_newer(state: SchemaState, path: Path | str) -> None:
    if state.unknown:
        shown = ", ".join(state.unknown[:3]) + (" …" if len(state.unknown) > 3 else "")
        raise SchemaError(
            f"архив {path} записан более новой версией pressarchive (миграции, неизвестные этой"
            f" программе: {shown}). Обновите pressarchive; эта версия его не читает и не меняет"
        )


def refuse_pending(state: SchemaState, path: Path | str) -> None:
    """For commands that only read: an archive whose schema an upgrade has not finished yet."""
    if state.pending:
        shown = ", ".join(state.pending[:3]) + (" …" if len(state.pending) > 3 else "")
        raise SchemaError(
            f"схема архива {path} старше этой программы: не применено миграций: {len(state.pending)}"
            f" ({shown}). Обновите её: pressarchive migrate --db {path}"
        )


def apply_pending(db: Database, known: Migrations, path: Path | str = "") -> list[str]:
    """Apply the pending migrations of `known` in one transaction; return their names."""
    state = schema_state(db.conn, known)
    refuse_newer(state, path)
    if not state.pending:
        if state.applied and db.conn.execute("PRAGMA user_version").fetchone()[0] != state.version:
            with write_transaction(db):  # an archive migrated before the version was recorded
                db.conn.execute(f"PRAGMA user_version = {state.version}")
        return []
    with write_transaction(db):
        state = schema_state(db.conn, known)  # again, under the write lock: another may have done it
        refuse_newer(state, path)
        known.ensure_migrations_table(db)
        for migration in known._migrations:
            if migration.name in state.pending:
                migration.fn(db)
                _record(db, known, migration.name)
        db.conn.execute(f"PRAGMA user_version = {len(state.applied) + len(state.pending)}")
    if state.pending:
        logger.info("applied migrations: %s", ", ".join(state.pending))
    return list(state.pending)


def _record(db: Database, known: Migrations, name: str) -> None:
    """The sqlite-utils record of a migration applied (as `Migrations.apply` writes it)."""
    db.conn.execute(
        f"INSERT INTO [{known.migrations_table}] (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [known.name, name, str(dt.datetime.now(dt.UTC))],
    )
