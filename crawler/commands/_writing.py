"""What every command that touches an archive shares: the writer lock (`writing`, `--wait`) and
the errors an unusable `--db` or a busy archive give (exit 2 and 75), said in Russian."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

EXIT_BAD_ARCHIVE = 2  # --db is not an archive this program can use
EXIT_BUSY = 75  # EX_TEMPFAIL: another command is writing the archive; try again later
# --db's type: click checks nothing (not even that it can be read), archive.db does and says what
# is wrong in Russian (exit 2) for every command alike.
DB_PATH = click.Path(path_type=Path, readable=False)  # archive.db checks the file, in Russian
DEFAULT_DB = "var/archive.db"


DB_META = "pressarchive.db"  # ctx.meta (shared by every context of a run): the --db given


def _remember_db(ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
    ctx.meta[DB_META] = value  # for the group's error handling (archive_problem)
    return value


def db_option(
    help: str = "The archive database; raw captures live beside it.",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--db of every command: the archive file, checked by archive.db rather than by click."""
    return click.option(
        "--db",
        "db_path",
        type=DB_PATH,
        default=DEFAULT_DB,
        show_default=True,
        help=help,
        callback=_remember_db,
    )


class ArchiveProblem(click.ClickException):
    """--db is not an archive this program can use: «ОШИБКА: …» on stderr, exit code 2."""

    exit_code = EXIT_BAD_ARCHIVE

    def show(self, file: object = None) -> None:
        click.echo(f"ОШИБКА: {self.message}", err=True)


class ArchiveBusy(click.ClickException):
    """Another command holds the archive's writer lock: one line on stderr, exit code 75."""

    exit_code = EXIT_BUSY

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


class DiskFullProblem(click.ClickException):
    """The archive's disk is full: «ОШИБКА: …» on stderr, exit code 74; nothing half-written."""

    exit_code = 74  # archive.disk_space.EXIT_DISK_FULL (EX_IOERR)

    def show(self, file: object = None) -> None:
        click.echo(f"ОШИБКА: {self.message}", err=True)


def wait_option(default: float = 0) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--wait SECONDS for a command that writes the archive (see `writing`)."""
    return click.option(
        "--wait",
        "wait",
        type=click.FloatRange(min=0),
        default=default,
        show_default=True,
        metavar="СЕКУНДЫ",
        help="Если архив сейчас пишет другая команда, ждать её до стольких секунд"
        " (0 — сразу отказаться с кодом 75).",
    )


_HOLDER = re.compile(r"pid (?P<pid>\d+) since (?P<since>\S+?)(?:: (?P<command>.+))?$")


def describe_holder(holder: str) -> str:
    """«pressarchive crawl (pid 4121, с 2026-11-26T02:15:03Z)» from the lock file's line."""
    found = _HOLDER.match(holder.strip())
    if found is None:
        return "другой процесс"
    command = found["command"] or "другая команда"
    return f"{command} (pid {found['pid']}, с {found['since']})"


@contextmanager
def writing(db_path: Path, command: str, wait: float, *, create: bool = False) -> Iterator[None]:
    """Hold the archive's writer lock (`archive.db.lock` beside it) for the block.

    Every command that writes takes it, so two never write one archive at once. `--db` is checked
    first (ArchiveFileError -> exit 2); a lock held by another command is waited for up to `wait`
    seconds (said once on stderr), then ArchiveBusy: exit 75 naming who holds it. `create`: a
    missing archive is a new one (crawl, nightly)."""
    from archive.db import check_archive_file
    from crawler.nightly.lock import LockHeld, RunLock, writer_lock_path

    check_archive_file(db_path, create=create)

    def waiting(holder: str) -> None:
        click.echo(f"Архив {db_path} занят: пишет {describe_holder(holder)}. Жду до {wait:g} с…", err=True)

    lock = RunLock(writer_lock_path(db_path), command=f"pressarchive {command}", wait=wait, on_wait=waiting)
    try:
        lock.__enter__()
    except LockHeld as exc:
        raise ArchiveBusy(busy_message(db_path, exc.holder, wait)) from None
    except OSError as exc:
        raise ArchiveProblem(f"не создать блокировку записи {lock.path}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def busy_message(db_path: Path, holder: str, wait: float) -> str:
    waited = f" (ждал {wait:g} с)" if wait else ""
    return (
        f"Архив {db_path} занят{waited}: пишет {describe_holder(holder)}."
        " Повторите позже или дайте --wait СЕКУНДЫ."
    )


def archive_problem(exc: BaseException, db_path: Path | None = None) -> click.ClickException | None:
    """The CLI's error for an exception about the archive file or schema, or a full disk (None:
    not one). `db_path`: the archive the command was given, to tell a damaged schema from a bug."""
    import sqlite3

    from archive.db import describe_sqlite_error, is_file_error, schema_damage
    from archive.disk_space import DiskFull, is_disk_full
    from archive.migrations_runner import ArchiveError

    if isinstance(exc, DiskFull):
        return DiskFullProblem(str(exc))
    if is_disk_full(exc, db_path.parent if db_path is not None else None):
        return DiskFullProblem(
            f"на диске архива нет места ({exc}). Ничего не записано наполовину: освободите место"
            " и повторите команду."
        )
    if isinstance(exc, ArchiveError):
        return ArchiveProblem(str(exc))
    if (
        isinstance(exc, sqlite3.OperationalError)
        and db_path is not None
        and any(words in str(exc) for words in ("no such column", "no such table"))
    ):
        damage = schema_damage(db_path)
        if damage is not None:
            return ArchiveProblem(
                f"схема базы {db_path} повреждена: {damage} ({exc}). Восстановите архив из резервной копии"
            )
    if isinstance(exc, sqlite3.DatabaseError) and is_file_error(exc):
        return ArchiveProblem(describe_sqlite_error(exc))
    if isinstance(exc, UnicodeDecodeError) and _raised_by_sqlite(exc):
        # SQLite's message about a damaged page holds the damaged bytes, which Python cannot decode
        return ArchiveProblem("база архива повреждена (испорченные байты). Восстановите её из копии")
    return None


def _raised_by_sqlite(exc: BaseException) -> bool:
    """Whether the innermost frame was handing a statement to SQLite (sqlite3 or sqlite-utils)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and ("sqlite_utils" in frames[-1].filename or ".execute" in (frames[-1].line or ""))
