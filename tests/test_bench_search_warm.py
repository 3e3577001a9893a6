"""bench/bench_search.py warms the page cache with what every search reads: only tables the
archive has (after migration 0190 the plain index `releases_fts` is gone, and reading it failed the
benchmark before its first request)."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench_search() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        import bench_search as module
    finally:
        sys.path.remove(str(BENCH))
    return module


def test_the_warm_up_reads_tables_a_synthetic_archive_has(
    bench_search: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_archive = bench_search.build_archive  # bench/synthetic.py's, as the benchmark builds

    path = tmp_path / "bench.db"
    build_archive(path, 300)
    with closing(sqlite3.connect(path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "releases_fts" not in tables  # migration 0190
    bench_search.warm_page_cache(path)
    assert "search indexes read" in capsys.readouterr().out
