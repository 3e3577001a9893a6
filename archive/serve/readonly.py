"""Serving never writes an archive that may not be written (a replica, a read-only folder or file).

Whether the archive may be written is read from the file system: no write permission for this
process, or no write bit at all on the file or its folder (so an archive marked read-only stays
untouched even for root, whom permissions do not stop). Such an archive is served through
`immutable=1` connections: SQLite then creates no -wal or -shm file and takes no lock. It must
be whole in its file: a non-empty -wal without its -shm beside it (a copy taken mid-write), or a
schema older than this program's, would need a write, and serving is refused with a Russian
message (ArchiveNotServable, exit code 2). A -wal with its -shm is a writer at work (the crawler,
as another user): then the server reads through them with `mode=ro`, as beside any writer.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from pathlib import Path

from archive.db import ArchiveFileError, check_archive_file, check_is_archive, describe_sqlite_error, open_db
from archive.migrations_runner import ArchiveError

logger = logging.getLogger(__name__)

WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class ArchiveNotServable(ArchiveError):
    """The archive cannot be served as it is; the message (Russian) says what to do."""


def may_write(path: Path) -> bool:
    """Whether serving may write beside the archive (its -wal and -shm files) and migrate it."""
    for item in (path, path.parent):
        if not os.access(item, os.W_OK) or not item.stat().st_mode & WRITE_BITS:
            return False
    return True


def immutable_uri(path: Path) -> str:
    return f"{path.absolute().as_uri()}?immutable=1"


READ = "mode=ro"  # read-only connections beside a writer, through its -wal and -shm files
IMMUTABLE = "immutable=1"  # nothing written, nothing locked: the file as it is


def prepare(path: Path) -> str:
    """Make the archive ready to serve; the URI parameter its reading connections open it with.

    A writable archive is created or migrated as before (archive.db.open_db) and read with
    `mode=ro`. One that may not be written is read with `mode=ro` where a writer is at work beside
    it (its -wal and -shm files are there: SQLite reads them without writing), else immutable."""
    check_archive_file(path)  # nothing, a folder, not SQLite, cut short: ArchiveFileError (reads 100 bytes)
    if may_write(path):
        open_db(path).close()
        return READ
    wal = path.with_name(f"{path.name}-wal")
    pending_wal = wal.exists() and wal.stat().st_size > 0
    if pending_wal and path.with_name(f"{path.name}-shm").exists():
        logger.info("serving %s read-only beside its writer (mode=ro)", path)
        return READ
    if pending_wal:
        raise ArchiveNotServable(
            f"Архив {path} открыт только для чтения, а рядом лежит его журнал {wal.name} с записями,"
            " которых нет в самом файле: прочитать их, не записывая, нельзя. Скопируйте архив целиком"
            f' командой sqlite3 {path} ".backup КОПИЯ.db" (копия не нуждается в журнале) или дайте'
            " права на запись в каталог архива."
        )
    pending = _pending_migrations(path)
    if pending:
        raise ArchiveNotServable(
            f"Архив {path} открыт только для чтения, а его схема старше этой версии pressarchive"
            f" (не применено миграций: {len(pending)}, первая — {pending[0]}). Обновить схему без записи"
            " нельзя: дайте права на запись в архив и его каталог и запустите сервер ещё раз (или"
            " обновите архив там, откуда сделана эта копия)."
        )
    logger.info("serving %s read-only (immutable): it may not be written", path)
    return IMMUTABLE


def _pending_migrations(path: Path) -> list[str]:
    """The migrations this program would still apply (read through `immutable=1`: no -shm file);
    ArchiveFileError / SchemaError for another program's database or a newer archive."""
    try:
        conn = sqlite3.connect(immutable_uri(path), uri=True)
        try:
            return list(check_is_archive(conn, path).pending)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ArchiveFileError(describe_sqlite_error(exc, path)) from exc
