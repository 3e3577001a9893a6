"""Datasette's own table pages on a million releases, through the running `pressarchive serve`.

    python bench/bench_table_pages.py                   # 1,000,000 releases (bench_search's archive)
    python bench/bench_table_pages.py --releases 50000 --rounds 6

Issue 13, item 2: the table pages of `releases` (and the other big tables) must answer within 1 s
at p95, under a light concurrent load, or be replaced by the project's pages for readers. Measured
here are the pages a reader, or a crawler following links, can reach:

- /<db>/releases, plain and as .json; sorted by each sortable column (?_sort=, ?_sort_desc=);
  faceted (?_facet=, ?_facet_date=, the columns the page offers and others); a column filter
  (?source=, ?region=, ?publisher_kind=, what a facet's link gives); ?_search= (Datasette's full-text
  search) and ?_ru= (the stemmed one), and searches sorted by title or first_seen (two of them
  words in many releases); deep pages (?_next= taken from a row far down the table);
- row pages /<db>/releases/<id> (Datasette counts each table that points at the row) and .json;
- the other big tables (release_versions, captures, events, crawl_runs, clusters, sources), plain,
  .json, deep pages, sorted and faceted by any column (Datasette offers both for every column of
  a table without `sortable_columns`), row pages;
- tables hidden from the index but still served by address (signatures, search keys, bands, the
  cluster queue, the full-text index's own tables);
- then the whole mix again from 4 clients at once.

The baseline is the project's search page (/-/search?q=) in the same run. bench_search builds the
archive (cached in var/bench/); its captures, versions, events and crawl runs are empty, so this
script fills them once, as a crawl would have: one capture, one version and one `new` event per
release, 300 sources x 365 nights of crawl runs (written into the cached archive, several GiB).
Figures depend on the page cache: the file is bigger than most machines' memory; the script sends
each request once unmeasured first.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import threading
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(BENCH_DIR)]

from bench_search import ensure_archive, percentile  # noqa: E402
from datasette.utils import tilde_encode  # noqa: E402
from serve_process import running_server  # noqa: E402

GOAL_P95_MS = 1000.0
CLIENTS = 4
Request = tuple[str, dict[str, str]]


@dataclass
class Series:
    """The answers to one kind of request: times, status codes, what was asked."""

    name: str
    times_ms: list[float] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)

    def add(self, ms: float, label: str, status: int) -> None:
        self.times_ms.append(ms)
        self.labels.append(label)
        self.statuses[status] += 1

    def percentile(self, p: float) -> float:
        return percentile(self.times_ms, p)

    def slowest(self, count: int = 2) -> list[tuple[float, str]]:
        return sorted(zip(self.times_ms, self.labels, strict=True), reverse=True)[:count]


# --- the archive: what bench_search built, with the tables a crawl would have filled ---------------


def fill_side_tables(path: Path) -> None:
    """One capture, one version and one `new` event per release and a year of nightly crawl runs,
    once (nothing is done when captures has rows)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        if conn.execute("SELECT EXISTS (SELECT 1 FROM captures)").fetchone()[0]:
            return
        started = time.perf_counter()
        conn.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;
            BEGIN;
            INSERT INTO captures (id, url, fetched_at, warc_file, warc_offset, warc_length, record_type,
                payload_digest, http_status, release_id, content_hash)
              SELECT rowid, url, fetched_at, 'bench-' || (rowid / 20000) || '.warc.gz', rowid * 4000,
                3000 + rowid % 997, 'response', 'sha1:' || content_hash, 200, release_id, content_hash
              FROM releases ORDER BY rowid;
            INSERT INTO release_versions (release_id, version, title, body_text, body_html, content_hash,
                first_seen, last_seen, capture_id)
              SELECT release_id, 1, title, body_text, NULL, content_hash, first_seen, last_seen, rowid
              FROM releases ORDER BY rowid;
            INSERT INTO events (release_id, source, kind, at, detail)
              SELECT release_id, source, 'new', first_seen, '{}' FROM releases ORDER BY first_seen;
            WITH RECURSIVE night(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM night WHERE n < 364)
            INSERT INTO crawl_runs (source, started_at, finished_at, finish_reason, pages, items, new,
                updated, unchanged, errors, drops, http_errors, stats, mode, requests)
              SELECT s.name, strftime('%Y-%m-%dT03:%M:%SZ', '2025-12-01', '+' || n || ' days'),
                strftime('%Y-%m-%dT03:%M:%SZ', '2025-12-01', '+' || n || ' days', '+90 seconds'),
                'finished', 3, 2, 1, 0, 1, 0, '{}', '{}', '{"downloader/request_count": 3}', 'nightly', 3
              FROM night, sources s ORDER BY n;
            COMMIT;
            PRAGMA journal_mode=WAL;
            """
        )
        counts = {
            table: conn.execute(f"SELECT max(rowid) FROM [{table}]").fetchone()[0]
            for table in ("captures", "release_versions", "events", "crawl_runs")
        }
    print(f"archive: side tables filled in {time.perf_counter() - started:.0f} s: {counts}")


@dataclass
class Samples:
    """Values drawn from the archive for the requests."""

    sources: list[str]
    regions: list[str]
    kinds: list[str]
    release_ids: list[str]
    deep_rows: list[tuple[str, str]]  # (published_date, release_id) far down the table
    words: list[str]
    max_ids: dict[str, int]


def samples(path: Path, count: int, seed: int = 17) -> Samples:
    rng = random.Random(seed)
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        sources = [r[0] for r in conn.execute("SELECT name FROM sources ORDER BY name")]
        regions = sorted({r[0] for r in conn.execute("SELECT region FROM sources")})
        kinds = sorted({r[0] for r in conn.execute("SELECT publisher_kind FROM sources")})
        last = conn.execute("SELECT max(rowid) FROM releases").fetchone()[0]
        rows = [
            conn.execute(
                "SELECT release_id, published_date, title FROM releases WHERE rowid = ?",
                [rng.randrange(1, last + 1)],
            ).fetchone()
            for _ in range(count * 2)
        ]
        max_ids = {
            table: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM [{table}]").fetchone()[0]
            for table in ("captures", "release_versions", "events", "crawl_runs", "clusters")
        }
    rows = [row for row in rows if row is not None and row[1] is not None]
    words = [max(title.split(), key=len).lower() for _, _, title in rows[:count]]
    return Samples(
        sources, regions, kinds, [r[0] for r in rows[:count]], [(r[1], r[0]) for r in rows[count:]], words,
        max_ids,
    )  # fmt: skip


# --- the requests ---------------------------------------------------------------------------------


SORTABLE = (
    "published_date", "published_utc", "title", "source", "region", "publisher_kind", "first_seen",
    "last_seen", "fetched_at",
)  # fmt: skip
FACETS = (
    ("_facet", "region"), ("_facet", "source"), ("_facet", "publisher_kind"),
    ("_facet_date", "published_date"), ("_facet", "date_method"), ("_facet", "language"),
)  # fmt: skip
COMMON_WORDS = ("области", "развития")  # in a large share of the releases: a big search
OTHER_TABLES = {  # table: (columns to sort and facet by, a column to filter by)
    "release_versions": ("first_seen", "content_hash", "release_id", "version"),
    "captures": ("fetched_at", "url", "http_status", "record_type"),
    "events": ("at", "kind", "source", "release_id"),
    "crawl_runs": ("started_at", "source", "finish_reason", "new"),
    "clusters": ("size", "updated_at", "first_release_id"),
    "sources": ("release_count", "region", "status", "last_success_at"),
}
HIDDEN_TABLES = (
    "release_signatures", "release_search_keys", "release_bands", "cluster_queue", "releases_stem_fts_idx",
    "releases_stem_fts_docsize", "releases_stem_fts_data",
)  # fmt: skip


def cycle(items: list[Request], count: int) -> list[Request]:
    return [items[i % len(items)] for i in range(count)] if items else []


def request_kinds(db: str, s: Samples, rounds: int, rng: random.Random) -> dict[str, list[Request]]:
    """Each kind of request, `rounds` of them (or one of each variant, when there are more)."""
    table = f"/{db}/releases"
    sorts = [(table, {key: column}) for column in SORTABLE for key in ("_sort", "_sort_desc")]
    filters = [(table, {"source": v}) for v in s.sources[:rounds]]
    filters += [(table, {"region": v}) for v in s.regions[:rounds]]
    filters += [(table, {"publisher_kind": v}) for v in s.kinds]
    deep = [(table, {"_next": f"{tilde_encode(date)},{tilde_encode(rid)}"}) for date, rid in s.deep_rows]
    deep_json = [(table + ".json", params) for _, params in deep]
    kinds: dict[str, list[Request]] = {
        "releases": [(table, {})] * rounds,
        "releases.json": [(table + ".json", {})] * rounds,
        "releases ?_sort": sorts,
        "releases ?_facet": cycle([(table, {key: value}) for key, value in FACETS], max(rounds, len(FACETS))),
        "releases ?col=": filters,
        "releases ?_search": [(table, {"_search": w}) for w in s.words[:rounds]],
        "?_search sorted": cycle(
            [
                (table, {"_search": w, key: column})
                for w in [*COMMON_WORDS, *s.words[:rounds]]
                for key, column in (("_sort", "title"), ("_sort_desc", "first_seen"))
            ],
            rounds,
        ),
        "releases ?_ru": [(table, {"_ru": w}) for w in s.words[:rounds]],
        "releases ?_next deep": deep[:rounds],
        "releases.json ?_next": deep_json[:rounds],
        "releases row": [(f"{table}/{tilde_encode(r)}", {}) for r in s.release_ids[:rounds]],
        "releases row .json": [(f"{table}/{tilde_encode(r)}.json", {}) for r in s.release_ids[:rounds]],
    }
    other: list[Request] = []
    other_sorted: list[Request] = []
    other_rows: list[Request] = []
    for name, columns in OTHER_TABLES.items():
        path = f"/{db}/{name}"
        other += [(path, {}), (path + ".json", {})]
        if s.max_ids.get(name):
            other.append((path, {"_next": str(rng.randrange(1, s.max_ids[name] + 1))}))
            other_rows += [(f"{path}/{rng.randrange(1, s.max_ids[name] + 1)}", {}) for _ in range(2)]
        for column in columns:
            other_sorted += [(path, {"_sort_desc": column}), (path, {"_facet": column})]
    kinds["other tables"] = other
    kinds["other ?_sort/_facet"] = other_sorted
    kinds["other rows"] = other_rows
    kinds["unlisted tables"] = [(f"/{db}/{name}", {}) for name in HIDDEN_TABLES]
    return kinds


def label(path: str, params: dict[str, str]) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return path + ("?" + query if query else "")


def measure(client: httpx.Client, series: Series, requests: list[Request]) -> None:
    for path, params in requests:
        started = time.perf_counter()
        response = client.get(path, params=params)
        series.add((time.perf_counter() - started) * 1000, label(path, params), response.status_code)


def concurrent(base: str, requests: list[Request], clients: int) -> Series:
    """The requests shared out among `clients` threads, each with its own connection."""
    series = Series(f"mix, {clients} clients")
    lock = threading.Lock()
    queue = list(requests)

    def work() -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            while True:
                with lock:
                    if not queue:
                        return
                    path, params = queue.pop()
                started = time.perf_counter()
                status = client.get(path, params=params).status_code
                with lock:
                    series.add((time.perf_counter() - started) * 1000, label(path, params), status)

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return series


def report(all_series: list[Series], baseline: Series) -> bool:
    print(
        f"{'':22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/search':>10} {'n':>4}  statuses"
        "                 slowest"
    )
    met = True
    for item in [baseline, *all_series]:
        p95 = item.percentile(95)
        statuses = " ".join(f"{code}x{n}" for code, n in sorted(item.statuses.items()))
        slowest = "; ".join(f"{ms:.0f} ms {what}" for ms, what in item.slowest(1))
        print(
            f"{item.name:22} {item.percentile(50):8.1f} {p95:8.1f} {max(item.times_ms):8.1f}"
            f" {p95 / baseline.percentile(95):9.1f}x {len(item.times_ms):4}  {statuses:24} {slowest}"
        )
        if item is not baseline:
            met = met and p95 < GOAL_P95_MS and not any(code >= 500 for code in item.statuses)
    fives = sum(n for item in all_series for code, n in item.statuses.items() if code >= 500)
    print(
        f"goal: every kind p95 < {GOAL_P95_MS:.0f} ms, no 5xx: {'met' if met else 'NOT met'}"
        f" ({fives} answers 5xx)"
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=12, help="requests per kind (at least)")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    path = ensure_archive(args.releases, args.rebuild)
    fill_side_tables(path)
    db = path.stem
    rng = random.Random(5)
    s = samples(path, max(args.rounds, 20))
    kinds = request_kinds(db, s, args.rounds, rng)
    search = [("/-/search", {"q": w}) for w in s.words[: max(args.rounds, 20)]]
    with running_server(path, timeout=600) as base, httpx.Client(base_url=base, timeout=120) as client:
        started = time.perf_counter()
        warm = Series("warm-up")
        measure(client, warm, search + [r for requests in kinds.values() for r in requests])
        print(f"warm-up: every request once, {time.perf_counter() - started:.0f} s")
        baseline = Series("search page (base)")
        measure(client, baseline, search)
        measured = []
        for name, requests in kinds.items():
            series = Series(name)
            measure(client, series, requests)
            measured.append(series)
        mix = [r for requests in kinds.values() for r in requests] + search
        rng.shuffle(mix)
        measured.append(concurrent(base, mix, args.clients))
    print(f"{args.releases:,} releases, {path.stat().st_size / 2**30:.1f} GiB, via {base}; goal p95 < 1 s")
    report(measured, baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
