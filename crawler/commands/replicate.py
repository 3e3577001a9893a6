"""`pressarchive replicate`: publish a read replica of the archive into a directory (archive.replica).

A reader, not a writer: it never takes the archive's writer lock and never blocks the crawl
(one read transaction in WAL mode). Once, or every --every seconds until stopped; a failed
publication leaves the previous replica as it was. `pressarchive serve --replica DIR` serves it.
"""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path
from types import FrameType

import click

from crawler.commands._writing import ArchiveBusy, ArchiveProblem, db_option

logger = logging.getLogger(__name__)


def _size(size: int) -> str:
    from archive.disk_space import mebibytes

    return mebibytes(size)


def _seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + "\u00a0с"


def _published(db_path: Path, to: Path, method: str) -> str:
    """Publish once; the line that says what was published. ArchiveProblem / ArchiveBusy when not."""
    from archive.migrations_runner import ArchiveError
    from archive.replica import ReplicaBusy, publish

    try:
        done = publish(db_path, to, method=method)
    except ReplicaBusy as exc:
        raise ArchiveBusy(str(exc)) from None
    except ArchiveError as exc:  # missing archive, unwritable target, full disk: exit 2
        raise ArchiveProblem(str(exc)) from None
    warc = (
        f"WARC: файлов {done.warc_files}, +{_size(done.warc_bytes)}"
        if done.warc_files
        else "WARC без изменений"
    )
    return (
        f"Копия опубликована: {done.pointer} → {done.snapshot.name} ({_size(done.db_bytes)};"
        f" копия {_seconds(done.copy_seconds)}, проверка {_seconds(done.check_seconds)}; {warc})"
    )


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


@click.command("replicate")
@db_option("The archive to copy (read only: its writer lock is never taken).")
@click.option(
    "--to",
    "to",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The replica directory: snapshots, warc/ and the pointer DIR/<archive>.db.",
)
@click.option(
    "--every",
    type=click.FloatRange(min=0.1),
    default=None,
    metavar="СЕКУНДЫ",
    help="Publish again every so many seconds, until stopped (default: once).",
)
@click.option(
    "--method",
    type=click.Choice(["backup", "vacuum"]),
    default="backup",
    show_default=True,
    help="backup: SQLite's online backup (faster); vacuum: VACUUM INTO (a compacted, slower copy).",
)
def command(db_path: Path, to: Path, every: float | None, method: str) -> None:
    """Publish a read replica of the archive in DIR, atomically (once, or every N seconds).

    Exit codes: 0 published; 2 no archive, a directory that may not be written, no room on its
    disk (the previous replica is intact); 75 another replicate publishes into DIR."""
    signal.signal(
        signal.SIGTERM, _stop
    )  # systemd's stop: a copy under way is removed, none is left half-made
    click.echo(_published(db_path, to, method))
    if every is None:
        return
    while True:
        time.sleep(every)
        try:
            click.echo(_published(db_path, to, method))
        except (ArchiveProblem, ArchiveBusy) as exc:  # the previous replica stays; try again later
            logger.warning("publication failed: %s", exc.message)
            click.echo(f"ОШИБКА: {exc.message.rstrip('.')}. Следующая попытка через {every:g} с.", err=True)
