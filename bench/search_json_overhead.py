"""Where the time of the stemmed JSON (`/<db>/search.json?q=`) goes: the server or its SQL.

    python bench/search_json_overhead.py                       # bench_search's 1M archive
    python bench/search_json_overhead.py --releases 100000 --queries 30
    python bench/search_json_overhead.py --db var/archive.db

For each of bench_search's 1-3 word queries, the canned query `search` as the server runs it
(archive.serve.feeds around archive.serve.search_sql) is answered four ways:

- direct      on one read-only connection prepared as the server's are (page cache, functions, the
              frequent stems found at start-up), in this process;
- again       the same SQL once more on that connection, straight after: every page it needs is
              then in SQLite's cache, so `direct - again` is what reading the file cost;
- execute     through Datasette's `Database.execute` in this process (its SQL threads, time limit,
              the plugin's connection hooks, the row budget);
- http        the whole request to a real `pressarchive serve` (uvicorn, the ASGI middleware, the
              canned-query view, the JSON renderer).

The first three and http take turns at going first (the first to read a page from the disk pays
for it; bench/ab_search_sql.py had "now" always second). `/-/versions.json` is timed too: what any
request to Datasette costs. Printed: p50, p95 and mean of each, and of `http - direct` per query.
Not part of `make bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(BENCH_DIR)]

from bench_search import archive_path, percentile, queries, reading_connection, warm_page_cache  # noqa: E402
from serve_fixtures import search_params, served_sql  # noqa: E402
from serve_process import running_server  # noqa: E402
from synthetic import vocabulary  # noqa: E402

from archive.serve import ranking  # noqa: E402
from archive.serve.app import make_datasette  # noqa: E402

WAYS = ("direct", "execute", "http")


async def measure(path: Path, qs: list[str]) -> dict[str, list[float]]:
    datasette = make_datasette(path)
    await datasette.invoke_startup()  # the frequent stems, as the server finds them
    database = datasette.get_database(path.stem)
    times: dict[str, list[float]] = {way: [] for way in (*WAYS, "again", "versions")}
    with (
        closing(reading_connection(path, ranking.frequent_stems(str(path)))) as conn,
        running_server(path, timeout=900) as base,
        httpx.Client(base_url=base, timeout=120) as client,
    ):
        sql = served_sql(conn)["search"]

        async def direct(query: str) -> None:
            conn.execute(sql, search_params(query)).fetchall()
            started = time.perf_counter()
            conn.execute(sql, search_params(query)).fetchall()
            times["again"].append((time.perf_counter() - started) * 1000)

        async def execute(query: str) -> None:
            await database.execute(sql, search_params(query))

        async def http(query: str) -> None:
            response = client.get(f"/{path.stem}/search.json", params={"q": query})
            assert response.status_code == 200, response.text[:300]

        ways: dict[str, Callable[[str], Awaitable[None]]] = {
            "direct": direct,
            "execute": execute,
            "http": http,
        }
        for query in qs[:: max(1, len(qs) // 30)]:  # warm-up, as bench_search
            await execute(query)
            await http(query)
        for number, query in enumerate(qs):
            for turn in range(len(WAYS)):
                way = WAYS[(number + turn) % len(WAYS)]
                started = time.perf_counter()
                await ways[way](query)
                if way == "direct":  # without the second run it times
                    elapsed = time.perf_counter() - started - times["again"][-1] / 1000
                else:
                    elapsed = time.perf_counter() - started
                times[way].append(elapsed * 1000)
            started = time.perf_counter()
            client.get("/-/versions.json")
            times["versions"].append((time.perf_counter() - started) * 1000)
    for db in datasette.databases.values():
        db.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--releases", type=int, default=1_000_000, help="bench_search's archive of so many")
    parser.add_argument("--db", type=Path, help="another archive instead")
    parser.add_argument("--queries", type=int, default=100, help="queries per length (1, 2, 3 words)")
    args = parser.parse_args(argv)
    path = args.db or archive_path(args.releases)
    qs = queries(vocabulary(), args.queries)
    warm_page_cache(path)
    load = os.getloadavg()
    times = asyncio.run(measure(path, qs))
    times["http - direct"] = [h - d for h, d in zip(times["http"], times["direct"], strict=True)]
    print(f"{len(qs)} queries on {path.name}, the canned query `search` (ms)")
    for name in ("direct", "again", "execute", "http", "http - direct", "versions"):
        values = times[name]
        label = {"again": "direct, again", "versions": "/-/versions.json"}.get(name, name)
        print(
            f"{label:18} p50 {percentile(values, 50):7.1f}  p95 {percentile(values, 95):7.1f}"
            f"  mean {statistics.mean(values):7.1f}"
        )
    after = os.getloadavg()
    print(f"load average {load[0]:.2f} before, {after[0]:.2f} after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
