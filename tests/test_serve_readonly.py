"""Serving never writes: a read-only archive (a replica, a read-only folder) is served as it is,
and one that would need a write to be served is refused in Russian with exit code 2 (issue 13).

Tests may run as root, whom file permissions do not stop. So the server runs as `nobody` when
the tests are root (through setpriv), and every test also compares the folder before and after:
the same file names, the same bytes and modification times. A server that wrote anything (a -shm
or -wal file, a migration, a checkpoint) fails either way.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serve_fixtures import build_archive
from serve_process import ROOT, free_port, running_server

NOBODY = 65534
READ_ONLY_FILE = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
READ_ONLY_DIR = READ_ONLY_FILE | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH


def as_unprivileged() -> list[str]:
    """What runs the server as a user that file permissions bind (root: nobody; else: oneself)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root without setpriv: cannot serve as an unprivileged user")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder `nobody` can reach (pytest's own tmp_path is private to its user)."""
    path = Path(tempfile.mkdtemp(prefix="pressarchive-ro-", dir="/tmp"))
    path.chmod(0o755)
    inner = path / "replica"
    inner.mkdir()
    yield inner
    inner.chmod(0o755)
    shutil.rmtree(path)


def replica(folder: Path, change: str | None = None) -> Path:
    """A whole copy of a test archive in `folder` (SQLite's backup: one file, no journal beside it),
    with `change` made to it first."""
    source = folder.parent / "source.db"
    build_archive(source)
    archive = folder / "archive.db"
    conn = sqlite3.connect(source)
    if change:
        conn.execute(change)
        conn.commit()
    copy = sqlite3.connect(archive)
    conn.backup(copy)
    copy.close()
    conn.close()
    return archive


def make_read_only(archive: Path) -> None:
    for item in archive.parent.iterdir():
        item.chmod(READ_ONLY_FILE)
    archive.parent.chmod(READ_ONLY_DIR)


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Each file of the folder: its bytes' digest and modification time."""
    return {
        item.name: (hashlib.sha256(item.read_bytes()).hexdigest(), item.stat().st_mtime_ns)
        for item in sorted(folder.iterdir())
    }


def test_a_read_only_archive_is_served_without_writing(folder: Path) -> None:
    archive = replica(folder)
    make_read_only(archive)
    before = snapshot(folder)
    assert list(before) == ["archive.db"]
    with running_server(archive, prefix=as_unprivileged()) as base, httpx.Client(base_url=base) as client:
        pages = {
            path: client.get(path, timeout=30).status_code
            for path in (
                "/-/search?q=инвестиции",
                "/archive/search.json?q=инвестиции",
                "/archive/releases.json?_size=2",
                "/-/release/r1",
                "/-/sources",
                "/archive/feed_events.atom",
            )
        }
    assert set(pages.values()) == {200}, pages
    assert snapshot(folder) == before


def _serve_once(archive: Path) -> subprocess.CompletedProcess[str]:
    """`pressarchive serve` on a free port; a server that starts is stopped after 20 s."""
    command = [sys.executable, "-m", "crawler.cli", "serve", "--db", str(archive), "--port", str(free_port())]
    try:
        return subprocess.run(
            [*as_unprivileged(), *command], cwd=ROOT, capture_output=True, text=True, timeout=20
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the server started instead of refusing the archive")


def test_a_read_only_archive_that_needs_migrating_is_refused_in_russian(folder: Path) -> None:
    older = "DELETE FROM _sqlite_migrations WHERE rowid = (SELECT max(rowid) FROM _sqlite_migrations)"
    archive = replica(folder, older)  # as if an older pressarchive had written it
    make_read_only(archive)
    before = snapshot(folder)
    result = _serve_once(archive)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "ОШИБКА" in result.stderr and "только для чтения" in result.stderr and "миграц" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(folder) == before


def test_a_read_only_copy_with_its_journal_pending_is_refused_in_russian(folder: Path) -> None:
    source = folder.parent / "live.db"
    build_archive(source)
    writer = sqlite3.connect(source)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE releases SET title = title || ' (исправлено)'")
    writer.commit()
    for suffix in ("", "-wal"):  # a replica copied while the crawler was writing
        shutil.copyfile(f"{source}{suffix}", folder / f"archive.db{suffix}")
    writer.close()
    archive = folder / "archive.db"
    make_read_only(archive)
    before = snapshot(folder)
    result = _serve_once(archive)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "ОШИБКА" in result.stderr and "archive.db-wal" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(folder) == before


def test_a_read_only_archive_beside_its_writer_is_read_through_the_journal(folder: Path) -> None:
    """The crawler writing as another user: its -wal and -shm are read, not written."""
    archive = replica(folder)
    writer = sqlite3.connect(archive)
    writer.execute("PRAGMA journal_mode = wal")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE releases SET title = 'Заголовок, исправленный только что' WHERE release_id = 'r1'")
    writer.commit()
    make_read_only(archive)
    before = snapshot(folder)
    assert set(before) == {"archive.db", "archive.db-wal", "archive.db-shm"}
    try:
        with running_server(archive, prefix=as_unprivileged()) as base:
            row = httpx.get(f"{base}/archive/releases/r1.json?_shape=objects", timeout=30).json()["rows"][0]
        assert row["title"] == "Заголовок, исправленный только что"
        assert snapshot(folder) == before
    finally:
        writer.close()
