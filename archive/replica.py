"""Read replicas of the archive: a consistent copy published atomically into a replica directory.

A replica directory holds whole snapshots of the database, the raw captures they refer to, and
a pointer to the newest snapshot:

    DIR/archive.db                          symlink: the published snapshot (the pointer)
    DIR/archive-20261204T050001.123456Z.db  snapshots (the published one and the one before)
    DIR/warc/*.warc.gz                      the WARC files, copied as they grow (append-only)
    DIR/.replicate.lock                     one `replicate` at a time per directory

A publication (`publish`) never takes the archive's writer lock and never blocks the writer: the
database is copied in ONE read transaction of a read-only connection (SQLite's online backup in
one step, or `VACUUM INTO`), which in WAL mode sees the last commit made before it began and lets
the writer go on committing. The copy is written to a hidden temporary file in DIR, fsynced and
checked (`PRAGMA quick_check`); then the WARC files that are new or grew are copied (after the
snapshot: a capture row is committed after its record is on disk, so every row of the snapshot
finds its record), fsynced; only then is the snapshot renamed to its final name and the pointer
swapped with an atomic rename of a new symlink. A reader sees the previous snapshot or the new
one, never a half-written file; a publication that fails (or is killed) leaves the previous one
in place, and the next run clears what it left. Attachments' files are WARC records like every
other response (archive.attachments), so they travel with the WARC files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.db import check_archive_file, check_is_archive, describe_sqlite_error
from archive.disk_space import DEFAULT_RESERVE_MB, free_bytes, is_disk_full, mebibytes
from archive.migrations_runner import ArchiveError
from archive.warc import WARC_SUFFIX
from archive.warc_repair import fsync_path

logger = logging.getLogger(__name__)

BACKUP = "backup"  # sqlite3_backup in one step: a page-for-page copy
VACUUM = "vacuum"  # VACUUM INTO: a compacted copy, rebuilt row by row
METHODS = (BACKUP, VACUUM)
LOCK_NAME = ".replicate.lock"
WARC_DIR = "warc"
TEMPORARY_SUFFIX = ".tmp"
_CHUNK = 1024 * 1024
_TAIL_CHECK = 64 * 1024  # bytes compared at the end of a replica's WARC file before appending to it
_STAMP = re.compile(r"\d{8}T\d{6}\.\d{6}Z")


class ReplicaError(ArchiveError):
    """The replica could not be published; the message (Russian) says why and what to do. The
    previous publication, if any, is intact."""


class ReplicaBusy(ReplicaError):
    """Another `replicate` is publishing into the same directory."""


class ReplicaDiskFull(ReplicaError):
    """The replica's disk has no room for the copy."""


@dataclass(frozen=True)
class Publication:
    """What one publication did."""

    snapshot: Path  # the published snapshot file
    pointer: Path  # the symlink that names it
    method: str
    snapshot_window: tuple[float, float]  # time.time() while the read transaction was open
    copy_seconds: float
    check_seconds: float
    warc_seconds: float
    total_seconds: float
    db_bytes: int
    warc_files: int  # WARC files copied or extended
    warc_bytes: int  # bytes of WARC copied
    removed: tuple[str, ...]  # older snapshots removed


def pointer_path(replica_dir: Path, db_path: Path) -> Path:
    """The pointer of the replicas of `db_path`: a symlink named as the archive (archive.db)."""
    return replica_dir / db_path.name


def snapshot_pattern(pointer_name: str) -> re.Pattern[str]:
    stem, dot, suffix = pointer_name.rpartition(".")
    stem, suffix = (stem, f".{suffix}") if dot else (pointer_name, "")
    return re.compile(rf"{re.escape(stem)}-{_STAMP.pattern}{re.escape(suffix)}")


def published(replica_dir: Path) -> tuple[Path, Path] | None:
    """(pointer, snapshot) of the replica directory's published snapshot; None when there is none.
    ReplicaError when the directory holds the pointers of several archives."""
    found = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in os.scandir(replica_dir):
            if entry.is_symlink() and not entry.name.startswith("."):
                target = os.readlink(entry.path)
                if "/" not in target and snapshot_pattern(entry.name).fullmatch(target):
                    found.append((Path(entry.path), replica_dir / target))
    if len(found) > 1:
        names = ", ".join(sorted(pointer.name for pointer, _ in found))
        raise ReplicaError(f"в каталоге {replica_dir} копии нескольких архивов ({names}): оставьте одну")
    return found[0] if found else None


def publish(
    db_path: Path,
    replica_dir: Path,
    *,
    method: str = BACKUP,
    reserve_bytes: int | None = None,
    on_snapshot: Callable[[], None] | None = None,
) -> Publication:
    """Publish a consistent copy of the archive at `db_path` (and its WARC files) in `replica_dir`.

    `reserve_bytes`: free space to leave on the replica's disk (PRESSARCHIVE_MIN_FREE_MB, 256 MB by
    default). `on_snapshot`: called while the read transaction is open (tests). ReplicaError (in
    Russian) when it cannot be done; the previous publication is then intact."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    started = time.perf_counter()
    db_path, replica_dir = Path(db_path), Path(replica_dir)
    check_archive_file(db_path)  # missing, a folder, not SQLite: ArchiveFileError (Russian), exit 2
    if replica_dir.resolve() == db_path.parent.resolve():
        raise ReplicaError(
            f"каталог копии {replica_dir} — это каталог самого архива: укажите в --to другой каталог"
        )
    with _locked(replica_dir):
        _clear_leftovers(replica_dir)
        pointer = pointer_path(replica_dir, db_path)
        if pointer.exists() and not pointer.is_symlink():  # never overwrite a real archive
            raise ReplicaError(
                f"в каталоге копии {replica_dir} лежит файл {pointer.name}, а не ссылка на копию:"
                " укажите в --to отдельный каталог для копий"
            )
        before = published(replica_dir)
        if before is not None and before[0] != pointer:
            raise ReplicaError(
                f"в каталоге {replica_dir} уже лежит копия другого архива ({before[0].name}):"
                " укажите для этого архива отдельный каталог"
            )
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        final = replica_dir / f"{db_path.stem}-{stamp}{db_path.suffix}"
        temporary = replica_dir / f".{final.name}{TEMPORARY_SUFFIX}"
        try:
            with _source(db_path) as source:
                _check_room(source, db_path, replica_dir, reserve_bytes)
                copy_started = time.perf_counter()
                window = _copy(source, temporary, method, on_snapshot)
            copy_seconds = time.perf_counter() - copy_started
            fsync_path(temporary)
            check_started = time.perf_counter()
            _quick_check(temporary)
            check_seconds = time.perf_counter() - check_started
            warc_started = time.perf_counter()
            warc_files, warc_bytes = sync_warc(db_path.parent / WARC_DIR, replica_dir / WARC_DIR)
            warc_seconds = time.perf_counter() - warc_started
            os.rename(temporary, final)
            fsync_path(replica_dir)
            _point(pointer, final)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            problem = _problem(exc, db_path, replica_dir)
            if problem is exc:
                raise
            raise problem from exc
        removed = _remove_older(replica_dir, pointer, keep={final.name, before[1].name if before else ""})
    publication = Publication(
        snapshot=final,
        pointer=pointer,
        method=method,
        snapshot_window=window,
        copy_seconds=copy_seconds,
        check_seconds=check_seconds,
        warc_seconds=warc_seconds,
        total_seconds=time.perf_counter() - started,
        db_bytes=final.stat().st_size,
        warc_files=warc_files,
        warc_bytes=warc_bytes,
        removed=removed,
    )
    logger.info("published %s (%s, %d bytes)", final, method, publication.db_bytes)
    return publication


@contextlib.contextmanager
def _locked(replica_dir: Path) -> Iterator[None]:
    """One publication at a time per replica directory (flock; the kernel drops it on kill -9)."""
    try:
        replica_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(replica_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if is_disk_full(exc):
            raise ReplicaDiskFull(_full_message(replica_dir, exc)) from None
        raise ReplicaError(
            f"в каталог копии {replica_dir} нельзя писать ({exc.strerror or exc}): укажите в --to"
            " каталог, в который этому пользователю можно писать"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReplicaBusy(
                f"в каталог {replica_dir} уже публикует копию другой процесс pressarchive replicate;"
                " повторите позже"
            ) from None
        if not os.access(replica_dir, os.W_OK):
            raise ReplicaError(f"в каталог копии {replica_dir} нельзя писать: нет прав на запись")
        yield
    finally:
        os.close(fd)


def _clear_leftovers(replica_dir: Path) -> None:
    """What a killed publication left: its temporary snapshot, pointer and WARC copies."""
    for pattern, where in (
        (f".*{TEMPORARY_SUFFIX}", replica_dir),
        (f".*{TEMPORARY_SUFFIX}", replica_dir / WARC_DIR),
    ):
        for path in where.glob(pattern):
            logger.info("removing %s, left by an interrupted publication", path)
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def _source(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the archive, checked to be one and in WAL mode (where a reader
    never blocks the writer)."""
    try:
        conn = sqlite3.connect(f"{db_path.absolute().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise ReplicaError(describe_sqlite_error(exc, db_path)) from exc
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        check_is_archive(conn, db_path)
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            raise ReplicaError(
                f"архив {db_path} не в режиме WAL (journal_mode={mode}): копия остановила бы запись."
                " Откройте его любой пишущей командой (pressarchive migrate) и повторите"
            )
        yield conn
    finally:
        conn.close()


def _check_room(
    source: sqlite3.Connection, db_path: Path, replica_dir: Path, reserve_bytes: int | None
) -> None:
    if reserve_bytes is None:
        reserve_bytes = reserve_from_environment()
    page_size = source.execute("PRAGMA page_size").fetchone()[0]
    pages = source.execute("PRAGMA page_count").fetchone()[0]
    needed = page_size * pages + _warc_to_copy(db_path.parent / WARC_DIR, replica_dir / WARC_DIR)
    free = free_bytes(replica_dir)
    if free - needed < reserve_bytes:
        raise ReplicaDiskFull(
            f"на диске копии нет места: {replica_dir}: свободно {mebibytes(free)}, копия займёт"
            f" {mebibytes(needed)}, и ещё {mebibytes(reserve_bytes)} должно остаться свободным"
            " (PRESSARCHIVE_MIN_FREE_MB). Прежняя копия не тронута: освободите место и повторите"
        )


def reserve_from_environment() -> int:
    """PRESSARCHIVE_MIN_FREE_MB in bytes (256 MB when unset or not a number, as for a crawl)."""
    raw = os.environ.get("PRESSARCHIVE_MIN_FREE_MB", "")
    try:
        megabytes = float(raw) if raw.strip() else DEFAULT_RESERVE_MB
    except ValueError:
        logger.warning("PRESSARCHIVE_MIN_FREE_MB=%r: not a number; %d MB kept", raw, DEFAULT_RESERVE_MB)
        megabytes = DEFAULT_RESERVE_MB
    return int(max(megabytes, 0) * 1024 * 1024)


def _copy(
    source: sqlite3.Connection, temporary: Path, method: str, on_snapshot: Callable[[], None] | None
) -> tuple[float, float]:
    """Copy the database in one read transaction; the time.time() span it was open in."""
    if method == VACUUM:
        opened = time.time()
        if on_snapshot is not None:
            source.set_progress_handler(_once(on_snapshot), 1000)
        source.execute("VACUUM INTO ?", [str(temporary)])
        source.set_progress_handler(None, 0)
        return opened, time.time()
    target = sqlite3.connect(temporary, isolation_level=None)
    try:
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read snapshot starts here
        opened = time.time()
        try:
            if on_snapshot is not None:
                on_snapshot()
            source.backup(target)  # pages=-1: every page in one step, in this read transaction
            closed = time.time()
        finally:
            source.execute("COMMIT")
        target.execute("PRAGMA journal_mode = DELETE")  # the copied header says WAL; a replica needs no -wal
    finally:
        target.close()
    return opened, closed


def _once(callback: Callable[[], None]) -> Callable[[], int]:
    called = False

    def handler() -> int:
        nonlocal called
        if not called:
            called = True
            callback()
        return 0

    return handler


def _quick_check(path: Path) -> None:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)
    try:
        result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    finally:
        conn.close()
    if result != ["ok"]:
        raise ReplicaError(
            f"копия архива не прошла проверку (quick_check: {'; '.join(result[:3])}); не опубликована"
        )


def _point(pointer: Path, snapshot: Path) -> None:
    """Swap the pointer to `snapshot` atomically: a new symlink renamed over the old one."""
    link = pointer.with_name(f".{pointer.name}.{os.getpid()}{TEMPORARY_SUFFIX}")
    link.unlink(missing_ok=True)
    os.symlink(snapshot.name, link)
    os.replace(link, pointer)
    fsync_path(pointer.parent)


def _remove_older(replica_dir: Path, pointer: Path, keep: set[str]) -> tuple[str, ...]:
    pattern = snapshot_pattern(pointer.name)
    removed = []
    for path in sorted(replica_dir.iterdir()):
        if pattern.fullmatch(path.name) and path.name not in keep:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path.name)
    return tuple(removed)


def _warc_to_copy(source_dir: Path, target_dir: Path) -> int:
    total = 0
    for source in _warc_files(source_dir):
        target = target_dir / source.name
        size = source.stat().st_size
        have = target.stat().st_size if target.exists() else 0
        total += size - have if 0 < have <= size else size
    return total


def _warc_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"*{WARC_SUFFIX}")) if directory.is_dir() else []


def sync_warc(source_dir: Path, target_dir: Path) -> tuple[int, int]:
    """Bring the replica's WARC files up to the archive's: copy new files, append what grew (they
    are append-only), copy anew one that shrank or differs (mended by `verify --repair`). Files are
    fsynced. (files touched, bytes copied)."""
    files = copied = 0
    sources = _warc_files(source_dir)
    if sources:
        target_dir.mkdir(exist_ok=True)
    for source in sources:
        target = target_dir / source.name
        size = source.stat().st_size  # copy up to here: what a snapshot taken before can refer to
        have = target.stat().st_size if target.exists() else -1
        if have == size and _same_tail(source, target, have):
            continue
        if 0 <= have < size and _same_tail(source, target, have):
            copied += _append(source, target, have, size)
        else:
            copied += _replace(source, target, size)
        files += 1
    if files:
        fsync_path(target_dir)
    return files, copied


def _same_tail(source: Path, target: Path, length: int) -> bool:
    start = max(0, length - _TAIL_CHECK)
    with open(source, "rb") as a, open(target, "rb") as b:
        a.seek(start)
        b.seek(start)
        return a.read(length - start) == b.read(length - start)


def _copy_range(source: Path, out: int, start: int, end: int) -> int:
    with open(source, "rb") as handle:
        handle.seek(start)
        left = end - start
        while left > 0:
            chunk = handle.read(min(_CHUNK, left))
            if not chunk:
                break
            os.write(out, chunk)
            left -= len(chunk)
    return end - start - left


def _append(source: Path, target: Path, start: int, end: int) -> int:
    fd = os.open(target, os.O_WRONLY)
    try:
        os.lseek(fd, start, os.SEEK_SET)
        copied = _copy_range(source, fd, start, end)
        os.fsync(fd)
    finally:
        os.close(fd)
    return copied


def _replace(source: Path, target: Path, end: int) -> int:
    temporary = target.with_name(f".{target.name}{TEMPORARY_SUFFIX}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        copied = _copy_range(source, fd, 0, end)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, target)
    return copied


def _full_message(replica_dir: Path, exc: BaseException) -> str:
    return (
        f"на диске копии нет места ({replica_dir}: {exc}). Прежняя копия не тронута: освободите место"
        " и повторите"
    )


def _problem(exc: BaseException, db_path: Path, replica_dir: Path) -> BaseException:
    """The exception to raise for a failed publication: ReplicaError in Russian where we know why."""
    if isinstance(exc, ArchiveError | KeyboardInterrupt | SystemExit):
        return exc
    if is_disk_full(exc, replica_dir):
        return ReplicaDiskFull(_full_message(replica_dir, exc))
    if isinstance(exc, sqlite3.Error):
        return ReplicaError(f"копия архива {db_path} не снята: {describe_sqlite_error(exc, db_path)}")
    if isinstance(exc, OSError):
        return ReplicaError(f"копия не опубликована: {exc.filename or replica_dir}: {exc.strerror or exc}")
    return exc
