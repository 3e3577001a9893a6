"""kill -9 of the crawl at random moments: the archive stays sound and a rerun completes it.

Five crawls are killed with SIGKILL at random points (seed printed on failure); after each the
database passes integrity_check and every WARC file passes verify; then one crawl runs to the
end and every published release is in the archive exactly once, with one version and one
`new` event each, and every release version points at a capture.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from archive.migrations import migrations
from archive.verify import verify_archive
from demo.mirror import Mirror, write_demo_registry

ROOT = Path(__file__).resolve().parent.parent
KILLS = 5
# A small delay spreads the crawl over a few seconds, so the kills land inside it.
SLOW = ["--set", "DOWNLOAD_DELAY=0.02", "--set", "AUTOTHROTTLE_ENABLED=False"]


def _crawl(registry: Path, db_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            "--sources",
            str(registry),
            "--db",
            str(db_path),
            *SLOW,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _opened(db_path: Path) -> bool:
    """The archive exists with every migration applied: the crawl is past opening it (a kill
    during the very first open leaves a new archive half-migrated, which the next open completes
    but `verify` cannot read)."""
    if not db_path.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1.0)
        try:
            (applied,) = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet, or busy
        return False
    return int(applied) == len(migrations._migrations)


def _wait_for(db_path: Path, process: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    """Until the crawl has opened the archive (or ended), so every kill lands inside a crawl."""
    deadline = time.monotonic() + limit
    while not _opened(db_path) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)


def _integrity(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def test_kill_nine_leaves_a_sound_archive_that_a_rerun_completes(tmp_path: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    db_path = tmp_path / "archive.db"
    killed_with_data = 0
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        for attempt in range(KILLS):
            process = _crawl(registry, db_path)
            _wait_for(db_path, process)  # start-up time varies with the machine's load
            delay = rng.uniform(0.0, 2.0)  # the crawl itself takes ~2 s
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            context = f"seed={seed} kill {attempt + 1} after {delay:.2f}s"
            if not db_path.exists():
                continue
            killed_with_data += 1
            assert _integrity(db_path) == ["ok"], context
            report = verify_archive(db_path)
            assert report.ok, (context, report.problems)

        final = subprocess.run(
            [
                *(sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(registry)),
                *("--db", str(db_path), "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert final.returncode == 0, (seed, final.stderr[-3000:])
        expected = {(f"demo_{site}", r.title) for site in mirror.sites for r in mirror.releases(site)}

    assert killed_with_data >= 1, f"seed={seed}: no kill landed after the archive was created"
    conn = sqlite3.connect(db_path)
    stored = conn.execute("SELECT source, title FROM releases").fetchall()
    assert sorted(stored) == sorted(expected), seed  # nothing missing, nothing twice
    versions = conn.execute(
        "SELECT release_id, count(*) FROM release_versions GROUP BY release_id"
    ).fetchall()
    assert len(versions) == len(expected) and {n for _, n in versions} == {1}, seed
    news = conn.execute(
        "SELECT release_id, count(*) FROM events WHERE kind = 'new' GROUP BY release_id"
    ).fetchall()
    assert len(news) == len(expected) and {n for _, n in news} == {1}, seed
    assert conn.execute("SELECT count(*) FROM events WHERE kind != 'new'").fetchone() == (0,), seed
    (unlinked,) = conn.execute("SELECT count(*) FROM release_versions WHERE capture_id IS NULL").fetchone()
    assert unlinked == 0, seed
    conn.close()
    assert _integrity(db_path) == ["ok"]
    report = verify_archive(db_path)
    assert report.ok, (seed, report.problems)
