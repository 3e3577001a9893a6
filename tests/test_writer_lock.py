"""Two writers of one archive: the second waits its turn or refuses with exit 75 naming the first.

Real processes on the demo mirror: a crawl writes while a second crawl, a nightly run and a
reextract start on the same archive (refused at once: 75, one line, who holds the lock), while
`status` reads (answers); then a second crawl told to --wait runs after the first and the archive
verifies with no release twice. The CLI's other writers (subscriptions, digest, migrate) are
checked in-process against a lock held by the test.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import ROOT, run_cli
from click.testing import CliRunner

from archive.db import open_db
from crawler.cli import main
from crawler.nightly.lock import LockHeld, RunLock, writer_lock_path
from demo.mirror import Mirror, write_demo_registry

# A small politeness delay stretches the first crawl over a few seconds, so the others land in it.
SLOW = ("--set", "DOWNLOAD_DELAY=0.08", "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "RETRY_TIMES=0")
FAST = ("--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "RETRY_TIMES=0")
NO_TRACE = ("Traceback", "database is locked", "AssertionError", "CRITICAL")


@pytest.fixture(scope="module")
def mirror_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with Mirror() as mirror:
        yield write_demo_registry(mirror, tmp_path_factory.mktemp("mirror") / "sources.toml")


def _start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _holds_lock(db: Path, process: subprocess.Popen[str], limit: float = 30.0) -> None:
    """Until `process` has written itself into the archive's writer lock."""
    deadline = time.monotonic() + limit
    lock = writer_lock_path(db)
    while time.monotonic() < deadline and process.poll() is None:
        if lock.exists() and f"pid {process.pid} " in lock.read_text(encoding="utf-8"):
            return
        time.sleep(0.05)
    raise AssertionError(f"the first crawl never took the lock (exit {process.poll()})")


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def _clean(stderr: str) -> None:
    for word in NO_TRACE:
        assert word not in stderr, stderr[-3000:]


def test_second_writers_are_refused_while_a_crawl_writes_and_readers_answer(
    mirror_registry: Path, tmp_path: Path
) -> None:
    db = tmp_path / "archive.db"
    first = _start("crawl", "--sources", mirror_registry, "--db", db, *SLOW)
    _holds_lock(db, first)
    others = {
        "crawl": _start("crawl", "--sources", mirror_registry, "--db", db, *FAST),
        "nightly": _start("nightly", "--sources", mirror_registry, "--db", db, *FAST),
        "reextract": _start("reextract", "--sources", mirror_registry, "--db", db),
        "status": _start("status", "--db", db),
    }
    results = {name: _finish(process) for name, process in others.items()}
    assert first.poll() is None, "the first crawl ended before the others were turned away: slow it down"
    code, err = _finish(first)
    assert code == 0, err[-3000:]
    _clean(err)
    for name in ("crawl", "nightly", "reextract"):
        code, err = results[name]
        assert code == 75, f"{name}: {code} {err[-3000:]}"
        (line,) = err.strip().splitlines()
        assert f"Архив {db} занят: пишет pressarchive crawl (pid {first.pid}, с 20" in line, line
        assert "--wait" in line
        _clean(err)
    code, err = results["status"]
    assert code == 0, err
    verify = run_cli("verify", "--db", db)
    assert verify.returncode == 0, verify.stderr + verify.stdout
    with sqlite3.connect(db) as conn:
        runs, sources = conn.execute("SELECT count(*), count(DISTINCT source) FROM crawl_runs").fetchone()
    # only the first crawl ran: one run per source (its sources open in the same second, or not:
    # counting distinct start times failed once when they straddled one)
    assert runs == sources > 1


def test_a_second_crawl_told_to_wait_runs_after_the_first(mirror_registry: Path, tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    first = _start("crawl", "--sources", mirror_registry, "--db", db, *SLOW)
    _holds_lock(db, first)
    second = _start("crawl", "--sources", mirror_registry, "--db", db, "--wait", "120", *FAST)
    code, err = _finish(second)
    assert first.poll() is not None  # the second finished after the first
    assert code == 0, err[-3000:]
    assert f"занят: пишет pressarchive crawl (pid {first.pid}" in err and "Жду до 120 с" in err
    _clean(err)
    code, err = _finish(first)
    assert code == 0, err[-3000:]
    _clean(err)
    verify = run_cli("verify", "--db", db)
    assert verify.returncode == 0, verify.stderr + verify.stdout
    with sqlite3.connect(db) as conn:
        count = "SELECT count(*), count(DISTINCT canonical_url) FROM releases"
        releases, urls = conn.execute(count).fetchone()
        versions = conn.execute("SELECT max(version_count) FROM releases").fetchone()[0]
        runs = conn.execute("SELECT count(DISTINCT started_at) FROM crawl_runs").fetchone()[0]
    assert releases == urls > 0 and versions == 1 and runs == 2


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    db = tmp_path / "archive.db"
    open_db(db).close()
    return db


@pytest.mark.parametrize(
    "args",
    [
        ("subscriptions", "add", "--email", "a@example.org", "--q", "инвестиции"),
        ("subscriptions", "remove", "1"),
        ("digest", "--base-url", "http://archive.example/", "--smtp-host", "127.0.0.1", "--wait", "0.3"),
        ("migrate",),
        ("reextract",),
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_every_writing_command_takes_the_writer_lock(archive: Path, args: tuple[str, ...]) -> None:
    with RunLock(writer_lock_path(archive), command="pressarchive nightly"):
        result = CliRunner().invoke(main, [*args, "--db", str(archive)])
    assert result.exit_code == 75, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert f"занят: пишет pressarchive nightly (pid {os.getpid()}, с 20" in result.output


def test_a_held_lock_is_waited_for_then_refused_with_its_holder(tmp_path: Path) -> None:
    path = tmp_path / "archive.db.lock"
    told: list[str] = []
    with RunLock(path, command="pressarchive crawl"):
        assert path.read_text(encoding="utf-8").startswith(f"pid {os.getpid()} since 20")
        started = time.monotonic()
        with pytest.raises(LockHeld) as held:
            RunLock(path, command="pressarchive nightly", wait=0.5, on_wait=told.append).__enter__()
        waited = time.monotonic() - started
    assert 0.5 <= waited < 2.0
    assert told == [held.value.holder] and held.value.holder.endswith(": pressarchive crawl")
    with RunLock(path, command="pressarchive nightly", wait=0.5):  # free again
        assert path.read_text(encoding="utf-8").endswith(": pressarchive nightly\n")
    assert path.read_text(encoding="utf-8") == ""


def test_a_forked_child_does_not_keep_the_lock_after_its_parent_is_killed(tmp_path: Path) -> None:
    """A crawl's extraction worker is forked while the crawl holds the lock: kill -9 of the crawl
    frees the archive at once, whatever the worker does."""
    path = tmp_path / "archive.db.lock"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from crawler.nightly.lock import RunLock\n"
        f"lock = RunLock(Path({str(path)!r}), command='pressarchive crawl').__enter__()\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    time.sleep(30)\n"
        "    os._exit(0)\n"
        "print(child, flush=True)\n"
        "time.sleep(30)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        with pytest.raises(LockHeld):
            RunLock(path).__enter__()
        parent.kill()
        parent.wait()
        with RunLock(path, wait=0.5):  # free, though the child still runs
            os.kill(child, 0)
    finally:
        os.kill(child, 9)
        parent.kill()
        parent.communicate()
