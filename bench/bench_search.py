"""Search latency on a million releases, through the running `pressarchive serve` (real HTTP).

    python bench/bench_search.py                  # 1,000,000 releases (built once, cached in var/bench/)
    python bench/bench_search.py --releases 50000 --queries 60

Measured, for the same 1-3 word queries (words drawn from the corpus vocabulary, often typed in
another grammatical form than the indexed one, as a journalist would):

- stemmed JSON   /<db>/search.json?q=        the canned query: stemmed FTS5, bm25 top 20,
                 highlighted snippets from the original text
- stemmed page   /-/search?q=                 the whole HTML page: results + counts + facets
- table _search  /<db>/releases?_search=      Datasette's own table page with its full-text search
                 (on the stemmed index since migration 0190): rows newest first, the count, the
                 table's facets
- table _ru      /<db>/releases?_ru=          the same table page filtered by the stemmed search
- browse page    /-/search?source=…          the page with filters and no words (a source, a region,
                 a district, a publisher kind, a day, nothing), newest first, counted, with facets
- plain FTS      /<db>.json?sql=              a bare top-20 bm25 query (no snippets, no filters; on
                 the stemmed index since migration 0190 dropped `releases_fts`), the baseline

Each figure is printed with its goal (p95 on this 2-core machine) and whether it is met, and as a
ratio to the plain-FTS baseline measured in the same run. Figures depend on a warm page cache: the
script reads the search indexes once and sends warm-up requests first, and says how big the file is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import math
import random
import sqlite3
import statistics
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(BENCH_DIR)]

from serve_process import running_server  # noqa: E402
from synthetic import GENERATOR_VERSION, Vocabulary, build_archive, vocabulary  # noqa: E402

from archive.attachment_hits import register_hit_function  # noqa: E402
from archive.db import open_db  # noqa: E402
from archive.search import register_functions  # noqa: E402
from archive.serve import ranking  # noqa: E402
from archive.serve.plugin import READ_CACHE_KIB  # noqa: E402
from archive.snippets import register_snippet_functions  # noqa: E402

# p95 goals in milliseconds (issue 14)
GOALS_MS = {
    "stemmed page": 100.0,
    "browse page": 100.0,
    "stemmed JSON": 60.0,
    "table _search": 500.0,
    "table _ru": 500.0,
}
PLAIN_SQL = (  # on the stemmed index since migration 0190 dropped the plain one
    "WITH hits AS (SELECT rowid AS rid, bm25(releases_stem_fts, 4.0, 1.0) AS score FROM releases_stem_fts"
    " WHERE releases_stem_fts MATCH ru_stem_query(:q) ORDER BY score LIMIT 20)"
    " SELECT r.release_id, r.title, substr(r.body_text, 1, 300) AS excerpt, r.published_date, r.source"
    " FROM hits JOIN releases r ON r.rowid = hits.rid ORDER BY hits.score"
)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p95 of 20 values is the 19th)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def reading_connection(path: Path, stems: ranking.FrequentStems) -> sqlite3.Connection:
    """A read-only connection as the server's (archive.serve.plugin.prepare_connection, without its
    statement limits), ranking with `stems` left out; usable from another thread."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
    register_functions(conn)
    register_snippet_functions(conn)
    register_hit_function(conn)
    ranking.register_rank_query(conn, stems)
    return conn


@dataclass
class Series:
    name: str
    times_ms: list[float] = field(default_factory=list)
    hits: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "status path?query" of non-200 answers
    queries: list[str] = field(default_factory=list)  # the query of each time, for the slowest

    def slowest(self, count: int = 3) -> list[tuple[float, str]]:
        return sorted(zip(self.times_ms, self.queries, strict=True), reverse=True)[:count]

    def percentile(self, p: float) -> float:
        return percentile(self.times_ms, p)

    def extend(self, other: Series) -> None:
        self.times_ms += other.times_ms
        self.hits += other.hits
        self.failures += other.failures
        self.queries += other.queries


def archive_path(releases: int) -> Path:
    return ROOT / "var" / "bench" / f"search-{releases}-v{GENERATOR_VERSION}.db"


def ensure_archive(releases: int, rebuild: bool) -> Path:
    path = archive_path(releases)
    if path.exists() and not rebuild:
        print(f"archive: {path.relative_to(ROOT)} (cached, {path.stat().st_size / 2**30:.1f} GiB)")
        # migrations added since it was built are applied here, not by the server (which must
        # answer within its start-up timeout): on a million releases they can take many minutes
        started = time.perf_counter()
        open_db(path).close()
        if time.perf_counter() - started > 1:
            print(f"archive: brought to the current schema in {time.perf_counter() - started:.0f} s")
        return path
    building = path.with_suffix(".building")
    started = time.perf_counter()
    build_archive(building, releases)
    building.rename(path)
    print(f"archive: built {releases:,} releases in {time.perf_counter() - started:.0f} s", end="")
    print(f" -> {path.relative_to(ROOT)} ({path.stat().st_size / 2**30:.1f} GiB)")
    return path


# what every search reads, besides the few rows it shows: read once, so that the figures are of a
# warm page cache, not of this machine's disk (the `releases` rows themselves are not read)
WARM_SQL = (
    "SELECT sum(length(block)) FROM releases_stem_fts_data",
    "SELECT sum(length(sz)) FROM releases_stem_fts_docsize",
    "SELECT sum(length(source) + length(region) + length(sort_key)) FROM release_search_keys",
    "SELECT count(*) FROM release_search_keys INDEXED BY idx_release_search_keys_sort_key",
    "SELECT count(*) FROM releases INDEXED BY idx_releases_published_date",
)


def warm_page_cache(path: Path) -> None:
    started = time.perf_counter()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        for sql in WARM_SQL:
            conn.execute(sql).fetchall()
    print(f"page cache: search indexes read in {time.perf_counter() - started:.1f} s")


def queries(vocab: Vocabulary, per_length: int, seed: int = 11) -> list[str]:
    """1, 2 and 3 word queries; words of rank 30..30,000 (log-uniform), half in another form."""
    rng = random.Random(seed)
    top = min(30_000, len(vocab.forms) - 1)
    out = []
    for length in (1, 2, 3):
        for _ in range(per_length):
            words = []
            for _ in range(length):
                index = int(math.exp(rng.uniform(math.log(30), math.log(top))))
                forms = vocab.by_stem[vocab.stems[index]]
                words.append(vocab.forms[rng.choice(forms) if rng.random() < 0.5 else index])
            out.append(" ".join(words))
    return out


def plain_query(query: str) -> str:
    return " ".join(f'"{word}"' for word in query.split())


def browse_requests(path: Path, count: int, seed: int = 13) -> list[tuple[str, dict[str, str]]]:
    """`count` browse pages: a source, a region, a district, a kind, a day, a region with a kind,
    a source over a month, and no filter at all, in turn, with values drawn from the archive."""
    with closing(sqlite3.connect(path)) as conn:
        sources = [r[0] for r in conn.execute("SELECT name FROM sources ORDER BY name")]
        regions = sorted({r[0] for r in conn.execute("SELECT region FROM sources")})
        districts = sorted({r[0] for r in conn.execute("SELECT federal_district FROM sources") if r[0]})
        kinds = sorted({r[0] for r in conn.execute("SELECT publisher_kind FROM sources")})
        first, last = conn.execute("SELECT min(published_date), max(published_date) FROM releases").fetchone()
    rng = random.Random(seed)
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)

    def day() -> str:
        return (start + dt.timedelta(days=rng.randrange((end - start).days + 1))).isoformat()

    shapes = [
        lambda: {"source": rng.choice(sources)},
        lambda: {"region": rng.choice(regions)},
        lambda: {"district": rng.choice(districts)} if districts else {},
        lambda: {"kind": rng.choice(kinds)},
        lambda: {"date_from": (d := day()), "date_to": d},
        lambda: {"region": rng.choice(regions), "kind": rng.choice(kinds)},
        lambda: {"source": rng.choice(sources), "date_from": (d := day()), "date_to": d[:8] + "28"},
        lambda: {},
    ]
    return [("/-/search", shapes[i % len(shapes)]()) for i in range(count)]


def spread(items: list[str], count: int) -> list[str]:
    """`count` of `items`, evenly spaced (so every query length is represented)."""
    if count >= len(items):
        return items
    return [items[i * len(items) // count] for i in range(count)]


def _label(params: dict[str, str]) -> str:
    """What a request asked for: the words, or the filters of a browse page (`no filter`)."""
    for words in ("q", "_search", "_ru"):
        if words in params:
            return params[words]
    return " ".join(f"{key}={value}" for key, value in params.items()) or "no filter"


def measure(client: httpx.Client, name: str, requests: list[tuple[str, dict[str, str]]]) -> Series:
    series = Series(name)
    for path, params in requests:
        started = time.perf_counter()
        response = client.get(path, params=params)
        elapsed = (time.perf_counter() - started) * 1000
        series.times_ms.append(elapsed)
        series.queries.append(_label(params))
        if response.status_code != 200:
            series.failures.append(f"{response.status_code} {response.url}")
            continue
        if path.endswith(".json"):
            series.hits.append(len(response.json()["rows"]))
    return series


def report(series: list[Series], baseline: Series) -> None:
    print(
        f"{'':16} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p50/plain':>10} {'p95/plain':>10}"
        f"  {'n':>4}  mean rows  failed"
    )
    for item in series:
        p50 = item.percentile(50) / baseline.percentile(50)
        p95 = item.percentile(95) / baseline.percentile(95)
        rows = f"{statistics.mean(item.hits):9.1f}" if item.hits else f"{'-':>9}"
        print(
            f"{item.name:16} {item.percentile(50):8.1f} {item.percentile(95):8.1f} {max(item.times_ms):8.1f}"
            f" {p50:9.2f}x {p95:9.2f}x  {len(item.times_ms):4}  {rows}  {len(item.failures)}"
        )


def verdicts(series: list[Series], baseline: Series) -> bool:
    """Each goal with its figure; True when every goal is met (and nothing failed)."""
    all_met = True
    print(f"goals (p95, this run's plain FTS p95 = {baseline.percentile(95):.1f} ms):")
    for item in series:
        goal = GOALS_MS.get(item.name)
        if goal is None:
            continue
        p95 = item.percentile(95)
        met = p95 < goal and not item.failures
        all_met = all_met and met
        ratio = p95 / baseline.percentile(95)
        failed = f", {len(item.failures)} failed answers" if item.failures else ""
        print(
            f"  {item.name:14} p95 < {goal:4.0f} ms: {'met' if met else 'NOT met':7}"
            f" ({p95:.1f} ms, {ratio:.2f}x plain FTS{failed})"
        )
        for failure in item.failures[:3]:
            print(f"      {failure}")
        slowest = ", ".join(f"«{query}» {ms:.0f} ms" for ms, query in item.slowest())
        print(f"      slowest: {slowest}")
    return all_met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100, help="queries per length (1, 2, 3 words)")
    parser.add_argument(
        "--table-queries",
        type=int,
        default=90,
        help="how many of the queries (spread over the lengths) the table pages are measured with",
    )
    parser.add_argument("--browse-pages", type=int, default=160, help="browse pages (filters, no words)")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    path = ensure_archive(args.releases, args.rebuild)
    database = path.stem
    qs = queries(vocabulary(), args.queries)
    table_qs = spread(qs, args.table_queries)
    warm_page_cache(path)
    # the plain-FTS baseline is a reader's own SQL, which the server runs only with --allow-sql
    serving = running_server(path, timeout=600, args=["--allow-sql"])
    with serving as base, httpx.Client(base_url=base, timeout=120) as client:
        warm = [(f"/{database}/search.json", {"q": q}) for q in qs[:: max(1, len(qs) // 30)]]
        measure(client, "warm-up", warm)
        measure(client, "warm-up", [(f"/{database}/releases", {"_search": q}) for q in table_qs[:5]])
        by_length: dict[int, list[str]] = {n: [q for q in qs if len(q.split()) == n] for n in (1, 2, 3)}
        results = []
        for n, group in by_length.items():
            stemmed = measure(
                client, f"stemmed {n}w", [(f"/{database}/search.json", {"q": q}) for q in group]
            )
            plain = measure(
                client,
                f"plain {n}w",
                [(f"/{database}.json", {"sql": PLAIN_SQL, "q": plain_query(q)}) for q in group],
            )
            results += [stemmed, plain]
        stemmed_all = Series("stemmed JSON")
        plain_all = Series("plain FTS")
        for item in results:
            (stemmed_all if item.name.startswith("stemmed") else plain_all).extend(item)
        page = measure(client, "stemmed page", [("/-/search", {"q": q}) for q in qs])
        browse = measure(client, "browse page", browse_requests(path, args.browse_pages))
        table = measure(
            client, "table _search", [(f"/{database}/releases", {"_search": q}) for q in table_qs]
        )
        table_ru = measure(client, "table _ru", [(f"/{database}/releases", {"_ru": q}) for q in table_qs])
    print(
        f"{len(qs)} queries ({args.queries} each of 1, 2, 3 words; table pages: {len(table_qs)} of them)"
        f" on {args.releases:,} releases, via {base}"
    )
    report([*results, stemmed_all, page, browse, table, table_ru, plain_all], plain_all)
    verdicts([page, browse, stemmed_all, table, table_ru], plain_all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
