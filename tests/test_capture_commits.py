"""A crawl's captures rows are committed as it goes (crawler.scrapy_glue.capture: 16 rows or a
quarter second), not when a batch of releases or the crawl's end happens to commit them: a reader
sees them, and a kill loses at most that much of the index (archive.deferred_writes)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from demo.mirror import Mirror, write_demo_registry

ROOT = Path(__file__).resolve().parent.parent
LAG = dt.timedelta(seconds=2.5)  # the timer's quarter second, fetched_at's whole seconds, polling


def _fetched_times(db_path: Path) -> list[dt.datetime] | None:
    """The fetched_at of every committed captures row, as a reader sees them (None: not yet)."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.5)
        try:
            rows = conn.execute("SELECT fetched_at FROM captures").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return [dt.datetime.fromisoformat(value.replace("Z", "+00:00")) for (value,) in rows]


def test_a_slow_crawl_commits_its_captures_as_it_goes(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        crawl = subprocess.Popen(
            [
                *(sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(registry)),
                *("--only", "demo_mosreg_mii", "--db", str(db_path)),
                *("--set", "DOWNLOAD_DELAY=0.4", "--set", "AUTOTHROTTLE_ENABLED=False"),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        samples: list[tuple[dt.datetime, list[dt.datetime]]] = []
        while crawl.poll() is None:
            seen = _fetched_times(db_path)
            if seen is not None:
                samples.append((dt.datetime.now(dt.UTC), seen))
            time.sleep(0.1)
        _, stderr = crawl.communicate()
    assert crawl.returncode == 0, stderr.decode(errors="replace")[-2000:]
    every = _fetched_times(db_path) or []
    assert len(every) >= 16  # a listing and its articles, 0.4 s apart: the crawl takes seconds
    late = [
        (when, len(seen), sum(1 for fetched in every if fetched < when - LAG))
        for when, seen in samples
        if len(seen) < sum(1 for fetched in every if fetched < when - LAG)
    ]
    assert not late, f"rows fetched more than {LAG} before a reader looked were not committed: {late[:3]}"
    assert any(0 < len(seen) < len(every) for _, seen in samples)  # seen while the crawl ran
