"""Opening the archive database: WAL, busy timeout, foreign keys, migrations; and refusing, with one
clear message each, what is not an archive of this program (ArchiveFileError).

What `--db` may point at by accident: nothing, a directory, a path under a file, an empty file, a
text or gzip file, a truncated database, a WAL without its database, another program's SQLite
database, an archive a newer pressarchive wrote. Each is named in Russian (the CLI prints it as
«ОШИБКА: …» and exits 2) before SQLite is asked to open it, so no command meets it as a traceback.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from archive import migrations
from archive.deferred_writes import ArchiveDatabase
from archive.migrations_runner import ArchiveError, SchemaState, refuse_newer, schema_state
from archive.search import register_functions

logger = logging.getLogger(__name__)

# SQLite waits this long for another connection's write transaction before "database is locked".
# Writers of an archive take its writer lock (crawler.nightly.lock, one at a time) and readers in
# WAL never wait for a writer, so this covers what is left: a reader (status, serve) that opens an
# archive whose schema an upgrade is bringing up to date, and a writer that ignores the lock
# (`scrapy crawl`, another tool). The longest write transaction the project makes is that upgrade
# (archive.migrations_runner, one transaction): from the first schema ~0.5 ms per release (5,000
# releases: 2.4 s, most of it stemming), so 120 s covers a full upgrade of 200,000 releases; a
# batch of the store lasts milliseconds.
BUSY_TIMEOUT_MS = 120_000
CACHE_KIB = 65_536  # the writer's page cache: the indexes a batch touches stay in memory
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
# SQLite's words for a file it cannot use (a query's own mistakes are not among them)
FILE_ERRORS = (
    "not a database",
    "malformed",
    "unable to open",
    "readonly",
    "I/O",
    "Could not decode to UTF-8",
)


class ArchiveFileError(ArchiveError):
    """`--db` names something that is not (or cannot become) an archive; the message is Russian."""


def wal_path(path: Path) -> Path:
    return path.with_name(f"{path.name}-wal")


def check_archive_file(path: Path, *, create: bool = False) -> None:
    """Raise ArchiveFileError when `path` cannot be opened as an archive. Reads at most 100 bytes.

    `create`: a missing file is a new archive (crawl, nightly); otherwise it is an error."""
    for folder in (path.parent, *path.parent.parents):
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                raise ArchiveFileError(f"{folder} — файл, а не каталог: базы {path} в нём быть не может")
            break
    if path.is_symlink() and not path.exists():
        raise ArchiveFileError(f"{path} — ссылка на несуществующий файл {os.readlink(path)}")
    if not path.exists():
        _check_missing(path, create)
        return
    if path.is_dir():
        raise ArchiveFileError(
            f"{path} — каталог, а не файл базы; укажите файл, например {path / 'archive.db'}"
        )
    if not path.is_file():
        raise ArchiveFileError(f"{path} — не обычный файл (канал, сокет или устройство), а не база архива")
    if not os.access(path, os.R_OK):
        raise ArchiveFileError(f"нет прав на чтение файла базы {path}")
    _check_header(path)


def _check_missing(path: Path, create: bool) -> None:
    if wal_path(path).exists():
        raise ArchiveFileError(
            f"файла базы {path} нет, а её журнал {wal_path(path).name} есть: базу удалили или перенесли"
            " без журнала. Верните файл базы на место (или уберите журнал, чтобы начать новый архив)"
        )
    if not create:
        raise ArchiveFileError(f"архива {path} нет; новый архив создаёт pressarchive crawl --db {path}")
    if path.parent.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        raise ArchiveFileError(f"нет прав на запись в каталог {path.parent}: архив {path} не создать")


def _check_header(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ArchiveFileError(
            f"файл {path} пуст (0 байт): архива в нём нет. Если это новый архив, удалите файл,"
            " и crawl создаст его заново"
        )
    with path.open("rb") as handle:
        header = handle.read(HEADER_BYTES)
    if not header.startswith(SQLITE_MAGIC):
        raise ArchiveFileError(f"{path} — не база SQLite, а {_what_file(header)}")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65_536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big") if header[92:96] == header[24:28] else 0
    expected = pages * page_size
    wal = wal_path(path)
    wal_has_pages = wal.exists() and wal.stat().st_size > 0  # a checkpoint may be half done: SQLite redoes it
    if len(header) < HEADER_BYTES or size % page_size or (size < expected and not wal_has_pages):
        raise ArchiveFileError(
            f"файл базы {path} обрезан: {size} байт, а по её заголовку — {max(expected, page_size)}."
            " Восстановите архив из резервной копии"
        )


def _what_file(header: bytes) -> str:
    if header.startswith(b"\x1f\x8b"):
        return "файл gzip (распакуйте его)"
    if header.startswith((b"PK\x03\x04", b"7z\xbc\xaf", b"BZh", b"\xfd7zXZ")):
        return "архив (zip, 7z, bzip2 или xz; распакуйте его)"
    text = header.decode("utf-8", "ignore")  # the 100th byte may cut a letter in two
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    whole = len(text.encode("utf-8")) >= len(header) - 3
    return "текстовый файл" if whole and printable >= 0.95 * len(text) else "файл неизвестного вида"


def check_is_archive(conn: sqlite3.Connection, path: Path) -> SchemaState:
    """The schema state of an opened database; ArchiveFileError for another program's database or
    SchemaError for an archive of a newer pressarchive."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = {name for name in tables if not name.startswith("sqlite_")}
    state = schema_state(conn, migrations.migrations)
    if tables and not state.applied:
        shown = ", ".join(sorted(tables)[:5]) + (" …" if len(tables) > 5 else "")
        raise ArchiveFileError(
            f"{path} — база SQLite другой программы (таблицы: {shown}), а не архив pressarchive"
        )
    refuse_newer(state, path)
    return state


def inspect_archive(path: Path) -> SchemaState:
    """Check an existing archive without writing anything (verify, history, extract): the file,
    that it is an archive, that this program knows its schema. Returns the schema state (what is
    pending); raises ArchiveFileError."""
    check_archive_file(path)
    try:
        try:
            return _inspect(path, "mode=ro")
        except sqlite3.OperationalError as exc:
            if "unable to open" not in str(exc):
                raise
            # a folder this process may not write (a replica): SQLite cannot make the -shm file,
            # and reads the file as it is
            return _inspect(path, "immutable=1")
    except sqlite3.DatabaseError as exc:
        raise ArchiveFileError(describe_sqlite_error(exc, path)) from exc
    except UnicodeDecodeError as exc:  # SQLite's own message holds the damaged bytes
        raise ArchiveFileError(damaged(path)) from exc


def _expected_columns() -> dict[str, set[str]]:
    """Table -> columns of an archive this program creates (made in a scratch directory)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pressarchive-schema-") as scratch:
        db = open_db(Path(scratch) / "archive.db")
        try:
            return {
                table: {row[1] for row in db.conn.execute(f"PRAGMA table_info([{table}])")}
                for table in db.table_names()
            }
        finally:
            db.close()


def schema_damage(path: Path) -> str | None:
    """What the archive at `path` lacks of the schema this program makes ("таблица releases без
    столбца canonical_url"), or None: tells a damaged schema (bytes flipped in sqlite_master) from
    a mistake in a query when SQLite says "no such column" or "no such table"."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        missing = []
        for table, columns in sorted(_expected_columns().items()):
            present = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
            if not present:
                missing.append(f"нет таблицы {table}")
            elif lost := sorted(columns - present):
                missing.append(f"таблица {table} без столбца {', '.join(lost)}")
        return "; ".join(missing[:3]) or None
    except sqlite3.Error as exc:  # the schema itself cannot be read
        return str(exc)
    finally:
        conn.close()


def damaged(path: Path) -> str:
    return f"файл базы {path} повреждён (испорченные байты). Восстановите архив из резервной копии"


def _inspect(path: Path, mode: str) -> SchemaState:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?{mode}", uri=True)
    try:
        return check_is_archive(conn, path)
    finally:
        conn.close()


def describe_sqlite_error(exc: sqlite3.Error, path: Path | None = None) -> str:
    """A Russian line for SQLite's own error about a database file."""
    text = str(exc)
    where = f" {path}" if path is not None else ""
    known = {
        "file is not a database": f"файл{where} — не база SQLite",
        "malformed": f"файл базы{where} повреждён. Восстановите архив из резервной копии",
        "unable to open": f"не удаётся открыть базу{where} (нет прав или каталога?)",
        "readonly": f"база{where} доступна только для чтения: записать в неё нельзя",
        "disk I/O": f"ошибка чтения или записи базы{where} (диск, права или это не файл базы)",
        "locked": f"база{where} занята другим процессом дольше {BUSY_TIMEOUT_MS // 1000} с",
        "decode": f"в базе{where} испорченные байты. Восстановите архив из резервной копии",
    }
    for key, message in known.items():
        if key in text:
            return f"{message} ({text})"
    return f"ошибка базы{where}: {text}"


def is_file_error(exc: sqlite3.Error) -> bool:
    """Whether SQLite's error is about the database file (not a mistake in a query)."""
    return any(key in str(exc) for key in FILE_ERRORS)


def open_db(path: str | Path, *, create: bool = True) -> Database:
    """Open (creating if `create` and needed) the archive at `path`, migrated to the current schema.

    The returned connection is meant to be the archive's only writer (see archive.store).
    Raises ArchiveFileError (or SchemaError) when `path` is not an archive this program can use.
    """
    path = Path(path)
    check_archive_file(path, create=create)
    try:
        if not path.exists():
            _create(path)
        db = _connect(path)
        try:
            check_is_archive(db.conn, path)
            migrations.apply(db, path)
        except BaseException:
            db.close()
            raise
    except sqlite3.DatabaseError as exc:
        raise ArchiveFileError(describe_sqlite_error(exc, path)) from exc
    except UnicodeDecodeError as exc:  # SQLite's own message holds the damaged bytes
        raise ArchiveFileError(damaged(path)) from exc
    except OSError as exc:
        raise ArchiveFileError(f"архив {path} не открыть: {exc.strerror or exc}") from exc
    logger.debug("opened archive %s", path)
    return db


def _connect(path: Path) -> Database:
    db = ArchiveDatabase(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    # In WAL, NORMAL syncs at checkpoints, not at every commit: a commit survives a crash of the
    # process (kill -9, tests/test_killing.py) and only a power cut may lose the last ones, like
    # the WARC records (fsynced when a crawl closes its file). FULL cost ~1 ms per transaction.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    register_functions(db.conn)
    return db


def _create(path: Path) -> None:
    """A new archive appears whole or not at all: built under a temporary name, then linked into
    place (a kill or an error while it is built leaves no half-made `path` behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.new-{os.getpid()}")
    parts = (building, wal_path(building), building.with_name(f"{building.name}-shm"))
    try:
        for stale in parts:
            stale.unlink(missing_ok=True)
        _build(building, path)
        try:
            os.link(building, path)
        except FileExistsError:
            logger.info("archive %s was created by another process meanwhile", path)
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(building, path)
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    logger.info("created archive %s", path)


def _build(building: Path, path: Path) -> None:
    db = _connect(building)
    try:
        migrations.apply(db, path)
        busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()  # all in the file itself
        if busy:
            raise ArchiveFileError(f"новый архив {path} не записан: его базу держит другой процесс")
    finally:
        db.close()
