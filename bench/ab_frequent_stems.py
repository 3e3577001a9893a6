"""The search JSON's SQL with the frequent stems the server finds at start-up, against none.

    python bench/ab_frequent_stems.py                                  # bench_search's 1M archive
    python bench/ab_frequent_stems.py --db var/bench/search-100000-v1.db --queries 30

archive.serve.ranking leaves the stems in at least 52% of the releases out of bm25's expression
(their IDF is 1e-6); until its check succeeds (at start-up, then hourly; a minute after a failed
one) every word is ranked. This runs the canned query `search` as the server does (feeds around
search_sql) on two read-only connections, one with the stems found, one with none, each first in
turn, on bench_search's 1-3 word queries. Printed: p50/p95 of each, how many queries have a
frequent stem, how many gave identical rows, and the first few that did not (the same releases, in
another order where relevance is equal to the thousandth, or its last digit rounded otherwise).
Not part of `make bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(BENCH_DIR)]

from bench_search import archive_path, percentile, queries, reading_connection  # noqa: E402
from serve_fixtures import search_params, served_sql  # noqa: E402
from synthetic import vocabulary  # noqa: E402

from archive.search import rank_query  # noqa: E402
from archive.serve import ranking, search_sql  # noqa: E402
from archive.serve.app import make_datasette  # noqa: E402

RELEVANCE = search_sql.DISPLAY_COLUMNS.index("relevance")


def found_stems(path: Path) -> ranking.FrequentStems:
    """The stems as the server finds them at start-up."""
    datasette = make_datasette(path)
    asyncio.run(datasette.invoke_startup())
    for db in datasette.databases.values():
        db.close()
    return ranking.frequent_stems(str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=archive_path(1_000_000))
    parser.add_argument("--queries", type=int, default=100, help="queries per length (1, 2, 3 words)")
    args = parser.parse_args(argv)
    stems = found_stems(args.db)
    conns = {
        "found": reading_connection(args.db, stems),
        "none": reading_connection(args.db, ranking.FrequentStems()),
    }
    sql = served_sql(conns["found"])["search"]
    qs = queries(vocabulary(), args.queries)
    times: dict[str, list[float]] = {name: [] for name in conns}
    same, affected = 0, 0
    differing: list[str] = []
    for number, query in enumerate(qs):
        params = search_params(query)
        rows: dict[str, list[Any]] = {}
        for name in sorted(conns, reverse=number % 2 == 1):
            started = time.perf_counter()
            rows[name] = conns[name].execute(sql, params).fetchall()
            times[name].append((time.perf_counter() - started) * 1000)
        affected += rank_query(query, stems.stems) != rank_query(query, frozenset())
        if rows["found"] == rows["none"]:
            same += 1
        elif len(differing) < 5:
            ids = {name: [row[0] for row in found] for name, found in rows.items()}
            pairs = enumerate(zip(rows["found"], rows["none"], strict=False))
            first = next((n for n, (a, b) in pairs if a != b), min(map(len, rows.values())) - 1)
            shown = {name: (found[first][0], found[first][RELEVANCE]) for name, found in rows.items()}
            kind = "same order" if ids["found"] == ids["none"] else "another order"
            kind += ", same releases" if set(ids["found"]) == set(ids["none"]) else ", other releases"
            differing.append(
                f"  «{query}»: {kind}; row {first + 1}: found {shown['found']}, none {shown['none']}"
            )
    print(f"{len(qs)} queries on {args.db.name}; {len(stems.stems)} frequent stems found")
    for name, values in times.items():
        print(f"{name:6} p50 {percentile(values, 50):6.1f} ms  p95 {percentile(values, 95):6.1f} ms")
    print(f"queries with a frequent stem: {affected}; identical rows: {same} of {len(qs)}")
    print("\n".join(differing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
