"""Fixity and integrity of the whole archive: the WARC files, the captures index and the database.

A problem is something wrong (a corrupt or truncated WARC, a digest that does not match, a
captures row that points at nothing, a failed integrity or foreign-key check, a release whose
versions disagree with it). A warning is something incomplete but true: records written by a
crawl that was killed before it could index them.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from archive.warc import WARC_SUFFIX
from archive.warc_check import Member, check_file

logger = logging.getLogger(__name__)


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: int = 0
    records: int = 0
    captures: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def warc_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "warc").glob(f"*{WARC_SUFFIX}"))


def verify_archive(db_path: Path, progress: Callable[[Path], None] | None = None) -> Report:
    """Check everything; never writes. `progress` is called once per WARC file checked."""
    report = Report()
    if not db_path.exists():
        report.problems.append(f"no database at {db_path}")
        return report
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        check_database(conn, report)
        check_warcs(conn, db_path.parent, report, progress)
        _note_repairs(db_path.parent, report)
    finally:
        conn.close()
    return report


def check_database(conn: sqlite3.Connection, report: Report) -> None:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        report.problems += [f"integrity_check: {row}" for row in rows[:20]]
    try:
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
            report.problems.append(f"foreign key: {table} row {rowid} points at a missing {parent} row")
    except sqlite3.OperationalError as exc:  # a damaged schema: a key that points at no key
        report.problems.append(f"foreign keys cannot be checked, the schema is damaged: {exc}")
    try:
        _check_versions(conn, report)
    except sqlite3.OperationalError as exc:
        report.problems.append(f"versions cannot be checked, the schema is damaged: {exc}")


_VERSION_CHECKS = {
    "has no version": "SELECT release_id FROM releases r"
    " WHERE NOT EXISTS (SELECT 1 FROM release_versions v WHERE v.release_id = r.release_id)",
    "has a version_count that differs from its versions": "SELECT release_id FROM releases r"
    " WHERE version_count != (SELECT count(*) FROM release_versions v WHERE v.release_id = r.release_id)",
    "shows other content than its latest version": "SELECT r.release_id FROM releases r"
    " JOIN release_versions v ON v.release_id = r.release_id"
    " AND v.version = (SELECT max(version) FROM release_versions w WHERE w.release_id = r.release_id)"
    " WHERE v.content_hash != r.content_hash",
}


def _check_versions(conn: sqlite3.Connection, report: Report) -> None:
    for what, sql in _VERSION_CHECKS.items():
        ids = [r[0] for r in conn.execute(sql + " LIMIT 20")]
        report.problems += [f"release {release_id} {what}" for release_id in ids]


def check_warcs(
    conn: sqlite3.Connection, data_dir: Path, report: Report, progress: Callable[[Path], None] | None = None
) -> None:
    """Each file checked on its own; then every captures row matched against the records found."""
    found: dict[str, dict[int, Member]] = {}
    for path in warc_files(data_dir):
        result = check_file(path)
        name = path.relative_to(data_dir).as_posix()
        report.files += 1
        report.records += len(result.members)
        report.problems += [f"{name}: {problem}" for problem in result.problems]
        found[name] = {m.offset: m for m in result.members}
        if progress is not None:
            progress(path)
    indexed: dict[str, set[int]] = {}
    rows = conn.execute(
        "SELECT id, url, warc_file, warc_offset, warc_length, record_type, payload_digest FROM captures"
    ).fetchall()
    report.captures = len(rows)
    for capture_id, url, warc_file, offset, length, record_type, digest in rows:
        indexed.setdefault(warc_file, set()).add(offset)
        members = found.get(warc_file)
        if members is None:
            report.problems.append(f"capture {capture_id}: WARC file {warc_file} is missing")
            continue
        member = members.get(offset)
        expected = (length, record_type, url, digest)
        if member is None:
            report.problems.append(f"capture {capture_id}: no record at {warc_file}:{offset}")
        elif (member.length, member.warc_type, member.url, member.payload_digest) != expected:
            report.problems.append(f"capture {capture_id}: the record at {warc_file}:{offset} differs")
    for name, members in found.items():
        loose = [
            m
            for m in members.values()
            if m.warc_type in ("response", "revisit") and m.offset not in indexed.get(name, ())
        ]
        if loose:
            report.warnings.append(
                f"{name}: {len(loose)} record(s) not in the captures table"
                " (a crawl stopped before indexing them; the next crawl or verify --repair indexes them)"
            )


def _note_repairs(data_dir: Path, report: Report) -> None:
    """Bytes once cut from damaged WARC files are kept in quarantine: say so, with where."""
    from archive.warc_repair import REPAIRS_LOG, quarantine_dir

    log = quarantine_dir(data_dir) / REPAIRS_LOG
    try:
        count = sum(1 for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line)
    except FileNotFoundError:
        return
    if count:
        name = log.relative_to(data_dir).as_posix()
        report.warnings.append(
            f"{name}: {count} repair(s) of damaged WARC files on record, the bytes cut kept beside it"
        )
