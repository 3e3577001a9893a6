"""`pressarchive serve` keeps answering while a crawler writes the same file (WAL readers)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
from serve_fixtures import build_archive
from serve_process import ROOT, running_server

WRITE_SECONDS = 4.0

# A separate process, as the nightly crawl is: batches of new releases and edits, one writer.
WRITER = textwrap.dedent(
    """
    import sys, time
    from dataclasses import replace
    sys.path.insert(0, "tests")
    from serve_fixtures import MINISTRY, RELEASES, release
    from archive.store import Archive

    deadline = time.monotonic() + float(sys.argv[2])
    n = 100
    with Archive.open(sys.argv[1]) as archive:
        while time.monotonic() < deadline:
            batch = [release(n + i, MINISTRY, f"Инвестиции в проект {n + i}", "Новые инвестиции. " * 40)
                     for i in range(20)]
            edited = replace(RELEASES[1], body_text=f"Завод построят. Правка {n}.", content_hash=f"e{n}")
            seen = f"2026-03-02T{(n // 20) % 24:02d}:00:00Z"
            archive.save_releases([*batch, edited], seen_at=seen)
            n += 20
    print(n - 100)
    """
)
PATHS = (
    "/-/search?q=инвестициями",
    "/archive/search.json?q=инвестиции&_shape=objects",
    "/archive/releases.json?_size=5&_shape=objects",
    "/-/release/r2",
    "/archive/feed_search.atom?q=инвестиции",
)


def test_reads_never_fail_while_the_crawler_writes(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    build_archive(db_path)
    with running_server(db_path) as base:
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), str(WRITE_SECONDS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        statuses: list[tuple[str, int]] = []
        counts: list[int] = []
        with httpx.Client(base_url=base, timeout=30.0) as client:
            while writer.poll() is None:
                for path in PATHS:
                    response = client.get(path)
                    statuses.append((path, response.status_code))
                    if path.startswith("/archive/releases.json"):
                        counts.append(response.json()["filtered_table_rows_count"])
                time.sleep(0.01)
            out, err = writer.communicate(timeout=30)
            assert writer.returncode == 0, err[-2000:]
            final = client.get("/archive/releases.json?_size=1").json()["filtered_table_rows_count"]
    failures = [item for item in statuses if item[1] != 200]
    assert not failures, failures[:10]
    assert len(statuses) >= 5 * len(PATHS)  # the reads really overlapped the writes
    written = int(out.strip())
    assert written > 0 and final == 4 + written
    assert counts == sorted(counts) and counts[-1] > counts[0]  # readers saw the archive grow
