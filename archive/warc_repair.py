"""Mending WARC files a run left cut short: the damaged tail moved aside, every whole exchange kept.

Run by `pressarchive verify --repair` on every damaged file, and by each writing run before it
starts on the files not sealed (archive.warc_seals: a writer killed, a full disk, a power cut).
Damage can be repaired only where it lies after every record the `captures` table points at:
the bytes from the start of the first damaged exchange to the end of the file are copied to
`warc/quarantine/<file>.<offset>.tail` (synced), the repair is written down in
`warc/quarantine/repairs.jsonl` (when, which file, where, how many bytes, their SHA-256, what was
wrong), and only then is the file cut. A file without one whole record and with nothing indexed
moves to quarantine whole. Damage before an indexed record is not repaired (nothing is ever
deleted): `verify` goes on reporting it. Nothing is lost: the quarantine keeps every byte cut.
Then every whole response or revisit record of the files checked that has no `captures` row (a
crawl killed before it committed its last rows) gets one, read from the record (`index_loose`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from archive.captures import insert_capture
from archive.records import Capture
from archive.warc import TEMPORARY_SUFFIX, WARC_SUFFIX
from archive.warc_check import FileCheck, Member, check_file
from archive.warc_seals import seal, sealed_sizes

logger = logging.getLogger(__name__)

QUARANTINE_DIR = "quarantine"
REPAIRS_LOG = "repairs.jsonl"


@dataclass(frozen=True)
class Repair:
    """What was done to one damaged file (or why nothing could be)."""

    file: str  # relative to the data directory: warc/<name>
    action: str  # "truncated" | "quarantined" | "unrepairable"
    offset: int  # where the damaged part begins
    removed_bytes: int
    problems: tuple[str, ...]
    moved_to: str | None = None  # relative to the data directory
    sha256: str | None = None  # of the bytes moved aside

    def describe(self) -> str:
        """One line for the operator (Russian, as the crawl's other messages)."""
        first = self.problems[0] if self.problems else ""
        if self.action == "truncated":
            return (
                f"{self.file}: недописанный хвост ({self.removed_bytes} байт с позиции {self.offset}) "
                f"перенесён в {self.moved_to}, файл обрезан до целых записей ({first})"
            )
        if self.action == "quarantined":
            return f"{self.file}: в файле нет ни одной целой записи, он перенесён в {self.moved_to} ({first})"
        return (
            f"{self.file}: повреждение с позиции {self.offset} лежит до записей, на которые ссылается"
            f" база; файл оставлен как есть ({first})"
        )


def quarantine_dir(data_dir: Path) -> Path:
    return data_dir / "warc" / QUARANTINE_DIR


def warc_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "warc").glob(f"*{WARC_SUFFIX}"))


def unsealed_files(data_dir: Path, within_days: float | None = None) -> list[Path]:
    """The WARC files not closed whole, or changed since they were; with `within_days`, only
    those written in that many last days."""
    seals = sealed_sizes(data_dir / "warc")
    oldest = time.time() - within_days * 86400 if within_days is not None else None
    unsealed = []
    for path in warc_files(data_dir):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        if seals.get(path.name) != stat.st_size and (oldest is None or stat.st_mtime >= oldest):
            unsealed.append(path)
    return unsealed


def cut_point(check: FileCheck) -> int | None:
    """Where the damaged part of a checked file begins: the first problem's member, moved back to
    the start of its exchange (a response whose request record was cut goes with it)."""
    if not check.bad_offsets:
        return None
    cut = min(check.bad_offsets)
    before = [m for m in check.members if m.offset < cut]
    if before and before[-1].warc_type in ("response", "revisit"):
        cut = before[-1].offset
    return cut


def _last_indexed_offset(conn: sqlite3.Connection, name: str) -> int | None:
    row = conn.execute("SELECT max(warc_offset) FROM captures WHERE warc_file = ?", (name,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def fsync_path(path: Path) -> None:
    """fsync a file or a directory (a rename or a new file is durable once its directory is)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _note(data_dir: Path, repair: Repair) -> None:
    entry = {"at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), **asdict(repair)}
    entry["problems"] = list(repair.problems)
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode()
    fd = os.open(quarantine_dir(data_dir) / REPAIRS_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def repair_file(
    path: Path, data_dir: Path, last_indexed: int | None, check: FileCheck | None = None
) -> Repair | None:
    """Repair one file whose records after `last_indexed` (the largest offset `captures` holds for
    it, None: none) may go; None when the file is whole."""
    check = check or check_file(path)
    name = path.relative_to(data_dir).as_posix()
    cut = cut_point(check)
    if cut is None:
        return None
    size = path.stat().st_size
    problems = tuple(check.problems[:5])
    if last_indexed is not None and last_indexed >= cut:
        return Repair(name, "unrepairable", cut, 0, problems)
    quarantine = quarantine_dir(data_dir)
    quarantine.mkdir(parents=True, exist_ok=True)
    if cut == 0:
        target = quarantine / path.name
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        repair = Repair(
            name, "quarantined", 0, size, problems, target.relative_to(data_dir).as_posix(), digest
        )
        _note(data_dir, repair)
        os.replace(path, target)  # same file system: a rename, no space needed
        fsync_path(path.parent)
        return repair
    with open(path, "rb") as handle:
        handle.seek(cut)
        tail = handle.read()
    target = quarantine / f"{path.name}.{cut}.tail"
    _write_synced(target, tail)  # the bytes cut are kept before anything is cut
    repair = Repair(
        name,
        "truncated",
        cut,
        len(tail),
        problems,
        target.relative_to(data_dir).as_posix(),
        hashlib.sha256(tail).hexdigest(),
    )
    _note(data_dir, repair)
    with open(path, "r+b") as handle:
        handle.truncate(cut)
        handle.flush()
        os.fsync(handle.fileno())
    seal(path, cut)
    return repair


def repair_files(db_path: Path, paths: Iterable[Path]) -> list[Repair]:
    """Check each file and repair the damaged ones (see the module docstring); then index the
    whole records a killed crawl wrote and did not index (`index_loose`). What was repaired."""
    data_dir = db_path.parent
    seals = sealed_sizes(data_dir / "warc")
    repairs: list[Repair] = []
    kept: dict[str, list[Member]] = {}  # each file's whole records, once repaired
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) if db_path.exists() else None
    try:
        for path in paths:
            check = check_file(path)
            name = path.relative_to(data_dir).as_posix()
            last = _last_indexed_offset(conn, name) if conn is not None and not check.ok else None
            repair = repair_file(path, data_dir, last, check)
            cut = cut_point(check)
            kept[name] = [m for m in check.members if cut is None or m.offset + m.length <= cut]
            if repair is None:
                size = path.stat().st_size
                if seals.get(path.name) != size:
                    seal(path, size)
            else:
                logger.info("WARC repair: %s", repair.describe())
                repairs.append(repair)
    finally:
        if conn is not None:
            conn.close()
    if conn is not None and kept:  # an archive, and files to look at (none after a clean run)
        index_loose(db_path, kept)
    return repairs


def index_loose(db_path: Path, members: dict[str, list[Member]]) -> int:
    """Add a `captures` row for each whole response or revisit record of these files that has
    none: a crawl commits its rows a batch at a time (archive.deferred_writes), so a kill leaves
    the last records written without one. Their fields come from the records themselves; the
    release they became is linked by `pressarchive reextract`. How many rows were added."""
    from archive.db import open_db
    from archive.transactions import write_transaction

    db = open_db(db_path, create=False)
    added = 0
    try:
        with write_transaction(db):
            for name, found in members.items():
                rows = db.execute("SELECT warc_offset FROM captures WHERE warc_file = ?", [name])
                indexed = {offset for (offset,) in rows}
                for member in found:
                    if member.warc_type in ("response", "revisit") and member.offset not in indexed:
                        insert_capture(db, loose_capture(name, member))
                        added += 1
    finally:
        db.close()
    if added:
        logger.info("%d WARC record(s) a stopped crawl had not indexed are in the captures table now", added)
    return added


def loose_capture(name: str, member: Member) -> Capture:
    """The `captures` row of a record found on disk (the crawl writes the same, from the exchange)."""
    fetched = dt.datetime.fromisoformat(member.date.replace("Z", "+00:00"))
    return Capture(
        url=member.url,
        fetched_at=fetched.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        warc_file=name,
        warc_offset=member.offset,
        warc_length=member.length,
        record_type=member.warc_type,
        payload_digest=member.payload_digest or "",
        http_status=member.http_status,
    )


RECENT_DAYS = 30


def remove_temporary_files(data_dir: Path) -> int:
    """New WARC files a killed writer never named (archive.warc.WarcFile._create): a warcinfo
    record each and nothing else. Run under the writer lock, so none is being written."""
    removed = 0
    for path in (data_dir / "warc").glob(f".*{WARC_SUFFIX}.*{TEMPORARY_SUFFIX}"):
        path.unlink(missing_ok=True)
        removed += 1
    if removed:
        logger.info("removed %d unnamed new WARC file(s) a killed writer left", removed)
    return removed


def repair_unsealed(db_path: Path, within_days: float | None = RECENT_DAYS) -> list[Repair]:
    """What a writing run does first: check the files no writer closed whole, repair, seal.

    Only files written in the last `within_days` days: a run cut short left its files unsealed
    hours ago, while an archive older than the seals (every file unsealed) would cost its first run
    a read of every file (about 3 s per 100 MB file here); `verify --repair` reads them all."""
    remove_temporary_files(db_path.parent)
    return repair_files(db_path, unsealed_files(db_path.parent, within_days))


def repair_all(db_path: Path) -> list[Repair]:
    """`verify --repair`: every WARC file, sealed or not."""
    return repair_files(db_path, warc_files(db_path.parent))
