"""The search JSON's SQL of an earlier commit against today's, on one archive file, in one process.

    python bench/ab_search_sql.py --before b830318                     # the 1M bench archive
    python bench/ab_search_sql.py --before b830318 --db var/bench/search-50000-v1.db

A server benchmark's figures move with the file and the page cache (bench_search.py after a
migration has rewritten an index, say); this compares the code alone. The canned query `search` as
the server runs it (archive.serve.feeds around archive.serve.search_sql) and the snippet functions
(archive.snippets) of `--before` are taken from git into a temporary folder and registered on their
own read-only connection beside today's; both run the same 1-3 word queries, alternating which goes
first, after a warm-up. Printed: p50/p95 of each and how many queries gave identical rows and
column names, for `search` and for `search_by_date` (run once each, not timed). Not part of `make
bench`: it needs a commit to compare with.
"""

from __future__ import annotations

import argparse
import importlib.util
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(BENCH_DIR)]

from bench_search import archive_path, percentile, queries  # noqa: E402
from serve_fixtures import search_params, served_sql  # noqa: E402
from synthetic import vocabulary  # noqa: E402

import archive.snippets as current_snippets  # noqa: E402
from archive.attachment_hits import register_hit_function  # noqa: E402
from archive.search import register_functions  # noqa: E402
from archive.serve.plugin import READ_CACHE_KIB  # noqa: E402


def module_at(revision: str, path: str, name: str, folder: Path) -> ModuleType:
    """The module at `path` as it was at `revision`, loaded under `name`."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:{path}"], check=True, capture_output=True, text=True
    ).stdout
    target = folder / f"{name}.py"
    target.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def connect(path: Path, snippets: Any) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")  # as the server's reading connections
    register_functions(conn)
    snippets.register_snippet_functions(conn)
    register_hit_function(conn)
    return conn


def timed(conn: sqlite3.Connection, sql: str, query: str) -> tuple[float, list[Any]]:
    """Milliseconds, then the column names and the rows."""
    started = time.perf_counter()
    cursor = conn.execute(sql, search_params(query))
    rows = cursor.fetchall()
    return (time.perf_counter() - started) * 1000, [tuple(c[0] for c in cursor.description), *rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", required=True, help="the commit to compare with")
    parser.add_argument("--db", type=Path, default=archive_path(1_000_000))
    parser.add_argument("--queries", type=int, default=100, help="queries per length (1, 2, 3 words)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        old_sql = module_at(args.before, "archive/serve/search_sql.py", "before_search_sql", Path(folder))
        old_snippets = module_at(args.before, "archive/snippets.py", "before_snippets", Path(folder))
        old_feeds = module_at(args.before, "archive/serve/feeds.py", "before_feeds", Path(folder))
    conns = {"before": connect(args.db, old_snippets), "now": connect(args.db, current_snippets)}
    old_feeds.search_sql = old_sql  # an old feeds module wraps its own search_sql
    sqls = {"before": served_sql(conns["now"], old_feeds), "now": served_sql(conns["now"])}
    qs = queries(vocabulary(), args.queries)
    for query in qs[:20]:
        for name, conn in conns.items():
            timed(conn, sqls[name]["search"], query)
    times: dict[str, list[float]] = {name: [] for name in sqls}
    same = {"search": 0, "search_by_date": 0}
    for number, query in enumerate(qs):
        answers: dict[str, dict[str, list[Any]]] = {name: {} for name in sqls}
        for name in sorted(sqls, reverse=number % 2 == 1):  # which goes first (a colder cache) alternates
            elapsed, answers[name]["search"] = timed(conns[name], sqls[name]["search"], query)
            times[name].append(elapsed)
            answers[name]["search_by_date"] = timed(conns[name], sqls[name]["search_by_date"], query)[1]
        for canned in same:
            same[canned] += answers["before"][canned] == answers["now"][canned]
    print(f"{len(qs)} queries on {args.db.name}, the canned query `search` as served (SQL and snippets)")
    for name, values in times.items():
        label = f"{name} ({args.before})" if name == "before" else name
        print(f"{label:18} p50 {percentile(values, 50):6.1f} ms  p95 {percentile(values, 95):6.1f} ms")
    for canned, count in same.items():
        print(f"{canned}: identical rows and columns for {count} of {len(qs)} queries")
    return 0 if all(count == len(qs) for count in same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
