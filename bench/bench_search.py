"""Search latency on a million releases, through the running `pressarchive serve` (real HTTP).

    python bench/bench_search.py                  # 1,000,000 releases (built once, cached in var/bench/)
    python bench/bench_search.py --releases 50000 --queries 60

Measured, for the same 1-3 word queries (words drawn from the corpus vocabulary, often typed in
another grammatical form than the indexed one, as a journalist would):

- stemmed JSON   /<db>/search.json?q=   the canned query: stemmed FTS5, bm25 top 20, highlighted
                 snippets from the original text (what the search page shows)
- stemmed page   /-/search?q=            the whole HTML page: results + counts + facets
- plain FTS      /<db>.json?sql=         the same top-20 query on the unstemmed index `releases_fts`
                 (Datasette's own full-text search), the baseline

Target: stemmed p95 under 100 ms on the 2-core machine. Figures depend on a warm page cache: the
script warms up first and says how big the file is.
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(BENCH_DIR)]

from serve_process import running_server  # noqa: E402
from synthetic import GENERATOR_VERSION, Vocabulary, build_archive, vocabulary  # noqa: E402

TARGET_P95_MS = 100.0
PLAIN_SQL = (
    "WITH hits AS (SELECT rowid AS rid, bm25(releases_fts, 4.0, 1.0) AS score FROM releases_fts"
    " WHERE releases_fts MATCH :q ORDER BY score LIMIT 20)"
    " SELECT r.release_id, r.title, substr(r.body_text, 1, 300) AS excerpt, r.published_date, r.source"
    " FROM hits JOIN releases r ON r.rowid = hits.rid ORDER BY hits.score"
)


@dataclass
class Series:
    name: str
    times_ms: list[float]
    hits: list[int]

    def percentile(self, p: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def archive_path(releases: int) -> Path:
    return ROOT / "var" / "bench" / f"search-{releases}-v{GENERATOR_VERSION}.db"


def ensure_archive(releases: int, rebuild: bool) -> Path:
    path = archive_path(releases)
    if path.exists() and not rebuild:
        print(f"archive: {path.relative_to(ROOT)} (cached, {path.stat().st_size / 2**30:.1f} GiB)")
        return path
    building = path.with_suffix(".building")
    started = time.perf_counter()
    build_archive(building, releases)
    building.rename(path)
    print(f"archive: built {releases:,} releases in {time.perf_counter() - started:.0f} s", end="")
    print(f" -> {path.relative_to(ROOT)} ({path.stat().st_size / 2**30:.1f} GiB)")
    return path


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


def measure(client: httpx.Client, name: str, requests: list[tuple[str, dict[str, str]]]) -> Series:
    series = Series(name, [], [])
    for path, params in requests:
        started = time.perf_counter()
        response = client.get(path, params=params)
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        series.times_ms.append(elapsed)
        if path.endswith(".json"):
            series.hits.append(len(response.json()["rows"]))
    return series


def report(series: list[Series], baseline: Series) -> None:
    print(f"{'':16} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p50/plain':>10} {'p95/plain':>10}  mean rows")
    for item in series:
        p50 = item.percentile(50) / baseline.percentile(50)
        p95 = item.percentile(95) / baseline.percentile(95)
        rows = f"{statistics.mean(item.hits):.1f}" if item.hits else "-"
        print(
            f"{item.name:16} {item.percentile(50):8.1f} {item.percentile(95):8.1f} {max(item.times_ms):8.1f}"
            f" {p50:9.2f}x {p95:9.2f}x  {rows}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100, help="queries per length (1, 2, 3 words)")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    path = ensure_archive(args.releases, args.rebuild)
    database = path.stem
    qs = queries(vocabulary(), args.queries)
    with running_server(path, timeout=600) as base, httpx.Client(base_url=base, timeout=60) as client:
        warm = [(f"/{database}/search.json", {"q": q}) for q in qs[:: max(1, len(qs) // 30)]]
        measure(client, "warm-up", warm)
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
        stemmed_all = Series("stemmed JSON", [], [])
        plain_all = Series("plain FTS", [], [])
        for item in results:
            target = stemmed_all if item.name.startswith("stemmed") else plain_all
            target.times_ms += item.times_ms
            target.hits += item.hits
        page = measure(client, "stemmed page", [("/-/search", {"q": q}) for q in qs])
    print(
        f"{len(qs)} queries ({args.queries} each of 1, 2, 3 words) on {args.releases:,} releases, via {base}"
    )
    report([*results, stemmed_all, page, plain_all], plain_all)
    p95 = stemmed_all.percentile(95)
    verdict = "met" if p95 < TARGET_P95_MS else "NOT met"
    print(f"target: stemmed JSON p95 < {TARGET_P95_MS:.0f} ms: {verdict} ({p95:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
