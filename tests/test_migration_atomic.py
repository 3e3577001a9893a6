"""An upgrade of the schema is all or nothing, and `verify` says plainly when one is still owed.

An archive as the first program wrote it (3,000 releases) is upgraded by a real `pressarchive
status`, killed with SIGKILL while the upgrade writes: the archive keeps exactly the migrations it
had (not some of the new ones), passes integrity_check, `verify` says in one line what to run
(exit 2, no traceback), `migrate` completes it and `verify` passes. A migration that fails half
way leaves the schema, the data and `user_version` as they were; one that fails while a new
archive is built leaves no archive at all.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import ROOT, run_cli
from old_archive import old_archive
from sqlite_utils import Database

from archive import migrations
from archive.db import open_db


def _applied(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def _schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()


def _writing(path: Path) -> bool:
    """Whether another connection holds the archive's write lock (the upgrade has begun)."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def test_a_kill_during_an_upgrade_leaves_the_schema_it_had(tmp_path: Path) -> None:
    db = old_archive(tmp_path / "archive.db", 3000)
    before = _applied(db)
    status = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "status", "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while status.poll() is None and time.monotonic() < deadline and not _writing(db):
        time.sleep(0.02)
    time.sleep(0.5)  # well inside the upgrade (1.5-3 s here)
    assert status.poll() is None, "the upgrade ended before the kill: give it more releases"
    status.send_signal(signal.SIGKILL)
    status.wait()
    assert _applied(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    verify = run_cli("verify", "--db", db)
    assert verify.returncode == 2, verify.stderr
    assert "Traceback" not in verify.stderr
    (line,) = verify.stderr.strip().splitlines()
    assert line.startswith("ОШИБКА: схема архива") and f"pressarchive migrate --db {db}" in line
    migrate = run_cli("migrate", "--db", db)
    assert migrate.returncode == 0, migrate.stderr
    assert _applied(db) == [m.name for m in migrations.migrations._migrations]
    verify = run_cli("verify", "--db", db)
    assert verify.returncode == 0, verify.stderr + verify.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.migrations._migrations)
        assert conn.execute("SELECT count(*) FROM release_versions").fetchone()[0] == 3000


@pytest.fixture
def failing_migration() -> Iterator[str]:
    """A late migration made to fail after it has done its work."""
    migration = next(m for m in migrations.migrations._migrations if m.name == "0110_subscriptions")
    original = migration.fn

    def fail_half_way(db: Database) -> None:
        original(db)
        raise RuntimeError("the disk went away")

    migration.fn = fail_half_way
    try:
        yield migration.name
    finally:
        migration.fn = original


def test_a_migration_failing_half_way_changes_nothing(tmp_path: Path, failing_migration: str) -> None:
    db = old_archive(tmp_path / "archive.db", 20)
    applied, schema = _applied(db), _schema(db)
    with sqlite3.connect(db) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    with pytest.raises(RuntimeError, match="the disk went away"):
        open_db(db)
    assert _applied(db) == applied and _schema(db) == schema
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert conn.execute("SELECT count(*) FROM releases").fetchone()[0] == 20


def test_a_new_archive_appears_whole_or_not_at_all(tmp_path: Path, failing_migration: str) -> None:
    db = tmp_path / "archive.db"
    with pytest.raises(RuntimeError, match="the disk went away"):
        open_db(db)
    assert list(tmp_path.iterdir()) == []  # no half-built archive.db, nothing left of building it


def test_the_schema_version_is_recorded_for_tools_that_read_only_user_version(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    open_db(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 0")  # as every archive migrated before it was recorded
    open_db(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.migrations._migrations)
