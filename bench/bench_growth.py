"""Growth curves: archive size and search latency versus releases, nightly cost versus sources.

    python bench/bench_growth.py          # make bench: 2k, 10k, 30k releases built here, the cached
                                          # 50k archive if present; 4, 12, 24 sources (2.5 min)
    python bench/bench_growth.py --releases 10000 30000 100000 300000 --existing 50000 1000000 \\
        --sources 12 24 48 96 --polite 12 --queries 100

1. Archive size versus releases. Each point of `--releases` is a synthetic archive built here by
   bench/synthetic.py (the real migrations), with the side tables a crawl fills (one capture, one
   version, one `new` event per release, a year of nightly crawl runs of its ~300 sources:
   bench_table_pages.fill_side_tables), so that it is shaped like bench_search's cached archives;
   `--existing` adds those (var/bench/search-<n>-v1.db, bench_search.py builds them), served and
   read as they are, never migrated or written (a point whose schema is behind is skipped). Bytes
   by part from SQLite's `dbstat` (full-text indexes, the releases table, search keys, captures /
   versions / events, crawl runs, the rest), and a line fitted through the points: fixed bytes +
   bytes per release. The synthetic archives have captures rows but no WARC files (the raw pages
   are not generated): WARC bytes per capture come from part 3, the real crawl of the demo mirror.
2. Search latency versus releases, at the same points: the search page (/-/search?q=) and the
   stemmed JSON (/<db>/search.json?q=), p50 and p95, through the real `pressarchive serve`, with
   bench_search's queries, page-cache warming and measure(); a power law is fitted to each p95
   (exponent 1: linear in the archive, below 1: sub-linear).
3. Nightly cost versus sources: a first night (empty archive, deep pass) and a quiet night (no
   change) on 4 x k sources (k copies of the demo mirror, bench_nightly.run_nights, no download
   delay), their wall and CPU seconds and requests, and a line fitted through them: fixed cost +
   cost per source; the archive and WARC bytes the first night wrote. `--polite N` runs the first
   night once more on N sources at the crawl's own politeness (DOWNLOAD_DELAY, AutoThrottle).

Every figure is printed with the load average at the time (the machine is shared).
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(BENCH_DIR)]

from bench_nightly import Row, run_nights  # noqa: E402
from bench_search import archive_path, measure, queries, warm_page_cache  # noqa: E402
from bench_table_pages import fill_side_tables  # noqa: E402
from serve_process import running_server  # noqa: E402
from synthetic import build_archive, vocabulary  # noqa: E402

from archive.db import open_db  # noqa: E402
from archive.migrations import STEM_FTS_TABLE  # noqa: E402
from archive.serve.readonly import _pending_migrations  # noqa: E402

PARTS = (
    "full-text indexes",
    "releases",
    "releases indexes",
    "search keys",
    "captures+versions+events",
    "crawl_runs",
    "other",
)
# what a search reads besides the 20 rows it shows (bench_search.WARM_SQL): the page cache it needs
SEARCH_SET = ("full-text indexes", "releases indexes", "search keys")
NIGHTS = (("first night", "nightly"), ("quiet night", "nightly"))


def load() -> str:
    """The load averages (1, 5, 15 minutes), as /proc/loadavg gives them."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least squares y = a + b x: (a, b)."""
    if len(xs) < 2:
        return 0.0, ys[0] / xs[0] if xs else 0.0
    slope, intercept = statistics.linear_regression(xs, ys)
    return intercept, slope


def fit_power(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least squares log y = log c + k log x: (c, k)."""
    if len(xs) < 2:
        return ys[0], 0.0
    slope, intercept = statistics.linear_regression([math.log(x) for x in xs], [math.log(y) for y in ys])
    return math.exp(intercept), slope


# --- 1 and 2: size and search latency versus releases --------------------------------------------


def _part(name: str, owner: str) -> str:
    if owner.startswith(("releases_fts", STEM_FTS_TABLE)):
        return "full-text indexes"
    if owner == "releases":
        return "releases" if name == owner else "releases indexes"
    if owner.startswith("release_search_keys"):
        return "search keys"
    if owner in ("captures", "release_versions", "events"):
        return "captures+versions+events"
    if owner == "crawl_runs":
        return "crawl_runs"
    return "other"


def sizes_by_part(path: Path) -> dict[str, int]:
    """Bytes of each part of the archive (tables with their indexes), read through `immutable=1`."""
    with closing(sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)) as conn:
        owners = dict(conn.execute("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index'"))
        # summed here, not with dbstat's `aggregate`, whose sizes wrap at 2^32 bytes (a 1M archive)
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0] * page_size
    parts = dict.fromkeys(PARTS, 0)
    for name, size in rows:
        parts[_part(name, owners.get(name, name))] += size
    parts["other"] += free
    return parts


@dataclass
class Point:
    releases: int
    built: bool  # built here (else a cached bench_search archive)
    file_bytes: int
    parts: dict[str, int]
    page: tuple[float, float]  # search page p50, p95 (ms)
    json: tuple[float, float]  # stemmed JSON p50, p95 (ms)
    failures: int
    load: str


def measure_point(
    path: Path, releases: int, built: bool, qs: list[str], sizes_of: Path | None = None
) -> Point:
    """Search latency through the server on `path`; sizes read from `sizes_of` (default `path`)."""
    database = path.stem
    warm_page_cache(path)
    for attempt in (1, 2):  # the machine is shared: a server lost mid-run is started once more
        try:
            with (
                running_server(path, timeout=600) as base,
                httpx.Client(base_url=base, timeout=120) as client,
            ):
                measure(client, "warm-up", [(f"/{database}/search.json", {"q": q}) for q in qs[::10]])
                measure(client, "warm-up", [("/-/search", {"q": q}) for q in qs[::10]])
                stemmed = measure(
                    client, "stemmed JSON", [(f"/{database}/search.json", {"q": q}) for q in qs]
                )
                page = measure(client, "stemmed page", [("/-/search", {"q": q}) for q in qs])
            break
        except httpx.TransportError as exc:
            print(f"  attempt {attempt}: the server stopped answering ({exc}); load {load()}")
            if attempt == 2:
                raise
    point_load = load()
    started = time.perf_counter()
    parts = sizes_by_part(sizes_of or path)
    print(f"  dbstat read in {time.perf_counter() - started:.0f} s")
    print(
        f"  {releases:,} releases: {path.stat().st_size / 1e6:,.1f} MB; search page p50/p95"
        f" {page.percentile(50):.1f}/{page.percentile(95):.1f} ms, stemmed JSON"
        f" {stemmed.percentile(50):.1f}/{stemmed.percentile(95):.1f} ms; load {point_load}",
        flush=True,
    )
    return Point(
        releases=releases,
        built=built,
        file_bytes=(sizes_of or path).stat().st_size,
        parts=parts,
        page=(page.percentile(50), page.percentile(95)),
        json=(stemmed.percentile(50), stemmed.percentile(95)),
        failures=len(page.failures) + len(stemmed.failures),
        load=point_load,
    )


def built_point(releases: int, workdir: Path, qs: list[str]) -> Point:
    path = workdir / f"growth-{releases}.db"
    started = time.perf_counter()
    build_archive(path, releases)
    fill_side_tables(path)
    print(f"{releases:,} releases: built with side tables in {time.perf_counter() - started:.0f} s")
    try:
        return measure_point(path, releases, True, qs)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def existing_point(releases: int, workdir: Path, qs: list[str]) -> Point | None:
    """A cached bench_search archive, never written: served as it is when its schema is current,
    else a byte copy of it in `workdir`, migrated (the server migrates what it may write)."""
    path = archive_path(releases)
    if not path.exists():
        print(f"{releases:,} releases: {path.relative_to(ROOT)} absent, skipped (bench_search.py builds it)")
        return None
    print(f"{releases:,} releases: {path.relative_to(ROOT)} (cached, {path.stat().st_size / 1e9:.2f} GB)")
    pending = _pending_migrations(path)
    if not pending:
        return measure_point(path, releases, False, qs)
    copy = workdir / path.name
    started = time.perf_counter()
    shutil.copyfile(path, copy)
    open_db(copy).close()
    print(
        f"  its schema lacks {', '.join(pending)}: measured on a copy, migrated"
        f" ({time.perf_counter() - started:.0f} s); sizes read from the cached file, read-only"
    )
    try:
        return measure_point(copy, releases, False, qs, sizes_of=path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)


def report_releases(points: list[Point], queries_count: int) -> None:
    points.sort(key=lambda p: p.releases)
    print(f"\n1. archive size versus releases (MB = 10^6 bytes; dbstat; {queries_count} queries each)")
    print(
        f"{'releases':>10} {'file MB':>9} {'B/release':>9} {'FTS MB':>8} {'FTS %':>6} {'releases MB':>11}"
        f" {'rel idx MB':>10} {'keys MB':>8} {'side MB':>8} {'runs MB':>8} {'other MB':>8}"
        f" {'search set MB':>13}  origin"
    )
    for p in points:
        q = p.parts
        print(
            f"{p.releases:>10,} {p.file_bytes / 1e6:9.1f} {p.file_bytes / p.releases:9.0f}"
            f" {q['full-text indexes'] / 1e6:8.1f} {100 * q['full-text indexes'] / sum(q.values()):6.1f}"
            f" {q['releases'] / 1e6:11.1f} {q['releases indexes'] / 1e6:10.1f} {q['search keys'] / 1e6:8.1f}"
            f" {q['captures+versions+events'] / 1e6:8.1f} {q['crawl_runs'] / 1e6:8.1f}"
            f" {q['other'] / 1e6:8.1f} {sum(q[k] for k in SEARCH_SET) / 1e6:13.1f}"
            f"  {'built here' if p.built else 'cached'}"
        )
    xs = [float(p.releases) for p in points]
    fixed, per = fit_line(xs, [float(p.file_bytes) for p in points])
    _, fts_per = fit_line(xs, [float(p.parts["full-text indexes"]) for p in points])
    print(f"fit: file bytes = {fixed / 1e6:.1f} MB + {per:,.0f} B x releases")
    _, set_per = fit_line(xs, [float(sum(p.parts[k] for k in SEARCH_SET)) for p in points])
    print(f"  of which full-text indexes: {fts_per:,.0f} B x releases")
    print(f"  search set (full-text indexes, releases' indexes, search keys): {set_per:,.0f} B x releases")
    print(f"  extrapolation to 10,000,000 releases: {(fixed + per * 1e7) / 1e9:.0f} GB")
    print("\n2. search latency versus releases (ms; load average after each point's requests)")
    print(
        f"{'releases':>10} {'page p50':>9} {'page p95':>9} {'JSON p50':>9} {'JSON p95':>9}"
        f" {'failed':>6}  load"
    )
    for p in points:
        print(
            f"{p.releases:>10,} {p.page[0]:9.1f} {p.page[1]:9.1f} {p.json[0]:9.1f} {p.json[1]:9.1f}"
            f" {p.failures:6}  {p.load}"
        )
    if len(points) >= 2:
        for name, values in (
            ("search page", [p.page[1] for p in points]),
            ("stemmed JSON", [p.json[1] for p in points]),
        ):
            c, k = fit_power(xs, values)
            shape = "flat within the noise" if k < 0.05 else "sub-linear" if k < 0.9 else "about linear"
            print(
                f"fit: {name} p95 = {c:.2f} ms x releases^{k:.3f} ({shape});"
                f" extrapolation to 10,000,000 from a {max(xs) / min(xs):,.0f}-fold span: {c * 1e7**k:.0f} ms"
            )


# --- 3: nightly cost versus sources ---------------------------------------------------------------


@dataclass
class Night:
    sources: int
    label: str
    requests: int
    seconds: float
    cpu: float
    load: str


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


@dataclass
class Written:
    """What the first night of `sources` left: rows and bytes, and the largest process so far."""

    sources: int
    releases: int
    captures: int
    db_bytes: int
    warc_bytes: int
    rss_kib: int


def _written(sources: int, workdir: Path) -> Written:
    with closing(sqlite3.connect(workdir / "archive.db")) as conn:
        releases = conn.execute("SELECT count(*) FROM releases").fetchone()[0]
        captures = conn.execute("SELECT count(*) FROM captures").fetchone()[0]
    return Written(
        sources=sources,
        releases=releases,
        captures=captures,
        db_bytes=sum(f.stat().st_size for f in workdir.glob("archive.db*")),
        warc_bytes=_dir_bytes(workdir / "warc"),
        rss_kib=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )


def nights(counts: list[int], polite: int) -> None:
    rows: list[Night] = []
    written: list[Written] = []
    for sources in counts:
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)

            def after(row: Row, workdir: Path = workdir) -> None:
                label, per_source, seconds, cpu = row
                rows.append(Night(len(per_source), label, sum(per_source), seconds, cpu, load()))
                if label == NIGHTS[0][0]:
                    written.append(_written(len(per_source), workdir))
                print(f"{len(per_source)} sources, {label}: {sum(per_source)} requests, {seconds:.1f} s wall")

            run_nights(max(1, sources // 4), NIGHTS, workdir, after_each=after)
    print("\n3. nightly cost versus sources (copies of the demo mirror on 127.0.0.1, no download delay)")
    print(
        f"{'sources':>7} {'night':12} {'requests':>8} {'req/src':>7} {'wall s':>7} {'CPU s':>7}"
        f" {'CPU ms/req':>10}  load"
    )
    for r in rows:
        print(
            f"{r.sources:>7} {r.label:12} {r.requests:>8} {r.requests / r.sources:7.1f} {r.seconds:7.1f}"
            f" {r.cpu:7.1f} {1000 * r.cpu / max(1, r.requests):10.1f}  {r.load}"
        )
    for label, _ in NIGHTS:
        group = [r for r in rows if r.label == label]
        xs = [float(r.sources) for r in group]
        for name, ys in (
            ("wall s", [r.seconds for r in group]),
            ("CPU s", [r.cpu for r in group]),
            ("requests", [float(r.requests) for r in group]),
        ):
            fixed, per = fit_line(xs, ys)
            print(
                f"fit: {label} {name} = {fixed:.2f} + {per:.4f} x sources;"
                f" extrapolation to 10,000 such sources, no delay: {fixed + per * 10_000:,.0f}"
            )
    print(
        f"\n{'sources':>7} {'releases':>8} {'captures':>8} {'db MB':>7} {'WARC MB':>8}"
        f" {'WARC B/capture':>14} {'peak RSS MB':>11}"
    )
    for w in written:
        print(
            f"{w.sources:>7} {w.releases:>8} {w.captures:>8} {w.db_bytes / 1e6:7.2f}"
            f" {w.warc_bytes / 1e6:8.2f}"
            f" {w.warc_bytes / max(1, w.captures):14,.0f} {w.rss_kib / 1024:11.0f}"
        )
    print("  (after the first night; peak RSS: the largest child process so far, ru_maxrss)")
    if polite:
        with tempfile.TemporaryDirectory() as tmp:
            result, _ = run_nights(max(1, polite // 4), NIGHTS[:1], Path(tmp), settings=())
        label, per_source, seconds, cpu = result[0]
        print(
            f"first night at the crawl's own politeness (DOWNLOAD_DELAY=0.5, AutoThrottle), {len(per_source)}"
            f" sources: {sum(per_source)} requests (max {max(per_source)} per source), {seconds:.1f} s wall,"
            f" CPU {cpu:.1f} s; load {load()}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--releases", type=int, nargs="*", default=[2_000, 10_000, 30_000])
    parser.add_argument(
        "--existing", type=int, nargs="*", default=[50_000], help="cached bench_search archives to measure"
    )
    parser.add_argument("--sources", type=int, nargs="*", default=[4, 12, 24], help="multiples of 4")
    parser.add_argument("--polite", type=int, default=0, help="sources of a first night at full politeness")
    parser.add_argument("--queries", type=int, default=40, help="queries per length (1, 2, 3 words)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench" / "growth")
    args = parser.parse_args(argv)
    print(f"load average at start: {load()} ({os.cpu_count()} cores)")
    if args.sources:  # first: the peak RSS of the crawl's processes is not the servers' below
        nights(sorted(args.sources), args.polite)
    qs = queries(vocabulary(), args.queries)
    points: list[Point] = []
    args.workdir.mkdir(parents=True, exist_ok=True)
    try:
        for releases in args.releases:
            points.append(built_point(releases, args.workdir, qs))
        for releases in args.existing:
            point = existing_point(releases, args.workdir, qs)
            if point is not None:
                points.append(point)
    finally:
        shutil.rmtree(args.workdir, ignore_errors=True)
    if points:
        report_releases(points, len(qs))
    print(f"\nload average at the end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
